#include "ocr_pdf.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <cctype>
#include <cstring>
#include <memory>

#include "ocr_correct.h"
#include "ocr_searchable_pdf.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;

// Resolution of the look that tells a blank page (born-digital, no text, nothing drawn) from
// a scan: enough to see a line of text, cheap to render.
constexpr int kBlankCheckDpi = 24;
// A pixel darker than this is ink.
constexpr int kInkLevel = 200;

bool HasVisibleText(const std::string& s) {
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

Result<PixPtr> RenderGray(const poppler::document& doc, int index, int dpi, int64_t max_pixels) {
  std::unique_ptr<poppler::page> page(doc.create_page(index));
  if (!page) {
    return Status(ErrorCode::kCorrupt, "Poppler cannot read page " + std::to_string(index + 1));
  }
  poppler::rectf box = page->page_rect();
  double w = box.width() / 72.0 * dpi, h = box.height() / 72.0 * dpi;
  if (w * h > static_cast<double>(max_pixels)) {
    return Status(ErrorCode::kTooLarge, "page " + std::to_string(index + 1) + " would be " +
                                            std::to_string(static_cast<int64_t>(w)) + " × " +
                                            std::to_string(static_cast<int64_t>(h)) +
                                            " pixels at " + std::to_string(dpi) + " dpi");
  }
  poppler::page_renderer renderer;
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  renderer.set_image_format(poppler::image::format_gray8);
  poppler::image img = renderer.render_page(page.get(), dpi, dpi);
  if (!img.is_valid() || img.format() != poppler::image::format_gray8) {
    return Status(ErrorCode::kCorrupt, "Poppler cannot render page " + std::to_string(index + 1));
  }
  PixPtr pix(pixCreate(img.width(), img.height(), 8));
  if (!pix) return Status(ErrorCode::kInternal, "out of memory for a page image");
  // Leptonica keeps 8-bit pixels in 32-bit words, most significant byte first: copy the rows
  // as bytes, then swap them into place on this little-endian machine.
  const char* src = img.const_data();
  l_uint32* dst = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < img.height(); ++y) {
    std::memcpy(dst + y * wpl, src + static_cast<size_t>(y) * img.bytes_per_row(), img.width());
  }
  pixEndianByteSwap(pix.get());
  pixSetResolution(pix.get(), dpi, dpi);
  return pix;
}

// One thread's view of the PDF: its own poppler::document (Poppler documents are not safe to
// render from two threads at once).
class PdfPageImages final : public PageImages {
 public:
  PdfPageImages(std::unique_ptr<poppler::document> doc, int64_t max_pixels)
      : doc_(std::move(doc)), max_pixels_(max_pixels) {}
  Result<PageImage> Render(int index, int dpi) override {
    auto gray = RenderGray(*doc_, index, dpi, max_pixels_);
    if (!gray.ok()) return gray.status();
    PageImage page;
    page.bilevel = LooksBilevel(gray->get());
    page.gray = std::move(*gray);
    return page;
  }

 private:
  std::unique_ptr<poppler::document> doc_;
  int64_t max_pixels_;
};

bool IsBlank(const poppler::document& doc, int index) {
  auto pix = RenderGray(doc, index, kBlankCheckDpi, INT64_MAX);
  if (!pix.ok()) return false;  // let OCR meet the problem and report it
  l_int32 dark = 0;
  // Count pixels below the ink level: a histogram is cheaper than a threshold image.
  std::unique_ptr<Numa, void (*)(Numa*)> hist(pixGetGrayHistogram(pix->get(), 1),
                                              [](Numa* n) { numaDestroy(&n); });
  if (!hist) return false;
  for (int v = 0; v < kInkLevel; ++v) {
    l_float32 count = 0;
    numaGetFValue(hist.get(), v, &count);
    dark += static_cast<l_int32>(count);
  }
  return dark == 0;
}

std::string PageList(const std::vector<int>& pages) {
  std::string s;
  for (int p : pages) s += (s.empty() ? "" : ", ") + std::to_string(p + 1);
  return s;
}

}  // namespace

