#include "support/legacy_fixtures.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/legacy.h"
#include "vanban/convert/text.h"

namespace vanban::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTcvn3Doc = "cv-1235-ubnd-kgvx-thai-nguyen";
constexpr const char* kVniDoc = "qd-245-stc-thai-nguyen-to-cong-tac";
constexpr const char* kMixedDoc = "cv-312-stc-qlns-kinh-phi-cong";

constexpr const char* kTcvn3Font = ".VnTime";
constexpr const char* kTcvn3CapsFont = ".VnTimeH";
constexpr const char* kVniFont = "VNI-Times";
constexpr const char* kUnicodeFont = "Times New Roman";

fs::path LegacyDir() { return FixturesDir() / "legacy"; }

// File names; the layout version is part of them so that a changed layout is rebuilt.
std::string FileName(LegacyFixture f) {
  switch (f) {
    case LegacyFixture::kTcvn3Doc:
      return "legacy-tcvn3-v1.doc";
    case LegacyFixture::kVniDoc:
      return "legacy-vni-v1.doc";
    case LegacyFixture::kMixedDoc:
      return "legacy-mixed-v1.doc";
    case LegacyFixture::kTcvn3Pdf:
      return "legacy-tcvn3-v1.pdf";
    case LegacyFixture::kVniPdf:
      return "legacy-vni-v1.pdf";
    case LegacyFixture::kTcvn3FontPdf:
      return "legacy-tcvn3-fonts-v1.pdf";
  }
  return "";
}

struct Span {
  std::string font;
  std::string text;  // UTF-8 (legacy bytes as Latin-1/cp1252 characters)
};
using Paragraph = std::vector<Span>;

void Append(Paragraph* p, const std::string& font, const std::string& text) {
  if (!p->empty() && p->back().font == font) {
    p->back().text += text;
  } else {
    p->push_back({font, text});
  }
}

bool IsLowercaseLetter(char32_t c) {
  if (c >= 'a' && c <= 'z') return true;
  return c >= 0x80 && LowerCodepoint(c) == c && FoldCodepoint(c) != c;
}
bool IsUppercaseLetter(char32_t c) { return LowerCodepoint(c) != c; }

// "ỦY BAN NHÂN DÂN": letters, all capitals.
bool AllCaps(const std::string& p) {
  bool letters = false;
  for (char32_t c : ToU32(p)) {
    if (IsLowercaseLetter(c)) return false;
    letters = letters || IsUppercaseLetter(c);
  }
  return letters;
}

// A capital TCVN3 has no code for: set as its lowercase code in the "H" font.
bool NeedsCapsFont(char32_t c) {
  if (c < 0x80 || !IsUppercaseLetter(c)) return false;
  std::string s = ToUtf8(std::u32string(1, c));
  std::string l = ToUtf8(std::u32string(1, LowerCodepoint(c)));
  return EncodeLegacy(s, LegacyEncoding::kTcvn3) == EncodeLegacy(l, LegacyEncoding::kTcvn3);
}

// TCVN3 the way the ABC keyboard driver typed it: all-caps lines in the capital font,
// accented capitals inside ordinary text switched to it letter by letter.
Paragraph Tcvn3Paragraph(const std::string& p) {
  Paragraph out;
  if (AllCaps(p)) {
    Append(&out, kTcvn3CapsFont, EncodeLegacy(LowerUtf8(p), LegacyEncoding::kTcvn3));
    return out;
  }
  for (char32_t c : ToU32(p)) {
    std::string s = ToUtf8(std::u32string(1, c));
    if (NeedsCapsFont(c)) {
      Append(&out, kTcvn3CapsFont, EncodeLegacy(LowerUtf8(s), LegacyEncoding::kTcvn3));
    } else {
      Append(&out, kTcvn3Font, EncodeLegacy(s, LegacyEncoding::kTcvn3));
    }
  }
  return out;
}

