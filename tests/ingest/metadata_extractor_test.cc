// Behaviour of the metadata extractor on small texts: one rule per test. The real documents
// are covered by metadata_extractor_golden_test.cc.
#include "vanban/ingest/metadata_extractor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace vanban {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// A minimal official header around the given pieces.
std::string Header(const std::string& date_line, const std::string& body = "") {
  return "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
         "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 01/2026/QĐ-UBND\n" +
         date_line +
         "\nQUYẾT ĐỊNH\nBan hành Quy chế quản lý hoạt động của Cổng Thông tin điện tử tỉnh\n"
         "-----------\n" +
         body;
}

// pdftotext (default mode, Poppler 22.12) of a LibreOffice PDF: two-column borderless header
// table, signature right of "Nơi nhận". The right column comes first, and the signature titles
// land inside the Nơi nhận list with the name after it.
constexpr const char* kPopplerDefault = R"(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
NAM

ỦY BAN NHÂN DÂN
TỈNH THÁI
NGUYÊN

Độc lập - Tự do - Hạnh phúc

-------

---------------

Số: 01/2026/QĐ-UBND

Thái Nguyên, ngày 12 tháng 01 năm 2026

QUYẾT ĐỊNH
Ban hành Quy chế quản lý hoạt động và cung cấp thông tin của Cổng Thông tin điện tử
tỉnh Thái Nguyên
----------ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh tại Tờ trình số 1182/TTr-VPUB
ngày 31 tháng 12 năm 2025.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý hoạt động và cung cấp thông
tin của Cổng Thông tin điện tử tỉnh Thái Nguyên.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 25 tháng 01 năm 2026.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Thủ trưởng các sở, ban, ngành; Chủ tịch
UBND các xã, phường chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Bộ Khoa học và Công nghệ;

TM. ỦY BAN NHÂN
DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

- Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính - Bộ Tư pháp;
- Trung tâm Thông tin tỉnh;
- Lưu: VT, KGVX.

Bùi Văn Lương
)";

// pdftotext -layout of a Công văn of a department: columns side by side, separated by runs of
// spaces; the V/v line shares a line with the date.
constexpr const char* kPopplerLayoutCongVan =
    R"(  UBND TỈNH THÁI NGUYÊN                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
      SỞ TÀI CHÍNH                              Độc lập - Tự do - Hạnh phúc
           -------                                      ---------------

        Số: 123/STC-QLNS
V/v hướng dẫn lập dự toán ngân sách nhà              Thái Nguyên, ngày 5 tháng 3 năm 2026
           nước năm 2026




                                             Kính gửi:

                                   - Các sở, ban, ngành tỉnh;
                                   - Ủy ban nhân dân các xã, phường.



Thực hiện Thông tư số 56/2025/TT-BTC ngày 25 tháng 7 năm 2025 của Bộ Tài chính, Sở Tài
chính hướng dẫn các cơ quan, đơn vị lập dự toán ngân sách nhà nước năm 2026 như sau: các đơn
vị gửi báo cáo trước ngày 20/3/2026.

Văn bản này có hiệu lực kể từ ngày ký.



                                                            KT. GIÁM ĐỐC
Nơi nhận:                                                   PHÓ GIÁM ĐỐC
- Như trên;
- UBND tỉnh (b/c);
- Lưu: VT, QLNS.
                                                         Nguyễn Thị Minh Hằng
)";

// pdftotext -raw of a header laid out with tab stops: the two columns are joined by a single
// space on each line.
constexpr const char* kPopplerRawTabs = R"(ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ PHÚ BÌNH Độc lập - Tự do - Hạnh phúc
Số: 15/TB-UBND Phú Bình, ngày 27 tháng 11 năm 2025
THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân xã tại cuộc họp giao ban tháng 11 năm 2025
Ngày 25/11/2025, Chủ tịch Ủy ban nhân dân xã chủ trì cuộc họp giao ban.
)";

// --- number ---

TEST(MetadataExtractor, NormalizesNumberAfterLabelWithColon) {
  EXPECT_EQ(NormalizeDocumentNumber("Số: 01/2026/QĐ-UBND"), "01/2026/QĐ-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("Số:01/2026/QĐ-UBND"), "01/2026/QĐ-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("SỐ: 01/2026/QĐ-UBND"), "01/2026/QĐ-UBND");
}

TEST(MetadataExtractor, NormalizesNumberWithoutColon) {
  EXPECT_EQ(NormalizeDocumentNumber("Số 123/UBND-KT"), "123/UBND-KT");
}

TEST(MetadataExtractor, NormalizesLawNumber) {
  EXPECT_EQ(NormalizeDocumentNumber("Luật số: 59/2020/QH14"), "59/2020/QH14");
}

TEST(MetadataExtractor, RemovesStraySpacesInNumber) {
  EXPECT_EQ(NormalizeDocumentNumber("01 / 2026 / QĐ - UBND"), "01/2026/QĐ-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("31/2015/TT- BYT"), "31/2015/TT-BYT");
}

TEST(MetadataExtractor, WritesAsciiTypeCodeWithDStroke) {
  EXPECT_EQ(NormalizeDocumentNumber("01/2026/QD-UBND"), "01/2026/QĐ-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("34/2016/ND-CP"), "34/2016/NĐ-CP");
  EXPECT_EQ(NormalizeDocumentNumber("12/2025/NQ-HDND"), "12/2025/NQ-HĐND");
  // Only the type code: "QD" elsewhere is left alone.
  EXPECT_EQ(NormalizeDocumentNumber("123/UBND-QD"), "123/UBND-QD");
}

TEST(MetadataExtractor, ReplacesDashesInNumberWithHyphen) {
  EXPECT_EQ(NormalizeDocumentNumber("01/2026/QĐ–UBND"), "01/2026/QĐ-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("45/QĐ—UBND—KT"), "45/QĐ-UBND-KT");
}

TEST(MetadataExtractor, KeepsPartyNumberForm) {
  EXPECT_EQ(NormalizeDocumentNumber("Số 15-NQ/HU"), "15-NQ/HU");
}

TEST(MetadataExtractor, ReadsNumbersAsOcrMisreadsThem) {
  // The ố of "Số" read as 6 or 0, a fraction slash, a doubled dash.
  EXPECT_EQ(NormalizeDocumentNumber("S6: 25 /2009/CT-UBND"), "25/2009/CT-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("S6:95/TB-UBND"), "95/TB-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("S0 112-BC/TU"), "112-BC/TU");
  EXPECT_EQ(NormalizeDocumentNumber("Số: 05\u2044CTr--UBND"), "05/CTr-UBND");
  EXPECT_EQ(NormalizeDocumentNumber("S6:"), "");
  // The term of the National Assembly is digits ("I" and "l" are 1s, an extra one before two
  // digits a ghost); the Prime Minister's "TTg" read with a "q".
  EXPECT_EQ(NormalizeDocumentNumber("Số: 11/2006/PL-UBTVQHI11"), "11/2006/PL-UBTVQH11");
  EXPECT_EQ(NormalizeDocumentNumber("Luật số: 67/2006/QHI1"), "67/2006/QH11");
  EXPECT_EQ(NormalizeDocumentNumber("405/NQ-UBTVQHl3"), "405/NQ-UBTVQH13");
  EXPECT_EQ(NormalizeDocumentNumber("45/2016/QĐ-TTq"), "45/2016/QĐ-TTg");
  // Letters that are no misreading stay.
  EXPECT_EQ(NormalizeDocumentNumber("59/2020/QH14"), "59/2020/QH14");
  EXPECT_EQ(NormalizeDocumentNumber("12/QĐ-QHX"), "12/QĐ-QHX");
}

TEST(MetadataExtractor, GivesEmptyNumberForBlankOrMissingNumber) {
  EXPECT_EQ(NormalizeDocumentNumber("Số: ......./QĐ-UBND"), "");
  EXPECT_EQ(NormalizeDocumentNumber("không có số"), "");
  EXPECT_EQ(NormalizeDocumentNumber(""), "");
}

TEST(MetadataExtractor, ReadsNumberOnLineAfterLabel) {
  auto r = ExtractMetadata(
      "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố:\n74/2025/NQ-HĐND\n"
      "Hà Nội, ngày 27 tháng 11 năm 2025\nNGHỊ QUYẾT\nVỀ VIỆC A\n");
  EXPECT_EQ(r.meta.number, "74/2025/NQ-HĐND");
}

// --- dates ---

TEST(MetadataExtractor, ReadsPlaceAndIssueDate) {
  auto r = ExtractMetadata(Header("Thái Nguyên, ngày 12 tháng 01 năm 2026"));
  EXPECT_EQ(r.meta.place, "Thái Nguyên");
  EXPECT_EQ(r.meta.issue_date, "2026-01-12");
}

TEST(MetadataExtractor, ReadsIssueDateWithoutLeadingZeros) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026"));
  EXPECT_EQ(r.meta.issue_date, "2026-03-05");
}

TEST(MetadataExtractor, ReadsNumericIssueDate) {
  EXPECT_EQ(ExtractMetadata(Header("Hà Nội, ngày 5/3/2026")).meta.issue_date, "2026-03-05");
  EXPECT_EQ(ExtractMetadata(Header("Hà Nội, ngày 05-03-2026")).meta.issue_date, "2026-03-05");
  EXPECT_EQ(ExtractMetadata(Header("Hà Nội, ngày 05.03.2026")).meta.issue_date, "2026-03-05");
}

TEST(MetadataExtractor, ReadsIssueDateWrappedOverTwoLines) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 27\ntháng 11 năm 2025"));
  EXPECT_EQ(r.meta.issue_date, "2025-11-27");
  EXPECT_EQ(r.meta.place, "Hà Nội");
}

TEST(MetadataExtractor, ReadsPlaceWrappedBeforeDate) {
  auto r = ExtractMetadata(Header("Thành phố Hồ Chí\nMinh, ngày 28 tháng 11 năm 2025"));
  EXPECT_EQ(r.meta.place, "Thành phố Hồ Chí Minh");
  EXPECT_EQ(r.meta.issue_date, "2025-11-28");
}

TEST(MetadataExtractor, ExpandsAbbreviatedCityInPlace) {
  auto r = ExtractMetadata(Header("TP. Hồ Chí Minh, ngày 01 tháng 02 năm 2026"));
  EXPECT_EQ(r.meta.place, "Thành phố Hồ Chí Minh");
}

TEST(MetadataExtractor, IgnoresImpossibleDate) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 31 tháng 02 năm 2026"));
  EXPECT_EQ(r.meta.issue_date, "");
}

