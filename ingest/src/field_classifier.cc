#include "field_classifier.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "doc_text.h"
#include "vanban/convert/text.h"

namespace vanban::metadata_internal {
namespace {

// ---------------------------------------------------------------- taxonomy (fields.tsv)

enum Field : int {
  kBoMay,
  kTaiChinhNhaNuoc,
  kThue,
  kDauTu,
  kXayDung,
  kDatDai,
  kMoiTruong,
  kNongNghiep,
  kGiaoThong,
  kGiaoDuc,
  kYTe,
  kVanHoa,
  kLaoDong,
  kChinhSachXaHoi,
  kCongThuong,
  kDoanhNghiep,
  kKhoaHoc,
  kCongNgheThongTin,
  kBaoChi,
  kVanThu,
  kTuPhap,
  kThanhTra,
  kXuLyViPham,
  kQuocPhong,
  kThiDua,
  kNganHang,
  kDanToc,
  kDang,
  kFieldCount
};

// Names exactly as in ingest/data/fields.tsv, in its order (a test compares the two).
constexpr std::array<const char*, kFieldCount> kFieldNames = {
    "Bộ máy hành chính",
    "Tài chính nhà nước",
    "Thuế - Phí - Lệ phí",
    "Đầu tư",
    "Xây dựng - Đô thị",
    "Đất đai",
    "Tài nguyên - Môi trường",
    "Nông nghiệp - Nông thôn",
    "Giao thông - Vận tải",
    "Giáo dục - Đào tạo",
    "Y tế",
    "Văn hóa - Thể thao - Du lịch",
    "Lao động - Tiền lương",
    "Chính sách xã hội",
    "Công thương",
    "Doanh nghiệp",
    "Khoa học - Công nghệ",
    "Công nghệ thông tin - Chuyển đổi số",
    "Báo chí - Xuất bản",
    "Văn thư - Lưu trữ",
    "Tư pháp",
    "Thanh tra - Khiếu nại - Tố cáo",
    "Xử lý vi phạm hành chính",
    "Quốc phòng - An ninh",
    "Thi đua - Khen thưởng",
    "Tài chính - Ngân hàng",
    "Dân tộc - Tôn giáo",
    "Công tác Đảng - Đoàn thể",
};

// ---------------------------------------------------------------- lexicon

// A term as written (with its diacritics; matched folded), the field it points to and how
// specific it is (0.3 a word used in many fields … 1.8 a term of art of that field only).
// Punctuation inside a term is ignored ("phòng, chống dịch" = "phòng chống dịch"). A term may
// be listed for two fields. Single syllables that fold onto common words are left out
// ("đất"/"đạt", "thuốc"/"thuộc", "chợ"/"cho", "bão"/"bảo"/"báo", "điện"/"diện", "Đảng"/"đang").
struct Term {
  const char* text;
  Field field;
  double weight;
};

// Set phrases that mean nothing here but would otherwise lend their last word to a term:
// "quy định mức chi" is "quy định" + "mức chi", not "định mức chi".
// So are set formulas that name no field: "người dân, doanh nghiệp" (the public), "phát triển
// kinh tế - xã hội, quốc phòng - an ninh" (the general tasks of a year).
constexpr const char* kNeutral[] = {
    "quy định", "theo quy định", "đơn vị", "người dân, doanh nghiệp", "người dân và doanh nghiệp",
    "phát triển kinh tế - xã hội", "kinh tế - xã hội, quốc phòng - an ninh",
    "kinh tế - xã hội, quốc phòng, an ninh", "kinh tế - xã hội và quốc phòng, an ninh",
    // Folded, "danh mục thủ tục" would read "mức thu".
    "danh mục"};

constexpr Term kTerms[] = {
    // Bộ máy hành chính
    {"tổ chức bộ máy", kBoMay, 1.5},
    {"cơ cấu tổ chức", kBoMay, 1.2},
    {"chức năng, nhiệm vụ, quyền hạn", kBoMay, 1.5},
    {"biên chế", kBoMay, 1.2},
    {"tinh giản biên chế", kBoMay, 1.8},
    {"cán bộ, công chức", kBoMay, 1.2},
    {"công chức", kBoMay, 1.0},
    {"viên chức", kBoMay, 0.8},
    {"công chức, viên chức", kBoMay, 1.3},
    {"tuyển dụng", kBoMay, 1.0},
    {"thi tuyển", kBoMay, 0.8},
    {"bổ nhiệm", kBoMay, 1.0},
    {"bổ nhiệm lại", kBoMay, 1.2},
    {"điều động", kBoMay, 0.6},
    {"luân chuyển", kBoMay, 0.6},
    {"nâng ngạch", kBoMay, 1.2},
    {"chuyển ngạch", kBoMay, 1.2},
    {"vị trí việc làm", kBoMay, 1.5},
    {"cải cách hành chính", kBoMay, 1.5},
    {"chỉ số cải cách hành chính", kBoMay, 1.8},
    {"thủ tục hành chính", kBoMay, 1.2},
    {"kiểm soát thủ tục hành chính", kBoMay, 1.5},
    {"một cửa", kBoMay, 1.0},
    {"một cửa liên thông", kBoMay, 1.5},
    {"bộ phận một cửa", kBoMay, 1.5},
    {"trung tâm phục vụ hành chính công", kBoMay, 1.5},
    {"quy chế làm việc", kBoMay, 1.5},
    {"sắp xếp đơn vị hành chính", kBoMay, 1.3},
    {"đơn vị hành chính", kBoMay, 0.6},
    {"chính quyền địa phương hai cấp", kBoMay, 1.3},
    {"kiện toàn", kBoMay, 0.8},
    {"giải thể", kBoMay, 0.6},
    {"sáp nhập", kBoMay, 0.8},
    {"phân cấp", kBoMay, 0.6},
    {"phân cấp, ủy quyền", kBoMay, 1.0},
    {"đạo đức công vụ", kBoMay, 1.2},
    {"văn hóa công vụ", kBoMay, 1.2},
    {"kỷ luật, kỷ cương hành chính", kBoMay, 1.5},
    {"đánh giá, xếp loại chất lượng", kBoMay, 1.2},
    {"người đứng đầu", kBoMay, 0.4},
    {"tổ công tác", kBoMay, 0.5},
    {"thành lập hội đồng", kBoMay, 0.5},
    {"nội vụ", kBoMay, 0.8},
    {"chế độ làm việc", kBoMay, 0.6},
    {"tổ chức hội", kBoMay, 1.0},
    {"địa giới hành chính", kBoMay, 1.2},
    {"chế độ báo cáo", kBoMay, 1.2},
    {"hệ thống thông tin báo cáo", kBoMay, 1.5},
    // Public services are administrative procedures (docs/corpus.md "Lĩnh vực").
    {"dịch vụ công trực tuyến", kBoMay, 1.0},
    {"cổng dịch vụ công", kBoMay, 1.0},
    {"phản ánh, kiến nghị", kBoMay, 1.0},
    {"tiếp nhận, xử lý phản ánh, kiến nghị", kBoMay, 1.5},
    {"chương trình giám sát", kBoMay, 1.3},
    {"hoạt động giám sát", kBoMay, 1.0},

    // Tài chính nhà nước
    {"ngân sách nhà nước", kTaiChinhNhaNuoc, 1.5},
    {"ngân sách", kTaiChinhNhaNuoc, 1.0},
    {"dự toán", kTaiChinhNhaNuoc, 0.8},
    {"dự toán ngân sách", kTaiChinhNhaNuoc, 1.5},
    {"quyết toán", kTaiChinhNhaNuoc, 1.2},
    {"quyết toán ngân sách", kTaiChinhNhaNuoc, 1.5},
    {"kinh phí", kTaiChinhNhaNuoc, 0.4},
    {"nguồn kinh phí", kTaiChinhNhaNuoc, 0.5},
    {"bố trí kinh phí", kTaiChinhNhaNuoc, 1.3},
    {"cấp kinh phí", kTaiChinhNhaNuoc, 1.2},
    {"tài sản công", kTaiChinhNhaNuoc, 1.5},
    {"quản lý, sử dụng tài sản công", kTaiChinhNhaNuoc, 1.8},
    {"định mức chi", kTaiChinhNhaNuoc, 1.5},
    {"mức chi", kTaiChinhNhaNuoc, 0.9},
    {"chế độ chi", kTaiChinhNhaNuoc, 1.0},
    {"chi thường xuyên", kTaiChinhNhaNuoc, 1.2},
    {"tự chủ tài chính", kTaiChinhNhaNuoc, 1.5},
    {"kho bạc nhà nước", kTaiChinhNhaNuoc, 1.2},
    {"công tác phí", kTaiChinhNhaNuoc, 1.5},
    {"phụ cấp", kTaiChinhNhaNuoc, 0.8},
    {"chế độ phụ cấp", kTaiChinhNhaNuoc, 1.2},
    {"chế độ hỗ trợ", kTaiChinhNhaNuoc, 1.0},
    {"mức hỗ trợ", kTaiChinhNhaNuoc, 0.8},
    {"quản lý kinh phí", kTaiChinhNhaNuoc, 1.2},
    {"quản lý, sử dụng kinh phí", kTaiChinhNhaNuoc, 1.5},
    {"mua sắm công", kTaiChinhNhaNuoc, 1.0},
    {"mua sắm tài sản", kTaiChinhNhaNuoc, 1.2},
    {"kế toán", kTaiChinhNhaNuoc, 0.9},
    {"kiểm toán nhà nước", kTaiChinhNhaNuoc, 1.0},
    {"bổ sung có mục tiêu", kTaiChinhNhaNuoc, 1.2},
    {"phân bổ", kTaiChinhNhaNuoc, 0.5},
    {"thu, chi ngân sách", kTaiChinhNhaNuoc, 1.5},
    {"thu ngân sách", kTaiChinhNhaNuoc, 1.3},
    {"chi ngân sách", kTaiChinhNhaNuoc, 1.3},
    {"tiết kiệm, chống lãng phí", kTaiChinhNhaNuoc, 1.2},
    {"thực hành tiết kiệm", kTaiChinhNhaNuoc, 1.2},
    {"tài chính công", kTaiChinhNhaNuoc, 1.3},
    {"trụ sở làm việc", kTaiChinhNhaNuoc, 0.8},
    {"cơ sở nhà, đất", kTaiChinhNhaNuoc, 1.2},
    {"tài sản dôi dư", kTaiChinhNhaNuoc, 1.3},
    {"xử lý tài sản", kTaiChinhNhaNuoc, 1.0},
    {"giá dịch vụ", kTaiChinhNhaNuoc, 0.6},
    {"quản lý giá", kTaiChinhNhaNuoc, 1.0},
    {"tài chính", kTaiChinhNhaNuoc, 0.4},

    // Thuế - Phí - Lệ phí
    {"thuế", kThue, 0.5},
    {"thuế giá trị gia tăng", kThue, 1.5},
    {"thuế thu nhập doanh nghiệp", kThue, 1.5},
    {"thuế thu nhập cá nhân", kThue, 1.5},
    {"thuế tiêu thụ đặc biệt", kThue, 1.5},
    {"thuế tài nguyên", kThue, 1.5},
    {"thuế bảo vệ môi trường", kThue, 1.5},
    {"thuế sử dụng đất phi nông nghiệp", kThue, 1.5},
    {"thuế sử dụng đất nông nghiệp", kThue, 1.5},
    {"thuế xuất khẩu, thuế nhập khẩu", kThue, 1.5},
    {"quản lý thuế", kThue, 1.5},
    {"người nộp thuế", kThue, 1.5},
    {"nộp thuế", kThue, 1.2},
    {"hoàn thuế", kThue, 1.5},
    {"miễn thuế", kThue, 1.2},
    {"giảm thuế", kThue, 1.2},
    {"gia hạn nộp thuế", kThue, 1.5},
    {"khai thuế", kThue, 1.3},
    {"nợ thuế", kThue, 1.5},
    {"cơ quan thuế", kThue, 1.2},
    {"lệ phí", kThue, 1.3},
    {"phí, lệ phí", kThue, 1.6},
    {"phí và lệ phí", kThue, 1.6},
    {"lệ phí trước bạ", kThue, 1.5},
    {"mức thu", kThue, 0.9},
    {"thu phí", kThue, 1.0},
    {"mức thu phí", kThue, 1.3},
    {"phí thẩm định", kThue, 1.2},
    {"phí bảo vệ môi trường", kThue, 1.3},
    {"hóa đơn", kThue, 0.7},
    {"hóa đơn điện tử", kThue, 1.2},
    {"hải quan", kThue, 1.0},

    // Đầu tư
    {"đầu tư", kDauTu, 0.5},
    {"đầu tư công", kDauTu, 1.5},
    {"kế hoạch đầu tư công", kDauTu, 1.6},
    {"vốn đầu tư công", kDauTu, 1.6},
    {"dự án đầu tư", kDauTu, 1.2},
    {"chủ trương đầu tư", kDauTu, 1.5},
    {"vốn đầu tư", kDauTu, 1.1},
    {"nhà đầu tư", kDauTu, 1.2},
    {"chủ đầu tư", kDauTu, 0.8},
    {"ưu đãi đầu tư", kDauTu, 1.5},
    {"xúc tiến đầu tư", kDauTu, 1.5},
    {"môi trường đầu tư", kDauTu, 1.2},
    {"thu hút đầu tư", kDauTu, 1.3},
    {"đối tác công tư", kDauTu, 1.5},
    {"PPP", kDauTu, 1.5},
    {"đấu thầu", kDauTu, 1.0},
    {"lựa chọn nhà thầu", kDauTu, 1.5},
    {"giải ngân", kDauTu, 1.0},
    {"giải ngân vốn đầu tư công", kDauTu, 1.8},
    {"ODA", kDauTu, 1.2},
    {"khu công nghiệp", kDauTu, 1.0},
    {"khu kinh tế", kDauTu, 1.0},
    {"đăng ký đầu tư", kDauTu, 1.5},
    {"dự án", kDauTu, 0.3},
    {"quy hoạch tỉnh", kDauTu, 0.9},
    {"kế hoạch phát triển kinh tế - xã hội", kDauTu, 0.9},
    {"đầu tư nước ngoài", kDauTu, 1.5},

    // Xây dựng - Đô thị
    {"ngành xây dựng", kXayDung, 1.2},
    {"hoạt động xây dựng", kXayDung, 1.5},
    {"công trình xây dựng", kXayDung, 1.2},
    {"giấy phép xây dựng", kXayDung, 1.5},
    {"cấp phép xây dựng", kXayDung, 1.5},
    {"trật tự xây dựng", kXayDung, 1.5},
    {"quy hoạch xây dựng", kXayDung, 1.5},
    {"quy hoạch đô thị", kXayDung, 1.5},
    {"quy hoạch chung", kXayDung, 1.0},
    {"quy hoạch phân khu", kXayDung, 1.5},
    {"quy hoạch chi tiết", kXayDung, 1.2},
    {"quy hoạch", kXayDung, 0.5},
    {"đô thị", kXayDung, 1.0},
    {"quản lý đô thị", kXayDung, 1.5},
    {"chỉnh trang đô thị", kXayDung, 1.5},
    {"phát triển đô thị", kXayDung, 1.3},
    {"nhà ở", kXayDung, 1.2},
    {"nhà ở xã hội", kXayDung, 1.6},
    {"chung cư", kXayDung, 1.2},
    {"bất động sản", kXayDung, 1.0},
    {"kinh doanh bất động sản", kXayDung, 1.5},
    {"vật liệu xây dựng", kXayDung, 1.5},
    {"chất lượng công trình", kXayDung, 1.3},
    {"hạ tầng kỹ thuật", kXayDung, 0.8},
    {"cấp nước", kXayDung, 1.0},
    {"thoát nước", kXayDung, 1.0},
    {"chiếu sáng công cộng", kXayDung, 1.2},
    {"cây xanh đô thị", kXayDung, 1.3},
    {"kiến trúc", kXayDung, 1.0},
    {"thiết kế xây dựng", kXayDung, 1.3},
    {"dự án đầu tư xây dựng", kXayDung, 1.5},
    {"thi công", kXayDung, 0.8},
    {"nghĩa trang", kXayDung, 1.0},

    // Đất đai
    {"đất đai", kDatDai, 1.5},
    {"giá đất", kDatDai, 1.5},
    {"bảng giá đất", kDatDai, 1.6},
    {"thu hồi đất", kDatDai, 1.5},
    {"giao đất", kDatDai, 1.3},
    {"cho thuê đất", kDatDai, 1.5},
    {"tiền thuê đất", kDatDai, 1.5},
    {"tiền sử dụng đất", kDatDai, 1.5},
    {"chuyển mục đích sử dụng đất", kDatDai, 1.6},
    {"quyền sử dụng đất", kDatDai, 1.5},
    {"giấy chứng nhận quyền sử dụng đất", kDatDai, 1.8},
    {"sử dụng đất", kDatDai, 1.0},
    {"bồi thường", kDatDai, 0.9},
    {"bồi thường, hỗ trợ, tái định cư", kDatDai, 1.8},
    {"tái định cư", kDatDai, 1.5},
    {"giải phóng mặt bằng", kDatDai, 1.5},
    {"kế hoạch sử dụng đất", kDatDai, 1.6},
    {"quy hoạch sử dụng đất", kDatDai, 1.6},
    {"địa chính", kDatDai, 1.2},
    {"đo đạc", kDatDai, 0.8},
    {"đấu giá quyền sử dụng đất", kDatDai, 1.8},
    {"đất ở", kDatDai, 1.0},
    {"đất nông nghiệp", kDatDai, 1.0},
    {"đất công", kDatDai, 0.8},
    {"thửa đất", kDatDai, 1.2},
    {"đăng ký đất đai", kDatDai, 1.5},
    {"hạn mức giao đất", kDatDai, 1.5},
    {"tranh chấp đất đai", kDatDai, 1.5},

    // Tài nguyên - Môi trường
    {"môi trường", kMoiTruong, 0.8},
    {"bảo vệ môi trường", kMoiTruong, 1.5},
    {"vệ sinh môi trường", kMoiTruong, 1.5},
    {"ô nhiễm", kMoiTruong, 1.2},
    {"ô nhiễm môi trường", kMoiTruong, 1.5},
    {"chất thải", kMoiTruong, 1.2},
    {"chất thải rắn", kMoiTruong, 1.5},
    {"chất thải rắn sinh hoạt", kMoiTruong, 1.6},
    {"rác thải", kMoiTruong, 1.2},
    {"phân loại rác", kMoiTruong, 1.5},
    {"xử lý rác", kMoiTruong, 1.4},
    {"nước thải", kMoiTruong, 1.2},
    {"khí thải", kMoiTruong, 1.2},
    {"đánh giá tác động môi trường", kMoiTruong, 1.8},
    {"giấy phép môi trường", kMoiTruong, 1.5},
    {"quan trắc", kMoiTruong, 1.2},
    {"tài nguyên", kMoiTruong, 0.6},
    {"tài nguyên nước", kMoiTruong, 1.5},
    {"khoáng sản", kMoiTruong, 1.5},
    {"khai thác khoáng sản", kMoiTruong, 1.6},
    {"cát, sỏi", kMoiTruong, 1.2},
    {"biến đổi khí hậu", kMoiTruong, 1.5},
    {"thiên tai", kMoiTruong, 1.2},
    {"phòng, chống thiên tai", kMoiTruong, 1.5},
    {"phòng chống thiên tai và tìm kiếm cứu nạn", kMoiTruong, 1.5},
    {"mưa lũ", kMoiTruong, 1.0},
    {"lũ quét", kMoiTruong, 1.2},
    {"đói, rét", kMoiTruong, 1.2},
    {"rét đậm, rét hại", kMoiTruong, 1.5},
    {"rét hại", kMoiTruong, 1.2},
    {"sạt lở", kMoiTruong, 1.2},
    {"sạt lở đất", kMoiTruong, 1.3},
    {"khí tượng thủy văn", kMoiTruong, 1.5},
    {"đa dạng sinh học", kMoiTruong, 1.5},
    {"tài nguyên và môi trường", kMoiTruong, 1.0},

    // Nông nghiệp - Nông thôn
    {"nông nghiệp", kNongNghiep, 1.0},
    {"nông thôn", kNongNghiep, 0.8},
    {"nông thôn mới", kNongNghiep, 1.6},
    {"xây dựng nông thôn mới", kNongNghiep, 1.8},
    {"trồng trọt", kNongNghiep, 1.2},
    {"chăn nuôi", kNongNghiep, 1.2},
    {"thú y", kNongNghiep, 1.2},
    {"dịch bệnh động vật", kNongNghiep, 1.3},
    {"dịch tả lợn châu Phi", kNongNghiep, 1.5},
    {"cúm gia cầm", kNongNghiep, 1.5},
    {"thủy sản", kNongNghiep, 1.2},
    {"nuôi trồng thủy sản", kNongNghiep, 1.5},
    {"lâm nghiệp", kNongNghiep, 1.2},
    {"rừng", kNongNghiep, 0.6},
    {"trồng rừng", kNongNghiep, 1.5},
    {"bảo vệ rừng", kNongNghiep, 1.3},
    {"phòng cháy, chữa cháy rừng", kNongNghiep, 1.5},
    {"phòng cháy, chữa cháy rừng", kQuocPhong, 1.2},
    {"kiểm lâm", kNongNghiep, 1.2},
    {"thủy lợi", kNongNghiep, 1.5},
    {"đê điều", kNongNghiep, 1.5},
    {"giống cây trồng", kNongNghiep, 1.2},
    {"cây trồng", kNongNghiep, 1.0},
    {"vật nuôi", kNongNghiep, 1.0},
    {"phân bón", kNongNghiep, 1.2},
    {"bảo vệ thực vật", kNongNghiep, 1.2},
    {"OCOP", kNongNghiep, 1.5},
    {"nông sản", kNongNghiep, 1.2},
    {"khuyến nông", kNongNghiep, 1.5},
    {"sản xuất nông nghiệp", kNongNghiep, 1.5},
    {"nước sạch nông thôn", kNongNghiep, 1.3},
    {"hợp tác xã nông nghiệp", kNongNghiep, 1.2},
    {"vụ đông", kNongNghiep, 1.0},
    {"vụ xuân", kNongNghiep, 1.0},
    // Not "chè" alone: folded, it is the "chế" of "quy chế", "chế độ", "cơ chế".
    {"cây chè", kNongNghiep, 1.0},
    {"vùng chè", kNongNghiep, 1.0},
    {"chè búp", kNongNghiep, 1.0},

    // Giao thông - Vận tải
    {"giao thông", kGiaoThong, 0.8},
    {"giao thông vận tải", kGiaoThong, 1.3},
    {"an toàn giao thông", kGiaoThong, 1.5},
    {"trật tự, an toàn giao thông", kGiaoThong, 1.8},
    {"tai nạn giao thông", kGiaoThong, 1.5},
    {"vận tải", kGiaoThong, 1.0},
    {"vận tải hành khách", kGiaoThong, 1.5},
    {"đường bộ", kGiaoThong, 1.2},
    {"giao thông đường bộ", kGiaoThong, 1.5},
    {"đường thủy nội địa", kGiaoThong, 1.5},
    {"đường sắt", kGiaoThong, 1.2},
    {"hàng không", kGiaoThong, 1.0},
    {"phương tiện giao thông", kGiaoThong, 1.2},
    {"xe cơ giới", kGiaoThong, 1.2},
    {"xe ô tô", kGiaoThong, 0.9},
    {"giấy phép lái xe", kGiaoThong, 1.5},
    {"đăng kiểm", kGiaoThong, 1.5},
    {"bến xe", kGiaoThong, 1.2},
    {"xe buýt", kGiaoThong, 1.2},
    {"kết cấu hạ tầng giao thông", kGiaoThong, 1.5},
    {"tải trọng", kGiaoThong, 1.0},
    {"quốc lộ", kGiaoThong, 1.2},
    {"tỉnh lộ", kGiaoThong, 1.2},
    {"bảo trì đường bộ", kGiaoThong, 1.5},
    {"đường giao thông nông thôn", kGiaoThong, 1.3},

    // Giáo dục - Đào tạo
    {"giáo dục", kGiaoDuc, 1.0},
    {"giáo dục và đào tạo", kGiaoDuc, 1.5},
    {"đào tạo", kGiaoDuc, 0.5},
    {"học sinh", kGiaoDuc, 1.2},
    {"sinh viên", kGiaoDuc, 1.0},
    {"học viên", kGiaoDuc, 0.6},
    {"giáo viên", kGiaoDuc, 1.2},
    {"nhà giáo", kGiaoDuc, 1.2},
    {"cán bộ quản lý giáo dục", kGiaoDuc, 1.5},
    {"trường học", kGiaoDuc, 1.2},
    {"mầm non", kGiaoDuc, 1.2},
    {"tiểu học", kGiaoDuc, 1.2},
    {"trung học cơ sở", kGiaoDuc, 1.5},
    {"trung học phổ thông", kGiaoDuc, 1.5},
    {"giáo dục phổ thông", kGiaoDuc, 1.5},
    {"năm học", kGiaoDuc, 1.5},
    {"tuyển sinh", kGiaoDuc, 1.5},
    {"thi tốt nghiệp", kGiaoDuc, 1.5},
    {"sách giáo khoa", kGiaoDuc, 1.5},
    {"chương trình giáo dục", kGiaoDuc, 1.5},
    {"học phí", kGiaoDuc, 1.5},
    {"giáo dục nghề nghiệp", kGiaoDuc, 1.5},
    {"đào tạo nghề", kGiaoDuc, 1.2},
    {"cơ sở giáo dục", kGiaoDuc, 1.5},
    {"phổ cập giáo dục", kGiaoDuc, 1.5},
    {"xóa mù chữ", kGiaoDuc, 1.5},
    {"học bổng", kGiaoDuc, 1.2},
    {"đại học", kGiaoDuc, 1.0},
    {"trường chuẩn quốc gia", kGiaoDuc, 1.3},
    {"môi trường giáo dục", kGiaoDuc, 1.2},
    {"học tập suốt đời", kGiaoDuc, 1.2},
    {"xã hội học tập", kGiaoDuc, 1.3},

    // Y tế
    {"y tế", kYTe, 1.2},
    {"khám bệnh, chữa bệnh", kYTe, 1.8},
    {"hồ sơ bệnh án", kYTe, 1.5},
    {"bệnh án điện tử", kYTe, 1.5},
    {"khám, chữa bệnh", kYTe, 1.8},
    {"bệnh viện", kYTe, 1.5},
    {"trạm y tế", kYTe, 1.5},
    {"trung tâm y tế", kYTe, 1.5},
    {"y tế cơ sở", kYTe, 1.5},
    {"bảo hiểm y tế", kYTe, 1.5},
    {"dược phẩm", kYTe, 1.2},
    {"thuốc chữa bệnh", kYTe, 1.3},
    {"trang thiết bị y tế", kYTe, 1.5},
    {"dịch bệnh", kYTe, 1.2},
    {"phòng, chống dịch", kYTe, 1.5},
    {"phòng, chống dịch bệnh", kYTe, 1.6},
    {"bệnh truyền nhiễm", kYTe, 1.5},
    {"sốt xuất huyết", kYTe, 1.5},
    {"COVID", kYTe, 1.5},
    {"tiêm chủng", kYTe, 1.5},
    {"vắc xin", kYTe, 1.5},
    {"an toàn thực phẩm", kYTe, 1.5},
    {"ngộ độc thực phẩm", kYTe, 1.5},
    {"sức khỏe", kYTe, 0.9},
    {"chăm sóc sức khỏe", kYTe, 1.5},
    {"khám sức khỏe", kYTe, 1.0},
    {"người bệnh", kYTe, 1.2},
    {"bác sĩ", kYTe, 1.2},
    {"nhân viên y tế", kYTe, 1.3},
    {"dân số", kYTe, 0.8},
    {"kế hoạch hóa gia đình", kYTe, 1.2},
    {"giám định y khoa", kYTe, 1.5},
    {"pháp y", kYTe, 1.3},
    {"pháp y tâm thần", kYTe, 1.5},
    {"y dược cổ truyền", kYTe, 1.5},
    {"HIV", kYTe, 1.3},
    {"bệnh", kYTe, 0.4},

    // Văn hóa - Thể thao - Du lịch
    {"văn hóa", kVanHoa, 0.7},
    {"di tích", kVanHoa, 1.5},
    {"di tích lịch sử", kVanHoa, 1.6},
    {"di sản", kVanHoa, 1.2},
    {"di sản văn hóa", kVanHoa, 1.5},
    {"lễ hội", kVanHoa, 1.5},
    {"nếp sống văn minh", kVanHoa, 1.5},
    {"gia đình văn hóa", kVanHoa, 1.5},
    {"xây dựng đời sống văn hóa", kVanHoa, 1.5},
    {"thiết chế văn hóa", kVanHoa, 1.5},
    {"nhà văn hóa", kVanHoa, 1.2},
    {"thư viện", kVanHoa, 1.2},
    {"bảo tàng", kVanHoa, 1.2},
    {"nghệ thuật", kVanHoa, 1.0},
    {"biểu diễn nghệ thuật", kVanHoa, 1.5},
    {"văn nghệ", kVanHoa, 1.0},
    {"quảng cáo", kVanHoa, 1.0},
    {"karaoke", kVanHoa, 1.2},
    {"thể thao", kVanHoa, 1.2},
    {"thể dục thể thao", kVanHoa, 1.5},
    {"đại hội thể dục thể thao", kVanHoa, 1.6},
    {"giải thể thao", kVanHoa, 1.5},
    {"vận động viên", kVanHoa, 1.5},
    {"du lịch", kVanHoa, 1.5},
    {"khu du lịch", kVanHoa, 1.5},
    {"phát triển du lịch", kVanHoa, 1.6},
    {"danh lam thắng cảnh", kVanHoa, 1.5},
    {"gia đình", kVanHoa, 0.5},
    {"bạo lực gia đình", kVanHoa, 1.2},
    {"văn hóa, thể thao và du lịch", kVanHoa, 1.2},
    {"kỷ niệm", kVanHoa, 0.5},

    // Lao động - Tiền lương
    {"lao động", kLaoDong, 0.7},
    {"người lao động", kLaoDong, 1.0},
    {"người sử dụng lao động", kLaoDong, 1.3},
    {"tiền lương", kLaoDong, 1.5},
    {"chế độ tiền lương", kLaoDong, 1.5},
    {"lương cơ sở", kLaoDong, 1.5},
    {"mức lương tối thiểu", kLaoDong, 1.5},
    {"lương tối thiểu vùng", kLaoDong, 1.6},
    {"nâng lương", kLaoDong, 1.5},
    {"nâng bậc lương", kLaoDong, 1.5},
    {"thang lương, bảng lương", kLaoDong, 1.5},
    {"bảo hiểm xã hội", kLaoDong, 1.5},
    {"bảo hiểm thất nghiệp", kLaoDong, 1.5},
    {"việc làm", kLaoDong, 1.0},
    {"giải quyết việc làm", kLaoDong, 1.5},
    {"hợp đồng lao động", kLaoDong, 1.5},
    {"an toàn, vệ sinh lao động", kLaoDong, 1.5},
    {"tai nạn lao động", kLaoDong, 1.5},
    {"quan hệ lao động", kLaoDong, 1.2},
    {"tranh chấp lao động", kLaoDong, 1.5},
    {"thị trường lao động", kLaoDong, 1.2},
    {"người lao động nước ngoài", kLaoDong, 1.6},
    {"giấy phép lao động", kLaoDong, 1.5},
    {"đi làm việc ở nước ngoài", kLaoDong, 1.5},
    {"xuất khẩu lao động", kLaoDong, 1.5},
    {"nghỉ hưu", kLaoDong, 0.8},
    {"lương hưu", kLaoDong, 1.2},

    // Chính sách xã hội
    {"chính sách xã hội", kChinhSachXaHoi, 1.2},
    {"an sinh xã hội", kChinhSachXaHoi, 1.5},
    {"bảo trợ xã hội", kChinhSachXaHoi, 1.5},
    {"trợ giúp xã hội", kChinhSachXaHoi, 1.5},
    {"trợ cấp xã hội", kChinhSachXaHoi, 1.5},
    {"trợ cấp", kChinhSachXaHoi, 0.7},
    {"giảm nghèo", kChinhSachXaHoi, 1.5},
    {"giảm nghèo bền vững", kChinhSachXaHoi, 1.6},
    {"hộ nghèo", kChinhSachXaHoi, 1.5},
    {"hộ cận nghèo", kChinhSachXaHoi, 1.5},
    {"người có công", kChinhSachXaHoi, 1.5},
    {"người có công với cách mạng", kChinhSachXaHoi, 1.8},
    {"thương binh", kChinhSachXaHoi, 1.2},
    {"liệt sĩ", kChinhSachXaHoi, 1.2},
    {"đền ơn đáp nghĩa", kChinhSachXaHoi, 1.5},
    {"nhà tình nghĩa", kChinhSachXaHoi, 1.5},
    {"trẻ em", kChinhSachXaHoi, 1.0},
    {"bảo vệ trẻ em", kChinhSachXaHoi, 1.5},
    {"bình đẳng giới", kChinhSachXaHoi, 1.5},
    {"người khuyết tật", kChinhSachXaHoi, 1.2},
    {"người cao tuổi", kChinhSachXaHoi, 1.2},
    {"cứu trợ", kChinhSachXaHoi, 1.0},
    {"cứu đói", kChinhSachXaHoi, 1.3},
    {"xóa nhà tạm, nhà dột nát", kChinhSachXaHoi, 1.8},
    {"nhà tạm", kChinhSachXaHoi, 1.0},
    {"cai nghiện", kChinhSachXaHoi, 1.2},
    {"tệ nạn xã hội", kChinhSachXaHoi, 1.2},
    {"tín dụng chính sách", kChinhSachXaHoi, 1.0},
    {"đối tượng chính sách", kChinhSachXaHoi, 1.2},

    // Công thương
    {"công thương", kCongThuong, 1.2},
    {"công nghiệp", kCongThuong, 0.8},
    {"thương mại", kCongThuong, 1.0},
    {"xuất khẩu", kCongThuong, 1.0},
    {"nhập khẩu", kCongThuong, 1.0},
    {"xuất nhập khẩu", kCongThuong, 1.2},
    {"quản lý thị trường", kCongThuong, 1.5},
    {"hàng giả", kCongThuong, 1.5},
    {"gian lận thương mại", kCongThuong, 1.5},
    {"buôn lậu", kCongThuong, 1.0},
    {"thương mại điện tử", kCongThuong, 1.5},
    {"bảo vệ quyền lợi người tiêu dùng", kCongThuong, 1.8},
    {"người tiêu dùng", kCongThuong, 1.2},
    {"năng lượng", kCongThuong, 1.0},
    {"tiết kiệm năng lượng", kCongThuong, 1.5},
    {"điện lực", kCongThuong, 1.5},
    {"cung cấp điện", kCongThuong, 1.3},
    {"an toàn điện", kCongThuong, 1.2},
    {"điện mặt trời", kCongThuong, 1.3},
    {"khuyến công", kCongThuong, 1.5},
    {"cụm công nghiệp", kCongThuong, 1.2},
    {"xăng dầu", kCongThuong, 1.5},
    {"hóa chất", kCongThuong, 1.0},
    {"vật liệu nổ công nghiệp", kCongThuong, 1.5},
    {"bình ổn giá", kCongThuong, 1.2},
    {"xúc tiến thương mại", kCongThuong, 1.5},
    {"hội chợ", kCongThuong, 1.0},
    {"chợ truyền thống", kCongThuong, 1.3},
    {"phát triển chợ", kCongThuong, 1.3},
    {"hàng hóa", kCongThuong, 0.6},
    {"rượu", kCongThuong, 0.8},
    {"thuốc lá", kCongThuong, 0.8},
    {"tiểu thủ công nghiệp", kCongThuong, 1.3},
    {"sản xuất công nghiệp", kCongThuong, 1.3},

    // Doanh nghiệp
    {"doanh nghiệp", kDoanhNghiep, 0.8},
    {"doanh nghiệp nhà nước", kDoanhNghiep, 1.5},
    {"doanh nghiệp nhỏ và vừa", kDoanhNghiep, 1.5},
    {"hỗ trợ doanh nghiệp", kDoanhNghiep, 1.2},
    {"phát triển doanh nghiệp", kDoanhNghiep, 1.2},
    {"đăng ký doanh nghiệp", kDoanhNghiep, 1.5},
    {"đăng ký kinh doanh", kDoanhNghiep, 1.5},
    {"hộ kinh doanh", kDoanhNghiep, 1.2},
    {"hợp tác xã", kDoanhNghiep, 1.2},
    {"kinh tế tập thể", kDoanhNghiep, 1.5},
    {"công ty", kDoanhNghiep, 0.7},
    {"công ty trách nhiệm hữu hạn", kDoanhNghiep, 1.3},
    {"công ty cổ phần", kDoanhNghiep, 1.0},
    {"cổ phần hóa", kDoanhNghiep, 1.5},
    {"thoái vốn", kDoanhNghiep, 1.5},
    {"vốn nhà nước tại doanh nghiệp", kDoanhNghiep, 1.8},
    {"môi trường kinh doanh", kDoanhNghiep, 1.2},
    {"năng lực cạnh tranh", kDoanhNghiep, 1.0},
    {"PCI", kDoanhNghiep, 1.2},
    {"kinh tế tư nhân", kDoanhNghiep, 1.5},
    {"khởi nghiệp", kDoanhNghiep, 0.8},

    // Khoa học - Công nghệ
    {"khoa học và công nghệ", kKhoaHoc, 1.5},
    {"khoa học, công nghệ", kKhoaHoc, 1.5},
    {"khoa học", kKhoaHoc, 0.8},
    {"công nghệ", kKhoaHoc, 0.5},
    {"đổi mới sáng tạo", kKhoaHoc, 1.5},
    {"nghiên cứu khoa học", kKhoaHoc, 1.5},
    {"nhiệm vụ khoa học và công nghệ", kKhoaHoc, 1.8},
    {"đề tài", kKhoaHoc, 1.0},
    {"sở hữu trí tuệ", kKhoaHoc, 1.5},
    {"sáng kiến", kKhoaHoc, 1.0},
    {"sáng chế", kKhoaHoc, 1.2},
    {"nhãn hiệu", kKhoaHoc, 1.0},
    {"tiêu chuẩn, đo lường, chất lượng", kKhoaHoc, 1.8},
    {"đo lường", kKhoaHoc, 1.0},
    {"tiêu chuẩn", kKhoaHoc, 0.4},
    {"quy chuẩn kỹ thuật", kKhoaHoc, 1.0},
    {"chuyển giao công nghệ", kKhoaHoc, 1.5},
    {"an toàn bức xạ", kKhoaHoc, 1.5},
    {"năng lượng nguyên tử", kKhoaHoc, 1.5},
    {"khởi nghiệp sáng tạo", kKhoaHoc, 1.5},
    {"hệ thống quản lý chất lượng", kKhoaHoc, 1.2},
    {"ISO", kKhoaHoc, 1.0},
    {"truy xuất nguồn gốc", kKhoaHoc, 1.0},

    // Công nghệ thông tin - Chuyển đổi số
    {"chuyển đổi số", kCongNgheThongTin, 1.8},
    {"công nghệ thông tin", kCongNgheThongTin, 1.5},
    {"ứng dụng công nghệ thông tin", kCongNgheThongTin, 1.8},
    {"an toàn thông tin", kCongNgheThongTin, 1.5},
    {"an toàn thông tin mạng", kCongNgheThongTin, 1.8},
    {"an ninh mạng", kCongNgheThongTin, 1.0},
    {"cổng thông tin điện tử", kCongNgheThongTin, 1.6},
    {"trang thông tin điện tử", kCongNgheThongTin, 1.5},
    {"cổng dịch vụ công", kCongNgheThongTin, 1.3},
    {"chính quyền điện tử", kCongNgheThongTin, 1.5},
    {"chính quyền số", kCongNgheThongTin, 1.5},
    {"chính phủ điện tử", kCongNgheThongTin, 1.5},
    {"chính phủ số", kCongNgheThongTin, 1.5},
    {"kinh tế số", kCongNgheThongTin, 1.2},
    {"xã hội số", kCongNgheThongTin, 1.2},
    {"dịch vụ công trực tuyến", kCongNgheThongTin, 1.5},
    {"cơ sở dữ liệu", kCongNgheThongTin, 1.2},
    {"dữ liệu", kCongNgheThongTin, 0.6},
    {"kết nối, chia sẻ dữ liệu", kCongNgheThongTin, 1.5},
    {"phần mềm", kCongNgheThongTin, 1.0},
    {"hệ thống thông tin", kCongNgheThongTin, 1.2},
    {"chữ ký số", kCongNgheThongTin, 1.5},
    {"ký số", kCongNgheThongTin, 1.2},
    {"chứng thư số", kCongNgheThongTin, 1.5},
    {"viễn thông", kCongNgheThongTin, 1.2},
    {"bưu chính", kCongNgheThongTin, 1.5},
    {"Internet", kCongNgheThongTin, 0.9},
    {"mạng xã hội", kCongNgheThongTin, 1.0},
    {"môi trường mạng", kCongNgheThongTin, 0.8},
    {"trung tâm dữ liệu", kCongNgheThongTin, 1.2},
    {"nền tảng số", kCongNgheThongTin, 1.5},
    {"hạ tầng số", kCongNgheThongTin, 1.5},
    {"điện toán đám mây", kCongNgheThongTin, 1.5},
    {"trí tuệ nhân tạo", kCongNgheThongTin, 1.2},
    {"giao dịch điện tử", kCongNgheThongTin, 1.2},
    {"thư điện tử", kCongNgheThongTin, 1.0},
    {"tên miền", kCongNgheThongTin, 1.2},
    {"mã độc", kCongNgheThongTin, 1.5},
    {"số hóa", kCongNgheThongTin, 1.0},
    {"điện tử", kCongNgheThongTin, 0.8},
    {"trực tuyến", kCongNgheThongTin, 0.8},
    {"môi trường điện tử", kCongNgheThongTin, 1.0},
    {"tổng đài", kCongNgheThongTin, 0.8},
    {"dữ liệu số", kCongNgheThongTin, 1.2},
    // A field's own activity done by electronic means: both fields (docs/corpus.md).
    {"bệnh án điện tử", kCongNgheThongTin, 1.0},
    {"văn bản điện tử", kCongNgheThongTin, 0.8},
    {"lưu trữ điện tử", kCongNgheThongTin, 1.0},
    {"tài liệu lưu trữ điện tử", kCongNgheThongTin, 1.0},
    {"hệ thống thông tin báo cáo", kCongNgheThongTin, 1.2},
    {"định danh điện tử", kCongNgheThongTin, 1.2},
    {"thông tin và truyền thông", kCongNgheThongTin, 1.0},
    {"hệ thống quản lý văn bản và điều hành", kCongNgheThongTin, 1.2},
    {"lưu trữ dữ liệu", kCongNgheThongTin, 1.0},
    {"cách mạng công nghiệp lần thứ tư", kCongNgheThongTin, 1.5},
    {"cách mạng công nghiệp lần thứ tư", kKhoaHoc, 1.2},

    // Báo chí - Xuất bản
    {"báo chí", kBaoChi, 1.5},
    {"xuất bản", kBaoChi, 1.5},
    {"nhuận bút", kBaoChi, 1.8},
    {"thù lao", kBaoChi, 0.6},
    {"nhuận bút, thù lao", kBaoChi, 1.8},
    {"phát thanh", kBaoChi, 1.2},
    {"truyền hình", kBaoChi, 1.2},
    {"phát thanh, truyền hình", kBaoChi, 1.5},
    {"truyền thanh", kBaoChi, 1.2},
    {"cơ quan báo chí", kBaoChi, 1.5},
    {"nhà báo", kBaoChi, 1.5},
    {"phóng viên", kBaoChi, 1.2},
    {"tác phẩm báo chí", kBaoChi, 1.8},
    {"tin, bài", kBaoChi, 1.2},
    {"ấn phẩm", kBaoChi, 1.2},
    {"tạp chí", kBaoChi, 1.2},
    {"bản tin", kBaoChi, 1.0},
    {"thông tin đối ngoại", kBaoChi, 1.2},
    {"thông tin cơ sở", kBaoChi, 1.2},
    {"phát ngôn", kBaoChi, 1.2},
    {"người phát ngôn", kBaoChi, 1.5},
    {"cung cấp thông tin cho báo chí", kBaoChi, 1.8},
    {"ban biên tập", kBaoChi, 0.9},
    {"biên tập", kBaoChi, 0.7},
    {"tuyên truyền", kBaoChi, 0.4},
    {"truyền thông", kBaoChi, 0.6},

    // Văn thư - Lưu trữ
    {"văn thư", kVanThu, 1.5},
    {"công tác văn thư", kVanThu, 1.8},
    {"văn thư, lưu trữ", kVanThu, 1.8},
    {"lưu trữ", kVanThu, 1.2},
    {"tài liệu lưu trữ", kVanThu, 1.5},
    {"lưu trữ điện tử", kVanThu, 1.5},
    {"tài liệu lưu trữ điện tử", kVanThu, 1.8},
    {"lưu trữ lịch sử", kVanThu, 1.5},
    {"lập hồ sơ", kVanThu, 1.0},
    {"nộp lưu", kVanThu, 1.5},
    {"con dấu", kVanThu, 1.2},
    {"thể thức văn bản", kVanThu, 1.5},
    {"kỹ thuật trình bày văn bản", kVanThu, 1.8},
    {"văn bản đến", kVanThu, 1.0},
    {"văn bản đi", kVanThu, 1.0},
    {"quản lý văn bản", kVanThu, 1.0},
    {"văn bản điện tử", kVanThu, 0.8},
    {"hệ thống quản lý văn bản và điều hành", kVanThu, 1.0},
    {"phông lưu trữ", kVanThu, 1.5},
    {"thời hạn bảo quản", kVanThu, 1.2},
    {"hủy tài liệu", kVanThu, 1.2},
    {"bản sao", kVanThu, 0.4},
    {"sao y", kVanThu, 1.0},

    // Tư pháp
    {"tư pháp", kTuPhap, 1.0},
    {"văn bản quy phạm pháp luật", kTuPhap, 0.5},
    {"xây dựng văn bản quy phạm pháp luật", kTuPhap, 1.5},
    {"ban hành văn bản quy phạm pháp luật", kTuPhap, 1.0},
    {"kiểm tra văn bản", kTuPhap, 1.2},
    {"rà soát văn bản", kTuPhap, 1.2},
    {"rà soát, hệ thống hóa văn bản", kTuPhap, 1.6},
    {"hệ thống hóa văn bản", kTuPhap, 1.5},
    {"phổ biến, giáo dục pháp luật", kTuPhap, 1.8},
    {"phổ biến pháp luật", kTuPhap, 1.5},
    {"tuyên truyền pháp luật", kTuPhap, 1.2},
    {"hòa giải ở cơ sở", kTuPhap, 1.5},
    {"tiếp cận pháp luật", kTuPhap, 1.2},
    {"hộ tịch", kTuPhap, 1.5},
    {"đăng ký hộ tịch", kTuPhap, 1.5},
    {"khai sinh", kTuPhap, 1.2},
    {"kết hôn", kTuPhap, 1.2},
    {"công chứng", kTuPhap, 1.5},
    {"chứng thực", kTuPhap, 1.2},
    {"trợ giúp pháp lý", kTuPhap, 1.5},
    {"lý lịch tư pháp", kTuPhap, 1.5},
    {"thi hành án", kTuPhap, 1.5},
    {"thi hành án dân sự", kTuPhap, 1.8},
    {"bồi thường nhà nước", kTuPhap, 1.5},
    {"trách nhiệm bồi thường của Nhà nước", kTuPhap, 1.6},
    {"đấu giá tài sản", kTuPhap, 1.2},
    {"luật sư", kTuPhap, 1.2},
    {"giám định tư pháp", kTuPhap, 1.5},
    {"quốc tịch", kTuPhap, 1.2},
    {"pháp chế", kTuPhap, 1.2},
    {"theo dõi thi hành pháp luật", kTuPhap, 1.5},
    {"Ngày Pháp luật", kTuPhap, 1.8},

    // Thanh tra - Khiếu nại - Tố cáo
    {"thanh tra", kThanhTra, 1.2},
    {"kết luận thanh tra", kThanhTra, 1.8},
    {"đoàn thanh tra", kThanhTra, 1.5},
    {"thanh tra, kiểm tra", kThanhTra, 1.3},
    {"khiếu nại", kThanhTra, 1.5},
    {"tố cáo", kThanhTra, 1.5},
    {"khiếu nại, tố cáo", kThanhTra, 1.8},
    {"giải quyết khiếu nại", kThanhTra, 1.8},
    {"tiếp công dân", kThanhTra, 1.8},
    {"kiến nghị, phản ánh", kThanhTra, 0.6},
    {"kiến nghị, phản ánh", kBoMay, 0.8},
    {"tham nhũng", kThanhTra, 1.5},
    {"phòng, chống tham nhũng", kThanhTra, 1.8},
    {"phòng, chống tham nhũng, tiêu cực", kThanhTra, 1.8},
    {"tiêu cực", kThanhTra, 0.6},
    {"kê khai tài sản", kThanhTra, 1.5},
    {"kiểm soát tài sản, thu nhập", kThanhTra, 1.5},
    {"xung đột lợi ích", kThanhTra, 1.2},

    // Xử lý vi phạm hành chính
    {"xử lý vi phạm hành chính", kXuLyViPham, 1.8},
    {"vi phạm hành chính", kXuLyViPham, 1.5},
    {"xử phạt vi phạm hành chính", kXuLyViPham, 1.8},
    {"xử phạt", kXuLyViPham, 1.2},
    {"phạt tiền", kXuLyViPham, 1.2},
    {"mức phạt", kXuLyViPham, 1.2},
    {"biên bản vi phạm hành chính", kXuLyViPham, 1.8},
    {"quyết định xử phạt", kXuLyViPham, 1.5},
    {"thẩm quyền xử phạt", kXuLyViPham, 1.5},
    {"giao quyền xử phạt", kXuLyViPham, 1.5},
    {"cưỡng chế", kXuLyViPham, 1.0},
    {"biện pháp khắc phục hậu quả", kXuLyViPham, 1.5},
    {"tịch thu", kXuLyViPham, 1.0},

    // Quốc phòng - An ninh
    {"quốc phòng", kQuocPhong, 1.5},
    {"an ninh", kQuocPhong, 0.8},
    {"quốc phòng, an ninh", kQuocPhong, 1.6},
    {"an ninh trật tự", kQuocPhong, 1.5},
    {"an ninh, trật tự", kQuocPhong, 1.5},
    {"trật tự, an toàn xã hội", kQuocPhong, 1.5},
    {"an ninh quốc gia", kQuocPhong, 1.2},
    {"an ninh mạng", kQuocPhong, 1.0},
    {"nghĩa vụ quân sự", kQuocPhong, 1.8},
    {"nhập ngũ", kQuocPhong, 1.5},
    {"tuyển quân", kQuocPhong, 1.5},
    {"dân quân tự vệ", kQuocPhong, 1.8},
    {"quân sự", kQuocPhong, 1.2},
    {"giáo dục quốc phòng và an ninh", kQuocPhong, 1.6},
    {"khu vực phòng thủ", kQuocPhong, 1.5},
    {"phòng thủ dân sự", kQuocPhong, 1.5},
    {"phòng cháy, chữa cháy", kQuocPhong, 1.8},
    {"cứu nạn, cứu hộ", kQuocPhong, 1.5},
    {"biên giới", kQuocPhong, 1.0},
    {"biên phòng", kQuocPhong, 1.3},
    {"công an", kQuocPhong, 0.8},
    {"tội phạm", kQuocPhong, 1.2},
    {"phòng, chống tội phạm", kQuocPhong, 1.5},
    {"ma túy", kQuocPhong, 1.2},
    {"phòng, chống ma túy", kQuocPhong, 1.5},
    {"vũ khí", kQuocPhong, 1.2},
    {"vũ khí, vật liệu nổ và công cụ hỗ trợ", kQuocPhong, 1.8},
    {"cư trú", kQuocPhong, 1.2},
    {"căn cước", kQuocPhong, 1.2},
    {"căn cước công dân", kQuocPhong, 1.5},
    {"xuất nhập cảnh", kQuocPhong, 1.5},
    {"bí mật nhà nước", kQuocPhong, 1.2},
    {"bảo vệ bí mật nhà nước", kQuocPhong, 1.5},
    {"quân nhân", kQuocPhong, 1.2},
    {"hậu phương quân đội", kQuocPhong, 1.2},
    {"định danh điện tử", kQuocPhong, 0.6},
    // The national population database and identity cards are kept by the police.
    {"dữ liệu về dân cư", kQuocPhong, 1.0},
    {"cơ sở dữ liệu quốc gia về dân cư", kQuocPhong, 1.2},

    // Thi đua - Khen thưởng
    {"thi đua", kThiDua, 1.5},
    {"khen thưởng", kThiDua, 1.5},
    {"thi đua, khen thưởng", kThiDua, 1.8},
    {"phong trào thi đua", kThiDua, 1.8},
    {"danh hiệu thi đua", kThiDua, 1.8},
    {"hình thức khen thưởng", kThiDua, 1.5},
    {"bằng khen", kThiDua, 1.5},
    {"giấy khen", kThiDua, 1.5},
    {"danh hiệu", kThiDua, 1.0},
    {"chiến sĩ thi đua", kThiDua, 1.8},
    {"cờ thi đua", kThiDua, 1.8},
    {"lao động tiên tiến", kThiDua, 1.5},
    {"tập thể lao động xuất sắc", kThiDua, 1.5},
    {"huân chương", kThiDua, 1.5},
    {"huy chương", kThiDua, 1.0},
    {"kỷ niệm chương", kThiDua, 1.5},
    {"điển hình tiên tiến", kThiDua, 1.2},
    {"gương người tốt, việc tốt", kThiDua, 1.5},

    // Tài chính - Ngân hàng
    {"ngân hàng", kNganHang, 1.2},
    {"tổ chức tín dụng", kNganHang, 1.5},
    {"tín dụng", kNganHang, 1.2},
    {"cho vay", kNganHang, 1.0},
    {"lãi suất", kNganHang, 1.5},
    {"tiền tệ", kNganHang, 1.2},
    {"ngoại hối", kNganHang, 1.5},
    {"bảo hiểm", kNganHang, 0.6},
    {"kinh doanh bảo hiểm", kNganHang, 1.5},
    {"chứng khoán", kNganHang, 1.5},
    {"thị trường chứng khoán", kNganHang, 1.8},
    {"trái phiếu", kNganHang, 1.2},
    {"nợ xấu", kNganHang, 1.5},
    {"quỹ tín dụng nhân dân", kNganHang, 1.8},
    {"thanh toán không dùng tiền mặt", kNganHang, 1.5},
    {"tài chính vi mô", kNganHang, 1.5},
    {"ngân hàng chính sách xã hội", kNganHang, 1.0},
    {"ngân hàng chính sách xã hội", kChinhSachXaHoi, 0.8},
    {"vốn vay", kNganHang, 0.7},

    // Dân tộc - Tôn giáo
    {"dân tộc", kDanToc, 0.4},
    {"dân tộc thiểu số", kDanToc, 1.5},
    {"đồng bào dân tộc thiểu số", kDanToc, 1.6},
    {"vùng đồng bào dân tộc thiểu số và miền núi", kDanToc, 1.8},
    {"công tác dân tộc", kDanToc, 1.8},
    {"chính sách dân tộc", kDanToc, 1.8},
    {"miền núi", kDanToc, 0.8},
    {"người có uy tín", kDanToc, 1.5},
    {"tôn giáo", kDanToc, 1.5},
    {"tín ngưỡng", kDanToc, 1.5},
    {"tín ngưỡng, tôn giáo", kDanToc, 1.8},
    {"hoạt động tôn giáo", kDanToc, 1.5},
    {"cơ sở tôn giáo", kDanToc, 1.5},
    {"chức sắc", kDanToc, 1.5},
    {"Phật giáo", kDanToc, 1.2},
    {"Công giáo", kDanToc, 1.2},
    {"Tin lành", kDanToc, 1.2},

    // Công tác Đảng - Đoàn thể
    {"Đảng bộ", kDang, 1.5},
    {"đảng viên", kDang, 1.5},
    {"kết nạp đảng viên", kDang, 1.8},
    {"chi bộ", kDang, 1.5},
    {"cấp ủy", kDang, 1.5},
    {"Đảng ủy", kDang, 1.2},
    {"tổ chức cơ sở đảng", kDang, 1.8},
    {"tổ chức đảng", kDang, 1.5},
    {"xây dựng Đảng", kDang, 1.8},
    {"công tác xây dựng Đảng", kDang, 1.8},
    {"chỉnh đốn Đảng", kDang, 1.8},
    {"đại hội Đảng bộ", kDang, 1.8},
    {"nghị quyết đại hội", kDang, 1.2},
    {"Ban Chấp hành", kDang, 1.0},
    {"Ban Thường vụ", kDang, 1.0},
    {"Ủy ban kiểm tra", kDang, 1.2},
    {"công tác kiểm tra, giám sát", kDang, 1.3},
    // Cited as the source of a resolution in any field: weak.
    {"Bộ Chính trị", kDang, 0.5},
    {"Ban Bí thư", kDang, 0.5},
    {"Trung ương Đảng", kDang, 0.6},
    {"Tỉnh ủy", kDang, 0.6},
    {"Huyện ủy", kDang, 0.6},
    {"tư tưởng, đạo đức, phong cách Hồ Chí Minh", kDang, 1.8},
    {"tư tưởng Hồ Chí Minh", kDang, 1.5},
    {"tấm gương đạo đức Hồ Chí Minh", kDang, 1.8},
    {"thành lập Đảng", kDang, 1.5},
    {"Đảng Cộng sản Việt Nam", kDang, 1.2},
    {"lý luận chính trị", kDang, 1.5},
    {"tuyên giáo", kDang, 1.5},
    {"công tác tuyên giáo", kDang, 1.8},
    {"dân vận", kDang, 1.2},
    {"công tác dân vận", kDang, 1.8},
    {"Mặt trận Tổ quốc", kDang, 1.5},
    {"Mặt trận Tổ quốc Việt Nam", kDang, 1.5},
    {"đoàn thể", kDang, 1.2},
    {"chính trị - xã hội", kDang, 0.7},
    {"Đoàn Thanh niên", kDang, 1.5},
    {"Hội Liên hiệp Phụ nữ", kDang, 1.5},
    {"Hội Nông dân", kDang, 1.5},
    {"Hội Cựu chiến binh", kDang, 1.5},
    {"Công đoàn", kDang, 1.2},
    {"đại đoàn kết toàn dân tộc", kDang, 1.2},
    {"tuyên truyền", kDang, 0.3},
};

// The kind of issuing body as a prior: a pattern in the folded authority text, the field, and
// the weight (a department stands for its field; a Party committee or mass organisation for
// Công tác Đảng - Đoàn thể, weaker, so that the subject can win).
struct Prior {
  const char* pattern;
  Field field;
  double weight;
};

constexpr double kDepartment = 5.0;
constexpr double kParty = 4.0;

constexpr Prior kPriors[] = {
    {"sở y tế", kYTe, kDepartment},
    {"bộ y tế", kYTe, kDepartment},
    {"bệnh viện", kYTe, kDepartment},
    {"trung tâm y tế", kYTe, kDepartment},
    {"trung tâm kiểm soát bệnh tật", kYTe, kDepartment},
    {"sở giáo dục", kGiaoDuc, kDepartment},
    {"bộ giáo dục", kGiaoDuc, kDepartment},
    {"phòng giáo dục", kGiaoDuc, kDepartment},
    {"trường đại học", kGiaoDuc, kDepartment},
    {"trường cao đẳng", kGiaoDuc, kDepartment},
    {"trường trung học", kGiaoDuc, kDepartment},
    {"trường tiểu học", kGiaoDuc, kDepartment},
    {"trường mầm non", kGiaoDuc, kDepartment},
    {"sở tài chính", kTaiChinhNhaNuoc, kDepartment},
    {"bộ tài chính", kTaiChinhNhaNuoc, kDepartment},
    {"kho bạc nhà nước", kTaiChinhNhaNuoc, kDepartment},
    {"phòng tài chính", kTaiChinhNhaNuoc, kDepartment},
    {"cục thuế", kThue, kDepartment},
    {"chi cục thuế", kThue, kDepartment},
    {"tổng cục thuế", kThue, kDepartment},
    {"thuế tỉnh", kThue, kDepartment},
    {"hải quan", kThue, kDepartment},
    {"sở kế hoạch và đầu tư", kDauTu, kDepartment},
    {"bộ kế hoạch và đầu tư", kDauTu, kDepartment},
    {"ban quản lý các khu công nghiệp", kDauTu, kDepartment},
    {"ban quản lý khu kinh tế", kDauTu, kDepartment},
    {"sở xây dựng", kXayDung, kDepartment},
    {"bộ xây dựng", kXayDung, kDepartment},
    {"phòng quản lý đô thị", kXayDung, kDepartment},
    {"sở tài nguyên và môi trường", kMoiTruong, kDepartment},
    {"bộ tài nguyên và môi trường", kMoiTruong, kDepartment},
    {"phòng tài nguyên và môi trường", kMoiTruong, kDepartment},
    {"văn phòng đăng ký đất đai", kDatDai, kDepartment},
    {"sở nông nghiệp", kNongNghiep, kDepartment},
    {"bộ nông nghiệp", kNongNghiep, kDepartment},
    {"sở nông nghiệp và môi trường", kMoiTruong, kDepartment * 0.5},
    {"bộ nông nghiệp và môi trường", kMoiTruong, kDepartment * 0.5},
    {"chi cục kiểm lâm", kNongNghiep, kDepartment},
    {"chi cục thủy lợi", kNongNghiep, kDepartment},
    {"sở giao thông vận tải", kGiaoThong, kDepartment},
    {"bộ giao thông vận tải", kGiaoThong, kDepartment},
    {"cục đường bộ", kGiaoThong, kDepartment},
    {"cục đăng kiểm", kGiaoThong, kDepartment},
    {"sở văn hóa", kVanHoa, kDepartment},
    {"bộ văn hóa", kVanHoa, kDepartment},
    {"sở du lịch", kVanHoa, kDepartment},
    {"trung tâm văn hóa", kVanHoa, kDepartment},
    {"bảo tàng", kVanHoa, kDepartment},
    {"sở lao động", kLaoDong, kDepartment},
    {"bộ lao động", kLaoDong, kDepartment},
    {"bảo hiểm xã hội", kLaoDong, kDepartment},
    {"sở công thương", kCongThuong, kDepartment},
    {"bộ công thương", kCongThuong, kDepartment},
    {"quản lý thị trường", kCongThuong, kDepartment},
    {"sở khoa học và công nghệ", kKhoaHoc, kDepartment},
    {"bộ khoa học và công nghệ", kKhoaHoc, kDepartment},
    {"sở thông tin và truyền thông", kCongNgheThongTin, kDepartment},
    {"bộ thông tin và truyền thông", kCongNgheThongTin, kDepartment},
    {"trung tâm thông tin", kCongNgheThongTin, kDepartment * 0.6},
    {"trung tâm chuyển đổi số", kCongNgheThongTin, kDepartment},
    {"cục an toàn thông tin", kCongNgheThongTin, kDepartment},
    {"sở tư pháp", kTuPhap, kDepartment},
    {"bộ tư pháp", kTuPhap, kDepartment},
    {"phòng tư pháp", kTuPhap, kDepartment},
    {"thi hành án", kTuPhap, kDepartment},
    {"tòa án", kTuPhap, kDepartment},
    {"viện kiểm sát", kTuPhap, kDepartment},
    {"thanh tra", kThanhTra, kDepartment},
    {"ban tiếp công dân", kThanhTra, kDepartment},
    {"ban nội chính", kThanhTra, kDepartment},
    {"sở nội vụ", kBoMay, kDepartment},
    {"bộ nội vụ", kBoMay, kDepartment},
    {"phòng nội vụ", kBoMay, kDepartment},
    {"ban thi đua", kThiDua, kDepartment},
    {"hội đồng thi đua", kThiDua, kDepartment},
    {"chi cục văn thư", kVanThu, kDepartment},
    {"trung tâm lưu trữ", kVanThu, kDepartment},
    {"cục văn thư", kVanThu, kDepartment},
    {"công an", kQuocPhong, kDepartment},
    {"bộ quốc phòng", kQuocPhong, kDepartment},
    {"bộ chỉ huy", kQuocPhong, kDepartment},
    {"ban chỉ huy quân sự", kQuocPhong, kDepartment},
    {"quân khu", kQuocPhong, kDepartment},
    {"cảnh sát", kQuocPhong, kDepartment},
    {"ngân hàng", kNganHang, kDepartment},
    {"ủy ban chứng khoán", kNganHang, kDepartment},
    {"ban dân tộc", kDanToc, kDepartment},
    {"ủy ban dân tộc", kDanToc, kDepartment},
    {"sở dân tộc và tôn giáo", kDanToc, kDepartment},
    {"bộ dân tộc và tôn giáo", kDanToc, kDepartment},
    {"ban tôn giáo", kDanToc, kDepartment},
    {"đài phát thanh", kBaoChi, kDepartment},
    {"hội nhà báo", kBaoChi, kDepartment},
    {"nhà xuất bản", kBaoChi, kDepartment},
    {"tỉnh ủy", kDang, kParty},
    {"thành ủy", kDang, kParty},
    {"huyện ủy", kDang, kParty},
    {"thị ủy", kDang, kParty},
    {"quận ủy", kDang, kParty},
    {"đảng ủy", kDang, kParty},
    {"đảng bộ", kDang, kParty},
    {"chi bộ", kDang, kParty},
    {"ban chấp hành", kDang, kParty},
    {"ban tuyên giáo", kDang, kParty},
    {"ban dân vận", kDang, kParty},
    {"ban tổ chức", kDang, kParty},
    {"ủy ban kiểm tra", kDang, kParty},
    {"mặt trận tổ quốc", kDang, kParty},
    {"đoàn thanh niên", kDang, kParty},
    {"tỉnh đoàn", kDang, kParty},
    {"huyện đoàn", kDang, kParty},
    {"hội liên hiệp phụ nữ", kDang, kParty},
    {"hội nông dân", kDang, kParty},
    {"hội cựu chiến binh", kDang, kParty},
    {"liên đoàn lao động", kDang, kParty},
    {"công đoàn", kDang, kParty},
    {"đảng cộng sản việt nam", kDang, kParty},
};

// Types that name their field ("Bằng khen").
constexpr Prior kTypePriors[] = {
    {"bằng khen", kThiDua, kDepartment},
    {"giấy khen", kThiDua, kDepartment},
};

// ---------------------------------------------------------------- roles in a trích yếu

// The corpus convention (docs/corpus.md "Lĩnh vực") reads some terms of the trích yếu for the
// role they play, not only for their field. Each entry is a term of kTerms listed for the
// field named beside the list (checked when the lexicon is built).

// Công nghệ thông tin - Chuyển đổi số as the means of another field's activity ("hồ sơ bệnh án
// điện tử", "số hóa tài liệu lưu trữ", "phản ánh … qua Tổng đài"): with that activity named,
// its field comes first. IT as a subject of its own ("thư điện tử", "Cổng thông tin điện tử",
// "an toàn thông tin", "chính quyền số") is not here.
constexpr const char* kElectronicMeans[] = {"điện tử",
                                            "trực tuyến",
                                            "môi trường điện tử",
                                            "môi trường mạng",
                                            "tổng đài",
                                            "phần mềm",
                                            "hệ thống thông tin",
                                            "ứng dụng công nghệ thông tin",
                                            "công nghệ thông tin",
                                            "chuyển đổi số",
                                            "số hóa",
                                            "dữ liệu",
                                            "dữ liệu số",
                                            "cơ sở dữ liệu",
                                            "dịch vụ công trực tuyến",
                                            "cổng dịch vụ công",
                                            "bệnh án điện tử",
                                            "văn bản điện tử",
                                            "lưu trữ điện tử",
                                            "tài liệu lưu trữ điện tử",
                                            "hệ thống thông tin báo cáo",
                                            "hệ thống quản lý văn bản và điều hành",
                                            "lưu trữ dữ liệu"};

// Tài chính nhà nước: money as the object ("chế độ hỗ trợ đối với …", "kinh phí bảo đảm cho
// công tác …"): Tài chính nhà nước first, the field of the work it pays for second.
constexpr const char* kMoney[] = {"kinh phí",         "nguồn kinh phí",
                                  "bố trí kinh phí",  "cấp kinh phí",
                                  "định mức chi",     "mức chi",
                                  "chế độ hỗ trợ",    "mức hỗ trợ",
                                  "quản lý kinh phí", "quản lý, sử dụng kinh phí",
                                  "công tác phí"};

// Bộ máy hành chính: the people a trích yếu concerns ("đối với cán bộ, công chức …") are who,
// not what: no field of their own.
constexpr const char* kPeople[] = {"cán bộ, công chức", "công chức", "viên chức",
                                   "công chức, viên chức"};

// Bộ máy hành chính: a reporting regime comes after the subject reported on, when named.
constexpr const char* kReporting[] = {"chế độ báo cáo", "hệ thống thông tin báo cáo"};

// ---------------------------------------------------------------- weights

constexpr double kSummaryWeight = 4.0;
constexpr double kAuthorityTextWeight = 1.5;
// The body's evidence, summed over all fields, is scaled down to at most this mass, so a long
// body adds a distribution, not a flood.
constexpr double kBodyMass = 8.0;
// A field the trích yếu names as a subject is a further field with this much evidence there
// (a term of art of two syllables is 4.0 at the start), or with this much after a qualifier.
constexpr double kNamedSubject = 2.0;
constexpr double kNamedQualified = 5.5;
constexpr size_t kMaxBodyBytes = size_t{2} << 20;
constexpr size_t kMaxSummaryBytes = 4096;
constexpr size_t kMaxAuthorityBytes = 1024;
constexpr size_t kMaxFields = 3;

// How much a term of n syllables says (one syllable is often ambiguous once folded).
double SyllableFactor(size_t n) {
  if (n <= 1) return 0.6;
  if (n == 2) return 1.0;
  if (n == 3) return 1.3;
  return 1.6;
}

// ---------------------------------------------------------------- folding

// Lowercase, no diacritics, words separated by one space; everything else is a boundary.
std::string FoldWords(std::string_view utf8) {
  U32 u = ToU32(NormalizeNfc(utf8));
  std::string out;
  out.reserve(u.size());
  bool space = true;
  for (char32_t c : u) {
    if (c >= 0x300 && c < 0x370) continue;  // stray combining marks
    char32_t f = (c == 0xD0 || c == 0xF0) ? U'd' : FoldCodepoint(c);
    if (IsLetter(f) || IsDigit(f)) {
      if (f < 0x80) {
        out.push_back(static_cast<char>(f));
      } else {
        out += ToUtf8(U32View(&f, 1));
      }
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string_view> SplitTokens(std::string_view folded) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < folded.size()) {
    size_t j = folded.find(' ', i);
    if (j == std::string_view::npos) j = folded.size();
    if (j > i) tokens.push_back(folded.substr(i, j - i));
    i = j + 1;
  }
  return tokens;
}

// ---------------------------------------------------------------- compiled lexicon

struct Target {
  Field field;
  double weight;  // term weight × syllable factor
};

struct Phrase {
  std::string folded;  // owns the token text
  std::vector<std::string_view> tokens;
  std::string display;  // first spelling as written in the lexicon
  std::vector<Target> targets;
  bool means = false;      // kElectronicMeans
  bool money = false;      // kMoney
  bool people = false;     // kPeople
  bool reporting = false;  // kReporting
};

struct Lexicon {
  std::vector<Phrase> phrases;
  // First token → phrases starting with it, longest first.
  std::unordered_map<std::string_view, std::vector<size_t>> by_first;

  Lexicon() {
    std::unordered_map<std::string, size_t> index;
    phrases.reserve(std::size(kTerms));
    for (const Term& t : kTerms) {
      std::string folded = FoldWords(t.text);
      auto [it, added] = index.emplace(folded, phrases.size());
      if (added) {
        Phrase p;
        p.folded = folded;
        p.display = t.text;
        phrases.push_back(std::move(p));
      }
      Phrase& p = phrases[it->second];
      size_t n = SplitTokens(p.folded).size();
      p.targets.push_back(Target{t.field, t.weight * SyllableFactor(n)});
    }
    for (const char* n : kNeutral) {
      std::string folded = FoldWords(n);
      if (index.count(folded) > 0) continue;
      index.emplace(folded, phrases.size());
      Phrase p;
      p.folded = folded;
      p.display = n;
      phrases.push_back(std::move(p));
    }
    // A role term that is not a term of its field is a mistake in the tables: every
    // classification then fails (ClassifyFields returns nothing), which the tests see.
    auto mark = [&](const auto& list, bool Phrase::*role, Field field) {
      for (const char* text : list) {
        auto it = index.find(FoldWords(text));
        if (it == index.end()) throw std::logic_error("role term not in the lexicon");
        Phrase& p = phrases[it->second];
        if (std::none_of(p.targets.begin(), p.targets.end(),
                         [&](const Target& t) { return t.field == field; })) {
          throw std::logic_error("role term not listed for its field");
        }
        p.*role = true;
      }
    };
    mark(kElectronicMeans, &Phrase::means, kCongNgheThongTin);
    mark(kMoney, &Phrase::money, kTaiChinhNhaNuoc);
    mark(kPeople, &Phrase::people, kBoMay);
    mark(kReporting, &Phrase::reporting, kBoMay);
    for (Phrase& p : phrases) p.tokens = SplitTokens(p.folded);
    for (size_t i = 0; i < phrases.size(); ++i) {
      by_first[phrases[i].tokens.front()].push_back(i);
    }
    for (auto& [first, list] : by_first) {
      std::sort(list.begin(), list.end(), [this](size_t a, size_t b) {
        return phrases[a].tokens.size() > phrases[b].tokens.size();
      });
    }
  }
};

const Lexicon& Lex() {
  static const Lexicon lex;
  return lex;
}

struct Match {
  size_t phrase;
  double factor;  // position in the summary: 1 for the subject, less for a qualifier
  bool qualified;  // after a qualifier ("đối với", "tại", "của" …): who or where, not what
};

// Words after which a trích yếu qualifies its subject ("mức chi nhuận bút … đối với tác phẩm
// đăng trên Cổng Thông tin điện tử", "rà soát tài sản công … sau sắp xếp đơn vị hành chính").
bool IsQualifier(const std::vector<std::string_view>& tokens, size_t i) {
  static constexpr std::array<std::string_view, 6> kSingle = {"sau",   "tren", "tai",
                                                              "thuoc", "cua",  "trong"};
  if (tokens[i] == "trong" && i + 2 < tokens.size() && tokens[i + 1] == "linh" &&
      tokens[i + 2] == "vuc") {
    return false;  // "trong lĩnh vực X" names the subject
  }
  // Folded, "tài khoản" and "tài sản" start with "tại", "trồng trọt" with "trong".
  if (i + 1 < tokens.size()) {
    std::string_view next = tokens[i + 1];
    if (tokens[i] == "tai" && (next == "khoan" || next == "san" || next == "lieu" ||
                               next == "chinh" || next == "nguyen" || next == "tro")) {
      return false;
    }
    // "trong" before a domain names it ("trong dạy học", "trong Cuộc vận động …"); before
    // bodies, activities at large or a span it says where or when ("trong các cơ quan nhà
    // nước", "trong hoạt động của …", "trong năm 2026").
    if (tokens[i] == "trong") {
      static constexpr std::array<std::string_view, 9> kWhere = {
          "cac", "co", "hoat", "pham", "toan", "nam", "thoi", "giai", "dia"};
      return std::find(kWhere.begin(), kWhere.end(), next) != kWhere.end();
    }
  }
  if (std::find(kSingle.begin(), kSingle.end(), tokens[i]) != kSingle.end()) return true;
  return tokens[i] == "voi" && i > 0 && (tokens[i - 1] == "doi" || tokens[i - 1] == "lien");
}

// Words that introduce the subject again after a qualifier: "Nghị quyết … của Ban Chấp hành
// Đảng bộ huyện về phát triển nông nghiệp", "… trong lĩnh vực quản lý kinh phí".
bool IsTopic(const std::vector<std::string_view>& tokens, size_t i) {
  return tokens[i] == "ve" ||
         (tokens[i] == "linh" && i + 1 < tokens.size() && tokens[i + 1] == "vuc");
}

// Whether one of the phrases `candidates` (all starting with tokens[i]) matches at i.
bool StartsAny(const Lexicon& lex, const std::vector<size_t>& candidates,
               const std::vector<std::string_view>& tokens, size_t i) {
  for (size_t idx : candidates) {
    const Phrase& p = lex.phrases[idx];
    if (i + p.tokens.size() > tokens.size()) continue;
    bool ok = true;
    for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = tokens[i + k] == p.tokens[k];
    if (ok) return true;
  }
  return false;
}

// Phrases of the lexicon in `text`: at each word the longest phrase starting there, unless it
// lies inside a longer match ("y tế" in "bảo hiểm y tế"); overlapping matches both count
// ("xử lý tài sản" and "tài sản công" in "xử lý tài sản công"), except after a neutral phrase,
// whose words belong to it alone.
std::vector<Match> FindPhrases(std::string_view text, bool qualify) {
  const Lexicon& lex = Lex();
  std::string folded = FoldWords(text);
  std::vector<std::string_view> tokens = SplitTokens(folded);
  std::vector<Match> out;
  size_t covered = 0;  // end of the furthest match so far
  size_t blocked = 0;  // end of the last neutral phrase
  double factor = 1.0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = lex.by_first.find(tokens[i]);
    // A word inside a term, or that starts one, is that term's ("tài liệu lưu trữ" is not
    // "tại", "cây trồng" not "trong").
    bool in_term =
        i < covered || (it != lex.by_first.end() && StartsAny(lex, it->second, tokens, i));
    if (qualify && i > 0 && !in_term && IsQualifier(tokens, i)) factor = 0.6;
    if (qualify && IsTopic(tokens, i)) factor = 1.0;
    if (it == lex.by_first.end()) continue;
    for (size_t idx : it->second) {
      const Phrase& p = lex.phrases[idx];
      // Inside a neutral phrase only a longer neutral phrase may start.
      if (i < blocked && !p.targets.empty()) continue;
      if (i + p.tokens.size() > tokens.size()) continue;
      bool ok = true;
      for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = tokens[i + k] == p.tokens[k];
      if (!ok) continue;
      size_t end = i + p.tokens.size();
      if (p.targets.empty()) {
        blocked = std::max(blocked, end);
      } else if (end > covered) {
        // The subject of a trích yếu comes first: later terms weigh a little less.
        double position =
            qualify ? 1.0 - 0.25 * static_cast<double>(i) / static_cast<double>(tokens.size())
                    : 1.0;
        out.push_back(Match{idx, factor * position, factor < 1.0});
      }
      covered = std::max(covered, end);
      break;
    }
  }
  return out;
}

// Whether `pattern` (folded words) occurs in `folded` at word boundaries.
bool ContainsWords(std::string_view folded, std::string_view pattern) {
  size_t pos = 0;
  while ((pos = folded.find(pattern, pos)) != std::string_view::npos) {
    size_t end = pos + pattern.size();
    bool before = pos == 0 || folded[pos - 1] == ' ';
    bool after = end == folded.size() || folded[end] == ' ';
    if (before && after) return true;
    ++pos;
  }
  return false;
}

// ---------------------------------------------------------------- scoring

struct Evidence {
  std::string what;
  double amount;
};

struct Scores {
  std::array<double, kFieldCount> prior{};
  std::array<double, kFieldCount> own{};  // from the text: summary and body
  // prior: from the issuing body (and the type)
  std::array<std::vector<Evidence>, kFieldCount> evidence;

