#include "vanban/publisher/pipeline.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "vanban/convert/pdfa.h"
#include "vanban/ingest/edxml.h"
#include "vanban/ingest/intake.h"
#include "vanban/ingest/metadata_extractor.h"
#include "vanban/publisher/log.h"
#include "vanban/publisher/subprocess.h"
#include "vanban/repository/document_json.h"

namespace vanban {
namespace {

std::string HostName() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

// Fields the extractor is not sure of (a fallback read them, or they fail a consistency check):
// nothing the portal shows as the document's identity is published on a guess. The lĩnh vực
// (`field`) is a classification for browsing, not read off the document: its confidence is
// kept and shown to editors, but does not hold the document back.
std::vector<std::string> LowConfidenceFields(const Metadata& m) {
  std::vector<std::string> low;
  for (const FieldProvenance& p : m.provenance) {
    if (p.source == "extractor" && p.field != "field" && p.confidence < kReviewConfidence) {
      low.push_back(p.field);
    }
  }
  return low;
}

std::string JoinFields(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& f : v) {
    if (!s.empty()) s += ", ";
    s += f;
  }
  return s;
}

// "Quyết định 01.pdf" + pdfa -> "Quyết định 01.pdfa.pdf"; + odt -> "Quyết định 01.odt".
std::string RenditionName(const std::string& original, const std::string& role,
                          const std::filesystem::path& made) {
  std::string stem = std::filesystem::path(original).stem().string();
  if (stem.empty()) stem = "document";
  if (role == kRolePdfa) return stem + ".pdfa.pdf";
  return stem + made.extension().string();
}

// A per-job scratch directory for renditions, removed when the step ends (also on failure).
class WorkDir {
 public:
  explicit WorkDir(std::filesystem::path p) : path_(std::move(p)) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);  // an earlier attempt's leftovers
    std::filesystem::create_directories(path_, ec);
  }
  ~WorkDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

class Pipeline::Impl {
 public:
  Impl(Repository& repo, const ExtractorRegistry& extractors, SearchIndex* index,
       PipelineOptions options)
      : repo_(repo),
        extractors_(extractors),
        index_(index),
        options_(options),
        owner_(HostName() + ":" + std::to_string(::getpid())) {}

  ~Impl() { Stop(); }

  void Start() {
    RemoveWorkOfStoppedProcesses();
    stop_ = false;
    for (int i = 0; i < std::max(1, options_.workers); ++i) {
      threads_.emplace_back([this, i] { WorkerLoop(owner_ + ":w" + std::to_string(i)); });
    }
    if (index_ != nullptr) threads_.emplace_back([this] { IndexerLoop(); });
    threads_.emplace_back([this] { LeaseKeeperLoop(); });
  }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  JobReport RunExtract(const Job& job) {
    ActiveLease lease(this, job.id, job.lease_owner);
    if (job.attempts > options_.max_starts) {
      std::string last = job.error_code.empty() ? std::string("the process stopped during it")
                                                : job.error_code + ": " + job.error_message;
      return Quarantine(job, Status(ErrorCode::kRetriesExhausted,
                                    "gave up after " + std::to_string(job.attempts - 1) +
                                        " unfinished attempts; last failure: " + last));
    }
    if (job.attempts > job.failures + 1) {
      Log(LogLevel::kInfo, "pipeline",
          "job " + std::to_string(job.id) + " (" + job.name + "): attempt " +
              std::to_string(job.attempts) + ", resuming after an unfinished attempt");
    }
    if (IsExchangeInput(options_.exchange, job.unit, job.name)) return RunPackage(job);
    std::filesystem::path blob = repo_.blobs().PathFor(job.sha256);
    WorkDir work(WorkRoot() / ("job-" + std::to_string(job.id)));
    ExtractOptions eo = options_.extract;
    eo.work_dir = work.path();
    eo.original_name = job.name;
    eo.defer_pdfa = true;
    auto text = extractors_.Extract(blob, eo);
    if (!text.ok()) {
      if (IsTransient(text.status().code())) return Retry(job, text.status());
      return Quarantine(job, text.status());
    }
    MetadataExtraction mx = ExtractMetadata(text->text);
    ExtractOutcome outcome;
    outcome.meta = std::move(mx.meta);
    outcome.files.push_back(FileRef{std::string(kRoleOriginal), job.sha256, text->media_type,
                                    job.size, job.name, "unit:" + job.unit});
    for (const Rendition& r : text->renditions) {
      auto stored_blob = repo_.blobs().PutFile(r.path, std::numeric_limits<int64_t>::max());
      if (!stored_blob.ok()) return Retry(job, stored_blob.status());
      outcome.files.push_back(FileRef{r.role, stored_blob->sha256, r.media_type, stored_blob->size,
                                      RenditionName(job.name, r.role, r.path), r.tool});
    }
    outcome.render_pdfa = text->pdfa_deferred;
    outcome.extraction = DumpJson(ExtractionToJson(*text));
    outcome.text = std::move(text->text);
    if (!text->review_reason.empty()) {
      outcome.review_reason = text->review_reason;
    } else if (!job.publish) {
      outcome.review_reason = "awaiting_approval";
    } else if (!mx.missing.empty()) {
      outcome.review_reason = "missing_fields: " + JoinFields(mx.missing);
    } else if (auto low = LowConfidenceFields(outcome.meta); !low.empty()) {
      outcome.review_reason = "low_confidence: " + JoinFields(low);
    } else {
      outcome.publish = true;
    }
    return Store(job, outcome);
  }

