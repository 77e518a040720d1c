// The LGSP connector against the gateway simulator (tools/lgsp_simulator.cc), a separate
// process spoken to over real HTTP on loopback: the normal flow, every injected fault, restarts
// on the same data directory, and the simulator's record of statuses as the judge of
// "every package once, every status delivered".
#include "vanban/ingest/lgsp_connector.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/edxml_fixtures.h"
#include "support/lgsp_simulator.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using testing::LgspSimulator;
using testing::LgspSimulatorOptions;
using testing::TempDir;

// Stands for the pipeline: stores each package as data/inbox/lienthong/<id>.edxml (temp +
// rename) and reads it back with ReadEdxml. Counts are kept across connector instances.
class Inbox {
 public:
  explicit Inbox(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_ / ".att"); }

  LgspPackageSink Sink() {
    return [this](const fs::path& file, const std::string& id) -> Status {
      fs::path dest = dir_ / (id + ".edxml");
      fs::path tmp = dir_ / ("." + id + ".tmp");
      std::error_code ec;
      fs::copy_file(file, tmp, fs::copy_options::overwrite_existing, ec);
      if (ec) return Status(ErrorCode::kIoError, ec.message());
      fs::rename(tmp, dest, ec);
      if (ec) return Status(ErrorCode::kIoError, ec.message());
      Result<EdxmlPackage> read = ReadEdxml(dest, EdxmlLimits{}, dir_ / ".att" / id);
      std::lock_guard<std::mutex> l(mu_);
      ++handed_[id];
      if (read.ok()) {
        document_ids_[id] = read->document_id;
      } else {
        unreadable_[id] = read.status().ToString();
      }
      return Status::Ok();
    };
  }

  std::map<std::string, int> handed() const {
    std::lock_guard<std::mutex> l(mu_);
    return handed_;
  }
  std::map<std::string, std::string> unreadable() const {
    std::lock_guard<std::mutex> l(mu_);
    return unreadable_;
  }
  std::map<std::string, std::string> document_ids() const {
    std::lock_guard<std::mutex> l(mu_);
    return document_ids_;
  }

 private:
  fs::path dir_;
  mutable std::mutex mu_;
  std::map<std::string, int> handed_;
  std::map<std::string, std::string> unreadable_;
  std::map<std::string, std::string> document_ids_;
};

std::string DocumentIdOf(int n) {
  return "000.00.00.H53,2026/01/12," + std::to_string(n) + "/2026/QĐ-UBND";
}

class LgspTest : public ::testing::Test {
 protected:
  void SetUp() override {
    packages_ = tmp_ / "gateway";
    data_ = tmp_ / "data";
    fs::create_directories(packages_);
    fs::create_directories(data_);
    testing::WriteFile(tmp_ / "attachment.pdf", "%PDF-1.4\n% vanban lgsp test\n%%EOF\n");
    inbox_ = std::make_unique<Inbox>(data_ / "inbox" / "lienthong");
  }

  // A package "<id>.edxml" on the gateway, written under a hidden name and renamed.
  void AddPackage(const std::string& id, int n) {
    testing::EdxmlFixture f;
    f.document_id = DocumentIdOf(n);
    f.code_number = std::to_string(n);
    f.subject = "Văn bản thử nghiệm số " + std::to_string(n);
    testing::EdxmlFixtureFile file;
    file.source = tmp_ / "attachment.pdf";
    file.name = "van-ban-" + std::to_string(n) + ".pdf";
    f.files.push_back(file);
    fs::path hidden = packages_ / ("." + id);
    ASSERT_TRUE(testing::WriteEdxmlFixture(f, hidden).ok());
    fs::rename(hidden, packages_ / (id + ".edxml"));
  }

  void AddPackages(int from, int to) {
    for (int n = from; n <= to; ++n) AddPackage("pkg-" + std::to_string(n), n);
  }

