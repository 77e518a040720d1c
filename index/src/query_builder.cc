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
Lucene::QueryPtr WordsQuery(const wchar_t* field, const std::vector<std::u32string>& terms,
                            double boost) {
  Lucene::QueryPtr q;
  if (terms.size() == 1) {
    q = newLucene<Lucene::TermQuery>(newLucene<Lucene::Term>(field, ToLucene(terms[0])));
  } else {
    auto phrase = newLucene<Lucene::PhraseQuery>();
    for (const auto& t : terms) phrase->add(newLucene<Lucene::Term>(field, ToLucene(t)));
    q = phrase;
  }
  q->setBoost(boost);
  return q;
}

// A disjunction whose score does not depend on how many alternatives matched via coord.
Lucene::BooleanQueryPtr AnyOf() { return newLucene<BooleanQuery>(/*disableCoord=*/true); }

}  // namespace

SearchPlan BuildSearchPlan(const std::vector<QueryPart>& parts) {
  SearchPlan plan;
  auto top = newLucene<BooleanQuery>();
  bool any_required = false;
  size_t tokens = 0;
  // Adjacent words of the query, in order, across the parts that are not excluded; an
  // excluded part ends the run. Each distinct pair once.
  std::vector<std::u32string> pairs;
  std::u32string previous;  // empty: no word before, or an excluded part in between

  for (const QueryPart& part : parts) {
    std::vector<std::u32string> folded = TokenTerms(part.text, TermForm::kFolded);
    if (folded.empty()) continue;
    if (tokens + folded.size() > kMaxQueryTokens) break;
    tokens += folded.size();

    auto match = AnyOf();
    match->add(WordsQuery(kFieldHeadFolded, folded, kHeadBoost), BooleanClause::SHOULD);
    match->add(WordsQuery(kFieldBodyFolded, folded, 1.0), BooleanClause::SHOULD);
    if (!part.phrase) {
      std::string key = NormalizeDocumentNumber(ToUtf8(part.text));
      if (LooksLikeDocumentNumber(key)) {
        auto number =
            newLucene<Lucene::TermQuery>(newLucene<Lucene::Term>(kFieldNumberKey, ToLucene(key)));
        number->setBoost(kNumberBoost);
        match->add(number, BooleanClause::SHOULD);
        // The document whose whole number this is comes before those that only share a part
        // of theirs with it: "2023/QĐ-UBND" is an administrative decision of its own, and
        // also the tail of every "NN/2023/QĐ-UBND".
        auto whole =
            newLucene<Lucene::TermQuery>(newLucene<Lucene::Term>(kFieldNumberFull, ToLucene(key)));
        whole->setBoost(kNumberBoost);
        match->add(whole, BooleanClause::SHOULD);
      }
    }
    if (part.excluded) {
      top->add(match, BooleanClause::MUST_NOT);
      previous.clear();
      continue;
    }
    top->add(match, BooleanClause::MUST);
    any_required = true;

    std::vector<std::u32string> exact = TokenTerms(part.text, TermForm::kExact);
    auto exact_match = AnyOf();
    exact_match->add(WordsQuery(kFieldHead, exact, kHeadBoost * kExactBoost),
                     BooleanClause::SHOULD);
    exact_match->add(WordsQuery(kFieldBody, exact, kExactBoost), BooleanClause::SHOULD);
    top->add(exact_match, BooleanClause::SHOULD);

    plan.highlight_terms.insert(folded.begin(), folded.end());
    for (const std::u32string& word : folded) {
      if (!previous.empty()) {
        std::u32string pair = PairTerm(previous, word);
        if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) {
          pairs.push_back(std::move(pair));
        }
      }
      previous = word;
    }
  }
  if (!any_required) return SearchPlan{};

  if (!pairs.empty()) {
    // Coord on: a document with more of the query's pairs gets a larger share, so holding
    // every pair once beats repeating one of them.
    auto adjacent = newLucene<BooleanQuery>();
    for (const std::u32string& pair : pairs) {
      auto either = AnyOf();
      either->add(WordsQuery(kFieldHeadPairs, {pair}, kHeadBoost * kPairBoost),
                  BooleanClause::SHOULD);
      either->add(WordsQuery(kFieldBodyPairs, {pair}, kPairBoost), BooleanClause::SHOULD);
      adjacent->add(either, BooleanClause::SHOULD);
    }
    top->add(adjacent, BooleanClause::SHOULD);
  }
  plan.query = top;
  return plan;
}

}  // namespace vanban::index_internal
