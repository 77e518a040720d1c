#include "support/search_eval.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/fixtures.h"
#include "vanban/index/search_index.h"

namespace vanban::testing {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Result<json> ReadJson(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status(ErrorCode::kNotFound, "cannot read " + p.string());
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) return Status(ErrorCode::kCorrupt, p.string() + " is not JSON");
  return j;
}

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// The document as printed, top to bottom (what the pipeline's text extraction would give).
std::string PrintedText(const VbsrcDocument& d) {
  std::ostringstream out;
  auto lines = [&](const std::vector<std::string>& v) {
    for (const std::string& l : v) out << l << "\n";
  };
  lines(d.parent);
  lines(d.issuer);
  out << d.number << "\n" << d.place_date << "\n" << d.type << "\n" << d.summary << "\n";
  lines(d.kinh_gui);
  lines(d.body);
  lines(d.signature);
  lines(d.noi_nhan);
  lines(d.annex);
  return out.str();
}

void Add(RelevanceScore* s, double rr, double ndcg) {
  s->mrr = (s->mrr * s->queries + rr) / (s->queries + 1);
  s->ndcg10 = (s->ndcg10 * s->queries + ndcg) / (s->queries + 1);
  ++s->queries;
}

}  // namespace

fs::path JudgedQueriesFile() {
  return fs::path(VANBAN_SOURCE_DIR) / "tests" / "data" / "search" / "judged.json";
}

Result<RelevanceReport> EvaluateSearchRelevance(const fs::path& index_dir) {
  auto index = SearchIndex::OpenWriter(index_dir);
  if (!index.ok()) return index.status();
  RelevanceReport report;
  std::map<int64_t, std::string> names;
  std::vector<std::pair<fs::path, fs::path>> sources;  // .vbsrc, labels
  for (const fs::path& p : CorpusSources()) {
    fs::path labels = p;
    labels.replace_extension(".labels.json");
    sources.emplace_back(p, labels);
  }
  for (const fs::path& p : DocSources()) {
    fs::path labels = p;
    labels.replace_extension(".expected.json");
    sources.emplace_back(p, labels);
  }
  int64_t id = 0;
  for (const auto& [src, labels_path] : sources) {
    auto doc = ReadVbsrc(src);
    if (!doc.ok()) return doc.status();
    auto labels = ReadJson(labels_path);
    if (!labels.ok()) return labels.status();
    IndexEntry e;
    e.doc_id = ++id;
    e.meta.number = Str(*labels, "number");
    e.meta.type = Str(*labels, "type");
    e.meta.authority = Str(*labels, "authority");
    e.meta.issue_date = Str(*labels, "issue_date");
    e.meta.effective_date = Str(*labels, "effective_date");
    e.meta.summary = Str(*labels, "summary");
    if (labels->contains("field") && (*labels)["field"].is_array()) {
      for (const json& f : (*labels)["field"]) {
        if (f.is_string()) e.meta.fields.push_back(f.get<std::string>());
      }
    }
    e.text = PrintedText(*doc);
    e.published_at = "2026-11-01T00:00:00Z";
    VANBAN_RETURN_IF_ERROR((*index)->Upsert(e));
    names[e.doc_id] = src.stem().string();
  }
  VANBAN_RETURN_IF_ERROR((*index)->Commit());
  report.documents = static_cast<int>(id);

  auto judged = ReadJson(JudgedQueriesFile());
  if (!judged.ok()) return judged.status();
  for (const json& q : (*judged)["queries"]) {
    std::set<std::string> relevant;
    std::vector<std::string> want;
    for (const json& r : q["relevant"]) {
      relevant.insert(r.get<std::string>());
      want.push_back(r.get<std::string>());
    }
    if (relevant.empty()) continue;
    SearchQuery sq;
    sq.q = q["q"].get<std::string>();
    sq.page_size = 10;
    auto res = (*index)->Search(sq);
    if (!res.ok()) return res.status();
    double rr = 0, dcg = 0, idcg = 0;
    std::vector<std::string> got;
    for (size_t i = 0; i < res->hits.size() && i < 10; ++i) {
      const std::string& name = names[res->hits[i].doc_id];
      got.push_back(name);
      if (relevant.count(name) != 0) {
        if (rr == 0) rr = 1.0 / static_cast<double>(i + 1);
        dcg += 1.0 / std::log2(static_cast<double>(i + 2));
      }
    }
    for (size_t i = 0; i < relevant.size() && i < 10; ++i) {
      idcg += 1.0 / std::log2(static_cast<double>(i + 2));
    }
    double ndcg = idcg > 0 ? dcg / idcg : 0;
    Add(&report.all, rr, ndcg);
    Add(&report.by_kind[Str(q, "kind")], rr, ndcg);
    if (rr < 1.0) {
      std::string line = sq.q + " -> got [";
      for (size_t i = 0; i < got.size() && i < 3; ++i) line += (i ? ", " : "") + got[i];
      line += "], want [";
      for (size_t i = 0; i < want.size(); ++i) line += (i ? ", " : "") + want[i];
      report.misses.push_back(line + "]");
    }
  }
  return report;
}

}  // namespace vanban::testing
