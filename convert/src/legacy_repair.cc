// RepairLegacyRuns / RepairLegacyText / DetectLegacyEncoding: fonts first, statistics for the
// rest, then the NFD / mixed-normalisation repair and NFC.
#include <algorithm>
#include <string>
#include <vector>

#include "legacy_codec.h"
#include "legacy_detect.h"
#include "legacy_marks.h"
#include "vanban/convert/legacy.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

constexpr size_t kFontsShown = 4;

// A font name as shown in notes: without the PDF subset prefix "ABCDEF+".
std::string ShownFont(std::string_view name) {
  if (name.size() > 7 && name[6] == '+') {
    bool subset = true;
    for (size_t i = 0; i < 6; ++i) subset = subset && name[i] >= 'A' && name[i] <= 'Z';
    if (subset) name.remove_prefix(7);
  }
  return std::string(name);
}

void AddFont(std::vector<std::string>* fonts, std::string_view name) {
  std::string f = ShownFont(name);
  if (std::find(fonts->begin(), fonts->end(), f) == fonts->end()) fonts->push_back(f);
}

std::string FontList(const std::vector<std::string>& fonts) {
  std::string out;
  for (size_t i = 0; i < fonts.size() && i < kFontsShown; ++i) {
    if (i > 0) out += ", ";
    out += fonts[i];
  }
  if (fonts.size() > kFontsShown) out += ", …";
  return out;
}

void StatisticsNotes(const legacy::StatisticsResult& r, std::vector<std::string>* notes) {
  const std::string of = " of " + std::to_string(r.lines) + " lines";
  if (r.repaired_tcvn3 > 0) {
    notes->push_back("legacy_encoding: TCVN3 (statistics) in " + std::to_string(r.repaired_tcvn3) +
                     of);
  }
  if (r.repaired_vni > 0) {
    notes->push_back("legacy_encoding: VNI (statistics) in " + std::to_string(r.repaired_vni) + of);
  }
}

// Drops the soft hyphens the decoding left (invisible, and no TCVN3 'ư' any more), repairs the
// marks, returns NFC.
LegacyRepair Finish(std::u32string text, std::vector<std::string> notes) {
  text.erase(std::remove(text.begin(), text.end(), U'\u00AD'), text.end());
  int words = legacy::RepairMarks(&text);
  if (words > 0) {
    notes.push_back("unicode_normalization: " + std::to_string(words) + " words recomposed");
  }
  return {NormalizeNfc(ToUtf8(text)), std::move(notes)};
}

bool IsSpacingAccent(char32_t c) {
  return c == 0x00B4 || c == 0x0060 || c == 0x02DC || c == 0x02C6 || c == 0x02D8 || c == 0x02CA ||
         c == 0x02CB;
}

// The common case, decided in one pass without allocating: nothing for the statistics (fewer
// than kMinLegacyTraces), no soft hyphen, no mark to put back. Invalid UTF-8 takes the long way.
bool OnlyNfcNeeded(std::string_view s) {
  LegacyTraceCounter traces;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    char32_t c;
    size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    c = n == 1 ? b : b & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      auto cb = static_cast<unsigned char>(s[i + k]);
      if ((cb & 0xC0) != 0x80) return false;
      c = (c << 6) | (cb & 0x3F);
    }
    i += n;
    if (c == 0x00AD || (c >= 0x0300 && c <= 0x036F) || IsSpacingAccent(c)) return false;
    traces.Add(c);
  }
  return traces.count() < kMinLegacyTraces;
}

bool HasVietnameseUnicode(std::u32string_view s) {
  return std::any_of(s.begin(), s.end(), legacy::IsVietnameseUnicode);
}

}  // namespace

LegacyEncoding DetectLegacyEncoding(std::string_view utf8) {
  if (CountLegacyTraces(utf8) < kMinLegacyTraces) return LegacyEncoding::kNone;
  return legacy::Choose(legacy::Measure(ToU32(utf8)));
}

LegacyRepair RepairLegacyText(std::string_view utf8) {
  if (OnlyNfcNeeded(utf8)) return {NormalizeNfc(utf8), {}};
  std::vector<std::u32string> segments = {ToU32(utf8)};
  std::vector<std::string> notes;
  StatisticsNotes(legacy::RepairByStatistics(&segments), &notes);
  return Finish(std::move(segments[0]), std::move(notes));
}

