// search_bench: vanban's search index against SQLite FTS5 and Xapian on the same generated
// corpus (bench/corpus_gen.h) and the same query mix, in one run (docs/performance.md,
// "Search").
//
//   search_bench [--docs 100000] [--queries 2000] [--threads 2] [--seed N]
//                [--engines ours,fts5,xapian] [--commit-every 10000] [--work DIR] [--keep]
//                [--print-queries]   (the query mix, then exit)
//                [--slowest N]       (each engine's N slowest queries, one thread, with the
//                                     others' time for the same query: what makes the tail)
//                [--kinds word,multi]  (only these kinds of the mix: to profile one kind)
//
// Engines: ours, ours-facets (ours with facet counts on every search, as the portal's search
// page asks; the same as ours on builds whose index has no facets), fts5, xapian.
//
// Each engine runs in a child process of its own (fork before any thread exists): it
// generates the corpus (timed apart), builds its index (Add + a commit every
// --commit-every documents + the final commit/close), measures the index directory, opens
// it for reading and runs the query mix — once untimed to warm up, then timed with one
// thread and with --threads threads (the threads share the list, each query once). Its peak
// RSS is the child's ru_maxrss from wait4(); the peak at the end of the build is VmHWM read
// in the child right after it. Both include the pages of memory-mapped index files the
// process touched (Lucene++ MMapDirectory; SQLite with mmap_size 1 GiB; Xapian reads with
// pread, so its file pages are in the page cache and not in its RSS).
//
// The run checks its answers: for every number query, the top hit's number must be the
// number asked (several documents may share one: "01/2026/QĐ-UBND" of two provinces), and
// the engines' top documents are compared.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "corpus_gen.h"
#include "search_engines.h"
#include "vanban/convert/text.h"
#include "vanban/index/search_index.h"

