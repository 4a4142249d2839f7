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
