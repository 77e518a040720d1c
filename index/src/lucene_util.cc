#include "lucene_util.h"

#include "vanban/convert/text.h"

namespace vanban::index_internal {

Lucene::String ToLucene(std::u32string_view s) {
  static_assert(sizeof(wchar_t) == sizeof(char32_t), "Lucene::String must hold UTF-32");
  return Lucene::String(s.begin(), s.end());
}

Lucene::String ToLucene(std::string_view utf8) { return ToLucene(vanban::ToU32(utf8)); }

std::u32string FromLucene(const Lucene::String& s) { return std::u32string(s.begin(), s.end()); }

std::string FromLuceneUtf8(const Lucene::String& s) { return vanban::ToUtf8(FromLucene(s)); }

Status StatusFromLucene(const Lucene::LuceneException& e, std::string_view context) {
  ErrorCode code = ErrorCode::kInternal;
  switch (e.getType()) {
    case Lucene::LuceneException::LockObtainFailed:
      code = ErrorCode::kBusy;
      break;
    case Lucene::LuceneException::CorruptIndex:
      code = ErrorCode::kCorrupt;
      break;
    case Lucene::LuceneException::FileNotFound:
    case Lucene::LuceneException::NoSuchDirectory:
    case Lucene::LuceneException::IO:
    case Lucene::LuceneException::LockReleaseFailed:
      code = ErrorCode::kIoError;
      break;
    default:
      break;
  }
  std::string what = FromLuceneUtf8(e.getError());
  if (what.empty())
    what = "Lucene++ exception type " + std::to_string(static_cast<int>(e.getType()));
  return Status(code, std::string(context) + ": " + what);
}

}  // namespace vanban::index_internal
