#include "support/edxml_fixtures.h"

#include <fstream>

#include "support/fixture_util.h"
#include "support/temp_dir.h"

namespace vanban::testing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kNs = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

class PackageWriter {
 public:
  PackageWriter(std::ofstream& out, EdxmlNsStyle ns) : out_(out), ns_(ns) {}

  std::string Name(const std::string& local, bool attachment_part = false) const {
    switch (ns_) {
      case EdxmlNsStyle::kSample:
        return attachment_part ? local : "edXML:" + local;
      case EdxmlNsStyle::kOtherPrefix:
        return "ns2:" + local;
      default:
        return local;
    }
  }
  void Open(const std::string& local, const std::string& attrs = "", bool att = false) {
    out_ << Indent() << "<" << Name(local, att) << attrs << ">\n";
    ++depth_;
  }
  void Close(const std::string& local, bool att = false) {
    --depth_;
    out_ << Indent() << "</" << Name(local, att) << ">\n";
  }
  void Leaf(const std::string& local, const std::string& value, bool att = false) {
    out_ << Indent() << "<" << Name(local, att) << ">" << Escape(value) << "</" << Name(local, att)
         << ">\n";
  }
  std::string Indent() const { return std::string(static_cast<size_t>(depth_) * 2, ' '); }
  std::ofstream& out() { return out_; }
  EdxmlNsStyle ns() const { return ns_; }

 private:
  std::ofstream& out_;
  EdxmlNsStyle ns_;
  int depth_ = 0;
};

void WriteOrgan(PackageWriter& w, const std::string& tag, const std::string& id,
                const std::string& name) {
  w.Open(tag);
  w.Leaf("OrganId", id);
  w.Leaf("OrganizationInCharge", name);
  w.Leaf("OrganName", name);
  w.Leaf("OrganAdd", "Số 18 đường Nha Trang, thành phố Thái Nguyên");
  w.Leaf("Email", "vanthu@thainguyen.gov.vn");
  w.Leaf("Telephone", "0208 3855 610");
  w.Leaf("Fax", "0208 3855 611");
  w.Leaf("Website", "thainguyen.gov.vn");
  w.Close(tag);
}

constexpr const char* kSignatureTemplate = R"(<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
  <SignedInfo>
    <CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>
    <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
    <Reference URI="">
      <Transforms>
        <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
      </Transforms>
      <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
      <DigestValue></DigestValue>
    </Reference>
  </SignedInfo>
  <SignatureValue></SignatureValue>
  <KeyInfo>
    <X509Data>
      <X509SubjectName/>
      <X509Certificate/>
    </X509Data>
  </KeyInfo>
</Signature>
)";

Status WriteBase64Of(std::ofstream& out, const fs::path& source) {
  std::ifstream in(source, std::ios::binary);
  if (!in) return Status(ErrorCode::kNotFound, "fixture source " + source.string());
  std::string chunk(57 * 1024, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    out << Base64(chunk.substr(0, static_cast<size_t>(got)));
  }
  return Status::Ok();
}

Status RunPython(const std::string& script, const std::vector<std::string>& args,
                 const fs::path& log) {
  std::vector<std::string> argv = {"python3", "-c", script};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunLogged(argv, log);
}

}  // namespace

