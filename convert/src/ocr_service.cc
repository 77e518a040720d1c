#include "ocr_service.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/renderer.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <optional>
#include <thread>

#include "ocr_layout.h"
#include "vanban/convert/text.h"
#include "vanban/convert/vn_syllable.h"

namespace vanban {

void PixDeleter::operator()(Pix* p) const { pixDestroy(&p); }

namespace {

namespace fs = std::filesystem;

// Below this OSD confidence the orientation is taken as unknown: a wrong turn costs the page.
constexpr float kMinOsdConfidence = 2.0f;

// What the LSTM sees of a gray page (Engine::LstmImage): ink, and the paper within this
// distance of it. 0.6 mm is 7 pixels at 300 dpi; on the 4 gray scans of the CER test 0.2 mm
// (3 pixels) cut into faint strokes: CER 1.14 % against 0.80 %.
constexpr double kInkMarginMm = 0.6;
// Paper whose local mean level is below this is not made white (Engine::LstmImage). The phone
// photo test reads 0.25-0.31 % CER from 175 to 190, 0.82 % at 160 (white around the lines).
constexpr int kWhitePaperLevel = 180;

// Sauvola's threshold as Tesseract 5.3 sets it up (thresholding_window_size,
// thresholding_kfactor): the window's width in inches and the weight of the deviation.
constexpr double kSauvolaWindowInches = 0.33;
constexpr float kSauvolaFactor = 0.34f;

struct Attempt {
  tesseract::PageSegMode psm;
  int dpi;
  bool deskew;
};

// One recognition of a page, and how good it is.
struct PageRead {
  int number = 0;  // 1-based, in the order the attempts ran
  Attempt attempt{tesseract::PSM_AUTO, 0, true};
  PixPtr image;  // what Tesseract read: turned upright, deskewed
  std::string text;
  std::string settings;
  double ratio = 0;  // valid syllables
  double confidence = 0;
  bool judged = false;
  bool passes = false;

