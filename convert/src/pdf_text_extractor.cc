// Born-digital PDF text through Poppler's C++ API, in-process.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-version.h>

#include <cctype>
#include <memory>

#include "vanban/convert/extractor.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}

class PdfTextExtractor final : public TextExtractor {
 public:
  PdfTextExtractor() {
    // Poppler reports recoverable syntax errors on stderr; the outcome is what counts.
    poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
  }

  std::string_view name() const override { return "poppler"; }

  int Score(const SniffResult& sniff) const override {
    return sniff.media_type == "application/pdf" ? 100 : 0;
  }

  Result<ExtractedText> Extract(const std::filesystem::path& path, const SniffResult& sniff,
                                const ExtractOptions& options) const override {
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path.string()));
    if (!doc) {
      return Status(ErrorCode::kCorrupt, "Poppler cannot open the PDF (damaged or truncated)");
    }
    if (doc->is_locked()) {
      return Status(ErrorCode::kEncrypted, "the PDF is password-protected");
    }
    int n = doc->pages();
    if (n <= 0) return Status(ErrorCode::kCorrupt, "the PDF has no pages");
    if (n > options.max_pages) {
      return Status(ErrorCode::kTooLarge, "the PDF has " + std::to_string(n) +
                                              " pages, over the limit of " +
                                              std::to_string(options.max_pages));
    }
    ExtractedText out;
    out.media_type = sniff.media_type;
    out.tool = "poppler " + poppler::version_string();
    out.pages = n;
    std::string all;
    size_t visible = 0;
    for (int i = 0; i < n; ++i) {
      std::unique_ptr<poppler::page> p(doc->create_page(i));
      if (!p) continue;
      poppler::byte_array u8 =
          p->text(p->page_rect(), poppler::page::non_raw_non_physical_layout).to_utf8();
      std::string t(u8.begin(), u8.end());
      for (char c : t) {
        if (!std::isspace(static_cast<unsigned char>(c))) ++visible;
      }
      if (i > 0) all += '\f';
      all += t;
    }
    if (visible == 0) {
      return Status(ErrorCode::kNoText,
                    "the PDF has no text layer (a scan?); OCR is needed to read it");
    }
    out.text = NormalizeWhitespace(NormalizeNfc(all));
    return out;
  }
};

}  // namespace

std::unique_ptr<TextExtractor> NewPdfTextExtractor() {
  return std::make_unique<PdfTextExtractor>();
}

}  // namespace vanban
