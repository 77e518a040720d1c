#include "support/scan_fixtures.h"

#include <leptonica/allheaders.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include "support/fixture_util.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "vanban/convert/text.h"

namespace vanban::testing {
namespace {

namespace fs = std::filesystem;

// Bump when any degradation below changes: the cache directory changes with it.
constexpr int kScanVersion = 1;

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

fs::path ScansDir() { return FixturesDir() / ("scans-v" + std::to_string(kScanVersion)); }

// FNV-1a: a seed that depends on the name only (std::hash is not specified to be stable).
uint64_t NameHash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint8_t Clamp(double v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0l, 255l)); }

// Rasterises pages [first, last] (1-based; last 0: all) of `pdf` as 8-bit gray at `dpi`.
Result<std::vector<PixPtr>> RasterisePages(const fs::path& pdf, int dpi, int first, int last) {
  TempDir work("vanban-scan");
  std::vector<std::string> argv = {"pdftoppm", "-r", std::to_string(dpi), "-gray", "-png"};
  if (first > 0) argv.insert(argv.end(), {"-f", std::to_string(first)});
  if (last > 0) argv.insert(argv.end(), {"-l", std::to_string(last)});
  argv.insert(argv.end(), {pdf.string(), (work.path() / "page").string()});
  VANBAN_RETURN_IF_ERROR(RunLogged(argv, work.path() / "pdftoppm.log"));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(work.path())) {
    if (e.path().extension() == ".png") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());  // page-01.png < page-02.png: zero-padded
  std::vector<PixPtr> pages;
  for (const fs::path& f : files) {
    PixPtr read(pixRead(f.c_str()));
    // pdftoppm 22.12 writes -gray PNGs as RGB.
    PixPtr p(read ? pixConvertTo8(read.get(), 0) : nullptr);
    if (!p) return Status(ErrorCode::kInternal, "pdftoppm wrote an unreadable page " + f.string());
    pages.push_back(std::move(p));
  }
  if (pages.empty())
    return Status(ErrorCode::kInternal, "pdftoppm wrote no page for " + pdf.string());
  return pages;
}

// Gaussian blur of an 8-bit gray or 32-bit colour image.
PixPtr Blur(Pix* pix, double sigma) {
  int half = std::max(1, static_cast<int>(std::ceil(2 * sigma)));
  L_KERNEL* kel = makeGaussianKernel(half, half, static_cast<float>(sigma), 1.0f);
  PixPtr out(pixGetDepth(pix) == 32 ? pixConvolveRGB(pix, kel) : pixConvolve(pix, kel, 8, 1));
  kernelDestroy(&kel);
  return out;
}

// The degradations of a flatbed scan, on an 8-bit page.
PixPtr ScanPage(Pix* page, const ScanSpec& spec, std::mt19937& rng) {
  // Paper is not white and toner is not black.
  PixPtr toned(pixCopy(nullptr, page));
  int w = pixGetWidth(toned.get()), h = pixGetHeight(toned.get());
  l_uint32* data = pixGetData(toned.get());
  int wpl = pixGetWpl(toned.get());
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + y * wpl;
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, Clamp(28 + GET_DATA_BYTE(line, x) * 0.86));
  }
  PixPtr rotated(pixRotate(toned.get(),
                           static_cast<float>(spec.angle_degrees * std::numbers::pi / 180),
                           L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  PixPtr soft = Blur(rotated.get(), 0.7);
  // Sensor noise, then dust: small dark specks.
  std::normal_distribution<double> noise(0, 9);
  data = pixGetData(soft.get());
  wpl = pixGetWpl(soft.get());
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + y * wpl;
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, Clamp(GET_DATA_BYTE(line, x) + noise(rng)));
  }
  std::uniform_int_distribution<int> px(0, w - 3), py(0, h - 3), size(1, 2), ink(20, 90);
  for (int i = 0; i < 300; ++i) {
    int x0 = px(rng), y0 = py(rng), s = size(rng), v = ink(rng);
    for (int y = y0; y < y0 + s; ++y) {
      for (int x = x0; x < x0 + s; ++x) SET_DATA_BYTE(data + y * wpl, x, v);
    }
  }
  PixPtr out = spec.binarised ? PixPtr(pixThresholdToBinary(soft.get(), 150)) : std::move(soft);
  pixSetResolution(out.get(), spec.dpi, spec.dpi);
  return out;
}

