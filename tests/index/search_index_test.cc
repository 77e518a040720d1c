// Query behaviour of SearchIndex on a real Lucene++ index in a temporary directory.
#include "vanban/index/search_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "index/index_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

using testing::BodyEntry;
using testing::HitIds;
using testing::MakeEntry;
using testing::SearchOrDie;
using testing::TempDir;

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = SearchIndex::OpenWriter(dir_ / "index");
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    index_ = std::move(w).value();
  }

  void Add(const IndexEntry& e) { ASSERT_TRUE(index_->Upsert(e).ok()); }
  void Commit() { ASSERT_TRUE(index_->Commit().ok()); }

  // Three real-looking documents; #3 cites #1's number in its text.
  void AddGazette() {
    Add(MakeEntry(1, "01/2026/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Thái Nguyên",
                  "Ban hành Quy chế quản lý và vận hành Cổng Thông tin điện tử tỉnh",
                  "QUYẾT ĐỊNH Ban hành Quy chế quản lý và vận hành Cổng Thông tin điện tử tỉnh. "
                  "Điều 1. Ban hành kèm theo Quyết định này Quy chế. Điều 2. Quyết định có "
                  "hiệu lực kể từ ngày ký."));
    Add(MakeEntry(2, "15/2025/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân tỉnh Thái Nguyên",
                  "Quy định bảng giá đất trên địa bàn tỉnh",
                  "NGHỊ QUYẾT Quy định bảng giá đất. Điều 1. Phạm vi điều chỉnh: giá các loại "
                  "đất theo Luật Đất đai."));
    Add(MakeEntry(3, "123/UBND-KT", "Công văn", "Ủy ban nhân dân tỉnh Thái Nguyên",
                  "Về việc triển khai Quyết định số 01/2026/QĐ-UBND",
                  "Thực hiện Quyết định số 01/2026/QĐ-UBND ngày 12/01/2026 của Ủy ban nhân dân "
                  "tỉnh, các sở, ngành triển khai Quy chế. Nơi nhận: như trên."));
    Commit();
  }

  TempDir dir_;
  std::unique_ptr<SearchIndex> index_;
};

TEST_F(SearchIndexTest, QueryWithoutDiacriticsFindsAccentedText) {
  AddGazette();
  auto r = SearchOrDie(*index_, "quy che cong thong tin");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].doc_id, 1);
  EXPECT_EQ(r.total, 1);
  EXPECT_EQ(r.hits[0].number, "01/2026/QĐ-UBND");
  EXPECT_EQ(r.hits[0].type, "Quyết định");
  EXPECT_EQ(r.hits[0].authority, "Ủy ban nhân dân tỉnh Thái Nguyên");
  EXPECT_EQ(r.hits[0].issue_date, "2026-01-12");
  EXPECT_GT(r.hits[0].score, 0);
}

TEST_F(SearchIndexTest, FoldsDStrokeInTextAndQuery) {
  AddGazette();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "dat dai")), std::vector<int64_t>{2});
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "ĐẤT ĐAI")), std::vector<int64_t>{2});
}

TEST_F(SearchIndexTest, AccentedQueryFindsTheSameDocument) {
  AddGazette();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "Quy chế Cổng Thông tin")), std::vector<int64_t>{1});
}

TEST_F(SearchIndexTest, DecomposedQueryIsNormalisedToNfc) {
  AddGazette();
  // "Quyết Cổng" with the tone marks as combining characters (NFD).
  auto nfd = SearchOrDie(*index_, "Quye\xcc\x82\xcc\x81t Co\xcc\x82\xcc\x89ng");
  auto nfc = SearchOrDie(*index_, "Quyết Cổng");
  ASSERT_FALSE(nfd.hits.empty());
  EXPECT_EQ(nfd.hits[0].doc_id, 1);
  EXPECT_EQ(HitIds(nfd), HitIds(nfc));
  EXPECT_DOUBLE_EQ(nfd.hits[0].score, nfc.hits[0].score);
}

TEST_F(SearchIndexTest, EveryWordIsRequired) {
  AddGazette();
  EXPECT_EQ(SearchOrDie(*index_, "quy che ngoaihanh").total, 0);
}

