#include "vietnamese_analyzer.h"

#include "fields.h"

namespace vanban::index_internal {
namespace {

constexpr int32_t kReadChunk = 4096;
constexpr int32_t kPositionGap = 100;

std::u32string ReadAll(const Lucene::ReaderPtr& input) {
  std::u32string text;
  if (!input) return text;
  std::wstring chunk(kReadChunk, L'\0');
  for (;;) {
    int32_t n = input->read(chunk.data(), 0, kReadChunk);
    if (n <= 0) break;
    text.append(chunk.begin(), chunk.begin() + n);
  }
  return text;
}

void SetTerm(const Lucene::TermAttributePtr& attr, std::u32string_view term) {
  const auto len = static_cast<int32_t>(term.size());
  attr->resizeTermBuffer(len);
  wchar_t* buf = attr->termBufferArray();
  for (int32_t i = 0; i < len; ++i) buf[i] = static_cast<wchar_t>(term[static_cast<size_t>(i)]);
  attr->setTermLength(len);
}

}  // namespace

TermForm FormOfField(const Lucene::String& field) {
  return field == kFieldHeadFolded || field == kFieldBodyFolded || field == kFieldTitleFolded ||
                 IsPairField(field)
             ? TermForm::kFolded
             : TermForm::kExact;
}

bool IsPairField(const Lucene::String& field) {
  return field == kFieldHeadPairs || field == kFieldBodyPairs;
}

VietnameseTokenizer::VietnameseTokenizer(const Lucene::ReaderPtr& input)
    : Lucene::Tokenizer(input) {
  term_ = addAttribute<Lucene::TermAttribute>();
  offset_ = addAttribute<Lucene::OffsetAttribute>();
}

VietnameseTokenizer::~VietnameseTokenizer() = default;

void VietnameseTokenizer::ReadInput() {
  read_ = true;
  text_ = ReadAll(input);
  pos_ = 0;
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

SyllablePairTokenizer::SyllablePairTokenizer(const Lucene::ReaderPtr& input)
    : Lucene::Tokenizer(input) {
  term_ = addAttribute<Lucene::TermAttribute>();
  offset_ = addAttribute<Lucene::OffsetAttribute>();
  position_ = addAttribute<Lucene::PositionIncrementAttribute>();
}

SyllablePairTokenizer::~SyllablePairTokenizer() = default;

void SyllablePairTokenizer::Restart() {
  text_.clear();
  pos_ = 0;
  have_prev_ = false;
  prev_folded_.clear();
  prev_word_ = -1;
  last_emitted_ = -1;
}

bool SyllablePairTokenizer::incrementToken() {
  clearAttributes();
  if (!read_) {
    Restart();
    text_ = ReadAll(input);
    read_ = true;
  }
  TokenSpan t;
  std::u32string folded;
  while (NextToken(text_, &pos_, &t)) {
    folded.assign(text_, t.begin, t.end - t.begin);
    for (char32_t& c : folded) c = ApplyForm(c, TermForm::kFolded);
    const int32_t word = prev_word_ + 1;
    const bool pair = have_prev_ && !BreaksPair(std::u32string_view(text_).substr(
                                        prev_.end, t.begin - prev_.end));
    const TokenSpan first = prev_;
    const int32_t first_word = prev_word_;
    std::u32string first_folded = std::move(prev_folded_);
    have_prev_ = true;
    prev_ = t;
    prev_word_ = word;
    prev_folded_ = folded;
    if (!pair) continue;
    SetTerm(term_, PairTerm(first_folded, folded));
    offset_->setOffset(correctOffset(static_cast<int32_t>(first.begin)),
                       correctOffset(static_cast<int32_t>(t.end)));
    position_->setPositionIncrement(first_word - last_emitted_);
    last_emitted_ = first_word;
    return true;
  }
  return false;
}

void SyllablePairTokenizer::end() {
  int32_t final_offset = correctOffset(static_cast<int32_t>(text_.size()));
  offset_->setOffset(final_offset, final_offset);
}

void SyllablePairTokenizer::reset(const Lucene::ReaderPtr& input) {
  Lucene::Tokenizer::reset(input);
  read_ = false;
  Restart();
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
  if (form_ != TermForm::kExact) return true;
  bool movable = false;
  for (int32_t i = 1; i < len && !movable; ++i) {
    movable = IsMovableTone(static_cast<char32_t>(buf[i - 1]), static_cast<char32_t>(buf[i]));
  }
  if (!movable) return true;
  std::u32string term(buf, buf + len);
  ExactTonePlacement(term);
  SetTerm(term_, term);
  return true;
}

VietnameseAnalyzer::~VietnameseAnalyzer() = default;

Lucene::TokenStreamPtr VietnameseAnalyzer::tokenStream(const Lucene::String& field,
                                                       const Lucene::ReaderPtr& reader) {
  if (IsPairField(field)) return Lucene::newLucene<SyllablePairTokenizer>(reader);
  return Lucene::newLucene<CaseFoldFilter>(Lucene::newLucene<VietnameseTokenizer>(reader),
                                           FormOfField(field));
}

int32_t VietnameseAnalyzer::getPositionIncrementGap(const Lucene::String&) { return kPositionGap; }

}  // namespace vanban::index_internal
