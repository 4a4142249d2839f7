// Demo news in the five languages, one of them scheduled for later.
#include "features/news/api.hpp"
#include "features/news/store.hpp"
#include "features/orgs/api.hpp"

namespace cityskills::news {

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
      "Da dicembre, ogni martedì mattina un facilitatore aiuta chi vuole attivare SPID o usare il fascicolo sanitario.",
      "## Dove e quando\n\nNelle **farmacie comunali** di Valverde, ogni martedì dalle 10 alle 12.\n\n"
      "## Cosa portare\n\n- il telefono\n- un documento d'identità\n- la tessera sanitaria\n\n"
      "Il servizio è gratuito. Per le date degli incontri guarda la [pagina degli eventi](/events).",
      {"spid", "sanita", "over-65"}, now - 3 * 86400);
  add(city, "it", "Nuovo test: quanto sei digitale?",
      "Un questionario breve per scoprire il tuo livello nelle cinque aree delle competenze digitali.",
      "Il test sarà disponibile a breve. Dura circa **dieci minuti** e alla fine propone un percorso su misura.",
      {"competenze"}, now + 5 * 86400);
  add(city, "en", "Digital help points open in the city's pharmacies",
      "From December, every Tuesday morning a facilitator helps people set up their digital identity.",
      "Every Tuesday from 10:00 to 12:00 in the **city pharmacies**. Bring your phone and an identity document.\n\n"
      "See the [events page](/events) for the dates.",
      {"digital-identity", "health"}, now - 3 * 86400);
  add(org("buergerakademie"), "de", "Neue Vortragsreihe: Sicher im Netz",
      "Die Bürgerakademie startet eine offene Vortragsreihe über sicheres Bezahlen und Datenschutz.",
      "Die Vorträge sind **kostenlos** und ohne Anmeldung möglich; für Plätze mit Sitz bitten wir um Anmeldung.",
      {"sicherheit"}, now - 6 * 86400);
  add(org("nordic-dln"), "sv", "Bootcamp för kommunanställda i fem länder",
      "I december samlas anställda från Italien, Tyskland, Österrike, Sverige och Finland för tre dagars arbete med öppna data.",
      "Programmet körs online och på engelska. Anmälan görs på evenemangssidan.", {"bootcamp", "oppna-data"},
      now - 2 * 86400);
  add(org("koivula"), "fi", "Digituki laajenee kirjastoihin",
      "Koivulan kirjastoissa voi nyt varata ajan digitukihenkilölle.",
      "Ajanvaraus onnistuu kirjaston tiskiltä tai puhelimitse. Palvelu on **maksuton**.", {"digituki"},
      now - 1 * 86400);
}

}  // namespace cityskills::news
