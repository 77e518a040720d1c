// PDF/A-2b renditions through the real libgs, and the XMP check, on the fixture documents
// rendered by LibreOffice (tests/data/docs) and broken inputs made from them.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/pdfa.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::CollapseWhitespace;
using testing::TempDir;

constexpr const char* kShortDoc = "cv-4240-ubnd-vx-tphcm";

const ExtractorRegistry& Registry() {
  // Kept for the life of the process, never destroyed: at exit, the static destructors of
  // Tesseract, Ghostscript and the UNO runtime run in an order this one cannot join safely
  // (a test binary once crashed after all its tests had passed).
  static const ExtractorRegistry& r = *ExtractorRegistry::CreateDefault().release();
  return r;
}

// A document exported by LibreOffice as PDF/A-2b (its XMP says so in element form), cached
// under <build>/fixtures/pdfa/.
Result<fs::path> LibreOfficePdfA2() {
  VANBAN_RETURN_IF_ERROR(testing::NeedDocgen());
  const fs::path src = testing::DocsDir() / (std::string(kShortDoc) + ".vbsrc");
  const fs::path out = testing::FixturesDir() / "pdfa" / "libreoffice-pdfa2.pdf";
  if (testing::Fresh(out, {src, testing::Docgen()})) return out;
  testing::FixtureLock lock;
  if (testing::Fresh(out, {src, testing::Docgen()})) return out;
  TempDir work("vanban-fixture");
  fs::path fodt = work.path() / "pdfa2.fodt";
  VANBAN_RETURN_IF_ERROR(testing::RunLogged(
      {testing::Docgen().string(), src.string(), fodt.string()}, work.path() / "docgen.log"));
  fs::create_directories(work.path() / "out");
  VANBAN_RETURN_IF_ERROR(testing::ConvertWithSoffice(
      fodt, R"(pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}})",
      work.path() / "out", work));
  std::string bytes = testing::ReadFile(work.path() / "out" / "pdfa2.pdf");
  if (bytes.rfind("%PDF-", 0) != 0) {
    return Status(ErrorCode::kInternal,
                  "LibreOffice wrote no PDF/A: " + testing::ReadFile(work.path() / "soffice.log"));
  }
  VANBAN_RETURN_IF_ERROR(testing::WriteAtomically(out, bytes));
  return out;
}

// "" when equal, else where the texts part, with some context on each side.
std::string Difference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t from = i < 60 ? 0 : i - 60;
  return "differ at byte " + std::to_string(i) + ":\n  original:  …" + a.substr(from, 160) +
         "\n  rendition: …" + b.substr(from, 160);
}

// What Poppler reads from a PDF: through the extractor the pipeline uses (reading order), and
// through pdftotext in content-stream order and in physical layout.
struct Read {
  std::string text;    // the extractor's, whitespace collapsed
  std::string words;   // the same words, sorted: independent of reading order
  std::string raw;     // pdftotext -raw, whitespace collapsed
  std::string layout;  // pdftotext -layout, whitespace collapsed
  int pages = 0;
};

std::string SortedWords(const std::string& collapsed) {
  std::vector<std::string> words;
  std::istringstream in(collapsed);
  for (std::string w; in >> w;) words.push_back(w);
  std::sort(words.begin(), words.end());
  std::string out;
  for (const std::string& w : words) out += w + " ";
  return out;
}

std::string PdfToText(const char* mode, const fs::path& pdf) {
  auto r = testing::Run({"/usr/bin/pdftotext", mode, "-enc", "UTF-8", pdf.string(), "-"});
  EXPECT_EQ(r.exit_code, 0) << "pdftotext " << mode << " " << pdf << ": " << r.err;
  return CollapseWhitespace(r.out);
}

Read ReadPdf(const fs::path& pdf) {
  auto t = Registry().Extract(pdf);
  EXPECT_TRUE(t.ok()) << pdf << ": " << t.status().ToString();
  if (!t.ok()) return {};
  Read r;
  r.text = CollapseWhitespace(t->text);
  r.words = SortedWords(r.text);
  r.raw = PdfToText("-raw", pdf);
  r.layout = PdfToText("-layout", pdf);
  r.pages = t->pages;
  return r;
}