// --- effective date ---

TEST(MetadataExtractor, ReadsEffectiveDateWrittenOut) {
  auto r = ExtractMetadata(
      Header("Hà Nội, ngày 12 tháng 01 năm 2026",
             "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 25 tháng 01 năm 2026.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-01-25");
}

TEST(MetadataExtractor, ReadsEffectiveDateFromSigningDay) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 12 tháng 01 năm 2026",
                                  "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-01-12");
}

TEST(MetadataExtractor, ReadsNumericEffectiveDate) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 12 tháng 01 năm 2026",
                                  "Quyết định này có hiệu lực từ ngày 01/7/2026.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-07-01");
}

TEST(MetadataExtractor, ReadsEffectiveDateWrappedOverLines) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 12 tháng 01 năm 2026",
                                  "Quyết định này có hiệu lực thi\nhành kể từ ngày 25\ntháng 01 "
                                  "năm 2026.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-01-25");
}

TEST(MetadataExtractor, ReadsEffectiveDateDaysAfterSigning) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 25 tháng 12 năm 2025",
                                  "Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-01-04");
}

TEST(MetadataExtractor, ReadsEffectiveDateDaysAfterSigningWithComma) {
  auto r = ExtractMetadata(
      Header("Hà Nội, ngày 10 tháng 02 năm 2026",
             "Quyết định này có hiệu lực thi hành sau 20 ngày, kể từ ngày ký ban hành.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-03-02");
}

TEST(MetadataExtractor, CountsEffectiveDaysFromAdoptionByTheCouncil) {
  auto r = ExtractMetadata(
      Header("Lào Cai, ngày 20 tháng 7 năm 2026",
             "Nghị quyết này có hiệu lực sau 10 ngày kể từ ngày Hội đồng nhân dân tỉnh thông "
             "qua.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-07-30");
}

TEST(MetadataExtractor, ReadsEffectiveDateFromAdoptionDay) {
  auto r = ExtractMetadata(Header("Lào Cai, ngày 20 tháng 7 năm 2026",
                                  "Nghị quyết này có hiệu lực kể từ ngày HĐND xã thông qua.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-07-20");
}

TEST(MetadataExtractor, PrefersEffectiveClauseOfTheDocumentItself) {
  auto r = ExtractMetadata(
      Header("Hà Nội, ngày 12 tháng 01 năm 2026",
             "Quy chế này có hiệu lực từ ngày 01 tháng 3 năm 2026.\n"
             "Quyết định này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2026.\n"));
  EXPECT_EQ(r.meta.effective_date, "2026-02-15");
}

TEST(MetadataExtractor, LeavesEffectiveDateEmptyWhenNotStated) {
  auto r = ExtractMetadata(
      Header("Hà Nội, ngày 12 tháng 01 năm 2026",
             "Điều 2. Các Quyết định sau hết hiệu lực kể từ ngày 01 tháng 02 năm 2026.\n"));
  EXPECT_EQ(r.meta.effective_date, "");
}

// --- authority ---

TEST(MetadataExtractor, ExpandsAbbreviatedAuthority) {
  EXPECT_EQ(ExpandAuthority("UBND TỈNH THÁI NGUYÊN"), "Ủy ban nhân dân tỉnh Thái Nguyên");
  EXPECT_EQ(ExpandAuthority("HĐND TỈNH THÁI NGUYÊN"), "Hội đồng nhân dân tỉnh Thái Nguyên");
  // A header excerpt loses what OCR adds to it, as the extractor's header does.
  EXPECT_EQ(ExpandAuthority("‘UBND TỈNH THÁI NGUYÊN KẾ HOẠCH"), "Ủy ban nhân dân tỉnh Thái Nguyên");
}

TEST(MetadataExtractor, JoinsAuthorityWrappedOverLines) {
  EXPECT_EQ(ExpandAuthority("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN"),
            "Ủy ban nhân dân tỉnh Thái Nguyên");
  EXPECT_EQ(ExpandAuthority("ỦY\nBAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH"),
            "Ủy ban nhân dân Thành phố Hồ Chí Minh");
  EXPECT_EQ(ExpandAuthority("BỘ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH"), "Bộ Văn hóa, Thể thao và Du lịch");
}

TEST(MetadataExtractor, CapitalisesPlaceNamesInAuthority) {
  EXPECT_EQ(ExpandAuthority("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
            "Hội đồng nhân dân thành phố Hà Nội");
  EXPECT_EQ(ExpandAuthority("ỦY BAN NHÂN DÂN XÃ PHÚ BÌNH"), "Ủy ban nhân dân xã Phú Bình");
  EXPECT_EQ(ExpandAuthority("CÔNG AN TỈNH BÀ RỊA - VŨNG TÀU"), "Công an tỉnh Bà Rịa - Vũng Tàu");
}

TEST(MetadataExtractor, CapitalisesFieldsOfBodies) {
  EXPECT_EQ(ExpandAuthority("BỘ Y TẾ"), "Bộ Y tế");
  EXPECT_EQ(ExpandAuthority("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
            "Sở Lao động - Thương binh và Xã hội");
  EXPECT_EQ(ExpandAuthority("SỞ NỘI VỤ"), "Sở Nội vụ");
  EXPECT_EQ(ExpandAuthority("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH"), "Văn phòng Ủy ban nhân dân tỉnh");
  EXPECT_EQ(ExpandAuthority("QUỐC HỘI"), "Quốc hội");
}

TEST(MetadataExtractor, SplitsQuocHieuGluedToTheAuthority) {
  auto r = ExtractMetadata(
      "SỞ Y TẾCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 210/SYT-NVY\n"
      "Cao Bằng, ngày 3 tháng 4 năm 2026\nV/v tiêm chủng mở rộng\n"
      "Độc lập - Tự do - Hạnh phúc\nKính gửi: Trung tâm Y tế các huyện.\n");
  EXPECT_EQ(r.meta.authority, "Sở Y tế");
}

TEST(MetadataExtractor, SplitsJointBodiesWrittenOnOneLine) {
  auto r = ExtractMetadata(
      "BỘ CÔNG THƯƠNG - BỘ TÀI CHÍNH\nSố: 07/2026/TTLT-BCT-BTC\n"
      "Hà Nội, ngày 9 tháng 4 năm 2026\nTHÔNG TƯ LIÊN TỊCH\nHướng dẫn quỹ bình ổn giá\n"
      "Căn cứ Luật Giá;\n");
  EXPECT_THAT(r.meta.authorities, ElementsAre("Bộ Công Thương", "Bộ Tài chính"));
  EXPECT_EQ(r.meta.authority, "Bộ Công Thương");
}

TEST(MetadataExtractor, JoinsBodyKindWrappedAloneOntoItsLine) {
  // "TRƯỜNG" (a school) alone on the line ends "MÔI TRƯỜNG".
  EXPECT_EQ(ExpandAuthority("UBND TỈNH HÀ GIANG\nSỞ TÀI NGUYÊN VÀ MÔI\nTRƯỜNG"),
            "Sở Tài nguyên và Môi trường");
}

TEST(MetadataExtractor, NamesPartyCommitteeAfterItsDangBo) {
  auto r = ExtractMetadata(
      "ĐẢNG BỘ TỈNH LÀO CAI\nTỈNH ỦY\n*\nSố 21-CT/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
      "Lào Cai, ngày 2 tháng 6 năm 2026\nCHỈ THỊ\nvề công tác phòng, chống thiên tai\n");
  EXPECT_EQ(r.meta.authority, "Tỉnh ủy Lào Cai");
  EXPECT_EQ(r.meta.authority_parent, "Đảng bộ tỉnh Lào Cai");
}

TEST(MetadataExtractor, NamesBoardOfPartyCommitteeWithTheCommittee) {
  auto r = ExtractMetadata(
      "HUYỆN ỦY ĐỊNH HÓA\nBAN TỔ CHỨC\n*\nSố 05-HD/BTCHU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
      "Định Hóa, ngày 2 tháng 6 năm 2026\nHƯỚNG DẪN\nvề công tác đảng viên\n");
  EXPECT_EQ(r.meta.authority, "Ban Tổ chức Huyện ủy");
  EXPECT_EQ(r.meta.authority_parent, "Huyện ủy Định Hóa");
}

TEST(MetadataExtractor, ReadsActingSignerTitle) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
                                  "Q. GIÁM ĐỐC\n\nTrần Văn Bình\n"));
  EXPECT_EQ(r.meta.signer, "Trần Văn Bình");
  EXPECT_EQ(r.meta.signer_title, "Giám đốc");
  EXPECT_EQ(r.meta.signer_competence, "Q.");
}

TEST(MetadataExtractor, WritesUyWithCanonicalSpelling) {
  EXPECT_EQ(ExpandAuthority("UỶ BAN NHÂN DÂN TỈNH NAM ĐỊNH"), "Ủy ban nhân dân tỉnh Nam Định");
}

TEST(MetadataExtractor, ExpandAuthorityReturnsIssuingBodyUnderSupervisingBody) {
  EXPECT_EQ(ExpandAuthority("UBND TỈNH THÁI NGUYÊN\nSỞ TÀI CHÍNH"), "Sở Tài chính");
}

TEST(MetadataExtractor, ReadsSupervisingBodyAsAuthorityParent) {
  auto r = ExtractMetadata(kPopplerLayoutCongVan);
  EXPECT_EQ(r.meta.authority, "Sở Tài chính");
  EXPECT_EQ(r.meta.authority_parent, "Ủy ban nhân dân tỉnh Thái Nguyên");
}

TEST(MetadataExtractor, CompletesBareAuthorityFromRunningText) {
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 01/2026/QĐ-UBND\n"
      "Thái Nguyên, ngày 12 tháng 01 năm 2026\nQUYẾT ĐỊNH\nVỀ VIỆC A\n"
      "Căn cứ đề nghị của Ủy ban nhân dân tỉnh Thái Nguyên;\n");
  EXPECT_EQ(r.meta.authority, "Ủy ban nhân dân tỉnh Thái Nguyên");
  EXPECT_THAT(r.uncertain, ::testing::Contains("authority"));
}

// --- type and summary ---

TEST(MetadataExtractor, ReadsTypeFromTitleLine) {
  EXPECT_EQ(ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026")).meta.type, "Quyết định");
  EXPECT_EQ(ExtractMetadata(kPopplerRawTabs).meta.type, "Thông báo");
}

TEST(MetadataExtractor, InfersTypeFromNumberWhenTitleIsMissing) {
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 12/KH-UBND\n"
      "Thái Nguyên, ngày 5 tháng 3 năm 2026\n");
  EXPECT_EQ(r.meta.type, "Kế hoạch");
  EXPECT_THAT(r.uncertain, ::testing::Contains("type"));
}

TEST(MetadataExtractor, JoinsWrappedSummaryInRunningCase) {
  auto r = ExtractMetadata(kPopplerDefault);
  EXPECT_EQ(r.meta.summary,
            "Ban hành Quy chế quản lý hoạt động và cung cấp thông tin của Cổng Thông tin điện tử "
            "tỉnh Thái Nguyên");
}

TEST(MetadataExtractor, ReadsTheTitleLineThroughOcrSpecks) {
  // A speck after the type ("KẾ HOẠCH .", "KẾ HOẠCH -") and a quote-like speck before the
  // trích yếu.
  for (const std::string type_line : {"KẾ HOẠCH .", "KẾ HOẠCH -", "KẾ HOẠCH", "KẾ HOẠCH. °"}) {
    auto r = ExtractMetadata(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 45/KH-UBND\n"
        "Thái Nguyên, ngày 28 tháng 12 năm 2012\n" +
        type_line +
        "\n\n'Cải cách hành chính nhà nước tỉnh Thái Nguyên năm 2013\n\n"
        "Căn cứ Nghị quyết số 30c/NQ-CP ngày 08 tháng 11 năm 2011 của Chính phủ;\n");
    EXPECT_EQ(r.meta.type, "Kế hoạch") << type_line;
    EXPECT_EQ(r.meta.summary, "Cải cách hành chính nhà nước tỉnh Thái Nguyên năm 2013")
        << type_line;
  }
  // Specks inside the trích yếu: a colon standing alone, a period before a lowercase word;
  // a period after an abbreviation with dots stays.
  auto r = ExtractMetadata(
      "TỈNH ỦY QUẢNG NGÃI\nS6 112-BC/TU\nQuảng Ngãi, ngày 18 tháng 5 năm 2012\nBÁO CÁO. :\n"
      "Sơ kết thực hiện Chỉ thị số 03-CT/TW. ngày 14 tháng 5 năm 2011 về một số chủ : trương\n"
      "của Tổ công. tác v.v. theo dõi\n\nThực hiện Chỉ thị số 03-CT/TW của Bộ Chính trị,\n");
  EXPECT_EQ(r.meta.type, "Báo cáo");
  EXPECT_EQ(r.meta.number, "112-BC/TU");
  EXPECT_EQ(r.meta.summary,
            "Sơ kết thực hiện Chỉ thị số 03-CT/TW ngày 14 tháng 5 năm 2011 về một số chủ trương "
            "của Tổ công tác v.v. theo dõi");
  // A colon glued to a word in lowercase, a consonant read twice alone, an opening quote that
  // nothing closes; a quoted name stays.
  r = ExtractMetadata(
      "BỘ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 12/2019/TT-BTTTT\nHà Nội, ngày 5 tháng 11 năm 2019\n"
      "THÔNG TƯ\n\u201CQuy định chi: tiết Lễ hội Đền Hùng n năm 2019\n\nCăn cứ Luật;\n");
  EXPECT_EQ(r.meta.summary, "Quy định chi tiết Lễ hội Đền Hùng năm 2019");
  r = ExtractMetadata(
      "BỘ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 12/2019/TT-BTTTT\nHà Nội, ngày 5 tháng 11 năm 2019\n"
      "THÔNG TƯ\nBan hành Đề án \u201CChuyển đổi số\u201D: các bước\n\nCăn cứ Luật;\n");
  EXPECT_EQ(r.meta.summary, "Ban hành Đề án \u201CChuyển đổi số\u201D: các bước");
}

TEST(MetadataExtractor, JoinsSummaryLinesThatOcrSetApartWithBlankLines) {
  // OCR of a widely spaced title block: a blank line between the wrapped lines. One goes on
  // after a connector ("số") or into a lowercase line; the body, in capitals or opening with
  // a number, does not.
  const std::string head =
      "ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\nSố: 05/CTr-UBND\nBắc Kạn, ngày 22 tháng 6 năm 2020\n"
      "CHƯƠNG TRÌNH\n\n";
  auto r =
      ExtractMetadata(head +
                      "Hành động của Ủy ban nhân dân tỉnh thực hiện Nghị quyết số\n\n"
                      "52-NQ/TW ngày 27 tháng 9 năm 2019 của Bộ Chính trị về một số chủ\n\n"
                      "trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp\n\n"
                      "Căn cứ Nghị quyết số 50/NQ-CP ngày 17 tháng 4 năm 2020 của Chính phủ;\n");
  EXPECT_EQ(r.meta.summary,
            "Hành động của Ủy ban nhân dân tỉnh thực hiện Nghị quyết số 52-NQ/TW ngày 27 tháng 9 "
            "năm 2019 của Bộ Chính trị về một số chủ trương, chính sách chủ động tham gia cuộc "
            "Cách mạng công nghiệp");
  r = ExtractMetadata(head + "Cải cách hành chính năm 2020\n\n1. Mục tiêu chung của kế hoạch\n");
  EXPECT_EQ(r.meta.summary, "Cải cách hành chính năm 2020");
}

TEST(MetadataExtractor, JoinsTheCentredEndOfANameThatOcrSetApart) {
  // The last line of a centred trích yếu, a name's end standing alone after a blank line.
  const std::string head =
      "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\nSố: 2156/QĐ-UBND\nĐà Nẵng, ngày 14 tháng 9 năm "
      "2022\nQUYẾT ĐỊNH\n\n";
  auto r = ExtractMetadata(head +
                           "Về việc thành lập Tổ công tác triển khai Đề án 06 trên địa bàn thành "
                           "phố\n\nĐà Nẵng\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG\n"
                           "Căn cứ Luật Tổ chức chính quyền địa phương;\n");
  EXPECT_EQ(r.meta.summary,
            "Về việc thành lập Tổ công tác triển khai Đề án 06 trên địa bàn thành phố Đà Nẵng");
  r = ExtractMetadata(head +
                      "Về việc đính chính Quy định về Hệ thống thông tin báo cáo tỉnh Thái\n\n"
                      "Nguyên\n\nỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\n");
  EXPECT_EQ(r.meta.summary,
            "Về việc đính chính Quy định về Hệ thống thông tin báo cáo tỉnh Thái Nguyên");
  // A body sentence after a name is no name's end: it is long, and not alone.
  r = ExtractMetadata(head +
                      "Về việc kiện toàn Ban Chỉ đạo thành phố Đà Nẵng\n\n"
                      "Thực hiện Kế hoạch số 12/KH-UBND ngày 02 tháng 3 năm 2022 của Ủy ban\n"
                      "nhân dân thành phố về chuyển đổi số;\n");
  EXPECT_EQ(r.meta.summary, "Về việc kiện toàn Ban Chỉ đạo thành phố Đà Nẵng");
  r = ExtractMetadata(head +
                      "Về việc kiện toàn Ban Chỉ đạo thành phố Đà Nẵng\n\nĐà Nẵng\n"
                      "Thực hiện Kế hoạch số 12/KH-UBND;\n");
  EXPECT_EQ(r.meta.summary, "Về việc kiện toàn Ban Chỉ đạo thành phố Đà Nẵng");
}

TEST(MetadataExtractor, JoinsCapitalLinesOfASummaryThatOcrSetApart) {
  const std::string head =
      "CHÍNH PHỦ\nSố: 86/2023/NĐ-CP\nHà Nội, ngày 07 tháng 8 năm 2023\nNGHỊ ĐỊNH\n";
  auto r = ExtractMetadata(head +
                           "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 45/2020/NĐ-CP NGÀY 08\n\n"
                           "THÁNG 4 NĂM 2020 CỦA CHÍNH PHỦ VỀ THỰC HIỆN THỦ TỤC\n\n"
                           "HÀNH CHÍNH TRÊN MÔI TRƯỜNG ĐIỆN TỬ\n\n"
                           "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n");
  EXPECT_EQ(r.meta.summary,
            "Sửa đổi, bổ sung một số điều của Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm "
            "2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường điện tử");
  // Not into the enacting body, a numbered heading or a Phần in capitals.
  for (const char* after :
       {"ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "I. MỤC ĐÍCH, YÊU CẦU", "PHẦN THỨ NHẤT", "CHÍNH PHỦ"}) {
    r = ExtractMetadata(head + "VỀ CẢI CÁCH HÀNH CHÍNH NĂM 2026\n\n" + after +
                        "\nCăn cứ Luật Tổ chức Chính phủ;\n");
    EXPECT_EQ(r.meta.summary, "Về cải cách hành chính năm 2026") << after;
  }
}

TEST(MetadataExtractor, ListAndNameWhoseLabelAndTitlesOcrLost) {
  // OCR read neither "Nơi nhận:" nor the titles beside it: after the "./." that closes the
  // body, bulleted entries ending with the office's copy are the list, and a name alone after
  // it is the signer's — uncertain, for an editor to check.
  const std::string head =
      "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 56/QĐ-UBND\nThái Nguyên, ngày 07 tháng 8 năm "
      "2026\nQUYẾT ĐỊNH\nVề việc thành lập Đoàn kiểm tra\nĐiều 1. Thành lập Đoàn kiểm tra.\n"
      "Điều 2. Các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.\n\n";
  auto r = ExtractMetadata(head +
                           "- Như Điều 2;\n\n- UBND tỉnh (b/c);\n- Sở Văn hóa - Thông tin, "
                           "Công an\ntỉnh;\n- Lưu: VT, TTr.\n\nLưu Đức Thọ\n");
  EXPECT_THAT(r.meta.recipients,
              ElementsAre("Như Điều 2", "UBND tỉnh (b/c)", "Sở Văn hóa - Thông tin, Công an tỉnh",
                          "Lưu: VT, TTr"));
  EXPECT_EQ(r.meta.signer, "Lưu Đức Thọ");
  EXPECT_EQ(r.meta.signer_title, "");
  bool checked = false;
  for (const auto& p : r.meta.provenance) {
    if (p.field != "signer") continue;
    EXPECT_LT(p.confidence, 0.7);
    checked = true;
  }
  EXPECT_TRUE(checked);
  // Without the office's copy last there is no list; with text after the name, no signer.
  r = ExtractMetadata(head + "- Như Điều 2;\n- UBND tỉnh (b/c).\n\nLưu Đức Thọ\n");
  EXPECT_THAT(r.meta.recipients, IsEmpty());
  EXPECT_EQ(r.meta.signer, "");
  r = ExtractMetadata(head + "- Như Điều 2;\n- Lưu: VT.\n\nLưu Đức Thọ\nPhụ lục kèm theo\n");
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như Điều 2", "Lưu: VT"));
  EXPECT_EQ(r.meta.signer, "");
}

TEST(MetadataExtractor, RepairsListEntriesAsOcrReadsThem) {
  // Specks between words and list words without their marks, each only where it can be
  // nothing else; words whose mark-less form is a word ("thiên tai", "Thi đua", "vi phạm",
  // "tinh thần", "nhu cầu") and entries naming a person are left as read.
  const std::string head =
      "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 45/KH-UBND\nThái Nguyên, ngày 07 tháng 8 năm "
      "2026\nKẾ HOẠCH\nCải cách hành chính năm 2026\nI. MỤC ĐÍCH\nNâng cao hiệu quả./.\n"
      "Nơi nhận:\n";
  auto r = ExtractMetadata(
      head +
      "- Nhu Điều 4;\n- Văn phòng Trung ương và các Ban của Dang;\n- Ban Bí thu (b/c);\n"
      "- HĐND, UBND các tỉnh, thành phố trực thuộc trưng ương;\n"
      "- TT Tỉnh ủy, TT HĐND tinh.(b/c);\n- CT, cac PCT'UBND huyện;\n"
      "- Phong GD&ĐT, Vu UDCNTT;\n- Các phòng, đơn vị.thuộc Sở;\n- Sở Khoa hoc và Công nghệ;\n"
      "- Ban Thi đua - Khen thưởng tỉnh, Ban Chỉ đạo phòng, chống thiên tai;\n"
      "- Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính;\n"
      "- Đ/c Nguyễn Văn Phong, Trưởng phòng Nội vu tinh;\n"
      "- Ban Tuyên giáo về tinh thần, nhu cầu học tập;\n- Lưu: VT,.NC.\n");
  EXPECT_THAT(
      r.meta.recipients,
      ElementsAre("Như Điều 4", "Văn phòng Trung ương và các Ban của Đảng", "Ban Bí thư (b/c)",
                  "HĐND, UBND các tỉnh, thành phố trực thuộc trung ương",
                  "TT Tỉnh ủy, TT HĐND tỉnh (b/c)", "CT, các PCT UBND huyện",
                  "Phòng GD&ĐT, Vụ UDCNTT", "Các phòng, đơn vị thuộc Sở",
                  "Sở Khoa học và Công nghệ",
                  "Ban Thi đua - Khen thưởng tỉnh, Ban Chỉ đạo phòng, chống thiên tai",
                  "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính",
                  "Đ/c Nguyễn Văn Phong, Trưởng phòng Nội vu tinh",
                  "Ban Tuyên giáo về tinh thần, nhu cầu học tập", "Lưu: VT, NC"));
}

TEST(MetadataExtractor, SignerNameMarksFromTheNameTablesAreUncertain) {
  const std::string head =
      "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 08/CT-UBND\nBắc Giang, ngày 07 tháng 8 năm 2008\n"
      "CHỈ THỊ\nVề việc tăng cường ứng dụng công nghệ thông tin\nCác sở thực hiện./.\n"
      "Nơi nhận:\n- Các sở;\n- Lưu: VT.\nCHỦ TỊCH\n";
  auto signer_confidence = [](const MetadataExtraction& r) {
    for (const auto& p : r.meta.provenance) {
      if (p.field == "signer") return p.confidence;
    }
    return -1.0;
  };
  // Family and middle names read without marks get them back; the given name never does.
  auto r = ExtractMetadata(head + "Than Van Lực\n");
  EXPECT_EQ(r.meta.signer, "Thân Văn Lực");
  EXPECT_LT(signer_confidence(r), 0.7);
  r = ExtractMetadata(head + "Ha Quang Vinh\n");
  EXPECT_EQ(r.meta.signer, "Hà Quang Vinh");
  // "Dong" is Đồng or Đông: left as read, as is a name read with its marks.
  r = ExtractMetadata(head + "Dong Van Hai\n");
  EXPECT_EQ(r.meta.signer, "Dong Văn Hai");
  r = ExtractMetadata(head + "Thân Văn Lực\n");
  EXPECT_EQ(r.meta.signer, "Thân Văn Lực");
  EXPECT_GE(signer_confidence(r), 0.7);
  // A short speck without marks alone above a full name is no part of it; a family name
  // alone above the rest is.
  EXPECT_EQ(ExtractMetadata(head + "Tu\nHứa Đức Nhị\n").meta.signer, "Hứa Đức Nhị");
  EXPECT_EQ(ExtractMetadata(head + "Bùi\nXuân Cường\n").meta.signer, "Bùi Xuân Cường");
}

TEST(MetadataExtractor, LeadWhoseDotOcrReadAsAComma) {
  // "KT. CHỦ TỊCH" read "KT, CHỦ TỊCH" under "- Lưu: VT," (the entry's dot a comma too): the
  // lead, not the rest of the entry. Only before a position or a body in capitals.
  const std::string head =
      "ỦY BAN NHÂN DÂN\nHUYỆN PHÚ LƯƠNG\nSố: 1125/UBND-VP\nPhú Lương, ngày 12 tháng 8 năm "
      "2019\nV/v thực hiện gửi, nhận văn bản điện tử\nKính gửi: Các cơ quan\nThực hiện./.\n"
      "Nơi nhận:\n- Như trên;\n";
  auto r = ExtractMetadata(head + "- Lưu: VT,\nKT, CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nMa Thị Hồng Nhung\n");
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như trên", "Lưu: VT"));
  EXPECT_EQ(r.meta.signer, "Ma Thị Hồng Nhung");
  EXPECT_EQ(r.meta.signer_title, "Phó Chủ tịch");
  EXPECT_EQ(r.meta.signer_competence, "KT.");
  r = ExtractMetadata(head + "- Lưu: VT,\nKT, NV.\n");
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như trên", "Lưu: VT, KT, NV"));
}

TEST(MetadataExtractor, ListWhoseLabelColonOrBulletsOcrMisread) {
  // "Noinhén;" (the colon read as ";"), an entry whose dash OCR lost between bulleted entries,
  // and a dash read "=" glued to the entry after a speck ("_=Lưu").
  const std::string head =
      "ỦY BAN NHÂN DÂN\nTỈNH HÀ TÂY\nSố: 15/2007/QĐ-UBND\nHà Đông, ngày 07 tháng 8 năm 2007\n"
      "QUYẾT ĐỊNH\nVề việc quy định quản lý hệ thống thư điện tử\n"
      "Điều 1. Ban hành Quy định.\nĐiều 2. Các sở thi hành Quyết định này./.\n\n";
  auto r = ExtractMetadata(head +
                           "Noinhén;\n- Như Điều 2;\nBộ Bưu chính, Viễn thông (b/c);\n"
                           "- Cục Kiểm tra VBQPPL - Bộ Tư pháp;\n_=Lưu: VT, VX.\n"
                           "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n");
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như Điều 2", "Bộ Bưu chính, Viễn thông (b/c)",
                                             "Cục Kiểm tra VBQPPL - Bộ Tư pháp", "Lưu: VT, VX"));
  EXPECT_EQ(r.meta.signer, "Nguyễn Văn An");
  // After the last entry a line closed by ";" with no bullet below is no entry.
  r = ExtractMetadata(head +
                      "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nGhi chú thêm của văn phòng;\n"
                      "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n");
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như Điều 2", "Lưu: VT"));
}

