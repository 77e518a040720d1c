#include "faceted_search.h"

// Lucene++'s other headers rely on what LuceneHeaders.h declares: keep it first.
#include <LuceneHeaders.h>

#include <Collector.h>
#include <FieldCache.h>
#include <Scorer.h>

#include <algorithm>
#include <array>
#include <climits>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "fields.h"
#include "lucene_util.h"
#include "postings_eval.h"
#include "vanban/convert/text.h"

namespace vanban::index_internal {
namespace {

using Lucene::newLucene;

constexpr size_t kMaxFilterValues = 20;
constexpr size_t kMaxFilterValueBytes = 500;
// state[] of a document that does not match the query; bits 0..4 are facets it fails.
constexpr uint8_t kNotMatched = 0x80;

struct Match {
  int32_t doc = 0;  // global doc number
  int32_t key = 0;  // date key YYYYMMDD (0: none) when sorting by a date
  int64_t id = 0;   // vanban document id
  double score = 0;
};

const wchar_t* SortKeyField(SearchSort s) {
  switch (s) {
    case SearchSort::kIssueDate:
    case SearchSort::kIssueDateDesc:
      return kFieldIssueKey;
    case SearchSort::kEffectiveDate:
    case SearchSort::kEffectiveDateDesc:
      return kFieldEffectiveKey;
    case SearchSort::kRelevance:
      break;
  }
  return nullptr;
}

// Collects every match with what sorting needs. Per-segment FieldCache arrays survive
// near-real-time reopens, so only new segments are loaded.
class MatchCollector : public Lucene::Collector {
 public:
  MatchCollector(std::vector<Match>* out, const wchar_t* key_field, bool scores)
      : out_(out), key_field_(key_field), scores_(scores) {}
  ~MatchCollector() override = default;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(MatchCollector);

  void setScorer(const Lucene::ScorerPtr& scorer) override { scorer_ = scorer; }

  void collect(int32_t doc) override {
    Match m;
    m.doc = base_ + doc;
    m.id = ids_[doc];
    if (key_field_ != nullptr) m.key = keys_[doc];
    if (scores_) m.score = scorer_->score();
    out_->push_back(m);
  }

  void setNextReader(const Lucene::IndexReaderPtr& reader, int32_t doc_base) override {
    base_ = doc_base;
    ids_ = Lucene::FieldCache::DEFAULT()->getLongs(reader, kFieldId);
    if (key_field_ != nullptr) keys_ = Lucene::FieldCache::DEFAULT()->getInts(reader, key_field_);
  }

  bool acceptsDocsOutOfOrder() override { return true; }

 private:
  std::vector<Match>* out_;
  const wchar_t* key_field_;
  bool scores_;
  Lucene::ScorerPtr scorer_;
  int32_t base_ = 0;
  Lucene::Collection<int64_t> ids_;
  Lucene::Collection<int32_t> keys_;
};

// A strict total order for `sort`: ties go by document id.
struct MatchOrder {
  SearchSort sort;
  bool operator()(const Match& a, const Match& b) const {
    switch (sort) {
      case SearchSort::kRelevance:
        if (a.score != b.score) return a.score > b.score;
        break;
      case SearchSort::kIssueDate:
      case SearchSort::kEffectiveDate: {
        // Documents without the date come last.
        int64_t ka = a.key > 0 ? a.key : INT64_MAX;
        int64_t kb = b.key > 0 ? b.key : INT64_MAX;
        if (ka != kb) return ka < kb;
        break;
      }
      case SearchSort::kIssueDateDesc:
      case SearchSort::kEffectiveDateDesc:
        if (a.key != b.key) return a.key > b.key;
        break;
    }
    if (a.id != b.id) return a.id < b.id;
    return a.doc < b.doc;
  }
};

// The first n matches offered, in `order`: a heap whose top is the last of the best n seen so
// far, so most matches cost one comparison with it (cheaper than nth_element over every
// match, which moves them all). The heap grows with the matches offered, never beyond n.
class TopMatches {
 public:
  TopMatches(size_t n, SearchSort sort) : n_(n), order_{sort} {}
  void Offer(const Match& m) {
    if (heap_.size() < n_) {
      heap_.push_back(m);
      std::push_heap(heap_.begin(), heap_.end(), order_);
    } else if (n_ > 0 && order_(m, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), order_);
      heap_.back() = m;
      std::push_heap(heap_.begin(), heap_.end(), order_);
    }
  }
  // False when a match of relevance `score` cannot be among the best n: the heap is full and
  // its last has a higher score (an equal score may still win on its document id). With the
  // relevance order only.
  bool MayTake(double score) const {
    return heap_.size() < n_ || (n_ > 0 && score >= heap_.front().score);
  }
  // The best n (fewer if fewer were offered), in order.
  std::vector<Match> Take() && {
    std::sort_heap(heap_.begin(), heap_.end(), order_);
    return std::move(heap_);
  }

