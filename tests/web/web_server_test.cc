// The portal over real HTTP: a real Repository in a temporary directory, a real Lucene++
// index, a real CivetWeb server on a free port, and a plain socket client.
#include "vanban/web/web_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/temp_dir.h"
#include "vanban/index/search_index.h"
#include "vanban/publisher/catalog.h"
#include "vanban/repository/document_json.h"
#include "vanban/repository/repository.h"

namespace vanban {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResponse;
using ::testing::Not;
using testing::TempDir;
using testing::UrlEncode;

constexpr std::string_view kXss = "<script>alert(1)</script>";
constexpr std::string_view kXssEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

// Every byte value, and more than one 64 KiB chunk, so streaming and binary safety show.
std::string BinaryBytes(size_t n, unsigned seed) {
  std::string s(n, '\0');
  unsigned x = seed;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    s[i] = static_cast<char>((x >> 16) & 0xFF);
  }
  return s;
}

struct StoredDoc {
  int64_t id = 0;
  Metadata meta;
  std::vector<FileRef> files;
  std::string original;  // bytes of the original file
};

class PortalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { env_ = new Env(); }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(env_, nullptr);
    ASSERT_TRUE(env_->error.empty()) << "fixture setup failed: " << env_->error;
  }

  struct Env {
    Env() {
      try {
        Init();
      } catch (const std::exception& e) {
        error = e.what();
      }
    }

    // Throws (only here, in the fixture) so that any failed step stops the setup.
    void Init() {
      auto r = Repository::Open(dir.path() / "data");
      if (!r.ok()) throw std::runtime_error(r.status().ToString());
      repo = std::move(r).value();
      auto ix = SearchIndex::OpenWriter(dir.path() / "index");
      if (!ix.ok()) throw std::runtime_error(ix.status().ToString());
      index = std::move(ix).value();

      Metadata a;
      a.number = "01/2026/QĐ-UBND";
      a.type = "Quyết định";
      a.authority = "Ủy ban nhân dân tỉnh Thái Nguyên";
      a.authority_parent = "Chính phủ";
      a.place = "Thái Nguyên";
      a.issue_date = "2026-01-12";
      a.effective_date = "2026-01-25";
      a.summary = "Ban hành Quy chế hoạt động của Cổng Thông tin điện tử tỉnh";
      a.signer = "Nguyễn Văn A";
      a.signer_title = "Phó Chủ tịch";
      a.recipients = {"Như Điều 3", "Trung tâm Thông tin tỉnh"};
      published = Store(a, BinaryBytes(200 * 1024, 1), "Quyết định 01-2026 QĐ-UBND.pdf", true,
                        "QUYẾT ĐỊNH Ban hành Quy chế hoạt động của Cổng Thông tin điện tử tỉnh");

      Metadata b;
      b.number = "99/UBND-VP";
      b.type = "Công văn";
      b.authority = "Văn phòng Ủy ban nhân dân tỉnh";
      b.issue_date = "2026-02-01";
      b.summary = "Về việc kiểm tra nội bộ chưa công bố";
      in_review = Store(b, "in review bytes", "cv99.pdf", false,
                        "CÔNG VĂN Về việc kiểm tra nội bộ chưa công bố");

      Metadata c;
      c.number = "02/2026/QĐ-UBND";
      c.type = "Quyết định";
      c.authority = std::string(kXss);
      c.issue_date = "2026-01-20";
      c.summary = std::string(kXss) + " về quản lý đất đai";
      c.signer = std::string(kXss);
      c.recipients = {std::string(kXss)};
      hostile = Store(c, "hostile bytes", std::string(kXss) + ".pdf", true,
                      "QUYẾT ĐỊNH về quản lý đất đai");

      Metadata d;
      d.number = "03/2026/QĐ-UBND";
      d.type = "Quyết định";
      d.authority = "Ủy ban nhân dân tỉnh Thái Nguyên";
      d.issue_date = "2026-01-22";
      d.summary = "Phê duyệt kế hoạch chuyển đổi số năm 2026";
      third = Store(d, "third bytes", "qd03.pdf", true,
                    "QUYẾT ĐỊNH Phê duyệt kế hoạch chuyển đổi số năm 2026");

      Status st = index->Commit();
      if (!st.ok()) throw std::runtime_error(st.ToString());

      catalog = std::make_unique<Catalog>(*repo, *index);
      WebOptions o;
      o.listen = "127.0.0.1:0";
      o.threads = 4;
      o.page_size = 2;  // three "Quyết định" documents make two pages
      o.portal_name = "Cổng Thông tin điện tử tỉnh Thái Nguyên";
      server = std::make_unique<WebServer>(*catalog, o);
      st = server->Start();
      if (!st.ok()) throw std::runtime_error(st.ToString());
    }

    StoredDoc Store(const Metadata& meta, const std::string& original, const std::string& name,
                    bool publish, const std::string& text) {
      StoredDoc out;
      out.meta = meta;
      out.original = original;
      auto blob = repo->blobs().PutBytes(original);
      if (!blob.ok()) throw std::runtime_error(blob.status().ToString());
      auto in = repo->RecordIntake({*blob, name, "vpubnd", "/inbox/vpubnd/" + name, publish});
      if (!in.ok()) throw std::runtime_error(in.status().ToString());
      auto jobs = repo->ClaimJobs(JobKind::kExtract, "web-test", 60s, 1);
      if (!jobs.ok() || jobs->size() != 1) throw std::runtime_error("claim failed");
      const Job& job = jobs->front();

      ExtractOutcome o;
      o.meta = meta;
      o.text = text;
      o.files.push_back(FileRef{std::string(kRoleOriginal), job.sha256, "application/pdf", job.size,
                                name, "clerk"});
      // Renditions, as the converter would add them.
      std::string odt = "odt of " + original.substr(0, 32);
      std::string pdfa = "pdfa of " + original.substr(0, 32);
      auto odt_blob = repo->blobs().PutBytes(odt);
      auto pdfa_blob = repo->blobs().PutBytes(pdfa);
      if (!odt_blob.ok() || !pdfa_blob.ok()) throw std::runtime_error("rendition blobs");
      o.files.push_back(FileRef{std::string(kRoleOdt), odt_blob->sha256,
                                "application/vnd.oasis.opendocument.text", odt_blob->size,
                                "rendition.odt", "libreoffice"});
      o.files.push_back(FileRef{std::string(kRolePdfa), pdfa_blob->sha256, "application/pdf",
                                pdfa_blob->size, "rendition.pdf", "libreoffice"});
      o.publish = publish;
      o.review_reason = publish ? "" : "awaiting editor approval";
      auto stored = repo->CompleteExtract(job, o);
      if (!stored.ok()) throw std::runtime_error(stored.status().ToString());
      out.id = stored->doc_id;
      out.files = o.files;
      if (publish) {
        IndexEntry e;
        e.doc_id = out.id;
        e.meta = meta;
        e.text = text;
        e.unit = "vpubnd";
        e.published_at = "2026-01-13T08:00:00Z";
        Status st = index->Upsert(e);
        if (!st.ok()) throw std::runtime_error(st.ToString());
      }
      return out;
    }

    std::string error;
    TempDir dir{"vanban-web-test"};
    std::unique_ptr<Repository> repo;
    std::unique_ptr<SearchIndex> index;
    std::unique_ptr<Catalog> catalog;
    std::unique_ptr<WebServer> server;
    StoredDoc published, in_review, hostile, third;
  };

  static HttpClient Client() { return HttpClient("127.0.0.1", env_->server->port()); }

  static HttpResponse Get(const std::string& target, const testing::HttpHeaders& h = {}) {
    auto r = Client().Get(target, h);
    EXPECT_TRUE(r.ok()) << target << ": " << r.status().ToString();
    return r.ok() ? *r : HttpResponse{};
  }

  static HttpResponse Send(const std::string& method, const std::string& target) {
    auto r = Client().Send({method, target, {}, method == "POST" ? "q=x" : ""});
    EXPECT_TRUE(r.ok()) << method << " " << target << ": " << r.status().ToString();
    return r.ok() ? *r : HttpResponse{};
  }

  static nlohmann::json JsonOf(const HttpResponse& r) {
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/json; charset=utf-8");
    return nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  }

  static std::string DocUrl(const StoredDoc& d) { return "/documents/" + std::to_string(d.id); }
  static std::string FileUrl(const StoredDoc& d) { return "/files/" + d.files[0].sha256; }

  static void ExpectSecurityHeaders(const HttpResponse& r, const std::string& what) {
    EXPECT_EQ(r.Header("X-Content-Type-Options").value_or(""), "nosniff") << what;
    std::string csp = r.Header("Content-Security-Policy").value_or("");
    EXPECT_THAT(csp, HasSubstr("default-src 'none'")) << what;
    EXPECT_THAT(csp, HasSubstr("style-src 'unsafe-inline'")) << what;
    EXPECT_THAT(csp, HasSubstr("img-src 'self'")) << what;
    EXPECT_THAT(csp, HasSubstr("form-action 'self'")) << what;
    EXPECT_TRUE(r.HasHeader("Referrer-Policy")) << what;
  }

  static Env* env_;
};

