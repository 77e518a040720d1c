#include "vanban/web/pages.h"

#include <algorithm>
#include <cstdio>

#include "vanban/convert/text.h"
#include "vanban/web/http_util.h"

namespace vanban::web {
namespace {

// Kept small and inline: the Content-Security-Policy allows inline styles and nothing else.
constexpr std::string_view kCss =
    "*{box-sizing:border-box}"
    "body{margin:0;font-family:system-ui,'Segoe UI',Roboto,Arial,sans-serif;color:#1b1b1b;"
    "background:#fff;line-height:1.5}"
    "a{color:#0b4f9c}a:focus,button:focus,input:focus{outline:3px solid #f2b705}"
    ".wrap{max-width:64rem;margin:0 auto;padding:0 1rem}"
    ".skip{position:absolute;left:-999rem}.skip:focus{left:1rem;top:.5rem;background:#fff;"
    "padding:.25rem .5rem}"
    "header.site{background:#a51d1d;color:#fff;padding:.75rem 0}"
    "header.site a.brand{color:#fff;font-weight:700;font-size:1.2rem;text-decoration:none}"
    "header.site .section{margin-left:.5rem;opacity:.9}"
    "form.search{margin-top:.5rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}"
    "form.search input{flex:1 1 20rem;padding:.45rem;font-size:1rem;border:1px solid #777}"
    "form.search button{padding:.45rem 1rem;font-size:1rem;cursor:pointer}"
    "main{padding-top:1rem;padding-bottom:2rem}"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}"
    "th,td{border:1px solid #c8c8c8;padding:.4rem .6rem;text-align:left;vertical-align:top}"
    "thead th,th[scope=row]{background:#f3f3f3}th[scope=row]{width:13rem}"
    "caption{text-align:left;font-weight:700;padding:.25rem 0}td ul{margin:0;padding-left:1.2rem}"
    ".crumbs{margin:.25rem 0}"
    ".missing{color:#666;font-style:italic}"
    "ol.hits{padding-left:1.5rem}ol.hits li{margin-bottom:1.25rem}"
    "ol.hits h2{font-size:1.1rem;margin:0}.meta{color:#555;margin:.1rem 0}"
    ".summary{margin:.1rem 0}.snippet{margin:.2rem 0;color:#333}mark{background:#ffe58a}"
    ".pager a,.pager span{display:inline-block;margin:0 .35rem .35rem 0;padding:.2rem .55rem;"
    "border:1px solid #c8c8c8}.pager span[aria-current]{background:#a51d1d;color:#fff}"
    ".notice{background:#fff6d6;border-left:4px solid #f2b705;padding:.4rem .6rem}"
    ".hint{color:#444}.lead{font-size:1.1rem}"
    ".results{display:flex;flex-wrap:wrap;gap:1.5rem}.results .list{flex:1 1 30rem;min-width:0}"
    "aside.facets{flex:0 1 16rem}aside.facets h2{font-size:1rem;margin:.75rem 0 .25rem}"
    "aside.facets ul{list-style:none;padding:0;margin:0}aside.facets li{margin:.15rem 0}"
    ".facets .n,.filters .n{color:#555}.facets [aria-current]{font-weight:700}"
    ".sort a,.sort span{margin-right:.6rem}.sort span[aria-current]{font-weight:700}"
    ".filters a{display:inline-block;margin:0 .4rem .3rem 0;padding:.1rem .45rem;"
    "border:1px solid #c8c8c8}"
    "nav.toc ol{padding-left:1.2rem;margin:.2rem 0}nav.toc li.d0{font-weight:700}"
    ".doc-text p{margin:.15rem 0;white-space:pre-wrap}.doc-text :target{background:#fff6d6}"
    "ul.refs{padding-left:1.2rem}ul.refs .kind{color:#555}"
    "footer{border-top:1px solid #ddd;color:#555;font-size:.9rem;padding:1rem}";

std::string Esc(std::string_view s) { return HtmlEscape(s); }

// Thousands grouped with '.', the Vietnamese convention: 12.345.
std::string FormatCount(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// An escaped value, or an explicit "no information" marker so a missing field is visible
// rather than an empty cell.
std::string ValueOrMissing(std::string_view v) {
  if (v.empty()) return "<span class=\"missing\">Chưa có thông tin</span>";
  return Esc(v);
}

std::string DateOrMissing(std::string_view iso) {
  if (iso.empty()) return ValueOrMissing(iso);
  return "<time datetime=\"" + Esc(iso) + "\">" + Esc(FormatDate(iso)) + "</time>";
}

// "Quyết định 01/2026/QĐ-UBND"; falls back to the id when the document has neither.
std::string DocumentLabel(int64_t id, std::string_view type, std::string_view number) {
  std::string label(type);
  if (!number.empty()) {
    if (!label.empty()) label += ' ';
    label += number;
  }
  if (label.empty()) label = "Văn bản số " + std::to_string(id);
  return label;
}

std::string Layout(const PageContext& ctx, std::string_view title, std::string_view main_html) {
  std::string h;
  h.reserve(main_html.size() + 4096);
  h += "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + Esc(title) + "</title>\n<style>";
  h += kCss;
  h += "</style>\n</head>\n<body>\n";
  h += "<a class=\"skip\" href=\"#main\">Bỏ qua, đến nội dung chính</a>\n";
  h += "<header class=\"site\"><div class=\"wrap\">\n";
  h += "<a class=\"brand\" href=\"/\">" + Esc(ctx.portal_name) + "</a>";
  h += "<span class=\"section\">Văn bản</span>\n";
  h += "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\n";
  h += "<label for=\"q\">Tìm kiếm văn bản</label>\n";
  h += "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"" +
       std::to_string(kMaxQueryCodepoints) + "\" value=\"" + Esc(ctx.query) +
       "\" placeholder=\"Số ký hiệu, trích yếu, cơ quan ban hành…\">\n";
  h += "<button type=\"submit\">Tìm kiếm</button>\n</form>\n</div></header>\n";
  h += "<main id=\"main\" class=\"wrap\">\n";
  h += main_html;
  h += "</main>\n<footer><div class=\"wrap\">" + Esc(ctx.portal_name) +
       " · Cơ sở dữ liệu văn bản</div></footer>\n</body>\n</html>\n";
  return h;
}

// The current search (query, filters, order) at `page`.
std::string UrlOf(const PageContext& ctx, int page) {
  return SearchUrl(ctx.query, ctx.filters, ctx.sort, page);
}

std::string PageLink(const PageContext& ctx, int page, int current) {
  if (page == current) {
    return "<span aria-current=\"page\">" + std::to_string(page) + "</span>";
  }
  return "<a href=\"" + Esc(UrlOf(ctx, page)) + "\">" + std::to_string(page) + "</a>";
}

std::string Pager(const PageContext& ctx, const SearchResults& r) {
  if (r.page_size <= 0) return {};
  int64_t pages64 = (r.total + r.page_size - 1) / r.page_size;
  int last = static_cast<int>(std::min<int64_t>(pages64, kMaxSearchPage));
  if (last <= 1) return {};
  int page = std::clamp(r.page, 1, last);
  std::string h = "<nav class=\"pager\" aria-label=\"Phân trang\">\n";
  if (page > 1) {
    h += "<a rel=\"prev\" href=\"" + Esc(UrlOf(ctx, page - 1)) + "\">« Trước</a>\n";
  }
  // First, last, and two pages either side of the current one; gaps shown as an ellipsis.
  int prev = 0;
  for (int p = 1; p <= last; ++p) {
    bool show = p == 1 || p == last || (p >= page - 2 && p <= page + 2);
    if (!show) continue;
    if (prev != 0 && p > prev + 1) h += "<span class=\"gap\">…</span>\n";
    h += PageLink(ctx, p, page) + "\n";
    prev = p;
  }
  if (page < last) {
    h += "<a rel=\"next\" href=\"" + Esc(UrlOf(ctx, page + 1)) + "\">Sau »</a>\n";
  }
  h += "</nav>\n";
  return h;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The sort choices: the current one as text, the others as links (back to page 1).
std::string SortChoices(const PageContext& ctx) {
  std::string h = "<p class=\"sort\">Sắp xếp: ";
  for (SearchSort s : {SearchSort::kRelevance, SearchSort::kIssueDateDesc, SearchSort::kIssueDate,
                       SearchSort::kEffectiveDateDesc, SearchSort::kEffectiveDate}) {
    if (s == ctx.sort) {
      h += "<span aria-current=\"true\">" + Esc(SortLabel(s)) + "</span>";
    } else {
      h += "<a href=\"" + Esc(SearchUrl(ctx.query, ctx.filters, s, 1)) + "\">" + Esc(SortLabel(s)) +
           "</a>";
    }
    h += "\n";
  }
  h += "</p>\n";
  return h;
}

// The filters in force, each a link that removes it.
std::string ActiveFilters(const PageContext& ctx) {
  if (ctx.filters.empty()) return {};
  std::string h = "<p class=\"filters\">Đang lọc: ";
  for (SearchFacet f : kSearchFacets) {
    for (const std::string& v : ctx.filters.of(f)) {
      SearchFilters without = ctx.filters;
      std::erase(without.of(f), v);
      h += "<a href=\"" + Esc(SearchUrl(ctx.query, without, ctx.sort, 1)) + "\" title=\"Bỏ lọc\">" +
           Esc(FacetLabel(f)) + ": " + Esc(v) + " <span aria-hidden=\"true\">×</span></a>\n";
    }
  }
  h += "</p>\n";
  return h;
}

// Each facet's values as links that add the value to the filters (or, for a value already
// filtered on, remove it), with their counts.
std::string FacetList(const PageContext& ctx, const SearchResults& r) {
  std::string h;
  for (const FacetCounts& fc : r.facets) {
    if (fc.values.empty()) continue;
    h += "<h2>" + Esc(FacetLabel(fc.facet)) + "</h2>\n<ul>\n";
    for (const FacetValueCount& v : fc.values) {
      SearchFilters next = ctx.filters;
      const bool on = Contains(next.of(fc.facet), v.value);
      if (on) {
        std::erase(next.of(fc.facet), v.value);
      } else {
        next.of(fc.facet).push_back(v.value);
      }
      h += "<li><a href=\"" + Esc(SearchUrl(ctx.query, next, ctx.sort, 1)) + "\"";
      if (on) h += " aria-current=\"true\" title=\"Bỏ lọc\"";
      h += ">" + Esc(v.value) + "</a> <span class=\"n\">(" + FormatCount(v.count) +
           ")</span></li>\n";
    }
    h += "</ul>\n";
  }
  if (h.empty()) return {};
  return "<aside class=\"facets\" aria-label=\"Lọc kết quả\">\n" + h + "</aside>\n";
}

std::string MetaRow(std::string_view header, const std::string& value_html) {
  return "<tr><th scope=\"row\">" + Esc(header) + "</th><td>" + value_html + "</td></tr>\n";
}

}  // namespace

std::string FormatDate(std::string_view iso_date) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (iso_date[i] < '0' || iso_date[i] > '9') return false;
    }
    return true;
  };
  if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-' || !digits(0, 4) ||
      !digits(5, 2) || !digits(8, 2)) {
    return std::string(iso_date);
  }
  std::string out;
  out += iso_date.substr(8, 2);
  out += '/';
  out += iso_date.substr(5, 2);
  out += '/';
  out += iso_date.substr(0, 4);
  return out;
}

