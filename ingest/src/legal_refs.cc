#include "legal_refs.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <iterator>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "authority.h"
#include "doc_number.h"
#include "doc_text.h"
#include "vanban/convert/text.h"
#include "vn_date.h"

namespace vanban::metadata_internal {
namespace {

constexpr size_t kNpos = U32::npos;

// Bounds (docs/metadata.md, "Bounds"): every look-ahead and look-behind is limited, so each
// reader is linear in the text.
constexpr size_t kMaxExcerpt = 300;         // characters of an excerpt
constexpr size_t kMaxSegmentChars = 12000;  // one block of Căn cứ lines
constexpr size_t kMaxSummaryChars = 4000;
constexpr size_t kMaxMentions = 100000;
constexpr size_t kMaxBases = 1000;
constexpr size_t kMaxRelations = 2000;
constexpr size_t kMaxTargetsPerClause = 200;
constexpr size_t kMaxTitleWordsBase = 40;   // a title in a Căn cứ item
constexpr size_t kMaxTitleWordsBody = 15;   // a law named in running text
constexpr size_t kMaxNameLookahead = 16;    // words between a law's type word and "số"
constexpr size_t kMaxGapWords = 20;         // words between a trigger and its first target
constexpr size_t kMaxAnnexedGapWords = 80;  // ... when the target is "ban hành kèm theo" it
constexpr size_t kMaxNoiNhanLines = 150;
constexpr size_t kHeaderLines = 80;   // the header is looked for this far (docs/metadata.md)
constexpr size_t kMaxHeadWords = 40;  // words of a Căn cứ item before the document it cites

// ---------------------------------------------------------------------------------------------
// Text: the characters as written and their folded form (lowercase, no diacritics, dashes as
// '-'), position for position.

struct Text {
  U32 t;
  U32 f;
  size_t size() const { return t.size(); }
};

Text MakeText(U32View s) {
  Text x;
  x.t = U32(s);
  x.f = Fold(x.t);
  for (size_t i = 0; i < x.t.size(); ++i) {
    char32_t c = x.t[i];
    if (IsDash(c)) {
      x.f[i] = '-';
    } else if (c == 0xD0 || c == 0xF0) {
      x.f[i] = 'd';  // OCR reads "Đ" as the Icelandic eth
    } else if (c == '\t' || IsSpace(c)) {
      x.f[i] = c == '\n' ? '\n' : ' ';
    }
  }
  return x;
}

char32_t Ch(std::string_view s, size_t i) {
  return static_cast<char32_t>(static_cast<unsigned char>(s[i]));
}

bool IsWc(char32_t c) { return IsLetter(c) || IsDigit(c); }

size_t SkipWs(const Text& x, size_t i) {
  while (i < x.size() && IsSpace(x.t[i])) ++i;
  return i;
}

// Just after the last non-space character before i.
size_t BackWs(const Text& x, size_t i) {
  while (i > 0 && IsSpace(x.t[i - 1])) --i;
  return i;
}

size_t WordEnd(const Text& x, size_t i) {
  while (i < x.size() && IsWc(x.t[i])) ++i;
  return i;
}

// A line break in [b, e) (callers pass a run of whitespace).
bool HasNewline(const Text& x, size_t b, size_t e) {
  for (size_t k = b; k < e && k < x.size(); ++k) {
    if (x.t[k] == '\n') return true;
  }
  return false;
}

// Specks OCR leaves around words: a dot, a comma, a tick, a bar.
bool IsSpeck(char32_t c) {
  return c == '.' || c == ',' || c == ':' || c == '_' || c == '\'' || c == '`' || c == '|' ||
         c == 0x2018 || c == 0x2019;
}

// Specks that land between the words of a name ("Ủy ban:\nnhân dân", "Ủy ban ©\nnhân dân");
// sentence punctuation is not among them.
bool IsSoftSpeck(char32_t c) {
  return c == ':' || c == '_' || c == '`' || c == '|' || c == '\'' || c == 0x2018 || c == 0x2019 ||
         c == 0xA9 || c == 0xAE || c == '*' || c == '^' || c == '~';
}

// Specks before a line's first word (". Căn cứ", "- Sau khi xem xét", "'QUYẾT NGHỊ:"): how
// many characters to skip to reach it (0 when it is not a capitalised word).
size_t SkipSpecks(U32View s) {
  size_t k = 0;
  while (k < s.size() && k < 4 && (IsSpace(s[k]) || IsSpeck(s[k]) || IsDash(s[k]))) ++k;
  return k < s.size() && IsUpperLetter(s[k]) ? k : 0;
}

bool AtWordStart(const Text& x, size_t i) {
  return i < x.size() && IsWc(x.t[i]) && (i == 0 || !IsWc(x.t[i - 1]));
}

// Matches the folded ASCII `key` at i; a space in the key matches any run of whitespace, line
// breaks included (and soft specks within it). Returns the end of the match or kNpos.
size_t Match(const Text& x, size_t i, std::string_view key) {
  size_t j = i;
  for (size_t k = 0; k < key.size(); ++k) {
    if (key[k] == ' ') {
      size_t spaces = 0;
      for (size_t n = 0; j < x.size() && (IsSpace(x.f[j]) || IsSoftSpeck(x.t[j])) && n < 8; ++n) {
        spaces += IsSpace(x.f[j]) ? 1 : 0;
        ++j;
      }
      if (spaces == 0) return kNpos;
      while (j < x.size() && IsSpace(x.f[j])) ++j;
      continue;
    }
    if (j >= x.size() || x.f[j] != Ch(key, k)) return kNpos;
    ++j;
  }
  if (!key.empty() && IsWc(Ch(key, key.size() - 1)) && j < x.size() && IsWc(x.f[j])) return kNpos;
  return j;
}

// Words compared with their diacritics (lowercase): short words fold together ("Tại" and
// "Tài" are both "tai").
bool MatchExact(const Text& x, size_t k, std::u32string_view words) {
  size_t j = k;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == ' ') {
      if (j >= x.size() || !IsSpace(x.t[j])) return false;
      j = SkipWs(x, j);
      continue;
    }
    if (j >= x.size() || LowerCodepoint(x.t[j]) != words[i]) return false;
    ++j;
  }
  return j >= x.size() || !IsWc(x.t[j]);
}

// Start of `key` when the folded text right before `end` (spaces skipped) ends with it.
size_t MatchBefore(const Text& x, size_t end, std::string_view key) {
  size_t j = BackWs(x, end);
  size_t k = key.size();
  while (k > 0) {
    if (key[k - 1] == ' ') {
      if (j == 0 || !IsSpace(x.f[j - 1])) return kNpos;
      j = BackWs(x, j);
      --k;
      continue;
    }
    if (j == 0 || x.f[j - 1] != Ch(key, k - 1)) return kNpos;
    --j;
    --k;
  }
  if (!key.empty() && IsWc(Ch(key, 0)) && j > 0 && IsWc(x.f[j - 1])) return kNpos;
  return j;
}

// The folded word that ends right before p (spaces skipped); empty when punctuation stands
// there. *start receives its position.
U32View PrevWord(const Text& x, size_t p, size_t* start = nullptr) {
  size_t e = BackWs(x, p);
  size_t b = e;
  while (b > 0 && IsWc(x.f[b - 1]) && e - b < 40) --b;
  if (start) *start = b;
  return U32View(x.f).substr(b, e - b);
}

bool FoldedIs(U32View w, std::string_view key) {
  if (w.size() != key.size()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    if (w[i] != Ch(key, i)) return false;
  }
  return true;
}

template <size_t N>
bool FoldedIn(U32View w, const std::string_view (&keys)[N]) {
  for (std::string_view k : keys) {
    if (FoldedIs(w, k)) return true;
  }
  return false;
}

U32 Slice(const Text& x, size_t b, size_t e) {
  e = std::min(e, x.size());
  if (b >= e) return {};
  return CollapseSpaces(U32View(x.t).substr(b, e - b));
}

std::string Out(U32View s) { return NormalizeNfc(ToUtf8Str(CollapseSpaces(s))); }

// At most kMaxExcerpt characters; when `keep_end`, the end is kept (it holds the target).
std::string Excerpt(const Text& x, size_t b, size_t e, bool keep_end) {
  U32 s = Slice(x, b, e);
  if (s.size() > kMaxExcerpt) {
    s = keep_end ? Trim(U32View(s).substr(s.size() - kMaxExcerpt))
                 : Trim(U32View(s).substr(0, kMaxExcerpt));
  }
  return Out(s);
}

// "." that ends a sentence or a heading number ("Điều 2."), not an abbreviation ("TP. Hồ Chí
// Minh") or a decimal point.
bool IsSentenceDot(const Text& x, size_t k) {
  if (k >= x.size() || x.t[k] != '.') return false;
  if (k + 1 < x.size() && !IsSpace(x.t[k + 1])) return false;
  static constexpr std::string_view kAbbrev[] = {"tp",  "tx",  "tt", "q",   "p",  "ts",
                                                 "ths", "pgs", "gs", "ong", "ba", "v"};
  if (k == 0) return true;
  if (IsSpace(x.t[k - 1])) return false;  // an OCR speck ("Đoàn đại biểu .")
  // A sentence goes on after a speck: "ngày 31 tháng. 12 năm 2020", "văn bản. quy phạm".
  size_t n = k + 1;
  while (n < x.size() && x.t[n] == ' ') ++n;
  if (n < x.size() && (IsLowerLetter(x.t[n]) || IsDigit(x.t[n]))) return false;
  if (!IsWc(x.t[k - 1])) return true;
  return !FoldedIn(PrevWord(x, k), kAbbrev);
}

// ":" that introduces something, not OCR's speck after a word that needs its complement
// ("của: Ủy ban ...") or the label of a number ("số: 43/2014/NĐ-CP").
bool IsColonBreak(const Text& x, size_t k) {
  if (k == 0 || IsSpace(x.t[k - 1])) return false;
  static constexpr std::string_view kGlue[] = {"cua", "so", "ngay", "tai", "va", "theo"};
  return !FoldedIn(PrevWord(x, k), kGlue);
}

// Folded word `w` is `key` or one letter off it (OCR: "thứng", "tbang" for "tháng").
bool NearWord(U32View w, std::string_view key) {
  if (w.size() + 1 < key.size() || w.size() > key.size() + 1) return false;
  size_t i = 0;
  while (i < w.size() && i < key.size() && w[i] == Ch(key, i)) ++i;
  size_t a = w.size();
  size_t b = key.size();
  while (a > i && b > i && w[a - 1] == Ch(key, b - 1)) --a, --b;
  return a - i <= 1 && b - i <= 1;
}

