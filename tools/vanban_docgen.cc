// vanban-docgen: lays out a Vietnamese official document written in the `.vbsrc` source format
// (docs/fixtures.md) the way Nghị định 30/2020/NĐ-CP, Phụ lục I prescribes, as a flat ODT
// (.fodt) for LibreOffice to render to PDF, or as a plain HTML preview.
//
//   vanban-docgen [--format fodt|html] IN.vbsrc OUT
//
// Exit codes: 0 written; 1 I/O error; 2 the source is invalid (file:line: message on stderr);
// 64 usage error.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitIo = 1;
constexpr int kExitInvalid = 2;
constexpr int kExitUsage = 64;

constexpr const char* kUsage =
    "Usage: vanban-docgen [--format fodt|html] IN.vbsrc OUT\n"
    "Lays out an official document (NĐ 30/2020/NĐ-CP, Phụ lục I) from its .vbsrc source.\n"
    "The format is described in docs/fixtures.md.\n";

// ---------------------------------------------------------------------------------------------
// The source document.

struct Paragraph {
  std::string text;  // may hold inline **bold** spans
  bool center = false;
  bool bold = false;
  bool italic = false;
  bool no_indent = false;
  bool keep_with_next = false;
};

struct Signature {
  std::vector<std::string> powers;  // quyền hạn: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
  std::string title;                // chức vụ: "PHÓ CHỦ TỊCH"
  std::string name;
};

struct Document {
  bool party = false;               // Đảng document (HD 36-HD/VPTW) instead of a state one
  std::vector<std::string> parent;  // cơ quan chủ quản, one entry per printed line
  std::vector<std::string> issuer;  // cơ quan ban hành, one entry per printed line
  std::string number;               // số, ký hiệu, without "Số:"
  std::string place_date;           // địa danh và thời gian, as printed
  std::string type;                 // tên loại, empty for a Công văn
  std::string summary;              // trích yếu; "V/v …" for a Công văn
  std::string urgency;              // độ khẩn ("KHẨN", "HỎA TỐC"), optional
  std::vector<std::string> kinh_gui;
  std::vector<Paragraph> body;
  Signature signature;
  std::vector<std::string> noi_nhan;
  std::vector<Paragraph> annex;  // printed after the signature, from a new page
};

struct ParseError {
  int line = 0;
  std::string message;
};

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// A body line: `# ` centred bold heading, `## ` bold heading (Điều), `{cbin} ` explicit flags,
// `\` escapes a leading marker; anything else a justified paragraph with a first-line indent.
std::optional<Paragraph> ParseParagraph(std::string_view line, std::string* error) {
  Paragraph p;
  if (StartsWith(line, "\\")) {
    p.text = Trim(line.substr(1));
    return p;
  }
  if (StartsWith(line, "## ")) {
    p.bold = true;
    p.keep_with_next = true;
    p.text = Trim(line.substr(3));
    return p;
  }
  if (StartsWith(line, "# ")) {
    p.center = p.bold = p.no_indent = p.keep_with_next = true;
    p.text = Trim(line.substr(2));
    return p;
  }
  if (StartsWith(line, "{")) {
    size_t close = line.find('}');
    if (close == std::string_view::npos) {
      *error = "unterminated paragraph flags '{…}'";
      return std::nullopt;
    }
    for (char f : line.substr(1, close - 1)) {
      switch (f) {
        case 'c':
          p.center = p.no_indent = true;
          break;
        case 'b':
          p.bold = true;
          break;
        case 'i':
          p.italic = true;
          break;
        case 'n':
          p.no_indent = true;
          break;
        case 'k':
          p.keep_with_next = true;
          break;
        default:
          *error = std::string("unknown paragraph flag '") + f + "' (use c, b, i, n, k)";
          return std::nullopt;
      }
    }
    p.text = Trim(line.substr(close + 1));
    return p;
  }
  p.text = Trim(line);
  return p;
}

// Characters XML 1.0 cannot carry (other than tab) make the source invalid.
bool HasControlChars(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\t') return true;
    if (c == 0x7F) return true;
  }
  return false;
}

