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
  e.description = "Five online sessions, each hosted from a partner country in its own time zone; the working language is "
                  "English. Day 1: problem framing with Valverde (Rome morning) and open data in practice with "
                  "Bürgerakademie Digital (Berlin afternoon). Day 2: prototyping with open data, hosted from Vienna. "
                  "Day 3: user testing from Stockholm in the morning, presentations and next steps from Helsinki "
                  "in the afternoon. Counts towards the Digital City Expert qualification.";
  e.time_zone = "Europe/Stockholm"; e.starts_at = at(20, 9, 0, "Europe/Stockholm"); e.ends_at = at(22, 16, 0, "Europe/Stockholm");
  e.online = true; e.join_url = "https://bootcamp.nordic-dln.example.org/room"; e.capacity = 40;
  e.speakers = "Astrid Lindqvist, Jonas Weber, Aino Virtanen, Marco Bellini";
  auto bootcamp = add(e);
  store::add_session(c, {0, bootcamp, "Day 1 – Problem framing, hosted from Valverde (Italy)", at(20, 9, 0, "Europe/Rome"),
                         at(20, 12, 0, "Europe/Rome"), "Europe/Rome"});
  store::add_session(c, {0, bootcamp, "Day 1 – Open data in practice, hosted from Berlin (Germany)",
                         at(20, 14, 0, "Europe/Berlin"), at(20, 16, 30, "Europe/Berlin"), "Europe/Berlin"});
  store::add_session(c, {0, bootcamp, "Day 2 – Prototyping with open data, hosted from Vienna (Austria)",
                         at(21, 9, 30, "Europe/Vienna"), at(21, 13, 0, "Europe/Vienna"), "Europe/Vienna"});
  store::add_session(c, {0, bootcamp, "Day 3 – User testing, hosted from Stockholm (Sweden)",
                         at(22, 9, 0, "Europe/Stockholm"), at(22, 11, 30, "Europe/Stockholm"), "Europe/Stockholm"});
  store::add_session(c, {0, bootcamp, "Day 3 – Presentations and next steps, hosted from Helsinki (Finland)",
                         at(22, 14, 0, "Europe/Helsinki"), at(22, 16, 0, "Europe/Helsinki"), "Europe/Helsinki"});

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

  // Upcoming events in each partner country's language, and in-person activities for each age group.
  e = {};
  e.org_id = academy; e.kind = "in_person"; e.lang = "de"; e.theme = "communication"; e.audience = "citizen"; e.age_group = "over_65";
  e.title = "Digital-Sprechstunde für Seniorinnen und Senioren";
  e.summary = "Ehrenamtliche Digitallotsen beantworten Ihre Fragen zu Smartphone, Tablet und Online-Terminen.";
  e.description = "Bringen Sie Ihr eigenes Gerät mit. Wir üben in Ruhe, zum Beispiel Videoanrufe, Termine beim Bürgeramt "
                  "buchen oder Fotos verschicken. Kaffee und Kuchen gibt es auch.";
  e.time_zone = "Europe/Berlin"; e.starts_at = at(4, 14, 0, "Europe/Berlin"); e.ends_at = at(4, 16, 0, "Europe/Berlin");
  e.venue = "Seniorentreff am Markt"; e.address = "Marktplatz 7, Musterstadt"; e.capacity = 15;
  e.speakers = "Digitallotsen der Bürgerakademie Digital";
  add(e);

  e = {};
  e.org_id = academy; e.kind = "in_person"; e.lang = "de"; e.theme = "safety"; e.audience = "citizen"; e.age_group = "young";
  e.title = "Jugend-Workshop: sicher unterwegs in sozialen Netzwerken";
  e.summary = "Für Jugendliche von 12 bis 16 Jahren: Privatsphäre-Einstellungen, Fake-Profile und was gegen Cybermobbing hilft.";
  e.description = "Ein Nachmittag im Jugendzentrum mit Übungen am eigenen Smartphone. Die Teilnahme ist kostenlos; "
                  "bitte melden Sie Ihr Kind hier an.";
  e.time_zone = "Europe/Vienna"; e.starts_at = at(8, 15, 0, "Europe/Vienna"); e.ends_at = at(8, 17, 30, "Europe/Vienna");
  e.venue = "Jugendzentrum Margareten"; e.address = "Reinprechtsdorfer Straße 21, 1050 Wien"; e.capacity = 20;
  add(e);

  e = {};
  e.org_id = nordic; e.kind = "in_person"; e.lang = "sv"; e.theme = "communication"; e.audience = "citizen"; e.age_group = "over_65";
  e.title = "Digital fika för seniorer på biblioteket";
  e.summary = "Ta med mobilen eller surfplattan och få hjälp med bank-id, Swish och videosamtal i lugn takt.";
  e.description = "Digitala ambassadörer från gymnasiet hjälper dig en och en. Vi bjuder på kaffe. Ingen förkunskap behövs.";
  e.time_zone = "Europe/Stockholm"; e.starts_at = at(6, 13, 30, "Europe/Stockholm"); e.ends_at = at(6, 15, 30, "Europe/Stockholm");
  e.venue = "Stadsbiblioteket, läsesalongen"; e.address = "Sveavägen 73, Stockholm"; e.capacity = 16;
  e.speakers = "Digitala ambassadörer från Norra Real";
  add(e);

  e = {};
  e.org_id = nordic; e.kind = "webinar"; e.lang = "sv"; e.theme = "information"; e.audience = "public_staff"; e.age_group = "adults";
  e.title = "Webbinarium: publicera kommunens första öppna datamängd";
  e.summary = "Från internt kalkylblad till dataportal: licens, metadata och granskning av personuppgifter.";
  e.description = "Ett praktiskt webbinarium för kommunanställda, med exempel från tre svenska kommuner och tid för frågor.";
  e.time_zone = "Europe/Stockholm"; e.starts_at = at(11, 10, 0, "Europe/Stockholm"); e.ends_at = at(11, 11, 15, "Europe/Stockholm");
  e.online = true; e.join_url = "https://nordic-dln.example.org/webbinarium-oppna-data"; e.capacity = 300;
  e.speakers = "Astrid Lindqvist";
  add(e);

  e = {};
  e.org_id = nordic; e.kind = "in_person"; e.lang = "sv"; e.theme = "content_creation"; e.audience = "citizen"; e.age_group = "young";
  e.title = "Kodklubb för unga: bygg ditt första spel";
  e.summary = "För dig mellan 10 och 15 år: vi programmerar ett enkelt spel i Scratch tillsammans.";
  e.description = "Datorer finns på plats. Ta gärna med en kompis. Föräldrar är välkomna att stanna.";
  e.time_zone = "Europe/Stockholm"; e.starts_at = at(13, 15, 0, "Europe/Stockholm"); e.ends_at = at(13, 17, 0, "Europe/Stockholm");
  e.venue = "Kulturhuset, Lab 3"; e.address = "Sergels torg 3, Stockholm"; e.capacity = 18;
  add(e);

  e = {};
  e.org_id = koivula; e.kind = "in_person"; e.lang = "fi"; e.theme = "safety"; e.audience = "citizen"; e.age_group = "over_65";
  e.title = "Digitukipäivä ikäihmisille: huijausviestit ja pankkitunnukset";
  e.summary = "Digitukihenkilöt ja poliisin edustaja neuvovat tunnistamaan huijausviestit ja käyttämään pankkitunnuksia turvallisesti.";
  e.description = "Ota oma puhelin mukaan. Neuvonta on maksutonta, eikä ennakkotietoja tarvita.";
  e.time_zone = "Europe/Helsinki"; e.starts_at = at(7, 10, 0, "Europe/Helsinki"); e.ends_at = at(7, 13, 0, "Europe/Helsinki");
  e.venue = "Koivulan pääkirjasto, Lukusali"; e.address = "Kirjastokatu 2, Koivula"; e.capacity = 25;
  e.speakers = "Aino Virtanen, digituki";
  add(e);

  e = {};
  e.org_id = koivula; e.kind = "in_person"; e.lang = "fi"; e.theme = "problem_solving"; e.audience = "citizen"; e.age_group = "young";
  e.title = "Nuorten korjauspaja: pidä puhelimesi kunnossa";
  e.summary = "13–17-vuotiaille: päivitykset, tallennustila, varmuuskopiot ja mitä tehdä, kun sovellus ei toimi.";
  e.description = "Nuorisotalolla järjestettävä paja, jossa jokainen saa oman puhelimensa kuntoon. Välipala tarjolla.";
  e.time_zone = "Europe/Helsinki"; e.starts_at = at(10, 16, 0, "Europe/Helsinki"); e.ends_at = at(10, 18, 0, "Europe/Helsinki");
  e.venue = "Nuorisotalo Kipinä"; e.address = "Koulukatu 14, Koivula"; e.capacity = 20;
  add(e);

  e = {};
  e.org_id = city; e.kind = "in_person"; e.lang = "it"; e.theme = "content_creation"; e.audience = "citizen"; e.age_group = "young";
  e.title = "Laboratorio per ragazzi: il podcast del quartiere";
  e.summary = "Per ragazze e ragazzi dagli 11 ai 15 anni: registriamo e montiamo un podcast con il telefono.";
  e.description = "Tre ore al centro giovani per scrivere, registrare e pubblicare una puntata sulla storia del quartiere, "
                  "rispettando il diritto d'autore e la privacy delle persone intervistate.";
  e.time_zone = "Europe/Rome"; e.starts_at = at(10, 15, 0, "Europe/Rome"); e.ends_at = at(10, 18, 0, "Europe/Rome");
  e.venue = "Centro giovani Il Cortile"; e.address = "Via Mazzini 40, Valverde"; e.capacity = 16;
  e.speakers = "Paolo Greco, educatore digitale";
  add(e);

  e = {};
  e.org_id = city; e.kind = "in_person"; e.lang = "it"; e.theme = "communication"; e.audience = "citizen"; e.age_group = "adults";
  e.title = "Serata: la pratica online dal Comune in mezz'ora";
  e.summary = "Per chi lavora di giorno: prenotare la carta d'identità, pagare la mensa scolastica e scaricare certificati.";
  e.description = "Incontro serale in sala consiliare con esempi dal vivo sui servizi online del Comune.";
  e.time_zone = "Europe/Rome"; e.starts_at = at(14, 20, 30, "Europe/Rome"); e.ends_at = at(14, 22, 0, "Europe/Rome");
  e.venue = "Sala consiliare"; e.address = "Piazza del Municipio 1, Valverde"; e.capacity = 60;
  add(e);

  e = {};
  e.org_id = nordic; e.kind = "webinar"; e.lang = "en"; e.theme = "safety"; e.audience = "public_staff"; e.age_group = "adults";
  e.title = "Webinar: a one-page incident response plan for small municipalities";
  e.summary = "Who to call, what to switch off (and what not), and the 72-hour GDPR deadline, with a ready-made template.";
  e.description = "A practical hour for municipal staff across the partner network, with a tabletop exercise you can "
                  "repeat in your own town hall.";
  e.time_zone = "Europe/Stockholm"; e.starts_at = at(16, 10, 0, "Europe/Stockholm"); e.ends_at = at(16, 11, 0, "Europe/Stockholm");
  e.online = true; e.join_url = "https://nordic-dln.example.org/webinar-incident-plan"; e.capacity = 250;
  e.speakers = "Jonas Weber, Aino Virtanen";
  add(e);

  // A drop-in session running as the demo opens: people can register and check in at once.
  e = {};
  e.org_id = city; e.kind = "in_person"; e.lang = "it"; e.theme = "safety"; e.audience = "citizen"; e.age_group = "all";
  e.title = "Sportello digitale in biblioteca: aiuto su SPID, app e truffe online";
  e.summary = "Facilitatori digitali a disposizione senza appuntamento: passa quando vuoi, anche solo per una domanda.";
  e.description = "Porta il telefono o il portatile: ti aiutiamo ad attivare SPID, a usare le app del Comune e a "
                  "riconoscere i messaggi truffa. Alla fine chiedi il codice di presenza per registrare la partecipazione.";
  e.time_zone = "Europe/Rome"; e.starts_at = now - now % 3600 - 3600; e.ends_at = e.starts_at + 7 * 3600;
  e.venue = "Biblioteca civica, sala studio"; e.address = "Via Roma 21, Valverde"; e.capacity = 30;
  e.speakers = "Lucia Marchetti e Paolo Greco, facilitatori digitali";
  add(e);
}

}  // namespace cityskills::events
