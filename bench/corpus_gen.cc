#include "corpus_gen.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <string_view>

namespace vanban::bench {
namespace {

uint64_t SplitMix(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// One page of body text, in bytes of UTF-8 (a short page of Vietnamese prose).
constexpr size_t kPageBytes = 1500;

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

using Strings = std::vector<std::string>;

// ---------------------------------------------------------------------------------------
// Inventory. Every literal is precomposed (NFC); tests/bench checks it.

const Strings kProvinces = {
    "Thái Nguyên", "Bắc Giang", "Bắc Kạn",    "Tuyên Quang", "Lạng Sơn", "Cao Bằng",   "Hà Giang",
    "Lào Cai",     "Yên Bái",   "Phú Thọ",    "Vĩnh Phúc",   "Bắc Ninh", "Hải Dương",  "Hưng Yên",
    "Thái Bình",   "Nam Định",  "Ninh Bình",  "Thanh Hóa",   "Nghệ An",  "Hà Tĩnh",    "Quảng Bình",
    "Quảng Trị",   "Quảng Nam", "Quảng Ngãi", "Bình Định",   "Phú Yên",  "Khánh Hòa",  "Đắk Lắk",
    "Lâm Đồng",    "Đồng Nai",  "Bình Dương", "Tây Ninh",    "Long An",  "Tiền Giang", "Bến Tre",
    "Vĩnh Long",   "Đồng Tháp", "An Giang",   "Kiên Giang",  "Cà Mau",   "Sóc Trăng",  "Hậu Giang"};

const Strings kDistricts = {
    "Phú Lương",   "Đại Từ",    "Định Hóa",  "Võ Nhai",   "Đồng Hỷ",     "Phú Bình",   "Phổ Yên",
    "Sông Công",   "Tân Yên",   "Lục Nam",   "Yên Thế",   "Hiệp Hòa",    "Lạng Giang", "Sơn Động",
    "Chợ Đồn",     "Ba Bể",     "Na Rì",     "Yên Sơn",   "Sơn Dương",   "Hàm Yên",    "Chiêm Hóa",
    "Cao Lộc",     "Văn Lãng",  "Bình Gia",  "Hòa An",    "Trùng Khánh", "Quản Bạ",    "Bắc Quang",
    "Bảo Thắng",   "Sa Pa",     "Văn Chấn",  "Lục Yên",   "Thanh Sơn",   "Tam Nông",   "Lập Thạch",
    "Tiên Du",     "Gia Bình",  "Kinh Môn",  "Văn Giang", "Kiến Xương",  "Hải Hậu",    "Kim Sơn",
    "Nga Sơn",     "Diễn Châu", "Hương Sơn", "Bố Trạch",  "Hải Lăng",    "Duy Xuyên",  "Tư Nghĩa",
    "Hoài Nhơn",   "Tuy An",    "Ninh Hòa",  "Krông Pắc", "Đức Trọng",   "Long Thành", "Dầu Tiếng",
    "Gò Dầu",      "Đức Hòa",   "Cái Bè",    "Mỏ Cày",    "Tam Bình",    "Cao Lãnh",   "Châu Thành",
    "Giồng Riềng", "Năm Căn",   "Mỹ Xuyên",  "Phụng Hiệp"};

const Strings kDistrictKinds = {"huyện", "huyện", "huyện", "huyện", "thành phố", "thị xã"};
const Strings kCommuneKinds = {"xã", "xã", "xã", "xã", "phường", "thị trấn"};
const Strings kCommuneFirst = {"Tân",  "Phú",   "Hòa",   "An",  "Bình",  "Minh", "Đồng",
                               "Hợp",  "Thành", "Quang", "Yên", "Vạn",   "Phúc", "Long",
                               "Hưng", "Thịnh", "Trung", "Đức", "Nghĩa", "Xuân", "Cát",
                               "Nam",  "Bắc",   "Đông",  "Tây", "Vĩnh",  "Sơn",  "Lương"};
const Strings kCommuneSecond = {"Lợi", "Thành", "Hòa",   "An",   "Tiến", "Phong", "Khánh",
                                "Lạc", "Thái",  "Sơn",   "Hà",   "Linh", "Cường", "Đạt",
                                "Tâm", "Vinh",  "Thuận", "Hiệp", "Long", "Quý",   "Dương",
                                "Mỹ",  "Trạch", "Hưng",  "Phát", "Hải",  "Lộc",   "Kim"};

struct Body {
  std::string name;  // "Tài chính"
  std::string code;  // "STC" / "BTC"
};
const std::vector<Body> kDepartments = {{"Tài chính", "STC"},
                                        {"Kế hoạch và Đầu tư", "SKHĐT"},
                                        {"Nội vụ", "SNV"},
                                        {"Tài nguyên và Môi trường", "STNMT"},
                                        {"Giáo dục và Đào tạo", "SGDĐT"},
                                        {"Y tế", "SYT"},
                                        {"Xây dựng", "SXD"},
                                        {"Giao thông vận tải", "SGTVT"},
                                        {"Nông nghiệp và Phát triển nông thôn", "SNN"},
                                        {"Tư pháp", "STP"},
                                        {"Thông tin và Truyền thông", "STTTT"},
                                        {"Lao động - Thương binh và Xã hội", "SLĐTBXH"},
                                        {"Công Thương", "SCT"},
                                        {"Văn hóa, Thể thao và Du lịch", "SVHTTDL"},
                                        {"Khoa học và Công nghệ", "SKHCN"}};
const std::vector<Body> kMinistries = {{"Tài chính", "BTC"},
                                       {"Nội vụ", "BNV"},
                                       {"Tư pháp", "BTP"},
                                       {"Y tế", "BYT"},
                                       {"Giáo dục và Đào tạo", "BGDĐT"},
                                       {"Tài nguyên và Môi trường", "BTNMT"},
                                       {"Xây dựng", "BXD"},
                                       {"Giao thông vận tải", "BGTVT"},
                                       {"Công Thương", "BCT"},
                                       {"Thông tin và Truyền thông", "BTTTT"},
                                       {"Kế hoạch và Đầu tư", "BKHĐT"},
                                       {"Nông nghiệp và Phát triển nông thôn", "BNNPTNT"},
                                       {"Lao động - Thương binh và Xã hội", "BLĐTBXH"}};
const Strings kUnitCodes = {"KT", "TH", "NC", "VX", "KGVX", "NNTN", "XD", "TCKH", "QLNS", "TCCB"};
const Strings kMinistryUnits = {"NSNN", "QLCS", "TCCB", "PC", "KHTC", "VP", "HTQT", "TTr"};

struct TypeInfo {
  std::string name;   // "Quyết định"
  std::string upper;  // "QUYẾT ĐỊNH"
  std::string code;   // "QĐ"; empty for Công văn
};
enum TypeId { kQd, kNq, kCt, kTt, kNd, kTb, kKh, kBc, kTtr, kHd, kGm, kKl, kCv };
const std::vector<TypeInfo> kTypes = {
    {"Quyết định", "QUYẾT ĐỊNH", "QĐ"}, {"Nghị quyết", "NGHỊ QUYẾT", "NQ"},
    {"Chỉ thị", "CHỈ THỊ", "CT"},       {"Thông tư", "THÔNG TƯ", "TT"},
    {"Nghị định", "NGHỊ ĐỊNH", "NĐ"},   {"Thông báo", "THÔNG BÁO", "TB"},
    {"Kế hoạch", "KẾ HOẠCH", "KH"},     {"Báo cáo", "BÁO CÁO", "BC"},
    {"Tờ trình", "TỜ TRÌNH", "TTr"},    {"Hướng dẫn", "HƯỚNG DẪN", "HD"},
    {"Giấy mời", "GIẤY MỜI", "GM"},     {"Kết luận", "KẾT LUẬN", "KL"},
    {"Công văn", "CÔNG VĂN", ""}};

enum Level {
  kGovernment,
  kPrimeMinister,
  kMinistry,
  kProvince,
  kProvinceCouncil,
  kDepartment,
  kDistrict,
  kDistrictCouncil,
  kCommune,
  kProvinceParty,
  kDistrictParty,
};
struct Weighted {
  int id;
  int weight;
};
const std::vector<Weighted> kLevels = {
    {kGovernment, 2},      {kPrimeMinister, 2}, {kMinistry, 6},     {kProvince, 18},
    {kProvinceCouncil, 3}, {kDepartment, 14},   {kDistrict, 22},    {kDistrictCouncil, 2},
    {kCommune, 25},        {kProvinceParty, 3}, {kDistrictParty, 3}};

std::vector<Weighted> TypesOf(int level) {
  switch (level) {
    case kGovernment:
      return {{kNd, 70}, {kNq, 30}};
    case kPrimeMinister:
      return {{kQd, 60}, {kCt, 20}, {kCv, 20}};
    case kMinistry:
      return {{kTt, 35}, {kQd, 25}, {kCv, 30}, {kTb, 5}, {kBc, 5}};
    case kProvinceCouncil:
    case kDistrictCouncil:
      return {{kNq, 100}};
    case kDepartment:
      return {{kQd, 25}, {kCv, 40}, {kKh, 10}, {kTb, 10}, {kBc, 10}, {kHd, 5}};
    case kCommune:
      return {{kQd, 30}, {kCv, 20}, {kKh, 15}, {kTb, 15}, {kBc, 15}, {kTtr, 5}};
    case kProvinceParty:
    case kDistrictParty:
      return {{kNq, 20}, {kCt, 10}, {kKl, 10}, {kTb, 15},
              {kCv, 15}, {kQd, 15}, {kBc, 10}, {kKh, 5}};
    default:  // provincial and district Ủy ban nhân dân
      return {{kQd, 35}, {kCv, 25}, {kKh, 12}, {kTb, 8}, {kBc, 8}, {kCt, 4}, {kTtr, 4}, {kGm, 4}};
  }
}

int PickWeighted(Rng& rng, const std::vector<Weighted>& v) {
  int total = 0;
  for (const auto& w : v) total += w.weight;
  int r = static_cast<int>(rng.Below(static_cast<uint32_t>(total)));
  for (const auto& w : v) {
    if (r < w.weight) return w.id;
    r -= w.weight;
  }
  return v.back().id;
}

// Topics: the noun phrases trích yếu and bodies are made of.
const Strings kTopics = {"quản lý, sử dụng tài sản công",
                         "bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
                         "bảng giá các loại đất",
                         "phòng, chống thiên tai và tìm kiếm cứu nạn",
                         "cải cách hành chính",
                         "chuyển đổi số",
                         "xây dựng nông thôn mới",
                         "quản lý chất thải rắn sinh hoạt",
                         "bảo đảm an toàn thực phẩm",
                         "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
                         "tiếp công dân",
                         "giải quyết khiếu nại, tố cáo",
                         "thực hành tiết kiệm, chống lãng phí",
                         "phòng, chống tham nhũng, tiêu cực",
                         "đầu tư công trung hạn",
                         "phát triển du lịch",
                         "bảo vệ môi trường",
                         "quản lý trật tự xây dựng",
                         "cấp giấy chứng nhận quyền sử dụng đất",
                         "hỗ trợ doanh nghiệp nhỏ và vừa",
                         "giảm nghèo bền vững",
                         "bảo hiểm xã hội, bảo hiểm y tế",
                         "tuyển dụng công chức, viên chức",
                         "đánh giá, xếp loại chất lượng cán bộ, công chức",
                         "quản lý an toàn đập, hồ chứa nước",
                         "phòng, chống dịch bệnh truyền nhiễm",
                         "tiêm chủng mở rộng",
                         "thu phí, lệ phí",
                         "cấp phép khai thác khoáng sản",
                         "bảo vệ và phát triển rừng",
                         "quy hoạch sử dụng đất",
                         "cung cấp dịch vụ công trực tuyến",
                         "văn hóa công sở",
                         "tổ chức kỳ thi tốt nghiệp trung học phổ thông",
                         "chăm sóc sức khỏe ban đầu",
                         "bảo đảm trật tự, an toàn giao thông",
                         "phát triển kinh tế tập thể, hợp tác xã",
                         "quản lý nhà nước về giá",
                         "thu ngân sách nhà nước",
                         "giải ngân vốn đầu tư công",
                         "chính sách đối với người có công với cách mạng",
                         "phổ biến, giáo dục pháp luật",
                         "xây dựng và thi hành pháp luật",
                         "kiểm soát thủ tục hành chính",
                         "bảo trợ xã hội",
                         "phát triển sản phẩm OCOP",
                         "chuyển đổi cơ cấu cây trồng",
                         "phòng, chống bệnh dịch tả lợn châu Phi",
                         "quản lý hoạt động karaoke, vũ trường",
                         "sắp xếp đơn vị hành chính cấp xã",
                         "quản lý, vận hành hệ thống quản lý văn bản và điều hành",
                         "lưu trữ hồ sơ điện tử",
                         "an toàn thông tin mạng",
                         "phát triển hạ tầng số",
                         "quản lý cụm công nghiệp",
                         "đấu giá quyền sử dụng đất",
                         "phân cấp quản lý nhà nước",
                         "hỗ trợ học sinh, sinh viên có hoàn cảnh khó khăn",
                         "xây dựng đời sống văn hóa ở khu dân cư",
                         "quốc phòng, an ninh"};

const Strings kProjects = {"Dự án đầu tư xây dựng đường giao thông liên xã",
                           "Dự án cải tạo, nâng cấp trường tiểu học",
                           "Dự án xây dựng nhà văn hóa xóm",
                           "Dự án kè chống sạt lở bờ sông",
                           "Dự án nâng cấp trạm y tế xã",
                           "Dự án xây dựng khu tái định cư",
                           "Dự án cấp nước sinh hoạt tập trung",
                           "Dự án chỉnh trang đô thị",
                           "Dự án xây dựng cầu dân sinh",
                           "Dự án cải tạo hệ thống thoát nước",
                           "Dự án khu dân cư số",
                           "Dự án trồng rừng sản xuất"};

const Strings kLaws = {"Tổ chức chính quyền địa phương",
                       "Ban hành văn bản quy phạm pháp luật",
                       "Ngân sách nhà nước",
                       "Đất đai",
                       "Đầu tư công",
                       "Xây dựng",
                       "Bảo vệ môi trường",
                       "Cán bộ, công chức",
                       "Viên chức",
                       "Giáo dục",
                       "Khám bệnh, chữa bệnh",
                       "Phòng, chống tham nhũng",
                       "Tiếp công dân",
                       "Khiếu nại",
                       "Tố cáo",
                       "Quản lý, sử dụng tài sản công",
                       "Lâm nghiệp",
                       "Giao thông đường bộ",
                       "Phòng cháy và chữa cháy",
                       "Giao dịch điện tử"};

const Strings kSubjects = {"Ủy ban nhân dân các huyện, thành phố",
                           "Các sở, ban, ngành",
                           "Thủ trưởng các cơ quan, đơn vị",
                           "Chủ tịch Ủy ban nhân dân cấp xã",
                           "Văn phòng Ủy ban nhân dân tỉnh",
                           "Ban Quản lý dự án",
                           "Công an tỉnh",
                           "Bộ Chỉ huy Quân sự tỉnh",
                           "Ủy ban Mặt trận Tổ quốc Việt Nam",
                           "Các tổ chức, cá nhân có liên quan",
                           "Trung tâm Phục vụ hành chính công",
                           "Đài Phát thanh và Truyền hình",
                           "Các phòng, ban chuyên môn",
                           "Trưởng thôn, tổ trưởng tổ dân phố",
                           "Hội Nông dân",
                           "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
                           "Hội Liên hiệp Phụ nữ",
                           "Kho bạc Nhà nước",
                           "Chi cục Thuế khu vực",
                           "Các trường học trên địa bàn"};

const Strings kVerbs = {"có trách nhiệm triển khai",
                        "chủ động tổ chức thực hiện",
                        "hướng dẫn, kiểm tra việc thực hiện",
                        "theo dõi, đôn đốc",
                        "tổng hợp, báo cáo kết quả",
                        "rà soát, đánh giá",
                        "xây dựng kế hoạch",
                        "tăng cường công tác",
                        "đẩy mạnh",
                        "bố trí kinh phí cho",
                        "tuyên truyền, phổ biến",
                        "kiểm tra, giám sát",
                        "khẩn trương hoàn thiện hồ sơ về",
                        "thực hiện nghiêm",
                        "quán triệt, triển khai",
                        "nâng cao chất lượng",
                        "tập trung chỉ đạo",
                        "phối hợp chặt chẽ trong",
                        "đề xuất giải pháp về",
                        "cập nhật đầy đủ dữ liệu về",
                        "lồng ghép các nguồn lực cho",
                        "tổ chức sơ kết, tổng kết",
                        "kịp thời tháo gỡ khó khăn trong",
                        "chấn chỉnh những tồn tại trong"};

const Strings kWrappers = {"",
                           "",
                           "công tác ",
                           "việc ",
                           "các nhiệm vụ về ",
                           "kết quả ",
                           "chương trình ",
                           "các giải pháp "};

const Strings kModifiers = {"trên địa bàn",
                            "theo quy định của pháp luật",
                            "bảo đảm đúng tiến độ, chất lượng",
                            "đúng quy định, công khai, minh bạch",
                            "định kỳ hằng quý",
                            "kịp thời, hiệu quả",
                            "theo chức năng, nhiệm vụ được giao",
                            "gắn với trách nhiệm của người đứng đầu",
                            "không để xảy ra sai sót",
                            "trong giai đoạn 2021 - 2025",
                            "giai đoạn 2026 - 2030",
                            "hằng năm",
                            "trong thời gian tới",
                            "đến hết năm",
                            "theo hướng dẫn của cơ quan cấp trên",
                            "phù hợp với điều kiện thực tế của địa phương"};

const Strings kFunds = {"ngân sách tỉnh",
                        "ngân sách huyện",
                        "ngân sách trung ương hỗ trợ",
                        "nguồn vốn xã hội hóa",
                        "nguồn thu tiền sử dụng đất",
                        "nguồn vốn sự nghiệp",
                        "nguồn kinh phí chi thường xuyên"};

const Strings kAchievements = {"hoàn thành", "triển khai", "thực hiện", "giải ngân",
                               "cấp mới",    "hỗ trợ",     "kiểm tra"};

const Strings kFamily = {"Nguyễn", "Trần", "Lê",   "Phạm",  "Hoàng", "Huỳnh", "Phan",
                         "Vũ",     "Võ",   "Đặng", "Bùi",   "Đỗ",    "Hồ",    "Ngô",
                         "Dương",  "Lý",   "Đinh", "Lương", "Mai",   "Trịnh", "Hà"};
const Strings kMiddle = {"Văn",  "Thị", "Đức",  "Minh", "Quang", "Thanh", "Hữu",
                         "Ngọc", "Thu", "Xuân", "Hồng", "Kim",   "Anh",   "Bảo"};
const Strings kGiven = {"An",   "Bình",  "Cường", "Dũng",  "Hà",     "Hải",   "Hạnh",  "Hiếu",
                        "Hoa",  "Hùng",  "Hương", "Khánh", "Lan",    "Linh",  "Long",  "Mai",
                        "Nam",  "Nga",   "Ngọc",  "Phong", "Phương", "Quân",  "Quyết", "Sơn",
                        "Tâm",  "Thắng", "Thảo",  "Thủy",  "Tiến",   "Trang", "Trung", "Tuấn",
                        "Tùng", "Vân",   "Việt",  "Yến",   "Đạt",    "Đông",  "Giang", "Huy",
                        "Kiên", "Lực",   "Nhung", "Oanh",  "Quỳnh",  "Thịnh", "Uyên",  "Xuyến"};
const Strings kPositions = {"Phó Chủ tịch Ủy ban nhân dân",
                            "Giám đốc Sở",
                            "Phó Giám đốc Sở",
                            "Trưởng phòng Tài chính - Kế hoạch",
                            "Chánh Văn phòng",
                            "Chủ tịch Ủy ban nhân dân xã",
                            "Công chức Địa chính - Xây dựng",
                            "Trưởng ban Quản lý dự án",
                            "Chuyên viên"};
const Strings kMeetings = {"cuộc họp giao ban tháng",
                           "buổi làm việc với lãnh đạo huyện",
                           "hội nghị trực tuyến",
                           "phiên họp thường kỳ",
                           "buổi kiểm tra thực tế tại cơ sở",
                           "hội nghị sơ kết 6 tháng đầu năm"};

// ---------------------------------------------------------------------------------------

std::string Num2(int n) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d", n);
  return b;
}

std::string Person(Rng& rng, bool female = false) {
  return rng.Pick(kFamily) + " " + (female ? std::string("Thị") : rng.Pick(kMiddle)) + " " +
         rng.Pick(kGiven);
}

std::string CommuneName(Rng& rng) {
  return rng.Pick(kCommuneFirst) + " " + rng.Pick(kCommuneSecond);
}

std::string Amount(Rng& rng) {
  // "12.345.000.000" style amounts and "1,5 tỷ"-style short forms.
  if (rng.Chance(0.5)) {
    std::string s = std::to_string(rng.Range(1, 999));
    int groups = rng.Range(2, 3);
    for (int g = 0; g < groups; ++g) {
      char b[8];
      std::snprintf(b, sizeof b, ".%03d", g == groups - 1 ? 0 : static_cast<int>(rng.Below(1000)));
      s += b;
    }
    return s + " đồng";
  }
  return std::to_string(rng.Range(1, 950)) + "," + std::to_string(rng.Range(1, 9)) +
         (rng.Chance(0.5) ? " tỷ đồng" : " triệu đồng");
}

std::string Topic(Rng& rng) { return rng.Pick(kTopics); }

// The first code point through `map` (u_tolower / u_toupper), the rest unchanged.
std::string MapFirst(const std::string& s, UChar32 (*map)(UChar32)) {
  if (s.empty()) return s;
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
  if (c < 0) return s;
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, map(c), error);
  if (error) return s;
  return std::string(buf, static_cast<size_t>(n)) + s.substr(static_cast<size_t>(i));
}
std::string LowerFirst(const std::string& s) { return MapFirst(s, u_tolower); }
std::string UpperFirst(const std::string& s) { return MapFirst(s, u_toupper); }

}  // namespace

