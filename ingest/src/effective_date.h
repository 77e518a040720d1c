// Private to the metadata extractor: when a document takes effect, from its own clause:
//   "... có hiệu lực (thi hành) (kể) từ ngày 25 tháng 01 năm 2026"  -> that date
//   "... có hiệu lực (thi hành) kể từ ngày ký (ban hành)"            -> the issue date
//   "... có hiệu lực từ ngày 01/7/2026"                              -> that date
//   "... có hiệu lực sau 15 ngày kể từ ngày ký"                      -> issue date + 15 days
// The clause must have a subject: "<own type> này" ("Quyết định này") wins over "<other> này"
// ("Quy chế này", "Văn bản này") or a bare "<own type>"; a clause without one is about another
// document ("... Quyết định số 01/2026/QĐ-UBND (có hiệu lực từ ngày ...)") and is ignored.
#pragma once

#include <cstddef>
#include <string>

#include "doc_text.h"

namespace vanban::metadata_internal {

// `issue_date` (YYYY-MM-DD or empty) resolves "kể từ ngày ký". Empty if the text does not say.
std::string FindEffectiveDate(const Prepared& text, size_t from_line, U32View own_type,
                              const std::string& issue_date);

// "... thông qua ngày 13 tháng 11 năm 2008" (laws and resolutions of elected bodies), for a
// document whose header carries no date. Empty if absent.
std::string FindAdoptionDate(const Prepared& text, size_t from_line);

}  // namespace vanban::metadata_internal
