// Content sniffing on real files of every kind a clerk may drop (made by LibreOffice, Poppler's
// utilities and Python's zipfile from the fixture documents), with what libmagic 5.44 says,
// what vanban refines it to and which extractor is chosen.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/sniff.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

constexpr const char* kDoc = "cv-4240-ubnd-vx-tphcm";
constexpr const char* kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr const char* kOdt = "application/vnd.oasis.opendocument.text";

const ExtractorRegistry& Registry() {
  // Kept for the life of the process, never destroyed: at exit, the static destructors of
  // Tesseract, Ghostscript and the UNO runtime run in an order this one cannot join safely
  // (a test binary once crashed after all its tests had passed).
  static const ExtractorRegistry& r = *ExtractorRegistry::CreateDefault().release();
  return r;
}

void Put32(std::string* b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*b)[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void Put16(std::string* b, size_t at, uint16_t v) {
  (*b)[at] = static_cast<char>(v & 0xFF);
  (*b)[at + 1] = static_cast<char>(v >> 8);
}

// A password-protected OOXML file as Office writes it, reduced to its container: an MS-CFB
// (version 3) whose root holds the "EncryptionInfo" and "EncryptedPackage" streams (empty here;
// libmagic and the readers look at the directory).
std::string EncryptedOoxmlContainer() {
  constexpr uint32_t kEnd = 0xFFFFFFFE, kFree = 0xFFFFFFFF, kFatSect = 0xFFFFFFFD;
  std::string f(512 * 3, '\0');
  const unsigned char sig[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  std::memcpy(f.data(), sig, sizeof sig);
  Put16(&f, 24, 0x3E);    // minor version
  Put16(&f, 26, 3);       // major version: 512-byte sectors
  Put16(&f, 28, 0xFFFE);  // little-endian
  Put16(&f, 30, 9);       // sector shift
  Put16(&f, 32, 6);       // mini sector shift
  Put32(&f, 44, 1);       // FAT sectors
  Put32(&f, 48, 1);       // first directory sector
  Put32(&f, 56, 4096);    // mini stream cutoff
  Put32(&f, 60, kEnd);    // no mini FAT
  Put32(&f, 68, kEnd);    // no DIFAT sectors
  Put32(&f, 76, 0);       // the FAT is sector 0
  for (int i = 1; i < 109; ++i) Put32(&f, 76 + 4 * i, kFree);
  const size_t fat = 512;
  for (size_t i = 0; i < 128; ++i) Put32(&f, fat + 4 * i, kFree);
  Put32(&f, fat, kFatSect);
  Put32(&f, fat + 4, kEnd);  // the directory: one sector
  auto entry = [&](int index, const std::u16string& name, uint8_t type, uint32_t right,
                   uint32_t child) {
    size_t e = 1024 + 128 * static_cast<size_t>(index);
    for (size_t i = 0; i < name.size(); ++i) Put16(&f, e + 2 * i, name[i]);
    Put16(&f, e + 64, static_cast<uint16_t>(2 * (name.size() + 1)));
    f[e + 66] = static_cast<char>(type);
    f[e + 67] = 1;  // black
    Put32(&f, e + 68, kFree);
    Put32(&f, e + 72, right);
    Put32(&f, e + 76, child);
    Put32(&f, e + 116, kEnd);  // empty stream
  };
  entry(0, u"Root Entry", 5, kFree, 1);
  entry(1, u"EncryptionInfo", 2, 2, kFree);
  entry(2, u"EncryptedPackage", 2, kFree, kFree);
  return f;
}

// Rewrites the LibreOffice DOCX/ODT with their members in other orders, the way other writers
// order them, and makes a ZIP that holds no document.
constexpr const char* kZipScript = R"(
import sys, zipfile
docx, odt, out = sys.argv[1], sys.argv[2], sys.argv[3]
def members(path):
    z = zipfile.ZipFile(path)
    return [(n, z.read(n)) for n in z.namelist()]
def write(name, items):
    with zipfile.ZipFile(out + '/' + name, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, d in items:
            z.writestr(n, d)
d = dict(members(docx))
rest = [(n, v) for n, v in d.items() if n not in ('[Content_Types].xml', '_rels/.rels')]
custom = [('customXml/item%d.xml' % i, '<a/>' * 50) for i in range(6)]
write('docx-custom-xml-first.docx',
      [('[Content_Types].xml', d['[Content_Types].xml']), ('_rels/.rels', d['_rels/.rels'])]
      + custom + rest)
write('docx-content-types-last.docx', rest + [('_rels/.rels', d['_rels/.rels']),
                                              ('[Content_Types].xml', d['[Content_Types].xml'])])
o = members(odt)
write('odt-mimetype-last.odt', [m for m in o if m[0] != 'mimetype'] +
      [m for m in o if m[0] == 'mimetype'])
write('not-a-document.zip', [('readme.txt', 'xin chao'), ('data/bang.csv', '1,2,3')])
)";

struct Sample {
  std::string file;        // under SniffSamples()
  std::string media_type;  // after refinement
  std::string magic_type;  // libmagic's own when refined, else ""
  std::string extractor;   // chosen extractor's name; "" when not asserted here
};

// Every sample, made once per build directory under <build>/fixtures/sniff/.
Result<fs::path> SniffSamples() {
  VANBAN_RETURN_IF_ERROR(testing::NeedDocgen());
  auto pdf = testing::RenderedDocPdf(kDoc);
  if (!pdf.ok()) return pdf.status();
  const fs::path src = testing::DocsDir() / (std::string(kDoc) + ".vbsrc");
  const fs::path dir = testing::FixturesDir() / "sniff";
  const fs::path stamp = dir / "done";
  if (testing::Fresh(stamp, {src, *pdf, testing::Docgen()})) return dir;
  testing::FixtureLock lock;
  if (testing::Fresh(stamp, {src, *pdf, testing::Docgen()})) return dir;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  TempDir work("vanban-fixture");

  std::string bytes = testing::ReadFile(*pdf);
  testing::WriteFile(dir / "doc.pdf", bytes);
  testing::WriteFile(dir / "crlf-before.pdf", "\r\n\r\n" + bytes);
  testing::WriteFile(dir / "http-header-before.pdf",
                     "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n" + bytes);

  fs::path fodt = work.path() / "doc.fodt";
  VANBAN_RETURN_IF_ERROR(testing::RunLogged(
      {testing::Docgen().string(), src.string(), fodt.string()}, work.path() / "docgen.log"));
  for (const char* filter : {"docx", "doc", "rtf", "odt", "html"}) {
    VANBAN_RETURN_IF_ERROR(testing::ConvertWithSoffice(fodt, filter, dir, work));
  }
  VANBAN_RETURN_IF_ERROR(
      testing::RunLogged({"python3", "-c", kZipScript, (dir / "doc.docx").string(),
                          (dir / "doc.odt").string(), dir.string()},
                         work.path() / "zip.log"));
  for (const char* kind : {"png", "jpeg", "tiff"}) {
    VANBAN_RETURN_IF_ERROR(
        testing::RunLogged({"pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
                            std::string("-") + kind, pdf->string(), (dir / "page").string()},
                           work.path() / "pdftoppm.log"));
  }

  testing::WriteFile(dir / "utf8.txt",
                     "Ủy ban nhân dân tỉnh Thái Nguyên\nQuyết định số 01/2026/QĐ-UBND\n");
  // "Uû ban nh©n d©n tØnh Th¸i Nguyªn" in TCVN3 (ABC) bytes, as a .VnTime text file holds it.
  testing::WriteFile(
      dir / "tcvn3.txt",
      "U\xFB ban nh\xA9n d\xA9n t\xD8nh Th\xB8i Nguy\xAAn\nQuy\xD5t \xAE\xDEnh s\xE8 "
      "01/2026/Q\xA7-UBND\n");
  const std::string envelope =
      "<edXML:edXMLEnvelope xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"
      "<edXML:edXMLHeader><edXML:MessageHeader><edXML:Subject>Quyết định số 01/2026/QĐ-UBND"
      "</edXML:Subject></edXML:MessageHeader></edXML:edXMLHeader><edXML:edXMLBody/>"
      "</edXML:edXMLEnvelope>\n";
  testing::WriteFile(dir / "edxml.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + envelope);
  testing::WriteFile(dir / "edxml-no-declaration.xml", envelope);
  testing::WriteFile(dir / "encrypted.docx", EncryptedOoxmlContainer());
  std::mt19937 rng(20260112);
  std::string noise(8192, '\0');
  for (char& c : noise) c = static_cast<char>(rng() & 0xFF);
  testing::WriteFile(dir / "random.bin", noise);
  testing::WriteFile(dir / "empty.pdf", "");
  fs::copy_file("/bin/ls", dir / "program.pdf", fs::copy_options::overwrite_existing, ec);
  if (ec) return Status(ErrorCode::kIoError, "copy /bin/ls: " + ec.message());
  VANBAN_RETURN_IF_ERROR(testing::WriteAtomically(stamp, "ok"));
  return dir;
}

// Extensions lie on purpose (program.pdf, empty.pdf): sniffing never looks at them.
const std::vector<Sample>& Table() {
  static const std::vector<Sample> t = {
      {"doc.pdf", "application/pdf", "", "poppler"},
      {"crlf-before.pdf", "application/pdf", "application/octet-stream", "poppler"},
      {"http-header-before.pdf", "application/pdf", "application/octet-stream", "poppler"},
      {"doc.docx", kDocx, "", "libreoffice"},
      {"docx-custom-xml-first.docx", kDocx, "application/octet-stream", "libreoffice"},
      {"docx-content-types-last.docx", kDocx, "", "libreoffice"},
      {"doc.doc", "application/msword", "", "libreoffice"},
      {"doc.rtf", "text/rtf", "", "libreoffice"},
      {"doc.odt", kOdt, "", "libreoffice"},
      {"odt-mimetype-last.odt", kOdt, "application/zip", "libreoffice"},
      {"doc.html", "text/html", "", "libreoffice"},
      {"utf8.txt", "text/plain", "", ""},
      {"tcvn3.txt", "text/plain", "", ""},
      {"edxml.xml", "text/xml", "", ""},
      {"edxml-no-declaration.xml", "text/xml", "text/plain", ""},
      {"page.tif", "image/tiff", "", ""},
      {"page.png", "image/png", "", ""},
      {"page.jpg", "image/jpeg", "", ""},
      {"encrypted.docx", "application/encrypted", "", ""},
      {"not-a-document.zip", "application/zip", "", ""},
      {"program.pdf", "application/x-pie-executable", "", ""},
      {"random.bin", "application/octet-stream", "", ""},
  };
  return t;
}

TEST(Sniff, EveryKindOfInputGetsItsMediaTypeAndExtractor) {
  auto dir = SniffSamples();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  for (const Sample& s : Table()) {
    SCOPED_TRACE(s.file);
    auto r = Sniff(*dir / s.file);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->media_type, s.media_type) << r->description;
    EXPECT_EQ(r->magic_media_type, s.magic_type) << r->description;
    EXPECT_FALSE(r->description.empty());
    EXPECT_EQ(r->size, static_cast<int64_t>(fs::file_size(*dir / s.file)));
    if (!s.extractor.empty()) {
      const TextExtractor* e = Registry().Best(*r);
      EXPECT_EQ(e == nullptr ? "(none)" : e->name(), s.extractor);
    }
  }
}

TEST(Sniff, RefinementsSayWhyInTheDescription) {
  auto dir = SniffSamples();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  auto docx = Sniff(*dir / "docx-custom-xml-first.docx");
  ASSERT_TRUE(docx.ok());
  EXPECT_EQ(docx->description,
            "Microsoft OOXML ([Content_Types].xml and word/document.xml in the ZIP)");
  auto pdf = Sniff(*dir / "crlf-before.pdf");
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(pdf->description, "data (%PDF- header after 4 leading bytes)");
  auto odt = Sniff(*dir / "odt-mimetype-last.odt");
  ASSERT_TRUE(odt.ok());
  EXPECT_NE(odt->description.find("(mimetype member of the ZIP)"), std::string::npos)
      << odt->description;
}

TEST(Sniff, LeadingBytesBeyondTheFirstKilobyteAreNotAPdf) {
  auto pdf = testing::RenderedDocPdf(kDoc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir dir("vanban-sniff");
  std::string junk(2000, '\0');
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>(0x80 + i % 0x7F);
  testing::WriteFile(dir / "late.pdf", junk + testing::ReadFile(*pdf));
  auto r = Sniff(dir / "late.pdf");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->media_type, "application/pdf");
  EXPECT_EQ(Registry().Extract(dir / "late.pdf").status().code(), ErrorCode::kUnsupportedFormat);
}

TEST(Sniff, ExtensionIsAHintOnly) {
  auto dir = SniffSamples();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  TempDir copy("vanban-sniff");
  fs::copy_file(*dir / "doc.pdf", copy / "Công văn.DOCX");
  auto r = Sniff(copy / "Công văn.DOCX");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->media_type, "application/pdf");
  EXPECT_EQ(r->extension, "docx");
}

TEST(Sniff, EmptyAndMissingFilesAreErrors) {
  auto dir = SniffSamples();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  EXPECT_EQ(Sniff(*dir / "empty.pdf").status().code(), ErrorCode::kEmptyFile);
  EXPECT_EQ(Sniff(*dir / "no-such-file").status().code(), ErrorCode::kIoError);
}

TEST(Sniff, WhatNoExtractorReadsIsUnsupportedWithTypeAndDescription) {
  auto dir = SniffSamples();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  for (const char* f : {"not-a-document.zip", "program.pdf", "random.bin"}) {
    SCOPED_TRACE(f);
    auto sniff = Sniff(*dir / f);
    ASSERT_TRUE(sniff.ok());
    Status s = Registry().Extract(*dir / f).status();
    EXPECT_EQ(s.code(), ErrorCode::kUnsupportedFormat) << s.ToString();
    EXPECT_EQ(s.ToString().rfind("unsupported_format: ", 0), 0u) << s.ToString();
  }
  Status s = Registry().Extract(*dir / "random.bin").status();
  EXPECT_NE(s.message().find("application/octet-stream (data)"), std::string::npos) << s.ToString();
}

TEST(Sniff, PasswordProtectedOoxmlIsEncrypted) {
  auto dir = SniffSamples();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  auto r = Sniff(*dir / "encrypted.docx");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->description, "CDFV2 Encrypted");
  Status s = Registry().Extract(*dir / "encrypted.docx").status();
  EXPECT_EQ(s.code(), ErrorCode::kEncrypted) << s.ToString();
}

}  // namespace
}  // namespace vanban
