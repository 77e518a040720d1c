#include "ocr_searchable_pdf.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vanban/convert/pdfa.h"

extern char** environ;

namespace vanban {
namespace {

namespace fs = std::filesystem;

std::string Tail(const fs::path& log) {
  std::ifstream in(log, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > 1000 ? s.substr(s.size() - 1000) : s;
}

// Runs a poppler-utils tool (PATH lookup), its output into `log`. kInternal if it cannot start
// or fails.
Status RunTool(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Status(ErrorCode::kInternal,
                  "cannot run " + argv[0] + " (poppler-utils): " + std::strerror(rc));
  }
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return Status(ErrorCode::kInternal, "waitpid failed for " + argv[0]);
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return Status::Ok();
  return Status(ErrorCode::kInternal, argv[0] + " failed: " + Tail(log));
}

}  // namespace

Result<std::vector<fs::path>> SplitPdfPages(const fs::path& pdf, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status(ErrorCode::kIoError, "cannot create " + dir.string() + ": " + ec.message());
  VANBAN_RETURN_IF_ERROR(RunTool({"pdfseparate", pdf.string(), (dir / "page-%05d.pdf").string()},
                                 dir / "pdfseparate.log"));
  std::vector<fs::path> pages;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("page-", 0) == 0 && e.path().extension() == ".pdf") pages.push_back(e.path());
  }
  std::sort(pages.begin(), pages.end());  // zero-padded: name order is page order
  return pages;
}

Status AddSearchablePdfa(const std::vector<fs::path>& pages, const ExtractOptions& options,
                         const std::string& ocr_tool, ExtractedText* out) {
  if (options.work_dir.empty() || pages.empty()) return Status::Ok();
  const fs::path target = options.work_dir / "pdfa.pdf";
  // Ghostscript reads the pages' files in turn: joining them first (pdfunite) cost a process
  // and a copy of every page image for nothing.
  Status s = ConvertPagesToPdfA(pages, target);
  if (!s.ok()) {
    if (IsTransient(s.code())) return s;
    out->notes.push_back("pdfa: not made (" + s.ToString() + ")");
    return Status::Ok();
  }
  out->renditions.push_back(
      Rendition{"pdfa", target, "application/pdf", ocr_tool + " + " + GhostscriptVersion()});
  return Status::Ok();
}

}  // namespace vanban
