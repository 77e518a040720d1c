#include "vanban/ingest/watcher.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "support/temp_dir.h"

namespace vanban {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using testing::TempDir;
using testing::WriteFile;

// Records what the watcher hands over.
class Collector {
 public:
  Watcher::Callback callback() {
    return [this](const fs::path& p, const std::string& unit) {
      std::lock_guard lock(mu_);
      taken_.emplace_back(p.filename().string(), unit);
      cv_.notify_all();
    };
  }
  bool WaitFor(size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return taken_.size() >= n; });
  }
  std::vector<std::pair<std::string, std::string>> taken() {
    std::lock_guard lock(mu_);
    return taken_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::pair<std::string, std::string>> taken_;
};

WatcherOptions Fast() {
  WatcherOptions o;
  o.stable_for = 300ms;
  o.poll = 50ms;
  o.rescan_every = 60s;
  return o;
}

TEST(Watcher, HandsOverAFileClosedAfterWritingWithItsUnit) {
  TempDir dir;
  fs::create_directories(dir.path() / "inbox" / "sotaichinh");
  Collector c;
  Watcher w(dir.path() / "inbox", Fast(), c.callback());
  ASSERT_TRUE(w.Start().ok());
  WriteFile(dir.path() / "inbox" / "sotaichinh" / "qd.pdf", "%PDF-1.4 ...");
  ASSERT_TRUE(c.WaitFor(1, 5s));
  EXPECT_EQ(c.taken()[0], std::make_pair(std::string("qd.pdf"), std::string("sotaichinh")));
  w.Stop();
}

TEST(Watcher, WaitsUntilAFileStillBeingWrittenIsClosed) {
  TempDir dir;
  fs::create_directories(dir.path() / "inbox" / "u");
  Collector c;
  Watcher w(dir.path() / "inbox", Fast(), c.callback());
  ASSERT_TRUE(w.Start().ok());
  fs::path p = dir.path() / "inbox" / "u" / "slow.pdf";
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  // Writes with pauses longer than stable_for: only "closed" may release the file.
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(::write(fd, "chunk", 5), 5);
    std::this_thread::sleep_for(500ms);
    EXPECT_TRUE(c.taken().empty()) << "taken while still open for writing";
  }
  ::close(fd);
  ASSERT_TRUE(c.WaitFor(1, 5s));
  EXPECT_EQ(fs::file_size(p), 20u);
  w.Stop();
}

TEST(Watcher, FindsFilesThatArrivedWhileItWasStopped) {
  TempDir dir;
  WriteFile(dir.path() / "inbox" / "vpubnd" / "a.pdf", "a");
  WriteFile(dir.path() / "inbox" / "vpubnd" / "b.pdf", "b");
  // Old enough to be stable already.
  for (auto* n : {"a.pdf", "b.pdf"}) {
    fs::last_write_time(dir.path() / "inbox" / "vpubnd" / n,
                        fs::file_time_type::clock::now() - 10s);
  }
  Collector c;
  Watcher w(dir.path() / "inbox", Fast(), c.callback());
  ASSERT_TRUE(w.Start().ok());
  ASSERT_TRUE(c.WaitFor(2, 5s));
  w.Stop();
}

TEST(Watcher, RescanFindsFilesWithoutInotify) {
  TempDir dir;
  fs::create_directories(dir.path() / "inbox" / "u");
  WatcherOptions o = Fast();
  o.use_inotify = false;
  o.rescan_every = 200ms;
  Collector c;
  Watcher w(dir.path() / "inbox", o, c.callback());
  ASSERT_TRUE(w.Start().ok());
  WriteFile(dir.path() / "inbox" / "u" / "x.pdf", "x");
  ASSERT_TRUE(c.WaitFor(1, 5s));
  w.Stop();
}

TEST(Watcher, TakesFilesMovedInAndNewUnitFolders) {
  TempDir dir;
  fs::create_directories(dir.path() / "inbox");
  Collector c;
  Watcher w(dir.path() / "inbox", Fast(), c.callback());
  ASSERT_TRUE(w.Start().ok());
  WriteFile(dir.path() / "staging" / "m.pdf", "moved");
  fs::last_write_time(dir.path() / "staging" / "m.pdf", fs::file_time_type::clock::now() - 10s);
  fs::create_directories(dir.path() / "inbox" / "xa-tan-cuong");
  std::this_thread::sleep_for(200ms);
  fs::rename(dir.path() / "staging" / "m.pdf", dir.path() / "inbox" / "xa-tan-cuong" / "m.pdf");
  ASSERT_TRUE(c.WaitFor(1, 5s));
  EXPECT_EQ(c.taken()[0].second, "xa-tan-cuong");
  w.Stop();
}

TEST(Watcher, SkipsHiddenAndPartialNames) {
  TempDir dir;
  fs::create_directories(dir.path() / "inbox" / "u");
  Collector c;
  Watcher w(dir.path() / "inbox", Fast(), c.callback());
  ASSERT_TRUE(w.Start().ok());
  WriteFile(dir.path() / "inbox" / "u" / ".hidden.pdf", "h");
  WriteFile(dir.path() / "inbox" / "u" / "upload.pdf.part", "p");
  WriteFile(dir.path() / "inbox" / "u" / "real.pdf", "r");
  ASSERT_TRUE(c.WaitFor(1, 5s));
  std::this_thread::sleep_for(700ms);
  ASSERT_EQ(c.taken().size(), 1u);
  EXPECT_EQ(c.taken()[0].first, "real.pdf");
  w.Stop();
}

TEST(Watcher, FileAtTheInboxRootBelongsToTheDefaultUnit) {
  TempDir dir;
  fs::create_directories(dir.path() / "inbox");
  Collector c;
  Watcher w(dir.path() / "inbox", Fast(), c.callback());
  ASSERT_TRUE(w.Start().ok());
  WriteFile(dir.path() / "inbox" / "root.pdf", "r");
  ASSERT_TRUE(c.WaitFor(1, 5s));
  EXPECT_EQ(c.taken()[0].second, "default");
  w.Stop();
}

}  // namespace
}  // namespace vanban

namespace vanban {
namespace {

TEST(Watcher, AFileFoundByScanIsNotTakenWhileAProcessHoldsItOpenForWriting) {
  TempDir dir;
  fs::create_directories(dir.path() / "inbox" / "u");
  fs::path p = dir.path() / "inbox" / "u" / "before-start.pdf";
  // Opened for writing before the watcher exists: no inotify event will ever mark it.
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "part", 4), 4);
  fs::last_write_time(p, fs::file_time_type::clock::now() - 10s);
  Collector c;
  WatcherOptions o = Fast();
  o.use_inotify = false;
  Watcher w(dir.path() / "inbox", o, c.callback());
  ASSERT_TRUE(w.Start().ok());
  std::this_thread::sleep_for(1s);
  EXPECT_TRUE(c.taken().empty());
  ::close(fd);
  ASSERT_TRUE(c.WaitFor(1, 5s));
  w.Stop();
}

}  // namespace
}  // namespace vanban
