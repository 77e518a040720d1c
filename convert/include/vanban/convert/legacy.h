// Legacy Vietnamese encodings: TCVN3 (ABC) and VNI-Windows text repaired to Unicode NFC, and
// NFD / mixed-normalisation repair.
//
// Office files and PDFs from before Unicode show legacy text as Latin-1/cp1252 characters in
// fonts named ".VnTime", ".VnTimeH" (TCVN3; the "H" fonts show capitals), "VNI-Times" ...
// Readers (LibreOffice, Poppler) hand such text over as UTF-8 whose code points are the legacy
// bytes read as Latin-1/cp1252 ("Céng hoµ" for "Cộng hoà"); symbol-font private-use code
// points U+F020..U+F0FF and invalid UTF-8 bytes are read as bytes too.
//
// The repair works run by run: each run of text carries its font name, so a document mixing a
// Unicode body with a legacy-font header is repaired where needed only. Without a legacy font
// name, statistics decide (docs/convert.md, "Legacy encodings"): the text is decoded under each
// hypothesis and the one that turns the most words into valid Vietnamese syllables wins, line
// by line, with strict thresholds so that Unicode Vietnamese, English, French, German and
// numbers are left alone. Tables: convert/data (UniKey VnConv data).
//
// Callers hand the text over as read: in particular U+00AD must stay (it is TCVN3 'ư'); the
// repair removes the soft hyphens that remain after decoding.
//
// All functions are pure and thread-safe; the work is linear in the input size.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vanban {

enum class LegacyEncoding { kNone, kTcvn3, kVni };
std::string_view LegacyEncodingName(LegacyEncoding e);  // "none", "TCVN3", "VNI"

// A run of text as a reader (LibreOffice, Poppler) hands it over: UTF-8 as decoded by that
// reader, and the font it is set in (may be empty when unknown).
struct TextRun {
  std::string text;
  std::string font;
};

// The encoding a font name implies, case-insensitively, ignoring a PDF subset prefix
// ("ABCDEF+") and style suffixes (",Bold", "-Italic"): ".VnTime", ".VnArialH",
// ".VnCentury Schoolbook", "VnTime" -> kTcvn3; "VNI-Times", "VNI-Helve", "VNI Aptima" -> kVni;
// anything else -> kNone.
LegacyEncoding EncodingOfFont(std::string_view font_name);
// True for TCVN3 capital fonts (".VnTimeH", ".VnArialH", ".VnArial NarrowH" ...), whose
// lowercase codes are shown as capitals.
bool IsTcvn3CapitalFont(std::string_view font_name);

// Guess from the characters alone (no font known), over the whole text: kNone for ordinary
// Unicode text, and for texts too short to tell.
LegacyEncoding DetectLegacyEncoding(std::string_view utf8);

// How many characters of `utf8` only legacy text shows in number: Latin-1 symbols and letters
// that Vietnamese Unicode does not use (TCVN3 "¸ µ · ®", VNI "ø û ä ñ ö"), the soft hyphen,
// symbol-font private-use codes, and VNI letter pairs Unicode never writes ("aù", "eâ"). A
// cheap pre-check: a text with fewer than kMinLegacyTraces has nothing the statistics would
// decode, and a PDF page needs its font names only from there on.
size_t CountLegacyTraces(std::string_view utf8);
inline constexpr size_t kMinLegacyTraces = 3;
// Whether `c` after `prev` is such a trace.
bool IsLegacyTrace(char32_t prev, char32_t c);
// The same count fed one character at a time, without allocating (readers that hold UTF-16).
class LegacyTraceCounter {
 public:
  void Add(char32_t c) {
    count_ += IsLegacyTrace(prev_, c);
    prev_ = c;
  }
  size_t count() const { return count_; }

 private:
  char32_t prev_ = 0;
  size_t count_ = 0;
};

// Converts text in `from` to Unicode NFC. `capitals` upper-cases the result (TCVN3 "H" fonts).
// Characters that are not legacy codes are kept. For TCVN3, a '-' inside a word that only
// makes sense as 'ư' is read as 'ư' (0xAD is the soft hyphen, which PDF readers give as '-').
// kNone returns the text in NFC.
std::string DecodeLegacy(std::string_view utf8, LegacyEncoding from, bool capitals = false);

// The inverse, for tests and fixtures: Unicode -> the legacy text as a reader would hand it
// over (Latin-1/cp1252 code points, UTF-8). TCVN3 has no codes for accented capitals: they come
// out as their lowercase codes (to be set in an "H" font). Characters without a code are kept.
std::string EncodeLegacy(std::string_view utf8, LegacyEncoding to);

struct LegacyRepair {
  std::string text;                // the runs joined, repaired, NFC
  std::vector<std::string> notes;  // "code: detail", see RepairLegacyRuns / RepairLegacyText
};

// Repairs each run by its font, or by statistics when the font implies no legacy encoding,
// then NFD / mixed normalisation. Consecutive runs of the same legacy encoding are decoded
// together (a VNI mark byte may sit in the next run). A run in a legacy font that already holds
// Vietnamese Unicode letters (ơ, ư, ạ … or combining marks) is left as it is. Notes:
//   "legacy_encoding: TCVN3 (.VnTime, .VnTimeH) in 12 of 40 runs"   (by font)
//   "legacy_encoding: VNI (statistics) in 3 of 57 lines"             (by statistics)
//   "legacy_encoding: 2 of 40 runs in legacy fonts (.VnTime) already hold Unicode, left as
//    they are"
//   "unicode_normalization: 12 words recomposed"                     (see RepairLegacyText)
// Runs without any legacy font are one text for RepairLegacyText.
LegacyRepair RepairLegacyRuns(const std::vector<TextRun>& runs);

// Repairs a whole text of unknown fonts: legacy encodings by statistics (whole text, then line
// by line for mixed texts), then NFD / mixed normalisation: combining marks in the wrong order
// or after a precomposed letter, tone marks detached from their vowel (a combining mark before
// its letter, a spacing ´ ` ˜ ˆ ˘ next to a vowel) are put back where they form a valid
// Vietnamese syllable, and the text is returned in NFC. Note "unicode_normalization: N words
// recomposed" when such words were found (plain NFC of NFD text included).
LegacyRepair RepairLegacyText(std::string_view utf8);

}  // namespace vanban
