// Legacy Vietnamese encodings (TCVN3, VNI-Windows) and NFD / mixed-normalisation repair:
// the tables, font names, statistics on the fixture documents and on texts that must be left
// alone, runs, marks.
#include "vanban/convert/legacy.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"
#include "support/legacy_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;

// --- helpers ----------------------------------------------------------------------------------

std::string Cp(char32_t c) { return ToUtf8(std::u32string(1, c)); }

// A byte as a reader shows it: Latin-1, or cp1252 for 0x80..0x9F.
std::string ShownByte(unsigned b) {
  static constexpr char16_t kHigh[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  return Cp(b >= 0x80 && b < 0xA0 ? kHigh[b - 0x80] : b);
}

struct TableRow {
  std::vector<unsigned> bytes;
  char32_t code;
};

// convert/data/<name>: the tables the generated .inc was made from.
std::vector<TableRow> ReadTable(const std::string& name) {
  std::ifstream in(testing::SourceDir() / "convert" / "data" / name);
  std::vector<TableRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string bytes, second, third;
    std::getline(fields, bytes, '\t');
    std::getline(fields, second, '\t');
    std::getline(fields, third, '\t');
    TableRow r;
    std::istringstream bs(bytes);
    std::string b;
    while (bs >> b) r.bytes.push_back(static_cast<unsigned>(std::stoul(b, nullptr, 16)));
    const std::string& cp = second.rfind("U+", 0) == 0 ? second : third;
    r.code = static_cast<char32_t>(std::stoul(cp.substr(2), nullptr, 16));
    rows.push_back(r);
  }
  return rows;
}

std::string Shown(const TableRow& r) {
  std::string s;
  for (unsigned b : r.bytes) s += ShownByte(b);
  return s;
}

// Every Vietnamese letter: the twelve vowels with their five tones, and đ; lowercase with its
// capital.
std::vector<std::pair<char32_t, char32_t>> VietnameseLetters() {
  const std::u32string lower =
      U"aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
  const std::u32string upper =
      U"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ";
  std::vector<std::pair<char32_t, char32_t>> out;
  for (size_t i = 0; i < lower.size(); ++i) out.emplace_back(lower[i], upper[i]);
  return out;
}

bool HasLegacyNote(const LegacyRepair& r) {
  for (const std::string& n : r.notes) {
    if (n.rfind("legacy_encoding:", 0) == 0) return true;
  }
  return false;
}

// TCVN3 without fonts cannot show the accented capitals it has no code for: the "H" font
// showed them; without it they read lowercase.
std::string Tcvn3WithoutCapitalFonts(const std::string& s) {
  std::u32string out;
  for (char32_t c : ToU32(NormalizeNfc(s))) {
    char32_t l = LowerCodepoint(c);
    bool no_code =
        c >= 0x80 && l != c &&
        EncodeLegacy(Cp(c), LegacyEncoding::kTcvn3) == EncodeLegacy(Cp(l), LegacyEncoding::kTcvn3);
    out += no_code ? l : c;
  }
  return ToUtf8(out);
}

// Every printed line of every fixture document (tests/data/docs), NFC.
std::vector<std::pair<std::string, std::vector<std::string>>> FixtureTexts() {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const std::string& name : testing::DocNames()) {
    auto p = testing::PrintedParagraphs(name);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    if (p.ok()) out.emplace_back(name, *p);
  }
  return out;
}

// What an undecided line comes back as: unchanged but for the soft hyphens (TCVN3 'ư'), which
// the repair drops when no decoding took them.
std::string NoSoftHyphens(std::string s) {
  for (size_t p; (p = s.find("\u00AD")) != std::string::npos;) s.erase(p, 2);
  return s;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  return s;
}

// --- tables -----------------------------------------------------------------------------------

TEST(LegacyTables, Tcvn3HasIts74CodesAndEachRoundTrips) {
  std::vector<TableRow> rows = ReadTable("legacy_tcvn3_to_unicode.tsv");
  ASSERT_EQ(rows.size(), 74u);
  for (const TableRow& r : rows) {
    ASSERT_EQ(r.bytes.size(), 1u);
    std::string shown = Shown(r);
    EXPECT_EQ(DecodeLegacy(shown, LegacyEncoding::kTcvn3), Cp(r.code)) << std::hex << r.bytes[0];
    EXPECT_EQ(EncodeLegacy(Cp(r.code), LegacyEncoding::kTcvn3), shown) << Cp(r.code);
  }
}

