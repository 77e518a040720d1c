#include "office_document.h"

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/document/MacroExecMode.hpp>
#include <com/sun/star/document/UpdateDocMode.hpp>
#include <com/sun/star/frame/XComponentLoader.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/task/ErrorCodeRequest.hpp>
#include <com/sun/star/task/PasswordRequest.hpp>
#include <com/sun/star/task/XInteractionAbort.hpp>
#include <com/sun/star/task/XInteractionHandler.hpp>
#include <com/sun/star/task/XInteractionRequest.hpp>
#include <com/sun/star/util/CloseVetoException.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <cppuhelper/implbase1.hxx>
#include <rtl/ref.hxx>

#include <cstdio>
#include <iterator>
#include <mutex>

namespace vanban::office {
namespace {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using rtl::OUString;

// LibreOffice's ErrCode (include/vcl/errcode.hxx): code in bits 0-7, class in 8-12, area from
// bit 13, "dynamic" flags from bit 26. "wrong format 0xf0f" / "error 0x4004039".
std::string DescribeErrCode(sal_Int32 err) {
  static constexpr const char* kClasses[] = {
      "error",         "abort",        "general error", "not found",     "already exists",
      "no access",     "path error",   "locked",        "bad parameter", "disk full",
      "not supported", "read error",   "write error",   "error",         "wrong version",
      "wrong format",  "create error", "import error",  "export error"};
  unsigned cls = (static_cast<uint32_t>(err) >> 8) & 31;
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%x", static_cast<unsigned>(err));
  return std::string(cls < std::size(kClasses) ? kClasses[cls] : "error") + " " + hex;
}

// Answers every request LibreOffice makes during a load with "abort", remembering whether a
// password was asked for. Without a handler a headless office fails such loads too, but not
// always with a message that says why; with an interactive one it would wait forever.
// Called on a URP thread of this process while the loading thread waits.
class AbortingHandler : public cppu::WeakImplHelper1<css::task::XInteractionHandler> {
 public:
  void SAL_CALL handle(const Reference<css::task::XInteractionRequest>& request) override {
    Any what = request->getRequest();
    {
      std::lock_guard lock(mu_);
      if (what.isExtractableTo(cppu::UnoType<css::task::PasswordRequest>::get())) {
        password_ = true;
      }
      last_ = ToUtf8(what.getValueTypeName());
      css::task::ErrorCodeRequest code;
      if (what >>= code) {
        last_ = DescribeErrCode(code.ErrCode);
      } else if (what.getValueTypeClass() == css::uno::TypeClass_EXCEPTION) {
        last_ = Describe(what);
      }
    }
    const Sequence<Reference<css::task::XInteractionContinuation>> options =
        request->getContinuations();
    for (const auto& option : options) {
      Reference<css::task::XInteractionAbort> abort(option, UNO_QUERY);
      if (abort.is()) {
        abort->select();
        return;
      }
    }
  }

  bool password_requested() const {
    std::lock_guard lock(mu_);
    return password_;
  }
  std::string last_request() const {
    std::lock_guard lock(mu_);
    return last_;
  }

