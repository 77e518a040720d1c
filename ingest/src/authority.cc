#include "authority.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "doc_type.h"

namespace vanban::metadata_internal {
namespace {

// Names of bodies and positions are short; longer text is not one.
constexpr size_t kMaxNameChars = 200;

struct Phrase {
  std::string_view key;        // lowercase, words separated by one space, "ủy" spelling
  std::string_view cased;      // running-text form
  bool place_follows = false;  // a place name comes next ("Tỉnh ủy Thái Nguyên")
  bool whole_name = false;     // names one body by itself ("Quốc hội", "Bộ Công Thương")
};

// Kinds of bodies and fixed names of bodies. Longest match wins.
constexpr Phrase kBodies[] = {
    {"ủy ban nhân dân", "Ủy ban nhân dân"},
    {"hội đồng nhân dân", "Hội đồng nhân dân"},
    {"ủy ban thường vụ quốc hội", "Ủy ban Thường vụ Quốc hội", false, true},
    {"ủy ban mặt trận tổ quốc việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"},
    {"ủy ban mặt trận tổ quốc", "Ủy ban Mặt trận Tổ quốc"},
    {"mặt trận tổ quốc", "Mặt trận Tổ quốc"},
    {"quốc hội", "Quốc hội", false, true},
    {"chính phủ", "Chính phủ", false, true},
    {"thủ tướng chính phủ", "Thủ tướng Chính phủ", false, true},
    {"chủ tịch nước", "Chủ tịch nước", false, true},
    {"văn phòng", "Văn phòng"},
    {"bộ chỉ huy quân sự", "Bộ Chỉ huy Quân sự"},
    {"bộ chỉ huy", "Bộ Chỉ huy"},
    {"bộ công thương", "Bộ Công Thương", false, true},
    {"sở công thương", "Sở Công Thương"},
    {"bộ", "Bộ"},
    {"sở", "Sở"},
    {"ban", "Ban"},
    {"cục", "Cục"},
    {"tổng cục", "Tổng cục"},
    {"chi cục", "Chi cục"},
    {"vụ", "Vụ"},
    {"viện kiểm sát nhân dân", "Viện kiểm sát nhân dân"},
    {"tòa án nhân dân", "Tòa án nhân dân"},
    {"viện", "Viện"},
    {"học viện", "Học viện"},
    {"trung tâm", "Trung tâm"},
    {"phòng", "Phòng"},
    {"thanh tra", "Thanh tra"},
    {"kho bạc nhà nước", "Kho bạc Nhà nước"},
    {"công an", "Công an"},
    {"bảo hiểm xã hội", "Bảo hiểm xã hội"},
    {"kiểm toán nhà nước", "Kiểm toán nhà nước", false, true},
    {"ngân hàng nhà nước việt nam", "Ngân hàng Nhà nước Việt Nam", false, true},
    {"ngân hàng", "Ngân hàng"},
    {"trường", "Trường"},
    {"bệnh viện", "Bệnh viện"},
    {"đại học", "Đại học"},
    {"đảng bộ", "Đảng bộ"},
    {"đảng ủy", "Đảng ủy"},
    {"tỉnh ủy", "Tỉnh ủy", true},
    {"thành ủy", "Thành ủy", true},
    {"huyện ủy", "Huyện ủy", true},
    {"quận ủy", "Quận ủy", true},
    {"thị ủy", "Thị ủy", true},
    {"ban chấp hành trung ương", "Ban Chấp hành Trung ương"},
    {"ban chấp hành", "Ban Chấp hành"},
    {"ban thường vụ", "Ban Thường vụ"},
    {"hội đồng", "Hội đồng"},
    {"ủy ban", "Ủy ban"},
    {"tổng công ty", "Tổng công ty"},
    {"công ty", "Công ty"},
    {"liên đoàn lao động", "Liên đoàn Lao động"},
    {"đài phát thanh và truyền hình", "Đài Phát thanh và Truyền hình"},
};

constexpr Phrase kLocalities[] = {
    {"thành phố", "thành phố"}, {"thị xã", "thị xã"}, {"thị trấn", "thị trấn"},
    {"đặc khu", "đặc khu"},     {"tỉnh", "tỉnh"},     {"huyện", "huyện"},
    {"quận", "quận"},           {"xã", "xã"},         {"phường", "phường"},
};

// Abbreviations in headers, expanded before casing.
constexpr Phrase kAbbreviations[] = {
    {"ubnd", "ủy ban nhân dân"},   {"hđnd", "hội đồng nhân dân"},
    {"hdnd", "hội đồng nhân dân"}, {"ubmttq", "ủy ban mặt trận tổ quốc"},
    {"mttq", "mặt trận tổ quốc"},  {"tp.", "thành phố"},
    {"tp", "thành phố"},           {"tx.", "thị xã"},
};

constexpr Phrase kPositionPrefixes[] = {
    {"phó", "Phó"},
    {"quyền", "Quyền"},
};

// What may follow a position: "PHÓ BÍ THƯ THƯỜNG TRỰC", "PHÓ CHỦ TỊCH THƯỜNG TRỰC".
constexpr Phrase kPositionQualifiers[] = {
    {"thường trực", "Thường trực"},
};

constexpr Phrase kPositions[] = {
    {"chủ tịch nước", "Chủ tịch nước"},
    {"chủ tịch", "Chủ tịch"},
    {"tổng giám đốc", "Tổng Giám đốc"},
    {"giám đốc", "Giám đốc"},
    {"thủ tướng", "Thủ tướng"},
    {"bộ trưởng", "Bộ trưởng"},
    {"thứ trưởng", "Thứ trưởng"},
    {"chánh văn phòng", "Chánh Văn phòng"},
    {"chánh thanh tra", "Chánh Thanh tra"},
    {"tổng thanh tra", "Tổng Thanh tra"},
    {"chánh án", "Chánh án"},
    {"trưởng ban", "Trưởng ban"},
    {"trưởng phòng", "Trưởng phòng"},
    {"trưởng đoàn", "Trưởng đoàn"},
    {"tổng cục trưởng", "Tổng cục trưởng"},
    {"chi cục trưởng", "Chi cục trưởng"},
    {"cục trưởng", "Cục trưởng"},
    {"vụ trưởng", "Vụ trưởng"},
    {"viện trưởng", "Viện trưởng"},
    {"chủ nhiệm", "Chủ nhiệm"},
    {"hiệu trưởng", "Hiệu trưởng"},
    {"tổng bí thư", "Tổng Bí thư"},
    {"bí thư", "Bí thư"},
    {"tổng thư ký", "Tổng Thư ký"},
    {"thư ký", "Thư ký"},
    {"thống đốc", "Thống đốc"},
    {"tổng kiểm toán", "Tổng Kiểm toán"},
    {"ủy viên", "Ủy viên"},
    {"trưởng khoa", "Trưởng khoa"},
};

// Provinces and centrally-run cities (the 34 of 2025 and the 63 before), and the country.
// Names that are also common words ("hòa bình" = peace) are only restored after a locality word.
constexpr std::string_view kPlaces[] = {
    "Việt Nam",
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
    "Hà Giang",
    "Yên Bái",
    "Bắc Kạn",
    "Vĩnh Phúc",
    "Bắc Giang",
    "Hà Nam",
    "Nam Định",
    "Quảng Bình",
    "Thừa Thiên Huế",
    "Quảng Nam",
    "Kon Tum",
    "Phú Yên",
    "Ninh Thuận",
    "Bình Thuận",
    "Đắk Nông",
    "Bình Phước",
    "Bình Dương",
    "Bà Rịa - Vũng Tàu",
    "Tiền Giang",
    "Bến Tre",
    "Trà Vinh",
    "Sóc Trăng",
    "Hậu Giang",
    "Kiên Giang",
    "Bạc Liêu",
};
constexpr std::string_view kAmbiguousPlaces[] = {"Hòa Bình", "Thái Bình", "Hải Dương",
                                                 "Long An",  "Bình Định", "Phú Thọ"};

struct Token {
  U32 text;  // as written (after abbreviation expansion: lowercase words)
  U32 key;   // lowercase, "ủy" spelling
  bool punct = false;
  U32 folded = {};  // key without diacritics (set by Tokenize)
};

// "uỷ" (old tone placement) -> "ủy"; the canonical spelling of the project.
U32 CanonicalUy(U32View s) {
  U32 out(s);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    char32_t a = out[i];
    char32_t b = out[i + 1];
    if ((a == 'u' || a == 'U') && (b == U'ỷ' || b == U'Ỷ')) {
      out[i] = a == 'u' ? U'ủ' : U'Ủ';
      out[i + 1] = b == U'ỷ' ? U'y' : U'Y';
    }
  }
  return out;
}

bool IsPunctChar(char32_t c) {
  return c == ',' || c == ';' || c == '(' || c == ')' || c == '&' || IsDash(c);
}

// Folded, with a vowel read twice in bold capitals ("ĐOÓOC", "ĐOỌC" for "ĐỐC") as one: no
// name of a body or a position has a double vowel.
U32 FoldForMatch(U32View word) {
  U32 f = Fold(word);
  auto vowel = [](char32_t c) { return U32View(U"aeiouy").find(c) != U32View::npos; };
  f.erase(
      std::unique(f.begin(), f.end(), [&](char32_t a, char32_t b) { return a == b && vowel(a); }),
      f.end());
  return f;
}

std::vector<Token> Tokenize(U32View text) {
  std::vector<Token> raw;
  for (const U32& w : SplitWords(CanonicalUy(text))) {
    size_t b = 0;
    while (b < w.size() && IsPunctChar(w[b])) {
      raw.push_back({U32(1, w[b]), U32(1, w[b]), true});
      ++b;
    }
    size_t e = w.size();
    while (e > b && IsPunctChar(w[e - 1])) --e;
    if (e > b) {
      U32 word = w.substr(b, e - b);
      raw.push_back({word, Lower(word), false});
    }
    for (size_t k = e; k < w.size(); ++k) raw.push_back({U32(1, w[k]), U32(1, w[k]), true});
  }
  static const auto* const abbreviations = [] {
    auto* v = new std::vector<std::pair<U32, std::vector<U32>>>;
    for (const Phrase& a : kAbbreviations) {
      v->emplace_back(ToU32Str(a.key), SplitWords(ToU32Str(a.cased)));
    }
    return v;
  }();
  std::vector<Token> out;
  for (Token& t : raw) {
    bool expanded = false;
    if (!t.punct) {
      for (const auto& [key, words] : *abbreviations) {
        if (t.key == key) {
          for (const U32& w : words) out.push_back({w, w, false});
          expanded = true;
          break;
        }
      }
    }
    if (!expanded) {
      if (!t.punct && t.key.size() > 1 && t.key.back() == '.') {
        t.key.pop_back();
        t.text.pop_back();
      }
      out.push_back(std::move(t));
    }
  }
  for (Token& t : out) t.folded = FoldForMatch(t.key);
  return out;
}

struct PhraseTable {
  std::vector<std::vector<U32>> keys;
  std::vector<std::vector<U32>> folded;  // keys without diacritics
  // Keys of at least this many words also match without diacritics (see MatchAt).
  size_t folded_min_words = 2;
  std::vector<U32> cased;
  std::vector<bool> place_follows;
  std::vector<bool> whole_name;
};

template <size_t N>
PhraseTable MakeTable(const Phrase (&phrases)[N]) {
  PhraseTable t;
  for (const Phrase& p : phrases) {
    t.keys.push_back(SplitWords(ToU32Str(p.key)));
    std::vector<U32> folded;
    for (const U32& w : SplitWords(ToU32Str(p.key))) folded.push_back(FoldForMatch(w));
    t.folded.push_back(std::move(folded));
    t.cased.push_back(ToU32Str(p.cased));
    t.place_follows.push_back(p.place_follows);
    t.whole_name.push_back(p.whole_name);
  }
  return t;
}

const PhraseTable& Bodies() {
  static const PhraseTable t = MakeTable(kBodies);
  return t;
}
const PhraseTable& Localities() {
  static const PhraseTable t = MakeTable(kLocalities);
  return t;
}
const PhraseTable& Prefixes() {
  // "PHO" is "PHÓ" only before a position, which IsPositionTitle and CasePosition require.
  static const PhraseTable t = [] {
    PhraseTable p = MakeTable(kPositionPrefixes);
    p.folded_min_words = 1;
    return p;
  }();
  return t;
}
const PhraseTable& Positions() {
  static const PhraseTable t = MakeTable(kPositions);
  return t;
}
const PhraseTable& Qualifiers() {
  static const PhraseTable t = MakeTable(kPositionQualifiers);
  return t;
}

struct Match {
  size_t len = 0;  // tokens; 0 = no match
  size_t index = 0;
};

// The longest key of `table` at toks[i]. When no key matches as written, a key of at least
// table.folded_min_words words matches without diacritics: OCR of bold capitals often loses
// them ("PHO CHU TICH", "UY BAN NHAN DAN"), and the table gives the name back its spelling.
// Single words are left out (folded, "sở" is "số" and "xã" is "xa").
Match MatchAt(const std::vector<Token>& toks, size_t i, const PhraseTable& table) {
  Match best;
  for (int pass = 0; pass < 2 && !best.len; ++pass) {
    const auto& keys = pass == 0 ? table.keys : table.folded;
    for (size_t p = 0; p < keys.size(); ++p) {
      const auto& key = keys[p];
      if (key.size() <= best.len || i + key.size() > toks.size()) continue;
      if (pass == 1 && key.size() < table.folded_min_words) continue;
      bool ok = true;
      for (size_t k = 0; k < key.size() && ok; ++k) {
        const Token& t = toks[i + k];
        ok = !t.punct && (pass == 0 ? t.key : t.folded) == key[k];
      }
      if (ok) best = {key.size(), p};
    }
  }
  // "ban hành" (to issue) is a verb, not a board ("Ban Tuyên giáo").
  if (best.len == 1 && toks[i].key == U"ban" && i + 1 < toks.size() && toks[i + 1].key == U"hành") {
    return {};
  }
  return best;
}

Match MatchLocality(const std::vector<Token>& toks, size_t i) {
  Match m = MatchAt(toks, i, Localities());
  // "xã hội" (society) is not a commune.
  if (m.len == 1 && toks[i].key == U"xã" && i + 1 < toks.size() && toks[i + 1].key == U"hội") {
    return {};
  }
  return m;
}

U32 JoinTokens(const std::vector<U32>& words) {
  U32 out;
  for (const U32& w : words) {
    bool no_space_before = w == U"," || w == U";" || w == U")";
    if (!out.empty() && !no_space_before && out.back() != '(') out.push_back(' ');
    out += w;
  }
  return out;
}

void CasePlaceTokens(const std::vector<Token>& toks, size_t b, size_t e, std::vector<U32>* out) {
  for (size_t k = b; k < e; ++k)
    out->push_back(toks[k].punct ? toks[k].text : TitleWord(toks[k].text));
}

// Where a place name that starts at `b` ends: at a comma, a new body or the end.
size_t PlaceEnd(const std::vector<Token>& toks, size_t b) {
  size_t e = b;
  while (e < toks.size()) {
    if (toks[e].punct && !IsDash(toks[e].text[0])) break;
    if (e > b && MatchAt(toks, e, Bodies()).len >= 2) break;
    ++e;
  }
  return e;
}

std::vector<U32> CaseTokens(const std::vector<Token>& toks) {
  std::vector<U32> out;
  size_t i = 0;
  bool head_allowed = true;  // at the start, or right after a body kind (nested bodies)
  while (i < toks.size()) {
    const Token& t = toks[i];
    if (t.punct) {
      out.push_back(t.text);
      ++i;
      head_allowed = false;
      continue;
    }
    Match body = MatchAt(toks, i, Bodies());
    if (body.len && (head_allowed || body.len >= 2)) {
      out.push_back(Bodies().cased[body.index]);
      i += body.len;
      head_allowed = true;
      if (Bodies().place_follows[body.index]) {
        size_t e = PlaceEnd(toks, i);
        CasePlaceTokens(toks, i, e, &out);
        i = e;
      }
      continue;
    }
    head_allowed = false;
    Match loc = MatchLocality(toks, i);
    if (loc.len) {
      size_t b = i + loc.len;
      size_t e = PlaceEnd(toks, b);
      std::vector<U32> name;
      CasePlaceTokens(toks, b, e, &name);
      bool hcm =
          JoinTokens(name) == U"Hồ Chí Minh" && Localities().cased[loc.index] == U"thành phố";
      out.push_back(hcm ? U"Thành phố" : Localities().cased[loc.index]);
      out.insert(out.end(), name.begin(), name.end());
      i = e;
      continue;
    }
    // A field of activity: up to the next locality or multi-word body name. Each conjunct
    // ("Văn hóa, Thể thao và Du lịch") opens with a capital.
    size_t e = i;
    while (e < toks.size() && !MatchLocality(toks, e).len &&
           !(e > i && MatchAt(toks, e, Bodies()).len >= 2)) {
      ++e;
    }
    bool conjunct_start = true;
    for (size_t k = i; k < e; ++k) {
      const Token& w = toks[k];
      if (w.punct) {
        out.push_back(w.text);
        conjunct_start = true;
      } else if (w.key == U"và") {
        out.push_back(U"và");
        conjunct_start = true;
      } else {
        out.push_back(conjunct_start ? TitleWord(w.text) : Lower(w.text));
        conjunct_start = false;
      }
    }
    i = e;
  }
  return out;
}

bool IsLocalityWord(U32View lower_word_seq) {
  for (const Phrase& p : kLocalities) {
    if (lower_word_seq == ToU32Str(p.key)) return true;
  }
  return false;
}

// Replaces each lowercase occurrence of `name` (title case) in `text` at word boundaries.
void RestoreName(U32* text, const U32& lower_text, const U32& name, bool need_locality) {
  U32 lname = Lower(name);
  size_t pos = 0;
  while ((pos = lower_text.find(lname, pos)) != U32::npos) {
    size_t end = pos + lname.size();
    bool ok_before = pos == 0 || !IsLetter(lower_text[pos - 1]);
    bool ok_after = end >= lower_text.size() || !IsLetter(lower_text[end]);
    if (ok_before && ok_after && need_locality) {
      std::vector<U32> before = SplitWords(U32View(lower_text).substr(0, pos));
      bool loc = false;
      if (!before.empty()) loc = IsLocalityWord(before.back());
      if (before.size() >= 2)
        loc = loc || IsLocalityWord(before[before.size() - 2] + U" " + before.back());
      ok_before = loc;
    }
    if (ok_before && ok_after) {
      for (size_t k = 0; k < name.size(); ++k) (*text)[pos + k] = name[k];
    }
    pos = end;
  }
}

}  // namespace