TEST(MetadataExtractor, TurnsCapitalSummaryIntoSentenceCase) {
  // No running text to learn from: the built-in names and document-name rule apply.
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 01/2026/QĐ-UBND\n"
      "Thái Nguyên, ngày 12 tháng 01 năm 2026\nQUYẾT ĐỊNH\n"
      "BAN HÀNH QUY CHẾ QUẢN LÝ HOẠT ĐỘNG VÀ CUNG CẤP THÔNG TIN CỦA CỔNG THÔNG TIN ĐIỆN TỬ TỈNH\n"
      "THÁI NGUYÊN\n");
  EXPECT_EQ(r.meta.summary,
            "Ban hành Quy chế quản lý hoạt động và cung cấp thông tin của Cổng Thông tin điện tử "
            "tỉnh Thái Nguyên");
}

TEST(MetadataExtractor, TakesSummaryCasingFromRunningText) {
  auto r = ExtractMetadata(
      "BỘ Y TẾ\nSố: 45/2025/TT-BYT\nHà Nội, ngày 25 tháng 11 năm 2025\nTHÔNG TƯ\n"
      "BÃI BỎ THÔNG TƯ SỐ 31/2015/TT-BYT CỦA BỘ TRƯỞNG BỘ Y TẾ VỀ GIÁM ĐỊNH PHÁP Y\n"
      "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;\n"
      "Bộ trưởng Bộ Y tế ban hành Thông tư bãi bỏ Thông tư số 31/2015/TT- BYT của Bộ trưởng Bộ Y "
      "tế về giám định pháp y.\n");
  EXPECT_EQ(r.meta.summary,
            "Bãi bỏ Thông tư số 31/2015/TT-BYT của Bộ trưởng Bộ Y tế về giám định pháp y");
}

