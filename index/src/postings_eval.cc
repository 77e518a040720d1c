#include "postings_eval.h"

#include <BitVector.h>
#include <IndexInput.h>
#include <SegmentReader.h>
#include <SegmentTermDocs.h>
#include <SegmentTermEnum.h>
#include <SegmentTermPositions.h>
#include <Similarity.h>
#include <TermInfo.h>
#include <TermPositions.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core_cache.h"
#include "fields.h"
#include "lucene_util.h"
#include "mapped_directory.h"
#include "term_dictionary.h"
#include "text_tokens.h"
#include "varint.h"

namespace vanban::index_internal {
namespace {

using Clause = ShapeEvaluator::Clause;
using Group = ShapeEvaluator::Group;
using Lucene::newLucene;

// Postings are read this many at a time (TermDocs::read).
constexpr int32_t kBlock = 256;
// Below this many postings per candidate a clause is read linearly at the candidates; above
// it, TermDocs::skipTo jumps between them.
constexpr size_t kSkipRatio = 8;
// With at least one candidate per this many documents of the segment, a clause read linearly
// finds its candidates through a map of the segment's documents (Candidates::Slots) rather
// than by merging; sparser, the map would cost more to fill than it saves.
constexpr size_t kDenseRatio = 32;
// When only the best are wanted, an optional group with fewer postings in a segment than one
// per this many candidates is read at every candidate rather than left for the bounds.
constexpr size_t kReadAtOnce = 4;
// A group whose clauses have at least one posting per this many documents of the segment is
// read into an array indexed by document rather than merged (GroupAll).
constexpr int64_t kDenseUnionRatio = 8;
// A search whose every required group has at least one posting per this many documents of a
// segment reads the terms' frequencies there at each document (ShapeEvaluator::Dense).
constexpr int64_t kDenseSearchRatio = 8;
// There, a clause whose term is on fewer than one match in this many is added only where its
// frequency is not 0.
constexpr size_t kSparseClauseRatio = 4;

const std::array<double, 256>& NormTable() {
  static const std::array<double, 256> table = [] {
    std::array<double, 256> t{};
    for (size_t i = 0; i < t.size(); ++i)
      t[i] = Lucene::Similarity::decodeNorm(static_cast<uint8_t>(i));
    return t;
  }();
  return table;
}

// DefaultSimilarity::tf, sqrt(freq), for the small frequencies that are most of them; the
// same values, as sqrt is exact to the last bit.
constexpr int32_t kTfTableSize = 64;
const std::array<double, kTfTableSize>& TfTable() {
  static const std::array<double, kTfTableSize> table = [] {
    std::array<double, kTfTableSize> t{};
    for (size_t i = 0; i < t.size(); ++i) t[i] = std::sqrt(static_cast<double>(i));
    return t;
  }();
  return table;
}

// What a clause needs in one segment: norms, and a score from a frequency. The tables are
// looked up once here, not at each posting (a call and a guard check each).
struct FieldScorer {
  FieldScorer(const Lucene::IndexReaderPtr& segment, const Clause& c)
      : norms(segment->norms(c.field)),
        bytes(norms ? norms.get() : nullptr),
        value(c.value),
        decode(NormTable().data()),
        tf(TfTable().data()) {}
  // sqrt(freq): a phrase's frequency (any double), or a term's as its postings give it (the
  // same value without a round trip through double: the table holds the square roots).
  double TfOf(double freq) const {
    const auto n = static_cast<int32_t>(freq);
    return n >= 0 && n < kTfTableSize && static_cast<double>(n) == freq ? tf[n] : std::sqrt(freq);
  }
  double TfOf(int32_t freq) const {
    return static_cast<uint32_t>(freq) < static_cast<uint32_t>(kTfTableSize)
               ? tf[freq]
               : std::sqrt(static_cast<double>(freq));
  }
  // As TermScorer::score and PhraseScorer::score: tf(freq) · value, times the field norm.
  template <typename Freq>
  double Score(int32_t doc, Freq freq) const {
    const double raw = TfOf(freq) * value;
    return bytes != nullptr ? raw * decode[bytes[doc]] : raw;
  }
  // tf(freq) times the field norm: Score without the clause's weight (an impact).
  template <typename Freq>
  double TfNorm(int32_t doc, Freq freq) const {
    return bytes != nullptr ? TfOf(freq) * decode[bytes[doc]] : TfOf(freq);
  }
  Lucene::ByteArray norms;  // keeps `bytes` alive
  const uint8_t* bytes;
  double value;
  const double* decode;  // NormTable()
  const double* tf;      // TfTable()
};

// One term's positions at one document, read into a buffer that only grows: a phrase reads
// them at hundreds of thousands of documents per search, and resizing a vector zeroes what it
// adds each time.
struct PositionList {
  std::vector<int32_t> buffer;
  size_t size = 0;
  // Room for n positions; the buffer's contents are left as they are.
  int32_t* Reserve(size_t n) {
    if (buffer.size() < n) buffer.resize(std::max(n, 2 * buffer.size()));
    size = n;
    return buffer.data();
  }
  const int32_t* begin() const { return buffer.data(); }
  const int32_t* end() const { return buffer.data() + size; }
};

// The number of positions at which the phrase's terms all stand, given each term's positions
// minus its offset in the phrase (ascending). As ExactPhraseScorer::phraseFreq.
double PhraseFreq(const std::vector<PositionList>& pos) {
  if (pos.size() == 2) {
    // Two terms (a phrase of three syllables: two pairs): the positions both lists hold,
    // merged without a branch on which is behind.
    const int32_t* a = pos[0].begin();
    const int32_t* b = pos[1].begin();
    const int32_t* const a_end = pos[0].end();
    const int32_t* const b_end = pos[1].end();
    int64_t both = 0;
    while (a != a_end && b != b_end) {
      const int32_t x = *a;
      const int32_t y = *b;
      both += x == y ? 1 : 0;
      a += x <= y ? 1 : 0;
      b += y <= x ? 1 : 0;
    }
    return static_cast<double>(both);
  }
  thread_local std::vector<size_t> at;
  at.assign(pos.size(), 0);
  double freq = 0;
  for (int32_t p : pos[0]) {
    bool all = true;
    for (size_t i = 1; i < pos.size() && all; ++i) {
      const PositionList& v = pos[i];
      while (at[i] < v.size && v.begin()[at[i]] < p) ++at[i];
      all = at[i] < v.size && v.begin()[at[i]] == p;
    }
    if (all) freq += 1;
  }
  return freq;
}

// The same, each tp on the document.
double PhraseFreq(std::vector<Lucene::TermPositionsPtr>& tps, std::vector<PositionList>& pos) {
  for (size_t i = 0; i < tps.size(); ++i) {
    const int32_t n = tps[i]->freq();
    int32_t* const out = pos[i].Reserve(static_cast<size_t>(std::max(n, 0)));
    for (int32_t k = 0; k < n; ++k) out[k] = tps[i]->nextPosition() - static_cast<int32_t>(i);
  }
  return PhraseFreq(pos);
}

// ---------------------------------------------------------------- term dictionary

// Each term's entry in a segment's dictionary (its TermInfo: docFreq and where its postings
// and positions start; null when the segment lacks the term), looked up once and kept per
// segment core (segments never change; a merged-away segment's entries go once its core is
// gone). A lookup seeks to the dictionary's index entry before the term and decodes up to 128
// terms, each turned from UTF-8 into a wide string, to reach it; Lucene++'s own cache is per
// thread, 1,024 terms, and keeps only terms that were found, where most of what a query names
// is absent from most segments (the pairs of a number or of a place name). Looking up every
// term of every search in every segment, for its docFreq and again to open its postings, was
// about a tenth of the search mix's time at 1,000,000 documents (docs/performance.md, "Eighth
// session"). A segment keeps at most kTermInfoEntries terms (an entry is about 250 bytes: 2 MB
// per segment at most); a full one starts over.
constexpr size_t kTermInfoEntries = size_t{1} << 13;

// SegmentReader::terms gives a SegmentTermEnum, whose termInfo() is the entry (a copy).
class TermInfos {
 public:
  struct Entry {
    Lucene::TermInfoPtr info;  // null: absent, or not a SegmentReader (then docFreq only)
    int32_t doc_freq = 0;
  };

  static Entry Of(const Lucene::IndexReaderPtr& segment, const Lucene::TermPtr& term) {
    return Instance().Get(segment, term);
  }

  // Builds the segment's dictionary now, unless a lookup has already (or tried to): the number
  // of terms it holds, 0 when the segment is read through Lucene.
  static int64_t Warm(const Lucene::IndexReaderPtr& segment) {
    TermInfos& cache = Instance();
    const Lucene::LuceneObjectPtr core = segment->getFieldCacheKey();
    std::shared_ptr<const TermDictionary> dict;
    bool tried = false;
    {
      std::lock_guard<std::mutex> lock(cache.mu_);
      const Segment& entry = cache.SegmentOf(core);
      tried = entry.dictionary_tried;
      dict = entry.dictionary;
    }
    if (!tried) dict = cache.BuildDictionary(segment, core);
    return dict ? dict->size() : 0;
  }

 private:
  static TermInfos& Instance() {
    static TermInfos cache;
    return cache;
  }

  Entry Get(const Lucene::IndexReaderPtr& segment, const Lucene::TermPtr& term) {
    const Lucene::LuceneObjectPtr core = segment->getFieldCacheKey();
    std::wstring key;
    key.reserve(term->_field.size() + 1 + term->_text.size());
    key.append(term->_field).append(1, L'\x1f').append(term->_text);
    std::shared_ptr<const TermDictionary> dict;
    bool tried = false;  // whether the segment's dictionary was built (dict) or tried
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto s = segments_.find(core.get());
      if (s != segments_.end() && !s->second.core.expired()) {
        auto t = s->second.terms.find(key);
        if (t != s->second.terms.end()) return t->second;
        tried = s->second.dictionary_tried;
        dict = s->second.dictionary;
      }
    }
    if (!tried) dict = BuildDictionary(segment, core);
    Entry e;
    if (dict) {
      if (const std::optional<TermDictionary::Info> found = dict->Find(term->_field, term->_text)) {
        e.info = dict->NewTermInfo(*found);
        e.doc_freq = found->doc_freq;
      }
    } else {
      Lucene::TermEnumPtr terms = segment->terms(term);
      if (auto* st = dynamic_cast<Lucene::SegmentTermEnum*>(terms.get())) {
        const Lucene::TermPtr at = st->term();
        if (at && at->_field == term->_field && at->_text == term->_text) {
          e.info = st->termInfo();
          e.doc_freq = e.info->docFreq;
        }
      } else {
        e.doc_freq = segment->docFreq(term);
      }
      if (terms) terms->close();
    }
    std::lock_guard<std::mutex> lock(mu_);
    Segment& entry = SegmentOf(core);
    if (entry.terms.size() >= kTermInfoEntries) entry.terms.clear();
    entry.terms.emplace(std::move(key), e);
    return e;
  }

  struct Segment {
    boost::weak_ptr<Lucene::LuceneObject> core;
    std::unordered_map<std::wstring, Entry> terms;
    // The segment's dictionary read in place (null: read through Lucene), once tried.
    std::shared_ptr<const TermDictionary> dictionary;
    bool dictionary_tried = false;
  };

  // The segment's entry, made if need be (mu_ held); entries of segments gone are dropped.
  Segment& SegmentOf(const Lucene::LuceneObjectPtr& core) {
    std::erase_if(segments_, [](const auto& s) { return s.second.core.expired(); });
    Segment& entry = segments_[core.get()];
    if (entry.core.expired()) entry.core = core;
    return entry;
  }

