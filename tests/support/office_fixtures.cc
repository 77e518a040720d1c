#include "support/office_fixtures.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/office_pool.h"

namespace vanban::testing {
namespace {

namespace fs = std::filesystem;

// The document the broken inputs are made from (a short real Công văn), as in fixtures.cc.
constexpr const char* kSampleDoc = "cv-4240-ubnd-vx-tphcm";

fs::path OfficeDir(OfficeFormat f) {
  return FixturesDir() / "office" / std::string(OfficeExtension(f));
}

// This file: a change in how fixtures are made remakes them.
fs::path ThisSource() { return SourceDir() / "tests" / "support" / "office_fixtures.cc"; }

// Python's zipfile over zlib, streaming: the ZIP surgery the tests need.
//   bomb OUT            [Content_Types].xml, _rels/.rels, word/document.xml of 1.1 GB
//   corrupt IN OUT      invert 64 bytes in the middle of word/document.xml's deflate data
//   broken-xml IN OUT   same parts as IN, word/document.xml replaced by non-XML
constexpr const char* kZipTool = R"PY(
import os, sys, zipfile
mode = sys.argv[1]
if mode == 'bomb':
    out = sys.argv[2]
    ct = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          b'</Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            b'</Relationships>')
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', ct)
        z.writestr('_rels/.rels', rels)
        with z.open('word/document.xml', 'w', force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
                    b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    b'<w:body><w:p><w:r><w:t>')
            chunk = b' ' * (1 << 20)
            for _ in range(1100):
                f.write(chunk)
            f.write(b'</w:t></w:r></w:p></w:body></w:document>')
elif mode == 'corrupt':
    src, out = sys.argv[2], sys.argv[3]
    data = bytearray(open(src, 'rb').read())
    info = zipfile.ZipFile(src).getinfo('word/document.xml')
    local = info.header_offset
    name_len = int.from_bytes(data[local + 26:local + 28], 'little')
    extra_len = int.from_bytes(data[local + 28:local + 30], 'little')
    start = local + 30 + name_len + extra_len + info.compress_size // 2
    for i in range(start, start + 64):
        data[i] ^= 0xFF
    open(out, 'wb').write(data)
elif mode == 'broken-xml':
    src, out = sys.argv[2], sys.argv[3]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == 'word/document.xml':
                data = b'<?xml version="1.0"?><w:document <<< \x01\x02 not xml at all &&&'
            zout.writestr(info.filename, data)
)PY";

Status RunZipTool(const std::vector<std::string>& args, const TempDir& work) {
  fs::path script = work.path() / "ziptool.py";
  WriteFile(script, kZipTool);
  std::vector<std::string> argv = {"python3", script.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunLogged(argv, work.path() / "ziptool.log");
}

Status RenderFormat(OfficeFormat f, const std::vector<fs::path>& sources,
                    const std::vector<fs::path>& outs) {
  TempDir work("vanban-office-fixture");
  fs::create_directories(work.path() / "fodt");
  fs::create_directories(work.path() / "out");
  std::vector<std::string> argv = {
      [] {
        const char* s = std::getenv("SOFFICE");
        return std::string(s != nullptr && *s != '\0' ? s : "soffice");
      }(),
      "--headless",
      "--norestore",
      "--nolockcheck",
      "--nologo",
      "--nodefault",
      "-env:UserInstallation=file://" + (work.path() / "profile").string(),
      "--convert-to",
      std::string(OfficeExtension(f)) + ":" + std::string(OfficeFilter(f)),
      "--outdir",
      (work.path() / "out").string()};
  for (const fs::path& src : sources) {
    fs::path fodt = work.path() / "fodt" / (src.stem().string() + ".fodt");
    VANBAN_RETURN_IF_ERROR(
        RunLogged({Docgen().string(), src.string(), fodt.string()}, work.path() / "docgen.log"));
    argv.push_back(fodt.string());
  }
  VANBAN_RETURN_IF_ERROR(RunLogged(argv, work.path() / "soffice.log"));
  for (size_t i = 0; i < sources.size(); ++i) {
    fs::path made = work.path() / "out" / outs[i].filename();
    std::string bytes = ReadFile(made);
    if (bytes.empty()) {
      return Status(ErrorCode::kInternal, "soffice wrote no " + made.filename().string() + ": " +
                                              ReadFile(work.path() / "soffice.log"));
    }
    VANBAN_RETURN_IF_ERROR(WriteAtomically(outs[i], bytes));
  }
  return Status::Ok();
}

// A ZIP-derived fixture made by RunZipTool from `src` (or from nothing for the bomb).
Result<fs::path> ZipFixture(const std::string& mode, const std::string& file_name) {
  std::vector<fs::path> inputs = {ThisSource()};
  fs::path src;
  if (mode != "bomb") {
    auto docx = OfficeDoc(kSampleDoc, OfficeFormat::kDocx);
    if (!docx.ok()) return docx.status();
    src = *docx;
    inputs.push_back(src);
  }
  const fs::path out = BadDir() / file_name;
  if (Fresh(out, inputs)) return out;
  FixtureLock lock;
  if (Fresh(out, inputs)) return out;
  TempDir work("vanban-office-fixture");
  fs::path tmp = work.path() / file_name;
  std::vector<std::string> args = {mode};
  if (!src.empty()) args.push_back(src.string());
  args.push_back(tmp.string());
  VANBAN_RETURN_IF_ERROR(RunZipTool(args, work));
  std::error_code ec;
  fs::create_directories(BadDir(), ec);
  // Copy next to the target, then rename: readers never see a partial file (the bomb is
  // about 1 MB, the others a few KB).
  fs::path staged = out;
  staged += ".tmp" + std::to_string(::getpid());
  fs::copy_file(tmp, staged, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(staged, out, ec);
  if (ec) return Status(ErrorCode::kIoError, "install " + out.string() + ": " + ec.message());
  return out;
}

Result<fs::path> PasswordFixture(OfficeFormat f) {
  auto docx = OfficeDoc(kSampleDoc, OfficeFormat::kDocx);
  if (!docx.ok()) return docx.status();
  const fs::path out = BadDir() / ("password." + std::string(OfficeExtension(f)));
  if (Fresh(out, {*docx, ThisSource()})) return out;
  FixtureLock lock;
  if (Fresh(out, {*docx, ThisSource()})) return out;
  TempDir work("vanban-office-fixture");
  fs::path made = work.path() / out.filename();
  {
    OfficePoolOptions o;
    o.runtime_dir = work.path() / "run";
    OfficePool pool(o);
    VANBAN_RETURN_IF_ERROR(pool.Convert(*docx, made, std::string(OfficeFilter(f)), "test"));
  }
  std::string bytes = ReadFile(made);
  // Both an encrypted OOXML package and a Word 97 file are Compound Files.
  if (bytes.rfind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0) != 0) {
    return Status(ErrorCode::kInternal,
                  "LibreOffice did not write an encrypted " + out.filename().string());
  }
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, bytes));
  return out;
}