// A date at k ("ngày 05 tháng 3 năm 2020", "ngày 5/3/2020"), tolerating OCR: specks between
// the parts ("ngày .24 thang 01 nam 2019", "tháng — 4"), any short word for "tháng" and one
// wrong letter in "năm".
std::optional<VnDate> ReadDate(const Text& x, size_t k) {
  if (auto d = ParseVnDateAt(x.t, k, true)) return d;
  size_t e = Match(x, k, "ngay");
  if (e == kNpos) return std::nullopt;
  auto skip = [&x](size_t i) {
    for (size_t n = 0;
         i < x.size() && n < 6 && (IsSpace(x.t[i]) || IsSpeck(x.t[i]) || IsDash(x.t[i])); ++n) {
      ++i;
    }
    return i;
  };
  auto number = [&x](size_t* i, size_t min, size_t max, int* out) {
    size_t b = *i;
    int v = 0;
    while (*i < x.size() && IsDigit(x.t[*i]) && *i - b < max) v = v * 10 + (x.t[(*i)++] - '0');
    if (*i - b < min || (*i < x.size() && IsDigit(x.t[*i]))) return false;
    *out = v;
    return true;
  };
  auto word = [&x](size_t* i, std::string_view key) {
    size_t we = WordEnd(x, *i);
    if (we == *i || !NearWord(U32View(x.f).substr(*i, we - *i), key)) return false;
    *i = we;
    return true;
  };
  VnDate d;
  d.begin = k;
  size_t i = skip(e);
  if (!number(&i, 1, 2, &d.day)) return std::nullopt;
  i = skip(i);
  // "tháng" is the weakest part: OCR reads it "thứng", "đàng" ...; the day, the month, "năm"
  // and the year around it are enough.
  size_t we = WordEnd(x, i);
  if (we == i || we - i > 6 || IsDigit(x.t[i])) return std::nullopt;
  i = skip(we);
  if (!number(&i, 1, 2, &d.month)) return std::nullopt;
  i = skip(i);
  if (!word(&i, "nam")) return std::nullopt;
  i = skip(i);
  if (!number(&i, 4, 4, &d.year)) return std::nullopt;
  if (!IsValidDate(d.year, d.month, d.day)) return std::nullopt;
  d.end = i;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Document types as they are cited.

struct TypeWord {
  std::string_view key;
  std::u32string_view name;
  bool titled;  // may be cited by name, without a number, in a Căn cứ line
  bool law;     // a law-like name: also a relation target by name in the body
};

constexpr TypeWord kTypeWords[] = {
    {"nghi quyet lien tich", U"Nghị quyết liên tịch", false, false},
    {"thong tu lien tich", U"Thông tư liên tịch", false, false},
    {"van ban hop nhat", U"Văn bản hợp nhất", false, false},
    {"hien phap", U"Hiến pháp", true, true},
    {"bo luat", U"Bộ luật", true, true},
    {"luat", U"Luật", true, true},
    {"phap lenh", U"Pháp lệnh", true, true},
    {"sac lenh", U"Sắc lệnh", false, false},
    {"lenh", U"Lệnh", false, false},
    {"nghi quyet", U"Nghị quyết", true, false},
    {"nghi dinh", U"Nghị định", false, false},
    {"thong tu", U"Thông tư", false, false},
    {"quyet dinh", U"Quyết định", false, false},
    {"chi thi", U"Chỉ thị", false, false},
    {"quy che", U"Quy chế", true, false},
    {"quy dinh", U"Quy định", false, false},
    {"thong cao", U"Thông cáo", false, false},
    {"thong bao", U"Thông báo", false, false},
    {"thong tri", U"Thông tri", false, false},
    {"huong dan", U"Hướng dẫn", false, false},
    {"chuong trinh", U"Chương trình", false, false},
    {"ke hoach", U"Kế hoạch", false, false},
    {"phuong an", U"Phương án", false, false},
    {"de an", U"Đề án", false, false},
    {"bao cao", U"Báo cáo", false, false},
    {"bien ban", U"Biên bản", false, false},
    {"to trinh", U"Tờ trình", false, false},
    {"cong van", U"Công văn", false, false},
    {"cong dien", U"Công điện", false, false},
    {"ket luan", U"Kết luận", false, false},
    {"dieu le", U"Điều lệ", true, false},
    {"giay moi", U"Giấy mời", false, false},
    {"van ban", U"Văn bản", false, false},
};

struct TypeHit {
  size_t index = 0;
  size_t end = 0;
};

// A type word at i (the longest), capitalised when `need_capital`.
std::optional<TypeHit> TypeWordAt(const Text& x, size_t i, bool need_capital) {
  if (!AtWordStart(x, i)) return std::nullopt;
  if (need_capital && !IsUpperLetter(x.t[i])) return std::nullopt;
  char32_t c = x.f[i];
  if (c != 'n' && c != 't' && c != 'v' && c != 'h' && c != 'b' && c != 'l' && c != 'p' &&
      c != 's' && c != 'q' && c != 'c' && c != 'k' && c != 'd' && c != 'g') {
    return std::nullopt;
  }
  std::optional<TypeHit> best;
  for (size_t k = 0; k < std::size(kTypeWords); ++k) {
    size_t e = Match(x, i, kTypeWords[k].key);
    if (e != kNpos && (!best || e > best->end)) best = TypeHit{k, e};
  }
  // "Luật sư" is a lawyer.
  if (best && kTypeWords[best->index].key == "luat") {
    size_t n = SkipWs(x, best->end);
    if (Match(x, n, "su") != kNpos) return std::nullopt;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Numbers.

struct Num {
  size_t begin = 0;
  size_t end = 0;
  U32 norm;
  bool repaired = false;  // OCR damage mended (QD -> QĐ, eth, a missing "/")
};

bool IsPartStart(char32_t c) { return IsDigit(c) || IsUpperLetter(c); }
bool IsPartChar(char32_t c) { return IsLetter(c) || IsDigit(c) || c == '&' || c == '.'; }

bool IsYearPart(U32View s) {
  if (s.size() != 4) return false;
  for (char32_t c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Reads one separator and part at `end` ("/2020", "-CP", "/ NĐ", "-\nCP"); the separator must
// sit on the line of the part before it. Returns false when there is none.
bool ReadPart(const Text& x, size_t* end, U32* raw, bool* slash) {
  const U32& t = x.t;
  size_t k = *end;
  while (k < t.size() && t[k] == ' ') ++k;
  if (k >= t.size() || !(t[k] == '/' || IsDash(t[k]))) return false;
  char32_t sep = t[k] == '/' ? U'/' : U'-';
  ++k;
  size_t breaks = 0;
  while (k < t.size() && IsSpace(t[k])) {
    if (t[k] == '\n') ++breaks;
    ++k;
  }
  if (k < t.size() && (t[k] == 0x2018 || t[k] == 0x2019 || t[k] == '\'' || t[k] == '`')) {
    ++k;  // OCR: "09/2019/ND- ‘CP"
    while (k < t.size() && t[k] == ' ') ++k;
  }
  if (breaks > 1 || k >= t.size() || !IsPartStart(t[k])) return false;
  size_t b = k;
  while (k < t.size() && k - b < 24) {
    if (IsPartChar(t[k])) {
      ++k;
    } else if (t[k] == ' ' && t[k - 1] == '&' && k + 1 < t.size() && IsUpperLetter(t[k + 1])) {
      ++k;  // "QLN& TTBĐS"
    } else {
      break;
    }
  }
  size_t e = k;
  while (e > b && t[e - 1] == '.') --e;
  if (e == b) return false;
  raw->push_back(sep);
  raw->append(t, b, e - b);
  if (sep == '/') *slash = true;
  *end = e;
  return true;
}

// A document number starting at i: "30/2020/NĐ-CP", "123/UBND-KT", "15-NQ/HU", with stray
// spaces around the separators and a line break after one. Dates and fractions ("19/01/2011",
// "31/31") are not numbers: some part must carry a capital letter.
std::optional<Num> ReadNum(const Text& x, size_t i) {
  const U32& t = x.t;
  if (i >= t.size() || !IsDigit(t[i])) return std::nullopt;
  if (i > 0 && (IsWc(t[i - 1]) || t[i - 1] == '/' || t[i - 1] == '.')) return std::nullopt;
  size_t j = i;
  while (j < t.size() && IsDigit(t[j])) {
    if (++j - i > 6) return std::nullopt;
  }
  if (j + 1 < t.size() && t[j] >= 'a' && t[j] <= 'z' && (t[j + 1] == '/' || IsDash(t[j + 1]))) {
    ++j;  // "123a/QĐ-UBND"
  }
  U32 raw(t.substr(i, j - i));
  size_t end = j;
  bool slash = false;
  size_t parts = 1;
  while (parts < 8 && end - i < 80 && ReadPart(x, &end, &raw, &slash)) ++parts;
  bool repaired = false;
  auto has_capital = [&raw] {
    for (char32_t c : raw) {
      if (IsUpperLetter(c)) return true;
    }
    return false;
  };
  // "148/2020 NĐ-CP": the "/" before the type code lost.
  if (slash && !has_capital() && parts == 2 &&
      IsYearPart(U32View(raw).substr(raw.rfind('/') + 1)) && end + 1 < t.size() && t[end] == ' ' &&
      IsUpperLetter(t[end + 1])) {
    size_t k = end + 1;
    while (k < t.size() && IsUpperLetter(t[k]) && k - end < 10) ++k;
    if (k - end > 2 && k < t.size() && IsDash(t[k])) {
      U32 more = U"/" + U32(t.substr(end + 1, k - end - 1));
      size_t e2 = k;
      bool s2 = false;
      if (ReadPart(x, &e2, &more, &s2)) {
        while (e2 - i < 80 && ReadPart(x, &e2, &more, &s2)) {
        }
        raw += more;
        end = e2;
        repaired = true;
      }
    }
  }
  if (!slash || !has_capital()) return std::nullopt;
  bool eth = false;
  for (char32_t& c : raw) {
    if (c == 0xD0 || c == 0xF0) {
      c = c == 0xD0 ? U'Đ' : U'đ';
      eth = true;
    }
  }
  U32 norm = NormalizeNumber(raw);
  if (norm.empty()) return std::nullopt;
  // OCR drops the stroke of Đ in codes that only exist with it: "712/CD-TTg" (Công điện),
  // "36-KH/DU" (Đảng ủy).
  for (size_t k = 1; k + 2 <= norm.size(); ++k) {
    bool starts = norm[k - 1] == '/' || norm[k - 1] == '-';
    bool ends = k + 2 == norm.size() || norm[k + 2] == '-' || norm[k + 2] == '/';
    if (!starts || !ends) continue;
    if (norm[k] == 'C' && norm[k + 1] == 'D' && k + 2 < norm.size() && norm[k + 2] == '-') {
      norm[k + 1] = U'Đ';
    } else if (norm[k] == 'D' && norm[k + 1] == 'U' && norm[k - 1] == '/' && k + 2 == norm.size()) {
      norm[k] = U'Đ';
    }
  }
  U32 plain;
  for (char32_t c : raw) {
    if (!IsSpace(c)) plain.push_back(c);
  }
  if (eth || plain != norm) repaired = true;
  return Num{i, end, std::move(norm), repaired};
}

// "số" (OCR: "sô", "so"), not "sở" or "sổ".
bool IsSoLabel(const Text& x, size_t k) {
  if (k + 1 >= x.size() || x.f[k] != 's' || x.f[k + 1] != 'o') return false;
  char32_t o = x.t[k + 1];
  return o == U'ố' || o == U'Ố' || o == U'ô' || o == U'Ô' || o == 'o' || o == 'O';
}

// "số 12/...", "số: 12/...", "Số12/...", or the number itself, at i.
std::optional<Num> ReadLabelledNum(const Text& x, size_t i, bool allow_unlabelled) {
  size_t k = i;
  size_t e = IsSoLabel(x, k) ? Match(x, k, "so") : kNpos;
  if (e == kNpos && k + 2 < x.size() && IsSoLabel(x, k) && IsDigit(x.t[k + 2]) &&
      AtWordStart(x, k)) {
    e = k + 2;
  }
  if (e != kNpos) {
    k = SkipWs(x, e);
    if (k + 1 < x.size() && (x.t[k] == ':' || x.t[k] == '.' || IsDash(x.t[k]))) {
      k = SkipWs(x, k + 1);  // "số: 43/...", OCR's "số-48/..."
    }
  } else if (!allow_unlabelled) {
    return std::nullopt;
  }
  return ReadNum(x, k);
}

U32 NumberKey(U32View norm) { return Fold(norm); }

// ---------------------------------------------------------------------------------------------
// Issuing bodies named in running text ("của Chính phủ", "của Bộ trưởng Bộ Nội vụ", "của
// UBND tỉnh").

struct Phrase {
  std::string_view key;
  std::u32string_view name;
};

// Bodies with a fixed name. The longest match wins.
constexpr Phrase kFixedBodies[] = {
    {"uy ban thuong vu quoc hoi", U"Ủy ban Thường vụ Quốc hội"},
    {"quoc hoi", U"Quốc hội"},
    {"thu tuong chinh phu", U"Thủ tướng Chính phủ"},
    {"van phong chinh phu", U"Văn phòng Chính phủ"},
    {"thanh tra chinh phu", U"Thanh tra Chính phủ"},
    {"chinh phu", U"Chính phủ"},
    {"chu tich nuoc", U"Chủ tịch nước"},
    {"van phong chu tich nuoc", U"Văn phòng Chủ tịch nước"},
    {"van phong quoc hoi", U"Văn phòng Quốc hội"},
    {"bo chinh tri", U"Bộ Chính trị"},
    {"ban bi thu", U"Ban Bí thư"},
    {"ban chap hanh trung uong dang", U"Ban Chấp hành Trung ương Đảng"},
    {"ban chap hanh trung uong", U"Ban Chấp hành Trung ương"},
    {"van phong trung uong dang", U"Văn phòng Trung ương Đảng"},
    {"ban to chuc trung uong", U"Ban Tổ chức Trung ương"},
    {"ban tuyen giao trung uong", U"Ban Tuyên giáo Trung ương"},
    {"ban tuyen giao va dan van trung uong", U"Ban Tuyên giáo và Dân vận Trung ương"},
    {"ban dan van trung uong", U"Ban Dân vận Trung ương"},
    {"ban noi chinh trung uong", U"Ban Nội chính Trung ương"},
    {"ban kinh te trung uong", U"Ban Kinh tế Trung ương"},
    {"ban chinh sach, chien luoc trung uong", U"Ban Chính sách, chiến lược Trung ương"},
    {"uy ban kiem tra trung uong", U"Ủy ban Kiểm tra Trung ương"},
    {"toa an nhan dan toi cao", U"Tòa án nhân dân tối cao"},
    {"hoi dong tham phan toa an nhan dan toi cao", U"Hội đồng Thẩm phán Tòa án nhân dân tối cao"},
    {"vien kiem sat nhan dan toi cao", U"Viện kiểm sát nhân dân tối cao"},
    {"kiem toan nha nuoc", U"Kiểm toán nhà nước"},
    {"ngan hang nha nuoc viet nam", U"Ngân hàng Nhà nước Việt Nam"},
    {"ngan hang nha nuoc", U"Ngân hàng Nhà nước"},
    {"bao hiem xa hoi viet nam", U"Bảo hiểm xã hội Việt Nam"},
    {"uy ban dan toc", U"Ủy ban Dân tộc"},
    {"uy ban trung uong mat tran to quoc viet nam", U"Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"},
    {"tong lien doan lao dong viet nam", U"Tổng Liên đoàn Lao động Việt Nam"},
    {"hoi dong bau cu quoc gia", U"Hội đồng Bầu cử quốc gia"},
    {"dai tieng noi viet nam", U"Đài Tiếng nói Việt Nam"},
    {"thong tan xa viet nam", U"Thông tấn xã Việt Nam"},
};

// Fields of a Bộ or a Sở, in running text.
constexpr Phrase kFields[] = {
    {"noi vu", U"Nội vụ"},
    {"tai chinh", U"Tài chính"},
    {"tu phap", U"Tư pháp"},
    {"y te", U"Y tế"},
    {"xay dung", U"Xây dựng"},
    {"cong thuong", U"Công Thương"},
    {"cong an", U"Công an"},
    {"quoc phong", U"Quốc phòng"},
    {"ngoai giao", U"Ngoại giao"},
    {"ngoai vu", U"Ngoại vụ"},
    {"giao duc va dao tao", U"Giáo dục và Đào tạo"},
    {"khoa hoc va cong nghe", U"Khoa học và Công nghệ"},
    {"thong tin va truyen thong", U"Thông tin và Truyền thông"},
    {"tai nguyen va moi truong", U"Tài nguyên và Môi trường"},
    {"nong nghiep va phat trien nong thon", U"Nông nghiệp và Phát triển nông thôn"},
    {"nong nghiep va moi truong", U"Nông nghiệp và Môi trường"},
    {"ke hoach va dau tu", U"Kế hoạch và Đầu tư"},
    {"lao dong, thuong binh va xa hoi", U"Lao động, Thương binh và Xã hội"},
    {"lao dong - thuong binh va xa hoi", U"Lao động - Thương binh và Xã hội"},
    {"lao dong-thuong binh va xa hoi", U"Lao động - Thương binh và Xã hội"},
    {"van hoa, the thao va du lich", U"Văn hóa, Thể thao và Du lịch"},
    {"van hoa va the thao", U"Văn hóa và Thể thao"},
    {"van hoa, the thao", U"Văn hóa, Thể thao"},
    {"du lich", U"Du lịch"},
    {"giao thong van tai", U"Giao thông vận tải"},
    {"dan toc va ton giao", U"Dân tộc và Tôn giáo"},
    {"quy hoach - kien truc", U"Quy hoạch - Kiến trúc"},
    {"an toan thuc pham", U"An toàn thực phẩm"},
    {"buu chinh, vien thong", U"Bưu chính, Viễn thông"},
    {"van hoa - thong tin", U"Văn hóa - Thông tin"},
    {"van hoa-thong tin", U"Văn hóa - Thông tin"},
    {"van hoa, thong tin", U"Văn hóa, Thông tin"},
};

// Positions that sign for their body: "của Bộ trưởng Bộ Y tế" is a document of the Bộ Y tế.
constexpr std::string_view kPositions[] = {
    "bo truong",       "thu truong",     "pho chu tich", "chu tich",  "tong giam doc",
    "pho giam doc",    "giam doc",       "thong doc",    "chanh an",  "vien truong",
    "tong cuc truong", "chi cuc truong", "cuc truong",   "chu nhiem", "pho chu nhiem",
};

struct LocalKind {
  std::string_view key;
  std::u32string_view name;
  std::string_view locality;  // the locality the name implies (Party committees), or empty
};

constexpr LocalKind kLocalKinds[] = {
    {"uy ban nhan dan", U"Ủy ban nhân dân", ""},
    {"ubnd", U"Ủy ban nhân dân", ""},
    {"hoi dong nhan dan", U"Hội đồng nhân dân", ""},
    {"hdnd", U"Hội đồng nhân dân", ""},
    {"ban thuong vu tinh uy", U"Ban Thường vụ Tỉnh ủy", "tinh"},
    {"ban thuong vu thanh uy", U"Ban Thường vụ Thành ủy", "thanh pho"},
    {"ban thuong vu huyen uy", U"Ban Thường vụ Huyện ủy", "huyen"},
    {"ban chap hanh dang bo", U"Ban Chấp hành Đảng bộ", ""},
    {"dang bo", U"Đảng bộ", ""},
    {"dang uy", U"Đảng ủy", ""},
    {"tinh uy", U"Tỉnh ủy", "tinh"},
    {"thanh uy", U"Thành ủy", "thanh pho"},
    {"huyen uy", U"Huyện ủy", "huyen"},
    {"quan uy", U"Quận ủy", "quan"},
    {"thi uy", U"Thị ủy", "thi xa"},
};

constexpr Phrase kLocalities[] = {
    {"thanh pho", U"thành phố"}, {"thi xa", U"thị xã"}, {"thi tran", U"thị trấn"},
    {"dac khu", U"đặc khu"},     {"tinh", U"tỉnh"},     {"huyen", U"huyện"},
    {"quan", U"quận"},           {"xa", U"xã"},         {"phuong", U"phường"},
};

// Kinds of bodies read by the generic rule (a kind, then capitalised words).
constexpr std::string_view kGenericBodies[] = {
    "tong cuc",
    "chi cuc",
    "cuc",
    "van phong",
    "ban",
    "trung tam",
    "thanh tra",
    "kho bac nha nuoc",
    "cong an",
    "bao hiem xa hoi",
    "toa an nhan dan",
    "vien kiem sat nhan dan",
    "dang uy",
    "dang bo",
    "hoi dong",
    "uy ban",
    "vu",
    "phong",
    "so",
    "bo",
};

// Words that start the description after a body's name ("... Văn hóa cơ sở ban hành ...").
constexpr std::string_view kDescriptionWords[] = {
    "ve",   "quy", "huong", "ban", "sua",  "bai", "phe",   "thuc", "trien", "cong", "tai",
    "theo", "nam", "ngay",  "so",  "khoa", "ky",  "nhiem", "tren", "cua",   "da",   "duoc",
    "giao", "chi", "tu",    "den", "dinh", "len", "tong",  "kem",  "nay",   "doi",  "voi"};

template <size_t N>
std::optional<std::pair<size_t, size_t>> LongestAt(const Text& x, size_t i,
                                                   const Phrase (&table)[N]) {
  std::optional<std::pair<size_t, size_t>> best;  // index, end
  for (size_t k = 0; k < N; ++k) {
    size_t e = Match(x, i, table[k].key);
    if (e != kNpos && (!best || e > best->second)) best = std::make_pair(k, e);
  }
  return best;
}

std::optional<std::pair<size_t, size_t>> LocalityAt(const Text& x, size_t i) {
  auto m = LongestAt(x, i, kLocalities);
  if (m && kLocalities[m->first].key == "xa" && Match(x, SkipWs(x, m->second), "hoi") != kNpos) {
    return std::nullopt;  // "xã hội" is society
  }
  return m;
}

bool IsKnownPlace(U32View words) {
  U32 low = Lower(U32(U"tỉnh ") + U32(words));
  U32 restored = RestoreProperNouns(low);
  return U32View(restored).substr(5) == TitleWords(Lower(words));
}

// A place name at i: capitalised words ("Thái Nguyên", "Bà Rịa - Vũng Tàu"); in capitals, the
// longest known province or, failing that, two words. Returns its end or kNpos.
size_t ReadPlace(const Text& x, size_t i) {
  std::vector<std::pair<size_t, size_t>> words;
  size_t dashed = 0;  // words before the first " - " (only a known place goes on past one)
  size_t k = i;
  while (words.size() < 5) {
    size_t w = SkipWs(x, k);
    if (!words.empty() && w < x.size() && IsDash(x.t[w])) {
      size_t n = SkipWs(x, w + 1);
      if (!AtWordStart(x, n) || !IsUpperLetter(x.t[n])) break;
      if (dashed == 0) dashed = words.size();
      w = n;
    }
    if (!AtWordStart(x, w) || !IsUpperLetter(x.t[w]) || IsDigit(x.t[w])) break;
    size_t e = WordEnd(x, w);
    words.emplace_back(w, e);
    k = e;
  }
  if (words.empty()) return kNpos;
  bool caps = true;
  for (auto [b, e] : words)
    caps = caps && e - b >= 2 && IsMostlyUpper(U32View(x.t).substr(b, e - b));
  // A province's name ends the place ("tỉnh Thái Nguyên" / "Bãi bỏ ..." on the next line);
  // other places are read to the last capitalised word, in capitals two words at most.
  for (size_t n = words.size(); n >= 1; --n) {
    U32 s = U32(U32View(x.t).substr(words[0].first, words[n - 1].second - words[0].first));
    if (IsKnownPlace(CollapseSpaces(s))) return words[n - 1].second;
  }
  if (dashed > 0) words.resize(dashed);
  if (!caps) return words.back().second;
  return words[std::min<size_t>(words.size(), 2) - 1].second;
}

// Reading names word by word is the only look-ahead that can start at every word ("Luật Luật
// Luật ..."); the document gets this many word steps for it in all, far above what real
// documents use, so that the work stays linear however the text is built.
constexpr size_t kNameBudget = 1000000;

struct Ctx {
  mutable size_t name_budget = kNameBudget;
  bool Spend() const {
    if (name_budget == 0) return false;
    --name_budget;
    return true;
  }
  U32 own_number_key;
  U32 own_type;
  std::string authority_key;  // folded, for "Sở Nội vụ hướng dẫn ..."
  U32 authority;
  U32 parent;
  U32 place;
  // Localities named by the document's own bodies: "tinh" -> "tỉnh Thái Nguyên".
  std::vector<std::pair<std::string_view, U32>> localities;
};

void CollectLocalities(const U32& body, Ctx* c) {
  if (body.empty()) return;
  Text x = MakeText(body);
  for (size_t i = 0; i < x.size(); ++i) {
    if (!AtWordStart(x, i)) continue;
    auto loc = LocalityAt(x, i);
    if (!loc) continue;
    size_t p = SkipWs(x, loc->second);
    size_t e = ReadPlace(x, p);
    if (e == kNpos) continue;
    // The locality word in its own spelling (OCR may have lost its marks: "tinh Nghệ An").
    U32 phrase = U32(kLocalities[loc->first].name) + U" " + Slice(x, p, e);
    c->localities.emplace_back(kLocalities[loc->first].key, CaseAuthority(Upper(phrase)));
    i = e;
  }
  // "Huyện ủy Phú Bình" names the district too.
  for (size_t i = 0; i < x.size(); ++i) {
    if (!AtWordStart(x, i)) continue;
    for (const LocalKind& k : kLocalKinds) {
      size_t e = Match(x, i, k.key);
      if (k.locality.empty() || e == kNpos) continue;
      size_t p = SkipWs(x, e);
      size_t pe = ReadPlace(x, p);
      if (pe == kNpos) continue;
      for (const Phrase& l : kLocalities) {
        if (l.key == k.locality) {
          U32 phrase = U32(l.name) + U" " + Slice(x, p, pe);
          c->localities.emplace_back(l.key, CaseAuthority(Upper(phrase)));
        }
      }
      break;
    }
  }
}

struct Auth {
  U32 name;
  size_t end = 0;
  bool resolved = true;  // false: a body of the own locality named without its place, unknown
  bool generic = false;  // read by the generic rule (less certain)
};

// A body of the document's own locality named without its place.
Auth ResolveLocal(std::u32string_view kind, std::string_view loc_key, const Ctx& c,
                  bool party_name) {
  Auth a;
  for (const auto& [key, phrase] : c.localities) {
    if (key != loc_key) continue;
    if (party_name) {
      // "Tỉnh ủy" + "tỉnh Thái Nguyên" -> "Tỉnh ủy Thái Nguyên"
      Text p = MakeText(phrase);
      auto loc = LocalityAt(p, 0);
      size_t s = loc ? SkipWs(p, loc->second) : 0;
      a.name = U32(kind) + U" " + Slice(p, s, p.size());
    } else {
      a.name = U32(kind) + U" " + phrase;
    }
    return a;
  }
  if (c.localities.empty() && !c.place.empty() && (loc_key == "tinh" || loc_key == "thanh pho")) {
    U32 place = c.place;
    if (Fold(place).rfind(U"thanh pho ", 0) == 0) place = Trim(U32View(place).substr(10));
    std::u32string_view loc = loc_key == "tinh" ? U"tỉnh" : U"thành phố";
    U32 full = party_name ? U32(kind) + U" " + place : U32(kind) + U" " + U32(loc) + U" " + place;
    a.name = CaseAuthority(Upper(full));
    return a;
  }
  a.resolved = false;
  if (party_name) {
    a.name = U32(kind);
  } else {
    for (const Phrase& l : kLocalities) {
      if (l.key == loc_key) a.name = U32(kind) + U" " + U32(l.name);
    }
  }
  return a;
}

std::optional<Auth> ReadLocalOrFixed(const Text& x, size_t k, const Ctx& c);

// The generic rule: a kind of body in capitals-first, then its capitalised name words (with
// "và", commas and dashes between conjuncts, at most two lowercase words after a capitalised
// one), or a locality and its place.
std::optional<Auth> ReadGenericBody(const Text& x, size_t i, const Ctx& c) {
  if (!AtWordStart(x, i) || !IsUpperLetter(x.t[i])) return std::nullopt;
  size_t kind_end = kNpos;
  for (std::string_view k : kGenericBodies) {
    size_t e = Match(x, i, k);
    if (e != kNpos && (kind_end == kNpos || e > kind_end)) kind_end = e;
  }
  if (kind_end == kNpos) return std::nullopt;
  size_t end = kind_end;
  size_t k = kind_end;
  size_t capitals = 0;
  size_t lower_run = 0;
  for (size_t words = 0; words < 12; ++words) {
    size_t w = SkipWs(x, k);
    if (w < x.size() && (x.t[w] == ',' || IsDash(x.t[w]))) {
      size_t n = SkipWs(x, w + 1);
      if (!AtWordStart(x, n) || !IsUpperLetter(x.t[n])) break;
      // "Bộ A, Bộ B": the first of joint bodies
      bool next_body = false;
      for (std::string_view kb : kGenericBodies) next_body = next_body || Match(x, n, kb) != kNpos;
      if (x.t[w] == ',' && next_body) break;
      w = n;
    }
    if (!AtWordStart(x, w)) break;
    if (auto loc = LocalityAt(x, w)) {
      size_t p = ReadPlace(x, SkipWs(x, loc->second));
      if (p != kNpos) {
        end = p;
        ++capitals;
        break;
      }
    }
    // A body within a body: "Ban Pháp chế Hội đồng nhân dân Thành phố", "Văn phòng Ủy ban
    // nhân dân tỉnh".
    if (IsUpperLetter(x.t[w])) {
      if (auto inner = ReadLocalOrFixed(x, w, c)) {
        Auth a = *inner;
        a.name = Slice(x, i, w) + U" " + inner->name;
        a.generic = true;
        return a;
      }
    }
    size_t e = WordEnd(x, w);
    U32View fw = U32View(x.f).substr(w, e - w);
    if (IsUpperLetter(x.t[w])) {
      if (TypeWordAt(x, w, true)) break;
      ++capitals;
      lower_run = 0;
      end = e;
    } else if (FoldedIs(fw, "va")) {
      size_t n = SkipWs(x, e);
      if (!AtWordStart(x, n) || !IsUpperLetter(x.t[n])) break;
    } else {
      if (capitals == 0 || lower_run >= 2 || FoldedIn(fw, kDescriptionWords)) break;
      ++lower_run;
      end = e;
    }
    k = e;
  }
  if (capitals == 0) return std::nullopt;
  Auth a;
  U32 name = Slice(x, i, end);
  a.name = IsMostlyUpper(name) ? CaseAuthority(name) : name;
  a.end = end;
  a.generic = true;
  return a;
}

// A body with a fixed name, a Bộ or Sở of a known field, a local body or a Party committee
// at k.
std::optional<Auth> ReadLocalOrFixed(const Text& x, size_t k, const Ctx& c) {
  if (auto f = LongestAt(x, k, kFixedBodies)) {
    return Auth{U32(kFixedBodies[f->first].name), f->second, true, false};
  }
  // Bộ / Sở and their field.
  for (std::string_view kind : {std::string_view("bo"), std::string_view("so")}) {
    size_t e = Match(x, k, kind);
    if (e == kNpos) continue;
    size_t f = SkipWs(x, e);
    if (auto field = LongestAt(x, f, kFields)) {
      U32 name = kind == "bo" ? U32(U"Bộ ") : U32(U"Sở ");
      name += U32(kFields[field->first].name);
      size_t end = field->second;
      if (kind == "so") {
        // "Sở Giáo dục và Đào tạo Hà Nội": a department of a named province
        size_t p = SkipWs(x, end);
        size_t pe = ReadPlace(x, p);
        if (pe != kNpos && IsKnownPlace(Slice(x, p, pe))) {
          name += U" " + TitleWords(Lower(Slice(x, p, pe)));
          end = pe;
        }
      }
      return Auth{name, end, true, false};
    }
  }
  // Local bodies and Party committees.
  std::optional<std::pair<size_t, size_t>> lk;
  for (size_t n = 0; n < std::size(kLocalKinds); ++n) {
    size_t e = Match(x, k, kLocalKinds[n].key);
    if (e != kNpos && (!lk || e > lk->second)) lk = std::make_pair(n, e);
  }
  if (lk) {
    const LocalKind& kind = kLocalKinds[lk->first];
    size_t j = SkipWs(x, lk->second);
    if (kind.locality.empty()) {
      if (Match(x, j, "cap") != kNpos) return std::nullopt;  // "Ủy ban nhân dân cấp tỉnh"
      if (auto loc = LocalityAt(x, j)) {
        size_t p = SkipWs(x, loc->second);
        size_t pe = ReadPlace(x, p);
        if (pe != kNpos) {
          U32 full =
              U32(kind.name) + U" " + U32(kLocalities[loc->first].name) + U" " + Slice(x, p, pe);
          return Auth{CaseAuthority(Upper(full)), pe, true, false};
        }
        Auth a = ResolveLocal(kind.name, kLocalities[loc->first].key, c, false);
        a.end = loc->second;
        return a;
      }
      // Bare "Ủy ban nhân dân": the document's own body of that kind.
      Auth a;
      a.end = lk->second;
      U32 fk = Fold(kind.name);
      if (Fold(c.authority).rfind(fk, 0) == 0) {
        a.name = c.authority;
      } else if (Fold(c.parent).rfind(fk, 0) == 0) {
        a.name = c.parent;
      } else {
        a.name = U32(kind.name);
        a.resolved = false;
      }
      return a;
    }
    size_t pe = ReadPlace(x, j);
    if (pe != kNpos) {
      return Auth{CaseAuthority(Upper(U32(kind.name) + U" " + Slice(x, j, pe))), pe, true, false};
    }
    Auth a = ResolveLocal(kind.name, kind.locality, c, true);
    a.end = lk->second;
    return a;
  }
  return std::nullopt;
}

// The issuing body named at i (right after "của"); a signing position before it is dropped
// ("Bộ trưởng Bộ Y tế" -> "Bộ Y tế").
std::optional<Auth> ReadAuthority(const Text& x, size_t i, const Ctx& c) {
  size_t k = SkipWs(x, i);
  for (int round = 0; round < 3; ++round) {
    if (auto f = LongestAt(x, k, kFixedBodies)) {
      return Auth{U32(kFixedBodies[f->first].name), f->second, true, false};
    }
    size_t e = kNpos;
    for (std::string_view p : kPositions) {
      size_t m = Match(x, k, p);
      if (m != kNpos && (e == kNpos || m > e)) e = m;
    }
    if (e == kNpos) {
      // "Tổng Kiểm toán nhà nước", "Chánh Văn phòng ...", "Trưởng ban Tổ chức ..."
      size_t m = Match(x, k, "tong");
      if (m != kNpos && (Match(x, SkipWs(x, m), "kiem toan") != kNpos ||
                         Match(x, SkipWs(x, m), "thanh tra") != kNpos)) {
        e = m;
      }
      m = Match(x, k, "chanh");
      if (m != kNpos && (Match(x, SkipWs(x, m), "van phong") != kNpos ||
                         Match(x, SkipWs(x, m), "thanh tra") != kNpos)) {
        e = m;
      }
      m = Match(x, k, "truong");
      if (m != kNpos && Match(x, SkipWs(x, m), "ban") != kNpos) e = m;
    }
    if (e == kNpos) break;
    k = SkipWs(x, e);
    if (k < x.size() && x.t[k] == ',') k = SkipWs(x, k + 1);  // "Bộ trưởng, Chủ nhiệm ..."
  }
  if (auto a = ReadLocalOrFixed(x, k, c)) return a;
  return ReadGenericBody(x, k, c);
}

// ---------------------------------------------------------------------------------------------
// Mentions of documents: "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
// "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015".

enum class Mode { kBase, kBody };

struct Mention {
  size_t begin = 0;
  size_t end = 0;  // after the identifiers (number or title, date, authority)
  U32 type;
  U32 number;
  U32 title;
  U32 name;  // a law's name, also when it is cited by number ("Luật Lưu trữ số 33/2024/QH15")
  std::string date;
  Auth auth;
  bool has_auth = false;
  bool auth_before_number = false;
  bool own = false;        // "<type> này", or the document's own number
  bool inherited = false;  // a number alone in a list: type taken from the list's head
  bool repaired = false;
  bool long_title = false;

  U32 Key() const { return number.empty() ? U"t:" + Fold(title) : NumberKey(number); }
  // Bases cited by name differ by date too ("Luật sửa đổi, bổ sung một số điều của Luật Thi đua,
  // Khen thưởng" of 2005 and of 2013).
  U32 BaseKey() const { return number.empty() ? Key() + U"|" + ToU32Str(date) : Key(); }
};

// Reads "ngày <date>", "của <body>" (and "số <number>" while there is none) after a document's
// number or title.
size_t ReadIdentifiers(const Text& x, size_t pos, Mention* m, const Ctx& c) {
  for (int round = 0; round < 4; ++round) {
    size_t k = SkipWs(x, pos);
    if (k < x.size() && (x.t[k] == ',' || IsSpeck(x.t[k]))) {
      // "số 30/2020/NĐ-CP, ngày ...", and OCR's "số 43/2014/NĐ-CP: ngày ..."
      size_t n = SkipWs(x, k + 1);
      if (n < x.size() && IsLowerLetter(x.t[n]) &&
          (Match(x, n, "ngay") != kNpos || Match(x, n, "cua") != kNpos)) {
        k = n;
      }
    }
    if (m->date.empty() && Match(x, k, "ngay") != kNpos) {
      if (auto d = ReadDate(x, k)) {
        m->date = FormatIsoDate(d->year, d->month, d->day);
        pos = d->end;
        continue;
      }
      // "ngày … của …" in a template: skip the gap.
      size_t n = SkipWs(x, Match(x, k, "ngay"));
      size_t g = n;
      while (g < x.size() && (x.t[g] == 0x2026 || x.t[g] == '.' || x.t[g] == ' ') && g - n < 20) {
        ++g;
      }
      if (g > n) {
        pos = g;
        continue;
      }
      break;
    }
    if (!m->has_auth && Match(x, k, "cua") != kNpos) {
      size_t a0 = Match(x, k, "cua");
      if (a0 < x.size() && IsSpeck(x.t[a0])) ++a0;  // OCR: "của: Chính phủ"
      if (auto a = ReadAuthority(x, a0, c)) {
        m->auth = *a;
        m->has_auth = true;
        pos = a->end;
        continue;
      }
      break;
    }
    if (m->number.empty() && m->title.empty()) {
      if (auto n = ReadLabelledNum(x, k, false)) {
        m->number = n->norm;
        m->repaired = n->repaired;
        pos = n->end;
        continue;
      }
    }
    break;
  }
  return pos;
}

// Words that end a law's name in running text ("Luật Đất đai về ...", "... theo Luật X như
// sau"). Law names hold lowercase words of their own ("Luật Ban hành văn bản quy phạm pháp
// luật", "Luật Thực hiện dân chủ ở cơ sở", "Luật Thuế tài nguyên"), so the list is short and
// compared with diacritics ("tại" ends a name, "tài" does not).
constexpr std::u32string_view kBodyTitleStops[] = {
    U"về",   U"như", U"trên", U"theo", U"tại", U"nhằm", U"để",  U"được", U"đã",
    U"hoặc", U"khi", U"mà",   U"này",  U"thì", U"là",   U"có",  U"của",  U"ngày",
    U"số",   U"năm", U"gồm",  U"bao",  U"các", U"đối",  U"sau", U"trong"};

bool IsBodyTitleStop(const Text& x, size_t k) {
  for (std::u32string_view w : kBodyTitleStops) {
    if (MatchExact(x, k, w)) return true;
  }
  return false;
}
// Two-word phrases that end a name in a Căn cứ line or in running text.
constexpr std::string_view kTitleStopPhrases[] = {"huong dan",  "quy dinh", "va cac",    "va nhung",
                                                  "va van ban", "ve viec",  "hien hanh", "ban hanh",
                                                  "sua doi",    "bo sung",  "thay the",  "bai bo"};

// Reads a document's name from the type word at i: "Luật Tổ chức chính quyền địa phương",
// "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B", "Hiến pháp nước Cộng hòa xã hội
// chủ nghĩa Việt Nam". Returns its end, or kNpos when there is no name.
size_t ReadTitle(const Text& x, size_t i, size_t type_end, Mode mode, const Ctx& c,
                 bool* long_title) {
  size_t pos = type_end;
  size_t words = 0;
  bool amending = false;  // "Luật sửa đổi ... của Luật A và Luật B": one name
  size_t max_words = mode == Mode::kBase ? kMaxTitleWordsBase : kMaxTitleWordsBody;
  while (true) {
    size_t k = SkipWs(x, pos);
    if (k >= x.size()) break;
    char32_t ch = x.t[k];
    if (ch == ';' || (ch == ':' && IsColonBreak(x, k)) || ch == '(' || ch == ')' || ch == 0x201C ||
        ch == '"') {
      break;
    }
    if (ch == '.') {
      if (IsSentenceDot(x, k) || k + 1 >= x.size()) break;
      pos = k + 1;
      continue;
    }
    if (ch == ',') {
      size_t n = SkipWs(x, k + 1);
      if (TypeWordAt(x, n, true)) break;  // "Luật A, Luật B"
      if (mode == Mode::kBody &&
          (!AtWordStart(x, n) || IsUpperLetter(x.t[n]) || IsBodyTitleStop(x, n))) {
        break;
      }
      pos = k + 1;
      continue;
    }
    if (IsDash(ch)) {
      pos = k + 1;
      continue;
    }
    if (!IsWc(ch)) break;
    size_t e = WordEnd(x, k);
    U32View w = U32View(x.f).substr(k, e - k);
    if (IsDigit(ch) && (mode == Mode::kBody || ReadNum(x, k))) break;  // "... của 37 luật ..."
    if (FoldedIs(w, "ngay") && ReadDate(x, k)) break;
    if (FoldedIs(w, "so") && ReadLabelledNum(x, k, false)) break;
    if (FoldedIs(w, "nam")) {
      size_t n = SkipWs(x, e);
      if (n + 4 <= x.size() && IsYearPart(U32View(x.t).substr(n, 4))) {
        // "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992": the year is part of the
        // Constitution's name.
        if (Match(x, i, "hien phap") != kNpos) pos = n + 4;
        break;
      }
    }
    if (MatchExact(x, k, U"được") || MatchExact(x, k, U"đã")) break;  // not "Luật Đa dạng ..."
    if (words > 0 && !IsUpperLetter(ch)) {
      bool stop = false;
      for (std::string_view p : kTitleStopPhrases) stop = stop || Match(x, k, p) != kNpos;
      if (stop && !(amending && (Match(x, k, "bo sung") != kNpos))) break;
    }
    if (FoldedIs(w, "sua")) amending = true;
    if (FoldedIs(w, "va") && !amending && TypeWordAt(x, SkipWs(x, e), true)) break;
    if (mode == Mode::kBody) {
      if (words == 0 && !IsUpperLetter(ch) && !FoldedIs(w, "sua")) return kNpos;
      if (words > 0 && IsBodyTitleStop(x, k) && !amending) break;
    }
    pos = e;
    if (++words > max_words || !c.Spend()) return kNpos;
  }
  if (words == 0) {
    // "Hiến pháp" alone still names the Constitution.
    return Match(x, i, "hien phap") != kNpos ? type_end : kNpos;
  }
  *long_title = words > 25;
  return pos;
}

// A mention at i: a capitalised type word, then "này" (own), a number, or a name.
std::optional<Mention> ParseMention(const Text& x, size_t i, Mode mode, const Ctx& c) {
  auto tw = TypeWordAt(x, i, true);
  if (!tw) return std::nullopt;
  const TypeWord& type = kTypeWords[tw->index];
  Mention m;
  m.begin = i;
  m.type = U32(type.name);
  size_t j = SkipWs(x, tw->end);
  if (Match(x, j, "nay") != kNpos) {
    m.own = true;
    m.end = Match(x, j, "nay");
    return m;
  }
  std::optional<Num> num = ReadLabelledNum(x, j, true);
  if (!num) {
    // "các Nghị định của Chính phủ số: 43/2014/NĐ-CP"
    size_t cua = Match(x, j, "cua");
    if (cua != kNpos) {
      if (auto a = ReadAuthority(x, cua, c)) {
        if (auto n = ReadLabelledNum(x, SkipWs(x, a->end), false)) {
          m.auth = *a;
          m.has_auth = true;
          m.auth_before_number = true;
          num = n;
        }
      }
    }
  }
  if (!num) {
    // "Báo cáo thẩm tra số 109/BC-BPC", "Thông báo kết luận số ...": a short qualifier
    size_t k = j;
    for (size_t words = 0; words < 3 && AtWordStart(x, k) && IsLowerLetter(x.t[k]); ++words) {
      if (IsSoLabel(x, k) && Match(x, k, "so") != kNpos) {
        num = ReadLabelledNum(x, k, false);
        break;
      }
      k = SkipWs(x, WordEnd(x, k));
    }
    if (!num && k != j && IsSoLabel(x, k)) num = ReadLabelledNum(x, k, false);
  }
  if (!num && type.law) {
    // "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
    size_t k = j;
    bool amending = false;
    for (size_t words = 0; words < kMaxNameLookahead && k < x.size() && c.Spend(); ++words) {
      k = SkipWs(x, k);
      if (k >= x.size()) break;
      char32_t ch = x.t[k];
      if (ch == ',' || IsDash(ch)) {
        size_t n = SkipWs(x, k + 1);
        if (!AtWordStart(x, n) || IsUpperLetter(x.t[n])) break;
        k = n;
        continue;
      }
      if (!AtWordStart(x, k) || IsDigit(ch)) break;
      size_t e = WordEnd(x, k);
      U32View w = U32View(x.f).substr(k, e - k);
      if (IsSoLabel(x, k) && FoldedIs(w, "so")) {
        num = ReadLabelledNum(x, k, false);
        if (num) {
          m.name = StripChars(Slice(x, i, k), U",;:-");
          break;
        }
      }
      // "Luật sửa đổi, bổ sung ... của Luật X số N": N is Luật X's number, not the amending
      // law's ("Luật Phòng, chống tác hại của rượu, bia số 44/2019/QH14" is one name).
      if (FoldedIs(w, "sua")) amending = true;
      if (FoldedIs(w, "ngay") || FoldedIs(w, "duoc") || FoldedIs(w, "nam") ||
          (amending && FoldedIs(w, "cua"))) {
        break;
      }
      k = e;
    }
  }
  size_t pos;
  if (num) {
    m.number = num->norm;
    m.repaired = num->repaired;
    pos = num->end;
  } else {
    bool titled = mode == Mode::kBase ? type.titled : type.law;
    if (!titled) return std::nullopt;
    bool long_title = false;
    size_t e = ReadTitle(x, i, tw->end, mode, c, &long_title);
    if (e == kNpos) return std::nullopt;
    m.title = StripChars(Slice(x, i, e), U",;:-");
    m.name = m.title;
    m.long_title = long_title;
    pos = e;
  }
  m.end = ReadIdentifiers(x, pos, &m, c);
  if (!m.number.empty() && NumberKey(m.number) == c.own_number_key) m.own = true;
  return m;
}

// A number alone ("số 13/QĐ-UBND", "01/2017/NĐ-CP") in a list after `head`.
std::optional<Mention> ParseListed(const Text& x, size_t i, const Mention& head, const Ctx& c) {
  auto n = ReadLabelledNum(x, i, true);
  if (!n) return std::nullopt;
  Mention m;
  m.begin = i;
  m.type = head.type;
  m.number = n->norm;
  m.repaired = n->repaired;
  m.inherited = true;
  if (head.auth_before_number) {
    m.auth = head.auth;
    m.has_auth = true;
    m.auth_before_number = true;
  }
  m.end = ReadIdentifiers(x, n->end, &m, c);
  if (NumberKey(m.number) == c.own_number_key) m.own = true;
  return m;
}

// After a mention: "," / ";" / "và" / "hoặc" then the next item. Returns where it starts.
size_t AfterConnector(const Text& x, size_t end) {
  size_t k = SkipWs(x, end);
  bool any = false;
  for (int round = 0; round < 3 && k < x.size(); ++round) {
    if (x.t[k] == ',' || x.t[k] == ';') {
      k = SkipWs(x, k + 1);
      any = true;
      continue;
    }
    size_t e = Match(x, k, "va");
    if (e == kNpos) e = Match(x, k, "hoac");
    if (e != kNpos) {
      k = SkipWs(x, e);
      any = true;
      continue;
    }
    break;
  }
  return any ? k : kNpos;
}

// ---------------------------------------------------------------------------------------------
// The body as one text, with the zones that are not running text.

// kProposal: "Theo đề nghị ...", "Xét Tờ trình ..." in the preamble (no bases, no cites; a
// trigger there still speaks for the document: "Xét Tờ trình ... đề nghị ban hành Nghị quyết
// bãi bỏ Nghị quyết số ...").
enum Zone : uint8_t { kRunning = 0, kCanCu = 1, kExcluded = 2, kProposal = 3 };

struct Body {
  Text x;
  std::vector<size_t> line_start;  // offset of each line in x
  std::vector<uint8_t> zone;
  std::vector<std::pair<size_t, size_t>> can_cu;  // blocks of Căn cứ lines
};

// Poppler's page numbers ("2", "- 2 -", "Trang 2", "2/5") on lines of their own.
bool IsPageNumberLine(U32View s) {
  U32 t = StripChars(s, U"-–—. ");
  U32 f = Fold(t);
  if (f.rfind(U"trang", 0) == 0) t = Trim(U32View(t).substr(5));
  if (t.empty() || t.size() > 7) return false;
  size_t digits = 0;
  for (char32_t ch : t) {
    if (IsDigit(ch)) {
      ++digits;
    } else if (ch != '/') {
      return false;
    }
  }
  return digits > 0 && digits <= 6 && (t.find('/') != U32::npos || digits <= 3);
}

bool StartsWithBullet(U32View s) {
  return !s.empty() && (IsDash(s[0]) || s[0] == '+' || s[0] == 0x2022 || s[0] == '*');
}

size_t SkipBullets(const Text& x, size_t k) {
  for (int round = 0; round < 3; ++round) {
    k = SkipWs(x, k);
    if (k >= x.size()) return k;
    char32_t ch = x.t[k];
    if (IsDash(ch) || ch == '+' || ch == 0x2022) {
      ++k;
      continue;
    }
    // "1.", "a)", "1)", "II."
    size_t e = k;
    while (e < x.size() && IsWc(x.t[e]) && e - k < 4) ++e;
    if (e > k && e < x.size() && (x.t[e] == ')' || (x.t[e] == '.' && IsDigit(x.t[k]))) &&
        e + 1 < x.size() && IsSpace(x.t[e + 1])) {
      k = e + 1;
      continue;
    }
    break;
  }
  return k;
}

U32View LineText(const Body& b, size_t l) {
  size_t s = b.line_start[l];
  size_t e = l + 1 < b.line_start.size() ? b.line_start[l + 1] - 1 : b.x.size();
  return U32View(b.x.t).substr(s, e - s);
}

bool IsRomanHeading(U32View s) {
  size_t k = 0;
  while (k < s.size() && (s[k] == 'I' || s[k] == 'V' || s[k] == 'X') && k < 5) ++k;
  return k > 0 && k + 1 < s.size() && (s[k] == '.' || IsDash(s[k])) && IsSpace(s[k + 1]);
}

// Where the preamble (Căn cứ lines and the enacting formula) ends: the first article,
// chapter, part, enacting word in capitals or Roman heading.
bool EndsPreamble(U32View s) {
  s.remove_prefix(SkipSpecks(s));
  if (s.empty()) return false;
  U32 f = Fold(s);
  auto starts = [&f](std::u32string_view p) { return f.rfind(p, 0) == 0; };
  if (starts(U"dieu ") && s.size() > 6) {
    size_t k = 5;
    while (k < s.size() && IsSpace(s[k])) ++k;
    if (k < s.size() && IsDigit(s[k])) return true;
  }
  if ((starts(U"chuong ") || starts(U"phan thu")) && IsUpperLetter(s[0])) return true;
  if (IsMostlyUpper(s)) {
    // "QUYẾT ĐỊNH:", "HỘI ĐỒNG NHÂN DÂN TỈNH QUYẾT NGHỊ:", "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH"
    // (not a trích yếu line in capitals that OCR ended with a ":")
    U32 t = StripChars(f, U":. ");
    for (std::u32string_view verb : {U"quyet dinh", U"quyet nghi", U"nghi quyet", U"chi thi"}) {
      if (t.size() >= verb.size() && U32View(t).substr(t.size() - verb.size()) == verb) {
        return true;
      }
    }
  }
  return IsRomanHeading(s);
}

// Paragraphs that end a block of Căn cứ lines when they open a line.
bool StartsOtherParagraph(const Text& x, size_t k) {
  if (!AtWordStart(x, k) || !IsUpperLetter(x.t[k])) return false;
  static constexpr std::u32string_view kStarters[] = {
      U"theo", U"xét",    U"thực hiện", U"trên cơ sở", U"tại",    U"để",
      U"nhằm", U"chương", U"phần",      U"xem xét",    U"sau khi"};
  for (std::u32string_view s : kStarters) {
    if (MatchExact(x, k, s)) return true;
  }
  size_t e = Match(x, k, "dieu");
  return e != kNpos && SkipWs(x, e) < x.size() && IsDigit(x.t[SkipWs(x, e)]);
}

bool IsCanCuAt(const Text& x, size_t k) {
  return AtWordStart(x, k) && x.t[k] == U'C' && Match(x, k, "can cu") != kNpos;
}

size_t LineOf(const Body& b, size_t pos) {
  auto it = std::upper_bound(b.line_start.begin(), b.line_start.end(), pos);
  return static_cast<size_t>(it - b.line_start.begin()) - 1;
}

// The end of the block of Căn cứ lines starting at `start`.
size_t CanCuEnd(const Body& b, size_t start, size_t limit) {
  const Text& x = b.x;
  size_t k = start;
  limit = std::min(limit, start + kMaxSegmentChars);
  while (k < limit) {
    size_t nl = k;
    while (nl < limit && x.t[nl] != '\n') ++nl;
    // In-line: "...; Theo đề nghị ...", "... . Xét ..."
    for (size_t p = k; p < nl; ++p) {
      if (x.t[p] != ';' && !(x.t[p] == '.' && IsSentenceDot(x, p))) continue;
      size_t n = SkipWs(x, p + 1);
      if (n < nl && !IsCanCuAt(x, n) && StartsOtherParagraph(x, n)) return p + 1;
    }
    if (nl >= limit) return limit;
    size_t next = nl + 1;
    size_t l = LineOf(b, next);
    U32View line = LineText(b, l);
    if (IsCanCuAt(x, next)) {
      k = next;
      continue;
    }
    if (StartsOtherParagraph(x, next) || (IsMostlyUpper(line) && CountWords(line) >= 2) ||
        EndsPreamble(line)) {
      return nl;
    }
    size_t last = BackWs(x, nl);
    char32_t prev = last > 0 ? x.t[last - 1] : 0;
    // A ":" before a lowercase line is OCR's speck inside a name ("của Ủy ban:\nnhân dân").
    bool colon = prev == ':' && IsColonBreak(x, last - 1) && !IsLowerLetter(x.t[next]);
    if (prev == ';' || prev == '.' || colon) {
      size_t n = SkipBullets(x, next);
      bool item = n < x.size() && (TypeWordAt(x, n, true) || IsDigit(x.t[n]) ||
                                   (ReadLabelledNum(x, n, false).has_value()));
      if (!item) return nl;
    }
    k = next;
  }
  return std::min(k, limit);
}

Body BuildBody(const Prepared& p, size_t from_line) {
  Body b;
  U32 flat;
  for (size_t l = from_line; l < p.lines.size(); ++l) {
    if (p.lines[l].blank()) continue;
    U32 joined = JoinCells(p.lines[l]);
    if (IsPageNumberLine(joined)) continue;
    U32View s(joined);
    // OCR's specks before a line's first word (". Căn cứ", "'QUYẾT NGHỊ:"), and a dash before
    // the lowercase rest of a wrapped line ("... của Chính" / "- phủ quy định ...").
    size_t k = 0;
    while (k < s.size() && k < 4 && (IsSpeck(s[k]) || IsSpace(s[k]))) ++k;
    if (k > 0 && k < s.size() && IsLetter(s[k])) s.remove_prefix(k);
    // ... and after its last ("của Chính `", "của -", "Theo Báo ."): a speck after a space
    while (s.size() > 2 && (IsSpeck(s.back()) || IsDash(s.back())) && s[s.size() - 2] == ' ') {
      s.remove_suffix(2);
    }
    char32_t last = flat.empty() ? U'.' : flat[flat.size() - 2];
    if (s.size() > 2 && IsDash(s[0]) && s[1] == ' ' && IsLowerLetter(s[2]) && last != '.' &&
        last != ';' && last != ':') {
      s.remove_prefix(2);
    }
    b.line_start.push_back(flat.size());
    flat += s;
    flat.push_back('\n');
  }
  if (!flat.empty()) flat.pop_back();
  b.x = MakeText(flat);
  b.zone.assign(b.x.size(), kRunning);
  const Text& x = b.x;
  size_t lines = b.line_start.size();

  // Nơi nhận lists: the label, then entries, signature lines and short lines.
  for (size_t l = 0; l < lines; ++l) {
    U32View s = LineText(b, l);
    if (RecipientsLabelLength(s) == 0) continue;
    size_t e = l + 1;
    for (; e < lines && e - l < kMaxNoiNhanLines; ++e) {
      U32View n = LineText(b, e);
      U32 f = Fold(n);
      if (f.rfind(U"(ban hanh kem theo", 0) == 0 || f.rfind(U"chuong ", 0) == 0 ||
          f.rfind(U"dieu ", 0) == 0 || f.rfind(U"phu luc", 0) == 0 ||
          f.rfind(U"(kem theo", 0) == 0) {
        break;
      }
      if (StartsWithBullet(n) || IsMostlyUpper(n) || CountWords(n) <= 8 ||
          f.rfind(U"luu", 0) == 0) {
        continue;
      }
      break;
    }
    size_t s_off = b.line_start[l];
    size_t e_off = e < lines ? b.line_start[e] : x.size();
    std::fill(b.zone.begin() + static_cast<std::ptrdiff_t>(s_off),
              b.zone.begin() + static_cast<std::ptrdiff_t>(e_off), kExcluded);
    l = e - 1;
  }

  // The preamble and its Căn cứ lines: the preamble ends at the first article, chapter or
  // enacting word after the first Căn cứ line (a trích yếu left in the body may look like one).
  size_t first_can_cu = 0;
  for (size_t l = 0; l < lines; ++l) {
    U32View line = LineText(b, l);
    if (IsCanCuAt(x, b.line_start[l])) {
      first_can_cu = l;
      break;
    }
    if (StartsWithFolded(line, "dieu 1") || StartsWithFolded(line, "chuong i")) break;
  }
  size_t preamble_end = x.size();
  for (size_t l = first_can_cu; l < lines; ++l) {
    if (EndsPreamble(LineText(b, l))) {
      preamble_end = b.line_start[l];
      break;
    }
  }
  static constexpr std::string_view kProposals[] = {
      "theo de nghi",       "theo de xuat",       "xet",    "sau khi xem xet",
      "tren co so de nghi", "tren co so xem xet", "xem xet"};
  for (size_t l = 0; l < lines && b.line_start[l] < preamble_end; ++l) {
    size_t s = b.line_start[l] + SkipSpecks(LineText(b, l));
    if (!IsUpperLetter(x.t[s]) || b.zone[s] != kRunning) continue;
    bool proposal = false;
    for (std::string_view k : kProposals) proposal = proposal || Match(x, s, k) != kNpos;
    if (!proposal) continue;
    size_t e = l + 1;
    for (; e < lines && e - l < 30 && b.line_start[e] < preamble_end; ++e) {
      U32View prev = LineText(b, e - 1);
      char32_t last = prev.empty() ? 0 : prev.back();
      size_t n = b.line_start[e];
      if (IsCanCuAt(x, n) || EndsPreamble(LineText(b, e))) break;
      if ((last == ';' || last == '.' || last == ':' || last == ',') && IsUpperLetter(x.t[n])) {
        break;
      }
    }
    size_t e_off = e < lines ? b.line_start[e] : x.size();
    for (size_t k = s; k < e_off; ++k) {
      if (b.zone[k] == kRunning) b.zone[k] = kProposal;
    }
    l = e - 1;
  }
  for (size_t i = 0; i < preamble_end; ++i) {
    if (b.zone[i] != kRunning || !IsCanCuAt(x, i)) continue;
    size_t before = BackWs(x, i);
    bool clause_start = before == 0 || x.t[before - 1] == ';' || x.t[before - 1] == ':' ||
                        (x.t[before - 1] == '.' && IsSentenceDot(x, before - 1)) ||
                        HasNewline(x, before, i);
    if (!clause_start) continue;
    size_t e = CanCuEnd(b, i, preamble_end);
    if (e <= i) continue;
    b.can_cu.emplace_back(i, e);
    for (size_t k = i; k < e; ++k) {
      if (b.zone[k] == kRunning) b.zone[k] = kCanCu;
    }
    i = e;
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Output.

constexpr std::string_view kRelNames[] = {"repeals", "replaces", "amends",       "guides",
                                          "details", "corrects", "issues_annex", "cites"};
enum Rel : int {
  kRepeals = 0,
  kReplaces,
  kAmends,
  kGuides,
  kDetails,
  kCorrects,
  kIssuesAnnex,
  kCites
};

double Confidence(const Mention& m, double base) {
  double c = base;
  if (m.repaired) c -= 0.25;
  if (m.inherited) c -= 0.1;
  if (m.has_auth && !m.auth.resolved) c -= 0.25;
  if (m.has_auth && m.auth.generic) c -= 0.1;
  bool law = m.type == U"Luật" || m.type == U"Bộ luật" || m.type == U"Hiến pháp" ||
             m.type == U"Pháp lệnh" || m.type == U"Điều lệ";
  if (m.date.empty() && !law) c -= 0.1;
  if (m.long_title) c -= 0.1;
  return std::clamp(c, 0.05, 1.0);
}

LegalRef ToRef(const Mention& m, std::string_view kind, std::string excerpt, double base) {
  LegalRef r;
  r.kind = std::string(kind);
  r.doc_type = Out(m.type);
  r.number = Out(m.number);
  if (m.number.empty()) r.title = Out(m.title);
  r.date = m.date;
  if (m.has_auth) r.authority = Out(m.auth.name);
  r.excerpt = std::move(excerpt);
  r.confidence = Confidence(m, base);
  return r;
}

// Fills what a later citation of the same document adds (a date, a body).
void Merge(LegalRef* into, const LegalRef& from) {
  if (into->date.empty()) into->date = from.date;
  if (into->authority.empty()) into->authority = from.authority;
  if (into->doc_type.empty()) into->doc_type = from.doc_type;
}

// One item per key: a new key is appended (up to `max` items), a known one completed.
using ItemIndex = std::unordered_map<std::u32string, size_t>;
void AddOrMerge(std::vector<LegalRef>* list, ItemIndex* index, const U32& key, LegalRef ref,
                size_t max) {
  auto it = index->find(key);
  if (it != index->end()) {
    Merge(&(*list)[it->second], ref);
  } else if (list->size() < max) {
    index->emplace(key, list->size());
    list->push_back(std::move(ref));
  }
}

// ---------------------------------------------------------------------------------------------
// Bases.

struct ListHead {
  bool active = false;
  Mention head;
};

class BaseReader {
 public:
  BaseReader(const Ctx& c, References* out) : c_(c), out_(out) {}

  void ReadBlock(const Text& body, size_t b, size_t e) {
    ListHead list;
    // Items: split at ";" and full stops, and at every "Căn cứ" that opens a line.
    size_t item = b;
    for (size_t k = b; k <= e; ++k) {
      bool split = k == e || body.t[k] == ';' || (body.t[k] == '.' && IsSentenceDot(body, k));
      if (!split && k > item && IsCanCuAt(body, k) && HasNewline(body, BackWs(body, k), k)) {
        ReadItem(MakeText(U32View(body.t).substr(item, k - item)), &list);
        item = k;
        continue;
      }
      if (!split) continue;
      if (k > item) ReadItem(MakeText(U32View(body.t).substr(item, k - item)), &list);
      item = k + 1;
    }
  }

 private:
  void Add(const Mention& m, const Text& x, size_t b, size_t e) {
    if (m.own) return;
    if (m.type == U"Tờ trình") return;  // a proposal, never a base
    LegalRef r = ToRef(m, Out(m.type), Excerpt(x, b, e, false), 1.0);
    AddOrMerge(&out_->bases, &index_, m.BaseKey(), std::move(r), kMaxBases);
  }

  // Mentions joined to `m` by "," / "và" / "hoặc" right after its identifiers.
  size_t AddChain(const Text& x, Mention m, size_t b) {
    size_t end = m.end;
    for (int n = 0; n < 200; ++n) {
      size_t k = AfterConnector(x, end);
      if (k == kNpos) break;
      std::optional<Mention> next = ParseMention(x, k, Mode::kBase, c_);
      if (!next) next = ParseListed(x, k, m, c_);
      if (!next) break;
      Add(*next, x, b, x.size());
      end = next->end;
      m = *next;
    }
    return end;
  }

  void ReadItem(const Text& x, ListHead* list) {
    size_t k = SkipWs(x, 0);
    size_t e = Match(x, k, "can cu");
    if (e != kNpos) {
      k = SkipWs(x, e);
      size_t v = Match(x, k, "vao");
      if (v != kNpos) k = SkipWs(x, v);
      if (k < x.size() && x.t[k] == ':') k = SkipWs(x, k + 1);
    }
    k = SkipBullets(x, k);
    // An item that is a number alone continues the list of the item before
    // ("Căn cứ các Nghị định của Chính phủ số: 43/2014/NĐ-CP ...; 01/2017/NĐ-CP ...").
    if (list->active && !TypeWordAt(x, k, true)) {
      if (auto m = ParseListed(x, k, list->head, c_)) {
        Add(*m, x, 0, x.size());
        AddChain(x, *m, 0);
        return;
      }
    }
    // The head: the first document the item names (among its first words).
    std::optional<Mention> head;
    size_t words = 0;
    for (size_t i = k; i < x.size() && words < kMaxHeadWords; ++i) {
      if (!AtWordStart(x, i)) continue;
      ++words;
      if (!IsUpperLetter(x.t[i])) continue;
      head = ParseMention(x, i, Mode::kBase, c_);
      if (head && !head->own) break;
      head.reset();
    }
    if (!head) return;
    Add(*head, x, 0, x.size());
    list->active = true;
    list->head = *head;
    size_t end = AddChain(x, *head, 0);
    // "... được sửa đổi, bổ sung bởi Luật số 87/2025/QH15"
    for (size_t i = end; i < x.size(); ++i) {
      if (!AtWordStart(x, i) || Match(x, i, "duoc") == kNpos) continue;
      size_t j = SkipWs(x, Match(x, i, "duoc"));
      if (Match(x, j, "sua doi") == kNpos && Match(x, j, "bo sung") == kNpos) continue;
      size_t gap = 0;
      for (size_t p = j; p < x.size() && gap < 12; ++p) {
        if (!AtWordStart(x, p)) continue;
        ++gap;
        if (auto m = ParseMention(x, p, Mode::kBase, c_)) {
          if (!m->number.empty()) {
            Add(*m, x, 0, x.size());
            i = AddChain(x, *m, 0);
          }
          break;
        }
        p = WordEnd(x, p) - 1;
      }
    }
  }

  const Ctx& c_;
  References* out_;
  ItemIndex index_;
};

// ---------------------------------------------------------------------------------------------
// Relations.

struct Trigger {
  size_t pos = 0;
  size_t end = 0;
  Rel rel = kCites;
  int form = 0;  // 0: targets follow; 1: targets precede ("hết hiệu lực"); 2: annexed text
};

struct TriggerKey {
  std::string_view key;
  Rel rel;
  int form;
};

constexpr TriggerKey kTriggers[] = {
    {"sua doi, bo sung", kAmends, 0},
    {"sua doi bo sung", kAmends, 0},
    {"sua doi", kAmends, 0},
    {"bo sung", kAmends, 0},
    {"bai bo", kRepeals, 0},
    {"huy bo", kRepeals, 0},
    {"thay the", kReplaces, 0},
    {"dinh chinh", kCorrects, 0},
    {"quy dinh chi tiet", kDetails, 0},
    {"huong dan", kGuides, 0},
    {"het hieu luc", kRepeals, 1},
    {"ban hanh kem theo", kIssuesAnnex, 2},
};

// Words allowed between a trigger and its first target ("Bãi bỏ khoản 3 Điều 10 của ...",
// "Sửa đổi, bổ sung một số điều của ...", "hướng dẫn thi hành một số điều của ...").
constexpr std::string_view kGapWords[] = {
    "toan",  "bo",     "mot",   "so",    "cac",  "dieu",  "khoan", "diem", "muc",  "chuong",
    "phan",  "tiet",   "phu",   "luc",   "noi",  "dung",  "quy",   "dinh", "cua",  "tai",
    "va",    "hoac",   "sau",   "day",   "doan", "cum",   "tu",    "ngu",  "danh", "thu",
    "tuc",   "hanh",   "chinh", "thi",   "thuc", "hien",  "trien", "khai", "bien", "phap",
    "de",    "to",     "chuc",  "chi",   "tiet", "viec",  "nhu",   "the",  "le",   "bang",
    "bieu",  "mau",    "thong", "tu",    "nghi", "quyet", "luat",  "van",  "ban",  "ke",
    "hoach", "chuong", "trinh", "huong", "dan",  "lien",  "tich",  "ve",   "mot"};

bool IsRoman(U32View w) {
  if (w.empty() || w.size() > 6) return false;
  for (char32_t ch : w) {
    if (ch != 'I' && ch != 'V' && ch != 'X' && ch != 'L') return false;
  }
  return true;
}

class RelationReader {
 public:
  RelationReader(const Text& x, const std::vector<uint8_t>* zone, bool summary, const Ctx& c)
      : x_(x), zone_(zone), summary_(summary), c_(c) {
    FindBreaks();
    FindMentions();
    FindTriggers();
  }

  const std::vector<Mention>& mentions() const { return mentions_; }

  // Relations found, with the position of their first evidence.
  struct Found {
    Rel rel;
    Mention target;
    size_t pos;
    std::string excerpt;
    double base;
  };

  std::vector<Found> Read() {
    // First which triggers speak for the document: each one closes the scope of the one before.
    std::vector<double> base(triggers_.size(), 0.0);
    for (size_t t = 0; t < triggers_.size(); ++t) {
      double b = 1.0;
      if (triggers_[t].form != 0 || Accepted(triggers_[t], &b)) base[t] = b;
    }
    std::vector<size_t> acc;
    for (size_t t = 0; t < triggers_.size(); ++t) {
      if (base[t] > 0.0) acc.push_back(t);
    }
    std::vector<Found> out;
    for (size_t a = 0; a < acc.size() && out.size() <= kMaxRelations; ++a) {
      const Trigger& tr = triggers_[acc[a]];
      if (tr.form == 2) {
        ReadAnnex(tr, &out);
        continue;
      }
      if (tr.form == 1) {
        ReadBackward(tr, &out);
        continue;
      }
      // "Sửa đổi, bổ sung, bãi bỏ một số điều của Nghị định số ...": triggers joined by "," or
      // "và" share their targets.
      size_t b = a;
      while (b + 1 < acc.size() && b - a < 4 && triggers_[acc[b + 1]].form == 0 &&
             Joined(triggers_[acc[b]].end, triggers_[acc[b + 1]].pos)) {
        ++b;
      }
      size_t limit = b + 1 < acc.size() ? triggers_[acc[b + 1]].pos : x_.size();
      ReadForward(tr, triggers_[acc[b]].end, limit, base[acc[a]], &out);
    }
    return out;
  }

 private:
  bool Running(size_t i) const {
    return !zone_ || (*zone_)[i] == kRunning || (*zone_)[i] == kProposal;
  }

  // Only "," / "và" / "hoặc" between two triggers.
  bool Joined(size_t end, size_t next) const {
    for (size_t k = end; k < next;) {
      if (IsSpace(x_.t[k]) || x_.t[k] == ',') {
        ++k;
        continue;
      }
      size_t e = Match(x_, k, "va");
      if (e == kNpos) e = Match(x_, k, "hoac");
      if (e == kNpos) return false;
      k = e;
    }
    return true;
  }
  void FindBreaks() {
    if (Match(x_, 0, "dieu") != kNpos) articles_.push_back(0);
    for (size_t k = 0; k < x_.size(); ++k) {
      char32_t ch = x_.t[k];
      bool sentence = (ch == ':' && IsColonBreak(x_, k)) || (ch == '.' && IsSentenceDot(x_, k));
      if (sentence) sentence_.push_back(k);
      if (sentence || ch == ';') clause_.push_back(k);
      if (ch == '\n' && k + 1 < x_.size()) {
        // A new article, point or bullet opens a clause even after an unpunctuated line.
        size_t n = k + 1;
        size_t d = Match(x_, n, "dieu");
        bool heading = (d != kNpos && SkipWs(x_, d) < x_.size() && IsDigit(x_.t[SkipWs(x_, d)])) ||
                       SkipBullets(x_, n) != n;
        if (heading) {
          sentence_.push_back(k);
          clause_.push_back(k);
        }
        if (d != kNpos && SkipWs(x_, d) < x_.size() && IsDigit(x_.t[SkipWs(x_, d)])) {
          articles_.push_back(n);
        }
      }
    }
  }

  static size_t StartIn(const std::vector<size_t>& brk, size_t p) {
    auto it = std::lower_bound(brk.begin(), brk.end(), p);
    return it == brk.begin() ? 0 : *(it - 1) + 1;
  }
  static size_t EndIn(const std::vector<size_t>& brk, size_t p, size_t n) {
    auto it = std::lower_bound(brk.begin(), brk.end(), p);
    return it == brk.end() ? n : *it;
  }

  void FindMentions() {
    for (size_t i = 0; i < x_.size() && mentions_.size() < kMaxMentions; ++i) {
      if (!AtWordStart(x_, i) || !IsUpperLetter(x_.t[i]) || (*this).Excluded(i)) continue;
      std::optional<Mention> m = ParseMention(x_, i, Mode::kBody, c_);
      if (!m) continue;
      if (m->own || IsAnnexCaption(*m)) {
        i = std::max(i, m->end) - 1;
        continue;
      }
      SubjectAuthority(&*m);
      Mention head = *m;
      mentions_.push_back(*m);
      size_t end = m->end;
      // "Quyết định số 12/QĐ-UBND, số 13/QĐ-UBND và 14/QĐ-UBND"
      for (int n = 0; n < 200 && mentions_.size() < kMaxMentions; ++n) {
        size_t k = AfterConnector(x_, end);
        if (k == kNpos || TypeWordAt(x_, k, true)) break;
        auto next = ParseListed(x_, k, head, c_);
        if (!next) break;
        end = next->end;
        if (!next->own) mentions_.push_back(*next);
      }
      i = std::max(i + 1, end) - 1;
    }
    // "Nghị định số A ngày ... và Nghị định số B ngày ... của Chính phủ": one body for both.
    for (size_t k = mentions_.size(); k-- > 1;) {
      Mention& prev = mentions_[k - 1];
      const Mention& next = mentions_[k];
      if (prev.has_auth || !next.has_auth || prev.type != next.type) continue;
      if (AfterConnector(x_, prev.end) != next.begin) continue;
      if (U32View(x_.t).substr(prev.end, next.begin - prev.end).find(';') != U32View::npos) {
        continue;
      }
      prev.auth = next.auth;
      prev.has_auth = true;
    }
  }

  // The body named right before `end` (words only in between, at most 12), and where it
  // starts: "Chính phủ" in "Ngày 05/3/2020, Chính phủ ban hành ...".
  std::optional<std::pair<Auth, size_t>> BodyEndingAt(size_t end) const {
    size_t k = end;
    size_t first = kNpos;
    for (size_t words = 0; k > 0 && words < 12; ++words) {
      while (k > 0 && IsSpace(x_.t[k - 1])) --k;
      if (k == 0 || !IsWc(x_.t[k - 1])) break;
      size_t b = k;
      while (b > 0 && IsWc(x_.t[b - 1])) --b;
      first = b;
      k = b;
    }
    for (size_t b = first; first != kNpos && b < end;) {
      if (IsUpperLetter(x_.t[b])) {
        auto a = ReadAuthority(x_, b, c_);
        if (a && a->end == end) return std::make_pair(*a, b);
      }
      size_t n = SkipWs(x_, WordEnd(x_, b));
      if (n <= b) break;
      b = n;
    }
    return std::nullopt;
  }

  // The issuer of a document named as the subject of its verb: "Chính phủ ban hành Nghị định
  // số ...", "UBND huyện đã ban hành Kế hoạch số ..." ("Ngày 05/3/2020, Chính phủ ban hành
  // ..." also gives the date), "Sở Tư pháp thẩm định tại Báo cáo thẩm định số ...", "theo chỉ
  // đạo của Thủ tướng Chính phủ tại Công văn số ...".
  void SubjectAuthority(Mention* m) const {
    if (m->has_auth) return;
    std::optional<std::pair<Auth, size_t>> subject;
    size_t s = MatchBefore(x_, m->begin, "ban hanh");
    if (s != kNpos) {
      size_t d = MatchBefore(x_, s, "da");
      subject = BodyEndingAt(BackWs(x_, d != kNpos ? d : s));
    } else {
      size_t t = MatchBefore(x_, m->begin, "tai");
      if (t == kNpos || !MatchExact(x_, t, U"tại")) return;
      // up to three words of a verb between the body and "tại" ("thẩm định", "chỉ đạo")
      size_t e = BackWs(x_, t);
      for (int verbs = 0; verbs <= 3 && !subject && e > 0; ++verbs) {
        if (verbs > 0) {
          size_t b = e;
          while (b > 0 && IsWc(x_.t[b - 1])) --b;
          if (b == e || !IsLowerLetter(x_.t[b])) break;
          e = BackWs(x_, b);
        }
        subject = BodyEndingAt(e);
      }
    }
    if (!subject) return;
    m->auth = subject->first;
    m->has_auth = true;
    size_t comma = BackWs(x_, subject->second);
    if (m->date.empty() && comma > 0 && x_.t[comma - 1] == ',') {
      size_t from = comma > 40 ? comma - 40 : 0;
      for (size_t n = from; n < comma; ++n) {
        if (!AtWordStart(x_, n) || Match(x_, n, "ngay") == kNpos) continue;
        auto dt = ReadDate(x_, n);
        if (dt && BackWs(x_, comma - 1) == dt->end) {
          m->date = FormatIsoDate(dt->year, dt->month, dt->day);
        }
        break;
      }
    }
  }

  bool Excluded(size_t i) const { return zone_ && (*zone_)[i] == kExcluded; }

  // "(Ban hành kèm theo Quyết định số ... )" heading an annex: the document itself.
  bool IsAnnexCaption(const Mention& m) const {
    size_t s = MatchBefore(x_, m.begin, "kem theo");
    if (s == kNpos) return false;
    size_t s2 = MatchBefore(x_, s, "ban hanh");
    if (s2 != kNpos) s = s2;
    size_t p = BackWs(x_, s);
    if (p == 0 || x_.t[p - 1] != '(') return false;
    size_t q = BackWs(x_, p - 1);
    return q == 0 || HasNewline(x_, q, p);
  }

  void FindTriggers() {
    for (size_t i = 0; i < x_.size(); ++i) {
      if (!AtWordStart(x_, i) || !Running(i)) continue;
      char32_t ch = x_.f[i];
      if (ch != 's' && ch != 'b' && ch != 'h' && ch != 't' && ch != 'd' && ch != 'q') continue;
      std::optional<Trigger> best;
      for (const TriggerKey& k : kTriggers) {
        size_t e = Match(x_, i, k.key);
        if (e != kNpos && (!best || e > best->end)) best = Trigger{i, e, k.rel, k.form};
      }
      if (!best) continue;
      if (best->form == 2 && AnnexSubject(best->end) == kNpos) continue;  // "... Quyết định số"
      triggers_.push_back(*best);
      i = best->end - 1;
    }
  }

  // Start of the summary proper, after "Về việc" / "V/v".
  size_t SummaryStart() const {
    size_t k = SkipWs(x_, 0);
    if (k + 3 <= x_.size() && (x_.f[k] == 'v') && x_.t[k + 1] == '/' && x_.f[k + 2] == 'v') {
      return SkipWs(x_, k + 3);
    }
    size_t e = Match(x_, k, "ve viec");
    if (e == kNpos) e = Match(x_, k, "ve");
    return e == kNpos ? k : SkipWs(x_, e);
  }

  bool AtClauseStart(size_t p) const {
    if (summary_ && p == SummaryStart()) return true;
    size_t b = BackWs(x_, p);
    if (b == 0) return true;
    char32_t ch = x_.t[b - 1];
    if (ch == ';' || ch == ':') return true;
    if (ch == '.') return IsSentenceDot(x_, b - 1);
    bool line_start = HasNewline(x_, b, p);
    if (ch == ')' || IsDash(ch) || ch == '+' || ch == 0x2022) {
      // a bullet or a point label opening the line
      size_t ls = b - 1;
      while (ls > 0 && x_.t[ls - 1] != '\n' && b - ls < 8) --ls;
      if ((ls == 0 || x_.t[ls - 1] == '\n') && SkipBullets(x_, ls) >= b) return true;
    }
    return line_start && IsUpperLetter(x_.t[p]);
  }

  // "<type> này" right before p (the document itself, or its annex, as subject).
  bool OwnSubjectBefore(size_t p) const {
    size_t s = MatchBefore(x_, p, "nay");
    if (s == kNpos) return false;
    for (const TypeWord& t : kTypeWords) {
      if (MatchBefore(x_, s, t.key) != kNpos) return true;
    }
    return false;
  }

  // A clause whose subject is the document: "Quyết định này có hiệu lực ... và thay thế ...".
  bool ClauseHasOwnSubject(size_t cs, size_t p) const {
    if (p > cs + 400) cs = p - 400;
    for (size_t k = cs; k < p; ++k) {
      if (!AtWordStart(x_, k)) continue;
      auto tw = TypeWordAt(x_, k, false);
      if (tw && Match(x_, SkipWs(x_, tw->end), "nay") != kNpos) return true;
      k = WordEnd(x_, k) - 1;
    }
    return false;
  }

  // The enacting formula: "ban hành Quyết định (về việc) <trigger>".
  bool EnactingBefore(size_t p) const {
    size_t q = p;
    size_t s = MatchBefore(x_, q, "ve viec");
    if (s == kNpos) s = MatchBefore(x_, q, "ve");
    if (s != kNpos) q = s;
    for (const TypeWord& t : kTypeWords) {
      size_t s2 = MatchBefore(x_, q, t.key);
      if (s2 == kNpos || MatchBefore(x_, s2, "ban hanh") == kNpos) continue;
      // "... đề nghị ban hành Nghị quyết thay thế ..." in a Tờ trình is about the draft.
      return c_.own_type.empty() || U32(t.name) == c_.own_type;
    }
    return false;
  }

  // The issuing body as subject: "Sở Nội vụ hướng dẫn thực hiện ...".
  bool OwnAuthorityBefore(size_t p) const {
    if (c_.authority_key.size() < 4) return false;
    size_t q = p;
    size_t s = MatchBefore(x_, q, "da");
    if (s != kNpos) q = s;
    return MatchBefore(x_, q, c_.authority_key) != kNpos;
  }

  // The trigger describes the document mentioned just before it ("Nghị định số 01/2017/NĐ-CP
  // ngày ... sửa đổi, bổ sung ...").
  bool DescribesPrevious(size_t p) const {
    auto it = std::lower_bound(mentions_.begin(), mentions_.end(), p,
                               [](const Mention& m, size_t pos) { return m.end <= pos; });
    if (it == mentions_.begin()) return false;
    const Mention& m = *(it - 1);
    if (m.end > p || StartIn(clause_, p) > m.begin) return false;
    size_t words = 0;
    for (size_t k = m.end; k < p; ++k) {
      if (x_.t[k] == ',') return false;
      if (!AtWordStart(x_, k)) continue;
      if (FoldedIs(U32View(x_.f).substr(k, WordEnd(x_, k) - k), "va")) return false;
      if (++words > 12) return false;
    }
    return true;
  }

  bool Accepted(const Trigger& tr, double* base) {
    size_t p = tr.pos;
    U32View prev = PrevWord(x_, p);
    static constexpr std::string_view kModal[] = {"duoc", "bi",   "da", "se",   "can",  "phai",
                                                  "nghi", "xuat", "de", "nham", "chua", "khong"};
    if (FoldedIn(prev, kModal)) return false;
    if (FoldedIs(prev, "viec") && !EnactingBefore(p) && !(summary_ && SummaryStart() >= p)) {
      return false;
    }
    bool details = tr.rel == kGuides || tr.rel == kDetails;
    size_t cs = StartIn(clause_, p);
    bool ok = false;
    if (OwnSubjectBefore(p) || EnactingBefore(p) || OwnAuthorityBefore(p)) {
      ok = true;
    } else if (summary_ && p == SummaryStart()) {
      ok = true;
    } else if (!details && AtClauseStart(p)) {
      ok = true;
    } else {
      size_t b = BackWs(x_, p);
      bool joined = FoldedIs(prev, "va") || FoldedIs(prev, "thoi") || (b > 0 && x_.t[b - 1] == ',');
      if (joined && ClauseHasOwnSubject(cs, p)) {
        ok = true;
      } else if (joined && (accepted_clause_ == cs || (summary_ && !details))) {
        ok = true;
        *base = 0.9;
      } else if (summary_ && !details && !DescribesPrevious(p)) {
        ok = true;
        *base = 0.85;
      }
    }
    if (!ok) return false;
    if (DescribesPrevious(p) && !OwnSubjectBefore(p)) return false;
    accepted_clause_ = cs;
    return true;
  }

  size_t FirstMentionFrom(size_t p) const {
    auto it = std::lower_bound(mentions_.begin(), mentions_.end(), p,
                               [](const Mention& m, size_t pos) { return m.begin < pos; });
    return static_cast<size_t>(it - mentions_.begin());
  }

  bool GapWord(size_t b, size_t e) const {
    U32View w = U32View(x_.t).substr(b, e - b);
    if (IsRoman(w)) return true;
    bool digits = true;
    for (char32_t ch : w) digits = digits && IsDigit(ch);
    if (digits || w.size() <= 2) return true;
    return FoldedIn(U32View(x_.f).substr(b, e - b), kGapWords);
  }

  struct Gap {
    bool ok = false;
    size_t colon = kNpos;  // the gap reached ":" (a list follows)
  };

  Gap ScanGap(size_t from, size_t to, bool annexed) const {
    size_t words = 0;
    size_t max_words = annexed ? kMaxAnnexedGapWords : kMaxGapWords;
    for (size_t k = from; k < to;) {
      char32_t ch = x_.t[k];
      if (IsSpace(ch)) {
        ++k;
        continue;
      }
      if (ch == ';' || (ch == '.' && IsSentenceDot(x_, k))) return {};
      if (ch == ':' && IsColonBreak(x_, k)) return Gap{false, k};
      if (IsWc(ch)) {
        size_t e = WordEnd(x_, k);
        if (++words > max_words) return {};
        if (!annexed && !GapWord(k, e)) return {};
        k = e;
        continue;
      }
      ++k;
    }
    return Gap{true, kNpos};
  }

  void Emit(Rel rel, const Mention& m, size_t from, double base, std::vector<Found>* out) {
    out->push_back(Found{rel, m, m.begin, Excerpt(x_, from, m.end, true), base});
  }

  // Mentions that continue a list after `m`: "," / "và" right after its identifiers, or a ";"
  // that opens another item naming a document.
  size_t Chain(size_t idx, size_t limit, Rel rel, size_t from, double base,
               std::vector<Found>* out) {
    size_t n = 1;
    while (idx + 1 < mentions_.size() && n < kMaxTargetsPerClause) {
      const Mention& cur = mentions_[idx];
      const Mention& next = mentions_[idx + 1];
      if (next.begin >= limit || next.begin < cur.end || next.begin - cur.end > 400) break;
      bool linked = AfterConnector(x_, cur.end) == next.begin;
      if (!linked && next.type == cur.type) {
        // "Bãi bỏ Quyết định số A ... về ...; Quyết định số B ..."
        size_t semi = x_.t.rfind(';', next.begin);
        linked = semi != kNpos && semi >= cur.end && SkipBullets(x_, semi + 1) == next.begin &&
                 EndIn(sentence_, cur.end, x_.size()) > next.begin;
      }
      if (!linked) break;
      Emit(rel, next, from, base, out);
      ++idx;
      ++n;
    }
    return idx;
  }

  // Items of a list after ":": each opens (after a bullet or a number) with a document.
  void ReadList(size_t colon, Rel rel, size_t from, double base, std::vector<Found>* out) {
    size_t k = colon + 1;
    for (size_t n = 0; n < kMaxTargetsPerClause && k < x_.size(); ++n) {
      k = SkipBullets(x_, k);
      size_t idx = FirstMentionFrom(k);
      if (idx >= mentions_.size() || mentions_[idx].begin != k) break;
      Emit(rel, mentions_[idx], from, base, out);
      idx = Chain(idx, x_.size(), rel, from, base, out);
      size_t e = EndIn(clause_, mentions_[idx].end, x_.size());
      if (e >= x_.size()) break;
      k = e + 1;
    }
  }  // Targets after the trigger (from `from`, the end of the last of joined triggers) and before
  // `limit`, the next trigger that speaks for the document.
  void ReadForward(const Trigger& tr, size_t from, size_t limit, double base,
                   std::vector<Found>* out) {
    size_t before = out->size();
    size_t idx = FirstMentionFrom(from);
    Gap g;
    if (idx < mentions_.size() && mentions_[idx].begin < limit) {
      const Mention& m = mentions_[idx];
      bool details = tr.rel == kGuides || tr.rel == kDetails;
      // "Đính chính sai sót về kỹ thuật trình bày tại Thông tư số ...": any words.
      bool annexed =
          ((!details || tr.rel == kGuides) && MatchBefore(x_, m.begin, "kem theo") != kNpos) ||
          tr.rel == kCorrects;
      g = ScanGap(from, m.begin, annexed);
      if (g.ok) {
        Emit(tr.rel, m, tr.pos, base, out);
        Chain(idx, limit, tr.rel, tr.pos, base, out);
      }
    }
    if (!g.ok) {
      // "thay thế các Quyết định sau:" and the list after it (the ":" may be missing before a
      // numbered list: "Bãi bỏ toàn bộ các Quyết định sau\n1. Quyết định số ...")
      size_t e = g.colon != kNpos ? g.colon : EndIn(sentence_, from, x_.size());
      if (e < x_.size() && (x_.t[e] == ':' || x_.t[e] == '\n') && ScanGap(from, e, false).ok) {
        ReadList(e, tr.rel, tr.pos, base, out);
      }
    }
    size_t article = ArticleOf(tr.pos);
    if (article == kNpos) return;
    if (out->size() > before && InHeading(article, tr.pos)) {
      article_doc_[article] = (*out)[before].target;
    } else if (out->size() == before && tr.rel != kGuides && tr.rel != kDetails) {
      // "3. Bãi bỏ khoản 3 Điều 29." inside "Điều 2. Sửa đổi, bổ sung một số điều của Luật
      // ... số 67/2006/QH11": the article's document.
      auto it = article_doc_.find(article);
      if (it != article_doc_.end() && OnlyArticleRefs(from)) {
        out->push_back(Found{tr.rel, it->second, tr.pos,
                             Excerpt(x_, tr.pos, EndIn(clause_, from, x_.size()), false), base});
      }
    }
  }

  size_t ArticleOf(size_t p) const {
    auto it = std::upper_bound(articles_.begin(), articles_.end(), p);
    if (it == articles_.begin()) return kNpos;
    return static_cast<size_t>(it - articles_.begin()) - 1;
  }

  // The trigger opens the article's heading ("Điều 2. Sửa đổi, bổ sung ...").
  bool InHeading(size_t article, size_t p) const {
    size_t k = SkipWs(x_, Match(x_, articles_[article], "dieu"));
    while (k < p && (IsWc(x_.t[k]) || x_.t[k] == '.' || x_.t[k] == ':')) ++k;
    return SkipWs(x_, k) == p;
  }

  // Up to the end of the clause only "khoản 3 Điều 29", "điểm a", "và", ","...
  bool OnlyArticleRefs(size_t from) const {
    static constexpr std::string_view kRefs[] = {"khoan", "dieu", "diem", "muc", "va",  "cac",
                                                 "tai",   "cua",  "nhu",  "sau", "vao", "tiet"};
    size_t e = EndIn(clause_, from, x_.size());
    if (e - from > 200) return false;
    for (size_t k = from; k < e; ++k) {
      if (!AtWordStart(x_, k)) continue;
      size_t we = WordEnd(x_, k);
      U32View w = U32View(x_.f).substr(k, we - k);
      bool digits = true;
      for (char32_t ch : w)
        digits = digits && (IsDigit(ch) || (ch >= 'a' && ch <= 'z' && w.size() <= 4));
      if (!(digits || w.size() <= 2 || FoldedIn(w, kRefs))) return false;
      k = we - 1;
    }
    return true;
  }

  // "Quyết định số X ... hết hiệu lực (thi hành) kể từ ngày ...", and "Các Quyết định sau hết
  // hiệu lực kể từ ...:" with the list after it.
  void ReadBackward(const Trigger& tr, std::vector<Found>* out) {
    size_t k = SkipWs(x_, tr.end);
    size_t th = Match(x_, k, "thi hanh");
    if (th != kNpos) k = SkipWs(x_, th);
    bool from_date = Match(x_, k, "ke tu") != kNpos || Match(x_, k, "tu") != kNpos;
    bool ends = k >= x_.size() || x_.t[k] == '.' || x_.t[k] == ';';
    if (!from_date && !ends) return;
    U32View prev = PrevWord(x_, tr.pos);
    if (FoldedIs(prev, "da") || FoldedIs(prev, "nay") || FoldedIs(prev, "se")) return;
    size_t ss = StartIn(sentence_, tr.pos);
    if (ClauseHasOwnSubject(ss, tr.pos)) return;
    size_t idx = FirstMentionFrom(ss);
    if (idx < mentions_.size() && mentions_[idx].end <= tr.pos) {
      const Mention& m = mentions_[idx];
      size_t words = 0;
      for (size_t p = ss; p < m.begin && words <= 6; ++p) words += AtWordStart(x_, p) ? 1 : 0;
      if (words > 6) return;
      Emit(kRepeals, m, ss, 1.0, out);
      Chain(idx, tr.pos, kRepeals, ss, 1.0, out);
      return;
    }
    size_t e = EndIn(sentence_, tr.end, x_.size());
    if (e < x_.size() && x_.t[e] == ':') ReadList(e, kRepeals, ss, 1.0, out);
  }

  // After "ban hành kèm theo": "<type> này"; returns the position after it or kNpos.
  size_t AnnexSubject(size_t end) const {
    size_t k = SkipWs(x_, end);
    auto tw = TypeWordAt(x_, k, false);
    if (!tw) return kNpos;
    return Match(x_, SkipWs(x_, tw->end), "nay");
  }

  // "Ban hành kèm theo Quyết định này Quy chế ..." (or a list of annexed texts after ":").
  void ReadAnnex(const Trigger& tr, std::vector<Found>* out) {
    size_t n = AnnexSubject(tr.end);
    if (n == kNpos) return;
    size_t k = SkipWs(x_, n);
    bool list = k < x_.size() && x_.t[k] == ':';
    if (list) ++k;
    for (size_t items = 0; items < 20; ++items) {
      k = SkipBullets(x_, k);
      if (k >= x_.size() || !IsLetter(x_.t[k])) break;
      size_t e = AnnexTitleEnd(k);
      U32 title = StripChars(Slice(x_, k, e), U".;,:/");
      if (title.empty() || CountWords(title) < 2) break;
      Mention m;
      m.begin = k;
      m.end = e;
      m.title = CapitalizeFirst(title);
      if (auto t2 = TypeWordAt(x_, k, false)) m.type = U32(kTypeWords[t2->index].name);
      out->push_back(Found{kIssuesAnnex, m, tr.pos, Excerpt(x_, tr.pos, e, false), 1.0});
      if (!list || e >= x_.size() || x_.t[e] != ';') break;
      k = e + 1;
    }
  }

  size_t AnnexTitleEnd(size_t k) const {
    size_t e = k;
    for (; e < x_.size() && e - k < kMaxExcerpt; ++e) {
      char32_t ch = x_.t[e];
      if (ch == ';' || ch == ':' || ch == '(') break;
      if (ch == '.' && IsSentenceDot(x_, e)) break;
      if (ch == '.' && e + 1 < x_.size() && x_.t[e + 1] == '/') break;  // "./."
      if (ch == '\n') {
        size_t n = e + 1;
        size_t last = BackWs(x_, e);
        char32_t pc = last > 0 ? x_.t[last - 1] : 0;
        if (pc == '.' || pc == ';' || pc == ':' || SkipBullets(x_, n) != n ||
            StartsOtherParagraph(x_, n)) {
          break;
        }
      }
      if (ch == ',') {
        size_t n = SkipWs(x_, e + 1);
        if (Match(x_, n, "gom") != kNpos || Match(x_, n, "bao gom") != kNpos ||
            Match(x_, n, "cu the") != kNpos || Match(x_, n, "trong do") != kNpos) {
          break;
        }
      }
      if (ch == ' ' && (Match(x_, e + 1, "nhu sau") != kNpos || Match(x_, e + 1, "gom") != kNpos)) {
        break;
      }
    }
    return e;
  }

  const Text& x_;
  const std::vector<uint8_t>* zone_;
  bool summary_;
  const Ctx& c_;
  std::vector<size_t> sentence_;
  std::vector<size_t> clause_;
  std::vector<Mention> mentions_;
  std::vector<Trigger> triggers_;
  std::vector<size_t> articles_;                     // line starts of "Điều N"
  std::unordered_map<size_t, Mention> article_doc_;  // the document an article amends
  size_t accepted_clause_ = kNpos;
};

Ctx MakeCtx(const RefContext& rc) {
  Ctx c;
  U32 own = ToU32Str(NormalizeNfc(rc.own_number));
  size_t d = 0;
  while (d < own.size() && !IsDigit(own[d])) ++d;
  U32 norm = NormalizeNumber(U32View(own).substr(d));
  if (!norm.empty()) c.own_number_key = NumberKey(norm);
  c.authority = ToU32Str(NormalizeNfc(rc.authority));
  c.own_type = ToU32Str(NormalizeNfc(rc.own_type));
  for (char32_t ch : CollapseSpaces(Fold(c.authority))) {
    if (ch >= 0x80) {
      c.authority_key.clear();
      break;
    }
    c.authority_key.push_back(static_cast<char>(ch));
  }
  c.parent = ToU32Str(NormalizeNfc(rc.authority_parent));
  c.place = ToU32Str(NormalizeNfc(rc.place));
  CollectLocalities(c.authority, &c);
  CollectLocalities(c.parent, &c);
  return c;
}

// The line the body starts at: the first line of the header's reach (docs/metadata.md) that
// opens with a body marker in running case ("Căn cứ", "Kính gửi", "Điều 1" ...); the whole
// text when there is none (the header's number is not a mention, and what its trích yếu names
// is named again by the summary).
// Folded words without punctuation, with the line each comes from.
void HeaderWords(U32View s, size_t line, std::vector<std::pair<U32, size_t>>* out) {
  for (const U32& w : SplitWords(s)) {
    U32 f = Fold(StripChars(w, U".,;:()\"“”"));
    if (HasLetter(f) || (!f.empty() && IsDigit(f[0]))) out->emplace_back(std::move(f), line);
  }
}

// The line after the trích yếu: where the last words of the summary end among the header's
// lines (kNpos when they are not there).
size_t AfterSummary(const Prepared& p, U32View summary, size_t limit) {
  std::vector<std::pair<U32, size_t>> sw;
  HeaderWords(summary, 0, &sw);
  if (sw.size() < 3) return kNpos;
  size_t n = std::min<size_t>(sw.size(), 8);
  std::vector<std::pair<U32, size_t>> hw;
  for (size_t l = 0; l < std::min(p.lines.size(), limit); ++l) {
    HeaderWords(JoinCells(p.lines[l]), l, &hw);
  }
  for (size_t i = 0; i + n <= hw.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < n && ok; ++k) ok = hw[i + k].first == sw[sw.size() - n + k].first;
    if (ok) return hw[i + n - 1].second + 1;
  }
  return kNpos;
}

// The first line of the header's reach that opens with a body marker in running case.
size_t FirstMarkerLine(const Prepared& p) {
  static constexpr std::string_view kMarkers[] = {
      "can cu", "kinh gui", "dieu 1", "thuc hien",    "theo de nghi",
      "xet",    "chuong i", "phan i", "tai hoi nghi", "ngay"};
  size_t limit = std::min(p.lines.size(), kHeaderLines);
  for (size_t l = 0; l < limit; ++l) {
    if (p.lines[l].blank()) continue;
    U32View cell = p.lines[l].cells.front();
    cell.remove_prefix(SkipSpecks(cell));
    if (cell.size() < 2 || !IsUpperLetter(cell[0]) || !IsLowerLetter(cell[1])) continue;
    for (std::string_view m : kMarkers) {
      if (!StartsWithFolded(cell, m)) continue;
      // "Ngày 09 tháng 10 năm 2018, ..." opens a Thông báo; a dated header line does not
      // start with "Ngày".
      if (m == "ngay" && !ParseVnDateAt(cell, 0, true)) continue;
      return l;
    }
  }
  return kNpos;
}

size_t BodyStartLine(const Prepared& p, U32View summary) {
  size_t marker = FirstMarkerLine(p);
  size_t after = AfterSummary(p, summary, marker == kNpos ? kHeaderLines : marker);
  if (after != kNpos) return after;
  return marker == kNpos ? 0 : marker;
}

References Read(std::string_view text, const RefContext& rc) {
  References out;
  Ctx c = MakeCtx(rc);
  Prepared p = PrepareText(text);
  U32 summary = ToU32Str(NormalizeNfc(rc.summary));
  if (summary.size() > kMaxSummaryChars) summary.resize(kMaxSummaryChars);
  Body body = BuildBody(p, BodyStartLine(p, summary));

  // Bases, in the order of the Căn cứ lines.
  BaseReader bases(c, &out);
  for (auto [b, e] : body.can_cu) bases.ReadBlock(body.x, b, e);

  // Relations: the trích yếu first, then the body.
  Text stext = MakeText(CollapseSpaces(summary));
  RelationReader sreader(stext, nullptr, true, c);
  RelationReader breader(body.x, &body.zone, false, c);
  std::vector<RelationReader::Found> found = sreader.Read();
  for (auto& f : breader.Read()) found.push_back(std::move(f));

  // What the running text says about each document (date, body), to complete the relations:
  // an item records the citations outside the Căn cứ lines (docs/corpus.md), and the laws that
  // are named in one place and numbered in another ("... quy định chi tiết một số điều của
  // Luật Lưu trữ" / "... Luật Lưu trữ số 33/2024/QH15").
  std::unordered_map<std::u32string, LegalRef> info;
  std::unordered_map<std::u32string, LegalRef> running_info;
  std::unordered_map<std::u32string, Mention> by_name;
  auto learn = [&](const Mention& m, uint8_t zone) {
    if (!m.number.empty() && !m.name.empty()) by_name.emplace(U"t:" + Fold(m.name), m);
    if (zone == kCanCu) return;
    LegalRef r = ToRef(m, "", "", 1.0);
    auto [it, fresh] = info.emplace(m.Key(), r);
    if (!fresh) Merge(&it->second, r);
    if (zone != kRunning) return;
    auto [it2, fresh2] = running_info.emplace(m.Key(), r);
    if (!fresh2) Merge(&it2->second, r);
  };
  for (const Mention& m : sreader.mentions()) learn(m, kRunning);
  for (const Mention& m : breader.mentions()) learn(m, body.zone[m.begin]);

  ItemIndex index;
  std::unordered_map<std::u32string, bool> related;
  for (const auto& f : found) {
    const Mention* target = &f.target;
    if (target->own) continue;
    if (target->number.empty() && f.rel != kIssuesAnnex) {
      auto it = by_name.find(U"t:" + Fold(target->title));
      if (it != by_name.end()) target = &it->second;
    }
    const Mention& m = *target;
    U32 tkey = m.Key();
    LegalRef r = ToRef(m, kRelNames[f.rel], f.excerpt, f.base);
    if (f.rel == kIssuesAnnex) {
      r.title = Out(m.title);
      r.number.clear();
      r.date.clear();
      r.authority.clear();
      r.confidence = f.base;
    } else if (auto it = info.find(tkey); it != info.end()) {
      Merge(&r, it->second);
    }
    U32 key = ToU32Str(kRelNames[f.rel]) + U"|" + tkey;
    AddOrMerge(&out.relations, &index, key, std::move(r), kMaxRelations);
    related.emplace(tkey, true);
  }

  // cites: every other numbered document in the running text (not the Căn cứ lines, the
  // proposals or the Nơi nhận list) that no other relation names; a base named again in the
  // body is also cited (docs/corpus.md).
  auto cite = [&](const Text& x, const Mention& m, const std::vector<uint8_t>* zone) {
    if (m.own || m.number.empty()) return;
    if (zone && (*zone)[m.begin] != kRunning) return;
    U32 key = m.Key();
    if (related.count(key)) return;
    size_t from = m.begin > 120 ? m.begin - 120 : 0;
    while (from < m.begin && from > 0 && !IsSpace(x.t[from - 1])) ++from;
    LegalRef r = ToRef(m, kRelNames[kCites], Excerpt(x, from, m.end, true), 1.0);
    if (auto it = running_info.find(key); it != running_info.end()) Merge(&r, it->second);
    AddOrMerge(&out.relations, &index, U"cites|" + key, std::move(r), kMaxRelations);
  };
  for (const Mention& m : sreader.mentions()) cite(stext, m, nullptr);
  for (const Mention& m : breader.mentions()) cite(body.x, m, &body.zone);
  return out;
}

}  // namespace

References ReadReferences(std::string_view text, const RefContext& ctx) {
  try {
    return Read(text, ctx);
  } catch (const std::exception&) {
    // Out of memory on a pathological input: no references rather than a failed intake.
    return References{};
  }
}

}  // namespace vanban::metadata_internal
