// The cost of one authorization decision for a signed-in person (issue 13;
// target under 50 µs on a warm cache): the person's access from the
// resolver's cache, then "may act in this role at this unit" — for a
// province-level reviewer holding a role at 20,000 units, and for a clerk of
// one unit. Run: build/bench/authz_bench (docs/identity.md has the numbers).
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "services/common/auth.h"
#include "services/common/directory_client.h"

namespace reportflow {
namespace {

std::shared_ptr<const DirectoryAccess> AccessOver(int units) {
  auto access = std::make_shared<DirectoryAccess>();
  for (int i = 0; i < units; ++i) {
    const std::string unit = absl::StrCat("unit-", i);
    access->roles_by_unit[unit] = {{"review_1", ""}};
    access->units.push_back(unit);
  }
  access->roles = {"review_1"};
  return access;
}

void BM_DecisionOnAWarmCache(benchmark::State& state) {
  const int units = static_cast<int>(state.range(0));
  DirectoryResolver resolver(PeerConfig{}, absl::Seconds(30));
  const absl::Time now = absl::Now();
  resolver.Put("u-reviewer", AccessOver(units), now);
  int i = 0;
  for (auto _ : state) {
    absl::StatusOr<std::shared_ptr<const DirectoryAccess>> access =
        resolver.Resolve("u-reviewer", now);
    Caller caller;
    caller.user_id = "u-reviewer";
    caller.directory = true;
    caller.access = *access;
    const bool allowed = caller.HasRoleIn("review_1", absl::StrCat("unit-", (i++ * 7919) % units));
    benchmark::DoNotOptimize(allowed);
  }
}
BENCHMARK(BM_DecisionOnAWarmCache)->Arg(1)->Arg(20000);

}  // namespace
}  // namespace reportflow

BENCHMARK_MAIN();