  // Builds the segment's TermDictionary on its first lookup (outside the lock: a segment's
  // first searches may build it more than once; the first kept wins) and returns the kept one.
  std::shared_ptr<const TermDictionary> BuildDictionary(const Lucene::IndexReaderPtr& segment,
                                                        const Lucene::LuceneObjectPtr& core) {
    std::shared_ptr<const TermDictionary> built = TermDictionary::Build(segment);
    std::lock_guard<std::mutex> lock(mu_);
    Segment& entry = SegmentOf(core);
    if (!entry.dictionary_tried) {
      entry.dictionary = std::move(built);
      entry.dictionary_tried = true;
    }
    return entry.dictionary;
  }
  std::mutex mu_;
  std::unordered_map<const void*, Segment> segments_;
};

// segment->termDocs(term) and segment->termPositions(term), positioned from the term's entry
// `e` rather than by a second dictionary lookup.
template <typename T>
T Positioned(const Lucene::TermPtr& term, const TermInfos::Entry& e, T t) {
  auto* st = dynamic_cast<Lucene::SegmentTermDocs*>(t.get());
  if (st != nullptr && (e.info || e.doc_freq == 0)) {
    st->seek(e.info, term);  // virtual: SegmentTermPositions resets its positions too
  } else {
    t->seek(term);
  }
  return t;
}
// c.terms[t]'s entry in segment `seg`, as Weigh looked it up.
TermInfos::Entry EntryOf(const Clause& c, size_t t, size_t seg) {
  return {c.term_info[t][seg], c.doc_freq[t][seg]};
}
Lucene::TermDocsPtr TermDocsOf(const Lucene::IndexReaderPtr& segment, const Lucene::TermPtr& term,
                               const TermInfos::Entry& e) {
  return Positioned(term, e, segment->termDocs());
}
Lucene::TermPositionsPtr TermPositionsOf(const Lucene::IndexReaderPtr& segment,
                                         const Lucene::TermPtr& term, const TermInfos::Entry& e) {
  return Positioned(term, e, segment->termPositions());
}

// ---------------------------------------------------------------- bulk postings

// SegmentTermDocs::read decodes a posting with two virtual readVInt calls, each a virtual
// readByte per byte, through the compound file's buffered input: most of a search's time
// (docs/performance.md, "search_bench"). The postings of one term in one segment are one run
// of bytes in the .frq file, between TermInfo::freqPointer and the term's skip data, so
// ForEachPostingInBulk decodes that run where it lies in the mapped file (MappedBytes: the
// .frq file, or the compound file holding it), or copies it with one readBytes (an input of
// another directory) and decodes the copy. The format
// (Lucene 3.0, which Lucene++ writes): per document a VInt of the doc delta shifted left by
// one, the low bit set when the frequency is 1, else the frequency as a second VInt; the delta
// alone when the field omits frequencies. Deleted documents are skipped as SegmentTermDocs
// skips them.
//
// The fields this needs are protected members of SegmentTermDocs and BitVector; these two
// classes name them, and are never instantiated.
struct TermDocsFields : Lucene::SegmentTermDocs {
  static Lucene::IndexInputPtr& Stream(Lucene::SegmentTermDocs& t) {
    return t.*(&TermDocsFields::_freqStream);
  }
  static Lucene::BitVectorPtr& Deleted(Lucene::SegmentTermDocs& t) {
    return t.*(&TermDocsFields::deletedDocs);
  }
  static int32_t Df(Lucene::SegmentTermDocs& t) { return t.*(&TermDocsFields::df); }
  static int32_t Count(Lucene::SegmentTermDocs& t) { return t.*(&TermDocsFields::count); }
  static int32_t SkipInterval(Lucene::SegmentTermDocs& t) {
    return t.*(&TermDocsFields::skipInterval);
  }
  static int64_t Begin(Lucene::SegmentTermDocs& t) { return t.*(&TermDocsFields::freqBasePointer); }
  static int64_t SkipData(Lucene::SegmentTermDocs& t) { return t.*(&TermDocsFields::skipPointer); }
  static int64_t ProxBase(Lucene::SegmentTermDocs& t) {
    return t.*(&TermDocsFields::proxBasePointer);
  }
  static bool OmitFreqs(Lucene::SegmentTermDocs& t) {
    return t.*(&TermDocsFields::currentFieldOmitTermFreqAndPositions);
  }
  static bool Payloads(Lucene::SegmentTermDocs& t) {
    return t.*(&TermDocsFields::currentFieldStoresPayloads);
  }
  static int32_t MaxSkipLevels(Lucene::SegmentTermDocs& t) {
    return t.*(&TermDocsFields::maxSkipLevels);
  }
  static Lucene::SegmentReaderPtr Parent(Lucene::SegmentTermDocs& t) {
    return (t.*(&TermDocsFields::_parent)).lock();
  }
};
struct BitVectorFields : Lucene::BitVector {
  static Lucene::ByteArray& Bits(Lucene::BitVector& v) { return v.*(&BitVectorFields::bits); }
};

// Reads one posting at p, in the format above (its doc delta, and its frequency); false when
// it runs past end.
inline bool ReadPosting(const uint8_t*& p, const uint8_t* end, bool omit_freqs, uint32_t* delta,
                        uint32_t* freq) {
  uint32_t code = 0;
  *freq = 1;
  if (!ReadVInt(p, end, &code)) return false;
  if (omit_freqs) {
    *delta = code;
    return true;
  }
  *delta = code >> 1;
  return (code & 1) != 0 || ReadVInt(p, end, freq);
}

// Whether doc is set in a segment's deleted-documents bits (null: none deleted).
inline bool IsDeleted(const uint8_t* deleted, int32_t doc) {
  return deleted != nullptr && (deleted[doc >> 3] & (1 << (doc & 7))) != 0;
}

// The bytes [begin, begin + length) of a stream: where they lie when the file is mapped, else
// copied into *copy. CorruptIndexException when they are not all in the file.
const uint8_t* BytesAt(const Lucene::IndexInputPtr& stream, int64_t begin, int64_t length,
                       std::vector<uint8_t>* copy) {
  if (begin < 0 || length < 0 || length > stream->length() - begin) {
    throw Lucene::CorruptIndexException(L"postings of " + std::to_wstring(length) +
                                        L" bytes past the end of their file");
  }
  if (const uint8_t* mapped = MappedBytes(stream.get())) return mapped + begin;
  copy->resize(static_cast<size_t>(length));
  stream->seek(begin);
  stream->readBytes(copy->data(), 0, static_cast<int32_t>(length));
  return copy->data();
}

// The run of postings of the term st was just opened on (nothing read from it yet; at least
// skipInterval postings, so that the run's end, the skip data, is recorded), with what
// decoding it needs. `copy` holds the bytes when the file is not mapped.
struct PostingsRun {
  const uint8_t* begin = nullptr;
  const uint8_t* end = nullptr;
  int32_t df = 0;
  const uint8_t* deleted = nullptr;  // the segment's deleted-documents bits, or null
  bool omit_freqs = false;
};
PostingsRun RunOf(Lucene::SegmentTermDocs& st, std::vector<uint8_t>* copy) {
  PostingsRun run;
  run.df = TermDocsFields::Df(st);
  const int64_t begin = TermDocsFields::Begin(st);
  const int64_t length = TermDocsFields::SkipData(st) - begin;
  if (length < run.df || length > std::numeric_limits<int32_t>::max()) {
    throw Lucene::CorruptIndexException(L"postings run of " + std::to_wstring(length) +
                                        L" bytes for " + std::to_wstring(run.df) + L" documents");
  }
  run.begin = BytesAt(TermDocsFields::Stream(st), begin, length, copy);
  run.end = run.begin + length;
  if (const Lucene::BitVectorPtr& bv = TermDocsFields::Deleted(st)) {
    run.deleted = BitVectorFields::Bits(*bv).get();
  }
  run.omit_freqs = TermDocsFields::OmitFreqs(st);
  return run;
}

// Calls f(doc, freq) for every posting of the term td was just opened on (nothing read from
// it yet), in doc order, and returns true; returns false, having called nothing, when the
// bulk path does not apply: a short list (below the skip interval the end of the run is not
// recorded) or another TermDocs class. Deleted documents are skipped unless `deleted_too`. A run
// that does not decode to exactly df postings below max_doc is a corrupt index:
// CorruptIndexException, as Lucene++ throws for other damage it finds.
template <typename F>
bool ForEachPostingInBulk(const Lucene::TermDocsPtr& td, int32_t max_doc, F&& f,
                          bool deleted_too = false) {
  auto* st = dynamic_cast<Lucene::SegmentTermDocs*>(td.get());
  if (st == nullptr || TermDocsFields::Count(*st) != 0) return false;
  const int32_t df = TermDocsFields::Df(*st);
  if (df <= 0 || df < TermDocsFields::SkipInterval(*st)) return false;
  thread_local std::vector<uint8_t> copy;
  const PostingsRun run = RunOf(*st, &copy);
  const uint8_t* p = run.begin;
  uint32_t doc = 0;
  bool ok = true;
  for (int32_t i = 0; i < df && ok; ++i) {
    uint32_t delta = 0;
    uint32_t freq = 1;
    ok = ReadPosting(p, run.end, run.omit_freqs, &delta, &freq);
    doc += delta;
    const auto d = static_cast<int32_t>(doc);
    ok = ok && doc < static_cast<uint32_t>(max_doc);
    if (!ok || (!deleted_too && IsDeleted(run.deleted, d))) continue;
    f(d, static_cast<int32_t>(freq));
  }
  if (!ok || p != run.end) {
    throw Lucene::CorruptIndexException(L"postings run of " + std::to_wstring(run.end - run.begin) +
                                        L" bytes does not hold " + std::to_wstring(df) +
                                        L" documents");
  }
  return true;
}

// Reads a file forward from any offset, a window of bytes at a time: the positions of a term in
// the .prx file, whose run has no recorded end (a VInt per position, the delta from the
// previous one in the same document).
class ForwardWindow {
 public:
  void Reset(Lucene::IndexInputPtr in) {
    in_ = std::move(in);
    length_ = in_->length();
    offset_ = 0;
    bytes_.clear();
    // A mapped file is one window, the whole file.
    base_ = MappedBytes(in_.get());
    whole_ = base_ != nullptr;
    p_ = base_;
    end_ = whole_ ? base_ + length_ : nullptr;
  }
  int64_t Offset() const { return offset_ + (p_ - base_); }
  void Seek(int64_t at) {
    if (p_ != nullptr && at >= offset_ && at <= offset_ + (end_ - base_)) {
      p_ = base_ + (at - offset_);
    } else {
      Fill(at);
    }
  }
  uint32_t ReadVInt() {
    uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (p_ == end_) Fill(Offset());
      const uint8_t b = *p_++;
      v |= static_cast<uint32_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw Lucene::CorruptIndexException(L"a position of over five bytes");
  }
  // n positions, each VInt the delta from the one before (from 0), each minus `shift`, into
  // out. Where the window holds five bytes for each, without a check per byte.
  void ReadPositions(int32_t shift, int32_t* out, size_t n) {
    int32_t position = 0;
    size_t i = 0;
    while (i < n) {
      const auto fast = std::min(n - i, static_cast<size_t>(end_ - p_) / 5);
      const uint8_t* p = p_;
      for (const size_t stop = i + fast; i < stop; ++i) {
        uint32_t b = *p++;
        uint32_t v = b & 0x7F;
        for (int shift_by = 7; (b & 0x80) != 0; shift_by += 7) {
          if (shift_by == 35) throw Lucene::CorruptIndexException(L"a position of over five bytes");
          b = *p++;
          v |= (b & 0x7F) << shift_by;
        }
        position += static_cast<int32_t>(v);
        out[i] = position - shift;
      }
      p_ = p;
      if (i < n) {
        position += static_cast<int32_t>(ReadVInt());
        out[i++] = position - shift;
      }
    }
  }
  void SkipVInts(int64_t n) {
    while (n > 0) {
      if (p_ == end_) Fill(Offset());
      const uint8_t* p = p_;
      for (; p < end_ && n > 0; ++p) n -= (*p & 0x80) == 0 ? 1 : 0;
      p_ = p;
    }
  }

