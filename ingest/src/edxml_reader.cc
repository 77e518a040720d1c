// ReadEdxml: one streaming SAX2 pass (libxml2 push parser) over the package.
//
// Why SAX and not xmlTextReader: the reader hands out a text node only once it is complete,
// so a 50 MB attachment would sit in memory as one 67 MB base64 string (and over libxml2's
// 10 MB text limit). The SAX characters callback delivers the text in small pieces that are
// decoded and written at once.
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edxml_base64.h"
#include "edxml_files.h"
#include "edxml_signature.h"
#include "edxml_zip.h"
#include "vanban/convert/text.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

using edxml_internal::Base64Decoder;
using edxml_internal::OutputDir;
using edxml_internal::OutputFile;

constexpr std::string_view kDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";
constexpr size_t kReadChunk = 64 * 1024;

enum class Ns { kEdxml, kDsig, kOther };

struct Frame {
  std::string name;
  Ns ns;
};

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string StripCid(std::string_view id) {
  std::string s = Trim(id);
  if (s.size() >= 4 && (s[0] == 'c' || s[0] == 'C') && (s[1] == 'i' || s[1] == 'I') &&
      (s[2] == 'd' || s[2] == 'D') && s[3] == ':') {
    s = Trim(s.substr(4));
  }
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return s;
}

bool EndsWithZip(std::string_view name) {
  if (name.size() < 4) return false;
  std::string_view ext = name.substr(name.size() - 4);
  return ext[0] == '.' && (ext[1] | 0x20) == 'z' && (ext[2] | 0x20) == 'i' &&
         (ext[3] | 0x20) == 'p';
}

bool IsZipType(std::string_view type) {
  std::string t = Trim(type);
  for (char& c : t) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  size_t semi = t.find(';');
  if (semi != std::string::npos) t = Trim(t.substr(0, semi));
  return t == "application/zip" || t == "application/x-zip-compressed" || t == "application/x-zip";
}

