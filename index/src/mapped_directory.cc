#include "mapped_directory.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>

#include <CompoundFileReader.h>
#include <FileUtils.h>

#include "lucene_util.h"

namespace vanban::index_internal {

const uint8_t* MappedBytes(Lucene::IndexInput* in) {
  if (auto* mapped = dynamic_cast<MappedInput*>(in)) return mapped->Data();
  auto* window = dynamic_cast<Lucene::CSIndexInput*>(in);
  if (window == nullptr) return nullptr;
  auto* mapped = dynamic_cast<MappedInput*>(window->base.get());
  if (mapped == nullptr || mapped->Data() == nullptr || window->fileOffset < 0 ||
      window->_length < 0 || window->_length > mapped->length() - window->fileOffset) {
    return nullptr;
  }
  return mapped->Data() + window->fileOffset;
}

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) boost::throw_exception(Lucene::FileNotFoundException(ToLucene(path)));
    boost::throw_exception(Lucene::IOException(ToLucene(path + ": " + std::strerror(err))));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    boost::throw_exception(Lucene::IOException(ToLucene(path + ": " + std::strerror(err))));
  }
  size_ = static_cast<int64_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(size_), PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      boost::throw_exception(
          Lucene::IOException(ToLucene(path + ": cannot map: " + std::strerror(err))));
    }
    data_ = static_cast<const uint8_t*>(p);
  }
  ::close(fd);  // the mapping stays
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), static_cast<size_t>(size_));
}

bool MappedFile::Populate() const {
  if (data_ == nullptr) return true;
#ifndef MADV_POPULATE_READ
  constexpr int MADV_POPULATE_READ = 22;  // Linux 5.14
#endif
  if (::madvise(const_cast<uint8_t*>(data_), static_cast<size_t>(size_), MADV_POPULATE_READ) == 0) {
    return true;
  }
  if (errno != EINVAL) return false;
  // A kernel without MADV_POPULATE_READ: a read of each page maps it as well.
  const auto page = static_cast<int64_t>(::sysconf(_SC_PAGESIZE));
  uint8_t sum = 0;
  for (int64_t at = 0; at < size_; at += page)
    sum ^= *static_cast<const volatile uint8_t*>(data_ + at);
  static_cast<void>(sum);
  return true;
}

int64_t MemAvailableBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t kb = 0;
  std::string unit;
  while (in >> key >> kb) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return kb * 1024;
  }
  return -1;
}

MappedInput::MappedInput(std::shared_ptr<const MappedFile> file) : file_(std::move(file)) {}
MappedInput::~MappedInput() = default;

uint8_t MappedInput::readByte() {
  if (!file_ || position_ < 0 || position_ >= file_->size()) {
    boost::throw_exception(Lucene::IOException(L"Read past EOF"));
  }
  return file_->data()[position_++];
}

void MappedInput::readBytes(uint8_t* b, int32_t offset, int32_t length) {
  if (length <= 0) return;
  if (!file_ || position_ < 0 || offset < 0 || length > file_->size() - position_) {
    boost::throw_exception(Lucene::IOException(L"Read past EOF"));
  }
  std::memcpy(b + offset, file_->data() + position_, static_cast<size_t>(length));
  position_ += length;
}

void MappedInput::close() {
  // As MMapIndexInput: clones share the map, which goes with the last of them.
  file_.reset();
  position_ = 0;
}

Lucene::LuceneObjectPtr MappedInput::clone(const Lucene::LuceneObjectPtr& other) {
  if (!file_) boost::throw_exception(Lucene::AlreadyClosedException(L"MappedInput already closed"));
  Lucene::LuceneObjectPtr copy =
      Lucene::IndexInput::clone(other ? other : Lucene::newLucene<MappedInput>(file_));
  auto input = boost::dynamic_pointer_cast<MappedInput>(copy);
  input->file_ = file_;
  input->position_ = position_;
  return input;
}

MappedDirectory::MappedDirectory(const Lucene::String& path,
                                 const Lucene::LockFactoryPtr& lock_factory)
    : Lucene::MMapDirectory(path, lock_factory) {}
MappedDirectory::~MappedDirectory() = default;

Lucene::IndexInputPtr MappedDirectory::openInput(const Lucene::String& name, int32_t) {
  ensureOpen();
  const std::string path = FromLuceneUtf8(Lucene::FileUtils::joinPath(directory, name));
  auto file = std::make_shared<const MappedFile>(path);
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::erase_if(files_, [](const auto& f) { return f.expired(); });
    files_.push_back(file);
  }
  return Lucene::newLucene<MappedInput>(std::move(file));
}

std::vector<std::shared_ptr<const MappedFile>> MappedDirectory::OpenFiles() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<const MappedFile>> out;
  for (const auto& f : files_) {
    if (auto file = f.lock()) out.push_back(std::move(file));
  }
  return out;
}

}  // namespace vanban::index_internal
