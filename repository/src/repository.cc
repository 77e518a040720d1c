#include "vanban/repository/repository.h"

#include <algorithm>
#include <initializer_list>
#include <mutex>
#include <optional>

#include "sqlite_db.h"
#include "vanban/repository/document_json.h"

namespace vanban {
namespace fs = std::filesystem;
using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

namespace {

// Migration i brings the schema from version i to i + 1. Never edit a shipped migration:
// append a new one (docs/schema.md).
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  number TEXT, type TEXT, authority TEXT, issue_date TEXT, summary TEXT,
  review_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT
);
CREATE INDEX documents_status ON documents(status, id);
CREATE TABLE versions(
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  version INTEGER NOT NULL,
  metadata TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY(doc_id, version)
) WITHOUT ROWID;
CREATE TABLE files(
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  version INTEGER NOT NULL,
  role TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  name TEXT NOT NULL,
  tool TEXT NOT NULL DEFAULT '',
  UNIQUE(doc_id, version, role)
);
CREATE INDEX files_sha ON files(sha256, role);
CREATE TABLE jobs(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  available_at INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT,
  size INTEGER NOT NULL DEFAULT 0,
  name TEXT,
  unit TEXT,
  source_path TEXT,
  source_removed INTEGER NOT NULL DEFAULT 0,
  publish INTEGER NOT NULL DEFAULT 0,
  doc_id INTEGER,
  error_code TEXT,
  error_message TEXT,
  quarantine_path TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_queue ON jobs(kind, state, available_at);
CREATE INDEX jobs_source ON jobs(source_path, sha256) WHERE source_removed = 0;
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  doc_id INTEGER,
  job_id INTEGER,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_doc ON audit(doc_id, id);
)sql",
    // 2: how each version's text was obtained (tool, pages, OCR quality, notes).
    R"sql(
ALTER TABLE versions ADD COLUMN extraction TEXT NOT NULL DEFAULT '{}';
)sql",
    // 3: references between documents (bases and relations of the current version), linked to
    // their target when it is in the repository; documents findable by their number.
    R"sql(
ALTER TABLE documents ADD COLUMN number_key TEXT;
UPDATE documents SET number_key = lower(replace(replace(number, 'Đ', 'd'), 'đ', 'd'))
  WHERE number IS NOT NULL AND number <> '';
CREATE INDEX documents_number_key ON documents(number_key) WHERE number_key IS NOT NULL;
CREATE TABLE relations(
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  kind TEXT NOT NULL,
  target_type TEXT,
  target_number TEXT,
  target_key TEXT,
  target_title TEXT,
  target_date TEXT,
  target_authority TEXT,
  target_doc_id INTEGER REFERENCES documents(id)
);
CREATE INDEX relations_doc ON relations(doc_id, id);
CREATE INDEX relations_target_key ON relations(target_key) WHERE target_key IS NOT NULL;
CREATE INDEX relations_target_doc ON relations(target_doc_id) WHERE target_doc_id IS NOT NULL;
)sql",
    // 4: packages of the interprovincial exchange (edXML), what they did, and the status replies
    // owed to their senders (written into data/outbox/ by the pipeline).
    R"sql(
CREATE TABLE exchange_packages(
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL UNIQUE REFERENCES jobs(id),
  edxml_id TEXT NOT NULL,
  from_organ_id TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  number TEXT NOT NULL DEFAULT '',
  issue_date TEXT NOT NULL DEFAULT '',
  business TEXT NOT NULL,
  target_edxml_id TEXT NOT NULL DEFAULT '',
  target_number TEXT NOT NULL DEFAULT '',
  target_key TEXT,
  target_date TEXT NOT NULL DEFAULT '',
  signature TEXT NOT NULL,
  signature_detail TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  doc_id INTEGER REFERENCES documents(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX exchange_packages_edxml ON exchange_packages(edxml_id);
CREATE INDEX exchange_packages_doc ON exchange_packages(doc_id) WHERE doc_id IS NOT NULL;
CREATE INDEX exchange_packages_waiting ON exchange_packages(target_key) WHERE state='waiting';
CREATE TABLE status_replies(
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES exchange_packages(id),
  code TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  written_path TEXT,
  UNIQUE(package_id, code)
);
CREATE INDEX status_replies_pending ON status_replies(id) WHERE written_path IS NULL;
)sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

JobState JobStateFromName(std::string_view s) {
  if (s == "running") return JobState::kRunning;
  if (s == "done") return JobState::kDone;
  if (s == "duplicate") return JobState::kDuplicate;
  if (s == "quarantined") return JobState::kQuarantined;
  if (s == "waiting") return JobState::kWaiting;
  if (s == "rejected") return JobState::kRejected;
  return JobState::kPending;
}

constexpr const char* kJobColumns =
    "id, kind, state, attempts, sha256, size, name, unit, source_path, publish, doc_id, "
    "lease_owner, error_code, error_message, quarantine_path, failures";

Job ReadJob(const Stmt& s) {
  Job j;
  j.id = s.Int(0);
  std::string kind = s.Text(1);
  j.kind = kind == "index"    ? JobKind::kIndex
           : kind == "render" ? JobKind::kRender
                              : JobKind::kExtract;
  j.state = JobStateFromName(s.Text(2));
  j.attempts = static_cast<int>(s.Int(3));
  j.sha256 = s.Text(4);
  j.size = s.Int(5);
  j.name = s.Text(6);
  j.unit = s.Text(7);
  j.source_path = s.Text(8);
  j.publish = s.Int(9) != 0;
  j.doc_id = s.Int(10);
  j.lease_owner = s.Text(11);
  j.error_code = s.Text(12);
  j.error_message = s.Text(13);
  j.quarantine_path = s.Text(14);
  j.failures = static_cast<int>(s.Int(15));
  return j;
}

constexpr const char* kSummaryColumns =
    "id, status, current_version, number, type, authority, summary, issue_date, review_reason";

DocumentSummary ReadSummary(const Stmt& s) {
  DocumentSummary d;
  d.id = s.Int(0);
  d.status = DocStatusFromName(s.Text(1)).value_or(DocStatus::kInReview);
  d.version = static_cast<int>(s.Int(2));
  d.number = s.Text(3);
  d.type = s.Text(4);
  d.authority = s.Text(5);
  d.summary = s.Text(6);
  d.issue_date = s.Text(7);
  d.review_reason = s.Text(8);
  return d;
}

}  // namespace

// --- references between documents ---

// Whether document (authority, issue_date) can be the target a reference describes: what the
// reference names must agree with the document (an administrative number like "01/QĐ-UBND" is
// reused by every authority, so the authority and date tell them apart).
bool ReferenceFits(const std::string& ref_authority, const std::string& ref_date,
                   const std::string& doc_authority, const std::string& doc_date) {
  if (!ref_authority.empty() && !doc_authority.empty() && ref_authority != doc_authority) {
    return false;
  }
  if (!ref_date.empty() && !doc_date.empty() && ref_date != doc_date) return false;
  return true;
}

