// edXML packages for the tests of the reader (tests/ingest/edxml_*_test.cc), generated at test
// time: every business type, several recipients, optional parts left out, the namespace
// written four ways, both date forms, attachments plain, zipped (Python's zipfile) or as given
// base64 text, and signed with xmlsec1 by a key and certificate made by openssl.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "vanban/repository/status.h"

namespace vanban::testing {

// How a package spells its namespace.
enum class EdxmlNsStyle {
  kSample,       // as the samples: default xmlns on the root, "edXML:" from the envelope on,
                 // AttachmentEncoded unprefixed
  kOtherPrefix,  // "ns2:" everywhere
  kDefault,      // default namespace, no prefix anywhere
  kNone,         // no namespace at all
};

struct EdxmlFixtureFile {
  std::filesystem::path source;  // bytes to send (ignored when raw_base64 is set)
  std::string name;              // AttachmentName
  std::string content_type = "application/pdf";
  std::string description;
  bool zip = false;        // send `source` zipped (one entry named `name`), as application/zip
  std::string raw_base64;  // sent verbatim as ContentTransferEncoded
};

struct EdxmlFixture {
  EdxmlNsStyle ns = EdxmlNsStyle::kSample;
  std::string from_id = "000.00.00.H53";
  std::string from_name = "Ủy ban nhân dân tỉnh Thái Nguyên";
  std::vector<std::pair<std::string, std::string>> to = {
      {"000.00.12.H53", "Trung tâm Thông tin tỉnh Thái Nguyên"}};
  std::string document_id = "000.00.00.H53,2026/01/12,01/2026/QĐ-UBND";
  std::string code_number = "01";
  std::string code_notation = "2026/QĐ-UBND";
  std::string place = "Thái Nguyên";
  std::string date = "2026/01/12";  // PromulgationDate as written
  std::string type_name = "Quyết định";
  std::string subject = "Ban hành Quy chế quản lý Cổng thông tin điện tử tỉnh";
  std::string competence = "TM. ỦY BAN NHÂN DÂN";
  std::string position = "Chủ tịch";
  std::string signer = "Nguyễn Văn Quang";
  bool optional_parts = true;  // Content, SignerInfo, DueDate, OtherInfo, SteeringType, ToPlaces
  std::vector<std::string> to_places = {"Như Điều 3;", "Lưu: VT, TTTT."};
  int business_type = 0;
  std::string business_document_id;       // Bussiness/DocumentId
  std::vector<std::string> replaced_ids;  // ReplacementInfo/DocumentId (type 3)
  std::vector<EdxmlFixtureFile> files;
  bool signature_template = false;  // an enveloped XML-DSig template for SignEdxml
  std::string prolog;               // written between the XML declaration and the root
};

// Writes the package, streaming each attachment's base64 (files of any size).
Status WriteEdxmlFixture(const EdxmlFixture& f, const std::filesystem::path& out);

// A ZIP of `source` as one entry named `entry` (deflated).
Status ZipOneFile(const std::filesystem::path& source, const std::string& entry,
                  const std::filesystem::path& out);
// A ZIP whose single entry inflates to `bytes` zero bytes (written streaming).
Status ZipOfZeros(const std::filesystem::path& out, int64_t bytes);
// Rewrites the uncompressed sizes a ZIP (without ZIP64) declares, in its local and central
// headers, to 1000: a bomb that lies about what it inflates to.
Status ZeroZipSizes(const std::filesystem::path& zip);
// `bytes` bytes of deterministic, incompressible-looking data.
Status WriteNoiseFile(const std::filesystem::path& out, int64_t bytes, uint32_t seed = 1);

// An RSA key and a self-signed certificate (subject "/CN=<cn>/O=Vanban test") in `dir`:
// key.pem, cert.pem.
Status MakeSigningCert(const std::filesystem::path& dir, const std::string& cn);
// xmlsec1 --sign of a package written with signature_template.
Status SignEdxml(const std::filesystem::path& in, const std::filesystem::path& key,
                 const std::filesystem::path& cert, const std::filesystem::path& out);

// The real samples (tests/data/edxml/, README.md there says where they come from).
std::filesystem::path EdxmlSampleDir();

}  // namespace vanban::testing
