#include "vanban/repository/document.h"

namespace vanban {

std::string_view DocStatusName(DocStatus s) {
  switch (s) {
    case DocStatus::kInReview:
      return "in_review";
    case DocStatus::kPublished:
      return "published";
    case DocStatus::kWithdrawn:
      return "withdrawn";
  }
  return "in_review";
}

std::optional<DocStatus> DocStatusFromName(std::string_view name) {
  if (name == "in_review") return DocStatus::kInReview;
  if (name == "published") return DocStatus::kPublished;
  if (name == "withdrawn") return DocStatus::kWithdrawn;
  return std::nullopt;
}

const FieldProvenance* Metadata::ProvenanceOf(std::string_view field) const {
  for (const FieldProvenance& p : provenance) {
    if (p.field == field) return &p;
  }
  return nullptr;
}

std::string NumberKey(std::string_view number) {
  std::string out;
  out.reserve(number.size());
  for (size_t i = 0; i < number.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(number[i]);
    // U+0110 "Đ" and U+0111 "đ" are C4 90 and C4 91 in UTF-8.
    if (c == 0xC4 && i + 1 < number.size() &&
        (static_cast<unsigned char>(number[i + 1]) == 0x90 ||
         static_cast<unsigned char>(number[i + 1]) == 0x91)) {
      out.push_back('d');
      ++i;
      continue;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
  }
  return out;
}

std::vector<std::string> MissingRequiredFields(const Metadata& m) {
  // Art. 4.2 of the regulation: what a published document must show.
  std::vector<std::string> missing;
  if (m.type.empty()) missing.emplace_back("type");
  if (m.number.empty()) missing.emplace_back("number");
  if (m.authority.empty()) missing.emplace_back("authority");
  if (m.issue_date.empty()) missing.emplace_back("issue_date");
  if (m.summary.empty()) missing.emplace_back("summary");
  return missing;
}

}  // namespace vanban