// Leptonica writes in place: write next to the target, then rename, so that readers never see
// a half-written file.
template <typename WriteFn>
Status WriteViaTemp(const fs::path& out, WriteFn&& write) {
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  fs::path tmp = out;
  tmp += ".tmp" + std::to_string(::getpid());
  fs::remove(tmp, ec);
  if (!write(tmp)) {
    fs::remove(tmp, ec);
    return Status(ErrorCode::kInternal, "Leptonica could not write " + out.string());
  }
  fs::rename(tmp, out, ec);
  if (ec) return Status(ErrorCode::kIoError, "rename " + tmp.string() + ": " + ec.message());
  return Status::Ok();
}

fs::path ScanPdfPath(const std::string& name) { return ScansDir() / (name + ".pdf"); }
fs::path ScanTiffPath(const std::string& name) { return ScansDir() / (name + ".tif"); }

// Makes the scanned PDF and the TIFF of one document together (same page images).
Status MakeScans(const std::string& name) {
  auto pdf = RenderedDocPdf(name);
  if (!pdf.ok()) return pdf.status();
  const fs::path out_pdf = ScanPdfPath(name), out_tiff = ScanTiffPath(name);
  auto fresh = [&] { return Fresh(out_pdf, {*pdf}) && Fresh(out_tiff, {*pdf}); };
  if (fresh()) return Status::Ok();
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (fresh()) return Status::Ok();
  ScanSpec spec = ScanSpecFor(name);
  auto pages = RasterisePages(*pdf, spec.dpi, 0, 0);
  if (!pages.ok()) return pages.status();
  std::mt19937 rng(static_cast<uint32_t>(NameHash(name)));
  std::unique_ptr<Pixa, void (*)(Pixa*)> pixa(pixaCreate(0), [](Pixa* p) { pixaDestroy(&p); });
  for (PixPtr& page : *pages) {
    ScanSpec page_spec = spec;
    // Each sheet lies a little differently on the glass.
    page_spec.angle_degrees += std::uniform_real_distribution<double>(-0.3, 0.3)(rng);
    pixaAddPix(pixa.get(), ScanPage(page.get(), page_spec, rng).release(), L_INSERT);
  }
  VANBAN_RETURN_IF_ERROR(WriteViaTemp(out_tiff, [&](const fs::path& tmp) {
    for (int i = 0; i < pixaGetCount(pixa.get()); ++i) {
      PixPtr p(pixaGetPix(pixa.get(), i, L_CLONE));
      int comp = pixGetDepth(p.get()) == 1 ? IFF_TIFF_G4 : IFF_TIFF_ZIP;
      if (pixWriteTiff(tmp.c_str(), p.get(), comp, i == 0 ? "w" : "a") != 0) return false;
    }
    return true;
  }));
  return WriteViaTemp(out_pdf, [&](const fs::path& tmp) {
    return pixaConvertToPdf(pixa.get(), spec.dpi, 1.0f, L_DEFAULT_ENCODE, 80, name.c_str(),
                            tmp.c_str()) == 0;
  });
}

