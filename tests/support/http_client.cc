#include "support/http_client.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace vanban::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxHeaderBytes = 1 << 20;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// One connection with a deadline shared by every wait on it.
class Connection {
 public:
  explicit Connection(Clock::time_point deadline) : deadline_(deadline) {}
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Status Connect(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    std::string service = std::to_string(port);
    int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
    if (rc != 0) {
      return Status(ErrorCode::kIoError, "resolve " + host + ": " + ::gai_strerror(rc));
    }
    Status last(ErrorCode::kIoError, "no address for " + host);
    for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
      last = ConnectOne(ai);
      if (last.ok()) break;
    }
    ::freeaddrinfo(res);
    return last;
  }

  Status SendAll(std::string_view data) {
    while (!data.empty()) {
      VANBAN_RETURN_IF_ERROR(Wait(POLLOUT, "send"));
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        return Status(ErrorCode::kIoError, std::string("send: ") + std::strerror(errno));
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  // Appends what arrives to buf_; *eof when the peer closed.
  Status Fill(bool* eof) {
    *eof = false;
    for (;;) {
      VANBAN_RETURN_IF_ERROR(Wait(POLLIN, "receive"));
      char tmp[16384];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        return Status(ErrorCode::kIoError, std::string("recv: ") + std::strerror(errno));
      }
      if (n == 0) {
        *eof = true;
      } else {
        buf_.append(tmp, static_cast<size_t>(n));
      }
      return Status::Ok();
    }
  }

  // Reads until `buf_` holds at least `n` bytes; kIoError if the peer closes first.
  Status FillTo(size_t n) {
    while (buf_.size() < n) {
      bool eof = false;
      VANBAN_RETURN_IF_ERROR(Fill(&eof));
      if (eof) return Status(ErrorCode::kIoError, "connection closed in the middle of the body");
    }
    return Status::Ok();
  }

  // Reads one CRLF-terminated line (without the CRLF), consuming it.
  Result<std::string> ReadLine() {
    for (;;) {
      size_t pos = buf_.find("\r\n");
      if (pos != std::string::npos) {
        std::string line = buf_.substr(0, pos);
        buf_.erase(0, pos + 2);
        return line;
      }
      if (buf_.size() > kMaxHeaderBytes) return Status(ErrorCode::kCorrupt, "line too long");
      bool eof = false;
      VANBAN_RETURN_IF_ERROR(Fill(&eof));
      if (eof) return Status(ErrorCode::kIoError, "connection closed in the middle of a line");
    }
  }

  std::string& buf() { return buf_; }

 private:
  Status ConnectOne(const addrinfo* ai) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd_ < 0) return Status(ErrorCode::kIoError, std::string("socket: ") + std::strerror(errno));
    if (::connect(fd_, ai->ai_addr, ai->ai_addrlen) == 0) return Status::Ok();
    if (errno != EINPROGRESS) {
      return Status(ErrorCode::kIoError, std::string("connect: ") + std::strerror(errno));
    }
    VANBAN_RETURN_IF_ERROR(Wait(POLLOUT, "connect"));
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
      return Status(ErrorCode::kIoError, std::string("connect: ") + std::strerror(err));
    }
    return Status::Ok();
  }

  Status Wait(short events, const char* what) {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
      if (left.count() <= 0) return Status(ErrorCode::kTimeout, std::string(what) + " timed out");
      pollfd p{fd_, events, 0};
      int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc > 0) return Status::Ok();  // ready, or an error the next call will report
      if (rc == 0) return Status(ErrorCode::kTimeout, std::string(what) + " timed out");
      if (errno != EINTR) {
        return Status(ErrorCode::kIoError, std::string("poll: ") + std::strerror(errno));
      }
    }
  }

  Clock::time_point deadline_;
  int fd_ = -1;
  std::string buf_;
};

