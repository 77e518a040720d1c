// The Phần / Chương / Mục / Điều / Khoản / Điểm reader (ingest/src/structure.h): one rule per
// test, on texts laid out the way Poppler (pdftotext default), OCR and web renderings give them.
#include "../../ingest/src/structure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace vanban::metadata_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Anchors(std::string_view text) {
  std::vector<std::string> out;
  for (const StructureNode& n : ReadStructure(text)) out.push_back(n.anchor);
  return out;
}

const StructureNode* Find(const std::vector<StructureNode>& nodes, std::string_view anchor) {
  for (const StructureNode& n : nodes) {
    if (n.anchor == anchor) return &n;
  }
  return nullptr;
}

// The first page of a Quyết định as pdftotext prints it (header table column by column).
const std::string kHeader =
    "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
    "Số: 07/2026/QĐ-UBND\n\nThái Nguyên, ngày 5 tháng 3 năm 2026\n\n"
    "Độc lập - Tự do - Hạnh phúc\n\nQUYẾT ĐỊNH\nBan hành Quy chế phối hợp quản lý cụm công\n"
    "nghiệp trên địa bàn tỉnh Thái Nguyên\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n"
    "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 41/TTr-SCT ngày 20 tháng 02\n"
    "năm 2026.\nQUYẾT ĐỊNH:\n";

const std::string kSignature =
    "Nơi nhận:\n\n- Như Điều 3;\n- Bộ Công Thương;\n- Thường trực Tỉnh ủy;\n"
    "- Lưu: VT, KT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn An\n\n";

TEST(Structure, ReadsArticlesNumberedThroughTheText) {
  std::string text = kHeader +
                     "Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\n"
                     "Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2026.\n"
                     "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành.\n";
  auto nodes = ReadStructure(text);
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0].anchor, "dieu-1");
  EXPECT_EQ(nodes[0].kind, "dieu");
  EXPECT_EQ(nodes[0].label, "Điều 1");
  EXPECT_EQ(nodes[0].heading, "Ban hành kèm theo Quyết định này Quy chế phối hợp.");
  EXPECT_EQ(nodes[0].depth, 0);
  EXPECT_EQ(nodes[2].anchor, "dieu-3");
}

TEST(Structure, ReadsClausesAndPointsOfAnArticle) {
  std::string text =
      "Điều 4. Trách nhiệm của các sở\n1. Sở Công Thương:\na) Chủ trì tổng hợp;\n"
      "b) Hướng dẫn thực hiện;\nc) Kiểm tra;\nd) Báo cáo;\nđ) Đề xuất khen thưởng.\n"
      "2. Sở Tài chính bố trí kinh phí.\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-4", "dieu-4-khoan-1", "dieu-4-khoan-1-diem-a",
                          "dieu-4-khoan-1-diem-b", "dieu-4-khoan-1-diem-c", "dieu-4-khoan-1-diem-d",
                          "dieu-4-khoan-1-diem-dd", "dieu-4-khoan-2"));
  const StructureNode* dd = Find(nodes, "dieu-4-khoan-1-diem-dd");
  ASSERT_NE(dd, nullptr);
  EXPECT_EQ(dd->kind, "diem");
  EXPECT_EQ(dd->label, "Điểm đ");
  EXPECT_EQ(dd->heading, "Đề xuất khen thưởng.");
  EXPECT_EQ(dd->depth, 2);
  const StructureNode* k2 = Find(nodes, "dieu-4-khoan-2");
  ASSERT_NE(k2, nullptr);
  EXPECT_EQ(k2->label, "Khoản 2");
  EXPECT_EQ(k2->heading, "Sở Tài chính bố trí kinh phí.");
}

TEST(Structure, PointsDirectlyUnderAnArticle) {
  std::string text =
      "Điều 2. Đối tượng áp dụng\nQuy chế này áp dụng đối với:\na) Các sở;\n"
      "b) Ủy ban nhân dân cấp xã.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-2", "dieu-2-diem-a", "dieu-2-diem-b"));
}

TEST(Structure, ClauseTextIsCutAt120Characters) {
  std::string text =
      "Điều 1. Phạm vi\n1. Quy chế này quy định về thẩm quyền thiết lập, nội dung, trách nhiệm "
      "phối hợp trong quản lý, vận hành, cung cấp thông tin và bảo đảm an toàn thông tin của "
      "Cổng Thông tin điện tử tỉnh.\n";
  auto nodes = ReadStructure(text);
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[1].heading,
            "Quy chế này quy định về thẩm quyền thiết lập, nội dung, trách nhiệm phối hợp trong "
            "quản lý, vận hành, cung cấp thông tin");
}

