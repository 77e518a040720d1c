#include "vanban/repository/document_json.h"

namespace vanban {
namespace {

using nlohmann::json;

json StrOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string GetStr(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

void PutMetadata(json& j, const Metadata& m) {
  j["number"] = StrOrNull(m.number);
  j["type"] = StrOrNull(m.type);
  j["authority"] = StrOrNull(m.authority);
  j["authority_parent"] = StrOrNull(m.authority_parent);
  j["place"] = StrOrNull(m.place);
  j["issue_date"] = StrOrNull(m.issue_date);
  j["effective_date"] = StrOrNull(m.effective_date);
  j["summary"] = StrOrNull(m.summary);
  j["signer"] = StrOrNull(m.signer);
  j["signer_title"] = StrOrNull(m.signer_title);
  j["recipients"] = m.recipients;
}

}  // namespace

json MetadataToJson(const Metadata& m) {
  json j = json::object();
  PutMetadata(j, m);
  return j;
}

Metadata MetadataFromJson(const json& j) {
  Metadata m;
  if (!j.is_object()) return m;
  m.number = GetStr(j, "number");
  m.type = GetStr(j, "type");
  m.authority = GetStr(j, "authority");
  m.authority_parent = GetStr(j, "authority_parent");
  m.place = GetStr(j, "place");
  m.issue_date = GetStr(j, "issue_date");
  m.effective_date = GetStr(j, "effective_date");
  m.summary = GetStr(j, "summary");
  m.signer = GetStr(j, "signer");
  m.signer_title = GetStr(j, "signer_title");
  if (auto it = j.find("recipients"); it != j.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (r.is_string()) m.recipients.push_back(r.get<std::string>());
    }
  }
  return m;
}

json FileRefToJson(const FileRef& f) {
  return json{
      {"role", f.role}, {"sha256", f.sha256},        {"media_type", f.media_type}, {"size", f.size},
      {"name", f.name}, {"tool", StrOrNull(f.tool)}, {"url", "/files/" + f.sha256}};
}

json DocumentToJson(const Document& d) {
  json j = json::object();
  j["id"] = d.id;
  j["status"] = std::string(DocStatusName(d.status));
  j["version"] = d.version;
  PutMetadata(j, d.meta);
  json files = json::array();
  for (const auto& f : d.files) files.push_back(FileRefToJson(f));
  j["files"] = std::move(files);
  j["unit"] = StrOrNull(d.unit);
  j["review_reason"] = StrOrNull(d.review_reason);
  j["created_at"] = StrOrNull(d.created_at);
  j["published_at"] = StrOrNull(d.published_at);
  json extraction = json::parse(d.extraction, nullptr, false);
  j["extraction"] = extraction.is_object() ? extraction : json::object();
  return j;
}

json DocumentSummaryToJson(const DocumentSummary& d) {
  return json{{"id", d.id},
              {"status", std::string(DocStatusName(d.status))},
              {"version", d.version},
              {"number", StrOrNull(d.number)},
              {"type", StrOrNull(d.type)},
              {"authority", StrOrNull(d.authority)},
              {"summary", StrOrNull(d.summary)},
              {"issue_date", StrOrNull(d.issue_date)},
              {"review_reason", StrOrNull(d.review_reason)}};
}

json StatusToJson(const Status& s) {
  return json{{"code", std::string(ErrorCodeName(s.code()))}, {"message", s.message()}};
}

std::string DumpJson(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace vanban
