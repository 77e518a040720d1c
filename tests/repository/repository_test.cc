#include "vanban/repository/repository.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "support/temp_dir.h"
#include "vanban/repository/document_json.h"

namespace vanban {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

class ManualClock final : public Clock {
 public:
  int64_t NowMillis() const override { return now; }
  int64_t now = 1768200000000;  // 2026-01-12
};

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RepositoryOptions o;
    o.clock = &clock_;
    auto r = Repository::Open(dir_.path(), o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    repo_ = std::move(r).value();
  }

  Job IntakeAndClaim(const std::string& bytes, const std::string& name = "a.pdf") {
    auto blob = repo_->blobs().PutBytes(bytes);
    EXPECT_TRUE(blob.ok());
    auto in = repo_->RecordIntake({*blob, name, "vpubnd", "/inbox/vpubnd/" + name, false});
    EXPECT_TRUE(in.ok()) << in.status().ToString();
    auto jobs = repo_->ClaimJobs(JobKind::kExtract, "w1", 10s, 1);
    EXPECT_TRUE(jobs.ok());
    EXPECT_EQ(jobs->size(), 1u);
    return jobs->empty() ? Job{} : jobs->front();
  }

  static ExtractOutcome SampleOutcome(const Job& job, bool publish) {
    ExtractOutcome o;
    o.meta.number = "01/2026/QĐ-UBND";
    o.meta.type = "Quyết định";
    o.meta.authority = "Ủy ban nhân dân tỉnh Thái Nguyên";
    o.meta.issue_date = "2026-01-12";
    o.meta.summary = "Ban hành Quy chế";
    o.meta.recipients = {"Như Điều 3", "Trung tâm Thông tin tỉnh"};
    o.text = "QUYẾT ĐỊNH ...";
    o.files.push_back(
        FileRef{"original", job.sha256, "application/pdf", job.size, job.name, "clerk"});
    o.publish = publish;
    o.review_reason = publish ? "" : "awaiting editor approval";
    return o;
  }

  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Repository> repo_;
};

TEST_F(RepositoryTest, CreatesSchemaAtCurrentVersion) {
  auto v = repo_->SchemaVersion();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Repository::CurrentSchemaVersion());
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "vanban.db"));
}

TEST_F(RepositoryTest, ReopeningKeepsDataAndDoesNotRemigrate) {
  Job job = IntakeAndClaim("pdf bytes");
  ASSERT_TRUE(repo_->CompleteExtract(job, SampleOutcome(job, true)).ok());
  repo_.reset();
  auto r = Repository::Open(dir_.path());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*(*r)->CountDocuments(DocStatus::kPublished), 1);
}

TEST_F(RepositoryTest, StoredDocumentRoundTripsMetadataAndFiles) {
  Job job = IntakeAndClaim("pdf bytes");
  auto out = repo_->CompleteExtract(job, SampleOutcome(job, false));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->disposition, ExtractDisposition::kCreated);
  EXPECT_EQ(out->status, DocStatus::kInReview);
  auto d = repo_->GetDocument(out->doc_id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->meta, SampleOutcome(job, false).meta);
  ASSERT_EQ(d->files.size(), 1u);
  EXPECT_EQ(d->files[0].sha256, Sha256Hex("pdf bytes"));
  EXPECT_EQ(d->review_reason, "awaiting editor approval");
  EXPECT_EQ(*repo_->GetText(out->doc_id), "QUYẾT ĐỊNH ...");
}

TEST_F(RepositoryTest, SameBytesTwiceMakeOneDocument) {
  Job a = IntakeAndClaim("same bytes", "a.pdf");
  ASSERT_TRUE(repo_->CompleteExtract(a, SampleOutcome(a, true)).ok());
  Job b = IntakeAndClaim("same bytes", "copy of a.pdf");
  auto out = repo_->CompleteExtract(b, SampleOutcome(b, true));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->disposition, ExtractDisposition::kDuplicate);
  EXPECT_EQ(*repo_->CountDocuments(std::nullopt), 1);
  EXPECT_EQ(repo_->GetJob(b.id)->state, JobState::kDuplicate);
}