// The one document a reference of `from_doc` points at, 0 when none or ambiguous.
Result<int64_t> ResolveTarget(Db& db, int64_t from_doc, const DocReference& r) {
  std::string key = NumberKey(r.number);
  if (key.empty()) return int64_t{0};
  Stmt q(db, "SELECT id, authority, issue_date FROM documents WHERE number_key=? AND id<>?");
  q.Bind(1, key).Bind(2, from_doc);
  int64_t found = 0;
  int fits = 0;
  while (q.Step()) {
    if (ReferenceFits(r.authority, r.date, q.Text(1), q.Text(2))) {
      found = q.Int(0);
      ++fits;
    }
  }
  VANBAN_RETURN_IF_ERROR(q.status());
  return fits == 1 ? found : int64_t{0};
}

// Replaces the references of `doc_id` by those of `m` (its current version), each linked to
// its target when the repository holds exactly one document that fits.
Status WriteReferences(Db& db, int64_t doc_id, const Metadata& m) {
  {
    Stmt d(db, "DELETE FROM relations WHERE doc_id=?");
    d.Bind(1, doc_id);
    VANBAN_RETURN_IF_ERROR(d.Run());
  }
  auto write = [&](const DocReference& r, const std::string& kind) -> Status {
    auto target = ResolveTarget(db, doc_id, r);
    if (!target.ok()) return target.status();
    Stmt s(db,
           "INSERT INTO relations(doc_id, kind, target_type, target_number, target_key, "
           "target_title, target_date, target_authority, target_doc_id) "
           "VALUES(?,?,?,?,?,?,?,?,?)");
    std::string key = NumberKey(r.number);
    s.Bind(1, doc_id).Bind(2, kind).BindText(3, r.doc_type).BindText(4, r.number);
    s.BindText(5, key).BindText(6, r.title).BindText(7, r.date).BindText(8, r.authority);
    if (*target != 0)
      s.Bind(9, *target);
    else
      s.BindNull(9);
    return s.Run();
  };
  for (const DocReference& r : m.bases) VANBAN_RETURN_IF_ERROR(write(r, "base"));
  for (const DocReference& r : m.relations) VANBAN_RETURN_IF_ERROR(write(r, r.kind));
  return Status::Ok();
}

// A document arrives (or its number changes): dangling references to it now link to it.
Status LinkArrival(Db& db, int64_t doc_id, const Metadata& m) {
  std::string key = NumberKey(m.number);
  if (key.empty()) return Status::Ok();
  std::vector<int64_t> fit;
  {
    Stmt q(db,
           "SELECT id, target_authority, target_date FROM relations WHERE target_key=? AND "
           "target_doc_id IS NULL AND doc_id<>?");
    q.Bind(1, key).Bind(2, doc_id);
    while (q.Step()) {
      if (ReferenceFits(q.Text(1), q.Text(2), m.authority, m.issue_date)) fit.push_back(q.Int(0));
    }
    VANBAN_RETURN_IF_ERROR(q.status());
  }
  for (int64_t id : fit) {
    Stmt u(db, "UPDATE relations SET target_doc_id=? WHERE id=?");
    u.Bind(1, doc_id).Bind(2, id);
    VANBAN_RETURN_IF_ERROR(u.Run());
  }
  return Status::Ok();
}

class Repository::Impl {
 public:
  Impl(fs::path data_dir, const RepositoryOptions& options)
      : data_dir_(std::move(data_dir)), options_(options), blobs_(data_dir_ / "blobs") {}

  // Borrowed connection, returned to the pool on destruction.
  class Conn {
   public:
    Conn(Impl* impl, std::unique_ptr<Db> db) : impl_(impl), db_(std::move(db)) {}
    ~Conn() {
      if (db_) impl_->Return(std::move(db_));
    }
    Conn(Conn&&) = default;
    Db& operator*() { return *db_; }
    Db* operator->() { return db_.get(); }
    bool ok() const { return db_ != nullptr; }

   private:
    Impl* impl_;
    std::unique_ptr<Db> db_;
  };

  Result<Conn> Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!pool_.empty()) {
        auto db = std::move(pool_.back());
        pool_.pop_back();
        return Conn(this, std::move(db));
      }
    }
    auto db = std::make_unique<Db>();
    VANBAN_RETURN_IF_ERROR(db->Open((data_dir_ / "vanban.db").string(), options_.busy_timeout));
    VANBAN_RETURN_IF_ERROR(
        db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
    return Conn(this, std::move(db));
  }

  void Return(std::unique_ptr<Db> db) {
    std::lock_guard lock(mu_);
    if (pool_.size() < 8) pool_.push_back(std::move(db));
  }

  Status Migrate() {
    auto c = Acquire();
    if (!c.ok()) return c.status();
    Db& db = **c;
    Transaction tx(db);
    VANBAN_RETURN_IF_ERROR(tx.status());
    Stmt v(db, "PRAGMA user_version");
    int version = v.Step() ? static_cast<int>(v.Int(0)) : 0;
    VANBAN_RETURN_IF_ERROR(v.status());
    if (version > kSchemaVersion) {
      return Status(ErrorCode::kDatabase,
                    "vanban.db has schema version " + std::to_string(version) +
                        ", newer than this program's " + std::to_string(kSchemaVersion));
    }
    for (int i = version; i < kSchemaVersion; ++i) {
      VANBAN_RETURN_IF_ERROR(db.Exec(kMigrations[i]));
    }
    VANBAN_RETURN_IF_ERROR(db.Exec("PRAGMA user_version=" + std::to_string(kSchemaVersion)));
    return tx.Commit();
  }

  int64_t Now() const { return options_.clock->NowMillis(); }
  std::string NowIso() const { return FormatIsoUtc(Now()); }

  Status Audit(Db& db, std::string_view actor, std::string_view action, int64_t doc_id,
               int64_t job_id, const nlohmann::json& detail) {
    Stmt s(db, "INSERT INTO audit(at, actor, action, doc_id, job_id, detail) VALUES(?,?,?,?,?,?)");
    s.Bind(1, NowIso()).Bind(2, actor).Bind(3, action);
    if (doc_id)
      s.Bind(4, doc_id);
    else
      s.BindNull(4);
    if (job_id)
      s.Bind(5, job_id);
    else
      s.BindNull(5);
    s.Bind(6, DumpJson(detail));
    return s.Run();
  }

  Status EnqueueIndexLocked(Db& db, int64_t doc_id) {
    // One pending index job per document is enough: it indexes whatever state is current.
    Stmt q(db, "SELECT 1 FROM jobs WHERE kind='index' AND doc_id=? AND state='pending'");
    q.Bind(1, doc_id);
    if (q.Step()) return Status::Ok();
    VANBAN_RETURN_IF_ERROR(q.status());
    std::string now = NowIso();
    Stmt s(db,
           "INSERT INTO jobs(kind, state, doc_id, available_at, created_at, updated_at) "
           "VALUES('index', 'pending', ?, 0, ?, ?)");
    s.Bind(1, doc_id).Bind(2, now).Bind(3, now);
    return s.Run();
  }

  fs::path data_dir_;
  RepositoryOptions options_;
  BlobStore blobs_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Db>> pool_;
};

Repository::Repository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Repository::~Repository() = default;

Result<std::unique_ptr<Repository>> Repository::Open(const fs::path& data_dir,
                                                     const RepositoryOptions& options) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return Status(ErrorCode::kIoError, "create " + data_dir.string() + ": " + ec.message());
  auto impl = std::make_unique<Impl>(data_dir, options);
  VANBAN_RETURN_IF_ERROR(impl->Migrate());
  return std::unique_ptr<Repository>(new Repository(std::move(impl)));
}