  // A status the pipeline would leave in data/outbox/.
  void AddStatus(int n, std::string_view code) {
    EdxmlStatus s;
    s.from.organ_id = "000.00.12.H53";
    s.from.organ_name = "Trung tâm Thông tin tỉnh Thái Nguyên";
    s.response_for.organ_id = "000.00.00.H53";
    s.response_for.code = std::to_string(n) + "/2026/QĐ-UBND";
    s.response_for.promulgation_date = "2026-01-12";
    s.response_for.document_id = DocumentIdOf(n);
    s.code = std::string(code);
    s.description = "Trạng thái " + s.code;
    s.timestamp = "2026-01-12 08:30:05";
    fs::create_directories(data_ / "outbox");
    std::string name = "pkg-" + std::to_string(n) + "." + s.code + ".edxml";
    testing::WriteFile(data_ / "outbox" / ("." + name), WriteEdxmlStatus(s));
    fs::rename(data_ / "outbox" / ("." + name), data_ / "outbox" / name);
  }

  void StartSimulator(std::vector<std::string> faults = {}, double chaos = 0) {
    LgspSimulatorOptions o;
    o.packages = packages_;
    o.record = tmp_ / "statuses.jsonl";
    o.faults = std::move(faults);
    o.chaos = chaos;
    o.delay_ms = 1500;
    sim_ = std::make_unique<LgspSimulator>(o, tmp_ / "simulator.log");
    Status s = sim_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  LgspConfig Config() {
    LgspConfig c;
    c.base_url = sim_->base_url();
    c.consumer_key = sim_->options().consumer_key;
    c.consumer_secret = sim_->options().consumer_secret;
    c.unit_secret = sim_->options().secret;
    c.organ_id = sim_->options().organ_id;
    c.data_dir = data_;
    c.poll_interval = std::chrono::milliseconds(30);
    c.connect_timeout = std::chrono::milliseconds(1000);
    c.request_timeout = std::chrono::milliseconds(500);
    c.retry.initial = std::chrono::milliseconds(10);
    c.retry.max = std::chrono::milliseconds(100);
    c.retry.max_attempts = 6;
    c.park_max = std::chrono::milliseconds(200);
    c.list_limit = 4;
    return c;
  }

  std::unique_ptr<LgspConnector> Open(LgspConfig c) {
    auto r = LgspConnector::Open(
        std::move(c), inbox_->Sink(), [this](LgspLogLevel level, std::string_view msg) {
          std::lock_guard<std::mutex> l(log_mu_);
          log_ += std::string(LgspLogLevelName(level)) + ": " + std::string(msg) + "\n";
        });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }
  std::unique_ptr<LgspConnector> Open() { return Open(Config()); }

  std::string Log() {
    std::lock_guard<std::mutex> l(log_mu_);
    return log_;
  }

  size_t OutboxCount() {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(data_ / "outbox")) {
      if (e.is_regular_file()) ++n;
    }
    return n;
  }

  // Every id handed to the sink exactly once, and readable.
  void ExpectEachOnce(const std::vector<std::string>& ids) {
    std::map<std::string, int> handed = inbox_->handed();
    EXPECT_EQ(handed.size(), ids.size()) << Log();
    for (const std::string& id : ids) {
      EXPECT_EQ(handed[id], 1) << id << "\n" << Log();
    }
    EXPECT_TRUE(inbox_->unreadable().empty()) << inbox_->unreadable().begin()->second;
  }

  // The simulator marked every package DONE (receipt acknowledged).
  void ExpectAllAcknowledged() {
    Result<json> p = sim_->Packages();
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    for (const json& pkg : *p) {
      EXPECT_EQ(pkg["status"], "DONE") << pkg.dump() << "\n" << Log();
    }
  }