std::string HumanSize(int64_t bytes) {
  if (bytes < 0) bytes = 0;
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  size_t unit = 0;
  v /= 1024.0;
  while (v >= 1024.0 && unit + 1 < std::size(kUnits)) {
    v /= 1024.0;
    ++unit;
  }
  char buf[32];
  if (v < 10.0) {
    // One decimal with a decimal comma; an exact integer drops the ",0".
    int tenths = static_cast<int>(v * 10.0 + 0.5);
    if (tenths % 10 == 0) {
      std::snprintf(buf, sizeof buf, "%d", tenths / 10);
    } else {
      std::snprintf(buf, sizeof buf, "%d,%d", tenths / 10, tenths % 10);
    }
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  }
  return std::string(buf) + " " + kUnits[unit];
}

std::string FileRoleLabel(std::string_view role) {
  if (role == kRoleOriginal) return "Bản gốc";
  if (role == kRoleOdt) return "Văn bản ODT";
  if (role == kRolePdfa) return "PDF/A";
  return std::string(role);
}

std::string DocumentUrl(int64_t id) { return "/documents/" + std::to_string(id); }

std::string SearchUrl(std::string_view query, int page) {
  std::string url = "/search?q=" + PercentEncode(query);
  if (page > 1) url += "&page=" + std::to_string(page);
  return url;
}