PortalTest::Env* PortalTest::env_ = nullptr;

TEST_F(PortalTest, HomeListsPublishedDocumentsButNotInReviewOnes) {
  HttpResponse r = Get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_THAT(r.body, HasSubstr("<html lang=\"vi\">"));
  EXPECT_THAT(r.body, HasSubstr("<a href=\"" + DocUrl(env_->published) + "\">01/2026/QĐ-UBND</a>"));
  EXPECT_THAT(r.body, HasSubstr("Ban hành Quy chế hoạt động"));
  EXPECT_THAT(r.body, HasSubstr("12/01/2026"));
  EXPECT_THAT(r.body, HasSubstr("Tổng số văn bản đã công bố: <strong>3</strong>"));
  EXPECT_THAT(r.body, HasSubstr("action=\"/search\""));
  EXPECT_THAT(r.body, HasSubstr("Cổng Thông tin điện tử tỉnh Thái Nguyên"));
  EXPECT_THAT(r.body, Not(HasSubstr("99/UBND-VP")));
  EXPECT_THAT(r.body, Not(HasSubstr("kiểm tra nội bộ")));
  EXPECT_THAT(r.body, Not(HasSubstr(DocUrl(env_->in_review) + "\"")));
}

TEST_F(PortalTest, SearchPageFindsDocumentWithoutDiacritics) {
  HttpResponse r = Get("/search?q=" + UrlEncode("quy che hoat dong cong thong tin"));
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("<a href=\"" + DocUrl(env_->published) + "\">"));
  EXPECT_THAT(r.body, HasSubstr("Quyết định 01/2026/QĐ-UBND</a>"));
  EXPECT_THAT(r.body, HasSubstr("Ủy ban nhân dân tỉnh Thái Nguyên"));
  EXPECT_THAT(r.body, HasSubstr("12/01/2026"));
  EXPECT_THAT(r.body, HasSubstr("Tìm thấy"));
  EXPECT_THAT(r.body, HasSubstr("value=\"quy che hoat dong cong thong tin\""));
  EXPECT_THAT(r.body, HasSubstr("class=\"snippet\""));
}

