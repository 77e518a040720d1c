#include "did_you_mean.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "document_number.h"
#include "fields.h"
#include "lucene_util.h"
#include "query_builder.h"
#include "text_tokens.h"
#include "user_query.h"
#include "vanban/convert/text.h"

namespace vanban::index_internal {
namespace {

using Lucene::newLucene;

// Terms looked at per field and scan; beyond it the rest of the dictionary is skipped.
constexpr int kMaxScannedTerms = 300000;
// Alternatives kept per word (besides the word itself), the most frequent ones.
constexpr size_t kMaxCandidates = 6;
// Words looked up in the dictionaries, the rarest of the query (absent ones first).
constexpr size_t kMaxTargets = 8;
// Words longer than this are not corrected (and terms longer than it + 2 never compared).
constexpr size_t kMaxWordLength = 32;
// Scores (natural logarithms of document frequencies): a word absent from the index, the cost
// of each edit, the extra cost of replacing a word the index does hold, and the weight of a
// syllable pair the index holds.
constexpr double kAbsentWord = -8.0;
constexpr double kEditCost = 2.0;
constexpr double kKnownWordCost = 1.5;
constexpr double kPairWeight = 1.0;

struct Word {
  std::u32string folded;
  size_t token = 0;      // index among all words of the query text
  bool fixed = false;    // never changed: excluded, a number, digits, one letter
  bool chained = false;  // adjacent to the previous word (pairs with it)
};

struct Candidate {
  std::u32string term;
  int32_t df = 0;
  int distance = 0;  // 0: the word as typed
};

// Optimal string alignment distance (a transposition is one edit); max + 1 when above max.
int Distance(std::u32string_view a, std::u32string_view b, int max) {
  const size_t n = a.size();
  const size_t m = b.size();
  if (n > m + static_cast<size_t>(max) || m > n + static_cast<size_t>(max)) return max + 1;
  std::array<int, kMaxWordLength + 4> two{}, one{}, cur{};
  for (size_t j = 0; j <= m; ++j) one[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({one[j] + 1, cur[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, two[j - 2] + 1);
      }
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max) return max + 1;
    two = one;
    one = cur;
  }
  return std::min(one[m], max + 1);
}

int MaxDistance(const std::u32string& word) { return word.size() <= 4 ? 1 : 2; }

bool HasDigit(std::u32string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char32_t c) { return u_isdigit(static_cast<UChar32>(c)); });
}

// Calls f(term, docFreq) for the terms of `field` that do not begin with an ASCII digit, at most
// kMaxScannedTerms of them. No correction has a digit (both scans pass over such terms), and
// numbers are most of a large index's folded terms: 90,120 of body_f's 90,599 at 1,000,000
// documents of bench/corpus, which the enumeration merges segment by segment (a second and a
// half of a search that found nothing), so the enumeration steps over them: it reads the terms
// before "0", then starts again at ":", the first term after every one that begins with 0-9.
template <typename F>
void ScanField(const Lucene::IndexReaderPtr& reader, const wchar_t* field, F&& f) {
  const Lucene::String name(field);
  int n = 0;
  for (const auto& [from, to] : {std::pair{L"", L"0"}, std::pair{L":", L""}}) {
    const Lucene::String end(to);
    Lucene::TermEnumPtr terms = reader->terms(newLucene<Lucene::Term>(name, from));
    if (!terms) continue;
    for (; n < kMaxScannedTerms; ++n) {
      Lucene::TermPtr t = terms->term();
      // The members, not field() and text(), which copy.
      if (!t || t->_field != name || (!end.empty() && t->_text >= end)) break;
      f(t->_text, terms->docFreq());
      if (!terms->next()) break;
    }
    terms->close();
  }
}

// The terms of a folded field that a correction can be (no digit, at most kMaxWordLength + 2
// code points) with their docFreq, as ScanField reads them, kept for the reader they were read
// from: an index does not change under a reader, and reading them through Lucene's enumeration,
// which merges every segment's dictionary term by term, was 42 % of a misspelt search after the
// numbers were stepped over (docs/performance.md, "Eighth session"). The fields of the last
// kVocabularyReaders readers are kept; a reader reopened after a change reads them again.
constexpr size_t kVocabularyReaders = 2;

