// The LibreOffice pool under faults, with real soffice processes: killed or hung mid-conversion,
// recycled, shut down; and the inputs that must be refused before LibreOffice sees them.
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/fixtures.h"
#include "support/office_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/office_pool.h"
#include "vanban/convert/sniff.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::OfficeFormat;
using testing::TempDir;

// The biggest fixture (18 pages): its conversion lasts long enough to be interrupted.
constexpr const char* kLongDoc = "qd-01-2026-thai-nguyen-cong-thong-tin";
constexpr const char* kShortDoc = "cv-4240-ubnd-vx-tphcm";

// soffice.bin processes whose parent is this test process.
std::set<pid_t> OfficeChildren() {
  std::set<pid_t> out;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::string(e->d_name) + "/stat");
    std::string line;
    std::getline(stat, line);
    size_t close = line.rfind(')');
    if (close == std::string::npos || line.find("(soffice.bin)") == std::string::npos) continue;
    // "pid (comm) state ppid ..."
    pid_t ppid = static_cast<pid_t>(std::atoi(line.c_str() + close + 4));
    if (ppid == ::getpid()) out.insert(pid);
  }
  ::closedir(d);
  return out;
}

bool Alive(pid_t pid) {
  // A reaped process is gone; a zombie would still be reported by kill(pid, 0).
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t close = line.rfind(')');
  return close != std::string::npos && line.size() > close + 2 && line[close + 2] != 'Z';
}

class OfficePoolTest : public ::testing::Test {
 protected:
  std::shared_ptr<OfficePool> MakePool(OfficePoolOptions o) {
    o.runtime_dir = runtime_.path();
    return std::make_shared<OfficePool>(o);
  }

  static Result<ExtractedText> Extract(const TextExtractor& e, const fs::path& path,
                                       const ExtractOptions& options = {}) {
    auto sniff = Sniff(path);
    if (!sniff.ok()) return sniff.status();
    return e.Extract(path, *sniff, options);
  }

  static Result<fs::path> Docx(const char* name) {
    return testing::OfficeDoc(name, OfficeFormat::kDocx);
  }

  // Waits until slot 0 is busy with a conversion; returns its pid (0 on timeout).
  static pid_t WaitBusy(const OfficePool& pool, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      for (const OfficeProcessInfo& p : pool.Processes()) {
        if (p.state == OfficeProcessState::kBusy && p.pid != 0) return p.pid;
      }
      std::this_thread::sleep_for(1ms);
    }
    return 0;
  }

  static pid_t WaitIdle(const OfficePool& pool, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      for (const OfficeProcessInfo& p : pool.Processes()) {
        if (p.state == OfficeProcessState::kIdle && p.pid != 0) return p.pid;
      }
      std::this_thread::sleep_for(10ms);
    }
    return 0;
  }

  TempDir runtime_{"vanban-office-pool"};
};

TEST_F(OfficePoolTest, ConstructionReturnsAtOnceAndAConversionWaitsForTheStart) {
  auto docx = Docx(kShortDoc);
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  OfficePoolOptions o;
  o.start_now = true;
  auto t0 = Clock::now();
  auto pool = MakePool(o);
  EXPECT_LT(Clock::now() - t0, 200ms) << "constructing the pool blocked";
  auto extractor = NewOfficeExtractor(pool);
  // Asked at once, while soffice.bin is still starting: it waits and succeeds.
  ASSERT_NE(pool->Processes()[0].state, OfficeProcessState::kIdle);
  auto r = Extract(*extractor, *docx);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("Số: 4240/UBND-VX"), std::string::npos);
  EXPECT_EQ(pool->Stats().started, 1);
  EXPECT_NE(pool->Version().find("LibreOffice 7."), std::string::npos) << pool->Version();
}

TEST_F(OfficePoolTest, ProcessesStartOnlyWhenNeeded) {
  auto pool = MakePool({});
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(pool->Processes()[0].generation, 0);
  EXPECT_TRUE(OfficeChildren().empty());
}

TEST_F(OfficePoolTest, KilledOfficeFailsTheConversionTransientlyAndIsReplaced) {
  auto long_docx = Docx(kLongDoc);
  auto short_docx = Docx(kShortDoc);
  ASSERT_TRUE(long_docx.ok() && short_docx.ok());
  auto pool = MakePool({});
  auto extractor = NewOfficeExtractor(pool);
  ASSERT_TRUE(Extract(*extractor, *short_docx).ok());  // warm

  TempDir work;
  ExtractOptions o;
  o.work_dir = work.path();
  Result<ExtractedText> r = Status(ErrorCode::kInternal, "not run");
  std::thread worker([&] { r = Extract(*extractor, *long_docx, o); });
  pid_t victim = WaitBusy(*pool, 10s);
  ASSERT_NE(victim, 0);
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  worker.join();
  ASSERT_FALSE(r.ok()) << "the conversion survived its office being killed";
  EXPECT_EQ(r.status().code(), ErrorCode::kTransient) << r.status().ToString();
  EXPECT_TRUE(IsTransient(r.status().code()));

  auto next = Extract(*extractor, *short_docx);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  pid_t now = pool->Processes()[0].pid;
  EXPECT_NE(now, victim);
  EXPECT_FALSE(Alive(victim));
  EXPECT_EQ(pool->Stats().failed, 1);
  EXPECT_EQ(pool->Stats().started, 2);
}

