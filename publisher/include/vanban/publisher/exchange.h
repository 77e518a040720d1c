// The Portal's side of the interprovincial document exchange (edXML, Art. 7.1 of the
// regulation): which inboxes carry packages, whether a package is for the Portal, how its
// header compares with what the text says, and the status replies written into the outbox.
// The pipeline (pipeline.h) runs packages through these; docs/edxml.md, "Intake", describes
// the whole flow.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vanban/ingest/edxml.h"
#include "vanban/ingest/lgsp_connector.h"
#include "vanban/repository/repository.h"

namespace vanban {

struct ExchangeOptions {
  // Inboxes whose files are edXML packages (data/inbox/<unit>/). A file elsewhere is read as
  // a package when its name ends in ".edxml".
  std::vector<std::string> units = {"lienthong"};
  // Recipients that mean the Portal: OrganIds, and names that a To organ or a "Nơi nhận" line
  // contains (compared without case and diacritics).
  std::vector<std::string> portal_organ_ids;
  std::vector<std::string> portal_names = {"trung tam thong tin", "cong thong tin dien tu",
                                           "cong ttdt"};
  // The Portal as the sender of status replies.
  EdxmlOrgan self = {"", "", "Cổng Thông tin điện tử tỉnh", "", "", "", "", ""};
  EdxmlLimits limits;
  EdxmlTrust trust;
  std::filesystem::path outbox_dir;  // empty: <data>/outbox
};

// True if `unit` is one of options.units, or `name` ends in ".edxml".
bool IsExchangeInput(const ExchangeOptions& options, const std::string& unit,
                     const std::string& name);

// Empty if the package names the Portal among its recipients (To, or a ToPlaces line);
// otherwise why not, as the description of the 02 reply.
std::string RoutingRefusal(const ExchangeOptions& options, const EdxmlPackage& package);

// The package as the repository records it.
ExchangePackage ToExchangePackage(const EdxmlPackage& package);

// One field on which the header and the text disagree.
struct HeaderDisagreement {
  std::string field;  // JSON name: number, type, issue_date, summary, signer, authority
  std::string header;
  std::string text;
};

// Compares the text's metadata with the header's and completes it: a field the text left
// empty takes the header's value (provenance source "edxml"); a field both give differently
// is kept as the text reads it and reported. Recipients the text has none of come from the
// header. Returns the disagreements; `missing` (MissingRequiredFields) loses the fields
// filled.
std::vector<HeaderDisagreement> MergeHeader(const Metadata& header, Metadata* text,
                                            std::vector<std::string>* missing);

// {"document_id", "business", "from", "signature": {...}, "header": {...},
//  "disagreements": [...], "notes": [...]}: stored in the version's extraction JSON.
nlohmann::json ExchangeToJson(const EdxmlPackage& package,
                              const std::vector<HeaderDisagreement>& disagreements);

// Writes every pending status reply as an edXML status message into the outbox
// (<outbox>/<reply id, 10 digits>-<code>.edxml, written atomically; the name is fixed, so a crash
// before the reply is marked written only rewrites the same file). Returns how many.
Result<int> FlushStatusReplies(Repository& repo, const ExchangeOptions& options);

// The exchange settings of a data directory: <data>/exchange.json when present, defaults
// otherwise (docs/edxml.md, "Configuration"). With an "lgsp" object the server also polls the
// province's gateway. kInvalidArgument names the field that is wrong; kIoError when the file
// cannot be read.
struct ExchangeConfig {
  ExchangeOptions options;
  std::optional<LgspConfig> lgsp;  // data_dir and outbox_dir filled in
};
Result<ExchangeConfig> LoadExchangeConfig(const std::filesystem::path& data_dir);

// Where the connector leaves fetched packages: <inbox_dir>/lgsp-<id>.edxml, written under a
// ".part" name, fsynced and renamed, so the watcher takes it only when complete. The name
// depends on the package id only: handing the same package twice rewrites one file, and bytes
// taken before are a duplicate for the pipeline, never a second document.
LgspPackageSink InboxSink(std::filesystem::path inbox_dir);

}  // namespace vanban
