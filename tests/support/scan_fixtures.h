// Scans of the fixture documents for the OCR tests and benchmark: the born-digital PDFs of
// tests/data/docs (fixtures.h) rasterised by pdftoppm and degraded with Leptonica the way
// office scanners and phones degrade paper, then written as image-only PDFs, multi-page TIFFs,
// PNG photos, and PDFs that mix born-digital and scanned pages.
//
// Everything is deterministic (the degradation of a document depends only on its name) and
// cached under <build dir>/fixtures/scans-v<N>/; N changes whenever the degradation does.
// Thread- and process-safe like fixtures.h (FixtureLock). Needs pdftoppm, pdfseparate and
// pdfunite (poppler-utils) on PATH.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "support/fixtures.h"
#include "vanban/repository/status.h"

namespace vanban::testing {

// How a document is scanned: 200 dpi, rotated by a small angle (±1–3°, sign and size from
// the name), paper tone, a little blur, sensor noise and dust specks; every second document
// (by name) is binarised as a black-and-white scanner mode would, the others stay gray.
struct ScanSpec {
  int dpi = 200;
  double angle_degrees = 0;
  bool binarised = false;
};
ScanSpec ScanSpecFor(const std::string& name);

// The document's pages as scanned, in an image-only PDF (Leptonica: G4 for black-and-white
// pages, JPEG for gray ones; no text layer).
Result<std::filesystem::path> ScannedPdf(const std::string& name);
// The same page images in one multi-page TIFF (G4 or deflate), 200 dpi in its header.
Result<std::filesystem::path> ScannedTiff(const std::string& name);
// Page 1 photographed with a phone: colour, keystoned (top edge narrower), lit unevenly
// (a gradient from a lamp at the top left), soft (blur and JPEG compression), turned 90° as
// a phone held in landscape stores it, no resolution in the header.
Result<std::filesystem::path> PhonePhotoPng(const std::string& name);
// Odd pages born-digital (from the rendered PDF), even pages scanned (from ScannedPdf),
// joined by pdfunite.
Result<std::filesystem::path> MixedPdf(const std::string& name);
// Page 1 of the scan (as in ScannedTiff) as an 8-bit gray JPEG with 200 dpi in its header.
Result<std::filesystem::path> ScannedJpeg(const std::string& name);
// A scanned sheet with nothing written on it, only the shadow a scanner lid casts along its
// left edge and sensor noise, as an image-only PDF: something to see, nothing to read.
Result<std::filesystem::path> EmptyScanPdf();
// A fax-quality copy of page 1: 100 dpi, heavily blurred, strong noise; OCR reads words but
// misreads many diacritics.
Result<std::filesystem::path> BadScanPng(const std::string& name);
// A valid PNG header (signature, IHDR with correct CRC) claiming 100,000 × 100,000 8-bit gray
// pixels, followed by an empty IDAT and IEND: nothing behind the claim.
Result<std::filesystem::path> HugeHeaderPng();

// Scoring OCR output against the source text.
//
// What a reader of the printed document sees in its header and body, as the pieces OCR is
// scored on: the state or party motto, parent body and issuer lines, "Số: …", place and date,
// document type, summary, then every body paragraph.
std::vector<std::string> OcrReferencePieces(const VbsrcDocument& doc);

struct CharErrors {
  int64_t edits = 0;      // insertions + deletions + substitutions, in code points
  int64_t reference = 0;  // code points of the reference
  std::string worst;      // the piece with the highest rate and what it matched (diagnostics)
  double rate() const { return reference == 0 ? 0 : static_cast<double>(edits) / reference; }
};

// Character error rate of `text` against `pieces`: each piece (whitespace collapsed) is
// aligned with the stretch of `text` (whitespace collapsed) it matches best — edit distance
// over code points with free start and end in `text` — so that the order in which OCR reads a
// two-column header does not count, and text outside the pieces (signature, page numbers) is
// not charged.
CharErrors PieceErrors(const std::vector<std::string>& pieces, std::string_view text);
// The pages of extracted text (split at '\f') and the non-empty lines of one page.
std::vector<std::string> SplitPages(const std::string& text);
std::vector<std::string> NonEmptyLines(const std::string& page);
// The words of `text` sorted and joined by spaces: the same for two texts that differ only
// in reading order.
std::string SortedWords(const std::string& text);
// SortedWords of the words that hold a letter or digit, folded as search folds them
// (FoldForSearch: lower case, no diacritics). The OCR text differs from the text layer of the
// searchable PDF (Tesseract's own renderer) on purpose there: it leaves out specks of the scan
// read as punctuation ("." "|" "_" between the columns of a table, convert/src/ocr_layout.h)
// and corrects diacritics against the document's own text (convert/src/ocr_correct.h).
std::string SortedTextWords(const std::string& text);
// Plain character error rate: edit distance between the whitespace-collapsed texts over code
// points, divided by the reference's length.
CharErrors TextErrors(std::string_view reference, std::string_view text);

}  // namespace vanban::testing
