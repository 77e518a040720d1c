// Scanned PDFs and PDFs that mix born-digital and scanned pages: the hook of the Poppler
// extractor (pdf_text_extractor.cc) for pages without a text layer. Such a page is rendered
// by Poppler in-process (300 dpi, 8-bit gray) and read by OCR (ocr_service.h); pages with a
// text layer keep it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ocr_service.h"
#include "vanban/convert/extractor.h"

namespace poppler {
class document;
}

namespace vanban {

// The pages (0-based) that have no text in `layer_text` (one entry per page of `doc`) and are
// not blank: what OCR must read.
std::vector<int> PagesToOcr(const poppler::document& doc,
                            const std::vector<std::string>& layer_text);

// Completes `out` (media type, tool and page count set by the caller) for a PDF with pages to
// OCR: the text of every page (text layer or OCR, pages joined by '\f'), one PageQuality per
// page (source "text_layer" or "ocr"), the review reason when a page stays below the quality
// gate, and with options.work_dir the searchable PDF/A rendition (ocr_searchable_pdf.h).
// kNoText when neither the text layer nor OCR yields any text; kTooLarge for a page that
// would exceed the pixel limit at the OCR resolution.
Result<ExtractedText> ExtractWithOcr(OcrService& ocr, const std::filesystem::path& pdf,
                                     const std::vector<int>& ocr_pages,
                                     const std::vector<std::string>& layer_text,
                                     const ExtractOptions& options, ExtractedText out);

}  // namespace vanban
