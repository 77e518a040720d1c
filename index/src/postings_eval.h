// Evaluates a PlanShape term-at-a-time over the postings, with the scores Lucene++ gives the
// same query (ToLuceneQuery) under DefaultSimilarity: tf·idf²·boost·queryNorm·fieldNorm per
// clause, summed per group, coord over the top-level clauses and, inside the pairs clause,
// over the pairs.
//
// Why not Lucene's scorers: BooleanScorer2 walks every matching document through a heap of
// scorers (DisjunctionSumScorer) with a virtual call and a shared_ptr per step, which was
// most of a search's time (docs/performance.md, "search_bench"). Here each segment is worked
// on in a few passes over sorted arrays:
//   1. the required group with the fewest postings is read in full, its clauses' (doc, score)
//      lists merged: these are the candidates;
//   2. every other required group is evaluated at the candidates only, by skipping through
//      its postings (or one linear pass when the candidates are dense, each posting finding
//      its candidate through a map of the segment's documents), and the candidates it does
//      not match are dropped;
//   3. excluded groups drop the candidates they match;
//   4. the pairs (as one clause with its own coord) and the optional groups add to the score
//      and to the coord count where they match: at every candidate, or, when the caller
//      takes only the best top_k and their scores are bounded — by required groups
//      (PlanGroup::bounded_by: an exact form by its folded word, a pair by either word), or,
//      a group of single terms, by its terms' impacts (the largest tf · norm in each block of
//      documents) — only at the candidates that can still reach the top_k. The bar is the k-th best
//      score found so far in this segment and those before it (until there are k, the candidates
//      with the best bounds are scored first); a candidate whose bound is below it keeps a lower
//      bound of its score, below the bar, so the best top_k and their scores are exactly those of
//      the full evaluation, and which documents match is unchanged.
// A segment where every required group is of single terms and has at least one posting per
// kDenseSearchRatio (8) documents (a search of frequent words: most of the tail of the
// search mix at a million documents) skips steps 1–3 (Dense): each required and excluded
// term's frequency at every document of the segment, a byte per document, is kept for the
// frequent terms (TermFreqs in the .cc, up to 256 MB in all), and the matches and the required
// groups' scores are read from those arrays at each document instead of decoded from every
// posting; step 4 follows as above.
// A phrase clause reads positions only at documents holding all its terms. A term's postings
// are copied from the index in one piece and decoded here (ForEachPosting in the .cc), and so
// are the positions a phrase needs (BulkPostings).
//
// tests/index/postings_eval_test.cc holds the equivalence: the same documents with the same
// scores (to rounding) as IndexSearcher::search on the Lucene query, over many queries.
#pragma once

#include <LuceneHeaders.h>

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "query_builder.h"

namespace vanban::index_internal {

struct ScoredDoc {
  int32_t doc = 0;  // within its segment
  double score = 0;
};

// The segments (leaf readers) of `reader` with their doc bases, in doc order.
std::vector<std::pair<Lucene::IndexReaderPtr, int32_t>> SegmentsOf(
    const Lucene::IndexReaderPtr& reader);

// Whether the matches need their scores: sorting by a date does not, and then the optional
// groups and pairs, which only add to scores, are not evaluated (scores are then partial, or
// 0 in a segment read Dense).
enum class ScoreMode { kScores, kMatchesOnly };

// Calls on_segment(segment_reader, doc_base, matches) for each segment of the searcher's
// reader that has matches, in doc order; `matches` are in doc order. Deleted documents are
// never matched. `shape` must have at least one required group. With top_k > 0 (kScores
// only) the caller promises to use only the top_k best scores of all segments: every
// document still matches, but only those that can be among the top_k are sure to carry
// their exact score (see 4. above); the others carry less.
template <typename F>
void EvaluateShape(const Lucene::IndexSearcherPtr& searcher, const PlanShape& shape, ScoreMode mode,
                   size_t top_k, F&& on_segment);
template <typename F>
void EvaluateShape(const Lucene::IndexSearcherPtr& searcher, const PlanShape& shape, ScoreMode mode,
                   F&& on_segment) {
  EvaluateShape(searcher, shape, mode, 0, std::forward<F>(on_segment));
}

// Reads now what the first search of each segment of `reader` would otherwise read: its term
// dictionary (TermDictionary, through the per-segment entry cache), the norms of the searched
// fields and the largest ratio of the pair fields' norms to the folded ones'. These are kept
// per segment core, so a near-real-time view sharing segments with `reader` finds them too.
// Returns the number of terms of the dictionaries read in place.
int64_t WarmSegments(const Lucene::IndexReaderPtr& reader);

// The non-template part.
class ShapeEvaluator {
 public:
  ShapeEvaluator(const Lucene::IndexSearcherPtr& searcher, const PlanShape& shape,
                 ScoreMode mode = ScoreMode::kScores, size_t top_k = 0);
  // The segments of the searcher's reader with their doc bases, in doc order.
  const std::vector<std::pair<Lucene::IndexReaderPtr, int32_t>>& Segments() const {
    return segments_;
  }
  // The matches in Segments()[i]. With top_k, each call raises the bar for the next ones:
  // one evaluator per query and thread.
  std::vector<ScoredDoc> Segment(size_t i) const;

