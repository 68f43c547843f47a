#!/usr/bin/env bash
# Notifications end to end, on real executables (deploy/local/up on a .local
# of its own) with the demo flow of deploy/local/demo: the unit has three
# group robots (钉钉 with 加签, 企业微信, 飞书 with 签名校验) and everyone an
# e-mail address, while the mail server and the robots' webhook server are
# DOWN for the whole run. The demo must not be delayed: it publishes as
# always. Then a local SMTP receiver (Debian's aiosmtpd) and a local robot
# peer (tests/support/robot_peer.py, which checks each platform's signature
# the way the platform does) come up, and every message arrives: the right
# messages to the right people, once each, in Chinese, signed correctly; a
# person of another unit gets nothing. Last, 催办 by hand and the finance
# bureau's view of the region.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export RF_BUILD_DIR=${RF_BUILD_DIR:?}
: "${RF_TEST_DB_SOCKET:?run through deploy/local/test, which starts the test MariaDB}"
export RF_LOCAL_DIR RF_DEMO_PREPARED=1
RF_LOCAL_DIR=$(mktemp -d)
work=$RF_LOCAL_DIR/e2e
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  "$root/deploy/local/down" >/dev/null 2>&1 || true
  rm -rf "$RF_LOCAL_DIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

smtp_port=$(free_port)
robot_port=$(free_port)
export RF_SMTP_HOST=127.0.0.1 RF_SMTP_PORT=$smtp_port RF_SMTP_NO_STARTTLS=1
export RF_MAIL_FROM=reportflow@jinkouhe.example.gov.cn RF_ALLOW_LOOPBACK_WEBHOOKS=1
export RF_REMINDER_INTERVAL_SECONDS=0

"$root/deploy/local/up" >"$work/up.log" 2>&1 || { tail -20 "$work/up.log" >&2; fail "up"; }
# shellcheck disable=SC1091
source "$RF_LOCAL_DIR/env"
ctl() { "$RF_BUILD_DIR/bin/reportctl" "$@"; }
admin() { RF_TOKEN_FILE=$RF_TOKENS_DIR/admin.token ctl "$@"; }

# The unit's robots, their webhooks and secrets from files (never argv).
printf 'SECdingtalk-test-secret\n' >"$work/dingtalk.secret"
printf 'feishu-test-secret\n' >"$work/feishu.secret"
printf 'http://127.0.0.1:%s/dingtalk?access_token=tok1\n' "$robot_port" >"$work/dingtalk.url"
printf 'http://127.0.0.1:%s/wecom?key=wecom-key-1\n' "$robot_port" >"$work/wecom.url"
printf 'http://127.0.0.1:%s/feishu\n' "$robot_port" >"$work/feishu.url"
admin notify robot set jinkouhe-gov-office office-dingtalk --kind dingtalk \
  --webhook-file "$work/dingtalk.url" --secret-file "$work/dingtalk.secret" >/dev/null
admin notify robot set jinkouhe-gov-office office-wecom --kind wecom \
  --webhook-file "$work/wecom.url" >/dev/null
shown=$(admin notify robot set jinkouhe-gov-office office-feishu --kind feishu \
  --webhook-file "$work/feishu.url" --secret-file "$work/feishu.secret")
grep -q "office-dingtalk  钉钉  127.0.0.1  已设签名密钥" <<<"$shown" || fail "settings: $shown"
if grep -q "tok1\|SECdingtalk\|feishu-test-secret" <<<"$(admin --json notify settings jinkouhe-gov-office)"; then
  fail "the settings answer carries a webhook key or a secret"
fi
# A drafter may not change them.
if RF_TOKEN_FILE=$RF_TOKENS_DIR/drafter.token ctl notify settings jinkouhe-gov-office 2>/dev/null; then
  fail "a drafter read the unit's notification settings"
fi

# A person of another unit, with an e-mail address: never told anything.
admin admin unit create shawan-gov-office --name 乐山市沙湾区人民政府办公室 --parent 511100 >/dev/null
admin admin person create u-outsider --name 外单位 --unit shawan-gov-office \
  --email outsider@shawan.example.gov.cn >/dev/null
admin admin role grant u-outsider drafter --unit shawan-gov-office >/dev/null
admin admin role grant u-outsider review_1 --unit shawan-gov-office >/dev/null

