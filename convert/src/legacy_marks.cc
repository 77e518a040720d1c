#include "legacy_marks.h"

#include <optional>
#include <vector>

#include "legacy_syllable.h"

namespace vanban::legacy {
namespace {

constexpr size_t kMaxVowels = 4;
constexpr size_t kMaxFloating = 3;

bool IsCombining(char32_t c) { return c >= 0x0300 && c <= 0x036F; }

// A tone or vowel modifier as a spacing character.
struct Mark {
  uint8_t tone = kNoTone;
  Modifier modifier = Modifier::kNone;
};
std::optional<Mark> SpacingMark(char32_t c) {
  switch (c) {
    case 0x00B4:  // ´ acute accent
    case 0x02CA:  // ˊ modifier letter acute
      return Mark{kSac, Modifier::kNone};
    case 0x0060:  // ` grave accent
    case 0x02CB:  // ˋ modifier letter grave
      return Mark{kHuyen, Modifier::kNone};
    case 0x02DC:  // ˜ small tilde
      return Mark{kNga, Modifier::kNone};
    case 0x02C6:  // ˆ modifier letter circumflex
      return Mark{kNoTone, Modifier::kCircumflex};
    case 0x02D8:  // ˘ breve
      return Mark{kNoTone, Modifier::kBreve};
    default:
      return std::nullopt;
  }
}

std::optional<Mark> CombiningMark(char32_t c) {
  Mark m{ToneOfCombining(c), ModifierOfCombining(c)};
  if (m.tone == kNoTone && m.modifier == Modifier::kNone) return std::nullopt;
  return m;
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
  return c >= 0x1E00 && c <= 0x1EFF;
}

bool IsWordChar(char32_t c) { return IsLetter(c) || IsCombining(c) || SpacingMark(c); }

bool Fits(Modifier m, char32_t base) {
  switch (m) {
    case Modifier::kCircumflex:
      return base == 'a' || base == 'e' || base == 'o';
    case Modifier::kBreve:
      return base == 'a';
    case Modifier::kHorn:
      return base == 'o' || base == 'u';
    case Modifier::kNone:
      return true;
  }
  return false;
}

// Adds a mark to a letter; false if it does not fit (a second, different tone or modifier).
bool AddMark(VnLetter* l, const Mark& m) {
  if (m.tone != kNoTone) {
    if (l->tone != kNoTone && l->tone != m.tone) return false;
    l->tone = m.tone;
  }
  if (m.modifier != Modifier::kNone) {
    if (!Fits(m.modifier, l->base)) return false;
    if (l->modifier != Modifier::kNone && l->modifier != m.modifier) return false;
    l->modifier = m.modifier;
  }
  return true;
}

// Marks that follow their vowel: composes each vowel with its marks in Vietnamese order.
// nullopt when a mark is detached, on a consonant, not Vietnamese, or conflicting.
std::optional<std::u32string> ComposeAttached(std::u32string_view w) {
  std::u32string out;
  std::optional<VnLetter> cur;
  auto flush = [&]() -> bool {
    if (!cur) return true;
    char32_t c = Compose(*cur);
    if (c == 0) return false;
    out += c;
    cur.reset();
    return true;
  };
  for (char32_t c : w) {
    if (IsCombining(c)) {
      std::optional<Mark> m = CombiningMark(c);
      if (!cur || !m || !IsVowelBase(cur->base) || !AddMark(&*cur, *m)) return std::nullopt;
      continue;
    }
    if (SpacingMark(c)) return std::nullopt;
    if (!flush()) return std::nullopt;
    VnLetter l;
    if (Decompose(c, &l)) {
      cur = l;
    } else {
      out += c;
    }
  }
  if (!flush()) return std::nullopt;
  return out;
}

struct Floating {
  Mark mark;
  size_t pos;  // letters before it
};

// Detached marks: tries every placement on the word's vowels and keeps the nearest one that
// makes a valid syllable.
std::optional<std::u32string> PlaceDetached(std::u32string_view w) {
  std::vector<VnLetter> letters;
  std::vector<Floating> floating;
  for (char32_t c : w) {
    std::optional<Mark> m = IsCombining(c) ? CombiningMark(c) : SpacingMark(c);
    if (IsCombining(c) && !m) return std::nullopt;  // not a Vietnamese mark
    if (m) {
      floating.push_back({*m, letters.size()});
      continue;
    }
    VnLetter l;
    if (!Decompose(c, &l)) return std::nullopt;
    letters.push_back(l);
  }
  // One tone at most; a repeated tone is the same tone.
  uint8_t tone = kNoTone;
  for (const VnLetter& l : letters) {
    if (l.tone == kNoTone) continue;
    if (tone != kNoTone) return std::nullopt;
    tone = l.tone;
  }
  std::vector<Floating> todo;
  for (const Floating& f : floating) {
    if (f.mark.tone != kNoTone) {
      if (tone != kNoTone) {
        if (f.mark.tone != tone) return std::nullopt;
        continue;
      }
      tone = f.mark.tone;
    }
    todo.push_back(f);
  }
  std::vector<size_t> vowels;
  for (size_t i = 0; i < letters.size(); ++i) {
    if (IsVowelBase(letters[i].base)) vowels.push_back(i);
  }
  if (vowels.empty() || vowels.size() > kMaxVowels || todo.size() > kMaxFloating) {
    return std::nullopt;
  }

  std::optional<std::u32string> best;
  int best_cost = 0;
  std::vector<size_t> choice(todo.size());
  // Enumerates vowels^floating placements (at most 4^3).
  size_t combos = 1;
  for (size_t k = 0; k < todo.size(); ++k) combos *= vowels.size();
  for (size_t n = 0; n < combos; ++n) {
    std::vector<VnLetter> ls = letters;
    int cost = 0;
    bool ok = true;
    size_t rest = n;
    for (size_t k = 0; k < todo.size() && ok; ++k) {
      size_t v = vowels[rest % vowels.size()];
      rest /= vowels.size();
      const Floating& f = todo[k];
      ok = AddMark(&ls[v], f.mark);
      cost += f.pos >= v + 1 ? 2 * static_cast<int>(f.pos - (v + 1))
                             : 2 * static_cast<int>(v - f.pos) + 1;
    }
    if (!ok || (best && cost >= best_cost)) continue;
    std::u32string word;
    for (const VnLetter& l : ls) {
      char32_t c = Compose(l);
      if (c == 0) {
        ok = false;
        break;
      }
      word += c;
    }
    if (ok && IsVietnameseSyllable(word, /*check_tone_position=*/true)) {
      best = std::move(word);
      best_cost = cost;
    }
  }
  return best;
}

}  // namespace

int RepairMarks(std::u32string* s) {
  bool any = false;
  for (char32_t c : *s) any = any || IsCombining(c) || SpacingMark(c);
  if (!any) return 0;

  int changed = 0;
  std::u32string out;
  out.reserve(s->size());
  for (size_t i = 0; i < s->size();) {
    if (!IsWordChar((*s)[i])) {
      out += (*s)[i++];
      continue;
    }
    size_t j = i;
    bool marks = false;
    bool letters = false;
    while (j < s->size() && IsWordChar((*s)[j])) {
      char32_t c = (*s)[j++];
      marks = marks || IsCombining(c) || SpacingMark(c);
      letters = letters || IsLetter(c);
    }
    std::u32string_view w(s->data() + i, j - i);
    i = j;
    if (!marks || !letters) {
      out += w;
      continue;
    }
    std::optional<std::u32string> fixed = ComposeAttached(w);
    if (!fixed) fixed = PlaceDetached(w);
    if (fixed && *fixed != w) {
      out += *fixed;
      ++changed;
    } else {
      out += w;
    }
  }
  *s = std::move(out);
  return changed;
}

}  // namespace vanban::legacy
