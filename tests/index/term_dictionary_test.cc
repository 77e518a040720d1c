// index/src/term_dictionary.h: a segment's term dictionary looked up in place must give every
// term the entry Lucene++ gives it, and find no term Lucene++ does not have.
#include "term_dictionary.h"

#include <gtest/gtest.h>

#include <LuceneHeaders.h>
#include <NoLockFactory.h>
#include <SegmentTermEnum.h>
#include <SimpleFSDirectory.h>
#include <TermInfo.h>
#include <WhitespaceAnalyzer.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mapped_directory.h"
#include "support/temp_dir.h"

namespace vanban::index_internal {
namespace {

using Lucene::newLucene;

// Words sharing prefixes of one, two, three and four UTF-8 bytes (ă, ầ, 𝔸: 2, 3 and 4
// bytes), so that the bytes a term shares with the one before it often end inside a
// character's bytes.
std::wstring Word(int i) {
  static const std::vector<std::wstring> heads = {L"a",  L"ă",  L"â",   L"ầ",  L"b",
                                                  L"đ",  L"đạ", L"𝔸",   L"𝔸𝔹", L"quy",
                                                  L"zz", L"0",  L"01/", L"ỹ",  L"ý"};
  static const std::vector<std::wstring> tails = {L"",  L"a", L"ấ", L"ư",  L"ươ",
                                                  L"𝔹", L"0", L"9", L"ng", L"nh"};
  return heads[static_cast<size_t>(i) % heads.size()] +
         tails[static_cast<size_t>(i / 15) % tails.size()] + std::to_wstring(i / 150);
}

class TermDictionaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = newLucene<MappedDirectory>(dir_.path().wstring(),
                                            Lucene::NoLockFactory::getNoLockFactory());
    // Three segments: a compound one, a plain one and a compound one with deletions. Words
    // 0..1,499 in four fields; word i is in about one document in i / 40 + 1, so the first
    // are in more than the skip interval's 16 documents (they have skip data), the last in a
    // few.
    for (int seg = 0; seg < 3; ++seg) {
      auto writer =
          newLucene<Lucene::IndexWriter>(directory_, newLucene<Lucene::WhitespaceAnalyzer>(),
                                         seg == 0, Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
      writer->setUseCompoundFile(seg != 1);
      for (int d = 0; d < 300; ++d) {
        auto doc = newLucene<Lucene::Document>();
        for (const wchar_t* field : {L"body", L"body_p", L"head", L"a"}) {
          std::wstring text;
          for (int i = 0; i < 1500; i += 1 + (d % 7)) {
            if ((d + seg) % (i / 40 + 1) == 0) text += Word(i + seg * 3) + L" ";
          }
          if (field[0] == L'a' && d % 2 == 0) continue;  // a field not in every document
          doc->add(newLucene<Lucene::Field>(field, text, Lucene::Field::STORE_NO,
                                            Lucene::Field::INDEX_ANALYZED));
        }
        doc->add(newLucene<Lucene::Field>(L"id", std::to_wstring(seg * 1000 + d),
                                          Lucene::Field::STORE_YES,
                                          Lucene::Field::INDEX_NOT_ANALYZED));
        writer->addDocument(doc);
      }
      if (seg == 2) {
        for (int d = 0; d < 300; d += 3) {
          writer->deleteDocuments(newLucene<Lucene::Term>(L"id", std::to_wstring(2000 + d)));
        }
      }
      writer->close();
    }
    reader_ = Lucene::IndexReader::open(directory_, true);
  }
  void TearDown() override { reader_->close(); }

