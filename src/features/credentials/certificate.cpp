#include "features/credentials/certificate.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "i18n/i18n.hpp"
#include "media/media.hpp"
#include "util/strings.hpp"

// fontconfig keeps its process-wide configuration and caches until exit (FcFini is not safe
// while other threads may still set text); LeakSanitizer is told they are not leaks. Defined here
// because this file is linked into every program that draws a certificate.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace cityskills::credentials {
namespace {

constexpr double kWidth = 595.276, kHeight = 841.890;  // A4 in points
constexpr double kMargin = 56;
constexpr const char* kFont = "DejaVu Sans";

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Page {
  cairo_t* cr;
  PangoFontMap* fonts;
  PangoContext* context;
  double y = kMargin;

  // One block of text, centred across the page, in a structure element (`tag`: H1, P...), then
  // `gap` below it.
  void text(const std::string& tag, const std::string& s, double size, bool bold = false, double gap = 10,
            int max_lines = 0) {
    if (s.empty()) return;
    y += block(tag, s, size, bold, kMargin, y, kWidth - 2 * kMargin, max_lines) + gap;
  }

  // One block of text centred in the column from `x`, `width` wide, its top at `top`; returns its height.
  double block(const std::string& tag, const std::string& s, double size, bool bold, double x, double top,
               double width, int max_lines = 0) {
    if (s.empty()) return 0;
    std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_layout_new(context), g_object_unref);
    std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
        pango_font_description_new(), pango_font_description_free);
    pango_font_description_set_family(font.get(), kFont);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
    if (max_lines > 0) {
      pango_layout_set_height(layout.get(), -max_lines);
      pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    }
    pango_layout_set_text(layout.get(), s.data(), static_cast<int>(s.size()));
    int w = 0, h = 0;
    pango_layout_get_pixel_size(layout.get(), &w, &h);
    cairo_tag_begin(cr, tag.c_str(), nullptr);
    cairo_move_to(cr, x, top);
    pango_cairo_show_layout(cr, layout.get());
    cairo_tag_end(cr, tag.c_str());
    return h;
  }
};

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

struct Reader {
  const std::string& bytes;
  std::size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<Reader*>(closure);
  if (r->bytes.size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, r->bytes.data() + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// A logo as a cairo surface: a PNG decoded; a JPEG passed to the PDF as it is (its bytes
// attached to a blank surface of its size, which the PDF backend embeds without decoding).
// nullptr when the bytes are neither, or unreadable.
SurfacePtr logo_surface(const std::string& bytes) {
  SurfacePtr none(nullptr, cairo_surface_destroy);
  if (bytes.starts_with("\x89PNG")) {
    Reader r{bytes};
    SurfacePtr s(cairo_image_surface_create_from_png_stream(read_png, &r), cairo_surface_destroy);
    if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS) return none;
    return s;
  }
  if (bytes.starts_with("\xff\xd8")) {
    auto size = media::image_size(bytes);
    if (!size || size->first == 0 || size->second == 0 || size->first > 10000 || size->second > 10000) return none;
    SurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(size->first),
                                            static_cast<int>(size->second)),
                 cairo_surface_destroy);
    if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS) return none;
    auto* copy = static_cast<unsigned char*>(std::malloc(bytes.size()));
    if (!copy) return none;
    std::memcpy(copy, bytes.data(), bytes.size());
    if (cairo_surface_set_mime_data(s.get(), CAIRO_MIME_TYPE_JPEG, copy, bytes.size(), std::free, copy) !=
        CAIRO_STATUS_SUCCESS) {
      std::free(copy);
      return none;
    }
    return s;
  }
  return none;
}

double surface_width(cairo_surface_t* s) { return cairo_image_surface_get_width(s); }
double surface_height(cairo_surface_t* s) { return cairo_image_surface_get_height(s); }

// The issuers' logos side by side, centred, each at most `box_h` high and `box_w` wide, their
// tops at `top`; returns whether any was drawn.
bool logo_row(cairo_t* cr, const std::vector<SurfacePtr>& logos, double top, double box_w, double box_h) {
  constexpr double kGap = 28;
  std::vector<double> scales;
  double total = 0;
  for (const auto& l : logos) {
    double scale = std::min(box_w / surface_width(l.get()), box_h / surface_height(l.get()));
    scales.push_back(scale);
    total += surface_width(l.get()) * scale + (scales.size() > 1 ? kGap : 0);
  }
  if (logos.empty()) return false;
  double x = (kWidth - total) / 2;
  for (std::size_t i = 0; i < logos.size(); ++i) {
    auto* l = logos[i].get();
    double w = surface_width(l) * scales[i], h = surface_height(l) * scales[i];
    cairo_tag_begin(cr, "Figure", nullptr);
    cairo_save(cr);
    cairo_translate(cr, x, top + (box_h - h) / 2);
    cairo_scale(cr, scales[i], scales[i]);
    cairo_set_source_surface(cr, l, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_tag_end(cr, "Figure");
    x += w + kGap;
  }
  return true;
}

// The QR code of `url` as filled squares, `size` points wide, its top left at (x, y).
void qr_code(cairo_t* cr, const std::string& url, double x, double y, double size) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                     QRcode_free);
  if (!qr) throw std::runtime_error("QR code not encodable");
  int n = qr->width;
  double cell = size / (n + 8);  // a quiet zone of four cells on each side
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < n; ++row)
    for (int col = 0; col < n; ++col)
      if (qr->data[row * n + col] & 1) cairo_rectangle(cr, x + (col + 4) * cell, y + (row + 4) * cell, cell, cell);
  cairo_fill(cr);
}

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

