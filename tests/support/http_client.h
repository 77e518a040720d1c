// A minimal blocking HTTP/1.1 client over POSIX sockets, for tests that talk to a real
// server (the portal, end-to-end runs). One request per connection ("Connection: close").
//
// Reads bodies framed by Content-Length, by chunked transfer coding, or by the end of the
// connection; no body for HEAD, 1xx, 204 and 304. Every wait (connect, send, receive) is
// bounded by the timeout. No TLS, no redirects, no compression: tests see what was sent.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban::testing {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  std::string reason;   // "OK"
  HttpHeaders headers;  // as received, in order
  std::string body;     // de-chunked

  // Value of the first header called `name` (case-insensitive), nullopt if absent.
  std::optional<std::string> Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const { return Header(name).has_value(); }
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";  // origin-form: path and query, already percent-encoded
  HttpHeaders headers;       // Host, Connection and Content-Length are added
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(std::string host, int port,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // kIoError when the connection fails or breaks, kTimeout when the server is too slow,
  // kCorrupt for a response that is not HTTP/1.x.
  Result<HttpResponse> Send(const HttpRequest& req) const;
  Result<HttpResponse> Get(std::string_view target, const HttpHeaders& headers = {}) const;
  Result<HttpResponse> Head(std::string_view target, const HttpHeaders& headers = {}) const;

  const std::string& host() const { return host_; }
  int port() const { return port_; }

 private:
  std::string host_;
  int port_;
  std::chrono::milliseconds timeout_;
};

// Percent-encodes a query value (everything but A-Z a-z 0-9 - . _ ~).
std::string UrlEncode(std::string_view s);

}  // namespace vanban::testing
