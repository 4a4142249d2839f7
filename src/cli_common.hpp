#pragma once
// What the command files share (cli.cpp: the server and the data; cli_content.cpp: people and
// content): the parsed command line and the helpers every command uses.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::cli {

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--name" -> value ("" for flags)
  bool has(const std::string& k) const { return options.count(k) > 0; }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

// Options and positional words from argv[start..]; false with `error` set when one is wrong.
bool parse(int argc, char** argv, int start, Args& out, std::string& error);
// Options from --config fill in what the command line did not set.
bool apply_config(Args& args, std::string& error);
web::Config config_from(const Args& a, const char* argv0);
std::unique_ptr<db::Database> open_db(const web::Config& c, int pool);
// Prints "cityskills: MSG" to stderr; returns the exit code 2.
int fail(const std::string& msg);
bool help_requested(const Args& a);
// A command's help, followed by the options every command takes unless `common` is false.
void print_help(const char* text, bool common = true);
// "[2/5] what", for long commands.
void print_step(int step, int total, const std::string& what);

// The commands in cli_content.cpp.
int cmd_user(const Args& a, const char* argv0);
int cmd_framework(const Args& a, const char* argv0);
int cmd_export(const Args& a, const char* argv0);
int cmd_import(const Args& a, const char* argv0);
int cmd_search(const Args& a, const char* argv0);

}  // namespace cityskills::cli
