// edXML values: dates, document ids, names of enums, the status message writer and the
// header as Metadata.
#include <libxml/xmlwriter.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "vanban/convert/text.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDate(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  int max = kDays[static_cast<size_t>(m - 1)] + (m == 2 && LeapYear(y) ? 1 : 0);
  return d <= max;
}

// Digits at s[i..], at most `max` of them; advances i. -1 if none.
int Digits(std::string_view s, size_t& i, size_t min, size_t max) {
  size_t start = i;
  int v = 0;
  while (i < s.size() && i - start < max && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
  return i - start < min ? -1 : v;
}

std::string Iso(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Text XML 1.0 can carry: valid UTF-8 (repaired by NormalizeNfc) without the C0 controls
// other than tab, LF, CR.
std::string XmlSafe(std::string_view s) {
  std::string nfc = NormalizeNfc(s);
  std::string out;
  out.reserve(nfc.size());
  for (char c : nfc) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    out.push_back(c);
  }
  return out;
}

// ISO or edXML date -> "yyyy/MM/dd"; verbatim when it does not parse.
std::string EdxmlDate(std::string_view s) {
  auto d = ParseEdxmlDate(s);
  if (!d) return std::string(s);
  std::string out = *d;
  out[4] = '/';
  out[7] = '/';
  return out;
}

// "YYYY-MM-DD HH:MM:SS" (or the edXML form) -> "yyyy/MM/dd HH:mm:ss"; verbatim otherwise.
std::string EdxmlTimestamp(std::string_view s) {
  std::string t = Trim(s);
  auto d = ParseEdxmlDate(t);
  size_t sp = t.find_first_of(" T");
  if (!d || sp == std::string::npos) return t;
  return EdxmlDate(*d) + " " + Trim(t.substr(sp + 1));
}

class Writer {
 public:
  Writer() : buf_(xmlBufferCreate()), w_(nullptr) {
    if (buf_ != nullptr) w_ = xmlNewTextWriterMemory(buf_, 0);
  }
  ~Writer() {
    if (w_ != nullptr) xmlFreeTextWriter(w_);
    if (buf_ != nullptr) xmlBufferFree(buf_);
  }
  bool ok() const { return w_ != nullptr; }
  xmlTextWriterPtr w() { return w_; }
  std::string Finish() {
    xmlTextWriterEndDocument(w_);
    xmlTextWriterFlush(w_);
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buf_)),
                       static_cast<size_t>(xmlBufferLength(buf_)));
  }
  void Open(const char* name) {
    xmlTextWriterStartElementNS(w_, BAD_CAST "edXML", BAD_CAST name, nullptr);
  }
  void Close() { xmlTextWriterEndElement(w_); }
  void Leaf(const char* name, std::string_view value) {
    std::string v = XmlSafe(value);
    xmlTextWriterWriteElementNS(w_, BAD_CAST "edXML", BAD_CAST name, nullptr, BAD_CAST v.c_str());
  }

 private:
  xmlBufferPtr buf_;
  xmlTextWriterPtr w_;
};

}  // namespace

std::string_view EdxmlBusinessTypeName(EdxmlBusinessType t) {
  switch (t) {
    case EdxmlBusinessType::kNew:
      return "new";
    case EdxmlBusinessType::kRevoke:
      return "revoke";
    case EdxmlBusinessType::kUpdate:
      return "update";
    case EdxmlBusinessType::kReplace:
      return "replace";
  }
  return "new";
}

std::string_view EdxmlSignatureStateName(EdxmlSignatureState s) {
  switch (s) {
    case EdxmlSignatureState::kAbsent:
      return "absent";
    case EdxmlSignatureState::kValid:
      return "valid";
    case EdxmlSignatureState::kInvalid:
      return "invalid";
    case EdxmlSignatureState::kUnverified:
      return "unverified";
  }
  return "absent";
}

