// Regression floors of the metadata extractor on the labelled corpus (tests/data/corpus,
// docs/corpus.md), measured the way bench/metadata_eval measures them: born-digital PDFs
// through Poppler, and the same documents through OCR of their generated scans. A floor is
// what the extractor reaches today (docs/performance.md); lowering one needs a reason.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/fixtures.h"
#include "support/metadata_eval.h"

namespace vanban {
namespace {

using testing::CorpusRun;
using testing::EvaluateCorpus;

// The targets: every field >= 98 % on born-digital text, >= 90 % on OCR text; bases
// and relations recall >= 95 %, precision >= 98 % (born-digital). Where the extractor does not
// reach a target yet, the floor is what it reaches (docs/performance.md, "metadata_eval"), so
// that nothing slips back while the gap is worked on.
constexpr double kBornDigitalFieldFloor = 0.98;
constexpr double kReferenceRecallFloor = 0.95;
constexpr double kReferencePrecisionFloor = 0.98;
// Every field reaches the target (the lĩnh vực set by the convention of docs/corpus.md).
const std::map<std::string, double> kBornDigitalBelowTarget = {};

// Through OCR of the generated scans every field reaches the target (0.90) since the
// measurement of 2026-11-29 (OCR with Tesseract's Vietnamese model alone, convert/src/
// ocr_service.h; the columns of the header and signature tables apart, convert/src/
// ocr_layout.h; diacritics corrected against the document's own text, convert/src/
// ocr_correct.h; the model's misreadings of the Nơi nhận list, of points and of titles
// repaired where they can be nothing else).
constexpr double kOcrFieldFloor = 0.90;
const std::map<std::string, double> kOcrBelowTarget = {};

void ExpectFloors(const CorpusRun& run, double field_floor,
                  const std::map<std::string, double>& exceptions) {
  for (const std::string& f : testing::EvaluatedFields()) {
    const testing::FieldTally& t = run.eval.field(f);
    EXPECT_GT(t.total, 0) << f << " is not labelled";
    double floor = exceptions.count(f) ? exceptions.at(f) : field_floor;
    EXPECT_GE(t.accuracy(), floor) << f << ": " << t.right << "/" << t.total;
  }
}

TEST(MetadataCorpus, HasEnoughVariedLabelledDocuments) {
  std::vector<std::string> names = testing::CorpusNames();
  EXPECT_GE(names.size(), 80u);
}

TEST(MetadataCorpus, BornDigitalMeetsTheFloors) {
  auto run = EvaluateCorpus(/*ocr=*/false, /*parallel=*/2);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_TRUE(run->failures.empty()) << run->failures.front();
  std::cout << run->eval.Report(/*misses=*/true);
  ExpectFloors(*run, kBornDigitalFieldFloor, kBornDigitalBelowTarget);
  EXPECT_GE(run->eval.bases().recall(), kReferenceRecallFloor);
  EXPECT_GE(run->eval.bases().precision(), kReferencePrecisionFloor);
  EXPECT_GE(run->eval.relations().recall(), kReferenceRecallFloor);
  EXPECT_GE(run->eval.relations().precision(), kReferencePrecisionFloor);
}

TEST(MetadataCorpus, OcrMeetsTheFloors) {
  auto run = EvaluateCorpus(/*ocr=*/true, /*parallel=*/2);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_TRUE(run->failures.empty()) << run->failures.front();
  std::cout << run->eval.Report(/*misses=*/true);
  ExpectFloors(*run, kOcrFieldFloor, kOcrBelowTarget);
  EXPECT_GE(run->eval.bases().recall(), 0.95);
  EXPECT_GE(run->eval.bases().precision(), 0.95);
  EXPECT_GE(run->eval.relations().recall(), 0.96);
  EXPECT_GE(run->eval.relations().precision(), 0.96);
}

}  // namespace
}  // namespace vanban
