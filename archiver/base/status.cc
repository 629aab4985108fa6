#include "rotproof/status.h"

namespace rotproof {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kInvalidInput:
      return "invalid input: " + message_;
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kIoError:
      return "I/O error: " + message_;
    case Code::kNetwork:
      return "network: " + message_;
    case Code::kCorruption:
      return "corruption: " + message_;
  }
  return message_;
}

}  // namespace rotproof
