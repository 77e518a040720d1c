// Turns a parsed search-box query into its clauses (docs/index.md, "Query translation"): a
// flat shape that postings_eval.h evaluates, and the same query as a Lucene BooleanQuery.
#pragma once

#include <LuceneHeaders.h>

#include <set>
#include <string>
#include <vector>

#include "user_query.h"

namespace vanban::index_internal {

inline constexpr size_t kMaxQueryTokens = 64;

// One term in a field (a TermQuery), or several at consecutive positions (an exact
// PhraseQuery), with its boost.
struct PlanClause {
  const wchar_t* field = nullptr;
  std::vector<std::u32string> terms;
  double boost = 1.0;
};

// A disjunction whose score is the sum of its matching clauses' scores (a BooleanQuery of
// SHOULD clauses with coord disabled).
struct PlanGroup {
  std::vector<PlanClause> any;
  // Required groups (indices into PlanShape::required) each of which bounds this optional or
  // pair group's score at a document, so that the evaluator can leave this group unread at
  // documents that cannot reach the page (postings_eval.h). A group of exact forms is bounded
  // by its word's folded group: clause for clause (head ↔ head_f, body ↔ body_f, the
  // required group may have more), an exact form is at most as frequent as its folded form,
  // in a field of the same length. A pair group is bounded by the group of either of its
  // words: a pair stands where its first word stands, before its second, and its field's
  // length is read from the norms. Empty: no bound.
  std::vector<int> bounded_by;
};

// The whole query: a BooleanQuery with coord, of MUST `required`, MUST_NOT `excluded`,
// SHOULD `optional`, and, when there are pairs, one SHOULD BooleanQuery with coord of the
// `pairs` groups. The coord denominator is required + optional (+ 1 with pairs).
struct PlanShape {
  std::vector<PlanGroup> required, excluded, optional, pairs;
};

struct SearchPlan {
  // Empty (no required group) when nothing can match: no part left that is not excluded.
  PlanShape shape;
  // Folded terms of the parts that are not excluded, for the snippet's <mark>s.
  std::set<std::u32string> highlight_terms;
};

// Each part that is not excluded is required on the folded fields (head_f or body_f, or the
// number key for a number-like word); a part of several words is required as the phrase of
// its syllable pairs on head_p or body_p (of its single words on head_f or body_f when a
// sentence or clause break stands inside it). The exact forms of its words (head, body) and
// the syllable-pair clauses (head_p, body_p: one per pair of adjacent query words) are
// optional and only raise the score. Excluded parts are MUST_NOT on the same fields. At most
// kMaxQueryTokens words are used.
SearchPlan BuildSearchPlan(const std::vector<QueryPart>& parts);

// `shape` as Lucene++ scores it, the reference that postings_eval.h reproduces (searches
// evaluate the shape itself; tests compare the two).
Lucene::QueryPtr ToLuceneQuery(const PlanShape& shape);

}  // namespace vanban::index_internal
