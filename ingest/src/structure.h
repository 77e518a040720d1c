// Private to the metadata extractor: the Phần / Chương / Mục / Điều / Khoản / Điểm tree of a
// Vietnamese legal document and of its annexes, with the anchors of docs/corpus.md
// ("Structure"): `phan-1`, `chuong-2`, `chuong-2-muc-1`, `dieu-4`, `dieu-4-khoan-2`,
// `dieu-4-khoan-2-diem-dd`, `dieu-4-diem-a`, `phu-luc-1`, `phu-luc-1-dieu-3-khoan-2`.
//
// The text is read line by line as Poppler (default mode), OCR, LibreOffice or a web/markdown
// rendering gives it: lines wrapped anywhere, "\f" page breaks with running page numbers, the
// signature and Nơi nhận block after the last article, annexes under their own header.
// A heading is recognised by its form at the start of a line and by its number continuing
// the sequence of its kind, so a wrapped sentence that happens to put "2020." or "Điều 5." at
// a line start is not a node. Text between quotation marks (the new wording of an amended
// clause) has no nodes. Headings of a Công văn or Kế hoạch ("I.", "1." outside any Điều) have
// no nodes.
//
// Pure function: no I/O, thread-safe, never throws on any bytes; linear in the input (each
// line is looked at a bounded number of times, headings are bounded).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::metadata_internal {

struct StructureNode {
  std::string anchor;  // "dieu-4-khoan-2"; annex nodes carry "phu-luc-K-" in front
  std::string kind;    // "phan" | "chuong" | "muc" | "dieu" | "khoan" | "diem" | "phu_luc"
  std::string label;  // "Điều 4", "Chương II", "Khoản 2", "Điểm a", "Phụ lục I", "Quy chế"
  std::string heading;  // title as printed (NFC, spaces collapsed, ≤ 300 characters); for a
                        // khoản/điểm the first ≤ 120 characters of its text
  int depth = 0;        // 0 for top-level nodes (an annex is top-level, its children below it)
  size_t offset = 0;    // byte offset in the input of the start of the node's line
};

// Nodes in document order (at most 50 000).
std::vector<StructureNode> ReadStructure(std::string_view text);

}  // namespace vanban::metadata_internal
