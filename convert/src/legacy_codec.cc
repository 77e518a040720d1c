#include "legacy_codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "legacy_syllable.h"
#include "vanban/convert/legacy.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace legacy {
namespace {

struct Tcvn3Entry {
  uint8_t byte;
  char32_t lower;
  char32_t upper;
};
struct VniPairEntry {
  uint8_t base;
  uint8_t mark;
  char32_t code;
};
struct VniSingleEntry {
  uint8_t byte;
  char32_t code;
};

#include "legacy_tables.inc"

// Windows-1252 0x80..0x9F (0 where the code page has no character).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Mark bytes follow a base letter; VNI uses 0xC0..0xFF for them.
constexpr int kMarkFirst = 0xC0;

struct Tables {
  std::array<char32_t, 256> tcvn3{};        // byte -> lowercase letter (0: no code)
  std::array<char32_t, 256> tcvn3_upper{};  // byte -> capital (H fonts)
  std::array<int8_t, 256> vni_base{};       // byte -> row in vni_pair, -1 if no base
  std::array<std::array<char32_t, 64>, 16> vni_pair{};
  std::array<char32_t, 256> vni_single{};
  std::unordered_map<char32_t, std::u32string> encode_tcvn3;
  std::unordered_map<char32_t, std::u32string> encode_vni;

  Tables() {
    for (const Tcvn3Entry& e : kTcvn3Table) {
      tcvn3[e.byte] = e.lower;
      tcvn3_upper[e.byte] = e.upper;
      encode_tcvn3[e.lower] = std::u32string(1, e.byte);
    }
    vni_base.fill(-1);
    int rows = 0;
    for (const VniPairEntry& e : kVniPairs) {
      if (vni_base[e.base] < 0) vni_base[e.base] = static_cast<int8_t>(rows++);
      vni_pair[vni_base[e.base]][e.mark - kMarkFirst] = e.code;
      encode_vni[e.code] = {e.base, e.mark};
    }
    // Liberal: a mark byte of the other case (0xC0..0xDF <-> 0xE0..0xFF) after the same base.
    for (const VniPairEntry& e : kVniPairs) {
      char32_t& other = vni_pair[vni_base[e.base]][(e.mark ^ 0x20) - kMarkFirst];
      if (other == 0) other = e.code;
    }
    for (const VniSingleEntry& e : kVniSingles) {
      vni_single[e.byte] = e.code;
      encode_vni[e.code] = std::u32string(1, e.byte);
    }
  }
};

const Tables& T() {
  static const Tables t;
  return t;
}

// What to output for a character that is no code of the encoding: itself, except that a
// private-use symbol-font code becomes the cp1252 character of its byte.
char32_t Kept(char32_t c, int b) {
  if (c < 0xF000 || b < 0) return c;
  if (b >= 0x80 && b < 0xA0) return kCp1252High[b - 0x80] ? kCp1252High[b - 0x80] : c;
  return static_cast<char32_t>(b);
}

bool IsLetterByte(int b) { return b >= 0xC0 && b <= 0xFF && b != 0xD7 && b != 0xF7; }

bool IsLetter(char32_t c) {
  VnLetter l;
  return Decompose(c, &l);
}

std::u32string DecodeVni(std::u32string_view in, int* unmapped) {
  const Tables& t = T();
  std::u32string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    int b = LegacyByte(in[i]);
    if (b < 0) {
      out += in[i];
      continue;
    }
    if (t.vni_base[b] >= 0 && i + 1 < in.size()) {
      int m = LegacyByte(in[i + 1]);
      if (m >= kMarkFirst) {
        char32_t p = t.vni_pair[t.vni_base[b]][m - kMarkFirst];
        if (p != 0) {
          out += p;
          ++i;
          continue;
        }
      }
    }
    if (t.vni_single[b] != 0) {
      out += t.vni_single[b];
    } else {
      if (IsLetterByte(b) && unmapped != nullptr) ++*unmapped;
      out += Kept(in[i], b);
    }
  }
  return out;
}

}  // namespace

std::u32string MapTcvn3(std::u32string_view in, bool capitals, int* unmapped) {
  const Tables& t = T();
  std::u32string out;
  out.reserve(in.size());
  for (char32_t c : in) {
    int b = LegacyByte(c);
    if (b >= 0x80 && t.tcvn3[b] != 0) {
      out += capitals ? t.tcvn3_upper[b] : t.tcvn3[b];
    } else {
      if (IsLetterByte(b) && unmapped != nullptr) ++*unmapped;
      char32_t k = Kept(c, b);
      out += capitals ? VnUpper(k) : k;
    }
  }
  return out;
}

namespace {

bool AllUpper(std::u32string_view a, std::u32string_view b) {
  size_t n = 0;
  for (std::u32string_view part : {a, b}) {
    for (char32_t c : part) {
      VnLetter l;
      if (Decompose(c, &l) && !l.upper) return false;
      ++n;
    }
  }
  return n >= 2;
}

}  // namespace

