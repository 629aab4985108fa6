#include "chunked.h"

#include <algorithm>

#include "rotproof/text.h"

namespace rotproof {

void ChunkedDecoder::Feed(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    char c = bytes[i];
    switch (state_) {
      case State::kSize:
        if (int v = HexDigitValue(c); v >= 0 && size_digits_ < 15) {
          size_ = size_ * 16 + static_cast<uint64_t>(v);
          ++size_digits_;
        } else if (size_digits_ > 0 && (c == ';' || c == ' ' || c == '\t')) {
          state_ = State::kExtension;
        } else if (size_digits_ > 0 && c == '\r') {
          state_ = State::kSizeLf;
        } else {
          state_ = State::kBad;
        }
        ++i;
        break;
      case State::kExtension:
        if (c == '\r') state_ = State::kSizeLf;
        ++i;
        break;
      case State::kSizeLf:
        state_ = c != '\n' ? State::kBad : size_ == 0 ? State::kTrailer : State::kData;
        ++i;
        break;
      case State::kData: {
        size_t n = static_cast<size_t>(std::min<uint64_t>(size_, bytes.size() - i));
        entity_.Update(bytes.substr(i, n));
        size_ -= n;
        i += n;
        if (size_ == 0) state_ = State::kDataCr;
        break;
      }
      case State::kDataCr:
        state_ = c == '\r' ? State::kDataLf : State::kBad;
        ++i;
        break;
      case State::kDataLf:
        state_ = c == '\n' ? State::kSize : State::kBad;
        size_digits_ = 0;
        ++i;
        break;
      case State::kTrailer:
        // Trailer fields, each CRLF-ended, then an empty line.
        if (c == '\n') {
          state_ = trailer_line_ <= 1 ? State::kDone : State::kTrailer;
          trailer_line_ = 0;
        } else {
          ++trailer_line_;
        }
        ++i;
        break;
      case State::kDone:
      case State::kBad:
        if (state_ == State::kDone) state_ = State::kBad;  // bytes after the last chunk
        return;
    }
  }
}

std::string ChunkedDecoder::Finish() {
  std::string digest = entity_.Finish();
  return state_ == State::kDone ? digest : "";
}

}  // namespace rotproof