bool ParseDocument(const std::string& bytes, Document* doc, ParseError* err) {
  enum class Section { kHeader, kKinhGui, kBody, kSignature, kNoiNhan, kAnnex };
  Section section = Section::kHeader;
  std::istringstream in(bytes);
  std::string raw;
  int lineno = 0;
  bool seen_issuer = false;
  auto fail = [&](std::string message) {
    err->line = lineno;
    err->message = std::move(message);
    return false;
  };
  while (std::getline(in, raw)) {
    ++lineno;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (lineno == 1 && StartsWith(raw, "\xEF\xBB\xBF")) raw.erase(0, 3);
    if (!IsValidUtf8(raw)) return fail("the line is not valid UTF-8");
    if (HasControlChars(raw)) return fail("control character in the line");
    std::string line = NormalizeNfc(raw);
    std::string trimmed = Trim(line);
    if (trimmed.empty() || StartsWith(trimmed, "//")) continue;
    if (trimmed.front() == '[' && trimmed.back() == ']') {
      std::string name = trimmed.substr(1, trimmed.size() - 2);
      if (name == "kinh_gui") {
        section = Section::kKinhGui;
      } else if (name == "body") {
        section = Section::kBody;
      } else if (name == "signature") {
        section = Section::kSignature;
      } else if (name == "noi_nhan") {
        section = Section::kNoiNhan;
      } else if (name == "annex") {
        section = Section::kAnnex;
      } else {
        return fail("unknown section [" + name +
                    "] (use [kinh_gui], [body], [signature], [noi_nhan], [annex])");
      }
      continue;
    }
    switch (section) {
      case Section::kHeader:
      case Section::kSignature: {
        size_t colon = trimmed.find(':');
        if (colon == std::string::npos) return fail("expected 'key: value'");
        std::string key = Trim(std::string_view(trimmed).substr(0, colon));
        std::string value = Trim(std::string_view(trimmed).substr(colon + 1));
        if (section == Section::kSignature) {
          if (key == "power") {
            doc->signature.powers.push_back(value);
          } else if (key == "title") {
            doc->signature.title = value;
          } else if (key == "name") {
            doc->signature.name = value;
          } else {
            return fail("unknown signature key '" + key + "' (use power, title, name)");
          }
          break;
        }
        if (key == "variant") {
          if (value == "party") {
            doc->party = true;
          } else if (value != "state") {
            return fail("variant must be 'state' or 'party'");
          }
        } else if (key == "parent") {
          doc->parent.push_back(value);
        } else if (key == "issuer") {
          doc->issuer.push_back(value);
          seen_issuer = true;
        } else if (key == "number") {
          doc->number = value;
        } else if (key == "place_date") {
          doc->place_date = value;
        } else if (key == "type") {
          doc->type = value;
        } else if (key == "summary") {
          doc->summary = doc->summary.empty() ? value : doc->summary + " " + value;
        } else if (key == "urgency") {
          doc->urgency = value;
        } else {
          return fail("unknown header key '" + key +
                      "' (use variant, parent, issuer, number, place_date, type, summary, "
                      "urgency)");
        }
        break;
      }
      case Section::kKinhGui:
        doc->kinh_gui.push_back(trimmed);
        break;
      case Section::kNoiNhan:
        doc->noi_nhan.push_back(trimmed);
        break;
      case Section::kBody:
      case Section::kAnnex: {
        std::string error;
        std::optional<Paragraph> p = ParseParagraph(line, &error);
        if (!p) return fail(error);
        if (p->text.empty()) return fail("empty paragraph");
        (section == Section::kBody ? doc->body : doc->annex).push_back(std::move(*p));
        break;
      }
    }
  }
  lineno = 0;
  if (!seen_issuer) return fail("missing 'issuer:' (cơ quan ban hành)");
  if (doc->number.empty()) return fail("missing 'number:' (số, ký hiệu)");
  if (doc->place_date.empty()) return fail("missing 'place_date:' (địa danh, ngày tháng)");
  if (doc->body.empty()) return fail("missing [body]");
  if (doc->signature.name.empty()) return fail("missing 'name:' in [signature]");
  return true;
}

