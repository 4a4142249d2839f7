// Demo courses of the sample city and its partners: each has a short narrated video with
// captions, a text lesson and a quiz, and is tagged with DigComp competences so that the
// self-assessment can recommend it.
#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include "features/catalog/api.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/catalog/vtt.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "features/orgs/api.hpp"

namespace cityskills::catalog {
namespace {

// Every narrated sentence gets a slot of this many seconds in the demo videos.
constexpr int kSlotSeconds = 5;

struct DemoQuestion {
  std::string kind, prompt, feedback;
  std::vector<std::pair<std::string, bool>> options;
};

struct DemoCourse {
  std::string org_slug, lang, title, summary, description, outcomes, level, audience;
  std::vector<std::string> competences;
  bool open_access = false;
  std::string video_title;
  std::vector<std::string> narration;  // one caption cue per sentence
  std::string text_title, text;
  std::string quiz_title;
  std::vector<DemoQuestion> questions;
  int translation_of_index = -1;  // index of the original in the demo list
};

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string captions_for(const std::vector<std::string>& sentences) {
  std::string out = "WEBVTT\n\n";
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    int from = static_cast<int>(i) * kSlotSeconds, to = from + kSlotSeconds - 1;
    out += std::to_string(i + 1) + "\n00:" + two(from / 60) + ":" + two(from % 60) + ".000 --> 00:" + two(to / 60) + ":" +
           two(to % 60) + ".500\n" + sentences[i] + "\n\n";
  }
  return out;
}

std::vector<DemoCourse> demo_courses() {
  std::vector<DemoCourse> list;
  list.push_back({"valverde", "it", "Riconoscere il phishing",
                  "Come riconoscere e-mail e SMS truffa prima di cliccare, in venti minuti.",
                  "Le truffe online arrivano per e-mail, SMS e chat e imitano banche, corrieri e uffici pubblici.\n\n"
                  "In questo corso impari a **riconoscere i segnali** di un messaggio falso e cosa fare se hai già "
                  "cliccato. Non servono conoscenze tecniche.",
                  "Riconoscere un messaggio di phishing\nControllare l'indirizzo di un link prima di aprirlo\nSapere a chi "
                  "segnalare una truffa",
                  "foundation", "citizen", {"4.1", "4.2"}, true,
                  "Tre segnali di un messaggio truffa",
                  {"Benvenuti al corso sul phishing del Comune di Valverde.",
                   "Un messaggio truffa mette fretta e chiede di agire subito.",
                   "Spesso l'indirizzo del mittente è strano o pieno di numeri.",
                   "Il link porta a un sito che imita quello vero.",
                   "Prima di cliccare, fermati e controlla con calma."},
                  "Cosa fare se hai già cliccato",
                  "## Niente panico\n\nSe hai inserito una password in un sito falso:\n\n1. **cambiala subito** dal sito "
                  "vero, digitando tu l'indirizzo;\n2. se è la stessa di altri servizi, cambia anche quelle;\n3. se hai "
                  "dato dati della carta, chiama la banca e blocca la carta.\n\nPuoi chiedere aiuto al punto "
                  "*Digitale Facile* in biblioteca.",
                  "Verifica: phishing",
                  {{"single", "Un SMS del corriere chiede 1,99 euro per consegnare un pacco. Cosa fai?",
                    "I corrieri non chiedono pagamenti via SMS: controlla sul sito ufficiale digitando tu l'indirizzo.",
                    {{"Pago subito, è poco", false}, {"Controllo sul sito ufficiale del corriere", true}, {"Rispondo all'SMS", false}}},
                   {"multiple", "Quali sono segnali di phishing?", "Fretta, mittente strano e link diversi dal sito vero sono segnali tipici.",
                    {{"Ti mette fretta", true}, {"Il mittente ha un indirizzo strano", true}, {"Ti chiama per nome", false}, {"Il link porta a un altro sito", true}}},
                   {"true_false", "La banca può chiederti il PIN per e-mail.", "Nessuna banca chiede PIN o password per e-mail.",
                    {{"true", false}, {"false", true}}},
                   {"ordering", "Metti in ordine cosa fare se hai inserito la password in un sito falso.", "Prima si mette al sicuro l'account, poi gli altri servizi, poi si segnala.",
                    {{"Cambio la password dal sito vero", true}, {"Cambio la stessa password negli altri servizi", true}, {"Segnalo la truffa", true}}}},
                  -1});
  list.push_back({"valverde", "en", "Spotting phishing",
                  "How to recognise scam e-mails and texts before you click, in twenty minutes.",
                  "Online scams arrive by e-mail, text message and chat, and imitate banks, couriers and public "
                  "offices.\n\nIn this course you learn to **spot the signs** of a fake message and what to do if you "
                  "already clicked. No technical knowledge needed.",
                  "Recognise a phishing message\nCheck where a link goes before opening it\nKnow where to report a scam",
                  "foundation", "citizen", {"4.1", "4.2"}, true,
                  "Three signs of a scam message",
                  {"Welcome to the City of Valverde course on phishing.",
                   "A scam message rushes you and asks you to act now.",
                   "The sender's address is often odd or full of numbers.",
                   "The link leads to a site that imitates the real one.",
                   "Before you click, stop and check calmly."},
                  "What to do if you already clicked",
                  "## Don't panic\n\nIf you typed a password into a fake site:\n\n1. **change it at once** on the real "
                  "site, typing its address yourself;\n2. if you use it elsewhere, change it there too;\n3. if you gave "
                  "card details, call your bank and block the card.\n\nThe *Digital Made Easy* desk at the library can "
                  "help.",
                  "Check: phishing",
                  {{"single", "A courier's text asks for 1.99 euros to deliver a parcel. What do you do?",
                    "Couriers do not ask for payments by text: check on the official site, typing its address yourself.",
                    {{"Pay now, it's cheap", false}, {"Check on the courier's official website", true}, {"Reply to the text", false}}},
                   {"multiple", "Which are signs of phishing?", "Urgency, an odd sender and links to another site are typical signs.",
                    {{"It rushes you", true}, {"The sender's address is odd", true}, {"It uses your first name", false}, {"The link goes to another site", true}}},
                   {"true_false", "Your bank may ask for your PIN by e-mail.", "No bank asks for a PIN or password by e-mail.",
                    {{"true", false}, {"false", true}}},
                   {"short", "What is the name of a scam that imitates a trusted sender to steal data? (one word)",
                    "It is called phishing, from \"fishing\" for your data.", {{"phishing", true}}}},
                  0});
  list.push_back({"nordic-dln", "sv", "Videomöten för alla",
                  "Delta tryggt i ett videomöte: ljud, bild, chatt och skärmdelning.",
                  "Allt fler möten med myndigheter, vården och arbetsgivare sker på video.\n\nKursen visar steg för steg "
                  "hur du **ansluter, hörs och syns**, och hur du delar din skärm.",
                  "Ansluta till ett videomöte från en länk\nSlå på och av mikrofon och kamera\nDela skärmen",
                  "intermediate", "all", {"2.1", "2.4"}, false,
                  "Ditt första videomöte",
                  {"Välkommen till kursen om videomöten.",
                   "Öppna länken i inbjudan några minuter innan mötet.",
                   "Tillåt webbläsaren att använda mikrofon och kamera.",
                   "Stäng av mikrofonen när du inte pratar.",
                   "Använd chatten om ljudet inte fungerar."},
                  "Dela skärmen",
                  "## Så delar du skärmen\n\n1. Välj **Dela skärm** i verktygsfältet.\n2. Välj ett *fönster* hellre "
                  "än hela skärmen, så syns inget privat.\n3. Avsluta delningen när du är klar.",
                  "Kontroll: videomöten",
                  {{"single", "Vad gör du om de andra inte hör dig?", "Kontrollera först att mikrofonen är på och rätt vald.",
                    {{"Startar om datorn direkt", false}, {"Kontrollerar att mikrofonen är på", true}, {"Lämnar mötet", false}}},
                   {"true_false", "Det är säkrare att dela ett fönster än hela skärmen.", "Ett fönster visar bara det du väljer.",
                    {{"true", true}, {"false", false}}},
                   {"ordering", "Sätt stegen i ordning.", "Länken först, sedan behörigheter, sedan mikrofonen.",
                    {{"Öppna länken i inbjudan", true}, {"Tillåt mikrofon och kamera", true}, {"Stäng av mikrofonen när du lyssnar", true}}}},
                  -1});
  list.push_back({"nordic-dln", "en", "Video meetings for everyone",
                  "Join a video meeting with confidence: sound, picture, chat and screen sharing.",
                  "More and more meetings with public offices, health services and employers happen on video.\n\nThis "
                  "course shows step by step how to **join, be heard and be seen**, and how to share your screen.",
                  "Join a video meeting from a link\nTurn the microphone and camera on and off\nShare your screen",
                  "intermediate", "all", {"2.1", "2.4"}, false,
                  "Your first video meeting",
                  {"Welcome to the course on video meetings.",
                   "Open the link in the invitation a few minutes early.",
                   "Allow the browser to use your microphone and camera.",
                   "Mute your microphone when you are not speaking.",
                   "Use the chat if the sound does not work."},
                  "Sharing your screen",
                  "## How to share your screen\n\n1. Choose **Share screen** in the toolbar.\n2. Pick a *window* rather "
                  "than the whole screen, so nothing private shows.\n3. Stop sharing when you are done.",
                  "Check: video meetings",
                  {{"single", "What do you do if the others cannot hear you?", "First check that the microphone is on and the right one is selected.",
                    {{"Restart the computer at once", false}, {"Check that the microphone is on", true}, {"Leave the meeting", false}}},
                   {"true_false", "Sharing one window is safer than sharing the whole screen.", "A window shows only what you choose.",
                    {{"true", true}, {"false", false}}},
                   {"ordering", "Put the steps in order.", "The link first, then permissions, then the microphone.",
                    {{"Open the link in the invitation", true}, {"Allow microphone and camera", true}, {"Mute when you listen", true}}}},
                  2});
  list.push_back({"buergerakademie", "de", "Passwörter sicher verwalten",
                  "Starke Passwörter, ein Passwort-Manager und die Zwei-Faktor-Anmeldung.",
                  "Ein gestohlenes Passwort öffnet oft viele Türen.\n\nIn diesem Kurs lernen Sie, **starke Passwörter** "
                  "zu bilden, einen Passwort-Manager zu nutzen und die Zwei-Faktor-Anmeldung einzuschalten.",
                  "Ein starkes Passwort bilden\nEinen Passwort-Manager einrichten\nDie Zwei-Faktor-Anmeldung einschalten",
                  "foundation", "all", {"4.1", "4.2"}, true,
                  "Was ein gutes Passwort ausmacht",
                  {"Willkommen zum Kurs über sichere Passwörter.",
                   "Ein langes Passwort ist besser als ein kompliziertes.",
                   "Verwenden Sie für jeden Dienst ein eigenes Passwort.",
                   "Ein Passwort-Manager merkt sich alle für Sie.",
                   "Schalten Sie die Zwei-Faktor-Anmeldung ein."},
                  "Zwei-Faktor-Anmeldung",
                  "## Der zweite Schlüssel\n\nMit der Zwei-Faktor-Anmeldung braucht man neben dem Passwort einen **zweiten "
                  "Nachweis**, zum Beispiel einen Code aus einer App.\n\nSo bleibt das Konto sicher, selbst wenn das "
                  "Passwort gestohlen wurde.",
                  "Test: Passwörter",
                  {{"single", "Welches Passwort ist am sichersten?", "Lange Sätze aus mehreren Wörtern sind stark und leicht zu merken.",
                    {{"Sommer2026!", false}, {"blauer-Hafen-tanzt-leise-im-Regen", true}, {"12345678", false}}},
                   {"multiple", "Was schützt ein Konto?", "Eigene Passwörter pro Dienst und ein zweiter Faktor schützen am besten.",
                    {{"Ein eigenes Passwort pro Dienst", true}, {"Zwei-Faktor-Anmeldung", true}, {"Das Passwort auf einem Zettel am Bildschirm", false}}},
                   {"short", "Wie heißt ein Programm, das sich alle Passwörter merkt? (ein Wort)", "Ein Passwort-Manager speichert alle Passwörter verschlüsselt.",
                    {{"Passwort-Manager", true}, {"Passwortmanager", true}}}},
                  -1});
  return list;
}

void seed_courses(db::Connection& c) {
  if (c.one("SELECT 1 FROM courses LIMIT 1")) return;
  auto author = c.one("SELECT id FROM users WHERE email = ?", {"author@valverde.example.org"});
  std::vector<std::int64_t> ids;
  for (const auto& dc : demo_courses()) {
    Course x;
    x.org_id = orgs::by_slug(c, dc.org_slug)->id;
    if (dc.translation_of_index >= 0) x.translation_of = ids.at(static_cast<std::size_t>(dc.translation_of_index));
    x.lang = dc.lang;
    x.title = dc.title;
    x.summary = dc.summary;
    x.description = dc.description;
    x.outcomes = dc.outcomes;
    x.level = dc.level;
    x.audience = dc.audience;
    x.open_access = dc.open_access;
    x.competences = dc.competences;
    auto id = store::create_course(c, x, author ? author->i64(0) : 0);
    ids.push_back(id);
    auto module = store::add_module(c, id, dc.lang == "it" ? "Per iniziare" : dc.lang == "sv" ? "Kom igång"
                                           : dc.lang == "de" ? "Erste Schritte" : "Getting started");
    Lesson video;
    video.course_id = id;
    video.module_id = module;
    video.kind = "video";
    video.title = dc.video_title;
    video.minutes = 3;
    video.allow_download = true;
    auto video_id = store::create_lesson(c, video);
    store::set_caption(c, video_id, dc.lang, captions_for(dc.narration));
    Lesson text;
    text.course_id = id;
    text.module_id = module;
    text.kind = "text";
    text.title = dc.text_title;
    text.body = dc.text;
    text.minutes = 5;
    store::create_lesson(c, text);
    Lesson quiz;
    quiz.course_id = id;
    quiz.module_id = module;
    quiz.kind = "quiz";
    quiz.title = dc.quiz_title;
    quiz.minutes = 5;
    quiz.pass_mark = 60;
    auto quiz_id = store::create_lesson(c, quiz);
    for (const auto& dq : dc.questions) {
      Question q;
      q.lesson_id = quiz_id;
      q.kind = dq.kind;
      q.prompt = dq.prompt;
      q.feedback = dq.feedback;
      for (const auto& [text, right] : dq.options) q.options.push_back({0, 0, text, right});
      store::save_question(c, q);
    }
    store::set_published(c, id, true);
  }
}


// Each demo video lesson without a video gets one narrated from its own captions, so the
// spoken words and the captions always match. Runs outside any transaction: ffmpeg takes
// seconds per video.
void seed_videos(db::Database& db, const std::string& data_dir) {
  std::vector<std::tuple<std::int64_t, std::int64_t, std::string, std::string>> todo;  // lesson, org, lang, vtt
  {
    auto c = db.acquire();
    for (const auto& r : c->query("SELECT l.id, co.org_id, co.lang, lc.vtt FROM lessons l JOIN courses co ON co.id = l.course_id "
                                  "JOIN lesson_captions lc ON lc.lesson_id = l.id AND lc.lang = co.lang "
                                  "WHERE l.kind = 'video' AND l.video_id IS NULL ORDER BY l.id"))
      todo.emplace_back(r.i64(0), r.i64(1), r.str(2), r.str(3));
  }
  for (const auto& [lesson, org, lang, captions] : todo) {
    std::vector<std::string> sentences;
    for (const auto& cue : vtt::parse(captions).cues) sentences.push_back(cue.text);
    auto work = (std::filesystem::temp_directory_path() /
                 ("cityskills-demo-" + std::to_string(::getpid()) + "-" + std::to_string(lesson))).string();
    auto bytes = video::make_demo(sentences, lang, kSlotSeconds, work);
    if (!bytes) {
      log::warn("demo video not made: ffmpeg or espeak-ng missing or failing", "\"lesson_id\":" + std::to_string(lesson));
      return;
    }
    auto stored = media::store(db, data_dir, {"lesson-" + std::to_string(lesson) + ".mp4", *bytes}, media::video_policy(),
                               org, std::nullopt);
    if (!stored.ok()) {
      log::warn("demo video refused by the media store", "\"error\":\"" + stored.error_key + "\"");
      return;
    }
    {
      auto c = db.acquire();
      store::set_video(*c, lesson, stored.item->id);
    }
    video::process_media(db, data_dir, stored.item->id);
  }
}

}  // namespace

void seed_demo(db::Database& db, const std::string& data_dir) {
  db.tx(db::TxKind::kWrite, [](db::Connection& c) { seed_courses(c); });
  seed_videos(db, data_dir);
}

void process_video_job(db::Database& db, const std::string& data_dir, const std::string& payload_json) {
  video::process(db, data_dir, payload_json);
}

}  // namespace cityskills::catalog
