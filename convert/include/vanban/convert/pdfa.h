// PDF/A-2b renditions through Ghostscript's library (libgs), the way OCRmyPDF makes them, and
// reading back what a PDF declares about itself in its XMP metadata.
//
// Thread-safe. Conversions are serialised inside the process: Debian's libgs 10.0 is not built
// GS_THREADSAFE and shares global state between interpreter instances (docs/convert.md,
// "PDF/A"), so at most one Ghostscript interpreter runs at a time, which also bounds its memory.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban {

struct PdfaInfo {
  int part = 0;             // pdfaid:part (0: not PDF/A)
  std::string conformance;  // pdfaid:conformance: "A", "B", "U" (as declared, may be empty)
  std::string producer;     // pdf:Producer from the XMP, else the Info dictionary's Producer
};

// "PDF/A-2b", "PDF/A-1a", "PDF/A-3" (no conformance declared); "" when part is 0.
std::string PdfaLabel(const PdfaInfo& info);

// pdfaid:part/conformance and pdf:Producer from an XMP packet, namespace-aware, in either
// form XMP allows (attributes of rdf:Description or child elements). An empty packet gives
// part 0; kCorrupt if the packet is not XML or its part is not a number.
Result<PdfaInfo> PdfaInfoFromXmp(std::string_view xmp);

// Reads the document's XMP metadata (Poppler) and parses it as PdfaInfoFromXmp. A PDF without
// XMP gives part 0. kNotFound if `pdf` does not exist, kCorrupt if Poppler cannot open it,
// kEncrypted if it is password-protected.
Result<PdfaInfo> ReadPdfaInfo(const std::filesystem::path& pdf);

// Writes `out` as PDF/A-2b made from `in` by Ghostscript (pdfwrite, -dPDFA=2, sRGB output
// intent), then checks it: Poppler opens it, it has as many pages as `in` and its XMP declares
// pdfaid:part 2. `out` appears (by rename) only when all of that holds; otherwise nothing is
// left behind. Ghostscript's messages never reach the terminal: they come back in the Status.
//
// Errors: kNotFound if `in` does not exist; kEncrypted for password-protected input and
// kCorrupt for input that Poppler or Ghostscript cannot read (both checked with Poppler first,
// which is cheaper); kIoError if the output cannot be written (`out`'s directory must exist);
// kBusy if other conversions have held Ghostscript for over 10 minutes (libgs cannot interrupt
// one: docs/convert.md); kInternal for anything else, with Ghostscript's message. kIoError and
// kBusy are transient (a retry may succeed). Takes a scratch directory beside `out` for the
// run; a process killed mid-conversion leaves it behind (".pdfa-XXXXXX").
Status ConvertToPdfA(const std::filesystem::path& in, const std::filesystem::path& out);

// ConvertToPdfA for several PDFs written one after the other into one PDF/A-2b `out` (pages:
// the sum of theirs), in one Ghostscript run: no joined copy is made first (the searchable
// PDF/A of a scan, from its one-page PDFs). Errors as ConvertToPdfA's, for the first input
// that has one; kInternal if `inputs` is empty.
Status ConvertPagesToPdfA(const std::vector<std::filesystem::path>& inputs,
                          const std::filesystem::path& out);

// "Ghostscript 10.00.0 (libgs)": recorded as the tool of the renditions it makes.
std::string GhostscriptVersion();

}  // namespace vanban
