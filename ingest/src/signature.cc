#include "signature.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include <string_view>

#include "authority.h"
#include "doc_type.h"
#include "header.h"

namespace vanban::metadata_internal {
namespace {

constexpr size_t kMaxClusterLines = 60;
constexpr size_t kMaxListLines = 120;
constexpr size_t kMaxListEntries = 80;
constexpr size_t kMaxNameWords = 6;
constexpr size_t kMaxTitleChars = 200;

// "TM.", "KT.", "TL.", "TUQ.", "Q." and the older slash forms, folded.
constexpr std::string_view kLeads[] = {"tm.", "t/m", "t.m.", "kt.",  "k/t",    "k.t.",
                                       "tl.", "t/l", "t.l.", "tuq.", "t.u.q.", "q."};

// "(Đã ký)", "[daky]", "(Ký, ghi rõ họ tên)" and similar placeholders in the signature space.
constexpr std::string_view kSignedMarks[] = {"da ky",          "(da ky)",
                                             "[da ky]",        "daky",
                                             "[daky]",         "(ky)",
                                             "ky ten",         "(ky ten, dong dau)",
                                             "(ky, dong dau)", "(ky, ghi ro ho ten)",
                                             "(chu ky so)",    "chu ky so",
                                             "(da ky so)"};

// OCR reads the dot of a lead as a comma ("KT, CHỦ TỊCH"): a lead only before a position or
// a body in capitals, since "TM, …" could be an abbreviation in a list.
constexpr std::string_view kOcrLeads[] = {"tm,", "kt,", "tl,"};

bool IsLead(U32View cell) {
  if (cell.size() > kMaxTitleChars) return false;
  U32 f = Fold(cell);
  for (std::string_view l : kLeads) {
    if (f.size() > l.size() && f.compare(0, l.size(), U32(l.begin(), l.end())) == 0 &&
        (IsSpace(f[l.size()]) || IsLetter(f[l.size()]))) {
      U32View rest = U32View(cell).substr(l.size());
      return IsMostlyUpper(rest);
    }
  }
  for (std::string_view l : kOcrLeads) {
    if (f.size() > l.size() + 1 && f.compare(0, l.size(), U32(l.begin(), l.end())) == 0 &&
        IsSpace(f[l.size()])) {
      const U32 rest = Trim(U32View(cell).substr(l.size()));
      return IsMostlyUpper(rest) && (IsPositionTitle(rest) || StartsWithBodyName(rest));
    }
  }
  return false;
}

// Text after the lead ("KT. CHỦ TỊCH" -> "CHỦ TỊCH").
U32 AfterLead(U32View cell) {
  U32 f = Fold(cell);
  for (std::string_view l : kLeads) {
    if (f.compare(0, l.size(), U32(l.begin(), l.end())) == 0) return Trim(cell.substr(l.size()));
  }
  return U32(cell);
}

bool IsSignedMark(U32View cell) {
  U32 f = CollapseSpaces(Fold(cell));
  for (std::string_view m : kSignedMarks) {
    if (f == U32(m.begin(), m.end())) return true;
  }
  return false;
}

bool IsBullet(U32View cell) {
  if (cell.empty()) return false;
  char32_t c = cell[0];
  if (IsDash(c) || c == '+' || c == 0x2022 || c == 0x25CF || c == 0x25AA || c == 0xB7) return true;
  // OCR reads a dash as "~" or "=", also glued to the entry ("=Lưu: VT"), or with a speck
  // before it ("_~ Các sở").
  if (c == '~' || c == '=') {
    return cell.size() == 1 || cell[1] == ' ' || IsUpperLetter(cell[1]) || IsBullet(cell.substr(1));
  }
  return (c == '_' || c == '\'' || c == '`' || c == '.' || c == ',') && cell.size() > 1 &&
         cell[1] != c && IsBullet(cell.substr(1));
}

// Where the text of a bulleted cell starts: after its bullet, specks and spaces ("_= Lưu").
size_t BulletEnd(U32View cell) {
  size_t i = 0;
  while (i < cell.size() && (IsBullet(cell.substr(i)) || IsSpace(cell[i]))) ++i;
  return i;
}

bool HasLetterOrDigit(U32View s) {
  for (char32_t c : s) {
    if (IsLetter(c) || IsDigit(c)) return true;
  }
  return false;
}

// A short lowercase word an OCR reads in the stamp or the signature ("có.", "ký"): not a name.
bool IsSpeckWord(U32View cell) {
  size_t letters = 0;
  for (char32_t c : cell) {
    if (IsUpperLetter(c) || IsDigit(c)) return false;
    if (IsLetter(c)) ++letters;
  }
  return letters <= 3 && CountWords(cell) == 1;
}

// Words that open headings, not names ("Chương I", "Phụ lục"). Compared with their
// diacritics: "Phần" opens a heading, "Phan" is a family name.
constexpr std::u32string_view kHeadingWords[] = {U"chương", U"điều",  U"phần", U"mục",
                                                 U"phụ",    U"khoản", U"biểu", U"mẫu"};

// One to kMaxNameWords words, each a capital followed by lowercase letters: "Bùi Văn Lương".
bool IsNameLike(U32View cell, size_t min_words) {
  std::vector<U32> words = SplitWords(cell);
  if (words.size() < min_words || words.size() > kMaxNameWords) return false;
  U32 first = Lower(words.front());
  for (std::u32string_view h : kHeadingWords) {
    if (first == h) return false;
  }
  for (const U32& w : words) {
    if (!IsUpperLetter(w[0]) || w.size() < 2) return false;
    for (size_t i = 1; i < w.size(); ++i) {
      if (!IsLetter(w[i]) || IsUpperLetter(w[i])) return false;
    }
  }
  return true;
}

U32 TitleFromLines(const std::vector<U32>& titles) {
  for (size_t i = titles.size(); i-- > 0;) {
    const U32& t = titles[i];
    if (!IsLead(t)) return CasePosition(t);
    if (i + 1 == titles.size()) {
      // "Q. GIÁM ĐỐC" signs as acting head (competence "Q.", title "Giám đốc"); other leads
      // name the body, not the signer.
      if (Fold(t).compare(0, 2, U"q.") == 0) return CasePosition(AfterLead(t));
      return {};
    }
  }
  return {};
}

// The canonical form of the first lead among the title lines ("T/M" -> "TM.").
U32 CompetenceFromLines(const std::vector<U32>& titles) {
  for (const U32& t : titles) {
    if (!IsLead(t)) continue;
    U32 f = Fold(t);
    if (f.compare(0, 3, U"tuq") == 0 || f.compare(0, 6, U"t.u.q.") == 0) return U"TUQ.";
    if (f[0] == 'q') return U"Q.";
    char32_t second = f[1] == '/' || f[1] == '.' ? f[2] : f[1];
    if (f[0] == 'k') return U"KT.";
    if (second == 'm') return U"TM.";
    if (second == 'l') return U"TL.";
  }
  return {};
}

struct Cursor {
  size_t line = 0;
  size_t cell = 0;
};

class ClusterReader {
 public:
  ClusterReader(const std::vector<Line>& lines, Cursor start) : lines_(lines), start_(start) {}