  double Total(int f) const { return prior[f] + own[f]; }
};

// Adds the phrases found in one source; `as_prior` counts them with the issuing body's prior
// rather than as evidence of the text. A summary repeating a term says little more; a body
// repeating it, a little more each time.
void AddPhrases(Scores& s, const std::vector<Match>& matches, double source, bool diminishing,
                bool as_prior = false) {
  const Lexicon& lex = Lex();
  std::unordered_map<size_t, std::pair<int, double>> seen;  // phrase → (count, best factor)
  for (const Match& m : matches) {
    auto& [n, factor] = seen[m.phrase];
    ++n;
    factor = std::max(factor, m.factor);
  }
  // In a short text (a summary) several terms of one field are one piece of evidence said
  // twice: the strongest counts in full, the others for half.
  std::array<std::vector<double>, kFieldCount> values;
  for (const auto& [idx, nf] : seen) {
    const auto& [n, factor] = nf;
    const Phrase& p = lex.phrases[idx];
    double times = diminishing ? 1.0 + std::log(static_cast<double>(n)) : (n > 1 ? 1.5 : 1.0);
    for (const Target& t : p.targets) {
      double v = t.weight * source * times * factor;
      values[t.field].push_back(v);
      s.evidence[t.field].push_back(Evidence{p.display, v});
    }
  }
  for (int f = 0; f < kFieldCount; ++f) {
    std::vector<double>& v = values[f];
    double sum = 0;
    if (diminishing) {
      for (double x : v) sum += x;
    } else {
      std::sort(v.begin(), v.end(), std::greater<>());
      for (size_t i = 0; i < v.size(); ++i) sum += i == 0 ? v[i] : v[i] * 0.5;
    }
    (as_prior ? s.prior : s.own)[f] += sum;
  }
}

// A prior table with its patterns folded once.
struct PriorTable {
  std::vector<std::pair<std::string, const Prior*>> entries;
  template <size_t N>
  explicit PriorTable(const Prior (&priors)[N]) {
    for (const Prior& p : priors) entries.emplace_back(FoldWords(p.pattern), &p);
  }
};

const PriorTable& AuthorityPriors() {
  static const PriorTable table(kPriors);
  return table;
}

const PriorTable& TypePriors() {
  static const PriorTable table(kTypePriors);
  return table;
}

// The strongest prior of each field whose pattern occurs in `folded`.
void AddPriors(Scores& s, std::string_view folded, const PriorTable& table,
               std::string_view shown) {
  std::array<double, kFieldCount> best{};
  for (const auto& [pattern, p] : table.entries) {
    if (ContainsWords(folded, pattern)) best[p->field] = std::max(best[p->field], p->weight);
  }
  for (int f = 0; f < kFieldCount; ++f) {
    if (best[f] <= 0) continue;
    s.prior[f] += best[f];
    s.evidence[f].push_back(Evidence{std::string(shown), best[f]});
  }
}

// What the trích yếu names, field by field, on the scale of `Scores::own`.
struct Named {
  std::array<double, kFieldCount> any{};               // every term but the people it concerns
  std::array<double, kFieldCount> subject{};           // … outside a qualifier: what it is about
  std::array<double, kFieldCount> beside_reporting{};  // … but a reporting regime
  std::array<double, kFieldCount> compound{};          // terms of an activity done electronically
  bool it_named = false;                               // a term of Công nghệ thông tin …
  bool it_as_means = true;  // … and every one of them names electronic means
  bool money = false;       // money is the object
  bool reporting = false;   // a reporting regime is named
};

Named ReadNamed(const std::vector<Match>& matches) {
  const Lexicon& lex = Lex();
  Named n;
  for (const Match& m : matches) {
    const Phrase& p = lex.phrases[m.phrase];
    // A term of a field's activity done electronically ("hệ thống quản lý văn bản và điều
    // hành", "tài liệu lưu trữ điện tử") names both fields wherever it stands.
    bool compound = p.means && p.targets.size() > 1;
    if (p.money && !m.qualified) n.money = true;
    if (p.reporting) n.reporting = true;
    for (const Target& t : p.targets) {
      if (t.field == kBoMay && p.people) continue;
      double v = t.weight * kSummaryWeight * m.factor;
      n.any[t.field] += v;
      if (!m.qualified) n.subject[t.field] += v;
      if (compound) n.compound[t.field] += v / m.factor;
      if (!p.reporting) n.beside_reporting[t.field] += v;
      if (t.field == kCongNgheThongTin) {
        n.it_named = true;
        if (!p.means) n.it_as_means = false;
      }
    }
  }
  return n;
}

// A trích yếu that sets up, reorganises or staffs a body ("Về việc thành lập Ban Chỉ đạo …",
// "kiện toàn Ban Quản lý …", "Hướng dẫn chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở
// …", "Tuyển dụng viên chức …"): the field that stands for the organising, or -1. A Party body
// is Công tác Đảng - Đoàn thể's; a team formed to inspect is an inspection.
int OrganisingField(std::string_view summary, bool party) {
  std::string folded = FoldWords(summary.substr(0, std::min<size_t>(summary.size(), 400)));
  std::vector<std::string_view> t = SplitTokens(folded);
  size_t i = 0;
  auto at = [&](size_t k, std::initializer_list<std::string_view> words) {
    size_t j = k;
    for (std::string_view w : words) {
      if (j >= t.size() || t[j] != w) return false;
      ++j;
    }
    return true;
  };
  if (at(i, {"ve", "viec"})) i += 2;
  if (at(i, {"huong", "dan"}) || at(i, {"quy", "dinh"})) i += 2;
  bool organising = at(i, {"thanh", "lap"}) || at(i, {"kien", "toan"}) || at(i, {"cung", "co"}) ||
                    at(i, {"tuyen", "dung"}) || at(i, {"chuc", "nang", "nhiem", "vu"});
  if (!organising) return -1;
  if (party) return kDang;
  for (size_t k = i + 2; k < std::min(t.size(), i + 6); ++k) {
    if (at(k, {"doan", "kiem", "tra"}) || at(k, {"doan", "thanh", "tra"}) ||
        at(k, {"to", "kiem", "tra"})) {
      return kThanhTra;
    }
  }
  return kBoMay;
}

std::string Join(std::vector<Evidence> ev) {
  std::sort(ev.begin(), ev.end(),
            [](const Evidence& a, const Evidence& b) { return a.amount > b.amount; });
  std::string out;
  std::vector<std::string> seen;
  for (const Evidence& e : ev) {
    if (std::find(seen.begin(), seen.end(), e.what) != seen.end()) continue;
    seen.push_back(e.what);
    if (!out.empty()) out += "; ";
    out += e.what;
    if (seen.size() == 5) break;
  }
  return out;
}

std::string Trimmed(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\n' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<FieldScore> Classify(std::string_view type, std::string_view authority,
                                 std::string_view summary, std::string_view body) {
  type = type.substr(0, std::min(type.size(), kMaxAuthorityBytes));
  authority = authority.substr(0, std::min(authority.size(), kMaxAuthorityBytes));
  summary = summary.substr(0, std::min(summary.size(), kMaxSummaryBytes));
  body = body.substr(0, std::min(body.size(), kMaxBodyBytes));
  Scores s;
  std::vector<Match> in_summary = FindPhrases(summary, true);
  AddPhrases(s, in_summary, kSummaryWeight, false);
  const Named named = ReadNamed(in_summary);
  // The body: bounded mass, so that it adds evidence without drowning the summary.
  {
    Scores b;
    AddPhrases(b, FindPhrases(body, false), 1.0, true);
    double mass = 0;
    for (double v : b.own) mass += v;
    double scale = mass > kBodyMass ? kBodyMass / mass : 1.0;
    for (int f = 0; f < kFieldCount; ++f) {
      s.own[f] += b.own[f] * scale;
      for (Evidence& e : b.evidence[f]) {
        e.amount *= scale;
        s.evidence[f].push_back(std::move(e));
      }
    }
  }
  AddPriors(s, FoldWords(authority), AuthorityPriors(), Trimmed(authority));
  const bool party = s.prior[kDang] > 0;  // a Party committee or mass organisation issued it
  {
    // A body outside the list may still name its field ("Ban Quản lý dự án đầu tư xây dựng").
    Scores a;
    AddPhrases(a, FindPhrases(authority, false), kAuthorityTextWeight, false, true);
    for (int f = 0; f < kFieldCount; ++f) {
      if (a.prior[f] <= 0 || s.prior[f] > 0) continue;
      s.prior[f] = std::min(a.prior[f], kDepartment);
      s.evidence[f].push_back(Evidence{Trimmed(authority), s.prior[f]});
    }
  }
  AddPriors(s, FoldWords(type), TypePriors(), Trimmed(type));

  std::array<int, kFieldCount> order{};
  for (int f = 0; f < kFieldCount; ++f) order[f] = f;
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return s.Total(a) > s.Total(b); });
  double first = s.Total(order[0]);
  if (first <= 0) return {};
  double second = s.Total(order[1]);

