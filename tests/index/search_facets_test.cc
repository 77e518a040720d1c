// Facets, filters, sort orders, deep paging and suggestions of SearchIndex, on a real Lucene++
// index in a temporary directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "index/index_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/index/search_index.h"

namespace vanban {
namespace {

using testing::HitIds;
using testing::TempDir;

using Counts = std::vector<std::pair<std::string, int64_t>>;

constexpr char kUbnd[] = "Ủy ban nhân dân tỉnh Thái Nguyên";
constexpr char kHdnd[] = "Hội đồng nhân dân tỉnh Thái Nguyên";
constexpr char kStc[] = "Sở Tài chính";
constexpr char kSxd[] = "Sở Xây dựng";

IndexEntry Entry(int64_t id, std::string type, std::string authority,
                 std::vector<std::string> fields, std::string issue, std::string effective,
                 std::string unit, std::string text = "Nội dung văn bản mẫu số") {
  IndexEntry e;
  e.doc_id = id;
  e.meta.number = std::to_string(id) + "/2026/X";
  e.meta.type = std::move(type);
  e.meta.authority = std::move(authority);
  e.meta.fields = std::move(fields);
  e.meta.issue_date = std::move(issue);
  e.meta.effective_date = std::move(effective);
  e.meta.summary = "Trích yếu " + std::to_string(id);
  e.text = std::move(text) + " " + std::to_string(id);
  e.unit = std::move(unit);
  return e;
}

class SearchFacetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = SearchIndex::OpenWriter(dir_ / "index");
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    index_ = std::move(w).value();
  }

  void Add(const IndexEntry& e) { ASSERT_TRUE(index_->Upsert(e).ok()); }
  void Commit() { ASSERT_TRUE(index_->Commit().ok()); }

  // Documents 1..7 contain "văn bản mẫu"; 8 does not.
  void AddKnownSet() {
    Add(Entry(1, "Quyết định", kUbnd, {"Đất đai"}, "2025-03-01", "2025-03-15", "vpubnd"));
    Add(Entry(2, "Quyết định", kUbnd, {"Giáo dục"}, "2026-01-12", "2026-02-01", "vpubnd"));
    Add(Entry(3, "Nghị quyết", kHdnd, {"Đất đai", "Tài chính"}, "2025-12-10", "2026-01-01",
              "hdnd"));
    Add(Entry(4, "Công văn", kStc, {"Tài chính"}, "2026-02-03", "", "stc"));
    IndexEntry joint =
        Entry(5, "Quyết định", kStc, {"Xây dựng"}, "2024-07-07", "2024-07-20", "stc");
    joint.meta.authorities = {kStc, kSxd};  // a joint document: both bodies issue it
    Add(joint);
    Add(Entry(6, "Công văn", kUbnd, {}, "", "", "vpubnd"));
    Add(Entry(7, "Quyết định", kUbnd, {"Đất đai"}, "2026-01-12", "2026-01-20", "vpubnd"));
    Add(Entry(8, "Quyết định", kUbnd, {"Đất đai"}, "2026-03-03", "2026-03-03", "vpubnd",
              "Chỉ có chữ khác"));
    Commit();
  }

  SearchResults Run(const std::string& q, const SearchFilters& filters = {},
                    SearchSort sort = SearchSort::kRelevance, int page = 1, int page_size = 20,
                    int facet_limit = 10) {
    SearchQuery sq{q, page, page_size, filters, sort, facet_limit};
    auto r = index_->Search(sq);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : SearchResults{};
  }

  static Counts FacetOf(const SearchResults& r, SearchFacet f) {
    for (const FacetCounts& fc : r.facets) {
      if (fc.facet != f) continue;
      Counts out;
      for (const auto& v : fc.values) out.emplace_back(v.value, v.count);
      return out;
    }
    ADD_FAILURE() << "no facet " << SearchFacetName(f);
    return {};
  }

  static SearchFilters With(SearchFacet f, std::vector<std::string> values,
                            SearchFilters base = {}) {
    base.of(f) = std::move(values);
    return base;
  }

  std::vector<std::string> SuggestTexts(const std::string& q, int limit = 10) {
    auto r = index_->Suggest(q, limit);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& s : *r) out.push_back(s.kind + ":" + s.text);
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<SearchIndex> index_;
};

