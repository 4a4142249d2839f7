// The signatory form of an organisation's certificates, checked without a server.
#include <gtest/gtest.h>

#include "features/orgs/certificates.hpp"

namespace cs = cityskills;

namespace {

cs::orgs::SignatoryForm form(std::string name, std::string en, std::string it = "") {
  cs::orgs::SignatoryForm f;
  f.name = std::move(name);
  f.roles = {{"it", std::move(it)}, {"en", std::move(en)}, {"de", ""}, {"sv", ""}, {"fi", ""}};
  return f;
}

}  // namespace

TEST(SignatoryForm, NameAndOneRoleOrNeither) {
  EXPECT_TRUE(check(form("Elena Martini", "Mayor")).empty());
  EXPECT_TRUE(check(form("Elena Martini", "", "Sindaca")).empty());
  EXPECT_TRUE(check(form("", "")).empty());  // no signatory
  EXPECT_EQ(check(form("Elena Martini", "")).key("signatory_role_it"), "orgs.signatory.role_required");
  EXPECT_EQ(check(form("", "Mayor")).key("signatory_name"), "orgs.signatory.name_required");
}

TEST(SignatoryForm, RefusesControlBidiAndOverlongText) {
  EXPECT_EQ(check(form("Elena\tMartini", "Mayor")).key("signatory_name"), "validation.text.control");
  EXPECT_EQ(check(form("Elena", "Mayor\u202e")).key("signatory_role_en"), "validation.text.bidi");
  EXPECT_EQ(check(form(std::string(101, 'e'), "Mayor")).key("signatory_name"), "orgs.signatory.name_too_long");
  EXPECT_TRUE(check(form(std::string(100, 'e'), std::string(120, 'r'))).empty());
  auto e = check(form("Elena", std::string(121, 'r')));
  EXPECT_EQ(e.key("signatory_role_en"), "orgs.signatory.role_too_long");
  EXPECT_EQ(e.args("signatory_role_en"), (cs::i18n::Args{{"max", "120"}}));
  EXPECT_EQ(check(form("\u200b", "Mayor")).key("signatory_name"), "validation.text.required");  // zero-width only
}
