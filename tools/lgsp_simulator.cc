// lgsp_simulator: a stand-in for the province's exchange gateway (LGSP "trục liên thông",
// WSO2-fronted REST) for tests and demos, with fault injection. A separate process on
// loopback; it serves the edXML packages found in a directory (file name = package id) to
// one unit, and records every status message it receives. Shape and switches: docs/lgsp.md.
//
//   lgsp_simulator --packages DIR [--listen 127.0.0.1:0] [--organ-id ID] [--secret S]
//                  [--consumer-key K --consumer-secret S] [--record FILE.jsonl]
//                  [--delay-ms 3000] [--token-ttl 3600] [--fault OP:KIND[:COUNT[:ID]]]...
//                  [--chaos P] [--seed N]
//
// Prints "lgsp_simulator listening on 127.0.0.1:PORT" once it accepts connections.
#include <civetweb.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::string_view kApi = "/truclienthong/v1.0.0";

// ---- base64 ---------------------------------------------------------------------------------

std::string Base64Encode(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) |
                 uint32_t(uint8_t(in[i + 2]));
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint32_t(uint8_t(in[i])) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view in) {
  std::string out;
  uint32_t quad = 0;
  int have = 0, pad = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else if (c == '=') {
      ++pad;
      continue;
    } else if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
      continue;
    } else {
      return std::nullopt;
    }
    if (pad > 0) return std::nullopt;
    quad = (quad << 6) | uint32_t(v);
    if (++have == 4) {
      out += char((quad >> 16) & 0xff);
      out += char((quad >> 8) & 0xff);
      out += char(quad & 0xff);
      have = 0;
      quad = 0;
    }
  }
  if (have == 1) return std::nullopt;
  if (have == 2) out += char((quad >> 4) & 0xff);
  if (have == 3) {
    out += char((quad >> 10) & 0xff);
    out += char((quad >> 2) & 0xff);
  }
  return out;
}

// ---- configuration and faults ---------------------------------------------------------------

struct FaultRule {
  std::string op;    // token | list | get | put | post | any
  std::string kind;  // see kKinds
  int remaining = 1;
  std::string id;  // package id (get, put) or empty for any
};

const std::set<std::string>& Kinds() {
  static const std::set<std::string> k = {"timeout",
                                          "500",
                                          "503",
                                          "401",
                                          "truncate-http",
                                          "truncate-json",
                                          "truncate-base64",
                                          "malformed-json",
                                          "duplicate",
                                          "ack-lost",
                                          "timeout-after",
                                          "ignore"};
  return k;
}

// Kinds a random ("chaos") fault may take for an operation.
std::vector<std::string> ChaosKinds(const std::string& op) {
  if (op == "list") {
    return {"timeout",        "500",      "503", "truncate-http", "truncate-json",
            "malformed-json", "duplicate"};
  }
  if (op == "get")
    return {"timeout", "500", "503", "truncate-http", "truncate-json", "truncate-base64"};
  if (op == "put") return {"timeout", "500", "ack-lost", "ignore"};
  if (op == "post") return {"timeout", "500", "503", "ack-lost", "timeout-after"};
  return {"500"};
}

struct Config {
  fs::path packages;
  std::string listen = "127.0.0.1:0";
  std::string organ_id = "000.00.12.H53";
  std::string secret = "unit-secret";
  std::string consumer_key;
  std::string consumer_secret;
  fs::path record;
  int delay_ms = 3000;
  int token_ttl = 3600;
  double chaos = 0;
  uint64_t seed = 1;
  std::vector<FaultRule> faults;
};

std::optional<FaultRule> ParseFault(const std::string& spec) {
  std::vector<std::string> parts;
  std::stringstream ss(spec);
  for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
  if (parts.size() < 2 || parts.size() > 4) return std::nullopt;
  FaultRule r;
  r.op = parts[0];
  r.kind = parts[1];
  if (parts.size() > 2 && !parts[2].empty()) r.remaining = std::atoi(parts[2].c_str());
  if (parts.size() > 3) r.id = parts[3];
  static const std::set<std::string> ops = {"token", "list", "get", "put", "post", "any"};
  if (!ops.count(r.op) || !Kinds().count(r.kind) || r.remaining <= 0) return std::nullopt;
  return r;
}

// ---- state -----------------------------------------------------------------------------------