namespace {

// A unit without what OCR adds to it: stray marks ("¬", quotes), specks at its end that are no
// Vietnamese word ("TT", "Ẻ"), a document type read from the line below ("KẾ HOẠCH") and the
// motto or the Party's name read from the column beside it ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
// NAM", "ĐẢNG CỘNG SẢN VIỆT NAM"). A born-digital header holds none of these, and its units come
// back unchanged.
U32 CleanAuthorityUnit(U32View unit) {
  static constexpr std::u32string_view kStrayMarks = U"‘’'`\"“”¬|~^*_«»";
  U32 text(unit);
  for (char32_t& c : text) {
    if (kStrayMarks.find(c) != std::u32string_view::npos) c = ' ';
  }
  std::vector<U32> words = SplitWords(text);
  std::vector<U32> folded;
  for (const U32& w : words) folded.push_back(Fold(w));
  // The motto or the Party's name, and what follows it: "CỘNG HÒA …", "(Đ)ẢNG CỘNG SẢN …".
  // "XÃ CỘNG HÒA" alone is a commune: the motto needs its next word ("XÃ HỘI", "VIỆT").
  for (size_t i = 1; i + 2 < words.size(); ++i) {
    const bool motto = folded[i + 1] == U"hoa" && folded[i + 2].rfind(U"xa", 0) == 0;
    const bool party = folded[i + 1] == U"san" && folded[i + 2].rfind(U"viet", 0) == 0;
    if (folded[i] != U"cong" || !(motto || party)) continue;
    size_t cut = i;
    if (folded[i - 1] == U"dang" || folded[i - 1] == U"ang") --cut;
    if (cut >= 2) words.resize(cut);
    break;
  }
  auto is_speck = [](const U32& w) {
    static constexpr std::u32string_view kVowels = U"aăâeêioôơuưy";
    U32 f = Fold(w);
    if (f.size() == 1 && IsLetter(f[0])) return true;  // one letter: "Ẻ"
    // Two letters without a vowel: "TT", "TS". Longer ones are abbreviations ("HĐND",
    // "ĐBQH"), as is "TW" (Trung ương).
    if (f.size() != 2 || f == U"tw") return false;
    for (char32_t c : f) {
      if (kVowels.find(c) != std::u32string_view::npos || !IsLetter(c)) return false;
    }
    return true;
  };
  // A type name of two words or more, or specks, at the end, while a name of two words or more
  // remains. One-word types end real names ("TRƯỜNG ĐẠI HỌC LUẬT"), and a board is named after
  // the programme or project it runs ("BAN QUẢN LÝ DỰ ÁN").
  static constexpr std::u32string_view kSubjectTypes[] = {U"Dự án", U"Đề án", U"Chương trình",
                                                          U"Phương án", U"Hợp đồng"};
  for (bool changed = true; changed && words.size() > 2;) {
    changed = false;
    if (is_speck(words.back())) {
      words.pop_back();
      changed = true;
      continue;
    }
    for (size_t k = std::min<size_t>(3, words.size() - 2); k >= 2 && !changed; --k) {
      U32 tail;
      for (size_t j = words.size() - k; j < words.size(); ++j) {
        if (!tail.empty()) tail += U" ";
        tail += words[j];
      }
      std::optional<TitleMatch> m = MatchTitleLine(tail);
      if (m && m->rest.empty() &&
          std::find(std::begin(kSubjectTypes), std::end(kSubjectTypes), m->type) ==
              std::end(kSubjectTypes)) {
        words.resize(words.size() - k);
        changed = true;
      }
    }
  }
  U32 out;
  for (const U32& w : words) {
    if (!out.empty()) out += U" ";
    out += w;
  }
  return out == CollapseSpaces(unit) ? U32(unit) : out;
}

}  // namespace

