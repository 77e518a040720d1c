// The lĩnh vực classifier (ingest/src/field_classifier.h): one rule per test, on trích yếu and
// issuing bodies written for these tests (not taken from the labelled corpus).
#include "../../ingest/src/field_classifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace vanban::metadata_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The main field of a document from its type, issuing body and trích yếu.
std::string Main(std::string_view type, std::string_view authority, std::string_view summary,
                 std::string_view body = "") {
  auto fields = ClassifyFields(type, authority, summary, body);
  return fields.empty() ? "" : fields[0].field;
}

std::vector<std::string> Names(const std::vector<FieldScore>& fields) {
  std::vector<std::string> out;
  for (const FieldScore& f : fields) out.push_back(f.field);
  return out;
}

constexpr std::string_view kProvince = "Ủy ban nhân dân tỉnh Thái Nguyên";

TEST(FieldClassifier, FieldNamesAreThoseOfTheTaxonomyFile) {
  std::ifstream in(std::string(VANBAN_SOURCE_DIR) + "/ingest/data/fields.tsv");
  ASSERT_TRUE(in.good());
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    names.push_back(line.substr(0, line.find('\t')));
  }
  EXPECT_EQ(FieldNames(), names);
}

// --- one example per field

TEST(FieldClassifier, OrganisationAndStaff) {
  EXPECT_EQ(Main("Quyết định", kProvince,
                 "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Nội vụ"),
            "Bộ máy hành chính");
}

TEST(FieldClassifier, StateBudget) {
  EXPECT_EQ(Main("Quyết định", kProvince, "Về việc giao dự toán ngân sách nhà nước năm 2027"),
            "Tài chính nhà nước");
}

TEST(FieldClassifier, Taxes) {
  EXPECT_EQ(Main("Công văn", "Cục Thuế tỉnh Thái Nguyên",
                 "Triển khai gia hạn nộp thuế giá trị gia tăng cho người nộp thuế"),
            "Thuế - Phí - Lệ phí");
}

TEST(FieldClassifier, PublicInvestment) {
  EXPECT_EQ(Main("Nghị quyết", "Hội đồng nhân dân tỉnh Thái Nguyên",
                 "Về kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030"),
            "Đầu tư");
}

TEST(FieldClassifier, Construction) {
  EXPECT_EQ(Main("Quyết định", kProvince,
                 "Quy định về cấp giấy phép xây dựng và quản lý trật tự xây dựng"),
            "Xây dựng - Đô thị");
}

TEST(FieldClassifier, LandPrices) {
  EXPECT_EQ(Main("Quyết định", kProvince, "Ban hành Bảng giá đất giai đoạn 2026 - 2030"),
            "Đất đai");
}

TEST(FieldClassifier, CompensationAndClearance) {
  EXPECT_EQ(Main("Quyết định", "Ủy ban nhân dân xã Phú Lương",
                 "Phê duyệt phương án bồi thường, hỗ trợ, tái định cư và giải phóng mặt bằng "
                 "dự án đường liên xã"),
            "Đất đai");
}

TEST(FieldClassifier, Environment) {
  EXPECT_EQ(Main("Kế hoạch", kProvince,
                 "Thu gom, vận chuyển và xử lý chất thải rắn sinh hoạt trên địa bàn tỉnh"),
            "Tài nguyên - Môi trường");
}

TEST(FieldClassifier, Agriculture) {
  EXPECT_EQ(Main("Kế hoạch", kProvince, "Xây dựng nông thôn mới nâng cao năm 2026"),
            "Nông nghiệp - Nông thôn");
}

TEST(FieldClassifier, Transport) {
  EXPECT_EQ(Main("Công văn", kProvince,
                 "Bảo đảm trật tự, an toàn giao thông dịp Tết Nguyên đán Bính Ngọ"),
            "Giao thông - Vận tải");
}

TEST(FieldClassifier, Education) {
  EXPECT_EQ(Main("Kế hoạch", "Sở Giáo dục và Đào tạo",
                 "Tuyển sinh vào lớp 10 trung học phổ thông năm học 2026 - 2027"),
            "Giáo dục - Đào tạo");
}

TEST(FieldClassifier, HealthFromTheIssuingBody) {
  EXPECT_EQ(Main("Công văn", "Sở Y tế", "V/v tăng cường phòng, chống sốt xuất huyết"), "Y tế");
}

