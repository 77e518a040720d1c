#include "vanban/index/search_index.h"

// Lucene++'s other headers rely on what LuceneHeaders.h declares: keep it first.
#include <LuceneHeaders.h>

#include <IndexFileNameFilter.h>
#include <LogByteSizeMergePolicy.h>
#include <MatchAllDocsQuery.h>
#include <NoLockFactory.h>
#include <SegmentInfos.h>
#include <SimpleFSDirectory.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <mutex>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "did_you_mean.h"
#include "document_number.h"
#include "faceted_search.h"
#include "fields.h"
#include "flock_lock_factory.h"
#include "lucene_util.h"
#include "mapped_directory.h"
#include "postings_eval.h"
#include "query_builder.h"
#include "result_cache.h"
#include "schema_file.h"
#include "snippet.h"
#include "suggest.h"
#include "user_query.h"
#include "vanban/convert/text.h"
#include "vietnamese_analyzer.h"

namespace vanban {
namespace index_internal {
namespace {

using Lucene::Field;
using Lucene::newLucene;

// Lucene++'s default is 16 MB; a larger buffer means fewer, larger segments during a reindex
// and is still small next to the rest of the server.
constexpr double kRamBufferMb = 32.0;
// How stale a search may be: readers check for a new commit, and the writer folds uncommitted
// changes into its near-real-time reader, at most this often.
constexpr auto kRefreshInterval = std::chrono::milliseconds(200);
constexpr int kMaxPageSize = 100;
constexpr int kMaxFacetLimit = 100;
constexpr int kMaxSuggestions = 50;
// Lucene++'s MMapIndexInput keeps file lengths and positions in int32_t; the index is read
// through MappedDirectory, which does not, but stays readable by Lucene++'s own directory (a
// tool, an older build): no index file reaches 2 GB. Segments above this size are not merged
// further; a merge of mergeFactor (10) segments just below it stays near 1.3 GB.
constexpr double kMaxMergeMb = 128.0;

// A memory-mapped file that is shorter than it was when mapped faults (SIGBUS) when read past
// its new end, and MMapIndexInput reads without bounds checks. The commit point is therefore
// read through the bounds-checked SimpleFSDirectory before the memory-mapped directory
// touches it.
bool CommitPointReadable(const Lucene::DirectoryPtr& plain) {
  try {
    newLucene<Lucene::SegmentInfos>()->read(plain);
    return true;
  } catch (const Lucene::LuceneException&) {
    return false;
  } catch (const std::exception&) {
    return false;
  }
}

Lucene::DirectoryPtr PlainDirectory(const std::filesystem::path& dir) {
  return newLucene<Lucene::SimpleFSDirectory>(ToLucene(dir.string()),
                                              Lucene::NoLockFactory::getNoLockFactory());
}

Status CorruptCommit(const std::filesystem::path& dir) {
  return Status(ErrorCode::kCorrupt, "the latest commit of search index " + dir.string() +
                                         " cannot be read: run `vanban reindex`");
}

// A point-in-time view of the index. Searches hold it by shared_ptr, so a reader is closed
// only after the last search that uses it has finished.
class Snapshot {
 public:
  Snapshot(Lucene::IndexReaderPtr reader, size_t cache_bytes)
      : reader_(std::move(reader)),
        searcher_(newLucene<Lucene::IndexSearcher>(reader_)),
        results_(cache_bytes) {}
  ~Snapshot() {
    // Closing only releases files and memory; a failure here leaves nothing to recover.
    try {
      searcher_->close();
      reader_->close();
    } catch (...) {
    }
  }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  const Lucene::IndexReaderPtr& reader() const { return reader_; }
  const Lucene::IndexSearcherPtr& searcher() const { return searcher_; }
  // The results of searches of this view (result_cache.h).
  ResultCache& results() { return results_; }

