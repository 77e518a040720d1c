// Vietnamese text normalisation shared by every stage: NFC, repair of invalid UTF-8, and the
// diacritic folding used for search ("Quyết định" -> "quyet dinh", "Đ" -> "d").
//
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace vanban {

// Unicode NFC (TCVN 6909:2001 text is precomposed). Invalid UTF-8 is repaired first.
std::string NormalizeNfc(std::string_view utf8);

// True if `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);
// Valid UTF-8 for any bytes: each invalid byte is read as Windows-1252 (how legacy Windows
// file names and stray Latin-1 bytes were written), so nothing is dropped.
std::string RepairUtf8(std::string_view bytes);

// Lowercase and without diacritics, one code point out for each code point in, so offsets
// in the folded text are offsets in the original: U+1EBF 'ế' -> 'e', 'Đ' -> 'd'.
char32_t FoldCodepoint(char32_t c);
// FoldCodepoint over a UTF-8 string (NFC first).
std::string FoldForSearch(std::string_view utf8);
// Lowercase only (Vietnamese letters included), code point for code point.
char32_t LowerCodepoint(char32_t c);
std::string LowerUtf8(std::string_view utf8);

// One tone placement for the open syllables written both ways: "hoà"/"hòa", "thuỷ"/"thủy",
// "uỷ"/"ủy", "khoẻ"/"khỏe" all become the form with the mark on the first vowel ("hòa",
// "thủy"); "quý", "hoàn", "thuyền" are unchanged. NFC in, NFC out.
std::string NormalizeTonePlacement(std::string_view utf8);

// Runs of spaces and tabs become one space; blank lines collapse to one; lines are trimmed.
std::string NormalizeWhitespace(std::string_view text);
// Every run of spaces, tabs, CRs and newlines becomes one space; leading and trailing ones are
// dropped: text on one line ("a \n b\t" -> "a b"). Bytes pass through otherwise.
std::string CollapseToOneLine(std::string_view text);

// Escapes & < > " ' for HTML text and quoted attribute values. Invalid UTF-8 is repaired and
// control characters (other than tab and newline) become U+FFFD, so the output is always
// well-formed. The one escaper of the project: pages and search snippets both use it.
std::string HtmlEscape(std::string_view text);
void AppendHtmlEscaped(std::string& out, char32_t c);

// UTF-8 <-> UTF-32 helpers (invalid input repaired as in RepairUtf8).
std::u32string ToU32(std::string_view utf8);
std::string ToUtf8(std::u32string_view s);

}  // namespace vanban
