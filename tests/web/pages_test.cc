#include "vanban/web/pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vanban::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kXss = "<script>alert(1)</script>";
constexpr std::string_view kXssEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

Document SampleDocument() {
  Document d;
  d.id = 7;
  d.status = DocStatus::kPublished;
  d.meta.number = "01/2026/QĐ-UBND";
  d.meta.type = "Quyết định";
  d.meta.authority = "Ủy ban nhân dân tỉnh Thái Nguyên";
  d.meta.authority_parent = "Chính phủ";
  d.meta.place = "Thái Nguyên";
  d.meta.issue_date = "2026-01-12";
  d.meta.effective_date = "2026-01-25";
  d.meta.summary = "Ban hành Quy chế hoạt động của Cổng Thông tin điện tử tỉnh";
  d.meta.signer = "Nguyễn Văn A";
  d.meta.signer_title = "Phó Chủ tịch";
  d.meta.recipients = {"Như Điều 3", "Trung tâm Thông tin tỉnh"};
  d.files.push_back(FileRef{"original", std::string(64, 'a'), "application/pdf", 1536,
                            "Quyết định 01.pdf", "clerk"});
  d.files.push_back(FileRef{"odt", std::string(64, 'b'), "application/vnd.oasis.opendocument.text",
                            2 * 1024 * 1024, "qd01.odt", "libreoffice"});
  d.files.push_back(
      FileRef{"pdfa", std::string(64, 'c'), "application/pdf", 300, "qd01.pdf", "libreoffice"});
  d.published_at = "2026-01-13T08:00:00Z";
  return d;
}

TEST(HtmlEscape, EscapesMarkupCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("Quyết định"), "Quyết định");
  EXPECT_EQ(HtmlEscape(kXss), kXssEscaped);
}

TEST(HtmlEscape, RepairsInvalidUtf8AndReplacesControls) {
  EXPECT_EQ(HtmlEscape("a\x01z"), "a\xEF\xBF\xBDz");  // U+FFFD
  EXPECT_EQ(HtmlEscape("tab\there\nline"), "tab\there\nline");
  EXPECT_EQ(HtmlEscape("\xC2\x85"), "\xEF\xBF\xBD");  // C1 control NEL
  std::string out = HtmlEscape("ab\xFF<");
  EXPECT_THAT(out, HasSubstr("&lt;"));
  EXPECT_EQ(out.find('\xFF'), std::string::npos);
}

TEST(FormatDate, WritesDayMonthYear) {
  EXPECT_EQ(FormatDate("2026-01-12"), "12/01/2026");
  EXPECT_EQ(FormatDate(""), "");
  EXPECT_EQ(FormatDate("12/01/2026"), "12/01/2026");
  EXPECT_EQ(FormatDate("2026-1-12"), "2026-1-12");
}

TEST(HumanSize, UsesVietnameseDecimalComma) {
  EXPECT_EQ(HumanSize(0), "0 B");
  EXPECT_EQ(HumanSize(850), "850 B");
  EXPECT_EQ(HumanSize(1024), "1 KB");
  EXPECT_EQ(HumanSize(1536), "1,5 KB");
  EXPECT_EQ(HumanSize(12 * 1024 * 1024), "12 MB");
  EXPECT_EQ(HumanSize(int64_t{3} * 1024 * 1024 * 1024 / 2), "1,5 GB");
}

TEST(FileRoleLabel, NamesRolesInVietnamese) {
  EXPECT_EQ(FileRoleLabel("original"), "Bản gốc");
  EXPECT_EQ(FileRoleLabel("odt"), "Văn bản ODT");
  EXPECT_EQ(FileRoleLabel("pdfa"), "PDF/A");
}

TEST(SearchUrl, EncodesTheQuery) {
  EXPECT_EQ(SearchUrl("quyết định", 1), "/search?q=quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh");
  EXPECT_EQ(SearchUrl("a&b", 3), "/search?q=a%26b&page=3");
}

TEST(SearchUrl, KeepsFiltersInFacetOrderAndTheSort) {
  SearchFilters f;
  f.of(SearchFacet::kYear) = {"2026"};
  f.of(SearchFacet::kType) = {"Quyết định", "A&B"};
  EXPECT_EQ(SearchUrl("x", f, SearchSort::kIssueDateDesc, 2),
            "/search?q=x&type=Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh&type=A%26B&year=2026"
            "&sort=-issue_date&page=2");
  EXPECT_EQ(SearchUrl("x", f, SearchSort::kRelevance, 1),
            "/search?q=x&type=Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh&type=A%26B&year=2026");
  EXPECT_EQ(SearchUrl("x", SearchFilters{}, SearchSort::kRelevance, 3), SearchUrl("x", 3));
}

