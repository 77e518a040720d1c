// "Did you mean": a corrected query for a search that found few documents (docs/index.md,
// "Did you mean").
#pragma once

#include <LuceneHeaders.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace vanban::index_internal {

// A search with fewer matches than this looks for a correction.
inline constexpr int64_t kFewResults = 3;

// How many documents a query text matches (with the search's filters), or any number of at
// least `enough` once that many are found: the caller only compares the count with a small one.
using CountMatches = std::function<int64_t(const std::string& query_text, int64_t enough)>;

// `q` (as typed, any bytes) with its misspelt words replaced by folded-field terms within
// edit distance 1 (words of up to 4 letters) or 2, chosen for their document frequency and
// for forming syllable pairs with their neighbours that the index holds. Words the user typed
// with diacritics get the corrected word's most frequent spelling from the exact fields;
// excluded words, words with digits and document numbers are never changed. Empty when no
// word needs a change, or when the corrected query would not match more than `matches`
// documents. Bounded work: at most 300,000 terms of each dictionary are looked at.
std::string DidYouMean(const Lucene::IndexReaderPtr& reader, std::string_view q, int64_t matches,
                       const CountMatches& count);

}  // namespace vanban::index_internal
