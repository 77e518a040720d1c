// The text of an OCR page rebuilt from Tesseract's word boxes, with the two-column tables of
// an official document read the way Poppler reads them from a born-digital PDF.
//
// An official document (NĐ 30/2020/NĐ-CP) opens and closes with a borderless two-column
// table: the issuing body beside the Quốc hiệu, and the Nơi nhận list beside the signature.
// Tesseract's layout analysis often takes each row of such a table for one text line and its
// text then joins the two cells ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
// "- Như trên; K/T CHỦ TỊCH"). Poppler, on the born-digital PDF, ends a line at a gap wider than
// word spacing and reads the two cells one after the other. This does the same with the word
// boxes:
//   - words of no letter or digit whose box is at most kSpeckHeights times the line's median
//     word height either way are dots of the scan, dropped;
//   - a line splits into segments at every horizontal gap between words with letters or digits
//     wider than kColumnGapHeights times the line's median word height (word spacing is a
//     fraction of it, the gap between the columns of the header and signature tables several
//     times it);
//   - in a line that splits, the other words (punctuation, dashes, bullets) belong to the
//     segment they are in or within kAttachHeights of; outside them they are specks of the
//     scan in the gap, dropped, as are segments whose words with letters or digits are all
//     unsure (below kNoiseConfidence) and either small (below kSmallHeights of the median)
//     or between two other segments: "Le", half the height of the line, or "sa" at full
//     height, both at confidence 30 or less, between "Nơi nhận:" and "TM. ..." (a segment at
//     an end of the line at full height is a cell: "KT. GIÁM ĐỐC" in bold can read at 23);
//   - a line of two segments starts a table. The lines after it belong to it while each of
//     their segments lies within one of the two columns (overlaps that column's words so far,
//     and not the other's), one segment per column, and they go down the page (a cell that
//     Tesseract made a line of its own may sit up to half a line higher than the one beside
//     it). The table ends with the last line of two segments among them, or after it with the
//     last line that follows the one above within kRowPitchHeights line heights (the rest of a
//     Nơi nhận list beside and below the signature; a blank line before "Kính gửi:" under the
//     header table ends it). Its left column's lines come first, then its right column's, each
//     in order, as Poppler reads the cells of a table. What comes after it stays in Tesseract's
//     order.
// Otherwise the text is what Tesseract's GetUTF8Text writes: a line's words joined by one
// space, a blank line between Tesseract's paragraphs (none inside a table, as in Poppler's
// text). Measured with bench_ocr (8 scans, 2026-11-29): CER of the text against the source
// 1.09 % -> 0.90 %; the text layer of the searchable PDF (Tesseract's renderer) is unchanged.
#pragma once

#include <string>
#include <vector>

namespace vanban {

struct OcrWord {
  std::string text;  // UTF-8
  // Box in image pixels (y down); right and bottom exclusive.
  int left = 0;
  int top = 0;
  int right = 0;
  int bottom = 0;
  float confidence = 100;  // Tesseract's, 0 to 100
};

struct OcrLine {
  std::vector<OcrWord> words;    // in reading order
  bool paragraph_start = false;  // first line of one of Tesseract's paragraphs
};

// Lines of a table after its last line of two cells are further apart than this (in median
// word heights, between their middles) only across a blank line: the lines of a list are
// about 1.1 to 1.4 apart, across a blank line 2.5.
inline constexpr double kRowPitchHeights = 2.0;
// A horizontal gap wider than this many median word heights separates columns.
inline constexpr double kColumnGapHeights = 2.0;
// Punctuation this far from a segment (in median word heights) belongs to it: word spacing
// is about a third of a height.
inline constexpr double kAttachHeights = 0.5;
// Punctuation no wider and no taller than this (in median word heights) is a dot of the scan.
inline constexpr double kSpeckHeights = 0.125;
// A segment cut off by column gaps whose words are all below this confidence, and below
// kSmallHeights median word heights or between two other segments, is a speck.
inline constexpr float kNoiseConfidence = 50;
inline constexpr double kSmallHeights = 0.6;

// The page's text: lines ending in '\n', paragraphs separated by a blank line.
std::string LayOutOcrText(const std::vector<OcrLine>& lines);

}  // namespace vanban
