// Metadata of a Vietnamese official document from its text. The readers, one per part of the
// layout, live in private files next to this one (docs/metadata.md describes the rules):
//   doc_text      clean-up into lines and cells, casing helpers
//   header        quốc hiệu, issuing body, number, place/date, title and trích yếu, V/v
//   authority     names of bodies, positions and places in running-text form
//   doc_number    number and symbol; doc_type  document types and their codes
//   vn_date       Vietnamese dates; effective_date  "có hiệu lực ..." clauses
//   summary_case  trích yếu in capitals to sentence case, casing learnt from the body
//   signature     signature block, "Nơi nhận" and "Kính gửi" lists
//   legal_refs    bases ("Căn cứ") and relations (bãi bỏ, thay thế, sửa đổi …) to other documents
//   structure     Phần / Chương / Mục / Điều / Khoản / Điểm and annexes, with anchors
//   field_classifier  lĩnh vực from ingest/data/fields.tsv
#include "vanban/ingest/metadata_extractor.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <span>
#include <string_view>

#include "authority.h"
#include "doc_number.h"
#include "doc_text.h"
#include "doc_type.h"
#include "effective_date.h"
#include "field_classifier.h"
#include "header.h"
#include "legal_refs.h"
#include "signature.h"
#include "structure.h"
#include "summary_case.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

using metadata_internal::CaseSource;
using metadata_internal::HeaderInfo;
using metadata_internal::Prepared;
using metadata_internal::U32;
using metadata_internal::U32View;

namespace mi = metadata_internal;

// The field classifier reads this much of the text (the subject is stated early).
constexpr size_t kClassifierBytes = 256 * 1024;

// The Kính gửi list sits right after the header; it is looked for this far.
constexpr size_t kAddresseeWindowLines = 40;

std::string Out(U32View s) { return NormalizeNfc(mi::ToUtf8Str(mi::CollapseSpaces(s))); }

struct LocalityWord {
  std::string_view folded;
  std::u32string_view text;
};
constexpr LocalityWord kLocalityWords[] = {
    {"tinh", U"tỉnh"},     {"thanh pho", U"thành phố"}, {"huyen", U"huyện"},
    {"quan", U"quận"},     {"thi xa", U"thị xã"},       {"xa", U"xã"},
    {"phuong", U"phường"}, {"thi tran", U"thị trấn"},   {"dac khu", U"đặc khu"},
};

// "Ủy ban nhân dân" alone in a header (a rendering lost its second line): the running text
// names the body in full ("Ủy ban nhân dân tỉnh Thái Nguyên"); find it using the place.
U32 CompleteLocalBody(const U32& body, const U32& place, const std::vector<U32>& body_lines) {
  if (place.empty()) return {};
  U32 flat;
  for (const U32& l : body_lines) {
    flat += l;
    flat.push_back(' ');
  }
  U32 folded = mi::Fold(flat);
  U32 fplace = mi::Fold(place);
  if (fplace.rfind(U"thanh pho ", 0) == 0) fplace = fplace.substr(10);
  for (const LocalityWord& w : kLocalityWords) {
    std::string needle =
        mi::ToUtf8Str(mi::Fold(body)) + " " + std::string(w.folded) + " " + mi::ToUtf8Str(fplace);
    if (mi::FindFolded(folded, needle) != U32::npos) {
      U32 place_name = place;
      if (mi::Fold(place_name).rfind(U"thanh pho ", 0) == 0) place_name = place_name.substr(10);
      return mi::CaseAuthority(mi::Upper(body + U" " + U32(w.text) + U" " + place_name));
    }
  }
  return {};
}

std::vector<U32> LinesFrom(const Prepared& p, size_t from) {
  std::vector<U32> out;
  for (size_t l = from; l < p.lines.size(); ++l) {
    if (!p.lines[l].blank()) out.push_back(mi::JoinCells(p.lines[l]));
  }
  return out;
}