# The demo, with both channels down all along: nothing waits for them.
start=$(date +%s)
"$root/deploy/local/demo" >"$work/demo.log" 2>&1 || { tail -30 "$work/demo.log" >&2; fail "the demo failed"; }
took=$(($(date +%s) - start))
grep -q '^公开页面：' "$work/demo.log" || fail "the demo did not publish"
echo "demo with mail and robots down: ${took}s"
pending=$(admin notify deliveries | grep -c 'FAILED_RETRYING\|PENDING' || true)
[ "$pending" -gt 20 ] || fail "expected the messages waiting for their channels, found $pending"
grep -q '最近错误' <<<"$(admin notify deliveries --failed)" || fail "a failing delivery shows no error"

# The channels come back.
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/maildir" \
  >"$work/smtp.log" 2>&1 &
pids+=($!)
/usr/bin/python3 "$root/tests/support/robot_peer.py" "$robot_port" "$work/robots.jsonl" \
  SECdingtalk-test-secret feishu-test-secret wecom-key-1 >"$work/robot.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 400); do
  left=$(admin notify deliveries | grep -c 'FAILED_RETRYING\|PENDING\|PARKED' || true)
  [ "$left" -eq 0 ] && break
  sleep 1
done
[ "$left" -eq 0 ] || { admin notify deliveries | grep -v DELIVERED | tail -5 >&2; fail "$left messages never arrived"; }
delivered=$(admin notify deliveries | grep -c ' DELIVERED ' || true)
echo "every message arrived after the channels came back ($delivered deliveries)"

# The mails: parsed as a mail client would.
/usr/bin/python3 - "$work/maildir" "$work/mails.json" <<'PY'
import email, email.header, email.policy, json, mailbox, sys
out = []
for message in mailbox.Maildir(sys.argv[1], factory=None):
    parsed = email.message_from_bytes(bytes(message), policy=email.policy.default)
    plain = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    out.append({"to": parsed["To"].addresses[0].addr_spec, "subject": str(parsed["Subject"]).strip(),
                "plain": plain, "html": html, "id": parsed["Message-ID"]})
json.dump(out, open(sys.argv[2], "w"), ensure_ascii=False)
PY
/usr/bin/python3 - "$work/mails.json" "$work/robots.jsonl" <<'PY'
import collections, json, sys
mails = json.load(open(sys.argv[1]))
robots = [json.loads(line) for line in open(sys.argv[2])]
def fail(message):
    print("FAIL:", message, file=sys.stderr)
    sys.exit(1)
by_to = collections.defaultdict(list)
for m in mails:
    by_to[m["to"]].append(m["subject"])
pairs = collections.Counter((m["to"], m["subject"]) for m in mails)
twice = [p for p, n in pairs.items() if n > 1]
if twice:
    fail(f"mailed twice: {twice}")
if len({m["id"] for m in mails}) != len(mails):
    fail("two mails with one Message-ID")
if any(a.startswith("outsider@") for a in by_to):
    fail("the other unit's person got mail")
def expect(address, *subjects):
    got = by_to.get(address, [])
    for s in subjects:
        if not any(g.startswith(s) for g in got):
            fail(f"{address} lacks a mail starting {s!r}; got {got}")
unit = "jinkouhe.example.gov.cn"
title = "乐山市金口河区人民政府办公室2024年度部门决算"
expect(f"lina@{unit}", f"待审校：{title}（第 1 版，一校）", f"待审校：{title}（第 2 版，一校）",
       f"催办：{title}（第 1 版，一校）", f"已退回：{title}（第 1 版）")  # she signed before the return
expect(f"wangqiang@{unit}", f"待审校：{title}（第 1 版，初审）", f"待审校：{title}（第 2 版，初审）")
for who, stage in [("liufang", "二校"), ("chenjie", "复审"), ("yangmin", "三校"), ("zhaolei", "终审")]:
    expect(f"{who}@{unit}", f"待审校：{title}（第 2 版，{stage}）")
expect(f"zhangwei@{unit}", f"已退回：{title}（第 1 版）", f"已审定：{title}（第 2 版）",
       f"已公开：{title}（第 2 版）")
expect(f"sunli@{unit}", f"已审定：{title}（第 2 版）", f"已公开：{title}（第 2 版）")
expect(f"zhaolei@{unit}", f"错误被豁免：{title}（第 2 版，第 ")
if any(s.startswith("待审校") for s in by_to.get(f"zhangwei@{unit}", [])):
    fail("the drafter was told of review tasks")
