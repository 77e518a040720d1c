// vanban-index.json in the index directory: {"schema_version": N}. The writer writes it after
// (re)creating the index; readers refuse an index of another version.
#pragma once

#include <filesystem>
#include <optional>

#include "vanban/repository/status.h"

namespace vanban::index_internal {

inline constexpr char kSchemaFileName[] = "vanban-index.json";

// The recorded version; nullopt if the file does not exist. kCorrupt if it does not parse.
Result<std::optional<int>> ReadSchemaVersion(const std::filesystem::path& dir);
// Replaces the file atomically (temporary file, fsync, rename).
Status WriteSchemaVersion(const std::filesystem::path& dir, int version);

}  // namespace vanban::index_internal
