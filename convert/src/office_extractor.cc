// Office documents through the LibreOffice pool: the container is checked in-process first
// (ZIP limits, encryption), then one load in a leased office gives the text, walked run by run
// with each run's font so legacy TCVN3/VNI text is repaired where it occurs, and the `odt` and
// `pdfa` renditions.
#include <com/sun/star/beans/XMultiPropertySet.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XEnumeration.hpp>
#include <com/sun/star/container/XEnumerationAccess.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/text/XPageCursor.hpp>
#include <com/sun/star/text/XText.hpp>
#include <com/sun/star/text/XTextDocument.hpp>
#include <com/sun/star/text/XTextFrame.hpp>
#include <com/sun/star/text/XTextFramesSupplier.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/text/XTextTable.hpp>
#include <com/sun/star/text/XTextViewCursorSupplier.hpp>

#include <array>
#include <cstring>
#include <fstream>

#include "office_document.h"
#include "office_package.h"
#include "office_uno.h"
#include "vanban/convert/legacy.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace office;
using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using rtl::OUString;

constexpr const char* kOdtType = "application/vnd.oasis.opendocument.text";
constexpr const char* kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

enum class Format { kDocx, kDoc, kRtf, kOdt, kHtml, kText };

struct FormatSpec {
  const char* name;
  const char* filter;  // LibreOffice import filter: the blob has no extension to detect by
};

FormatSpec Spec(Format f) {
  switch (f) {
    case Format::kDocx:
      return {"DOCX", "MS Word 2007 XML"};
    case Format::kDoc:
      return {"DOC", "MS Word 97"};
    case Format::kRtf:
      return {"RTF", "Rich Text Format"};
    case Format::kOdt:
      return {"ODT", "writer8"};
    case Format::kHtml:
      return {"HTML", "HTML (StarWriter)"};
    case Format::kText:
      return {"TXT", "Text (encoded)"};
  }
  return {"?", ""};
}

std::string Head(const fs::path& p, size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

bool IsZip(const std::string& head) { return head.rfind("PK\x03\x04", 0) == 0; }
bool IsCfb(const std::string& head) {
  return head.rfind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0) == 0;
}

// What libmagic 5.44 calls the formats this extractor reads (checked on LibreOffice's and
// Word's files): DOCX is "Microsoft Word 2007+" when [Content_Types].xml or word/ come among the
// first entries, but plain application/zip when a large part (a thumbnail) comes first;
// password-protected OOXML is "CDFV2 Encrypted"; a CFB it cannot classify is application/CDFV2
// or application/x-ole-storage. Those are only candidates: Extract decides by content.
int ScoreFor(const SniffResult& s) {
  const std::string& t = s.media_type;
  if (t == kDocxType || t == "application/msword" || t == "text/rtf" || t == "application/rtf" ||
      t == kOdtType || t == "application/vnd.oasis.opendocument.text-template" ||
      t == "application/vnd.openxmlformats-officedocument.wordprocessingml.template" ||
      t == "application/vnd.ms-word.document.macroEnabled.12") {
    return 100;
  }
  if (t == "text/html" || t == "application/xhtml+xml") return 60;
  if (t == "application/encrypted" || t == "application/CDFV2" ||
      t == "application/x-ole-storage") {
    return 50;
  }
  if (t == "text/plain") return 40;
  if (t == "application/zip") return 30;
  if (t == "application/octet-stream" &&
      s.description.find("Microsoft OOXML") != std::string::npos) {
    return 30;
  }
  return 0;
}

// libmagic calls anything without NUL bytes and high-bit runs "text", 5,000 BEL characters
// included. Text documents hold few control characters (TCVN 5712 VN1 puts some capitals
// there, so a few are allowed); binary data in disguise holds many.
Status CheckLooksLikeText(const fs::path& path) {
  std::string head = Head(path, 1 << 20);
  size_t controls = 0;
  for (char ch : head) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) {
      ++controls;
    }
  }
  if (controls >= 32 && controls * 10 > head.size()) {
    return Status(ErrorCode::kUnsupportedFormat,
                  "not a text document: " + std::to_string(controls) + " control characters in " +
                      std::to_string(head.size()) + " bytes");
  }
  return Status::Ok();
}

