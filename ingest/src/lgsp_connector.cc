// The LGSP connector (lgsp_connector.h). libcurl is used here only; nothing of it leaks out.
//
// Layout under data_dir/lgsp/:
//   cursor.json      {"version":1,"since":N}: the highest list sequence settled (temp + fsync
//                    + rename, directory fsynced)
//   packages.jsonl   the journal: one line per change of a package's entry (the whole entry),
//                    fsynced before anything depends on it; the last line of an id wins.
//                    Rewritten compacted at Open.
//   staging/         the package being fetched (cleared at Open)
//   scratch/         attachments of the completeness check (cleared after each check)
#include "vanban/ingest/lgsp_connector.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "edxml_base64.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---- small file utilities -------------------------------------------------------------------

Status FsyncDir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status(ErrorCode::kIoError, "open " + dir.string() + ": " + strerror(errno));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status(ErrorCode::kIoError, "fsync " + dir.string() + ": " + strerror(errno));
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data, const fs::path& what) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoError, "write " + what.string() + ": " + strerror(errno));
    }
    data.remove_prefix(size_t(n));
  }
  return Status::Ok();
}

// temp + fsync + rename + directory fsync: the file holds the old or the new bytes, whole.
Status WriteFileAtomic(const fs::path& path, std::string_view data) {
  fs::path tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status(ErrorCode::kIoError, "create " + tmp.string() + ": " + strerror(errno));
  Status st = WriteAll(fd, data, tmp);
  if (st.ok() && ::fsync(fd) != 0) {
    st = Status(ErrorCode::kIoError, "fsync " + tmp.string() + ": " + strerror(errno));
  }
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    st = Status(ErrorCode::kIoError, "rename " + tmp.string() + ": " + strerror(errno));
  }
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return FsyncDir(path.parent_path());
}

Result<std::string> ReadSmallFile(const fs::path& p, int64_t max_bytes) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return Status(ErrorCode::kIoError, "stat " + p.string() + ": " + ec.message());
  if (int64_t(size) > max_bytes) return Status(ErrorCode::kTooLarge, p.string());
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status(ErrorCode::kIoError, "open " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Base64Encode(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  auto b = [&](size_t k) { return uint32_t(uint8_t(in[k])); };
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    for (int s : {18, 12, 6, 0}) out += kAlphabet[(v >> s) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = b(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (b(i) << 16) | (b(i + 1) << 8);
    for (int s : {18, 12, 6}) out += kAlphabet[(v >> s) & 63];
    out += '=';
  }
  return out;
}

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 15];
  }
  return s;
}

std::string Sha256Of(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return Hex(md, len);
}

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += char(c);
    } else {
      static constexpr char kDigits[] = "0123456789ABCDEF";
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
  }
  return out;
}

// A file name for a gateway id: the id itself when it is harmless, else its hash.
std::string SafeName(const std::string& id) {
  bool safe = !id.empty() && id.size() <= 100 && id[0] != '.';
  for (unsigned char c : id) {
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) safe = false;
  }
  return safe ? id : "id-" + Sha256Of(id).substr(0, 32);
}

// ---- streaming extraction of "data" from {"status":..,"data":"<base64>"} -------------------
//
// The package's base64 is decoded as it arrives and written to the staging file, hashed on
// the way: a package of tens of MB never sits in memory. The other top-level members are kept
// (bounded). Anything that stops early (JSON, string, base64) is reported as truncated.
class DetailStream {
 public:
  DetailStream(int fd, int64_t max_bytes) : fd_(fd), max_bytes_(max_bytes) {
    ctx_ = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
  }
  ~DetailStream() { EVP_MD_CTX_free(ctx_); }
  DetailStream(const DetailStream&) = delete;
  DetailStream& operator=(const DetailStream&) = delete;

  bool Feed(std::string_view in) {
    for (char c : in) {
      if (!Char(c)) return false;
    }
    return Flush();
  }

