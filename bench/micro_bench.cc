// bench_micro: Google Benchmark micro-benchmarks of the per-document hot paths, each beside a
// peer doing comparable work in the same run:
//   Poppler in-process text of a born-digital PDF  vs  `pdftotext` run as a process
//   Vietnamese folding (FoldForSearch)             vs  ICU "Latin-ASCII; Lower" transliterator
//   Metadata extraction of the seed document       (no peer: the extractor is our own)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <vector>

#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/text.h"
#include "vanban/ingest/metadata_extractor.h"

extern char** environ;

namespace vanban {
namespace {

namespace fs = std::filesystem;

const fs::path& SeedPdf() {
  static const fs::path p = [] {
    auto r = testing::RenderedDocPdf("qd-01-2026-thai-nguyen-cong-thong-tin");
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      std::exit(1);
    }
    return *r;
  }();
  return p;
}

const std::string& SeedText() {
  static const std::string text = [] {
    auto r = ExtractorRegistry::CreateDefault()->Extract(SeedPdf());
    return r.ok() ? r->text : std::string();
  }();
  return text;
}

void BM_PdfText_PopplerInProcess(benchmark::State& state) {
  auto registry = ExtractorRegistry::CreateDefault();
  size_t chars = 0;
  for (auto _ : state) {
    auto r = registry->Extract(SeedPdf());
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    chars = r.ok() ? r->text.size() : 0;
    benchmark::DoNotOptimize(chars);
  }
  state.counters["bytes_of_text"] = static_cast<double>(chars);
}
BENCHMARK(BM_PdfText_PopplerInProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PdfText_PdftotextProcess(benchmark::State& state) {
  std::string file = SeedPdf().string();
  for (auto _ : state) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    char* argv[] = {const_cast<char*>("pdftotext"), file.data(), const_cast<char*>("-"), nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "pdftotext", &fa, nullptr, argv, environ) != 0) {
      state.SkipWithError("pdftotext not found");
    }
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    waitpid(pid, &status, 0);
  }
}
BENCHMARK(BM_PdfText_PdftotextProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

// Per file over the 16 documents of tests/data/docs (1-18 pages, 48 in all): what an inbox
// sees. Each iteration reads every file once.
const std::vector<fs::path>& AllPdfs() {
  static const std::vector<fs::path> pdfs = [] {
    auto r = testing::RenderedDocPdfs();
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      std::exit(1);
    }
    return *r;
  }();
  return pdfs;
}

void BM_PdfTextPerFile_PopplerInProcess(benchmark::State& state) {
  auto registry = ExtractorRegistry::CreateDefault();
  for (auto _ : state) {
    for (const fs::path& p : AllPdfs()) {
      auto r = registry->Extract(p);
      if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
      benchmark::DoNotOptimize(r);
    }
  }
  state.counters["files"] = static_cast<double>(AllPdfs().size());
}
BENCHMARK(BM_PdfTextPerFile_PopplerInProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PdfTextPerFile_PdftotextProcess(benchmark::State& state) {
  for (auto _ : state) {
    for (const fs::path& p : AllPdfs()) {
      std::string file = p.string();
      posix_spawn_file_actions_t fa;
      posix_spawn_file_actions_init(&fa);
      posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
      char* argv[] = {const_cast<char*>("pdftotext"), file.data(), const_cast<char*>("-"), nullptr};
      pid_t pid = 0;
      if (posix_spawnp(&pid, "pdftotext", &fa, nullptr, argv, environ) != 0) {
        state.SkipWithError("pdftotext not found");
      }
      posix_spawn_file_actions_destroy(&fa);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  }
  state.counters["files"] = static_cast<double>(AllPdfs().size());
}
BENCHMARK(BM_PdfTextPerFile_PdftotextProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Fold_Vanban(benchmark::State& state) {
  const std::string& text = SeedText();
  for (auto _ : state) benchmark::DoNotOptimize(FoldForSearch(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Fold_Vanban)->Unit(benchmark::kMillisecond);

void BM_Fold_IcuTransliterator(benchmark::State& state) {
  const std::string& text = SeedText();
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> tr(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, st));
  if (U_FAILURE(st)) state.SkipWithError("no ICU transliterator");
  for (auto _ : state) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    tr->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Fold_IcuTransliterator)->Unit(benchmark::kMillisecond);

void BM_ExtractMetadata_Seed(benchmark::State& state) {
  const std::string& text = SeedText();
  for (auto _ : state) benchmark::DoNotOptimize(ExtractMetadata(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ExtractMetadata_Seed)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace vanban

BENCHMARK_MAIN();