TEST(Structure, ChapterTitleOnTheNextLine) {
  std::string text =
      "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nChương II\n"
      "CÁC CHẾ ĐỘ BẢO ĐẢM HOẠT ĐỘNG CỦA CỔNG\nTHÔNG TIN TỈNH\n"
      "Điều 2. Quản lý, vận hành\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("chuong-1", "dieu-1", "chuong-2", "dieu-2"));
  EXPECT_EQ(nodes[0].label, "Chương I");
  EXPECT_EQ(nodes[0].heading, "QUY ĐỊNH CHUNG");
  EXPECT_EQ(nodes[1].depth, 1);
  EXPECT_EQ(nodes[2].heading, "CÁC CHẾ ĐỘ BẢO ĐẢM HOẠT ĐỘNG CỦA CỔNG THÔNG TIN TỈNH");
}

TEST(Structure, ChapterInCapitalsWithTitleOnItsLine) {
  std::string text =
      "## CHƯƠNG I. NHỮNG QUY ĐỊNH CHUNG\n\n### Điều 1. Phạm vi điều chỉnh\n\n"
      "Luật này quy định về giao thông.\n\n## CHƯƠNG II - QUY TẮC GIAO THÔNG\n\n"
      "**Điều 2.** Quy tắc chung\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("chuong-1", "dieu-1", "chuong-2", "dieu-2"));
  EXPECT_EQ(nodes[0].heading, "NHỮNG QUY ĐỊNH CHUNG");
  EXPECT_EQ(nodes[2].label, "Chương II");
  EXPECT_EQ(nodes[2].heading, "QUY TẮC GIAO THÔNG");
  EXPECT_EQ(nodes[3].heading, "Quy tắc chung");
}

TEST(Structure, SectionsAreNestedInTheirChapterAndRestartInTheNext) {
  std::string text =
      "Chương II\nHOẠT ĐỘNG VẬN TẢI\nMục 1. VẬN TẢI HÀNH KHÁCH\nĐiều 5. Vận tải hành khách\n"
      "Mục 2. VẬN TẢI HÀNG HÓA\nĐiều 6. Vận tải hàng hóa\nChương III\nĐIỀU KHOẢN THI HÀNH\n"
      "Mục 1. HIỆU LỰC\nĐiều 7. Hiệu lực thi hành\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("chuong-2", "chuong-2-muc-1", "dieu-5", "chuong-2-muc-2",
                                         "dieu-6", "chuong-3", "chuong-3-muc-1", "dieu-7"));
  EXPECT_EQ(Find(nodes, "chuong-2-muc-1")->depth, 1);
  EXPECT_EQ(Find(nodes, "dieu-5")->depth, 2);
}

TEST(Structure, PartsWithOrdinalsContainTheirChapters) {
  std::string text =
      "PHẦN THỨ NHẤT\nNHỮNG QUY ĐỊNH CHUNG\nChương I\nPHẠM VI\nĐiều 1. Phạm vi\n"
      "Phần thứ hai\nQUY ĐỊNH CỤ THỂ\nChương II\nTÀI SẢN\nĐiều 2. Tài sản\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("phan-1", "phan-1-chuong-1", "dieu-1", "phan-2",
                                         "phan-2-chuong-2", "dieu-2"));
  EXPECT_EQ(nodes[0].label, "Phần thứ nhất");
  EXPECT_EQ(nodes[0].heading, "NHỮNG QUY ĐỊNH CHUNG");
  EXPECT_EQ(nodes[2].depth, 2);
}

TEST(Structure, WrappedArticleHeadingIsJoinedAndItsTailIsNoNode) {
  // Lines wrapped at about 80 characters, as pdftotext gives a justified A4 page.
  std::string text =
      "Điều 19. Duy trì hoạt động, bảo trì, nâng cấp, sửa chữa hệ thống thông tin\n"
      "1. Ủy ban nhân dân tỉnh giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Văn\n"
      "phòng Ủy ban nhân dân tỉnh lựa chọn phương án đầu tư xây dựng hạ tầng.\n"
      "Điều 20. Kinh phí bảo đảm hoạt động và mức chi duy trì và phát triển\n"
      "Cổng Thông tin tỉnh\n"
      "1. Kinh phí duy trì hoạt động thường xuyên của Cổng Thông tin tỉnh được cân\n"
      "đối từ ngân sách nhà nước.\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-19", "dieu-19-khoan-1", "dieu-20", "dieu-20-khoan-1"));
  EXPECT_EQ(Find(nodes, "dieu-20")->heading,
            "Kinh phí bảo đảm hoạt động và mức chi duy trì và phát triển Cổng Thông tin tỉnh");
  EXPECT_EQ(Find(nodes, "dieu-19-khoan-1")->heading,
            "Ủy ban nhân dân tỉnh giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Văn phòng "
            "Ủy ban nhân dân tỉnh lựa chọn phương");
}