std::optional<int> SmallInt(std::string_view s) {
  std::string t = Trim(s);
  if (t.empty() || t.size() > 3) return std::nullopt;
  int v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

struct ManifestRef {
  std::string content_id, content_type, description, name;
};

struct PendingAttachment {
  EdxmlAttachment att;
  std::string declared_name;
  std::unique_ptr<OutputFile> out;
  bool had_data = false;
};

// The first error libxml2 reports while xmlCreatePushParserCtxt runs, before the parser
// context carries its Reader (see Reader::Of); per thread, cleared by ParseWith.
std::string& EarlyError() {
  thread_local std::string message;
  return message;
}

class Reader {
 public:
  Reader(const EdxmlLimits& limits, OutputDir& dir) : limits_(limits), dir_(dir) {}

  Status Parse(int fd, int64_t size);
  EdxmlPackage& package() { return pkg_; }
  int dsig_signatures() const { return dsig_signatures_; }

 private:
  // SAX callbacks (ctx is the parser context; its _private is the Reader).
  // Null while xmlCreatePushParserCtxt still runs: it may already report an error on the
  // first bytes (an encoding it cannot read, "00 00 3C 00"), before _private is set.
  static Reader* Of(void* ctx) {
    return ctx == nullptr ? nullptr
                          : static_cast<Reader*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
  }
  static void OnStart(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                      const xmlChar* uri, int nb_namespaces, const xmlChar** namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar** attributes);
  static void OnEnd(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri);
  static void OnText(void* ctx, const xmlChar* ch, int len);
  static void OnEntityDecl(void* ctx, const xmlChar* name, int type, const xmlChar* public_id,
                           const xmlChar* system_id, xmlChar* content);
  static void OnUnparsedEntityDecl(void* ctx, const xmlChar* name, const xmlChar* public_id,
                                   const xmlChar* system_id, const xmlChar* notation);
  static void OnInternalSubset(void* ctx, const xmlChar* name, const xmlChar* external_id,
                               const xmlChar* system_id);
  static void OnError(void* ctx, xmlErrorPtr error);
  static void OnWarning(void*, const char*, ...) {}

  void Fail(Status st) {
    if (failure_.ok()) failure_ = std::move(st);
    xmlStopParser(ctxt_);
  }
  bool Failed() const { return !failure_.ok(); }

  void Start(std::string_view local, std::string_view uri, int nb_attributes,
             const xmlChar** attributes);
  void End();
  void Text(std::string_view text);
  // True if the open elements end with `names` (all in the edXML namespace or none).
  bool Tail(std::initializer_list<std::string_view> names) const;
  bool InSignature() const { return in_signature_ > 0; }
  std::string Field() const { return NormalizeNfc(Trim(text_)); }
  void StartAttachmentData();
  void EndAttachmentData();
  void EndAttachment();
  void SetDate(std::string_view what, std::string& iso, std::string& raw);
  void EndHeaderField(std::string_view name);
  EdxmlOrgan* CurrentOrgan();

  const EdxmlLimits& limits_;
  OutputDir& dir_;
  xmlParserCtxtPtr ctxt_ = nullptr;
  Status failure_;
  std::string parser_error_;
  int parser_error_line_ = 0;
  bool feeding_last_ = false;
  bool error_at_end_ = false;  // the first error came when the end of the file was fed

  std::vector<Frame> stack_;
  int64_t elements_ = 0;
  std::string text_;
  bool root_seen_ = false;
  int in_signature_ = 0;
  int dsig_signatures_ = 0;
  bool other_signature_ = false;
  bool status_seen_ = false;
  bool business_type_seen_ = false;

  EdxmlPackage pkg_;
  std::vector<ManifestRef> manifest_;
  std::unique_ptr<PendingAttachment> pending_;
  Base64Decoder decoder_;
  std::string decoded_;
  int attachments_started_ = 0;
  int64_t attachment_bytes_ = 0;

  friend Status ParseWith(Reader&, int, int64_t);
};

bool Reader::Tail(std::initializer_list<std::string_view> names) const {
  if (stack_.size() < names.size()) return false;
  size_t i = stack_.size() - names.size();
  for (std::string_view n : names) {
    const Frame& f = stack_[i++];
    if (f.ns != Ns::kEdxml || f.name != n) return false;
  }
  return true;
}

void Reader::OnStart(void* ctx, const xmlChar* localname, const xmlChar*, const xmlChar* uri, int,
                     const xmlChar**, int nb_attributes, int, const xmlChar** attributes) {
  Reader* r = Of(ctx);
  if (r == nullptr || r->Failed()) return;
  r->Start(reinterpret_cast<const char*>(localname),
           uri == nullptr ? std::string_view() : reinterpret_cast<const char*>(uri), nb_attributes,
           attributes);
}

void Reader::OnEnd(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  Reader* r = Of(ctx);
  if (r == nullptr || r->Failed()) return;
  r->End();
}

void Reader::OnText(void* ctx, const xmlChar* ch, int len) {
  Reader* r = Of(ctx);
  if (r == nullptr || r->Failed() || len <= 0) return;
  r->Text(std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)));
}

void Reader::OnEntityDecl(void* ctx, const xmlChar* name, int type, const xmlChar*,
                          const xmlChar* system_id, xmlChar*) {
  bool external = system_id != nullptr || type == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
                  type == XML_EXTERNAL_PARAMETER_ENTITY;
  std::string n = name == nullptr ? std::string() : reinterpret_cast<const char*>(name);
  Reader* r = Of(ctx);
  if (r == nullptr) return;
  r->Fail(Status(ErrorCode::kHostileInput, std::string("the package declares ") +
                                               (external ? "an external entity" : "an entity") +
                                               " (\"" + n.substr(0, 64) +
                                               "\"); edXML needs none (XXE / entity expansion)"));
}

void Reader::OnUnparsedEntityDecl(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*,
                                  const xmlChar*) {
  if (Reader* r = Of(ctx)) {
    r->Fail(Status(ErrorCode::kHostileInput,
                   "the package declares an unparsed external entity; edXML needs none"));
  }
}

void Reader::OnInternalSubset(void* ctx, const xmlChar*, const xmlChar* external_id,
                              const xmlChar* system_id) {
  if (external_id != nullptr || system_id != nullptr) {
    std::string id = system_id != nullptr ? reinterpret_cast<const char*>(system_id)
                                          : reinterpret_cast<const char*>(external_id);
    if (Reader* r = Of(ctx)) {
      r->Fail(Status(ErrorCode::kHostileInput, "the package's DOCTYPE names an external DTD (\"" +
                                                   id.substr(0, 100) +
                                                   "\"); no DTD is ever loaded"));
    }
  }
}

