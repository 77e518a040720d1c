// Turns a parsed search-box query into a Lucene query (docs/index.md, "Query translation").
#pragma once

#include <LuceneHeaders.h>

#include <set>
#include <string>
#include <vector>

#include "user_query.h"

namespace vanban::index_internal {

inline constexpr size_t kMaxQueryTokens = 64;

struct SearchPlan {
  // Null when nothing can match (no part left that is not excluded).
  Lucene::QueryPtr query;
  // Folded terms of the parts that are not excluded, for the snippet's <mark>s.
  std::set<std::u32string> highlight_terms;
};

// Each part that is not excluded is required on the folded fields (head_f or body_f, or the
// number key for a number-like word); exact-field clauses and the syllable-pair clauses
// (head_p, body_p: one per pair of adjacent query words) are optional and only raise the
// score. Excluded parts are MUST_NOT on the same fields. At most kMaxQueryTokens words are
// used.
SearchPlan BuildSearchPlan(const std::vector<QueryPart>& parts);

}  // namespace vanban::index_internal
