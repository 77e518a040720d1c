#include "search_engines.h"

#include <sqlite3.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "vanban/convert/text.h"

namespace vanban::bench {
namespace {

namespace fs = std::filesystem;

bool IsWordChar(UChar32 c) { return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

// Words of already folded text, with their byte ranges skipped over.
void SplitWords(const std::string& folded, std::vector<std::string>* out) {
  const char* s = folded.data();
  const int32_t n = static_cast<int32_t>(folded.size());
  int32_t i = 0, start = -1;
  while (i < n) {
    int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && IsWordChar(c)) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      out->emplace_back(s + start, static_cast<size_t>(at - start));
      start = -1;
    }
  }
  if (start >= 0) out->emplace_back(s + start, static_cast<size_t>(n - start));
}

bool IsAsciiWord(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
}

// Folded, without white space, trimmed of punctuation at both ends.
std::string NormaliseNumber(const std::string& raw) {
  std::string f = FoldForSearch(raw), out;
  for (char c : f) {
    if (c != ' ' && c != '\t' && c != '\n') out += c;
  }
  size_t b = 0, e = out.size();
  while (b < e && !IsAsciiWord(out[b])) ++b;
  while (e > b && !IsAsciiWord(out[e - 1])) --e;
  return out.substr(b, e - b);
}

bool LooksLikeNumber(const std::string& key) {
  if (key.find('/') != std::string::npos) return true;
  for (size_t i = 1; i + 1 < key.size(); ++i) {
    if (key[i] == '-' && IsAsciiWord(key[i - 1]) && IsAsciiWord(key[i + 1])) return true;
  }
  return false;
}

// The number and every run of its '/'-parts that still looks like a number (as ours).
std::vector<std::string> NumberKeys(const std::string& number) {
  std::vector<std::string> keys;
  std::string n = NormaliseNumber(number);
  if (n.empty()) return keys;
  keys.push_back(n);
  std::vector<std::string> parts;
  size_t p = 0;
  for (size_t q; (q = n.find('/', p)) != std::string::npos; p = q + 1)
    parts.push_back(n.substr(p, q - p));
  parts.push_back(n.substr(p));
  for (size_t a = 0; a < parts.size(); ++a) {
    std::string run;
    for (size_t b = a; b < parts.size(); ++b) {
      run += (b > a ? "/" : "") + parts[b];
      if ((a == 0 && b + 1 == parts.size()) || run.empty()) continue;
      if (LooksLikeNumber(run)) keys.push_back(run);
    }
  }
  return keys;
}

// ------------------------------------------------------------------------------- ours

// Facet counts (SearchQuery::facet_limit, index schema 2 on): "ours" asks for none, as the
// peers compute none; "ours-facets" asks for the portal's 10 values per facet. Builds of the
// index without facets compile too, and then both are the same.
template <typename Q>
constexpr bool HasFacetLimit() {
  return requires(Q q) { q.facet_limit; };
}
template <typename Q>
void SetFacetLimit(Q& q, int limit) {
  if constexpr (HasFacetLimit<Q>()) {
    q.facet_limit = limit;
  } else {
    (void)q;
    (void)limit;
  }
}

class OursSearcher : public EngineSearcher {
 public:
  OursSearcher(SearchIndex* index, int facet_limit) : index_(index), facet_limit_(facet_limit) {}
  int64_t DocCount() override {
    auto n = index_->DocCount();
    if (!n.ok()) throw std::runtime_error("ours: " + n.status().ToString());
    return *n;
  }
  EngineHits Search(const std::string& q, int page, int page_size) override {
    SearchQuery sq;
    sq.q = q;
    sq.page = page;
    sq.page_size = page_size;
    SetFacetLimit(sq, facet_limit_);
    auto r = index_->Search(sq);
    if (!r.ok()) throw std::runtime_error("ours: " + r.status().ToString());
    EngineHits h;
    h.total = r->total;
    for (const auto& hit : r->hits) {
      h.ids.push_back(hit.doc_id);
      h.numbers.push_back(hit.number);
    }
    return h;
  }

