// TCVN3 and VNI-Windows decoding over UTF-32, on text as readers hand it over (each legacy byte
// shown as its Latin-1/cp1252 character). Private to convert/; the public face is legacy.h.
//
// Pure functions over static tables; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "vanban/convert/legacy.h"

namespace vanban::legacy {

// The legacy byte a reader's code point stands for: U+0000..U+00FF as is, the cp1252 characters
// of 0x80..0x9F, and the symbol-font private-use U+F020..U+F0FF; -1 for anything else.
int LegacyByte(char32_t c);

// Decodes `in`. Characters that are no code of the encoding are kept; `unmapped` (optional)
// counts the letters U+00C0..U+00FF among them — impossible in real legacy text, so evidence
// against the hypothesis. Decoding never joins across a character that is not a legacy byte.
std::u32string Decode(std::u32string_view in, LegacyEncoding from, bool capitals,
                      int* unmapped = nullptr);

// The two steps of TCVN3 decoding, for callers that decode runs of different fonts together:
// the byte map (upper-cased for "H" fonts) ...
std::u32string MapTcvn3(std::u32string_view in, bool capitals, int* unmapped = nullptr);
// ... then the soft-hyphen repair. TCVN3 'ư' is 0xAD, the Latin-1 soft hyphen, which PDF
// readers show as '-' when the font has no ToUnicode map (WinAnsiEncoding names 0xAD
// "hyphen"). A '-' is read as 'ư' when that makes a Vietnamese syllable of letters that are
// none without it: "ng-ời" -> "người", "t-" (before a space) -> "tư", "-ớc" -> "ước"; hyphens
// between syllables or abbreviations ("kinh tế-xã hội", "QĐ-UBND") stay. A syllable ending in
// 'ư' glued to the next line's first word by the PDF line join ("th-xã") gets its space back.
// Capital when the letters around it are capitals.
std::u32string RepairHyphenAsUhorn(const std::u32string& s);

// Unicode (NFC) -> legacy characters; see EncodeLegacy in legacy.h.
std::u32string Encode(std::u32string_view in, LegacyEncoding to);

// CountLegacyTraces (legacy.h) over UTF-32: characters only legacy text shows in number
// (Latin-1 symbols and the Latin-1 letters Vietnamese does not use, the soft hyphen, symbol-font
// bytes), and VNI base + mark pairs that Unicode Vietnamese never writes ("aù", "eâ").
size_t CountTraces(std::u32string_view s);
bool IsTraceChar(char32_t c);
bool IsVniPairTrace(char32_t base, char32_t mark);

// True for code points that no legacy reader produces and Vietnamese Unicode text is full of:
// Vietnamese letters above U+00FF (ă đ ĩ ũ ơ ư ạ … ỹ) and the combining marks U+0300..U+036F.
bool IsVietnameseUnicode(char32_t c);

}  // namespace vanban::legacy
