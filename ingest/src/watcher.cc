#include "vanban/ingest/watcher.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "vanban/repository/clock.h"

namespace vanban {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 4;  // inbox/<unit>/a/b/file

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Names that writers use while a file is not finished (and hidden files).
bool InProgressName(const std::string& name) {
  return name.empty() || name[0] == '.' || EndsWith(name, ".part") || EndsWith(name, ".tmp") ||
         EndsWith(name, ".crdownload") || EndsWith(name, "~");
}

int64_t MtimeMillis(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

// True if a process we can inspect holds `path` open for writing (/proc/<pid>/fd and fdinfo).
// Processes of other users are invisible without privileges; stability covers those.
bool OpenForWriting(const std::string& path) {
  std::error_code ec;
  for (const auto& proc : fs::directory_iterator("/proc", ec)) {
    const std::string pid = proc.path().filename().string();
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code ec2;
    for (const auto& fd : fs::directory_iterator(proc.path() / "fd", ec2)) {
      std::error_code ec3;
      if (fs::read_symlink(fd.path(), ec3).string() != path) continue;
      std::FILE* f = std::fopen((proc.path() / "fdinfo" / fd.path().filename()).c_str(), "r");
      if (f == nullptr) continue;
      char line[128];
      unsigned flags = 0;
      while (std::fgets(line, sizeof line, f) != nullptr) {
        if (std::sscanf(line, "flags: %o", &flags) == 1) break;
      }
      std::fclose(f);
      if ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR) return true;
    }
  }
  return false;
}

}  // namespace

class Watcher::Impl {
 public:
  Impl(fs::path root, WatcherOptions options, Callback cb)
      : root_(std::move(root)), options_(options), callback_(std::move(cb)) {}

  ~Impl() { Stop(); }

