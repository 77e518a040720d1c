// Private to the metadata extractor: names of bodies, positions and places, from the capitals of
// a header to their running-text form (Nghị định 30/2020/NĐ-CP, Phụ lục II, "viết hoa"):
//   "UBND TỈNH THÁI NGUYÊN"          -> "Ủy ban nhân dân tỉnh Thái Nguyên"
//   "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH" -> "Bộ Văn hóa, Thể thao và Du lịch"
//   "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH" -> "Ủy ban nhân dân Thành phố Hồ Chí Minh"
//   "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch", "CHỦ TỊCH QUỐC HỘI" -> "Chủ tịch Quốc hội"
#pragma once

#include <vector>

#include "doc_text.h"

namespace vanban::metadata_internal {

// Splits the authority lines of a header, in reading order, into bodies: a supervising body
// first, the issuing body last ("UBND TỈNH THÁI NGUYÊN" / "SỞ TÀI CHÍNH" -> 2 bodies). A line
// continues the body above it unless it opens a new body after a complete one, so wrapped
// names ("ỦY BAN NHÂN DÂN" / "TỈNH THÁI NGUYÊN", "ỦY" / "BAN NHÂN DÂN") stay whole. Each unit
// comes without what OCR adds to a header's lines: stray marks, specks at its end, a type line
// read into it, the motto or the Party's name of the column beside it.
std::vector<U32> SplitAuthorityUnits(const std::vector<U32>& lines);

// Running-text form of one body: abbreviations expanded (UBND, HĐND, TP.), "Ủy" spelling,
// capitals only where the naming rules put them.
U32 CaseAuthority(U32View unit);

// A Party body named as HD 36-HD/VPTW writes it in running text, from the cased body and its
// cased parent: a committee under its Đảng bộ takes the Đảng bộ's place ("Tỉnh ủy" under
// "Đảng bộ tỉnh Nghệ An" -> "Tỉnh ủy Nghệ An"); a board or office of a committee carries the
// committee's kind ("Ban Tuyên giáo" under "Tỉnh ủy Phú Thọ" -> "Ban Tuyên giáo Tỉnh ủy").
// Anything else comes back unchanged.
U32 NamePartyBody(U32View body, U32View parent);

// True if the text opens with the name of a kind of body ("ỦY BAN", "BỘ", "SỞ" ...), after
// abbreviation expansion.
bool StartsWithBodyName(U32View text);

// "Ủy ban nhân dân" or "Hội đồng nhân dân" without the place it belongs to.
bool IsBareLocalBody(U32View cased);

// A signer's position in capitals, with an optional body after it: "PHÓ CHỦ TỊCH",
// "BỘ TRƯỞNG BỘ Y TẾ", "CHỦ TỊCH QUỐC HỘI".
bool IsPositionTitle(U32View cell);
U32 CasePosition(U32View title);

// Place of issue as written before ", ngày": capitals title-cased, "TP." expanded, and the
// name of Ho Chi Minh City with its "Thành phố".
U32 CasePlace(U32View place);

// Title-cases the names of provinces/centrally-run cities and "Việt Nam" found as whole words
// in lowercase text (used for summaries written in capitals).
U32 RestoreProperNouns(U32View text);

}  // namespace vanban::metadata_internal
