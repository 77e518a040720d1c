// The results cache of SearchIndex (index/src/result_cache.h): a repeated search gets exactly
// what searching again would, and a change to the index is seen at once. On a real Lucene++
// index in a temporary directory.
#include "result_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "index/index_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/index/search_index.h"

namespace vanban {
namespace {

using testing::Eventually;
using testing::HitIds;
using testing::TempDir;

IndexEntry Entry(int64_t id, std::string type, std::string issue, std::string unit,
                 std::string text) {
  IndexEntry e;
  e.doc_id = id;
  e.meta.number = std::to_string(id) + "/2026/QĐ-UBND";
  e.meta.type = std::move(type);
  e.meta.authority = id % 2 == 0 ? "Sở Tài chính" : "Ủy ban nhân dân tỉnh Thái Nguyên";
  e.meta.fields = {id % 3 == 0 ? "Đất đai" : "Giáo dục"};
  e.meta.issue_date = std::move(issue);
  // In force in another order than issued.
  e.meta.effective_date = "2027-01-" + std::to_string(10 + id * 5 % 13);
  e.meta.summary = "Về việc kế hoạch số " + std::to_string(id);
  e.text = std::move(text);
  e.unit = std::move(unit);
  return e;
}

// Everything a caller sees of a result, as text: two results are the same if this is.
std::string Describe(const SearchResults& r) {
  std::string s = "total " + std::to_string(r.total) + " page " + std::to_string(r.page) + "/" +
                  std::to_string(r.page_size) + " dym [" + r.did_you_mean + "]\n";
  for (const SearchHit& h : r.hits) {
    s += std::to_string(h.doc_id) + " v" + std::to_string(h.version) + " " + h.number + " " +
         h.type + " " + h.authority + " " + h.issue_date + " " + h.summary + " " +
         std::to_string(h.score) + " " + h.snippet + "\n";
  }
  for (const FacetCounts& f : r.facets) {
    s += std::string(SearchFacetName(f.facet)) + ":";
    for (const FacetValueCount& v : f.values) s += " " + v.value + "=" + std::to_string(v.count);
    s += "\n";
  }
  return s;
}

class ResultCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = SearchIndex::OpenWriter(dir_ / "index");
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    index_ = std::move(w).value();
    // Twelve plans, two kinds, two years, two units; some mention "đất", more of them "kế
    // hoạch" than once.
    for (int i = 1; i <= 12; ++i) {
      std::string text = "Kế hoạch thực hiện nhiệm vụ năm 2026 của đơn vị số " + std::to_string(i);
      if (i % 3 == 0) text += ". Giao đất, cho thuê đất theo kế hoạch sử dụng đất";
      if (i % 4 == 0) text += ". Kế hoạch này thay thế kế hoạch trước";
      ASSERT_TRUE(index_
                      ->Upsert(Entry(i, i % 2 == 0 ? "Kế hoạch" : "Quyết định",
                                     i <= 6 ? "2025-0" + std::to_string(i) + "-10"
                                            : "2026-0" + std::to_string(i - 6) + "-20",
                                     i % 5 == 0 ? "stc" : "vpubnd", text))
                      .ok());
    }
    ASSERT_TRUE(index_->Commit().ok());
  }

  SearchResults Run(const SearchQuery& q) {
    auto r = index_->Search(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : SearchResults{};
  }

  // Searches that differ in one thing each: words, page, page size, sort, filters, facets.
  static std::vector<SearchQuery> Variants() {
    std::vector<SearchQuery> out;
    for (const char* q :
         {"ke hoach", "kế hoạch", "\"sử dụng đất\"", "dat -giao", "ke hoahc thuc hien"}) {
      SearchQuery sq;
      sq.q = q;
      out.push_back(sq);
    }
    SearchQuery base;
    base.q = "ke hoach";
    for (int page = 2; page <= 3; ++page) {
      SearchQuery sq = base;
      sq.page = page;
      sq.page_size = 4;
      out.push_back(sq);
    }
    for (SearchSort sort :
         {SearchSort::kIssueDate, SearchSort::kIssueDateDesc, SearchSort::kEffectiveDateDesc}) {
      SearchQuery sq = base;
      sq.sort = sort;
      sq.page_size = 5;
      out.push_back(sq);
    }
    auto filtered = [&](SearchFacet f, std::vector<std::string> values) {
      SearchQuery sq = base;
      sq.filters.of(f) = std::move(values);
      out.push_back(sq);
    };
    filtered(SearchFacet::kType, {"Kế hoạch"});
    filtered(SearchFacet::kType, {"Quyết định"});
    filtered(SearchFacet::kType, {"Kế hoạch", "Công văn"});  // none of the latter
    filtered(SearchFacet::kUnit, {"stc"});
    filtered(SearchFacet::kYear, {"2025"});
    for (int limit : {0, 1}) {
      SearchQuery sq = base;
      sq.facet_limit = limit;
      out.push_back(sq);
    }
    SearchQuery browse;  // filters only
    browse.filters.of(SearchFacet::kField) = {"Đất đai"};
    out.push_back(browse);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<SearchIndex> index_;
};

TEST_F(ResultCacheTest, RepeatedSearchesGetWhatSearchingAgainWould) {
  const std::vector<SearchQuery> variants = Variants();
  std::vector<std::string> fresh;
  for (const SearchQuery& q : variants) fresh.push_back(Describe(Run(q)));
  // Each variant is its own search: no two give the same results (else a key that ignored
  // what tells them apart would go unnoticed).
  for (size_t i = 0; i < fresh.size(); ++i) {
    for (size_t j = i + 1; j < fresh.size(); ++j) {
      EXPECT_NE(fresh[i], fresh[j]) << "variants " << i << " and " << j;
    }
  }
  EXPECT_EQ(index_->ResultCacheStats().entries, 0u);  // off by default

  index_->SetResultCache(size_t{1} << 20);
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < variants.size(); ++i) {
      EXPECT_EQ(Describe(Run(variants[i])), fresh[i]) << "round " << round << ", variant " << i;
    }
  }
  const SearchIndex::CacheStats s = index_->ResultCacheStats();
  EXPECT_EQ(s.misses, static_cast<int64_t>(variants.size()));
  EXPECT_EQ(s.hits, static_cast<int64_t>(variants.size()));
  EXPECT_EQ(s.entries, variants.size());
  EXPECT_GT(s.bytes, 0u);
}

