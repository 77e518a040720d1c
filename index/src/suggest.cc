#include "suggest.h"

// Lucene++'s other headers rely on what LuceneHeaders.h declares: keep it first.
#include <LuceneHeaders.h>

#include <BooleanQuery.h>
#include <MapFieldSelector.h>
#include <PrefixQuery.h>
#include <TermQuery.h>

#include <algorithm>
#include <optional>
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
// Titles looked at that start with the input (terms of title_s, a document each), and hits
// (by score) of the search for titles that hold its words.
constexpr int kTitleCandidates = 200;
// Titles that start with the input are suggested one per run that shares the input's words and
// this many more.
constexpr size_t kGroupWords = 3;

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

// The stored fields a title suggestion needs; the others (the body text above all) are not read.
Lucene::FieldSelectorPtr TitleFields() {
  Lucene::Collection<Lucene::String> fields = Lucene::Collection<Lucene::String>::newInstance();
  for (const wchar_t* f : {kFieldType, kFieldSummary, kFieldId}) fields.add(f);
  return newLucene<Lucene::MapFieldSelector>(fields);
}

struct TitleCandidate {
  bool starts = false;
  Suggestion s;
};

// The suggestion of document `doc`, or none (no summary).
std::optional<TitleCandidate> TitleOf(const Lucene::IndexSearcherPtr& searcher, int32_t doc,
                                      const Lucene::FieldSelectorPtr& fields,
                                      std::u32string_view start, bool last_is_prefix) {
  Lucene::DocumentPtr d = searcher->doc(doc, fields);
  TitleCandidate c;
  c.s.text =
      SuggestionTitle(FromLuceneUtf8(d->get(kFieldType)), FromLuceneUtf8(d->get(kFieldSummary)));
  if (c.s.text.empty()) return std::nullopt;
  c.s.doc_id = std::stoll(FromLuceneUtf8(d->get(kFieldId)));
  c.s.kind = "title";
  Lucene::String key = TitleStartKey(c.s.text);
  Lucene::String wanted = ToLucene(start);
  // title_s has no trailing space: a complete last word may end the title.
  if (!last_is_prefix && key.size() + 1 == wanted.size()) key += L' ';
  c.starts = key.compare(0, wanted.size(), wanted) == 0;
  return c;
}

void SuggestTitles(const Lucene::IndexSearcherPtr& searcher, std::u32string_view input, int limit,
                   std::vector<Suggestion>* out) {
  std::vector<std::u32string> words = TokenTerms(input, TermForm::kFolded);
  if (words.empty()) return;
  if (words.size() > kMaxSuggestWords) words.resize(kMaxSuggestWords);
  // The last word is still being typed unless the input ends after it.
  const bool last_is_prefix =
      words.size() < kMaxSuggestWords && !input.empty() && IsTokenChar(input.back());
  std::u32string start = JoinFolded(words);
  if (!last_is_prefix) start += U' ';
  const Lucene::FieldSelectorPtr fields = TitleFields();
  std::set<std::string> seen;
  auto offer = [&](TitleCandidate c) {
    if (static_cast<int>(out->size()) < limit && seen.insert(c.s.text).second) {
      out->push_back(std::move(c.s));
    }
  };

  // 1. Titles that start with the input, in the order of their folded text (title_s), one per
  //    run of titles that share the input's words and the kGroupWords after them ("Quyết định
  //    Ban hành Quy định an toàn thông tin mạng trên địa bàn …" is one title of many that only
  //    their place names tell apart): after one of a run the enumeration starts again past the
  //    run. A PrefixQuery on title_s expanded every title that starts with the input (a letter
  //    or two: most of the index) into a filter before the search, 1–2 s at 1,000,000
  //    documents (docs/performance.md, "Eighth session").
  const Lucene::IndexReaderPtr reader = searcher->getIndexReader();
  const Lucene::String field = kFieldTitleStart;
  const Lucene::String prefix = ToLucene(std::u32string_view(start));
  // title_s ends without a space: "quyet dinh " (a complete word) also starts "quyet dinh".
  const Lucene::String seek = last_is_prefix ? prefix : prefix.substr(0, prefix.size() - 1);
  const size_t typed_words = words.size();
  int looked_at = 0;
  auto starting = [&](bool one_per_run) {
    Lucene::TermEnumPtr te = reader->terms(newLucene<Lucene::Term>(field, seek));
    Lucene::TermDocsPtr td = reader->termDocs();
    while (static_cast<int>(out->size()) < limit && looked_at < kTitleCandidates) {
      Lucene::TermPtr t = te->term();
      if (!t || t->_field != field || t->_text.compare(0, seek.size(), seek) != 0) break;
      const size_t before = out->size();
      td->seek(te);
      // The documents of one term share their title's folded text: the first live one stands
      // for them.
      if (td->next()) {
        ++looked_at;
        std::optional<TitleCandidate> c =
            TitleOf(searcher, td->doc(), fields, start, last_is_prefix);
        if (c && c->starts) offer(std::move(*c));
      }
      // Past the run: the first term that does not start with this one's first words and a
      // space.
      size_t end = Lucene::String::npos;
      if (one_per_run && out->size() > before) {
        const Lucene::String& key = t->_text;
        end = 0;
        for (size_t w = 0; w < typed_words + kGroupWords && end != Lucene::String::npos; ++w) {
          end = key.find(L' ', w == 0 ? 0 : end + 1);
        }
      }
      if (end == Lucene::String::npos) {
        if (!te->next()) break;
        continue;
      }
      const Lucene::String past = t->_text.substr(0, end + 1) + L'\U0010FFFF';
      te->close();
      te = reader->terms(newLucene<Lucene::Term>(field, past));
    }
    td->close();
    te->close();
  };
  starting(true);
  // Fewer runs than wanted: the titles of the runs, in order.
  starting(false);
  if (static_cast<int>(out->size()) >= limit) return;

  // 2. Then titles that hold every word (the last as a prefix), by score.
  auto query = newLucene<Lucene::BooleanQuery>();
  for (size_t i = 0; i < words.size(); ++i) {
    auto term = newLucene<Lucene::Term>(kFieldTitleFolded, ToLucene(words[i]));
    if (i + 1 == words.size() && last_is_prefix) {
      query->add(newLucene<Lucene::PrefixQuery>(term), BooleanClause::MUST);
    } else {
      query->add(newLucene<Lucene::TermQuery>(term), BooleanClause::MUST);
    }
  }
  Lucene::TopDocsPtr top = searcher->search(query, kTitleCandidates);
  std::vector<TitleCandidate> found;
  for (int32_t i = 0; i < top->scoreDocs.size(); ++i) {
    std::optional<TitleCandidate> c =
        TitleOf(searcher, top->scoreDocs[i]->doc, fields, start, last_is_prefix);
    if (c) found.push_back(std::move(*c));
  }
  // Those that start with the input (not reached above) first.
  std::stable_partition(found.begin(), found.end(),
                        [](const TitleCandidate& c) { return c.starts; });
  for (TitleCandidate& c : found) offer(std::move(c));
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