// The rule is in legacy_codec.h; the tests are "ng-ời" -> "người", "đ-ợc" -> "được",
// "t-" -> "tư", "-ớc" -> "ước", while "kinh tế-xã hội" and "QĐ-UBND" keep their hyphen.
std::u32string RepairHyphenAsUhorn(const std::u32string& s) {
  if (s.find(U'-') == std::u32string::npos) return s;
  std::u32string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != U'-') {
      out += s[i];
      continue;
    }
    size_t lb = i;
    while (lb > 0 && IsLetter(s[lb - 1])) --lb;
    size_t re = i + 1;
    while (re < s.size() && IsLetter(s[re])) ++re;
    std::u32string_view left(s.data() + lb, i - lb);
    std::u32string_view right(s.data() + i + 1, re - i - 1);
    auto space_or_edge = [&](size_t k) { return k >= s.size() || s[k] <= U' '; };
    std::u32string with = std::u32string(left) + U'ư';
    bool replace = false;
    bool add_space = false;
    if (!left.empty() && !right.empty()) {
      std::u32string joined = with + std::u32string(right);
      if (IsVietnameseSyllable(joined)) {
        replace = !(IsVietnameseSyllable(left) && IsVietnameseSyllable(right));
      } else if (IsVietnameseSyllable(with) && !IsVietnameseSyllable(left) &&
                 IsVietnameseSyllable(right)) {
        replace = add_space = true;
      }
    } else if (!left.empty()) {
      replace = space_or_edge(i + 1) && IsVietnameseSyllable(with) && !IsVietnameseSyllable(left);
    } else if (!right.empty()) {
      replace = (i == 0 || s[i - 1] <= U' ') && IsVietnameseSyllable(U"ư" + std::u32string(right));
    }
    if (replace) {
      out += AllUpper(left, right) ? U'Ư' : U'ư';
      if (add_space) out += U' ';
    } else {
      out += U'-';
    }
  }
  return out;
}

int LegacyByte(char32_t c) {
  if (c < 0x100) return static_cast<int>(c);
  if (c >= 0xF020 && c <= 0xF0FF) return static_cast<int>(c - 0xF000);
  if (c > 0x2122) return -1;
  for (int i = 0; i < 32; ++i) {
    if (kCp1252High[i] == c) return 0x80 + i;
  }
  return -1;
}

std::u32string Decode(std::u32string_view in, LegacyEncoding from, bool capitals, int* unmapped) {
  switch (from) {
    case LegacyEncoding::kTcvn3:
      return RepairHyphenAsUhorn(MapTcvn3(in, capitals, unmapped));
    case LegacyEncoding::kVni:
      return DecodeVni(in, unmapped);
    case LegacyEncoding::kNone:
      break;
  }
  return std::u32string(in);
}

std::u32string Encode(std::u32string_view in, LegacyEncoding to) {
  if (to == LegacyEncoding::kNone) return std::u32string(in);
  const auto& table = to == LegacyEncoding::kTcvn3 ? T().encode_tcvn3 : T().encode_vni;
  std::u32string out;
  out.reserve(in.size() * 2);
  for (char32_t c : in) {
    auto it = table.find(c);
    if (it == table.end() && to == LegacyEncoding::kTcvn3) it = table.find(LowerCodepoint(c));
    if (it == table.end()) {
      out += c;
      continue;
    }
    for (char32_t b : it->second) {
      out += b >= 0x80 && b < 0xA0 ? static_cast<char32_t>(kCp1252High[b - 0x80]) : b;
    }
  }
  return out;
}

bool IsTraceChar(char32_t c) {
  if (c >= 0xF020 && c <= 0xF0FF) return true;
  if (c < 0xA1 || c > 0xFF) return false;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return true;  // symbols
  switch (c | 0x20) {  // the Vietnamese letters of Latin-1, either case
    case 0xE0:
    case 0xE1:
    case 0xE2:
    case 0xE3:
    case 0xE8:
    case 0xE9:
    case 0xEA:
    case 0xEC:
    case 0xED:
    case 0xF2:
    case 0xF3:
    case 0xF4:
    case 0xF5:
    case 0xF9:
    case 0xFA:
    case 0xFD:
      return false;
    default:
      return true;
  }
}

// A VNI base letter followed by a mark byte that is also a Vietnamese letter of Latin-1 ("aù",
// "eâ", "Thaùi"): Unicode writes those letters after a vowel only as "oà oá oã oè oé" and
// "uà uá uã uè ué" (hoà, toán, quá).
bool IsVniPairTrace(char32_t base, char32_t mark) {
  int b = LegacyByte(base);
  int m = LegacyByte(mark);
  if (b < 0 || m < kMarkFirst || IsTraceChar(mark)) return false;
  if (T().vni_base[b] < 0 || T().vni_pair[T().vni_base[b]][m - kMarkFirst] == 0) return false;
  bool ou = (base | 0x20) == 'o' || (base | 0x20) == 'u';
  switch (mark | 0x20) {
    case 0xE0:
    case 0xE1:
    case 0xE3:
    case 0xE8:
    case 0xE9:
      return !ou;
    default:
      return true;
  }
}

