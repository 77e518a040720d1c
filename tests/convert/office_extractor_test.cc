// The office extractor on real files with real LibreOffice: every fixture document saved by
// LibreOffice as DOCX, DOC, RTF and ODT (tests/support/office_fixtures.h) comes back as its
// source text, and one load gives valid ODT and PDF/A-2b renditions.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/office_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/office_pool.h"
#include "vanban/convert/pdfa.h"
#include "vanban/convert/sniff.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::CollapseWhitespace;
using testing::OfficeFormat;
using testing::TempDir;

// One pool per test process (ctest runs each test in a process of its own): one soffice.
class OfficeExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    runtime_ = new TempDir("vanban-office-test");
    OfficePoolOptions o;
    o.runtime_dir = runtime_->path();
    o.start_now = true;
    pool_ = new std::shared_ptr<OfficePool>(std::make_shared<OfficePool>(o));
    extractor_ = NewOfficeExtractor(*pool_).release();
  }
  static void TearDownTestSuite() {
    delete extractor_;
    delete pool_;
    delete runtime_;
  }

  static Result<ExtractedText> Extract(const fs::path& path, const ExtractOptions& options = {}) {
    auto sniff = Sniff(path);
    if (!sniff.ok()) return sniff.status();
    if (extractor_->Score(*sniff) <= 0) {
      return Status(ErrorCode::kUnsupportedFormat,
                    "the office extractor does not take " + sniff->media_type);
    }
    return extractor_->Extract(path, *sniff, options);
  }

  static TempDir* runtime_;
  static std::shared_ptr<OfficePool>* pool_;
  static TextExtractor* extractor_;
};

TempDir* OfficeExtractorTest::runtime_ = nullptr;
std::shared_ptr<OfficePool>* OfficeExtractorTest::pool_ = nullptr;
TextExtractor* OfficeExtractorTest::extractor_ = nullptr;

// Where `paragraph` stops matching `text`: the longest prefix (in words) found at or after
// `from`, and what follows on each side.
std::string DescribeMismatch(const std::string& text, const std::string& paragraph, size_t from) {
  size_t best_len = 0;
  size_t best_pos = std::string::npos;
  for (size_t end = 0; end <= paragraph.size(); ++end) {
    if (end != paragraph.size() && paragraph[end] != ' ') continue;
    size_t pos = text.find(paragraph.substr(0, end), from);
    if (pos == std::string::npos) break;
    best_len = end;
    best_pos = pos;
  }
  std::string msg = "expected paragraph:\n  " + paragraph + "\n";
  if (best_pos == std::string::npos) return msg + "not even its first word follows";
  return msg + "matches up to: \"" + paragraph.substr(0, best_len) + "\"\nexpected next: \"" +
         paragraph.substr(best_len, 80) + "\"\ntext next:     \"" +
         text.substr(best_pos + best_len, 80) + "\"";
}