TEST(LegacyTables, VniHas134SequencesAndEachRoundTrips) {
  std::vector<TableRow> rows = ReadTable("legacy_vni_to_unicode.tsv");
  ASSERT_EQ(rows.size(), 134u);
  int pairs = 0;
  for (const TableRow& r : rows) {
    pairs += r.bytes.size() == 2;
    std::string shown = Shown(r);
    EXPECT_EQ(DecodeLegacy(shown, LegacyEncoding::kVni), Cp(r.code)) << shown;
    EXPECT_EQ(EncodeLegacy(Cp(r.code), LegacyEncoding::kVni), shown) << Cp(r.code);
  }
  EXPECT_EQ(pairs, 116);
}

TEST(LegacyTables, EveryVietnameseLetterRoundTrips) {
  auto letters = VietnameseLetters();
  ASSERT_EQ(letters.size(), 73u);
  for (const auto& [lower, upper] : letters) {
    for (char32_t c : {lower, upper}) {
      const std::string s = Cp(c);
      EXPECT_EQ(DecodeLegacy(EncodeLegacy(s, LegacyEncoding::kVni), LegacyEncoding::kVni), s);
    }
    // TCVN3: every letter has a lowercase code; the capitals come from a capital font.
    const std::string l = Cp(lower);
    std::string t = EncodeLegacy(l, LegacyEncoding::kTcvn3);
    if (lower >= 0x80 && lower != U'ý') {  // ý is 0xFD in both
      EXPECT_NE(t, l) << l << " has no TCVN3 code";
    }
    EXPECT_EQ(DecodeLegacy(t, LegacyEncoding::kTcvn3), l);
    EXPECT_EQ(DecodeLegacy(t, LegacyEncoding::kTcvn3, /*capitals=*/true), Cp(upper)) << l;
    EXPECT_EQ(
        DecodeLegacy(EncodeLegacy(Cp(upper), LegacyEncoding::kTcvn3), LegacyEncoding::kTcvn3, true),
        Cp(upper));
  }
}

TEST(LegacyTables, GlibcIconvTcvn5712AgreesOnAll74Codes) {
  iconv_t cd = iconv_open("UTF-8", "TCVN5712-1");
  ASSERT_NE(cd, reinterpret_cast<iconv_t>(-1)) << "glibc iconv has no TCVN5712-1";
  for (const TableRow& r : ReadTable("legacy_tcvn3_to_unicode.tsv")) {
    char in[1] = {static_cast<char>(r.bytes[0])};
    char out[16] = {};
    char* ip = in;
    char* op = out;
    size_t il = 1, ol = sizeof out;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    ASSERT_NE(iconv(cd, &ip, &il, &op, &ol), static_cast<size_t>(-1)) << std::hex << r.bytes[0];
    char* flush_op = op;
    iconv(cd, nullptr, nullptr, &flush_op, &ol);  // a pending base letter
    std::string glibc(out, static_cast<size_t>(flush_op - out));
    EXPECT_EQ(NormalizeNfc(glibc), DecodeLegacy(Shown(r), LegacyEncoding::kTcvn3))
        << std::hex << r.bytes[0];
  }
  iconv_close(cd);
}

// --- decoding ---------------------------------------------------------------------------------

