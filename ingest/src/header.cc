#include "header.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "authority.h"
#include "doc_number.h"
#include "doc_type.h"
#include "vn_date.h"

namespace vanban::metadata_internal {
namespace {

using Span = std::pair<size_t, size_t>;

constexpr size_t kMaxSummaryLines = 8;
constexpr size_t kMaxVvLines = 4;
constexpr size_t kMaxPlaceWords = 6;
constexpr size_t kLongLineWords = 25;
constexpr size_t kMaxAuthorityChars = 200;  // per line; longer capitals are not a body's name
constexpr size_t kMaxSummaryChars = 1200;
constexpr size_t kPlaceWindow = 160;  // characters before "ngày" read for the place

// Folded words of the fixed header phrases (dashes are not words).
const std::vector<U32>& QuocHieu() {
  static const std::vector<U32> w = SplitWords(U"cong hoa xa hoi chu nghia viet nam");
  return w;
}
const std::vector<U32>& TieuNgu() {
  static const std::vector<U32> w = SplitWords(U"doc lap tu do hanh phuc");
  return w;
}
const std::vector<U32>& PartyName() {
  static const std::vector<U32> w = SplitWords(U"dang cong san viet nam");
  return w;
}

// Urgency and confidentiality marks, and draft stamps, that sit in the header.
constexpr std::string_view kMarks[] = {"khan",   "thuong khan", "hoa toc",   "hoa toc hen gio",
                                       "mat",    "toi mat",     "tuyet mat", "du thao",
                                       "ban sao"};

// Words that leave a trích yếu line unfinished ("... CỦA" / "BAN QUẢN LÝ ...").
constexpr std::string_view kConnectors[] = {
    "cua",   "va",  "ve", "cho", "voi",   "tai", "thuoc", "doi",  "tren", "theo",
    "trong", "den", "tu", "cac", "nhung", "nam", "so",    "ngay", "thang"};

// Last words of a locality ("tỉnh", "thành phố", "huyện" …): its name comes next. With their
// diacritics ("quận", not "cơ quan").
constexpr std::u32string_view kLocalityEnds[] = {U"tỉnh", U"phố",    U"huyện", U"quận",
                                                 U"xã",   U"phường", U"trấn"};

constexpr std::string_view kBodyMarkers[] = {
    "can cu",       "kinh gui", "dieu 1", "thuc hien",         "theo de nghi",      "xet de nghi",
    "xet to trinh", "chuong i", "phan i", "ban hanh kem theo", "(ban hanh kem theo"};

struct Word {
  size_t b = 0;
  size_t e = 0;
  U32 folded;
};

// Words of s (split at spaces and dashes; dashes dropped), folded, with their positions.
std::vector<Word> Words(U32View s) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (IsSpace(s[i]) || IsDash(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !IsSpace(s[i]) && !IsDash(s[i])) ++i;
    if (i > b) {
      U32 f = Fold(StripChars(s.substr(b, i - b), U",.;:"));
      if (!f.empty()) out.push_back({b, i, f});
    }
  }
  return out;
}

std::optional<Span> FindPhrase(U32View s, const std::vector<U32>& phrase) {
  std::vector<Word> w = Words(s);
  for (size_t i = 0; i + phrase.size() <= w.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < phrase.size() && ok; ++k) ok = w[i + k].folded == phrase[k];
    if (ok) return Span{w[i].b, w[i + phrase.size() - 1].e};
  }
  return std::nullopt;
}

// Recognises a fixed phrase split over several cells ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT
// NAM", or "... VIỆT" / "NAM" with other text in between in -layout output).
class Fragments {
 public:
  explicit Fragments(const std::vector<U32>& phrase) : phrase_(phrase) {}
  bool Consume(U32View piece) {
    std::vector<Word> w = Words(piece);
    if (w.empty()) return false;
    size_t start = active_ ? pos_ : 0;
    if (!active_ && w.front().folded != phrase_.front()) return false;
    if (start + w.size() > phrase_.size()) return false;
    for (size_t k = 0; k < w.size(); ++k) {
      if (w[k].folded != phrase_[start + k]) return false;
    }
    pos_ = start + w.size();
    active_ = pos_ < phrase_.size();
    return true;
  }

