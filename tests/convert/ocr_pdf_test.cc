// Scanned PDFs and PDFs that mix born-digital and scanned pages, read through the registry
// with real Tesseract (vie): scans of the fixture documents (tests/support/scan_fixtures.h)
// scored against their sources, the searchable PDF/A rendition, and a scan with nothing to
// read. Run with OMP_THREAD_LIMIT=1 (scripts/test.sh exports it), or OCR is 4 times slower.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/scan_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/pdfa.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;

constexpr double kMaxCer = 0.02;

const ExtractorRegistry& Registry() {
  // Kept for the life of the process, never destroyed: at exit, the static destructors of
  // Tesseract, Ghostscript and the UNO runtime run in an order this one cannot join safely
  // (a test binary once crashed after all its tests had passed).
  static const ExtractorRegistry& r = *ExtractorRegistry::CreateDefault().release();
  return r;
}

// The documents whose scans are read in full: half of tests/data/docs, those at positions
// 0, 1, 4, 5, 8, 9, ... in name order. Scans alternate between gray and black-and-white by
// position (ScanSpecFor), so both kinds are read equally; the 18-page qd-01-2026 (position
// 10) stays out. Reading all 16 documents (49 pages) adds about a minute on 2 cores; the other
// half was measured too (docs/convert.md, "OCR").
std::vector<std::string> CerSubset() {
  std::vector<std::string> names = testing::DocNames();
  std::vector<std::string> subset;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i % 4 < 2) subset.push_back(names[i]);
  }
  return subset;
}

// The skew OCR removed from a page, from PageQuality::settings ("... deskew=-1.52 ...").
double DeskewAngle(const std::string& settings) {
  size_t p = settings.find("deskew=");
  return p == std::string::npos ? 0 : std::atof(settings.c_str() + p + 7);
}

Result<ExtractedText> BornDigital(const std::string& name) {
  auto pdf = testing::RenderedDocPdf(name);
  if (!pdf.ok()) return pdf.status();
  return Registry().Extract(*pdf);
}

const Rendition* FindRendition(const ExtractedText& t, const std::string& role) {
  for (const Rendition& r : t.renditions) {
    if (r.role == role) return &r;
  }
  return nullptr;
}

TEST(OcrScannedPdf, EveryPageIsReadWithAtMostTwoPercentCharacterErrors) {
  std::vector<std::string> subset = CerSubset();
  ASSERT_GE(subset.size(), 7u);
  int binarised = 0;
  for (const std::string& name : subset) {
    SCOPED_TRACE(name);
    auto src = testing::ReadVbsrc(testing::DocsDir() / (name + ".vbsrc"));
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    auto born = BornDigital(name);
    ASSERT_TRUE(born.ok()) << born.status().ToString();
    auto scan = testing::ScannedPdf(name);
    ASSERT_TRUE(scan.ok()) << scan.status().ToString();
    testing::ScanSpec spec = testing::ScanSpecFor(name);
    binarised += spec.binarised ? 1 : 0;

    auto r = Registry().Extract(*scan);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->media_type, "application/pdf");
    EXPECT_NE(r->tool.find("tesseract"), std::string::npos) << r->tool;
    EXPECT_EQ(r->pages, born->pages);
    EXPECT_EQ(static_cast<int>(std::count(r->text.begin(), r->text.end(), '\f')), r->pages - 1);
    EXPECT_EQ(r->review_reason, "");
    ASSERT_EQ(static_cast<int>(r->page_quality.size()), r->pages);
    for (const PageQuality& q : r->page_quality) {
      EXPECT_EQ(q.source, "ocr");
      EXPECT_EQ(q.dpi, 300);
      EXPECT_GE(q.valid_syllables, 0.85) << "page " << q.page;
      EXPECT_GE(q.mean_confidence, 70) << "page " << q.page;
      // The scan was turned by the spec's angle (±0.3° per sheet); OCR turned it back.
      EXPECT_NEAR(DeskewAngle(q.settings), -spec.angle_degrees, 0.5)
          << "page " << q.page << ": " << q.settings;
    }
    testing::CharErrors e = testing::PieceErrors(testing::OcrReferencePieces(*src), r->text);
    std::cout << "CER " << name << (spec.binarised ? " (black-and-white)" : " (gray)") << ": "
              << e.edits << "/" << e.reference << " = " << e.rate() << "\n";
    EXPECT_LE(e.rate(), kMaxCer) << "worst piece:\n" << e.worst;
  }
  EXPECT_GE(binarised, 2);
  EXPECT_GE(static_cast<int>(subset.size()) - binarised, 2);
}

