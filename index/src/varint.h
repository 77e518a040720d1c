// Lucene's variable-length integers (VInt, VLong: seven bits per byte, low bits first, the high
// bit set on every byte but the last), decoded from bytes in memory.
#pragma once

#include <cstdint>

namespace vanban::index_internal {

// Reads a variable-length integer of at most `bytes` bytes at p (before end); false when it
// runs past end or over `bytes` bytes.
template <typename T, int bytes>
inline bool ReadVariable(const uint8_t*& p, const uint8_t* end, T* out) {
  T v = 0;
  for (int shift = 0; shift < 7 * bytes && p < end; shift += 7) {
    const uint8_t b = *p++;
    v |= static_cast<T>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

// A VInt: at most five bytes.
inline bool ReadVInt(const uint8_t*& p, const uint8_t* end, uint32_t* out) {
  return ReadVariable<uint32_t, 5>(p, end, out);
}

// A VLong: at most nine bytes.
inline bool ReadVLong(const uint8_t*& p, const uint8_t* end, uint64_t* out) {
  return ReadVariable<uint64_t, 9>(p, end, out);
}

}  // namespace vanban::index_internal
