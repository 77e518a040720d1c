// Born-digital PDF text through Poppler's C++ API, in-process.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-version.h>

#include <cctype>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "vanban/convert/extractor.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}


// The page's text in reading order, built from Poppler's word list in one pass.
//
// Poppler's own reading-order text (page::text) treats a '-' that ends a line as a soft
// hyphen: it drops it and glues the next line on ("kinh tế -\nxã hội" -> "kinh tế xã hội",
// "109/BC-\nBPC" -> "109/BCBPC"). Vietnamese never hyphenates words across lines, so that '-'
// is real text. The word list (same reading order) keeps it, and rebuilding lines from it
// costs one layout pass instead of two. Words are on one line when their baselines agree and
// the gap between them is word spacing (a larger gap is a column or tab stop: a new line, as
// page::text gives it). A word ending in '-' joins the next line without a space
// ("30/2020/NĐ-" + "CP"); a lone "-" keeps its line break. On the test documents this gives
// exactly page::text's lines with the hyphens kept (tests/convert/pdf_text_extractor_test.cc).
std::string PageText(const poppler::page& page) {
  std::vector<poppler::text_box> words = page.text_list();
  std::string out;
  for (size_t k = 0; k < words.size(); ++k) {
    poppler::byte_array u8 = words[k].text().to_utf8();
    out.append(u8.begin(), u8.end());
    if (k + 1 == words.size()) break;
    poppler::rectf r = words[k].bbox();
    poppler::rectf n = words[k + 1].bbox();
    double gap = n.x() - (r.x() + r.width());
    bool same_line = std::fabs(n.y() - r.y()) < 0.5 * r.height() && gap > -0.5 * r.height() &&
                     gap < 1.5 * r.height();
    if (!same_line) {
      bool joins = u8.size() > 1 && u8.back() == '-';
      if (!joins) out += '\n';
    } else if (words[k].has_space_after()) {
      out += ' ';
    }
  }
  return out;
}

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
      std::string t = PageText(*p);
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
