// The `vanban` command: the composition root that wires the repository, the pipeline, the
// index and the web server together. Usage: `vanban help`.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "vanban/convert/extractor.h"
#include "vanban/convert/pdfa.h"
#include "vanban/convert/text.h"
#include "vanban/index/search_index.h"
#include "vanban/ingest/intake.h"
#include "vanban/ingest/lgsp_connector.h"
#include "vanban/ingest/metadata_extractor.h"
#include "vanban/ingest/watcher.h"
#include "vanban/publisher/catalog.h"
#include "vanban/publisher/exchange.h"
#include "vanban/publisher/log.h"
#include "vanban/publisher/pipeline.h"
#include "vanban/repository/document_json.h"
#include "vanban/repository/repository.h"
#include "vanban/web/web_server.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // the command ran; something it handled failed
constexpr int kExitUsage = 2;

constexpr const char* kUsage = R"(vanban — document publishing pipeline and legal-text repository

Usage:
  vanban serve   --data DIR [--listen 127.0.0.1:8080] [--auto-publish] [--workers N]
                 [--lease-seconds S] [--stable-ms MS] [--rescan-seconds S] [--threads N]
                 [--office-processes N] [--office-timeout S] [--search-cache-mb MB]
  vanban ingest  --data DIR [--publish] [--unit NAME] [--office-timeout S] FILE...
  vanban extract FILE
  vanban search  --data DIR [--page N] [--sort relevance|issue_date|-issue_date|...]
                 [--type T] [--authority A] [--field F] [--year Y] [--unit U] [QUERY...]
  vanban show    --data DIR ID
  vanban review  --data DIR
  vanban approve --data DIR ID --by NAME
  vanban correct --data DIR ID --by NAME FIELD=VALUE...   (an editor's correction: new version)
  vanban withdraw --data DIR ID --by NAME [--reason TEXT]
  vanban reindex --data DIR
  vanban pdfa    IN.pdf OUT.pdf        (internal: one PDF/A conversion, run by the pipeline)

Files dropped into DIR/inbox/<unit>/ are taken by `serve`; inputs that cannot be processed
go to DIR/quarantine/ with a .reason.json beside them. Output of the data commands is JSON.
edXML packages of the document exchange go into DIR/inbox/lienthong/ (or any *.edxml file);
their status replies are written to DIR/outbox/. DIR/exchange.json, when present, names the
Portal's OrganIds and the LGSP gateway that `serve` polls (docs/edxml.md).
)";

// Minimal option parser: --name value, --flag, and positional arguments.
struct Args {
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;
  std::string error;

  bool Has(const std::string& k) const { return options.count(k) != 0; }
  std::string Get(const std::string& k, const std::string& def = {}) const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
  std::optional<int64_t> Int(const std::string& k) const {
    if (!Has(k)) return std::nullopt;
    try {
      size_t pos = 0;
      int64_t v = std::stoll(Get(k), &pos);
      if (pos != Get(k).size()) return std::nullopt;
      return v;
    } catch (...) {
      return std::nullopt;
    }
  }
};

