#include "vanban/publisher/log.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "vanban/repository/clock.h"

namespace vanban {
namespace {

LogLevel Threshold() {
  static const LogLevel level = [] {
    const char* v = std::getenv("VANBAN_LOG");
    if (v == nullptr) return LogLevel::kInfo;
    if (std::strcmp(v, "debug") == 0) return LogLevel::kDebug;
    if (std::strcmp(v, "warning") == 0) return LogLevel::kWarning;
    if (std::strcmp(v, "error") == 0) return LogLevel::kError;
    return LogLevel::kInfo;
  }();
  return level;
}

const char* Name(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

}  // namespace

void Log(LogLevel level, std::string_view component, std::string_view message) {
  if (level < Threshold()) return;
  static std::mutex mu;
  std::string line = FormatIsoUtc(Clock::System().NowMillis()) + " " + Name(level) + " " +
                     std::string(component) + ": " + std::string(message) + "\n";
  std::lock_guard lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace vanban
