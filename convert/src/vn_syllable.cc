#include "vanban/convert/vn_syllable.h"

#include <unicode/uchar.h>

#include <array>
#include <unordered_map>
#include <unordered_set>

#include "vanban/convert/text.h"

namespace vanban {
namespace {

// Tone marks, in the order of the rows of kVowelRows.
enum Tone { kNgang = 0, kHuyen, kHoi, kNga, kSac, kNang };

// Each Vietnamese vowel letter with its five tone marks: ngang, huyền, hỏi, ngã, sắc, nặng.
constexpr std::array<std::u32string_view, 12> kVowelRows = {
    U"aàảãáạ", U"ăằẳẵắặ", U"âầẩẫấậ", U"eèẻẽéẹ", U"êềểễếệ", U"iìỉĩíị",
    U"oòỏõóọ", U"ôồổỗốộ", U"ơờởỡớợ", U"uùủũúụ", U"ưừửữứự", U"yỳỷỹýỵ",
};
// The consonant letters of the Vietnamese alphabet (f, j, w, z are not in it).
constexpr std::u32string_view kConsonants = U"bcdđghklmnpqrstvx";

// Onsets, spelled. "gi" and "qu" are spelled onsets: "giá" = gi + á, "quốc" = qu + ốc.
constexpr std::array<std::u32string_view, 28> kOnsets = {
    U"",  U"b",  U"c",   U"ch", U"d", U"đ",  U"g",  U"gh", U"gi", U"h", U"k",  U"kh", U"l", U"m",
    U"n", U"ng", U"ngh", U"nh", U"p", U"ph", U"qu", U"r",  U"s",  U"t", U"th", U"tr", U"v", U"x",
};

// Vowel clusters (glide + nucleus) and the codas each one takes; "-" stands for no coda. The
// semivowels i, y, o, u that close "ai", "ây", "ao", "iêu" are codas here.
struct RimeRow {
  std::u32string_view cluster;
  std::u32string_view codas;  // space-separated
};
constexpr std::array<RimeRow, 31> kRimes = {{
    {U"a", U"- c ch m n ng nh p t i o u y"},
    {U"ă", U"c m n ng p t"},
    {U"â", U"c m n ng p t u y"},
    {U"e", U"- c m n ng p t o"},
    {U"ê", U"- ch m n nh p t u"},
    {U"i", U"- ch m n nh p t u"},
    {U"ia", U"-"},
    {U"iê", U"c m n ng p t u"},
    {U"yê", U"m n ng t u"},
    {U"y", U"-"},
    {U"o", U"- c m n ng p t i"},
    {U"oo", U"c ng"},
    {U"ô", U"- c m n ng p t i"},
    {U"ơ", U"- m n p t i"},
    {U"u", U"- c m n ng p t i"},
    {U"ua", U"-"},
    {U"uô", U"c i m n ng t"},
    {U"ư", U"- c m n ng t i u"},
    {U"ưa", U"-"},
    {U"ươ", U"c i m n ng p t u"},
    // With the glide o / u ("hoa", "thuế", "tuyên").
    {U"oa", U"- c ch i m n ng nh p t o y"},
    {U"oă", U"c m n ng t"},
    {U"oe", U"- c m n t o"},
    {U"uâ", U"n ng t y"},
    {U"uê", U"- ch n nh t"},
    {U"uy", U"- ch n nh p t"},
    {U"uya", U"-"},
    {U"uyu", U"-"},
    {U"uyê", U"n t"},
    {U"uơ", U"-"},
    {U"ue", U"-"},  // only after qu- is it written so; see OnsetFits
}};

struct Rime {
  std::u32string_view cluster;
  std::u32string coda;
};

struct Tables {
  std::unordered_map<char32_t, std::pair<char32_t, int>> letters;  // lowercase -> base, tone
  std::unordered_map<std::u32string, Rime> rimes;                  // spelled rime (no tone)
  std::unordered_set<std::string> abbreviations;                   // as written
  std::unordered_set<std::string> loanwords;                       // lowercase
};

const Tables& GetTables() {
  static const Tables tables = [] {
    Tables t;
    for (std::u32string_view row : kVowelRows) {
      for (size_t tone = 0; tone < row.size(); ++tone) {
        t.letters[row[tone]] = {row[0], static_cast<int>(tone)};
      }
    }
    for (char32_t c : kConsonants) t.letters[c] = {c, kNgang};
    for (const RimeRow& r : kRimes) {
      std::u32string_view codas = r.codas;
      while (!codas.empty()) {
        size_t sp = codas.find(U' ');
        std::u32string_view coda = codas.substr(0, sp);
        std::u32string c = coda == U"-" ? std::u32string() : std::u32string(coda);
        t.rimes.emplace(std::u32string(r.cluster) + c, Rime{r.cluster, c});
        codas = sp == std::u32string_view::npos ? std::u32string_view() : codas.substr(sp + 1);
      }
    }
    // Abbreviations that the initialism rule (IsInitialism) does not cover: mixed case, or
    // written with a slash. Uppercase ones are listed for the record; the rule admits them too.
    // Document types and copies from Phụ lục III of Nghị định 30/2020, powers of signature.
    for (const char* a : {"TTr", "CTr",  "QyĐ",  "TrS",  "V/v",   "T/M",   "Tp",   "ThS",   "TS",
                          "PGS", "GS",   "TTg",  "UBND", "HĐND",  "QĐ",    "NĐ",   "CP",    "NQ",
                          "TT",  "TTLT", "CT",   "TB",   "HD",    "KH",    "BC",   "TM",    "KT",
                          "TL",  "TUQ",  "VBHN", "QH",   "ASEAN", "COVID", "OCOP", "UNESCO"}) {
      t.abbreviations.insert(a);
    }
    // Foreign words that official documents use as they are, and the Central Highlands place
    // names that are not spelled as Vietnamese syllables (Đắk Lắk).
    for (const char* w :
         {"internet",   "website", "web",    "email",      "online", "offline", "facebook", "zalo",
          "youtube",    "tiktok",  "google", "fax",        "wifi",   "video",   "camera",   "file",
          "smartphone", "server",  "cloud",  "blockchain", "data",   "đắk",     "lắk"}) {
      t.loanwords.insert(w);
    }
    return t;
  }();
  return tables;
}

bool IsUpper(char32_t c) { return LowerCodepoint(c) != c; }

bool IsWordChar(char32_t c) {
  UChar32 u = static_cast<UChar32>(c);
  return u_isalnum(u) || (U_GET_GC_MASK(u) & U_GC_M_MASK) != 0;
}

bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool StartsWith(std::u32string_view s, std::u32string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

// Whether `onset` may precede `rime` (spelling rules; "k" before front vowels, "c" elsewhere).
bool OnsetFits(std::u32string_view onset, const Rime& rime, std::u32string_view spelled) {
  char32_t f = spelled.front();
  bool front = f == U'i' || f == U'e' || f == U'ê' || f == U'y';
  bool glide = rime.cluster.size() >= 2 && (rime.cluster[0] == U'o' || rime.cluster[0] == U'u') &&
               rime.cluster != U"oo" && rime.cluster != U"ua" && rime.cluster != U"uô";
  if (rime.cluster == U"ue") return onset == U"qu";  // "que"; elsewhere "uê" or "oe"
  if (rime.cluster == U"yê") return onset.empty() || onset == U"qu";  // else spelled "iê"
  if (rime.cluster == U"iê" && onset.empty()) return false;           // spelled "yê"
  // "k" also comes before back vowels in place names (Bắc Kạn, Kon Tum).
  if (onset == U"gh" || onset == U"ngh") return f == U'i' || f == U'e' || f == U'ê';
  if (onset == U"c") return !front && !glide;
  if (onset == U"ng") return !front;
  if (onset == U"g") return f != U'e' && f != U'ê' && f != U'y';
  if (onset == U"qu") return f != U'o' && f != U'u' && f != U'ư';
  return true;
}

// `lower`: lowercase NFC letters.
bool IsSyllableLower(std::u32string_view lower) {
  const Tables& t = GetTables();
  std::u32string spelled;
  spelled.reserve(lower.size());
  int tone = kNgang;
  for (char32_t c : lower) {
    auto it = t.letters.find(c);
    if (it == t.letters.end()) return false;
    if (it->second.second != kNgang) {
      if (tone != kNgang) return false;  // two tone marks
      tone = it->second.second;
    }
    spelled += it->second.first;
  }
  auto try_onset = [&](std::u32string_view onset) {
    if (!StartsWith(spelled, onset) || spelled.size() == onset.size()) return false;
    std::u32string_view rest = std::u32string_view(spelled).substr(onset.size());
    auto it = t.rimes.find(std::u32string(rest));
    if (it == t.rimes.end()) return false;
    const Rime& rime = it->second;
    if (!OnsetFits(onset, rime, rest)) return false;
    // A syllable closed by a stop carries sắc or nặng.
    bool stop = rime.coda == U"c" || rime.coda == U"ch" || rime.coda == U"p" || rime.coda == U"t";
    return !stop || tone == kSac || tone == kNang;
  };
  for (std::u32string_view onset : kOnsets) {
    if (try_onset(onset)) return true;
  }
  return false;
}

// Lowercase, Capitalised or UPPERCASE.
bool HasWordCase(std::u32string_view w) {
  bool rest_upper = true, rest_lower = true;
  for (size_t i = 1; i < w.size(); ++i) {
    if (IsUpper(w[i])) {
      rest_lower = false;
    } else {
      rest_upper = false;
    }
  }
  return rest_lower || (rest_upper && IsUpper(w[0]));
}

std::u32string Lower(std::u32string_view w) {
  std::u32string out(w);
  for (char32_t& c : out) c = LowerCodepoint(c);
  return out;
}

bool IsSyllable(std::u32string_view w) {
  if (w.empty() || !HasWordCase(w)) return false;
  return IsSyllableLower(Lower(w));
}

// Roman numerals (chapter and section numbers: "Chương IV", "XIV"), canonical forms only.
bool IsRomanNumeral(std::u32string_view w) {
  static constexpr std::array<std::pair<int, std::u32string_view>, 13> kParts = {{
      {1000, U"M"},
      {900, U"CM"},
      {500, U"D"},
      {400, U"CD"},
      {100, U"C"},
      {90, U"XC"},
      {50, U"L"},
      {40, U"XL"},
      {10, U"X"},
      {9, U"IX"},
      {5, U"V"},
      {4, U"IV"},
      {1, U"I"},
  }};
  if (w.empty() || w.size() > 12) return false;
  int value = 0;
  std::u32string_view rest = w;
  for (const auto& [v, s] : kParts) {
    int repeats = 0;
    while (StartsWith(rest, s) && repeats < 3) {
      value += v;
      rest.remove_prefix(s.size());
      ++repeats;
      if (s.size() == 2 || v == 5 || v == 50 || v == 500) break;  // these never repeat
    }
  }
  return rest.empty() && value > 0;
}

// An uppercase initialism of a body's or unit's name (UBND, KGVX, STTTT, ĐBQH): 2-7 plain
// capitals (Đ included) with at most one vowel. Vietnamese syllables always have a vowel
// nucleus and OCR garbage is rarely an all-capital, diacritic-free run with few vowels;
// initialisms with more vowels (ASEAN) are listed.
bool IsInitialism(std::u32string_view w) {
  if (w.size() < 2 || w.size() > 7) return false;
  int vowels = 0;
  for (char32_t c : w) {
    if (c == U'Đ') continue;
    if (c < U'A' || c > U'Z') return false;
    if (c == U'A' || c == U'E' || c == U'I' || c == U'O' || c == U'U' || c == U'Y') ++vowels;
  }
  return vowels <= 1;
}

// Numbers and codes with digits ("2026", "QH14", "4G", "24h", "m2") are not words; lowercase
// letters mixed into digits otherwise ("đ1ều", "c0ng", "l2") are misreadings.
WordKind ClassifyWithDigits(std::u32string_view w) {
  int lower = 0;
  for (char32_t c : w) {
    if (!IsAsciiDigit(c) && !IsUpper(c)) ++lower;
  }
  if (lower == 0) return WordKind::kSkipped;                             // QH14, 4G, H5N1
  if (IsAsciiDigit(w.front()) && lower <= 3) return WordKind::kSkipped;  // 24h, 10km, 100m2
  for (std::u32string_view unit : {U"m2", U"m3", U"cm2", U"cm3", U"km2", U"mm2"}) {
    if (w == unit) return WordKind::kSkipped;
  }
  return WordKind::kInvalid;
}

WordKind Classify(std::u32string_view w) {
  const Tables& t = GetTables();
  if (w.empty()) return WordKind::kSkipped;
  bool digits = false, letters = false;
  for (char32_t c : w) {
    if (u_isdigit(static_cast<UChar32>(c))) {
      digits = true;
    } else {
      letters = true;
    }
  }
  if (!letters) return WordKind::kSkipped;
  if (digits) return ClassifyWithDigits(w);
  if (IsSyllable(w)) return WordKind::kSyllable;
  std::string utf8 = ToUtf8(w);
  if (t.abbreviations.count(utf8) != 0) return WordKind::kAbbreviation;
  if (t.loanwords.count(ToUtf8(Lower(w))) != 0) return WordKind::kLoanword;  // YouTube too
  if (IsRomanNumeral(w)) return WordKind::kSkipped;
  if (IsInitialism(w)) return WordKind::kAbbreviation;
  if (w.size() == 1) return WordKind::kSkipped;  // list labels and references: "điểm b"
  return WordKind::kInvalid;
}

bool IsSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)) != 0; }