namespace vanban::bench {
namespace {

namespace fs = std::filesystem;

struct Options {
  int64_t docs = 100000;
  int queries = 2000;
  int threads = 2;
  uint64_t seed = 20260101;
  int commit_every = 10000;
  int page_size = 20;
  std::vector<std::string> engines = {"ours", "fts5", "xapian"};
  fs::path work;
  bool keep = false;
  bool reuse = false;
  bool print_queries = false;
  int slowest = 0;                 // --slowest: list that many of each engine's slowest queries
  std::vector<std::string> kinds;  // empty: every kind of the mix
};

struct BenchQuery {
  std::string kind;
  std::string q;
  int page = 1;
  std::string expect_number;  // number queries
};

// Words of a phrase as written (split on spaces, punctuation kept off).
std::vector<std::string> Syllables(const std::string& phrase) {
  std::vector<std::string> out;
  std::string w;
  for (char c : phrase + " ") {
    if (c == ' ' || c == ',') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  return out;
}

std::string Run(const std::vector<std::string>& s, size_t from, size_t n) {
  std::string r;
  for (size_t i = from; i < from + n && i < s.size(); ++i) r += (r.empty() ? "" : " ") + s[i];
  return r;
}

bool HasNonAscii(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::vector<BenchQuery> MakeMix(const Options& o, const CorpusGenerator& gen);

// The mix, or only its queries of the kinds asked for (--kinds).
std::vector<BenchQuery> MakeQueries(const Options& o, const CorpusGenerator& gen) {
  std::vector<BenchQuery> qs = MakeMix(o, gen);
  if (!o.kinds.empty()) {
    std::erase_if(qs, [&](const BenchQuery& q) {
      return std::find(o.kinds.begin(), o.kinds.end(), q.kind) == o.kinds.end();
    });
  }
  return qs;
}

std::vector<BenchQuery> MakeMix(const Options& o, const CorpusGenerator& gen) {
  Rng rng(o.seed * 31 + 7);
  const auto& topics = CorpusTopics();
  const auto& places = CorpusPlaces();
  std::vector<BenchQuery> qs;
  // word 20 %, folded 20 %, multi 20 %, phrase 15 %, number 15 %, deep 10 %.
  static const char* kKinds[20] = {"word",   "word",   "word",   "word",   "folded",
                                   "folded", "folded", "folded", "multi",  "multi",
                                   "multi",  "multi",  "phrase", "phrase", "phrase",
                                   "number", "number", "number", "deep",   "deep"};
  for (int i = 0; i < o.queries; ++i) {
    BenchQuery q;
    q.kind = kKinds[i % 20];
    std::vector<std::string> s = Syllables(rng.Pick(topics));
    if (q.kind == "word") {
      std::vector<std::string> marked;
      for (const auto& w : s) {
        if (HasNonAscii(w)) marked.push_back(w);
      }
      q.q = marked.empty() ? s[0] : rng.Pick(marked);
    } else if (q.kind == "folded") {
      size_t n = std::min<size_t>(s.size(), rng.Range(1, 2));
      q.q = FoldForSearch(Run(s, rng.Below(static_cast<uint32_t>(s.size() - n + 1)), n));
    } else if (q.kind == "multi") {
      size_t n = std::min<size_t>(s.size(), rng.Range(2, 4));
      q.q = Run(s, rng.Below(static_cast<uint32_t>(s.size() - n + 1)), n);
      if (rng.Chance(0.4)) q.q += " " + rng.Pick(places);
    } else if (q.kind == "phrase") {
      size_t n = std::min<size_t>(s.size(), rng.Range(2, 3));
      q.q = "\"" + Run(s, rng.Below(static_cast<uint32_t>(s.size() - n + 1)), n) + "\"";
    } else if (q.kind == "number") {
      q.expect_number =
          gen.NumberOf(static_cast<int64_t>(rng.Next() % static_cast<uint64_t>(o.docs)));
      q.q = q.expect_number;
    } else {  // deep: page 50 of a frequent word
      static const char* kFrequent[] = {"tỉnh", "kế hoạch", "thực hiện", "ủy ban", "năm"};
      q.q = kFrequent[rng.Below(5)];
      q.page = 50;
    }
    qs.push_back(q);
  }
  return qs;
}

int64_t DirBytes(const fs::path& dir) {
  int64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += static_cast<int64_t>(e.file_size());
  }
  return total;
}

long ProcStatusKb(const char* key) {
  std::ifstream f("/proc/self/status");
  for (std::string line; std::getline(f, line);) {
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  }
  return -1;
}

struct Latencies {
  std::vector<double> ms;
  double wall = 0;
  double Pct(double p) const {
    if (ms.empty()) return 0;
    std::vector<double> v = ms;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
  }
};

// Runs every query once over `threads` threads; per-query latency in ms.
Latencies Measure(SearchEngine& engine, const std::vector<BenchQuery>& qs, int threads,
                  const Options& o, std::vector<EngineHits>* answers) {
  Latencies lat;
  lat.ms.assign(qs.size(), 0);
  std::atomic<size_t> next{0};
  std::vector<std::unique_ptr<EngineSearcher>> searchers;
  for (int t = 0; t < threads; ++t) searchers.push_back(engine.NewSearcher());
  Stopwatch wall;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i; (i = next++) < qs.size();) {
        Stopwatch sw;
        EngineHits h = searchers[t]->Search(qs[i].q, qs[i].page, o.page_size);
        lat.ms[i] = sw.Seconds() * 1000;
        if (answers) (*answers)[i] = std::move(h);
      }
    });
  }
  for (auto& th : pool) th.join();
  lat.wall = wall.Seconds();
  return lat;
}

