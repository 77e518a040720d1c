#include "result_cache.h"

#include <string_view>

namespace vanban::index_internal {
namespace {

// Fields are separated by a byte no normalised value contains; each value's length comes
// first, so no two different queries give the same key whatever their bytes.
void Append(std::string* key, std::string_view value) {
  *key += std::to_string(value.size());
  *key += ':';
  *key += value;
  *key += '\x1f';
}

}  // namespace

std::string ResultKey(const SearchQuery& query, const SearchFilters& filters, int page,
                      int page_size, int facet_limit) {
  std::string key;
  Append(&key, query.q);
  Append(&key, std::to_string(page));
  Append(&key, std::to_string(page_size));
  Append(&key, std::to_string(facet_limit));
  Append(&key, SearchSortName(query.sort));
  for (SearchFacet f : kSearchFacets) {
    const auto& values = filters.of(f);
    Append(&key, std::to_string(values.size()));
    for (const std::string& v : values) Append(&key, v);
  }
  return key;
}

size_t BytesOf(const std::string& key, const SearchResults& results) {
  size_t n = sizeof(SearchResults) + 2 * key.size() + results.did_you_mean.size() + 128;
  for (const SearchHit& h : results.hits) {
    n += sizeof(SearchHit) + h.number.size() + h.type.size() + h.authority.size() +
         h.summary.size() + h.issue_date.size() + h.snippet.size();
  }
  for (const FacetCounts& f : results.facets) {
    n += sizeof(FacetCounts);
    for (const FacetValueCount& v : f.values) n += sizeof(FacetValueCount) + v.value.size();
  }
  return n;
}

std::optional<SearchResults> ResultCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (budget_ == 0) return std::nullopt;  // off: not a miss
  auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->results;
}

void ResultCache::Put(const std::string& key, const SearchResults& results) {
  const size_t bytes = BytesOf(key, results);
  std::lock_guard<std::mutex> lock(mu_);
  if (bytes > budget_) return;
  if (auto it = by_key_.find(key); it != by_key_.end()) DropLocked(it->second);
  while (!lru_.empty() && bytes_ + bytes > budget_) DropLocked(std::prev(lru_.end()));
  lru_.push_front(Entry{key, results, bytes});
  by_key_.emplace(key, lru_.begin());
  bytes_ += bytes;
}

void ResultCache::SetBudget(size_t budget) {
  std::lock_guard<std::mutex> lock(mu_);
  budget_ = budget;
  while (!lru_.empty() && bytes_ > budget_) DropLocked(std::prev(lru_.end()));
}

SearchIndex::CacheStats ResultCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return SearchIndex::CacheStats{hits_, misses_, lru_.size(), bytes_};
}

void ResultCache::DropLocked(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  by_key_.erase(it->key);
  lru_.erase(it);
}

}  // namespace vanban::index_internal