Args Parse(int argc, char** argv, int first, const std::vector<std::string>& flags,
           const std::vector<std::string>& valued) {
  Args a;
  auto is = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--") {
      for (++i; i < argc; ++i) a.positional.emplace_back(argv[i]);
      break;
    }
    if (s.rfind("--", 0) == 0) {
      std::string name = s.substr(2);
      std::string value;
      bool inline_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inline_value = true;
      }
      if (is(flags, name)) {
        a.options[name] = "1";
      } else if (is(valued, name)) {
        if (!inline_value) {
          if (i + 1 >= argc) {
            a.error = "option --" + name + " needs a value";
            return a;
          }
          value = argv[++i];
        }
        a.options[name] = value;
      } else {
        a.error = "unknown option --" + name;
        return a;
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

int Usage(const std::string& error) {
  if (!error.empty()) std::cerr << "vanban: " << error << "\n\n";
  std::cerr << kUsage;
  return kExitUsage;
}

void PrintJson(const json& j) { std::cout << DumpJson(j) << std::endl; }

int Fail(const Status& s) {
  std::cerr << "vanban: " << s.ToString() << "\n";
  return kExitFailed;
}

Result<std::unique_ptr<Repository>> OpenRepo(const Args& a) {
  if (!a.Has("data")) return Status(ErrorCode::kInvalidArgument, "--data DIR is required");
  return Repository::Open(a.Get("data"));
}

fs::path IndexDir(const Repository& repo) { return repo.data_dir() / "index"; }

// Converter settings: LibreOffice profiles live in DIR/run; a server starts its office
// processes in the background at once, a command at its first office document.
ConvertConfig OfficeConfig(const Args& a, const Repository& repo, bool server) {
  ConvertConfig c;
  c.runtime_dir = repo.data_dir() / "run";
  c.office_start_now = server;
  if (auto n = a.Int("office-processes"))
    c.office_processes = static_cast<int>(std::clamp<int64_t>(*n, 1, 16));
  if (auto t = a.Int("office-timeout"))
    c.office_timeout = std::chrono::seconds(std::max<int64_t>(1, *t));
  return c;
}

// Opens the index writer, or null when another process (a running server) holds it: index
// jobs then wait in the queue for that process.
std::unique_ptr<SearchIndex> TryOpenWriter(const Repository& repo, bool* rebuild) {
  auto w = SearchIndex::OpenWriter(IndexDir(repo), rebuild);
  if (w.ok()) return std::move(w).value();
  if (w.status().code() != ErrorCode::kBusy) {
    Log(LogLevel::kWarning, "index", w.status().ToString());
  }
  return nullptr;
}

// Brings the index in step with the repository at start-up: when it was (re)created, or when
// it holds a different number of documents than are published while no index work is queued
// (a process died between recreating it and queueing the refill), every published document is
// queued for indexing. The queue is durable, so an interrupted refill resumes.
Status ReconcileIndex(Repository& repo, SearchIndex& index, bool recreated) {
  if (!recreated) {
    auto published = repo.CountDocuments(DocStatus::kPublished);
    auto indexed = index.DocCount();
    auto queued = repo.CountUnfinishedJobs(JobKind::kIndex);
    if (!published.ok()) return published.status();
    if (!indexed.ok()) return indexed.status();
    if (!queued.ok()) return queued.status();
    if (*published == *indexed || *queued > 0) return Status::Ok();
  }
  auto n = repo.EnqueueIndexForAllPublished();
  if (!n.ok()) return n.status();
  if (*n > 0) {
    Log(LogLevel::kInfo, "index",
        "index " + std::string(recreated ? "was recreated" : "is out of step") + ": " +
            std::to_string(*n) + " published documents queued for indexing");
  }
  return Status::Ok();
}

// The pipeline runs PDF/A conversions through this same binary (`vanban pdfa`).
std::vector<std::string> PdfaCommand() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return {self.string(), "pdfa"};
}

json ReportJson(const std::string& file, const JobReport& r) {
  json j = {{"file", file},
            {"id", r.doc_id ? json(r.doc_id) : json(nullptr)},
            {"status", r.status},
            {"reason", nullptr}};
  if (r.status == "quarantined" || r.status == "unknown" || r.status == "error") {
    j["reason"] = StatusToJson(r.reason);
    if (!r.quarantine_path.empty()) j["quarantine_path"] = r.quarantine_path;
  } else if (r.status == "in_review" && !r.review_reason.empty()) {
    std::string code = r.review_reason.substr(0, r.review_reason.find(':'));
    j["reason"] = {{"code", code}, {"message", r.review_reason}};
  } else if (r.status == "rejected" || r.status == "waiting") {
    // An exchange package that made no document: why (the 02 reply), or what it waits for.
    std::string code = r.status == "waiting" ? "target_missing"
                       : r.review_reason.find("(invalid_signature)") != std::string::npos
                           ? "invalid_signature"
                           : "not_for_portal";
    j["reason"] = {{"code", code}, {"message", r.review_reason}};
  }
  return j;
}

