// The results of recent searches, kept with the snapshot of the index they were computed on
// (search_index.cc): a portal's searches repeat (a popular word, the next page of the same
// query), and a snapshot never changes, so a result kept with it stays exact until the index
// changes and a new snapshot, with an empty cache, replaces it. As Solr's queryResultCache,
// which lives and dies with its searcher.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "vanban/index/search_index.h"

namespace vanban::index_internal {

// Everything a search's results depend on, besides the index: the same key, the same results.
// Page, page size and facet limit as clamped, filters as normalised.
std::string ResultKey(const SearchQuery& query, const SearchFilters& filters, int page,
                      int page_size, int facet_limit);

// The bytes a result takes in the cache (its strings, its vectors, the entry), for the budget.
size_t BytesOf(const std::string& key, const SearchResults& results);

// Up to `budget` bytes of results under their keys, the least recently used dropped first.
// Thread-safe. A budget of 0 keeps nothing.
class ResultCache {
 public:
  explicit ResultCache(size_t budget) : budget_(budget) {}
  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

  std::optional<SearchResults> Get(const std::string& key);
  // Keeps `results` under `key` (replacing what was there), unless it alone exceeds the
  // budget.
  void Put(const std::string& key, const SearchResults& results);
  // Drops the least recently used results until those kept fit in `budget`.
  void SetBudget(size_t budget);

  SearchIndex::CacheStats stats() const;

 private:
  struct Entry {
    std::string key;
    SearchResults results;
    size_t bytes = 0;
  };
  void DropLocked(std::list<Entry>::iterator it);

  mutable std::mutex mu_;  // guards the members below
  size_t budget_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
  size_t bytes_ = 0;
  int64_t hits_ = 0;
  int64_t misses_ = 0;
};

}  // namespace vanban::index_internal
