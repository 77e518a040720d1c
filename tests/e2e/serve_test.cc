// End to end through the real `vanban` binary: a clerk drops files into the inbox of a running
// server; the public finds and reads them over real HTTP.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "vanban/repository/blob_store.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::ChildProcess;
using testing::HttpClient;
using testing::ReadFile;
using testing::TempDir;

constexpr const char* kSeed = "qd-01-2026-thai-nguyen-cong-thong-tin";

class ServeTest : public ::testing::Test {
 protected:
  void StartServer(bool auto_publish) {
    port_ = testing::FreePort();
    std::vector<std::string> argv = {
        testing::VanbanBinary().string(),     "serve",       "--data", data_.string(), "--listen",
        "127.0.0.1:" + std::to_string(port_), "--stable-ms", "300"};
    if (auto_publish) argv.push_back("--auto-publish");
    server_ = std::make_unique<ChildProcess>(argv, dir_ / "server.log");
    ASSERT_TRUE(testing::WaitForHealthy(port_, 30s)) << Log();
    http_ = std::make_unique<HttpClient>("127.0.0.1", port_);
  }

  std::string Log() { return ReadFile(dir_ / "server.log"); }

  json GetJson(const std::string& target) {
    auto r = http_->Get(target);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return json();
    EXPECT_EQ(r->status, 200) << target << "\n" << r->body;
    return json::parse(r->body, nullptr, false);
  }

  // Polls the search API until `number` is among the hits; returns the hit (null on timeout).
  json WaitForHit(const std::string& query, const std::string& number,
                  std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      json r = GetJson("/api/search?q=" + testing::UrlEncode(query));
      if (r.is_object()) {
        for (const auto& h : r["hits"]) {
          if (h["number"] == number) return h;
        }
      }
      std::this_thread::sleep_for(100ms);
    }
    return json();
  }

  void Drop(const fs::path& src, const std::string& unit, const std::string& name) {
    fs::create_directories(data_ / "inbox" / unit);
    fs::copy_file(src, data_ / "inbox" / unit / name, fs::copy_options::overwrite_existing);
  }

  // Waits until the quarantine holds a .reason.json for `name`; returns it parsed.
  json WaitForQuarantine(const std::string& name, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::error_code ec;
      for (auto& e : fs::directory_iterator(data_ / "quarantine", ec)) {
        std::string f = e.path().filename().string();
        std::string suffix = name + ".reason.json";
        if (f.size() >= suffix.size() && f.substr(f.size() - suffix.size()) == suffix) {
          return json::parse(ReadFile(e.path()), nullptr, false);
        }
      }
      std::this_thread::sleep_for(100ms);
    }
    return json();
  }

  TempDir dir_{"vanban-e2e"};
  fs::path data_ = dir_.path() / "data";
  int port_ = 0;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<HttpClient> http_;
};