 private:
  SearchIndex* index_;
  int facet_limit_;
};

class Ours : public SearchEngine {
 public:
  Ours(const fs::path& dir, int facet_limit) : dir_(dir), facet_limit_(facet_limit) {
    auto w = SearchIndex::OpenWriter(dir);
    if (!w.ok()) throw std::runtime_error("ours: " + w.status().ToString());
    writer_ = std::move(*w);
  }
  std::string Name() const override { return facet_limit_ > 0 ? "ours-facets" : "ours"; }
  void Add(const IndexEntry& e) override { Check(writer_->Upsert(e)); }
  void Commit() override { Check(writer_->Commit()); }
  void FinishBuild() override {
    Check(writer_->Commit());
    writer_.reset();
    auto r = SearchIndex::OpenReader(dir_);
    if (!r.ok()) throw std::runtime_error("ours: " + r.status().ToString());
    reader_ = std::move(*r);
  }
  std::unique_ptr<EngineSearcher> NewSearcher() override {
    return std::make_unique<OursSearcher>(reader_.get(), facet_limit_);
  }

 private:
  static void Check(const Status& s) {
    if (!s.ok()) throw std::runtime_error("ours: " + s.ToString());
  }
  fs::path dir_;
  int facet_limit_;
  std::unique_ptr<SearchIndex> writer_, reader_;
};

// ------------------------------------------------------------------------------- FTS5

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(std::string("fts5: ") + sql + ": " + m);
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("fts5: ") + sqlite3_errmsg(db));
  }
  return st;
}

std::string Join(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}

// `{num_f head_f body_f} : ("w1" AND ("01 2026 qd ubnd" OR ...) ...)`; empty if nothing.
std::string Fts5Match(const std::string& q) {
  std::string expr;
  for (const auto& part : ParseBox(q)) {
    if (!expr.empty()) expr += " AND ";
    // Words are runs of word characters: never a '"'.
    expr += "\"" + Join(part.words) + "\"";
  }
  if (expr.empty()) return expr;
  return "{num_f head_f body_f} : (" + expr + ")";
}

class Fts5Searcher : public EngineSearcher {
 public:
  explicit Fts5Searcher(const fs::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error("fts5: cannot open " + file.string());
    }
    Exec(db_, "PRAGMA mmap_size=1073741824");
    page_ = Prepare(db_,
                    "SELECT rowid, number FROM docs WHERE docs MATCH ?1 ORDER BY rank "
                    "LIMIT ?2 OFFSET ?3");
    count_ = Prepare(db_, "SELECT count(*) FROM docs WHERE docs MATCH ?1");
  }
  ~Fts5Searcher() override {
    sqlite3_finalize(page_);
    sqlite3_finalize(count_);
    sqlite3_close(db_);
  }
  int64_t DocCount() override {
    sqlite3_stmt* st = Prepare(db_, "SELECT count(*) FROM docs");
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
  }
  EngineHits Search(const std::string& q, int page, int page_size) override {
    EngineHits h;
    std::string m = Fts5Match(q);
    if (m.empty()) return h;
    sqlite3_bind_text(page_, 1, m.data(), static_cast<int>(m.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int(page_, 2, page_size);
    sqlite3_bind_int(page_, 3, (page - 1) * page_size);
    int rc;
    while ((rc = sqlite3_step(page_)) == SQLITE_ROW) {
      h.ids.push_back(sqlite3_column_int64(page_, 0));
      h.numbers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(page_, 1)));
    }
    sqlite3_reset(page_);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("fts5: ") + sqlite3_errmsg(db_));
    // The total, as ours reports one (a second pass over the matches).
    sqlite3_bind_text(count_, 1, m.data(), static_cast<int>(m.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(count_) == SQLITE_ROW) h.total = sqlite3_column_int64(count_, 0);
    sqlite3_reset(count_);
    return h;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* page_ = nullptr;
  sqlite3_stmt* count_ = nullptr;
};

