// Reads a Vietnamese official document's metadata from its text (layout of Nghị định
// 30/2020/NĐ-CP, docs/metadata.md): type, number and symbol, issuing authority (with its
// supervising body), place, issue and effective dates, summary (trích yếu), signer,
// signer title and recipients.
//
// Pure function of the text; thread-safe. Never fails and never throws: fields it cannot read
// stay empty. Work is bounded: inputs over a few MB are read as their head and tail, and every
// reader is linear in the text it reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/document.h"

namespace vanban {

// A field whose provenance confidence is below this was read by a fallback or fails a
// consistency check (the year of the number against the date, the type against the number's
// type code): the document waits for an editor with the field named.
inline constexpr double kReviewConfidence = 0.7;

struct MetadataExtraction {
  Metadata meta;
  // JSON names of required fields (MissingRequiredFields) that could not be read.
  std::vector<std::string> missing;
  // "Kính gửi" entries of a Công văn, as listed ("- Sở Xây dựng;" -> "Sở Xây dựng"). When the
  // document has no "Nơi nhận" list these are also its meta.recipients.
  std::vector<std::string> addressees;
  // JSON names of fields read by a fallback rather than from their own place in the layout
  // (type inferred from the number's type code, authority completed from running text, issue
  // date taken from "thông qua ngày ..."): worth an editor's look before publishing.
  std::vector<std::string> uncertain;
};

MetadataExtraction ExtractMetadata(std::string_view text);

// "01/2026/QĐ-UBND" from raw forms ("01/2026/QD-UBND", "01 / 2026 / QĐ - UBND", "Số: ...",
// "Luật số: 59/2020/QH14", en dashes). Empty if `raw` holds no number.
std::string NormalizeDocumentNumber(std::string_view raw);

// Expands an authority as written in a header ("UBND TỈNH THÁI NGUYÊN", "ỦY BAN NHÂN DÂN\nTỈNH
// THÁI NGUYÊN") into its name in running text ("Ủy ban nhân dân tỉnh Thái Nguyên"). When the
// text also names a supervising body ("UBND TỈNH THÁI NGUYÊN\nSỞ TÀI CHÍNH"), the issuing
// (last) body is returned ("Sở Tài chính").
std::string ExpandAuthority(std::string_view header_text);

}  // namespace vanban
