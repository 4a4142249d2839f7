// Image addresses in an imported course's texts.
#include <gtest/gtest.h>

#include "features/catalog/package.hpp"

namespace cityskills::catalog {

TEST(CoursePackage, ImageAddressesAreRewrittenOnceAndOnlyWhole) {
  // On a fresh instance the new course may get the old one's id, and a new image the id of
  // another old one: each address is replaced once, never a replacement again.
  std::vector<std::pair<std::string, std::string>> moved = {{"/courses/5/images/10", "/courses/5/images/11"},
                                                            {"/courses/5/images/11", "/courses/5/images/12"}};
  EXPECT_EQ(package::readdress("![a](/courses/5/images/10) ![b](/courses/5/images/11)", moved),
            "![a](/courses/5/images/11) ![b](/courses/5/images/12)");
  // /images/10 is not the start of /images/100; other addresses and text are kept.
  EXPECT_EQ(package::readdress("/courses/5/images/100 /courses/5 /courses/ üñï /courses/5/images/10", moved),
            "/courses/5/images/100 /courses/5 /courses/ üñï /courses/5/images/11");
  EXPECT_EQ(package::readdress("no images", {}), "no images");
  EXPECT_EQ(package::readdress("", moved), "");
}

}  // namespace cityskills::catalog
