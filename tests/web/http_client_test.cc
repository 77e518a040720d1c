// The test HTTP client against a scripted socket peer: framing the portal itself never uses
// (chunked, close-delimited), header lookup, and timeouts.
#include "support/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace vanban::testing {
namespace {

using namespace std::chrono_literals;

// Accepts one connection, reads the request head, answers with `response` and closes, or,
// with an empty response, stays silent until destroyed.
class ScriptedPeer {
 public:
  explicit ScriptedPeer(std::string response) : response_(std::move(response)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedPeer() {
    done_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  std::string request() const {
    std::lock_guard<std::mutex> lock(mu_);
    return request_;
  }

 private:
  void Serve() {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    char buf[4096];
    std::string req;
    while (req.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      req.append(buf, static_cast<size_t>(n));
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      request_ = req;
    }
    if (response_.empty()) {
      while (!done_) std::this_thread::sleep_for(10ms);
    } else {
      ::send(fd, response_.data(), response_.size(), MSG_NOSIGNAL);
    }
    ::close(fd);
  }

  std::string response_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> done_{false};
  mutable std::mutex mu_;
  std::string request_;
};

TEST(HttpClient, ReadsAChunkedBodyAndLooksUpHeadersCaseInsensitively) {
  ScriptedPeer peer(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Thing:  value \r\n\r\n"
      "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");
  auto r = HttpClient("127.0.0.1", peer.port()).Get("/path?q=1", {{"If-None-Match", "\"x\""}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(r->body, "hello, world");
  EXPECT_EQ(r->Header("x-thing"), "value");
  EXPECT_EQ(r->Header("TRANSFER-ENCODING"), "chunked");
  EXPECT_FALSE(r->HasHeader("Content-Length"));
  EXPECT_EQ(peer.request().rfind("GET /path?q=1 HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(peer.request().find("If-None-Match: \"x\"\r\n"), std::string::npos);
}

TEST(HttpClient, ReadsContentLengthAndCloseDelimitedBodies) {
  {
    ScriptedPeer peer("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nabcEXTRA");
    auto r = HttpClient("127.0.0.1", peer.port()).Get("/");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->body, "abc");
  }
  {
    ScriptedPeer peer("HTTP/1.0 200 OK\r\n\r\nuntil the end");
    auto r = HttpClient("127.0.0.1", peer.port()).Get("/");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->body, "until the end");
  }
}

TEST(HttpClient, HeadAndNotModifiedHaveNoBody) {
  ScriptedPeer peer("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
  auto r = HttpClient("127.0.0.1", peer.port()).Head("/");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Header("Content-Length"), "1000");
  EXPECT_TRUE(r->body.empty());
}

TEST(HttpClient, ReportsTruncatedBodiesAndGarbage) {
  {
    ScriptedPeer peer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
    auto r = HttpClient("127.0.0.1", peer.port()).Get("/");
    EXPECT_EQ(r.status().code(), ErrorCode::kIoError);
  }
  {
    ScriptedPeer peer("SSH-2.0-OpenSSH\r\n\r\n");
    auto r = HttpClient("127.0.0.1", peer.port()).Get("/");
    EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
  }
}

TEST(HttpClient, TimesOutOnASilentServer) {
  ScriptedPeer peer("");
  auto start = std::chrono::steady_clock::now();
  auto r = HttpClient("127.0.0.1", peer.port(), 300ms).Get("/");
  EXPECT_EQ(r.status().code(), ErrorCode::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(HttpClient, FailsCleanlyWhenNothingListens) {
  int port = 0;
  {
    ScriptedPeer peer("HTTP/1.1 204 No Content\r\n\r\n");
    port = peer.port();
    auto r = HttpClient("127.0.0.1", port).Get("/");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 204);
  }
  auto r = HttpClient("127.0.0.1", port, 2s).Get("/");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoError);
}

}  // namespace
}  // namespace vanban::testing
