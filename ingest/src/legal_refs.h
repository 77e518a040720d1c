// Private to the metadata extractor: the legal references of a document (docs/corpus.md,
// "References"):
//   bases      the documents cited in the "Căn cứ" lines of the preamble, one per document:
//              "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa
//              đổi, bổ sung ... ngày 22 tháng 11 năm 2019;" gives two bases, by title;
//              "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ ..."
//              one, by number. "Theo đề nghị ... Tờ trình số ...", "Xét ..." and "Thực hiện ..."
//              lines are not bases.
//   relations  what the document does to other documents, one item per (type, target):
//              repeals ("bãi bỏ", "X hết hiệu lực kể từ ..."), replaces ("thay thế"), amends
//              ("sửa đổi", "bổ sung"), guides ("<type> này hướng dẫn ..."), details ("quy định
//              chi tiết ..."), corrects ("đính chính"), issues_annex ("Ban hành kèm theo Quyết
//              định này Quy chế ...", by title), and cites: any other document named by number
//              in the running text (not the Căn cứ lines, the proposals, the Nơi nhận list); a
//              base named again in the body is also cited, unless a relation names it.
//              A relation speaks for the document: the trigger opens its clause ("Điều 2. Bãi
//              bỏ ..."), follows "<type> này" or the enacting formula, or is the trích yếu's;
//              the same verb describing another document ("Nghị định số ... sửa đổi ...",
//              "được sửa đổi bởi ...", "đề nghị bãi bỏ ...") makes no relation.
//
// The text is read as Poppler, OCR or LibreOffice give it: a citation may wrap anywhere ("ngày
// 05 tháng\n3 năm 2020", "30/2020/NĐ-\nCP"), page numbers stand on lines of their own, numbers
// carry OCR damage ("QD-UBND", "Ð", stray spaces, en dashes). Every rule is a hand-written
// scanner with bounded look-ahead and look-behind, so the work is linear in the text (inputs
// over a few MB are read as their head and tail, like every reader of the extractor).
//
// Pure function; thread-safe; never throws (a failure inside gives empty references).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vanban::metadata_internal {

// What the caller knows about the citing document (all UTF-8, running-text forms, may be
// empty).
struct RefContext {
  std::string own_type;    // "Quyết định"
  std::string own_number;  // "01/2026/QĐ-UBND": never a target of its own relations
  // Resolves "của Ủy ban nhân dân tỉnh", "của UBND tỉnh", "của Hội đồng nhân dân tỉnh" (a body
  // of the document's own locality named without its place) to the province's body.
  std::string authority;  // "Ủy ban nhân dân tỉnh Thái Nguyên"
  std::string authority_parent;
  std::string place;  // "Thái Nguyên"
  std::string summary;  // trích yếu: relations named there count ("Sửa đổi ... Quyết định số ...")
};

struct LegalRef {
  // For a base, the cited document's type ("Luật", "Nghị định"); for a relation, "repeals",
  // "replaces", "amends", "guides", "details", "corrects", "issues_annex" or "cites".
  std::string kind;
  std::string doc_type;  // the cited document's type word, for relations too ("Quyết định")
  // As docs/corpus.md: the normalised number ("01/2026/QĐ-UBND"); the title when the document
  // is cited without a number (type word included: "Luật Đất đai"; for issues_annex the
  // annexed text); the date "YYYY-MM-DD"; the issuing body in running text. Empty = null.
  std::string number;
  std::string title;
  std::string date;
  std::string authority;
  std::string excerpt;  // the clause it was read from: NFC, whitespace collapsed, ≤ 300 chars
  // 0..1: lower when the parse was partial (no date, authority not resolved, number repaired
  // from OCR damage, type inherited from a list).
  double confidence = 1.0;
};

struct References {
  std::vector<LegalRef> bases;      // in the order of the Căn cứ lines
  std::vector<LegalRef> relations;  // trích yếu first, then body order; cites last
};

References ReadReferences(std::string_view text, const RefContext& ctx);

}  // namespace vanban::metadata_internal
