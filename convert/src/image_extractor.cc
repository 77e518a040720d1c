// Images (TIFF with any number of pages, PNG, JPEG) read by OCR: decoded by Leptonica, one
// page at a time, after their headers have been checked against the pixel limit.
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ocr_correct.h"
#include "ocr_searchable_pdf.h"
#include "ocr_service.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;

// Outside this range an image's recorded resolution is taken for a missing or bogus one
// (phones write 72 dpi, some tools 1).
constexpr int kMinPlausibleDpi = 100;
constexpr int kMaxPlausibleDpi = 1200;
// The long side of A4 in inches: an image without a plausible resolution is taken for a
// photo or scan of an A4 page, the size of nearly every official document (Nghị định 30).
constexpr double kA4LongSideInches = 297.0 / 25.4;

enum class ImageKind { kTiff, kSingle };

struct Header {
  int pages = 0;
  int width = 0, height = 0;  // of the largest page
};

std::string Dimensions(int64_t w, int64_t h) {
  return std::to_string(w) + " × " + std::to_string(h) + " pixels";
}

// Reads only the headers: page count and the size each page claims.
Result<Header> ReadHeader(const fs::path& path, ImageKind kind, int64_t max_pixels, int max_pages) {
  Header h;
  auto check = [&](int page, int w, int ht) -> Status {
    if (w <= 0 || ht <= 0) {
      return Status(ErrorCode::kCorrupt, "page " + std::to_string(page) + " has no size");
    }
    if (static_cast<int64_t>(w) * ht > max_pixels) {
      return Status(ErrorCode::kTooLarge,
                    "the image header claims " + Dimensions(w, ht) +
                        (h.pages > 1 ? " on page " + std::to_string(page) : std::string()) +
                        ", over the limit of " + std::to_string(max_pixels) + " pixels");
    }
    if (static_cast<int64_t>(w) * ht > static_cast<int64_t>(h.width) * h.height) {
      h.width = w;
      h.height = ht;
    }
    return Status::Ok();
  };
  if (kind == ImageKind::kSingle) {
    l_int32 format = 0, w = 0, ht = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeader(path.c_str(), &format, &w, &ht, &bps, &spp, &cmap) != 0) {
      return Status(ErrorCode::kCorrupt, "Leptonica cannot read the image header");
    }
    h.pages = 1;
    VANBAN_RETURN_IF_ERROR(check(1, w, ht));
    return h;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> fp(fopenReadStream(path.c_str()), fclose);
  l_int32 n = 0;
  if (!fp || tiffGetCount(fp.get(), &n) != 0 || n <= 0) {
    return Status(ErrorCode::kCorrupt, "libtiff cannot read the TIFF directory");
  }
  h.pages = n;
  if (n > max_pages) {
    return Status(ErrorCode::kTooLarge, "the TIFF has " + std::to_string(n) +
                                            " pages, over the limit of " +
                                            std::to_string(max_pages));
  }
  for (l_int32 i = 0; i < n; ++i) {
    l_int32 w = 0, ht = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
    if (freadHeaderTiff(fp.get(), i, &w, &ht, &bps, &spp, &res, &cmap, &format) != 0) {
      return Status(ErrorCode::kCorrupt,
                    "libtiff cannot read the header of page " + std::to_string(i + 1));
    }
    VANBAN_RETURN_IF_ERROR(check(i + 1, w, ht));
  }
  return h;
}

// 8-bit gray at `dpi` from any Leptonica image: transparency over white, colour to luminance,
// bilevel and palette images expanded, scaled from the recorded (or estimated) resolution.
Result<PageImage> ToGrayAt(Pix* src, int dpi) {
  PixPtr flat(pixGetSpp(src) == 4 ? pixAlphaBlendUniform(src, 0xffffff00) : pixClone(src));
  if (!flat) return Status(ErrorCode::kCorrupt, "Leptonica cannot flatten the image");
  PixPtr gray(pixConvertTo8(flat.get(), 0));
  if (!gray) return Status(ErrorCode::kCorrupt, "Leptonica cannot convert the image to gray");
  PageImage page;
  page.bilevel = pixGetDepth(src) == 1 || LooksBilevel(gray.get());
  int w = pixGetWidth(gray.get()), h = pixGetHeight(gray.get());
  int res = pixGetXRes(src);
  if (res < kMinPlausibleDpi || res > kMaxPlausibleDpi) {
    res = static_cast<int>(std::max(w, h) / kA4LongSideInches + 0.5);
    res = std::clamp(res, kMinPlausibleDpi / 2, kMaxPlausibleDpi);
  }
  float scale = static_cast<float>(dpi) / static_cast<float>(res);
  PixPtr out =
      std::abs(scale - 1.0f) < 0.05f ? std::move(gray) : PixPtr(pixScale(gray.get(), scale, scale));
  if (!out) return Status(ErrorCode::kInternal, "Leptonica cannot scale the image");
  pixSetResolution(out.get(), dpi, dpi);
  page.gray = std::move(out);
  return page;
}

