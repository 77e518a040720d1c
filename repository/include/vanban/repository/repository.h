// The repository: documents, their versions and files, the job queue and the audit log, in
// SQLite (WAL mode) with the blob store beside it. docs/schema.md documents the tables, the
// schema version and the migrations.
//
// Durability: every method that changes state does so in one transaction; a crash leaves
// either all of it or none of it. Jobs are leased: a job claimed by a worker that dies is
// claimable again when its lease runs out.
//
// Thread-safety: a Repository may be used from any number of threads; it keeps a small pool
// of SQLite connections. Several processes may open the same data directory (the server and
// the `vanban` subcommands): SQLite's locking serialises their writes.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/blob_store.h"
#include "vanban/repository/clock.h"
#include "vanban/repository/document.h"
#include "vanban/repository/status.h"

namespace vanban {

struct RepositoryOptions {
  const Clock* clock = &Clock::System();
  std::chrono::milliseconds busy_timeout{15000};
};

enum class JobKind {
  kExtract,  // an intaken file: sniff, extract text and metadata, store as a document
  kIndex,    // bring the search index in line with a document's current state
  kRender,   // make a rendition that was left out of the extract step (PDF/A of a PDF)
};
std::string_view JobKindName(JobKind k);

// kWaiting: an exchange package that acts on a document not yet in the repository (it runs
// again when a document with that number arrives); kRejected: an exchange package that is not
// for the Portal (answered with status 02), or that may not be applied.
enum class JobState { kPending, kRunning, kDone, kDuplicate, kQuarantined, kWaiting, kRejected };
std::string_view JobStateName(JobState s);

struct Job {
  int64_t id = 0;
  JobKind kind = JobKind::kExtract;
  JobState state = JobState::kPending;
  int attempts = 0;  // started attempts, including the current one when running
  int failures = 0;  // attempts that ended in a (transient) failure: RetryLater calls
  // kExtract: the intaken file.
  std::string sha256;
  int64_t size = 0;
  std::string name;         // original file name (UTF-8)
  std::string unit;         // inbox unit, or "cli" for `vanban ingest`
  std::string source_path;  // where it was taken from
  bool publish = false;     // publish at once when the metadata is complete
  // kIndex, kRender: the document; kExtract: the resulting document once done.
  int64_t doc_id = 0;
  std::string lease_owner;
  std::string error_code;  // ErrorCodeName of the last failure
  std::string error_message;
  std::string quarantine_path;
};

// A file that has been copied into the blob store and is ready to become a job.
struct IntakeRequest {
  BlobInfo blob;
  std::string name;
  std::string unit;
  std::string source_path;
  bool publish = false;
  // The source will be removed once recorded (an inbox file): a later offer of the same bytes
  // from the same path, before the removal was noted, is this same intake.
  bool removes_source = true;
};

struct IntakeResult {
  int64_t job_id = 0;
  // True when a job for these bytes from this same path already existed (the process died
  // after recording it and before removing the file from the inbox).
  bool already_recorded = false;
};

// An edXML package from the interprovincial exchange as the repository records it
// (docs/edxml.md, "Intake"): what it is, what it acts on, and whom to answer.
struct ExchangePackage {
  std::string edxml_id;       // MessageHeader/DocumentId: "<OrganId>,<yyyy/MM/dd>,<Code>"
  std::string from_organ_id;  // the sender, answered by the status replies
  std::string from_name;
  std::string number;      // Code ("01/2026/QĐ-UBND")
  std::string issue_date;  // YYYY-MM-DD or empty
  std::string business;    // "new", "revoke", "update", "replace"
  // The document a revoke, update or replace acts on: its DocumentId and the parts of it.
  std::string target_edxml_id;
  std::string target_number;
  std::string target_date;  // YYYY-MM-DD or empty
  std::string signature;    // "valid", "invalid", "absent", "unverified"
  std::string signature_detail;
};

// What an exchange package that makes no document of its own came to (CompletePackage).
enum class PackageOutcome {
  kRejected,       // not for the Portal, or not applicable: answered 02 with the reason
  kWaiting,        // its document has not arrived: answered 01, the job waits for it
  kRevoked,        // the target document withdrawn: answered 01, 03, 06
  kStatusMessage,  // a status message of the exchange: recorded, not answered
};

// A status reply to an exchange package, due to be written into the outbox.
struct StatusReply {
  int64_t id = 0;
  std::string code;  // "01", "02", "03", "06"
  std::string description;
  std::string created_at;  // ISO 8601 UTC
  ExchangePackage package;
};

// What the extract step produced, committed by CompleteExtract in one transaction.
struct ExtractOutcome {
  Metadata meta;
  std::string text;            // full extracted text, NFC
  std::vector<FileRef> files;  // original first, then renditions
  bool publish = false;        // publish now (else: in review)
  std::string review_reason;   // why it waits in review
  std::string extraction;      // JSON object: tool, pages, page_quality, notes
  bool render_pdfa = false;    // queue a kRender job for the PDF/A rendition
  // Set when the input is an exchange package: recorded with the document, answered with
  // statuses 01 and 03 (and 06 once published).
  std::optional<ExchangePackage> exchange;
  // An update package: the outcome becomes a new version of this document.
  int64_t update_doc_id = 0;
  // A replace package whose replaced document is known: its "replaces" relation links to it.
  int64_t replaces_doc_id = 0;
};

enum class ExtractDisposition { kCreated, kDuplicate };
struct StoreOutcome {
  ExtractDisposition disposition = ExtractDisposition::kCreated;
  int64_t doc_id = 0;
  DocStatus status = DocStatus::kInReview;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;
  std::string actor;
  std::string action;
  int64_t doc_id = 0;
  std::string detail;  // JSON object
};

class Repository {
 public:
  // Opens (creating if needed) the repository of `data_dir`: vanban.db and blobs/. Migrates
  // the schema to the current version. Fails with kDatabase if the file is newer than this
  // program or cannot be opened.
  static Result<std::unique_ptr<Repository>> Open(const std::filesystem::path& data_dir,
                                                  const RepositoryOptions& options = {});
  ~Repository();
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;