class Fts5 : public SearchEngine {
 public:
  Fts5(const fs::path& dir, bool open_existing) : file_(dir / "fts5.db") {
    fs::create_directories(dir);
    if (sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error("fts5: cannot create " + file_.string());
    }
    Exec(db_, "PRAGMA journal_mode=WAL");
    Exec(db_, "PRAGMA synchronous=NORMAL");
    if (!open_existing) {
      Exec(db_,
           "CREATE VIRTUAL TABLE docs USING fts5(number, type, authority, summary, body, "
           "num_f, head_f, body_f, issue_date UNINDEXED, "
           "tokenize='unicode61 remove_diacritics 2')");
      Exec(db_, "INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(0,0,0,0,0,20,4,1)')");
    }
    insert_ = Prepare(db_,
                      "INSERT INTO docs(rowid, number, type, authority, summary, body, "
                      "num_f, head_f, body_f, issue_date) VALUES(?,?,?,?,?,?,?,?,?,?)");
    Exec(db_, "BEGIN");
  }
  ~Fts5() override {
    if (insert_) sqlite3_finalize(insert_);
    if (db_) sqlite3_close(db_);
  }
  std::string Name() const override { return "fts5"; }
  void Add(const IndexEntry& e) override {
    const Metadata& m = e.meta;
    std::string text = NormalizeNfc(e.text);
    std::string fields[] = {m.number,
                            m.type,
                            m.authority,
                            m.summary,
                            text,
                            FoldForSearch(m.number),
                            FoldForSearch(m.type + "\n" + m.authority + "\n" + m.summary),
                            FoldForSearch(text),
                            m.issue_date};
    sqlite3_bind_int64(insert_, 1, e.doc_id);
    for (int i = 0; i < 9; ++i) {
      sqlite3_bind_text(insert_, i + 2, fields[i].data(), static_cast<int>(fields[i].size()),
                        SQLITE_TRANSIENT);
    }
    if (sqlite3_step(insert_) != SQLITE_DONE) {
      throw std::runtime_error(std::string("fts5: insert: ") + sqlite3_errmsg(db_));
    }
    sqlite3_reset(insert_);
  }
  void Commit() override {
    Exec(db_, "COMMIT");
    Exec(db_, "BEGIN");
  }
  void FinishBuild() override {
    Exec(db_, "COMMIT");
    sqlite3_finalize(insert_);
    insert_ = nullptr;
    Exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close(db_);
    db_ = nullptr;
  }
  std::unique_ptr<EngineSearcher> NewSearcher() override {
    return std::make_unique<Fts5Searcher>(file_);
  }

 private:
  fs::path file_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
};

// ------------------------------------------------------------------------------- Xapian

constexpr Xapian::termpos kFieldGap = 100;  // as ours: phrases never span two values

Xapian::termpos AddText(Xapian::Document& doc, const std::string& text, Xapian::termpos pos,
                        Xapian::termcount wdf) {
  std::vector<std::string> words;
  SplitWords(FoldForSearch(text), &words);
  for (const auto& w : words) {
    ++pos;
    if (w.size() <= 240) doc.add_posting(w, pos, wdf);
  }
  return pos + kFieldGap;
}

Xapian::Query XapianQuery(const std::string& q) {
  std::vector<Xapian::Query> required;
  for (const auto& part : ParseBox(q)) {
    Xapian::Query words =
        part.words.size() == 1
            ? Xapian::Query(part.words[0])
            : Xapian::Query(Xapian::Query::OP_PHRASE, part.words.begin(), part.words.end(),
                            static_cast<Xapian::termcount>(part.words.size()));
    if (!part.number_key.empty()) {
      words = Xapian::Query(Xapian::Query::OP_OR, words,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                          Xapian::Query("XN" + part.number_key), 20.0));
    }
    required.push_back(words);
  }
  return Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end());
}

class XapianSearcher : public EngineSearcher {
 public:
  explicit XapianSearcher(const fs::path& dir) : db_(dir.string()) {}
  int64_t DocCount() override { return static_cast<int64_t>(db_.get_doccount()); }
  EngineHits Search(const std::string& q, int page, int page_size) override {
    EngineHits h;
    Xapian::Query query = XapianQuery(q);
    if (query.empty()) return h;
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>((page - 1) * page_size),
                                         static_cast<Xapian::doccount>(page_size));
    h.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      h.ids.push_back(static_cast<int64_t>(*it));
      std::string data = it.get_document().get_data();
      h.numbers.push_back(data.substr(0, data.find('\n')));
    }
    return h;
  }

 private:
  Xapian::Database db_;
};

class XapianEngine : public SearchEngine {
 public:
  XapianEngine(const fs::path& dir, bool open_existing)
      : dir_(dir),
        db_(dir.string(), open_existing ? Xapian::DB_OPEN : Xapian::DB_CREATE_OR_OVERWRITE) {}
  std::string Name() const override { return "xapian"; }
  void Add(const IndexEntry& e) override {
    const Metadata& m = e.meta;
    std::string text = NormalizeNfc(e.text);
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (const std::string* v : {&m.number, &m.type, &m.authority, &m.summary}) {
      pos = AddText(doc, *v, pos, 4);
    }
    AddText(doc, text, pos, 1);
    for (const auto& k : NumberKeys(m.number)) {
      if (k.size() < 200) doc.add_term("XN" + k);
    }
    doc.set_data(m.number + "\n" + m.type + "\n" + m.authority + "\n" + m.summary + "\n" +
                 m.issue_date + "\n" + text);
    db_.replace_document(static_cast<Xapian::docid>(e.doc_id), doc);
  }
  void Commit() override { db_.commit(); }
  void FinishBuild() override {
    db_.commit();
    db_.close();
  }
  std::unique_ptr<EngineSearcher> NewSearcher() override {
    return std::make_unique<XapianSearcher>(dir_);
  }

