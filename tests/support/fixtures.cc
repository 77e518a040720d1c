#include "support/fixtures.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "support/fixture_util.h"
#include "support/temp_dir.h"
#include "vanban/convert/text.h"

extern char** environ;

namespace vanban::testing {
namespace {

namespace fs = std::filesystem;

// The document the broken PDFs are made from: a short real Công văn.
constexpr const char* kSampleDoc = "cv-4240-ubnd-vx-tphcm";
constexpr const char* kEncryptFilter =
    "pdf:writer_pdf_Export:{\"EncryptFile\":{\"type\":\"boolean\",\"value\":\"true\"},"
    "\"DocumentOpenPassword\":{\"type\":\"string\",\"value\":\"test\"}}";

}  // namespace

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

namespace {

// The .vbsrc files of `dir`, sorted by name.
std::vector<fs::path> SourcesIn(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".vbsrc") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> StemsOf(const std::vector<fs::path>& paths) {
  std::vector<std::string> names;
  for (const fs::path& p : paths) names.push_back(p.stem().string());
  return names;
}

// Renders every source of `src_dir` into `out_dir`/<name>.pdf through render-docs.sh when
// some PDF is missing or older than its source, the generator or the script.
Result<std::vector<fs::path>> RenderSources(const fs::path& src_dir, const fs::path& out_dir,
                                            const fs::path& log) {
  VANBAN_RETURN_IF_ERROR(NeedDocgen());
  std::vector<fs::path> sources = SourcesIn(src_dir);
  if (sources.empty()) return Status(ErrorCode::kNotFound, "no .vbsrc in " + src_dir.string());
  std::vector<fs::path> pdfs;
  for (const fs::path& s : sources) pdfs.push_back(out_dir / (s.stem().string() + ".pdf"));
  auto all_fresh = [&] {
    for (size_t i = 0; i < sources.size(); ++i) {
      if (!Fresh(pdfs[i], {sources[i], Docgen(), RenderScript()})) return false;
    }
    return true;
  };
  if (all_fresh()) return pdfs;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (all_fresh()) return pdfs;  // another process rendered them while we waited
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  VANBAN_RETURN_IF_ERROR(RunLogged(
      {RenderScript().string(), "--docgen", Docgen().string(), src_dir.string(), out_dir.string()},
      log));
  if (!all_fresh()) {
    return Status(
        ErrorCode::kInternal,
        "render-docs.sh succeeded but some PDFs are missing or stale; see " + log.string());
  }
  return pdfs;
}

}  // namespace

std::vector<fs::path> DocSources() { return SourcesIn(DocsDir()); }

std::vector<std::string> DocNames() { return StemsOf(DocSources()); }

Result<std::vector<fs::path>> RenderedDocPdfs() {
  return RenderSources(DocsDir(), RenderedDir(), FixturesDir() / "render-docs.log");
}

fs::path CorpusDir() { return fs::path(VANBAN_SOURCE_DIR) / "tests" / "data" / "corpus"; }

std::vector<fs::path> CorpusSources() { return SourcesIn(CorpusDir()); }

std::vector<std::string> CorpusNames() { return StemsOf(CorpusSources()); }

Result<std::vector<fs::path>> RenderedCorpusPdfs() {
  return RenderSources(CorpusDir(), FixturesDir() / "corpus", FixturesDir() / "render-corpus.log");
}

Result<fs::path> RenderedDocPdf(const std::string& name) {
  std::vector<std::string> docs = DocNames();
  bool in_docs = std::find(docs.begin(), docs.end(), name) != docs.end();
  auto pdfs = in_docs ? RenderedDocPdfs() : RenderedCorpusPdfs();
  if (!pdfs.ok()) return pdfs.status();
  for (const fs::path& p : *pdfs) {
    if (p.stem() == name) return p;
  }
  return Status(ErrorCode::kNotFound, "no document named " + name + " in " + DocsDir().string() +
                                          " or " + CorpusDir().string());
}

Result<std::vector<fs::path>> DistinctDocumentPdfs(int n) {
  VANBAN_RETURN_IF_ERROR(NeedDocgen());
  std::vector<fs::path> sources = DocSources();
  if (sources.empty()) return Status(ErrorCode::kNotFound, "no .vbsrc in " + DocsDir().string());
  const fs::path dir = FixturesDir() / ("variants-" + std::to_string(n));
  std::vector<fs::path> srcs, pdfs;
  for (int i = 0; i < n; ++i) {
    std::string name = "v" + std::to_string(1000 + i) + "-" +
                       sources[static_cast<size_t>(i) % sources.size()].stem().string();
    srcs.push_back(dir / "src" / (name + ".vbsrc"));
    pdfs.push_back(dir / "pdf" / (name + ".pdf"));
  }
  auto all_fresh = [&] {
    for (int i = 0; i < n; ++i) {
      const fs::path& base = sources[static_cast<size_t>(i) % sources.size()];
      if (!Fresh(pdfs[i], {base, Docgen(), RenderScript()})) return false;
    }
    return true;
  };
  if (all_fresh()) return pdfs;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (all_fresh()) return pdfs;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / "src", ec);
  for (int i = 0; i < n; ++i) {
    std::istringstream in(ReadFile(sources[static_cast<size_t>(i) % sources.size()]));
    std::string out, line;
    bool renumbered = false;
    while (std::getline(in, line)) {
      // The number's leading digits ("01/2026/QĐ-UBND", "15-NQ/HU") become 1000 + i.
      if (!renumbered && line.rfind("number:", 0) == 0) {
        std::string value = Trim(std::string_view(line).substr(7));
        size_t digits = value.find_first_not_of("0123456789");
        line = "number: " + std::to_string(1000 + i) +
               (digits == std::string::npos ? std::string() : value.substr(digits));
        renumbered = true;
      }
      out += line + "\n";
    }
    if (!renumbered) {
      return Status(
          ErrorCode::kInvalidArgument,
          sources[static_cast<size_t>(i) % sources.size()].string() + " has no number: line");
    }
    WriteFile(srcs[i], out);
  }
  VANBAN_RETURN_IF_ERROR(RunLogged({RenderScript().string(), "--docgen", Docgen().string(),
                                    (dir / "src").string(), (dir / "pdf").string()},
                                   dir / "render-docs.log"));
  if (!all_fresh()) {
    return Status(ErrorCode::kInternal, "render-docs.sh left PDFs missing in " + dir.string());
  }
  return pdfs;
}

