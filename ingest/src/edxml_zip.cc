#include "edxml_zip.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>

namespace vanban::edxml_internal {
namespace {

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string ArchiveError(archive* a) {
  const char* e = archive_error_string(a);
  return e == nullptr ? std::string("unknown libarchive error") : std::string(e);
}

}  // namespace

bool LooksLikeZip(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  if (!in.read(magic, 4)) return false;
  return magic[0] == 'P' && magic[1] == 'K' &&
         ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

Status UnpackZip(OutputDir& dir, const EdxmlFile& zip, const EdxmlLimits& limits,
                 std::vector<EdxmlFile>& entries, std::vector<std::string>& notes) {
  std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
  if (!a) return Status(ErrorCode::kInternal, "archive_read_new failed");
  archive_read_support_format_zip_seekable(a.get());
  if (archive_read_open_filename(a.get(), zip.path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    return Status(ErrorCode::kCorrupt,
                  "ZIP attachment " + zip.name + " is not readable: " + ArchiveError(a.get()));
  }
  const int64_t ratio_cap = std::max<int64_t>(zip.size, 1) * limits.max_zip_ratio;
  int64_t total = 0;
  int count = 0;
  std::string buf(64 * 1024, '\0');
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      return Status(ErrorCode::kCorrupt,
                    "damaged ZIP attachment " + zip.name + ": " + ArchiveError(a.get()));
    }
    if (++count > limits.max_zip_entries) {
      return Status(ErrorCode::kTooLarge, "ZIP attachment " + zip.name + " has more than " +
                                              std::to_string(limits.max_zip_entries) + " entries");
    }
    const char* utf8 = archive_entry_pathname_utf8(entry);
    const char* raw = utf8 != nullptr ? utf8 : archive_entry_pathname(entry);
    std::string declared = raw == nullptr ? std::string() : std::string(raw);
    if (IsTraversalName(declared)) {
      return Status(ErrorCode::kHostileInput,
                    "ZIP attachment " + zip.name +
                        " has an entry named to leave its directory: " + declared.substr(0, 200));
    }
    mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG) {
      notes.push_back("ZIP " + zip.name + ": entry " + declared + " skipped (not a regular file)");
      continue;
    }
    if (archive_entry_is_encrypted(entry)) {
      notes.push_back("ZIP " + zip.name + ": entry " + declared + " skipped (encrypted)");
      continue;
    }
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > ratio_cap - total) {
      return Status(ErrorCode::kTooLarge,
                    "ZIP attachment " + zip.name + ": entry " + declared.substr(0, 200) +
                        " declares " + std::to_string(archive_entry_size(entry)) +
                        " bytes, more than " + std::to_string(limits.max_zip_ratio) +
                        " times the ZIP's " + std::to_string(zip.size) + " bytes (a ZIP bomb)");
    }
    if (archive_entry_size_is_set(entry) &&
        archive_entry_size(entry) > limits.max_zip_bytes - total) {
      return Status(ErrorCode::kTooLarge,
                    "ZIP attachment " + zip.name + ": entry " + declared.substr(0, 200) +
                        " declares " + std::to_string(archive_entry_size(entry)) +
                        " bytes, over the limit of " + std::to_string(limits.max_zip_bytes) +
                        " uncompressed bytes");
    }
    auto file = dir.Create();
    if (!file.ok()) return file.status();
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n == 0) break;
      if (n < 0) {
        return Status(ErrorCode::kCorrupt, "damaged ZIP attachment " + zip.name + ", entry " +
                                               declared.substr(0, 200) + ": " +
                                               ArchiveError(a.get()));
      }
      total += n;
      if (total > limits.max_zip_bytes) {
        return Status(ErrorCode::kTooLarge, "ZIP attachment " + zip.name +
                                                " inflates past the limit of " +
                                                std::to_string(limits.max_zip_bytes) + " bytes");
      }
      if (total > ratio_cap) {
        return Status(ErrorCode::kTooLarge,
                      "ZIP attachment " + zip.name + " inflates to more than " +
                          std::to_string(limits.max_zip_ratio) + " times its " +
                          std::to_string(zip.size) + " bytes (a ZIP bomb)");
      }
      VANBAN_RETURN_IF_ERROR((*file)->Write(std::string_view(buf.data(), static_cast<size_t>(n))));
    }
    EdxmlFile out;
    VANBAN_RETURN_IF_ERROR(dir.Publish(**file, declared, "entry-" + std::to_string(count),
                                       limits.max_name_bytes, out));
    entries.push_back(std::move(out));
  }
  return Status::Ok();
}

}  // namespace vanban::edxml_internal
