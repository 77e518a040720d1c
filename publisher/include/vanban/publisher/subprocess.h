// Child processes with a deadline, for work that must be killable: a library call that cannot
// be interrupted (Ghostscript) runs in a child, which is killed — with its whole process
// group — when it overruns, and dies with its parent (PR_SET_PDEATHSIG).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban {

struct SubprocessResult {
  int exit_code = -1;      // -1 when killed by a signal
  int signal = 0;          // the signal that ended it, if any
  bool timed_out = false;  // killed because it overran
  std::string out;         // standard output (bounded to 64 KiB)
};

// Runs argv[0] (a path) with the arguments; stderr is discarded. kIoError if it cannot start.
Result<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv,
                                       std::chrono::milliseconds timeout);

}  // namespace vanban
