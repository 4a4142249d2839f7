// Demo learning paths for `seed --demo`: the Digital City Expert qualification for municipal
// staff (issued by Comune di Valverde with the Nordic Digital Learning Network) and a path that
// brings citizens to a safe, confident start online, each in the five languages.
#include "features/catalog/api.hpp"
#include "features/events/api.hpp"
#include "features/orgs/api.hpp"
#include "features/paths/api.hpp"
#include "features/paths/store.hpp"

namespace cityskills::paths {
namespace {

struct Text {
  const char* lang;
  const char* title;
  const char* summary;
  const char* description;
  const char* electives;  // the elective group's title
};

// Steps are given by course titles (any translation: completing any one counts), events by
// title, and self-test levels by area and band.
struct StepSpec {
  int text = -1;  // 1: titled as the electives group of Text; -1: no title
  int need = 1;
  std::vector<Requirement> requirements;
};

Requirement course(db::Connection& c, const char* title) {
  Requirement r;
  r.kind = "course";
  r.course_id = catalog::course_id_by_title(c, title);
  return r;
}

Requirement event(db::Connection& c, const char* title) {
  Requirement r;
  r.kind = "event";
  r.event_id = events::event_id_by_title(c, title);
  return r;
}

Requirement level(const char* area, const char* band) {
  Requirement r;
  r.kind = "level";
  r.area = area;
  r.band = band;
  return r;
}

bool complete(const std::vector<StepSpec>& steps) {
  for (const auto& s : steps)
    for (const auto& r : s.requirements)
      if ((r.kind == "course" && !r.course_id) || (r.kind == "event" && !r.event_id)) return false;
  return true;
}

void add_path(db::Connection& c, std::int64_t org, const std::vector<std::int64_t>& issuers, const char* level_band,
              const char* audience, bool qualification, const std::vector<Text>& texts,
              const std::vector<std::vector<StepSpec>>& steps_per_text, std::int64_t now) {
  std::optional<std::int64_t> original;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto& t = texts[i];
    const auto& steps = steps_per_text[std::min(i, steps_per_text.size() - 1)];
    if (!complete(steps)) continue;  // a demo course or event is missing: leave this version out
    Path p;
    p.org_id = org;
    p.translation_of = original;
    p.lang = t.lang;
    p.title = t.title;
    p.summary = t.summary;
    p.description = t.description;
    p.audience = audience;
    p.level = level_band;
    p.qualification = qualification;
    auto id = store::create(c, p, 0);
    if (!original) original = id;
    store::set_issuers(c, id, issuers);
    for (const auto& s : steps) {
      std::string title = s.text == 1 ? t.electives : "";
      auto sid = store::add_step(c, id, title, s.need);
      for (const auto& r : s.requirements) store::add_requirement(c, sid, id, r);
    }
    store::set_published(c, id, true);
    c.exec("UPDATE paths SET published_at = ?, created_at = ?, updated_at = ? WHERE id = ?", {now - 86400 * 14, now - 86400 * 20, now - 86400 * 14, id});
  }
}

}  // namespace

