#include "features/credentials/certificate.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <memory>
#include <stdexcept>

#include "i18n/i18n.hpp"
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

  // One block of text, centred, in a structure element (`tag`: H1, P...); returns its height.
  void text(const std::string& tag, const std::string& s, double size, bool bold = false, double gap = 10,
            int max_lines = 0) {
    if (s.empty()) return;
    std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_layout_new(context), g_object_unref);
    std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
        pango_font_description_new(), pango_font_description_free);
    pango_font_description_set_family(font.get(), kFont);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>((kWidth - 2 * kMargin) * PANGO_SCALE));
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
    cairo_move_to(cr, kMargin, y);
    pango_cairo_show_layout(cr, layout.get());
    cairo_tag_end(cr, tag.c_str());
    y += h + gap;
  }
};

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

std::string certificate_pdf(const Award& a, const std::string& verify_url) {
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
  page.y = 70;
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

  // The QR code and the verification address at the foot of the page.
  double qr = 120;
  page.y = kHeight - 70 - qr - 60;
  cairo_tag_begin(cr, "Figure", nullptr);
  qr_code(cr, verify_url, (kWidth - qr) / 2, page.y, qr);
  cairo_tag_end(cr, "Figure");
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
