#include "support/metadata_eval.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "support/fixtures.h"
#include "support/scan_fixtures.h"
#include "vanban/convert/extractor.h"
#include "vanban/ingest/metadata_extractor.h"

#include "vanban/convert/text.h"
#include "vanban/repository/document_json.h"

namespace vanban::testing {
namespace {

using nlohmann::json;

// A value as compared: strings normalised, lists element by element, null and "" alike.
json Canonical(const json& v) {
  if (v.is_string()) {
    std::string s = NormalizeForComparison(v.get<std::string>());
    return s.empty() ? json(nullptr) : json(s);
  }
  if (v.is_array()) {
    json out = json::array();
    for (const json& e : v) out.push_back(Canonical(e));
    return out;
  }
  return v;
}

// The extractor's value of `field` in the labels' shape.
// The labels' value of `field`: "field_main" is the main lĩnh vực (the first of "field").
json WantValue(const json& labels, const std::string& field) {
  if (field == "field_main") {
    const json& f = labels.value("field", json::array());
    return f.is_array() && !f.empty() ? f[0] : json(nullptr);
  }
  return labels.contains(field) ? labels[field] : json(nullptr);
}

json GotValue(const json& got, const std::string& field) {
  if (field == "field_main") {
    const json& f = got.value("field", json::array());
    return f.is_array() && !f.empty() ? f[0] : json(nullptr);
  }
  if (field == "structure") {
    json anchors = json::array();
    for (const json& n : got.value("structure", json::array()))
      anchors.push_back(n.value("anchor", ""));
    return anchors;
  }
  return got.contains(field) ? got[field] : json(nullptr);
}

bool SameValue(const std::string& field, json want, json got) {
  want = Canonical(want);
  got = Canonical(got);
  if (field == "field" && want.is_array() && got.is_array()) {
    // A set of areas: the order is the main area first, scored by the set.
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
  }
  if (want.is_array() && want.empty() && got.is_null()) return true;
  if (got.is_array() && got.empty() && want.is_null()) return true;
  return want == got;
}

// A reference as compared: type (the kind for relations), identity (number key, or the
// normalised title when cited by name), date, authority.
struct RefKey {
  std::string type, identity, date, authority;
  bool operator==(const RefKey&) const = default;
};

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

RefKey KeyOf(const json& item) {
  RefKey k;
  k.type = NormalizeForComparison(Str(item, "type"));
  std::string number = Str(item, "number");
  k.identity = number.empty() ? "title:" + NormalizeForComparison(Str(item, "title"))
                              : "number:" + NumberKey(number);
  k.date = Str(item, "date");
  k.authority = NormalizeForComparison(Str(item, "authority"));
  return k;
}

std::string Describe(const json& item) {
  json short_form = json::object();
  for (const char* key : {"type", "number", "title", "date", "authority"}) {
    std::string v = Str(item, key);
    if (!v.empty()) short_form[key] = v;
  }
  return short_form.dump(-1, ' ', false, json::error_handler_t::replace);
}

void ScoreReferences(const std::string& name, const json& want, const json& got,
                     ReferenceTally* tally) {
  std::vector<json> labelled, predicted;
  if (want.is_array()) labelled.assign(want.begin(), want.end());
  if (got.is_array()) predicted.assign(got.begin(), got.end());
  tally->labelled += static_cast<int>(labelled.size());
  tally->predicted += static_cast<int>(predicted.size());
  std::vector<bool> used(labelled.size(), false);
  for (const json& p : predicted) {
    RefKey pk = KeyOf(p);
    bool found = false;
    for (size_t i = 0; i < labelled.size(); ++i) {
      if (!used[i] && KeyOf(labelled[i]) == pk) {
        used[i] = true;
        found = true;
        break;
      }
    }
    if (found) {
      ++tally->matched;
    } else {
      tally->misses.push_back(name + ": spurious " + Describe(p));
    }
  }
  for (size_t i = 0; i < labelled.size(); ++i) {
    if (!used[i]) tally->misses.push_back(name + ": missed " + Describe(labelled[i]));
  }
}

std::string Percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * v);
  return buf;
}

}  // namespace

