// Lucene field names and query weights of the index schema (docs/index.md). Changing how a
// field is written or analysed changes the schema: bump kSchemaVersion.
#pragma once

namespace vanban::index_internal {

inline constexpr int kSchemaVersion = 5;

// Key: the document id in decimal; updateDocument() replaces by it.
inline constexpr wchar_t kFieldId[] = L"id";
// Stored only, returned with each hit.
inline constexpr wchar_t kFieldVersion[] = L"version";
inline constexpr wchar_t kFieldNumber[] = L"number";
inline constexpr wchar_t kFieldType[] = L"type";
inline constexpr wchar_t kFieldAuthority[] = L"authority";
inline constexpr wchar_t kFieldSummary[] = L"summary";
inline constexpr wchar_t kFieldIssueDate[] = L"issue_date";
// Number, type, authority and summary, one value each: exact and folded.
inline constexpr wchar_t kFieldHead[] = L"head";
inline constexpr wchar_t kFieldHeadFolded[] = L"head_f";
// The full text: exact and folded.
inline constexpr wchar_t kFieldBody[] = L"body";
// The full text stored for snippets, as UTF-8 bytes (schema 4): a binary field is read back
// without Lucene++'s UTF-8 to wide-string conversion, which was a tenth of a search's time.
inline constexpr wchar_t kFieldBodyText[] = L"body_t";
inline constexpr wchar_t kFieldBodyFolded[] = L"body_f";
// Adjacent folded words as one term ("cong_nghe", "nghe_thong", "thong_tin"), at the position
// of the first word; none across sentence punctuation or between the values of head
// (schema 3).
inline constexpr wchar_t kFieldHeadPairs[] = L"head_p";
inline constexpr wchar_t kFieldBodyPairs[] = L"body_p";
// DocumentNumberKeys() of the number, not analysed.
inline constexpr wchar_t kFieldNumberKey[] = L"number_k";

// Facets (schema 2): values as given (NFC, trimmed), not analysed, one term per value.
inline constexpr wchar_t kFieldFacetType[] = L"f_type";
inline constexpr wchar_t kFieldFacetAuthority[] = L"f_authority";  // authority + authorities
inline constexpr wchar_t kFieldFacetField[] = L"f_field";          // Metadata::fields
inline constexpr wchar_t kFieldFacetYear[] = L"f_year";            // "2026" of issue_date
inline constexpr wchar_t kFieldFacetUnit[] = L"f_unit";
// Facet counts (schema 5): per facet, one keyword per document holding all its values of that
// facet, sorted and joined by kFacetValueSeparator, so that Lucene's FieldCache (one term per
// document) maps each document to its combination and counting walks the matches only.
inline constexpr wchar_t kFieldFacetComboType[] = L"fc_type";
inline constexpr wchar_t kFieldFacetComboAuthority[] = L"fc_authority";
inline constexpr wchar_t kFieldFacetComboField[] = L"fc_field";
inline constexpr wchar_t kFieldFacetComboYear[] = L"fc_year";
inline constexpr wchar_t kFieldFacetComboUnit[] = L"fc_unit";
inline constexpr wchar_t kFacetValueSeparator = L'\x1f';
// Sort keys (schema 2): YYYYMMDD as a decimal term, absent when the date is not a valid
// YYYY-MM-DD; read through Lucene's FieldCache.
inline constexpr wchar_t kFieldIssueKey[] = L"issue_k";
inline constexpr wchar_t kFieldEffectiveKey[] = L"effective_k";
// Suggestions (schema 2): the whole normalised number (NormalizeDocumentNumber), a keyword;
// the title (type + summary) analysed folded; and the title folded as one keyword, its words
// joined by single spaces ("quyet dinh ban hanh ..."), for "starts with".
inline constexpr wchar_t kFieldNumberFull[] = L"number_s";
inline constexpr wchar_t kFieldTitleFolded[] = L"title_f";
inline constexpr wchar_t kFieldTitleStart[] = L"title_s";

// Query-time boosts, relative to a folded body match (1).
inline constexpr double kHeadBoost = 4.0;     // title-like fields weigh more than the body
inline constexpr double kExactBoost = 1.0;    // extra clause for the query's own diacritics
inline constexpr double kPairBoost = 2.0;     // each pair of adjacent query words, adjacent
inline constexpr double kNumberBoost = 20.0;  // a number query that hits a number key

}  // namespace vanban::index_internal
