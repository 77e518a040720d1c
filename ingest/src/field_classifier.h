// Private to the metadata extractor: the lĩnh vực (field) of a document, from the fixed
// taxonomy of ingest/data/fields.tsv (embedded here; the file is not read at run time).
//
// A weighted lexicon of Vietnamese terms per field, matched on diacritic-folded, lowercased
// text at word boundaries, longest term first (so "bảo hiểm y tế" counts for Y tế, not for
// the "bảo hiểm" of Tài chính - Ngân hàng, and "môi trường mạng" is not the environment).
// Terms of several syllables weigh more than single syllables. The trích yếu (summary) weighs
// most, then the kind of issuing body as a prior ("Sở Y tế" → Y tế; a Party committee →
// Công tác Đảng - Đoàn thể unless the subject says otherwise), and the body adds bounded
// evidence. Some terms of the trích yếu are also read for their role (docs/metadata.md).
//
// Pure function: thread-safe, never throws; linear in the input (the body is read up to its
// first 2 MB).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vanban::metadata_internal {

struct FieldScore {
  std::string field;     // a name of fields.tsv, exactly as written there
  double confidence;     // 0..1: from the margin over the next field and the amount of evidence
  std::string evidence;  // the terms (and the issuing body) that decided it, strongest first
};

// One to three fields, the main one first, by the convention of docs/corpus.md "Lĩnh vực": a
// further field only when the trích yếu names it as a subject, or the role it plays asks for
// one (a body set up, money for a field's work, an activity done electronically, a Party
// body's document). Empty when nothing points to any field. With no evidence but the kind of
// issuing body, that body's field with a low confidence.
std::vector<FieldScore> ClassifyFields(std::string_view type, std::string_view authority,
                                       std::string_view summary, std::string_view body);

// The taxonomy, in the order of fields.tsv.
const std::vector<std::string>& FieldNames();

}  // namespace vanban::metadata_internal
