#include "vanban/convert/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>

namespace vanban {
namespace {

// Windows-1252 0x80..0x9F (0 where the code page has no character).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t Cp1252(unsigned char b) {
  if (b >= 0x80 && b < 0xA0) {
    char16_t c = kCp1252High[b - 0x80];
    return c ? c : 0xFFFD;
  }
  return b;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, 0 if invalid.
size_t DecodeOne(std::string_view s, size_t i, char32_t* out) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *out = b;
    return 1;
  }
  size_t n;
  char32_t c;
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    c = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    c = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    c = b & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    auto cb = static_cast<unsigned char>(s[i + k]);
    if ((cb & 0xC0) != 0x80) return 0;
    c = (c << 6) | (cb & 0x3F);
  }
  // Reject overlong forms, surrogates and out-of-range values.
  if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
      (c >= 0xD800 && c <= 0xDFFF)) {
    return 0;
  }
  *out = c;
  return n;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Folding table for the Basic Multilingual Plane's Latin ranges, built once.
constexpr char32_t kTableSize = 0x2500;

struct FoldTables {
  std::array<char32_t, kTableSize> fold{};
  std::array<char32_t, kTableSize> lower{};
  FoldTables() {
    UErrorCode st = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(st);
    for (char32_t c = 0; c < kTableSize; ++c) {
      char32_t lc = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
      lower[c] = lc;
      char32_t f = lc;
      if (lc == 0x0111 || lc == 0x0110) {
        f = U'd';  // đ has no decomposition
      } else if (U_SUCCESS(st) && lc >= 0x80) {
        icu::UnicodeString d;
        if (nfd->getDecomposition(static_cast<UChar32>(lc), d) && d.length() > 0) {
          UChar32 base = d.char32At(0);
          // Strip marks only when the base is a plain letter (keeps e.g. Greek intact).
          if (base < 0x250) f = static_cast<char32_t>(u_tolower(base));
        }
      }
      fold[c] = f;
    }
  }
};

const FoldTables& Tables() {
  static const FoldTables t;
  return t;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  char32_t c;
  for (size_t i = 0; i < s.size();) {
    size_t n = DecodeOne(s, i, &c);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::u32string ToU32(std::string_view s) {
  // Never more code points than bytes: write into a buffer of that size, then trim.
  std::u32string out(s.size(), U'\0');
  char32_t* w = out.data();
  char32_t c;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      *w++ = b;
      ++i;
      continue;
    }
    size_t n = DecodeOne(s, i, &c);
    if (n == 0) {
      *w++ = Cp1252(b);
      ++i;
    } else {
      *w++ = c;
      i += n;
    }
  }
  out.resize(static_cast<size_t>(w - out.data()));
  return out;
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) AppendUtf8(out, c);
  return out;
}

std::string RepairUtf8(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  return ToUtf8(ToU32(bytes));
}

std::string NormalizeNfc(std::string_view utf8) {
  std::string repaired = RepairUtf8(utf8);
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return repaired;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(repaired);
  if (nfc->isNormalized(u, st) && U_SUCCESS(st)) return repaired;
  st = U_ZERO_ERROR;
  icu::UnicodeString n = nfc->normalize(u, st);
  if (U_FAILURE(st)) return repaired;
  std::string out;
  n.toUTF8String(out);
  return out;
}

char32_t FoldCodepoint(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c < kTableSize) return Tables().fold[c];
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

char32_t LowerCodepoint(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c < kTableSize) return Tables().lower[c];
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

std::string FoldForSearch(std::string_view utf8) {
  std::u32string u = ToU32(NormalizeNfc(utf8));
  for (char32_t& c : u) c = FoldCodepoint(c);
  return ToUtf8(u);
}

namespace {

// The five toned forms (huyền, sắc, hỏi, ngã, nặng) of the vowels tone placement moves between.
constexpr char32_t kTonedA[] = {U'à', U'á', U'ả', U'ã', U'ạ'};
constexpr char32_t kTonedE[] = {U'è', U'é', U'ẻ', U'ẽ', U'ẹ'};
constexpr char32_t kTonedY[] = {U'ỳ', U'ý', U'ỷ', U'ỹ', U'ỵ'};
constexpr char32_t kTonedO[] = {U'ò', U'ó', U'ỏ', U'õ', U'ọ'};
constexpr char32_t kTonedU[] = {U'ù', U'ú', U'ủ', U'ũ', U'ụ'};
constexpr char32_t kTonedAUpper[] = {U'À', U'Á', U'Ả', U'Ã', U'Ạ'};
constexpr char32_t kTonedEUpper[] = {U'È', U'É', U'Ẻ', U'Ẽ', U'Ẹ'};
constexpr char32_t kTonedYUpper[] = {U'Ỳ', U'Ý', U'Ỷ', U'Ỹ', U'Ỵ'};
constexpr char32_t kTonedOUpper[] = {U'Ò', U'Ó', U'Ỏ', U'Õ', U'Ọ'};
constexpr char32_t kTonedUUpper[] = {U'Ù', U'Ú', U'Ủ', U'Ũ', U'Ụ'};

int ToneIndex(char32_t c, const char32_t (&lower)[5], const char32_t (&upper)[5], bool* is_upper) {
  for (int i = 0; i < 5; ++i) {
    if (c == lower[i] || c == upper[i]) {
      *is_upper = c == upper[i];
      return i;
    }
  }
  return -1;
}

bool IsLetterish(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= 0xC0 && c != 0xD7 && c != 0xF7);
}

}  // namespace

