// The LGSP gateway simulator (tools/lgsp_simulator.cc) as a child process of a test: started on
// a free loopback port, asked over its control endpoints what it received, stopped at the end.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.h"
#include "vanban/repository/status.h"

namespace vanban::testing {

// Path of the built simulator.
std::filesystem::path LgspSimulatorBinary();

struct LgspSimulatorOptions {
  std::filesystem::path packages;   // served packages: <id>.edxml
  std::filesystem::path record;     // statuses received, JSONL; empty: not written
  std::vector<std::string> faults;  // "op:kind[:count[:id]]" (docs/lgsp.md)
  double chaos = 0;
  uint64_t seed = 1;
  int delay_ms = 1500;  // how long a "timeout" fault holds a request
  int token_ttl = 3600;
  std::string organ_id = "000.00.12.H53";
  std::string secret = "unit-secret";
  std::string consumer_key = "portal-key";
  std::string consumer_secret = "portal-secret";
};

class LgspSimulator {
 public:
  // `log`: the simulator's stdout and stderr.
  LgspSimulator(LgspSimulatorOptions options, std::filesystem::path log);
  ~LgspSimulator();  // Stop()
  LgspSimulator(const LgspSimulator&) = delete;
  LgspSimulator& operator=(const LgspSimulator&) = delete;

  // Starts the process and waits (up to 10 s) until it prints its port.
  Status Start();
  void Stop();  // SIGTERM, then SIGKILL after 3 s

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const LgspSimulatorOptions& options() const { return options_; }

  // GET /_sim/statuses: every status message received, duplicates flagged.
  Result<nlohmann::json> Statuses() const;
  // GET /_sim/packages: each package's sequence, gateway status, fetch and ack counts.
  Result<nlohmann::json> Packages() const;
  // GET /_sim/stats.
  Result<nlohmann::json> Stats() const;
  // POST /_sim/faults: more fault rules, and the chaos probability when given.
  Status AddFaults(const std::vector<std::string>& faults,
                   std::optional<double> chaos = std::nullopt) const;
  // DELETE /_sim/faults: no more faults, no chaos.
  Status ClearFaults() const;

 private:
  Result<nlohmann::json> GetJson(const std::string& target) const;

  LgspSimulatorOptions options_;
  std::filesystem::path log_;
  std::unique_ptr<ChildProcess> child_;
  int port_ = 0;
};

}  // namespace vanban::testing
