#pragma once
// Checks a document against what RFC 4287 requires of an Atom feed: well-formed XML in the
// Atom namespace; a feed id, title, updated and self link; an id, title and updated date (RFC
// 3339) in every entry, ids unique; an author for the feed or for every entry; an alternate
// link or content in every entry. Returns the problems found (empty when valid).
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace cityskills::test {

inline std::vector<std::string> atom_problems(const std::string& xml) {
  namespace pt = boost::property_tree;
  std::vector<std::string> problems;
  pt::ptree doc;
  try {
    std::istringstream in(xml);
    pt::read_xml(in, doc);
  } catch (const pt::xml_parser_error& e) {
    return {std::string("not well-formed XML: ") + e.what()};
  }
  auto feed = doc.get_child_optional("feed");
  if (!feed) return {"the root element is not <feed>"};
  if (feed->get<std::string>("<xmlattr>.xmlns", "") != "http://www.w3.org/2005/Atom")
    problems.push_back("the feed is not in the Atom namespace");
  static const std::regex rfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
  auto one = [&](const pt::ptree& node, const std::string& name, const std::string& where) -> std::string {
    auto n = node.count(name);
    if (n != 1) problems.push_back(where + " has " + std::to_string(n) + " <" + name + "> (needs exactly one)");
    return node.get<std::string>(name, "");
  };
  auto date = [&](const std::string& value, const std::string& what) {
    if (!std::regex_match(value, rfc3339)) problems.push_back(what + " '" + value + "' is not an RFC 3339 date");
  };
  auto has_link = [](const pt::ptree& node, const std::string& rel) {
    for (const auto& [name, child] : node)
      if (name == "link" && child.get<std::string>("<xmlattr>.rel", "alternate") == rel &&
          !child.get<std::string>("<xmlattr>.href", "").empty())
        return true;
    return false;
  };
  if (one(*feed, "id", "the feed").empty()) problems.push_back("the feed id is empty");
  one(*feed, "title", "the feed");
  date(one(*feed, "updated", "the feed"), "the feed's updated");
  if (!has_link(*feed, "self")) problems.push_back("the feed has no rel=\"self\" link");
  bool feed_author = feed->count("author") > 0;
  std::set<std::string> ids;
  int n = 0;
  for (const auto& [name, entry] : *feed) {
    if (name != "entry") continue;
    auto where = "entry " + std::to_string(++n);
    auto id = one(entry, "id", where);
    if (id.empty()) problems.push_back(where + " has an empty id");
    else if (!ids.insert(id).second) problems.push_back(where + " repeats the id " + id);
    one(entry, "title", where);
    date(one(entry, "updated", where), where + "'s updated");
    if (entry.count("published")) date(entry.get<std::string>("published"), where + "'s published");
    if (!feed_author && entry.count("author") == 0) problems.push_back(where + " has no author (nor has the feed)");
    for (const auto& [child_name, author] : entry)
      if (child_name == "author" && author.get<std::string>("name", "").empty())
        problems.push_back(where + " has an author without a name");
    if (!has_link(entry, "alternate") && entry.count("content") == 0)
      problems.push_back(where + " has neither an alternate link nor content");
  }
  return problems;
}

}  // namespace cityskills::test
