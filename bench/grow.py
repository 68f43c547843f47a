#!/usr/bin/env python3
"""bench/grow.py: fills the bench stack's databases with a province's worth
of history in bulk SQL, so that bench/run can show that no operation's cost
grows with it (issue 17: 10^5 reports, 10^6 revisions, 10^7 audit events at
--scale 1).

History is cloned from rows the stack already holds (a report, its review,
its audit entries, …), with new keys, through MariaDB's sequence tables
(seq_1_to_N): one INSERT … SELECT per table and chunk. The grown rows are of
ended work — approved reviews, delivered messages, read notifications — in
the bench units the cast covers and in years before the sample's, so that
they sit in the same indexes the scenarios read.

Usage: bench/grow.py --units N [--scale S]
Needs RF_DB_SOCKET and RF_DB_ADMIN_PASSWORD_FILE (the stack's mysql/env).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--units", type=int, required=True, help="bench units bench-00001 … to spread over")
parser.add_argument("--scale", type=float, default=1.0, help="1.0: 10^5 reports, 10^6 revisions, 10^7 audit events")
args = parser.parse_args()

REPORTS = max(100, int(100_000 * args.scale))
REVISIONS_PER_REPORT = 10
AUDIT_PER_REPORT = 100
CHUNK = 500_000

# The administrator's password reaches the client in a file only we can read.
defaults = tempfile.NamedTemporaryFile("w", prefix="grow-", suffix=".cnf", delete=False)
os.chmod(defaults.name, 0o600)
with open(os.environ["RF_DB_ADMIN_PASSWORD_FILE"]) as f:
    defaults.write("[client]\npassword=%s\n" % f.read().strip())
defaults.close()


def sql(statement, schema="mysql"):
    out = subprocess.run(
        ["mariadb", "--defaults-extra-file=" + defaults.name, "--socket=" + os.environ["RF_DB_SOCKET"],
         "-uroot", "-N", "--batch", "-D", schema, "-e", statement],
        capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("grow.py: %s\n%s" % (out.stderr.strip(), statement[:500]))
    return out.stdout


def columns(schema, table):
    rows = sql("SELECT column_name, extra FROM information_schema.columns WHERE table_schema = '%s' "
               "AND table_name = '%s' ORDER BY ordinal_position" % (schema, table))
    return [line.split("\t")[0] for line in rows.splitlines() if "auto_increment" not in line]


def clone(schema, table, template, driver, overrides, rows_hint):
    """Inserts a copy of the `template` rows (a WHERE on src) for every row of
    `driver` (a SELECT aliased d), with `overrides` (column → expression)."""
    cols = columns(schema, table)
    exprs = [overrides.get(c, "src.`%s`" % c) for c in cols]
    started = time.time()
    sql("SET SESSION foreign_key_checks = 0, unique_checks = 0; "
        "CREATE TEMPORARY TABLE tmpl AS SELECT * FROM `%s`.`%s` src WHERE %s; "
        "INSERT IGNORE INTO `%s`.`%s` (%s) SELECT %s FROM tmpl src JOIN (%s) d;"
        % (schema, table, template, schema, table, ", ".join("`%s`" % c for c in cols),
           ", ".join(exprs), driver), schema)
    print("  %s.%s: +%s rows in %.1f s" % (schema, table, rows_hint, time.time() - started),
          file=sys.stderr)


def chunks(total):
    start = 1
    while start <= total:
        end = min(total, start + CHUNK - 1)
        yield "SELECT seq FROM seq_%d_to_%d" % (start, end), end - start + 1
        start = end + 1


unit = "CONCAT('bench-', LPAD(1 + d.seq MOD %d, 5, '0'))" % args.units
report_key = "CONCAT('g-', LPAD(d.seq, 8, '0'))"
print("增长历史：报告 %d、修订 %d、审计记录 %d…" % (REPORTS, REPORTS * REVISIONS_PER_REPORT,
                                         REPORTS * AUDIT_PER_REPORT), file=sys.stderr)

# review: approved reviews with their stages and findings, audit chains,
# answered requests, delivered messages.
R = "reportflow_review"
tmpl_review = "(SELECT MIN(id) FROM `%s`.reviews)" % R
for driver, n in chunks(REPORTS):
    clone(R, "reviews", "src.id = %s" % tmpl_review, driver,
          {"report_id": report_key, "version_number": "1", "unit": unit, "state": "2",
           "active_stage": "-1", "active_role": "NULL", "previous_review_id": "NULL"}, n)
grown_reviews = "SELECT id AS rid, report_id FROM `%s`.reviews WHERE report_id LIKE 'g-%%'" % R
clone(R, "review_stages", "src.review_id = %s" % tmpl_review, grown_reviews,
      {"review_id": "d.rid"}, REPORTS * 7)
clone(R, "findings", "src.review_id = %s" % tmpl_review, grown_reviews,
      {"review_id": "d.rid"}, "%d×findings" % REPORTS)
clone(R, "audit_heads", "src.report_id = (SELECT MIN(report_id) FROM `%s`.audit_heads)" % R,
      grown_reviews, {"report_id": "d.report_id", "last_sequence": str(AUDIT_PER_REPORT)}, REPORTS)
tmpl_audit = ("src.report_id = (SELECT MIN(report_id) FROM `%s`.audit_events) AND src.sequence = 1" % R)
for driver, n in chunks(REPORTS * AUDIT_PER_REPORT):
    clone(R, "audit_events", tmpl_audit, driver,
          {"report_id": "CONCAT('g-', LPAD(1 + (d.seq - 1) DIV %d, 8, '0'))" % AUDIT_PER_REPORT,
           "sequence": "1 + (d.seq - 1) MOD %d" % AUDIT_PER_REPORT}, n)
for schema in (R, "reportflow_drafting"):
    for driver, n in chunks(REPORTS * 10):
        clone(schema, "request_results",
              "src.request_id = (SELECT MIN(request_id) FROM `%s`.request_results)" % schema, driver,
              {"request_id": "CONCAT('g-', d.seq)"}, n)
    for driver, n in chunks(REPORTS * 2):
        clone(schema, "outbox", "src.id = (SELECT MIN(id) FROM `%s`.outbox)" % schema, driver,
              {"request_id": "CONCAT('g-', d.seq)", "unit": unit, "state": "2"}, n)

# drafting: reports of earlier years with ten sections, a revision each.
D = "reportflow_drafting"
tmpl_report = "(SELECT MIN(id) FROM `%s`.reports)" % D
year = "2000 + (d.seq DIV %d) MOD 24" % args.units
kind = "1 + (d.seq DIV %d) MOD 2" % (args.units * 24)
for driver, n in chunks(REPORTS):
    clone(D, "reports", "src.id = %s" % tmpl_report, driver,
          {"public_id": report_key, "unit": unit, "fiscal_year": year, "kind": kind,
           "state": "4", "latest_version": "1"}, n)
grown_reports = "SELECT id AS rid FROM `%s`.reports WHERE public_id LIKE 'g-%%'" % D
clone(D, "sections", "src.report_id = %s AND src.position < %d" % (tmpl_report, REVISIONS_PER_REPORT),
      grown_reports, {"report_id": "d.rid", "latest_revision": "1"}, REPORTS * REVISIONS_PER_REPORT)
clone(D, "revisions",
      "src.report_id = %s AND src.number = 1 AND src.section_key IN (SELECT section_key FROM "
      "`%s`.sections WHERE report_id = %s AND position < %d)" % (tmpl_report, D, tmpl_report,
                                                                 REVISIONS_PER_REPORT),
      grown_reports, {"report_id": "d.rid", "content": "'历史修订'",
                      "content_sha256": "SHA2('历史修订', 256)"}, REPORTS * REVISIONS_PER_REPORT)

# notification: every cast member's read messages.
N = "reportflow_notification"
for driver, n in chunks(REPORTS * 10):
    clone(N, "notifications", "src.id = (SELECT MIN(id) FROM `%s`.notifications)" % N, driver,
          {"event_key": "CONCAT('g-', d.seq)",
           "recipient_id": "ELT(1 + d.seq MOD 8, 'u-zhangwei', 'u-lina', 'u-wangqiang', "
                           "'u-liufang', 'u-chenjie', 'u-yangmin', 'u-zhaolei', 'u-sunli')",
           "unit": unit, "read_time": "src.create_time"}, n)

sql("ANALYZE TABLE %s.reviews, %s.audit_events, %s.reports, %s.revisions, %s.notifications"
    % (R, R, D, D, N))
counts = sql("SELECT (SELECT COUNT(*) FROM %s.reports), (SELECT COUNT(*) FROM %s.revisions), "
             "(SELECT COUNT(*) FROM %s.audit_events)" % (D, D, R)).split()
print('{"grown": {"reports": %s, "revisions": %s, "audit_events": %s, "scale": %s}}'
      % (counts[0], counts[1], counts[2], args.scale))
os.unlink(defaults.name)