TEST_F(PortalTest, ApiSearchHasTheExactJsonShape) {
  HttpResponse r = Get("/api/search?q=" + UrlEncode("quy che cong thong tin"));
  ASSERT_EQ(r.status, 200);
  nlohmann::json j = JsonOf(r);
  ASSERT_TRUE(j.is_object()) << r.body;
  std::set<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
  EXPECT_EQ(keys, (std::set<std::string>{"total", "page", "page_size", "hits", "facets",
                                         "did_you_mean"}));
  EXPECT_TRUE(j["did_you_mean"].is_null()) << r.body;
  EXPECT_GE(j["total"].get<int64_t>(), 1);
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["page_size"], 2);
  ASSERT_TRUE(j["hits"].is_array());
  ASSERT_FALSE(j["hits"].empty());
  const nlohmann::json& hit = j["hits"][0];
  std::set<std::string> hit_keys;
  for (auto it = hit.begin(); it != hit.end(); ++it) hit_keys.insert(it.key());
  EXPECT_EQ(hit_keys, (std::set<std::string>{"id", "number", "type", "summary", "issue_date",
                                             "authority", "score", "snippet"}));
  EXPECT_EQ(hit["id"], env_->published.id);
  EXPECT_EQ(hit["number"], "01/2026/QĐ-UBND");
  EXPECT_EQ(hit["type"], "Quyết định");
  EXPECT_EQ(hit["issue_date"], "2026-01-12");
  EXPECT_TRUE(hit["score"].is_number());
  EXPECT_TRUE(hit["snippet"].is_string());
}

TEST_F(PortalTest, MisspeltSearchProposesACorrection) {
  nlohmann::json j = JsonOf(Get("/api/search?q=" + UrlEncode("quyet dinh cong thong tim")));
  EXPECT_EQ(j["total"], 0) << j.dump();
  EXPECT_EQ(j["did_you_mean"], "quyet dinh cong thong tin") << j.dump();
  nlohmann::json fixed = JsonOf(Get("/api/search?q=" + UrlEncode("quyet dinh cong thong tin")));
  ASSERT_EQ(fixed["total"], 1) << fixed.dump();
  EXPECT_EQ(fixed["hits"][0]["id"], env_->published.id);
  EXPECT_TRUE(fixed["did_you_mean"].is_null());
  // Enough results: no suggestion.
  nlohmann::json good = JsonOf(Get("/api/search?q=" + UrlEncode("quyet dinh")));
  EXPECT_EQ(good["total"], 3);
  EXPECT_TRUE(good["did_you_mean"].is_null()) << good.dump();

  HttpResponse page =
      Get("/search?q=" + UrlEncode("quyet dinh cong thong tim") + "&sort=-issue_date");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("Có phải bạn muốn tìm: <a href=\"/search?q=quyet%20dinh%20cong"
                                   "%20thong%20tin&amp;sort=-issue_date\">quyet dinh cong thong "
                                   "tin</a>"));
  HttpResponse plain = Get("/search?q=" + UrlEncode("quyet dinh"));
  EXPECT_THAT(plain.body, Not(HasSubstr("Có phải bạn muốn tìm")));
}

TEST_F(PortalTest, SearchNeverReturnsInReviewDocuments) {
  nlohmann::json j = JsonOf(Get("/api/search?q=" + UrlEncode("kiem tra noi bo")));
  for (const auto& hit : j["hits"]) EXPECT_NE(hit["id"], env_->in_review.id);
}

TEST_F(PortalTest, SearchPagesThroughResults) {
  std::string q = UrlEncode("quyet dinh");
  nlohmann::json j = JsonOf(Get("/api/search?q=" + q));
  ASSERT_EQ(j["total"], 3) << j.dump();
  EXPECT_EQ(j["hits"].size(), 2u);
  HttpResponse first = Get("/search?q=" + q);
  EXPECT_THAT(first.body, HasSubstr("rel=\"next\" href=\"/search?q=" + q + "&amp;page=2\""));
  EXPECT_THAT(first.body, Not(HasSubstr("rel=\"prev\"")));
  HttpResponse second = Get("/search?q=" + q + "&page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_THAT(second.body, HasSubstr("rel=\"prev\""));
  EXPECT_THAT(second.body, HasSubstr("« Trước"));
  EXPECT_THAT(second.body, HasSubstr("<span aria-current=\"page\">2</span>"));
  EXPECT_THAT(second.body, HasSubstr("<ol class=\"hits\" start=\"3\">"));
  nlohmann::json j2 = JsonOf(Get("/api/search?q=" + q + "&page=2"));
  EXPECT_EQ(j2["page"], 2);
  EXPECT_EQ(j2["hits"].size(), 1u);
  // Past the end: the last page, not an error.
  nlohmann::json j9 = JsonOf(Get("/api/search?q=" + q + "&page=9"));
  EXPECT_EQ(j9["page"], 2);
  EXPECT_EQ(j9["hits"].size(), 1u);
}

TEST_F(PortalTest, EmptySearchShowsTheFormWithAHint) {
  for (std::string target : {"/search", "/search?q=", "/search?q=+++"}) {
    HttpResponse r = Get(target);
    ASSERT_EQ(r.status, 200) << target;
    EXPECT_THAT(r.body, HasSubstr("<h1>Tìm kiếm văn bản</h1>")) << target;
    EXPECT_THAT(r.body, HasSubstr("không dấu")) << target;
  }
  nlohmann::json j = JsonOf(Get("/api/search?q="));
  EXPECT_EQ(j,
            nlohmann::json::parse(
                R"({"total":0,"page":1,"page_size":2,"hits":[],"facets":{},"did_you_mean":null})"));
}

// Hit ids of an /api/search answer, in order.
std::vector<int64_t> JsonHitIds(const nlohmann::json& j) {
  std::vector<int64_t> ids;
  if (j.contains("hits")) {
    for (const auto& h : j["hits"]) ids.push_back(h["id"].get<int64_t>());
  }
  return ids;
}