// A flat ODT with TCVN3 text in .VnTime (how pre-Unicode Vietnamese documents were typed: the
// characters are Latin-1 code points the font draws as Vietnamese letters; "QuyÕt ®Þnh" is
// "Quyết định").
constexpr const char* kLegacyFodt = R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name=".VnTime" svg:font-family=".VnTime"/>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Serif"/></style:default-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="L" style:family="paragraph"><style:text-properties style:font-name=".VnTime"/></style:style>
 <style:style style:name="T" style:family="text"><style:text-properties style:font-name=".VnTime"/></style:style>
</office:automatic-styles>
<office:body><office:text>
 <text:p>Quyết định số 12/QĐ-UBND</text:p>
 <text:p text:style-name="L">QuyÕt ®Þnh vÒ viÖc ban hµnh quy chÕ</text:p>
 <text:p>Quyết định này <text:span text:style-name="T">cã hiÖu lùc</text:span> kể từ ngày ký</text:p>
 <table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>Quyết định ô một</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p text:style-name="L">QuyÕt ®Þnh « hai</text:p></table:table-cell>
  </table:table-row>
 </table:table>
</office:text></office:body>
</office:document>
)";

}  // namespace

const std::vector<std::string> kLegacyFontLines = {
    "Quyết định số 12/QĐ-UBND", "Quyết định về việc ban hành quy chế",
    "Quyết định này có hiệu lực kể từ ngày ký", "Quyết định ô một", "Quyết định ô hai"};

namespace {

// office/<name>.docx saved by LibreOffice from a flat ODT written here.
Result<fs::path> DocxFromFodt(const std::string& name, const char* fodt_text) {
  const fs::path out = FixturesDir() / "office" / (name + ".docx");
  if (Fresh(out, {ThisSource()})) return out;
  FixtureLock lock;
  if (Fresh(out, {ThisSource()})) return out;
  TempDir work("vanban-office-fixture");
  fs::path fodt = work.path() / (name + ".fodt");
  WriteFile(fodt, fodt_text);
  fs::create_directories(work.path() / "out");
  VANBAN_RETURN_IF_ERROR(
      ConvertWithSoffice(fodt, "docx:MS Word 2007 XML", work.path() / "out", work));
  std::string bytes = ReadFile(work.path() / "out" / (name + ".docx"));
  if (bytes.rfind("PK", 0) != 0) {
    return Status(ErrorCode::kInternal,
                  "soffice wrote no " + name + ".docx: " + ReadFile(work.path() / "soffice.log"));
  }
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, bytes));
  return out;
}

