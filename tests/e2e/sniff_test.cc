// End to end through the real `vanban` binary: inputs that are no document land in the
// quarantine with a machine-readable reason, whatever their names claim.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixture_util.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ReadFile;
using testing::TempDir;

TEST(SniffEndToEnd, WhatIsNoDocumentIsQuarantinedWithItsReason) {
  TempDir dir("vanban-e2e-sniff");
  fs::path in = dir / "in";
  fs::create_directories(in);
  // Names that claim documents; the bytes decide.
  ASSERT_TRUE(testing::RunLogged({"python3", "-c",
                                  "import sys, zipfile\n"
                                  "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
                                  "    z.writestr('bang-luong.csv', '1,2,3')\n",
                                  (in / "Bảng lương.docx").string()},
                                 dir / "zip.log")
                  .ok())
      << ReadFile(dir / "zip.log");
  fs::copy_file("/bin/ls", in / "Quyết định 12.pdf");
  std::mt19937 rng(42);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(rng() & 0xFF);
  testing::WriteFile(in / "Công văn 7.odt", noise);
  testing::WriteFile(in / "Tờ trình trống.pdf", "");

  const std::map<std::string, std::string> expected = {
      {"Bảng lương.docx", "unsupported_format"},
      {"Quyết định 12.pdf", "unsupported_format"},
      {"Công văn 7.odt", "unsupported_format"},
      {"Tờ trình trống.pdf", "empty_file"},
  };
  std::vector<std::string> argv = {testing::VanbanBinary().string(), "ingest", "--data",
                                   (dir / "data").string(), "--publish"};
  for (const auto& [name, code] : expected) argv.push_back((in / name).string());
  auto r = testing::Run(argv);
  EXPECT_EQ(r.exit_code, 1) << "a quarantined input fails the command\n" << r.out << r.err;

  std::istringstream out(r.out);
  int lines = 0;
  for (std::string line; std::getline(out, line);) {
    json j = json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    std::string name = fs::path(j["file"].get<std::string>()).filename().string();
    SCOPED_TRACE(name);
    ASSERT_TRUE(expected.count(name)) << line;
    ++lines;
    EXPECT_EQ(j["status"], "quarantined") << line;
    EXPECT_EQ(j["reason"]["code"], expected.at(name)) << line;
    if (expected.at(name) == "unsupported_format") {
      // What it is instead, in libmagic's words.
      EXPECT_NE(j["reason"]["message"].get<std::string>().find('('), std::string::npos) << line;
    }
    // The quarantine holds the bytes and the reason beside them.
    ASSERT_TRUE(j.contains("quarantine_path")) << line;
    fs::path q = j["quarantine_path"].get<std::string>();
    EXPECT_EQ(ReadFile(q), ReadFile(in / name));
    json reason = json::parse(ReadFile(fs::path(q.string() + ".reason.json")), nullptr, false);
    ASSERT_TRUE(reason.is_object()) << q;
    EXPECT_EQ(reason["code"], expected.at(name));
  }
  EXPECT_EQ(lines, static_cast<int>(expected.size())) << r.out;
}

}  // namespace
}  // namespace vanban
