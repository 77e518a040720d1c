// JSON forms of the domain types. The names are an interface (the API, `vanban show`,
// `vanban extract` and later checks rely on them): id, status, version, number, type,
// authority, place, issue_date, effective_date, summary, signer, signer_title, recipients,
// files[{role, sha256, media_type, size, name}]. Empty dates and strings are null.
#pragma once

#include <nlohmann/json.hpp>

#include "vanban/repository/document.h"
#include "vanban/repository/status.h"

namespace vanban {

nlohmann::json MetadataToJson(const Metadata& m);
// Reads the fields it knows; missing or null fields stay empty. Never throws.
Metadata MetadataFromJson(const nlohmann::json& j);
nlohmann::json FileRefToJson(const FileRef& f);
nlohmann::json DocumentToJson(const Document& d);
nlohmann::json DocumentSummaryToJson(const DocumentSummary& d);
// {"code": "unsupported_format", "message": "..."}
nlohmann::json StatusToJson(const Status& s);

// JSON text with invalid UTF-8 replaced rather than thrown on.
std::string DumpJson(const nlohmann::json& j, int indent = -1);

}  // namespace vanban