Result<VbsrcDocument> ReadVbsrc(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kIoError, "cannot read " + path.string());
  VbsrcDocument doc;
  std::string section;
  std::string raw;
  int lineno = 0;
  while (std::getline(in, raw)) {
    ++lineno;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string line = NormalizeNfc(raw);
    std::string t = Trim(line);
    if (t.empty() || t.rfind("//", 0) == 0) continue;
    if (t.front() == '[' && t.back() == ']') {
      section = t.substr(1, t.size() - 2);
      continue;
    }
    if (section.empty() || section == "signature") {
      size_t colon = t.find(':');
      if (colon == std::string::npos) {
        return Status(ErrorCode::kInvalidArgument,
                      path.string() + ":" + std::to_string(lineno) + ": expected key: value");
      }
      std::string key = Trim(std::string_view(t).substr(0, colon));
      std::string value = Trim(std::string_view(t).substr(colon + 1));
      if (section == "signature") {
        doc.signature.push_back(value);
        if (key == "name") doc.signer = value;
      } else if (key == "variant") {
        doc.party = value == "party";
      } else if (key == "parent") {
        doc.parent.push_back(value);
      } else if (key == "issuer") {
        doc.issuer.push_back(value);
      } else if (key == "number") {
        doc.number = value;
      } else if (key == "place_date") {
        doc.place_date = value;
      } else if (key == "type") {
        doc.type = value;
      } else if (key == "summary") {
        doc.summary = doc.summary.empty() ? value : doc.summary + " " + value;
      }
    } else if (section == "kinh_gui") {
      doc.kinh_gui.push_back(t);
    } else if (section == "noi_nhan") {
      doc.noi_nhan.push_back(t);
    } else if (section == "body") {
      doc.body.push_back(PrintedParagraph(line));
    } else if (section == "annex") {
      doc.annex.push_back(PrintedParagraph(line));
    }
  }
  return doc;
}