  // After the transfer: Ok, or why the body is not a whole detail response.
  Status Finish() {
    if (!error_.ok()) return error_;
    if (!complete_) return Status(ErrorCode::kCorrupt, "truncated: JSON ends early");
    if (!saw_data_) {
      return Status(ErrorCode::kCorrupt, "no \"data\" in the response (status " +
                                             members_["status"] + ", errorCode " +
                                             members_["errorCode"] + ")");
    }
    if (!decoder_.Finish(out_)) {
      return Status(ErrorCode::kCorrupt, "truncated: base64 ends early");
    }
    if (!Flush()) return error_;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, md, &len);
    sha256_ = Hex(md, len);
    return Status::Ok();
  }

  const std::string& sha256() const { return sha256_; }
  int64_t size() const { return written_; }
  std::string member(const std::string& k) const {
    auto it = members_.find(k);
    return it == members_.end() ? "" : it->second;
  }

 private:
  bool Fail(ErrorCode code, std::string msg) {
    if (error_.ok()) error_ = Status(code, std::move(msg));
    return false;
  }

  bool Flush() {
    if (!error_.ok()) return false;
    if (out_.empty()) return true;
    written_ += int64_t(out_.size());
    if (written_ > max_bytes_) return Fail(ErrorCode::kTooLarge, "package over the size limit");
    EVP_DigestUpdate(ctx_, out_.data(), out_.size());
    Status st = WriteAll(fd_, out_, "staging file");
    out_.clear();
    if (!st.ok()) return Fail(st.code(), st.message());
    return true;
  }

  // One character of the string value being read (after unescaping).
  bool StringChar(std::string_view bytes) {
    if (depth_ != 1) return true;  // strings nested deeper are skipped
    if (expect_key_) {
      if (key_.size() + bytes.size() > 256) return Fail(ErrorCode::kCorrupt, "key too long");
      key_.append(bytes);
      return true;
    }
    if (key_ == "data") {
      if (!decoder_.Feed(bytes, out_)) return Fail(ErrorCode::kCorrupt, decoder_.error());
      if (out_.size() >= (64 << 10)) return Flush();
      return true;
    }
    std::string& v = members_[key_];
    if (v.size() < 4096) v.append(bytes);
    return true;
  }

  void AppendUtf8(uint32_t cp, std::string& s) {
    if (cp < 0x80) {
      s += char(cp);
    } else if (cp < 0x800) {
      s += char(0xC0 | (cp >> 6));
      s += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += char(0xE0 | (cp >> 12));
      s += char(0x80 | ((cp >> 6) & 0x3F));
      s += char(0x80 | (cp & 0x3F));
    } else {
      s += char(0xF0 | (cp >> 18));
      s += char(0x80 | ((cp >> 12) & 0x3F));
      s += char(0x80 | ((cp >> 6) & 0x3F));
      s += char(0x80 | (cp & 0x3F));
    }
  }

  bool Char(char c) {
    if (complete_) {
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') return true;
      return Fail(ErrorCode::kCorrupt, "data after the JSON object");
    }
    if (in_string_) {
      if (hex_left_ > 0) {
        int v = std::isdigit(uint8_t(c)) ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (v < 0) return Fail(ErrorCode::kCorrupt, "bad \\u escape");
        code_ = (code_ << 4) | uint32_t(v);
        if (--hex_left_ == 0) {
          if (code_ >= 0xD800 && code_ < 0xDC00) {
            high_ = code_;
            return true;
          }
          uint32_t cp = code_;
          if (code_ >= 0xDC00 && code_ < 0xE000 && high_ != 0) {
            cp = 0x10000 + ((high_ - 0xD800) << 10) + (code_ - 0xDC00);
          }
          high_ = 0;
          std::string s;
          AppendUtf8(cp, s);
          return StringChar(s);
        }
        return true;
      }
      if (escape_) {
        escape_ = false;
        char out;
        switch (c) {
          case '"':
            out = '"';
            break;
          case '\\':
            out = '\\';
            break;
          case '/':
            out = '/';
            break;
          case 'b':
            out = '\b';
            break;
          case 'f':
            out = '\f';
            break;
          case 'n':
            out = '\n';
            break;
          case 'r':
            out = '\r';
            break;
          case 't':
            out = '\t';
            break;
          case 'u':
            hex_left_ = 4;
            code_ = 0;
            return true;
          default:
            return Fail(ErrorCode::kCorrupt, "bad escape in JSON string");
        }
        return StringChar(std::string_view(&out, 1));
      }
      if (c == '\\') {
        escape_ = true;
        return true;
      }
      if (c == '"') {
        in_string_ = false;
        return true;
      }
      return StringChar(std::string_view(&c, 1));
    }
    switch (c) {
      case ' ':
      case '\n':
      case '\r':
      case '\t':
        return true;
      case '"':
        in_string_ = true;
        if (depth_ == 1 && expect_key_) key_.clear();
        if (depth_ == 1 && !expect_key_ && key_ == "data") saw_data_ = true;
        return true;
      case '{':
      case '[':
        if (depth_ == 0 && c != '{') return Fail(ErrorCode::kCorrupt, "not a JSON object");
        ++depth_;
        if (depth_ == 1) expect_key_ = true;
        if (depth_ > 64) return Fail(ErrorCode::kCorrupt, "JSON nested too deep");
        return true;
      case '}':
      case ']':
        if (depth_ == 0) return Fail(ErrorCode::kCorrupt, "unbalanced JSON");
        if (--depth_ == 0) complete_ = true;
        return true;
      case ':':
        if (depth_ == 1) expect_key_ = false;
        return true;
      case ',':
        if (depth_ == 1) expect_key_ = true;
        return true;
      default:
        if (depth_ == 0) return Fail(ErrorCode::kCorrupt, "not a JSON object");
        return true;  // numbers, true, false, null
    }
  }

  int fd_;
  int64_t max_bytes_;
  EVP_MD_CTX* ctx_;
  edxml_internal::Base64Decoder decoder_;
  std::string out_;
  int64_t written_ = 0;
  std::string sha256_;
  Status error_;
  int depth_ = 0;
  bool expect_key_ = true;
  bool in_string_ = false, escape_ = false, complete_ = false, saw_data_ = false;
  int hex_left_ = 0;
  uint32_t code_ = 0, high_ = 0;
  std::string key_;
  std::map<std::string, std::string> members_;
};

// ---- journal entries ------------------------------------------------------------------------

// States: "handing" (about to be given to the sink), "stored" (the sink took it), "duplicate"
// (the bytes of an earlier package), "parked" (could not be fetched; tried again later),
// "refused" (never will be: gone from the gateway, over the size limit).
struct Entry {
  std::string id;
  std::string state;
  std::string sha256;
  std::string document_id;
  std::string dup_of;
  std::string reason;
  int attempts = 0;              // rounds that failed to fetch it
  bool acked = false;            // the gateway was told (PUT DONE / FAIL)
  Clock::time_point next_try{};  // not persisted: parked entries are due after a restart
  int corrupt_repeats = 0;       // not persisted
  std::string last_corrupt_sha;  // not persisted

