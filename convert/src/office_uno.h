// UNO plumbing shared by the LibreOffice pool (office_pool.cc) and what runs on its processes
// (office_extractor.cc, office_document.cc). Private to vanban_convert: the only place outside
// these files that sees a LibreOffice type is nowhere.
#pragma once

#include <sys/types.h>

#include <com/sun/star/frame/XDesktop2.hpp>
#include <com/sun/star/uno/Exception.hpp>
#include <com/sun/star/uno/Reference.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <rtl/ustring.hxx>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "vanban/convert/office_pool.h"
#include "vanban/repository/status.h"

namespace vanban::office {

namespace css = com::sun::star;

rtl::OUString ToOUString(std::string_view utf8);
std::string ToUtf8(const rtl::OUString& s);
// A file:// URL LibreOffice accepts for `p` (absolute, percent-encoded).
Result<rtl::OUString> FileUrl(const std::filesystem::path& p);
// "com.sun.star.io.IOException: <message>" (the message without LibreOffice's source-file
// prefixes), for error messages. UNO exception classes are not polymorphic in C++: their
// dynamic type is only known from the Any that cppu::getCaughtException() makes of them.
std::string Describe(const css::uno::Any& exception);
// Describe() of the exception being handled: call it inside a catch block only.
std::string DescribeCaught();

// Exclusive use of one LibreOffice process for one conversion, under the pool's deadline for
// it. Not thread-safe (one worker uses it); the destructor hands the process back, and the
// pool replaces it if Discard() was called, the watchdog killed it, or it is due for recycling.
class OfficeLease {
 public:
  OfficeLease(OfficePool::Impl& pool, int slot, int generation, pid_t pid,
              const css::uno::Reference<css::uno::XComponentContext>& context,
              const css::uno::Reference<css::frame::XDesktop2>& desktop, std::string version);
  ~OfficeLease();
  OfficeLease(const OfficeLease&) = delete;
  OfficeLease& operator=(const OfficeLease&) = delete;

  const css::uno::Reference<css::uno::XComponentContext>& context() const { return context_; }
  const css::uno::Reference<css::frame::XDesktop2>& desktop() const { return desktop_; }
  pid_t pid() const { return pid_; }
  // "LibreOffice 7.4.7.2", as this process reports it.
  const std::string& version() const { return version_; }

  // What the UNO exception being handled (call it inside a catch block only) means. kTimeout
  // when the watchdog killed the process (deadline passed); kTransient when the process died or
  // its connection broke (it is replaced); otherwise the document's own failure: `fallback`
  // with "<what>: <message>".
  Status ClassifyCaught(ErrorCode fallback, const std::string& what);
  // The process must not serve another conversion.
  void Discard() { discard_ = true; }

 private:
  bool ConnectionAlive();

  OfficePool::Impl& pool_;
  int slot_;
  int generation_;
  pid_t pid_;
  css::uno::Reference<css::uno::XComponentContext> context_;
  css::uno::Reference<css::frame::XDesktop2> desktop_;
  std::string version_;
  bool discard_ = false;
};

// Waits (bounded by the pool's acquire_timeout) for a ready process and takes it.
// kTimeout if none became free in time, kTransient if none could be started or the pool is
// shutting down.
Result<std::unique_ptr<OfficeLease>> AcquireOffice(OfficePool& pool);

}  // namespace vanban::office
