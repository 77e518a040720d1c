// Private to the edXML reader: XML-DSig verification of an enveloped signature with xmlsec
// (OpenSSL backend).
#pragma once

#include "vanban/ingest/edxml.h"

namespace vanban::edxml_internal {

// Verifies the first XML-DSig Signature of the package open on `fd` (read from offset 0; `size`
// bytes). The package is parsed again as a DOM under the same refusals as the streaming pass
// (no DTD entities, no external identifiers, limits.max_depth). Only a Reference with URI=""
// (the whole package, enveloped) and the usual c14n, digest and RSA/ECDSA/DSA transforms are
// accepted; no URI is ever dereferenced. The key comes from the signature's KeyInfo; the
// certificate is checked against trust.ca_file when one is given.
EdxmlSignature VerifyEdxmlSignature(int fd, int64_t size, const EdxmlLimits& limits,
                                    const EdxmlTrust& trust);

}  // namespace vanban::edxml_internal
