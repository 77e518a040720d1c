// The PULL channel of the interprovincial exchange: a connector that polls the province's
// exchange gateway (LGSP "trục liên thông", REST) for received edXML packages, hands each new
// one to a sink that stores it durably, and sends the status messages the pipeline leaves in
// data/outbox/ back to the gateway. REST shape, state files, retry policy: docs/lgsp.md.
//
// Guarantees:
// - A package is handed to the sink once: packages are remembered by gateway id and by the
//   SHA-256 of their bytes in a journal (data/lgsp/packages.jsonl, fsynced per entry) before
//   the gateway is told they were received. The one exception is a crash between the sink's
//   return and the journal write: the package is handed again after the restart with the
//   same id, so a sink must be idempotent per package id (write to a name derived from it).
// - A status file is removed from the outbox only after the gateway acknowledged it; it is
//   sent again after a timeout, a 5xx or a restart (at least once), under an idempotency key
//   that makes the repeat harmless at the gateway: the answered package's edXML identity
//   (ResponseFor/DocumentId) + the status code, read from the file itself, so that every
//   attempt carries the same key whichever channel the package came through.
// - Truncated transfers (HTTP body shorter than declared, JSON, base64 or edXML cut) are
//   fetched again with backoff; they never reach the sink.
//
// Thread-safety: Start, Stop, PollOnce and stats may be called from any thread. PollOnce
// rounds never overlap (a second caller waits). Stop interrupts backoff waits and transfers.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "vanban/ingest/edxml.h"
#include "vanban/repository/status.h"

namespace vanban {

// Exponential backoff with jitter: attempt n (from 0) waits
// min(max, initial * multiplier^n) scaled by a random factor in [1 - jitter, 1].
struct LgspRetryPolicy {
  std::chrono::milliseconds initial{500};
  std::chrono::milliseconds max{60000};
  double multiplier = 2.0;
  double jitter = 0.5;
  int max_attempts = 5;  // per request within one poll round
};

struct LgspConfig {
  // Gateway root, e.g. "https://lgsp.thainguyen.gov.vn:8243"; the API lives under api_path.
  std::string base_url;
  std::string api_path = "/truclienthong/v1.0.0";
  // OAuth2 client credentials (WSO2 API manager): POST token_path with Basic key:secret;
  // the access token goes into "Authorization: Bearer". Empty key: no token is requested.
  std::string token_path = "/token";
  std::string consumer_key;
  std::string consumer_secret;
  std::string unit_secret;  // the unit's identifier at the gateway ("secret" header)
  std::string organ_id;     // the Portal's OrganId, sent as "from" with status messages

  std::filesystem::path data_dir;    // state in data_dir/lgsp/
  std::filesystem::path outbox_dir;  // empty: data_dir/outbox

  std::chrono::milliseconds poll_interval{60000};
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{120000};  // whole request, download included
  LgspRetryPolicy retry;
  // A package that could not be fetched in a round is tried again in later rounds, waiting
  // retry.initial * multiplier^(rounds failed) capped at this.
  std::chrono::milliseconds park_max{std::chrono::minutes(30)};
  int list_limit = 100;  // packages per list page
  // The same corrupt bytes this many times in a row are what the sender sent, not a
  // truncation: they are handed to the sink (the pipeline quarantines them with the reason).
  int corrupt_confirmations = 3;

  bool verify_tls = true;             // https: peer and host name verified
  std::filesystem::path ca_file;      // extra CA bundle (PEM); empty: the system's
  std::string proxy;                  // empty: no proxy, whatever the environment says
  EdxmlLimits limits;                 // for the completeness check of fetched packages
  int64_t max_list_bytes = 16 << 20;  // a list response larger than this is refused
};

// Stores one fetched package durably (e.g. copies it into data/inbox/lienthong/) before it
// returns Ok. `package_file` is the connector's staging copy, removed after the call; the
// sink copies or hard-links it, it does not keep the path. A non-ok Status leaves the
// package to be handed again in a later round. Called from the polling thread.
using LgspPackageSink =
    std::function<Status(const std::filesystem::path& package_file, const std::string& package_id)>;

enum class LgspLogLevel { kInfo, kWarning, kError };
std::string_view LgspLogLevelName(LgspLogLevel level);  // "info", "warning", "error"
// Progress and errors, one line each; called from the polling thread (or a PollOnce caller).
using LgspLogHook = std::function<void(LgspLogLevel level, std::string_view message)>;

// Counters since Open (not persisted).
struct LgspStats {
  int64_t rounds = 0;
  int64_t rounds_failed = 0;
  int64_t packages_stored = 0;        // handed to the sink, Ok
  int64_t duplicates_by_id = 0;       // listed again, already handled
  int64_t duplicates_by_content = 0;  // new id, bytes already handled
  int64_t refetches = 0;              // truncated or failed fetches repeated
  int64_t statuses_sent = 0;          // acknowledged by the gateway, removed from the outbox
  int64_t statuses_refused = 0;       // moved to outbox/failed/
  int64_t http_retries = 0;
};

// What one PollOnce round did.
struct LgspRoundResult {
  int packages_stored = 0;
  int duplicates = 0;
  int packages_parked = 0;  // to be tried again in a later round
  int statuses_sent = 0;
  int statuses_pending = 0;  // left in the outbox for a later round
};

class LgspConnector {
 public:
  // Opens (creating if missing) the state under data_dir/lgsp/ and the outbox, replays the
  // journal and clears the staging area. kInvalidArgument for a config without base_url or
  // data_dir or a sink; kIoError / kCorrupt when the state cannot be read.
  static Result<std::unique_ptr<LgspConnector>> Open(LgspConfig config, LgspPackageSink sink,
                                                     LgspLogHook log = {});
  ~LgspConnector();  // Stop()s
  LgspConnector(const LgspConnector&) = delete;
  LgspConnector& operator=(const LgspConnector&) = delete;

  // Starts the polling thread: a round at once, then one every poll_interval. kInvalidArgument
  // if already running.
  Status Start();
  // Stops the thread and waits for it; an ongoing transfer is aborted. Idempotent.
  void Stop();
  bool running() const;

  // One round, in the caller's thread: send the outbox, retry parked packages, list new
  // packages from the cursor, fetch and hand over each, acknowledge them, advance the cursor.
  // Errors: kTimeout / kTransient / kIoError when the gateway cannot be listed after the
  // retries (what the round did before is kept); kInternal when local state cannot be
  // written; kBusy when Stop interrupted the round.
  Result<LgspRoundResult> PollOnce();

  LgspStats stats() const;

  class Impl;

 private:
  explicit LgspConnector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vanban
