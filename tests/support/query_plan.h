// EXPLAIN checks for the database tier: no operation's cost may grow with
// history, so every query a store runs must use an index.
#ifndef REPORTFLOW_TESTS_SUPPORT_QUERY_PLAN_H_
#define REPORTFLOW_TESTS_SUPPORT_QUERY_PLAN_H_

#include <string>
#include <vector>

#include "services/common/database.h"

namespace reportflow::testing {

// A query as a store runs it, with parameters.
struct PlannedQuery {
  std::string name;  // what it is for, in failure messages
  std::string statement;
  std::vector<SqlValue> params;
};

// Adds a test failure for every query whose plan's first table is read by a
// full scan or without a key. Fill the tables and ANALYZE them first, or the
// optimizer may rightly prefer a scan of a handful of rows.
void ExpectIndexed(Database& db, const std::vector<PlannedQuery>& queries);

}  // namespace reportflow::testing

#endif  // REPORTFLOW_TESTS_SUPPORT_QUERY_PLAN_H_