TEST(Structure, ArticleWithoutTitleHasItsFirstSentenceAsHeading) {
  std::string text =
      "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 25 tháng 01 năm\n"
      "2026. Các Quyết định sau hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi\n"
      "hành:\n";
  auto nodes = ReadStructure(text);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].heading,
            "Quyết định này có hiệu lực thi hành kể từ ngày 25 tháng 01 năm 2026.");
}

TEST(Structure, ArticleHeadingVariants) {
  std::string text =
      "Điều 1 . Phạm vi\nĐiều 2: Đối tượng\nÐiều 3. Giải thích từ ngữ\n"
      "ĐIỀU 4. NGUYÊN TẮC\nĐiều5. Hiệu lực\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-2", "dieu-3", "dieu-4", "dieu-5"));
  EXPECT_EQ(nodes[0].heading, "Phạm vi");
  EXPECT_EQ(nodes[1].heading, "Đối tượng");
  EXPECT_EQ(nodes[2].label, "Điều 3");
  EXPECT_EQ(nodes[3].label, "Điều 4");
}

TEST(Structure, InsertedArticleKeepsItsLetter) {
  std::string text = "Điều 5. Một\nĐiều 5a. Hai\nĐiều 6. Ba\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-5", "dieu-5a", "dieu-6"));
}

TEST(Structure, YearAtTheStartOfAWrappedLineIsNotAClause) {
  std::string text =
      "Điều 3. Hiệu lực thi hành\n"
      "1. Quyết định này có hiệu lực kể từ ngày 01 tháng 8 năm 2024 và thay thế Quyết định năm\n"
      "2020. Các quy định trước đây trái với Quyết định này đều bãi bỏ theo quy định hiện hành.\n"
      "2. Các sở, ngành chịu trách nhiệm thi hành.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-3", "dieu-3-khoan-1", "dieu-3-khoan-2"));
}

TEST(Structure, ClauseOutOfSequenceIsNotAClause) {
  std::string text =
      "Điều 3. Hiệu lực\nQuyết định này có hiệu lực từ ngày ký.\n"
      "2. Sở Tư pháp theo dõi.\nĐiều 4. Thi hành\n1. Các sở.\n3. Các xã.\n"
      "2. Các phường.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-3", "dieu-4", "dieu-4-khoan-1", "dieu-4-khoan-2"));
}

TEST(Structure, NumberInsideAWrappedSentenceIsNotAClause) {
  // "… tại khoản" / "2. …": the line before is full and does not end a sentence.
  std::string text =
      "Điều 7. Trách nhiệm cung cấp thông tin\n"
      "1. Các sở, ban, ngành có trách nhiệm cung cấp nội dung thông tin theo quy định tại khoản\n"
      "2. Điều 4 của Quy chế này cho Cổng Thông tin điện tử tỉnh để đăng tải kịp thời.\n"
      "2. Hằng tháng, mỗi sở cung cấp ít nhất 02 tin hoạt động tiêu biểu của ngành.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-7", "dieu-7-khoan-1", "dieu-7-khoan-2"));
}

TEST(Structure, ArticleCitedAtTheStartOfAWrappedLineIsNotAnArticle) {
  std::string text =
      "Điều 4. Thông tin cung cấp trên Cổng Thông tin tỉnh\n"
      "1. Các thông tin được quy định chi tiết tại Quy chế này phải được cung cấp theo\n"
      "Điều 5. Các thông tin khác cung cấp theo yêu cầu của cơ quan quản lý nhà nước.\n"
      "Điều 5 của Quy chế này quy định về nguyên tắc.\n"
      "Điều 5. Nguyên tắc cung cấp thông tin\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-4", "dieu-4-khoan-1", "dieu-5"));
  EXPECT_EQ(Find(nodes, "dieu-5")->heading, "Nguyên tắc cung cấp thông tin");
}

TEST(Structure, QuotedAmendedTextHasNoNodes) {
  std::string text =
      "Điều 1. Sửa đổi, bổ sung một số điều của Quy chế\n"
      "1. Sửa đổi khoản 2 Điều 5 như sau:\n"
      "“2. Văn bản điện tử gửi qua Hệ thống phải được ký số, không gửi kèm bản giấy.”\n"
      "2. Bổ sung Điều 8a vào sau Điều 8 như sau:\n"
      "“Điều 8a. Công khai văn bản\n"
      "1. Văn bản thuộc diện công khai phải ghi “Cổng TTĐT tỉnh” tại mục Nơi nhận.\n"
      "a) Văn bản quy phạm pháp luật;\n"
      "b) Văn bản chỉ đạo, điều hành.\n"
      "2. Hệ thống tự động chuyển văn bản đến Cổng Thông tin điện tử tỉnh.”\n"
      "3. Sửa đổi điểm b khoản 1 Điều 12 như sau:\n"
      "\"b) Sở Khoa học và Công nghệ chủ trì bảo đảm hạ tầng kỹ thuật,\n"
      "an toàn thông tin cho Hệ thống.\"\n"
      "Điều 2. Hiệu lực thi hành\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-1-khoan-1", "dieu-1-khoan-2",
                                         "dieu-1-khoan-3", "dieu-2"));
}

