#include "legacy_syllable.h"

#include <string>

#include "vanban/convert/vn_syllable.h"

#include <array>
#include <string_view>

namespace vanban::legacy {
namespace {

// The twelve Vietnamese vowels, each with its tones in the order of enum Tone.
struct VowelRow {
  char32_t base;
  Modifier modifier;
  char32_t lower[6];
  char32_t upper[6];
};

constexpr VowelRow kRows[] = {
    {U'a',
     Modifier::kNone,
     {U'a', U'à', U'á', U'ả', U'ã', U'ạ'},
     {U'A', U'À', U'Á', U'Ả', U'Ã', U'Ạ'}},
    {U'a',
     Modifier::kBreve,
     {U'ă', U'ằ', U'ắ', U'ẳ', U'ẵ', U'ặ'},
     {U'Ă', U'Ằ', U'Ắ', U'Ẳ', U'Ẵ', U'Ặ'}},
    {U'a',
     Modifier::kCircumflex,
     {U'â', U'ầ', U'ấ', U'ẩ', U'ẫ', U'ậ'},
     {U'Â', U'Ầ', U'Ấ', U'Ẩ', U'Ẫ', U'Ậ'}},
    {U'e',
     Modifier::kNone,
     {U'e', U'è', U'é', U'ẻ', U'ẽ', U'ẹ'},
     {U'E', U'È', U'É', U'Ẻ', U'Ẽ', U'Ẹ'}},
    {U'e',
     Modifier::kCircumflex,
     {U'ê', U'ề', U'ế', U'ể', U'ễ', U'ệ'},
     {U'Ê', U'Ề', U'Ế', U'Ể', U'Ễ', U'Ệ'}},
    {U'i',
     Modifier::kNone,
     {U'i', U'ì', U'í', U'ỉ', U'ĩ', U'ị'},
     {U'I', U'Ì', U'Í', U'Ỉ', U'Ĩ', U'Ị'}},
    {U'o',
     Modifier::kNone,
     {U'o', U'ò', U'ó', U'ỏ', U'õ', U'ọ'},
     {U'O', U'Ò', U'Ó', U'Ỏ', U'Õ', U'Ọ'}},
    {U'o',
     Modifier::kCircumflex,
     {U'ô', U'ồ', U'ố', U'ổ', U'ỗ', U'ộ'},
     {U'Ô', U'Ồ', U'Ố', U'Ổ', U'Ỗ', U'Ộ'}},
    {U'o',
     Modifier::kHorn,
     {U'ơ', U'ờ', U'ớ', U'ở', U'ỡ', U'ợ'},
     {U'Ơ', U'Ờ', U'Ớ', U'Ở', U'Ỡ', U'Ợ'}},
    {U'u',
     Modifier::kNone,
     {U'u', U'ù', U'ú', U'ủ', U'ũ', U'ụ'},
     {U'U', U'Ù', U'Ú', U'Ủ', U'Ũ', U'Ụ'}},
    {U'u',
     Modifier::kHorn,
     {U'ư', U'ừ', U'ứ', U'ử', U'ữ', U'ự'},
     {U'Ư', U'Ừ', U'Ứ', U'Ử', U'Ữ', U'Ự'}},
    {U'y',
     Modifier::kNone,
     {U'y', U'ỳ', U'ý', U'ỷ', U'ỹ', U'ỵ'},
     {U'Y', U'Ỳ', U'Ý', U'Ỷ', U'Ỹ', U'Ỵ'}},
};

// Decomposition of every code point below 0x200 and in U+1EA0..U+1EFF (base 0: none).
constexpr char32_t kExtFirst = 0x1EA0;
constexpr char32_t kExtLast = 0x1EFF;
struct Tables {
  std::array<VnLetter, 0x200> low{};
  std::array<VnLetter, kExtLast - kExtFirst + 1> ext{};
  Tables() {
    for (char32_t c = 'a'; c <= 'z'; ++c) {
      low[c] = {c, Modifier::kNone, kNoTone, false};
      low[c - 'a' + 'A'] = {c, Modifier::kNone, kNoTone, true};
    }
    low[0x111] = {0x111, Modifier::kNone, kNoTone, false};
    low[0x110] = {0x111, Modifier::kNone, kNoTone, true};
    for (const VowelRow& r : kRows) {
      for (uint8_t t = 0; t < 6; ++t) {
        Set(r.lower[t], {r.base, r.modifier, t, false});
        Set(r.upper[t], {r.base, r.modifier, t, true});
      }
    }
  }
  void Set(char32_t c, VnLetter l) {
    if (c < low.size()) {
      low[c] = l;
    } else if (c >= kExtFirst && c <= kExtLast) {
      ext[c - kExtFirst] = l;
    }
  }
};

const Tables& T() {
  static const Tables t;
  return t;
}

int RowOf(char32_t base, Modifier m) {
  for (size_t i = 0; i < std::size(kRows); ++i) {
    if (kRows[i].base == base && kRows[i].modifier == m) return static_cast<int>(i);
  }
  return -1;
}

// --- syllables: parse for the tone position (the grammar itself is vn_syllable.h)
// -------------------------------------------------------------------

// Toneless lowercase letters of a syllable: the vowels as their precomposed letters
// (a ă â e ê i o ô ơ u ư y), consonants as ASCII or 'đ'.
constexpr size_t kMaxLetters = 7;  // "nghiêng"

bool IsVowel(char32_t c) {
  switch (c) {
    case U'a':
    case U'ă':
    case U'â':
    case U'e':
    case U'ê':
    case U'i':
    case U'o':
    case U'ô':
    case U'ơ':
    case U'u':
    case U'ư':
    case U'y':
      return true;
    default:
      return false;
  }
}

constexpr std::u32string_view kInitials[] = {
    U"ngh", U"ng", U"gh", U"gi", U"kh", U"nh", U"ph", U"qu", U"th", U"tr", U"ch", U"b", U"c", U"d",
    U"đ",   U"g",  U"h",  U"k",  U"l",  U"m",  U"n",  U"p",  U"r",  U"s",  U"t",  U"v", U"x"};
}  // namespace

bool Decompose(char32_t c, VnLetter* out) {
  const VnLetter* l = nullptr;
  if (c < T().low.size()) {
    l = &T().low[c];
  } else if (c >= kExtFirst && c <= kExtLast) {
    l = &T().ext[c - kExtFirst];
  }
  if (l == nullptr || l->base == 0) return false;
  *out = *l;
  return true;
}

char32_t Compose(const VnLetter& l) {
  if (!IsVowelBase(l.base)) {
    if (l.modifier != Modifier::kNone || l.tone != kNoTone) return 0;
    if (l.base == 0x111) return l.upper ? 0x110 : 0x111;
    if (l.base < 'a' || l.base > 'z') return 0;
    return l.upper ? l.base - 'a' + 'A' : l.base;
  }
  int row = RowOf(l.base, l.modifier);
  if (row < 0 || l.tone > kNang) return 0;
  return l.upper ? kRows[row].upper[l.tone] : kRows[row].lower[l.tone];
}

bool IsVowelBase(char32_t b) {
  return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

char32_t VnUpper(char32_t c) {
  VnLetter l;
  if (Decompose(c, &l)) {
    l.upper = true;
    return Compose(l);
  }
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  return c;
}

uint8_t ToneOfCombining(char32_t c) {
  switch (c) {
    case 0x0300:
    case 0x0340:
      return kHuyen;
    case 0x0301:
    case 0x0341:
      return kSac;
    case 0x0309:
      return kHoi;
    case 0x0303:
      return kNga;
    case 0x0323:
      return kNang;
    default:
      return kNoTone;
  }
}

Modifier ModifierOfCombining(char32_t c) {
  switch (c) {
    case 0x0302:
      return Modifier::kCircumflex;
    case 0x0306:
      return Modifier::kBreve;
    case 0x031B:
      return Modifier::kHorn;
    default:
      return Modifier::kNone;
  }
}

bool IsVietnameseSyllable(std::u32string_view word, bool check_tone_position) {
  if (word.empty() || word.size() > kMaxLetters) return false;
  char32_t buf[kMaxLetters];
  size_t n = 0;
  int tones = 0;
  uint8_t tone = kNoTone;
  size_t tone_at = 0;
  for (char32_t c : word) {
    VnLetter l;
    if (!Decompose(c, &l)) return false;
    if (l.tone != kNoTone) {
      ++tones;
      tone = l.tone;
      tone_at = n;
    }
    l.tone = kNoTone;
    l.upper = false;
    buf[n++] = Compose(l);
  }
  if (tones > 1) return false;
  std::u32string_view s(buf, n);

  std::u32string_view initial;
  for (std::u32string_view i : kInitials) {
    if (s.substr(0, i.size()) != i) continue;
    // "gi" and "qu" are initials only before a vowel: "gì", "gìn" are g + i.
    if ((i == U"gi" || i == U"qu") && (s.size() <= 2 || !IsVowel(s[2]))) continue;
    initial = i;
    break;
  }
  std::u32string_view rest = s.substr(initial.size());
  size_t nv = 0;
  while (nv < rest.size() && IsVowel(rest[nv])) ++nv;
  if (nv == 0) return false;
  std::u32string_view nucleus = rest.substr(0, nv);
  std::u32string_view final_c = rest.substr(nv);

  // The grammar is the project's one (vn_syllable.h); this file adds the tone's position.
  std::u32string lower(s);
  if (tone != kNoTone) {
    VnLetter l;
    Decompose(lower[tone_at], &l);
    l.tone = tone;
    lower[tone_at] = Compose(l);
  }
  if (!IsVietnameseSyllableLower(lower)) return false;
  if (!check_tone_position || tone == kNoTone) return true;
  // The tone sits on the nucleus: on its (last) vowel with a modifier; else on the last vowel
  // before a final; else old or new style for oa/oe/uy, the first of two vowels, the middle
  // of three.
  if (tone_at < initial.size() || tone_at >= initial.size() + nv) return false;
  size_t t = tone_at - initial.size();
  size_t modified = nv;
  for (size_t k = 0; k < nv; ++k) {
    char32_t v = nucleus[k];
    if (v == U'ă' || v == U'â' || v == U'ê' || v == U'ô' || v == U'ơ' || v == U'ư') modified = k;
  }
  if (modified < nv) return t == modified;
  if (!final_c.empty()) return t == nv - 1;
  if (nv == 1) return true;
  if (nucleus == U"oa" || nucleus == U"oe" || nucleus == U"uy") return true;
  return nv == 2 ? t == 0 : t == 1;
}

}  // namespace vanban::legacy
