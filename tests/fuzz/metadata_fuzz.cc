// libFuzzer target for the metadata extractor: any bytes in, no crash, no hang, bounded
// memory. Built and run by tests/fuzz/run.sh (clang, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vanban/ingest/metadata_extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vanban::MetadataExtraction r = vanban::ExtractMetadata(text);
  // Everything the extractor returns is bounded by what it reads.
  if (r.meta.summary.size() > 64 * 1024 || r.meta.recipients.size() > 1000) __builtin_trap();
  (void)vanban::NormalizeDocumentNumber(text.substr(0, 256));
  (void)vanban::ExpandAuthority(text.substr(0, 1024));
  return 0;
}
