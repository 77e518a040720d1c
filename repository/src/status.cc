#include "vanban/repository/status.h"

#include <array>

namespace vanban {
namespace {

struct CodeName {
  ErrorCode code;
  std::string_view name;
};

constexpr std::array kNames = {
    CodeName{ErrorCode::kOk, "ok"},
    CodeName{ErrorCode::kNotFound, "not_found"},
    CodeName{ErrorCode::kInvalidArgument, "invalid_argument"},
    CodeName{ErrorCode::kIoError, "io_error"},
    CodeName{ErrorCode::kCorrupt, "corrupt_file"},
    CodeName{ErrorCode::kEncrypted, "encrypted"},
    CodeName{ErrorCode::kEmptyFile, "empty_file"},
    CodeName{ErrorCode::kTooLarge, "too_large"},
    CodeName{ErrorCode::kUnsupportedFormat, "unsupported_format"},
    CodeName{ErrorCode::kNoText, "no_text"},
    CodeName{ErrorCode::kBusy, "busy"},
    CodeName{ErrorCode::kTimeout, "timeout"},
    CodeName{ErrorCode::kTransient, "transient"},
    CodeName{ErrorCode::kRetriesExhausted, "retries_exhausted"},
    CodeName{ErrorCode::kDatabase, "database_error"},
    CodeName{ErrorCode::kInternal, "internal_error"},
    CodeName{ErrorCode::kHostileInput, "hostile_input"},
};

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  for (const auto& c : kNames) {
    if (c.code == code) return c.name;
  }
  return "internal_error";
}

ErrorCode ErrorCodeFromName(std::string_view name) {
  for (const auto& c : kNames) {
    if (c.name == name) return c.code;
  }
  return ErrorCode::kInternal;
}

bool IsTransient(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIoError:
    case ErrorCode::kBusy:
    case ErrorCode::kTimeout:
    case ErrorCode::kTransient:
    case ErrorCode::kDatabase:
      return true;
    default:
      return false;
  }
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s(ErrorCodeName(code_));
  if (!message_.empty()) {
    s += ": ";
    s += message_;
  }
  return s;
}

}  // namespace vanban
