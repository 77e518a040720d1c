// Reads a Vietnamese official document's metadata from its text (layout of Nghị định
// 30/2020/NĐ-CP, docs/metadata.md): type, number and symbol, issuing authority (with its
// supervising body), place, issue and effective dates, summary (trích yếu), signer,
// signer title and recipients.
//
// Pure function of the text; thread-safe. Never fails: fields it cannot read stay empty.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/document.h"

namespace vanban {

struct MetadataExtraction {
  Metadata meta;
  // JSON names of required fields (MissingRequiredFields) that could not be read.
  std::vector<std::string> missing;
};

MetadataExtraction ExtractMetadata(std::string_view text);

// "01/2026/QĐ-UBND" from raw forms ("01/2026/QD-UBND", "01 / 2026 / QĐ - UBND").
std::string NormalizeDocumentNumber(std::string_view raw);

// Expands an authority as written in a header ("UBND TỈNH THÁI NGUYÊN", "ỦY BAN NHÂN DÂN\nTỈNH
// THÁI NGUYÊN") into its name in running text ("Ủy ban nhân dân tỉnh Thái Nguyên").
std::string ExpandAuthority(std::string_view header_text);

}  // namespace vanban