std::string certificate_pdf(const Award& a, const std::string& verify_url,
                            const std::map<std::int64_t, std::string>& logo_bytes) {
  const auto& lang = a.lang;
  auto t = [&](std::string_view key, const i18n::Args& args = {}) { return i18n::t(lang, key, args); };
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kWidth, kHeight);
  cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
  auto date = util::iso8601_utc(a.achieved_at);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, (t("credentials.pdf.heading." + a.kind) + " — " + a.title).c_str());
  std::vector<std::string> issuer_names;
  for (const auto& i : a.issuers) issuer_names.push_back(i.name);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, joined(issuer_names, ", ").c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cityskills");
  cairo_t* cr = cairo_create(surface);

  // A font map of our own, released with the page, so nothing lingers per thread.
  PangoFontMap* fonts = pango_cairo_font_map_new();
  PangoContext* context = pango_font_map_create_context(fonts);
  pango_cairo_update_context(cr, context);
  {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
  }
  Page page{cr, fonts, context};

  // A frame, then the text from the top.
  cairo_set_source_rgb(cr, 0.0, 0.4, 0.8);
  cairo_set_line_width(cr, 3);
  cairo_rectangle(cr, 24, 24, kWidth - 48, kHeight - 48);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);

  cairo_tag_begin(cr, "Document", nullptr);
  // At most three issuers show a logo and a signature: the page has room for no more.
  constexpr std::size_t kMaxShown = 3;
  std::vector<SurfacePtr> logos;
  std::vector<const Issuer*> signatories;
  for (const auto& i : a.issuers) {
    if (i.logo_id && logos.size() < kMaxShown)
      if (auto it = logo_bytes.find(*i.logo_id); it != logo_bytes.end())
        if (auto s = logo_surface(it->second)) logos.push_back(std::move(s));
    if (!i.signatory_name.empty() && signatories.size() < kMaxShown) signatories.push_back(&i);
  }
  page.y = logo_row(cr, logos, 46, 150, 54) ? 116 : 70;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  page.text("P", joined(issuer_names, " · "), 12, true, 36);
  page.text("H1", t("credentials.pdf.heading." + a.kind), 28, true, 28);
  page.text("P", t("credentials.pdf.certifies"), 13, false, 12);
  page.text("P", a.recipient_name, 24, true, 12);
  page.text("P", t("credentials.pdf.achieved." + a.kind), 13, false, 12);
  page.text("H2", a.title, 20, true, 14);
  page.text("P", a.description, 11, false, 20, 6);
  page.text("P", t("credentials.pdf.date", {{"date", i18n::format_date(lang, a.achieved_at, "UTC")}}), 12, false, 20);
  if (!a.competences.empty()) {
    std::vector<std::string> items;
    for (const auto& [code, band] : a.competences)
      items.push_back(band.empty() ? code : code + " (" + t("credentials.band." + band) + ")");
    page.text("P", t("credentials.pdf.competences") + "\n" + joined(items, ", "), 11, false, 20, 4);
  }
  if (!issuer_names.empty())
    page.text("P", t("credentials.pdf.issued_by", {{"issuers", joined(issuer_names, ", ")}}), 11, false, 10);

  // The QR code and the verification address at the foot of the page; with signatories, the
  // QR code moves to the left and their signature lines stand beside it.
  double qr = 120;
  page.y = kHeight - 70 - qr - 60;
  double qr_x = signatories.empty() ? (kWidth - qr) / 2 : kMargin + 8;
  cairo_tag_begin(cr, "Figure", nullptr);
  qr_code(cr, verify_url, qr_x, page.y, qr);
  cairo_tag_end(cr, "Figure");
  if (!signatories.empty()) {
    double left = qr_x + qr + 24, right = kWidth - kMargin;
    double column = (right - left) / static_cast<double>(signatories.size());
    double line_y = page.y + qr / 2;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    for (std::size_t k = 0; k < signatories.size(); ++k) {
      double x = left + column * static_cast<double>(k) + 10, w = column - 20;
      cairo_set_line_width(cr, 0.8);
      cairo_move_to(cr, x, line_y);
      cairo_line_to(cr, x + w, line_y);
      cairo_stroke(cr);
      double h = page.block("P", signatories[k]->signatory_name, 11, true, x, line_y + 6, w, 2);
      page.block("P", signatories[k]->signatory_role, 9.5, false, x, line_y + 8 + h, w, 3);
    }
  }
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  page.y += qr + 8;
  page.text("P", t("credentials.pdf.verify") + "\n" + verify_url, 9, false, 4);
  page.text("P", t("credentials.pdf.id", {{"id", a.public_id}}), 9, false, 0);
  cairo_tag_end(cr, "Document");

  cairo_show_page(cr);
  g_object_unref(context);
  g_object_unref(fonts);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  auto status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("PDF not rendered: ") + cairo_status_to_string(status));
  return out;
}

}  // namespace cityskills::credentials
