#include "user_query.h"

#include "text_tokens.h"
#include "vanban/convert/text.h"

namespace vanban::index_internal {
namespace {

bool IsQuote(char32_t c) { return c == U'"' || c == 0x201C || c == 0x201D || c == 0x201E; }

bool HasTokenChar(std::u32string_view s) {
  for (char32_t c : s) {
    if (IsTokenChar(c)) return true;
  }
  return false;
}

}  // namespace

std::vector<QueryPart> ParseUserQuery(std::string_view input) {
  std::u32string s = ToU32(NormalizeNfc(input));
  if (s.size() > kMaxQueryChars) s.resize(kMaxQueryChars);
  for (char32_t& c : s) {
    if (IsQuote(c)) {
      c = U'"';
    } else if (IsBlank(c)) {
      c = U' ';
    }
  }

  std::vector<QueryPart> parts;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n && parts.size() < kMaxQueryParts) {
    while (i < n && s[i] == U' ') ++i;
    if (i >= n) break;
    QueryPart part;
    if (s[i] == U'-' && i + 1 < n && s[i + 1] != U' ') {
      part.excluded = true;
      ++i;
    }
    if (s[i] == U'"') {
      size_t close = s.find(U'"', i + 1);
      if (close == std::u32string::npos) close = n;
      part.text = s.substr(i + 1, close - i - 1);
      part.phrase = true;
      i = close < n ? close + 1 : n;
    } else {
      size_t e = i;
      while (e < n && s[e] != U' ' && s[e] != U'"') ++e;
      part.text = s.substr(i, e - i);
      i = e;
    }
    if (HasTokenChar(part.text)) parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace vanban::index_internal
