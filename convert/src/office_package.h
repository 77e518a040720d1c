// What an office file is, read from its container before LibreOffice is given it: ZIP packages
// (DOCX, ODT) are checked against size, ratio and entry-count limits with libarchive (a ZIP
// bomb never reaches LibreOffice), and Compound File Binary containers (DOC, encrypted OOXML)
// are read far enough to see whether they are password-protected.
//
// Pure functions over a file; thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "vanban/convert/office_pool.h"
#include "vanban/repository/status.h"

namespace vanban::office {

enum class PackageKind {
  kWordprocessingMl,  // DOCX/DOCM/DOTX: [Content_Types].xml names a wordprocessingml main part
  kOdfText,           // ODT/OTT: the mimetype entry says application/vnd.oasis.opendocument.text*
  kOther,             // a ZIP that is neither (a spreadsheet, an archive of files ...)
};

struct PackageInfo {
  PackageKind kind = PackageKind::kOther;
  std::string what;  // for messages: "ODF application/vnd.oasis.opendocument.spreadsheet"
  int64_t entries = 0;
  int64_t uncompressed = 0;  // bytes, all entries inflated
  bool encrypted = false;    // ODF whose manifest carries encryption data (password to open)
};

// Reads the ZIP's directory and inflates every entry (counting, not keeping, the bytes), so
// that sizes a forged header understates are caught too. kTooLarge when the entry count, the
// declared or inflated total, or the ratio of inflated bytes to the file's size passes
// `limits`; kCorrupt when the ZIP cannot be read (with libarchive's message).
Result<PackageInfo> InspectZipPackage(const std::filesystem::path& path,
                                      const OfficeLimits& limits);

enum class CfbKind {
  kEncryptedOoxml,  // an "EncryptedPackage" stream: a password-protected DOCX/XLSX/PPTX
  kWord,            // a "WordDocument" stream (Word 97–2003)
  kWordEncrypted,   // ... whose FIB has fEncrypted set (password to open)
  kOther,           // some other Compound File (Excel, PowerPoint, MSI ...)
};

// Reads the Compound File Binary (MS-CFB) directory. kCorrupt if the container is damaged,
// kUnsupportedFormat if the file is no CFB at all.
Result<CfbKind> InspectCfb(const std::filesystem::path& path);

}  // namespace vanban::office