TEST(MetadataExtractor, StopsSummaryAtEnactingBody) {
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nSố: 1456/QĐ-UBND\nNam Định, ngày 09 tháng 7 năm 2021\n"
      "QUYẾT ĐỊNH\nVỀ VIỆC PHÊ DUYỆT QUY HOẠCH SỬ DỤNG ĐẤT\nỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH\n"
      "Căn cứ Luật Đất đai;\n");
  // "Quy hoạch" after "phê duyệt" names a plan: a document name takes a capital.
  EXPECT_EQ(r.meta.summary, "Về việc phê duyệt Quy hoạch sử dụng đất");
}

TEST(MetadataExtractor, ReadsCongVanSummaryWithoutVv) {
  auto r = ExtractMetadata(kPopplerLayoutCongVan);
  EXPECT_EQ(r.meta.type, "Công văn");
  EXPECT_EQ(r.meta.number, "123/STC-QLNS");
  EXPECT_EQ(r.meta.summary, "Hướng dẫn lập dự toán ngân sách nhà nước năm 2026");
  EXPECT_EQ(r.meta.place, "Thái Nguyên");
  EXPECT_EQ(r.meta.issue_date, "2026-03-05");
  EXPECT_EQ(r.meta.effective_date, "2026-03-05");
}

TEST(MetadataExtractor, ReadsSummaryInMarkdownRendering) {
  auto r = ExtractMetadata(
      "|\n**ỦY BAN NHÂN DÂN\n**\nTHÀNH PHỐ HỒ CHÍ MINH\n-------\n|\n**CỘNG HÒA XÃ HỘI\n"
      "CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n|\n|\nSố: 4240/UBND-VX\n"
      "*V/v khẩn trương hoàn thành cập nhật, đồng bộ\ncơ sở dữ liệu cán bộ*\n|\n"
      "*Thành phố Hồ Chí\nMinh, ngày 28 tháng 11 năm 2025*\n|\n**Kính gửi:**\n|\n"
      "- Sở Nội vụ;\n- Ủy ban nhân dân các xã, phường và đặc khu.\n|\nNội dung.\n");
  EXPECT_EQ(r.meta.authority, "Ủy ban nhân dân Thành phố Hồ Chí Minh");
  EXPECT_EQ(r.meta.summary, "Khẩn trương hoàn thành cập nhật, đồng bộ cơ sở dữ liệu cán bộ");
  EXPECT_EQ(r.meta.place, "Thành phố Hồ Chí Minh");
  EXPECT_THAT(r.addressees, ElementsAre("Sở Nội vụ", "Ủy ban nhân dân các xã, phường và đặc khu"));
  // No Nơi nhận list: the addressees are the recipients.
  EXPECT_EQ(r.meta.recipients, r.addressees);
}

