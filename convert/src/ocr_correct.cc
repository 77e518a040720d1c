#include "ocr_correct.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <map>
#include <utility>
#include <vector>

#include "vanban/convert/text.h"

namespace vanban {
namespace {

// A word of the document: where its letters are, without the punctuation around it.
struct Word {
  size_t page = 0;
  size_t begin = 0;  // in the page's code points
  size_t end = 0;
  std::u32string lower;
  std::u32string folded;
};

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsEdge(char32_t c) {
  static constexpr std::u32string_view kEdge = U".,;:()\u201C\u201D\"'!?[]/-";
  return kEdge.find(c) != std::u32string_view::npos;
}

// Diacritics of a word: combining marks of its canonical decomposition, and the bar of đ.
int Marks(const std::u32string& w) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  int marks = 0;
  for (char32_t c : w) {
    if (c == U'đ' || c == U'Đ') ++marks;
    icu::UnicodeString d;
    if (U_FAILURE(status) || !nfd->getDecomposition(static_cast<UChar32>(c), d)) continue;
    for (int32_t i = 0; i < d.length(); i = d.moveIndex32(i, 1)) {
      if (u_getCombiningClass(d.char32At(i)) > 0) ++marks;
    }
  }
  return marks;
}

// `spelling` (lower case) in the case pattern of `read`.
std::u32string InCaseOf(const std::u32string& spelling, std::u32string_view read) {
  bool upper = false, lower = false;
  for (char32_t c : read) {
    upper = upper || u_isupper(static_cast<UChar32>(c));
    lower = lower || u_islower(static_cast<UChar32>(c));
  }
  std::u32string out = spelling;
  if (upper && !lower) {
    for (char32_t& c : out) c = static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
  } else if (!read.empty() && u_isupper(static_cast<UChar32>(read[0])) && !out.empty()) {
    out[0] = static_cast<char32_t>(u_toupper(static_cast<UChar32>(out[0])));
  }
  return out;
}

using Pair = std::pair<std::u32string, std::u32string>;

// Pairs of words that official documents write often, as they are spelled. When the document
// gives a pair no clear majority (no other spelling of the pair is read twice and more often
// than this one), this wins, under the same rule that no word loses a
// diacritic, and keeping the document's tone placement; a pair read in this spelling is never
// rewritten by a majority. Tesseract reads the hook above as an acute ("Đấy mạnh", "bố sung",
// "Chuyển đối") and drops marks ("cap tinh"); a document that says its trích yếu once has no
// majority to correct it. Only pairs whose other spellings are not words together: not "Thủ
// trưởng"/"Thứ trưởng", "sự"/"sử".
constexpr const char* kCollocations[] = {
    "đẩy mạnh",     "sửa đổi",      "kết luận",   "chuyển đổi",   "đổi số",     "cấp tỉnh",
    "cấp huyện",    "cấp xã",       "ủy ban",     "nhân dân",     "hội đồng",   "thông tin",
    "truyền thông", "chi bộ",       "đảng ủy",    "đảng bộ",      "tỉnh ủy",    "huyện ủy",
    "thành ủy",     "kế hoạch",     "quyết định", "nghị quyết",   "nghị định",  "chỉ thị",
    "thông báo",    "thông tư",     "báo cáo",    "tổ chức",      "thực hiện",  "triển khai",
    "công nghệ",    "điện tử",      "hành chính", "cải cách",     "quyết toán", "ngân sách",
    "địa phương",   "địa bàn",      "phát triển", "kinh tế",      "quản lý",    "sử dụng",
    "hệ thống",     "văn bản",      "điều hành",  "cơ quan",      "nhà nước",   "chủ tịch",
    "giám đốc",     "chỉ đạo",      "ban hành",   "kèm theo",     "hiệu lực",   "căn cứ",
    "chính phủ",    "quy chế",      "nhiệm vụ",   "giải pháp",    "tăng cường", "nâng cao",
    "chất lượng",   "hiệu quả",     "đầu tư",     "xây dựng",     "nông thôn",  "nông nghiệp",
    "môi trường",   "tài nguyên",   "tài chính",  "giáo dục",     "đào tạo",    "văn hóa",
    "du lịch",      "thể thao",     "an ninh",    "quốc phòng",   "trật tự",    "an toàn",
    "phòng chống",  "kiểm tra",     "giám sát",   "thanh tra",    "khiếu nại",  "tố cáo",
    "thi đua",      "khen thưởng",  "số hóa",     "dữ liệu",      "dịch vụ",    "trực tuyến",
    "tài liệu",     "lưu trữ",      "văn thư",    "hồ sơ",        "thủ tục",    "giải quyết",
    "tiếp nhận",    "phản ánh",     "kiến nghị",  "doanh nghiệp", "người dân",  "cán bộ",
    "công chức",    "viên chức",    "tuyển dụng", "bổ nhiệm",     "biên chế",   "đề án",
    "dự án",        "chương trình", "giai đoạn",  "tầm nhìn",     "tình hình",  "kết quả",
    "sơ kết",       "tổng kết",     "phê duyệt",  "phê chuẩn",    "đính chính", "bãi bỏ",
    "thay thế",     "hướng dẫn",
};

// The Nơi nhận list, in small print: "(để b/c)", "Cổng Thông tin điện tử", "thị xã".
constexpr const char* kListCollocations[] = {
    "để b/c",   "để p/h", "thị ủy",   "ban bí",  "đoàn thể", "bộ y",       "kiểm toán", "tổ quốc",
    "đồng chí", "thị xã", "công báo", "chỉ huy", "đại biểu", "thành viên", "để đăng",
};

// The model province's own place names (Thái Nguyên and its districts and towns), which its
// documents write in every header, list and body: "huyện Đồng Hy" is "Đồng Hỷ".
constexpr const char* kPlaceCollocations[] = {
    "thái nguyên", "đồng hỷ",  "phú lương", "định hóa",  "võ nhai",
    "đại từ",      "phú bình", "phổ yên",   "sông công",
};

// Pairs no other spelling of which is a phrase ("Cống TTĐT", "Sở Nội vu", "Luu: VT"): they
// win even against the document's majority, which is then a misreading repeated.
constexpr const char* kAlwaysCollocations[] = {
    "cổng ttđt",  "cổng thông", "nội vụ",     "trung ương", "ương đảng",  "lưu vt",  "hđnd tỉnh",
    "hđnd huyện", "ubnd tỉnh",  "ubnd huyện", "bổ sung",    "tổng quyết", "số điều",
};

// Pairs as Tesseract misreads them that are no Vietnamese at all, with what they stand for:
// the hook it adds to "chi" before "tiết" (22 times in the corpus's scans), the "a" of "ban"
// read as "e", the dot it adds to "thi đua", the hook to "tin" ("tỉn" is no word). "mức chỉ" and
// "chỉ bộ" are Vietnamese ("ở mức chỉ 5 %", "chỉ Bộ …"), but no document of the corpus writes
// them, and in its scans the Vietnamese model read "mức chi" (spending) as "mức chỉ" 10 times and
// "Chi bộ" (a Party cell) as "Chỉ bộ" twice. The only rewrite that may take a mark away, so the
// table stays this short.
constexpr std::pair<const char*, const char*> kMisreadings[] = {
    {"chỉ tiết", "chi tiết"},   {"ủy ben", "ủy ban"},   {"uỷ ben", "uỷ ban"},
    {"thị đua", "thi đua"},     {"mức chỉ", "mức chi"}, {"chỉ bộ", "chi bộ"},
    {"thông tỉn", "thông tin"},
};

// Abbreviations with Đ whose bar OCR loses in small capitals ("TGD Cống TTDT", "LDVP"); the
// forms read are no abbreviations of their own.
constexpr std::pair<std::u32string_view, std::u32string_view> kAbbreviations[] = {
    {U"TTDT", U"TTĐT"},   {U"TGD", U"TGĐ"},       {U"PGD", U"PGĐ"},
    {U"LDVP", U"LĐVP"},   {U"BCD", U"BCĐ"},       {U"GD&DT", U"GD&ĐT"},
    {U"KH&DT", U"KH&ĐT"}, {U"LDTBXH", U"LĐTBXH"}, {U"DBQH", U"ĐBQH"},
};

struct Collocation {
  Pair spelled;
  bool always = false;  // from kAlwaysCollocations
};

// A pair of the tables, "a b", as its two words.
Pair SpelledPair(const char* c) {
  const std::u32string s = ToU32(NormalizeNfc(c));
  const size_t space = s.find(U' ');
  return Pair{s.substr(0, space), s.substr(space + 1)};
}

// kMisreadings as pairs: (as read, what it stands for).
const std::vector<std::pair<Pair, Pair>>& Misreadings() {
  static const std::vector<std::pair<Pair, Pair>> table = [] {
    std::vector<std::pair<Pair, Pair>> t;
    for (const auto& [read, meant] : kMisreadings) {
      t.emplace_back(SpelledPair(read), SpelledPair(meant));
    }
    return t;
  }();
  return table;
}

// The common pairs by their folded form.
const std::map<Pair, Collocation>& Collocations() {
  static const std::map<Pair, Collocation> table = [] {
    std::map<Pair, Collocation> t;
    auto add = [&t](const char* c, bool always) {
      Pair spelled = SpelledPair(c);
      Pair folded = spelled;
      for (std::u32string* w : {&folded.first, &folded.second}) {
        for (char32_t& ch : *w) ch = FoldCodepoint(ch);
      }
      t.emplace(std::move(folded), Collocation{std::move(spelled), always});
    };
    for (const char* c : kCollocations) add(c, false);
    for (const char* c : kListCollocations) add(c, false);
    for (const char* c : kPlaceCollocations) add(c, false);
    for (const char* c : kAlwaysCollocations) add(c, true);
    return t;
  }();
  return table;
}

// Tesseract's Vietnamese model reads some Đ as Đ and Ð (the Icelandic eth, U+00D0) together
// ("QĐÐ-BTC", "TGĐÐ"), or as Ð alone. Vietnamese has no eth: Ð and ð are Đ and đ, and an eth
// after Đ is the same letter read twice. Whether anything changed.
bool WithoutEth(std::u32string& t) {
  if (t.find_first_of(U"\u00D0\u00F0") == std::u32string::npos) return false;
  std::u32string out;
  out.reserve(t.size());
  for (char32_t c : t) {
    if (c != 0x00D0 && c != 0x00F0) {
      out.push_back(c);
      continue;
    }
    const char32_t d = c == 0x00D0 ? 0x0110 : 0x0111;
    if (!out.empty() && out.back() == d) continue;  // "ĐÐ"
    out.push_back(d);
  }
  t = std::move(out);
  return true;
}

}  // namespace