TEST(LegacyDecode, Tcvn3CapitalsComeFromHFonts) {
  EXPECT_EQ(DecodeLegacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam", LegacyEncoding::kTcvn3),
            "Cộng hoà xã hội chủ nghĩa Việt Nam");
  EXPECT_EQ(DecodeLegacy("céng hoµ x· héi chñ nghÜa viÖt nam", LegacyEncoding::kTcvn3, true),
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  // Ă Â Ê Ô Ơ Ư Đ have codes of their own.
  EXPECT_EQ(DecodeLegacy("§iÒu", LegacyEncoding::kTcvn3), "Điều");
  EXPECT_EQ(DecodeLegacy("\u00A6u", LegacyEncoding::kTcvn3), "Ưu");
}

TEST(LegacyDecode, VniTwoByteSequencesBeforeSingleBytes) {
  EXPECT_EQ(DecodeLegacy("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", LegacyEncoding::kVni),
            "Cộng hòa xã hội chủ nghĩa Việt Nam");
  EXPECT_EQ(DecodeLegacy("ñöôïc ngöôøi Ñaûng", LegacyEncoding::kVni), "được người Đảng");
  EXPECT_EQ(DecodeLegacy("toâi", LegacyEncoding::kVni), "tôi");    // o + â: ô
  EXPECT_EQ(DecodeLegacy("ô", LegacyEncoding::kVni), "ơ");         // single byte
  EXPECT_EQ(DecodeLegacy("thuôû", LegacyEncoding::kVni), "thuở");  // ô + û: ở
  EXPECT_EQ(DecodeLegacy("ÔÛ", LegacyEncoding::kVni), "Ở");
  EXPECT_EQ(DecodeLegacy("kyû", LegacyEncoding::kVni), "kỷ");     // not ì (0xEC)
  EXPECT_EQ(DecodeLegacy("Aù aÙ", LegacyEncoding::kVni), "Á á");  // either case of mark
  EXPECT_EQ(DecodeLegacy("ø", LegacyEncoding::kVni), "ø");        // a mark with no base
}

TEST(LegacyDecode, ReadsSymbolFontPrivateUseAndCp1252) {
  EXPECT_EQ(DecodeLegacy("c\uF0B8c", LegacyEncoding::kTcvn3), "các");
  EXPECT_EQ(DecodeLegacy("\u201Cc\u00B8c\u201D", LegacyEncoding::kTcvn3), "\u201Ccác\u201D");
  // Invalid UTF-8 bytes are read as cp1252 bytes too.
  EXPECT_EQ(DecodeLegacy("c\xB8"
                         "c",
                         LegacyEncoding::kTcvn3),
            "các");
}

TEST(LegacyDecode, Tcvn3HyphenThatStandsForUHorn) {
  // WinAnsi readers show 0xAD ('ư') as '-'.
  EXPECT_EQ(DecodeLegacy("ng-êi \u00AE-îc n-íc th- t- -íc", LegacyEncoding::kTcvn3),
            "người được nước thư tư ước");
  EXPECT_EQ(DecodeLegacy("kinh tÕ-x· héi, Q§-UBND, 30/2020/N§-CP, CT-TTg", LegacyEncoding::kTcvn3),
            "kinh tế-xã hội, QĐ-UBND, 30/2020/NĐ-CP, CT-TTg");
  EXPECT_EQ(DecodeLegacy("ng-êi", LegacyEncoding::kTcvn3, true), "NGƯỜI");
  // A line-final "th-" glued to the next line's first word by the PDF line join.
  EXPECT_EQ(DecodeLegacy("th-x·", LegacyEncoding::kTcvn3), "thư xã");
}

// --- fonts ------------------------------------------------------------------------------------

TEST(LegacyFonts, NamesImplyEncodings) {
  for (const char* f :
       {".VnTime", ".VnTimeH", ".VnArial", ".VnArialH", "VnTime", ".vntime",
        ".VnCentury Schoolbook", ".VnArial NarrowH", "ABCDEF+.VnTime", ".VnTimeH,Bold",
        ".VnTime-BoldItalic", "#2EVnTime", "VnArialH", ".VnTime;Times New Roman"}) {
    EXPECT_EQ(EncodingOfFont(f), LegacyEncoding::kTcvn3) << f;
  }
  for (const char* f : {"VNI-Times", "VNI-Helve", "VNI-Aptima", "vni-times", "VNI Times",
                        "QWERTY+VNI-Times,Bold", "VNI-Helve-Condense", "VNITimes"}) {
    EXPECT_EQ(EncodingOfFont(f), LegacyEncoding::kVni) << f;
  }
  for (const char* f : {"", "Times New Roman", "Arial", "BAAAAA+LiberationSerif", "DejaVuSans",
                        "VnExpress", "Vn", "Calibri", "Vni"}) {
    EXPECT_EQ(EncodingOfFont(f), LegacyEncoding::kNone) << f;
  }
}

TEST(LegacyFonts, CapitalFontsEndInH) {
  for (const char* f : {".VnTimeH", ".VnArialH", ".VnArial NarrowH", "ABCDEF+.VnTimeH,Bold",
                        ".VnTimeH-Bold", ".VNTIMEH", "VnTimeH"}) {
    EXPECT_TRUE(IsTcvn3CapitalFont(f)) << f;
  }
  for (const char* f : {".VnTime", ".VnArial", "VNI-Times", "Times New RomanH"}) {
    EXPECT_FALSE(IsTcvn3CapitalFont(f)) << f;
  }
}

// --- statistics ---------------------------------------------------------------------------------

// Every fixture document, encoded to TCVN3 and to VNI, comes back by statistics alone.
TEST(LegacyStatistics, EveryFixtureDocumentRoundTripsThroughBothEncodings) {
  auto docs = FixtureTexts();
  ASSERT_FALSE(docs.empty());
  int lines = 0;
  for (const auto& [name, paragraphs] : docs) {
    const std::string source = Join(paragraphs);
    lines += static_cast<int>(paragraphs.size());

    std::string tcvn3 = EncodeLegacy(source, LegacyEncoding::kTcvn3);
    EXPECT_EQ(DetectLegacyEncoding(tcvn3), LegacyEncoding::kTcvn3) << name;
    LegacyRepair r = RepairLegacyText(tcvn3);
    EXPECT_EQ(r.text, Tcvn3WithoutCapitalFonts(source)) << name;
    ASSERT_FALSE(r.notes.empty()) << name;
    EXPECT_EQ(r.notes[0].rfind("legacy_encoding: TCVN3 (statistics) in ", 0), 0u) << r.notes[0];

    std::string vni = EncodeLegacy(source, LegacyEncoding::kVni);
    EXPECT_EQ(DetectLegacyEncoding(vni), LegacyEncoding::kVni) << name;
    r = RepairLegacyText(vni);
    EXPECT_EQ(r.text, source) << name;
    ASSERT_FALSE(r.notes.empty()) << name;
    EXPECT_EQ(r.notes[0].rfind("legacy_encoding: VNI (statistics) in ", 0), 0u) << r.notes[0];

    // The Unicode original is left alone.
    EXPECT_EQ(DetectLegacyEncoding(source), LegacyEncoding::kNone) << name;
    r = RepairLegacyText(source);
    EXPECT_EQ(r.text, source) << name;
    EXPECT_TRUE(r.notes.empty()) << name << ": " << r.notes[0];
  }
  std::printf("[ detection ] %zu documents, %d lines: TCVN3, VNI and Unicode all exact\n",
              docs.size(), lines);
}

// Each line alone (no document around it): never decoded wrongly, never a false positive; how
// many are long enough to be decided is reported.
TEST(LegacyStatistics, LinesAloneAreRepairedOrLeftNeverMisread) {
  int total = 0, unicode_changed = 0;
  int repaired[2] = {0, 0}, left[2] = {0, 0}, wrong[2] = {0, 0}, ascii = 0;
  for (const auto& [name, paragraphs] : FixtureTexts()) {
    for (const std::string& line : paragraphs) {
      ++total;
      if (RepairLegacyText(line).text != line) ++unicode_changed;
      for (int k = 0; k < 2; ++k) {
        LegacyEncoding e = k == 0 ? LegacyEncoding::kTcvn3 : LegacyEncoding::kVni;
        std::string enc = EncodeLegacy(line, e);
        if (enc == line) {
          ascii += k == 0;
          continue;
        }
        std::string expected = k == 0 ? Tcvn3WithoutCapitalFonts(line) : line;
        std::string got = RepairLegacyText(enc).text;
        if (got == expected) {
          ++repaired[k];
        } else if (got == NoSoftHyphens(NormalizeNfc(enc))) {
          ++left[k];
        } else {
          ++wrong[k];
          ADD_FAILURE() << name << " (" << LegacyEncodingName(e) << "): " << enc << "\n -> " << got;
        }
      }
    }
  }
  EXPECT_EQ(unicode_changed, 0);
  EXPECT_EQ(wrong[0] + wrong[1], 0);
  std::printf(
      "[ detection ] %d lines alone (%d ASCII-only): TCVN3 %d repaired, %d left; VNI %d "
      "repaired, %d left; Unicode %d changed\n",
      total, ascii, repaired[0], left[0], repaired[1], left[1], unicode_changed);
  // Lines of three or more accented words decide on their own.
  EXPECT_GT(repaired[0], (total - ascii) * 3 / 4);
  EXPECT_GT(repaired[1], (total - ascii) * 3 / 4);
}

TEST(LegacyStatistics, NoFalsePositivesOnOtherTexts) {
  const char* texts[] = {
      // English
      "The quick brown fox jumps over the lazy dog. Section 3(b) of the Act, as amended in 2019.",
      // French
      "Où est-il ? Où vas-tu ? Je ne sais pas où. Le goût du café, le coût de la vie, août.\n"
      "L'été à Paris : très chaud. Il est né à Lyon, où il a étudié la médecine à l'université.\n"
      "« Bonjour », dit-elle. Ça va ? Noël, naïve, maître, hôtel, île, forêt, déjà, être.",
      // German
      "Müller, Grüße aus München. Die Straße ist schön. Ärger über Öl. Fußgänger, Bäcker, "
      "Käse, Übung, größer, für, würde, können, Tür, hören.",
      // Spanish, Italian, Portuguese
      "España, año, señor, información, más, él, qué, niño. Città, perché, più, può, così.\n"
      "Não, ação, coração, irmã, português, você, avô, avó.",
      // Numbers and symbols
      "Giá: 10 € — 25 °C ± 2 °C, ½ lít, 5 µm, © 2024, § 3, ¼, ¾, 2² = 4, 3³ = 27, ¹⁄₂, × ÷ · ¬.\n"
      "«a» «b» «c» ©® ¶ µ µ µ 12.345,67 ¥ £ ¢ ¤ ¦ ¨ ª ¯ ° ´ ¸ º ¿ ¡",
      // Unicode Vietnamese with only Latin-1 letters on some lines
      "Có bé tí. Bà má cá. Lá là lá. Đi về nhà.\nHà Nội, ngày 01 tháng 01 năm 2026",
  };
  for (const char* t : texts) {
    EXPECT_EQ(DetectLegacyEncoding(t), LegacyEncoding::kNone) << t;
    LegacyRepair r = RepairLegacyText(t);
    EXPECT_EQ(r.text, NormalizeNfc(t));
    EXPECT_FALSE(HasLegacyNote(r)) << t << "\n" << r.notes[0];
    // Repeated, so that the whole text holds plenty of words.
    std::string many;
    for (int i = 0; i < 30; ++i) many += std::string(t) + "\n";
    EXPECT_EQ(DetectLegacyEncoding(many), LegacyEncoding::kNone) << t;
    EXPECT_EQ(RepairLegacyText(many).text, NormalizeNfc(many)) << t;
  }
}

TEST(LegacyStatistics, MixedTextRepairsOnlyTheLegacyLines) {
  auto paragraphs = testing::PrintedParagraphs("cv-4240-ubnd-vx-tphcm");
  ASSERT_TRUE(paragraphs.ok());
  // A TCVN3 header (as a PDF with substituted fonts shows it) above a Unicode body.
  std::string header = "UBND tØnh th¸i nguyªn\nSë tµi chÝnh\nSè: 245/Q§-STC\n";
  std::string body = Join(*paragraphs);
  LegacyRepair r = RepairLegacyText(header + body);
  EXPECT_EQ(r.text, "UBND tỉnh thái nguyên\nSở tài chính\nSố: 245/QĐ-STC\n" + body);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].rfind("legacy_encoding: TCVN3 (statistics) in 3 of ", 0), 0u) << r.notes[0];
  // And a VNI line in the middle.
  std::string vni =
      EncodeLegacy("Về việc triển khai cập nhật cơ sở dữ liệu quốc gia", LegacyEncoding::kVni);
  r = RepairLegacyText(body + vni + "\n" + body);
  EXPECT_EQ(r.text, body + "Về việc triển khai cập nhật cơ sở dữ liệu quốc gia\n" + body);
}