std::string SearchUrl(std::string_view query, const SearchFilters& filters, SearchSort sort,
                      int page) {
  std::string url = "/search?q=" + PercentEncode(query);
  for (SearchFacet f : kSearchFacets) {
    for (const std::string& v : filters.of(f)) {
      url += "&" + std::string(SearchFacetName(f)) + "=" + PercentEncode(v);
    }
  }
  if (sort != SearchSort::kRelevance) url += "&sort=" + PercentEncode(SearchSortName(sort));
  if (page > 1) url += "&page=" + std::to_string(page);
  return url;
}

std::string_view FacetLabel(SearchFacet f) {
  switch (f) {
    case SearchFacet::kType:
      return "Loại văn bản";
    case SearchFacet::kAuthority:
      return "Cơ quan ban hành";
    case SearchFacet::kField:
      return "Lĩnh vực";
    case SearchFacet::kYear:
      return "Năm ban hành";
    case SearchFacet::kUnit:
      return "Đơn vị gửi";
  }
  return "";
}

std::string_view SortLabel(SearchSort s) {
  switch (s) {
    case SearchSort::kRelevance:
      return "Liên quan nhất";
    case SearchSort::kIssueDateDesc:
      return "Ngày ban hành: mới nhất";
    case SearchSort::kIssueDate:
      return "Ngày ban hành: cũ nhất";
    case SearchSort::kEffectiveDateDesc:
      return "Ngày hiệu lực: mới nhất";
    case SearchSort::kEffectiveDate:
      return "Ngày hiệu lực: cũ nhất";
  }
  return "";
}