returned = [m for m in mails if m["subject"].startswith("已退回")][0]
if "退回理由：一般公共预算财政拨款支出决算数缺少计量单位" not in returned["plain"]:
    fail("the return's mail lacks the reason")
if "退回意见（1 条）" not in returned["plain"] or "缺少“万元”（王强）" not in returned["plain"]:
    fail("the return's mail lacks the comment that goes back: " + returned["plain"][:300])
if "https://127.0.0.1:" not in returned["plain"] or "/reviews/" not in returned["html"]:
    fail("the mail lacks the console link")
# Robots: every message signed as the platform checks; each event once per robot.
if not robots:
    fail("no robot message arrived")
unsigned = [r for r in robots if not r["signed"]]
if unsigned:
    fail(f"robot messages with a bad signature: {unsigned[:2]}")
per_path = collections.defaultdict(collections.Counter)
for r in robots:
    per_path[r["path"]][r["title"]] += 1
if set(per_path) != {"/dingtalk", "/wecom", "/feishu"}:
    fail(f"robots reached: {set(per_path)}")
for path, titles in per_path.items():
    dup = [t for t, n in titles.items() if n > 1]
    if dup:
        fail(f"{path} got an event twice: {dup}")
    for needed in [f"已退回：{title}（第 1 版）", f"已公开：{title}（第 2 版）",
                   f"待审校：{title}（第 2 版，终审）"]:
        if needed not in titles:
            fail(f"{path} lacks {needed!r}: {sorted(titles)}")
if len(per_path["/dingtalk"]) != len(per_path["/feishu"]) or \
        sum(per_path["/dingtalk"].values()) != sum(per_path["/wecom"].values()):
    fail("the robots did not all get the same events")
dingtalk_url = [r["url"] for r in robots if r["path"] == "/dingtalk" and r["title"].startswith("已退回")]
if not dingtalk_url or not dingtalk_url[0].startswith("https://127.0.0.1:"):
    fail(f"钉钉's action card does not open the console: {dingtalk_url}")
print(f"{len(mails)} mails to {len(by_to)} people, {len(robots)} robot messages, all signed")
PY

# Every notification once per person in the console as well; the outsider none.
list=$(RF_TOKEN_FILE='' RF_SESSION_FILE=$RF_SESSIONS_DIR/drafter.json ctl notify list)
grep -q "已公开：" <<<"$list" || fail "the drafter's notification centre lacks 已公开: $list"
[ "$(grep -c '已退回：' <<<"$list")" -eq 1 ] || fail "the drafter's 已退回 not exactly once"

# 催办 is limited to once per stage in 4 hours (the demo urged 一校 of version 1,
# which is done now): urging a stage that no longer waits is refused.
if RF_TOKEN_FILE='' RF_SESSION_FILE=$RF_SESSIONS_DIR/drafter.json ctl urge reviews/1/tasks/proofread-1 \
    2>"$work/urge.err"; then
  fail "urged a stage that no longer waits"
fi
grep -q "不在等待签署" "$work/urge.err" || fail "urge refusal: $(cat "$work/urge.err")"

# The finance bureau's view of 金口河区: published on time, every part filled.
region=$(RF_TOKEN_FILE='' RF_SESSION_FILE=$RF_SESSIONS_DIR/supervisor.json ctl report region 511113 --year 2024)
grep -q "jinkouhe-gov-office  乐山市金口河区人民政府办公室  按期公开  已发布" <<<"$region" ||
  fail "region view: $region"
csv=$(RF_TOKEN_FILE='' RF_SESSION_FILE=$RF_SESSIONS_DIR/supervisor.json ctl report region 511113 --year 2024 --csv)
[ "$(head -1 <<<"$csv")" = "单位,单位名称,报告,状态,批复日期,公开期限,公开日期,批复后天数,及时性,完整性（必填章节）,细化程度（附表）,公开方式" ] ||
  fail "csv header: $(head -1 <<<"$csv")"
grep -q '^jinkouhe-gov-office,乐山市金口河区人民政府办公室,.*,已发布,.*,按期公开,.*,门户网站 ' <<<"$csv" ||
  fail "csv row: $csv"
if RF_TOKEN_FILE='' RF_SESSION_FILE=$RF_SESSIONS_DIR/drafter.json ctl report region 511113 --year 2024 2>/dev/null; then
  fail "a drafter saw the region's view"
fi
echo "notification e2e: ok"
