// The search benchmark's corpus generator (bench/corpus_gen.h) and engines
// (bench/search_engines.h): deterministic, well-formed documents, and the three engines agree
// on what a number query must find.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>

#include "corpus_gen.h"
#include "search_engines.h"
#include "support/temp_dir.h"
#include "vanban/convert/text.h"

namespace vanban::bench {
namespace {

void ExpectSameEntry(const IndexEntry& a, const IndexEntry& b) {
  EXPECT_EQ(a.doc_id, b.doc_id);
  EXPECT_EQ(a.meta.number, b.meta.number);
  EXPECT_EQ(a.meta.type, b.meta.type);
  EXPECT_EQ(a.meta.authority, b.meta.authority);
  EXPECT_EQ(a.meta.issue_date, b.meta.issue_date);
  EXPECT_EQ(a.meta.summary, b.meta.summary);
  EXPECT_EQ(a.text, b.text);
}

TEST(CorpusGenTest, SameSeedSameDocumentsInAnyOrder) {
  CorpusGenerator a({42, 200}), b({42, 200});
  for (int64_t i : {0, 1, 2, 17, 199, 12345, 999999}) {
    SCOPED_TRACE(i);
    ExpectSameEntry(a.Generate(i), b.Generate(i));
    EXPECT_EQ(a.NumberOf(i), a.Generate(i).meta.number);
  }
  // Order does not matter: document 7 after 500 is document 7.
  IndexEntry first = a.Generate(7);
  (void)a.Generate(500);
  ExpectSameEntry(first, a.Generate(7));
  EXPECT_EQ(first.doc_id, 8);

  // Another seed gives another corpus.
  CorpusGenerator c({43, 200});
  int same = 0;
  for (int64_t i = 0; i < 50; ++i) same += a.Generate(i).text == c.Generate(i).text;
  EXPECT_EQ(same, 0);
}

// FNV-1a over the searchable fields of the first `n` documents.
uint64_t CorpusHash(uint64_t seed, int n) {
  CorpusGenerator g({seed, 200});
  uint64_t h = 1469598103934665603ull;
  for (int64_t i = 0; i < n; ++i) {
    IndexEntry d = g.Generate(i);
    for (const std::string* s : {&d.meta.number, &d.meta.type, &d.meta.authority,
                                 &d.meta.issue_date, &d.meta.summary, &d.text}) {
      for (char c : *s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
  }
  return h;
}

TEST(CorpusGenTest, DefaultSeedGivesTheRecordedCorpus) {
  // Pinned: the figures in docs/performance.md were measured on this corpus. A change of the
  // generator must be deliberate: update this value and re-measure.
  EXPECT_EQ(CorpusHash(20260101, 100), 11214243661063942235ull);
}

TEST(CorpusGenTest, DocumentsAreNfcWithNumbersInTheRealFormats) {
  CorpusGenerator g({7, 20});
  const std::set<std::string> types = {
      "Quyết định", "Nghị quyết", "Chỉ thị",   "Thông tư", "Nghị định", "Thông báo", "Kế hoạch",
      "Báo cáo",    "Tờ trình",   "Hướng dẫn", "Giấy mời", "Kết luận",  "Công văn"};
  const std::regex legal("^[0-9]{2,3}/(20[0-9]{2})/.+");
  const std::regex date("^(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|30)$");
  std::map<std::string, int> shapes;
  std::set<std::string> seen_types;
  int64_t bytes = 0;
  const int n = 2000;
  for (int64_t i = 0; i < n; ++i) {
    IndexEntry e = g.Generate(i);
    SCOPED_TRACE(e.meta.number);
    for (const std::string* s :
         {&e.meta.number, &e.meta.type, &e.meta.authority, &e.meta.summary, &e.text}) {
      ASSERT_TRUE(IsValidUtf8(*s));
      ASSERT_EQ(NormalizeNfc(*s), *s);
      ASSERT_FALSE(s->empty());
    }
    ASSERT_TRUE(LooksLikeGeneratedNumber(e.meta.number));
    ASSERT_TRUE(types.count(e.meta.type)) << e.meta.type;
    seen_types.insert(e.meta.type);
    std::smatch m;
    ASSERT_TRUE(std::regex_match(e.meta.issue_date, m, date)) << e.meta.issue_date;
    int year = std::stoi(m[1]);
    ASSERT_GE(year, 2005);
    ASSERT_LE(year, 2026);
    std::smatch lm;
    if (std::regex_match(e.meta.number, lm, legal)) {
      ASSERT_EQ(lm[1], m[1]) << "a legal document's number carries its issue year";
      ++shapes["legal"];
    } else if (e.meta.number.find("-UBND") != std::string::npos ||
               e.meta.number.find("-HĐND") != std::string::npos) {
      ++shapes["administrative"];
    } else if (e.meta.number.find("/UBND-") != std::string::npos) {
      ++shapes["cong_van"];
    } else if (std::regex_match(e.meta.number, std::regex("^[0-9]+-[^/]+/(TU|HU)$"))) {
      ++shapes["party"];
    }
    ASSERT_NE(e.text.find("Số: " + e.meta.number + "\n"), std::string::npos);
    bytes += static_cast<int64_t>(e.text.size());
  }
  for (const char* shape : {"legal", "administrative", "cong_van", "party"}) {
    EXPECT_GT(shapes[shape], 20) << shape;
  }
  EXPECT_EQ(seen_types.size(), types.size());
  EXPECT_GT(bytes / n, 1500);   // at least a page on average
  EXPECT_LT(bytes / n, 12000);  // and modest (max_pages 20 here)

  EXPECT_TRUE(LooksLikeGeneratedNumber("01/2026/QĐ-UBND"));
  EXPECT_TRUE(LooksLikeGeneratedNumber("1234/UBND-KT"));
  EXPECT_TRUE(LooksLikeGeneratedNumber("15-NQ/TU"));
  EXPECT_TRUE(LooksLikeGeneratedNumber("12/TTr-UBND"));
  EXPECT_FALSE(LooksLikeGeneratedNumber("01/2026"));
  EXPECT_FALSE(LooksLikeGeneratedNumber("QĐ-UBND"));
  EXPECT_FALSE(LooksLikeGeneratedNumber("Quyết định"));
}

TEST(CorpusGenTest, PagesAreSkewedShort) {
  Rng rng(1);
  int one = 0, long_ones = 0;
  double sum = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    int p = DrawPages(rng, 200);
    ASSERT_GE(p, 1);
    ASSERT_LE(p, 200);
    one += p == 1;
    long_ones += p > 80;
    sum += p;
  }
  EXPECT_GT(one, n / 2);
  EXPECT_GT(long_ones, 0);
  EXPECT_LT(sum / n, 4.0);
}

TEST(SearchEnginesTest, ParseBoxFoldsWordsPhrasesAndNumbers) {
  auto parts = ParseBox("Quyết định \"đất đai\" 01/2026/QĐ-UBND -bỏ");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0].words, std::vector<std::string>{"quyet"});
  EXPECT_EQ(parts[1].words, std::vector<std::string>{"dinh"});
  EXPECT_EQ(parts[2].words, (std::vector<std::string>{"dat", "dai"}));
  EXPECT_EQ(parts[3].words, (std::vector<std::string>{"01", "2026", "qd", "ubnd"}));
  EXPECT_EQ(parts[3].number_key, "01/2026/qd-ubnd");
  EXPECT_TRUE(parts[0].number_key.empty());
}

// All three engines built from one small corpus find, for the number of a document whose
// number no other document has, that document first; and ours and FTS5 count the same hits.
TEST(SearchEnginesTest, EnginesAgreeOnExactNumbers) {
  testing::TempDir dir("vanban-search-bench-test");
  CorpusGenerator g({99, 3});
  const int n = 2000;
  std::vector<std::unique_ptr<SearchEngine>> engines;
  for (const char* name : {"ours", "fts5", "xapian"})
    engines.push_back(MakeEngine(name, dir / name));
  std::map<std::string, std::vector<int64_t>> by_number;
  for (int64_t i = 0; i < n; ++i) {
    IndexEntry e = g.Generate(i);
    by_number[e.meta.number].push_back(e.doc_id);
    for (auto& engine : engines) engine->Add(e);
  }
  for (auto& engine : engines) engine->FinishBuild();
  std::vector<std::unique_ptr<EngineSearcher>> searchers;
  for (auto& engine : engines) searchers.push_back(engine->NewSearcher());

  int checked = 0;
  for (const auto& [number, ids] : by_number) {
    if (ids.size() != 1) continue;
    if (++checked > 60) break;
    SCOPED_TRACE(number);
    for (size_t k = 0; k < engines.size(); ++k) {
      EngineHits h = searchers[k]->Search(number, 1, 20);
      ASSERT_FALSE(h.ids.empty()) << engines[k]->Name();
      EXPECT_EQ(h.ids[0], ids[0]) << engines[k]->Name();
      EXPECT_EQ(h.numbers[0], number) << engines[k]->Name();
    }
  }
  EXPECT_EQ(checked, 61);

  // Same matching rules: ours and FTS5 report the same totals; every engine finds something.
  for (const std::string q :
       {"quyết", "quyet dinh", "\"tài sản công\"", "đất đai Thái Nguyên", "dat", "UBND-KT"}) {
    SCOPED_TRACE(q);
    EngineHits ours = searchers[0]->Search(q, 1, 20);
    EngineHits fts5 = searchers[1]->Search(q, 1, 20);
    EngineHits xapian = searchers[2]->Search(q, 1, 20);
    EXPECT_GT(ours.total, 0);
    EXPECT_EQ(ours.total, fts5.total);
    EXPECT_FALSE(xapian.ids.empty());
  }
  // Deep pages exist and differ from page 1.
  EngineHits p1 = searchers[0]->Search("tỉnh", 1, 20);
  for (auto& s : searchers) {
    EngineHits p5 = s->Search("tỉnh", 5, 20);
    EXPECT_EQ(p5.ids.size(), 20u);
    EXPECT_NE(p5.ids[0], p1.ids[0]);
  }
}

}  // namespace
}  // namespace vanban::bench
