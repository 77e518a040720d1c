// The interprovincial exchange end to end through the `vanban` binary (docs/edxml.md,
// "Intake"): packages generated from the fixture documents (rendered by LibreOffice), every
// business type, routing (Art. 7.1), header against text, signatures, and the status replies
// written into data/outbox/ — read back with the edXML reader. Then the pull channel: `vanban
// serve` polls the gateway simulator (a separate process) and every status reaches it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "support/edxml_fixtures.h"
#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/lgsp_simulator.h"
#include "support/office_fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::EdxmlFixture;
using testing::EdxmlFixtureFile;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::TempDir;

constexpr const char* kSeed = "qd-01-2026-thai-nguyen-cong-thong-tin";  // 01/2026/QĐ-UBND
constexpr const char* kAmending = "qd-18-2024-ubnd-sua-doi-quy-che";
constexpr const char* kOther = "ct-05-ubnd-an-toan-thong-tin";

// A package whose header says what the document's text says (its .expected.json), sent by
// the Provincial People's Committee to the Information Center, with `file` attached.
EdxmlFixture PackageOf(const std::string& doc, const fs::path& file) {
  json e = json::parse(
      ReadFile(fs::path(VANBAN_SOURCE_DIR) / "tests/data/docs" / (doc + ".expected.json")));
  EdxmlFixture f;
  std::string number = e["number"];
  f.code_number = number.substr(0, number.find('/'));
  f.code_notation = number.substr(number.find('/') + 1);
  std::string date = e["issue_date"];
  std::replace(date.begin(), date.end(), '-', '/');
  f.date = date;
  f.document_id = f.from_id + "," + date + "," + number;
  f.type_name = e["type"];
  f.subject = e["summary"];
  f.from_name = e["authority"];
  f.signer = e["signer"];
  f.position = e["signer_title"];
  std::string ext = file.extension().string();
  f.files = {EdxmlFixtureFile{
      file, doc + ext,
      ext == ".pdf" ? "application/pdf" : "application/vnd.oasis.opendocument.text"}};
  return f;
}

struct Reply {
  std::string document_id, code, description;
};

