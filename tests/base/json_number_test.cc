#include "rotproof/json_number.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rotproof {
namespace {

using nlohmann::json;

TEST(JsonNumberTest, OnlyAnUnsignedIntegerIsOne) {
  EXPECT_EQ(UnsignedOf(json::parse("18446744073709551615")), 18446744073709551615u);
  EXPECT_EQ(UnsignedOf(json::parse("0")), 0u);
  for (const char* other : {"1e300", "-1e300", "1.5", "-1", "\"12\"", "null", "true", "[1]"})
    EXPECT_FALSE(UnsignedOf(json::parse(other))) << other;
}

TEST(JsonNumberTest, DigitsInAStringCountWhereIndexesWriteThem) {
  EXPECT_EQ(UnsignedOrDigitsOf(json::parse("\"1234\"")), 1234u);
  EXPECT_EQ(UnsignedOrDigitsOf(json::parse("\"9999999999999999999\"")), 9999999999999999999u);
  EXPECT_EQ(UnsignedOrDigitsOf(json::parse("77")), 77u);
  for (const char* other : {"\"\"", "\"12a\"", "\"-1\"", "\" 1\"", "\"99999999999999999999\"", "1e300"})
    EXPECT_FALSE(UnsignedOrDigitsOf(json::parse(other))) << other;
}

TEST(JsonNumberTest, AFieldIsItsFallbackWhenAbsentAndRefusedWhenNotAnInteger) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(R"({"n":5,"f":1e300,"s":"5"})");
  EXPECT_EQ(UnsignedField(j, "n", 0), 5u);
  EXPECT_EQ(UnsignedField(j, "absent", 9), 9u);
  EXPECT_THROW(UnsignedField(j, "f", 0), std::invalid_argument);
  EXPECT_THROW(UnsignedField(j, "s", 0), std::invalid_argument);
}

}  // namespace
}  // namespace rotproof
