// A segment's term dictionary (its .tis file), looked up where it lies in memory.
//
// Why not SegmentReader::terms(term): Lucene++ finds a term by a binary search of every 128th
// term (.tii) and then reads the terms after it one by one through SegmentTermEnum, which
// turns the previous term back into UTF-8 and the new one into a wide string for each term it
// passes, builds a Term and names its field with a fresh string: about 150,000 instructions
// per lookup. A search of four words looks up some twenty terms in each of the 30 segments of
// the 1M index, which was 40 % of the instructions of a search whose terms had not been seen
// before (docs/performance.md, "Twelfth session"). Here the .tis bytes (mapped by
// MappedDirectory) are decoded once when the dictionary is built, every kInterval-th term
// kept with its entry, and a lookup compares UTF-8 bytes: a binary search, then at most
// kInterval - 1 terms decoded in place.
//
// The format (Lucene 3.0's, format -4, which Lucene++ 3.0.8 writes): a header (format,
// term count, index interval, skip interval, maximum skip levels), then per term, in order of
// field name and then text (code point order, which is UTF-8 byte order): VInt bytes shared
// with the previous term's text, VInt bytes that follow, those bytes, VInt field number, VInt
// document frequency, VLong freq pointer and VLong prox pointer as deltas from the previous
// term's, and, when the document frequency reaches the skip interval, VInt skip offset.
#pragma once

#include <LuceneHeaders.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace vanban::index_internal {

class TermDictionary {
 public:
  // A term's entry, as Lucene's TermInfo holds it (skip_offset is 0 below the skip interval,
  // where Lucene leaves an earlier term's value, which nothing reads).
  struct Info {
    int32_t doc_freq = 0;
    int64_t freq_pointer = 0;
    int64_t prox_pointer = 0;
    int32_t skip_offset = 0;
  };

  // Every kInterval-th term is kept with its entry: a lookup decodes at most kInterval - 1.
  static constexpr int64_t kInterval = 32;

  // The dictionary of `segment` (a SegmentReader), or null when it cannot be read in place:
  // another reader class, a .tis that is not memory-mapped, another format, or bytes that do
  // not decode as the format says (Lucene's own lookup then reports the damage).
  static std::shared_ptr<const TermDictionary> Build(const Lucene::IndexReaderPtr& segment);

  // The entry of `text` in `field`, or nullopt when the segment does not have the term.
  std::optional<Info> Find(const Lucene::String& field, const Lucene::String& text) const;

  // A Lucene TermInfo holding `info` (for SegmentTermDocs::seek). Lucene++ does not export
  // TermInfo's constructors: the object is made by the library, as SegmentTermEnum::termInfo's
  // copy, and then set.
  Lucene::TermInfoPtr NewTermInfo(const Info& info) const;

  int64_t size() const { return size_; }

 private:
  struct Entry {
    int32_t rank = 0;      // of the term's field name among the segment's fields
    std::string text;      // UTF-8
    Info info;             // the term's
    int64_t next = 0;      // offset in the .tis of the term after it
    int64_t position = 0;  // its position in the dictionary
  };
  // Decodes the term at p, which follows the term whose text and entry `text` and `info` hold:
  // its text (the bytes it shares with that one, then its own), its field's rank and its entry
  // (pointers as deltas from that one's). False when the bytes do not decode.
  bool Next(const uint8_t*& p, std::string* text, int32_t* rank, Info* info) const;

  Lucene::SegmentTermEnumPtr owner_;  // keeps the mapped .tis open; never advanced
  const uint8_t* bytes_ = nullptr;
  int64_t length_ = 0;
  int64_t size_ = 0;
  int32_t skip_interval_ = 0;
  std::vector<int32_t> rank_of_number_;  // field number -> rank of its name
  std::unordered_map<Lucene::String, int32_t> rank_of_name_;
  std::vector<Entry> index_;  // terms 0, kInterval, 2·kInterval, …
};

}  // namespace vanban::index_internal
