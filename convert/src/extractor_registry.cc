#include "ocr_service.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/office_pool.h"

namespace vanban {

void ExtractorRegistry::Register(std::unique_ptr<TextExtractor> extractor) {
  extractors_.push_back(std::move(extractor));
}

const TextExtractor* ExtractorRegistry::Best(const SniffResult& sniff) const {
  const TextExtractor* best = nullptr;
  int best_score = 0;
  for (const auto& e : extractors_) {
    int s = e->Score(sniff);
    if (s > best_score) {
      best = e.get();
      best_score = s;
    }
  }
  return best;
}

Result<ExtractedText> ExtractorRegistry::Extract(const std::filesystem::path& path,
                                                 const ExtractOptions& options) const {
  auto sniff = Sniff(path);
  if (!sniff.ok()) return sniff.status();
  const TextExtractor* e = Best(*sniff);
  if (e == nullptr && sniff->media_type == "application/encrypted") {
    // libmagic's "CDFV2 Encrypted": a password-protected OOXML package. With no extractor for
    // it, the reason it cannot be read is still the password rather than its format.
    return Status(ErrorCode::kEncrypted,
                  "the document is password-protected (" + sniff->description + ")");
  }
  if (e == nullptr) {
    return Status(ErrorCode::kUnsupportedFormat,
                  "no extractor accepts " + sniff->media_type + " (" + sniff->description + ")");
  }
  return e->Extract(path, *sniff, options);
}

std::unique_ptr<ExtractorRegistry> ExtractorRegistry::CreateDefault(const ConvertConfig& config) {
  auto r = std::make_unique<ExtractorRegistry>();
  // One pool of OCR engines for scanned PDFs and images (ocr_service.h).
  auto ocr = std::make_shared<OcrService>(OcrSettingsFrom(config));
  r->Register(NewPdfTextExtractor(ocr));
  r->Register(NewImageExtractor(ocr));
  r->Register(NewOfficeExtractor(config));
  return r;
}

}  // namespace vanban