// ---------------------------------------------------------------------------------------

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (auto& s : s_) s = SplitMix(x);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint32_t Rng::Below(uint32_t n) {
  return static_cast<uint32_t>(((Next() >> 32) * static_cast<uint64_t>(n)) >> 32);
}

int Rng::Range(int lo, int hi) {
  return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1)));
}

bool Rng::Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

int DrawPages(Rng& rng, int max_pages) {
  // 70 % one page, 15 % two, 9 % 3–5, 4.5 % 6–20, 1.4 % 21–80, 0.1 % 81–200: mean ≈ 2.6.
  uint32_t r = rng.Below(1000);
  int pages;
  if (r < 700) {
    pages = 1;
  } else if (r < 850) {
    pages = 2;
  } else if (r < 940) {
    pages = rng.Range(3, 5);
  } else if (r < 985) {
    pages = rng.Range(6, 20);
  } else if (r < 999) {
    pages = rng.Range(21, 80);
  } else {
    pages = rng.Range(81, 200);
  }
  return std::min(pages, std::max(1, max_pages));
}

struct CorpusGenerator::Header {
  int level = 0;
  int type = 0;
  std::string authority;        // "Ủy ban nhân dân huyện Phú Lương"
  std::string authority_short;  // "Ủy ban nhân dân huyện"
  std::string auth_code;        // "UBND"
  std::string place;            // "Phú Lương"
  std::string province;
  int year = 2026, month = 1, day = 1;
  std::string number;
  std::string summary;
};

