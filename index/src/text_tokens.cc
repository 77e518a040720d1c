#include "text_tokens.h"

#include <unicode/uchar.h>

#include "vanban/convert/text.h"

namespace vanban::index_internal {

bool IsTokenChar(char32_t c) {
  // Fast paths for what Vietnamese text is made of; the answers are ICU's.
  if (c < 0x80) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
  }
  // Latin-1 letters (not × and ÷), Latin Extended-A and -B, Latin Extended Additional
  // (ạ ả ấ ầ … ỹ): all letters.
  if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF)) {
    return true;
  }
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

bool IsMovableTone(char32_t previous, char32_t c) {
  if (previous != U'o' && previous != U'u') return false;
  switch (c) {
    case U'à':
    case U'á':
    case U'ả':
    case U'ã':
    case U'ạ':
    case U'è':
    case U'é':
    case U'ẻ':
    case U'ẽ':
    case U'ẹ':
    case U'ỳ':
    case U'ý':
    case U'ỷ':
    case U'ỹ':
    case U'ỵ':
      return true;
    default:
      return false;
  }
}

bool HasMovableTone(std::u32string_view term) {
  for (size_t i = 1; i < term.size(); ++i) {
    if (IsMovableTone(term[i - 1], term[i])) return true;
  }
  return false;
}

void ExactTonePlacement(std::u32string& term) {
  if (!HasMovableTone(term)) return;
  std::u32string placed = ToU32(NormalizeTonePlacement(ToUtf8(term)));
  // NormalizeTonePlacement swaps code points one for one; anything else is left as it was.
  if (placed.size() == term.size()) term = std::move(placed);
}

std::vector<std::u32string> TokenTerms(std::u32string_view text, TermForm form) {
  std::vector<std::u32string> terms;
  size_t pos = 0;
  TokenSpan t;
  while (NextToken(text, &pos, &t)) {
    std::u32string term(text.substr(t.begin, t.end - t.begin));
    for (char32_t& c : term) c = ApplyForm(c, form);
    if (form == TermForm::kExact) ExactTonePlacement(term);
    terms.push_back(std::move(term));
  }
  return terms;
}

std::u32string PairTerm(std::u32string_view first, std::u32string_view second) {
  std::u32string pair;
  pair.reserve(first.size() + 1 + second.size());
  pair.append(first);
  pair += kPairSeparator;
  pair.append(second);
  return pair;
}

bool BreaksPair(std::u32string_view between) {
  for (char32_t c : between) {
    switch (c) {
      case U'.':
      case U'!':
      case U'?':
      case U';':
      case U':':
      case U'…':
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace vanban::index_internal
