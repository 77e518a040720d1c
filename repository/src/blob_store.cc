#include "vanban/repository/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>

namespace vanban {
namespace fs = std::filesystem;

namespace {

std::string ErrnoText(const std::string& what, const fs::path& p) {
  return what + " " + p.string() + ": " + std::strerror(errno);
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
  }
  void Update(const void* data, size_t n) { EVP_DigestUpdate(ctx_.get(), data, n); }
  std::string HexDigest() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_.get(), md, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(len * 2, '0');
    for (unsigned i = 0; i < len; ++i) {
      out[2 * i] = kHex[md[i] >> 4];
      out[2 * i + 1] = kHex[md[i] & 0xf];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

// Unique temporary name inside `dir` (process id + counter + random, never reused).
fs::path TempPath(const fs::path& dir) {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return dir / ("tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                std::to_string(rng() % 1000000007ULL));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_;
};

Status WriteAll(int fd, const char* data, size_t n, const fs::path& p) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoError, ErrnoText("write", p));
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes.data(), bytes.size());
  return h.HexDigest();
}

Status SyncDirectory(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return Status(ErrorCode::kIoError, ErrnoText("open directory", dir));
  if (::fsync(fd.get()) != 0) return Status(ErrorCode::kIoError, ErrnoText("fsync", dir));
  return Status::Ok();
}

Status WriteFileAtomically(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) return Status(ErrorCode::kIoError, ErrnoText("create", tmp));
    VANBAN_RETURN_IF_ERROR(WriteAll(fd.get(), bytes.data(), bytes.size(), tmp));
    if (::fsync(fd.get()) != 0) return Status(ErrorCode::kIoError, ErrnoText("fsync", tmp));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status(ErrorCode::kIoError, ErrnoText("rename", path));
  }
  return SyncDirectory(path.parent_path());
}

BlobStore::BlobStore(fs::path root) : root_(std::move(root)) {
  std::error_code ec;
  fs::create_directories(root_ / "tmp", ec);
  fs::create_directories(root_ / "sha256", ec);
}

bool BlobStore::IsValidSha256(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

fs::path BlobStore::PathFor(std::string_view sha256) const {
  std::string s(sha256);
  return root_ / "sha256" / s.substr(0, 2) / s;
}

bool BlobStore::Contains(std::string_view sha256) const {
  std::error_code ec;
  return IsValidSha256(sha256) && fs::is_regular_file(PathFor(sha256), ec);
}

Result<std::string> BlobStore::Read(std::string_view sha256) const {
  if (!IsValidSha256(sha256)) return Status(ErrorCode::kInvalidArgument, "not a sha256");
  fs::path p = PathFor(sha256);
  Fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return Status(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoError,
                  ErrnoText("open", p));
  }
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoError, ErrnoText("read", p));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

int BlobStore::RemoveStaleTemporaries() const {
  int removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root_ / "tmp", ec)) {
    // Names are "tmp-<pid>-<counter>-<random>" (TempPath).
    std::string name = e.path().filename().string();
    if (name.rfind("tmp-", 0) != 0) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + 4));
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      std::error_code rm;
      if (fs::remove(e.path(), rm)) ++removed;
    }
  }
  return removed;
}

Result<BlobInfo> BlobStore::Commit(const fs::path& tmp, const BlobInfo& info) const {
  fs::path dest = PathFor(info.sha256);
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  if (fs::exists(dest, ec)) {
    ::unlink(tmp.c_str());  // identical bytes are already stored
    return info;
  }
  if (::rename(tmp.c_str(), dest.c_str()) != 0) {
    Status st(ErrorCode::kIoError, ErrnoText("rename", dest));
    ::unlink(tmp.c_str());
    return st;
  }
  VANBAN_RETURN_IF_ERROR(SyncDirectory(dest.parent_path()));
  return info;
}

Result<BlobInfo> BlobStore::PutFile(const fs::path& src, int64_t max_size) const {
  Fd in(::open(src.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (in.get() < 0) {
    return Status(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoError,
                  ErrnoText("open", src));
  }
  struct stat st {};
  if (::fstat(in.get(), &st) != 0) return Status(ErrorCode::kIoError, ErrnoText("stat", src));
  if (!S_ISREG(st.st_mode)) return Status(ErrorCode::kInvalidArgument, "not a regular file");
  if (st.st_size > max_size) {
    return Status(ErrorCode::kTooLarge, "file is " + std::to_string(st.st_size) +
                                            " bytes, over the limit of " +
                                            std::to_string(max_size));
  }
  fs::path tmp = TempPath(root_ / "tmp");
  Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (out.get() < 0) return Status(ErrorCode::kIoError, ErrnoText("create", tmp));
  Sha256 h;
  int64_t total = 0;
  std::unique_ptr<char[]> buf(new char[1 << 20]);
  for (;;) {
    ssize_t n = ::read(in.get(), buf.get(), 1 << 20);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s(ErrorCode::kIoError, ErrnoText("read", src));
      ::unlink(tmp.c_str());
      return s;
    }
    if (n == 0) break;
    total += n;
    if (total > max_size) {
      ::unlink(tmp.c_str());
      return Status(ErrorCode::kTooLarge,
                    "file grew past the limit of " + std::to_string(max_size) + " bytes");
    }
    h.Update(buf.get(), static_cast<size_t>(n));
    if (Status s = WriteAll(out.get(), buf.get(), static_cast<size_t>(n), tmp); !s.ok()) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  if (::fsync(out.get()) != 0) {
    Status s(ErrorCode::kIoError, ErrnoText("fsync", tmp));
    ::unlink(tmp.c_str());
    return s;
  }
  ::close(out.release());
  return Commit(tmp, BlobInfo{h.HexDigest(), total});
}

Result<BlobInfo> BlobStore::PutBytes(std::string_view bytes) const {
  fs::path tmp = TempPath(root_ / "tmp");
  {
    Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (out.get() < 0) return Status(ErrorCode::kIoError, ErrnoText("create", tmp));
    if (Status s = WriteAll(out.get(), bytes.data(), bytes.size(), tmp); !s.ok()) {
      ::unlink(tmp.c_str());
      return s;
    }
    if (::fsync(out.get()) != 0) {
      Status s(ErrorCode::kIoError, ErrnoText("fsync", tmp));
      ::unlink(tmp.c_str());
      return s;
    }
  }
  return Commit(tmp, BlobInfo{Sha256Hex(bytes), static_cast<int64_t>(bytes.size())});
}

}  // namespace vanban
