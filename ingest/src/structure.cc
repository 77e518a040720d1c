#include "structure.h"

#include <algorithm>
#include <array>
#include <optional>

#include "doc_text.h"
#include "vanban/convert/text.h"

namespace vanban::metadata_internal {
namespace {

constexpr size_t kNpos = std::string_view::npos;

// Bytes of a line decoded to recognise a heading; a heading marker is near the start.
constexpr size_t kPrefixBytes = 640;
// Bytes at the end of a line decoded to see how it ends.
constexpr size_t kEndBytes = 96;
constexpr size_t kHeadingMax = 300;
constexpr size_t kTextMax = 120;
// Lines a heading may be continued over, lines looked at after a heading.
constexpr int kHeadingLines = 4;
constexpr int kLookaheadLines = 12;
// A quotation spanning more lines than this is a stray mark, not an amended text.
constexpr size_t kMaxQuoteLines = 2000;
constexpr size_t kMaxAsciiQuoteLines = 150;
constexpr size_t kQuoteStackMax = size_t{1} << 16;
constexpr int kMaxNumber = 99999;
// Annex titles: lines looked at above a "(Ban hành kèm theo …)" line.
constexpr size_t kTitleLines = 6;
// The document's own number is read in its first lines.
constexpr size_t kHeaderLines = 60;
// Largest jump in a heading sequence, before and after its first heading.
constexpr int kFirstJump = 3;
constexpr int kLaterJump = 10;
// A very large code has a few thousand nodes; past this the input is not a document.
constexpr size_t kMaxNodes = 50000;

// ---------------------------------------------------------------- characters

char32_t FoldC(char32_t c) {
  if (c == 0xD0 || c == 0xF0) return 'd';  // "Ðiều": OCR's Icelandic eth for Đ
  return FoldCodepoint(c);
}

bool IsWordChar(char32_t c) { return IsLetter(c) || IsDigit(c); }

bool IsTerminal(char32_t c) {
  return c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == 0x2026 || c == ')' ||
         c == ']' || c == 0x201D || c == 0x2019 || c == '"' || c == '\'';
}

bool IsBreakByte(char c) { return c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int PointIndex(char32_t c) {
  static constexpr std::array<char32_t, 23> kOrder = {'a', 'b', 'c', 'd', 0x111, 'e', 'g', 'h',
                                                      'i', 'k', 'l', 'm', 'n',   'o', 'p', 'q',
                                                      'r', 's', 't', 'u', 'v',   'x', 'y'};
  for (size_t i = 0; i < kOrder.size(); ++i) {
    if (kOrder[i] == c) return static_cast<int>(i);
  }
  return -1;
}

std::string PointAscii(int index) {
  static constexpr std::array<const char*, 23> kAscii = {"a", "b", "c", "d", "dd", "e", "g", "h",
                                                         "i", "k", "l", "m", "n",  "o", "p", "q",
                                                         "r", "s", "t", "u", "v",  "x", "y"};
  return kAscii[static_cast<size_t>(index)];
}

std::string PointPrinted(int index) {
  static constexpr std::array<const char*, 23> kPrinted = {"a", "b", "c", "d", "đ", "e", "g", "h",
                                                           "i", "k", "l", "m", "n", "o", "p", "q",
                                                           "r", "s", "t", "u", "v", "x", "y"};
  return kPrinted[static_cast<size_t>(index)];
}

// ---------------------------------------------------------------- U32 helpers

size_t SkipSpaces(U32View s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

// `word` (ASCII, folded) at s[i] followed by a word boundary; returns its end or kNpos.
size_t MatchWord(U32View s, size_t i, std::string_view word) {
  if (i > s.size() || s.size() - i < word.size()) return kNpos;
  for (size_t k = 0; k < word.size(); ++k) {
    if (FoldC(s[i + k]) != static_cast<char32_t>(word[k])) return kNpos;
  }
  size_t e = i + word.size();
  if (e < s.size() && IsWordChar(s[e])) return kNpos;
  return e;
}

// Words (ASCII, folded, separated by one space) at s[i], any run of spaces between them.
size_t MatchWords(U32View s, size_t i, std::string_view words) {
  size_t pos = i;
  size_t start = 0;
  while (start <= words.size()) {
    size_t sp = words.find(' ', start);
    std::string_view w = words.substr(start, sp == kNpos ? kNpos : sp - start);
    if (start > 0) {
      size_t j = SkipSpaces(s, pos);
      if (j == pos) return kNpos;
      pos = j;
    }
    pos = MatchWord(s, pos, w);
    if (pos == kNpos) return kNpos;
    if (sp == kNpos) break;
    start = sp + 1;
  }
  return pos;
}

bool StartsUpperOrDigit(U32View s) {
  for (char32_t c : s) {
    if (IsLetter(c)) return IsUpperLetter(c);
    if (IsDigit(c)) return true;
    if (c == 0x201C || c == '"' || c == '(') return true;
  }
  return true;
}

bool StartsLower(U32View s) {
  for (char32_t c : s) {
    if (IsLetter(c)) return IsLowerLetter(c);
    if (!IsSpace(c)) return false;
  }
  return false;
}

// Markdown marks that carry no text ("**Điều 1.**", "## Chương I", "_Căn cứ …_", "> ").
U32 StripMarks(U32View in) {
  U32 out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size() && (IsSpace(in[i]) || in[i] == '#' || in[i] == '>')) ++i;
  for (; i < in.size(); ++i) {
    char32_t c = in[i];
    if (c == '*' || c == '_' || c == 0xAD || c == 0x200B || c == 0xFEFF) continue;
    out.push_back(c);
  }
  return Trim(out);
}

// ---------------------------------------------------------------- numbers

int RomanValue(char32_t c) {
  switch (c) {
    case 'I':
      return 1;
    case 'V':
      return 5;
    case 'X':
      return 10;
    case 'L':
      return 50;
    case 'C':
      return 100;
    default:
      return 0;
  }
}

std::string ToRoman(int v) {
  static constexpr std::array<std::pair<int, const char*>, 9> kParts = {{{100, "C"},
                                                                         {90, "XC"},
                                                                         {50, "L"},
                                                                         {40, "XL"},
                                                                         {10, "X"},
                                                                         {9, "IX"},
                                                                         {5, "V"},
                                                                         {4, "IV"},
                                                                         {1, "I"}}};
  std::string out;
  for (const auto& [n, r] : kParts) {
    while (v >= n) {
      out += r;
      v -= n;
    }
  }
  return out;
}

struct Number {
  int value = 0;
  U32 printed;
  size_t end = 0;
};

std::optional<Number> ParseArabic(U32View s, size_t i) {
  size_t j = i;
  int v = 0;
  while (j < s.size() && IsDigit(s[j]) && j - i < 6) {
    v = v * 10 + static_cast<int>(s[j] - '0');
    ++j;
  }
  if (j == i || (j < s.size() && IsDigit(s[j])) || v <= 0 || v > kMaxNumber) return std::nullopt;
  return Number{v, U32(s.substr(i, j - i)), j};
}

// OCR reads the I of a Roman numeral as "l" or "|".
char32_t RomanDigit(char32_t c) { return c == 'l' || c == '|' ? U'I' : c; }

std::optional<Number> ParseRoman(U32View s, size_t i) {
  size_t j = i;
  while (j < s.size() && RomanValue(RomanDigit(s[j])) > 0 && j - i < 10) ++j;
  if (j == i || (j < s.size() && IsLetter(s[j]))) return std::nullopt;
  int v = 0;
  U32 read;
  for (size_t k = i; k < j; ++k) {
    int cur = RomanValue(RomanDigit(s[k]));
    int next = k + 1 < j ? RomanValue(RomanDigit(s[k + 1])) : 0;
    v += cur < next ? -cur : cur;
    read.push_back(RomanDigit(s[k]));
  }
  if (v <= 0) return std::nullopt;
  std::string canon = ToRoman(v);
  U32 printed(canon.begin(), canon.end());
  if (read != printed) return std::nullopt;
  return Number{v, printed, j};
}

// A Roman numeral as OCR misreads it: I as "l", "|", "1", "!" or "L", two I run together as
// "H" ("ChươngHI", "Chương IIL."). Only where the strict reading fails, and the reader takes
// the number only when it is the next in sequence.
std::optional<Number> ParseRomanOcr(U32View s, size_t i) {
  U32 read;
  size_t j = i;
  for (; j < s.size() && j - i < 8; ++j) {
    char32_t c = s[j];
    if (c == 'I' || c == 'l' || c == '|' || c == '1' || c == '!' || c == 'L') {
      read.push_back('I');
    } else if (c == 'H') {
      read += U"II";
    } else if (c == 'V' || c == 'X') {
      read.push_back(c);
    } else {
      break;
    }
  }
  if (read.empty() || (j < s.size() && IsLetter(s[j]))) return std::nullopt;
  auto n = ParseRoman(read, 0);
  if (!n || n->end != read.size()) return std::nullopt;
  n->end = j;
  return n;
}

std::optional<Number> ParseNumber(U32View s, size_t i, bool allow_roman) {
  if (i < s.size() && IsDigit(s[i])) return ParseArabic(s, i);
  if (allow_roman) return ParseRoman(s, i);
  return std::nullopt;
}

// "thứ nhất" … "thứ hai mươi": the ordinal of a Phần.
std::optional<Number> ParseOrdinal(U32View s, size_t i) {
  size_t p = MatchWord(s, i, "thu");
  if (p == kNpos) return std::nullopt;
  static constexpr std::array<std::pair<const char*, int>, 12> kUnits = {{{"nhat", 1},
                                                                          {"mot", 1},
                                                                          {"hai", 2},
                                                                          {"ba", 3},
                                                                          {"tu", 4},
                                                                          {"bon", 4},
                                                                          {"nam", 5},
                                                                          {"lam", 5},
                                                                          {"sau", 6},
                                                                          {"bay", 7},
                                                                          {"tam", 8},
                                                                          {"chin", 9}}};
  auto unit = [&](size_t at, size_t* end) {
    for (const auto& [w, v] : kUnits) {
      size_t e = MatchWord(s, at, w);
      if (e != kNpos) {
        *end = e;
        return v;
      }
    }
    return 0;
  };
  size_t q = SkipSpaces(s, p);
  if (q == p) return std::nullopt;
  size_t end = kNpos;
  int value = 0;
  size_t e = MatchWord(s, q, "muoi");
  if (e != kNpos) {
    value = 10;
    end = e;
    size_t r = SkipSpaces(s, e);
    size_t ue = kNpos;
    int u = r > e ? unit(r, &ue) : 0;
    if (u > 0 && !(u == 1 && MatchWord(s, r, "nhat") != kNpos)) {
      value += u;
      end = ue;
    }
  } else {
    value = unit(q, &end);
    if (value == 0) return std::nullopt;
  }
  U32 printed = Lower(s.substr(i, end - i));
  return Number{value, CollapseSpaces(printed), end};
}

// ---------------------------------------------------------------- heading forms

enum class Sep { kEnd, kDot, kColon, kDash };

struct SepMatch {
  Sep sep = Sep::kEnd;
  size_t rest = 0;  // start of the title after the separator
};

// What may follow the number of a heading: the end of the line, ". Title", ": Title",
// " - Title". Anything else ("Điều 5 của Luật này", "Điều 5.1") is running text.
std::optional<SepMatch> ParseSep(U32View s, size_t i, bool allow_dash) {
  size_t j = SkipSpaces(s, i);
  if (j >= s.size()) return SepMatch{Sep::kEnd, j};
  char32_t c = s[j];
  if (c == '.' || c == ':') {
    if (j + 1 < s.size() && (IsDigit(s[j + 1]) || IsLowerLetter(s[j + 1]))) return std::nullopt;
    return SepMatch{c == '.' ? Sep::kDot : Sep::kColon, SkipSpaces(s, j + 1)};
  }
  if (allow_dash && IsDash(c) && j > i) return SepMatch{Sep::kDash, SkipSpaces(s, j + 1)};
  return std::nullopt;
}

enum class Kind { kPhan, kChuong, kMuc, kDieu, kKhoan, kDiem };

struct Candidate {
  Kind kind = Kind::kDieu;
  int number = 0;
  char32_t suffix = 0;  // "Điều 5a"
  U32 printed;          // the number as printed ("II", "thứ nhất", "5a")
  bool roman = false;
  bool ocr_roman = false;  // a Roman numeral read from OCR's misreadings ("IIL", "HI")
  bool ocr_dd = false;     // "ở)" where OCR misread "đ)"
  bool ocr_c = false;      // "©)", "€)" where OCR misread "c)"
  bool ocr_comma = false;  // "Điều 2, Ông …" where OCR read the dot as a comma
  Sep sep = Sep::kEnd;
  U32 rest;  // text after the separator on the same line
};

// "Phần thứ nhất", "PHẦN I", "Chương II", "CHƯƠNG 2", "Mục 1", "Điều 4.", "Ðiều 4 :" …
std::optional<Candidate> MatchHeading(U32View s) {
  // OCR leaves specks before a heading ("_. Điều 3."); not a dash or a quote, which open list
  // items ("- Điều 5 của Luật …") and quoted amended text.
  static constexpr std::u32string_view kSpecks = U"_.~`";
  if (!s.empty() && kSpecks.find(s[0]) != std::u32string_view::npos) {
    size_t i = 1;
    if (i < s.size() && kSpecks.find(s[i]) != std::u32string_view::npos) ++i;
    s.remove_prefix(SkipSpaces(s, i));
  } else if (s.size() > 1 && s[0] == '-' && IsUpperLetter(s[1])) {
    s.remove_prefix(1);  // a dash glued on ("-Chương I"); "- Điều 5 của …" opens a list item
  }
  if (s.empty() || !IsUpperLetter(s[0])) return std::nullopt;
  char32_t first = FoldC(s[0]);
  if (first != 'd' && first != 'c' && first != 'm' && first != 'p') return std::nullopt;
  struct Form {
    const char* word;
    Kind kind;
    bool roman;
  };
  static constexpr std::array<Form, 4> kForms = {{{"dieu", Kind::kDieu, false},
                                                  {"chuong", Kind::kChuong, true},
                                                  {"muc", Kind::kMuc, true},
                                                  {"phan", Kind::kPhan, true}}};
  for (const Form& f : kForms) {
    size_t e = MatchWord(s, 0, f.word);
    const size_t word_size = std::string_view(f.word).size();
    if (e == kNpos) {
      // OCR and typing glue the number on: "Điều1.", "ChươngIV".
      bool glued = s.size() > word_size;
      for (size_t k = 0; glued && k < word_size; ++k) {
        glued = FoldC(s[k]) == static_cast<char32_t>(f.word[k]);
      }
      if (!glued) continue;
      char32_t after = s[word_size];
      if (f.kind == Kind::kDieu ? !IsDigit(after) : !IsUpperLetter(after)) continue;
      e = word_size;
    }
    size_t n = SkipSpaces(s, e);
    std::optional<Number> num;
    if (f.kind == Kind::kPhan) num = ParseOrdinal(s, n);
    bool ordinal = num.has_value();
    if (!num) num = ParseNumber(s, n, f.roman);
    bool ocr_roman = false;
    if (!num && f.roman && n < s.size() && !IsDigit(s[n])) {
      num = ParseRomanOcr(s, n);
      ocr_roman = num.has_value();
    }
    if (!num) continue;
    Candidate c;
    c.ocr_roman = ocr_roman;
    c.kind = f.kind;
    c.number = num->value;
    c.printed = num->printed;
    c.roman = !ordinal && f.roman && n < s.size() && !IsDigit(s[n]);
    size_t after = num->end;
    if (f.kind == Kind::kDieu && after < s.size() && s[after] >= 'a' && s[after] <= 'z' &&
        (after + 1 >= s.size() || !IsLetter(s[after + 1]))) {
      c.suffix = s[after];
      c.printed.push_back(s[after]);
      ++after;
    }
    auto sep = ParseSep(s, after, f.kind != Kind::kDieu);
    // OCR reads the dot after an article's number as a comma ("Điều 2, Ông Hoàng Văn Quân …"):
    // before a capital that opens no other reference ("Điều 2, Điều 3 của Luật"), and taken
    // only where the article is the next one (HeadingLine).
    if (!sep && f.kind == Kind::kDieu && after + 2 < s.size() && s[after] == ',' &&
        s[after + 1] == ' ' && IsUpperLetter(s[after + 2])) {
      if (MatchWord(s, after + 2, "dieu") == kNpos && MatchWord(s, after + 2, "khoan") == kNpos &&
          MatchWord(s, after + 2, "chuong") == kNpos) {
        sep = SepMatch{Sep::kDot, after + 2};
        c.ocr_comma = true;
      }
    }
    if (!sep) continue;
    c.sep = sep->sep;
    c.rest = Trim(s.substr(sep->rest));
    return c;
  }
  return std::nullopt;
}

// "1." / "1 ." / "12." at the start of a line.
std::optional<Candidate> MatchClause(U32View s) {
  // OCR leaves a speck before the number ("-2.", ".5.") or doubles its dot ("1.. Đồng chí").
  static constexpr std::u32string_view kSpecks = U"-._~,'`\u2018";
  if (s.size() > 1 && kSpecks.find(s[0]) != std::u32string_view::npos && IsDigit(s[1])) {
    s.remove_prefix(1);
  }
  if (s.empty() || !IsDigit(s[0])) return std::nullopt;
  auto num = ParseArabic(s, 0);
  if (!num || num->value > 999) return std::nullopt;
  size_t j = SkipSpaces(s, num->end);
  if (j >= s.size()) return std::nullopt;
  // OCR reads the dot as a comma ("1, Luật này …"): only before a capital.
  bool comma = s[j] == ',' && j + 2 < s.size() && IsSpace(s[j + 1]) && IsUpperLetter(s[j + 2]);
  if (s[j] != '.' && !comma) return std::nullopt;
  if (j + 2 < s.size() && s[j + 1] == '.' && (IsSpace(s[j + 2]) || IsUpperLetter(s[j + 2]))) {
    ++j;  // "1.. Đồng chí", "1..Nghị quyết"
  }
  // A consolidated text marks amended clauses with a footnote: "3.[3] Chi số hóa …".
  if (j + 2 < s.size() && s[j + 1] == '[' && IsDigit(s[j + 2])) {
    size_t k = j + 2;
    while (k < s.size() && IsDigit(s[k]) && k - j < 6) ++k;
    if (k < s.size() && s[k] == ']') j = k;
  }
  if (j + 1 < s.size() && !IsSpace(s[j + 1]) && !IsUpperLetter(s[j + 1]) && s[j + 1] != 0x201C &&
      s[j + 1] != '"') {
    return std::nullopt;
  }
  Candidate c;
  c.kind = Kind::kKhoan;
  c.number = num->value;
  c.printed = num->printed;
  c.sep = Sep::kDot;
  c.rest = Trim(s.substr(j + 1));
  return c;
}

// "a)" / "đ)" at the start of a line.
std::optional<Candidate> MatchPoint(U32View s) {
  // OCR leaves a speck before the letter (".a)", "'b)", "-b)").
  static constexpr std::u32string_view kSpecks = U"-.'`_~,\u2018";
  // Tesseract's Vietnamese model reads the "c" of "c)" as "©" or "€": taken for c only where c
  // is due (PointLine).
  auto ocr_c_glyph = [](char32_t ch) { return ch == U'©' || ch == U'€'; };
  if (s.size() > 2 && kSpecks.find(s[0]) != std::u32string_view::npos &&
      (IsLowerLetter(s[1]) || ocr_c_glyph(s[1])) && s[2] == ')') {
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  const bool ocr_c = ocr_c_glyph(s[0]);
  int idx = ocr_c ? PointIndex('c') : PointIndex(s[0]);
  // OCR reads "đ)" as "ở)", "ơ)", "ð)": taken for đ only where đ is due.
  bool ocr_dd = idx < 0 && IsLowerLetter(s[0]) && (FoldC(s[0]) == 'o' || FoldC(s[0]) == 'd');
  if (idx < 0 && !ocr_dd) return std::nullopt;
  size_t j = SkipSpaces(s, 1);
  if (j >= s.size() || s[j] != ')' || j > 2) return std::nullopt;
  if (j + 1 < s.size() && !IsSpace(s[j + 1])) return std::nullopt;
  Candidate c;
  c.kind = Kind::kDiem;
  c.number = ocr_dd ? PointIndex(0x111) : idx;
  c.ocr_dd = ocr_dd;
  c.ocr_c = ocr_c;
  c.rest = Trim(s.substr(j + 1));
  return c;
}

// "Nơi nhận:" (the list after the last article).
bool IsRecipientsLabel(U32View s) {
  if (s.empty() || !IsUpperLetter(s[0])) return false;
  size_t e = RecipientsLabelLength(s);
  if (e == 0) return false;
  size_t j = SkipSpaces(s, e);
  return j >= s.size() || s[j] == ':';
}

// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "T/M", "TL.", "TUQ.", "Q. GIÁM ĐỐC".
bool IsSignatureLine(U32View s) {
  if (s.empty() || (s[0] != 'T' && s[0] != 'K' && s[0] != 'Q')) return false;
  static constexpr std::array<std::u32string_view, 9> kMarks = {
      U"TM.", U"T.M.", U"KT.", U"K.T.", U"TL.", U"TUQ.", U"T/M", U"K/T", U"T/L"};
  size_t e = 0;
  for (auto m : kMarks) {
    if (s.substr(0, m.size()) == m) e = m.size();
  }
  if (e == 0 && s.size() > 3 && s[0] == 'Q' && s[1] == '.' && s[2] == ' ') e = 2;
  if (e == 0) return false;
  size_t j = SkipSpaces(s, e);
  return j < s.size() && IsMostlyUpper(s.substr(j));
}

// "(Ban hành kèm theo Quyết định số …)", "(Kèm theo Công văn số …)".
bool IsAnnexOrigin(U32View s, bool paren_optional) {
  if (s.empty() || (s[0] != '(' && !paren_optional)) return false;
  size_t i = 0;
  if (!s.empty() && s[0] == '(') {
    i = SkipSpaces(s, 1);
  } else if (!paren_optional) {
    return false;
  }
  if (i >= s.size() || !IsUpperLetter(s[i])) return false;
  return MatchWords(s, i, "ban hanh kem theo") != kNpos || MatchWords(s, i, "kem theo") != kNpos ||
         MatchWords(s, i, "ban hanh theo") != kNpos || MatchWords(s, i, "dinh kem") != kNpos;
}

// Leading digits of the first "số <number>" in s; 0 if s has no "số" or its number was left
// blank in a copy ("số      /QĐ-BVHTTDL"), -1 if neither a number nor a symbol follows (a
// form to fill in: "(Kèm theo văn bản số    ngày …)").
int CitedNumber(U32View s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if (i > 0 && IsWordChar(s[i - 1])) continue;
    size_t e = MatchWord(s, i, "so");
    if (e == kNpos) continue;
    size_t j = e;
    while (j < s.size() &&
           (IsSpace(s[j]) || s[j] == ':' || s[j] == '.' || s[j] == '_' || s[j] == 0x2026)) {
      ++j;
    }
    if (auto n = ParseArabic(s, j)) return n->value;
    return j < s.size() && s[j] == '/' ? 0 : -1;
  }
  return 0;
}

// Whether an annex's origin line names another document than this one (a form annexed to
// another regulation and reproduced here, or a blank form).
bool OtherDocument(int own, int cited) { return own != 0 && cited != 0 && cited != own; }

// "PHỤ LỤC", "PHỤ LỤC I", "Phụ lục 01", "PHỤ LỤC SỐ 06", "PHỤ LỤC II. DANH MỤC …".
struct AnnexTitle {
  U32 label;  // "Phụ lục I"
  U32 rest;   // title on the same line
  bool upper = false;
};

std::optional<AnnexTitle> MatchAnnexTitle(U32View s) {
  if (s.empty() || (s[0] != 'P' && s[0] != 'p')) return std::nullopt;
  size_t e = MatchWords(s, 0, "phu luc");
  if (e == kNpos || !IsUpperLetter(s[0])) return std::nullopt;
  AnnexTitle t;
  t.upper = IsMostlyUpper(s.substr(0, e));
  t.label = U"Phụ lục";
  size_t j = SkipSpaces(s, e);
  size_t so = MatchWord(s, j, "so");
  if (so != kNpos) {
    size_t k = SkipSpaces(s, so);
    if (k < s.size() && IsDigit(s[k])) {
      t.label += U" số";
      j = k;
    }
  }
  // The number: digits or a Roman numeral, possibly with a letter or a "-A"/".1" part.
  size_t k = j;
  while (k < s.size() && k - j < 12 &&
         (IsDigit(s[k]) || RomanValue(s[k]) > 0 ||
          (k > j && (IsUpperLetter(s[k]) || IsDash(s[k]) || s[k] == '.') && k + 1 < s.size() &&
           IsWordChar(s[k + 1])))) {
    ++k;
  }
  if (k > j && (k >= s.size() || !IsLetter(s[k]))) {
    t.label += U" ";
    t.label += s.substr(j, k - j);
  } else {
    k = j;
  }
  auto sep = ParseSep(s, k, true);
  if (!sep) {
    // "PHỤ LỤC DANH MỤC …": a title in capitals right after the word.
    if (!t.upper || k != j || !IsMostlyUpper(s.substr(j))) return std::nullopt;
    t.rest = Trim(s.substr(j));
    return t;
  }
  t.rest = Trim(s.substr(sep->rest));
  return t;
}

// A line that names what an annex is ("QUY CHẾ", "QUY ĐỊNH", "DANH MỤC …"); returns the end of
// the type words or kNpos.
size_t MatchAnnexType(U32View s) {
  static constexpr std::array<const char*, 20> kTypes = {
      "quy che",    "quy dinh",     "dieu le",  "huong dan", "danh muc",  "noi quy",  "quy trinh",
      "quy chuan",  "chuong trinh", "ke hoach", "de an",     "phuong an", "tieu chi", "bo tieu chi",
      "chien luoc", "bang",         "bieu",     "mau",       "phu luc",   "quy hoach"};
  for (const char* t : kTypes) {
    size_t e = MatchWords(s, 0, t);
    if (e != kNpos) return e;
  }
  return kNpos;
}

// Header lines of an annex page that are not its title.
// Header lines of an annex page that cannot be part of its title: quốc hiệu, tiêu ngữ, "Số:",
// signature titles.
bool IsHeaderFurniture(U32View s) {
  if (MatchWords(s, 0, "cong hoa xa hoi") != kNpos || MatchWords(s, 0, "doc lap") != kNpos ||
      MatchWords(s, 0, "dang cong san") != kNpos || IsSignatureLine(s)) {
    return true;
  }
  size_t e = MatchWord(s, 0, "so");
  if (e == kNpos) return false;
  size_t j = SkipSpaces(s, e);
  return j < s.size() && (s[j] == ':' || IsDigit(s[j]));
}

// Lines that name an issuing body ("ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"): above an annex title
// without a type word they are its header, not its title.
bool IsAuthorityLine(U32View s) {
  static constexpr std::array<const char*, 10> kStarts = {"uy ban nhan dan",
                                                          "hoi dong nhan dan",
                                                          "ubnd",
                                                          "hdnd",
                                                          "tinh",
                                                          "thanh pho",
                                                          "huyen",
                                                          "bo",
                                                          "van phong",
                                                          "so"};
  for (const char* w : kStarts) {
    if (MatchWords(s, 0, w) != kNpos) return true;
  }
  return false;
}

// Last word of a wrapped sentence that cannot end it ("… quy định tại" / "Điều 5.").
bool IsConnector(U32View word) {
  static constexpr std::array<std::string_view, 40> kWords = {
      "tai", "theo", "cua",   "va",     "hoac",  "khoan", "diem", "dieu",  "den",  "tu",
      "voi", "cac",  "nhung", "thuoc",  "trong", "la",    "ve",   "cho",   "de",   "duoc",
      "nhu", "gom",  "muc",   "chuong", "phan",  "so",    "nam",  "thang", "ngay", "o",
      "hay", "mot",  "bang",  "sau",    "truoc", "tren",  "duoi", "qua",   "vao",  "dinh"};
  if (word.empty() || word.size() > 8) return false;
  std::string folded;
  for (char32_t c : word) {
    char32_t f = FoldC(c);
    if (f >= 0x80) return false;
    folded.push_back(static_cast<char>(f));
  }
  for (auto w : kWords) {
    if (folded == w) return true;
  }
  return false;
}

// Truncates at a word boundary to at most `max` characters.
U32 Truncate(U32View s, size_t max) {
  if (s.size() <= max) return U32(s);
  size_t cut = max;
  while (cut > max / 2 && !IsSpace(s[cut])) --cut;
  if (cut <= max / 2) cut = max;
  return Trim(s.substr(0, cut));
}

// Decoded lines are NFC already (Decode normalises what has combining marks), and so are
// their concatenations with spaces.
std::string Utf8(U32View s) { return ToUtf8(s); }

// ---------------------------------------------------------------- lines

struct LineRef {
  size_t begin = 0;
  size_t end = 0;   // the line break (or the end of the text)
  size_t next = 0;  // start of the next line; > text size after the last line
  bool form_feed = false;
};

LineRef LineAt(std::string_view t, size_t pos) {
  LineRef l;
  l.begin = pos;
  size_t i = pos;
  while (i < t.size() && !IsBreakByte(t[i])) ++i;
  l.end = i;
  if (i >= t.size()) {
    l.next = t.size() + 1;
    return l;
  }
  l.form_feed = t[i] == '\f';
  l.next = (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ? i + 2 : i + 1;
  return l;
}

size_t CodepointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Decodes up to `max` bytes from `from`, cut at a character boundary; NFC when the bytes
// hold combining marks (U+0300–U+036F are 0xCC/0xCD lead bytes).
U32 Decode(std::string_view bytes) {
  bool combining = false;
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (b == 0xCC || b == 0xCD) {
      combining = true;
      break;
    }
  }
  return combining ? ToU32(NormalizeNfc(bytes)) : ToU32(bytes);
}

std::string_view Head(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

std::string_view Tail(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = s.size() - max;
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
  return s.substr(cut);
}

// ---------------------------------------------------------------- quotations

// Byte ranges [open, close] of quoted text that spans lines, sorted, disjoint.
struct Span {
  size_t open = 0;
  size_t close = 0;
};

void AddSpan(std::vector<Span>& spans, Span s) {
  while (!spans.empty() && spans.back().open > s.open) spans.pop_back();
  if (!spans.empty() && spans.back().close >= s.open) {
    if (spans.back().close < s.close) spans.back().close = s.close;
    return;
  }
  spans.push_back(s);
}

// Typographic quotes pair like brackets (“ … “ … ” … ”); a mark left unpaired (an OCR loss) is
// ignored. ASCII quotes open a region only at the start of a line with an odd count and close
// at the next line with an odd count.
std::vector<Span> FindQuotedSpans(std::string_view t) {
  struct Open {
    size_t pos;
    size_t line;
  };
  std::vector<Open> stack;
  std::vector<Span> spans;
  std::vector<Span> ascii;
  size_t line = 0;
  size_t line_begin = 0;
  size_t ascii_count = 0;
  size_t ascii_first = kNpos;
  size_t ascii_last = 0;
  bool line_starts_with_ascii = false;
  bool seen_text = false;
  size_t ascii_open_pos = kNpos;
  size_t ascii_open_line = 0;
  auto end_line = [&]() {
    if (ascii_count % 2 == 1) {
      if (ascii_open_pos == kNpos) {
        if (line_starts_with_ascii) {
          ascii_open_pos = ascii_first;
          ascii_open_line = line;
        }
      } else {
        ascii.push_back(Span{ascii_open_pos, ascii_last});
        ascii_open_pos = kNpos;
      }
    }
    if (ascii_open_pos != kNpos && line - ascii_open_line > kMaxAsciiQuoteLines) {
      ascii_open_pos = kNpos;
    }
    ascii_count = 0;
    ascii_first = kNpos;
    line_starts_with_ascii = false;
    seen_text = false;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (IsBreakByte(c)) {
      end_line();
      if (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
      ++line;
      line_begin = i + 1;
      continue;
    }
    if (c == '"') {
      if (!seen_text) line_starts_with_ascii = true;
      if (ascii_first == kNpos) ascii_first = i;
      ascii_last = i;
      ++ascii_count;
      seen_text = true;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '*' && c != '_') seen_text = true;
    if (c == '\xE2' && i + 2 < t.size() && t[i + 1] == '\x80') {
      char d = t[i + 2];
      if (d == '\x9C' || d == '\x9E') {  // “ „
        if (stack.size() >= kQuoteStackMax)
          stack.erase(stack.begin(), stack.begin() + kQuoteStackMax / 2);
        stack.push_back(Open{i, line});
      } else if (d == '\x9D' && !stack.empty()) {  // ”
        Open o = stack.back();
        stack.pop_back();
        if (line > o.line && line - o.line <= kMaxQuoteLines) AddSpan(spans, Span{o.pos, i});
      }
      i += 2;
    }
  }
  (void)line_begin;
  end_line();
  // Merge the two sorted lists.
  std::vector<Span> out;
  out.reserve(spans.size() + ascii.size());
  size_t a = 0;
  size_t b = 0;
  while (a < spans.size() || b < ascii.size()) {
    if (b >= ascii.size() || (a < spans.size() && spans[a].open <= ascii[b].open)) {
      AddSpan(out, spans[a++]);
    } else {
      AddSpan(out, ascii[b++]);
    }
  }
  return out;
}

// ---------------------------------------------------------------- the reader

// What is remembered of a line that carried text.
struct Seen {
  size_t begin = 0;
  size_t index = 0;  // line number
  size_t page = 0;
  size_t length = 0;  // characters
  bool upper = false;
  bool terminal = false;
  bool colon = false;  // ends with ":" ("… như sau:")
  bool connector = false;
  bool structural = false;
};

struct Scope {
  std::string prefix;  // "" or "phu-luc-2-"
  int base_depth = 0;
  int phan = 0, chuong = 0, muc = 0, dieu = 0;
  char32_t dieu_suffix = 0;
  std::string phan_anchor, chuong_anchor, muc_anchor;
  int phan_depth = -1, chuong_depth = -1, muc_depth = -1;
  bool phan_changed = false;  // a Phần opened since the last Chương
  bool in_dieu = false;
  std::string dieu_anchor;
  int dieu_depth = 0;
  int khoan = 0;
  std::string khoan_anchor;
  int khoan_depth = 0;
  int diem = -1;
  bool closed = false;  // Nơi nhận or a signature seen: the main text is over
};

class Reader {
 public:
  explicit Reader(std::string_view text) : t_(text) {}

  std::vector<StructureNode> Run() {
    EstimateWidth();
    quoted_ = FindQuotedSpans(t_);
    size_t pos = 0;
    size_t index = 0;
    while (pos <= t_.size() && nodes_.size() < kMaxNodes) {
      LineRef l = LineAt(t_, pos);
      Process(l, index);
      if (l.form_feed) {
        ++page_;
        page_start_ = true;
      }
      pos = l.next;
      ++index;
    }
    return std::move(nodes_);
  }

 private:
  // ---- pre-pass: how wide a full line is (90th percentile of the longer lines)
  void EstimateWidth() {
    std::array<size_t, 2049> hist{};
    size_t count = 0;
    size_t pos = 0;
    while (pos <= t_.size()) {
      LineRef l = LineAt(t_, pos);
      size_t n = CodepointCount(t_.substr(l.begin, l.end - l.begin));
      if (n >= 20) {
        ++hist[n < 2048 ? n : 2048];
        ++count;
      }
      pos = l.next;
    }
    if (count == 0) {
      width_ = 80;
      return;
    }
    size_t want = count - count / 10;
    size_t acc = 0;
    for (size_t n = 0; n < hist.size(); ++n) {
      acc += hist[n];
      if (acc >= want) {
        width_ = n;
        break;
      }
    }
  }

  // Whether a quotation that closes on a later line opens on line `l`.
  bool OpensQuotation(const LineRef& l) const {
    auto it = std::lower_bound(quoted_.begin(), quoted_.end(), l.begin,
                               [](const Span& s, size_t b) { return s.open < b; });
    return it != quoted_.end() && it->open < l.end;
  }

  // Whether a line starting at `begin` is inside a quotation.
  bool Quoted(size_t begin) const {
    auto it = std::upper_bound(quoted_.begin(), quoted_.end(), begin,
                               [](size_t b, const Span& s) { return b <= s.open; });
    if (it == quoted_.begin()) return false;
    --it;
    return it->open < begin && begin <= it->close;
  }

  std::string_view Bytes(const LineRef& l) const { return t_.substr(l.begin, l.end - l.begin); }

  static bool BlankBytes(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == ' ' || c == '\t' || c == '*' || c == '_' || c == '#' || c == '=' || c == '-')
        continue;
      if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
        ++i;
        continue;
      }
      return false;
    }
    return true;
  }

  // "2", "- 2 -", "Trang 2": running page numbers.
  static bool PageNumber(U32View s) {
    size_t i = 0;
    size_t j = MatchWord(s, 0, "trang");
    if (j != kNpos) i = j;
    size_t digits = 0;
    for (; i < s.size(); ++i) {
      if (IsDigit(s[i])) {
        ++digits;
      } else if (!IsSpace(s[i]) && !IsDash(s[i]) && s[i] != '/') {
        return false;
      }
    }
    return digits >= 1 && digits <= 6;
  }

  U32 LineText(const LineRef& l, size_t max_bytes = kPrefixBytes) const {
    return StripMarks(Decode(Head(Bytes(l), max_bytes)));
  }

  bool Wrapped(size_t length) const { return length * 10 >= width_ * 7; }

  bool PrevEndsParagraph() const {
    if (!have_prev_) return true;
    const Seen& p = prev_;
    return p.structural || p.terminal || p.upper || !Wrapped(p.length);
  }

  // Next line with text after `pos` (blank lines and page numbers skipped), within a few lines.
  std::optional<LineRef> NextText(size_t pos) const {
    for (int k = 0; k < kLookaheadLines && pos <= t_.size(); ++k) {
      LineRef l = LineAt(t_, pos);
      std::string_view b = Bytes(l);
      if (!BlankBytes(b)) {
        U32 s = LineText(l, 64);
        if (!s.empty() && !PageNumber(s)) return l;
      }
      pos = l.next;
    }
    return std::nullopt;
  }

  // Any heading form at the start of `s`, whatever its number (used to end a heading).
  static bool LooksLikeMarker(U32View s) {
    if (s.empty()) return true;
    if (s[0] == '-' || s[0] == '+' || s[0] == 0x2022 || s[0] == 0x2013 || s[0] == 0x201C)
      return true;
    return MatchHeading(s) || MatchClause(s) || MatchPoint(s) || IsRecipientsLabel(s) ||
           MatchAnnexTitle(s) || IsAnnexOrigin(s, false) || IsSignatureLine(s);
  }

  // Title of a heading: `first` (its text on the heading line), continued over wrapped lines
  // when the line was full. Sets heading_until_ to the last line used.
  U32 TitleFrom(const LineRef& line, U32 first, size_t line_length, size_t max) {
    U32 out = CollapseSpaces(first);
    size_t last_length = line_length;
    LineRef cur = line;
    for (int k = 0; k < kHeadingLines && out.size() < max; ++k) {
      if (!Wrapped(last_length) || out.empty() || IsTerminal(out.back())) break;
      if (cur.form_feed || cur.next > t_.size()) break;
      LineRef n = LineAt(t_, cur.next);
      std::string_view b = Bytes(n);
      if (BlankBytes(b) || Quoted(n.begin)) break;
      U32 s = LineText(n);
      if (s.empty() || LooksLikeMarker(s) || PageNumber(s) || StartsWithQuote(s)) break;
      out += U" ";
      out += CollapseSpaces(s);
      heading_until_ = n.end;
      last_length = CodepointCount(b);
      cur = n;
    }
    return Truncate(FirstSentence(out), max);
  }

  static bool StartsWithQuote(U32View s) { return !s.empty() && (s[0] == 0x201C || s[0] == '"'); }

  // A title that runs into the article's text ("Quyết định này có hiệu lực … 2026. Các …")
  // ends with its first sentence; an abbreviation in capitals ("TP. Hồ Chí Minh") does not
  // end it.
  static U32 FirstSentence(U32View s) {
    for (size_t i = 1; i + 2 < s.size(); ++i) {
      if (s[i] == '.' && s[i + 1] == ' ' && IsUpperLetter(s[i + 2]) &&
          (IsLowerLetter(s[i - 1]) || IsDigit(s[i - 1]))) {
        return U32(s.substr(0, i + 1));
      }
    }
    return U32(s);
  }

  // Title lines after a heading that has none on its own line ("Chương I" / "QUY ĐỊNH CHUNG"):
  // the next lines in capitals (or one line in running case), up to a marker.
  U32 TitleBelow(const LineRef& line, size_t max) {
    U32 out;
    LineRef cur = line;
    bool upper_block = false;
    for (int k = 0; k < kHeadingLines; ++k) {
      std::optional<LineRef> n = cur.next <= t_.size() ? NextText(cur.next) : std::nullopt;
      if (!n || Quoted(n->begin)) break;
      U32 s = LineText(*n);
      if (s.empty() || LooksLikeMarker(s) || StartsWithQuote(s)) break;
      bool upper = IsMostlyUpper(s);
      if (k == 0) {
        upper_block = upper;
      } else if (!upper_block || !upper) {
        break;
      }
      if (!out.empty()) out += U" ";
      out += CollapseSpaces(s);
      heading_until_ = n->end;
      cur = *n;
      if (!upper_block) {
        // One line in running case, continued only when it is full.
        return TitleFrom(*n, out, CodepointCount(Bytes(*n)), max);
      }
      if (out.size() >= max) break;
    }
    return Truncate(out, max);
  }

  // Text of a khoản/điểm: its first characters, over wrapped lines.
  U32 TextFrom(const LineRef& line, U32 first) const {
    U32 out = CollapseSpaces(first);
    LineRef cur = line;
    size_t last_length = CodepointCount(Bytes(line));
    for (int k = 0; k < kHeadingLines && out.size() < kTextMax; ++k) {
      if (!Wrapped(last_length) || cur.form_feed || cur.next > t_.size()) break;
      LineRef n = LineAt(t_, cur.next);
      std::string_view b = Bytes(n);
      if (BlankBytes(b)) break;
      U32 s = LineText(n, 512);
      if (s.empty() || LooksLikeMarker(s) || PageNumber(s)) break;
      if (!out.empty()) out += U" ";
      out += CollapseSpaces(s);
      last_length = CodepointCount(b);
      cur = n;
    }
    return Truncate(out, kTextMax);
  }

  // ---- nodes
  void Emit(std::string anchor, const char* kind, U32 label, U32 heading, int depth,
            size_t offset) {
    StructureNode n;
    n.anchor = std::move(anchor);
    n.kind = kind;
    n.label = Utf8(label);
    n.heading = Utf8(Truncate(CollapseSpaces(heading), kHeadingMax));
    n.depth = depth;
    n.offset = offset;
    nodes_.push_back(std::move(n));
  }

  bool AnnexAllowed() const {
    return scope_.closed || !nodes_.empty() || page_ > 0 || text_lines_ > 30;
  }

  void OpenAnnex(size_t offset, U32 label, U32 heading) {
    if (!nodes_.empty() && nodes_.back().offset > offset) return;
    ++annexes_;
    std::string anchor = "phu-luc-" + std::to_string(annexes_);
    Emit(anchor, "phu_luc", std::move(label), std::move(heading), 0, offset);
    scope_ = Scope();
    scope_.prefix = anchor + "-";
    scope_.base_depth = 1;
    last_annex_line_ = current_index_;
  }

  // The title block of an annex above line `index` (lines in capitals on the same page):
  // "QUY CHẾ" / "QUẢN LÝ HOẠT ĐỘNG …". Returns false if there is none.
  bool AnnexTitleAbove(U32* label, U32* heading, size_t* offset) const {
    // Lines of the block, nearest first: k = 0 is the line right above.
    auto at = [this](size_t k) -> const Seen& {
      return recent_[(recent_next_ + recent_.size() - 1 - k) % recent_.size()];
    };
    size_t count = 0;
    size_t type_at = kNpos;
    size_t mixed = 0;  // lines in running case at the bottom of the block
    for (size_t k = 0; k < recent_count_ && k < kTitleLines; ++k) {
      const Seen& s = at(k);
      if (s.page != page_ || s.structural) break;
      if (annexes_ > 0 && s.index <= last_annex_line_) break;
      // A title in running case under its type word ("KẾ HOẠCH" / "Cải cách hành chính năm
      // 2026"): at most two such lines, right above the origin line.
      if (!s.upper && (k != mixed || k >= 2 || s.terminal)) break;
      U32 text = LineText(LineAt(t_, s.begin));
      if (IsHeaderFurniture(text) || MatchAnnexTitle(text)) break;
      count = k + 1;
      if (!s.upper) ++mixed;
      if (s.upper && MatchAnnexType(text) != kNpos) type_at = k;
    }
    if (count == 0 || (mixed > 0 && type_at == kNpos)) return false;
    size_t top = type_at;
    if (top == kNpos) {
      // No type word: the title starts below the issuing body's lines, if any.
      top = count - 1;
      while (top > 0 && IsAuthorityLine(LineText(LineAt(t_, at(top).begin)))) --top;
      if (IsAuthorityLine(LineText(LineAt(t_, at(top).begin)))) return false;
    }
    U32 head_text = LineText(LineAt(t_, at(top).begin));
    U32 rest;
    if (type_at != kNpos) {
      size_t e = MatchAnnexType(head_text);
      *label = SentenceCase(head_text.substr(0, e));
      rest = Trim(head_text.substr(e));
    } else {
      *label = U"Phụ lục";
      rest = head_text;
    }
    for (size_t k = top; k-- > 0;) {
      if (!rest.empty()) rest += U" ";
      rest += LineText(LineAt(t_, at(k).begin));
    }
    *heading = rest;
    *offset = at(top).begin;
    return true;
  }

  // ---- one line
  void Process(const LineRef& l, size_t index) {
    current_index_ = index;
    std::string_view bytes = Bytes(l);
    if (BlankBytes(bytes)) return;
    U32 s = LineText(l);
    if (s.empty()) return;
    if (PageNumber(s) && CountWords(s) <= 3) return;
    ++text_lines_;
    if (text_lines_ <= kHeaderLines && own_number_ == 0) ReadOwnNumber(s);

    Seen seen;
    seen.begin = l.begin;
    seen.index = index;
    seen.page = page_;
    seen.length = CodepointCount(bytes);
    seen.upper = IsMostlyUpper(s);
    U32 long_tail;
    if (bytes.size() > kPrefixBytes) long_tail = StripMarks(Decode(Tail(bytes, kEndBytes)));
    U32View tail = bytes.size() > kPrefixBytes ? U32View(long_tail) : U32View(s);
    seen.terminal = !tail.empty() && IsTerminal(tail.back());
    seen.colon = !tail.empty() && tail.back() == ':';
    {
      size_t e = tail.size();
      while (e > 0 && !IsWordChar(tail[e - 1])) --e;
      size_t b = e;
      while (b > 0 && IsWordChar(tail[b - 1])) --b;
      seen.connector = e == tail.size() && IsConnector(tail.substr(b, e - b));
    }

    if (l.begin < heading_until_) {
      seen.structural = true;
    } else if (!Quoted(l.begin)) {
      seen.structural = Classify(l, s, seen.length);
    }
    Remember(seen);
    page_start_ = false;
  }

  void Remember(const Seen& s) {
    prev_ = s;
    have_prev_ = true;
    recent_[recent_next_] = s;
    recent_next_ = (recent_next_ + 1) % recent_.size();
    if (recent_count_ < recent_.size()) ++recent_count_;
  }

  void ReadOwnNumber(U32View s) {
    size_t e = MatchWord(s, 0, "so");
    if (e == kNpos) {
      e = MatchWords(s, 0, "luat so");
      if (e == kNpos) return;
    }
    size_t j = SkipSpaces(s, e);
    if (j < s.size() && s[j] == ':') j = SkipSpaces(s, j + 1);
    if (auto n = ParseArabic(s, j)) own_number_ = n->value;
  }

  // Returns true when the line is (part of) a heading.
  bool Classify(const LineRef& l, const U32& s, size_t length) {
    if (IsRecipientsLabel(s) || IsSignatureLine(s)) {
      scope_.closed = true;
      scope_.in_dieu = false;
      return false;
    }
    if (AnnexAllowed()) {
      if (auto a = MatchAnnexTitle(s)) {
        if (AnnexTitleLine(l, *a)) return true;
      } else if (IsAnnexOrigin(s, have_prev_ && prev_.upper)) {
        U32 label, heading;
        size_t offset = 0;
        if (!OtherDocument(own_number_, CitedNumber(s)) &&
            AnnexTitleAbove(&label, &heading, &offset)) {
          OpenAnnex(offset, label, heading);
          heading_until_ = l.end;
          return true;
        }
      }
    }
    if (auto c = MatchHeading(s)) return HeadingLine(l, *c, length);
    // OCR reads a speck before an article as a quote ("“Dieu 5.", "‘Dieu8."): an article all
    // the same when no quotation opens on the line (amended text is closed by ” on a later
    // line) and the line above does not introduce one ("… như sau:"; an enacting formula in
    // capitals, "QUYẾT NGHỊ:", does not).
    if (s.size() > 1 && (s[0] == 0x201C || s[0] == '"' || s[0] == 0x2018 || s[0] == '\'') &&
        !OpensQuotation(l) && !(have_prev_ && prev_.colon && !prev_.upper)) {
      auto c = MatchHeading(U32View(s).substr(1));
      if (c && c->kind == Kind::kDieu) return HeadingLine(l, *c, length);
    }
    if (auto c = MatchClause(s)) return ClauseLine(l, *c);
    if (auto c = MatchPoint(s)) return PointLine(l, *c);
    return false;
  }

  bool AnnexTitleLine(const LineRef& l, const AnnexTitle& a) {
    std::optional<LineRef> next = l.next <= t_.size() ? NextText(l.next) : std::nullopt;
    U32 next_text = next ? LineText(*next) : U32();
    // Look for the "(Kèm theo …)" line below the title.
    std::optional<LineRef> origin;
    U32 origin_text;
    {
      LineRef cur = l;
      for (int k = 0; k < kHeadingLines + 1 && cur.next <= t_.size(); ++k) {
        std::optional<LineRef> n = NextText(cur.next);
        if (!n) break;
        U32 ns = LineText(*n);
        if (IsAnnexOrigin(ns, true)) {
          origin = n;
          origin_text = ns;
          break;
        }
        if (MatchHeading(ns) || MatchClause(ns)) break;
        cur = *n;
      }
    }
    if (!a.upper) {
      // "Phụ lục 01" in running case: at a page top, above its origin line, or alone on its
      // line above a title in capitals.
      bool ok = page_start_ || origin || (a.rest.empty() && next && IsMostlyUpper(next_text));
      if (!ok || !PrevEndsParagraph()) return false;
    }
    if (origin && OtherDocument(own_number_, CitedNumber(origin_text))) return false;
    U32 heading = a.rest;
    if (heading.empty()) {
      LineRef cur = l;
      for (int k = 0; k < kHeadingLines && cur.next <= t_.size(); ++k) {
        std::optional<LineRef> n = NextText(cur.next);
        if (!n || (origin && n->begin >= origin->begin)) break;
        U32 ns = LineText(*n);
        if (LooksLikeMarker(ns) || (!origin && !IsMostlyUpper(ns))) break;
        if (!heading.empty()) heading += U" ";
        heading += ns;
        heading_until_ = n->end;
        cur = *n;
      }
    }
    if (origin) heading_until_ = origin->end;
    OpenAnnex(l.begin, a.label, heading);
    return true;
  }

  // Whether a candidate in a wrapped sentence ("… quy định tại\nĐiều 5.") is running text.
  bool RunningText(const Candidate& c) const {
    if (PrevEndsParagraph()) return false;
    return prev_.connector || c.rest.empty() || StartsLower(c.rest);
  }

  // How far a heading may jump in its sequence: a heading lost by OCR or an article left out
  // of a consolidated text is a small jump. The first heading may have any number at the start
  // of the text or under a heading or an enacting line in capitals (a fragment, "QUYẾT
  // ĐỊNH:"); elsewhere only a small one, so that a letter quoting "Điều 12." of a law has no
  // structure.
  bool Jump(int number, int last) const {
    if (number <= last) return false;
    if (last > 0) return number <= last + kLaterJump;
    return number <= kFirstJump || !have_prev_ || prev_.structural || prev_.upper;
  }

  // A heading that may jump in its sequence (a lost heading, a fragment).
  bool Strong(const Candidate& c) const {
    return PrevEndsParagraph() && (c.rest.empty() || StartsUpperOrDigit(c.rest));
  }

  bool EndsOfLineFormOk(const LineRef& l, const Candidate& c) const {
    if (c.sep != Sep::kEnd || !c.rest.empty()) return true;
    if (l.next > t_.size()) return true;
    std::optional<LineRef> n = NextText(l.next);
    if (!n) return true;
    return !StartsLower(LineText(*n, 64));
  }

  bool HeadingLine(const LineRef& l, Candidate c, size_t length) {
    if (!EndsOfLineFormOk(l, c)) return false;
    int last = 0;
    switch (c.kind) {
      case Kind::kPhan:
        last = scope_.phan;
        break;
      case Kind::kChuong:
        last = scope_.chuong;
        break;
      case Kind::kMuc:
        last = scope_.muc;
        break;
      default:
        last = scope_.dieu;
        break;
    }
    if (RunningText(c)) return false;
    bool next = c.number == last + 1 && c.suffix == 0;
    if ((c.ocr_roman || c.ocr_comma) && !next) return false;
    // OCR loses an I of a Roman numeral: a second "Chương II" in a row is Chương III.
    if (c.roman && c.number == last && last > 0 && c.sep == Sep::kEnd && c.rest.empty() &&
        Strong(c)) {
      c.number = last + 1;
      std::string r = ToRoman(c.number);
      c.printed = U32(r.begin(), r.end());
    }
    bool inserted = c.kind == Kind::kDieu && c.suffix != 0 && c.number == last &&
                    (scope_.dieu_suffix == 0 || c.suffix == scope_.dieu_suffix + 1);
    // Chapters are numbered through the text, but some codes restart them in each Phần.
    bool restart = c.number == 1 && c.suffix == 0 && c.kind == Kind::kChuong && scope_.phan_changed;
    // After the signature, a first Chương/Điều starts an annex whose "(Ban hành kèm theo …)"
    // line was lost.
    bool annex = c.number == 1 && c.suffix == 0 && scope_.closed;
    if (annex && Strong(c)) {
      U32 label, heading;
      size_t offset = l.begin;
      if (!AnnexTitleAbove(&label, &heading, &offset)) {
        label = U"Phụ lục";
        heading.clear();
        offset = l.begin;
      }
      OpenAnnex(offset, label, heading);
      last = 0;
      next = true;
    } else if (!(next || inserted || restart || (Jump(c.number, last) && Strong(c)))) {
      return false;
    }
    U32 heading;
    if (c.rest.empty()) {
      heading = TitleBelow(l, kHeadingMax);
    } else {
      heading = TitleFrom(l, c.rest, length, kHeadingMax);
    }
    Scope& sc = scope_;
    int base = sc.base_depth;
    std::string num = std::to_string(c.number);
    switch (c.kind) {
      case Kind::kPhan: {
        sc.phan = c.number;
        sc.phan_anchor = "phan-" + num;
        sc.phan_depth = base;
        sc.chuong_anchor.clear();
        sc.chuong_depth = -1;
        sc.muc_anchor.clear();
        sc.muc_depth = -1;
        sc.muc = 0;
        sc.phan_changed = true;
        sc.in_dieu = false;
        Emit(sc.prefix + sc.phan_anchor, "phan", U"Phần " + c.printed, heading, base, l.begin);
        break;
      }
      case Kind::kChuong: {
        sc.chuong = c.number;
        std::string parent = sc.phan_anchor.empty() ? "" : sc.phan_anchor + "-";
        sc.chuong_anchor = parent + "chuong-" + num;
        sc.chuong_depth = sc.phan_depth >= 0 ? sc.phan_depth + 1 : base;
        sc.muc_anchor.clear();
        sc.muc_depth = -1;
        sc.muc = 0;
        sc.phan_changed = false;
        sc.in_dieu = false;
        Emit(sc.prefix + sc.chuong_anchor, "chuong", U"Chương " + c.printed, heading,
             sc.chuong_depth, l.begin);
        break;
      }
      case Kind::kMuc: {
        sc.muc = c.number;
        std::string parent = !sc.chuong_anchor.empty() ? sc.chuong_anchor + "-"
                             : !sc.phan_anchor.empty() ? sc.phan_anchor + "-"
                                                       : "";
        sc.muc_anchor = parent + "muc-" + num;
        sc.muc_depth = sc.chuong_depth >= 0 ? sc.chuong_depth + 1
                       : sc.phan_depth >= 0 ? sc.phan_depth + 1
                                            : base;
        sc.in_dieu = false;
        Emit(sc.prefix + sc.muc_anchor, "muc", U"Mục " + c.printed, heading, sc.muc_depth, l.begin);
        break;
      }
      default: {
        sc.dieu = c.number;
        sc.dieu_suffix = c.suffix;
        std::string n = num;
        if (c.suffix) n.push_back(static_cast<char>(c.suffix));
        sc.dieu_anchor = "dieu-" + n;
        sc.dieu_depth = sc.muc_depth >= 0      ? sc.muc_depth + 1
                        : sc.chuong_depth >= 0 ? sc.chuong_depth + 1
                        : sc.phan_depth >= 0   ? sc.phan_depth + 1
                                               : base;
        sc.in_dieu = true;
        sc.khoan = 0;
        sc.khoan_anchor.clear();
        sc.diem = -1;
        Emit(sc.prefix + sc.dieu_anchor, "dieu", U"Điều " + c.printed, heading, sc.dieu_depth,
             l.begin);
        break;
      }
    }
    return true;
  }

  bool ClauseLine(const LineRef& l, const Candidate& c) {
    Scope& sc = scope_;
    // The next khoản after a long line that stops on no connector, opening with a capital: OCR
    // dropped the short end of the line above ("… Ủy ban nhân dân thành" / "2. Tổ phó …").
    bool after_lost_end = !prev_.connector && StartsUpperOrDigit(c.rest) && !c.rest.empty() &&
                          !IsDigit(c.rest[0]) && sc.khoan > 0;
    if (!sc.in_dieu || c.number != sc.khoan + 1 || !(PrevEndsParagraph() || after_lost_end)) {
      return false;
    }
    sc.khoan = c.number;
    sc.khoan_anchor = sc.dieu_anchor + "-khoan-" + std::to_string(c.number);
    sc.khoan_depth = sc.dieu_depth + 1;
    sc.diem = -1;
    Emit(sc.prefix + sc.khoan_anchor, "khoan", U"Khoản " + c.printed, TextFrom(l, c.rest),
         sc.khoan_depth, l.begin);
    return false;
  }

  bool PointLine(const LineRef& l, Candidate c) {
    Scope& sc = scope_;
    // OCR reads "đ)" as "d)": a second "d)" is the point after d.
    constexpr int kD = 3;
    if (c.number == kD && sc.diem == kD) c.number = kD + 1;
    // and "d)" as "đ)": an "đ)" right after "c)" is d (a whole line lost is rarer).
    if (c.number == kD + 1 && sc.diem == kD - 1 && !c.ocr_dd) c.number = kD;
    if (c.ocr_dd && sc.diem != kD) return false;
    if (c.ocr_c && sc.diem != kD - 2) return false;
    // A point lost by OCR leaves a gap of one letter.
    bool next = c.number == sc.diem + 1 || (sc.diem >= 0 && c.number == sc.diem + 2);
    // The next point after a long line that stops on no connector, opening with a capital: OCR
    // dropped the short end of the line above (ClauseLine).
    bool after_lost_end = !prev_.connector && c.number == sc.diem + 1 && sc.diem >= 0 &&
                          !c.rest.empty() && IsUpperLetter(c.rest[0]);
    if (!sc.in_dieu || !next || !(PrevEndsParagraph() || after_lost_end)) return false;
    sc.diem = c.number;
    const std::string& parent = sc.khoan > 0 ? sc.khoan_anchor : sc.dieu_anchor;
    int depth = (sc.khoan > 0 ? sc.khoan_depth : sc.dieu_depth) + 1;
    std::string printed = PointPrinted(c.number);
    Emit(sc.prefix + parent + "-diem-" + PointAscii(c.number), "diem", U"Điểm " + ToU32(printed),
         TextFrom(l, c.rest), depth, l.begin);
    return false;
  }

  std::string_view t_;
  size_t width_ = 80;
  std::vector<Span> quoted_;
  std::vector<StructureNode> nodes_;
  Scope scope_;
  int annexes_ = 0;
  size_t last_annex_line_ = 0;
  size_t current_index_ = 0;
  size_t page_ = 0;
  bool page_start_ = true;
  size_t text_lines_ = 0;
  int own_number_ = 0;
  size_t heading_until_ = 0;
  Seen prev_;
  bool have_prev_ = false;
  std::array<Seen, 8> recent_{};
  size_t recent_next_ = 0;
  size_t recent_count_ = 0;
};

}  // namespace

std::vector<StructureNode> ReadStructure(std::string_view text) {
  try {
    return Reader(text).Run();
  } catch (...) {
    return {};
  }
}

}  // namespace vanban::metadata_internal
