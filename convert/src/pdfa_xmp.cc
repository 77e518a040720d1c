// What a PDF declares about itself in its XMP packet (ISO 19005: pdfaid:part and
// pdfaid:conformance), read with Poppler and parsed with libxml2.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <poppler-document.h>
#include <poppler-global.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>

#include "pdfa_poppler.h"
#include "vanban/convert/pdfa.h"

namespace vanban {
namespace {

constexpr const char* kPdfaIdNs = "http://www.aiim.org/pdfa/ns/id/";
constexpr const char* kPdfNs = "http://ns.adobe.com/pdf/1.3/";

struct XmlDocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

bool Is(const xmlNs* ns, const char* href) {
  return ns != nullptr && ns->href != nullptr &&
         xmlStrEqual(ns->href, reinterpret_cast<const xmlChar*>(href));
}

bool Named(const xmlChar* name, const char* want) {
  return xmlStrEqual(name, reinterpret_cast<const xmlChar*>(want));
}

std::string Trimmed(const xmlChar* s) {
  std::string v = s == nullptr ? "" : reinterpret_cast<const char*>(s);
  size_t b = v.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = v.find_last_not_of(" \t\r\n");
  return v.substr(b, e - b + 1);
}

// The text of an attribute or element: its text and CDATA children only. Entity references
// stay unexpanded, so a packet with a DTD cannot make a small file into a huge string.
std::string TextOf(const xmlNode* children) {
  std::string v;
  for (const xmlNode* c = children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr) {
      v += reinterpret_cast<const char*>(c->content);
    }
  }
  return Trimmed(reinterpret_cast<const xmlChar*>(v.c_str()));
}

// The declared values, as text, wherever they are in the packet. XMP allows a property as an
// attribute of rdf:Description (Ghostscript writes pdfaid:part='2') or as a child element
// (LibreOffice writes <pdfaid:part>2</pdfaid:part>); the prefix is free, the namespace is not.
struct Declared {
  std::string part, conformance, producer;
};

void Collect(const xmlNode* node, Declared* d) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      if (Is(a->ns, kPdfaIdNs) && Named(a->name, "part") && d->part.empty()) {
        d->part = TextOf(a->children);
      } else if (Is(a->ns, kPdfaIdNs) && Named(a->name, "conformance") && d->conformance.empty()) {
        d->conformance = TextOf(a->children);
      } else if (Is(a->ns, kPdfNs) && Named(a->name, "Producer") && d->producer.empty()) {
        d->producer = TextOf(a->children);
      }
    }
    if (Is(n->ns, kPdfaIdNs) && Named(n->name, "part") && d->part.empty()) {
      d->part = TextOf(n->children);
    } else if (Is(n->ns, kPdfaIdNs) && Named(n->name, "conformance") && d->conformance.empty()) {
      d->conformance = TextOf(n->children);
    } else if (Is(n->ns, kPdfNs) && Named(n->name, "Producer") && d->producer.empty()) {
      d->producer = TextOf(n->children);
    }
    Collect(n->children, d);
  }
}

}  // namespace

std::string PdfaLabel(const PdfaInfo& info) {
  if (info.part <= 0) return {};
  std::string label = "PDF/A-" + std::to_string(info.part);
  for (char c : info.conformance)
    label += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return label;
}

Result<PdfaInfo> PdfaInfoFromXmp(std::string_view xmp) {
  PdfaInfo info;
  if (xmp.find_first_not_of(" \t\r\n") == std::string_view::npos) return info;
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  // No network, no entity expansion, no DTD: the packet comes from an untrusted file.
  std::unique_ptr<xmlDoc, XmlDocDeleter> doc(
      xmlReadMemory(xmp.data(), static_cast<int>(xmp.size()), "xmp.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) return Status(ErrorCode::kCorrupt, "the XMP metadata is not well-formed XML");
  Declared d;
  Collect(xmlDocGetRootElement(doc.get()), &d);
  if (!d.part.empty()) {
    int part = 0;
    for (char c : d.part) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || part > 100) {
        return Status(ErrorCode::kCorrupt, "pdfaid:part is not a number: '" + d.part + "'");
      }
      part = part * 10 + (c - '0');
    }
    info.part = part;
  }
  info.conformance = d.conformance;
  for (char& c : info.conformance)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  info.producer = d.producer;
  return info;
}

Result<PdfaInfo> ReadPdfaInfo(const std::filesystem::path& pdf) {
  auto doc = OpenPdf(pdf);
  if (!doc.ok()) return doc.status();
  poppler::byte_array xmp = (*doc)->metadata().to_utf8();
  auto info = PdfaInfoFromXmp(std::string_view(xmp.data(), xmp.size()));
  if (!info.ok()) return info.status();
  if (info->producer.empty()) {
    poppler::byte_array p = (*doc)->get_producer().to_utf8();
    info->producer.assign(p.begin(), p.end());
  }
  return info;
}

}  // namespace vanban