  // Each expected idempotency key accepted exactly once by the gateway; nothing else.
  void ExpectStatusesOnce(const std::set<std::string>& keys) {
    Result<json> st = sim_->Statuses();
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    std::map<std::string, int> accepted;
    for (const json& rec : *st) {
      if (!rec["duplicate"].get<bool>()) ++accepted[rec["key"].get<std::string>()];
    }
    EXPECT_EQ(accepted.size(), keys.size()) << st->dump(1);
    for (const std::string& k : keys) EXPECT_EQ(accepted[k], 1) << k << "\n" << st->dump(1);
    // The JSONL record says the same as the endpoint.
    std::string jsonl = testing::ReadFile(tmp_ / "statuses.jsonl");
    EXPECT_EQ(size_t(std::count(jsonl.begin(), jsonl.end(), '\n')), st->size());
  }

  int64_t Cursor() {
    json j = json::parse(testing::ReadFile(data_ / "lgsp" / "cursor.json"), nullptr, false);
    return j.is_object() ? j.value("since", int64_t{-1}) : -1;
  }

  // Runs rounds until `done` holds or `timeout` passes.
  template <typename F>
  bool PollUntil(LgspConnector& c, F done,
                 std::chrono::seconds timeout = std::chrono::seconds(30)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      (void)c.PollOnce();
      if (done()) return true;
    }
    return false;
  }

  TempDir tmp_{"vanban-lgsp"};
  fs::path packages_, data_;
  std::unique_ptr<Inbox> inbox_;
  std::unique_ptr<LgspSimulator> sim_;
  std::mutex log_mu_;
  std::string log_;
};

std::vector<std::string> Ids(int from, int to) {
  std::vector<std::string> ids;
  for (int n = from; n <= to; ++n) ids.push_back("pkg-" + std::to_string(n));
  return ids;
}

// Keys as the connector makes them: the answered DocumentId (percent-encoded) ":" code.
std::string Key(int n, std::string_view code) {
  return "000.00.00.H53%2C2026%2F01%2F12%2C" + std::to_string(n) +
         "%2F2026%2FQ%C4%90-UBND:" + std::string(code);
}

TEST_F(LgspTest, NormalFlowStoresEachPackageOnceAndAcknowledgesIt) {
  AddPackages(1, 6);  // more than one page (list_limit 4)
  StartSimulator();
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << Log();
  EXPECT_EQ(r->packages_stored, 6);
  ExpectEachOnce(Ids(1, 6));
  ExpectAllAcknowledged();
  EXPECT_EQ(Cursor(), 6);
  EXPECT_EQ(inbox_->document_ids()["pkg-3"], DocumentIdOf(3));
  EXPECT_TRUE(fs::is_empty(data_ / "lgsp" / "staging"));

  // Nothing new: a second round hands over nothing.
  r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->packages_stored, 0);
  ExpectEachOnce(Ids(1, 6));

  // A package arriving later is picked up from the cursor.
  AddPackage("pkg-7", 7);
  r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->packages_stored, 1);
  ExpectEachOnce(Ids(1, 7));
  EXPECT_EQ(Cursor(), 7);
  EXPECT_EQ(c->stats().packages_stored, 7);
}

TEST_F(LgspTest, StatusesFromTheOutboxAreDeliveredAndRemoved) {
  AddPackages(1, 2);
  StartSimulator();
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  AddStatus(1, kEdxmlStatusReceived);
  AddStatus(2, kEdxmlStatusRejected);
  AddStatus(9, kEdxmlStatusReceived);  // a package that came another way
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << Log();
  EXPECT_EQ(r->statuses_sent, 3);
  EXPECT_EQ(OutboxCount(), 0u);
  ExpectStatusesOnce({Key(1, "01"), Key(2, "02"), Key(9, "01")});
  Result<json> st = sim_->Statuses();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ((*st)[0]["from"], "000.00.12.H53");
}

TEST_F(LgspTest, TimeoutsAreRetried) {
  AddPackages(1, 3);
  StartSimulator(
      {"token:timeout:1", "list:timeout:1", "get:timeout:1:pkg-2", "put:timeout:1:pkg-3"});
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << Log();
  ExpectEachOnce(Ids(1, 3));
  ExpectAllAcknowledged();
  EXPECT_GE(c->stats().http_retries, 3);
  EXPECT_NE(Log().find("timeout"), std::string::npos) << Log();
}

