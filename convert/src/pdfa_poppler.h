// Opening a PDF with Poppler for the PDF/A code: the checks before and after Ghostscript.
#pragma once

#include <poppler-document.h>

#include <filesystem>
#include <memory>

#include "vanban/repository/status.h"

namespace vanban {

// The document, unlocked. kNotFound if `pdf` does not exist, kIoError if it cannot be read,
// kCorrupt if Poppler cannot parse it or it has no pages, kEncrypted if it needs a password.
// Poppler's own diagnostics are silenced: the Status says what went wrong.
Result<std::unique_ptr<poppler::document>> OpenPdf(const std::filesystem::path& pdf);

}  // namespace vanban
