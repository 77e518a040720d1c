#include "vanban/ingest/intake.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/temp_dir.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

class IntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = Repository::Open(dir_.path() / "data");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    repo_ = std::move(r).value();
    inbox_ = dir_.path() / "data" / "inbox" / "vpubnd";
    fs::create_directories(inbox_);
  }
  TempDir dir_;
  std::unique_ptr<Repository> repo_;
  fs::path inbox_;
};

TEST_F(IntakeTest, StoresTheBytesRecordsAJobAndOnlyThenEmptiesTheInbox) {
  WriteFile(inbox_ / "qd-01.pdf", "%PDF-1.7 body");
  Intake intake(*repo_, IntakeOptions{});
  auto out = intake.Take(inbox_ / "qd-01.pdf", "vpubnd");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_GT(out->job_id, 0);
  EXPECT_FALSE(fs::exists(inbox_ / "qd-01.pdf"));
  auto job = repo_->GetJob(out->job_id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, JobState::kPending);
  EXPECT_EQ(job->name, "qd-01.pdf");
  EXPECT_EQ(job->unit, "vpubnd");
  EXPECT_EQ(*repo_->blobs().Read(job->sha256), "%PDF-1.7 body");
}

TEST_F(IntakeTest, AFileLeftInTheInboxAfterACrashIsNotRecordedTwice) {
  WriteFile(inbox_ / "a.pdf", "%PDF a");
  // First run: the bytes were stored and the job recorded, then the process died before it
  // removed the file from the inbox.
  auto blob = repo_->blobs().PutFile(inbox_ / "a.pdf", 1 << 20);
  ASSERT_TRUE(blob.ok());
  auto first = repo_->RecordIntake({*blob, "a.pdf", "vpubnd", (inbox_ / "a.pdf").string(), false});
  ASSERT_TRUE(first.ok());
  // Restart: the rescan offers the same file again.
  auto second = Intake(*repo_, IntakeOptions{}).Take(inbox_ / "a.pdf", "vpubnd");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->job_id, first->job_id);
  EXPECT_FALSE(fs::exists(inbox_ / "a.pdf"));
  EXPECT_EQ(*repo_->CountUnfinishedJobs(JobKind::kExtract), 1);
}

TEST_F(IntakeTest, TooLargeFileGoesToQuarantineWithAMachineReadableReason) {
  WriteFile(inbox_ / "huge.pdf", std::string(4096, 'x'));
  IntakeOptions o;
  o.max_file_size = 1024;
  auto out = Intake(*repo_, o).Take(inbox_ / "huge.pdf", "vpubnd");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->job_id, 0);
  EXPECT_EQ(out->reason.code(), ErrorCode::kTooLarge);
  EXPECT_FALSE(fs::exists(inbox_ / "huge.pdf"));
  ASSERT_TRUE(fs::exists(out->quarantine_path));
  EXPECT_EQ(fs::file_size(out->quarantine_path), 4096u);
  auto reason = nlohmann::json::parse(ReadFile(out->quarantine_path + ".reason.json"));
  EXPECT_EQ(reason["code"], "too_large");
  EXPECT_EQ(reason["file"], "huge.pdf");
  EXPECT_FALSE(reason["message"].get<std::string>().empty());
}

TEST_F(IntakeTest, NonUtf8FileNameIsRepairedNotLost) {
  // "Quyết định.pdf" as a legacy Windows tool wrote it: Latin-1 bytes, not UTF-8.
  std::string raw =
      "Quy\xea"
      "t \xf0inh.pdf";
  WriteFile(inbox_ / raw, "%PDF x");
  auto out = Intake(*repo_, IntakeOptions{}).Take(inbox_ / raw, "vpubnd");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  auto job = repo_->GetJob(out->job_id);
  ASSERT_TRUE(job.ok());
  EXPECT_TRUE(IsValidUtf8(job->name));
  EXPECT_EQ(job->name, "Quyêt ðinh.pdf");
}

TEST_F(IntakeTest, QuarantineNamesCannotEscapeTheQuarantineFolder) {
  WriteFile(dir_.path() / "src.bin", "x");
  auto q = WriteQuarantine(dir_.path() / "data", dir_.path() / "src.bin", false, "job-1",
                           "../../etc/passwd", Status(ErrorCode::kCorrupt, "bad"));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->parent_path(), dir_.path() / "data" / "quarantine");
  EXPECT_TRUE(fs::exists(dir_.path() / "src.bin"));  // copied, not moved
}

}  // namespace
}  // namespace vanban

namespace vanban {
namespace {

TEST_F(IntakeTest, TakingAFileThatStaysWhereItIsTwiceMakesTwoJobs) {
  // `vanban ingest FILE` leaves the file alone: running it again is a new intake, which the
  // pipeline then reports as a duplicate.
  WriteFile(dir_.path() / "a.pdf", "%PDF a");
  IntakeOptions keep;
  keep.remove_source = false;
  auto first = Intake(*repo_, keep).Take(dir_.path() / "a.pdf", "cli");
  auto second = Intake(*repo_, keep).Take(dir_.path() / "a.pdf", "cli");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->job_id, second->job_id);
  EXPECT_TRUE(fs::exists(dir_.path() / "a.pdf"));
}

}  // namespace
}  // namespace vanban