Result<CorpusRun> EvaluateCorpus(bool ocr, int parallel) {
  namespace fs = std::filesystem;
  auto pdfs = RenderedCorpusPdfs();
  if (!pdfs.ok()) return pdfs.status();
  std::vector<std::string> names = CorpusNames();
  std::vector<json> labels(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    fs::path p = CorpusDir() / (names[i] + ".labels.json");
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    labels[i] = json::parse(ss.str(), nullptr, false);
    if (!in || !labels[i].is_object()) {
      return Status(ErrorCode::kInvalidArgument, p.string() + " is missing or not a JSON object");
    }
  }
  std::vector<fs::path> inputs(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (!ocr) {
      inputs[i] = (*pdfs)[i];
      continue;
    }
    auto scan = ScannedPdf(names[i]);
    if (!scan.ok()) return scan.status();
    inputs[i] = *scan;
  }
  ConvertConfig config;
  config.ocr_threads = std::max(1, parallel);
  auto registry = ExtractorRegistry::CreateDefault(config);
  std::vector<Metadata> got(names.size());
  std::vector<std::string> failed(names.size());
  std::vector<std::string> texts(names.size());
  std::atomic<int> pages{0};
  std::atomic<size_t> next{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, parallel); ++t) {
    threads.emplace_back([&] {
      for (size_t i; (i = next++) < names.size();) {
        auto text = registry->Extract(inputs[i]);
        if (!text.ok()) {
          failed[i] = names[i] + ": " + text.status().ToString();
          continue;
        }
        pages += text->pages;
        got[i] = ExtractMetadata(text->text).meta;
        texts[i] = std::move(text->text);
      }
    });
  }
  for (auto& t : threads) t.join();
  CorpusRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.pages = pages;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!failed[i].empty()) run.failures.push_back(failed[i]);
    run.eval.Add(names[i], got[i], labels[i]);  // a failure scores as an empty extraction
    run.texts[names[i]] = std::move(texts[i]);
  }
  return run;
}

std::string NormalizeForComparison(std::string_view s) {
  std::string t = LowerUtf8(NormalizeTonePlacement(NormalizeNfc(s)));
  std::string out;
  bool space = false;
  for (char c : t) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

const std::vector<std::string>& EvaluatedFields() {
  static const std::vector<std::string> kFields = {"type",         "number",
                                                   "number_kind",  "party_document",
                                                   "authority",    "authority_parent",
                                                   "authorities",  "place",
                                                   "issue_date",   "effective_date",
                                                   "summary",      "signer",
                                                   "signer_title", "signer_competence",
                                                   "recipients",   "addressed_to_portal",
                                                   "structure",    "field",
                                                   "field_main"};
  return kFields;
}

void MetadataEval::Add(const std::string& name, const Metadata& got_meta, const json& labels) {
  ++documents_;
  json got = MetadataToJson(got_meta);
  for (const std::string& f : EvaluatedFields()) {
    if (!labels.contains(f == "field_main" ? std::string("field") : f)) continue;
    FieldTally& t = fields_[f];
    ++t.total;
    json g = GotValue(got, f);
    json w = WantValue(labels, f);
    if (SameValue(f, w, g)) {
      ++t.right;
    } else {
      t.misses.push_back(name + ": got " + g.dump(-1, ' ', false, json::error_handler_t::replace) +
                         ", want " + w.dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  ScoreReferences(name, labels.value("bases", json::array()), got["bases"], &bases_);
  ScoreReferences(name, labels.value("relations", json::array()), got["relations"], &relations_);
}

const FieldTally& MetadataEval::field(const std::string& f) const {
  static const FieldTally kNone;
  auto it = fields_.find(f);
  return it == fields_.end() ? kNone : it->second;
}

std::string MetadataEval::Report(bool misses) const {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-22s %9s %9s\n", "field", "right", "accuracy");
  out += line;
  for (const std::string& f : EvaluatedFields()) {
    const FieldTally& t = field(f);
    std::snprintf(line, sizeof line, "%-22s %4d/%-4d %9s\n", f.c_str(), t.right, t.total,
                  Percent(t.accuracy()).c_str());
    out += line;
  }
  for (const auto& [label, t] : {std::pair<const char*, const ReferenceTally&>{"bases", bases_},
                                 {"relations", relations_}}) {
    std::snprintf(line, sizeof line,
                  "%-22s matched %d of %d predicted, %d labelled: precision %s, recall %s\n", label,
                  t.matched, t.predicted, t.labelled, Percent(t.precision()).c_str(),
                  Percent(t.recall()).c_str());
    out += line;
  }
  if (misses) {
    for (const std::string& f : EvaluatedFields()) {
      for (const std::string& m : field(f).misses) out += "  [" + f + "] " + m + "\n";
    }
    for (const std::string& m : bases_.misses) out += "  [bases] " + m + "\n";
    for (const std::string& m : relations_.misses) out += "  [relations] " + m + "\n";
  }
  return out;
}

json MetadataEval::ToJson() const {
  json fields = json::object();
  for (const std::string& f : EvaluatedFields()) {
    const FieldTally& t = field(f);
    fields[f] = {{"right", t.right}, {"total", t.total}, {"accuracy", t.accuracy()}};
  }
  auto refs = [](const ReferenceTally& t) {
    return json{{"matched", t.matched},
                {"predicted", t.predicted},
                {"labelled", t.labelled},
                {"precision", t.precision()},
                {"recall", t.recall()}};
  };
  return json{{"documents", documents_},
              {"fields", fields},
              {"bases", refs(bases_)},
              {"relations", refs(relations_)}};
}

}  // namespace vanban::testing