std::vector<int64_t> Sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(SearchFacetsTest, FacetCountsAreExactOverTheWholeResultSet) {
  AddKnownSet();
  SearchResults r = Run("van ban mau", {}, SearchSort::kRelevance, 1, 2);
  EXPECT_EQ(r.total, 7);
  EXPECT_EQ(r.hits.size(), 2u);  // counts do not depend on the page
  ASSERT_EQ(r.facets.size(), kSearchFacetCount);
  EXPECT_EQ(r.facets[0].facet, SearchFacet::kType);
  EXPECT_EQ(FacetOf(r, SearchFacet::kType),
            (Counts{{"Quyết định", 4}, {"Công văn", 2}, {"Nghị quyết", 1}}));
  EXPECT_EQ(FacetOf(r, SearchFacet::kAuthority),
            (Counts{{kUbnd, 4}, {kStc, 2}, {kHdnd, 1}, {kSxd, 1}}));
  EXPECT_EQ(FacetOf(r, SearchFacet::kField),
            (Counts{{"Đất đai", 3}, {"Tài chính", 2}, {"Giáo dục", 1}, {"Xây dựng", 1}}));
  EXPECT_EQ(FacetOf(r, SearchFacet::kYear), (Counts{{"2026", 3}, {"2025", 2}, {"2024", 1}}));
  EXPECT_EQ(FacetOf(r, SearchFacet::kUnit), (Counts{{"vpubnd", 4}, {"stc", 2}, {"hdnd", 1}}));
}

TEST_F(SearchFacetsTest, FiltersCombineAndFacetsIgnoreOnlyTheirOwnFilter) {
  AddKnownSet();
  SearchResults qd = Run("van ban mau", With(SearchFacet::kType, {"Quyết định"}));
  EXPECT_EQ(Sorted(HitIds(qd)), (std::vector<int64_t>{1, 2, 5, 7}));
  EXPECT_EQ(qd.total, 4);
  // The type facet still shows the alternatives; the others count within "Quyết định".
  EXPECT_EQ(FacetOf(qd, SearchFacet::kType),
            (Counts{{"Quyết định", 4}, {"Công văn", 2}, {"Nghị quyết", 1}}));
  EXPECT_EQ(FacetOf(qd, SearchFacet::kYear), (Counts{{"2026", 2}, {"2024", 1}, {"2025", 1}}));

  SearchResults qd2026 = Run(
      "van ban mau", With(SearchFacet::kYear, {"2026"}, With(SearchFacet::kType, {"Quyết định"})));
  EXPECT_EQ(Sorted(HitIds(qd2026)), (std::vector<int64_t>{2, 7}));
  EXPECT_EQ(FacetOf(qd2026, SearchFacet::kType), (Counts{{"Quyết định", 2}, {"Công văn", 1}}));
  EXPECT_EQ(FacetOf(qd2026, SearchFacet::kYear), (Counts{{"2026", 2}, {"2024", 1}, {"2025", 1}}));
  EXPECT_EQ(FacetOf(qd2026, SearchFacet::kField), (Counts{{"Giáo dục", 1}, {"Đất đai", 1}}));

  // Several values of one facet: any of them.
  EXPECT_EQ(
      Sorted(HitIds(Run("van ban mau", With(SearchFacet::kType, {"Quyết định", "Công văn"})))),
      (std::vector<int64_t>{1, 2, 4, 5, 6, 7}));
  // A joint document is found under each of its authorities.
  EXPECT_EQ(HitIds(Run("van ban mau", With(SearchFacet::kAuthority, {kSxd}))),
            (std::vector<int64_t>{5}));
  EXPECT_EQ(Sorted(HitIds(Run("van ban mau", With(SearchFacet::kAuthority, {kStc})))),
            (std::vector<int64_t>{4, 5}));
  // lĩnh vực and year together.
  EXPECT_EQ(HitIds(Run("van ban mau", With(SearchFacet::kYear, {"2025"},
                                           With(SearchFacet::kField, {"Tài chính"})))),
            (std::vector<int64_t>{3}));
  EXPECT_EQ(Sorted(HitIds(Run("van ban mau", With(SearchFacet::kUnit, {"stc"})))),
            (std::vector<int64_t>{4, 5}));
}

