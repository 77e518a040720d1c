// Time source. Everything that stores or compares times (leases, retries, audit) reads the
// clock through this interface so tests can drive time without sleeping.
#pragma once

#include <cstdint>
#include <string>

namespace vanban {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMillis() const = 0;

  // The process-wide real clock.
  static const Clock& System();
};

// "2026-01-12T08:30:00Z" for a Unix time in milliseconds.
std::string FormatIsoUtc(int64_t millis);

}  // namespace vanban
