#!/usr/bin/python3
"""Scans every statement the services run — their migrations and the SQL
string literals of their stores — for syntax that MySQL 8 or TiDB lacks or
reads differently (DESIGN.md "Storage": no MariaDB-only syntax, no
cross-schema joins). MariaDB runs the tests, so nothing else would notice.

Each rule names the engines it protects and why. A statement that breaks one
fails the test with its file, line and the rule. Known, accepted
differences are printed as notes with their count (VALUES() in ON DUPLICATE
KEY UPDATE: deprecated in MySQL 8.0.20 but still accepted, and its
replacement, a row alias, is not in MariaDB 10.11).

Beyond syntax: an INSERT ... ON DUPLICATE KEY UPDATE must target a table
whose duplicate can arise on one unique key only (an AUTO_INCREMENT primary
key the statement does not set does not count): with two, MySQL and TiDB
update whichever row the first conflict finds.

Usage: sql_portability_test.py REPO_ROOT
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (rule id, regex, engines lacking it, why)
RULES = [
    ("returning", r"\bRETURNING\b", "MySQL 8, TiDB",
     "INSERT/DELETE ... RETURNING is MariaDB's; read the row back or use LAST_INSERT_ID()"),
    ("sequence", r"\b(CREATE|DROP|ALTER)\s+SEQUENCE\b|\bNEXTVAL\s*\(|\bLASTVAL\s*\(|\bNEXT\s+VALUE\s+FOR\b",
     "MySQL 8", "sequences are not in MySQL; use AUTO_INCREMENT"),
    ("create-or-replace", r"\bCREATE\s+OR\s+REPLACE\s+(TABLE|INDEX)\b", "MySQL 8, TiDB",
     "CREATE OR REPLACE TABLE is MariaDB's"),
    ("if-exists-ddl",
     r"\bADD\s+(COLUMN\s+)?IF\s+NOT\s+EXISTS\b|\bDROP\s+(COLUMN|INDEX|KEY)\s+IF\s+EXISTS\b|"
     r"\bCREATE\s+(UNIQUE\s+)?INDEX\s+IF\s+NOT\s+EXISTS\b|\bADD\s+(UNIQUE\s+)?(KEY|INDEX)\s+IF\s+NOT\s+EXISTS\b",
     "MySQL 8", "IF [NOT] EXISTS on columns and indexes is MariaDB's; the migration runner applies each file once"),
    ("skip-locked", r"\bSKIP\s+LOCKED\b", "TiDB",
     "TiDB does not support SKIP LOCKED; claim rows with a conditional UPDATE"),
    ("lock-wait-n", r"\bFOR\s+UPDATE\s+WAIT\s+\d+|\bLOCK\s+IN\s+SHARE\s+MODE\s+WAIT\b", "MySQL 8, TiDB",
     "WAIT n is MariaDB's; rely on innodb_lock_wait_timeout and retry"),
    ("fulltext-spatial", r"\b(FULLTEXT|SPATIAL)\s+(KEY|INDEX)\b|\bMATCH\s*\([^)]*\)\s*AGAINST\b", "TiDB",
     "TiDB has no FULLTEXT or SPATIAL indexes"),
    ("found-rows", r"\bSQL_CALC_FOUND_ROWS\b|\bFOUND_ROWS\s*\(", "MySQL 8, TiDB",
     "deprecated in MySQL 8.0.17, off by default in TiDB; page with keys (paging.h)"),
    ("mariadb-function",
     r"\b(JSON_DETAILED|JSON_LOOSE|JSON_COMPACT|JSON_EXISTS|JSON_QUERY|COLUMN_CREATE|COLUMN_GET|COLUMN_ADD|"
     r"COLUMN_JSON|SFORMAT|NATURAL_SORT_KEY|SYS_GUID|ADD_MONTHS|TO_CHAR|CHR|DECODE_ORACLE|LENGTHB|"
     r"UUID_SHORT|VEC_FROMTEXT)\s*\(",
     "MySQL 8, TiDB", "a MariaDB-only function"),
    ("set-operators", r"\b(INTERSECT|EXCEPT)\b", "MySQL 8 before 8.0.31",
     "INTERSECT/EXCEPT came late to MySQL; use EXISTS"),
    ("limit-in-subquery", r"\bIN\s*\(\s*SELECT\b[^()]*\bLIMIT\b", "MySQL 8",
     "MySQL refuses LIMIT in an IN (subquery)"),
    ("system-versioning", r"\bWITH\s+SYSTEM\s+VERSIONING\b|\bFOR\s+SYSTEM_TIME\b", "MySQL 8, TiDB",
     "system-versioned tables are MariaDB's"),
    ("engine", r"\bENGINE\s*=\s*(?!InnoDB\b)\w+", "MySQL 8, TiDB",
     "only InnoDB is transactional everywhere (TiDB ignores the clause)"),
    ("check-constraint", r"\bCHECK\s*\(", "TiDB before 7.2",
     "TiDB parsed CHECK and ignored it; enforce the rule in domain code"),
    ("cross-schema", r"\breportflow_[a-z]+\s*\.", "all (by design)",
     "a service reads only its own schema; ask the other service over gRPC"),
    ("expression-default", r"\bDEFAULT\s*\(", "TiDB (most expressions)",
     "expression defaults are limited in TiDB; set the value in the INSERT"),
]
NOTES = [
    ("values-in-upsert", r"\bON\s+DUPLICATE\s+KEY\s+UPDATE\b[\s\S]*\bVALUES\s*\(",
     "VALUES() in ON DUPLICATE KEY UPDATE: deprecated in MySQL 8.0.20 (a warning), accepted by TiDB; "
     "the row alias that replaces it is not in MariaDB 10.11"),
    ("get-lock", r"\bGET_LOCK\s*\(",
     "GET_LOCK: MySQL 8 and TiDB 6.1+, locks cluster-wide, timeout clamped to 1..3600 s (the migration runner's lock); see docs/scaling.md"),
    ("foreign-key", r"\bFOREIGN\s+KEY\b",
     "FOREIGN KEY: enforced by MySQL 8 and TiDB 6.6+; older TiDB ignores it (the stores never rely on the error)"),
]
# Our SQL is written in upper case; a literal that starts with a keyword is a statement.
SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|WITH)\b")
# Each rule must catch its own example, or the scan proves nothing.
SELF_CHECK = {
    "returning": "DELETE FROM outbox WHERE id = ? RETURNING payload",
    "sequence": "SELECT NEXTVAL(report_ids)",
    "create-or-replace": "CREATE OR REPLACE TABLE t (id INT)",
    "if-exists-ddl": "ALTER TABLE reports ADD COLUMN IF NOT EXISTS title VARCHAR(10)",
    "skip-locked": "SELECT id FROM outbox WHERE state = 0 FOR UPDATE SKIP LOCKED",
    "lock-wait-n": "SELECT id FROM reports WHERE id = ? FOR UPDATE WAIT 5",
    "fulltext-spatial": "CREATE TABLE t (body TEXT, FULLTEXT KEY ft (body))",
    "found-rows": "SELECT SQL_CALC_FOUND_ROWS id FROM reports LIMIT 10",
    "mariadb-function": "SELECT JSON_DETAILED(details) FROM audit_events",
    "set-operators": "SELECT id FROM a INTERSECT SELECT id FROM b",
    "limit-in-subquery": "SELECT * FROM a WHERE id IN (SELECT id FROM b LIMIT 5)",
    "system-versioning": "CREATE TABLE t (id INT) WITH SYSTEM VERSIONING",
    "engine": "CREATE TABLE t (id INT) ENGINE=Aria",
    "check-constraint": "CREATE TABLE t (n INT, CHECK (n > 0))",
    "cross-schema": "SELECT * FROM reportflow_review.reviews",
    "expression-default": "CREATE TABLE t (id BINARY(16) DEFAULT (UUID_TO_BIN(UUID())))",
}


def migration_statements():
    for service in sorted(os.listdir(os.path.join(root, "services"))):
        folder = os.path.join(root, "services", service, "migrations")
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".sql"):
                continue
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            stripped = re.sub(r"--[^\n]*", lambda m: " " * len(m.group(0)), text)
            start = 0
            for part in stripped.split(";"):
                if part.strip():
                    line = text.count("\n", 0, start + len(part) - len(part.lstrip())) + 1
                    yield os.path.relpath(path, root), line, part.strip()
                start += len(part) + 1


LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def source_statements():
    """SQL string literals of the services' C++ (adjacent literals joined)."""
    for folder, _, files in os.walk(os.path.join(root, "services")):
        for name in sorted(files):
            if not name.endswith(".cc") or name.endswith("_test.cc") or "fuzzer" in name:
                continue
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            position = 0
            while True:
                match = LITERAL.search(text, position)
                if not match:
                    break
                pieces = [match.group(1)]
                end = match.end()
                while True:
                    following = re.match(r'\s*"((?:[^"\\\n]|\\.)*)"', text[end:])
                    if not following:
                        break
                    pieces.append(following.group(1))
                    end += following.end()
                statement = "".join(pieces)
                if SQL_START.match(statement):
                    yield os.path.relpath(path, root), text.count("\n", 0, match.start()) + 1, statement
                position = end


