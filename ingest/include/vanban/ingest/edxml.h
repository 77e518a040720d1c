// edXML packages (QCVN 102:2016/BTTTT) from the interprovincial document exchange: a hardened,
// streaming reader of document ("edoc") and status messages, and a writer of status messages.
// Format notes, limits and failure reasons: docs/edxml.md.
//
// Thread-safety: every function may be called from several threads at once (the XML-DSig
// library is initialised once, on first use).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vanban/repository/document.h"
#include "vanban/repository/status.h"

namespace vanban {

// The edXML namespace. Elements are matched by this URI and their local name, whatever prefix
// a producer uses; elements without a namespace are accepted too (some producers omit it).
inline constexpr std::string_view kEdxmlNamespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

// Bounds on what one package may make the reader do. A package over a bound is refused with
// kTooLarge or kHostileInput (docs/edxml.md lists which); nothing it wrote is kept.
struct EdxmlLimits {
  int64_t max_package_bytes = int64_t{256} << 20;  // the .edxml file itself
  int max_depth = 64;                              // element nesting
  int64_t max_elements = 200000;                   // elements in the whole package
  int64_t max_field_bytes = 64 << 10;              // text of one header element
  int max_attachments = 64;
  int64_t max_attachment_bytes = int64_t{128} << 20;        // one attachment, decoded
  int64_t max_total_attachment_bytes = int64_t{256} << 20;  // all attachments, decoded
  // Zipped attachments (ContentType application/zip or a ".zip" name) are unpacked:
  int max_zip_entries = 256;                   // per ZIP
  int64_t max_zip_bytes = int64_t{256} << 20;  // uncompressed, per ZIP
  int64_t max_zip_ratio = 100;                 // uncompressed : compressed, per ZIP
  size_t max_name_bytes = 180;                 // UTF-8 bytes of a written file name
  // Verifying a signature needs the whole package as a DOM (about twice its size in memory);
  // a signed package over this size is read but its signature is left kUnverified.
  int64_t max_signature_package_bytes = int64_t{96} << 20;
};

// Trust anchors for XML-DSig certificates. Without a CA file a signature is checked against
// the certificate it carries (integrity and the claimed signer), not against a chain.
struct EdxmlTrust {
  std::filesystem::path ca_file;  // PEM bundle; empty: no chain check
};

// An organisation as From / To name it.
struct EdxmlOrgan {
  std::string organ_id;  // "000.00.00.G22"
  std::string organization_in_charge;
  std::string organ_name;
  std::string address;  // OrganAdd
  std::string email;
  std::string telephone;
  std::string fax;
  std::string website;

  bool operator==(const EdxmlOrgan&) const = default;
};

// The document a message answers or acts on (ResponseFor).
struct EdxmlResponseFor {
  std::string organ_id;
  std::string code;               // "7816/VPCP-TTĐT"
  std::string promulgation_date;  // YYYY-MM-DD, or empty
  std::string document_id;        // "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"

  bool operator==(const EdxmlResponseFor&) const = default;
};

struct EdxmlStaff {
  std::string department;
  std::string staff;
  std::string email;
  std::string mobile;

  bool operator==(const EdxmlStaff&) const = default;
};

// Bussiness/BussinessDocType (sic). A package without a Bussiness element is kNew.
enum class EdxmlBusinessType { kNew = 0, kRevoke = 1, kUpdate = 2, kReplace = 3 };
std::string_view EdxmlBusinessTypeName(EdxmlBusinessType t);  // "new", "revoke", ...

struct EdxmlReceiver {
  std::string organ_id;
  std::string receiver_type;

  bool operator==(const EdxmlReceiver&) const = default;
};

struct EdxmlReplacement {
  std::string document_id;  // the replaced document
  std::vector<std::string> organ_ids;