std::string RenderHome(const PageContext& ctx, const std::vector<DocumentSummary>& latest,
                       int64_t published_count) {
  std::string m;
  m += "<h1>Văn bản mới ban hành</h1>\n";
  m += "<p class=\"count\">Tổng số văn bản đã công bố: <strong>" + FormatCount(published_count) +
       "</strong></p>\n";
  if (latest.empty()) {
    m += "<p>Chưa có văn bản nào được công bố.</p>\n";
  } else {
    m += "<table class=\"list\">\n<caption>Các văn bản công bố gần đây nhất</caption>\n";
    m += "<thead><tr><th scope=\"col\">Số ký hiệu</th><th scope=\"col\">Loại văn bản</th>"
         "<th scope=\"col\">Trích yếu</th><th scope=\"col\">Ngày ban hành</th>"
         "<th scope=\"col\">Cơ quan ban hành</th></tr></thead>\n<tbody>\n";
    for (const DocumentSummary& d : latest) {
      std::string number =
          d.number.empty() ? "Văn bản số " + std::to_string(d.id) : std::string(d.number);
      m += "<tr><td><a href=\"" + Esc(DocumentUrl(d.id)) + "\">" + Esc(number) + "</a></td>";
      m += "<td>" + ValueOrMissing(d.type) + "</td>";
      m += "<td>" + ValueOrMissing(d.summary) + "</td>";
      m += "<td>" + DateOrMissing(d.issue_date) + "</td>";
      m += "<td>" + ValueOrMissing(d.authority) + "</td></tr>\n";
    }
    m += "</tbody>\n</table>\n";
  }
  return Layout(ctx, ctx.portal_name + " — Văn bản", m);
}