TEST_F(SearchFacetsTest, FilterValuesAreNormalisedAndUnknownOnesMatchNothing) {
  AddKnownSet();
  // Decomposed (NFD) and padded: the same value once normalised.
  const std::string nfd = "  Quye\xCC\x82\xCC\x81t \xC4\x91i\xCC\xA3nh ";
  EXPECT_EQ(Run("van ban mau", With(SearchFacet::kType, {nfd})).total, 4);
  SearchResults none = Run("van ban mau", With(SearchFacet::kType, {"Thông báo"}));
  EXPECT_EQ(none.total, 0);
  EXPECT_TRUE(none.hits.empty());
  // The value filtered on stays listed, with its count, so that it can be removed.
  EXPECT_EQ(FacetOf(none, SearchFacet::kType),
            (Counts{{"Quyết định", 4}, {"Công văn", 2}, {"Nghị quyết", 1}, {"Thông báo", 0}}));
  EXPECT_EQ(Run("van ban mau", With(SearchFacet::kYear, {"26"})).total, 0);
}

TEST_F(SearchFacetsTest, FacetLimitKeepsTheTopValuesAndTheSelectedOnes) {
  AddKnownSet();
  EXPECT_EQ(FacetOf(Run("van ban mau", {}, SearchSort::kRelevance, 1, 20, 1), SearchFacet::kType),
            (Counts{{"Quyết định", 4}}));
  EXPECT_EQ(FacetOf(Run("van ban mau", With(SearchFacet::kType, {"Nghị quyết"}),
                        SearchSort::kRelevance, 1, 20, 1),
                    SearchFacet::kType),
            (Counts{{"Quyết định", 4}, {"Nghị quyết", 1}}));
  EXPECT_TRUE(Run("van ban mau", {}, SearchSort::kRelevance, 1, 20, 0).facets.empty());
}

TEST_F(SearchFacetsTest, FiltersWithoutWordsBrowseButNothingAtAllMatchesNothing) {
  AddKnownSet();
  SearchResults browse = Run("", With(SearchFacet::kType, {"Quyết định"}));
  EXPECT_EQ(Sorted(HitIds(browse)), (std::vector<int64_t>{1, 2, 5, 7, 8}));
  EXPECT_EQ(FacetOf(browse, SearchFacet::kYear), (Counts{{"2026", 3}, {"2024", 1}, {"2025", 1}}));
  EXPECT_EQ(Run("  ", With(SearchFacet::kUnit, {"hdnd"})).total, 1);
  EXPECT_EQ(Run("").total, 0);
  // Exclusions alone still match nothing, filters or not.
  EXPECT_EQ(Run("-mau", With(SearchFacet::kType, {"Quyết định"})).total, 0);
}

TEST_F(SearchFacetsTest, ReplacedAndRemovedDocumentsAreNotCounted) {
  AddKnownSet();
  IndexEntry changed = Entry(1, "Công văn", kUbnd, {"Đất đai"}, "2025-03-01", "", "vpubnd");
  Add(changed);
  ASSERT_TRUE(index_->Remove(3).ok());
  Commit();
  SearchResults r = Run("van ban mau");
  EXPECT_EQ(r.total, 6);
  EXPECT_EQ(FacetOf(r, SearchFacet::kType), (Counts{{"Công văn", 3}, {"Quyết định", 3}}));
  EXPECT_EQ(FacetOf(r, SearchFacet::kField),
            (Counts{{"Đất đai", 2}, {"Giáo dục", 1}, {"Tài chính", 1}, {"Xây dựng", 1}}));
}

TEST_F(SearchFacetsTest, SortsByIssueAndEffectiveDateWithMissingDatesLast) {
  AddKnownSet();
  const std::string q = "van ban mau";
  EXPECT_EQ(HitIds(Run(q, {}, SearchSort::kIssueDateDesc)),
            (std::vector<int64_t>{4, 2, 7, 3, 1, 5, 6}));
  EXPECT_EQ(HitIds(Run(q, {}, SearchSort::kIssueDate)),
            (std::vector<int64_t>{5, 1, 3, 2, 7, 4, 6}));
  EXPECT_EQ(HitIds(Run(q, {}, SearchSort::kEffectiveDate)),
            (std::vector<int64_t>{5, 1, 3, 7, 2, 4, 6}));
  EXPECT_EQ(HitIds(Run(q, {}, SearchSort::kEffectiveDateDesc)),
            (std::vector<int64_t>{2, 7, 3, 1, 5, 4, 6}));
  // Sorted and filtered, across pages.
  SearchFilters vp = With(SearchFacet::kUnit, {"vpubnd"});
  EXPECT_EQ(HitIds(Run(q, vp, SearchSort::kIssueDateDesc, 1, 2)), (std::vector<int64_t>{2, 7}));
  EXPECT_EQ(HitIds(Run(q, vp, SearchSort::kIssueDateDesc, 2, 2)), (std::vector<int64_t>{1, 6}));
  EXPECT_TRUE(Run(q, vp, SearchSort::kIssueDateDesc, 3, 2).hits.empty());
}