// The same expectations as the PDF path (pdf_text_extractor_test.cc), on the text as one
// running line: every body and annex paragraph in order, the header cells (ô1–ô5) and the
// signature and recipient cells readable as contiguous text.
void ExpectSourceText(const std::string& name, const testing::VbsrcDocument& s,
                      const std::string& text) {
  SCOPED_TRACE(name);
  EXPECT_EQ(NormalizeNfc(text), text) << "not NFC";
  EXPECT_TRUE(IsValidUtf8(text));
  size_t bad = text.find("\xEF\xBF\xBD");
  EXPECT_EQ(bad, std::string::npos) << "U+FFFD near: " << text.substr(bad < 40 ? 0 : bad - 40, 80);

  const std::string running = CollapseWhitespace(text);
  std::vector<std::string> paragraphs = s.body;
  paragraphs.insert(paragraphs.end(), s.annex.begin(), s.annex.end());
  ASSERT_FALSE(paragraphs.empty());
  size_t cursor = 0;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    std::string want = CollapseWhitespace(paragraphs[i]);
    size_t pos = running.find(want, cursor);
    if (pos == std::string::npos) {
      ADD_FAILURE() << "paragraph " << i + 1 << " of " << paragraphs.size()
                    << (running.find(want) != std::string::npos ? " is out of order\n"
                                                                : " is missing\n")
                    << DescribeMismatch(running, want, cursor);
      return;
    }
    cursor = pos + want.size();
  }

  std::vector<std::string> header = s.issuer;
  header.insert(header.end(), s.parent.begin(), s.parent.end());
  header.push_back((s.party ? "Số " : "Số: ") + s.number);
  header.push_back(s.place_date);
  if (s.party) {
    header.push_back("ĐẢNG CỘNG SẢN VIỆT NAM");
  } else {
    header.push_back("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    header.push_back("Độc lập - Tự do - Hạnh phúc");
  }
  if (!s.type.empty()) header.push_back(s.type);
  if (!s.summary.empty()) header.push_back(s.summary);
  for (const std::string& w : header) {
    EXPECT_NE(running.find(CollapseWhitespace(w)), std::string::npos) << "header lacks: " << w;
  }
  for (const std::string& line : s.signature) {
    EXPECT_NE(running.find(CollapseWhitespace(line)), std::string::npos)
        << "signature lacks: " << line;
  }
  for (const std::string& r : s.noi_nhan) {
    EXPECT_NE(running.find("- " + CollapseWhitespace(r)), std::string::npos)
        << "recipients lack: " << r;
  }
  // Table cells come row by row: the issuer's cell (ô2) before the national motto's (ô1) in
  // the first row, the number (ô3) before the place and date (ô4) in the second.
  size_t issuer = running.find(CollapseWhitespace(s.issuer.front()));
  size_t motto = running.find(s.party ? "ĐẢNG CỘNG SẢN VIỆT NAM" : "CỘNG HÒA XÃ HỘI CHỦ NGHĨA");
  size_t number = running.find(CollapseWhitespace(s.number));
  size_t date = running.find(CollapseWhitespace(s.place_date));
  EXPECT_LT(issuer, motto);
  EXPECT_LT(motto, number);
  EXPECT_LT(number, date);
}

void ExtractEveryDocument(OfficeFormat f, Result<ExtractedText> (*extract)(const fs::path&,
                                                                           const ExtractOptions&)) {
  auto docs = testing::OfficeDocs(f);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  std::vector<fs::path> sources = testing::DocSources();
  ASSERT_EQ(docs->size(), sources.size());
  ASSERT_GE(sources.size(), 13u);
  for (size_t i = 0; i < sources.size(); ++i) {
    auto src = testing::ReadVbsrc(sources[i]);
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    auto r = extract((*docs)[i], ExtractOptions{});
    ASSERT_TRUE(r.ok()) << (*docs)[i] << ": " << r.status().ToString();
    EXPECT_GE(r->pages, 1) << (*docs)[i];
    EXPECT_NE(r->tool.find("LibreOffice 7."), std::string::npos) << r->tool;
    EXPECT_TRUE(r->renditions.empty()) << "renditions without a work_dir";
    ExpectSourceText(sources[i].stem().string() + "." + std::string(testing::OfficeExtension(f)),
                     *src, r->text);
  }
}

TEST_F(OfficeExtractorTest, DocxTextIsTheSourceText) {
  ExtractEveryDocument(OfficeFormat::kDocx, &OfficeExtractorTest::Extract);
}
TEST_F(OfficeExtractorTest, DocTextIsTheSourceText) {
  ExtractEveryDocument(OfficeFormat::kDoc, &OfficeExtractorTest::Extract);
}
TEST_F(OfficeExtractorTest, RtfTextIsTheSourceText) {
  ExtractEveryDocument(OfficeFormat::kRtf, &OfficeExtractorTest::Extract);
}
TEST_F(OfficeExtractorTest, OdtTextIsTheSourceText) {
  ExtractEveryDocument(OfficeFormat::kOdt, &OfficeExtractorTest::Extract);
}