int Repository::CurrentSchemaVersion() { return kSchemaVersion; }

Result<int> Repository::SchemaVersion() const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt v(**c, "PRAGMA user_version");
  if (!v.Step())
    return v.status().ok() ? Status(ErrorCode::kDatabase, "no user_version") : v.status();
  return static_cast<int>(v.Int(0));
}

const fs::path& Repository::data_dir() const { return impl_->data_dir_; }
const BlobStore& Repository::blobs() const { return impl_->blobs_; }
const Clock& Repository::clock() const { return *impl_->options_.clock; }

std::string_view JobKindName(JobKind k) {
  switch (k) {
    case JobKind::kIndex:
      return "index";
    case JobKind::kRender:
      return "render";
    case JobKind::kExtract:
      break;
  }
  return "extract";
}

std::string_view JobStateName(JobState s) {
  switch (s) {
    case JobState::kPending:
      return "pending";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kDuplicate:
      return "duplicate";
    case JobState::kQuarantined:
      return "quarantined";
    case JobState::kWaiting:
      return "waiting";
    case JobState::kRejected:
      return "rejected";
  }
  return "pending";
}

Result<IntakeResult> Repository::RecordIntake(const IntakeRequest& req) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  if (req.removes_source && !req.source_path.empty()) {
    Stmt q(db,
           "SELECT id FROM jobs WHERE kind='extract' AND source_path=? AND sha256=? AND "
           "source_removed=0 ORDER BY id LIMIT 1");
    q.Bind(1, req.source_path).Bind(2, req.blob.sha256);
    if (q.Step()) {
      IntakeResult r{q.Int(0), true};
      return r;
    }
    VANBAN_RETURN_IF_ERROR(q.status());
  }
  std::string now = impl_->NowIso();
  Stmt s(db,
         "INSERT INTO jobs(kind, state, sha256, size, name, unit, source_path, source_removed, "
         "publish, available_at, created_at, updated_at) "
         "VALUES('extract','pending',?,?,?,?,?,?,?,0,?,?)");
  s.Bind(1, req.blob.sha256).Bind(2, req.blob.size).Bind(3, req.name).Bind(4, req.unit);
  s.Bind(5, req.source_path).Bind(6, req.removes_source ? 0 : 1).Bind(7, req.publish ? 1 : 0);
  s.Bind(8, now).Bind(9, now);
  VANBAN_RETURN_IF_ERROR(s.Run());
  int64_t id = db.LastInsertRowId();
  VANBAN_RETURN_IF_ERROR(impl_->Audit(db, "intake", "received", 0, id,
                                      {{"name", req.name},
                                       {"unit", req.unit},
                                       {"sha256", req.blob.sha256},
                                       {"size", req.blob.size}}));
  VANBAN_RETURN_IF_ERROR(tx.Commit());
  return IntakeResult{id, false};
}

Status Repository::MarkSourceRemoved(int64_t job_id) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt s(**c, "UPDATE jobs SET source_removed=1 WHERE id=?");
  s.Bind(1, job_id);
  return s.Run();
}

Result<std::vector<Job>> Repository::ClaimJobs(JobKind kind, std::string_view owner,
                                               std::chrono::milliseconds lease, int limit) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  int64_t now = impl_->Now();
  // Cheap check first so that idle polling never takes the write lock.
  {
    Stmt q(db,
           "SELECT 1 FROM jobs WHERE kind=? AND ((state='pending' AND available_at<=?) OR "
           "(state='running' AND lease_until<?)) LIMIT 1");
    q.Bind(1, JobKindName(kind)).Bind(2, now).Bind(3, now);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return std::vector<Job>{};
    }
  }
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  std::vector<int64_t> ids;
  {
    Stmt q(db,
           "SELECT id FROM jobs WHERE kind=? AND ((state='pending' AND available_at<=?) OR "
           "(state='running' AND lease_until<?)) ORDER BY id LIMIT ?");
    q.Bind(1, JobKindName(kind)).Bind(2, now).Bind(3, now).Bind(4, limit);
    while (q.Step()) ids.push_back(q.Int(0));
    VANBAN_RETURN_IF_ERROR(q.status());
  }
  std::vector<Job> jobs;
  std::string now_iso = impl_->NowIso();
  for (int64_t id : ids) {
    Stmt u(db,
           "UPDATE jobs SET state='running', lease_owner=?, lease_until=?, "
           "attempts=attempts+1, updated_at=? WHERE id=?");
    u.Bind(1, owner).Bind(2, now + lease.count()).Bind(3, now_iso).Bind(4, id);
    VANBAN_RETURN_IF_ERROR(u.Run());
    Stmt g(db, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id=?");
    g.Bind(1, id);
    if (g.Step()) jobs.push_back(ReadJob(g));
    VANBAN_RETURN_IF_ERROR(g.status());
  }
  VANBAN_RETURN_IF_ERROR(tx.Commit());
  return jobs;
}

Status Repository::RenewLease(int64_t job_id, std::string_view owner,
                              std::chrono::milliseconds lease) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt s(**c, "UPDATE jobs SET lease_until=? WHERE id=? AND state='running' AND lease_owner=?");
  s.Bind(1, impl_->Now() + lease.count()).Bind(2, job_id).Bind(3, owner);
  VANBAN_RETURN_IF_ERROR(s.Run());
  if ((**c).Changes() == 0) return Status(ErrorCode::kNotFound, "lease lost");
  return Status::Ok();
}

Status Repository::RetryLater(int64_t job_id, std::string_view owner, const Status& error,
                              std::chrono::milliseconds delay) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt s(**c,
         "UPDATE jobs SET state='pending', lease_owner=NULL, available_at=?, error_code=?, "
         "error_message=?, failures=failures+1, updated_at=? WHERE id=? AND state='running' "
         "AND lease_owner=?");
  s.Bind(1, impl_->Now() + delay.count())
      .Bind(2, ErrorCodeName(error.code()))
      .Bind(3, error.message())
      .Bind(4, impl_->NowIso())
      .Bind(5, job_id)
      .Bind(6, owner);
  return s.Run();
}

// Checks, inside a transaction, that `job` is still held by the caller's lease.
Status CheckLease(Db& db, const Job& job) {
  Stmt q(db, "SELECT state, lease_owner FROM jobs WHERE id=?");
  q.Bind(1, job.id);
  if (!q.Step()) return q.status().ok() ? Status(ErrorCode::kNotFound, "no such job") : q.status();
  if (q.Text(0) != "running" || q.Text(1) != job.lease_owner) {
    return Status(ErrorCode::kTransient, "lease on job " + std::to_string(job.id) + " lost");
  }
  return Status::Ok();
}

// The first document holding `sha256` as its original or as the package it came in.
Result<std::optional<std::pair<int64_t, DocStatus>>> FindDocumentWithFile(Db& db,
                                                                          std::string_view sha256) {
  Stmt q(db,
         "SELECT d.id, d.status FROM files f JOIN documents d ON d.id=f.doc_id "
         "WHERE f.sha256=? AND f.role IN ('original','package') ORDER BY d.id LIMIT 1");
  q.Bind(1, sha256);
  if (q.Step()) {
    return std::optional(
        std::make_pair(q.Int(0), DocStatusFromName(q.Text(1)).value_or(DocStatus::kInReview)));
  }
  VANBAN_RETURN_IF_ERROR(q.status());
  return std::optional<std::pair<int64_t, DocStatus>>();
}