// The child: build, measure, query; results as "key value" lines in `out`.
int RunEngine(const std::string& name, const Options& o, const std::vector<BenchQuery>& qs,
              const fs::path& out) {
  CorpusGenerator gen({o.seed, 200});
  fs::path dir = o.work / name;
  // --reuse: the index of an earlier run with the same corpus (its marker names the corpus).
  const fs::path marker = o.work / (name + ".built");
  // Our index schema too: an index of another schema would be wiped on opening.
  const std::string corpus = std::to_string(o.docs) + " " + std::to_string(o.seed) + " schema " +
                             std::to_string(IndexSchemaVersion());
  std::string built;
  if (o.reuse) std::getline(std::ifstream(marker) >> std::ws, built);
  bool reuse = o.reuse && built == corpus && fs::exists(dir);
  // "ours-facets" asks the very index "ours" builds: when "ours" ran before in this run (or
  // left a reusable index), its index is searched instead of building the same one again.
  if (name == "ours-facets" && !reuse) {
    std::string ours_built;
    std::getline(std::ifstream(o.work / "ours.built") >> std::ws, ours_built);
    if (ours_built == corpus && fs::exists(o.work / "ours")) {
      dir = o.work / "ours";
      reuse = true;
    }
  }
  if (!reuse) {
    fs::remove(marker);
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  std::ofstream r(out);
  try {
    auto engine = MakeEngine(name, dir, reuse);
    double gen_s = 0, add_s = 0;
    int64_t text_bytes = 0;
    Stopwatch total;
    for (int64_t i = 0; i < (reuse ? 0 : o.docs); ++i) {
      Stopwatch g;
      IndexEntry e = gen.Generate(i);
      gen_s += g.Seconds();
      text_bytes += static_cast<int64_t>(e.text.size());
      Stopwatch a;
      engine->Add(e);
      if ((i + 1) % o.commit_every == 0) engine->Commit();
      add_s += a.Seconds();
    }
    Stopwatch fin;
    engine->FinishBuild();
    add_s += fin.Seconds();
    if (const int64_t n = engine->NewSearcher()->DocCount(); n != o.docs) {
      throw std::runtime_error("the index holds " + std::to_string(n) + " documents, not " +
                               std::to_string(o.docs) +
                               (reuse ? " (reused: built with another index schema? run without "
                                        "--reuse to rebuild it)"
                                      : ""));
    }
    if (reuse) {  // a reused index has no build figures
      std::cout << "[" << name << "] reused the index in " << dir.string()
                << ": build figures are not measured" << std::endl;
    } else {
      std::ofstream(marker) << corpus << "\n";
      r << "build_s " << add_s << "\n"
        << "gen_s " << gen_s << "\n"
        << "total_s " << total.Seconds() << "\n"
        << "text_bytes " << text_bytes << "\n"
        << "build_hwm_kb " << ProcStatusKb("VmHWM:") << "\n";
    }
    r << "index_bytes " << DirBytes(dir) << "\n";

    std::vector<EngineHits> answers(qs.size());
    size_t warm = std::min<size_t>(qs.size(), 200);
    Measure(*engine, std::vector<BenchQuery>(qs.begin(), qs.begin() + static_cast<long>(warm)), 1,
            o, nullptr);
    Latencies one = Measure(*engine, qs, 1, o, &answers);
    Latencies many = Measure(*engine, qs, o.threads, o, nullptr);
    auto put = [&](const std::string& key, const Latencies& l, const std::vector<size_t>* subset) {
      Latencies s;
      if (subset) {
        for (size_t i : *subset) s.ms.push_back(l.ms[i]);
      } else {
        s = l;
      }
      r << key << "_p50 " << s.Pct(50) << "\n"
        << key << "_p95 " << s.Pct(95) << "\n"
        << key << "_p99 " << s.Pct(99) << "\n";
    };
    put("t1", one, nullptr);
    put("tn", many, nullptr);
    r << "t1_qps " << static_cast<double>(qs.size()) / one.wall << "\n"
      << "tn_qps " << static_cast<double>(qs.size()) / many.wall << "\n";
    std::map<std::string, std::vector<size_t>> by_kind;
    for (size_t i = 0; i < qs.size(); ++i) by_kind[qs[i].kind].push_back(i);
    for (const auto& [kind, idx] : by_kind) put("t1_" + kind, one, &idx);
    for (size_t i = 0; i < qs.size(); ++i) {
      const EngineHits& h = answers[i];
      r << "q " << i << " " << (h.ids.empty() ? 0 : h.ids[0]) << " " << h.total << " "
        << (h.numbers.empty() ? "-" : h.numbers[0]) << "\n";
    }
    for (size_t i = 0; i < qs.size(); ++i) r << "ms " << i << " " << one.ms[i] << "\n";
    if (name.rfind("ours", 0) == 0) {
      // Near real time on the index just built, through a writer as `vanban serve` holds it.
      std::vector<IndexEntry> probes;
      for (int i = 0; i < 10; ++i) {
        IndexEntry e = gen.Generate(o.docs + i);
        e.doc_id = o.docs + 1000 + i;
        probes.push_back(std::move(e));
      }
      engine.reset();  // the searchers' reader is closed; the writer opens the index itself
      NrtTimes nrt = MeasureOursNrt(dir, probes);
      Latencies vis{nrt.visible_ms, 0}, gone{nrt.gone_ms, 0};
      r << "nrt_visible_p50 " << vis.Pct(50) << "\n"
        << "nrt_visible_max " << vis.Pct(100) << "\n"
        << "nrt_gone_p50 " << gone.Pct(50) << "\n"
        << "nrt_gone_max " << gone.Pct(100) << "\n";
    }
    r << "end 1\n";
  } catch (const std::exception& e) {
    r << "error " << e.what() << "\n";
    std::cerr << name << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

struct EngineReport {
  std::map<std::string, double> v;
  std::map<size_t, int64_t> top, total;
  std::map<size_t, std::string> top_number;
  std::map<size_t, double> ms;  // one thread
  long maxrss_kb = 0;
  bool ok = false;
};

EngineReport ReadReport(const fs::path& file) {
  EngineReport rep;
  std::ifstream f(file);
  for (std::string line; std::getline(f, line);) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "q") {
      size_t i;
      int64_t id, total;
      std::string number;
      in >> i >> id >> total;
      std::getline(in >> std::ws, number);
      rep.top[i] = id;
      rep.total[i] = total;
      rep.top_number[i] = number;
    } else if (key == "ms") {
      size_t i;
      double d;
      in >> i >> d;
      rep.ms[i] = d;
    } else if (key == "end") {
      rep.ok = true;
    } else if (key == "error") {
      std::cerr << "  " << line << "\n";
    } else {
      double d = 0;
      in >> d;
      rep.v[key] = d;
    }
  }
  return rep;
}

std::string Fmt(double d, int prec = 2) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, d);
  return b;
}

