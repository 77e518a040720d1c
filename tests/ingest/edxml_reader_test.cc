// The edXML reader on the real samples and on generated variants (tests/support/edxml_fixtures).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/edxml_fixtures.h"
#include "support/fixtures.h"
#include "support/office_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::EdxmlFixture;
using testing::EdxmlFixtureFile;
using testing::EdxmlNsStyle;
using testing::EdxmlSampleDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempDir;

Result<EdxmlPackage> Read(const fs::path& file, const fs::path& dir) {
  return ReadEdxml(file, EdxmlLimits{}, dir);
}

TEST(EdxmlSamples, NewDocumentHeader) {
  TempDir tmp;
  auto r = Read(EdxmlSampleDir() / "edoc_new.edxml", tmp / "att");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const EdxmlPackage& p = *r;
  EXPECT_EQ(p.kind, EdxmlKind::kDocument);
  EXPECT_EQ(p.from.organ_id, "000.00.00.A80");
  EXPECT_EQ(p.from.organ_name, "UBND xã Hòa Tiến - UBND huyện Hòa Vang - Thành phố Đà Nẵng");
  ASSERT_EQ(p.to.size(), 1u);
  EXPECT_EQ(p.to[0].organ_id, "28.22.H17");
  EXPECT_EQ(p.document_id, "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
  EXPECT_EQ(p.number, "74fass22/VPCP-TTĐT");
  EXPECT_EQ(p.place, "Hà Nội");
  EXPECT_EQ(p.issue_date, "2019-01-16");
  EXPECT_EQ(p.type_code, "1");
  EXPECT_EQ(p.type_name, "Công văn");
  EXPECT_EQ(p.subject, "V/v kết nối, liên thông phần mềm quản lý văn bản");
  EXPECT_EQ(p.signer_competence, "TL. BO TRUONG");
  EXPECT_EQ(p.signer_position, "Cuc truong cuc ung dung cong nghe thong tin");
  EXPECT_EQ(p.signer_full_name, "Nguyen Thanh Phuc");
  EXPECT_EQ(p.due_date, "2018-09-28");
  EXPECT_THAT(p.to_places,
              ElementsAre("Cac bo va co quan ngang bo", "Uy ban nhan dan cac tinh, TP"));
  EXPECT_EQ(p.priority, 0);
  EXPECT_EQ(p.steering_type, 1);
  EXPECT_THAT(p.appendixes, ElementsAre(HasSubstr("kết nối")));
  ASSERT_EQ(p.traces.size(), 1u);
  EXPECT_EQ(p.traces[0].timestamp, "2018-09-28 00:00:00");
  EXPECT_EQ(p.business.type, EdxmlBusinessType::kNew);
  EXPECT_EQ(p.business.staff.staff, "Nguyễn Thị Ngọc Trâm");
  EXPECT_TRUE(p.business.target_document_id.empty());
  // The sample's Signature sits in the edXML namespace with a dummy value: not XML-DSig.
  EXPECT_EQ(p.signature.state, EdxmlSignatureState::kInvalid);
  EXPECT_THAT(p.signature.detail, HasSubstr("XML-DSig namespace"));
}

TEST(EdxmlSamples, ZippedAttachmentIsUnpacked) {
  TempDir tmp;
  auto r = Read(EdxmlSampleDir() / "edoc_new.edxml", tmp / "att");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->attachments.size(), 1u);
  const EdxmlAttachment& a = r->attachments[0];
  EXPECT_EQ(a.content_id, "209");
  EXPECT_EQ(a.content_type, "application/zip");
  EXPECT_EQ(a.file.name, "1896_QD-TTg_m_294779.doc");
  EXPECT_EQ(a.file.path, tmp / "att" / "1896_QD-TTg_m_294779.doc");
  EXPECT_EQ(fs::file_size(a.file.path), static_cast<uintmax_t>(a.file.size));
  EXPECT_EQ(a.file.sha256.size(), 64u);
  ASSERT_TRUE(a.unpacked);
  ASSERT_EQ(a.entries.size(), 1u);
  EXPECT_THAT(a.entries[0].name, HasSubstr(".edxml"));
  EXPECT_TRUE(fs::exists(a.entries[0].path));
  // The inner file is itself an edXML package (the SDK's test artefact): it reads too.
  TempDir inner;
  auto r2 = Read(a.entries[0].path, inner / "att");
  EXPECT_TRUE(r2.ok()) << r2.status().ToString();
}

