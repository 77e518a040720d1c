// A 50 MB attachment streams through the reader: peak memory stays flat (measured in a child
// process, VmHWM after resetting it through /proc/self/clear_refs), and the speed is reported.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/edxml_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::EdxmlFixture;
using testing::EdxmlFixtureFile;
using testing::TempDir;

// A field of /proc/self/status in kB, -1 if missing.
long StatusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field) + 1));
  }
  return -1;
}

struct Measured {
  bool ok = false;
  long rss_before_kb = 0;
  long peak_kb = 0;
  double seconds = 0;
  int64_t bytes = 0;
};

// ReadEdxml in a forked child: the parent's heap does not blur the peak.
Measured MeasureInChild(const fs::path& package, const fs::path& att) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    Measured m;
    {
      std::ofstream clear("/proc/self/clear_refs");
      clear << "5";  // resets VmHWM to the current RSS
    }
    m.rss_before_kb = StatusKb("VmRSS:");
    auto t0 = std::chrono::steady_clock::now();
    auto r = ReadEdxml(package, EdxmlLimits{}, att);
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m.peak_kb = StatusKb("VmHWM:");
    m.ok = r.ok() && r->attachments.size() == 1;
    if (m.ok) m.bytes = r->attachments[0].file.size;
    ssize_t w = ::write(fds[1], &m, sizeof m);
    _exit(w == sizeof m ? 0 : 1);
  }
  ::close(fds[1]);
  Measured m;
  ssize_t got = ::read(fds[0], &m, sizeof m);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (got != sizeof m) return {};
  return m;
}

TEST(EdxmlMemory, FiftyMegabyteAttachmentStreams) {
  TempDir tmp;
  constexpr int64_t kBytes = int64_t{50} << 20;
  ASSERT_TRUE(testing::WriteNoiseFile(tmp / "big.pdf", kBytes).ok());
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{tmp / "big.pdf", "big.pdf"}};
  ASSERT_TRUE(testing::WriteEdxmlFixture(f, tmp / "big.edxml").ok());
  fs::remove(tmp / "big.pdf");
  int64_t package = static_cast<int64_t>(fs::file_size(tmp / "big.edxml"));

  Measured m = MeasureInChild(tmp / "big.edxml", tmp / "att");
  ASSERT_TRUE(m.ok);
  EXPECT_EQ(m.bytes, kBytes);
  long growth_kb = m.peak_kb - m.rss_before_kb;
  std::printf(
      "edxml: %.1f MB package (50 MB attachment) in %.2f s = %.0f MB/s; "
      "RSS before %ld kB, peak %ld kB, growth %ld kB\n",
      static_cast<double>(package) / 1e6, m.seconds, static_cast<double>(package) / 1e6 / m.seconds,
      m.rss_before_kb, m.peak_kb, growth_kb);
  // The base64 alone is 70 MB: the reader must hold neither it nor the decoded bytes.
  EXPECT_LT(growth_kb, 16 * 1024);
}

}  // namespace
}  // namespace vanban