TEST(MetadataExtractor, ReadsCertificateTitle) {
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nXÃ TÂN CƯƠNG\nSố: 04/GXN-UBND\nTân Cương, ngày 8 tháng 5 năm 2026\n"
      "GIẤY XÁC NHẬN\nHoàn thành kế hoạch bảo vệ môi trường của cơ sở chế biến chè\n"
      "Căn cứ Luật Bảo vệ môi trường;\n");
  EXPECT_EQ(r.meta.type, "Giấy xác nhận");
  EXPECT_EQ(r.meta.authority, "Ủy ban nhân dân xã Tân Cương");
}

TEST(MetadataExtractor, TypesConsolidatedTextByItsNumberCode) {
  auto r = ExtractMetadata(
      "BỘ Y TẾ\nSố: 12/VBHN-BYT\nHà Nội, ngày 3 tháng 3 năm 2026\nTHÔNG TƯ\n"
      "Quy định về khám sức khỏe\nCăn cứ Luật Khám bệnh, chữa bệnh;\n");
  EXPECT_EQ(r.meta.type, "Văn bản hợp nhất");
}

TEST(MetadataExtractor, KeepsLocalityNameWrappedOntoNextSummaryLine) {
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 88/TB-UBND\nThái Nguyên, ngày 8 tháng 4 năm 2026\n"
      "THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi kiểm tra hồ chứa nước xã\n"
      "Yên Ninh\nNgày 6 tháng 4 năm 2026, đồng chí Chủ tịch Ủy ban nhân dân tỉnh đã kiểm tra\n"
      "hồ chứa nước và làm việc với xã.\n");
  EXPECT_EQ(
      r.meta.summary,
      "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi kiểm tra hồ chứa nước xã Yên Ninh");
}

