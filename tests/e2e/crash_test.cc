// Nothing lost, nothing twice: the server is killed with SIGKILL at random moments while
// files are dropped into its inbox, and restarted each time. At the end every dropped file is
// exactly one document or exactly one quarantine entry with a reason.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "support/edxml_fixtures.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"
#include "vanban/repository/blob_store.h"
#include "vanban/repository/repository.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::ReadFile;
using testing::TempDir;

constexpr int kFiles = 50;
constexpr int kKills = 20;

class Server {
 public:
  Server(const fs::path& data, int port, const fs::path& log)
      : data_(data), port_(port), log_(log) {}
  void Start() {
    child_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{testing::VanbanBinary().string(), "serve", "--data",
                                 data_.string(), "--listen", "127.0.0.1:" + std::to_string(port_),
                                 "--auto-publish", "--lease-seconds", "2", "--stable-ms", "200",
                                 "--rescan-seconds", "2"},
        log_);
  }
  void Kill() {
    child_->Kill(SIGKILL);
    child_->Wait(10s);
  }
  void Stop() {
    child_->Kill(SIGTERM);
    auto code = child_->Wait(30s);
    EXPECT_TRUE(code.has_value()) << "server did not stop on SIGTERM";
  }
  bool Running() { return child_ && child_->Running(); }

 private:
  fs::path data_;
  int port_;
  fs::path log_;
  std::unique_ptr<ChildProcess> child_;
};

// Writes like a clerk's copy: create, write in pieces, close.
void Drop(const fs::path& src, const fs::path& dest, std::mt19937& rng) {
  std::string bytes = ReadFile(src);
  FILE* f = std::fopen(dest.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  size_t half = bytes.size() / 2;
  std::fwrite(bytes.data(), 1, half, f);
  std::fflush(f);
  std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 30));
  std::fwrite(bytes.data() + half, 1, bytes.size() - half, f);
  std::fclose(f);
}

// Kills the server with SIGKILL and restarts it, at random intervals of `min_ms` plus up to
// `spread_ms`, at least `kills` times and as long as files are still being dropped. Returns how
// many times it did.
int KillWhileDropping(Server& server, int kills, const std::atomic<bool>& dropping, uint32_t seed,
                      int min_ms, int spread_ms) {
  int done = 0;
  std::mt19937 rng(seed);
  while (done < kills || dropping) {
    std::this_thread::sleep_for(std::chrono::milliseconds(min_ms + rng() % spread_ms));
    server.Kill();
    ++done;
    server.Start();
  }
  return done;
}