  // Commits an extract step's outcome and reports it.
  JobReport Store(const Job& job, const ExtractOutcome& outcome) {
    auto stored = repo_.CompleteExtract(job, outcome);
    if (!stored.ok()) return Retry(job, stored.status());
    JobReport r;
    r.job_id = job.id;
    r.doc_id = stored->doc_id;
    if (stored->disposition == ExtractDisposition::kDuplicate) {
      r.status = "duplicate";
      Log(LogLevel::kInfo, "pipeline",
          "job " + std::to_string(job.id) + " (" + job.name + "): duplicate of document " +
              std::to_string(r.doc_id));
    } else {
      r.status = std::string(DocStatusName(stored->status));
      r.review_reason = outcome.review_reason;
      Log(LogLevel::kInfo, "pipeline",
          "job " + std::to_string(job.id) + " (" + job.name + "): document " +
              std::to_string(r.doc_id) + " " + r.status +
              (r.review_reason.empty() ? "" : " (" + r.review_reason + ")"));
    }
    if (stored->status == DocStatus::kPublished) cv_.notify_all();  // wake the indexer
    return r;
  }

  // An edXML package (docs/edxml.md, "Intake"): read under limits, routed (Art. 7.1), then by
  // its business type a new document, a new version, a replacement or a withdrawal; status
  // replies are queued in the same transaction and written to the outbox after it.
  JobReport RunPackage(const Job& job) {
    JobReport r = RunPackageSteps(job);
    (void)FlushStatusReplies();
    return r;
  }