TEST_F(LgspTest, ServerErrorsAndExpiredTokensAreRetried) {
  AddPackages(1, 3);
  StartSimulator({"list:500:2", "list:401:1", "get:503:2:pkg-1", "get:500:1:pkg-3",
                  "put:500:1:pkg-2", "put:ack-lost:1:pkg-1"});
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << Log();
  ExpectEachOnce(Ids(1, 3));
  ExpectAllAcknowledged();
  EXPECT_GE(c->stats().http_retries, 7);
}

TEST_F(LgspTest, TruncatedBodiesAreFetchedAgainAndNeverHandedOver) {
  AddPackages(1, 4);
  StartSimulator({"get:truncate-http:1:pkg-1", "get:truncate-json:1:pkg-2",
                  "get:truncate-base64:2:pkg-3", "list:truncate-http:1", "list:truncate-json:1"});
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << Log();
  ExpectEachOnce(Ids(1, 4));
  ExpectAllAcknowledged();
  EXPECT_GE(c->stats().refetches, 4) << Log();
  Result<json> pk = sim_->Packages();
  ASSERT_TRUE(pk.ok());
  for (const json& p : *pk) {
    if (p["id"] == "pkg-3") {
      EXPECT_EQ(p["fetches"], 3);
    }
  }
}

TEST_F(LgspTest, MalformedListIsRetried) {
  AddPackages(1, 2);
  StartSimulator({"list:malformed-json:2"});
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << Log();
  ExpectEachOnce(Ids(1, 2));
  EXPECT_NE(Log().find("malformed JSON"), std::string::npos) << Log();
}

TEST_F(LgspTest, ListFailingEveryAttemptFailsTheRoundAndTheNextRoundRecovers) {
  AddPackages(1, 2);
  StartSimulator({"list:503:6"});
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTransient);
  EXPECT_TRUE(inbox_->handed().empty());
  r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectEachOnce(Ids(1, 2));
  EXPECT_EQ(c->stats().rounds_failed, 1);
}

TEST_F(LgspTest, PackagesListedTwiceOrServedTwiceAreHandedOverOnce) {
  AddPackages(1, 3);
  // pkg-4 carries the bytes of pkg-2 under another id.
  fs::copy_file(packages_ / "pkg-2.edxml", packages_ / "pkg-4.edxml");
  // list:duplicate names every package twice; put:ignore makes the gateway lose pkg-1's
  // receipt and deliver it again with a new sequence number.
  StartSimulator({"list:duplicate:1", "put:ignore:1:pkg-1"});
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  ExpectEachOnce(Ids(1, 3));
  ExpectAllAcknowledged();
  LgspStats s = c->stats();
  EXPECT_EQ(s.duplicates_by_content, 1);
  EXPECT_GE(s.duplicates_by_id, 4);  // three from the doubled list, pkg-1 delivered again
  EXPECT_EQ(s.packages_stored, 3);
}

TEST_F(LgspTest, StatusesAreDeliveredExactlyOnceDespiteLostReplies) {
  StartSimulator({"post:ack-lost:1", "post:timeout-after:1", "post:500:1", "post:timeout:1"});
  for (int n = 1; n <= 4; ++n) AddStatus(n, kEdxmlStatusReceived);
  AddStatus(1, kEdxmlStatusDone);
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << Log();
  EXPECT_EQ(r->statuses_sent, 5) << Log();
  EXPECT_EQ(OutboxCount(), 0u);
  std::set<std::string> keys;
  for (int n = 1; n <= 4; ++n) keys.insert(Key(n, "01"));
  keys.insert(Key(1, "06"));
  ExpectStatusesOnce(keys);
  Result<json> st = sim_->Statuses();
  ASSERT_TRUE(st.ok());
  int duplicates = 0;
  for (const json& rec : *st) duplicates += rec["duplicate"].get<bool>() ? 1 : 0;
  EXPECT_EQ(duplicates, 2);  // the two whose replies were lost were sent again
}

