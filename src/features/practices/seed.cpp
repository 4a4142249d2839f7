// Demo good practices from municipalities of the five countries of the network.
#include "features/accounts/api.hpp"
#include "features/orgs/api.hpp"
#include "features/practices/api.hpp"
#include "features/practices/store.hpp"

namespace cityskills::practices {

void seed_demo(db::Connection& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM practices LIMIT 1")) return;
  auto org = [&](const char* slug) { return orgs::by_slug(c, slug)->id; };
  auto user = [&](const char* email) { return *accounts::user_id_by_email(c, email); };
  auto admin = user("admin@valverde.example.org"), nordic = user("editor@nordic-dln.example.org");
  auto citizen = user("citizen@example.org"), de = user("team@buergerakademie.example.org");
  int age = 0;
  auto add = [&](Practice p, std::int64_t author, std::int64_t moderator) {
    auto id = store::create(c, p, author);
    if (moderator) {
      store::moderate(c, id, moderator, true, "");
      c.exec("UPDATE practices SET published_at = ? WHERE id = ?", {now - (age++) * 9 * 86400, id});
    }
    return id;
  };
  Practice p;
  p.org_id = org("valverde");
  p.lang = "it";
  p.title = "Facilitatori digitali nelle biblioteche di quartiere";
  p.problem = "Un terzo delle persone sopra i 65 anni non riusciva a usare **SPID** e i servizi online del Comune.";
  p.actions = "Abbiamo formato 12 facilitatori del servizio civile digitale e aperto uno sportello il sabato mattina "
              "in quattro biblioteche, con prenotazione telefonica.";
  p.results = "In un anno lo sportello ha seguito oltre mille persone; metà è tornata per un secondo incontro.";
  p.figures = "1.240 persone accompagnate\n4 biblioteche\n68% ha attivato SPID";
  p.lessons = "- Il telefono funziona meglio della prenotazione online per chi parte da zero.\n"
              "- Servono sempre due facilitatori: uno accoglie, l'altro accompagna.";
  p.cost_band = "10k_50k";
  p.effort_band = "medium";
  p.size_band = "50k_250k";
  p.country = "IT";
  p.areas = {"1", "2"};
  p.themes = {"libraries", "seniors"};
  p.contact_name = "Ufficio Agenda Digitale";
  p.contact_email = "agenda.digitale@valverde.example.org";
  auto libraries = add(p, admin, admin);

  p = Practice{};
  p.org_id = org("nordic-dln");
  p.lang = "en";
  p.title = "Digital Business Mornings for shops in Ennis";
  p.problem = "Small shops in the town centre lost customers to online retailers and had no time for long courses.";
  p.actions = "Once a month, before opening hours, a 90-minute breakfast session on one topic: online shop, "
              "social media, e-invoicing. Local businesses teach each other, the council provides the room.";
  p.results = "Three out of four participants published or improved their online presence within two months.";
  p.figures = "18 sessions\n140 businesses\n€6,500 per year";
  p.lessons = "Short, regular and early beats long and occasional. Peer examples convince more than experts.";
  p.cost_band = "under_10k";
  p.effort_band = "low";
  p.size_band = "10k_50k";
  p.country = "IE";
  p.areas = {"2", "3"};
  p.themes = {"businesses"};
  p.contact_name = "Astrid Lindqvist";
  p.contact_email = "editor@nordic-dln.example.org";
  add(p, nordic, nordic);

  p = Practice{};
  p.org_id = org("buergerakademie");
  p.lang = "de";
  p.title = "Digitallotsen im Bürgeramt";
  p.problem = "Seit Termine nur noch online vergeben werden, kamen viele Ältere ohne Termin und gingen unverrichteter Dinge.";
  p.actions = "Ehrenamtliche Digitallotsen sitzen zweimal pro Woche im Wartebereich und buchen mit den Menschen "
              "gemeinsam den Termin – auf deren eigenem Smartphone.";
  p.results = "Die Zahl der Vorsprachen ohne Termin ist um mehr als die Hälfte gesunken.";
  p.figures = "–54 % Vorsprachen ohne Termin\n22 Lotsinnen und Lotsen";
  p.lessons = "Auf dem eigenen Gerät lernen die Menschen mehr als an einem Leihgerät.";
  p.cost_band = "10k_50k";
  p.effort_band = "medium";
  p.size_band = "250k_1m";
  p.country = "DE";
  p.areas = {"2", "4"};
  p.themes = {"e_government", "seniors"};
  add(p, de, admin);

  p = Practice{};
  p.org_id = org("nordic-dln");
  p.lang = "sv";
  p.title = "Elever lär äldre: digitala ambassadörer i skolan";
  p.problem = "Många äldre i kommunen saknade någon att fråga om mobilen, bank-id och bedrägerier.";
  p.actions = "Gymnasieelever utbildades till digitala ambassadörer och träffar pensionärer varannan vecka på "
              "skolbiblioteket, som en del av kursen i samhällskunskap.";
  p.results = "Pensionärerna känner sig tryggare med bank-id, och eleverna får träna på att förklara.";
  p.figures = "36 ambassadörer\n210 träffar";
  p.lessons = "Låt eleverna själva planera träffarna – då kommer de tillbaka.";
  p.cost_band = "under_10k";
  p.effort_band = "low";
  p.size_band = "50k_250k";
  p.country = "SE";
  p.areas = {"1", "4"};
  p.themes = {"schools", "seniors", "inclusion"};
  add(p, nordic, nordic);

  p = Practice{};
  p.org_id = org("koivula");
  p.lang = "fi";
  p.title = "Kyberturvaviikko kirjastoissa";
  p.problem = "Kuntalaiset saivat yhä enemmän huijausviestejä, eikä kukaan tiennyt, mistä kysyä neuvoa.";
  p.actions = "Järjestimme kaikissa kirjastoissa viikon, jolloin poliisi, pankki ja kirjaston henkilökunta "
              "neuvoivat huijausten tunnistamisessa.";
  p.results = "Kirjastojen neuvontapisteissä käytiin viikon aikana ennätysmäärä.";
  p.figures = "5 kirjastoa\n780 kävijää";
  p.lessons = "Yhteistyö poliisin kanssa toi uskottavuutta ja näkyvyyttä.";
  p.cost_band = "none";
  p.effort_band = "low";
  p.size_band = "10k_50k";
  p.country = "FI";
  p.areas = {"4"};
  p.themes = {"cybersecurity", "libraries"};
  add(p, admin, admin);

  p = Practice{};
  p.org_id = org("nordic-dln");
  p.lang = "en";
  p.title = "An open data weekend in Birkirkara";
  p.problem = "The local council published data nobody used, and young people did not see how it concerned them.";
  p.actions = "A weekend hackathon with students, the council and two local companies on parking, bus and waste data.";
  p.results = "Two of the prototypes became council services; the council now publishes data every quarter.";
  p.figures = "60 participants\n9 prototypes\n2 services in production";
  p.lessons = "Publish the data in a usable format before the event, and name a council contact for each dataset.";
  p.cost_band = "10k_50k";
  p.effort_band = "high";
  p.size_band = "10k_50k";
  p.country = "MT";
  p.areas = {"3", "5"};
  p.themes = {"open_data", "schools"};
  add(p, nordic, nordic);

  // One waiting for its organisation's moderators.
  p = Practice{};
  p.org_id = org("valverde");
  p.lang = "it";
  p.title = "Uno sportello SPID nei mercati rionali";
  p.problem = "Chi non va in biblioteca non incontra i nostri facilitatori.";
  p.actions = "Un gazebo al mercato del martedì con un facilitatore e un tablet.";
  p.results = "Primo mese: 45 persone aiutate.";
  p.lessons = "Andare dove le persone già sono.";
  p.cost_band = "under_10k";
  p.effort_band = "low";
  p.size_band = "50k_250k";
  p.country = "IT";
  p.areas = {"2"};
  p.themes = {"e_government", "inclusion"};
  add(p, citizen, 0);

  c.exec("INSERT INTO practice_did_too (practice_id, user_id, created_at) VALUES (?, ?, ?)", {libraries, nordic, now});
  c.exec("UPDATE practices SET did_too = 1 WHERE id = ?", {libraries});
  store::add_comment(c, libraries, de, "Wir machen das in drei Stadtteilbibliotheken nach – danke für die Anleitung!");
}

}  // namespace cityskills::practices
