#include "vanban/web/http_util.h"

#include <gtest/gtest.h>

#include <limits>

namespace vanban::web {
namespace {

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("abc-._~XYZ019"), "abc-._~XYZ019");
  EXPECT_EQ(PercentEncode("a b&c=d/e?f#g+h%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
  EXPECT_EQ(PercentEncode("Quyết"), "Quy%E1%BA%BFt");
  EXPECT_EQ(PercentEncode(std::string("\0\"<", 3)), "%00%22%3C");
}

TEST(PercentDecode, DecodesEscapesAndPlusAndKeepsMalformedOnes) {
  EXPECT_EQ(PercentDecode("quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh", true), "quyết định");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("100%", true), "100%");
  EXPECT_EQ(PercentDecode("%zz%4", true), "%zz%4");
  EXPECT_EQ(PercentDecode("%41%62", true), "Ab");
}

TEST(QueryParams, ReturnsEveryDecodedValueInOrder) {
  EXPECT_EQ(QueryParams("type=a+b&q=x&type=%C4%91&type", "type"),
            (std::vector<std::string>{"a b", "đ", ""}));
  EXPECT_TRUE(QueryParams("q=x", "type").empty());
  EXPECT_EQ(QueryParams("t=1&t=2&t=3", "t", 2), (std::vector<std::string>{"1", "2"}));
}

TEST(QueryParam, FindsTheFirstDecodedValue) {
  EXPECT_EQ(QueryParam("q=quyet+dinh&page=2", "q"), "quyet dinh");
  EXPECT_EQ(QueryParam("q=quyet+dinh&page=2", "page"), "2");
  EXPECT_EQ(QueryParam("page=2", "q"), std::nullopt);
  EXPECT_EQ(QueryParam("q", "q"), "");
  EXPECT_EQ(QueryParam("q=a&q=b", "q"), "a");
  EXPECT_EQ(QueryParam("&&q=%3Cscript%3E&", "q"), "<script>");
  EXPECT_EQ(QueryParam("", "q"), std::nullopt);
  EXPECT_EQ(QueryParam("%71=x", "q"), "x");
}

TEST(CleanSearchText, RemovesControlsCollapsesSpaceAndRepairsUtf8) {
  bool cut = true;
  EXPECT_EQ(CleanSearchText("  quyết\t\x01\x1f định \r\n ", 100, &cut), "quyết định");
  EXPECT_FALSE(cut);
  EXPECT_EQ(CleanSearchText("a\x7f"
                            "b",
                            100, &cut),
            "a b");
  std::string invalid = "ab\xff\xfe";
  std::string cleaned = CleanSearchText(invalid, 100, &cut);
  EXPECT_EQ(cleaned.substr(0, 2), "ab");
  EXPECT_GT(cleaned.size(), 2u);  // the stray bytes are repaired, not dropped
  EXPECT_EQ(CleanSearchText("", 100, &cut), "");
  EXPECT_EQ(CleanSearchText(" \t\x02 ", 100, &cut), "");
}

TEST(CleanSearchText, CutsOnACodePointBoundary) {
  bool cut = false;
  std::string s;
  for (int i = 0; i < 10; ++i) s += "đ";
  EXPECT_EQ(CleanSearchText(s, 3, &cut), "đđđ");
  EXPECT_TRUE(cut);
  EXPECT_EQ(CleanSearchText("abc", 3, &cut), "abc");
  EXPECT_FALSE(cut);
  EXPECT_EQ(CleanSearchText("ab cd", 3, &cut), "ab");  // no trailing space after a cut
}

TEST(ParsePageNumber, ClampsEveryBadValueInsteadOfFailing) {
  EXPECT_EQ(ParsePageNumber(std::nullopt, 500), 1);
  EXPECT_EQ(ParsePageNumber("3", 500), 3);
  EXPECT_EQ(ParsePageNumber(" 3 ", 500), 3);
  EXPECT_EQ(ParsePageNumber("-5", 500), 1);
  EXPECT_EQ(ParsePageNumber("0", 500), 1);
  EXPECT_EQ(ParsePageNumber("abc", 500), 1);
  EXPECT_EQ(ParsePageNumber("2abc", 500), 1);
  EXPECT_EQ(ParsePageNumber("1.5", 500), 1);
  EXPECT_EQ(ParsePageNumber("", 500), 1);
  EXPECT_EQ(ParsePageNumber("501", 500), 500);
  EXPECT_EQ(ParsePageNumber("99999999999999999999999999", 500), 500);
}

TEST(ParseDocumentId, AcceptsPositiveDecimalOnly) {
  EXPECT_EQ(ParseDocumentId("42"), 42);
  EXPECT_EQ(ParseDocumentId("007"), 7);
  EXPECT_EQ(ParseDocumentId("0"), std::nullopt);
  EXPECT_EQ(ParseDocumentId("-1"), std::nullopt);
  EXPECT_EQ(ParseDocumentId("12a"), std::nullopt);
  EXPECT_EQ(ParseDocumentId("12/"), std::nullopt);
  EXPECT_EQ(ParseDocumentId(""), std::nullopt);
  EXPECT_EQ(ParseDocumentId("99999999999999999999"), std::nullopt);
  EXPECT_EQ(ParseDocumentId(std::to_string(std::numeric_limits<int64_t>::max())),
            std::numeric_limits<int64_t>::max());
}

TEST(ContentDispositionAttachment, GivesAsciiFallbackAndUtf8Name) {
  EXPECT_EQ(ContentDispositionAttachment("Quyết định 01.pdf"),
            "attachment; filename=\"Quyet dinh 01.pdf\"; "
            "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2001.pdf");
  // Upper-case Vietnamese letters keep their case; Đ folds to D.
  EXPECT_EQ(ContentDispositionAttachment("ĐẤT ĐAI.odt"),
            "attachment; filename=\"DAT DAI.odt\"; "
            "filename*=UTF-8''%C4%90%E1%BA%A4T%20%C4%90AI.odt");
}

TEST(ContentDispositionAttachment, NeutralisesQuotesSeparatorsAndLineBreaks) {
  std::string h = ContentDispositionAttachment("a\"b\\c/d;e%f\r\ng.pdf");
  EXPECT_EQ(h.substr(0, h.find(';', 12)), "attachment; filename=\"a_b_c_d_e_f__g.pdf\"");
  EXPECT_EQ(h.find('\r'), std::string::npos);
  EXPECT_EQ(h.find('\n'), std::string::npos);
  EXPECT_NE(h.find("filename*=UTF-8''a%22b%5Cc%2Fd%3Be%25f%0D%0Ag.pdf"), std::string::npos);
  EXPECT_EQ(ContentDispositionAttachment(""),
            "attachment; filename=\"download\"; filename*=UTF-8''download");
  // Non-Latin letters have no ASCII form.
  EXPECT_NE(ContentDispositionAttachment("文件.pdf").find("filename=\"__.pdf\""),
            std::string::npos);
}

TEST(IfNoneMatchMatches, HandlesListsWeakTagsAndStar) {
  std::string etag = "\"abc\"";
  EXPECT_TRUE(IfNoneMatchMatches("\"abc\"", etag));
  EXPECT_TRUE(IfNoneMatchMatches("\"x\", \"abc\"", etag));
  EXPECT_TRUE(IfNoneMatchMatches("W/\"abc\"", etag));
  EXPECT_TRUE(IfNoneMatchMatches("*", etag));
  EXPECT_FALSE(IfNoneMatchMatches("\"abd\"", etag));
  EXPECT_FALSE(IfNoneMatchMatches("abc", etag));
  EXPECT_FALSE(IfNoneMatchMatches("", etag));
}

}  // namespace
}  // namespace vanban::web
