#include "bench_util.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

namespace vanban::bench {

std::string MachineInfo() {
  std::string model = "unknown CPU";
  std::ifstream cpu("/proc/cpuinfo");
  for (std::string line; std::getline(cpu, line);) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  struct utsname u {};
  uname(&u);
  return std::string(u.machine) + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) +
         " cores, " + model + ", Linux " + u.release;
}

}  // namespace vanban::bench
