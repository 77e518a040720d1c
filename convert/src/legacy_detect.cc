#include "legacy_detect.h"

#include <algorithm>

#include "legacy_codec.h"
#include "legacy_syllable.h"
#include "vanban/convert/legacy.h"
#include "vanban/convert/text.h"

namespace vanban::legacy {
namespace {

constexpr int kMinGain = 3;
constexpr size_t kDistinct = 3;
constexpr LegacyEncoding kHypotheses[] = {LegacyEncoding::kTcvn3, LegacyEncoding::kVni};

HypothesisEvidence& Of(Evidence& e, LegacyEncoding h) {
  return h == LegacyEncoding::kVni ? e.vni : e.tcvn3;
}

// Word characters of raw reader text: letters, and all of U+00A1..U+00FF (TCVN3 letters sit
// on Latin-1 symbols: '¸' is á, '·' is ã, U+00AD is ư).
bool IsRawWordChar(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  if (c < 0xA1) return false;
  if (c <= 0x036F) return true;  // Latin-1, Latin Extended, IPA, combining marks
  if (c <= 0x052F) return true;  // Greek, Cyrillic
  if (c >= 0x1E00 && c <= 0x1EFF) return true;
  if (c >= 0xF020 && c <= 0xF0FF) return true;  // symbol-font bytes
  switch (c) {                                  // cp1252 letters of 0x80..0x9F
    case 0x0152:
    case 0x0153:
    case 0x0160:
    case 0x0161:
    case 0x0178:
    case 0x017D:
    case 0x017E:
    case 0x0192:
      return true;
    default:
      return false;
  }
}

bool IsLatin1Symbol(char32_t c) { return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7; }

void AddDistinct(HypothesisEvidence& h, std::u32string_view w) {
  if (h.distinct.size() >= kDistinct) return;
  std::u32string lower;
  for (char32_t c : w) lower += LowerCodepoint(c);
  if (std::find(h.distinct.begin(), h.distinct.end(), lower) == h.distinct.end()) {
    h.distinct.push_back(std::move(lower));
  }
}

void MeasureWord(std::u32string_view w, Evidence* ev) {
  ++ev->words;
  bool high = false;
  bool vietnamese_unicode = false;
  for (char32_t c : w) {
    high = high || c >= 0x80;
    vietnamese_unicode = vietnamese_unicode || IsVietnameseUnicode(c);
  }
  if (!high) return;
  // Latin-1 symbols alone ('«', '©®', '½', '×') say nothing.
  if (std::all_of(w.begin(), w.end(), IsLatin1Symbol)) {
    --ev->words;
    return;
  }
  if (vietnamese_unicode) {
    ++ev->tcvn3.against;
    ++ev->vni.against;
    return;
  }
  const bool raw_valid = IsSyllableForStatistics(w);
  for (LegacyEncoding h : kHypotheses) {
    HypothesisEvidence& he = Of(*ev, h);
    int unmapped = 0;
    std::u32string dec = Decode(w, h, false, &unmapped);
    if (unmapped > 0) {
      ++he.against;
      continue;
    }
    if (dec == w) continue;
    ++he.changed;
    if (raw_valid) {
      ++he.ambiguous;
    } else if (IsSyllableForStatistics(dec)) {
      ++he.gain;
      AddDistinct(he, dec);
    }
  }
}

bool IsLineBreak(char32_t c) {
  return c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v' || c == 0x2028 || c == 0x2029;
}

struct Line {
  size_t begin = 0;
  size_t end = 0;
  Evidence ev;
  LegacyEncoding decided = LegacyEncoding::kNone;
  bool informative = false;  // holds words a hypothesis changes or speaks against
};

bool Informative(const Evidence& e) {
  return e.tcvn3.changed + e.tcvn3.against + e.vni.changed + e.vni.against > 0;
}

// A line too short to decide alone follows a decided neighbour when nothing in it speaks
// against that neighbour's encoding.
bool Follows(const Line& l, LegacyEncoding h) {
  if (h == LegacyEncoding::kNone || l.decided != LegacyEncoding::kNone) return false;
  const HypothesisEvidence& he = l.ev.of(h);
  return he.against == 0 && he.gain + he.ambiguous > 0;
}

}  // namespace

bool IsSyllableForStatistics(std::u32string_view word) { return IsVietnameseSyllable(word); }

void Evidence::Add(const Evidence& o) {
  words += o.words;
  for (LegacyEncoding h : kHypotheses) {
    HypothesisEvidence& a = Of(*this, h);
    const HypothesisEvidence& b = o.of(h);
    a.changed += b.changed;
    a.gain += b.gain;
    a.ambiguous += b.ambiguous;
    a.against += b.against;
    for (const std::u32string& d : b.distinct) AddDistinct(a, d);
  }
}

Evidence Measure(std::u32string_view text) {
  Evidence ev;
  for (size_t i = 0; i < text.size();) {
    if (!IsRawWordChar(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsRawWordChar(text[j])) ++j;
    MeasureWord(text.substr(i, j - i), &ev);
    i = j;
  }
  return ev;
}

LegacyEncoding Choose(const Evidence& e) {
  LegacyEncoding best = LegacyEncoding::kNone;
  int best_gain = 0;
  for (LegacyEncoding h : kHypotheses) {
    const HypothesisEvidence& he = e.of(h);
    bool passes = he.gain >= kMinGain && he.distinct.size() >= kDistinct &&
                  he.gain >= 3 * he.against + he.ambiguous && 2 * he.gain >= he.changed &&
                  5 * he.gain >= e.words;
    if (!passes) continue;
    if (he.gain > best_gain) {
      best = h;
      best_gain = he.gain;
    } else if (he.gain == best_gain) {
      best = LegacyEncoding::kNone;  // a tie is no decision
    }
  }
  return best;
}

StatisticsResult RepairByStatistics(std::vector<std::u32string>* segments) {
  StatisticsResult result;
  // Without a few legacy traces nothing would be decoded: Unicode text costs one scan.
  size_t traces = 0;
  for (const std::u32string& s : *segments) traces += CountTraces(s);
  if (traces < kMinLegacyTraces) return result;

  std::vector<std::vector<Line>> lines(segments->size());
  Evidence whole;
  for (size_t s = 0; s < segments->size(); ++s) {
    const std::u32string& text = (*segments)[s];
    for (size_t b = 0; b <= text.size();) {
      size_t e = b;
      while (e < text.size() && !IsLineBreak(text[e])) ++e;
      Line l;
      l.begin = b;
      l.end = e;
      std::u32string_view view(text.data() + b, e - b);
      if (view.find_first_not_of(U" \t\u00A0") != std::u32string_view::npos) ++result.lines;
      l.ev = Measure(view);
      l.informative = Informative(l.ev);
      whole.Add(l.ev);
      lines[s].push_back(std::move(l));
      b = e + 1;
    }
  }
  const LegacyEncoding overall = Choose(whole);

  for (size_t s = 0; s < segments->size(); ++s) {
    std::vector<Line>& ls = lines[s];
    for (Line& l : ls) {
      l.decided = Choose(l.ev);
      if (l.decided == LegacyEncoding::kNone && overall != LegacyEncoding::kNone &&
          l.ev.of(overall).against == 0) {
        l.decided = overall;
      }
    }
    // Neighbours, forwards then backwards (a header's short first line follows the next).
    LegacyEncoding last = LegacyEncoding::kNone;
    for (Line& l : ls) {
      if (!l.informative) continue;
      if (Follows(l, last)) l.decided = last;
      last = l.decided;
    }
    last = LegacyEncoding::kNone;
    for (auto it = ls.rbegin(); it != ls.rend(); ++it) {
      if (!it->informative) continue;
      if (Follows(*it, last)) it->decided = last;
      last = it->decided;
    }

    bool any = std::any_of(ls.begin(), ls.end(),
                           [](const Line& l) { return l.decided != LegacyEncoding::kNone; });
    if (!any) continue;
    const std::u32string& text = (*segments)[s];
    std::u32string out;
    out.reserve(text.size());
    for (const Line& l : ls) {
      std::u32string_view view(text.data() + l.begin, l.end - l.begin);
      if (l.decided == LegacyEncoding::kNone) {
        out += view;
      } else {
        std::u32string dec = Decode(view, l.decided, false);
        if (dec != view) {
          ++(l.decided == LegacyEncoding::kTcvn3 ? result.repaired_tcvn3 : result.repaired_vni);
        }
        out += dec;
      }
      if (l.end < text.size()) out += text[l.end];
    }
    (*segments)[s] = std::move(out);
  }
  return result;
}

}  // namespace vanban::legacy