// Inline spans: "**" toggles bold. Returns (text, bold) runs.
std::vector<std::pair<std::string, bool>> Runs(std::string_view text) {
  std::vector<std::pair<std::string, bool>> runs;
  bool bold = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t next = text.find("**", pos);
    std::string_view part =
        text.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    if (!part.empty()) runs.emplace_back(std::string(part), bold);
    if (next == std::string_view::npos) break;
    bold = !bold;
    pos = next + 2;
  }
  return runs;
}

void AppendXmlEscaped(std::string& out, std::string_view s) {
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
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
}

std::string XmlEscaped(std::string_view s) {
  std::string out;
  AppendXmlEscaped(out, s);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Flat ODT.

// Page: A4, margins per NĐ 30 (top/bottom 2 cm, left 3 cm, right 1.5 cm): 16.5 cm of text.
constexpr double kTextWidthCm = 16.5;
constexpr double kHeaderLeftCm = 6.8;
constexpr double kSignLeftCm = 7.5;

class FodtWriter {
 public:
  explicit FodtWriter(const Document& doc) : doc_(doc) {}

  std::string Write() {
    out_.clear();
    Prologue();
    out_ += "<office:body><office:text>\n";
    HeaderTable("T_Header", /*with_number=*/true);
    TitleBlock();
    KinhGui();
    for (size_t i = 0; i < doc_.body.size(); ++i) {
      Paragraph p = doc_.body[i];
      if (i + 1 == doc_.body.size()) p.keep_with_next = true;  // no signature alone on a page
      BodyParagraph(p);
    }
    SignatureTable();
    if (!doc_.annex.empty()) {
      HeaderTable("T_AnnexHeader", /*with_number=*/false);
      for (const Paragraph& p : doc_.annex) BodyParagraph(p);
    }
    out_ += "</office:text></office:body>\n</office:document>\n";
    return out_;
  }

 private:
  void Prologue() {
    out_ += R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><meta:generator>vanban-docgen</meta:generator><dc:language>vi-VN</dc:language></office:meta>
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="lr-tb"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="14pt" fo:language="vi" fo:country="VN" fo:hyphenate="false" style:font-name-complex="Liberation Serif"/>
 </style:default-style>
 <style:default-style style:family="table-cell">
  <style:table-cell-properties fo:border="none"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="VB_Cell" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0cm" fo:line-height="100%"/>
  <style:text-properties fo:font-size="13pt"/>
 </style:style>
 <style:style style:name="VB_Body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="1cm" fo:margin-top="0.21cm" fo:margin-bottom="0cm" fo:line-height="115%" fo:orphans="2" fo:widows="2"/>
 </style:style>
 <style:style style:name="VB_PageNumber" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="13pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL_A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1.2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-bottom="0cm"/></style:header-style>
 </style:page-layout>
 <style:page-layout style:name="PL_A4_First">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/>
 </style:page-layout>
)";
    TableStyles("T_Header", kHeaderLeftCm, "VB_First", false);
    TableStyles("T_AnnexHeader", kHeaderLeftCm, "", true);
    TableStyles("T_Sign", kSignLeftCm, "", false);
    out_ += R"( <style:style style:name="T_Row" style:family="table-row">
  <style:table-row-properties fo:keep-together="always"/>
 </style:style>
 <style:style style:name="T_Cell" style:family="table-cell">
  <style:table-cell-properties fo:padding="0.02cm" fo:border="none" style:vertical-align="top"/>
 </style:style>
 <style:style style:name="S_Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="S_Underline" style:family="text"><style:text-properties style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>
)";
    // Cell paragraphs: size / weight / style variants of VB_Cell.
    CellStyle("C_Parent", "12pt", false, false);
    CellStyle("C_Issuer", "13pt", true, false);
    CellStyle("C_Number", "13pt", false, false);
    CellStyle("C_Vv", "12pt", false, false);
    CellStyle("C_Urgency", "13pt", true, false);
    CellStyle("C_Nation", "12pt", true, false);
    CellStyle("C_Motto", "13pt", true, false);
    CellStyle("C_Date", "13pt", false, true);
    CellStyle("C_Power", "13pt", true, false);
    CellStyle("C_Title", "13pt", true, false);
    out_ +=
        R"( <style:style style:name="C_Name" style:family="paragraph" style:parent-style-name="VB_Cell">
  <style:paragraph-properties fo:margin-top="2.6cm"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="C_NoiNhan" style:family="paragraph" style:parent-style-name="VB_Cell">
  <style:paragraph-properties fo:text-align="start" fo:margin-top="0.1cm"/>
  <style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="C_NoiNhanItem" style:family="paragraph" style:parent-style-name="VB_Cell">
  <style:paragraph-properties fo:text-align="start" fo:margin-left="0.4cm" fo:text-indent="-0.4cm"/>
  <style:text-properties fo:font-size="11pt"/>
 </style:style>
 <style:style style:name="P_Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.6cm" fo:margin-bottom="0cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="P_Summary" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-left="0.5cm" fo:margin-right="0.5cm" fo:margin-top="0cm" fo:margin-bottom="0cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="P_KinhGui" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.5cm" fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="P_KinhGuiLabel" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-left="2.2cm" fo:margin-top="0.5cm"/>
 </style:style>
 <style:style style:name="P_KinhGuiItem" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-left="4.6cm" fo:text-indent="-0.35cm" fo:margin-top="0cm"/>
 </style:style>
 <style:style style:name="P_KinhGuiLast" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-left="4.6cm" fo:text-indent="-0.35cm" fo:margin-top="0cm" fo:margin-bottom="0.3cm"/>
 </style:style>
 <style:style style:name="P_SignGap" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:line-height="100%"/>
  <style:text-properties fo:font-size="6pt"/>
 </style:style>
)";
    // Short horizontal rules (an empty paragraph with a bottom border), centred by margins.
    RuleStyle("R_Left", (kHeaderLeftCm - 2.4) / 2);
    RuleStyle("R_Right", (kTextWidthCm - kHeaderLeftCm - 5.6) / 2);
    RuleStyle("R_Title", (kTextWidthCm - 3.5) / 2);
    // Body paragraphs: every combination of the flags.
    for (int f = 0; f < 32; ++f) BodyStyle(f);
    out_ += R"(</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL_A4">
  <style:header><text:p text:style-name="VB_PageNumber"><text:page-number text:select-page="current">2</text:page-number></text:p></style:header>
 </style:master-page>
 <style:master-page style:name="VB_First" style:page-layout-name="PL_A4_First" style:next-style-name="Standard"/>