TEST_F(SearchIndexTest, ExactDiacriticsRankAboveFoldedMatch) {
  Add(BodyEntry(10, "Phương án bán tài sản công năm 2026"));
  Add(BodyEntry(11, "Phương án bàn tài sản công năm 2026"));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "bán tài sản")), (std::vector<int64_t>{10, 11}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "bàn tài sản")), (std::vector<int64_t>{11, 10}));
  auto folded = SearchOrDie(*index_, "ban tai san");
  EXPECT_EQ(folded.total, 2);
}

TEST_F(SearchIndexTest, BothTonePlacementsAreTheSameExactWord) {
  // #40 matches the queries only folded ("Uy", "hoa"); #41 and #42 write the tone marks in the
  // two placements, so each matches either query exactly and ranks above #40.
  Add(BodyEntry(40, "Uy ban nhân dân xã tổ chức hoa giải ở cơ sở"));
  Add(BodyEntry(41, "Ủy ban nhân dân xã tổ chức hoà giải ở cơ sở"));
  Add(BodyEntry(42, "Uỷ ban nhân dân xã tổ chức hòa giải ở cơ sở"));
  Add(BodyEntry(43, "Bảo vệ sức khoe nhân dân và công trình thuy lợi"));
  Add(BodyEntry(44, "Bảo vệ sức khoẻ nhân dân và công trình thuỷ lợi"));
  Add(BodyEntry(45, "Bảo vệ sức khỏe nhân dân và công trình thủy lợi"));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "Uỷ ban hòa giải")), (std::vector<int64_t>{41, 42, 40}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "Ủy ban hoà giải")), (std::vector<int64_t>{41, 42, 40}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "UỶ BAN HOÀ GIẢI")), (std::vector<int64_t>{41, 42, 40}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "sức khỏe thủy lợi")), (std::vector<int64_t>{44, 45, 43}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "sức khoẻ thuỷ lợi")), (std::vector<int64_t>{44, 45, 43}));
  // Both placements score alike: the documents differ only in their placement.
  auto r = SearchOrDie(*index_, "uỷ ban");
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_DOUBLE_EQ(r.hits[0].score, r.hits[1].score);
  // "quý", "hoàn", "thuyền" are not open syllables: nothing moves.
  Add(BodyEntry(46, "Quý I hoàn thành thuyền"));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "quý hoàn thuyền")), std::vector<int64_t>{46});
}

TEST_F(SearchIndexTest, AdjacentSyllablesRankAboveScatteredSyllables) {
  // #50 has all four syllables, each twice, but never two of them side by side.
  Add(BodyEntry(50,
                "Công văn gửi nghệ nhân về thông báo tin mới, công văn về nghệ thuật, "
                "thông báo tin vui"));
  Add(BodyEntry(51, "Kế hoạch ứng dụng công nghệ thông tin trong cơ quan nhà nước năm nay"));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "công nghệ thông tin")), (std::vector<int64_t>{51, 50}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "cong nghe thong tin")), (std::vector<int64_t>{51, 50}));
}

TEST_F(SearchIndexTest, NoSyllablePairAcrossSentencePunctuation) {
  // The same words; in #52 a full stop separates "nghệ" and "thông", in #53 a comma.
  Add(BodyEntry(52, "Phát triển công nghệ. Thông tin cơ sở dữ liệu"));
  Add(BodyEntry(53, "Phát triển công nghệ, thông tin cơ sở dữ liệu"));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "nghe thong")), (std::vector<int64_t>{53, 52}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "cong nghe")), (std::vector<int64_t>{52, 53}));
}

TEST_F(SearchIndexTest, DidYouMeanCorrectsMisspeltWords) {
  AddGazette();
  auto r = SearchOrDie(*index_, "quyet dinh cong thong tim");
  EXPECT_EQ(r.total, 0);
  EXPECT_EQ(r.did_you_mean, "quyet dinh cong thong tin");
  // The suggestion finds the document.
  EXPECT_EQ(HitIds(SearchOrDie(*index_, r.did_you_mean)), std::vector<int64_t>{1});
  // Typed with diacritics: the corrected word as the documents spell it; the rest as typed.
  EXPECT_EQ(SearchOrDie(*index_, "bảng giá đấy").did_you_mean, "bảng giá đất");
  EXPECT_EQ(SearchOrDie(*index_, "Bảng giá Đấy").did_you_mean, "Bảng giá Đất");
  // A transposition is one edit; quotes and exclusions stay.
  EXPECT_EQ(SearchOrDie(*index_, "\"quy ceh\" -dat").did_you_mean, "\"quy che\" -dat");
  // Found enough (3), or nothing to correct: no suggestion.
  EXPECT_EQ(SearchOrDie(*index_, "quyet dinh").total, 3);
  EXPECT_EQ(SearchOrDie(*index_, "quyet dinh").did_you_mean, "");
  EXPECT_EQ(SearchOrDie(*index_, "quy che cong thong tin").did_you_mean, "");
  // Nothing close enough in the index, or only excluded words and numbers: none either.
  EXPECT_EQ(SearchOrDie(*index_, "xyzxyzxyz").did_you_mean, "");
  EXPECT_EQ(SearchOrDie(*index_, "99/2026/QĐ-UBND").did_you_mean, "");
  EXPECT_EQ(SearchOrDie(*index_, "-tim").did_you_mean, "");
}