TEST_F(PortalTest, ApiSearchReturnsFacetCountsAndCombinesFilters) {
  const std::string ubnd = "Ủy ban nhân dân tỉnh Thái Nguyên";
  const std::string q = "/api/search?q=" + UrlEncode("quyet dinh");
  nlohmann::json j = JsonOf(Get(q));
  ASSERT_EQ(j["total"], 3) << j.dump();
  EXPECT_EQ(j["facets"], nlohmann::json::parse(R"({
      "type": [{"value": "Quyết định", "count": 3}],
      "authority": [{"value": "Ủy ban nhân dân tỉnh Thái Nguyên", "count": 2},
                    {"value": "<script>alert(1)</script>", "count": 1}],
      "field": [],
      "year": [{"value": "2026", "count": 3}],
      "unit": [{"value": "vpubnd", "count": 3}]})"))
      << j["facets"].dump();

  nlohmann::json by_ubnd = JsonOf(Get(q + "&authority=" + UrlEncode(ubnd)));
  EXPECT_EQ(by_ubnd["total"], 2);
  EXPECT_EQ(by_ubnd["hits"].size(), 2u);
  for (const auto& hit : by_ubnd["hits"]) EXPECT_NE(hit["id"], env_->hostile.id);
  // The authority facet still lists the alternative; the others count within the filter.
  EXPECT_EQ(by_ubnd["facets"]["authority"].size(), 2u);
  EXPECT_EQ(by_ubnd["facets"]["type"][0]["count"], 2);

  EXPECT_EQ(JsonOf(Get(q + "&authority=" + UrlEncode(ubnd) + "&year=2025"))["total"], 0);
  EXPECT_EQ(JsonOf(Get(q + "&authority=" + UrlEncode(ubnd) + "&year=2026"))["total"], 2);
  EXPECT_EQ(JsonOf(Get(q + "&type=" + UrlEncode("Công văn")))["total"], 0);
  EXPECT_EQ(JsonOf(Get(q + "&type=" + UrlEncode("Công văn") +
                       "&type=" + UrlEncode("Quyết định")))["total"],
            3);
  EXPECT_EQ(JsonOf(Get(q + "&unit=stc"))["total"], 0);
  EXPECT_EQ(JsonOf(Get(q + "&field=" + UrlEncode("Đất đai")))["total"], 0);
  // Words are optional with a filter: the filter alone selects.
  nlohmann::json browse = JsonOf(Get("/api/search?type=" + UrlEncode("Quyết định")));
  EXPECT_EQ(browse["total"], 3);
  EXPECT_EQ(browse["facets"]["type"][0]["count"], 3);
}

TEST_F(PortalTest, ApiSearchSortsByDates) {
  const std::string q = "/api/search?q=" + UrlEncode("quyet dinh");
  const int64_t a = env_->published.id;  // issued 2026-01-12, in force 2026-01-25
  const int64_t b = env_->hostile.id;    // issued 2026-01-20, no effective date
  const int64_t c = env_->third.id;      // issued 2026-01-22, no effective date
  EXPECT_EQ(JsonHitIds(JsonOf(Get(q + "&sort=-issue_date"))), (std::vector<int64_t>{c, b}));
  EXPECT_EQ(JsonHitIds(JsonOf(Get(q + "&sort=-issue_date&page=2"))), (std::vector<int64_t>{a}));
  EXPECT_EQ(JsonHitIds(JsonOf(Get(q + "&sort=issue_date"))), (std::vector<int64_t>{a, b}));
  EXPECT_EQ(JsonHitIds(JsonOf(Get(q + "&sort=issue_date&page=2"))), (std::vector<int64_t>{c}));
  EXPECT_EQ(JsonHitIds(JsonOf(Get(q + "&sort=-effective_date"))), (std::vector<int64_t>{a, b}));
  EXPECT_EQ(JsonHitIds(JsonOf(Get(q + "&sort=effective_date&page=2"))), (std::vector<int64_t>{c}));
  // Unknown orders are relevance, not errors.
  HttpResponse bogus = Get(q + "&sort=" + UrlEncode("<bogus>"));
  EXPECT_EQ(bogus.status, 200);
  EXPECT_EQ(JsonHitIds(JsonOf(bogus)), JsonHitIds(JsonOf(Get(q + "&sort=relevance"))));
}