void seed_demo(db::Connection& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM paths LIMIT 1")) return;
  auto city = orgs::by_slug(c, "valverde");
  auto nordic = orgs::by_slug(c, "nordic-dln");
  if (!city || !nordic) return;

  // Digital City Expert: the six courses for municipal staff, two of three electives, the
  // cross-country bootcamp, and an intermediate level in information and data literacy.
  std::vector<StepSpec> dce = {
      {-1, 1, {level("1", "intermediate")}},
      {-1, 1, {course(c, "Digital City Expert 1: the smart city and the digital transformation of a municipality")}},
      {-1, 1, {course(c, "Digital City Expert 2: data, open data and interoperability")}},
      {-1, 1, {course(c, "Digital City Expert 4: cybersecurity and data protection in the town hall")}},
      {1, 2,
       {course(c, "Digital City Expert 3: smart infrastructure and IoT in practice"),
        course(c, "Digital City Expert 5: digital participation and co-design with residents"),
        course(c, "Digital City Expert 6: accessible, user-centred digital public services and procurement")}},
      {-1, 1, {event(c, "Smart City Bootcamp: three days across five countries")}},
  };
  std::vector<StepSpec> dce_it = {
      {-1, 1, {level("1", "intermediate")}},
      {-1, 1, {course(c, "Digital City Expert 1: la smart city e la trasformazione digitale del Comune")}},
      {-1, 1, {course(c, "Digital City Expert 2: dati, dati aperti e interoperabilità")}},
      {-1, 1, {course(c, "Digital City Expert 4: sicurezza informatica e protezione dei dati in municipio")}},
      {1, 2,
       {course(c, "Digital City Expert 3: infrastrutture intelligenti e IoT in pratica"),
        course(c, "Digital City Expert 5: partecipazione digitale e co-progettazione con i cittadini"),
        course(c, "Digital City Expert 6: servizi pubblici digitali accessibili, centrati sull'utente, e appalti")}},
      {-1, 1, {event(c, "Smart City Bootcamp: three days across five countries")}},
  };
  std::vector<Text> dce_texts = {
      {"en", "Digital City Expert",
       "The qualification for administrative staff of small and medium municipalities who lead their town's digital "
       "transformation: six courses, a cross-country bootcamp and a recognised certificate.",
       "**Digital City Expert** is the curriculum of the partner network for people who work in a town hall and want to "
       "lead its digital projects: from the smart-city strategy to open data, cybersecurity, participation and "
       "accessible services.\n\n"
       "* Start with the self-test *How digital are you?* and reach at least the intermediate level in information and "
       "data literacy.\n"
       "* Complete the three core courses and two of the three electives (each takes about an hour and a half, with "
       "video, texts and a quiz).\n"
       "* Take part in the Smart City Bootcamp with colleagues from five countries.\n\n"
       "The qualification is issued jointly by Comune di Valverde and the Nordic Digital Learning Network.",
       "Electives: two of these three"},
      {"it", "Digital City Expert",
       "La qualifica per il personale amministrativo dei Comuni piccoli e medi che guida la trasformazione digitale "
       "del proprio ente: sei corsi, un bootcamp internazionale e un attestato riconosciuto.",
       "**Digital City Expert** è il percorso della rete dei partner per chi lavora in Comune e vuole guidarne i "
       "progetti digitali: dalla strategia smart city ai dati aperti, alla sicurezza informatica, alla partecipazione "
       "e ai servizi accessibili.\n\n"
       "* Inizia dal test *Quanto sei digitale?* e raggiungi almeno il livello intermedio nell'alfabetizzazione su "
       "informazioni e dati.\n"
       "* Completa i tre corsi di base e due dei tre corsi a scelta (circa un'ora e mezza ciascuno, con video, testi "
       "e quiz).\n"
       "* Partecipa allo Smart City Bootcamp con colleghi di cinque Paesi.\n\n"
       "La qualifica è rilasciata congiuntamente dal Comune di Valverde e dal Nordic Digital Learning Network.",
       "A scelta: due di questi tre"},
      {"de", "Digital City Expert",
       "Die Qualifikation für Verwaltungsmitarbeitende kleiner und mittlerer Gemeinden, die die digitale "
       "Transformation ihrer Gemeinde leiten: sechs Kurse, ein länderübergreifendes Bootcamp und ein anerkanntes "
       "Zertifikat.",
       "**Digital City Expert** ist der Lehrplan des Partnernetzwerks für Beschäftigte im Rathaus, die digitale "
       "Projekte leiten möchten: von der Smart-City-Strategie über offene Daten und IT-Sicherheit bis zu Beteiligung "
       "und barrierefreien Diensten.\n\n"
       "* Beginnen Sie mit dem Selbsttest *Wie digital sind Sie?* und erreichen Sie mindestens die mittlere Stufe in "
       "Informations- und Datenkompetenz.\n"
       "* Schließen Sie die drei Pflichtkurse und zwei der drei Wahlkurse ab (je etwa anderthalb Stunden, mit Video, "
       "Texten und Quiz). Die Kurse sind auf Englisch und Italienisch verfügbar.\n"
       "* Nehmen Sie mit Kolleginnen und Kollegen aus fünf Ländern am Smart City Bootcamp teil.\n\n"
       "Die Qualifikation wird gemeinsam von der Comune di Valverde und dem Nordic Digital Learning Network verliehen.",
       "Wahlkurse: zwei von diesen drei"},
      {"sv", "Digital City Expert",
       "Kvalifikationen för administrativ personal i små och medelstora kommuner som leder kommunens digitala "
       "omställning: sex kurser, ett bootcamp över landsgränserna och ett erkänt certifikat.",
       "**Digital City Expert** är partnernätverkets utbildningsprogram för dig som arbetar i kommunen och vill leda "
       "dess digitala projekt: från smart city-strategin till öppna data, informationssäkerhet, delaktighet och "
       "tillgängliga tjänster.\n\n"
       "* Börja med självtestet *Hur digital är du?* och nå minst mellannivån i informations- och datakunnighet.\n"
       "* Slutför de tre grundkurserna och två av de tre valbara kurserna (cirka en och en halv timme vardera, med "
       "video, texter och quiz). Kurserna finns på engelska och italienska.\n"
       "* Delta i Smart City Bootcamp tillsammans med kollegor från fem länder.\n\n"
       "Kvalifikationen utfärdas gemensamt av Comune di Valverde och Nordic Digital Learning Network.",
       "Valbara: två av dessa tre"},
      {"fi", "Digital City Expert",
       "Pätevyys pienten ja keskisuurten kuntien hallinnon työntekijöille, jotka johtavat kuntansa digitaalista "
       "muutosta: kuusi kurssia, kansainvälinen bootcamp ja tunnustettu todistus.",
       "**Digital City Expert** on kumppaniverkoston opintokokonaisuus kunnissa työskenteleville, jotka haluavat "
       "johtaa kunnan digihankkeita: älykaupunkistrategiasta avoimeen dataan, tietoturvaan, osallistamiseen ja "
       "saavutettaviin palveluihin.\n\n"
       "* Aloita itsearvioinnilla *Kuinka digitaalinen olet?* ja saavuta vähintään keskitaso informaatio- ja "
       "datalukutaidossa.\n"
       "* Suorita kolme pakollista kurssia ja kaksi kolmesta valinnaisesta (kukin noin puolitoista tuntia: videoita, "
       "tekstejä ja tietovisa). Kurssit ovat englanniksi ja italiaksi.\n"
       "* Osallistu Smart City Bootcampiin viiden maan kollegoiden kanssa.\n\n"
       "Pätevyyden myöntävät yhdessä Comune di Valverde ja Nordic Digital Learning Network.",
       "Valinnaiset: kaksi näistä kolmesta"},
  };
  add_path(c, city->id, {nordic->id}, "advanced", "public_staff", true, dce_texts, {dce, dce_it, dce, dce, dce}, now);

  // Safe and confident online: two foundation courses in the reader's language, one of two
  // practical ones, and the intermediate level in safety shown by a retake of the self-test.
  auto citizen_steps = [&](const char* phishing, const char* find, const char* calls, const char* devices) {
    return std::vector<StepSpec>{
        {-1, 1, {course(c, phishing)}},
        {-1, 1, {course(c, find)}},
        {1, 1, {course(c, calls), course(c, devices)}},
        {-1, 1, {level("4", "intermediate")}},
    };
  };
  std::vector<Text> citizen_texts = {
      {"it", "Sicuri e sicure online: il primo passo",
       "Un percorso breve per chi comincia: riconoscere le truffe, trovare informazioni affidabili, usare il telefono "
       "per parlare con chi ami o risolvere un problema, e misurare i progressi.",
       "Il percorso mette insieme i corsi di base del Comune in un ordine che funziona: prima la sicurezza, poi la "
       "ricerca di informazioni, poi un corso pratico a scelta. Alla fine rifai il test *Quanto sei digitale?*: "
       "quando raggiungi il livello intermedio nell'area sicurezza il percorso è completato.\n\n"
       "Ogni corso dura meno di un'ora e si può seguire da casa o allo sportello digitale della biblioteca.",
       "Un corso pratico a scelta"},
      {"en", "Safe and confident online: the first step",
       "A short path for beginners: spot scams, find information you can trust, use your phone to talk to the people "
       "you love or to fix a problem, and see your progress.",
       "The path puts the city's foundation courses in an order that works: safety first, then finding information, "
       "then one practical course of your choice. At the end, take *How digital are you?* again: once you reach the "
       "intermediate level in safety, the path is complete.\n\n"
       "Each course takes less than an hour and can be followed at home or at the library's digital help desk.",
       "One practical course of your choice"},
      {"de", "Sicher und souverän online: der erste Schritt",
       "Ein kurzer Lernpfad für den Einstieg: Betrug erkennen, verlässliche Informationen finden, mit dem Telefon "
       "Kontakt halten oder ein Problem lösen – und Ihre Fortschritte sehen.",
       "Der Lernpfad ordnet die Grundkurse sinnvoll: zuerst Sicherheit, dann Informationen finden, dann ein "
       "praktischer Kurs Ihrer Wahl. Zum Schluss machen Sie den Test *Wie digital sind Sie?* noch einmal: Sobald Sie "
       "im Bereich Sicherheit die mittlere Stufe erreichen, ist der Lernpfad abgeschlossen.\n\n"
       "Jeder Kurs dauert weniger als eine Stunde – zu Hause oder am digitalen Beratungsplatz der Bibliothek.",
       "Ein praktischer Kurs Ihrer Wahl"},
      {"sv", "Trygg och säker på nätet: första steget",
       "En kort lärväg för nybörjare: känna igen bedrägerier, hitta information du kan lita på, använda telefonen för "
       "att prata med dina nära eller lösa ett problem – och se dina framsteg.",
       "Lärvägen ordnar grundkurserna i en ordning som fungerar: säkerhet först, sedan att hitta information, sedan en "
       "praktisk kurs som du väljer. Gör till sist testet *Hur digital är du?* igen: när du når mellannivån i "
       "säkerhet är lärvägen klar.\n\n"
       "Varje kurs tar mindre än en timme och kan göras hemma eller vid bibliotekets digitala hjälpdisk.",
       "En praktisk kurs som du väljer"},
      {"fi", "Turvallisesti ja varmasti verkossa: ensimmäinen askel",
       "Lyhyt polku aloittelijoille: tunnista huijaukset, löydä luotettavaa tietoa, käytä puhelinta läheisten kanssa "
       "puhumiseen tai ongelman ratkaisemiseen – ja näe edistymisesi.",
       "Polku järjestää peruskurssit toimivaan järjestykseen: ensin turvallisuus, sitten tiedonhaku ja lopuksi "
       "valitsemasi käytännön kurssi. Tee lopuksi *Kuinka digitaalinen olet?* -testi uudelleen: kun saavutat "
       "turvallisuudessa keskitason, polku on suoritettu.\n\n"
       "Jokainen kurssi kestää alle tunnin, ja sen voi tehdä kotona tai kirjaston digitukipisteessä.",
       "Yksi valitsemasi käytännön kurssi"},
  };
  add_path(c, city->id, {}, "intermediate", "citizen", false, citizen_texts,
           {citizen_steps("Riconoscere il phishing", "Cercare e verificare le informazioni online",
                          "Videochiamate e messaggi per tutti",
                          "Quando il dispositivo non funziona: risolvere i problemi di tutti i giorni"),
            citizen_steps("Spotting phishing", "Finding and checking information online",
                          "Video calls and messages for everyone", "When a device won't work: solving everyday problems"),
            citizen_steps("Phishing erkennen", "Informationen online finden und prüfen",
                          "Videoanrufe und Nachrichten für alle", "Wenn das Gerät streikt: Alltagsprobleme lösen"),
            citizen_steps("Känna igen nätfiske", "Hitta och granska information på nätet",
                          "Videosamtal och meddelanden för alla", "När enheten krånglar: lösa vardagens problem"),
            citizen_steps("Tunnista tietojenkalastelu", "Tiedon hakeminen ja arviointi verkossa",
                          "Videopuhelut ja viestit kaikille", "Kun laite ei toimi: arjen ongelmien ratkaiseminen")},
           now);
}

}  // namespace cityskills::paths
