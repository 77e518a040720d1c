// What a word is, for indexing, query parsing and snippets alike: all three go through
// NextToken and ApplyForm, so a query term always equals the indexed term of the same word.
//
// Text is UTF-32 in NFC; callers normalise first (NFD would split "Quyết" into two words).
// Offsets are code point indexes, which is why folding must stay one code point per code point.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::index_internal {

// Longer runs of word characters are cut into pieces of this length, as Lucene's CharTokenizer
// does, so that a pathological input cannot create a giant term.
inline constexpr size_t kMaxTokenLength = 255;

enum class TermForm {
  kExact,   // lowercased, diacritics kept: "quyết"
  kFolded,  // FoldCodepoint: "quyet", "đất" -> "dat"
};

// Letters, digits and combining marks. Everything else separates words, so "01/2026/QĐ-UBND"
// is the four words 01, 2026, QĐ, UBND.
bool IsTokenChar(char32_t c);
// White space and control characters.
bool IsBlank(char32_t c);

struct TokenSpan {
  size_t begin = 0;
  size_t end = 0;  // one past the last code point
};

// Finds the first word starting at or after *pos and moves *pos past it; false when none is
// left.
bool NextToken(std::u32string_view text, size_t* pos, TokenSpan* token);

char32_t ApplyForm(char32_t c, TermForm form);

// Every word of `text` in `form`, in order.
std::vector<std::u32string> TokenTerms(std::u32string_view text, TermForm form);

}  // namespace vanban::index_internal