TEST_F(SearchFacetsTest, RelevanceIsTheDefaultAndRanksByScore) {
  AddKnownSet();
  // A Công văn like 4 and 6 ("văn" in the type), with the words four times in the body.
  Add(Entry(9, "Công văn", kUbnd, {}, "2020-01-01", "", "vpubnd",
            "văn bản mẫu văn bản mẫu văn bản mẫu văn bản mẫu"));
  Commit();
  SearchResults def = Run("van ban mau");
  SearchResults rel = Run("van ban mau", {}, SearchSort::kRelevance);
  EXPECT_EQ(HitIds(def), HitIds(rel));
  ASSERT_FALSE(rel.hits.empty());
  EXPECT_EQ(rel.hits[0].doc_id, 9);
  for (size_t i = 1; i < rel.hits.size(); ++i) {
    EXPECT_GE(rel.hits[i - 1].score, rel.hits[i].score);
  }
  EXPECT_EQ(HitIds(Run("van ban mau", {}, SearchSort::kIssueDate)).front(), 9);
}

TEST(SearchSortNames, RoundTrip) {
  for (SearchSort s : {SearchSort::kRelevance, SearchSort::kIssueDate, SearchSort::kIssueDateDesc,
                       SearchSort::kEffectiveDate, SearchSort::kEffectiveDateDesc}) {
    EXPECT_EQ(SearchSortFromName(SearchSortName(s)), s);
  }
  EXPECT_EQ(SearchSortName(SearchSort::kIssueDateDesc), "-issue_date");
  EXPECT_EQ(SearchSortFromName("date"), std::nullopt);
  for (SearchFacet f : kSearchFacets) EXPECT_EQ(SearchFacetFromName(SearchFacetName(f)), f);
  EXPECT_EQ(SearchFacetFromName("fields"), std::nullopt);
}

// 1,200 documents with many equal dates: every page is the matching slice of the whole
// ordering, deep pages included, in several commits (several segments).
TEST_F(SearchFacetsTest, DeepPagesAreSlicesOfTheFullOrder) {
  constexpr int kDocs = 1200;
  struct Known {
    int64_t id;
    int32_t key;
  };
  std::vector<Known> known;
  for (int i = 1; i <= kDocs; ++i) {
    const int year = 2000 + i % 25;
    const int month = 1 + i * 7 % 12;
    const int day = 1 + i * 13 % 28;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    Add(Entry(i, i % 3 == 0 ? "Công văn" : "Quyết định", kUbnd, {}, date, "", "vpubnd",
              "văn bản chung"));
    known.push_back({i, year * 10000 + month * 100 + day});
    if (i % 400 == 0) Commit();
  }
  Commit();

  std::vector<Known> desc = known;
  std::sort(desc.begin(), desc.end(), [](const Known& a, const Known& b) {
    return a.key != b.key ? a.key > b.key : a.id < b.id;
  });
  auto slice = [](const std::vector<Known>& v, size_t from, size_t n) {
    std::vector<int64_t> ids;
    for (size_t i = from; i < std::min(v.size(), from + n); ++i) ids.push_back(v[i].id);
    return ids;
  };
  const std::string q = "van ban chung";
  SearchResults p50 = Run(q, {}, SearchSort::kIssueDateDesc, 50, 20);
  EXPECT_EQ(p50.total, kDocs);
  EXPECT_EQ(HitIds(p50), slice(desc, 980, 20));
  EXPECT_EQ(HitIds(Run(q, {}, SearchSort::kIssueDateDesc, 1, 20)), slice(desc, 0, 20));
  EXPECT_EQ(HitIds(Run(q, {}, SearchSort::kIssueDateDesc, 60, 20)), slice(desc, 1180, 20));
  EXPECT_TRUE(Run(q, {}, SearchSort::kIssueDateDesc, 61, 20).hits.empty());
  EXPECT_TRUE(Run(q, {}, SearchSort::kIssueDateDesc, 500, 20).hits.empty());
  EXPECT_EQ(Run(q, {}, SearchSort::kIssueDateDesc, 500, 20).total, kDocs);

  // Filtered: the slice of the filtered order.
  std::vector<Known> qd;
  std::copy_if(desc.begin(), desc.end(), std::back_inserter(qd),
               [](const Known& k) { return k.id % 3 != 0; });
  EXPECT_EQ(
      HitIds(Run(q, With(SearchFacet::kType, {"Quyết định"}), SearchSort::kIssueDateDesc, 37, 20)),
      slice(qd, 720, 20));

  // Relevance: pages of 20 agree with pages of 100 (one consistent order, no duplicates).
  std::vector<int64_t> all;
  for (int page = 1; page <= 12; ++page) {
    auto ids = HitIds(Run(q, {}, SearchSort::kRelevance, page, 100));
    all.insert(all.end(), ids.begin(), ids.end());
  }
  ASSERT_EQ(all.size(), static_cast<size_t>(kDocs));
  EXPECT_EQ(Sorted(all).back(), kDocs);
  std::vector<int64_t> unique = Sorted(all);
  EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
  EXPECT_EQ(HitIds(Run(q, {}, SearchSort::kRelevance, 50, 20)),
            std::vector<int64_t>(all.begin() + 980, all.begin() + 1000));
}

