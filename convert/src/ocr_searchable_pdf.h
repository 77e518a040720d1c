// The searchable PDF/A-2b rendition of a scan: Tesseract's one-page PDFs (the page image with
// the recognised text as an invisible layer) and, for a PDF that mixes born-digital and
// scanned pages, the born-digital pages as they are, made into one PDF/A-2b in page order by
// Ghostscript (pdfa.h), which reads the pages one file after the other — the way OCRmyPDF
// makes its output, with the OCR in-process.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "vanban/convert/extractor.h"
#include "vanban/repository/status.h"

namespace vanban {

// Splits `pdf` into one-page files in `dir` (pdfseparate), in page order.
Result<std::vector<std::filesystem::path>> SplitPdfPages(const std::filesystem::path& pdf,
                                                         const std::filesystem::path& dir);

// Makes `pages` (one-page PDFs, in order) into one PDF/A and adds it to `out` as the "pdfa"
// rendition (options.work_dir / "pdfa.pdf", tool: `ocr_tool` + " + " + Ghostscript's version).
// As for born-digital PDFs (pdfa_rendition.h), a conversion that fails for this file only
// becomes the note "pdfa: not made (code: message)"; only failures a retry may clear come
// back as a Status.
Status AddSearchablePdfa(const std::vector<std::filesystem::path>& pages,
                         const ExtractOptions& options, const std::string& ocr_tool,
                         ExtractedText* out);

}  // namespace vanban
