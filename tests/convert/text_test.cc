// convert/text.h: NFC, UTF-8 repair, diacritic folding and whitespace normalisation.
#include "vanban/convert/text.h"

#include <gtest/gtest.h>

#include <string>

namespace vanban {
namespace {

// "Quyết định" with every mark as a combining character (NFD): e + U+0302 + U+0301, i + U+0323.
const std::string kQuyetDinhNfd = "Quye\xCC\x82\xCC\x81t \xC4\x91i\xCC\xA3nh";
const std::string kQuyetDinhNfc = "Quyết định";

TEST(NormalizeNfc, ComposesDecomposedVietnamese) {
  EXPECT_NE(kQuyetDinhNfd, kQuyetDinhNfc);
  EXPECT_EQ(NormalizeNfc(kQuyetDinhNfd), kQuyetDinhNfc);
  // ế is one code point, U+1EBF, after NFC.
  EXPECT_NE(NormalizeNfc(kQuyetDinhNfd).find("\xE1\xBA\xBF"), std::string::npos);
}

TEST(NormalizeNfc, LeavesNfcTextAlone) {
  const std::string s = "Ủy ban nhân dân tỉnh Thái Nguyên, số 01/2026/QĐ-UBND";
  EXPECT_EQ(NormalizeNfc(s), s);
  EXPECT_EQ(NormalizeNfc(""), "");
}

TEST(NormalizeNfc, RepairsInvalidUtf8First) {
  std::string out = NormalizeNfc("Qu\xFFy\xE1");
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out, "Qu\xC3\xBFy\xC3\xA1");  // ÿ and á as Windows-1252 reads them
}

TEST(FoldForSearch, FoldsCaseAndDiacritics) {
  EXPECT_EQ(FoldForSearch("Quyết Định ĐẤT ĐAI"), "quyet dinh dat dai");
  EXPECT_EQ(FoldForSearch("Ủy ban nhân dân"), "uy ban nhan dan");
  EXPECT_EQ(FoldForSearch("Số 01/2026/QĐ-UBND"), "so 01/2026/qd-ubnd");
  EXPECT_EQ(FoldForSearch(kQuyetDinhNfd), "quyet dinh");
}

TEST(FoldForSearch, BothTonePlacementsFoldEqual) {
  // "hòa" (new style, mark on o) and "hoà" (old style, mark on a) are different strings…
  const std::string new_style =
      "h\xC3\xB2"
      "a";                                     // h ò a
  const std::string old_style = "ho\xC3\xA0";  // h o à
  EXPECT_NE(new_style, old_style);
  // …that a search must treat as the same word.
  EXPECT_EQ(FoldForSearch(new_style), FoldForSearch(old_style));
  EXPECT_EQ(FoldForSearch(new_style), "hoa");
  EXPECT_EQ(FoldForSearch("thủy"), FoldForSearch("thuỷ"));
  EXPECT_EQ(FoldForSearch("CỘNG HÒA"), FoldForSearch("Cộng hoà"));
}

TEST(FoldForSearch, KeepsOneCodePointPerCodePoint) {
  const std::string s = "Độc lập - Tự do - Hạnh phúc";
  EXPECT_EQ(ToU32(FoldForSearch(s)).size(), ToU32(s).size());
  EXPECT_EQ(FoldForSearch(s), "doc lap - tu do - hanh phuc");
}

TEST(RepairUtf8, ValidInputIsUnchanged) {
  const std::string s = "Căn cứ Luật Tổ chức chính quyền địa phương";
  EXPECT_TRUE(IsValidUtf8(s));
  EXPECT_EQ(RepairUtf8(s), s);
}

TEST(RepairUtf8, InvalidBytesAreReadAsWindows1252) {
  // A Latin-1 "Thông báo" (ô = 0xF4) and a cp1252 right quote (0x92).
  std::string bad = "Th\xF4ng b\xE1o \x92";
  EXPECT_FALSE(IsValidUtf8(bad));
  std::string fixed = RepairUtf8(bad);
  EXPECT_TRUE(IsValidUtf8(fixed));
  EXPECT_EQ(fixed, "Thông báo \xE2\x80\x99");
}

TEST(RepairUtf8, TruncatedAndOverlongSequences) {
  EXPECT_FALSE(IsValidUtf8("\xE1\xBA"));      // ế cut short
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a UTF-16 surrogate
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xE1\xBA")));
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xC0\xAF")));
  EXPECT_EQ(RepairUtf8("a\xE1\xBA"), "a\xC3\xA1\xC2\xBA");  // á º
  // 0x81 has no Windows-1252 character: it becomes U+FFFD rather than vanishing.
  EXPECT_EQ(RepairUtf8("x\x81y"), "x\xEF\xBF\xBDy");
}

TEST(NormalizeWhitespace, CollapsesRunsAndTrimsLines) {
  EXPECT_EQ(NormalizeWhitespace("  Điều 1.\t\tPhạm vi  điều chỉnh  \n"),
            "Điều 1. Phạm vi điều chỉnh");
  EXPECT_EQ(NormalizeWhitespace("a\r\nb"), "a\nb");
  EXPECT_EQ(NormalizeWhitespace("a\xC2\xA0\xC2\xA0"
                                "b"),
            "a b");  // no-break spaces
}

TEST(NormalizeWhitespace, CollapsesBlankLinesAndKeepsFormFeeds) {
  EXPECT_EQ(NormalizeWhitespace("a\n\n\n\nb"), "a\n\nb");
  EXPECT_EQ(NormalizeWhitespace("\n\n  \na"), "a");
  EXPECT_EQ(NormalizeWhitespace("trang 1\n\n\ftrang 2"), "trang 1\n\ftrang 2");
  EXPECT_EQ(NormalizeWhitespace("a  \n  \n"), "a");
  EXPECT_EQ(NormalizeWhitespace(""), "");
}

TEST(LowerUtf8, LowersVietnameseCapitals) {
  EXPECT_EQ(LowerUtf8("QUYẾT ĐỊNH"), "quyết định");
  EXPECT_EQ(LowerUtf8("ỦY BAN NHÂN DÂN"), "ủy ban nhân dân");
}

TEST(NormalizeTonePlacement, GivesOneFormForBothPlacements) {
  EXPECT_EQ(NormalizeTonePlacement("hoà"), "hòa");
  EXPECT_EQ(NormalizeTonePlacement("hòa"), "hòa");
  EXPECT_EQ(NormalizeTonePlacement("Thuỷ lợi, uỷ ban, khoẻ"), "Thủy lợi, ủy ban, khỏe");
  EXPECT_EQ(NormalizeTonePlacement("HOÀ BÌNH"), "HÒA BÌNH");
  EXPECT_EQ(NormalizeTonePlacement("UỶ BAN"), "ỦY BAN");
  // Closed syllables and "qu" keep their marks where they are.
  EXPECT_EQ(NormalizeTonePlacement("hoàn thành, hoài, quý, thuyền"),
            "hoàn thành, hoài, quý, thuyền");
  EXPECT_EQ(NormalizeTonePlacement(""), "");
}

}  // namespace
}  // namespace vanban

namespace vanban {
namespace {

TEST(CollapseToOneLine, RunsOfWhiteSpaceBecomeOneSpaceAndEndsAreTrimmed) {
  EXPECT_EQ(CollapseToOneLine("  Quyết\t định \r\n\n số  01 \n"), "Quyết định số 01");
  EXPECT_EQ(CollapseToOneLine(""), "");
  EXPECT_EQ(CollapseToOneLine(" \t\n"), "");
  EXPECT_EQ(CollapseToOneLine("a"), "a");
}

}  // namespace
}  // namespace vanban
