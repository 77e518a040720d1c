// Child processes for end-to-end tests: the real `vanban` binary, started, killed and
// restarted like an operator (or a crash) would.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vanban::testing {

// Path of the built `vanban` executable.
std::filesystem::path VanbanBinary();

// A port on 127.0.0.1 that was free a moment ago.
int FreePort();

struct RunResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string out;
  std::string err;
};

// Runs a command to completion, capturing stdout and stderr.
RunResult Run(const std::vector<std::string>& argv,
              std::chrono::seconds timeout = std::chrono::seconds(300));

class ChildProcess {
 public:
  // Starts argv[0] with the arguments; stdout/stderr are appended to `log` (if not empty).
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log = {});
  ~ChildProcess();  // SIGKILLs and reaps the child if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool Running();
  void Kill(int sig);
  // Waits for exit; returns the exit status (or -signal), nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// Polls until GET http://127.0.0.1:port/api/health answers 200, or the timeout passes.
bool WaitForHealthy(int port, std::chrono::milliseconds timeout);

}  // namespace vanban::testing
