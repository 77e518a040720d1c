// The job runner: worker threads that take extract jobs (sniff, text, metadata, store) and a
// single indexer that applies index jobs to the search index in batches.
//
// Each step records its result in one repository transaction. A worker renews its lease
// while it works; if it dies, the job is claimed again after the lease. A step that fails for
// a reason retrying cannot fix sends the input to data/quarantine/ with a .reason.json;
// transient failures retry with backoff, up to `max_attempts`.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vanban/convert/extractor.h"
#include "vanban/index/search_index.h"
#include "vanban/publisher/exchange.h"
#include "vanban/repository/repository.h"

namespace vanban {

struct PipelineOptions {
  int workers = 2;
  std::chrono::milliseconds lease{30000};
  std::chrono::milliseconds poll{200};
  int max_attempts = 3;  // failed attempts before a transient failure becomes final
  // Started attempts before a job is given up: a job that never finishes because the process
  // dies during it (a file that crashes a library, or repeated kills) ends in quarantine.
  int max_starts = 8;
  std::chrono::milliseconds retry_backoff{2000};  // doubled after each failed attempt
  int index_batch = 200;
  ExtractOptions extract;
  // PDF/A renditions of PDFs are made in `render` jobs after the document is stored. With a
  // command (argv prefix; IN and OUT are appended — `vanban pdfa`), each conversion runs in a
  // child process killed after `pdfa_timeout`; without one, in this process.
  std::vector<std::string> pdfa_command;
  std::chrono::milliseconds pdfa_timeout{600000};
  // edXML packages of the interprovincial exchange: which inputs are packages, routing, the
  // outbox for status replies (exchange.h).
  ExchangeOptions exchange;
};

// What happened to one extract job, for `vanban ingest` and the logs.
struct JobReport {
  int64_t job_id = 0;
  int64_t doc_id = 0;
  // "published" | "in_review" | "withdrawn" | "duplicate" | "quarantined" | "pending", and for
  // exchange packages that make no document: "rejected" (not for the Portal, answered 02),
  // "waiting" (for the document it acts on), "status_message".
  std::string status;
  Status reason;  // quarantine reason (kOk otherwise)
  // Why it waits in review; for a rejected or waiting package, why it was rejected or what it
  // waits for.
  std::string review_reason;
  std::string quarantine_path;
};

class Pipeline {
 public:
  // `index` may be null: index jobs then stay queued for the process that holds the writer.
  Pipeline(Repository& repo, const ExtractorRegistry& extractors, SearchIndex* index,
           PipelineOptions options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Starts the worker threads and the indexer.
  void Start();
  // Stops taking jobs and joins the threads; a job in progress finishes first.
  void Stop();

  // Runs one claimed extract job to its end (used by the workers and by `vanban ingest`).
  JobReport RunExtract(const Job& job);
  // Claims and runs every due extract job, then every index job, in this thread. Returns
  // the number of jobs run.
  int Drain();
  // Runs one claimed render job (a deferred PDF/A rendition) to its end.
  void RunRender(const Job& job);
  // Applies one batch of due index jobs; returns how many were applied.
  Result<int> IndexBatch();
  // Report of a finished or pending job.
  JobReport Report(int64_t job_id) const;
  // Writes the status replies owed to exchange senders into the outbox (exchange.h); the
  // workers do it after each package and when idle. Returns how many were written.
  Result<int> FlushStatusReplies();

  // Owner name written on leases: host:pid:thread.
  const std::string& owner() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// {"tool","media_type","pages","page_quality":[...],"notes":[...]}: how a text was obtained,
// as stored with each version and printed by `vanban extract`.
nlohmann::json ExtractionToJson(const ExtractedText& t);

// Rebuilds the whole index from the repository (`vanban reindex`).
Status Reindex(Repository& repo, SearchIndex& index);

}  // namespace vanban