TEST_F(OfficeExtractorTest, ParagraphsAreLinesAndTableCellsAreLinesOfTheirOwn) {
  auto docx = testing::OfficeDoc("qd-245-stc-thai-nguyen-to-cong-tac", OfficeFormat::kDocx);
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  auto r = Extract(*docx);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // The header table's cells, each paragraph on a line of its own, row by row.
  EXPECT_NE(r->text.find("UBND TỈNH THÁI NGUYÊN\nSỞ TÀI CHÍNH\n"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("\nSố: 245/QĐ-STC\n"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("\nThái Nguyên, ngày 14 tháng 10 năm 2025\n"), std::string::npos);
  EXPECT_EQ(r->text.find("  "), std::string::npos) << "whitespace not normalised";
  EXPECT_EQ(r->text.find('\t'), std::string::npos);
  EXPECT_EQ(r->media_type,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
}

// A rendition is a real ODF package: the first entry is "mimetype", stored, holding the ODT
// media type (ODF 1.2 part 3, 3.3), and content.xml is well-formed XML (libxml2's xmllint).
void ExpectValidOdt(const fs::path& odt, const TempDir& work) {
  std::string bytes = testing::ReadFile(odt);
  ASSERT_GT(bytes.size(), 38u);
  ASSERT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  auto le16 = [&](size_t at) {
    return static_cast<size_t>(static_cast<unsigned char>(bytes[at]) |
                               (static_cast<unsigned char>(bytes[at + 1]) << 8));
  };
  EXPECT_EQ(le16(8), 0u) << "the mimetype entry must be stored, not deflated";
  size_t name_len = le16(26);
  size_t extra_len = le16(28);
  EXPECT_EQ(bytes.substr(30, name_len), "mimetype");
  const std::string type = "application/vnd.oasis.opendocument.text";
  EXPECT_EQ(bytes.substr(30 + name_len + extra_len, type.size()), type);

  fs::path content = work.path() / (odt.stem().string() + "-content.xml");
  ASSERT_TRUE(testing::RunLogged({"python3", "-c",
                                  "import sys, zipfile; sys.stdout.buffer.write("
                                  "zipfile.ZipFile(sys.argv[1]).read('content.xml'))",
                                  odt.string()},
                                 content)
                  .ok());
  EXPECT_GT(fs::file_size(content), 1000u);
  Status parsed = testing::RunLogged({"xmllint", "--noout", "--nonet", content.string()},
                                     work.path() / "xmllint.log");
  EXPECT_TRUE(parsed.ok()) << parsed.ToString();
}

TEST_F(OfficeExtractorTest, OneLoadGivesAValidOdtAndPdfA2bWithTheSameText) {
  auto docs = testing::OfficeDocs(OfficeFormat::kDocx);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  auto pdf_registry = ExtractorRegistry::CreateDefault();
  TempDir work("vanban-office-renditions");
  for (const fs::path& docx : *docs) {
    SCOPED_TRACE(docx.filename().string());
    fs::path dir = work.path() / docx.stem().string();
    fs::create_directories(dir);
    ExtractOptions o;
    o.work_dir = dir;
    auto r = Extract(docx, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->renditions.size(), 2u);
    const Rendition& odt = r->renditions[0];
    const Rendition& pdf = r->renditions[1];
    EXPECT_EQ(odt.role, "odt");
    EXPECT_EQ(odt.media_type, "application/vnd.oasis.opendocument.text");
    EXPECT_EQ(odt.path.parent_path(), dir);
    EXPECT_EQ(odt.path.extension(), ".odt");
    EXPECT_EQ(pdf.role, "pdfa");
    EXPECT_EQ(pdf.media_type, "application/pdf");
    EXPECT_EQ(pdf.path.extension(), ".pdf");
    EXPECT_NE(odt.tool.find("LibreOffice 7."), std::string::npos) << odt.tool;
    ExpectValidOdt(odt.path, work);

    auto info = ReadPdfaInfo(pdf.path);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->part, 2);
    EXPECT_EQ(info->conformance, "B");

    // Poppler reads the same words back from the PDF/A (its own layout order aside): the
    // number, the signer, and the opening words of every body paragraph.
    auto back = pdf_registry->Extract(pdf.path);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->pages, r->pages);
    auto src = testing::ReadVbsrc(testing::DocsDir() / (docx.stem().string() + ".vbsrc"));
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    std::string pdf_words = CollapseWhitespace(back->text);
    EXPECT_NE(pdf_words.find(src->number), std::string::npos) << src->number;
    EXPECT_NE(pdf_words.find(src->signer), std::string::npos) << src->signer;
    for (const std::string& paragraph : src->body) {
      std::string words = CollapseWhitespace(paragraph);
      size_t cut = words.size() > 30 ? words.rfind(' ', 30) : words.size();
      std::string opening = words.substr(0, cut == std::string::npos ? words.size() : cut);
      EXPECT_NE(pdf_words.find(opening), std::string::npos) << "PDF/A lacks: " << opening;
    }
  }
}

TEST_F(OfficeExtractorTest, OdtInputGetsOnlyAPdfARendition) {
  auto odt = testing::OfficeDoc("cv-4240-ubnd-vx-tphcm", OfficeFormat::kOdt);
  ASSERT_TRUE(odt.ok()) << odt.status().ToString();
  TempDir work("vanban-office-renditions");
  ExtractOptions o;
  o.work_dir = work.path();
  auto r = Extract(*odt, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->renditions.size(), 1u);
  EXPECT_EQ(r->renditions[0].role, "pdfa");
}

TEST_F(OfficeExtractorTest, ContentDecidesNotTheName) {
  auto docx = testing::OfficeDoc("cv-4240-ubnd-vx-tphcm", OfficeFormat::kDocx);
  auto doc = testing::OfficeDoc("cv-4240-ubnd-vx-tphcm", OfficeFormat::kDoc);
  ASSERT_TRUE(docx.ok() && doc.ok());
  TempDir dir;
  // The pipeline hands over blobs without extensions; a wrong one must not matter either.
  fs::copy_file(*docx, dir / "blob");
  fs::copy_file(*doc, dir / "cong-van.docx");
  for (const char* name : {"blob", "cong-van.docx"}) {
    auto r = Extract(dir / name);
    ASSERT_TRUE(r.ok()) << name << ": " << r.status().ToString();
    EXPECT_NE(r->text.find("Số: 4240/UBND-VX"), std::string::npos) << name;
  }
}

TEST_F(OfficeExtractorTest, PlainTextAndHtmlAreRead) {
  TempDir dir;
  testing::WriteFile(dir / "note",
                     "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n\nSố: 12/TB-UBND\n\nThông báo  về "
                     "việc nghỉ Tết Nguyên đán.\n");
  testing::WriteFile(dir / "page",
                     "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TB</title></head>"
                     "<body><p>Số: 13/TB-UBND</p><table><tr><td>Ô một</td><td>Ô hai</td></tr>"
                     "</table><p>Quyết định có hiệu lực.</p></body></html>");
  auto text = Extract(dir / "note");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(text->media_type, "text/plain");
  EXPECT_NE(text->text.find("Thông báo về việc nghỉ Tết Nguyên đán."), std::string::npos)
      << text->text;
  EXPECT_NE(text->text.find("TỈNH THÁI NGUYÊN\n"), std::string::npos);
  // TCVN3 bytes with no font to say so: read as Windows-1252, repaired by statistics.
  testing::WriteFile(dir / "legacy",
                     "Quy\xD5t \xAE\xDEnh v\xD2 vi\xD6\x63 ban h\xB5nh quy ch\xD5 qu\xB6n "
                     "l\xFD ho\xB9t \xAE\xE9ng c\xF1"
                     "a C\xE6ng th\xABng tin \xAE"
                     "i\xD6n t\xF6.\n");
  auto legacy = Extract(dir / "legacy");
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy->text.substr(0, legacy->text.find_last_not_of('\n') + 1),
            "Quyết định về việc ban hành quy chế quản lý hoạt động của Cổng thông tin điện tử.");
  // "ASCII text" to libmagic, binary to anyone else: refused.
  testing::WriteFile(dir / "bells", std::string(5000, '\x07') + "not a document");
  auto bells = Extract(dir / "bells");
  ASSERT_FALSE(bells.ok());
  EXPECT_EQ(bells.status().code(), ErrorCode::kUnsupportedFormat) << bells.status().ToString();
  auto html = Extract(dir / "page");
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_EQ(html->media_type, "text/html");
  EXPECT_NE(html->text.find("Số: 13/TB-UBND"), std::string::npos) << html->text;
  EXPECT_NE(html->text.find("Ô một\nÔ hai"), std::string::npos) << html->text;
  EXPECT_EQ(html->text.find("<td>"), std::string::npos);
}