TEST_F(PortalTest, SearchPageLinksFacetsSortsAndKeepsFiltersInPaging) {
  const std::string q = UrlEncode("quyet dinh");
  const std::string ubnd = UrlEncode("Ủy ban nhân dân tỉnh Thái Nguyên");
  const std::string qd = UrlEncode("Quyết định");
  HttpResponse r = Get("/search?q=" + q);
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("<aside class=\"facets\""));
  EXPECT_THAT(r.body, HasSubstr("<h2>Cơ quan ban hành</h2>"));
  EXPECT_THAT(r.body, HasSubstr("<li><a href=\"/search?q=" + q + "&amp;authority=" + ubnd +
                                "\">Ủy ban nhân dân tỉnh Thái Nguyên</a> "
                                "<span class=\"n\">(2)</span></li>"));
  EXPECT_THAT(r.body, HasSubstr("<a href=\"/search?q=" + q +
                                "&amp;year=2026\">2026</a> "
                                "<span class=\"n\">(3)</span>"));
  EXPECT_THAT(r.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;</a> <span class=\"n\">(1)"));
  EXPECT_THAT(r.body, Not(HasSubstr(std::string(kXss))));
  EXPECT_THAT(r.body, HasSubstr("<a href=\"/search?q=" + q +
                                "&amp;sort=-issue_date\">Ngày ban hành: mới nhất</a>"));
  EXPECT_THAT(r.body, HasSubstr("<span aria-current=\"true\">Liên quan nhất</span>"));

  HttpResponse f = Get("/search?q=" + q + "&type=" + qd + "&sort=-issue_date");
  ASSERT_EQ(f.status, 200);
  // Paging keeps the filter and the order; the active filter links back without it.
  EXPECT_THAT(f.body, HasSubstr("rel=\"next\" href=\"/search?q=" + q + "&amp;type=" + qd +
                                "&amp;sort=-issue_date&amp;page=2\""));
  EXPECT_THAT(f.body, HasSubstr("<p class=\"filters\">Đang lọc: <a href=\"/search?q=" + q +
                                "&amp;sort=-issue_date\" title=\"Bỏ lọc\">Loại văn bản: "
                                "Quyết định"));
  EXPECT_THAT(f.body, HasSubstr("<span aria-current=\"true\">Ngày ban hành: mới nhất</span>"));
  // The selected value is marked and its link removes it.
  EXPECT_THAT(f.body, HasSubstr("<li><a href=\"/search?q=" + q +
                                "&amp;sort=-issue_date\" aria-current=\"true\""));
  // Newest first: 03/2026 (22/01) before 02/2026 (20/01), 01/2026 on page 2.
  size_t third = f.body.find("03/2026/QĐ-UBND");
  size_t hostile = f.body.find("02/2026/QĐ-UBND");
  ASSERT_NE(third, std::string::npos);
  ASSERT_NE(hostile, std::string::npos);
  EXPECT_LT(third, hostile);
  EXPECT_EQ(f.body.find("Quyết định 01/2026/QĐ-UBND"), std::string::npos);

  // A filter without words lists what it selects.
  HttpResponse browse = Get("/search?authority=" + ubnd);
  ASSERT_EQ(browse.status, 200);
  EXPECT_THAT(browse.body, HasSubstr("Tìm thấy <strong>2</strong> văn bản phù hợp với bộ lọc"));
}

TEST_F(PortalTest, ApiSuggestCompletesNumbersAndTitles) {
  HttpResponse r = Get("/api/suggest?q=" + UrlEncode("01/2026"));
  ASSERT_EQ(r.status, 200);
  nlohmann::json j = JsonOf(r);
  nlohmann::json want = {
      {"q", "01/2026"},
      {"suggestions",
       {{{"text", "01/2026/QĐ-UBND"}, {"id", env_->published.id}, {"kind", "number"}}}}};
  EXPECT_EQ(j, want);

  nlohmann::json t = JsonOf(Get("/api/suggest?q=quyet"));
  ASSERT_TRUE(t["suggestions"].is_array()) << t.dump();
  std::set<int64_t> ids;
  for (const auto& s : t["suggestions"]) {
    EXPECT_EQ(s["kind"], "title");
    ids.insert(s["id"].get<int64_t>());
  }
  EXPECT_EQ(ids, (std::set<int64_t>{env_->published.id, env_->hostile.id, env_->third.id}));
  nlohmann::json one = JsonOf(Get("/api/suggest?q=" + UrlEncode("quyet dinh phe d")));
  ASSERT_EQ(one["suggestions"].size(), 1u) << one.dump();
  EXPECT_EQ(one["suggestions"][0]["text"], "Quyết định Phê duyệt kế hoạch chuyển đổi số năm 2026");
  // Documents not published are never suggested.
  EXPECT_TRUE(JsonOf(Get("/api/suggest?q=" + UrlEncode("99/UBND")))["suggestions"].empty());
  EXPECT_TRUE(JsonOf(Get("/api/suggest?q=" + UrlEncode("kiem tra")))["suggestions"].empty());
}

TEST_F(PortalTest, ApiSuggestAnswers200ToAnyInput) {
  std::string long_vi;
  for (int i = 0; i < 2000; ++i) long_vi += "ế";
  std::vector<std::string> queries = {"",
                                      "q=",
                                      "q",
                                      "q=" + std::string(2000, 'a'),
                                      "q=" + UrlEncode(long_vi),
                                      "q=%01%02quy%1F%7Fet%0D%0A",
                                      "q=%FF%FE%C3",
                                      "q=%00",
                                      "q=%",
                                      "q=" + UrlEncode("\"(unbalanced AND OR* ~ ^ [ { :"),
                                      "q=" + UrlEncode(std::string(kXss)),
                                      "q=%2F",
                                      "q=-",
                                      "q=01%2F&q=quyet"};
  for (const std::string& query : queries) {
    HttpResponse r = Get("/api/suggest?" + query);
    EXPECT_EQ(r.status, 200) << query << "\n" << r.body.substr(0, 500);
    nlohmann::json j = JsonOf(r);
    ASSERT_TRUE(j.is_object()) << query << ": " << r.body.substr(0, 500);
    EXPECT_TRUE(j["q"].is_string()) << query;
    ASSERT_TRUE(j["suggestions"].is_array()) << query;
    EXPECT_LE(j["suggestions"].size(), 10u) << query;
  }
  EXPECT_TRUE(JsonOf(Get("/api/suggest?q="))["suggestions"].empty());
  // Control characters are white space: "quy et" still completes "quy".
  nlohmann::json ctl = JsonOf(Get("/api/suggest?q=%01%02quy%1F"));
  EXPECT_FALSE(ctl["suggestions"].empty()) << ctl.dump();
}

