// Legacy-encoded files through the real extractors: a hand-written PDF naming the TCVN3 fonts
// (repaired by font), LibreOffice PDFs whose legacy fonts were substituted (repaired by
// statistics), and Word 97 .doc files in TCVN3, VNI and a TCVN3 header over a Unicode body
// (the office extractor reads fonts through UNO). Fixtures: tests/support/legacy_fixtures.h.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/fixtures.h"
#include "support/legacy_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/sniff.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::CollapseWhitespace;
using testing::LegacyFixture;

const ExtractorRegistry& Registry() {
  static testing::TempDir* runtime = new testing::TempDir("vanban-legacy-files");
  // Kept for the life of the process, never destroyed: at exit, the static destructors of
  // Tesseract, Ghostscript and the UNO runtime run in an order this one cannot join safely
  // (a test binary once crashed after all its tests had passed).
  static const ExtractorRegistry& r =
      *ExtractorRegistry::CreateDefault(ConvertConfig{runtime->path()}).release();
  return r;
}

std::string Notes(const ExtractedText& t) {
  std::string s;
  for (const std::string& n : t.notes) s += "\n  " + n;
  return s;
}

bool HasNote(const ExtractedText& t, const std::string& prefix) {
  for (const std::string& n : t.notes) {
    if (n.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// The first difference, for a readable failure.
std::string FirstDifference(const std::string& got, const std::string& want) {
  size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  size_t from = i > 60 ? i - 60 : 0;
  return "\n  differ at byte " + std::to_string(i) + "\n  got:  …" + got.substr(from, 140) +
         "\n  want: …" + want.substr(from, 140);
}

std::string WithoutUHorn(std::string s) {
  for (size_t p; (p = s.find("ư")) != std::string::npos;) s.erase(p, 2);
  return s;
}

void ExpectRepaired(LegacyFixture f, const std::string& note_prefix) {
  auto path = testing::LegacyFixturePath(f);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  auto expected = testing::LegacyFixtureExpectedText(f);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  auto sniff = Sniff(*path);
  ASSERT_TRUE(sniff.ok()) << sniff.status().ToString();
  ASSERT_NE(Registry().Best(*sniff), nullptr)
      << "no extractor in ExtractorRegistry::CreateDefault() takes " << sniff->media_type << " ("
      << path->filename().string()
      << "): the office extractor (LibreOffice over UNO) must be registered for this test";
  auto text = Registry().Extract(*path);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  const std::string got = CollapseWhitespace(text->text);
  const std::string want = CollapseWhitespace(*expected);
  std::string hint;
  if (got != want && got == WithoutUHorn(want)) {
    hint =
        "\n  every lowercase 'ư' is missing: TCVN3 writes it as U+00AD (soft hyphen), which the "
        "extractor must hand to RepairLegacyRuns as read (legacy.h)";
  }
  EXPECT_EQ(got == want, true) << path->filename().string() << FirstDifference(got, want) << hint
                               << "\nnotes:" << Notes(*text);
  EXPECT_TRUE(HasNote(*text, note_prefix))
      << "expected a note starting with \"" << note_prefix << "\"; notes:" << Notes(*text);
}

TEST(LegacyFiles, PdfNamingTcvn3FontsIsRepairedByFont) {
  // Capitals from ".VnTimeH,Bold", 'ư' read by Poppler as '-' (WinAnsi, no ToUnicode).
  ExpectRepaired(LegacyFixture::kTcvn3FontPdf, "legacy_encoding: TCVN3 (.VnTimeH,Bold, .VnTime)");
}

TEST(LegacyFiles, LibreOfficePdfOfVniIsRepairedByStatistics) {
  ExpectRepaired(LegacyFixture::kVniPdf, "legacy_encoding: VNI (statistics)");
}

TEST(LegacyFiles, LibreOfficePdfOfTcvn3IsRepairedByStatistics) {
  // Without font names the "H" capitals read lowercase, and LibreOffice drew no 'ư' (the soft
  // hyphen): the expected text says so (legacy_fixtures.h).
  ExpectRepaired(LegacyFixture::kTcvn3Pdf, "legacy_encoding: TCVN3 (statistics)");
}

TEST(LegacyFiles, Tcvn3DocIsRepairedByFont) {
  ExpectRepaired(LegacyFixture::kTcvn3Doc, "legacy_encoding: TCVN3 (.VnTime");
}

TEST(LegacyFiles, VniDocIsRepairedByFont) {
  ExpectRepaired(LegacyFixture::kVniDoc, "legacy_encoding: VNI (VNI-Times)");
}

TEST(LegacyFiles, DocWithTcvn3HeaderOverUnicodeBody) {
  ExpectRepaired(LegacyFixture::kMixedDoc, "legacy_encoding: TCVN3 (.VnTimeH)");
}

}  // namespace
}  // namespace vanban
