#include "vanban/publisher/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace vanban {
namespace {

using namespace std::chrono_literals;

TEST(Subprocess, CapturesOutputAndExitCode) {
  auto r = RunSubprocess({"/bin/sh", "-c", "echo '{\"code\":\"corrupt_file\"}'; exit 3"}, 10s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->timed_out);
  EXPECT_EQ(r->out, "{\"code\":\"corrupt_file\"}\n");
}

TEST(Subprocess, KillsAChildThatOverrunsWithItsWholeProcessGroup) {
  auto start = std::chrono::steady_clock::now();
  // The shell starts a grandchild that would outlive a kill of the shell alone.
  auto r = RunSubprocess({"/bin/sh", "-c", "sleep 30 & sleep 30"}, 300ms);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_LT(took, 5s);
  auto left = RunSubprocess({"/bin/sh", "-c", "pgrep -f '^sleep 30$' | wc -l"}, 10s);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->out, "0\n") << "a grandchild survived the kill";
}

TEST(Subprocess, ReportsTheSignalThatKilledTheChild) {
  auto r = RunSubprocess({"/bin/sh", "-c", "kill -SEGV $$"}, 10s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->signal, SIGSEGV);
  EXPECT_EQ(r->exit_code, -1);
}

TEST(Subprocess, AMissingProgramExitsWith127) {
  auto r = RunSubprocess({"/nonexistent/program"}, 10s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 127);
}

}  // namespace
}  // namespace vanban