  JobReport RunPackageSteps(const Job& job) {
    const ExchangeOptions& xo = options_.exchange;
    std::filesystem::path blob = repo_.blobs().PathFor(job.sha256);
    WorkDir work(WorkRoot() / ("job-" + std::to_string(job.id)));
    auto pkg = ReadEdxml(blob, xo.limits, work.path() / "attachments", xo.trust);
    if (!pkg.ok()) {
      if (IsTransient(pkg.status().code())) return Retry(job, pkg.status());
      return Quarantine(job, pkg.status());
    }
    ExchangePackage record = ToExchangePackage(*pkg);
    auto done = [&](PackageOutcome outcome, int64_t target, const std::string& reason,
                    const std::string& status) {
      Status s = repo_.CompletePackage(job, record, outcome, target, reason);
      if (!s.ok()) return Retry(job, s);
      JobReport r;
      r.job_id = job.id;
      r.doc_id = outcome == PackageOutcome::kRevoked ? target : 0;
      r.status = status;
      if (outcome == PackageOutcome::kRejected || outcome == PackageOutcome::kWaiting) {
        r.review_reason = reason;
      }
      Log(LogLevel::kInfo, "exchange",
          "job " + std::to_string(job.id) + " (" + job.name + ", " + record.edxml_id + ", " +
              record.business + "): " + status + (reason.empty() ? "" : " (" + reason + ")"));
      return r;
    };
    if (pkg->kind == EdxmlKind::kStatus) {
      return done(PackageOutcome::kStatusMessage, 0,
                  "status " + pkg->status.code + " for " + pkg->status.response_for.document_id,
                  "status_message");
    }
    if (std::string refusal = RoutingRefusal(xo, *pkg); !refusal.empty()) {
      return done(PackageOutcome::kRejected, 0, refusal, "rejected");
    }
    const bool bad_signature = pkg->signature.state == EdxmlSignatureState::kInvalid;
    int64_t target = 0;
    if (pkg->business.type != EdxmlBusinessType::kNew) {
      auto found = repo_.FindExchangeTarget(record);
      if (!found.ok()) return Retry(job, found.status());
      target = *found;
    }
    if (pkg->business.type == EdxmlBusinessType::kRevoke ||
        pkg->business.type == EdxmlBusinessType::kUpdate) {
      if (target == 0) {
        return done(PackageOutcome::kWaiting, 0,
                    "chờ văn bản " + record.target_edxml_id + " (chưa có trên Cổng)", "waiting");
      }
      if (pkg->business.type == EdxmlBusinessType::kRevoke) {
        // Nothing public is withdrawn on a message whose signature does not hold.
        if (bad_signature) {
          return done(PackageOutcome::kRejected, 0,
                      "chữ ký số không hợp lệ (invalid_signature): " + pkg->signature.detail,
                      "rejected");
        }
        return done(PackageOutcome::kRevoked, target, pkg->business.reason, "withdrawn");
      }
    }

    // The document itself: the first attachment an extractor reads (a zipped one: its
    // entries); the others are kept beside it.
    std::vector<const EdxmlFile*> candidates;
    for (const EdxmlAttachment& a : pkg->attachments) {
      if (a.unpacked) {
        for (const EdxmlFile& f : a.entries) candidates.push_back(&f);
      } else {
        candidates.push_back(&a.file);
      }
    }
    if (candidates.empty()) {
      return Quarantine(job, Status(ErrorCode::kNoText, "the package carries no attached file"));
    }
    std::optional<ExtractedText> text;
    size_t main = 0;
    Status first_error;
    for (size_t i = 0; i < candidates.size() && !text; ++i) {
      ExtractOptions eo = options_.extract;
      eo.work_dir = work.path() / ("a" + std::to_string(i));
      eo.original_name = candidates[i]->name;
      eo.defer_pdfa = true;
      auto t = extractors_.Extract(candidates[i]->path, eo);
      if (t.ok()) {
        text = std::move(*t);
        main = i;
      } else if (IsTransient(t.status().code())) {
        return Retry(job, t.status());
      } else if (first_error.ok()) {
        first_error = Status(t.status().code(), "attachment " + candidates[i]->declared_name +
                                                    ": " + t.status().message());
      }
    }
    if (!text) return Quarantine(job, first_error);

    MetadataExtraction mx = ExtractMetadata(text->text);
    std::vector<std::string> missing;
    std::vector<HeaderDisagreement> disagreements =
        MergeHeader(EdxmlHeaderMetadata(*pkg), &mx.meta, &missing);
    ExtractOutcome outcome;
    if (pkg->business.type == EdxmlBusinessType::kReplace && !record.target_number.empty()) {
      bool listed = false;
      for (const DocReference& ref : mx.meta.relations) {
        listed = listed || (ref.kind == "replaces" &&
                            NumberKey(ref.number) == NumberKey(record.target_number));
      }
      if (!listed) {
        DocReference ref;
        ref.kind = "replaces";
        ref.number = record.target_number;
        ref.date = record.target_date;
        ref.excerpt = "edXML: ReplacementInfo " + record.target_edxml_id;
        mx.meta.relations.push_back(std::move(ref));
      }
      outcome.replaces_doc_id = target;
    }
    if (pkg->business.type == EdxmlBusinessType::kUpdate) outcome.update_doc_id = target;
    outcome.meta = std::move(mx.meta);
    const EdxmlFile& main_file = *candidates[main];
    auto stored_main = repo_.blobs().PutFile(main_file.path, std::numeric_limits<int64_t>::max());
    if (!stored_main.ok()) return Retry(job, stored_main.status());
    outcome.files.push_back(FileRef{std::string(kRoleOriginal), stored_main->sha256,
                                    text->media_type, stored_main->size, main_file.name,
                                    "exchange:" + record.from_organ_id});
    for (const Rendition& rd : text->renditions) {
      auto b = repo_.blobs().PutFile(rd.path, std::numeric_limits<int64_t>::max());
      if (!b.ok()) return Retry(job, b.status());
      outcome.files.push_back(FileRef{rd.role, b->sha256, rd.media_type, b->size,
                                      RenditionName(main_file.name, rd.role, rd.path), rd.tool});
    }
    outcome.files.push_back(
        FileRef{"package", job.sha256, "application/xml", job.size, job.name, "unit:" + job.unit});
    int n = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (i == main) continue;
      auto b = repo_.blobs().PutFile(candidates[i]->path, std::numeric_limits<int64_t>::max());
      if (!b.ok()) return Retry(job, b.status());
      outcome.files.push_back(FileRef{"attachment-" + std::to_string(++n), b->sha256,
                                      "application/octet-stream", b->size, candidates[i]->name,
                                      "exchange:" + record.from_organ_id});
    }
    outcome.render_pdfa = text->pdfa_deferred;
    nlohmann::json extraction = ExtractionToJson(*text);
    extraction["exchange"] = ExchangeToJson(*pkg, disagreements);
    for (const HeaderDisagreement& d : disagreements) {
      extraction["notes"].push_back("edxml: " + d.field + " differs: header «" + d.header +
                                    "», text «" + d.text + "»");
    }
    outcome.extraction = DumpJson(extraction);
    outcome.text = std::move(text->text);
    outcome.exchange = record;
    std::string fields;
    for (const HeaderDisagreement& d : disagreements)
      fields += (fields.empty() ? "" : ", ") + d.field;
    if (!text->review_reason.empty()) {
      outcome.review_reason = text->review_reason;
    } else if (bad_signature) {
      outcome.review_reason = "invalid_signature: " + pkg->signature.detail;
    } else if (!disagreements.empty()) {
      outcome.review_reason = "edxml_header_mismatch: " + fields;
    } else if (!job.publish) {
      outcome.review_reason = "awaiting_approval";
    } else if (!missing.empty()) {
      outcome.review_reason = "missing_fields: " + JoinFields(missing);
    } else if (auto low = LowConfidenceFields(outcome.meta); !low.empty()) {
      outcome.review_reason = "low_confidence: " + JoinFields(low);
    } else {
      outcome.publish = true;
    }
    return Store(job, outcome);
  }

  void RunRender(const Job& job) {
    ActiveLease lease(this, job.id, job.lease_owner);
    auto finish = [&](const std::optional<FileRef>& file, const std::string& note) {
      Status s = repo_.AddRendition(job.doc_id, file, note);
      if (!s.ok()) {
        (void)repo_.RetryLater(job.id, job.lease_owner, s, options_.retry_backoff);
        return;
      }
      (void)repo_.CompleteJobs({job.id}, job.lease_owner);
    };
    auto doc = repo_.GetDocument(job.doc_id);
    if (!doc.ok()) {
      if (doc.status().code() == ErrorCode::kNotFound) {
        (void)repo_.CompleteJobs({job.id}, job.lease_owner);
      } else {
        (void)repo_.RetryLater(job.id, job.lease_owner, doc.status(), options_.retry_backoff);
      }
      return;
    }
    const FileRef* original = nullptr;
    for (const FileRef& f : doc->files) {
      if (f.role == kRoleOriginal) original = &f;
      if (f.role == kRolePdfa) {
        (void)repo_.CompleteJobs({job.id}, job.lease_owner);  // made by an earlier attempt
        return;
      }
    }
    if (original == nullptr) return finish(std::nullopt, "pdfa: not made (no original file)");
    if (job.attempts > options_.max_starts) {
      return finish(std::nullopt, "pdfa: not made (gave up after " +
                                      std::to_string(job.attempts - 1) + " unfinished attempts)");
    }
    WorkDir work(WorkRoot() / ("render-" + std::to_string(job.id)));
    std::filesystem::path out = work.path() / "pdfa.pdf";
    Status converted = ConvertPdfA(repo_.blobs().PathFor(original->sha256), out);
    if (!converted.ok()) {
      if (IsTransient(converted.code()) && job.failures + 1 < options_.max_attempts) {
        (void)repo_.RetryLater(job.id, job.lease_owner, converted,
                               options_.retry_backoff * (1 << std::min(job.failures, 10)));
        return;
      }
      Log(LogLevel::kWarning, "render",
          "document " + std::to_string(job.doc_id) + ": PDF/A not made: " + converted.ToString());
      return finish(std::nullopt, "pdfa: not made (" + converted.ToString() + ")");
    }
    auto blob = repo_.blobs().PutFile(out, std::numeric_limits<int64_t>::max());
    if (!blob.ok()) {
      (void)repo_.RetryLater(job.id, job.lease_owner, blob.status(), options_.retry_backoff);
      return;
    }
    finish(
        FileRef{std::string(kRolePdfa), blob->sha256, "application/pdf", blob->size,
                RenditionName(original->name, std::string(kRolePdfa), out), GhostscriptVersion()},
        "");
    Log(LogLevel::kInfo, "render", "document " + std::to_string(job.doc_id) + ": PDF/A made");
  }

  Result<int> IndexBatch() {
    if (index_ == nullptr) return 0;
    std::lock_guard index_lock(index_mu_);
    std::string owner = owner_ + ":indexer";
    auto jobs = repo_.ClaimJobs(JobKind::kIndex, owner, options_.lease, options_.index_batch);
    if (!jobs.ok()) return jobs.status();
    if (jobs->empty()) return 0;
    std::vector<int64_t> ids;
    for (const Job& job : *jobs) {
      Status s = ApplyIndexJob(job);
      if (!s.ok()) {
        Log(LogLevel::kWarning, "indexer",
            "document " + std::to_string(job.doc_id) + ": " + s.ToString());
        (void)repo_.RetryLater(job.id, owner, s, options_.retry_backoff);
        continue;
      }
      ids.push_back(job.id);
    }
    VANBAN_RETURN_IF_ERROR(index_->Commit());
    VANBAN_RETURN_IF_ERROR(repo_.CompleteJobs(ids, owner));
    return static_cast<int>(ids.size());
  }

  int Drain() {
    int n = 0;
    std::string owner = owner_ + ":drain";
    for (;;) {
      auto jobs = repo_.ClaimJobs(JobKind::kExtract, owner, options_.lease, 1);
      if (!jobs.ok() || jobs->empty()) break;
      RunExtract(jobs->front());
      ++n;
    }
    for (;;) {
      auto jobs = repo_.ClaimJobs(JobKind::kRender, owner, options_.lease, 1);
      if (!jobs.ok() || jobs->empty()) break;
      RunRender(jobs->front());
      ++n;
    }
    for (;;) {
      auto r = IndexBatch();
      if (!r.ok() || *r == 0) break;
      n += *r;
    }
    (void)FlushStatusReplies();
    return n;
  }

  Result<int> FlushStatusReplies() {
    std::lock_guard lock(outbox_mu_);
    auto n = vanban::FlushStatusReplies(repo_, options_.exchange);
    if (!n.ok()) {
      Log(LogLevel::kWarning, "exchange", "status replies not written: " + n.status().ToString());
    } else if (*n > 0) {
      Log(LogLevel::kInfo, "exchange",
          std::to_string(*n) + " status replies written to the outbox");
    }
    return n;
  }

  JobReport Report(int64_t job_id) const {
    JobReport r;
    r.job_id = job_id;
    auto job = repo_.GetJob(job_id);
    if (!job.ok()) {
      r.status = "unknown";
      r.reason = job.status();
      return r;
    }
    r.doc_id = job->doc_id;
    switch (job->state) {
      case JobState::kPending:
      case JobState::kRunning:
        r.status = "pending";
        break;
      case JobState::kDuplicate:
        r.status = "duplicate";
        break;
      case JobState::kWaiting:
        r.status = "waiting";
        r.review_reason = job->error_message;
        break;
      case JobState::kRejected:
        r.status = "rejected";
        r.review_reason = job->error_message;
        break;
      case JobState::kQuarantined:
        r.status = "quarantined";
        r.reason = Status(ErrorCodeFromName(job->error_code), job->error_message);
        r.quarantine_path = job->quarantine_path;
        break;
      case JobState::kDone: {
        if (job->doc_id == 0) {  // an exchange status message: no document
          r.status = "status_message";
          break;
        }
        auto d = repo_.GetDocument(job->doc_id);
        if (d.ok()) {
          r.status = std::string(DocStatusName(d->status));
          r.review_reason = d->review_reason;
        } else {
          r.status = "unknown";
          r.reason = d.status();
        }
        break;
      }
    }
    return r;
  }

  const std::string& owner() const { return owner_; }

 private:
  // data/work/<pid>/: scratch space of this process.
  std::filesystem::path WorkRoot() const {
    return repo_.data_dir() / "work" / std::to_string(::getpid());
  }

  // Scratch directories of processes that were killed mid-step.
  void RemoveWorkOfStoppedProcesses() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(repo_.data_dir() / "work", ec)) {
      pid_t pid = static_cast<pid_t>(std::atol(e.path().filename().c_str()));
      if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
        std::error_code rm;
        std::filesystem::remove_all(e.path(), rm);
      }
    }
  }

  // Registers a job whose lease the keeper thread renews while the step runs.
  class ActiveLease {
   public:
    ActiveLease(Impl* impl, int64_t id, std::string owner) : impl_(impl), id_(id) {
      std::lock_guard lock(impl_->lease_mu_);
      impl_->active_[id_] = std::move(owner);
    }
    ~ActiveLease() {
      std::lock_guard lock(impl_->lease_mu_);
      impl_->active_.erase(id_);
    }

   private:
    Impl* impl_;
    int64_t id_;
  };

  JobReport Retry(const Job& job, const Status& error) {
    if (job.failures + 1 >= options_.max_attempts) {
      return Quarantine(job, Status(ErrorCode::kRetriesExhausted,
                                    "gave up after " + std::to_string(job.failures + 1) +
                                        " attempts; last failure: " + error.ToString()));
    }
    auto delay = options_.retry_backoff * (1 << std::min(job.failures, 10));
    Log(LogLevel::kWarning, "pipeline",
        "job " + std::to_string(job.id) + " (" + job.name +
            ") failed, retrying: " + error.ToString());
    (void)repo_.RetryLater(job.id, job.lease_owner, error, delay);
    JobReport r;
    r.job_id = job.id;
    r.status = "pending";
    r.reason = error;
    return r;
  }

  JobReport Quarantine(const Job& job, const Status& reason) {
    JobReport r;
    r.job_id = job.id;
    auto q = WriteQuarantine(repo_.data_dir(), repo_.blobs().PathFor(job.sha256), /*move=*/false,
                             "job-" + std::to_string(job.id), job.name, reason, job.sha256);
    if (!q.ok()) {
      // Could not write the quarantine entry (disk full?): leave the job for a later attempt.
      (void)repo_.RetryLater(job.id, job.lease_owner, q.status(), options_.retry_backoff);
      r.status = "pending";
      r.reason = q.status();
      return r;
    }
    Status s = repo_.CompleteQuarantine(job.id, reason, q->string());
    if (!s.ok()) {
      r.status = "pending";
      r.reason = s;
      return r;
    }
    Log(LogLevel::kWarning, "pipeline",
        "job " + std::to_string(job.id) + " (" + job.name + ") quarantined: " + reason.ToString());
    r.status = "quarantined";
    r.reason = reason;
    r.quarantine_path = q->string();
    return r;
  }

  Status ApplyIndexJob(const Job& job) {
    auto d = repo_.GetDocument(job.doc_id);
    if (!d.ok()) {
      if (d.status().code() == ErrorCode::kNotFound) return index_->Remove(job.doc_id);
      return d.status();
    }
    if (d->status != DocStatus::kPublished) return index_->Remove(job.doc_id);
    auto text = repo_.GetText(job.doc_id);
    if (!text.ok()) return text.status();
    IndexEntry e;
    e.doc_id = d->id;
    e.version = d->version;
    e.meta = d->meta;
    e.text = std::move(*text);
    e.unit = d->unit;
    e.published_at = d->published_at;
    return index_->Upsert(e);
  }

  // Extract jobs first (they make documents public); renditions when there is nothing else.
  void WorkerLoop(const std::string& owner) {
    while (!Stopping()) {
      auto jobs = repo_.ClaimJobs(JobKind::kExtract, owner, options_.lease, 1);
      if (jobs.ok() && jobs->empty()) {
        jobs = repo_.ClaimJobs(JobKind::kRender, owner, options_.lease, 1);
      }
      if (!jobs.ok()) {
        Log(LogLevel::kWarning, "pipeline", "claiming a job: " + jobs.status().ToString());
        Wait(options_.poll * 5);
        continue;
      }
      if (jobs->empty()) {
        // Replies queued by other processes (an approval from `vanban approve`): one worker
        // writes them, about once a second.
        if (owner.back() == '0' && ++idle_rounds_ % 5 == 0) (void)FlushStatusReplies();
        Wait(options_.poll);
        continue;
      }
      if (jobs->front().kind == JobKind::kRender) {
        RunRender(jobs->front());
      } else {
        RunExtract(jobs->front());
      }
    }
  }

  // Ghostscript cannot be interrupted: with a command it runs in a child process that is
  // killed when it overruns (and cannot crash this one).
  Status ConvertPdfA(const std::filesystem::path& in, const std::filesystem::path& out) {
    if (options_.pdfa_command.empty()) return ConvertToPdfA(in, out);
    std::vector<std::string> argv = options_.pdfa_command;
    argv.push_back(in.string());
    argv.push_back(out.string());
    auto r = RunSubprocess(argv, options_.pdfa_timeout);
    if (!r.ok()) return r.status();
    if (r->timed_out) {
      return Status(ErrorCode::kTimeout, "Ghostscript took longer than " +
                                             std::to_string(options_.pdfa_timeout.count() / 1000) +
                                             " s");
    }
    if (r->exit_code == 0) return Status::Ok();
    if (r->signal != 0) {
      return Status(ErrorCode::kCorrupt,
                    "Ghostscript died with signal " + std::to_string(r->signal));
    }
    nlohmann::json j = nlohmann::json::parse(r->out, nullptr, false);
    if (j.is_object() && j["code"].is_string()) {
      return Status(ErrorCodeFromName(j["code"].get<std::string>()),
                    j.value("message", std::string()));
    }
    return Status(ErrorCode::kInternal,
                  "PDF/A converter exited with status " + std::to_string(r->exit_code));
  }

  void IndexerLoop() {
    while (!Stopping()) {
      auto n = IndexBatch();
      if (!n.ok()) {
        Log(LogLevel::kError, "indexer", n.status().ToString());
        Wait(options_.poll * 5);
      } else if (*n == 0) {
        Wait(options_.poll);
      }
    }
  }

  void LeaseKeeperLoop() {
    while (!Stopping()) {
      Wait(std::max(options_.lease / 3, std::chrono::milliseconds(100)));
      std::map<int64_t, std::string> active;
      {
        std::lock_guard lock(lease_mu_);
        active = active_;
      }
      for (const auto& [id, owner] : active) (void)repo_.RenewLease(id, owner, options_.lease);
    }
  }

  bool Stopping() {
    std::lock_guard lock(mu_);
    return stop_;
  }

  void Wait(std::chrono::milliseconds d) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, d, [this] { return stop_; });
  }

  Repository& repo_;
  const ExtractorRegistry& extractors_;
  SearchIndex* index_;
  PipelineOptions options_;
  std::string owner_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::mutex index_mu_;
  std::mutex lease_mu_;
  std::map<int64_t, std::string> active_;
  std::mutex outbox_mu_;
  int64_t idle_rounds_ = 0;  // worker 0 only
};

