#pragma once
// What a template is rendered with: an object of named members, a list, a text or a flag.
// Values move in (`set`, `push_back` take them by value), so a page's cards and body are
// built without copies; a member set twice keeps the last value. Members are kept in the
// order set and found by name: a page's objects are small, so a scan beats a hash.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityskills::view {

class Data;
struct Member;
using List = std::vector<Data>;
using Object = std::vector<Member>;

class Data {
 public:
  enum class Kind : unsigned char { kObject, kText, kList, kTrue, kFalse };

  // Defined below, where Member is complete.
  Data();  // an empty object
  Data(std::string text);
  Data(const char* text);
  Data(bool flag);
  Data(List items);
  Data(Object members);
  Data(std::string name, Data value);  // an object with one member

  Kind kind() const { return kind_; }
  // Sets (or replaces) a member; an object only.
  void set(std::string name, Data value);
  // Appends an item; a list only.
  void push_back(Data item);
  // The member called `name`, or nullptr (and always nullptr for what is not an object).
  const Data* find(std::string_view name) const;

  const std::string& text() const { return text_; }
  const List& items() const { return items_; }
  const Object& members() const { return members_; }

 private:
  Kind kind_ = Kind::kObject;
  std::string text_;
  List items_;
  Object members_;
};

struct Member {
  std::string name;
  Data value;
};

inline Data::Data() = default;
inline Data::Data(std::string text) : kind_(Kind::kText), text_(std::move(text)) {}
inline Data::Data(const char* text) : kind_(Kind::kText), text_(text) {}
inline Data::Data(bool flag) : kind_(flag ? Kind::kTrue : Kind::kFalse) {}
inline Data::Data(List items) : kind_(Kind::kList), items_(std::move(items)) {}
inline Data::Data(Object members) : members_(std::move(members)) {}

inline Data::Data(std::string name, Data value) { members_.push_back({std::move(name), std::move(value)}); }

inline const Data* Data::find(std::string_view name) const {
  for (const auto& m : members_)
    if (m.name == name) return &m.value;
  return nullptr;
}

inline void Data::set(std::string name, Data value) {
  if (kind_ != Kind::kObject) return;
  for (auto& m : members_)
    if (m.name == name) {
      m.value = std::move(value);
      return;
    }
  members_.push_back({std::move(name), std::move(value)});
}

inline void Data::push_back(Data item) {
  if (kind_ == Kind::kList) items_.push_back(std::move(item));
}

}  // namespace cityskills::view
