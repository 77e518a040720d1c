// NFD and mixed-normalisation repair of Vietnamese words. Private to convert/.
//
// What readers hand over besides NFC:
// - NFD or "Unicode tổ hợp" (UniKey's composite mode: precomposed ê ơ … plus a combining tone):
//   combining marks after their vowel, sometimes in a non-canonical order (tone before
//   circumflex: "e\u0301\u0302") that NFC alone leaves half-composed ("é\u0302");
// - a precomposed letter with a second, duplicate tone;
// - tone marks detached from their vowel: a combining mark at the start of a word or after a
//   consonant ("vie\u0302t\u0301"), or a spacing accent drawn as its own glyph ("a´", "´a",
//   ˜ ˆ ˘ `) — PDF producers that position accents separately.
// Marks after a vowel are composed in Vietnamese order (modifier, then tone). Detached marks are
// placed on the vowel that makes the word a valid Vietnamese syllable, the nearest one when
// several do; a word that no placement makes valid is left alone (NFC does the rest).
//
// Pure; thread-safe; linear in the text (each word's placements are bounded: at most 4 vowels
// and 3 detached marks).
#pragma once

#include <string>

namespace vanban::legacy {

// Repairs `*s` in place and returns the number of words changed.
int RepairMarks(std::u32string* s);

}  // namespace vanban::legacy