// --- runs
// -----------------------------------------------------------------------------------------

TEST(LegacyRuns, RepairsLegacyFontRunsOnly) {
  std::vector<TextRun> runs = {
      {"ñy ban nh©n d©n tØnh th¸i nguyªn\n", ".VnTimeH"},
      {"Céng hoµ x· héi chñ nghÜa ViÖt Nam\n", ".VnTime"},
      {"Quyết định về việc ban hành quy chế hoạt động của Cổng thông tin điện tử\n",
       "Times New Roman"},
      {"Café, Müller, où.\n", "Times New Roman"},
  };
  LegacyRepair r = RepairLegacyRuns(runs);
  EXPECT_EQ(r.text,
            "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\nCộng hoà xã hội chủ nghĩa Việt Nam\n"
            "Quyết định về việc ban hành quy chế hoạt động của Cổng thông tin điện tử\n"
            "Café, Müller, où.\n");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "legacy_encoding: TCVN3 (.VnTimeH, .VnTime) in 2 of 4 runs");
}

TEST(LegacyRuns, VniMarkInTheNextRunIsJoined) {
  std::vector<TextRun> runs = {{"Vie", "VNI-Times"},
                               {"ät Nam ", "VNI-Times,Bold"},
                               {"ñö", "VNI-Helve"},
                               {"ôïc", "VNI-Times"}};
  LegacyRepair r = RepairLegacyRuns(runs);
  EXPECT_EQ(r.text, "Việt Nam được");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0],
            "legacy_encoding: VNI (VNI-Times, VNI-Times,Bold, VNI-Helve) in 4 of 4 runs");
}