std::vector<U32> SplitAuthorityUnits(const std::vector<U32>& lines) {
  std::vector<Token> toks;
  std::vector<bool> line_start;
  for (const U32& line : lines) {
    std::vector<Token> lt = Tokenize(line);
    for (size_t k = 0; k < lt.size(); ++k) {
      toks.push_back(std::move(lt[k]));
      line_start.push_back(k == 0);
    }
  }
  std::vector<std::vector<Token>> units(1);
  bool unit_complete = false;
  size_t i = 0;
  while (i < toks.size()) {
    // One line naming two bodies side by side, as joint documents do ("BỘ TÀI CHÍNH - BỘ NỘI
    // VỤ"): a dash between a complete body and a kind of body separates them.
    if (!units.back().empty() && toks[i].punct && IsDash(toks[i].text[0]) && i + 1 < toks.size() &&
        !line_start[i + 1] && MatchAt(toks, i + 1, Bodies()).len) {
      units.emplace_back();
      unit_complete = false;
      ++i;
      continue;
    }
    if (i == 0 || line_start[i]) {
      Match body = MatchAt(toks, i, Bodies());
      // A kind of body alone on a line names nothing: it is the end of the line above,
      // wrapped inside a word ("SỞ NÔNG NGHIỆP VÀ MÔI" / "TRƯỜNG").
      bool alone = body.len == 1 && (i + 1 == toks.size() || line_start[i + 1]);
      if (body.len && !(alone && unit_complete)) {
        if (unit_complete) {
          units.emplace_back();
          unit_complete = false;
        }
        for (size_t k = 0; k < body.len; ++k) units.back().push_back(toks[i + k]);
        i += body.len;
        if (Bodies().whole_name[body.index]) unit_complete = true;
        continue;
      }
    }
    if (!toks[i].punct) unit_complete = true;
    units.back().push_back(toks[i]);
    ++i;
  }
  // Capitals that do not open with a kind of body (a page title, a stamp) are not part of the
  // names once some unit does.
  bool any_body = false;
  for (const auto& u : units) any_body = any_body || (!u.empty() && MatchAt(u, 0, Bodies()).len);
  std::vector<U32> out;
  for (const auto& u : units) {
    if (any_body && (u.empty() || !MatchAt(u, 0, Bodies()).len)) continue;
    std::vector<U32> words;
    for (const Token& t : u) words.push_back(t.text);
    U32 joined = JoinTokens(words);
    if (!joined.empty()) out.push_back(CleanAuthorityUnit(joined));
  }
  return out;
}