</office:master-styles>
)";
  }

  void TableStyles(const std::string& name, double left_cm, const std::string& master_page,
                   bool page_break) {
    out_ += " <style:style style:name=\"" + name + "\" style:family=\"table\"";
    if (!master_page.empty()) out_ += " style:master-page-name=\"" + master_page + "\"";
    out_ += ">\n  <style:table-properties style:width=\"" + Cm(kTextWidthCm) +
            "\" table:align=\"margins\" fo:margin-top=\"0cm\" fo:margin-bottom=\"0cm\"";
    if (page_break) out_ += " fo:break-before=\"page\"";
    out_ += "/>\n </style:style>\n";
    out_ += " <style:style style:name=\"" + name +
            ".A\" style:family=\"table-column\"><style:table-column-properties "
            "style:column-width=\"" +
            Cm(left_cm) + "\"/></style:style>\n";
    out_ += " <style:style style:name=\"" + name +
            ".B\" style:family=\"table-column\"><style:table-column-properties "
            "style:column-width=\"" +
            Cm(kTextWidthCm - left_cm) + "\"/></style:style>\n";
  }

  void CellStyle(const std::string& name, const std::string& size, bool bold, bool italic) {
    out_ += " <style:style style:name=\"" + name +
            "\" style:family=\"paragraph\" style:parent-style-name=\"VB_Cell\">\n"
            "  <style:text-properties fo:font-size=\"" +
            size + "\"";
    if (bold) out_ += " fo:font-weight=\"bold\"";
    if (italic) out_ += " fo:font-style=\"italic\"";
    out_ += "/>\n </style:style>\n";
  }

  void RuleStyle(const std::string& name, double side_cm) {
    out_ += " <style:style style:name=\"" + name +
            "\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">\n"
            "  <style:paragraph-properties fo:margin-left=\"" +
            Cm(side_cm) + "\" fo:margin-right=\"" + Cm(side_cm) +
            "\" fo:margin-top=\"0.06cm\" fo:margin-bottom=\"0.15cm\" fo:line-height=\"100%\" "
            "fo:padding=\"0cm\" fo:border-bottom=\"0.6pt solid #000000\" "
            "fo:border-top=\"none\" fo:border-left=\"none\" fo:border-right=\"none\"/>\n"
            "  <style:text-properties fo:font-size=\"2pt\"/>\n </style:style>\n";
  }

  static int Flags(const Paragraph& p) {
    return (p.center ? 1 : 0) | (p.bold ? 2 : 0) | (p.italic ? 4 : 0) | (p.no_indent ? 8 : 0) |
           (p.keep_with_next ? 16 : 0);
  }

  void BodyStyle(int f) {
    out_ += " <style:style style:name=\"B" + std::to_string(f) +
            "\" style:family=\"paragraph\" style:parent-style-name=\"VB_Body\">\n"
            "  <style:paragraph-properties";
    if (f & 1) out_ += " fo:text-align=\"center\"";
    if (f & 8) out_ += " fo:text-indent=\"0cm\"";
    if (f & 16) out_ += " fo:keep-with-next=\"always\"";
    out_ += "/>\n  <style:text-properties";
    if (f & 2) out_ += " fo:font-weight=\"bold\"";
    if (f & 4) out_ += " fo:font-style=\"italic\"";
    out_ += "/>\n </style:style>\n";
  }

  static std::string Cm(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fcm", v);
    return buf;
  }

  // Text content: runs of spaces survive as text:s, tabs as text:tab, "**" as bold spans.
  void AppendText(std::string_view text, bool inline_bold) {
    std::vector<std::pair<std::string, bool>> runs;
    if (inline_bold) {
      runs = Runs(text);
    } else {
      runs.emplace_back(std::string(text), false);
    }
    for (const auto& [part, bold] : runs) {
      if (bold) out_ += "<text:span text:style-name=\"S_Bold\">";
      size_t spaces = 0;
      auto flush_spaces = [&](bool at_start) {
        if (spaces == 0) return;
        if (at_start) {
          out_ += "<text:s text:c=\"" + std::to_string(spaces) + "\"/>";
        } else {
          out_ += ' ';
          if (spaces > 1) out_ += "<text:s text:c=\"" + std::to_string(spaces - 1) + "\"/>";
        }
        spaces = 0;
      };
      bool at_start = true;
      for (char c : part) {
        if (c == ' ') {
          ++spaces;
          continue;
        }
        flush_spaces(at_start);
        at_start = false;
        if (c == '\t') {
          out_ += "<text:tab/>";
        } else {
          char s[2] = {c, 0};
          AppendXmlEscaped(out_, s);
        }
      }
      flush_spaces(at_start);
      if (bold) out_ += "</text:span>";
    }
  }

  void P(const std::string& style, std::string_view text, bool inline_bold = false) {
    out_ += "<text:p text:style-name=\"" + style + "\">";
    AppendText(text, inline_bold);
    out_ += "</text:p>\n";
  }

  void HeaderTable(const std::string& style, bool with_number) {
    out_ += "<table:table table:name=\"" + style + "\" table:style-name=\"" + style + "\">\n";
    out_ += "<table:table-column table:style-name=\"" + style + ".A\"/>";
    out_ += "<table:table-column table:style-name=\"" + style + ".B\"/>\n";
    // Row 1: ô2 (cơ quan) | ô1 (Quốc hiệu và Tiêu ngữ, or the Party's name).
    out_ +=
        "<table:table-row table:style-name=\"T_Row\"><table:table-cell table:style-name=\"T_Cell\" "
        "office:value-type=\"string\">\n";
    for (const std::string& l : doc_.parent) P("C_Parent", l);
    for (const std::string& l : doc_.issuer) P("C_Issuer", l);
    if (doc_.party) {
      P("C_Parent", "*");
    } else {
      P("R_Left", "");
    }
    out_ +=
        "</table:table-cell><table:table-cell table:style-name=\"T_Cell\" "
        "office:value-type=\"string\">\n";
    if (doc_.party) {
      out_ +=
          "<text:p text:style-name=\"C_Nation\"><text:span text:style-name=\"S_Underline\">"
          "ĐẢNG CỘNG SẢN VIỆT NAM</text:span></text:p>\n";
    } else {
      P("C_Nation", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      P("C_Motto", "Độc lập - Tự do - Hạnh phúc");
      P("R_Right", "");
    }
    out_ += "</table:table-cell></table:table-row>\n";
    if (with_number) {
      // Row 2: ô3 số, ký hiệu (+ ô5b trích yếu of a Công văn, ô10 độ khẩn) | ô4 địa danh, ngày.
      out_ +=
          "<table:table-row table:style-name=\"T_Row\"><table:table-cell "
          "table:style-name=\"T_Cell\" "
          "office:value-type=\"string\">\n";
      P("C_Number", (doc_.party ? "Số " : "Số: ") + doc_.number);
      if (doc_.type.empty() && !doc_.summary.empty()) P("C_Vv", doc_.summary);
      if (!doc_.urgency.empty()) P("C_Urgency", doc_.urgency);
      out_ +=
          "</table:table-cell><table:table-cell table:style-name=\"T_Cell\" "
          "office:value-type=\"string\">\n";
      P("C_Date", doc_.place_date);
      out_ += "</table:table-cell></table:table-row>\n";
    }
    out_ += "</table:table>\n";
  }

  void TitleBlock() {
    if (doc_.type.empty()) return;  // Công văn: trích yếu is under the số
    P("P_Title", doc_.type);
    if (!doc_.summary.empty()) P("P_Summary", doc_.summary);
    P("R_Title", "");
  }

  void KinhGui() {
    if (doc_.kinh_gui.empty()) return;
    if (doc_.kinh_gui.size() == 1) {
      out_ += "<text:p text:style-name=\"P_KinhGui\">Kính gửi: ";
      AppendText(doc_.kinh_gui[0] + ".", false);
      out_ += "</text:p>\n";
      return;
    }
    P("P_KinhGuiLabel", "Kính gửi:");
    for (size_t i = 0; i < doc_.kinh_gui.size(); ++i) {
      bool last = i + 1 == doc_.kinh_gui.size();
      P(last ? "P_KinhGuiLast" : "P_KinhGuiItem", "- " + doc_.kinh_gui[i] + (last ? "." : ";"));
    }
  }

  void BodyParagraph(const Paragraph& p) {
    P("B" + std::to_string(Flags(p)), p.text, /*inline_bold=*/true);
  }

  void SignatureTable() {
    out_ +=
        "<table:table table:name=\"T_Sign\" table:style-name=\"T_Sign\">\n"
        "<table:table-column table:style-name=\"T_Sign.A\"/>"
        "<table:table-column table:style-name=\"T_Sign.B\"/>\n"
        "<table:table-row table:style-name=\"T_Row\"><table:table-cell table:style-name=\"T_Cell\" "
        "office:value-type=\"string\">\n";
    P("P_SignGap", "");
    if (!doc_.noi_nhan.empty()) {
      P("C_NoiNhan", "Nơi nhận:");
      const char* sep = doc_.party ? "," : ";";
      for (size_t i = 0; i < doc_.noi_nhan.size(); ++i) {
        bool last = i + 1 == doc_.noi_nhan.size();
        P("C_NoiNhanItem", "- " + doc_.noi_nhan[i] + (last ? "." : sep));
      }
    } else {
      P("C_NoiNhanItem", "");
    }
    out_ +=
        "</table:table-cell><table:table-cell table:style-name=\"T_Cell\" "
        "office:value-type=\"string\">\n";
    P("P_SignGap", "");
    for (const std::string& l : doc_.signature.powers) P("C_Power", l);
    if (!doc_.signature.title.empty()) P("C_Title", doc_.signature.title);
    P("C_Name", doc_.signature.name);
    out_ += "</table:table-cell></table:table-row>\n</table:table>\n";
  }

  const Document& doc_;
  std::string out_;
};

