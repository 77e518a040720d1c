#include "support/lgsp_simulator.h"

#include <signal.h>

#include <chrono>
#include <regex>
#include <thread>

#include "support/http_client.h"
#include "support/temp_dir.h"

namespace vanban::testing {
namespace fs = std::filesystem;
using json = nlohmann::json;

fs::path LgspSimulatorBinary() { return BinaryDir() / "tools" / "lgsp_simulator"; }

LgspSimulator::LgspSimulator(LgspSimulatorOptions options, fs::path log)
    : options_(std::move(options)), log_(std::move(log)) {}

LgspSimulator::~LgspSimulator() { Stop(); }

Status LgspSimulator::Start() {
  if (child_) return Status(ErrorCode::kInvalidArgument, "already started");
  std::vector<std::string> argv = {LgspSimulatorBinary().string(),
                                   "--packages",
                                   options_.packages.string(),
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--organ-id",
                                   options_.organ_id,
                                   "--secret",
                                   options_.secret,
                                   "--consumer-key",
                                   options_.consumer_key,
                                   "--consumer-secret",
                                   options_.consumer_secret,
                                   "--delay-ms",
                                   std::to_string(options_.delay_ms),
                                   "--token-ttl",
                                   std::to_string(options_.token_ttl),
                                   "--seed",
                                   std::to_string(options_.seed)};
  if (!options_.record.empty()) {
    argv.push_back("--record");
    argv.push_back(options_.record.string());
  }
  if (options_.chaos > 0) {
    argv.push_back("--chaos");
    argv.push_back(std::to_string(options_.chaos));
  }
  for (const std::string& f : options_.faults) {
    argv.push_back("--fault");
    argv.push_back(f);
  }
  // The log may hold an earlier run's lines: only what this run appends counts.
  std::error_code ec;
  uintmax_t offset = fs::exists(log_) ? fs::file_size(log_, ec) : 0;
  child_ = std::make_unique<ChildProcess>(argv, log_);
  static const std::regex kListening("lgsp_simulator listening on 127\\.0\\.0\\.1:([0-9]+)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text = ReadFile(log_);
    text = text.size() > offset ? text.substr(offset) : std::string();
    std::smatch m;
    if (std::regex_search(text, m, kListening)) {
      port_ = std::stoi(m[1]);
      return Status::Ok();
    }
    if (!child_->Running()) {
      return Status(ErrorCode::kInternal, "lgsp_simulator exited: " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status(ErrorCode::kTimeout, "lgsp_simulator did not start");
}

void LgspSimulator::Stop() {
  if (!child_) return;
  child_->Kill(SIGTERM);
  if (!child_->Wait(std::chrono::seconds(3))) child_->Kill(SIGKILL);
  child_.reset();
  port_ = 0;
}

Result<json> LgspSimulator::GetJson(const std::string& target) const {
  HttpClient client("127.0.0.1", port_, std::chrono::seconds(10));
  Result<HttpResponse> r = client.Get(target);
  if (!r.ok()) return r.status();
  if (r->status != 200) {
    return Status(ErrorCode::kInternal, target + ": HTTP " + std::to_string(r->status));
  }
  json j = json::parse(r->body, nullptr, false);
  if (j.is_discarded()) return Status(ErrorCode::kCorrupt, target + ": not JSON");
  return j;
}

Result<json> LgspSimulator::Statuses() const { return GetJson("/_sim/statuses"); }
Result<json> LgspSimulator::Packages() const { return GetJson("/_sim/packages"); }
Result<json> LgspSimulator::Stats() const { return GetJson("/_sim/stats"); }

Status LgspSimulator::AddFaults(const std::vector<std::string>& faults,
                                std::optional<double> chaos) const {
  json body = {{"faults", faults}};
  if (chaos) body["chaos"] = *chaos;
  HttpRequest req;
  req.method = "POST";
  req.target = "/_sim/faults";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = body.dump();
  Result<HttpResponse> r = HttpClient("127.0.0.1", port_).Send(req);
  if (!r.ok()) return r.status();
  if (r->status != 200) return Status(ErrorCode::kInvalidArgument, r->body);
  return Status::Ok();
}

Status LgspSimulator::ClearFaults() const {
  HttpRequest req;
  req.method = "DELETE";
  req.target = "/_sim/faults";
  Result<HttpResponse> r = HttpClient("127.0.0.1", port_).Send(req);
  if (!r.ok()) return r.status();
  if (r->status != 200) return Status(ErrorCode::kInternal, r->body);
  return Status::Ok();
}

}  // namespace vanban::testing
