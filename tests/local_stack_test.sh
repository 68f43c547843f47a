#!/usr/bin/env bash
# End-to-end test of deploy/local/up and down: up starts MariaDB and the five
# servers (and the console), `reportctl health` sees the five it checks SERVING over TLS, people of the
# seeded directory sign in, and down stops
# exactly what up started: every recorded pid is gone while an unrelated
# process and the test MariaDB keep running.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export RF_BUILD_DIR=${RF_BUILD_DIR:?}
: "${RF_TEST_DB_SOCKET:?run through deploy/local/test, which starts the test MariaDB}"
export RF_LOCAL_DIR
RF_LOCAL_DIR=$(mktemp -d)
bystander=
cleanup() {
  "$root/deploy/local/down" >/dev/null 2>&1 || true
  rm -rf "$RF_LOCAL_DIR"
  [ -z "$bystander" ] || kill "$bystander" 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# pid_running: alive and not a zombie awaiting its reaper (deploy/local/lib.sh).
# shellcheck disable=SC1091
source "$root/deploy/local/lib.sh"

# An unrelated process that down must leave alone (its output detached so it
# never holds the test runner's pipe).
sleep 300 >/dev/null 2>&1 &
bystander=$!

"$root/deploy/local/up"
# shellcheck disable=SC1091
source "$RF_LOCAL_DIR/env"
for var in RF_DRAFTING_ADDR RF_REVIEW_ADDR RF_PUBLICATION_ADDR RF_TLS_CA RF_DB_SOCKET RF_TOKEN_FILE; do
  [ -n "${!var:-}" ] || fail ".local/env lacks $var"
done
for person in drafter proofread-1 review-1 proofread-2 review-2 proofread-3 review-3 publisher admin; do
  [ -s "$RF_TOKENS_DIR/$person.token" ] || fail "no token for $person"
done

output=$("$RF_BUILD_DIR/bin/reportctl" health) || fail "reportctl health exited $?: $output"
echo "$output"
[ "$(grep -c ' SERVING ' <<<"$output")" -eq 5 ] || fail "expected five SERVING lines"
json=$("$RF_BUILD_DIR/bin/reportctl" health --json)
grep -q '"all_serving": true' <<<"$json" || fail "health --json: $json"

# The directory: the proofreader signs in with a password; whoami shows the
# role; a wrong password is refused; the session's token works on drafting.
session=$RF_LOCAL_DIR/sessions/test-lina.json
signed=$(RF_SESSION_FILE=$session "$RF_BUILD_DIR/bin/reportctl" login --user u-lina \
  --password-file "$RF_PASSWORDS_DIR/proofread-1.password") || fail "login: $signed"
grep -q "已登录：李娜" <<<"$signed" || fail "login printed: $signed"
[ "$(stat -c %a "$session")" = 600 ] || fail "the session file is readable by others"
who=$(RF_TOKEN_FILE='' RF_SESSION_FILE=$session "$RF_BUILD_DIR/bin/reportctl" whoami) || fail "whoami: $who"
grep -q "角色 proofread_1  units/jinkouhe-gov-office" <<<"$who" || fail "whoami printed: $who"
if echo wrong-password-1 | RF_SESSION_FILE=$RF_LOCAL_DIR/sessions/x.json \
    "$RF_BUILD_DIR/bin/reportctl" login --user u-lina 2>/dev/null; then
  fail "a wrong password signed in"
fi

# console-server answers over TLS (the local CA) with its security headers,
# and signs a person in through the identity service.
[ -n "${RF_CONSOLE_URL:-}" ] || fail ".local/env lacks RF_CONSOLE_URL"
( umask 077; printf '{"person":"u-lina","password":"%s"}' \
  "$(cat "$RF_PASSWORDS_DIR/proofread-1.password")" >"$RF_LOCAL_DIR/login.json" )
headers=$(curl -sS --cacert "$RF_TLS_CA" -o /dev/null -D - -X POST "${RF_CONSOLE_URL}api/login" \
  -H 'Content-Type: application/json' --data @"$RF_LOCAL_DIR/login.json") || fail "console login"
grep -q "^HTTP/1.1 200" <<<"$headers" || fail "console login answered: $headers"
grep -qi "^Set-Cookie: rf_session=.*HttpOnly; Secure; SameSite=Strict" <<<"$headers" ||
  fail "console cookie: $headers"
grep -qi "^Content-Security-Policy: default-src 'self'" <<<"$headers" || fail "console CSP: $headers"

# A province finance bureau's reviewer with 20,000 budget units in scope
# signs in (the token stays small) and lists the inbox across all of them.
admin_cnf=$RF_LOCAL_DIR/admin.cnf
# shellcheck disable=SC1091
admin_password_file=$(source "$RF_LOCAL_DIR/mysql/env" && echo "$RF_DB_ADMIN_PASSWORD_FILE")
( umask 077; printf '[client]\nuser=root\npassword=%s\n' "$(cat "$admin_password_file")" >"$admin_cnf" )
seq 0 19999 | awk 'BEGIN { printf "INSERT INTO units (id, display_name, parent_id, kind, state, path) VALUES " }
  { printf "%s(\"bulk-unit-%d\", \"单位%d\", \"511100\", 2, 1, \"/510000/511100/bulk-unit-%d/\")", (NR > 1 ? "," : ""), $1, $1, $1 }
  END { print ";" }' >"$RF_LOCAL_DIR/units.sql"
mariadb --defaults-extra-file="$admin_cnf" --socket="$RF_DB_SOCKET" reportflow_identity \
  <"$RF_LOCAL_DIR/units.sql" || fail "bulk units"
admin=(env RF_TOKEN_FILE="$RF_TOKENS_DIR/admin.token" "$RF_BUILD_DIR/bin/reportctl")
"${admin[@]}" admin role list --person u-lina | grep -q "proofread_1  units/jinkouhe-gov-office" ||
  fail "admin role list"
"${admin[@]}" --json admin unit show 511113 | grep -q '"display_name": "金口河区"' ||
  fail "admin unit show --json"
printf 'Province2025review\n' >"$RF_LOCAL_DIR/province.password"
"${admin[@]}" admin person create u-province --name 四川省财政厅审核员 --unit 510000 \
  --password-file "$RF_LOCAL_DIR/province.password" >/dev/null || fail "province person"
"${admin[@]}" admin role grant u-province review_1 --unit 510000 --subtree >/dev/null ||
  fail "province role"
province=$RF_LOCAL_DIR/sessions/province.json
RF_SESSION_FILE=$province "$RF_BUILD_DIR/bin/reportctl" login --user u-province \
  --password-file "$RF_LOCAL_DIR/province.password" >/dev/null || fail "province login"
token_bytes=$(grep -o '"accessToken": *"[^"]*"' "$province" | wc -c)
[ "$token_bytes" -lt 800 ] || fail "the access token grew with the scope: $token_bytes bytes"
started=$(date +%s%N)
inbox=$(RF_TOKEN_FILE='' RF_SESSION_FILE=$province "$RF_BUILD_DIR/bin/reportctl" inbox) ||
  fail "province inbox: $inbox"
echo "inbox of a reviewer of 20,004 units: $(( ($(date +%s%N) - started) / 1000000 )) ms (reportctl process included)"
grep -q "待办" <<<"$inbox" || fail "province inbox printed: $inbox"

# The drafting service answers through TLS with the drafter's token.
created=$("$RF_BUILD_DIR/bin/reportctl" report create --unit jinkouhe-gov-office --year 2024) ||
  fail "report create: $created"
grep -q '^reports/r-' <<<"$created" || fail "report create printed: $created"
if duplicate=$("$RF_BUILD_DIR/bin/reportctl" report create --unit jinkouhe-gov-office --year 2024 2>&1); then
  fail "a second report for the same unit and year was created"
fi
grep -q "已存在" <<<"$duplicate" || fail "duplicate create said: $duplicate"
listed=$(RF_TOKEN_FILE=$RF_TOKENS_DIR/review-1.token "$RF_BUILD_DIR/bin/reportctl" report list)
grep -q "共 1 份" <<<"$listed" || fail "a reviewer of the unit should see the report: $listed"

# A section revised twice from files, its history, and a character-level diff.
report=$(grep -o 'reports/r-[0-9a-f]*' <<<"$created" | head -1)
section=$report/sections/p2-01-overview
printf '收入、支出总计各减少 106.9 万元，下降 9.01%%。\n' >"$RF_LOCAL_DIR/v1.md"
printf '收入、支出总计各减少 106.9 万元，下降 8.93%%。\n' >"$RF_LOCAL_DIR/v2.md"
"$RF_BUILD_DIR/bin/reportctl" report revise "$section" "$RF_LOCAL_DIR/v1.md" | grep -q "revisions/1" ||
  fail "first revision"
"$RF_BUILD_DIR/bin/reportctl" report revise "$section" "$RF_LOCAL_DIR/v2.md" --note 更正比率 |
  grep -q "revisions/2" || fail "second revision"
if "$RF_BUILD_DIR/bin/reportctl" report revise "$section" "$RF_LOCAL_DIR/v1.md" --base 1 2>/dev/null; then
  fail "a revision on a stale base was accepted"
fi
history=$("$RF_BUILD_DIR/bin/reportctl" report history "$section")
grep -q "共 2 版" <<<"$history" || fail "history: $history"
diff=$("$RF_BUILD_DIR/bin/reportctl" report diff "$section/revisions/1" "$section/revisions/2")
grep -qF "下降 [-9-].[-01-]%" <<<"$diff" && grep -qF "下降 {+8+}.{+93+}%" <<<"$diff" || fail "diff: $diff"
"$RF_BUILD_DIR/bin/reportctl" report assign "$section" u-wangfang --name 王芳 | grep -q "已分配给 王芳" ||
  fail "assign"

# Submission: the dispatcher delivers StartReview to review-server, which
# starts the review; the first proofreader finds it in their inbox, reads it,
# signs it, and the report's audit chain verifies.
"$RF_BUILD_DIR/bin/reportctl" report assign "$section" >/dev/null || fail "unassign"
"$RF_BUILD_DIR/bin/reportctl" report import "$report" "$root/samples/jinkouhe-2024-final-accounts.txt" |
  grep -q "已导入 14 个章节" || fail "import"
# Office files through reportctl: the sample's 13 tables as a workbook
# (written by LibreOffice, tests/import/make_fixtures.py), shown not written;
# a 200 MB file refused before it is read.
"$root/tests/import/make_fixtures.py" "$RF_LOCAL_DIR/office" >/dev/null || fail "office fixtures"
workbook=$("$RF_BUILD_DIR/bin/reportctl" report import "$report" "$RF_LOCAL_DIR/office/tables.xlsx" --dry-run 2>&1) ||
  fail "xlsx import: $workbook"
grep -q "读取 .*tables.xlsx.*Excel 工作簿" <<<"$workbook" && grep -q "将导入 13 个章节" <<<"$workbook" &&
  grep -q "工作表“说明”：工作表的标题与模板中的任何表格都不匹配" <<<"$workbook" || fail "xlsx import printed: $workbook"
truncate -s 200M "$RF_LOCAL_DIR/office/huge.docx"
if huge=$("$RF_BUILD_DIR/bin/reportctl" report import "$report" "$RF_LOCAL_DIR/office/huge.docx" 2>&1); then
  fail "a 200 MB file was imported"
fi
grep -q "有 200.0 MiB，超过 8 MiB 的导入上限" <<<"$huge" || fail "200 MB import said: $huge"
rm -f "$RF_LOCAL_DIR/office/huge.docx"
"$RF_BUILD_DIR/bin/reportctl" report submit "$report" | grep -q "versions/1" || fail "submit"
for _ in $(seq 1 100); do
  deliveries=$("$RF_BUILD_DIR/bin/reportctl" report deliveries)
  grep -q "已送达" <<<"$deliveries" && break
  sleep 0.2
done
grep -q "已送达.*StartReview.*$report/versions/1" <<<"$deliveries" ||
  fail "StartReview was not delivered: $deliveries"
as_proofreader=(env RF_TOKEN_FILE="$RF_LOCAL_DIR/tokens/proofread-1.token" "$RF_BUILD_DIR/bin/reportctl")
inbox=$("${as_proofreader[@]}" inbox)
grep -q "待办 1 项" <<<"$inbox" && grep -q "一校" <<<"$inbox" || fail "inbox: $inbox"
task=$(grep -o 'reviews/[0-9]*/tasks/proofread-1' <<<"$inbox" | head -1)
shown=$("${as_proofreader[@]}" review show "${task%/tasks/*}")
grep -q "机器校对：错误 16 条" <<<"$shown" && grep -q "签署(approve)" <<<"$shown" ||
  fail "review show: $shown"
"${as_proofreader[@]}" approve "$task" --opinion "校对无误" | grep -q "已签署" || fail "approve"
"${as_proofreader[@]}" inbox | grep -q "待办 0 项" || fail "the task stayed in the inbox"
"${as_proofreader[@]}" audit verify "$report" | grep -q "审计链完整" || fail "audit verify"

# A second up is harmless: it finds everything running.
again=$("$root/deploy/local/up" 2>&1) || fail "second up failed: $again"
[ "$(grep -c "已在运行" <<<"$again")" -eq 7 ] || fail "second up did not find all seven running (MariaDB, five servers, console): $again"

# A server killed mid-way comes back where its peers expect it, at once (a
# dying process is not taken for a running one), and the flow goes on.
kill -9 "$(cat "$RF_LOCAL_DIR/run/identity.pid")" "$(cat "$RF_LOCAL_DIR/run/review.pid")"
restarted=$("$root/deploy/local/up" 2>&1) || fail "up after kill -9: $restarted"
grep -q "identity-server 已启动：$RF_IDENTITY_ADDR " <<<"$restarted" ||
  fail "identity-server did not come back at $RF_IDENTITY_ADDR: $restarted"
grep -q "review-server 已启动：$RF_REVIEW_ADDR " <<<"$restarted" ||
  fail "review-server did not come back at $RF_REVIEW_ADDR: $restarted"
who=$(RF_TOKEN_FILE='' RF_SESSION_FILE=$session "$RF_BUILD_DIR/bin/reportctl" whoami) ||
  fail "whoami after the restart: $who"
"${as_proofreader[@]}" audit verify "$report" | grep -q "审计链完整" || fail "audit after the restart"

pids=$(cat "$RF_LOCAL_DIR"/run/*.pid "$RF_LOCAL_DIR/mysql/mysqld.pid")
[ "$(wc -w <<<"$pids")" -eq 7 ] || fail "expected 7 pids (MariaDB, five servers, console), got: $pids"
"$root/deploy/local/down"
for pid in $pids; do
  ! pid_running "$pid" || fail "pid $pid still running after down"
done
kill -0 "$bystander" || fail "down stopped an unrelated process"
mariadb-admin --no-defaults --socket="$RF_TEST_DB_SOCKET" ping >/dev/null 2>&1 ||
  fail "down stopped the test MariaDB it did not start"
if "$RF_BUILD_DIR/bin/reportctl" health >/dev/null 2>&1; then
  fail "servers still answer after down"
fi
echo "local stack: up, health, down OK"
