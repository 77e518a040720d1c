// Content sniffing with libmagic: what a file is, by its bytes, never by its extension.
#pragma once

#include <filesystem>
#include <string>

#include "vanban/repository/status.h"

namespace vanban {

struct SniffResult {
  std::string media_type;   // "application/pdf", "text/plain", ...
  std::string description;  // libmagic's human-readable description
  std::string extension;    // lowercased extension of the name, a hint only ("pdf")
  int64_t size = 0;
};

// Thread-safe (one libmagic handle per thread). kEmptyFile for zero bytes, kIoError if the
// file cannot be read.
Result<SniffResult> Sniff(const std::filesystem::path& path);

}  // namespace vanban
