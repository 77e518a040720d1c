// SearchIndex across instances and processes: visibility of changes, the write lock, and the
// schema version check.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "index/index_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/index/search_index.h"

namespace vanban {
namespace {

using namespace std::chrono_literals;
using testing::BodyEntry;
using testing::Eventually;
using testing::ReadFile;
using testing::SearchOrDie;
using testing::TempDir;
using testing::WriteFile;

std::unique_ptr<SearchIndex> Writer(const std::filesystem::path& dir,
                                    bool* needs_rebuild = nullptr) {
  auto w = SearchIndex::OpenWriter(dir, needs_rebuild);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return w.ok() ? std::move(w).value() : nullptr;
}

std::unique_ptr<SearchIndex> Reader(const std::filesystem::path& dir) {
  auto r = SearchIndex::OpenReader(dir);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

int64_t Total(SearchIndex& index, const std::string& q) { return SearchOrDie(index, q).total; }

TEST(SearchIndexVisibility, WriterSeesItsOwnUncommittedChanges) {
  TempDir tmp;
  auto w = Writer(tmp / "index");
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->Upsert(BodyEntry(1, "chưa commit nrtword")).ok());
  EXPECT_TRUE(Eventually([&] { return Total(*w, "nrtword") == 1; }));
  EXPECT_TRUE(Eventually([&] { return *w->DocCount() == 1; }));
  ASSERT_TRUE(w->Remove(1).ok());
  EXPECT_TRUE(Eventually([&] { return Total(*w, "nrtword") == 0; }));
}

TEST(SearchIndexVisibility, CommitIsVisibleInTheWriterAtOnce) {
  TempDir tmp;
  auto w = Writer(tmp / "index");
  ASSERT_TRUE(w);
  EXPECT_EQ(Total(*w, "firstword"), 0);  // the writer now holds a fresh snapshot
  ASSERT_TRUE(w->Upsert(BodyEntry(1, "firstword")).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(Total(*w, "firstword"), 1);
}

TEST(SearchIndexVisibility, ReaderSeesACommitWithinTwoSeconds) {
  TempDir tmp;
  auto w = Writer(tmp / "index");
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->Upsert(BodyEntry(1, "oldword")).ok());
  ASSERT_TRUE(w->Commit().ok());
  auto r = Reader(tmp / "index");
  ASSERT_TRUE(r);
  EXPECT_EQ(Total(*r, "oldword"), 1);

  ASSERT_TRUE(w->Upsert(BodyEntry(2, "newword")).ok());
  // Not committed: another instance must not see it.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(Total(*r, "newword"), 0);

  const auto committed_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(Eventually([&] { return Total(*r, "newword") == 1; }, 2000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - committed_at, 2s);
  EXPECT_EQ(*r->DocCount(), 2);
}

TEST(SearchIndexVisibility, ReaderOfAMissingIndexIsEmptyThenSeesItAppear) {
  TempDir tmp;
  auto r = Reader(tmp / "not-yet");
  ASSERT_TRUE(r);
  EXPECT_EQ(Total(*r, "anything"), 0);
  EXPECT_EQ(*r->DocCount(), 0);

  auto w = Writer(tmp / "not-yet");
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->Upsert(BodyEntry(1, "appeared")).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(Eventually([&] { return Total(*r, "appeared") == 1; }, 2000ms));
}

TEST(SearchIndexVisibility, ReaderRejectsWrites) {
  TempDir tmp;
  Writer(tmp / "index").reset();
  auto r = Reader(tmp / "index");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Upsert(BodyEntry(1, "x")).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r->Remove(1).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r->Clear().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r->Commit().code(), ErrorCode::kInvalidArgument);
}

TEST(SearchIndexLock, SecondWriterInTheSameProcessIsBusy) {
  TempDir tmp;
  auto w = Writer(tmp / "index");
  ASSERT_TRUE(w);
  auto second = SearchIndex::OpenWriter(tmp / "index");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kBusy) << second.status().ToString();
  // Readers are never blocked by the writer.
  EXPECT_TRUE(Reader(tmp / "index"));
  w.reset();
  EXPECT_TRUE(Writer(tmp / "index"));
}

// A forked child that opens the writer, commits one document, upserts a second without
// committing, reports on a pipe and waits to be killed. Killed at destruction, so a failed
// assertion cannot leave it running.
class ChildHoldingWriter {
 public:
  explicit ChildHoldingWriter(const std::filesystem::path& dir) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      close(fds[0]);
      char status = 'F';
      auto w = SearchIndex::OpenWriter(dir);
      if (w.ok() && (*w)->Upsert(BodyEntry(1, "committedword")).ok() && (*w)->Commit().ok() &&
          (*w)->Upsert(BodyEntry(2, "uncommittedword")).ok()) {
        status = 'R';
      }
      if (write(fds[1], &status, 1) != 1) _exit(3);
      for (;;) pause();
    }
    close(fds[1]);
    char status = 0;
    pollfd pfd{fds[0], POLLIN, 0};
    ready_ =
        pid_ > 0 && poll(&pfd, 1, 20000) == 1 && read(fds[0], &status, 1) == 1 && status == 'R';
    close(fds[0]);
  }
  ~ChildHoldingWriter() { Kill(); }

  bool ready() const { return ready_; }
  // SIGKILLs the child and reaps it; true if it died of that signal.
  bool Kill() {
    if (pid_ <= 0) return false;
    kill(pid_, SIGKILL);
    int wstatus = 0;
    pid_t r = waitpid(pid_, &wstatus, 0);
    pid_ = -1;
    return r > 0 && WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL;
  }

 private:
  pid_t pid_ = -1;
  bool ready_ = false;
};