// CRC-32 (ISO-HDLC), as PNG chunks carry it.
uint32_t Crc32(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string BigEndian32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string PngChunk(const std::string& type, const std::string& data) {
  return BigEndian32(static_cast<uint32_t>(data.size())) + type + data +
         BigEndian32(Crc32(type + data));
}

// Best alignment of `piece` with a stretch of `text`: edit distance with free start and end in
// `text` (semi-global), and where the stretch starts and ends.
struct Alignment {
  int64_t edits = 0;
  size_t begin = 0, end = 0;
};

Alignment AlignInside(const std::u32string& piece, const std::u32string& text) {
  const size_t m = piece.size();
  // cost[i]: edits aligning piece[0, i) ending at the current text position; from[i]: where
  // that alignment started in the text.
  std::vector<int64_t> cost(m + 1), prev(m + 1);
  std::vector<size_t> from(m + 1), prev_from(m + 1);
  for (size_t i = 0; i <= m; ++i) {
    prev[i] = static_cast<int64_t>(i);
    prev_from[i] = 0;
  }
  Alignment best{prev[m], 0, 0};
  for (size_t j = 1; j <= text.size(); ++j) {
    cost[0] = 0;
    from[0] = j;
    for (size_t i = 1; i <= m; ++i) {
      int64_t sub = prev[i - 1] + (piece[i - 1] == text[j - 1] ? 0 : 1);
      int64_t ins = prev[i] + 1;      // a text character not in the piece
      int64_t del = cost[i - 1] + 1;  // a piece character not in the text
      if (sub <= ins && sub <= del) {
        cost[i] = sub;
        from[i] = prev_from[i - 1];
      } else if (ins <= del) {
        cost[i] = ins;
        from[i] = prev_from[i];
      } else {
        cost[i] = del;
        from[i] = from[i - 1];
      }
    }
    if (cost[m] < best.edits) best = {cost[m], from[m], j};
    std::swap(cost, prev);
    std::swap(from, prev_from);
  }
  return best;
}

int64_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<int64_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int64_t>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int64_t>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] =
          std::min({prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), prev[j] + 1, cur[j - 1] + 1});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::vector<std::string> OcrReferencePieces(const VbsrcDocument& doc) {
  std::vector<std::string> pieces;
  if (doc.party) {
    pieces.push_back("ĐẢNG CỘNG SẢN VIỆT NAM");
  } else {
    pieces.push_back("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    pieces.push_back("Độc lập - Tự do - Hạnh phúc");
  }
  pieces.insert(pieces.end(), doc.parent.begin(), doc.parent.end());
  pieces.insert(pieces.end(), doc.issuer.begin(), doc.issuer.end());
  pieces.push_back((doc.party ? "Số " : "Số: ") + doc.number);
  pieces.push_back(doc.place_date);
  if (!doc.type.empty()) pieces.push_back(doc.type);
  if (!doc.summary.empty()) pieces.push_back(doc.summary);
  pieces.insert(pieces.end(), doc.body.begin(), doc.body.end());
  return pieces;
}

CharErrors PieceErrors(const std::vector<std::string>& pieces, std::string_view text) {
  CharErrors e;
  const std::u32string t = ToU32(CollapseWhitespace(text));
  double worst = -1;
  for (const std::string& piece : pieces) {
    std::u32string p = ToU32(CollapseWhitespace(piece));
    if (p.empty()) continue;
    Alignment a = AlignInside(p, t);
    e.edits += a.edits;
    e.reference += static_cast<int64_t>(p.size());
    double rate = static_cast<double>(a.edits) / static_cast<double>(p.size());
    if (rate > worst) {
      worst = rate;
      e.worst =
          "expected: " + ToUtf8(p) + "\n     read: " + ToUtf8(t.substr(a.begin, a.end - a.begin));
    }
  }
  return e;
}

std::vector<std::string> SplitPages(const std::string& text) {
  std::vector<std::string> pages;
  size_t start = 0;
  while (true) {
    size_t ff = text.find('\f', start);
    pages.push_back(text.substr(start, ff == std::string::npos ? std::string::npos : ff - start));
    if (ff == std::string::npos) return pages;
    start = ff + 1;
  }
}

std::vector<std::string> NonEmptyLines(const std::string& page) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= page.size()) {
    size_t nl = page.find('\n', start);
    if (nl == std::string::npos) nl = page.size();
    std::string line = Trim(std::string_view(page).substr(start, nl - start));
    if (!line.empty()) lines.push_back(line);
    start = nl + 1;
  }
  return lines;
}

