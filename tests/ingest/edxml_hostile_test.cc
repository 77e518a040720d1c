// Hostile and broken edXML packages: each is refused with its reason, and nothing is written
// outside the attachment directory (nor left inside it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/edxml_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::EdxmlFixture;
using testing::EdxmlFixtureFile;
using ::testing::HasSubstr;
using testing::TempDir;

constexpr const char* kHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr const char* kRootOpen =
    "<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\"><edXMLEnvelope><edXMLHeader>"
    "<MessageHeader>";
constexpr const char* kRootClose = "</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>";

// Every entry under `root`, recursively, relative to it.
std::vector<std::string> Tree(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    out.push_back(fs::relative(e.path(), root).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class EdxmlHostile : public ::testing::Test {
 protected:
  // Reads `package` (in its own directory) into <dir>/att; expects failure with `code`, and
  // the directory to hold only the package and the (empty) attachment directory afterwards.
  std::string ExpectRefused(const fs::path& package, ErrorCode code,
                            const EdxmlLimits& limits = EdxmlLimits{}) {
    fs::path att = package.parent_path() / "att";
    auto before = Tree(package.parent_path());
    auto r = ReadEdxml(package, limits, att);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return {};
    EXPECT_EQ(r.status().code(), code) << r.status().ToString();
    EXPECT_FALSE(r.status().message().empty());
    auto after = Tree(package.parent_path());
    // The attachment directory may have been created; it must be empty again.
    if (fs::exists(att) && std::find(before.begin(), before.end(), "att") == before.end()) {
      before.push_back("att");
      std::sort(before.begin(), before.end());
    }
    EXPECT_EQ(after, before) << "files left behind";
    return r.status().message();
  }
  fs::path Write(const std::string& name, const std::string& xml) {
    fs::create_directories(tmp_ / name);
    fs::path p = tmp_ / name / "package.edxml";
    testing::WriteFile(p, xml);
    return p;
  }
  fs::path Make(const std::string& name, const EdxmlFixture& f) {
    fs::create_directories(tmp_ / name);
    fs::path p = tmp_ / name / "package.edxml";
    Status st = testing::WriteEdxmlFixture(f, p);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return p;
  }
  TempDir tmp_;
};

TEST_F(EdxmlHostile, XxeFileEntity) {
  fs::path p =
      Write("xxe-file", std::string(kHead) +
                            "<!DOCTYPE edXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
                            kRootOpen + "<Subject>&xxe;</Subject>" + kRootClose);
  std::string st = ExpectRefused(p, ErrorCode::kHostileInput);
  EXPECT_THAT(st, HasSubstr("external entity"));
}

TEST_F(EdxmlHostile, XxeHttpEntity) {
  fs::path p = Write("xxe-http", std::string(kHead) +
                                     "<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "
                                     "\"http://127.0.0.1:9/steal\">]>" +
                                     kRootOpen + "<Subject>&xxe;</Subject>" + kRootClose);
  ExpectRefused(p, ErrorCode::kHostileInput);
}

TEST_F(EdxmlHostile, XxeParameterEntity) {
  fs::path p = Write("xxe-pe", std::string(kHead) +
                                   "<!DOCTYPE edXML [<!ENTITY % pe SYSTEM "
                                   "\"http://127.0.0.1:9/evil.dtd\"> %pe;]>" +
                                   kRootOpen + kRootClose);
  ExpectRefused(p, ErrorCode::kHostileInput);
}

TEST_F(EdxmlHostile, ExternalDtd) {
  fs::path p = Write("dtd", std::string(kHead) + "<!DOCTYPE edXML SYSTEM \"file:///etc/passwd\">" +
                                kRootOpen + kRootClose);
  std::string st = ExpectRefused(p, ErrorCode::kHostileInput);
  EXPECT_THAT(st, HasSubstr("external DTD"));
}

TEST_F(EdxmlHostile, BillionLaughs) {
  std::string dtd = "<!DOCTYPE edXML [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k)
      dtd += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    dtd += "\">";
  }
  dtd += "]>";
  fs::path p =
      Write("lol", std::string(kHead) + dtd + kRootOpen + "<Subject>&lol9;</Subject>" + kRootClose);
  std::string st = ExpectRefused(p, ErrorCode::kHostileInput);
  EXPECT_THAT(st, HasSubstr("entity"));
}

TEST_F(EdxmlHostile, UndeclaredEntityIsNotWellFormed) {
  fs::path p = Write("undeclared",
                     std::string(kHead) + kRootOpen + "<Subject>&nope;</Subject>" + kRootClose);
  ExpectRefused(p, ErrorCode::kCorrupt);
}

// Found by the fuzzer: libxml2 reports these first bytes (UCS-4 in an unusual byte order) as
// an encoding it cannot read while the parser is being created, before it is the reader's.
TEST_F(EdxmlHostile, UnreadableEncodingInTheFirstBytesIsRefused) {
  fs::path p = Write("ucs4-2143", std::string("\x00\x00\x3c\x00\x00\x63\x00\x01\x00", 9));
  ExpectRefused(p, ErrorCode::kCorrupt);
}

TEST_F(EdxmlHostile, DeepNesting) {
  std::string xml = std::string(kHead) + kRootOpen;
  for (int i = 0; i < 1000; ++i) xml += "<a>";
  for (int i = 0; i < 1000; ++i) xml += "</a>";
  xml += kRootClose;
  std::string st = ExpectRefused(Write("deep", xml), ErrorCode::kHostileInput);
  EXPECT_THAT(st, HasSubstr("nested deeper than 64"));
}

TEST_F(EdxmlHostile, TraversalAttachmentNames) {
  fs::path pdf = tmp_ / "x.pdf";
  testing::WriteFile(pdf, "%PDF-1.4\n");
  for (std::string name : {"../../etc/passwd", "/etc/passwd", "..\\..\\Windows\\win.ini",
                           "\\\\server\\share\\x.pdf", "ok/../../x.pdf"}) {
    EdxmlFixture f;
    // A harmless attachment first: it must be removed again when the second is refused.
    f.files = {EdxmlFixtureFile{pdf, "first.pdf"}, EdxmlFixtureFile{pdf, name}};
    std::string dir = "trav" + std::to_string(std::hash<std::string>()(name) % 100000);
    std::string st = ExpectRefused(Make(dir, f), ErrorCode::kHostileInput);
    EXPECT_THAT(st, HasSubstr("leave its directory")) << name;
  }
  EXPECT_EQ(testing::ReadFile("/etc/passwd").find("%PDF"), std::string::npos);
}

TEST_F(EdxmlHostile, InvalidBase64) {
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{{}, "a.pdf", "application/pdf", "", false, "JVBERi0x$LjQK"}};
  std::string st = ExpectRefused(Make("b64", f), ErrorCode::kCorrupt);
  EXPECT_THAT(st, HasSubstr("invalid base64"));
  f.files = {EdxmlFixtureFile{{}, "a.pdf", "application/pdf", "", false, "JVBERi0xLjQKA"}};
  st = ExpectRefused(Make("b64-cut", f), ErrorCode::kCorrupt);
  EXPECT_THAT(st, HasSubstr("middle of a byte"));
  f.files = {EdxmlFixtureFile{{}, "a.pdf", "application/pdf", "", false, "JVBE==Ri0x"}};
  ExpectRefused(Make("b64-pad", f), ErrorCode::kCorrupt);
}