TEST(EdxmlSamples, UpdateWithSeveralRecipients) {
  TempDir tmp;
  auto r = Read(EdxmlSampleDir() / "edoc_update.edxml", tmp / "att");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->to.size(), 3u);
  EXPECT_EQ(r->to[1].organ_name, "UBND Tỉnh Cao Bằng");
  EXPECT_EQ(r->number, "7816/VPCP-TTĐT");
  EXPECT_EQ(r->business.type, EdxmlBusinessType::kUpdate);
  EXPECT_EQ(r->business.target_document_id, "000.00.00.G22,2014/02/30,7806/VPCP-TTĐT");
  EXPECT_EQ(r->business.document_info, "1");
  ASSERT_EQ(r->business.receivers.size(), 2u);
  EXPECT_EQ(r->business.receivers[1].organ_id, "000.00.00.H14");
  EXPECT_EQ(r->business.receivers[1].receiver_type, "1");
}

TEST(EdxmlSamples, StatusMessages) {
  struct Case {
    const char* file;
    const char* code;
  };
  for (Case c : {Case{"status_inbox_01.edxml", "01"}, Case{"status_rejection_02.edxml", "02"},
                 Case{"status_finish_06.edxml", "06"}}) {
    TempDir tmp;
    auto r = Read(EdxmlSampleDir() / c.file, tmp / "att");
    ASSERT_TRUE(r.ok()) << c.file << ": " << r.status().ToString();
    EXPECT_EQ(r->kind, EdxmlKind::kStatus) << c.file;
    EXPECT_EQ(r->status.code, c.code);
    EXPECT_EQ(r->status.from.organ_id, "000.00.00.H41");
    EXPECT_EQ(r->status.response_for.code, "7816/VPCP-TTĐT");
    EXPECT_EQ(r->status.response_for.promulgation_date, "2015-09-30");
    EXPECT_EQ(r->status.response_for.document_id, "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
    EXPECT_EQ(r->status.staff.department, "Phong hanh chinh");
    EXPECT_EQ(r->status.timestamp, "2015-09-20 11:08:36");
    EXPECT_FALSE(r->status.description.empty());
    EXPECT_EQ(r->signature.state, EdxmlSignatureState::kAbsent);
    EXPECT_TRUE(r->attachments.empty());
  }
}

TEST(EdxmlSamples, HeaderAsMetadata) {
  TempDir tmp;
  auto r = Read(EdxmlSampleDir() / "edoc_update.edxml", tmp / "att");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Metadata m = EdxmlHeaderMetadata(*r);
  EXPECT_EQ(m.number, "7816/VPCP-TTĐT");
  EXPECT_EQ(m.type, "Công văn");
  EXPECT_EQ(m.authority, "Văn phòng Chính phủ");
  EXPECT_EQ(m.issue_date, "2018-09-28");
  EXPECT_EQ(m.place, "Hà Nội");
  EXPECT_EQ(m.signer, "Nguyen Thanh Phuc");
  EXPECT_EQ(m.signer_competence, "TL.");
  EXPECT_EQ(m.recipients.size(), 5u);  // three To, two ToPlaces lines
}

// A generated package with a small text attachment, read back.
class EdxmlVariants : public ::testing::Test {
 protected:
  void SetUp() override {
    pdf_ = tmp_ / "doc.pdf";
    testing::WriteFile(pdf_, "%PDF-1.4 fixture bytes\n");
  }
  Result<EdxmlPackage> Make(EdxmlFixture f) {
    fs::path file = tmp_ / ("p" + std::to_string(n_) + ".edxml");
    Status st = testing::WriteEdxmlFixture(f, file);
    if (!st.ok()) return st;
    return Read(file, tmp_ / ("att" + std::to_string(n_++)));
  }
  TempDir tmp_;
  fs::path pdf_;
  int n_ = 0;
};

TEST_F(EdxmlVariants, EveryNamespaceStyle) {
  for (EdxmlNsStyle ns : {EdxmlNsStyle::kSample, EdxmlNsStyle::kOtherPrefix, EdxmlNsStyle::kDefault,
                          EdxmlNsStyle::kNone}) {
    EdxmlFixture f;
    f.ns = ns;
    f.files = {EdxmlFixtureFile{pdf_, "Quyết định 01.pdf"}};
    auto r = Make(f);
    ASSERT_TRUE(r.ok()) << static_cast<int>(ns) << ": " << r.status().ToString();
    EXPECT_EQ(r->number, "01/2026/QĐ-UBND") << static_cast<int>(ns);
    EXPECT_EQ(r->issue_date, "2026-01-12");
    EXPECT_EQ(r->from.organ_name, "Ủy ban nhân dân tỉnh Thái Nguyên");
    EXPECT_EQ(r->signer_full_name, "Nguyễn Văn Quang");
    ASSERT_EQ(r->attachments.size(), 1u) << static_cast<int>(ns);
    EXPECT_EQ(r->attachments[0].file.name, "Quyết định 01.pdf");
    EXPECT_EQ(testing::ReadFile(r->attachments[0].file.path), "%PDF-1.4 fixture bytes\n");
    EXPECT_EQ(r->signature.state, EdxmlSignatureState::kAbsent);
  }
}

TEST_F(EdxmlVariants, ForeignNamespaceRootIsUnsupported) {
  fs::path file = tmp_ / "foreign.edxml";
  testing::WriteFile(file,
                     "<?xml version=\"1.0\"?><EdXMLEnvelope xmlns=\"http://www.go.vn/eDoc\">"
                     "<Header/></EdXMLEnvelope>");
  auto r = Read(file, tmp_ / "att");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnsupportedFormat);
}