  static int CurrentSchemaVersion();
  Result<int> SchemaVersion() const;

  const std::filesystem::path& data_dir() const;
  const BlobStore& blobs() const;
  const Clock& clock() const;

  // --- Intake -------------------------------------------------------------------------
  // Records an intaken file as a pending extract job. Idempotent for an inbox file whose job
  // was recorded but whose removal from the inbox was not: returns that job again.
  Result<IntakeResult> RecordIntake(const IntakeRequest& req);
  // The intaken file is gone from its source folder.
  Status MarkSourceRemoved(int64_t job_id);

  // --- Job queue ----------------------------------------------------------------------
  // Claims up to `limit` jobs of `kind` that are pending and due, or running with an expired
  // lease, oldest first. Increments their attempt count.
  Result<std::vector<Job>> ClaimJobs(JobKind kind, std::string_view owner,
                                     std::chrono::milliseconds lease, int limit);
  // Extends the lease of jobs still held by `owner`; returns kNotFound if lost.
  Status RenewLease(int64_t job_id, std::string_view owner, std::chrono::milliseconds lease);
  // Puts a failed attempt back in the queue, due after `delay`.
  Status RetryLater(int64_t job_id, std::string_view owner, const Status& error,
                    std::chrono::milliseconds delay);
  // Stores the document (or notes it is a duplicate of an existing one), marks the job done
  // and, when published, enqueues its indexing; all in one transaction.
  Result<StoreOutcome> CompleteExtract(const Job& job, const ExtractOutcome& outcome);
  // Marks the job quarantined with its reason. The caller has already written the input and
  // its .reason.json under data/quarantine/ (`quarantine_path`).
  Status CompleteQuarantine(int64_t job_id, const Status& reason,
                            const std::string& quarantine_path);
  // Completes an extract job whose input is an exchange package that makes no document (see
  // PackageOutcome): records the package, withdraws `target_doc_id` for kRevoked, queues the
  // status replies, marks the job rejected / waiting / done; one transaction. `reason`: why
  // it was rejected (the 02 reply's description), or what it waits for.
  Status CompletePackage(const Job& job, const ExchangePackage& package, PackageOutcome outcome,
                         int64_t target_doc_id, const std::string& reason);
  // The document an exchange package acts on: the one made from the package whose DocumentId
  // is `package.target_edxml_id`, else the one document with its number (and issue date when
  // known). 0 when there is none, or more than one.
  Result<int64_t> FindExchangeTarget(const ExchangePackage& package) const;
  // Status replies not yet written into the outbox, oldest first.
  Result<std::vector<StatusReply>> PendingStatusReplies(int limit) const;
  // The reply is in the outbox as `path`.
  Status MarkStatusReplyWritten(int64_t reply_id, const std::string& path);
  // Marks jobs done (index jobs after a successful index commit).
  Status CompleteJobs(const std::vector<int64_t>& job_ids, std::string_view owner);
  Result<Job> GetJob(int64_t job_id) const;
  // Number of jobs of `kind` that are not finished.
  Result<int64_t> CountUnfinishedJobs(JobKind kind) const;
  // Enqueues an index job for the document (reindex, approval, withdrawal).
  Status EnqueueIndex(int64_t doc_id);
  // Adds a rendition to the document's current version and records `note` in its extraction
  // notes ("pdfa: ..."); `file` may be null when only the note is recorded (the rendition
  // could not be made). Idempotent: a role the version already has is left as it is.
  Status AddRendition(int64_t doc_id, const std::optional<FileRef>& file, const std::string& note);
  // Enqueues an index job for every published document, in one transaction (an index that
  // was recreated or found out of step). Returns how many were queued.
  Result<int64_t> EnqueueIndexForAllPublished();

  // --- Documents ----------------------------------------------------------------------
  // A version of a document (0 = current) with its files.
  Result<Document> GetDocument(int64_t id, int version = 0) const;
  Result<std::string> GetText(int64_t id, int version = 0) const;
  // Documents in `status` (all when nullopt), newest first.
  Result<std::vector<DocumentSummary>> ListDocuments(std::optional<DocStatus> status, int limit,
                                                     int offset) const;
  Result<int64_t> CountDocuments(std::optional<DocStatus> status) const;
  // Ids of all documents that should be in the search index (published).
  Result<std::vector<int64_t>> PublishedDocumentIds() const;
  // in_review -> published, recorded in the audit log with `by`.
  Status Approve(int64_t id, std::string_view by);
  // An editor's correction: a new version of the document with `corrected` as its metadata
  // (text and files carried over). Fields that differ from the current version are recorded
  // in its provenance as set by `by` now; the audit log gets "corrected" with their names.
  // Returns the new version number; kInvalidArgument if nothing changed.
  Result<int> CorrectMetadata(int64_t id, const Metadata& corrected, std::string_view by);
  // The references of the document's current version, and other documents' references to it.
  Result<DocumentRelations> Relations(int64_t id) const;
  // published|in_review -> withdrawn, kept with its history.
  Status Withdraw(int64_t id, std::string_view by, std::string_view reason);
  // A stored file by hash, with the status of the document it belongs to (downloads).
  Result<std::pair<FileRef, DocStatus>> FindFile(std::string_view sha256) const;
  Result<std::vector<AuditEntry>> AuditLog(int64_t doc_id) const;

 private:
  class Impl;
  explicit Repository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vanban