  bool operator==(const EdxmlReplacement&) const = default;
};

struct EdxmlBusiness {
  EdxmlBusinessType type = EdxmlBusinessType::kNew;
  std::string document_id;  // Bussiness/DocumentId: the document updated or revoked
  std::string reason;       // BussinessDocReason
  bool paper = false;       // a paper copy follows
  EdxmlStaff staff;
  // Type 2 (update): BussinessDocumentInfo.
  std::string document_info;
  std::string document_receiver;
  std::vector<EdxmlReceiver> receivers;
  // Type 3 (replace): ReplacementInfoList.
  std::vector<EdxmlReplacement> replacements;
  // The document this package acts on: for revoke and update Bussiness/DocumentId, for
  // replace the first ReplacementInfo/DocumentId (else Bussiness/DocumentId); empty for new.
  std::string target_document_id;
};

// A file written into attachment_dir.
struct EdxmlFile {
  std::string declared_name;   // as the package (or the ZIP entry) names it
  std::string name;            // sanitised: the file's name in attachment_dir
  std::filesystem::path path;  // attachment_dir / name
  int64_t size = 0;
  std::string sha256;  // lowercase hex
};

struct EdxmlAttachment {
  std::string content_id;  // without "cid:"
  std::string description;
  std::string content_type;
  EdxmlFile file;  // the decoded bytes, as sent (a ZIP stays a ZIP)
  // Set for a zipped attachment: its regular-file entries, unpacked next to it.
  bool unpacked = false;
  std::vector<EdxmlFile> entries;
};

enum class EdxmlSignatureState {
  kAbsent,      // no Signature element
  kValid,       // XML-DSig verified (over the whole package: Reference URI="")
  kInvalid,     // present but does not verify, or malformed, or not XML-DSig
  kUnverified,  // present but not checked (package over max_signature_package_bytes)
};
std::string_view EdxmlSignatureStateName(EdxmlSignatureState s);  // "absent", "valid", ...

struct EdxmlSignature {
  EdxmlSignatureState state = EdxmlSignatureState::kAbsent;
  std::string detail;           // why invalid / unverified; empty when valid or absent
  std::string signer_subject;   // RFC 2253 subject of the signing certificate, when known
  bool chain_verified = false;  // the certificate chains to EdxmlTrust::ca_file
};

// Status codes seen in the exchange (edxml.md). 07–12 and 14 are not known.
inline constexpr std::string_view kEdxmlStatusReceived = "01";    // đã đến
inline constexpr std::string_view kEdxmlStatusRejected = "02";    // từ chối tiếp nhận
inline constexpr std::string_view kEdxmlStatusAccepted = "03";    // tiếp nhận / vào sổ
inline constexpr std::string_view kEdxmlStatusAssigned = "04";    // phân công xử lý
inline constexpr std::string_view kEdxmlStatusInProgress = "05";  // đang xử lý
inline constexpr std::string_view kEdxmlStatusDone = "06";        // hoàn thành
inline constexpr std::string_view kEdxmlStatusRecallRequested = "13";
inline constexpr std::string_view kEdxmlStatusRecallAgreed = "15";
inline constexpr std::string_view kEdxmlStatusRecallRefused = "16";

// A status (acknowledgement) message.
struct EdxmlStatus {
  EdxmlOrgan from;
  EdxmlResponseFor response_for;
  EdxmlStaff staff;
  std::string code;         // two digits, kEdxmlStatus*
  std::string description;  // e.g. the reason of a rejection
  std::string timestamp;    // "YYYY-MM-DD HH:MM:SS" (the sender's local time)

  bool operator==(const EdxmlStatus&) const = default;
};

enum class EdxmlKind { kDocument, kStatus };

struct EdxmlTrace {
  std::string organ_id;
  std::string timestamp;  // "YYYY-MM-DD HH:MM:SS", or as written when it does not parse
};

// What one package holds. Text is UTF-8 NFC with surrounding whitespace trimmed; dates are
// YYYY-MM-DD (empty when absent or unreadable: the raw text is kept in *_raw and a note says
// why). Fields the package does not carry are empty.
struct EdxmlPackage {
  EdxmlKind kind = EdxmlKind::kDocument;

