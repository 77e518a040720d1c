#include "vanban/convert/extractor.h"

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
  if (e == nullptr) {
    return Status(ErrorCode::kUnsupportedFormat,
                  "no extractor accepts " + sniff->media_type + " (" + sniff->description + ")");
  }
  return e->Extract(path, *sniff, options);
}

std::unique_ptr<ExtractorRegistry> ExtractorRegistry::CreateDefault(const ConvertConfig&) {
  auto r = std::make_unique<ExtractorRegistry>();
  r->Register(NewPdfTextExtractor());
  return r;
}

}  // namespace vanban