// Same text as Poppler reads it: same words, same content-stream order, same lines on the page.
// The reading order Poppler infers may differ: Ghostscript re-encodes the fonts (CID), which
// moves Poppler's block boundaries in two-column letterheads ("Kính gửi:" before or after
// "Độc lập - Tự do - Hạnh phúc"). The pipeline indexes the original's text, not the rendition's.
void ExpectSameText(const Read& original, const Read& rendition) {
  EXPECT_EQ(rendition.pages, original.pages);
  EXPECT_FALSE(original.text.empty());
  EXPECT_EQ(Difference(original.words, rendition.words), "");
  EXPECT_EQ(Difference(original.raw, rendition.raw), "");
  EXPECT_EQ(Difference(original.layout, rendition.layout), "");
}

// The notes about the PDF/A rendition (other steps add their own).
std::vector<std::string> PdfaNotes(const ExtractedText& t) {
  std::vector<std::string> out;
  for (const std::string& n : t.notes) {
    if (n.rfind("pdfa:", 0) == 0) out.push_back(n);
  }
  return out;
}

std::vector<fs::path> Entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
  return out;
}

TEST(PdfaXmp, ReadsAttributeFormAsGhostscriptWritesIt) {
  auto info = PdfaInfoFromXmp(
      "<?xpacket begin='\xEF\xBB\xBF' id='W5M0MpCehiHzreSzNTczkc9d'?>"
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
      "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
      "<rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/' "
      "pdf:Producer='GPL Ghostscript 10.00.0'/>"
      "<rdf:Description rdf:about='' xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/' "
      "pdfaid:part='2' pdfaid:conformance='B'/></rdf:RDF></x:xmpmeta><?xpacket end='w'?>");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
  EXPECT_EQ(info->conformance, "B");
  EXPECT_EQ(info->producer, "GPL Ghostscript 10.00.0");
  EXPECT_EQ(PdfaLabel(*info), "PDF/A-2b");
}

TEST(PdfaXmp, ReadsElementFormUnderAnyPrefix) {
  auto info = PdfaInfoFromXmp(
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
      "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
      "<rdf:Description rdf:about='' xmlns:id='http://www.aiim.org/pdfa/ns/id/'>"
      "<id:part> 1 </id:part><id:conformance>a</id:conformance></rdf:Description>"
      "</rdf:RDF></x:xmpmeta>");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 1);
  EXPECT_EQ(info->conformance, "A");
  EXPECT_EQ(PdfaLabel(*info), "PDF/A-1a");
}

TEST(PdfaXmp, IgnoresPartInAnotherNamespace) {
  auto info = PdfaInfoFromXmp(
      "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
      "<rdf:Description xmlns:pdfaid='http://example.com/not-pdfa/' pdfaid:part='2'/>"
      "<rdf:Description xmlns:pdfuaid='http://www.aiim.org/pdfua/ns/id/' pdfuaid:part='1'/>"
      "</rdf:RDF>");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 0);
  EXPECT_EQ(PdfaLabel(*info), "");
}

TEST(PdfaXmp, EmptyPacketIsNotPdfaAndBrokenOnesAreCorrupt) {
  auto empty = PdfaInfoFromXmp("  \n");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->part, 0);
  EXPECT_EQ(PdfaInfoFromXmp("<rdf:RDF><unclosed>").status().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(
      PdfaInfoFromXmp("<d xmlns:p='http://www.aiim.org/pdfa/ns/id/' p:part='2b'/>").status().code(),
      ErrorCode::kCorrupt);
}

TEST(PdfaXmp, DoesNotExpandEntities) {
  // A billion-laughs style packet must neither expand nor hang.
  std::string xmp =
      "<!DOCTYPE d [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
      "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]>"
      "<d xmlns:p='http://www.aiim.org/pdfa/ns/id/' p:conformance='&c;' p:part='3'/>";
  auto info = PdfaInfoFromXmp(xmp);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 3);
  EXPECT_LT(info->conformance.size(), 100u);
}

TEST(Ghostscript, VersionNamesTheLibrary) {
  EXPECT_TRUE(
      std::regex_match(GhostscriptVersion(), std::regex(R"(Ghostscript \d+\.\d\d\.\d \(libgs\))")))
      << GhostscriptVersion();
}