TEST_F(EdxmlHostile, ZipBomb) {
  // 512 MB of zeros in about 500 kB: refused on the size its headers declare.
  fs::path bomb = tmp_ / "bomb.zip";
  ASSERT_TRUE(testing::ZipOfZeros(bomb, int64_t{512} << 20).ok());
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{bomb, "hoso.zip", "application/zip"}};
  std::string st = ExpectRefused(Make("bomb", f), ErrorCode::kTooLarge);
  EXPECT_THAT(st, HasSubstr("ZIP bomb"));
}

TEST_F(EdxmlHostile, ZipBombWithLyingHeaders) {
  // 64 MB of zeros whose headers claim 1000 bytes: refused on the bytes actually inflated.
  fs::path bomb = tmp_ / "bomb.zip";
  ASSERT_TRUE(testing::ZipOfZeros(bomb, int64_t{64} << 20).ok());
  ASSERT_TRUE(testing::ZeroZipSizes(bomb).ok());
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{bomb, "hoso.zip", "application/zip"}};
  std::string st = ExpectRefused(Make("bomb2", f), ErrorCode::kTooLarge);
  EXPECT_THAT(st, HasSubstr("inflates to more than 100 times"));
}

TEST_F(EdxmlHostile, ZipEntryTraversal) {
  fs::path payload = tmp_ / "p.txt";
  testing::WriteFile(payload, "owned\n");
  fs::path zip = tmp_ / "slip.zip";
  ASSERT_TRUE(testing::ZipOneFile(payload, "../../../tmp/evil.txt", zip).ok());
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{zip, "hoso.zip", "application/zip"}};
  std::string st = ExpectRefused(Make("zipslip", f), ErrorCode::kHostileInput);
  EXPECT_THAT(st, HasSubstr("leave its directory"));
}

