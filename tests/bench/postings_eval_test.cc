// The term-at-a-time evaluator of index/src/postings_eval.h against Lucene++'s own scorers:
// over an index of the benchmark corpus (several segments, replaced documents), every query
// of a generated mix must match the same documents with the same scores as
// IndexSearcher::search on the equivalent BooleanQuery (ToLuceneQuery).
#include "postings_eval.h"

#include <gtest/gtest.h>

#include <Document.h>
#include <FSDirectory.h>
#include <Field.h>
#include <IndexReader.h>
#include <IndexSearcher.h>
#include <IndexWriter.h>
#include <NoLockFactory.h>
#include <ScoreDoc.h>
#include <SegmentTermEnum.h>
#include <TermInfo.h>
#include <TopDocs.h>
#include <WhitespaceAnalyzer.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core_cache.h"
#include "corpus_gen.h"
#include "mapped_directory.h"
#include "query_builder.h"
#include "support/temp_dir.h"
#include "user_query.h"
#include "vanban/convert/text.h"
#include "vanban/index/search_index.h"

namespace vanban::index_internal {
namespace {

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> w;
  std::istringstream in(s);
  for (std::string x; in >> x;) w.push_back(x);
  return w;
}

std::string Join(const std::vector<std::string>& w, size_t from, size_t n) {
  std::string s;
  for (size_t i = from; i < from + n && i < w.size(); ++i) s += (s.empty() ? "" : " ") + w[i];
  return s;
}

// The query mix: words and phrases of the documents' titles as typed (with and without
// diacritics, quoted or not, with an exclusion), their numbers whole and in parts, and some
// that stress the edges (repeated words, absent words, only-excluded).
std::vector<std::string> Queries(const bench::CorpusGenerator& gen, int docs) {
  std::vector<std::string> qs = {"của",
                                 "ủy ban nhân dân",
                                 "\"ủy ban nhân dân tỉnh\"",
                                 "uy ban uy ban",
                                 "\"ban ban\"",
                                 "quyết định -quyết",
                                 "xyzzyq",
                                 "thông xyzzyq",
                                 "\"nhân dân xyzzyq\"",
                                 "QĐ-UBND",
                                 "2023",
                                 "số 01",
                                 "01/2026",
                                 "nam -dinh",
                                 "\"thong tin\" cong nghe"};
  for (int i = 0; i < docs; i += 37) {
    IndexEntry e = gen.Generate(i);
    std::vector<std::string> w = Words(e.meta.summary);
    if (w.size() < 4) continue;
    const size_t k = static_cast<size_t>(i) % (w.size() - 3);
    qs.push_back(w[k]);
    qs.push_back(FoldForSearch(w[k + 1]));
    qs.push_back(Join(w, k, 3));
    qs.push_back(FoldForSearch(Join(w, k + 1, 2)));
    qs.push_back("\"" + Join(w, k, 2 + static_cast<size_t>(i) % 3) + "\"");
    qs.push_back(w[k] + " -" + w[k + 2]);
    qs.push_back(e.meta.number);
    qs.push_back(FoldForSearch(e.meta.number));
    std::string tail = e.meta.number.substr(e.meta.number.find('/') + 1);
    qs.push_back(tail);
  }
  return qs;
}

class PostingsEvalTest : public ::testing::Test {
 protected:
  static constexpr int kDocs = 1500;

  static void SetUpTestSuite() {
    dir_ = new testing::TempDir("postings-eval");
    gen_ = new bench::CorpusGenerator({20260101, 3});
    auto w = SearchIndex::OpenWriter(dir_->path());
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (int i = 0; i < kDocs; ++i) {
      ASSERT_TRUE((*w)->Upsert(gen_->Generate(i)).ok());
      if (i % 400 == 399) {
        ASSERT_TRUE((*w)->Commit().ok());  // several segments
      }
    }
    // Replaced documents leave deleted ones behind in the older segments.
    for (int i = 0; i < kDocs; i += 50) {
      IndexEntry e = gen_->Generate(i);
      e.version = 2;
      e.text += " phiên bản thứ hai";
      ASSERT_TRUE((*w)->Upsert(e).ok());
    }
    ASSERT_TRUE((*w)->Commit().ok());
  }
  static void TearDownTestSuite() {
    delete gen_;
    delete dir_;
  }