 private:
  size_t n_;
  MatchOrder order_;
  std::vector<Match> heap_;
};

// Calls f(match) for each of a segment's matches as the evaluator gives them (those whose
// score `wanted` accepts): its global doc number, date key when `key_field` (else 0), document
// id and score.
template <typename W, typename F>
void ForEachMatch(const Lucene::IndexReaderPtr& segment, int32_t base,
                  const std::vector<ScoredDoc>& docs, const wchar_t* key_field, W&& wanted, F&& f) {
  Lucene::Collection<int64_t> ids = Lucene::FieldCache::DEFAULT()->getLongs(segment, kFieldId);
  Lucene::Collection<int32_t> keys;
  if (key_field != nullptr) keys = Lucene::FieldCache::DEFAULT()->getInts(segment, key_field);
  for (const ScoredDoc& d : docs) {
    if (!wanted(d.score)) continue;
    f(Match{base + d.doc, key_field != nullptr ? keys[d.doc] : 0, ids[d.doc], d.score});
  }
}

bool IsTrimmed(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Calls f(doc) for every live document holding `term`.
template <typename F>
void ForEachDoc(const Lucene::IndexReaderPtr& reader, const Lucene::TermPtr& term, F&& f) {
  Lucene::TermDocsPtr td = reader->termDocs(term);
  while (td->next()) f(td->doc());
  td->close();
}

// ---------------------------------------------------------------- facet counting

// The values of one facet, each with an id that is the same in every segment: a search adds
// its counts into an array indexed by id rather than hashing value strings. Values are only
// added (a facet has hundreds, not millions) and a name's storage never moves.
class FacetValueIds {
 public:
  uint32_t Intern(std::wstring_view v) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = ids_.find(v);
    if (it != ids_.end()) return it->second;
    names_.emplace_back(v);
    const auto id = static_cast<uint32_t>(names_.size() - 1);
    ids_.emplace(std::wstring_view(names_.back()), id);
    return id;
  }
  std::optional<uint32_t> Find(std::wstring_view v) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = ids_.find(v);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  // The name of an id returned before; the reference stays valid.
  const std::wstring& Name(uint32_t id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return names_[id];
  }

 private:
  mutable std::mutex mu_;
  std::deque<std::wstring> names_;                       // a deque: push_back moves no element
  std::unordered_map<std::wstring_view, uint32_t> ids_;  // views into names_
};

FacetValueIds& ValueIds(SearchFacet f) {
  static std::array<FacetValueIds, kSearchFacetCount> ids;
  return ids[static_cast<size_t>(f)];
}

// For one segment's FieldCache StringIndex of a facet's combination field: the value ids
// each ordinal (combination) stands for. Segments do not change, so this is worked out once
// per segment and facet and shared by every later search.
struct ComboValues {
  boost::weak_ptr<Lucene::StringIndex> source;  // tells a reused address from its own index
  std::vector<uint32_t> begin;                  // ids of ordinal o: ids[begin[o], begin[o+1])
  std::vector<uint32_t> ids;
  uint32_t id_end = 0;  // above every id in `ids`
};

std::shared_ptr<const ComboValues> ComboValuesOf(SearchFacet facet,
                                                 const Lucene::StringIndexPtr& index) {
  static std::mutex mu;
  static std::unordered_map<const Lucene::StringIndex*, std::shared_ptr<const ComboValues>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(index.get());
    if (it != cache.end() && it->second->source.lock() == index) return it->second;
  }
  auto table = std::make_shared<ComboValues>();
  table->source = index;
  FacetValueIds& ids = ValueIds(facet);
  const int32_t n = index->lookup.size();
  table->begin.reserve(static_cast<size_t>(n) + 1);
  for (int32_t ord = 0; ord < n; ++ord) {
    table->begin.push_back(static_cast<uint32_t>(table->ids.size()));
    if (ord == 0) continue;  // ordinal 0: the document has no value
    const std::wstring_view combo(index->lookup[ord]);
    size_t b = 0;
    while (b <= combo.size()) {
      size_t e = combo.find(kFacetValueSeparator, b);
      if (e == std::wstring_view::npos) e = combo.size();
      const uint32_t id = ids.Intern(combo.substr(b, e - b));
      table->ids.push_back(id);
      table->id_end = std::max(table->id_end, id + 1);
      b = e + 1;
    }
  }
  table->begin.push_back(static_cast<uint32_t>(table->ids.size()));
  std::lock_guard<std::mutex> lock(mu);
  // Forget the tables of segments that are gone (merged away) whenever the cache has doubled.
  static size_t sweep_at = 64;
  if (cache.size() >= sweep_at) {
    std::erase_if(cache, [](const auto& e) { return e.second->source.expired(); });
    sweep_at = std::max<size_t>(64, 2 * cache.size());
  }
  cache[index.get()] = table;
  return table;
}

