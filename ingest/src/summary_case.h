// Private to the metadata extractor: sentence case for a trích yếu written in capitals.
//
// Capitals hide which words are names, so the casing is taken from the document itself: the
// enacting sentence and the articles usually repeat the trích yếu in running text ("Ủy ban
// nhân dân tỉnh ban hành Quyết định ban hành Quy chế quản lý ..."). The summary is covered,
// left to right, by the longest runs of at least two words that occur in mixed-case lines of
// the body, and each run takes the body's casing. Words left over are lowercased, except
// numbers/symbols and abbreviations, names of provinces, bodies ("Ủy ban nhân dân") and
// document names after "ban hành", "phê duyệt", "bãi bỏ" ... ("Ban hành Quy chế"); the first
// letter is then capitalised.
#pragma once

#include <vector>

#include "doc_text.h"

namespace vanban::metadata_internal {

class CaseSource {
 public:
  // `lines`: running text (lines in capitals are ignored). Reads at most kMaxWords words.
  explicit CaseSource(const std::vector<U32>& lines);
  static constexpr size_t kMaxWords = 200000;

 private:
  friend U32 RestoreSummaryCase(U32View summary, const CaseSource& source);
  std::vector<U32> words_;
  std::vector<U32> keys_;     // lowercase, edge punctuation removed; empty = barrier
  std::vector<bool> usable_;  // the word's capital is not just the start of a sentence
};

// Sentence case for a summary in capitals; text that is not mostly capitals is returned as
// is (whitespace collapsed).
U32 RestoreSummaryCase(U32View summary, const CaseSource& source);

}  // namespace vanban::metadata_internal