 private:
  const std::vector<U32>& phrase_;
  size_t pos_ = 0;
  bool active_ = false;
};

bool IsMark(U32View piece) {
  U32 f = CollapseSpaces(Fold(StripChars(piece, U",.;:()[]")));
  for (std::string_view m : kMarks) {
    if (f == U32(m.begin(), m.end())) return true;
  }
  return false;
}

bool StartsWithAny(U32View s, const std::string_view* list, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (StartsWithFolded(s, list[i])) return true;
  }
  return false;
}

std::optional<size_t> FindVv(U32View s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if ((s[i] == 'V' || s[i] == 'v') && s[i + 1] == '/' && (s[i + 2] == 'V' || s[i + 2] == 'v')) {
      if (i > 0 && IsLetter(s[i - 1])) continue;
      if (i + 3 < s.size() && IsLetter(s[i + 3])) continue;
      return i;
    }
  }
  return std::nullopt;
}

bool IsBodyStartLine(const Line& line) {
  if (line.blank()) return false;
  const U32& first = line.cells.front();
  if (StartsWithAny(first, kBodyMarkers, std::size(kBodyMarkers))) return true;
  U32 joined = JoinCells(line);
  return CountWords(joined) >= kLongLineWords && HasLowerLetter(joined) && !FindVv(joined) &&
         !FindVnDate(joined);
}

// Names of bodies carry no symbols or long numbers ("QUẬN 1" does, "4240/UBND-VX" is not).
bool CouldBeBodyName(U32View piece) {
  size_t digits = 0;
  for (char32_t c : piece) {
    if (c == '/' || c == '@' || c == ':') return false;
    digits = IsDigit(c) ? digits + 1 : 0;
    if (digits > 2) return false;
  }
  return true;
}

bool IsPlaceWord(const U32& w) {
  if (w.empty() || !IsUpperLetter(w[0])) return false;
  for (char32_t c : w) {
    if (IsDigit(c) || c == ':' || c == '/' || c == '(' || c == ')') return false;
  }
  return true;
}

bool IsAllCapsWord(const U32& w) {
  size_t letters = 0;
  for (char32_t c : w) {
    if (!IsLetter(c)) continue;
    ++letters;
    if (!IsUpperLetter(c)) return false;
  }
  return letters >= 2;
}

