// Realistic Vietnamese official documents for the tests: tests/data/docs/*.vbsrc (format in
// docs/fixtures.md), rendered to PDF by the real pipeline (vanban-docgen, then one headless
// LibreOffice run through scripts/render-docs.sh), plus broken PDFs made from them.
//
// Everything is cached under <build dir>/fixtures/ and rebuilt only when a source, the
// generator or the render script is newer than the output. The functions are safe to call from
// several threads and from several test processes at once (ctest -j): rendering happens under
// an flock on <build dir>/fixtures/.lock, and finished files are moved into place atomically.
// They need soffice (LibreOffice) and pdftoppm (poppler-utils) on PATH, and the vanban-docgen
// target built (tests/CMakeLists.txt makes the test binaries depend on it).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban::testing {

// tests/data/docs/*.vbsrc, sorted by file name.
std::vector<std::filesystem::path> DocSources();
// The file stems of DocSources(): "qd-01-2026-thai-nguyen-cong-thong-tin", ...
std::vector<std::string> DocNames();

// Renders every document (when needed) into <build dir>/fixtures/docs/<name>.pdf and returns
// the PDFs in DocSources() order. kInternal with soffice's output if rendering fails.
Result<std::vector<std::filesystem::path>> RenderedDocPdfs();
// The rendered PDF of one document (by name).
Result<std::filesystem::path> RenderedDocPdf(const std::string& name);

// The labelled metadata corpus (docs/corpus.md): tests/data/corpus/*.vbsrc, each with its
// <name>.labels.json, sorted by name; rendered like the documents above into
// <build dir>/fixtures/corpus/<name>.pdf. RenderedDocPdf() and the scans of scan_fixtures.h
// find corpus documents by name too.
std::filesystem::path CorpusDir();
std::vector<std::filesystem::path> CorpusSources();
std::vector<std::string> CorpusNames();
Result<std::vector<std::filesystem::path>> RenderedCorpusPdfs();

// `n` distinct documents (for crash tests and benchmarks): document i is tests/data/docs
// source i mod k with its number changed to be unique ("1000/2026/QĐ-UBND" style), so the
// PDFs differ in bytes and in metadata. Rendered once into <build dir>/fixtures/variants-<n>/.
Result<std::vector<std::filesystem::path>> DistinctDocumentPdfs(int n);

// A .vbsrc read back the way a reader sees the printed document: paragraph markers ("# ",
// "## ", "{flags} ", "\") and inline "**" removed, NFC.
struct VbsrcDocument {
  bool party = false;
  std::vector<std::string> parent;
  std::vector<std::string> issuer;
  std::string number;
  std::string place_date;
  std::string type;
  std::string summary;
  std::vector<std::string> kinh_gui;
  std::vector<std::string> body;
  std::vector<std::string> signature;  // power lines, title, name, as printed
  std::string signer;
  std::vector<std::string> noi_nhan;
  std::vector<std::string> annex;
};
Result<VbsrcDocument> ReadVbsrc(const std::filesystem::path& path);

// Broken or unusual PDFs made from the rendered documents, cached under
// <build dir>/fixtures/bad/:
// - encrypted with the user (open) password "test" by LibreOffice's PDF export;
Result<std::filesystem::path> EncryptedPdf();
// - the first half of the bytes of a rendered document (no xref, no trailer, no %%EOF);
Result<std::filesystem::path> TruncatedPdf();
// - one page that is only a picture of a rendered page (pdftoppm PNG placed full-page in a
//   flat ODT, exported by LibreOffice): a real PDF without a text layer, like a scan.
Result<std::filesystem::path> ImageOnlyPdf();

// Whitespace runs (spaces, tabs, newlines, form feeds, U+00A0) to one space, trimmed.
std::string CollapseWhitespace(std::string_view text);

}  // namespace vanban::testing
