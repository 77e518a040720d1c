// References between documents, end to end through the `vanban` binary: a document that
// amends another one not yet on the portal keeps a dangling relation; when the target appears
// (here: an editor corrects another document into it) both pages show the link, and the
// page's table of contents deep-links into the text, in a real browser too.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::ChildProcess;
using testing::HttpClient;
using testing::ReadFile;
using testing::TempDir;

// Amends "Quyết định số 20/2021/QĐ-UBND ngày 12 tháng 4 năm 2021 của Ủy ban nhân dân tỉnh
// Thái Nguyên" (Điều 1) and partly repeals it (Điều 2).
constexpr const char* kAmending = "qd-18-2024-ubnd-sua-doi-quy-che";
constexpr const char* kOther = "ct-05-ubnd-an-toan-thong-tin";
constexpr const char* kSeed = "qd-01-2026-thai-nguyen-cong-thong-tin";

json RunJson(const std::vector<std::string>& argv, int want_exit = 0) {
  auto r = testing::Run(argv);
  EXPECT_EQ(r.exit_code, want_exit) << r.err << r.out;
  return json::parse(r.out, nullptr, false);
}

std::string DumpDom(const std::string& url) {
  TempDir profile("vanban-chromium");
  std::string cmd =
      "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu "
      "--disable-quic --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --user-data-dir=" +
      profile.path().string() + " --dump-dom '" + url + "' 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {};
  std::string dom;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) dom.append(buf, n);
  ::pclose(p);
  return dom;
}

TEST(Relations, LinkWhenTheTargetArrivesAndShowOnBothPages) {
  auto amending = testing::RenderedDocPdf(kAmending);
  auto other = testing::RenderedDocPdf(kOther);
  auto seed = testing::RenderedDocPdf(kSeed);
  ASSERT_TRUE(amending.ok() && other.ok() && seed.ok());
  TempDir dir("vanban-relations");
  const std::string data = (dir / "data").string(), bin = testing::VanbanBinary().string();
  auto ingest = testing::Run({bin, "ingest", "--data", data, "--publish", amending->string(),
                              other->string(), seed->string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err << ingest.out;
  std::vector<json> lines;
  std::istringstream out(ingest.out);
  for (std::string line; std::getline(out, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  const int64_t a = lines[0]["id"], b = lines[1]["id"], s = lines[2]["id"];

  // The amended document is not on the portal: the relation dangles.
  json shown = RunJson({bin, "show", "--data", data, std::to_string(a)});
  json amends;
  for (const json& r : shown["links"]["outgoing"]) {
    if (r["type"] == "amends") amends = r;
  }
  ASSERT_TRUE(amends.is_object()) << shown["links"].dump();
  EXPECT_EQ(amends["number"], "20/2021/QĐ-UBND");
  EXPECT_TRUE(amends["id"].is_null());

  // An editor corrects the other document into the amended one (as if it had been misread).
  json fixed = RunJson({bin, "correct", "--data", data, "--by", "editor1", std::to_string(b),
                        "number=20/2021/QĐ-UBND", "type=Quyết định", "issue_date=2021-04-12"});
  EXPECT_EQ(fixed["version"], 2);
  json corrected = RunJson({bin, "show", "--data", data, std::to_string(b)});
  EXPECT_EQ(corrected["number"], "20/2021/QĐ-UBND");
  EXPECT_EQ(corrected["provenance"]["number"]["source"], "editor");
  EXPECT_EQ(corrected["provenance"]["number"]["by"], "editor1");
  EXPECT_EQ(corrected["provenance"]["summary"]["source"], "extractor");
  // An unknown field and a change of nothing are refused with a reason.
  EXPECT_NE(testing::Run({bin, "correct", "--data", data, "--by", "e", std::to_string(b), "nope=1"})
                .exit_code,
            0);
  json same = RunJson({bin, "correct", "--data", data, "--by", "editor1", std::to_string(b),
                       "number=20/2021/QĐ-UBND"},
                      1);
  EXPECT_EQ(same["error"]["code"], "invalid_argument");

  int port = testing::FreePort();
  ChildProcess server(
      {bin, "serve", "--data", data, "--listen", "127.0.0.1:" + std::to_string(port)},
      dir / "server.log");
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");
  HttpClient http("127.0.0.1", port);
  auto api = http.Get("/api/documents/" + std::to_string(a));
  ASSERT_TRUE(api.ok());
  json doc = json::parse(api->body);
  bool linked = false;
  for (const json& r : doc["links"]["outgoing"]) {
    if (r["type"] == "amends" && r["id"] == b) linked = true;
  }
  EXPECT_TRUE(linked) << doc["links"].dump();
  auto target_page = http.Get("/documents/" + std::to_string(b));
  ASSERT_TRUE(target_page.ok());
  EXPECT_NE(target_page->body.find("Được sửa đổi, bổ sung bởi:</span> <a href=\"/documents/" +
                                   std::to_string(a) + "\">"),
            std::string::npos);
  auto amending_page = http.Get("/documents/" + std::to_string(a));
  ASSERT_TRUE(amending_page.ok());
  EXPECT_NE(amending_page->body.find("Sửa đổi, bổ sung:</span> <a href=\"/documents/" +
                                     std::to_string(b) + "\">"),
            std::string::npos);

  // The seed's page: a table of contents whose links land on anchors in the text, as the
  // browser builds the DOM.
  json seed_doc = json::parse(http.Get("/api/documents/" + std::to_string(s))->body);
  ASSERT_TRUE(seed_doc["structure"].is_array());
  ASSERT_GE(seed_doc["structure"].size(), 20u);
  std::string anchor;
  for (const json& n : seed_doc["structure"]) {
    if (n["kind"] == "dieu") anchor = n["anchor"];  // the last article
  }
  ASSERT_FALSE(anchor.empty());
  std::string dom = DumpDom("http://127.0.0.1:" + std::to_string(port) + "/documents/" +
                            std::to_string(s) + "#" + anchor);
  EXPECT_NE(dom.find("href=\"#" + anchor + "\""), std::string::npos) << anchor;
  EXPECT_NE(dom.find("id=\"" + anchor + "\""), std::string::npos) << anchor;
  EXPECT_NE(dom.find("Mục lục"), std::string::npos);
}

}  // namespace
}  // namespace vanban
