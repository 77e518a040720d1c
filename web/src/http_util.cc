#include "vanban/web/http_util.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "vanban/convert/text.h"

namespace vanban::web {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators: never useful
// in a search and confusing when echoed.
bool IsControlOrSeparator(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029;
}

bool IsSpace(char32_t c) { return c == U' ' || c == 0xA0 || c == 0x3000; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view StripWeak(std::string_view tag) {
  if (tag.size() >= 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string PercentEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 3);
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::optional<std::string> QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), true);
    if (key != name) continue;
    if (eq == std::string_view::npos) return std::string();
    return PercentDecode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

std::vector<std::string> QueryParams(std::string_view query, std::string_view name,
                                     size_t max_values) {
  std::vector<std::string> out;
  while (!query.empty() && out.size() < max_values) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (PercentDecode(pair.substr(0, eq), true) != name) continue;
    out.push_back(eq == std::string_view::npos ? std::string()
                                               : PercentDecode(pair.substr(eq + 1), true));
  }
  return out;
}

std::string CleanSearchText(std::string_view raw, size_t max_codepoints, bool* truncated) {
  std::u32string in = ToU32(raw);  // repairs invalid UTF-8
  std::u32string out;
  out.reserve(std::min(in.size(), max_codepoints));
  bool cut = false;
  for (char32_t c : in) {
    if (IsControlOrSeparator(c) || IsSpace(c)) c = U' ';
    if (c == U' ' && (out.empty() || out.back() == U' ')) continue;
    if (out.size() >= max_codepoints) {
      cut = true;
      break;
    }
    out += c;
  }
  while (!out.empty() && out.back() == U' ') out.pop_back();
  if (truncated != nullptr) *truncated = cut;
  return ToUtf8(out);
}

int ParsePageNumber(const std::optional<std::string>& raw, int max_page) {
  if (max_page < 1) max_page = 1;
  if (!raw.has_value()) return 1;
  std::string_view s = TrimSpaces(*raw);
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 1;  // "abc", "-5", "1.5": not a page number
  }
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) return max_page;
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 1) return 1;
  return static_cast<int>(std::min<int64_t>(v, max_page));
}

std::optional<int64_t> ParseDocumentId(std::string_view segment) {
  if (segment.empty() || segment.size() > 19) return std::nullopt;
  if (!std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), v);
  if (ec != std::errc() || ptr != segment.data() + segment.size() || v <= 0) return std::nullopt;
  return v;
}

std::string ContentDispositionAttachment(std::string_view utf8_name) {
  std::string name = RepairUtf8(utf8_name);
  std::string fallback;
  for (char32_t c : ToU32(name)) {
    bool forbidden = c == U'"' || c == U'\\' || c == U'/' || c == U';' || c == U'%';
    if (c >= 0x20 && c < 0x7F && !forbidden) {
      fallback += static_cast<char>(c);
      continue;
    }
    char32_t folded = FoldCodepoint(c);  // lowercase ASCII for Vietnamese letters
    bool ascii_alnum = (folded >= U'a' && folded <= U'z') || (folded >= U'0' && folded <= U'9');
    if (!forbidden && c >= 0x80 && ascii_alnum) {
      bool upper = LowerCodepoint(c) != c;
      char f = static_cast<char>(folded);
      fallback += upper && f >= 'a' && f <= 'z' ? static_cast<char>(f - 'a' + 'A') : f;
    } else {
      fallback += '_';
    }
  }
  if (name.empty()) {
    name = "download";
    fallback = "download";
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + PercentEncode(name);
}

bool IfNoneMatchMatches(std::string_view if_none_match, std::string_view etag) {
  std::string_view want = StripWeak(etag);
  while (!if_none_match.empty()) {
    size_t comma = if_none_match.find(',');
    std::string_view tag = TrimSpaces(if_none_match.substr(0, comma));
    if_none_match =
        comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
    if (tag == "*") return true;
    if (!tag.empty() && StripWeak(tag) == want) return true;
  }
  return false;
}

}  // namespace vanban::web
