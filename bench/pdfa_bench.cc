// bench_pdfa: PDF/A-2b renditions through libgs in-process against the `gs` command doing the
// same conversion (same arguments, same PDF/A definition) once per file.
//
//   bench_pdfa [--rounds 3]
//
// Input: the 16 documents of tests/data/docs rendered by LibreOffice (1-18 pages). Reported:
// time per file and per page, one at a time and from two threads (ours are serialised inside
// the process, docs/convert.md; the peer runs two processes), and what a PDF/A rendition adds
// to the extraction of a PDF's text (ExtractOptions::work_dir set or not). The run checks its
// answers: every output declares pdfaid:part 2 and has the input's page count.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/pdfa.h"

extern char** environ;

namespace vanban::bench {
namespace {

namespace fs = std::filesystem;

// The prologue convert/src/pdfa_ghostscript.cc writes for each conversion, for the peer.
constexpr const char* kIcc = "/usr/share/color/icc/ghostscript/srgb.icc";
std::string Definition() {
  return std::string("%!\n/ICCProfile (") + kIcc +
         ") def\n"
         "[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark\n"
         "[{icc_PDFA} << /N 3 >> /PUT pdfmark\n"
         "[{icc_PDFA} ICCProfile (r) file /PUT pdfmark\n"
         "[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark\n"
         "[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 "
         "/DestOutputProfile {icc_PDFA} /OutputConditionIdentifier (sRGB) >> /PUT pdfmark\n"
         "[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark\n";
}

bool GsCli(const fs::path& def, const fs::path& in, const fs::path& out) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> args = {"gs",
                                   "-dSAFER",
                                   "-dBATCH",
                                   "-dNOPAUSE",
                                   "-dQUIET",
                                   "-sDEVICE=pdfwrite",
                                   "-dPDFA=2",
                                   "-dPDFACompatibilityPolicy=1",
                                   "-sColorConversionStrategy=RGB",
                                   "-dAutoRotatePages=/None",
                                   std::string("--permit-file-read=") + kIcc,
                                   "-sOutputFile=" + out.string(),
                                   def.string(),
                                   in.string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "gs", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Runs `convert(i, k)` for every file index i, `rounds` times, from `threads` threads; seconds.
template <typename F>
double Timed(size_t files, int rounds, int threads, F convert) {
  std::atomic<size_t> next{0};
  const size_t total = files * static_cast<size_t>(rounds);
  Stopwatch sw;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (size_t k = next++; k < total; k = next++) convert(k % files, k);
    });
  }
  for (auto& t : pool) t.join();
  return sw.Seconds();
}

int Main(int argc, char** argv) {
  int rounds = 3;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  auto pdfs = testing::RenderedDocPdfs();
  if (!pdfs.ok()) {
    std::fprintf(stderr, "%s\n", pdfs.status().ToString().c_str());
    return 1;
  }
  auto registry = ExtractorRegistry::CreateDefault();
  std::vector<int> pages;
  int total_pages = 0;
  for (const fs::path& p : *pdfs) {
    auto t = registry->Extract(p);
    if (!t.ok()) {
      std::fprintf(stderr, "%s: %s\n", p.c_str(), t.status().ToString().c_str());
      return 1;
    }
    pages.push_back(t->pages);
    total_pages += t->pages;
  }
  const size_t n = pdfs->size();
  testing::TempDir dir("vanban-bench-pdfa");
  const fs::path def = dir / "pdfa_def.ps";
  std::ofstream(def) << Definition();

  std::atomic<int> failures{0};
  auto check = [&](const fs::path& out, size_t i) {
    auto info = ReadPdfaInfo(out);
    auto text = registry->Extract(out);
    if (!info.ok() || info->part != 2 || !text.ok() || text->pages != pages[i]) ++failures;
  };
  auto ours = [&](size_t i, size_t k) {
    fs::path out = dir / ("ours-" + std::to_string(k) + ".pdf");
    if (!ConvertToPdfA((*pdfs)[i], out).ok()) ++failures;
  };
  auto peer = [&](size_t i, size_t k) {
    fs::path out = dir / ("peer-" + std::to_string(k) + ".pdf");
    if (!GsCli(def, (*pdfs)[i], out)) ++failures;
  };
  // One unmeasured pass each: fonts, ICC profile and the gs binary in the page cache.
  Timed(n, 1, 1, ours);
  Timed(n, 1, 1, peer);
  double ours1 = Timed(n, rounds, 1, ours);
  double peer1 = Timed(n, rounds, 1, peer);
  double ours2 = Timed(n, rounds, 2, ours);
  double peer2 = Timed(n, rounds, 2, peer);
  for (size_t k = 0; k < n; ++k) {
    check(dir / ("ours-" + std::to_string(k) + ".pdf"), k);
    check(dir / ("peer-" + std::to_string(k) + ".pdf"), k);
  }

  // What the rendition adds to extraction: the same files with and without a work dir.
  auto extract = [&](bool with_rendition) {
    return Timed(n, rounds, 1, [&](size_t i, size_t k) {
      ExtractOptions o;
      fs::path work = dir / ("work-" + std::to_string(k));
      if (with_rendition) {
        fs::create_directories(work);
        o.work_dir = work;
      }
      auto t = registry->Extract((*pdfs)[i], o);
      if (!t.ok() || (with_rendition && t->renditions.size() != 1)) ++failures;
      std::error_code ec;
      fs::remove_all(work, ec);
    });
  };
  double text_only = extract(false);
  double text_and_pdfa = extract(true);

  const double files = static_cast<double>(n) * rounds;
  const double pg = static_cast<double>(total_pages) * rounds;
  std::printf("bench_pdfa: %s\n", MachineInfo().c_str());
  std::printf("%s\n", GhostscriptVersion().c_str());
  std::printf("input: %zu PDFs, %d pages, %d rounds\n", n, total_pages, rounds);
  std::printf("%-44s %9s %11s %11s\n", "", "total s", "ms/file", "ms/page");
  auto row = [&](const char* what, double s) {
    std::printf("%-44s %9.2f %11.1f %11.1f\n", what, s, 1000 * s / files, 1000 * s / pg);
  };
  row("ConvertToPdfA (libgs), 1 thread", ours1);
  row("gs CLI, 1 process at a time", peer1);
  row("ConvertToPdfA (libgs), 2 threads", ours2);
  row("gs CLI, 2 processes at a time", peer2);
  row("Extract, text only", text_only);
  row("Extract, text + pdfa rendition", text_and_pdfa);
  std::printf("ratio gs CLI / libgs (1 at a time): %.2fx\n", peer1 / ours1);
  std::printf("ratio gs CLI / libgs (2 at a time): %.2fx\n", peer2 / ours2);
  std::printf("rendition cost: %.1f ms/page on top of %.1f ms/page of text\n",
              1000 * (text_and_pdfa - text_only) / pg, 1000 * text_only / pg);
  std::printf("checks: %s\n", failures == 0 ? "all outputs PDF/A-2 with the input's pages"
                                            : (std::to_string(failures) + " FAILED").c_str());
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace vanban::bench

int main(int argc, char** argv) { return vanban::bench::Main(argc, argv); }