  // The main field and the further fields the convention asks for (docs/corpus.md "Lĩnh vực").
  auto best = [&](auto&& ok) {
    for (int f : order) {
      if (s.Total(f) > 0 && ok(f)) return f;
    }
    return -1;
  };
  int main = order[0];
  std::vector<int> further;
  int organising = OrganisingField(summary, party);
  if (organising >= 0) {
    // The field of the body's work first, then the organising.
    int work = best([&](int f) { return f != organising && f != kBoMay && named.any[f] > 0; });
    main = work >= 0 ? work : organising;
    if (work >= 0) further.push_back(organising);
    s.evidence[organising].push_back(Evidence{"trích yếu: thành lập, kiện toàn, tổ chức", 0});
  } else if (named.money && named.subject[kTaiChinhNhaNuoc] > 0) {
    main = kTaiChinhNhaNuoc;
    int work = best([&](int f) { return f != kTaiChinhNhaNuoc && named.any[f] > 0; });
    if (work >= 0) further.push_back(work);
  } else if (int reported = named.reporting ? best([&](int f) {
               return f != kBoMay && named.beside_reporting[f] > 0;
             })
                                            : -1;
             reported >= 0) {
    // A reporting regime on a subject: the subject first.
    main = reported;
    further.push_back(kBoMay);
  } else if (main == kCongNgheThongTin && named.it_named && named.it_as_means) {
    // A field's activity done electronically: that field first.
    int activity = best([&](int f) { return f != kCongNgheThongTin && named.subject[f] > 0; });
    if (activity >= 0) {
      main = activity;
      further.push_back(kCongNgheThongTin);
    }
  }
  if (named.it_named && named.it_as_means && main != kCongNgheThongTin) {
    further.push_back(kCongNgheThongTin);  // the main field's activity, done electronically
  }
  if (party && main == kDang) {
    // A Party body's document on a subject of its own: that subject first.
    int subject = best([&](int f) {
      return f != kDang && named.subject[f] > 0 && named.subject[f] >= named.any[kDang];
    });
    if (subject >= 0) main = subject;
  }
  if (party && main != kDang && std::find(further.begin(), further.end(), kDang) == further.end()) {
    further.insert(further.begin(), kDang);
  }
  for (int f : order) {
    double total = s.Total(f);
    if (total <= 0) break;
    bool is_named = named.subject[f] >= kNamedSubject || named.any[f] >= kNamedQualified ||
                    named.compound[f] >= kNamedSubject;
    if (is_named) further.push_back(f);
  }

