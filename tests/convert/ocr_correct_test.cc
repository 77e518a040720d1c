// Diacritics of OCR words corrected against the document's own text
// (convert/src/ocr_correct.h).
#include "ocr_correct.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vanban {
namespace {

std::vector<std::string> Corrected(std::vector<std::string> pages, std::vector<bool> ocr = {}) {
  if (ocr.empty()) ocr.assign(pages.size(), true);
  CorrectOcrDiacritics(pages, ocr);
  return pages;
}

TEST(OcrCorrect, APairTakesTheSpellingTheDocumentGivesItMostOften) {
  // "UY BAN", "TINH THAI" once, "Ủy ban", "tỉnh Thái" twice: the lost marks come back, in each
  // word's case; punctuation around the words stays.
  std::vector<std::string> got =
      Corrected({"UY BAN NHÂN DÂN\nTINH THAI NGUYÊN",
                 "Ủy ban nhân dân tỉnh Thái Nguyên giao (Ủy ban nhân dân tỉnh Thái Nguyên)."});
  EXPECT_EQ(got[0], "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN");
  EXPECT_EQ(got[1], "Ủy ban nhân dân tỉnh Thái Nguyên giao (Ủy ban nhân dân tỉnh Thái Nguyên).");
}

TEST(OcrCorrect, NoWordLosesADiacritic) {
  // "Tư phap" twice, "Tư pháp" once: the majority has a mark fewer, so nothing changes.
  std::vector<std::string> pages = {"- Bộ Tư phap;\n- Sở Tư phap;\n- Tư pháp."};
  EXPECT_EQ(Corrected(pages), pages);
  // The other way round the mark comes back.
  EXPECT_EQ(Corrected({"- Bộ Tư pháp;\n- Sở Tư pháp;\n- Tư phap."})[0],
            "- Bộ Tư pháp;\n- Sở Tư pháp;\n- Tư pháp.");
}

TEST(OcrCorrect, SomeCommonPairsWinEvenAgainstTheDocumentsMajority) {
  // "Cống TTĐT" and "Nội vu" are never right, however often they are read.
  EXPECT_EQ(Corrected({"- Cống TTĐT tỉnh;\n- Cống TTĐT Bộ;\n- Sở Nội vu; Bộ Nội vu."})[0],
            "- Cổng TTĐT tỉnh;\n- Cổng TTĐT Bộ;\n- Sở Nội vụ; Bộ Nội vụ.");
  // "bố sung", "tống quyết toán" and "một số dieu" are no words either.
  EXPECT_EQ(Corrected({"Sửa đổi, bố sung một số dieu; bố sung; bổ sung"})[0],
            "Sửa đổi, bổ sung một số điều; bổ sung; bổ sung");
  EXPECT_EQ(Corrected({"phê chuẩn tống quyết toán; tống quyết toán năm 2007"})[0],
            "phê chuẩn tổng quyết toán; tổng quyết toán năm 2007");
  // Still never a mark fewer ("vự" has two).
  const std::vector<std::string> kept = {"Sở Nội vự"};
  EXPECT_EQ(Corrected(kept), kept);
}

TEST(OcrCorrect, NeedsAClearMajority) {
  // Once each, or two against one with a tie between two other spellings: left as read.
  std::vector<std::string> even = {"Thủ trưởng các sở; Thứ trưởng Bộ"};
  EXPECT_EQ(Corrected(even), even);
  std::vector<std::string> tie = {"mùa màng - mùa mảng - mùa mãng - mùa mãng - mùa màng"};
  EXPECT_EQ(Corrected(tie), tie);
  // Twice against once is enough.
  EXPECT_EQ(Corrected({"sửa đổi; sửa đối; sửa đổi"})[0], "sửa đổi; sửa đổi; sửa đổi");
}

TEST(OcrCorrect, OnlyPagesReadByOcrChange) {
  // The text layer of a mixed PDF is evidence, and is left as it is.
  std::vector<std::string> got = Corrected(
      {"Uy ban", "Ủy ban nhân dân", "Ủy ban nhân dân", "Ủy ban nhân dân", "Ủy ban", "Uy ban"},
      {false, true, false, true, true, true});
  EXPECT_EQ(got[0], "Uy ban");
  EXPECT_EQ(got[5], "Ủy ban");
}

TEST(OcrCorrect, ACommonPairTakesItsOwnSpellingWhenTheDocumentDoesNotDecide) {
  // A trích yếu is written once: no majority, but "đẩy mạnh", "bổ sung", "kết luận" and "cấp
  // tỉnh" are pairs every official document writes, and Tesseract reads their hook above as an
  // acute, or drops the marks.
  EXPECT_EQ(Corrected({"Về đấy mạnh số hóa hồ sơ"})[0], "Về đẩy mạnh số hóa hồ sơ");
  EXPECT_EQ(Corrected({"Sửa đổi, bố sung một số điều"})[0], "Sửa đổi, bổ sung một số điều");
  EXPECT_EQ(Corrected({"Két luận của Chủ tịch UBND tinh tại buổi làm việc"})[0],
            "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc");
  EXPECT_EQ(Corrected({"CHUYỂN ĐỐI SỐ cap tinh"})[0], "CHUYỂN ĐỔI SỐ cấp tỉnh");
  // Never a mark fewer ("Ủy bán" is not "Ủy ban" misread), never a text-layer page, and the
  // document's own spellings, when it has several, decide (NeedsAClearMajority).
  const std::vector<std::string> kept = {"Ủy bán đấu giá"};
  EXPECT_EQ(Corrected(kept), kept);
  // Nor where a tone mark sits: "Uỷ ban" is the older placement of "Ủy ban", not a misreading.
  EXPECT_EQ(Corrected({"Uỷ ban Thường vụ; TT Tỉnh uỷ, UBND tinh"})[0],
            "Uỷ ban Thường vụ; TT Tỉnh uỷ, UBND tỉnh");
  EXPECT_EQ(Corrected({"Về đấy mạnh"}, {false})[0], "Về đấy mạnh");
  // Between spellings the document gives equally often, the common pair's wins; against a
  // spelling the document gives more often it does not, but is not rewritten either.
  EXPECT_EQ(Corrected({"sửa đổi - sửa đối - sửa đồi - sửa đồi - sửa đổi"})[0],
            "sửa đổi - sửa đổi - sửa đổi - sửa đổi - sửa đổi");
  const std::vector<std::string> outvoted = {"sửa đối; sửa đối; sửa đổi"};
  EXPECT_EQ(Corrected(outvoted), outvoted);
}

TEST(OcrCorrect, ThePlaceNamesOfTheProvinceAndTheListsPhrases) {
  EXPECT_EQ(
      Corrected({"- TT HĐND, UBND huyện Đồng Hy (b/c);\n- Trung tâm Thông tin (dé đăng tải);"})[0],
      "- TT HĐND, UBND huyện Đồng Hỷ (b/c);\n- Trung tâm Thông tin (để đăng tải);");
  // A tone read wrong with as many marks is corrected; never a mark fewer ("Nguyễn" has two).
  EXPECT_EQ(Corrected({"huyện Đồng Hý"})[0], "huyện Đồng Hỷ");
  const std::vector<std::string> kept = {"tỉnh Thái Nguyễn"};
  EXPECT_EQ(Corrected(kept), kept);
}

TEST(OcrCorrect, ACommonPairWinsOverSpellingsReadOnceEach) {
  // Two misreadings, once each, are no majority against "Cổng Thông tin".
  EXPECT_EQ(Corrected({"- Cong Thông tin điện tử;\n- Cống Thông tin điện tử tỉnh;"})[0],
            "- Cổng Thông tin điện tử;\n- Cổng Thông tin điện tử tỉnh;");
  // A misreading read twice, more often than the common spelling, is left alone.
  const std::vector<std::string> twice = {"Đấy mạnh; Đấy mạnh; Đẩy mạnh"};
  EXPECT_EQ(Corrected(twice), twice);
}

TEST(OcrCorrect, AbbreviationsGetBackTheBarOfD) {
  EXPECT_EQ(Corrected({"- VPCP: BTCN, TGD Cổng TTDT, các Vụ;\n- LDVP, BCD;"})[0],
            "- VPCP: BTCN, TGĐ Cổng TTĐT, các Vụ;\n- LĐVP, BCĐ;");
  EXPECT_EQ(Corrected({"- Đoàn DBQH tỉnh;"})[0], "- Đoàn ĐBQH tỉnh;");
  // Only as abbreviations (capitals, a word of their own), only on pages read by OCR.
  const std::vector<std::string> kept = {"tgd, TGDX, xTTDT"};
  EXPECT_EQ(Corrected(kept), kept);
  EXPECT_EQ(Corrected({"TGD"}, {false})[0], "TGD");
}

TEST(OcrCorrect, TheEthIsTheBarredD) {
  // Tesseract's Vietnamese model reads some Đ twice, the second time as an eth (U+00D0), or as
  // an eth alone.
  EXPECT_EQ(
      Corrected({"Số: 2315/QĐÐ-BTC; Công điện 712/CĐÐ-TTg; TGĐÐ Cổng TTĐT; Ðảng ủy, ðơn vị"})[0],
      "Số: 2315/QĐ-BTC; Công điện 712/CĐ-TTg; TGĐ Cổng TTĐT; Đảng ủy, đơn vị");
  // Only on pages read by OCR.
  EXPECT_EQ(Corrected({"QĐÐ"}, {false})[0], "QĐÐ");
}

TEST(OcrCorrect, PairsThatAreNoVietnameseAsReadAreRewritten) {
  // "chỉ tiết" is Tesseract's "chi tiết" (it adds the hook), "Ủy ben" its "Ủy ban": the only
  // rewrite that takes a mark away, in each word's case, and only on OCR pages.
  EXPECT_EQ(Corrected({"Quy định chỉ tiết một số điều; QUY ĐỊNH CHỈ TIẾT; Ủy ben nhân dân"})[0],
            "Quy định chi tiết một số điều; QUY ĐỊNH CHI TIẾT; Ủy ban nhân dân");
  // A misreading repeated is no majority against the right spelling read once.
  EXPECT_EQ(Corrected({"QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU\nquy định chỉ tiết; quy định chỉ tiết"})[0],
            "QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU\nquy định chi tiết; quy định chi tiết");
  // Tesseract may give a capital's marks decomposed ("CHI" + U+0309 hook).
  EXPECT_EQ(Corrected({"QUY ĐỊNH CHI\u0309 TIÊ\u0301T MỘT SỐ ĐIỀU"})[0],
            "QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU");
  const std::vector<std::string> layer = {"Quy định chỉ tiết"};
  EXPECT_EQ(Corrected(layer, {false}), layer);
  // "chỉ" alone, or before another word, is a word.
  const std::vector<std::string> kept = {"chỉ đạo; chỉ tiêu; chỉ thị"};
  EXPECT_EQ(Corrected(kept), kept);
  // The Vietnamese model's own: the dot of "thi đua", the hook of "mức chi", "Chi bộ" and
  // "thông tin"; "Cống Thông tin" always reads "Cổng".
  EXPECT_EQ(Corrected({"Hội đồng Thị đua; mức chỉ hỗ trợ; Chỉ bộ xóm; Trung tâm Thông tỉn; "
                       "Cống Thông tin điện tử"})[0],
            "Hội đồng Thi đua; mức chi hỗ trợ; Chi bộ xóm; Trung tâm Thông tin; "
            "Cổng Thông tin điện tử");
}

TEST(OcrCorrect, PunctuationAloneBreaksPairs) {
  // "tinh - thai" is not the pair "tỉnh thái".
  std::vector<std::string> pages = {"tỉnh Thái, tỉnh Thái; tinh - Thai"};
  EXPECT_EQ(Corrected(pages), pages);
  EXPECT_EQ(Corrected({""}), std::vector<std::string>{""});
}

}  // namespace
}  // namespace vanban