TEST(LegacyRuns, AccentedCapitalInAnHFontRunInsideAWord) {
  // The ABC driver switched the font for one letter: "Ủy ban" = [.VnTimeH "ñ"][.VnTime "y ban"].
  std::vector<TextRun> runs = {
      {"ñ", ".VnTimeH"}, {"y ban nh©n d©n ", ".VnTime"}, {"®", ".VnTimeH"}, {"-îc", ".VnTime"}};
  EXPECT_EQ(RepairLegacyRuns(runs).text, "Ủy ban nhân dân Được");
}

TEST(LegacyRuns, UnicodeInALegacyFontIsLeftAlone) {
  std::vector<TextRun> runs = {{"Việt Nam có dấu", ".VnTime"}, {"Céng hoµ", ".VnTime"}};
  LegacyRepair r = RepairLegacyRuns(runs);
  EXPECT_EQ(r.text, "Việt Nam có dấuCộng hoà");
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[1],
            "legacy_encoding: 1 of 2 runs in legacy fonts (.VnTime) already hold Unicode, left "
            "as they are");
}

TEST(LegacyRuns, UnknownFontsFallBackToStatistics) {
  std::string tcvn3 = "Quy ®Þnh vÒ viÖc qu¶n lý, vËn hµnh vµ khai th¸c Cæng th«ng tin ®iÖn tö";
  std::vector<TextRun> runs = {{tcvn3 + "\n", "BAAAAA+DejaVuSans"}, {"\f", ""}, {tcvn3, ""}};
  LegacyRepair r = RepairLegacyRuns(runs);
  const std::string u = "Quy định về việc quản lý, vận hành và khai thác Cổng thông tin điện tử";
  EXPECT_EQ(r.text, u + "\n\f" + u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "legacy_encoding: TCVN3 (statistics) in 2 of 2 lines");
}

