#include "schema_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace vanban::index_internal {
namespace {

Status IoError(const std::string& what, const std::filesystem::path& p, int err) {
  return Status(ErrorCode::kIoError, what + " " + p.string() + ": " + std::strerror(err));
}

Status WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status(ErrorCode::kIoError, std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<int>> ReadSchemaVersion(const std::filesystem::path& dir) {
  const std::filesystem::path p = dir / kSchemaFileName;
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(p, ec) && !ec) return std::optional<int>();
    return IoError("cannot read", p, errno);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("schema_version") || !j["schema_version"].is_number_integer()) {
    return Status(ErrorCode::kCorrupt, p.string() + " does not hold {\"schema_version\": N}");
  }
  return std::optional<int>(j["schema_version"].get<int>());
}

Status WriteSchemaVersion(const std::filesystem::path& dir, int version) {
  const std::filesystem::path p = dir / kSchemaFileName;
  const std::filesystem::path tmp = dir / (std::string(kSchemaFileName) + ".tmp");
  const std::string bytes = nlohmann::json{{"schema_version", version}}.dump() + "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create", tmp, errno);
  Status st = WriteAll(fd, bytes);
  if (st.ok() && ::fsync(fd) != 0) st = Status(ErrorCode::kIoError, std::strerror(errno));
  ::close(fd);
  if (!st.ok())
    return Status(ErrorCode::kIoError, "cannot write " + tmp.string() + ": " + st.message());
  if (::rename(tmp.c_str(), p.c_str()) != 0) return IoError("cannot rename to", p, errno);
  // Make the rename itself durable.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace vanban::index_internal
