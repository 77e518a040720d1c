// Content sniffing with libmagic: what a file is, by its bytes, never by its extension.
//
// libmagic's answer is refined where it is known to fall short on real inputs (docs/convert.md,
// "Sniffing"): a ZIP whose member names say DOCX/XLSX/PPTX or whose "mimetype" member says ODF
// although they are not where libmagic looks; a PDF with a few bytes before "%PDF-" (Poppler and
// Ghostscript open it); an XML document without an <?xml declaration (edXML packages).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "vanban/repository/status.h"

namespace vanban {

struct SniffResult {
  std::string media_type;   // "application/pdf", "text/plain", ...
  std::string description;  // libmagic's human-readable description (+ why it was refined)
  std::string extension;    // lowercased extension of the name, a hint only ("pdf")
  int64_t size = 0;
  // libmagic's own media type when media_type was refined from the content; "" otherwise.
  std::string magic_media_type;
};

// Thread-safe (one libmagic handle per thread). kEmptyFile for zero bytes, kIoError if the
// file cannot be read.
Result<SniffResult> Sniff(const std::filesystem::path& path);

}  // namespace vanban