  testing::TempDir dir_{"term-dictionary"};
  Lucene::DirectoryPtr directory_;
  Lucene::IndexReaderPtr reader_;
};

TEST_F(TermDictionaryTest, FindsEveryTermWithLucenesEntry) {
  // One segment per pass (300 documents each: one flush, and too few to merge).
  const Lucene::Collection<Lucene::IndexReaderPtr> segments = reader_->getSequentialSubReaders();
  ASSERT_EQ(segments.size(), 3);
  int64_t checked = 0;
  int64_t with_skips = 0;
  for (const Lucene::IndexReaderPtr& segment : segments) {
    const std::shared_ptr<const TermDictionary> dict = TermDictionary::Build(segment);
    ASSERT_NE(dict, nullptr);
    Lucene::TermEnumPtr terms = segment->terms();
    auto* st = dynamic_cast<Lucene::SegmentTermEnum*>(terms.get());
    ASSERT_NE(st, nullptr);
    int64_t count = 0;
    while (terms->next()) {
      const Lucene::TermPtr term = terms->term();
      const Lucene::TermInfoPtr want = st->termInfo();
      const auto got = dict->Find(term->field(), term->text());
      ASSERT_TRUE(got.has_value()) << Lucene::StringUtils::toUTF8(term->toString());
      EXPECT_EQ(got->doc_freq, want->docFreq);
      EXPECT_EQ(got->freq_pointer, want->freqPointer);
      EXPECT_EQ(got->prox_pointer, want->proxPointer);
      if (want->docFreq >= st->skipInterval) {
        EXPECT_EQ(got->skip_offset, want->skipOffset);
        ++with_skips;
      }
      // The object SegmentTermDocs is seeked with holds the same.
      const Lucene::TermInfoPtr made = dict->NewTermInfo(*got);
      EXPECT_EQ(made->docFreq, want->docFreq);
      EXPECT_EQ(made->freqPointer, want->freqPointer);
      ++count;
    }
    terms->close();
    EXPECT_EQ(count, dict->size());
    // More than one kept term: lookups go through the binary search and the scan.
    EXPECT_GT(count, 4 * TermDictionary::kInterval);
    checked += count;
  }
  EXPECT_GT(with_skips, 20);
  EXPECT_GT(checked, 1000);
}

TEST_F(TermDictionaryTest, FindsNoTermLuceneDoesNotHave) {
  for (const Lucene::IndexReaderPtr& segment : reader_->getSequentialSubReaders()) {
    const std::shared_ptr<const TermDictionary> dict = TermDictionary::Build(segment);
    ASSERT_NE(dict, nullptr);
    std::set<std::pair<std::wstring, std::wstring>> present;
    Lucene::TermEnumPtr terms = segment->terms();
    while (terms->next()) present.emplace(terms->term()->field(), terms->term()->text());
    terms->close();
    std::vector<std::pair<std::wstring, std::wstring>> probes = {
        {L"body", L""},           {L"a", L""},      {L"", L"a"},
        {L"missing", L"a"},       {L"aa", L"a"},    {L"zzzz", L"zz"},
        {L"body", L"\U0010FFFF"}, {L"id", L"99999"}};
    for (const auto& [field, text] : present) {
      probes.emplace_back(field, text + L"\x01");
      probes.emplace_back(field, text + L"ư");
      probes.emplace_back(field, text.substr(0, text.size() - 1));
      probes.emplace_back(field + L"_", text);
      probes.emplace_back(field.substr(0, field.size() - 1), text);
    }
    int absent = 0;
    for (const auto& [field, text] : probes) {
      const bool want = present.count({field, text}) != 0;
      const auto got = dict->Find(field, text);
      EXPECT_EQ(got.has_value(), want) << Lucene::StringUtils::toUTF8(field + L":" + text);
      // And Lucene agrees.
      EXPECT_EQ(segment->docFreq(newLucene<Lucene::Term>(field, text)), got ? got->doc_freq : 0);
      absent += want ? 0 : 1;
    }
    EXPECT_GT(absent, 1000);
  }
}

// A dictionary that is not memory-mapped is not read in place: the caller uses Lucene's.
TEST_F(TermDictionaryTest, NotMappedIsNotReadInPlace) {
  auto plain = newLucene<Lucene::SimpleFSDirectory>(dir_.path().wstring(),
                                                    Lucene::NoLockFactory::getNoLockFactory());
  Lucene::IndexReaderPtr reader = Lucene::IndexReader::open(plain, true);
  for (const Lucene::IndexReaderPtr& segment : reader->getSequentialSubReaders()) {
    EXPECT_EQ(TermDictionary::Build(segment), nullptr);
  }
  EXPECT_EQ(TermDictionary::Build(reader), nullptr);  // not a segment
  reader->close();
}

}  // namespace
}  // namespace vanban::index_internal
