// JSON forms of the domain types. The names are an interface (the API, `vanban show`,
// `vanban extract` and later checks rely on them): id, status, version, number, type,
// authority, place, issue_date, effective_date, summary, signer, signer_title, recipients,
// files[{role, sha256, media_type, size, name}]; from the second extractor number_kind,
// authorities, signer_competence, addressed_to_portal, party_document, field, bases and
// relations [{type, doc_type, number, title, date, authority, excerpt, confidence}],
// structure [{anchor, kind, label, heading, depth, offset}], provenance {field: {confidence,
// span, source, by, at}}. Empty dates and strings are null.
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
// {"outgoing": [{type, doc_type, number, title, date, authority, id}], "incoming": [{type, id,
// number, doc_type, summary, issue_date}]}: id is the linked document, null while dangling.
nlohmann::json DocumentRelationsToJson(const DocumentRelations& r);
// {"code": "unsupported_format", "message": "..."}
nlohmann::json StatusToJson(const Status& s);

// JSON text with invalid UTF-8 replaced rather than thrown on.
std::string DumpJson(const nlohmann::json& j, int indent = -1);

}  // namespace vanban