// The count of each value of each facet over a search's matches, segment by segment:
// Begin(segment), Add each matching document of it, End(); then Finish. Per segment, Lucene's
// FieldCache gives each document the ordinal of its combination field; the ordinals of all
// facets are counted in one pass over the segment's matches, then End adds each counted
// combination's count to every value in it. O(matches).
class FacetCounter {
 public:
  static constexpr size_t kFacets = kSearchFacetCount;

  FacetCounter() {
    for (size_t f = 0; f < kFacets; ++f) {
      ignore_[f] = static_cast<uint8_t>(~(1u << static_cast<unsigned>(kSearchFacets[f])));
    }
  }

  void Begin(const Lucene::IndexReaderPtr& segment) {
    for (size_t f = 0; f < kFacets; ++f) {
      index_[f] =
          Lucene::FieldCache::DEFAULT()->getStringIndex(segment, FacetComboField(kSearchFacets[f]));
      table_[f] = ComboValuesOf(kSearchFacets[f], index_[f]);
      counts_[f].assign(table_[f]->begin.size(), 0);
      order_[f] = &*index_[f]->order.begin();
      count_[f] = counts_[f].data();
    }
  }
  // Document d of the segment, in every facet.
  void Add(size_t d) {
    for (size_t f = 0; f < kFacets; ++f) ++count_[f][order_[f][d]];
  }
  // Document d of the segment, whose state (see RunFacetedSearch) is st: in the facets whose
  // filters, other than their own, it passes.
  void Add(size_t d, uint8_t st) {
    for (size_t f = 0; f < kFacets; ++f) {
      if ((st & ignore_[f]) == 0) ++count_[f][order_[f][d]];
    }
  }
  void End() {
    for (size_t f = 0; f < kFacets; ++f) {
      const ComboValues& t = *table_[f];
      if (totals_[f].size() < t.id_end) totals_[f].resize(t.id_end, 0);
      for (size_t ord = 1; ord + 1 < t.begin.size(); ++ord) {
        const int64_t c = counts_[f][ord];
        if (c == 0) continue;
        for (uint32_t k = t.begin[ord]; k < t.begin[ord + 1]; ++k) totals_[f][t.ids[k]] += c;
      }
      index_[f].reset();
      table_[f].reset();
    }
  }

  // The `limit` values of each facet with the largest counts, and the values filtered on, in
  // kSearchFacets order.
  std::vector<FacetCounts> Finish(const SearchFilters& filters, int limit) const {
    std::vector<FacetCounts> out;
    for (size_t f = 0; f < kFacets; ++f) {
      const SearchFacet facet = kSearchFacets[f];
      const FacetValueIds& ids = ValueIds(facet);
      const std::vector<int64_t>& totals = totals_[f];
      // Values as references to the interned names; only the values shown are turned into
      // UTF-8. UTF-32 order is UTF-8 byte order.
      std::vector<std::pair<const std::wstring*, int64_t>> ranked;
      for (uint32_t id = 0; id < totals.size(); ++id) {
        if (totals[id] > 0) ranked.emplace_back(&ids.Name(id), totals[id]);
      }
      auto by_count = [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return *a.first < *b.first;
      };
      const size_t keep = std::min(ranked.size(), static_cast<size_t>(limit));
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                        ranked.end(), by_count);
      FacetCounts c;
      c.facet = facet;
      for (size_t i = 0; i < keep; ++i) {
        c.values.push_back({FromLuceneUtf8(*ranked[i].first), ranked[i].second});
      }
      // A value filtered on stays visible (so it can be seen and removed), even with count 0.
      for (const std::string& v : filters.of(facet)) {
        bool listed = std::any_of(c.values.begin(), c.values.end(),
                                  [&](const FacetValueCount& x) { return x.value == v; });
        if (listed) continue;
        const std::optional<uint32_t> id = ids.Find(ToLucene(v));
        c.values.push_back({v, id && *id < totals.size() ? totals[*id] : 0});
      }
      out.push_back(std::move(c));
    }
    return out;
  }

 private:
  std::array<uint8_t, kFacets> ignore_{};
  std::array<Lucene::StringIndexPtr, kFacets> index_;
  std::array<std::shared_ptr<const ComboValues>, kFacets> table_;
  std::array<const int32_t*, kFacets> order_{};
  std::array<int64_t*, kFacets> count_{};
  std::array<std::vector<int64_t>, kFacets> counts_;  // per combination, this segment
  std::array<std::vector<int64_t>, kFacets> totals_;  // per value id, all segments so far
};
}  // namespace

