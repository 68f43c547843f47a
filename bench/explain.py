#!/usr/bin/env python3
"""bench/explain.py: EXPLAINs every distinct statement the services ran
while MariaDB's general log was on (bench/run turns it on for a short pass of
every scenario on the grown database) and fails when one reads a table
without an index (type ALL) or examines more rows than `--max-rows`.

Input (stdin): `user_host TAB command_type TAB HEX(argument)` rows of
mysql.general_log. The schema of a statement is its user's (rf_review →
reportflow_review). Prints a Markdown table of what each statement shape
reads; exit 1 when a full scan or an oversized read was found.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

parser = argparse.ArgumentParser()
parser.add_argument("--max-rows", type=int, default=5000)
args = parser.parse_args()

defaults = tempfile.NamedTemporaryFile("w", prefix="explain-", suffix=".cnf", delete=False)
os.chmod(defaults.name, 0o600)
with open(os.environ["RF_DB_ADMIN_PASSWORD_FILE"]) as f:
    defaults.write("[client]\npassword=%s\n" % f.read().strip())
defaults.close()


def shape(statement):
    """The statement with its literals replaced, to count shapes once."""
    text = re.sub(r"'(?:[^'\\]|\\.)*'", "?", statement)
    text = re.sub(r"\b\d+(\.\d+)?\b", "?", text)
    text = re.sub(r"X\?", "?", text)
    text = re.sub(r"\(\?(, \?)*\)", "(…)", text)
    return re.sub(r"\s+", " ", text).strip()


seen = {}
for line in sys.stdin:
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 3 or parts[1] not in ("Query", "Execute"):
        continue
    match = re.match(r"(rf_\w+)\[", parts[0])
    if not match:
        continue
    try:
        statement = bytes.fromhex(parts[2]).decode("utf-8", "replace")
    except ValueError:
        continue
    verb = statement.lstrip().split(" ", 1)[0].upper()
    if verb not in ("SELECT", "UPDATE", "DELETE") or "information_schema" in statement:
        continue
    if "LAST_INSERT_ID" in statement or "@@" in statement:
        continue
    schema = "reportflow_" + match.group(1)[3:]
    seen.setdefault((schema, shape(statement)), statement)

bad = 0
# Scans whose reads are their result, of tables that hold no history: a
# region's subtree of units (path LIKE '/…/region/%') returns every unit under
# it, and when that is most of the table MariaDB rightly reads the table.
RESULT_SIZED = {
    ("reportflow_identity", "units"): "地区子树：读取量即结果集，单位表不随历史增长",
}
print("| schema | statement | table | access | key | rows examined |")
print("|---|---|---|---|---|---:|")
for (schema, text), statement in sorted(seen.items()):
    out = subprocess.run(
        ["mariadb", "--defaults-extra-file=" + defaults.name, "--socket=" + os.environ["RF_DB_SOCKET"],
         "-uroot", "--batch", "-D", schema, "-e", "EXPLAIN " + statement],
        capture_output=True, text=True)
    if out.returncode != 0:
        print("| %s | `%s` | – | EXPLAIN failed: %s | | |" % (schema, text[:120], out.stderr.strip()[:80]))
        continue
    lines = out.stdout.splitlines()
    header = lines[0].split("\t")
    for row in lines[1:]:
        cells = dict(zip(header, row.split("\t")))
        table, access = cells.get("table", ""), cells.get("type", "")
        rows = int(cells.get("rows") or 0) if (cells.get("rows") or "0").isdigit() else 0
        # A derived or union result, or a table of a few rows, is no scan of history.
        if table.startswith("<") or table in ("", "NULL"):
            continue
        full = access == "ALL" and rows > 100
        big = rows > args.max_rows
        why = RESULT_SIZED.get((schema, table)) if full and " LIKE " in statement else None
        if why:
            flag = " （%s）" % why
        else:
            bad += full or big
            flag = " **全表扫描**" if full else (" **读行过多**" if big else "")
        print("| %s | `%s` | %s | %s%s | %s | %s |" % (schema[11:], text[:140].replace("|", "\\|"),
                                                   table, access, flag, cells.get("key", ""), rows))
os.unlink(defaults.name)
print("\n%d 种语句，%s" % (len(seen), "有 %d 处全表扫描或读行过多" % bad if bad else "全部走索引"))
sys.exit(1 if bad else 0)