std::vector<Paragraph> Layout(LegacyFixture f, const std::vector<std::string>& paragraphs,
                              size_t header) {
  std::vector<Paragraph> out;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    const std::string& p = paragraphs[i];
    Paragraph q;
    switch (f) {
      case LegacyFixture::kVniDoc:
      case LegacyFixture::kVniPdf:
        Append(&q, kVniFont, EncodeLegacy(p, LegacyEncoding::kVni));
        break;
      case LegacyFixture::kMixedDoc:
        if (i < header && AllCaps(p)) {
          q = Tcvn3Paragraph(p);
        } else {
          Append(&q, kUnicodeFont, p);
        }
        break;
      default:
        q = Tcvn3Paragraph(p);
    }
    out.push_back(std::move(q));
  }
  return out;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Fodt(const std::vector<Paragraph>& paragraphs) {
  std::vector<std::string> fonts;
  for (const Paragraph& p : paragraphs) {
    for (const Span& s : p) {
      bool known = false;
      for (const std::string& f : fonts) known = known || f == s.font;
      if (!known) fonts.push_back(s.font);
    }
  }
  std::string x = R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
)";
  for (const std::string& f : fonts) {
    x += " <style:font-face style:name=\"" + XmlEscape(f) + "\" svg:font-family=\"&apos;" +
         XmlEscape(f) + "&apos;\" style:font-pitch=\"variable\"/>\n";
  }
  x += R"(</office:font-face-decls>
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/></style:page-layout>
 <style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.1cm"/><style:text-properties fo:font-size="13pt" fo:hyphenate="false"/></style:style>
)";
  for (size_t i = 0; i < fonts.size(); ++i) {
    x += " <style:style style:name=\"T" + std::to_string(i) +
         "\" style:family=\"text\"><style:text-properties style:font-name=\"" +
         XmlEscape(fonts[i]) + "\"/></style:style>\n";
  }
  x += R"(</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL"/></office:master-styles>
<office:body><office:text>
)";
  for (const Paragraph& p : paragraphs) {
    x += "<text:p text:style-name=\"P\">";
    for (const Span& s : p) {
      size_t k = 0;
      while (fonts[k] != s.font) ++k;
      x += "<text:span text:style-name=\"T" + std::to_string(k) + "\">" + XmlEscape(s.text) +
           "</text:span>";
    }
    x += "</text:p>\n";
  }
  x += "</office:text></office:body>\n</office:document>\n";
  return x;
}

// --- a PDF written by hand ------------------------------------------------------------------

