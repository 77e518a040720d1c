// The Vietnamese syllable grammar (convert/include/vanban/convert/vn_syllable.h): every word
// of the fixture documents is accepted, typical OCR misreadings are not.
#include "vanban/convert/vn_syllable.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/fixtures.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

// Words of the sources that are not Vietnamese as printed, each for a reason the source's own
// comment records: a typo kept as published ("pháp luât", sic: a stop final without sắc or
// nặng), a placeholder host-name label ("tencoquan.thainguyen.gov.vn, trong đó tencoquan là
// …"), and the web rendering's obfuscation of an e-mail address ("[email protected]").
const std::set<std::string> kKnownNonWords = {"luât", "tencoquan", "protected"};

std::vector<std::string> PrintedText(const testing::VbsrcDocument& d) {
  std::vector<std::string> t = {d.number, d.place_date, d.type, d.summary, d.signer};
  for (const auto* part :
       {&d.parent, &d.issuer, &d.kinh_gui, &d.body, &d.signature, &d.noi_nhan, &d.annex}) {
    t.insert(t.end(), part->begin(), part->end());
  }
  return t;
}

TEST(VnSyllable, AcceptsEveryWordOfEverySourceDocument) {
  std::vector<std::filesystem::path> sources = testing::DocSources();
  ASSERT_GE(sources.size(), 13u);
  int words = 0;
  std::set<std::string> rejected;
  for (const auto& path : sources) {
    auto doc = testing::ReadVbsrc(path);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    for (const std::string& line : PrintedText(*doc)) {
      SyllableCount n = CountSyllables(line);
      words += n.valid + n.invalid;
      for (const std::string& w : InvalidWords(line)) {
        if (kKnownNonWords.count(w) == 0) {
          ADD_FAILURE() << path.filename() << ": \"" << w << "\" rejected in: " << line;
        }
        rejected.insert(w);
      }
    }
  }
  EXPECT_GT(words, 15000);
  // The known non-words are really in the sources and really rejected, so the exceptions
  // above cannot hide anything else.
  EXPECT_EQ(rejected, kKnownNonWords);
}

TEST(VnSyllable, AcceptsTheHardCornersOfTheGrammar) {
  for (const char* w :
       {"quốc",  "quyết", "quý",   "gì",    "giếng", "gieo",  "nghiêng", "nghĩa",  "khuya",
        "khuỷu", "hoặc",  "ngoằn", "ngoèo", "xoong", "thuở",  "huơ",     "khuếch", "huỳnh",
        "huých", "uyên",  "yêu",   "ý",     "ở",     "người", "rượu",    "được",   "chuyển",
        "luật",  "xuân",  "hoạch", "thuế",  "khỏe",  "khoẻ",  "hòa",     "hoà",    "kỳ",
        "kì",    "mỹ",    "lý",    "Kạn",   "ĐỘC",   "Hạnh",  "NGHỊ",    "Ủy",     "UỶ"}) {
    EXPECT_TRUE(IsVietnameseSyllable(w)) << w;
  }
}

TEST(VnSyllable, RejectsTypicalOcrGarbage) {
  for (const char* w :
       {"tl1ì", "đưọc", "Tlưrớng", "ThÀnh", "nguòi",  "ngưòi", "hoc", "hòc", "cuyết", "ghà", "ngi",
        "cem",  "qoa",  "quu",     "dươc",  "thanhf", "vièt",  "Ǹam", "rn",  "ii",    "Ộ̃"}) {
    EXPECT_FALSE(IsVietnameseSyllable(w)) << w;
  }
}

TEST(VnSyllable, StopFinalsTakeOnlySacOrNang) {
  EXPECT_TRUE(IsVietnameseSyllable("học"));
  EXPECT_TRUE(IsVietnameseSyllable("hóc"));
  for (const char* w : {"hoc", "hòc", "hỏc", "họ̃c", "hõc", "lâp", "lầp", "tiêt"}) {
    EXPECT_FALSE(IsVietnameseSyllable(w)) << w;
  }
}

TEST(VnSyllable, CaseAndNormalisationDoNotMatterButMixedCaseDoes) {
  EXPECT_TRUE(IsVietnameseSyllable("quyết"));
  EXPECT_TRUE(IsVietnameseSyllable("Quyết"));
  EXPECT_TRUE(IsVietnameseSyllable("QUYẾT"));
  // NFD: e + circumflex + acute.
  EXPECT_TRUE(IsVietnameseSyllable("quye\xCC\x82\xCC\x81t"));
  EXPECT_FALSE(IsVietnameseSyllable("qUYẾT"));
  EXPECT_FALSE(IsVietnameseSyllable("QuYết"));
}

TEST(VnSyllable, CountsSkipNumbersCodesAddressesAndListLabels) {
  SyllableCount n = CountSyllables(
      "Số: 01/2026/QĐ-UBND ngày 12/01/2026 (V/v cổng https://thainguyen.gov.vn, điểm b, "
      "khoản 2a; Luật số 64/2025/QH15, Chương IV, 24h, 100 m2).");
  // Số ngày V/v cổng điểm khoản Luật số Chương + QĐ UBND
  EXPECT_EQ(n.valid, 11);
  EXPECT_EQ(n.invalid, 0);
  EXPECT_GT(n.skipped, 8);
  EXPECT_DOUBLE_EQ(n.ratio(), 1.0);
}

TEST(VnSyllable, AbbreviationsAndLoanwords) {
  EXPECT_EQ(ClassifyWord("UBND"), WordKind::kAbbreviation);
  EXPECT_EQ(ClassifyWord("HĐND"), WordKind::kAbbreviation);
  EXPECT_EQ(ClassifyWord("TTr"), WordKind::kAbbreviation);
  EXPECT_EQ(ClassifyWord("KGVX"), WordKind::kAbbreviation);   // initialism: no vowel
  EXPECT_EQ(ClassifyWord("ASEAN"), WordKind::kAbbreviation);  // listed
  EXPECT_EQ(ClassifyWord("OEIA"), WordKind::kInvalid);        // capitals, but four vowels
  EXPECT_EQ(ClassifyWord("YouTube"), WordKind::kLoanword);
  EXPECT_EQ(ClassifyWord("website"), WordKind::kLoanword);
  EXPECT_EQ(ClassifyWord("XIV"), WordKind::kSkipped);  // Roman numeral
  EXPECT_EQ(ClassifyWord("QH15"), WordKind::kSkipped);
  EXPECT_EQ(ClassifyWord("đ1ều"), WordKind::kInvalid);
  EXPECT_EQ(ClassifyWord("l2"), WordKind::kInvalid);
  EXPECT_EQ(ClassifyWord("b"), WordKind::kSkipped);  // "điểm b"
  EXPECT_EQ(ClassifyWord("ở"), WordKind::kSyllable);
}

// Wrong-language text scores far below the gate. (Misread Vietnamese can score above it:
// "Thánh phổ" for "Thành phố" is two valid syllables. That is why the OCR gate also asks for
// Tesseract's confidence; see tests/convert/ocr_image_test.cc, BadScanGoesToReview.)
TEST(VnSyllable, EnglishTextScoresFarBelowTheGate) {
  SyllableCount english =
      CountSyllables("The quick brown fox jumps over the lazy dog and runs into the forest");
  EXPECT_EQ(english.valid + english.invalid, 14);
  EXPECT_LT(english.ratio(), 0.3) << english.valid;
  EXPECT_DOUBLE_EQ(CountSyllables("").ratio(), 1.0);
}

}  // namespace
}  // namespace vanban
