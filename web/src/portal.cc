#include "portal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>

#include "vanban/publisher/log.h"
#include "vanban/repository/blob_store.h"
#include "vanban/repository/document_json.h"
#include "vanban/web/http_util.h"
#include "vanban/web/pages.h"

namespace vanban::web {
namespace {

constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
constexpr std::string_view kJsonType = "application/json; charset=utf-8";
// Values per facet filter taken from a request, and suggestions returned.
constexpr size_t kMaxFilterValues = 20;
constexpr int kMaxSuggestions = 10;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsApiPath(std::string_view path) { return path == "/api" || StartsWith(path, "/api/"); }

HttpResponse Html(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", kHtmlType);
  // Pages change whenever a document is published or withdrawn: always revalidate.
  r.headers.emplace_back("Cache-Control", status == 200 ? "no-cache" : "no-store");
  r.body = std::move(body);
  return r;
}

HttpResponse Json(int status, const nlohmann::json& j) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", kJsonType);
  r.headers.emplace_back("Cache-Control", status == 200 ? "no-cache" : "no-store");
  r.body = DumpJson(j);
  return r;
}

HttpResponse JsonError(int status, std::string_view code, std::string_view message) {
  return Json(status, {{"error", {{"code", code}, {"message", message}}}});
}

// A media type as stored is written into a header: anything that is not a plain
// "type/subtype[; param]" is served as opaque bytes rather than trusted.
std::string SafeMediaType(std::string_view mt) {
  if (mt.empty() || mt.size() > 200 || mt.find('/') == std::string_view::npos) {
    return "application/octet-stream";
  }
  for (char c : mt) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) return "application/octet-stream";
  }
  return std::string(mt);
}

// The text of a search request, cleaned; `notice` is set when it had to be shortened.
std::string QueryText(const HttpRequest& req, std::string* notice) {
  bool truncated = false;
  std::string q =
      CleanSearchText(QueryParam(req.query, "q").value_or(""), kMaxQueryCodepoints, &truncated);
  if (truncated) {
    *notice = "Từ khóa quá dài nên chỉ " + std::to_string(kMaxQueryCodepoints) +
              " ký tự đầu tiên được dùng để tìm kiếm.";
  }
  return q;
}

// The facet filters of a search request: every `type=`, `authority=`, `field=`, `year=`,
// `unit=` parameter, cleaned like the query text; empty values are ignored.
SearchFilters FiltersOf(const HttpRequest& req) {
  SearchFilters filters;
  for (SearchFacet f : kSearchFacets) {
    for (const std::string& raw : QueryParams(req.query, SearchFacetName(f), kMaxFilterValues)) {
      bool truncated = false;
      std::string v = CleanSearchText(raw, kMaxQueryCodepoints, &truncated);
      std::vector<std::string>& values = filters.of(f);
      if (!v.empty() && std::find(values.begin(), values.end(), v) == values.end()) {
        values.push_back(std::move(v));
      }
    }
  }
  return filters;
}

// `sort=`: one of SearchSortName's names; anything else is relevance.
SearchSort SortOf(const HttpRequest& req) {
  auto raw = QueryParam(req.query, "sort");
  if (!raw) return SearchSort::kRelevance;
  return SearchSortFromName(*raw).value_or(SearchSort::kRelevance);
}

}  // namespace

ScopedFd::~ScopedFd() {
  if (fd_ >= 0) ::close(fd_);
}

ScopedFd& ScopedFd::operator=(ScopedFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const std::vector<std::pair<std::string, std::string>> kHeaders = {
      {"X-Content-Type-Options", "nosniff"},
      // The pages use inline CSS and nothing else: no script, no frame, no external resource.
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'"},
      // Search queries are in URLs: do not leak them to other sites.
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
  };
  return kHeaders;
}

Portal::Portal(const Catalog& catalog, const WebOptions& options)
    : catalog_(catalog),
      portal_name_(options.portal_name.empty() ? "Cổng Thông tin điện tử" : options.portal_name),
      home_documents_(std::clamp(options.home_documents, 1, 200)),
      page_size_(std::clamp(options.page_size, 1, 100)) {}

HttpResponse Portal::Handle(const HttpRequest& req) const {
  bool api = IsApiPath(req.path);
  try {
    return Route(req);
  } catch (const std::exception& e) {
    Log(LogLevel::kError, "web", req.method + " " + req.path + ": " + e.what());
  } catch (...) {
    Log(LogLevel::kError, "web", req.method + " " + req.path + ": unknown exception");
  }
  try {
    return FailedStatus(Status(ErrorCode::kInternal, "exception while handling the request"), api);
  } catch (...) {
    // Rendering the error page failed too (out of memory): a bare response still beats a
    // crash of the server thread.
    HttpResponse r;
    r.status = 500;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "500 Internal Server Error\n";
    return r;
  }
}

