// What a ZIP package says it is, from its member names (and its ODF "mimetype" member), read
// from the central directory without inflating the members: for sniffing only.
#pragma once

#include <filesystem>
#include <string>

namespace vanban {

struct ZipClaim {
  std::string media_type;  // "" when the members name no known package format
  std::string evidence;    // for the description: "word/document.xml in the ZIP"
};

// ODF: the "mimetype" member's content (the spec wants it first, but not every writer puts it
// there, and libmagic only looks at the first). OOXML: [Content_Types].xml together with the
// main part of a word processing document, workbook or presentation. Anything unreadable
// claims nothing: sniffing never fails because of it.
ZipClaim ClaimOfZip(const std::filesystem::path& path);

}  // namespace vanban