TEST(ConvertToPdfA, EveryRenderedDocumentBecomesPdfA2bWithTheSameTextAndPages) {
  auto pdfs = testing::RenderedDocPdfs();
  ASSERT_TRUE(pdfs.ok()) << pdfs.status().ToString();
  TempDir dir("vanban-pdfa");
  for (const fs::path& pdf : *pdfs) {
    SCOPED_TRACE(pdf.filename().string());
    auto before = ReadPdfaInfo(pdf);
    ASSERT_TRUE(before.ok()) << before.status().ToString();
    EXPECT_EQ(before->part, 0) << "LibreOffice's plain export is not PDF/A";

    fs::path out = dir / (pdf.stem().string() + ".pdfa.pdf");
    Status s = ConvertToPdfA(pdf, out);
    ASSERT_TRUE(s.ok()) << s.ToString();
    auto info = ReadPdfaInfo(out);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->part, 2);
    EXPECT_EQ(info->conformance, "B");
    EXPECT_NE(info->producer.find("Ghostscript"), std::string::npos) << info->producer;

    ExpectSameText(ReadPdf(pdf), ReadPdf(out));
  }
  // Only the outputs: no scratch directories or definition files left beside them.
  EXPECT_EQ(Entries(dir.path()).size(), pdfs->size());
}

TEST(ConvertToPdfA, WorksOnAPictureOnlyPdf) {
  auto pdf = testing::ImageOnlyPdf();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir dir("vanban-pdfa");
  Status s = ConvertToPdfA(*pdf, dir / "scan.pdf");
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto info = ReadPdfaInfo(dir / "scan.pdf");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
}

TEST(ConvertToPdfA, LibreOfficePdfA2IsRecognisedAsPdfA) {
  auto pdf = LibreOfficePdfA2();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  auto info = ReadPdfaInfo(*pdf);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
  EXPECT_EQ(info->conformance, "B");
  EXPECT_EQ(PdfaLabel(*info), "PDF/A-2b");
  EXPECT_NE(info->producer.find("LibreOffice"), std::string::npos) << info->producer;
}

TEST(ConvertToPdfA, EncryptedInputIsEncryptedAndLeavesNothing) {
  auto pdf = testing::EncryptedPdf();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir dir("vanban-pdfa");
  Status s = ConvertToPdfA(*pdf, dir / "out.pdf");
  EXPECT_EQ(s.code(), ErrorCode::kEncrypted) << s.ToString();
  EXPECT_TRUE(Entries(dir.path()).empty());
  EXPECT_EQ(ReadPdfaInfo(*pdf).status().code(), ErrorCode::kEncrypted);
}

TEST(ConvertToPdfA, TruncatedInputIsCorruptAndLeavesNothing) {
  auto pdf = testing::TruncatedPdf();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir dir("vanban-pdfa");
  Status s = ConvertToPdfA(*pdf, dir / "out.pdf");
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt) << s.ToString();
  EXPECT_FALSE(s.message().empty());
  EXPECT_TRUE(Entries(dir.path()).empty());
}

TEST(ConvertToPdfA, GarbageWithAPdfHeaderIsCorruptAndLeavesNothing) {
  TempDir dir("vanban-pdfa");
  std::string bytes = "%PDF-1.7\n";
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) % 251);
  testing::WriteFile(dir / "garbage.pdf", bytes);
  fs::create_directories(dir / "out");
  Status s = ConvertToPdfA(dir / "garbage.pdf", dir / "out" / "x.pdf");
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt) << s.ToString();
  EXPECT_TRUE(Entries(dir / "out").empty());
}

