// The HTML excerpt shown under a search hit.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace vanban::index_internal {

inline constexpr size_t kSnippetChars = 200;  // code points of text, without markup

// The best window is looked for in the first this many bytes of a body (about 20 pages);
// beyond them only when they hold no match at all.
inline constexpr size_t kSnippetScanBytes = 32 * 1024;

// About kSnippetChars of `body` (UTF-8) around the place where the most distinct
// `folded_terms` occur close together, cut at word boundaries, with "…" where text was cut.
// Words whose folded form is in `folded_terms` are wrapped in <mark>…</mark>; all text is
// HTML-escaped (& < > " ') and runs of white space or control characters become one space.
// When the body has no match the excerpt is the start of the body, or of `fallback` if the
// body is empty. Inputs are NFC.
std::string MakeSnippet(std::string_view body, std::u32string_view fallback,
                        const std::set<std::u32string>& folded_terms);

}  // namespace vanban::index_internal