TEST_F(PortalTest, AwkwardSearchParametersStillAnswer200) {
  std::string long_q(2000, 'a');
  std::string long_vi;  // 18,000 bytes once percent-encoded
  for (int i = 0; i < 2000; ++i) long_vi += "ế";
  std::vector<std::string> queries = {
      "q=quyet&page=-5",
      "q=quyet&page=abc",
      "q=quyet&page=0",
      "q=quyet&page=99999999999999999999",
      "q=quyet&page=",
      "q=" + long_q,
      "q=" + UrlEncode(long_vi),
      "q=%01%02quy%1F%7Fet%0D%0A",
      "q=%FF%FE%C3",
      "q=" + UrlEncode("\"(unbalanced AND OR* ~ ^ [ { :"),
      "q=" + UrlEncode(std::string(kXss)),
      "q=%",
      "page=2",
      "q=" + UrlEncode("quyer dinj congg thobg tim -tim \"quy cjhe\" 01/2026/QĐ-UBNF"),
      "q=" + UrlEncode(std::string(kXss) + " cong thong tim"),
  };
  for (const std::string& query : queries) {
    for (std::string path : {"/search?", "/api/search?"}) {
      HttpResponse r = Get(path + query);
      EXPECT_EQ(r.status, 200) << path << query << "\n" << r.body.substr(0, 2000);
      if (path == "/api/search?") {
        nlohmann::json j = JsonOf(r);
        EXPECT_TRUE(j.is_object()) << query;
        EXPECT_TRUE(j["did_you_mean"].is_null() || j["did_you_mean"].is_string()) << query;
      }
    }
  }
  HttpResponse cut = Get("/search?q=" + UrlEncode(long_vi));
  EXPECT_THAT(cut.body, HasSubstr("Từ khóa quá dài"));
}

TEST_F(PortalTest, DocumentPageShowsEveryArticle42FieldAndTheDownloads) {
  HttpResponse r = Get(DocUrl(env_->published));
  ASSERT_EQ(r.status, 200);
  const std::string& h = r.body;
  for (std::string_view label :
       {"Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Cơ quan chủ quản", "Nơi ban hành",
        "Ngày ban hành", "Ngày có hiệu lực", "Trích yếu", "Người ký", "Nơi nhận"}) {
    EXPECT_THAT(h, HasSubstr("<th scope=\"row\">" + std::string(label) + "</th>")) << label;
  }
  EXPECT_THAT(h, HasSubstr("01/2026/QĐ-UBND"));
  EXPECT_THAT(h, HasSubstr("Quyết định"));
  EXPECT_THAT(h, HasSubstr("Ủy ban nhân dân tỉnh Thái Nguyên"));
  EXPECT_THAT(h, HasSubstr("Chính phủ"));
  EXPECT_THAT(h, HasSubstr(">Thái Nguyên<"));
  EXPECT_THAT(h, HasSubstr(">12/01/2026<"));
  EXPECT_THAT(h, HasSubstr(">25/01/2026<"));
  EXPECT_THAT(h, HasSubstr("Ban hành Quy chế hoạt động của Cổng Thông tin điện tử tỉnh"));
  EXPECT_THAT(h, HasSubstr("Nguyễn Văn A — Phó Chủ tịch"));
  EXPECT_THAT(h, HasSubstr("<li>Như Điều 3</li>"));
  EXPECT_THAT(h, HasSubstr("<a href=\"" + FileUrl(env_->published) +
                           "\">Quyết định 01-2026 QĐ-UBND.pdf</a>"));
  EXPECT_THAT(h, HasSubstr("Bản gốc"));
  EXPECT_THAT(h, HasSubstr("Văn bản ODT"));
  EXPECT_THAT(h, HasSubstr("PDF/A"));
  EXPECT_THAT(h, HasSubstr("200 KB"));
  EXPECT_THAT(h, HasSubstr("application/vnd.oasis.opendocument.text"));
  EXPECT_THAT(h, HasSubstr("/files/" + env_->published.files[1].sha256));
  EXPECT_THAT(h, HasSubstr("/files/" + env_->published.files[2].sha256));
}

TEST_F(PortalTest, UnknownOrUnpublishedDocumentIs404) {
  for (std::string target :
       {DocUrl(env_->in_review), std::string("/documents/999999"), std::string("/documents/abc"),
        std::string("/documents/"), std::string("/documents/-1"), std::string("/documents/1x")}) {
    HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_THAT(r.body, HasSubstr("<html lang=\"vi\">")) << target;
    EXPECT_THAT(r.body, HasSubstr("Không tìm thấy")) << target;
  }
  EXPECT_THAT(Get(DocUrl(env_->in_review)).body, Not(HasSubstr("kiểm tra nội bộ")));
}

TEST_F(PortalTest, ApiDocumentServesPublishedOnly) {
  HttpResponse r = Get("/api/documents/" + std::to_string(env_->published.id));
  ASSERT_EQ(r.status, 200);
  auto doc = env_->catalog->PublishedDocument(env_->published.id);
  ASSERT_TRUE(doc.ok());
  auto links = env_->catalog->PublishedRelations(env_->published.id);
  ASSERT_TRUE(links.ok());
  nlohmann::json want = DocumentToJson(*doc);
  want["links"] = DocumentRelationsToJson(*links);
  EXPECT_EQ(JsonOf(r), want);

  for (std::string target :
       {"/api/documents/" + std::to_string(env_->in_review.id),
        std::string("/api/documents/999999"), std::string("/api/documents/abc")}) {
    HttpResponse nf = Get(target);
    EXPECT_EQ(nf.status, 404) << target;
    nlohmann::json j = JsonOf(nf);
    EXPECT_EQ(j["error"]["code"], "not_found") << target;
    EXPECT_TRUE(j["error"]["message"].is_string()) << target;
  }
}

