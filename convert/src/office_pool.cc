// The LibreOffice process pool: spawning soffice.bin, connecting over a UNO pipe, the
// watchdog that kills what hangs, recycling, and shutdown.
//
// Threads: a supervisor spawns, connects, reaps, retires and restarts processes (it must be
// the thread that forks them: PR_SET_PDEATHSIG fires when the forking *thread* ends, so it
// lives as long as the pool); a watchdog kills the process group of any slot past its deadline
// (start-up, conversion, shutdown) and disposes its bridge, which fails every UNO call still
// blocked on it ("Binary URP bridge disposed during call"). Workers only take and return
// slots. Every slot field is guarded by mu_; UNO calls are made without holding it.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/bridge/BridgeFactory.hpp>
#include <com/sun/star/bridge/XBridge.hpp>
#include <com/sun/star/bridge/XBridgeFactory2.hpp>
#include <com/sun/star/configuration/theDefaultProvider.hpp>
#include <com/sun/star/connection/Connector.hpp>
#include <com/sun/star/connection/NoConnectException.hpp>
#include <com/sun/star/connection/XConnection.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/lang/DisposedException.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <cppuhelper/bootstrap.hxx>
#include <cppuhelper/exc_hlp.hxx>
#include <osl/file.hxx>
#include <rtl/bootstrap.hxx>
#include <rtl/ustrbuf.hxx>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "office_document.h"
#include "office_uno.h"

extern char** environ;

namespace vanban {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace office;
using css::uno::Reference;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using rtl::OUString;

std::string_view OfficeProcessStateName(OfficeProcessState s) {
  switch (s) {
    case OfficeProcessState::kStopped:
      return "stopped";
    case OfficeProcessState::kStarting:
      return "starting";
    case OfficeProcessState::kIdle:
      return "idle";
    case OfficeProcessState::kBusy:
      return "busy";
    case OfficeProcessState::kStopping:
      return "stopping";
  }
  return "unknown";
}

namespace office {

OUString ToOUString(std::string_view utf8) {
  return OUString(utf8.data(), static_cast<sal_Int32>(utf8.size()), RTL_TEXTENCODING_UTF8);
}

std::string ToUtf8(const OUString& s) {
  rtl::OString o = rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8);
  return std::string(o.getStr(), static_cast<size_t>(o.getLength()));
}

Result<OUString> FileUrl(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec)
    return Status(ErrorCode::kIoError, "absolute path of " + p.string() + ": " + ec.message());
  OUString url;
  if (osl::FileBase::getFileURLFromSystemPath(ToOUString(abs.string()), url) !=
      osl::FileBase::E_None) {
    return Status(ErrorCode::kInvalidArgument, "no file URL for " + abs.string());
  }
  return url;
}

std::string Describe(const css::uno::Any& exception) {
  // The type says what went wrong when the message is empty (typical of LibreOffice's
  // DisposedException and IOException).
  std::string type = ToUtf8(exception.getValueTypeName());
  css::uno::Exception e;
  exception >>= e;
  std::string msg = ToUtf8(e.Message);
  // LibreOffice appends source locations (" at ./sfx2/source/doc/sfxbasemodel.cxx:3207"),
  // which say nothing to an editor reading the quarantine reason.
  static const std::regex kLocation(R"( ?at \.?/[^ ]+:[0-9]+)");
  msg = std::regex_replace(msg, kLocation, "");
  while (!msg.empty() && (msg.back() == ' ' || msg.back() == '\n')) msg.pop_back();
  return msg.empty() ? type : type + ": " + msg;
}

std::string DescribeCaught() { return Describe(cppu::getCaughtException()); }

}  // namespace office

namespace {

constexpr auto kGraceOnTerminate = std::chrono::seconds(10);
constexpr auto kWaitForExit = std::chrono::seconds(5);
constexpr auto kPollStarting = std::chrono::milliseconds(50);
// soffice.bin's "restart me" exit status (E_RESTART), asked for after it set up a new profile.
constexpr int kExitRestart = 81;

// The client side's own UNO environment, built once per process and never torn down (its
// shutdown at exit races LibreOffice's own static destructors). It must come from
// fundamentalrc: the unorc default only knows the UDK types, and Desktop::create() then
// crashes in the C++ bridge for want of the office types (STACK.md §4, gotcha 3).
Result<Reference<css::uno::XComponentContext>> LocalContext() {
  static std::once_flag once;
  static Reference<css::uno::XComponentContext>* context = nullptr;
  static Status* failure = nullptr;
  std::call_once(once, [] {
    try {
      // Set as a bootstrap variable rather than in the environment: setenv in a threaded
      // process races every getenv.
      rtl::Bootstrap::set("URE_BOOTSTRAP",
                          "vnd.sun.star.pathname:" VANBAN_LO_PROGRAM_DIR "/fundamentalrc");
      context = new Reference<css::uno::XComponentContext>(
          cppu::defaultBootstrap_InitialComponentContext());
    } catch (const css::uno::Exception&) {
      failure = new Status(ErrorCode::kInternal,
                           "cannot bootstrap the UNO client environment: " + DescribeCaught());
    }
  });
  if (failure != nullptr) return *failure;
  return *context;
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return std::string("killed by ") + sigabbrev_np(WTERMSIG(status)) + " (signal " +
           std::to_string(WTERMSIG(status)) + ")";
  }
  return "status " + std::to_string(status);
}