TEST(RenderSearch, FacetValuesAreEscapedLinksThatAddTheFilter) {
  PageContext ctx;
  ctx.query = "q";
  SearchResults r;
  r.total = 1;
  r.hits.push_back(SearchHit{});
  FacetCounts fc;
  fc.facet = SearchFacet::kAuthority;
  fc.values = {{"<b>&", 7}};
  r.facets.push_back(fc);
  std::string h = RenderSearch(ctx, r, "");
  EXPECT_THAT(h, HasSubstr("<h2>Cơ quan ban hành</h2>"));
  EXPECT_THAT(h,
              HasSubstr("<li><a href=\"/search?q=q&amp;authority=%3Cb%3E%26\">&lt;b&gt;&amp;</a> "
                        "<span class=\"n\">(7)</span></li>"));
  EXPECT_THAT(h, Not(HasSubstr("<b>&")));
  EXPECT_THAT(h, Not(HasSubstr("class=\"filters\"")));
}

TEST(RenderDocument, ShowsEveryArticle42FieldAndTheDownloads) {
  std::string h = RenderDocument(PageContext{}, SampleDocument());
  EXPECT_THAT(h, HasSubstr("<html lang=\"vi\">"));
  EXPECT_THAT(h, HasSubstr("<meta charset=\"utf-8\">"));
  for (std::string_view label :
       {"Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Cơ quan chủ quản", "Nơi ban hành",
        "Ngày ban hành", "Ngày có hiệu lực", "Trích yếu", "Người ký", "Nơi nhận"}) {
    EXPECT_THAT(h, HasSubstr("<th scope=\"row\">" + std::string(label) + "</th>")) << label;
  }
  EXPECT_THAT(h, HasSubstr("01/2026/QĐ-UBND"));
  EXPECT_THAT(h, HasSubstr("<h1>Quyết định 01/2026/QĐ-UBND</h1>"));
  EXPECT_THAT(h, HasSubstr("Ủy ban nhân dân tỉnh Thái Nguyên"));
  EXPECT_THAT(h, HasSubstr(">12/01/2026<"));
  EXPECT_THAT(h, HasSubstr(">25/01/2026<"));
  EXPECT_THAT(h, HasSubstr("Ban hành Quy chế hoạt động"));
  EXPECT_THAT(h, HasSubstr("Nguyễn Văn A — Phó Chủ tịch"));
  EXPECT_THAT(h, HasSubstr("<li>Trung tâm Thông tin tỉnh</li>"));
  EXPECT_THAT(h, HasSubstr("Bản gốc"));
  EXPECT_THAT(h, HasSubstr("Văn bản ODT"));
  EXPECT_THAT(h, HasSubstr("PDF/A"));
  EXPECT_THAT(h,
              HasSubstr("<a href=\"/files/" + std::string(64, 'a') + "\">Quyết định 01.pdf</a>"));
  EXPECT_THAT(h, HasSubstr("1,5 KB"));
  EXPECT_THAT(h, HasSubstr("2 MB"));
  EXPECT_THAT(h, HasSubstr("application/vnd.oasis.opendocument.text"));
  // No script, no external resource.
  EXPECT_THAT(h, Not(HasSubstr("<script")));
  EXPECT_THAT(h, Not(HasSubstr("http://")));
  EXPECT_THAT(h, Not(HasSubstr("https://")));
}

TEST(RenderDocument, ShowsContentsWithDeepLinksIntoTheText) {
  Document d = SampleDocument();
  std::string text =
      "QUYẾT ĐỊNH\nĐiều 1. Phạm vi điều chỉnh\n1. Khoản một.\n\fĐiều 2. Hiệu lực\nQuyết "
      "định <này>.\n";
  auto at = [&](std::string_view s) { return static_cast<int64_t>(text.find(s)); };
  d.meta.structure = {{"dieu-1", "dieu", "Điều 1", "Phạm vi điều chỉnh", 0, at("Điều 1")},
                      {"dieu-1-khoan-1", "khoan", "Khoản 1", "Khoản một.", 1, at("1. Kh")},
                      {"dieu-2", "dieu", "Điều 2", "Hiệu lực", 0, at("Điều 2")}};
  std::string h = RenderDocument(PageContext{}, d, text, {});
  EXPECT_THAT(h, HasSubstr("<a href=\"#dieu-1\">Điều 1. Phạm vi điều chỉnh</a>"));
  EXPECT_THAT(h, HasSubstr("<a href=\"#dieu-2\">Điều 2. Hiệu lực</a>"));
  EXPECT_THAT(h, Not(HasSubstr("href=\"#dieu-1-khoan-1\"")));  // khoản: anchor, not in the list
  EXPECT_THAT(h, HasSubstr("<p><span id=\"dieu-1\"></span>Điều 1. Phạm vi điều chỉnh</p>"));
  EXPECT_THAT(h, HasSubstr("<p><span id=\"dieu-1-khoan-1\"></span>1. Khoản một.</p>"));
  EXPECT_THAT(h, HasSubstr("<p><span id=\"dieu-2\"></span>Điều 2. Hiệu lực</p>"));
  EXPECT_THAT(h, HasSubstr("định &lt;này&gt;."));  // the text is escaped
}

