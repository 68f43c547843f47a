#!/usr/bin/env bash
# End-to-end test of deploy/local/demo on a .local of its own: the seed report
# goes through import, a return and a resubmission, six signatures and
# publication, and the demo ends with the published page present. A second
# run fails nothing and duplicates nothing. The page then opens in headless
# Chromium with no console message, and a screenshot is written to
# build/artifacts/seed-page.png for people to look at. The PDF beside the page
# is read back with poppler (every part heading, the 三公 table, the review
# record, embedded fonts) and its page 1 kept as build/artifacts/seed-pdf-page1.png.
# Last, the publisher's reportctl commands: publish-then-verify on a page
# edited behind the service's back, retry, the deadline filters, and a
# withdrawal that replaces the page by its notice.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export RF_BUILD_DIR=${RF_BUILD_DIR:?}
: "${RF_TEST_DB_SOCKET:?run through deploy/local/test, which starts the test MariaDB}"
export RF_LOCAL_DIR RF_DEMO_PREPARED=1
RF_LOCAL_DIR=$(mktemp -d)
cleanup() {
  "$root/deploy/local/down" >/dev/null 2>&1 || true
  rm -rf "$RF_LOCAL_DIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

first=$("$root/deploy/local/demo" 2>&1) || { echo "$first" >&2; fail "the demo exited $?"; }
page=$(sed -n 's/^公开页面：//p' <<<"$first")
[ -n "$page" ] && [ -f "$page" ] || { echo "$first" | tail -30 >&2; fail "no published page: '$page'"; }
grep -q "已退回 reviews/1/tasks/review-1" <<<"$first" || fail "the demo did not return the first version"
grep -q "已提交：reports/r-[0-9a-f]*/versions/2" <<<"$first" || fail "no resubmission"
[ "$(grep -c '^已签署 reviews/2/tasks/' <<<"$first")" -eq 6 ] || fail "six signatures on version 2"
grep -q "保密审查情况：已审查" "$page" && grep -q "主要负责人审签情况：已审签" "$page" ||
  fail "the page lacks the review record"
[ "$(grep -o '<svg' "$page" | wc -l)" -eq 7 ] || fail "the page should draw the seed's 7 figures"
grep -q "<td>终审</td><td>赵磊</td>" "$page" || fail "the page lacks 终审's signer"
grep -q '<td class="num">45.13</td>' "$page" || fail "the 三公 table is not on the page, numbers right-aligned"
cmp -s "$(dirname "$page")/tables/p5-t13.csv" "$root/samples/tables/p5-t13-three-public.csv" ||
  fail "the 三公 table imported from the demo's .xlsx is not the sample's CSV, cell for cell"
grep -q "读取 .*/sample.docx（.*Word 文档）" <<<"$first" || fail "the demo did not import its .docx"
grep -q "读取 .*/three-public.xlsx（.*Excel 工作簿）" <<<"$first" || fail "the demo did not import its .xlsx"
grep -q '<td class="num">15.13</td>' "$page" || fail "the .xlsx's 15.13 is not on the page"

# The PDF beside the page, read back by poppler: every part heading, the
# 三公 table row by row, the review record; fonts embedded; page 1 as PNG.
pdf=$(dirname "$page")/report.pdf
[ -s "$pdf" ] || fail "no report.pdf beside the page"
grep -q 'href="report.pdf"' "$page" || fail "the page does not link its PDF"
grep -qF "PDF 版本：$pdf" <<<"$first" || fail "the demo did not print the PDF's location"
pdf_text=$(pdftotext -q -layout "$pdf" -) || fail "pdftotext cannot read the PDF"
squeezed=$(tr -d ' \n' <<<"$pdf_text")
headings=$(grep -o '<h2>[^<]*</h2>' "$page" | sed 's/<[^>]*>//g')
[ "$(wc -l <<<"$headings")" -ge 6 ] || fail "expected five parts and the review record on the page: $headings"
while IFS= read -r heading; do
  grep -qF "$(tr -d ' ' <<<"$heading")" <<<"$squeezed" || fail "the PDF lacks the heading “$heading”"
done <<<"$headings"
while IFS=, read -r -a cells; do
  pattern=$(printf '%s\\s+' "${cells[@]}")
  grep -qP "${pattern%\\s+}(\\s|$)" <<<"$pdf_text" || fail "the PDF lacks the 三公 row: ${cells[*]}"
done < <(tail -n +2 "$root/samples/tables/p5-t13-three-public.csv")
for line in "保密审查情况：已审查" "主要负责人审签情况：已审签" "终审" "赵磊" "李娜"; do
  grep -qF "$line" <<<"$pdf_text" || fail "the PDF's review record lacks “$line”"
done
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
grep -qF "第${pages}页共${pages}页" <<<"$squeezed" || fail "the last page is not numbered $pages of $pages"
pdfinfo "$pdf" | grep -q "(A4)" || fail "the PDF is not A4"
fonts=$(pdffonts "$pdf" | tail -n +3)
[ -n "$fonts" ] || fail "pdffonts lists no font"
awk '{ if ($(NF-4) != "yes") { print "not embedded: " $0; bad = 1 } } END { exit bad }' <<<"$fonts" ||
  fail "a font of the PDF is not embedded"
grep -qE 'WenQuanYi|Noto|CID' <<<"$fonts" || fail "no CJK font in the PDF: $fonts"

second=$("$root/deploy/local/demo" 2>&1) || { echo "$second" >&2; fail "the second run exited $?"; }
[ "$(sed -n 's/^公开页面：//p' <<<"$second")" = "$page" ] || fail "the second run printed another page"
grep -q "已签署" <<<"$second" && fail "the second run signed again"
site=$(dirname "$(dirname "$page")")
pages=$(find "$site" -mindepth 2 -name index.html | wc -l)
[ "$pages" -eq 1 ] || fail "expected one page under $site, found $pages"
listed=$(
  # shellcheck disable=SC1091
  source "$RF_LOCAL_DIR/env"
  RF_TOKEN_FILE=$RF_TOKENS_DIR/publisher.token "$RF_BUILD_DIR/bin/reportctl" publish list
)
grep -q "公开记录 1 条" <<<"$listed" || fail "publish list: $listed"

# The page in a real browser: no console message at all (errors, CSP
# violations, failed loads are all logged there), and a screenshot.
artifacts=$RF_BUILD_DIR/artifacts
mkdir -p "$artifacts"
log=$RF_LOCAL_DIR/chromium.log
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$RF_LOCAL_DIR/chromium-profile" --enable-logging=stderr --v=0 \
  --window-size=1200,4000 --screenshot="$artifacts/seed-page.png" "file://$page" 2>"$log" ||
  { tail -20 "$log" >&2; fail "chromium exited $?"; }
if grep -E ':CONSOLE[(:]' "$log"; then
  fail "the page logged to the browser console (above)"
fi
[ -s "$artifacts/seed-page.png" ] || fail "no screenshot"
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$pdf" "$artifacts/seed-pdf-page1" ||
  fail "pdftoppm cannot draw page 1"
[ -s "$artifacts/seed-pdf-page1.png" ] || fail "no PNG of the PDF's page 1"
# The publisher's commands on the published page: nothing to retry, the
# deadline met, then a withdrawal that replaces the page by its notice.
publisher() {
  (
    # shellcheck disable=SC1091
    source "$RF_LOCAL_DIR/env"
    RF_TOKEN_FILE=$RF_TOKENS_DIR/publisher.token "$RF_BUILD_DIR/bin/reportctl" "$@"
  )
}
publication=$(publisher publish list | grep -o '^publications/[0-9]*' | head -1)
publisher publish status "$publication" | grep -q "门户核验：一致" ||
  fail "publish status does not show the page read back after its push"
# Publish-then-verify: the page edited behind the service's back is found,
# reported (exit 1), and the approved page is put back.
original=$(sha256sum <"$page")
echo '<p>篡改内容</p>' >>"$page"
verified=$(publisher publish verify "$publication") && fail "a tampered page verified: $verified"
grep -q "index.html  被修改" <<<"$verified" || fail "publish verify did not name the edited file: $verified"
for _ in $(seq 1 100); do
  [ "$(sha256sum <"$page")" = "$original" ] && break
  sleep 0.2
done
[ "$(sha256sum <"$page")" = "$original" ] || fail "the approved page was not put back"
publisher publish verify "$publication" | grep -q "门户核验：一致" || fail "verify after the repair"
publisher publish status "$publication" | grep -q "核验后重新推送  成功" || fail "the repair push is not listed"
publisher publish retry "$publication" | grep -q "没有需要重试的推送" || fail "publish retry"
publisher publish list --deadline on-time | grep -q "$publication" || fail "not listed as on time"
publisher publish list --deadline overdue | grep -q "公开记录 0 条" || fail "listed as overdue"
if publisher publish withdraw "$publication" --reason "" 2>/dev/null; then
  fail "a withdrawal without a reason was accepted"
fi
publisher publish withdraw "$publication" --reason "附表数据待核实" | grep -q "状态：已撤回" ||
  fail "publish withdraw"
for _ in $(seq 1 100); do
  grep -q "撤回原因：附表数据待核实" "$page" 2>/dev/null && break
  sleep 0.2
done
grep -q "撤回原因：附表数据待核实" "$page" || fail "the page was not replaced by the withdrawal notice"
[ ! -e "$pdf" ] || fail "the withdrawn page's PDF is still on the portal"
publisher publish status "$publication" | grep -q "撤回公告  成功" || fail "publish status after withdrawal"

echo "demo: published $page once with its $pages-page PDF; Chromium rendered it with no console message; screenshots $artifacts/seed-page.png, $artifacts/seed-pdf-page1.png"
