// bench_ocr: OCR throughput of the in-process path against the peers a portal would use.
//
//   bench_ocr [--all] [--parallel 2] [--rounds 2] [--pdf-only]
//
// Input: the scanned PDFs of the fixture documents (tests/support/scan_fixtures.h: 200 dpi,
// skewed, noisy, gray or black-and-white), by default half of them (positions 0, 1, 4, 5, ...
// in name order, as in tests/convert/ocr_pdf_test.cc), --all for every one.
//
// 1. Page images: every page rendered once at 300 dpi (pdftoppm, not timed) and read
//    - by vanban's image extractor in-process (Leptonica decode, OSD, deskew, Tesseract
//      vie, quality gate), `parallel` images at a time over `parallel` engines;
//    - by the `tesseract IMAGE - -l vie` CLI, `parallel` processes at a time.
// 2. Searchable PDF/A from each scanned PDF:
//    - vanban: the registry's PDF extractor with a work dir (Poppler renders each page at
//      300 dpi in-process, OCR on `parallel` engines, Tesseract's PDF renderer, Ghostscript
//      PDF/A-2b from the one-page PDFs);
//    - `ocrmypdf -l vie --output-type pdfa --jobs J IN OUT`;
//    one document at a time (pages in parallel: J = parallel), then `parallel` documents at a
//    time (J = 1), as the pipeline's workers take them.
// OMP_THREAD_LIMIT=1 everywhere (set, then the bench re-executes itself, when missing: libgomp
// reads it before main). Every answer is checked: each text against the document's source
// (character error rate), each PDF/A for pdfaid:part 2 and a text layer. --pdf-only skips 1.
// Besides the seconds, each side's CPU seconds (this process's threads and every child process
// it waited for, with their own children) are printed: on a shared machine they move less than
// the seconds do.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/scan_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/pdfa.h"

namespace vanban::bench {
namespace {

namespace fs = std::filesystem;

struct Doc {
  std::string name;
  testing::VbsrcDocument source;
  fs::path scan;                 // scanned PDF
  std::vector<fs::path> images;  // its pages at 300 dpi
};

// Runs `jobs(i)` for i in [0, n) on `parallel` threads; the seconds it took.
template <typename Fn>
double RunParallel(size_t n, int parallel, Fn&& job) {
  std::atomic<size_t> next{0};
  Stopwatch sw;
  std::vector<std::thread> threads;
  for (int t = 0; t < parallel; ++t) {
    threads.emplace_back([&] {
      for (size_t i; (i = next++) < n;) job(i);
    });
  }
  for (auto& t : threads) t.join();
  return sw.Seconds();
}

double PagesPerHour(size_t pages, double seconds) { return pages * 3600.0 / seconds; }

// CPU seconds used so far by this process (all threads) and its waited-for children.
double CpuSeconds() {
  auto seconds = [](const rusage& u) {
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  };
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  return seconds(self) + seconds(children);
}

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

int Main(int argc, char** argv) {
  bool all = false;
  bool pdf_only = false;
  int parallel = 2;
  int rounds = 2;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--all") {
      all = true;
    } else if (a == "--parallel" && i + 1 < argc) {
      parallel = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--pdf-only") {
      pdf_only = true;
    } else {
      std::cerr << "usage: bench_ocr [--all] [--parallel N] [--rounds N] [--pdf-only]\n";
      return 2;
    }
  }
  std::cout << "bench_ocr on " << MachineInfo()
            << ", OMP_THREAD_LIMIT=" << std::getenv("OMP_THREAD_LIMIT") << ", parallel " << parallel
            << "\n";