TEST_F(RepositoryTest, RecordIntakeIsIdempotentForAFileNotYetRemoved) {
  auto blob = repo_->blobs().PutBytes("x");
  ASSERT_TRUE(blob.ok());
  IntakeRequest req{*blob, "x.pdf", "u", "/inbox/u/x.pdf", false};
  auto first = repo_->RecordIntake(req);
  auto again = repo_->RecordIntake(req);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_FALSE(first->already_recorded);
  EXPECT_TRUE(again->already_recorded);
  EXPECT_EQ(first->job_id, again->job_id);
  ASSERT_TRUE(repo_->MarkSourceRemoved(first->job_id).ok());
  auto third = repo_->RecordIntake(req);  // dropped again later: a new job (a duplicate)
  EXPECT_NE(third->job_id, first->job_id);
}

TEST_F(RepositoryTest, ExpiredLeaseMakesJobClaimableAgain) {
  Job job = IntakeAndClaim("bytes");
  EXPECT_TRUE(repo_->ClaimJobs(JobKind::kExtract, "w2", 10s, 1)->empty());
  clock_.now += 11000;
  auto again = repo_->ClaimJobs(JobKind::kExtract, "w2", 10s, 1);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().id, job.id);
  EXPECT_EQ(again->front().attempts, 2);
  // The first worker's late result is refused: it lost the lease.
  auto late = repo_->CompleteExtract(job, SampleOutcome(job, true));
  EXPECT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), ErrorCode::kTransient);
}

TEST_F(RepositoryTest, RetryLaterDelaysTheJob) {
  Job job = IntakeAndClaim("bytes");
  ASSERT_TRUE(repo_->RetryLater(job.id, "w1", Status(ErrorCode::kTimeout, "slow"), 5s).ok());
  EXPECT_TRUE(repo_->ClaimJobs(JobKind::kExtract, "w1", 10s, 1)->empty());
  clock_.now += 5000;
  EXPECT_EQ(repo_->ClaimJobs(JobKind::kExtract, "w1", 10s, 1)->size(), 1u);
}

TEST_F(RepositoryTest, PublishingEnqueuesIndexJobAndApprovalIsAudited) {
  Job job = IntakeAndClaim("bytes");
  auto out = repo_->CompleteExtract(job, SampleOutcome(job, false));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*repo_->CountUnfinishedJobs(JobKind::kIndex), 0);
  EXPECT_FALSE(repo_->Approve(out->doc_id, "").ok());
  ASSERT_TRUE(repo_->Approve(out->doc_id, "Nguyễn Văn A").ok());
  EXPECT_EQ(repo_->GetDocument(out->doc_id)->status, DocStatus::kPublished);
  EXPECT_EQ(*repo_->CountUnfinishedJobs(JobKind::kIndex), 1);
  auto log = repo_->AuditLog(out->doc_id);
  ASSERT_TRUE(log.ok());
  ASSERT_FALSE(log->empty());
  EXPECT_EQ(log->back().action, "approved");
  EXPECT_EQ(log->back().actor, "Nguyễn Văn A");
  // Approving twice is refused.
  EXPECT_EQ(repo_->Approve(out->doc_id, "B").code(), ErrorCode::kInvalidArgument);
}

TEST_F(RepositoryTest, FindFileReportsTheDocumentStatus) {
  Job job = IntakeAndClaim("bytes");
  auto out = repo_->CompleteExtract(job, SampleOutcome(job, false));
  auto f = repo_->FindFile(job.sha256);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->second, DocStatus::kInReview);
  EXPECT_EQ(repo_->FindFile(std::string(64, 'a')).status().code(), ErrorCode::kNotFound);
}

TEST_F(RepositoryTest, ConcurrentClaimsNeverHandOutAJobTwice) {
  for (int i = 0; i < 40; ++i) {
    auto blob = repo_->blobs().PutBytes("doc " + std::to_string(i));
    ASSERT_TRUE(repo_->RecordIntake({*blob, "f", "u", "/p/" + std::to_string(i), false}).ok());
  }
  std::vector<std::vector<int64_t>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto jobs = repo_->ClaimJobs(JobKind::kExtract, "w" + std::to_string(t), 60s, 3);
        ASSERT_TRUE(jobs.ok()) << jobs.status().ToString();
        if (jobs->empty()) return;
        for (auto& j : *jobs) got[t].push_back(j.id);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  size_t n = 0;
  for (auto& g : got) {
    n += g.size();
    all.insert(g.begin(), g.end());
  }
  EXPECT_EQ(n, 40u);
  EXPECT_EQ(all.size(), 40u);
}

