#include "util/json_rows.hpp"

#include <boost/json.hpp>

#include <stdexcept>

#include "util/embedded.hpp"

namespace cityskills::util {

struct JsonRow::Data {
  std::shared_ptr<const boost::json::value> doc;  // keeps the document alive
  const boost::json::object* object = nullptr;
};

namespace {

JsonRow row_of(const std::shared_ptr<const boost::json::value>& doc, const boost::json::value& v, const std::string& where) {
  if (!v.is_object()) throw std::runtime_error(where + ": expected an object");
  return JsonRow(std::make_shared<const JsonRow::Data>(JsonRow::Data{doc, &v.as_object()}), where);
}

std::vector<JsonRow> rows_of(const std::shared_ptr<const boost::json::value>& doc, const boost::json::value& v,
                             const std::string& where) {
  if (!v.is_array()) throw std::runtime_error(where + ": expected a list");
  std::vector<JsonRow> out;
  std::size_t i = 0;
  for (const auto& x : v.as_array()) out.push_back(row_of(doc, x, where + "[" + std::to_string(i++) + "]"));
  return out;
}

}  // namespace

JsonRow::JsonRow(std::shared_ptr<const Data> data, std::string where) : data_(std::move(data)), where_(std::move(where)) {}

bool JsonRow::has(const std::string& key) const { return data_->object->contains(key); }

std::string JsonRow::text(const std::string& key, bool optional) const {
  auto* v = data_->object->if_contains(key);
  if (!v) {
    if (optional) return {};
    throw std::runtime_error(where_ + "." + key + ": missing");
  }
  if (!v->is_string()) throw std::runtime_error(where_ + "." + key + ": expected text");
  if (!optional && v->as_string().empty()) throw std::runtime_error(where_ + "." + key + ": empty");
  return std::string(v->as_string());
}

std::int64_t JsonRow::integer(const std::string& key) const {
  auto* v = data_->object->if_contains(key);
  if (!v || !v->is_int64()) throw std::runtime_error(where_ + "." + key + ": expected a whole number");
  return v->as_int64();
}

bool JsonRow::flag(const std::string& key) const {
  auto* v = data_->object->if_contains(key);
  if (!v) return false;
  if (!v->is_bool()) throw std::runtime_error(where_ + "." + key + ": expected true or false");
  return v->as_bool();
}

std::vector<std::string> JsonRow::texts(const std::string& key) const {
  std::vector<std::string> out;
  auto* v = data_->object->if_contains(key);
  if (!v) return out;
  if (!v->is_array()) throw std::runtime_error(where_ + "." + key + ": expected a list of texts");
  for (const auto& x : v->as_array()) {
    if (!x.is_string()) throw std::runtime_error(where_ + "." + key + ": expected a list of texts");
    out.emplace_back(x.as_string());
  }
  return out;
}

JsonRow JsonRow::object(const std::string& key) const {
  auto* v = data_->object->if_contains(key);
  if (!v) throw std::runtime_error(where_ + "." + key + ": missing");
  return row_of(data_->doc, *v, where_ + "." + key);
}

std::vector<JsonRow> JsonRow::rows(const std::string& key) const {
  auto* v = data_->object->if_contains(key);
  if (!v) return {};
  return rows_of(data_->doc, *v, where_ + "." + key);
}

std::vector<JsonRow> json_rows(std::string_view path) {
  auto text = embedded::find(path);
  if (!text) throw std::runtime_error(std::string(path) + ": not compiled in");
  boost::system::error_code ec;
  auto doc = std::make_shared<const boost::json::value>(boost::json::parse(*text, ec));
  if (ec) throw std::runtime_error(std::string(path) + ": " + ec.message());
  return rows_of(doc, *doc, std::string(path));
}

}  // namespace cityskills::util
