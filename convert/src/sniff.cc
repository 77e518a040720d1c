#include "vanban/convert/sniff.h"

#include <magic.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "vanban/convert/text.h"

namespace vanban {
namespace {

struct MagicDeleter {
  void operator()(magic_set* m) const { magic_close(m); }
};

// libmagic handles are not thread-safe: one per thread, loaded on first use.
magic_t ThreadMagic() {
  thread_local std::unique_ptr<magic_set, MagicDeleter> handle = [] {
    std::unique_ptr<magic_set, MagicDeleter> m(magic_open(MAGIC_NONE | MAGIC_ERROR));
    if (m && magic_load(m.get(), nullptr) != 0) m.reset();
    return m;
  }();
  return handle.get();
}

std::string Describe(magic_t m, int flags, const char* path) {
  magic_setflags(m, flags | MAGIC_ERROR);
  const char* r = magic_file(m, path);
  return r ? std::string(r) : std::string();
}

}  // namespace

Result<SniffResult> Sniff(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status(ErrorCode::kIoError, "stat " + path.string() + ": " + std::strerror(errno));
  }
  SniffResult r;
  r.size = st.st_size;
  std::string ext = path.extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  r.extension = LowerUtf8(ext);
  if (st.st_size == 0) return Status(ErrorCode::kEmptyFile, "the file is empty (0 bytes)");
  magic_t m = ThreadMagic();
  if (m == nullptr) return Status(ErrorCode::kInternal, "libmagic could not load its database");
  r.media_type = Describe(m, MAGIC_MIME_TYPE, path.c_str());
  r.description = Describe(m, MAGIC_NONE, path.c_str());
  if (r.media_type.empty()) {
    const char* err = magic_error(m);
    return Status(ErrorCode::kIoError, std::string("libmagic: ") + (err ? err : "failed"));
  }
  return r;
}

}  // namespace vanban
