// Born-digital PDF text through Poppler's C++ API, in-process.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-version.h>

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "vanban/convert/extractor.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

// Poppler's reading-order text treats a '-' at the end of a line as a soft hyphenation: it
// drops the '-' and glues the next line on ("kinh tế -\nxã hội" -> "kinh tế xã hội",
// "109/BC-\nBPC" -> "109/BCBPC"). Vietnamese never hyphenates words across lines, so that '-'
// is always real text (a " - " separator, or part of a số ký hiệu). The page's words, in the
// same reading order, still have it: walk them along the text and put each dropped '-' back.
// A lone "-" gets its line break back; a "-" ending a word joins the next line without a space,
// as the source had it. If the words do not line up with the text, the text is returned as is.
std::string RestoreLineEndHyphens(const std::string& text, const poppler::page& page) {
  std::vector<poppler::text_box> words = page.text_list();
  std::string out;
  out.reserve(text.size() + 16);
  size_t pos = 0;
  bool restored = false;
  for (const poppler::text_box& w : words) {
    poppler::byte_array u8 = w.text().to_utf8();
    std::string word(u8.begin(), u8.end());
    if (word.empty()) continue;
    size_t start = pos;
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    out.append(text, start, pos - start);
    if (text.compare(pos, word.size(), word) == 0) {
      out += word;
      pos += word.size();
    } else if (word.back() == '-' &&
               text.compare(pos, word.size() - 1, word, 0, word.size() - 1) == 0) {
      out.append(word, 0, word.size() - 1);
      pos += word.size() - 1;
      out += word.size() == 1 ? "-\n" : "-";
      restored = true;
    } else {
      return text;  // the two views disagree: leave Poppler's text alone
    }
  }
  if (!restored) return text;
  out.append(text, pos, std::string::npos);
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
      poppler::byte_array u8 =
          p->text(p->page_rect(), poppler::page::non_raw_non_physical_layout).to_utf8();
      std::string t(u8.begin(), u8.end());
      // Poppler ends each page's text with its own '\f'; pages are joined with one below.
      while (!t.empty() && (t.back() == '\f' || IsSpace(t.back()))) t.pop_back();
      t = RestoreLineEndHyphens(t, *p);
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