TEST_F(ServeTest, DroppedPdfIsFoundWithoutDiacriticsAndItsPageShowsTheArticle42Fields) {
  auto pdf = testing::RenderedDocPdf(kSeed);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  StartServer(/*auto_publish=*/true);
  Drop(*pdf, "vpubnd", "QĐ 01-2026 Quy chế Cổng TTĐT.pdf");

  json hit = WaitForHit("quy che cong thong tin", "01/2026/QĐ-UBND", 30s);
  ASSERT_TRUE(hit.is_object()) << "not found by a query without diacritics\n" << Log();
  for (const char* k : {"id", "number", "type", "summary", "issue_date", "score", "snippet"}) {
    EXPECT_TRUE(hit.contains(k)) << k;
  }
  EXPECT_EQ(hit["type"], "Quyết định");
  EXPECT_EQ(hit["issue_date"], "2026-01-12");
  EXPECT_FALSE(fs::exists(data_ / "inbox" / "vpubnd" / "QĐ 01-2026 Quy chế Cổng TTĐT.pdf"));

  int64_t id = hit["id"].get<int64_t>();
  json doc = GetJson("/api/documents/" + std::to_string(id));
  EXPECT_EQ(doc["status"], "published");
  EXPECT_EQ(doc["number"], "01/2026/QĐ-UBND");
  EXPECT_EQ(doc["type"], "Quyết định");
  EXPECT_EQ(doc["authority"], "Ủy ban nhân dân tỉnh Thái Nguyên");
  EXPECT_EQ(doc["issue_date"], "2026-01-12");
  EXPECT_EQ(doc["effective_date"], "2026-01-25");
  EXPECT_EQ(doc["signer"], "Bùi Văn Lương");
  EXPECT_NE(doc["summary"].get<std::string>().find("Cổng Thông tin điện tử"), std::string::npos)
      << doc["summary"];
  // The original at once; its PDF/A-2b rendition (tests/e2e/pdfa_test.cc) from a render job
  // that runs after the document is public.
  for (int i = 0; i < 300 && doc["files"].size() < 2; ++i) {
    std::this_thread::sleep_for(100ms);
    doc = GetJson("/api/documents/" + std::to_string(id));
  }
  ASSERT_EQ(doc["files"].size(), 2u) << doc.dump(2);
  EXPECT_EQ(doc["files"][0]["role"], "original");
  EXPECT_EQ(doc["files"][1]["role"], "pdfa");
  std::string sha = doc["files"][0]["sha256"];
  EXPECT_EQ(sha, Sha256Hex(ReadFile(*pdf)));

  auto page = http_->Get("/documents/" + std::to_string(id));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->status, 200);
  for (const char* s : {"01/2026/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Thái Nguyên",
                        "12/01/2026", "25/01/2026", "Bùi Văn Lương", "Cổng Thông tin điện tử"}) {
    EXPECT_NE(page->body.find(s), std::string::npos) << "document page lacks " << s;
  }
  EXPECT_NE(page->body.find("/files/" + sha), std::string::npos);

  auto file = http_->Get("/files/" + sha);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->status, 200);
  EXPECT_EQ(file->body, ReadFile(*pdf));
  EXPECT_EQ(file->Header("Content-Type").value_or(""), "application/pdf");
  // The index was read ahead of the first searches as the server started (SearchIndex::Warm).
  EXPECT_NE(Log().find("search index read ahead: "), std::string::npos) << Log();

  // The home page lists it.
  auto home = http_->Get("/");
  ASSERT_TRUE(home.ok());
  EXPECT_NE(home->body.find("01/2026/QĐ-UBND"), std::string::npos);
}

