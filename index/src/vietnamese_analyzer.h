// Lucene++ analysis for this index: words as text_tokens.h defines them, then lowercased with
// one tone placement (exact fields) or folded (head_f, body_f, title_f); or adjacent folded
// words as syllable pairs (head_p, body_p). Lucene's own LowerCaseFilter and
// ASCIIFoldingFilter are not used: they differ from FoldCodepoint, which the rest of the
// project (and the query side here) uses.
//
// Field values must be NFC already.
#pragma once

// Lucene++'s other headers rely on what LuceneHeaders.h declares: keep it first.
#include <LuceneHeaders.h>

#include <OffsetAttribute.h>
#include <PositionIncrementAttribute.h>
#include <TermAttribute.h>
#include <TokenFilter.h>
#include <Tokenizer.h>

#include <string>

#include "text_tokens.h"

namespace vanban::index_internal {

// Exact or folded, by field name (pair fields are folded).
TermForm FormOfField(const Lucene::String& field);
// head_p, body_p.
bool IsPairField(const Lucene::String& field);

// Splits with NextToken(). Reads its whole input first: field values are in memory anyway.
class VietnameseTokenizer : public Lucene::Tokenizer {
 public:
  explicit VietnameseTokenizer(const Lucene::ReaderPtr& input);
  ~VietnameseTokenizer() override;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(VietnameseTokenizer);

  bool incrementToken() override;
  void end() override;
  using Lucene::Tokenizer::reset;
  void reset(const Lucene::ReaderPtr& input) override;

 private:
  void ReadInput();

  std::u32string text_;
  size_t pos_ = 0;
  bool read_ = false;
  Lucene::TermAttributePtr term_;
  Lucene::OffsetAttributePtr offset_;
};

// The folded syllable pairs of the input, in order: "Công nghệ thông tin" gives cong_nghe,
// nghe_thong, thong_tin. A pair sits at the position of its first word (so positions are
// those of the words) and spans both words' offsets. No pair across sentence punctuation
// (BreaksPair) nor, since each value is its own stream, across the values of a field.
class SyllablePairTokenizer : public Lucene::Tokenizer {
 public:
  explicit SyllablePairTokenizer(const Lucene::ReaderPtr& input);
  ~SyllablePairTokenizer() override;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(SyllablePairTokenizer);

  bool incrementToken() override;
  void end() override;
  using Lucene::Tokenizer::reset;
  void reset(const Lucene::ReaderPtr& input) override;

 private:
  void Restart();

  std::u32string text_;
  size_t pos_ = 0;
  bool read_ = false;
  bool have_prev_ = false;
  TokenSpan prev_;
  std::u32string prev_folded_;
  int32_t prev_word_ = -1;     // word number of prev_
  int32_t last_emitted_ = -1;  // word number of the first word of the last pair emitted
  Lucene::TermAttributePtr term_;
  Lucene::OffsetAttributePtr offset_;
  Lucene::PositionIncrementAttributePtr position_;
};

// Applies ApplyForm() to each code point of each term, and for the exact form
// ExactTonePlacement().
class CaseFoldFilter : public Lucene::TokenFilter {
 public:
  CaseFoldFilter(const Lucene::TokenStreamPtr& input, TermForm form);
  ~CaseFoldFilter() override;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(CaseFoldFilter);

  bool incrementToken() override;

 private:
  TermForm form_;
  Lucene::TermAttributePtr term_;
};

class VietnameseAnalyzer : public Lucene::Analyzer {
 public:
  ~VietnameseAnalyzer() override;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(VietnameseAnalyzer);

  Lucene::TokenStreamPtr tokenStream(const Lucene::String& field,
                                     const Lucene::ReaderPtr& reader) override;
  // Keeps phrases from matching across the values of a multi-valued field (head).
  int32_t getPositionIncrementGap(const Lucene::String& field) override;
};

}  // namespace vanban::index_internal
