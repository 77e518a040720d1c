#include "pdfa_poppler.h"

#include <poppler-global.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

namespace vanban {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}

}  // namespace

Result<std::unique_ptr<poppler::document>> OpenPdf(const std::filesystem::path& pdf) {
  // Poppler reports recoverable syntax errors on stderr; the Status carries the outcome.
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
  std::error_code ec;
  if (!std::filesystem::exists(pdf, ec)) {
    return Status(ErrorCode::kNotFound, pdf.string() + " does not exist");
  }
  // Poppler says "cannot open" for a file it may not read as for a damaged one: tell them apart.
  if (std::FILE* f = std::fopen(pdf.c_str(), "rb")) {
    std::fclose(f);
  } else {
    return Status(ErrorCode::kIoError, "cannot read " + pdf.string() + ": " + std::strerror(errno));
  }
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(pdf.string()));
  if (!doc) {
    return Status(ErrorCode::kCorrupt, "Poppler cannot open the PDF (damaged or truncated)");
  }
  if (doc->is_locked()) return Status(ErrorCode::kEncrypted, "the PDF is password-protected");
  if (doc->pages() <= 0) return Status(ErrorCode::kCorrupt, "the PDF has no pages");
  return doc;
}

}  // namespace vanban
