// The CivetWeb adapter: copies each request into a web::HttpRequest, lets web::Portal answer,
// and writes the answer out. Everything CivetWeb-specific stays in this file.
#include "vanban/web/web_server.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "portal.h"
#include "vanban/publisher/log.h"

namespace vanban {
namespace {

constexpr size_t kChunk = 64 * 1024;

// Without MG_FEATURES_TLS: CivetWeb then never dlopens libssl, whose OpenSSL 3 build makes
// Debian's 1.15 crash (STACK.md §6). Once per process; the library is never unloaded.
void InitCivetWebOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mg_init_library(0); });
}

// Header values come partly from stored data (file names, media types): no line breaks
// may reach the wire.
std::string SafeHeaderValue(std::string_view v) {
  std::string out(v);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return out;
}

bool WriteAll(mg_connection* conn, const char* p, size_t n) {
  while (n > 0) {
    int w = mg_write(conn, p, n);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// True for listening_ports entries CivetWeb would serve over TLS ("8443s", "1.2.3.4:443s").
bool HasTlsPort(std::string_view ports) {
  while (!ports.empty()) {
    size_t comma = ports.find(',');
    std::string_view entry = ports.substr(0, comma);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (!entry.empty() && (entry.back() == 's' || entry.back() == 'r')) return true;
    ports = comma == std::string_view::npos ? std::string_view() : ports.substr(comma + 1);
  }
  return false;
}

// The IPv4 address to reach the first listening entry at: its own address, or loopback
// for "8080" and "0.0.0.0:8080". Empty for IPv6 entries.
std::string LocalAddressOf(std::string_view ports) {
  std::string_view entry = ports.substr(0, ports.find(','));
  if (entry.find('[') != std::string_view::npos) return {};
  size_t colon = entry.rfind(':');
  if (colon == std::string_view::npos) return "127.0.0.1";
  std::string host(entry.substr(0, colon));
  return host.empty() || host == "0.0.0.0" ? "127.0.0.1" : host;
}

// CivetWeb's master thread notices mg_stop only when its poll() on the listening socket
// returns, which it does every 2 s (SOCKET_TIMEOUT_QUANTUM) unless a connection arrives, so
// mg_stop alone takes 2 s. One connection shortly after the stop flag is set wakes it; the
// master then closes the socket without accepting (the connection is reset).
void WakeListener(const std::string& host, int port) {
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) return;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  // Failure is fine: mg_stop then simply takes its 2 s.
  (void)::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  ::close(fd);
}

}  // namespace

class WebServer::Impl {
 public:
  Impl(const Catalog& catalog, WebOptions opts)
      : options(std::move(opts)), portal(catalog, options) {}

  static int BeginRequest(mg_connection* conn);
  static int LogMessage(const mg_connection* conn, const char* message);

  void Send(mg_connection* conn, const web::HttpRequest& req, const web::HttpResponse& resp);

  const WebOptions options;
  const web::Portal portal;
  mg_context* ctx = nullptr;
  std::atomic<int> port{0};

  // CivetWeb reports why it could not start (e.g. "cannot bind to 127.0.0.1:8080: 98
  // (Address already in use)") only through the log callback; mg_start2's own error text
  // is a generic "Failed to setup server ports". Start() collects the messages here.
  std::mutex log_mu;
  bool starting = false;
  std::vector<std::string> start_messages;
};

int WebServer::Impl::BeginRequest(mg_connection* conn) {
  auto* self = static_cast<Impl*>(mg_get_user_data(mg_get_context(conn)));
  const mg_request_info* ri = mg_get_request_info(conn);
  if (self == nullptr || ri == nullptr) return 0;
  // A C callback: no exception may cross back into CivetWeb.
  try {
    web::HttpRequest req;
    req.method = ri->request_method != nullptr ? ri->request_method : "";
    // local_uri is percent-decoded and has "." and ".." segments removed.
    req.path = ri->local_uri != nullptr ? ri->local_uri : "";
    req.query = ri->query_string != nullptr ? ri->query_string : "";
    if (const char* inm = mg_get_header(conn, "If-None-Match")) req.if_none_match = inm;
    web::HttpResponse resp = self->portal.Handle(req);
    self->Send(conn, req, resp);
    return resp.status;
  } catch (...) {
    Log(LogLevel::kError, "web", "exception while writing a response");
    return 500;
  }
}

int WebServer::Impl::LogMessage(const mg_connection* conn, const char* message) {
  Impl* self = nullptr;
  if (conn != nullptr) {
    if (mg_context* c = mg_get_context(conn)) self = static_cast<Impl*>(mg_get_user_data(c));
  }
  std::string text = message != nullptr ? message : "";
  if (self != nullptr) {
    std::lock_guard<std::mutex> lock(self->log_mu);
    if (self->starting) {
      self->start_messages.push_back(text);
      return 1;
    }
  }
  Log(LogLevel::kWarning, "civetweb", text);
  return 1;  // handled: CivetWeb must not write its own log
}