// The format by content, and the checks that must pass before LibreOffice sees the file.
Result<Format> Decide(const fs::path& path, const SniffResult& sniff, const OfficeLimits& limits) {
  std::string head = Head(path, 8);
  const std::string& t = sniff.media_type;
  if (sniff.size > limits.max_uncompressed) {
    return Status(ErrorCode::kTooLarge, "the file has " + std::to_string(sniff.size >> 20) +
                                            " MiB, over the limit of " +
                                            std::to_string(limits.max_uncompressed >> 20) + " MiB");
  }
  if (IsCfb(head)) {
    auto kind = InspectCfb(path);
    if (!kind.ok()) return kind.status();
    switch (*kind) {
      case CfbKind::kEncryptedOoxml:
        return Status(ErrorCode::kEncrypted,
                      "the document is password-protected (encrypted OOXML package)");
      case CfbKind::kWordEncrypted:
        return Status(ErrorCode::kEncrypted,
                      "the document is password-protected (Word 97-2003 encryption)");
      case CfbKind::kWord:
        return Format::kDoc;
      case CfbKind::kOther:
        return Status(ErrorCode::kUnsupportedFormat,
                      "a Compound File that is no Word document (" + sniff.description + ")");
    }
  }
  if (IsZip(head)) {
    auto info = InspectZipPackage(path, limits);
    if (!info.ok()) return info.status();
    if (info->encrypted) {
      return Status(ErrorCode::kEncrypted, "the document is password-protected (encrypted ODF)");
    }
    if (info->kind == PackageKind::kWordprocessingMl) return Format::kDocx;
    if (info->kind == PackageKind::kOdfText) return Format::kOdt;
    return Status(ErrorCode::kUnsupportedFormat,
                  "a ZIP package that is no text document (" + info->what + ")");
  }
  if (t == kDocxType || t == kOdtType || t == "application/msword" ||
      t == "application/encrypted") {
    return Status(ErrorCode::kCorrupt, "not a " + t + " container (damaged header)");
  }
  if (t == "text/rtf" || t == "application/rtf") return Format::kRtf;
  if (t == "text/html" || t == "application/xhtml+xml") return Format::kHtml;
  if (t == "text/plain") {
    VANBAN_RETURN_IF_ERROR(CheckLooksLikeText(path));
    return Format::kText;
  }
  return Status(ErrorCode::kUnsupportedFormat,
                "not an office document (" + sniff.description + ")");
}

// Plain text has no declared encoding: valid UTF-8 is read as such, a UTF-16 BOM as UTF-16,
// anything else as Windows-1252 — which is how legacy TCVN3/VNI bytes look, so the legacy
// repair (by statistics: there are no fonts) can restore them.
std::string TextFilterOptions(const fs::path& path) {
  constexpr size_t kSample = 1 << 20;
  std::string head = Head(path, kSample);
  std::string charset = "UTF8";
  if (head.rfind("\xFF\xFE", 0) == 0 || head.rfind("\xFE\xFF", 0) == 0) {
    charset = "UNICODE";
  } else {
    // The sample may end inside a sequence: that is not an error of the file.
    size_t cut = head.size();
    for (size_t k = 0; k < 3 && cut > 0 && head.size() == kSample; ++k) {
      unsigned char c = static_cast<unsigned char>(head[cut - 1]);
      if ((c & 0xC0) != 0x80 && c < 0xC0) break;
      --cut;
      if (c >= 0xC0) break;
    }
    if (!IsValidUtf8(std::string_view(head).substr(0, cut))) charset = "MS_1252";
  }
  return charset + ",LF,Liberation Serif,vi-VN";
}

