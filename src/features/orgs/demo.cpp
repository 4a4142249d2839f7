// The demo organisations' certificate logos and signatories. The logos are drawn here with
// cairo when the demo is loaded (simple emblems, made for the demo), so no image file is kept.
#include <cairo.h>

#include <map>
#include <memory>
#include <numbers>
#include <stdexcept>

#include "features/orgs/branding.hpp"
#include "features/orgs/certificates.hpp"
#include "features/orgs/store.hpp"
#include "media/media.hpp"

namespace cityskills::orgs {
namespace {

constexpr int kSize = 256;

void rgb(cairo_t* cr, unsigned hex) {
  cairo_set_source_rgb(cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0);
}

// Comune di Valverde: a shield with two green hills, a river and a tower.
void valverde(cairo_t* cr) {
  cairo_move_to(cr, 28, 24);
  cairo_line_to(cr, 228, 24);
  cairo_line_to(cr, 228, 140);
  cairo_curve_to(cr, 228, 196, 180, 228, 128, 244);
  cairo_curve_to(cr, 76, 228, 28, 196, 28, 140);
  cairo_close_path(cr);
  cairo_path_t* shield = cairo_copy_path(cr);
  rgb(cr, 0xffffff);
  cairo_fill_preserve(cr);
  cairo_save(cr);
  cairo_clip(cr);
  rgb(cr, 0x2e7d32);
  cairo_move_to(cr, 0, 170);
  cairo_curve_to(cr, 50, 110, 100, 120, 128, 160);
  cairo_curve_to(cr, 160, 110, 210, 100, 256, 160);
  cairo_line_to(cr, 256, 256);
  cairo_line_to(cr, 0, 256);
  cairo_fill(cr);
  rgb(cr, 0x1565c0);
  cairo_set_line_width(cr, 14);
  cairo_move_to(cr, 20, 215);
  cairo_curve_to(cr, 80, 185, 170, 235, 240, 200);
  cairo_stroke(cr);
  rgb(cr, 0x8d6e63);
  cairo_rectangle(cr, 108, 70, 40, 80);
  for (int i = 0; i < 3; ++i) cairo_rectangle(cr, 106 + i * 16, 56, 12, 16);
  cairo_fill(cr);
  cairo_restore(cr);
  cairo_new_path(cr);
  cairo_append_path(cr, shield);
  cairo_path_destroy(shield);
  rgb(cr, 0x0b3d6b);
  cairo_set_line_width(cr, 8);
  cairo_stroke(cr);
}

// Nordic Digital Learning Network: linked nodes in a blue ring.
void nordic(cairo_t* cr) {
  rgb(cr, 0x004c97);
  cairo_arc(cr, 128, 128, 116, 0, 2 * std::numbers::pi);
  cairo_fill(cr);
  const double pts[][2] = {{128, 58}, {190, 110}, {166, 190}, {90, 190}, {66, 110}, {128, 128}};
  rgb(cr, 0xffffff);
  cairo_set_line_width(cr, 8);
  for (int i = 0; i < 5; ++i) {
    cairo_move_to(cr, pts[i][0], pts[i][1]);
    cairo_line_to(cr, pts[(i + 1) % 5][0], pts[(i + 1) % 5][1]);
    cairo_move_to(cr, pts[i][0], pts[i][1]);
    cairo_line_to(cr, pts[5][0], pts[5][1]);
  }
  cairo_stroke(cr);
  rgb(cr, 0xfecc02);
  for (const auto& p : pts) {
    cairo_arc(cr, p[0], p[1], 16, 0, 2 * std::numbers::pi);
    cairo_fill(cr);
  }
}

// Bürgerakademie Digital: an open book on a red square.
void academy(cairo_t* cr) {
  rgb(cr, 0xb71c1c);
  cairo_rectangle(cr, 16, 16, 224, 224);
  cairo_fill(cr);
  rgb(cr, 0xffffff);
  cairo_move_to(cr, 128, 90);
  cairo_curve_to(cr, 100, 70, 64, 70, 40, 80);
  cairo_line_to(cr, 40, 190);
  cairo_curve_to(cr, 64, 180, 100, 180, 128, 200);
  cairo_curve_to(cr, 156, 180, 192, 180, 216, 190);
  cairo_line_to(cr, 216, 80);
  cairo_curve_to(cr, 192, 70, 156, 70, 128, 90);
  cairo_close_path(cr);
  cairo_fill(cr);
  rgb(cr, 0xb71c1c);
  cairo_set_line_width(cr, 6);
  cairo_move_to(cr, 128, 92);
  cairo_line_to(cr, 128, 196);
  cairo_stroke(cr);
}

// Kaupunki Koivula: a birch trunk (koivu) on a teal disc.
void koivula(cairo_t* cr) {
  rgb(cr, 0x00695c);
  cairo_arc(cr, 128, 128, 116, 0, 2 * std::numbers::pi);
  cairo_fill(cr);
  rgb(cr, 0xf5f5f5);
  cairo_rectangle(cr, 110, 36, 36, 184);
  cairo_fill(cr);
  rgb(cr, 0x212121);
  for (int i = 0; i < 6; ++i) cairo_rectangle(cr, i % 2 ? 126 : 110, 52 + i * 28, 20, 7);
  cairo_fill(cr);
  rgb(cr, 0x9ccc65);
  cairo_arc(cr, 84, 70, 26, 0, 2 * std::numbers::pi);
  cairo_arc(cr, 172, 84, 24, 0, 2 * std::numbers::pi);
  cairo_fill(cr);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string png(void (*draw)(cairo_t*)) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kSize, kSize), cairo_surface_destroy);
  cairo_t* cr = cairo_create(surface.get());
  draw(cr);
  cairo_destroy(cr);
  std::string out;
  if (cairo_surface_write_to_png_stream(surface.get(), append, &out) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("demo logo not drawn");
  return out;
}

struct DemoOrg {
  const char* slug;
  void (*draw)(cairo_t*);
  const char* signatory;
  std::map<std::string, std::string> roles;
};

}  // namespace