TEST_F(EdxmlVariants, BothDateForms) {
  struct Case {
    const char* written;
    const char* iso;
  };
  for (Case c : {Case{"2026/01/12", "2026-01-12"}, Case{"12/01/2026", "2026-01-12"},
                 Case{"2026-01-12", "2026-01-12"}, Case{"12-01-2026", "2026-01-12"},
                 Case{"5/3/2026", "2026-03-05"}, Case{"2024/02/29", "2024-02-29"}}) {
    EdxmlFixture f;
    f.date = c.written;
    auto r = Make(f);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->issue_date, c.iso) << c.written;
  }
  EdxmlFixture bad;
  bad.date = "2014/02/30";
  auto r = Make(bad);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->issue_date, "");
  EXPECT_EQ(r->issue_date_raw, "2014/02/30");
  EXPECT_THAT(r->notes, ::testing::Contains(HasSubstr("not a date")));
}

TEST_F(EdxmlVariants, EveryBusinessType) {
  const std::string old_id = "000.00.00.H53,2025/06/01,15/2025/QĐ-UBND";
  EdxmlFixture f;
  f.business_type = 0;
  auto r = Make(f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->business.type, EdxmlBusinessType::kNew);

  f.business_type = 1;
  f.business_document_id = old_id;
  r = Make(f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->business.type, EdxmlBusinessType::kRevoke);
  EXPECT_EQ(r->business.target_document_id, old_id);

  f.business_type = 2;
  r = Make(f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->business.type, EdxmlBusinessType::kUpdate);
  EXPECT_EQ(r->business.target_document_id, old_id);

  f.business_type = 3;
  f.business_document_id.clear();
  f.replaced_ids = {old_id};
  r = Make(f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->business.type, EdxmlBusinessType::kReplace);
  EXPECT_EQ(r->business.target_document_id, old_id);
  ASSERT_EQ(r->business.replacements.size(), 1u);
  EXPECT_THAT(r->business.replacements[0].organ_ids, ElementsAre("000.00.12.H53"));
  auto ref = ParseEdxmlDocumentId(r->business.target_document_id);
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->organ_id, "000.00.00.H53");
  EXPECT_EQ(ref->date, "2025-06-01");
  EXPECT_EQ(ref->number, "15/2025/QĐ-UBND");

  f.business_type = 7;
  r = Make(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
}

TEST_F(EdxmlVariants, SeveralRecipients) {
  EdxmlFixture f;
  f.to = {{"000.00.12.H53", "Trung tâm Thông tin tỉnh Thái Nguyên"},
          {"000.00.01.H53", "Sở Tư pháp tỉnh Thái Nguyên"},
          {"000.00.02.H53", "Sở Nội vụ tỉnh Thái Nguyên"}};
  auto r = Make(f);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->to.size(), 3u);
  EXPECT_EQ(r->to[2].organ_name, "Sở Nội vụ tỉnh Thái Nguyên");
  EXPECT_THAT(r->to_places, ElementsAre("Như Điều 3;", "Lưu: VT, TTTT."));
}