TEST(LegacyRuns, SoftHyphensLeftAfterDecodingAreDropped) {
  std::vector<TextRun> runs = {{"infor\u00ADmation ", "Times New Roman"},
                               {"ng\u00ADêi", ".VnTime"}};
  EXPECT_EQ(RepairLegacyRuns(runs).text, "information người");
}

TEST(LegacyRuns, EmptyAndLargeInputs) {
  EXPECT_EQ(RepairLegacyRuns({}).text, "");
  EXPECT_TRUE(RepairLegacyRuns({}).notes.empty());
  EXPECT_EQ(RepairLegacyText("").text, "");
  // One long line of TCVN3 and of noise: linear work, no pathological case.
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "Céng hoµ x· héi chñ nghÜa ViÖt Nam ";
  LegacyRepair r = RepairLegacyText(big);
  EXPECT_EQ(r.text.rfind("Cộng hoà xã hội chủ nghĩa Việt Nam Cộng", 0), 0u);
  std::string noise;
  for (int i = 0; i < 200000; ++i) noise += static_cast<char>(0x80 + (i * 7919) % 128);
  EXPECT_FALSE(RepairLegacyText(noise).text.empty());
}

// --- NFD and mixed normalisation
// ------------------------------------------------------------------

TEST(LegacyMarks, NfdAndCompositeUnicodeAreComposed) {
  const std::string nfc = "Quyết định về việc ban hành Quy chế hoạt động của Cổng thông tin";
  // NFD (macOS producers) ...
  std::u32string nfd;
  for (char32_t c : ToU32(nfc)) {
    std::u32string d;
    switch (c) {
      case U'ế':
        d = U"e\u0302\u0301";
        break;
      case U'ị':
        d = U"i\u0323";
        break;
      case U'ề':
        d = U"e\u0302\u0300";
        break;
      case U'ệ':
        d = U"e\u0323\u0302";
        break;
      case U'à':
        d = U"a\u0300";
        break;
      case U'ạ':
        d = U"a\u0323";
        break;
      case U'ộ':
        d = U"o\u0323\u0302";
        break;
      case U'ủ':
        d = U"u\u0309";
        break;
      case U'ổ':
        d = U"o\u0302\u0309";
        break;
      case U'ô':
        d = U"o\u0302";
        break;
      default:
        d = std::u32string(1, c);
    }
    nfd += d;
  }
  LegacyRepair r = RepairLegacyText(ToUtf8(nfd));
  EXPECT_EQ(r.text, nfc);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "unicode_normalization: 11 words recomposed");
  // ... and UniKey's "Unicode tổ hợp": precomposed vowels, combining tones.
  EXPECT_EQ(RepairLegacyText("Vi\u00EA\u0323t Nam, ng\u01B0\u01A1\u0300i").text, "Việt Nam, người");
}