TEST_F(PortalTest, HealthReportsThePublishedCount) {
  HttpResponse r = Get("/api/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonOf(r), nlohmann::json::parse(R"({"status":"ok","documents":3})"));
}

TEST_F(PortalTest, DownloadIsByteIdenticalWithHeaders) {
  const StoredDoc& d = env_->published;
  HttpResponse r = Get(FileUrl(d));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), d.original.size());
  EXPECT_TRUE(r.body == d.original) << "downloaded bytes differ from the stored original";
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/pdf");
  EXPECT_EQ(r.Header("Content-Length").value_or(""), std::to_string(d.original.size()));
  EXPECT_EQ(r.Header("ETag").value_or(""), "\"" + d.files[0].sha256 + "\"");
  EXPECT_EQ(r.Header("Cache-Control").value_or(""), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.Header("Content-Disposition").value_or(""),
            "attachment; filename=\"Quyet dinh 01-2026 QD-UBND.pdf\"; "
            "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2001-2026%20Q%C4%90-UBND.pdf");

  // The renditions download too.
  HttpResponse odt = Get("/files/" + d.files[1].sha256);
  EXPECT_EQ(odt.status, 200);
  EXPECT_EQ(odt.Header("Content-Type").value_or(""), "application/vnd.oasis.opendocument.text");

  auto head = Client().Head(FileUrl(d));
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length").value_or(""), std::to_string(d.original.size()));
  EXPECT_TRUE(head->body.empty());
}

TEST_F(PortalTest, DownloadHonoursIfNoneMatch) {
  const StoredDoc& d = env_->published;
  std::string etag = "\"" + d.files[0].sha256 + "\"";
  HttpResponse r = Get(FileUrl(d), {{"If-None-Match", etag}});
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.Header("ETag").value_or(""), etag);
  ExpectSecurityHeaders(r, "304");
  HttpResponse other = Get(FileUrl(d), {{"If-None-Match", "\"something-else\""}});
  EXPECT_EQ(other.status, 200);
}

TEST_F(PortalTest, DownloadRefusesBadHashesAndUnpublishedFiles) {
  std::string upper = env_->published.files[0].sha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string target : {"/files/" + upper, std::string("/files/xyz"), std::string("/files/"),
                             "/files/" + env_->published.files[0].sha256 + "0",
                             "/files/" + env_->published.files[0].sha256 + "/x"}) {
    EXPECT_EQ(Get(target).status, 400) << target;
  }
  EXPECT_EQ(Get("/files/" + std::string(64, 'e')).status, 404);
  HttpResponse r = Get(FileUrl(env_->in_review));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body, env_->in_review.original);
  EXPECT_EQ(Get("/files/" + env_->in_review.files[1].sha256).status, 404);
}

TEST_F(PortalTest, HostileTextIsEscapedOnEveryPage) {
  const StoredDoc& h = env_->hostile;
  std::vector<std::string> targets = {
      "/",
      DocUrl(h),
      "/search?q=" + UrlEncode("quan ly dat dai"),
      "/search?q=" + UrlEncode(std::string(kXss)),
      "/search?q=" + UrlEncode("\"><script>alert(1)</script>"),
      "/" + UrlEncode(std::string(kXss)),
      "/documents/" + UrlEncode(std::string(kXss)),
  };
  for (const std::string& t : targets) {
    HttpResponse r = Get(t);
    EXPECT_THAT(r.body, Not(HasSubstr("<script"))) << t << "\n" << r.body.substr(0, 3000);
  }
  EXPECT_THAT(Get("/").body, HasSubstr(kXssEscaped));
  EXPECT_THAT(Get(DocUrl(h)).body, HasSubstr(kXssEscaped));
  EXPECT_THAT(Get("/search?q=" + UrlEncode("quan ly dat dai")).body, HasSubstr(kXssEscaped));
  // In the JSON API the text is data, served as application/json (never sniffed as HTML).
  HttpResponse api = Get("/api/documents/" + std::to_string(h.id));
  EXPECT_EQ(JsonOf(api)["authority"], std::string(kXss));
  ExpectSecurityHeaders(api, "api");
}

TEST_F(PortalTest, UnknownRoutesAre404) {
  for (std::string target :
       {"/nope", "/search/", "/documents", "/index.html", "/../../etc/passwd", "/files"}) {
    HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_THAT(r.body, HasSubstr("<html lang=\"vi\">")) << target;
  }
  HttpResponse api = Get("/api/nope");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(JsonOf(api)["error"]["code"], "not_found");
}

TEST_F(PortalTest, OtherMethodsAre405) {
  for (std::string method : {"POST", "PUT", "DELETE", "PATCH"}) {
    for (std::string target : {std::string("/"), std::string("/search"), DocUrl(env_->published),
                               FileUrl(env_->published)}) {
      HttpResponse r = Send(method, target);
      EXPECT_EQ(r.status, 405) << method << " " << target;
      EXPECT_EQ(r.Header("Allow").value_or(""), "GET, HEAD") << method << " " << target;
      ExpectSecurityHeaders(r, method + " " + target);
    }
  }
  HttpResponse api = Send("POST", "/api/search");
  EXPECT_EQ(api.status, 405);
  EXPECT_EQ(JsonOf(api)["error"]["code"], "method_not_allowed");
}

TEST_F(PortalTest, HeadAnswersLikeGetWithoutBody) {
  auto get = Get("/");
  auto head = Client().Head("/");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length").value_or(""), std::to_string(get.body.size()));
  EXPECT_TRUE(head->body.empty());
}

TEST_F(PortalTest, EveryResponseCarriesSecurityHeaders) {
  for (std::string target :
       {std::string("/"), std::string("/search?q=quyet"), DocUrl(env_->published),
        FileUrl(env_->published), std::string("/nope"), std::string("/files/xyz"),
        std::string("/api/health"), std::string("/api/search?q=quyet")}) {
    ExpectSecurityHeaders(Get(target), target);
  }
  // Rejected by CivetWeb itself (request over max_request_size), before the portal runs.
  std::string huge = "/search?q=" + std::string(70000, 'a');
  HttpResponse r = Get(huge);
  EXPECT_EQ(r.status, 400);
  ExpectSecurityHeaders(r, "CivetWeb's own error");
}

