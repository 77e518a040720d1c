#include "vanban/publisher/exchange.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

#include "vanban/convert/text.h"
#include "vanban/ingest/metadata_extractor.h"
#include "vanban/repository/blob_store.h"
#include "vanban/repository/document_json.h"

namespace vanban {
namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Folded (no case, no diacritics), runs of spaces as one, surrounding spaces and final
// punctuation dropped: how two spellings of the same words are compared.
std::string Comparable(std::string_view text) {
  std::string out = CollapseToOneLine(FoldForSearch(text));
  while (!out.empty() && (out.back() == '.' || out.back() == ';' || out.back() == ',')) {
    out.pop_back();
  }
  return out;
}

// A trích yếu without the "V/v" that Công văn subjects start with.
std::string ComparableSummary(std::string_view text) {
  std::string s = Comparable(text);
  for (std::string_view prefix : {"v/v ", "ve viec "}) {
    if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
  }
  return s;
}

// "2026-11-28T22:30:05Z" (UTC) -> "2026-11-29 05:30:05", the time in Việt Nam (UTC+7, no
// daylight saving) that the exchange writes in its messages.
std::string VietnamTime(const std::string& iso_utc) {
  std::tm tm{};
  if (strptime(iso_utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return iso_utc;
  std::time_t t = timegm(&tm) + 7 * 3600;
  std::tm local{};
  gmtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return buf;
}

void SetProvenance(Metadata* m, const std::string& field, double confidence,
                   const std::string& source) {
  auto it = std::find_if(m->provenance.begin(), m->provenance.end(),
                         [&](const FieldProvenance& p) { return p.field == field; });
  FieldProvenance p{field, confidence, {}, source, {}, {}};
  if (it != m->provenance.end()) {
    *it = std::move(p);
  } else {
    m->provenance.push_back(std::move(p));
    std::sort(m->provenance.begin(), m->provenance.end(),
              [](const FieldProvenance& a, const FieldProvenance& b) { return a.field < b.field; });
  }
}

}  // namespace

bool IsExchangeInput(const ExchangeOptions& options, const std::string& unit,
                     const std::string& name) {
  if (std::find(options.units.begin(), options.units.end(), unit) != options.units.end()) {
    return true;
  }
  return EndsWith(LowerUtf8(name), ".edxml");
}

std::string RoutingRefusal(const ExchangeOptions& options, const EdxmlPackage& package) {
  std::vector<std::string> names;
  auto names_portal = [&](const std::string& name) {
    std::string folded = Comparable(name);
    for (const std::string& n : options.portal_names) {
      if (!n.empty() && folded.find(Comparable(n)) != std::string::npos) return true;
    }
    return false;
  };
  for (const EdxmlOrgan& to : package.to) {
    if (!to.organ_id.empty() &&
        std::find(options.portal_organ_ids.begin(), options.portal_organ_ids.end(), to.organ_id) !=
            options.portal_organ_ids.end()) {
      return {};
    }
    std::string name = !to.organ_name.empty() ? to.organ_name : to.organization_in_charge;
    if (names_portal(name)) return {};
    names.push_back(!name.empty() ? name : to.organ_id);
  }
  for (const std::string& place : package.to_places) {
    if (names_portal(place)) return {};
  }
  if (names.empty()) {
    return "không gửi đến Cổng Thông tin điện tử: gói tin không có nơi nhận (To)";
  }
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : "; ") + n;
  return "không gửi đến Cổng Thông tin điện tử (Điều 7.1): nơi nhận là " + list;
}

ExchangePackage ToExchangePackage(const EdxmlPackage& p) {
  ExchangePackage e;
  e.edxml_id = p.document_id;
  if (e.edxml_id.empty()) {
    // Producers that leave DocumentId out: the same three parts it is made of.
    std::string date = p.issue_date;
    std::replace(date.begin(), date.end(), '-', '/');
    e.edxml_id = p.from.organ_id + "," + date + "," + p.number;
  }
  e.from_organ_id = p.from.organ_id;
  e.from_name = !p.from.organ_name.empty() ? p.from.organ_name : p.from.organization_in_charge;
  e.number = p.number;
  e.issue_date = p.issue_date;
  e.business = std::string(EdxmlBusinessTypeName(p.business.type));
  e.target_edxml_id = p.business.target_document_id;
  if (auto ref = ParseEdxmlDocumentId(e.target_edxml_id)) {
    e.target_number = NormalizeDocumentNumber(ref->number);
    if (e.target_number.empty()) e.target_number = ref->number;
    e.target_date = ref->date;
  }
  e.signature = std::string(EdxmlSignatureStateName(p.signature.state));
  e.signature_detail = p.signature.detail;
  return e;
}

std::vector<HeaderDisagreement> MergeHeader(const Metadata& header, Metadata* text,
                                            std::vector<std::string>* missing) {
  std::vector<HeaderDisagreement> out;
  struct Field {
    const char* name;
    std::string Metadata::*member;
    std::string (*comparable)(std::string_view);
  };
  static const Field kFields[] = {
      {"number", &Metadata::number,
       [](std::string_view s) { return NumberKey(NormalizeDocumentNumber(s)); }},
      {"type", &Metadata::type, [](std::string_view s) { return Comparable(s); }},
      {"authority", &Metadata::authority,
       [](std::string_view s) { return Comparable(ExpandAuthority(s)); }},
      {"issue_date", &Metadata::issue_date, [](std::string_view s) { return std::string(s); }},
      {"summary", &Metadata::summary, [](std::string_view s) { return ComparableSummary(s); }},
      {"signer", &Metadata::signer, [](std::string_view s) { return Comparable(s); }},
  };
  for (const Field& f : kFields) {
    const std::string& h = header.*f.member;
    std::string& t = text->*f.member;
    if (h.empty()) continue;
    if (t.empty()) {
      t = h;
      SetProvenance(text, f.name, 0.9, "edxml");
      if (f.member == &Metadata::authority && text->authorities.empty()) {
        text->authorities.push_back(h);
      }
      continue;
    }
    if (f.comparable(h) != f.comparable(t)) out.push_back({f.name, h, t});
  }
  if (text->recipients.empty() && !header.recipients.empty()) {
    text->recipients = header.recipients;
    SetProvenance(text, "recipients", 0.9, "edxml");
  }
  if (text->signer_competence.empty() && !header.signer_competence.empty()) {
    text->signer_competence = header.signer_competence;
  }
  if (text->signer_title.empty() && !header.signer_title.empty()) {
    text->signer_title = header.signer_title;
  }
  if (text->place.empty()) text->place = header.place;
  if (missing != nullptr) *missing = MissingRequiredFields(*text);
  return out;
}

nlohmann::json ExchangeToJson(const EdxmlPackage& p,
                              const std::vector<HeaderDisagreement>& disagreements) {
  nlohmann::json d = nlohmann::json::array();
  for (const HeaderDisagreement& x : disagreements) {
    d.push_back({{"field", x.field}, {"header", x.header}, {"text", x.text}});
  }
  ExchangePackage e = ToExchangePackage(p);
  nlohmann::json j = {
      {"document_id", e.edxml_id},
      {"business", e.business},
      {"target_document_id", e.target_edxml_id},
      {"from", {{"organ_id", p.from.organ_id}, {"name", e.from_name}}},
      {"signature",
       {{"state", e.signature},
        {"detail", p.signature.detail},
        {"signer", p.signature.signer_subject},
        {"chain_verified", p.signature.chain_verified}}},
      {"header", MetadataToJson(EdxmlHeaderMetadata(p))},
      {"disagreements", d},
      {"notes", p.notes},
  };
  if (!p.due_date.empty()) j["due_date"] = p.due_date;
  if (p.priority) j["priority"] = *p.priority;
  if (p.steering_type) j["steering_type"] = *p.steering_type;
  return j;
}

Result<int> FlushStatusReplies(Repository& repo, const ExchangeOptions& options) {
  fs::path dir = options.outbox_dir.empty() ? repo.data_dir() / "outbox" : options.outbox_dir;
  int written = 0;
  for (;;) {
    auto replies = repo.PendingStatusReplies(100);
    if (!replies.ok()) return replies.status();
    if (replies->empty()) return written;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status(ErrorCode::kIoError, "create " + dir.string() + ": " + ec.message());
    for (const StatusReply& r : *replies) {
      EdxmlStatus st;
      st.from = options.self;
      st.response_for.organ_id = r.package.from_organ_id;
      st.response_for.code = r.package.number;
      st.response_for.promulgation_date = r.package.issue_date;
      st.response_for.document_id = r.package.edxml_id;
      st.code = r.code;
      st.description = r.description;
      st.timestamp = VietnamTime(r.created_at);
      // Zero-padded: the connector sends the outbox in name order, so 01 goes before 03.
      char name[48];
      std::snprintf(name, sizeof name, "%010lld-%s.edxml", static_cast<long long>(r.id),
                    r.code.c_str());
      fs::path path = dir / name;
      VANBAN_RETURN_IF_ERROR(WriteFileAtomically(path, WriteEdxmlStatus(st)));
      VANBAN_RETURN_IF_ERROR(repo.MarkStatusReplyWritten(r.id, path.string()));
      ++written;
    }
  }
}

namespace {

Status ConfigError(const std::string& field, const std::string& what) {
  return Status(ErrorCode::kInvalidArgument, "exchange.json: " + field + ": " + what);
}

Status ReadString(const nlohmann::json& j, const char* key, std::string* out,
                  const std::string& where) {
  if (!j.contains(key)) return Status::Ok();
  if (!j[key].is_string()) return ConfigError(where + key, "must be a string");
  *out = j[key].get<std::string>();
  return Status::Ok();
}

Status ReadStrings(const nlohmann::json& j, const char* key, std::vector<std::string>* out) {
  if (!j.contains(key)) return Status::Ok();
  if (!j[key].is_array()) return ConfigError(key, "must be a list of strings");
  out->clear();
  for (const auto& v : j[key]) {
    if (!v.is_string()) return ConfigError(key, "must be a list of strings");
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

}  // namespace

Result<ExchangeConfig> LoadExchangeConfig(const fs::path& data_dir) {
  ExchangeConfig c;
  fs::path file = data_dir / "exchange.json";
  std::error_code ec;
  if (!fs::exists(file, ec)) return c;
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status(ErrorCode::kIoError, "cannot read " + file.string());
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) {
    return Status(ErrorCode::kInvalidArgument, file.string() + " is not a JSON object");
  }
  ExchangeOptions& o = c.options;
  VANBAN_RETURN_IF_ERROR(ReadStrings(j, "units", &o.units));
  VANBAN_RETURN_IF_ERROR(ReadStrings(j, "portal_organ_ids", &o.portal_organ_ids));
  VANBAN_RETURN_IF_ERROR(ReadStrings(j, "portal_names", &o.portal_names));
  if (j.contains("self")) {
    const nlohmann::json& s = j["self"];
    if (!s.is_object()) return ConfigError("self", "must be an object");
    VANBAN_RETURN_IF_ERROR(ReadString(s, "organ_id", &o.self.organ_id, "self."));
    VANBAN_RETURN_IF_ERROR(ReadString(s, "organ_name", &o.self.organ_name, "self."));
    VANBAN_RETURN_IF_ERROR(
        ReadString(s, "organization_in_charge", &o.self.organization_in_charge, "self."));
    VANBAN_RETURN_IF_ERROR(ReadString(s, "address", &o.self.address, "self."));
    VANBAN_RETURN_IF_ERROR(ReadString(s, "email", &o.self.email, "self."));
    VANBAN_RETURN_IF_ERROR(ReadString(s, "telephone", &o.self.telephone, "self."));
    VANBAN_RETURN_IF_ERROR(ReadString(s, "website", &o.self.website, "self."));
  }
  std::string ca;
  VANBAN_RETURN_IF_ERROR(ReadString(j, "ca_file", &ca, ""));
  o.trust.ca_file = ca;
  if (j.contains("lgsp")) {
    const nlohmann::json& g = j["lgsp"];
    if (!g.is_object()) return ConfigError("lgsp", "must be an object");
    LgspConfig l;
    VANBAN_RETURN_IF_ERROR(ReadString(g, "base_url", &l.base_url, "lgsp."));
    if (l.base_url.empty()) return ConfigError("lgsp.base_url", "is required");
    VANBAN_RETURN_IF_ERROR(ReadString(g, "api_path", &l.api_path, "lgsp."));
    VANBAN_RETURN_IF_ERROR(ReadString(g, "token_path", &l.token_path, "lgsp."));
    VANBAN_RETURN_IF_ERROR(ReadString(g, "consumer_key", &l.consumer_key, "lgsp."));
    VANBAN_RETURN_IF_ERROR(ReadString(g, "consumer_secret", &l.consumer_secret, "lgsp."));
    VANBAN_RETURN_IF_ERROR(ReadString(g, "unit_secret", &l.unit_secret, "lgsp."));
    l.organ_id = o.self.organ_id;
    VANBAN_RETURN_IF_ERROR(ReadString(g, "organ_id", &l.organ_id, "lgsp."));
    std::string lca;
    VANBAN_RETURN_IF_ERROR(ReadString(g, "ca_file", &lca, "lgsp."));
    l.ca_file = lca;
    if (g.contains("verify_tls")) {
      if (!g["verify_tls"].is_boolean())
        return ConfigError("lgsp.verify_tls", "must be true/false");
      l.verify_tls = g["verify_tls"].get<bool>();
    }
    if (g.contains("poll_seconds")) {
      if (!g["poll_seconds"].is_number() || g["poll_seconds"].get<double>() <= 0) {
        return ConfigError("lgsp.poll_seconds", "must be a positive number");
      }
      l.poll_interval =
          std::chrono::milliseconds(static_cast<int64_t>(g["poll_seconds"].get<double>() * 1000));
    }
    l.data_dir = data_dir;
    l.outbox_dir = o.outbox_dir.empty() ? data_dir / "outbox" : o.outbox_dir;
    l.limits = o.limits;
    c.lgsp = std::move(l);
  }
  return c;
}

LgspPackageSink InboxSink(fs::path inbox_dir) {
  return [dir = std::move(inbox_dir)](const fs::path& package_file,
                                      const std::string& package_id) -> Status {
    std::string safe;
    for (char ch : package_id.substr(0, 80)) {
      bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                ch == '.' || ch == '-' || ch == '_';
      safe += ok ? ch : '_';
    }
    // Ids that sanitise alike stay apart.
    std::string name = "lgsp-" + safe + "-" + Sha256Hex(package_id).substr(0, 8) + ".edxml";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status(ErrorCode::kIoError, "create " + dir.string() + ": " + ec.message());
    fs::path part = dir / (name + ".part");
    fs::copy_file(package_file, part, fs::copy_options::overwrite_existing, ec);
    if (ec) return Status(ErrorCode::kIoError, "copy into " + part.string() + ": " + ec.message());
    int fd = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      return Status(ErrorCode::kIoError, "fsync " + part.string() + ": " + std::strerror(errno));
    }
    ::close(fd);
    fs::rename(part, dir / name, ec);
    if (ec) return Status(ErrorCode::kIoError, "rename " + part.string() + ": " + ec.message());
    return SyncDirectory(dir);
  };
}

}  // namespace vanban
