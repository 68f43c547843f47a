#include "tests/support/query_plan.h"

#include "gtest/gtest.h"

namespace reportflow::testing {

void ExpectIndexed(Database& db, const std::vector<PlannedQuery>& queries) {
  for (const PlannedQuery& query : queries) {
    absl::StatusOr<std::vector<Row>> plan = db.Transact<std::vector<Row>>(
        [&](Transaction& tx) { return tx.Query("EXPLAIN " + query.statement, query.params); });
    if (!plan.ok() || plan->empty()) {
      ADD_FAILURE() << query.name << ": EXPLAIN failed: " << plan.status();
      continue;
    }
    // EXPLAIN columns: id, select_type, table, type, possible_keys, key, …
    EXPECT_NE((*plan)[0].GetString(3), "ALL") << query.name << ": full table scan";
    EXPECT_FALSE((*plan)[0].IsNull(5)) << query.name << ": no index used";
  }
}

}  // namespace reportflow::testing
