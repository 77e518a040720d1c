// Metadata of a Vietnamese official document from its text. The readers, one per part of the
// layout, live in private files next to this one (docs/metadata.md describes the rules):
//   doc_text      clean-up into lines and cells, casing helpers
//   header        quốc hiệu, issuing body, number, place/date, title and trích yếu, V/v
//   authority     names of bodies, positions and places in running-text form
//   doc_number    number and symbol; doc_type  document types and their codes
//   vn_date       Vietnamese dates; effective_date  "có hiệu lực ..." clauses
//   summary_case  trích yếu in capitals to sentence case, casing learnt from the body
//   signature     signature block, "Nơi nhận" and "Kính gửi" lists
#include "vanban/ingest/metadata_extractor.h"

#include <algorithm>
#include <exception>
#include <string_view>

#include "authority.h"
#include "doc_number.h"
#include "doc_text.h"
#include "doc_type.h"
#include "effective_date.h"
#include "header.h"
#include "signature.h"
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

MetadataExtraction Extract(std::string_view text) {
  MetadataExtraction r;
  Metadata& m = r.meta;
  Prepared p = mi::PrepareText(text);
  HeaderInfo h = mi::ReadHeader(p);
  r.party_document = h.party;
  m.number = Out(h.number);

  bool found_kinh_gui = false;
  size_t kg_from = std::min(h.header_end, h.body_start);
  std::vector<U32> addressees = mi::ReadLabelledList(
      p, "kinh gui", kg_from, h.body_start + kAddresseeWindowLines, &found_kinh_gui);
  for (const U32& a : addressees) r.addressees.push_back(Out(a));

  U32 type = h.type;
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
    m.authority = Out(authority);
    if (units.size() >= 2) m.authority_parent = Out(mi::CaseAuthority(units[units.size() - 2]));
  }
  m.place = Out(h.place);

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

  mi::SignatureInfo sig = mi::ReadSignature(p, h.body_start);
  m.signer = Out(sig.signer);
  m.signer_title = Out(sig.title);

  bool found_noi_nhan = false;
  std::vector<U32> recipients =
      mi::ReadLabelledList(p, "noi nhan", h.body_start, p.lines.size(), &found_noi_nhan);
  for (const U32& e : recipients) m.recipients.push_back(Out(e));
  if (!found_noi_nhan) m.recipients = r.addressees;
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
