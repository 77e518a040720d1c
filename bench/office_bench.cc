// bench_office: office documents to ODT + PDF/A through the LibreOffice pool, against
// `soffice --headless --convert-to` started cold for every file.
//
//   bench_office [--rounds 1] [--processes 1]
//
// Input: the documents of tests/data/docs saved by LibreOffice as DOCX (cached under
// <build>/fixtures/office/docx/). Ours: the office extractor over a warm pool (started and
// warmed by one untimed conversion, as a running server has it): per file one load, the text
// walk, an ODT and a PDF/A-2b. Peer: per file a fresh soffice process for the ODT and another
// for the PDF/A-2b (the CLI converts to one format per run), each with a profile of the bench's
// own that was initialised beforehand. The run checks its answer: every ODT is a ZIP, every
// PDF declares PDF/A-2 in its XMP, and the pool's text holds the document's number.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"
#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/office_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/extractor.h"
#include "vanban/convert/office_pool.h"
#include "vanban/convert/pdfa.h"
#include "vanban/convert/sniff.h"

extern char** environ;

namespace vanban::bench {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPdfA2Filter =
    R"(pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}})";

bool Soffice(const fs::path& profile, const std::string& filter, const fs::path& out_dir,
             const fs::path& input) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> args = {"soffice",
                                   "--headless",
                                   "--norestore",
                                   "--nolockcheck",
                                   "--nologo",
                                   "--nodefault",
                                   "-env:UserInstallation=file://" + profile.string(),
                                   "--convert-to",
                                   filter,
                                   "--outdir",
                                   out_dir.string(),
                                   input.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "soffice", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool IsZip(const fs::path& p) { return testing::ReadFile(p).rfind("PK\x03\x04", 0) == 0; }

bool IsPdfA2(const fs::path& p) {
  auto info = ReadPdfaInfo(p);
  return info.ok() && info->part == 2;
}

struct Row {
  std::string name;
  double ours = 0;
  double peer = 0;
};

int Main(int argc, char** argv) {
  int rounds = 1;
  int processes = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--processes" && i + 1 < argc) {
      processes = std::max(1, std::atoi(argv[++i]));
    } else {
      std::cerr << "usage: bench_office [--rounds 1] [--processes 1]\n";
      return 2;
    }
  }
  std::cout << "bench_office: " << MachineInfo() << "\n";
  auto docs = testing::OfficeDocs(testing::OfficeFormat::kDocx);
  if (!docs.ok()) {
    std::cerr << "cannot make the input DOCX files: " << docs.status().ToString() << "\n";
    return 1;
  }
  std::vector<testing::VbsrcDocument> sources;
  for (const fs::path& s : testing::DocSources()) {
    auto v = testing::ReadVbsrc(s);
    if (!v.ok()) return std::cerr << v.status().ToString() << "\n", 1;
    sources.push_back(std::move(*v));
  }
  testing::TempDir tmp("vanban-bench-office");

  // Ours: a warm pool.
  OfficePoolOptions o;
  o.processes = processes;
  o.runtime_dir = tmp.path() / "run";
  o.start_now = true;
  auto pool = std::make_shared<OfficePool>(o);
  auto extractor = NewOfficeExtractor(pool);
  auto extract = [&](const fs::path& in, const fs::path& work) {
    fs::create_directories(work);
    auto sniff = Sniff(in);
    ExtractOptions eo;
    eo.work_dir = work;
    return sniff.ok() ? extractor->Extract(in, *sniff, eo) : Result<ExtractedText>(sniff.status());
  };
  {
    Stopwatch warm;
    auto r = extract(docs->front(), tmp.path() / "warm");
    if (!r.ok()) return std::cerr << "warm-up: " << r.status().ToString() << "\n", 1;
    std::printf("pool: %s, %d process(es), started and warmed in %.2f s (untimed)\n",
                pool->Version().c_str(), processes, warm.Seconds());
  }
  // Peer: its profile initialised once, untimed.
  fs::path profile = tmp.path() / "cli-profile";
  fs::create_directories(tmp.path() / "cli-warm");
  Soffice(profile, "odt", tmp.path() / "cli-warm", docs->front());

  std::vector<Row> rows;
  bool ok = true;
  double ours_total = 0, peer_total = 0;
  for (int round = 0; round < rounds; ++round) {
    for (size_t i = 0; i < docs->size(); ++i) {
      const fs::path& in = (*docs)[i];
      Row row;
      row.name = in.stem().string();
      fs::path work = tmp.path() / ("ours-" + std::to_string(round)) / row.name;
      Stopwatch sw;
      auto r = extract(in, work);
      row.ours = sw.Seconds();
      bool good = r.ok() && r->renditions.size() == 2 && IsZip(r->renditions[0].path) &&
                  IsPdfA2(r->renditions[1].path) &&
                  r->text.find(sources[i].number) != std::string::npos;
      if (!good) {
        ok = false;
        std::cerr << row.name << ": pool output wrong: "
                  << (r.ok() ? std::string("renditions or text") : r.status().ToString()) << "\n";
      }
      fs::path out = tmp.path() / ("peer-" + std::to_string(round));
      fs::create_directories(out);
      Stopwatch ps;
      bool peer_ok = Soffice(profile, "odt", out, in) && Soffice(profile, kPdfA2Filter, out, in);
      row.peer = ps.Seconds();
      peer_ok = peer_ok && IsZip(out / (row.name + ".odt")) && IsPdfA2(out / (row.name + ".pdf"));
      if (!peer_ok) {
        ok = false;
        std::cerr << row.name << ": soffice --convert-to output missing or not PDF/A-2\n";
      }
      ours_total += row.ours;
      peer_total += row.peer;
      rows.push_back(row);
    }
  }
  std::printf("%-42s %10s %12s %7s\n", "document (DOCX -> ODT + PDF/A-2b)", "pool (s)",
              "cold CLI (s)", "ratio");
  for (const Row& r : rows) {
    std::printf("%-42s %10.3f %12.3f %6.1fx\n", r.name.c_str(), r.ours, r.peer, r.peer / r.ours);
  }
  size_t n = rows.size();
  std::printf("%-42s %10.3f %12.3f %6.1fx\n", "total", ours_total, peer_total,
              peer_total / ours_total);
  std::printf("per file: pool %.0f ms, cold CLI %.0f ms (two soffice runs per file)\n",
              1000 * ours_total / static_cast<double>(n),
              1000 * peer_total / static_cast<double>(n));
  std::printf(
      "check: %s (every ODT a ZIP, every PDF declares PDF/A-2, every text has its number)\n",
      ok ? "ok" : "FAILED");
  std::printf("ratio cold CLI / pool: %.2fx (target >= 3x)\n", peer_total / ours_total);
  OfficePoolStats st = pool->Stats();
  std::printf("pool: %d started, %d failed, %d timed out, %d recycled\n", st.started, st.failed,
              st.timed_out, st.recycled);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace vanban::bench

int main(int argc, char** argv) { return vanban::bench::Main(argc, argv); }
