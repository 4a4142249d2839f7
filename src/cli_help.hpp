#pragma once
// What `cityskills --help` and `cityskills COMMAND --help` print: one text per command, kept
// beside each other so the options read the same way everywhere (docs/ quotes them).
namespace cityskills::cli {

inline constexpr const char* kUsage =
    "cityskills - a city's digital-skills platform\n"
    "\n"
    "Usage: cityskills COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  serve     run the web server (applies pending migrations first)\n"
    "  migrate   apply pending database migrations\n"
    "  seed      load demo data (--demo)\n"
    "  user      add users and set roles without a browser\n"
    "  framework load a competence framework for the self-assessment\n"
    "  export    write a course as a package (zip): export course ID FILE\n"
    "  import    create a course from a package: import course FILE --org SLUG\n"
    "  search    rebuild the search index: search reindex\n"
    "  routes    list every route with who may call it and its body limit\n"
    "  move-to   copy a SQLite instance into an empty PostgreSQL database: move-to URL\n"
    "  backup    copy the database and media into a new folder: backup DIR\n"
    "  restore   restore a backup into an empty data folder: restore DIR\n"
    "\n"
    "Run 'cityskills COMMAND --help' for a command's options.\n";

inline constexpr const char* kCommonOptions =
    "  --data DIR          data folder (SQLite file, outbox; default ./data)\n"
    "  --database URL      sqlite:PATH or postgresql://user@host:port/db\n"
    "                      (default sqlite:DATA/cityskills.db)\n"
    "  --config FILE       read options from FILE: one 'name = value' per line, names as the\n"
    "                      long options without dashes; command-line options win\n";

inline constexpr const char* kServeHelp =
    "Usage: cityskills serve [options]\n"
    "\n"
    "Runs the web server until SIGTERM or SIGINT, then finishes in-flight requests.\n"
    "\n"
    "Options:\n"
    "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080)\n"
    "  --public-url URL    address people use, for links in e-mails (default http://LISTEN);\n"
    "                      https:// marks cookies Secure and sends HSTS\n"
    "  --assets DIR        built front-end folder (default: build/web next to the binary)\n"
    "  --smtp URL          smtp://host:port or smtps://...; without it mail goes to DATA/outbox\n"
    "  --smtp-user NAME    --smtp-password SECRET   SMTP credentials\n"
    "  --mail-from ADDR    sender, e.g. 'City Skills <skills@city.example>'\n"
    "  --trusted-proxy IP  a reverse proxy whose X-Forwarded-For is believed (comma-separated\n"
    "                      list); from any other peer the header is ignored; a proxy's\n"
    "                      X-Request-Id is kept as the request id\n"
    "  --accel-redirect PREFIX  let nginx send media files: after checking access, answer\n"
    "                      X-Accel-Redirect: PREFIX/ab/cdef... for an internal location that\n"
    "                      maps PREFIX to DATA/media (deploy/nginx.conf); off by default\n"
    "  --workers N         request handler threads (default: two per core, at least 4;\n"
    "                      raise it when a remote PostgreSQL makes handlers wait)\n"
    "  --io-threads N      network threads (default: one per core)\n"
    "  --no-migrate        do not apply pending migrations at start\n"
    "  --no-jobs           run no background jobs (mail, reminders, videos, retention) on\n"
    "                      this node; another node sharing the database must run them\n"
    "  --job-lease SECONDS how long a job claimed by this node stays its own before another\n"
    "                      node may take it over (default 60, 2 to 3600); renewed every\n"
    "                      third of it while the job runs\n"
    "  --server-timing     send each response's number of database statements in a\n"
    "                      Server-Timing header (every request's count is in the access log)\n";

inline constexpr const char* kMigrateHelp =
    "Usage: cityskills migrate [options]\n\nApplies pending schema migrations (the same on SQLite and PostgreSQL).\n\nOptions:\n";

inline constexpr const char* kMoveHelp =
    "Usage: cityskills move-to postgresql://USER@HOST:PORT/DB [options]\n\n"
    "Copies this instance's SQLite database into an empty PostgreSQL database: every table in one\n"
    "consistent snapshot (the instance may keep serving), in one transaction on the target, with\n"
    "the id sequences moved on; then each table's row count and checksum are compared and the\n"
    "search index is rebuilt. Accounts, sessions, the signing secret and media references come\n"
    "along; media files stay in DATA/media, which every node must then see. A target that is not\n"
    "empty is refused. Afterwards start the instance with --database URL.\n\nOptions:\n";

inline constexpr const char* kBackupHelp =
    "Usage: cityskills backup DIR [options]\n\n"
    "Copies a SQLite instance into DIR (new or empty) while it serves: the database as one\n"
    "consistent snapshot, every media file it refers to (each checked against its SHA-256), and\n"
    "manifest.json with the checksums. On PostgreSQL use pg_dump and copy DATA/media\n"
    "(docs/operations-backup.md).\n\nOptions:\n";

inline constexpr const char* kRestoreHelp =
    "Usage: cityskills restore DIR --data NEW_DATA_DIR\n\n"
    "Restores a backup made by 'cityskills backup' into a data folder that holds no database yet.\n"
    "The manifest, the database's integrity and every media file's checksum are checked first;\n"
    "nothing is written when one fails. Pending migrations are applied afterwards.\n\nOptions:\n";

inline constexpr const char* kSeedHelp =
    "Usage: cityskills seed --demo [options]\n\nLoads the sample city, partner organisations and demo accounts. Safe to run twice.\n\nOptions:\n"
    "  --demo              required: load the demo data\n";

inline constexpr const char* kUserHelp =
    "Usage:\n"
    "  cityskills user add --email ADDR --name NAME [--lang it|en|de|sv|fi] [--platform-admin]\n"
    "                      [--password-stdin]\n"
    "      Creates a verified account. The password is read from standard input (first line);\n"
    "      without --password-stdin it is asked for on the terminal.\n"
    "  cityskills user set-role --email ADDR --role ROLE [--org SLUG] [--revoke]\n"
    "      ROLE is learner, author, moderator or org_admin (with --org), or platform_admin.\n"
    "  cityskills user reset-password --email ADDR [--password-stdin]\n"
    "      Sets a new password and signs the user out everywhere.\n"
    "\nOptions:\n";

inline constexpr const char* kFrameworkHelp =
    "Usage: cityskills framework load FILE [--default] [--org SLUG]\n"
    "\n"
    "Loads a competence framework with its question bank from a JSON file (format in\n"
    "docs/assessment-frameworks.md), or updates the one with the same code.\n"
    "\n"
    "Options:\n"
    "  --default           offer it first on /assessment and use it for organisation figures\n"
    "  --org SLUG          let that organisation's authors edit its questions (default:\n"
    "                      platform administrators only)\n";
inline constexpr const char* kExportHelp =
    "Usage: cityskills export course ID FILE [options]\n"
    "\n"
    "Writes course ID as a course package, replacing FILE: a zip with manifest.json (the\n"
    "course, its modules, lessons, quizzes and caption files; docs/course-package.md), its\n"
    "videos and the images its texts show (read from DATA/media) and its captions as .vtt\n"
    "files. Posters are not exported: the importing instance makes its own. A translation is\n"
    "a course of its own: export each language separately; the manifest names the original,\n"
    "so that an import can link them.\n"
    "\nOptions:\n";

inline constexpr const char* kImportHelp =
    "Usage: cityskills import course FILE --org SLUG [options]\n"
    "\n"
    "Checks the course package FILE entirely (zip, manifest, captions, videos) before writing\n"
    "anything, then creates the course as an unpublished draft of organisation SLUG, printing\n"
    "each step, and processes its videos at once (duration and poster, with ffmpeg). When\n"
    "anything fails, every problem is listed and nothing of the course is kept.\n"
    "\nOptions:\n"
    "  --org SLUG          organisation that will own the course (required)\n"
    "  --translation-of ID link the course as a translation of course ID; without it, the\n"
    "                      original the package names is looked up in the organisation by\n"
    "                      its title and language, and linked when exactly one matches\n"
    "  --public-url URL    address of the site, for the authoring link printed at the end\n";

inline constexpr const char* kSearchHelp =
    "Usage: cityskills search reindex [options]\n"
    "\n"
    "Empties the search index and puts every public course, event, news article, good\n"
    "practice, forum post, idea and shared resource back, in one transaction, printing how\n"
    "many documents it holds. The index is kept current as content changes, and the server\n"
    "rebuilds it by itself when an upgrade changes how text is indexed; run this after\n"
    "restoring a backup of some tables only, or after editing content in the database by hand.\n";

inline constexpr const char* kRoutesHelp =
    "Usage: cityskills routes\n"
    "\n"
    "Lists every route the server answers, one per line: method, path pattern, who may call\n"
    "it (anyone, signed-in, publisher = author or organisation admin, moderator, org-admin,\n"
    "platform-admin, token = an API bearer token), the largest body it reads, and 'upload' for\n"
    "multipart routes, 'early-check' for routes that check the object before reading the body,\n"
    "'no-csrf', 'scope=...' (the scope an API token must carry) and 'shared' for public pages\n"
    "whose visitors without a session share one copy for up to a second. Requests that fail\n"
    "the declaration are refused before their body is read.\n";

}  // namespace cityskills::cli