 private:
  static constexpr int64_t kWindow = 4096;
  void Fill(int64_t at) {
    if (whole_ || at < 0 || at >= length_) {
      throw Lucene::CorruptIndexException(L"positions past the end of the file");
    }
    const int64_t n = std::min(kWindow, length_ - at);
    bytes_.resize(static_cast<size_t>(n));
    in_->seek(at);
    in_->readBytes(bytes_.data(), 0, static_cast<int32_t>(n));
    offset_ = at;
    base_ = p_ = bytes_.data();
    end_ = p_ + n;
  }
  Lucene::IndexInputPtr in_;
  int64_t length_ = 0;
  bool whole_ = false;  // base_ is the mapped file
  int64_t offset_ = 0;  // of base_[0] in the file
  std::vector<uint8_t> bytes_;
  const uint8_t* base_ = nullptr;
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
};

// The first level of a term's skip data in a segment, decoded: for entry e, the document of
// posting (e + 1) · interval − 2 and the offsets of the next posting and of its positions.
struct SkipTable {
  std::vector<uint32_t> doc, at;
  std::vector<int64_t> prox;
};
size_t BytesOf(const SkipTable& t) { return t.doc.size() * 16 + sizeof(SkipTable); }
// A term with at least this many skip entries in a segment (16 postings each) has its table
// kept (SkipTables): decoding it at every search was 4–8 % of a search of frequent words, whose
// optional groups open the same terms in every segment.
constexpr int64_t kKeepSkipEntries = 16;
constexpr size_t kSkipTableBytes = size_t{64} << 20;
CoreCache<SkipTable>& SkipTables() {
  static CoreCache<SkipTable> cache(kSkipTableBytes);
  return cache;
}

// The postings of one term in one segment, and optionally their positions, read forward to
// target documents. The run of postings is read as ForEachPostingInBulk reads it, and its
// first level of skip data (an entry per skipInterval postings: the doc before it and the
// offsets of the next posting and of its positions, after the higher levels, which are passed
// over with their lengths) is decoded once (or kept: SkipTables), so each target decodes at most
// skipInterval postings, where TermDocs::skipTo and TermPositions make virtual calls through the
// skip levels and per byte. Positions are read only for the postings asked for; those of the
// postings passed over are skipped as VInts. Damage found is a CorruptIndexException.
class BulkPostings {
 public:
  // Opens on the term td was just opened on (nothing read from it yet); false, with td
  // untouched, when the bulk path does not apply: a short list (below the skip interval the
  // end of the run is not recorded), another TermDocs class, payloads; with `positions`, also
  // a field without positions or a td that is not a SegmentTermPositions.
  static bool Applies(const Lucene::TermDocsPtr& td, bool positions) {
    auto* st = dynamic_cast<Lucene::SegmentTermDocs*>(td.get());
    if (st == nullptr || TermDocsFields::Count(*st) != 0 || TermDocsFields::Payloads(*st)) {
      return false;
    }
    if (positions && (dynamic_cast<Lucene::SegmentTermPositions*>(td.get()) == nullptr ||
                      TermDocsFields::OmitFreqs(*st))) {
      return false;
    }
    const int32_t df = TermDocsFields::Df(*st);
    const int32_t interval = TermDocsFields::SkipInterval(*st);
    return df > 0 && interval > 1 && df >= interval;
  }
  bool Open(const Lucene::TermDocsPtr& td, int32_t max_doc, bool positions) {
    if (!Applies(td, positions)) return false;
    auto* st = dynamic_cast<Lucene::SegmentTermDocs*>(td.get());
    auto* sp = positions ? dynamic_cast<Lucene::SegmentTermPositions*>(td.get()) : nullptr;
    interval_ = TermDocsFields::SkipInterval(*st);
    max_doc_ = max_doc;
    max_skip_levels_ = TermDocsFields::MaxSkipLevels(*st);
    run_ = RunOf(*st, &copy_);
    OpenSkips(*st);
    p_ = run_.begin;
    read_ = 0;
    doc_ = 0;
    freq_ = 0;
    entry_ = 0;
    consumed_ = true;
    pending_ = 0;
    prox_base_ = TermDocsFields::ProxBase(*st);
    prox_at_ = prox_base_;
    has_positions_ = false;
    if (positions) {
      // The .prx stream is cloned on the first need for it (lazySkip, which only seeks it);
      // this reads from it at its own offsets.
      PositionsFields::LazySkip(*sp);
      Lucene::IndexInputPtr& prox = PositionsFields::Prox(*sp);
      if (!prox) throw Corrupt(L"no positions file");
      window_.Reset(prox);
      has_positions_ = true;
    }
    return true;
  }

  // Moves to the first posting at or after target that is not deleted (never back); false
  // when there is none.
  bool Advance(int32_t target) {
    if (read_ > 0 && doc_ >= target) return doc_ != kEnd;
    const SkipTable& skips = *skips_;
    while (entry_ < skips.doc.size() && skips.doc[entry_] < static_cast<uint32_t>(target)) {
      ++entry_;
    }
    // Entry e (0-based) holds the doc of posting (e + 1) · interval − 2 and the offsets of the
    // next one.
    if (entry_ > 0 && (read_ == 0 || static_cast<int64_t>(skips.doc[entry_ - 1]) > doc_)) {
      doc_ = skips.doc[entry_ - 1];
      p_ = run_.begin + skips.at[entry_ - 1];
      read_ = static_cast<int64_t>(entry_) * interval_ - 1;
      prox_at_ = prox_base_ + skips.prox[entry_ - 1];
      pending_ = 0;
      consumed_ = true;
    }
    while (read_ < run_.df) {
      uint32_t delta = 0;
      uint32_t freq = 1;
      const bool ok = ReadPosting(p_, run_.end, run_.omit_freqs, &delta, &freq);
      doc_ += delta;
      ++read_;
      if (!ok || doc_ >= max_doc_) throw Corrupt(L"a posting past the run");
      if (!consumed_) pending_ += freq_;
      freq_ = static_cast<int32_t>(freq);
      consumed_ = false;
      if (doc_ >= target && !IsDeleted(run_.deleted, static_cast<int32_t>(doc_))) return true;
    }
    if (p_ != run_.end) throw Corrupt(L"a run longer than its postings");
    doc_ = kEnd;
    return false;
  }
  int32_t doc() const { return static_cast<int32_t>(doc_); }
  int32_t freq() const { return freq_; }

  // The positions of the posting Advance stopped at, each minus `shift`, into out; once per
  // posting.
  void Positions(int32_t shift, PositionList* out) {
    if (!has_positions_ || consumed_) {
      out->size = 0;
      return;
    }
    int32_t* const at = out->Reserve(static_cast<size_t>(freq_));
    window_.Seek(prox_at_);
    window_.SkipVInts(pending_);
    window_.ReadPositions(shift, at, out->size);
    prox_at_ = window_.Offset();
    pending_ = 0;
    consumed_ = true;
  }

 private:
  static constexpr int64_t kEnd = std::numeric_limits<int32_t>::max();
  struct PositionsFields : Lucene::SegmentTermPositions {
    static Lucene::IndexInputPtr& Prox(Lucene::SegmentTermPositions& t) {
      return t.*(&PositionsFields::proxStream);
    }
    static void LazySkip(Lucene::SegmentTermPositions& t) { (t.*(&PositionsFields::lazySkip))(); }
  };

  Lucene::CorruptIndexException Corrupt(const std::wstring& what) const {
    return Lucene::CorruptIndexException(what + L" in the postings of " + std::to_wstring(run_.df) +
                                         L" documents");
  }

  // The term's skip table: kept per segment core for a long list (SkipTables), else read
  // into own_.
  void OpenSkips(Lucene::SegmentTermDocs& st) {
    const Lucene::IndexInputPtr& stream = TermDocsFields::Stream(st);
    const int64_t skip = TermDocsFields::SkipData(st);
    const int64_t length = run_.end - run_.begin;
    kept_.reset();
    if (run_.df / interval_ >= kKeepSkipEntries) {
      if (Lucene::SegmentReaderPtr parent = TermDocsFields::Parent(st)) {
        kept_ = SkipTables().Get(Lucene::IndexReaderPtr(parent), std::to_wstring(skip), true, [&] {
          auto t = std::make_shared<SkipTable>();
          ReadSkips(stream, skip, length, t.get());
          return std::shared_ptr<const SkipTable>(std::move(t));
        });
        skips_ = kept_.get();
        return;
      }
    }
    ReadSkips(stream, skip, length, &own_);
    skips_ = &own_;
  }

  // The first level of skip data, as MultiLevelSkipListReader::loadSkipLevels counts the
  // levels (the highest come first), into *out.
  void ReadSkips(const Lucene::IndexInputPtr& stream, int64_t skip, int64_t length,
                 SkipTable* out) {
    int32_t levels = static_cast<int32_t>(std::floor(std::log(static_cast<double>(run_.df)) /
                                                     std::log(static_cast<double>(interval_))));
    levels = std::min(levels, max_skip_levels_);
    stream->seek(skip);
    for (int32_t level = levels - 1; level > 0; --level) {
      const int64_t n = stream->readVLong();
      if (n < 0 || n > stream->length() - stream->getFilePointer()) throw Corrupt(L"a skip level");
      stream->seek(stream->getFilePointer() + n);
    }
    const size_t entries = static_cast<size_t>(run_.df / interval_);
    const int64_t left = stream->length() - stream->getFilePointer();
    const auto take =
        static_cast<size_t>(std::min<int64_t>(left, static_cast<int64_t>(entries) * 15));
    bytes_.resize(take);
    stream->readBytes(bytes_.data(), 0, static_cast<int32_t>(take));
    std::vector<uint32_t>& skip_doc = out->doc;
    std::vector<uint32_t>& skip_at = out->at;
    std::vector<int64_t>& skip_prox = out->prox;
    skip_doc.resize(entries);
    skip_at.resize(entries);
    skip_prox.resize(entries);
    const uint8_t* p = bytes_.data();
    const uint8_t* const end = p + take;
    uint32_t doc = 0;
    uint32_t at = 0;
    int64_t prox = 0;
    for (size_t e = 0; e < entries; ++e) {
      uint32_t doc_delta = 0;
      uint32_t freq_delta = 0;
      uint32_t prox_delta = 0;
      if (!ReadVInt(p, end, &doc_delta) || !ReadVInt(p, end, &freq_delta) ||
          !ReadVInt(p, end, &prox_delta)) {
        throw Corrupt(L"skip data cut short");
      }
      doc += doc_delta;
      at += freq_delta;
      prox += prox_delta;
      if (doc >= static_cast<uint32_t>(max_doc_) || at > static_cast<uint32_t>(length) ||
          (e > 0 && (doc <= skip_doc[e - 1] || at <= skip_at[e - 1]))) {
        throw Corrupt(L"skip data out of order");
      }
      skip_doc[e] = doc;
      skip_at[e] = at;
      skip_prox[e] = prox;
    }
  }