CorpusGenerator::CorpusGenerator(CorpusOptions options) : options_(options) {}

CorpusGenerator::Header CorpusGenerator::MakeHeader(int64_t i, Rng& rng) const {
  (void)i;
  Header h;
  h.level = PickWeighted(rng, kLevels);
  h.type = PickWeighted(rng, TypesOf(h.level));
  h.province = rng.Pick(kProvinces);
  std::string district = rng.Pick(kDistricts);
  std::string district_kind = rng.Pick(kDistrictKinds);
  std::string commune = CommuneName(rng);
  std::string commune_kind = rng.Pick(kCommuneKinds);
  std::string unit_code;
  switch (h.level) {
    case kGovernment:
      h.authority = "Chính phủ";
      h.authority_short = h.authority;
      h.auth_code = "CP";
      h.place = "Hà Nội";
      unit_code = "KTTH";
      break;
    case kPrimeMinister:
      h.authority = "Thủ tướng Chính phủ";
      h.authority_short = h.authority;
      h.auth_code = "TTg";
      h.place = "Hà Nội";
      unit_code = "KTTH";
      break;
    case kMinistry: {
      const Body& b = rng.Pick(kMinistries);
      h.authority = "Bộ " + b.name;
      h.authority_short = h.authority;
      h.auth_code = b.code;
      h.place = "Hà Nội";
      unit_code = rng.Pick(kMinistryUnits);
      break;
    }
    case kProvinceCouncil:
      h.authority = "Hội đồng nhân dân tỉnh " + h.province;
      h.authority_short = "Hội đồng nhân dân tỉnh";
      h.auth_code = "HĐND";
      h.place = h.province;
      break;
    case kDepartment: {
      const Body& b = rng.Pick(kDepartments);
      h.authority = "Sở " + b.name + " tỉnh " + h.province;
      h.authority_short = "Sở " + b.name;
      h.auth_code = b.code;
      h.place = h.province;
      unit_code = rng.Pick(kUnitCodes);
      break;
    }
    case kDistrict:
      h.authority = "Ủy ban nhân dân " + district_kind + " " + district;
      h.authority_short = "Ủy ban nhân dân " + district_kind;
      h.auth_code = "UBND";
      h.place = district;
      unit_code = rng.Pick(kUnitCodes);
      break;
    case kDistrictCouncil:
      h.authority = "Hội đồng nhân dân " + district_kind + " " + district;
      h.authority_short = "Hội đồng nhân dân " + district_kind;
      h.auth_code = "HĐND";
      h.place = district;
      break;
    case kCommune:
      h.authority = "Ủy ban nhân dân " + commune_kind + " " + commune;
      h.authority_short = "Ủy ban nhân dân " + commune_kind;
      h.auth_code = "UBND";
      h.place = commune;
      break;
    case kProvinceParty:
      h.authority = "Tỉnh ủy " + h.province;
      h.authority_short = "Ban Thường vụ Tỉnh ủy";
      h.auth_code = "TU";
      h.place = h.province;
      break;
    case kDistrictParty:
      h.authority = "Huyện ủy " + district;
      h.authority_short = "Ban Thường vụ Huyện ủy";
      h.auth_code = "HU";
      h.place = district;
      break;
    default:  // kProvince
      h.authority = "Ủy ban nhân dân tỉnh " + h.province;
      h.authority_short = "Ủy ban nhân dân tỉnh";
      h.auth_code = "UBND";
      h.place = h.province;
      unit_code = rng.Pick(kUnitCodes);
      break;
  }

  // Issue date: 2005–2026, recent years more frequent; 2026 only up to November.
  double u = static_cast<double>(rng.Below(1000000)) / 1e6;
  h.year = 2026 - static_cast<int>(std::floor(22.0 * std::pow(u, 1.6)));
  h.month = rng.Range(1, h.year == 2026 ? 11 : 12);
  h.day = rng.Range(1, h.month == 2 ? 28 : 30);
  const int doy = (h.month - 1) * 30 + h.day;  // 1..360: numbers grow through the year

  // Numbers. Legal normative documents carry the year ("01/2026/QĐ-UBND"); the others are
  // numbered in one running series per year ("1234/QĐ-UBND", "1234/UBND-KT", "15-NQ/TU").
  const TypeInfo& t = kTypes[h.type];
  const bool party = h.level == kProvinceParty || h.level == kDistrictParty;
  double legal_p = 0;
  switch (h.type) {
    case kNd:
    case kTt:
      legal_p = 1;
      break;
    case kNq:
      legal_p = (h.level == kProvinceCouncil || h.level == kDistrictCouncil) ? 0.5 : 0;
      break;
    case kQd:
      legal_p = h.level == kProvince        ? 0.25
                : h.level == kPrimeMinister ? 0.2
                : h.level == kDistrict      ? 0.1
                : h.level == kCommune       ? 0.02
                                            : 0;
      break;
    case kCt:
      legal_p = (h.level == kProvince || h.level == kDistrict) ? 0.3 : 0;
      break;
    default:
      break;
  }
  int annual = 3000;  // documents of this series per year at the end of December
  if (h.level == kDistrict || h.level == kDepartment) annual = 1500;
  if (h.level == kCommune) annual = 300;
  if (party) annual = 900;
  if (h.level == kProvinceCouncil || h.level == kDistrictCouncil) annual = 60;
  const bool legal = !party && rng.Chance(legal_p);
  if (legal) annual = h.type == kNd ? 200 : 90;
  int seq = 1 + static_cast<int>(static_cast<double>(annual) * doy / 360.0 *
                                 (0.85 + 0.3 * static_cast<double>(rng.Below(1000)) / 1000.0));
  seq = std::max(1, std::min(seq, annual + annual / 5));
  if (party) {
    std::string code = t.code.empty() ? "CV" : t.code;
    h.number = std::to_string(seq) + "-" + code + "/" + h.auth_code;
  } else if (legal) {
    h.number = Num2(seq) + "/" + std::to_string(h.year) + "/" + t.code + "-" + h.auth_code;
  } else if (h.type == kCv) {
    h.number = std::to_string(seq) + "/" + h.auth_code;
    if (!unit_code.empty()) h.number += "-" + unit_code;
  } else {
    h.number = std::to_string(seq) + "/" + t.code + "-" + h.auth_code;
  }

  // Trích yếu (without the type word).
  const std::string year = std::to_string(h.year);
  const std::string topic = Topic(rng);
  const std::string where = h.level <= kMinistry ? "" : " trên địa bàn " + h.place;
  switch (h.type) {
    case kNd:
      h.summary = rng.Chance(0.5) ? "Quy định chi tiết một số điều của Luật " + rng.Pick(kLaws)
                                  : "Quy định xử phạt vi phạm hành chính trong lĩnh vực " + topic;
      break;
    case kTt:
      h.summary = (rng.Chance(0.5) ? "Hướng dẫn " : "Quy định chi tiết về ") + topic;
      break;
    case kNq:
      switch (rng.Below(4)) {
        case 0:
          h.summary = "Quy định " + topic + where;
          break;
        case 1:
          h.summary = "Về kế hoạch phát triển kinh tế - xã hội năm " + year;
          break;
        case 2:
          h.summary = "Về dự toán ngân sách địa phương và phân bổ ngân sách năm " + year;
          break;
        default:
          h.summary = "Về lãnh đạo, chỉ đạo " + topic + " giai đoạn 2021 - 2025";
      }
      break;
    case kQd:
      switch (rng.Below(6)) {
        case 0:
          h.summary = "Ban hành Quy định " + topic + where;
          break;
        case 1:
          h.summary = "Phê duyệt " + rng.Pick(kProjects) + " " + commune_kind + " " + commune;
          break;
        case 2:
          h.summary = "Về việc bổ nhiệm " + rng.Pick(kPositions) + " đối với ông " + Person(rng);
          break;
        case 3:
          h.summary = "Công bố danh mục thủ tục hành chính lĩnh vực " + topic +
                      " thuộc thẩm quyền giải quyết của " + h.authority_short;
          break;
        case 4:
          h.summary = "Giao chỉ tiêu kế hoạch " + topic + " năm " + year;
          break;
        default:
          h.summary = "Thành lập Ban Chỉ đạo " + topic + where;
      }
      break;
    case kCv:
      switch (rng.Below(5)) {
        case 0:
          h.summary = "V/v triển khai " + topic;
          break;
        case 1:
          h.summary = "V/v đôn đốc thực hiện " + topic + " năm " + year;
          break;
        case 2:
          h.summary = "V/v góp ý dự thảo Quy định " + topic;
          break;
        case 3:
          h.summary = "V/v báo cáo kết quả " + topic;
          break;
        default:
          h.summary = "V/v tăng cường " + topic + where;
      }
      break;
    case kTb:
      h.summary = rng.Chance(0.6) ? "Kết luận của Chủ tịch Ủy ban nhân dân tại " +
                                        rng.Pick(kMeetings) + " về " + topic
                                  : "Về việc tổ chức " + topic + " năm " + year;
      break;
    case kKh:
      h.summary = (rng.Chance(0.5) ? "Triển khai " : "Thực hiện ") + topic +
                  (rng.Chance(0.5) ? " năm " + year : " giai đoạn 2021 - 2025");
      break;
    case kBc:
      h.summary = (rng.Chance(0.5) ? "Tình hình " : "Kết quả thực hiện ") + topic +
                  (rng.Chance(0.5) ? " 6 tháng đầu năm " : " năm ") + year;
      break;
    case kCt:
      h.summary = "Về việc tăng cường " + topic + where;
      break;
    case kTtr:
      h.summary = "Đề nghị phê duyệt " + rng.Pick(kProjects) + " " + commune_kind + " " + commune;
      break;
    case kHd:
      h.summary = "Thực hiện " + topic + " năm " + year;
      break;
    case kGm:
      h.summary = "Dự " + rng.Pick(kMeetings) + " về " + topic;
      break;
    default:  // kKl
      h.summary = "Kết luận của Ban Thường vụ về " + topic;
      break;
  }
  return h;
}

