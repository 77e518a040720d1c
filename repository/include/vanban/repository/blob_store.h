// Content-addressed, immutable file store: data/blobs/sha256/ab/abcdef...
//
// A blob is written to a temporary file in data/blobs/tmp/, fsynced, then renamed into place
// and its directory fsynced, so a blob that is visible is always complete. Writing the same
// bytes twice is a no-op the second time. Thread-safe: concurrent writers of the same bytes
// race benignly (rename is atomic and the content is identical).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "vanban/repository/status.h"

namespace vanban {

struct BlobInfo {
  std::string sha256;  // lowercase hex, 64 characters
  int64_t size = 0;
};

class BlobStore {
 public:
  // `root` is data/blobs; created if missing.
  explicit BlobStore(std::filesystem::path root);

  // Streams the file at `src` into the store. Fails with kTooLarge (without storing anything)
  // when the file is longer than `max_size` bytes, kIoError on read/write errors.
  Result<BlobInfo> PutFile(const std::filesystem::path& src, int64_t max_size) const;
  Result<BlobInfo> PutBytes(std::string_view bytes) const;

  // Where the blob lives (whether or not it exists).
  std::filesystem::path PathFor(std::string_view sha256) const;
  bool Contains(std::string_view sha256) const;
  Result<std::string> Read(std::string_view sha256) const;

  static bool IsValidSha256(std::string_view s);

  // Deletes temporary files left in blobs/tmp/ by processes that no longer run (killed while
  // writing a blob). Files of live processes are left alone. Returns how many were removed.
  int RemoveStaleTemporaries() const;

 private:
  Result<BlobInfo> Commit(const std::filesystem::path& tmp, const BlobInfo& info) const;

  std::filesystem::path root_;
};

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// Writes `bytes` to `path` durably: temp file beside it, fsync, rename, fsync directory.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes);
// fsyncs a directory so that a rename or unlink inside it survives a crash.
Status SyncDirectory(const std::filesystem::path& dir);

}  // namespace vanban
