// One search with facet filters, facet counts, a sort order and a page (docs/index.md,
// "Facets, sort and paging").
//
// Without filters, each segment's matches are counted into the facets and offered to a bounded
// heap that keeps the page and those before it as the evaluator gives them: nothing is kept per
// match. With filters, every match is collected once (global doc number, score, sort key,
// document id), filters and facet counts are worked out on a byte per document of the index,
// and the page is selected with the same heap. Time is O(matches) at any page (a deep page
// keeps more in the heap, and more documents are scored in full); memory O(matches + maxDoc)
// with filters.
#pragma once

#include <LuceneHeaders.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query_builder.h"
#include "vanban/index/search_index.h"

namespace vanban::index_internal {

// The Lucene field of a facet (one term per value: filtering).
const wchar_t* FacetField(SearchFacet f);
// The field of a facet's values joined into one term per document (counting).
const wchar_t* FacetComboField(SearchFacet f);
// That term: the distinct values (FacetValue, separator characters removed), sorted, joined
// by kFacetValueSeparator; empty when there is none.
std::wstring FacetCombo(const std::vector<std::string>& values);

struct FacetedPage {
  int64_t total = 0;
  // The page's global doc numbers with their scores, in result order.
  std::vector<std::pair<int32_t, double>> hits;
  std::vector<FacetCounts> facets;
};

// The matches come from `shape` through ShapeEvaluator (postings_eval.h) when it is given
// and has a required group, else from `query` through Lucene's own scorers (browsing by
// facet: MatchAllDocsQuery). `filters` must be normalised already (NormalizeFilters).
// `first` is the 0-based rank of the page's first hit; `facet_limit` 0 computes no facets.
FacetedPage RunFacetedSearch(const Lucene::IndexSearcherPtr& searcher,
                             const Lucene::QueryPtr& query, const PlanShape* shape,
                             const SearchFilters& filters, SearchSort sort, int64_t first,
                             int page_size, int facet_limit);

// Loads now, for each segment of `reader`, what its first search would: the document ids and
// sort keys (Lucene's FieldCache) and each facet's combinations with their value ids.
void WarmFacetsAndSortKeys(const Lucene::IndexReaderPtr& reader);

// A facet value as indexed and as filtered on: NFC, white space trimmed.
std::string FacetValue(std::string_view raw);

// Each value through FacetValue, without empty values and duplicates; at most 20 values per facet,
// each at most 500 bytes (longer ones cannot be any facet's value and are dropped).
SearchFilters NormalizeFilters(const SearchFilters& filters);

}  // namespace vanban::index_internal
