#include "office_package.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace vanban::office {
namespace {

namespace fs = std::filesystem;

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string ArchiveError(archive* a) {
  const char* e = archive_error_string(a);
  std::string s = e != nullptr ? e : "unknown libarchive error";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Small parts that say what the package is; anything longer is not one of them.
constexpr size_t kMaxKeptPart = 1 << 20;

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

Result<PackageInfo> InspectZipPackage(const fs::path& path, const OfficeLimits& limits) {
  std::error_code ec;
  const int64_t file_size = static_cast<int64_t>(fs::file_size(path, ec));
  if (ec) return Status(ErrorCode::kIoError, "size of " + path.string() + ": " + ec.message());
  std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
  if (!a) return Status(ErrorCode::kInternal, "archive_read_new failed");
  // The seekable reader takes names and sizes from the central directory, as LibreOffice
  // does, rather than from the local headers a forger may make disagree with it.
  archive_read_support_format_zip_seekable(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    return Status(ErrorCode::kCorrupt, "not a readable ZIP package: " + ArchiveError(a.get()));
  }
  PackageInfo info;
  int64_t declared = 0;
  std::string content_types, mimetype, manifest;
  std::vector<char> buf(64 * 1024);
  auto too_large = [&](const std::string& what) {
    return Status(ErrorCode::kTooLarge, "ZIP package refused before conversion: " + what);
  };
  auto ratio_exceeded = [&](int64_t bytes) {
    return bytes > limits.ratio_floor && bytes / std::max<int64_t>(file_size, 1) > limits.max_ratio;
  };
  for (;;) {
    archive_entry* entry = nullptr;
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) {
      return Status(ErrorCode::kCorrupt, "damaged ZIP package: " + ArchiveError(a.get()));
    }
    if (++info.entries > limits.max_entries) {
      return too_large("more than " + std::to_string(limits.max_entries) + " entries");
    }
    const char* raw_name = archive_entry_pathname(entry);
    std::string name = raw_name != nullptr ? raw_name : "";
    if (archive_entry_size_is_set(entry)) {
      declared += archive_entry_size(entry);
      if (declared > limits.max_uncompressed) {
        return too_large("its entries declare " + std::to_string(declared >> 20) +
                         " MiB uncompressed (limit " +
                         std::to_string(limits.max_uncompressed >> 20) + " MiB)");
      }
      if (ratio_exceeded(declared)) {
        return too_large("its entries declare " + std::to_string(declared >> 20) + " MiB from a " +
                         std::to_string(file_size >> 10) + " KiB file (compression ratio over " +
                         std::to_string(limits.max_ratio) + ")");
      }
    }
    std::string* keep = nullptr;
    if (name == "[Content_Types].xml") keep = &content_types;
    if (name == "mimetype") keep = &mimetype;
    if (name == "META-INF/manifest.xml") keep = &manifest;
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n == 0) break;
      if (n < 0) {
        return Status(ErrorCode::kCorrupt,
                      "damaged ZIP entry " + name + ": " + ArchiveError(a.get()));
      }
      info.uncompressed += n;
      if (info.uncompressed > limits.max_uncompressed) {
        return too_large("it inflates past " + std::to_string(limits.max_uncompressed >> 20) +
                         " MiB (at entry " + name + ")");
      }
      if (ratio_exceeded(info.uncompressed)) {
        return too_large("it inflates to over " + std::to_string(limits.max_ratio) +
                         " times its size (at entry " + name + ")");
      }
      if (keep != nullptr && keep->size() < kMaxKeptPart) {
        keep->append(buf.data(), static_cast<size_t>(n));
      }
    }
  }
  if (!mimetype.empty()) {
    while (!mimetype.empty() && (mimetype.back() == '\n' || mimetype.back() == '\r'))
      mimetype.pop_back();
    info.what = "ODF " + mimetype;
    if (mimetype.rfind("application/vnd.oasis.opendocument.text", 0) == 0) {
      info.kind = PackageKind::kOdfText;
    }
    if (Contains(manifest, "encryption-data")) info.encrypted = true;
  } else if (!content_types.empty()) {
    info.what = "OOXML";
    // The main part's content type (not its name, which producers vary) says what it is:
    // ...wordprocessingml.document.main+xml, ...template.main+xml, ms-word.document.macroEnabled...
    if (Contains(content_types, "wordprocessingml.document.main+xml") ||
        Contains(content_types, "wordprocessingml.template.main+xml") ||
        Contains(content_types, "application/vnd.ms-word.")) {
      info.kind = PackageKind::kWordprocessingMl;
      info.what = "OOXML wordprocessingml";
    }
  } else {
    info.what = "ZIP archive";
  }
  return info;
}

