// The edge between this project's types and Lucene++'s: string conversion (Lucene::String is
// std::wstring holding UTF-32 on Linux) and exceptions mapped to Status.
#pragma once

#include <LuceneHeaders.h>

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "vanban/repository/status.h"

namespace vanban::index_internal {

Lucene::String ToLucene(std::u32string_view s);
// `utf8` is decoded as ToU32 does (invalid bytes repaired); no normalisation.
Lucene::String ToLucene(std::string_view utf8);
std::u32string FromLucene(const Lucene::String& s);
std::string FromLuceneUtf8(const Lucene::String& s);

// kBusy for a held lock, kCorrupt for an unreadable index, kIoError for file errors,
// kInternal otherwise; the message starts with `context`.
Status StatusFromLucene(const Lucene::LuceneException& e, std::string_view context);

// Runs f (returning Status or Result<T>) and turns any exception into that return type, so
// that no Lucene++, Boost or standard exception leaves this module.
template <typename F>
auto GuardLucene(std::string_view context, F&& f) -> decltype(f()) {
  using R = decltype(f());
  try {
    return std::forward<F>(f)();
  } catch (const Lucene::LuceneException& e) {
    return R(StatusFromLucene(e, context));
  } catch (const std::exception& e) {
    return R(Status(ErrorCode::kInternal, std::string(context) + ": " + e.what()));
  } catch (...) {
    return R(Status(ErrorCode::kInternal, std::string(context) + ": unknown exception"));
  }
}

}  // namespace vanban::index_internal