// Every status message in the outbox, in the order the connector sends them (by name).
std::vector<Reply> Outbox(const fs::path& data) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data / "outbox", ec)) {
    if (e.path().extension() == ".edxml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Reply> out;
  TempDir scratch("vanban-outbox");
  int n = 0;
  for (const fs::path& f : files) {
    auto p = ReadEdxml(f, EdxmlLimits{}, scratch / std::to_string(n++));
    EXPECT_TRUE(p.ok()) << f << ": " << p.status().ToString();
    if (!p.ok()) continue;
    EXPECT_EQ(p->kind, EdxmlKind::kStatus) << f;
    out.push_back({p->status.response_for.document_id, p->status.code, p->status.description});
  }
  return out;
}

std::vector<std::string> CodesFor(const std::vector<Reply>& replies, const std::string& id) {
  std::vector<std::string> codes;
  for (const Reply& r : replies) {
    if (r.document_id == id) codes.push_back(r.code);
  }
  return codes;
}

class ExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = testing::VanbanBinary().string();
    data_ = dir_ / "data";
  }

  // `vanban ingest --publish` of one package; its JSON report.
  json Ingest(const EdxmlFixture& f, const std::string& name) {
    fs::path p = dir_ / (name + ".edxml");
    Status s = testing::WriteEdxmlFixture(f, p);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return IngestFile(p);
  }
  json IngestFile(const fs::path& p) {
    auto r = testing::Run({bin_, "ingest", "--data", data_.string(), "--publish", p.string()});
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    json j = json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.out << r.err;
    return j;
  }
  json Show(int64_t id) {
    auto r = testing::Run({bin_, "show", "--data", data_.string(), std::to_string(id)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }

  TempDir dir_{"vanban-exchange"};
  std::string bin_;
  fs::path data_;
};

TEST_F(ExchangeTest, BusinessTypesRoutingAndStatusReplies) {
  auto seed = testing::RenderedDocPdf(kSeed);
  auto amending = testing::RenderedDocPdf(kAmending);
  auto seed_odt = testing::OfficeDoc(kSeed, testing::OfficeFormat::kOdt);
  ASSERT_TRUE(seed.ok() && amending.ok() && seed_odt.ok());
  EdxmlFixture a = PackageOf(kSeed, *seed);

  // An update that arrives before its document waits for it, answered 01.
  EdxmlFixture u = PackageOf(kSeed, *seed_odt);
  u.document_id = a.from_id + ",2026/01/20,01/2026/QĐ-UBND-update";
  u.business_type = 2;
  u.business_document_id = a.document_id;
  json ru = Ingest(u, "update");
  EXPECT_EQ(ru["status"], "waiting") << ru.dump();
  EXPECT_EQ(ru["reason"]["code"], "target_missing");
  EXPECT_EQ(CodesFor(Outbox(data_), u.document_id), std::vector<std::string>({"01"}));

  // The document arrives: published (header and text agree), answered 01, 03, 06; the waiting
  // update then applies as version 2 (the same run drains it).
  json ra = Ingest(a, "new");
  ASSERT_EQ(ra["status"], "published") << ra.dump();
  const int64_t a_id = ra["id"];
  EXPECT_EQ(CodesFor(Outbox(data_), a.document_id), std::vector<std::string>({"01", "03", "06"}));
  json shown = Show(a_id);
  EXPECT_EQ(shown["version"], 2) << shown.dump().substr(0, 2000);
  EXPECT_EQ(shown["number"], "01/2026/QĐ-UBND");
  EXPECT_EQ(shown["extraction"]["exchange"]["business"], "update");
  EXPECT_EQ(shown["extraction"]["exchange"]["signature"]["state"], "absent");
  std::map<std::string, std::string> roles;
  for (const json& f : shown["files"]) roles[f["role"]] = f["name"];
  EXPECT_EQ(roles["original"], std::string(kSeed) + ".odt");
  EXPECT_EQ(roles["package"], "update.edxml");
  EXPECT_EQ(CodesFor(Outbox(data_), u.document_id), std::vector<std::string>({"01", "03", "06"}));

  // The same package again: the same document, nothing new answered.
  size_t replies = Outbox(data_).size();
  json again = IngestFile(dir_ / "new.edxml");
  EXPECT_EQ(again["status"], "duplicate");
  EXPECT_EQ(again["id"], a_id);
  EXPECT_EQ(Outbox(data_).size(), replies);

  // A replacement: a new document whose "replaces" link points at the first.
  EdxmlFixture r = PackageOf(kAmending, *amending);
  r.business_type = 3;
  r.replaced_ids = {a.document_id};
  json rr = Ingest(r, "replace");
  ASSERT_EQ(rr["status"], "published") << rr.dump();
  const int64_t r_id = rr["id"];
  json replaced = Show(a_id);
  bool linked = false;
  for (const json& l : replaced["links"]["incoming"]) {
    linked = linked || (l["type"] == "replaces" && l["id"] == r_id);
  }
  EXPECT_TRUE(linked) << replaced["links"].dump();

  // A revocation withdraws the replacement from view and search, kept with its history.
  EdxmlFixture v = PackageOf(kAmending, *amending);
  v.document_id = r.from_id + ",2026/02/01,02/TB-UBND";
  v.files.clear();
  v.business_type = 1;
  v.business_document_id = r.document_id;
  json rv = Ingest(v, "revoke");
  EXPECT_EQ(rv["status"], "withdrawn") << rv.dump();
  EXPECT_EQ(rv["id"], r_id);
  EXPECT_EQ(Show(r_id)["status"], "withdrawn");
  auto search = testing::Run({bin_, "search", "--data", data_.string(), "18/2024/QĐ-UBND"});
  json found = json::parse(search.out, nullptr, false);
  for (const json& hit : found["hits"]) EXPECT_NE(hit["id"], r_id) << search.out;
  EXPECT_EQ(CodesFor(Outbox(data_), v.document_id), std::vector<std::string>({"01", "03", "06"}));

  // Not for the Portal (Art. 7.1): no document, answered 02 with the reason.
  EdxmlFixture n = PackageOf(kOther, *amending);
  n.document_id = n.from_id + ",2026/03/03,99/UBND-VP";
  n.to = {{"000.00.31.H53", "Sở Tài chính tỉnh Thái Nguyên"}};
  n.to_places = {"Như trên;", "Lưu: VT."};
  json rn = Ingest(n, "elsewhere");
  EXPECT_EQ(rn["status"], "rejected") << rn.dump();
  EXPECT_TRUE(rn["id"].is_null());
  std::vector<Reply> all = Outbox(data_);
  EXPECT_EQ(CodesFor(all, n.document_id), std::vector<std::string>({"02"}));
  for (const Reply& x : all) {
    if (x.document_id == n.document_id) {
      EXPECT_THAT(x.description, HasSubstr("Sở Tài chính"));
    }
  }
}

TEST_F(ExchangeTest, HeaderDisagreementAndBadSignatureWaitForAnEditor) {
  auto other = testing::RenderedDocPdf(kOther);
  ASSERT_TRUE(other.ok());
  // The header names another number and subject than the document it carries.
  EdxmlFixture m = PackageOf(kOther, *other);
  m.code_number = "77";
  m.subject = "Về việc khác hẳn với văn bản đính kèm";
  json rm = Ingest(m, "mismatch");
  ASSERT_EQ(rm["status"], "in_review") << rm.dump();
  EXPECT_EQ(rm["reason"]["code"], "edxml_header_mismatch");
  EXPECT_THAT(rm["reason"]["message"].get<std::string>(), HasSubstr("number"));
  EXPECT_THAT(rm["reason"]["message"].get<std::string>(), HasSubstr("summary"));
  json shown = Show(rm["id"]);
  std::set<std::string> fields;
  for (const json& d : shown["extraction"]["exchange"]["disagreements"]) fields.insert(d["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"number", "summary"}));
  // The text's reading is kept; the header's is shown beside it.
  EXPECT_NE(shown["number"], "77/UBND-VP");
  EXPECT_EQ(CodesFor(Outbox(data_), m.document_id), std::vector<std::string>({"01", "03"}));

  // A signed package changed after signing: in review with the reason, not published.
  ASSERT_TRUE(testing::MakeSigningCert(dir_.path(), "Van thu UBND tinh").ok());
  auto seed = testing::RenderedDocPdf(kSeed);
  ASSERT_TRUE(seed.ok());
  EdxmlFixture s = PackageOf(kSeed, *seed);
  s.signature_template = true;
  ASSERT_TRUE(testing::WriteEdxmlFixture(s, dir_ / "template.edxml").ok());
  ASSERT_TRUE(testing::SignEdxml(dir_ / "template.edxml", dir_ / "key.pem", dir_ / "cert.pem",
                                 dir_ / "signed.edxml")
                  .ok());
  std::string bytes = ReadFile(dir_ / "signed.edxml");
  size_t at = bytes.find("Nguyên</");
  ASSERT_NE(at, std::string::npos);
  bytes.insert(at, " ");  // one space in a signed element
  testing::WriteFile(dir_ / "tampered.edxml", bytes);
  json rs = IngestFile(dir_ / "tampered.edxml");
  ASSERT_EQ(rs["status"], "in_review") << rs.dump();
  EXPECT_EQ(rs["reason"]["code"], "invalid_signature");
  EXPECT_EQ(Show(rs["id"])["extraction"]["exchange"]["signature"]["state"], "invalid");
}

TEST_F(ExchangeTest, HostilePackageIsQuarantinedWithItsReason) {
  std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<edXMLEnvelope xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\"><edXMLHeader>&x;"
      "</edXMLHeader></edXMLEnvelope>\n";
  testing::WriteFile(dir_ / "xxe.edxml", xxe);
  json r = IngestFile(dir_ / "xxe.edxml");
  EXPECT_EQ(r["status"], "quarantined") << r.dump();
  EXPECT_EQ(r["reason"]["code"], "hostile_input");
  ASSERT_TRUE(r.contains("quarantine_path"));
  json reason = json::parse(ReadFile(r["quarantine_path"].get<std::string>() + ".reason.json"));
  EXPECT_EQ(reason["code"], "hostile_input");
  EXPECT_THAT(ReadFile(r["quarantine_path"].get<std::string>()), HasSubstr("ENTITY"));
}

// The pull channel in the server: `vanban serve` with a gateway in exchange.json polls the
// simulator, the packages go through the lienthong inbox, and the simulator receives 01, 03
// and 06 for the one addressed to the Portal and 02 for the one that is not.
TEST_F(ExchangeTest, ServePollsTheGatewayAndDeliversEveryStatus) {
  auto seed = testing::RenderedDocPdf(kSeed);
  ASSERT_TRUE(seed.ok());
  fs::path packages = dir_ / "gateway";
  fs::create_directories(packages);
  EdxmlFixture a = PackageOf(kSeed, *seed);
  ASSERT_TRUE(testing::WriteEdxmlFixture(a, packages / "pkg-001.edxml").ok());
  EdxmlFixture n = PackageOf(kSeed, *seed);
  n.document_id = n.from_id + ",2026/03/03,98/UBND-VP";
  n.to = {{"000.00.31.H53", "Sở Tài chính tỉnh Thái Nguyên"}};
  n.to_places = {"Lưu: VT."};
  ASSERT_TRUE(testing::WriteEdxmlFixture(n, packages / "pkg-002.edxml").ok());

  testing::LgspSimulatorOptions so;
  so.packages = packages;
  so.record = dir_ / "statuses.jsonl";
  so.faults = {"get:500:1", "post:timeout:1"};  // one failed fetch, one lost status
  testing::LgspSimulator sim(so, dir_ / "simulator.log");
  Status started = sim.Start();
  ASSERT_TRUE(started.ok()) << started.ToString();

  fs::create_directories(data_);
  json config = {
      {"portal_organ_ids", {"000.00.12.H53"}},
      {"self",
       {{"organ_id", "000.00.12.H53"}, {"organ_name", "Trung tâm Thông tin tỉnh Thái Nguyên"}}},
      {"lgsp",
       {{"base_url", sim.base_url()},
        {"consumer_key", so.consumer_key},
        {"consumer_secret", so.consumer_secret},
        {"unit_secret", so.secret},
        {"poll_seconds", 0.5}}}};
  testing::WriteFile(data_ / "exchange.json", config.dump(2));
  const int port = testing::FreePort();
  testing::ChildProcess serve(
      {bin_, "serve", "--data", data_.string(), "--listen", "127.0.0.1:" + std::to_string(port),
       "--auto-publish", "--stable-ms", "200"},
      dir_ / "serve.log");
  ASSERT_TRUE(testing::WaitForHealthy(port, 60s)) << ReadFile(dir_ / "serve.log");

  // Every status once at the gateway, whatever the faults: 01 03 06 and 02.
  std::map<std::string, std::vector<std::string>> got;
  for (int i = 0; i < 900; ++i) {
    auto st = sim.Statuses();
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    got.clear();
    for (const json& s : *st) {
      if (s.value("duplicate", false)) continue;
      got[s.value("document_id", "")].push_back(s.value("code", ""));
    }
    if (got[a.document_id].size() >= 3 && !got[n.document_id].empty()) break;
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(got[a.document_id], std::vector<std::string>({"01", "03", "06"}))
      << ReadFile(dir_ / "serve.log");
  EXPECT_EQ(got[n.document_id], std::vector<std::string>({"02"}));

  // A hostile package dropped into the exchange inbox meanwhile: quarantined with its reason,
  // and the server goes on.
  fs::create_directories(data_ / "inbox" / "lienthong");
  testing::WriteFile(data_ / "inbox" / "lienthong" / "laughs.xml",
                     "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
                     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<edXMLEnvelope>&b;"
                     "</edXMLEnvelope>\n");
  fs::path reason;
  for (int i = 0; i < 300 && reason.empty(); ++i) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data_ / "quarantine", ec)) {
      if (e.path().string().find("laughs.xml.reason.json") != std::string::npos) reason = e.path();
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_FALSE(reason.empty()) << ReadFile(dir_ / "serve.log");
  EXPECT_EQ(json::parse(ReadFile(reason))["code"], "hostile_input");
  EXPECT_TRUE(serve.Running());

  // The document is on the portal and found by its number.
  testing::HttpClient http("127.0.0.1", port);
  auto res = http.Get("/api/search?q=01%2F2026%2FQ%C4%90-UBND");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  json hits = json::parse(res->body, nullptr, false);
  ASSERT_TRUE(hits.is_object()) << res->body;
  EXPECT_GE(hits.value("total", 0), 1) << res->body;
  serve.Kill(SIGTERM);
  EXPECT_TRUE(serve.Wait(30s).has_value());
}

}  // namespace
}  // namespace vanban
