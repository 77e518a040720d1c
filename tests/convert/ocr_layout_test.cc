// OCR lines rebuilt from word boxes (convert/src/ocr_layout.h): the two columns of the header
// and signature tables come apart, word spacing and one-column text stay as Tesseract reads
// them. The boxes are laid out as a 300 dpi page of 13 pt text: words 48 pixels high, 16
// apart, 24 pixels per character.
#include "ocr_layout.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "vanban/convert/text.h"

namespace vanban {
namespace {

constexpr int kHeight = 48;
constexpr int kSpace = 16;
constexpr int kCharWidth = 24;

// The words of `text` from x = `left` on the line whose top is `top`.
std::vector<OcrWord> Words(const std::string& text, int left, int top, float confidence = 95) {
  std::vector<OcrWord> out;
  size_t i = 0;
  int x = left;
  while (i < text.size()) {
    size_t e = text.find(' ', i);
    if (e == std::string::npos) e = text.size();
    OcrWord w;
    w.text = text.substr(i, e - i);
    w.left = x;
    w.right = x + kCharWidth * static_cast<int>(ToU32(w.text).size());
    w.top = top;
    w.bottom = top + kHeight;
    w.confidence = confidence;
    x = w.right + kSpace;
    out.push_back(w);
    i = e + 1;
  }
  return out;
}

// One line: `cells` side by side, each starting at its x.
OcrLine Line(int top, const std::vector<std::pair<std::string, int>>& cells,
             bool paragraph_start = false) {
  OcrLine line;
  line.paragraph_start = paragraph_start;
  for (const auto& [text, x] : cells) {
    std::vector<OcrWord> w = Words(text, x, top);
    line.words.insert(line.words.end(), w.begin(), w.end());
  }
  return line;
}

TEST(OcrLayout, OneColumnTextIsTesseractsText) {
  // Words 16 pixels apart, a justified line with 60-pixel spaces (1.25 heights): one line each,
  // a blank line between paragraphs.
  std::vector<OcrLine> lines = {
      Line(600, {{"Kết quả thực hiện cơ chế một cửa", 380}}, true),
      Line(660, {{"trên", 380}, {"địa", 540}, {"bàn", 680}, {"tỉnh", 820}}),
      Line(800, {{"Kính gửi: Bộ Nội vụ.", 600}}, true),
  };
  EXPECT_EQ(LayOutOcrText(lines),
            "Kết quả thực hiện cơ chế một cửa\ntrên địa bàn tỉnh\n\nKính gửi: Bộ Nội vụ.\n");
}

TEST(OcrLayout, HeaderTableReadsColumnByColumn) {
  // Tesseract's lines: both cells of a row on one line, as it reads a noisy scan, or one cell
  // alone.
  std::vector<OcrLine> lines = {
      Line(240, {{"ỦY BAN NHÂN DÂN", 460}, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1170}}, true),
      Line(310, {{"TỈNH THÁI NGUYÊN", 445}}, true),
      Line(330, {{"Độc lập - Tự do - Hạnh phúc", 1360}}),
      Line(410, {{"Số: 38/UBND-VP", 520}, {"Thái Nguyên, ngày 5 tháng 12 năm 2005", 1250}}),
      // Right under the last row of two cells (1.25 line heights): still the table's.
      Line(470, {{"V/v một cửa", 400}}),
      // After a blank line (2.7 line heights): below the table, although within its left column.
      Line(600, {{"Kính gửi: Bộ Nội vụ.", 445}}, true),
      Line(680, {{"Kết quả thực hiện cơ chế một cửa tại các cơ quan hành chính", 380}}, true),
  };
  EXPECT_EQ(LayOutOcrText(lines),
            "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 38/UBND-VP\nV/v một cửa\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Thái Nguyên, ngày 5 tháng 12 năm 2005\n"
            "\nKính gửi: Bộ Nội vụ.\n"
            "\nKết quả thực hiện cơ chế một cửa tại các cơ quan hành chính\n");
}

TEST(OcrLayout, SignatureTableKeepsTheListApartFromTheTitles) {
  std::vector<OcrLine> lines = {
      Line(420, {{"nhận và trả kết quả./.", 320}}, true),
      Line(540, {{"Nơi nhận:", 315}, {"T/M ỦY BAN NHÂN DÂN", 1425}}, true),
      Line(600, {{"- Như trên;", 325}}, true),
      // A cell Tesseract made a line of its own, a little higher than the one beside it.
      Line(590, {{"K/T CHỦ TỊCH", 1550}}),
      // A speck under the titles: the line is still the list's, and its text as read.
      Line(650, {{"- TT Tỉnh ủy (b/c);", 327}, {".", 1595}}),
      Line(700, {{"- TT HĐND tỉnh;", 327}, {"PHÓ CHỦ TỊCH", 1540}}),
      // The rest of the list, below the titles.
      Line(750, {{"- Lưu: VT, NC.", 330}}, true),
      // After the signing space.
      Line(985, {{"Đinh Văn Thạch", 1546}}, true),
  };
  EXPECT_EQ(LayOutOcrText(lines),
            "nhận và trả kết quả./.\n"
            "\nNơi nhận:\n- Như trên;\n- TT Tỉnh ủy (b/c); .\n- TT HĐND tỉnh;\n- Lưu: VT, NC.\n"
            "T/M ỦY BAN NHÂN DÂN\nK/T CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
            "\nĐinh Văn Thạch\n");
}

TEST(OcrLayout, SpecksInTheGapAreDropped) {
  // "Le" (confidence 30, 23 pixels high) and "._" between the cells.
  OcrLine first = Line(540, {{"Nơi nhận:", 315}});
  std::vector<OcrWord> speck = Words("Le", 730, 552, 30);
  speck[0].bottom = speck[0].top + 23;
  first.words.insert(first.words.end(), speck.begin(), speck.end());
  std::vector<OcrWord> title = Words("T/M ỦY BAN NHÂN DÂN", 1425, 540);
  first.words.insert(first.words.end(), title.begin(), title.end());
  OcrLine second = Line(600, {{"- Như trên;", 325}, {"._", 1000}, {"K/T CHỦ TỊCH", 1550}});
  // "._" 46 pixels before the title is a speck; a "-" at word spacing after it is text.
  OcrLine third = Line(650, {{"- TT HĐND tỉnh;", 327}});
  std::vector<OcrWord> edge = Words("._", 1440, 650);
  std::vector<OcrWord> after = Words("PHÓ CHỦ TỊCH -", 1534, 650);
  third.words.insert(third.words.end(), edge.begin(), edge.end());
  third.words.insert(third.words.end(), after.begin(), after.end());
  EXPECT_EQ(LayOutOcrText({first, second, third}),
            "Nơi nhận:\n- Như trên;\n- TT HĐND tỉnh;\n"
            "T/M ỦY BAN NHÂN DÂN\nK/T CHỦ TỊCH\nPHÓ CHỦ TỊCH -\n");
  // In a line that does not split, a speck is text as Tesseract read it.
  OcrLine plain = Line(100, {{"Điều 1.", 300}});
  std::vector<OcrWord> dot = Words("._", 484, 100);
  plain.words.insert(plain.words.end(), dot.begin(), dot.end());
  EXPECT_EQ(LayOutOcrText({plain}), "Điều 1. ._\n");
  // A line of nothing but specks stays as read.
  EXPECT_EQ(LayOutOcrText({Line(100, {{".", 300}, {"._", 1500}})}), ". ._\n");
}

TEST(OcrLayout, UnsureTextOfTheLinesSizeIsKept) {
  // Bold capitals read at confidence 23: a cell all the same.
  OcrLine line = Line(365, {{"Nơi nhận:", 358}});
  std::vector<OcrWord> title = Words("KT.GIÁM ĐỐC", 1580, 346, 23);
  for (OcrWord& w : title) w.bottom += 24;
  line.words.insert(line.words.end(), title.begin(), title.end());
  EXPECT_EQ(LayOutOcrText({line}), "Nơi nhận:\nKT.GIÁM ĐỐC\n");
  // Small and unsure, it is a speck; small but sure, text.
  OcrLine faint = Line(365, {{"Nơi nhận:", 358}});
  std::vector<OcrWord> small = Words("ni.", 765, 380, 20);
  small[0].bottom = small[0].top + 25;
  faint.words.insert(faint.words.end(), small.begin(), small.end());
  EXPECT_EQ(LayOutOcrText({faint}), "Nơi nhận:\n");
  faint.words.back().confidence = 90;
  EXPECT_EQ(LayOutOcrText({faint}), "Nơi nhận:\nni.\n");
  // Unsure between two cells, at full height: a speck.
  OcrLine blot = Line(540, {{"Nơi nhận:", 315}});
  std::vector<OcrWord> sa = Words("sa", 1036, 540, 13);
  blot.words.insert(blot.words.end(), sa.begin(), sa.end());
  std::vector<OcrWord> tm = Words("TM. CHÍNH PHỦ", 1560, 540);
  blot.words.insert(blot.words.end(), tm.begin(), tm.end());
  EXPECT_EQ(LayOutOcrText({blot}), "Nơi nhận:\nTM. CHÍNH PHỦ\n");
}

TEST(OcrLayout, DotsOfTheScanAreDropped) {
  // A dot 3 x 4 pixels before "KT." (read as "."), one after "BÁO CÁO"; a dash 15 x 5 pixels
  // is text.
  auto dot = [](int left, int top) {
    OcrWord w;
    w.text = ".";
    w.left = left;
    w.right = left + 3;
    w.top = top;
    w.bottom = top + 4;
    return w;
  };
  OcrLine first = Line(540, {{"Nơi nhận:", 315}});
  first.words.push_back(dot(1405, 560));
  std::vector<OcrWord> title = Words("KT. CHỦ TỊCH", 1425, 540);
  first.words.insert(first.words.end(), title.begin(), title.end());
  OcrLine second = Line(600, {{"- Bộ Nội vụ;", 325}, {"PHÓ CHỦ TỊCH", 1425}});
  second.words[0].left = second.words[0].right - 15;
  second.words[0].top += 20;
  second.words[0].bottom = second.words[0].top + 5;
  OcrLine third = Line(700, {{"BÁO CÁO", 1160}});
  third.words.push_back(dot(third.words.back().right + 20, 740));
  EXPECT_EQ(LayOutOcrText({first, second, third}),
            "Nơi nhận:\n- Bộ Nội vụ;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBÁO CÁO\n");
}

TEST(OcrLayout, TableEndsAtALineAcrossBothColumns) {
  std::vector<OcrLine> lines = {
      Line(240, {{"SỞ TÀI CHÍNH", 460}, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1170}}),
      Line(310, {{"Số: 12/STC-QLG", 445}, {"Độc lập - Tự do - Hạnh phúc", 1360}}),
      // Centred over the gap between the columns: the table is over.
      Line(420, {{"Kính gửi: Ủy ban nhân dân tỉnh", 700}}),
      Line(480, {{"V/v", 460}}),
  };
  EXPECT_EQ(LayOutOcrText(lines),
            "SỞ TÀI CHÍNH\nSố: 12/STC-QLG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nKính gửi: Ủy ban nhân dân tỉnh\nV/v\n");
}

