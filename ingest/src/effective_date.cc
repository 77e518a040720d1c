#include "effective_date.h"

#include <string_view>

#include "vn_date.h"

namespace vanban::metadata_internal {
namespace {

constexpr size_t kSubjectWindow = 60;  // characters before "có hiệu lực" read for the subject

U32 FlatText(const Prepared& text, size_t from_line) {
  U32 flat;
  for (size_t l = from_line; l < text.lines.size(); ++l) {
    flat += JoinCells(text.lines[l]);
    flat.push_back('\n');
  }
  return flat;
}

// Folded, with line breaks as spaces so that phrases match across wrapped lines; positions
// are those of `flat`.
U32 FoldedFlat(const U32& flat) {
  U32 f = Fold(flat);
  for (char32_t& c : f) {
    if (c == '\n') c = ' ';
  }
  return f;
}

void SkipSpaces(U32View folded, size_t* i) {
  while (*i < folded.size() && IsSpace(folded[*i])) ++*i;
}

// Matches the folded words of `phrase` (single spaces = any whitespace) at *i.
bool Eat(U32View folded, size_t* i, std::string_view phrase) {
  size_t j = *i;
  for (size_t k = 0; k < phrase.size(); ++k) {
    if (phrase[k] == ' ') {
      if (j >= folded.size() || !IsSpace(folded[j])) return false;
      SkipSpaces(folded, &j);
      continue;
    }
    if (j >= folded.size() || folded[j] != static_cast<char32_t>(phrase[k])) return false;
    ++j;
  }
  if (j < folded.size() && (IsLetter(folded[j]) || IsDigit(folded[j]))) return false;
  *i = j;
  return true;
}

bool EatSpaced(U32View folded, size_t* i, std::string_view phrase) {
  size_t j = *i;
  SkipSpaces(folded, &j);
  if (!Eat(folded, &j, phrase)) return false;
  *i = j;
  return true;
}

// Words between "ngày" and "thông qua" naming who adopts ("ngày Hội đồng nhân dân tỉnh thông
// qua", "ngày HĐND xã thông qua").
constexpr size_t kMaxAdopterWords = 8;

// "ngày ký", "ngày ban hành", "ngày ký ban hành", "ngày thông qua" and "ngày <body> thông
// qua" at i: the day the document was signed or adopted, which is its issue date.
bool IsIssueDay(U32View folded, size_t i) {
  size_t j = i;
  if (!EatSpaced(folded, &j, "ngay")) return false;
  size_t k = j;
  if (EatSpaced(folded, &k, "ky") || EatSpaced(folded, &k, "ban hanh")) return true;
  for (size_t words = 0; words <= kMaxAdopterWords; ++words) {
    k = j;
    if (EatSpaced(folded, &k, "thong qua")) return true;
    SkipSpaces(folded, &j);
    size_t b = j;
    while (j < folded.size() && IsLetter(folded[j])) ++j;
    // The adopter is a run of plain words: no number, no punctuation ends the clause first.
    if (j == b || (j < folded.size() && !IsSpace(folded[j]))) return false;
  }
  return false;
}

// After "từ ngày": a date, or the issue date ("ký", "ban hành", "thông qua" ...).
std::string DateAfterTuNgay(U32View flat, U32View folded, size_t i, const std::string& issue) {
  size_t ngay = i;
  // i points just after "tu"; "ngày ..." follows.
  SkipSpaces(folded, &ngay);
  if (auto d = ParseVnDateAt(flat, ngay, true)) return FormatIsoDate(d->year, d->month, d->day);
  if (IsIssueDay(folded, i)) return issue;
  return {};
}

std::string ReadClause(U32View flat, U32View folded, size_t i, const std::string& issue) {
  EatSpaced(folded, &i, "thi hanh");
  size_t j = i;
  if (EatSpaced(folded, &j, "ke tu") || EatSpaced(folded, &j, "tu")) {
    std::string d = DateAfterTuNgay(flat, folded, j, issue);
    if (!d.empty()) return d;
    // "từ 01/7/2026"
    size_t k = j;
    SkipSpaces(folded, &k);
    if (auto nd = ParseVnDateAt(flat, k, false)) return FormatIsoDate(nd->year, nd->month, nd->day);
    return {};
  }
  j = i;
  if (EatSpaced(folded, &j, "sau")) {
    SkipSpaces(folded, &j);
    int days = 0;
    size_t digits = 0;
    while (j < folded.size() && IsDigit(folded[j]) && digits < 4) {
      days = days * 10 + static_cast<int>(folded[j] - '0');
      ++j;
      ++digits;
    }
    if (digits == 0 || issue.empty()) return {};
    if (!EatSpaced(folded, &j, "ngay")) return {};
    // "sau 45 ngày, kể từ ngày ký"
    SkipSpaces(folded, &j);
    if (j < folded.size() && folded[j] == ',') ++j;
    if ((EatSpaced(folded, &j, "ke tu") || EatSpaced(folded, &j, "tu")) && IsIssueDay(folded, j)) {
      return AddDays(issue, days);
    }
  }
  return {};
}

// 3: "<own type> này có hiệu lực", 2: "<something> này" or "<own type>" before it, 0: no
// subject (a remark about another document, "... (có hiệu lực từ ...)").
int SubjectScore(U32View folded, size_t pos, const U32& own_folded) {
  size_t b = pos > kSubjectWindow ? pos - kSubjectWindow : 0;
  U32 before = CollapseSpaces(folded.substr(b, pos - b));
  size_t cut = before.find_last_of(U".;");
  if (cut != U32::npos) before = before.substr(cut + 1);
  before = Trim(before);
  auto ends_with = [&](const U32& suffix) {
    return before.size() >= suffix.size() &&
           before.compare(before.size() - suffix.size(), suffix.size(), suffix) == 0 &&
           (before.size() == suffix.size() || before[before.size() - suffix.size() - 1] == ' ');
  };
  if (!own_folded.empty() && ends_with(own_folded + U" nay")) return 3;
  if (ends_with(U"nay") || (!own_folded.empty() && ends_with(own_folded))) return 2;
  return 0;
}

}  // namespace

std::string FindEffectiveDate(const Prepared& text, size_t from_line, U32View own_type,
                              const std::string& issue_date) {
  U32 flat = FlatText(text, from_line);
  U32 folded = FoldedFlat(flat);
  U32 own = Fold(own_type);
  std::string best;
  int best_score = 0;
  size_t pos = 0;
  while ((pos = FindFolded(folded, "co hieu luc", pos)) != U32::npos) {
    size_t after = pos + 11;
    std::string d = ReadClause(flat, folded, after, issue_date);
    if (!d.empty()) {
      int score = SubjectScore(folded, pos, own);
      if (score > 0 && score > best_score) {
        best = d;
        best_score = score;
        if (score == 3) break;
      }
    }
    pos = after;
  }
  return best;
}

std::string FindAdoptionDate(const Prepared& text, size_t from_line) {
  U32 flat = FlatText(text, from_line);
  U32 folded = FoldedFlat(flat);
  size_t pos = 0;
  while ((pos = FindFolded(folded, "thong qua", pos)) != U32::npos) {
    size_t i = pos + 9;
    SkipSpaces(folded, &i);
    if (auto d = ParseVnDateAt(flat, i, true)) return FormatIsoDate(d->year, d->month, d->day);
    pos = i;
  }
  return {};
}

}  // namespace vanban::metadata_internal
