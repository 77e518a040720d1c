#include "ocr_correct.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <map>
#include <utility>

#include "vanban/convert/text.h"

namespace vanban {
namespace {

// A word of the document: where its letters are, without the punctuation around it.
struct Word {
  size_t page = 0;
  size_t begin = 0;  // in the page's code points
  size_t end = 0;
  std::u32string lower;
  std::u32string folded;
};

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsEdge(char32_t c) {
  static constexpr std::u32string_view kEdge = U".,;:()\u201C\u201D\"'!?[]/-";
  return kEdge.find(c) != std::u32string_view::npos;
}

// Diacritics of a word: combining marks of its canonical decomposition, and the bar of đ.
int Marks(const std::u32string& w) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  int marks = 0;
  for (char32_t c : w) {
    if (c == U'đ' || c == U'Đ') ++marks;
    icu::UnicodeString d;
    if (U_FAILURE(status) || !nfd->getDecomposition(static_cast<UChar32>(c), d)) continue;
    for (int32_t i = 0; i < d.length(); i = d.moveIndex32(i, 1)) {
      if (u_getCombiningClass(d.char32At(i)) > 0) ++marks;
    }
  }
  return marks;
}

// `spelling` (lower case) in the case pattern of `read`.
std::u32string InCaseOf(const std::u32string& spelling, std::u32string_view read) {
  bool upper = false, lower = false;
  for (char32_t c : read) {
    upper = upper || u_isupper(static_cast<UChar32>(c));
    lower = lower || u_islower(static_cast<UChar32>(c));
  }
  std::u32string out = spelling;
  if (upper && !lower) {
    for (char32_t& c : out) c = static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
  } else if (!read.empty() && u_isupper(static_cast<UChar32>(read[0])) && !out.empty()) {
    out[0] = static_cast<char32_t>(u_toupper(static_cast<UChar32>(out[0])));
  }
  return out;
}

using Pair = std::pair<std::u32string, std::u32string>;

}  // namespace

void CorrectOcrDiacritics(std::vector<std::string>& pages, const std::vector<bool>& ocr) {
  std::vector<std::u32string> text(pages.size());
  std::vector<Word> words;
  for (size_t p = 0; p < pages.size(); ++p) {
    text[p] = ToU32(pages[p]);
    const std::u32string& t = text[p];
    for (size_t i = 0; i < t.size();) {
      while (i < t.size() && IsSpace(t[i])) ++i;
      size_t b = i;
      while (i < t.size() && !IsSpace(t[i])) ++i;
      size_t e = i;
      while (b < e && IsEdge(t[b])) ++b;
      while (e > b && IsEdge(t[e - 1])) --e;
      Word w;
      w.page = p;
      w.begin = b;
      w.end = e;
      for (size_t k = b; k < e; ++k) {
        w.lower.push_back(LowerCodepoint(t[k]));
        w.folded.push_back(FoldCodepoint(t[k]));
      }
      words.push_back(std::move(w));  // an empty word (punctuation alone) breaks pairs
    }
  }
  // Spellings of each pair of words, by the pair without diacritics.
  std::map<Pair, std::map<Pair, int>> spellings;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i].lower.empty() || words[i + 1].lower.empty()) continue;
    ++spellings[{words[i].folded, words[i + 1].folded}][{words[i].lower, words[i + 1].lower}];
  }
  std::vector<std::u32string> replacement(words.size());
  std::vector<bool> replaced(words.size(), false);
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i].lower.empty() || words[i + 1].lower.empty()) continue;
    const auto& counts = spellings[{words[i].folded, words[i + 1].folded}];
    const Pair read{words[i].lower, words[i + 1].lower};
    const Pair* best = nullptr;
    int most = 0;
    bool tie = false;
    for (const auto& [spelling, n] : counts) {
      if (n > most) {
        best = &spelling;
        most = n;
        tie = false;
      } else if (n == most) {
        tie = true;
      }
    }
    if (best == nullptr || tie || *best == read || most < kMinMajority ||
        most < kMajorityRatio * counts.at(read)) {
      continue;
    }
    const std::u32string* to[2] = {&best->first, &best->second};
    if (Marks(*to[0]) < Marks(read.first) || Marks(*to[1]) < Marks(read.second)) continue;
    for (size_t k = 0; k < 2; ++k) {
      const Word& w = words[i + k];
      if (*to[k] == w.lower || !ocr[w.page]) continue;
      replacement[i + k] =
          InCaseOf(*to[k], std::u32string_view(text[w.page]).substr(w.begin, w.end - w.begin));
      replaced[i + k] = true;
    }
  }
  // Rewrite the pages, each word replaced in place (the words of a page are in order).
  std::vector<std::u32string> out(pages.size());
  std::vector<size_t> done(pages.size(), 0);
  bool any = false;
  for (size_t i = 0; i < words.size(); ++i) {
    if (!replaced[i]) continue;
    const Word& w = words[i];
    out[w.page].append(text[w.page], done[w.page], w.begin - done[w.page]);
    out[w.page] += replacement[i];
    done[w.page] = w.end;
    any = true;
  }
  if (!any) return;
  for (size_t p = 0; p < pages.size(); ++p) {
    if (done[p] == 0) continue;
    out[p].append(text[p], done[p], std::u32string::npos);
    pages[p] = ToUtf8(out[p]);
  }
}

}  // namespace vanban
