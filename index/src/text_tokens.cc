#include "text_tokens.h"

#include <unicode/uchar.h>

#include "vanban/convert/text.h"

namespace vanban::index_internal {

bool IsTokenChar(char32_t c) {
  auto cp = static_cast<UChar32>(c);
  // Marks count as word characters so that text ICU could not compose (rare outside
  // Vietnamese) still stays one word.
  return u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

bool IsBlank(char32_t c) {
  auto cp = static_cast<UChar32>(c);
  return u_isspace(cp) || u_iscntrl(cp);
}

bool NextToken(std::u32string_view text, size_t* pos, TokenSpan* token) {
  size_t b = *pos;
  while (b < text.size() && !IsTokenChar(text[b])) ++b;
  if (b >= text.size()) {
    *pos = text.size();
    return false;
  }
  size_t e = b;
  while (e < text.size() && e - b < kMaxTokenLength && IsTokenChar(text[e])) ++e;
  token->begin = b;
  token->end = e;
  *pos = e;
  return true;
}

char32_t ApplyForm(char32_t c, TermForm form) {
  return form == TermForm::kFolded ? FoldCodepoint(c) : LowerCodepoint(c);
}

std::vector<std::u32string> TokenTerms(std::u32string_view text, TermForm form) {
  std::vector<std::u32string> terms;
  size_t pos = 0;
  TokenSpan t;
  while (NextToken(text, &pos, &t)) {
    std::u32string term(text.substr(t.begin, t.end - t.begin));
    for (char32_t& c : term) c = ApplyForm(c, form);
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace vanban::index_internal
