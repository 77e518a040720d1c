// The portal's HTML pages, rendered by pure functions (no I/O, no socket) so that they can be
// tested on their own and reused by tools that export pages.
//
// Every page is a complete UTF-8 HTML document in Vietnamese (lang="vi") with inline CSS, no
// script and no external resource, so it works under the strict Content-Security-Policy the
// server sends. Every value taken from documents or requests goes through HtmlEscape, in text
// and in attributes alike; URLs are built with PercentEncode. The one exception is
// SearchHit::snippet, which the index delivers as HTML already (escaped text with <mark>).
//
// All functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/convert/text.h"
#include "vanban/index/search_index.h"
#include "vanban/repository/document.h"

namespace vanban::web {

// Deepest search page served and linked (10,000 hits at 20 a page). Any page costs the index
// the same (docs/index.md); the bound keeps links and crawlers within reason.
inline constexpr int kMaxSearchPage = 500;
// Longest search text used, in code points; longer input is cut (and the user told).
inline constexpr size_t kMaxQueryCodepoints = 500;

// HtmlEscape (convert/text.h) escapes every value written into a page.
using ::vanban::HtmlEscape;

// "2026-01-12" -> "12/01/2026"; anything not of the YYYY-MM-DD form comes back unchanged.
std::string FormatDate(std::string_view iso_date);
// Vietnamese style, 1024-based: "850 B", "1,5 KB", "12 MB".
std::string HumanSize(int64_t bytes);
// original -> "Bản gốc", odt -> "Văn bản ODT", pdfa -> "PDF/A"; other roles as given.
std::string FileRoleLabel(std::string_view role);
// "/documents/42"
std::string DocumentUrl(int64_t id);
// "/search?q=<encoded>&page=N" (page omitted when 1).
std::string SearchUrl(std::string_view query, int page);
// "/search?q=<encoded>&type=..&authority=..&field=..&year=..&unit=..&sort=S&page=N": filters
// in facet order, each value once per parameter; sort omitted when relevance, page when 1.
std::string SearchUrl(std::string_view query, const SearchFilters& filters, SearchSort sort,
                      int page);

// Vietnamese labels: "Loại văn bản", "Cơ quan ban hành", "Lĩnh vực", "Năm ban hành",
// "Đơn vị gửi"; and of the sort orders ("Liên quan nhất", "Ngày ban hành: mới nhất" ...).
std::string_view FacetLabel(SearchFacet f);
std::string_view SortLabel(SearchSort s);

struct PageContext {
  std::string portal_name = "Cổng Thông tin điện tử";
  // The search box is pre-filled with it (the search page passes the user's query).
  std::string query;
  // The search page's filters and order: kept in its paging, facet and sort links.
  SearchFilters filters{};
  SearchSort sort = SearchSort::kRelevance;
};

// Home: the latest published documents, the search box and the published count.
std::string RenderHome(const PageContext& ctx, const std::vector<DocumentSummary>& latest,
                       int64_t published_count);

// Search results with their total and paging links, the sort choices, the active filters
// (each with a link that removes it) and the facets (each value a link that adds it as a
// filter, with its count). `notice` (plain text, may be empty) is shown above the results,
// e.g. that an over-long query was shortened.
std::string RenderSearch(const PageContext& ctx, const SearchResults& results,
                         std::string_view notice);
// The search page without a query: the form and a hint on how to search.
std::string RenderSearchForm(const PageContext& ctx);

// A published document: the Art. 4.2 metadata table and the downloads.
// `text` is the document's text (shown with an anchor at each node of meta.structure, so
// "#dieu-4-khoan-2" links into it); `relations` are what the document cites and affects and
// what affects it, already limited to what the public may see.
std::string RenderDocument(const PageContext& ctx, const Document& doc, std::string_view text = {},
                           const DocumentRelations& relations = {});

// An error page: "404" + a Vietnamese title and message (plain text, escaped here).
std::string RenderError(const PageContext& ctx, int status, std::string_view title,
                        std::string_view message);

}  // namespace vanban::web