 private:
  Lucene::IndexReaderPtr reader_;
  Lucene::IndexSearcherPtr searcher_;
  ResultCache results_;
};

template <typename T>
T ParseNumber(const Lucene::String& s, T fallback) {
  std::string utf8 = FromLuceneUtf8(s);
  T v{};
  auto [end, ec] = std::from_chars(utf8.data(), utf8.data() + utf8.size(), v);
  return ec == std::errc() && end == utf8.data() + utf8.size() ? v : fallback;
}

// "2026-01-12" -> 20260112; 0 unless a YYYY-MM-DD date with month 1..12 and day 1..31.
int32_t DateKey(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return 0;
  int32_t v = 0;
  for (size_t i = 0; i < iso.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (iso[i] < '0' || iso[i] > '9') return 0;
    v = v * 10 + (iso[i] - '0');
  }
  const int32_t month = v / 100 % 100;
  const int32_t day = v % 100;
  if (month < 1 || month > 12 || day < 1 || day > 31 || v / 10000 == 0) return 0;
  return v;
}

Lucene::DocumentPtr MakeDocument(const IndexEntry& e) {
  auto doc = newLucene<Lucene::Document>();
  auto add = [&](const wchar_t* name, const Lucene::String& value, Field::Store store,
                 Field::Index index) { doc->add(newLucene<Field>(name, value, store, index)); };

  add(kFieldId, ToLucene(std::to_string(e.doc_id)), Field::STORE_YES,
      Field::INDEX_NOT_ANALYZED_NO_NORMS);
  add(kFieldVersion, ToLucene(std::to_string(e.version)), Field::STORE_YES, Field::INDEX_NO);

  const std::string number = NormalizeNfc(e.meta.number);
  struct Stored {
    const wchar_t* name;
    std::string value;
    bool searchable;  // also goes into head / head_f
  };
  const Stored stored[] = {
      {kFieldNumber, number, true},
      {kFieldType, NormalizeNfc(e.meta.type), true},
      {kFieldAuthority, NormalizeNfc(e.meta.authority), true},
      {kFieldSummary, NormalizeNfc(e.meta.summary), true},
      {kFieldIssueDate, NormalizeNfc(e.meta.issue_date), false},
  };
  for (const Stored& f : stored) {
    if (f.value.empty()) continue;
    Lucene::String v = ToLucene(f.value);
    add(f.name, v, Field::STORE_YES, Field::INDEX_NO);
    if (f.searchable) {
      add(kFieldHead, v, Field::STORE_NO, Field::INDEX_ANALYZED);
      add(kFieldHeadFolded, v, Field::STORE_NO, Field::INDEX_ANALYZED);
      add(kFieldHeadPairs, v, Field::STORE_NO, Field::INDEX_ANALYZED);
    }
  }
  const std::string body_utf8 = NormalizeNfc(e.text);
  const Lucene::String body = ToLucene(body_utf8);
  add(kFieldBody, body, Field::STORE_NO, Field::INDEX_ANALYZED);
  auto body_bytes = Lucene::ByteArray::newInstance(static_cast<int32_t>(body_utf8.size()));
  std::copy(body_utf8.begin(), body_utf8.end(), body_bytes.get());
  doc->add(newLucene<Field>(kFieldBodyText, body_bytes, Field::STORE_YES));
  add(kFieldBodyFolded, body, Field::STORE_NO, Field::INDEX_ANALYZED);
  add(kFieldBodyPairs, body, Field::STORE_NO, Field::INDEX_ANALYZED);
  for (const std::string& key : DocumentNumberKeys(number)) {
    add(kFieldNumberKey, ToLucene(key), Field::STORE_NO, Field::INDEX_NOT_ANALYZED_NO_NORMS);
  }

  // Facets: one term per distinct value (filters), and all of them as one term (counts).
  auto facet = [&](SearchFacet f, const std::vector<std::string>& raw) {
    std::vector<std::string> seen;
    for (const std::string& r : raw) {
      std::string v = FacetValue(r);
      if (v.empty() || std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
      add(FacetField(f), ToLucene(v), Field::STORE_NO, Field::INDEX_NOT_ANALYZED_NO_NORMS);
      seen.push_back(std::move(v));
    }
    const std::wstring combo = FacetCombo(seen);
    if (!combo.empty()) {
      add(FacetComboField(f), combo, Field::STORE_NO, Field::INDEX_NOT_ANALYZED_NO_NORMS);
    }
  };
  facet(SearchFacet::kType, {e.meta.type});
  std::vector<std::string> authorities{e.meta.authority};
  authorities.insert(authorities.end(), e.meta.authorities.begin(), e.meta.authorities.end());
  facet(SearchFacet::kAuthority, authorities);
  facet(SearchFacet::kField, e.meta.fields);
  facet(SearchFacet::kUnit, {e.unit});
  const int32_t issue = DateKey(e.meta.issue_date);
  if (issue != 0) {
    facet(SearchFacet::kYear, {std::to_string(issue / 10000)});
    add(kFieldIssueKey, ToLucene(std::to_string(issue)), Field::STORE_NO,
        Field::INDEX_NOT_ANALYZED_NO_NORMS);
  }
  const int32_t effective = DateKey(e.meta.effective_date);
  if (effective != 0) {
    add(kFieldEffectiveKey, ToLucene(std::to_string(effective)), Field::STORE_NO,
        Field::INDEX_NOT_ANALYZED_NO_NORMS);
  }

  // Suggestions.
  const std::string number_key = NormalizeDocumentNumber(number);
  if (!number_key.empty()) {
    add(kFieldNumberFull, ToLucene(number_key), Field::STORE_NO,
        Field::INDEX_NOT_ANALYZED_NO_NORMS);
  }
  const std::string title =
      SuggestionTitle(NormalizeNfc(e.meta.type), NormalizeNfc(e.meta.summary));
  if (!title.empty()) {
    add(kFieldTitleFolded, ToLucene(title), Field::STORE_NO, Field::INDEX_ANALYZED);
    add(kFieldTitleStart, TitleStartKey(title), Field::STORE_NO,
        Field::INDEX_NOT_ANALYZED_NO_NORMS);
  }
  return doc;
}

Lucene::TermPtr IdTerm(int64_t doc_id) {
  return newLucene<Lucene::Term>(kFieldId, ToLucene(std::to_string(doc_id)));
}

// Ok if the schema file is absent (*recorded = false) or names kSchemaVersion.
Status CheckSchema(const std::filesystem::path& dir, bool* recorded) {
  auto v = ReadSchemaVersion(dir);
  if (!v.ok()) return v.status();
  *recorded = v->has_value();
  if (*recorded && **v != kSchemaVersion) {
    return Status(ErrorCode::kUnsupportedFormat,
                  "index schema version " + std::to_string(**v) + ", this program expects " +
                      std::to_string(kSchemaVersion) + ": run `vanban reindex` (index " +
                      dir.string() + ")");
  }
  return Status::Ok();
}

Status Busy(const std::filesystem::path& dir) {
  return Status(ErrorCode::kBusy,
                "search index " + dir.string() +
                    " is open for writing by another process (or another instance)");
}

class LuceneSearchIndex final : public SearchIndex {
 public:
  // A writer; owns `writer` and with it the write lock.
  LuceneSearchIndex(std::filesystem::path dir, Lucene::DirectoryPtr directory,
                    Lucene::IndexWriterPtr writer)
      : dir_(std::move(dir)), directory_(std::move(directory)), writer_(std::move(writer)) {}
  // A reader.
  LuceneSearchIndex(std::filesystem::path dir, Lucene::DirectoryPtr directory)
      : dir_(std::move(dir)),
        directory_(std::move(directory)),
        plain_directory_(PlainDirectory(dir_)) {}

  ~LuceneSearchIndex() override {
    snapshot_.reset();
    if (!writer_) return;
    // close() commits; if it fails, rollback() still releases the write lock, and the last
    // commit stays intact on disk.
    try {
      writer_->close();
    } catch (...) {
      try {
        writer_->rollback();
      } catch (...) {
      }
    }
  }

  // Opens the on-disk index now, if there is one, so that OpenReader reports errors.
  Status Prime() {
    return GuardLucene("opening search index " + dir_.string(), [&]() -> Status {
      auto snap = Current();
      return snap.ok() ? Status::Ok() : snap.status();
    });
  }

  Status Upsert(const IndexEntry& entry) override {
    VANBAN_RETURN_IF_ERROR(WriterOnly("Upsert"));
    return GuardLucene("indexing document " + std::to_string(entry.doc_id), [&] {
      writer_->updateDocument(IdTerm(entry.doc_id), MakeDocument(entry));
      changes_.fetch_add(1);
      return Status::Ok();
    });
  }

  Status Remove(int64_t doc_id) override {
    VANBAN_RETURN_IF_ERROR(WriterOnly("Remove"));
    return GuardLucene("removing document " + std::to_string(doc_id), [&] {
      writer_->deleteDocuments(IdTerm(doc_id));
      changes_.fetch_add(1);
      return Status::Ok();
    });
  }

  Status Clear() override {
    VANBAN_RETURN_IF_ERROR(WriterOnly("Clear"));
    return GuardLucene("clearing the search index", [&] {
      writer_->deleteAll();
      changes_.fetch_add(1);
      return Status::Ok();
    });
  }

  Status Commit() override {
    VANBAN_RETURN_IF_ERROR(WriterOnly("Commit"));
    return GuardLucene("committing the search index", [&] {
      writer_->commit();
      committed_.store(true);
      return Status::Ok();
    });
  }

  Result<SearchResults> Search(const SearchQuery& query) override {
    SearchResults out;
    out.page = std::max(1, query.page);
    out.page_size = std::clamp(query.page_size, 1, kMaxPageSize);
    return GuardLucene("searching", [&]() -> Result<SearchResults> {
      const SearchFilters filters = NormalizeFilters(query.filters);
      const int facet_limit = std::clamp(query.facet_limit, 0, kMaxFacetLimit);
      const std::vector<QueryPart> parts = ParseUserQuery(query.q);
      SearchPlan plan = BuildSearchPlan(parts);
      // With filters and no words at all, the filters alone select (browsing by facet).
      Lucene::QueryPtr browse;
      if (plan.shape.required.empty()) {
        if (!parts.empty() || filters.empty()) return out;
        browse = newLucene<Lucene::MatchAllDocsQuery>();
      }
      auto snap = Current();
      if (!snap.ok()) return snap.status();
      if (!*snap) return out;
      const Lucene::IndexSearcherPtr& searcher = (*snap)->searcher();
      const std::string key = ResultKey(query, filters, out.page, out.page_size, facet_limit);
      if (std::optional<SearchResults> kept = (*snap)->results().Get(key)) return *kept;

      const int64_t first = int64_t{out.page - 1} * out.page_size;
      FacetedPage page = RunFacetedSearch(searcher, browse, &plan.shape, filters, query.sort, first,
                                          out.page_size, facet_limit);
      out.total = page.total;
      out.facets = std::move(page.facets);
      for (const auto& [doc, score] : page.hits) {
        out.hits.push_back(MakeHit(searcher->doc(doc), score, plan));
      }
      if (out.total < kFewResults && !parts.empty()) {
        out.did_you_mean = Correction(*snap, query, filters, out.total);
      }
      (*snap)->results().Put(key, out);
      return out;
    });
  }

  Result<std::vector<Suggestion>> Suggest(std::string_view prefix, int limit) override {
    return GuardLucene("suggesting", [&]() -> Result<std::vector<Suggestion>> {
      auto snap = Current();
      if (!snap.ok()) return snap.status();
      if (!*snap) return std::vector<Suggestion>{};
      return SuggestFrom((*snap)->searcher(), prefix, std::clamp(limit, 1, kMaxSuggestions));
    });
  }

  void SetResultCache(size_t bytes) override {
    std::lock_guard<std::mutex> lock(mu_);
    cache_bytes_ = bytes;
    if (snapshot_) snapshot_->results().SetBudget(bytes);
  }

  CacheStats ResultCacheStats() override {
    std::shared_ptr<Snapshot> snap;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snap = snapshot_;
    }
    return snap ? snap->results().stats() : CacheStats{};
  }

  Result<int64_t> DocCount() override {
    return GuardLucene("counting documents", [&]() -> Result<int64_t> {
      auto snap = Current();
      if (!snap.ok()) return snap.status();
      return *snap ? int64_t{(*snap)->reader()->numDocs()} : int64_t{0};
    });
  }

  Result<WarmStats> Warm() override {
    return GuardLucene("reading the search index ahead of searches", [&]() -> Result<WarmStats> {
      auto snap = Current();
      if (!snap.ok()) return snap.status();
      WarmStats out;
      if (!*snap) return out;
      const Lucene::IndexReaderPtr& reader = (*snap)->reader();
      out.segments = static_cast<int64_t>(SegmentsOf(reader).size());
      out.terms = WarmSegments(reader);
      WarmFacetsAndSortKeys(reader);
      // The index's files, as the view's segments map them, into this process's page tables
      // (as Lucene's MMapDirectory.setPreload): a search then never waits for the disk, and a
      // host that evicts file pages no process maps (this project's machines do, after 60 s
      // idle) leaves them. Only when they fit in half the memory available.
      if (const auto* mapped = dynamic_cast<const MappedDirectory*>(directory_.get())) {
        const std::vector<std::shared_ptr<const MappedFile>> files = mapped->OpenFiles();
        for (const auto& f : files) out.mapped_bytes += f->size();
        const int64_t available = MemAvailableBytes();
        if (available > 0 && out.mapped_bytes <= available / 2) {
          for (const auto& f : files) {
            if (f->Populate()) out.preloaded_bytes += f->size();
          }
        }
      }
      return out;
    });
  }

 private:
  Status WriterOnly(const char* op) const {
    if (writer_) return Status::Ok();
    return Status(ErrorCode::kInvalidArgument,
                  std::string(op) + ": search index " + dir_.string() + " was opened read-only");
  }

  // DidYouMean for a search that found `matches` documents; empty if there is no correction
  // or looking for one failed (a suggestion is never worth failing the search for).
  static std::string Correction(const std::shared_ptr<Snapshot>& snap, const SearchQuery& query,
                                const SearchFilters& filters, int64_t matches) {
    try {
      return DidYouMean(
          snap->reader(), query.q, matches, [&](const std::string& text, int64_t enough) {
            SearchPlan plan = BuildSearchPlan(ParseUserQuery(text));
            if (plan.shape.required.empty()) return int64_t{0};
            if (!filters.empty()) {
              return RunFacetedSearch(snap->searcher(), Lucene::QueryPtr(), &plan.shape, filters,
                                      SearchSort::kRelevance, 0, 1, 0)
                  .total;
            }
            // Without filters, the matches segment by segment until there are enough: a
            // corrected frequent word matches most of the index, and counting all of it was
            // most of a misspelt search's time (docs/performance.md, "Eighth session").
            ShapeEvaluator eval(snap->searcher(), plan.shape, ScoreMode::kMatchesOnly);
            int64_t found = 0;
            for (size_t i = 0; i < eval.Segments().size() && found < enough; ++i) {
              found += static_cast<int64_t>(eval.Segment(i).size());
            }
            return found;
          });
    } catch (const Lucene::LuceneException&) {
      return {};
    } catch (const std::exception&) {
      return {};
    }
  }

  static SearchHit MakeHit(const Lucene::DocumentPtr& d, double score, const SearchPlan& plan) {
    SearchHit h;
    h.doc_id = ParseNumber<int64_t>(d->get(kFieldId), 0);
    h.version = ParseNumber<int>(d->get(kFieldVersion), 1);
    h.number = FromLuceneUtf8(d->get(kFieldNumber));
    h.type = FromLuceneUtf8(d->get(kFieldType));
    h.authority = FromLuceneUtf8(d->get(kFieldAuthority));
    h.summary = FromLuceneUtf8(d->get(kFieldSummary));
    h.issue_date = FromLuceneUtf8(d->get(kFieldIssueDate));
    h.score = score;
    const Lucene::ByteArray body = d->getBinaryValue(kFieldBodyText);
    const std::string_view body_utf8 =
        body ? std::string_view(reinterpret_cast<const char*>(body.get()),
                                static_cast<size_t>(body.size()))
             : std::string_view();
    h.snippet = MakeSnippet(body_utf8, FromLucene(d->get(kFieldSummary)), plan.highlight_terms);
    return h;
  }

  // The snapshot to search, refreshed first if due; null if there is no index on disk yet.
  // Lucene++ exceptions propagate to the caller's guard.
  Result<std::shared_ptr<Snapshot>> Current() {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    const bool due = !refreshed_ || now - last_refresh_ >= kRefreshInterval;
    if (writer_) {
      const bool committed = committed_.exchange(false);
      // Read before getReader(): a change racing with it is picked up by the next refresh.
      const uint64_t changes = changes_.load();
      if (!snapshot_ || (changes != snapshot_changes_ && (committed || due))) {
        snapshot_ = std::make_shared<Snapshot>(writer_->getReader(), cache_bytes_);
        snapshot_changes_ = changes;
        last_refresh_ = now;
        refreshed_ = true;
      }
      return snapshot_;
    }
    if (due) {
      last_refresh_ = now;
      refreshed_ = true;
      Status st =
          GuardLucene("reopening search index " + dir_.string(), [&] { return RefreshFromDisk(); });
      // With a snapshot in hand, a failed reopen is retried later; the old view still works.
      if (!st.ok() && !snapshot_) return st;
    }
    if (!unreadable_.ok()) return unreadable_;
    return snapshot_;
  }

  // Reader only, under mu_.
  Status RefreshFromDisk() {
    if (snapshot_ && snapshot_->reader()->isCurrent()) return Status::Ok();
    bool recorded = false;
    unreadable_ = CheckSchema(dir_, &recorded);
    if (!unreadable_.ok()) return unreadable_;
    // Until the writer has recorded the schema, the index is not ready to be read.
    if (!recorded || !Lucene::IndexReader::indexExists(directory_)) return Status::Ok();
    // A damaged commit point must not reach the memory map (see CommitPointReadable).
    if (!CommitPointReadable(plain_directory_)) return CorruptCommit(dir_);
    if (!snapshot_) {
      snapshot_ =
          std::make_shared<Snapshot>(Lucene::IndexReader::open(directory_, true), cache_bytes_);
      return Status::Ok();
    }
    Lucene::IndexReaderPtr reopened = snapshot_->reader()->reopen();
    if (reopened != snapshot_->reader()) {
      snapshot_ = std::make_shared<Snapshot>(reopened, cache_bytes_);
    }
    return Status::Ok();
  }

  const std::filesystem::path dir_;
  const Lucene::DirectoryPtr directory_;
  const Lucene::IndexWriterPtr writer_;         // null when opened read-only
  const Lucene::DirectoryPtr plain_directory_;  // reader: for CommitPointReadable

  std::atomic<uint64_t> changes_{0};    // writer: bumped by every Upsert, Remove and Clear
  std::atomic<bool> committed_{false};  // writer: a Commit() since the last refresh

  std::mutex mu_;  // guards the members below
  std::shared_ptr<Snapshot> snapshot_;
  size_t cache_bytes_ = 0;  // each new snapshot's ResultCache budget
  uint64_t snapshot_changes_ = 0;
  bool refreshed_ = false;
  std::chrono::steady_clock::time_point last_refresh_;
  Status unreadable_;  // reader: why the index on disk cannot be read (another schema)
};

// Deletes every Lucene file of an index whose commit point cannot be read, under the write
// lock: IndexWriter(create=true) would read that commit point through the memory map too.
Status DiscardUnreadableIndex(const std::filesystem::path& dir) {
  auto lock = newLucene<FlockLock>(dir / FromLuceneUtf8(Lucene::IndexWriter::WRITE_LOCK_NAME));
  if (!lock->obtain()) return Busy(dir);
  // Another writer may have repaired it before we got the lock.
  if (CommitPointReadable(PlainDirectory(dir))) return Status::Ok();
  const Lucene::String wdir = ToLucene(dir.string());
  std::vector<std::filesystem::path> doomed;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    if (Lucene::IndexFileNameFilter::accept(wdir, ToLucene(f.path().filename().string()))) {
      doomed.push_back(f.path());
    }
  }
  if (ec) return Status(ErrorCode::kIoError, "cannot list " + dir.string() + ": " + ec.message());
  for (const auto& p : doomed) {
    if (!std::filesystem::remove(p, ec) && ec) {
      return Status(ErrorCode::kIoError, "cannot delete " + p.string() + ": " + ec.message());
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<SearchIndex>> OpenWriterImpl(const std::filesystem::path& dir,
                                                    bool* needs_rebuild) {
  auto directory =
      newLucene<MappedDirectory>(ToLucene(dir.string()), newLucene<FlockLockFactory>(dir));
  bool existed = Lucene::IndexReader::indexExists(directory);
  if (existed && !CommitPointReadable(PlainDirectory(dir))) {
    // Damaged, or written by another Lucene version: the index is derived data, start over.
    VANBAN_RETURN_IF_ERROR(DiscardUnreadableIndex(dir));
    existed = Lucene::IndexReader::indexExists(directory);
  }
  Lucene::IndexWriterPtr writer;
  try {
    writer = newLucene<Lucene::IndexWriter>(directory, newLucene<VietnameseAnalyzer>(), !existed,
                                            Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
  } catch (const Lucene::LuceneException& e) {
    if (e.getType() == Lucene::LuceneException::LockObtainFailed) return Busy(dir);
    throw;
  }

  // From here on this process holds the write lock, so the schema file cannot change under us.
  try {
    writer->setRAMBufferSizeMB(kRamBufferMb);
    auto merge_policy =
        boost::dynamic_pointer_cast<Lucene::LogByteSizeMergePolicy>(writer->getMergePolicy());
    if (!merge_policy) {
      merge_policy = newLucene<Lucene::LogByteSizeMergePolicy>(writer);
      writer->setMergePolicy(merge_policy);
    }
    merge_policy->setMaxMergeMB(kMaxMergeMb);
    auto version = ReadSchemaVersion(dir);
    // An unparsable file means rebuild; a file we cannot read says nothing, so do not wipe.
    if (!version.ok() && version.status().code() != ErrorCode::kCorrupt) {
      writer->rollback();
      return version.status();
    }
    const bool rebuild =
        !existed || !version.ok() || !version->has_value() || **version != kSchemaVersion;
    if (rebuild) {
      // deleteAll() drops every segment; the commit deletes their files. Files that are not
      // Lucene's are left alone, in case the directory was misconfigured.
      if (existed) writer->deleteAll();
      writer->commit();
      Status st = WriteSchemaVersion(dir, kSchemaVersion);
      if (!st.ok()) {
        writer->rollback();
        return st;
      }
    }
    if (needs_rebuild != nullptr) *needs_rebuild = rebuild;
  } catch (...) {
    try {
      writer->rollback();
    } catch (...) {
    }
    throw;
  }
  return std::unique_ptr<SearchIndex>(
      std::make_unique<LuceneSearchIndex>(dir, std::move(directory), std::move(writer)));
}

}  // namespace
}  // namespace index_internal

Result<std::unique_ptr<SearchIndex>> SearchIndex::OpenWriter(const std::filesystem::path& dir,
                                                             bool* needs_rebuild) {
  if (needs_rebuild != nullptr) *needs_rebuild = false;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status(ErrorCode::kIoError,
                  "cannot create search index directory " + dir.string() + ": " + ec.message());
  }
  return index_internal::GuardLucene("opening search index " + dir.string() + " for writing", [&] {
    return index_internal::OpenWriterImpl(dir, needs_rebuild);
  });
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::OpenReader(const std::filesystem::path& dir) {
  return index_internal::GuardLucene(
      "opening search index " + dir.string(), [&]() -> Result<std::unique_ptr<SearchIndex>> {
        auto directory = Lucene::newLucene<index_internal::MappedDirectory>(
            index_internal::ToLucene(dir.string()), Lucene::NoLockFactory::getNoLockFactory());
        auto index = std::make_unique<index_internal::LuceneSearchIndex>(dir, directory);
        VANBAN_RETURN_IF_ERROR(index->Prime());
        return std::unique_ptr<SearchIndex>(std::move(index));
      });
}

int IndexSchemaVersion() { return index_internal::kSchemaVersion; }

void TuneAllocatorForSearch() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

std::string_view SearchFacetName(SearchFacet f) {
  switch (f) {
    case SearchFacet::kType:
      return "type";
    case SearchFacet::kAuthority:
      return "authority";
    case SearchFacet::kField:
      return "field";
    case SearchFacet::kYear:
      return "year";
    case SearchFacet::kUnit:
      return "unit";
  }
  return "type";
}

std::optional<SearchFacet> SearchFacetFromName(std::string_view name) {
  for (SearchFacet f : kSearchFacets) {
    if (SearchFacetName(f) == name) return f;
  }
  return std::nullopt;
}

std::string_view SearchSortName(SearchSort s) {
  switch (s) {
    case SearchSort::kRelevance:
      return "relevance";
    case SearchSort::kIssueDate:
      return "issue_date";
    case SearchSort::kIssueDateDesc:
      return "-issue_date";
    case SearchSort::kEffectiveDate:
      return "effective_date";
    case SearchSort::kEffectiveDateDesc:
      return "-effective_date";
  }
  return "relevance";
}

std::optional<SearchSort> SearchSortFromName(std::string_view name) {
  for (SearchSort s : {SearchSort::kRelevance, SearchSort::kIssueDate, SearchSort::kIssueDateDesc,
                       SearchSort::kEffectiveDate, SearchSort::kEffectiveDateDesc}) {
    if (SearchSortName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace vanban