  PostingsRun run_;  // the postings: mapped, or in copy_
  std::vector<uint8_t> copy_, bytes_;
  SkipTable own_;                          // the skip table, when not kept
  std::shared_ptr<const SkipTable> kept_;  // or as kept
  const SkipTable* skips_ = &own_;         // the one in use
  int32_t interval_ = 0;
  int32_t max_skip_levels_ = 0;
  int32_t max_doc_ = 0;
  const uint8_t* p_ = nullptr;
  int64_t read_ = 0;  // postings decoded
  int64_t doc_ = 0;   // the last one's document (deltas start from 0)
  int32_t freq_ = 0;  // and its frequency
  size_t entry_ = 0;  // skip entries before the current target
  // Positions: prox_at_ is where those of the posting after the last one read or jumped to
  // begin, less `pending_` positions of postings passed over; consumed_: the current
  // posting's positions are behind prox_at_ (read, or before a skip entry's offset).
  bool has_positions_ = false;
  int64_t prox_base_ = 0;
  int64_t prox_at_ = 0;
  int64_t pending_ = 0;
  bool consumed_ = true;
  ForwardWindow window_;
};

// The postings of the term td was just opened on at the documents `targets` (ascending):
// calls f(j, freq) for each targets[j] the term is on (and that is not deleted), and returns
// true; false, having called nothing, when the bulk path does not apply (BulkPostings::Open).
template <typename F>
bool ForEachPostingAtInBulk(const Lucene::TermDocsPtr& td, int32_t max_doc,
                            const std::vector<int32_t>& targets, F&& f) {
  thread_local BulkPostings postings;
  if (!postings.Open(td, max_doc, false)) return false;
  for (size_t j = 0; j < targets.size(); ++j) {
    if (!postings.Advance(targets[j])) break;
    if (postings.doc() == targets[j]) f(j, postings.freq());
  }
  return true;
}

// Opens pool[i] on tps[i] (just opened on c's terms) with positions, and gives the order in
// which to look the terms up, the rarest first; false, with every tp untouched, when the bulk
// path does not apply to one of them (BulkPostings::Open).
bool OpenPhrase(const std::vector<Lucene::TermPositionsPtr>& tps, size_t seg, const Clause& c,
                int32_t max_doc, std::vector<BulkPostings>* pool, std::vector<size_t>* order) {
  // Decided for every term before any is opened: opening reads from the tp.
  for (const Lucene::TermPositionsPtr& tp : tps) {
    if (!BulkPostings::Applies(tp, true)) return false;
  }
  if (pool->size() < tps.size()) pool->resize(tps.size());
  order->resize(tps.size());
  std::iota(order->begin(), order->end(), 0);
  std::stable_sort(order->begin(), order->end(),
                   [&](size_t a, size_t b) { return c.doc_freq[a][seg] < c.doc_freq[b][seg]; });
  for (size_t i = 0; i < tps.size(); ++i) (*pool)[i].Open(tps[i], max_doc, true);
  return true;
}

// The phrase's frequency at the document every pool[i] stands on (0 when it does not stand
// there), each term's positions read into pos[i].
double PhraseFreqAt(std::vector<BulkPostings>& pool, std::vector<PositionList>& pos) {
  for (size_t i = 0; i < pos.size(); ++i) pool[i].Positions(static_cast<int32_t>(i), &pos[i]);
  return PhraseFreq(pos);
}

// The phrase of c's terms (tps, just opened on them) at the documents `targets` (ascending):
// calls f(j, freq) for each targets[j] where it stands, freq times, and returns true; false,
// having called nothing and with every tp untouched, when the bulk path does not apply to one
// of the terms (BulkPostings::Open). The rarest term is looked up first.
template <typename F>
bool PhraseAtInBulk(const std::vector<Lucene::TermPositionsPtr>& tps, size_t seg, const Clause& c,
                    const std::vector<int32_t>& targets, int32_t max_doc,
                    std::vector<PositionList>* pos, F&& f) {
  thread_local std::vector<BulkPostings> pool;
  thread_local std::vector<size_t> order;
  if (!OpenPhrase(tps, seg, c, max_doc, &pool, &order)) return false;
  for (size_t j = 0; j < targets.size(); ++j) {
    bool all = true;
    for (size_t i : order) {
      if (!pool[i].Advance(targets[j])) return true;
      if (pool[i].doc() != targets[j]) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    const double freq = PhraseFreqAt(pool, *pos);
    if (freq > 0) f(j, freq);
  }
  return true;
}

// The same at every document of the segment: calls f(doc, freq) for each document where the
// phrase stands, in doc order. The terms' postings are each read once, in step: a term ahead
// of the others moves them to its document.
template <typename F>
bool PhraseAllInBulk(const std::vector<Lucene::TermPositionsPtr>& tps, size_t seg, const Clause& c,
                     int32_t max_doc, std::vector<PositionList>* pos, F&& f) {
  thread_local std::vector<BulkPostings> pool;
  thread_local std::vector<size_t> order;
  if (!OpenPhrase(tps, seg, c, max_doc, &pool, &order)) return false;
  for (int32_t target = 0;; ++target) {
    for (size_t k = 0; k < order.size();) {
      BulkPostings& p = pool[order[k]];
      if (!p.Advance(target)) return true;
      if (p.doc() == target) {
        ++k;
      } else {
        target = p.doc();
        k = k == 0 ? 1 : 0;  // the others are behind it
      }
    }
    const double freq = PhraseFreqAt(pool, *pos);
    if (freq > 0) f(target, freq);
  }
}

// Calls f(doc, freq) for every posting of the term td was just opened on, in doc order: in
// bulk when it can, else through TermDocs::read. A document outside [0, max_doc) is a
// corrupt index (CorruptIndexException) either way.
template <typename F>
void ForEachPosting(const Lucene::TermDocsPtr& td, int32_t max_doc, F&& f) {
  if (ForEachPostingInBulk(td, max_doc, f)) return;
  auto docs = Lucene::Collection<int32_t>::newInstance(kBlock);
  auto freqs = Lucene::Collection<int32_t>::newInstance(kBlock);
  for (int32_t n; (n = td->read(docs, freqs)) > 0;) {
    for (int32_t k = 0; k < n; ++k) {
      // As the bulk path: callers index arrays of max_doc entries by document.
      if (docs[k] < 0 || docs[k] >= max_doc) {
        throw Lucene::CorruptIndexException(L"a posting names document " +
                                            std::to_wstring(docs[k]) + L" of " +
                                            std::to_wstring(max_doc));
      }
      f(docs[k], freqs[k]);
    }
  }
}

// Moves td to `target` unless it is already there or beyond; false when the postings end.
// TermDocs::skipTo always advances at least once, so it is only called when behind.
template <typename TD>
bool CatchUp(TD& td, int32_t* cur, int32_t target) {
  if (*cur >= target) return true;
  if (!td->skipTo(target)) return false;
  *cur = td->doc();
  return true;
}

// The documents of a segment at which clauses are evaluated, in doc order, and, built on
// first use, each document's index among them: a posting then finds its candidate with one
// load, where merging the two sorted lists mispredicts a branch at about every other posting.
// Every document that is not a candidate maps to docs.size(), a spare slot at the end of the
// sum and hit arrays, so the reading loop has no branch that depends on the data.
class Candidates {
 public:
  Candidates(const std::vector<int32_t>& docs, int32_t max_doc, std::vector<int32_t>* slots)
      : docs_(docs), max_doc_(max_doc), slots_(slots) {}
  const std::vector<int32_t>& docs() const { return docs_; }
  int32_t max_doc() const { return max_doc_; }
  const int32_t* Slots() const {
    if (!built_) {
      slots_->assign(static_cast<size_t>(max_doc_), static_cast<int32_t>(docs_.size()));
      for (size_t i = 0; i < docs_.size(); ++i) {
        (*slots_)[static_cast<size_t>(docs_[i])] = static_cast<int32_t>(i);
      }
      built_ = true;
    }
    return slots_->data();
  }

 private:
  const std::vector<int32_t>& docs_;
  int32_t max_doc_;
  std::vector<int32_t>* slots_;
  mutable bool built_ = false;
};

// Adds the clause's score at each candidate that it matches to sum[i] and sets hit[i]; sum
// and hit have a spare slot at the end (see Candidates).
void ClauseAt(const Lucene::IndexReaderPtr& segment, size_t seg, const Clause& c,
              const Candidates& cands, std::vector<double>* sum, std::vector<uint8_t>* hit) {
  const std::vector<int32_t>& docs = cands.docs();
  if (docs.empty()) return;
  const FieldScorer fs(segment, c);
  if (c.terms.size() == 1) {
    const int32_t df = c.doc_freq[0][seg];
    if (df == 0) return;
    Lucene::TermDocsPtr td = TermDocsOf(segment, c.terms[0], EntryOf(c, 0, seg));
    if (static_cast<size_t>(df) <= docs.size() * kSkipRatio) {
      // Linear: one pass over the postings, merged with the candidates.
      double* const sums = sum->data();
      uint8_t* const hits = hit->data();
      if (docs.size() * kDenseRatio >= static_cast<size_t>(cands.max_doc())) {
        const int32_t* const slots = cands.Slots();
        ForEachPosting(td, cands.max_doc(), [slots, sums, hits, fs](int32_t doc, int32_t freq) {
          const int32_t k = slots[doc];
          sums[k] += fs.Score(doc, freq);
          hits[k] = 1;
        });
      } else {
        size_t i = 0;
        const int32_t* const at = docs.data();
        const size_t n_at = docs.size();
        ForEachPosting(td, cands.max_doc(), [&](int32_t doc, int32_t freq) {
          while (i < n_at && at[i] < doc) ++i;
          if (i < n_at && at[i] == doc) {
            sums[i] += fs.Score(doc, freq);
            hits[i] = 1;
            ++i;
          }
        });
      }
    } else if (!ForEachPostingAtInBulk(td, cands.max_doc(), docs, [&](size_t i, int32_t freq) {
                 (*sum)[i] += fs.Score(docs[i], freq);
                 (*hit)[i] = 1;
               })) {
      int32_t cur = -1;
      for (size_t i = 0; i < docs.size(); ++i) {
        if (!CatchUp(td, &cur, docs[i])) break;
        if (cur == docs[i]) {
          (*sum)[i] += fs.Score(cur, td->freq());
          (*hit)[i] = 1;
        }
      }
    }
    td->close();
    return;
  }
  // A phrase: every term on the document, then the positions.
  for (const auto& df : c.doc_freq) {
    if (df[seg] == 0) return;
  }
  std::vector<Lucene::TermPositionsPtr> tps;
  for (size_t t = 0; t < c.terms.size(); ++t) {
    tps.push_back(TermPositionsOf(segment, c.terms[t], EntryOf(c, t, seg)));
  }
  std::vector<PositionList> pos(tps.size());
  if (PhraseAtInBulk(tps, seg, c, docs, cands.max_doc(), &pos, [&](size_t i, double freq) {
        (*sum)[i] += fs.Score(docs[i], freq);
        (*hit)[i] = 1;
      })) {
    for (auto& tp : tps) tp->close();
    return;
  }
  std::vector<int32_t> cur(tps.size(), -1);
  for (size_t i = 0; i < docs.size(); ++i) {
    bool all = true;
    bool done = false;
    for (size_t j = 0; j < tps.size() && all; ++j) {
      if (!CatchUp(tps[j], &cur[j], docs[i])) {
        done = true;
        break;
      }
      all = cur[j] == docs[i];
    }
    if (done) break;
    if (!all) continue;
    const double freq = PhraseFreq(tps, pos);
    if (freq > 0) {
      (*sum)[i] += fs.Score(docs[i], freq);
      (*hit)[i] = 1;
    }
  }
  for (auto& tp : tps) tp->close();
}

// Every document of the segment that the clause matches, with its score, in doc order.
std::vector<ScoredDoc> ClauseAll(const Lucene::IndexReaderPtr& segment, size_t seg,
                                 const Clause& c) {
  std::vector<ScoredDoc> out;
  // A term: all its postings. A phrase: its terms' postings read in step, with the positions
  // where they all stand; or the postings of its rarest term, then ClauseAt.
  size_t driver = 0;
  int32_t driver_df = -1;
  for (size_t i = 0; i < c.terms.size(); ++i) {
    const int32_t df = c.doc_freq[i][seg];
    if (df == 0) return out;
    if (driver_df < 0 || df < driver_df) {
      driver = i;
      driver_df = df;
    }
  }
  const int32_t max_doc = segment->maxDoc();
  const FieldScorer fs(segment, c);
  if (c.terms.size() == 1) {
    Lucene::TermDocsPtr td = TermDocsOf(segment, c.terms[0], EntryOf(c, 0, seg));
    out.reserve(static_cast<size_t>(driver_df));
    ForEachPosting(td, max_doc, [&](int32_t doc, int32_t freq) {
      out.push_back({doc, fs.Score(doc, freq)});
    });
    td->close();
    return out;
  }
  std::vector<Lucene::TermPositionsPtr> tps;
  for (size_t t = 0; t < c.terms.size(); ++t) {
    tps.push_back(TermPositionsOf(segment, c.terms[t], EntryOf(c, t, seg)));
  }
  std::vector<PositionList> pos(tps.size());
  out.reserve(static_cast<size_t>(driver_df));  // at most as many as its rarest term's
  const bool read = PhraseAllInBulk(tps, seg, c, max_doc, &pos, [&](int32_t doc, double freq) {
    out.push_back({doc, fs.Score(doc, freq)});
  });
  for (auto& tp : tps) tp->close();
  if (read) return out;
  std::vector<int32_t> docs;
  docs.reserve(static_cast<size_t>(driver_df));
  Lucene::TermDocsPtr td = TermDocsOf(segment, c.terms[driver], EntryOf(c, driver, seg));
  ForEachPosting(td, max_doc, [&](int32_t doc, int32_t) { docs.push_back(doc); });
  td->close();
  std::vector<double> sum(docs.size() + 1, 0.0);
  std::vector<uint8_t> hit(docs.size() + 1, 0);
  std::vector<int32_t> slots;
  ClauseAt(segment, seg, c, Candidates(docs, max_doc, &slots), &sum, &hit);
  for (size_t i = 0; i < docs.size(); ++i) {
    if (hit[i]) out.push_back({docs[i], sum[i]});
  }
  return out;
}

// A clause's key in the caches: its field and term.
std::wstring TermKey(const Clause& c) { return c.field + L'\x1f' + c.terms[0]->text(); }

// ---------------------------------------------------------------- impacts

// A term's impacts in a segment: for each block of kImpactBlock documents, the largest
// tf(freq) · norm of its postings there (0 where it has none), rounded up to a float. A
// clause's score at a document of the block is at most its value times that. Lucene 3's
// format records nothing of the kind, so a term's impacts are computed from its postings the
// first time a search needs them in a segment, and kept (CoreCache), up to kImpactBytes in
// all.
constexpr int32_t kImpactBlock = 256;
constexpr size_t kImpactBytes = size_t{64} << 20;

class Impacts {
 public:
  using Blocks = CoreCache<std::vector<float>>::Ptr;

  // The term's impacts in the segment (c: a single term), computed if not kept; or, with
  // compute false, null when not kept.
  static Blocks Of(const Lucene::IndexReaderPtr& segment, const Clause& c, bool compute = true) {
    return Cache().Get(segment, TermKey(c), compute, [&] { return Compute(segment, c); });
  }
  // Keeps impacts computed elsewhere (TermFreqsOf, from the same read of the postings).
  static void Keep(const Lucene::IndexReaderPtr& segment, const Clause& c, Blocks blocks) {
    Cache().Put(segment, TermKey(c), std::move(blocks));
  }

  // How much longer a pair field's norm is than its folded field's, at most, over the
  // segment's documents: {head, body}, each the largest pair norm / folded norm (0 where the
  // pair field's norm is 0, infinity where only the folded one's is), rounded up to a float.
  // Kept with the impacts (a key no term's can be: it has no field before the separator).
  static Blocks PairNormRatio(const Lucene::IndexReaderPtr& segment) {
    return Cache().Get(segment, L"\x1fpair norm / folded norm", true, [&] {
      const int32_t max_doc = segment->maxDoc();
      const std::array<double, 256>& decode = NormTable();
      auto ratios = std::make_shared<std::vector<float>>();
      for (const auto& [pair, folded] : {std::pair{kFieldHeadPairs, kFieldHeadFolded},
                                         std::pair{kFieldBodyPairs, kFieldBodyFolded}}) {
        const Lucene::ByteArray p = segment->norms(pair);
        const Lucene::ByteArray f = segment->norms(folded);
        double most = 0;
        for (int32_t d = 0; d < max_doc; ++d) {
          most = std::max(most, NormRatio(p ? decode[p[d]] : 1.0, f ? decode[f[d]] : 1.0));
        }
        ratios->push_back(RoundUp(most));
      }
      return Blocks(std::move(ratios));
    });
  }

  // A pair field's norm over its folded field's at one document, as PairNormRatio bounds it.
  static double NormRatio(double pair_norm, double folded_norm) {
    return pair_norm == 0     ? 0
           : folded_norm == 0 ? std::numeric_limits<double>::infinity()
                              : pair_norm / folded_norm;
  }

  // A term's impacts in a segment from its postings, given one at a time.
  class Builder {
   public:
    Builder(const Lucene::IndexReaderPtr& segment, const Clause& c)
        : fs_(segment, c),
          best_(static_cast<size_t>((segment->maxDoc() + kImpactBlock - 1) / kImpactBlock), 0.0) {}
    void Add(int32_t doc, int32_t freq) {
      double& b = best_[static_cast<size_t>(doc / kImpactBlock)];
      b = std::max(b, fs_.TfNorm(doc, freq));
    }
    Blocks Finish() const {
      auto blocks = std::make_shared<std::vector<float>>(best_.size());
      for (size_t i = 0; i < best_.size(); ++i) (*blocks)[i] = RoundUp(best_[i]);
      return blocks;
    }

   private:
    FieldScorer fs_;
    std::vector<double> best_;
  };

 private:
  static float RoundUp(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) < d) f = std::nextafter(f, std::numeric_limits<float>::max());
    return f;
  }
  static CoreCache<std::vector<float>>& Cache() {
    static CoreCache<std::vector<float>> cache(kImpactBytes);
    return cache;
  }