struct Package {
  std::string id;
  int64_t seq = 0;
  std::string from;
  std::string created;
  std::string status = "INITIAL";  // INITIAL | PROCESSING | DONE | FAIL
  int fetches = 0;
  int acks = 0;
};

struct StatusRecord {
  json j;
};

std::string Now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y/%m/%d %H:%M:%S", &tm);
  return buf;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Text of the first element with this local name, whatever its namespace, in document order.
const xmlNode* FindElement(const xmlNode* n, std::string_view local) {
  for (; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (local == reinterpret_cast<const char*>(n->name)) return n;
    if (const xmlNode* c = FindElement(n->children, local)) return c;
  }
  return nullptr;
}

std::string TextOf(const xmlNode* n) {
  if (n == nullptr) return {};
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c != nullptr ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

class Simulator {
 public:
  explicit Simulator(Config c) : cfg_(std::move(c)), rng_(cfg_.seed) { faults_ = cfg_.faults; }

  void Stop() {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
    stop_cv_.notify_all();
  }

  int Handle(mg_connection* conn) {
    const mg_request_info* ri = mg_get_request_info(conn);
    std::string method = ri->request_method;
    std::string uri = ri->local_uri != nullptr ? ri->local_uri : "";
    std::string query = ri->query_string != nullptr ? ri->query_string : "";
    std::string body = ReadBody(conn);

    if (uri.rfind("/_sim/", 0) == 0) return Control(conn, method, uri, body);
    if (uri == "/token" && method == "POST") return Token(conn, body);
    if (uri.rfind(kApi, 0) != 0) return Reply(conn, 404, Error("404", "no such resource"));
    std::string rest = uri.substr(kApi.size());

    // Every API call: a live bearer token (when credentials are configured) and the unit's
    // secret.
    if (!cfg_.consumer_key.empty()) {
      const char* auth = mg_get_header(conn, "Authorization");
      if (auth == nullptr || !TokenValid(auth)) {
        return Reply(conn, 401, Error("401", "invalid or expired access token"));
      }
    }
    const char* secret = mg_get_header(conn, "secret");
    if (secret == nullptr || cfg_.secret != secret) {
      return Reply(conn, 403, Error("403", "unknown unit secret"));
    }

    if (rest == "/vanbans" && method == "GET") return List(conn, query);
    if (rest == "/vanbans" && method == "POST") return Post(conn, body);
    if (rest.rfind("/vanbans/", 0) == 0) {
      std::string id = UrlDecode(rest.substr(9));
      if (method == "GET") return Get(conn, id);
      if (method == "PUT") return Put(conn, id, query);
    }
    if (rest == "/donvilienthongs" && method == "GET") {
      json d = Ok();
      d["data"] =
          json::array({{{"id", 1}, {"code", cfg_.organ_id}, {"name", "Cổng TTĐT"}, {"pid", 0}}});
      return Reply(conn, 200, d.dump());
    }
    return Reply(conn, 405, Error("405", "method not allowed"));
  }

 private:
  static json Ok() { return {{"status", "OK"}, {"errorCode", "0"}, {"errorDesc", ""}}; }
  static std::string Error(const std::string& code, const std::string& desc) {
    return json{{"status", "FAIL"}, {"errorCode", code}, {"errorDesc", desc}}.dump();
  }

  static std::string UrlDecode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(uint8_t(s[i + 1])) &&
          std::isxdigit(uint8_t(s[i + 2]))) {
        out += char(std::strtol(std::string(s.substr(i + 1, 2)).c_str(), nullptr, 16));
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  }

  static std::string QueryParam(const std::string& query, const std::string& name) {
    char buf[1024];
    int n = mg_get_var(query.c_str(), query.size(), name.c_str(), buf, sizeof buf);
    return n >= 0 ? std::string(buf, size_t(n)) : std::string();
  }

  static std::string ReadBody(mg_connection* conn) {
    std::string body;
    char buf[16384];
    for (;;) {
      int n = mg_read(conn, buf, sizeof buf);
      if (n <= 0) break;
      body.append(buf, size_t(n));
    }
    return body;
  }

  static int Reply(mg_connection* conn, int code, const std::string& body) {
    mg_printf(conn,
              "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
              "Content-Length: %zu\r\nConnection: close\r\n\r\n",
              code, code == 200 ? "OK" : "Error", body.size());
    mg_write(conn, body.data(), body.size());
    return code;
  }

  // The next fault for this request: a configured rule, else (with --chaos) a random one.
  std::string TakeFault(const std::string& op, const std::string& id) {
    std::lock_guard<std::mutex> l(mu_);
    for (FaultRule& r : faults_) {
      if (r.remaining <= 0 || (r.op != op && r.op != "any")) continue;
      if (!r.id.empty() && r.id != id) continue;
      --r.remaining;
      ++faults_applied_;
      return r.kind;
    }
    if (cfg_.chaos > 0 && op != "token") {
      std::uniform_real_distribution<double> u(0, 1);
      if (u(rng_) < cfg_.chaos) {
        std::vector<std::string> kinds = ChaosKinds(op);
        std::uniform_int_distribution<size_t> pick(0, kinds.size() - 1);
        ++faults_applied_;
        return kinds[pick(rng_)];
      }
    }
    return {};
  }

  // Holds the request longer than any sensible client timeout (interrupted by shutdown).
  void Delay() {
    std::unique_lock<std::mutex> l(mu_);
    stop_cv_.wait_for(l, std::chrono::milliseconds(cfg_.delay_ms), [&] { return stopping_; });
  }

  // Applies the faults every operation shares; returns true when the request was answered.
  bool CommonFault(mg_connection* conn, const std::string& fault, const std::string& body,
                   int* code) {
    if (fault == "timeout") {
      // Held past the client's timeout, then answered as a proxy would; nothing was done.
      Delay();
      *code = Reply(conn, 504, Error("504", "injected: gateway timeout"));
      return true;
    }
    if (fault == "500" || fault == "503") {
      *code = Reply(conn, std::stoi(fault), Error(fault, "injected server error"));
      return true;
    }
    if (fault == "401") {
      *code = Reply(conn, 401, Error("401", "injected: token expired"));
      return true;
    }
    if (fault == "truncate-http") {
      // Declares the whole body, sends part of it and closes the connection.
      size_t cut = body.empty() ? 0 : RandomCut(body.size());
      mg_printf(conn,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                body.size());
      mg_write(conn, body.data(), cut);
      *code = 200;
      return true;
    }
    if (fault == "truncate-json") {
      // A well-framed response whose JSON stops early.
      *code = Reply(conn, 200, body.substr(0, RandomCut(body.size())));
      return true;
    }
    if (fault == "malformed-json") {
      *code = Reply(conn, 200, "{\"status\":\"OK\",\"data\":[{\"docId\":]]}");
      return true;
    }
    return false;
  }

  size_t RandomCut(size_t size) {
    std::lock_guard<std::mutex> l(mu_);
    if (size < 2) return 0;
    std::uniform_int_distribution<size_t> d(1, size - 1);
    return d(rng_);
  }

  // Packages present in the directory; a new file gets the next sequence number (in name
  // order within one scan). Hidden files (".name") are being written and are skipped.
  void Scan() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cfg_.packages, ec)) {
      std::string name = e.path().filename().string();
      if (name.empty() || name[0] == '.' || !e.is_regular_file()) continue;
      files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::string id = f.filename().string();
      if (f.extension() == ".edxml") id = f.stem().string();
      if (packages_.count(id)) continue;
      Package p;
      p.id = id;
      p.seq = ++last_seq_;
      p.created = Now();
      std::string head = ReadAll(f).substr(0, 65536);
      size_t a = head.find("OrganId>");
      if (a != std::string::npos) {
        size_t b = head.find('<', a);
        if (b != std::string::npos) p.from = head.substr(a + 8, b - a - 8);
      }
      files_[id] = f;
      packages_[id] = p;
    }
  }

  int List(mg_connection* conn, const std::string& query) {
    std::string since_s = QueryParam(query, "since");
    std::string limit_s = QueryParam(query, "limit");
    int64_t since = std::strtoll(since_s.c_str(), nullptr, 10);
    long limit_n = limit_s.empty() ? 1000 : std::strtol(limit_s.c_str(), nullptr, 10);
    size_t limit = size_t(std::max(1L, limit_n));
    std::string fault = TakeFault("list", "");
    json d = Ok();
    d["data"] = json::array();
    {
      std::lock_guard<std::mutex> l(mu_);
      ++list_calls_;
      Scan();
      std::vector<const Package*> items;
      for (const auto& [id, p] : packages_) {
        if (p.seq > since && p.status != "DONE") items.push_back(&p);
      }
      std::sort(items.begin(), items.end(),
                [](const Package* a, const Package* b) { return a->seq < b->seq; });
      if (items.size() > limit) items.resize(limit);
      for (const Package* p : items) {
        json it = {{"serviceType", "eDoc"}, {"messageType", "edoc"},     {"statusDesc", ""},
                   {"docId", p->id},        {"from", p->from},           {"to", cfg_.organ_id},
                   {"status", p->status},   {"createdTime", p->created}, {"seq", p->seq}};
        d["data"].push_back(it);
        if (fault == "duplicate") d["data"].push_back(it);
      }
    }
    int code = 0;
    std::string body = d.dump();
    if (CommonFault(conn, fault, body, &code)) return code;
    return Reply(conn, 200, body);
  }

  int Get(mg_connection* conn, const std::string& id) {
    fs::path file;
    {
      std::lock_guard<std::mutex> l(mu_);
      Scan();
      auto it = files_.find(id);
      if (it == files_.end()) return Reply(conn, 404, Error("404", "no such package"));
      file = it->second;
      ++packages_[id].fetches;
    }
    std::string fault = TakeFault("get", id);
    std::string b64 = Base64Encode(ReadAll(file));
    if (fault == "truncate-base64") {
      // Valid JSON and valid base64, but the edXML inside stops early.
      // At most three quarters through, so the cut always falls inside the root element.
      size_t cut = RandomCut(b64.size() / 4 * 3 / 4) * 4;
      b64.resize(cut);
    }
    json d = Ok();
    d["data"] = std::move(b64);
    std::string body = d.dump();
    int code = 0;
    if (CommonFault(conn, fault, body, &code)) return code;
    return Reply(conn, 200, body);
  }

  int Put(mg_connection* conn, const std::string& id, const std::string& query) {
    std::string status = QueryParam(query, "status");
    if (status.empty()) {
      const char* h = mg_get_header(conn, "status");
      if (h != nullptr) status = h;
    }
    static const std::set<std::string> allowed = {"INITIAL", "PROCESSING", "DONE", "FAIL"};
    if (!allowed.count(status)) return Reply(conn, 400, Error("400", "bad status"));
    std::string fault = TakeFault("put", id);
    int code = 0;
    std::string ok = Ok().dump();
    if (fault != "ack-lost" && fault != "ignore" && CommonFault(conn, fault, ok, &code)) {
      return code;
    }
    {
      std::lock_guard<std::mutex> l(mu_);
      auto it = packages_.find(id);
      if (it == packages_.end()) return Reply(conn, 404, Error("404", "no such package"));
      ++it->second.acks;
      if (fault == "ignore") {
        // The gateway loses the receipt and delivers the package again, as new.
        it->second.seq = ++last_seq_;
        it->second.status = "INITIAL";
      } else {
        it->second.status = status;
      }
    }
    if (fault == "ack-lost") return Reply(conn, 500, Error("500", "injected: reply lost"));
    return Reply(conn, 200, ok);
  }

  int Post(mg_connection* conn, const std::string& body) {
    const char* type = mg_get_header(conn, "messagetype");
    if (type == nullptr || (std::string(type) != "status" && std::string(type) != "edoc")) {
      return Reply(conn, 400, Error("400", "messagetype must be edoc or status"));
    }
    std::string fault = TakeFault("post", "");
    int code = 0;
    if (fault != "ack-lost" && fault != "timeout-after" &&
        CommonFault(conn, fault, Ok().dump(), &code)) {
      return code;
    }
    std::optional<std::string> xml = Base64Decode(body);
    if (!xml) return Reply(conn, 400, Error("400", "body is not base64"));
    xmlDoc* doc = xmlReadMemory(xml->data(), int(xml->size()), "status.xml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == nullptr) return Reply(conn, 400, Error("400", "not well-formed XML"));
    const xmlNode* root = xmlDocGetRootElement(doc);
    std::string code_s = TextOf(FindElement(root, "StatusCode"));
    const xmlNode* rf = FindElement(root, "ResponseFor");
    std::string document_id = rf != nullptr ? TextOf(FindElement(rf->children, "DocumentId")) : "";
    const xmlNode* from = FindElement(root, "From");
    std::string from_id = from != nullptr ? TextOf(FindElement(from->children, "OrganId")) : "";
    std::string description = TextOf(FindElement(root, "Description"));
    bool is_edxml =
        root != nullptr && std::string_view("edXML") == reinterpret_cast<const char*>(root->name);
    xmlFreeDoc(doc);
    if (!is_edxml || (std::string(type) == "status" && code_s.empty())) {
      return Reply(conn, 400, Error("400", "not an edXML status message"));
    }
    const char* key_h = mg_get_header(conn, "Idempotency-Key");
    std::string key = key_h != nullptr ? key_h : "";
    json reply = Ok();
    {
      std::lock_guard<std::mutex> l(mu_);
      ++post_calls_;
      bool duplicate = !key.empty() && accepted_.count(key) > 0;
      std::string msg_id = duplicate ? accepted_[key] : "status-" + std::to_string(++msg_seq_);
      if (!duplicate && !key.empty()) accepted_[key] = msg_id;
      json rec = {{"key", key},
                  {"document_id", document_id},
                  {"code", code_s},
                  {"from", from_id},
                  {"description", description},
                  {"duplicate", duplicate},
                  {"msg_id", msg_id},
                  {"time", Now()}};
      statuses_.push_back(rec);
      if (!cfg_.record.empty()) {
        std::ofstream out(cfg_.record, std::ios::app);
        out << rec.dump() << "\n";
      }
      reply["docId"] = msg_id;
    }
    if (fault == "ack-lost") return Reply(conn, 500, Error("500", "injected: reply lost"));
    if (fault == "timeout-after") Delay();
    return Reply(conn, 200, reply.dump());
  }

  int Token(mg_connection* conn, const std::string& body) {
    std::string fault = TakeFault("token", "");
    const char* auth = mg_get_header(conn, "Authorization");
    std::string expect = "Basic " + Base64Encode(cfg_.consumer_key + ":" + cfg_.consumer_secret);
    if (auth == nullptr || expect != auth) {
      return Reply(conn, 401, json{{"error", "invalid_client"}}.dump());
    }
    if (body.find("grant_type=client_credentials") == std::string::npos) {
      return Reply(conn, 400, json{{"error", "unsupported_grant_type"}}.dump());
    }
    std::string token;
    {
      std::lock_guard<std::mutex> l(mu_);
      token = "tok-" + std::to_string(++token_seq_) + "-" + std::to_string(rng_());
      tokens_[token] = std::chrono::steady_clock::now() + std::chrono::seconds(cfg_.token_ttl);
    }
    json d = {{"access_token", token},
              {"scope", "default"},
              {"token_type", "Bearer"},
              {"expires_in", cfg_.token_ttl}};
    int code = 0;
    if (CommonFault(conn, fault, d.dump(), &code)) return code;
    return Reply(conn, 200, d.dump());
  }

  bool TokenValid(std::string_view auth) {
    if (auth.rfind("Bearer ", 0) != 0) return false;
    std::lock_guard<std::mutex> l(mu_);
    auto it = tokens_.find(std::string(auth.substr(7)));
    return it != tokens_.end() && it->second > std::chrono::steady_clock::now();
  }

  int Control(mg_connection* conn, const std::string& method, const std::string& uri,
              const std::string& body) {
    std::lock_guard<std::mutex> l(mu_);
    if (uri == "/_sim/health") return Reply(conn, 200, Ok().dump());
    if (uri == "/_sim/statuses" && method == "GET") {
      return Reply(conn, 200, json(statuses_).dump());
    }
    if (uri == "/_sim/packages" && method == "GET") {
      Scan();
      json a = json::array();
      for (const auto& [id, p] : packages_) {
        a.push_back({{"id", id},
                     {"seq", p.seq},
                     {"status", p.status},
                     {"fetches", p.fetches},
                     {"acks", p.acks}});
      }
      return Reply(conn, 200, a.dump());
    }
    if (uri == "/_sim/stats" && method == "GET") {
      json s = {{"list_calls", list_calls_},
                {"post_calls", post_calls_},
                {"faults_applied", faults_applied_},
                {"faults_pending", 0}};
      int pending = 0;
      for (const FaultRule& r : faults_) pending += r.remaining;
      s["faults_pending"] = pending;
      return Reply(conn, 200, s.dump());
    }
    if (uri == "/_sim/faults" && method == "DELETE") {
      faults_.clear();
      cfg_.chaos = 0;
      return Reply(conn, 200, Ok().dump());
    }
    if (uri == "/_sim/faults" && method == "POST") {
      // {"faults": ["get:timeout:2:pkg-1", ...], "chaos": 0.3}
      json j = json::parse(body, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return Reply(conn, 400, Error("400", "bad JSON"));
      for (const auto& f : j.value("faults", json::array())) {
        std::optional<FaultRule> r =
            f.is_string() ? ParseFault(f.get<std::string>()) : std::nullopt;
        if (!r) return Reply(conn, 400, Error("400", "bad fault: " + f.dump()));
        faults_.push_back(*r);
      }
      if (j.contains("chaos") && j["chaos"].is_number()) cfg_.chaos = j["chaos"].get<double>();
      return Reply(conn, 200, Ok().dump());
    }
    return Reply(conn, 404, Error("404", "no such control endpoint"));
  }

  Config cfg_;
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::mt19937_64 rng_;
  std::vector<FaultRule> faults_;
  std::map<std::string, Package> packages_;
  std::map<std::string, fs::path> files_;
  int64_t last_seq_ = 0;
  std::map<std::string, std::chrono::steady_clock::time_point> tokens_;
  int64_t token_seq_ = 0;
  std::map<std::string, std::string> accepted_;  // idempotency key -> message id
  json statuses_ = json::array();
  int64_t msg_seq_ = 0;
  int64_t list_calls_ = 0, post_calls_ = 0, faults_applied_ = 0;
};

int BeginRequest(mg_connection* conn) {
  auto* sim = static_cast<Simulator*>(mg_get_user_data(mg_get_context(conn)));
  return sim->Handle(conn);
}

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

int Usage() {
  std::cerr << "usage: lgsp_simulator --packages DIR [--listen HOST:PORT] [--organ-id ID]\n"
               "         [--secret S] [--consumer-key K --consumer-secret S] [--record FILE]\n"
               "         [--delay-ms N] [--token-ttl SEC] [--fault OP:KIND[:COUNT[:ID]]]...\n"
               "         [--chaos P] [--seed N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    if (a == "--help") return Usage();
    if (!(v = next())) return Usage();
    if (a == "--packages") {
      cfg.packages = *v;
    } else if (a == "--listen") {
      cfg.listen = *v;
    } else if (a == "--port") {
      cfg.listen = "127.0.0.1:" + *v;
    } else if (a == "--organ-id") {
      cfg.organ_id = *v;
    } else if (a == "--secret") {
      cfg.secret = *v;
    } else if (a == "--consumer-key") {
      cfg.consumer_key = *v;
    } else if (a == "--consumer-secret") {
      cfg.consumer_secret = *v;
    } else if (a == "--record") {
      cfg.record = *v;
    } else if (a == "--delay-ms") {
      cfg.delay_ms = std::stoi(*v);
    } else if (a == "--token-ttl") {
      cfg.token_ttl = std::stoi(*v);
    } else if (a == "--chaos") {
      cfg.chaos = std::stod(*v);
    } else if (a == "--seed") {
      cfg.seed = std::stoull(*v);
    } else if (a == "--fault") {
      std::optional<FaultRule> r = ParseFault(*v);
      if (!r) {
        std::cerr << "lgsp_simulator: bad --fault '" << *v << "'\n";
        return Usage();
      }
      cfg.faults.push_back(*r);
    } else {
      return Usage();
    }
  }
  if (cfg.packages.empty() || !fs::is_directory(cfg.packages)) {
    std::cerr << "lgsp_simulator: --packages must name a directory\n";
    return Usage();
  }
  xmlInitParser();
  Simulator sim(cfg);
  mg_init_library(0);
  mg_callbacks callbacks{};
  callbacks.begin_request = &BeginRequest;
  const char* options[] = {"listening_ports",
                           cfg.listen.c_str(),
                           "num_threads",
                           "16",
                           "enable_keep_alive",
                           "no",
                           nullptr};
  mg_context* ctx = mg_start(&callbacks, &sim, options);
  if (ctx == nullptr) {
    std::cerr << "lgsp_simulator: cannot listen on " << cfg.listen << "\n";
    return 1;
  }
  mg_server_port ports[4] = {};
  int n = mg_get_server_ports(ctx, 4, ports);
  if (n <= 0) {
    std::cerr << "lgsp_simulator: no listening port\n";
    mg_stop(ctx);
    return 1;
  }
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  std::cout << "lgsp_simulator listening on 127.0.0.1:" << ports[0].port << std::endl;
  while (!g_stop) ::usleep(20 * 1000);
  // Exits at once: requests in flight are dropped, as when a gateway goes down (mg_stop would
  // wait for CivetWeb's listener for up to two seconds). Every status is already recorded.
  sim.Stop();
  std::cout.flush();
  ::_exit(0);
}