  Status Start() {
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec) return Status(ErrorCode::kIoError, "create " + root_.string() + ": " + ec.message());
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0)
      return Status(ErrorCode::kIoError, std::string("eventfd: ") + std::strerror(errno));
    if (options_.use_inotify) {
      inotify_fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
      // Without inotify (limits, some network file systems) the periodic rescan still finds
      // every file, only later.
      if (inotify_fd_ >= 0) AddWatch(root_, 0);
    }
    // Watches exist before Start returns, so any file created afterwards is seen by inotify.
    Rescan();
    thread_ = std::thread([this] { Run(); });
    return Status::Ok();
  }

  void Stop() {
    if (!thread_.joinable()) return;
    stop_ = true;
    uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
    thread_.join();
    if (inotify_fd_ >= 0) ::close(inotify_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    inotify_fd_ = wake_fd_ = -1;
  }

 private:
  struct Candidate {
    int64_t size = -1;
    int64_t mtime = -1;
    int64_t last_change = 0;  // our clock, when size/mtime/events last changed
    bool writing = false;     // inotify saw it opened/modified and not yet closed
    bool closed = false;      // inotify saw it closed after writing, or moved in
  };

  void AddWatch(const fs::path& dir, int depth) {
    if (inotify_fd_ < 0 || depth > kMaxDepth) return;
    uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_DELETE |
                    IN_MOVED_FROM | IN_DELETE_SELF | IN_ONLYDIR;
    int wd = ::inotify_add_watch(inotify_fd_, dir.c_str(), mask);
    if (wd >= 0) {
      watches_[wd] = {dir, depth};
    }
  }

  // The unit of a path under the root: its first directory, "default" for files at the root.
  std::string UnitOf(const fs::path& p) const {
    fs::path rel = p.lexically_relative(root_);
    auto it = rel.begin();
    if (it == rel.end()) return "default";
    auto next = std::next(it);
    if (next == rel.end()) return "default";
    return it->string();
  }

  void Touch(const fs::path& p, bool writing, bool closed) {
    int64_t now = Clock::System().NowMillis();
    auto& c = candidates_[p.string()];
    c.last_change = now;
    if (writing) {
      c.writing = true;
      c.closed = false;
    }
    if (closed) {
      c.writing = false;
      c.closed = true;
    }
  }

  void Rescan() {
    std::error_code ec;
    if (!fs::exists(root_, ec)) fs::create_directories(root_, ec);
    for (auto it = fs::recursive_directory_iterator(
             root_, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      if (it->is_directory(ec)) {
        if (InProgressName(name) || it.depth() >= kMaxDepth) {
          it.disable_recursion_pending();
          continue;
        }
        bool watched = false;
        for (const auto& [wd, w] : watches_) {
          if (w.first == p) watched = true;
        }
        if (!watched) AddWatch(p, it.depth() + 1);
        continue;
      }
      if (!it->is_regular_file(ec) || InProgressName(name)) continue;
      if (candidates_.find(p.string()) == candidates_.end()) {
        Candidate c;
        c.last_change = Clock::System().NowMillis();
        candidates_[p.string()] = c;
      }
    }
  }

  void ReadEvents() {
    alignas(struct inotify_event) char buf[16384];
    for (;;) {
      ssize_t n = ::read(inotify_fd_, buf, sizeof buf);
      if (n <= 0) return;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<struct inotify_event*>(p);
        p += sizeof(struct inotify_event) + ev->len;
        if (ev->mask & IN_Q_OVERFLOW) {
          rescan_due_ = true;
          continue;
        }
        auto w = watches_.find(ev->wd);
        if (w == watches_.end()) continue;
        if (ev->mask & (IN_DELETE_SELF | IN_IGNORED)) {
          watches_.erase(w);
          continue;
        }
        if (ev->len == 0) continue;
        std::string name = ev->name;
        fs::path path = w->second.first / name;
        if (ev->mask & IN_ISDIR) {
          if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) && !InProgressName(name)) {
            AddWatch(path, w->second.second + 1);
            rescan_due_ = true;  // files may have landed before the watch existed
          }
          continue;
        }
        if (InProgressName(name)) continue;
        if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
          candidates_.erase(path.string());
        } else if (ev->mask & IN_CLOSE_WRITE) {
          Touch(path, false, true);
        } else if (ev->mask & IN_MOVED_TO) {
          Touch(path, false, true);
        } else if (ev->mask & (IN_CREATE | IN_MODIFY)) {
          Touch(path, true, false);
        }
      }
    }
  }

  // Hands over the candidates that are complete; forgets the ones that vanished.
  void CheckCandidates() {
    int64_t now = Clock::System().NowMillis();
    int64_t stable = options_.stable_for.count();
    std::vector<std::string> ready;
    for (auto it = candidates_.begin(); it != candidates_.end();) {
      struct stat st {};
      if (::lstat(it->first.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        it = candidates_.erase(it);
        continue;
      }
      Candidate& c = it->second;
      int64_t mtime = MtimeMillis(st);
      if (st.st_size != c.size || mtime != c.mtime) {
        c.size = st.st_size;
        c.mtime = mtime;
        c.last_change = now;
      }
      // A writer that inotify saw open the file and not close it is given up to ten minutes of
      // silence before the file is considered abandoned and taken as it is.
      int64_t quiet_needed = c.writing ? std::max<int64_t>(stable, 600000) : stable;
      if (now - c.last_change >= quiet_needed && now - mtime >= stable) {
        // Found by a scan only (it was there before the watch): make sure no process still
        // has it open for writing.
        if (!c.closed && !c.writing && OpenForWriting(it->first)) {
          c.last_change = now;
          ++it;
          continue;
        }
        ready.push_back(it->first);
        it = candidates_.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& p : ready) {
      if (stop_) return;
      fs::path path(p);
      callback_(path, UnitOf(path));
    }
  }

  void Run() {
    int64_t last_scan = Clock::System().NowMillis();
    while (!stop_) {
      struct pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
      int nfds = inotify_fd_ >= 0 ? 2 : 1;
      int r = ::poll(fds, nfds, static_cast<int>(options_.poll.count()));
      if (stop_) break;
      if (r > 0 && nfds == 2 && (fds[1].revents & POLLIN)) ReadEvents();
      int64_t now = Clock::System().NowMillis();
      if (rescan_due_ || now - last_scan >= options_.rescan_every.count()) {
        rescan_due_ = false;
        last_scan = now;
        Rescan();
      }
      CheckCandidates();
    }
  }

  fs::path root_;
  WatcherOptions options_;
  Callback callback_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  int inotify_fd_ = -1;
  int wake_fd_ = -1;
  bool rescan_due_ = false;
  std::unordered_map<int, std::pair<fs::path, int>> watches_;  // wd -> (dir, depth)
  std::map<std::string, Candidate> candidates_;
};

Watcher::Watcher(fs::path inbox_root, WatcherOptions options, Callback callback)
    : impl_(std::make_unique<Impl>(std::move(inbox_root), options, std::move(callback))) {}
Watcher::~Watcher() = default;
Status Watcher::Start() { return impl_->Start(); }
void Watcher::Stop() { impl_->Stop(); }

}  // namespace vanban
