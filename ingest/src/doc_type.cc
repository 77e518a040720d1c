#include "doc_type.h"

#include <string_view>

namespace vanban::metadata_internal {
namespace {

struct TypeName {
  std::string_view folded;  // Fold() of the capitalised title
  std::string_view name;    // UTF-8, as in running text
  bool takes_name;  // the title line may carry the document's name ("LUẬT AN NINH MẠNG")
};

// Longer names first where one is a prefix of another ("thong tu lien tich" / "thong tu").
constexpr TypeName kTypes[] = {
    {"nghi quyet lien tich", "Nghị quyết liên tịch", false},
    {"thong tu lien tich", "Thông tư liên tịch", false},
    {"van ban hop nhat", "Văn bản hợp nhất", false},
    {"quyet dinh", "Quyết định", false},
    {"nghi quyet", "Nghị quyết", false},
    {"nghi dinh", "Nghị định", false},
    {"thong tu", "Thông tư", false},
    {"bo luat", "Bộ luật", true},
    {"luat", "Luật", true},
    {"hien phap", "Hiến pháp", true},
    {"phap lenh", "Pháp lệnh", true},
    {"lenh", "Lệnh", false},
    {"chi thi", "Chỉ thị", false},
    {"quy che", "Quy chế", false},
    {"quy dinh", "Quy định", false},
    {"thong cao", "Thông cáo", false},
    {"thong bao", "Thông báo", false},
    {"thong tri", "Thông tri", false},
    {"huong dan", "Hướng dẫn", false},
    {"chuong trinh", "Chương trình", false},
    {"ke hoach", "Kế hoạch", false},
    {"phuong an", "Phương án", false},
    {"de an", "Đề án", false},
    {"du an", "Dự án", false},
    {"bao cao", "Báo cáo", false},
    {"bien ban", "Biên bản", false},
    {"to trinh", "Tờ trình", false},
    {"hop dong", "Hợp đồng", false},
    {"cong dien", "Công điện", false},
    {"ban ghi nho", "Bản ghi nhớ", false},
    {"ban thoa thuan", "Bản thỏa thuận", false},
    {"giay uy quyen", "Giấy ủy quyền", false},
    {"giay moi", "Giấy mời", false},
    {"giay gioi thieu", "Giấy giới thiệu", false},
    {"giay nghi phep", "Giấy nghỉ phép", false},
    {"giay xac nhan", "Giấy xác nhận", false},
    {"giay chung nhan", "Giấy chứng nhận", false},
    {"giay bien nhan", "Giấy biên nhận", false},
    {"giay di duong", "Giấy đi đường", false},
    {"phieu gui", "Phiếu gửi", false},
    {"phieu chuyen", "Phiếu chuyển", false},
    {"phieu bao", "Phiếu báo", false},
    {"thu cong", "Thư công", false},
    {"cong van", "Công văn", false},
    {"ket luan", "Kết luận", false},
    {"dieu le", "Điều lệ", false},
};

struct TypeCode {
  std::string_view code;  // UTF-8, case-sensitive
  std::string_view name;
};

constexpr TypeCode kCodes[] = {
    {"QĐ", "Quyết định"},
    {"NQ", "Nghị quyết"},
    {"NĐ", "Nghị định"},
    {"TT", "Thông tư"},
    {"TTLT", "Thông tư liên tịch"},
    {"NQLT", "Nghị quyết liên tịch"},
    {"CT", "Chỉ thị"},
    {"QC", "Quy chế"},
    {"QyĐ", "Quy định"},
    {"TC", "Thông cáo"},
    {"TB", "Thông báo"},
    {"HD", "Hướng dẫn"},
    {"CTr", "Chương trình"},
    {"KH", "Kế hoạch"},
    {"PA", "Phương án"},
    {"ĐA", "Đề án"},
    {"DA", "Dự án"},
    {"BC", "Báo cáo"},
    {"BB", "Biên bản"},
    {"TTr", "Tờ trình"},
    {"HĐ", "Hợp đồng"},
    {"CĐ", "Công điện"},
    {"BGN", "Bản ghi nhớ"},
    {"GN", "Bản ghi nhớ"},
    {"BTT", "Bản thỏa thuận"},
    {"TTh", "Bản thỏa thuận"},
    {"GUQ", "Giấy ủy quyền"},
    {"UQ", "Giấy ủy quyền"},
    {"GM", "Giấy mời"},
    {"GGT", "Giấy giới thiệu"},
    {"GT", "Giấy giới thiệu"},
    {"GNP", "Giấy nghỉ phép"},
    {"NP", "Giấy nghỉ phép"},
    {"GXN", "Giấy xác nhận"},
    {"GCN", "Giấy chứng nhận"},
    {"PG", "Phiếu gửi"},
    {"PC", "Phiếu chuyển"},
    {"PB", "Phiếu báo"},
    {"VBHN", "Văn bản hợp nhất"},
    {"KL", "Kết luận"},
    {"L", "Lệnh"},
};

}  // namespace

std::optional<TitleMatch> MatchTitleLine(U32View cell) {
  U32 text = Trim(cell);
  // Specks an OCR leaves after the type ("KẾ HOẠCH .", "NGHỊ ĐỊNH -", "BÁO CÁO. :", "BÁO CÁO.
  // °"); a colon after the last word ("QUYẾT ĐỊNH:", "QUYẾT ĐỊNH :") stays: that is the
  // enacting formula, not the title.
  while (!text.empty()) {
    const char32_t c = text.back();
    bool speck = U32View(U" .-_~*'`,°·^\u02C6\u00B4").find(c) != U32View::npos;
    if (c == ':') {
      size_t k = text.size() - 1;
      while (k > 0 && text[k - 1] == ' ') --k;
      speck = k > 0 && !IsLetter(text[k - 1]);
    }
    if (!speck) break;
    text.pop_back();
  }
  if (text.empty() || !IsMostlyUpper(text)) return std::nullopt;
  if (text.back() == ':') return std::nullopt;
  U32 folded = Fold(text);
  for (const TypeName& t : kTypes) {
    size_t n = t.folded.size();
    if (folded.size() < n) continue;
    bool same = true;
    for (size_t i = 0; i < n && same; ++i) same = folded[i] == static_cast<char32_t>(t.folded[i]);
    if (!same) continue;
    if (folded.size() == n) return TitleMatch{ToU32Str(t.name), {}};
    if (t.takes_name && folded[n] == ' ') {
      return TitleMatch{ToU32Str(t.name), Trim(U32View(text).substr(n + 1))};
    }
  }
  return std::nullopt;
}

U32 TypeFromCode(U32View code) {
  std::string c = ToUtf8Str(code);
  for (const TypeCode& t : kCodes) {
    if (t.code == c) return ToU32Str(t.name);
  }
  return {};
}

U32 CongVanType() { return U"Công văn"; }

}  // namespace vanban::metadata_internal