// Records (or, for a job run again, rewrites) the package of `job_id`; returns its row id.
Result<int64_t> RecordPackage(Db& db, int64_t job_id, const ExchangePackage& p,
                              std::string_view state, const std::string& reason, int64_t doc_id,
                              const std::string& now) {
  Stmt s(db,
         "INSERT INTO exchange_packages(job_id, edxml_id, from_organ_id, from_name, number, "
         "issue_date, business, target_edxml_id, target_number, target_key, target_date, "
         "signature, signature_detail, state, reason, doc_id, created_at, updated_at) "
         "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?17) "
         "ON CONFLICT(job_id) DO UPDATE SET state=?14, reason=?15, doc_id=?16, updated_at=?17");
  s.Bind(1, job_id).Bind(2, p.edxml_id).Bind(3, p.from_organ_id).Bind(4, p.from_name);
  s.Bind(5, p.number).Bind(6, p.issue_date).Bind(7, p.business).Bind(8, p.target_edxml_id);
  s.Bind(9, p.target_number).BindText(10, NumberKey(p.target_number)).Bind(11, p.target_date);
  s.Bind(12, p.signature).Bind(13, p.signature_detail).Bind(14, state).Bind(15, reason);
  if (doc_id != 0)
    s.Bind(16, doc_id);
  else
    s.BindNull(16);
  s.Bind(17, now);
  VANBAN_RETURN_IF_ERROR(s.Run());
  Stmt q(db, "SELECT id FROM exchange_packages WHERE job_id=?");
  q.Bind(1, job_id);
  if (q.Step()) return q.Int(0);
  return q.status().ok() ? Status(ErrorCode::kDatabase, "package row vanished") : q.status();
}

