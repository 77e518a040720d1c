// The index directory, memory-mapped for reading, with inputs that searches can decode in place.
//
// Why not Lucene++'s MMapDirectory alone: its MMapIndexInput copies readBytes one byte at a
// time (MiscUtils::arrayCopy; 8 % of a 2–4-word search at 100,000 documents, perf), reads
// without bounds checks, and keeps lengths and positions in int32_t. MappedInput copies with
// memcpy, checks every read against the file's length (an IOException, "Read past EOF", as
// Lucene++'s other inputs throw), keeps 64-bit offsets, and gives the bulk readers of
// postings_eval.cc the mapped bytes themselves (Data), so a term's postings and positions are
// decoded where they lie instead of being copied out first.
#pragma once

#include <LuceneHeaders.h>

#include <IndexInput.h>
#include <MMapDirectory.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace vanban::index_internal {

// A read-only memory map of one whole file, shared by an input and its clones; unmapped with
// the last of them.
class MappedFile {
 public:
  // Throws Lucene::FileNotFoundException or Lucene::IOException.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const uint8_t* data() const { return data_; }
  int64_t size() const { return size_; }
  // Maps every page of the file into this process's page tables now, reading from disk what the
  // page cache does not hold (MADV_POPULATE_READ; on kernels before 5.14, a byte of each page is
  // read). False when the kernel refused (the error is left in errno).
  bool Populate() const;

 private:
  const uint8_t* data_ = nullptr;
  int64_t size_ = 0;
};

class MappedInput : public Lucene::IndexInput {
 public:
  explicit MappedInput(std::shared_ptr<const MappedFile> file);
  ~MappedInput() override;
  using String = Lucene::String;  // LUCENE_CLASS expects it unqualified
  LUCENE_CLASS(MappedInput);

  uint8_t readByte() override;
  void readBytes(uint8_t* b, int32_t offset, int32_t length) override;
  using Lucene::IndexInput::readBytes;
  int64_t getFilePointer() override { return position_; }
  void seek(int64_t pos) override { position_ = pos; }
  int64_t length() override { return file_ ? file_->size() : 0; }
  void close() override;
  Lucene::LuceneObjectPtr clone(const Lucene::LuceneObjectPtr& other) override;

  // The whole file (null when it is empty or the input closed); valid while this input is.
  const uint8_t* Data() const { return file_ ? file_->data() : nullptr; }

 private:
  std::shared_ptr<const MappedFile> file_;
  int64_t position_ = 0;
};

// The bytes of the file `in` reads, from its offset 0, where they lie in memory: those of a
// MappedInput, or of a file inside a compound file (.cfs: Lucene++'s CSIndexInput, a window
// of the compound file's input) that MappedDirectory mapped; null for any other input. Valid
// while `in` is open; in->length() bytes.
const uint8_t* MappedBytes(Lucene::IndexInput* in);

class MappedDirectory : public Lucene::MMapDirectory {
 public:
  MappedDirectory(const Lucene::String& path, const Lucene::LockFactoryPtr& lock_factory);
  ~MappedDirectory() override;
  using String = Lucene::String;
  LUCENE_CLASS(MappedDirectory);

  using Lucene::MMapDirectory::openInput;
  Lucene::IndexInputPtr openInput(const Lucene::String& name, int32_t buffer_size) override;

  // The files this directory has mapped and that an input still holds: a reader's segments.
  std::vector<std::shared_ptr<const MappedFile>> OpenFiles() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::weak_ptr<const MappedFile>> files_;  // expired ones dropped on open
};

// MemAvailable of /proc/meminfo in bytes, or -1 when it cannot be read.
int64_t MemAvailableBytes();

}  // namespace vanban::index_internal