TEST_F(RepositoryTest, RelationsDangleUntilTheTargetArrivesAndShowBothWays) {
  // Document A (arrives first) amends 20/2021/QĐ-UBND and is based on 30/2020/NĐ-CP.
  Job a = IntakeAndClaim("A bytes", "a.pdf");
  ExtractOutcome oa = SampleOutcome(a, true);
  oa.meta.number = "18/2024/QĐ-UBND";
  oa.meta.bases = {DocReference{"Nghị định", "Nghị định", "30/2020/NĐ-CP", "", "2020-03-05",
                                "Chính phủ", "Căn cứ Nghị định số 30/2020/NĐ-CP", 1.0}};
  oa.meta.relations = {DocReference{"amends", "Quyết định", "20/2021/QĐ-UBND", "", "2021-04-12",
                                    "Ủy ban nhân dân tỉnh Thái Nguyên", "Sửa đổi ...", 1.0}};
  auto sa = repo_->CompleteExtract(a, oa);
  ASSERT_TRUE(sa.ok()) << sa.status().ToString();
  auto ra = repo_->Relations(sa->doc_id);
  ASSERT_TRUE(ra.ok()) << ra.status().ToString();
  ASSERT_EQ(ra->outgoing.size(), 2u);
  EXPECT_EQ(ra->outgoing[0].kind, "base");
  EXPECT_EQ(ra->outgoing[1].kind, "amends");
  EXPECT_EQ(ra->outgoing[1].other_id, 0);  // dangling: the target is not here yet

  // An unrelated document with the same administrative-looking number but another date does
  // not take the link; the real target (number written without its Đ) does.
  Job decoy = IntakeAndClaim("decoy bytes", "decoy.pdf");
  ExtractOutcome od = SampleOutcome(decoy, true);
  od.meta.number = "20/2021/QĐ-UBND";
  od.meta.issue_date = "2021-09-30";
  auto sd = repo_->CompleteExtract(decoy, od);
  ASSERT_TRUE(sd.ok());
  Job b = IntakeAndClaim("B bytes", "b.pdf");
  ExtractOutcome ob = SampleOutcome(b, true);
  ob.meta.number = "20/2021/QD-UBND";
  ob.meta.issue_date = "2021-04-12";
  auto sb = repo_->CompleteExtract(b, ob);
  ASSERT_TRUE(sb.ok());

  ra = repo_->Relations(sa->doc_id);
  ASSERT_TRUE(ra.ok());
  EXPECT_EQ(ra->outgoing[1].other_id, sb->doc_id);
  EXPECT_EQ(ra->outgoing[1].other_number, "20/2021/QD-UBND");
  auto rb = repo_->Relations(sb->doc_id);
  ASSERT_TRUE(rb.ok());
  ASSERT_EQ(rb->incoming.size(), 1u);
  EXPECT_EQ(rb->incoming[0].kind, "amends");
  EXPECT_EQ(rb->incoming[0].other_id, sa->doc_id);
  EXPECT_EQ(rb->incoming[0].other_number, "18/2024/QĐ-UBND");
  auto rd = repo_->Relations(sd->doc_id);
  ASSERT_TRUE(rd.ok());
  EXPECT_TRUE(rd->incoming.empty());
}