TEST(FieldClassifier, Culture) {
  EXPECT_EQ(Main("Kế hoạch", kProvince,
                 "Tổ chức Lễ hội Đền Đuổm năm 2026 gắn với bảo tồn di tích lịch sử"),
            "Văn hóa - Thể thao - Du lịch");
}

TEST(FieldClassifier, Wages) {
  EXPECT_EQ(Main("Công văn", kProvince,
                 "Triển khai mức lương tối thiểu vùng đối với người lao động làm việc theo hợp "
                 "đồng lao động"),
            "Lao động - Tiền lương");
}

TEST(FieldClassifier, SocialPolicy) {
  EXPECT_EQ(Main("Nghị quyết", "Hội đồng nhân dân tỉnh Thái Nguyên",
                 "Quy định chính sách hỗ trợ hộ nghèo, hộ cận nghèo thực hiện giảm nghèo bền "
                 "vững"),
            "Chính sách xã hội");
}

TEST(FieldClassifier, Trade) {
  EXPECT_EQ(Main("Kế hoạch", kProvince,
                 "Phòng, chống buôn lậu, gian lận thương mại và hàng giả năm 2026"),
            "Công thương");
}

TEST(FieldClassifier, Enterprises) {
  EXPECT_EQ(Main("Nghị quyết", "Hội đồng nhân dân tỉnh Thái Nguyên",
                 "Chính sách hỗ trợ doanh nghiệp nhỏ và vừa khởi nghiệp"),
            "Doanh nghiệp");
}

TEST(FieldClassifier, Science) {
  EXPECT_EQ(Main("Quyết định", kProvince,
                 "Ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh"),
            "Khoa học - Công nghệ");
}

TEST(FieldClassifier, DigitalTransformation) {
  EXPECT_EQ(Main("Kế hoạch", kProvince, "Chuyển đổi số và bảo đảm an toàn thông tin mạng năm 2026"),
            "Công nghệ thông tin - Chuyển đổi số");
}

TEST(FieldClassifier, RoyaltiesArePress) {
  EXPECT_EQ(Main("Quyết định", "Sở Văn hóa, Thể thao và Du lịch",
                 "Quy định chế độ nhuận bút, thù lao đối với tác phẩm đăng trên Trang thông tin "
                 "điện tử của Sở"),
            "Báo chí - Xuất bản");
}

TEST(FieldClassifier, Records) {
  EXPECT_EQ(Main("Quyết định", "Sở Tư pháp", "Ban hành Quy chế công tác văn thư, lưu trữ"),
            "Văn thư - Lưu trữ");
}

TEST(FieldClassifier, Justice) {
  EXPECT_EQ(Main("Kế hoạch", kProvince,
                 "Phổ biến, giáo dục pháp luật và hòa giải ở cơ sở năm "
                 "2026"),
            "Tư pháp");
}

TEST(FieldClassifier, Complaints) {
  EXPECT_EQ(Main("Kế hoạch", kProvince, "Tiếp công dân, giải quyết khiếu nại, tố cáo năm 2026"),
            "Thanh tra - Khiếu nại - Tố cáo");
}

TEST(FieldClassifier, AdministrativeSanctions) {
  EXPECT_EQ(Main("Quyết định", kProvince,
                 "Về việc giao quyền xử phạt vi phạm hành chính cho Phó Chủ tịch"),
            "Xử lý vi phạm hành chính");
}

TEST(FieldClassifier, Defence) {
  EXPECT_EQ(Main("Quyết định", kProvince, "Về việc giao chỉ tiêu gọi công dân nhập ngũ năm 2027"),
            "Quốc phòng - An ninh");
}

TEST(FieldClassifier, Awards) {
  EXPECT_EQ(Main("Quyết định", kProvince,
                 "Về việc tặng Bằng khen cho các tập thể có thành tích trong phong trào thi đua"),
            "Thi đua - Khen thưởng");
}

TEST(FieldClassifier, Banking) {
  EXPECT_EQ(Main("Công văn", "Ngân hàng Nhà nước chi nhánh tỉnh Thái Nguyên",
                 "Về việc giảm lãi suất cho vay đối với khách hàng"),
            "Tài chính - Ngân hàng");
}