int CmdIngest(const Args& a) {
  if (a.positional.empty()) return Usage("ingest: no FILE given");
  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  bool rebuild = false;
  auto index = TryOpenWriter(**repo, &rebuild);
  if (index) {
    if (Status s = ReconcileIndex(**repo, *index, rebuild); !s.ok()) return Fail(s);
  }
  auto extractors = ExtractorRegistry::CreateDefault(OfficeConfig(a, **repo, /*server=*/false));
  auto exchange = LoadExchangeConfig((*repo)->data_dir());
  if (!exchange.ok()) return Fail(exchange.status());
  PipelineOptions po;
  po.pdfa_command = PdfaCommand();
  po.exchange = exchange->options;
  Pipeline pipeline(**repo, *extractors, index.get(), po);
  IntakeOptions io;
  io.publish = a.Has("publish");
  io.remove_source = false;
  Intake intake(**repo, io);
  std::string unit = a.Get("unit", "cli");

  std::vector<std::pair<std::string, std::optional<JobReport>>> items;
  bool any_failed = false;
  for (const std::string& f : a.positional) {
    JobReport r;
    auto t = intake.Take(f, unit);
    if (!t.ok()) {
      r.status = "error";
      r.reason = t.status();
      any_failed = true;
    } else if (t->job_id == 0) {
      r.status = "quarantined";
      r.reason = t->reason;
      r.quarantine_path = t->quarantine_path;
    } else {
      r.job_id = t->job_id;
      r.status = "pending";
    }
    items.emplace_back(f, r);
  }
  pipeline.Drain();
  int exit_code = any_failed ? kExitFailed : kExitOk;
  for (auto& [file, r] : items) {
    if (r->status == "pending") {
      // A running server may have taken the job: wait for it to finish.
      for (int i = 0; i < 6000; ++i) {
        *r = pipeline.Report(r->job_id);
        if (r->status != "pending") break;
        pipeline.Drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    if (r->status == "quarantined") exit_code = kExitFailed;
    PrintJson(ReportJson(file, *r));
  }
  return exit_code;
}

int CmdExtract(const Args& a) {
  if (a.positional.size() != 1) return Usage("extract: give exactly one FILE");
  auto extractors = ExtractorRegistry::CreateDefault();
  auto text = extractors->Extract(a.positional[0]);
  if (!text.ok()) {
    PrintJson({{"file", a.positional[0]}, {"error", StatusToJson(text.status())}});
    return kExitFailed;
  }
  MetadataExtraction mx = ExtractMetadata(text->text);
  json j = MetadataToJson(mx.meta);
  j["file"] = a.positional[0];
  j["media_type"] = text->media_type;
  j["pages"] = text->pages;
  j["tool"] = text->tool;
  j["missing"] = mx.missing;
  j["extraction"] = ExtractionToJson(*text);
  j["review_reason"] = text->review_reason.empty() ? json(nullptr) : json(text->review_reason);
  j["text"] = text->text;
  PrintJson(j);
  return kExitOk;
}

int CmdSearch(const Args& a) {
  SearchQuery q;
  for (SearchFacet f : kSearchFacets) {
    std::string name(SearchFacetName(f));
    if (a.Has(name) && !a.Get(name).empty()) q.filters.of(f).push_back(a.Get(name));
  }
  if (a.Has("sort")) {
    auto sort = SearchSortFromName(a.Get("sort"));
    if (!sort) {
      return Usage(
          "search: --sort is relevance, issue_date, -issue_date, effective_date or "
          "-effective_date");
    }
    q.sort = *sort;
  }
  if (a.positional.empty() && q.filters.empty()) return Usage("search: no QUERY given");
  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  auto index = SearchIndex::OpenReader(IndexDir(**repo));
  if (!index.ok()) return Fail(index.status());
  Catalog catalog(**repo, **index);
  for (const auto& p : a.positional) q.q += (q.q.empty() ? "" : " ") + p;
  q.page = static_cast<int>(a.Int("page").value_or(1));
  auto r = catalog.Search(q);
  if (!r.ok()) return Fail(r.status());
  PrintJson(SearchResultsToJson(*r));
  return kExitOk;
}

std::optional<int64_t> ParseId(const std::string& s) {
  try {
    size_t pos = 0;
    int64_t v = std::stoll(s, &pos);
    if (pos == s.size() && v > 0) return v;
  } catch (...) {
  }
  return std::nullopt;
}

int CmdShow(const Args& a) {
  if (a.positional.size() != 1) return Usage("show: give exactly one ID");
  auto id = ParseId(a.positional[0]);
  if (!id) return Usage("show: ID must be a positive number");
  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  auto d = (*repo)->GetDocument(*id);
  if (!d.ok()) {
    PrintJson({{"error", StatusToJson(d.status())}});
    return kExitFailed;
  }
  json j = DocumentToJson(*d);
  auto links = (*repo)->Relations(*id);
  if (!links.ok()) return Fail(links.status());
  j["links"] = DocumentRelationsToJson(*links);
  PrintJson(j);
  return kExitOk;
}

int CmdReview(const Args& a) {
  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  auto list = (*repo)->ListDocuments(DocStatus::kInReview, 1000, 0);
  if (!list.ok()) return Fail(list.status());
  json docs = json::array();
  for (const auto& d : *list) docs.push_back(DocumentSummaryToJson(d));
  PrintJson({{"total", docs.size()}, {"documents", docs}});
  return kExitOk;
}

// After a change of publication state: index it now if no server holds the index.
void IndexNowIfPossible(Repository& repo) {
  bool rebuild = false;
  auto index = TryOpenWriter(repo, &rebuild);
  if (!index) return;  // the running server's indexer applies it
  if (Status s = ReconcileIndex(repo, *index, rebuild); !s.ok()) {
    Log(LogLevel::kWarning, "index", s.ToString());
  }
  auto extractors = ExtractorRegistry::CreateDefault();
  Pipeline pipeline(repo, *extractors, index.get(), PipelineOptions{});
  for (;;) {
    auto n = pipeline.IndexBatch();
    if (!n.ok()) {
      Log(LogLevel::kWarning, "index", n.status().ToString());
      return;
    }
    if (*n == 0) return;
  }
}

int CmdApproveOrWithdraw(const Args& a, bool approve) {
  if (a.positional.size() != 1) return Usage("give exactly one ID");
  auto id = ParseId(a.positional[0]);
  if (!id) return Usage("ID must be a positive number");
  if (a.Get("by").empty()) return Usage("--by NAME is required (it goes into the audit log)");
  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  Status s = approve ? (*repo)->Approve(*id, a.Get("by"))
                     : (*repo)->Withdraw(*id, a.Get("by"), a.Get("reason"));
  if (!s.ok()) {
    PrintJson({{"id", *id}, {"error", StatusToJson(s)}});
    return kExitFailed;
  }
  IndexNowIfPossible(**repo);
  // A published document from the exchange owes its sender status 06: write it now (a
  // running server would also find it within a second).
  if (auto x = LoadExchangeConfig((*repo)->data_dir()); x.ok()) {
    if (auto n = FlushStatusReplies(**repo, x->options); !n.ok()) {
      Log(LogLevel::kWarning, "exchange", n.status().ToString());
    }
  } else {
    Log(LogLevel::kWarning, "exchange", x.status().ToString());
  }
  auto d = (*repo)->GetDocument(*id);
  if (!d.ok()) return Fail(d.status());
  PrintJson({{"id", *id}, {"status", std::string(DocStatusName(d->status))}});
  return kExitOk;
}

// vanban correct --data DIR --by NAME ID FIELD=VALUE...: an editor's correction. VALUE is
// JSON for list and object fields (recipients, field, authorities, bases, relations) and for
// booleans; text otherwise ("null" or an empty value clears a field).
int CmdCorrect(const Args& a) {
  if (a.positional.size() < 2) return Usage("correct: give an ID and at least one FIELD=VALUE");
  auto id = ParseId(a.positional[0]);
  if (!id) return Usage("correct: ID must be a positive number");
  if (a.Get("by").empty()) return Usage("--by NAME is required (it goes into the audit log)");
  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  auto d = (*repo)->GetDocument(*id);
  if (!d.ok()) {
    PrintJson({{"id", *id}, {"error", StatusToJson(d.status())}});
    return kExitFailed;
  }
  json meta = MetadataToJson(d->meta);
  for (size_t i = 1; i < a.positional.size(); ++i) {
    const std::string& arg = a.positional[i];
    size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
      return Usage("correct: '" + arg + "' is not FIELD=VALUE");
    std::string field = arg.substr(0, eq), value = NormalizeNfc(arg.substr(eq + 1));
    if (!meta.contains(field) || field == "provenance") {
      return Usage("correct: unknown field '" + field + "'");
    }
    const json& current = meta[field];
    if (value.empty() || value == "null") {
      meta[field] = current.is_array() ? json::array() : json(nullptr);
    } else if (current.is_array() || current.is_boolean()) {
      json v = json::parse(value, nullptr, false);
      if (v.is_discarded() || v.type() != current.type()) {
        return Usage("correct: " + field + " takes JSON like " + current.dump());
      }
      meta[field] = std::move(v);
    } else {
      meta[field] = value;
    }
  }
  auto v = (*repo)->CorrectMetadata(*id, MetadataFromJson(meta), a.Get("by"));
  if (!v.ok()) {
    PrintJson({{"id", *id}, {"error", StatusToJson(v.status())}});
    return kExitFailed;
  }
  IndexNowIfPossible(**repo);
  PrintJson({{"id", *id}, {"version", *v}});
  return kExitOk;
}

int CmdReindex(const Args& a) {
  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  auto index = SearchIndex::OpenWriter(IndexDir(**repo));
  if (!index.ok()) {
    if (index.status().code() != ErrorCode::kBusy) return Fail(index.status());
    // A server holds the index: let its indexer do the work.
    if (auto n = (*repo)->EnqueueIndexForAllPublished(); !n.ok()) return Fail(n.status());
    PrintJson({{"status", "queued"},
               {"message",
                "a running server holds the index; every published document was "
                "queued for its indexer"}});
    return kExitOk;
  }
  if (Status s = Reindex(**repo, **index); !s.ok()) return Fail(s);
  PrintJson({{"status", "done"}, {"documents", *(*index)->DocCount()}});
  return kExitOk;
}

int CmdServe(const Args& a) {
  TuneAllocatorForSearch();
  // Signals are taken synchronously by the main thread; every other thread inherits the mask.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto repo = OpenRepo(a);
  if (!repo.ok()) return Fail(repo.status());
  if (int n = (*repo)->blobs().RemoveStaleTemporaries(); n > 0) {
    Log(LogLevel::kInfo, "serve",
        std::to_string(n) + " unfinished blob writes of stopped processes removed");
  }
  bool rebuild = false;
  auto index = SearchIndex::OpenWriter(IndexDir(**repo), &rebuild);
  if (!index.ok()) {
    if (index.status().code() == ErrorCode::kBusy) {
      return Fail(Status(ErrorCode::kBusy, "another vanban process holds the index of " +
                                               a.Get("data") + " (is a server already running?)"));
    }
    return Fail(index.status());
  }
  if (Status s = ReconcileIndex(**repo, **index, rebuild); !s.ok()) return Fail(s);
  // The first searches would read each segment's term dictionary, norms and facet values on
  // their way (about a second at a million documents), and wait for the disk wherever the
  // index is not in memory: read them now, beside the first requests. Joined before the
  // index is closed.
  std::jthread read_ahead([&index] {
    const auto start = std::chrono::steady_clock::now();
    auto w = (*index)->Warm();
    if (!w.ok()) {
      Log(LogLevel::kWarning, "serve", "reading the search index ahead: " + w.status().ToString());
      return;
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    const auto mb = [](int64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20); };
    Log(LogLevel::kInfo, "serve",
        "search index read ahead: " + std::to_string(w->segments) + " segments, " +
            std::to_string(w->terms) + " terms, " +
            (w->preloaded_bytes > 0 || w->mapped_bytes == 0
                 ? mb(w->preloaded_bytes) + " MB of index files preloaded"
                 : "the index files (" + mb(w->mapped_bytes) +
                       " MB) not preloaded: more than half of the memory available") +
            " in " + std::to_string(ms) + " ms");
  });
  // Results of repeated searches, kept until the index changes (0 turns it off).
  const int64_t cache_mb = std::clamp<int64_t>(a.Int("search-cache-mb").value_or(64), 0, 1 << 20);
  (*index)->SetResultCache(static_cast<size_t>(cache_mb) << 20);
  auto extractors = ExtractorRegistry::CreateDefault(OfficeConfig(a, **repo, /*server=*/true));
  auto exchange = LoadExchangeConfig((*repo)->data_dir());
  if (!exchange.ok()) return Fail(exchange.status());
  PipelineOptions po;
  if (auto w = a.Int("workers")) po.workers = static_cast<int>(std::max<int64_t>(1, *w));
  if (auto l = a.Int("lease-seconds")) po.lease = std::chrono::seconds(std::max<int64_t>(1, *l));
  po.pdfa_command = PdfaCommand();
  po.exchange = exchange->options;
  Pipeline pipeline(**repo, *extractors, index->get(), po);
  // The pull channel of the exchange, when exchange.json configures a gateway: packages go
  // into the first exchange inbox, where the watcher takes them like a clerk's.
  std::unique_ptr<LgspConnector> connector;
  if (exchange->lgsp) {
    fs::path lienthong =
        (*repo)->data_dir() / "inbox" /
        (po.exchange.units.empty() ? std::string("lienthong") : po.exchange.units.front());
    auto c = LgspConnector::Open(*exchange->lgsp, InboxSink(lienthong),
                                 [](LgspLogLevel level, std::string_view message) {
                                   Log(level == LgspLogLevel::kError     ? LogLevel::kError
                                       : level == LgspLogLevel::kWarning ? LogLevel::kWarning
                                                                         : LogLevel::kInfo,
                                       "lgsp", std::string(message));
                                 });
    if (!c.ok()) return Fail(c.status());
    connector = std::move(*c);
  }

  IntakeOptions io;
  io.publish = a.Has("auto-publish");
  Intake intake(**repo, io);
  WatcherOptions wo;
  if (auto s = a.Int("stable-ms"))
    wo.stable_for = std::chrono::milliseconds(std::max<int64_t>(0, *s));
  if (auto s = a.Int("rescan-seconds"))
    wo.rescan_every = std::chrono::seconds(std::max<int64_t>(1, *s));
  fs::path inbox = (*repo)->data_dir() / "inbox";
  Watcher watcher(inbox, wo, [&](const fs::path& file, const std::string& unit) {
    auto r = intake.Take(file, unit);
    if (!r.ok()) {
      // The file stays in the inbox; the next rescan offers it again.
      Log(LogLevel::kWarning, "intake", file.string() + ": " + r.status().ToString());
    } else if (r->job_id == 0) {
      Log(LogLevel::kWarning, "intake", file.string() + " quarantined: " + r->reason.ToString());
    } else {
      Log(LogLevel::kInfo, "intake",
          file.string() + " -> job " + std::to_string(r->job_id) + " (unit " + unit + ")");
    }
  });

  Catalog catalog(**repo, **index);
  WebOptions web_options;
  web_options.listen = a.Get("listen", "127.0.0.1:8080");
  if (auto t = a.Int("threads")) web_options.threads = static_cast<int>(std::max<int64_t>(1, *t));
  WebServer web(catalog, web_options);
  if (Status s = web.Start(); !s.ok()) return Fail(s);
  pipeline.Start();
  if (Status s = watcher.Start(); !s.ok()) {
    pipeline.Stop();
    web.Stop();
    return Fail(s);
  }
  if (connector) {
    if (Status s = connector->Start(); !s.ok()) {
      watcher.Stop();
      pipeline.Stop();
      web.Stop();
      return Fail(s);
    }
    Log(LogLevel::kInfo, "serve", "polling the exchange gateway " + exchange->lgsp->base_url);
  }
  Log(LogLevel::kInfo, "serve",
      "serving http://" + web_options.listen.substr(0, web_options.listen.rfind(':')) + ":" +
          std::to_string(web.port()) + "/ (data " + (*repo)->data_dir().string() + ", inbox " +
          inbox.string() + (io.publish ? ", auto-publish" : ", review") + ")");
  int sig = 0;
  sigwait(&sigs, &sig);
  Log(LogLevel::kInfo, "serve", std::string("stopping on ") + strsignal(sig));
  if (connector) connector->Stop();
  watcher.Stop();
  pipeline.Stop();
  web.Stop();
  return kExitOk;
}

// `vanban pdfa IN OUT`: the pipeline's child process for one Ghostscript conversion.
int CmdPdfa(int argc, char** argv) {
  if (argc != 4) return Usage("pdfa: give IN.pdf and OUT.pdf");
  Status s = ConvertToPdfA(argv[2], argv[3]);
  if (s.ok()) return kExitOk;
  PrintJson(StatusToJson(s));
  return kExitFailed;
}

int Main(int argc, char** argv) {
  if (argc < 2) return Usage("");
  std::string cmd = argv[1];
  if (cmd == "pdfa") return CmdPdfa(argc, argv);
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::cout << kUsage;
    return kExitOk;
  }
  const std::vector<std::string> data = {"data"};
  Args a;
  if (cmd == "serve") {
    a = Parse(argc, argv, 2, {"auto-publish"},
              {"data", "listen", "workers", "lease-seconds", "stable-ms", "rescan-seconds",
               "threads", "office-processes", "office-timeout", "search-cache-mb"});
  } else if (cmd == "ingest") {
    a = Parse(argc, argv, 2, {"publish"}, {"data", "unit", "office-timeout"});
  } else if (cmd == "extract") {
    a = Parse(argc, argv, 2, {}, {});
  } else if (cmd == "search") {
    a = Parse(argc, argv, 2, {},
              {"data", "page", "type", "authority", "field", "year", "unit", "sort"});
  } else if (cmd == "show" || cmd == "review" || cmd == "reindex") {
    a = Parse(argc, argv, 2, {}, data);
  } else if (cmd == "approve" || cmd == "correct") {
    a = Parse(argc, argv, 2, {}, {"data", "by"});
  } else if (cmd == "withdraw") {
    a = Parse(argc, argv, 2, {}, {"data", "by", "reason"});
  } else {
    return Usage("unknown command " + cmd);
  }
  if (!a.error.empty()) return Usage(cmd + ": " + a.error);
  if (cmd != "extract" && !a.Has("data")) return Usage(cmd + ": --data DIR is required");
  if (cmd == "serve") return CmdServe(a);
  if (cmd == "ingest") return CmdIngest(a);
  if (cmd == "extract") return CmdExtract(a);
  if (cmd == "search") return CmdSearch(a);
  if (cmd == "show") return CmdShow(a);
  if (cmd == "review") return CmdReview(a);
  if (cmd == "approve") return CmdApproveOrWithdraw(a, true);
  if (cmd == "correct") return CmdCorrect(a);
  if (cmd == "withdraw") return CmdApproveOrWithdraw(a, false);
  return CmdReindex(a);
}

}  // namespace
}  // namespace vanban

// OCR runs Tesseract, whose OpenMP loops (libgomp) make every page about 4 times slower on
// two cores unless OMP_THREAD_LIMIT=1; vanban reads pages in parallel itself (ConvertConfig::
// ocr_threads). libgomp reads the variable once, in a constructor that runs when the library
// is loaded, before main(): setting it here is too late for this process. So when it is unset,
// vanban sets it and executes itself again with the same arguments, before any thread exists.
// If that fails, it carries on, slower.
static void RestartWithOmpThreadLimit(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr) return;
  if (::setenv("OMP_THREAD_LIMIT", "1", 1) != 0) return;
  ::execv("/proc/self/exe", argv);
}

int main(int argc, char** argv) {
  RestartWithOmpThreadLimit(argv);
  return vanban::Main(argc, argv);
}