// Queues the status replies `codes` to a package (each code at most once per package).
Status QueueReplies(Db& db, int64_t package_id, std::initializer_list<std::string_view> codes,
                    const std::string& description, const std::string& now) {
  for (std::string_view code : codes) {
    Stmt s(db,
           "INSERT OR IGNORE INTO status_replies(package_id, code, description, created_at) "
           "VALUES(?,?,?,?)");
    s.Bind(1, package_id).Bind(2, code).Bind(3, code == "02" ? description : std::string());
    s.Bind(4, now);
    VANBAN_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

// A document with the number of `m` arrived (or was corrected to it): exchange packages that
// wait for such a document run again.
Status WakeWaitingPackages(Db& db, const Metadata& m, const std::string& now) {
  std::string key = NumberKey(m.number);
  if (key.empty()) return Status::Ok();
  Stmt j(db,
         "UPDATE jobs SET state='pending', available_at=0, attempts=0, failures=0, updated_at=? "
         "WHERE state='waiting' AND id IN (SELECT job_id FROM exchange_packages WHERE "
         "state='waiting' AND target_key=?)");
  j.Bind(1, now).Bind(2, key);
  VANBAN_RETURN_IF_ERROR(j.Run());
  Stmt p(db,
         "UPDATE exchange_packages SET state='pending', updated_at=? WHERE state='waiting' AND "
         "target_key=?");
  p.Bind(1, now).Bind(2, key);
  return p.Run();
}

Result<StoreOutcome> Repository::CompleteExtract(const Job& job, const ExtractOutcome& outcome) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  VANBAN_RETURN_IF_ERROR(CheckLease(db, job));
  std::string now = impl_->NowIso();
  StoreOutcome out;
  // The same bytes make one document, whoever dropped them and whenever; a package carrying a
  // file that is already a document is that document too.
  auto same = FindDocumentWithFile(db, job.sha256);
  if (!same.ok()) return same.status();
  bool same_package = same->has_value();
  if (!*same && outcome.exchange && !outcome.files.empty() && outcome.update_doc_id == 0) {
    same = FindDocumentWithFile(db, outcome.files.front().sha256);
    if (!same.ok()) return same.status();
  }
  if (*same) {
    out.disposition = ExtractDisposition::kDuplicate;
    out.doc_id = (*same)->first;
    out.status = (*same)->second;
    Stmt u(db,
           "UPDATE jobs SET state='duplicate', doc_id=?, lease_owner=NULL, updated_at=? "
           "WHERE id=?");
    u.Bind(1, out.doc_id).Bind(2, now).Bind(3, job.id);
    VANBAN_RETURN_IF_ERROR(u.Run());
    if (outcome.exchange) {
      // The same package again is answered already; another package with a known file is
      // answered as the document's arrival.
      auto pkg = RecordPackage(db, job.id, *outcome.exchange,
                               same_package ? "duplicate" : "applied", "", out.doc_id, now);
      if (!pkg.ok()) return pkg.status();
      if (!same_package) {
        VANBAN_RETURN_IF_ERROR(QueueReplies(db, *pkg, {"01", "03"}, "", now));
        if (out.status == DocStatus::kPublished) {
          VANBAN_RETURN_IF_ERROR(QueueReplies(db, *pkg, {"06"}, "", now));
        }
      }
    }
    VANBAN_RETURN_IF_ERROR(
        impl_->Audit(db, "pipeline", "duplicate", out.doc_id, job.id, {{"name", job.name}}));
    VANBAN_RETURN_IF_ERROR(tx.Commit());
    return out;
  }

  const Metadata& m = outcome.meta;
  out.status = outcome.publish ? DocStatus::kPublished : DocStatus::kInReview;
  int version = 1;
  if (outcome.update_doc_id != 0) {
    // An update from the exchange: a new version of the document it names. It is public
    // again only when it could be published automatically; else it waits for an editor.
    out.doc_id = outcome.update_doc_id;
    Stmt q(db, "SELECT current_version, status FROM documents WHERE id=?");
    q.Bind(1, out.doc_id);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return Status(ErrorCode::kNotFound, "no document " + std::to_string(out.doc_id));
    }
    version = static_cast<int>(q.Int(0)) + 1;
    if (q.Text(1) == "withdrawn") out.status = DocStatus::kWithdrawn;
    Stmt u(db,
           "UPDATE documents SET status=?, current_version=?, number=?, type=?, authority=?, "
           "issue_date=?, summary=?, review_reason=?, number_key=?, updated_at=?, "
           "published_at=CASE WHEN ?='published' THEN ? ELSE published_at END WHERE id=?");
    u.Bind(1, DocStatusName(out.status)).Bind(2, version).BindText(3, m.number);
    u.BindText(4, m.type).BindText(5, m.authority).BindText(6, m.issue_date);
    u.BindText(7, m.summary);
    u.BindText(8, out.status == DocStatus::kInReview ? outcome.review_reason : std::string());
    u.BindText(9, NumberKey(m.number)).Bind(10, now).Bind(11, DocStatusName(out.status));
    u.Bind(12, now).Bind(13, out.doc_id);
    VANBAN_RETURN_IF_ERROR(u.Run());
  } else {
    Stmt s(db,
           "INSERT INTO documents(status, current_version, unit, number, type, authority, "
           "issue_date, summary, review_reason, created_at, updated_at, published_at, "
           "number_key) VALUES(?,1,?,?,?,?,?,?,?,?,?,?,?)");
    s.Bind(1, DocStatusName(out.status)).Bind(2, job.unit);
    s.BindText(3, m.number).BindText(4, m.type).BindText(5, m.authority);
    s.BindText(6, m.issue_date).BindText(7, m.summary);
    s.BindText(8, outcome.publish ? std::string() : outcome.review_reason);
    s.Bind(9, now).Bind(10, now);
    if (outcome.publish)
      s.Bind(11, now);
    else
      s.BindNull(11);
    s.BindText(12, NumberKey(m.number));
    VANBAN_RETURN_IF_ERROR(s.Run());
    out.doc_id = db.LastInsertRowId();
  }
  VANBAN_RETURN_IF_ERROR(WriteReferences(db, out.doc_id, m));
  VANBAN_RETURN_IF_ERROR(LinkArrival(db, out.doc_id, m));
  if (outcome.replaces_doc_id != 0) {
    // The exchange said which document this one replaces: link it whatever the number match.
    Stmt u(db,
           "UPDATE relations SET target_doc_id=? WHERE doc_id=? AND kind='replaces' AND "
           "target_key=?");
    u.Bind(1, outcome.replaces_doc_id).Bind(2, out.doc_id);
    u.BindText(3, NumberKey(outcome.exchange ? outcome.exchange->target_number : ""));
    VANBAN_RETURN_IF_ERROR(u.Run());
    VANBAN_RETURN_IF_ERROR(impl_->Audit(db, "exchange", "replaced", outcome.replaces_doc_id, job.id,
                                        {{"by_document", out.doc_id}}));
  }
  VANBAN_RETURN_IF_ERROR(WakeWaitingPackages(db, m, now));
  {
    Stmt s(db,
           "INSERT INTO versions(doc_id, version, metadata, text, extraction, created_at, "
           "created_by) VALUES(?,?,?,?,?,?,?)");
    s.Bind(1, out.doc_id).Bind(2, version).Bind(3, DumpJson(MetadataToJson(m)));
    s.Bind(4, outcome.text);
    s.Bind(5, outcome.extraction.empty() ? std::string("{}") : outcome.extraction).Bind(6, now);
    s.Bind(7, outcome.exchange ? "exchange" : "pipeline");
    VANBAN_RETURN_IF_ERROR(s.Run());
  }
  for (const FileRef& f : outcome.files) {
    Stmt s(db,
           "INSERT INTO files(doc_id, version, role, sha256, media_type, size, name, tool) "
           "VALUES(?,?,?,?,?,?,?,?)");
    s.Bind(1, out.doc_id).Bind(2, version).Bind(3, f.role).Bind(4, f.sha256);
    s.Bind(5, f.media_type).Bind(6, f.size).Bind(7, f.name).Bind(8, f.tool);
    VANBAN_RETURN_IF_ERROR(s.Run());
  }
  {
    Stmt u(db, "UPDATE jobs SET state='done', doc_id=?, lease_owner=NULL, updated_at=? WHERE id=?");
    u.Bind(1, out.doc_id).Bind(2, now).Bind(3, job.id);
    VANBAN_RETURN_IF_ERROR(u.Run());
  }
  if (outcome.exchange) {
    auto pkg = RecordPackage(db, job.id, *outcome.exchange, "applied", "", out.doc_id, now);
    if (!pkg.ok()) return pkg.status();
    VANBAN_RETURN_IF_ERROR(QueueReplies(db, *pkg, {"01", "03"}, "", now));
    if (out.status == DocStatus::kPublished) {
      VANBAN_RETURN_IF_ERROR(QueueReplies(db, *pkg, {"06"}, "", now));
    }
  }
  VANBAN_RETURN_IF_ERROR(impl_->Audit(
      db, "pipeline", outcome.update_doc_id != 0 ? "updated" : "stored", out.doc_id, job.id,
      {{"name", job.name},
       {"status", std::string(DocStatusName(out.status))},
       {"version", version},
       {"review_reason", outcome.review_reason},
       {"exchange", outcome.exchange ? outcome.exchange->edxml_id : std::string()}}));
  if (outcome.render_pdfa) {
    Stmt r(db,
           "INSERT INTO jobs(kind, state, doc_id, available_at, created_at, updated_at) "
           "VALUES('render', 'pending', ?, 0, ?, ?)");
    r.Bind(1, out.doc_id).Bind(2, now).Bind(3, now);
    VANBAN_RETURN_IF_ERROR(r.Run());
  }
  if (outcome.publish && out.status == DocStatus::kPublished) {
    VANBAN_RETURN_IF_ERROR(
        impl_->Audit(db, "pipeline", "published", out.doc_id, job.id, {{"auto_publish", true}}));
  }
  // An update changes what the index holds of a document, published or not any more.
  if (out.status == DocStatus::kPublished || outcome.update_doc_id != 0) {
    VANBAN_RETURN_IF_ERROR(impl_->EnqueueIndexLocked(db, out.doc_id));
  }
  VANBAN_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status Repository::CompletePackage(const Job& job, const ExchangePackage& package,
                                   PackageOutcome outcome, int64_t target_doc_id,
                                   const std::string& reason) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  VANBAN_RETURN_IF_ERROR(CheckLease(db, job));
  std::string now = impl_->NowIso();
  std::string_view state, job_state = "done";
  switch (outcome) {
    case PackageOutcome::kRejected:
      state = job_state = "rejected";
      break;
    case PackageOutcome::kWaiting:
      state = job_state = "waiting";
      break;
    case PackageOutcome::kRevoked:
      state = "applied";
      break;
    case PackageOutcome::kStatusMessage:
      state = "status";
      break;
  }
  int64_t doc_id = outcome == PackageOutcome::kRevoked ? target_doc_id : 0;
  auto pkg = RecordPackage(db, job.id, package, state, reason, doc_id, now);
  if (!pkg.ok()) return pkg.status();
  switch (outcome) {
    case PackageOutcome::kRejected:
      VANBAN_RETURN_IF_ERROR(QueueReplies(db, *pkg, {"02"}, reason, now));
      break;
    case PackageOutcome::kWaiting:
      VANBAN_RETURN_IF_ERROR(QueueReplies(db, *pkg, {"01"}, "", now));
      break;
    case PackageOutcome::kRevoked: {
      // Withdrawn from public view and search, kept with its history (Art. 10.1).
      Stmt u(db,
             "UPDATE documents SET status='withdrawn', updated_at=? WHERE id=? AND "
             "status<>'withdrawn'");
      u.Bind(1, now).Bind(2, target_doc_id);
      VANBAN_RETURN_IF_ERROR(u.Run());
      VANBAN_RETURN_IF_ERROR(impl_->Audit(
          db, "exchange", "revoked", target_doc_id, job.id,
          {{"package", package.edxml_id}, {"from", package.from_name}, {"reason", reason}}));
      VANBAN_RETURN_IF_ERROR(impl_->EnqueueIndexLocked(db, target_doc_id));
      VANBAN_RETURN_IF_ERROR(QueueReplies(db, *pkg, {"01", "03", "06"}, "", now));
      break;
    }
    case PackageOutcome::kStatusMessage:
      break;
  }
  Stmt u(db,
         "UPDATE jobs SET state=?, doc_id=?, error_message=?, lease_owner=NULL, updated_at=? "
         "WHERE id=?");
  u.Bind(1, job_state);
  if (doc_id != 0)
    u.Bind(2, doc_id);
  else
    u.BindNull(2);
  u.BindText(3, reason).Bind(4, now).Bind(5, job.id);
  VANBAN_RETURN_IF_ERROR(u.Run());
  VANBAN_RETURN_IF_ERROR(impl_->Audit(db, "pipeline", std::string("package_") + std::string(state),
                                      doc_id, job.id,
                                      {{"name", job.name},
                                       {"package", package.edxml_id},
                                       {"business", package.business},
                                       {"reason", reason}}));
  return tx.Commit();
}