TEST(LegacyMarks, MarksInTheWrongOrderOrTwice) {
  EXPECT_EQ(RepairLegacyText("Vie\u0301\u0302t").text, "Viết");  // tone before circumflex
  EXPECT_EQ(RepairLegacyText("vi\u00E9\u0302t").text, "viết");   // precomposed é + circumflex
  EXPECT_EQ(RepairLegacyText("vi\u1EBF\u0301t").text, "viết");   // the tone twice
  EXPECT_EQ(RepairLegacyText("tho\u031B\u0300i").text, "thời");  // horn then tone
}

TEST(LegacyMarks, DetachedTonesGoBackToTheirVowel) {
  EXPECT_EQ(RepairLegacyText("vi\u00EAt\u0301").text, "viết");  // after the consonant
  EXPECT_EQ(RepairLegacyText("\u0301vi\u00EAt").text, "viết");  // before the word
  EXPECT_EQ(RepairLegacyText("ca\u00B4c co\u0302ng va\u0306n").text, "các công văn");
  EXPECT_EQ(RepairLegacyText("\u00B4cac").text, "các");
  EXPECT_EQ(RepairLegacyText("ti\u02DCnh ho`a").text, "tĩnh hòa");  // on the nearest vowel
  EXPECT_EQ(RepairLegacyText("to\u02C6i").text, "tôi");
  // Not Vietnamese, or no placement makes a syllable: left alone.
  EXPECT_EQ(RepairLegacyText("`code` and \u00B4quoted\u00B4 text").text,
            "`code` and \u00B4quoted\u00B4 text");
  EXPECT_EQ(RepairLegacyText("Cafe\u0301 nai\u0308ve, an\u0303o").text, "Café naïve, año");
  EXPECT_EQ(RepairLegacyText("vie\u00B4t").text, "vie\u00B4t");  // no circumflex to invent
}

TEST(LegacyMarks, CleanTextIsUntouched) {
  const std::string t = "Hoà bình, hòa bình, thuỷ, thủy — “trích dẫn” ‘a’ 12:30 `x`";
  LegacyRepair r = RepairLegacyText(t);
  EXPECT_EQ(r.text, t);
  EXPECT_TRUE(r.notes.empty());
}

}  // namespace
}  // namespace vanban