  void SetUp() override {
    // As SearchIndex reads it: mapped, the large segments' files decoded in place, the
    // compound files' copied out.
    reader_ = Lucene::IndexReader::open(
        Lucene::newLucene<MappedDirectory>(dir_->path().wstring(),
                                           Lucene::NoLockFactory::getNoLockFactory()),
        true);
    searcher_ = Lucene::newLucene<Lucene::IndexSearcher>(reader_);
    ShapeEvaluator probe(searcher_, PlanShape{});
    ASSERT_GE(probe.Segments().size(), 3u) << "the index should have several segments";
    ASSERT_TRUE(reader_->hasDeletions());
  }
  void TearDown() override { reader_->close(); }

  // Lucene's scorers: every match with its score.
  std::map<int32_t, double> LuceneMatches(const SearchPlan& plan) {
    std::map<int32_t, double> out;
    Lucene::TopDocsPtr top =
        searcher_->search(ToLuceneQuery(plan.shape), Lucene::FilterPtr(), reader_->maxDoc());
    for (const auto& sd : top->scoreDocs) out[sd->doc] = sd->score;
    return out;
  }
  std::map<int32_t, double> Evaluated(const SearchPlan& plan, ScoreMode mode, size_t top_k = 0) {
    std::map<int32_t, double> out;
    auto collect = [&](const Lucene::IndexReaderPtr&, int32_t base,
                       const std::vector<ScoredDoc>& m) {
      for (const ScoredDoc& d : m) out[base + d.doc] = d.score;
    };
    EvaluateShape(searcher_, plan.shape, mode, top_k, collect);
    return out;
  }

  static testing::TempDir* dir_;
  static bench::CorpusGenerator* gen_;
  Lucene::IndexReaderPtr reader_;
  Lucene::IndexSearcherPtr searcher_;
};

testing::TempDir* PostingsEvalTest::dir_ = nullptr;
bench::CorpusGenerator* PostingsEvalTest::gen_ = nullptr;

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

TEST_F(PostingsEvalTest, SameMatchesAndScoresAsLuceneScorers) {
  int compared = 0;
  int with_matches = 0;
  int with_phrase = 0;
  int64_t total_matches = 0;
  for (const std::string& q : Queries(*gen_, kDocs)) {
    SCOPED_TRACE("query [" + q + "]");
    SearchPlan plan = BuildSearchPlan(ParseUserQuery(q));
    if (plan.shape.required.empty()) continue;
    ++compared;
    const std::map<int32_t, double> want = LuceneMatches(plan);
    const std::map<int32_t, double> got = Evaluated(plan, ScoreMode::kScores);
    ASSERT_EQ(got.size(), want.size());
    for (const auto& [doc, score] : want) {
      auto it = got.find(doc);
      ASSERT_NE(it, got.end()) << "doc " << doc << " missing";
      EXPECT_TRUE(Near(it->second, score))
          << "doc " << doc << ": " << it->second << " vs " << score;
    }
    // Without scores (date order) the same documents match.
    const std::map<int32_t, double> unscored = Evaluated(plan, ScoreMode::kMatchesOnly);
    ASSERT_EQ(unscored.size(), want.size());
    for (const auto& [doc, score] : want) ASSERT_TRUE(unscored.count(doc)) << "doc " << doc;

    if (!want.empty()) ++with_matches;
    total_matches += static_cast<int64_t>(want.size());
    for (const PlanGroup& g : plan.shape.required) {
      for (const PlanClause& c : g.any) with_phrase += c.terms.size() > 1 && !want.empty();
    }
  }
  // The mix must exercise what it is meant to.
  EXPECT_GT(compared, 300);
  EXPECT_GT(with_matches, compared * 3 / 4);
  EXPECT_GT(with_phrase, 50);
  EXPECT_GT(total_matches, 10000);
}

// The best k by score, best first; equal scores by doc.
std::vector<std::pair<int32_t, double>> Best(const std::map<int32_t, double>& m, size_t k) {
  std::vector<std::pair<int32_t, double>> v(m.begin(), m.end());
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (v.size() > k) v.resize(k);
  return v;
}

// Asked for the best top_k only, the evaluator may leave the optional groups unread at
// documents that cannot reach them: the same documents still match, and the best top_k
// have the scores Lucene gives them, so they are the same documents (up to equal scores).
TEST_F(PostingsEvalTest, BestScoresAreExactWhenOnlyTheBestAreAskedFor) {
  int pruned_queries = 0;
  int compared = 0;
  for (const std::string& q : Queries(*gen_, kDocs)) {
    SearchPlan plan = BuildSearchPlan(ParseUserQuery(q));
    if (plan.shape.required.empty()) continue;
    const std::map<int32_t, double> want = LuceneMatches(plan);
    for (size_t k : {size_t{1}, size_t{10}, size_t{60}}) {
      SCOPED_TRACE("query [" + q + "], top " + std::to_string(k));
      const std::map<int32_t, double> got = Evaluated(plan, ScoreMode::kScores, k);
      ASSERT_EQ(got.size(), want.size());
      bool pruned = false;
      for (const auto& [doc, score] : want) {
        auto it = got.find(doc);
        ASSERT_NE(it, got.end()) << "doc " << doc << " missing";
        // Never more than the full score: a document left unread carries a lower bound.
        EXPECT_LE(it->second, score * (1 + 1e-9)) << "doc " << doc;
        pruned = pruned || !Near(it->second, score);
      }
      const auto best_got = Best(got, k);
      const auto best_want = Best(want, k);
      ASSERT_EQ(best_got.size(), best_want.size());
      for (size_t i = 0; i < best_got.size(); ++i) {
        EXPECT_TRUE(Near(best_got[i].second, best_want[i].second))
            << "rank " << i << ": " << best_got[i].second << " vs " << best_want[i].second;
        EXPECT_TRUE(Near(best_got[i].second, want.at(best_got[i].first)))
            << "doc " << best_got[i].first << " at rank " << i << " has not its full score";
      }
      pruned_queries += pruned;
      ++compared;
    }
  }
  // The mix must leave documents unread, or this compares nothing new.
  EXPECT_GT(pruned_queries, compared / 4) << "of " << compared;
}

// Damaged postings in the .frq file: the bulk readers throw CorruptIndexException, as
// Lucene++ does for damage it finds, rather than reading past the run or outside the segment's
// documents.
class DamagedPostingsTest : public ::testing::TestWithParam<uint8_t> {
 protected:
  static constexpr const wchar_t* kField = L"body";