void seed_demo_certificates(db::Database& db, const std::string& data_dir) {
  const DemoOrg demo[] = {
      {"valverde", valverde, "Elena Martini",
       {{"it", "Sindaca di Valverde"}, {"en", "Mayor of Valverde"}, {"de", "Bürgermeisterin von Valverde"},
        {"sv", "Borgmästare i Valverde"}, {"fi", "Valverden pormestari"}}},
      {"nordic-dln", nordic, "Lars Nyström",
       {{"sv", "Verksamhetschef"}, {"en", "Executive Director"}, {"fi", "Toiminnanjohtaja"},
        {"de", "Geschäftsführer"}, {"it", "Direttore esecutivo"}}},
      {"buergerakademie", academy, "Dr. Sabine Krüger",
       {{"de", "Leiterin der Bürgerakademie"}, {"en", "Head of the Citizens' Academy"},
        {"it", "Direttrice della Bürgerakademie"}, {"sv", "Chef för Bürgerakademie"}, {"fi", "Bürgerakademien johtaja"}}},
      {"koivula", koivula, "Mikko Virtanen",
       {{"fi", "Kaupunginjohtaja"}, {"sv", "Stadsdirektör"}, {"en", "City Manager"}, {"de", "Stadtdirektor"},
        {"it", "Direttore generale della città"}}},
  };
  for (const auto& d : demo) {
    std::optional<Organisation> o;
    {
      auto c = db.acquire();
      o = store::find_by_slug(*c, d.slug);
      if (!o || store::certificates(*c, o->id).logo_id) continue;  // a second seed keeps what is there
    }
    auto image = png(d.draw);
    auto name = std::string(d.slug) + "-logo.png";
    auto stored = media::store(db, data_dir, {name, image}, media::image_policy(), o->id, std::nullopt);
    if (!stored.ok()) throw std::runtime_error("demo logo refused: " + stored.error_key);
    db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
      store::set_logo(c, o->id, stored.item->id);
      store::set_signatory(c, o->id, d.signatory, d.roles);
    });
  }
}

}  // namespace cityskills::orgs
