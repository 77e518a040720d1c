// Search relevance regression: the judged query set (tests/data/search/judged.json, 80
// queries over the 100 fixture documents) against a real Lucene++ index on disk. The floors
// hold the figures measured when the set was written (docs/performance.md, "Search
// relevance") minus a margin; `build/bench/search_relevance --misses` shows what ranks wrong.
#include <gtest/gtest.h>

#include "support/search_eval.h"
#include "support/temp_dir.h"

namespace vanban {
namespace {

constexpr double kMrrFloor = 0.95;
constexpr double kNdcgFloor = 0.93;
constexpr double kNumberMrrFloor = 0.98;

TEST(SearchRelevance, JudgedQueriesHoldTheirFloor) {
  testing::TempDir dir("vanban-relevance");
  auto r = testing::EvaluateSearchRelevance(dir / "index");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string misses;
  for (const std::string& m : r->misses) misses += m + "\n";
  EXPECT_EQ(r->documents, 100);
  EXPECT_GE(r->all.queries, 60);
  EXPECT_GE(r->all.mrr, kMrrFloor) << misses;
  EXPECT_GE(r->all.ndcg10, kNdcgFloor) << misses;
  // A number typed in any of its forms finds its document first.
  EXPECT_GE(r->by_kind["number"].mrr, kNumberMrrFloor) << misses;
}

}  // namespace
}  // namespace vanban