 private:
  fs::path dir_;
  Xapian::WritableDatabase db_;
};

}  // namespace

NrtTimes MeasureOursNrt(const fs::path& dir, const std::vector<IndexEntry>& entries) {
  auto w = SearchIndex::OpenWriter(dir);
  if (!w.ok()) throw std::runtime_error("ours: " + w.status().ToString());
  SearchIndex& index = **w;
  auto total = [&](const std::string& q) {
    auto r = index.Search(SearchQuery{q, 1, 1});
    if (!r.ok()) throw std::runtime_error("ours: " + r.status().ToString());
    return r->total;
  };
  // Polls until total(q) == want, for at most 30 s (a figure of 30,000 ms says it failed).
  auto until = [&](const std::string& q, int64_t want) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (total(q) != want && std::chrono::steady_clock::now() < limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  };
  auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  };
  NrtTimes out;
  for (size_t i = 0; i < entries.size(); ++i) {
    IndexEntry e = entries[i];
    const std::string word = "nrtprobe" + std::to_string(i) + "x";
    e.text += " " + word;
    auto start = std::chrono::steady_clock::now();
    if (Status s = index.Upsert(e); !s.ok()) throw std::runtime_error("ours: " + s.ToString());
    until(word, 1);
    out.visible_ms.push_back(ms_since(start));
    start = std::chrono::steady_clock::now();
    if (Status s = index.Remove(e.doc_id); !s.ok()) {
      throw std::runtime_error("ours: " + s.ToString());
    }
    until(word, 0);
    out.gone_ms.push_back(ms_since(start));
  }
  return out;
}

std::vector<std::string> FoldedWords(const std::string& text) {
  std::vector<std::string> words;
  SplitWords(FoldForSearch(text), &words);
  return words;
}

std::vector<QueryPart> ParseBox(const std::string& q) {
  std::vector<QueryPart> parts;
  auto add_word = [&](const std::string& token) {
    if (token.size() > 1 && token[0] == '-') return;  // exclusion: not translated
    QueryPart p;
    p.words = FoldedWords(token);
    if (p.words.empty()) return;
    std::string key = NormaliseNumber(token);
    if (LooksLikeNumber(key)) p.number_key = key;
    parts.push_back(std::move(p));
  };
  std::string token;
  for (size_t i = 0; i < q.size(); ++i) {
    char c = q[i];
    if (c == '"') {
      if (!token.empty()) add_word(token);
      token.clear();
      size_t end = q.find('"', i + 1);
      if (end == std::string::npos) end = q.size();
      QueryPart p;
      p.words = FoldedWords(q.substr(i + 1, end - i - 1));
      if (!p.words.empty()) parts.push_back(std::move(p));
      i = end;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (!token.empty()) add_word(token);
      token.clear();
    } else {
      token += c;
    }
  }
  if (!token.empty()) add_word(token);
  return parts;
}

std::unique_ptr<SearchEngine> MakeOurs(const fs::path& dir, bool facets) {
  return std::make_unique<Ours>(dir, facets ? 10 : 0);
}
bool OursHasFacets() { return HasFacetLimit<SearchQuery>(); }
std::unique_ptr<SearchEngine> MakeFts5(const fs::path& dir, bool open_existing) {
  return std::make_unique<Fts5>(dir, open_existing);
}
std::unique_ptr<SearchEngine> MakeXapian(const fs::path& dir, bool open_existing) {
  return std::make_unique<XapianEngine>(dir, open_existing);
}

// SearchIndex::OpenWriter opens an existing index as it is: "ours" needs no flag.
std::unique_ptr<SearchEngine> MakeEngine(const std::string& name, const fs::path& dir,
                                         bool open_existing) {
  if (name == "ours") return MakeOurs(dir, false);
  if (name == "ours-facets") return MakeOurs(dir, true);
  if (name == "fts5") return MakeFts5(dir, open_existing);
  if (name == "xapian") return MakeXapian(dir, open_existing);
  throw std::runtime_error("unknown engine " + name);
}

}  // namespace vanban::bench