def unique_keys(statements):
    """table -> list of unique keys (tuples of columns), AUTO_INCREMENT primary keys marked."""
    tables = {}
    for _, _, sql in statements:
        create = re.match(r"\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?\s*\(([\s\S]*)\)", sql, re.I)
        if create:
            table, body = create.group(2), create.group(3)
            keys = []
            auto = set(re.findall(r"^\s*`?(\w+)`?\s+\w+[^,\n]*\bAUTO_INCREMENT\b", body, re.I | re.M))
            inline_pk = re.findall(r"^\s*`?(\w+)`?\s+\w+[^,\n]*\bPRIMARY\s+KEY\b", body, re.I | re.M)
            for column in inline_pk:
                keys.append(((column,), column in auto))
            for columns in re.findall(r"\bPRIMARY\s+KEY\s*\(([^)]*)\)", body, re.I):
                cols = tuple(c.strip(" `") for c in columns.split(","))
                keys.append((cols, len(cols) == 1 and cols[0] in auto))
            for columns in re.findall(r"\bUNIQUE\s+(?:KEY|INDEX)?\s*\w*\s*\(([^)]*)\)", body, re.I):
                keys.append((tuple(c.strip(" `") for c in columns.split(",")), False))
            tables[table] = keys
        alter = re.match(r"\s*ALTER\s+TABLE\s+`?(\w+)`?\s+ADD\s+UNIQUE\s+(?:KEY|INDEX)?\s*\w*\s*\(([^)]*)\)", sql, re.I)
        if alter:
            tables.setdefault(alter.group(1), []).append(
                (tuple(c.strip(" `") for c in alter.group(2).split(",")), False))
    return tables