TEST(MetadataExtractor, KeepsLastSummaryLineBeforeTheEnactingBody) {
  auto r = ExtractMetadata(
      "HỘI ĐỒNG NHÂN DÂN\nTỈNH BẮC NINH\nSố: 30/2026/NQ-HĐND\n"
      "Bắc Ninh, ngày 8 tháng 7 năm 2026\nNGHỊ QUYẾT\n"
      "Quy định mức chi cho hoạt động giám sát của Đoàn đại biểu\nQuốc hội tỉnh\n"
      "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH\nCăn cứ Luật Tổ chức chính quyền địa phương;\n");
  EXPECT_EQ(r.meta.summary,
            "Quy định mức chi cho hoạt động giám sát của Đoàn đại biểu Quốc hội tỉnh");
}

TEST(MetadataExtractor, StopsSummaryAtDateOpeningTheBody) {
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 41/TB-UBND\nBắc Ninh, ngày 8 tháng 4 năm 2026\n"
      "THÔNG BÁO\nKết luận tại buổi làm việc với Sở Xây dựng tỉnh Bắc Ninh\n"
      "Ngày 6 tháng 4 năm 2026, đồng chí Chủ tịch Ủy ban nhân dân tỉnh đã làm việc với\n"
      "Sở Xây dựng về tiến độ các công trình.\n");
  EXPECT_EQ(r.meta.summary, "Kết luận tại buổi làm việc với Sở Xây dựng tỉnh Bắc Ninh");
}

TEST(MetadataExtractor, KeepsIssuedWithLineInsideCapitalSummary) {
  auto r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 09/2026/QĐ-UBND\n"
      "Thái Nguyên, ngày 8 tháng 4 năm 2026\nQUYẾT ĐỊNH\n"
      "SỬA ĐỔI MỘT SỐ ĐIỀU CỦA QUY ĐỊNH VỀ QUẢN LÝ CHỢ\n"
      "BAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ 12/2024/QĐ-UBND\nỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\n"
      "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
      "Điều 1. Sửa đổi một số điều của Quy định về quản lý chợ như sau:\n");
  EXPECT_EQ(r.meta.summary,
            "Sửa đổi một số điều của Quy định về quản lý chợ ban hành kèm theo Quyết định số "
            "12/2024/QĐ-UBND");
}

// --- Poppler layouts ---

TEST(MetadataExtractor, ReadsPopplerDefaultOrderWithRightColumnFirst) {
  auto r = ExtractMetadata(kPopplerDefault);
  EXPECT_EQ(r.meta.authority, "Ủy ban nhân dân tỉnh Thái Nguyên");
  EXPECT_EQ(r.meta.authority_parent, "");
  EXPECT_EQ(r.meta.number, "01/2026/QĐ-UBND");
  EXPECT_EQ(r.meta.type, "Quyết định");
  EXPECT_EQ(r.meta.issue_date, "2026-01-12");
  EXPECT_EQ(r.meta.effective_date, "2026-01-25");
  EXPECT_THAT(r.missing, IsEmpty());
}

TEST(MetadataExtractor, ReadsSignatureInterleavedWithRecipients) {
  auto r = ExtractMetadata(kPopplerDefault);
  EXPECT_EQ(r.meta.signer, "Bùi Văn Lương");
  EXPECT_EQ(r.meta.signer_title, "Phó Chủ tịch");
  EXPECT_THAT(r.meta.recipients,
              ElementsAre("Như Điều 3", "Bộ Khoa học và Công nghệ",
                          "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính - Bộ Tư pháp",
                          "Trung tâm Thông tin tỉnh", "Lưu: VT, KGVX"));
}

TEST(MetadataExtractor, ReadsSideBySideColumnsOfLayoutMode) {
  auto r = ExtractMetadata(kPopplerLayoutCongVan);
  EXPECT_EQ(r.meta.signer, "Nguyễn Thị Minh Hằng");
  EXPECT_EQ(r.meta.signer_title, "Phó Giám đốc");
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như trên", "UBND tỉnh (b/c)", "Lưu: VT, QLNS"));
  EXPECT_THAT(r.addressees,
              ElementsAre("Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"));
}

TEST(MetadataExtractor, SplitsColumnsJoinedBySingleSpacesInRawMode) {
  auto r = ExtractMetadata(kPopplerRawTabs);
  EXPECT_EQ(r.meta.authority, "Ủy ban nhân dân xã Phú Bình");
  EXPECT_EQ(r.meta.number, "15/TB-UBND");
  EXPECT_EQ(r.meta.place, "Phú Bình");
  EXPECT_EQ(r.meta.issue_date, "2025-11-27");
  EXPECT_EQ(r.meta.summary,
            "Kết luận của Chủ tịch Ủy ban nhân dân xã tại cuộc họp giao ban tháng 11 năm 2025");
}

// --- signature and recipients ---

TEST(MetadataExtractor, JoinsSignerNameWrappedOverLines) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
                                  "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBùi\nXuân Cường\n"));
  EXPECT_EQ(r.meta.signer, "Bùi Xuân Cường");
  EXPECT_EQ(r.meta.signer_title, "Phó Chủ tịch");
}

TEST(MetadataExtractor, ReadsSignerTitleWithBodyName) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nCHỦ TỊCH QUỐC HỘI\n\n(Đã ký)\n\n"
                                  "Nguyễn Thị Kim Ngân\n"));
  EXPECT_EQ(r.meta.signer, "Nguyễn Thị Kim Ngân");
  EXPECT_EQ(r.meta.signer_title, "Chủ tịch Quốc hội");
}

TEST(MetadataExtractor, LeavesSignerTitleEmptyWhenOnlyTheBodySigns) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nTM. ỦY BAN NHÂN\nDÂN\nQUY CHẾ\nChương I\n"));
  EXPECT_EQ(r.meta.signer, "");
  EXPECT_EQ(r.meta.signer_title, "");
}

TEST(MetadataExtractor, StripsBulletsAndPunctuationFromRecipients) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận:\n- Như Điều 3;\n"
                                  "- Tổ chức PY, PYTT trực thuộc Bộ Y tế: Viện PYQG, Viện PYTTTW\n"
                                  "Biên Hòa, TTPYTT khu vực;\n+ Cổng TTĐT tỉnh;\n- Lưu: VT, KGVX.\n"
                                  "CHỦ TỊCH\nNguyễn Văn An\n"));
  EXPECT_THAT(r.meta.recipients,
              ElementsAre("Như Điều 3",
                          "Tổ chức PY, PYTT trực thuộc Bộ Y tế: Viện PYQG, Viện PYTTTW Biên Hòa, "
                          "TTPYTT khu vực",
                          "Cổng TTĐT tỉnh", "Lưu: VT, KGVX"));
  EXPECT_EQ(r.meta.signer, "Nguyễn Văn An");
  EXPECT_EQ(r.meta.signer_title, "Chủ tịch");
}

TEST(MetadataExtractor, ReadsSignerWhoseFamilyNameLooksLikeAHeading) {
  // "Phan" is a family name; "Phần" would open a heading.
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
                                  "CHỦ TỊCH\nPhan Thị Mai\n"));
  EXPECT_EQ(r.meta.signer, "Phan Thị Mai");
}

TEST(MetadataExtractor, ReadsStandingDeputyTitle) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
                                  "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\nLò Văn Minh\n"));
  EXPECT_EQ(r.meta.signer, "Lò Văn Minh");
  EXPECT_EQ(r.meta.signer_title, "Phó Bí thư Thường trực");
  EXPECT_EQ(r.meta.signer_competence, "TM.");
}

TEST(MetadataExtractor, TakesTheLeadBodysSignatureInAJointDocument) {
  auto r = ExtractMetadata(
      "BỘ CÔNG THƯƠNG\nBỘ TÀI CHÍNH\nSố: 07/2026/TTLT-BCT-BTC\n"
      "Hà Nội, ngày 9 tháng 4 năm 2026\nTHÔNG TƯ LIÊN TỊCH\nHướng dẫn quỹ bình ổn giá\n"
      "Căn cứ Luật Giá;\nĐiều 1. Nội dung.\n"
      "KT. BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG\nHoàng Văn Sơn\n"
      "Nơi nhận:\n- Văn phòng Chính phủ;\n- Lưu: VT.\n"
      "KT. BỘ TRƯỞNG BỘ CÔNG THƯƠNG\nTHỨ TRƯỞNG\nVũ Thị Lan\n");
  EXPECT_EQ(r.meta.signer, "Vũ Thị Lan");
  EXPECT_EQ(r.meta.signer_title, "Thứ trưởng");
}

TEST(MetadataExtractor, ContinuesRecipientWrappedAfterComma) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận:\n- Như Điều 3;\n"
                                  "- VPCP: BTCN, các PCN, các Vụ,\nCục, Công báo;\n"
                                  "- Lưu: VT, KGVX.\nTHỦ TƯỚNG\nĐỗ Văn Hùng\n"));
  EXPECT_THAT(
      r.meta.recipients,
      ElementsAre("Như Điều 3", "VPCP: BTCN, các PCN, các Vụ, Cục, Công báo", "Lưu: VT, KGVX"));
}

