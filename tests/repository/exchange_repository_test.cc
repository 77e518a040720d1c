// The repository's side of the interprovincial exchange (schema version 4): packages recorded
// with what they did, status replies queued once each in the transaction that earns them,
// waiting packages woken by their document's arrival, targets found by DocumentId or number.
#include <gtest/gtest.h>

#include <map>

#include "support/temp_dir.h"
#include "vanban/repository/repository.h"

namespace vanban {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

class ExchangeRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = Repository::Open(dir_.path());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    repo_ = std::move(r).value();
  }

  Job Claim(const std::string& bytes, const std::string& name) {
    auto blob = repo_->blobs().PutBytes(bytes);
    EXPECT_TRUE(blob.ok());
    auto in = repo_->RecordIntake({*blob, name, "lienthong", "/inbox/lienthong/" + name, true});
    EXPECT_TRUE(in.ok()) << in.status().ToString();
    auto jobs = repo_->ClaimJobs(JobKind::kExtract, "w1", 10s, 1);
    EXPECT_TRUE(jobs.ok() && jobs->size() == 1u);
    return jobs.ok() && !jobs->empty() ? jobs->front() : Job{};
  }

  static ExchangePackage Package(const std::string& id, const std::string& business) {
    ExchangePackage p;
    p.edxml_id = id;
    p.from_organ_id = "000.00.00.H53";
    p.from_name = "Ủy ban nhân dân tỉnh Thái Nguyên";
    p.number = "01/2026/QĐ-UBND";
    p.issue_date = "2026-01-12";
    p.business = business;
    p.signature = "absent";
    return p;
  }

  static ExtractOutcome Document(const Job& job, const ExchangePackage& p, bool publish) {
    ExtractOutcome o;
    o.meta.number = "01/2026/QĐ-UBND";
    o.meta.type = "Quyết định";
    o.meta.authority = "Ủy ban nhân dân tỉnh Thái Nguyên";
    o.meta.issue_date = "2026-01-12";
    o.meta.summary = "Ban hành Quy chế";
    o.text = "QUYẾT ĐỊNH ...";
    o.files.push_back(FileRef{"original", std::string(64, 'a'), "application/pdf", 10, "qd.pdf",
                              "exchange:000.00.00.H53"});
    o.files.push_back(
        FileRef{"package", job.sha256, "application/xml", job.size, job.name, "unit:lienthong"});
    o.publish = publish;
    o.review_reason = publish ? "" : "awaiting_approval";
    o.exchange = p;
    return o;
  }

  // Codes of the pending replies, per package DocumentId, in queue order.
  std::map<std::string, std::vector<std::string>> Pending() {
    auto r = repo_->PendingStatusReplies(100);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::map<std::string, std::vector<std::string>> out;
    if (r.ok()) {
      for (const StatusReply& x : *r) out[x.package.edxml_id].push_back(x.code);
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Repository> repo_;
};

constexpr const char* kDocId = "000.00.00.H53,2026/01/12,01/2026/QĐ-UBND";

TEST_F(ExchangeRepositoryTest, NewDocumentQueuesReceivedAcceptedAndDoneOnApproval) {
  Job job = Claim("package one", "a.edxml");
  auto s = repo_->CompleteExtract(job, Document(job, Package(kDocId, "new"), false));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(Pending()[kDocId], (std::vector<std::string>{"01", "03"}));
  ASSERT_TRUE(repo_->Approve(s->doc_id, "editor").ok());
  EXPECT_EQ(Pending()[kDocId], (std::vector<std::string>{"01", "03", "06"}));
  // Written replies are no longer pending; nothing is queued twice.
  auto pending = repo_->PendingStatusReplies(100);
  ASSERT_TRUE(pending.ok());
  for (const StatusReply& r : *pending) {
    ASSERT_TRUE(repo_->MarkStatusReplyWritten(r.id, "/outbox/x").ok());
  }
  EXPECT_TRUE(Pending().empty());
  auto target = repo_->FindExchangeTarget([] {
    ExchangePackage p = Package("x", "revoke");
    p.target_edxml_id = kDocId;
    return p;
  }());
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(*target, s->doc_id);
}

TEST_F(ExchangeRepositoryTest, WaitingPackageWakesWhenItsDocumentArrives) {
  ExchangePackage revoke = Package("000.00.00.H53,2026/02/01,05/TB-UBND", "revoke");
  revoke.target_edxml_id = kDocId;
  revoke.target_number = "01/2026/QĐ-UBND";
  revoke.target_date = "2026-01-12";
  Job waiting = Claim("revocation", "r.edxml");
  auto none = repo_->FindExchangeTarget(revoke);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  ASSERT_TRUE(
      repo_->CompletePackage(waiting, revoke, PackageOutcome::kWaiting, 0, "chờ văn bản").ok());
  EXPECT_EQ(repo_->GetJob(waiting.id)->state, JobState::kWaiting);
  EXPECT_EQ(repo_->GetJob(waiting.id)->error_message, "chờ văn bản");
  // A waiting job is not claimable.
  auto idle = repo_->ClaimJobs(JobKind::kExtract, "w1", 10s, 5);
  ASSERT_TRUE(idle.ok());
  EXPECT_TRUE(idle->empty());

  Job doc = Claim("the document", "d.edxml");
  auto s = repo_->CompleteExtract(doc, Document(doc, Package(kDocId, "new"), true));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(repo_->GetJob(waiting.id)->state, JobState::kPending);
  auto again = repo_->ClaimJobs(JobKind::kExtract, "w2", 10s, 5);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().id, waiting.id);
  EXPECT_EQ(again->front().attempts, 1) << "attempts start again after a wake-up";

  auto target = repo_->FindExchangeTarget(revoke);
  ASSERT_TRUE(target.ok());
  ASSERT_EQ(*target, s->doc_id);
  ASSERT_TRUE(
      repo_->CompletePackage(again->front(), revoke, PackageOutcome::kRevoked, *target, "sai")
          .ok());
  EXPECT_EQ(repo_->GetDocument(s->doc_id)->status, DocStatus::kWithdrawn);
  // 01 once, although the package was answered 01 while it waited and again when applied.
  EXPECT_EQ(Pending()[revoke.edxml_id], (std::vector<std::string>{"01", "03", "06"}));
  EXPECT_EQ(Pending()[kDocId], (std::vector<std::string>{"01", "03", "06"}));
}