HttpResponse Portal::Route(const HttpRequest& req) const {
  const std::string& path = req.path;
  bool api = IsApiPath(path);
  if (req.method != "GET" && req.method != "HEAD") {
    HttpResponse r =
        api ? JsonError(405, "method_not_allowed", "Chỉ hỗ trợ phương thức GET và HEAD.")
            : HtmlError(405, "Phương thức không được hỗ trợ",
                        "Cổng chỉ hỗ trợ phương thức GET và HEAD.");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (path == "/") return Home();
  if (path == "/search") return Search(req, false);
  if (StartsWith(path, "/documents/")) return DocumentPage(std::string_view(path).substr(11));
  if (StartsWith(path, "/files/")) return File(std::string_view(path).substr(7), req);
  if (path == "/api/search") return Search(req, true);
  if (path == "/api/suggest") return Suggest(req);
  if (StartsWith(path, "/api/documents/")) return ApiDocument(std::string_view(path).substr(15));
  if (path == "/api/health") return Health();
  if (api) return JsonError(404, "not_found", "Không có API này.");
  return HtmlError(404, "Không tìm thấy trang",
                   "Trang bạn tìm không tồn tại. Hãy kiểm tra lại địa chỉ hoặc tìm văn bản "
                   "bằng ô tìm kiếm.");
}

HttpResponse Portal::Home() const {
  auto latest = catalog_.Latest(home_documents_);
  if (!latest.ok()) return FailedStatus(latest.status(), false);
  auto count = catalog_.PublishedCount();
  if (!count.ok()) return FailedStatus(count.status(), false);
  PageContext ctx{portal_name_, ""};
  return Html(200, RenderHome(ctx, *latest, *count));
}

HttpResponse Portal::Search(const HttpRequest& req, bool api) const {
  std::string notice;
  std::string q = QueryText(req, &notice);
  int page = ParsePageNumber(QueryParam(req.query, "page"), kMaxSearchPage);
  SearchFilters filters = FiltersOf(req);
  SearchSort sort = SortOf(req);
  PageContext ctx{portal_name_, q, filters, sort};
  // Without words, filters alone select (browsing by facet); without either there is nothing.
  if (q.empty() && filters.empty()) {
    if (api) {
      SearchResults none;
      none.page = 1;
      none.page_size = page_size_;
      return Json(200, SearchResultsToJson(none));
    }
    return Html(200, RenderSearchForm(ctx));
  }
  SearchQuery sq{q, page, page_size_, filters, sort};
  auto r = catalog_.Search(sq);
  if (!r.ok()) return FailedStatus(r.status(), api);
  // A page past the end (an old link, a hand-edited URL) shows the last page instead.
  int64_t pages = (r->total + page_size_ - 1) / page_size_;
  int last = static_cast<int>(std::clamp<int64_t>(pages, 1, kMaxSearchPage));
  if (page > last) {
    sq.page = last;
    r = catalog_.Search(sq);
    if (!r.ok()) return FailedStatus(r.status(), api);
  }
  r->page = sq.page;
  r->page_size = sq.page_size;
  if (api) return Json(200, SearchResultsToJson(*r));
  return Html(200, RenderSearch(ctx, *r, notice));
}

HttpResponse Portal::Suggest(const HttpRequest& req) const {
  bool truncated = false;
  std::string q =
      CleanSearchText(QueryParam(req.query, "q").value_or(""), kMaxQueryCodepoints, &truncated);
  if (q.empty()) return Json(200, SuggestionsToJson(q, {}));
  auto s = catalog_.Suggest(q, kMaxSuggestions);
  if (!s.ok()) return FailedStatus(s.status(), true);
  return Json(200, SuggestionsToJson(q, *s));
}

HttpResponse Portal::DocumentPage(std::string_view id_segment) const {
  auto id = ParseDocumentId(id_segment);
  Result<Document> doc = id ? catalog_.PublishedDocument(*id)
                            : Result<Document>(ErrorCode::kNotFound, "not a document id");
  if (!doc.ok()) {
    if (doc.status().code() == ErrorCode::kNotFound) {
      return HtmlError(404, "Không tìm thấy văn bản",
                       "Văn bản không tồn tại hoặc chưa được công bố trên Cổng.");
    }
    return FailedStatus(doc.status(), false);
  }
  auto text = catalog_.PublishedText(*id);
  if (!text.ok()) return FailedStatus(text.status(), false);
  auto relations = catalog_.PublishedRelations(*id);
  if (!relations.ok()) return FailedStatus(relations.status(), false);
  return Html(200, RenderDocument(PageContext{portal_name_, ""}, *doc, *text, *relations));
}

HttpResponse Portal::ApiDocument(std::string_view id_segment) const {
  auto id = ParseDocumentId(id_segment);
  Result<Document> doc = id ? catalog_.PublishedDocument(*id)
                            : Result<Document>(ErrorCode::kNotFound, "not a document id");
  if (!doc.ok()) {
    if (doc.status().code() == ErrorCode::kNotFound) {
      return JsonError(404, "not_found", "Văn bản không tồn tại hoặc chưa được công bố.");
    }
    return FailedStatus(doc.status(), true);
  }
  auto relations = catalog_.PublishedRelations(*id);
  if (!relations.ok()) return FailedStatus(relations.status(), true);
  nlohmann::json j = DocumentToJson(*doc);
  j["links"] = DocumentRelationsToJson(*relations);
  return Json(200, j);
}

HttpResponse Portal::File(std::string_view sha256, const HttpRequest& req) const {
  if (!BlobStore::IsValidSha256(sha256)) {
    return HtmlError(400, "Yêu cầu không hợp lệ",
                     "Địa chỉ tệp phải là mã SHA-256 gồm 64 chữ số thập lục phân viết thường.");
  }
  auto found = catalog_.PublishedFile(sha256);
  if (!found.ok()) {
    if (found.status().code() == ErrorCode::kNotFound) {
      return HtmlError(404, "Không tìm thấy tệp",
                       "Tệp không tồn tại hoặc không thuộc văn bản nào đã công bố.");
    }
    return FailedStatus(found.status(), false);
  }
  const FileRef& ref = found->first;
  std::string etag = "\"" + std::string(sha256) + "\"";

  HttpResponse r;
  // Content-addressed: the bytes behind this URL can never change.
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  if (!req.if_none_match.empty() && IfNoneMatchMatches(req.if_none_match, etag)) {
    r.status = 304;
    return r;
  }
  int fd = ::open(found->second.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) {
      return HtmlError(404, "Không tìm thấy tệp", "Tệp không còn trong kho lưu trữ.");
    }
    return FailedStatus(
        Status(ErrorCode::kIoError, "open " + found->second.string() + ": " + std::strerror(err)),
        false);
  }
  r.file = ScopedFd(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return FailedStatus(Status(ErrorCode::kIoError, "stat " + found->second.string()), false);
  }
  r.file_size = st.st_size;
  r.status = 200;
  r.headers.emplace_back("Content-Type", SafeMediaType(ref.media_type));
  r.headers.emplace_back("Content-Disposition", ContentDispositionAttachment(ref.name));
  return r;
}

