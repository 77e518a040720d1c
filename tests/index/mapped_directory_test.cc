// index/src/mapped_directory.h: the memory-mapped directory the index is read through.
#include "mapped_directory.h"

#include <gtest/gtest.h>

#include <CompoundFileReader.h>
#include <CompoundFileWriter.h>
#include <FSDirectory.h>
#include <IndexOutput.h>
#include <NoLockFactory.h>
#include <SimpleFSDirectory.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include "support/temp_dir.h"

namespace vanban::index_internal {
namespace {

class MappedDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = Lucene::newLucene<MappedDirectory>(dir_.path().wstring(),
                                                    Lucene::NoLockFactory::getNoLockFactory());
    // Written through the directory, as the index writer writes.
    Lucene::IndexOutputPtr out = directory_->createOutput(L"data");
    for (int i = 0; i < 1000; ++i) out->writeByte(static_cast<uint8_t>(i * 7));
    out->writeVInt(300);
    out->close();
    directory_->createOutput(L"empty")->close();
  }

  testing::TempDir dir_{"mapped-directory"};
  Lucene::DirectoryPtr directory_;
};

TEST_F(MappedDirectoryTest, ReadsWhatWasWritten) {
  Lucene::IndexInputPtr in = directory_->openInput(L"data");
  ASSERT_EQ(in->length(), 1002);
  EXPECT_EQ(in->readByte(), 0);
  EXPECT_EQ(in->readByte(), 7);
  std::vector<uint8_t> bytes(500);
  in->seek(100);
  in->readBytes(bytes.data(), 0, 500);
  for (int i = 0; i < 500; ++i) ASSERT_EQ(bytes[static_cast<size_t>(i)], (100 + i) * 7 % 256);
  EXPECT_EQ(in->getFilePointer(), 600);
  in->seek(1000);
  EXPECT_EQ(in->readVInt(), 300);
  // The mapped bytes themselves, for the readers that decode in place.
  auto* mapped = dynamic_cast<MappedInput*>(in.get());
  ASSERT_NE(mapped, nullptr);
  ASSERT_NE(mapped->Data(), nullptr);
  EXPECT_EQ(mapped->Data()[999], 999 * 7 % 256);
}

// Lucene++'s MMapIndexInput reads past the end without a check; this one throws, as the
// other inputs do.
TEST_F(MappedDirectoryTest, ReadingPastTheEndThrows) {
  Lucene::IndexInputPtr in = directory_->openInput(L"data");
  std::vector<uint8_t> bytes(10);
  in->seek(995);
  EXPECT_THROW(in->readBytes(bytes.data(), 0, 10), Lucene::IOException);
  in->seek(1002);
  EXPECT_THROW(in->readByte(), Lucene::IOException);
  in->seek(-1);
  EXPECT_THROW(in->readByte(), Lucene::IOException);
  Lucene::IndexInputPtr empty = directory_->openInput(L"empty");
  EXPECT_EQ(empty->length(), 0);
  EXPECT_THROW(empty->readByte(), Lucene::IOException);
  EXPECT_THROW(directory_->openInput(L"missing"), Lucene::FileNotFoundException);
}

// Clones share the map, not the position, and outlive the input they were cloned from.
TEST_F(MappedDirectoryTest, ClonesKeepTheirOwnPosition) {
  Lucene::IndexInputPtr in = directory_->openInput(L"data");
  in->seek(10);
  auto clone = boost::dynamic_pointer_cast<Lucene::IndexInput>(in->clone());
  ASSERT_TRUE(clone);
  EXPECT_EQ(clone->getFilePointer(), 10);
  EXPECT_EQ(clone->readByte(), 70);
  EXPECT_EQ(in->getFilePointer(), 10);
  in->close();
  in.reset();
  EXPECT_EQ(clone->readByte(), 77);
}

// Most segments of a large index are compound files (.cfs): the postings readers decode a
// file inside one where it lies in the compound file's map, not through a copy.
TEST_F(MappedDirectoryTest, FilesInsideACompoundFileAreMappedBytes) {
  Lucene::IndexOutputPtr out = directory_->createOutput(L"other");
  for (int i = 0; i < 300; ++i) out->writeByte(static_cast<uint8_t>(i * 3));
  out->close();
  auto writer = Lucene::newLucene<Lucene::CompoundFileWriter>(directory_, L"both.cfs");
  writer->addFile(L"data");
  writer->addFile(L"other");
  writer->close();

  auto reader = Lucene::newLucene<Lucene::CompoundFileReader>(directory_, L"both.cfs");
  for (const auto& [name, length, step] : {std::tuple{L"data", 1002, 7}, {L"other", 300, 3}}) {
    Lucene::IndexInputPtr in = reader->openInput(name);
    ASSERT_EQ(in->length(), length);
    const uint8_t* bytes = MappedBytes(in.get());
    ASSERT_NE(bytes, nullptr) << "a file inside a mapped compound file";
    for (int i = 0; i < (length == 1002 ? 1000 : length); ++i) {
      ASSERT_EQ(bytes[i], i * step % 256) << "byte " << i;
    }
    in->seek(length - 5);
    EXPECT_EQ(in->readByte(), bytes[length - 5]);
  }
  EXPECT_NE(MappedBytes(directory_->openInput(L"data").get()), nullptr);

  // The same compound file through a directory that is not mapped: no bytes to read in place.
  Lucene::DirectoryPtr plain = Lucene::newLucene<Lucene::SimpleFSDirectory>(dir_.path().wstring());
  auto plain_reader = Lucene::newLucene<Lucene::CompoundFileReader>(plain, L"both.cfs");
  EXPECT_EQ(MappedBytes(plain_reader->openInput(L"other").get()), nullptr);
  EXPECT_EQ(MappedBytes(plain->openInput(L"data").get()), nullptr);
}

}  // namespace
}  // namespace vanban::index_internal