TEST(Structure, LostClosingQuoteDoesNotHideTheRestOfTheText) {
  std::string text =
      "Điều 1. Sửa đổi\n1. Sửa đổi khoản 2 Điều 5 như sau:\n"
      "“2. Văn bản điện tử gửi qua Hệ thống phải được ký số.\n"
      "2. Bổ sung khoản 4 Điều 8.\nĐiều 2. Hiệu lực thi hành\n"
      "1. Quyết định có hiệu lực từ ngày ký.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-1-khoan-1", "dieu-1-khoan-2", "dieu-2",
                                         "dieu-2-khoan-1"));
}

TEST(Structure, RecipientsAndSignatureAreNotNodes) {
  std::string text = kHeader + "Điều 1. Ban hành Quy chế.\nĐiều 2. Hiệu lực từ ngày ký.\n" +
                     "Điều 3. Các sở chịu trách nhiệm thi hành Quyết định này./.\n" + kSignature +
                     "1. Ghi chú cuối văn bản.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-2", "dieu-3"));
}

// A Quyết định and the Quy chế it issues, from a new page under its own header.
std::string DecisionWithRegulation() {
  return kHeader + "Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp quản lý cụm công\n" +
         "nghiệp trên địa bàn tỉnh Thái Nguyên.\n" +
         "Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2026.\n" +
         "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh và các sở chịu trách nhiệm thi hành./.\n" +
         kSignature + "\f2\nỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n\n" +
         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n\nQUY CHẾ\n" +
         "PHỐI HỢP QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN\nTỈNH THÁI NGUYÊN\n" +
         "(Ban hành kèm theo Quyết định số 07/2026/QĐ-UBND ngày 05/3/2026 của Ủy\n" +
         "ban nhân dân tỉnh Thái Nguyên)\nChương I\nQUY ĐỊNH CHUNG\n" +
         "Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc phối hợp.\n" +
         "Điều 2. Nguyên tắc phối hợp\n1. Bảo đảm thống nhất.\n2. Bảo đảm kịp thời.\n" +
         "Chương II\nNỘI DUNG PHỐI HỢP\nĐiều 3. Phối hợp quản lý quy hoạch\n" +
         "1. Sở Công Thương chủ trì.\n2. Sở Xây dựng phối hợp:\na) Thẩm định quy hoạch;\n" +
         "b) Kiểm tra.\n";
}

TEST(Structure, AnnexedRegulationHasItsOwnPrefixedTree) {
  std::string text = DecisionWithRegulation();
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-1", "dieu-2", "dieu-3", "phu-luc-1", "phu-luc-1-chuong-1",
                          "phu-luc-1-dieu-1", "phu-luc-1-dieu-2", "phu-luc-1-dieu-2-khoan-1",
                          "phu-luc-1-dieu-2-khoan-2", "phu-luc-1-chuong-2", "phu-luc-1-dieu-3",
                          "phu-luc-1-dieu-3-khoan-1", "phu-luc-1-dieu-3-khoan-2",
                          "phu-luc-1-dieu-3-khoan-2-diem-a", "phu-luc-1-dieu-3-khoan-2-diem-b"));
  const StructureNode* annex = Find(nodes, "phu-luc-1");
  ASSERT_NE(annex, nullptr);
  EXPECT_EQ(annex->kind, "phu_luc");
  EXPECT_EQ(annex->label, "Quy chế");
  EXPECT_EQ(annex->heading, "PHỐI HỢP QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH THÁI NGUYÊN");
  EXPECT_EQ(annex->depth, 0);
  EXPECT_EQ(text.compare(annex->offset, std::string_view("QUY CHẾ\n").size(), "QUY CHẾ\n"), 0);
  EXPECT_EQ(Find(nodes, "phu-luc-1-chuong-1")->depth, 1);
  EXPECT_EQ(Find(nodes, "phu-luc-1-dieu-3-khoan-2-diem-a")->depth, 4);
}