TEST_F(EdxmlHostile, Truncated) {
  fs::path pdf = tmp_ / "x.bin";
  ASSERT_TRUE(testing::WriteNoiseFile(pdf, 200000).ok());
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{pdf, "a.pdf"}};
  fs::path whole = Make("whole", f);
  std::string bytes = testing::ReadFile(whole);
  for (double cut : {0.02, 0.5, 0.999}) {
    std::string name = "cut" + std::to_string(static_cast<int>(cut * 1000));
    fs::path p = Write(name, bytes.substr(0, static_cast<size_t>(bytes.size() * cut)));
    std::string st = ExpectRefused(p, ErrorCode::kCorrupt);
    EXPECT_THAT(st, HasSubstr("truncated")) << name;
  }
}

TEST_F(EdxmlHostile, Limits) {
  fs::path pdf = tmp_ / "x.bin";
  ASSERT_TRUE(testing::WriteNoiseFile(pdf, 100000).ok());
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{pdf, "a.pdf"}, EdxmlFixtureFile{pdf, "b.pdf"}};
  fs::path p = Make("limits", f);
  EdxmlLimits one;
  one.max_attachments = 1;
  EXPECT_THAT(ExpectRefused(p, ErrorCode::kTooLarge, one), HasSubstr("attachments"));
  EdxmlLimits small;
  small.max_attachment_bytes = 50000;
  EXPECT_THAT(ExpectRefused(p, ErrorCode::kTooLarge, small), HasSubstr("larger"));
  EdxmlLimits total;
  total.max_total_attachment_bytes = 150000;
  EXPECT_THAT(ExpectRefused(p, ErrorCode::kTooLarge, total), HasSubstr("total"));
  EdxmlLimits package;
  package.max_package_bytes = 1000;
  ExpectRefused(p, ErrorCode::kTooLarge, package);
  EdxmlLimits field;
  field.max_field_bytes = 10;
  ExpectRefused(p, ErrorCode::kTooLarge, field);
}

TEST_F(EdxmlHostile, NotXmlEmptyAndMissing) {
  ExpectRefused(Write("notxml", "%PDF-1.4 this is not XML"), ErrorCode::kCorrupt);
  ExpectRefused(Write("empty", ""), ErrorCode::kEmptyFile);
  auto r = ReadEdxml(tmp_ / "missing.edxml", EdxmlLimits{}, tmp_ / "att");
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

TEST_F(EdxmlHostile, ExistingFilesAreNeverReplaced) {
  fs::path pdf = tmp_ / "x.pdf";
  testing::WriteFile(pdf, "new bytes");
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{pdf, "keep.pdf"}};
  fs::path p = Make("existing", f);
  fs::create_directories(p.parent_path() / "att");
  testing::WriteFile(p.parent_path() / "att" / "keep.pdf", "old bytes");
  // A symlink named like the next candidate must not be followed either.
  fs::create_symlink("/etc/passwd", p.parent_path() / "att" / "keep-2.pdf");
  auto r = ReadEdxml(p, EdxmlLimits{}, p.parent_path() / "att");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(testing::ReadFile(p.parent_path() / "att" / "keep.pdf"), "old bytes");
  EXPECT_EQ(r->attachments[0].file.name, "keep-3.pdf");
  EXPECT_EQ(testing::ReadFile(r->attachments[0].file.path), "new bytes");
}

}  // namespace
}  // namespace vanban