TEST(CrashSafety, EveryDroppedFileEndsAsExactlyOneDocumentOrQuarantineEntry) {
  auto pdfs = testing::DistinctDocumentPdfs(kFiles - 5);
  ASSERT_TRUE(pdfs.ok()) << pdfs.status().ToString();
  TempDir dir("vanban-crash");
  // Bad inputs ride along: they must end in quarantine, once.
  std::vector<fs::path> inputs = *pdfs;
  testing::WriteFile(dir / "bad" / "empty.pdf", "");
  std::string noise(5000, '\0');
  std::mt19937 noise_rng(42);
  for (char& c : noise) c = static_cast<char>(noise_rng() & 0xff);
  testing::WriteFile(dir / "bad" / "random.bin", noise);
  std::string first = ReadFile(inputs[0]);
  testing::WriteFile(dir / "bad" / "truncated.pdf", first.substr(0, first.size() / 3));
  testing::WriteFile(dir / "bad" / "notes.txt.pdf", "%PDF-1.4\n%garbage\n");
  testing::WriteFile(dir / "bad" / "zeros.pdf", std::string(4096, '\0'));
  for (auto* n : {"empty.pdf", "random.bin", "truncated.pdf", "notes.txt.pdf", "zeros.pdf"}) {
    inputs.push_back(dir / "bad" / n);
  }
  ASSERT_EQ(inputs.size(), static_cast<size_t>(kFiles));

  fs::path data = dir / "data";
  fs::create_directories(data / "inbox" / "vpubnd");
  fs::create_directories(data / "inbox" / "sotc");
  int port = testing::FreePort();
  Server server(data, port, dir / "server.log");
  server.Start();
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");

  std::mt19937 rng(20260112);
  std::atomic<bool> dropping{true};
  std::thread dropper([&] {
    for (size_t i = 0; i < inputs.size(); ++i) {
      fs::path dest = data / "inbox" / (i % 2 ? "vpubnd" : "sotc") /
                      (std::to_string(i) + "-" + inputs[i].filename().string());
      Drop(inputs[i], dest, rng);
      std::this_thread::sleep_for(std::chrono::milliseconds(40 + rng() % 80));
    }
    dropping = false;
  });
  const int kills = KillWhileDropping(server, kKills, dropping, 7, 100, 400);
  dropper.join();
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s));

  // Let the last server finish everything.
  auto deadline = std::chrono::steady_clock::now() + 180s;
  for (;;) {
    auto repo = Repository::Open(data);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    bool inbox_empty = true;
    for (auto& e : fs::recursive_directory_iterator(data / "inbox")) {
      if (e.is_regular_file()) inbox_empty = false;
    }
    if (inbox_empty && *(*repo)->CountUnfinishedJobs(JobKind::kExtract) == 0) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "pipeline did not settle\n"
                                                          << ReadFile(dir / "server.log");
    std::this_thread::sleep_for(500ms);
  }
  server.Stop();

  auto repo = Repository::Open(data);
  ASSERT_TRUE(repo.ok());
  std::string log = ReadFile(dir / "server.log");
  size_t resumed = 0;
  for (size_t p = 0; (p = log.find("resuming after an unfinished attempt", p)) != std::string::npos;
       ++p) {
    ++resumed;
  }
  std::cout << "crash test: " << kills << " SIGKILLs, " << resumed
            << " job attempts resumed after a kill\n";
  // Documents per original hash.
  std::map<std::string, int> documents;
  auto docs = (*repo)->ListDocuments(std::nullopt, 1000, 0);
  ASSERT_TRUE(docs.ok());
  for (const auto& s : *docs) {
    auto d = (*repo)->GetDocument(s.id);
    ASSERT_TRUE(d.ok());
    for (const auto& f : d->files) {
      if (f.role == "original") ++documents[f.sha256];
    }
  }
  // Quarantine entries per hash, each with a reason.
  std::map<std::string, int> quarantined;
  for (auto& e : fs::directory_iterator(data / "quarantine")) {
    std::string name = e.path().filename().string();
    if (name.size() < 12 || name.substr(name.size() - 12) != ".reason.json") continue;
    auto j = nlohmann::json::parse(ReadFile(e.path()), nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << name;
    ASSERT_TRUE(j["code"].is_string() && !j["code"].get<std::string>().empty()) << name;
    ASSERT_TRUE(j["sha256"].is_string()) << name;
    fs::path input = e.path().string().substr(0, e.path().string().size() - 12);
    EXPECT_TRUE(fs::exists(input)) << "reason without its input: " << name;
    ++quarantined[j["sha256"].get<std::string>()];
  }
  std::set<std::string> hashes;
  for (const auto& in : inputs) {
    std::string sha = Sha256Hex(ReadFile(in));
    hashes.insert(sha);
    int n = documents[sha] + quarantined[sha];
    EXPECT_EQ(n, 1) << in.filename() << ": " << documents[sha] << " documents, " << quarantined[sha]
                    << " quarantine entries";
  }
  EXPECT_EQ(hashes.size(), inputs.size()) << "inputs must be distinct";
  // Blob writes cut off by a kill were cleaned up by the next start.
  size_t partial =
      std::distance(fs::directory_iterator(data / "blobs" / "tmp"), fs::directory_iterator());
  EXPECT_EQ(partial, 0u);
  // The bad inputs are the quarantined ones, and nothing else is.
  int total_quarantined = 0;
  for (auto& [sha, n] : quarantined) total_quarantined += n;
  EXPECT_EQ(total_quarantined, 5);
  EXPECT_EQ(*(*repo)->CountDocuments(std::nullopt), kFiles - 5);
}