std::string LoadAverage() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

int Main(int argc, char** argv) {
  // As `vanban serve` does; every engine's child process inherits it.
  TuneAllocatorForSearch();
  Options o;
  std::string cmd;
  for (int i = 0; i < argc; ++i) cmd += (i ? " " : "") + std::string(argv[i]);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--docs") {
      o.docs = std::stoll(val());
    } else if (a == "--queries") {
      o.queries = std::stoi(val());
    } else if (a == "--threads") {
      o.threads = std::stoi(val());
    } else if (a == "--seed") {
      o.seed = std::stoull(val());
    } else if (a == "--commit-every") {
      o.commit_every = std::max(1, std::stoi(val()));
    } else if (a == "--work") {
      o.work = val();
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--reuse") {
      o.reuse = o.keep = true;
    } else if (a == "--print-queries") {
      o.print_queries = true;
    } else if (a == "--slowest") {
      o.slowest = std::max(0, std::stoi(val()));
    } else if (a == "--kinds") {
      std::stringstream ss(val());
      for (std::string k; std::getline(ss, k, ',');) o.kinds.push_back(k);
    } else if (a == "--engines") {
      o.engines.clear();
      std::stringstream ss(val());
      for (std::string e; std::getline(ss, e, ',');) o.engines.push_back(e);
    } else {
      std::cerr
          << "usage: search_bench [--docs N] [--queries M] [--threads T] [--seed S]\n"
             "                    [--engines ours,fts5,xapian] [--commit-every K]\n"
             "                    [--work DIR] [--keep] [--reuse] [--print-queries]\n"
             "                    [--slowest N] [--kinds word,folded,multi,phrase,number,deep]\n"
             "  --reuse: query the indexes a --keep run left in --work for the same\n"
             "           --docs and --seed instead of building them (implies --keep)\n";
      return 2;
    }
  }
  if (o.docs < 1 || o.queries < 1 || o.threads < 1) {
    std::cerr << "--docs, --queries and --threads must be positive\n";
    return 2;
  }
  if (o.print_queries) {
    CorpusGenerator gen({o.seed, 200});
    int i = 0;
    for (const auto& q : MakeQueries(o, gen)) {
      std::cout << i++ << "\t" << q.kind << "\t" << q.page << "\t" << q.q << "\n";
    }
    return 0;
  }
  if (o.work.empty())
    o.work = fs::temp_directory_path() / ("vanban-search-bench-" + std::to_string(getpid()));
  fs::create_directories(o.work);

  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::cout << "search_bench: " << cmd << "\n"
            << "machine: " << MachineInfo() << "\n"
            << "date: " << date << ", load average at start: " << LoadAverage() << "\n"
            << "corpus: " << o.docs << " documents, seed " << o.seed << "; " << o.queries
            << " queries; page size " << o.page_size << "; threads 1 and " << o.threads
            << "; commit every " << o.commit_every << " documents\n";
  if (!o.kinds.empty()) {
    std::cout << "kinds: only";
    for (const auto& k : o.kinds) std::cout << " " << k;
    std::cout << " (of the mix)\n";
  }
  for (const auto& name : o.engines) {
    if (name == "ours-facets" && !OursHasFacets()) {
      std::cout << "note: this build's SearchIndex has no facets; ours-facets searches as ours\n";
    }
  }

  CorpusGenerator gen({o.seed, 200});
  std::vector<BenchQuery> qs = MakeQueries(o, gen);

  std::map<std::string, EngineReport> reports;
  for (const auto& name : o.engines) {
    fs::path out = o.work / (name + ".result");
    std::cout << "[" << name << "] building and querying (load " << LoadAverage() << ")..."
              << std::endl;
    pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      return 1;
    }
    if (pid == 0) _exit(RunEngine(name, o, qs, out));
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    EngineReport rep = ReadReport(out);
    rep.maxrss_kb = ru.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rep.ok = false;
    reports[name] = rep;
  }
  if (!o.keep) {
    for (const auto& name : o.engines) {
      fs::remove_all(o.work / name);
      fs::remove(o.work / (name + ".built"));
    }
  }

  // Answers: number queries' top hit must carry the number asked.
  std::map<std::string, int> number_ok;
  int number_queries = 0;
  for (size_t i = 0; i < qs.size(); ++i) {
    if (qs[i].kind != "number") continue;
    ++number_queries;
    for (auto& [name, rep] : reports) {
      if (rep.top_number[i] == qs[i].expect_number) ++number_ok[name];
    }
  }

  auto row = [&](const std::string& label, const std::string& key, double scale, int prec,
                 bool higher_better) {
    std::cout << "| " << label;
    for (const auto& name : o.engines) {
      const auto& rep = reports[name];
      auto it = rep.v.find(key);
      std::cout << " | " << (rep.ok && it != rep.v.end() ? Fmt(it->second * scale, prec) : "—");
    }
    // ours / peer: for times and sizes below 1 means ours is better; qps is inverted so
    // that, everywhere, "ours/peer" reads as time (or size) ratio.
    for (const std::string peer : {"fts5", "xapian"}) {
      if (!reports.count("ours") || !reports.count(peer)) continue;
      double a = reports["ours"].v[key], b = reports[peer].v[key];
      if (b == 0 || a == 0) {
        std::cout << " | —";
      } else {
        std::cout << " | " << Fmt(higher_better ? b / a : a / b) << "×";
      }
    }
    std::cout << " |\n";
  };
  std::cout << "\n| metric";
  for (const auto& name : o.engines) std::cout << " | " << name;
  for (const std::string peer : {"fts5", "xapian"}) {
    if (reports.count("ours") && reports.count(peer)) std::cout << " | ours/" << peer;
  }
  std::cout << " |\n|---";
  for (size_t i = 0; i < o.engines.size(); ++i) std::cout << "|---";
  for (const std::string peer : {"fts5", "xapian"}) {
    if (reports.count("ours") && reports.count(peer)) std::cout << "|---";
  }
  std::cout << "|\n";
  for (auto& [name, rep] : reports) rep.v["maxrss_mb"] = static_cast<double>(rep.maxrss_kb) / 1024;
  for (auto& [name, rep] : reports) {
    rep.v["index_mb"] = rep.v["index_bytes"] / 1048576.0;
    if (rep.v.count("build_hwm_kb")) rep.v["build_hwm_mb"] = rep.v["build_hwm_kb"] / 1024.0;
  }
  row("index build, s (generation excluded)", "build_s", 1, 1, false);
  row("index size, MB", "index_mb", 1, 0, false);
  row("peak RSS during build, MB (VmHWM)", "build_hwm_mb", 1, 0, false);
  row("peak RSS whole child, MB (wait4)", "maxrss_mb", 1, 0, false);
  row("1 thread: p50 ms", "t1_p50", 1, 2, false);
  row("1 thread: p95 ms", "t1_p95", 1, 2, false);
  row("1 thread: p99 ms", "t1_p99", 1, 2, false);
  row("1 thread: queries/s", "t1_qps", 1, 0, true);

  const std::string tn = std::to_string(o.threads) + " threads";
  row(tn + ": p50 ms", "tn_p50", 1, 2, false);
  row(tn + ": p95 ms", "tn_p95", 1, 2, false);
  row(tn + ": p99 ms", "tn_p99", 1, 2, false);
  row(tn + ": queries/s", "tn_qps", 1, 0, true);
  for (const char* kind : {"word", "folded", "multi", "phrase", "number", "deep"}) {
    row(std::string("1 thread, ") + kind + ": p50 ms", std::string("t1_") + kind + "_p50", 1, 2,
        false);
    row(std::string("1 thread, ") + kind + ": p95 ms", std::string("t1_") + kind + "_p95", 1, 2,
        false);
  }

  for (const auto& name : o.engines) {
    const auto& v = reports[name].v;
    if (!v.count("nrt_visible_p50")) continue;
    std::cout << "\nnear real time (" << name
              << ", a writer holding the index as `vanban serve` does, 10 documents): added -> "
                 "found p50 "
              << Fmt(v.at("nrt_visible_p50"), 0) << " ms, max " << Fmt(v.at("nrt_visible_max"), 0)
              << " ms; removed -> gone p50 " << Fmt(v.at("nrt_gone_p50"), 0) << " ms, max "
              << Fmt(v.at("nrt_gone_max"), 0) << " ms\n";
  }

  for (const auto& [name, rep] : reports) {
    if (!rep.v.count("text_bytes") || !rep.v.count("gen_s")) continue;  // reused index
    std::cout << "\ncorpus text: " << Fmt(rep.v.at("text_bytes") / 1048576.0, 0) << " MB ("
              << Fmt(rep.v.at("text_bytes") / static_cast<double>(o.docs) / 1024, 1)
              << " KB per document); generation " << Fmt(rep.v.at("gen_s"), 1)
              << " s per engine run (not in the build time)\n";
    break;
  }
  bool all_ok = true;
  for (const auto& name : o.engines) {
    const auto& rep = reports[name];
    std::cout << name << ": " << (rep.ok ? "ok" : "FAILED") << "; number queries whose top hit has "
              << "the number asked: " << number_ok[name] << " / " << number_queries << "\n";
    // Ours must find every number; the peers have no number field (FTS5 ranks "76/UBND-KT"
    // and "76/UBND" alike for the query "76/UBND"), so their misses are reported only.
    if (!rep.ok || (name == "ours" && number_ok[name] != number_queries)) all_ok = false;
  }
  // Agreement between engines on the top document (number queries and all queries).
  for (size_t a = 0; a < o.engines.size(); ++a) {
    for (size_t b = a + 1; b < o.engines.size(); ++b) {
      auto& ra = reports[o.engines[a]];
      auto& rb = reports[o.engines[b]];
      int same_num = 0, same_all = 0, same_total = 0, comparable = 0;
      for (size_t i = 0; i < qs.size(); ++i) {
        bool same = ra.top[i] == rb.top[i];
        same_all += same;
        if (qs[i].kind == "number") same_num += same;
        if (o.engines[a] != "xapian" && o.engines[b] != "xapian") {
          ++comparable;
          same_total += ra.total[i] == rb.total[i];
        }
      }
      std::cout << o.engines[a] << " vs " << o.engines[b] << ": same top document on " << same_num
                << " / " << number_queries << " number queries, " << same_all << " / " << qs.size()
                << " of all queries";
      if (comparable) std::cout << "; same total on " << same_total << " / " << comparable;
      std::cout << "\n";
    }
  }
  for (const auto& name : o.engines) {
    const auto& rep = reports[name];
    if (o.slowest == 0 || rep.ms.empty()) continue;
    std::vector<size_t> order;
    for (const auto& [i, _] : rep.ms) order.push_back(i);
    const size_t n = std::min(order.size(), static_cast<size_t>(o.slowest));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      [&](size_t a, size_t b) { return rep.ms.at(a) > rep.ms.at(b); });
    std::cout << "\n" << name << ", the " << n << " slowest queries (one thread, ms; total";
    for (const auto& other : o.engines) {
      if (other != name) std::cout << "; " << other << " ms";
    }
    std::cout << "):\n";
    for (size_t k = 0; k < n; ++k) {
      const size_t i = order[k];
      std::cout << "  " << Fmt(rep.ms.at(i), 1) << "  " << qs[i].kind << "  page " << qs[i].page
                << "  [" << qs[i].q << "]  total " << (rep.total.count(i) ? rep.total.at(i) : 0);
      for (const auto& other : o.engines) {
        const auto& r2 = reports[other];
        if (other != name && r2.ms.count(i)) std::cout << "; " << Fmt(r2.ms.at(i), 1);
      }
      std::cout << "\n";
    }
  }
  std::cout << "load average at end: " << LoadAverage() << "\n";
  if (!o.keep) fs::remove_all(o.work);
  return all_ok ? 0 : 1;
}

}  // namespace
}  // namespace vanban::bench

int main(int argc, char** argv) { return vanban::bench::Main(argc, argv); }