  json ToJson() const {
    json j = {{"id", id}, {"state", state}, {"acked", acked}};
    if (!sha256.empty()) j["sha256"] = sha256;
    if (!document_id.empty()) j["document_id"] = document_id;
    if (!dup_of.empty()) j["dup_of"] = dup_of;
    if (!reason.empty()) j["reason"] = reason;
    if (attempts > 0) j["attempts"] = attempts;
    return j;
  }
  static std::optional<Entry> FromJson(const json& j) {
    if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("state") ||
        !j["state"].is_string()) {
      return std::nullopt;
    }
    Entry e;
    e.id = j["id"].get<std::string>();
    e.state = j["state"].get<std::string>();
    e.sha256 = j.value("sha256", "");
    e.document_id = j.value("document_id", "");
    e.dup_of = j.value("dup_of", "");
    e.reason = j.value("reason", "");
    e.attempts = j.value("attempts", 0);
    e.acked = j.value("acked", false);
    return e;
  }
  bool settled() const { return state == "stored" || state == "duplicate" || state == "refused"; }
};

void CurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct HttpResponse {
  long status = 0;
  std::string body;
};

}  // namespace

std::string_view LgspLogLevelName(LgspLogLevel level) {
  switch (level) {
    case LgspLogLevel::kInfo:
      return "info";
    case LgspLogLevel::kWarning:
      return "warning";
    case LgspLogLevel::kError:
      return "error";
  }
  return "info";
}

class LgspConnector::Impl {
 public:
  Impl(LgspConfig c, LgspPackageSink s, LgspLogHook l)
      : cfg(std::move(c)), sink(std::move(s)), log(std::move(l)), rng(std::random_device{}()) {}

  ~Impl() {
    if (journal_fd >= 0) ::close(journal_fd);
  }

  LgspConfig cfg;
  LgspPackageSink sink;
  LgspLogHook log;

  fs::path state_dir, staging_dir, scratch_dir, outbox_dir, failed_dir;
  int journal_fd = -1;

  std::mutex round_mu;  // one round at a time; guards the state below
  std::map<std::string, Entry> entries;
  std::map<std::string, std::string> by_sha;  // sha256 -> id of the package that holds it
  int64_t cursor = 0;
  std::string token;
  Clock::time_point token_expiry{};
  std::mt19937_64 rng;

  mutable std::mutex stats_mu;
  LgspStats st;

  std::mutex thread_mu;  // Start / Stop
  std::thread thread;
  std::mutex wait_mu;
  std::condition_variable wait_cv;
  std::atomic<bool> stop{false};
  std::atomic<bool> running{false};

  // ---- logging and stats --------------------------------------------------------------------

  void Log(LgspLogLevel level, const std::string& msg) {
    if (log) log(level, msg);
  }
  template <typename F>
  void Count(F f) {
    std::lock_guard<std::mutex> l(stats_mu);
    f(st);
  }

  // Waits `d` unless stopped; false when stopped.
  bool Sleep(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> l(wait_mu);
    return !wait_cv.wait_for(l, d, [&] { return stop.load(); });
  }

  std::chrono::milliseconds Backoff(int attempt) {
    double base = double(cfg.retry.initial.count()) * std::pow(cfg.retry.multiplier, attempt);
    base = std::min(base, double(cfg.retry.max.count()));
    std::uniform_real_distribution<double> u(1.0 - std::clamp(cfg.retry.jitter, 0.0, 1.0), 1.0);
    return std::chrono::milliseconds(int64_t(base * u(rng)));
  }

  // ---- state --------------------------------------------------------------------------------

  Status OpenState() {
    state_dir = cfg.data_dir / "lgsp";
    staging_dir = state_dir / "staging";
    scratch_dir = state_dir / "scratch";
    outbox_dir = cfg.outbox_dir.empty() ? cfg.data_dir / "outbox" : cfg.outbox_dir;
    failed_dir = outbox_dir / "failed";
    std::error_code ec;
    for (const fs::path& d : {state_dir, outbox_dir, failed_dir}) {
      fs::create_directories(d, ec);
      if (ec) return Status(ErrorCode::kIoError, "create " + d.string() + ": " + ec.message());
    }
    fs::remove_all(staging_dir, ec);
    fs::remove_all(scratch_dir, ec);
    fs::create_directories(staging_dir, ec);
    if (ec)
      return Status(ErrorCode::kIoError, "create " + staging_dir.string() + ": " + ec.message());

    fs::path cursor_file = state_dir / "cursor.json";
    if (fs::exists(cursor_file)) {
      Result<std::string> text = ReadSmallFile(cursor_file, 1 << 20);
      if (!text.ok()) return text.status();
      json j = json::parse(*text, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("since") ||
          !j["since"].is_number_integer()) {
        return Status(ErrorCode::kCorrupt, "unreadable " + cursor_file.string());
      }
      cursor = j["since"].get<int64_t>();
    }

    fs::path journal = state_dir / "packages.jsonl";
    size_t lines = 0;
    if (fs::exists(journal)) {
      std::ifstream in(journal, std::ios::binary);
      if (!in) return Status(ErrorCode::kIoError, "open " + journal.string());
      for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        ++lines;
        json j = json::parse(line, nullptr, false);
        std::optional<Entry> e = j.is_discarded() ? std::nullopt : Entry::FromJson(j);
        if (!e) {
          // A torn last line after a crash mid-append; the entry before it still holds.
          Log(LgspLogLevel::kWarning, "lgsp journal: skipping an unreadable line");
          continue;
        }
        entries[e->id] = *e;
      }
    }
    for (const auto& [id, e] : entries) {
      if ((e.state == "stored" || e.state == "handing") && !e.sha256.empty()) by_sha[e.sha256] = id;
    }
    if (lines > entries.size()) {
      std::string all;
      for (const auto& [id, e] : entries) all += e.ToJson().dump() + "\n";
      VANBAN_RETURN_IF_ERROR(WriteFileAtomic(journal, all));
    }
    journal_fd = ::open(journal.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (journal_fd < 0) {
      return Status(ErrorCode::kIoError, "open " + journal.string() + ": " + strerror(errno));
    }
    return FsyncDir(state_dir);
  }

