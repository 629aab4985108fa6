#include "rotproof/inputs.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "rotproof/article.h"
#include "run.h"

namespace rotproof {
namespace {

TEST(InputsTest, SlugsOfFilesAndLivePages) {
  EXPECT_EQ(SlugForInput("blog/2022/trip/index.md"), "trip");
  EXPECT_EQ(SlugForInput("posts/Hello World.md"), SlugFor("posts/Hello World.md"));
  EXPECT_EQ(SlugForInput("https://blog.test/2022/post.html"), SlugForInput("https://blog.test/2022/post/"));
  EXPECT_EQ(SlugForInput("https://a.test/2022/post.html"), "post");
  // Pages that share a slug get names of their own in a batch.
  auto names = ArchiveNames({"https://a.test/post.html", "https://b.test/post.html"});
  EXPECT_EQ(names["https://a.test/post.html"], "post");
  EXPECT_EQ(names["https://b.test/post.html"].rfind("post-", 0), 0u);
}

TEST(InputsTest, DirectoriesExpandToTheirArticlesInOrder) {
  std::string dir = testing::FreshDir("inputs");
  testing::WriteFile(dir + "/b.md", "b");
  testing::WriteFile(dir + "/a.HTML", "a");
  testing::WriteFile(dir + "/notes.txt", "not an article");
  std::filesystem::create_directories(dir + "/sub");
  testing::WriteFile(dir + "/sub/c.markdown", "c");
  testing::WriteFile(dir + "/urls.txt", "# list\n  https://blog.test/x.html \n\n");
  std::vector<std::string> skipped;
  auto inputs = ExpandInputs({dir, "https://blog.test/y.html"}, {dir + "/urls.txt"}, &skipped);
  ASSERT_TRUE(inputs.ok());
  EXPECT_EQ(*inputs, (std::vector<std::string>{dir + "/a.HTML", dir + "/b.md", dir + "/sub/c.markdown",
                                               "https://blog.test/y.html", "https://blog.test/x.html"}));
  EXPECT_TRUE(skipped.empty());
  EXPECT_EQ(ExpandInputs({}, {dir + "/missing.txt"}, &skipped).status().code(), Status::Code::kNotFound);
}

// A blog's root expands to the pages its engine builds, not to its theme,
// packages or build output.
TEST(InputsTest, ASiteRootExpandsToItsContentOnly) {
  std::string dir = testing::FreshDir("inputs-site");
  for (const char* sub : {"/source/_posts", "/source/about", "/node_modules/hexo", "/themes/t/layout",
                          "/public/2020/01/01/a", "/scaffolds"})
    std::filesystem::create_directories(dir + sub);
  testing::WriteFile(dir + "/_config.yml", "url: https://b.test\n");
  testing::WriteFile(dir + "/source/_posts/a.md", "a");
  testing::WriteFile(dir + "/source/about/index.md", "about");
  testing::WriteFile(dir + "/node_modules/hexo/README.md", "not a post");
  testing::WriteFile(dir + "/themes/t/layout/post.html", "not a post");
  testing::WriteFile(dir + "/public/2020/01/01/a/index.html", "built");
  std::vector<std::string> skipped;
  auto inputs = ExpandInputs({dir}, {}, &skipped);
  ASSERT_TRUE(inputs.ok());
  EXPECT_EQ(*inputs, (std::vector<std::string>{dir + "/source/_posts/a.md", dir + "/source/about/index.md"}));
  // Any other tree still skips hidden folders and packages.
  std::string plain = testing::FreshDir("inputs-plain");
  std::filesystem::create_directories(plain + "/.git");
  std::filesystem::create_directories(plain + "/node_modules");
  testing::WriteFile(plain + "/post.md", "p");
  testing::WriteFile(plain + "/.git/x.md", "no");
  testing::WriteFile(plain + "/node_modules/y.md", "no");
  EXPECT_EQ(*ExpandInputs({plain}, {}, &skipped), (std::vector<std::string>{plain + "/post.md"}));
}

}  // namespace
}  // namespace rotproof
