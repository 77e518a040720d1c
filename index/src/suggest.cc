#include "suggest.h"

// Lucene++'s other headers rely on what LuceneHeaders.h declares: keep it first.
#include <LuceneHeaders.h>

#include <BooleanQuery.h>
#include <PrefixQuery.h>
#include <TermQuery.h>

#include <algorithm>
#include <set>

#include "document_number.h"
#include "fields.h"
#include "lucene_util.h"
#include "text_tokens.h"
#include "vanban/convert/text.h"

namespace vanban::index_internal {
namespace {

using Lucene::BooleanClause;
using Lucene::newLucene;

// Number terms looked at before giving up (terms of deleted documents have no live docs).
constexpr int kMaxNumberTerms = 1000;
// Title hits ranked before the "starts with" ones are moved first and duplicates dropped.
constexpr int kTitleCandidates = 200;
// Makes a title that starts with the input outrank one that merely contains its words.
constexpr double kStartBoost = 100.0;

bool IsDash(char32_t c) { return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == U'-'; }

std::u32string JoinFolded(const std::vector<std::u32string>& words) {
  std::u32string out;
  for (const auto& w : words) {
    if (!out.empty()) out += U' ';
    out += w;
  }
  return out;
}

void SuggestNumbers(const Lucene::IndexSearcherPtr& searcher, const std::string& key, int limit,
                    std::vector<Suggestion>* out) {
  if (key.empty()) return;
  const Lucene::IndexReaderPtr reader = searcher->getIndexReader();
  const Lucene::String prefix = ToLucene(key);
  const Lucene::String field = kFieldNumberFull;
  Lucene::TermEnumPtr te = reader->terms(newLucene<Lucene::Term>(field, prefix));
  Lucene::TermDocsPtr td = reader->termDocs();
  int terms = 0;
  do {
    Lucene::TermPtr t = te->term();
    if (!t || t->field() != field || t->text().compare(0, prefix.size(), prefix) != 0) break;
    td->seek(te);
    while (td->next() && static_cast<int>(out->size()) < limit) {
      Lucene::DocumentPtr d = searcher->doc(td->doc());
      Suggestion s;
      s.text = FromLuceneUtf8(d->get(kFieldNumber));
      s.doc_id = std::stoll(FromLuceneUtf8(d->get(kFieldId)));
      s.kind = "number";
      if (!s.text.empty()) out->push_back(std::move(s));
    }
  } while (static_cast<int>(out->size()) < limit && ++terms < kMaxNumberTerms && te->next());
  td->close();
  te->close();
}

void SuggestTitles(const Lucene::IndexSearcherPtr& searcher, std::u32string_view input, int limit,
                   std::vector<Suggestion>* out) {
  std::vector<std::u32string> words = TokenTerms(input, TermForm::kFolded);
  if (words.empty()) return;
  if (words.size() > kMaxSuggestWords) words.resize(kMaxSuggestWords);
  // The last word is still being typed unless the input ends after it.
  const bool last_is_prefix =
      words.size() < kMaxSuggestWords && !input.empty() && IsTokenChar(input.back());

  auto query = newLucene<Lucene::BooleanQuery>();
  for (size_t i = 0; i < words.size(); ++i) {
    auto term = newLucene<Lucene::Term>(kFieldTitleFolded, ToLucene(words[i]));
    if (i + 1 == words.size() && last_is_prefix) {
      query->add(newLucene<Lucene::PrefixQuery>(term), BooleanClause::MUST);
    } else {
      query->add(newLucene<Lucene::TermQuery>(term), BooleanClause::MUST);
    }
  }
  std::u32string start = JoinFolded(words);
  if (!last_is_prefix) start += U' ';
  auto starts = newLucene<Lucene::PrefixQuery>(
      newLucene<Lucene::Term>(kFieldTitleStart, ToLucene(std::u32string_view(start))));
  starts->setBoost(kStartBoost);
  query->add(starts, BooleanClause::SHOULD);

  Lucene::TopDocsPtr top = searcher->search(query, kTitleCandidates);
  struct Candidate {
    bool starts = false;
    Suggestion s;
  };
  std::vector<Candidate> found;
  for (int32_t i = 0; i < top->scoreDocs.size(); ++i) {
    Lucene::DocumentPtr d = searcher->doc(top->scoreDocs[i]->doc);
    Candidate c;
    c.s.text =
        SuggestionTitle(FromLuceneUtf8(d->get(kFieldType)), FromLuceneUtf8(d->get(kFieldSummary)));
    if (c.s.text.empty()) continue;
    c.s.doc_id = std::stoll(FromLuceneUtf8(d->get(kFieldId)));
    c.s.kind = "title";
    Lucene::String key = TitleStartKey(c.s.text);
    Lucene::String wanted = ToLucene(std::u32string_view(start));
    // title_s has no trailing space: a complete last word may end the title.
    if (!last_is_prefix && key.size() + 1 == wanted.size()) key += L' ';
    c.starts = key.compare(0, wanted.size(), wanted) == 0;
    found.push_back(std::move(c));
  }
  std::stable_partition(found.begin(), found.end(), [](const Candidate& c) { return c.starts; });
  std::set<std::string> seen;
  for (Candidate& c : found) {
    if (static_cast<int>(out->size()) >= limit) break;
    if (!seen.insert(c.s.text).second) continue;
    out->push_back(std::move(c.s));
  }
}

}  // namespace

std::string SuggestionTitle(const std::string& type_nfc, const std::string& summary_nfc) {
  if (summary_nfc.empty()) return {};
  if (type_nfc.empty()) return summary_nfc;
  return type_nfc + " " + summary_nfc;
}

Lucene::String TitleStartKey(const std::string& title_nfc) {
  std::u32string key = JoinFolded(TokenTerms(ToU32(title_nfc), TermForm::kFolded));
  if (key.size() > kMaxTitleStartChars) key.resize(kMaxTitleStartChars);
  return ToLucene(std::u32string_view(key));
}

std::vector<Suggestion> SuggestFrom(const Lucene::IndexSearcherPtr& searcher,
                                    std::string_view input, int limit) {
  // Cut before normalising so that a huge input stays cheap; a cut sequence is repaired.
  std::u32string text = ToU32(NormalizeNfc(input.substr(0, kMaxSuggestChars * 4)));
  if (text.size() > kMaxSuggestChars) text.resize(kMaxSuggestChars);
  for (char32_t& c : text) {
    if (IsBlank(c)) c = U' ';
  }
  std::vector<Suggestion> out;
  // Normalised as number keys are, but a trailing '/' or '-' is kept: "01/" must not find
  // "011/...".
  std::string key = NormalizeDocumentNumber(ToUtf8(text));
  size_t last = text.find_last_not_of(U' ');
  if (!key.empty() && last != std::u32string::npos) {
    if (text[last] == U'/') key += '/';
    if (IsDash(text[last])) key += '-';
  }
  SuggestNumbers(searcher, key, limit, &out);
  // A number being typed wants numbers; only without any are its parts looked for in titles.
  if (!out.empty() && LooksLikeDocumentNumber(key)) return out;
  if (static_cast<int>(out.size()) < limit) {
    std::vector<Suggestion> titles;
    SuggestTitles(searcher, text, limit - static_cast<int>(out.size()), &titles);
    for (Suggestion& s : titles) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace vanban::index_internal