void CorrectOcrDiacritics(std::vector<std::string>& pages, const std::vector<bool>& ocr) {
  std::vector<std::u32string> text(pages.size());
  std::vector<Word> words;
  for (size_t p = 0; p < pages.size(); ++p) {
    // Tesseract may give a capital with its marks decomposed ("CHI" + hook): NFC first, as
    // the tables are written.
    text[p] = ToU32(NormalizeNfc(pages[p]));
    if (ocr[p] && WithoutEth(text[p])) pages[p] = ToUtf8(text[p]);
    const std::u32string& t = text[p];
    for (size_t i = 0; i < t.size();) {
      while (i < t.size() && IsSpace(t[i])) ++i;
      size_t b = i;
      while (i < t.size() && !IsSpace(t[i])) ++i;
      size_t e = i;
      while (b < e && IsEdge(t[b])) ++b;
      while (e > b && IsEdge(t[e - 1])) --e;
      Word w;
      w.page = p;
      w.begin = b;
      w.end = e;
      for (size_t k = b; k < e; ++k) {
        w.lower.push_back(LowerCodepoint(t[k]));
        w.folded.push_back(FoldCodepoint(t[k]));
      }
      words.push_back(std::move(w));  // an empty word (punctuation alone) breaks pairs
    }
  }
  // Misreadings first, so that they neither vote for a spelling nor are one to take.
  std::vector<std::u32string> replacement(words.size());
  std::vector<bool> replaced(words.size(), false);
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (replaced[i] || replaced[i + 1] || !ocr[words[i].page] || !ocr[words[i + 1].page]) continue;
    for (const auto& [read, meant] : Misreadings()) {
      if (words[i].lower != read.first || words[i + 1].lower != read.second) continue;
      for (size_t k = 0; k < 2; ++k) {
        Word& w = words[i + k];
        const std::u32string& to = k == 0 ? meant.first : meant.second;
        if (to == w.lower) continue;
        replacement[i + k] =
            InCaseOf(to, std::u32string_view(text[w.page]).substr(w.begin, w.end - w.begin));
        replaced[i + k] = true;
        w.lower = to;  // counted below as what it stands for
      }
    }
  }
  // Spellings of each pair of words, by the pair without diacritics.
  std::map<Pair, std::map<Pair, int>> spellings;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i].lower.empty() || words[i + 1].lower.empty()) continue;
    ++spellings[{words[i].folded, words[i + 1].folded}][{words[i].lower, words[i + 1].lower}];
  }
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i].lower.empty() || words[i + 1].lower.empty()) continue;
    const auto& counts = spellings[{words[i].folded, words[i + 1].folded}];
    const Pair read{words[i].lower, words[i + 1].lower};
    const Pair* best = nullptr;
    int most = 0;
    bool tie = false;
    for (const auto& [spelling, n] : counts) {
      if (n > most) {
        best = &spelling;
        most = n;
        tie = false;
      } else if (n == most) {
        tie = true;
      }
    }
    const bool majority = best != nullptr && !tie && *best != read && most >= kMinMajority &&
                          most >= kMajorityRatio * counts.at(read);
    // A common pair's own spelling, as the document places its tone marks ("Uỷ ban" is the
    // older placement, not a misreading): a pair read so is never rewritten.
    const auto known = Collocations().find({words[i].folded, words[i + 1].folded});
    Pair known_spelling;
    if (known != Collocations().end()) {
      auto same_word = [](const std::u32string& a, const std::u32string& b) {
        return a == b || NormalizeTonePlacement(ToUtf8(a)) == NormalizeTonePlacement(ToUtf8(b));
      };
      const Pair& common = known->second.spelled;
      known_spelling = {same_word(read.first, common.first) ? read.first : common.first,
                        same_word(read.second, common.second) ? read.second : common.second};
      if (known_spelling == read) continue;
    }
    if (known != Collocations().end() && known->second.always) {
      best = &known_spelling;  // whatever the document's majority
    } else if (!majority) {
      // No clear majority in the document: the common pair's spelling, unless the document
      // gives another spelling twice and more often.
      if (known == Collocations().end()) continue;
      const auto given = counts.find(known_spelling);
      const int given_n = given == counts.end() ? 0 : given->second;
      bool outvoted = false;
      for (const auto& [spelling, n] : counts) {
        outvoted = outvoted || (spelling != known_spelling && n >= 2 && n > given_n);
      }
      if (outvoted) continue;
      best = &known_spelling;
    }
    const std::u32string* to[2] = {&best->first, &best->second};
    if (Marks(*to[0]) < Marks(read.first) || Marks(*to[1]) < Marks(read.second)) continue;
    for (size_t k = 0; k < 2; ++k) {
      const Word& w = words[i + k];
      if (*to[k] == w.lower || !ocr[w.page]) continue;
      replacement[i + k] =
          InCaseOf(*to[k], std::u32string_view(text[w.page]).substr(w.begin, w.end - w.begin));
      replaced[i + k] = true;
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (replaced[i] || !ocr[w.page]) continue;
    const std::u32string_view read =
        std::u32string_view(text[w.page]).substr(w.begin, w.end - w.begin);
    for (const auto& [as_read, spelled] : kAbbreviations) {
      if (read != as_read) continue;
      replacement[i] = spelled;
      replaced[i] = true;
    }
  }
  // Rewrite the pages, each word replaced in place (the words of a page are in order).
  std::vector<std::u32string> out(pages.size());
  std::vector<size_t> done(pages.size(), 0);
  bool any = false;
  for (size_t i = 0; i < words.size(); ++i) {
    if (!replaced[i]) continue;
    const Word& w = words[i];
    out[w.page].append(text[w.page], done[w.page], w.begin - done[w.page]);
    out[w.page] += replacement[i];
    done[w.page] = w.end;
    any = true;
  }
  if (!any) return;
  for (size_t p = 0; p < pages.size(); ++p) {
    if (done[p] == 0) continue;
    out[p].append(text[p], done[p], std::u32string::npos);
    pages[p] = ToUtf8(out[p]);
  }
}

}  // namespace vanban
