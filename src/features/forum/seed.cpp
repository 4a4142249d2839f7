// Demo forum: a category per DigComp theme, one for a bootcamp moderated by its
// organisation, and threads with replies in the five languages.
#include "features/forum/api.hpp"
#include "features/forum/store.hpp"
#include "features/forum/text.hpp"
#include "features/orgs/api.hpp"

namespace cityskills::forum {

void seed_demo(db::Connection& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM forum_categories LIMIT 1")) return;
  auto user = [&](const char* email) {
    auto r = c.one("SELECT id, display_name FROM users WHERE email = ?", {email});
    store::ensure_handle(c, r->i64(0), r->str(1));
    return r->i64(0);
  };
  auto admin = user("admin@valverde.example.org"), marco = user("author@valverde.example.org"),
       astrid = user("editor@nordic-dln.example.org"), anna = user("citizen@example.org"),
       jonas = user("team@buergerakademie.example.org");
  auto category = [&](const char* slug, const char* name, const char* description, std::optional<std::int64_t> org,
                      int position) {
    Category cat;
    cat.slug = slug;
    cat.name = name;
    cat.description = description;
    cat.org_id = org;
    cat.position = position;
    return store::create_category(c, cat);
  };
  auto info = category("information", "Information and data literacy",
                       "Searching, judging and managing information and data.", std::nullopt, 1);
  auto comm = category("communication", "Communication and collaboration",
                       "Messaging, video calls, online services and taking part as a citizen.", std::nullopt, 2);
  category("content-creation", "Digital content creation", "Documents, images, video, and a first look at code.",
           std::nullopt, 3);
  auto safety = category("safety", "Safety and privacy", "Passwords, scams, privacy and well-being online.",
                         std::nullopt, 4);
  category("problem-solving", "Problem solving", "When the computer or the app does not do what you expect.",
           std::nullopt, 5);
  auto bootcamp = category("bootcamp-digital-city-expert", "Bootcamp: Digital City Expert",
                           "Questions and materials of the bootcamp, moderated by Bürgerakademie Digital.",
                           orgs::by_slug(c, "buergerakademie")->id, 6);
  // The English texts above are the fallback; each partner country's language has its own.
  auto translate = [&](const char* slug, std::vector<CategoryText> texts) {
    store::set_translations(c, store::category_by_slug(c, slug)->id, texts);
  };
  translate("information",
            {{"it", "Informazione e dati", "Cercare, valutare e gestire informazioni e dati."},
             {"de", "Informationen und Daten", "Informationen und Daten suchen, bewerten und verwalten."},
             {"sv", "Information och data", "Söka, värdera och hantera information och data."},
             {"fi", "Tieto ja data", "Tiedon ja datan hakeminen, arviointi ja hallinta."}});
  translate("communication",
            {{"it", "Comunicazione e collaborazione",
              "Messaggi, videochiamate, servizi online e partecipazione dei cittadini."},
             {"de", "Kommunikation und Zusammenarbeit",
              "Nachrichten, Videoanrufe, Online-Dienste und Beteiligung als Bürgerin oder Bürger."},
             {"sv", "Kommunikation och samarbete", "Meddelanden, videosamtal, e-tjänster och delaktighet som invånare."},
             {"fi", "Viestintä ja yhteistyö", "Viestit, videopuhelut, verkkopalvelut ja osallistuminen asukkaana."}});
  translate("content-creation",
            {{"it", "Creazione di contenuti digitali", "Documenti, immagini, video e un primo sguardo al codice."},
             {"de", "Digitale Inhalte erstellen", "Dokumente, Bilder, Videos und ein erster Blick auf das Programmieren."},
             {"sv", "Skapa digitalt innehåll", "Dokument, bilder, video och en första titt på programmering."},
             {"fi", "Digitaalisen sisällön luominen", "Asiakirjat, kuvat, videot ja ensimmäinen katsaus ohjelmointiin."}});
  translate("safety",
            {{"it", "Sicurezza e privacy", "Password, truffe, privacy e benessere online."},
             {"de", "Sicherheit und Datenschutz", "Passwörter, Betrug, Privatsphäre und Wohlbefinden im Netz."},
             {"sv", "Säkerhet och integritet", "Lösenord, bedrägerier, integritet och välmående på nätet."},
             {"fi", "Turvallisuus ja yksityisyys", "Salasanat, huijaukset, yksityisyys ja hyvinvointi verkossa."}});
  translate("problem-solving",
            {{"it", "Risolvere problemi", "Quando il computer o l'app non fanno quello che ti aspetti."},
             {"de", "Probleme lösen", "Wenn der Computer oder die App nicht tut, was Sie erwarten."},
             {"sv", "Problemlösning", "När datorn eller appen inte gör som du tänkt dig."},
             {"fi", "Ongelmanratkaisu", "Kun tietokone tai sovellus ei toimi niin kuin odotat."}});
  translate("bootcamp-digital-city-expert",
            {{"it", "Bootcamp: Digital City Expert",
              "Domande e materiali del bootcamp, moderati da Bürgerakademie Digital. Lingua di lavoro: inglese."},
             {"de", "Bootcamp: Digital City Expert",
              "Fragen und Materialien zum Bootcamp, moderiert von der Bürgerakademie Digital. Arbeitssprache: Englisch."},
             {"sv", "Bootcamp: Digital City Expert",
              "Frågor och material från bootcampet, modererat av Bürgerakademie Digital. Arbetsspråk: engelska."},
             {"fi", "Bootcamp: Digital City Expert",
              "Bootcampin kysymykset ja materiaalit, moderoijana Bürgerakademie Digital. Työkieli: englanti."}});

  std::int64_t t = now - 10 * 86400;
  auto thread = [&](std::int64_t cat, std::int64_t author, const char* lang, const char* title, const char* body) {
    t += 3600;
    auto id = store::create_thread(c, cat, author, lang, title, body, t);
    store::subscribe(c, id, author, t);
    return id;
  };
  auto reply = [&](std::int64_t thread_id, std::int64_t author, const std::string& body) {
    t += 1800;
    return *store::add_post(c, thread_id, author, body, t);
  };

  auto spid = thread(comm, anna, "it", "Come attivo lo SPID senza andare allo sportello?",
                     "Ho provato con il riconoscimento via webcam ma si blocca sempre. Qualcuno ci è riuscito?");
  auto first = reply(spid, marco,
                     "Sì: serve una buona connessione e il documento a portata di mano. Altrimenti ogni martedì c'è "
                     "il **punto digitale** in farmacia comunale.");
  auto mention = reply(spid, anna, quote("Marco Bellini", "ha scritto", first.id, first.body) +
                        "Grazie! Ci vado martedì. @giulia.ferri sapete se serve la prenotazione?");
  store::notify(c, admin, "mention", mention.id, anna, t);
  reply(spid, admin, "Nessuna prenotazione: basta presentarsi tra le 10 e le 12.");

  auto scams = thread(safety, astrid, "sv", "Bluffsms om paket – hur känner man igen dem?",
                      "Flera i vår kurs har fått sms om ett paket som väntar. Vilka tips ger ni?");
  reply(scams, jonas, "Auf Deutsch gibt es dieselben SMS. Regel Nummer eins: **nie** auf den Link tippen.");
  reply(scams, astrid, "Bra poäng. Vi gör en checklista:\n\n1. Avsändaren\n2. Länken\n3. Brådskan");
  store::set_pinned(c, scams, true, t);
  store::log_action(c, safety, scams, std::nullopt, admin, "pin", "Useful for every course", t);

  auto data = thread(info, astrid, "fi", "Avoin data kunnan sivuilla",
                     "Mistä löydän kunnan avoimen datan ja miten sitä voi käyttää opetuksessa?");
  reply(data, admin, "In Valverde the open data portal lists bus punctuality since this month.");

  auto intro = thread(bootcamp, jonas, "de", "Willkommen im Bootcamp – stellt euch vor!",
                      "Schreibt kurz, woher ihr kommt und was ihr im Bootcamp lernen wollt.");
  reply(intro, anna, "Ciao! Sono Anna da Valverde, voglio imparare a usare i dati aperti del mio Comune.");
  reply(intro, astrid, "Hej från Stockholm! Jag ser fram emot modulen om tillgänglighet.");
  auto schedule = thread(bootcamp, jonas, "en", "Session times across time zones",
                         "All sessions are listed in the events calendar with your local time.");
  reply(schedule, marco, "Will the recordings be available for those who miss a session?");
  reply(schedule, jonas, "Yes, each recording is linked from its event page within a day.");
  store::set_locked(c, schedule, true, "Answered; please ask new questions in a new thread.", t);
  store::log_action(c, bootcamp, schedule, std::nullopt, jonas, "lock",
                    "Answered; please ask new questions in a new thread.", t);
}

}  // namespace cityskills::forum
