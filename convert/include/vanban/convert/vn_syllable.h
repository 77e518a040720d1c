// Vietnamese syllable grammar, and the share of the words of a text that are well-formed
// Vietnamese: the quality measure of OCR output (convert/src/ocr_service.cc), reusable wherever
// text of unknown quality must be judged (legacy-encoding repair, imported text, search).
//
// Written Vietnamese is monosyllabic: every word between spaces is one syllable made of an
// optional onset (b, ch, ngh, qu, ...), an optional glide (o, u), a vowel nucleus (a, iê, ươ,
// ...), an optional coda (c, ch, m, n, ng, nh, p, t, or the semivowels i y o u) and at most one
// tone mark. The combinations are few (about 160 rimes) and obey spelling rules (k, gh, ngh
// only before i e ê y; a syllable ending in p, t, c, ch carries sắc or nặng), so OCR garbage
// ("tl1ì", "đưọc", "Tlưrớng") is rejected while every correctly read word passes.
//
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vanban {

// True if `word` (UTF-8, one word, any normalisation form) is a well-formed Vietnamese
// syllable. Case-insensitive for lowercase, Capitalised and UPPERCASE words; other mixtures
// ("tHành") are rejected, as OCR produces them and Vietnamese never does.
bool IsVietnameseSyllable(std::string_view word);

// The grammar alone, for callers that already hold lowercase NFC code points (the legacy-
// encoding statistics call it per decoded word): no normalisation, no case rules.
bool IsVietnameseSyllableLower(std::u32string_view lower_nfc);

// How CountSyllables judged one token.
enum class WordKind {
  kSyllable,      // a Vietnamese syllable
  kAbbreviation,  // UBND, HĐND, QĐ, TTr, V/v, or an uppercase initialism such as KGVX
  kLoanword,      // a listed foreign word of official documents: internet, website, Zalo, ...
  kSkipped,       // not a word: numbers, codes (QH14), Roman numerals, URLs, list labels (b)
  kInvalid,       // anything else: not Vietnamese, or misread
};

// Classifies one token (a run of letters and digits, as CountSyllables cuts them).
WordKind ClassifyWord(std::string_view token);

struct SyllableCount {
  int valid = 0;    // syllables, abbreviations and loanwords
  int invalid = 0;  // words that are none of these
  int skipped = 0;  // numbers, codes, punctuation-only tokens, URLs, list labels
  // valid / (valid + invalid); 1 when the text has no words.
  double ratio() const {
    int n = valid + invalid;
    return n == 0 ? 1.0 : static_cast<double>(valid) / n;
  }
};

// Cuts `text` into words and classifies them. A whitespace-separated chunk that is a URL or an
// e-mail address is skipped whole; "V/v" is one abbreviation; "a)" is a list label; otherwise
// the chunk is cut at every character that is neither a letter nor a digit
// ("01/2026/QĐ-UBND" -> 01, 2026, QĐ, UBND).
SyllableCount CountSyllables(std::string_view text);

// The words of `text` that CountSyllables counts as invalid, in order (diagnostics and tests).
std::vector<std::string> InvalidWords(std::string_view text);

}  // namespace vanban
