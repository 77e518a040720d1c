// What a word is, for indexing, query parsing and snippets alike: all three go through
// NextToken and ApplyForm (and, for the exact form, ExactTonePlacement), so a query term always
// equals the indexed term of the same word.
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
  kExact,   // lowercased, diacritics kept, one tone placement: "quyết", "hoà" -> "hòa"
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

// One code point of a word in `form`: LowerCodepoint or FoldCodepoint. Enough for the folded
// form; the exact form of a whole word also needs ExactTonePlacement.
char32_t ApplyForm(char32_t c, TermForm form);

// True if `term` (lowercased) may be written with the tone mark on either vowel: an "o" or
// "u" followed by a toned a, e or y ("hoà", "thuỷ", "uỷ", "khoẻ"; also "hoàn", which
// NormalizeTonePlacement leaves alone). Cheap; most words are not.
bool HasMovableTone(std::u32string_view term);
// The test of HasMovableTone for two adjacent code points.
bool IsMovableTone(char32_t previous, char32_t c);
// The exact form's second step: NormalizeTonePlacement (convert/text.h) of a lowercased word,
// so that "hoà"/"hòa", "thuỷ"/"thủy", "uỷ"/"ủy", "khoẻ"/"khỏe" are one term ("hòa", "thủy").
// The word keeps its length in code points.
void ExactTonePlacement(std::u32string& term);

// Every word of `text` in `form`, in order.
std::vector<std::u32string> TokenTerms(std::u32string_view text, TermForm form);

// Syllable pairs (fields head_p, body_p): two adjacent folded words joined by
// kPairSeparator ("cong_nghe"). '_' is not a word character, so no single word is a pair.
inline constexpr char32_t kPairSeparator = U'_';
std::u32string PairTerm(std::u32string_view first, std::u32string_view second);
// True if the text between two words ends a sentence or clause (. ! ? ; : …): no pair across.
bool BreaksPair(std::u32string_view between);

}  // namespace vanban::index_internal
