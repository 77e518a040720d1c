#include "query_builder.h"

#include <BooleanQuery.h>
#include <PhraseQuery.h>
#include <TermQuery.h>

#include <algorithm>

#include "document_number.h"
#include "fields.h"
#include "lucene_util.h"
#include "text_tokens.h"
#include "vanban/convert/text.h"

namespace vanban::index_internal {
namespace {

using Lucene::BooleanClause;
using Lucene::BooleanQuery;
using Lucene::newLucene;

// A TermQuery for one word, a PhraseQuery for several.
Lucene::QueryPtr ClauseQuery(const PlanClause& c) {
  Lucene::QueryPtr q;
  if (c.terms.size() == 1) {
    q = newLucene<Lucene::TermQuery>(newLucene<Lucene::Term>(c.field, ToLucene(c.terms[0])));
  } else {
    auto phrase = newLucene<Lucene::PhraseQuery>();
    for (const auto& t : c.terms) phrase->add(newLucene<Lucene::Term>(c.field, ToLucene(t)));
    q = phrase;
  }
  q->setBoost(c.boost);
  return q;
}

// A disjunction whose score does not depend on how many alternatives matched via coord.
Lucene::BooleanQueryPtr GroupQuery(const PlanGroup& g) {
  auto q = newLucene<BooleanQuery>(/*disableCoord=*/true);
  for (const PlanClause& c : g.any) q->add(ClauseQuery(c), BooleanClause::SHOULD);
  return q;
}

// The syllable pairs of a part of several words, as the pair fields index them; empty when a
// sentence or clause break (BreaksPair) stands between two of its words, since no pair is
// indexed across one.
std::vector<std::u32string> PhrasePairs(std::u32string_view text) {
  std::vector<std::u32string> pairs;
  std::u32string previous;
  size_t pos = 0;
  size_t previous_end = 0;
  bool first = true;
  for (TokenSpan t; NextToken(text, &pos, &t);) {
    std::u32string word(text.substr(t.begin, t.end - t.begin));
    for (char32_t& c : word) c = ApplyForm(c, TermForm::kFolded);
    if (!first) {
      if (BreaksPair(text.substr(previous_end, t.begin - previous_end))) return {};
      pairs.push_back(PairTerm(previous, word));
    }
    first = false;
    previous = std::move(word);
    previous_end = t.end;
  }
  return pairs;
}

}  // namespace

SearchPlan BuildSearchPlan(const std::vector<QueryPart>& parts) {
  SearchPlan plan;
  PlanShape& shape = plan.shape;
  size_t tokens = 0;
  // Adjacent words of the query, in order, across the parts that are not excluded; an
  // excluded part ends the run. Each distinct pair once.
  std::vector<std::u32string> pairs;
  std::vector<std::vector<int>> pair_bounds;  // of each pair: PlanGroup::bounded_by
  std::u32string previous;   // empty: no word before, or an excluded part in between
  int previous_single = -1;  // the required group of `previous` when a single-word part

  for (const QueryPart& part : parts) {
    std::vector<std::u32string> folded = TokenTerms(part.text, TermForm::kFolded);
    if (folded.empty()) continue;
    if (tokens + folded.size() > kMaxQueryTokens) break;
    tokens += folded.size();

    PlanGroup match;
    // Several words must stand together: a phrase of their syllable pairs, each pair at the
    // position of its first word, so "a b c" is a_b then b_c. Pair postings are far shorter
    // than single words' and a two-word phrase needs no positions at all. Only a phrase
    // across a sentence break, which no pair spans, is a phrase of single words.
    std::vector<std::u32string> phrase_pairs;
    if (folded.size() > 1) phrase_pairs = PhrasePairs(part.text);
    if (!phrase_pairs.empty()) {
      match.any.push_back({kFieldHeadPairs, phrase_pairs, kHeadBoost});
      match.any.push_back({kFieldBodyPairs, phrase_pairs, 1.0});
    } else {
      match.any.push_back({kFieldHeadFolded, folded, kHeadBoost});
      match.any.push_back({kFieldBodyFolded, folded, 1.0});
    }
    if (!part.phrase) {
      std::string key = NormalizeDocumentNumber(ToUtf8(part.text));
      if (LooksLikeDocumentNumber(key)) {
        // The document whose whole number this is (number_s) comes before those that only
        // share a part of theirs with it (number_k): "2023/QĐ-UBND" is an administrative
        // decision of its own, and also the tail of every "NN/2023/QĐ-UBND".
        match.any.push_back({kFieldNumberKey, {ToU32(key)}, kNumberBoost});
        match.any.push_back({kFieldNumberFull, {ToU32(key)}, kNumberBoost});
      }
    }
    if (part.excluded) {
      shape.excluded.push_back(std::move(match));
      previous.clear();
      previous_single = -1;
      continue;
    }
    // A single word: head_f and body_f are the match's first two clauses, the folded forms of
    // the exact group's two.
    const bool single_word = phrase_pairs.empty() && folded.size() == 1;
    const int required_index = static_cast<int>(shape.required.size());
    shape.required.push_back(std::move(match));

    std::vector<std::u32string> exact = TokenTerms(part.text, TermForm::kExact);
    PlanGroup exact_match;
    for (const std::u32string& w : exact) {
      exact_match.any.push_back({kFieldHead, {w}, kHeadBoost * kExactBoost});
      exact_match.any.push_back({kFieldBody, {w}, kExactBoost});
    }
    if (single_word && exact.size() == 1) exact_match.bounded_by = {required_index};
    shape.optional.push_back(std::move(exact_match));

    plan.highlight_terms.insert(folded.begin(), folded.end());
    const int single = single_word ? required_index : -1;
    for (const std::u32string& word : folded) {
      if (!previous.empty()) {
        std::u32string pair = PairTerm(previous, word);
        if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) {
          pairs.push_back(std::move(pair));
          // A pair stands where its first word does, so it is as often there as either word.
          std::vector<int>& by = pair_bounds.emplace_back();
          if (previous_single >= 0) by.push_back(previous_single);
          if (single >= 0) by.push_back(single);
        }
      }
      previous = word;
      previous_single = single;
    }
  }
  if (shape.required.empty()) return SearchPlan{};

  // A document with more of the query's pairs gets a larger share of their score (coord), so
  // holding every pair once beats repeating one of them.
  for (size_t i = 0; i < pairs.size(); ++i) {
    PlanGroup either;
    either.any.push_back({kFieldHeadPairs, {pairs[i]}, kHeadBoost * kPairBoost});
    either.any.push_back({kFieldBodyPairs, {pairs[i]}, kPairBoost});
    either.bounded_by = std::move(pair_bounds[i]);
    shape.pairs.push_back(std::move(either));
  }
  return plan;
}

Lucene::QueryPtr ToLuceneQuery(const PlanShape& shape) {
  auto top = newLucene<BooleanQuery>();
  for (const PlanGroup& g : shape.required) top->add(GroupQuery(g), BooleanClause::MUST);
  for (const PlanGroup& g : shape.excluded) top->add(GroupQuery(g), BooleanClause::MUST_NOT);
  for (const PlanGroup& g : shape.optional) top->add(GroupQuery(g), BooleanClause::SHOULD);
  if (!shape.pairs.empty()) {
    auto adjacent = newLucene<BooleanQuery>();
    for (const PlanGroup& g : shape.pairs) adjacent->add(GroupQuery(g), BooleanClause::SHOULD);
    top->add(adjacent, BooleanClause::SHOULD);
  }
  return top;
}

}  // namespace vanban::index_internal