// A deletion and an insertion recorded as tracked changes and not accepted.
constexpr const char* kTrackedFodt = R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
 <text:tracked-changes>
  <text:changed-region xml:id="ct1" text:id="ct1">
   <text:deletion>
    <office:change-info><dc:creator>Chuyên viên</dc:creator><dc:date>2025-10-01T08:00:00</dc:date></office:change-info>
    <text:p>ba mươi </text:p>
   </text:deletion>
  </text:changed-region>
  <text:changed-region xml:id="ct2" text:id="ct2">
   <text:insertion>
    <office:change-info><dc:creator>Chuyên viên</dc:creator><dc:date>2025-10-01T08:05:00</dc:date></office:change-info>
   </text:insertion>
  </text:changed-region>
 </text:tracked-changes>
 <text:p>Thời hạn nộp hồ sơ là <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>mười lăm <text:change-end text:change-id="ct2"/>ngày.</text:p>
</office:text></office:body>
</office:document>
)";

}  // namespace

Result<fs::path> LegacyFontDocx() { return DocxFromFodt("legacy-fonts", kLegacyFodt); }
Result<fs::path> TrackedChangesDocx() { return DocxFromFodt("tracked-changes", kTrackedFodt); }

std::vector<OfficeFormat> OfficeFormats() {
  return {OfficeFormat::kDocx, OfficeFormat::kDoc, OfficeFormat::kRtf, OfficeFormat::kOdt};
}

std::string_view OfficeExtension(OfficeFormat f) {
  switch (f) {
    case OfficeFormat::kDocx:
      return "docx";
    case OfficeFormat::kDoc:
      return "doc";
    case OfficeFormat::kRtf:
      return "rtf";
    case OfficeFormat::kOdt:
      return "odt";
  }
  return "";
}

std::string_view OfficeFilter(OfficeFormat f) {
  switch (f) {
    case OfficeFormat::kDocx:
      return "MS Word 2007 XML";
    case OfficeFormat::kDoc:
      return "MS Word 97";
    case OfficeFormat::kRtf:
      return "Rich Text Format";
    case OfficeFormat::kOdt:
      return "writer8";
  }
  return "";
}

Result<std::vector<fs::path>> OfficeDocs(OfficeFormat f) {
  VANBAN_RETURN_IF_ERROR(NeedDocgen());
  std::vector<fs::path> sources = DocSources();
  if (sources.empty()) return Status(ErrorCode::kNotFound, "no .vbsrc in " + DocsDir().string());
  std::vector<fs::path> outs;
  for (const fs::path& s : sources) {
    outs.push_back(OfficeDir(f) / (s.stem().string() + "." + std::string(OfficeExtension(f))));
  }
  auto all_fresh = [&] {
    for (size_t i = 0; i < sources.size(); ++i) {
      if (!Fresh(outs[i], {sources[i], Docgen(), ThisSource()})) return false;
    }
    return true;
  };
  if (all_fresh()) return outs;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (all_fresh()) return outs;
  VANBAN_RETURN_IF_ERROR(RenderFormat(f, sources, outs));
  return outs;
}

Result<fs::path> OfficeDoc(const std::string& name, OfficeFormat f) {
  auto docs = OfficeDocs(f);
  if (!docs.ok()) return docs.status();
  for (const fs::path& p : *docs) {
    if (p.stem() == name) return p;
  }
  return Status(ErrorCode::kNotFound, "no document named " + name + " in " + DocsDir().string());
}

Result<fs::path> TruncatedDocx() {
  auto docx = OfficeDoc(kSampleDoc, OfficeFormat::kDocx);
  if (!docx.ok()) return docx.status();
  const fs::path out = BadDir() / "truncated.docx";
  if (Fresh(out, {*docx})) return out;
  std::string bytes = ReadFile(*docx);
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, bytes.substr(0, bytes.size() / 2)));
  return out;
}

Result<fs::path> CorruptDocx() { return ZipFixture("corrupt", "corrupt.docx"); }
Result<fs::path> BrokenXmlDocx() { return ZipFixture("broken-xml", "broken-xml.docx"); }
Result<fs::path> ZipBombDocx() { return ZipFixture("bomb", "zip-bomb.docx"); }
Result<fs::path> PasswordDocx() { return PasswordFixture(OfficeFormat::kDocx); }
Result<fs::path> PasswordDoc() { return PasswordFixture(OfficeFormat::kDoc); }

}  // namespace vanban::testing
