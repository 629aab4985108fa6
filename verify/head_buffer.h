#pragma once
// A head that ends in CRLF CRLF (a WARC record header, an HTTP head),
// collected from pieces of any size, never holding more than the head.

#include <string>
#include <string_view>

namespace rotproof {

inline constexpr std::string_view kCrlfCrlf = "\r\n\r\n";

class HeadBuffer {
 public:
  enum class State { kIncomplete, kComplete, kTooLong };

  // `limit`: the most bytes a head may have before its CRLF CRLF.
  explicit HeadBuffer(size_t limit) : limit_(limit) {}

  // Takes the head's bytes from the front of `bytes` and returns how many
  // it took: all of them while the head goes on, or up to and including
  // its CRLF CRLF. Once complete or too long, takes nothing more.
  size_t Take(std::string_view bytes) {
    if (state_ != State::kIncomplete) return 0;
    size_t before = head_.size();
    size_t search_from = before < 3 ? 0 : before - 3;  // a CRLF CRLF split across pieces
    head_.append(bytes.substr(0, limit_ + kCrlfCrlf.size() - before));
    size_t end = head_.find(kCrlfCrlf, search_from);
    if (end == std::string::npos) {
      if (head_.size() >= limit_ + kCrlfCrlf.size()) state_ = State::kTooLong;
      return bytes.size();
    }
    head_.resize(end + kCrlfCrlf.size());
    state_ = State::kComplete;
    return head_.size() - before;
  }

  State state() const { return state_; }
  // The head so far; when complete, ending in its CRLF CRLF.
  const std::string& head() const { return head_; }

  void Clear() {
    head_.clear();
    state_ = State::kIncomplete;
  }

 private:
  size_t limit_;
  std::string head_;
  State state_ = State::kIncomplete;
};

}  // namespace rotproof
