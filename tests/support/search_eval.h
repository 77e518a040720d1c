// Search relevance over the judged query set (tests/data/search/judged.json): the 100 fixture
// documents (tests/data/corpus and tests/data/docs: text as printed, metadata from their
// labels) indexed into a real Lucene++ index, each query run through SearchIndex::Search, and
// the ranking scored by MRR and nDCG@10 (binary relevance). Shared by the regression test
// (tests/corpus/search_relevance_test.cc) and bench/search_relevance.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban::testing {

struct RelevanceScore {
  int queries = 0;
  double mrr = 0;     // mean of 1 / rank of the first relevant document in the top 10 (else 0)
  double ndcg10 = 0;  // mean nDCG@10, binary gains, ideal = every relevant document on top
};

struct RelevanceReport {
  RelevanceScore all;
  std::map<std::string, RelevanceScore> by_kind;  // number, folded, accented, phrase, exclude
  int documents = 0;
  // Queries whose first relevant document is not first: "q -> got [names], want [names]".
  std::vector<std::string> misses;
};

std::filesystem::path JudgedQueriesFile();

// Builds the index in `index_dir` (created; must be empty or absent) and scores every query.
Result<RelevanceReport> EvaluateSearchRelevance(const std::filesystem::path& index_dir);

}  // namespace vanban::testing