TEST_F(EdxmlVariants, OptionalPartsMissing) {
  EdxmlFixture f;
  f.optional_parts = false;
  auto r = Make(f);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->number, "01/2026/QĐ-UBND");
  EXPECT_TRUE(r->signer_full_name.empty());
  EXPECT_TRUE(r->due_date.empty());
  EXPECT_FALSE(r->priority.has_value());
  EXPECT_FALSE(r->steering_type.has_value());
  EXPECT_TRUE(r->to_places.empty());
  EXPECT_TRUE(r->attachments.empty());
}

TEST_F(EdxmlVariants, DuplicateAndOddNamesAreSanitised) {
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{pdf_, "QD.pdf"}, EdxmlFixtureFile{pdf_, "qd.PDF"},
             EdxmlFixtureFile{pdf_, "C:\\Users\\vt\\Tờ trình.pdf"},
             EdxmlFixtureFile{pdf_, "a\tb\x7f<c>\xc2\x85.pdf"},
             EdxmlFixtureFile{pdf_, std::string(300, 'x') + ".pdf"}, EdxmlFixtureFile{pdf_, "..."},
             // NFD "Tờ" (o + combining horn + combining grave) comes out NFC.
             EdxmlFixtureFile{pdf_, "To\xcc\x9b\xcc\x80.pdf"}};
  auto r = Make(f);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->attachments.size(), 7u);
  EXPECT_EQ(r->attachments[0].file.name, "QD.pdf");
  EXPECT_EQ(r->attachments[1].file.name, "qd-2.PDF");
  EXPECT_EQ(r->attachments[2].file.name, "Tờ trình.pdf");
  EXPECT_EQ(r->attachments[3].file.name, "a_b__c__.pdf");
  EXPECT_EQ(r->attachments[4].file.name.size(), 180u);
  EXPECT_THAT(r->attachments[4].file.name, ::testing::EndsWith(".pdf"));
  EXPECT_EQ(r->attachments[5].file.name, "attachment-6");
  EXPECT_EQ(r->attachments[6].file.name, "T\xe1\xbb\x9d.pdf");
  for (const auto& a : r->attachments) {
    EXPECT_EQ(a.file.path.parent_path(), a.file.path.parent_path().parent_path() / "att0");
  }
}

TEST_F(EdxmlVariants, PdfAndDocxPlainAndZipped) {
  auto pdf = testing::RenderedDocPdf(testing::DocNames().front());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  auto docx = testing::OfficeDoc(testing::DocNames().front(), testing::OfficeFormat::kDocx);
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  EdxmlFixture f;
  f.files = {EdxmlFixtureFile{*pdf, "qd.pdf", "application/pdf", "Quyết định"},
             EdxmlFixtureFile{*docx, "qd.docx",
                              "application/vnd.openxmlformats-officedocument."
                              "wordprocessingml.document"},
             EdxmlFixtureFile{*pdf, "qd-zipped.pdf", "", "nén", true},
             EdxmlFixtureFile{*docx, "qd-zipped.docx", "", "", true}};
  auto r = Make(f);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->attachments.size(), 4u);
  EXPECT_EQ(testing::ReadFile(r->attachments[0].file.path), testing::ReadFile(*pdf));
  EXPECT_EQ(r->attachments[0].description, "Quyết định");
  // A DOCX is a ZIP too, but only attachments declared as ZIPs are unpacked.
  EXPECT_FALSE(r->attachments[1].unpacked);
  EXPECT_EQ(testing::ReadFile(r->attachments[1].file.path), testing::ReadFile(*docx));
  for (size_t i : {2u, 3u}) {
    const EdxmlAttachment& a = r->attachments[i];
    EXPECT_EQ(a.content_type, "application/zip");
    ASSERT_TRUE(a.unpacked);
    ASSERT_EQ(a.entries.size(), 1u);
    EXPECT_EQ(testing::ReadFile(a.entries[0].path), testing::ReadFile(i == 2 ? *pdf : *docx));
  }
  // The ZIP keeps the declared name; its entry, of the same name, gets the next free one.
  EXPECT_EQ(r->attachments[2].entries[0].name, "qd-zipped-2.pdf");
}

}  // namespace
}  // namespace vanban