TEST(FieldClassifier, Religion) {
  EXPECT_EQ(Main("Công văn", kProvince, "Tăng cường quản lý nhà nước về tín ngưỡng, tôn giáo"),
            "Dân tộc - Tôn giáo");
}

TEST(FieldClassifier, PartyCommitteeMeansPartyWork) {
  // The Party's own anniversary is Party work itself: that field alone.
  auto fields = ClassifyFields("Hướng dẫn", "Ban Tuyên giáo Tỉnh ủy",
                               "Tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam "
                               "(03/02/1930 - 03/02/2026)",
                               "");
  EXPECT_THAT(Names(fields), ElementsAre("Công tác Đảng - Đoàn thể"));
}

TEST(FieldClassifier, PartyBodyOnASubjectGivesTheSubjectThenPartyWork) {
  auto fields =
      ClassifyFields("Hướng dẫn", "Ban Tuyên giáo Tỉnh ủy",
                     "Tuyên truyền kỷ niệm Giỗ Tổ Hùng Vương - Lễ hội Đền Hùng năm 2026", "");
  EXPECT_THAT(Names(fields),
              ElementsAre("Văn hóa - Thể thao - Du lịch", "Công tác Đảng - Đoàn thể"));
  // A Party committee's steering board for a subject: the subject, then Party work.
  fields = ClassifyFields(
      "Quyết định", "Huyện ủy Đại Từ",
      "Về việc thành lập Ban Chỉ đạo thực hiện Nghị quyết của Ban Chấp hành Đảng bộ huyện về "
      "chuyển đổi số",
      "");
  EXPECT_THAT(Names(fields),
              ElementsAre("Công nghệ thông tin - Chuyển đổi số", "Công tác Đảng - Đoàn thể"));
}

// --- how the evidence is weighed

TEST(FieldClassifier, SubjectOfAPartyDocumentOutweighsTheCommittee) {
  auto fields =
      ClassifyFields("Nghị quyết", "Huyện ủy Đại Từ", "Về chuyển đổi số giai đoạn 2026 - 2030", "");
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[0].field, "Công nghệ thông tin - Chuyển đổi số");
}

TEST(FieldClassifier, SummaryWeighsMoreThanTheBody) {
  std::string body;
  for (int i = 0; i < 200; ++i) body += "Bệnh viện, trạm y tế, khám, chữa bệnh. ";
  EXPECT_EQ(Main("Kế hoạch", kProvince, "Chuyển đổi số năm 2026", body),
            "Công nghệ thông tin - Chuyển đổi số");
}

TEST(FieldClassifier, BodyDecidesWhenTheSummarySaysNothing) {
  EXPECT_EQ(Main("Công văn", kProvince, "Về việc triển khai nhiệm vụ",
                 "Đề nghị các đơn vị tổ chức tiêm chủng vắc xin, phòng, chống dịch bệnh."),
            "Y tế");
}

TEST(FieldClassifier, QualifierAfterTheSubjectWeighsLess) {
  // The subject is money for royalties; the portal only says where the works appear.
  auto fields = ClassifyFields(
      "Nghị quyết", "Hội đồng nhân dân tỉnh Thái Nguyên",
      "Quy định mức chi nhuận bút đối với tác phẩm đăng trên Cổng Thông tin điện tử tỉnh", "");
  EXPECT_THAT(Names(fields), ElementsAre("Tài chính nhà nước", "Báo chí - Xuất bản"));
}

// --- the corpus convention (docs/corpus.md "Lĩnh vực"): what the trích yếu names

TEST(FieldClassifier, TheFormOfAnActAddsNoField) {
  // A repeal or a correction is not Tư pháp: the field is that of what it acts on.
  auto fields = ClassifyFields(
      "Quyết định", kProvince,
      "Bãi bỏ một số quyết định quy phạm pháp luật do Ủy ban nhân dân tỉnh ban hành trong lĩnh "
      "vực thông tin và truyền thông",
      "");
  EXPECT_THAT(Names(fields), ElementsAre("Công nghệ thông tin - Chuyển đổi số"));
}

