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

int Status::ExitCode() const {
  switch (code_) {
    case Code::kOk:
      return 0;
    case Code::kNetwork:
    case Code::kCorruption:
      return 1;
    case Code::kInvalidInput:
    case Code::kNotFound:
    case Code::kIoError:
      break;
  }
  return 2;
}

}  // namespace rotproof