TEST(MetadataExtractor, ReadsSignatureTitlesJoinedToTheListBySingleSpaces) {
  // OCR output: the two bottom columns on one line, separated by one space.
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận: KT. GIÁM ĐỐC\n"
                                  "- Như Điều 3; PHÓ GIÁM ĐỐC\n- Lưu: VT.\nĐặng Thị Hoa\n"));
  EXPECT_EQ(r.meta.signer, "Đặng Thị Hoa");
  EXPECT_EQ(r.meta.signer_title, "Phó Giám đốc");
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như Điều 3", "Lưu: VT"));
}

TEST(MetadataExtractor, ReadsTitlesAndBodiesThatOcrWroteWithoutDiacritics) {
  // Tesseract often drops the marks of bold capitals: the position and the body are named
  // from their tables; a single word is not ("SO" could be "Sở" or "Số").
  std::string text = Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                            "Điều 1. Nội dung.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
                            "KT. CHU TICH\nPHO CHU TICH\nĐặng Thị Hoa\n");
  text.replace(0, text.find('\n'), "UY BAN NHAN DAN");
  auto r = ExtractMetadata(text);
  EXPECT_EQ(r.meta.signer, "Đặng Thị Hoa");
  EXPECT_EQ(r.meta.signer_title, "Phó Chủ tịch");
  EXPECT_EQ(r.meta.signer_competence, "KT.");
  EXPECT_EQ(r.meta.authority, "Ủy ban nhân dân tỉnh Thái Nguyên");

  auto giam_doc = ExtractMetadata(
      Header("Hà Nội, ngày 5 tháng 3 năm 2026", "Điều 1. Nội dung.\nGIAM DOC\nĐặng Thị Hoa\n"));
  EXPECT_EQ(giam_doc.meta.signer_title, "Giám đốc");
}

TEST(MetadataExtractor, DropsWhatOcrAddsToTheAuthority) {
  // Stray marks, specks, the type line and the motto of the other column, as OCR of a scan
  // leaves them on the authority's lines.
  auto with_unit_lines = [](const std::string& first, const std::string& second) {
    std::string text = Header("Hà Nội, ngày 5 tháng 3 năm 2026");
    text.replace(0, text.find("\n-------"), first + "\n" + second);
    return ExtractMetadata(text).meta.authority;
  };
  const std::string want = "Ủy ban nhân dân tỉnh Thái Nguyên";
  EXPECT_EQ(with_unit_lines("‘ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN ¬"), want);
  EXPECT_EQ(with_unit_lines("ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN Tt ẻ"), want);
  EXPECT_EQ(with_unit_lines("ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN KẾ HOẠCH"), want);
  EXPECT_EQ(with_unit_lines("ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA"), want);
  EXPECT_EQ(with_unit_lines("ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN ẢNG CỘNG SẢN VIỆT NAM"), want);
  // A commune named Cộng Hòa, a name ending in a one-word type, a board named after its
  // project: all kept.
  EXPECT_EQ(with_unit_lines("ỦY BAN NHÂN DÂN", "XÃ CỘNG HÒA"), "Ủy ban nhân dân xã Cộng Hòa");
  EXPECT_THAT(with_unit_lines("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG ĐẠI HỌC LUẬT"), HasSubstr("Luật"));
  EXPECT_THAT(with_unit_lines("ỦY BAN NHÂN DÂN TỈNH", "BAN QUẢN LÝ DỰ ÁN"), HasSubstr("dự án"));
  // Abbreviations without a vowel are names, not specks (their casing is another matter).
  EXPECT_THAT(with_unit_lines("ĐOÀN ĐBQH", "TỈNH THÁI NGUYÊN"), HasSubstr("bqh tỉnh Thái Nguyên"));
}

TEST(MetadataExtractor, ReadsSignatureTitlesThroughOcrSpecks) {
  // A speck before a title, a colon after it, a short lowercase word read in the stamp.
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung./.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
                                  "KT. CHỦ TỊCH\n.PHO CHỦ TỊCH\ncó.\n\nLô Văn Thắm\n"));
  EXPECT_EQ(r.meta.signer, "Lô Văn Thắm");
  EXPECT_EQ(r.meta.signer_title, "Phó Chủ tịch");
  EXPECT_EQ(r.meta.signer_competence, "KT.");
  r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                             "Điều 1. Nội dung./.\n-CHỦ TỊCH QUỐC HỘI:\n\nPhan Đức Hiển\n"));
  EXPECT_EQ(r.meta.signer, "Phan Đức Hiển");
  EXPECT_EQ(r.meta.signer_title, "Chủ tịch Quốc hội");
  // A bulleted entry in capitals is an entry, not a title.
  r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                             "Điều 1. Nội dung./.\nNơi nhận:\n- CHỦ TỊCH UBND TỈNH;\n- Lưu: VT.\n"
                             "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLô Văn Thắm\n"));
  EXPECT_THAT(r.meta.recipients, ElementsAre("CHỦ TỊCH UBND TỈNH", "Lưu: VT"));
}

TEST(MetadataExtractor, SkipsPunctuationSpecksInRecipients) {
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNơi nhận:\n- Như Điều 3; :\n.\n"
                                  "- Sở Tài chính;\n- Lưu: VT.\nGIÁM ĐỐC\nĐặng Thị Hoa\n"));
  EXPECT_THAT(r.meta.recipients, ElementsAre("Như Điều 3", "Sở Tài chính", "Lưu: VT"));
}

TEST(MetadataExtractor, ReadsTheRecipientsListAsOcrMisreadsIt) {
  // Small print under OCR: the label's vowel misread and its space lost, dashes read as "~",
  // "=" or with a speck before them, the slash of "(b/c)" read as a letter, a speck after the
  // last punctuation.
  for (const std::string label : {"Noinhén:.", "Nơi nhén:", "Nơi nhận: _.."}) {
    auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                    "Điều 1. Nội dung./.\n" + label +
                                        "\n~ Như trên;\n- TT Tỉnh ủy (bic);\n"
                                        "= UBND các huyện, thành phố (pin);\n"
                                        "_~ Các sở, ban, ngành (b/c), ˆ\n- Lưu: VT, NN.\n"
                                        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐặng Thị Hoa\n"));
    EXPECT_THAT(r.meta.recipients,
                ElementsAre("Như trên", "TT Tỉnh ủy (b/c)", "UBND các huyện, thành phố (pin)",
                            "Các sở, ban, ngành (b/c)", "Lưu: VT, NN"))
        << label;
    EXPECT_EQ(r.meta.signer, "Đặng Thị Hoa") << label;
  }
  // The signature block set inside the list: a speck read in the stamp, the name with more
  // entries after it; a bullet with a speck before it.
  auto inside = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                       "Điều 1. Nội dung./.\nNơi nhận:\n- Chính phủ;\nCHỦ TỊCH\n"
                                       "- Bộ Tài chính;\ncó,\n\n- Sở Tư pháp;\n"
                                       "Đặng Thị Hoa\n'= Công báo;\n- Lưu: VT.\n"));
  EXPECT_THAT(inside.meta.recipients,
              ElementsAre("Chính phủ", "Bộ Tài chính", "Sở Tư pháp", "Công báo", "Lưu: VT"));
  EXPECT_EQ(inside.meta.signer, "Đặng Thị Hoa");
  // A misread label only on a line of its own: "Nơi nhân dân" opens running text.
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                  "Điều 1. Nội dung.\nNoinhén dân cư đông đúc được ưu tiên.\n"
                                  "GIÁM ĐỐC\nĐặng Thị Hoa\n"));
  EXPECT_THAT(r.meta.recipients, ::testing::Not(::testing::Contains(HasSubstr("dân cư"))));
}