// Numbers are most of a large index's terms, and they sort before every word: the dictionary
// scan steps over them, so a budget of terms looked at is not spent before the first word.
TEST_F(SearchIndexTest, DidYouMeanLooksPastTheNumbersOfTheDictionary) {
  std::string text = "Bảo đảm an ninh trật tự.";
  for (int i = 0; i < 320000; ++i) text += " " + std::to_string(i);
  Add(BodyEntry(60, text));
  Commit();
  auto r = SearchOrDie(*index_, "ann ninh");
  EXPECT_EQ(r.total, 0);
  EXPECT_EQ(r.did_you_mean, "an ninh");
  EXPECT_EQ(SearchOrDie(*index_, "bao dam an ninh trat tuu").did_you_mean,
            "bao dam an ninh trat tu");
}

// The words a correction is chosen from are read once per reader: a word that a later commit
// adds is offered once the index has it, and one it removes no longer is.
TEST_F(SearchIndexTest, DidYouMeanSeesTheWordsOfTheLatestCommit) {
  AddGazette();
  EXPECT_EQ(SearchOrDie(*index_, "karaokee").did_you_mean, "");
  Add(BodyEntry(61, "Quản lý hoạt động karaoke, vũ trường."));
  Commit();
  EXPECT_EQ(SearchOrDie(*index_, "karaokee").did_you_mean, "karaoke");
  ASSERT_TRUE(index_->Remove(61).ok());
  Commit();
  EXPECT_EQ(SearchOrDie(*index_, "karaokee").did_you_mean, "");
}

TEST_F(SearchIndexTest, NumberInAnyFormPutsThatDocumentFirst) {
  AddGazette();
  for (const char* q :
       {"01/2026/QĐ-UBND", "01/2026/qd-ubnd", "01/2026", "QĐ-UBND", "qd-ubnd",
        "01/2026/QĐ\xe2\x80\x93UBND" /* en dash */, "2026/QĐ-UBND", "(01/2026/QĐ-UBND)."}) {
    auto r = SearchOrDie(*index_, q);
    ASSERT_FALSE(r.hits.empty()) << q;
    EXPECT_EQ(r.hits[0].doc_id, 1) << q;
  }
  // #3 cites the number in its text, so it is found too, below #1.
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "01/2026/QĐ-UBND")), (std::vector<int64_t>{1, 3}));
}

TEST_F(SearchIndexTest, NumberOfAnotherDocumentIsNotConfused) {
  AddGazette();
  auto r = SearchOrDie(*index_, "15/2025/NQ-HĐND");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].doc_id, 2);
  auto cv = SearchOrDie(*index_, "123/UBND-KT");
  ASSERT_FALSE(cv.hits.empty());
  EXPECT_EQ(cv.hits[0].doc_id, 3);
}

TEST_F(SearchIndexTest, AWholeNumberComesBeforeNumbersThatEndWithIt) {
  // An administrative decision numbered 2023, and normative decisions of 2023 whose numbers
  // end in "2023/QĐ-UBND" (found by the query too, below it).
  for (int64_t id : {61, 62}) {
    IndexEntry e = BodyEntry(id, "Quyết định của Ủy ban nhân dân tỉnh");
    e.meta.number = std::to_string(id - 5) + "/2023/QĐ-UBND";
    Add(e);
  }
  IndexEntry admin = BodyEntry(63, "Quyết định của Ủy ban nhân dân tỉnh");
  admin.meta.number = "2023/QĐ-UBND";
  Add(admin);
  Commit();
  auto r = SearchOrDie(*index_, "2023/QĐ-UBND");
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_EQ(r.hits[0].doc_id, 63);
  EXPECT_EQ(SearchOrDie(*index_, "2023/qd-ubnd").hits[0].doc_id, 63);
}