// "01/2026/QĐ-UBND", "59/2020/QH14": the year is part of the number of a legal normative
// document (Luật Ban hành VBQPPL 2015, Art. 10); "123/QĐ-UBND", "15-NQ/HU" are administrative.
std::string NumberKind(std::string_view number) {
  if (number.empty()) return {};
  size_t slash = number.find('/');
  if (slash != std::string_view::npos) {
    std::string_view rest = number.substr(slash + 1);
    size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 4 && (digits == rest.size() || rest[digits] == '/')) {
      int year = std::stoi(std::string(rest.substr(0, 4)));
      if (year >= 1945 && year <= 2100) return "legal_normative";
    }
  }
  return "administrative";
}

// A joint document (Thông tư liên tịch, Nghị quyết liên tịch) names bodies of one level side
// by side: every body issues it, none supervises another.
bool IsJoint(U32View type, const std::vector<U32>& units) {
  if (units.size() < 2) return false;
  return mi::FindFolded(mi::Fold(type), "lien tich") != U32::npos;
}

// Whether the authority or its parent, with a space before and after it and in `form` (lower
// case, or folded), holds one of `words`.
bool BodyNamesAny(const Metadata& m, std::span<const std::u32string_view> words,
                  U32 (*form)(U32View)) {
  for (const std::string& body : {m.authority, m.authority_parent}) {
    const U32 name = U" " + form(mi::ToU32Str(body)) + U" ";
    for (std::u32string_view w : words) {
      if (name.find(w) != U32::npos) return true;
    }
  }
  return false;
}

// A body of the Party: a committee ("Tỉnh ủy", "Huyện ủy", "Đảng ủy xã"), a Đảng bộ or Chi
// bộ, the Politburo or the Secretariat, or a board under one of them (its parent).
bool IsPartyBody(const Metadata& m) {
  static constexpr std::u32string_view kParty[] = {
      U" tinh uy ", U" huyen uy ", U" thanh uy ", U" quan uy ",      U" thi uy ",
      U" dang uy ", U" dang bo ",  U" chi bo ",   U" bo chinh tri ", U" ban bi thu "};
  return BodyNamesAny(m, kParty, mi::Fold);
}

// Art. 7.1 of the regulation: documents for the Portal name the provincial Information Center
// or the Portal among their recipients ("Trung tâm Thông tin tỉnh", "Cổng TTĐT tỉnh", "Cổng
// Thông tin điện tử tỉnh", "Trung tâm Thông tin - Công báo", "Văn phòng UBND tỉnh (Cổng TTĐT)").
// The Government's portal ("Cổng TTĐT Chính phủ") and a ministry's are not the province's.
// A body of a province, city, district, commune or ward (or one under such a body): its
// documents' "Cổng TTĐT" is the province's Portal. A ministry's is not.
bool IsLocalBody(const Metadata& m) {
  static constexpr std::u32string_view kLocal[] = {
      U" tỉnh",     U" thành phố", U" huyện",   U" quận",    U" xã",     U" phường", U" thị xã",
      U" thị trấn", U"tỉnh ủy",    U"huyện ủy", U"thành ủy", U"đảng ủy", U"quận ủy", U"thị ủy"};
  return BodyNamesAny(m, kLocal, mi::Lower);
}

