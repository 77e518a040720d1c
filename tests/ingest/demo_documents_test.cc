// The demo documents (tests/data/docs), rendered to PDF by LibreOffice and read back through
// Poppler, give the metadata a careful reader sees (<name>.expected.json).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/ingest/metadata_extractor.h"
#include "vanban/repository/document_json.h"

namespace vanban {
namespace {

using nlohmann::json;

TEST(DemoDocuments, MetadataReadFromTheRenderedPdfsMatchesCarefulReading) {
  auto pdfs = testing::RenderedDocPdfs();
  ASSERT_TRUE(pdfs.ok()) << pdfs.status().ToString();
  auto registry = ExtractorRegistry::CreateDefault();
  int fields = 0, right = 0;
  for (const auto& pdf : *pdfs) {
    auto expected_path =
        testing::SourceDir() / "tests" / "data" / "docs" / (pdf.stem().string() + ".expected.json");
    json expected = json::parse(testing::ReadFile(expected_path));
    auto text = registry->Extract(pdf);
    ASSERT_TRUE(text.ok()) << pdf << ": " << text.status().ToString();
    json got = MetadataToJson(ExtractMetadata(text->text).meta);
    for (const char* k : {"number", "type", "authority", "authority_parent", "place", "issue_date",
                          "effective_date", "summary", "signer", "signer_title", "recipients"}) {
      if (!expected.contains(k)) continue;
      ++fields;
      if (got[k] == expected[k]) {
        ++right;
      } else {
        ADD_FAILURE() << pdf.stem().string() << " " << k << ": got " << got[k].dump()
                      << ", expected " << expected[k].dump();
      }
    }
  }
  std::cout << "demo documents: " << right << "/" << fields << " fields right\n";
  EXPECT_EQ(right, fields);
}

}  // namespace
}  // namespace vanban