U32 NamePartyBody(U32View body, U32View parent) {
  static constexpr std::u32string_view kCommittees[] = {U"Tỉnh ủy", U"Thành ủy", U"Huyện ủy",
                                                        U"Quận ủy", U"Thị ủy"};
  auto starts_with = [](U32View s, U32View p) {
    return s.size() > p.size() && s.substr(0, p.size()) == p && s[p.size()] == ' ';
  };
  for (std::u32string_view kind : kCommittees) {
    // "ĐẢNG BỘ TỈNH TUYÊN QUANG" / "TỈNH ỦY": the committee of that Đảng bộ.
    if (body == kind && starts_with(parent, U"Đảng bộ")) {
      std::vector<Token> toks = Tokenize(parent.substr(8));
      Match loc = MatchLocality(toks, 0);
      if (!loc.len || loc.len >= toks.size()) return U32(body);
      U32 place = Trim(parent.substr(8));
      for (size_t k = 0; k < loc.len; ++k) place = Trim(U32View(place).substr(toks[k].text.size()));
      return U32(body) + U" " + place;
    }
    // "TỈNH ỦY PHÚ THỌ" / "BAN TUYÊN GIÁO": "Ban Tuyên giáo Tỉnh ủy".
    if (starts_with(parent, kind) && Lower(body).find(U" ủy") == U32::npos &&
        (starts_with(body, U"Ban") || starts_with(body, U"Văn phòng") ||
         starts_with(body, U"Ủy ban Kiểm tra"))) {
      return U32(body) + U" " + U32(kind);
    }
  }
  return U32(body);
}

