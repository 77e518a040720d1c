#include "zip_members.h"

#include <archive.h>
#include <archive_entry.h>

#include <cctype>
#include <memory>
#include <string_view>

namespace vanban {
namespace {

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

// A directory listing costs nothing to read, but a hostile ZIP may claim millions of entries.
constexpr int kMaxEntries = 10000;

// type "/" subtype, RFC 6838 characters only: what an ODF mimetype member must hold.
bool IsMediaType(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size() || s.size() > 127) {
    return false;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ok =
        std::isalnum(c) || c == '.' || c == '+' || c == '-' || c == '_' || (c == '/' && i == slash);
    if (!ok) return false;
  }
  return true;
}

}  // namespace

ZipClaim ClaimOfZip(const std::filesystem::path& path) {
  std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
  if (!a) return {};
  // Seekable: the names come from the central directory, as every ZIP reader sees them.
  archive_read_support_format_zip_seekable(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK) return {};
  bool content_types = false;
  std::string ooxml_type, ooxml_part, odf_type;
  archive_entry* entry = nullptr;
  for (int n = 0; n < kMaxEntries && archive_read_next_header(a.get(), &entry) == ARCHIVE_OK; ++n) {
    const char* raw = archive_entry_pathname(entry);
    std::string_view name = raw == nullptr ? std::string_view() : std::string_view(raw);
    if (name == "mimetype" && odf_type.empty()) {
      char buf[128];
      la_ssize_t got = archive_read_data(a.get(), buf, sizeof buf);
      if (got > 0 && IsMediaType(std::string_view(buf, static_cast<size_t>(got)))) {
        odf_type.assign(buf, static_cast<size_t>(got));
      }
    } else if (name == "[Content_Types].xml") {
      content_types = true;
    } else if (ooxml_type.empty() && name == "word/document.xml") {
      ooxml_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      ooxml_part = "word/document.xml";
    } else if (ooxml_type.empty() && name == "xl/workbook.xml") {
      ooxml_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      ooxml_part = "xl/workbook.xml";
    } else if (ooxml_type.empty() && name == "ppt/presentation.xml") {
      ooxml_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
      ooxml_part = "ppt/presentation.xml";
    }
  }
  if (!odf_type.empty()) return {odf_type, "mimetype member of the ZIP"};
  if (content_types && !ooxml_type.empty()) {
    return {ooxml_type, "[Content_Types].xml and " + ooxml_part + " in the ZIP"};
  }
  return {};
}

}  // namespace vanban
