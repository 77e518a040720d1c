#include "doc_text.h"

#include <array>
#include <cstddef>
#include <utility>

#include "vanban/convert/text.h"

namespace vanban::metadata_internal {
namespace {

constexpr char32_t kCellBreak = 0x1F;  // internal marker, never left in the output

bool IsLineBreak(char32_t c) {
  return c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

bool IsRuleChar(char32_t c) {
  return c == '-' || c == '_' || c == '=' || c == '~' || c == 0x2010 || c == 0x2012 ||
         c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x2212 || c == 0x2500 || c == 0x2501 ||
         c == 0x2026;
}

bool IsAsciiPunct(char32_t c) {
  return c < 0x80 && ((c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
                      (c >= '{' && c <= '~'));
}

bool IsWordChar(char32_t c) { return IsLetter(c) || IsDigit(c); }

// Uppercase of the Latin letters Vietnamese uses, derived from LowerCodepoint (so the two
// stay consistent): upper[lower(c)] = c for the first c that maps there.
class UpperTable {
 public:
  UpperTable() {
    for (char32_t c = 0; c < kLowSize; ++c) low_[c] = c;
    for (char32_t c = 0; c < kExtSize; ++c) ext_[c] = kExtBase + c;
    auto add = [this](char32_t c) {
      char32_t l = LowerCodepoint(c);
      if (l == c) return;
      char32_t* slot = Slot(l);
      if (slot && *slot == l) *slot = c;
    };
    for (char32_t c = 'A'; c <= 'Z'; ++c) add(c);
    for (char32_t c = 0xC0; c < kLowSize; ++c) add(c);
    for (char32_t c = kExtBase; c < kExtBase + kExtSize; ++c) add(c);
  }
  char32_t Upper(char32_t c) const {
    if (c < kLowSize) return low_[c];
    if (c >= kExtBase && c < kExtBase + kExtSize) return ext_[c - kExtBase];
    return c;
  }

 private:
  static constexpr char32_t kLowSize = 0x250;
  static constexpr char32_t kExtBase = 0x1E00;
  static constexpr char32_t kExtSize = 0x100;
  char32_t* Slot(char32_t c) {
    if (c < kLowSize) return &low_[c];
    if (c >= kExtBase && c < kExtBase + kExtSize) return &ext_[c - kExtBase];
    return nullptr;
  }
  std::array<char32_t, kLowSize> low_{};
  std::array<char32_t, kExtSize> ext_{};
};

const UpperTable& Uppers() {
  static const UpperTable table;
  return table;
}

// Markdown and web-rendering marks that carry no text: "**bold**", "*italic*", "_italic_",
// "# heading", "> quote", "\-" escapes. "* item" becomes "- item".
U32 StripMarkup(U32View in) {
  U32 out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
  size_t hashes = i;
  while (hashes < in.size() && in[hashes] == '#') ++hashes;
  if (hashes > i && hashes - i <= 6 && (hashes == in.size() || in[hashes] == ' ')) i = hashes;
  if (i < in.size() && in[i] == '>' && i + 1 < in.size() && in[i + 1] == ' ') i += 2;
  if (i + 1 < in.size() && in[i] == '*' && in[i + 1] == ' ') {
    out += U"- ";
    i += 2;
  }
  for (; i < in.size(); ++i) {
    char32_t c = in[i];
    if (c == '*') continue;
    if (c == '\\' && i + 1 < in.size() && IsAsciiPunct(in[i + 1])) continue;
    if (c == '_') {
      size_t run = i;
      while (run < in.size() && in[run] == '_') ++run;
      if (run - i >= 3) {
        out.append(run - i, '_');
        i = run - 1;
        continue;
      }
      bool prev_word = !out.empty() && IsWordChar(out.back());
      bool next_word = run < in.size() && IsWordChar(in[run]);
      if (prev_word && next_word) {
        out.append(run - i, '_');
      }
      i = run - 1;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Removes a leading and a trailing rule ("-------", "____") from a cell.
U32 StripRules(U32View cell, bool* rule) {
  size_t b = 0;
  while (b < cell.size() && IsRuleChar(cell[b])) ++b;
  if (b >= 3 || b == cell.size()) {
    if (b > 0) *rule = true;
    cell.remove_prefix(b);
  } else {
    b = 0;
  }
  size_t e = cell.size();
  while (e > 0 && IsRuleChar(cell[e - 1])) --e;
  if (cell.size() - e >= 3) {
    *rule = true;
    cell = cell.substr(0, e);
  }
  return Trim(cell);
}

// The fixed phrases that open the right header column. When Poppler reads a header row as one
// text run, the column on the left ends right where the phrase begins, with no space
// ("BỘ TÀI CHÍNH - BỘ NỘI VỤCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").
constexpr std::u32string_view kColumnOpeners[] = {U"cong hoa xa hoi chu nghia",
                                                  U"dang cong san viet nam"};

// Position i of s opens a column glued to the capitals before it: a capital right after a
// capital letter, starting one of kColumnOpeners in capitals.
bool OpensGluedColumn(U32View s, size_t i) {
  if (i == 0 || !IsUpperLetter(s[i]) || !IsUpperLetter(s[i - 1])) return false;
  for (std::u32string_view phrase : kColumnOpeners) {
    if (i + phrase.size() > s.size()) continue;
    bool same = true;
    for (size_t k = 0; k < phrase.size() && same; ++k) {
      char32_t c = s[i + k];
      same = FoldCodepoint(c) == phrase[k] && !IsLowerLetter(c);
    }
    if (same) return true;
  }
  return false;
}

Line CleanLine(U32View raw) {
  U32 s;
  s.reserve(raw.size());
  for (char32_t c : raw) {
    if (c == '\t' || c == '|') {
      s.push_back(kCellBreak);
    } else if (c == 0xAD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF ||
               c == 0x2060) {
      continue;
    } else if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
      s.push_back(' ');
    } else if (IsSpace(c)) {
      s.push_back(' ');
    } else {
      s.push_back(c);
    }
  }
  s = StripMarkup(s);
  {
    U32 split;
    split.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      if (OpensGluedColumn(s, i)) split.push_back(kCellBreak);
      split.push_back(s[i]);
    }
    s = std::move(split);
  }
  Line line;
  size_t start = 0;
  auto flush = [&](size_t end) {
    bool rule = false;
    U32 cell = StripRules(U32View(s).substr(start, end - start), &rule);
    if (rule) line.rule = true;
    if (!cell.empty()) line.cells.push_back(CollapseSpaces(cell));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == kCellBreak) {
      flush(i);
      start = i + 1;
    } else if (s[i] == ' ' && i + 1 < s.size() && s[i + 1] == ' ') {
      size_t j = i;
      while (j < s.size() && s[j] == ' ') ++j;
      flush(i);
      start = j;
      i = j - 1;
    }
  }
  flush(s.size());
  return line;
}

}  // namespace

Prepared PrepareText(std::string_view raw) {
  std::string bounded;
  std::string_view src = raw;
  if (raw.size() > kMaxInputBytes) {
    bounded.reserve(kHeadBytes + kTailBytes + 1);
    bounded.append(raw.substr(0, kHeadBytes));
    bounded.push_back('\n');
    bounded.append(raw.substr(raw.size() - kTailBytes));
    src = bounded;
  }
  U32 u = ToU32(NormalizeNfc(src));
  Prepared p;
  size_t start = 0;
  for (size_t i = 0; i <= u.size(); ++i) {
    if (i == u.size() || IsLineBreak(u[i])) {
      p.lines.push_back(CleanLine(U32View(u).substr(start, i - start)));
      if (i + 1 < u.size() && u[i] == '\r' && u[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  return p;
}

U32 JoinCells(const Line& line) {
  U32 out;
  for (const U32& c : line.cells) {
    if (!out.empty()) out.push_back(' ');
    out += c;
  }
  return out;
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c >= 0xC0 && c < 0x250) return c != 0xD7 && c != 0xF7;
  if (c >= 0x300 && c < 0x370) return true;  // combining marks stay inside their word
  return c >= 0x1E00 && c < 0x1F00;
}

bool IsUpperLetter(char32_t c) { return IsLetter(c) && LowerCodepoint(c) != c; }
bool IsLowerLetter(char32_t c) { return IsLetter(c) && UpperCodepoint(c) != c; }
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsDash(char32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
         c == 0xFF0D;
}

char32_t UpperCodepoint(char32_t c) { return Uppers().Upper(c); }

U32 ToU32Str(std::string_view utf8) { return ToU32(utf8); }
std::string ToUtf8Str(U32View s) { return ToUtf8(s); }

U32 Lower(U32View s) {
  U32 out(s);
  for (char32_t& c : out) c = LowerCodepoint(c);
  return out;
}

U32 Upper(U32View s) {
  U32 out(s);
  for (char32_t& c : out) c = UpperCodepoint(c);
  return out;
}

U32 Fold(U32View s) {
  U32 out(s);
  for (char32_t& c : out) c = FoldCodepoint(c);
  return out;
}

U32 Trim(U32View s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return U32(s.substr(b, e - b));
}

U32 CollapseSpaces(U32View s) {
  U32 out;
  out.reserve(s.size());
  bool space = false;
  for (char32_t c : s) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<U32> SplitWords(U32View s) {
  std::vector<U32> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > b) words.emplace_back(s.substr(b, i - b));
  }
  return words;
}

U32 CapitalizeFirst(U32View s) {
  U32 out(s);
  for (char32_t& c : out) {
    if (IsLetter(c)) {
      c = UpperCodepoint(c);
      break;
    }
    if (IsDigit(c)) break;
  }
  return out;
}

U32 TitleWord(U32View s) { return CapitalizeFirst(Lower(s)); }

U32 TitleWords(U32View s) {
  U32 out;
  size_t i = 0;
  while (i < s.size()) {
    size_t b = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    out += TitleWord(s.substr(b, i - b));
    while (i < s.size() && IsSpace(s[i])) out.push_back(s[i++]);
  }
  return out;
}

U32 SentenceCase(U32View s) { return CapitalizeFirst(Lower(s)); }

bool IsMostlyUpper(U32View s) {
  size_t letters = 0;
  size_t upper = 0;
  for (char32_t c : s) {
    if (!IsLetter(c) || (c >= 0x300 && c < 0x370)) continue;
    ++letters;
    if (IsUpperLetter(c)) ++upper;
  }
  return letters >= 2 && upper * 5 >= letters * 4;
}

bool HasLetter(U32View s) {
  for (char32_t c : s) {
    if (IsLetter(c)) return true;
  }
  return false;
}

bool HasLowerLetter(U32View s) {
  for (char32_t c : s) {
    if (IsLowerLetter(c)) return true;
  }
  return false;
}

size_t CountWords(U32View s) {
  size_t n = 0;
  bool in = false;
  for (char32_t c : s) {
    bool sp = IsSpace(c);
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

bool StartsWithFolded(U32View s, std::string_view folded_prefix) {
  if (s.size() < folded_prefix.size()) return false;
  for (size_t i = 0; i < folded_prefix.size(); ++i) {
    if (FoldCodepoint(s[i]) != static_cast<char32_t>(folded_prefix[i])) return false;
  }
  return s.size() == folded_prefix.size() || !IsWordChar(s[folded_prefix.size()]) ||
         !IsWordChar(static_cast<char32_t>(folded_prefix.back()));
}

size_t RecipientsLabelLength(U32View s) {
  constexpr std::string_view kLabel = "noi nhan";
  if (StartsWithFolded(s, kLabel)) return kLabel.size();
  // A speck of the scan glued before the label (".Nơi nhận:").
  if (s.size() > 1 && U32View(U".,'`_*").find(s[0]) != U32View::npos &&
      (s[1] == 'N' || s[1] == 'n')) {
    const size_t rest = RecipientsLabelLength(s.substr(1));
    return rest == 0 ? 0 : rest + 1;
  }
  // OCR: the space lost ("Noinhận"), the vowel of "nhận" misread ("nhén", "nhôn"), its n read
  // as m. Only on a line that holds the label alone: "noi nh?n" then ":", "." (or ";", OCR's
  // colon) or nothing.
  size_t i = 0;
  auto take = [&](std::u32string_view any) {
    if (i >= s.size() || any.find(FoldCodepoint(s[i])) == std::u32string_view::npos) return false;
    ++i;
    return true;
  };
  if (!take(U"n") || !take(U"o") || !take(U"i")) return 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (!take(U"n") || !take(U"h") || !take(U"aeo") || !take(U"nm")) return 0;
  const size_t end = i;
  if (end < s.size() && IsWordChar(s[end])) return 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && s[i] != ':' && s[i] != '.' && s[i] != ';') return 0;  // "Noinhén;"
  return end;
}

size_t FindFolded(U32View folded_haystack, std::string_view folded_needle, size_t from) {
  if (folded_needle.empty()) return U32View::npos;
  U32 needle(folded_needle.begin(), folded_needle.end());
  bool word_start = IsWordChar(needle.front());
  bool word_end = IsWordChar(needle.back());
  size_t pos = from;
  while (true) {
    pos = folded_haystack.find(needle, pos);
    if (pos == U32View::npos) return pos;
    size_t end = pos + needle.size();
    bool ok_before = !word_start || pos == 0 || !IsWordChar(folded_haystack[pos - 1]);
    bool ok_after = !word_end || end >= folded_haystack.size() || !IsWordChar(folded_haystack[end]);
    if (ok_before && ok_after) return pos;
    ++pos;
  }
}

U32 StripChars(U32View s, U32View chars) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (chars.find(s[b]) != U32View::npos || IsSpace(s[b]))) ++b;
  while (e > b && (chars.find(s[e - 1]) != U32View::npos || IsSpace(s[e - 1]))) --e;
  return U32(s.substr(b, e - b));
}

}  // namespace vanban::metadata_internal