// ---------------------------------------------------------------------------------------------
// HTML preview (same layout, browser-rendered).

class HtmlWriter {
 public:
  explicit HtmlWriter(const Document& doc) : doc_(doc) {}

  std::string Write() {
    std::string o;
    o += "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
    o += XmlEscaped((doc_.type.empty() ? std::string("Công văn") : doc_.type) + " " + doc_.number);
    o += "</title>\n<style>\n"
         "body{font-family:'Liberation Serif','Times New Roman',serif;font-size:14pt;"
         "max-width:16.5cm;margin:2cm auto 2cm 3cm;}\n"
         "table.hdr,table.sign{width:100%;border-collapse:collapse;}\n"
         "table.hdr td,table.sign td{vertical-align:top;text-align:center;font-size:13pt;"
         "padding:0;}\n"
         "td.l{width:6.8cm;} table.sign td.l{width:7.5cm;text-align:left;}\n"
         ".b{font-weight:bold;} .i{font-style:italic;} .nation{font-size:12pt;}\n"
         "hr.rule{width:2.4cm;border:0;border-top:0.6pt solid #000;margin:2px auto 6px;}\n"
         "hr.wide{width:5.6cm;} hr.title{width:3.5cm;}\n"
         "h1{font-size:14pt;text-align:center;margin:0.6cm 0 0;}\n"
         ".summary{font-weight:bold;text-align:center;margin:0;}\n"
         "p.body{text-align:justify;text-indent:1cm;margin:6pt 0 0;line-height:1.15;}\n"
         "p.c{text-align:center;text-indent:0;} p.n{text-indent:0;}\n"
         ".kg{margin:0.5cm 0 0.2cm 2.2cm;} .kg div{margin-left:2.4cm;}\n"
         ".nn{font-size:12pt;font-weight:bold;font-style:italic;}\n"
         ".nni{font-size:11pt;} .name{margin-top:2.6cm;font-weight:bold;font-size:14pt;}\n"
         ".annex{page-break-before:always;}\n"
         "</style>\n</head>\n<body>\n";
    Header(o, true);
    if (!doc_.type.empty()) {
      o += "<h1>" + XmlEscaped(doc_.type) + "</h1>\n";
      if (!doc_.summary.empty()) {
        o += "<p class=\"summary\">" + XmlEscaped(doc_.summary) + "</p>\n";
      }
      o += "<hr class=\"rule title\">\n";
    }
    if (doc_.kinh_gui.size() == 1) {
      o += "<p style=\"text-align:center\">Kính gửi: " + XmlEscaped(doc_.kinh_gui[0]) + ".</p>\n";
    } else if (!doc_.kinh_gui.empty()) {
      o += "<div class=\"kg\">Kính gửi:\n";
      for (size_t i = 0; i < doc_.kinh_gui.size(); ++i) {
        o += "<div>- " + XmlEscaped(doc_.kinh_gui[i]) +
             (i + 1 == doc_.kinh_gui.size() ? "." : ";") + "</div>\n";
      }
      o += "</div>\n";
    }
    for (const Paragraph& p : doc_.body) Para(o, p);
    o += "<table class=\"sign\"><tr><td class=\"l\">\n";
    if (!doc_.noi_nhan.empty()) {
      o += "<div class=\"nn\">Nơi nhận:</div>\n";
      for (size_t i = 0; i < doc_.noi_nhan.size(); ++i) {
        o += "<div class=\"nni\">- " + XmlEscaped(doc_.noi_nhan[i]) +
             (i + 1 == doc_.noi_nhan.size() ? "." : (doc_.party ? "," : ";")) + "</div>\n";
      }
    }
    o += "</td><td>\n";
    for (const std::string& l : doc_.signature.powers) {
      o += "<div class=\"b\">" + XmlEscaped(l) + "</div>\n";
    }
    if (!doc_.signature.title.empty()) {
      o += "<div class=\"b\">" + XmlEscaped(doc_.signature.title) + "</div>\n";
    }
    o += "<div class=\"name\">" + XmlEscaped(doc_.signature.name) + "</div>\n";
    o += "</td></tr></table>\n";
    if (!doc_.annex.empty()) {
      o += "<div class=\"annex\">\n";
      Header(o, false);
      for (const Paragraph& p : doc_.annex) Para(o, p);
      o += "</div>\n";
    }
    o += "</body>\n</html>\n";
    return o;
  }