TEST(Structure, NumberedAnnexesFollowEachOther) {
  std::string text = kHeader + "Điều 1. Phê duyệt danh mục tại Phụ lục I và Phụ lục II.\n" +
                     "Điều 2. Hiệu lực từ ngày ký./.\n" + kSignature +
                     "\fPHỤ LỤC I\nDANH MỤC CỤM CÔNG NGHIỆP\n(Kèm theo Quyết định số " +
                     "07/2026/QĐ-UBND ngày 05/3/2026)\nI. CỤM CÔNG NGHIỆP ĐÃ THÀNH LẬP\n" +
                     "1. Cụm công nghiệp Sơn Cẩm\n\fPhụ lục 02\nDANH MỤC DỰ ÁN\n" +
                     "(Kèm theo Quyết định số 07/2026/QĐ-UBND)\n1. Dự án hạ tầng\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-2", "phu-luc-1", "phu-luc-2"));
  EXPECT_EQ(Find(nodes, "phu-luc-1")->label, "Phụ lục I");
  EXPECT_EQ(Find(nodes, "phu-luc-1")->heading, "DANH MỤC CỤM CÔNG NGHIỆP");
  EXPECT_EQ(Find(nodes, "phu-luc-2")->label, "Phụ lục 02");
}

TEST(Structure, FormAnnexedToAnotherDocumentIsNotAnAnnex) {
  std::string text = kHeader + "Điều 1. Công bố thủ tục hành chính.\nĐiều 2. Hiệu lực./.\n" +
                     kSignature +
                     "THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ CÔNG THƯƠNG\n" +
                     "(Ban hành kèm theo Quyết định số 07/2026/QĐ-UBND ngày 05/3/2026)\n" +
                     "PHẦN I\nDANH MỤC THỦ TỤC HÀNH CHÍNH\n- Cấp giấy chứng nhận.\n" +
                     "PHỤ LỤC SỐ 06\nBan hành kèm theo Thông tư số 21/2007/TT-BLĐTBXH\n" +
                     "TÊN DOANH NGHIỆP\nDANH SÁCH TRÍCH NGANG NGƯỜI LAO ĐỘNG\n" +
                     "(Kèm theo văn bản số ngày tháng năm của doanh nghiệp)\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-2", "phu-luc-1", "phu-luc-1-phan-1"));
  EXPECT_EQ(Find(nodes, "phu-luc-1")->label, "Phụ lục");
}

TEST(Structure, ChapterOneAfterTheSignatureStartsAnAnnex) {
  // The "(Ban hành kèm theo …)" line was lost (OCR): the Quy chế still gets its own tree.
  std::string text = kHeader + "Điều 1. Ban hành Quy chế.\nĐiều 2. Hiệu lực./.\n" + kSignature +
                     "\fQUY CHẾ\nPHỐI HỢP QUẢN LÝ\nChương I\nQUY ĐỊNH CHUNG\n" +
                     "Điều 1. Phạm vi\nĐiều 2. Nguyên tắc\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-2", "phu-luc-1", "phu-luc-1-chuong-1",
                                         "phu-luc-1-dieu-1", "phu-luc-1-dieu-2"));
  EXPECT_EQ(Find(nodes, "phu-luc-1")->label, "Quy chế");
}

TEST(Structure, LetterAndPlanHeadingsHaveNoNodes) {
  std::string text =
      "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 25/KH-UBND\nKẾ HOẠCH\nChuyển đổi số năm 2026\n"
      "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nPhát triển chính quyền số.\n2. Yêu cầu\n"
      "a) Có sản phẩm cụ thể;\nb) Có thời hạn.\nII. NHIỆM VỤ\n1. Hoàn thiện thể chế.\n"
      "Nơi nhận:\n- Bộ Khoa học và Công nghệ;\n- Lưu: VT.\n";
  EXPECT_THAT(Anchors(text), IsEmpty());
}

TEST(Structure, OffsetsPointAtTheHeadingLines) {
  std::string text =
      "QUYẾT ĐỊNH:\r\nĐiều 1. Phạm vi\r\n1. Khoản một;\r\na) Điểm a.\r\n\f2\r\n"
      "  Điều 2. Hiệu lực\r\n";
  auto nodes = ReadStructure(text);
  ASSERT_EQ(nodes.size(), 4u);
  auto at = [&text](const StructureNode& n, std::string_view what) {
    return text.compare(n.offset, what.size(), what) == 0;
  };
  EXPECT_TRUE(at(nodes[0], "Điều 1. Phạm vi\r\n"));
  EXPECT_TRUE(at(nodes[1], "1. Khoản một;"));
  EXPECT_TRUE(at(nodes[2], "a) Điểm a."));
  EXPECT_TRUE(at(nodes[3], "  Điều 2. Hiệu lực"));
  for (const StructureNode& n : nodes) {
    EXPECT_TRUE(n.offset == 0 || text[n.offset - 1] == '\n' || text[n.offset - 1] == '\f');
  }
}

TEST(Structure, PageBreakWithRunningNumberInsideAnArticle) {
  std::string text =
      "Điều 3. Chức năng\n1. Cổng Thông tin tỉnh là kênh thông tin điện tử.\n\n"
      "\f5\n\n2. Cổng Thông tin tỉnh là công cụ giao tiếp hai chiều.\n"
      "- 6 -\n3. Tập hợp cơ sở dữ liệu dùng chung.\n";
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-3", "dieu-3-khoan-1", "dieu-3-khoan-2", "dieu-3-khoan-3"));
}

