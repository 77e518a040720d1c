// One-line structured log records on stderr: "2026-01-12T08:30:00Z INFO pipeline: message".
// Thread-safe. The level threshold comes from VANBAN_LOG (debug|info|warning|error).
#pragma once

#include <string_view>

namespace vanban {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

void Log(LogLevel level, std::string_view component, std::string_view message);

}  // namespace vanban
