#include "ocr_layout.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>

#include "vanban/convert/text.h"

namespace vanban {
namespace {

// Part of a line between two column gaps.
struct Segment {
  std::string text;  // its words joined by one space
  int left = 0;
  int right = 0;
};

// A line as it comes out: its segments once specks are dropped, or the whole line as one
// segment.
struct Row {
  std::vector<Segment> segments;
  double middle = 0;  // vertical centre of its words
  int height = 0;     // median height of its words
  bool paragraph_start = false;
};

// A tone or vowel mark drawn on its own (ˆ ´ ¨, and the modifier letters U+02B0–U+02FF that
// ICU counts as letters): Tesseract's Vietnamese model reads a blot above a line as one. Not
// the tildes "~" and "˜": OCR reads a list's dash as one.
bool IsSpacingMark(char32_t c) {
  return ((c >= 0x02B0 && c <= 0x02FF) && c != 0x02DC) || c == 0x00B4 || c == 0x00A8;
}

bool HasLetterOrDigit(const std::string& s) {
  for (char32_t c : ToU32(s)) {
    if (u_isalnum(static_cast<UChar32>(c)) && !IsSpacingMark(c)) return true;
  }
  return false;
}

// A word of spacing marks alone ("ˆ" between "Truyền" and "thông"): no Vietnamese word is one.
bool IsMarksOnly(const std::string& s) {
  const std::u32string u = ToU32(s);
  return !u.empty() && std::all_of(u.begin(), u.end(), IsSpacingMark);
}

bool IsBlank(const std::string& s) {
  return s.find_first_not_of(" \t\n\r\f\v") == std::string::npos;
}

int MedianHeight(const std::vector<const OcrWord*>& words) {
  std::vector<int> heights;
  for (const OcrWord* w : words) heights.push_back(w->bottom - w->top);
  auto mid = heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2);
  std::nth_element(heights.begin(), mid, heights.end());
  return *mid;
}

Segment Join(const std::vector<const OcrWord*>& words) {
  Segment s;
  s.left = words.front()->left;
  s.right = words.front()->right;
  for (const OcrWord* w : words) {
    if (!s.text.empty()) s.text += ' ';
    s.text += w->text;
    s.left = std::min(s.left, w->left);
    s.right = std::max(s.right, w->right);
  }
  return s;
}

// The line's segments (see ocr_layout.h); none for a line without words.
Row MakeRow(const OcrLine& line) {
  Row row;
  row.paragraph_start = line.paragraph_start;
  std::vector<const OcrWord*> words, text_words;
  for (const OcrWord& w : line.words) {
    if (IsBlank(w.text) || IsMarksOnly(w.text)) continue;
    words.push_back(&w);
    if (HasLetterOrDigit(w.text)) text_words.push_back(&w);
  }
  if (words.empty()) return row;
  double top = 0, bottom = 0;
  const std::vector<const OcrWord*>& placed = text_words.empty() ? words : text_words;
  for (const OcrWord* w : placed) {
    top += w->top;
    bottom += w->bottom;
  }
  row.middle = (top + bottom) / (2.0 * static_cast<double>(placed.size()));
  row.height = MedianHeight(placed);
  if (text_words.empty()) {
    row.segments.push_back(Join(words));
    return row;
  }
  const int height = row.height;
  // Dots of the scan read as punctuation: no letter or digit, and a fraction of the height of
  // the line's words either way ("." 3 pixels square beside words 48 high).
  const double speck = kSpeckHeights * height;
  words.erase(std::remove_if(words.begin(), words.end(),
                             [&](const OcrWord* w) {
                               return w->right - w->left <= speck && w->bottom - w->top <= speck &&
                                      !HasLetterOrDigit(w->text);
                             }),
              words.end());
  // Segments of the words with letters or digits.
  const double column_gap = kColumnGapHeights * height;
  std::vector<std::vector<const OcrWord*>> parts(1);
  std::vector<Segment> spans(1, {{}, text_words[0]->left, text_words[0]->right});
  for (const OcrWord* w : text_words) {
    if (!parts.back().empty() && w->left - spans.back().right > column_gap) {
      parts.emplace_back();
      spans.push_back({{}, w->left, w->right});
    }
    parts.back().push_back(w);
    spans.back().left = std::min(spans.back().left, w->left);
    spans.back().right = std::max(spans.back().right, w->right);
  }
  if (parts.size() == 1) {
    // The words as read; where the line lies, its words with letters or digits tell (a speck
    // far off does not make it span both columns of a table).
    row.segments.push_back(Join(words));
    row.segments[0].left = spans[0].left;
    row.segments[0].right = spans[0].right;
    return row;
  }
  // The other words (punctuation, dashes, bullets) join the segment they are in or next to;
  // specks alone in a gap are dropped.
  const double attach = kAttachHeights * height;
  parts.assign(spans.size(), {});
  for (const OcrWord* w : words) {
    for (size_t k = 0; k < spans.size(); ++k) {
      if (w->right >= spans[k].left - attach && w->left <= spans[k].right + attach) {
        parts[k].push_back(w);
        break;
      }
    }
  }
  // A segment is text if one of its words with letters or digits is read with confidence, or
  // at the line's size and at an end of the line: the bold capitals of a title in the right
  // column can read below kNoiseConfidence, a blot between the columns reads as "sa".
  const double small = kSmallHeights * height;
  for (size_t k = 0; k < parts.size(); ++k) {
    const bool between = k > 0 && k + 1 < parts.size();
    bool text = false;
    for (const OcrWord* w : parts[k]) {
      text = text || (HasLetterOrDigit(w->text) && (w->confidence >= kNoiseConfidence ||
                                                    (!between && w->bottom - w->top >= small)));
    }
    if (text) row.segments.push_back(Join(parts[k]));
  }
  // Nothing but specks: the line as Tesseract read it.
  if (row.segments.empty()) row.segments.push_back(Join(words));
  return row;
}

bool Overlaps(const Segment& s, const Segment& column) {
  return s.left < column.right && s.right > column.left;
}

// The column of a two-column table that segment `s` falls in: 0 or 1, or -1 if it touches
// both or neither.
int ColumnOf(const Segment& s, const std::array<Segment, 2>& columns) {
  bool left = Overlaps(s, columns[0]), right = Overlaps(s, columns[1]);
  if (left == right) return -1;
  return left ? 0 : 1;
}

std::string JoinSegments(const Row& row) {
  std::string out;
  for (const Segment& s : row.segments) {
    if (!out.empty()) out += ' ';
    out += s.text;
  }
  return out;
}

}  // namespace