TEST_F(RepositoryTest, CorrectionMakesAVersionWithWhoAndWhen) {
  Job job = IntakeAndClaim("pdf bytes");
  ExtractOutcome o = SampleOutcome(job, false);
  o.meta.provenance = {{"number", 0.5, "Số: 01/2026/QD-UBND", "extractor", "", ""}};
  auto stored = repo_->CompleteExtract(job, o);
  ASSERT_TRUE(stored.ok());
  auto doc = repo_->GetDocument(stored->doc_id);
  ASSERT_TRUE(doc.ok());

  Metadata fixed = doc->meta;
  EXPECT_FALSE(repo_->CorrectMetadata(stored->doc_id, fixed, "editor1").ok());  // no change
  fixed.summary = "Ban hành Quy chế quản lý Cổng Thông tin điện tử tỉnh";
  fixed.number = "02/2026/QĐ-UBND";
  clock_.now += 60000;
  auto v = repo_->CorrectMetadata(stored->doc_id, fixed, "editor1");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, 2);

  auto now = repo_->GetDocument(stored->doc_id);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->meta.number, "02/2026/QĐ-UBND");
  EXPECT_EQ(now->files.size(), doc->files.size());
  const FieldProvenance* p = now->meta.ProvenanceOf("number");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source, "editor");
  EXPECT_EQ(p->by, "editor1");
  EXPECT_EQ(p->confidence, 1.0);
  EXPECT_FALSE(p->at.empty());
  ASSERT_NE(now->meta.ProvenanceOf("summary"), nullptr);
  EXPECT_EQ(now->meta.ProvenanceOf("type"), nullptr);  // untouched fields keep theirs (none)
  // The first version is kept as it was.
  auto first = repo_->GetDocument(stored->doc_id, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->meta.number, "01/2026/QĐ-UBND");
  EXPECT_EQ(first->meta.ProvenanceOf("number")->source, "extractor");
  auto text = repo_->GetText(stored->doc_id);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, o.text);
  auto log = repo_->AuditLog(stored->doc_id);
  ASSERT_TRUE(log.ok());
  ASSERT_FALSE(log->empty());
  EXPECT_EQ(log->back().action, "corrected");
  EXPECT_EQ(log->back().actor, "editor1");
  EXPECT_NE(log->back().detail.find("\"number\""), std::string::npos);
  EXPECT_NE(log->back().detail.find("\"summary\""), std::string::npos);
}

TEST(BlobStore, StoresByHashAtomicallyAndOnlyOnce) {
  TempDir dir;
  BlobStore blobs(dir.path());
  auto a = blobs.PutBytes("hello");
  auto b = blobs.PutBytes("hello");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(*blobs.Read(a->sha256), "hello");
  size_t tmp_files = std::distance(std::filesystem::directory_iterator(dir.path() / "tmp"),
                                   std::filesystem::directory_iterator());
  EXPECT_EQ(tmp_files, 0u);
}

TEST(BlobStore, RemovesTemporariesOfDeadProcessesOnly) {
  TempDir dir;
  BlobStore blobs(dir.path());
  pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);  // a pid that no longer runs
  testing::WriteFile(dir.path() / "tmp" / ("tmp-" + std::to_string(child) + "-0-1"), "partial");
  testing::WriteFile(dir.path() / "tmp" / ("tmp-" + std::to_string(getpid()) + "-0-1"), "mine");
  EXPECT_EQ(blobs.RemoveStaleTemporaries(), 1);
  EXPECT_FALSE(
      std::filesystem::exists(dir.path() / "tmp" / ("tmp-" + std::to_string(child) + "-0-1")));
  EXPECT_TRUE(
      std::filesystem::exists(dir.path() / "tmp" / ("tmp-" + std::to_string(getpid()) + "-0-1")));
}

TEST(BlobStore, RefusesFilesOverTheLimitWithoutStoringThem) {
  TempDir dir;
  BlobStore blobs(dir.path() / "blobs");
  testing::WriteFile(dir.path() / "big", std::string(1000, 'x'));
  auto r = blobs.PutFile(dir.path() / "big", 999);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTooLarge);
  EXPECT_FALSE(blobs.Contains(Sha256Hex(std::string(1000, 'x'))));
}

TEST(DocumentJson, UsesTheInterfaceNamesAndNullForEmpty) {
  Document d;
  d.id = 7;
  d.status = DocStatus::kPublished;
  d.meta.number = "123/UBND-KT";
  d.meta.type = "Công văn";
  d.files.push_back(FileRef{"original", std::string(64, 'a'), "application/pdf", 10, "a.pdf", ""});
  auto j = DocumentToJson(d);
  for (const char* k :
       {"id", "status", "version", "number", "type", "authority", "place", "issue_date",
        "effective_date", "summary", "signer", "signer_title", "recipients", "files"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["status"], "published");
  EXPECT_TRUE(j["issue_date"].is_null());
  EXPECT_EQ(j["files"][0]["role"], "original");
  EXPECT_EQ(MetadataFromJson(MetadataToJson(d.meta)), d.meta);
}

}  // namespace
}  // namespace vanban