LegacyRepair RepairLegacyRuns(const std::vector<TextRun>& runs) {
  // Without legacy fonts the runs are one text of unknown fonts.
  bool legacy_fonts = false;
  for (const TextRun& r : runs) {
    legacy_fonts =
        legacy_fonts || (!r.text.empty() && EncodingOfFont(r.font) != LegacyEncoding::kNone);
  }
  if (!legacy_fonts) {
    std::string joined;
    for (const TextRun& r : runs) joined += r.text;
    return RepairLegacyText(joined);
  }

  struct Run {
    std::u32string text;
    LegacyEncoding enc = LegacyEncoding::kNone;
  };
  std::vector<Run> rs;
  rs.reserve(runs.size());
  int nonempty = 0;
  int decoded[3] = {0, 0, 0};
  std::vector<std::string> fonts[3];
  std::vector<std::string> unicode_fonts;
  int unicode_runs = 0;
  for (const TextRun& r : runs) {
    Run x{ToU32(r.text), EncodingOfFont(r.font)};
    if (!x.text.empty()) ++nonempty;
    if (x.enc != LegacyEncoding::kNone && !x.text.empty()) {
      if (HasVietnameseUnicode(x.text)) {
        // Unicode typed or pasted into a legacy font: the font is wrong, not the text.
        ++unicode_runs;
        AddFont(&unicode_fonts, r.font);
        x.enc = LegacyEncoding::kNone;
      } else {
        ++decoded[static_cast<int>(x.enc)];
        AddFont(&fonts[static_cast<int>(x.enc)], r.font);
      }
    }
    rs.push_back(std::move(x));
  }

  // Consecutive runs of one encoding form a group: VNI is decoded across run boundaries (a mark
  // byte may sit in the next run), TCVN3 run by run (capitals by font) and then its hyphens
  // across them. Runs of no legacy font go to the statistics, one segment per group.
  struct Group {
    LegacyEncoding enc;
    std::u32string text;
  };
  std::vector<Group> groups;
  for (size_t i = 0; i < rs.size(); ++i) {
    if (groups.empty() || groups.back().enc != rs[i].enc) groups.push_back({rs[i].enc, {}});
    if (rs[i].enc == LegacyEncoding::kTcvn3) {
      groups.back().text += legacy::MapTcvn3(rs[i].text, IsTcvn3CapitalFont(runs[i].font));
    } else {
      groups.back().text += rs[i].text;
    }
  }
  std::vector<std::u32string> segments;
  for (Group& g : groups) {
    if (g.enc == LegacyEncoding::kTcvn3) {
      g.text = legacy::RepairHyphenAsUhorn(g.text);
    } else if (g.enc == LegacyEncoding::kVni) {
      g.text = legacy::Decode(g.text, LegacyEncoding::kVni, false);
    } else {
      segments.push_back(std::move(g.text));
    }
  }
  legacy::StatisticsResult stats = legacy::RepairByStatistics(&segments);

  std::u32string all;
  size_t next_segment = 0;
  for (Group& g : groups) {
    all += g.enc == LegacyEncoding::kNone ? segments[next_segment++] : g.text;
  }

  std::vector<std::string> notes;
  const std::string of = " of " + std::to_string(nonempty) + " runs";
  for (LegacyEncoding e : {LegacyEncoding::kTcvn3, LegacyEncoding::kVni}) {
    int k = static_cast<int>(e);
    if (decoded[k] == 0) continue;
    notes.push_back("legacy_encoding: " + std::string(LegacyEncodingName(e)) + " (" +
                    FontList(fonts[k]) + ") in " + std::to_string(decoded[k]) + of);
  }
  if (unicode_runs > 0) {
    notes.push_back("legacy_encoding: " + std::to_string(unicode_runs) + of + " in legacy fonts (" +
                    FontList(unicode_fonts) + ") already hold Unicode, left as they are");
  }
  StatisticsNotes(stats, &notes);
  return Finish(std::move(all), std::move(notes));
}

}  // namespace vanban