  // Where the last Read() stopped: a later block cannot start before it.
  size_t stopped_at() const { return stopped_at_; }

  bool Read(SignatureInfo* out) {
    std::vector<U32> titles;
    bool last_was_title = false;
    bool seen_list = false;
    size_t end = std::min(lines_.size(), start_.line + kMaxClusterLines);
    for (size_t l = start_.line; l < end; ++l) {
      const Line& line = lines_[l];
      if (!line.blank() && IsBullet(line.cells.front())) seen_list = true;
      for (size_t c = l == start_.line ? start_.cell : 0; c < line.cells.size(); ++c) {
        const U32& cell = line.cells[c];
        if (IsLead(cell) || IsPositionTitle(cell)) {
          titles.push_back(cell);
          last_was_title = true;
          continue;
        }
        if (last_was_title && IsMostlyUpper(cell) && CountWords(cell) <= 3 && !titles.empty() &&
            !MatchTitleLine(cell)) {
          titles.back() += U" " + cell;  // "TM. ỦY BAN NHÂN" / "DÂN"
          continue;
        }
        last_was_title = false;
        if (IsSignedMark(cell) || (!titles.empty() && IsSpeckWord(cell))) continue;
        if (IsNameLike(cell, 1) && !titles.empty()) {
          // A short word without marks alone above a full name is a speck of the signature
          // ("Tu" / "Hứa Đức Nhị"); a family name alone above the rest ("Bùi" / "Xuân
          // Cường") is joined below.
          if (CountWords(cell) == 1 && cell.size() <= 3 &&
              std::all_of(cell.begin(), cell.end(), [](char32_t ch) { return ch < 0x80; }) &&
              l + 1 < lines_.size() && !lines_[l + 1].blank() &&
              IsNameLike(lines_[l + 1].cells.front(), 3)) {
            continue;
          }
          U32 name = cell;
          if (CountWords(name) == 1 || NextIsOneWordName(l)) {
            if (l + 1 < lines_.size() && !lines_[l + 1].blank() &&
                IsNameLike(lines_[l + 1].cells.front(), 1)) {
              name += U" " + lines_[l + 1].cells.front();
            }
          }
          if (CountWords(name) < 2) return false;
          out->signer = name;
          out->title = TitleFromLines(titles);
          out->competence = CompetenceFromLines(titles);
          out->titles.clear();
          for (const U32& t : titles) out->titles += t + U"\n";
          stopped_at_ = l + 1;
          return true;
        }
        // Entries of the Nơi nhận list read between the titles and the name.
        if (IsBullet(cell) || RecipientsLabelLength(cell) > 0 || seen_list) continue;
        stopped_at_ = l;
        return false;
      }
    }
    stopped_at_ = end;
    return false;
  }

 private:
  bool NextIsOneWordName(size_t l) const {
    return l + 1 < lines_.size() && !lines_[l + 1].blank() &&
           CountWords(lines_[l + 1].cells.front()) == 1 &&
           IsNameLike(lines_[l + 1].cells.front(), 1);
  }