TEST(Structure, OcrDForDBecomesTheSecondLetter) {
  std::string text = "Điều 1. Nhiệm vụ\na) Một;\nb) Hai;\nc) Ba;\nd) Bốn;\nd) Năm;\ne) Sáu.\n";
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-1", "dieu-1-diem-a", "dieu-1-diem-b", "dieu-1-diem-c",
                          "dieu-1-diem-d", "dieu-1-diem-dd", "dieu-1-diem-e"));
}

TEST(Structure, OcrReadingsOfPointDd) {
  // Tesseract reads "đ)" as "ở)"; a point lost by OCR leaves a gap of one letter.
  std::string text =
      "Điều 1. Thành phần\na) Một;\nb) Hai;\nc) Ba;\nd) Bốn;\nở) Năm;\ne) Sáu;\n"
      "h) Chín.\nĐiều 2. Nhiệm vụ\nở) Không phải điểm đ.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-1-diem-a", "dieu-1-diem-b",
                                         "dieu-1-diem-c", "dieu-1-diem-d", "dieu-1-diem-dd",
                                         "dieu-1-diem-e", "dieu-1-diem-h", "dieu-2"));
}

TEST(Structure, OcrSpecksBeforeClauseNumbersAndHeadings) {
  // A speck before a number or a heading, a doubled dot; a dash before "Điều" still opens a
  // list item, not an article.
  std::string text =
      "Điều 1. Thành phần\n1.. Đồng chí A - Trưởng ban;\n-2. Đồng chí B;\n.3. Đồng chí C.\n"
      "_. Điều 2. Hiệu lực\n- Điều 5 của Luật Lưu trữ được dẫn ở đây.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-1-khoan-1", "dieu-1-khoan-2",
                                         "dieu-1-khoan-3", "dieu-2"));
}

TEST(Structure, OcrReadingsOfRomanNumerals) {
  // "l" for I; "III" read as "II" right after Chương II.
  std::string text =
      "Chương l\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nChương II\nNỘI DUNG\n"
      "Điều 2. Nội dung\nChương II\nTỔ CHỨC THỰC HIỆN\nĐiều 3. Trách nhiệm\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text),
              ElementsAre("chuong-1", "dieu-1", "chuong-2", "dieu-2", "chuong-3", "dieu-3"));
  EXPECT_EQ(nodes[0].label, "Chương I");
  EXPECT_EQ(nodes[4].label, "Chương III");
}

TEST(Structure, OcrMisreadingsOfRomanNumeralsInSequence) {
  // "IIL." and "HI" for III, glued to the word ("ChươngHI", "ChươngIV"), a dash glued before
  // the heading: taken only as the next number.
  std::string text =
      "-Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nChương II\nNỘI DUNG\nĐiều 2. Nội dung\n"
      "Chương IIL.\nTỔ CHỨC\nĐiều 3. Trách nhiệm\nChươngIV\nTHI HÀNH\nĐiều 4. Hiệu lực\n";
  auto nodes = ReadStructure(text);
  EXPECT_THAT(Anchors(text), ElementsAre("chuong-1", "dieu-1", "chuong-2", "dieu-2", "chuong-3",
                                         "dieu-3", "chuong-4", "dieu-4"));
  ASSERT_NE(Find(nodes, "chuong-3"), nullptr);
  EXPECT_EQ(Find(nodes, "chuong-3")->label, "Chương III");
  EXPECT_THAT(Anchors("Chương I\nA\nĐiều 1. B\nChương II\nC\nĐiều 2. D\nChươngHI\nE\n"
                      "Điều 3. F\n"),
              ElementsAre("chuong-1", "dieu-1", "chuong-2", "dieu-2", "chuong-3", "dieu-3"));
  // Out of sequence a misreading is no heading ("Chương HI" right after Chương I).
  EXPECT_THAT(Anchors("Chương I\nA\nĐiều 1. B\nChương HI\nC\nĐiều 2. D\n"),
              ElementsAre("chuong-1", "dieu-1", "dieu-2"));
}

TEST(Structure, OcrQuoteBeforeAnArticleIsASpeck) {
  // "“Dieu 5." and "‘Dieu8." continue the sequence and open no quotation; after "… như sau:"
  // a quoted article is amended text (QuotedAmendedTextHasNoNodes), and so is one whose
  // quotation closes below.
  std::string text =
      "QUYẾT NGHỊ:\n\"Điều 1. Phạm vi\nNghị quyết này hướng dẫn.\nĐiều 2. Đối tượng\n"
      "Cơ quan, tổ chức.\n“Dieu 3. Trách nhiệm\nCác cơ quan.\n‘Dieu4. Hiệu lực\n"
      "Có hiệu lực từ ngày ký.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-2", "dieu-3", "dieu-4"));
  text =
      "Điều 1. Sửa đổi\n1. Bổ sung Điều 3 như sau:\n“Điều 3. Trách nhiệm\nCác cơ quan.\n"
      "Điều 2. Hiệu lực\nCó hiệu lực.\n“Điều 3. Trách nhiệm mới\nCác sở thực hiện.”\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-1-khoan-1", "dieu-2"));
}

