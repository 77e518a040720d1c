// Scoring the metadata extractor against the labelled corpus (docs/corpus.md): accuracy per
// field, precision and recall of bases and relations. Shared by bench/metadata_eval and the
// regression test that holds the floors (tests/corpus/metadata_corpus_test.cc).
//
// Values are compared after normalising case, whitespace and tone placement ("Hoà" = "hòa");
// nothing else is forgiven: a date, a number or a name is right or wrong.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vanban/repository/document.h"
#include "vanban/repository/status.h"

namespace vanban::testing {

// Scalar and list fields scored for accuracy, in the order the report prints them. "field" is
// the set of lĩnh vực (order aside); "field_main" the main one (the first of the list).
const std::vector<std::string>& EvaluatedFields();

struct FieldTally {
  int right = 0;
  int total = 0;
  std::vector<std::string> misses;  // "doc: got X, want Y"
  double accuracy() const { return total == 0 ? 1.0 : static_cast<double>(right) / total; }
};

struct ReferenceTally {
  int matched = 0;    // predicted items equal to a labelled one (type, number or title, date,
                      // authority all agreeing)
  int predicted = 0;  // items the extractor gave
  int labelled = 0;   // items in the labels
  std::vector<std::string> misses;  // "doc: missed {...}" / "doc: spurious {...}"
  double precision() const {
    return predicted == 0 ? 1.0 : static_cast<double>(matched) / predicted;
  }
  double recall() const { return labelled == 0 ? 1.0 : static_cast<double>(matched) / labelled; }
};

class MetadataEval {
 public:
  // Scores one document: `got` from the extractor, `labels` a parsed <name>.labels.json.
  void Add(const std::string& name, const Metadata& got, const nlohmann::json& labels);

  int documents() const { return documents_; }
  const FieldTally& field(const std::string& f) const;
  const ReferenceTally& bases() const { return bases_; }
  const ReferenceTally& relations() const { return relations_; }

  // A table: field, right/total, accuracy; then bases and relations with P and R. With
  // `misses`, every miss is listed after the table.
  std::string Report(bool misses) const;
  nlohmann::json ToJson() const;

 private:
  int documents_ = 0;
  std::map<std::string, FieldTally> fields_;
  ReferenceTally bases_, relations_;
};

// One pass of the extractor over the corpus.
struct CorpusRun {
  MetadataEval eval;
  int pages = 0;
  double seconds = 0;                        // text extraction and metadata, wall clock
  std::vector<std::string> failures;         // documents whose text could not be extracted
  std::map<std::string, std::string> texts;  // document name → the text the extractor read
};

// Renders the corpus (fixtures.h), takes each document's text the way the pipeline does —
// Poppler for the born-digital PDF, or, with `ocr`, Tesseract on its generated scan
// (scan_fixtures.h) — runs ExtractMetadata and scores it against <name>.labels.json.
// `parallel` documents at a time. Fails if the corpus cannot be rendered or a label file is
// missing or invalid.
Result<CorpusRun> EvaluateCorpus(bool ocr, int parallel);

// Case, whitespace (runs to one space, trimmed) and tone placement normalised.
std::string NormalizeForComparison(std::string_view s);

}  // namespace vanban::testing
