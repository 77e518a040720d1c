// The three full-text engines of the search benchmark (bench/search_bench.cc) behind one
// interface, built from the same IndexEntry records and asked the same search-box queries:
//
//   ours   vanban's SearchIndex (index/, Lucene++): exact + folded fields, number keys, stored
//          body, snippets on every hit; facet counts off ("ours-facets": on, where the
//          index has them);
//   fts5   SQLite FTS5, tokenize='unicode61 remove_diacritics 2', the original columns plus
//          folded ones (FoldForSearch: unicode61 does not fold đ); queries go to the folded
//          columns, ranked by bm25 with number 20, head 4, body 1 (as ours weights them);
//   xapian Xapian 1.4 (BM25), our own tokenisation of the folded text with positions, head
//          terms with wdf 4, the number's keys as "XN" terms weighted ×20, the document
//          (metadata and body) as its data.
//
// Query translation for the peers mirrors docs/index.md "Query translation" for what the
// benchmark asks: words and "quoted phrases" are all required and folded; a word that looks
// like a document number ("01/2026/QĐ-UBND") is required as the phrase of its parts or as the
// number. Exclusions are not translated (the benchmark does not use them).
//
// Errors throw std::runtime_error (this is benchmark code).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "vanban/index/search_index.h"

namespace vanban::bench {

struct EngineHits {
  int64_t total = 0;  // ours and FTS5: exact; Xapian: its estimate (get_matches_estimated)
  std::vector<int64_t> ids;
  std::vector<std::string> numbers;
};

// One thread's handle for querying.
class EngineSearcher {
 public:
  virtual ~EngineSearcher() = default;
  virtual EngineHits Search(const std::string& q, int page, int page_size) = 0;
  // Documents in the index (a check that a build, or a --reuse, holds the whole corpus).
  virtual int64_t DocCount() = 0;
};

class SearchEngine {
 public:
  virtual ~SearchEngine() = default;
  virtual std::string Name() const = 0;
  // Build: Add every entry, Commit every so often, then FinishBuild (closes the writer).
  virtual void Add(const IndexEntry& e) = 0;
  virtual void Commit() = 0;
  virtual void FinishBuild() = 0;
  // After FinishBuild: a searcher per thread (they may share state when the engine is
  // thread-safe, as ours is).
  virtual std::unique_ptr<EngineSearcher> NewSearcher() = 0;
};

// An engine writing into `dir`: fresh (created; must be empty or absent), or, with
// `open_existing`, the index a previous build left there (search_bench --reuse).
// `facets`: ask for facet counts (10 values per facet) with every search, as the portal's
// search page does; without, none (SearchQuery::facet_limit 0), as the peers compute none.
std::unique_ptr<SearchEngine> MakeOurs(const std::filesystem::path& dir, bool facets = false);
// False when this build's SearchQuery has no facets (index schema 1): then "ours-facets"
// searches as "ours" does.
bool OursHasFacets();
std::unique_ptr<SearchEngine> MakeFts5(const std::filesystem::path& dir,
                                       bool open_existing = false);
std::unique_ptr<SearchEngine> MakeXapian(const std::filesystem::path& dir,
                                         bool open_existing = false);
// "ours", "ours-facets", "fts5" or "xapian".
std::unique_ptr<SearchEngine> MakeEngine(const std::string& name, const std::filesystem::path& dir,
                                         bool open_existing = false);

// Near real time, as `vanban serve` sees it: a writer on our index at `dir` (left by a build)
// adds a new document (entries[i], each given a word of its own) and searches for it until
// it is found, then removes it and searches until it is gone; milliseconds for each, per
// entry. The index is left as it was (the additions are removed, nothing is committed).
struct NrtTimes {
  std::vector<double> visible_ms, gone_ms;
};
NrtTimes MeasureOursNrt(const std::filesystem::path& dir, const std::vector<IndexEntry>& entries);

// The folded words of `text` (FoldForSearch, then runs of letters, digits and marks).
std::vector<std::string> FoldedWords(const std::string& text);

// The search box as the peers read it (see above).
struct QueryPart {
  std::vector<std::string> words;  // folded; more than one: a phrase
  std::string number_key;          // folded number ("01/2026/qd-ubnd") or empty
};
std::vector<QueryPart> ParseBox(const std::string& q);

}  // namespace vanban::bench