namespace {

// Per facet (kSearchFacets order): the field of its values, and of their combination.
struct FacetFieldNames {
  const wchar_t* values;
  const wchar_t* combo;
};
constexpr std::array<FacetFieldNames, kSearchFacetCount> kFacetFields = {{
    {kFieldFacetType, kFieldFacetComboType},
    {kFieldFacetAuthority, kFieldFacetComboAuthority},
    {kFieldFacetField, kFieldFacetComboField},
    {kFieldFacetYear, kFieldFacetComboYear},
    {kFieldFacetUnit, kFieldFacetComboUnit},
}};
static_assert(static_cast<size_t>(SearchFacet::kUnit) + 1 == kSearchFacetCount);

}  // namespace

const wchar_t* FacetField(SearchFacet f) { return kFacetFields[static_cast<size_t>(f)].values; }

const wchar_t* FacetComboField(SearchFacet f) { return kFacetFields[static_cast<size_t>(f)].combo; }

std::wstring FacetCombo(const std::vector<std::string>& values) {
  std::vector<Lucene::String> v;
  for (const std::string& raw : values) {
    std::string f = FacetValue(raw);
    if (!f.empty()) v.push_back(ToLucene(f));
  }
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::wstring out;
  for (const Lucene::String& x : v) {
    if (!out.empty()) out += kFacetValueSeparator;
    out += x;
  }
  return out;
}

std::string FacetValue(std::string_view raw) {
  std::string v = NormalizeNfc(raw);
  // No control characters: U+001F joins the values of a facet (FacetCombo).
  for (char& c : v) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  size_t b = 0;
  size_t e = v.size();
  while (b < e && IsTrimmed(v[b])) ++b;
  while (e > b && IsTrimmed(v[e - 1])) --e;
  return v.substr(b, e - b);
}

SearchFilters NormalizeFilters(const SearchFilters& filters) {
  SearchFilters out;
  for (SearchFacet f : kSearchFacets) {
    std::vector<std::string>& values = out.of(f);
    for (const std::string& raw : filters.of(f)) {
      if (values.size() >= kMaxFilterValues) break;
      if (raw.size() > kMaxFilterValueBytes) continue;
      std::string v = FacetValue(raw);
      if (v.empty() || std::find(values.begin(), values.end(), v) != values.end()) continue;
      values.push_back(std::move(v));
    }
  }
  return out;
}

void WarmFacetsAndSortKeys(const Lucene::IndexReaderPtr& reader) {
  for (const auto& [segment, base] : SegmentsOf(reader)) {
    Lucene::FieldCache::DEFAULT()->getLongs(segment, kFieldId);
    for (SearchSort sort : {SearchSort::kIssueDate, SearchSort::kEffectiveDate}) {
      Lucene::FieldCache::DEFAULT()->getInts(segment, SortKeyField(sort));
    }
    FacetCounter counter;
    counter.Begin(segment);
    counter.End();
  }
}

