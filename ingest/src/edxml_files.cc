#include "edxml_files.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "vanban/convert/text.h"

namespace vanban::edxml_internal {
namespace {

constexpr size_t kWriteBuffer = 256 * 1024;
constexpr size_t kMaxExtensionBytes = 16;

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// Decodes one code point of valid UTF-8 at s[i] (NormalizeNfc repaired the text), advancing i.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  if (i + static_cast<size_t>(len) > s.size()) len = static_cast<int>(s.size() - i);
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += static_cast<size_t>(len);
  return cp;
}

bool Unsafe(char32_t cp) {
  if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) return true;
  // Bidirectional controls let "gpj.exe" display as "exe.jpg".
  if (cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069)) {
    return true;
  }
  switch (cp) {
    case '<':
    case '>':
    case ':':
    case '"':
    case '|':
    case '?':
    case '*':
      return true;
    default:
      return false;
  }
}

// Longest prefix of `s` of at most `max` bytes that ends on a character boundary.
std::string_view CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xc0) == 0x80) --end;
  return s.substr(0, end);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "name.pdf" -> {"name", ".pdf"}; a leading dot or a long tail is not an extension.
std::pair<std::string_view, std::string_view> SplitExtension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || name.size() - dot > kMaxExtensionBytes) {
    return {name, {}};
  }
  return {name.substr(0, dot), name.substr(dot)};
}

}  // namespace

std::string SanitizeFileName(std::string_view declared, size_t max_bytes) {
  std::string nfc = NormalizeNfc(declared);
  std::string_view base = nfc;
  size_t sep = base.find_last_of("/\\");
  if (sep != std::string_view::npos) base = base.substr(sep + 1);
  std::string clean;
  for (size_t i = 0; i < base.size();) {
    size_t start = i;
    char32_t cp = NextCodePoint(base, i);
    if (Unsafe(cp)) {
      clean.push_back('_');
    } else {
      clean.append(base.substr(start, i - start));
    }
  }
  size_t b = clean.find_first_not_of(". ");
  if (b == std::string::npos) return {};
  size_t e = clean.find_last_not_of(". ");
  clean = clean.substr(b, e - b + 1);
  if (clean.size() > max_bytes) {
    auto [stem, ext] = SplitExtension(clean);
    if (ext.size() >= max_bytes) ext = {};
    std::string cut(CutUtf8(stem, max_bytes - ext.size()));
    size_t last = cut.find_last_not_of(". ");
    cut = last == std::string::npos ? std::string() : cut.substr(0, last + 1);
    clean = cut.empty() ? std::string() : cut + std::string(ext);
  }
  return clean;
}

bool IsTraversalName(std::string_view declared) {
  if (declared.empty()) return false;
  if (declared.front() == '/' || declared.front() == '\\') return true;
  size_t start = 0;
  while (start <= declared.size()) {
    size_t end = declared.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = declared.size();
    std::string_view part = declared.substr(start, end - start);
    // Trailing spaces and dots are dropped by Windows: ".. " is ".." there.
    size_t last = part.find_last_not_of(" ");
    if (last != std::string_view::npos && part.substr(0, last + 1) == "..") return true;
    start = end + 1;
  }
  return false;
}

struct OutputFile::Hash {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Hash() { EVP_MD_CTX_free(ctx); }
};

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status OutputFile::Write(std::string_view bytes) {
  if (fd_ < 0) return Status(ErrorCode::kInternal, "write to a closed attachment file");
  EVP_DigestUpdate(hash_->ctx, bytes.data(), bytes.size());
  size_ += static_cast<int64_t>(bytes.size());
  buffer_.append(bytes);
  if (buffer_.size() < kWriteBuffer) return Status::Ok();
  std::string_view rest = buffer_;
  while (!rest.empty()) {
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoError, Errno("write " + temp_name_));
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  buffer_.clear();
  return Status::Ok();
}

