// search_once: one query against an existing index, run several times in one process, as the
// portal asks it (facets included, page 1 unless told). Prints the total, the time of the
// first run (which loads the per-segment caches for the query's terms) and the median and
// least wall time of the runs after it. Meant for profiling the queries that search_bench
// --slowest names (docs/performance.md, "Seventh session"):
//
//   search_once --index DIR [--page N] [--runs R] [--facets K] [--warm-with FILE]
//               [--read-ahead] [--count first] QUERY
//
// --read-ahead calls SearchIndex::Warm first, as `vanban serve` does at start, and prints its
// time: the first run then shows what a start's first search still costs.
// --warm-with runs each line of FILE as a search first, untimed: the query then meets a
// process that has served others, as in the mix, where most of a search's terms are new to
// the caches but the index's files and facet arrays are not.
// Under callgrind (valgrind --tool=callgrind --instr-atstart=no) only the second run is
// counted: the instructions of one warm search, the same from run to run, where wall time on a
// shared machine varies by ±10 %; with --count first, the first run's instead. Without
// valgrind's headers the markers are left out.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_util.h"
#include "vanban/index/search_index.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define VANBAN_COUNT_START() CALLGRIND_START_INSTRUMENTATION
#define VANBAN_COUNT_STOP() CALLGRIND_STOP_INSTRUMENTATION
#else
#define VANBAN_COUNT_START() (void)0
#define VANBAN_COUNT_STOP() (void)0
#endif

namespace vanban::bench {
namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: search_once --index DIR [--page N] [--runs R] [--facets K]\n"
               "                   [--warm-with FILE] [--read-ahead] [--count first] QUERY\n"
               "  runs R >= 2 (default 10): the first is timed apart\n");
  return 2;
}

int Main(int argc, char** argv) {
  std::string dir;
  std::string query;
  int page = 1;
  int runs = 10;
  int facets = 10;
  std::string warm_with;
  bool read_ahead = false;
  int counted = 1;  // the run callgrind counts
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--index" && has_value) {
      dir = argv[++i];
    } else if (a == "--page" && has_value) {
      page = std::atoi(argv[++i]);
    } else if (a == "--runs" && has_value) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--facets" && has_value) {
      facets = std::atoi(argv[++i]);
    } else if (a == "--warm-with" && has_value) {
      warm_with = argv[++i];
    } else if (a == "--read-ahead") {
      read_ahead = true;
    } else if (a == "--count" && has_value && std::string(argv[i + 1]) == "first") {
      counted = 0;
      ++i;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return Usage();
    } else {
      query += (query.empty() ? "" : " ") + a;
    }
  }
  if (dir.empty() || query.empty() || runs < 2) return Usage();
  // OpenReader takes a missing index for an empty one: here it is a mistake.
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr, "search_once: no index at %s\n", dir.c_str());
    return 1;
  }
  TuneAllocatorForSearch();
  auto index = SearchIndex::OpenReader(dir);
  if (!index.ok()) {
    std::fprintf(stderr, "search_once: %s\n", index.status().ToString().c_str());
    return 1;
  }
  if (read_ahead) {
    Stopwatch sw;
    auto w = (*index)->Warm();
    if (!w.ok()) {
      std::fprintf(stderr, "search_once: %s\n", w.status().ToString().c_str());
      return 1;
    }
    std::fprintf(stderr,
                 "search_once: read ahead %lld segments, %lld terms, %lld of %lld MB of index "
                 "files preloaded in %.0f ms\n",
                 static_cast<long long>(w->segments), static_cast<long long>(w->terms),
                 static_cast<long long>(w->preloaded_bytes >> 20),
                 static_cast<long long>(w->mapped_bytes >> 20), sw.Seconds() * 1000);
  }
  if (!warm_with.empty()) {
    std::ifstream in(warm_with);
    if (!in) {
      std::fprintf(stderr, "search_once: cannot read %s\n", warm_with.c_str());
      return 1;
    }
    Stopwatch sw;
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      SearchQuery w;
      w.q = line;
      w.facet_limit = facets;
      if (auto r = (*index)->Search(w); !r.ok()) {
        std::fprintf(stderr, "search_once: %s: %s\n", line.c_str(), r.status().ToString().c_str());
        return 1;
      }
      ++n;
    }
    std::fprintf(stderr, "search_once: %d searches of %s first, %.0f ms\n", n, warm_with.c_str(),
                 sw.Seconds() * 1000);
  }
  SearchQuery q;
  q.q = query;
  q.page = page;
  q.facet_limit = facets;
  std::vector<double> ms;
  double first_ms = 0;
  int64_t total = 0;
  for (int i = 0; i < runs; ++i) {
    if (i == counted) VANBAN_COUNT_START();
    Stopwatch sw;
    auto r = (*index)->Search(q);
    const double t = sw.Seconds() * 1000;
    if (i == counted) VANBAN_COUNT_STOP();
    if (!r.ok()) {
      std::fprintf(stderr, "search_once: %s\n", r.status().ToString().c_str());
      return 1;
    }
    total = r->total;
    if (i == 0) first_ms = t;
    if (i > 0) ms.push_back(t);
  }
  std::sort(ms.begin(), ms.end());
  std::printf(
      "[%s] page %d: total %lld; first run %.1f ms; %zu warm runs: median %.1f ms, least %.1f "
      "ms\n",
      query.c_str(), page, static_cast<long long>(total), first_ms, ms.size(), ms[ms.size() / 2],
      ms.front());
  return 0;
}

}  // namespace
}  // namespace vanban::bench

int main(int argc, char** argv) { return vanban::bench::Main(argc, argv); }
