#include "vanban/ingest/intake.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "vanban/convert/text.h"
#include "vanban/repository/blob_store.h"
#include "vanban/repository/document_json.h"

namespace vanban {
namespace fs = std::filesystem;

namespace {

// A file name safe to create inside quarantine/: no directory parts, no control characters,
// no leading dot, bounded length; the original name is kept in the .reason.json.
std::string SafeFileName(const std::string& name) {
  std::u32string u = ToU32(name);
  std::u32string out;
  for (char32_t c : u) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':') {
      out += U'_';
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.front() == U'.' || out.front() == U' ')) out.erase(0, 1);
  if (out.size() > 120) out = out.substr(out.size() - 120);  // keep the extension
  if (out.empty()) out = U"unnamed";
  return ToUtf8(out);
}

Status CopyFileDurably(const fs::path& src, const fs::path& dest) {
  fs::path tmp = dest;
  tmp += ".tmp";
  std::error_code ec;
  fs::copy_file(src, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status(ErrorCode::kIoError, "copy " + src.string() + ": " + ec.message());
  int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    return Status(ErrorCode::kIoError, "fsync " + tmp.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  fs::rename(tmp, dest, ec);
  if (ec) return Status(ErrorCode::kIoError, "rename " + dest.string() + ": " + ec.message());
  return SyncDirectory(dest.parent_path());
}

}  // namespace

Result<fs::path> WriteQuarantine(const fs::path& data_dir, const fs::path& src, bool move,
                                 const std::string& key, const std::string& name,
                                 const Status& reason, const std::string& sha256) {
  fs::path dir = data_dir / "quarantine";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status(ErrorCode::kIoError, "create " + dir.string() + ": " + ec.message());
  fs::path dest = dir / (key + "-" + SafeFileName(name));
  struct stat st {};
  int64_t size = ::stat(src.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
  nlohmann::json j = {{"code", std::string(ErrorCodeName(reason.code()))},
                      {"message", reason.message()},
                      {"file", name},
                      {"size", size},
                      {"sha256", sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(sha256)},
                      {"quarantined_at", FormatIsoUtc(Clock::System().NowMillis())}};
  // The reason is written first: if the process dies before the file is in place, the input
  // is still where it was and the next attempt rewrites both.
  fs::path reason_path = dest;
  reason_path += ".reason.json";
  VANBAN_RETURN_IF_ERROR(WriteFileAtomically(reason_path, DumpJson(j, 2) + "\n"));
  if (move) {
    if (::rename(src.c_str(), dest.c_str()) == 0) {
      VANBAN_RETURN_IF_ERROR(SyncDirectory(dir));
      VANBAN_RETURN_IF_ERROR(SyncDirectory(src.parent_path()));
      return dest;
    }
    if (errno != EXDEV) {
      return Status(ErrorCode::kIoError, "move " + src.string() + ": " + std::strerror(errno));
    }
  }
  VANBAN_RETURN_IF_ERROR(CopyFileDurably(src, dest));
  if (move) {
    ::unlink(src.c_str());
    VANBAN_RETURN_IF_ERROR(SyncDirectory(src.parent_path()));
  }
  return dest;
}

Result<IntakeOutcome> Intake::Take(const fs::path& path, const std::string& unit) {
  std::string name = NormalizeNfc(path.filename().string());
  fs::path abs = fs::absolute(path);
  auto blob = repo_.blobs().PutFile(abs, options_.max_file_size);
  if (!blob.ok()) {
    if (blob.status().code() != ErrorCode::kTooLarge) return blob.status();
    // Too large to store: quarantine the file itself. The key depends only on the file so a
    // retry after a crash lands on the same entry.
    struct stat st {};
    ::stat(abs.c_str(), &st);
    std::string key = "intake-" + Sha256Hex(abs.string() + ":" + std::to_string(st.st_size) + ":" +
                                            std::to_string(st.st_mtim.tv_sec))
                                      .substr(0, 16);
    auto q =
        WriteQuarantine(repo_.data_dir(), abs, options_.remove_source, key, name, blob.status());
    if (!q.ok()) return q.status();
    IntakeOutcome out;
    out.quarantine_path = q->string();
    out.reason = blob.status();
    return out;
  }
  IntakeRequest req{*blob, name, unit, abs.string(), options_.publish, options_.remove_source};
  auto rec = repo_.RecordIntake(req);
  if (!rec.ok()) return rec.status();
  if (options_.remove_source) {
    if (::unlink(abs.c_str()) != 0 && errno != ENOENT) {
      return Status(ErrorCode::kIoError,
                    "remove " + abs.string() + " from the inbox: " + std::strerror(errno));
    }
    VANBAN_RETURN_IF_ERROR(SyncDirectory(abs.parent_path()));
    // Best effort: a stale flag only means a re-drop of the same bytes at the same path is
    // recognised as this job.
    (void)repo_.MarkSourceRemoved(rec->job_id);
  }
  IntakeOutcome out;
  out.job_id = rec->job_id;
  return out;
}

}  // namespace vanban