std::optional<std::string> ParseEdxmlDate(std::string_view text) {
  std::string t = Trim(text);
  size_t end = t.find_first_of(" T");
  std::string_view s = std::string_view(t).substr(0, end);
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  int a = Digits(s, i, 1, 4);
  if (a < 0 || i >= s.size() || (s[i] != '/' && s[i] != '-' && s[i] != '.')) return std::nullopt;
  size_t first_len = i;
  char sep = s[i++];
  int b = Digits(s, i, 1, 2);
  if (b < 0 || i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  size_t third_start = i;
  int c = Digits(s, i, 1, 4);
  if (c < 0 || i != s.size()) return std::nullopt;
  size_t third_len = i - third_start;
  int y = 0, m = b, d = 0;
  if (first_len == 4 && third_len <= 2) {
    y = a;
    d = c;
  } else if (first_len <= 2 && third_len == 4) {
    y = c;
    d = a;
  } else {
    return std::nullopt;
  }
  if (!ValidDate(y, m, d)) return std::nullopt;
  return Iso(y, m, d);
}

std::optional<EdxmlDocumentRef> ParseEdxmlDocumentId(std::string_view id) {
  std::string t = Trim(id);
  size_t c1 = t.find(',');
  if (c1 == std::string::npos) return std::nullopt;
  size_t c2 = t.find(',', c1 + 1);
  if (c2 == std::string::npos) return std::nullopt;
  EdxmlDocumentRef r;
  r.organ_id = Trim(t.substr(0, c1));
  r.date = ParseEdxmlDate(t.substr(c1 + 1, c2 - c1 - 1)).value_or("");
  r.number = NormalizeNfc(Trim(t.substr(c2 + 1)));
  if (r.organ_id.empty() && r.number.empty()) return std::nullopt;
  return r;
}

std::string WriteEdxmlStatus(const EdxmlStatus& status) {
  Writer x;
  if (!x.ok()) return {};
  xmlTextWriterPtr w = x.w();
  xmlTextWriterSetIndent(w, 1);
  xmlTextWriterSetIndentString(w, BAD_CAST "  ");
  xmlTextWriterStartDocument(w, nullptr, "UTF-8", nullptr);
  xmlTextWriterStartElement(w, BAD_CAST "edXML");
  xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST std::string(kEdxmlNamespace).c_str());
  xmlTextWriterStartElementNS(w, BAD_CAST "edXML", BAD_CAST "edXMLEnvelope",
                              BAD_CAST std::string(kEdxmlNamespace).c_str());
  x.Open("edXMLHeader");
  x.Open("MessageHeader");
  const EdxmlOrgan& f = status.from;
  x.Open("From");
  x.Leaf("OrganId", f.organ_id);
  x.Leaf("OrganizationInCharge", f.organization_in_charge);
  x.Leaf("OrganName", f.organ_name);
  x.Leaf("OrganAdd", f.address);
  x.Leaf("Email", f.email);
  x.Leaf("Telephone", f.telephone);
  x.Leaf("Fax", f.fax);
  x.Leaf("Website", f.website);
  x.Close();
  const EdxmlResponseFor& r = status.response_for;
  x.Open("ResponseFor");
  x.Leaf("OrganId", r.organ_id);
  x.Leaf("Code", r.code);
  x.Leaf("PromulgationDate", EdxmlDate(r.promulgation_date));
  x.Leaf("DocumentId", r.document_id);
  x.Close();
  const EdxmlStaff& s = status.staff;
  if (!(s == EdxmlStaff{})) {
    x.Open("StaffInfo");
    x.Leaf("Department", s.department);
    x.Leaf("Staff", s.staff);
    x.Leaf("Mobile", s.mobile);
    x.Leaf("Email", s.email);
    x.Close();
  }
  x.Leaf("StatusCode", status.code);
  x.Leaf("Description", status.description);
  x.Leaf("Timestamp", EdxmlTimestamp(status.timestamp));
  x.Close();  // MessageHeader
  x.Close();  // edXMLHeader
  x.Close();  // edXMLEnvelope
  x.Close();  // edXML
  return x.Finish();
}

Metadata EdxmlHeaderMetadata(const EdxmlPackage& p) {
  Metadata m;
  m.number = p.number;
  m.type = p.type_name;
  m.authority = !p.from.organ_name.empty() ? p.from.organ_name : p.from.organization_in_charge;
  if (!m.authority.empty()) m.authorities.push_back(m.authority);
  m.place = p.place;
  m.issue_date = p.issue_date;
  m.summary = p.subject;
  m.signer = p.signer_full_name;
  m.signer_title = p.signer_position;
  // "TL. BỘ TRƯỞNG" -> "TL.": the competence word the extractor records.
  std::string first = p.signer_competence.substr(0, p.signer_competence.find(' '));
  for (std::string_view w : {"TM.", "KT.", "TL.", "TUQ.", "Q."}) {
    if (first == w) m.signer_competence = first;
  }
  for (const auto& t : p.to) {
    std::string name = !t.organ_name.empty() ? t.organ_name : t.organization_in_charge;
    if (!name.empty()) m.recipients.push_back(name);
  }
  for (const auto& place : p.to_places) m.recipients.push_back(place);
  return m;
}

}  // namespace vanban