TEST_F(ExchangeRepositoryTest, RejectedPackageIsAnsweredWithItsReasonAndMakesNoDocument) {
  Job job = Claim("not for us", "n.edxml");
  ASSERT_TRUE(repo_
                  ->CompletePackage(job, Package("p,2026/01/01,9/UBND", "new"),
                                    PackageOutcome::kRejected, 0, "nơi nhận là Sở Tài chính")
                  .ok());
  EXPECT_EQ(repo_->GetJob(job.id)->state, JobState::kRejected);
  auto pending = repo_->PendingStatusReplies(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().code, "02");
  EXPECT_EQ(pending->front().description, "nơi nhận là Sở Tài chính");
  EXPECT_EQ(*repo_->CountDocuments(std::nullopt), 0);
  // A job whose lease is gone cannot be completed by its old holder.
  Job stale = Claim("other", "o.edxml");
  stale.lease_owner = "someone-else";
  EXPECT_FALSE(
      repo_->CompletePackage(stale, Package("q", "new"), PackageOutcome::kRejected, 0, "x").ok());
}

TEST_F(ExchangeRepositoryTest, AmbiguousNumberWithoutDocumentIdFindsNoTarget) {
  // Two documents with the same administrative number and no date to tell them apart.
  for (const char* bytes : {"one", "two"}) {
    Job job = Claim(bytes, std::string(bytes) + ".pdf");
    ExtractOutcome o;
    o.meta.number = "12/UBND-VP";
    o.text = bytes;
    o.files.push_back(FileRef{"original", job.sha256, "application/pdf", job.size, job.name, ""});
    ASSERT_TRUE(repo_->CompleteExtract(job, o).ok());
  }
  ExchangePackage p = Package("x", "update");
  p.target_number = "12/UBND-VP";
  auto t = repo_->FindExchangeTarget(p);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 0);
}

}  // namespace
}  // namespace vanban
