// Private to the edXML reader: base64 decoded incrementally, as the XML parser hands over the
// text of an attachment in pieces of any size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vanban::edxml_internal {

// RFC 4648 base64. Whitespace anywhere is skipped (producers wrap lines); '=' padding may
// only close the data; a missing final padding is accepted. Anything else is an error.
class Base64Decoder {
 public:
  // Decodes `in`, appending bytes to `out`. False on an invalid character or data after the
  // padding; error() then says what and where.
  bool Feed(std::string_view in, std::string& out);
  // Ends the data; false if a lone symbol is left over (the text was cut).
  bool Finish(std::string& out);
  const std::string& error() const { return error_; }
  int64_t consumed() const { return consumed_; }

 private:
  uint32_t quad_ = 0;
  int have_ = 0;     // symbols in quad_
  int padding_ = 0;  // '=' seen
  int64_t consumed_ = 0;
  std::string error_;
};

}  // namespace vanban::edxml_internal
