#include "sqlite_db.h"

namespace vanban::sqlite {

Db::~Db() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Db::Error(std::string_view what) const {
  int code = db_ ? sqlite3_extended_errcode(db_) : SQLITE_ERROR;
  int primary = code & 0xff;
  ErrorCode ec = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) ? ErrorCode::kBusy
                                                                      : ErrorCode::kDatabase;
  std::string msg(what);
  msg += ": ";
  msg += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  return Status(ec, msg);
}

Status Db::Open(const std::string& path, std::chrono::milliseconds busy_timeout) {
  int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return Error("open " + path);
  sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
  sqlite3_extended_result_codes(db_, 1);
  return Status::Ok();
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    int primary = rc & 0xff;
    return Status(primary == SQLITE_BUSY ? ErrorCode::kBusy : ErrorCode::kDatabase, "exec: " + msg);
  }
  return Status::Ok();
}

Stmt::Stmt(const Db& db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db.get(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    status_ = db.Error("prepare");
  }
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::Bind(int i, int64_t v) {
  if (status_.ok() && sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) status_ = db_.Error("bind");
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  if (status_.ok() && sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT,
                                          SQLITE_UTF8) != SQLITE_OK) {
    status_ = db_.Error("bind");
  }
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  if (status_.ok() && sqlite3_bind_null(stmt_, i) != SQLITE_OK) status_ = db_.Error("bind");
  return *this;
}

bool Stmt::Step() {
  if (!status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = db_.Error("step");
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  return status_;
}

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Transaction::Transaction(Db& db) : db_(db) {
  status_ = db_.Exec("BEGIN IMMEDIATE");
  open_ = status_.ok();
}

Transaction::~Transaction() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!status_.ok()) return status_;
  Status s = db_.Exec("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

}  // namespace vanban::sqlite