std::string RenderSearch(const PageContext& ctx, const SearchResults& results,
                         std::string_view notice) {
  std::string m;
  m += "<h1>Kết quả tìm kiếm</h1>\n";
  if (!notice.empty()) m += "<p class=\"notice\">" + Esc(notice) + "</p>\n";
  std::string quoted = ctx.query.empty() ? "bộ lọc đã chọn" : "“" + Esc(ctx.query) + "”";
  if (results.total == 0) {
    m += "<p class=\"count\" role=\"status\">Không tìm thấy văn bản nào phù hợp với " + quoted +
         ". Hãy thử từ khóa khác, có dấu hoặc không dấu, hoặc số ký hiệu của văn bản.</p>\n";
  } else {
    m += "<p class=\"count\" role=\"status\">Tìm thấy <strong>" + FormatCount(results.total) +
         "</strong> văn bản phù hợp với " + quoted + ".</p>\n";
  }
  if (!results.did_you_mean.empty()) {
    m += "<p class=\"did-you-mean\">Có phải bạn muốn tìm: <a href=\"" +
         Esc(SearchUrl(results.did_you_mean, ctx.filters, ctx.sort, 1)) + "\">" +
         Esc(results.did_you_mean) + "</a></p>\n";
  }
  m += ActiveFilters(ctx);
  if (results.total > 0) m += SortChoices(ctx);
  m += "<div class=\"results\">\n<div class=\"list\">\n";
  if (!results.hits.empty()) {
    int64_t first =
        static_cast<int64_t>(std::max(results.page, 1) - 1) * std::max(results.page_size, 1) + 1;
    m += "<ol class=\"hits\" start=\"" + std::to_string(first) + "\">\n";
    for (const SearchHit& hit : results.hits) {
      m += "<li>\n<h2><a href=\"" + Esc(DocumentUrl(hit.doc_id)) + "\">" +
           Esc(DocumentLabel(hit.doc_id, hit.type, hit.number)) + "</a></h2>\n";
      if (!hit.summary.empty()) m += "<p class=\"summary\">" + Esc(hit.summary) + "</p>\n";
      std::string meta;
      if (!hit.authority.empty()) meta += Esc(hit.authority);
      if (!hit.issue_date.empty()) {
        if (!meta.empty()) meta += " · ";
        meta += "Ngày ban hành: " + DateOrMissing(hit.issue_date);
      }
      if (!meta.empty()) m += "<p class=\"meta\">" + meta + "</p>\n";
      // Already HTML from the index: escaped text with <mark> around matched words.
      if (!hit.snippet.empty()) m += "<p class=\"snippet\">" + hit.snippet + "</p>\n";
      m += "</li>\n";
    }
    m += "</ol>\n";
  } else if (results.total > 0) {
    m += "<p>Trang này không có kết quả. <a href=\"" + Esc(UrlOf(ctx, 1)) +
         "\">Về trang kết quả đầu tiên</a>.</p>\n";
  }
  m += Pager(ctx, results);
  m += "</div>\n";
  m += FacetList(ctx, results);
  m += "</div>\n";
  return Layout(ctx, "Tìm kiếm: " + ctx.query + " — " + ctx.portal_name, m);
}

std::string RenderSearchForm(const PageContext& ctx) {
  std::string m;
  m += "<h1>Tìm kiếm văn bản</h1>\n";
  m += "<p class=\"hint\">Nhập từ khóa vào ô tìm kiếm ở đầu trang: số ký hiệu (ví dụ "
       "<kbd>01/2026/QĐ-UBND</kbd>), loại văn bản, cơ quan ban hành hoặc nội dung trích yếu. "
       "Có thể gõ có dấu hoặc không dấu (ví dụ <kbd>quyet dinh</kbd>).</p>\n";
  return Layout(ctx, "Tìm kiếm văn bản — " + ctx.portal_name, m);
}

// What a reference does, said of this document (outgoing) and of the other one (incoming).
std::string_view OutgoingLabel(std::string_view kind) {
  if (kind == "base") return "Căn cứ";
  if (kind == "repeals") return "Bãi bỏ";
  if (kind == "replaces") return "Thay thế";
  if (kind == "amends") return "Sửa đổi, bổ sung";
  if (kind == "guides") return "Hướng dẫn";
  if (kind == "details") return "Quy định chi tiết";
  if (kind == "corrects") return "Đính chính";
  if (kind == "issues_annex") return "Ban hành kèm theo";
  return "Dẫn chiếu";
}

std::string_view IncomingLabel(std::string_view kind) {
  if (kind == "base") return "Là căn cứ của";
  if (kind == "repeals") return "Bị bãi bỏ bởi";
  if (kind == "replaces") return "Bị thay thế bởi";
  if (kind == "amends") return "Được sửa đổi, bổ sung bởi";
  if (kind == "guides") return "Được hướng dẫn bởi";
  if (kind == "details") return "Được quy định chi tiết bởi";
  if (kind == "corrects") return "Được đính chính bởi";
  if (kind == "issues_annex") return "Được ban hành kèm theo";
  return "Được dẫn chiếu bởi";
}