class SuggestTest : public SearchFacetsTest {
 protected:
  void AddDocs() {
    auto add = [&](int64_t id, std::string number, std::string type, std::string summary) {
      IndexEntry e = Entry(id, std::move(type), kUbnd, {}, "2026-01-12", "", "vpubnd");
      e.meta.number = std::move(number);
      e.meta.summary = std::move(summary);
      Add(e);
    };
    add(1, "01/2026/QĐ-UBND", "Quyết định",
        "Ban hành Quy chế quản lý và vận hành Cổng Thông tin điện tử tỉnh");
    add(2, "01/2026/NQ-HĐND", "Nghị quyết", "Quy định bảng giá đất trên địa bàn tỉnh");
    add(3, "011/2026/QĐ-UBND", "Quyết định", "Phê duyệt kế hoạch chuyển đổi số");
    add(4, "123/UBND-KT", "Công văn", "Về việc triển khai Quyết định số 01/2026/QĐ-UBND");
    add(5, "15/2025/QĐ-UBND", "Quyết định", "Phê duyệt kế hoạch chuyển đổi số");
    Commit();
  }
};

TEST_F(SuggestTest, NumberPrefixesSuggestWholeNumbers) {
  AddDocs();
  EXPECT_EQ(SuggestTexts("01/2026"),
            (std::vector<std::string>{"number:01/2026/NQ-HĐND", "number:01/2026/QĐ-UBND"}));
  EXPECT_EQ(SuggestTexts("01/2026/QĐ"), (std::vector<std::string>{"number:01/2026/QĐ-UBND"}));
  EXPECT_EQ(SuggestTexts("01/2026/qd-"), (std::vector<std::string>{"number:01/2026/QĐ-UBND"}));
  EXPECT_EQ(SuggestTexts("011"), (std::vector<std::string>{"number:011/2026/QĐ-UBND"}));
  auto r = index_->Suggest("123/UBND", 10);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].doc_id, 4);
  EXPECT_EQ((*r)[0].kind, "number");
}

TEST_F(SuggestTest, TitlesByFoldedPrefixStartingOnesFirst) {
  AddDocs();
  std::vector<std::string> quyet = SuggestTexts("quyet");
  // Titles that start with the input first, then those with a word that does ("Nghị quyết",
  // a Công văn that mentions a Quyết định).
  ASSERT_EQ(quyet.size(), 4u) << ::testing::PrintToString(quyet);
  const std::string qd = "title:Quyết định ";
  EXPECT_EQ(quyet[0].substr(0, qd.size()), qd);
  EXPECT_EQ(quyet[1].substr(0, qd.size()), qd);
  std::vector<std::string> rest(quyet.begin() + 2, quyet.end());
  std::sort(rest.begin(), rest.end());
  EXPECT_EQ(rest, (std::vector<std::string>{
                      "title:Công văn Về việc triển khai Quyết định số 01/2026/QĐ-UBND",
                      "title:Nghị quyết Quy định bảng giá đất trên địa bàn tỉnh"}));
  // The same title once, even though two documents share it.
  EXPECT_EQ(SuggestTexts("quyết định phê duyệt"),
            (std::vector<std::string>{"title:Quyết định Phê duyệt kế hoạch chuyển đổi số"}));
  EXPECT_EQ(SuggestTexts("QUY CHE cong thong t"),
            (std::vector<std::string>{
                "title:Quyết định Ban hành Quy chế quản lý và vận hành Cổng Thông tin điện tử "
                "tỉnh"}));
  EXPECT_EQ(SuggestTexts("gia dat"),
            (std::vector<std::string>{"title:Nghị quyết Quy định bảng giá đất trên địa bàn tỉnh"}));
  // A complete last word is not a prefix: "ba " is neither "bảng" nor "bàn".
  EXPECT_TRUE(SuggestTexts("gia ba ").empty());
  EXPECT_EQ(SuggestTexts("gia ba").size(), 1u);
  EXPECT_TRUE(SuggestTexts("xyzzy").empty());
  EXPECT_EQ(SuggestTexts("quyet", 2).size(), 2u);
}