TEST_F(ResultCacheTest, AChangeToTheIndexIsSeenAtOnce) {
  index_->SetResultCache(size_t{1} << 20);
  SearchQuery q;
  q.q = "su dung dat";
  EXPECT_EQ(Run(q).total, 4);
  EXPECT_EQ(Run(q).total, 4);
  EXPECT_EQ(index_->ResultCacheStats().hits, 1);

  // Committed: the next search sees it.
  ASSERT_TRUE(index_->Upsert(Entry(40, "Kế hoạch", "2026-05-05", "stc", "Sử dụng đất")).ok());
  ASSERT_TRUE(index_->Commit().ok());
  SearchResults added = Run(q);
  EXPECT_EQ(added.total, 5);
  EXPECT_EQ(HitIds(added).size(), 5u);
  // Not committed: within the near-real-time interval.
  ASSERT_TRUE(index_->Remove(3).ok());
  EXPECT_TRUE(Eventually([&] { return Run(q).total == 4; })) << Describe(Run(q));
  for (int64_t id : HitIds(Run(q))) EXPECT_NE(id, 3);
}

TEST(ResultCacheUnitTest, LeastRecentlyUsedGoFirstWithinTheBudget) {
  using index_internal::ResultCache;
  SearchResults r;
  r.total = 1;
  r.hits.resize(3);
  r.hits[0].snippet = std::string(500, 'x');
  const size_t each = index_internal::BytesOf("a", r);
  ResultCache cache(2 * each + each / 2);  // room for two
  cache.Put("a", r);
  r.total = 2;
  cache.Put("b", r);
  ASSERT_TRUE(cache.Get("a").has_value());  // a is now the more recent
  r.total = 3;
  cache.Put("c", r);
  EXPECT_FALSE(cache.Get("b").has_value());
  ASSERT_TRUE(cache.Get("a").has_value());
  EXPECT_EQ(cache.Get("a")->total, 1);
  ASSERT_TRUE(cache.Get("c").has_value());
  EXPECT_EQ(cache.Get("c")->total, 3);
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_LE(cache.stats().bytes, 2 * each + each / 2);

  // Replacing a key keeps one entry.
  r.total = 4;
  cache.Put("c", r);
  EXPECT_EQ(cache.Get("c")->total, 4);
  EXPECT_EQ(cache.stats().entries, 2u);

  // A result larger than the whole budget is not kept; a smaller budget drops the oldest.
  SearchResults big = r;
  big.hits[1].snippet = std::string(4 * each, 'y');
  cache.Put("d", big);
  EXPECT_FALSE(cache.Get("d").has_value());
  cache.SetBudget(each + each / 2);
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_TRUE(cache.Get("c").has_value());
  EXPECT_FALSE(cache.Get("a").has_value());
  cache.SetBudget(0);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(ResultCacheUnitTest, KeysTellApartWhatValuesRunTogether) {
  using index_internal::ResultKey;
  SearchQuery a;
  a.q = "a";
  SearchFilters f1;
  f1.of(SearchFacet::kType) = {"b", "c"};
  SearchFilters f2;
  f2.of(SearchFacet::kType) = {"bc"};
  SearchFilters f3;
  f3.of(SearchFacet::kAuthority) = {"b", "c"};
  EXPECT_NE(ResultKey(a, f1, 1, 20, 10), ResultKey(a, f2, 1, 20, 10));
  EXPECT_NE(ResultKey(a, f1, 1, 20, 10), ResultKey(a, f3, 1, 20, 10));
  SearchFilters f4;
  f4.of(SearchFacet::kType) = {"b", "d"};
  EXPECT_NE(ResultKey(a, f1, 1, 20, 10), ResultKey(a, f4, 1, 20, 10));
  EXPECT_NE(ResultKey(a, {}, 1, 20, 10), ResultKey(a, {}, 12, 0, 10));
  EXPECT_NE(ResultKey(a, {}, 1, 20, 10), ResultKey(a, {}, 1, 20, 1));
  SearchQuery sorted = a;
  sorted.sort = SearchSort::kIssueDate;
  EXPECT_NE(ResultKey(a, {}, 1, 20, 10), ResultKey(sorted, {}, 1, 20, 10));
  EXPECT_EQ(ResultKey(a, f1, 1, 20, 10), ResultKey(a, f1, 1, 20, 10));
}

}  // namespace
}  // namespace vanban
