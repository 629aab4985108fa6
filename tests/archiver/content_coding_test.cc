#include "rotproof/content_coding.h"

#include <brotli/encode.h>
#include <gtest/gtest.h>

#include "gzip.h"

namespace rotproof {
namespace {

std::string Brotli(const std::string& data) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                        reinterpret_cast<const uint8_t*>(data.data()), &size, reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

// Decodes `body` fed one byte at a time, as a stream may arrive.
Result<std::string> ByteByByte(const std::string& body, const std::string& coding) {
  auto decoder = ContentDecoder::Create(coding);
  if (!decoder.ok()) return decoder.status();
  std::string out;
  auto sink = [&out](std::string_view piece) {
    out.append(piece);
    return Status::Ok();
  };
  for (char c : body) ROTPROOF_RETURN_IF_ERROR(decoder->Feed(std::string_view(&c, 1), sink));
  ROTPROOF_RETURN_IF_ERROR(decoder->Finish(sink));
  return out;
}

TEST(ContentCodingTest, EveryCodingDecodesWholeAndInPieces) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "line " + std::to_string(i) + "\n";
  const std::pair<std::string, std::string> cases[] = {{"gzip", testing::Gzip(text)},
                                                       {"x-gzip", testing::Gzip(text)},
                                                       {"deflate", testing::Deflate(text, 15)},
                                                       {"deflate", testing::Deflate(text, -15)},
                                                       {"br", Brotli(text)},
                                                       {"identity", text},
                                                       {"gzip, br", Brotli(testing::Gzip(text))},
                                                       {"", text}};
  for (const auto& [coding, body] : cases) {
    SCOPED_TRACE(coding);
    auto whole = DecodeContent(body, coding);
    ASSERT_TRUE(whole.ok()) << whole.status().message();
    EXPECT_EQ(*whole, text);
    auto pieces = ByteByByte(body, coding);
    ASSERT_TRUE(pieces.ok()) << pieces.status().message();
    EXPECT_EQ(*pieces, text);
  }
}

TEST(ContentCodingTest, CorruptTruncatedAndUnknownBodiesAreErrors) {
  std::string gz = testing::Gzip(std::string(10000, 'x'));
  EXPECT_EQ(DecodeContent(gz.substr(0, gz.size() / 2), "gzip").status().message(),
            "compressed body is corrupt or truncated");
  EXPECT_EQ(DecodeContent("not brotli at all", "br").status().message(), "brotli body is corrupt or truncated");
  EXPECT_EQ(DecodeContent("x", "zstd").status().message(), "unknown Content-Encoding 'zstd'");
}

// 64 MiB of zeros in a few hundred bytes: stopped at the ratio, long before
// the output grows.
TEST(ContentCodingTest, BombsStopAtTheLimits) {
  std::string zeros(64 << 20, '\0');
  std::string bomb = Brotli(zeros);
  ASSERT_LT(bomb.size(), 4096u);
  auto decoder = ContentDecoder::Create("br");
  ASSERT_TRUE(decoder.ok());
  uint64_t seen = 0;
  Status st = decoder->Feed(bomb, [&seen](std::string_view piece) {
    seen += piece.size();
    return Status::Ok();
  });
  EXPECT_EQ(st.message(), "decodes to more than 1000 times its size (a decompression bomb)");
  EXPECT_LT(seen, uint64_t{2} << 20);  // fed at once, yet stopped near 1 MiB
  DecodeLimits small{1000, 1000};
  EXPECT_EQ(DecodeContent(testing::Gzip(std::string(2000, 'a')), "gzip", small).status().message(),
            "decodes to more than 1000 bytes");
  EXPECT_TRUE(DecodeContent(testing::Gzip(std::string(1000, 'a')), "gzip", small).ok());
}

TEST(ContentCodingTest, ContentEncodingIsReadFromTheHead) {
  EXPECT_EQ(ContentEncodingOf("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\ncontent-encoding: br\r\n\r\n"), "br");
  EXPECT_EQ(ContentEncodingOf("HTTP/1.1 200 OK\r\n\r\n"), "");
}

}  // namespace
}  // namespace rotproof
