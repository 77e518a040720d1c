// The public portal over CivetWeb, plain HTTP (serve HTTPS through a TLS-terminating proxy:
// Debian's CivetWeb 1.15 crashes on TLS, docs/web.md).
//
// Routes (GET and HEAD; any other method gets 405):
//         GET /            latest published documents
//         GET /search?q=&page=&type=&authority=&field=&year=&unit=&sort=
//                                 search results with paging, facets and sort choices
//         GET /documents/{id}     document page (metadata of Art. 4.2, downloads)
//         GET /files/{sha256}     a file of a published document, by hash only
//         GET /api/search?(same)  {"total":N,"page":P,"page_size":S,"hits":[{"id","number",
//                                    "type","summary","issue_date","authority","score",
//                                    "snippet"}],"facets":{"type":[{"value","count"}],...}}
//         GET /api/suggest?q=     {"q":Q,"suggestions":[{"text","id","kind"}]} (at most 10)
//         GET /api/documents/{id}  document JSON (repository/document_json.h)
//         GET /api/health          {"status":"ok","documents":N}
// Every value written into HTML is escaped. The interface is in Vietnamese. Every response
// carries nosniff, a strict Content-Security-Policy and a Referrer-Policy. docs/web.md
// describes the routes, headers and deployment.
#pragma once

#include <memory>
#include <string>

#include "vanban/publisher/catalog.h"
#include "vanban/repository/status.h"

namespace vanban {

struct WebOptions {
  // CivetWeb listening_ports syntax: "8080", "127.0.0.1:8080"; port 0 picks a free port
  // (see WebServer::port()). TLS ports ("8443s") are refused: CivetWeb 1.15 crashes on TLS.
  std::string listen = "127.0.0.1:8080";
  int threads = 8;
  // Shown in every page title and header, e.g. "Cổng Thông tin điện tử tỉnh Thái Nguyên".
  std::string portal_name = "Cổng Thông tin điện tử";
  int home_documents = 20;  // latest documents listed on the home page
  int page_size = 20;       // search hits per page
  int request_timeout_ms = 30000;
};

class WebServer {
 public:
  // `catalog` must outlive the server.
  WebServer(const Catalog& catalog, WebOptions options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Binds and starts serving; kIoError with the reason if the port cannot be bound,
  // kInvalidArgument for a TLS port. Ok (and nothing happens) if already started.
  Status Start();
  // Stops accepting, waits for the requests in flight, releases the port. Idempotent; the
  // destructor calls it. Start and Stop must not race each other.
  void Stop();
  // The port actually bound (useful with "127.0.0.1:0"); 0 when not started.
  int port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vanban
