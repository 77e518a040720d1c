#include "document_number.h"

#include <algorithm>

#include "text_tokens.h"
#include "vanban/convert/text.h"

namespace vanban::index_internal {
namespace {

// More parts than this is not a real number; the cap bounds the key count (n(n+1)/2).
constexpr size_t kMaxParts = 8;

bool IsDash(char32_t c) { return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == U'-'; }

std::u32string NormalizeU32(std::string_view number) {
  std::u32string out;
  for (char32_t c : ToU32(NormalizeNfc(number))) {
    if (IsBlank(c)) continue;
    out += IsDash(c) ? U'-' : FoldCodepoint(c);
  }
  size_t b = 0;
  while (b < out.size() && !IsTokenChar(out[b])) ++b;
  size_t e = out.size();
  while (e > b && !IsTokenChar(out[e - 1])) --e;
  return out.substr(b, e - b);
}

bool LooksLikeNumberU32(std::u32string_view s) {
  if (s.find(U'/') != std::u32string_view::npos) return true;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == U'-' && IsTokenChar(s[i - 1]) && IsTokenChar(s[i + 1])) return true;
  }
  return false;
}

}  // namespace

std::string NormalizeDocumentNumber(std::string_view number) {
  return ToUtf8(NormalizeU32(number));
}

bool LooksLikeDocumentNumber(std::string_view normalized) {
  return LooksLikeNumberU32(ToU32(normalized));
}

std::vector<std::string> DocumentNumberKeys(std::string_view number) {
  std::u32string whole = NormalizeU32(number);
  if (whole.empty()) return {};
  std::vector<std::string> keys{ToUtf8(whole)};

  std::vector<std::u32string> parts;
  size_t start = 0;
  while (start <= whole.size()) {
    size_t slash = std::min(whole.find(U'/', start), whole.size());
    if (slash > start) parts.push_back(whole.substr(start, slash - start));
    start = slash + 1;
  }
  if (parts.size() > kMaxParts) return keys;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::u32string run;
    for (size_t j = i; j < parts.size(); ++j) {
      if (j > i) run += U'/';
      run += parts[j];
      if (!LooksLikeNumberU32(run)) continue;
      std::string key = ToUtf8(run);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
  }
  return keys;
}

}  // namespace vanban::index_internal