  // Confidence of the main field: the margin over the next one and the amount of evidence.
  double margin = (first - second) / first;
  double main_confidence = (1.0 - std::exp(-first / 10.0)) * (0.4 + 0.6 * margin);
  std::vector<FieldScore> out;
  std::vector<int> taken;
  auto add = [&](int f) {
    if (out.size() >= kMaxFields) return;
    if (std::find(taken.begin(), taken.end(), f) != taken.end()) return;
    taken.push_back(f);
    // A further field in proportion to its score, never above the main one.
    double confidence =
        out.empty() ? main_confidence
                    : std::min(out.front().confidence, main_confidence * s.Total(f) / first);
    if (s.own[f] <= 0) confidence = std::min(confidence, 0.3);  // the issuing body alone
    confidence = std::clamp(confidence, 0.01, 0.99);
    out.push_back(
        FieldScore{kFieldNames[f], std::round(confidence * 100) / 100, Join(s.evidence[f])});
  };
  add(main);
  for (int f : further) add(f);
  return out;
}

}  // namespace

std::vector<FieldScore> ClassifyFields(std::string_view type, std::string_view authority,
                                       std::string_view summary, std::string_view body) {
  try {
    return Classify(type, authority, summary, body);
  } catch (...) {
    return {};
  }
}

const std::vector<std::string>& FieldNames() {
  static const std::vector<std::string> names(kFieldNames.begin(), kFieldNames.end());
  return names;
}

}  // namespace vanban::metadata_internal