TEST_F(PortalTest, ServesConcurrentClients) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i) {
        std::string target = (i + t) % 2 == 0 ? "/api/search?q=quyet" : FileUrl(env_->published);
        auto r = Client().Get(target);
        if (r.ok() && r->status == 200) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 48);
}

TEST_F(PortalTest, StartOnABusyPortFailsWithAClearStatus) {
  WebOptions o;
  o.listen = "127.0.0.1:" + std::to_string(env_->server->port());
  WebServer second(*env_->catalog, o);
  Status st = second.Start();
  EXPECT_EQ(st.code(), ErrorCode::kIoError);
  EXPECT_THAT(st.message(), HasSubstr(o.listen));
  EXPECT_THAT(st.message(), HasSubstr("Address already in use"));
  EXPECT_EQ(second.port(), 0);
  second.Stop();  // nothing to stop: harmless
  // The first server is unaffected.
  EXPECT_EQ(Get("/api/health").status, 200);
}

TEST_F(PortalTest, TlsPortsAreRefused) {
  WebOptions o;
  o.listen = "127.0.0.1:0s";
  WebServer s(*env_->catalog, o);
  Status st = s.Start();
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("TLS"));
}

TEST_F(PortalTest, StopIsCleanAndIdempotentAndReleasesThePort) {
  WebOptions o;
  o.listen = "127.0.0.1:0";
  WebServer s(*env_->catalog, o);
  ASSERT_TRUE(s.Start().ok());
  EXPECT_TRUE(s.Start().ok());  // already running: no-op
  int port = s.port();
  ASSERT_GT(port, 0);
  auto r = HttpClient("127.0.0.1", port).Get("/api/health");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  s.Stop();
  s.Stop();
  EXPECT_EQ(s.port(), 0);
  EXPECT_FALSE(HttpClient("127.0.0.1", port, 2s).Get("/api/health").ok());
  // The port is free again: a new server can take it.
  WebOptions again = o;
  again.listen = "127.0.0.1:" + std::to_string(port);
  WebServer s2(*env_->catalog, again);
  EXPECT_TRUE(s2.Start().ok());
  EXPECT_EQ(s2.port(), port);
}

// A real browser parses the page (and enforces the CSP): the DOM must hold the essentials.
TEST_F(PortalTest, ChromiumRendersTheDocumentPage) {
  const char* chromium = "/usr/bin/chromium";
  if (!std::filesystem::exists(chromium)) GTEST_SKIP() << "chromium is not installed";
  TempDir profile("vanban-chromium");
  std::string url =
      "http://127.0.0.1:" + std::to_string(env_->server->port()) + DocUrl(env_->published);
  std::string cmd = std::string("timeout 120 ") + chromium +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --user-data-dir=" +
                    profile.path().string() + " --dump-dom " + url + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string dom;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) dom.append(buf, n);
  int rc = ::pclose(p);
  ASSERT_EQ(rc, 0) << "chromium failed: " << cmd;
  EXPECT_THAT(dom, HasSubstr("01/2026/QĐ-UBND"));
  EXPECT_THAT(dom, HasSubstr("Ban hành Quy chế hoạt động của Cổng Thông tin điện tử tỉnh"));
  EXPECT_THAT(dom, HasSubstr("href=\"" + FileUrl(env_->published) + "\""));
  EXPECT_THAT(dom, HasSubstr("Ngày có hiệu lực"));
}

// Internal failures with the real stack: another process breaks the database under the
// running server. Pages and API answer 500/503 with a message, the details stay in the log,
// and the server keeps serving what still works.
TEST(PortalFailures, BrokenDatabaseGivesErrorPagesAndTheServerKeepsRunning) {
  TempDir dir("vanban-web-broken");
  auto repo = Repository::Open(dir.path() / "data");
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();
  auto index = SearchIndex::OpenWriter(dir.path() / "index");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  Catalog catalog(**repo, **index);
  WebOptions o;
  o.listen = "127.0.0.1:0";
  WebServer server(catalog, o);
  ASSERT_TRUE(server.Start().ok());
  HttpClient client("127.0.0.1", server.port());
  ASSERT_EQ(client.Get("/")->status, 200);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "data" / "vanban.db").c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc =
      sqlite3_exec(db, "ALTER TABLE documents RENAME TO documents_gone", nullptr, nullptr, &err);
  std::string err_text = err != nullptr ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << err_text;

  for (std::string target : {"/", "/documents/1"}) {
    auto r = client.Get(target);
    ASSERT_TRUE(r.ok()) << target;
    EXPECT_EQ(r->status, 500) << target << "\n" << r->body;
    EXPECT_THAT(r->body, HasSubstr("<html lang=\"vi\">")) << target;
    EXPECT_THAT(r->body, HasSubstr("Lỗi máy chủ")) << target;
    EXPECT_THAT(r->body, Not(HasSubstr("documents"))) << "details leaked: " << target;
    EXPECT_EQ(r->Header("X-Content-Type-Options").value_or(""), "nosniff");
  }
  auto api = client.Get("/api/documents/1");
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api->status, 500);
  nlohmann::json j = nlohmann::json::parse(api->body, nullptr, false);
  EXPECT_EQ(j["error"]["code"], "database_error") << api->body;
  EXPECT_TRUE(j["error"]["message"].is_string());

  auto health = client.Get("/api/health");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(nlohmann::json::parse(health->body, nullptr, false)["status"], "unavailable");

  // The index does not need the database: search still answers.
  auto search = client.Get("/api/search?q=quyet");
  ASSERT_TRUE(search.ok());
  EXPECT_EQ(search->status, 200);
}

}  // namespace
}  // namespace vanban
