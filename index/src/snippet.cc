#include "snippet.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "text_tokens.h"
#include "vanban/convert/text.h"

namespace vanban::index_internal {
namespace {

// Context kept before the first match of the chosen window.
constexpr size_t kLeadChars = 30;
// Bounds the work on a body where a common word matches thousands of times.
constexpr size_t kMaxWindowStarts = 2000;

struct Match {
  TokenSpan span;
  const std::u32string* term;  // element of folded_terms
};

std::vector<Match> FindMatches(std::u32string_view text, const std::set<std::u32string>& terms) {
  std::vector<Match> matches;
  if (terms.empty()) return matches;
  // Folding keeps one code point per code point, so a word can only be a term of the same
  // length and first letter: most words are passed over without being folded.
  std::vector<char32_t> firsts;
  size_t min_len = SIZE_MAX;
  size_t max_len = 0;
  for (const std::u32string& term : terms) {
    if (term.empty()) continue;
    firsts.push_back(term[0]);
    min_len = std::min(min_len, term.size());
    max_len = std::max(max_len, term.size());
  }
  std::u32string folded;
  size_t pos = 0;
  TokenSpan t;
  while (NextToken(text, &pos, &t)) {
    const size_t len = t.end - t.begin;
    if (len < min_len || len > max_len) continue;
    const char32_t first = ApplyForm(text[t.begin], TermForm::kFolded);
    if (std::find(firsts.begin(), firsts.end(), first) == firsts.end()) continue;
    folded.clear();
    for (size_t i = t.begin; i < t.end; ++i) folded += ApplyForm(text[i], TermForm::kFolded);
    auto it = terms.find(folded);
    if (it != terms.end()) matches.push_back({t, &*it});
  }
  return matches;
}

// Index of the match that starts the window with the most distinct terms (then the most
// matches; then the earliest).
size_t BestWindowStart(const std::vector<Match>& matches) {
  size_t best = 0;
  size_t best_distinct = 0;
  size_t best_count = 0;
  std::vector<const std::u32string*> seen;
  const size_t starts = std::min(matches.size(), kMaxWindowStarts);
  for (size_t i = 0; i < starts; ++i) {
    seen.clear();
    size_t count = 0;
    const size_t limit = matches[i].span.begin + kSnippetChars;
    for (size_t j = i; j < matches.size() && matches[j].span.end <= limit; ++j) {
      ++count;
      if (std::find(seen.begin(), seen.end(), matches[j].term) == seen.end()) {
        seen.push_back(matches[j].term);
      }
    }
    if (seen.size() > best_distinct || (seen.size() == best_distinct && count > best_count)) {
      best = i;
      best_distinct = seen.size();
      best_count = count;
    }
  }
  return best;
}

// `more`: text follows `text` (a body searched in part).
std::string Render(std::u32string_view text, size_t begin, size_t end,
                   const std::vector<Match>& matches, bool more) {
  std::string out;
  if (begin > 0) out += "… ";
  bool wrote_text = false;
  bool pending_space = false;
  auto separate = [&] {
    if (pending_space && wrote_text) out += ' ';
    pending_space = false;
    wrote_text = true;
  };
  // Matches are sorted and disjoint, and `begin` is never inside one.
  auto next = std::find_if(matches.begin(), matches.end(),
                           [&](const Match& m) { return m.span.begin >= begin; });
  for (size_t i = begin; i < end;) {
    if (next != matches.end() && next->span.begin == i && next->span.end <= end) {
      separate();
      out += "<mark>";
      for (; i < next->span.end; ++i) AppendHtmlEscaped(out, text[i]);
      out += "</mark>";
      ++next;
      continue;
    }
    char32_t c = text[i++];
    if (IsBlank(c)) {
      pending_space = true;
      continue;
    }
    separate();
    AppendHtmlEscaped(out, c);
  }
  if (end < text.size() || more) out += " …";
  return out;
}

// Moves `end` back so that it does not cut a word, unless that would go below `min_end`.
size_t EndAtWordBoundary(std::u32string_view text, size_t end, size_t min_end) {
  if (end >= text.size()) return text.size();
  size_t e = end;
  while (e > min_end && IsTokenChar(text[e - 1]) && IsTokenChar(text[e])) --e;
  return e > 0 ? e : end;
}

}  // namespace

std::string MakeSnippet(std::string_view body_utf8, std::u32string_view fallback,
                        const std::set<std::u32string>& folded_terms) {
  // A long body is searched in its first kSnippetScanBytes, and the room for a window after
  // them (a code point is at least a byte), cut before a continuation byte; all of it only
  // when that part has no match.
  size_t scan = std::min(body_utf8.size(), kSnippetScanBytes + 4 * kSnippetChars);
  while (scan > 0 && scan < body_utf8.size() &&
         (static_cast<uint8_t>(body_utf8[scan]) & 0xC0) == 0x80) {
    --scan;
  }
  std::u32string body = ToU32(body_utf8.substr(0, scan));
  bool cut = scan < body_utf8.size();  // text follows `body`
  std::vector<Match> matches = FindMatches(body, folded_terms);
  if (matches.empty() && cut) {
    body = ToU32(body_utf8);
    cut = false;
    matches = FindMatches(body, folded_terms);
  }
  if (matches.empty()) {
    std::u32string_view text = body.empty() ? fallback : std::u32string_view(body);
    std::vector<Match> fallback_matches =
        body.empty() ? FindMatches(text, folded_terms) : std::vector<Match>{};
    size_t end = EndAtWordBoundary(text, std::min(text.size(), kSnippetChars), 0);
    return Render(text, 0, end, fallback_matches, cut);
  }

  const TokenSpan first = matches[BestWindowStart(matches)].span;
  size_t begin = first.begin > kLeadChars ? first.begin - kLeadChars : 0;
  // Near the end of the text, show more before the match rather than a short excerpt.
  if (!cut && body.size() - begin < kSnippetChars) {
    begin = std::min(begin, body.size() > kSnippetChars ? body.size() - kSnippetChars : 0);
  }
  // Start at a word boundary: skip the partial word the lead cut into.
  while (begin > 0 && begin < first.begin && IsTokenChar(body[begin - 1])) ++begin;
  size_t end = std::min(body.size(), begin + kSnippetChars);
  end = EndAtWordBoundary(body, std::max(end, first.end), first.end);
  return Render(body, begin, end, matches, cut);
}

}  // namespace vanban::index_internal
