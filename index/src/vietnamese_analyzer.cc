#include "vietnamese_analyzer.h"

#include "fields.h"

namespace vanban::index_internal {
namespace {

constexpr int32_t kReadChunk = 4096;
constexpr int32_t kPositionGap = 100;

}  // namespace

TermForm FormOfField(const Lucene::String& field) {
  return field == kFieldHeadFolded || field == kFieldBodyFolded || field == kFieldTitleFolded
             ? TermForm::kFolded
             : TermForm::kExact;
}

VietnameseTokenizer::VietnameseTokenizer(const Lucene::ReaderPtr& input)
    : Lucene::Tokenizer(input) {
  term_ = addAttribute<Lucene::TermAttribute>();
  offset_ = addAttribute<Lucene::OffsetAttribute>();
}

VietnameseTokenizer::~VietnameseTokenizer() = default;

void VietnameseTokenizer::ReadInput() {
  read_ = true;
  text_.clear();
  pos_ = 0;
  if (!input) return;
  std::wstring chunk(kReadChunk, L'\0');
  for (;;) {
    int32_t n = input->read(chunk.data(), 0, kReadChunk);
    if (n <= 0) break;
    text_.append(chunk.begin(), chunk.begin() + n);
  }
}

bool VietnameseTokenizer::incrementToken() {
  clearAttributes();
  if (!read_) ReadInput();
  TokenSpan t;
  if (!NextToken(text_, &pos_, &t)) return false;
  const auto len = static_cast<int32_t>(t.end - t.begin);
  term_->resizeTermBuffer(len);
  wchar_t* buf = term_->termBufferArray();
  for (int32_t i = 0; i < len; ++i) buf[i] = static_cast<wchar_t>(text_[t.begin + i]);
  term_->setTermLength(len);
  offset_->setOffset(correctOffset(static_cast<int32_t>(t.begin)),
                     correctOffset(static_cast<int32_t>(t.end)));
  return true;
}

void VietnameseTokenizer::end() {
  int32_t final_offset = correctOffset(static_cast<int32_t>(text_.size()));
  offset_->setOffset(final_offset, final_offset);
}

void VietnameseTokenizer::reset(const Lucene::ReaderPtr& input) {
  Lucene::Tokenizer::reset(input);
  read_ = false;
  text_.clear();
  pos_ = 0;
}

CaseFoldFilter::CaseFoldFilter(const Lucene::TokenStreamPtr& input, TermForm form)
    : Lucene::TokenFilter(input), form_(form) {
  term_ = addAttribute<Lucene::TermAttribute>();
}

CaseFoldFilter::~CaseFoldFilter() = default;

bool CaseFoldFilter::incrementToken() {
  if (!input->incrementToken()) return false;
  wchar_t* buf = term_->termBufferArray();
  const int32_t len = term_->termLength();
  for (int32_t i = 0; i < len; ++i) {
    buf[i] = static_cast<wchar_t>(ApplyForm(static_cast<char32_t>(buf[i]), form_));
  }
  return true;
}

VietnameseAnalyzer::~VietnameseAnalyzer() = default;

Lucene::TokenStreamPtr VietnameseAnalyzer::tokenStream(const Lucene::String& field,
                                                       const Lucene::ReaderPtr& reader) {
  return Lucene::newLucene<CaseFoldFilter>(Lucene::newLucene<VietnameseTokenizer>(reader),
                                           FormOfField(field));
}

int32_t VietnameseAnalyzer::getPositionIncrementGap(const Lucene::String&) { return kPositionGap; }

}  // namespace vanban::index_internal