 private:
  void Header(std::string& o, bool with_number) const {
    o += "<table class=\"hdr\"><tr><td class=\"l\">\n";
    for (const std::string& l : doc_.parent) o += "<div>" + XmlEscaped(l) + "</div>\n";
    for (const std::string& l : doc_.issuer) {
      o += "<div class=\"b\">" + XmlEscaped(l) + "</div>\n";
    }
    o += doc_.party ? "<div>*</div>\n" : "<hr class=\"rule\">\n";
    o += "</td><td>\n";
    if (doc_.party) {
      o += "<div class=\"b nation\"><u>ĐẢNG CỘNG SẢN VIỆT NAM</u></div>\n";
    } else {
      o += "<div class=\"b nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>\n"
           "<div class=\"b\">Độc lập - Tự do - Hạnh phúc</div>\n<hr class=\"rule wide\">\n";
    }
    o += "</td></tr>\n";
    if (with_number) {
      o += "<tr><td class=\"l\"><div>" + XmlEscaped((doc_.party ? "Số " : "Số: ") + doc_.number) +
           "</div>\n";
      if (doc_.type.empty() && !doc_.summary.empty()) {
        o += "<div style=\"font-size:12pt\">" + XmlEscaped(doc_.summary) + "</div>\n";
      }
      if (!doc_.urgency.empty()) o += "<div class=\"b\">" + XmlEscaped(doc_.urgency) + "</div>\n";
      o += "</td><td><div class=\"i\">" + XmlEscaped(doc_.place_date) + "</div></td></tr>\n";
    }
    o += "</table>\n";
  }