std::vector<int> PagesToOcr(const poppler::document& doc,
                            const std::vector<std::string>& layer_text) {
  std::vector<int> pages;
  for (size_t i = 0; i < layer_text.size(); ++i) {
    int index = static_cast<int>(i);
    if (!HasVisibleText(layer_text[i]) && !IsBlank(doc, index)) pages.push_back(index);
  }
  return pages;
}

Result<ExtractedText> ExtractWithOcr(OcrService& ocr, const fs::path& pdf,
                                     const std::vector<int>& ocr_pages,
                                     const std::vector<std::string>& layer_text,
                                     const ExtractOptions& options, ExtractedText out) {
  const int64_t max_pixels = ocr.settings().max_image_pixels;
  PageImagesFactory open = [&]() -> Result<std::unique_ptr<PageImages>> {
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(pdf.string()));
    if (!doc || doc->is_locked()) {
      return Status(ErrorCode::kCorrupt, "Poppler cannot open the PDF again for OCR");
    }
    return std::unique_ptr<PageImages>(new PdfPageImages(std::move(doc), max_pixels));
  };
  fs::path pdf_dir;
  if (!options.work_dir.empty()) {
    pdf_dir = options.work_dir / "ocr-pages";
    std::error_code ec;
    fs::create_directories(pdf_dir, ec);
    if (ec) return Status(ErrorCode::kIoError, "cannot create " + pdf_dir.string());
  }
  auto read = ocr.ReadPages(open, ocr_pages, pdf_dir);
  if (!read.ok()) return read.status();

  std::vector<const OcrPage*> by_page(layer_text.size(), nullptr);
  for (const OcrPage& p : *read) by_page[static_cast<size_t>(p.index)] = &p;
  std::vector<std::string> texts(layer_text.size());
  std::vector<bool> read_by_ocr(layer_text.size());
  for (size_t i = 0; i < layer_text.size(); ++i) {
    texts[i] = by_page[i] != nullptr ? by_page[i]->text : layer_text[i];
    read_by_ocr[i] = by_page[i] != nullptr;
  }
  CorrectOcrDiacritics(texts, read_by_ocr);
  std::string all;
  bool any_text = false;
  for (size_t i = 0; i < layer_text.size(); ++i) {
    if (i > 0) all += '\f';
    const std::string& t = texts[i];
    any_text = any_text || HasVisibleText(t);
    all += t;
    if (by_page[i] != nullptr) {
      out.page_quality.push_back(by_page[i]->quality);
    } else {
      PageQuality q;
      q.page = static_cast<int>(i) + 1;
      q.source = "text_layer";
      out.page_quality.push_back(q);
    }
  }
  if (!any_text) {
    return Status(ErrorCode::kNoText, "the PDF has no text layer and OCR found no text on its " +
                                          std::to_string(layer_text.size()) + " page(s)");
  }
  out.text = NormalizeWhitespace(NormalizeNfc(all));
  out.tool += " + " + ocr.Tool();
  out.notes.push_back("ocr: " + std::to_string(ocr_pages.size()) + " of " +
                      std::to_string(layer_text.size()) + " pages read by OCR (" +
                      PageList(ocr_pages) + ")");
  out.review_reason = OcrReviewReason(*read, ocr.settings());

  if (!options.work_dir.empty()) {
    // Born-digital pages go into the rendition as they are, scanned pages as Tesseract's
    // image + invisible text.
    std::vector<fs::path> pieces(layer_text.size());
    if (ocr_pages.size() < layer_text.size()) {
      auto split = SplitPdfPages(pdf, options.work_dir / "pdf-pages");
      if (!split.ok() || split->size() != layer_text.size()) {
        out.notes.push_back("pdfa: not made (" +
                            (split.ok() ? std::string("pdfseparate gave ") +
                                              std::to_string(split->size()) + " pages"
                                        : split.status().ToString()) +
                            ")");
        return out;
      }
      pieces = std::move(*split);
    }
    for (const OcrPage& p : *read) pieces[static_cast<size_t>(p.index)] = p.pdf;
    VANBAN_RETURN_IF_ERROR(AddSearchablePdfa(pieces, options, out.tool, &out));
  }
  return out;
}

}  // namespace vanban