bool NamesThePortal(const std::string& recipient, bool local_body) {
  U32 f = mi::CollapseSpaces(mi::Fold(mi::ToU32Str(recipient)));
  for (char32_t& c : f) {
    if (c == '-' || c == '(' || c == ')' || c == ',' || c == ';' || c == '.') c = ' ';
  }
  f = mi::CollapseSpaces(f);
  static constexpr std::string_view kNames[] = {
      "trung tam thong tin", "cong thong tin dien tu", "cong ttdt", "cong tt dt",
      "cong thong tin",      "cong dien tu",           "ttdt tinh", "cong tt&dt"};
  bool named = false;
  for (std::string_view n : kNames) {
    if (mi::FindFolded(f, n) != U32::npos) named = true;
  }
  if (!named) return false;
  U32 lower = U32(U" ") + mi::CollapseSpaces(mi::Lower(mi::ToU32Str(recipient))) + U" ";
  static constexpr std::u32string_view kOthers[] = {U"chính phủ", U" bộ ", U"quốc hội",
                                                    U"trung ương"};
  for (std::u32string_view o : kOthers) {
    if (lower.find(o) != U32::npos) return false;
  }
  // "Cổng TTĐT tỉnh", "Trung tâm Thông tin - Công báo thành phố" name the local one; a bare
  // "Cổng TTĐT" is the issuer's own: the province's only when the issuer is local.
  return local_body || lower.find(U" tỉnh") != U32::npos || lower.find(U" thành phố") != U32::npos;
}

// --- provenance: how sure each field is, and the line it was read from ---

// Confidence of a field read from its own place in the layout, of one read by a fallback
// (MetadataExtraction::uncertain) and of one that fails a consistency check. Below
// kReviewConfidence a document goes to review with the field named (publisher).
constexpr double kReadConfidence = 0.95;
constexpr double kFallbackConfidence = 0.6;
constexpr double kInconsistentConfidence = 0.5;

// The first line of `lines` (folded, spaces collapsed) holding `needle` (folded).
std::string LineHolding(const std::vector<U32>& folded_lines, const std::vector<U32>& lines,
                        U32View needle) {
  if (needle.empty()) return {};
  U32 fn = mi::CollapseSpaces(mi::Fold(needle));
  for (size_t i = 0; i < folded_lines.size(); ++i) {
    if (folded_lines[i].find(fn) != U32::npos) return Out(lines[i]);
  }
  return {};
}

// "12/01/2026" style and "ngày 12 tháng 01 năm 2026" style forms of an ISO date.
std::vector<U32> DateForms(const std::string& iso) {
  if (iso.size() != 10) return {};
  std::string y = iso.substr(0, 4), mo = iso.substr(5, 2), d = iso.substr(8, 2);
  auto strip = [](std::string v) { return v[0] == '0' ? v.substr(1) : v; };
  std::vector<U32> out;
  for (const std::string& dd : {d, strip(d)}) {
    for (const std::string& mm : {mo, strip(mo)}) {
      out.push_back(mi::ToU32Str("ngay " + dd + " thang " + mm + " nam " + y));
      out.push_back(mi::ToU32Str(dd + "/" + mm + "/" + y));
    }
  }
  return out;
}

bool PlausibleNumber(const std::string& n) {
  // digits, then "/" or "-" separated parts with letters: "123/QĐ-UBND", "15-NQ/HU".
  if (n.empty() || n[0] < '0' || n[0] > '9') return false;
  return n.find('/') != std::string::npos && n.size() <= 60;
}

