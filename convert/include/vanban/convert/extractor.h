// Text extraction: a registry of extractors, chosen by score for the sniffed format
// (Paperless-ngx's parser registry). No extractor fits -> kUnsupportedFormat.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/convert/sniff.h"
#include "vanban/repository/status.h"

namespace vanban {

struct ExtractedText {
  std::string text;        // NFC, whitespace-normalised, pages separated by '\f'
  std::string media_type;  // as sniffed
  std::string tool;        // "poppler 22.12.0"
  int pages = 0;
};

struct ExtractOptions {
  int max_pages = 5000;  // a larger document is refused with kTooLarge
};

class TextExtractor {
 public:
  virtual ~TextExtractor() = default;
  virtual std::string_view name() const = 0;
  // 0: cannot handle; higher wins. Must not read the file.
  virtual int Score(const SniffResult& sniff) const = 0;
  // Thread-safe: called concurrently from pipeline workers.
  virtual Result<ExtractedText> Extract(const std::filesystem::path& path, const SniffResult& sniff,
                                        const ExtractOptions& options) const = 0;
};

class ExtractorRegistry {
 public:
  void Register(std::unique_ptr<TextExtractor> extractor);
  // Sniffs `path` and runs the best extractor.
  Result<ExtractedText> Extract(const std::filesystem::path& path,
                                const ExtractOptions& options = {}) const;
  const TextExtractor* Best(const SniffResult& sniff) const;

  // Every extractor this build has (PDF through Poppler, ...).
  static std::unique_ptr<ExtractorRegistry> CreateDefault();

 private:
  std::vector<std::unique_ptr<TextExtractor>> extractors_;
};

// Poppler, in-process: text of born-digital PDFs.
std::unique_ptr<TextExtractor> NewPdfTextExtractor();

}  // namespace vanban
