// PDF/A-2b through Ghostscript's interpreter library (libgs), in-process.
//
// The arguments follow Ghostscript's documented PDF/A recipe (doc/VectorDevices, "Creating
// PDF/A files") as OCRmyPDF applies it: pdfwrite with -dPDFA=2, -dPDFACompatibilityPolicy=1
// (drop what PDF/A forbids instead of failing), colour converted to RGB so that it matches the
// sRGB output intent that a small PostScript prologue (pdfmark) adds, pages never auto-rotated.
#include <ghostscript/iapi.h>
#include <ghostscript/ierrors.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "pdfa_poppler.h"
#include "vanban/convert/pdfa.h"
#include "vanban/convert/text.h"

namespace vanban {
namespace {

namespace fs = std::filesystem;

// Debian's libgs 10.0 allows several interpreter instances per process, but it is not built
// GS_THREADSAFE (the x11 and uniprint devices are linked in), it uses the system lcms2 instead
// of Artifex's thread-safe fork, and helgrind finds unsynchronised writes to process-global
// state (a 128-byte array in libgs's BSS, zeroed by every gsapi_init_with_args) when two
// pdfwrite instances run at once. So one interpreter runs at a time. libgs has no working
// interrupt (gsapi_set_poll is never called: built without CHECK_INTERRUPTS), so a conversion
// cannot be cancelled; waiters give up after kLockWait instead of blocking a worker forever.
std::timed_mutex& GhostscriptMutex() {
  static std::timed_mutex m;
  return m;
}
constexpr auto kLockWait = std::chrono::minutes(10);

// sRGB profiles, best first: Ghostscript's own (libgs-common, a dependency of libgs), then
// icc-profiles-free's. Both are ICC v2, which every PDF/A part accepts.
constexpr std::array<const char*, 3> kSrgbProfiles = {
    "/usr/share/color/icc/ghostscript/srgb.icc",
    "/usr/share/color/icc/sRGB.icc",
    "/usr/share/ghostscript/iccprofiles/srgb.icc",
};

// Ghostscript's messages are kept for the error Status only; a hostile file could make it
// print without end, so only the first part is kept.
constexpr size_t kMaxCapture = 16 * 1024;

int GSDLLCALL NoInput(void*, char*, int) { return 0; }

int GSDLLCALL Capture(void* handle, const char* str, int len) {
  auto* out = static_cast<std::string*>(handle);
  if (len > 0 && out->size() < kMaxCapture) {
    out->append(str, std::min(static_cast<size_t>(len), kMaxCapture - out->size()));
  }
  return len;
}

// A PostScript string literal: backslash, parentheses and anything outside printable ASCII
// escaped (octal), so any path survives the PostScript scanner byte for byte.
std::string PostScriptString(const std::string& bytes) {
  std::string out = "(";
  for (unsigned char c : bytes) {
    if (c == '\\' || c == '(' || c == ')') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7e) {
      char oct[5];
      std::snprintf(oct, sizeof oct, "\\%03o", c);
      out += oct;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + ")";
}

// The pdfmark prologue: the sRGB profile as an ICC stream (/N 3: RGB, matching
// -sColorConversionStrategy=RGB) and the PDF/A output intent that points to it. Unlike
// Ghostscript's PDFA_def.ps template it sets no /Title, so the document keeps its own.
std::string PdfaDefinition(const fs::path& icc) {
  return "%!\n"
         "% PDF/A-2 output intent for Ghostscript's pdfwrite, written by vanban per conversion.\n"
         "/ICCProfile " +
         PostScriptString(icc.string()) +
         " def\n"
         "[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark\n"
         "[{icc_PDFA} << /N 3 >> /PUT pdfmark\n"
         "[{icc_PDFA} ICCProfile (r) file /PUT pdfmark\n"
         "[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark\n"
         "[{OutputIntent_PDFA} <<\n"
         "  /Type /OutputIntent\n"
         "  /S /GTS_PDFA1\n"
         "  /DestOutputProfile {icc_PDFA}\n"
         "  /OutputConditionIdentifier (sRGB)\n"
         ">> /PUT pdfmark\n"
         "[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark\n";
}

// -sOutputFile treats '%' as the start of a page-number format ("page-%d.pdf").
std::string OutputFileArg(const fs::path& p) {
  std::string out = "-sOutputFile=";
  for (char c : p.string()) {
    out += c;
    if (c == '%') out += '%';
  }
  return out;
}

// A directory beside `out` (same file system, so the result is renamed into place), removed
// with everything in it when the conversion ends, whatever the outcome.
class ScratchDir {
 public:
  explicit ScratchDir(const fs::path& beside) {
    fs::path parent = beside.parent_path().empty() ? fs::path(".") : beside.parent_path();
    std::string templ = (parent / ".pdfa-XXXXXX").string();
    if (::mkdtemp(templ.data()) != nullptr)
      path_ = templ;
    else
      error_ = std::strerror(errno);
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const std::string& error() const { return error_; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  std::string error_;
};

std::string GsErrorName(int code) {
  switch (code) {
    case gs_error_unknownerror:
      return "unknownerror";
    case gs_error_invalidaccess:
      return "invalidaccess";
    case gs_error_invalidfileaccess:
      return "invalidfileaccess";
    case gs_error_invalidfont:
      return "invalidfont";
    case gs_error_ioerror:
      return "ioerror";
    case gs_error_limitcheck:
      return "limitcheck";
    case gs_error_rangecheck:
      return "rangecheck";
    case gs_error_syntaxerror:
      return "syntaxerror";
    case gs_error_typecheck:
      return "typecheck";
    case gs_error_undefined:
      return "undefined";
    case gs_error_undefinedfilename:
      return "undefinedfilename";
    case gs_error_undefinedresult:
      return "undefinedresult";
    case gs_error_VMerror:
      return "VMerror";
    case gs_error_Fatal:
      return "Fatal";
    default:
      return "error " + std::to_string(code);
  }
}

// Ghostscript's output as one line for a Status: valid UTF-8 (its messages quote bytes from
// the file, and the Status ends up in JSON), whitespace collapsed, at most ~600 bytes.
std::string OneLine(const std::string& text) {
  constexpr size_t kMax = 600;
  std::string out = CollapseToOneLine(RepairUtf8(text));
  if (out.size() > kMax) {
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += " …";
  }
  return out.empty() ? "no message" : out;
}

// Ghostscript's PDF interpreter reports damage it cannot repair as "**** Error: ...".
bool ReportsDamagedInput(const std::string& messages) {
  return messages.find("**** Error") != std::string::npos ||
         messages.find("requires a password") != std::string::npos;
}

struct GsRun {
  int code = 0;  // < 0: Ghostscript failed
  std::string messages;
};

// One interpreter, start to end, under the process-wide lock (held by the caller).
GsRun RunGhostscript(std::vector<std::string> args) {
  GsRun run;
  void* instance = nullptr;
  run.code = gsapi_new_instance(&instance, nullptr);
  if (run.code < 0) {
    run.messages = "gsapi_new_instance failed";
    return run;
  }
  gsapi_set_stdio_with_handle(instance, NoInput, Capture, Capture, &run.messages);
  run.code = gsapi_set_arg_encoding(instance, GS_ARG_ENCODING_UTF8);
  if (run.code == 0) {
    std::vector<char*> argv;
    argv.reserve(args.size());
    for (std::string& a : args) argv.push_back(a.data());
    run.code = gsapi_init_with_args(instance, static_cast<int>(argv.size()), argv.data());
    // -dBATCH ends the run with "quit", which the API reports as gs_error_Quit: not an error.
    if (run.code == gs_error_Quit) run.code = 0;
    // pdfwrite finishes the file when the device closes, at exit: its failures count too.
    int exit_code = gsapi_exit(instance);
    if (run.code == 0 && exit_code < 0) run.code = exit_code;
  }
  gsapi_delete_instance(instance);
  return run;
}

}  // namespace

std::string GhostscriptVersion() {
  gsapi_revision_t r{};
  if (gsapi_revision(&r, sizeof r) != 0) return "Ghostscript (libgs)";
  // revision 10000 is 10.00.0, 9561 is 9.56.1.
  char v[32];
  std::snprintf(v, sizeof v, "%ld.%02ld.%ld", r.revision / 1000, (r.revision / 10) % 100,
                r.revision % 10);
  return std::string("Ghostscript ") + v + " (libgs)";
}

Status ConvertToPdfA(const fs::path& in, const fs::path& out) {
  return ConvertPagesToPdfA({in}, out);
}

Status ConvertPagesToPdfA(const std::vector<fs::path>& inputs, const fs::path& out) {
  if (inputs.empty()) return Status(ErrorCode::kInternal, "no PDF to convert to PDF/A");
  int pages = 0;
  for (const fs::path& in : inputs) {
    auto source = OpenPdf(in);
    if (!source.ok()) return source.status();
    pages += (*source)->pages();
  }

  fs::path icc;
  std::error_code ec;
  for (const char* candidate : kSrgbProfiles) {
    if (fs::is_regular_file(candidate, ec)) {
      icc = candidate;
      break;
    }
  }
  if (icc.empty()) {
    return Status(ErrorCode::kInternal,
                  "no sRGB ICC profile found (install libgs-common or icc-profiles-free)");
  }

  ScratchDir scratch(out);
  if (!scratch.ok()) {
    return Status(ErrorCode::kIoError,
                  "cannot create a directory beside " + out.string() + ": " + scratch.error());
  }
  const fs::path definition = scratch.path() / "pdfa_def.ps";
  const fs::path result = scratch.path() / "pdfa.pdf";
  {
    std::ofstream def(definition, std::ios::binary);
    def << PdfaDefinition(icc);
    if (!def.flush()) {
      return Status(ErrorCode::kIoError, "cannot write " + definition.string());
    }
  }

  // Absolute paths: a relative one starting with '-' or '%' would be read as an option or a
  // Ghostscript device name. Several inputs are written one after the other into one output.
  std::vector<std::string> args = {
      "vanban",
      "-dSAFER",
      "-dBATCH",
      "-dNOPAUSE",
      "-dQUIET",
      "-sDEVICE=pdfwrite",
      "-dPDFA=2",
      "-dPDFACompatibilityPolicy=1",
      "-sColorConversionStrategy=RGB",
      "-dAutoRotatePages=/None",
      "--permit-file-read=" + icc.string(),
      OutputFileArg(fs::absolute(result, ec)),
      fs::absolute(definition, ec).string(),
  };
  for (const fs::path& in : inputs) args.push_back(fs::absolute(in, ec).string());
  GsRun run;
  {
    std::unique_lock lock(GhostscriptMutex(), kLockWait);
    if (!lock.owns_lock()) {
      return Status(ErrorCode::kBusy, "Ghostscript has been busy with other conversions for " +
                                          std::to_string(kLockWait.count()) + " minutes");
    }
    run = RunGhostscript(std::move(args));
  }

  if (run.code < 0) {
    std::string what =
        "Ghostscript failed (" + GsErrorName(run.code) + "): " + OneLine(run.messages);
    if (ReportsDamagedInput(run.messages)) return Status(ErrorCode::kCorrupt, what);
    if (run.code == gs_error_ioerror) return Status(ErrorCode::kIoError, what);
    return Status(ErrorCode::kInternal, what);
  }
  auto made = OpenPdf(result);
  if (!made.ok()) {
    return Status(ErrorCode::kInternal, "Ghostscript wrote no readable PDF (" +
                                            made.status().ToString() +
                                            "): " + OneLine(run.messages));
  }
  if ((*made)->pages() != pages) {
    std::string what = "Ghostscript wrote " + std::to_string((*made)->pages()) + " of " +
                       std::to_string(pages) + " pages: " + OneLine(run.messages);
    return Status(ReportsDamagedInput(run.messages) ? ErrorCode::kCorrupt : ErrorCode::kInternal,
                  what);
  }
  poppler::byte_array xmp = (*made)->metadata().to_utf8();
  made->reset();
  auto info = PdfaInfoFromXmp(std::string_view(xmp.data(), xmp.size()));
  if (!info.ok() || info->part != 2) {
    return Status(ErrorCode::kInternal,
                  "Ghostscript's output does not declare PDF/A-2 (pdfaid:part " +
                      (info.ok() ? std::to_string(info->part) : info.status().ToString()) +
                      "): " + OneLine(run.messages));
  }
  fs::rename(result, out, ec);
  if (ec) {
    return Status(ErrorCode::kIoError,
                  "cannot move the PDF/A to " + out.string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace vanban
