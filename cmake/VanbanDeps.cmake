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
# libgs-dev ships no pkg-config file: Ghostscript::libgs from the library and its header.
find_library(GHOSTSCRIPT_LIBRARY NAMES gs REQUIRED)
find_path(GHOSTSCRIPT_INCLUDE_DIR ghostscript/iapi.h REQUIRED)
add_library(Ghostscript::libgs UNKNOWN IMPORTED)
set_target_properties(Ghostscript::libgs PROPERTIES
  IMPORTED_LOCATION "${GHOSTSCRIPT_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${GHOSTSCRIPT_INCLUDE_DIR}")
if(VANBAN_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)                           # GTest::gtest_main GTest::gmock
endif()
if(VANBAN_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)                       # benchmark::benchmark
endif()

# Lucene++ installs generic header names (Config.h, Document.h, ...): only index/ may see them.
add_library(vanban_lucenepp INTERFACE)
target_link_libraries(vanban_lucenepp INTERFACE PkgConfig::LUCENEPP Boost::headers)

# LibreOffice UNO client (convert/src/office_*): no *.hpp headers ship pre-generated, so
# cppumaker writes them into the build tree from the installed type registries at build time.
# The -dev package keeps the unversioned link libraries in sdk/lib; at run time they resolve
# from program/ (rpath), which is also where cppu finds its unorc/fundamentalrc.
set(LO_PROGRAM_DIR /usr/lib/libreoffice/program)
set(LO_SDK_DIR /usr/lib/libreoffice/sdk)
find_program(CPPUMAKER cppumaker PATHS ${LO_SDK_DIR}/bin NO_DEFAULT_PATH REQUIRED)
set(UNO_GEN_DIR ${CMAKE_BINARY_DIR}/uno_gen)
set(UNO_RDBS ${LO_PROGRAM_DIR}/types.rdb ${LO_PROGRAM_DIR}/types/offapi.rdb)
add_custom_command(OUTPUT ${UNO_GEN_DIR}/stamp
  COMMAND ${CPPUMAKER} -Gc -O${UNO_GEN_DIR} ${UNO_RDBS}
  COMMAND ${CMAKE_COMMAND} -E touch ${UNO_GEN_DIR}/stamp
  DEPENDS ${UNO_RDBS} COMMENT "cppumaker: generating UNO C++ headers")
add_custom_target(uno_headers DEPENDS ${UNO_GEN_DIR}/stamp)
add_library(lo_uno INTERFACE)
add_dependencies(lo_uno uno_headers)
target_include_directories(lo_uno SYSTEM INTERFACE ${UNO_GEN_DIR} ${LO_SDK_DIR}/include)
target_compile_definitions(lo_uno INTERFACE UNX GCC LINUX CPPU_ENV=gcc3)
target_link_directories(lo_uno INTERFACE ${LO_SDK_DIR}/lib)
target_link_options(lo_uno INTERFACE "LINKER:-rpath,${LO_PROGRAM_DIR}")
target_link_libraries(lo_uno INTERFACE uno_cppuhelpergcc3 uno_cppu uno_salhelpergcc3 uno_sal)

# libarchive: office packages (ZIP) are inspected for size, ratio and entry count before
# LibreOffice is given them.
find_package(LibArchive 3.6 REQUIRED)                          # LibArchive::LibArchive

# OCR (convert/src/ocr_*, image_*): Tesseract and Leptonica have no CMake config files.
# Leptonica alone is also what the scan fixtures (tests/support/scan_fixtures.*) draw with.
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract lept)   # PkgConfig::TESSERACT
pkg_check_modules(LEPTONICA REQUIRED IMPORTED_TARGET lept)             # PkgConfig::LEPTONICA
