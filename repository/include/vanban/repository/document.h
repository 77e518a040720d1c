// Domain types shared by every stage: a document's metadata, its files and its state.
//
// Text fields are UTF-8 in Unicode NFC. Dates are "YYYY-MM-DD" strings; an empty string
// means "not known" and is written as JSON null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanban {

// Lifecycle of a document (docs/architecture.md, "State machine").
enum class DocStatus { kInReview, kPublished, kWithdrawn };
std::string_view DocStatusName(DocStatus s);  // "in_review", "published", "withdrawn"
std::optional<DocStatus> DocStatusFromName(std::string_view name);

// Roles of stored files.
inline constexpr std::string_view kRoleOriginal = "original";
inline constexpr std::string_view kRoleOdt = "odt";
inline constexpr std::string_view kRolePdfa = "pdfa";

struct FileRef {
  std::string role;  // kRoleOriginal, kRoleOdt, kRolePdfa
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
  std::string name;  // file name shown for download (UTF-8, no directory part)
  std::string tool;  // what produced it ("clerk", "poppler", "libreoffice 7.4" ...)
};

// What the extractor reads off a document, and what an editor may correct.
struct Metadata {
  std::string number;            // "01/2026/QĐ-UBND"
  std::string type;              // as in running text: "Quyết định", "Công văn"
  std::string authority;         // in full: "Ủy ban nhân dân tỉnh Thái Nguyên"
  std::string authority_parent;  // supervising body, when the header names one
  std::string place;             // "Thái Nguyên"
  std::string issue_date;        // YYYY-MM-DD or empty
  std::string effective_date;    // YYYY-MM-DD or empty
  std::string summary;           // trích yếu, without the type word
  std::string signer;
  std::string signer_title;
  std::vector<std::string> recipients;

  bool operator==(const Metadata&) const = default;
};

// Fields that must be known before a document may be published automatically.
// Returns the JSON names of the missing ones (empty when complete).
std::vector<std::string> MissingRequiredFields(const Metadata& m);

// One version of a document as stored.
struct Document {
  int64_t id = 0;
  DocStatus status = DocStatus::kInReview;
  int version = 1;
  Metadata meta;
  std::vector<FileRef> files;
  std::string unit;           // inbox (sending unit or channel) it arrived through
  std::string review_reason;  // why it waits in review, when it does
  std::string created_at;     // ISO 8601 UTC
  std::string published_at;   // ISO 8601 UTC, empty unless published
  std::string extraction;     // JSON object: how the text was obtained (tool, pages, quality)
};

// Short form for lists (home page, review queue).
struct DocumentSummary {
  int64_t id = 0;
  DocStatus status = DocStatus::kInReview;
  int version = 1;
  std::string number;
  std::string type;
  std::string authority;
  std::string summary;
  std::string issue_date;
  std::string review_reason;
};

}  // namespace vanban