TEST(FieldClassifier, AnActivityDoneElectronicallyIsItsFieldThenInformationTechnology) {
  EXPECT_THAT(Names(ClassifyFields("Báo cáo", kProvince,
                                   "Tình hình triển khai hồ sơ bệnh án điện tử tại các cơ sở "
                                   "khám bệnh, chữa bệnh trên địa bàn tỉnh",
                                   "")),
              ElementsAre("Y tế", "Công nghệ thông tin - Chuyển đổi số"));
  EXPECT_THAT(Names(ClassifyFields("Công văn", "Ủy ban nhân dân huyện Phú Lương",
                                   "Thực hiện gửi, nhận văn bản điện tử trên phần mềm Quản lý văn "
                                   "bản và điều hành",
                                   "")),
              ElementsAre("Văn thư - Lưu trữ", "Công nghệ thông tin - Chuyển đổi số"));
  // Training in IT for teaching is training first, though IT weighs more in the words.
  EXPECT_THAT(Names(ClassifyFields("Quyết định", "Ủy ban nhân dân huyện Đồng Hỷ",
                                   "Về việc cử giáo viên tham gia lớp bồi dưỡng ứng dụng công nghệ "
                                   "thông tin và chuyển đổi số trong dạy học năm 2026",
                                   "")),
              ElementsAre("Giáo dục - Đào tạo", "Công nghệ thông tin - Chuyển đổi số"));
  // The administrative procedures of a public service portal.
  EXPECT_THAT(
      Names(ClassifyFields("Thông báo", "Văn phòng Chính phủ",
                           "Kết luận tại cuộc họp về tình hình triển khai Cổng Dịch vụ công "
                           "quốc gia và giải quyết thủ tục hành chính",
                           "")),
      ElementsAre("Bộ máy hành chính", "Công nghệ thông tin - Chuyển đổi số"));
}

TEST(FieldClassifier, InformationTechnologyItselfIsOneField) {
  // Email is not records management; "in state bodies" says where, not what.
  EXPECT_THAT(Names(ClassifyFields("Quyết định", kProvince,
                                   "Về việc ban hành Quy chế quản lý, sử dụng hệ thống thư điện "
                                   "tử tỉnh Thái Nguyên",
                                   "")),
              ElementsAre("Công nghệ thông tin - Chuyển đổi số"));
  EXPECT_THAT(Names(ClassifyFields("Chỉ thị", kProvince,
                                   "Về việc tăng cường ứng dụng công nghệ thông tin trong hoạt "
                                   "động của các cơ quan nhà nước trên địa bàn tỉnh",
                                   "")),
              ElementsAre("Công nghệ thông tin - Chuyển đổi số"));
}

TEST(FieldClassifier, MoneyForAFieldsWorkIsStateFinanceThenThatField) {
  // The staff it is paid to are who, not what: no Bộ máy hành chính.
  EXPECT_THAT(Names(ClassifyFields("Nghị quyết", "Hội đồng nhân dân tỉnh Quảng Ninh",
                                   "Về việc quy định chế độ hỗ trợ đối với cán bộ, công chức, viên "
                                   "chức chuyên trách công nghệ thông tin trong các cơ quan nhà "
                                   "nước tỉnh",
                                   "")),
              ElementsAre("Tài chính nhà nước", "Công nghệ thông tin - Chuyển đổi số"));
  EXPECT_THAT(Names(ClassifyFields("Tờ trình", kProvince,
                                   "Về việc đề nghị hỗ trợ kinh phí khắc phục hậu quả đợt mưa lũ "
                                   "cuối tháng 7 năm 2026",
                                   "")),
              ElementsAre("Tài chính nhà nước", "Tài nguyên - Môi trường"));
}

