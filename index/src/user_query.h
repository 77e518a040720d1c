// The search box syntax, parsed without Lucene's QueryParser so that no input is a syntax
// error: words, "quoted phrases", -word and -"phrase" exclusions. Everything else ('(', '*',
// ':', '+', unbalanced quotes) is plain text, and characters that are not word characters
// simply separate words.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::index_internal {

// Limits that keep a hostile query cheap; input beyond them is ignored.
inline constexpr size_t kMaxQueryChars = 1000;  // code points, after NFC
inline constexpr size_t kMaxQueryParts = 32;

struct QueryPart {
  std::u32string text;  // NFC; holds at least one word character
  bool phrase = false;  // was quoted
  bool excluded = false;
};

// Any bytes: invalid UTF-8 is repaired, control characters are white space, typographic
// quotes (“ ” „) act as '"', an unclosed quote runs to the end. Parts without a word character
// ("-", "*", "\"\"") are dropped.
std::vector<QueryPart> ParseUserQuery(std::string_view input);

}  // namespace vanban::index_internal