U32 CaseAuthority(U32View unit) {
  std::vector<Token> toks = Tokenize(CollapseSpaces(unit));
  return RestoreProperNouns(JoinTokens(CaseTokens(toks)));
}

bool StartsWithBodyName(U32View text) {
  if (text.size() > kMaxNameChars) return false;
  std::vector<Token> toks = Tokenize(text);
  return !toks.empty() && MatchAt(toks, 0, Bodies()).len > 0;
}

bool IsBareLocalBody(U32View cased) {
  return cased == U"Ủy ban nhân dân" || cased == U"Hội đồng nhân dân";
}

// Punctuation an OCR leaves after a title.
bool IsTrailingSpeck(const Token& t) {
  return t.punct && U32View(U".,;:'`").find(t.key[0]) != U32View::npos;
}

bool IsPositionTitle(U32View cell) {
  if (cell.size() > kMaxNameChars || !IsMostlyUpper(cell)) return false;
  std::vector<Token> toks = Tokenize(cell);
  size_t i = 0;
  while (i < toks.size()) {
    Match p = MatchAt(toks, i, Prefixes());
    if (!p.len) break;
    i += p.len;
  }
  Match base = MatchAt(toks, i, Positions());
  if (!base.len) return false;
  i += base.len;
  i += MatchAt(toks, i, Qualifiers()).len;
  // A speck after the title ("PHÓ GIÁM ĐỐC,").
  size_t end = toks.size();
  while (end > i && IsTrailingSpeck(toks[end - 1])) --end;
  if (i == end) return true;
  return MatchAt(toks, i, Bodies()).len > 0 || MatchLocality(toks, i).len > 0;
}