TEST_F(LgspTest, StatusTheGatewayRefusesGoesToOutboxFailed) {
  StartSimulator();
  fs::create_directories(data_ / "outbox");
  testing::WriteFile(data_ / "outbox" / "broken.edxml", "<edXML><not-a-status/>");
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  EXPECT_TRUE(fs::exists(data_ / "outbox" / "failed" / "broken.edxml"));
  EXPECT_TRUE(fs::exists(data_ / "outbox" / "failed" / "broken.edxml.reason.json"));
  EXPECT_EQ(c->stats().statuses_refused, 1);
}

TEST_F(LgspTest, StatusesInTheOutboxSurviveARestart) {
  StartSimulator({"post:503:100"});
  AddStatus(1, kEdxmlStatusReceived);
  AddStatus(2, kEdxmlStatusReceived);
  {
    auto c = Open();
    ASSERT_TRUE(c);
    Result<LgspRoundResult> r = c->PollOnce();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->statuses_pending, 2);
    EXPECT_EQ(OutboxCount(), 2u);
  }
  ASSERT_TRUE(sim_->ClearFaults().ok());
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->statuses_sent, 2);
  EXPECT_EQ(OutboxCount(), 0u);
  ExpectStatusesOnce({Key(1, "01"), Key(2, "01")});
}

TEST_F(LgspTest, RestartResumesFromTheCursorWithoutDuplicates) {
  AddPackages(1, 5);
  StartSimulator({"put:timeout:1:pkg-5"});
  {
    auto c = Open();
    ASSERT_TRUE(c);
    ASSERT_TRUE(c->PollOnce().ok()) << Log();
    EXPECT_EQ(Cursor(), 5);
  }
  // The gateway restarts and forgets every receipt: all packages are INITIAL again, with the
  // same sequence numbers. New ones arrive. The new connector lists from its cursor.
  AddPackages(6, 8);
  StartSimulator();
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  ExpectEachOnce(Ids(1, 8));
  EXPECT_EQ(Cursor(), 8);
  EXPECT_EQ(c->stats().packages_stored, 3);
  EXPECT_EQ(c->stats().duplicates_by_id, 0);  // the cursor kept 1-5 out of the list

  // Without the cursor everything is listed again; the journal keeps it from the sink.
  c.reset();
  fs::remove(data_ / "lgsp" / "cursor.json");
  c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  ExpectEachOnce(Ids(1, 8));
  EXPECT_EQ(c->stats().duplicates_by_id, 5);
}

TEST_F(LgspTest, JournalWithATornLastLineIsRead) {
  AddPackages(1, 2);
  StartSimulator();
  {
    auto c = Open();
    ASSERT_TRUE(c);
    ASSERT_TRUE(c->PollOnce().ok()) << Log();
  }
  // A crash in the middle of an append.
  std::string journal = testing::ReadFile(data_ / "lgsp" / "packages.jsonl");
  testing::WriteFile(data_ / "lgsp" / "packages.jsonl", journal + "{\"id\":\"pkg-9\",\"sta");
  // Pretend the gateway delivers everything again.
  fs::remove(data_ / "lgsp" / "cursor.json");
  AddPackages(3, 3);
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  ExpectEachOnce(Ids(1, 3));
  EXPECT_NE(Log().find("unreadable line"), std::string::npos);
}

TEST_F(LgspTest, CorruptPackageIsHandedOverAsSentAfterRepeatedIdenticalFetches) {
  AddPackages(1, 1);
  std::string bytes = testing::ReadFile(packages_ / "pkg-1.edxml");
  testing::WriteFile(packages_ / "pkg-2.edxml", bytes.substr(0, bytes.size() / 2));
  StartSimulator();
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->PollOnce().ok()) << Log();
  std::map<std::string, int> handed = inbox_->handed();
  EXPECT_EQ(handed["pkg-1"], 1);
  EXPECT_EQ(handed["pkg-2"], 1);
  EXPECT_EQ(inbox_->unreadable().count("pkg-2"), 1u);  // the pipeline will quarantine it
  Result<json> pk = sim_->Packages();
  ASSERT_TRUE(pk.ok());
  for (const json& p : *pk) {
    if (p["id"] == "pkg-2") {
      EXPECT_EQ(p["fetches"], 3);
    }
  }
}