  static void Para(std::string& o, const Paragraph& p) {
    std::string cls = "body";
    if (p.center) cls += " c";
    if (p.no_indent) cls += " n";
    if (p.bold) cls += " b";
    if (p.italic) cls += " i";
    o += "<p class=\"" + cls + "\">";
    for (const auto& [part, bold] : Runs(p.text)) {
      if (bold) o += "<b>";
      o += XmlEscaped(part);
      if (bold) o += "</b>";
    }
    o += "</p>\n";
  }

  const Document& doc_;
};

// ---------------------------------------------------------------------------------------------

bool ReadAll(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return !in.bad();
}

// Writes next to the target and renames, so a reader never sees half a file.
bool WriteAtomically(const fs::path& p, const std::string& bytes, std::string* error) {
  fs::path tmp = p;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      *error = "cannot create " + tmp.string() + ": " + std::strerror(errno);
      return false;
    }
    out << bytes;
    out.flush();
    if (!out) {
      *error = "cannot write " + tmp.string();
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) {
    *error = "cannot rename to " + p.string() + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

int Main(int argc, char** argv) {
  std::string format = "fodt";
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (a == "--format") {
      if (i + 1 >= argc) {
        std::cerr << kUsage;
        return kExitUsage;
      }
      format = argv[++i];
    } else if (StartsWith(a, "--format=")) {
      format = a.substr(9);
    } else if (StartsWith(a, "--")) {
      std::cerr << "vanban-docgen: unknown option " << a << "\n" << kUsage;
      return kExitUsage;
    } else {
      args.push_back(a);
    }
  }
  if (args.size() != 2 || (format != "fodt" && format != "html")) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const fs::path in = args[0];
  const fs::path out = args[1];
  std::string bytes;
  if (!ReadAll(in, &bytes)) {
    std::cerr << "vanban-docgen: cannot read " << in.string() << ": " << std::strerror(errno)
              << "\n";
    return kExitIo;
  }
  Document doc;
  ParseError err;
  if (!ParseDocument(bytes, &doc, &err)) {
    std::cerr << in.string() << (err.line > 0 ? ":" + std::to_string(err.line) : std::string())
              << ": " << err.message << "\n";
    return kExitInvalid;
  }
  std::string rendered = format == "fodt" ? FodtWriter(doc).Write() : HtmlWriter(doc).Write();
  std::string error;
  if (!WriteAtomically(out, rendered, &error)) {
    std::cerr << "vanban-docgen: " << error << "\n";
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace
}  // namespace vanban

int main(int argc, char** argv) { return vanban::Main(argc, argv); }