// Titles that start with the input come one per run of titles that share its words and the
// next three (the same decision for one place after another is one suggestion), then the rest.
TEST_F(SuggestTest, StartingTitlesOnePerRunBeforeTheirVariants) {
  int64_t id = 100;
  auto add = [&](std::string summary) {
    IndexEntry e = Entry(id++, "Quyết định", kUbnd, {}, "2026-01-12", "", "vpubnd");
    e.meta.summary = std::move(summary);
    Add(e);
  };
  for (const char* place : {"An Giang", "Bắc Ninh", "Cà Mau", "Đà Nẵng"}) {
    add(std::string("Ban hành Quy định bảng giá đất trên địa bàn ") + place);
  }
  add("Phê duyệt kế hoạch chuyển đổi số");
  add("Thành lập Ban Chỉ đạo chuyển đổi số");
  Commit();
  EXPECT_EQ(SuggestTexts("quyet dinh", 3),
            (std::vector<std::string>{
                "title:Quyết định Ban hành Quy định bảng giá đất trên địa bàn An Giang",
                "title:Quyết định Phê duyệt kế hoạch chuyển đổi số",
                "title:Quyết định Thành lập Ban Chỉ đạo chuyển đổi số"}));
  // Fewer runs than wanted: then the other titles of the runs, in order.
  EXPECT_EQ(SuggestTexts("quyết định ban", 3),
            (std::vector<std::string>{
                "title:Quyết định Ban hành Quy định bảng giá đất trên địa bàn An Giang",
                "title:Quyết định Ban hành Quy định bảng giá đất trên địa bàn Bắc Ninh",
                "title:Quyết định Ban hành Quy định bảng giá đất trên địa bàn Cà Mau"}));
}

TEST_F(SuggestTest, RemovedDocumentsAreNotSuggested) {
  AddDocs();
  ASSERT_TRUE(index_->Remove(2).ok());
  Commit();
  EXPECT_EQ(SuggestTexts("01/2026"), (std::vector<std::string>{"number:01/2026/QĐ-UBND"}));
  EXPECT_TRUE(SuggestTexts("bang gia").empty());
}

TEST_F(SuggestTest, HostileInputNeverFails) {
  AddDocs();
  std::string long_input(2000, 'a');
  std::string long_vi;
  for (int i = 0; i < 2000; ++i) long_vi += "ế ";
  std::vector<std::string> inputs = {"",
                                     " ",
                                     long_input,
                                     long_vi,
                                     std::string("\x01\x02quy\x1F\x7F", 7),
                                     std::string("\0quyet", 6),
                                     "\xFF\xFE\xC3",
                                     "\xC3",
                                     "*",
                                     "\"",
                                     "/",
                                     "-",
                                     "01/",
                                     "(unbalanced AND OR* ~ ^ [ { :"};
  for (const std::string& in : inputs) {
    auto r = index_->Suggest(in, 10);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_LE(r->size(), 10u);
  }
  EXPECT_TRUE(index_->Suggest("", 10)->empty());
  EXPECT_TRUE(index_->Suggest(long_input, 10)->empty());
  // Control characters separate words; the rest still suggests.
  EXPECT_FALSE(index_->Suggest(std::string("\x01quy\x02", 5), 10)->empty());
  EXPECT_EQ(index_->Suggest("01/", 10)->size(), 2u);
}

TEST(SuggestWithoutIndex, ReaderOnAMissingIndexSuggestsNothing) {
  TempDir dir;
  auto r = SearchIndex::OpenReader(dir / "none");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto s = (*r)->Suggest("quyet", 10);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->empty());
}

}  // namespace
}  // namespace vanban