size_t CountTraces(std::u32string_view s) {
  LegacyTraceCounter n;
  for (char32_t c : s) n.Add(c);
  return n.count();
}

bool IsVietnameseUnicode(char32_t c) {
  if (c >= 0x0300 && c <= 0x036F) return true;
  if (c < 0x100) return false;
  VnLetter l;
  return Decompose(c, &l);
}

}  // namespace legacy

std::string_view LegacyEncodingName(LegacyEncoding e) {
  switch (e) {
    case LegacyEncoding::kTcvn3:
      return "TCVN3";
    case LegacyEncoding::kVni:
      return "VNI";
    case LegacyEncoding::kNone:
      break;
  }
  return "none";
}

namespace {

// The family of a font name, lowercase: subset prefix, name escapes, alternatives after ';',
// styles after ',' and style words at the end removed.
std::string FontFamily(std::string_view name) {
  size_t semi = name.find(';');
  if (semi != std::string_view::npos) name = name.substr(0, semi);
  if (name.size() > 7 && name[6] == '+') {
    bool subset = true;
    for (size_t i = 0; i < 6; ++i) subset = subset && name[i] >= 'A' && name[i] <= 'Z';
    if (subset) name.remove_prefix(7);
  }
  size_t comma = name.find(',');
  if (comma != std::string_view::npos) name = name.substr(0, comma);
  std::string f;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '#' && i + 2 < name.size() && name.compare(i + 1, 2, "2E") == 0) {
      f += '.';
      i += 2;
    } else if (name[i] == '#' && i + 2 < name.size() && name.compare(i + 1, 2, "20") == 0) {
      f += ' ';
      i += 2;
    } else {
      char c = name[i];
      f += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  while (!f.empty() && (f.back() == ' ' || f.back() == '-')) f.pop_back();
  size_t start = 0;
  while (start < f.size() && f[start] == ' ') ++start;
  f.erase(0, start);
  static constexpr std::string_view kStyles[] = {"bolditalic", "boldoblique", "italic", "oblique",
                                                 "bold",       "regular",     "roman",  "normal"};
  for (bool again = true; again;) {
    again = false;
    for (std::string_view s : kStyles) {
      if (f.size() > s.size() + 3 && f.compare(f.size() - s.size(), s.size(), s) == 0) {
        f.resize(f.size() - s.size());
        while (!f.empty() && (f.back() == ' ' || f.back() == '-' || f.back() == '_')) {
          f.pop_back();
        }
        again = true;
        break;
      }
    }
  }
  return f;
}

// ABC (TCVN3) families also seen without the leading dot ("VnTime").
constexpr std::string_view kTcvn3Families[] = {
    "vnarial",      "vnavant",  "vnbahamas",  "vnblack",    "vnbook",    "vncentury", "vnclarendon",
    "vncommercial", "vncooper", "vncourier",  "vnexotic",   "vnfree",    "vngothic",  "vnhelvet",
    "vnlinus",      "vnlucida", "vnmonotype", "vnmystical", "vnpresent", "vnrevue",   "vnshelley",
    "vnsouthern",   "vnstamp",  "vnswiss",    "vnteknical", "vntime",    "vnuniverse"};

}  // namespace

LegacyEncoding EncodingOfFont(std::string_view font_name) {
  std::string f = FontFamily(font_name);
  if (f.size() >= 4 && f.compare(0, 3, "vni") == 0) return LegacyEncoding::kVni;
  if (f.size() >= 4 && f.compare(0, 3, ".vn") == 0) return LegacyEncoding::kTcvn3;
  for (std::string_view fam : kTcvn3Families) {
    if (f.compare(0, fam.size(), fam) == 0) return LegacyEncoding::kTcvn3;
  }
  return LegacyEncoding::kNone;
}

bool IsTcvn3CapitalFont(std::string_view font_name) {
  if (EncodingOfFont(font_name) != LegacyEncoding::kTcvn3) return false;
  std::string f = FontFamily(font_name);
  return !f.empty() && f.back() == 'h';
}

std::string DecodeLegacy(std::string_view utf8, LegacyEncoding from, bool capitals) {
  if (from == LegacyEncoding::kNone) return NormalizeNfc(utf8);
  return NormalizeNfc(ToUtf8(legacy::Decode(ToU32(utf8), from, capitals)));
}

bool IsLegacyTrace(char32_t prev, char32_t c) {
  return legacy::IsTraceChar(c) || (prev != 0 && legacy::IsVniPairTrace(prev, c));
}

size_t CountLegacyTraces(std::string_view utf8) { return legacy::CountTraces(ToU32(utf8)); }

std::string EncodeLegacy(std::string_view utf8, LegacyEncoding to) {
  return ToUtf8(legacy::Encode(ToU32(NormalizeNfc(utf8)), to));
}

}  // namespace vanban
