// Private to the metadata extractor: the number and symbol ("số, ký hiệu") of a document.
//   administrative:  123/QĐ-UBND, 45/QĐ-UBND-KT          Công văn: 123/UBND-KT
//   legal (QPPL):    01/2026/QĐ-UBND, 34/2016/NĐ-CP       laws:     59/2020/QH14
//   Party (HD 36):   15-NQ/HU
#pragma once

#include <cstddef>
#include <optional>

#include "doc_text.h"

namespace vanban::metadata_internal {

struct NumberLabel {
  size_t begin = 0;  // where the label starts ("Số", or "Luật" in "Luật số:")
  size_t end = 0;    // just after the label and its ":"/"." and spaces
};

// A number label in `cell`: "Số:", "Số", "SỐ:", "Luật số:", "Lệnh số" ... (the label word
// capitalised, so running text "số" is not taken), followed by a digit or by the end of the
// cell (the number is then on the next line). nullopt if the cell has none.
std::optional<NumberLabel> FindNumberLabel(U32View cell);

// Reads a number at `pos` (spaces first are skipped): digits, then "/" or "-" separated parts,
// with stray spaces around the separators. Returns the raw text read; nullopt if none.
std::optional<U32> ReadNumberAt(U32View s, size_t pos, size_t* end = nullptr);

// Canonical form: no spaces, "-" for any dash, "QD"/"ND" type codes as "QĐ"/"NĐ", "HDND" as
// "HĐND", no trailing punctuation. Empty if `raw` holds no number.
U32 NormalizeNumber(U32View raw);

// Whether a normalised number is in the Party's form (Hướng dẫn 36-HD/VPTW: "112-BC/TU", the
// number joined to the type code by a dash, the issuer's code after the slash; the State's is
// "112/BC-UBND").
bool IsPartyNumber(U32View number);

// The type code of a normalised number ("01/2026/QĐ-UBND" -> "QĐ", "15-NQ/HU" -> "NQ");
// empty if there is none.
U32 TypeCodeOf(U32View number);

}  // namespace vanban::metadata_internal