void Reader::OnError(void* ctx, xmlErrorPtr error) {
  Reader* r = Of(ctx);
  if (r == nullptr) {
    // Before the parser is ours: keep the first message for ParseWith to report.
    if (error != nullptr && error->level >= XML_ERR_ERROR && EarlyError().empty()) {
      EarlyError() = error->message == nullptr ? "XML error" : Trim(error->message);
    }
    return;
  }
  if (error == nullptr || error->level < XML_ERR_ERROR) return;
  std::string message = error->message == nullptr ? "XML error" : Trim(error->message);
  if (error->domain == XML_FROM_NAMESPACE) {
    // Not a well-formedness error: producers write xlink:href without declaring xlink.
    if (r->pkg_.notes.size() < 100) r->pkg_.notes.push_back("XML namespace error: " + message);
    return;
  }
  if (!r->parser_error_.empty()) return;
  r->parser_error_ = message;
  r->parser_error_line_ = error->line;
  r->error_at_end_ = r->feeding_last_;
}

void Reader::Start(std::string_view local, std::string_view uri, int nb_attributes,
                   const xmlChar** attributes) {
  if (++elements_ > limits_.max_elements) {
    Fail(Status(ErrorCode::kTooLarge,
                "more than " + std::to_string(limits_.max_elements) + " elements"));
    return;
  }
  if (static_cast<int>(stack_.size()) + 1 > limits_.max_depth) {
    Fail(Status(ErrorCode::kHostileInput,
                "elements nested deeper than " + std::to_string(limits_.max_depth)));
    return;
  }
  Ns ns = uri.empty() || uri == kEdxmlNamespace ? Ns::kEdxml
          : uri == kDsigNamespace               ? Ns::kDsig
                                                : Ns::kOther;
  if (!root_seen_) {
    root_seen_ = true;
    if (local != "edXML" || ns != Ns::kEdxml) {
      Fail(Status(
          ErrorCode::kUnsupportedFormat,
          "not an edXML package: root element is <" + std::string(local.substr(0, 64)) +
              (uri.empty() ? std::string() : "> in namespace " + std::string(uri.substr(0, 100))) +
              (uri.empty() ? ">" : "")));
      return;
    }
  }
  std::string name(local);
  // Producers spell the business block both "Bussiness" (the standard's) and "Business".
  if (ns == Ns::kEdxml && name.rfind("Business", 0) == 0) name.insert(3, "s");
  if (local == "Signature" && ns != Ns::kOther) {
    if (in_signature_ == 0) {
      if (ns == Ns::kDsig) {
        ++dsig_signatures_;
      } else {
        other_signature_ = true;
      }
    }
  }
  if (in_signature_ > 0 || (local == "Signature" && ns != Ns::kOther)) ++in_signature_;
  stack_.push_back(Frame{std::move(name), ns});
  text_.clear();
  if (InSignature() || ns != Ns::kEdxml) return;

  if (Tail({"MessageHeader", "To"})) {
    pkg_.to.emplace_back();
  } else if (Tail({"MessageHeader", "ResponseFor"})) {
    pkg_.response_for.emplace_back();
  } else if (Tail({"TraceHeaderList", "TraceHeader"})) {
    pkg_.traces.emplace_back();
  } else if (Tail({"BussinessDocumentInfo", "ReceiverList", "Receiver"})) {
    pkg_.business.receivers.emplace_back();
  } else if (Tail({"ReplacementInfoList", "ReplacementInfo"})) {
    pkg_.business.replacements.emplace_back();
  } else if (Tail({"edXMLManifest", "Reference"})) {
    manifest_.emplace_back();
    // Some producers carry the content id as xlink:href instead of a ContentId child.
    for (int i = 0; i < nb_attributes; ++i) {
      const xmlChar** a = attributes + 5 * i;
      if (std::string_view(reinterpret_cast<const char*>(a[0])) == "href") {
        manifest_.back().content_id = StripCid(std::string_view(reinterpret_cast<const char*>(a[3]),
                                                                static_cast<size_t>(a[4] - a[3])));
      }
    }
  } else if (Tail({"AttachmentEncoded", "Attachment"})) {
    if (++attachments_started_ > limits_.max_attachments) {
      Fail(Status(ErrorCode::kTooLarge,
                  "more than " + std::to_string(limits_.max_attachments) + " attachments"));
      return;
    }
    pending_ = std::make_unique<PendingAttachment>();
  } else if (pending_ && Tail({"Attachment", "ContentTransferEncoded"})) {
    StartAttachmentData();
  }
}