def upsert_problem(sql, keys):
    """Why an INSERT ... ON DUPLICATE KEY UPDATE is not portable, or None."""
    upsert = re.match(r"\s*INSERT\s+(?:IGNORE\s+)?INTO\s+`?(\w+)`?\s*\(([^)]*)\)[\s\S]*\bON\s+DUPLICATE\s+KEY\s+UPDATE\b",
                      sql, re.I)
    if not upsert:
        return None
    table = upsert.group(1)
    inserted = {c.strip(" `") for c in upsert.group(2).split(",")}
    if table not in keys:
        return "[upsert-unknown-table] %s is not created by any migration" % table
    candidates = [cols for cols, is_auto in keys[table] if not (is_auto and not set(cols) & inserted)]
    if len(candidates) > 1:
        return ("[upsert-ambiguous] %s has %d unique keys a row can collide on (%s): "
                "MySQL and TiDB update the row of the first conflict" % (
                    table, len(candidates), "; ".join(",".join(c) for c in candidates)))
    return None


def self_check():
    broken = []
    for rule, pattern, _, _ in RULES:
        example = SELF_CHECK.get(rule)
        if example is None or not re.search(pattern, example, re.I):
            broken.append(rule)
    for rule, pattern, _, _ in RULES:
        if re.search(pattern, "SELECT id, state FROM reports WHERE unit = ? AND id > ? ORDER BY id LIMIT 50 FOR UPDATE", re.I):
            broken.append(rule + " (matches a plain query)")
    keys = unique_keys([("t.sql", 1, "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                                      "a INT, b INT, UNIQUE KEY ua (a), UNIQUE KEY ub (b))")])
    if not upsert_problem("INSERT INTO t (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE b = b", keys):
        broken.append("upsert-ambiguous")
    if upsert_problem("INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = a",
                      unique_keys([("t.sql", 1, "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                                                "a INT, UNIQUE KEY ua (a))")])):
        broken.append("upsert-ambiguous (flags an AUTO_INCREMENT key it does not set)")
    return broken


def main():
    broken = self_check()
    if broken:
        print("FAIL: the scanner's rules do not catch their examples: " + ", ".join(broken))
        return 1
    migrations = list(migration_statements())
    queries = list(source_statements())
    statements = migrations + queries
    keys = unique_keys(migrations)
    # Tables the tests and the outbox library create outside migrations.
    failures = []
    for path, line, sql in statements:
        flat = re.sub(r"'(?:[^'\\]|\\.)*'", "''", sql)  # string constants are data, not syntax
        for rule, pattern, engines, why in RULES:
            if re.search(pattern, flat, re.I):
                failures.append("%s:%d: [%s] lacks it: %s — %s\n    %s" % (
                    path, line, rule, engines, why, " ".join(sql.split())[:160]))
        problem = upsert_problem(flat, keys)
        if problem:
            failures.append("%s:%d: %s" % (path, line, problem))
    print("sql_portability: %d migration statements in %d files, %d queries in %d source files scanned" % (
        len(migrations), len({p for p, _, _ in migrations}), len(queries), len({p for p, _, _ in queries})))
    print("sql_portability: %d rules for MySQL 8 and TiDB; %d INSERT ... ON DUPLICATE KEY UPDATE checked for one unique key" % (
        len(RULES), sum(1 for _, _, s in statements if re.search(r"ON\s+DUPLICATE\s+KEY", s, re.I))))
    for rule, pattern, text in NOTES:
        count = sum(1 for _, _, sql in statements if re.search(pattern, sql, re.I))
        if count:
            print("note [%s] x%d: %s" % (rule, count, text))
    if not queries or not migrations:
        print("FAIL: found no SQL to scan (the scanner is broken)")
        return 1
    for failure in failures:
        print("FAIL " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