  // Passing the gate first, then more valid syllables, then a higher confidence.
  bool Beats(const PageRead& o) const {
    if (passes != o.passes) return passes;
    if (ratio != o.ratio) return ratio > o.ratio;
    return confidence > o.confidence;
  }
};

std::string Format(double v, const char* format) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Two decimals, rounded down: a ratio of 0.849 reads "0.84", never "0.85 < 0.85".
std::string FormatRatio(double r) { return Format(std::floor(r * 100) / 100, "%.2f"); }

}  // namespace

OcrSettings OcrSettingsFrom(const ConvertConfig& config) {
  OcrSettings s;
  s.threads = std::max(1, config.ocr_threads);
  s.min_valid_syllables = config.ocr_min_valid_syllables;
  s.min_mean_confidence = config.ocr_min_mean_confidence;
  s.max_image_pixels = config.ocr_max_image_pixels;
  return s;
}

// One Tesseract instance for recognition and one for orientation detection (OSD needs the
// legacy engine and osd.traineddata, recognition uses the LSTM models). Used by one thread at
// a time.
class OcrService::Engine {
 public:
  Status Init(const std::string& languages) {
    if (api_.Init(nullptr, languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      return Status(ErrorCode::kInternal, "Tesseract cannot load the \"" + languages +
                                              "\" models (package tesseract-ocr-vie)");
    }
    if (osd_.Init(nullptr, "osd", tesseract::OEM_TESSERACT_ONLY) != 0) {
      return Status(ErrorCode::kInternal,
                    "Tesseract cannot load osd.traineddata (package tesseract-ocr-osd)");
    }
    // Gray pages in the searchable PDF: JPEG at 70 rather than Tesseract's 85 (a noisy 300 dpi
    // A4 page: about 0.9 MB instead of 1.3 MB).
    api_.SetVariable("jpg_quality", "70");
    // Tesseract's progress and diagnostics go to stderr otherwise; outcomes are what count.
    api_.SetVariable("debug_file", "/dev/null");
    osd_.SetVariable("debug_file", "/dev/null");
    osd_.SetPageSegMode(tesseract::PSM_OSD_ONLY);
    // Sauvola's local threshold instead of one Otsu threshold per page: on the noisy 200 dpi
    // test scans it cut the character error rate from 1.9 % to 1.3 % (bc-112) and from 2.7 %
    // to 0.8 % (tt-45), and it copes with the light falling off across a phone photo.
    api_.SetVariable("thresholding_method", "2");
    // Tesseract re-reads every low-confidence line inverted, looking for white-on-black text
    // that official documents do not have; it cost ~10 % of the time on the test scans.
    api_.SetVariable("tessedit_do_invert", "0");
    return Status::Ok();
  }

  Result<OcrPage> Read(PageImages& images, int index, const OcrSettings& s,
                       const fs::path& pdf_dir) {
    const std::vector<Attempt> plan = {
        {tesseract::PSM_AUTO, s.dpi, true},
        {tesseract::PSM_AUTO, s.retry_dpi, true},
        {tesseract::PSM_SINGLE_BLOCK, s.dpi, true},
        {tesseract::PSM_AUTO, s.dpi, false},
    };
    std::map<int, PageImage> rendered;  // by dpi
    auto render = [&](int dpi) -> Result<Pix*> {
      PageImage& p = rendered[dpi];
      if (!p.gray) {
        auto r = images.Render(index, dpi);
        if (!r.ok()) return r.status();
        p = std::move(*r);
      }
      return p.gray.get();
    };
    auto base = render(s.dpi);
    if (!base.ok()) return base.status();
    const bool bilevel = rendered[s.dpi].bilevel;
    // Most pages are upright: read them as they are, and look for another orientation only
    // when the read fails the quality gate (below). Looking first cost ~4 % of every page.
    int quadrants = 0;
    bool looked_for_orientation = false;
    PageRead best;
    int runs = 0;
    for (size_t k = 0; k < plan.size();) {
      auto src = render(plan[k].dpi);
      if (!src.ok()) {
        // A retry at a higher resolution may exceed the pixel limit the first one kept to.
        if (plan[k].dpi == s.dpi) return src.status();
        ++k;
        continue;
      }
      PageRead read = ReadImage(*src, plan[k], quadrants, bilevel, s);
      read.number = ++runs;
      if (best.number == 0 || read.Beats(best)) best = std::move(read);
      if (best.passes) break;
      if (!looked_for_orientation) {
        // A page that reads badly is often a turned page: look for its orientation, and if
        // OSD finds another one, run the same attempt turned.
        looked_for_orientation = true;
        std::optional<int> q = DetectQuadrants(*base, s.dpi);
        if (q && *q != quadrants) {
          quadrants = *q;
          continue;
        }
      }
      ++k;
    }
    if (!pdf_dir.empty() && best.number != runs) {
      // Tesseract's PDF renderer reads the engine's last recognition: make it the kept one.
      Recognize(best.image.get(), best.attempt.psm, best.attempt.dpi, !bilevel);
    }
    OcrPage page;
    page.index = index;
    page.text = NormalizeWhitespace(NormalizeNfc(best.text));
    page.judged = best.judged;
    page.quality.page = index + 1;
    page.quality.source = "ocr";
    page.quality.valid_syllables = best.ratio;
    page.quality.mean_confidence = best.confidence;
    page.quality.dpi = best.attempt.dpi;
    page.quality.settings = best.settings;
    if (best.number > 1) page.quality.settings += " attempt=" + std::to_string(best.number);
    if (!pdf_dir.empty()) {
      auto pdf = WritePdf(pdf_dir, index, best.image.get(), bilevel);
      if (!pdf.ok()) return pdf.status();
      page.pdf = *pdf;
    }
    api_.Clear();
    return page;
  }

 private:
  PageRead ReadImage(Pix* src, const Attempt& a, int quadrants, bool bilevel,
                     const OcrSettings& s) {
    PageRead r;
    r.attempt = a;
    PixPtr upright(quadrants > 0 ? pixRotateOrth(src, quadrants) : pixClone(src));
    double angle = 0;
    r.image = a.deskew ? Deskew(upright.get(), &angle) : PixPtr(pixClone(upright.get()));
    r.text = Recognize(r.image.get(), a.psm, a.dpi, !bilevel);
    SyllableCount count = CountSyllables(r.text);
    r.ratio = count.ratio();
    r.confidence = api_.MeanTextConf();
    r.judged = count.valid + count.invalid >= s.min_words_to_judge;
    r.passes =
        !r.judged || (r.ratio >= s.min_valid_syllables && r.confidence >= s.min_mean_confidence);
    r.settings = "psm=" + std::to_string(static_cast<int>(a.psm)) +
                 " dpi=" + std::to_string(a.dpi) + " rotate=" + std::to_string(quadrants * 90) +
                 (a.deskew ? " deskew=" + Format(angle, "%.2f") : " no-deskew");
    return r;
  }

  // Clockwise quarter turns that make the page upright, or nothing when OSD is unsure.
  // Full size and 100 characters (about 0.9 s; a half-size look with fewer characters was
  // often unsure on soft photos). Runs only for pages that read badly.
  std::optional<int> DetectQuadrants(Pix* gray, int dpi) {
    osd_.SetVariable("min_characters_to_try", "100");
    osd_.SetImage(gray);
    osd_.SetSourceResolution(dpi);
    int degrees = 0;
    float confidence = 0, script_confidence = 0;
    const char* script = nullptr;
    bool ok = osd_.DetectOrientationScript(&degrees, &confidence, &script, &script_confidence);
    osd_.Clear();
    if (!ok || confidence < kMinOsdConfidence || degrees % 90 != 0) return std::nullopt;
    // OSD reports how far the image is turned clockwise; turning on to 360 undoes it.
    return (4 - degrees / 90) % 4;
  }

  static PixPtr Deskew(Pix* pix, double* angle) {
    l_float32 a = 0, confidence = 0;
    // A clone of the input when the skew is too small or not found with confidence.
    Pix* out = pixFindSkewAndDeskew(pix, 2, &a, &confidence);
    if (out == nullptr) return PixPtr(pixClone(pix));
    *angle = out == pix ? 0.0 : a;
    return PixPtr(out);
  }

  // `gray`: the page is gray, not a black-and-white scan (see LstmImage).
  std::string Recognize(Pix* image, tesseract::PageSegMode psm, int dpi, bool gray) {
    api_.SetPageSegMode(psm);
    Binarized b = Binarize(image, dpi);
    if (b.ink) {
      // Tesseract takes a black-and-white image as it is for its layout analysis (no threshold
      // of its own), and its LSTM crops the lines from the engine's input image, which may be
      // replaced once the image is set: the page itself, or for a gray page LstmImage's copy.
      PixPtr lstm = gray ? LstmImage(image, b) : nullptr;
      api_.SetImage(b.ink.get());
      api_.SetSourceResolution(dpi);
      api_.SetInputImage(lstm ? lstm.release() : pixClone(image));  // Tesseract takes ownership
    } else {
      api_.SetImage(image);  // Tesseract thresholds it (thresholding_method)
      api_.SetSourceResolution(dpi);
    }
    if (api_.Recognize(nullptr) != 0) return {};
    return LaidOutText();
  }

  // The recognised text with the columns of the header and signature tables apart
  // (ocr_layout.h): the words and boxes of what GetUTF8Text would write.
  std::string LaidOutText() {
    std::unique_ptr<tesseract::ResultIterator> it(api_.GetIterator());
    if (!it) return {};
    std::vector<OcrLine> lines;
    const tesseract::PageIteratorLevel word = tesseract::RIL_WORD;
    do {
      if (it->Empty(word)) continue;
      switch (it->BlockType()) {  // as GetUTF8Text: no text from images and rules
        case tesseract::PT_FLOWING_IMAGE:
        case tesseract::PT_HEADING_IMAGE:
        case tesseract::PT_PULLOUT_IMAGE:
        case tesseract::PT_HORZ_LINE:
        case tesseract::PT_VERT_LINE:
        case tesseract::PT_NOISE:
          continue;
        default:
          break;
      }
      if (lines.empty() || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
        lines.emplace_back();
        lines.back().paragraph_start = it->IsAtBeginningOf(tesseract::RIL_PARA);
      }
      OcrWord w;
      std::unique_ptr<char[]> text(it->GetUTF8Text(word));
      if (text) w.text = text.get();
      it->BoundingBox(word, &w.left, &w.top, &w.right, &w.bottom);
      w.confidence = it->Confidence(word);
      lines.back().words.push_back(std::move(w));
    } while (it->Next(word));
    return LayOutOcrText(lines);
  }

  struct Binarized {
    PixPtr ink;     // 1 bpp, 1 = ink; null if Leptonica failed
    PixPtr shaded;  // 1 bpp, 1 = paper whose local mean level is below kWhitePaperLevel
    int dpi = 0;
  };

  // `half`, a map of the page reduced 2 × 2 (any depth), back at the page's size `w` × `h`:
  // pixels replicated, an odd last column or row copied from its neighbour.
  static PixPtr ExpandHalf(Pix* half, int w, int h) {
    PixPtr expanded(pixExpandReplicate(half, 2));
    PixPtr full(pixCreate(w, h, pixGetDepth(half)));
    if (!expanded || !full) return nullptr;
    pixRasterop(full.get(), 0, 0, w, h, PIX_SRC, expanded.get(), 0, 0);
    if (pixGetWidth(expanded.get()) < w) {
      pixRasterop(full.get(), w - 1, 0, 1, h, PIX_SRC, full.get(), w - 2, 0);
    }
    if (pixGetHeight(expanded.get()) < h) {
      pixRasterop(full.get(), 0, h - 1, w, 1, PIX_SRC, full.get(), 0, h - 2);
    }
    return full;
  }

  // The 8-bit page in black and white by Sauvola's local threshold with Tesseract's parameters
  // (thresholding_method=2, kSauvolaWindowInches, kSauvolaFactor), but the local mean and
  // deviation taken over the page reduced 2 × 2 (over a 100-pixel window they change slowly)
  // and the thresholds applied at full resolution. Tesseract's own Sauvola takes a
  // double-precision integral image of every pixel, in 250-pixel tiles that each add the
  // window's margin. Measured on the 8 scans of the CER test (tests/convert/ocr_pdf_test.cc,
  // 2026-11-28): CER 1.28 % -> 1.23 %, CPU about -5 % (docs/performance.md, bench_ocr).
  // Empty (null ink) if Leptonica fails: Tesseract thresholds.
  static Binarized Binarize(Pix* image, int dpi) {
    if (pixGetDepth(image) != 8) return {};
    const int w = pixGetWidth(image), h = pixGetHeight(image);
    const int half_window = static_cast<int>(kSauvolaWindowInches * dpi / 2) / 2;
    PixPtr half(pixScaleAreaMap2(image));
    if (!half || half_window < 2 || pixGetWidth(half.get()) < 2 * half_window + 3 ||
        pixGetHeight(half.get()) < 2 * half_window + 3) {
      return {};
    }
    Pix *mean = nullptr, *threshold = nullptr;
    if (pixSauvolaBinarize(half.get(), half_window, kSauvolaFactor, 1, &mean, nullptr, &threshold,
                           nullptr) != 0) {
      return {};
    }
    PixPtr mean_half(mean), threshold_half(threshold);
    PixPtr thresholds = ExpandHalf(threshold_half.get(), w, h);
    if (!thresholds) return {};
    Binarized b;
    b.ink.reset(pixVarThresholdToBinary(image, thresholds.get()));
    if (!b.ink) return {};
    pixSetResolution(b.ink.get(), dpi, dpi);
    // Thresholding commutes with the expansion: the mask is made at half size, a full-size
    // 8-bit map of the mean would cost another 8.7 MB per engine at 300 dpi.
    PixPtr shaded_half(pixThresholdToBinary(mean_half.get(), kWhitePaperLevel));
    if (shaded_half) b.shaded = ExpandHalf(shaded_half.get(), w, h);
    b.dpi = dpi;
    return b;
  }

  // What the LSTM reads of a gray page. Tesseract 5.3 hands every text line to the LSTM
  // through tesseract::ImageData, which stores the line's pixels as a PNG (zlib, default level)
  // and decodes it again: on a gray scan the paper's grain makes that compression slow (zlib:
  // 11 % of the CER test's CPU, 5 % with this copy). So the LSTM reads a copy of the page in
  // which paper farther than kInkMarginMm from ink is white: the lines keep their strokes and
  // edges, their background compresses to nothing. Only where the paper is nearly white
  // already (local mean at least kWhitePaperLevel): white next to shaded paper (a photo lit
  // unevenly) draws an edge around every line, which the LSTM reads (phone photo test: CER
  // 0.25 % -> 0.82 % without this limit). Measured on the 8 scans of the CER test, after
  // Binarize: CER 1.23 % -> 1.09 % (the 4 gray ones 1.05 % -> 0.80 %), CPU a further -7 %.
  // Null if Leptonica fails (the LSTM reads the page as it is).
  static PixPtr LstmImage(Pix* image, const Binarized& b) {
    if (!b.shaded) return nullptr;
    const int margin = std::max(3, static_cast<int>(std::lround(b.dpi * kInkMarginMm / 25.4)));
    PixPtr background(pixDilateBrick(nullptr, b.ink.get(), margin, margin));
    PixPtr clean(pixCopy(nullptr, image));
    if (!background || !clean) return nullptr;
    pixInvert(background.get(), background.get());
    pixSubtract(background.get(), background.get(), b.shaded.get());
    if (pixSetMasked(clean.get(), background.get(), 255) != 0) return nullptr;
    return clean;
  }

  // The page as Tesseract read it (`shown`: turned upright and deskewed), with its text as an
  // invisible layer. Tesseract's renderer embeds the engine's input image, which may be
  // replaced after recognition by another of the same size: the page itself (the LSTM read a
  // copy with a white background), or for a black-and-white page (`bilevel`) a thresholded
  // copy, shown at 1 bit per pixel.
  Result<fs::path> WritePdf(const fs::path& dir, int index, Pix* shown, bool bilevel) {
    char name[32];
    std::snprintf(name, sizeof name, "ocr-page-%05d", index + 1);
    std::string base = (dir / name).string();
    PixPtr image(bilevel ? pixThresholdToBinary(shown, 128) : pixClone(shown));
    if (image) api_.SetInputImage(image.release());  // Tesseract takes ownership
    tesseract::TessPDFRenderer renderer(base.c_str(), api_.GetDatapath(), /*textonly=*/false);
    if (!renderer.happy() || !renderer.BeginDocument("") || !renderer.AddImage(&api_) ||
        !renderer.EndDocument()) {
      return Status(ErrorCode::kIoError, "Tesseract could not write " + base + ".pdf");
    }
    return fs::path(base + ".pdf");
  }

  tesseract::TessBaseAPI api_;
  tesseract::TessBaseAPI osd_;
};

bool LooksBilevel(Pix* gray) {
  std::unique_ptr<Numa, void (*)(Numa*)> hist(pixGetGrayHistogram(gray, 2),
                                              [](Numa* n) { numaDestroy(&n); });
  if (!hist) return false;
  l_float32 total = 0, extreme = 0;
  for (int v = 0; v < 256; ++v) {
    l_float32 n = 0;
    numaGetFValue(hist.get(), v, &n);
    total += n;
    if (v <= 16 || v >= 239) extreme += n;
  }
  return total > 0 && extreme / total >= 0.99f;
}

OcrService::OcrService(OcrSettings settings) : settings_(std::move(settings)) {
  // Leptonica reports every decoding problem on stderr (process-wide setting); the Status that
  // comes back names the page, and the server log stays readable.
  static std::once_flag quiet;
  std::call_once(quiet, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

OcrService::~OcrService() = default;

std::string OcrService::Tool() const {
  return "tesseract " + std::string(tesseract::TessBaseAPI::Version()) + " (" +
         settings_.languages + ")";
}

Result<std::unique_ptr<OcrService::Engine>> OcrService::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  if (created_ == 0) {
    // All engines are made at first use, one after the other and before any of them reads a
    // page: Tesseract's Init and SetVariable write process-wide parameters (debug_file among
    // them) that a recognition running in another thread reads — overlapping them crashed.
    for (int i = 0; i < settings_.threads; ++i) {
      auto e = std::make_unique<Engine>();
      Status s = e->Init(settings_.languages);
      if (!s.ok()) {
        idle_.clear();
        return s;
      }
      idle_.push_back(std::move(e));
    }
    created_ = settings_.threads;
  }
  cv_.wait(lock, [&] { return !idle_.empty(); });
  std::unique_ptr<Engine> e = std::move(idle_.back());
  idle_.pop_back();
  return e;
}

void OcrService::Release(std::unique_ptr<Engine> engine) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(engine));
  }
  cv_.notify_one();
}

