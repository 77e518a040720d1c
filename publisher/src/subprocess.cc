#include "vanban/publisher/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vanban {

Result<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv,
                                       std::chrono::milliseconds timeout) {
  if (argv.empty()) return Status(ErrorCode::kInvalidArgument, "no command");
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Status(ErrorCode::kIoError, std::string("pipe: ") + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return Status(ErrorCode::kIoError, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) _exit(127);  // the parent died before prctl took effect
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, STDIN_FILENO);
      ::dup2(devnull, STDERR_FILENO);
    }
    ::execv(args[0], args.data());
    _exit(127);
  }
  ::close(pipe_fds[1]);
  SubprocessResult r;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool open = true;
  int status = 0;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      break;
    }
    if (open) {
      struct pollfd pfd = {pipe_fds[0], POLLIN, 0};
      int pr = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 100)));
      if (pr > 0) {
        char buf[4096];
        ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
        if (n > 0) {
          if (r.out.size() < 65536) r.out.append(buf, static_cast<size_t>(n));
        } else if (n == 0) {
          open = false;
        }
      }
    } else {
      ::usleep(20000);
    }
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) {
      pid = 0;
      break;
    }
  }
  if (pid != 0) ::waitpid(pid, &status, 0);
  // What the child wrote just before it exited.
  while (open && !r.timed_out) {
    struct pollfd pfd = {pipe_fds[0], POLLIN, 0};
    if (::poll(&pfd, 1, 0) <= 0) break;
    char buf[4096];
    ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;
    if (r.out.size() < 65536) r.out.append(buf, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  return r;
}

}  // namespace vanban
