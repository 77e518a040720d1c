// Diacritics of OCR words corrected against the document's own text.
//
// Tesseract's errors on Vietnamese are mostly one diacritic: a mark lost ("Uy ban" for "Ủy
// ban", "tinh" for "tỉnh", "PHO CHU TICH" in bold capitals) or another vowel or tone read
// ("đối" for "đổi", "cống" for "cổng"). An official document repeats its names and terms, and
// most of their occurrences are read right. So a pair of adjacent words is rewritten to the
// spelling the same document gives that pair most often, compared without diacritics and case:
//   - the majority spelling occurs at least kMinMajority times and at least kMajorityRatio
//     times as often as the spelling read;
//   - no word of the pair loses a diacritic by it ("Thủ trưởng" may become "Thứ trưởng" if the
//     document says so three times; "vụ" never becomes "vu"): OCR loses marks, it rarely adds
//     them;
//   - a word keeps its case pattern (all capitals, a capital first, lower case).
// A pair the document spells only one way, as OCR read it, takes the spelling of a short list
// of pairs that every official document writes ("đẩy mạnh", "bổ sung", "kết luận", "cấp
// tỉnh"; ocr_correct.cc), under the same rule of no diacritic lost: a trích yếu is said once,
// with no majority to correct it. The province's own place names ("Đồng Hỷ", "Phú Lương") are
// such pairs too, and a few pairs of the list win even against the document's majority ("Cổng
// TTĐT", "bổ sung": no other spelling of them is a phrase).
// Before any counting, a very short table of pairs that are no Vietnamese as Tesseract reads
// them ("chỉ tiết", "Ủy ben") is rewritten — the only rewrite that may take a mark away — so
// that a misreading repeated in a body cannot outvote the right spelling of a title; and each
// page is put in NFC first (Tesseract may decompose a capital's marks), its eths made Đ ("QĐÐ"
// is "QĐ": Vietnamese has no Ð, and the Vietnamese model reads some Đ twice, once as one).
// Words are what lies between whitespace, without the punctuation around them. Only the pages
// read by OCR change; text-layer pages of the same PDF count as evidence.
//
// Measured on the 84 documents of tests/data/corpus (OCR of the generated scans against the
// born-digital text, words aligned): 493 words corrected, 20 made wrong (legitimate pairs that
// differ in a diacritic only, "sự"/"sử", "Thủ"/"Thứ").
#pragma once

#include <string>
#include <vector>

namespace vanban {

inline constexpr int kMinMajority = 2;
inline constexpr int kMajorityRatio = 2;

// `pages`: the text of every page of one document (NFC). `ocr[i]`: page i was read by OCR.
void CorrectOcrDiacritics(std::vector<std::string>& pages, const std::vector<bool>& ocr);

}  // namespace vanban
