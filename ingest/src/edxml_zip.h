// Private to the edXML reader: zipped attachments unpacked with libarchive under limits.
#pragma once

#include <string>
#include <vector>

#include "edxml_files.h"
#include "vanban/ingest/edxml.h"
#include "vanban/repository/status.h"

namespace vanban::edxml_internal {

// True if the first bytes of the file are a ZIP local header ("PK\3\4") or an empty ZIP.
bool LooksLikeZip(const std::filesystem::path& path);

// Unpacks the regular-file entries of the ZIP `zip` (a file of `dir`) into `dir`, each under a
// sanitised unique name, appending them to `entries`. Directories are skipped; links, devices
// and encrypted entries are skipped with a note. Bounds: limits.max_zip_entries entries,
// limits.max_zip_bytes uncompressed bytes and limits.max_zip_ratio times the ZIP's size, all
// counted on the bytes actually inflated, not on what the headers claim (kTooLarge); an entry
// name with a ".." component or an absolute path is kHostileInput; a damaged ZIP kCorrupt.
Status UnpackZip(OutputDir& dir, const EdxmlFile& zip, const EdxmlLimits& limits,
                 std::vector<EdxmlFile>& entries, std::vector<std::string>& notes);

}  // namespace vanban::edxml_internal
