// Helpers shared by the index tests: building entries and reading results.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "vanban/index/search_index.h"

namespace vanban::testing {

inline IndexEntry MakeEntry(int64_t id, std::string number, std::string type, std::string authority,
                            std::string summary, std::string text, int version = 1) {
  IndexEntry e;
  e.doc_id = id;
  e.version = version;
  e.meta.number = std::move(number);
  e.meta.type = std::move(type);
  e.meta.authority = std::move(authority);
  e.meta.summary = std::move(summary);
  e.meta.issue_date = "2026-01-12";
  e.text = std::move(text);
  e.unit = "vpubnd";
  e.published_at = "2026-01-12T08:00:00Z";
  return e;
}

// An entry with only a body (and a summary naming its id), for tests about the body.
inline IndexEntry BodyEntry(int64_t id, std::string text) {
  return MakeEntry(id, "", "Thông báo", "", "Văn bản " + std::to_string(id), std::move(text));
}

inline SearchResults SearchOrDie(SearchIndex& index, const std::string& q, int page = 1,
                                 int page_size = 20) {
  auto r = index.Search(SearchQuery{q, page, page_size});
  EXPECT_TRUE(r.ok()) << "query [" << q << "]: " << r.status().ToString();
  return r.ok() ? *r : SearchResults{};
}

inline std::vector<int64_t> HitIds(const SearchResults& r) {
  std::vector<int64_t> ids;
  for (const auto& h : r.hits) ids.push_back(h.doc_id);
  return ids;
}

// Polls `condition` until it holds or `limit` has passed; returns its last value.
template <typename F>
bool Eventually(F condition, std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

}  // namespace vanban::testing