TEST_F(ServeTest, WithoutAutoPublishNothingIsPublicUntilAnEditorApproves) {
  auto pdf = testing::RenderedDocPdf("qd-245-stc-thai-nguyen-to-cong-tac");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  StartServer(/*auto_publish=*/false);
  Drop(*pdf, "sotc", "qd-245.pdf");

  // Wait until it is stored and waiting for review.
  json waiting;
  for (int i = 0; i < 300 && !(waiting.is_object() && waiting["total"] == 1); ++i) {
    auto r = testing::Run({testing::VanbanBinary().string(), "review", "--data", data_.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    waiting = json::parse(r.out, nullptr, false);
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(waiting["total"], 1) << Log();
  json listed = waiting["documents"][0];
  EXPECT_EQ(listed["status"], "in_review");
  EXPECT_EQ(listed["number"], "245/QĐ-STC");
  int64_t id = listed["id"];

  EXPECT_EQ(GetJson("/api/search?q=" + testing::UrlEncode("245/QĐ-STC"))["total"], 0);
  auto hidden = http_->Get("/documents/" + std::to_string(id));
  ASSERT_TRUE(hidden.ok());
  EXPECT_EQ(hidden->status, 404);

  auto approve = testing::Run({testing::VanbanBinary().string(), "approve", "--data",
                               data_.string(), std::to_string(id), "--by", "Nguyễn Thị Hoa"});
  ASSERT_EQ(approve.exit_code, 0) << approve.out << approve.err;
  auto approved_at = std::chrono::steady_clock::now();
  json hit = WaitForHit("245/QĐ-STC", "245/QĐ-STC", 10s);
  ASSERT_TRUE(hit.is_object()) << Log();
  auto latency = std::chrono::steady_clock::now() - approved_at;
  EXPECT_LT(latency, 2s) << "published document took "
                         << std::chrono::duration_cast<std::chrono::milliseconds>(latency).count()
                         << " ms to become searchable";
  auto shown = testing::Run(
      {testing::VanbanBinary().string(), "show", "--data", data_.string(), std::to_string(id)});
  EXPECT_EQ(json::parse(shown.out)["status"], "published");
}

TEST_F(ServeTest, BadInputsEndInQuarantineWithAReasonAndTheServerKeepsServing) {
  auto encrypted = testing::EncryptedPdf();
  auto truncated = testing::TruncatedPdf();
  auto good = testing::RenderedDocPdf("tb-58-ubnd-ket-luan-hop");
  auto slow = testing::RenderedDocPdf("kh-25-ubnd-chuyen-doi-so-2026");
  ASSERT_TRUE(encrypted.ok() && truncated.ok() && good.ok() && slow.ok());
  StartServer(/*auto_publish=*/true);

  testing::WriteFile(data_ / "inbox" / "u" / "empty.pdf", "");
  Drop(*truncated, "u", "truncated.pdf");
  Drop(*encrypted, "u", "encrypted.pdf");
  // A name in a legacy 8-bit encoding, not UTF-8: the file is still processed.
  Drop(*good, "u", "Th\xf4ng b\xe1o 58.pdf");
  // A file still being written: half now, the rest after a pause longer than stable-ms.
  std::string slow_bytes = ReadFile(*slow);
  fs::path slow_path = data_ / "inbox" / "u" / "ke-hoach.pdf";
  int fd = ::open(slow_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_GT(::write(fd, slow_bytes.data(), slow_bytes.size() / 2), 0);

  json empty = WaitForQuarantine("empty.pdf", 30s);
  json trunc = WaitForQuarantine("truncated.pdf", 30s);
  json enc = WaitForQuarantine("encrypted.pdf", 30s);
  ASSERT_TRUE(empty.is_object() && trunc.is_object() && enc.is_object()) << Log();
  EXPECT_EQ(empty["code"], "empty_file");
  EXPECT_EQ(trunc["code"], "corrupt_file");
  EXPECT_EQ(enc["code"], "encrypted");
  for (const json* j : {&empty, &trunc, &enc}) {
    EXPECT_FALSE((*j)["message"].get<std::string>().empty());
  }
  json legacy = WaitForHit("58/TB-UBND", "58/TB-UBND", 30s);
  EXPECT_TRUE(legacy.is_object()) << "the file with a non-UTF-8 name was lost\n" << Log();

  // Still open for writing: it must wait in the inbox.
  EXPECT_TRUE(fs::exists(slow_path));
  size_t rest = slow_bytes.size() - slow_bytes.size() / 2;
  ASSERT_EQ(::write(fd, slow_bytes.data() + slow_bytes.size() / 2, rest),
            static_cast<ssize_t>(rest));
  ::close(fd);
  json plan = WaitForHit("25/KH-UBND", "25/KH-UBND", 30s);
  EXPECT_TRUE(plan.is_object()) << "the completed file was not published\n" << Log();

  EXPECT_TRUE(server_->Running());
  EXPECT_EQ(GetJson("/api/health")["status"], "ok");
}

TEST(VanbanCli, IngestReportsOneJsonLinePerFileAndFailsWhenAnyIsQuarantined) {
  auto a = testing::RenderedDocPdf("ct-05-ubnd-an-toan-thong-tin");
  auto b = testing::RenderedDocPdf("cv-312-stc-qlns-kinh-phi-cong");
  auto bad = testing::TruncatedPdf();
  ASSERT_TRUE(a.ok() && b.ok() && bad.ok());
  TempDir dir("vanban-cli");
  std::string data = (dir / "data").string();
  auto r = testing::Run({testing::VanbanBinary().string(), "ingest", "--data", data, "--publish",
                         a->string(), b->string(), bad->string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> lines;
  std::istringstream out(r.out);
  for (std::string line; std::getline(out, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0]["status"], "published");
  EXPECT_EQ(lines[0]["file"], a->string());
  EXPECT_TRUE(lines[0]["id"].is_number());
  EXPECT_EQ(lines[1]["status"], "published");
  EXPECT_EQ(lines[2]["status"], "quarantined");
  EXPECT_EQ(lines[2]["reason"]["code"], "corrupt_file");
  EXPECT_TRUE(lines[2]["id"].is_null());
  EXPECT_TRUE(fs::exists(*a)) << "ingest must not remove the user's file";

  // The same bytes again: one document, reported as a duplicate.
  auto again = testing::Run(
      {testing::VanbanBinary().string(), "ingest", "--data", data, "--publish", a->string()});
  EXPECT_EQ(again.exit_code, 0);
  json dup = json::parse(again.out);
  EXPECT_EQ(dup["status"], "duplicate");
  EXPECT_EQ(dup["id"], lines[0]["id"]);

  // search and show give the API's JSON.
  auto s = testing::Run(
      {testing::VanbanBinary().string(), "search", "--data", data, "an toan thong tin"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  json cli = json::parse(s.out);
  EXPECT_GE(cli["total"].get<int>(), 1);
  EXPECT_EQ(cli["hits"][0]["number"], "05/CT-UBND");
  // Filters without words browse: the one Công văn, with the type facet counting both types.
  auto f = testing::Run({testing::VanbanBinary().string(), "search", "--data", data, "--type",
                         "Công văn", "--sort", "-issue_date"});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  json filtered = json::parse(f.out);
  ASSERT_EQ(filtered["total"], 1) << f.out;
  EXPECT_EQ(filtered["hits"][0]["number"], "312/STC-QLNS");
  EXPECT_EQ(filtered["facets"]["type"].size(), 2u) << f.out;
  EXPECT_EQ(testing::Run({testing::VanbanBinary().string(), "search", "--data", data, "--sort",
                          "newest", "x"})
                .exit_code,
            2);

  int port = testing::FreePort();
  ChildProcess server({testing::VanbanBinary().string(), "serve", "--data", data, "--listen",
                       "127.0.0.1:" + std::to_string(port)},
                      dir / "server.log");
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");
  HttpClient http("127.0.0.1", port);
  auto api = http.Get("/api/search?q=" + testing::UrlEncode("an toan thong tin"));
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(json::parse(api->body), cli);
  auto show = testing::Run({testing::VanbanBinary().string(), "show", "--data", data,
                            std::to_string(lines[0]["id"].get<int64_t>())});
  auto api_doc = http.Get("/api/documents/" + std::to_string(lines[0]["id"].get<int64_t>()));
  ASSERT_TRUE(api_doc.ok());
  EXPECT_EQ(json::parse(show.out), json::parse(api_doc->body));
}

TEST(VanbanCli, ExtractPrintsMetadataAndTheFullText) {
  auto pdf = testing::RenderedDocPdf(kSeed);
  ASSERT_TRUE(pdf.ok());
  auto r = testing::Run({testing::VanbanBinary().string(), "extract", pdf->string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["number"], "01/2026/QĐ-UBND");
  EXPECT_EQ(j["type"], "Quyết định");
  EXPECT_EQ(j["place"], "Thái Nguyên");
  EXPECT_NE(j["text"].get<std::string>().find("Điều 23. Tổ chức thực hiện"), std::string::npos);
  auto bad = testing::Run({testing::VanbanBinary().string(), "extract", "/nonexistent.pdf"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(json::parse(bad.out)["error"]["code"].is_string());
}

}  // namespace
}  // namespace vanban