Status WriteEdxmlFixture(const EdxmlFixture& f, const fs::path& path) {
  TempDir work("vanban-edxml-fixture");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status(ErrorCode::kIoError, "cannot write " + path.string());
  PackageWriter w(out, f.ns);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (!f.prolog.empty()) out << f.prolog << "\n";
  std::string root_attrs;
  switch (f.ns) {
    case EdxmlNsStyle::kSample:
    case EdxmlNsStyle::kDefault:
      root_attrs = std::string(" xmlns=\"") + kNs + "\"";
      break;
    case EdxmlNsStyle::kOtherPrefix:
      root_attrs = std::string(" xmlns:ns2=\"") + kNs + "\"";
      break;
    case EdxmlNsStyle::kNone:
      break;
  }
  if (f.ns == EdxmlNsStyle::kSample) {
    out << "<edXML" << root_attrs << ">\n";
  } else {
    out << "<" << w.Name("edXML") << root_attrs << ">\n";
  }
  w.Open("edXMLEnvelope",
         f.ns == EdxmlNsStyle::kSample ? std::string(" xmlns:edXML=\"") + kNs + "\"" : "");
  w.Open("edXMLHeader");
  w.Open("MessageHeader");
  WriteOrgan(w, "From", f.from_id, f.from_name);
  for (const auto& [id, name] : f.to) WriteOrgan(w, "To", id, name);
  w.Leaf("DocumentId", f.document_id);
  w.Open("Code");
  w.Leaf("CodeNumber", f.code_number);
  w.Leaf("CodeNotation", f.code_notation);
  w.Close("Code");
  w.Open("PromulgationInfo");
  w.Leaf("Place", f.place);
  w.Leaf("PromulgationDate", f.date);
  w.Close("PromulgationInfo");
  w.Open("DocumentType");
  w.Leaf("Type", "1");
  w.Leaf("TypeName", f.type_name);
  w.Close("DocumentType");
  w.Leaf("Subject", f.subject);
  if (f.optional_parts) {
    w.Leaf("Content", f.subject);
    w.Open("SignerInfo");
    w.Leaf("Competence", f.competence);
    w.Leaf("Position", f.position);
    w.Leaf("FullName", f.signer);
    w.Close("SignerInfo");
    w.Leaf("DueDate", "");
    w.Open("OtherInfo");
    w.Leaf("Priority", "1");
    w.Leaf("SphereOfPromulgation", "Liên thông văn bản quốc gia");
    w.Leaf("TyperNotation", "NVA");
    w.Leaf("PromulgationAmount", "10");
    w.Leaf("PageAmount", "3");
    w.Leaf("Direction", "false");
    w.Close("OtherInfo");
    w.Leaf("SteeringType", "0");
    w.Open("ToPlaces");
    for (const auto& p : f.to_places) w.Leaf("Place", p);
    w.Close("ToPlaces");
  }
  w.Close("MessageHeader");
  w.Open("TraceHeaderList");
  w.Open("TraceHeader");
  w.Leaf("OrganId", f.from_id);
  w.Leaf("Timestamp", "2026/01/12 08:30:00");
  w.Close("TraceHeader");
  w.Open("Bussiness");
  if (!f.business_document_id.empty()) w.Leaf("DocumentId", f.business_document_id);
  w.Leaf("BussinessDocType", std::to_string(f.business_type));
  w.Leaf("BussinessDocReason", "Lý do nghiệp vụ");
  w.Leaf("Paper", "0");
  if (!f.replaced_ids.empty()) {
    w.Open("ReplacementInfoList");
    for (const auto& id : f.replaced_ids) {
      w.Open("ReplacementInfo");
      w.Leaf("DocumentId", id);
      w.Open("OrganIdList");
      for (const auto& [to_id, name] : f.to) w.Leaf("OrganId", to_id);
      w.Close("OrganIdList");
      w.Close("ReplacementInfo");
    }
    w.Close("ReplacementInfoList");
  }
  w.Close("Bussiness");
  w.Close("TraceHeaderList");
  if (f.signature_template) out << kSignatureTemplate;
  w.Close("edXMLHeader");
  w.Open("edXMLBody");
  w.Open("edXMLManifest", " version=\"1.0\"");
  int cid = 100;
  for (const auto& file : f.files) {
    w.Open("Reference");
    w.Leaf("ContentId", "cid:" + std::to_string(cid++));
    w.Leaf("ContentType", file.zip ? "application/zip" : file.content_type);
    w.Leaf("Description", file.description);
    w.Leaf("AttachmentName", file.name);
    w.Close("Reference");
  }
  w.Close("edXMLManifest");
  w.Close("edXMLBody");
  w.Close("edXMLEnvelope");
  w.Open("AttachmentEncoded", "", true);
  cid = 100;
  int n = 0;
  for (const auto& file : f.files) {
    w.Open("Attachment", "", true);
    w.Leaf("ContentId", "cid:" + std::to_string(cid++), true);
    w.Leaf("AttachmentName", file.name, true);
    w.Leaf("Description", file.description, true);
    w.Leaf("ContentType", file.zip ? "application/zip" : file.content_type, true);
    std::string tag = "ContentTransferEncoded";
    if (f.ns == EdxmlNsStyle::kSample) {
      out << w.Indent() << "<edXML:" << tag << " xmlns:edXML=\"" << kNs << "\">";
    } else {
      out << w.Indent() << "<" << w.Name(tag) << ">";
    }
    if (!file.raw_base64.empty()) {
      out << file.raw_base64;
    } else if (file.zip) {
      fs::path zip = work / ("a" + std::to_string(n++) + ".zip");
      VANBAN_RETURN_IF_ERROR(ZipOneFile(file.source, file.name, zip));
      VANBAN_RETURN_IF_ERROR(WriteBase64Of(out, zip));
    } else {
      VANBAN_RETURN_IF_ERROR(WriteBase64Of(out, file.source));
    }
    if (f.ns == EdxmlNsStyle::kSample) {
      out << "</edXML:" << tag << ">\n";
    } else {
      out << "</" << w.Name(tag) << ">\n";
    }
    w.Close("Attachment", true);
  }
  w.Close("AttachmentEncoded", true);
  out << "</" << w.Name("edXML", true) << ">\n";
  out.close();
  if (!out) return Status(ErrorCode::kIoError, "write " + path.string());
  return Status::Ok();
}

