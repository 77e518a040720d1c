#include "vanban/publisher/catalog.h"

namespace vanban {

Result<SearchResults> Catalog::Search(const SearchQuery& q) const { return index_.Search(q); }

Result<std::vector<Suggestion>> Catalog::Suggest(std::string_view prefix, int limit) const {
  return index_.Suggest(prefix, limit);
}

Result<Document> Catalog::PublishedDocument(int64_t id) const {
  auto d = repo_.GetDocument(id);
  if (!d.ok()) return d.status();
  if (d->status != DocStatus::kPublished) {
    return Status(ErrorCode::kNotFound, "document " + std::to_string(id) + " is not published");
  }
  return d;
}

Result<std::string> Catalog::PublishedText(int64_t id) const {
  auto d = PublishedDocument(id);
  if (!d.ok()) return d.status();
  return repo_.GetText(id, d->version);
}

Result<DocumentRelations> Catalog::PublishedRelations(int64_t id) const {
  auto d = PublishedDocument(id);
  if (!d.ok()) return d.status();
  auto rel = repo_.Relations(id);
  if (!rel.ok()) return rel.status();
  for (RelationLink& r : rel->outgoing) {
    if (r.other_id != 0 && r.other_status != DocStatus::kPublished) r.other_id = 0;
  }
  std::erase_if(rel->incoming,
                [](const RelationLink& r) { return r.other_status != DocStatus::kPublished; });
  return rel;
}

Result<std::vector<DocumentSummary>> Catalog::Latest(int limit, int offset) const {
  return repo_.ListDocuments(DocStatus::kPublished, limit, offset);
}

Result<int64_t> Catalog::PublishedCount() const {
  return repo_.CountDocuments(DocStatus::kPublished);
}

Result<std::pair<FileRef, std::filesystem::path>> Catalog::PublishedFile(
    std::string_view sha256) const {
  if (!BlobStore::IsValidSha256(sha256)) {
    return Status(ErrorCode::kInvalidArgument, "not a sha256 hash");
  }
  auto f = repo_.FindFile(sha256);
  if (!f.ok()) return f.status();
  if (f->second != DocStatus::kPublished) {
    return Status(ErrorCode::kNotFound, "the file belongs to no published document");
  }
  std::filesystem::path p = repo_.blobs().PathFor(sha256);
  if (!repo_.blobs().Contains(sha256)) {
    return Status(ErrorCode::kNotFound, "the file is missing from the blob store");
  }
  return std::make_pair(f->first, p);
}

nlohmann::json SearchResultsToJson(const SearchResults& r) {
  nlohmann::json hits = nlohmann::json::array();
  auto str_or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  for (const SearchHit& h : r.hits) {
    hits.push_back({{"id", h.doc_id},
                    {"number", str_or_null(h.number)},
                    {"type", str_or_null(h.type)},
                    {"authority", str_or_null(h.authority)},
                    {"summary", str_or_null(h.summary)},
                    {"issue_date", str_or_null(h.issue_date)},
                    {"score", h.score},
                    {"snippet", h.snippet}});
  }
  nlohmann::json facets = nlohmann::json::object();
  for (const FacetCounts& f : r.facets) {
    nlohmann::json values = nlohmann::json::array();
    for (const FacetValueCount& v : f.values) {
      values.push_back({{"value", v.value}, {"count", v.count}});
    }
    facets[std::string(SearchFacetName(f.facet))] = std::move(values);
  }
  return {{"total", r.total}, {"page", r.page},   {"page_size", r.page_size},
          {"hits", hits},     {"facets", facets}, {"did_you_mean", str_or_null(r.did_you_mean)}};
}

nlohmann::json SuggestionsToJson(std::string_view q, const std::vector<Suggestion>& s) {
  nlohmann::json list = nlohmann::json::array();
  for (const Suggestion& x : s) {
    list.push_back({{"text", x.text}, {"id", x.doc_id}, {"kind", x.kind}});
  }
  return {{"q", q}, {"suggestions", list}};
}

}  // namespace vanban
