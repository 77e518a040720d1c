// The full-text index of published documents: Lucene++ on disk (MMapDirectory, unlimited
// field length). docs/index.md lists the fields, the analysis and the schema version.
//
// One entry per document, holding its current published version (Upsert replaces it).
// Vietnamese analysis: every text field is indexed twice, exact (lowercased, NFC, one tone
// placement: "hoà" = "hòa") and folded (FoldCodepoint: no diacritics, đ -> d), plus adjacent
// folded syllable pairs ("cong_nghe"); exact matches score above folded ones, adjacent words
// above scattered ones. The document number also goes into a normalised keyword field
// ("01/2026/qd-ubnd", and its parts "01/2026", "qd-ubnd") so that numbers are found whole.
//
// The index is derived data: `vanban reindex` rebuilds it from the repository.
//
// A process opens the index either as the one writer (OpenWriter holds the write lock, an
// OS-level lock that ends with the process, so a crash never leaves a stale lock) or
// read-only, any number of times. Searches see changes as follows:
//   - in the writer's instance: a Commit() at once, uncommitted changes within 200 ms
//     (near-real-time reader);
//   - in read-only instances (any process): each Commit() within about 200 ms.
//
// Thread-safety: all methods may be called concurrently; each search works on a consistent
// snapshot of the index. Destroying a writer commits pending changes and releases the lock;
// no call may be running on an instance while it is destroyed.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/document.h"
#include "vanban/repository/status.h"

namespace vanban {

// What is indexed of one document. Of `meta`, number, type, authority and summary are
// searchable; type, authority (and `authorities`), fields, the year of issue_date and `unit`
// are facets; issue_date and effective_date are sort keys. `published_at` is not indexed
// (schema version 3, docs/index.md).
struct IndexEntry {
  int64_t doc_id = 0;
  int version = 1;
  Metadata meta;
  std::string text;  // full text, NFC; stored in the index for snippets
  std::string unit;
  std::string published_at;
};

// The facets of a search, in the order SearchResults::facets lists them.
enum class SearchFacet { kType, kAuthority, kField, kYear, kUnit };
inline constexpr size_t kSearchFacetCount = 5;
inline constexpr std::array<SearchFacet, kSearchFacetCount> kSearchFacets = {
    SearchFacet::kType, SearchFacet::kAuthority, SearchFacet::kField, SearchFacet::kYear,
    SearchFacet::kUnit};
// "type", "authority", "field" (lĩnh vực, Metadata::fields), "year" (of issue_date), "unit".
std::string_view SearchFacetName(SearchFacet f);
std::optional<SearchFacet> SearchFacetFromName(std::string_view name);

// Result order. Dates sort with documents without the date last, in both directions; ties
// (equal score or date) go by document id, ascending.
enum class SearchSort {
  kRelevance,          // "relevance" (default): score, highest first
  kIssueDate,          // "issue_date": oldest first
  kIssueDateDesc,      // "-issue_date": newest first
  kEffectiveDate,      // "effective_date"
  kEffectiveDateDesc,  // "-effective_date"
};
std::string_view SearchSortName(SearchSort s);
std::optional<SearchSort> SearchSortFromName(std::string_view name);

// Facet filters: a document must have one of the listed values of every facet that lists
// any (OR within a facet, AND across facets). Values compare exactly, after NFC and trimming
// white space; a year is four digits ("2026").
struct SearchFilters {
  std::array<std::vector<std::string>, kSearchFacetCount> values;

  std::vector<std::string>& of(SearchFacet f) { return values[static_cast<size_t>(f)]; }
  const std::vector<std::string>& of(SearchFacet f) const { return values[static_cast<size_t>(f)]; }
  bool empty() const {
    for (const auto& v : values) {
      if (!v.empty()) return false;
    }
    return true;
  }
};

// Search box syntax: words, "quoted phrases", -word and -"phrase" exclusions. Every word and
// phrase that is not excluded is required; diacritics are optional ("quy che" finds "Quy
// chế"), and typing them ranks exact matches first. A word that looks like a document number
// ("01/2026/QĐ-UBND", "01/2026", "QĐ-UBND") is also looked up as one. Everything else ('*',
// ':', '(', unbalanced quotes, control characters, invalid UTF-8) is plain text, so no input
// is a syntax error. Input beyond 1,000 characters or 32 words/phrases is ignored. A query
// with nothing required (empty, only exclusions or punctuation) returns no hits.
struct SearchQuery {
  std::string q;       // user input, any bytes
  int page = 1;        // 1-based; values below 1 mean 1
  int page_size = 20;  // clamped to 1..100
  // With filters, a query without any word (empty, blank, punctuation only) matches every
  // document that passes them; without filters it still matches nothing.
  SearchFilters filters{};
  SearchSort sort = SearchSort::kRelevance;
  int facet_limit = 10;  // values listed per facet, clamped to 0..100 (0: no facets)
};

struct SearchHit {
  int64_t doc_id = 0;
  int version = 1;
  std::string number;
  std::string type;
  std::string authority;
  std::string summary;
  std::string issue_date;
  double score = 0;  // Lucene relevance; only comparable within one result set
  // HTML: about 200 characters of the body around the best match (else its start), text
  // escaped (& < > " '), matched words wrapped in <mark>...</mark>, "…" where cut.
  std::string snippet;
};

struct FacetValueCount {
  std::string value;
  int64_t count = 0;
};

// The values of one facet among the documents that match the query and the filters of the
// *other* facets (so that a facet's own filter does not hide its alternatives): the
// `facet_limit` most frequent (count descending, then value ascending), plus any value
// filtered on that is not among them (possibly with count 0).
struct FacetCounts {
  SearchFacet facet = SearchFacet::kType;
  std::vector<FacetValueCount> values;
};

struct SearchResults {
  int64_t total = 0;   // hits over all pages
  int page = 1;        // as used, after clamping
  int page_size = 20;  // as used, after clamping
  std::vector<SearchHit> hits;
  // One entry per facet, in kSearchFacets order; empty when facet_limit is 0 or nothing could
  // match.
  std::vector<FacetCounts> facets;
  // "Did you mean": when fewer than 3 documents match, the query with its misspelt words
  // corrected ("quyet dinh cong thong tim" -> "quyet dinh cong thong tin"), if that finds more
  // documents with the same filters; empty otherwise.
  std::string did_you_mean;
};

// A completion of what the user is typing: a document number or a title.
struct Suggestion {
  std::string text;  // the number as written, or type + " " + summary
  int64_t doc_id = 0;
  std::string kind;  // "number" or "title"
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Opens (creating if needed) the index at `dir` for writing. kBusy if another process or
  // another instance in this process holds the write lock (after trying for about 1 s). An
  // index that is new, has no or another schema version, or whose commit cannot be read is
  // (re)created empty and *needs_rebuild is set: the caller must then refill it from the
  // repository (`vanban reindex`). Only Lucene's files in `dir` are deleted.
  static Result<std::unique_ptr<SearchIndex>> OpenWriter(const std::filesystem::path& dir,
                                                         bool* needs_rebuild = nullptr);
  // Opens the index read-only. A missing index is not an error: searches return nothing
  // until a writer has created it. kUnsupportedFormat if the index has another schema
  // version ("... run `vanban reindex`"), kCorrupt if it cannot be read.
  static Result<std::unique_ptr<SearchIndex>> OpenReader(const std::filesystem::path& dir);

