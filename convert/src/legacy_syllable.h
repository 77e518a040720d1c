// Vietnamese letters as base + vowel modifier + tone, and syllables judged with the tone's
// position: the yardstick of the legacy-encoding statistics (legacy_detect.h) and of the
// tone-mark repair (legacy_marks.h). The grammar itself is the project's one, vn_syllable.h.
// Private to convert/.
//
// Pure functions over static tables; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace vanban::legacy {

enum class Modifier : uint8_t { kNone, kCircumflex, kBreve, kHorn };
// Order of the Vietnamese tone marks in this file: 0 none, 1 huyền (grave), 2 sắc (acute),
// 3 hỏi (hook above), 4 ngã (tilde), 5 nặng (dot below).
enum Tone : uint8_t { kNoTone = 0, kHuyen, kSac, kHoi, kNga, kNang };

struct VnLetter {
  char32_t base = 0;  // lowercase ASCII letter, or U+0111 'đ'
  Modifier modifier = Modifier::kNone;
  uint8_t tone = kNoTone;
  bool upper = false;
};

// Splits a Latin letter of Vietnamese ('ấ' -> a + circumflex + sắc; 'Đ' -> đ, upper; 'f' -> f).
// False for anything else (digits, 'ü', combining marks ...).
bool Decompose(char32_t c, VnLetter* out);
// The precomposed letter, or 0 if there is none (a tone on a consonant, a horn on 'a' ...).
char32_t Compose(const VnLetter& l);
bool IsVowelBase(char32_t base);  // a e i o u y
// Upper case for Vietnamese and Latin-1 letters; other characters unchanged.
char32_t VnUpper(char32_t c);

// The combining marks of Vietnamese: tones U+0300 U+0301 U+0309 U+0303 U+0323 (and the
// deprecated U+0340 U+0341), modifiers U+0302 U+0306 U+031B. 0 / kNone for other characters.
uint8_t ToneOfCombining(char32_t c);
Modifier ModifierOfCombining(char32_t c);

// True if `word` (any case, NFC) is one well-formed Vietnamese syllable by the grammar of
// vn_syllable.h (IsVietnameseSyllableLower). `check_tone_position` also requires the tone on the
// vowel that carries it (the modified vowel, else the last before a final, else by the nucleus;
// "hoà" and "hòa" both pass).
bool IsVietnameseSyllable(std::u32string_view word, bool check_tone_position = false);

}  // namespace vanban::legacy
