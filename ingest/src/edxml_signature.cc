#include "edxml_signature.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <unistd.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <cerrno>
#include <memory>
#include <mutex>
#include <string>

namespace vanban::edxml_internal {
namespace {

thread_local std::string tls_xmlsec_error;

// xmlsec reports through one global callback: keep the first error of this thread's call
// instead of printing it.
void CaptureXmlsecError(const char* /*file*/, int /*line*/, const char* func,
                        const char* error_object, const char* error_subject, int reason,
                        const char* msg) {
  if (!tls_xmlsec_error.empty()) return;
  std::string s;
  if (msg != nullptr) s = msg;
  if (error_subject != nullptr) s += std::string(s.empty() ? "" : " ") + "(" + error_subject + ")";
  if (s.empty() && func != nullptr) s = func;
  (void)error_object;
  tls_xmlsec_error = s + " [reason " + std::to_string(reason) + "]";
}

bool InitXmlsec(std::string& why) {
  static std::once_flag once;
  static bool ok = false;
  static std::string failure;
  std::call_once(once, [] {
    if (xmlSecInit() < 0) {
      failure = "xmlSecInit failed";
    } else if (xmlSecCheckVersion() != 1) {
      failure = "xmlsec library version mismatch";
    } else if (xmlSecCryptoAppInit(nullptr) < 0) {
      failure = "xmlsec OpenSSL backend initialisation failed";
    } else if (xmlSecCryptoInit() < 0) {
      failure = "xmlsec crypto initialisation failed";
    } else {
      ok = true;
    }
    // After xmlSecInit, which installs the default (printing) callback.
    xmlSecErrorsSetCallback(CaptureXmlsecError);
  });
  why = failure;
  return ok;
}

struct DomBuild {
  xmlParserCtxtPtr ctxt = nullptr;
  int depth = 0;
  int max_depth = 0;
  std::string refused;
  startElementNsSAX2Func start = nullptr;
  endElementNsSAX2Func end = nullptr;
};

DomBuild* BuildOf(void* ctx) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  return static_cast<DomBuild*>(ctxt->_private);
}

void Refuse(void* ctx, const std::string& why) {
  DomBuild* b = BuildOf(ctx);
  if (b->refused.empty()) b->refused = why;
  xmlStopParser(b->ctxt);
}

void DomEntityDecl(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
  Refuse(ctx, "entity declaration");
}
void DomUnparsedEntityDecl(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*,
                           const xmlChar*) {
  Refuse(ctx, "entity declaration");
}
void DomInternalSubset(void* ctx, const xmlChar* name, const xmlChar* external_id,
                       const xmlChar* system_id) {
  if (external_id != nullptr || system_id != nullptr) {
    Refuse(ctx, "DOCTYPE with an external identifier");
    return;
  }
  xmlSAX2InternalSubset(ctx, name, external_id, system_id);
}
void DomStart(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
              int nb_namespaces, const xmlChar** namespaces, int nb_attributes, int nb_defaulted,
              const xmlChar** attributes) {
  DomBuild* b = BuildOf(ctx);
  if (++b->depth > b->max_depth) {
    Refuse(ctx, "nesting deeper than " + std::to_string(b->max_depth));
    return;
  }
  b->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
           attributes);
}
void DomEnd(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
  DomBuild* b = BuildOf(ctx);
  --b->depth;
  b->end(ctx, localname, prefix, uri);
}
void Silent(void*, const char*, ...) {}
void SilentStructured(void*, xmlErrorPtr) {}

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

// The package as a DOM, parsed from `fd` with the reader's refusals.
DocPtr ParseDom(int fd, int64_t size, const EdxmlLimits& limits, std::string& why) {
  xmlSAXHandler sax;
  xmlSAXVersion(&sax, 2);
  DomBuild build;
  build.max_depth = limits.max_depth;
  build.start = sax.startElementNs;
  build.end = sax.endElementNs;
  sax.startElementNs = DomStart;
  sax.endElementNs = DomEnd;
  sax.entityDecl = DomEntityDecl;
  sax.unparsedEntityDecl = DomUnparsedEntityDecl;
  sax.internalSubset = DomInternalSubset;
  sax.externalSubset = nullptr;  // never load a DTD
  sax.resolveEntity = nullptr;
  sax.warning = Silent;
  sax.error = Silent;
  sax.serror = SilentStructured;
  if (::lseek(fd, 0, SEEK_SET) != 0) {
    why = "cannot rewind the package";
    return nullptr;
  }
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(
      xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr), xmlFreeParserCtxt);
  if (!ctxt) {
    why = "cannot create an XML parser";
    return nullptr;
  }
  build.ctxt = ctxt.get();
  ctxt->_private = &build;
  // Text nodes of big attachments exceed libxml2's 10 MB default: the nesting and entity
  // refusals above take the place of the limits XML_PARSE_HUGE lifts.
  int options = XML_PARSE_NONET | (size > (10 << 20) ? XML_PARSE_HUGE : 0);
  xmlCtxtUseOptions(ctxt.get(), options);
  std::string buf(256 * 1024, '\0');
  int64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      why = "read error";
      break;
    }
    total += n;
    if (total > size) {
      why = "the package changed while it was read";
      break;
    }
    xmlParseChunk(ctxt.get(), buf.data(), static_cast<int>(n), n == 0 ? 1 : 0);
    if (!build.refused.empty() || ctxt->disableSAX || n == 0) break;
  }
  if (why.empty() && !build.refused.empty()) why = "refused: " + build.refused;
  if (why.empty() && !ctxt->wellFormed) why = "not well-formed";
  DocPtr doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  if (!why.empty()) return nullptr;
  return doc;
}