TEST(ConvertToPdfA, MissingInputOrOutputDirectoryAreReported) {
  auto pdf = testing::RenderedDocPdf(kShortDoc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir dir("vanban-pdfa");
  EXPECT_EQ(ConvertToPdfA(dir / "none.pdf", dir / "out.pdf").code(), ErrorCode::kNotFound);
  EXPECT_EQ(ReadPdfaInfo(dir / "none.pdf").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(ConvertToPdfA(*pdf, dir / "no" / "such" / "dir" / "out.pdf").code(),
            ErrorCode::kIoError);
}

TEST(ConvertToPdfA, PathsWithVietnameseSpacesAndPercentSignsWork) {
  auto pdf = testing::RenderedDocPdf(kShortDoc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir dir("vanban-pdfa");
  fs::path in_dir = dir / "Văn bản đến (2026)";
  fs::path out_dir = dir / "Bản PDF-A 100% lưu trữ";
  fs::create_directories(in_dir);
  fs::create_directories(out_dir);
  fs::path in = in_dir / "Công văn số 4240 – khẩn %d.pdf";
  fs::copy_file(*pdf, in);
  fs::path out = out_dir / "Công văn số 4240 %s (PDF-A).pdf";
  Status s = ConvertToPdfA(in, out);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto info = ReadPdfaInfo(out);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
  EXPECT_EQ(Entries(out_dir).size(), 1u);
  ExpectSameText(ReadPdf(*pdf), ReadPdf(out));
}

TEST(ConvertToPdfA, ConversionsFromTwoThreadsAllSucceed) {
  auto pdfs = testing::RenderedDocPdfs();
  ASSERT_TRUE(pdfs.ok()) << pdfs.status().ToString();
  TempDir dir("vanban-pdfa");
  constexpr int kThreads = 2;
  constexpr int kEach = 4;
  std::vector<Status> results(kThreads * kEach);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        int k = t * kEach + i;
        const fs::path& in = (*pdfs)[static_cast<size_t>(k) % pdfs->size()];
        results[k] = ConvertToPdfA(in, dir / ("out-" + std::to_string(k) + ".pdf"));
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < kThreads * kEach; ++k) {
    SCOPED_TRACE(k);
    ASSERT_TRUE(results[k].ok()) << results[k].ToString();
    auto info = ReadPdfaInfo(dir / ("out-" + std::to_string(k) + ".pdf"));
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->part, 2);
    EXPECT_EQ(ReadPdf(dir / ("out-" + std::to_string(k) + ".pdf")).pages,
              ReadPdf((*pdfs)[static_cast<size_t>(k) % pdfs->size()]).pages);
  }
}

TEST(PdfExtractorPdfa, BornDigitalPdfGetsAPdfaRenditionInTheWorkDir) {
  auto pdf = testing::RenderedDocPdf(kShortDoc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir work("vanban-pdfa");
  ExtractOptions options;
  options.work_dir = work.path();
  auto with = Registry().Extract(*pdf, options);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  ASSERT_EQ(with->renditions.size(), 1u);
  const Rendition& r = with->renditions[0];
  EXPECT_EQ(r.role, "pdfa");
  EXPECT_EQ(r.media_type, "application/pdf");
  EXPECT_EQ(r.tool, GhostscriptVersion());
  EXPECT_EQ(r.path.parent_path(), work.path());
  auto info = ReadPdfaInfo(r.path);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
  EXPECT_TRUE(PdfaNotes(*with).empty());

  auto without = Registry().Extract(*pdf);
  ASSERT_TRUE(without.ok()) << without.status().ToString();
  EXPECT_TRUE(without->renditions.empty()) << "no work dir, no rendition";
  EXPECT_EQ(with->text, without->text);
  EXPECT_EQ(with->pages, without->pages);
}

TEST(PdfExtractorPdfa, PdfaOriginalGetsNoRenditionButANote) {
  auto pdf = LibreOfficePdfA2();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir work("vanban-pdfa");
  ExtractOptions options;
  options.work_dir = work.path();
  auto t = Registry().Extract(*pdf, options);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(t->renditions.empty());
  EXPECT_EQ(PdfaNotes(*t), std::vector<std::string>{"pdfa: original is PDF/A-2b"});
  EXPECT_TRUE(Entries(work.path()).empty());
}

TEST(PdfExtractorPdfa, AWorkDirThatCannotBeWrittenFailsTheStepForARetry) {
  auto pdf = testing::RenderedDocPdf(kShortDoc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  TempDir work("vanban-pdfa");
  ExtractOptions options;
  options.work_dir = work / "gone";
  auto t = Registry().Extract(*pdf, options);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), ErrorCode::kIoError) << t.status().ToString();
  EXPECT_TRUE(IsTransient(t.status().code()));
}

}  // namespace
}  // namespace vanban
