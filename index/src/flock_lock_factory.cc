#include "flock_lock_factory.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lucene_util.h"

namespace vanban::index_internal {
namespace {

// Opens the lock file; -1 with errno on failure.
int OpenLockFile(const std::filesystem::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// flock(LOCK_EX | LOCK_NB): 1 locked, 0 held elsewhere, -1 error (errno set).
int TryLock(int fd) {
  int r;
  do {
    r = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return 1;
  return errno == EWOULDBLOCK ? 0 : -1;
}

[[noreturn]] void ThrowIo(const std::filesystem::path& path, const char* what, int err) {
  boost::throw_exception(Lucene::IOException(
      ToLucene(std::string(what) + " " + path.string() + ": " + std::strerror(err))));
}

}  // namespace

FlockLock::FlockLock(std::filesystem::path path) : path_(std::move(path)) {}

FlockLock::~FlockLock() { release(); }

bool FlockLock::obtain() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ >= 0) return false;
  int fd = OpenLockFile(path_);
  if (fd < 0) ThrowIo(path_, "cannot open lock file", errno);
  int r = TryLock(fd);
  if (r == 1) {
    fd_ = fd;
    return true;
  }
  int err = errno;
  ::close(fd);
  if (r < 0) ThrowIo(path_, "cannot lock", err);
  return false;
}

void FlockLock::release() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ < 0) return;
  // Closing the only descriptor of the open file description releases the lock.
  ::close(fd_);
  fd_ = -1;
}

bool FlockLock::isLocked() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fd_ >= 0) return true;
  }
  int fd = OpenLockFile(path_);
  if (fd < 0) return false;
  int r = TryLock(fd);
  ::close(fd);
  return r == 0;
}

Lucene::String FlockLock::toString() { return L"FlockLock@" + ToLucene(path_.string()); }

FlockLockFactory::FlockLockFactory(std::filesystem::path dir) : dir_(std::move(dir)) {}

FlockLockFactory::~FlockLockFactory() = default;

Lucene::LockPtr FlockLockFactory::makeLock(const Lucene::String& lock_name) {
  return Lucene::newLucene<FlockLock>(dir_ / FromLuceneUtf8(lock_name));
}

void FlockLockFactory::clearLock(const Lucene::String&) {}

}  // namespace vanban::index_internal
