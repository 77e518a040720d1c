// Watches data/inbox/*/ for dropped files (inotify, plus a full rescan at start-up and every
// minute for files that arrived while stopped or on file systems without inotify).
//
// A file is handed over only when complete: it was closed after writing or moved in (or, seen
// only by a rescan, not open for writing by anyone that inotify saw), and its size and mtime
// stayed the same for `stable_for`. Names starting with '.' or ending in ".part", ".tmp",
// ".crdownload" or "~" are in-progress by convention and skipped.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "vanban/repository/status.h"

namespace vanban {

struct WatcherOptions {
  std::chrono::milliseconds stable_for{1000};
  std::chrono::milliseconds rescan_every{60000};
  std::chrono::milliseconds poll{200};
  bool use_inotify = true;
};

class Watcher {
 public:
  // Called from the watcher thread for each complete file, with its unit (the inbox folder
  // name). The callback takes the file (or leaves it for the next rescan on failure).
  using Callback = std::function<void(const std::filesystem::path& file, const std::string& unit)>;

  Watcher(std::filesystem::path inbox_root, WatcherOptions options, Callback callback);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  Status Start();
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vanban