FacetedPage RunFacetedSearch(const Lucene::IndexSearcherPtr& searcher,
                             const Lucene::QueryPtr& query, const PlanShape* shape,
                             const SearchFilters& filters, SearchSort sort, int64_t first,
                             int page_size, int facet_limit) {
  FacetedPage out;
  const Lucene::IndexReaderPtr reader = searcher->getIndexReader();
  const auto max_doc = static_cast<size_t>(std::max(0, reader->maxDoc()));
  const wchar_t* key_field = SortKeyField(sort);
  // The page and those before it: the first `wanted` matches in `sort` order.
  const size_t wanted =
      first >= 0 && page_size > 0 ? static_cast<size_t>(first) + static_cast<size_t>(page_size) : 0;
  TopMatches top(wanted, sort);
  FacetCounter counter;
  const bool count_facets = facet_limit > 0;
  // A date order needs no scores.
  const ScoreMode mode =
      sort == SearchSort::kRelevance ? ScoreMode::kScores : ScoreMode::kMatchesOnly;

  if (filters.empty() && shape != nullptr && !shape->required.empty()) {
    // Every match passes: each segment's matches are counted and offered to the page as the
    // evaluator gives them, and none is kept. With relevance, only the page and those before
    // it need their exact scores.
    EvaluateShape(searcher, *shape, mode, wanted,
                  [&](const Lucene::IndexReaderPtr& segment, int32_t base,
                      const std::vector<ScoredDoc>& docs) {
                    out.total += static_cast<int64_t>(docs.size());
                    if (count_facets) {
                      counter.Begin(segment);
                      for (const ScoredDoc& d : docs) counter.Add(static_cast<size_t>(d.doc));
                      counter.End();
                    }
                    if (wanted == 0) return;
                    // By relevance, a match whose score cannot enter the page is passed over
                    // before its document id is read: most of them.
                    const bool by_score = sort == SearchSort::kRelevance;
                    ForEachMatch(
                        segment, base, docs, key_field,
                        [&](double score) { return !by_score || top.MayTake(score); },
                        [&](const Match& m) { top.Offer(m); });
                  });
  } else {
    // Reused by the thread's next searches: a frequent word matches most of the index, and a
    // fresh array of that size is paged in (zeroed by the kernel) for every search. It keeps
    // 24 bytes per document of the largest result the thread has seen.
    thread_local std::vector<Match> buffer;
    std::vector<Match>& matches = buffer;
    matches.clear();
    if (shape != nullptr && !shape->required.empty()) {
      // Filters, applied below, may drop any of the best: every score must be exact.
      EvaluateShape(searcher, *shape, mode,
                    [&](const Lucene::IndexReaderPtr& segment, int32_t base,
                        const std::vector<ScoredDoc>& docs) {
                      ForEachMatch(
                          segment, base, docs, key_field, [](double) { return true; },
                          [&](const Match& m) { matches.push_back(m); });
                    });
    } else {
      searcher->search(
          query, newLucene<MatchCollector>(&matches, key_field, sort == SearchSort::kRelevance));
    }

    // state[doc]: kNotMatched, or the bits of the facets whose filter the document fails.
    // Without filters every match passes and the array (a byte per document of the index) is
    // not needed: it stays empty.
    std::vector<uint8_t> state;
    if (!filters.empty()) {
      state.assign(max_doc, kNotMatched);
      for (const Match& m : matches) state[static_cast<size_t>(m.doc)] = 0;
    }
    for (SearchFacet f : kSearchFacets) {
      const std::vector<std::string>& values = filters.of(f);
      if (values.empty()) continue;
      const auto bit = static_cast<uint8_t>(1u << static_cast<unsigned>(f));
      for (const Match& m : matches) state[static_cast<size_t>(m.doc)] |= bit;
      for (const std::string& v : values) {
        ForEachDoc(reader, newLucene<Lucene::Term>(FacetField(f), ToLucene(v)), [&](int32_t doc) {
          uint8_t& s = state[static_cast<size_t>(doc)];
          if ((s & kNotMatched) == 0) s &= static_cast<uint8_t>(~bit);
        });
      }
    }

    if (count_facets && !matches.empty()) {
      // Each segment's matches as a run of `matches`, which the evaluator gives in doc order
      // (Lucene's collector may not).
      auto by_doc = [](const Match& a, const Match& b) { return a.doc < b.doc; };
      if (!std::is_sorted(matches.begin(), matches.end(), by_doc)) {
        std::sort(matches.begin(), matches.end(), by_doc);
      }
      size_t i = 0;
      for (const auto& [segment, base] : SegmentsOf(reader)) {
        const int64_t end = int64_t{base} + segment->maxDoc();
        if (i == matches.size() || matches[i].doc >= end) continue;
        counter.Begin(segment);
        for (; i < matches.size() && matches[i].doc < end; ++i) {
          const int32_t doc = matches[i].doc;
          const auto d = static_cast<size_t>(doc - base);
          if (state.empty()) {
            counter.Add(d);
          } else {
            counter.Add(d, state[static_cast<size_t>(doc)]);
          }
        }
        counter.End();
      }
    }

    if (!state.empty()) {
      std::erase_if(matches,
                    [&](const Match& m) { return state[static_cast<size_t>(m.doc)] != 0; });
    }
    out.total = static_cast<int64_t>(matches.size());
    if (wanted > 0) {
      for (const Match& m : matches) top.Offer(m);
    }
  }

  if (count_facets) out.facets = counter.Finish(filters, facet_limit);
  if (first < 0 || first >= out.total) return out;
  const std::vector<Match> best = std::move(top).Take();
  for (size_t i = static_cast<size_t>(first); i < best.size(); ++i) {
    out.hits.emplace_back(best[i].doc, best[i].score);
  }
  return out;
}

}  // namespace vanban::index_internal
