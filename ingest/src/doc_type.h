// Private to the metadata extractor: the document types of Nghị định 30/2020/NĐ-CP (Art. 7,
// Phụ lục III) and of the Law on legal documents, with their title lines and number codes.
#pragma once

#include <optional>

#include "doc_text.h"

namespace vanban::metadata_internal {

struct TitleMatch {
  U32 type;  // as in running text: "Quyết định"
  U32 rest;  // text after the type word on the same line ("LUẬT AN NINH MẠNG" -> "AN NINH MẠNG")
};

// A title line: the type name in capitals, alone ("QUYẾT ĐỊNH") or, for laws and ordinances,
// followed by the name ("LUẬT AN NINH MẠNG"). "QUYẾT ĐỊNH:" (the enacting word) is not a title.
std::optional<TitleMatch> MatchTitleLine(U32View cell);

// Type of a type code used in numbers ("QĐ" -> "Quyết định", "TTr" -> "Tờ trình"); empty if
// the code is not one (e.g. "UBND" in a Công văn number). Case-sensitive, both the 2020 codes
// and the older TT 01/2011 ones.
U32 TypeFromCode(U32View code);

// "Công văn", the type of a letter without a type name (it has a "V/v" line instead).
U32 CongVanType();

}  // namespace vanban::metadata_internal