  static Blocks Compute(const Lucene::IndexReaderPtr& segment, const Clause& c) {
    Builder impacts(segment, c);
    Lucene::TermDocsPtr td = TermDocsOf(segment, c.terms[0], TermInfos::Of(segment, c.terms[0]));
    ForEachPosting(td, segment->maxDoc(),
                   [&](int32_t doc, int32_t freq) { impacts.Add(doc, freq); });
    td->close();
    return impacts.Finish();
  }
};

// ---------------------------------------------------------------- term frequencies

// A term's frequency at each document of a segment, a byte per document (0: not there; 255:
// 255 or more, the frequency then in `large`), deleted documents included (a segment's
// deletions change, its postings do not). For the searches whose required words are each on
// a large part of a segment (ShapeEvaluator::Dense): their matches and scores are then read
// at each document from a few such arrays, not decoded from every posting.
struct TermFreqs {
  std::vector<uint8_t> at;
  std::vector<std::pair<int32_t, int32_t>> large;  // (doc, freq), by doc

  // The frequency at a document whose byte is 255.
  int32_t Large(int32_t doc) const {
    auto it = std::lower_bound(large.begin(), large.end(), std::pair<int32_t, int32_t>{doc, 0});
    return it != large.end() && it->first == doc ? it->second : 0;
  }
  void Set(int32_t doc, int32_t freq) {
    if (freq >= 255) large.emplace_back(doc, freq);
    at[static_cast<size_t>(doc)] = static_cast<uint8_t>(std::min(freq, 255));
  }
};
size_t BytesOf(const TermFreqs& f) {
  return index_internal::BytesOf(f.at) + index_internal::BytesOf(f.large);
}

// Kept (CoreCache) for the terms with at least one posting per kKeepFreqsRatio documents of
// the segment, computed from the postings the first time a search needs them, with the
// term's impacts from the same read, up to kTermFreqsBytes in all: a megabyte per term on an
// index of a million documents. Rarer terms are read into a fresh array at each search.
constexpr size_t kTermFreqsBytes = size_t{256} << 20;
constexpr int64_t kKeepFreqsRatio = 16;

class TermFreqsOf {
 public:
  using Ptr = CoreCache<TermFreqs>::Ptr;

  // c (a single term, in segment seg)'s frequencies.
  static Ptr Get(const Lucene::IndexReaderPtr& segment, size_t seg, const Clause& c) {
    const int32_t df = c.doc_freq[0][seg];
    if (df != 0 && int64_t{df} * kKeepFreqsRatio >= segment->maxDoc()) {
      Ptr kept = Cache().Get(segment, TermKey(c), true, [&] { return Compute(segment, seg, c); });
      if (kept) return kept;
    }
    auto freqs = std::make_shared<TermFreqs>();
    freqs->at.assign(static_cast<size_t>(segment->maxDoc()), 0);
    if (df == 0) return freqs;
    Lucene::TermDocsPtr td = TermDocsOf(segment, c.terms[0], EntryOf(c, 0, seg));
    ForEachPosting(td, segment->maxDoc(),
                   [&](int32_t doc, int32_t freq) { freqs->Set(doc, freq); });
    td->close();
    return freqs;
  }

 private:
  static CoreCache<TermFreqs>& Cache() {
    static CoreCache<TermFreqs> cache(kTermFreqsBytes);
    return cache;
  }

  // The frequencies, and the impacts if they are not kept and may be read, from one read of
  // the postings; null when the postings are too few to be read in bulk (then read at each
  // search). Impacts bound only optional and pair groups (exact forms and pairs): a folded
  // word's, a required clause's everywhere, would never be read (a quarter of the
  // instructions of a first search of four frequent words), and Impacts::Of computes them
  // anyway should they be.
  static Ptr Compute(const Lucene::IndexReaderPtr& segment, size_t seg, const Clause& c) {
    const int32_t max_doc = segment->maxDoc();
    auto freqs = std::make_shared<TermFreqs>();
    freqs->at.assign(static_cast<size_t>(max_doc), 0);
    std::optional<Impacts::Builder> impacts;
    const bool folded = c.field == kFieldHeadFolded || c.field == kFieldBodyFolded;
    if (!folded && !Impacts::Of(segment, c, false)) impacts.emplace(segment, c);
    Lucene::TermDocsPtr td = TermDocsOf(segment, c.terms[0], EntryOf(c, 0, seg));
    const bool bulk = ForEachPostingInBulk(
        td, max_doc,
        [&](int32_t doc, int32_t freq) {
          freqs->Set(doc, freq);
          if (impacts) impacts->Add(doc, freq);
        },
        /*deleted_too=*/true);
    td->close();
    if (!bulk) return nullptr;
    if (impacts) Impacts::Keep(segment, c, impacts->Finish());
    freqs->large.shrink_to_fit();
    return freqs;
  }
};

// Whether a group bounded by impacts (or bounded otherwise: always) can be left for the bounds
// in a segment with n candidates: its terms' impacts there are kept, or computing them, a
// read of all their postings, costs no more than reading them at the candidates would.
bool ImpactsReady(const Lucene::IndexReaderPtr& segment, size_t seg, const Group& g, size_t n) {
  if (!g.by_impacts) return true;
  for (const Clause& c : g.any) {
    const auto df = static_cast<size_t>(c.doc_freq[0][seg]);
    if (df != 0 && df > n * kSkipRatio && !Impacts::Of(segment, c, false)) return false;
  }
  return true;
}

// The union of two doc-ordered lists, scores of the same document added.
std::vector<ScoredDoc> Union(const std::vector<ScoredDoc>& a, const std::vector<ScoredDoc>& b) {
  std::vector<ScoredDoc> out;
  out.reserve(a.size() + b.size());
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].doc < b[j].doc) {
      out.push_back(a[i++]);
    } else if (b[j].doc < a[i].doc) {
      out.push_back(b[j++]);
    } else {
      out.push_back({a[i].doc, a[i].score + b[j].score});
      ++i;
      ++j;
    }
  }
  out.insert(out.end(), a.begin() + static_cast<std::ptrdiff_t>(i), a.end());
  out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(j), b.end());
  return out;
}

// Postings a group reads when evaluated in full (a phrase: its rarest term's).
int64_t GroupCost(size_t seg, const Group& g) {
  int64_t cost = 0;
  for (const Clause& c : g.any) {
    int64_t least = -1;
    for (const auto& dfs : c.doc_freq) {
      const int64_t df = dfs[seg];
      if (least < 0 || df < least) least = df;
    }
    cost += std::max<int64_t>(least, 0);
  }
  return cost;
}

