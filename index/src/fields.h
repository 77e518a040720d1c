// Lucene field names and query weights of the index schema (docs/index.md). Changing how a
// field is written or analysed changes the schema: bump kSchemaVersion.
#pragma once

namespace vanban::index_internal {

inline constexpr int kSchemaVersion = 1;

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
// The full text: exact (and stored, for snippets) and folded.
inline constexpr wchar_t kFieldBody[] = L"body";
inline constexpr wchar_t kFieldBodyFolded[] = L"body_f";
// DocumentNumberKeys() of the number, not analysed.
inline constexpr wchar_t kFieldNumberKey[] = L"number_k";

// Query-time boosts, relative to a folded body match (1).
inline constexpr double kHeadBoost = 4.0;     // title-like fields weigh more than the body
inline constexpr double kExactBoost = 1.0;    // extra clause for the query's own diacritics
inline constexpr double kPhraseBoost = 2.0;   // the whole query as adjacent words
inline constexpr double kNumberBoost = 20.0;  // a number query that hits a number key

}  // namespace vanban::index_internal
