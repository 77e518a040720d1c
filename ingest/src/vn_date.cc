#include "vn_date.h"

#include <cstdio>

#include "vanban/convert/text.h"

namespace vanban::metadata_internal {
namespace {

// Matches the folded ASCII word `w` at text[*i] (whole word); advances *i past it.
bool MatchWord(U32View text, size_t* i, std::string_view w) {
  if (*i + w.size() > text.size()) return false;
  for (size_t k = 0; k < w.size(); ++k) {
    if (FoldCodepoint(text[*i + k]) != static_cast<char32_t>(w[k])) return false;
  }
  size_t end = *i + w.size();
  if (end < text.size() && (IsLetter(text[end]) || IsDigit(text[end]))) return false;
  *i = end;
  return true;
}

void SkipSpaces(U32View text, size_t* i) {
  while (*i < text.size() && IsSpace(text[*i])) ++*i;
}

// Reads 1..max_digits digits (not followed by another digit).
bool ReadNumber(U32View text, size_t* i, size_t min_digits, size_t max_digits, int* out) {
  size_t b = *i;
  size_t e = b;
  int v = 0;
  while (e < text.size() && IsDigit(text[e]) && e - b < max_digits) {
    v = v * 10 + static_cast<int>(text[e] - '0');
    ++e;
  }
  if (e - b < min_digits) return false;
  if (e < text.size() && IsDigit(text[e])) return false;
  *i = e;
  *out = v;
  return true;
}

bool IsDateSep(char32_t c) { return c == '/' || c == '.' || IsDash(c); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool IsValidDate(int year, int month, int day) {
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string FormatIsoDate(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string AddDays(const std::string& iso, int days) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || !IsValidDate(y, m, d)) {
    return {};
  }
  if (days < 0 || days > 3660) return {};
  for (int k = 0; k < days; ++k) {
    if (++d > DaysInMonth(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
  return FormatIsoDate(y, m, d);
}

std::optional<VnDate> ParseVnDateAt(U32View text, size_t pos, bool need_ngay) {
  size_t i = pos;
  bool ngay = MatchWord(text, &i, "ngay");
  if (need_ngay && !ngay) return std::nullopt;
  SkipSpaces(text, &i);
  VnDate d;
  d.begin = pos;
  if (!ReadNumber(text, &i, 1, 2, &d.day)) return std::nullopt;
  size_t after_day = i;
  SkipSpaces(text, &i);
  if (i < text.size() && IsDateSep(text[i])) {
    char32_t sep = text[i];
    ++i;
    SkipSpaces(text, &i);
    if (!ReadNumber(text, &i, 1, 2, &d.month)) return std::nullopt;
    SkipSpaces(text, &i);
    if (i >= text.size() || text[i] != sep) return std::nullopt;
    ++i;
    SkipSpaces(text, &i);
    if (!ReadNumber(text, &i, 4, 4, &d.year)) return std::nullopt;
  } else {
    i = after_day;
    SkipSpaces(text, &i);
    if (!MatchWord(text, &i, "thang")) return std::nullopt;
    SkipSpaces(text, &i);
    if (!ReadNumber(text, &i, 1, 2, &d.month)) return std::nullopt;
    SkipSpaces(text, &i);
    if (i < text.size() && text[i] == ',') ++i;
    SkipSpaces(text, &i);
    if (!MatchWord(text, &i, "nam")) return std::nullopt;
    SkipSpaces(text, &i);
    if (!ReadNumber(text, &i, 4, 4, &d.year)) return std::nullopt;
  }
  if (!IsValidDate(d.year, d.month, d.day)) return std::nullopt;
  d.end = i;
  return d;
}

std::optional<VnDate> FindVnDate(U32View text, size_t from) {
  for (size_t i = from; i < text.size(); ++i) {
    if (FoldCodepoint(text[i]) != 'n') continue;
    if (i > 0 && (IsLetter(text[i - 1]) || IsDigit(text[i - 1]))) continue;
    if (auto d = ParseVnDateAt(text, i, true)) return d;
  }
  return std::nullopt;
}

}  // namespace vanban::metadata_internal