// Each run reaches the legacy repair with its font: the .VnTime paragraph, the .VnTime run
// inside a Unicode paragraph and the .VnTime table cell come out as Unicode; the Unicode
// text around them is left alone.
TEST_F(OfficeExtractorTest, LegacyFontRunsAreRepairedWhereTheyAre) {
  auto docx = testing::LegacyFontDocx();
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  auto r = Extract(*docx);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string expected;
  for (const std::string& line : testing::kLegacyFontLines) expected += line + "\n";
  EXPECT_EQ(r->text + (r->text.empty() || r->text.back() == '\n' ? "" : "\n"), expected);
  EXPECT_EQ(r->text.find("QuyÕt"), std::string::npos);
  bool noted = false;
  for (const std::string& n : r->notes) noted = noted || n.rfind("legacy_encoding: TCVN3", 0) == 0;
  EXPECT_TRUE(noted) << "no legacy_encoding note";
}

// Deleted text is still in a document with unaccepted tracked changes; it is not the text.
TEST_F(OfficeExtractorTest, TrackedDeletionsAreNotText) {
  auto docx = testing::TrackedChangesDocx();
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  auto r = Extract(*docx);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("Thời hạn nộp hồ sơ là mười lăm ngày."), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("ba mươi"), std::string::npos) << r->text;
}