void Reader::StartAttachmentData() {
  if (pending_->out || pending_->had_data) {
    Fail(Status(ErrorCode::kCorrupt, "an attachment carries two ContentTransferEncoded elements"));
    return;
  }
  auto file = dir_.Create();
  if (!file.ok()) {
    Fail(file.status());
    return;
  }
  pending_->out = std::move(*file);
  pending_->had_data = true;
  decoder_ = Base64Decoder();
}

void Reader::Text(std::string_view text) {
  if (pending_ && pending_->out && Tail({"Attachment", "ContentTransferEncoded"})) {
    decoded_.clear();
    if (!decoder_.Feed(text, decoded_)) {
      Fail(Status(ErrorCode::kCorrupt,
                  "attachment " + std::to_string(attachments_started_) + ": " + decoder_.error()));
      return;
    }
    if (decoded_.empty()) return;
    int64_t n = static_cast<int64_t>(decoded_.size());
    if (pending_->out->size() + n > limits_.max_attachment_bytes) {
      Fail(Status(ErrorCode::kTooLarge,
                  "attachment " + std::to_string(attachments_started_) + " is larger than " +
                      std::to_string(limits_.max_attachment_bytes) + " bytes"));
      return;
    }
    if (attachment_bytes_ + n > limits_.max_total_attachment_bytes) {
      Fail(Status(ErrorCode::kTooLarge, "attachments total more than " +
                                            std::to_string(limits_.max_total_attachment_bytes) +
                                            " bytes"));
      return;
    }
    attachment_bytes_ += n;
    Status st = pending_->out->Write(decoded_);
    if (!st.ok()) Fail(std::move(st));
    return;
  }
  // Only edXML header fields are kept; text of other namespaces and of the signature is not.
  if (stack_.empty() || stack_.back().ns != Ns::kEdxml || InSignature()) return;
  if (static_cast<int64_t>(text_.size() + text.size()) > limits_.max_field_bytes) {
    Fail(Status(ErrorCode::kTooLarge,
                "text of <" + (stack_.empty() ? std::string() : stack_.back().name) +
                    "> is longer than " + std::to_string(limits_.max_field_bytes) + " bytes"));
    return;
  }
  text_.append(text);
}

void Reader::EndAttachmentData() {
  decoded_.clear();
  if (!decoder_.Finish(decoded_)) {
    Fail(Status(ErrorCode::kCorrupt,
                "attachment " + std::to_string(attachments_started_) + ": " + decoder_.error()));
    return;
  }
  if (!decoded_.empty()) {
    attachment_bytes_ += static_cast<int64_t>(decoded_.size());
    Status st = pending_->out->Write(decoded_);
    if (!st.ok()) Fail(std::move(st));
  }
}

void Reader::EndAttachment() {
  std::unique_ptr<PendingAttachment> p = std::move(pending_);
  EdxmlAttachment& att = p->att;
  const ManifestRef* ref = nullptr;
  for (const auto& m : manifest_) {
    if (!att.content_id.empty() && m.content_id == att.content_id) ref = &m;
  }
  if (ref != nullptr) {
    if (p->declared_name.empty()) p->declared_name = ref->name;
    if (att.description.empty()) att.description = ref->description;
    if (att.content_type.empty()) att.content_type = ref->content_type;
  }
  if (!p->out) {
    pkg_.notes.push_back("attachment " + std::to_string(attachments_started_) + " (" +
                         p->declared_name + ") carries no data");
    return;
  }
  if (edxml_internal::IsTraversalName(p->declared_name)) {
    Fail(Status(ErrorCode::kHostileInput, "attachment named to leave its directory: \"" +
                                              p->declared_name.substr(0, 200) + "\""));
    return;
  }
  Status st =
      dir_.Publish(*p->out, p->declared_name, "attachment-" + std::to_string(attachments_started_),
                   limits_.max_name_bytes, att.file);
  if (!st.ok()) {
    Fail(std::move(st));
    return;
  }
  if (att.file.name != p->declared_name) {
    pkg_.notes.push_back("attachment \"" + p->declared_name + "\" written as \"" + att.file.name +
                         "\"");
  }
  bool zip_claimed = IsZipType(att.content_type) || EndsWithZip(p->declared_name);
  if (zip_claimed) {
    if (edxml_internal::LooksLikeZip(att.file.path)) {
      st = edxml_internal::UnpackZip(dir_, att.file, limits_, att.entries, pkg_.notes);
      if (!st.ok()) {
        Fail(std::move(st));
        return;
      }
      att.unpacked = true;
    } else {
      pkg_.notes.push_back("attachment \"" + att.file.name +
                           "\" is declared as a ZIP but is not one; kept as sent");
    }
  }
  pkg_.attachments.push_back(std::move(att));
}

