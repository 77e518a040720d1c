// End to end through the real `vanban` binary: a born-digital PDF is published with a PDF/A-2b
// rendition made by Ghostscript beside its original, and the portal serves both.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "vanban/convert/pdfa.h"
#include "vanban/repository/blob_store.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::ReadFile;
using testing::TempDir;

std::vector<json> JsonLines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(json::parse(line, nullptr, false));
  }
  return lines;
}

TEST(PdfaEndToEnd, PublishedPdfHasAPdfaRenditionThatThePortalServes) {
  auto pdf = testing::RenderedDocPdf("qd-01-2026-thai-nguyen-cong-thong-tin");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir dir("vanban-e2e-pdfa");
  const std::string data = (dir / "data").string();
  fs::path named = dir / "QĐ 01-2026 Quy chế Cổng TTĐT.pdf";
  fs::copy_file(*pdf, named);

  auto ingest = testing::Run(
      {testing::VanbanBinary().string(), "ingest", "--data", data, "--publish", named.string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;
  std::vector<json> lines = JsonLines(ingest.out);
  ASSERT_EQ(lines.size(), 1u) << ingest.out;
  ASSERT_EQ(lines[0]["status"], "published") << ingest.out;
  const std::string id = std::to_string(lines[0]["id"].get<int64_t>());

  auto show = testing::Run({testing::VanbanBinary().string(), "show", "--data", data, id});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  json doc = json::parse(show.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << show.out;
  ASSERT_EQ(doc["files"].size(), 2u) << doc["files"].dump(2);
  const json& original = doc["files"][0];
  const json& pdfa = doc["files"][1];
  EXPECT_EQ(original["role"], "original");
  EXPECT_EQ(original["sha256"], Sha256Hex(ReadFile(*pdf)));
  EXPECT_EQ(pdfa["role"], "pdfa");
  EXPECT_EQ(pdfa["media_type"], "application/pdf");
  EXPECT_EQ(pdfa["tool"], GhostscriptVersion());
  EXPECT_EQ(pdfa["name"], "QĐ 01-2026 Quy chế Cổng TTĐT.pdfa.pdf");
  EXPECT_NE(pdfa["sha256"], original["sha256"]);

  int port = testing::FreePort();
  testing::ChildProcess server({testing::VanbanBinary().string(), "serve", "--data", data,
                                "--listen", "127.0.0.1:" + std::to_string(port)},
                               dir / "server.log");
  ASSERT_TRUE(testing::WaitForHealthy(port, 30s)) << ReadFile(dir / "server.log");
  testing::HttpClient http("127.0.0.1", port);
  auto got = http.Get("/files/" + pdfa["sha256"].get<std::string>());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(got->Header("Content-Type").value_or(""), "application/pdf");
  EXPECT_EQ(Sha256Hex(got->body), pdfa["sha256"]);
  testing::WriteFile(dir / "served.pdf", got->body);
  auto info = ReadPdfaInfo(dir / "served.pdf");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
  EXPECT_EQ(info->conformance, "B");

  auto page = http.Get("/documents/" + id);
  ASSERT_TRUE(page.ok());
  EXPECT_NE(page->body.find("/files/" + pdfa["sha256"].get<std::string>()), std::string::npos)
      << "the document page links the PDF/A";
}

}  // namespace
}  // namespace vanban
