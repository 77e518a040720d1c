// Office documents (DOC, DOCX, RTF, ODT, and TXT/HTML) through a pool of headless LibreOffice
// processes reached over UNO: one load gives the text (paragraphs and table cells in reading
// order, run by run with their fonts, legacy encodings repaired) and the `odt` and `pdfa`
// renditions. docs/convert.md describes the pool's life cycle, limits and failure codes.
//
// UNO itself stays inside vanban_convert: nothing here exposes a LibreOffice type.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "vanban/convert/extractor.h"
#include "vanban/repository/status.h"

namespace vanban {

struct OfficePoolOptions {
  int processes = 1;
  // One conversion (load, text, every rendition, close) may take this long; then its process
  // is killed and replaced and the conversion fails with kTimeout.
  std::chrono::milliseconds conversion_timeout = std::chrono::seconds(120);
  // From spawning soffice.bin until its UNO connection answers.
  std::chrono::milliseconds start_timeout = std::chrono::seconds(60);
  // How long a conversion waits for a ready process (kTimeout after that); zero means
  // start_timeout + conversion_timeout, enough for one busy process to finish and restart.
  std::chrono::milliseconds acquire_timeout{0};
  // A process is replaced after this many conversions (LibreOffice leaks over hours).
  int recycle_after = 200;
  // Profiles live in <runtime_dir>/office/profile-<n> (kept between runs, each held by an
  // flock while in use); a temporary directory, removed at shutdown, when empty.
  std::filesystem::path runtime_dir;
  // soffice.bin itself (not the soffice script and oosplash, so that the child is the office
  // and dies with us); empty: $VANBAN_SOFFICE_BIN, else LibreOffice's program directory.
  std::filesystem::path soffice_bin;
  // Start the processes in the background at once instead of at the first conversion.
  bool start_now = false;
};

enum class OfficeProcessState { kStopped, kStarting, kIdle, kBusy, kStopping };
std::string_view OfficeProcessStateName(OfficeProcessState s);

// What one slot of the pool is doing (for tests, logs and the bench).
struct OfficeProcessInfo {
  int slot = 0;
  pid_t pid = 0;  // soffice.bin, also its process group; 0 when no process runs
  OfficeProcessState state = OfficeProcessState::kStopped;
  int conversions = 0;  // by the current process
  int generation = 0;   // processes this slot has started so far
};

struct OfficePoolStats {
  int started = 0;    // processes that came up
  int failed = 0;     // processes that died or broke during a conversion
  int timed_out = 0;  // processes killed by the watchdog
  int recycled = 0;   // processes retired after recycle_after conversions
};

// Thread-safe. Construction returns at once: processes are spawned and connected by a
// background thread, lazily at the first Acquire (or at once with start_now). Each conversion
// holds one process exclusively. A process that dies, hangs past its deadline or breaks its
// connection is killed with its whole process group and replaced. soffice.bin is spawned with
// PR_SET_PDEATHSIG=SIGKILL in a process group of its own, so it dies with this process even
// when this one is SIGKILLed. The destructor shuts everything down (XDesktop::terminate, then
// SIGKILL after a grace period) and leaves no process behind; it must not run while a
// conversion is in progress.
class OfficePool {
 public:
  explicit OfficePool(OfficePoolOptions options = {});
  ~OfficePool();
  OfficePool(const OfficePool&) = delete;
  OfficePool& operator=(const OfficePool&) = delete;

  // Starts the processes in the background (no-op when already started). Returns at once.
  void Start();
  // Stops every process and the pool's threads; later conversions fail with kTransient.
  void Shutdown();

  std::vector<OfficeProcessInfo> Processes() const;
  OfficePoolStats Stats() const;
  const OfficePoolOptions& options() const;
  // "LibreOffice 7.4.7.2", as the running office reports it (from the package before any
  // process has answered).
  std::string Version() const;

  // Loads `in` (LibreOffice's type detection) and stores it as `out` through `filter_name`
  // ("MS Word 2007 XML", "MS Word 97", "writer8", ...). A non-empty `password` encrypts the
  // copy (the tests make their password-protected fixtures this way). kCorrupt if the input
  // cannot be loaded, kInternal if it cannot be stored, kTimeout/kTransient as for Extract.
  Status Convert(const std::filesystem::path& in, const std::filesystem::path& out,
                 const std::string& filter_name, const std::string& password = {});

  class Impl;
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Limits checked on a ZIP package (DOCX, ODT) before LibreOffice sees it: kTooLarge beyond.
struct OfficeLimits {
  int64_t max_uncompressed = int64_t{512} << 20;  // all entries together (and any input file)
  int64_t max_ratio = 200;                        // uncompressed / compressed ...
  int64_t ratio_floor = int64_t{4} << 20;         // ... for entries inflating past this size
  int64_t max_entries = 10000;
};

// The office extractor over a pool the caller shares (tests, bench).
std::unique_ptr<TextExtractor> NewOfficeExtractor(std::shared_ptr<OfficePool> pool,
                                                  OfficeLimits limits = {});
// The office extractor with a pool of its own configured from `config` (ExtractorRegistry).
std::unique_ptr<TextExtractor> NewOfficeExtractor(const ConvertConfig& config);

}  // namespace vanban
