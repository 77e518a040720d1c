// The reader of legal references (ingest/src/legal_refs.h): bases from the Căn cứ lines,
// relations from the trích yếu and the body (docs/corpus.md, "References"). One rule per test;
// each asserts the exact fields of the items it reads.
#include "../../ingest/src/legal_refs.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace vanban::metadata_internal {
namespace {

RefContext ThaiNguyen() {
  RefContext c;
  c.own_type = "Quyết định";
  c.own_number = "01/2026/QĐ-UBND";
  c.authority = "Ủy ban nhân dân tỉnh Thái Nguyên";
  c.place = "Thái Nguyên";
  return c;
}

// A decision of Thái Nguyên with `body` after its header (the header is skipped).
std::string Decision(const std::string& body) {
  return "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
         "Độc lập - Tự do - Hạnh phúc\nSố: 01/2026/QĐ-UBND\n"
         "Thái Nguyên, ngày 12 tháng 01 năm 2026\nQUYẾT ĐỊNH\n"
         "Ban hành Quy chế quản lý Cổng Thông tin điện tử tỉnh\n" +
         body;
}

struct Item {
  std::string kind, number, title, date, authority;
  bool operator==(const Item&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Item& i) {
  return os << "{" << i.kind << " | " << i.number << " | " << i.title << " | " << i.date << " | "
            << i.authority << "}";
}

std::vector<Item> Items(const std::vector<LegalRef>& refs) {
  std::vector<Item> out;
  for (const LegalRef& r : refs) out.push_back({r.kind, r.number, r.title, r.date, r.authority});
  return out;
}

std::vector<Item> Bases(const std::string& text, const RefContext& c = ThaiNguyen()) {
  return Items(ReadReferences(text, c).bases);
}

std::vector<Item> Relations(const std::string& text, const RefContext& c = ThaiNguyen()) {
  return Items(ReadReferences(text, c).relations);
}

// --- bases -----------------------------------------------------------------------------------

TEST(LegalRefs, ReadsBaseByNumberWithDateAndAuthority) {
  EXPECT_EQ(Bases(Decision("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính "
                           "phủ về công tác văn thư;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành.\n")),
            (std::vector<Item>{{"Nghị định", "30/2020/NĐ-CP", "", "2020-03-05", "Chính phủ"}}));
}

TEST(LegalRefs, ReadsTwoBasesByTitleOnOneLine) {
  EXPECT_EQ(
      Bases(Decision("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật "
                     "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
                     "chính quyền địa phương ngày 22 tháng 11 năm 2019;\nQUYẾT ĐỊNH:\n")),
      (std::vector<Item>{
          {"Luật", "", "Luật Tổ chức chính quyền địa phương", "2015-06-19", ""},
          {"Luật", "",
           "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
           "quyền địa phương",
           "2019-11-22", ""}}));
}

TEST(LegalRefs, ReadsMinisterAsMinistryAndNumericDate) {
  EXPECT_EQ(Bases(Decision("Căn cứ Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ trưởng Bộ Nội "
                           "vụ hướng dẫn thể thức và kỹ thuật trình bày văn bản hành chính;\n")),
            (std::vector<Item>{{"Thông tư", "01/2011/TT-BNV", "", "2011-01-19", "Bộ Nội vụ"}}));
}

TEST(LegalRefs, ResolvesTheProvincesOwnBodiesFromContext) {
  EXPECT_EQ(
      Bases(Decision("Căn cứ Nghị quyết số 12/2025/NQ-HĐND ngày 10 tháng 7 năm 2025 của Hội đồng "
                     "nhân dân tỉnh về mức chi;\nCăn cứ Quyết định số 20/2021/QĐ-UBND ngày 12 "
                     "tháng 4 năm 2021 của UBND tỉnh ban hành Quy chế;\n")),
      (std::vector<Item>{
          {"Nghị quyết", "12/2025/NQ-HĐND", "", "2025-07-10", "Hội đồng nhân dân tỉnh Thái Nguyên"},
          {"Quyết định", "20/2021/QĐ-UBND", "", "2021-04-12",
           "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
}

TEST(LegalRefs, ReadsConstitutionWithItsYearAndTheResolutionAmendingIt) {
  RefContext c;
  c.own_type = "Luật";
  c.authority = "Quốc hội";
  EXPECT_EQ(
      Bases("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992 đã được sửa "
            "đổi, bổ sung một số điều theo Nghị quyết số 51/2001/QH10;\n"
            "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Giao dịch điện "
            "tử.\n",
            c),
      (std::vector<Item>{
          {"Hiến pháp", "", "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992", "", ""},
          {"Nghị quyết", "51/2001/QH10", "", "", ""}}));
}

TEST(LegalRefs, ReadsCodeAndOldAbbreviatedLawByTitle) {
  EXPECT_EQ(Bases(Decision("Căn cứ Bộ luật Lao động ngày 20 tháng 11 năm 2019;\n"
                           "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;\n")),
            (std::vector<Item>{{"Bộ luật", "", "Bộ luật Lao động", "2019-11-20", ""},
                               {"Luật", "", "Luật Tổ chức HĐND và UBND", "2003-11-26", ""}}));
}

TEST(LegalRefs, LawNamedWithItsNumberIsCitedByNumber) {
  EXPECT_EQ(Bases(Decision("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n"
                           "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;\n")),
            (std::vector<Item>{{"Luật", "72/2025/QH15", "", "", ""},
                               {"Luật", "10/2022/QH15", "", "", ""}}));
}

TEST(LegalRefs, ReadsCitationWrappedAnywhere) {
  EXPECT_EQ(Bases(Decision("Căn cứ Nghị định số 30/2020/\nNĐ-CP ngày 05 tháng\n3 năm 2020 của "
                           "Chính\nphủ về công tác văn thư;\nCăn cứ Thông tư số 22/2023/TT-\n"
                           "BTTTT ngày 31/12/2023 của Bộ\nThông tin và Truyền thông;\n")),
            (std::vector<Item>{{"Nghị định", "30/2020/NĐ-CP", "", "2020-03-05", "Chính phủ"},
                               {"Thông tư", "22/2023/TT-BTTTT", "", "2023-12-31",
                                "Bộ Thông tin và Truyền thông"}}));
}

TEST(LegalRefs, PageNumberInsideACitationIsSkipped) {
  EXPECT_EQ(Bases(Decision("Căn cứ Nghị định số 30/2020/NĐ-\f2\nCP ngày 05 tháng 3 năm 2020 của "
                           "Chính phủ;\n")),
            (std::vector<Item>{{"Nghị định", "30/2020/NĐ-CP", "", "2020-03-05", "Chính phủ"}}));
}

TEST(LegalRefs, NumbersListedAfterOneTypeInheritIt) {
  EXPECT_EQ(Bases(Decision("Căn cứ các Nghị định của Chính phủ số: 43/2014/NĐ-CP ngày 15/5/2014 "
                           "quy định chi tiết thi hành một số điều của Luật Đất đai; 01/2017/NĐ-CP "
                           "ngày 06/01/2017 sửa đổi, bổ sung một số nghị định;\n")),
            (std::vector<Item>{{"Nghị định", "43/2014/NĐ-CP", "", "2014-05-15", "Chính phủ"},
                               {"Nghị định", "01/2017/NĐ-CP", "", "2017-01-06", "Chính phủ"}}));
}

TEST(LegalRefs, RepairsOcrDamagedNumbers) {
  References r = ReadReferences(
      Decision("Căn cứ Quyết định số 05 /QD-UBND ngày 5/3/2019 của UBND tỉnh;\n"
               "Căn cứ Nghị định số 148/2020 NĐ-CP ngày 18/12/2020 của Chính phủ;\n"
               "Căn cứ Thông tư số 12/2019/TT–BTTTT ngày 05/8/2019 của Bộ Thông tin và Truyền "
               "thông;\nCăn cứ Quyết định số 7/2018/QÐ-UBND ngày 2/2/2018 của UBND tỉnh;\n"),
      ThaiNguyen());
  EXPECT_EQ(
      Items(r.bases),
      (std::vector<Item>{
          {"Quyết định", "05/QĐ-UBND", "", "2019-03-05", "Ủy ban nhân dân tỉnh Thái Nguyên"},
          {"Nghị định", "148/2020/NĐ-CP", "", "2020-12-18", "Chính phủ"},
          {"Thông tư", "12/2019/TT-BTTTT", "", "2019-08-05", "Bộ Thông tin và Truyền thông"},
          {"Quyết định", "7/2018/QĐ-UBND", "", "2018-02-02", "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
  ASSERT_EQ(r.bases.size(), 4u);
  EXPECT_LT(r.bases[0].confidence, 1.0);  // QD -> QĐ
  EXPECT_LT(r.bases[1].confidence, 1.0);  // the "/" before NĐ-CP
  EXPECT_EQ(r.bases[2].confidence, 1.0);  // an en dash is a quirk, not damage
  EXPECT_LT(r.bases[3].confidence, 1.0);  // eth for Đ
}

TEST(LegalRefs, ReadsPartyBasesAndCitesWhatIsImplemented) {
  RefContext c;
  c.own_type = "Quyết định";
  c.own_number = "1250-QĐ/TU";
  c.authority = "Tỉnh ủy Nghệ An";
  c.authority_parent = "Đảng bộ tỉnh Nghệ An";
  References r = ReadReferences(
      "ĐẢNG BỘ TỈNH NGHỆ AN\nTỈNH ỦY\nSố 1250-QĐ/TU\nQUYẾT ĐỊNH\nvề việc thành lập Ban Chỉ đạo\n"
      "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n"
      "Căn cứ Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành "
      "Điều lệ Đảng;\n"
      "Thực hiện Nghị quyết số 09-NQ/TU ngày 22/12/2021 của Ban Chấp hành Đảng bộ tỉnh về "
      "chuyển đổi số,\nBAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:\nĐiều 1. Thành lập Ban Chỉ đạo.\n",
      c);
  EXPECT_EQ(
      Items(r.bases),
      (std::vector<Item>{{"Điều lệ", "", "Điều lệ Đảng Cộng sản Việt Nam", "", ""},
                         {"Quy định", "24-QĐ/TW", "", "2021-07-30", "Ban Chấp hành Trung ương"}}));
  EXPECT_EQ(Items(r.relations), (std::vector<Item>{{"cites", "09-NQ/TU", "", "2021-12-22",
                                                    "Ban Chấp hành Đảng bộ tỉnh Nghệ An"}}));
}

TEST(LegalRefs, ToleratesOcrSpecksAndAMisreadMonthWord) {
  EXPECT_EQ(Bases(Decision("Căn cứ Nghị định số-48/2008/NĐ-CP: ngày .24 thang 01 nam 2008 của:\n"
                           "Chính phủ quy định;\n. Căn cứ Kế hoạch số 147/KH-UBND ngày 15 đàng 8 "
                           "năm 2025 của Uy ban:\nnhân dân tỉnh Thái Nguyên về chuyển đổi số;\n"
                           "Căn cứ Nghị định số 154/2020/NĐ-CP ngày 31 tháng. 12 năm 2020 của "
                           "Chính `\nphủ;\n")),
            (std::vector<Item>{
                {"Nghị định", "48/2008/NĐ-CP", "", "2008-01-24", "Chính phủ"},
                {"Kế hoạch", "147/KH-UBND", "", "2025-08-15", "Ủy ban nhân dân tỉnh Thái Nguyên"},
                {"Nghị định", "154/2020/NĐ-CP", "", "2020-12-31", "Chính phủ"}}));
}

TEST(LegalRefs, LawNamesKeepTheirOwnWords) {
  EXPECT_EQ(Bases(Decision("Căn cứ Luật Đa dạng sinh học ngày 13 tháng 11 năm 2008;\n"
                           "Căn cứ Luật Phòng, chống tác hại của rượu, bia số 44/2019/QH14;\n"
                           "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa "
                           "đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 "
                           "năm 2005; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen "
                           "thưởng ngày 16 tháng 11 năm 2013;\n")),
            (std::vector<Item>{
                {"Luật", "", "Luật Đa dạng sinh học", "2008-11-13", ""},
                {"Luật", "44/2019/QH14", "", "", ""},
                {"Luật", "", "Luật Thi đua, Khen thưởng", "2003-11-26", ""},
                {"Luật", "", "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng",
                 "2005-06-14", ""},
                {"Luật", "", "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng",
                 "2013-11-16", ""}}));
}

TEST(LegalRefs, ProposalsAreNeitherBasesNorCites) {
  References r = ReadReferences(
      Decision("Căn cứ Luật Báo chí số 103/2016/QH13;\nTheo đề nghị của Giám đốc Sở Thông tin "
               "và Truyền thông tại Tờ trình số 96/TTr-STTTT ngày 28 tháng 6 năm 2024.\n"
               "Xét Tờ trình số 423/TTr-UBND ngày 21 tháng 11 năm 2025 của Ủy ban nhân dân "
               "tỉnh;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế quản lý.\n"),
      ThaiNguyen());
  EXPECT_EQ(Items(r.bases), (std::vector<Item>{{"Luật", "103/2016/QH13", "", "", ""}}));
  for (const LegalRef& rel : r.relations) EXPECT_NE(rel.kind, "cites") << rel.number;
}

TEST(LegalRefs, SkipsTheHeaderOwnNumberAndAnnexCaption) {
  RefContext c = ThaiNguyen();
  c.summary = "Ban hành Quy chế quản lý Cổng Thông tin điện tử tỉnh";
  EXPECT_EQ(
      Relations(Decision("Căn cứ Luật Báo chí số 103/2016/QH13;\nQUYẾT ĐỊNH:\n"
                         "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý Cổng Thông tin "
                         "điện tử tỉnh Thái Nguyên.\nTM. ỦY BAN NHÂN DÂN\nQUY CHẾ\n"
                         "(Ban hành kèm theo Quyết định số 01/2026/QĐ-UBND ngày 12/01/2026 của "
                         "Ủy ban nhân dân tỉnh Thái Nguyên)\nĐiều 1. Phạm vi\n"),
                c),
      (std::vector<Item>{{"issues_annex", "",
                          "Quy chế quản lý Cổng Thông tin điện tử tỉnh Thái Nguyên", "", ""}}));
}

// --- relations -------------------------------------------------------------------------------

TEST(LegalRefs, ReadsReplacesInTheEffectClause) {
  EXPECT_EQ(Relations(Decision("Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký và "
                               "thay thế Quyết định số 12/2020/QĐ-UBND ngày 3 tháng 4 năm 2020 "
                               "của UBND tỉnh.\n")),
            (std::vector<Item>{{"replaces", "12/2020/QĐ-UBND", "", "2020-04-03",
                                "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
}

TEST(LegalRefs, EveryTargetOfOneClauseIsARelation) {
  EXPECT_EQ(
      Relations(Decision("Điều 2. Bãi bỏ Quyết định số 40/2012/QĐ-UBND ngày 06 tháng 11 "
                         "năm 2012 của Ủy ban nhân dân tỉnh về cổng thông tin; Quyết định "
                         "số 11/2013/QĐ-UBND ngày 16/8/2013 của Ủy ban nhân dân tỉnh.\n")),
      (std::vector<Item>{
          {"repeals", "40/2012/QĐ-UBND", "", "2012-11-06", "Ủy ban nhân dân tỉnh Thái Nguyên"},
          {"repeals", "11/2013/QĐ-UBND", "", "2013-08-16", "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
}

TEST(LegalRefs, RepealOfPartOfAnAnnexedTextTargetsTheDecision) {
  EXPECT_EQ(Relations(Decision("Điều 2. Bãi bỏ khoản 3 Điều 10 của Quy chế quản lý, vận hành Hệ "
                               "thống quản lý văn bản và điều hành tỉnh Thái Nguyên ban hành kèm "
                               "theo Quyết định số 20/2021/QĐ-UBND ngày 12 tháng 4 năm 2021 của "
                               "Ủy ban nhân dân tỉnh Thái Nguyên.\n")),
            (std::vector<Item>{{"repeals", "20/2021/QĐ-UBND", "", "2021-04-12",
                                "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
}

TEST(LegalRefs, AmendmentOfTwoDecisionsGivesTwoRelations) {
  EXPECT_EQ(
      Relations(Decision("Điều 1. Sửa đổi, bổ sung một số điều của Quy định về thi đua "
                         "ban hành kèm theo Quyết định số 05/2019/QĐ-UBND ngày 5/3/2019 và "
                         "Quyết định số 11/2021/QĐ-UBND ngày 9/6/2021 của Ủy ban nhân dân "
                         "tỉnh như sau:\n")),
      (std::vector<Item>{
          {"amends", "05/2019/QĐ-UBND", "", "2019-03-05", "Ủy ban nhân dân tỉnh Thái Nguyên"},
          {"amends", "11/2021/QĐ-UBND", "", "2021-06-09", "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
}

TEST(LegalRefs, ExpiryOfAnotherDocumentIsARepeal) {
  EXPECT_EQ(Relations(Decision("Điều 3. Quyết định số 27/2015/QĐ-UBND ngày 15/9/2015 của Ủy ban "
                               "nhân dân tỉnh hết hiệu lực kể từ ngày Quyết định này có hiệu lực "
                               "thi hành.\n")),
            (std::vector<Item>{{"repeals", "27/2015/QĐ-UBND", "", "2015-09-15",
                                "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
}

TEST(LegalRefs, ListAfterTheTriggerGivesOneRelationPerItem) {
  EXPECT_EQ(
      Relations(Decision("Điều 2. Quyết định này có hiệu lực kể từ ngày 25/01/2026. Các Quyết "
                         "định sau hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành:\n"
                         "Quyết định số 40/2012/QĐ-UBND ngày 06 tháng 11 năm 2012 của Ủy ban nhân "
                         "dân tỉnh Thái Nguyên ban hành Quy chế.\nQuyết định số 11/2024/QĐ-UBND "
                         "ngày 16 tháng 8 năm 2024 của Ủy ban nhân dân tỉnh Bắc Kạn.\n"
                         "Điều 3. Bãi bỏ toàn bộ các Quyết định sau\n1. Quyết định số "
                         "19/2016/QĐ-UBND ngày 28/6/2016.\n2. Quyết định số 33/2017/QĐ-UBND ngày "
                         "14/11/2017.\n")),
      (std::vector<Item>{
          {"repeals", "40/2012/QĐ-UBND", "", "2012-11-06", "Ủy ban nhân dân tỉnh Thái Nguyên"},
          {"repeals", "11/2024/QĐ-UBND", "", "2024-08-16", "Ủy ban nhân dân tỉnh Bắc Kạn"},
          {"repeals", "19/2016/QĐ-UBND", "", "2016-06-28", ""},
          {"repeals", "33/2017/QĐ-UBND", "", "2017-11-14", ""}}));
}

TEST(LegalRefs, OwnTypeHereGuidesTheNamedDocument) {
  RefContext c;
  c.own_type = "Thông tư";
  c.own_number = "25/2011/TT-BTTTT";
  c.authority = "Bộ Thông tin và Truyền thông";
  EXPECT_EQ(Relations("Điều 1. Phạm vi điều chỉnh\nThông tư này hướng dẫn thực hiện Nghị định số "
                      "43/2011/NĐ-CP ngày 13 tháng 6 năm 2011 của Chính phủ.\n",
                      c),
            (std::vector<Item>{{"guides", "43/2011/NĐ-CP", "", "2011-06-13", "Chính phủ"}}));
}

TEST(LegalRefs, DetailsOfALawNamedByTitleAndByNumberIsOneRelation) {
  RefContext c;
  c.own_type = "Nghị định";
  c.own_number = "131/2025/NĐ-CP";
  c.authority = "Chính phủ";
  c.summary = "Quy định chi tiết một số điều của Luật Lưu trữ về lưu trữ tài liệu điện tử";
  EXPECT_EQ(Relations("Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;\nChính phủ ban hành Nghị "
                      "định quy định chi tiết một số điều của Luật Lưu trữ.\nĐiều 1. Phạm vi\n"
                      "Nghị định này quy định chi tiết khoản 4 Điều 35, khoản 3 Điều 41 và khoản "
                      "5 Điều 52 của Luật Lưu trữ số 33/2024/QH15 về lưu trữ điện tử.\n",
                      c),
            (std::vector<Item>{{"details", "33/2024/QH15", "", "", ""}}));
}

TEST(LegalRefs, ReadsCorrection) {
  RefContext c;
  c.own_type = "Quyết định";
  c.own_number = "2315/QĐ-BTC";
  c.authority = "Bộ Tài chính";
  EXPECT_EQ(Relations("Điều 1. Đính chính sai sót về kỹ thuật trình bày tại Thông tư số "
                      "64/2024/TT-BTC ngày 06 tháng 9 năm 2024 của Bộ trưởng Bộ Tài chính.\n",
                      c),
            (std::vector<Item>{{"corrects", "64/2024/TT-BTC", "", "2024-09-06", "Bộ Tài chính"}}));
}

TEST(LegalRefs, AnnexedTextIsReadByTitle) {
  EXPECT_EQ(Relations(Decision("Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý, vận "
                               "hành Cổng Thông tin điện tử tỉnh Thái Nguyên.\n")),
            (std::vector<Item>{{"issues_annex", "",
                                "Quy chế quản lý, vận hành Cổng Thông tin điện tử tỉnh Thái "
                                "Nguyên",
                                "", ""}}));
}

TEST(LegalRefs, RelationsInTheSummaryCountOnce) {
  RefContext c = ThaiNguyen();
  c.summary =
      "Sửa đổi, bổ sung một số điều của Quy chế ban hành kèm theo Quyết định số "
      "20/2021/QĐ-UBND ngày 12 tháng 4 năm 2021 của Ủy ban nhân dân tỉnh Thái Nguyên";
  EXPECT_EQ(Relations(Decision("Điều 1. Sửa đổi, bổ sung một số điều của Quy chế ban hành kèm "
                               "theo Quyết định số 20/2021/QĐ-UBND như sau:\n"),
                      c),
            (std::vector<Item>{{"amends", "20/2021/QĐ-UBND", "", "2021-04-12",
                                "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
}

TEST(LegalRefs, JoinedTriggersShareTheirTarget) {
  RefContext c;
  c.own_type = "Nghị định";
  c.own_number = "86/2023/NĐ-CP";
  c.authority = "Chính phủ";
  EXPECT_EQ(Relations("Điều 2. Sửa đổi, bổ sung, bãi bỏ một số điều của Nghị định số "
                      "45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ\n",
                      c),
            (std::vector<Item>{{"amends", "45/2020/NĐ-CP", "", "2020-04-08", "Chính phủ"},
                               {"repeals", "45/2020/NĐ-CP", "", "2020-04-08", "Chính phủ"}}));
}

TEST(LegalRefs, PointInsideAnAmendingArticleTargetsItsDocument) {
  RefContext c;
  c.own_type = "Luật";
  c.own_number = "38/2010/QH12";
  c.authority = "Quốc hội";
  EXPECT_EQ(Relations("Điều 2. Sửa đổi, bổ sung một số điều của Luật Công nghệ thông tin số\n"
                      "67/2006/QH11\n1. Khoản 1 Điều 27 được sửa đổi, bổ sung như sau:\n"
                      "“1. Trang thông tin điện tử phải bảo đảm cung cấp thông tin.”\n"
                      "2. Bãi bỏ khoản 3 Điều 29.\nĐiều 3. Hiệu lực thi hành\n",
                      c),
            (std::vector<Item>{{"amends", "67/2006/QH11", "", "", ""},
                               {"repeals", "67/2006/QH11", "", "", ""}}));
}

TEST(LegalRefs, BaseNamedInARelationIsNotAlsoCited) {
  References r = ReadReferences(
      Decision("Căn cứ Quyết định số 20/2021/QĐ-UBND ngày 12/4/2021 của UBND tỉnh;\nQUYẾT "
               "ĐỊNH:\nĐiều 1. Bãi bỏ Quyết định số 20/2021/QĐ-UBND.\n"),
      ThaiNguyen());
  EXPECT_EQ(Items(r.bases), (std::vector<Item>{{"Quyết định", "20/2021/QĐ-UBND", "", "2021-04-12",
                                                "Ủy ban nhân dân tỉnh Thái Nguyên"}}));
  EXPECT_EQ(Items(r.relations), (std::vector<Item>{{"repeals", "20/2021/QĐ-UBND", "", "", ""}}));
}

TEST(LegalRefs, BaseNamedAgainInTheBodyIsAlsoCitedWithTheBodysFields) {
  References r = ReadReferences(
      Decision("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13 tháng 6 năm 2011 của Chính phủ;\n"
               "QUYẾT ĐỊNH:\nĐiều 1. Cung cấp thông tin theo Điều 10 Nghị định số "
               "43/2011/NĐ-CP.\n"),
      ThaiNguyen());
  EXPECT_EQ(Items(r.bases),
            (std::vector<Item>{{"Nghị định", "43/2011/NĐ-CP", "", "2011-06-13", "Chính phủ"}}));
  EXPECT_EQ(Items(r.relations), (std::vector<Item>{{"cites", "43/2011/NĐ-CP", "", "", ""}}));
}

TEST(LegalRefs, CitesOtherNumberedDocumentsWithTheirIssuer) {
  RefContext c;
  c.own_type = "Công văn";
  c.own_number = "1834/BNV-VTLTNN";
  c.authority = "Bộ Nội vụ";
  c.summary = "Triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư";
  EXPECT_EQ(
      Relations("Kính gửi: Các Bộ, cơ quan ngang Bộ.\nNgày 05/3/2020, Chính phủ ban hành Nghị "
                "định số 30/2020/NĐ-CP về công tác văn thư, thay thế Nghị định số 110/2004/NĐ-CP "
                "ngày 08/4/2004 và Nghị định số 09/2010/NĐ-CP ngày 08/02/2010 của Chính phủ.\n",
                c),
      (std::vector<Item>{{"cites", "30/2020/NĐ-CP", "", "2020-03-05", "Chính phủ"},
                         {"cites", "110/2004/NĐ-CP", "", "2004-04-08", "Chính phủ"},
                         {"cites", "09/2010/NĐ-CP", "", "2010-02-08", "Chính phủ"}}));
}

TEST(LegalRefs, BodyActingAtADocumentIsItsIssuer) {
  EXPECT_EQ(Relations(Decision("Dự thảo được Sở Tư pháp thẩm định tại Báo cáo thẩm định số "
                               "215/BC-STP ngày 28 tháng 10 năm 2020; thực hiện theo chỉ đạo của "
                               "Thủ tướng Chính phủ tại Công văn số 712/TTg-KGVX.\n")),
            (std::vector<Item>{{"cites", "215/BC-STP", "", "2020-10-28", "Sở Tư pháp"},
                               {"cites", "712/TTg-KGVX", "", "", "Thủ tướng Chính phủ"}}));
}

TEST(LegalRefs, NoiNhanAndNhuDieuAreNotCitations) {
  EXPECT_EQ(Relations(Decision("Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định "
                               "này./.\nNơi nhận:\n- Như Điều 3;\n- Đoàn kiểm tra theo Quyết "
                               "định số 99/QĐ-UBND;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ "
                               "TỊCH\nTrịnh Việt Hùng\n")),
            std::vector<Item>{});
}

TEST(LegalRefs, DescriptionsOfOtherDocumentsAreNotRelations) {
  EXPECT_EQ(
      Relations(Decision("Điều 2. Thực hiện theo Nghị định số 01/2017/NĐ-CP ngày 06/01/2017 "
                         "sửa đổi, bổ sung Nghị định số 43/2014/NĐ-CP; Nghị định số "
                         "78/2025/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP; "
                         "các đơn vị đề nghị bãi bỏ Quyết định số 12/2019/QĐ-UBND.\n")),
      (std::vector<Item>{{"cites", "01/2017/NĐ-CP", "", "2017-01-06", ""},
                         {"cites", "43/2014/NĐ-CP", "", "", ""},
                         {"cites", "78/2025/NĐ-CP", "", "", ""},
                         {"cites", "187/2025/NĐ-CP", "", "", ""},
                         {"cites", "12/2019/QĐ-UBND", "", "", ""}}));
}

TEST(LegalRefs, DraftInAProposalIsNotTheDocumentsOwnAct) {
  RefContext c;
  c.own_type = "Tờ trình";
  c.own_number = "185/TTr-UBND";
  c.authority = "Ủy ban nhân dân tỉnh Thái Nguyên";
  EXPECT_EQ(Relations("Vì vậy, việc ban hành Nghị quyết thay thế Nghị quyết số 12/2013/NQ-HĐND "
                      "là cần thiết.\n",
                      c),
            (std::vector<Item>{{"cites", "12/2013/NQ-HĐND", "", "", ""}}));
}

TEST(LegalRefs, ExcerptIsTheCollapsedClauseAndBounded) {
  std::string long_desc(600, 'x');
  References r = ReadReferences(
      Decision("Căn cứ Nghị định số 30/2020/NĐ-CP   ngày 05 tháng 3\nnăm 2020 của Chính phủ về " +
               long_desc + ";\n"),
      ThaiNguyen());
  ASSERT_EQ(r.bases.size(), 1u);
  EXPECT_EQ(r.bases[0].excerpt.rfind("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 "
                                     "của Chính phủ về xxx",
                                     0),
            0u);
  EXPECT_LE(r.bases[0].excerpt.size(), 300u + 50u);  // ≤ 300 characters (a few are 2 bytes)
  EXPECT_EQ(r.bases[0].excerpt.find('\n'), std::string::npos);
  EXPECT_EQ(r.bases[0].excerpt.find("  "), std::string::npos);
}

// --- robustness ------------------------------------------------------------------------------

TEST(LegalRefs, NeverFailsOnArbitraryBytes) {
  std::mt19937 rng(7);
  std::vector<std::string> inputs = {
      "",        std::string(1, '\0'),      "\xff\xfe\xfd", "Căn cứ", "Căn cứ Luật", "số 1/",
      "Bãi bỏ:", "ngày 31 tháng 2 năm 2020"};
  for (int n = 0; n < 200; ++n) {
    std::string s(static_cast<size_t>(rng() % 400), '\0');
    for (char& ch : s) ch = static_cast<char>(rng());
    inputs.push_back(s);
  }
  const char* tokens[] = {"Căn cứ ",   "Luật ",
                          "số ",       "12/",
                          "QĐ-",       "UBND ",
                          "ngày ",     "5 tháng ",
                          "của ",      "Bộ ",
                          "tỉnh ",     "bãi bỏ ",
                          "; ",        ". ",
                          ":\n",       "\n",
                          "và ",       "hết hiệu lực ",
                          "kèm theo ", "Quyết định này ",
                          "Điều 1. ",  "\f"};
  for (int n = 0; n < 200; ++n) {
    std::string s;
    for (int k = 0; k < 60; ++k) s += tokens[rng() % std::size(tokens)];
    inputs.push_back(s);
  }
  for (const std::string& s : inputs) {
    RefContext c = ThaiNguyen();
    c.summary = s.substr(0, 80);
    References r = ReadReferences(s, c);
    for (const LegalRef& ref : r.bases) EXPECT_LE(ref.confidence, 1.0);
  }
}

TEST(LegalRefs, HandlesHugeInputsInBoundedTime) {
  // Inputs up to 10 MB, some built to make naive readers quadratic: one line of Căn cứ items,
  // triggers at every word, type words at every word, lists without end.
  auto repeat = [](const std::string& unit) {
    std::string s;
    while (s.size() < (size_t{10} << 20)) s += unit;
    return s;
  };
  std::vector<std::string> inputs = {
      repeat("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;\n"),
      repeat("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; "),
      repeat("Bãi bỏ bãi bỏ sửa đổi, bổ sung thay thế hết hiệu lực "),
      repeat("Căn cứ Luật Luật Luật Luật Luật Luật Luật "),
      repeat("Luật Luật sửa đổi Luật Đất đai, Luật "),
      repeat("Bãi bỏ Quyết định số 1/QĐ-UB; "),
      repeat("1/A-B-C-D-E-F-G-H/I/J/K "),
      repeat("của Bộ trưởng Bộ Bộ trưởng, Chủ tịch, của Ủy ban nhân dân tỉnh Thái Nguyên "),
      repeat("\n"),
      std::string(size_t{10} << 20, 'A')};
  for (const std::string& s : inputs) {
    auto start = std::chrono::steady_clock::now();
    References r = ReadReferences(s, ThaiNguyen());
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LE(r.bases.size(), 1000u);
    EXPECT_LE(r.relations.size(), 2000u);
    // Well under a second in a release build on one core; the bound leaves room for
    // sanitizer and debug builds on a loaded machine.
    EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 5000)
        << s.substr(0, 40);
  }
}

}  // namespace
}  // namespace vanban::metadata_internal