TEST(OcrScannedPdf, SearchablePdfaRenditionHasTheOcrTextAsItsTextLayer) {
  const std::string name = "tb-58-ubnd-ket-luan-hop";
  auto scan = testing::ScannedPdf(name);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  testing::TempDir work;
  ExtractOptions options;
  options.work_dir = work.path();
  auto r = Registry().Extract(*scan, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Rendition* pdfa = FindRendition(*r, "pdfa");
  ASSERT_NE(pdfa, nullptr) << "notes: " << (r->notes.empty() ? "" : r->notes.back());
  EXPECT_EQ(pdfa->media_type, "application/pdf");
  EXPECT_EQ(pdfa->path.parent_path(), work.path());
  EXPECT_NE(pdfa->tool.find("tesseract 5"), std::string::npos) << pdfa->tool;
  EXPECT_NE(pdfa->tool.find("(vie)"), std::string::npos) << pdfa->tool;
  EXPECT_NE(pdfa->tool.find("Ghostscript"), std::string::npos) << pdfa->tool;

  auto info = ReadPdfaInfo(pdfa->path);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
  EXPECT_EQ(info->conformance, "B");

  // Poppler reads the invisible text layer back: no OCR needed any more. It builds lines from
  // the word boxes itself, so where Tesseract's text runs across two columns (header,
  // signature block) the words come in another order: the texts are compared word for word,
  // over the words with letters or digits (SortedTextWords).
  auto back = Registry().Extract(pdfa->path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->pages, r->pages);
  EXPECT_EQ(back->tool.find("tesseract"), std::string::npos) << back->tool;
  testing::CharErrors e =
      testing::TextErrors(testing::SortedTextWords(r->text), testing::SortedTextWords(back->text));
  std::cout << "CER text layer vs OCR text: " << e.edits << "/" << e.reference << " = " << e.rate()
            << "\n";
  EXPECT_LE(e.rate(), kMaxCer) << e.worst;
}

TEST(OcrMixedPdf, TextPagesComeFromTheTextLayerAndScannedPagesFromOcr) {
  const std::string name = "nq-12-2025-hdnd-thai-nguyen-nhuan-but";  // 3 pages
  auto born = BornDigital(name);
  ASSERT_TRUE(born.ok()) << born.status().ToString();
  auto mixed = testing::MixedPdf(name);
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  testing::TempDir work;
  ExtractOptions options;
  options.work_dir = work.path();
  auto r = Registry().Extract(*mixed, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->pages, 3);
  ASSERT_EQ(r->page_quality.size(), 3u);
  EXPECT_EQ(r->page_quality[0].source, "text_layer");
  EXPECT_EQ(r->page_quality[1].source, "ocr");
  EXPECT_EQ(r->page_quality[2].source, "text_layer");
  EXPECT_NE(r->tool.find("poppler"), std::string::npos) << r->tool;
  EXPECT_NE(r->tool.find("tesseract"), std::string::npos) << r->tool;
  EXPECT_NE(std::find(r->notes.begin(), r->notes.end(), "ocr: 1 of 3 pages read by OCR (2)"),
            r->notes.end());
  EXPECT_EQ(r->review_reason, "");

  std::vector<std::string> want = testing::SplitPages(born->text);
  std::vector<std::string> got = testing::SplitPages(r->text);
  ASSERT_EQ(want.size(), 3u);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], want[0]);
  EXPECT_EQ(got[2], want[2]);
  testing::CharErrors e = testing::PieceErrors(testing::NonEmptyLines(want[1]), got[1]);
  std::cout << "CER scanned page 2: " << e.edits << "/" << e.reference << " = " << e.rate() << "\n";
  EXPECT_LE(e.rate(), kMaxCer) << e.worst;

  // The rendition keeps the born-digital pages as they are and puts the OCR text under the
  // scanned one.
  const Rendition* pdfa = FindRendition(*r, "pdfa");
  ASSERT_NE(pdfa, nullptr);
  auto info = ReadPdfaInfo(pdfa->path);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->part, 2);
  auto back = Registry().Extract(pdfa->path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  std::vector<std::string> layer = testing::SplitPages(back->text);
  ASSERT_EQ(layer.size(), 3u);
  EXPECT_EQ(layer[0], want[0]);
  EXPECT_EQ(layer[2], want[2]);
  EXPECT_LE(
      testing::TextErrors(testing::SortedTextWords(got[1]), testing::SortedTextWords(layer[1]))
          .rate(),
      kMaxCer)
      << layer[1];
}

