// Suggestions while typing (docs/index.md, "Suggestions"): document numbers by prefix of their
// normalised form, then titles (type + summary) whose folded words contain the input's words,
// the last one as a prefix.
#pragma once

#include <LuceneHeaders.h>

#include <string>
#include <string_view>
#include <vector>

#include "vanban/index/search_index.h"

namespace vanban::index_internal {

// Longest input used, in code points.
inline constexpr size_t kMaxSuggestChars = 200;
// Most input words used for titles.
inline constexpr size_t kMaxSuggestWords = 12;
// The folded title kept whole for "starts with" (field title_s), in code points.
inline constexpr size_t kMaxTitleStartChars = 300;

// The title of a document ("Quyết định Ban hành ..."), empty without a summary.
std::string SuggestionTitle(const std::string& type_nfc, const std::string& summary_nfc);
// The folded words of a title joined by single spaces, cut to kMaxTitleStartChars.
Lucene::String TitleStartKey(const std::string& title_nfc);

// `input`: any bytes. `limit` >= 1.
std::vector<Suggestion> SuggestFrom(const Lucene::IndexSearcherPtr& searcher,
                                    std::string_view input, int limit);

}  // namespace vanban::index_internal
