// OCR with Tesseract (vie, LSTM) behind one adapter: a pool of engines, one
// tesseract::TessBaseAPI each, that reads the pages of a document on several threads, with
// orientation detection, deskew, the Vietnamese quality gate (vn_syllable.h) and retries.
// Private to convert/; the extractors that use it are the scanned-PDF path of the Poppler
// extractor (ocr_pdf.h) and the image extractor (image_extractor.cc).
//
// A page is read in attempts until one passes the quality gate (enough valid syllables and
// enough confidence):
//   1. PSM 3 (automatic layout) at 300 dpi, turned upright (a quick OSD), deskewed;
//   2. the same at 400 dpi;
//   3. PSM 6 (one uniform block) at 300 dpi;
//   4. PSM 3 at 300 dpi without deskew.
// After the first failure a thorough OSD looks again; if it finds another orientation, the
// failed attempt is repeated turned that way. The best attempt (passing, then most valid
// syllables, then confidence) is kept. A page with fewer than min_words_to_judge words is not
// judged: nothing to retry, nothing to review.
//
// libgomp reads OMP_THREAD_LIMIT once, when the process loads it: it must be 1 in the
// environment the process starts with, or every page takes 4 times as long (vanban re-executes
// itself with it set; see publisher/vanban_main.cc).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vanban/convert/extractor.h"
#include "vanban/repository/status.h"

struct Pix;  // Leptonica's image

namespace vanban {

struct PixDeleter {
  void operator()(Pix* p) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

struct OcrSettings {
  // Vietnamese alone. With "vie+eng" Tesseract reads each word with both models and keeps the
  // surer reading, and for short words in bold capitals or names that is English's, without
  // marks ("Au Van Thinh", "KT. BO TRUONG"): on the 84 scans of tests/data/corpus the signer
  // was right 70 times with vie+eng, 81 with vie, and the CER tests of tests/convert read
  // 0.18-0.45 % with vie against 0.35-0.75 % (docs/performance.md, metadata_eval, (25)).
  std::string languages = "vie";
  int threads = 2;  // engines, and pages read at once in the process
  // The quality gate, per page: valid syllables (vn_syllable.h) and Tesseract's mean word
  // confidence. The second catches bad scans that OCR turns into wrong but well-formed
  // syllables ("Thánh phổ" for "Thành phố"): 86 % valid syllables at 42 % character errors.
  double min_valid_syllables = 0.85;
  double min_mean_confidence = 70;
  int min_words_to_judge = 8;
  int dpi = 300;        // first attempt
  int retry_dpi = 400;  // second attempt
  // Images whose header claims more pixels are refused before they are decoded.
  int64_t max_image_pixels = 120'000'000;
};
OcrSettings OcrSettingsFrom(const ConvertConfig& config);

// One page as OCR reads it.
struct PageImage {
  PixPtr gray;  // 8-bit, at the resolution recorded in the Pix
  // The source is black and white (a bilevel scan): the searchable PDF shows it as 1 bit per
  // pixel (CCITT G4, a few kilobytes a page) instead of a gray JPEG.
  bool bilevel = false;
};

// The pages of one document as images. One instance per thread: not thread-safe.
class PageImages {
 public:
  virtual ~PageImages() = default;
  // Page `index` (0-based) at about `dpi`. kCorrupt if the page cannot be decoded.
  virtual Result<PageImage> Render(int index, int dpi) = 0;
};

// True if nearly every pixel of the 8-bit `gray` is black or white (what Poppler makes of a
// 1-bit scan; a gray scan has 20 % of its pixels in between, a rendered text page 3 %).
bool LooksBilevel(Pix* gray);
// Opens the document for one thread.
using PageImagesFactory = std::function<Result<std::unique_ptr<PageImages>>()>;

struct OcrPage {
  int index = 0;  // 0-based
  // NFC, whitespace-normalised; the two columns of a header or signature table one after the
  // other (ocr_layout.h).
  std::string text;
  PageQuality quality;
  bool judged = false;  // enough words to apply the quality gate
  // The page as a one-page searchable PDF (image + invisible text), when asked for.
  std::filesystem::path pdf;
};

// Thread-safe. Engines are created when first needed (about 0.5 s each) and kept.
class OcrService {
 public:
  explicit OcrService(OcrSettings settings);
  ~OcrService();
  OcrService(const OcrService&) = delete;
  OcrService& operator=(const OcrService&) = delete;

  // Reads pages `indices` of a document on up to settings().threads threads (the caller's
  // among them). With a non-empty `pdf_dir`, also writes each page there as a one-page
  // searchable PDF (Tesseract's PDF renderer). Results are in the order of `indices`.
  // kInternal if Tesseract cannot start (language data missing), else the first page error.
  Result<std::vector<OcrPage>> ReadPages(const PageImagesFactory& images,
                                         const std::vector<int>& indices,
                                         const std::filesystem::path& pdf_dir);

  const OcrSettings& settings() const { return settings_; }
  // "tesseract 5.3.0 (vie)"
  std::string Tool() const;

 private:
  class Engine;
  // An idle engine, or a new one while fewer than settings_.threads exist; else waits.
  Result<std::unique_ptr<Engine>> Acquire();
  void Release(std::unique_ptr<Engine> engine);

  const OcrSettings settings_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Engine>> idle_;
  int created_ = 0;
};

// "ocr_quality: page 2 valid syllables 0.61 < 0.85; page 3 mean confidence 62 < 70", or ""
// when every judged OCR page passes the gate.
std::string OcrReviewReason(const std::vector<OcrPage>& pages, const OcrSettings& settings);

// Extractors that read through the OCR service (registered by ExtractorRegistry::CreateDefault
// with one shared service).
std::unique_ptr<TextExtractor> NewPdfTextExtractor(std::shared_ptr<OcrService> ocr);
std::unique_ptr<TextExtractor> NewImageExtractor(std::shared_ptr<OcrService> ocr);

}  // namespace vanban
