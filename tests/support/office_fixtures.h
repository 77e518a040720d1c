// Office documents for the tests of the LibreOffice path: the fixture documents of
// tests/data/docs laid out by vanban-docgen (flat ODT) and saved by LibreOffice itself as DOCX,
// DOC (Word 97), RTF and ODT, plus broken and hostile ones made from them.
//
// Cached like fixtures.h: under <build dir>/fixtures/office/<ext>/ and <build dir>/fixtures/bad/,
// rebuilt only when a source, the generator or this helper's source is newer; built under the
// fixture lock (threads and ctest -j processes), with one soffice at a time, each with a
// profile of its own. Needs soffice on PATH (or $SOFFICE) and python3 (for the ZIP bomb).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban::testing {

enum class OfficeFormat { kDocx, kDoc, kRtf, kOdt };

// Every format, and what each is called: "docx", "doc", "rtf", "odt".
std::vector<OfficeFormat> OfficeFormats();
std::string_view OfficeExtension(OfficeFormat f);
// The export filter the fixtures are saved with: "MS Word 2007 XML", "MS Word 97", ...
std::string_view OfficeFilter(OfficeFormat f);

// Every document of tests/data/docs saved in `f`, in DocSources() order.
Result<std::vector<std::filesystem::path>> OfficeDocs(OfficeFormat f);
Result<std::filesystem::path> OfficeDoc(const std::string& name, OfficeFormat f);

// Broken and hostile inputs (bad/):
// - a DOCX cut to half its bytes (no central directory);
Result<std::filesystem::path> TruncatedDocx();
// - a DOCX with bytes of word/document.xml's compressed data inverted (the ZIP's CRC no longer
//   matches);
Result<std::filesystem::path> CorruptDocx();
// - a well-formed ZIP with the DOCX parts whose word/document.xml is not XML: only LibreOffice
//   itself can tell it is broken;
Result<std::filesystem::path> BrokenXmlDocx();
// - a real ZIP whose word/document.xml inflates to 1.1 GB (written streaming by Python's
//   zipfile over zlib, never held in memory; about 1 MB on disk);
Result<std::filesystem::path> ZipBombDocx();
// - password-protected DOCX and DOC (password "test"), stored by LibreOffice through UNO with
//   the "Password" media descriptor property: `--convert-to` in 7.4 takes filter options but
//   no password for these filters.
Result<std::filesystem::path> PasswordDocx();
Result<std::filesystem::path> PasswordDoc();

// A DOCX (office/legacy-fonts.docx) in which TCVN3 text is set in the font .VnTime: a whole
// paragraph, a run inside a Unicode paragraph, and a table cell; the rest is Unicode in
// Liberation Serif. Printed, every line reads "Quyết định ..." (the Unicode text the legacy
// bytes stand for, kLegacyFontLines in the same order).
Result<std::filesystem::path> LegacyFontDocx();
extern const std::vector<std::string> kLegacyFontLines;

// A DOCX (office/tracked-changes.docx) with unaccepted tracked changes: "ba mươi " deleted and
// "mười lăm " inserted in "Thời hạn nộp hồ sơ là … ngày."
Result<std::filesystem::path> TrackedChangesDocx();

}  // namespace vanban::testing