std::string CorpusGenerator::NumberOf(int64_t i) const {
  Rng rng(options_.seed ^ (static_cast<uint64_t>(i) * 0xD1B54A32D192ED03ull));
  return MakeHeader(i, rng).number;
}

IndexEntry CorpusGenerator::Generate(int64_t i) const {
  Rng rng(options_.seed ^ (static_cast<uint64_t>(i) * 0xD1B54A32D192ED03ull));
  Header h = MakeHeader(i, rng);
  const TypeInfo& t = kTypes[h.type];

  IndexEntry e;
  e.doc_id = i + 1;
  e.version = 1;
  e.meta.number = h.number;
  e.meta.type = t.name;
  e.meta.authority = h.authority;
  e.meta.place = h.place;
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", h.year, h.month, h.day);
  e.meta.issue_date = date;
  e.meta.summary = h.summary;
  e.unit = "bench";
  e.published_at = e.meta.issue_date;

  const int pages = DrawPages(rng, options_.max_pages);
  const size_t target = static_cast<size_t>(pages) * kPageBytes;
  std::string& s = e.text;
  s.reserve(target + 2048);
  const std::string day = "ngày " + std::to_string(h.day) + " tháng " + std::to_string(h.month) +
                          " năm " + std::to_string(h.year);

  // Header block as the document prints it.
  s += h.authority + "\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n";
  s += "Số: " + h.number + "\n" + h.place + ", " + day + "\n";
  s += t.upper + "\n" + h.summary + "\n";

  // Căn cứ lines citing other documents of the corpus.
  const bool normative = h.type == kQd || h.type == kNq || h.type == kTt || h.type == kNd ||
                         h.type == kCt || h.type == kKl;
  if (normative) {
    s += "Căn cứ Luật " + rng.Pick(kLaws) + " ngày " + std::to_string(rng.Range(1, 28)) +
         " tháng " + std::to_string(rng.Range(1, 12)) + " năm " +
         std::to_string(rng.Range(2013, 2025)) + ";\n";
    int cites = rng.Range(0, 3);
    for (int c = 0; c < cites && i > 0; ++c) {
      int64_t j = static_cast<int64_t>(rng.Next() % static_cast<uint64_t>(i));
      Rng crng(options_.seed ^ (static_cast<uint64_t>(j) * 0xD1B54A32D192ED03ull));
      Header ch = MakeHeader(j, crng);
      s += "Căn cứ " + kTypes[ch.type].name + " số " + ch.number + " ngày " +
           std::to_string(ch.day) + " tháng " + std::to_string(ch.month) + " năm " +
           std::to_string(ch.year) + " của " + ch.authority + " " + LowerFirst(ch.summary) + ";\n";
    }
    const Body& dept = rng.Pick(kDepartments);
    s += "Theo đề nghị của Giám đốc Sở " + dept.name + " tại Tờ trình số " +
         std::to_string(rng.Range(1, 900)) + "/TTr-" + dept.code + ".\n";
    s += t.upper + ":\n";
  } else if (h.type == kCv || h.type == kGm) {
    s += "Kính gửi: " + rng.Pick(kSubjects) + ".\n";
  }

  // Body: articles (normative) or numbered sections, sentences of administrative prose.
  int article = 0;
  int clause = 0;
  while (s.size() < target) {
    if (clause == 0 || rng.Chance(0.15)) {
      ++article;
      clause = 0;
      if (normative) {
        s += "Điều " + std::to_string(article) + ". " + UpperFirst(rng.Pick(kVerbs)) + " " +
             Topic(rng) + "\n";
      } else {
        static const char* kRoman[] = {"I",    "II", "III", "IV", "V",   "VI",   "VII",
                                       "VIII", "IX", "X",   "XI", "XII", "XIII", "XIV"};
        s += std::string(kRoman[(article - 1) % 14]) + ". " + UpperFirst(rng.Pick(kWrappers)) +
             Topic(rng) + "\n";
      }
    }
    ++clause;
    s += std::to_string(clause) + ". ";
    int sentences = rng.Range(1, 4);
    for (int k = 0; k < sentences; ++k) {
      const std::string topic = rng.Pick(kWrappers) + Topic(rng);
      switch (rng.Below(10)) {
        case 0:
        case 1:
        case 2: {
          const std::string& mod = rng.Pick(kModifiers);
          s += rng.Pick(kSubjects) + " " + rng.Pick(kVerbs) + " " + topic + " " + mod;
          if (mod == "trên địa bàn") s += " " + h.place;
          if (mod == "đến hết năm") s += " " + std::to_string(h.year);
          s += ".";
          break;
        } break;
        case 3:
          s += rng.Pick(kSubjects) + " chủ trì, phối hợp với " + LowerFirst(rng.Pick(kSubjects)) +
               " " + rng.Pick(kVerbs) + " " + topic + ", " + rng.Pick(kModifiers) + ".";
          break;
        case 4:
          s += "Giao " + LowerFirst(rng.Pick(kSubjects)) + " " + rng.Pick(kVerbs) + " " + topic +
               "; báo cáo kết quả về " + h.authority_short + " trước ngày " +
               std::to_string(rng.Range(1, 28)) + " tháng " + std::to_string(rng.Range(1, 12)) +
               " năm " + std::to_string(h.year) + ".";
          break;
        case 5:
          s += "Tổng kinh phí thực hiện là " + Amount(rng) + ", từ " + rng.Pick(kFunds) + ".";
          break;
        case 6:
          s += "Năm " + std::to_string(h.year - 1) + ", toàn " +
               (h.level == kCommune ? std::string("xã") : std::string("tỉnh")) + " đã " +
               rng.Pick(kAchievements) + " " + topic + ", đạt " +
               std::to_string(rng.Range(40, 130)) + "," + std::to_string(rng.Range(0, 9)) +
               "% kế hoạch.";
          break;
        case 7:
          s += "Địa điểm: thôn " + CommuneName(rng) + ", " + rng.Pick(kCommuneKinds) + " " +
               CommuneName(rng) + "; diện tích " + std::to_string(rng.Range(50, 90000)) +
               " m2, thửa đất số " + std::to_string(rng.Range(1, 999)) + ", tờ bản đồ số " +
               std::to_string(rng.Range(1, 80)) + ".";
          break;
        case 8: {
          const bool female = rng.Chance(0.4);
          s += (female ? "Bà " : "Ông ") + Person(rng, female) + ", " + rng.Pick(kPositions) +
               ", " + rng.Pick(kVerbs) + " " + topic + ".";
          break;
        }
        default:
          s += "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản "
               "ánh kịp thời về Sở " +
               rng.Pick(kDepartments).name + " để tổng hợp, báo cáo " + h.authority_short +
               " xem xét, giải quyết.";
      }
      s += k + 1 < sentences ? " " : "\n";
    }
    if (clause >= rng.Range(2, 6)) clause = 0;
  }

  // Nơi nhận and signature.
  s += "Nơi nhận:\n- Như trên;\n- " + rng.Pick(kSubjects) + ";\n- Lưu: VT";
  s += h.auth_code == "UBND" ? ", " + rng.Pick(kUnitCodes) + ".\n" : ".\n";
  switch (h.level) {
    case kGovernment:
      s += "TM. CHÍNH PHỦ\nTHỦ TƯỚNG\n";
      break;
    case kPrimeMinister:
      s += "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n";
      break;
    case kMinistry:
      s += "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n";
      break;
    case kDepartment:
      s += "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n";
      break;
    case kProvinceCouncil:
    case kDistrictCouncil:
      s += "CHỦ TỊCH\n";
      break;
    case kProvinceParty:
    case kDistrictParty:
      s += "T/M BAN THƯỜNG VỤ\nBÍ THƯ\n";
      break;
    default:
      s += "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n";
  }
  s += Person(rng) + "\n";
  return e;
}

