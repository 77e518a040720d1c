// Office documents end to end through the real `vanban` binary and real LibreOffice: a DOCX
// ingested with --publish is published with its original, an ODT and a PDF/A, and the portal's
// document page links all three; a server killed with SIGKILL leaves no soffice behind.
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "support/http_client.h"
#include "support/office_fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "vanban/repository/blob_store.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::ChildProcess;
using testing::ReadFile;
using testing::TempDir;

constexpr const char* kDoc = "qd-245-stc-thai-nguyen-to-cong-tac";

// soffice.bin processes whose parent is `parent`.
std::set<pid_t> OfficeChildrenOf(pid_t parent) {
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
    if (static_cast<pid_t>(std::atoi(line.c_str() + close + 4)) == parent) out.insert(pid);
  }
  ::closedir(d);
  return out;
}

// soffice.bin processes, wherever they hang in the process tree, whose profile lies under
// `dir` (a crashed parent's orphans are re-parented, so the parent says nothing).
std::set<pid_t> OfficesWithProfileUnder(const fs::path& dir) {
  std::set<pid_t> out;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return out;
  const std::string needle = "-env:UserInstallation=file://" + dir.string();
  while (dirent* e = ::readdir(d)) {
    pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0) continue;
    std::string cmdline = ReadFile("/proc/" + std::string(e->d_name) + "/cmdline");
    if (cmdline.find("soffice.bin") != std::string::npos &&
        cmdline.find(needle) != std::string::npos) {
      out.insert(pid);
    }
  }
  ::closedir(d);
  return out;
}

bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t close = line.rfind(')');
  return close != std::string::npos && line.size() > close + 2 && line[close + 2] != 'Z';
}

TEST(OfficeIngest, PublishedDocxHasOriginalOdtAndPdfaAndThePageListsThem) {
  auto docx = testing::OfficeDoc(kDoc, testing::OfficeFormat::kDocx);
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  TempDir dir("vanban-e2e-office");
  fs::path data = dir / "data";
  fs::path input = dir / "QĐ 245 tổ công tác.docx";
  fs::copy_file(*docx, input);

  auto ingest = testing::Run({testing::VanbanBinary().string(), "ingest", "--data", data.string(),
                              "--publish", input.string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;
  json report = json::parse(ingest.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << ingest.out;
  ASSERT_EQ(report["status"], "published") << ingest.out << ingest.err;
  int64_t id = report["id"].get<int64_t>();

  auto shown = testing::Run(
      {testing::VanbanBinary().string(), "show", "--data", data.string(), std::to_string(id)});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  json doc = json::parse(shown.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << shown.out;
  EXPECT_EQ(doc["number"], "245/QĐ-STC");
  EXPECT_EQ(doc["type"], "Quyết định");
  std::map<std::string, json> files;
  for (const json& f : doc["files"]) files[f["role"].get<std::string>()] = f;
  ASSERT_EQ(files.size(), 3u) << doc["files"].dump(2);
  ASSERT_TRUE(files.count("original") && files.count("odt") && files.count("pdfa"))
      << doc["files"].dump(2);
  EXPECT_EQ(files["original"]["sha256"], Sha256Hex(ReadFile(*docx)));
  EXPECT_EQ(files["original"]["media_type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(files["odt"]["media_type"], "application/vnd.oasis.opendocument.text");
  EXPECT_EQ(files["pdfa"]["media_type"], "application/pdf");
  // Named after the original (the pipeline's naming: "<stem>.odt", "<stem>….pdf").
  for (const char* role : {"odt", "pdfa"}) {
    std::string name = files[role]["name"];
    EXPECT_EQ(name.rfind("QĐ 245 tổ công tác.", 0), 0u) << name;
    EXPECT_EQ(fs::path(name).extension(), role == std::string("odt") ? ".odt" : ".pdf") << name;
  }
  EXPECT_NE(files["pdfa"]["tool"].get<std::string>().find("LibreOffice"), std::string::npos);
  EXPECT_TRUE(OfficesWithProfileUnder(data).empty()) << "vanban ingest left its office running";

  // The portal lists every file of the document and serves them.
  int port = testing::FreePort();
  ChildProcess server({testing::VanbanBinary().string(), "serve", "--data", data.string(),
                       "--listen", "127.0.0.1:" + std::to_string(port)},
                      dir / "server.log");
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");
  testing::HttpClient http("127.0.0.1", port);
  auto page = http.Get("/documents/" + std::to_string(id));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->status, 200) << page->body;
  for (const auto& [role, f] : files) {
    std::string sha = f["sha256"];
    EXPECT_NE(page->body.find("/files/" + sha), std::string::npos) << role << " not linked";
    auto got = http.Get("/files/" + sha);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->status, 200) << role;
    EXPECT_EQ(Sha256Hex(got->body), sha) << role;
  }
  auto pdf = http.Get("/files/" + files["pdfa"]["sha256"].get<std::string>());
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(pdf->body.rfind("%PDF-1.6", 0), 0u);
  EXPECT_NE(pdf->body.find("pdfaid:part"), std::string::npos);
  server.Kill(SIGTERM);
  EXPECT_TRUE(server.Wait(30s).has_value());
  EXPECT_TRUE(OfficesWithProfileUnder(data).empty());
}

TEST(OfficeIngest, ServerKilledWithSigkillLeavesNoOfficeBehind) {
  TempDir dir("vanban-e2e-office");
  int port = testing::FreePort();
  ChildProcess server({testing::VanbanBinary().string(), "serve", "--data", (dir / "data").string(),
                       "--listen", "127.0.0.1:" + std::to_string(port), "--office-processes", "1"},
                      dir / "server.log");
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");
  // The server starts its office in the background; wait until it runs.
  std::set<pid_t> offices;
  for (int i = 0; i < 300 && offices.empty(); ++i) {
    offices = OfficeChildrenOf(server.pid());
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(offices.size(), 1u) << ReadFile(dir / "server.log");
  server.Kill(SIGKILL);
  server.Wait(10s);
  pid_t office = *offices.begin();
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = !Alive(office);
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(gone) << "soffice.bin " << office << " outlived the SIGKILLed server";
  EXPECT_TRUE(OfficesWithProfileUnder(dir / "data").empty());
}

TEST(OfficeIngest, ServerStoppedWithSigtermStopsItsOffice) {
  TempDir dir("vanban-e2e-office");
  int port = testing::FreePort();
  ChildProcess server({testing::VanbanBinary().string(), "serve", "--data", (dir / "data").string(),
                       "--listen", "127.0.0.1:" + std::to_string(port)},
                      dir / "server.log");
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");
  std::set<pid_t> offices;
  for (int i = 0; i < 300 && offices.empty(); ++i) {
    offices = OfficeChildrenOf(server.pid());
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(offices.size(), 1u) << ReadFile(dir / "server.log");
  server.Kill(SIGTERM);
  auto status = server.Wait(30s);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 0) << ReadFile(dir / "server.log");
  EXPECT_FALSE(Alive(*offices.begin()));
}

}  // namespace
}  // namespace vanban
