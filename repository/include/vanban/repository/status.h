// Status and Result<T>: the one error type that crosses module boundaries.
//
// Expected outcomes (a duplicate, an unsupported format, a missing document) are values of
// ErrorCode, never exceptions. Each code has a stable machine-readable name (ErrorCodeName)
// that is written into quarantine .reason.json files and JSON output: renaming one is an
// interface change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace vanban {

enum class ErrorCode {
  kOk = 0,
  kNotFound,           // "not_found"
  kInvalidArgument,    // "invalid_argument"
  kIoError,            // "io_error"
  kCorrupt,            // "corrupt_file": the bytes do not parse as their format
  kEncrypted,          // "encrypted": password-protected input
  kEmptyFile,          // "empty_file"
  kTooLarge,           // "too_large": over a configured size or page limit
  kUnsupportedFormat,  // "unsupported_format": no extractor accepts the content
  kNoText,             // "no_text": the file holds no extractable text
  kBusy,               // "busy": a lock is held by another process; retry later
  kTimeout,            // "timeout"
  kTransient,          // "transient": failed for a reason a retry may fix
  kRetriesExhausted,   // "retries_exhausted"
  kDatabase,           // "database_error"
  kInternal,           // "internal_error"
  kHostileInput,       // "hostile_input": input built to attack the reader (XML entities,
                       // path traversal, nesting bombs); never retried
};

// Stable snake_case name of a code, e.g. "unsupported_format".
std::string_view ErrorCodeName(ErrorCode code);
// Inverse of ErrorCodeName; kInternal for unknown names.
ErrorCode ErrorCodeFromName(std::string_view name);
// True for codes that a later retry of the same step may clear.
bool IsTransient(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "code_name: message", or "ok".
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)
  Result(ErrorCode code, std::string message) : v_(Status(code, std::move(message))) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace vanban

// Propagates a non-ok Status from an expression returning Status.
#define VANBAN_RETURN_IF_ERROR(expr) \
  do {                               \
    ::vanban::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)