// "Quyết định số 20/2021/QĐ-UBND ngày 12/04/2021 của Ủy ban nhân dân tỉnh Thái Nguyên".
std::string DescribeReference(const RelationLink& r) {
  std::string d;
  if (!r.number.empty()) {
    d = (r.target_type.empty() ? std::string("Văn bản") : r.target_type) + " số " + r.number;
  } else {
    d = r.title.empty() ? std::string("Văn bản") : r.title;
  }
  if (r.date.size() == 10) {
    d += " ngày " + r.date.substr(8, 2) + "/" + r.date.substr(5, 2) + "/" + r.date.substr(0, 4);
  }
  if (!r.authority.empty()) d += " của " + r.authority;
  return d;
}

std::string RenderReferences(const DocumentRelations& rel) {
  std::string m;
  if (!rel.outgoing.empty()) {
    m += "<h2 id=\"van-ban-lien-quan\">Văn bản căn cứ và văn bản bị tác động</h2>\n<ul "
         "class=\"refs\">\n";
    for (const RelationLink& r : rel.outgoing) {
      std::string what = Esc(DescribeReference(r));
      if (r.other_id != 0)
        what = "<a href=\"" + Esc(DocumentUrl(r.other_id)) + "\">" + what + "</a>";
      m += "<li><span class=\"kind\">" + Esc(OutgoingLabel(r.kind)) + ":</span> " + what +
           (r.other_id == 0 ? " <span class=\"missing\">(chưa có trên Cổng)</span>" : "") +
           "</li>\n";
    }
    m += "</ul>\n";
  }
  if (!rel.incoming.empty()) {
    m += "<h2 id=\"van-ban-tac-dong\">Văn bản tác động đến văn bản này</h2>\n<ul class=\"refs\">\n";
    for (const RelationLink& r : rel.incoming) {
      std::string label = DocumentLabel(r.other_id, r.other_type, r.other_number);
      m += "<li><span class=\"kind\">" + Esc(IncomingLabel(r.kind)) + ":</span> <a href=\"" +
           Esc(DocumentUrl(r.other_id)) + "\">" + Esc(label) + "</a>";
      if (!r.other_summary.empty()) m += " — " + Esc(r.other_summary);
      m += "</li>\n";
    }
    m += "</ul>\n";
  }
  return m;
}

// Table of contents: Phần / Chương / Mục / Điều and annexes (khoản and điểm are reachable by
// their anchors but would drown the list).
std::string RenderToc(const std::vector<StructureNode>& nodes) {
  std::string items;
  for (const StructureNode& n : nodes) {
    if (n.kind == "khoan" || n.kind == "diem") continue;
    std::string text = n.label;
    if (!n.heading.empty()) text += ". " + n.heading;
    items += "<li class=\"d" + std::to_string(std::min(n.depth, 3)) +
             "\" style=\"margin-left:" + std::to_string(std::min(n.depth, 6)) +
             "rem\"><a href=\"#" + Esc(n.anchor) + "\">" + Esc(text) + "</a></li>\n";
  }
  if (items.empty()) return {};
  return "<nav class=\"toc\" aria-labelledby=\"muc-luc\"><h2 id=\"muc-luc\">Mục lục</h2>\n<ol>\n" +
         items + "</ol></nav>\n";
}

// The text, one paragraph per line, with an anchor where each structure node starts.
std::string RenderText(std::string_view text, const std::vector<StructureNode>& nodes) {
  std::string m = "<h2 id=\"toan-van\">Toàn văn</h2>\n<div class=\"doc-text\">\n";
  size_t next = 0;  // nodes are in document order
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find_first_of("\n\f", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string anchors;
    while (next < nodes.size() && nodes[next].offset >= 0 &&
           static_cast<size_t>(nodes[next].offset) < end + 1) {
      anchors += "<span id=\"" + Esc(nodes[next].anchor) + "\"></span>";
      ++next;
    }
    std::string_view line = text.substr(pos, end - pos);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos || !anchors.empty()) {
      m += "<p>" + anchors + Esc(line) + "</p>\n";
    }
    pos = end + 1;
  }
  m += "</div>\n";
  return m;
}

