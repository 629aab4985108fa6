#pragma once
// Splits bytes into lines as they stream past, never holding more than one
// line: a line longer than the limit is cut (and said to be).

#include <functional>
#include <string>
#include <string_view>

namespace rotproof {

class LineSplitter {
 public:
  // `emit` gets each line without its '\n', and whether it was cut.
  using Emit = std::function<void(std::string_view line, bool cut)>;
  LineSplitter(size_t max_line, Emit emit) : max_line_(max_line), emit_(std::move(emit)) {}

  void Feed(std::string_view bytes) {
    while (!bytes.empty()) {
      size_t end = bytes.find('\n');
      std::string_view piece = bytes.substr(0, end);
      size_t room = max_line_ - line_.size();
      cut_ = cut_ || piece.size() > room;
      line_.append(piece.substr(0, room));
      if (end == std::string_view::npos) return;
      Flush();
      bytes.remove_prefix(end + 1);
    }
  }

  // The last line, when the bytes do not end in '\n'.
  void Finish() {
    if (!line_.empty() || cut_) Flush();
  }

 private:
  void Flush() {
    emit_(line_, cut_);
    line_.clear();
    cut_ = false;
  }

  size_t max_line_;
  Emit emit_;
  std::string line_;
  bool cut_ = false;
};

}  // namespace rotproof