TEST_F(SearchIndexTest, QuotedPhraseMatchesOnlyAdjacentWords) {
  Add(BodyEntry(20, "Tăng cường công tác quản lý đất đai trên địa bàn tỉnh."));
  Add(BodyEntry(21, "Đất ở khu vực này do xã quản lý; đai an toàn được lắp đặt."));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "\"quản lý đất đai\"")), std::vector<int64_t>{20});
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "\"quan ly dat dai\"")), std::vector<int64_t>{20});
}

TEST_F(SearchIndexTest, AdjacentWordsRankAboveScatteredWords) {
  // #21 repeats the words, so without the phrase boost it would score higher.
  Add(BodyEntry(20, "Tăng cường công tác quản lý đất đai trên địa bàn tỉnh."));
  Add(BodyEntry(21, "Đất ở do xã quản lý; đai an toàn; đất và đai, quản lý đất, quản lý đai."));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "quản lý đất đai")), (std::vector<int64_t>{20, 21}));
}

TEST_F(SearchIndexTest, ExcludedWordsAndPhrasesRemoveDocuments) {
  Add(BodyEntry(30, "Quy hoạch sử dụng đất đến năm 2030"));
  Add(BodyEntry(31, "Bảng giá đất năm 2026, không theo quy định cũ"));
  Commit();
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "đất -\"quy hoạch\"")), std::vector<int64_t>{31});
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "dat -bang")), std::vector<int64_t>{30});
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "dat -quy")), std::vector<int64_t>{});
  EXPECT_EQ(SearchOrDie(*index_, "dat").total, 2);
  // Only exclusions: nothing is required, so nothing is returned.
  EXPECT_EQ(SearchOrDie(*index_, "-bang").total, 0);
}

TEST_F(SearchIndexTest, HostileInputNeverFails) {
  AddGazette();
  std::string random_bytes;
  uint32_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    x = x * 1103515245 + 12345;
    random_bytes += static_cast<char>(x >> 24);
  }
  std::string long_query;
  while (long_query.size() < 2000) long_query += "quy chế ";
  const std::vector<std::string> inputs = {
      "",
      "   \t\n",
      "\"",
      "\"\"",
      "(",
      ")",
      "*",
      "?",
      ":",
      "*:*",
      "body:quy",
      "title:(x OR y) AND -z",
      "((((((",
      "-",
      "--",
      "-\"\"",
      "\\",
      "~2 ^3 [a TO b] {c}",
      "AND OR NOT",
      std::string("quy\0che", 7),
      "\x01\x02\x7f\x1b[31m",
      "\xff\xfe\xc3(",
      "\xed\xa0\x80 surrogate",
      "😀 quy",
      std::string(2000, 'a'),
      std::string(2000, '"'),
      std::string(2000, '-'),
      random_bytes,
      long_query,
      // Many misspelt words at once.
      "quyer dinj congg thobg tim quyer dinj congg thobg tim quyer dinj congg thobg tim",
  };
  for (const std::string& q : inputs) {
    for (int page : {1, 0, -3, INT_MAX}) {
      for (int page_size : {20, 0, -1, INT_MAX}) {
        auto r = index_->Search(SearchQuery{q, page, page_size});
        EXPECT_TRUE(r.ok()) << "query of " << q.size() << " bytes: " << r.status().ToString();
        if (r.ok()) {
          EXPECT_GE(r->page, 1);
          EXPECT_GE(r->page_size, 1);
          EXPECT_LE(r->page_size, 100);
          EXPECT_TRUE(IsValidUtf8(r->did_you_mean));
          EXPECT_EQ(r->did_you_mean.find_first_of("\n\t\r\x7f", 0), std::string::npos);
        }
      }
    }
  }
  // Syntax that is not ours is plain text: these still find the document.
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "\"quy che")), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "(quy che*) thông:")), std::vector<int64_t>{1});
  EXPECT_EQ(SearchOrDie(*index_, "").total, 0);
}