Result<fs::path> EncryptedPdf() {
  VANBAN_RETURN_IF_ERROR(NeedDocgen());
  const fs::path src = DocsDir() / (std::string(kSampleDoc) + ".vbsrc");
  const fs::path out = BadDir() / "encrypted.pdf";
  if (Fresh(out, {src, Docgen()})) return out;
  FixtureLock lock;
  if (Fresh(out, {src, Docgen()})) return out;
  TempDir work("vanban-fixture");
  // The output takes the input's name: call it "encrypted".
  fs::path fodt = work.path() / "encrypted.fodt";
  VANBAN_RETURN_IF_ERROR(
      RunLogged({Docgen().string(), src.string(), fodt.string()}, work.path() / "docgen.log"));
  fs::create_directories(work.path() / "out");
  VANBAN_RETURN_IF_ERROR(ConvertWithSoffice(fodt, kEncryptFilter, work.path() / "out", work));
  std::string bytes = ReadFile(work.path() / "out" / "encrypted.pdf");
  if (bytes.find("/Encrypt") == std::string::npos) {
    return Status(ErrorCode::kInternal,
                  "LibreOffice did not encrypt the PDF (no /Encrypt in the trailer)");
  }
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, bytes));
  return out;
}

Result<fs::path> TruncatedPdf() {
  auto pdf = RenderedDocPdf(kSampleDoc);
  if (!pdf.ok()) return pdf.status();
  const fs::path out = BadDir() / "truncated.pdf";
  if (Fresh(out, {*pdf})) return out;
  std::string bytes = ReadFile(*pdf);
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, bytes.substr(0, bytes.size() / 2)));
  return out;
}

Result<fs::path> ImageOnlyPdf() {
  auto pdf = RenderedDocPdf(kSampleDoc);
  if (!pdf.ok()) return pdf.status();
  const fs::path out = BadDir() / "image-only.pdf";
  if (Fresh(out, {*pdf})) return out;
  FixtureLock lock;
  if (Fresh(out, {*pdf})) return out;
  TempDir work("vanban-fixture");
  // Page 1 as a picture, the way a scanner would deliver it.
  VANBAN_RETURN_IF_ERROR(RunLogged({"pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1",
                                    "-singlefile", pdf->string(), (work.path() / "page").string()},
                                   work.path() / "pdftoppm.log"));
  std::string png = ReadFile(work.path() / "page.png");
  if (png.empty()) return Status(ErrorCode::kInternal, "pdftoppm wrote no page.png");
  std::string fodt =
      R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm"/></style:page-layout>
 <style:style style:name="FR" style:family="graphic"><style:graphic-properties style:wrap="run-through" style:run-through="background" style:vertical-pos="from-top" style:vertical-rel="page" style:horizontal-pos="from-left" style:horizontal-rel="page" fo:border="none" fo:padding="0cm"/></style:style>
 <style:style style:name="P" style:family="paragraph"><style:text-properties fo:font-size="2pt"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL"/></office:master-styles>
<office:body><office:text><text:p text:style-name="P"><draw:frame draw:style-name="FR" draw:name="page" text:anchor-type="paragraph" svg:x="0cm" svg:y="0cm" svg:width="21cm" svg:height="29.7cm" draw:z-index="0"><draw:image><office:binary-data>)" +
      Base64(png) +
      R"(</office:binary-data></draw:image></draw:frame></text:p></office:text></office:body>
</office:document>
)";
  fs::path input = work.path() / "image-only.fodt";
  WriteFile(input, fodt);
  fs::create_directories(work.path() / "out");
  VANBAN_RETURN_IF_ERROR(ConvertWithSoffice(input, "pdf", work.path() / "out", work));
  std::string bytes = ReadFile(work.path() / "out" / "image-only.pdf");
  if (bytes.rfind("%PDF-", 0) != 0) {
    return Status(ErrorCode::kInternal,
                  "LibreOffice wrote no image-only.pdf: " + ReadFile(work.path() / "soffice.log"));
  }
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, bytes));
  return out;
}

}  // namespace vanban::testing