TEST(Structure, VietnameseOcrModelReadingsOfPointsAndArticles) {
  // Tesseract's "vie" model reads "c)" as "©)" or "€)" (with a speck before it), "d)" as "đ)"
  // and the dot after an article's number as a comma ("Điều 2, Ông …").
  std::string text =
      "Điều 1. Phạm vi\na) Một;\nb) Hai;\n©) Ba;\nđ) Bốn.\nĐiều 2, Ông Hoàng Văn Quân được "
      "hưởng phụ cấp.\nĐiều 3. Hiệu lực\na) Một;\nb) Hai;\n_€) Ba.\n";
  EXPECT_THAT(Anchors(text), ElementsAre("dieu-1", "dieu-1-diem-a", "dieu-1-diem-b",
                                         "dieu-1-diem-c", "dieu-1-diem-d", "dieu-2", "dieu-3",
                                         "dieu-3-diem-a", "dieu-3-diem-b", "dieu-3-diem-c"));
  // Taken only where due: "©)" after "a)", "Điều 5," out of sequence, or before another
  // reference ("Điều 2, Điều 3 của …"), are no nodes; "đ)" after "d)" is đ.
  text =
      "Điều 1. Phạm vi\na) Một;\n©) Ba;\nĐiều 5, Ông A được hưởng.\nĐiều 2, Điều 3 của Luật.\n"
      "Điều 2. Hiệu lực\na) Một;\nb) Hai;\nc) Ba;\nd) Bốn;\nđ) Năm.\n";
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-1", "dieu-1-diem-a", "dieu-2", "dieu-2-diem-a", "dieu-2-diem-b",
                          "dieu-2-diem-c", "dieu-2-diem-d", "dieu-2-diem-dd"));
}

TEST(Structure, OcrReadingsOfClauseAndPointMarks) {
  // "1, Luật …" (a comma for the dot), "1..Nghị quyết" (glued), ".a)", "'b)", "-b)".
  std::string text =
      "Điều 1. Phạm vi\n1..Nghị quyết này quy định việc thí điểm.\n2. Áp dụng với cơ quan.\n"
      "Điều 2. Hiệu lực\n1, Luật này có hiệu lực từ ngày 01 tháng 01 năm 2011.\n"
      "2. Chính phủ quy định chi tiết.\na) Các xã;\n'b) Các phường;\n-c) Các thị trấn.\n";
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-1", "dieu-1-khoan-1", "dieu-1-khoan-2", "dieu-2", "dieu-2-khoan-1",
                          "dieu-2-khoan-2", "dieu-2-khoan-2-diem-a", "dieu-2-khoan-2-diem-b",
                          "dieu-2-khoan-2-diem-c"));
  // A comma before a digit is a list of numbers wrapped onto the line, no clause.
  EXPECT_THAT(Anchors("Điều 1. Thi hành\n1, 2 và 3 của Điều này áp dụng từ năm 2026.\n"),
              ElementsAre("dieu-1"));
}

TEST(Structure, OcrLostTheShortEndOfTheLineAbove) {
  // OCR dropped "phố." below "… nhân dân thành": the next clause and point in sequence,
  // opening with a capital, still open; after a connector they do not (…tại khoản / 2. Điều
  // 4: NumberInsideAWrappedSentenceIsNotAClause).
  std::string text =
      "Điều 1. Thành lập Tổ công tác gồm các ông (bà) có tên sau đây, theo đề nghị của Công an\n"
      "1. Tổ trưởng: ông Trương Công Lãm, Phó Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng, nay\n"
      "2. Tổ phó: Đại tá Võ Minh Quý, Phó Giám đốc Công an thành phố Đà Nẵng, thành viên Tổ\n"
      "3. Các thành viên:\na) Bà Lê Thị Kim Oanh, Phó Chánh Văn phòng Ủy ban nhân dân thành\n"
      "b) Ông Huỳnh Tấn Lộc, Phó Giám đốc Sở Tư pháp.\n";
  EXPECT_THAT(Anchors(text),
              ElementsAre("dieu-1", "dieu-1-khoan-1", "dieu-1-khoan-2", "dieu-1-khoan-3",
                          "dieu-1-khoan-3-diem-a", "dieu-1-khoan-3-diem-b"));
}

