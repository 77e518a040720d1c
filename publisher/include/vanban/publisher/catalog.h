// The read side of the portal, shared by the web server and the `vanban search/show`
// commands so that both give the same answers and the same JSON.
//
// Public reads see published documents only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "vanban/index/search_index.h"
#include "vanban/repository/repository.h"

namespace vanban {

class Catalog {
 public:
  // Neither is owned; both must outlive the catalog. Thread-safe.
  Catalog(const Repository& repo, SearchIndex& index) : repo_(repo), index_(index) {}

  Result<SearchResults> Search(const SearchQuery& q) const;
  // Completions of what the user is typing (SearchIndex::Suggest).
  Result<std::vector<Suggestion>> Suggest(std::string_view prefix, int limit = 10) const;
  // A published document (kNotFound for unknown, in-review or withdrawn ones).
  Result<Document> PublishedDocument(int64_t id) const;
  // The text of a published document (its current version).
  Result<std::string> PublishedText(int64_t id) const;
  // A published document's references as the public sees them: a target that is not
  // published shows as not on the portal, references from unpublished documents are left out.
  Result<DocumentRelations> PublishedRelations(int64_t id) const;
  Result<std::vector<DocumentSummary>> Latest(int limit, int offset = 0) const;
  Result<int64_t> PublishedCount() const;
  // A downloadable file of a published document: its record and path in the blob store.
  Result<std::pair<FileRef, std::filesystem::path>> PublishedFile(std::string_view sha256) const;

  const Repository& repo() const { return repo_; }

 private:
  const Repository& repo_;
  SearchIndex& index_;
};

// {"total":N,"page":P,"page_size":S,"hits":[{"id","number","type","summary","issue_date",
//   "authority","score","snippet"}],"facets":{"type":[{"value","count"}],"authority":[...],
//   "field":[...],"year":[...],"unit":[...]},"did_you_mean":D}; "facets" is {} when none were
//   computed; D is the corrected query (SearchResults::did_you_mean) or null.
nlohmann::json SearchResultsToJson(const SearchResults& r);

// {"q":Q,"suggestions":[{"text","id","kind"}]}, kind "number" or "title".
nlohmann::json SuggestionsToJson(std::string_view q, const std::vector<Suggestion>& s);

}  // namespace vanban