EdxmlOrgan* Reader::CurrentOrgan() {
  if (stack_.size() < 3) return nullptr;
  const Frame& parent = stack_[stack_.size() - 2];
  const Frame& grand = stack_[stack_.size() - 3];
  if (parent.ns != Ns::kEdxml || grand.ns != Ns::kEdxml || grand.name != "MessageHeader") {
    return nullptr;
  }
  if (parent.name == "From") return &pkg_.from;
  if (parent.name == "To" && !pkg_.to.empty()) return &pkg_.to.back();
  return nullptr;
}

void Reader::SetDate(std::string_view what, std::string& iso, std::string& raw) {
  raw = Field();
  if (raw.empty()) {
    iso.clear();
    return;
  }
  auto d = ParseEdxmlDate(raw);
  if (d) {
    iso = *d;
  } else {
    iso.clear();
    pkg_.notes.push_back(std::string(what) + " \"" + raw.substr(0, 64) + "\" is not a date");
  }
}

std::string Timestamp(std::string_view raw) {
  std::string t = Trim(raw);
  auto d = ParseEdxmlDate(t);
  if (!d) return t;
  size_t sp = t.find_first_of(" T");
  if (sp == std::string::npos) return *d;
  std::string time = Trim(t.substr(sp + 1));
  int h = 0, m = 0, s = 0;
  char extra = 0;
  int got = std::sscanf(time.c_str(), "%2d:%2d:%2d%c", &h, &m, &s, &extra);
  if (got < 2 || got > 3 || h > 23 || m > 59 || s > 60 || h < 0 || m < 0 || s < 0) return t;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, m, s);
  return *d + " " + buf;
}

