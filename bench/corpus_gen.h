// bench/corpus: a deterministic generator of Vietnamese official documents for the search
// benchmarks (docs/performance.md, "Search") and their tests.
//
// Document i of a corpus depends only on (seed, i): any document can be generated on its own,
// in any order and in any process, and the same seed always gives the same corpus on every
// platform (own PRNG, no std:: distributions). Documents are IndexEntry records (doc_id = i + 1)
// with number, type, authority, issue_date, summary and text filled in, all NFC UTF-8:
//   - types and authorities that go together (Nghị định of the Chính phủ, Thông tư of a Bộ,
//     Nghị quyết of a HĐND or a Tỉnh ủy, Công văn of a Sở or an Ủy ban nhân dân cấp xã ...);
//   - numbers in the real formats: "01/2026/QĐ-UBND", "1234/QĐ-UBND", "1234/UBND-KT",
//     "15-NQ/TU", "56/TB-UBND"; the number's year is the issue year, 2005–2026 (recent years
//     more frequent);
//   - a trích yếu from a phrase inventory (topics, projects, places, years);
//   - a body of "pages" (about 1,600 bytes each) of administrative prose: căn cứ lines that
//     cite other documents of the corpus by number, articles and clauses, names, places,
//     amounts and dates. Pages: 1–200, skewed short (mean about 3).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vanban/index/search_index.h"

namespace vanban::bench {

// splitmix64-seeded xoshiro256**: fast, and the same sequence everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  // Uniform in [0, n); n > 0.
  uint32_t Below(uint32_t n);
  // Uniform in [lo, hi].
  int Range(int lo, int hi);
  // True with probability p.
  bool Chance(double p);
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(static_cast<uint32_t>(v.size()))];
  }

 private:
  uint64_t s_[4];
};

struct CorpusOptions {
  uint64_t seed = 20260101;
  int max_pages = 200;  // cap on body length in pages (tests use small values)
};

class CorpusGenerator {
 public:
  explicit CorpusGenerator(CorpusOptions options = {});

  // Document i (0-based): doc_id i + 1, version 1.
  IndexEntry Generate(int64_t i) const;
  // Its number alone (cheap: the header without the body).
  std::string NumberOf(int64_t i) const;

  const CorpusOptions& options() const { return options_; }

 private:
  struct Header;
  Header MakeHeader(int64_t i, Rng& rng) const;
  CorpusOptions options_;
};

// The topic phrases trích yếu and bodies are made of, and the place names (provinces and
// districts): the benchmark draws its queries from them.
const std::vector<std::string>& CorpusTopics();
const std::vector<std::string>& CorpusPlaces();

// Page count distribution (1–200, skewed short), for the record of the corpus' shape.
int DrawPages(Rng& rng, int max_pages);

// True if `number` has one of the formats the generator writes: "NN/YYYY/XX-YYY",
// "NN/XX-YYY", "NN/YYY-ZZ" (Công văn) or "NN-XX/YY" (Party).
bool LooksLikeGeneratedNumber(const std::string& number);

}  // namespace vanban::bench
