// Office files and PDFs in the legacy Vietnamese encodings TCVN3 (ABC) and VNI-Windows, made
// from the fixture documents (tests/data/docs) the way pre-Unicode offices made them: the text
// is the legacy bytes shown as Latin-1/cp1252 characters, set in the legacy fonts (".VnTime",
// with accented capitals and all-caps lines in ".VnTimeH"; "VNI-Times"). The fonts are not
// installed; the files only name them, as real files do.
//
// Cached under <build dir>/fixtures/legacy/ and rebuilt when the source document is newer;
// safe to call from several threads and processes (FixtureLock). The .doc files and the
// LibreOffice PDFs need soffice on PATH (one run per format, with its own profile).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban::testing {

enum class LegacyFixture {
  // Word 97 .doc (LibreOffice "MS Word 97"): TCVN3 in .VnTime/.VnTimeH.
  kTcvn3Doc,
  // Word 97 .doc: VNI in VNI-Times.
  kVniDoc,
  // Word 97 .doc: a Unicode body in Times New Roman under a TCVN3 header in .VnTimeH.
  kMixedDoc,
  // PDF written by LibreOffice from the TCVN3 document: the legacy fonts are substituted (the
  // PDF names DejaVu or Liberation), so only statistics can tell. LibreOffice does not draw
  // U+00AD, the soft hyphen TCVN3 uses for 'ư': those letters are missing from the PDF.
  kTcvn3Pdf,
  // PDF written by LibreOffice from the VNI document (fonts substituted).
  kVniPdf,
  // PDF written by hand the way Word and Distiller wrote legacy PDFs: TrueType fonts named
  // "ABCDEF+.VnTime" / ".VnTimeH,Bold" (not embedded), WinAnsiEncoding, no ToUnicode map, so
  // readers show 0xAD ('ư') as '-'.
  kTcvn3FontPdf,
};

// The tests/data/docs document a fixture is made from.
std::string LegacyFixtureSource(LegacyFixture f);

// A document's printed paragraphs in the order the legacy fixtures lay them out: header
// (parent, issuer, national motto), number, place and date, type, summary, recipients, body,
// signature, "Nơi nhận:" list, annex. NFC.
Result<std::vector<std::string>> PrintedParagraphs(const std::string& doc_name);

// Builds the fixture when needed.
Result<std::filesystem::path> LegacyFixturePath(LegacyFixture f);

// What the fixture's text must read after repair, paragraphs joined by '\n': the source, except
// where the file itself has lost information. Without font names (kTcvn3Pdf) TCVN3 cannot tell
// the capitals of the "H" fonts: they read lowercase; and kTcvn3Pdf lacks every 'ư'.
Result<std::string> LegacyFixtureExpectedText(LegacyFixture f);

}  // namespace vanban::testing
