#include "term_dictionary.h"

#include <FieldInfos.h>
#include <IndexInput.h>
#include <SegmentReader.h>
#include <SegmentTermEnum.h>
#include <StringUtils.h>
#include <TermInfo.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

#include "mapped_directory.h"
#include "varint.h"

namespace vanban::index_internal {
namespace {

// The only .tis format read in place: Lucene 3.0's (TermInfosWriter::FORMAT_CURRENT, lengths of
// UTF-8 bytes).
constexpr int32_t kFormat = -4;
constexpr uint32_t kMaxInt32 = static_cast<uint32_t>(std::numeric_limits<int32_t>::max());

// SegmentTermEnum keeps its input and format protected; this class names them and is never
// instantiated.
struct TermEnumFields : Lucene::SegmentTermEnum {
  static Lucene::IndexInputPtr& Input(Lucene::SegmentTermEnum& e) {
    return e.*(&TermEnumFields::input);
  }
  static int32_t Format(Lucene::SegmentTermEnum& e) { return e.*(&TermEnumFields::format); }
};

// (rank, text) order: the dictionary's.
int Compare(int32_t rank_a, const std::string& a, int32_t rank_b, const std::string& b) {
  if (rank_a != rank_b) return rank_a < rank_b ? -1 : 1;
  return a.compare(b);  // byte order: UTF-8 of code point order
}

}  // namespace

std::shared_ptr<const TermDictionary> TermDictionary::Build(const Lucene::IndexReaderPtr& segment) {
  if (dynamic_cast<Lucene::SegmentReader*>(segment.get()) == nullptr) return nullptr;
  Lucene::TermEnumPtr terms = segment->terms();
  auto* st = dynamic_cast<Lucene::SegmentTermEnum*>(terms.get());
  if (st == nullptr || TermEnumFields::Format(*st) != kFormat || !st->fieldInfos ||
      st->position != -1 || st->skipInterval <= 0) {
    return nullptr;
  }
  const Lucene::IndexInputPtr& in = TermEnumFields::Input(*st);
  const uint8_t* bytes = in ? MappedBytes(in.get()) : nullptr;
  if (bytes == nullptr) return nullptr;

  auto dict = std::make_shared<TermDictionary>();
  dict->owner_ = boost::dynamic_pointer_cast<Lucene::SegmentTermEnum>(terms);
  dict->bytes_ = bytes;
  dict->length_ = in->length();
  dict->size_ = st->size;
  dict->skip_interval_ = st->skipInterval;
  const int32_t fields = st->fieldInfos->size();
  std::vector<std::pair<Lucene::String, int32_t>> names;
  for (int32_t f = 0; f < fields; ++f) names.emplace_back(st->fieldInfos->fieldName(f), f);
  std::sort(names.begin(), names.end());
  dict->rank_of_number_.resize(static_cast<size_t>(fields));
  for (size_t r = 0; r < names.size(); ++r) {
    dict->rank_of_number_[static_cast<size_t>(names[r].second)] = static_cast<int32_t>(r);
    dict->rank_of_name_.emplace(names[r].first, static_cast<int32_t>(r));
  }

  const int64_t start = in->getFilePointer();
  if (start < 0 || start > dict->length_ || dict->size_ < 0) return nullptr;
  const uint8_t* p = bytes + start;
  std::string text;
  std::string prev;
  int32_t rank = 0;
  int32_t prev_rank = -1;
  Info info;
  dict->index_.reserve(static_cast<size_t>(dict->size_ / kInterval + 1));
  for (int64_t pos = 0; pos < dict->size_; ++pos) {
    if (!dict->Next(p, &text, &rank, &info)) return nullptr;
    // Out of order: not a dictionary a binary search can use.
    if (pos > 0 && Compare(prev_rank, prev, rank, text) >= 0) return nullptr;
    if (pos % kInterval == 0) {
      dict->index_.push_back(Entry{rank, text, info, p - bytes, pos});
    }
    prev = text;
    prev_rank = rank;
  }
  return dict;
}

bool TermDictionary::Next(const uint8_t*& p, std::string* text, int32_t* rank, Info* info) const {
  const uint8_t* const end = bytes_ + length_;
  uint32_t shared = 0;
  uint32_t more = 0;
  if (!ReadVInt(p, end, &shared) || !ReadVInt(p, end, &more) || shared > text->size() ||
      more > static_cast<size_t>(end - p)) {
    return false;
  }
  text->resize(shared);
  text->append(reinterpret_cast<const char*>(p), more);
  p += more;
  uint32_t field = 0;
  uint32_t doc_freq = 0;
  uint64_t freq_delta = 0;
  uint64_t prox_delta = 0;
  if (!ReadVInt(p, end, &field) || field >= rank_of_number_.size() ||
      !ReadVInt(p, end, &doc_freq) || doc_freq > kMaxInt32 || !ReadVLong(p, end, &freq_delta) ||
      !ReadVLong(p, end, &prox_delta)) {
    return false;
  }
  *rank = rank_of_number_[field];
  info->doc_freq = static_cast<int32_t>(doc_freq);
  info->freq_pointer += static_cast<int64_t>(freq_delta);
  info->prox_pointer += static_cast<int64_t>(prox_delta);
  info->skip_offset = 0;
  if (info->doc_freq >= skip_interval_) {
    uint32_t skip = 0;
    if (!ReadVInt(p, end, &skip)) return false;
    info->skip_offset = static_cast<int32_t>(skip);
  }
  return true;
}

Lucene::TermInfoPtr TermDictionary::NewTermInfo(const Info& info) const {
  Lucene::TermInfoPtr ti = owner_->termInfo();
  ti->docFreq = info.doc_freq;
  ti->freqPointer = info.freq_pointer;
  ti->proxPointer = info.prox_pointer;
  ti->skipOffset = info.skip_offset;
  return ti;
}

std::optional<TermDictionary::Info> TermDictionary::Find(const Lucene::String& field,
                                                         const Lucene::String& text) const {
  const auto f = rank_of_name_.find(field);
  if (f == rank_of_name_.end() || index_.empty()) return std::nullopt;
  const int32_t rank = f->second;
  const std::string target = Lucene::StringUtils::toUTF8(text);
  // The last kept term at or before the target.
  const auto after = std::upper_bound(
      index_.begin(), index_.end(), target,
      [&](const std::string& t, const Entry& e) { return Compare(rank, t, e.rank, e.text) < 0; });
  if (after == index_.begin()) return std::nullopt;  // before the first term
  const Entry& e = *std::prev(after);
  if (e.rank == rank && e.text == target) return e.info;
  const uint8_t* p = bytes_ + e.next;
  std::string t = e.text;
  Info info = e.info;
  int32_t r = 0;
  // The terms after it, up to the next kept one (which is past the target).
  for (int64_t pos = e.position + 1; pos < size_ && pos < e.position + kInterval; ++pos) {
    if (!Next(p, &t, &r, &info)) return std::nullopt;  // decoded once already in Build
    const int c = Compare(r, t, rank, target);
    if (c == 0) return info;
    if (c > 0) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace vanban::index_internal