TEST(RenderDocument, ShowsReferencesBothWays) {
  Document d = SampleDocument();
  DocumentRelations rel;
  RelationLink amends;
  amends.kind = "amends";
  amends.target_type = "Quyết định";
  amends.number = "20/2021/QĐ-UBND";
  amends.date = "2021-04-12";
  amends.other_id = 3;
  RelationLink base;
  base.kind = "base";
  base.title = "Luật Tổ chức chính quyền địa phương";
  base.date = "2015-06-19";
  rel.outgoing = {amends, base};
  RelationLink replaced;
  replaced.kind = "replaces";
  replaced.other_id = 9;
  replaced.other_type = "Quyết định";
  replaced.other_number = "05/2027/QĐ-UBND";
  replaced.other_summary = "Ban hành Quy chế mới";
  rel.incoming = {replaced};
  std::string h = RenderDocument(PageContext{}, d, "", rel);
  EXPECT_THAT(h, HasSubstr("Sửa đổi, bổ sung:</span> <a href=\"/documents/3\">Quyết định số "
                           "20/2021/QĐ-UBND ngày 12/04/2021</a>"));
  EXPECT_THAT(h, HasSubstr("Căn cứ:</span> Luật Tổ chức chính quyền địa phương ngày 19/06/2015 "
                           "<span class=\"missing\">(chưa có trên Cổng)</span>"));
  EXPECT_THAT(h, HasSubstr("Bị thay thế bởi:</span> <a href=\"/documents/9\">Quyết định "
                           "05/2027/QĐ-UBND</a> — Ban hành Quy chế mới"));
}

TEST(RenderDocument, OmitsParentAuthorityWhenAbsentAndMarksMissingFields) {
  Document d = SampleDocument();
  d.meta.authority_parent.clear();
  d.meta.effective_date.clear();
  d.meta.recipients.clear();
  std::string h = RenderDocument(PageContext{}, d);
  EXPECT_THAT(h, Not(HasSubstr("Cơ quan chủ quản")));
  EXPECT_THAT(h, HasSubstr("Ngày có hiệu lực</th><td><span class=\"missing\">"));
}

TEST(RenderPages, EscapeHostileValuesEverywhere) {
  Document d = SampleDocument();
  d.meta.summary = std::string(kXss);
  d.meta.authority = std::string(kXss);
  d.meta.number = "\"><img src=x onerror=alert(1)>";
  d.meta.recipients = {std::string(kXss)};
  d.files[0].name = std::string(kXss);
  d.files[0].media_type = std::string(kXss);
  PageContext ctx;
  ctx.portal_name = std::string(kXss);
  ctx.query = "\" autofocus onfocus=\"alert(1)";

  DocumentSummary s;
  s.id = 7;
  s.number = d.meta.number;
  s.type = std::string(kXss);
  s.summary = std::string(kXss);
  s.authority = std::string(kXss);
  s.issue_date = "<b>";

  SearchResults r;
  r.total = 1;
  SearchHit hit;
  hit.doc_id = 7;
  hit.number = d.meta.number;
  hit.type = std::string(kXss);
  hit.summary = std::string(kXss);
  hit.authority = std::string(kXss);
  hit.issue_date = std::string(kXss);
  hit.snippet = "&lt;script&gt; <mark>quyết</mark>";
  r.hits.push_back(hit);

  for (const std::string& h :
       {RenderDocument(ctx, d), RenderHome(ctx, {s}, 1), RenderSearch(ctx, r, kXss),
        RenderSearchForm(ctx), RenderError(ctx, 404, kXss, kXss)}) {
    EXPECT_THAT(h, Not(HasSubstr("<script>")));
    EXPECT_THAT(h, Not(HasSubstr("<img")));
    EXPECT_THAT(h, Not(HasSubstr("\" autofocus")));
    EXPECT_THAT(h, HasSubstr(kXssEscaped));
  }
  // The snippet is the index's HTML and goes in as it is.
  EXPECT_THAT(RenderSearch(ctx, r, ""), HasSubstr("&lt;script&gt; <mark>quyết</mark>"));
}