TEST(SearchIndexLock, WriterInAnotherProcessIsBusyAndItsLockDiesWithIt) {
  TempDir tmp;
  const auto dir = tmp / "index";
  ChildHoldingWriter child(dir);
  ASSERT_TRUE(child.ready()) << "the child could not open the writer";

  auto busy = SearchIndex::OpenWriter(dir);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.status().code(), ErrorCode::kBusy) << busy.status().ToString();

  ASSERT_TRUE(child.Kill());
  // The lock file outlives the process; the lock does not.
  EXPECT_TRUE(std::filesystem::exists(dir / "write.lock"));

  bool needs_rebuild = true;
  auto w = Writer(dir, &needs_rebuild);
  ASSERT_TRUE(w);
  EXPECT_FALSE(needs_rebuild);
  EXPECT_EQ(*w->DocCount(), 1);
  EXPECT_EQ(Total(*w, "committedword"), 1);
  EXPECT_EQ(Total(*w, "uncommittedword"), 0);
}

TEST(SearchIndexSchema, NewIndexNeedsRebuildAndRecordsItsVersion) {
  TempDir tmp;
  bool needs_rebuild = false;
  auto w = Writer(tmp / "index", &needs_rebuild);
  ASSERT_TRUE(w);
  EXPECT_TRUE(needs_rebuild);
  EXPECT_EQ(ReadFile(tmp / "index" / "vanban-index.json"),
            "{\"schema_version\":" + std::to_string(IndexSchemaVersion()) + "}\n");
  ASSERT_TRUE(w->Upsert(BodyEntry(1, "keepme")).ok());
  w.reset();  // closing commits

  auto again = Writer(tmp / "index", &needs_rebuild);
  ASSERT_TRUE(again);
  EXPECT_FALSE(needs_rebuild);
  EXPECT_EQ(*again->DocCount(), 1);
}

TEST(SearchIndexSchema, OtherVersionIsRefusedByReaderAndWipedByWriter) {
  TempDir tmp;
  const auto dir = tmp / "index";
  {
    auto w = Writer(dir);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->Upsert(BodyEntry(1, "oldschema")).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  WriteFile(dir / "vanban-index.json", "{\"schema_version\": 999}");

  auto r = SearchIndex::OpenReader(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnsupportedFormat);
  EXPECT_NE(
      r.status().message().find("index schema version 999, this program expects " +
                                std::to_string(IndexSchemaVersion()) + ": run `vanban reindex`"),
      std::string::npos)
      << r.status().ToString();

  bool needs_rebuild = false;
  auto w = Writer(dir, &needs_rebuild);
  ASSERT_TRUE(w);
  EXPECT_TRUE(needs_rebuild);
  EXPECT_EQ(*w->DocCount(), 0);
  EXPECT_EQ(Total(*w, "oldschema"), 0);
  EXPECT_TRUE(Reader(dir));
}

TEST(SearchIndexSchema, IndexWithoutSchemaFileIsRebuilt) {
  TempDir tmp;
  const auto dir = tmp / "index";
  {
    auto w = Writer(dir);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->Upsert(BodyEntry(1, "unversioned")).ok());
  }
  std::filesystem::remove(dir / "vanban-index.json");
  bool needs_rebuild = false;
  auto w = Writer(dir, &needs_rebuild);
  ASSERT_TRUE(w);
  EXPECT_TRUE(needs_rebuild);
  EXPECT_EQ(*w->DocCount(), 0);
}

TEST(SearchIndexSchema, UnreadableSchemaFileIsRefusedByReaderAndRebuiltByWriter) {
  TempDir tmp;
  const auto dir = tmp / "index";
  Writer(dir).reset();
  WriteFile(dir / "vanban-index.json", "not json");
  auto r = SearchIndex::OpenReader(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
  bool needs_rebuild = false;
  EXPECT_TRUE(Writer(dir, &needs_rebuild));
  EXPECT_TRUE(needs_rebuild);
}

TEST(SearchIndexSchema, DamagedIndexFilesAreRecreatedByWriter) {
  TempDir tmp;
  const auto dir = tmp / "index";
  {
    auto w = Writer(dir);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->Upsert(BodyEntry(1, "damaged")).ok());
  }
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.path().filename().string().rfind("segments_", 0) == 0) WriteFile(f.path(), "garbage");
  }
  bool needs_rebuild = false;
  auto w = Writer(dir, &needs_rebuild);
  ASSERT_TRUE(w);
  EXPECT_TRUE(needs_rebuild);
  EXPECT_EQ(*w->DocCount(), 0);
}

TEST(SearchIndexOpen, WriterReportsAnUnusableDirectory) {
  TempDir tmp;
  WriteFile(tmp / "file", "x");
  auto w = SearchIndex::OpenWriter(tmp / "file" / "index");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kIoError) << w.status().ToString();
}

}  // namespace
}  // namespace vanban