struct Vocabulary {
  boost::weak_ptr<Lucene::IndexReader> reader;
  const wchar_t* field = nullptr;
  std::vector<std::pair<std::u32string, int32_t>> terms;
};

std::shared_ptr<const Vocabulary> VocabularyOf(const Lucene::IndexReaderPtr& reader,
                                               const wchar_t* field) {
  static std::mutex mu;
  static std::deque<std::shared_ptr<const Vocabulary>> kept;  // newest last
  {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& v : kept) {
      if (v->field == field && v->reader.lock() == reader) return v;
    }
  }
  auto v = std::make_shared<Vocabulary>();
  v->reader = reader;
  v->field = field;
  ScanField(reader, field, [&](const Lucene::String& text, int32_t df) {
    if (text.size() > kMaxWordLength + 2) return;
    std::u32string term(text.begin(), text.end());
    if (!HasDigit(term)) v->terms.emplace_back(std::move(term), df);
  });
  std::lock_guard<std::mutex> lock(mu);
  std::erase_if(kept, [](const auto& k) { return k->reader.expired(); });
  kept.push_back(v);
  while (kept.size() > 2 * kVocabularyReaders) kept.pop_front();
  return v;
}

int32_t DocFreq(const Lucene::IndexReaderPtr& reader, const wchar_t* field,
                const std::u32string& term) {
  return reader->docFreq(newLucene<Lucene::Term>(field, ToLucene(term)));
}

// The words of the query as BuildSearchPlan sees them, each with its place in the text.
std::vector<Word> QueryWords(const std::vector<QueryPart>& parts) {
  std::vector<Word> words;
  size_t tokens = 0;
  bool chain = false;
  for (const QueryPart& part : parts) {
    std::vector<std::u32string> folded = TokenTerms(part.text, TermForm::kFolded);
    if (folded.empty()) continue;
    if (tokens + folded.size() > kMaxQueryTokens) break;
    const bool number =
        !part.phrase && LooksLikeDocumentNumber(NormalizeDocumentNumber(ToUtf8(part.text)));
    for (std::u32string& f : folded) {
      Word w;
      w.token = tokens++;
      w.fixed = part.excluded || number || f.size() < 2 || f.size() > kMaxWordLength || HasDigit(f);
      w.chained = chain && !part.excluded;
      w.folded = std::move(f);
      chain = !part.excluded;
      words.push_back(std::move(w));
    }
    if (part.excluded) chain = false;
  }
  return words;
}

// For each word to correct, the folded terms within its distance, the most frequent first.
std::map<std::u32string, std::vector<Candidate>> FindCandidates(
    const Lucene::IndexReaderPtr& reader, const std::vector<std::u32string>& targets) {
  std::map<std::u32string, std::vector<Candidate>> found;
  for (const std::u32string& t : targets) found[t];
  for (const wchar_t* field : {kFieldHeadFolded, kFieldBodyFolded}) {
    const std::shared_ptr<const Vocabulary> vocabulary = VocabularyOf(reader, field);
    for (const auto& [term, df] : vocabulary->terms) {
      for (auto& [word, list] : found) {
        const int max = MaxDistance(word);
        const auto slack = static_cast<size_t>(max);
        const size_t lo = word.size() > slack ? word.size() - slack : 0;
        if (term.size() < lo || term.size() > word.size() + slack || term == word) continue;
        const int d = Distance(word, term, max);
        if (d > max) continue;
        auto same = std::find_if(list.begin(), list.end(),
                                 [&](const Candidate& c) { return c.term == term; });
        if (same != list.end()) {
          same->df = std::max(same->df, df);
        } else {
          list.push_back({term, df, d});
        }
      }
    }
  }
  for (auto& [word, list] : found) {
    std::sort(list.begin(), list.end(), [](const Candidate& a, const Candidate& b) {
      if (a.distance != b.distance) return a.distance < b.distance;
      return a.df != b.df ? a.df > b.df : a.term < b.term;
    });
    // The best of each distance first, then the rest by frequency.
    std::vector<Candidate> kept;
    std::vector<Candidate> rest;
    for (size_t i = 0; i < list.size(); ++i) {
      if (i == 0 || list[i].distance != list[i - 1].distance) {
        kept.push_back(list[i]);
      } else {
        rest.push_back(list[i]);
      }
    }
    std::stable_sort(rest.begin(), rest.end(),
                     [](const Candidate& a, const Candidate& b) { return a.df > b.df; });
    for (Candidate& c : rest) {
      if (kept.size() >= kMaxCandidates) break;
      kept.push_back(std::move(c));
    }
    list = std::move(kept);
  }
  return found;
}

