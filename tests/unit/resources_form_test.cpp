// The resource form's checks, without a server.
#include <gtest/gtest.h>

#include "features/resources/forms.hpp"

namespace cityskills::resources {
namespace {

ResourceForm valid() {
  ResourceForm f;
  f.lang = "en";
  f.kind = "dataset";
  f.title = "Survey answers";
  f.description = "Anonymised answers.";
  f.licence = "ODbL-1.0";
  f.format = "csv";
  f.url = "https://data.example.org/survey.csv";
  return f;
}

TEST(ResourceForm, Valid_NoErrors) { EXPECT_TRUE(check(valid(), false).empty()); }

TEST(ResourceForm, ValuesOutsideTheLists_AreChoiceErrors) {
  auto f = valid();
  f.lang = "xx";
  f.kind = "virus";
  f.licence = "WTFPL";
  f.format = "exe";
  auto errors = check(f, false);
  for (const char* field : {"lang", "kind", "licence", "format"})
    EXPECT_EQ(errors.key(field), "validation.choice.invalid") << field;
}

TEST(ResourceForm, LinkWithAnotherScheme_IsRefused) {
  for (const char* url : {"javascript:alert(1)", "data:text/html,<script>", "ftp://example.org/x"}) {
    auto f = valid();
    f.url = url;
    EXPECT_EQ(check(f, false).key("url"), "validation.url.invalid") << url;
  }
}

TEST(ResourceForm, NeitherLinkNorFile_IsRefusedUnlessOneIsKept) {
  auto f = valid();
  f.url = "";
  EXPECT_EQ(check(f, false).key("url"), "resources.validation.link_or_file");
  EXPECT_TRUE(check(f, true).empty());  // the resource already has a file
  web::UploadedFile file{"survey.csv", "text/csv", "a,b\n"};
  f.file = &file;
  EXPECT_TRUE(check(f, false).empty());
}

TEST(ResourceForm, TitleAndDescription_AreChecked) {
  auto f = valid();
  f.title = "";
  f.description = std::string(kDescriptionMax + 1, 'a');
  auto errors = check(f, false);
  EXPECT_EQ(errors.key("title"), "validation.text.required");
  EXPECT_EQ(errors.key("description"), "practices.validation.too_long");
}

TEST(ResourceForm, Apply_KeepsIdOrganisationAndFile) {
  Resource r;
  r.id = 4;
  r.org_id = 9;
  r.media_id = 12;
  valid().apply(r);
  EXPECT_EQ(r.id, 4);
  EXPECT_EQ(r.org_id, 9);
  EXPECT_EQ(r.media_id, 12);
  EXPECT_EQ(r.title, "Survey answers");
  EXPECT_EQ(r.url, "https://data.example.org/survey.csv");
}

TEST(ResourceForm, Read_OrganisationOnlyWhenPublishing) {
  http::Request req;
  web::Services svc;
  web::Ctx ctx(req, svc);
  ctx.form = {{"org_id", "3"}, {"lang", "en"}, {"title", "  T  "}};
  web::FormInput editing(ctx);
  ResourceForm f;
  f.read(editing, false);
  EXPECT_FALSE(f.org_id);
  EXPECT_EQ(f.title, "T");
  EXPECT_THROW(editing.finish(), web::Reject);  // the organisation is fixed after publishing
  web::FormInput publishing(ctx);
  ResourceForm g;
  g.read(publishing, true);
  EXPECT_EQ(g.org_id, 3);
  EXPECT_NO_THROW(publishing.finish());
}

}  // namespace
}  // namespace cityskills::resources