TEST(Structure, HeadingsAreNfcWithSpacesCollapsed) {
  // "Phạm vi điều chỉnh" in decomposed form (NFD), with a run of spaces.
  std::string nfd = "Điều 1. Pha\xCC\xA3m   vi \xC4\x91ie\xCC\x82\xCC\x80u chi\xCC\x89nh\n";
  auto nodes = ReadStructure(nfd);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].heading, "Phạm vi điều chỉnh");
}

TEST(Structure, NeverFailsOnArbitraryBytes) {
  std::mt19937 rng(12345);
  const std::string pieces[] = {"Điều ",
                                "1. ",
                                "a) ",
                                "“",
                                "”",
                                "\"",
                                "\n",
                                "\f",
                                "Chương ",
                                "PHỤ LỤC ",
                                "(Ban hành kèm theo ",
                                "Nơi nhận:",
                                "II",
                                "\xC4",
                                "\xE2\x80",
                                "\xFF",
                                " ",
                                "5",
                                "Mục ",
                                "Phần thứ ",
                                "TM. ",
                                "\r"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      if (rng() % 4 == 0) {
        s.push_back(static_cast<char>(rng() % 256));
      } else {
        s += pieces[rng() % std::size(pieces)];
      }
    }
    for (const StructureNode& node : ReadStructure(s)) {
      ASSERT_LE(node.offset, s.size());
      ASSERT_FALSE(node.anchor.empty());
    }
  }
  EXPECT_THAT(Anchors(""), IsEmpty());
  EXPECT_THAT(Anchors(std::string(1, '\0')), IsEmpty());
}

// CPU seconds (not wall time: the machine may be busy with other tests).
double SecondsFor(const std::string& text) {
  std::clock_t start = std::clock();
  auto nodes = ReadStructure(text);
  double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  if (nodes.size() > text.size()) ADD_FAILURE() << "more nodes than bytes";
  return seconds;
}

TEST(Structure, ReadsTenMegabytesInBoundedTime) {
  // A long regulation: thousands of articles with clauses, points, quoted amendments and
  // paragraphs of running text.
  std::string paragraph;
  for (int i = 0; i < 12; ++i) {
    paragraph +=
        "Các cơ quan, đơn vị có trách nhiệm phối hợp thực hiện nhiệm vụ được giao theo\n"
        "quy định của pháp luật hiện hành và báo cáo kết quả định kỳ hằng quý, năm.\n";
  }
  std::string text;
  int article = 0;
  while (text.size() < (size_t{10} << 20)) {
    ++article;
    text += "Điều " + std::to_string(article) + ". Trách nhiệm của các cơ quan, đơn vị\n";
    text +=
        "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan có liên quan thực\n"
        "hiện nhiệm vụ được giao theo quy định của pháp luật hiện hành.\n" +
        paragraph +
        "a) Sửa đổi khoản 2 như sau:\n“2. Văn bản điện tử phải được ký số.”\n"
        "b) Báo cáo kết quả thực hiện.\n2. Các sở, ngành phối hợp thực hiện.\n";
  }
  double seconds = SecondsFor(text);
  auto nodes = ReadStructure(text);
  ASSERT_FALSE(nodes.empty());
  EXPECT_EQ(nodes.back().anchor, "dieu-" + std::to_string(article) + "-khoan-2");
  EXPECT_LT(seconds, 3.0);
}

TEST(Structure, PathologicalInputsRunInBoundedTime) {
  const size_t size = size_t{10} << 20;
  auto repeat = [size](const std::string& unit) {
    std::string s;
    s.reserve(size + unit.size());
    while (s.size() < size) s += unit;
    return s;
  };
  std::vector<std::string> inputs = {
      std::string(size, 'A'),                             // one line
      std::string(size, '\n'),                            // only line breaks
      repeat("Điều 1.\n"),                                // the same article again and again
      "Điều 1. Phạm vi\n" + repeat("1.\n"),               // the same clause
      "Điều 1. Phạm vi\n" + repeat("a)\n"),               // the same point
      repeat("“"),                                        // quotes never closed, one line
      repeat("“\n"),                                      // quotes never closed, many lines
      repeat("“Điều 1.\n”\n"),                            // short quotations
      repeat("\"\n"),                                     // ASCII quotes
      repeat("PHỤ LỤC I\n(Kèm theo Quyết định số 1)\n"),  // annexes
      repeat("Chương I\n"),                               // chapters with a title to look for
      repeat("Nơi nhận:\nChương I\n"),                    // implicit annexes
      "Điều 1. " + std::string(size, 'x') + "\n1. a",     // a heading with a huge tail
  };
  for (const std::string& in : inputs) {
    double seconds = SecondsFor(in);
    EXPECT_LT(seconds, 3.0) << in.substr(0, 20);
  }
}

}  // namespace
}  // namespace vanban::metadata_internal
