// Private to the metadata extractor: the header of a document (Nghị định 30/2020/NĐ-CP, Phụ
// lục I, boxes 1-5): quốc hiệu and tiêu ngữ, issuing body (with its supervising body), number,
// place and date, type title and trích yếu (or the "V/v" line of a Công văn).
//
// The two header columns reach us in several orders: column by column (Poppler's default
// mode and most web renderings, the right column sometimes first), side by side on one line
// (pdftotext -layout; -raw with tab stops, where only single spaces separate the columns), or
// as markdown table cells. The reader therefore classifies each cell by what it contains (the
// quốc hiệu, "Số:", "..., ngày ... tháng ... năm ...", "V/v") rather than by where it is;
// what is left in capitals is the name of the issuing body.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "doc_text.h"

namespace vanban::metadata_internal {

struct HeaderInfo {
  // Lines [0, header_end) hold the header; the body starts at body_start.
  size_t header_end = 0;
  size_t body_start = 0;
  bool has_title = false;
  U32 type;                          // from the title line, running-text form
  U32 number;                        // normalised
  std::vector<U32> authority_lines;  // capitals left over in the header, in reading order
  U32 place;                         // running-text form
  std::string issue_date;            // YYYY-MM-DD
  U32 vv;                            // Công văn "V/v" text, without "V/v"
  U32 summary;                       // trích yếu as written (lines joined)
  bool party = false;  // "ĐẢNG CỘNG SẢN VIỆT NAM" instead of the quốc hiệu
};

// Header lines are looked for among the first kMaxHeaderLines lines.
inline constexpr size_t kMaxHeaderLines = 80;

HeaderInfo ReadHeader(const Prepared& text);

// The cell is (a piece of) the quốc hiệu, the tiêu ngữ or the Party's name: header furniture
// that Poppler may also place lower down, e.g. between "Kính gửi:" and its entries.
bool IsHeaderFurniture(U32View cell);

}  // namespace vanban::metadata_internal