Status ReadChunked(Connection& c, std::string* body) {
  for (;;) {
    auto line = c.ReadLine();
    if (!line.ok()) return line.status();
    std::string_view size_text = Trim(std::string_view(*line).substr(0, line->find(';')));
    size_t size = 0;
    auto [ptr, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || ec != std::errc() || ptr != size_text.data() + size_text.size()) {
      return Status(ErrorCode::kCorrupt, "bad chunk size line: " + *line);
    }
    if (size == 0) break;
    VANBAN_RETURN_IF_ERROR(c.FillTo(size + 2));
    body->append(c.buf(), 0, size);
    if (c.buf().compare(size, 2, "\r\n") != 0) {
      return Status(ErrorCode::kCorrupt, "chunk not followed by CRLF");
    }
    c.buf().erase(0, size + 2);
  }
  for (;;) {  // trailers, up to the empty line
    auto line = c.ReadLine();
    if (!line.ok()) return line.status();
    if (line->empty()) return Status::Ok();
  }
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return std::nullopt;
}

HttpClient::HttpClient(std::string host, int port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

Result<HttpResponse> HttpClient::Get(std::string_view target, const HttpHeaders& headers) const {
  return Send(HttpRequest{"GET", std::string(target), headers, ""});
}

Result<HttpResponse> HttpClient::Head(std::string_view target, const HttpHeaders& headers) const {
  return Send(HttpRequest{"HEAD", std::string(target), headers, ""});
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& req) const {
  Connection c(Clock::now() + timeout_);
  VANBAN_RETURN_IF_ERROR(c.Connect(host_, port_));

  std::string wire = req.method + " " + req.target + " HTTP/1.1\r\n";
  wire += "Host: " + host_ + ":" + std::to_string(port_) + "\r\n";
  wire += "Connection: close\r\n";
  if (!req.body.empty() || (req.method != "GET" && req.method != "HEAD")) {
    wire += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
  }
  for (const auto& [k, v] : req.headers) wire += k + ": " + v + "\r\n";
  wire += "\r\n";
  wire += req.body;
  VANBAN_RETURN_IF_ERROR(c.SendAll(wire));

  HttpResponse resp;
  auto status_line = c.ReadLine();
  if (!status_line.ok()) return status_line.status();
  // "HTTP/1.1 200 OK"
  std::string_view sl = *status_line;
  if (sl.substr(0, 7) != "HTTP/1." || sl.size() < 12 || sl[8] != ' ') {
    return Status(ErrorCode::kCorrupt, "not an HTTP/1.x status line: " + *status_line);
  }
  auto [ptr, ec] = std::from_chars(sl.data() + 9, sl.data() + 12, resp.status);
  if (ec != std::errc() || ptr != sl.data() + 12) {
    return Status(ErrorCode::kCorrupt, "bad status code: " + *status_line);
  }
  resp.reason = std::string(Trim(sl.substr(12)));

  for (;;) {
    auto line = c.ReadLine();
    if (!line.ok()) return line.status();
    if (line->empty()) break;
    size_t colon = line->find(':');
    if (colon == std::string::npos) {
      return Status(ErrorCode::kCorrupt, "bad header line: " + *line);
    }
    resp.headers.emplace_back(line->substr(0, colon),
                              std::string(Trim(std::string_view(*line).substr(colon + 1))));
  }

  bool no_body =
      req.method == "HEAD" || resp.status / 100 == 1 || resp.status == 204 || resp.status == 304;
  if (no_body) return resp;

  auto te = resp.Header("Transfer-Encoding");
  if (te && te->find("chunked") != std::string::npos) {
    VANBAN_RETURN_IF_ERROR(ReadChunked(c, &resp.body));
    return resp;
  }
  if (auto cl = resp.Header("Content-Length")) {
    size_t n = 0;
    auto [p, e] = std::from_chars(cl->data(), cl->data() + cl->size(), n);
    if (e != std::errc() || p != cl->data() + cl->size()) {
      return Status(ErrorCode::kCorrupt, "bad Content-Length: " + *cl);
    }
    VANBAN_RETURN_IF_ERROR(c.FillTo(n));
    resp.body = c.buf().substr(0, n);
    return resp;
  }
  for (;;) {  // no framing: the body ends with the connection
    bool eof = false;
    VANBAN_RETURN_IF_ERROR(c.Fill(&eof));
    if (eof) break;
  }
  resp.body = std::move(c.buf());
  return resp;
}

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

}  // namespace vanban::testing