void WebServer::Impl::Send(mg_connection* conn, const web::HttpRequest& req,
                           const web::HttpResponse& resp) {
  mg_response_header_start(conn, resp.status);
  for (const auto& [name, value] : web::SecurityHeaders()) {
    mg_response_header_add(conn, name.c_str(), value.c_str(), -1);
  }
  for (const auto& [name, value] : resp.headers) {
    mg_response_header_add(conn, name.c_str(), SafeHeaderValue(value).c_str(), -1);
  }
  // mg_response_header_send writes only what it is given (plus Date and Connection): the
  // length must be added here, also for HEAD, which announces the length of a GET.
  bool has_body = resp.status != 304 && resp.status != 204;
  if (has_body) {
    int64_t length = resp.file.valid() ? resp.file_size : static_cast<int64_t>(resp.body.size());
    mg_response_header_add(conn, "Content-Length", std::to_string(length).c_str(), -1);
  }
  mg_response_header_send(conn);
  if (!has_body || req.method == "HEAD") return;

  if (!resp.file.valid()) {
    WriteAll(conn, resp.body.data(), resp.body.size());
    return;
  }
  // Downloads are streamed: memory use stays at one chunk whatever the file size.
  std::vector<char> buf(kChunk);
  int64_t left = resp.file_size;
  while (left > 0) {
    ssize_t n =
        ::read(resp.file.get(), buf.data(), static_cast<size_t>(std::min<int64_t>(left, kChunk)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The client sees a body shorter than Content-Length and knows the download failed.
      Log(LogLevel::kError, "web", "short read while sending " + req.path);
      return;
    }
    if (!WriteAll(conn, buf.data(), static_cast<size_t>(n))) return;  // client went away
    left -= n;
  }
}

WebServer::WebServer(const Catalog& catalog, WebOptions options)
    : impl_(std::make_unique<Impl>(catalog, std::move(options))) {}

WebServer::~WebServer() { Stop(); }

Status WebServer::Start() {
  if (impl_->ctx != nullptr) return Status::Ok();
  const WebOptions& o = impl_->options;
  if (o.listen.empty()) return Status(ErrorCode::kInvalidArgument, "no listening address");
  if (HasTlsPort(o.listen)) {
    return Status(ErrorCode::kInvalidArgument,
                  "TLS ports are not supported (CivetWeb 1.15 crashes on TLS): listen on plain "
                  "HTTP behind a TLS-terminating proxy (docs/web.md), not '" +
                      o.listen + "'");
  }
  InitCivetWebOnce();

  std::string security_headers;
  for (const auto& [name, value] : web::SecurityHeaders()) {
    security_headers += name + ": " + value + "\r\n";
  }
  // No document_root: CivetWeb serves no file of its own, every request goes to the portal.
  const std::pair<const char*, std::string> settings[] = {
      {"listening_ports", o.listen},
      {"num_threads", std::to_string(std::max(1, o.threads))},
      {"request_timeout_ms", std::to_string(std::max(1000, o.request_timeout_ms))},
      {"enable_keep_alive", "no"},
      // The request line and headers must fit in this buffer. The default 16 KiB turns a
      // 2,000-letter Vietnamese query (9 bytes a letter once percent-encoded) into a 400.
      {"max_request_size", "65536"},
      // Only for the errors CivetWeb answers itself (malformed or oversized requests); the
      // portal's responses carry the same headers from web::SecurityHeaders().
      {"additional_header", security_headers},
  };
  std::vector<const char*> config;
  for (const auto& [name, value] : settings) {
    config.push_back(name);
    config.push_back(value.c_str());
  }
  config.push_back(nullptr);
  mg_callbacks callbacks{};
  callbacks.begin_request = &Impl::BeginRequest;
  callbacks.log_message = &Impl::LogMessage;
  mg_init_data init{};
  init.callbacks = &callbacks;
  init.user_data = impl_.get();
  init.configuration_options = config.data();
  char error_text[256] = "";
  mg_error_data error{};
  error.text = error_text;
  error.text_buffer_size = sizeof error_text;

  {
    std::lock_guard<std::mutex> lock(impl_->log_mu);
    impl_->starting = true;
    impl_->start_messages.clear();
  }
  mg_context* ctx = mg_start2(&init, &error);
  std::vector<std::string> messages;
  {
    std::lock_guard<std::mutex> lock(impl_->log_mu);
    impl_->starting = false;
    messages.swap(impl_->start_messages);
  }
  if (ctx == nullptr) {
    std::string reason;
    for (const std::string& m : messages) {
      if (m == error_text) continue;
      reason += (reason.empty() ? "" : "; ") + m;
    }
    if (reason.empty()) reason = error_text[0] != '\0' ? error_text : "unknown CivetWeb error";
    return Status(ErrorCode::kIoError, "cannot listen on '" + o.listen + "': " + reason);
  }
  for (const std::string& m : messages) Log(LogLevel::kWarning, "civetweb", m);

  mg_server_port ports[8] = {};
  int n = mg_get_server_ports(ctx, 8, ports);
  if (n <= 0) {
    mg_stop(ctx);
    return Status(ErrorCode::kIoError, "CivetWeb started but reports no listening port");
  }
  impl_->ctx = ctx;
  impl_->port = ports[0].port;
  return Status::Ok();
}

void WebServer::Stop() {
  if (impl_ == nullptr || impl_->ctx == nullptr) return;
  std::string host = LocalAddressOf(impl_->options.listen);
  std::thread waker;
  if (!host.empty() && impl_->port > 0) {
    try {
      waker = std::thread(WakeListener, host, impl_->port.load());
    } catch (const std::system_error&) {
      // No thread to spare: stopping just takes CivetWeb's 2 s.
    }
  }
  // Waits for the worker threads, hence for the requests in flight.
  mg_stop(impl_->ctx);
  if (waker.joinable()) waker.join();
  impl_->ctx = nullptr;
  impl_->port = 0;
}

int WebServer::port() const { return impl_->port; }

}  // namespace vanban