Result<int64_t> Repository::FindExchangeTarget(const ExchangePackage& package) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  if (!package.target_edxml_id.empty()) {
    Stmt q(db,
           "SELECT p.doc_id FROM exchange_packages p JOIN documents d ON d.id=p.doc_id WHERE "
           "p.edxml_id=? AND p.business IN ('new','replace') AND p.state IN "
           "('applied','duplicate') ORDER BY p.id LIMIT 1");
    q.Bind(1, package.target_edxml_id);
    if (q.Step()) return q.Int(0);
    VANBAN_RETURN_IF_ERROR(q.status());
  }
  std::string key = NumberKey(package.target_number);
  if (key.empty()) return int64_t{0};
  Stmt q(db, "SELECT id, issue_date FROM documents WHERE number_key=?");
  q.Bind(1, key);
  int64_t found = 0;
  int fits = 0;
  while (q.Step()) {
    if (package.target_date.empty() || q.Text(1).empty() || q.Text(1) == package.target_date) {
      found = q.Int(0);
      ++fits;
    }
  }
  VANBAN_RETURN_IF_ERROR(q.status());
  return fits == 1 ? found : int64_t{0};
}

Result<std::vector<StatusReply>> Repository::PendingStatusReplies(int limit) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt q(**c,
         "SELECT r.id, r.code, r.description, r.created_at, p.edxml_id, p.from_organ_id, "
         "p.from_name, p.number, p.issue_date, p.business FROM status_replies r JOIN "
         "exchange_packages p ON p.id=r.package_id WHERE r.written_path IS NULL ORDER BY r.id "
         "LIMIT ?");
  q.Bind(1, limit);
  std::vector<StatusReply> out;
  while (q.Step()) {
    StatusReply r;
    r.id = q.Int(0);
    r.code = q.Text(1);
    r.description = q.Text(2);
    r.created_at = q.Text(3);
    r.package.edxml_id = q.Text(4);
    r.package.from_organ_id = q.Text(5);
    r.package.from_name = q.Text(6);
    r.package.number = q.Text(7);
    r.package.issue_date = q.Text(8);
    r.package.business = q.Text(9);
    out.push_back(std::move(r));
  }
  VANBAN_RETURN_IF_ERROR(q.status());
  return out;
}

Status Repository::MarkStatusReplyWritten(int64_t reply_id, const std::string& path) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt u(**c, "UPDATE status_replies SET written_path=? WHERE id=?");
  u.Bind(1, path).Bind(2, reply_id);
  return u.Run();
}

Status Repository::CompleteQuarantine(int64_t job_id, const Status& reason,
                                      const std::string& quarantine_path) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  Stmt u(db,
         "UPDATE jobs SET state='quarantined', error_code=?, error_message=?, quarantine_path=?, "
         "lease_owner=NULL, updated_at=? WHERE id=?");
  u.Bind(1, ErrorCodeName(reason.code()))
      .Bind(2, reason.message())
      .Bind(3, quarantine_path)
      .Bind(4, impl_->NowIso())
      .Bind(5, job_id);
  VANBAN_RETURN_IF_ERROR(u.Run());
  VANBAN_RETURN_IF_ERROR(impl_->Audit(db, "pipeline", "quarantined", 0, job_id,
                                      {{"code", std::string(ErrorCodeName(reason.code()))},
                                       {"message", reason.message()},
                                       {"path", quarantine_path}}));
  return tx.Commit();
}

Status Repository::CompleteJobs(const std::vector<int64_t>& job_ids, std::string_view owner) {
  if (job_ids.empty()) return Status::Ok();
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  std::string now = impl_->NowIso();
  for (int64_t id : job_ids) {
    Stmt u(db,
           "UPDATE jobs SET state='done', lease_owner=NULL, updated_at=? WHERE id=? AND "
           "state='running' AND lease_owner=?");
    u.Bind(1, now).Bind(2, id).Bind(3, owner);
    VANBAN_RETURN_IF_ERROR(u.Run());
  }
  return tx.Commit();
}

Result<Job> Repository::GetJob(int64_t job_id) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt g(**c, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id=?");
  g.Bind(1, job_id);
  if (g.Step()) return ReadJob(g);
  if (!g.status().ok()) return g.status();
  return Status(ErrorCode::kNotFound, "no job " + std::to_string(job_id));
}

Result<int64_t> Repository::CountUnfinishedJobs(JobKind kind) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt q(**c, "SELECT count(*) FROM jobs WHERE kind=? AND state IN ('pending','running')");
  q.Bind(1, JobKindName(kind));
  if (q.Step()) return q.Int(0);
  return q.status();
}

Status Repository::EnqueueIndex(int64_t doc_id) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  VANBAN_RETURN_IF_ERROR(impl_->EnqueueIndexLocked(db, doc_id));
  return tx.Commit();
}

Status Repository::AddRendition(int64_t doc_id, const std::optional<FileRef>& file,
                                const std::string& note) {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  int64_t version = 0;
  std::string extraction;
  {
    Stmt q(db,
           "SELECT v.version, v.extraction FROM versions v JOIN documents d ON d.id=v.doc_id "
           "AND v.version=d.current_version WHERE d.id=?");
    q.Bind(1, doc_id);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return Status(ErrorCode::kNotFound, "no document " + std::to_string(doc_id));
    }
    version = q.Int(0);
    extraction = q.Text(1);
  }
  if (file) {
    Stmt s(db,
           "INSERT OR IGNORE INTO files(doc_id, version, role, sha256, media_type, size, name, "
           "tool) VALUES(?,?,?,?,?,?,?,?)");
    s.Bind(1, doc_id).Bind(2, version).Bind(3, file->role).Bind(4, file->sha256);
    s.Bind(5, file->media_type).Bind(6, file->size).Bind(7, file->name).Bind(8, file->tool);
    VANBAN_RETURN_IF_ERROR(s.Run());
  }
  if (!note.empty()) {
    nlohmann::json j = nlohmann::json::parse(extraction, nullptr, false);
    if (!j.is_object()) j = nlohmann::json::object();
    if (!j.contains("notes") || !j["notes"].is_array()) j["notes"] = nlohmann::json::array();
    bool present = false;
    for (const auto& n : j["notes"]) present = present || n == note;
    if (!present) j["notes"].push_back(note);
    Stmt u(db, "UPDATE versions SET extraction=? WHERE doc_id=? AND version=?");
    u.Bind(1, DumpJson(j)).Bind(2, doc_id).Bind(3, version);
    VANBAN_RETURN_IF_ERROR(u.Run());
  }
  VANBAN_RETURN_IF_ERROR(
      impl_->Audit(db, "pipeline", file ? "rendition_added" : "rendition_failed", doc_id, 0,
                   {{"role", file ? file->role : std::string()}, {"note", note}}));
  return tx.Commit();
}