// Characters a reader does not see as such: no-break and fixed spaces become spaces, soft
// hyphens and zero-width characters go. Only after the legacy repair: TCVN3 writes 'ư' as
// the code of the soft hyphen (U+00AD), so a legacy run must reach the repair as read.
std::string CleanInvisibles(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d == 0xA0) {  // U+00A0
        out += ' ';
        ++i;
        continue;
      }
      if (d == 0xAD) {  // U+00AD soft hyphen
        ++i;
        continue;
      }
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      unsigned char d = static_cast<unsigned char>(s[i + 2]);
      if (d == 0x8B || d == 0x8C || d == 0x8D) {  // U+200B..U+200D
        i += 2;
        continue;
      }
      if (d == 0xAF || d == 0x87) {  // U+202F, U+2007
        out += ' ';
        i += 2;
        continue;
      }
    }
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
        static_cast<unsigned char>(s[i + 2]) == 0xBF) {  // U+FEFF
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

// Walks a text (body, table cell, text frame) in reading order: paragraphs and tables as they
// come, table cells row by row (getCellNames lists them so, split cells included), each
// paragraph's portions with their fonts. Every call is a round trip to the office; the walk
// asks only what it needs. Throws css::uno::Exception (the caller classifies it).
class TextWalker {
 public:
  void Text(const Reference<css::text::XText>& text, int depth = 0) {
    Reference<css::container::XEnumerationAccess> paragraphs(text, UNO_QUERY_THROW);
    Reference<css::container::XEnumeration> e = paragraphs->createEnumeration();
    while (e->hasMoreElements()) {
      Any element = e->nextElement();
      Reference<css::text::XTextTable> table(element, UNO_QUERY);
      if (table.is()) {
        Table(table, depth);
        continue;
      }
      Reference<css::container::XEnumerationAccess> portions(element, UNO_QUERY);
      if (portions.is()) Paragraph(portions);
    }
  }

  // Text frames (text boxes): their text is not part of the body flow; it follows the body.
  void Frames(const Reference<css::lang::XComponent>& doc) {
    Reference<css::text::XTextFramesSupplier> supplier(doc, UNO_QUERY);
    if (!supplier.is()) return;
    Reference<css::container::XIndexAccess> frames(supplier->getTextFrames(), UNO_QUERY);
    if (!frames.is()) return;
    const sal_Int32 n = frames->getCount();
    for (sal_Int32 i = 0; i < n; ++i) {
      Reference<css::text::XTextFrame> frame(frames->getByIndex(i), UNO_QUERY);
      if (frame.is()) Text(frame->getText(), 1);
    }
  }

  std::vector<TextRun>& runs() { return runs_; }

 private:
  static constexpr int kMaxDepth = 16;  // tables in tables in ...

  void Table(const Reference<css::text::XTextTable>& table, int depth) {
    if (depth >= kMaxDepth) return;
    const Sequence<OUString> names = table->getCellNames();
    for (const OUString& name : names) {
      Reference<css::text::XText> cell(table->getCellByName(name), UNO_QUERY);
      if (cell.is()) Text(cell, depth + 1);
    }
  }

  void Paragraph(const Reference<css::container::XEnumerationAccess>& paragraph) {
    Reference<css::container::XEnumeration> e = paragraph->createEnumeration();
    size_t first = runs_.size();
    while (e->hasMoreElements()) {
      Reference<css::text::XTextRange> portion(e->nextElement(), UNO_QUERY);
      Reference<css::beans::XMultiPropertySet> props(portion, UNO_QUERY);
      if (!portion.is() || !props.is()) continue;
      Sequence<Any> v = props->getPropertyValues(names_);
      OUString font;
      OUString type;
      v[0] >>= font;
      v[1] >>= type;
      if (type == "Redline") {
        Redline(portion);
        continue;
      }
      // Text and fields show their text; footnote anchors would glue their number to the
      // word before; frames, bookmarks, marks and page breaks hold none.
      if (in_deletion_ || (type != "Text" && type != "TextField")) continue;
      std::string s = ToUtf8(portion->getString());
      if (s.empty()) continue;
      std::string f = ToUtf8(font);
      if (runs_.size() > first && runs_.back().font == f) {
        runs_.back().text += s;
      } else {
        runs_.push_back(TextRun{std::move(s), std::move(f)});
      }
    }
    if (runs_.size() > first) {
      runs_.back().text += '\n';
    } else {
      runs_.push_back(TextRun{"\n", ""});
    }
  }

  // Tracked changes: deleted text is still in the document model; it is not the text.
  void Redline(const Reference<css::text::XTextRange>& portion) {
    Reference<css::beans::XPropertySet> p(portion, UNO_QUERY);
    if (!p.is()) return;
    OUString kind;
    bool start = false;
    p->getPropertyValue("RedlineType") >>= kind;
    p->getPropertyValue("IsStart") >>= start;
    if (kind == "Delete") in_deletion_ = start;
  }

  static Sequence<OUString> PortionProperties() {
    Sequence<OUString> n(2);  // sorted, as XMultiPropertySet requires
    n[0] = "CharFontName";
    n[1] = "TextPortionType";
    return n;
  }

  const Sequence<OUString> names_ = PortionProperties();
  std::vector<TextRun> runs_;
  bool in_deletion_ = false;
};

int CountPages(const Reference<css::lang::XComponent>& doc) {
  Reference<css::frame::XModel> model(doc, UNO_QUERY);
  if (!model.is()) return 0;
  // The view's PageCount lays the whole document out first (SwXTextView): the view cursor
  // alone reads the layout as far as it got, and right after loading that may be a page short
  // (seen once in CI: 1 page for a 2-page DOCX whose PDF has 2).
  Reference<css::beans::XPropertySet> view(model->getCurrentController(), UNO_QUERY);
  try {
    Reference<css::beans::XPropertySetInfo> info = view.is() ? view->getPropertySetInfo() : nullptr;
    sal_Int32 pages = 0;
    if (info.is() && info->hasPropertyByName("PageCount") &&
        (view->getPropertyValue("PageCount") >>= pages) && pages > 0) {
      return pages;
    }
  } catch (const css::uno::Exception&) {
    // the view cursor below
  }
  Reference<css::text::XTextViewCursorSupplier> views(model->getCurrentController(), UNO_QUERY);
  if (!views.is()) return 0;
  Reference<css::text::XPageCursor> cursor(views->getViewCursor(), UNO_QUERY);
  if (!cursor.is()) return 0;
  cursor->jumpToLastPage();
  return cursor->getPage();
}

Sequence<css::beans::PropertyValue> PdfA2bFilterData() {
  Sequence<css::beans::PropertyValue> fd(1);
  // 2 = PDF/A-2b (ISO 19005-2, level B); 1 would be PDF/A-1a.
  fd[0] = Property("SelectPdfVersion", Any(sal_Int32(2)));
  return fd;
}

class OfficeExtractor final : public TextExtractor {
 public:
  OfficeExtractor(std::shared_ptr<OfficePool> pool, OfficeLimits limits)
      : pool_(std::move(pool)), limits_(limits) {}

  std::string_view name() const override { return "libreoffice"; }

  int Score(const SniffResult& sniff) const override { return ScoreFor(sniff); }

  Result<ExtractedText> Extract(const fs::path& path, const SniffResult& sniff,
                                const ExtractOptions& options) const override {
    auto format = Decide(path, sniff, limits_);
    if (!format.ok()) return format.status();
    LoadOptions load;
    load.filter = Spec(*format).filter;
    if (*format == Format::kText) load.filter_options = TextFilterOptions(path);
    auto lease = AcquireOffice(*pool_);
    if (!lease.ok()) return lease.status();
    auto doc = LoadDocument(**lease, path, load);
    if (!doc.ok()) return doc.status();
    try {
      return Convert(**lease, **doc, *format, sniff, options);
    } catch (const css::uno::Exception&) {
      return (*lease)->ClassifyCaught(ErrorCode::kCorrupt, "LibreOffice failed on the document");
    } catch (const std::exception& e) {
      return Status(ErrorCode::kInternal, std::string("office conversion: ") + e.what());
    }
  }

 private:
  Result<ExtractedText> Convert(OfficeLease& lease, const LoadedDocument& doc, Format format,
                                const SniffResult& sniff, const ExtractOptions& options) const {
    Reference<css::text::XTextDocument> text_doc(doc.component(), UNO_QUERY);
    if (!text_doc.is()) {
      return Status(ErrorCode::kUnsupportedFormat,
                    "LibreOffice did not open it as a text document");
    }
    ExtractedText out;
    out.media_type = sniff.media_type;
    out.tool = lease.version() + " (UNO)";
    out.pages = CountPages(doc.component());
    if (out.pages > options.max_pages) {
      return Status(ErrorCode::kTooLarge, "the document has " + std::to_string(out.pages) +
                                              " pages, over the limit of " +
                                              std::to_string(options.max_pages));
    }
    TextWalker walker;
    walker.Text(text_doc->getText());
    walker.Frames(doc.component());

    LegacyRepair repaired = RepairLegacyRuns(walker.runs());
    out.text = NormalizeWhitespace(CleanInvisibles(NormalizeNfc(repaired.text)));
    out.notes = std::move(repaired.notes);
    if (out.text.find_first_not_of(" \n") == std::string::npos) {
      return Status(ErrorCode::kNoText, "the " + std::string(Spec(format).name) +
                                            " document holds no text (pictures only?)");
    }
    for (int p = 1; p <= out.pages; ++p) {
      PageQuality q;
      q.page = p;
      q.source = "office";
      out.page_quality.push_back(q);
    }
    if (!options.work_dir.empty()) {
      const std::string tool = lease.version() + " (UNO)";
      if (format != Format::kOdt) {
        fs::path odt = options.work_dir / "office-rendition.odt";
        VANBAN_RETURN_IF_ERROR(StoreDocument(lease, doc, odt, "writer8"));
        out.renditions.push_back(Rendition{"odt", odt, kOdtType, tool});
      } else {
        out.notes.push_back("odt_rendition: not made, the original is ODF already");
      }
      fs::path pdf = options.work_dir / "office-rendition.pdf";
      VANBAN_RETURN_IF_ERROR(
          StoreDocument(lease, doc, pdf, "writer_pdf_Export", PdfA2bFilterData()));
      out.renditions.push_back(Rendition{"pdfa", pdf, "application/pdf", tool});
    }
    return out;
  }

  std::shared_ptr<OfficePool> pool_;
  OfficeLimits limits_;
};

}  // namespace

std::unique_ptr<TextExtractor> NewOfficeExtractor(std::shared_ptr<OfficePool> pool,
                                                  OfficeLimits limits) {
  return std::make_unique<OfficeExtractor>(std::move(pool), limits);
}

std::unique_ptr<TextExtractor> NewOfficeExtractor(const ConvertConfig& config) {
  OfficePoolOptions o;
  o.processes = config.office_processes;
  o.conversion_timeout = config.office_timeout;
  o.recycle_after = config.office_recycle_after;
  o.runtime_dir = config.runtime_dir;
  o.start_now = config.office_start_now;
  return NewOfficeExtractor(std::make_shared<OfficePool>(o));
}

}  // namespace vanban
