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

json ReferencesToJson(const std::vector<DocReference>& refs) {
  json out = json::array();
  for (const DocReference& r : refs) {
    out.push_back(json{{"type", r.kind},
                       {"doc_type", StrOrNull(r.doc_type)},
                       {"number", StrOrNull(r.number)},
                       {"title", StrOrNull(r.title)},
                       {"date", StrOrNull(r.date)},
                       {"authority", StrOrNull(r.authority)},
                       {"excerpt", StrOrNull(r.excerpt)},
                       {"confidence", r.confidence}});
  }
  return out;
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
  j["number_kind"] = StrOrNull(m.number_kind);
  j["authorities"] = m.authorities;
  j["signer_competence"] = StrOrNull(m.signer_competence);
  j["addressed_to_portal"] = m.addressed_to_portal;
  j["party_document"] = m.party_document;
  j["field"] = m.fields;
  j["bases"] = ReferencesToJson(m.bases);
  j["relations"] = ReferencesToJson(m.relations);
  json structure = json::array();
  for (const StructureNode& n : m.structure) {
    structure.push_back(json{{"anchor", n.anchor},
                             {"kind", n.kind},
                             {"label", n.label},
                             {"heading", StrOrNull(n.heading)},
                             {"depth", n.depth},
                             {"offset", n.offset}});
  }
  j["structure"] = std::move(structure);
  json provenance = json::object();
  for (const FieldProvenance& p : m.provenance) {
    json e = {{"confidence", p.confidence}, {"span", StrOrNull(p.span)}, {"source", p.source}};
    if (!p.by.empty()) e["by"] = p.by;
    if (!p.at.empty()) e["at"] = p.at;
    provenance[p.field] = std::move(e);
  }
  j["provenance"] = std::move(provenance);
}

std::vector<std::string> GetStrings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (auto it = j.find(key); it != j.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (r.is_string()) out.push_back(r.get<std::string>());
    }
  }
  return out;
}

double GetDouble(const json& j, const char* key, double fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

std::vector<DocReference> GetReferences(const json& j, const char* key) {
  std::vector<DocReference> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (!e.is_object()) continue;
    DocReference r;
    r.kind = GetStr(e, "type");
    r.doc_type = GetStr(e, "doc_type");
    r.number = GetStr(e, "number");
    r.title = GetStr(e, "title");
    r.date = GetStr(e, "date");
    r.authority = GetStr(e, "authority");
    r.excerpt = GetStr(e, "excerpt");
    r.confidence = GetDouble(e, "confidence", 1.0);
    out.push_back(std::move(r));
  }
  return out;
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
  m.recipients = GetStrings(j, "recipients");
  m.number_kind = GetStr(j, "number_kind");
  m.authorities = GetStrings(j, "authorities");
  m.signer_competence = GetStr(j, "signer_competence");
  if (auto it = j.find("addressed_to_portal"); it != j.end() && it->is_boolean()) {
    m.addressed_to_portal = it->get<bool>();
  }
  if (auto it = j.find("party_document"); it != j.end() && it->is_boolean()) {
    m.party_document = it->get<bool>();
  }
  m.fields = GetStrings(j, "field");
  m.bases = GetReferences(j, "bases");
  m.relations = GetReferences(j, "relations");
  if (auto it = j.find("structure"); it != j.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (!e.is_object()) continue;
      StructureNode n;
      n.anchor = GetStr(e, "anchor");
      n.kind = GetStr(e, "kind");
      n.label = GetStr(e, "label");
      n.heading = GetStr(e, "heading");
      if (auto d = e.find("depth"); d != e.end() && d->is_number_integer()) n.depth = d->get<int>();
      if (auto o = e.find("offset"); o != e.end() && o->is_number_integer()) {
        n.offset = o->get<int64_t>();
      }
      m.structure.push_back(std::move(n));
    }
  }
  if (auto it = j.find("provenance"); it != j.end() && it->is_object()) {
    for (const auto& [field, e] : it->items()) {
      if (!e.is_object()) continue;
      FieldProvenance p;
      p.field = field;
      p.confidence = GetDouble(e, "confidence", 0);
      p.span = GetStr(e, "span");
      p.source = GetStr(e, "source");
      p.by = GetStr(e, "by");
      p.at = GetStr(e, "at");
      m.provenance.push_back(std::move(p));
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

json DocumentRelationsToJson(const DocumentRelations& r) {
  json out = json::array(), in = json::array();
  for (const RelationLink& l : r.outgoing) {
    out.push_back(json{{"type", l.kind},
                       {"doc_type", StrOrNull(l.target_type)},
                       {"number", StrOrNull(l.number)},
                       {"title", StrOrNull(l.title)},
                       {"date", StrOrNull(l.date)},
                       {"authority", StrOrNull(l.authority)},
                       {"id", l.other_id != 0 ? json(l.other_id) : json(nullptr)}});
  }
  for (const RelationLink& l : r.incoming) {
    in.push_back(json{{"type", l.kind},
                      {"id", l.other_id},
                      {"number", StrOrNull(l.other_number)},
                      {"doc_type", StrOrNull(l.other_type)},
                      {"summary", StrOrNull(l.other_summary)},
                      {"issue_date", StrOrNull(l.other_issue_date)}});
  }
  return json{{"outgoing", std::move(out)}, {"incoming", std::move(in)}};
}

json StatusToJson(const Status& s) {
  return json{{"code", std::string(ErrorCodeName(s.code()))}, {"message", s.message()}};
}

std::string DumpJson(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace vanban