U32 CasePosition(U32View title) {
  std::vector<Token> toks = Tokenize(CollapseSpaces(title));
  std::vector<U32> out;
  size_t i = 0;
  while (i < toks.size()) {
    Match p = MatchAt(toks, i, Prefixes());
    if (!p.len) break;
    out.push_back(Prefixes().cased[p.index]);
    i += p.len;
  }
  Match base = MatchAt(toks, i, Positions());
  if (!base.len) return SentenceCase(CollapseSpaces(title));
  out.push_back(Positions().cased[base.index]);
  i += base.len;
  Match qualifier = MatchAt(toks, i, Qualifiers());
  if (qualifier.len) {
    out.push_back(Qualifiers().cased[qualifier.index]);
    i += qualifier.len;
  }
  U32 head = JoinTokens(out);
  // A speck after the title ("PHÓ GIÁM ĐỐC,"), as IsPositionTitle allows.
  size_t end = toks.size();
  while (end > i && IsTrailingSpeck(toks[end - 1])) --end;
  if (i == end) return head;
  std::vector<Token> rest(toks.begin() + static_cast<std::ptrdiff_t>(i),
                          toks.begin() + static_cast<std::ptrdiff_t>(end));
  return head + U" " + RestoreProperNouns(JoinTokens(CaseTokens(rest)));
}

