// A cache of values computed from a segment's postings, kept per segment core
// (postings_eval.cc: a term's impacts, its frequencies at every document).
#pragma once

#include <LuceneHeaders.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vanban::index_internal {

// The bytes a value takes, for CoreCache's budget (overloaded for other value types).
template <typename T>
size_t BytesOf(const std::vector<T>& v) {
  return v.size() * sizeof(T);
}

// Arrays computed from a segment's postings (a term's impacts, its frequencies), kept per
// segment core under a key (segments never change; a merged-away segment's entries are
// dropped once its core is gone), up to `budget` bytes in all, the oldest dropped first
// unless it was used since (a second chance).
template <typename V>
class CoreCache {
 public:
  using Ptr = std::shared_ptr<const V>;
  explicit CoreCache(size_t budget) : budget_(budget) {}

  // The value kept under `key` for the segment; when there is none, make()'s (kept unless
  // null) if `compute`, else null.
  template <typename Make>
  Ptr Get(const Lucene::IndexReaderPtr& segment, std::wstring key, bool compute, Make&& make) {
    const Lucene::LuceneObjectPtr core = segment->getFieldCacheKey();
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto s = segments_.find(core.get());
      if (s != segments_.end() && !s->second.core.expired()) {
        auto t = s->second.keys.find(key);
        if (t != s->second.keys.end()) {
          t->second.used = true;
          return t->second.value;
        }
      }
    }
    if (!compute) return nullptr;
    Ptr value = make();
    if (value) Put(core, std::move(key), value);
    return value;
  }

  // Keeps `value` under `key` for the segment, unless one is already kept.
  void Put(const Lucene::IndexReaderPtr& segment, std::wstring key, Ptr value) {
    Put(segment->getFieldCacheKey(), std::move(key), std::move(value));
  }

 private:
  void Put(const Lucene::LuceneObjectPtr& core, std::wstring key, Ptr value) {
    std::lock_guard<std::mutex> lock(mu_);
    // Entries of segments whose core is gone (merged away, or the index reopened).
    for (auto s = segments_.begin(); s != segments_.end();) {
      if (s->second.core.expired()) {
        bytes_ -= s->second.bytes;
        s = segments_.erase(s);
      } else {
        ++s;
      }
    }
    // Keys of entries dropped with their segment linger in order_ until their turn; when they
    // are most of it, it is rebuilt.
    size_t live = 0;
    for (const auto& [_, seg] : segments_) live += seg.keys.size();
    if (order_.size() > 2 * live + 1024) {
      std::deque<std::pair<const void*, std::wstring>> kept;
      for (auto& o : order_) {
        auto s = segments_.find(o.first);
        if (s != segments_.end() && s->second.keys.count(o.second) != 0) {
          kept.push_back(std::move(o));
        }
      }
      order_ = std::move(kept);
    }
    Segment& entry = segments_[core.get()];
    if (entry.core.expired()) entry.core = core;
    const size_t size = BytesOf(*value);
    if (entry.keys.emplace(key, Kept{std::move(value), false}).second) {
      entry.bytes += size;
      bytes_ += size;
      order_.emplace_back(core.get(), std::move(key));
    }
    // The oldest first, but an entry used since it was kept or last passed over gets a second
    // chance, at the back (a word that most searches use stays).
    while (bytes_ > budget_ && !order_.empty()) {
      auto [at, k] = std::move(order_.front());
      order_.pop_front();
      auto s = segments_.find(at);
      if (s == segments_.end()) continue;
      auto t = s->second.keys.find(k);
      if (t == s->second.keys.end()) continue;
      if (t->second.used) {
        t->second.used = false;
        order_.emplace_back(at, std::move(k));
        continue;
      }
      const size_t dropped = BytesOf(*t->second.value);
      s->second.bytes -= dropped;
      bytes_ -= dropped;
      s->second.keys.erase(t);
    }
  }

  struct Kept {
    Ptr value;
    bool used = false;  // asked for since kept, or since last passed over for dropping
  };
  struct Segment {
    boost::weak_ptr<Lucene::LuceneObject> core;
    std::unordered_map<std::wstring, Kept> keys;
    size_t bytes = 0;
  };
  const size_t budget_;
  std::mutex mu_;
  std::unordered_map<const void*, Segment> segments_;
  std::deque<std::pair<const void*, std::wstring>> order_;  // oldest first
  size_t bytes_ = 0;
};

}  // namespace vanban::index_internal
