// edXML status messages: written by WriteEdxmlStatus, read back by ReadEdxml, compared with
// the samples.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/edxml_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::TempDir;

EdxmlStatus Rejection() {
  EdxmlStatus s;
  s.from.organ_id = "000.00.12.H53";
  s.from.organ_name = "Trung tâm Thông tin tỉnh Thái Nguyên";
  s.from.organization_in_charge = "UBND tỉnh Thái Nguyên";
  s.from.email = "ttth@thainguyen.gov.vn";
  s.response_for.organ_id = "000.00.00.G22";
  s.response_for.code = "7816/VPCP-TTĐT";
  s.response_for.promulgation_date = "2015-09-30";
  s.response_for.document_id = "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT";
  s.staff.department = "Văn thư";
  s.staff.staff = "Cổng thông tin";
  s.code = std::string(kEdxmlStatusRejected);
  s.description = "Từ chối: nơi nhận không gồm Cổng thông tin <tỉnh> & Trung tâm";
  s.timestamp = "2026-01-12 08:30:05";
  return s;
}

Result<EdxmlPackage> ReadString(const TempDir& tmp, const std::string& xml) {
  testing::WriteFile(tmp / "status.edxml", xml);
  return ReadEdxml(tmp / "status.edxml", EdxmlLimits{}, tmp / "att");
}

TEST(EdxmlStatusWriter, RoundTrips) {
  TempDir tmp;
  EdxmlStatus s = Rejection();
  std::string xml = WriteEdxmlStatus(s);
  EXPECT_THAT(xml, HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  EXPECT_THAT(xml, HasSubstr("<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"));
  EXPECT_THAT(xml, HasSubstr("<edXML:edXMLEnvelope "
                             "xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"));
  EXPECT_THAT(xml, HasSubstr("<edXML:StatusCode>02</edXML:StatusCode>"));
  EXPECT_THAT(xml, HasSubstr("<edXML:PromulgationDate>2015/09/30</edXML:PromulgationDate>"));
  EXPECT_THAT(xml, HasSubstr("<edXML:Timestamp>2026/01/12 08:30:05</edXML:Timestamp>"));
  EXPECT_THAT(xml, HasSubstr("&lt;tỉnh&gt; &amp; Trung tâm"));
  auto r = ReadString(tmp, xml);
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << xml;
  EXPECT_EQ(r->kind, EdxmlKind::kStatus);
  EXPECT_EQ(r->status, s);
  EXPECT_TRUE(r->notes.empty());
}

TEST(EdxmlStatusWriter, EveryCodeAndEmptyStaff) {
  for (std::string_view code :
       {kEdxmlStatusReceived, kEdxmlStatusRejected, kEdxmlStatusAccepted, kEdxmlStatusDone}) {
    TempDir tmp;
    EdxmlStatus s = Rejection();
    s.code = std::string(code);
    s.staff = {};
    std::string xml = WriteEdxmlStatus(s);
    EXPECT_EQ(xml.find("StaffInfo"), std::string::npos);
    auto r = ReadString(tmp, xml);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, s);
  }
}

TEST(EdxmlStatusWriter, DropsWhatXmlCannotCarry) {
  TempDir tmp;
  EdxmlStatus s = Rejection();
  s.description = std::string("lý do\x01\x1b ") + "\xff" + "hết";
  auto r = ReadString(tmp, WriteEdxmlStatus(s));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_THAT(r->status.description, HasSubstr("lý do"));
  EXPECT_THAT(r->status.description, HasSubstr("hết"));
}

TEST(EdxmlStatusWriter, SameShapeAsTheSample) {
  // The sample 02 read, written again and read back: the same status.
  TempDir tmp;
  auto sample = ReadEdxml(testing::EdxmlSampleDir() / "status_rejection_02.edxml", EdxmlLimits{},
                          tmp / "att0");
  ASSERT_TRUE(sample.ok()) << sample.status().ToString();
  auto again = ReadString(tmp, WriteEdxmlStatus(sample->status));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->status, sample->status);
}

TEST(EdxmlDates, Forms) {
  EXPECT_EQ(ParseEdxmlDate("2015/09/30"), "2015-09-30");
  EXPECT_EQ(ParseEdxmlDate("30/10/2020"), "2020-10-30");
  EXPECT_EQ(ParseEdxmlDate("30-10-2020"), "2020-10-30");
  EXPECT_EQ(ParseEdxmlDate(" 2018/09/28 00:00:00 "), "2018-09-28");
  EXPECT_EQ(ParseEdxmlDate("2026-01-12T08:00:00"), "2026-01-12");
  EXPECT_EQ(ParseEdxmlDate("2014/02/30"), std::nullopt);
  EXPECT_EQ(ParseEdxmlDate("2023/02/29"), std::nullopt);
  EXPECT_EQ(ParseEdxmlDate("12/2020/01"), std::nullopt);
  EXPECT_EQ(ParseEdxmlDate("2020/10-30"), std::nullopt);
  EXPECT_EQ(ParseEdxmlDate(""), std::nullopt);
  EXPECT_EQ(ParseEdxmlDate("hôm qua"), std::nullopt);
}

}  // namespace
}  // namespace vanban