 private:
  mutable std::mutex mu_;
  bool password_ = false;
  std::string last_;
};

}  // namespace

css::beans::PropertyValue Property(const char* name, const Any& value) {
  css::beans::PropertyValue p;
  p.Name = OUString::createFromAscii(name);
  p.Value = value;
  return p;
}

LoadedDocument::~LoadedDocument() {
  if (!component_.is()) return;
  try {
    Reference<css::util::XCloseable> closeable(component_, UNO_QUERY);
    if (closeable.is()) {
      closeable->close(true);
    } else {
      component_->dispose();
    }
  } catch (const css::util::CloseVetoException&) {
    try {
      component_->dispose();
    } catch (const css::uno::Exception&) {
      // The office is gone or broken; the lease has seen it already.
    }
  } catch (const css::uno::Exception&) {
    // Same: nothing more can be done for a document of a dead office.
  }
}

Result<std::unique_ptr<LoadedDocument>> LoadDocument(OfficeLease& lease,
                                                     const std::filesystem::path& file,
                                                     const LoadOptions& options) {
  auto url = FileUrl(file);
  if (!url.ok()) return url.status();
  rtl::Reference<AbortingHandler> handler(new AbortingHandler);
  std::vector<css::beans::PropertyValue> props = {
      Property("Hidden", Any(true)),
      Property("ReadOnly", Any(true)),
      Property("MacroExecutionMode", Any(css::document::MacroExecMode::NEVER_EXECUTE)),
      Property("UpdateDocMode", Any(css::document::UpdateDocMode::NO_UPDATE)),
      Property("InteractionHandler", Any(Reference<css::task::XInteractionHandler>(handler.get()))),
  };
  if (!options.filter.empty())
    props.push_back(Property("FilterName", Any(ToOUString(options.filter))));
  if (!options.filter_options.empty()) {
    props.push_back(Property("FilterOptions", Any(ToOUString(options.filter_options))));
  }
  Sequence<css::beans::PropertyValue> args(static_cast<sal_Int32>(props.size()));
  for (size_t i = 0; i < props.size(); ++i) args[static_cast<sal_Int32>(i)] = props[i];
  Reference<css::lang::XComponent> component;
  try {
    Reference<css::frame::XComponentLoader> loader(lease.desktop(), css::uno::UNO_QUERY_THROW);
    component = loader->loadComponentFromURL(*url, "_blank", 0, args);
  } catch (const css::uno::Exception&) {
    Status s = lease.ClassifyCaught(ErrorCode::kCorrupt, "LibreOffice cannot load the file");
    if (s.code() == ErrorCode::kCorrupt && handler->password_requested()) {
      return Status(ErrorCode::kEncrypted, "the document is password-protected");
    }
    return s;
  }
  if (handler->password_requested()) {
    auto doc = std::make_unique<LoadedDocument>(component);  // closes it
    return Status(ErrorCode::kEncrypted, "the document is password-protected");
  }
  if (!component.is()) {
    std::string why = handler->last_request();
    return Status(ErrorCode::kCorrupt,
                  "LibreOffice cannot load the file" + (why.empty() ? std::string() : ": " + why));
  }
  return std::make_unique<LoadedDocument>(component);
}

Status StoreDocument(OfficeLease& lease, const LoadedDocument& doc,
                     const std::filesystem::path& out, const std::string& filter,
                     const Sequence<css::beans::PropertyValue>& filter_data,
                     const std::string& password) {
  auto url = FileUrl(out);
  if (!url.ok()) return url.status();
  std::vector<css::beans::PropertyValue> props = {
      Property("FilterName", Any(ToOUString(filter))),
      Property("Overwrite", Any(true)),
  };
  if (filter_data.hasElements()) props.push_back(Property("FilterData", Any(filter_data)));
  if (!password.empty()) {
    props.push_back(Property("Password", Any(ToOUString(password))));
    // The OOXML export ignores "Password": it encrypts when the EncryptionData carries
    // "OOXPassword" and a "CryptoType" (what LibreOffice's own save dialog puts there; 7.4 has
    // the "Standard" engine, "Agile" fails with a write error).
    if (filter.find("2007") != std::string::npos || filter.find("Open XML") != std::string::npos) {
      Sequence<css::beans::NamedValue> encryption(2);
      encryption[0].Name = "OOXPassword";
      encryption[0].Value <<= ToOUString(password);
      encryption[1].Name = "CryptoType";
      encryption[1].Value <<= OUString("Standard");
      props.push_back(Property("EncryptionData", Any(encryption)));
    }
  }
  Sequence<css::beans::PropertyValue> args(static_cast<sal_Int32>(props.size()));
  for (size_t i = 0; i < props.size(); ++i) args[static_cast<sal_Int32>(i)] = props[i];
  try {
    Reference<css::frame::XStorable> storable(doc.component(), css::uno::UNO_QUERY_THROW);
    if (password.empty()) {
      storable->storeToURL(*url, args);
    } else {
      // storeToURL turns "Password" into ODF encryption data, which the Word 97 export
      // discards (the copy comes out unencrypted); storeAsURL hands it on. The document is
      // then bound to the copy, which does not matter for one that is closed next.
      storable->storeAsURL(*url, args);
    }
  } catch (const css::uno::Exception&) {
    return lease.ClassifyCaught(ErrorCode::kInternal, "LibreOffice cannot store it as " + filter);
  }
  std::error_code ec;
  if (!std::filesystem::exists(out, ec)) {
    return Status(ErrorCode::kInternal, "LibreOffice wrote no " + filter + " file");
  }
  return Status::Ok();
}

}  // namespace vanban::office
