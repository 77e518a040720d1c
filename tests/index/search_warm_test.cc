// SearchIndex::Warm: reads every segment's term dictionary (and what else a first search
// reads) ahead of the searches, which then answer exactly as on an index not read ahead.
#include <gtest/gtest.h>

#include <LuceneHeaders.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "index/index_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/index/search_index.h"

namespace vanban {
namespace {

using testing::MakeEntry;
using testing::TempDir;

std::unique_ptr<SearchIndex> Reader(const std::filesystem::path& dir) {
  auto r = SearchIndex::OpenReader(dir);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

// Three commits of 40 documents each: three segments (the merge policy merges ten). Each body
// is its words `repeat` times.
void BuildThreeSegments(const std::filesystem::path& dir, int repeat = 1) {
  auto w = SearchIndex::OpenWriter(dir);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  const std::vector<std::string> types = {"Quyết định", "Thông báo", "Kế hoạch"};
  const std::vector<std::string> authorities = {"UBND tỉnh Thái Nguyên", "Sở Y tế",
                                                "UBND huyện Đại Từ", "Sở Tài chính"};
  const std::vector<std::string> words = {
      "ủy ban nhân dân",     "quy định", "đất đai", "y tế", "thủy lợi",
      "công nghệ thông tin", "ngân sách"};
  int64_t id = 1;
  for (int seg = 0; seg < 3; ++seg) {
    for (int i = 0; i < 40; ++i, ++id) {
      std::string body;
      for (size_t k = 0; k < words.size(); ++k) {
        if ((id + static_cast<int64_t>(k)) % (k + 2) == 0) body += words[k] + " về việc ";
      }
      const std::string once = body;
      for (int r = 1; r < repeat; ++r) body += " " + once + std::to_string(r);
      IndexEntry e =
          MakeEntry(id, std::to_string(id) + "/2026/QĐ-UBND", types[id % 3], authorities[id % 4],
                    "Về " + words[id % 7] + " năm " + std::to_string(2020 + id % 6), body);
      e.meta.issue_date = "202" + std::to_string(id % 6) + "-0" + std::to_string(1 + id % 9) +
                          "-1" + std::to_string(id % 10);
      ASSERT_TRUE((*w)->Upsert(e).ok());
    }
    ASSERT_TRUE((*w)->Commit().ok());
  }
}

TEST(SearchIndexWarm, ReadsEverySegmentsDictionaryAndSearchesAsBefore) {
  TempDir tmp;
  const std::filesystem::path dir = tmp / "index";
  BuildThreeSegments(dir);

  // Lucene++'s own count of each segment's terms.
  int64_t segments = 0;
  int64_t terms = 0;
  {
    Lucene::IndexReaderPtr lucene =
        Lucene::IndexReader::open(Lucene::FSDirectory::open(dir.wstring()), true);
    for (const Lucene::IndexReaderPtr& s : lucene->getSequentialSubReaders()) {
      ++segments;
      terms += s->getUniqueTermCount();
    }
    lucene->close();
  }
  ASSERT_EQ(segments, 3);

  auto warmed = Reader(dir);
  auto cold = Reader(dir);  // another reader: its segments' caches are its own
  ASSERT_TRUE(warmed && cold);
  auto stats = warmed->Warm();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->segments, 3);
  EXPECT_EQ(stats->terms, terms);
  // Again: the dictionaries are kept, not built anew.
  auto again = warmed->Warm();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->terms, terms);