// The byte a character stands for in WinAnsiEncoding ('?' if none).
char WinAnsiByte(char32_t c) {
  static constexpr char16_t kHigh[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  if (c < 0x80 || (c >= 0xA0 && c < 0x100)) return static_cast<char>(c);
  for (int i = 0; i < 32; ++i) {
    if (kHigh[i] == c) return static_cast<char>(0x80 + i);
  }
  return '?';
}

std::string PdfString(const std::string& utf8) {
  std::string out = "(";
  for (char32_t c : ToU32(utf8)) {
    char b = WinAnsiByte(c);
    if (b == '(' || b == ')' || b == '\\') out += '\\';
    out += b;
  }
  return out + ")";
}

std::string HandWrittenPdf(const std::vector<Paragraph>& paragraphs) {
  constexpr int kCharsPerLine = 95;  // 5 pt per character at 10 pt
  constexpr int kTop = 780;
  constexpr int kBottom = 60;
  constexpr int kLeading = 14;
  // Lines of spans, wrapped at spaces.
  std::vector<Paragraph> lines;
  for (const Paragraph& p : paragraphs) {
    Paragraph line;
    size_t len = 0;
    std::vector<Paragraph> words(1);
    for (const Span& s : p) {
      for (char32_t c : ToU32(s.text)) {
        if (c == U' ') {
          words.emplace_back();
          continue;
        }
        Append(&words.back(), s.font, ToUtf8(std::u32string(1, c)));
      }
    }
    for (const Paragraph& w : words) {
      size_t wl = 0;
      for (const Span& s : w) wl += ToU32(s.text).size();
      if (len > 0 && len + 1 + wl > kCharsPerLine) {
        lines.push_back(std::move(line));
        line.clear();
        len = 0;
      }
      if (len > 0) {
        Append(&line, line.back().font, " ");
        ++len;
      }
      for (const Span& s : w) Append(&line, s.font, s.text);
      len += wl;
    }
    lines.push_back(std::move(line));
  }
  std::vector<std::string> pages(1);
  int y = kTop;
  for (const Paragraph& line : lines) {
    if (y < kBottom) {
      pages.emplace_back();
      y = kTop;
    }
    std::string& c = pages.back();
    c += "BT 60 " + std::to_string(y) + " Td";
    for (const Span& s : line) {
      c += s.font == kTcvn3CapsFont ? " /F2 10 Tf " : " /F1 10 Tf ";
      c += PdfString(s.text) + " Tj";
    }
    c += " ET\n";
    y -= kLeading;
  }

  std::string widths;
  for (int i = 32; i <= 255; ++i) widths += " 500";
  std::vector<std::string> objs = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "",  // pages, below
      "<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+.VnTime /FirstChar 32 /LastChar 255"
      " /Widths [" +
          widths + "] /Encoding /WinAnsiEncoding /FontDescriptor 5 0 R >>",
      "<< /Type /Font /Subtype /TrueType /BaseFont /.VnTimeH,Bold /FirstChar 32 /LastChar 255"
      " /Widths [" +
          widths + "] /Encoding /WinAnsiEncoding /FontDescriptor 6 0 R >>",
      "<< /Type /FontDescriptor /FontName /ABCDEF+.VnTime /Flags 32 /FontBBox [0 -200 1000 900]"
      " /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
      "<< /Type /FontDescriptor /FontName /.VnTimeH,Bold /Flags 32 /FontBBox [0 -200 1000 900]"
      " /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 120 >>",
  };
  std::string kids;
  for (const std::string& content : pages) {
    size_t page_obj = objs.size() + 1;
    kids += std::to_string(page_obj) + " 0 R ";
    objs.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font"
        " << /F1 3 0 R /F2 4 0 R >> >> /Contents " +
        std::to_string(page_obj + 1) + " 0 R >>");
    objs.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                   "endstream");
  }
  objs[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// One soffice run converting several inputs, with a profile of its own.
Status Soffice(const std::vector<fs::path>& inputs, const std::string& filter,
               const fs::path& out_dir, const TempDir& work) {
  const char* soffice = std::getenv("SOFFICE");
  std::vector<std::string> argv = {
      soffice != nullptr && *soffice ? soffice : "soffice",
      "--headless",
      "--norestore",
      "--nolockcheck",
      "--nologo",
      "--nodefault",
      "-env:UserInstallation=file://" + (work.path() / "profile").string(),
      "--convert-to",
      filter,
      "--outdir",
      out_dir.string()};
  for (const fs::path& p : inputs) argv.push_back(p.string());
  return RunLogged(argv, work.path() / ("soffice-" + filter.substr(0, 3) + ".log"));
}

constexpr LegacyFixture kAll[] = {LegacyFixture::kTcvn3Doc, LegacyFixture::kVniDoc,
                                  LegacyFixture::kMixedDoc, LegacyFixture::kTcvn3Pdf,
                                  LegacyFixture::kVniPdf,   LegacyFixture::kTcvn3FontPdf};

// How many of a document's first paragraphs are its header (parent, issuer, motto).
Result<size_t> HeaderSize(const std::string& name) {
  auto doc = ReadVbsrc(DocsDir() / (name + ".vbsrc"));
  if (!doc.ok()) return doc.status();
  return doc->parent.size() + doc->issuer.size() + (doc->party ? 1 : 2);
}

Status BuildAll() {
  TempDir work("vanban-legacy-fixture");
  std::vector<fs::path> docs, pdfs;
  for (LegacyFixture f : kAll) {
    auto paragraphs = PrintedParagraphs(LegacyFixtureSource(f));
    if (!paragraphs.ok()) return paragraphs.status();
    auto header = HeaderSize(LegacyFixtureSource(f));
    if (!header.ok()) return header.status();
    std::vector<Paragraph> layout = Layout(f, *paragraphs, *header);
    const std::string stem = fs::path(FileName(f)).stem().string();
    if (f == LegacyFixture::kTcvn3FontPdf) {
      WriteFile(work.path() / FileName(f), HandWrittenPdf(layout));
      continue;
    }
    fs::path dir =
        work.path() /
        (f == LegacyFixture::kTcvn3Pdf || f == LegacyFixture::kVniPdf ? "pdf-src" : "doc-src");
    fs::create_directories(dir);
    fs::path fodt = dir / (stem + ".fodt");
    WriteFile(fodt, Fodt(layout));
    (dir.filename() == "pdf-src" ? pdfs : docs).push_back(fodt);
  }
  VANBAN_RETURN_IF_ERROR(Soffice(docs, "doc:MS Word 97", work.path(), work));
  VANBAN_RETURN_IF_ERROR(Soffice(pdfs, "pdf", work.path(), work));
  for (LegacyFixture f : kAll) {
    std::string bytes = ReadFile(work.path() / FileName(f));
    if (bytes.empty()) {
      return Status(ErrorCode::kInternal, "LibreOffice wrote no " + FileName(f) + ": " +
                                              ReadFile(work.path() / "soffice-doc.log") +
                                              ReadFile(work.path() / "soffice-pdf.log"));
    }
    VANBAN_RETURN_IF_ERROR(WriteAtomically(LegacyDir() / FileName(f), bytes));
  }
  return Status::Ok();
}

bool AllFresh() {
  for (LegacyFixture f : kAll) {
    if (!Fresh(LegacyDir() / FileName(f), {DocsDir() / (LegacyFixtureSource(f) + ".vbsrc")})) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string LegacyFixtureSource(LegacyFixture f) {
  switch (f) {
    case LegacyFixture::kVniDoc:
    case LegacyFixture::kVniPdf:
      return kVniDoc;
    case LegacyFixture::kMixedDoc:
      return kMixedDoc;
    default:
      return kTcvn3Doc;
  }
}

Result<std::vector<std::string>> PrintedParagraphs(const std::string& doc_name) {
  auto doc = ReadVbsrc(DocsDir() / (doc_name + ".vbsrc"));
  if (!doc.ok()) return doc.status();
  std::vector<std::string> p;
  auto add = [&](const std::vector<std::string>& v) { p.insert(p.end(), v.begin(), v.end()); };
  add(doc->parent);
  add(doc->issuer);
  if (doc->party) {
    p.push_back("ĐẢNG CỘNG SẢN VIỆT NAM");
  } else {
    p.push_back("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    p.push_back("Độc lập - Tự do - Hạnh phúc");
  }
  p.push_back("Số: " + doc->number);
  p.push_back(doc->place_date);
  if (!doc->type.empty()) p.push_back(doc->type);
  p.push_back(doc->summary);
  if (!doc->kinh_gui.empty()) {
    p.push_back("Kính gửi:");
    add(doc->kinh_gui);
  }
  add(doc->body);
  add(doc->signature);
  p.push_back("Nơi nhận:");
  add(doc->noi_nhan);
  add(doc->annex);
  return p;
}

Result<fs::path> LegacyFixturePath(LegacyFixture f) {
  const fs::path out = LegacyDir() / FileName(f);
  if (AllFresh()) return out;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (AllFresh()) return out;
  VANBAN_RETURN_IF_ERROR(BuildAll());
  return out;
}

Result<std::string> LegacyFixtureExpectedText(LegacyFixture f) {
  auto paragraphs = PrintedParagraphs(LegacyFixtureSource(f));
  if (!paragraphs.ok()) return paragraphs.status();
  std::string out;
  for (const std::string& p : *paragraphs) {
    std::string t = p;
    if (f == LegacyFixture::kTcvn3Pdf) {
      std::u32string u;
      const bool caps = AllCaps(p);
      for (char32_t c : ToU32(p)) {
        char32_t shown = caps || NeedsCapsFont(c) ? LowerCodepoint(c) : c;
        if (shown != U'ư') u += shown;  // U+00AD, not drawn by LibreOffice
      }
      t = ToUtf8(u);
    }
    out += t + "\n";
  }
  return out;
}

}  // namespace vanban::testing
