// The portal's routing: one HTTP request in, one response out, without a socket. The
// CivetWeb adapter (web_server.cc) only copies the request in and writes the response out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vanban/publisher/catalog.h"
#include "vanban/web/web_server.h"

namespace vanban::web {

struct HttpRequest {
  std::string method;         // "GET", "HEAD", ...
  std::string path;           // percent-decoded and normalised ("/documents/12")
  std::string query;          // raw query string without '?', still percent-encoded
  std::string if_none_match;  // the If-None-Match header, "" when absent
};

// A file descriptor closed on destruction (the body of a download).
class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd();
  ScopedFd(ScopedFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  ScopedFd& operator=(ScopedFd&& o) noexcept;
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

struct HttpResponse {
  int status = 200;
  // Besides the security headers (SecurityHeaders) and Content-Length, which the adapter adds.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When valid, the body is streamed from this file instead: `file_size` bytes.
  ScopedFd file;
  int64_t file_size = 0;
};

// Headers sent with every response, errors and downloads included.
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();

class Portal {
 public:
  // `catalog` must outlive the portal. Thread-safe: Handle may run on many threads at once.
  Portal(const Catalog& catalog, const WebOptions& options);

  // Never throws: failures of the catalog or the index, and exceptions, become 500/503
  // responses (logged); the user sees a message, not a crash.
  HttpResponse Handle(const HttpRequest& req) const;

 private:
  HttpResponse Route(const HttpRequest& req) const;
  HttpResponse Home() const;
  HttpResponse Search(const HttpRequest& req, bool api) const;
  HttpResponse Suggest(const HttpRequest& req) const;
  HttpResponse DocumentPage(std::string_view id_segment) const;
  HttpResponse ApiDocument(std::string_view id_segment) const;
  HttpResponse File(std::string_view sha256, const HttpRequest& req) const;
  HttpResponse Health() const;

  HttpResponse HtmlError(int status, std::string_view title, std::string_view message) const;
  HttpResponse FailedStatus(const Status& s, bool api) const;

  const Catalog& catalog_;
  std::string portal_name_;
  int home_documents_;
  int page_size_;
};

}  // namespace vanban::web