Pipeline::Pipeline(Repository& repo, const ExtractorRegistry& extractors, SearchIndex* index,
                   PipelineOptions options)
    : impl_(std::make_unique<Impl>(repo, extractors, index, options)) {}
Pipeline::~Pipeline() = default;
void Pipeline::Start() { impl_->Start(); }
void Pipeline::RunRender(const Job& job) { impl_->RunRender(job); }
void Pipeline::Stop() { impl_->Stop(); }
JobReport Pipeline::RunExtract(const Job& job) { return impl_->RunExtract(job); }
int Pipeline::Drain() { return impl_->Drain(); }
Result<int> Pipeline::IndexBatch() { return impl_->IndexBatch(); }
JobReport Pipeline::Report(int64_t job_id) const { return impl_->Report(job_id); }
Result<int> Pipeline::FlushStatusReplies() { return impl_->FlushStatusReplies(); }
const std::string& Pipeline::owner() const { return impl_->owner(); }

nlohmann::json ExtractionToJson(const ExtractedText& t) {
  nlohmann::json pages = nlohmann::json::array();
  for (const PageQuality& q : t.page_quality) {
    pages.push_back({{"page", q.page},
                     {"source", q.source},
                     {"valid_syllables", q.valid_syllables},
                     {"mean_confidence", q.mean_confidence},
                     {"dpi", q.dpi},
                     {"settings", q.settings}});
  }
  return {{"tool", t.tool},
          {"media_type", t.media_type},
          {"pages", t.pages},
          {"page_quality", pages},
          {"notes", t.notes}};
}

Status Reindex(Repository& repo, SearchIndex& index) {
  auto ids = repo.PublishedDocumentIds();
  if (!ids.ok()) return ids.status();
  VANBAN_RETURN_IF_ERROR(index.Clear());
  size_t done = 0;
  for (int64_t id : *ids) {
    auto d = repo.GetDocument(id);
    if (!d.ok()) return d.status();
    auto text = repo.GetText(id);
    if (!text.ok()) return text.status();
    IndexEntry e{d->id, d->version, d->meta, std::move(*text), d->unit, d->published_at};
    VANBAN_RETURN_IF_ERROR(index.Upsert(e));
    // One commit at the end: readers keep seeing the old index until the new one is whole.
    if (++done % 1000 == 0) {
      Log(LogLevel::kInfo, "reindex",
          std::to_string(done) + " / " + std::to_string(ids->size()) + " documents");
    }
  }
  VANBAN_RETURN_IF_ERROR(index.Commit());
  Log(LogLevel::kInfo, "reindex", std::to_string(done) + " documents indexed");
  return Status::Ok();
}

}  // namespace vanban
