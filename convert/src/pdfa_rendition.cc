#include "pdfa_rendition.h"

#include <string>

#include "vanban/convert/pdfa.h"

namespace vanban {

Status AddPdfaRendition(const std::filesystem::path& pdf, const ExtractOptions& options,
                        ExtractedText* out) {
  if (options.work_dir.empty()) return Status::Ok();
  // An XMP packet that does not parse declares nothing; Ghostscript writes a new one.
  auto declared = ReadPdfaInfo(pdf);
  if (!declared.ok() && IsTransient(declared.status().code())) return declared.status();
  if (declared.ok() && declared->part >= 1) {
    out->notes.push_back("pdfa: original is " + PdfaLabel(*declared));
    return Status::Ok();
  }
  if (options.defer_pdfa) {
    // The caller converts it later (publisher: a render job, out of process).
    out->pdfa_deferred = true;
    return Status::Ok();
  }
  std::filesystem::path target = options.work_dir / "pdfa.pdf";
  Status s = ConvertToPdfA(pdf, target);
  if (!s.ok()) {
    if (IsTransient(s.code())) return s;
    out->notes.push_back("pdfa: not made (" + s.ToString() + ")");
    return Status::Ok();
  }
  out->renditions.push_back(Rendition{"pdfa", target, "application/pdf", GhostscriptVersion()});
  return Status::Ok();
}

}  // namespace vanban
