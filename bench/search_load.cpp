// Loads a large search index for benchmarks: DOCUMENTS documents spread evenly over the five
// languages and unevenly over the seven kinds, written with search::put (the index is exactly
// what the product builds) in transactions of BATCH documents, then marked built so that the
// server does not rebuild the index from the feature tables at start (dropping these).
//
// The text is generated from a word list per language, drawn with Zipf-like frequencies: the
// first words of a list are in nearly every document, the words further down in fewer, and a
// tail of made-up names (and a few real words placed among them) in a handful. What the
// benchmark queries, in English (counts among the 20,000 English documents of the default load):
//   "digital", "skills"   in nearly every document
//   "online"              common: about half of them (9,764)
//   "digital skills"      a phrase, in about half (its two words are in all of them)
//   "library", "workshop" about 8,000 each, 3,700 together, 530 of them events
//   "cryptography"        rare: 32
//
// Usage: search_load --database URL [--documents 100000] [--batch 2000] [--seed 1]
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "db/migrate.hpp"
#include "features/orgs/store.hpp"
#include "search/search.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

using namespace cityskills;

namespace {

using Rng = std::mt19937_64;
using Words = std::vector<std::string_view>;

// A language's words. `common` is in order of frequency (a few entries are phrases, so that a
// phrase query has to tell "digital skills" from "skills ... digital"); `rare` words go into
// the tail among made-up names; `small` are the function words between them.
struct Language {
  std::string_view code;
  Words common, rare, small;
  // Syllables for the made-up names of the tail: onset + vowel + coda, then an ending.
  Words onsets, vowels, codas, endings;
};

const std::array<Language, 5>& languages() {
  static const std::array<Language, 5> all = {{
      {"it",
       {"digitale", "città", "competenze", "persone", "imparare", "corso", "aiuto", "nuovo", "servizio", "usare",
        "dati", "comunità", "tempo", "computer", "cittadini", "supporto", "telefono", "pubblico", "gratuito", "lavoro",
        "online", "gruppo", "informazioni", "internet", "scuola", "progetto", "giovani", "anziani", "rete",
        "applicazione", "posta elettronica", "pratica", "account", "sito", "formazione", "volontari", "base", "sicuro",
        "condividere", "domanda", "biblioteca", "settimana", "aperto", "strumenti", "insegnanti", "famiglie",
        "identità", "password", "video", "accesso", "competenze digitali", "centro", "incontro", "esperienza",
        "quartiere", "mattina", "sera", "locale", "programma", "sociale", "laboratorio", "documenti", "pagamento",
        "salute", "prenotazione", "ufficio", "idea", "partner", "risorse", "studenti", "corsi", "laboratori",
        "biblioteche", "tablet", "smartphone", "riservatezza", "sicurezza", "ricerca", "file", "foto", "messaggi",
        "cloud", "software", "principianti", "avanzato", "livello", "sessione", "formatore", "tutor", "lezione",
        "esercizio", "quiz", "attestato", "comune", "municipio", "consiglio", "associazione", "museo", "archivio",
        "mappa", "trasporti", "biglietti", "appuntamento", "programmazione", "robotica", "foglio di calcolo",
        "presentazione", "stampante", "tastiera", "schermo", "batteria", "truffa", "frode", "notizie false",
        "disinformazione", "pensiero critico", "creativo", "musica", "giochi", "bambini", "genitori", "nonni",
        "migranti", "lingue", "traduzione", "accessibilità", "fascicolo sanitario", "anagrafe", "certificato",
        "modulo"},
       {"crittografia", "genealogia", "telemedicina", "origami", "podcast"},
       {"il", "la", "di", "e", "per", "con", "in", "un", "una", "del", "della", "che", "a", "da", "nel", "sono", "è",
        "come", "più", "anche", "gli", "le", "i", "al", "alla", "questo", "molto", "ogni"},
       {"b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "gr", "st", "tr", "sc", "ch"},
       {"a", "e", "i", "o", "u", "ia", "io"},
       {"", "", "", "n", "l", "r"},
       {"etto", "ina", "ale", "ura", "ezza", "ione", "ino", "ano", "ese"}},
      {"en",
       {"digital", "city", "skills", "people", "learn", "course", "help", "new", "service", "use", "data",
        "community", "time", "computer", "citizens", "support", "phone", "public", "free", "work", "online", "group",
        "information", "internet", "school", "project", "young", "older", "network", "application", "email",
        "practice", "account", "website", "training", "volunteers", "basic", "safe", "share", "question", "library",
        "week", "open", "tools", "teachers", "families", "identity", "password", "video", "access",
        "digital skills", "centre", "meeting", "experience", "neighbourhood", "morning", "evening", "local",
        "programme", "social", "workshop", "documents", "payment", "health", "booking", "office", "idea", "partner",
        "resources", "students", "courses", "workshops", "libraries", "tablet", "smartphone", "privacy", "security",
        "search", "files", "photos", "messages", "cloud", "software", "beginners", "advanced", "level", "session",
        "trainer", "mentor", "lesson", "exercise", "quiz", "certificate", "municipality", "district", "council",
        "association", "museum", "archive", "map", "transport", "tickets", "appointment", "coding", "robotics",
        "spreadsheet", "presentation", "printer", "keyboard", "screen", "battery", "scam", "fraud", "fake news",
        "misinformation", "critical thinking", "creative", "music", "games", "children", "parents", "grandparents",
        "migrants", "languages", "translation", "accessibility", "health record", "registry", "form", "application form"},
       {"cryptography", "genealogy", "telemedicine", "origami", "podcasting"},
       {"the", "a", "of", "and", "to", "in", "for", "with", "on", "at", "is", "are", "we", "you", "our", "this",
        "from", "how", "can", "will", "by", "about", "more", "their", "every", "very"},
       {"b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "cl", "st", "tr", "gr",
        "sh", "th"},
       {"a", "e", "i", "o", "u", "ea", "oo", "ai"},
       {"", "n", "r", "s", "t", "l", "nd", "ck", "m"},
       {"", "ing", "er", "ness", "ton", "ly", "ment", "ford", "wick"}},
      {"de",
       {"digital", "Stadt", "Kompetenzen", "Menschen", "lernen", "Kurs", "Hilfe", "neu", "Dienst", "nutzen",
        "Daten", "Gemeinschaft", "Zeit", "Computer", "Bürgerinnen", "Unterstützung", "Telefon", "öffentlich",
        "kostenlos", "Arbeit", "online", "Gruppe", "Informationen", "Internet", "Schule", "Projekt", "junge",
        "ältere", "Netzwerk", "Anwendung", "E-Mail", "Praxis", "Konto", "Webseite", "Schulung", "Ehrenamtliche",
        "Grundlagen", "sicher", "teilen", "Frage", "Bibliothek", "Woche", "offen", "Werkzeuge", "Lehrkräfte",
        "Familien", "Identität", "Passwort", "Video", "Zugang", "digitale Kompetenzen", "Zentrum", "Treffen",
        "Erfahrung", "Nachbarschaft", "Morgen", "Abend", "lokal", "Programm", "sozial", "Werkstatt", "Dokumente",
        "Zahlung", "Gesundheit", "Buchung", "Amt", "Idee", "Partner", "Ressourcen", "Studierende", "Kurse",
        "Werkstätten", "Bibliotheken", "Tablet", "Smartphone", "Datenschutz", "Sicherheit", "Suche", "Dateien",
        "Fotos", "Nachrichten", "Cloud", "Software", "Anfänger", "Fortgeschrittene", "Stufe", "Sitzung",
        "Trainerin", "Mentor", "Lektion", "Übung", "Quiz", "Zertifikat", "Gemeinde", "Bezirk", "Stadtrat", "Verein",
        "Museum", "Archiv", "Karte", "Verkehr", "Fahrkarten", "Termin", "Programmieren", "Robotik",
        "Tabellenkalkulation", "Präsentation", "Drucker", "Tastatur", "Bildschirm", "Akku", "Betrug",
        "Falschmeldungen", "Desinformation", "kritisches Denken", "kreativ", "Musik", "Spiele", "Kinder", "Eltern",
        "Großeltern", "Zugewanderte", "Sprachen", "Übersetzung", "Barrierefreiheit", "Bürgeramt", "Formular",
        "Antrag"},
       {"Kryptographie", "Ahnenforschung", "Telemedizin", "Origami", "Podcasts"},
       {"der", "die", "das", "und", "mit", "für", "in", "ein", "eine", "von", "zu", "im", "ist", "sind", "auf",
        "wie", "auch", "den", "dem", "bei", "am", "zum", "nicht", "wir", "Sie", "sehr", "jede"},
       {"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "sch", "st", "sp", "kr", "pf", "z"},
       {"a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au"},
       {"", "n", "r", "l", "ch", "ck", "tz", "st", "ng"},
       {"ung", "heit", "keit", "er", "en", "lich", "schaft", "berg", "dorf"}},
      {"sv",
       {"digital", "stad", "färdigheter", "människor", "lära", "kurs", "hjälp", "ny", "tjänst", "använda", "data",
        "gemenskap", "tid", "dator", "medborgare", "stöd", "telefon", "offentlig", "gratis", "arbete", "online",
        "grupp", "information", "internet", "skola", "projekt", "unga", "äldre", "nätverk", "app", "e-post",
        "praktik", "konto", "webbplats", "utbildning", "volontärer", "grundläggande", "säker", "dela", "fråga",
        "bibliotek", "vecka", "öppen", "verktyg", "lärare", "familjer", "identitet", "lösenord", "video", "tillgång",
        "digitala färdigheter", "center", "möte", "erfarenhet", "grannskap", "morgon", "kväll", "lokal", "program",
        "social", "verkstad", "dokument", "betalning", "hälsa", "bokning", "kontor", "idé", "partner", "resurser",
        "studenter", "kurser", "verkstäder", "biblioteken", "surfplatta", "smarttelefon", "integritet", "säkerhet",
        "sökning", "filer", "foton", "meddelanden", "moln", "programvara", "nybörjare", "avancerad", "nivå",
        "tillfälle", "kursledare", "mentor", "lektion", "övning", "frågesport", "intyg", "kommun", "stadsdel",
        "fullmäktige", "förening", "museum", "arkiv", "karta", "kollektivtrafik", "biljetter", "tidsbokning",
        "programmering", "robotik", "kalkylark", "presentation", "skrivare", "tangentbord", "skärm", "batteri",
        "bedrägeri", "falska nyheter", "desinformation", "kritiskt tänkande", "kreativ", "musik", "spel", "barn",
        "föräldrar", "morföräldrar", "nyanlända", "språk", "översättning", "tillgänglighet", "blankett",
        "ansökan"},
       {"kryptografi", "släktforskning", "telemedicin", "origami", "poddar"},
       {"och", "i", "att", "en", "ett", "för", "med", "på", "som", "av", "till", "är", "det", "den", "vi", "du",
        "om", "från", "hur", "kan", "har", "vid", "de", "när", "så", "mycket", "varje"},
       {"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "sk", "st", "sj", "fr", "tr", "kv"},
       {"a", "e", "i", "o", "u", "å", "ä", "ö", "y"},
       {"", "n", "r", "l", "k", "tt", "ng", "st"},
       {"ning", "het", "are", "ande", "lig", "sson", "by", "holm", "vik"}},
      {"fi",
       {"digitaalinen", "kaupunki", "taidot", "ihmiset", "oppia", "kurssi", "apu", "uusi", "palvelu", "käyttää",
        "tiedot", "yhteisö", "aika", "tietokone", "kaupunkilaiset", "tuki", "puhelin", "julkinen", "maksuton", "työ",
        "verkossa", "ryhmä", "tietoa", "internet", "koulu", "hanke", "nuoret", "ikääntyneet", "verkosto",
        "sovellus", "sähköposti", "käytäntö", "tili", "verkkosivu", "koulutus", "vapaaehtoiset", "perustaidot",
        "turvallinen", "jakaa", "kysymys", "kirjasto", "viikko", "avoin", "työkalut", "opettajat", "perheet",
        "henkilöllisyys", "salasana", "video", "pääsy", "digitaaliset taidot", "keskus", "tapaaminen", "kokemus",
        "naapurusto", "aamu", "ilta", "paikallinen", "ohjelma", "sosiaalinen", "työpaja", "asiakirjat", "maksu",
        "terveys", "varaus", "toimisto", "idea", "kumppani", "resurssit", "opiskelijat", "kirjastossa",
        "kurssilla", "työpajassa", "tabletti", "älypuhelin", "yksityisyys", "tietoturva", "haku", "tiedostot",
        "valokuvat", "viestit", "pilvi", "ohjelmisto", "aloittelijat", "edistynyt", "taso", "istunto",
        "kouluttaja", "mentori", "oppitunti", "harjoitus", "tietovisa", "todistus", "kunta", "kaupunginosa",
        "valtuusto", "yhdistys", "museo", "arkisto", "kartta", "joukkoliikenne", "liput", "ajanvaraus",
        "ohjelmointi", "robotiikka", "taulukkolaskenta", "esitys", "tulostin", "näppäimistö", "näyttö", "akku",
        "huijaus", "petos", "valeuutiset", "disinformaatio", "kriittinen ajattelu", "luova", "musiikki", "pelit",
        "lapset", "vanhemmat", "isovanhemmat", "maahanmuuttajat", "kielet", "käännös", "saavutettavuus", "lomake",
        "hakemus"},
       {"kryptografia", "sukututkimus", "etälääketiede", "origami", "podcastit"},
       {"ja", "on", "että", "se", "kun", "myös", "kanssa", "sekä", "tai", "ovat", "me", "te", "voi", "mutta",
        "miten", "niin", "tämä", "jos", "nyt", "kuin", "hyvin", "joka"},
       {"h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v"},
       {"a", "e", "i", "o", "u", "y", "ä", "ö", "aa", "ii", "uu", "ää"},
       {"", "", "n", "s", "t", "l", "k"},
       {"nen", "la", "inen", "ssa", "sto", "kko", "ja", "ta", "lä"}},
  }};
  return all;
}

// Where the rare words go in the frequency order: far into the tail.
constexpr std::array<std::size_t, 5> kRareRanks = {2500, 5000, 8000, 12000, 16000};
constexpr std::size_t kTailWords = 20000;
constexpr double kTailWeight = 1.0 / 3;

template <class T>
const T& pick(const std::vector<T>& v, Rng& rng) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

// The words of a language in order of frequency: its word list, then made-up names with the
// rare words among them.
std::vector<std::string> vocabulary(const Language& l, Rng& rng) {
  std::vector<std::string> out(l.common.begin(), l.common.end());
  std::set<std::string> seen(out.begin(), out.end());
  seen.insert(l.rare.begin(), l.rare.end());
  while (out.size() < l.common.size() + kTailWords) {
    std::string w;
    int syllables = std::uniform_int_distribution<int>(2, 3)(rng);
    for (int i = 0; i < syllables; ++i) w += std::string(pick(l.onsets, rng)) + std::string(pick(l.vowels, rng));
    w += std::string(pick(l.codas, rng)) + std::string(pick(l.endings, rng));
    if (w.size() >= 5 && seen.insert(w).second) out.push_back(std::move(w));
  }
  for (std::size_t i = 0; i < l.rare.size(); ++i)
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(kRareRanks.at(i)), std::string(l.rare[i]));
  return out;
}

// Word n (from 0) drawn with probability proportional to 1 / (n + 1), words from `tail` on a
// third of that: a text that is half made-up names reads like none written by people.
class Zipf {
 public:
  Zipf(std::size_t n, std::size_t tail) : cdf_(n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) cdf_[i] = sum += (i < tail ? 1.0 : kTailWeight) / static_cast<double>(i + 1);
    for (auto& x : cdf_) x /= sum;
  }
  std::size_t operator()(Rng& rng) const {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return std::min(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

struct Writer {
  const Language& lang;
  std::vector<std::string> vocab;
  Zipf zipf;

  std::string word(Rng& rng) const { return vocab[zipf(rng)]; }

  // Upper-cases the first letter when it is ASCII (enough for a sentence start here).
  static void capitalise(std::string& s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  }

  // A sentence of about `length` words, a third of them function words; returns the words used.
  int sentence(std::string& out, int length, Rng& rng) const {
    std::string s;
    int n = 0;
    std::bernoulli_distribution small(0.35), comma(0.08);
    while (n < length) {
      std::string w = small(rng) ? std::string(pick(lang.small, rng)) : word(rng);
      n += 1 + static_cast<int>(std::count(w.begin(), w.end(), ' '));
      if (!s.empty()) s += comma(rng) ? ", " : " ";
      s += w;
    }
    capitalise(s);
    static const std::array<const char*, 6> ends = {".", ".", ".", ".", "?", "!"};
    s += ends[std::uniform_int_distribution<std::size_t>(0, ends.size() - 1)(rng)];
    out += s;
    return n;
  }

  std::string title(Rng& rng) const {
    std::string t;
    int n = std::uniform_int_distribution<int>(3, 8)(rng);
    for (int i = 0; i < n; ++i) t += (i ? " " : "") + word(rng);
    capitalise(t);
    return t;
  }

  // 50 to 400 words, shorter ones more often, in paragraphs of a few sentences.
  std::string body(Rng& rng) const {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    int target = 50 + static_cast<int>(350 * u * u);
    std::string b;
    int words = 0, in_paragraph = 0;
    while (words < target) {
      if (!b.empty()) b += ++in_paragraph % 4 == 0 ? "\n\n" : " ";
      words += sentence(b, std::uniform_int_distribution<int>(5, 18)(rng), rng);
    }
    return b;
  }
};

struct Kind {
  const char* name;
  const char* url;
  int weight;  // forum posts are the most numerous, courses and resources the fewest
};
constexpr std::array<Kind, 7> kKinds = {{{"course", "/courses/", 8},
                                         {"event", "/events/", 14},
                                         {"news", "/news/", 12},
                                         {"practice", "/practices/", 8},
                                         {"forum", "/forum/p/", 36},
                                         {"idea", "/ideas/", 14},
                                         {"resource", "/resources/", 8}}};

// Ids far above the demo data's, so that the demo documents stay as they are.
constexpr std::int64_t kFirstRef = 10'000'000;
constexpr std::int64_t kDay = 86400;

struct Generator {
  std::vector<Writer> writers;
  std::vector<std::int64_t> orgs;
  std::discrete_distribution<std::size_t> kind_of;
  std::array<std::int64_t, kKinds.size()> next_ref{};
  std::int64_t now = util::now_unix();

  // Document i: languages in turn, kinds by weight, dates over the last three years, one in a
  // hundred scheduled for later (the search leaves it out), most with an organisation.
  search::Document make(int i, Rng& rng) {
    const auto& w = writers[static_cast<std::size_t>(i) % writers.size()];
    auto k = kind_of(rng);
    const auto& kind = kKinds.at(k);
    search::Document d;
    d.kind = kind.name;
    d.ref_id = kFirstRef + next_ref.at(k)++;
    d.lang = std::string(w.lang.code);
    d.title = w.title(rng);
    d.body = w.body(rng);
    d.url = kind.url + std::to_string(d.ref_id);
    d.shown_at = now - std::uniform_int_distribution<std::int64_t>(0, 3 * 365 * kDay)(rng);
    if (std::bernoulli_distribution(0.01)(rng)) d.visible_from = now + 30 * kDay;
    if (d.kind == "forum") {
      // Posts of one thread share its title, which counts only with the opening post.
      d.group = "forum_thread:" + std::to_string(kFirstRef + d.ref_id / 8);
      d.title_searched = d.ref_id % 8 == 0;
    } else if (d.kind != "idea" || std::bernoulli_distribution(0.5)(rng)) {
      d.org_id = pick(orgs, rng);
    }
    return d;
  }
};

std::vector<std::int64_t> create_orgs(db::Database& db) {
  auto tag = util::to_lower(crypto::random_token(6));
  return db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    std::vector<std::int64_t> ids;
    const char* countries[] = {"IT", "GB", "DE", "SE", "FI"};
    for (int i = 0; i < 5; ++i)
      ids.push_back(*orgs::store::create(c, {0, "Search bench partner " + std::to_string(i + 1),
                                             "search-bench-" + tag + "-" + std::to_string(i), "partner",
                                             countries[i], ""}));
    return ids;
  });
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (!args.count("--database")) {
    std::fprintf(stderr, "usage: search_load --database URL [--documents 100000] [--batch 2000] [--seed 1]\n");
    return 2;
  }
  auto get = [&](const char* k, int def) { return args.count(k) ? std::stoi(args[k]) : def; };
  const int documents = get("--documents", 100000), batch = std::max(1, get("--batch", 2000));
  Rng rng(static_cast<std::uint64_t>(get("--seed", 1)));
  crypto::init();
  auto db = db::Database::open(args["--database"], 2);
  db::migrate(*db, db::embedded_migrations());

  Generator g;
  for (const auto& l : languages()) {
    auto v = vocabulary(l, rng);
    auto n = v.size();
    g.writers.push_back(Writer{l, std::move(v), Zipf(n, l.common.size())});
  }
  std::vector<int> weights;
  for (const auto& k : kKinds) weights.push_back(k.weight);
  g.kind_of = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  g.orgs = create_orgs(*db);

  auto started = std::chrono::steady_clock::now();
  double generating = 0;
  for (int from = 0; from < documents; from += batch) {
    auto t = std::chrono::steady_clock::now();
    std::vector<search::Document> docs;
    for (int i = from; i < std::min(documents, from + batch); ++i) docs.push_back(g.make(i, rng));
    generating += seconds_since(t);
    db->tx(db::TxKind::kWrite, [&](db::Connection& c) {
      for (const auto& d : docs) search::put(c, d);
    });
  }
  auto writing = seconds_since(started) - generating;
  db->tx(db::TxKind::kWrite, [](db::Connection& c) { search::mark_built(c); });
  // PostgreSQL's autovacuum would analyse the new rows within a minute or so; the benchmark
  // should not depend on whether it already has.
  if (db->dialect() == db::Dialect::kPostgres) db->acquire()->exec("ANALYZE search_documents");
  std::fprintf(stderr, "loaded %d search documents in %.1f s (text generated in %.1f s, indexed in %.1f s: %.0f/s)\n",
               documents, seconds_since(started), generating, writing, documents / writing);
  return 0;
}