std::string SortedWords(const std::string& text) {
  std::vector<std::string> words;
  std::string collapsed = CollapseWhitespace(text);
  size_t start = 0;
  while (start < collapsed.size()) {
    size_t sp = collapsed.find(' ', start);
    if (sp == std::string::npos) sp = collapsed.size();
    words.push_back(collapsed.substr(start, sp - start));
    start = sp + 1;
  }
  std::sort(words.begin(), words.end());
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string SortedTextWords(const std::string& text) {
  std::string kept;
  std::string collapsed = CollapseWhitespace(text);
  size_t start = 0;
  while (start < collapsed.size()) {
    size_t sp = collapsed.find(' ', start);
    if (sp == std::string::npos) sp = collapsed.size();
    std::string word = collapsed.substr(start, sp - start);
    bool text_word = false;
    for (char32_t c : ToU32(word)) {
      char32_t f = FoldCodepoint(c);
      text_word = text_word || (f >= 'a' && f <= 'z') || (f >= '0' && f <= '9');
    }
    if (text_word) kept += (kept.empty() ? "" : " ") + FoldForSearch(word);
    start = sp + 1;
  }
  return SortedWords(kept);
}

CharErrors TextErrors(std::string_view reference, std::string_view text) {
  std::u32string r = ToU32(CollapseWhitespace(reference));
  std::u32string t = ToU32(CollapseWhitespace(text));
  CharErrors e;
  e.edits = EditDistance(r, t);
  e.reference = static_cast<int64_t>(r.size());
  return e;
}

ScanSpec ScanSpecFor(const std::string& name) {
  uint64_t h = NameHash(name);
  ScanSpec s;
  s.angle_degrees = (1.0 + static_cast<double>(h % 2001) / 1000.0) * ((h >> 20) & 1 ? 1 : -1);
  std::vector<std::string> names = DocNames();
  auto it = std::find(names.begin(), names.end(), name);
  s.binarised = it != names.end() && (it - names.begin()) % 2 == 1;
  return s;
}

Result<fs::path> ScannedPdf(const std::string& name) {
  VANBAN_RETURN_IF_ERROR(MakeScans(name));
  return ScanPdfPath(name);
}

Result<fs::path> ScannedTiff(const std::string& name) {
  VANBAN_RETURN_IF_ERROR(MakeScans(name));
  return ScanTiffPath(name);
}

Result<fs::path> PhonePhotoPng(const std::string& name) {
  auto pdf = RenderedDocPdf(name);
  if (!pdf.ok()) return pdf.status();
  const fs::path out = ScansDir() / (name + ".phone.png");
  if (Fresh(out, {*pdf})) return out;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (Fresh(out, {*pdf})) return out;
  auto pages = RasterisePages(*pdf, 200, 1, 1);
  if (!pages.ok()) return pages.status();
  Pix* page = (*pages)[0].get();
  int w = pixGetWidth(page), h = pixGetHeight(page);
  // Keystone: the camera is nearer the bottom of the sheet than its top.
  std::unique_ptr<Pta, void (*)(Pta*)> src(ptaCreate(4), [](Pta* p) { ptaDestroy(&p); });
  std::unique_ptr<Pta, void (*)(Pta*)> dst(ptaCreate(4), [](Pta* p) { ptaDestroy(&p); });
  const float fw = static_cast<float>(w), fh = static_cast<float>(h), inset = 0.035f * fw;
  ptaAddPt(src.get(), 0, 0);
  ptaAddPt(src.get(), fw, 0);
  ptaAddPt(src.get(), 0, fh);
  ptaAddPt(src.get(), fw, fh);
  ptaAddPt(dst.get(), inset, 0.01f * fh);
  ptaAddPt(dst.get(), fw - inset, 0.01f * fh);
  ptaAddPt(dst.get(), 0, fh);
  ptaAddPt(dst.get(), fw, fh);
  PixPtr keystoned(pixProjectivePta(page, dst.get(), src.get(), L_BRING_IN_WHITE));
  // Colour under a warm lamp at the top left: light falls off towards the bottom right.
  PixPtr photo(pixCreate(w, h, 32));
  std::mt19937 rng(static_cast<uint32_t>(NameHash(name) ^ 0x9e3779b9u));
  std::normal_distribution<double> noise(0, 5);
  const double diag = std::hypot(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      l_uint32 v = 0;
      pixGetPixel(keystoned.get(), x, y, &v);
      double light = 1.0 - 0.38 * std::hypot(x, y) / diag;
      double g = 18 + v * 0.88 * light;
      l_uint32 rgb = 0;
      composeRGBPixel(Clamp(g + noise(rng)), Clamp(g * 0.96 + noise(rng)),
                      Clamp(g * 0.86 + noise(rng)), &rgb);
      pixSetPixel(photo.get(), x, y, rgb);
    }
  }
  PixPtr soft = Blur(photo.get(), 0.9);
  PixPtr tilted(pixRotate(soft.get(), static_cast<float>(1.2 * std::numbers::pi / 180),
                          L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  // A phone's JPEG, then held in landscape: the stored image is the page turned 90°.
  l_uint8* jpeg = nullptr;
  size_t jpeg_size = 0;
  if (pixWriteMemJpeg(&jpeg, &jpeg_size, tilted.get(), 60, 0) != 0) {
    return Status(ErrorCode::kInternal, "Leptonica could not encode the photo as JPEG");
  }
  PixPtr decoded(pixReadMem(jpeg, jpeg_size));
  lept_free(jpeg);
  if (!decoded) return Status(ErrorCode::kInternal, "Leptonica could not decode its own JPEG");
  PixPtr turned(pixRotate90(decoded.get(), -1));
  pixSetResolution(turned.get(), 0, 0);
  VANBAN_RETURN_IF_ERROR(WriteViaTemp(
      out, [&](const fs::path& tmp) { return pixWrite(tmp.c_str(), turned.get(), IFF_PNG) == 0; }));
  return out;
}

Result<fs::path> ScannedJpeg(const std::string& name) {
  auto tiff = ScannedTiff(name);
  if (!tiff.ok()) return tiff.status();
  const fs::path out = ScansDir() / (name + ".jpg");
  if (Fresh(out, {*tiff})) return out;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (Fresh(out, {*tiff})) return out;
  PixPtr page(pixReadTiff(tiff->c_str(), 0));
  PixPtr gray(page ? pixConvertTo8(page.get(), 0) : nullptr);
  if (!gray) return Status(ErrorCode::kInternal, "cannot read page 1 of " + tiff->string());
  pixSetResolution(gray.get(), 200, 200);
  VANBAN_RETURN_IF_ERROR(WriteViaTemp(
      out, [&](const fs::path& tmp) { return pixWriteJpeg(tmp.c_str(), gray.get(), 85, 0) == 0; }));
  return out;
}

Result<fs::path> EmptyScanPdf() {
  const fs::path out = ScansDir() / "empty-scan.pdf";
  if (fs::exists(out)) return out;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (fs::exists(out)) return out;
  const int w = 1654, h = 2339;  // A4 at 200 dpi
  PixPtr sheet(pixCreate(w, h, 8));
  std::mt19937 rng(20260112);
  std::normal_distribution<double> noise(0, 4);
  l_uint32* data = pixGetData(sheet.get());
  const int wpl = pixGetWpl(sheet.get());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      // The lid's shadow: dark at the edge, fading out over 60 pixels.
      double shade = x < 60 ? 60 + 175.0 * x / 60 : 235;
      SET_DATA_BYTE(data + y * wpl, x, Clamp(shade + noise(rng)));
    }
  }
  pixSetResolution(sheet.get(), 200, 200);
  std::unique_ptr<Pixa, void (*)(Pixa*)> pixa(pixaCreate(1), [](Pixa* p) { pixaDestroy(&p); });
  pixaAddPix(pixa.get(), sheet.release(), L_INSERT);
  VANBAN_RETURN_IF_ERROR(WriteViaTemp(out, [&](const fs::path& tmp) {
    return pixaConvertToPdf(pixa.get(), 200, 1.0f, L_JPEG_ENCODE, 80, "empty", tmp.c_str()) == 0;
  }));
  return out;
}

