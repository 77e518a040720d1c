// One document loaded in a leased LibreOffice process: loading without any interaction, storing
// copies through export filters, and closing it whatever happened.
#pragma once

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/uno/Sequence.hxx>

#include <filesystem>
#include <memory>
#include <string>

#include "office_uno.h"

namespace vanban::office {

struct LoadOptions {
  std::string filter;          // LibreOffice import filter; empty: its type detection decides
  std::string filter_options;  // e.g. "UTF8,LF,Liberation Serif,vi-VN" for "Text (encoded)"
};

// Closes the document (XCloseable::close, or dispose when a listener vetoes) on destruction;
// exceptions from a dead office are swallowed there (the lease already knows it is broken).
class LoadedDocument {
 public:
  explicit LoadedDocument(const css::uno::Reference<css::lang::XComponent>& component)
      : component_(component) {}
  ~LoadedDocument();
  LoadedDocument(const LoadedDocument&) = delete;
  LoadedDocument& operator=(const LoadedDocument&) = delete;
  const css::uno::Reference<css::lang::XComponent>& component() const { return component_; }

 private:
  css::uno::Reference<css::lang::XComponent> component_;
};

// Loads `file` hidden and read-only, with macros never run, links never updated, and an
// interaction handler that aborts every request: LibreOffice never waits for an answer.
// kEncrypted when it asked for a password, kCorrupt when it cannot load the file (with its
// message), kTimeout/kTransient when the process hung or died (OfficeLease::Classify).
Result<std::unique_ptr<LoadedDocument>> LoadDocument(OfficeLease& lease,
                                                     const std::filesystem::path& file,
                                                     const LoadOptions& options);

// Stores a copy of the document as `out` through `filter` with the given FilterData and, when
// not empty, an open password. kInternal when LibreOffice refuses (with its message).
Status StoreDocument(OfficeLease& lease, const LoadedDocument& doc,
                     const std::filesystem::path& out, const std::string& filter,
                     const css::uno::Sequence<css::beans::PropertyValue>& filter_data = {},
                     const std::string& password = {});

css::beans::PropertyValue Property(const char* name, const css::uno::Any& value);

}  // namespace vanban::office
