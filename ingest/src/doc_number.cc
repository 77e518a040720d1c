#include "doc_number.h"

#include <vector>

namespace vanban::metadata_internal {
namespace {

constexpr size_t kMaxNumberChars = 80;

bool IsPartChar(char32_t c) { return IsLetter(c) || IsDigit(c) || c == '&' || c == '.'; }

// "/" and the slashes an OCR may read for it (fraction, division).
bool IsSlash(char32_t c) { return c == '/' || c == 0x2044 || c == 0x2215; }

bool IsSep(char32_t c) { return IsSlash(c) || IsDash(c); }

// "Số", and OCR's "Sô"/"So".
bool IsNumberO(char32_t c) {
  return c == U'ố' || c == U'Ố' || c == U'ô' || c == U'Ô' || c == 'o' || c == 'O';
}

// Words that may stand before a lowercase "số" in a number label ("Luật số: 59/2020/QH14").
constexpr std::string_view kLabelTypes[] = {"luat",       "bo luat",   "lenh",      "phap lenh",
                                            "nghi quyet", "nghi dinh", "quyet dinh"};

struct Part {
  char32_t sep = 0;  // separator before the part (0 for the first)
  U32 text;
};

std::vector<Part> SplitParts(U32View number) {
  std::vector<Part> parts;
  Part cur;
  for (char32_t c : number) {
    if (c == '/' || c == '-') {
      parts.push_back(cur);
      cur = Part{c, {}};
    } else {
      cur.text.push_back(c);
    }
  }
  parts.push_back(cur);
  return parts;
}

bool IsYear(const U32& s) {
  if (s.size() != 4) return false;
  for (char32_t c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Index of the part that carries the type code, or 0 if none can.
size_t CodeIndex(const std::vector<Part>& parts) {
  if (parts.size() < 2) return 0;
  if (parts[1].sep == '-') return 1;  // Party form 15-NQ/HU
  size_t i = 1;
  if (IsYear(parts[1].text) && parts.size() > 2) i = 2;
  return i;
}

// OCR confusions in the parts of a symbol that have one spelling only: the term of the
// National Assembly after "QH" ("QH14", "UBTVQH11") is digits, and "I"/"l" there are 1s
// ("QHI1" → "QH11"; an extra one before two digits, "QHI11", is a ghost: no term has three
// digits); the Prime Minister's "TTg" is the only code with a lowercase letter, which OCR
// reads as "q" ("QĐ-TTq").
void RepairOcrInSymbolPart(U32& p) {
  if (p == U"TTq") {
    p = U"TTg";
    return;
  }
  const size_t qh = p.rfind(U"QH");
  if (qh == U32::npos || qh + 2 >= p.size()) return;
  U32 term;
  bool confused = false;
  for (size_t i = qh + 2; i < p.size(); ++i) {
    const char32_t c = p[i];
    if (IsDigit(c)) {
      term.push_back(c);
    } else if (c == 'I' || c == 'l') {
      term.push_back('1');
      confused = true;
    } else {
      return;
    }
  }
  if (!confused || !IsDigit(p.back()) || term.size() > 3) return;
  if (term.size() == 3 && p[qh + 2] != '1') term.erase(0, 1);
  if (term.size() > 2) return;
  p = p.substr(0, qh + 2) + term;
}

bool IsAscii(const U32& s) {
  for (char32_t c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::optional<NumberLabel> FindNumberLabel(U32View cell) {
  for (size_t i = 0; i + 1 < cell.size(); ++i) {
    if (cell[i] != 'S' && cell[i] != 's') continue;
    // OCR reads the ố of a capital "Số:" as 6 or 0 ("S6: 25/2009/CT-UBND").
    const bool digit_o = cell[i] == 'S' && (cell[i + 1] == '6' || cell[i + 1] == '0');
    if (!IsNumberO(cell[i + 1]) && !digit_o) continue;
    if (i > 0 && (IsLetter(cell[i - 1]) || IsDigit(cell[i - 1]))) continue;
    size_t j = i + 2;
    if (j < cell.size() && (IsLetter(cell[j]) || IsDigit(cell[j]))) continue;
    if (cell[i] == 's') {
      // Only after a type word that opens the cell: "Luật số:".
      U32 before = Fold(Trim(cell.substr(0, i)));
      bool ok = false;
      for (std::string_view t : kLabelTypes) {
        ok = ok || before == U32(t.begin(), t.end());
      }
      if (!ok || !IsUpperLetter(cell[0])) continue;
    }
    while (j < cell.size() && IsSpace(cell[j])) ++j;
    if (j < cell.size() && (cell[j] == ':' || cell[j] == '.')) ++j;
    while (j < cell.size() && IsSpace(cell[j])) ++j;
    if (j < cell.size() ? IsDigit(cell[j]) : !digit_o) {
      return NumberLabel{cell[i] == 's' ? 0 : i, j};
    }
  }
  return std::nullopt;
}

std::optional<U32> ReadNumberAt(U32View s, size_t pos, size_t* end) {
  size_t i = pos;
  while (i < s.size() && IsSpace(s[i])) ++i;
  size_t begin = i;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i]) && digits < 8) {
    ++i;
    ++digits;
  }
  if (digits == 0 || (i < s.size() && IsDigit(s[i]))) return std::nullopt;
  // "123a/QĐ-UBND"
  if (i + 1 < s.size() && s[i] >= 'a' && s[i] <= 'z' && IsSep(s[i + 1])) ++i;
  size_t last = i;
  bool slash = false;
  while (i < s.size() && i - begin < kMaxNumberChars) {
    size_t j = i;
    while (j < s.size() && s[j] == ' ') ++j;
    if (j >= s.size() || !IsSep(s[j])) break;
    char32_t sep = s[j];
    ++j;
    if (j < s.size() && s[j] == sep) ++j;  // OCR doubles a dash: "05/CTr--UBND"
    while (j < s.size() && s[j] == ' ') ++j;
    size_t k = j;
    while (k < s.size()) {
      if (IsPartChar(s[k])) {
        ++k;
      } else if (s[k] == ' ' && k > j && s[k - 1] == '&') {
        ++k;  // "QLN& TTBĐS"
      } else {
        break;
      }
    }
    if (k == j) break;
    if (IsSlash(sep)) slash = true;
    i = k;
    last = k;
  }
  if (!slash) return std::nullopt;
  if (end) *end = last;
  return U32(s.substr(begin, last - begin));
}

U32 NormalizeNumber(U32View raw) {
  U32 t;
  for (char32_t c : raw) {
    if (IsSpace(c)) continue;
    const char32_t n = IsDash(c) ? U'-' : IsSlash(c) ? U'/' : c;
    if ((n == '-' || n == '/') && !t.empty() && t.back() == n) continue;  // "--"
    t.push_back(n);
  }
  t = StripChars(t, U".,;:()-/");
  if (t.empty() || !IsDigit(t[0]) || t.find('/') == U32::npos) return {};
  std::vector<Part> parts = SplitParts(t);
  size_t ci = CodeIndex(parts);
  for (size_t i = 1; i < parts.size(); ++i) {
    U32& p = parts[i].text;
    if (i == ci && IsAscii(p)) {
      U32 f = Upper(p);
      if (f == U"QD") p = U"QĐ";
      if (f == U"ND" && i + 1 < parts.size()) p = U"NĐ";
    }
    if (IsAscii(p) && Upper(p) == U"HDND") p = U"HĐND";
    if (i >= ci) RepairOcrInSymbolPart(p);
  }
  U32 out;
  for (const Part& p : parts) {
    if (p.sep) out.push_back(p.sep);
    out += p.text;
  }
  return out;
}

bool IsPartyNumber(U32View number) {
  size_t i = 0;
  while (i < number.size() && IsDigit(number[i])) ++i;
  return i > 0 && i < number.size() && number[i] == '-' && number.find('/', i) != U32View::npos;
}

U32 TypeCodeOf(U32View number) {
  std::vector<Part> parts = SplitParts(number);
  size_t ci = CodeIndex(parts);
  if (ci == 0) return {};
  return parts[ci].text;
}

}  // namespace vanban::metadata_internal