  EdxmlOrgan from;
  std::vector<EdxmlOrgan> to;
  std::string document_id;  // MessageHeader/DocumentId
  std::string code_number;
  std::string code_notation;
  std::string number;  // CodeNumber "/" CodeNotation (either alone when the other is empty)
  std::string place;
  std::string issue_date, issue_date_raw;  // PromulgationInfo/PromulgationDate
  std::string type_code;                   // DocumentType/Type
  std::string type_detail;                 // DocumentType/TypeDetail
  std::string type_name;                   // DocumentType/TypeName: "Công văn"
  std::string subject;                     // trích yếu
  std::string content;
  std::string signer_competence;  // "TL. BỘ TRƯỞNG"
  std::string signer_position;
  std::string signer_full_name;
  std::string due_date, due_date_raw;
  std::vector<std::string> to_places;  // ToPlaces/Place: the "Nơi nhận" lines
  std::optional<int> priority;         // OtherInfo/Priority, 0–4
  std::string sphere_of_promulgation;
  std::string typer_notation;
  std::string promulgation_amount;
  std::string page_amount;
  std::vector<std::string> appendixes;
  std::optional<int> steering_type;  // 0 none, 1 chỉ đạo, 2 báo cáo chỉ đạo
  std::vector<EdxmlResponseFor> response_for;
  std::vector<EdxmlTrace> traces;
  EdxmlBusiness business;
  std::vector<EdxmlAttachment> attachments;
  EdxmlSignature signature;

  EdxmlStatus status;  // kind == kStatus only

  // What a reviewing editor should know: unreadable dates, out-of-range values, renamed
  // attachments, manifest entries without data.
  std::vector<std::string> notes;
};

// Reads the package at `file`, writing each attachment (and each entry of a zipped one) into
// `attachment_dir` (created if missing; its parent must exist) under a sanitised, unique name.
// Files are created with O_EXCL|O_NOFOLLOW and never outside `attachment_dir`; existing files
// are never overwritten. On failure every file this call created is removed again.
//
// The package is parsed in one streaming pass: attachment base64 goes chunk by chunk into its
// file; memory does not grow with attachment size. A package carrying an XML-DSig signature
// is parsed a second time as a DOM for the verification (see max_signature_package_bytes).
//
// Errors: kNotFound / kIoError (file, directory), kEmptyFile, kTooLarge (a limit),
// kHostileInput (DTD entities, DOCTYPE with an external identifier, nesting, traversal names),
// kCorrupt (not well-formed, truncated, bad base64, damaged ZIP, business type out of range),
// kUnsupportedFormat (root is not an edXML element in the edXML namespace or none).
Result<EdxmlPackage> ReadEdxml(const std::filesystem::path& file, const EdxmlLimits& limits,
                               const std::filesystem::path& attachment_dir,
                               const EdxmlTrust& trust = {});

// A status message as the exchange expects it (the samples' shape: default namespace on the
// root, prefix "edXML" inside), UTF-8 with an XML declaration. Dates and the timestamp are
// written in edXML form (yyyy/MM/dd, yyyy/MM/dd HH:mm:ss) when they parse, verbatim
// otherwise. Characters XML 1.0 cannot carry are dropped; empty optional parts are omitted.
std::string WriteEdxmlStatus(const EdxmlStatus& status);

// "yyyy/MM/dd", "dd/MM/yyyy", the same with '-', an optional time after a space or 'T'
// ignored -> "YYYY-MM-DD"; nullopt if it is not a valid date in either form.
std::optional<std::string> ParseEdxmlDate(std::string_view text);

// A DocumentId "<OrganId>,<yyyy/MM/dd>,<number>" split into its parts.
struct EdxmlDocumentRef {
  std::string organ_id;
  std::string date;  // YYYY-MM-DD, or empty when the date part does not parse
  std::string number;
};
std::optional<EdxmlDocumentRef> ParseEdxmlDocumentId(std::string_view id);

// The header as the repository's Metadata, for comparison with what the text extraction
// reads: number, type (TypeName), authority (From/OrganName), place, issue date, summary
// (Subject), signer (FullName, Position, competence word), recipients (To names, then the
// ToPlaces lines).
Metadata EdxmlHeaderMetadata(const EdxmlPackage& package);

}  // namespace vanban