void AddProvenance(std::string_view text, MetadataExtraction& r) {
  const Metadata& m = r.meta;
  // Lines of the text, as spans are quoted from it (bounded: the head holds the header, the
  // tail the signature).
  std::vector<U32> lines, folded;
  U32 all = mi::ToU32Str(NormalizeNfc(text.substr(0, std::min<size_t>(text.size(), 1 << 20))));
  size_t start = 0;
  for (size_t i = 0; i <= all.size(); ++i) {
    if (i == all.size() || all[i] == '\n' || all[i] == '\f' || all[i] == '\r') {
      U32 line = mi::CollapseSpaces(U32View(all).substr(start, i - start));
      if (!line.empty()) {
        folded.push_back(mi::Fold(line));
        lines.push_back(std::move(line));
      }
      start = i + 1;
    }
  }
  auto uncertain = [&](const char* f) {
    return std::find(r.uncertain.begin(), r.uncertain.end(), f) != r.uncertain.end();
  };
  auto add = [&](const char* field, const std::string& value, double conf, U32View needle) {
    if (value.empty()) return;  // listed in `missing` when required
    if (uncertain(field)) conf = std::min(conf, kFallbackConfidence);
    std::string span = LineHolding(folded, lines, needle);
    r.meta.provenance.push_back({field, conf, span, "extractor", {}, {}});
  };
  U32 number = mi::ToU32Str(m.number);
  U32 number_head = number.substr(0, std::min<size_t>(number.size(), 7));
  add("number", m.number, PlausibleNumber(m.number) ? kReadConfidence : kInconsistentConfidence,
      number_head);
  // The type against the number's type code ("QĐ" for a Quyết định).
  double type_conf = kReadConfidence;
  U32 code = mi::TypeCodeOf(number);
  if (!code.empty() && !m.type.empty()) {
    U32 from_code = mi::TypeFromCode(code);
    if (!from_code.empty() && mi::Fold(from_code) != mi::Fold(mi::ToU32Str(m.type)) &&
        m.type != "Công văn") {
      type_conf = kInconsistentConfidence;
    }
  }
  add("type", m.type, type_conf, mi::ToU32Str(m.type));
  add("authority", m.authority, kReadConfidence,
      mi::ToU32Str(m.authority).substr(0, std::min<size_t>(m.authority.size(), 12)));
  std::string issue_span;
  double date_conf = kReadConfidence;
  if (!m.issue_date.empty() && m.number_kind == "legal_normative") {
    // The year in the number and the year of the date agree (a Nghị quyết adopted on 31
    // December may be numbered in the next year).
    std::string ny = m.number.substr(m.number.find('/') + 1, 4);
    int diff = std::abs(std::stoi(ny) - std::stoi(m.issue_date.substr(0, 4)));
    if (diff > 1) date_conf = kInconsistentConfidence;
  }
  U32 date_needle;
  for (const U32& form : DateForms(m.issue_date)) {
    if (!LineHolding(folded, lines, form).empty()) {
      date_needle = form;
      break;
    }
  }
  add("issue_date", m.issue_date, date_conf, date_needle);
  U32 summary = mi::ToU32Str(m.summary);
  double summary_conf = summary.size() >= 8 ? kReadConfidence : kInconsistentConfidence;
  add("summary", m.summary, summary_conf, U32View(summary).substr(0, 24));
  if (!m.place.empty()) add("place", m.place, kReadConfidence, mi::ToU32Str(m.place));
  if (!m.effective_date.empty()) {
    U32 needle;
    for (const U32& form : DateForms(m.effective_date)) {
      if (!LineHolding(folded, lines, form).empty()) {
        needle = form;
        break;
      }
    }
    if (needle.empty()) needle = U"hieu luc";
    add("effective_date", m.effective_date, kReadConfidence, needle);
  }
  if (!m.signer.empty()) add("signer", m.signer, kReadConfidence, mi::ToU32Str(m.signer));
  std::sort(r.meta.provenance.begin(), r.meta.provenance.end(),
            [](const FieldProvenance& a, const FieldProvenance& b) { return a.field < b.field; });
}

