// Private to the metadata extractor: the text of a document as lines of cells, after the
// clean-up that makes Poppler output (default, -layout, -raw), markdown/table renderings and
// plain text look alike, plus the character and casing helpers the readers share.
//
// All scanning works on UTF-32 so that a character is one element. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::metadata_internal {

using U32 = std::u32string;
using U32View = std::u32string_view;

// Inputs longer than this are read as their first kHeadBytes and last kTailBytes: the header
// sits at the start and the signature at the end, and every reader stays linear in the size.
inline constexpr size_t kMaxInputBytes = size_t{3} << 20;
inline constexpr size_t kHeadBytes = size_t{2} << 20;
inline constexpr size_t kTailBytes = size_t{1} << 20;

// One line of text split into cells: a table cell ("|" in markdown), a tab stop or a gap of two
// or more spaces (pdftotext -layout) ends a cell. A blank line has no cells.
struct Line {
  std::vector<U32> cells;
  // The line was (or started with) a rule of dashes/underscores ("-------", "____").
  bool rule = false;
  bool blank() const { return cells.empty(); }
};

struct Prepared {
  std::vector<Line> lines;
};

Prepared PrepareText(std::string_view raw);

// Cells of a line joined by one space.
U32 JoinCells(const Line& line);

// --- characters ---
bool IsLetter(char32_t c);
bool IsUpperLetter(char32_t c);
bool IsLowerLetter(char32_t c);
bool IsDigit(char32_t c);
bool IsSpace(char32_t c);  // space, tab, newline and the Unicode spaces
bool IsDash(char32_t c);   // - and the Unicode dashes/minus
char32_t UpperCodepoint(char32_t c);

// --- strings ---
U32 ToU32Str(std::string_view utf8);
std::string ToUtf8Str(U32View s);
U32 Lower(U32View s);
U32 Upper(U32View s);
// Lowercase without diacritics, one code point per code point ("Đ" -> "d").
U32 Fold(U32View s);
U32 Trim(U32View s);
// Runs of whitespace become one space; trimmed.
U32 CollapseSpaces(U32View s);
std::vector<U32> SplitWords(U32View s);
// "thái" -> "Thái" (first letter only).
U32 CapitalizeFirst(U32View s);
// "THÁI" / "thái" -> "Thái".
U32 TitleWord(U32View s);
// Every word title-cased: "HỒ CHÍ MINH" -> "Hồ Chí Minh".
U32 TitleWords(U32View s);
// "QUỐC HỘI" -> "Quốc hội": first letter upper, the rest lower.
U32 SentenceCase(U32View s);
// At least 2 letters and at least 80 % of the letters are capitals.
bool IsMostlyUpper(U32View s);
bool HasLetter(U32View s);
bool HasLowerLetter(U32View s);
size_t CountWords(U32View s);

// True if Fold(s) starts with `folded_prefix` (ASCII, already folded) and the match ends at a
// word boundary. Leading spaces in s are not skipped.
bool StartsWithFolded(U32View s, std::string_view folded_prefix);
// The length of the "Nơi nhận" label that opens s, as written or as OCR misreads a line that
// holds only the label ("Nơi nhén:", "Noinhén:.", "Nơi nhận: _.."); 0 when s does not open
// with it. Leading spaces in s are not skipped.
size_t RecipientsLabelLength(U32View s);
// Position of `folded_needle` (ASCII, folded) in `folded_haystack` at word boundaries, from
// `from`; npos if absent.
size_t FindFolded(U32View folded_haystack, std::string_view folded_needle, size_t from = 0);

// Strips leading/trailing characters in `chars` (e.g. U" ;.,:").
U32 StripChars(U32View s, U32View chars);

}  // namespace vanban::metadata_internal
