// The full-text index of published documents: Lucene++ on disk (MMapDirectory, unlimited
// field length). docs/index.md lists the fields and the schema version.
//
// One entry per document, holding its current published version (Upsert replaces it).
// Vietnamese analysis: every text field is indexed twice, exact (lowercased, NFC) and
// folded (no diacritics, đ -> d); exact matches score above folded ones. The document number
// also goes into a normalised keyword field ("01/2026/qd-ubnd") so that numbers are found
// whole.
//
// The index is derived data: `vanban reindex` rebuilds it from the repository.
//
// Thread-safety: all methods may be called concurrently. A process opens the index either
// as the one writer (OpenWriter holds Lucene's write lock) or read-only; readers in other
// processes see each Commit().
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "vanban/repository/document.h"
#include "vanban/repository/status.h"

namespace vanban {

struct IndexEntry {
  int64_t doc_id = 0;
  int version = 1;
  Metadata meta;
  std::string text;  // full text, NFC
  std::string unit;
  std::string published_at;
};

struct SearchQuery {
  std::string q;   // user input, any bytes; never causes an error for its syntax
  int page = 1;    // 1-based
  int page_size = 20;
};

struct SearchHit {
  int64_t doc_id = 0;
  int version = 1;
  std::string number;
  std::string type;
  std::string authority;
  std::string summary;
  std::string issue_date;
  double score = 0;
  // HTML: text escaped, matched words wrapped in <mark>...</mark>.
  std::string snippet;
};

struct SearchResults {
  int64_t total = 0;
  int page = 1;
  int page_size = 20;
  std::vector<SearchHit> hits;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Opens (creating if needed) the index at `dir` for writing. kBusy if another process
  // holds the write lock. An index of another schema version is wiped and recreated (it is
  // rebuilt from the repository); `*rebuilt` tells the caller to reindex.
  static Result<std::unique_ptr<SearchIndex>> OpenWriter(const std::filesystem::path& dir,
                                                         bool* needs_rebuild = nullptr);
  // Opens the index read-only (an empty result set if it does not exist yet).
  static Result<std::unique_ptr<SearchIndex>> OpenReader(const std::filesystem::path& dir);

  // Adds or replaces the entry of entry.doc_id. Writer only.
  virtual Status Upsert(const IndexEntry& entry) = 0;
  // Removes the entry of `doc_id` (no-op if absent). Writer only.
  virtual Status Remove(int64_t doc_id) = 0;
  // Removes every entry. Writer only.
  virtual Status Clear() = 0;
  // Makes the changes durable and visible to searchers in every process.
  virtual Status Commit() = 0;

  // Sees the latest commit (or, in the writer's process, the latest change).
  virtual Result<SearchResults> Search(const SearchQuery& query) = 0;
  virtual Result<int64_t> DocCount() = 0;
};

// The index schema version written into the index (docs/index.md).
int IndexSchemaVersion();

}  // namespace vanban