  struct Clause {
    Lucene::String field;
    std::vector<Lucene::TermPtr> terms;  // one: a term; several: an exact phrase
    double value = 0;                    // Lucene's Weight::getValue(): idf² · boost · queryNorm
    // doc_freq[t][s]: docFreq of terms[t] in segment s (looked up once per query), and
    // term_info[t][s] its dictionary entry there (null when absent), from which its postings
    // are opened.
    std::vector<std::vector<int32_t>> doc_freq;
    std::vector<std::vector<Lucene::TermInfoPtr>> term_info;
  };
  // A required group whose score at a document, times ratio[f] (f: 0 head, 1 body, the
  // clause's weight over its folded clause's), bounds an optional or pair group's there
  // (PlanGroup::bounded_by, checked); for a pair also times its norm over the folded norm.
  struct Bound {
    int group = -1;
    std::array<double, 2> ratio{};
  };
  struct Group {
    std::vector<Clause> any;
    std::vector<Bound> bounds;
    // A pair group whose clauses are a required group's, term for term and field for field,
    // with weights in one ratio (the pair of a quoted two-word phrase): its score is that
    // group's times copy_ratio, at every candidate, and it is never read.
    int copy_of = -1;
    double copy_ratio = 0;
    // Bounded by no required group, but every clause a single term: bounded by its terms'
    // impacts, the largest tf · norm in each block of the segment's documents (Impacts in the
    // .cc, computed on a term's first use in a segment and kept).
    bool by_impacts = false;
  };

 private:
  // Adds the scores of the optional groups where `optional` is 1 and of the pairs (`pairs`),
  // with their matches to coord, at the candidates `at` (indices into cands, ascending).
  void AddGroups(const Lucene::IndexReaderPtr& segment, size_t seg, const std::vector<uint32_t>& at,
                 const std::vector<uint8_t>& optional, bool pairs,
                 const std::vector<std::vector<double>>& group_score, std::vector<ScoredDoc>* cands,
                 std::vector<int32_t>* coord, std::vector<int32_t>* slots) const;
  // At each candidate (`at`: at those, indices into cands, in that order), an upper bound of
  // its final score once the optional groups where `optional` is 1 and the pairs (`pairs`),
  // not yet added to cands, are. A pair's bound reads its field's norm at each document with
  // `at`; without, it takes the segment's largest ratio of the two norms (cheaper, looser).
  std::vector<double> UpperBounds(const Lucene::IndexReaderPtr& segment, size_t seg,
                                  const std::vector<ScoredDoc>& cands,
                                  const std::vector<int32_t>& coord,
                                  const std::vector<std::vector<double>>& group_score,
                                  const std::vector<uint8_t>& optional, bool pairs,
                                  const std::vector<uint32_t>* at) const;

  // Whether segment seg is evaluated Dense: only single terms required or excluded, each
  // required group with at least one posting per kDenseSearchRatio documents there, and,
  // with scores, top_k with every optional group and pair bounded.
  bool DenseApplies(size_t seg) const;
  // Segment(seg) from each required and excluded term's frequency at every document of the
  // segment (TermFreqs in the .cc, kept for the frequent terms): the matches are the
  // documents where every required group has a term and no excluded one has, and the
  // required groups' scores are read there from the frequencies, not decoded from every
  // posting; then Rank.
  std::vector<ScoredDoc> Dense(size_t seg) const;
  // Step 4 of Segment: adds the pairs and the optional groups to the candidates' scores,
  // pruned with top_k, and gives each its final score (coord applied). group_score[g]: the
  // score of required group g at each candidate where KeepScore(g).
  void Rank(const Lucene::IndexReaderPtr& segment, size_t seg,
            const std::vector<std::vector<double>>& group_score, std::vector<ScoredDoc>* cands,
            std::vector<int32_t>* coord, std::vector<int32_t>* slots) const;
  // Whether Rank needs required group g's score at each candidate: it bounds a deferred group,
  // or a pair group is its copy.
  bool KeepScore(size_t g) const;
  // Adds an exact final score to best_.
  void Offer(double score) const;

  std::vector<std::pair<Lucene::IndexReaderPtr, int32_t>> segments_;
  std::vector<Group> required_, excluded_, optional_, pairs_;
  int max_coord_ = 0;
  ScoreMode mode_;
  size_t top_k_;
  // Every optional group (every pair group) is bounded, and there is one: with top_k they
  // are read only at the candidates that can reach it.
  bool defer_optional_ = false;
  bool defer_pairs_ = false;
  // bounds_[g]: required group g bounds some group; copied_[g]: a pair group is a copy of it.
  std::vector<bool> bounds_;
  std::vector<bool> copied_;
  // When pruning: the best top_k scores of the segments evaluated so far (a min-heap).
  mutable std::vector<double> best_;
};

template <typename F>
void EvaluateShape(const Lucene::IndexSearcherPtr& searcher, const PlanShape& shape, ScoreMode mode,
                   size_t top_k, F&& on_segment) {
  ShapeEvaluator eval(searcher, shape, mode, top_k);
  for (size_t i = 0; i < eval.Segments().size(); ++i) {
    std::vector<ScoredDoc> matches = eval.Segment(i);
    if (!matches.empty()) on_segment(eval.Segments()[i].first, eval.Segments()[i].second, matches);
  }
}

}  // namespace vanban::index_internal