  for (const std::string q : {"quyết định", "quy dinh", "\"ủy ban nhân dân\"", "thuỷ lợi -đất",
                              "7/2026/QĐ-UBND", "ngan sach nam 2023"}) {
    for (SearchSort sort : {SearchSort::kRelevance, SearchSort::kIssueDateDesc}) {
      SearchQuery query{q, 1, 10};
      query.sort = sort;
      auto a = warmed->Search(query);
      auto b = cold->Search(query);
      ASSERT_TRUE(a.ok() && b.ok()) << q;
      EXPECT_GT(a->total, 0) << q;
      EXPECT_EQ(a->total, b->total) << q;
      ASSERT_EQ(a->hits.size(), b->hits.size()) << q;
      for (size_t i = 0; i < a->hits.size(); ++i) {
        EXPECT_EQ(a->hits[i].doc_id, b->hits[i].doc_id) << q << " #" << i;
        EXPECT_DOUBLE_EQ(a->hits[i].score, b->hits[i].score) << q << " #" << i;
      }
      ASSERT_EQ(a->facets.size(), b->facets.size()) << q;
      for (size_t f = 0; f < a->facets.size(); ++f) {
        ASSERT_EQ(a->facets[f].values.size(), b->facets[f].values.size()) << q;
        for (size_t v = 0; v < a->facets[f].values.size(); ++v) {
          EXPECT_EQ(a->facets[f].values[v].value, b->facets[f].values[v].value) << q;
          EXPECT_EQ(a->facets[f].values[v].count, b->facets[f].values[v].count) << q;
        }
      }
    }
  }
}

// This process's mappings of files under `dir` (/proc/self/smaps): their size and how much of
// them is resident in the process's page tables, in kB.
struct Mapped {
  int64_t mappings = 0;
  int64_t size_kb = 0;
  int64_t rss_kb = 0;
};
Mapped MappedUnder(const std::filesystem::path& dir) {
  std::ifstream in("/proc/self/smaps");
  Mapped out;
  bool ours = false;
  const std::string prefix = dir.string() + "/";
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string first;
    fields >> first;
    if (first == "Size:" || first == "Rss:") {
      int64_t kb = 0;
      fields >> kb;
      if (ours) (first == "Size:" ? out.size_kb : out.rss_kb) += kb;
      continue;
    }
    if (first.find('-') == std::string::npos || first.back() == ':') continue;
    // A mapping's header: address range, permissions, offset, device, inode, path.
    const size_t slash = line.find('/');
    ours = slash != std::string::npos && line.compare(slash, prefix.size(), prefix) == 0;
    if (ours) ++out.mappings;
  }
  return out;
}

TEST(SearchIndexWarm, PreloadsTheIndexFilesIntoTheProcess) {
  TempDir tmp;
  const std::filesystem::path dir = tmp / "index";
  // Bodies of some 10 kB: segments of about a megabyte, most of which opening a reader does not
  // touch (the kernel maps 64 kB around each page read).
  BuildThreeSegments(dir, 200);
  auto r = Reader(dir);
  ASSERT_TRUE(r);
  const Mapped before = MappedUnder(dir);
  ASSERT_GT(before.mappings, 0);
  auto stats = r->Warm();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  const Mapped after = MappedUnder(dir);
  EXPECT_EQ(after.mappings, before.mappings);
  // The bytes Warm reports are those of the files mapped (smaps rounds each to whole pages).
  EXPECT_GT(stats->mapped_bytes, 0);
  EXPECT_LE(stats->mapped_bytes, after.size_kb * 1024);
  EXPECT_GT(stats->mapped_bytes, after.size_kb * 1024 - after.mappings * 4096);
  // A small index fits: every page of every file is now in the process.
  EXPECT_EQ(stats->preloaded_bytes, stats->mapped_bytes);
  EXPECT_LT(before.rss_kb, before.size_kb) << "the reader had touched every page already";
  EXPECT_EQ(after.rss_kb, after.size_kb);
}

TEST(SearchIndexWarm, WriterReadsItsUncommittedSegmentsToo) {
  TempDir tmp;
  auto w = SearchIndex::OpenWriter(tmp / "index");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Upsert(MakeEntry(1, "1/2026/QĐ-UBND", "Quyết định", "Sở Y tế", "Về y tế cơ sở",
                                     "khám chữa bệnh"))
                  .ok());
  auto stats = (*w)->Warm();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->segments, 1);
  EXPECT_GT(stats->terms, 0);
}

TEST(SearchIndexWarm, MissingIndexHasNothingToRead) {
  TempDir tmp;
  auto r = Reader(tmp / "none");
  ASSERT_TRUE(r);
  auto stats = r->Warm();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->segments, 0);
  EXPECT_EQ(stats->terms, 0);
}

}  // namespace
}  // namespace vanban