std::string Tail(const fs::path& log, size_t max = 1500) {
  std::ifstream in(log, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > max) s = "…" + s.substr(s.size() - max);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Settings a conversion server needs, merged by LibreOffice into its profile at the first
// start: no thumbnail rendering on ODF stores (a third of the time of a conversion), no lock
// files beside the inputs (they live in the read-only blob store), no auto-recovery, macros
// never run, no links fetched from untrusted referers.
constexpr const char* kRegistryModifications =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="GenerateThumbnail" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/AutoSave"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/RecoveryInfo"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
)";

Status SeedProfile(const fs::path& profile) {
  std::error_code ec;
  fs::path user = profile / "user";
  fs::create_directories(user, ec);
  if (ec) return Status(ErrorCode::kIoError, "create " + user.string() + ": " + ec.message());
  fs::path xcu = user / "registrymodifications.xcu";
  // LibreOffice rewrites the file with our settings merged in; a profile that has it already
  // has them.
  if (fs::exists(xcu, ec)) return Status::Ok();
  std::ofstream out(xcu, std::ios::binary | std::ios::trunc);
  out << kRegistryModifications;
  out.close();
  if (!out) return Status(ErrorCode::kIoError, "cannot write " + xcu.string());
  return Status::Ok();
}

// Pools alive in this process. At exit they are shut down by an atexit handler, registered
// once the first office connected, that is after the C++ UNO bridge library was loaded: the
// handler therefore runs before that library's static destructors tear down the vtables of
// its proxies. A pool left to a static destructor (a function-static registry in a test) would
// otherwise call through freed vtables and crash the exiting process. Leaked on purpose, like
// the client's UNO context, so nothing of it is destroyed during exit.
std::mutex& LivePoolsMutex() {
  static auto* mu = new std::mutex;
  return *mu;
}
std::set<OfficePool::Impl*>& LivePools() {
  static auto* pools = new std::set<OfficePool::Impl*>;
  return *pools;
}
void ShutdownLivePoolsAtExit();

std::string RandomHex() {
  std::random_device rd;
  std::ostringstream s;
  s << std::hex << rd() << rd();
  return s.str();
}

}  // namespace

class OfficePool::Impl {
 public:
  explicit Impl(OfficePoolOptions options) : options_(std::move(options)) {
    options_.processes = std::max(1, options_.processes);
    options_.recycle_after = std::max(1, options_.recycle_after);
    if (options_.acquire_timeout.count() <= 0) {
      options_.acquire_timeout = options_.start_timeout + options_.conversion_timeout;
    }
    if (options_.soffice_bin.empty()) {
      const char* env = std::getenv("VANBAN_SOFFICE_BIN");
      options_.soffice_bin = env != nullptr && *env != '\0'
                                 ? fs::path(env)
                                 : fs::path(VANBAN_LO_PROGRAM_DIR) / "soffice.bin";
    }
    if (const char* level = std::getenv("VANBAN_LOG")) {
      std::string_view l(level);
      quiet_info_ = l == "warning" || l == "error";
      quiet_warnings_ = l == "error";
    }
    slots_.resize(static_cast<size_t>(options_.processes));
    for (size_t i = 0; i < slots_.size(); ++i) slots_[i].index = static_cast<int>(i);
    wanted_ = options_.start_now;
    {
      std::lock_guard lock(LivePoolsMutex());
      LivePools().insert(this);
    }
    supervisor_ = std::thread([this] { SupervisorLoop(); });
    watchdog_ = std::thread([this] { WatchdogLoop(); });
  }

  ~Impl() {
    Shutdown();
    std::lock_guard lock(LivePoolsMutex());
    LivePools().erase(this);
  }

  void Start() {
    std::lock_guard lock(mu_);
    if (!wanted_) {
      wanted_ = true;
      cv_.notify_all();
    }
  }

  // Idempotent; concurrent callers wait for the first one to finish.
  void Shutdown() {
    std::call_once(shutdown_once_, [this] { ShutdownOnce(); });
  }

