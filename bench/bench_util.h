// Helpers shared by the benchmark drivers: machine description and timing.
#pragma once

#include <chrono>
#include <string>

namespace vanban::bench {

// "x86_64, 2 cores, <CPU model>, <kernel>" for the header of every report.
std::string MachineInfo();

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace vanban::bench