// A URL, an e-mail address or a bare host name ("csdl.tphcm.gov.vn"): not words.
bool IsAddress(std::u32string_view chunk) {
  std::u32string l = Lower(chunk);
  if (l.find(U"://") != std::u32string::npos || StartsWith(l, U"www.")) return true;
  size_t at = l.find(U'@');
  if (at != std::u32string::npos && l.find(U'.', at) != std::u32string::npos) return true;
  for (std::u32string_view tld : {U".vn", U".com", U".org", U".net", U".gov", U".edu"}) {
    size_t p = l.find(tld);
    if (p == std::u32string::npos || p == 0) continue;
    size_t end = p + tld.size();
    if (end == l.size() || !IsWordChar(l[end])) return true;
  }
  return false;
}

template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
  std::u32string u = ToU32(NormalizeNfc(text));
  size_t i = 0;
  while (i < u.size()) {
    while (i < u.size() && IsSpace(u[i])) ++i;
    size_t start = i;
    while (i < u.size() && !IsSpace(u[i])) ++i;
    std::u32string_view chunk = std::u32string_view(u).substr(start, i - start);
    // Punctuation around the chunk: "(V/v", "UBND;", "https://x.vn)."
    while (!chunk.empty() && !IsWordChar(chunk.front())) chunk.remove_prefix(1);
    while (!chunk.empty() && !IsWordChar(chunk.back())) chunk.remove_suffix(1);
    if (chunk.empty()) continue;
    if (IsAddress(chunk)) {
      fn(chunk, WordKind::kSkipped);
      continue;
    }
    if (GetTables().abbreviations.count(ToUtf8(chunk)) != 0) {
      fn(chunk, WordKind::kAbbreviation);
      continue;
    }
    size_t k = 0;
    while (k < chunk.size()) {
      while (k < chunk.size() && !IsWordChar(chunk[k])) ++k;
      size_t b = k;
      while (k < chunk.size() && IsWordChar(chunk[k])) ++k;
      if (k > b) {
        std::u32string_view w = chunk.substr(b, k - b);
        fn(w, Classify(w));
      }
    }
  }
}

}  // namespace

bool IsVietnameseSyllableLower(std::u32string_view lower_nfc) { return IsSyllableLower(lower_nfc); }

bool IsVietnameseSyllable(std::string_view word) { return IsSyllable(ToU32(NormalizeNfc(word))); }

WordKind ClassifyWord(std::string_view token) { return Classify(ToU32(NormalizeNfc(token))); }

SyllableCount CountSyllables(std::string_view text) {
  SyllableCount n;
  ForEachWord(text, [&](std::u32string_view, WordKind k) {
    switch (k) {
      case WordKind::kSyllable:
      case WordKind::kAbbreviation:
      case WordKind::kLoanword:
        ++n.valid;
        break;
      case WordKind::kSkipped:
        ++n.skipped;
        break;
      case WordKind::kInvalid:
        ++n.invalid;
        break;
    }
  });
  return n;
}

std::vector<std::string> InvalidWords(std::string_view text) {
  std::vector<std::string> out;
  ForEachWord(text, [&](std::u32string_view w, WordKind k) {
    if (k == WordKind::kInvalid) out.push_back(ToUtf8(w));
  });
  return out;
}

}  // namespace vanban
