#include "summary_case.h"

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "authority.h"
#include "vanban/convert/text.h"

namespace vanban::metadata_internal {
namespace {

constexpr size_t kMaxCandidates = 20000;  // occurrences of one word tried per summary word
constexpr size_t kMaxSummaryWords = 200;
constexpr size_t kWorkBudget = size_t{20} << 20;  // word comparisons for the whole alignment
const U32 kBarrier = U32(1, 0x01);

struct U32Hash {
  size_t operator()(const U32& s) const noexcept {
    size_t h = 1469598103934665603ull;
    for (char32_t c : s) h = (h ^ c) * 1099511628211ull;
    return h;
  }
};

U32 KeyOf(U32View w) {
  U32 k = Lower(StripChars(w, U".,;:()\"“”‘’'!?*"));
  return k.empty() ? U32(w) : k;
}

bool EndsSentence(const U32& w) {
  if (w.empty()) return true;
  char32_t c = w.back();
  return c == '.' || c == ':' || c == ';' || c == '!' || c == '?';
}

// "31/2015/TT-" + "BYT" -> "31/2015/TT-BYT" (a number broken after its dash).
std::vector<U32> MergeBrokenNumbers(std::vector<U32> words) {
  std::vector<U32> out;
  for (U32& w : words) {
    if (!out.empty() && out.back().size() > 1 && IsDash(out.back().back()) &&
        out.back().find('/') != U32::npos && !w.empty() && IsUpperLetter(w[0])) {
      out.back() += w;
    } else {
      out.push_back(std::move(w));
    }
  }
  return out;
}

// A Vietnamese syllable (folded): initial consonants, 1-3 vowels, a permitted final.
bool IsSyllable(U32View word) {
  U32 f = Fold(word);
  static constexpr std::string_view kInitials[] = {
      "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c",
      "d",   "g",  "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v", "x"};
  static constexpr std::string_view kFinals[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
  auto starts = [&](size_t at, std::string_view p) {
    if (f.size() - at < p.size()) return false;
    for (size_t k = 0; k < p.size(); ++k) {
      if (f[at + k] != static_cast<char32_t>(p[k])) return false;
    }
    return true;
  };
  size_t i = 0;
  for (std::string_view p : kInitials) {
    if (starts(0, p)) {
      i = p.size();
      break;
    }
  }
  size_t v = i;
  while (v < f.size() && U32View(U"aeiouy").find(f[v]) != U32View::npos) ++v;
  if (v == i || v - i > 3) return false;
  for (std::string_view fin : kFinals) {
    if (f.size() - v == fin.size() && starts(v, fin)) return true;
  }
  return false;
}

// Default casing of a summary word that no body run covered.
U32 DefaultCase(const U32& word) {
  for (char32_t c : word) {
    if (IsDigit(c) || c == '/') return word;
  }
  U32 letters = StripChars(word, U".,;:()\"“”‘’'!?-");
  if (letters.size() >= 2 && !IsSyllable(letters)) return word;  // UBND, HĐND, CNTT, XIV
  return Lower(word);
}

U32 TransferCase(const U32& target, const U32& model) {
  std::vector<bool> upper;
  for (char32_t c : model) {
    if (IsLetter(c)) upper.push_back(IsUpperLetter(c));
  }
  U32 out = target;
  size_t k = 0;
  for (char32_t& c : out) {
    if (!IsLetter(c)) continue;
    bool up = k < upper.size() ? upper[k] : false;
    c = up ? UpperCodepoint(c) : LowerCodepoint(c);
    ++k;
  }
  return out;
}

struct FixedPhrase {
  std::string_view key;
  std::string_view cased;
};

// Names whose capitals are fixed whatever the context.
constexpr FixedPhrase kFixed[] = {
    {"ủy ban nhân dân", "Ủy ban nhân dân"},
    {"hội đồng nhân dân", "Hội đồng nhân dân"},
    {"cổng thông tin điện tử", "Cổng Thông tin điện tử"},
    {"thủ tướng chính phủ", "Thủ tướng Chính phủ"},
    {"chính phủ", "Chính phủ"},
    {"quốc hội", "Quốc hội"},
    {"ủy ban thường vụ quốc hội", "Ủy ban Thường vụ Quốc hội"},
};

// Verbs after which a document type names a document ("ban hành Quy chế ...").
constexpr std::string_view kDocVerbs[] = {"ban hành",  "phê duyệt", "bãi bỏ",    "sửa đổi",
                                          "bổ sung",   "thay thế",  "công bố",   "triển khai",
                                          "thực hiện", "hủy bỏ",    "đính chính"};
constexpr std::string_view kDocNames[] = {
    "quy chế",    "quy định",   "kế hoạch", "đề án",     "chương trình", "điều lệ",
    "nghị quyết", "quyết định", "thông tư", "nghị định", "luật",         "chỉ thị",
    "hướng dẫn",  "phương án",  "danh mục", "quy hoạch", "bộ tiêu chí",  "pháp lệnh"};

bool KeysAt(const std::vector<U32>& keys, size_t i, std::string_view phrase,
            const std::vector<bool>& decided, size_t* len) {
  std::vector<U32> pw = SplitWords(ToU32Str(phrase));
  if (i + pw.size() > keys.size()) return false;
  for (size_t k = 0; k < pw.size(); ++k) {
    if (keys[i + k] != pw[k] || decided[i + k]) return false;
  }
  *len = pw.size();
  return true;
}

}  // namespace

CaseSource::CaseSource(const std::vector<U32>& lines) {
  bool sentence_start = true;
  for (const U32& line : lines) {
    if (words_.size() >= kMaxWords) break;
    if (IsMostlyUpper(line)) {
      words_.push_back(kBarrier);
      keys_.push_back(kBarrier);
      usable_.push_back(false);
      sentence_start = true;
      continue;
    }
    for (U32& w : MergeBrokenNumbers(SplitWords(line))) {
      keys_.push_back(KeyOf(w));
      usable_.push_back(!sentence_start);
      bool marker = w == U"-" || w == U"+" || (w.size() <= 3 && EndsSentence(w)) ||
                    (w.size() <= 3 && w.back() == ')');
      sentence_start = EndsSentence(w) || marker;
      words_.push_back(std::move(w));
    }
  }
}

U32 RestoreSummaryCase(U32View summary, const CaseSource& source) {
  U32 s = CollapseSpaces(summary);
  if (!IsMostlyUpper(s)) return s;
  std::vector<U32> words = MergeBrokenNumbers(SplitWords(s));
  if (words.size() > kMaxSummaryWords) words.resize(kMaxSummaryWords);
  std::vector<U32> keys;
  for (const U32& w : words) keys.push_back(KeyOf(w));
  std::vector<U32> out(words.size());
  std::vector<bool> decided(words.size(), false);

  std::unordered_map<U32, std::vector<uint32_t>, U32Hash> index;
  for (const U32& k : keys) index.emplace(k, std::vector<uint32_t>{});
  for (size_t j = 0; j < source.keys_.size(); ++j) {
    auto it = index.find(source.keys_[j]);
    if (it != index.end()) it->second.push_back(static_cast<uint32_t>(j));
  }

  size_t work = 0;
  size_t i = 0;
  while (i < words.size() && work < kWorkBudget) {
    size_t best_len = 0;
    size_t best_j = 0;
    const std::vector<uint32_t>& cands = index[keys[i]];
    size_t tried = 0;
    for (uint32_t j : cands) {
      if (++tried > kMaxCandidates) break;
      size_t len = 0;
      while (i + len < words.size() && j + len < source.keys_.size() &&
             source.keys_[j + len] == keys[i + len]) {
        ++len;
      }
      work += len + 1;
      if (len > best_len) {
        best_len = len;
        best_j = j;
        if (i + len == words.size()) break;
      }
    }
    if (best_len >= 2) {
      for (size_t k = 0; k < best_len; ++k) {
        if (k == 0 && !source.usable_[best_j]) continue;
        out[i + k] = TransferCase(words[i + k], source.words_[best_j + k]);
        decided[i + k] = true;
      }
      i += best_len;
    } else {
      ++i;
    }
  }
  for (size_t k = 0; k < words.size(); ++k) {
    if (!decided[k]) out[k] = DefaultCase(words[k]);
  }
  // Fixed names, then document names after their verbs, in the words no run covered.
  for (size_t k = 0; k < words.size(); ++k) {
    for (const FixedPhrase& f : kFixed) {
      size_t len = 0;
      if (!KeysAt(keys, k, f.key, decided, &len)) continue;
      std::vector<U32> cw = SplitWords(ToU32Str(f.cased));
      for (size_t m = 0; m < len; ++m) out[k + m] = TransferCase(words[k + m], cw[m]);
      break;
    }
  }
  for (size_t k = 0; k < words.size(); ++k) {
    bool after_verb = false;
    for (std::string_view v : kDocVerbs) {
      size_t vlen = SplitWords(ToU32Str(v)).size();
      if (k < vlen) continue;
      std::vector<U32> vw = SplitWords(ToU32Str(v));
      bool ok = true;
      for (size_t m = 0; m < vlen && ok; ++m) ok = keys[k - vlen + m] == vw[m];
      after_verb = after_verb || ok;
    }
    for (std::string_view d : kDocNames) {
      size_t len = 0;
      if (!KeysAt(keys, k, d, decided, &len)) continue;
      bool before_so = k + len < keys.size() && keys[k + len] == U"số";
      if (after_verb || before_so) out[k] = CapitalizeFirst(out[k]);
      break;
    }
  }
  U32 joined;
  for (const U32& w : out) {
    if (!joined.empty()) joined.push_back(' ');
    joined += w;
  }
  return CapitalizeFirst(RestoreProperNouns(joined));
}

}  // namespace vanban::metadata_internal