// Index of the first of `lines` that contains `part`, or -1.
int LineWith(const std::vector<std::string>& lines, const std::string& part) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(part) != std::string::npos) return static_cast<int>(i);
  }
  return -1;
}

// The header and signature tables are two columns side by side, and Tesseract reads each of
// their rows as one line ("Nơi nhận: T/M ỦY BAN NHÂN DÂN"). The text has the columns apart, one
// after the other, as Poppler reads the born-digital PDF (convert/src/ocr_layout.h).
TEST(OcrScannedPdf, HeaderAndSignatureColumnsAreReadApart) {
  const std::string name = "bc-38-2005-ubnd-thai-nguyen-mot-cua";
  auto scan = testing::ScannedPdf(name);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  auto r = Registry().Extract(*scan);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> pages = testing::SplitPages(r->text);
  ASSERT_EQ(pages.size(), 2u);
  SCOPED_TRACE(r->text);

  // Header: the body's two lines, then the Quốc hiệu.
  std::vector<std::string> first = testing::NonEmptyLines(pages[0]);
  int body = LineWith(first, "ỦY BAN NHÂN DÂN");
  int place = LineWith(first, "TỈNH THÁI NGUYÊN");
  int motto = LineWith(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  ASSERT_GE(body, 0);
  EXPECT_EQ(place, body + 1);
  EXPECT_GT(motto, place);
  EXPECT_EQ(first[static_cast<size_t>(body)], "ỦY BAN NHÂN DÂN");

  // Signature: the Nơi nhận list, then the titles; no line holds both.
  std::vector<std::string> last = testing::NonEmptyLines(pages[1]);
  int list = LineWith(last, "nhận:");
  int lead = LineWith(last, "T/M");
  ASSERT_GE(list, 0);
  ASSERT_GE(lead, 0);
  EXPECT_EQ(LineWith(last, "- Như trên;"), list + 1);
  EXPECT_GT(lead, list + 1);
  EXPECT_EQ(last[static_cast<size_t>(lead)], "T/M ỦY BAN NHÂN DÂN");
  EXPECT_EQ(LineWith(last, "K/T CHỦ TỊCH"), lead + 1);
}

TEST(OcrScannedPdf, ScanWithNothingToReadHasNoText) {
  auto pdf = testing::EmptyScanPdf();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  auto r = Registry().Extract(*pdf);
  ASSERT_FALSE(r.ok()) << "read: " << r->text;
  EXPECT_EQ(r.status().code(), ErrorCode::kNoText) << r.status().ToString();
  EXPECT_NE(r.status().message().find("OCR found no text"), std::string::npos)
      << r.status().ToString();
}

}  // namespace
}  // namespace vanban