// A document must not make the server fetch things: an HTML page whose picture lives on a
// web server (here one this test listens with) is converted, PDF/A included, without a
// connection to it.
TEST_F(OfficeExtractorTest, LinkedPicturesAreNotFetched) {
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(listener, 8), 0);
  socklen_t len = sizeof a;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/logo.png";
  TempDir dir;
  testing::WriteFile(dir / "page",
                     "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
                     "<p>Số: 14/TB-UBND</p><p><img src=\"" +
                         url +
                         "\" width=\"200\" "
                         "height=\"100\"></p><p>Thông báo.</p></body></html>");
  fs::create_directories(dir / "work");
  ExtractOptions o;
  o.work_dir = dir / "work";
  auto r = Extract(dir / "page", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("Số: 14/TB-UBND"), std::string::npos);
  int conn = ::accept(listener, nullptr, nullptr);
  EXPECT_LT(conn, 0) << "LibreOffice fetched " << url;
  if (conn >= 0) ::close(conn);
  ::close(listener);
}

TEST_F(OfficeExtractorTest, RegistryPicksTheOfficeExtractorForOfficeTypes) {
  auto registry = ExtractorRegistry::CreateDefault();
  for (OfficeFormat f : testing::OfficeFormats()) {
    auto doc = testing::OfficeDoc("tb-58-ubnd-ket-luan-hop", f);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    auto sniff = Sniff(*doc);
    ASSERT_TRUE(sniff.ok());
    const TextExtractor* best = registry->Best(*sniff);
    ASSERT_NE(best, nullptr) << sniff->media_type;
    EXPECT_EQ(best->name(), "libreoffice") << sniff->media_type;
  }
}

}  // namespace
}  // namespace vanban
