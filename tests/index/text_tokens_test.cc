// index/src/text_tokens.h: the fast paths of IsTokenChar give ICU's answer.
#include "text_tokens.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>

namespace vanban::index_internal {
namespace {

TEST(TextTokensTest, IsTokenCharAgreesWithIcuEverywhere) {
  int letters = 0;
  for (char32_t c = 0; c < 0x30000; ++c) {
    auto cp = static_cast<UChar32>(c);
    const bool icu = u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
    ASSERT_EQ(IsTokenChar(c), icu) << "U+" << std::hex << static_cast<uint32_t>(c);
    letters += icu;
  }
  EXPECT_GT(letters, 100000);
  EXPECT_TRUE(IsTokenChar(U'ư'));
  EXPECT_TRUE(IsTokenChar(U'Đ'));
  EXPECT_TRUE(IsTokenChar(U'ỹ'));
  EXPECT_FALSE(IsTokenChar(U'×'));
  EXPECT_FALSE(IsTokenChar(U'/'));
}

}  // namespace
}  // namespace vanban::index_internal