// Every document of the segment that the group matches, with its clauses' scores summed in
// clause order, in doc order. Few postings next to the segment's documents: the clauses'
// lists are merged (Union). Many (a frequent word in head and body): each clause adds its
// scores into an array indexed by document, which is then read in order, where merging would
// mispredict a branch at about every other posting. The sums are the same either way: each
// starts from the first clause's score, and the next ones are added in the same order.
std::vector<ScoredDoc> GroupAll(const Lucene::IndexReaderPtr& segment, size_t seg, const Group& g) {
  const int32_t max_doc = segment->maxDoc();
  if (g.any.size() == 1 || GroupCost(seg, g) * kDenseUnionRatio < max_doc) {
    std::vector<ScoredDoc> out;
    for (const Clause& c : g.any) {
      std::vector<ScoredDoc> list = ClauseAll(segment, seg, c);
      out = out.empty() ? std::move(list) : Union(out, list);
    }
    return out;
  }
  // Reused by the thread's next searches, and all zero between them.
  thread_local std::vector<double> sum;
  thread_local std::vector<uint8_t> hit;
  const auto n = static_cast<size_t>(max_doc);
  if (sum.size() < n) {
    sum.assign(n, 0.0);
    hit.assign(n, 0);
  }
  double* const sums = sum.data();
  uint8_t* const hits = hit.data();
  try {
    for (const Clause& c : g.any) {
      if (c.terms.size() == 1) {
        if (c.doc_freq[0][seg] == 0) continue;
        const FieldScorer fs(segment, c);
        Lucene::TermDocsPtr td = TermDocsOf(segment, c.terms[0], EntryOf(c, 0, seg));
        ForEachPosting(td, max_doc, [sums, hits, fs](int32_t doc, int32_t freq) {
          sums[doc] += fs.Score(doc, freq);
          hits[doc] = 1;
        });
        td->close();
      } else {
        for (const ScoredDoc& d : ClauseAll(segment, seg, c)) {
          sums[d.doc] += d.score;
          hits[d.doc] = 1;
        }
      }
    }
  } catch (...) {
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(hit.begin(), hit.end(), 0);
    throw;
  }
  std::vector<ScoredDoc> out;
  out.reserve(static_cast<size_t>(std::min<int64_t>(GroupCost(seg, g), max_doc)));
  for (size_t doc = 0; doc < n; ++doc) {
    if (!hits[doc]) continue;
    out.push_back({static_cast<int32_t>(doc), sums[doc]});
    sums[doc] = 0;
    hits[doc] = 0;
  }
  return out;
}

// The group's summed score at each candidate, and whether any clause matched there (and the
// spare slot after them).
void GroupAt(const Lucene::IndexReaderPtr& segment, size_t seg, const Group& g,
             const Candidates& cands, std::vector<double>* sum, std::vector<uint8_t>* hit) {
  sum->assign(cands.docs().size() + 1, 0.0);
  hit->assign(cands.docs().size() + 1, 0);
  for (const Clause& c : g.any) ClauseAt(segment, seg, c, cands, sum, hit);
}