// The spelling with diacritics of each folded term, the one most documents use.
std::map<std::u32string, std::u32string> ExactSpellings(const Lucene::IndexReaderPtr& reader,
                                                        const std::vector<std::u32string>& folded) {
  std::map<std::u32string, std::pair<std::u32string, int32_t>> best;
  for (const std::u32string& f : folded) best[f] = {f, 0};
  std::u32string term;
  std::u32string term_folded;
  for (const wchar_t* field : {kFieldHead, kFieldBody}) {
    ScanField(reader, field, [&](const Lucene::String& text, int32_t df) {
      if (text.size() > kMaxWordLength + 2) return;
      term.assign(text.begin(), text.end());
      term_folded = term;
      for (char32_t& c : term_folded) c = ApplyForm(c, TermForm::kFolded);
      auto it = best.find(term_folded);
      if (it != best.end() && df > it->second.second) it->second = {term, df};
    });
  }
  std::map<std::u32string, std::u32string> out;
  for (auto& [f, spelling] : best) out[f] = std::move(spelling.first);
  return out;
}

bool HasDiacritics(std::u32string_view word) {
  return std::any_of(word.begin(), word.end(),
                     [](char32_t c) { return FoldCodepoint(c) != LowerCodepoint(c); });
}

}  // namespace