  const std::vector<Line>& lines_;
  Cursor start_;
  size_t stopped_at_ = 0;
};

// Words Nơi nhận entries are made of, which OCR of the small print reads without their marks
// ("cac PCT", "Trung tâm Thông tin tinh", "Nhu Điều 4"), and where a word so read is that
// word. Only words whose mark-less form is no Vietnamese word of its own anywhere ("cac",
// "huyen", "ương"); "tinh" and "xa" (tinh thần, xa) only as the place word ending an entry or
// before its "(b/c)" or a comma; "Nhu" (nhu cầu) only opening an entry; "phong" and "vu" (a
// name, vu khống) only before an abbreviation ("Phòng GD&ĐT", "Vụ UDCNTT"); "dang" (dang
// tay) only after "của", "ban", "sự" ("các Ban của Đảng", "Ban cán sự đảng"), "thu" only
// after "Bí" ("Ban Bí thư"). Never "thi" (thi đua), "tai" (thiên tai), "vi" (vi phạm), "so",
// "noi" and the like, nor family names.
struct ListWord {
  std::u32string_view spelled;
  enum Where { kAnywhere, kPlaceAtEnd, kOpening, kBeforeAbbreviation, kAfter } where;
  std::u32string_view after = {};  // kAfter: the folded words it may follow, "|" between
};
constexpr ListWord kListWords[] = {{U"các", ListWord::kAnywhere},
                                   {U"huyện", ListWord::kAnywhere},
                                   {U"phường", ListWord::kAnywhere},
                                   {U"cục", ListWord::kAnywhere},
                                   {U"học", ListWord::kAnywhere},
                                   {U"đoàn", ListWord::kAnywhere},
                                   {U"đơn", ListWord::kAnywhere},
                                   {U"điều", ListWord::kAnywhere},
                                   {U"lưu", ListWord::kAnywhere},
                                   {U"ương", ListWord::kAnywhere},
                                   {U"cựu", ListWord::kAnywhere},
                                   {U"thuộc", ListWord::kAnywhere},
                                   {U"biểu", ListWord::kAnywhere},
                                   {U"quốc", ListWord::kAnywhere},
                                   {U"nghiệp", ListWord::kAnywhere},
                                   {U"truyền", ListWord::kAnywhere},
                                   {U"tịch", ListWord::kAnywhere},
                                   {U"hội", ListWord::kAnywhere},
                                   {U"điện", ListWord::kAnywhere},
                                   {U"kiểm", ListWord::kAnywhere},
                                   {U"viện", ListWord::kAnywhere},
                                   {U"liên", ListWord::kAnywhere},
                                   {U"hoạch", ListWord::kAnywhere},
                                   {U"lịch", ListWord::kAnywhere},
                                   {U"dân", ListWord::kAnywhere},
                                   {U"tỉnh", ListWord::kPlaceAtEnd},
                                   {U"xã", ListWord::kPlaceAtEnd},
                                   {U"như", ListWord::kOpening},
                                   {U"phòng", ListWord::kBeforeAbbreviation},
                                   {U"vụ", ListWord::kBeforeAbbreviation},
                                   {U"đảng", ListWord::kAfter, U"|cua|ban|su|"},
                                   {U"thư", ListWord::kAfter, U"|bi|"}};

// Whether a word is an abbreviation in capitals ("GD&ĐT", "UDCNTT", "CV").
bool IsAbbreviationWord(const U32& w) {
  size_t upper = 0;
  for (char32_t c : w) {
    if (IsLowerLetter(c)) return false;
    if (IsUpperLetter(c)) ++upper;
  }
  return upper >= 2;
}

// `word` read without marks at word index `k` of `words` (`rest` is what follows it in the
// entry): the list word it stands for, or empty.
U32 ListWordSpelling(const std::vector<U32>& words, size_t k, U32View rest) {
  const U32& word = words[k];
  for (char32_t c : word) {
    if (c >= 0x80 || !IsLetter(c)) return {};  // a mark, a đ, or no word
  }
  // Folded once; every list word carries a mark, so a word read without any is never one.
  static const std::vector<U32> folded = [] {
    std::vector<U32> f;
    for (const ListWord& w : kListWords) f.push_back(Fold(w.spelled));
    return f;
  }();
  const U32 lower = Lower(word);
  for (size_t n = 0; n < std::size(kListWords); ++n) {
    const ListWord& w = kListWords[n];
    if (folded[n] != lower) continue;
    bool ok = false;
    switch (w.where) {
      case ListWord::kAnywhere:
        ok = true;
        break;
      case ListWord::kPlaceAtEnd: {
        size_t i = 0;
        while (i < rest.size() && IsSpace(rest[i])) ++i;
        ok = i == rest.size() || rest[i] == '(' || rest[i] == ',';
        break;
      }
      case ListWord::kOpening:
        ok = k == 0;
        break;
      case ListWord::kBeforeAbbreviation:
        ok = k + 1 < words.size() && IsAbbreviationWord(words[k + 1]);
        break;
      case ListWord::kAfter:
        ok = k > 0 && w.after.find(U"|" + Fold(words[k - 1]) + U"|") != std::u32string_view::npos;
        break;
    }
    if (!ok) return {};
    U32 out(w.spelled);
    if (IsUpperLetter(word[0])) out[0] = Upper(U32View(out).substr(0, 1))[0];
    return out;
  }
  return {};
}

// An entry as OCR may read it: specks between words ("VT,.CCVTLT", "tỉnh.(b/c)", "đơn
// vị.thuộc", "PCT'UBND") and list words without their marks. Not in an entry that names a
// person, whose words may be names.
U32 RepairListEntry(U32 e) {
  U32 out;
  for (size_t i = 0; i < e.size(); ++i) {
    const char32_t c = e[i];
    const bool letter_before = i > 0 && IsLetter(e[i - 1]);
    const bool next_letter = i + 1 < e.size() && IsLetter(e[i + 1]);
    if (c == ',' && i + 1 < e.size() && e[i + 1] == '.') {
      out.push_back(',');
      ++i;  // ",." → ","
      if (i + 1 < e.size() && !IsSpace(e[i + 1])) out.push_back(' ');
      continue;
    }
    if ((c == ';' && i + 1 < e.size() && e[i + 1] == ',') ||
        (c == ':' && i > 0 && e[i - 1] == ',')) {
      continue;  // "CT;, các PCT", "Các ban đảng,: Văn phòng": the comma stays
    }
    if (c == ',' && letter_before && next_letter && IsUpperLetter(e[i + 1]) &&
        IsUpperLetter(e[i - 1])) {
      out += U", ";  // "VT,NN"
      continue;
    }
    if (c == ':' && letter_before && IsLowerLetter(e[i - 1]) && i + 2 < e.size() &&
        e[i + 1] == ' ' && IsLowerLetter(e[i + 2]) &&
        U32View(e).substr(0, i).find(' ') != U32View::npos) {
      // "Cục … Quản: lý": inside a name; a label is the entry's first word ("Lưu: văn thư"),
      // ends in a capital ("VPUB:") or comes before one.
      continue;
    }
    if (c == U'©' && (i == 0 || e[i - 1] == ' ') && i + 1 < e.size() && e[i + 1] == ',') {
      out.push_back('C');  // "©, PVP UBND tỉnh": the C of the office's chief
      continue;
    }
    if (c == '.' && i >= 2 && IsUpperLetter(e[i - 1]) && IsUpperLetter(e[i - 2]) &&
        U32View(e).substr(i + 1, 3) == U" - ") {
      continue;  // "Cục Kiểm tra VBQPPL. - Bộ Tư pháp"
    }
    if (c == '.' && letter_before && i + 1 < e.size() && e[i + 1] == '(') {
      out.push_back(' ');  // "tỉnh.(b/c)"
      continue;
    }
    if ((c == '.' || c == '-') && letter_before && next_letter && IsLowerLetter(e[i - 1]) &&
        IsLowerLetter(e[i + 1]) && i >= 2 && IsLetter(e[i - 2]) && i + 2 < e.size() &&
        IsLetter(e[i + 2])) {
      out.push_back(' ');  // "đơn vị.thuộc", "đơn-vị"; not "v.v."
      continue;
    }
    if ((c == '\'' || c == 0x2019) && letter_before && next_letter) {
      out.push_back(' ');  // "PCT'UBND"
      continue;
    }
    out.push_back(c);
  }
  const U32 folded = Fold(out);
  if (folded.find(U"d/c") != U32::npos || folded.find(U"dong chi") != U32::npos) return out;
  for (const U32& w : SplitWords(folded)) {
    if (w == U"ong" || w == U"ba") return out;  // "Ông Nguyễn Văn A", "Bà …"
  }
  // The entry's words (letters only), with where each starts and ends.
  std::vector<U32> words;
  std::vector<std::pair<size_t, size_t>> at;
  for (size_t i = 0; i < out.size();) {
    if (!IsLetter(out[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < out.size() && IsLetter(out[j])) ++j;
    words.push_back(out.substr(i, j - i));
    at.emplace_back(i, j);
    i = j;
  }
  U32 restored;
  size_t done = 0;
  for (size_t k = 0; k < words.size(); ++k) {
    U32 spelled = ListWordSpelling(words, k, U32View(out).substr(at[k].second));
    // "trung ương" read "trưng ương", "trun ương".
    if (k + 1 < words.size() && Fold(words[k + 1]) == U"uong" &&
        (words[k] == U"trưng" || words[k] == U"trun" || words[k] == U"Trưng" ||
         words[k] == U"Trun")) {
      spelled = IsUpperLetter(words[k][0]) ? U"Trung" : U"trung";
    }
    if (spelled.empty()) continue;
    restored.append(out, done, at[k].first - done);
    restored += spelled;
    done = at[k].second;
  }
  restored.append(out, done, U32::npos);
  return restored;
}

// Where a cell's text starts after the specks an OCR may read for a bullet (".:= Lưu").
size_t SpecksEnd(U32View cell) {
  size_t i = 0;
  while (i < cell.size() && i < 4 && U32View(U".:=~_*'`").find(cell[i]) != U32View::npos) ++i;
  return i;
}

// The "(b/c)" (báo cáo) that closes an entry, as Tesseract's Vietnamese model reads its small
// italics: "(b/€)", "(b/©)", "(b/C)", "(b/)", "(©)", "(í©)", and "Gí©)" with the bracket read
// as a letter; also after "để". "€" and "©" are in no Nơi nhận entry of their own.
U32 WithReportMark(U32 e) {
  if (e.empty() || e.back() != ')') return e;
  const size_t space = e.rfind(' ');
  const size_t begin = space == U32::npos ? 0 : space + 1;
  U32View token = U32View(e).substr(begin);
  const bool glyph = token.find(U'€') != U32View::npos || token.find(U'©') != U32View::npos;
  U32View inner = token.substr(0, token.size() - 1);
  if (!inner.empty() && inner[0] == '(') {
    inner.remove_prefix(1);
  } else if (!glyph) {
    return e;
  }
  if (inner == U"b/c" || inner.size() > 3) return e;
  if (!glyph && inner != U"b/C" && inner != U"b/") return e;
  const bool after_de = begin >= 4 && Fold(U32View(e).substr(begin - 4, 4)) == U"(de ";
  return U32(U32View(e).substr(0, begin)) + (after_de ? U"b/c)" : U"(b/c)");
}

// The "VT" (văn thư) that opens a "Lưu:" entry (Nghị định 30/2020, Phụ lục I), as OCR misreads
// it ("VTE", "VTF", "VI", "VE"; "Lưu: VE CNTT" with its comma lost); "VP" is a unit of its own.
U32 WithArchiveMark(U32 e) {
  static constexpr std::u32string_view kMisread[] = {U"VE", U"VI", U"VF", U"VTE", U"VTF", U"VTI"};
  const size_t at = StartsWithFolded(e, "luu: ") ? 5 : StartsWithFolded(e, "luu ") ? 4 : 0;
  if (at == 0) return e;
  size_t end = at;
  while (end < e.size() && IsLetter(e[end])) ++end;
  const U32View first = U32View(e).substr(at, end - at);
  if (std::find(std::begin(kMisread), std::end(kMisread), first) == std::end(kMisread)) return e;
  U32 out = U32(U32View(e).substr(0, at)) + U"VT";
  if (end + 1 < e.size() && e[end] == ' ' && IsUpperLetter(e[end + 1])) {
    out += U",";  // "VE CNTT"
  }
  out += U32View(e).substr(end);
  return out;
}

// Specks of the stamp or the signature read as a short word in lowercase after the office's
// copy, whose units are abbreviations: "Lưu: VT có".
U32 WithoutTrailingSpeckWord(U32 e) {
  if (!StartsWithFolded(e, "luu:")) return e;
  const size_t space = e.rfind(' ');
  if (space == U32::npos || space < 5 || e[space - 1] == ',') return e;
  const U32View last = U32View(e).substr(space + 1);
  if (last.empty() || last.size() > 3 || !IsLowerLetter(last[0])) return e;
  for (char32_t c : U32View(e).substr(4, space - 4)) {
    if (IsLowerLetter(c)) return e;  // "Lưu: VT Bộ Tài chính", a unit written out
  }
  return Trim(U32View(e).substr(0, space));
}

// A stroke of the bullet read as a digit glued to the entry ("-7TT Tỉnh ủy" for "- TT Tỉnh
// ủy"): no entry opens with a digit glued to an abbreviation.
U32 WithoutBulletDigit(U32 e) {
  if (e.size() > 3 && IsDigit(e[0]) && IsUpperLetter(e[1]) && IsUpperLetter(e[2])) e.erase(0, 1);
  return e;
}

// A label read with a semicolon ("TTUB; CT, các PCT" for "TTUB: CT, …"): an entry holds no
// ";" of its own, and a label is an abbreviation whose members follow after commas.
U32 WithLabelColon(U32 e) {
  size_t i = 0;
  while (i < e.size() && (IsUpperLetter(e[i]) || e[i] == U'Đ')) ++i;
  if (i >= 2 && i + 2 < e.size() && e[i] == ';' && e[i + 1] == ' ' && IsUpperLetter(e[i + 2]) &&
      e.find(',', i) != U32::npos && e.find(';', i + 1) == U32::npos) {
    e[i] = ':';
  }
  return e;
}

U32 CleanEntry(U32View raw) {
  U32 e = Trim(raw);
  U32 out = Trim(U32View(e).substr(BulletEnd(e)));
  // A bullet read as specks (".:= Lưu: VT, NN").
  if (const size_t specks = SpecksEnd(out); specks > 0) out = Trim(U32View(out).substr(specks));
  // Trailing ";", "." and the "./." that closes lists, and specks an OCR reads after them
  // ("(b/c), ˆ"): whatever is not a letter, a digit or a closing bracket or quote.
  static constexpr std::u32string_view kClosing = U")]\"\u201D\u2019\u00BB%";
  while (!out.empty() && !IsLetter(out.back()) && !IsDigit(out.back()) &&
         kClosing.find(out.back()) == std::u32string_view::npos) {
    out.pop_back();
  }
  out = WithLabelColon(WithoutBulletDigit(
      WithoutTrailingSpeckWord(WithArchiveMark(WithReportMark(RepairListEntry(std::move(out)))))));
  // The slash of "(b/c)", "(p/h)", "(t/h)" read as a letter: "(bic)", "(blc)".
  for (size_t i = 0; i + 4 < out.size(); ++i) {
    if (out[i] != '(' || out[i + 4] != ')') continue;
    const char32_t first = out[i + 1], middle = out[i + 2], last = out[i + 3];
    const bool abbreviation = (first == 'b' && last == 'c') || (first == 'p' && last == 'h') ||
                              (first == 't' && last == 'h');
    if (abbreviation &&
        (middle == 'i' || middle == 'l' || middle == '1' || middle == '|' || middle == 'I')) {
      out[i + 2] = '/';
    }
  }
  return out;
}

// An entry ends on ";", "." or "," — except that in a Nơi nhận list (a narrow cell where
// entries are bulleted and closed by ";") a bulleted entry ending on "," is an enumeration
// inside the entry that wrapped ("- VPCP: BTCN, các PCN, các Vụ," / "Cục, Công báo;").
bool IsTerminated(const U32& entry_raw, bool comma_continues) {
  U32 t = StripChars(entry_raw, U":");
  if (t.empty()) return false;
  if (t.back() == ',') return !(comma_continues && IsBullet(t));
  return t.back() == ';' || t.back() == '.';
}

bool IsSignatureCell(U32View cell) {
  return IsLead(cell) || IsPositionTitle(cell) || IsSignedMark(cell);
}

// OCR (and -raw) output joins the two bottom columns with a single space: "Nơi nhận: K/T CHỦ
// TỊCH", "- Như Điều 3; PHÓ CHỦ TỊCH". A signature title in capitals after a label or a closed
// entry (":", ";", ",", ".") is its own cell.
std::vector<U32> SplitCell(const U32& cell) {
  // Only the last kMaxTitleChars characters can hold the title; the part before has to be
  // running text ("Nơi nhận:", "- Như Điều 3;"), not the lead of the same title ("KT. GIÁM
  // ĐỐC"). One pass: `lower` tells whether a lowercase letter came before position i.
  size_t from = cell.size() > kMaxTitleChars + 1 ? cell.size() - kMaxTitleChars - 1 : 1;
  bool lower = HasLowerLetter(U32View(cell).substr(0, from));
  for (size_t i = from; i + 1 < cell.size(); ++i) {
    lower = lower || IsLowerLetter(cell[i - 1]);
    if (cell[i] != ' ' || !lower) continue;
    char32_t before = cell[i - 1];
    if (before != ':' && before != ';' && before != ',' && before != '.') continue;
    U32View rest = U32View(cell).substr(i + 1);
    if (HasLowerLetter(rest) || !(IsLead(rest) || IsPositionTitle(rest))) continue;
    return {Trim(U32View(cell).substr(0, i)), Trim(rest)};
  }
  return {cell};
}

// A signature title with the specks an OCR leaves around it (".PHO CHỦ TỊCH", "-CHỦ TỊCH QUỐC
// HỘI:"), without them; any other cell as it is.
U32 WithoutSpecksAroundTitle(U32 cell) {
  if (IsSignatureCell(cell)) return cell;
  static constexpr std::u32string_view kLeading = U".-_~'`";
  size_t b = 0;
  while (b < cell.size() && b < 2 && kLeading.find(cell[b]) != std::u32string_view::npos) ++b;
  // Glued to the title: "- CHỦ TỊCH UBND TỈNH;" is a bulleted entry of a list.
  if (b > 0 && (b >= cell.size() || !IsLetter(cell[b]))) return cell;
  size_t e = cell.size();
  while (e > b && (cell[e - 1] == ':' || IsSpace(cell[e - 1]))) --e;
  if (b == 0 && e == cell.size()) return cell;
  U32 bare = Trim(U32View(cell).substr(b, e - b));
  return !bare.empty() && IsMostlyUpper(bare) && IsSignatureCell(bare) ? bare : cell;
}

std::vector<Line> SplitJoinedColumns(const std::vector<Line>& lines, size_t from) {
  std::vector<Line> out = lines;
  for (size_t l = from; l < out.size(); ++l) {
    std::vector<U32> cells;
    for (const U32& c : lines[l].cells) {
      for (U32& piece : SplitCell(c)) cells.push_back(WithoutSpecksAroundTitle(std::move(piece)));
    }
    out[l].cells = std::move(cells);
  }
  return out;
}

}  // namespace

SignatureInfo ReadSignature(const Prepared& text, size_t from, U32View signing_body) {
  SignatureInfo first;
  bool found = false;
  U32 wanted = signing_body.empty() ? U32() : CollapseSpaces(Fold(signing_body));
  const std::vector<Line> lines = SplitJoinedColumns(text.lines, from);
  for (size_t l = from; l < lines.size(); ++l) {
    const Line& line = lines[l];
    for (size_t c = 0; c < line.cells.size(); ++c) {
      if (!IsLead(line.cells[c]) && !IsPositionTitle(line.cells[c])) continue;
      ClusterReader reader(lines, Cursor{l, c});
      SignatureInfo info;
      if (reader.Read(&info)) {
        // A joint document carries one block per body; the one whose titles name the wanted
        // body is that body's.
        if (wanted.empty() ||
            FindFolded(CollapseSpaces(Fold(info.titles)), ToUtf8Str(wanted)) != U32::npos) {
          return info;
        }
        if (!found) first = info;
        found = true;
      }
      // Every block starting before the failure point fails there too; a block read is not
      // read again.
      if (reader.stopped_at() > l + 1) l = reader.stopped_at() - 1;
      break;
    }
  }
  return first;
}

namespace {

// The next line with text after line l opens with a bullet.
bool BulletFollows(const std::vector<Line>& lines, size_t l) {
  for (size_t k = l + 1; k < lines.size() && k <= l + 3; ++k) {
    if (lines[k].blank()) continue;
    return IsBullet(lines[k].cells.front());
  }
  return false;
}

constexpr size_t kNoLine = static_cast<size_t>(-1);

// A bulleted entry for the office's own copy ("- Lưu: VT, KT."), which closes a Nơi nhận list.
bool IsFilingEntry(U32View cell) {
  const size_t i = BulletEnd(cell);
  return i > 0 && StartsWithFolded(cell.substr(i), "luu");
}

// Where OCR lost the "Nơi nhận:" label (and the titles beside it): the line that closes the
// body ("… chịu trách nhiệm thi hành Quyết định này./."), then bulleted entries, the last of
// them the office's copy. Returns that closing line, or kNoLine.
size_t UnlabelledListStart(const std::vector<Line>& lines, size_t from, size_t to) {
  for (size_t l = from; l < to; ++l) {
    if (lines[l].blank()) continue;
    const U32& last_cell = lines[l].cells.back();
    if (last_cell.size() < 2 || last_cell.substr(last_cell.size() - 2) != U"/.") continue;
    size_t bullets = 0;
    bool filing = false;
    for (size_t k = l + 1; k < std::min(to, l + kMaxListLines); ++k) {
      if (lines[k].blank()) continue;
      const U32& cell = lines[k].cells.front();
      if (IsBullet(cell)) {
        ++bullets;
        filing = IsFilingEntry(cell);
      } else if (bullets == 0 || filing) {
        break;  // the list opens right after the body and ends with the office's copy
      }
    }
    if (bullets >= 2 && filing) return l;
  }
  return kNoLine;
}

}  // namespace

namespace {

// Vietnamese family names and middle names, as they are spelled: a closed set, each of whose
// mark-less forms is no other family (or middle) name. Given names are not (Sang / Sáng, Vinh /
// Vịnh, Lan / Lân are all names).
constexpr std::u32string_view kFamilyNames[] = {
    U"Nguyễn", U"Trần", U"Lê",   U"Phạm",  U"Hoàng", U"Huỳnh", U"Vũ",   U"Võ",    U"Đặng",
    U"Bùi",    U"Đỗ",   U"Hồ",   U"Ngô",   U"Dương", U"Lý",    U"Đinh", U"Lương", U"Lưu",
    U"Trương", U"Đào",  U"Đoàn", U"Vương", U"Trịnh", U"Tô",    U"Tạ",   U"Hà",    U"Lâm",
    U"Thân",   U"Mạc",  U"Bạch", U"Khổng", U"Đàm",   U"Triệu", U"Hứa",  U"Lục",   U"Kiều",
    U"Quách",  U"Tăng", U"Nông", U"Lò",    U"Lộc",   U"Giáp",  U"Khúc", U"Phùng", U"Tôn",
    U"Từ",     U"Hàn",  U"Lại",  U"Diệp",  U"Doãn",  U"Thái",  U"Ông",  U"Âu"};
constexpr std::u32string_view kMiddleNames[] = {
    U"Văn",  U"Thị",   U"Đức",  U"Đình", U"Hữu",  U"Công", U"Xuân", U"Ngọc",
    U"Quốc", U"Trọng", U"Tiến", U"Hồng", U"Mạnh", U"Việt", U"Bảo",  U"Đăng",
    U"Khắc", U"Thế",   U"Sỹ",   U"Bá",   U"Tất",  U"Viết", U"Duy",  U"Phương"};

// The spelling in `table` of a word read without any mark, or empty. A word read with other
// marks is left alone: many family names are not in the table ("Lô", "Hán", "Lường" beside
// "Lò", "Hàn", "Lương").
U32 NameSpelling(const U32& word, const std::u32string_view* table, size_t n) {
  for (char32_t c : word) {
    if (c >= 0x80) return {};
  }
  U32 found;
  for (size_t i = 0; i < n; ++i) {
    if (Fold(table[i]) != Fold(word)) continue;
    if (!found.empty() && found != table[i]) return {};  // two spellings: not decided
    found = U32(table[i]);
  }
  return found == word ? U32() : found;
}

}  // namespace

U32 RestoreNameMarks(const U32& name) {
  std::vector<U32> words = SplitWords(name);
  if (words.size() < 2 || words.size() > 5) return name;
  bool changed = false;
  for (size_t k = 0; k + 1 < words.size(); ++k) {  // never the given name, the last word
    U32 spelled = k == 0 ? NameSpelling(words[k], kFamilyNames, std::size(kFamilyNames))
                         : NameSpelling(words[k], kMiddleNames, std::size(kMiddleNames));
    if (spelled.empty()) continue;
    words[k] = spelled;
    changed = true;
  }
  if (!changed) return name;
  U32 out;
  for (const U32& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

U32 ReadNameAfterList(const Prepared& text, size_t from) {
  const std::vector<Line> lines = SplitJoinedColumns(text.lines, from);
  size_t filing = kNoLine;
  for (size_t l = from; l < lines.size(); ++l) {
    if (!lines[l].blank() && IsFilingEntry(lines[l].cells.front())) filing = l;
  }
  if (filing == kNoLine) return {};
  size_t named = kNoLine;
  for (size_t l = filing + 1; l < lines.size(); ++l) {
    if (lines[l].blank()) continue;
    for (const U32& cell : lines[l].cells) {
      // Nothing but the name may follow: a wrapped entry, a title or more text is no bare name.
      if (named != kNoLine || !IsNameLike(cell, 2)) return {};
      named = l;
    }
  }
  return named == kNoLine ? U32() : lines[named].cells.front();
}

std::vector<U32> ReadLabelledList(const Prepared& text, std::string_view folded_label, size_t from,
                                  size_t to, bool* found) {
  *found = false;
  std::vector<U32> raw;  // entries as written, for the terminator test
  const std::vector<Line> lines = SplitJoinedColumns(text.lines, from);
  to = std::min(to, lines.size());
  size_t start = to;
  U32 inline_rest;
  for (size_t l = from; l < to && start == to; ++l) {
    for (const U32& cell : lines[l].cells) {
      const size_t label = folded_label == "noi nhan"             ? RecipientsLabelLength(cell)
                           : StartsWithFolded(cell, folded_label) ? folded_label.size()
                                                                  : 0;
      if (label == 0) continue;
      *found = true;
      start = l;
      U32 rest = Trim(U32View(cell).substr(label));
      if (!rest.empty() && rest[0] == ':') rest = Trim(U32View(rest).substr(1));
      // Specks after the label ("Nơi nhận: _..") are no entry.
      if (HasLetterOrDigit(rest)) inline_rest = rest;
      break;
    }
  }
  if (!*found && folded_label == "noi nhan") {
    start = UnlabelledListStart(lines, from, to);
    *found = start != kNoLine;
  }
  if (!*found) return {};
  if (!inline_rest.empty()) raw.push_back(inline_rest);
  bool inline_entry = !inline_rest.empty() && !IsBullet(inline_rest);
  bool seen_signature = false;
  bool blank_since_entry = false;
  const bool comma_continues = folded_label == "noi nhan";
  size_t end = std::min(lines.size(), start + kMaxListLines);
  bool stop = false;
  for (size_t l = start + 1; l < end && !stop && raw.size() < kMaxListEntries; ++l) {
    if (lines[l].blank()) {
      blank_since_entry = !raw.empty();
      continue;
    }
    for (size_t c = 0; c < lines[l].cells.size(); ++c) {
      const U32& cell = lines[l].cells[c];
      if (IsHeaderFurniture(cell)) continue;
      // Specks an OCR reads as punctuation (":", ".", "'") carry nothing.
      if (!IsBullet(cell) && !HasLetterOrDigit(cell)) continue;
      // -layout puts the signature column on the same lines as the entries.
      if (c > 0 && !IsBullet(cell) && (IsNameLike(cell, 2) || IsSignatureCell(cell))) {
        seen_signature = true;
        continue;
      }
      if (IsSignatureCell(cell) ||
          (seen_signature && IsMostlyUpper(cell) && CountWords(cell) <= 3)) {
        seen_signature = true;
        continue;
      }
      // The office's copy closes the list; OCR may read its bullet as specks (".:= Lưu: VT").
      const size_t specks = SpecksEnd(cell);
      const bool filing_specks = !raw.empty() && !IsBullet(cell) && specks > 0 &&
                                 StartsWithFolded(Trim(U32View(cell).substr(specks)), "luu");
      if (IsBullet(cell) || filing_specks) {
        raw.push_back(cell);
        inline_entry = false;
        blank_since_entry = false;
        continue;
      }
      // A wrapped entry goes on without a bullet; a written-out single recipient only when it
      // visibly continues (lowercase). A blank line, or the signer's name, ends the list.
      bool open = !raw.empty() && !IsTerminated(raw.back(), comma_continues) && !blank_since_entry;
      if (inline_entry) open = open && IsLowerLetter(cell[0]);
      if (open && !(seen_signature && IsNameLike(cell, 2))) {
        raw.back() += U" " + cell;
        continue;
      }
      // An entry whose bullet OCR lost, closed by ";" before bulleted entries ("- Như Điều
      // 3;" / "Bộ Bưu chính, Viễn thông (b/c);" / "- Cục …"), the first one too ("Nơi nhận:" /
      // "Như trên;" / "- …").
      if (!inline_entry && !seen_signature && cell.back() == ';' && IsUpperLetter(cell[0]) &&
          BulletFollows(lines, l)) {
        raw.push_back(cell);
        blank_since_entry = false;
        continue;
      }
      // OCR sets the signature block inside the list: a speck read in the stamp ("có,"), or
      // the signer's name with more entries after it.
      if (seen_signature &&
          (IsSpeckWord(cell) || (IsNameLike(cell, 2) && BulletFollows(lines, l)))) {
        continue;
      }
      stop = true;
      break;
    }
  }
  std::vector<U32> out;
  for (const U32& r : raw) {
    U32 e = CleanEntry(r);
    if (!e.empty()) out.push_back(e);
  }
  return out;
}

}  // namespace vanban::metadata_internal