TEST(FieldClassifier, SettingUpABodyIsItsWorkThenTheOrganising) {
  EXPECT_THAT(Names(ClassifyFields("Quyết định", "Ủy ban nhân dân huyện Sơn Dương",
                                   "Về việc thành lập Ban Chỉ đạo Cuộc vận động “Toàn dân đoàn kết "
                                   "xây dựng đời sống văn hóa ở khu dân cư” huyện",
                                   "")),
              ElementsAre("Văn hóa - Thể thao - Du lịch", "Bộ máy hành chính"));
  EXPECT_THAT(Names(ClassifyFields("Thông báo", "Ủy ban nhân dân huyện Định Hóa",
                                   "Tuyển dụng viên chức sự nghiệp giáo dục năm 2026", "")),
              ElementsAre("Giáo dục - Đào tạo", "Bộ máy hành chính"));
  EXPECT_THAT(Names(ClassifyFields("Thông tư liên tịch", "Bộ Thông tin và Truyền thông",
                                   "Hướng dẫn chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức "
                                   "của Sở Thông tin và Truyền thông",
                                   "")),
              ElementsAre("Công nghệ thông tin - Chuyển đổi số", "Bộ máy hành chính"));
  // A team formed to inspect is an inspection.
  EXPECT_THAT(Names(ClassifyFields("Quyết định", "Sở Thông tin và Truyền thông",
                                   "Về việc thành lập Đoàn kiểm tra việc chấp hành quy định về "
                                   "quản lý đại lý Internet trên địa bàn thành phố",
                                   "")),
              ElementsAre("Công nghệ thông tin - Chuyển đổi số", "Thanh tra - Khiếu nại - Tố cáo"));
  // Appointing officials is the organising itself.
  EXPECT_THAT(Names(ClassifyFields("Quyết định", kProvince, "Về việc bổ nhiệm cán bộ", "")),
              ElementsAre("Bộ máy hành chính"));
}

TEST(FieldClassifier, AReportingRegimeComesAfterTheSubjectReported) {
  EXPECT_THAT(
      Names(ClassifyFields("Quyết định", "Thủ tướng Chính phủ",
                           "Quy định chế độ báo cáo định kỳ về tình hình ứng dụng công nghệ "
                           "thông tin trong hoạt động của cơ quan nhà nước",
                           "")),
      ElementsAre("Công nghệ thông tin - Chuyển đổi số", "Bộ máy hành chính"));
  EXPECT_THAT(Names(ClassifyFields("Quyết định", "Thủ tướng Chính phủ",
                                   "Ban hành Quy chế phối hợp trong quản lý, vận hành Hệ thống "
                                   "thông tin báo cáo quốc gia",
                                   "")),
              ElementsAre("Bộ máy hành chính", "Công nghệ thông tin - Chuyển đổi số"));
}

TEST(FieldClassifier, FoldedWordsAreNotMistakenForOthers) {
  // "Quy chế" is not "chè" (tea), "danh mục thủ tục" not "mức thu", "tài liệu" not "tại".
  EXPECT_THAT(
      Names(ClassifyFields("Quyết định", kProvince,
                           "Về việc ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh", "")),
      ElementsAre("Bộ máy hành chính"));
  EXPECT_THAT(Names(ClassifyFields("Quyết định", kProvince,
                                   "Về việc phê duyệt Danh mục thủ tục hành chính được tiếp nhận "
                                   "tại Bộ phận Một cửa",
                                   "")),
              ElementsAre("Bộ máy hành chính"));
  EXPECT_THAT(
      Names(ClassifyFields("Kế hoạch", "Bộ Nội vụ",
                           "Số hóa tài liệu lưu trữ của Bộ Nội vụ giai đoạn 2026 - 2030", "")),
      ElementsAre("Văn thư - Lưu trữ", "Công nghệ thông tin - Chuyển đổi số"));
}

TEST(FieldClassifier, SecondFieldWhenTheTextClearlyBelongsThereToo) {
  // Digital transformation in health care is health care done electronically: Y tế first.
  auto fields = ClassifyFields("Kế hoạch", kProvince,
                               "Chuyển đổi số trong khám bệnh, chữa bệnh tại bệnh viện", "");
  EXPECT_THAT(Names(fields), ElementsAre("Y tế", "Công nghệ thông tin - Chuyển đổi số"));
  EXPECT_LE(fields[1].confidence, fields[0].confidence);
}

TEST(FieldClassifier, NoSecondFieldForAPassingMention) {
  auto fields = ClassifyFields("Kế hoạch", kProvince, "Chuyển đổi số năm 2026",
                               "Kinh phí thực hiện từ nguồn ngân sách.");
  EXPECT_THAT(Names(fields), ElementsAre("Công nghệ thông tin - Chuyển đổi số"));
}

TEST(FieldClassifier, AtMostThreeFields) {
  auto fields = ClassifyFields(
      "Kế hoạch", kProvince,
      "Chuyển đổi số trong y tế, giáo dục, giao thông, du lịch và nông nghiệp năm 2026", "");
  EXPECT_LE(fields.size(), 3u);
  EXPECT_GE(fields.size(), 1u);
}