Result<int64_t> Repository::EnqueueIndexForAllPublished() {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  std::string now = impl_->NowIso();
  Stmt s(db,
         "INSERT INTO jobs(kind, state, doc_id, available_at, created_at, updated_at) "
         "SELECT 'index', 'pending', d.id, 0, ?1, ?1 FROM documents d WHERE d.status='published' "
         "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind='index' AND j.doc_id=d.id AND "
         "j.state='pending')");
  s.Bind(1, now);
  VANBAN_RETURN_IF_ERROR(s.Run());
  int64_t n = db.Changes();
  VANBAN_RETURN_IF_ERROR(tx.Commit());
  return n;
}

Result<Document> Repository::GetDocument(int64_t id, int version) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Document d;
  {
    Stmt q(db,
           "SELECT status, current_version, unit, review_reason, created_at, published_at "
           "FROM documents WHERE id=?");
    q.Bind(1, id);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return Status(ErrorCode::kNotFound, "no document " + std::to_string(id));
    }
    d.id = id;
    d.status = DocStatusFromName(q.Text(0)).value_or(DocStatus::kInReview);
    d.version = version > 0 ? version : static_cast<int>(q.Int(1));
    d.unit = q.Text(2);
    d.review_reason = q.Text(3);
    d.created_at = q.Text(4);
    d.published_at = q.Text(5);
  }
  {
    Stmt q(db, "SELECT metadata, extraction FROM versions WHERE doc_id=? AND version=?");
    q.Bind(1, id).Bind(2, d.version);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return Status(ErrorCode::kNotFound, "document " + std::to_string(id) + " has no version " +
                                              std::to_string(d.version));
    }
    nlohmann::json j = nlohmann::json::parse(q.Text(0), nullptr, false);
    if (j.is_discarded()) {
      return Status(ErrorCode::kDatabase,
                    "metadata of document " + std::to_string(id) + " is not valid JSON");
    }
    d.meta = MetadataFromJson(j);
    d.extraction = q.Text(1);
  }
  {
    Stmt q(db,
           "SELECT role, sha256, media_type, size, name, tool FROM files WHERE doc_id=? AND "
           "version=? ORDER BY role <> 'original', id");
    q.Bind(1, id).Bind(2, d.version);
    while (q.Step()) {
      d.files.push_back(FileRef{q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Text(4), q.Text(5)});
    }
    VANBAN_RETURN_IF_ERROR(q.status());
  }
  return d;
}

Result<std::string> Repository::GetText(int64_t id, int version) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt q(**c,
         "SELECT v.text FROM versions v JOIN documents d ON d.id=v.doc_id WHERE v.doc_id=? AND "
         "v.version=CASE WHEN ?>0 THEN ? ELSE d.current_version END");
  q.Bind(1, id).Bind(2, version).Bind(3, version);
  if (q.Step()) return q.Text(0);
  if (!q.status().ok()) return q.status();
  return Status(ErrorCode::kNotFound, "no text for document " + std::to_string(id));
}

Result<std::vector<DocumentSummary>> Repository::ListDocuments(std::optional<DocStatus> status,
                                                               int limit, int offset) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM documents";
  if (status) sql += " WHERE status=?1";
  sql += status == DocStatus::kPublished ? " ORDER BY published_at DESC, id DESC LIMIT ?2 OFFSET ?3"
                                         : " ORDER BY id DESC LIMIT ?2 OFFSET ?3";
  Stmt q(**c, sql);
  if (status) q.Bind(1, DocStatusName(*status));
  q.Bind(2, limit).Bind(3, offset);
  std::vector<DocumentSummary> out;
  while (q.Step()) out.push_back(ReadSummary(q));
  VANBAN_RETURN_IF_ERROR(q.status());
  return out;
}

Result<int64_t> Repository::CountDocuments(std::optional<DocStatus> status) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt q(**c, status ? "SELECT count(*) FROM documents WHERE status=?"
                     : "SELECT count(*) FROM documents");
  if (status) q.Bind(1, DocStatusName(*status));
  if (q.Step()) return q.Int(0);
  return q.status();
}

Result<std::vector<int64_t>> Repository::PublishedDocumentIds() const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt q(**c, "SELECT id FROM documents WHERE status='published' ORDER BY id");
  std::vector<int64_t> ids;
  while (q.Step()) ids.push_back(q.Int(0));
  VANBAN_RETURN_IF_ERROR(q.status());
  return ids;
}

Status Repository::Approve(int64_t id, std::string_view by) {
  if (by.empty()) return Status(ErrorCode::kInvalidArgument, "an approval needs the editor's name");
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  {
    Stmt q(db, "SELECT status FROM documents WHERE id=?");
    q.Bind(1, id);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return Status(ErrorCode::kNotFound, "no document " + std::to_string(id));
    }
    if (q.Text(0) != "in_review") {
      return Status(ErrorCode::kInvalidArgument,
                    "document " + std::to_string(id) + " is " + q.Text(0) + ", not in_review");
    }
  }
  std::string now = impl_->NowIso();
  Stmt u(db,
         "UPDATE documents SET status='published', review_reason=NULL, published_at=?, "
         "updated_at=? WHERE id=?");
  u.Bind(1, now).Bind(2, now).Bind(3, id);
  VANBAN_RETURN_IF_ERROR(u.Run());
  VANBAN_RETURN_IF_ERROR(impl_->Audit(db, by, "approved", id, 0, nlohmann::json::object()));
  VANBAN_RETURN_IF_ERROR(impl_->EnqueueIndexLocked(db, id));
  {
    // Packages of the exchange that made or updated this document: their senders learn it
    // is published (status 06).
    Stmt r(db,
           "INSERT OR IGNORE INTO status_replies(package_id, code, description, created_at) "
           "SELECT id, '06', '', ? FROM exchange_packages WHERE doc_id=? AND state='applied' "
           "AND business IN ('new','update','replace')");
    r.Bind(1, now).Bind(2, id);
    VANBAN_RETURN_IF_ERROR(r.Run());
  }
  return tx.Commit();
}