TEST_F(SearchIndexTest, UpsertReplacesTheEntry) {
  Add(BodyEntry(7, "phiên bản alphaword"));
  Commit();
  IndexEntry v2 = BodyEntry(7, "phiên bản betaword");
  v2.version = 2;
  Add(v2);
  Commit();
  EXPECT_EQ(*index_->DocCount(), 1);
  EXPECT_EQ(SearchOrDie(*index_, "alphaword").total, 0);
  auto r = SearchOrDie(*index_, "betaword");
  ASSERT_EQ(r.total, 1);
  EXPECT_EQ(r.hits[0].doc_id, 7);
  EXPECT_EQ(r.hits[0].version, 2);
  EXPECT_EQ(SearchOrDie(*index_, "phien ban").total, 1);
}

TEST_F(SearchIndexTest, RemoveDeletesOnlyThatEntry) {
  Add(BodyEntry(1, "văn bản thứ nhất"));
  Add(BodyEntry(2, "văn bản thứ hai"));
  Commit();
  ASSERT_TRUE(index_->Remove(1).ok());
  ASSERT_TRUE(index_->Remove(999).ok());
  Commit();
  EXPECT_EQ(*index_->DocCount(), 1);
  EXPECT_EQ(HitIds(SearchOrDie(*index_, "van ban")), std::vector<int64_t>{2});
}

TEST_F(SearchIndexTest, ClearRemovesEverything) {
  AddGazette();
  ASSERT_EQ(*index_->DocCount(), 3);
  ASSERT_TRUE(index_->Clear().ok());
  Commit();
  EXPECT_EQ(*index_->DocCount(), 0);
  EXPECT_EQ(SearchOrDie(*index_, "quy che").total, 0);
}

TEST_F(SearchIndexTest, FindsAWordAfterTwentyThousandWords) {
  std::string body;
  for (int i = 0; i < 10001; ++i) body += "văn bản ";
  body += "điềukhoảncuối";
  Add(BodyEntry(40, body));
  Commit();
  auto r = SearchOrDie(*index_, "dieukhoancuoi");
  ASSERT_EQ(r.total, 1);
  EXPECT_NE(r.hits[0].snippet.find("<mark>điềukhoảncuối</mark>"), std::string::npos)
      << r.hits[0].snippet;
}

TEST_F(SearchIndexTest, PagesAreDisjointAndTotalIsStable) {
  for (int i = 1; i <= 25; ++i) {
    // Different lengths give different scores, so the order is by score, not by id.
    std::string body = "thông báo";
    for (int k = 0; k < i; ++k) body += " nội dung";
    Add(BodyEntry(i, body));
  }
  Commit();
  std::set<int64_t> seen;
  double last_score = 1e9;
  const size_t expected_sizes[] = {10, 10, 5, 0};
  for (int page = 1; page <= 4; ++page) {
    auto r = SearchOrDie(*index_, "thong bao", page, 10);
    EXPECT_EQ(r.total, 25);
    EXPECT_EQ(r.page, page);
    ASSERT_EQ(r.hits.size(), expected_sizes[page - 1]) << "page " << page;
    for (const auto& h : r.hits) {
      EXPECT_TRUE(seen.insert(h.doc_id).second) << "doc " << h.doc_id << " on two pages";
      EXPECT_LE(h.score, last_score);
      last_score = h.score;
    }
  }
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(SearchOrDie(*index_, "thong bao", 1000000, 100).hits.size(), 0u);
}

TEST_F(SearchIndexTest, EqualScoresAreOrderedByDocumentId) {
  // The same text in every document, added from the highest id down: equal scores, and the
  // index's own order the reverse of the ids'. Every page must still be the next ids up,
  // including matches that tie with the last one kept so far.
  for (int i = 25; i >= 1; --i) Add(BodyEntry(i, "thông báo nội dung"));
  Commit();
  std::vector<int64_t> all;
  for (int page = 1; page <= 3; ++page) {
    auto r = SearchOrDie(*index_, "thong bao", page, 10);
    EXPECT_EQ(r.total, 25);
    for (const auto& h : r.hits) all.push_back(h.doc_id);
  }
  std::vector<int64_t> expected(25);
  for (int i = 0; i < 25; ++i) expected[static_cast<size_t>(i)] = i + 1;
  EXPECT_EQ(all, expected);
}

