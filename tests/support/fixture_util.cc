#include "support/fixture_util.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "support/temp_dir.h"

extern char** environ;

namespace vanban::testing {

namespace fs = std::filesystem;

fs::path DocsDir() { return SourceDir() / "tests" / "data" / "docs"; }
fs::path FixturesDir() { return BinaryDir() / "fixtures"; }
fs::path RenderedDir() { return FixturesDir() / "docs"; }
fs::path BadDir() { return FixturesDir() / "bad"; }
fs::path Docgen() { return BinaryDir() / "tools" / "vanban-docgen"; }
fs::path RenderScript() { return SourceDir() / "scripts" / "render-docs.sh"; }

FixtureLock::FixtureLock() : guard_(Mutex()) {
  std::error_code ec;
  fs::create_directories(FixturesDir(), ec);
  fd_ = ::open((FixturesDir() / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ >= 0) {
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
}

FixtureLock::~FixtureLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

std::mutex& FixtureLock::Mutex() {
  static std::mutex m;
  return m;
}

// Runs argv (PATH lookup), stdout and stderr into `log`. Ok only for exit status 0.
Status RunLogged(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Status(ErrorCode::kInternal, "cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return Status(ErrorCode::kInternal, "waitpid failed");
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return Status::Ok();
  std::string what = WIFEXITED(wstatus) ? "exit status " + std::to_string(WEXITSTATUS(wstatus))
                                        : "signal " + std::to_string(WTERMSIG(wstatus));
  std::string out = ReadFile(log);
  if (out.size() > 4000) out = "…" + out.substr(out.size() - 4000);
  return Status(ErrorCode::kInternal, argv[0] + " failed (" + what + "):\n" + out);
}

// Modification time, or nullopt if the file is missing.
std::optional<fs::file_time_type> MTime(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return std::nullopt;
  return t;
}

// True if `out` exists, is not empty and is newer than every input.
bool Fresh(const fs::path& out, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  auto t = MTime(out);
  if (!t || fs::file_size(out, ec) == 0 || ec) return false;
  for (const fs::path& in : inputs) {
    auto ti = MTime(in);
    if (!ti || *ti >= *t) return false;
  }
  return true;
}

Status WriteAtomically(const fs::path& p, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  fs::path tmp = p;
  tmp += ".tmp" + std::to_string(::getpid());
  WriteFile(tmp, bytes);
  fs::rename(tmp, p, ec);
  if (ec) return Status(ErrorCode::kIoError, "rename " + tmp.string() + ": " + ec.message());
  return Status::Ok();
}

Status NeedDocgen() {
  if (!fs::exists(Docgen())) {
    return Status(ErrorCode::kNotFound,
                  Docgen().string() + " is missing: build the vanban-docgen target first");
  }
  return Status::Ok();
}

// One soffice --convert-to run with a profile of its own; the PDF lands in `out_dir`.
Status ConvertWithSoffice(const fs::path& input, const std::string& filter, const fs::path& out_dir,
                          const TempDir& work) {
  fs::path profile = work.path() / "profile";
  const char* soffice = std::getenv("SOFFICE");
  std::vector<std::string> argv = {soffice != nullptr && *soffice ? soffice : "soffice",
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
  return RunLogged(argv, work.path() / "soffice.log");
}

std::string Base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4 + bytes.size() / 57 + 1);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
    if ((i / 3) % 19 == 18) out += '\n';
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// The printed text of a body line: markers off, "**" off.
std::string PrintedParagraph(std::string_view line) {
  std::string t;
  if (!line.empty() && line[0] == '\\') {
    t = Trim(line.substr(1));
  } else if (line.substr(0, 3) == "## ") {
    t = Trim(line.substr(3));
  } else if (line.substr(0, 2) == "# ") {
    t = Trim(line.substr(2));
  } else if (!line.empty() && line[0] == '{' && line.find('}') != std::string_view::npos) {
    t = Trim(line.substr(line.find('}') + 1));
  } else {
    t = Trim(line);
  }
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.compare(i, 2, "**") == 0) {
      ++i;
      continue;
    }
    out += t[i];
  }
  return out;
}

}  // namespace vanban::testing
