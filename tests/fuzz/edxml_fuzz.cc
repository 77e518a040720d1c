// libFuzzer target for the edXML reader: any bytes as a package, no crash, no hang, bounded
// memory, and never a file outside the attachment directory. Built and run by
// tests/fuzz/run.sh (clang, -fsanitize=fuzzer,address,undefined).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "vanban/ingest/edxml.h"

namespace {

namespace fs = std::filesystem;

const fs::path& WorkDir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("edxml-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(WorkDir(), ec);
    });
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path& work = WorkDir();
  fs::path package = work / "package.edxml";
  fs::path att = work / "att";
  {
    std::ofstream out(package, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  vanban::EdxmlLimits limits;
  limits.max_attachment_bytes = 4 << 20;
  limits.max_total_attachment_bytes = 8 << 20;
  limits.max_zip_bytes = 8 << 20;
  auto r = vanban::ReadEdxml(package, limits, att);
  if (r.ok()) {
    // Every file the reader reports lies directly inside the attachment directory.
    for (const auto& a : r->attachments) {
      if (a.file.path.parent_path() != att) __builtin_trap();
      for (const auto& e : a.entries) {
        if (e.path.parent_path() != att) __builtin_trap();
      }
    }
    (void)vanban::WriteEdxmlStatus(r->status);
    (void)vanban::EdxmlHeaderMetadata(*r);
  } else if (r.status().message().empty()) {
    __builtin_trap();
  }
  // Nothing but the package and the attachment directory may exist in the work directory.
  for (const auto& e : fs::directory_iterator(work)) {
    if (e.path() != package && e.path() != att) __builtin_trap();
  }
  std::error_code ec;
  fs::remove_all(att, ec);
  (void)vanban::ParseEdxmlDate(
      std::string(reinterpret_cast<const char*>(data), size < 32 ? size : 32));
  return 0;
}
