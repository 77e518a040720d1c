// index/src/snippet.h on long bodies: the window is looked for in the first
// kSnippetScanBytes, and in the rest only when they hold no match.
#include "snippet.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vanban::index_internal {
namespace {

// `bytes` bytes of Vietnamese filler (two- and three-byte letters), whole words.
std::string Filler(size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += "nội dung văn bản quy định chung ";
  return s;
}

TEST(SnippetTest, MatchBeyondTheScannedPartIsStillFound) {
  const std::string body = Filler(3 * kSnippetScanBytes) + "điều khoản thi hành cuối cùng";
  const std::string s = MakeSnippet(body, U"", {U"thi", U"hanh"});
  EXPECT_NE(s.find("<mark>thi</mark> <mark>hành</mark>"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;  // text was cut before
}

TEST(SnippetTest, WindowIsChosenInTheScannedPartOfALongBody) {
  // Both words together only far beyond the scanned part; one of them near the start.
  const std::string body = "Mở đầu: phạm vi điều chỉnh. " + Filler(2 * kSnippetScanBytes) +
                           "phạm vi áp dụng điều chỉnh " + Filler(1000);
  const std::string s = MakeSnippet(body, U"", {U"pham", U"vi", U"ap", U"dung"});
  EXPECT_EQ(s.rfind("Mở đầu: <mark>phạm</mark> <mark>vi</mark>", 0), 0u) << s;
  // The body goes on after the excerpt.
  EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
}

TEST(SnippetTest, BodyCutInsideACharacterIsNotBroken) {
  // The scanned part ends inside "ữ" (three bytes), right after a match whose window reaches it.
  const size_t limit = kSnippetScanBytes + 4 * kSnippetChars;
  std::string body(limit - 12, 'a');
  body += " tiếp bb";  // 10 bytes: "ữ" starts 2 bytes before the limit
  ASSERT_EQ(body.size(), limit - 4 + 2);
  body += "ữ theo";
  const std::string s = MakeSnippet(body, U"", {U"tiep"});
  // Not "bbá»": the two bytes of "ữ" in the scanned part read as cp1252 letters.
  const std::string tail = "<mark>tiếp</mark> bb …";
  ASSERT_GE(s.size(), tail.size());
  EXPECT_EQ(s.substr(s.size() - tail.size()), tail) << s;
}

}  // namespace
}  // namespace vanban::index_internal