std::string NormalizeTonePlacement(std::string_view utf8) {
  std::u32string u = ToU32(NormalizeNfc(utf8));
  for (size_t i = 1; i < u.size(); ++i) {
    bool end = i + 1 == u.size() || !IsLetterish(u[i + 1]);
    if (!end) continue;
    char32_t prev = u[i - 1];
    bool upper = false;
    if (prev == U'o' || prev == U'O') {
      int t = ToneIndex(u[i], kTonedA, kTonedAUpper, &upper);
      char32_t plain = upper ? U'A' : U'a';
      if (t < 0) {
        t = ToneIndex(u[i], kTonedE, kTonedEUpper, &upper);
        plain = upper ? U'E' : U'e';
      }
      if (t < 0) continue;
      u[i - 1] = prev == U'O' ? kTonedOUpper[t] : kTonedO[t];
      u[i] = plain;
    } else if ((prev == U'u' || prev == U'U') &&
               !(i >= 2 && (u[i - 2] == U'q' || u[i - 2] == U'Q'))) {
      int t = ToneIndex(u[i], kTonedY, kTonedYUpper, &upper);
      if (t < 0) continue;
      u[i - 1] = prev == U'U' ? kTonedUUpper[t] : kTonedU[t];
      u[i] = upper ? U'Y' : U'y';
    }
  }
  return ToUtf8(u);
}

std::string LowerUtf8(std::string_view utf8) {
  std::u32string u = ToU32(utf8);
  for (char32_t& c : u) c = LowerCodepoint(c);
  return ToUtf8(u);
}

void AppendHtmlEscaped(std::string& out, char32_t c) {
  switch (c) {
    case U'&':
      out += "&amp;";
      return;
    case U'<':
      out += "&lt;";
      return;
    case U'>':
      out += "&gt;";
      return;
    case U'"':
      out += "&quot;";
      return;
    case U'\'':
      out += "&#39;";
      return;
    default:
      break;
  }
  bool control = (c < 0x20 && c != U'\t' && c != U'\n') || c == 0x7F || (c >= 0x80 && c < 0xA0);
  if (control) c = 0xFFFD;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else {
    AppendUtf8(out, c);
  }
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  if (IsValidUtf8(text)) {
    // Fast path: copy multi-byte sequences as they are, look only at ASCII and C1 controls.
    for (size_t i = 0; i < text.size(); ++i) {
      auto b = static_cast<unsigned char>(text[i]);
      if (b < 0x80) {
        AppendHtmlEscaped(out, b);
      } else if (b == 0xC2 && i + 1 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) < 0xA0) {
        AppendHtmlEscaped(out, 0x80);  // a C1 control, U+0080..U+009F
        ++i;
      } else {
        out += text[i];
      }
    }
    return out;
  }
  for (char32_t c : ToU32(text)) AppendHtmlEscaped(out, c);
  return out;
}

std::string CollapseToOneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string NormalizeWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::string line;
  bool pending_blank = false;
  auto flush = [&](bool end_of_line) {
    // trim
    size_t b = line.find_first_not_of(' ');
    size_t e = line.find_last_not_of(' ');
    std::string_view t =
        b == std::string::npos ? std::string_view() : std::string_view(line).substr(b, e - b + 1);
    if (t.empty()) {
      if (!out.empty()) pending_blank = true;
    } else {
      if (pending_blank) out += '\n';
      pending_blank = false;
      out.append(t);
      if (end_of_line) out += '\n';
    }
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '\r') continue;
    if (ch == '\n') {
      flush(true);
    } else if (ch == '\f') {
      flush(true);
      out += '\f';
      pending_blank = false;
    } else if (ch == ' ' || ch == '\t' || ch == '\v') {
      if (!line.empty() && line.back() != ' ') line += ' ';
    } else if (static_cast<unsigned char>(ch) == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      // U+00A0 no-break space
      if (!line.empty() && line.back() != ' ') line += ' ';
      ++i;
    } else {
      line += ch;
    }
  }
  flush(false);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace vanban