const std::vector<std::string>& CorpusTopics() { return kTopics; }

const std::vector<std::string>& CorpusPlaces() {
  static const std::vector<std::string> places = [] {
    std::vector<std::string> v = kProvinces;
    v.insert(v.end(), kDistricts.begin(), kDistricts.end());
    return v;
  }();
  return places;
}

bool LooksLikeGeneratedNumber(const std::string& number) {
  // A code: a capital (ASCII or "Đ"), then letters ("QĐ", "UBND", "TTr", "TTg").
#define VANBAN_CODE "(?:[A-Z]|Đ)(?:[A-Za-z]|Đ)*"
  static const std::regex kRe(
      "^([0-9]{2,3}/20[0-9]{2}/" VANBAN_CODE "-" VANBAN_CODE  // 01/2026/QĐ-UBND
      "|[0-9]{1,4}/" VANBAN_CODE "-" VANBAN_CODE              // 1234/QĐ-UBND, 1234/UBND-KT
      "|[0-9]{1,4}/" VANBAN_CODE                              // 123/UBND (commune)
      "|[0-9]{1,4}-" VANBAN_CODE "/" VANBAN_CODE ")$");       // 15-NQ/TU
#undef VANBAN_CODE
  return std::regex_match(number, kRe);
}

}  // namespace vanban::bench
