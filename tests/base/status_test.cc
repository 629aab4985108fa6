#include "rotproof/status.h"

#include <gtest/gtest.h>

#include "rotproof/digest.h"
#include "run.h"

namespace rotproof {
namespace {

TEST(DigestTest, KnownVectors) {
  EXPECT_EQ(Sha256Digest(""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Digest("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.Update("a");
  h.Update(std::string_view("bc"));
  EXPECT_EQ(h.Finish(), Sha256Digest("abc"));
}

// One mapping for every command (README, "Exit codes").
TEST(StatusTest, ExitCodes) {
  EXPECT_EQ(Status::Ok().ExitCode(), 0);
  EXPECT_EQ(Status::Network("x").ExitCode(), 1);
  EXPECT_EQ(Status::Corruption("x").ExitCode(), 1);
  EXPECT_EQ(Status::InvalidInput("x").ExitCode(), 2);
  EXPECT_EQ(Status::NotFound("x").ExitCode(), 2);
  EXPECT_EQ(Status::IoError("x").ExitCode(), 2);
}

TEST(StatusTest, CodesAndText) {
  EXPECT_TRUE(Status::Ok().ok());
  EXPECT_EQ(Status::Ok().ToString(), "OK");
  Status s = Status::Corruption("a.wacz: bad");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.ToString(), "corruption: a.wacz: bad");
  Result<int> r = Status::NotFound("x");
  EXPECT_FALSE(r.ok());
  Result<int> v = 3;
  EXPECT_EQ(*v, 3);
}

}  // namespace
}  // namespace rotproof
