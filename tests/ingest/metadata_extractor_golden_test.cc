// Golden test: ExtractMetadata over the real documents in tests/data/real (<id>.txt, chrome
// stripped) against the hand-read metadata in <id>.expected.json (provenance and the reading
// conventions: tests/data/real/README.md). A new case is a new pair of files, not new C++.
//
// Every field of every document is compared and every mismatch reported; the totals are printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temp_dir.h"
#include "vanban/ingest/metadata_extractor.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path RealDir() { return testing::SourceDir() / "tests" / "data" / "real"; }

std::vector<std::string> CaseIds() {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(RealDir(), ec)) {
    std::string name = e.path().filename().string();
    const std::string suffix = ".expected.json";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      ids.push_back(name.substr(0, name.size() - suffix.size()));
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// null and "" are the same: "not stated".
std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> List(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return {};
  return it->get<std::vector<std::string>>();
}

std::string Show(const std::vector<std::string>& v) { return json(v).dump(); }

struct Tally {
  int right = 0;
  int total = 0;
};

Tally& Totals() {
  static Tally t;
  return t;
}

class RealDocument : public ::testing::TestWithParam<std::string> {};

TEST_P(RealDocument, MatchesHandReadMetadata) {
  const std::string& id = GetParam();
  std::string text = testing::ReadFile(RealDir() / (id + ".txt"));
  ASSERT_FALSE(text.empty()) << "missing " << id << ".txt";
  json expected = json::parse(testing::ReadFile(RealDir() / (id + ".expected.json")));
  MetadataExtraction r = ExtractMetadata(text);
  const Metadata& m = r.meta;

  Tally t;
  auto check = [&](const char* field, const std::string& want, const std::string& got) {
    ++t.total;
    if (want == got) {
      ++t.right;
    } else {
      ADD_FAILURE() << id << " " << field << "\n  expected: \"" << want << "\"\n  actual:   \""
                    << got << "\"";
    }
  };
  check("number", Str(expected, "number"), m.number);
  check("type", Str(expected, "type"), m.type);
  check("authority", Str(expected, "authority"), m.authority);
  check("authority_parent", Str(expected, "authority_parent"), m.authority_parent);
  check("place", Str(expected, "place"), m.place);
  check("issue_date", Str(expected, "issue_date"), m.issue_date);
  check("effective_date", Str(expected, "effective_date"), m.effective_date);
  check("summary", Str(expected, "summary"), m.summary);
  check("signer", Str(expected, "signer"), m.signer);
  check("signer_title", Str(expected, "signer_title"), m.signer_title);
  check("recipients", Show(List(expected, "recipients")), Show(m.recipients));
  if (expected.contains("addressees")) {
    check("addressees", Show(List(expected, "addressees")), Show(r.addressees));
  }
  std::cout << "[golden] " << id << ": " << t.right << "/" << t.total << " fields right\n";
  Totals().right += t.right;
  Totals().total += t.total;
}

INSTANTIATE_TEST_SUITE_P(Real, RealDocument, ::testing::ValuesIn(CaseIds()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return "doc_" + p.param;
                         });

TEST(RealDocuments, AllTenCasesArePresent) {
  // The seed and the nine real examples; fewer means a file went missing.
  EXPECT_GE(CaseIds().size(), 10u);
}

class GoldenTotals : public ::testing::Environment {
 public:
  void TearDown() override {
    if (Totals().total > 0) {
      std::cout << "[golden] total: " << Totals().right << "/" << Totals().total
                << " fields right\n";
    }
  }
};

const auto* const kGoldenTotals = ::testing::AddGlobalTestEnvironment(new GoldenTotals);

}  // namespace
}  // namespace vanban