  // Adds or replaces the entry of entry.doc_id. Text is NFC-normalised (invalid UTF-8
  // repaired) here. Writer only: kInvalidArgument on a read-only instance.
  virtual Status Upsert(const IndexEntry& entry) = 0;
  // Removes the entry of `doc_id` (no-op if absent). Writer only.
  virtual Status Remove(int64_t doc_id) = 0;
  // Removes every entry. Writer only.
  virtual Status Clear() = 0;
  // Makes the changes durable and visible to searchers in every process. Writer only.
  virtual Status Commit() = 0;

  // Errors only for I/O or index problems (kIoError, kCorrupt, kUnsupportedFormat after a
  // writer of another schema version rebuilt the index), never for the query's content.
  virtual Result<SearchResults> Search(const SearchQuery& query) = 0;
  // Completions of `prefix` (any bytes; only its first 200 code points are used): documents
  // whose number starts with it (normalised as number keys are: "01/2026" finds
  // "01/2026/QĐ-UBND"), then documents whose title (type + summary) contains its words, the
  // last one as a prefix, diacritics optional ("quyet" finds "Quyết định ..."); titles that
  // start with the input come first. Input that looks like a number and finds numbers gets
  // no titles. At most `limit` (clamped to 1..50), no title twice.
  // Errors only for I/O or index problems.
  virtual Result<std::vector<Suggestion>> Suggest(std::string_view prefix, int limit = 10) = 0;
  // Entries visible to Search.
  virtual Result<int64_t> DocCount() = 0;

  // Reads now what the first searches of the current view would otherwise read on their way:
  // each segment's term dictionary, the norms of the searched fields, the document ids, sort
  // keys and facet values (about a second at a million documents, kept per segment, so later
  // views that share segments find them); then, when the view's index files take at most half
  // of the memory available, maps all their pages into the process (preloads them: seconds
  // per gigabyte not in the page cache). `vanban serve` calls it in the background at start.
  // Errors only for I/O or index problems.
  struct WarmStats {
    int64_t segments = 0;
    int64_t terms = 0;            // in the term dictionaries read in place
    int64_t mapped_bytes = 0;     // of the index files the view has open
    int64_t preloaded_bytes = 0;  // of those, mapped page by page (0: too large to preload)
  };
  virtual Result<WarmStats> Warm() = 0;

  // Keeps the results of up to `bytes` of recent searches (0, the default: none), each with
  // the view of the index it was computed on: a search repeated before the index changes
  // gets them without searching again, and a change (a commit, or the writer's next
  // near-real-time view) starts over with none. `vanban serve` keeps 64 MB.
  virtual void SetResultCache(size_t bytes) = 0;
  struct CacheStats {
    int64_t hits = 0;    // searches answered from the cache of the current view
    int64_t misses = 0;  // searches of the current view that were not
    size_t entries = 0;
    size_t bytes = 0;
  };
  virtual CacheStats ResultCacheStats() = 0;
};

// The index schema version written into the index (docs/index.md).
int IndexSchemaVersion();

// Keeps the C library's allocator from handing a search's large temporary arrays (candidates,
// scores, matches: megabytes at a million documents) back to the kernel after every query.
// By default glibc serves each with mmap and frees it with munmap, so every search paid its
// page faults again: about a third of a single-word search at 100,000 documents
// (docs/performance.md, "search_bench"). Raises the mmap threshold to its maximum (32 MiB)
// and keeps up to 256 MiB of freed memory. Call once at the start of a process that serves
// searches (vanban serve, the benches), before it starts threads.
void TuneAllocatorForSearch();

}  // namespace vanban