TEST(FieldClassifier, LongestTermWins) {
  // "bảo hiểm y tế" is health, not the "bảo hiểm" of banking; "môi trường mạng" is not the
  // environment.
  EXPECT_EQ(Main("Công văn", kProvince, "Thực hiện chính sách bảo hiểm y tế"), "Y tế");
  EXPECT_EQ(Main("Công văn", kProvince, "Cung cấp thông tin trên môi trường mạng"),
            "Công nghệ thông tin - Chuyển đổi số");
}

TEST(FieldClassifier, MatchesWithoutDiacriticsAndInCapitals) {
  EXPECT_EQ(Main("", "", "KE HOACH CHUYEN DOI SO NAM 2026"), "Công nghệ thông tin - Chuyển đổi số");
  EXPECT_EQ(Main("", "", "VỀ VIỆC BAN HÀNH BẢNG GIÁ ĐẤT"), "Đất đai");
}

TEST(FieldClassifier, MatchesWholeWordsOnly) {
  // "tiêm chủngx" is no "tiêm chủng"; "đạt" (achieve) is not "đất" (land).
  EXPECT_THAT(ClassifyFields("", "", "tiêm chủngx xtiêm chủng", ""), IsEmpty());
  EXPECT_THAT(ClassifyFields("", "", "đạt kết quả tốt", ""), IsEmpty());
}

TEST(FieldClassifier, NothingAtAllGivesNoField) {
  EXPECT_THAT(ClassifyFields("", "", "", ""), IsEmpty());
  EXPECT_THAT(ClassifyFields("Quyết định", kProvince, "Về việc triển khai nhiệm vụ năm 2026", ""),
              IsEmpty());
}

TEST(FieldClassifier, IssuingBodyAloneGivesItsFieldWithLowConfidence) {
  auto fields = ClassifyFields("Công văn", "Sở Y tế", "Về việc triển khai nhiệm vụ năm 2026", "");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].field, "Y tế");
  EXPECT_LE(fields[0].confidence, 0.3);
  EXPECT_THAT(fields[0].evidence, HasSubstr("Sở Y tế"));
}

TEST(FieldClassifier, ConfidenceGrowsWithEvidenceAndMargin) {
  auto weak = ClassifyFields("Công văn", kProvince, "Về việc ứng dụng phần mềm", "");
  auto strong = ClassifyFields(
      "Kế hoạch", kProvince,
      "Chuyển đổi số, phát triển chính quyền số và bảo đảm an toàn thông "
      "tin mạng",
      "Ứng dụng công nghệ thông tin, cơ sở dữ liệu, dịch vụ công trực tuyến, chữ ký số.");
  ASSERT_FALSE(weak.empty());
  ASSERT_FALSE(strong.empty());
  EXPECT_LT(weak[0].confidence, strong[0].confidence);
  EXPECT_GT(strong[0].confidence, 0.6);
  EXPECT_LE(strong[0].confidence, 0.99);
}

TEST(FieldClassifier, EvidenceNamesTheDecidingTerms) {
  auto fields = ClassifyFields("Quyết định", "Sở Tài chính",
                               "Về việc giao dự toán ngân sách nhà nước năm 2027", "");
  ASSERT_FALSE(fields.empty());
  EXPECT_THAT(fields[0].evidence, HasSubstr("dự toán ngân sách"));
  EXPECT_THAT(fields[0].evidence, HasSubstr("Sở Tài chính"));
}

TEST(FieldClassifier, HugeBodyInBoundedTime) {
  std::string body;
  while (body.size() < (size_t{10} << 20)) body += "chuyển đổi số an toàn thông tin ngân sách ";
  std::string junk(size_t{10} << 20, '\xC3');
  std::clock_t start = std::clock();  // CPU time: the machine may be busy with other tests
  auto fields = ClassifyFields("Kế hoạch", kProvince, "Về việc triển khai", body);
  auto none = ClassifyFields(junk, junk, junk.substr(0, 4096), junk);
  double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[0].field, "Công nghệ thông tin - Chuyển đổi số");
  EXPECT_LE(none.size(), 3u);
  EXPECT_LT(seconds, 3.0);
}

}  // namespace
}  // namespace vanban::metadata_internal
