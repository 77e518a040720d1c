// The public portal over CivetWeb, plain HTTP (serve HTTPS through a TLS-terminating proxy:
// Debian's CivetWeb 1.15 crashes on TLS, docs/deployment.md).
//
// Routes: GET /            latest published documents
//         GET /search?q=&page=    search results with paging
//         GET /documents/{id}     document page (metadata of Art. 4.2, downloads)
//         GET /files/{sha256}     a file of a published document, by hash only
//         GET /api/search?q=&page=  {"total":N,"hits":[{"id","number","type","summary",
//                                    "issue_date","score","snippet"}]}
//         GET /api/documents/{id}  document JSON (repository/document_json.h)
//         GET /api/health          {"status":"ok", ...}
// Every value written into HTML is escaped. The interface is in Vietnamese.
#pragma once

#include <memory>
#include <string>

#include "vanban/publisher/catalog.h"
#include "vanban/repository/status.h"

namespace vanban {

struct WebOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 8;
};

class WebServer {
 public:
  // `catalog` must outlive the server.
  WebServer(const Catalog& catalog, WebOptions options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Binds and starts serving; kIoError with the reason if the port cannot be bound.
  Status Start();
  void Stop();
  // The port actually bound (useful with "127.0.0.1:0").
  int port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vanban