// The place written before ", ngày": the trailing run of capitalised words (with "Thành phố" /
// "TP." in front). `words` may start with a fragment of the line above; *first is set to the
// index of the first word used.
U32 PlaceFromWords(const std::vector<U32>& words, size_t* first) {
  size_t k = words.size();
  std::vector<U32> run;
  bool title_style = false;
  while (k > 0 && run.size() < kMaxPlaceWords) {
    U32 w = StripChars(words[k - 1], U",;");
    U32 f = Fold(w);
    if (f == U"tp." || f == U"tp") {
      if (!run.empty()) {
        run.insert(run.begin(), w);
        --k;
      }
      break;
    }
    if (IsPlaceWord(w)) {
      if (!run.empty() && title_style && IsAllCapsWord(w)) break;
      if (run.empty()) title_style = !IsAllCapsWord(w);
      run.insert(run.begin(), w);
      --k;
      continue;
    }
    if (w.size() == 1 && IsDash(w[0]) && !run.empty() && k >= 2 && IsPlaceWord(words[k - 2])) {
      run.insert(run.begin(), U"-");
      --k;
      continue;
    }
    if (f == U"pho" && k >= 2 && Fold(words[k - 2]) == U"thanh" && !run.empty()) {
      run.insert(run.begin(), {words[k - 2], w});
      k -= 2;
      break;
    }
    break;
  }
  *first = k;
  U32 out;
  for (const U32& w : run) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

// Specks an OCR leaves in a trích yếu, which has no sentence break and no colon of its own
// between two words in lowercase: a straight or backquote before the first word ("'Về …"), or
// an opening quote that nothing closes, a colon standing alone ("một số chủ : trương") or
// glued to a word in lowercase ("chi: tiết"), a consonant alone before a word it starts ("n
// năm"), a period before a word in lowercase ("Tổ công. tác", "08-NQ/HU. ngày"; not after an
// abbreviation with dots or a single letter).
U32 WithoutOcrSpecks(U32 s) {
  // An opening quote is a speck only when nothing closes it.
  const bool closed = s.find(U'\u201D') != U32::npos;
  while (!s.empty() &&
         (U32View(U"'`\u2018").find(s[0]) != U32View::npos || (s[0] == U'\u201C' && !closed))) {
    s.erase(0, 1);
  }
  U32 out;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool lower_next = i + 2 < s.size() && s[i + 1] == ' ' && IsLowerLetter(s[i + 2]);
    if (s[i] == ':' && lower_next && i >= 2 && s[i - 1] == ' ' && IsLowerLetter(s[i - 2])) {
      out.pop_back();  // the space before it
      continue;
    }
    // Glued to a word in lowercase ("Quy định chi: tiết", "Kế hoạch: số hóa").
    if (s[i] == ':' && lower_next && i >= 1 && IsLowerLetter(s[i - 1])) continue;
    // A consonant read twice, the second time alone ("Đền Hùng n năm"): no word is one.
    if (lower_next && i >= 1 && s[i - 1] == ' ' && s[i] == s[i + 2] && IsLowerLetter(s[i]) &&
        U32View(U"aeiouy").find(s[i]) == U32View::npos &&
        (i + 3 >= s.size() || IsLetter(s[i + 3]))) {
      ++i;  // and the space after it
      continue;
    }
    if (s[i] == '.' && lower_next && i >= 2 && IsLetter(s[i - 1]) && IsLetter(s[i - 2])) {
      size_t b = i;
      while (b > 0 && s[b - 1] != ' ') --b;
      if (U32View(s).substr(b, i - b).find('.') == U32View::npos) continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

class HeaderReader {
 public:
  HeaderReader(const std::vector<Line>& lines, HeaderInfo* h) : lines_(lines), h_(h) {}

  void Run() {
    FindTitle();
    consumed_.resize(h_->header_end);
    for (size_t l = 0; l < h_->header_end; ++l) consumed_[l].assign(lines_[l].cells.size(), false);
    removed_.resize(h_->header_end);
    for (size_t l = 0; l < h_->header_end; ++l) removed_[l].resize(lines_[l].cells.size());
    FindDate(true);
    if (h_->issue_date.empty()) FindDate(false);
    ReadCells();
    ReadSummary();
  }

 private:
  void FindTitle() {
    size_t limit = std::min(lines_.size(), kMaxHeaderLines);
    h_->header_end = limit;
    for (size_t l = 0; l < limit; ++l) {
      if (IsBodyStartLine(lines_[l])) {
        h_->header_end = l;
        return;
      }
      for (const U32& cell : lines_[l].cells) {
        if (auto m = MatchTitleLine(cell)) {
          h_->has_title = true;
          h_->type = m->type;
          h_->summary = m->rest;
          h_->header_end = l;
          return;
        }
      }
    }
  }

  // The issue date: "{Place}, ngày dd tháng mm năm yyyy" (first pass: only with a place).
  void FindDate(bool need_place) {
    for (size_t l = 0; l < h_->header_end; ++l) {
      for (size_t c = 0; c < lines_[l].cells.size(); ++c) {
        if (TryDate(l, c, need_place)) return;
      }
    }
  }

  // A date that starts in cell c of line l, possibly wrapped onto the next line(s): onto the
  // whole next lines, or (-layout, side by side) onto one cell of the next line.
  struct Wrapped {
    U32 text;
    std::vector<std::pair<size_t, size_t>> parts;  // (line, cell) appended, in order;
                                                   // cell == npos: the whole line
  };

  std::vector<Wrapped> Continuations(size_t l, size_t c) const {
    const U32& s = lines_[l].cells[c];
    std::vector<Wrapped> out;
    out.push_back({s, {}});
    if (l + 1 < h_->header_end && !lines_[l + 1].blank()) {
      const Line& next = lines_[l + 1];
      if (next.cells.size() > 1) {
        for (size_t k = 0; k < next.cells.size(); ++k) {
          out.push_back({s + U"\n" + next.cells[k], {{l + 1, k}}});
        }
      }
      Wrapped whole{s, {}};
      for (size_t k = 1; k <= 2 && l + k < h_->header_end; ++k) {
        whole.text += U"\n" + JoinCells(lines_[l + k]);
        whole.parts.push_back({l + k, U32::npos});
      }
      out.push_back(whole);
    }
    return out;
  }

  bool TryDate(size_t l, size_t c, bool need_place) {
    const U32& s = lines_[l].cells[c];
    std::optional<VnDate> d;
    Wrapped used;
    for (const Wrapped& w : Continuations(l, c)) {
      for (size_t from = 0; from < s.size() && !d;) {
        d = FindVnDate(w.text, from);
        if (!d || d->begin >= s.size()) {
          d.reset();
          break;
        }
        if (need_place && PlaceBeforeDate(l, c, d->begin).empty()) {
          from = d->end;
          d.reset();
        }
      }
      if (d) {
        used = w;
        break;
      }
    }
    if (!d && !need_place) {
      // "Hà Nội, 12/01/2026"
      for (size_t i = 0; i < s.size() && !d; ++i) {
        if (s[i] != ',') continue;
        size_t j = i + 1;
        while (j < s.size() && IsSpace(s[j])) ++j;
        d = ParseVnDateAt(s, j, false);
        if (d) d->begin = i;
      }
    }
    if (!d) return false;
    size_t first_word = 0;
    bool used_prev = false;
    U32 place = PlaceBeforeDate(l, c, d->begin, &first_word, &used_prev);
    h_->issue_date = FormatIsoDate(d->year, d->month, d->day);
    h_->place = place.empty() ? U32() : CasePlace(place);
    size_t span_begin = d->begin;
    if (!place.empty()) span_begin = used_prev ? 0 : first_word;
    removed_[l][c].push_back({span_begin, std::min(d->end, s.size())});
    if (used_prev) consumed_[l - 1][0] = true;
    // Lines (or cells) the date ran into are used up.
    size_t offset = s.size();
    for (const auto& [line, cell] : used.parts) {
      if (d->end <= offset + 1) break;
      if (cell == U32::npos) {
        std::fill(consumed_[line].begin(), consumed_[line].end(), true);
        offset += 1 + JoinCells(lines_[line]).size();
      } else {
        consumed_[line][cell] = true;
        offset += 1 + lines_[line].cells[cell].size();
      }
    }
    return true;
  }

  // Place before position `date_begin` of cell s on line l; may use the line above when the
  // place was wrapped ("Thành phố Hồ Chí" / "Minh, ngày ...").
  U32 PlaceBeforeDate(size_t l, size_t c, size_t date_begin, size_t* first_pos = nullptr,
                      bool* used_prev = nullptr) {
    const U32& s = lines_[l].cells[c];
    size_t window = date_begin > kPlaceWindow ? date_begin - kPlaceWindow : 0;
    while (window > 0 && window < date_begin && !IsSpace(s[window - 1])) ++window;
    std::vector<U32> words;
    std::vector<U32> own_words = SplitWords(U32View(s).substr(window, date_begin - window));
    size_t prev_count = 0;
    if (l > 0 && c == 0 && window == 0 && PrevLineCanHoldPlace(l - 1)) {
      words = SplitWords(lines_[l - 1].cells.front());
      prev_count = words.size();
    }
    words.insert(words.end(), own_words.begin(), own_words.end());
    size_t first = 0;
    U32 place = PlaceFromWords(words, &first);
    if (first_pos) {
      // Character position in s of the first own word used.
      size_t own_index = first > prev_count ? first - prev_count : 0;
      size_t pos = window;
      size_t seen = 0;
      for (size_t i = window; i < date_begin && seen <= own_index; ++i) {
        bool start = !IsSpace(s[i]) && (i == window || IsSpace(s[i - 1]));
        if (start) {
          if (seen == own_index) pos = i;
          ++seen;
        }
      }
      *first_pos = place.empty() ? date_begin : pos;
    }
    if (used_prev) *used_prev = !place.empty() && first < prev_count;
    return place;
  }

  bool PrevLineCanHoldPlace(size_t l) const {
    const Line& line = lines_[l];
    if (line.cells.size() != 1 || line.rule) return false;
    if (l < consumed_.size() && !consumed_[l].empty() && consumed_[l][0]) return false;
    const U32& t = line.cells.front();
    if (CountWords(t) > 5 || IsMostlyUpper(t) || !HasLetter(t)) return false;
    for (char32_t ch : t) {
      if (IsDigit(ch) || ch == ':' || ch == '/') return false;
    }
    return true;
  }

  void ReadCells() {
    Fragments qh(QuocHieu());
    Fragments tn(TieuNgu());
    Fragments party(PartyName());
    bool got_number = false;
    bool got_vv = false;
    for (size_t l = 0; l < h_->header_end; ++l) {
      for (size_t c = 0; c < lines_[l].cells.size(); ++c) {
        if (consumed_[l][c]) continue;
        const U32& s = lines_[l].cells[c];
        std::vector<Span>& removed = removed_[l][c];
        if (!got_number) got_number = ReadNumber(l, c, &removed);
        if (!got_vv) {
          if (auto v = FindVv(s)) {
            got_vv = true;
            size_t end = s.size();
            for (const Span& r : removed) {
              if (r.first > *v) end = std::min(end, r.first);
            }
            U32 text = StripChars(U32View(s).substr(*v + 3, end - *v - 3), U":.");
            removed.push_back({*v, end});
            h_->vv = text + ReadVvContinuation(l);
          }
        }
        for (const std::vector<U32>* phrase : {&QuocHieu(), &TieuNgu(), &PartyName()}) {
          if (auto sp = FindPhrase(s, *phrase)) {
            removed.push_back(*sp);
            if (phrase == &PartyName()) h_->party = true;
          }
        }
        for (const U32& piece : Pieces(s, removed)) {
          if (qh.Consume(piece) || tn.Consume(piece)) continue;
          if (party.Consume(piece)) {
            h_->party = true;
            continue;
          }
          if (IsMark(piece) || piece.size() > kMaxAuthorityChars || !IsMostlyUpper(piece) ||
              !CouldBeBodyName(piece)) {
            continue;
          }
          h_->authority_lines.push_back(piece);
        }
      }
    }
    h_->vv = CollapseSpaces(h_->vv);
    if (h_->vv.size() > kMaxSummaryChars) h_->vv.resize(kMaxSummaryChars);
  }

  bool ReadNumber(size_t l, size_t c, std::vector<Span>* removed) {
    const U32& s = lines_[l].cells[c];
    auto label = FindNumberLabel(s);
    if (!label) return false;
    if (label->end < s.size()) {
      size_t end = 0;
      auto raw = ReadNumberAt(s, label->end, &end);
      if (!raw) return false;
      h_->number = NormalizeNumber(*raw);
      removed->push_back({label->begin, end});
      return !h_->number.empty();
    }
    // "Số:" at the end of its cell: the number is on the next line ("Số:" / "74/2025/NQ-HĐND").
    for (size_t k = l + 1; k < h_->header_end && k <= l + 2; ++k) {
      if (lines_[k].blank()) continue;
      size_t end = 0;
      auto raw = ReadNumberAt(lines_[k].cells.front(), 0, &end);
      if (!raw) return false;
      h_->number = NormalizeNumber(*raw);
      removed->push_back({label->begin, s.size()});
      removed_[k][0].push_back({0, end});
      return !h_->number.empty();
    }
    return false;
  }

  U32 ReadVvContinuation(size_t l) {
    U32 more;
    for (size_t k = l + 1; k < h_->header_end && k <= l + kMaxVvLines; ++k) {
      const Line& line = lines_[k];
      if (line.blank() || line.rule || consumed_[k][0] || !removed_[k][0].empty()) break;
      const U32& t = line.cells.front();
      if (FindNumberLabel(t) || FindVnDate(t) || IsMostlyUpper(t) ||
          StartsWithFolded(t, "kinh gui") || FindPhrase(t, TieuNgu()) || FindVv(t)) {
        break;
      }
      more += U" " + t;
      consumed_[k][0] = true;
    }
    return more;
  }

  // The parts of s outside the removed spans, trimmed of punctuation.
  static std::vector<U32> Pieces(const U32& s, std::vector<Span> removed) {
    std::sort(removed.begin(), removed.end());
    std::vector<U32> out;
    size_t pos = 0;
    auto add = [&](size_t b, size_t e) {
      if (e <= b) return;
      U32 p = StripChars(U32View(s).substr(b, e - b), U",.;:");
      if (!p.empty()) out.push_back(p);
    };
    for (const Span& r : removed) {
      if (r.first > pos) add(pos, r.first);
      pos = std::max(pos, r.second);
    }
    add(pos, s.size());
    return out;
  }

  static bool EndsWithConnector(const U32& text) {
    if (text.empty()) return false;
    if (text.back() == ',' || IsDash(text.back())) return true;
    std::vector<U32> w = SplitWords(text);
    U32 last = Fold(w.back());
    for (std::string_view c : kConnectors) {
      if (last == U32(c.begin(), c.end())) return true;
    }
    return false;
  }

  // The line right after a trích yếu opens the body with a marker ("Căn cứ", "Thực hiện") or
  // the enacting authority in capitals ("ỦY BAN NHÂN DÂN TỈNH …", "CHỦ TỊCH …").
  static bool OpensBody(const U32& t) {
    if (StartsWithAny(t, kBodyMarkers, std::size(kBodyMarkers))) return true;
    return IsMostlyUpper(t) && (IsPositionTitle(t) || StartsWithBodyName(t));
  }

  static bool EndsWithLocalityWord(const U32& text) {
    std::vector<U32> w = SplitWords(text);
    if (w.empty()) return false;
    U32 last = Lower(StripChars(w.back(), U",;"));
    for (std::u32string_view l : kLocalityEnds) {
      if (last == l) return true;
    }
    return false;
  }

  // The line opens with a proper name: its first two words capitalised ("Quảng Ninh", "Thái
  // Nguyên ban hành …"), or it is one capitalised word ("Huế").
  static bool OpensWithName(const U32& t) {
    std::vector<U32> w = SplitWords(t);
    auto capitalised = [](const U32& word) {
      U32 bare = StripChars(word, U",.;:()");
      return !bare.empty() && IsUpperLetter(bare[0]) && HasLowerLetter(bare);
    };
    if (w.size() == 1) return capitalised(w[0]);
    return w.size() >= 2 && capitalised(w[0]) && capitalised(w[1]) && w[0].back() != ',';
  }

  // `next` is the first non-blank line after t, or null.
  bool EndsSummary(const U32& t, const std::vector<U32>& parts, const U32* next) const {
    if (StartsWithAny(t, kBodyMarkers, std::size(kBodyMarkers))) {
      // "BAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ …" inside a trích yếu in capitals goes on with it (the
      // annex line of that name is written in running case).
      bool caps_summary = !parts.empty() && IsMostlyUpper(parts.back());
      if (!(caps_summary && IsMostlyUpper(t) && StartsWithFolded(t, "ban hanh kem theo"))) {
        return true;
      }
    }
    if (StartsWithFolded(t, "xet ") || StartsWithFolded(t, "dieu ") ||
        StartsWithFolded(t, "chuong ")) {
      return true;
    }
    bool caps = IsMostlyUpper(t);
    if (caps && t.back() == ':') return true;
    // In a summary written in running case a wrapped line goes on in lowercase; a capital
    // opens the body ("Thời gian qua, ...", "Ngày 14 tháng 3 năm 2025, ...") unless the line
    // above stops on a connector or inside a name ("... của" / "Cổng ...", "tỉnh Thái" /
    // "Nguyên").
    if (!caps && !parts.empty() && IsUpperLetter(t[0])) {
      std::vector<U32> prev = SplitWords(parts.back());
      // A name wraps onto a name, never onto a date ("tỉnh Bắc Kạn" / "Ngày 08 tháng 10 năm
      // 2019, đồng chí …" opens the body).
      bool in_name = !prev.empty() && IsUpperLetter(prev.back()[0]) && !ParseVnDateAt(t, 0, true);
      // "… các cơ quan nhà nước tỉnh" / "Quảng Ninh": a locality word is followed by its name,
      // which the line opens with (a sentence opens with one capital: "Thời gian qua, …").
      bool place_follows = EndsWithLocalityWord(parts.back()) && OpensWithName(t);
      // The last line before the body proper ("… của Đoàn đại biểu" / "Quốc hội và đại biểu
      // Quốc hội" / "ỦY BAN THƯỜNG VỤ QUỐC HỘI") is still the trích yếu's.
      bool last_before_body = next != nullptr && OpensBody(*next) && t.back() != '.' &&
                              t.back() != ':' && !ParseVnDateAt(t, 0, true);
      if (!EndsWithConnector(parts.back()) && !in_name && !place_follows && !last_before_body) {
        return true;
      }
    }
    if (caps && !parts.empty() && !EndsWithConnector(parts.back()) &&
        (IsPositionTitle(t) || StartsWithBodyName(t))) {
      return true;
    }
    return MatchTitleLine(t).has_value();
  }

  // OCR may set the wrapped lines of a trích yếu apart with a blank line (the title block is
  // widely spaced): one blank line does not end it when the line before stops on a connector
  // ("… thực hiện Nghị quyết số" / "52-NQ/TW ngày …") or the line after goes on in lowercase
  // ("… về một số chủ" / "trương, chính sách …"), since the body never opens in lowercase.
  // Nor when the line after is the centred end of a name standing alone ("… báo cáo tỉnh
  // Thái" / "Nguyên", "… trên địa bàn thành phố" / "Đà Nẵng"), or a trích yếu in capitals
  // goes on in capitals with no body, heading or formula ("… NGHỊ ĐỊNH SỐ 45/2020/NĐ-CP NGÀY
  // 08" / "THÁNG 4 NĂM 2020 …"; not "ỦY BAN NHÂN DÂN TỈNH …", "I. MỤC ĐÍCH", "QUYẾT ĐỊNH:").
  // The line is then read as any line of the trích yếu (EndsSummary).
  bool ContinuesAfterBlank(const U32& last, size_t blank) const {
    const size_t k = blank + 1;
    if (k >= lines_.size() || lines_[k].blank() || lines_[k].rule) return false;
    const U32 t = JoinCells(lines_[k]);
    if (t.empty()) return false;
    if (EndsWithConnector(last) || IsLowerLetter(t[0])) return true;
    const std::vector<U32> before = SplitWords(last);
    const std::vector<U32> words = SplitWords(t);
    if (before.empty() || words.empty() || t.back() == ':' || ParseVnDateAt(t, 0, true)) {
      return false;
    }
    if (IsMostlyUpper(last)) {
      if (!IsMostlyUpper(t) || OpensBody(t) || MatchTitleLine(t).has_value()) return false;
      if (StartsWithFolded(t, "phan ") || StartsWithFolded(t, "chuong ") ||
          StartsWithFolded(t, "muc ") || StartsWithFolded(t, "dieu ")) {
        return false;
      }
      // A numbered heading: "I. MỤC ĐÍCH", "1. …".
      const U32& first = words.front();
      return !(first.size() >= 2 && first.back() == '.' &&
               std::all_of(first.begin(), first.end() - 1, [](char32_t c) {
                 return (c >= '0' && c <= '9') || c == 'I' || c == 'V' || c == 'X' || c == 'L';
               }));
    }
    const bool in_name = IsUpperLetter(before.back()[0]) || EndsWithLocalityWord(last);
    const bool alone = k + 1 >= lines_.size() || lines_[k + 1].blank();
    return in_name && alone && words.size() <= 3 && !IsMostlyUpper(t) && OpensWithName(t);
  }

  void ReadSummary() {
    if (!h_->has_title) {
      h_->body_start = h_->header_end;
      return;
    }
    size_t i = h_->header_end + 1;
    if (!h_->summary.empty()) {
      h_->body_start = i;
      return;
    }
    std::vector<U32> parts;
    bool caps = false;
    size_t blanks = 0;
    for (; i < lines_.size() && parts.size() < kMaxSummaryLines; ++i) {
      const Line& line = lines_[i];
      if (line.blank()) {
        if (line.rule && parts.empty()) continue;
        if (parts.empty() && blanks++ < 2) continue;
        if (!parts.empty() && !line.rule && ContinuesAfterBlank(parts.back(), i)) continue;
        break;
      }
      if (line.rule && !parts.empty()) break;
      U32 t = JoinCells(line);
      const U32* next = nullptr;
      U32 next_text;
      for (size_t k = i + 1; k < lines_.size() && k <= i + 3; ++k) {
        if (lines_[k].blank()) continue;
        next_text = JoinCells(lines_[k]);
        next = &next_text;
        break;
      }
      if (EndsSummary(t, parts, next)) break;
      if (parts.empty()) {
        caps = IsMostlyUpper(t);
      } else if (IsMostlyUpper(t) != caps && HasLetter(t)) {
        break;
      }
      parts.push_back(t);
    }
    h_->body_start = i;
    U32 joined;
    for (const U32& p : parts) {
      if (!joined.empty()) joined.push_back(' ');
      joined += p;
    }
    h_->summary = WithoutOcrSpecks(CollapseSpaces(joined));
    if (h_->summary.size() > kMaxSummaryChars) h_->summary.resize(kMaxSummaryChars);
  }

  const std::vector<Line>& lines_;
  HeaderInfo* h_;
  std::vector<std::vector<bool>> consumed_;
  std::vector<std::vector<std::vector<Span>>> removed_;
};

}  // namespace

bool IsHeaderFurniture(U32View cell) {
  std::vector<Word> w = Words(cell);
  if (w.empty()) return false;
  // One word is furniture only in capitals ("NAM"), not the end of a wrapped entry ("hội;").
  if (w.size() == 1 && !IsMostlyUpper(cell)) return false;
  for (const std::vector<U32>* phrase : {&QuocHieu(), &TieuNgu(), &PartyName()}) {
    for (size_t start = 0; start + w.size() <= phrase->size(); ++start) {
      bool ok = true;
      for (size_t k = 0; k < w.size() && ok; ++k) ok = w[k].folded == (*phrase)[start + k];
      if (ok) return true;
    }
  }
  return false;
}

HeaderInfo ReadHeader(const Prepared& text) {
  HeaderInfo h;
  HeaderReader reader(text.lines, &h);
  reader.Run();
  return h;
}

}  // namespace vanban::metadata_internal