namespace {

constexpr std::array<unsigned char, 8> kCfbMagic = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
constexpr uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr uint32_t kMaxRegularSector = 0xFFFFFFFA;

uint16_t Le16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t Le32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

// Just enough of MS-CFB to list the directory and read the head of one stream. Every sector
// number is bounds-checked and every chain is cut at the number of sectors the file can hold,
// so a damaged or hostile file ends in kCorrupt, never in a loop or a read out of bounds.
class CfbReader {
 public:
  explicit CfbReader(int fd, int64_t size) : fd_(fd), size_(size) {}

  Status Open() {
    unsigned char h[512];
    if (!ReadAt(0, h, sizeof h)) return Corrupt("header cut short");
    if (std::memcmp(h, kCfbMagic.data(), kCfbMagic.size()) != 0) {
      return Status(ErrorCode::kUnsupportedFormat, "not a Compound File");
    }
    uint16_t sector_shift = Le16(h + 0x1E);
    uint16_t mini_shift = Le16(h + 0x20);
    if (sector_shift != 9 && sector_shift != 12) return Corrupt("bad sector size");
    if (mini_shift != 6) return Corrupt("bad mini sector size");
    sector_size_ = uint32_t{1} << sector_shift;
    max_sectors_ =
        static_cast<uint32_t>(std::min<int64_t>(size_ / sector_size_ + 1, kMaxRegularSector));
    first_dir_ = Le32(h + 0x30);
    mini_cutoff_ = Le32(h + 0x38);
    first_minifat_ = Le32(h + 0x3C);
    uint32_t difat_next = Le32(h + 0x44);
    uint32_t num_difat = Le32(h + 0x48);
    for (int i = 0; i < 109; ++i) {
      uint32_t s = Le32(h + 0x4C + 4 * i);
      if (s <= kMaxRegularSector) fat_sectors_.push_back(s);
    }
    std::vector<unsigned char> sec(sector_size_);
    for (uint32_t i = 0; i < num_difat && difat_next <= kMaxRegularSector; ++i) {
      if (i > max_sectors_ || !ReadSector(difat_next, sec.data()))
        return Corrupt("bad DIFAT chain");
      for (uint32_t k = 0; k + 1 < sector_size_ / 4; ++k) {
        uint32_t s = Le32(sec.data() + 4 * k);
        if (s <= kMaxRegularSector) fat_sectors_.push_back(s);
      }
      difat_next = Le32(sec.data() + sector_size_ - 4);
    }
    return Status::Ok();
  }

  struct DirEntry {
    std::u16string name;
    uint8_t type = 0;  // 1 storage, 2 stream, 5 root
    uint32_t start = 0;
    uint64_t size = 0;
  };

  Result<std::vector<DirEntry>> Directory() {
    auto chain = Chain(first_dir_);
    if (!chain.ok()) return chain.status();
    std::vector<DirEntry> out;
    std::vector<unsigned char> sec(sector_size_);
    for (uint32_t s : *chain) {
      if (!ReadSector(s, sec.data())) return Corrupt("directory sector out of the file");
      for (uint32_t off = 0; off + 128 <= sector_size_; off += 128) {
        const unsigned char* e = sec.data() + off;
        DirEntry d;
        uint16_t name_bytes = std::min<uint16_t>(Le16(e + 0x40), 64);
        for (uint16_t i = 0; i + 1 < name_bytes; i += 2) {
          char16_t c = static_cast<char16_t>(Le16(e + i));
          if (c == 0) break;
          d.name += c;
        }
        d.type = e[0x42];
        d.start = Le32(e + 0x74);
        d.size = static_cast<uint64_t>(Le32(e + 0x78)) |
                 (sector_size_ == 4096 ? static_cast<uint64_t>(Le32(e + 0x7C)) << 32 : 0);
        out.push_back(std::move(d));
      }
    }
    return out;
  }

  // The first `n` bytes of a stream (fewer if it is shorter).
  Result<std::string> StreamHead(const DirEntry& e, const DirEntry& root, size_t n) {
    n = static_cast<size_t>(std::min<uint64_t>(n, e.size));
    std::string out;
    if (e.size < mini_cutoff_) {
      // In the mini stream: 64-byte sectors inside the root entry's chain, chained by the
      // mini FAT.
      auto stream_chain = Chain(root.start);
      if (!stream_chain.ok()) return stream_chain.status();
      uint32_t mini = e.start;
      for (uint32_t hops = 0; out.size() < n; ++hops) {
        if (mini > kMaxRegularSector || hops > max_sectors_ * (sector_size_ / 64)) {
          return Corrupt("bad mini stream chain");
        }
        uint64_t pos = uint64_t{mini} * 64;
        size_t idx = static_cast<size_t>(pos / sector_size_);
        if (idx >= stream_chain->size()) return Corrupt("mini sector outside the mini stream");
        unsigned char chunk[64];
        int64_t off = SectorOffset((*stream_chain)[idx]) + static_cast<int64_t>(pos % sector_size_);
        if (!ReadAt(off, chunk, 64)) return Corrupt("mini sector out of the file");
        out.append(reinterpret_cast<char*>(chunk), std::min<size_t>(64, n - out.size()));
        auto next = MiniFatNext(mini);
        if (!next.ok()) return next.status();
        mini = *next;
      }
      return out;
    }
    std::vector<unsigned char> sec(sector_size_);
    uint32_t s = e.start;
    for (uint32_t hops = 0; out.size() < n; ++hops) {
      if (s > kMaxRegularSector || hops > max_sectors_ || !ReadSector(s, sec.data())) {
        return Corrupt("bad stream chain");
      }
      out.append(reinterpret_cast<char*>(sec.data()),
                 std::min<size_t>(sector_size_, n - out.size()));
      auto next = FatNext(s);
      if (!next.ok()) return next.status();
      s = *next;
    }
    return out;
  }

