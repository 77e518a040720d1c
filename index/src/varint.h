// Lucene's variable-length integers (VInt, VLong: seven bits per byte, low bits first, the high
// bit set on every byte but the last), decoded from bytes in memory.
#pragma once

#include <cstdint>

namespace vanban::index_internal {

// Reads a VInt at p (before end); false when it runs past end or over five bytes.
inline bool ReadVInt(const uint8_t*& p, const uint8_t* end, uint32_t* out) {
  uint32_t v = 0;
  for (int shift = 0; shift < 35 && p < end; shift += 7) {
    const uint8_t b = *p++;
    v |= static_cast<uint32_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

// Reads a VLong at p (before end); false when it runs past end or over nine bytes.
inline bool ReadVLong(const uint8_t*& p, const uint8_t* end, uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 63 && p < end; shift += 7) {
    const uint8_t b = *p++;
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

}  // namespace vanban::index_internal