Status OutputFile::Close() {
  if (fd_ < 0) return Status::Ok();
  std::string_view rest = buffer_;
  while (!rest.empty()) {
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoError, Errno("write " + temp_name_));
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  buffer_.clear();
  buffer_.shrink_to_fit();
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return Status(ErrorCode::kIoError, Errno("close " + temp_name_));
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(hash_->ctx, md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  digest_hex_.clear();
  for (unsigned int i = 0; i < len; ++i) {
    digest_hex_.push_back(kHex[md[i] >> 4]);
    digest_hex_.push_back(kHex[md[i] & 15]);
  }
  return Status::Ok();
}

std::string OutputFile::Sha256Hex() const { return digest_hex_; }

OutputDir::~OutputDir() {
  if (!keep_) Discard();
  if (dirfd_ >= 0) ::close(dirfd_);
}

Result<std::unique_ptr<OutputDir>> OutputDir::Open(const std::filesystem::path& dir) {
  if (dir.empty()) return Status(ErrorCode::kInvalidArgument, "no attachment directory given");
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
    return Status(ErrorCode::kIoError, Errno("create attachment directory " + dir.string()));
  }
  std::unique_ptr<OutputDir> out(new OutputDir());
  out->path_ = dir;
  // O_NOFOLLOW: the directory itself must not be a symlink planted elsewhere.
  out->dirfd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (out->dirfd_ < 0) {
    return Status(ErrorCode::kIoError, Errno("open attachment directory " + dir.string()));
  }
  return out;
}

Result<std::unique_ptr<OutputFile>> OutputDir::Create() {
  std::unique_ptr<OutputFile> f(new OutputFile());
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::string name = ".edxml-part-" + std::to_string(next_temp_++);
    int fd =
        ::openat(dirfd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      return Status(ErrorCode::kIoError, Errno("create " + (path_ / name).string()));
    }
    f->fd_ = fd;
    f->temp_name_ = name;
    f->hash_ = std::make_unique<OutputFile::Hash>();
    EVP_DigestInit_ex(f->hash_->ctx, EVP_sha256(), nullptr);
    created_.push_back(name);
    return f;
  }
  return Status(ErrorCode::kIoError, "no free temporary name in " + path_.string());
}

Status OutputDir::Publish(OutputFile& file, std::string_view declared, std::string_view fallback,
                          size_t max_bytes, EdxmlFile& out) {
  VANBAN_RETURN_IF_ERROR(file.Close());
  std::string base = SanitizeFileName(declared, max_bytes);
  if (base.empty()) base = SanitizeFileName(fallback, max_bytes);
  if (base.empty()) base = "attachment";
  auto [stem, ext] = SplitExtension(base);
  for (int n = 1; n < 10000; ++n) {
    std::string name = base;
    if (n > 1) {
      std::string suffix = "-" + std::to_string(n);
      name = std::string(CutUtf8(stem, max_bytes > suffix.size() + ext.size()
                                           ? max_bytes - suffix.size() - ext.size()
                                           : 1)) +
             suffix + std::string(ext);
    }
    std::string lower = AsciiLower(name);
    bool taken = false;
    for (const auto& t : names_lower_) taken = taken || t == lower;
    if (taken) continue;
    int rc = ::renameat2(dirfd_, file.temp_name_.c_str(), dirfd_, name.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && errno == EINVAL) {
      // A file system without RENAME_NOREPLACE: a hard link fails the same way on EEXIST.
      rc = ::linkat(dirfd_, file.temp_name_.c_str(), dirfd_, name.c_str(), 0);
      if (rc == 0) ::unlinkat(dirfd_, file.temp_name_.c_str(), 0);
    }
    if (rc != 0) {
      if (errno == EEXIST) continue;
      return Status(ErrorCode::kIoError, Errno("rename attachment to " + name));
    }
    for (auto& c : created_) {
      if (c == file.temp_name_) c = name;
    }
    names_lower_.push_back(lower);
    file.temp_name_ = name;
    out.declared_name = std::string(declared);
    out.name = name;
    out.path = path_ / name;
    out.size = file.size();
    out.sha256 = file.Sha256Hex();
    return Status::Ok();
  }
  return Status(ErrorCode::kIoError, "no free name for attachment " + base);
}

void OutputDir::Remove(const std::string& name) {
  for (size_t i = 0; i < created_.size(); ++i) {
    if (created_[i] == name) {
      ::unlinkat(dirfd_, name.c_str(), 0);
      created_.erase(created_.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

void OutputDir::Discard() {
  for (const auto& name : created_) ::unlinkat(dirfd_, name.c_str(), 0);
  created_.clear();
  names_lower_.clear();
}

}  // namespace vanban::edxml_internal