TEST(RenderHome, ListsDocumentsWithLinksAndTheCount) {
  DocumentSummary s;
  s.id = 42;
  s.number = "15/2026/CT-UBND";
  s.type = "Chỉ thị";
  s.summary = "Về tăng cường chuyển đổi số";
  s.authority = "Ủy ban nhân dân tỉnh";
  s.issue_date = "2026-02-03";
  std::string h = RenderHome(PageContext{}, {s}, 12345);
  EXPECT_THAT(h, HasSubstr("<a href=\"/documents/42\">15/2026/CT-UBND</a>"));
  EXPECT_THAT(h, HasSubstr("Chỉ thị"));
  EXPECT_THAT(h, HasSubstr("Về tăng cường chuyển đổi số"));
  EXPECT_THAT(h, HasSubstr("03/02/2026"));
  EXPECT_THAT(h, HasSubstr("12.345"));
  EXPECT_THAT(h, HasSubstr("<form class=\"search\" action=\"/search\" method=\"get\""));
  EXPECT_THAT(h, HasSubstr("<label for=\"q\">"));
  EXPECT_THAT(h, HasSubstr("<title>Cổng Thông tin điện tử — Văn bản</title>"));
  EXPECT_THAT(RenderHome(PageContext{}, {}, 0), HasSubstr("Chưa có văn bản nào"));
}

TEST(RenderSearch, PagesWithPreviousNextAndNumbers) {
  SearchResults r;
  r.total = 200;
  r.page = 5;
  r.page_size = 20;
  SearchHit hit;
  hit.doc_id = 1;
  hit.type = "Quyết định";
  hit.number = "01/2026/QĐ-UBND";
  r.hits.push_back(hit);
  PageContext ctx;
  ctx.query = "quyết định";
  std::string h = RenderSearch(ctx, r, "");
  std::string q = "quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh";
  EXPECT_THAT(h, HasSubstr("<a rel=\"prev\" href=\"/search?q=" + q + "&amp;page=4\">« Trước</a>"));
  EXPECT_THAT(h, HasSubstr("<a rel=\"next\" href=\"/search?q=" + q + "&amp;page=6\">Sau »</a>"));
  EXPECT_THAT(h, HasSubstr("<span aria-current=\"page\">5</span>"));
  EXPECT_THAT(h, HasSubstr("<a href=\"/search?q=" + q + "\">1</a>"));
  EXPECT_THAT(h, HasSubstr("&amp;page=10\">10</a>"));
  EXPECT_THAT(h, Not(HasSubstr("&amp;page=9\">9</a>")));  // outside the window: ellipsis
  EXPECT_THAT(h, HasSubstr("<ol class=\"hits\" start=\"81\">"));
  EXPECT_THAT(h, HasSubstr("<a href=\"/documents/1\">Quyết định 01/2026/QĐ-UBND</a>"));
  EXPECT_THAT(h, HasSubstr("value=\"quyết định\""));

  r.page = 1;
  h = RenderSearch(ctx, r, "");
  EXPECT_THAT(h, Not(HasSubstr("Trước")));
  r.page = 10;
  h = RenderSearch(ctx, r, "");
  EXPECT_THAT(h, Not(HasSubstr("Sau »")));
}

TEST(RenderSearch, ProposesTheCorrectedQueryAsALink) {
  PageContext ctx;
  ctx.query = "quyet dinh cong thong tim";
  ctx.filters.of(SearchFacet::kType) = {"Quyết định"};
  SearchResults r;
  r.did_you_mean = "quyết định cổng thông tin";
  std::string h = RenderSearch(ctx, r, "");
  EXPECT_THAT(h, HasSubstr("Có phải bạn muốn tìm: <a href=\"" +
                           HtmlEscape(SearchUrl(r.did_you_mean, ctx.filters, ctx.sort, 1)) +
                           "\">quyết định cổng thông tin</a>"));
  // Escaped like every other value.
  r.did_you_mean = std::string(kXss);
  h = RenderSearch(ctx, r, "");
  EXPECT_THAT(h, HasSubstr(">" + std::string(kXssEscaped) + "</a>"));
  EXPECT_THAT(h, Not(HasSubstr("<script>")));
  r.did_you_mean.clear();
  EXPECT_THAT(RenderSearch(ctx, r, ""), Not(HasSubstr("Có phải bạn muốn tìm")));
}

TEST(RenderSearch, SaysSoWhenNothingMatches) {
  PageContext ctx;
  ctx.query = "xyz";
  std::string h = RenderSearch(ctx, SearchResults{}, "");
  EXPECT_THAT(h, HasSubstr("Không tìm thấy văn bản nào"));
  EXPECT_THAT(h, Not(HasSubstr("class=\"pager\"")));
}

}  // namespace
}  // namespace vanban::web