  testing::TempDir work("vanban-bench-ocr");
  std::vector<Doc> docs;
  std::vector<std::string> names = testing::DocNames();
  size_t pages = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!all && i % 4 >= 2) continue;
    Doc d;
    d.name = names[i];
    auto src = testing::ReadVbsrc(testing::DocsDir() / (d.name + ".vbsrc"));
    auto scan = testing::ScannedPdf(d.name);
    if (!src.ok() || !scan.ok()) {
      std::cerr << d.name << ": " << (src.ok() ? scan.status() : src.status()).ToString() << "\n";
      return 1;
    }
    d.source = std::move(*src);
    d.scan = *scan;
    fs::path dir = work.path() / d.name;
    fs::create_directories(dir);
    Status s = testing::RunLogged(
        {"pdftoppm", "-r", "300", "-gray", "-png", d.scan.string(), (dir / "page").string()},
        dir / "pdftoppm.log");
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      return 1;
    }
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".png") d.images.push_back(e.path());
    }
    std::sort(d.images.begin(), d.images.end());
    pages += d.images.size();
    docs.push_back(std::move(d));
  }
  std::cout << docs.size() << " scanned documents, " << pages << " pages\n\n";

  // Every page image once, in document order.
  struct Image {
    size_t doc;
    size_t page;
  };
  std::vector<Image> images;
  for (size_t d = 0; d < docs.size(); ++d) {
    for (size_t p = 0; p < docs[d].images.size(); ++p) images.push_back({d, p});
  }
  auto score = [&](const std::vector<std::vector<std::string>>& texts) {
    testing::CharErrors total;
    for (size_t d = 0; d < docs.size(); ++d) {
      std::string joined;
      for (const std::string& t : texts[d]) joined += t + "\n";
      testing::CharErrors e =
          testing::PieceErrors(testing::OcrReferencePieces(docs[d].source), joined);
      total.edits += e.edits;
      total.reference += e.reference;
    }
    return total.rate();
  };
  auto empty_texts = [&] {
    std::vector<std::vector<std::string>> t(docs.size());
    for (size_t d = 0; d < docs.size(); ++d) t[d].resize(docs[d].images.size());
    return t;
  };

  // 1a. In-process, `parallel` images at a time over `parallel` engines (warmed up first:
  // a server keeps its engines).
  ConvertConfig config;
  config.ocr_threads = parallel;
  auto registry = ExtractorRegistry::CreateDefault(config);
  RunParallel(static_cast<size_t>(parallel), parallel, [&](size_t i) {
    (void)registry->Extract(docs[0].images[i % docs[0].images.size()]);
  });
  std::vector<std::vector<std::string>> ours = empty_texts();
  std::atomic<int> failures{0};
  auto run_ours_images = [&] {
    return RunParallel(images.size(), parallel, [&](size_t i) {
      auto r = registry->Extract(docs[images[i].doc].images[images[i].page]);
      if (!r.ok()) {
        ++failures;
        return;
      }
      ours[images[i].doc][images[i].page] = r->text;
    });
  };

  // 1b. The tesseract CLI, `parallel` processes at a time.
  std::vector<std::vector<std::string>> cli = empty_texts();
  auto run_cli = [&] {
    return RunParallel(images.size(), parallel, [&](size_t i) {
      const fs::path& png = docs[images[i].doc].images[images[i].page];
      fs::path base = png;
      base.replace_extension();
      Status s = testing::RunLogged({"tesseract", png.string(), base.string(), "-l", "vie"},
                                    base.string() + ".log");
      if (!s.ok()) {
        ++failures;
        return;
      }
      cli[images[i].doc][images[i].page] = testing::ReadFile(base.string() + ".txt");
    });
  };
  // The machine is shared: rounds alternate which side goes first, the best round counts (for
  // the seconds and, separately, for the CPU seconds).
  struct Best {
    double first = 1e30, second = 1e30;          // seconds
    double first_cpu = 1e30, second_cpu = 1e30;  // CPU seconds
  };
  auto best_of = [&](auto&& first, auto&& second, std::string* log) {
    Best best;
    auto timed = [](auto&& run, double* seconds, double* cpu) {
      double before = CpuSeconds();
      *seconds = run();
      *cpu = CpuSeconds() - before;
    };
    for (int r = 0; r < rounds; ++r) {
      double a = 0, b = 0, a_cpu = 0, b_cpu = 0;
      if (r % 2 == 0) {
        timed(first, &a, &a_cpu);
        timed(second, &b, &b_cpu);
      } else {
        timed(second, &b, &b_cpu);
        timed(first, &a, &a_cpu);
      }
      best.first = std::min(best.first, a);
      best.second = std::min(best.second, b);
      best.first_cpu = std::min(best.first_cpu, a_cpu);
      best.second_cpu = std::min(best.second_cpu, b_cpu);
      *log += (r == 0 ? "" : ", ") + Fixed(a, 1) + " / " + Fixed(b, 1);
    }
    return best;
  };
  if (!pdf_only) {
    std::string rounds_log;
    Best t = best_of(run_ours_images, run_cli, &rounds_log);
    std::cout << "1. OCR of " << images.size() << " page images at 300 dpi, " << parallel
              << " at a time\n";
    std::cout << "   vanban in-process:  " << Fixed(t.first, 1) << " s (CPU "
              << Fixed(t.first_cpu, 1) << " s), " << Fixed(PagesPerHour(images.size(), t.first), 0)
              << " pages/h, CER vs source " << Fixed(100 * score(ours), 2) << " %\n";
    std::cout << "   tesseract CLI:      " << Fixed(t.second, 1) << " s (CPU "
              << Fixed(t.second_cpu, 1) << " s), "
              << Fixed(PagesPerHour(images.size(), t.second), 0) << " pages/h, CER vs source "
              << Fixed(100 * score(cli), 2) << " %\n";
    std::cout << "   ratio vanban / CLI: " << Fixed(t.second / t.first, 2) << "x, CPU "
              << Fixed(t.second_cpu / t.first_cpu, 2) << "x (best of " << rounds
              << " rounds; vanban / CLI seconds per round: " << rounds_log << ")\n\n";
  }

  // 2. Scanned PDF -> text + searchable PDF/A-2b. vanban: the registry's PDF extractor with a
  // work dir; ocrmypdf: the command. Run twice: one document at a time (each tool spreads its
  // pages over `parallel` threads or processes), and `parallel` documents at a time with one
  // page at a time each (how the pipeline's workers run: ocrmypdf --jobs 1).
  auto run_ours = [&](int docs_at_once, std::vector<fs::path>& pdfa,
                      std::vector<std::vector<std::string>>& text) {
    return RunParallel(docs.size(), docs_at_once, [&](size_t d) {
      fs::path dir = work.path() / ("vanban-" + std::to_string(docs_at_once) + "-" + docs[d].name);
      fs::remove_all(dir);  // the previous round's
      fs::create_directories(dir);
      ExtractOptions options;
      options.work_dir = dir;
      auto r = registry->Extract(docs[d].scan, options);
      if (!r.ok() || r->renditions.empty()) {
        std::cerr << docs[d].name
                  << ": no PDF/A from vanban: " << (r.ok() ? "no rendition" : r.status().ToString())
                  << "\n";
        ++failures;
        return;
      }
      pdfa[d] = r->renditions[0].path;
      text[d] = {r->text};
    });
  };
  auto run_peer = [&](int docs_at_once, int jobs, std::vector<fs::path>& pdfa) {
    return RunParallel(docs.size(), docs_at_once, [&](size_t d) {
      fs::path out = work.path() / ("ocrmypdf-" + std::to_string(jobs) + "-" + docs[d].name);
      Status s =
          testing::RunLogged({"ocrmypdf", "-l", "vie", "--output-type", "pdfa", "--jobs",
                              std::to_string(jobs), docs[d].scan.string(), out.string() + ".pdf"},
                             out.string() + ".log");
      if (!s.ok()) {
        std::cerr << docs[d].name << ": " << s.ToString() << "\n";
        ++failures;
        return;
      }
      pdfa[d] = out.string() + ".pdf";
    });
  };
  // Both outputs: PDF/A-2 with a text layer that reads like the source.
  auto check = [&](const std::vector<fs::path>& pdfs, const char* who) {
    std::vector<std::vector<std::string>> layer(docs.size());
    for (size_t d = 0; d < docs.size(); ++d) {
      if (pdfs[d].empty()) continue;
      auto info = ReadPdfaInfo(pdfs[d]);
      if (!info.ok() || info->part != 2) {
        std::cerr << who << " " << docs[d].name << ": not PDF/A-2\n";
        ++failures;
      }
      auto t = registry->Extract(pdfs[d]);
      layer[d] = {t.ok() ? t->text : std::string()};
    }
    return score(layer);
  };
  auto bytes = [&](const std::vector<fs::path>& pdfs) {
    uintmax_t total = 0;
    for (const fs::path& p : pdfs) total += p.empty() ? 0 : fs::file_size(p);
    return Fixed(static_cast<double>(total) / (1 << 20), 1) + " MB";
  };
  for (int docs_at_once : {1, parallel}) {
    std::vector<fs::path> ours_pdfa(docs.size()), peer_pdfa(docs.size());
    std::vector<std::vector<std::string>> ours_pdf_text(docs.size());
    int jobs = docs_at_once == 1 ? parallel : 1;
    std::string log;
    Best t = best_of([&] { return run_ours(docs_at_once, ours_pdfa, ours_pdf_text); },
                     [&] { return run_peer(docs_at_once, jobs, peer_pdfa); }, &log);
    std::cout << "2. Scanned PDF -> searchable PDF/A-2b, " << docs.size() << " documents (" << pages
              << " pages), " << docs_at_once << " document(s) at a time, "
              << (docs_at_once == 1 ? "pages in parallel" : "one page at a time each") << "\n";
    std::cout << "   vanban (text + PDF/A): " << Fixed(t.first, 1) << " s (CPU "
              << Fixed(t.first_cpu, 1) << " s), " << Fixed(PagesPerHour(pages, t.first), 0)
              << " pages/h, text CER " << Fixed(100 * score(ours_pdf_text), 2)
              << " %, text layer CER " << Fixed(100 * check(ours_pdfa, "vanban"), 2) << " %, "
              << bytes(ours_pdfa) << "\n";
    std::cout << "   ocrmypdf --jobs " << jobs << ":     " << Fixed(t.second, 1) << " s (CPU "
              << Fixed(t.second_cpu, 1) << " s), " << Fixed(PagesPerHour(pages, t.second), 0)
              << " pages/h, text layer CER " << Fixed(100 * check(peer_pdfa, "ocrmypdf"), 2)
              << " %, " << bytes(peer_pdfa) << "\n";
    std::cout << "   ratio vanban / ocrmypdf: " << Fixed(t.second / t.first, 2) << "x, CPU "
              << Fixed(t.second_cpu / t.first_cpu, 2) << "x (best of " << rounds
              << " rounds; vanban / ocrmypdf seconds per round: " << log << ")\n";
  }
  if (failures > 0) {
    std::cerr << failures << " failures\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace vanban::bench

// libgomp reads OMP_THREAD_LIMIT when it is loaded, before main(): set it and start again.
int main(int argc, char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") == nullptr && ::setenv("OMP_THREAD_LIMIT", "1", 1) == 0) {
    ::execv("/proc/self/exe", argv);
  }
  return vanban::bench::Main(argc, argv);
}
