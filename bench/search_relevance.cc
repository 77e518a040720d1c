// Search relevance over the judged query set: MRR and nDCG@10, overall and per kind of query
// (tests/support/search_eval.h). Usage: search_relevance [--misses]
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "support/search_eval.h"
#include "support/temp_dir.h"

int main(int argc, char** argv) {
  bool misses = argc > 1 && std::strcmp(argv[1], "--misses") == 0;
  vanban::testing::TempDir dir("vanban-relevance");
  auto r = vanban::testing::EvaluateSearchRelevance(dir / "index");
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
    return 1;
  }
  std::printf("documents %d, judged queries %d (%s)\n", r->documents, r->all.queries,
              vanban::testing::JudgedQueriesFile().c_str());
  std::printf("%-10s %8s %8s %8s\n", "kind", "queries", "MRR", "nDCG@10");
  for (const auto& [kind, s] : r->by_kind) {
    std::printf("%-10s %8d %8.3f %8.3f\n", kind.c_str(), s.queries, s.mrr, s.ndcg10);
  }
  std::printf("%-10s %8d %8.3f %8.3f\n", "all", r->all.queries, r->all.mrr, r->all.ndcg10);
  if (misses) {
    for (const std::string& m : r->misses) std::printf("miss: %s\n", m.c_str());
  }
  return 0;
}
