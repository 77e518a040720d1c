// XML-DSig on edXML packages: signed by xmlsec1 with a key and certificate openssl makes at
// test time, verified by the reader; tampered -> invalid; unsigned -> absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/edxml_fixtures.h"
#include "support/temp_dir.h"
#include "vanban/ingest/edxml.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;
using testing::EdxmlFixture;
using testing::EdxmlFixtureFile;
using ::testing::HasSubstr;
using testing::TempDir;

class EdxmlSignatureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::MakeSigningCert(tmp_.path(), "Van thu UBND tinh Thai Nguyen").ok());
    fs::path pdf = tmp_ / "doc.pdf";
    testing::WriteFile(pdf, "%PDF-1.4 signed attachment\n");
    EdxmlFixture f;
    f.signature_template = true;
    f.files = {EdxmlFixtureFile{pdf, "qd.pdf"}};
    ASSERT_TRUE(testing::WriteEdxmlFixture(f, tmp_ / "template.edxml").ok());
    Status st = testing::SignEdxml(tmp_ / "template.edxml", tmp_ / "key.pem", tmp_ / "cert.pem",
                                   tmp_ / "signed.edxml");
    ASSERT_TRUE(st.ok()) << st.ToString();
    signed_ = testing::ReadFile(tmp_ / "signed.edxml");
  }
  Result<EdxmlPackage> ReadBytes(const std::string& bytes, const EdxmlTrust& trust = {},
                                 const EdxmlLimits& limits = EdxmlLimits{}) {
    fs::path p = tmp_ / ("in" + std::to_string(n_) + ".edxml");
    testing::WriteFile(p, bytes);
    return ReadEdxml(p, limits, tmp_ / ("att" + std::to_string(n_++)), trust);
  }
  TempDir tmp_;
  std::string signed_;
  int n_ = 0;
};

TEST_F(EdxmlSignatureTest, SignedIsValid) {
  auto r = ReadBytes(signed_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kValid) << r->signature.detail;
  EXPECT_THAT(r->signature.signer_subject, HasSubstr("CN=Van thu UBND tinh Thai Nguyen"));
  EXPECT_FALSE(r->signature.chain_verified);
  EXPECT_EQ(r->number, "01/2026/QĐ-UBND");
  ASSERT_EQ(r->attachments.size(), 1u);
}

TEST_F(EdxmlSignatureTest, ValidWithTheCertificateAsTrustAnchor) {
  auto r = ReadBytes(signed_, EdxmlTrust{tmp_ / "cert.pem"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kValid) << r->signature.detail;
  EXPECT_TRUE(r->signature.chain_verified);
}

TEST_F(EdxmlSignatureTest, UntrustedCertificateIsInvalidWhenAnAnchorIsGiven) {
  TempDir other;
  ASSERT_TRUE(testing::MakeSigningCert(other.path(), "Someone else").ok());
  auto r = ReadBytes(signed_, EdxmlTrust{other / "cert.pem"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kInvalid);
}

TEST_F(EdxmlSignatureTest, TamperedHeaderIsInvalid) {
  std::string t = signed_;
  size_t at = t.find("Ban hành Quy chế");
  ASSERT_NE(at, std::string::npos);
  t.replace(at, 3, "Bãi");
  auto r = ReadBytes(t);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kInvalid);
  EXPECT_THAT(r->signature.detail, HasSubstr("does not match"));
}

TEST_F(EdxmlSignatureTest, TamperedAttachmentIsInvalid) {
  // The attachment sits outside the envelope; the signature (URI="") covers it anyway.
  std::string t = signed_;
  size_t at = t.find("JVBERi0xLjQg");
  ASSERT_NE(at, std::string::npos);
  t[at + 9] = 'R';
  auto r = ReadBytes(t);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kInvalid);
}

TEST_F(EdxmlSignatureTest, UnsignedIsAbsent) {
  ASSERT_TRUE(testing::WriteEdxmlFixture(EdxmlFixture{}, tmp_ / "plain.edxml").ok());
  auto r = ReadBytes(testing::ReadFile(tmp_ / "plain.edxml"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kAbsent);
  EXPECT_TRUE(r->signature.detail.empty());
}

TEST_F(EdxmlSignatureTest, EmptyTemplateIsInvalid) {
  auto r = ReadBytes(testing::ReadFile(tmp_ / "template.edxml"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kInvalid);
}

TEST_F(EdxmlSignatureTest, ExternalReferenceIsNotFollowed) {
  std::string t = signed_;
  size_t at = t.find("URI=\"\"");
  ASSERT_NE(at, std::string::npos);
  t.replace(at, 6, "URI=\"http://127.0.0.1:9/x\"");
  auto r = ReadBytes(t);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kInvalid);
}

TEST_F(EdxmlSignatureTest, OverTheDomLimitIsUnverified) {
  EdxmlLimits limits;
  limits.max_signature_package_bytes = 1000;
  auto r = ReadBytes(signed_, {}, limits);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->signature.state, EdxmlSignatureState::kUnverified);
  EXPECT_EQ(EdxmlSignatureStateName(r->signature.state), "unverified");
}

}  // namespace
}  // namespace vanban
