#include "vanban/convert/sniff.h"

#include <magic.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string_view>

#include "vanban/convert/text.h"
#include "zip_members.h"

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

// Poppler and Ghostscript find a PDF header anywhere in the first 1024 bytes (as Acrobat
// does); libmagic only at byte 0. Real inputs have a few bytes before it: a stray CRLF, a
// mail or HTTP header saved with the body.
constexpr size_t kPdfHeaderWindow = 1024;
// How much of a text file is looked at to recognise an XML document without a declaration.
constexpr size_t kXmlWindow = 4096;

std::string Head(const std::filesystem::path& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string buf(n, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(n));
  buf.resize(static_cast<size_t>(in.gcount()));
  return buf;
}

// The last `n` bytes (the whole file if it is shorter).
std::string Tail(const std::filesystem::path& path, size_t n) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::streamoff size = in.tellg();
  if (size <= 0) return {};
  std::streamoff from =
      size > static_cast<std::streamoff>(n) ? size - static_cast<std::streamoff>(n) : 0;
  in.seekg(from);
  std::string buf(static_cast<size_t>(size - from), '\0');
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.resize(static_cast<size_t>(in.gcount()));
  return buf;
}

bool IsZipLike(const SniffResult& r) {
  return r.media_type == "application/zip" || (r.media_type == "application/octet-stream" &&
                                               (r.description.rfind("Microsoft OOXML", 0) == 0 ||
                                                r.description.rfind("Zip archive", 0) == 0));
}

// An element start first ("<edXML:edXMLEnvelope xmlns:edXML=..."), a namespace declaration
// near it and a '>' last: XML that libmagic calls text because it has no <?xml declaration.
bool LooksLikeXml(std::string_view head, std::string_view tail) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  size_t b = head.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos || head[b] != '<' || b + 1 >= head.size()) return false;
  unsigned char c = static_cast<unsigned char>(head[b + 1]);
  if (!(std::isalpha(c) || c == '_' || c >= 0x80)) return false;
  size_t e = tail.find_last_not_of(" \t\r\n");
  return e != std::string_view::npos && tail[e] == '>' &&
         head.find("xmlns") != std::string_view::npos;
}

// libmagic's answer, corrected from the content where it is known to fall short.
void Refine(const std::filesystem::path& path, SniffResult* r) {
  auto refine = [&](std::string media_type, const std::string& why) {
    r->magic_media_type = r->media_type;
    r->media_type = std::move(media_type);
    r->description += " (" + why + ")";
  };
  if (IsZipLike(*r)) {
    ZipClaim claim = ClaimOfZip(path);
    if (!claim.media_type.empty() && claim.media_type != r->media_type) {
      refine(claim.media_type, claim.evidence);
    }
  } else if (r->media_type == "application/octet-stream") {
    std::string head = Head(path, kPdfHeaderWindow);
    size_t at = head.find("%PDF-");
    if (at != std::string::npos) {
      refine("application/pdf", "%PDF- header after " + std::to_string(at) + " leading bytes");
    }
  } else if (r->media_type == "text/plain") {
    if (LooksLikeXml(Head(path, kXmlWindow), Tail(path, 64))) {
      refine("text/xml", "an XML element without an <?xml declaration");
    }
  }
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
  Refine(path, &r);
  return r;
}

}  // namespace vanban
