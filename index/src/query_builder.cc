#include "query_builder.h"

#include <BooleanQuery.h>
#include <PhraseQuery.h>
#include <TermQuery.h>

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
  std::vector<std::u32string> all_folded;

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
      }
    }
    if (part.excluded) {
      top->add(match, BooleanClause::MUST_NOT);
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
    all_folded.insert(all_folded.end(), folded.begin(), folded.end());
  }
  if (!any_required) return SearchPlan{};

  if (all_folded.size() >= 2) {
    auto adjacent = AnyOf();
    adjacent->add(WordsQuery(kFieldHeadFolded, all_folded, kHeadBoost * kPhraseBoost),
                  BooleanClause::SHOULD);
    adjacent->add(WordsQuery(kFieldBodyFolded, all_folded, kPhraseBoost), BooleanClause::SHOULD);
    top->add(adjacent, BooleanClause::SHOULD);
  }
  plan.query = top;
  return plan;
}

}  // namespace vanban::index_internal
