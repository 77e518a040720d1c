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

// A document this one cites or acts on (docs/corpus.md, "References"). For a base `kind` is
// the cited document's type ("Nghị định"); for a relation it is what this document does to it:
// repeals, replaces, amends, guides, details, corrects, issues_annex, cites.
struct DocReference {
  std::string kind;
  std::string doc_type;   // the cited document's type word ("Quyết định"), when known
  std::string number;     // normalised ("20/2021/QĐ-UBND"), empty when cited by name only
  std::string title;      // name as written when cited without a number
  std::string date;       // YYYY-MM-DD or empty
  std::string authority;  // issuing body in running text, or empty
  std::string excerpt;    // the clause it was read from
  double confidence = 1.0;

  bool operator==(const DocReference&) const = default;
};

// One node of the Phần / Chương / Mục / Điều / Khoản / Điểm tree, or an annex.
struct StructureNode {
  std::string anchor;   // "dieu-4-khoan-2": the id of the node's deep link
  std::string kind;     // phan, chuong, muc, dieu, khoan, diem, phu_luc
  std::string label;    // as printed: "Điều 4", "Chương II"
  std::string heading;  // the title on the heading line (first words of a khoản / điểm)
  int depth = 0;
  int64_t offset = 0;  // byte offset of the node's line in the document text

  bool operator==(const StructureNode&) const = default;
};

// Where a field's value came from and how sure the reader is of it.
struct FieldProvenance {
  std::string field;      // JSON name ("number", "issue_date", "bases" ...)
  double confidence = 0;  // 0..1
  std::string span;       // the text it was read from (extractor) or empty
  std::string source;     // "extractor" or "editor"
  std::string by;         // editor who set it, when source is "editor"
  std::string at;         // ISO 8601 UTC, when source is "editor"

  bool operator==(const FieldProvenance&) const = default;
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
  // Added by the second extractor (docs/metadata.md, docs/corpus.md):
  std::string number_kind;                  // "legal_normative" (year in the number) or
                                            // "administrative"; empty without a number
  std::vector<std::string> authorities;     // every issuing body (joint documents)
  std::string signer_competence;            // TM., KT., TL., TUQ., Q. or empty
  bool addressed_to_portal = false;         // recipients name the Information Center/Portal
  bool party_document = false;              // header "ĐẢNG CỘNG SẢN VIỆT NAM"
  std::vector<std::string> fields;          // lĩnh vực (JSON "field"), main first
  std::vector<DocReference> bases;          // documents cited in the "Căn cứ" lines
  std::vector<DocReference> relations;      // what this document does to others
  std::vector<StructureNode> structure;     // document order
  std::vector<FieldProvenance> provenance;  // per field: confidence, span, who set it

  const FieldProvenance* ProvenanceOf(std::string_view field) const;

  bool operator==(const Metadata&) const = default;
};

// The key documents are matched on by number: "Đ" read as "d", ASCII letters lowercased
// ("01/2026/QĐ-UBND" -> "01/2026/qd-ubnd"); the same as the SQL of schema migration 3.
std::string NumberKey(std::string_view number);

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

// A reference of one document to another as the repository keeps it: outgoing from the
// document shown (its bases and relations) or incoming (another document's reference to it).
struct RelationLink {
  std::string kind;  // "base" or a relation type (repeals, replaces, amends ...)
  std::string target_type, number, title, date, authority;  // as the reference names it
  int64_t other_id = 0;  // the document on the other side; 0 while the target has not arrived
  DocStatus other_status = DocStatus::kInReview;
  std::string other_number, other_type, other_summary, other_issue_date;  // when other_id != 0
};

struct DocumentRelations {
  std::vector<RelationLink> outgoing;  // what this document cites and affects
  std::vector<RelationLink> incoming;  // what cites or affects this document
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
