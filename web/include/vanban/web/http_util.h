// Pure helpers of the portal's HTTP layer: URL encoding, query strings, request parameter
// clean-up, download headers and ETags. Public so that tests (and tools that build portal
// URLs) can use them without a socket.
//
// All functions are pure, thread-safe and never throw on hostile input: any bytes in, a
// well-defined answer out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::web {

// Percent-encodes every byte except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
// Safe for a path segment, a query value and an RFC 5987 ext-value.
std::string PercentEncode(std::string_view bytes);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as in query strings).
// Malformed escapes are kept literally. The result may be any bytes, not only UTF-8.
std::string PercentDecode(std::string_view s, bool plus_is_space);

// The decoded value of the first `name=value` pair of a raw query string ("q=a+b&page=2"),
// or nullopt when absent. A bare `name` yields "".
std::optional<std::string> QueryParam(std::string_view query, std::string_view name);

// The decoded values of every `name=value` pair of a raw query string, in order ("type=a&
// type=b" gives a, b); at most `max_values`, the rest is ignored.
std::vector<std::string> QueryParams(std::string_view query, std::string_view name,
                                     size_t max_values = 20);

// A user's search text made safe to echo and to search: invalid UTF-8 repaired, control
// characters turned into spaces, runs of white space collapsed, trimmed, and cut to
// `max_codepoints` (on a code point boundary; `*truncated` tells whether it was cut).
std::string CleanSearchText(std::string_view raw, size_t max_codepoints, bool* truncated);

// A 1-based page number from a query parameter: missing, non-numeric, negative or zero give 1;
// values above `max_page` give `max_page`. Never fails.
int ParsePageNumber(const std::optional<std::string>& raw, int max_page);

// A document id from a path segment: decimal digits only, > 0, fits int64_t.
std::optional<int64_t> ParseDocumentId(std::string_view segment);

// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded UTF-8>`.
// The fallback drops Vietnamese diacritics ("Quyết định.pdf" -> "Quyet dinh.pdf") and
// replaces anything else outside printable ASCII, and the characters `"` `\` `/` `;` `%`,
// with '_'. An empty name becomes "download".
std::string ContentDispositionAttachment(std::string_view utf8_name);

// Whether an If-None-Match header value matches `etag` (a quoted entity tag such as
// "\"abc\""): a comma-separated list, weak tags (W/) compared weakly, "*" matches anything.
bool IfNoneMatchMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace vanban::web
