// The PDF/A rendition of a born-digital PDF, made once its text has been read.
#pragma once

#include <filesystem>

#include "vanban/convert/extractor.h"
#include "vanban/repository/status.h"

namespace vanban {

// When options.work_dir is set, adds to `out` a "pdfa" rendition of `pdf` (Ghostscript,
// PDF/A-2b) written into the work dir, or the note "pdfa: original is PDF/A-2b" when `pdf`
// already declares PDF/A (any part) and needs none. A conversion that fails for this file
// only (corrupt for Ghostscript, internal) becomes the note "pdfa: not made (code: message)":
// the text is good and the original can still be published. With options.defer_pdfa the
// conversion is not run: out->pdfa_deferred tells the caller to make it later. Returns a non-ok
// Status only for failures a retry may clear (IsTransient: I/O, Ghostscript busy), so the job is
// retried.
Status AddPdfaRendition(const std::filesystem::path& pdf, const ExtractOptions& options,
                        ExtractedText* out);

}  // namespace vanban