Result<std::vector<OcrPage>> OcrService::ReadPages(const PageImagesFactory& images,
                                                   const std::vector<int>& indices,
                                                   const fs::path& pdf_dir) {
  std::vector<OcrPage> pages(indices.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  Status error;
  auto fail = [&](Status s) {
    std::lock_guard<std::mutex> lock(error_mu);
    if (error.ok()) error = std::move(s);
    failed = true;
  };
  // An engine is taken before a page: the lowest page not yet finished always has one, so
  // documents sharing the pool never wait on each other in a cycle.
  auto work = [&] {
    try {
      std::unique_ptr<PageImages> doc;
      while (!failed) {
        auto engine = Acquire();
        if (!engine.ok()) return fail(engine.status());
        std::unique_ptr<Engine> e = std::move(*engine);
        size_t k = next.fetch_add(1);
        if (k >= indices.size()) return Release(std::move(e));
        if (!doc) {
          auto opened = images();
          if (!opened.ok()) {
            Release(std::move(e));
            return fail(opened.status());
          }
          doc = std::move(*opened);
        }
        auto page = e->Read(*doc, indices[k], settings_, pdf_dir);
        Release(std::move(e));
        if (!page.ok()) return fail(page.status());
        pages[k] = std::move(*page);
      }
    } catch (const std::exception& ex) {
      fail(Status(ErrorCode::kInternal, std::string("OCR failed: ") + ex.what()));
    }
  };
  size_t threads = std::min<size_t>(static_cast<size_t>(settings_.threads), indices.size());
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < threads; ++i) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  if (!error.ok()) return error;
  return pages;
}

std::string OcrReviewReason(const std::vector<OcrPage>& pages, const OcrSettings& settings) {
  std::string reason;
  for (const OcrPage& p : pages) {
    if (!p.judged) continue;
    std::string why;
    if (p.quality.valid_syllables < settings.min_valid_syllables) {
      why = "valid syllables " + FormatRatio(p.quality.valid_syllables) + " < " +
            FormatRatio(settings.min_valid_syllables);
    } else if (p.quality.mean_confidence < settings.min_mean_confidence) {
      why = "mean confidence " + Format(p.quality.mean_confidence, "%.0f") + " < " +
            Format(settings.min_mean_confidence, "%.0f");
    } else {
      continue;
    }
    reason += reason.empty() ? "ocr_quality: " : "; ";
    reason += "page " + std::to_string(p.index + 1) + " " + why;
  }
  return reason;
}

}  // namespace vanban
