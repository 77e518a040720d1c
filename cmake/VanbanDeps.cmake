# Every dependency is a Debian 12 package (see scripts/install-deps.sh); nothing is vendored
# and nothing is downloaded at build time. Notes on each library: docs/architecture.md.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(LibXml2 REQUIRED)                                  # LibXml2::LibXml2
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)                # ICU::uc ICU::i18n
find_package(SQLite3 REQUIRED)                                  # SQLite::SQLite3
find_package(OpenSSL REQUIRED)                                  # OpenSSL::Crypto (sha256)
find_package(Boost 1.74 REQUIRED)                               # Boost::headers (Lucene++ headers)
find_package(nlohmann_json 3 REQUIRED)                          # nlohmann_json::nlohmann_json
find_package(civetweb CONFIG REQUIRED)                          # civetweb::civetweb-cpp
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(LUCENEPP REQUIRED IMPORTED_TARGET liblucene++ liblucene++-contrib)
pkg_check_modules(LIBMAGIC REQUIRED IMPORTED_TARGET libmagic)
if(VANBAN_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)                           # GTest::gtest_main GTest::gmock
endif()
if(VANBAN_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)                       # benchmark::benchmark
endif()

# Lucene++ installs generic header names (Config.h, Document.h, ...): only index/ may see them.
add_library(vanban_lucenepp INTERFACE)
target_link_libraries(vanban_lucenepp INTERFACE PkgConfig::LUCENEPP Boost::headers)
