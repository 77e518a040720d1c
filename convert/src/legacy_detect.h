// Legacy-encoding statistics: which of Unicode, TCVN3 and VNI a text of unknown fonts is in.
// Private to convert/.
//
// Each word (a run of letters, Latin-1 symbols included: TCVN3 puts letters there; a word of
// symbols only, like "©" or "½", is skipped) is read under each hypothesis. Evidence for TCVN3/VNI
// is a word that the decoding changes from something that is no Vietnamese syllable into one
// ("Céng" -> "Cộng", "Vieät" -> "Việt"). Evidence against: a word that already is a syllable and
// would be changed ("có" -> "cú"), a word with Vietnamese Unicode letters or combining marks (no
// legacy reader produces them), a letter the encoding has no code for (VNI 'é' after a consonant,
// as in "café"; TCVN3 'à'). A hypothesis wins when its evidence is strong on its own
// (MeetsThreshold); short lines borrow the decision of the whole text or of their neighbours when
// they hold no evidence against it.
//
// Pure functions; thread-safe. Work is linear in the text (words longer than a syllable are
// looked up once per hypothesis and rejected).
#pragma once

#include <string>
#include <vector>

#include "vanban/convert/legacy.h"

namespace vanban::legacy {

// The syllable test the statistics use. One place to switch to another grammar.
bool IsSyllableForStatistics(std::u32string_view word);

struct HypothesisEvidence {
  int changed = 0;    // words the decoding changes (and that are not evidence against)
  int gain = 0;       // ... into Vietnamese syllables from non-syllables
  int ambiguous = 0;  // ... from one syllable into another ("có" -> "cú"; TCVN3 "cã" -> "có")
  int against = 0;    // words with Vietnamese Unicode or a letter the encoding has no code for
  std::vector<std::u32string> distinct;  // a few distinct gained syllables (at most 3)
};

struct Evidence {
  int words = 0;  // all words, ASCII ones included
  HypothesisEvidence tcvn3, vni;
  const HypothesisEvidence& of(LegacyEncoding e) const {
    return e == LegacyEncoding::kVni ? vni : tcvn3;
  }
  void Add(const Evidence& o);
};

Evidence Measure(std::u32string_view text);
// The legacy encoding the evidence shows on its own, kNone when neither passes: at least 3
// gained words (3 distinct), gain >= 3 x against + ambiguous, at least half the changed words
// gained, and gained words at least a fifth of all words.
LegacyEncoding Choose(const Evidence& e);

struct StatisticsResult {
  int lines = 0;           // non-blank lines seen (0: no legacy traces, not looked at)
  int repaired_tcvn3 = 0;  // lines decoded as TCVN3 (and changed by it)
  int repaired_vni = 0;    // lines decoded as VNI
};
// Decodes, in place, the lines of `segments` that statistics show to be TCVN3 or VNI. The
// whole of all segments decides first; then each line by its own evidence, the whole's
// decision, or its neighbours' (inside one segment).
StatisticsResult RepairByStatistics(std::vector<std::u32string>* segments);

}  // namespace vanban::legacy