void Reader::EndHeaderField(std::string_view name) {
  // MessageHeader children.
  if (Tail({"MessageHeader", std::string(name)})) {
    if (name == "DocumentId") {
      pkg_.document_id = Field();
    } else if (name == "Subject") {
      pkg_.subject = Field();
    } else if (name == "Content") {
      pkg_.content = Field();
    } else if (name == "DueDate") {
      SetDate("DueDate", pkg_.due_date, pkg_.due_date_raw);
    } else if (name == "SteeringType") {
      std::string v = Field();
      auto n = SmallInt(v);
      if (n && *n <= 2) {
        pkg_.steering_type = *n;
      } else if (!v.empty()) {
        pkg_.notes.push_back("SteeringType \"" + v.substr(0, 32) + "\" is not 0, 1 or 2");
      }
    } else if (name == "StatusCode") {
      status_seen_ = true;
      pkg_.status.code = Field();
    } else if (name == "Description") {
      pkg_.status.description = Field();
    } else if (name == "Timestamp") {
      pkg_.status.timestamp = Timestamp(Field());
    }
    return;
  }
  if (EdxmlOrgan* o = CurrentOrgan()) {
    std::string v = Field();
    if (name == "OrganId") o->organ_id = v;
    if (name == "OrganizationInCharge") o->organization_in_charge = v;
    if (name == "OrganName") o->organ_name = v;
    if (name == "OrganAdd") o->address = v;
    if (name == "Email") o->email = v;
    if (name == "Telephone") o->telephone = v;
    if (name == "Fax") o->fax = v;
    if (name == "Website") o->website = v;
    return;
  }
  if (Tail({"MessageHeader", "Code", "CodeNumber"})) {
    pkg_.code_number = Field();
  } else if (Tail({"MessageHeader", "Code", "CodeNotation"})) {
    pkg_.code_notation = Field();
  } else if (Tail({"PromulgationInfo", "Place"})) {
    pkg_.place = Field();
  } else if (Tail({"PromulgationInfo", "PromulgationDate"})) {
    SetDate("PromulgationDate", pkg_.issue_date, pkg_.issue_date_raw);
  } else if (Tail({"DocumentType", "Type"})) {
    pkg_.type_code = Field();
  } else if (Tail({"DocumentType", "TypeDetail"})) {
    pkg_.type_detail = Field();
  } else if (Tail({"DocumentType", "TypeName"})) {
    pkg_.type_name = Field();
  } else if (Tail({"SignerInfo", "Competence"})) {
    pkg_.signer_competence = Field();
  } else if (Tail({"SignerInfo", "Position"})) {
    pkg_.signer_position = Field();
  } else if (Tail({"SignerInfo", "FullName"})) {
    pkg_.signer_full_name = Field();
  } else if (Tail({"ToPlaces", "Place"})) {
    std::string v = Field();
    if (!v.empty()) pkg_.to_places.push_back(v);
  } else if (Tail({"OtherInfo", "Priority"})) {
    std::string v = Field();
    auto n = SmallInt(v);
    if (n && *n <= 4) {
      pkg_.priority = *n;
    } else if (!v.empty()) {
      pkg_.notes.push_back("Priority \"" + v.substr(0, 32) + "\" is not 0–4");
    }
  } else if (Tail({"OtherInfo", "SphereOfPromulgation"})) {
    pkg_.sphere_of_promulgation = Field();
  } else if (Tail({"OtherInfo", "TyperNotation"})) {
    pkg_.typer_notation = Field();
  } else if (Tail({"OtherInfo", "PromulgationAmount"})) {
    pkg_.promulgation_amount = Field();
  } else if (Tail({"OtherInfo", "PageAmount"})) {
    pkg_.page_amount = Field();
  } else if (Tail({"Appendixes", "Appendix"})) {
    std::string v = Field();
    if (!v.empty()) pkg_.appendixes.push_back(v);
  } else if (Tail({"MessageHeader", "ResponseFor", std::string(name)})) {
    EdxmlResponseFor& r = pkg_.response_for.back();
    if (name == "OrganId") r.organ_id = Field();
    if (name == "Code") r.code = Field();
    if (name == "DocumentId") r.document_id = Field();
    if (name == "PromulgationDate") {
      std::string raw;
      SetDate("ResponseFor/PromulgationDate", r.promulgation_date, raw);
    }
  } else if (Tail({"MessageHeader", "StaffInfo", std::string(name)})) {
    EdxmlStaff& s = pkg_.status.staff;
    if (name == "Department") s.department = Field();
    if (name == "Staff") s.staff = Field();
    if (name == "Email") s.email = Field();
    if (name == "Mobile") s.mobile = Field();
  } else if (Tail({"TraceHeader", "OrganId"}) && !pkg_.traces.empty()) {
    pkg_.traces.back().organ_id = Field();
  } else if (Tail({"TraceHeader", "Timestamp"}) && !pkg_.traces.empty()) {
    pkg_.traces.back().timestamp = Timestamp(Field());
  } else if (Tail({"Bussiness", "DocumentId"})) {
    pkg_.business.document_id = Field();
  } else if (Tail({"Bussiness", "BussinessDocType"})) {
    std::string v = Field();
    auto n = SmallInt(v);
    if (!v.empty() && (!n || *n > 3)) {
      Fail(Status(ErrorCode::kCorrupt, "BussinessDocType \"" + v.substr(0, 32) +
                                           "\" is not 0 (new), 1 (revoke), 2 (update) or "
                                           "3 (replace)"));
      return;
    }
    business_type_seen_ = !v.empty();
    if (n) pkg_.business.type = static_cast<EdxmlBusinessType>(*n);
  } else if (Tail({"Bussiness", "BussinessDocReason"})) {
    pkg_.business.reason = Field();
  } else if (Tail({"Bussiness", "Paper"})) {
    std::string v = Field();
    pkg_.business.paper = v == "1" || v == "true";
  } else if (Tail({"Bussiness", "StaffInfo", std::string(name)})) {
    EdxmlStaff& s = pkg_.business.staff;
    if (name == "Department") s.department = Field();
    if (name == "Staff") s.staff = Field();
    if (name == "Email") s.email = Field();
    if (name == "Mobile") s.mobile = Field();
  } else if (Tail({"BussinessDocumentInfo", "DocumentInfo"})) {
    pkg_.business.document_info = Field();
  } else if (Tail({"BussinessDocumentInfo", "DocumentReceiver"})) {
    pkg_.business.document_receiver = Field();
  } else if (Tail({"Receiver", "OrganId"}) && !pkg_.business.receivers.empty()) {
    pkg_.business.receivers.back().organ_id = Field();
  } else if (Tail({"Receiver", "ReceiverType"}) && !pkg_.business.receivers.empty()) {
    pkg_.business.receivers.back().receiver_type = Field();
  } else if (Tail({"ReplacementInfo", "DocumentId"}) && !pkg_.business.replacements.empty()) {
    pkg_.business.replacements.back().document_id = Field();
  } else if (Tail({"ReplacementInfo", "OrganIdList", "OrganId"}) &&
             !pkg_.business.replacements.empty()) {
    std::string v = Field();
    if (!v.empty()) pkg_.business.replacements.back().organ_ids.push_back(v);
  } else if (Tail({"edXMLManifest", "Reference", std::string(name)}) && !manifest_.empty()) {
    ManifestRef& m = manifest_.back();
    if (name == "ContentId") m.content_id = StripCid(Field());
    if (name == "ContentType") m.content_type = Field();
    if (name == "Description") m.description = Field();
    if (name == "AttachmentName") m.name = Field();
  } else if (pending_ && Tail({"Attachment", std::string(name)})) {
    if (name == "ContentId") pending_->att.content_id = StripCid(Field());
    if (name == "ContentType") pending_->att.content_type = Field();
    if (name == "Description") pending_->att.description = Field();
    if (name == "AttachmentName") pending_->declared_name = Field();
  }
}