Status ZipOneFile(const fs::path& source, const std::string& entry, const fs::path& out) {
  return RunPython(
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "    z.write(sys.argv[2], sys.argv[3])\n",
      {out.string(), source.string(), entry}, out.string() + ".log");
}

Status ZipOfZeros(const fs::path& out, int64_t bytes) {
  return RunPython(
      "import sys, zipfile\n"
      "left = int(sys.argv[2]); block = bytes(1 << 20)\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "    with z.open('report.pdf', 'w', force_zip64=left >= 2**31) as f:\n"
      "        while left > 0:\n"
      "            n = min(left, len(block)); f.write(block[:n]); left -= n\n",
      {out.string(), std::to_string(bytes)}, out.string() + ".log");
}

Status ZeroZipSizes(const fs::path& zip) {
  return RunPython(
      "import struct, sys\n"
      "b = bytearray(open(sys.argv[1], 'rb').read())\n"
      "for sig, off in ((b'PK\\x03\\x04', 22), (b'PK\\x01\\x02', 24)):\n"
      "    i = b.find(sig)\n"
      "    while i >= 0:\n"
      "        b[i + off:i + off + 4] = struct.pack('<I', 1000)\n"
      "        i = b.find(sig, i + 4)\n"
      "open(sys.argv[1], 'wb').write(bytes(b))\n",
      {zip.string()}, zip.string() + ".patch.log");
}

Status WriteNoiseFile(const fs::path& out, int64_t bytes, uint32_t seed) {
  std::ofstream o(out, std::ios::binary | std::ios::trunc);
  if (!o) return Status(ErrorCode::kIoError, "cannot write " + out.string());
  uint64_t x = 0x9E3779B97F4A7C15ull ^ seed;
  std::string block(1 << 20, '\0');
  int64_t left = bytes;
  while (left > 0) {
    for (size_t i = 0; i < block.size(); i += 8) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      for (size_t k = 0; k < 8; ++k) block[i + k] = static_cast<char>((x >> (8 * k)) & 0xff);
    }
    int64_t n = std::min<int64_t>(left, static_cast<int64_t>(block.size()));
    o.write(block.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
  return o ? Status::Ok() : Status(ErrorCode::kIoError, "write " + out.string());
}

Status MakeSigningCert(const fs::path& dir, const std::string& cn) {
  return RunLogged({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    (dir / "key.pem").string(), "-out", (dir / "cert.pem").string(), "-days", "30",
                    "-subj", "/CN=" + cn + "/O=Vanban test"},
                   dir / "openssl.log");
}

Status SignEdxml(const fs::path& in, const fs::path& key, const fs::path& cert,
                 const fs::path& out) {
  return RunLogged({"xmlsec1", "--sign", "--privkey-pem", key.string() + "," + cert.string(),
                    "--output", out.string(), in.string()},
                   out.string() + ".log");
}

fs::path EdxmlSampleDir() { return SourceDir() / "tests" / "data" / "edxml"; }

}  // namespace vanban::testing