TEST_F(SearchIndexTest, PageAndPageSizeAreClamped) {
  for (int i = 1; i <= 3; ++i) Add(BodyEntry(i, "thông báo"));
  Commit();
  auto tiny = SearchOrDie(*index_, "thong bao", 0, 0);
  EXPECT_EQ(tiny.page, 1);
  EXPECT_EQ(tiny.page_size, 1);
  EXPECT_EQ(tiny.hits.size(), 1u);
  auto huge = SearchOrDie(*index_, "thong bao", 1, 100000);
  EXPECT_EQ(huge.page_size, 100);
  EXPECT_EQ(huge.hits.size(), 3u);
}

TEST_F(SearchIndexTest, SnippetMarksAccentedWordsAndEscapesHtml) {
  Add(BodyEntry(50, "Căn cứ <script>alert('x')</script> & \"Luật\"; Quyết định này có hiệu lực."));
  Commit();
  auto r = SearchOrDie(*index_, "quyet dinh");
  ASSERT_EQ(r.hits.size(), 1u);
  const std::string& s = r.hits[0].snippet;
  EXPECT_NE(s.find("<mark>Quyết</mark> <mark>định</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos) << s;
  EXPECT_NE(s.find("&amp; &quot;Luật&quot;"), std::string::npos) << s;
  EXPECT_EQ(s.find("<script>"), std::string::npos) << s;
}

TEST_F(SearchIndexTest, SnippetIsAWindowAroundTheBestMatch) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "mở đầu ";
  body += "Điều 5. Quy chế quản lý\nCổng   Thông tin. ";
  for (int i = 0; i < 100; ++i) body += "kết thúc ";
  Add(BodyEntry(51, body));
  Commit();
  auto r = SearchOrDie(*index_, "quy che cong");
  ASSERT_EQ(r.hits.size(), 1u);
  std::string s = r.hits[0].snippet;
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;
  EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
  EXPECT_NE(s.find("<mark>Quy</mark> <mark>chế</mark> quản lý <mark>Cổng</mark> Thông tin"),
            std::string::npos)
      << s;
  // About 200 characters of text: count code points outside the tags.
  std::string text = s;
  for (const char* tag : {"<mark>", "</mark>"}) {
    for (size_t p; (p = text.find(tag)) != std::string::npos;) text.erase(p, strlen(tag));
  }
  size_t chars = std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
  EXPECT_LE(chars, 210u) << s;
  EXPECT_GE(chars, 150u) << s;
}

TEST_F(SearchIndexTest, SnippetWithoutBodyMatchIsTheStartOfTheBody) {
  Add(MakeEntry(52, "05/2026/CT-UBND", "Chỉ thị", "Ủy ban nhân dân tỉnh", "Về phòng chống lụt bão",
                "Nội dung mở đầu của chỉ thị."));
  Commit();
  auto r = SearchOrDie(*index_, "lut bao");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].snippet, "Nội dung mở đầu của chỉ thị.");
}

TEST_F(SearchIndexTest, ConcurrentSearchesWhileWriting) {
  AddGazette();
  auto reader = SearchIndex::OpenReader(dir_ / "index");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> searches{0};
  std::vector<std::thread> threads;
  // Two threads on the writer's near-real-time view, two on a read-only instance.
  for (SearchIndex* index : {index_.get(), index_.get(), reader->get(), reader->get()}) {
    threads.emplace_back([&, index] {
      while (!stop.load()) {
        auto r = index->Search(SearchQuery{"quy che", 1, 10});
        if (!r.ok() || r->total < 2 || r->hits.empty()) failures.fetch_add(1);
        searches.fetch_add(1);
      }
    });
  }
  for (int i = 100; i < 200; ++i) {
    // EXPECT, not ASSERT: returning early would leave the threads running.
    EXPECT_TRUE(index_->Upsert(BodyEntry(i, "quy chế bổ sung số " + std::to_string(i))).ok());
    if (i % 10 == 0) {
      EXPECT_TRUE(index_->Commit().ok());
    }
  }
  EXPECT_TRUE(index_->Commit().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop.store(true);
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(searches.load(), 0);
  EXPECT_EQ(SearchOrDie(*index_, "quy che").total, 102);
  EXPECT_TRUE(testing::Eventually([&] { return SearchOrDie(**reader, "quy che").total == 102; }));
}

}  // namespace
}  // namespace vanban