TEST_F(OfficePoolTest, HungOfficeIsKilledAtTheDeadlineAndReplaced) {
  auto long_docx = Docx(kLongDoc);
  auto short_docx = Docx(kShortDoc);
  ASSERT_TRUE(long_docx.ok() && short_docx.ok());
  OfficePoolOptions opts;
  opts.conversion_timeout = 3s;
  auto pool = MakePool(opts);
  auto extractor = NewOfficeExtractor(pool);
  ASSERT_TRUE(Extract(*extractor, *short_docx).ok());  // warm

  TempDir work;
  ExtractOptions o;
  o.work_dir = work.path();
  Result<ExtractedText> r = Status(ErrorCode::kInternal, "not run");
  auto started = Clock::now();
  std::thread worker([&] { r = Extract(*extractor, *long_docx, o); });
  pid_t victim = WaitBusy(*pool, 10s);
  ASSERT_NE(victim, 0);
  ASSERT_EQ(::kill(victim, SIGSTOP), 0);  // hangs like a spinning office, mid-call
  worker.join();
  auto took = Clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTimeout) << r.status().ToString();
  EXPECT_GE(took, 2900ms);
  EXPECT_LT(took, 10s) << "the blocked UNO call was not released at the deadline";
  EXPECT_EQ(pool->Stats().timed_out, 1);

  auto next = Extract(*extractor, *short_docx);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_NE(pool->Processes()[0].pid, victim);
  EXPECT_FALSE(Alive(victim)) << "the stopped office was left behind";
}

TEST_F(OfficePoolTest, ProcessIsRecycledAfterItsQuota) {
  auto docx = Docx(kShortDoc);
  ASSERT_TRUE(docx.ok());
  OfficePoolOptions o;
  o.recycle_after = 2;
  auto pool = MakePool(o);
  auto extractor = NewOfficeExtractor(pool);
  std::vector<pid_t> pids;
  for (int i = 0; i < 3; ++i) {
    auto r = Extract(*extractor, *docx);
    ASSERT_TRUE(r.ok()) << i << ": " << r.status().ToString();
    pids.push_back(WaitIdle(*pool, 30s));
  }
  EXPECT_EQ(pool->Stats().recycled, 1);
  EXPECT_EQ(pool->Stats().failed, 0);
  // After two conversions the first process was retired; the third ran on a new one.
  EXPECT_NE(pids[1], 0);
  EXPECT_NE(pids[2], pids[0]);
  EXPECT_FALSE(Alive(pids[0]));
  EXPECT_EQ(pool->Stats().started, 2);
}

TEST_F(OfficePoolTest, NoOfficeRemainsAfterThePoolIsDestroyed) {
  auto docx = Docx(kShortDoc);
  ASSERT_TRUE(docx.ok());
  std::vector<pid_t> pids;
  {
    OfficePoolOptions o;
    o.processes = 2;
    o.start_now = true;
    auto pool = MakePool(o);
    auto extractor = NewOfficeExtractor(pool);
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] {
        if (Extract(*extractor, *docx).ok()) ++ok;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 4);
    for (const auto& p : pool->Processes()) {
      EXPECT_NE(p.pid, 0);
      pids.push_back(p.pid);
    }
    EXPECT_EQ(OfficeChildren().size(), 2u);
  }
  for (pid_t pid : pids) EXPECT_FALSE(Alive(pid)) << pid;
  EXPECT_TRUE(OfficeChildren().empty());
}

