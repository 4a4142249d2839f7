// Demo events of each kind, upcoming and past, in the sample city and its partners.
#include "features/events/api.hpp"
#include "features/events/store.hpp"
#include "features/orgs/api.hpp"
#include "i18n/i18n.hpp"

namespace cityskills::events {

void seed_demo(db::Tx& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM events LIMIT 1")) return;  // already seeded
  auto org = [&](const char* slug) { return orgs::by_slug(c, slug)->id; };
  auto city = org("valverde"), nordic = org("nordic-dln"), academy = org("buergerakademie"), koivula = org("koivula");
  // Whole days from today, at a local time in the event's zone.
  auto at = [&](int days, int hour, int minute, const char* zone) {
    auto d = i18n::utc_to_local(now + static_cast<std::int64_t>(days) * 86400, zone);
    return *i18n::local_to_utc(d.year, d.month, d.day, hour, minute, zone);
  };
  auto add = [&](Event e) {
    e.id = store::create(c, e, 0);
    schedule_reminder(c, e);
    return e.id;
  };
  Event e;

  e = {};
  e.org_id = city; e.kind = "in_person"; e.lang = "it"; e.theme = "safety"; e.audience = "citizen"; e.age_group = "over_65";
  e.title = "Punto digitale in farmacia: SPID e fascicolo sanitario";
  e.summary = "Un facilitatore digitale ti aiuta ad attivare SPID e a consultare il fascicolo sanitario elettronico.";
  e.description = "Porta il tuo telefono e un documento d'identità. Lavoriamo in piccoli gruppi, con calma, un passo alla volta.";
  e.time_zone = "Europe/Rome"; e.starts_at = at(5, 10, 0, "Europe/Rome"); e.ends_at = at(5, 12, 0, "Europe/Rome");
  e.venue = "Farmacia Comunale Centro"; e.address = "Piazza Garibaldi 3, Valverde"; e.capacity = 8;
  e.speakers = "Lucia Marchetti, facilitatrice digitale";
  add(e);

  e = {};
  e.org_id = city; e.kind = "webinar"; e.lang = "it"; e.theme = "communication"; e.audience = "public_staff"; e.age_group = "adults";
  e.title = "Webinar: servizi online del Comune accessibili a tutti";
  e.summary = "Come scrivere pagine e moduli che anche le persone anziane riescono a usare.";
  e.description = "Linee guida di design per i servizi digitali della PA, esempi concreti e domande dal pubblico.";
  e.time_zone = "Europe/Rome"; e.starts_at = at(9, 15, 0, "Europe/Rome"); e.ends_at = at(9, 16, 30, "Europe/Rome");
  e.online = true; e.join_url = "https://meet.valverde.example.org/webinar-accessibilita"; e.capacity = 150;
  add(e);

  e = {};
  e.org_id = nordic; e.kind = "bootcamp"; e.lang = "en"; e.theme = "problem_solving"; e.audience = "public_staff"; e.age_group = "adults";
  e.title = "Smart City Bootcamp: three days across five countries";
  e.summary = "Municipal staff from Italy, Germany, Austria, Sweden and Finland work together on open data services.";
  e.description = "Day 1 (Rome morning): problem framing with Valverde. Day 2 (Berlin and Vienna): prototyping with open data. "
                  "Day 3 (Stockholm and Helsinki afternoon): presentations and next steps. Sessions run online, in English.";
  e.time_zone = "Europe/Stockholm"; e.starts_at = at(20, 9, 0, "Europe/Stockholm"); e.ends_at = at(22, 16, 0, "Europe/Stockholm");
  e.online = true; e.join_url = "https://bootcamp.nordic-dln.example.org/room"; e.capacity = 40;
  e.speakers = "Astrid Lindqvist, Jonas Weber, Aino Virtanen";
  auto bootcamp = add(e);
  store::add_session(c, {0, bootcamp, "Day 1 – Problem framing, hosted from Valverde", at(20, 9, 0, "Europe/Rome"),
                         at(20, 12, 30, "Europe/Rome"), "Europe/Rome"});
  store::add_session(c, {0, bootcamp, "Day 2 – Prototyping with open data, hosted from Vienna",
                         at(21, 9, 30, "Europe/Vienna"), at(21, 13, 0, "Europe/Vienna"), "Europe/Vienna"});
  store::add_session(c, {0, bootcamp, "Day 3 – Presentations, hosted from Helsinki", at(22, 13, 0, "Europe/Helsinki"),
                         at(22, 16, 0, "Europe/Helsinki"), "Europe/Helsinki"});

  e = {};
  e.org_id = academy; e.kind = "open_talk"; e.lang = "de"; e.theme = "safety"; e.audience = "everyone"; e.age_group = "all";
  e.title = "Offener Vortrag: Sicher online bezahlen";
  e.summary = "Wie Sie Betrug beim Online-Banking und beim Einkaufen erkennen und vermeiden.";
  e.description = "Mit vielen Beispielen aus dem Alltag und Zeit für Ihre Fragen.";
  e.time_zone = "Europe/Berlin"; e.starts_at = at(12, 18, 30, "Europe/Berlin"); e.ends_at = at(12, 20, 0, "Europe/Berlin");
  e.venue = "Stadtbibliothek, Saal 2"; e.address = "Bahnhofstraße 12, Musterstadt"; e.capacity = 60;
  add(e);

  e = {};
  e.org_id = koivula; e.kind = "webinar"; e.lang = "fi"; e.theme = "content_creation"; e.audience = "business"; e.age_group = "adults";
  e.title = "Webinaari: pienyrityksen verkkosivut kuntoon";
  e.summary = "Selkeät ja saavutettavat verkkosivut pienyritykselle ilman suurta budjettia.";
  e.description = "Käymme läpi sisällön, kuvat ja hakukoneet käytännön esimerkein.";
  e.time_zone = "Europe/Helsinki"; e.starts_at = at(15, 13, 0, "Europe/Helsinki"); e.ends_at = at(15, 14, 30, "Europe/Helsinki");
  e.online = true; e.join_url = "https://koivula.example.fi/webinaari"; e.capacity = 100;
  add(e);

  e = {};
  e.org_id = city; e.kind = "open_talk"; e.lang = "it"; e.theme = "information"; e.audience = "everyone"; e.age_group = "young";
  e.title = "Incontro aperto: riconoscere le notizie false";
  e.summary = "Per ragazze e ragazzi: come verificare una notizia prima di condividerla.";
  e.description = "Un incontro già svolto nella biblioteca civica.";
  e.time_zone = "Europe/Rome"; e.starts_at = at(-10, 17, 0, "Europe/Rome"); e.ends_at = at(-10, 18, 30, "Europe/Rome");
  e.venue = "Biblioteca civica"; e.address = "Via Roma 21, Valverde"; e.capacity = 30;
  add(e);

  e = {};
  e.org_id = city; e.kind = "in_person"; e.lang = "it"; e.theme = "communication"; e.audience = "citizen"; e.age_group = "over_65";
  e.title = "Videochiamate con i nipoti: laboratorio in RSA";
  e.summary = "Un pomeriggio nella residenza per anziani per imparare a fare videochiamate dal tablet.";
  e.description = "Laboratorio già svolto alla Residenza Il Glicine, con i volontari del servizio civile digitale.";
  e.time_zone = "Europe/Rome"; e.starts_at = at(-20, 15, 0, "Europe/Rome"); e.ends_at = at(-20, 17, 0, "Europe/Rome");
  e.venue = "Residenza Il Glicine"; e.address = "Via dei Tigli 8, Valverde"; e.capacity = 12;
  add(e);

  e = {};
  e.org_id = nordic; e.kind = "webinar"; e.lang = "sv"; e.theme = "safety"; e.audience = "public_staff"; e.age_group = "adults";
  e.title = "Webbinarium: nätfiske mot kommunanställda";
  e.summary = "Hur man känner igen och rapporterar nätfiskeförsök på jobbet.";
  e.description = "Ett genomfört webbinarium med övningar och en checklista.";
  e.time_zone = "Europe/Stockholm"; e.starts_at = at(-14, 10, 0, "Europe/Stockholm"); e.ends_at = at(-14, 11, 0, "Europe/Stockholm");
  e.online = true; e.join_url = "https://nordic-dln.example.org/webbinarium"; e.capacity = 200;
  e.recording_url = "";
  add(e);

  e = {};
  e.org_id = academy; e.kind = "bootcamp"; e.lang = "de"; e.theme = "content_creation"; e.audience = "business"; e.age_group = "adults";
  e.title = "Bootcamp: Barrierefreie Webseiten für kleine Unternehmen";
  e.summary = "Zwei Tage Praxis mit Unternehmen aus Deutschland und Österreich.";
  e.description = "Bereits durchgeführt in Wien und online.";
  e.time_zone = "Europe/Vienna"; e.starts_at = at(-40, 9, 0, "Europe/Vienna"); e.ends_at = at(-39, 16, 0, "Europe/Vienna");
  e.venue = "Digital Hub Wien"; e.address = "Mariahilfer Straße 45, 1060 Wien"; e.capacity = 25;
  add(e);

  // A drop-in session running as the demo opens: people can register and check in at once.
  e = {};
  e.org_id = city; e.kind = "in_person"; e.lang = "it"; e.theme = "safety"; e.audience = "citizen"; e.age_group = "all";
  e.title = "Sportello digitale in biblioteca: aiuto su SPID, app e truffe online";
  e.summary = "Facilitatori digitali a disposizione per tutto il pomeriggio, senza appuntamento.";
  e.description = "Porta il telefono o il portatile: ti aiutiamo ad attivare SPID, a usare le app del Comune e a "
                  "riconoscere i messaggi truffa. Alla fine chiedi il codice di presenza per registrare la partecipazione.";
  e.time_zone = "Europe/Rome"; e.starts_at = now - now % 3600 - 3600; e.ends_at = e.starts_at + 7 * 3600;
  e.venue = "Biblioteca civica, sala studio"; e.address = "Via Roma 12, Valverde"; e.capacity = 30;
  e.speakers = "Lucia Marchetti e Paolo Greco, facilitatori digitali";
  add(e);
}

}  // namespace cityskills::events
