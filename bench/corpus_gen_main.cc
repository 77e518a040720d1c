// corpus_gen: writes the generated benchmark corpus (bench/corpus_gen.h) as JSON lines, one
// IndexEntry-compatible record per document, or only its statistics.
//
//   corpus_gen [--docs 1000] [--seed 20260101] [--from 0] [--max-pages 200] [--stats]
//
// Record: {"doc_id", "number", "type", "authority", "issue_date", "summary", "text"}.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "corpus_gen.h"

int main(int argc, char** argv) {
  int64_t docs = 1000, from = 0;
  vanban::bench::CorpusOptions options;
  bool stats = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has = i + 1 < argc;
    if (a == "--docs" && has) {
      docs = std::stoll(argv[++i]);
    } else if (a == "--seed" && has) {
      options.seed = std::stoull(argv[++i]);
    } else if (a == "--from" && has) {
      from = std::stoll(argv[++i]);
    } else if (a == "--max-pages" && has) {
      options.max_pages = std::stoi(argv[++i]);
    } else if (a == "--stats") {
      stats = true;
    } else {
      std::cerr << "usage: corpus_gen [--docs N] [--seed S] [--from I] [--max-pages P] "
                   "[--stats]\n";
      return 2;
    }
  }
  vanban::bench::CorpusGenerator gen(options);
  int64_t bytes = 0;
  size_t longest = 0;
  std::map<std::string, int64_t> types;
  for (int64_t i = from; i < from + docs; ++i) {
    vanban::IndexEntry e = gen.Generate(i);
    if (stats) {
      bytes += static_cast<int64_t>(e.text.size());
      longest = std::max(longest, e.text.size());
      ++types[e.meta.type];
      continue;
    }
    nlohmann::json j = {{"doc_id", e.doc_id},
                        {"number", e.meta.number},
                        {"type", e.meta.type},
                        {"authority", e.meta.authority},
                        {"issue_date", e.meta.issue_date},
                        {"summary", e.meta.summary},
                        {"text", e.text}};
    std::cout << j.dump() << "\n";
  }
  if (stats) {
    std::cout << docs << " documents, " << bytes << " bytes of text (mean "
              << (docs ? bytes / docs : 0) << ", longest " << longest << ")\n";
    for (const auto& [t, n] : types) std::cout << "  " << t << ": " << n << "\n";
  }
  return 0;
}
