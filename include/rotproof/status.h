#pragma once
// Errors as values. A Status is OK or a code plus a one-line message that
// already names the file (and offset) it is about, e.g.
//   "post.md:3: front matter: bad indentation".
// Result<T> carries either a T or a non-OK Status.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace rotproof {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidInput,  // the user's input is unusable (exit code 2)
    kNotFound,      // a file or entry does not exist (exit code 2)
    kIoError,       // the OS refused a read or write (exit code 2)
    kNetwork,       // a transfer failed (exit code 1: the work ran, a link is dead)
    kCorruption,    // stored data does not match what it claims (exit code 1)
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) { return Status(Code::kInvalidInput, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Network(std::string msg) { return Status(Code::kNetwork, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "OK" or "<code name>: <message>".
  std::string ToString() const;
  // The documented exit code of a command that ends on this status: 0 OK;
  // 1 the work ran but met a dead link or a defective archive (kNetwork,
  // kCorruption); 2 usage errors and unreadable or unwritable files.
  int ExitCode() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "a Result without a value needs an error");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace rotproof

// Returns early from the enclosing function when `expr` is not OK.
#define ROTPROOF_RETURN_IF_ERROR(expr) \
  do {                                 \
    ::rotproof::Status _st = (expr);   \
    if (!_st.ok()) return _st;         \
  } while (0)
