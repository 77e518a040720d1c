// Building blocks for test fixtures made by real tools (vanban-docgen, LibreOffice, Poppler's
// utilities), cached under <build dir>/fixtures/ and rebuilt only when an input is newer.
// Fixture builders take a FixtureLock so that threads and parallel test processes (ctest -j)
// never build the same file twice or read one half-written.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban::testing {

class TempDir;

// tests/data/docs, <build>/fixtures and its parts, the generator and the render script.
std::filesystem::path DocsDir();
std::filesystem::path FixturesDir();
std::filesystem::path RenderedDir();
std::filesystem::path BadDir();
std::filesystem::path Docgen();
std::filesystem::path RenderScript();

// Serialises fixture building between threads (mutex) and processes (flock on
// <build>/fixtures/.lock).
class FixtureLock {
 public:
  FixtureLock();
  ~FixtureLock();
  FixtureLock(const FixtureLock&) = delete;
  FixtureLock& operator=(const FixtureLock&) = delete;
  bool ok() const { return fd_ >= 0; }

 private:
  static std::mutex& Mutex();
  std::lock_guard<std::mutex> guard_;
  int fd_ = -1;
};

// Runs argv (PATH lookup), stdout and stderr into `log`. Ok only for exit status 0; otherwise
// kInternal with the end of the log.
Status RunLogged(const std::vector<std::string>& argv, const std::filesystem::path& log);
std::optional<std::filesystem::file_time_type> MTime(const std::filesystem::path& p);
// True if `out` exists, is not empty and is newer than every input.
bool Fresh(const std::filesystem::path& out, const std::vector<std::filesystem::path>& inputs);
// Writes through a temporary file and a rename: readers never see a partial file.
Status WriteAtomically(const std::filesystem::path& p, const std::string& bytes);
// kNotFound unless the vanban-docgen tool is built.
Status NeedDocgen();
// One `soffice --convert-to FILTER` run with a profile of its own inside `work`; the output
// lands in `out_dir`.
Status ConvertWithSoffice(const std::filesystem::path& input, const std::string& filter,
                          const std::filesystem::path& out_dir, const TempDir& work);
std::string Base64(const std::string& bytes);
std::string Trim(std::string_view s);
// The printed text of a .vbsrc body line: paragraph markers and inline "**" removed.
std::string PrintedParagraph(std::string_view line);

}  // namespace vanban::testing
