// Born-digital PDF text through Poppler's C++ API, in-process.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-version.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "ocr_pdf.h"
#include "pdfa_rendition.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/legacy.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}

// The page's text in reading order, as runs of one font each, built from Poppler's word list
// in one layout pass (two for a page of legacy-encoded text, see below).
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
//
// The runs carry the font of each glyph, for RepairLegacyRuns (legacy.h); a word can change
// font inside (TCVN3 documents set accented capitals in ".VnTimeH"). Poppler's font names
// (text_list_include_font) cost a font scan of the page and a copy of its font list per word,
// +45% on the word list, and only legacy text needs them: the word list comes without them,
// and again with them for a page whose text shows legacy traces (CountLegacyTraces).
void PageRuns(const poppler::page& page, std::vector<TextRun>* runs) {
  auto append = [runs](std::string font, std::string_view text) {
    if (runs->empty() || runs->back().font != font) runs->push_back({{}, std::move(font)});
    runs->back().text += text;
  };
  std::vector<poppler::text_box> words = page.text_list();
  LegacyTraceCounter traces;
  for (size_t k = 0; k < words.size() && traces.count() < kMinLegacyTraces; ++k) {
    for (char16_t c : words[k].text()) traces.Add(c);
    traces.Add(U' ');
  }
  if (traces.count() >= kMinLegacyTraces) {
    words = page.text_list(poppler::page::text_list_include_font);
  }
  for (size_t k = 0; k < words.size(); ++k) {
    const poppler::text_box& w = words[k];
    const poppler::ustring u = w.text();
    // One glyph per UTF-16 unit unless there are surrogates. get_font_name(i) does not check i
    // against the glyph count; char_bbox does (an empty box past the end).
    bool per_glyph = w.has_font_info() && !u.empty();
    if (per_glyph) {
      poppler::rectf last = w.char_bbox(u.size() - 1);
      per_glyph = last.width() != 0 || last.height() != 0 || last.x() != 0 || last.y() != 0;
    }
    for (size_t i = 0; per_glyph && i < u.size(); ++i) {
      per_glyph = u[i] < 0xD800 || u[i] > 0xDFFF;
    }
    std::string text;
    if (!per_glyph) {
      poppler::byte_array u8 = u.to_utf8();
      text.assign(u8.begin(), u8.end());
      std::replace(text.begin(), text.end(), '\f', ' ');  // '\f' separates pages
      append(w.has_font_info() ? w.get_font_name(0) : std::string(), text);
    } else {
      std::string font = w.get_font_name(0);
      size_t from = 0;
      for (size_t i = 1; i <= u.size(); ++i) {
        std::string next = i < u.size() ? w.get_font_name(static_cast<int>(i)) : std::string();
        if (i < u.size() && next == font) continue;
        std::u32string part(u.begin() + from, u.begin() + i);
        std::replace(part.begin(), part.end(), U'\f', U' ');
        std::string piece = ToUtf8(part);
        append(font, piece);
        text += piece;
        font = std::move(next);
        from = i;
      }
    }
    if (k + 1 == words.size()) break;
    poppler::rectf r = w.bbox();
    poppler::rectf n = words[k + 1].bbox();
    double gap = n.x() - (r.x() + r.width());
    bool same_line = std::fabs(n.y() - r.y()) < 0.5 * r.height() && gap > -0.5 * r.height() &&
                     gap < 1.5 * r.height();
    if (!same_line) {
      bool joins = text.size() > 1 && text.back() == '-';
      if (!joins) append(runs->back().font, "\n");
    } else if (w.has_space_after()) {
      append(runs->back().font, " ");
    }
  }
}

// The text of every page, legacy encodings and mixed normalisation repaired over the whole
// document (RepairLegacyRuns, whose notes go to `notes`), NFC.
std::vector<std::string> PagesText(const poppler::document& doc, int n,
                                   std::vector<std::string>* notes) {
  std::vector<TextRun> runs;
  for (int i = 0; i < n; ++i) {
    if (i > 0) runs.push_back({"\f", {}});
    std::unique_ptr<poppler::page> p(doc.create_page(i));
    if (p) PageRuns(*p, &runs);
  }
  LegacyRepair repaired = RepairLegacyRuns(runs);
  notes->insert(notes->end(), repaired.notes.begin(), repaired.notes.end());
  std::vector<std::string> pages;
  size_t start = 0;
  for (int i = 0; i < n; ++i) {
    size_t ff = i + 1 < n ? repaired.text.find('\f', start) : std::string::npos;
    pages.push_back(repaired.text.substr(start, ff == std::string::npos ? ff : ff - start));
    start = ff == std::string::npos ? repaired.text.size() : ff + 1;
  }
  return pages;
}

class PdfTextExtractor final : public TextExtractor {
 public:
  explicit PdfTextExtractor(std::shared_ptr<OcrService> ocr) : ocr_(std::move(ocr)) {
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
    // Also for the OCR hook.
    std::vector<std::string> page_texts = PagesText(*doc, n, &out.notes);
    for (int i = 0; i < n; ++i) {
      const std::string& t = page_texts[i];
      for (char c : t) {
        if (!std::isspace(static_cast<unsigned char>(c))) ++visible;
      }
      if (i > 0) all += '\f';
      all += t;
    }
    // Pages without a text layer that show something (scans) are read by OCR (ocr_pdf.h).
    if (std::vector<int> scanned = PagesToOcr(*doc, page_texts); !scanned.empty()) {
      return ExtractWithOcr(*ocr_, path, scanned, page_texts, options, std::move(out));
    }
    if (visible == 0) {
      return Status(ErrorCode::kNoText,
                    "the PDF has no text layer (a scan?); OCR is needed to read it");
    }
    out.text = NormalizeWhitespace(all);  // NFC: PagesText
    // Made only once the text is read, so that the conversion can never cost the text.
    VANBAN_RETURN_IF_ERROR(AddPdfaRendition(path, options, &out));
    return out;
  }

 private:
  std::shared_ptr<OcrService> ocr_;
};

}  // namespace

std::unique_ptr<TextExtractor> NewPdfTextExtractor(std::shared_ptr<OcrService> ocr) {
  return std::make_unique<PdfTextExtractor>(std::move(ocr));
}

std::unique_ptr<TextExtractor> NewPdfTextExtractor() {
  return NewPdfTextExtractor(std::make_shared<OcrService>(OcrSettings{}));
}

}  // namespace vanban
