// Lucene++ locks held with flock(2), so that the kernel releases them when the holder dies.
//
// Why not Lucene++'s NativeFSLockFactory (the FSDirectory default): in 3.0.8 it takes a POSIX
// fcntl lock through boost::interprocess::file_lock while an std::ofstream on the same file is
// open, and closing that stream drops every fcntl lock the process holds on the file — the
// lock is gone before obtain() returns. Two processes could then both open an IndexWriter and
// corrupt the index. A flock lock belongs to the open file description: it excludes other
// descriptors in this process as well as other processes, and it ends with the process.
//
// The lock file (write.lock in the index directory) is never deleted: removing it while
// another process has it open would let two holders lock two different files. Its presence
// means nothing; only the kernel lock does. A child forked while the lock is held shares the
// descriptor and keeps the lock alive until it exits (the descriptor is O_CLOEXEC, so an exec
// releases it). The index directory must be on a local file system.
#pragma once

// Lucene++'s other headers rely on what LuceneHeaders.h declares: keep it first.
#include <LuceneHeaders.h>

#include <Lock.h>
#include <LockFactory.h>

#include <filesystem>
#include <mutex>

namespace vanban::index_internal {

class FlockLock : public Lucene::Lock {
 public:
  explicit FlockLock(std::filesystem::path path);
  ~FlockLock() override;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(FlockLock);

  // Never blocks: false if another descriptor holds the lock (or this one already does).
  // Throws Lucene::IOException if the lock file cannot be opened.
  bool obtain() override;
  using Lucene::Lock::obtain;
  void release() override;
  bool isLocked() override;
  Lucene::String toString() override;

 private:
  const std::filesystem::path path_;
  std::mutex mu_;
  int fd_ = -1;  // open and locked while held
};

class FlockLockFactory : public Lucene::LockFactory {
 public:
  explicit FlockLockFactory(std::filesystem::path dir);
  ~FlockLockFactory() override;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(FlockLockFactory);

  // Lock files live in `dir` under their plain name: the lock prefix Directory sets is for
  // lock directories shared between indexes, which this one is not.
  Lucene::LockPtr makeLock(const Lucene::String& lock_name) override;
  // A flock cannot be stale, so there is nothing to clear.
  void clearLock(const Lucene::String& lock_name) override;

 private:
  const std::filesystem::path dir_;
};

}  // namespace vanban::index_internal