Result<fs::path> MixedPdf(const std::string& name) {
  auto born = RenderedDocPdf(name);
  if (!born.ok()) return born.status();
  auto scan = ScannedPdf(name);
  if (!scan.ok()) return scan.status();
  const fs::path out = ScansDir() / (name + ".mixed.pdf");
  if (Fresh(out, {*born, *scan})) return out;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (Fresh(out, {*born, *scan})) return out;
  TempDir work("vanban-mixed");
  VANBAN_RETURN_IF_ERROR(
      RunLogged({"pdfseparate", born->string(), (work.path() / "born-%04d.pdf").string()},
                work.path() / "pdfseparate.log"));
  VANBAN_RETURN_IF_ERROR(
      RunLogged({"pdfseparate", scan->string(), (work.path() / "scan-%04d.pdf").string()},
                work.path() / "pdfseparate.log"));
  std::vector<std::string> argv = {"pdfunite"};
  for (int page = 1;; ++page) {
    char num[16];
    std::snprintf(num, sizeof num, "%04d", page);
    fs::path piece =
        work.path() / ((page % 2 == 1 ? "born-" : "scan-") + std::string(num) + ".pdf");
    if (!fs::exists(piece)) break;
    argv.push_back(piece.string());
  }
  if (argv.size() < 3) {
    return Status(ErrorCode::kInvalidArgument, name + " has one page: nothing to mix");
  }
  fs::path tmp = work.path() / "mixed.pdf";
  argv.push_back(tmp.string());
  VANBAN_RETURN_IF_ERROR(RunLogged(argv, work.path() / "pdfunite.log"));
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, ReadFile(tmp)));
  return out;
}

