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