std::string DidYouMean(const Lucene::IndexReaderPtr& reader, std::string_view q, int64_t matches,
                       const CountMatches& count) {
  if (!reader || reader->numDocs() == 0) return {};
  std::vector<Word> words = QueryWords(ParseUserQuery(q));

  // Every word that may change, with its own frequency.
  std::map<std::u32string, int32_t> own_df;
  for (const Word& w : words) {
    if (w.fixed || own_df.count(w.folded) != 0) continue;
    own_df[w.folded] = std::max(DocFreq(reader, kFieldHeadFolded, w.folded),
                                DocFreq(reader, kFieldBodyFolded, w.folded));
  }
  if (own_df.empty()) return {};

  std::map<std::u32string, double> pair_cache;
  auto pair_score = [&](const std::u32string& a, const std::u32string& b) {
    std::u32string pair = PairTerm(a, b);
    auto it = pair_cache.find(pair);
    if (it != pair_cache.end()) return it->second;
    const int32_t df =
        std::max(DocFreq(reader, kFieldHeadPairs, pair), DocFreq(reader, kFieldBodyPairs, pair));
    const double s = df > 0 ? kPairWeight * (1.0 + std::log1p(df)) : 0.0;
    pair_cache.emplace(std::move(pair), s);
    return s;
  };

  // Suspects: words the index does not hold, and both words of an adjacent pair it does not
  // hold. A query whose words and pairs are all in the index needs no dictionary scan.
  std::map<std::u32string, int32_t> suspects;
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (!w.fixed && own_df[w.folded] == 0) suspects[w.folded] = 0;
    if (i == 0 || !w.chained || pair_score(words[i - 1].folded, w.folded) > 0) continue;
    for (const Word* x : {static_cast<const Word*>(&words[i - 1]), &w}) {
      if (!x->fixed) suspects[x->folded] = own_df[x->folded];
    }
  }
  if (suspects.empty()) return {};
  std::vector<std::pair<int32_t, std::u32string>> by_df;
  for (const auto& [word, df] : suspects) by_df.emplace_back(df, word);
  std::sort(by_df.begin(), by_df.end());
  if (by_df.size() > kMaxTargets) by_df.resize(kMaxTargets);
  std::vector<std::u32string> targets;
  for (auto& [df, word] : by_df) targets.push_back(std::move(word));
  std::map<std::u32string, std::vector<Candidate>> candidates = FindCandidates(reader, targets);

  // The alternatives of each word: itself first.
  std::vector<std::vector<Candidate>> states(words.size());
  std::vector<std::vector<double>> unigram(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (w.fixed) {
      states[i].push_back({w.folded, 0, 0});
      unigram[i].push_back(0);
      continue;
    }
    const int32_t df = own_df[w.folded];
    states[i].push_back({w.folded, df, 0});
    unigram[i].push_back(df > 0 ? std::log1p(df) : kAbsentWord);
    auto found = candidates.find(w.folded);
    if (found == candidates.end()) continue;
    for (const Candidate& c : found->second) {
      states[i].push_back(c);
      unigram[i].push_back(std::log1p(c.df) - kEditCost * c.distance -
                           (df > 0 ? kKnownWordCost : 0.0));
    }
  }

  // Viterbi over the words: unigram scores plus the pairs the index holds.
  std::vector<std::vector<double>> best(words.size());
  std::vector<std::vector<size_t>> from(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    best[i].assign(states[i].size(), 0.0);
    from[i].assign(states[i].size(), 0);
    for (size_t s = 0; s < states[i].size(); ++s) {
      double prev_best = 0;
      if (i > 0) {
        prev_best = -1e300;
        for (size_t p = 0; p < states[i - 1].size(); ++p) {
          double v = best[i - 1][p];
          if (words[i].chained) v += pair_score(states[i - 1][p].term, states[i][s].term);
          if (v > prev_best) {
            prev_best = v;
            from[i][s] = p;
          }
        }
      }
      best[i][s] = prev_best + unigram[i][s];
    }
  }
  if (words.empty()) return {};
  std::vector<size_t> choice(words.size(), 0);
  size_t last = words.size() - 1;
  choice[last] = static_cast<size_t>(std::max_element(best[last].begin(), best[last].end()) -
                                     best[last].begin());
  for (size_t i = last; i > 0; --i) choice[i - 1] = from[i][choice[i]];

  // The replacements, by position of the word in the text.
  std::map<size_t, std::u32string> replace;
  for (size_t i = 0; i < words.size(); ++i) {
    if (choice[i] != 0) replace[words[i].token] = states[i][choice[i]].term;
  }
  if (replace.empty()) return {};

  // The query text as the parser reads it, with the corrected words swapped in.
  std::u32string text = ToU32(NormalizeNfc(q));
  if (text.size() > kMaxQueryChars) text.resize(kMaxQueryChars);
  for (char32_t& c : text) {
    if (IsBlank(c)) c = U' ';
  }
  std::vector<TokenSpan> spans;
  {
    size_t pos = 0;
    TokenSpan t;
    while (NextToken(text, &pos, &t)) spans.push_back(t);
  }
  std::vector<std::u32string> accented;
  for (const auto& [token, term] : replace) {
    if (token < spans.size() && HasDiacritics(std::u32string_view(text).substr(
                                    spans[token].begin, spans[token].end - spans[token].begin))) {
      accented.push_back(term);
    }
  }
  std::map<std::u32string, std::u32string> spelling;
  if (!accented.empty()) spelling = ExactSpellings(reader, accented);

  std::u32string out;
  size_t at = 0;
  for (const auto& [token, term] : replace) {
    if (token >= spans.size()) continue;
    const TokenSpan& span = spans[token];
    std::u32string word = term;
    auto sp = spelling.find(term);
    if (sp != spelling.end() &&
        HasDiacritics(std::u32string_view(text).substr(span.begin, span.end - span.begin))) {
      word = sp->second;
    }
    if (u_isupper(static_cast<UChar32>(text[span.begin])) && !word.empty()) {
      word[0] = static_cast<char32_t>(u_toupper(static_cast<UChar32>(word[0])));
    }
    out.append(text, at, span.begin - at);
    out += word;
    at = span.end;
  }
  out.append(text, at, std::u32string::npos);

  // One space between parts, none at the ends.
  std::u32string tidy;
  for (char32_t c : out) {
    if (c == U' ' && (tidy.empty() || tidy.back() == U' ')) continue;
    tidy += c;
  }
  while (!tidy.empty() && tidy.back() == U' ') tidy.pop_back();
  std::string suggestion = ToUtf8(tidy);
  if (suggestion.empty() || count(suggestion, matches + 1) <= matches) return {};
  return suggestion;
}

}  // namespace vanban::index_internal