Result<fs::path> BadScanPng(const std::string& name) {
  auto pdf = RenderedDocPdf(name);
  if (!pdf.ok()) return pdf.status();
  const fs::path out = ScansDir() / (name + ".bad.png");
  if (Fresh(out, {*pdf})) return out;
  FixtureLock lock;
  if (!lock.ok()) return Status(ErrorCode::kIoError, "cannot lock " + FixturesDir().string());
  if (Fresh(out, {*pdf})) return out;
  auto pages = RasterisePages(*pdf, 100, 1, 1);
  if (!pages.ok()) return pages.status();
  PixPtr soft = Blur((*pages)[0].get(), 1.1);
  std::mt19937 rng(static_cast<uint32_t>(NameHash(name) ^ 0xbad5ca9u));
  std::normal_distribution<double> noise(0, 40);
  int w = pixGetWidth(soft.get()), h = pixGetHeight(soft.get());
  l_uint32* data = pixGetData(soft.get());
  int wpl = pixGetWpl(soft.get());
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + y * wpl;
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, Clamp(GET_DATA_BYTE(line, x) + noise(rng)));
  }
  pixSetResolution(soft.get(), 100, 100);
  VANBAN_RETURN_IF_ERROR(WriteViaTemp(
      out, [&](const fs::path& tmp) { return pixWrite(tmp.c_str(), soft.get(), IFF_PNG) == 0; }));
  return out;
}

Result<fs::path> HugeHeaderPng() {
  const fs::path out = ScansDir() / "huge-header.png";
  if (fs::exists(out)) return out;
  std::string ihdr = BigEndian32(100000) + BigEndian32(100000);
  ihdr += std::string{8, 0, 0, 0, 0};  // 8-bit, gray, deflate, no filter method, no interlace
  // zlib stream of zero bytes: header, one empty stored block, Adler-32 of nothing.
  const std::string empty_zlib = {
      0x78, 0x01, 0x01, 0x00, 0x00, static_cast<char>(0xFF), static_cast<char>(0xFF),
      0x00, 0x00, 0x00, 0x01};
  std::string png = "\x89PNG\r\n\x1a\n";
  png += PngChunk("IHDR", ihdr) + PngChunk("IDAT", empty_zlib) + PngChunk("IEND", "");
  VANBAN_RETURN_IF_ERROR(WriteAtomically(out, png));
  return out;
}

}  // namespace vanban::testing
