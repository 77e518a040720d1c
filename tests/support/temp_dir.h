// A fresh directory under $TMPDIR (or /tmp) removed at destruction unless the
// VANBAN_KEEP_TEST_DIRS environment variable is set.
#pragma once

#include <filesystem>
#include <string>

namespace vanban::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "vanban-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& p) const { return path_ / p; }

 private:
  std::filesystem::path path_;
};

// Whole contents of a file ("" if missing).
std::string ReadFile(const std::filesystem::path& p);
void WriteFile(const std::filesystem::path& p, const std::string& bytes);

// Source and build directories of the project.
std::filesystem::path SourceDir();
std::filesystem::path BinaryDir();

}  // namespace vanban::testing
