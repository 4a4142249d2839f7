// Demo news in the five languages, one of them scheduled for later, each with a cover picture
// drawn locally and described in the article's language.
#include "features/news/api.hpp"
#include "features/news/store.hpp"
#include "features/orgs/api.hpp"
#include "media/illustration.hpp"
#include "media/media.hpp"
#include "util/log.hpp"

namespace cityskills::news {
namespace {

struct Picture {
  const char* org;
  const char* lang;
  const char* title;  // of the demo article
  const char* symbol;
  const char* colour;
  const char* alt;
};

const Picture kPictures[] = {
    {"valverde", "it", "Aprono i punti digitali nelle farmacie comunali", "\u2695", "#00695C",
     "Illustrazione: il bastone di Esculapio, simbolo della salute, in un cerchio bianco sopra i tetti di una città"},
    {"valverde", "it", "Nuovo test: quanto sei digitale?", "\u2611", "#6A1B9A",
     "Illustrazione: una casella con il segno di spunta in un cerchio bianco sopra i tetti di una città"},
    {"valverde", "en", "Digital help points open in the city's pharmacies", "\u2695", "#00695C",
     "Illustration: the staff of Asclepius, the sign for health, in a white circle above the rooftops of a town"},
    {"buergerakademie", "de", "Neue Vortragsreihe: Sicher im Netz", "\u26B7", "#37474F",
     "Illustration: ein Schlüssel in einem weißen Kreis über den Dächern einer Stadt"},
    {"nordic-dln", "sv", "Bootcamp för kommunanställda i fem länder", "\u2691", "#0D47A1",
     "Illustration: en flagga i en vit cirkel ovanför hustaken i en stad"},
    {"koivula", "fi", "Digituki laajenee kirjastoihin", "\u260E", "#BF360C",
     "Kuvitus: puhelin valkoisessa ympyrässä kaupungin kattojen yllä"},
    {"valverde", "it", "Digital City Expert: il percorso per il personale comunale ora in cinque lingue", "\u2605",
     "#0D47A1", "Illustrazione: una stella in un cerchio bianco sopra i tetti di una città"},
    {"nordic-dln", "en", "Smart City Bootcamp: registration is open", "\u2691", "#0D47A1",
     "Illustration: a flag in a white circle above the rooftops of a town"},
    {"buergerakademie", "de", "Digital-Sprechstunde für Seniorinnen und Senioren startet", "\u260E", "#AD1457",
     "Illustration: ein Telefon in einem weißen Kreis über den Dächern einer Stadt"},
    {"nordic-dln", "sv", "Digital City Expert finns nu på svenska", "\u2605", "#0D47A1",
     "Illustration: en stjärna i en vit cirkel ovanför hustaken i en stad"},
    {"koivula", "fi", "Digital City Expert -koulutus nyt suomeksi", "\u2605", "#0D47A1",
     "Kuvitus: tähti valkoisessa ympyrässä kaupungin kattojen yllä"},
};

}  // namespace

int seed_demo_images(db::Database& db, const std::string& data_dir) {
  const auto cache = media::illustration::cache_dir(data_dir, "demo-images");
  int given = 0;
  for (const auto& p : kPictures) {
    std::optional<db::Row> r;
    {
      // Only the demo article itself (no author, no picture yet) is given one; an article
      // anyone wrote is never touched.
      auto c = db.acquire();
      r = c->one("SELECT a.id, a.org_id FROM news_articles a JOIN organisations o ON o.id = a.org_id "
                 "WHERE o.slug = ? AND a.lang = ? AND a.title = ? AND a.author_id IS NULL AND a.cover_media_id IS NULL "
                 "AND NOT EXISTS (SELECT 1 FROM news_images i WHERE i.article_id = a.id)",
                 {p.org, p.lang, p.title});
    }
    if (!r) continue;
    auto png = media::illustration::card_png({p.symbol, p.colour}, cache);
    if (!png) {
      log::warn("demo news picture not made: ffmpeg missing or failing", "");
      return given;
    }
    auto stored = media::store(db, data_dir, {"news-picture.png", *png}, media::image_policy(), r->i64(1), std::nullopt);
    if (!stored.ok()) {
      log::warn("demo news picture refused by the media store", "\"error\":\"" + stored.error_key + "\"");
      continue;
    }
    db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
      store::add_image(c, r->i64(0), stored.item->id, p.alt);
      store::set_cover(c, r->i64(0), stored.item->id);
      return true;
    });
    ++given;
  }
  return given;
}