std::string RenderDocument(const PageContext& ctx, const Document& doc, std::string_view text,
                           const DocumentRelations& relations) {
  const Metadata& md = doc.meta;
  std::string label = DocumentLabel(doc.id, md.type, md.number);
  std::string m;
  m += "<nav class=\"crumbs\" aria-label=\"Đường dẫn\"><a href=\"/\">Trang chủ</a> › "
       "Văn bản</nav>\n";
  m += "<h1>" + Esc(label) + "</h1>\n";
  if (!md.summary.empty()) m += "<p class=\"lead\">" + Esc(md.summary) + "</p>\n";

  m += "<table class=\"doc-meta\">\n<caption>Thông tin văn bản</caption>\n<tbody>\n";
  m += MetaRow("Số ký hiệu", ValueOrMissing(md.number));
  m += MetaRow("Loại văn bản", ValueOrMissing(md.type));
  m += MetaRow("Cơ quan ban hành", ValueOrMissing(md.authority));
  if (!md.authority_parent.empty()) {
    m += MetaRow("Cơ quan chủ quản", ValueOrMissing(md.authority_parent));
  }
  m += MetaRow("Nơi ban hành", ValueOrMissing(md.place));
  m += MetaRow("Ngày ban hành", DateOrMissing(md.issue_date));
  m += MetaRow("Ngày có hiệu lực", DateOrMissing(md.effective_date));
  m += MetaRow("Trích yếu", ValueOrMissing(md.summary));
  std::string signer = md.signer;
  if (!md.signer_title.empty()) signer += (signer.empty() ? "" : " — ") + md.signer_title;
  m += MetaRow("Người ký", ValueOrMissing(signer));
  if (md.recipients.empty()) {
    m += MetaRow("Nơi nhận", ValueOrMissing(""));
  } else {
    std::string list = "<ul>";
    for (const std::string& r : md.recipients) list += "<li>" + Esc(r) + "</li>";
    list += "</ul>";
    m += MetaRow("Nơi nhận", list);
  }
  if (!md.fields.empty()) {
    std::string fields;
    for (const std::string& f : md.fields) fields += (fields.empty() ? "" : "; ") + f;
    m += MetaRow("Lĩnh vực", Esc(fields));
  }
  if (doc.published_at.size() >= 10) {
    m += MetaRow("Ngày đăng tải", DateOrMissing(std::string_view(doc.published_at).substr(0, 10)));
  }
  m += "</tbody>\n</table>\n";

  m += "<h2 id=\"tai-ve\">Tải về</h2>\n";
  if (doc.files.empty()) {
    m += "<p>Văn bản chưa có tệp đính kèm.</p>\n";
  } else {
    m += "<table class=\"files\" aria-labelledby=\"tai-ve\">\n";
    m += "<thead><tr><th scope=\"col\">Loại tệp</th><th scope=\"col\">Tệp</th>"
         "<th scope=\"col\">Định dạng</th><th scope=\"col\">Dung lượng</th></tr></thead>\n"
         "<tbody>\n";
    for (const FileRef& f : doc.files) {
      std::string name = f.name.empty() ? f.sha256 : f.name;
      m += "<tr><td>" + Esc(FileRoleLabel(f.role)) + "</td>";
      m += "<td><a href=\"/files/" + Esc(PercentEncode(f.sha256)) + "\">" + Esc(name) + "</a></td>";
      m += "<td>" + ValueOrMissing(f.media_type) + "</td>";
      m += "<td>" + Esc(HumanSize(f.size)) + "</td></tr>\n";
    }
    m += "</tbody>\n</table>\n";
  }
  m += RenderReferences(relations);
  if (!text.empty()) {
    m += RenderToc(md.structure);
    m += RenderText(text, md.structure);
  }
  return Layout(ctx, label + " — " + ctx.portal_name, m);
}

std::string RenderError(const PageContext& ctx, int status, std::string_view title,
                        std::string_view message) {
  std::string m;
  m += "<h1>" + Esc(title) + "</h1>\n";
  m += "<p>" + Esc(message) + "</p>\n";
  m += "<p>Mã lỗi: " + std::to_string(status) + "</p>\n";
  m += "<p><a href=\"/\">Về trang chủ</a> · <a href=\"/search\">Tìm kiếm văn bản</a></p>\n";
  return Layout(ctx, std::string(title) + " — " + ctx.portal_name, m);
}

}  // namespace vanban::web