// The clauses with their terms, `value` set to the query weight idf · boost (a phrase: the
// sum of its terms' idf, as Similarity::idfExplain), and each clause's idf in `idfs`.
// docFreq is summed over the segments, as DirectoryReader::docFreq does.
std::vector<Clause> Weigh(const std::vector<PlanClause>& clauses,
                          const Lucene::IndexSearcherPtr& searcher,
                          const std::vector<std::pair<Lucene::IndexReaderPtr, int32_t>>& segments,
                          std::vector<double>* idfs) {
  std::vector<Clause> out;
  const Lucene::SimilarityPtr sim = searcher->getSimilarity();
  const int32_t max_doc = searcher->maxDoc();
  for (const PlanClause& pc : clauses) {
    Clause c;
    c.field = pc.field;
    double idf = 0;
    for (const std::u32string& t : pc.terms) {
      c.terms.push_back(newLucene<Lucene::Term>(pc.field, ToLucene(t)));
      std::vector<int32_t>& dfs = c.doc_freq.emplace_back();
      std::vector<Lucene::TermInfoPtr>& infos = c.term_info.emplace_back();
      int32_t df = 0;
      for (const auto& segment : segments) {
        TermInfos::Entry e = TermInfos::Of(segment.first, c.terms.back());
        dfs.push_back(e.doc_freq);
        infos.push_back(std::move(e.info));
        df += e.doc_freq;
      }
      idf += sim->idf(df, max_doc);
    }
    c.value = idf * pc.boost;
    idfs->push_back(idf);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::vector<std::pair<Lucene::IndexReaderPtr, int32_t>> SegmentsOf(
    const Lucene::IndexReaderPtr& reader) {
  // Depth first, in order: the order and doc bases IndexSearcher gives its sub-readers.
  std::vector<std::pair<Lucene::IndexReaderPtr, int32_t>> out;
  int32_t base = 0;
  auto gather = [&](auto&& self, const Lucene::IndexReaderPtr& r) -> void {
    Lucene::Collection<Lucene::IndexReaderPtr> subs = r->getSequentialSubReaders();
    if (!subs || subs.empty()) {
      out.emplace_back(r, base);
      base += r->maxDoc();
      return;
    }
    for (const auto& s : subs) self(self, s);
  };
  gather(gather, reader);
  return out;
}

int64_t WarmSegments(const Lucene::IndexReaderPtr& reader) {
  int64_t terms = 0;
  for (const auto& [segment, base] : SegmentsOf(reader)) {
    terms += TermInfos::Warm(segment);
    for (const wchar_t* field : {kFieldHead, kFieldBody, kFieldHeadFolded, kFieldBodyFolded,
                                 kFieldHeadPairs, kFieldBodyPairs}) {
      segment->norms(field);
    }
    Impacts::PairNormRatio(segment);
  }
  return terms;
}

ShapeEvaluator::ShapeEvaluator(const Lucene::IndexSearcherPtr& searcher, const PlanShape& shape,
                               ScoreMode mode, size_t top_k)
    : mode_(mode), top_k_(top_k) {
  segments_ = SegmentsOf(searcher->getIndexReader());
  // As Query::weight: the sum of the squared query weights of every clause that is not
  // prohibited gives queryNorm; each weight's value is then idf · boost · queryNorm · idf.
  std::vector<double> idfs;
  auto weigh = [&](const std::vector<PlanGroup>& groups, std::vector<Group>* out) {
    for (const PlanGroup& pg : groups)
      out->push_back(Group{Weigh(pg.any, searcher, segments_, &idfs)});
  };
  weigh(shape.required, &required_);
  weigh(shape.excluded, &excluded_);
  weigh(shape.optional, &optional_);
  weigh(shape.pairs, &pairs_);
  double sum_sq = 0;
  for (const auto* groups : {&required_, &optional_, &pairs_}) {
    for (const Group& g : *groups) {
      for (const Clause& c : g.any) sum_sq += c.value * c.value;
    }
  }
  double query_norm = searcher->getSimilarity()->queryNorm(sum_sq);
  if (std::isinf(query_norm) || std::isnan(query_norm)) query_norm = 1.0;
  size_t k = 0;
  for (auto* groups : {&required_, &excluded_, &optional_, &pairs_}) {
    for (Group& g : *groups) {
      for (Clause& c : g.any) c.value = c.value * query_norm * idfs[k++];
    }
  }
  max_coord_ = static_cast<int>(required_.size() + optional_.size() + (pairs_.empty() ? 0 : 1));

  // Bounds, taken only when the plan's claim checks out: at most one clause per field
  // (head or body), each a single term whose bounding clause is the required group's clause
  // on the same field's folded form (head_f or body_f), single term; an exact form folds to
  // that term, a pair has it as its first or second word.
  bounds_.assign(required_.size(), false);
  auto family = [](const Lucene::String& field) {
    if (field == kFieldHead || field == kFieldHeadFolded || field == kFieldHeadPairs) return 0;
    if (field == kFieldBody || field == kFieldBodyFolded || field == kFieldBodyPairs) return 1;
    return -1;
  };
  copied_.assign(required_.size(), false);
  for (Group& pair : pairs_) {
    for (size_t r = 0; r < required_.size() && pair.copy_of < 0; ++r) {
      const Group& req = required_[r];
      bool same = !pair.any.empty() && pair.any.size() == req.any.size();
      double ratio = 0;
      for (size_t c = 0; same && c < pair.any.size(); ++c) {
        const Clause& a = pair.any[c];
        const Clause& b = req.any[c];
        same = a.field == b.field && a.terms.size() == 1 && b.terms.size() == 1 &&
               a.terms[0]->text() == b.terms[0]->text() && b.value > 0;
        if (!same) break;
        const double r_c = a.value / b.value;
        same = c == 0 || std::abs(r_c - ratio) <= 1e-12 * ratio;
        ratio = c == 0 ? r_c : ratio;
      }
      if (!same) continue;
      pair.copy_of = static_cast<int>(r);
      pair.copy_ratio = ratio;
      copied_[r] = true;
    }
  }
  auto take_bounds = [&](const std::vector<PlanGroup>& plan, std::vector<Group>* groups,
                         bool pairs) {
    if (groups->empty()) return false;
    for (size_t g = 0; g < groups->size(); ++g) {
      Group& group = (*groups)[g];
      if (group.copy_of >= 0) continue;  // its score is known exactly
      bool ok = !plan[g].bounded_by.empty() && !group.any.empty() && group.any.size() <= 2;
      for (int by : plan[g].bounded_by) {
        Bound bound{by, {0, 0}};
        ok = ok && by >= 0 && static_cast<size_t>(by) < required_.size();
        std::array<bool, 2> seen{};
        for (size_t c = 0; ok && c < group.any.size(); ++c) {
          const Clause& clause = group.any[c];
          const int f = family(clause.field);
          ok = f >= 0 && !seen[static_cast<size_t>(f)] && clause.terms.size() == 1 &&
               (clause.field == kFieldHeadPairs || clause.field == kFieldBodyPairs) == pairs &&
               required_[static_cast<size_t>(by)].any.size() > static_cast<size_t>(f);
          if (!ok) break;
          seen[static_cast<size_t>(f)] = true;
          const Clause& folded = required_[static_cast<size_t>(by)].any[static_cast<size_t>(f)];
          ok = folded.terms.size() == 1 && folded.value > 0 && family(folded.field) == f &&
               (folded.field == kFieldHeadFolded || folded.field == kFieldBodyFolded);
          if (!ok) break;
          const Lucene::String& word = folded.terms[0]->text();
          Lucene::String term = clause.terms[0]->text();
          if (pairs) {
            const Lucene::String sep(1, static_cast<wchar_t>(kPairSeparator));
            ok = term.starts_with(word + sep) || term.ends_with(sep + word);
          } else {
            for (wchar_t& ch : term) {
              ch = static_cast<wchar_t>(ApplyForm(static_cast<char32_t>(ch), TermForm::kFolded));
            }
            ok = term == word;
          }
          bound.ratio[static_cast<size_t>(f)] = clause.value / folded.value;
        }
        if (!ok) break;
        group.bounds.push_back(bound);
      }
      if (!ok) {
        // No required group bounds it; its terms' impacts do, if it has only single terms.
        group.bounds.clear();
        ok = !group.any.empty();
        for (const Clause& clause : group.any) ok = ok && clause.terms.size() == 1;
        group.by_impacts = ok;
      }
      if (!ok) {
        for (Group& other : *groups) {
          other.bounds.clear();
          other.by_impacts = false;
        }
        return false;
      }
    }
    for (const Group& group : *groups) {
      for (const Bound& b : group.bounds) bounds_[static_cast<size_t>(b.group)] = true;
    }
    return true;
  };
  defer_optional_ = take_bounds(shape.optional, &optional_, false);
  defer_pairs_ = take_bounds(shape.pairs, &pairs_, true);
}

namespace {

// Adds the pairs' score, as one clause with its own coord, at the candidates `at`; a copy of
// a required group from that group's score (every candidate matches it).
void AddPairs(const Lucene::IndexReaderPtr& segment, size_t seg, const std::vector<Group>& pairs,
              const std::vector<uint32_t>& at, const Candidates& where,
              const std::vector<std::vector<double>>& group_score, std::vector<ScoredDoc>* cands,
              std::vector<int32_t>* coord) {
  std::vector<double> sum;
  std::vector<uint8_t> hit;
  std::vector<double> pair_sum(at.size(), 0.0);
  std::vector<int32_t> pair_count(at.size(), 0);
  for (const Group& g : pairs) {
    if (g.copy_of >= 0) {
      const std::vector<double>& by = group_score[static_cast<size_t>(g.copy_of)];
      for (size_t j = 0; j < at.size(); ++j) {
        pair_sum[j] += g.copy_ratio * by[at[j]];
        ++pair_count[j];
      }
      continue;
    }
    GroupAt(segment, seg, g, where, &sum, &hit);
    for (size_t j = 0; j < at.size(); ++j) {
      if (!hit[j]) continue;
      pair_sum[j] += sum[j];
      ++pair_count[j];
    }
  }
  const auto n_pairs = static_cast<double>(pairs.size());
  for (size_t j = 0; j < at.size(); ++j) {
    if (pair_count[j] == 0) continue;
    (*cands)[at[j]].score += pair_sum[j] * (static_cast<double>(pair_count[j]) / n_pairs);
    ++(*coord)[at[j]];
  }
}

}  // namespace

void ShapeEvaluator::AddGroups(const Lucene::IndexReaderPtr& segment, size_t seg,
                               const std::vector<uint32_t>& at,
                               const std::vector<uint8_t>& optional, bool pairs,
                               const std::vector<std::vector<double>>& group_score,
                               std::vector<ScoredDoc>* cands, std::vector<int32_t>* coord,
                               std::vector<int32_t>* slots) const {
  const bool any_optional = std::find(optional.begin(), optional.end(), 1) != optional.end();
  if (at.empty() || (!any_optional && !pairs)) return;
  std::vector<int32_t> docs(at.size());
  for (size_t j = 0; j < at.size(); ++j) docs[j] = (*cands)[at[j]].doc;
  const Candidates where(docs, segment->maxDoc(), slots);
  if (pairs && !pairs_.empty()) {
    AddPairs(segment, seg, pairs_, at, where, group_score, cands, coord);
  }
  std::vector<double> sum;
  std::vector<uint8_t> hit;
  for (size_t gi = 0; gi < optional_.size(); ++gi) {
    if (!optional[gi]) continue;
    GroupAt(segment, seg, optional_[gi], where, &sum, &hit);
    for (size_t j = 0; j < at.size(); ++j) {
      if (!hit[j]) continue;
      (*cands)[at[j]].score += sum[j];
      ++(*coord)[at[j]];
    }
  }
}

std::vector<double> ShapeEvaluator::UpperBounds(const Lucene::IndexReaderPtr& segment, size_t seg,
                                                const std::vector<ScoredDoc>& cands,
                                                const std::vector<int32_t>& coord,
                                                const std::vector<std::vector<double>>& group_score,
                                                const std::vector<uint8_t>& optional, bool pairs,
                                                const std::vector<uint32_t>* at) const {
  const size_t n = at ? at->size() : cands.size();
  auto index = [&](size_t j) -> size_t { return at ? (*at)[j] : j; };
  const auto max_coord = static_cast<double>(max_coord_);
  const double more_coord = static_cast<double>(std::count(optional.begin(), optional.end(), 1)) +
                            (pairs && !pairs_.empty() ? 1.0 : 0.0);
  std::vector<double> upper;
  upper.reserve(n);
  for (size_t j = 0; j < n; ++j) upper.push_back(cands[index(j)].score);
  // The groups bounded by their terms' impacts: each clause's value times its term's impact in
  // the candidate's block, summed per block over all such clauses, then added to each
  // candidate's bound at once (a pass over the candidates per clause was most of this
  // function's time for a phrase of frequent words).
  std::vector<double> block_bound;
  auto by_impacts = [&](const Group& g) {
    for (const Clause& c : g.any) {
      if (c.doc_freq[0][seg] == 0) continue;
      const Impacts::Blocks blocks = Impacts::Of(segment, c);
      if (block_bound.size() < blocks->size()) block_bound.resize(blocks->size(), 0.0);
      for (size_t b = 0; b < blocks->size(); ++b) {
        block_bound[b] += c.value * static_cast<double>((*blocks)[b]);
      }
    }
  };
  // An exact form: its field has the folded field's length, so the weights' ratio bounds it.
  for (size_t gi = 0; gi < optional_.size(); ++gi) {
    if (!optional[gi]) continue;
    if (optional_[gi].by_impacts) {
      by_impacts(optional_[gi]);
      continue;
    }
    const Bound& b = optional_[gi].bounds.front();
    const double ratio = std::max(b.ratio[0], b.ratio[1]);
    const std::vector<double>& by = group_score[static_cast<size_t>(b.group)];
    for (size_t j = 0; j < n; ++j) upper[j] += ratio * by[index(j)];
  }
  // A pair: its field is shorter than the folded one (no pair across a sentence break), so
  // its norm is larger, by a ratio read at each document (with `at`), or the largest of the
  // segment's (without); a document where the folded norm is 0 and the pair's is not is not
  // bounded.
  if (pairs && !pairs_.empty()) {
    for (const Group& g : pairs_) {
      if (g.by_impacts) by_impacts(g);
    }
    // A pair group's bound where its word has `score`, its norm ratio `ratio`: no score for
    // the word in head or body, the pair is not there either, unless a norm of 0 hid the
    // word's score.
    auto pair_bound = [](double ratio, double score) {
      return score > 0 ? ratio * score : std::isinf(ratio) ? ratio : 0.0;
    };
    if (!at) {
      // One ratio per bound for the whole segment: each pair group's bound is worked out
      // over all the candidates at once.
      const Impacts::Blocks most = Impacts::PairNormRatio(segment);
      std::vector<double> least;
      for (const Group& g : pairs_) {
        if (g.by_impacts) continue;  // added above
        if (g.copy_of >= 0) {
          const std::vector<double>& by = group_score[static_cast<size_t>(g.copy_of)];
          for (size_t j = 0; j < n; ++j) upper[j] += g.copy_ratio * by[j];
          continue;
        }
        least.assign(n, std::numeric_limits<double>::infinity());
        for (const Bound& b : g.bounds) {
          const double ratio = std::max(b.ratio[0] * static_cast<double>((*most)[0]),
                                        b.ratio[1] * static_cast<double>((*most)[1]));
          const double* const by = group_score[static_cast<size_t>(b.group)].data();
          if (std::isfinite(ratio)) {
            // pair_bound without its branches (scores are not negative): a loop the compiler
            // vectorizes.
            for (size_t j = 0; j < n; ++j) least[j] = std::min(least[j], ratio * by[j]);
          } else {
            for (size_t j = 0; j < n; ++j) least[j] = std::min(least[j], pair_bound(ratio, by[j]));
          }
        }
        for (size_t j = 0; j < n; ++j) upper[j] += least[j];
      }
    } else {
      const Lucene::ByteArray norms[2][2] = {
          {segment->norms(kFieldHeadPairs), segment->norms(kFieldHeadFolded)},
          {segment->norms(kFieldBodyPairs), segment->norms(kFieldBodyFolded)}};
      const std::array<double, 256>& decode = NormTable();
      for (size_t j = 0; j < n; ++j) {
        const size_t i = (*at)[j];
        const int32_t d = cands[i].doc;
        std::array<double, 2> longer{};  // pair norm over folded norm, head and body
        for (size_t f = 0; f < 2; ++f) {
          longer[f] = Impacts::NormRatio(norms[f][0] ? decode[norms[f][0][d]] : 1.0,
                                         norms[f][1] ? decode[norms[f][1][d]] : 1.0);
        }
        double sum = 0;
        for (const Group& g : pairs_) {
          if (g.by_impacts) continue;  // added above
          if (g.copy_of >= 0) {
            sum += g.copy_ratio * group_score[static_cast<size_t>(g.copy_of)][i];
            continue;
          }
          double least = std::numeric_limits<double>::infinity();
          for (const Bound& b : g.bounds) {
            const double ratio = std::max(b.ratio[0] * longer[0], b.ratio[1] * longer[1]);
            least =
                std::min(least, pair_bound(ratio, group_score[static_cast<size_t>(b.group)][i]));
          }
          sum += least;
        }
        upper[j] += sum;
      }
    }
  }
  if (!block_bound.empty()) {
    for (size_t j = 0; j < n; ++j) {
      upper[j] += block_bound[static_cast<size_t>(cands[index(j)].doc / kImpactBlock)];
    }
  }
  for (size_t j = 0; j < n; ++j) {
    upper[j] *= (static_cast<double>(coord[index(j)]) + more_coord) / max_coord;
    if (std::isnan(upper[j])) upper[j] = std::numeric_limits<double>::infinity();
  }
  return upper;
}

std::vector<ScoredDoc> ShapeEvaluator::Segment(size_t seg) const {
  if (required_.empty()) return {};
  if (DenseApplies(seg)) return Dense(seg);
  const Lucene::IndexReaderPtr& segment = segments_[seg].first;
  // 1. The cheapest required group, in full.
  std::vector<size_t> order(required_.size());
  std::vector<int64_t> cost(required_.size());
  for (size_t i = 0; i < required_.size(); ++i) {
    order[i] = i;
    cost[i] = GroupCost(seg, required_[i]);
    if (cost[i] == 0) return {};
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return cost[a] < cost[b]; });
  std::vector<ScoredDoc> cands = GroupAll(segment, seg, required_[order[0]]);
  std::vector<int32_t> coord(cands.size(), 1);
  // The scores of the required groups that bound optional ones, at each candidate; kept only
  // when candidates may be pruned.
  std::vector<std::vector<double>> group_score(required_.size());
  auto keep_score = [&](size_t g) { return KeepScore(g); };
  if (keep_score(order[0])) {
    group_score[order[0]].resize(cands.size());
    for (size_t i = 0; i < cands.size(); ++i) group_score[order[0]][i] = cands[i].score;
  }

  const int32_t max_doc = segment->maxDoc();
  std::vector<int32_t> docs;
  std::vector<double> sum;
  std::vector<uint8_t> hit;
  // Reused by every query of the thread: as large as the largest segment, its pages are not
  // faulted in again for each query.
  thread_local std::vector<int32_t> slots;
  auto refresh_docs = [&] {
    docs.resize(cands.size());
    for (size_t i = 0; i < cands.size(); ++i) docs[i] = cands[i].doc;
  };
  // Keeps the candidates where keep(i) holds: their indices first (without a branch: which
  // candidates a frequent word misses is not predictable), then each array compacted on its
  // own (kept[w] >= w, so in place, front to back).
  std::vector<uint32_t> kept;
  auto filter = [&](auto&& keep) {
    kept.resize(cands.size());
    size_t w = 0;
    for (size_t i = 0; i < cands.size(); ++i) {
      kept[w] = static_cast<uint32_t>(i);
      w += keep(i) ? 1 : 0;
    }
    kept.resize(w);
    if (w == cands.size()) return;
    for (size_t j = 0; j < w; ++j) cands[j] = cands[kept[j]];
    cands.resize(w);
    for (size_t j = 0; j < w; ++j) coord[j] = coord[kept[j]];
    coord.resize(w);
    for (std::vector<double>& gs : group_score) {
      if (gs.empty()) continue;
      for (size_t j = 0; j < w; ++j) gs[j] = gs[kept[j]];
      gs.resize(w);
    }
  };

  // 2. The other required groups at the candidates.
  for (size_t oi = 1; oi < order.size() && !cands.empty(); ++oi) {
    refresh_docs();
    GroupAt(segment, seg, required_[order[oi]], Candidates(docs, max_doc, &slots), &sum, &hit);
    // Where the group does not match, its sum is 0 (and the candidate is dropped below).
    for (size_t i = 0; i < cands.size(); ++i) {
      cands[i].score += sum[i];
      coord[i] += hit[i];
    }
    if (keep_score(order[oi])) {
      group_score[order[oi]].assign(sum.begin(),
                                    sum.begin() + static_cast<std::ptrdiff_t>(cands.size()));
    }
    filter([&](size_t i) { return hit[i] != 0; });
  }
  // 3. Exclusions.
  for (const Group& g : excluded_) {
    if (cands.empty()) break;
    refresh_docs();
    GroupAt(segment, seg, g, Candidates(docs, max_doc, &slots), &sum, &hit);
    filter([&](size_t i) { return hit[i] == 0; });
  }
  if (cands.empty() || mode_ == ScoreMode::kMatchesOnly) return cands;
  // 4. The pairs and the optional groups.
  Rank(segment, seg, group_score, &cands, &coord, &slots);
  return cands;
}

bool ShapeEvaluator::DenseApplies(size_t seg) const {
  if (mode_ == ScoreMode::kScores && (top_k_ == 0 || (!optional_.empty() && !defer_optional_) ||
                                      (!pairs_.empty() && !defer_pairs_))) {
    return false;
  }
  for (const auto* groups : {&required_, &excluded_}) {
    for (const Group& g : *groups) {
      for (const Clause& c : g.any) {
        if (c.terms.size() != 1) return false;
      }
    }
  }
  int64_t least = -1;
  for (const Group& g : required_) {
    const int64_t cost = GroupCost(seg, g);
    if (least < 0 || cost < least) least = cost;
  }
  return least > 0 && least * kDenseSearchRatio >= segments_[seg].first->maxDoc();
}

std::vector<ScoredDoc> ShapeEvaluator::Dense(size_t seg) const {
  const Lucene::IndexReaderPtr& segment = segments_[seg].first;
  const int32_t max_doc = segment->maxDoc();
  const auto n = static_cast<size_t>(max_doc);
  // 1. The documents where every required group has a clause, no excluded group has one, and
  // that are not deleted.
  std::vector<std::vector<TermFreqsOf::Ptr>> freqs(required_.size());
  std::vector<uint8_t> ok(n, 1);
  std::vector<uint8_t> any(n);
  for (const auto* groups : {&required_, &excluded_}) {
    const bool required = groups == &required_;
    for (size_t g = 0; g < groups->size(); ++g) {
      std::fill(any.begin(), any.end(), 0);
      for (const Clause& c : (*groups)[g].any) {
        if (c.doc_freq[0][seg] == 0) continue;
        TermFreqsOf::Ptr f = TermFreqsOf::Get(segment, seg, c);
        const uint8_t* const at = f->at.data();
        for (size_t d = 0; d < n; ++d) any[d] |= at[d];
        if (required) freqs[g].push_back(std::move(f));
      }
      const uint8_t want = required ? 1 : 0;
      for (size_t d = 0; d < n; ++d) ok[d] &= static_cast<uint8_t>((any[d] != 0) == want);
    }
  }
  if (segment->hasDeletions()) {
    Lucene::TermDocsPtr td = segment->termDocs();
    auto* st = dynamic_cast<Lucene::SegmentTermDocs*>(td.get());
    const Lucene::BitVectorPtr deleted = st ? TermDocsFields::Deleted(*st) : nullptr;
    td->close();
    if (deleted) {
      const Lucene::ByteArray& bytes = BitVectorFields::Bits(*deleted);
      const size_t n_bytes = std::min(static_cast<size_t>(bytes.size()), (n + 7) / 8);
      for (size_t b = 0; b < n_bytes; ++b) {
        const uint8_t gone = bytes[static_cast<int32_t>(b)];
        for (size_t bit = 0; gone != 0 && bit < 8 && b * 8 + bit < n; ++bit) {
          if ((gone >> bit) & 1) ok[b * 8 + bit] = 0;
        }
      }
    } else {
      for (int32_t doc = 0; doc < max_doc; ++doc) {
        if (segment->isDeleted(doc)) ok[static_cast<size_t>(doc)] = 0;
      }
    }
  }
  std::vector<int32_t> docs(n);
  size_t m = 0;
  for (size_t d = 0; d < n; ++d) {
    docs[m] = static_cast<int32_t>(d);
    m += ok[d];
  }
  docs.resize(m);
  std::vector<ScoredDoc> cands(m);
  for (size_t i = 0; i < m; ++i) cands[i].doc = docs[i];
  if (m == 0 || mode_ == ScoreMode::kMatchesOnly) return cands;

  // 2. The required groups' scores, each clause's from its frequency at the document.
  std::vector<std::vector<double>> group_score(required_.size());
  std::vector<double> sum(m);
  std::vector<size_t> index_of;  // of each match among the matches, by document; on first need
  for (size_t g = 0; g < required_.size(); ++g) {
    std::fill(sum.begin(), sum.end(), 0.0);
    size_t k = 0;
    for (const Clause& c : required_[g].any) {
      if (c.doc_freq[0][seg] == 0) continue;
      const TermFreqs& f = *freqs[g][k++];
      const uint8_t* const at = f.at.data();
      const FieldScorer fs(segment, c);
      if (fs.bytes == nullptr) {  // a field without norms
        for (size_t i = 0; i < m; ++i) {
          const int32_t d = docs[i];
          sum[i] += fs.Score(d, at[d] == 255 ? f.Large(d) : int32_t{at[d]});
        }
        continue;
      }
      // tf(q) · value for each byte below 255 (0 where the term is not), as Score computes it
      // before the norm.
      std::array<double, 255> raw{};
      for (int32_t q = 0; q < 255; ++q) raw[static_cast<size_t>(q)] = fs.TfOf(q) * fs.value;
      const uint8_t* const norms = fs.bytes;
      const double* const decode = fs.decode;
      auto add = [&](size_t i, int32_t d, uint8_t q) {
        const double r = q == 255 ? fs.TfOf(f.Large(d)) * fs.value : raw[q];
        sum[i] += r * decode[norms[d]];
      };
      if (static_cast<size_t>(c.doc_freq[0][seg]) * kSparseClauseRatio < m) {
        // A term on few of the matches (a frequent word's head clause): only where it is,
        // found by a scan of its bytes, each match's index from a map of the segment's
        // documents. Elsewhere it would add 0.
        if (index_of.empty()) {
          index_of.resize(n);
          for (size_t i = 0; i < m; ++i) index_of[static_cast<size_t>(docs[i])] = i;
        }
        for (size_t d = 0; d < n; ++d) {
          if (at[d] == 0 || ok[d] == 0) continue;
          add(index_of[d], static_cast<int32_t>(d), at[d]);
        }
        continue;
      }
      for (size_t i = 0; i < m; ++i) {
        const int32_t d = docs[i];
        add(i, d, at[d]);
      }
    }
    for (size_t i = 0; i < m; ++i) cands[i].score += sum[i];
    if (KeepScore(g)) group_score[g] = sum;
  }
  // 3. The pairs and the optional groups.
  thread_local std::vector<int32_t> slots;
  std::vector<int32_t> coord(m, static_cast<int32_t>(required_.size()));
  Rank(segment, seg, group_score, &cands, &coord, &slots);
  return cands;
}

bool ShapeEvaluator::KeepScore(size_t g) const {
  const bool may_prune =
      (defer_optional_ || defer_pairs_) && mode_ == ScoreMode::kScores && top_k_ > 0;
  return (may_prune && bounds_[g]) || (copied_[g] && mode_ == ScoreMode::kScores);
}

void ShapeEvaluator::Rank(const Lucene::IndexReaderPtr& segment, size_t seg,
                          const std::vector<std::vector<double>>& group_score,
                          std::vector<ScoredDoc>* candidates, std::vector<int32_t>* coord_of,
                          std::vector<int32_t>* slots_of) const {
  std::vector<ScoredDoc>& cands = *candidates;
  std::vector<int32_t>& coord = *coord_of;
  std::vector<int32_t>& slots = *slots_of;
  const bool may_prune =
      (defer_optional_ || defer_pairs_) && mode_ == ScoreMode::kScores && top_k_ > 0;
  const size_t n = cands.size();
  const auto max_coord = static_cast<double>(max_coord_);
  auto final_score = [&](size_t i) {
    return cands[i].score * (static_cast<double>(coord[i]) / max_coord);
  };
  std::vector<uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  // An optional group whose postings here are few next to the candidates is read at once:
  // cheaper than skipping to some of them, and its score then tightens the others' bounds
  // (an exact form typed without diacritics is rare, and its weight's ratio large).
  std::vector<uint8_t> defer_optional(optional_.size(), 0);
  std::vector<uint8_t> now_optional(optional_.size(), 1);
  for (size_t g = 0; g < optional_.size() && may_prune && defer_optional_; ++g) {
    if (static_cast<size_t>(GroupCost(seg, optional_[g])) * kReadAtOnce >= n &&
        ImpactsReady(segment, seg, optional_[g], n)) {
      defer_optional[g] = 1;
      now_optional[g] = 0;
    }
  }
  bool defer_pairs = may_prune && defer_pairs_;
  for (const Group& g : pairs_) defer_pairs = defer_pairs && ImpactsReady(segment, seg, g, n);
  const bool prune = defer_pairs || std::find(defer_optional.begin(), defer_optional.end(), 1) !=
                                        defer_optional.end();
  AddGroups(segment, seg, all, now_optional, !defer_pairs, group_score, &cands, &coord, &slots);
  if (prune) {
    const std::vector<double> upper =
        UpperBounds(segment, seg, cands, coord, group_score, defer_optional, defer_pairs, nullptr);
    std::vector<uint8_t> done(n, 0);
    auto score = [&](std::vector<uint32_t>& at) {
      std::sort(at.begin(), at.end());
      AddGroups(segment, seg, at, defer_optional, defer_pairs, group_score, &cands, &coord, &slots);
      for (uint32_t i : at) {
        done[i] = 1;
        Offer(final_score(i));
      }
    };
    // Until top_k scores are known (in this segment or those before), the candidates with
    // the best bounds are scored to set the bar: the k-th best score so far.
    if (best_.size() < top_k_) {
      std::vector<uint32_t> first = all;
      const size_t k = std::min(n, top_k_ - best_.size());
      auto by_bound = [&](uint32_t a, uint32_t b) { return upper[a] > upper[b]; };
      std::nth_element(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(k - 1),
                       first.end(), by_bound);
      first.resize(k);
      score(first);
    }
    // Then every other candidate whose bound reaches the bar, with a margin for the bound's
    // rounding (its terms are summed in another order than the score's): first by the bound
    // with the segment's largest pair norm ratio, then by the one with the document's own.
    const double reach = best_.size() < top_k_ ? -std::numeric_limits<double>::infinity()
                                               : best_.front() * (1 - 1e-9);
    std::vector<uint32_t> rest;
    for (size_t i = 0; i < n; ++i) {
      if (!done[i] && upper[i] >= reach) rest.push_back(static_cast<uint32_t>(i));
    }
    if (defer_pairs && !rest.empty()) {
      const std::vector<double> closer =
          UpperBounds(segment, seg, cands, coord, group_score, defer_optional, defer_pairs, &rest);
      size_t w = 0;
      for (size_t j = 0; j < rest.size(); ++j) {
        if (closer[j] >= reach) rest[w++] = rest[j];
      }
      rest.resize(w);
    }
    score(rest);
  }
  for (size_t i = 0; i < n; ++i) cands[i].score = final_score(i);
  // Every score is exact: they raise the bar for the next segments.
  if (!prune && mode_ == ScoreMode::kScores && top_k_ > 0) {
    for (size_t i = 0; i < n; ++i) Offer(cands[i].score);
  }
}

void ShapeEvaluator::Offer(double score) const {
  if (best_.size() == top_k_ && score <= best_.front()) return;
  best_.push_back(score);
  std::push_heap(best_.begin(), best_.end(), std::greater<>());
  if (best_.size() > top_k_) {
    std::pop_heap(best_.begin(), best_.end(), std::greater<>());
    best_.pop_back();
  }
}

}  // namespace vanban::index_internal