void Reader::End() {
  if (stack_.empty()) return;
  const Frame& top = stack_.back();
  bool edxml = top.ns == Ns::kEdxml;
  if (!InSignature() && edxml) {
    std::string name = top.name;
    if (pending_ && pending_->out && name == "ContentTransferEncoded" &&
        Tail({"Attachment", "ContentTransferEncoded"})) {
      EndAttachmentData();
    } else if (pending_ && name == "Attachment" && Tail({"AttachmentEncoded", "Attachment"})) {
      EndAttachment();
    } else {
      EndHeaderField(name);
    }
  }
  if (in_signature_ > 0) --in_signature_;
  stack_.pop_back();
  text_.clear();
}

Status ParseWith(Reader& r, int fd, int64_t size) {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = Reader::OnStart;
  sax.endElementNs = Reader::OnEnd;
  sax.characters = Reader::OnText;
  sax.cdataBlock = Reader::OnText;
  sax.entityDecl = Reader::OnEntityDecl;
  sax.unparsedEntityDecl = Reader::OnUnparsedEntityDecl;
  sax.internalSubset = Reader::OnInternalSubset;
  sax.serror = Reader::OnError;
  sax.warning = Reader::OnWarning;
  sax.error = Reader::OnWarning;
  // externalSubset, resolveEntity and getEntity stay null: no DTD or entity is ever loaded,
  // and an undeclared entity reference is a well-formedness error.

  std::string buf(kReadChunk, '\0');
  auto read_some = [&](size_t want) -> ssize_t {
    for (;;) {
      ssize_t n = ::read(fd, buf.data(), want);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  };
  ssize_t first = read_some(4);
  if (first < 0) return Status(ErrorCode::kIoError, std::string("read: ") + std::strerror(errno));
  EarlyError().clear();
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(
      xmlCreatePushParserCtxt(&sax, nullptr, buf.data(), static_cast<int>(first), nullptr),
      xmlFreeParserCtxt);
  if (!ctxt) {
    if (!EarlyError().empty()) {
      return Status(ErrorCode::kCorrupt, "not well-formed XML: " + EarlyError());
    }
    return Status(ErrorCode::kInternal, "cannot create an XML parser");
  }
  ctxt->_private = &r;
  if (!EarlyError().empty() && r.parser_error_.empty()) r.parser_error_ = EarlyError();
  r.ctxt_ = ctxt.get();
  xmlCtxtUseOptions(ctxt.get(), XML_PARSE_NONET);
  int64_t total = first;
  for (;;) {
    ssize_t n = read_some(buf.size());
    if (n < 0) return Status(ErrorCode::kIoError, std::string("read: ") + std::strerror(errno));
    total += n;
    if (total > size || total > r.limits_.max_package_bytes) {
      return Status(ErrorCode::kTooLarge, "the package grew while it was read");
    }
    r.feeding_last_ = n == 0;
    xmlParseChunk(ctxt.get(), buf.data(), static_cast<int>(n), n == 0 ? 1 : 0);
    if (r.Failed()) return r.failure_;
    if (ctxt->disableSAX || !ctxt->wellFormed || n == 0) break;
  }
  if (!ctxt->wellFormed) {
    std::string where = r.parser_error_line_ > 0
                            ? " (line " + std::to_string(r.parser_error_line_) + ")"
                            : std::string();
    std::string what = r.parser_error_.empty() ? "not well-formed" : r.parser_error_;
    if (r.error_at_end_) {
      return Status(ErrorCode::kCorrupt,
                    "truncated: the package ends before its root element "
                    "is closed: " +
                        what + where);
    }
    return Status(ErrorCode::kCorrupt, "not well-formed XML: " + what + where);
  }
  if (!r.root_seen_) return Status(ErrorCode::kCorrupt, "no root element");
  return Status::Ok();
}

Status Reader::Parse(int fd, int64_t size) {
  VANBAN_RETURN_IF_ERROR(ParseWith(*this, fd, size));
  pkg_.kind = status_seen_ ? EdxmlKind::kStatus : EdxmlKind::kDocument;
  if (!pkg_.code_number.empty() && !pkg_.code_notation.empty()) {
    pkg_.number = pkg_.code_number + "/" + pkg_.code_notation;
  } else {
    pkg_.number = pkg_.code_number.empty() ? pkg_.code_notation : pkg_.code_number;
  }
  EdxmlBusiness& b = pkg_.business;
  switch (b.type) {
    case EdxmlBusinessType::kNew:
      break;
    case EdxmlBusinessType::kRevoke:
    case EdxmlBusinessType::kUpdate:
      b.target_document_id = b.document_id;
      break;
    case EdxmlBusinessType::kReplace:
      for (const auto& rep : b.replacements) {
        if (b.target_document_id.empty()) b.target_document_id = rep.document_id;
      }
      if (b.target_document_id.empty()) b.target_document_id = b.document_id;
      break;
  }
  if (b.type != EdxmlBusinessType::kNew && b.target_document_id.empty()) {
    pkg_.notes.push_back(std::string("business type ") +
                         std::string(EdxmlBusinessTypeName(b.type)) +
                         " names no document to act on");
  }
  if (pkg_.kind == EdxmlKind::kStatus) {
    pkg_.status.from = pkg_.from;
    if (!pkg_.response_for.empty()) pkg_.status.response_for = pkg_.response_for.front();
  }
  for (const auto& m : manifest_) {
    bool found = false;
    for (const auto& a : pkg_.attachments) found = found || a.content_id == m.content_id;
    if (!found) {
      pkg_.notes.push_back("manifest names \"" + m.name + "\" (" + m.content_id +
                           ") but the package carries no data for it");
    }
  }
  if (other_signature_ && dsig_signatures_ == 0) {
    pkg_.signature.state = EdxmlSignatureState::kInvalid;
    pkg_.signature.detail = "the Signature element is not in the XML-DSig namespace (" +
                            std::string(kDsigNamespace) + "); it cannot be verified";
  }
  if (dsig_signatures_ > 1) {
    pkg_.notes.push_back(std::to_string(dsig_signatures_) +
                         " XML-DSig signatures; only the first is verified");
  }
  return Status::Ok();
}

}  // namespace