std::string SubjectOf(X509* cert) {
  if (cert == nullptr) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio) return {};
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

void EnableTransforms(xmlSecDSigCtxPtr ctx) {
  const xmlSecTransformId c14n[] = {
      xmlSecTransformInclC14NId,   xmlSecTransformInclC14NWithCommentsId,
      xmlSecTransformExclC14NId,   xmlSecTransformExclC14NWithCommentsId,
      xmlSecTransformInclC14N11Id, xmlSecTransformInclC14N11WithCommentsId};
  const xmlSecTransformId digests[] = {xmlSecTransformSha1Id, xmlSecTransformSha224Id,
                                       xmlSecTransformSha256Id, xmlSecTransformSha384Id,
                                       xmlSecTransformSha512Id};
  const xmlSecTransformId signatures[] = {
      xmlSecTransformRsaSha1Id,     xmlSecTransformRsaSha224Id,   xmlSecTransformRsaSha256Id,
      xmlSecTransformRsaSha384Id,   xmlSecTransformRsaSha512Id,   xmlSecTransformEcdsaSha1Id,
      xmlSecTransformEcdsaSha224Id, xmlSecTransformEcdsaSha256Id, xmlSecTransformEcdsaSha384Id,
      xmlSecTransformEcdsaSha512Id, xmlSecTransformDsaSha1Id,     xmlSecTransformDsaSha256Id};
  for (auto id : c14n) {
    xmlSecDSigCtxEnableReferenceTransform(ctx, id);
    xmlSecDSigCtxEnableSignatureTransform(ctx, id);
  }
  xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformEnvelopedId);
  for (auto id : digests) xmlSecDSigCtxEnableReferenceTransform(ctx, id);
  for (auto id : signatures) xmlSecDSigCtxEnableSignatureTransform(ctx, id);
}

EdxmlSignature Invalid(std::string detail) {
  EdxmlSignature s;
  s.state = EdxmlSignatureState::kInvalid;
  s.detail = std::move(detail);
  return s;
}

}  // namespace

EdxmlSignature VerifyEdxmlSignature(int fd, int64_t size, const EdxmlLimits& limits,
                                    const EdxmlTrust& trust) {
  if (size > limits.max_signature_package_bytes) {
    EdxmlSignature s;
    s.state = EdxmlSignatureState::kUnverified;
    s.detail = "package of " + std::to_string(size) + " bytes is over the " +
               std::to_string(limits.max_signature_package_bytes) +
               " bytes verified as a DOM; signature not checked";
    return s;
  }
  std::string why;
  if (!InitXmlsec(why)) {
    EdxmlSignature s;
    s.state = EdxmlSignatureState::kUnverified;
    s.detail = why;
    return s;
  }
  DocPtr doc = ParseDom(fd, size, limits, why);
  if (!doc) return Invalid("package could not be parsed for verification: " + why);
  xmlNodePtr root = xmlDocGetRootElement(doc.get());
  xmlNodePtr node =
      root == nullptr ? nullptr : xmlSecFindNode(root, xmlSecNodeSignature, xmlSecDSigNs);
  if (node == nullptr) return Invalid("no XML-DSig Signature element found");

  std::unique_ptr<xmlSecKeysMngr, decltype(&xmlSecKeysMngrDestroy)> mngr(xmlSecKeysMngrCreate(),
                                                                         xmlSecKeysMngrDestroy);
  if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr.get()) < 0) {
    EdxmlSignature s;
    s.state = EdxmlSignatureState::kUnverified;
    s.detail = "cannot create the xmlsec keys manager";
    return s;
  }
  tls_xmlsec_error.clear();
  if (!trust.ca_file.empty() &&
      xmlSecCryptoAppKeysMngrCertLoad(mngr.get(), trust.ca_file.c_str(), xmlSecKeyDataFormatPem,
                                      xmlSecKeyDataTypeTrusted) < 0) {
    EdxmlSignature s;
    s.state = EdxmlSignatureState::kUnverified;
    s.detail =
        "cannot load trusted certificates " + trust.ca_file.string() + ": " + tls_xmlsec_error;
    return s;
  }
  std::unique_ptr<xmlSecDSigCtx, decltype(&xmlSecDSigCtxDestroy)> ctx(
      xmlSecDSigCtxCreate(mngr.get()), xmlSecDSigCtxDestroy);
  if (!ctx) return Invalid("cannot create the xmlsec signature context");
  // Only the whole document may be referenced: no external URIs, no partial references that
  // would leave unsigned content beside signed content.
  ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
  if (trust.ca_file.empty()) {
    ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
  }
  EnableTransforms(ctx.get());
  tls_xmlsec_error.clear();
  if (xmlSecDSigCtxVerify(ctx.get(), node) < 0) {
    return Invalid("signature cannot be processed: " +
                   (tls_xmlsec_error.empty() ? std::string("xmlsec error") : tls_xmlsec_error));
  }
  EdxmlSignature s;
  if (ctx->signKey != nullptr) {
    xmlSecKeyDataPtr x509 = xmlSecKeyGetData(ctx->signKey, xmlSecOpenSSLKeyDataX509Id);
    if (x509 != nullptr) s.signer_subject = SubjectOf(xmlSecOpenSSLKeyDataX509GetKeyCert(x509));
  }
  if (ctx->status != xmlSecDSigStatusSucceeded) {
    s.state = EdxmlSignatureState::kInvalid;
    s.detail = "signature does not match the package (digest or signature value differs)";
    return s;
  }
  s.state = EdxmlSignatureState::kValid;
  s.chain_verified = !trust.ca_file.empty();
  return s;
}

}  // namespace vanban::edxml_internal