// The same for packages of the exchange: every package is one document, answered 01 and 03
// exactly once (06 once if published), whatever instant the server was killed at.
TEST(CrashSafety, EveryExchangePackageIsOneDocumentAndEveryReplyIsWrittenOnce) {
  constexpr int kPackages = 10;
  auto pdfs = testing::DistinctDocumentPdfs(kFiles - 5);  // the same cached set as above
  ASSERT_TRUE(pdfs.ok()) << pdfs.status().ToString();
  TempDir dir("vanban-crash-edxml");
  std::vector<fs::path> packages;
  for (int i = 0; i < kPackages; ++i) {
    testing::EdxmlFixture f;
    f.document_id = "000.00.00.H53,2026/01/12," + std::to_string(100 + i) + "/UBND-VP";
    f.files = {testing::EdxmlFixtureFile{(*pdfs)[i], "vb-" + std::to_string(i) + ".pdf"}};
    packages.push_back(dir / "src" / ("p" + std::to_string(i) + ".edxml"));
    fs::create_directories(packages.back().parent_path());
    ASSERT_TRUE(testing::WriteEdxmlFixture(f, packages.back()).ok());
  }
  fs::path data = dir / "data";
  fs::create_directories(data / "inbox" / "lienthong");
  int port = testing::FreePort();
  Server server(data, port, dir / "server.log");
  server.Start();
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");
  std::mt19937 rng(20261128);
  std::atomic<bool> dropping{true};
  std::thread dropper([&] {
    for (size_t i = 0; i < packages.size(); ++i) {
      Drop(packages[i], data / "inbox" / "lienthong" / packages[i].filename(), rng);
      std::this_thread::sleep_for(std::chrono::milliseconds(60 + rng() % 120));
    }
    dropping = false;
  });
  const int kills = KillWhileDropping(server, 8, dropping, 11, 150, 450);
  dropper.join();
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s));
  auto deadline = std::chrono::steady_clock::now() + 180s;
  for (;;) {
    auto repo = Repository::Open(data);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    bool inbox_empty = fs::is_empty(data / "inbox" / "lienthong");
    auto pending = (*repo)->PendingStatusReplies(1);
    ASSERT_TRUE(pending.ok());
    if (inbox_empty && *(*repo)->CountUnfinishedJobs(JobKind::kExtract) == 0 && pending->empty()) {
      break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "pipeline did not settle\n"
                                                          << ReadFile(dir / "server.log");
    std::this_thread::sleep_for(500ms);
  }
  server.Stop();

  auto repo = Repository::Open(data);
  ASSERT_TRUE(repo.ok());
  std::map<std::string, int> documents;  // per package hash
  std::map<std::string, DocStatus> status_of;
  auto docs = (*repo)->ListDocuments(std::nullopt, 1000, 0);
  ASSERT_TRUE(docs.ok());
  for (const auto& s : *docs) {
    auto d = (*repo)->GetDocument(s.id);
    ASSERT_TRUE(d.ok());
    for (const auto& f : d->files) {
      if (f.role == "package") ++documents[f.sha256];
    }
  }
  std::map<std::pair<std::string, std::string>, int> replies;  // (DocumentId, code) -> files
  TempDir scratch("vanban-crash-outbox");
  int n = 0;
  for (const auto& e : fs::directory_iterator(data / "outbox")) {
    if (e.path().extension() != ".edxml") continue;
    auto p = ReadEdxml(e.path(), EdxmlLimits{}, scratch / std::to_string(n++));
    ASSERT_TRUE(p.ok()) << e.path() << ": " << p.status().ToString();
    ++replies[{p->status.response_for.document_id, p->status.code}];
  }
  size_t written = 0;
  for (const auto& [key, files] : replies) written += static_cast<size_t>(files);
  EXPECT_EQ(*(*repo)->CountDocuments(std::nullopt), kPackages);
  for (int i = 0; i < kPackages; ++i) {
    std::string sha = Sha256Hex(ReadFile(packages[i]));
    EXPECT_EQ(documents[sha], 1) << packages[i].filename();
    std::string id = "000.00.00.H53,2026/01/12," + std::to_string(100 + i) + "/UBND-VP";
    EXPECT_EQ((replies[{id, "01"}]), 1) << id;
    EXPECT_EQ((replies[{id, "03"}]), 1) << id;
    EXPECT_LE((replies[{id, "06"}]), 1) << id;
    EXPECT_EQ((replies[{id, "02"}]), 0) << id;
  }
  std::cout << "crash test (exchange): " << kills << " SIGKILLs, " << written
            << " status replies in the outbox\n";
}

}  // namespace
}  // namespace vanban