TEST(OcrLayout, ThreeCellsAndLinesGoingUpAreNotReordered) {
  // A row of three cells stays one line (a body table is not a header).
  EXPECT_EQ(LayOutOcrText({Line(100, {{"1", 300}, {"Sở Tài chính", 700}, {"5", 1800}})}),
            "1 Sở Tài chính 5\n");
  // A line above the one before (another of Tesseract's blocks) ends the table.
  std::vector<OcrLine> lines = {
      Line(500, {{"Nơi nhận:", 315}, {"KT. GIÁM ĐỐC", 1425}}),
      Line(400, {{"- Như trên;", 325}}),
  };
  EXPECT_EQ(LayOutOcrText(lines), "Nơi nhận:\nKT. GIÁM ĐỐC\n- Như trên;\n");
}

TEST(OcrLayout, LinesWithoutWordsAreSkipped) {
  OcrLine empty;
  empty.paragraph_start = true;
  empty.words = Words(" ", 100, 100);
  std::vector<OcrLine> lines = {Line(100, {{"Điều 1.", 300}}, true), empty,
                                Line(200, {{"Điều 2.", 300}})};
  // The empty paragraph's start passes to the next line.
  EXPECT_EQ(LayOutOcrText(lines), "Điều 1.\n\nĐiều 2.\n");
  EXPECT_EQ(LayOutOcrText({}), "");
}

TEST(OcrLayout, MarksReadAloneAreDropped) {
  // Tesseract's Vietnamese model reads a blot above a line as a spacing circumflex: "ˆ" as a
  // word of its own, as tall as a letter, between "Truyền" and "thông" and at the end.
  OcrLine line = Line(300, {{"Bộ Thông tin và Truyền ˆ thông ˆ", 300}});
  EXPECT_EQ(LayOutOcrText({line}), "Bộ Thông tin và Truyền thông\n");
  // A letter with its mark is a word; a tilde is a list's dash.
  EXPECT_EQ(LayOutOcrText({Line(300, {{"Ủy ban", 300}})}), "Ủy ban\n");
  EXPECT_EQ(LayOutOcrText({Line(300, {{"~ Như trên;", 300}})}), "~ Như trên;\n");
}

}  // namespace
}  // namespace vanban