TEST(MetadataExtractor, ReadsTheListAsTheVietnameseOcrModelMisreadsIt) {
  // Tesseract's "vie" model: "(b/c)" in small italics as "(b/€)", "(b/©)", "(b/C)", "(b/)",
  // "(í©)", "Gí©)" (the bracket a letter), also after "để"; the "VT" of the office's copy as
  // "VTE", "VI", "VE" (its comma lost); ";," and ",:" for a comma, a comma glued on, a dot
  // after an abbreviation, a colon glued inside a name, "©," for "C,", a digit glued after the
  // bullet ("-7TT") or the bullet as specks (".:= Lưu"), a label's colon as ";", a speck read "có"
  // after the copy; a speck before the label, the first entry's bullet lost.
  auto r = ExtractMetadata(Header(
      "Hà Nội, ngày 5 tháng 3 năm 2026",
      "Điều 1. Nội dung./.\n.Nơi nhận:\nNhư trên;\n- Bộ Nội vụ (b/€);\n- Bộ Tài chính (b/©);\n"
      "- Sở Tư pháp (b/C);\n- UBND tỉnh (b/);\n- TT Huyện ủy (í©);\n- TT HĐND tỉnh Gí©)\n"
      "- Giám đốc Sở (để b/€);\n- CT;, các PCT UBND huyện;\n- Các ban đảng,: Văn phòng;\n"
      "- Cục Kiểm tra VBQPPL. - Bộ Tư pháp;\n- Cục Quản: lý xử lý vi phạm;\n"
      "- ©, PVP UBND tỉnh;\n-7TT Tỉnh ủy, TT HĐND tỉnh;\n- TTUB; CT, các PCT;\n"
      "- Lưu: VI VX.\n"
      "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐặng Thị Hoa\n"));
  EXPECT_THAT(r.meta.recipients,
              ElementsAre("Như trên", "Bộ Nội vụ (b/c)", "Bộ Tài chính (b/c)", "Sở Tư pháp (b/c)",
                          "UBND tỉnh (b/c)", "TT Huyện ủy (b/c)", "TT HĐND tỉnh (b/c)",
                          "Giám đốc Sở (để b/c)", "CT, các PCT UBND huyện",
                          "Các ban đảng, Văn phòng", "Cục Kiểm tra VBQPPL - Bộ Tư pháp",
                          "Cục Quản lý xử lý vi phạm", "C, PVP UBND tỉnh",
                          "TT Tỉnh ủy, TT HĐND tỉnh", "TTUB: CT, các PCT", "Lưu: VT, VX"));
  for (const auto& [copy, want] : std::vector<std::pair<std::string, std::string>>{
           {"- Lưu: VTE, NV.", "Lưu: VT, NV"},
           {"- Lưu: VE CNTT.", "Lưu: VT, CNTT"},
           {"- Lưu: VT,NN.", "Lưu: VT, NN"},
           {".:= Lưu: VT, NN.", "Lưu: VT, NN"},
           {"- Lưu: VT có", "Lưu: VT"},
           // A unit of its own, and a unit written out, stay.
           {"- Lưu: VP.", "Lưu: VP"},
           {"- Lưu: văn thư.", "Lưu: văn thư"},
           {"- Lưu: VT Bộ Tài chính.", "Lưu: VT Bộ Tài chính"}}) {
    r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                               "Điều 1. Nội dung./.\nNơi nhận:\n- Như trên;\n" + copy +
                                   "\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐặng Thị Hoa\n"));
    EXPECT_THAT(r.meta.recipients, ElementsAre("Như trên", want)) << copy;
  }
  // "(b/c)" as written, and brackets that are no report mark, stay.
  r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                             "Điều 1. Nội dung./.\nNơi nhận:\n- Bộ Nội vụ (b/c);\n"
                             "- Bộ Công an (C06);\n- Lưu: VT, (VX/HT).\n"
                             "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐặng Thị Hoa\n"));
  EXPECT_THAT(r.meta.recipients,
              ElementsAre("Bộ Nội vụ (b/c)", "Bộ Công an (C06)", "Lưu: VT, (VX/HT)"));
}

TEST(MetadataExtractor, ReadsATitleWhoseVowelOcrReadTwice) {
  // Bold capitals: "ĐỐC" read "ĐOÓOC", "ĐOỌC", with a speck after it.
  for (const std::string title : {"PHO GIAM ĐOÓOC", "PHO GIAM ĐOỌC,"}) {
    auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026",
                                    "Điều 1. Nội dung./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
                                    "KT. GIÁM ĐỐC\n" +
                                        title + "\n\nThái Văn Khoa\n"));
    EXPECT_EQ(r.meta.signer_title, "Phó Giám đốc") << title;
    EXPECT_EQ(r.meta.signer, "Thái Văn Khoa") << title;
  }
}

TEST(MetadataExtractor, MarksPartyDocument) {
  auto r = ExtractMetadata(
      "ĐẢNG BỘ TỈNH THÁI NGUYÊN\nHUYỆN ỦY PHÚ BÌNH\nĐẢNG CỘNG SẢN VIỆT NAM\n"
      "Số 15-NQ/HU\nPhú Bình, ngày 3 tháng 3 năm 2026\nNGHỊ QUYẾT\n"
      "VỀ CÔNG TÁC CÁN BỘ\n");
  EXPECT_TRUE(r.meta.party_document);
  EXPECT_EQ(r.meta.number, "15-NQ/HU");
  EXPECT_EQ(r.meta.authority, "Huyện ủy Phú Bình");
  EXPECT_EQ(r.meta.authority_parent, "Đảng bộ tỉnh Thái Nguyên");
  // OCR cut the Party's name at the page's edge: its numbering from a Party body tells.
  r = ExtractMetadata(
      "TỈNH ỦY QUẢNG NGÃI ẢNG CỘNG SẢN VIỆT NA\n*\nSố 112-BC/TU\n"
      "Quảng Ngãi, ngày 18 tháng 5 năm 2012\nBÁO CÁO\nSơ kết 01 năm thực hiện Chỉ thị\n");
  EXPECT_TRUE(r.meta.party_document);
  // Neither alone: the State's numbering from a Party body, a dash from a State body.
  r = ExtractMetadata(
      "TỈNH ỦY QUẢNG NGÃI\nSố 112/BC-TU\nQuảng Ngãi, ngày 18 tháng 5 năm 2012\nBÁO CÁO\n"
      "Sơ kết 01 năm thực hiện Chỉ thị\n");
  EXPECT_FALSE(r.meta.party_document);
  r = ExtractMetadata(
      "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố 112-BC/UBND\nQuảng Ngãi, ngày 18 tháng 5 năm "
      "2012\nBÁO CÁO\nSơ kết 01 năm thực hiện Chỉ thị\n");
  EXPECT_FALSE(r.meta.party_document);
}

// --- robustness ---

TEST(MetadataExtractor, ReturnsEmptyFieldsWhenNothingIsFound) {
  for (const char* text : {"", "Xin chào.\nĐây không phải là văn bản hành chính.\n", "\n\n\n"}) {
    auto r = ExtractMetadata(text);
    EXPECT_EQ(r.meta, Metadata{}) << text;
    EXPECT_THAT(r.missing,
                UnorderedElementsAre("type", "number", "authority", "issue_date", "summary"));
  }
}

TEST(MetadataExtractor, SurvivesBinaryGarbage) {
  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 300000; ++i) {
    x = x * 1664525u + 1013904223u;
    junk.push_back(static_cast<char>(x >> 24));
  }
  auto r = ExtractMetadata(junk);
  EXPECT_EQ(r.missing.size() + 0, r.missing.size());  // reached: no crash, no throw
  // Garbage around a valid header still yields the header.
  auto r2 = ExtractMetadata(std::string("\x00\xff\xfe", 3) + Header("Hà Nội, ngày 5/3/2026") +
                            junk.substr(0, 5000));
  EXPECT_EQ(r2.meta.number, "01/2026/QĐ-UBND");
}

TEST(MetadataExtractor, HandlesVeryLongInputInBoundedTime) {
  std::string body;
  const std::string para =
      "Điều 5. Các cơ quan, đơn vị có hiệu lực thi hành ngày ngày tháng năm Số: 12/ số "
      "KT. CHỦ TỊCH Nơi nhận: - Như trên; QUYẾT ĐỊNH V/v\n";
  while (body.size() < (size_t{8} << 20)) body += para;
  std::string one_line(size_t{4} << 20, 'A');
  auto start = std::chrono::steady_clock::now();
  auto r = ExtractMetadata(Header("Hà Nội, ngày 5 tháng 3 năm 2026", body));
  auto r2 = ExtractMetadata(one_line);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.meta.number, "01/2026/QĐ-UBND");
  EXPECT_EQ(r.meta.issue_date, "2026-03-05");
  EXPECT_EQ(r2.meta.number, "");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 20);
}

TEST(MetadataExtractor, HandlesPathologicalRepetitionInBoundedTime) {
  // Inputs built to make naive readers quadratic: a header line full of dates, thousands of
  // signature titles, lists and near-copies of the summary.
  std::string dates;
  while (dates.size() < (size_t{1} << 20)) dates += "Hà Nội, ngày 1 tháng 1 năm 2020 ";
  std::string titles;
  while (titles.size() < (size_t{2} << 20)) titles += "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n";
  std::string lists;
  while (lists.size() < (size_t{2} << 20)) lists += "Nơi nhận:\n- Như trên\nKính gửi:\n";
  std::string summary_copies;
  while (summary_copies.size() < (size_t{2} << 20)) summary_copies += "về việc về việc về việc ";
  auto start = std::chrono::steady_clock::now();
  ExtractMetadata(dates);
  ExtractMetadata(Header("Hà Nội, ngày 5/3/2026", titles));
  ExtractMetadata(Header("Hà Nội, ngày 5/3/2026", lists));
  auto r = ExtractMetadata("QUYẾT ĐỊNH\nVỀ VIỆC VỀ VIỆC VỀ VIỆC VỀ VIỆC VỀ VIỆC VỀ VIỆC X\n" +
                           summary_copies);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.meta.type, "Quyết định");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 20);
}

}  // namespace
}  // namespace vanban