class ImagePageImages final : public PageImages {
 public:
  ImagePageImages(fs::path path, ImageKind kind) : path_(std::move(path)), kind_(kind) {}

  Result<PageImage> Render(int index, int dpi) override {
    PixPtr pix(kind_ == ImageKind::kTiff ? pixReadTiff(path_.c_str(), index)
                                         : pixRead(path_.c_str()));
    if (!pix) {
      return Status(ErrorCode::kCorrupt,
                    "Leptonica cannot decode page " + std::to_string(index + 1));
    }
    return ToGrayAt(pix.get(), dpi);
  }

 private:
  fs::path path_;
  ImageKind kind_;
};

class ImageExtractor final : public TextExtractor {
 public:
  explicit ImageExtractor(std::shared_ptr<OcrService> ocr) : ocr_(std::move(ocr)) {}

  std::string_view name() const override { return "tesseract"; }

  int Score(const SniffResult& sniff) const override {
    const std::string& t = sniff.media_type;
    return t == "image/tiff" || t == "image/png" || t == "image/jpeg" ? 100 : 0;
  }

  Result<ExtractedText> Extract(const fs::path& path, const SniffResult& sniff,
                                const ExtractOptions& options) const override {
    ImageKind kind = sniff.media_type == "image/tiff" ? ImageKind::kTiff : ImageKind::kSingle;
    auto header = ReadHeader(path, kind, ocr_->settings().max_image_pixels, options.max_pages);
    if (!header.ok()) return header.status();
    std::vector<int> pages(static_cast<size_t>(header->pages));
    for (int i = 0; i < header->pages; ++i) pages[static_cast<size_t>(i)] = i;
    PageImagesFactory open = [&]() -> Result<std::unique_ptr<PageImages>> {
      return std::unique_ptr<PageImages>(new ImagePageImages(path, kind));
    };
    fs::path pdf_dir;
    if (!options.work_dir.empty()) {
      pdf_dir = options.work_dir / "ocr-pages";
      std::error_code ec;
      fs::create_directories(pdf_dir, ec);
      if (ec) return Status(ErrorCode::kIoError, "cannot create " + pdf_dir.string());
    }
    auto read = ocr_->ReadPages(open, pages, pdf_dir);
    if (!read.ok()) return read.status();

    ExtractedText out;
    out.media_type = sniff.media_type;
    out.tool = ocr_->Tool();
    out.pages = header->pages;
    std::vector<std::string> texts;
    for (const OcrPage& p : *read) texts.push_back(p.text);
    CorrectOcrDiacritics(texts, std::vector<bool>(texts.size(), true));
    std::string all;
    bool any_text = false;
    std::vector<fs::path> pdfs;
    for (size_t k = 0; k < read->size(); ++k) {
      const OcrPage& p = (*read)[k];
      const std::string& text = texts[k];
      if (p.index > 0) all += '\f';
      all += text;
      any_text = any_text || text.find_first_not_of(" \t\n\r\f") != std::string::npos;
      out.page_quality.push_back(p.quality);
      pdfs.push_back(p.pdf);
    }
    if (!any_text) {
      return Status(ErrorCode::kNoText, "OCR found no text in the image");
    }
    out.text = NormalizeWhitespace(NormalizeNfc(all));
    out.review_reason = OcrReviewReason(*read, ocr_->settings());
    VANBAN_RETURN_IF_ERROR(AddSearchablePdfa(pdfs, options, out.tool, &out));
    return out;
  }

 private:
  std::shared_ptr<OcrService> ocr_;
};

}  // namespace

std::unique_ptr<TextExtractor> NewImageExtractor(std::shared_ptr<OcrService> ocr) {
  return std::make_unique<ImageExtractor>(std::move(ocr));
}

}  // namespace vanban
