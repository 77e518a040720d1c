// Intake: moves a complete file out of an inbox into the repository.
//
// Order of effects (the durability rule): the bytes are copied into the blob store (temp +
// fsync + rename), then the job row is committed, and only then is the file removed from
// the inbox. A crash at any instant leaves the file in the inbox (taken again on restart,
// recognised by path and hash, never twice) or a committed job.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "vanban/repository/repository.h"
#include "vanban/repository/status.h"

namespace vanban {

struct IntakeOptions {
  int64_t max_file_size = int64_t{1} << 30;  // larger files go to quarantine (too_large)
  bool publish = false;                      // publish when the metadata is complete
  bool remove_source = true;                 // false for `vanban ingest FILE`
};

struct IntakeOutcome {
  int64_t job_id = 0;           // 0 when the file was quarantined at intake
  std::string quarantine_path;  // set when quarantined at intake
  Status reason;                // why it was quarantined
};

class Intake {
 public:
  Intake(Repository& repo, IntakeOptions options) : repo_(repo), options_(options) {}

  // Takes `path` (a complete regular file) that arrived through `unit`.
  Result<IntakeOutcome> Take(const std::filesystem::path& path, const std::string& unit);

 private:
  Repository& repo_;
  IntakeOptions options_;
};

// Writes `src` (moved when `move`, else copied) and its reason as
// data/quarantine/<stem>.<ext> and <same>.reason.json. Returns the path of the input's copy.
// Idempotent for the same `key` (a job id): it overwrites its own earlier attempt.
Result<std::filesystem::path> WriteQuarantine(const std::filesystem::path& data_dir,
                                              const std::filesystem::path& src, bool move,
                                              const std::string& key, const std::string& name,
                                              const Status& reason, const std::string& sha256 = {});

}  // namespace vanban
