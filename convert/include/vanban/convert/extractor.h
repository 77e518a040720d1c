// Text extraction and open-format renditions: a registry of extractors, chosen by score for
// the sniffed format (Paperless-ngx's parser registry). No extractor fits ->
// kUnsupportedFormat.
//
// An extractor reads the text (NFC, legacy encodings repaired) and, when asked, writes the
// renditions the portal publishes beside the original (Circular 19/2011/TT-BTTTT: ODF and
// PDF/A) into ExtractOptions::work_dir. The caller owns that directory and moves what it
// keeps into the blob store.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/convert/sniff.h"
#include "vanban/repository/status.h"

namespace vanban {

// A file an extractor produced: role "odt" or "pdfa" (repository/document.h).
struct Rendition {
  std::string role;
  std::filesystem::path path;  // inside ExtractOptions::work_dir
  std::string media_type;      // "application/vnd.oasis.opendocument.text", "application/pdf"
  std::string tool;            // what made it, with version: "LibreOffice 7.4.7 (UNO)"
};

// How one page's text was obtained, and how good it is.
struct PageQuality {
  int page = 0;                // 1-based
  std::string source;          // "text_layer" | "ocr" | "office"
  double valid_syllables = 1;  // share of words that are valid Vietnamese syllables (OCR)
  double mean_confidence = 0;  // Tesseract's mean word confidence, 0..100 (OCR)
  int dpi = 0;                 // resolution the page was read at (OCR)
  std::string settings;        // what the accepted attempt used, e.g. "psm=3 dpi=300 deskew"
};

struct ExtractedText {
  std::string text;        // NFC, whitespace-normalised, pages separated by '\f'
  std::string media_type;  // as sniffed
  std::string tool;        // "poppler 22.12.0", "tesseract 5.3.0 (vie)", ...
  int pages = 0;
  std::vector<Rendition> renditions;
  std::vector<PageQuality> page_quality;  // one per page when known
  // Machine-readable remarks, "code: detail" (e.g. "legacy_encoding: TCVN3 (.VnTime) repaired").
  std::vector<std::string> notes;
  // The original needs a PDF/A rendition that was not made (ExtractOptions::defer_pdfa).
  bool pdfa_deferred = false;
  // Non-empty when the text must not be published without an editor's look, "code: detail"
  // (e.g. "ocr_quality: pages 2, 5 below 0.80 valid syllables").
  std::string review_reason;
};

struct ExtractOptions {
  int max_pages = 5000;  // a larger document is refused with kTooLarge
  // Where renditions are written; none are made when empty.
  std::filesystem::path work_dir;
  // The original file's name (an extension hint for converters that need one).
  std::string original_name;
  // Leave the PDF/A conversion of a born-digital PDF to the caller (ExtractedText::
  // pdfa_deferred): it costs ~10x the text, so the pipeline makes it in a job of its own.
  bool defer_pdfa = false;
};

class TextExtractor {
 public:
  virtual ~TextExtractor() = default;
  virtual std::string_view name() const = 0;
  // 0: cannot handle; higher wins. Must not read the file.
  virtual int Score(const SniffResult& sniff) const = 0;
  // Thread-safe: called concurrently from pipeline workers. Expected failures come back as
  // Status (kCorrupt, kEncrypted, kNoText, kTooLarge, kTimeout, kTransient ...), never as
  // exceptions or crashes.
  virtual Result<ExtractedText> Extract(const std::filesystem::path& path, const SniffResult& sniff,
                                        const ExtractOptions& options) const = 0;
};

// Settings of the converters that hold resources (the LibreOffice pool, OCR engines).
struct ConvertConfig {
  // Where converters keep per-process state (LibreOffice profiles); a temporary directory
  // when empty.
  std::filesystem::path runtime_dir;
  // The LibreOffice pool for office documents (docs/convert.md): processes, the deadline of
  // one conversion, conversions before a process is replaced, and whether the processes start
  // in the background at once (a server) or at the first office document (the CLI).
  int office_processes = 1;
  std::chrono::seconds office_timeout{120};
  int office_recycle_after = 200;
  bool office_start_now = false;
  // OCR of scans and images (docs/convert.md, "OCR"): Tesseract engines, which is also how
  // many pages the process reads at once; the share of valid Vietnamese syllables and the mean
  // word confidence below which a page is read again and, failing that, the document goes to
  // review; and the most pixels an image header may claim (refused before decoding).
  int ocr_threads = 2;
  double ocr_min_valid_syllables = 0.85;
  double ocr_min_mean_confidence = 70;
  int64_t ocr_max_image_pixels = 120'000'000;
};

class ExtractorRegistry {
 public:
  void Register(std::unique_ptr<TextExtractor> extractor);
  // Sniffs `path` and runs the best extractor.
  Result<ExtractedText> Extract(const std::filesystem::path& path,
                                const ExtractOptions& options = {}) const;
  const TextExtractor* Best(const SniffResult& sniff) const;

  // Every extractor this build has (PDF through Poppler, ...).
  static std::unique_ptr<ExtractorRegistry> CreateDefault(const ConvertConfig& config = {});

 private:
  std::vector<std::unique_ptr<TextExtractor>> extractors_;
};

// Poppler, in-process: text of born-digital PDFs.
std::unique_ptr<TextExtractor> NewPdfTextExtractor();

}  // namespace vanban