 private:
  static Status Corrupt(const std::string& why) {
    return Status(ErrorCode::kCorrupt, "damaged Compound File: " + why);
  }

  int64_t SectorOffset(uint32_t s) const { return (int64_t{s} + 1) * sector_size_; }

  bool ReadAt(int64_t off, unsigned char* out, size_t n) const {
    if (off < 0 || off + static_cast<int64_t>(n) > size_) return false;
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out + done, n - done, off + static_cast<int64_t>(done));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      done += static_cast<size_t>(r);
    }
    return true;
  }

  bool ReadSector(uint32_t s, unsigned char* out) const {
    return s <= kMaxRegularSector && ReadAt(SectorOffset(s), out, sector_size_);
  }

  Result<uint32_t> FatNext(uint32_t s) const {
    uint32_t per = sector_size_ / 4;
    size_t idx = s / per;
    if (idx >= fat_sectors_.size()) return Corrupt("sector beyond the FAT");
    unsigned char b[4];
    if (!ReadAt(SectorOffset(fat_sectors_[idx]) + 4 * (s % per), b, 4)) {
      return Corrupt("FAT sector out of the file");
    }
    return Le32(b);
  }

  Result<uint32_t> MiniFatNext(uint32_t mini) const {
    uint32_t per = sector_size_ / 4;
    uint32_t s = first_minifat_;
    for (uint32_t i = 0; i < mini / per; ++i) {
      auto next = FatNext(s);
      if (!next.ok()) return next.status();
      s = *next;
      if (s > kMaxRegularSector || i > max_sectors_) return Corrupt("bad mini FAT chain");
    }
    unsigned char b[4];
    if (s > kMaxRegularSector || !ReadAt(SectorOffset(s) + 4 * (mini % per), b, 4)) {
      return Corrupt("mini FAT sector out of the file");
    }
    return Le32(b);
  }

  Result<std::vector<uint32_t>> Chain(uint32_t start) const {
    std::vector<uint32_t> out;
    for (uint32_t s = start; s != kEndOfChain;) {
      if (s > kMaxRegularSector || out.size() > max_sectors_) return Corrupt("bad sector chain");
      out.push_back(s);
      auto next = FatNext(s);
      if (!next.ok()) return next.status();
      s = *next;
    }
    return out;
  }

  int fd_;
  int64_t size_;
  uint32_t sector_size_ = 512;
  uint32_t max_sectors_ = 0;
  uint32_t first_dir_ = kEndOfChain;
  uint32_t mini_cutoff_ = 4096;
  uint32_t first_minifat_ = kEndOfChain;
  std::vector<uint32_t> fat_sectors_;
};

}  // namespace

Result<CfbKind> InspectCfb(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status(ErrorCode::kIoError, "open " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  ::fstat(fd, &st);
  CfbReader reader(fd, st.st_size);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  VANBAN_RETURN_IF_ERROR(reader.Open());
  auto dir = reader.Directory();
  if (!dir.ok()) return dir.status();
  if (dir->empty() || (*dir)[0].type != 5) {
    return Status(ErrorCode::kCorrupt, "damaged Compound File: no root entry");
  }
  const CfbReader::DirEntry* word = nullptr;
  for (const auto& e : *dir) {
    if (e.type != 2) continue;
    if (e.name == u"EncryptedPackage") return CfbKind::kEncryptedOoxml;
    if (e.name == u"WordDocument") word = &e;
  }
  if (word == nullptr) return CfbKind::kOther;
  // The FIB opens the WordDocument stream: wIdent 0xA5EC, then at 0x0A the flags word whose
  // bit 0x0100 is fEncrypted (MS-DOC 2.5.2).
  auto head = reader.StreamHead(*word, (*dir)[0], 12);
  if (!head.ok()) return head.status();
  if (head->size() < 12) return Status(ErrorCode::kCorrupt, "damaged Word document: FIB cut short");
  const auto* fib = reinterpret_cast<const unsigned char*>(head->data());
  if (Le16(fib) != 0xA5EC) {
    return Status(ErrorCode::kCorrupt, "damaged Word document: no FIB in the WordDocument stream");
  }
  return (Le16(fib + 0x0A) & 0x0100) != 0 ? CfbKind::kWordEncrypted : CfbKind::kWord;
}

}  // namespace vanban::office