TEST_F(LgspTest, PackageThatCannotBeFetchedIsParkedAndFetchedInALaterRound) {
  AddPackages(1, 3);
  StartSimulator({"get:500:6:pkg-2"});
  auto c = Open();
  ASSERT_TRUE(c);
  Result<LgspRoundResult> r = c->PollOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->packages_parked, 1);
  EXPECT_EQ(Cursor(), 3);  // parked packages do not hold the cursor back
  ASSERT_TRUE(PollUntil(*c, [&] { return inbox_->handed().size() == 3; })) << Log();
  ExpectEachOnce(Ids(1, 3));
  ExpectAllAcknowledged();
}

TEST_F(LgspTest, StopInterruptsARoundAndStartResumes) {
  AddPackages(1, 3);
  StartSimulator({"get:timeout:100"});
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->Start().ok());
  EXPECT_FALSE(c->Start().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto t0 = std::chrono::steady_clock::now();
  c->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
  EXPECT_FALSE(c->running());
  c->Stop();  // idempotent
  EXPECT_TRUE(inbox_->handed().empty());
  ASSERT_TRUE(sim_->ClearFaults().ok());
  ASSERT_TRUE(c->Start().ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (inbox_->handed().size() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  c->Stop();
  ExpectEachOnce(Ids(1, 3));
}

TEST_F(LgspTest, ConcurrentRoundsDoNotOverlap) {
  AddPackages(1, 6);
  StartSimulator({"get:500:1:pkg-2", "get:truncate-json:1:pkg-5"});
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->Start().ok());
  std::vector<std::thread> callers;
  for (int i = 0; i < 3; ++i) {
    callers.emplace_back([&] {
      for (int k = 0; k < 3; ++k) (void)c->PollOnce();
    });
  }
  for (std::thread& t : callers) t.join();
  c->Stop();
  ExpectEachOnce(Ids(1, 6));
  ExpectAllAcknowledged();
}

// Random faults on every kind of request, the connector restarted twice mid-run (new
// instance, same data directory), packages arriving while it runs: every package handed over
// exactly once, every status accepted exactly once, every receipt acknowledged.
TEST_F(LgspTest, UnderRandomFaultsAndRestartsEveryPackageOnceEveryStatusOnce) {
  AddPackages(1, 8);
  StartSimulator({}, 0.3);
  std::set<std::string> keys;
  for (int n = 1; n <= 8; ++n) {
    AddStatus(n, kEdxmlStatusReceived);
    keys.insert(Key(n, "01"));
  }
  for (int run = 0; run < 3; ++run) {
    auto c = Open();
    ASSERT_TRUE(c);
    ASSERT_TRUE(c->Start().ok());
    if (run == 1) AddPackages(9, 12);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    c->Stop();
  }
  // Then until done, faults still on.
  auto c = Open();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->Start().ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto acked_all = [&] {
    Result<json> p = sim_->Packages();
    if (!p.ok()) return false;
    for (const json& pkg : *p) {
      if (pkg["status"] != "DONE") return false;
    }
    return true;
  };
  while (std::chrono::steady_clock::now() < deadline &&
         (inbox_->handed().size() < 12 || OutboxCount() > 0 || !acked_all())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  c->Stop();
  ASSERT_TRUE(sim_->ClearFaults().ok());
  ExpectEachOnce(Ids(1, 12));
  EXPECT_EQ(OutboxCount(), 0u) << Log();
  ExpectAllAcknowledged();
  ExpectStatusesOnce(keys);
  Result<json> stats = sim_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_GT((*stats)["faults_applied"].get<int>(), 5) << stats->dump();
}

}  // namespace
}  // namespace vanban