U32 CasePlace(U32View place) {
  U32 s = CollapseSpaces(StripChars(place, U",.;:"));
  U32 f = Fold(s);
  if (f.rfind(U"tp.", 0) == 0 || f.rfind(U"tp ", 0) == 0) {
    size_t skip = f[2] == '.' ? 3 : 2;
    s = U"Thành phố " + Trim(U32View(s).substr(skip));
  }
  if (IsMostlyUpper(s)) s = TitleWords(s);
  if (Fold(s).rfind(U"thanh pho ", 0) == 0) s = U"Thành phố" + s.substr(9);
  return s;
}

U32 RestoreProperNouns(U32View text) {
  U32 out(text);
  U32 lower = Lower(text);
  for (std::string_view p : kPlaces) RestoreName(&out, lower, ToU32Str(p), false);
  for (std::string_view p : kAmbiguousPlaces) RestoreName(&out, lower, ToU32Str(p), true);
  // "thành phố Hồ Chí Minh" -> "Thành phố Hồ Chí Minh": the city's name includes the word.
  U32 hcm = U"thành phố Hồ Chí Minh";
  size_t pos = 0;
  while ((pos = out.find(hcm, pos)) != U32::npos) {
    out[pos] = U'T';
    pos += hcm.size();
  }
  return out;
}

}  // namespace vanban::metadata_internal
