// Private to the metadata extractor: Vietnamese dates as documents write them.
//   "ngày 12 tháng 01 năm 2026", "ngày 5 tháng 3 năm 2026", "ngày 27\ntháng 11 năm 2025",
//   "ngày 5/3/2026", "ngày 05-03-2026", "ngày 05.03.2026", and the same without "ngày".
// Matching ignores case and diacritics ("NGÀY", "ngay") and accepts any whitespace, line
// breaks included, between the parts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "doc_text.h"

namespace vanban::metadata_internal {

struct VnDate {
  int year = 0;
  int month = 0;
  int day = 0;
  size_t begin = 0;  // position of "ngày" (or of the day digits when it is absent)
  size_t end = 0;    // one past the last digit of the year
};

bool IsValidDate(int year, int month, int day);
// "YYYY-MM-DD".
std::string FormatIsoDate(int year, int month, int day);
// Date `days` days after an ISO date; empty if `iso` is not a valid date.
std::string AddDays(const std::string& iso, int days);

// Reads a date starting exactly at `pos` of `text` (at "ngày" when `need_ngay`, otherwise at
// "ngày" or at the day number).
std::optional<VnDate> ParseVnDateAt(U32View text, size_t pos, bool need_ngay);

// First date at or after `from` that starts with "ngày".
std::optional<VnDate> FindVnDate(U32View text, size_t from = 0);

}  // namespace vanban::metadata_internal