  void ShutdownOnce() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      cv_.notify_all();
    }
    if (supervisor_.joinable()) supervisor_.join();
    {
      std::lock_guard lock(mu_);
      watchdog_stop_ = true;
      cv_.notify_all();
    }
    if (watchdog_.joinable()) watchdog_.join();
    std::lock_guard lock(mu_);
    for (Slot& s : slots_) {
      if (s.profile_lock_fd >= 0) ::close(s.profile_lock_fd);
      s.profile_lock_fd = -1;
    }
    if (!temp_root_.empty()) {
      std::error_code ec;
      fs::remove_all(temp_root_, ec);
    }
  }

  std::vector<OfficeProcessInfo> Processes() const {
    std::lock_guard lock(mu_);
    std::vector<OfficeProcessInfo> out;
    for (const Slot& s : slots_) {
      OfficeProcessInfo i;
      i.slot = s.index;
      i.pid = s.pid;
      i.state = PublicState(s.state);
      i.conversions = s.conversions;
      i.generation = s.generation;
      out.push_back(i);
    }
    return out;
  }

  OfficePoolStats Stats() const {
    std::lock_guard lock(mu_);
    return stats_;
  }

  const OfficePoolOptions& options() const { return options_; }

  std::string Version() const {
    std::lock_guard lock(mu_);
    return version_.empty() ? std::string("LibreOffice") : version_;
  }

  Result<std::unique_ptr<OfficeLease>> Acquire() {
    std::unique_lock lock(mu_);
    if (!wanted_) wanted_ = true;
    cv_.notify_all();
    const auto deadline = Clock::now() + options_.acquire_timeout;
    const int failures_before = start_failures_;
    for (;;) {
      if (stopping_) {
        return Status(ErrorCode::kTransient, "the LibreOffice pool is shutting down");
      }
      for (Slot& s : slots_) {
        if (s.state != State::kIdle) continue;
        if (Exited(s.pid)) {
          cv_.notify_all();  // died while idle: the supervisor replaces it
          continue;
        }
        s.state = State::kBusy;
        s.deadline = Clock::now() + options_.conversion_timeout;
        cv_.notify_all();  // the watchdog takes the new deadline
        return std::make_unique<OfficeLease>(*this, s.index, s.generation, s.pid, s.context,
                                             s.desktop, s.version);
      }
      if (start_failures_ > failures_before && !AnyComing()) {
        return Status(ErrorCode::kTransient,
                      "LibreOffice could not be started: " + last_start_error_);
      }
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
        return Status(ErrorCode::kTimeout,
                      "no LibreOffice process became free within " +
                          std::to_string(options_.acquire_timeout.count() / 1000) + " s");
      }
    }
  }

  // The lease of (slot, generation) ends.
  void Release(int slot, int generation, bool discard) {
    std::lock_guard lock(mu_);
    Slot& s = slots_[static_cast<size_t>(slot)];
    if (s.generation != generation || s.state != State::kBusy) return;
    ++s.conversions;
    if (discard || s.killed || s.pid == 0) {
      if (!s.killed) ++stats_.failed;
      s.broken = true;
      s.state = State::kRetiring;
    } else if (s.conversions >= options_.recycle_after) {
      ++stats_.recycled;
      Log("LibreOffice process " + std::to_string(s.pid) + " retired after " +
              std::to_string(s.conversions) + " conversions",
          /*warning=*/false);
      s.state = State::kRetiring;
    } else {
      s.state = State::kIdle;
    }
    cv_.notify_all();
  }

  bool KilledByWatchdog(int slot, int generation) const {
    std::lock_guard lock(mu_);
    const Slot& s = slots_[static_cast<size_t>(slot)];
    return s.generation == generation && s.killed;
  }

 private:
  // Internal states; kRetiring (waiting for the supervisor to stop it) shows as kStopping.
  enum class State { kStopped, kStarting, kIdle, kBusy, kRetiring, kStopping };

  static OfficeProcessState PublicState(State s) {
    switch (s) {
      case State::kStopped:
        return OfficeProcessState::kStopped;
      case State::kStarting:
        return OfficeProcessState::kStarting;
      case State::kIdle:
        return OfficeProcessState::kIdle;
      case State::kBusy:
        return OfficeProcessState::kBusy;
      case State::kRetiring:
      case State::kStopping:
        return OfficeProcessState::kStopping;
    }
    return OfficeProcessState::kStopped;
  }

  struct Slot {
    int index = 0;
    State state = State::kStopped;
    pid_t pid = 0;  // soffice.bin = its process group; 0 once reaped
    int generation = 0;
    int conversions = 0;
    bool broken = false;  // kill rather than terminate when retiring
    bool killed = false;  // by the watchdog, this generation
    Clock::time_point deadline;
    Clock::time_point next_start;
    int failed_starts = 0;
    std::string pipe_name;
    fs::path profile;
    fs::path log;
    int profile_lock_fd = -1;
    Reference<css::lang::XComponent> bridge;
    Reference<css::uno::XComponentContext> context;
    Reference<css::frame::XDesktop2> desktop;
    std::string version;
    std::string last_exit;  // how the previous process ended
    int last_status = 0;    // its wait status
    int restarts_in_a_row = 0;
  };

  // Something is starting, running or will be restarted.
  bool AnyComing() const {
    for (const Slot& s : slots_) {
      if (s.state != State::kStopped) return true;
    }
    return false;
  }

  // --- supervisor -----------------------------------------------------------------------

  void SupervisorLoop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      ReapExitedLocked();
      bool starting = false;
      for (Slot& s : slots_) {
        if (stopping_) break;
        if (s.state == State::kStopped && wanted_ && Clock::now() >= s.next_start) {
          SpawnLocked(s);
        }
        if (s.state == State::kStarting) {
          starting = true;
          TryConnect(s, lock);
        } else if (s.state == State::kRetiring) {
          StopProcess(s, lock, /*graceful=*/!s.broken);
        }
      }
      CollectGarbage(lock);
      if (stopping_) break;
      auto wait = starting ? Clock::now() + kPollStarting : NextWake();
      cv_.wait_until(lock, wait);
    }
    for (Slot& s : slots_) {
      if (s.pid != 0) StopProcess(s, lock, /*graceful=*/s.state == State::kIdle);
    }
    CollectGarbage(lock);
  }

  // When the supervisor must look again without being woken: a restart after back-off.
  Clock::time_point NextWake() const {
    auto t = Clock::now() + std::chrono::seconds(1);
    for (const Slot& s : slots_) {
      if (s.state == State::kStopped && wanted_) t = std::min(t, s.next_start);
    }
    return t;
  }

  // Profile directory of a slot: kept for the pool's lifetime, so a restarted or recycled
  // process starts from a warm profile.
  Status PrepareProfileLocked(Slot& s) {
    if (!s.profile.empty()) return Status::Ok();
    std::error_code ec;
    if (options_.runtime_dir.empty()) {
      if (temp_root_.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        std::string tmpl =
            (tmp != nullptr && *tmp != '\0' ? std::string(tmp) : std::string("/tmp")) +
            "/vanban-office-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) {
          return Status(ErrorCode::kIoError, "mkdtemp " + tmpl + ": " + std::strerror(errno));
        }
        temp_root_ = tmpl;
      }
      s.profile = temp_root_ / ("profile-" + std::to_string(s.index));
    } else {
      // Several vanban processes may share a data directory (serve and a CLI ingest): each
      // takes the first profile no other one holds. Two offices on one profile would hand
      // their work to each other (STACK.md §4, gotcha 5).
      fs::path dir = options_.runtime_dir / "office";
      fs::create_directories(dir, ec);
      if (ec) return Status(ErrorCode::kIoError, "create " + dir.string() + ": " + ec.message());
      for (int n = 0; n < 1000 && s.profile.empty(); ++n) {
        fs::path lock_path = dir / ("profile-" + std::to_string(n) + ".lock");
        int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
          return Status(ErrorCode::kIoError,
                        "open " + lock_path.string() + ": " + std::strerror(errno));
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
          s.profile_lock_fd = fd;
          s.profile = dir / ("profile-" + std::to_string(n));
        } else {
          ::close(fd);
        }
      }
      if (s.profile.empty())
        return Status(ErrorCode::kBusy, "no free office profile in " + dir.string());
    }
    return Status::Ok();
  }

  void SpawnLocked(Slot& s) {
    if (::access(options_.soffice_bin.c_str(), X_OK) != 0) {
      StartFailedLocked(s, "cannot run " + options_.soffice_bin.string() + ": " +
                               std::strerror(errno) +
                               " (install libreoffice-writer, or set VANBAN_SOFFICE_BIN)");
      return;
    }
    Status st = PrepareProfileLocked(s);
    if (st.ok()) st = SeedProfile(s.profile);
    if (!st.ok()) {
      StartFailedLocked(s, st.message());
      return;
    }
    ++s.generation;
    s.conversions = 0;
    s.broken = false;
    s.killed = false;
    s.pipe_name = "vanban-" + std::to_string(::getpid()) + "-" + std::to_string(s.index) + "-" +
                  std::to_string(s.generation) + "-" + RandomHex();
    s.log = s.profile / "soffice.log";
    auto profile_url = FileUrl(s.profile);
    if (!profile_url.ok()) {
      StartFailedLocked(s, profile_url.status().message());
      return;
    }
    std::vector<std::string> argv = {
        options_.soffice_bin.string(),
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nofirststartwizard",
        "-env:UserInstallation=" + ToUtf8(*profile_url),
        "--accept=pipe,name=" + s.pipe_name + ";urp;StarOffice.ComponentContext"};
    std::string error;
    pid_t pid = SpawnDetachedGroup(argv, s.log, &error);
    if (pid <= 0) {
      StartFailedLocked(s, error);
      return;
    }
    s.pid = pid;
    s.state = State::kStarting;
    s.deadline = Clock::now() + options_.start_timeout;
    cv_.notify_all();
  }

  // fork + exec of soffice.bin as the leader of a new process group, with SIGKILL as its
  // parent-death signal. posix_spawn cannot set the latter, so this is fork(): between fork
  // and exec the child only makes async-signal-safe calls on memory prepared beforehand.
  pid_t SpawnDetachedGroup(const std::vector<std::string>& argv, const fs::path& log,
                           std::string* error) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // LibreOffice's own start script sets these; soffice.bin is started directly.
    std::vector<std::string> env_strings = {"SAL_USE_VCLPLUGIN=svp", "SAL_ENABLE_FILE_LOCKING=0"};
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      std::string_view v(*e);
      if (v.rfind("SAL_USE_VCLPLUGIN=", 0) == 0 || v.rfind("SAL_ENABLE_FILE_LOCKING=", 0) == 0) {
        continue;
      }
      env_strings.emplace_back(v);
    }
    std::vector<char*> envp;
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log_fd < 0 || null_fd < 0) {
      *error = "cannot open " + log.string() + " or /dev/null: " + std::strerror(errno);
      if (log_fd >= 0) ::close(log_fd);
      if (null_fd >= 0) ::close(null_fd);
      return -1;
    }
    const pid_t parent = ::getpid();
    const char* path = args[0];
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
      // `vanban serve` blocks SIGINT/SIGTERM in every thread and ignores SIGPIPE; both
      // survive exec and would make the office deaf to them.
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::signal(sig, SIG_DFL);
      ::dup2(null_fd, STDIN_FILENO);
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
      ::close_range(3, ~0U, 0);
      ::execve(path, args.data(), envp.data());
      ::_exit(127);
    }
    int fork_errno = errno;
    ::close(log_fd);
    ::close(null_fd);
    if (pid < 0) {
      *error = std::string("fork: ") + std::strerror(fork_errno);
      return -1;
    }
    ::setpgid(pid, pid);  // also from here, so the group exists before anyone signals it
    return pid;
  }

  void StartFailedLocked(Slot& s, const std::string& why) {
    ++start_failures_;
    ++s.failed_starts;
    if (s.failed_starts >= 2 && !s.profile.empty()) {
      // A profile damaged by a killed office can keep it from starting: begin afresh (the
      // slot keeps the profile's lock; SpawnLocked seeds it again).
      std::error_code ec;
      fs::remove_all(s.profile, ec);
    }
    last_start_error_ = why;
    // Back off 1, 2, 4 … 30 s between attempts of a slot that keeps failing.
    int shift = std::min(s.failed_starts - 1, 5);
    s.next_start =
        Clock::now() + std::min(std::chrono::seconds(1 << shift), std::chrono::seconds(30));
    s.state = State::kStopped;
    Log("LibreOffice slot " + std::to_string(s.index) + " did not start: " + why);
    cv_.notify_all();
  }

  // One connection attempt to a starting process (the supervisor is the only thread touching
  // a starting slot's connection, and the watchdog bounds the whole start by killing it).
  void TryConnect(Slot& s, std::unique_lock<std::mutex>& lock) {
    const std::string pipe = s.pipe_name;
    const int generation = s.generation;
    auto local = LocalContext();
    if (!local.ok()) {
      KillAndReap(s, lock);
      StartFailedLocked(s, local.status().message());
      return;
    }
    Reference<css::lang::XComponent> bridge;
    Reference<css::uno::XComponentContext> context;
    Reference<css::frame::XDesktop2> desktop;
    std::string version;
    std::string failure;
    bool not_yet = false;
    lock.unlock();
    try {
      Reference<css::connection::XConnector> connector = css::connection::Connector::create(*local);
      Reference<css::connection::XConnection> connection =
          connector->connect(ToOUString("pipe,name=" + pipe));
      Reference<css::bridge::XBridgeFactory2> factory = css::bridge::BridgeFactory::create(*local);
      Reference<css::bridge::XBridge> b =
          factory->createBridge(OUString(), "urp", connection, nullptr);
      bridge.set(b, UNO_QUERY_THROW);
      context.set(b->getInstance("StarOffice.ComponentContext"), UNO_QUERY_THROW);
      desktop = css::frame::Desktop::create(context);
      version = ReadVersion(context);
    } catch (const css::connection::NoConnectException&) {
      not_yet = true;
    } catch (const css::uno::Exception&) {
      failure = DescribeCaught();
    } catch (const std::exception& e) {
      failure = e.what();
    }
    lock.lock();
    if (s.generation != generation || s.state != State::kStarting) {
      DropLater(bridge, context, desktop);
      return;
    }
    if (not_yet) return;
    if (!failure.empty() || s.killed || s.pid == 0) {
      DropLater(bridge, context, desktop);
      std::string why = s.killed ? "no UNO connection within " +
                                       std::to_string(options_.start_timeout.count() / 1000) + " s"
                                 : failure;
      KillAndReap(s, lock);
      StartFailedLocked(s, why + LogTail(s));
      return;
    }
    s.bridge = bridge;
    s.context = context;
    s.desktop = desktop;
    s.version = version;
    version_ = version;
    static std::once_flag exit_handler;
    std::call_once(exit_handler, [] { std::atexit(ShutdownLivePoolsAtExit); });
    s.state = State::kIdle;
    s.failed_starts = 0;
    s.restarts_in_a_row = 0;
    Log(version + " ready (pid " + std::to_string(s.pid) + ", slot " + std::to_string(s.index) +
            ")",
        /*warning=*/false);
    ++stats_.started;
    cv_.notify_all();
  }

  static std::string ReadVersion(const Reference<css::uno::XComponentContext>& context) {
    try {
      Reference<css::lang::XMultiServiceFactory> provider =
          css::configuration::theDefaultProvider::get(context);
      css::uno::Sequence<css::uno::Any> args(1);
      args[0] <<= css::beans::NamedValue("nodepath",
                                         css::uno::Any(OUString("/org.openoffice.Setup/Product")));
      Reference<css::container::XNameAccess> product(
          provider->createInstanceWithArguments("com.sun.star.configuration.ConfigurationAccess",
                                                args),
          UNO_QUERY_THROW);
      OUString name;
      OUString version;
      product->getByName("ooName") >>= name;
      product->getByName("ooSetupVersionAboutBox") >>= version;
      return ToUtf8(name) + " " + ToUtf8(version);
    } catch (const css::uno::Exception&) {
      return "LibreOffice";
    }
  }

  std::string LogTail(const Slot& s) const {
    std::string t = Tail(s.log);
    return t.empty() ? std::string() : "; soffice said: " + t;
  }

  // Stops the slot's process: XDesktop::terminate() when it is healthy, SIGKILL to its group
  // when it is not or does not exit in time; reaps it; the slot ends kStopped.
  void StopProcess(Slot& s, std::unique_lock<std::mutex>& lock, bool graceful) {
    s.state = State::kStopping;
    s.deadline = Clock::now() + kGraceOnTerminate;
    cv_.notify_all();
    Reference<css::frame::XDesktop2> desktop = s.desktop;
    Reference<css::lang::XComponent> bridge = s.bridge;
    const pid_t pid = s.pid;
    if (graceful && desktop.is() && pid != 0) {
      lock.unlock();
      try {
        desktop->terminate();
      } catch (const css::uno::Exception&) {
        // The office often exits before its answer is sent: the bridge reports it disposed.
      }
      auto until = Clock::now() + kWaitForExit;
      while (Clock::now() < until && !Exited(pid)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      lock.lock();
    }
    KillAndReap(s, lock);
    desktop.clear();
    bridge.clear();
    DropLater(s.bridge, s.context, s.desktop);
    if (!s.pipe_name.empty()) {
      // The pipe's socket file is left behind by a killed office.
      std::error_code ec;
      fs::remove(fs::path("/tmp") / ("OSL_PIPE_" + std::to_string(::getuid()) + "_" + s.pipe_name),
                 ec);
    }
    s.state = State::kStopped;
    s.broken = false;
    s.next_start = Clock::now();
    cv_.notify_all();
  }

  // True once the process has exited (it stays a zombie until reaped).
  static bool Exited(pid_t pid) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
      return errno == ECHILD;
    }
    return info.si_pid == pid;
  }

  // SIGKILL to the whole group, while its leader is unreaped (so the id cannot be reused).
  void KillLocked(Slot& s) {
    if (s.pid != 0) ::kill(-s.pid, SIGKILL);
  }

  // Kills the slot's process and reaps it. The wait for its exit happens without the lock: a
  // process stuck in the kernel must not stall every worker and the watchdog with it.
  void KillAndReap(Slot& s, std::unique_lock<std::mutex>& lock) {
    KillLocked(s);
    const pid_t pid = s.pid;
    if (pid != 0 && !Exited(pid)) {
      lock.unlock();
      for (int i = 0; i < 500 && !Exited(pid); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      lock.lock();
    }
    ReapLocked(s, /*block=*/true);
  }

  void ReapLocked(Slot& s, bool block) {
    if (s.pid == 0) return;
    int status = 0;
    pid_t r;
    do {
      r = ::waitpid(s.pid, &status, block ? 0 : WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == s.pid || (r < 0 && errno == ECHILD)) {
      if (r == s.pid) {
        s.last_exit = DescribeWaitStatus(status);
        s.last_status = status;
      }
      s.pid = 0;
    }
  }

  // Processes that exited on their own (crashed, or killed from outside).
  void ReapExitedLocked() {
    for (Slot& s : slots_) {
      if (s.pid == 0 || s.state == State::kStopping || !Exited(s.pid)) continue;
      // Stragglers of the group die with it; then the leader is reaped.
      KillLocked(s);
      ReapLocked(s, /*block=*/true);
      if (s.state != State::kStarting) {
        Log("LibreOffice process of slot " + std::to_string(s.index) + " exited (" + s.last_exit +
            ")");
      }
      if (s.state == State::kIdle) {
        ++stats_.failed;
        s.broken = true;
        s.state = State::kRetiring;
      } else if (s.state == State::kStarting) {
        DropLater(s.bridge, s.context, s.desktop);
        if (WIFEXITED(s.last_status) && WEXITSTATUS(s.last_status) == kExitRestart &&
            s.restarts_in_a_row++ < 3) {
          // A new profile makes soffice.bin ask for a restart, which oosplash would do.
          s.state = State::kStopped;
          s.next_start = Clock::now();
        } else {
          StartFailedLocked(
              s, "soffice.bin exited during start-up (" + s.last_exit + ")" + LogTail(s));
        }
      }
      // kBusy: the conversion's UNO call fails and its lease retires the slot.
    }
  }

  // References to a finished process, disposed and released by CollectGarbage outside the
  // lock (a release is a UNO call, and a call may block). The sources are cleared here: the
  // SDK's css::uno::Reference has no move operations outside LibreOffice itself
  // (LIBO_INTERNAL_ONLY), so std::move would copy and leave them holding the proxies.
  void DropLater(Reference<css::lang::XComponent>& bridge,
                 Reference<css::uno::XComponentContext>& context,
                 Reference<css::frame::XDesktop2>& desktop) {
    garbage_.push_back(Garbage{bridge, context, desktop});
    bridge.clear();
    context.clear();
    desktop.clear();
  }

  void CollectGarbage(std::unique_lock<std::mutex>& lock) {
    if (garbage_.empty()) return;
    std::vector<Garbage> g = std::move(garbage_);
    garbage_.clear();
    lock.unlock();
    for (Garbage& item : g) {
      if (!item.bridge.is()) continue;
      try {
        item.bridge->dispose();
      } catch (const css::uno::Exception&) {
        // Disposed already, by its own broken connection.
      }
    }
    g.clear();
    lock.lock();
  }

  // --- watchdog -------------------------------------------------------------------------

  void WatchdogLoop() {
    std::unique_lock lock(mu_);
    while (!watchdog_stop_) {
      auto now = Clock::now();
      auto next = now + std::chrono::seconds(1);
      std::vector<Reference<css::lang::XComponent>> to_dispose;
      for (Slot& s : slots_) {
        bool timed =
            s.state == State::kStarting || s.state == State::kBusy || s.state == State::kStopping;
        if (!timed || s.pid == 0 || s.killed) continue;
        if (s.deadline > now) {
          next = std::min(next, s.deadline);
          continue;
        }
        s.killed = true;
        KillLocked(s);
        if (s.state == State::kBusy) {
          ++stats_.timed_out;
          Log("LibreOffice process " + std::to_string(s.pid) + " (slot " + std::to_string(s.index) +
              ") passed the conversion deadline of " +
              std::to_string(options_.conversion_timeout.count()) + " ms: killed");
        }
        if (s.bridge.is()) to_dispose.push_back(s.bridge);
      }
      if (!to_dispose.empty()) {
        lock.unlock();
        for (auto& b : to_dispose) {
          try {
            b->dispose();
          } catch (const css::uno::Exception&) {
            // Disposed already, by the broken connection.
          }
        }
        to_dispose.clear();
        lock.lock();
        cv_.notify_all();
        continue;
      }
      cv_.wait_until(lock, next);
    }
  }

  // convert/ cannot use publisher's logger (dependencies point the other way), so the pool
  // writes the same one-line records itself: "2026-01-12T08:30:00Z WARNING office: ...",
  // under the same VANBAN_LOG threshold (info by default).
  void Log(const std::string& line, bool warning = true) const {
    if (!warning && quiet_info_) return;
    if (quiet_warnings_) return;
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::fprintf(stderr, "%s %s office: %s\n", stamp, warning ? "WARNING" : "INFO", line.c_str());
  }

  OfficePoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Slot> slots_;
  bool wanted_ = false;
  bool stopping_ = false;
  bool watchdog_stop_ = false;
  std::once_flag shutdown_once_;
  bool quiet_info_ = false;
  bool quiet_warnings_ = false;
  int start_failures_ = 0;
  std::string last_start_error_;
  std::string version_;
  OfficePoolStats stats_;
  fs::path temp_root_;
  struct Garbage {
    Reference<css::lang::XComponent> bridge;
    Reference<css::uno::XComponentContext> context;
    Reference<css::frame::XDesktop2> desktop;
  };
  std::vector<Garbage> garbage_;
  std::thread supervisor_;
  std::thread watchdog_;
};

namespace {

void ShutdownLivePoolsAtExit() {
  std::lock_guard lock(LivePoolsMutex());
  for (OfficePool::Impl* pool : LivePools()) pool->Shutdown();
}

}  // namespace

// --- OfficePool ---------------------------------------------------------------------------

OfficePool::OfficePool(OfficePoolOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

OfficePool::~OfficePool() { impl_->Shutdown(); }

void OfficePool::Start() { impl_->Start(); }
void OfficePool::Shutdown() { impl_->Shutdown(); }
std::vector<OfficeProcessInfo> OfficePool::Processes() const { return impl_->Processes(); }
OfficePoolStats OfficePool::Stats() const { return impl_->Stats(); }
const OfficePoolOptions& OfficePool::options() const { return impl_->options(); }
std::string OfficePool::Version() const { return impl_->Version(); }

Status OfficePool::Convert(const fs::path& in, const fs::path& out, const std::string& filter_name,
                           const std::string& password) {
  auto lease = AcquireOffice(*this);
  if (!lease.ok()) return lease.status();
  auto doc = LoadDocument(**lease, in, LoadOptions{});
  if (!doc.ok()) return doc.status();
  return StoreDocument(**lease, **doc, out, filter_name, {}, password);
}

// --- OfficeLease ----------------------------------------------------------------------------

namespace office {

OfficeLease::OfficeLease(OfficePool::Impl& pool, int slot, int generation, pid_t pid,
                         const Reference<css::uno::XComponentContext>& context,
                         const Reference<css::frame::XDesktop2>& desktop, std::string version)
    : pool_(pool),
      slot_(slot),
      generation_(generation),
      pid_(pid),
      context_(context),
      desktop_(desktop),
      version_(std::move(version)) {}

OfficeLease::~OfficeLease() {
  // Our references go before the slot is handed on: releasing them is a call on the bridge.
  context_.clear();
  desktop_.clear();
  pool_.Release(slot_, generation_, discard_);
}

bool OfficeLease::ConnectionAlive() {
  try {
    // Any round trip will do; it blocks on a hung office until the watchdog kills it.
    return context_->getServiceManager().is();
  } catch (const css::uno::Exception&) {
    return false;
  }
}

Status OfficeLease::ClassifyCaught(ErrorCode fallback, const std::string& what) {
  const css::uno::Any caught = cppu::getCaughtException();
  if (pool_.KilledByWatchdog(slot_, generation_)) {
    discard_ = true;
    return Status(ErrorCode::kTimeout,
                  "LibreOffice did not finish within " +
                      std::to_string(pool_.options().conversion_timeout.count() / 1000) +
                      " s; its process was killed and is being replaced");
  }
  bool disposed = caught.isExtractableTo(cppu::UnoType<css::lang::DisposedException>::get());
  if (disposed || !ConnectionAlive()) {
    discard_ = true;
    if (pool_.KilledByWatchdog(slot_, generation_)) {
      return Status(ErrorCode::kTimeout,
                    "LibreOffice did not finish within " +
                        std::to_string(pool_.options().conversion_timeout.count() / 1000) +
                        " s; its process was killed and is being replaced");
    }
    return Status(ErrorCode::kTransient,
                  "the LibreOffice process (pid " + std::to_string(pid_) +
                      ") died or its connection broke during the conversion (" + Describe(caught) +
                      "); it is being replaced");
  }
  return Status(fallback, what + ": " + Describe(caught));
}

Result<std::unique_ptr<OfficeLease>> AcquireOffice(OfficePool& pool) {
  return pool.impl().Acquire();
}

}  // namespace office
}  // namespace vanban