HttpResponse Portal::Health() const {
  auto count = catalog_.PublishedCount();
  if (!count.ok()) {
    Log(LogLevel::kWarning, "web", "health: " + count.status().ToString());
    return Json(503, {{"status", "unavailable"},
                      {"error",
                       {{"code", ErrorCodeName(count.status().code())},
                        {"message", "Không đọc được kho văn bản."}}}});
  }
  return Json(200, {{"status", "ok"}, {"documents", *count}});
}

HttpResponse Portal::HtmlError(int status, std::string_view title, std::string_view message) const {
  return Html(status, RenderError(PageContext{portal_name_, ""}, status, title, message));
}

HttpResponse Portal::FailedStatus(const Status& s, bool api) const {
  if (s.code() == ErrorCode::kNotFound) {
    return api ? JsonError(404, "not_found", "Không tìm thấy.")
               : HtmlError(404, "Không tìm thấy", "Nội dung bạn tìm không tồn tại.");
  }
  if (s.code() == ErrorCode::kInvalidArgument) {
    return api ? JsonError(400, "invalid_argument", "Yêu cầu không hợp lệ.")
               : HtmlError(400, "Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ.");
  }
  // Details (paths, SQL) go to the log, not to the public.
  Log(LogLevel::kError, "web", s.ToString());
  bool busy = s.code() == ErrorCode::kBusy || s.code() == ErrorCode::kTimeout ||
              s.code() == ErrorCode::kTransient;
  int status = busy ? 503 : 500;
  std::string message = busy ? "Hệ thống đang bận, vui lòng thử lại sau ít phút."
                             : "Máy chủ gặp lỗi khi xử lý yêu cầu. Vui lòng thử lại sau.";
  HttpResponse r = api ? JsonError(status, ErrorCodeName(s.code()), message)
                       : HtmlError(status, busy ? "Hệ thống đang bận" : "Lỗi máy chủ", message);
  if (busy) r.headers.emplace_back("Retry-After", "5");
  return r;
}

}  // namespace vanban::web