void seed_demo(db::Connection& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM news_articles LIMIT 1")) return;
  auto org = [&](const char* slug) { return orgs::by_slug(c, slug)->id; };
  auto add = [&](std::int64_t o, const char* lang, const char* title, const char* summary, const char* body,
                 std::vector<std::string> tags, std::int64_t when) {
    Article a;
    a.org_id = o;
    a.lang = lang;
    a.title = title;
    a.summary = summary;
    a.body = body;
    a.tags = std::move(tags);
    a.publish_at = when;
    store::create(c, a, 0);
  };
  auto city = org("valverde");
  add(city, "it", "Aprono i punti digitali nelle farmacie comunali",
      "Da questa settimana, ogni martedì mattina un facilitatore aiuta chi vuole attivare SPID o usare il fascicolo sanitario.",
      "## Dove e quando\n\nNelle **farmacie comunali** di Valverde, ogni martedì dalle 10 alle 12.\n\n"
      "## Cosa portare\n\n- il telefono\n- un documento d'identità\n- la tessera sanitaria\n\n"
      "Il servizio è gratuito. Per le date degli incontri guarda la [pagina degli eventi](/events).",
      {"spid", "sanita", "over-65"}, now - 3 * 86400);
  add(city, "it", "Nuovo test: quanto sei digitale?",
      "Un questionario breve per scoprire il tuo livello nelle cinque aree delle competenze digitali.",
      "Il test sarà disponibile a breve. Dura circa **dieci minuti** e alla fine propone un percorso su misura.",
      {"competenze"}, now + 5 * 86400);
  add(city, "en", "Digital help points open in the city's pharmacies",
      "From this week, every Tuesday morning a facilitator helps people set up their digital identity.",
      "Every Tuesday from 10:00 to 12:00 in the **city pharmacies**. Bring your phone and an identity document.\n\n"
      "See the [events page](/events) for the dates.",
      {"digital-identity", "health"}, now - 3 * 86400);
  add(org("buergerakademie"), "de", "Neue Vortragsreihe: Sicher im Netz",
      "Die Bürgerakademie startet eine offene Vortragsreihe über sicheres Bezahlen und Datenschutz.",
      "Die Vorträge sind **kostenlos** und ohne Anmeldung möglich; für Plätze mit Sitz bitten wir um Anmeldung.",
      {"sicherheit"}, now - 6 * 86400);
  add(org("nordic-dln"), "sv", "Bootcamp för kommunanställda i fem länder",
      "Anställda från Italien, Tyskland, Österrike, Sverige och Finland samlas för tre dagars arbete med öppna data.",
      "Programmet körs online och på engelska. Anmälan görs på evenemangssidan.", {"bootcamp", "oppna-data"},
      now - 2 * 86400);
  add(org("koivula"), "fi", "Digituki laajenee kirjastoihin",
      "Koivulan kirjastoissa voi nyt varata ajan digitukihenkilölle.",
      "Ajanvaraus onnistuu kirjaston tiskiltä tai puhelimitse. Palvelu on **maksuton**.", {"digituki"},
      now - 1 * 86400);
  // A second article in each language: the qualification for municipal staff and what is coming up.
  add(city, "it", "Digital City Expert: il percorso per il personale comunale ora in cinque lingue",
      "Sei corsi su smart city, dati aperti, IoT, sicurezza, partecipazione e servizi accessibili, con video e verifiche.",
      "Il percorso **Digital City Expert** è pensato per chi lavora negli uffici dei Comuni piccoli e medi. "
      "Comprende sei corsi online, lo Smart City Bootcamp con i partner europei e un'autovalutazione.\n\n"
      "I corsi sono disponibili in italiano, inglese, tedesco, svedese e finlandese. "
      "Trovi tutto nella pagina dei [percorsi](/paths).",
      {"digital-city-expert", "formazione"}, now - 1 * 86400);
  add(org("nordic-dln"), "en", "Smart City Bootcamp: registration is open",
      "Five online sessions hosted from Italy, Germany, Austria, Sweden and Finland, each in its own time zone, in English.",
      "The bootcamp brings municipal staff from the partner network together around one question: how can a small town "
      "publish open data that residents actually use?\n\n"
      "- **Day 1**: problem framing (Valverde) and open data in practice (Berlin)\n"
      "- **Day 2**: prototyping (Vienna)\n- **Day 3**: user testing (Stockholm) and presentations (Helsinki)\n\n"
      "Attending counts towards the Digital City Expert qualification. Register on the [events page](/events).",
      {"bootcamp", "open-data"}, now - 2 * 86400);
  add(org("buergerakademie"), "de", "Digital-Sprechstunde für Seniorinnen und Senioren startet",
      "Ab dieser Woche helfen ehrenamtliche Digitallotsen im Seniorentreff am Markt bei Fragen zu Smartphone und Tablet.",
      "Die Sprechstunde findet alle zwei Wochen statt. Bringen Sie Ihr eigenes Gerät mit: Auf dem eigenen Smartphone "
      "lernen Sie am meisten.\n\nDie Termine finden Sie im [Veranstaltungskalender](/events).",
      {"senioren", "digitallotsen"}, now - 2 * 86400);
  add(org("nordic-dln"), "sv", "Digital City Expert finns nu på svenska",
      "Utbildningen för kommunanställda om smarta städer, öppna data och tillgängliga tjänster går nu att läsa på svenska.",
      "Sex kurser med video, texter och kontrollfrågor, och ett bootcamp tillsammans med kommuner i fem länder.\n\n"
      "Se alla [lärvägar](/paths) och anmäl dig till **Digital fika för seniorer** och **kodklubben för unga** på "
      "[evenemangssidan](/events).",
      {"digital-city-expert", "utbildning"}, now - 1 * 86400);
  add(org("koivula"), "fi", "Digital City Expert -koulutus nyt suomeksi",
      "Kunnan henkilöstölle suunnattu koulutus älykaupungista, avoimesta datasta ja saavutettavista palveluista on nyt suomeksi.",
      "Kuusi verkkokurssia videoineen ja tehtävineen sekä viiden maan yhteinen Smart City Bootcamp.\n\n"
      "Koivulan pääkirjastossa järjestetään lisäksi **digitukipäivä ikäihmisille** ja nuorisotalolla "
      "**nuorten korjauspaja**: katso [tapahtumat](/events).",
      {"digital-city-expert", "koulutus"}, now - 3 * 86400);
}

}  // namespace cityskills::news
