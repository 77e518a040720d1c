// Private to the edXML reader: the files a package writes, all inside one directory.
//
// Every file is created through a descriptor of that directory (openat, O_CREAT|O_EXCL|
// O_NOFOLLOW) under a name that is a single sanitised path component, so no name a package
// carries can reach outside it or replace an existing file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/ingest/edxml.h"
#include "vanban/repository/status.h"

namespace vanban::edxml_internal {

// A file name from a package, made safe: the last path component ('/' and '\' both separate),
// NFC, control and reserved characters (<>:"|?* and C0/C1 controls, DEL) replaced by '_',
// leading dots and spaces and trailing dots and spaces removed, at most `max_bytes` UTF-8
// bytes (cut at a character boundary, the extension kept). Empty when nothing usable is left.
std::string SanitizeFileName(std::string_view declared, size_t max_bytes);

// True for a name that tries to leave its directory: a ".." component, or an absolute path
// ("/x", "\x", "\\server\x"). Such packages are refused (kHostileInput), not sanitised.
bool IsTraversalName(std::string_view declared);

// Bytes written so far into one file, with their SHA-256.
class OutputFile {
 public:
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status Write(std::string_view bytes);
  // Flushes and closes; the file keeps its temporary name until the directory renames it.
  Status Close();
  int64_t size() const { return size_; }
  std::string Sha256Hex() const;  // after Close()
  const std::string& temp_name() const { return temp_name_; }

 private:
  friend class OutputDir;
  OutputFile() = default;
  int fd_ = -1;
  std::string temp_name_;
  int64_t size_ = 0;
  std::string buffer_;
  struct Hash;
  std::unique_ptr<Hash> hash_;
  std::string digest_hex_;
};

// The attachment directory of one ReadEdxml call. Remembers what it created: Discard()
// removes all of it (the call failed), Keep() leaves it.
class OutputDir {
 public:
  ~OutputDir();  // Discard() unless Keep() was called
  static Result<std::unique_ptr<OutputDir>> Open(const std::filesystem::path& dir);

  // A new empty file under a temporary name (".edxml-part-<n>").
  Result<std::unique_ptr<OutputFile>> Create();
  // Gives the closed file its final name: SanitizeFileName(declared) (or `fallback` when that
  // is empty), made unique with "-2", "-3" ... before the extension if taken. Fills `out`.
  Status Publish(OutputFile& file, std::string_view declared, std::string_view fallback,
                 size_t max_bytes, EdxmlFile& out);
  // Removes a file this call created (by its current name).
  void Remove(const std::string& name);
  void Discard();
  void Keep() { keep_ = true; }
  const std::filesystem::path& path() const { return path_; }
  // The path to hand to readers of a file in the directory (e.g. libarchive).
  std::filesystem::path PathOf(const std::string& name) const { return path_ / name; }

 private:
  OutputDir() = default;
  int dirfd_ = -1;
  std::filesystem::path path_;
  std::vector<std::string> created_;
  std::vector<std::string> names_lower_;  // final names taken, for case-insensitive uniqueness
  int next_temp_ = 0;
  bool keep_ = false;
};

}  // namespace vanban::edxml_internal
