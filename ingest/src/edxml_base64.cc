#include "edxml_base64.h"

#include <array>

namespace vanban::edxml_internal {
namespace {

constexpr int8_t kSkip = -2;
constexpr int8_t kBad = -1;
constexpr int8_t kPad = -3;

constexpr std::array<int8_t, 256> MakeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = kBad;
  for (int i = 0; i < 26; ++i) {
    t['A' + i] = static_cast<int8_t>(i);
    t['a' + i] = static_cast<int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<int8_t>(52 + i);
  t['+'] = 62;
  t['/'] = 63;
  t['='] = kPad;
  for (char c : {' ', '\t', '\r', '\n', '\f', '\v'}) t[static_cast<unsigned char>(c)] = kSkip;
  return t;
}
constexpr std::array<int8_t, 256> kTable = MakeTable();

}  // namespace

bool Base64Decoder::Feed(std::string_view in, std::string& out) {
  if (!error_.empty()) return false;
  for (char ch : in) {
    ++consumed_;
    int8_t v = kTable[static_cast<unsigned char>(ch)];
    if (v == kSkip) continue;
    if (v == kBad) {
      error_ = "invalid base64 character 0x" + std::string(1, "0123456789abcdef"[(ch >> 4) & 15]) +
               std::string(1, "0123456789abcdef"[ch & 15]) + " at offset " +
               std::to_string(consumed_ - 1);
      return false;
    }
    if (v == kPad) {
      // "xx==" or "xxx=": padding only after two or three symbols of a quantum.
      if (have_ + padding_ < 2 || have_ + padding_ >= 4) {
        error_ = "misplaced base64 padding at offset " + std::to_string(consumed_ - 1);
        return false;
      }
      ++padding_;
      if (have_ + padding_ == 4) {
        if (have_ == 2) {
          out.push_back(static_cast<char>((quad_ >> 4) & 0xff));
        } else {
          out.push_back(static_cast<char>((quad_ >> 10) & 0xff));
          out.push_back(static_cast<char>((quad_ >> 2) & 0xff));
        }
        have_ = 4;  // closed: nothing but whitespace may follow
        quad_ = 0;
      }
      continue;
    }
    if (padding_ > 0) {
      error_ = "base64 data after the padding at offset " + std::to_string(consumed_ - 1);
      return false;
    }
    quad_ = (quad_ << 6) | static_cast<uint32_t>(v);
    if (++have_ == 4) {
      out.push_back(static_cast<char>((quad_ >> 16) & 0xff));
      out.push_back(static_cast<char>((quad_ >> 8) & 0xff));
      out.push_back(static_cast<char>(quad_ & 0xff));
      have_ = 0;
      quad_ = 0;
    }
  }
  return true;
}

bool Base64Decoder::Finish(std::string& out) {
  if (!error_.empty()) return false;
  if (padding_ > 0) {
    if (have_ + padding_ != 4 && have_ != 4) {
      error_ = "base64 padding incomplete at the end";
      return false;
    }
    return true;
  }
  switch (have_) {
    case 0:
      return true;
    case 2:
      out.push_back(static_cast<char>((quad_ >> 4) & 0xff));
      return true;
    case 3:
      out.push_back(static_cast<char>((quad_ >> 10) & 0xff));
      out.push_back(static_cast<char>((quad_ >> 2) & 0xff));
      return true;
    default:
      error_ = "base64 data ends in the middle of a byte (cut off?)";
      return false;
  }
}

}  // namespace vanban::edxml_internal
