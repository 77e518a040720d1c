// Document numbers ("01/2026/QĐ-UBND") as keywords, so that a number is found whole or by its
// recognisable parts, which word tokenization alone cannot do (it splits at '/' and '-').
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vanban::index_internal {

// Folded (FoldCodepoint), without white space or control characters, every dash variant
// (U+2010..U+2015, U+2212) as '-', and trimmed of leading and trailing punctuation:
// " 01/2026/QĐ–UBND. " -> "01/2026/qd-ubnd".
std::string NormalizeDocumentNumber(std::string_view number);

// True if a normalised query word should be looked up as a number: it contains '/' or a '-'
// between two word characters ("01/2026", "qd-ubnd"; not "-" or "2026").
bool LooksLikeDocumentNumber(std::string_view normalized);

// The keys indexed for a document's number: the whole normalised number and every run of its
// '/'-separated parts that still looks like a number. "01/2026/QĐ-UBND" gives
// 01/2026/qd-ubnd, 01/2026, 2026/qd-ubnd, qd-ubnd. Empty for an empty number.
std::vector<std::string> DocumentNumberKeys(std::string_view number);

}  // namespace vanban::index_internal