size_t CountEntries(const char* dir) {
  size_t n = 0;
  DIR* d = ::opendir(dir);
  if (d == nullptr) return 0;
  while (dirent* e = ::readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  ::closedir(d);
  return n;
}

// Every replaced process takes its bridge, its threads and its descriptors with it.
TEST_F(OfficePoolTest, ReplacingProcessesLeaksNoThreadsOrDescriptors) {
  auto docx = Docx(kShortDoc);
  ASSERT_TRUE(docx.ok());
  OfficePoolOptions o;
  o.recycle_after = 1;
  auto pool = MakePool(o);
  auto extractor = NewOfficeExtractor(pool);
  ASSERT_TRUE(Extract(*extractor, *docx).ok());
  ASSERT_NE(WaitIdle(*pool, 30s), 0);
  const size_t fds = CountEntries("/proc/self/fd");
  const size_t threads = CountEntries("/proc/self/task");
  for (int i = 0; i < 5; ++i) {
    auto r = Extract(*extractor, *docx);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_NE(WaitIdle(*pool, 30s), 0);
  }
  EXPECT_EQ(pool->Stats().recycled, 6);
  EXPECT_LE(CountEntries("/proc/self/fd"), fds + 1);
  EXPECT_LE(CountEntries("/proc/self/task"), threads + 1);
  EXPECT_EQ(OfficeChildren().size(), 1u);
}

TEST_F(OfficePoolTest, ZipBombIsRefusedBeforeLibreOfficeSeesIt) {
  auto bomb = testing::ZipBombDocx();
  ASSERT_TRUE(bomb.ok()) << bomb.status().ToString();
  EXPECT_LT(fs::file_size(*bomb), 4u << 20);
  auto pool = MakePool({});
  auto extractor = NewOfficeExtractor(pool);
  auto t0 = Clock::now();
  auto r = Extract(*extractor, *bomb);
  EXPECT_LT(Clock::now() - t0, 2s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTooLarge) << r.status().ToString();
  EXPECT_EQ(pool->Processes()[0].generation, 0) << "LibreOffice was started for a ZIP bomb";
  EXPECT_TRUE(OfficeChildren().empty());
}

TEST_F(OfficePoolTest, PasswordProtectedDocumentsAreEncrypted) {
  auto docx = testing::PasswordDocx();
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  auto doc = testing::PasswordDoc();
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto pool = MakePool({});
  auto extractor = NewOfficeExtractor(pool);
  for (const fs::path& p : {*docx, *doc}) {
    auto sniff = Sniff(p);
    ASSERT_TRUE(sniff.ok());
    EXPECT_GT(extractor->Score(*sniff), 0) << sniff->media_type << " / " << sniff->description;
    auto r = Extract(*extractor, p);
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.status().code(), ErrorCode::kEncrypted) << p << ": " << r.status().ToString();
  }
  // Both were recognised from their containers: no office was needed.
  EXPECT_EQ(pool->Processes()[0].generation, 0);
}

TEST_F(OfficePoolTest, CorruptDocxIsCorrupt) {
  auto truncated = testing::TruncatedDocx();
  auto flipped = testing::CorruptDocx();
  auto broken_xml = testing::BrokenXmlDocx();
  ASSERT_TRUE(truncated.ok()) << truncated.status().ToString();
  ASSERT_TRUE(flipped.ok()) << flipped.status().ToString();
  ASSERT_TRUE(broken_xml.ok()) << broken_xml.status().ToString();
  auto pool = MakePool({});
  auto extractor = NewOfficeExtractor(pool);
  for (const fs::path& p : {*truncated, *flipped, *broken_xml}) {
    auto r = Extract(*extractor, p);
    ASSERT_FALSE(r.ok()) << p << " passed as a document:\n" << r->text.substr(0, 200);
    EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt) << p << ": " << r.status().ToString();
  }
  // The broken XML is a well-formed package: only LibreOffice could tell, and said so.
  auto r = Extract(*extractor, *broken_xml);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("LibreOffice"), std::string::npos) << r.status().ToString();
  // A document LibreOffice refuses does not cost its process.
  EXPECT_EQ(pool->Stats().failed, 0);
  auto good = Docx(kShortDoc);
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(Extract(*extractor, *good).ok());
}

TEST_F(OfficePoolTest, MissingSofficeIsATransientErrorAtOnce) {
  OfficePoolOptions o;
  o.soffice_bin = "/nonexistent/soffice.bin";
  auto pool = MakePool(o);
  auto extractor = NewOfficeExtractor(pool);
  auto docx = Docx(kShortDoc);
  ASSERT_TRUE(docx.ok());
  auto t0 = Clock::now();
  auto r = Extract(*extractor, *docx);
  EXPECT_LT(Clock::now() - t0, 5s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTransient) << r.status().ToString();
}

TEST_F(OfficePoolTest, ShutdownFailsLaterConversionsTransiently) {
  auto docx = Docx(kShortDoc);
  ASSERT_TRUE(docx.ok());
  auto pool = MakePool({});
  auto extractor = NewOfficeExtractor(pool);
  ASSERT_TRUE(Extract(*extractor, *docx).ok());
  pool->Shutdown();
  EXPECT_TRUE(OfficeChildren().empty());
  auto r = Extract(*extractor, *docx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTransient);
}

// A pool left to static destruction (a function-static registry, as several test files
// keep) must not crash the exiting process: its UNO proxies would be released after the C++
// UNO bridge library has torn down their vtables, unless the pool shut down earlier, at exit.
void ConvertWithAStaticPoolAndExit(const fs::path& docx) {
  static std::shared_ptr<OfficePool> pool = std::make_shared<OfficePool>(OfficePoolOptions{});
  static std::unique_ptr<TextExtractor> extractor = NewOfficeExtractor(pool);
  auto sniff = Sniff(docx);
  bool ok = sniff.ok() && extractor->Extract(docx, *sniff, ExtractOptions{}).ok();
  std::exit(ok ? 0 : 3);
}

TEST(OfficePoolDeathTest, PoolLeftToStaticDestructionExitsCleanly) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto docx = testing::OfficeDoc(kShortDoc, OfficeFormat::kDocx);
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  EXPECT_EXIT(ConvertWithAStaticPoolAndExit(*docx), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace vanban