  // Records `e` durably (appended and fdatasynced) and in memory.
  Status Save(const Entry& e) {
    std::string line = e.ToJson().dump() + "\n";
    Status s = WriteAll(journal_fd, line, state_dir / "packages.jsonl");
    if (s.ok() && ::fdatasync(journal_fd) != 0) {
      s = Status(ErrorCode::kIoError, std::string("fdatasync journal: ") + strerror(errno));
    }
    if (!s.ok()) return Status(ErrorCode::kInternal, s.message());
    Entry& mine = entries[e.id];
    Clock::time_point next = mine.next_try;
    int repeats = mine.corrupt_repeats;
    std::string last = mine.last_corrupt_sha;
    mine = e;
    mine.next_try = next;
    mine.corrupt_repeats = repeats;
    mine.last_corrupt_sha = last;
    if ((e.state == "stored" || e.state == "handing") && !e.sha256.empty()) by_sha[e.sha256] = e.id;
    return Status::Ok();
  }

  Status SaveCursor(int64_t since) {
    if (since == cursor) return Status::Ok();
    json j = {{"version", 1}, {"since", since}};
    Status s = WriteFileAtomic(state_dir / "cursor.json", j.dump() + "\n");
    if (!s.ok()) return Status(ErrorCode::kInternal, s.message());
    cursor = since;
    return Status::Ok();
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  static size_t WriteToString(char* p, size_t size, size_t n, void* ud) {
    auto* ctx = static_cast<std::pair<std::string*, int64_t>*>(ud);
    if (int64_t(ctx->first->size() + size * n) > ctx->second) return 0;
    ctx->first->append(p, size * n);
    return size * n;
  }
  static size_t WriteToStream(char* p, size_t size, size_t n, void* ud) {
    auto* ds = static_cast<DetailStream*>(ud);
    return ds->Feed(std::string_view(p, size * n)) ? size * n : 0;
  }
  static int Progress(void* ud, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Impl*>(ud)->stop.load() ? 1 : 0;
  }

  // One request. Transport failures become kTimeout (too slow), kTransient (broken
  // connection, short body), kBusy (stopping), kIoError (TLS, protocol, local). With
  // `stream`, the body goes there instead of into the response.
  Result<HttpResponse> Http(const std::string& method, const std::string& url,
                            const std::vector<std::string>& headers, const std::string* body,
                            DetailStream* stream, int64_t max_body) {
    CurlGlobalInit();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return Status(ErrorCode::kInternal, "curl_easy_init failed");
    CURL* h = curl.get();
    HttpResponse resp;
    std::pair<std::string*, int64_t> sink_ctx{&resp.body, max_body};
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_slist* list = nullptr;
    for (const std::string& hd : headers) list = curl_slist_append(list, hd.c_str());
    list = curl_slist_append(list, "Expect:");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> list_guard(list,
                                                                           curl_slist_free_all);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROXY, cfg.proxy.c_str());  // "" disables $http_proxy & co
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(cfg.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(cfg.request_timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, cfg.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, cfg.verify_tls ? 2L : 0L);
    if (!cfg.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, cfg.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &Impl::Progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, this);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vanban-lgsp/1");
    if (stream != nullptr) {
      curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Impl::WriteToStream);
      curl_easy_setopt(h, CURLOPT_WRITEDATA, stream);
    } else {
      curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Impl::WriteToString);
      curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink_ctx);
    }
    if (method == "POST") {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, body != nullptr ? body->data() : "");
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       curl_off_t(body != nullptr ? body->size() : 0));
    } else if (method != "GET") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
      if (body != nullptr) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body->size()));
      }
    }
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
    if (rc != CURLE_OK) {
      std::string what = method + " " + url + ": " + (errbuf[0] ? errbuf : curl_easy_strerror(rc));
      switch (rc) {
        case CURLE_OPERATION_TIMEDOUT:
          return Status(ErrorCode::kTimeout, what);
        case CURLE_ABORTED_BY_CALLBACK:
          return Status(ErrorCode::kBusy, "stopping");
        case CURLE_WRITE_ERROR:
          // The body was refused on our side: too large, or a stream error.
          return Status(ErrorCode::kTooLarge, what);
        case CURLE_PARTIAL_FILE:
          return Status(ErrorCode::kCorrupt, "truncated: " + what);
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_GOT_NOTHING:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
          return Status(ErrorCode::kTransient, what);
        default:
          return Status(ErrorCode::kIoError, what);
      }
    }
    return resp;
  }

  // kTransient for 5xx / 429 / 401 (the token is dropped and fetched again), kNotFound for
  // 404, kInvalidArgument for the other 4xx.
  Status CheckHttpStatus(const HttpResponse& r, const std::string& what) {
    if (r.status >= 200 && r.status < 300) return Status::Ok();
    std::string msg = what + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200);
    if (r.status == 401) {
      token.clear();
      return Status(ErrorCode::kTransient, msg);
    }
    if (r.status >= 500 || r.status == 429 || r.status == 408) {
      return Status(ErrorCode::kTransient, msg);
    }
    if (r.status == 404) return Status(ErrorCode::kNotFound, msg);
    return Status(ErrorCode::kInvalidArgument, msg);
  }

  static bool Retryable(ErrorCode c) {
    return c == ErrorCode::kTimeout || c == ErrorCode::kTransient || c == ErrorCode::kCorrupt;
  }

  // Runs `attempt` up to retry.max_attempts times while it fails with a retryable code,
  // sleeping with exponential backoff and jitter in between.
  template <typename F>
  Status Retry(const std::string& what, F attempt) {
    Status last;
    for (int n = 0; n < std::max(1, cfg.retry.max_attempts); ++n) {
      if (stop) return Status(ErrorCode::kBusy, "stopping");
      if (n > 0) {
        Count([](LgspStats& s) { ++s.http_retries; });
        if (!Sleep(Backoff(n - 1))) return Status(ErrorCode::kBusy, "stopping");
      }
      last = attempt();
      if (last.ok() || !Retryable(last.code())) return last;
      Log(LgspLogLevel::kWarning,
          what + " (attempt " + std::to_string(n + 1) + "): " + last.ToString());
    }
    return last;
  }

  std::string Api(const std::string& rest) const { return cfg.base_url + cfg.api_path + rest; }

  Status EnsureToken() {
    if (cfg.consumer_key.empty()) return Status::Ok();
    if (!token.empty() && Clock::now() < token_expiry) return Status::Ok();
    std::string body = "grant_type=client_credentials";
    std::vector<std::string> headers = {
        "Authorization: Basic " + Base64Encode(cfg.consumer_key + ":" + cfg.consumer_secret),
        "Content-Type: application/x-www-form-urlencoded"};
    Result<HttpResponse> r =
        Http("POST", cfg.base_url + cfg.token_path, headers, &body, nullptr, 1 << 20);
    if (!r.ok()) return r.status();
    if (r->status != 200) {
      // A refused client is a configuration error; retrying will not fix it.
      ErrorCode code = r->status >= 500 ? ErrorCode::kTransient : ErrorCode::kInvalidArgument;
      return Status(code,
                    "token: HTTP " + std::to_string(r->status) + " " + r->body.substr(0, 200));
    }
    json j = json::parse(r->body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("access_token") ||
        !j["access_token"].is_string()) {
      return Status(ErrorCode::kCorrupt, "token: unreadable response");
    }
    token = j["access_token"].get<std::string>();
    int64_t ttl = j.contains("expires_in") && j["expires_in"].is_number_integer()
                      ? j["expires_in"].get<int64_t>()
                      : 300;
    token_expiry = Clock::now() + std::chrono::seconds(
                                      std::max<int64_t>(1, ttl - std::min<int64_t>(60, ttl / 10)));
    return Status::Ok();
  }

  // Headers of every API call; fetches a token first when needed.
  Result<std::vector<std::string>> ApiHeaders() {
    VANBAN_RETURN_IF_ERROR(EnsureToken());
    std::vector<std::string> h = {"secret: " + cfg.unit_secret, "Accept: application/json"};
    if (!token.empty()) h.push_back("Authorization: Bearer " + token);
    return h;
  }

  // ---- gateway operations -------------------------------------------------------------------

  struct ListItem {
    std::string id;
    std::optional<int64_t> seq;
  };

  Result<std::vector<ListItem>> ListPage(int64_t since) {
    std::vector<ListItem> items;
    Status s = Retry("list", [&]() -> Status {
      items.clear();
      Result<std::vector<std::string>> headers = ApiHeaders();
      if (!headers.ok()) return headers.status();
      std::string url = Api("/vanbans?since=" + std::to_string(since) +
                            "&limit=" + std::to_string(cfg.list_limit));
      Result<HttpResponse> r = Http("GET", url, *headers, nullptr, nullptr, cfg.max_list_bytes);
      if (!r.ok()) return r.status();
      VANBAN_RETURN_IF_ERROR(CheckHttpStatus(*r, "list"));
      json j = json::parse(r->body, nullptr, false);
      if (j.is_discarded()) return Status(ErrorCode::kCorrupt, "list: malformed JSON");
      if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) {
        return Status(ErrorCode::kCorrupt, "list: no data array");
      }
      if (j.value("status", "OK") != "OK") {
        return Status(ErrorCode::kTransient, "list: gateway says " + j.value("errorDesc", ""));
      }
      for (const json& it : j["data"]) {
        if (!it.is_object() || !it.contains("docId") || !it["docId"].is_string()) {
          return Status(ErrorCode::kCorrupt, "list: an item without docId");
        }
        ListItem li;
        li.id = it["docId"].get<std::string>();
        if (li.id.empty() || li.id.size() > 256) {
          return Status(ErrorCode::kCorrupt, "list: an unusable docId");
        }
        if (it.contains("seq") && it["seq"].is_number_integer()) li.seq = it["seq"].get<int64_t>();
        items.push_back(std::move(li));
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return items;
  }

  // Tells the gateway the package was received (DONE) or cannot be (FAIL).
  Status Acknowledge(Entry e, const std::string& gateway_status) {
    Status s = Retry("ack " + e.id, [&]() -> Status {
      Result<std::vector<std::string>> headers = ApiHeaders();
      if (!headers.ok()) return headers.status();
      std::string empty;
      Result<HttpResponse> r =
          Http("PUT", Api("/vanbans/" + PercentEncode(e.id) + "?status=" + gateway_status),
               *headers, &empty, nullptr, 1 << 20);
      if (!r.ok()) return r.status();
      return CheckHttpStatus(*r, "ack " + e.id);
    });
    if (s.code() == ErrorCode::kNotFound) s = Status::Ok();  // nothing left to acknowledge
    if (!s.ok()) {
      Log(LgspLogLevel::kWarning, "ack " + e.id + " left for a later round: " + s.ToString());
      return s;
    }
    e.acked = true;
    return Save(e);
  }

  // Checks a fetched package the way the pipeline will read it; its attachments are thrown
  // away. kCorrupt / kEmptyFile may mean a cut transfer.
  Result<EdxmlPackage> Check(const fs::path& file) {
    std::error_code ec;
    fs::remove_all(scratch_dir, ec);
    Result<EdxmlPackage> r = ReadEdxml(file, cfg.limits, scratch_dir);
    fs::remove_all(scratch_dir, ec);
    return r;
  }

  Status Park(Entry e, const Status& why) {
    e.state = "parked";
    e.reason = why.ToString();
    ++e.attempts;
    VANBAN_RETURN_IF_ERROR(Save(e));
    double wait = double(cfg.retry.initial.count()) *
                  std::pow(cfg.retry.multiplier, std::min(e.attempts, 30));
    wait = std::min(wait, double(cfg.park_max.count()));
    entries[e.id].next_try = Clock::now() + std::chrono::milliseconds(int64_t(wait));
    Log(LgspLogLevel::kWarning, "package " + e.id + " parked: " + why.ToString());
    return Status::Ok();
  }

  Status Refuse(Entry e, const Status& why) {
    e.state = "refused";
    e.reason = why.ToString();
    VANBAN_RETURN_IF_ERROR(Save(e));
    Log(LgspLogLevel::kError, "package " + e.id + " refused: " + why.ToString());
    (void)Acknowledge(entries[e.id], "FAIL");
    return Status::Ok();
  }

  enum class Handled { kStored, kDuplicate, kParked, kRefused };

  // Fetches, checks and hands over one package. Errors only for local state that cannot be
  // written (the round stops).
  Result<Handled> Fetch(const std::string& id) {
    Entry e = entries.count(id) ? entries[id] : Entry{};
    e.id = id;
    fs::path staged = staging_dir / (SafeName(id) + ".edxml");
    std::string sha;
    int64_t size = 0;
    Result<EdxmlPackage> checked = Status(ErrorCode::kInternal, "not fetched");
    bool first = true;
    Status s = Retry("fetch " + id, [&]() -> Status {
      if (!first) Count([](LgspStats& x) { ++x.refetches; });
      first = false;
      Result<std::vector<std::string>> headers = ApiHeaders();
      if (!headers.ok()) return headers.status();
      int fd = ::open(staged.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) return Status(ErrorCode::kInternal, "create " + staged.string());
      int64_t max_bytes = cfg.limits.max_package_bytes;
      DetailStream ds(fd, max_bytes);
      Result<HttpResponse> r =
          Http("GET", Api("/vanbans/" + PercentEncode(id)), *headers, nullptr, &ds, 0);
      Status fin = r.ok() ? ds.Finish() : Status();
      if (r.ok() && fin.ok() && ::fsync(fd) != 0) {
        fin = Status(ErrorCode::kInternal, "fsync " + staged.string());
      }
      ::close(fd);
      if (!r.ok()) {
        // A stream error (too large, bad base64) surfaces as a write error.
        Status inner = ds.Finish();
        if (r.status().code() == ErrorCode::kTooLarge && !inner.ok()) return inner;
        return r.status();
      }
      if (r->status < 200 || r->status >= 300) {
        return CheckHttpStatus(HttpResponse{r->status, ds.member("errorDesc")}, "fetch " + id);
      }
      if (!fin.ok()) return fin;
      sha = ds.sha256();
      size = ds.size();
      checked = Check(staged);
      if (checked.ok()) return Status::Ok();
      ErrorCode c = checked.status().code();
      if (c != ErrorCode::kCorrupt && c != ErrorCode::kEmptyFile) return Status::Ok();
      // Corrupt edXML: cut in transit, or sent that way. The same bytes often enough in a
      // row are what the sender sent.
      Entry& mine = entries[id];
      mine.corrupt_repeats = mine.last_corrupt_sha == sha ? mine.corrupt_repeats + 1 : 1;
      mine.last_corrupt_sha = sha;
      if (mine.corrupt_repeats >= std::max(1, cfg.corrupt_confirmations)) return Status::Ok();
      return Status(ErrorCode::kCorrupt,
                    "fetch " + id + ": edXML incomplete: " + checked.status().message());
    });
    if (!s.ok()) {
      std::error_code ec;
      fs::remove(staged, ec);
      if (s.code() == ErrorCode::kInternal || s.code() == ErrorCode::kBusy) return s;
      if (s.code() == ErrorCode::kNotFound || s.code() == ErrorCode::kTooLarge) {
        VANBAN_RETURN_IF_ERROR(Refuse(e, s));
        return Handled::kRefused;
      }
      VANBAN_RETURN_IF_ERROR(Park(e, s));
      return Handled::kParked;
    }
    Result<Handled> h = HandOver(e, staged, sha, size, checked);
    std::error_code ec;
    fs::remove(staged, ec);
    return h;
  }

  Result<Handled> HandOver(Entry e, const fs::path& staged, const std::string& sha, int64_t size,
                           const Result<EdxmlPackage>& checked) {
    auto known = by_sha.find(sha);
    if (known != by_sha.end() && known->second != e.id) {
      e.state = "duplicate";
      e.sha256 = sha;
      e.dup_of = known->second;
      e.reason.clear();
      VANBAN_RETURN_IF_ERROR(Save(e));
      Count([](LgspStats& x) { ++x.duplicates_by_content; });
      Log(LgspLogLevel::kInfo, "package " + e.id + " has the bytes of " + e.dup_of + ": skipped");
      (void)Acknowledge(entries[e.id], "DONE");
      return Handled::kDuplicate;
    }
    e.sha256 = sha;
    e.document_id = checked.ok() ? checked->document_id : "";
    e.state = "handing";
    VANBAN_RETURN_IF_ERROR(Save(e));
    if (!checked.ok()) {
      Log(LgspLogLevel::kWarning, "package " + e.id + " is not readable edXML (" +
                                      checked.status().ToString() +
                                      "); handed over as sent, for quarantine");
    }
    Status s = sink(staged, e.id);
    if (!s.ok()) {
      VANBAN_RETURN_IF_ERROR(Park(e, s));
      return Handled::kParked;
    }
    e.state = "stored";
    e.reason.clear();
    e.attempts = 0;
    VANBAN_RETURN_IF_ERROR(Save(e));
    Count([](LgspStats& x) { ++x.packages_stored; });
    Log(LgspLogLevel::kInfo, "package " + e.id + " stored (" + std::to_string(size) + " bytes" +
                                 (e.document_id.empty() ? "" : ", " + e.document_id) + ")");
    (void)Acknowledge(entries[e.id], "DONE");
    return Handled::kStored;
  }

  // One listed (or parked) id: skipped when settled, else fetched when due.
  Status Consider(const std::string& id, bool listed, LgspRoundResult& out) {
    auto it = entries.find(id);
    if (it != entries.end() && it->second.settled()) {
      if (listed) {
        ++out.duplicates;
        Count([](LgspStats& x) { ++x.duplicates_by_id; });
      }
      // Listed again: the gateway did not register the receipt (or lost it); tell it again.
      if (listed || !it->second.acked) {
        (void)Acknowledge(it->second, it->second.state == "refused" ? "FAIL" : "DONE");
      }
      return Status::Ok();
    }
    if (it != entries.end() && it->second.state == "parked" && Clock::now() < it->second.next_try) {
      return Status::Ok();
    }
    Result<Handled> h = Fetch(id);
    if (!h.ok()) return h.status();
    switch (*h) {
      case Handled::kStored:
        ++out.packages_stored;
        break;
      case Handled::kDuplicate:
        ++out.duplicates;
        break;
      case Handled::kParked:
        ++out.packages_parked;
        break;
      case Handled::kRefused:
        break;
    }
    return Status::Ok();
  }

  // ---- outbox -------------------------------------------------------------------------------

  // The package a status answers, by its edXML identity (ResponseFor/DocumentId: sender,
  // date, number), and the code. It depends on nothing but the status file, so every attempt
  // to send the file carries the same key, across rounds and restarts, whatever channel the
  // package came through.
  static std::string IdempotencyKey(const EdxmlStatus& s) {
    return PercentEncode(s.response_for.document_id) + ":" + s.code;
  }

  Status MoveToFailed(const fs::path& file, const Status& why) {
    fs::path dest = failed_dir / file.filename();
    json reason = {{"code", std::string(ErrorCodeName(why.code()))}, {"message", why.message()}};
    fs::path reason_file = dest;
    reason_file += ".reason.json";
    VANBAN_RETURN_IF_ERROR(WriteFileAtomic(reason_file, reason.dump(2) + "\n"));
    if (::rename(file.c_str(), dest.c_str()) != 0) {
      return Status(ErrorCode::kInternal, "rename " + file.string() + ": " + strerror(errno));
    }
    (void)FsyncDir(outbox_dir);
    Count([](LgspStats& x) { ++x.statuses_refused; });
    Log(LgspLogLevel::kError, "status " + file.filename().string() + " refused: " + why.ToString());
    return Status::Ok();
  }

  Status SendOutbox(LgspRoundResult& out) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& de : fs::directory_iterator(outbox_dir, ec)) {
      std::string name = de.path().filename().string();
      if (name.empty() || name[0] == '.' || de.path().extension() != ".edxml") continue;
      if (!de.is_regular_file()) continue;
      files.push_back(de.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      if (stop) return Status(ErrorCode::kBusy, "stopping");
      Result<std::string> bytes = ReadSmallFile(f, 16 << 20);
      if (!bytes.ok()) {
        if (bytes.status().code() == ErrorCode::kTooLarge) {
          VANBAN_RETURN_IF_ERROR(MoveToFailed(f, bytes.status()));
        }
        continue;
      }
      Result<EdxmlPackage> parsed = Check(f);
      if (!parsed.ok() || parsed->kind != EdxmlKind::kStatus) {
        VANBAN_RETURN_IF_ERROR(MoveToFailed(
            f, parsed.ok() ? Status(ErrorCode::kInvalidArgument, "not a status message")
                           : parsed.status()));
        continue;
      }
      std::string key = IdempotencyKey(parsed->status);
      std::string body = Base64Encode(*bytes);
      Status s = Retry("status " + f.filename().string(), [&]() -> Status {
        Result<std::vector<std::string>> headers = ApiHeaders();
        if (!headers.ok()) return headers.status();
        headers->push_back("Content-Type: text/plain; charset=us-ascii");
        headers->push_back("messagetype: status");
        headers->push_back("servicetype: eDoc");
        headers->push_back("from: " + cfg.organ_id);
        headers->push_back("Idempotency-Key: " + key);
        Result<HttpResponse> r = Http("POST", Api("/vanbans"), *headers, &body, nullptr, 1 << 20);
        if (!r.ok()) return r.status();
        VANBAN_RETURN_IF_ERROR(CheckHttpStatus(*r, "status"));
        json j = json::parse(r->body, nullptr, false);
        if (j.is_discarded()) return Status(ErrorCode::kCorrupt, "status: malformed reply");
        if (j.is_object() && j.value("status", "OK") != "OK") {
          return Status(ErrorCode::kInvalidArgument,
                        "gateway refused: " + j.value("errorDesc", ""));
        }
        return Status::Ok();
      });
      if (s.ok()) {
        if (::unlink(f.c_str()) != 0) {
          return Status(ErrorCode::kInternal, "unlink " + f.string() + ": " + strerror(errno));
        }
        (void)FsyncDir(outbox_dir);
        ++out.statuses_sent;
        Count([](LgspStats& x) { ++x.statuses_sent; });
        Log(LgspLogLevel::kInfo, "status " + parsed->status.code + " for " +
                                     parsed->status.response_for.document_id + " delivered");
      } else if (s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kNotFound) {
        VANBAN_RETURN_IF_ERROR(MoveToFailed(f, s));
      } else if (s.code() == ErrorCode::kBusy) {
        return s;
      } else {
        ++out.statuses_pending;
        Log(LgspLogLevel::kWarning,
            "status " + f.filename().string() + " left in the outbox: " + s.ToString());
      }
    }
    return Status::Ok();
  }

  // ---- a round ------------------------------------------------------------------------------

  Result<LgspRoundResult> Round() {
    std::lock_guard<std::mutex> lock(round_mu);
    LgspRoundResult out;
    Status outbox = SendOutbox(out);
    if (outbox.code() == ErrorCode::kInternal || outbox.code() == ErrorCode::kBusy) return outbox;

    // Packages held back earlier (parked, handed over when the process stopped, not
    // acknowledged): by id, whatever the cursor says.
    std::vector<std::string> pending;
    for (const auto& [id, e] : entries) {
      if (!e.settled() || !e.acked) pending.push_back(id);
    }
    for (const std::string& id : pending) {
      VANBAN_RETURN_IF_ERROR(Consider(id, false, out));
    }

    for (;;) {
      Result<std::vector<ListItem>> page = ListPage(cursor);
      if (!page.ok()) {
        Log(LgspLogLevel::kError, "list failed: " + page.status().ToString());
        return page.status();
      }
      const int64_t before = cursor;
      int64_t high = cursor;
      for (const ListItem& item : *page) {
        VANBAN_RETURN_IF_ERROR(Consider(item.id, true, out));
        if (item.seq) high = std::max(high, *item.seq);
      }
      // Every item of the page is settled, parked (retried by id) or refused: the cursor may
      // pass them all.
      VANBAN_RETURN_IF_ERROR(SaveCursor(high));
      // A short page is the last; a gateway without sequence numbers gives one page a round.
      if (int(page->size()) < cfg.list_limit || high == before) break;
    }
    return out;
  }

  Result<LgspRoundResult> PollOnce() {
    Result<LgspRoundResult> r = Round();
    Count([&](LgspStats& x) {
      ++x.rounds;
      if (!r.ok()) ++x.rounds_failed;
    });
    return r;
  }

  void Loop() {
    while (!stop) {
      (void)PollOnce();
      if (!Sleep(cfg.poll_interval)) break;
    }
  }
};