  // One segment of documents[i] in kField, without a compound file (the .frq file on its own,
  // to damage); returned as SearchIndex reads it (MappedDirectory).
  static Lucene::DirectoryPtr Write(const testing::TempDir& dir,
                                    const std::vector<const wchar_t*>& documents) {
    Lucene::DirectoryPtr directory = Lucene::FSDirectory::open(dir.path().wstring());
    auto writer = Lucene::newLucene<Lucene::IndexWriter>(
        directory, Lucene::newLucene<Lucene::WhitespaceAnalyzer>(), true,
        Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
    writer->setUseCompoundFile(false);
    for (const wchar_t* text : documents) {
      auto doc = Lucene::newLucene<Lucene::Document>();
      doc->add(Lucene::newLucene<Lucene::Field>(kField, text, Lucene::Field::STORE_NO,
                                                Lucene::Field::INDEX_ANALYZED));
      writer->addDocument(doc);
    }
    writer->optimize();
    writer->close();
    return Lucene::newLucene<MappedDirectory>(dir.path().wstring(),
                                              Lucene::NoLockFactory::getNoLockFactory());
  }

  // The shape that requires each of `words` in kField, as single terms.
  static PlanShape Requiring(std::initializer_list<std::u32string> words) {
    PlanShape shape;
    for (const std::u32string& w : words) {
      shape.required.push_back(PlanGroup{{PlanClause{kField, {w}, 1.0}}});
    }
    return shape;
  }

  // The matches of `shape`, in doc order (top_k: as EvaluateShape's).
  static std::vector<int32_t> Evaluate(const Lucene::DirectoryPtr& directory,
                                       const PlanShape& shape, size_t top_k = 0) {
    auto reader = Lucene::IndexReader::open(directory, true);
    auto searcher = Lucene::newLucene<Lucene::IndexSearcher>(reader);
    std::vector<int32_t> docs;
    EvaluateShape(
        searcher, shape, ScoreMode::kScores, top_k,
        [&](const Lucene::IndexReaderPtr&, int32_t base, const std::vector<ScoredDoc>& m) {
          for (const ScoredDoc& d : m) docs.push_back(base + d.doc);
        });
    reader->close();
    return docs;
  }

  // Where a term's postings lie in the .frq file, from the terms dictionary.
  struct Postings {
    bool found = false;
    int64_t begin = 0;      // the run of postings …
    int64_t skip_data = 0;  // … ends where the skip data begins
    int64_t next = -1;      // the next term's run (after this term's skip data), if any
  };
  static Postings Find(const Lucene::DirectoryPtr& directory, const wchar_t* text) {
    auto reader = Lucene::IndexReader::open(directory, true);
    auto segment = SegmentsOf(reader).at(0).first;
    auto terms = boost::dynamic_pointer_cast<Lucene::SegmentTermEnum>(
        segment->terms(Lucene::newLucene<Lucene::Term>(kField, text)));
    Postings out;
    if (terms && terms->term()->text() == text) {
      out.found = true;
      out.begin = terms->termInfo()->freqPointer;
      out.skip_data = out.begin + terms->termInfo()->skipOffset;
      if (terms->next()) out.next = terms->termInfo()->freqPointer;
    }
    reader->close();
    return out;
  }

  // Overwrites bytes [begin, end) of the file with that extension (the postings' .frq, the
  // positions' .prx; end -1: to its end) with GetParam().
  void Damage(const testing::TempDir& dir, int64_t begin, int64_t end,
              const std::string& extension = ".frq") {
    std::filesystem::path file;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
      if (e.path().extension() == extension) file = e.path();
    }
    ASSERT_FALSE(file.empty());
    if (end < 0) end = static_cast<int64_t>(std::filesystem::file_size(file));
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(begin);
    const std::string bytes(static_cast<size_t>(end - begin), static_cast<char>(GetParam()));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
};

// The run of a term read in full.
TEST_P(DamagedPostingsTest, ThrowCorruptIndexException) {
  constexpr int kDocs = 64;  // above the skip interval (16): the term's run is read in bulk
  testing::TempDir dir("postings-damaged");
  const auto directory = Write(dir, std::vector<const wchar_t*>(kDocs, L"alpha beta"));
  const PlanShape shape = Requiring({U"alpha"});
  ASSERT_EQ(Evaluate(directory, shape).size(), static_cast<size_t>(kDocs));

  // Where the term's run lies: from its freqPointer to its skip data.
  const Postings alpha = Find(directory, L"alpha");
  ASSERT_TRUE(alpha.found);
  ASSERT_GE(alpha.skip_data - alpha.begin, kDocs);
  Damage(dir, alpha.begin, alpha.skip_data);
  EXPECT_THROW(Evaluate(directory, shape), Lucene::CorruptIndexException);
  // Asked for the best only, a word on every document is read into its frequencies at each
  // document (ShapeEvaluator::Dense), from the same run.
  EXPECT_THROW(Evaluate(directory, shape, 10), Lucene::CorruptIndexException);
}

// A short list (below the skip interval, read through TermDocs::read) whose postings name
// documents past the segment: the evaluator indexes arrays of the segment's size by document.
TEST_P(DamagedPostingsTest, ShortListsPastTheSegmentThrow) {
  constexpr int kDocs = 8;
  testing::TempDir dir("postings-damaged-short");
  const auto directory = Write(dir, std::vector<const wchar_t*>(kDocs, L"alpha beta"));
  const PlanShape shape = Requiring({U"alpha"});
  ASSERT_EQ(Evaluate(directory, shape).size(), static_cast<size_t>(kDocs));

  const Postings alpha = Find(directory, L"alpha");
  ASSERT_TRUE(alpha.found);
  ASSERT_GT(alpha.next, alpha.begin);
  Damage(dir, alpha.begin, alpha.next);
  if (GetParam() == 0x7F) {
    EXPECT_THROW(Evaluate(directory, shape), Lucene::CorruptIndexException);
  } else {
    // No byte ends a VInt: Lucene++'s reader runs on into the next term's postings, and
    // whatever it makes of them is refused, or it reads past the end of the file.
    EXPECT_THROW(Evaluate(directory, shape), Lucene::LuceneException);
  }
}

// Damaged skip data: a frequent word evaluated at a rare word's few documents is read through
// its first level of skip data (ForEachPostingAtInBulk), which must not lead the reader
// outside the run or the segment either.
TEST_P(DamagedPostingsTest, SkipDataThrowsCorruptIndexException) {
  constexpr int kDocs = 64;  // four skip entries, one level
  testing::TempDir dir("postings-damaged-skips");
  std::vector<const wchar_t*> documents(kDocs, L"alpha");
  documents[10] = documents[50] = L"alpha beta";
  const auto directory = Write(dir, documents);
  const PlanShape shape = Requiring({U"beta", U"alpha"});
  ASSERT_EQ(Evaluate(directory, shape), (std::vector<int32_t>{10, 50}));

  // alpha's skip data: from its skip pointer to beta's postings, which follow it.
  const Postings alpha = Find(directory, L"alpha");
  ASSERT_TRUE(alpha.found);
  ASSERT_GT(alpha.next, alpha.skip_data);
  Damage(dir, alpha.skip_data, alpha.next);
  EXPECT_THROW(Evaluate(directory, shape), Lucene::CorruptIndexException);
}

// Damaged positions: a phrase is read through its terms' positions in the .prx file
// (PhraseAtInBulk), which must not read past the file or take a malformed position.
TEST_P(DamagedPostingsTest, PositionsThrowCorruptIndexException) {
  constexpr int kDocs = 64;  // above the skip interval: read in bulk
  testing::TempDir dir("postings-damaged-positions");
  const auto directory = Write(dir, std::vector<const wchar_t*>(kDocs, L"alpha beta gamma"));
  PlanShape shape;
  shape.required.push_back(PlanGroup{{PlanClause{kField, {U"alpha", U"beta", U"gamma"}, 1.0}}});
  ASSERT_EQ(Evaluate(directory, shape).size(), static_cast<size_t>(kDocs));

  Damage(dir, 0, -1, ".prx");
  if (GetParam() == 0xFF) {
    EXPECT_THROW(Evaluate(directory, shape), Lucene::CorruptIndexException);
  } else {
    // Each position one VInt of 127 after the last: alpha, beta and gamma all at 127, 254, …
    // so the phrase stands nowhere.
    EXPECT_TRUE(Evaluate(directory, shape).empty());
  }
}

// The first positions of the file damaged, those after them intact. 0xFF: one VInt runs on
// past five bytes, refused there rather than decoded into a position of whatever the bytes
// make. 0x7F: six one-byte positions of 127, alpha's in the first six documents, where the
// phrase then stands no more.
TEST_P(DamagedPostingsTest, DamagedFirstPositionsAreRefusedOrMissTheirDocuments) {
  constexpr int kDocs = 64;
  testing::TempDir dir("postings-damaged-position");
  const auto directory = Write(dir, std::vector<const wchar_t*>(kDocs, L"alpha beta gamma"));
  PlanShape shape;
  shape.required.push_back(PlanGroup{{PlanClause{kField, {U"alpha", U"beta", U"gamma"}, 1.0}}});
  ASSERT_EQ(Evaluate(directory, shape).size(), static_cast<size_t>(kDocs));

  Damage(dir, 0, 6, ".prx");
  if (GetParam() == 0xFF) {
    EXPECT_THROW(Evaluate(directory, shape), Lucene::CorruptIndexException);
  } else {
    std::vector<int32_t> rest(kDocs - 6);
    std::iota(rest.begin(), rest.end(), 6);
    EXPECT_EQ(Evaluate(directory, shape), rest);
  }
}

// 0xFF: no byte ends a VInt. 0x7F: each byte a posting 63 documents on, past the segment.
// A search whose required words are each on a large part of a segment reads their
// frequencies at every document, a byte each (ShapeEvaluator::Dense); 255 and more are kept
// aside, and score as Lucene scores them.
class DenseSearchTest : public DamagedPostingsTest {
 protected:
  // The scores of every match of `shape` in the index at `directory` are Lucene's; `matches`
  // documents match.
  static void ExpectLuceneScores(const Lucene::DirectoryPtr& directory, const PlanShape& shape,
                                 int docs, size_t matches) {
    auto reader = Lucene::IndexReader::open(directory, true);
    auto searcher = Lucene::newLucene<Lucene::IndexSearcher>(reader);
    std::map<int32_t, double> want;
    const Lucene::TopDocsPtr top =
        searcher->search(ToLuceneQuery(shape), Lucene::FilterPtr(), docs);
    for (const auto& sd : top->scoreDocs) want[sd->doc] = sd->score;
    ASSERT_EQ(want.size(), matches);
    std::map<int32_t, double> got;
    EvaluateShape(
        searcher, shape, ScoreMode::kScores, static_cast<size_t>(docs),
        [&](const Lucene::IndexReaderPtr&, int32_t base, const std::vector<ScoredDoc>& m) {
          for (const ScoredDoc& d : m) got[base + d.doc] = d.score;
        });
    ASSERT_EQ(got.size(), want.size());
    for (const auto& [doc, score] : want) {
      ASSERT_TRUE(got.count(doc)) << "doc " << doc;
      EXPECT_TRUE(Near(got[doc], score)) << "doc " << doc << ": " << got[doc] << " vs " << score;
    }
    reader->close();
  }
};

TEST_F(DenseSearchTest, FrequenciesAboveAByteScoreAsLucene) {
  constexpr int kDocs = 64;
  testing::TempDir dir("postings-dense");
  std::wstring just;  // 255 times: the byte's last value, which says "kept aside"
  std::wstring many;
  std::wstring more;
  for (int i = 0; i < 255; ++i) just += L"alpha ";
  for (int i = 0; i < 300; ++i) many += L"alpha ";
  for (int i = 0; i < 1000; ++i) more += L"alpha beta ";
  std::vector<const wchar_t*> documents(kDocs, L"alpha beta");
  just += L"beta";
  many += L"beta";
  documents[3] = just.c_str();
  documents[7] = many.c_str();
  documents[20] = more.c_str();
  documents[30] = L"beta";
  ExpectLuceneScores(Write(dir, documents), Requiring({U"alpha", U"beta"}), kDocs, kDocs - 1);
}

// A clause whose term is on few of the matches is added only where it is (Dense's sparse
// path), its frequencies above a byte included.
TEST_F(DenseSearchTest, SparseClausesScoreAsLucene) {
  constexpr int kDocs = 64;
  testing::TempDir dir("postings-sparse");
  std::wstring just = L"alpha ";
  std::wstring many;
  for (int i = 0; i < 255; ++i) just += L"omega ";
  for (int i = 0; i < 300; ++i) many += L"omega ";
  just += L"beta";
  many += L"beta";  // no alpha: the first group matches by omega alone
  std::vector<const wchar_t*> documents(kDocs, L"alpha beta");
  documents[3] = just.c_str();
  documents[9] = many.c_str();
  documents[12] = L"omega alpha beta omega";
  documents[30] = L"beta";         // neither alpha nor omega: no match
  documents[41] = L"omega alpha";  // no beta: no match, though omega is there
  PlanShape shape;
  shape.required.push_back(
      PlanGroup{{PlanClause{kField, {U"alpha"}, 1.0}, PlanClause{kField, {U"omega"}, 2.0}}});
  shape.required.push_back(PlanGroup{{PlanClause{kField, {U"beta"}, 1.0}}});
  ExpectLuceneScores(Write(dir, documents), shape, kDocs, kDocs - 2);
}

// The per-segment cache of impacts and frequencies drops the oldest value first when over its
// budget, unless it was asked for since: a word most searches use stays.
TEST_F(DenseSearchTest, CoreCacheKeepsWhatIsUsedOverWhatIsNot) {
  testing::TempDir dir("core-cache");
  const auto directory = Write(dir, {L"alpha"});
  auto reader = Lucene::IndexReader::open(directory, true);
  const Lucene::IndexReaderPtr segment = SegmentsOf(reader).at(0).first;
  CoreCache<std::vector<uint8_t>> cache(300);  // three values of 100 bytes
  int made = 0;
  auto get = [&](const wchar_t* key, bool compute) {
    return cache.Get(segment, key, compute, [&] {
      ++made;
      return std::make_shared<const std::vector<uint8_t>>(100, uint8_t{1});
    });
  };
  for (const wchar_t* key : {L"a", L"b", L"c"}) ASSERT_TRUE(get(key, true));
  ASSERT_TRUE(get(L"a", false));  // a used again
  ASSERT_TRUE(get(L"d", true));   // over the budget: b, the oldest not used since, goes
  EXPECT_EQ(made, 4);
  EXPECT_TRUE(get(L"a", false));
  EXPECT_FALSE(get(L"b", false));
  EXPECT_TRUE(get(L"c", false));
  EXPECT_TRUE(get(L"d", false));
  reader->close();
}

INSTANTIATE_TEST_SUITE_P(Bytes, DamagedPostingsTest, ::testing::Values(0xFF, 0x7F));

}  // namespace
}  // namespace vanban::index_internal