std::string LayOutOcrText(const std::vector<OcrLine>& lines) {
  std::vector<Row> rows;
  bool paragraph_start = false;
  for (const OcrLine& line : lines) {
    Row row = MakeRow(line);
    // A line without words gives its paragraph start to the next one.
    paragraph_start = paragraph_start || row.paragraph_start;
    if (row.segments.empty()) continue;
    row.paragraph_start = paragraph_start;
    paragraph_start = false;
    rows.push_back(std::move(row));
  }
  std::string out;
  for (size_t i = 0; i < rows.size();) {
    if (rows[i].paragraph_start && !out.empty()) out += '\n';
    if (rows[i].segments.size() != 2) {
      out += JoinSegments(rows[i]) + '\n';
      ++i;
      continue;
    }
    // A table from row i to row `last`.
    std::array<Segment, 2> columns = {rows[i].segments[0], rows[i].segments[1]};
    std::array<std::vector<std::pair<size_t, std::string>>, 2> cells;  // (row, text)
    cells[0].push_back({i, columns[0].text});
    cells[1].push_back({i, columns[1].text});
    size_t last = i, end = rows.size();
    for (size_t j = i + 1; j < rows.size(); ++j) {
      const Row& r = rows[j];
      const Row& above = rows[j - 1];
      // Going down the page; a cell beside the one above, which Tesseract gave a line of its
      // own, may sit a little higher.
      if (r.middle <= above.middle - 0.5 * std::max(r.height, above.height) ||
          r.segments.size() > 2) {
        end = j;
        break;
      }
      std::vector<int> at;
      for (const Segment& s : r.segments) at.push_back(ColumnOf(s, columns));
      if (at.size() == 2 ? at[0] != 0 || at[1] != 1 : at[0] < 0) {
        end = j;
        break;
      }
      for (size_t k = 0; k < at.size(); ++k) {
        const Segment& s = r.segments[k];
        Segment& c = columns[static_cast<size_t>(at[k])];
        c.left = std::min(c.left, s.left);
        c.right = std::max(c.right, s.right);
        cells[static_cast<size_t>(at[k])].push_back({j, s.text});
      }
      if (at.size() == 2) last = j;
    }
    // After its last row of two cells the table goes on while its rows follow each other
    // closely (the rest of a Nơi nhận list beside and below the signature); a blank line ends
    // it ("Kính gửi:" below the header table).
    while (last + 1 < end &&
           rows[last + 1].middle - rows[last].middle <=
               kRowPitchHeights * std::max(rows[last].height, rows[last + 1].height)) {
      ++last;
    }
    for (const auto& column : cells) {
      for (const auto& [row, text] : column) {
        if (row <= last) out += text + '\n';
      }
    }
    i = last + 1;
  }
  return out;
}

}  // namespace vanban