MetadataExtraction Extract(std::string_view text) {
  MetadataExtraction r;
  Metadata& m = r.meta;
  Prepared p = mi::PrepareText(text);
  HeaderInfo h = mi::ReadHeader(p);
  m.party_document = h.party;
  m.number = Out(h.number);

  bool found_kinh_gui = false;
  size_t kg_from = std::min(h.header_end, h.body_start);
  std::vector<U32> addressees = mi::ReadLabelledList(
      p, "kinh gui", kg_from, h.body_start + kAddresseeWindowLines, &found_kinh_gui);
  for (const U32& a : addressees) r.addressees.push_back(Out(a));

  U32 type = h.type;
  // A consolidated text (Pháp lệnh Hợp nhất VBQPPL 2012) repeats the title of the document it
  // consolidates ("THÔNG TƯ"); its number's code says what it is ("08/VBHN-BTC").
  if (mi::TypeCodeOf(h.number) == U"VBHN") type = mi::TypeFromCode(U"VBHN");
  if (type.empty() && !h.vv.empty()) type = mi::CongVanType();
  if (type.empty() && !h.number.empty()) {
    type = mi::TypeFromCode(mi::TypeCodeOf(h.number));
    if (!type.empty()) r.uncertain.emplace_back("type");
  }
  if (type.empty() && found_kinh_gui) {
    type = mi::CongVanType();
    r.uncertain.emplace_back("type");
  }
  m.type = Out(type);

  std::vector<U32> body_lines = LinesFrom(p, h.body_start);
  std::vector<U32> units = mi::SplitAuthorityUnits(h.authority_lines);
  if (!units.empty()) {
    U32 authority = mi::CaseAuthority(units.back());
    if (mi::IsBareLocalBody(authority)) {
      U32 full = CompleteLocalBody(authority, h.place, body_lines);
      if (!full.empty()) {
        authority = full;
        r.uncertain.emplace_back("authority");
      }
    }
    U32 parent;
    if (units.size() >= 2) parent = mi::CaseAuthority(units[units.size() - 2]);
    m.authority = Out(mi::NamePartyBody(authority, parent));
    m.authority_parent = Out(parent);
  }
  m.place = Out(h.place);
  // Where OCR cut "ĐẢNG CỘNG SẢN VIỆT NAM" at the page's edge ("ẢNG CỘNG SẢN VIỆT NA"), the
  // Party's numbering from a Party body still tells a Party document.
  if (!m.party_document && mi::IsPartyNumber(h.number) && IsPartyBody(m)) {
    m.party_document = true;
  }

  m.issue_date = h.issue_date;
  if (m.issue_date.empty()) {
    m.issue_date = mi::FindAdoptionDate(p, h.body_start);
    if (!m.issue_date.empty()) r.uncertain.emplace_back("issue_date");
  }
  m.effective_date = mi::FindEffectiveDate(p, h.body_start, type, m.issue_date);

  U32 summary = h.has_title ? h.summary : h.vv;
  if (!summary.empty()) {
    CaseSource source(body_lines);
    // Capitals become sentence case; a summary in running case keeps its words as written but
    // starts with a capital like every other summary (a Công văn's "V/v khẩn trương ..." gives
    // "Khẩn trương ...").
    summary = mi::RestoreSummaryCase(summary, source);
    summary = mi::CapitalizeFirst(mi::StripChars(summary, U".;,:"));
  }
  m.summary = Out(summary);

  // A joint document is signed by every body; its signer is the lead (first) body's.
  const bool joint = IsJoint(type, units);
  U32 lead_body = joint ? mi::CaseAuthority(units.front()) : U32();
  mi::SignatureInfo sig = mi::ReadSignature(p, h.body_start, lead_body);
  // A name read without its titles, or whose marks came from the name tables, is for an
  // editor to confirm.
  bool signer_uncertain = false;
  if (sig.signer.empty()) {
    sig.signer = mi::ReadNameAfterList(p, h.body_start);  // a name alone after the list
    signer_uncertain = !sig.signer.empty();
  }
  if (U32 restored = mi::RestoreNameMarks(sig.signer); restored != sig.signer) {
    sig.signer = std::move(restored);
    signer_uncertain = true;
  }
  if (signer_uncertain) r.uncertain.emplace_back("signer");
  m.signer = Out(sig.signer);
  m.signer_title = Out(sig.title);
  m.signer_competence = Out(sig.competence);

  bool found_noi_nhan = false;
  std::vector<U32> recipients =
      mi::ReadLabelledList(p, "noi nhan", h.body_start, p.lines.size(), &found_noi_nhan);
  for (const U32& e : recipients) m.recipients.push_back(Out(e));
  if (!found_noi_nhan) m.recipients = r.addressees;

  m.number_kind = NumberKind(m.number);
  if (joint) {
    for (const U32& u : units) m.authorities.push_back(Out(mi::CaseAuthority(u)));
    m.authority = m.authorities.front();
    m.authority_parent.clear();
  } else if (!m.authority.empty()) {
    m.authorities.push_back(m.authority);
  }
  const bool local = IsLocalBody(m);
  auto names_portal = [local](const std::string& e) { return NamesThePortal(e, local); };
  m.addressed_to_portal = std::any_of(m.recipients.begin(), m.recipients.end(), names_portal) ||
                          std::any_of(r.addressees.begin(), r.addressees.end(), names_portal);

  mi::RefContext ctx{m.type, m.number, m.authority, m.authority_parent, m.place, m.summary};
  mi::References refs = mi::ReadReferences(text, ctx);
  auto convert = [](const mi::LegalRef& l) {
    return DocReference{l.kind, l.doc_type,  l.number,  l.title,
                        l.date, l.authority, l.excerpt, l.confidence};
  };
  for (const mi::LegalRef& l : refs.bases) m.bases.push_back(convert(l));
  for (const mi::LegalRef& l : refs.relations) m.relations.push_back(convert(l));
  for (mi::StructureNode& n : mi::ReadStructure(text)) {
    m.structure.push_back(StructureNode{std::move(n.anchor), std::move(n.kind), std::move(n.label),
                                        std::move(n.heading), n.depth,
                                        static_cast<int64_t>(n.offset)});
  }
  std::vector<mi::FieldScore> fields = mi::ClassifyFields(
      m.type, m.authority, m.summary, text.substr(0, std::min(text.size(), kClassifierBytes)));
  for (const mi::FieldScore& f : fields) m.fields.push_back(f.field);
  AddProvenance(text, r);
  if (!fields.empty()) {
    r.meta.provenance.push_back(
        {"field", fields.front().confidence, fields.front().evidence, "extractor", {}, {}});
  }
  std::sort(r.meta.provenance.begin(), r.meta.provenance.end(),
            [](const FieldProvenance& a, const FieldProvenance& b) { return a.field < b.field; });
  return r;
}

}  // namespace

