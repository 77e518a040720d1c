// bench_ingest: end-to-end ingestion throughput against `pdftotext` run once per file.
//
//   bench_ingest [--n 1000] [--workers 2] [--keep DIR]
//
// Ours: every PDF goes through the whole pipeline into a fresh data directory — intake
// (sha256, blob store with fsync, job row), sniffing, Poppler text, metadata extraction, the
// SQLite transaction that stores the document, and the Lucene++ index with its commit.
// Peer: `pdftotext FILE -` once per file (text only, nothing stored), sequentially and with
// as many parallel processes as we have workers. The run checks its answer: every document
// published and indexed, and a number search finds one of them.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/index/search_index.h"
#include "vanban/ingest/intake.h"
#include "vanban/publisher/pipeline.h"
#include "vanban/repository/repository.h"

extern char** environ;

namespace vanban::bench {
namespace {

namespace fs = std::filesystem;

bool Pdftotext(const fs::path& pdf) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::string file = pdf.string();
  char* argv[] = {const_cast<char*>("pdftotext"), file.data(), const_cast<char*>("-"), nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "pdftotext", &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Seconds to run pdftotext over every file with `parallel` processes at a time.
double PeerSeconds(const std::vector<fs::path>& pdfs, int parallel) {
  std::atomic<size_t> next{0};
  std::atomic<int> failures{0};
  Stopwatch sw;
  std::vector<std::thread> threads;
  for (int t = 0; t < parallel; ++t) {
    threads.emplace_back([&] {
      for (size_t i; (i = next++) < pdfs.size();) {
        if (!Pdftotext(pdfs[i])) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  double s = sw.Seconds();
  if (failures > 0) std::cerr << "pdftotext failed on " << failures << " files\n";
  return s;
}

int Main(int argc, char** argv) {
  int n = 1000, workers = 2;
  std::string keep;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--n" && i + 1 < argc) {
      n = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--workers" && i + 1 < argc) {
      workers = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--keep" && i + 1 < argc) {
      keep = argv[++i];
    } else {
      std::cerr << "usage: bench_ingest [--n 1000] [--workers 2] [--keep DIR]\n";
      return 2;
    }
  }
  setenv("VANBAN_LOG", "warning", 0);  // one log line per document would time the terminal
  std::cout << "bench_ingest: " << MachineInfo() << "\n";
  Stopwatch render;
  auto pdfs = testing::DistinctDocumentPdfs(n);
  if (!pdfs.ok()) {
    std::cerr << "cannot make the input PDFs: " << pdfs.status().ToString() << "\n";
    return 1;
  }
  int64_t bytes = 0;
  for (const auto& p : *pdfs) bytes += static_cast<int64_t>(fs::file_size(p));
  std::printf("input: %d born-digital PDFs, %.1f MB (ready in %.1f s)\n", n, bytes / 1e6,
              render.Seconds());

  double peer1 = PeerSeconds(*pdfs, 1);
  double peerw = PeerSeconds(*pdfs, workers);

  testing::TempDir tmp("vanban-bench");
  fs::path data = keep.empty() ? tmp.path() / "data" : fs::path(keep);
  fs::remove_all(data);
  auto repo = Repository::Open(data);
  if (!repo.ok()) return std::cerr << repo.status().ToString() << "\n", 1;
  auto index = SearchIndex::OpenWriter(data / "index");
  if (!index.ok()) return std::cerr << index.status().ToString() << "\n", 1;
  auto extractors = ExtractorRegistry::CreateDefault();
  PipelineOptions po;
  po.workers = workers;
  po.poll = std::chrono::milliseconds(20);
  Pipeline pipeline(**repo, *extractors, index->get(), po);
  IntakeOptions io;
  io.publish = true;
  io.remove_source = false;
  Intake intake(**repo, io);

  Stopwatch ours;
  pipeline.Start();
  for (const auto& p : *pdfs) {
    auto r = intake.Take(p, "bench");
    if (!r.ok() || r->job_id == 0) {
      std::cerr << "intake failed for " << p << "\n";
      return 1;
    }
  }
  double intake_s = ours.Seconds();
  for (;;) {
    auto e = (*repo)->CountUnfinishedJobs(JobKind::kExtract);
    auto x = (*repo)->CountUnfinishedJobs(JobKind::kIndex);
    if (e.ok() && x.ok() && *e == 0 && *x == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  double ours_s = ours.Seconds();
  pipeline.Stop();

  // Check the answer before printing a speed.
  auto published = (*repo)->CountDocuments(DocStatus::kPublished);
  auto in_review = (*repo)->CountDocuments(DocStatus::kInReview);
  auto indexed = (*index)->DocCount();
  // Every document carries a distinct number: the first one must be found by it.
  auto first = (*repo)->GetDocument(1);
  SearchQuery q;
  q.q = first.ok() ? first->meta.number : "?";
  auto hits = (*index)->Search(q);
  bool ok = published.ok() && in_review.ok() && indexed.ok() && hits.ok() &&
            *published + *in_review == n && *indexed == *published && hits->total >= 1 &&
            hits->hits[0].doc_id == 1;
  std::printf("check: %s (%lld published, %lld in review, %lld indexed, number search: %lld)\n",
              ok ? "ok" : "FAILED", static_cast<long long>(published.ok() ? *published : -1),
              static_cast<long long>(in_review.ok() ? *in_review : -1),
              static_cast<long long>(indexed.ok() ? *indexed : -1),
              static_cast<long long>(hits.ok() ? hits->total : -1));
  std::printf("%-44s %8.2f s %9.1f docs/s\n", "pdftotext per file, 1 process at a time", peer1,
              n / peer1);
  std::printf("%-44s %8.2f s %9.1f docs/s\n",
              ("pdftotext per file, " + std::to_string(workers) + " processes at a time").c_str(),
              peerw, n / peerw);
  std::printf("%-44s %8.2f s %9.1f docs/s  (intake of all files done at %.2f s)\n",
              ("vanban pipeline, " + std::to_string(workers) + " workers + indexer").c_str(),
              ours_s, n / ours_s, intake_s);
  std::printf("ratio vanban / pdftotext (1 process):  %.2fx\n", peer1 / ours_s);
  std::printf("ratio vanban / pdftotext (%d processes): %.2fx\n", workers, peerw / ours_s);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace vanban::bench

int main(int argc, char** argv) { return vanban::bench::Main(argc, argv); }