LgspConnector::LgspConnector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LgspConnector::~LgspConnector() { Stop(); }

Result<std::unique_ptr<LgspConnector>> LgspConnector::Open(LgspConfig config, LgspPackageSink sink,
                                                           LgspLogHook log) {
  if (config.base_url.empty()) return Status(ErrorCode::kInvalidArgument, "no gateway base_url");
  if (config.data_dir.empty()) return Status(ErrorCode::kInvalidArgument, "no data_dir");
  if (!sink) return Status(ErrorCode::kInvalidArgument, "no package sink");
  if (config.list_limit < 1) config.list_limit = 1;
  while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
  auto impl = std::make_unique<Impl>(std::move(config), std::move(sink), std::move(log));
  VANBAN_RETURN_IF_ERROR(impl->OpenState());
  return std::unique_ptr<LgspConnector>(new LgspConnector(std::move(impl)));
}

Status LgspConnector::Start() {
  std::lock_guard<std::mutex> l(impl_->thread_mu);
  if (impl_->thread.joinable()) return Status(ErrorCode::kInvalidArgument, "already running");
  impl_->stop = false;
  impl_->running = true;
  impl_->thread = std::thread([this] {
    impl_->Loop();
    impl_->running = false;
  });
  return Status::Ok();
}

void LgspConnector::Stop() {
  if (!impl_) return;
  std::lock_guard<std::mutex> l(impl_->thread_mu);
  {
    std::lock_guard<std::mutex> w(impl_->wait_mu);
    impl_->stop = true;
  }
  impl_->wait_cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  // A round already waiting on round_mu sees stop and returns; later PollOnce calls work.
  std::lock_guard<std::mutex> r(impl_->round_mu);
  impl_->stop = false;
}

bool LgspConnector::running() const { return impl_->running; }

Result<LgspRoundResult> LgspConnector::PollOnce() { return impl_->PollOnce(); }

LgspStats LgspConnector::stats() const {
  std::lock_guard<std::mutex> l(impl_->stats_mu);
  return impl_->st;
}

}  // namespace vanban
