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
  // "Nội vu" twice, "Nội vụ" once: the majority has a mark fewer, so nothing changes.
  std::vector<std::string> pages = {"- Bộ Nội vu;\n- Sở Nội vu;\n- Nội vụ."};
  EXPECT_EQ(Corrected(pages), pages);
  // The other way round the mark comes back.
  EXPECT_EQ(Corrected({"- Bộ Nội vụ;\n- Sở Nội vụ;\n- Nội vu."})[0],
            "- Bộ Nội vụ;\n- Sở Nội vụ;\n- Nội vụ.");
}

TEST(OcrCorrect, NeedsAClearMajority) {
  // Once each, or two against one with a tie between two other spellings: left as read.
  std::vector<std::string> even = {"Thủ trưởng các sở; Thứ trưởng Bộ"};
  EXPECT_EQ(Corrected(even), even);
  std::vector<std::string> tie = {"sửa đổi - sửa đối - sửa đồi - sửa đồi - sửa đổi"};
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

TEST(OcrCorrect, PunctuationAloneBreaksPairs) {
  // "tinh - thai" is not the pair "tỉnh thái".
  std::vector<std::string> pages = {"tỉnh Thái, tỉnh Thái; tinh - Thai"};
  EXPECT_EQ(Corrected(pages), pages);
  EXPECT_EQ(Corrected({""}), std::vector<std::string>{""});
}

}  // namespace
}  // namespace vanban