Result<EdxmlPackage> ReadEdxml(const std::filesystem::path& file, const EdxmlLimits& limits,
                               const std::filesystem::path& attachment_dir,
                               const EdxmlTrust& trust) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoError,
                  "open " + file.string() + ": " + std::strerror(errno));
  }
  std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return Status(ErrorCode::kIoError, "stat " + file.string() + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status(ErrorCode::kInvalidArgument, file.string() + " is not a regular file");
  }
  if (st.st_size == 0) return Status(ErrorCode::kEmptyFile, "the package is empty");
  if (st.st_size > limits.max_package_bytes) {
    return Status(ErrorCode::kTooLarge, "the package has " + std::to_string(st.st_size) +
                                            " bytes, over the limit of " +
                                            std::to_string(limits.max_package_bytes));
  }
  auto dir = OutputDir::Open(attachment_dir);
  if (!dir.ok()) return dir.status();
  Reader reader(limits, **dir);
  VANBAN_RETURN_IF_ERROR(reader.Parse(fd, st.st_size));
  EdxmlPackage& pkg = reader.package();
  if (reader.dsig_signatures() > 0) {
    pkg.signature = edxml_internal::VerifyEdxmlSignature(fd, st.st_size, limits, trust);
  }
  (*dir)->Keep();
  return std::move(pkg);
}

}  // namespace vanban