MetadataExtraction ExtractMetadata(std::string_view text) {
  MetadataExtraction r;
  try {
    r = Extract(text);
  } catch (const std::exception&) {
    // Out of memory on a pathological input: report nothing rather than fail the intake.
    r = MetadataExtraction{};
  }
  r.missing = MissingRequiredFields(r.meta);
  return r;
}

std::string NormalizeDocumentNumber(std::string_view raw) {
  try {
    U32 u = mi::ToU32Str(NormalizeNfc(raw));
    size_t from = 0;
    if (auto label = mi::FindNumberLabel(u)) {
      from = label->end;
    } else {
      while (from < u.size() && !mi::IsDigit(u[from])) ++from;
    }
    auto read = mi::ReadNumberAt(u, from);
    U32 n = mi::NormalizeNumber(read ? U32View(*read) : U32View(u).substr(from));
    return Out(n);
  } catch (const std::exception&) {
    return {};
  }
}

std::string ExpandAuthority(std::string_view header_text) {
  try {
    std::vector<U32> lines;
    U32 u = mi::ToU32Str(NormalizeNfc(header_text));
    size_t start = 0;
    for (size_t i = 0; i <= u.size(); ++i) {
      if (i == u.size() || u[i] == '\n' || u[i] == '\r') {
        U32 line = mi::Trim(U32View(u).substr(start, i - start));
        if (!line.empty()) lines.push_back(line);
        start = i + 1;
      }
    }
    std::vector<U32> units = mi::SplitAuthorityUnits(lines);
    if (units.empty()) return {};
    return Out(mi::CaseAuthority(units.back()));
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace vanban