Result<int> Repository::CorrectMetadata(int64_t id, const Metadata& corrected,
                                        std::string_view by) {
  if (by.empty())
    return Status(ErrorCode::kInvalidArgument, "a correction needs the editor's name");
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  int version = 0;
  std::string status;
  {
    Stmt q(db, "SELECT current_version, status FROM documents WHERE id=?");
    q.Bind(1, id);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return Status(ErrorCode::kNotFound, "no document " + std::to_string(id));
    }
    version = static_cast<int>(q.Int(0));
    status = q.Text(1);
  }
  Metadata old;
  {
    Stmt q(db, "SELECT metadata FROM versions WHERE doc_id=? AND version=?");
    q.Bind(1, id).Bind(2, version);
    if (!q.Step()) {
      if (!q.status().ok()) return q.status();
      return Status(ErrorCode::kDatabase, "document " + std::to_string(id) + " lost its version");
    }
    old = MetadataFromJson(nlohmann::json::parse(q.Text(0), nullptr, false));
  }
  // Which fields the editor changed: compared in their JSON form, provenance aside.
  nlohmann::json before = MetadataToJson(old), after = MetadataToJson(corrected);
  std::vector<std::string> changed;
  for (const auto& [key, value] : after.items()) {
    if (key == "provenance") continue;
    if (!before.contains(key) || before[key] != value) changed.push_back(key);
  }
  if (changed.empty()) {
    return Status(ErrorCode::kInvalidArgument,
                  "the correction changes nothing in document " + std::to_string(id));
  }
  std::string now = impl_->NowIso();
  Metadata m = corrected;
  m.provenance = old.provenance;
  for (const std::string& field : changed) {
    auto it = std::find_if(m.provenance.begin(), m.provenance.end(),
                           [&](const FieldProvenance& p) { return p.field == field; });
    FieldProvenance p{field, 1.0, {}, "editor", std::string(by), now};
    if (it != m.provenance.end())
      *it = std::move(p);
    else
      m.provenance.push_back(std::move(p));
  }
  std::sort(m.provenance.begin(), m.provenance.end(),
            [](const FieldProvenance& a, const FieldProvenance& b) { return a.field < b.field; });
  int next = version + 1;
  {
    Stmt s(db,
           "INSERT INTO versions(doc_id, version, metadata, text, extraction, created_at, "
           "created_by) SELECT doc_id, ?, ?, text, extraction, ?, ? FROM versions "
           "WHERE doc_id=? AND version=?");
    s.Bind(1, next).Bind(2, DumpJson(MetadataToJson(m))).Bind(3, now).Bind(4, by);
    s.Bind(5, id).Bind(6, version);
    VANBAN_RETURN_IF_ERROR(s.Run());
  }
  {
    Stmt s(db,
           "INSERT INTO files(doc_id, version, role, sha256, media_type, size, name, tool) "
           "SELECT doc_id, ?, role, sha256, media_type, size, name, tool FROM files "
           "WHERE doc_id=? AND version=? ORDER BY id");
    s.Bind(1, next).Bind(2, id).Bind(3, version);
    VANBAN_RETURN_IF_ERROR(s.Run());
  }
  {
    Stmt u(db,
           "UPDATE documents SET current_version=?, number=?, type=?, authority=?, issue_date=?, "
           "summary=?, number_key=?, updated_at=? WHERE id=?");
    u.Bind(1, next).BindText(2, m.number).BindText(3, m.type).BindText(4, m.authority);
    u.BindText(5, m.issue_date).BindText(6, m.summary).BindText(7, NumberKey(m.number));
    u.Bind(8, now).Bind(9, id);
    VANBAN_RETURN_IF_ERROR(u.Run());
  }
  VANBAN_RETURN_IF_ERROR(WriteReferences(db, id, m));
  VANBAN_RETURN_IF_ERROR(LinkArrival(db, id, m));
  VANBAN_RETURN_IF_ERROR(WakeWaitingPackages(db, m, now));
  VANBAN_RETURN_IF_ERROR(
      impl_->Audit(db, by, "corrected", id, 0, {{"fields", changed}, {"version", next}}));
  if (status == "published") VANBAN_RETURN_IF_ERROR(impl_->EnqueueIndexLocked(db, id));
  VANBAN_RETURN_IF_ERROR(tx.Commit());
  return next;
}

Result<DocumentRelations> Repository::Relations(int64_t id) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  DocumentRelations out;
  auto read = [](const Stmt& q) {
    RelationLink l;
    l.kind = q.Text(0);
    l.target_type = q.Text(1);
    l.number = q.Text(2);
    l.title = q.Text(3);
    l.date = q.Text(4);
    l.authority = q.Text(5);
    l.other_id = q.Int(6);
    if (l.other_id != 0) {
      l.other_status = DocStatusFromName(q.Text(7)).value_or(DocStatus::kInReview);
      l.other_number = q.Text(8);
      l.other_type = q.Text(9);
      l.other_summary = q.Text(10);
      l.other_issue_date = q.Text(11);
    }
    return l;
  };
  {
    Stmt q(db,
           "SELECT r.kind, r.target_type, r.target_number, r.target_title, r.target_date, "
           "r.target_authority, r.target_doc_id, d.status, d.number, d.type, d.summary, "
           "d.issue_date FROM relations r LEFT JOIN documents d ON d.id=r.target_doc_id "
           "WHERE r.doc_id=? ORDER BY r.id");
    q.Bind(1, id);
    while (q.Step()) out.outgoing.push_back(read(q));
    VANBAN_RETURN_IF_ERROR(q.status());
  }
  {
    Stmt q(db,
           "SELECT r.kind, r.target_type, r.target_number, r.target_title, r.target_date, "
           "r.target_authority, r.doc_id, d.status, d.number, d.type, d.summary, d.issue_date "
           "FROM relations r JOIN documents d ON d.id=r.doc_id WHERE r.target_doc_id=? "
           "ORDER BY d.issue_date DESC, r.id");
    q.Bind(1, id);
    while (q.Step()) out.incoming.push_back(read(q));
    VANBAN_RETURN_IF_ERROR(q.status());
  }
  return out;
}

Status Repository::Withdraw(int64_t id, std::string_view by, std::string_view reason) {
  if (by.empty()) return Status(ErrorCode::kInvalidArgument, "a withdrawal needs a name");
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Db& db = **c;
  Transaction tx(db);
  VANBAN_RETURN_IF_ERROR(tx.status());
  Stmt u(db,
         "UPDATE documents SET status='withdrawn', updated_at=? WHERE id=? AND "
         "status<>'withdrawn'");
  u.Bind(1, impl_->NowIso()).Bind(2, id);
  VANBAN_RETURN_IF_ERROR(u.Run());
  if (db.Changes() == 0) {
    return Status(ErrorCode::kNotFound, "no document " + std::to_string(id) + " to withdraw");
  }
  VANBAN_RETURN_IF_ERROR(impl_->Audit(db, by, "withdrawn", id, 0, {{"reason", reason}}));
  VANBAN_RETURN_IF_ERROR(impl_->EnqueueIndexLocked(db, id));
  return tx.Commit();
}

Result<std::pair<FileRef, DocStatus>> Repository::FindFile(std::string_view sha256) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt q(**c,
         "SELECT f.role, f.sha256, f.media_type, f.size, f.name, f.tool, d.status FROM files f "
         "JOIN documents d ON d.id=f.doc_id WHERE f.sha256=? "
         "ORDER BY d.status='published' DESC, f.id LIMIT 1");
  q.Bind(1, sha256);
  if (q.Step()) {
    FileRef f{q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Text(4), q.Text(5)};
    return std::make_pair(f, DocStatusFromName(q.Text(6)).value_or(DocStatus::kInReview));
  }
  if (!q.status().ok()) return q.status();
  return Status(ErrorCode::kNotFound, "no file " + std::string(sha256));
}

Result<std::vector<AuditEntry>> Repository::AuditLog(int64_t doc_id) const {
  auto c = impl_->Acquire();
  if (!c.ok()) return c.status();
  Stmt q(**c, "SELECT id, at, actor, action, doc_id, detail FROM audit WHERE doc_id=? ORDER BY id");
  q.Bind(1, doc_id);
  std::vector<AuditEntry> out;
  while (q.Step())
    out.push_back(AuditEntry{q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Int(4), q.Text(5)});
  VANBAN_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace vanban
