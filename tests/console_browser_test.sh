#!/usr/bin/env bash
# The console's browser tests (label `browser`): starts the whole local stack
# on a .local of its own (deploy/local/up: MariaDB, the four services,
# console-server serving clients/console/dist), then drives Debian's Chromium
# through clients/console/tests/browser/flow.mjs — the demo flow through the
# console alone, with the security, accessibility, keyboard and zoom checks.
# A local mail receiver (Debian's aiosmtpd) takes the e-mails, so that 二校
# can sign from her mail's action link (一键签署), as a person would.
# Screenshots of each screen go to build/artifacts/console/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export RF_BUILD_DIR=${RF_BUILD_DIR:?}
export RF_LOCAL_DIR
RF_LOCAL_DIR=$(mktemp -d)
smtpd=""
cleanup() {
  [ -z "$smtpd" ] || kill "$smtpd" 2>/dev/null || true
  "$root/deploy/local/down" >/dev/null 2>&1 || true
  rm -rf "$RF_LOCAL_DIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -f "$root/clients/console/dist/index.html" ] || fail "the web app is not built (deploy/local/build builds it)"
[ -d "$root/clients/console/node_modules/playwright-core" ] || fail "npm ci has not run in clients/console"
command -v chromium >/dev/null || fail "Debian's chromium is not installed (deploy/local/deps installs it)"

smtp_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export RF_MAILDIR=$RF_LOCAL_DIR/maildir
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$RF_MAILDIR" \
  >"$RF_LOCAL_DIR/smtpd.log" 2>&1 &
smtpd=$!
export RF_SMTP_HOST=127.0.0.1 RF_SMTP_PORT=$smtp_port RF_SMTP_NO_STARTTLS=1
export RF_MAIL_FROM=reportflow@jinkouhe.example.gov.cn
"$root/deploy/local/up" >"$RF_LOCAL_DIR/up.log" 2>&1 || { cat "$RF_LOCAL_DIR/up.log" >&2; fail "deploy/local/up failed"; }
# shellcheck disable=SC1091
source "$RF_LOCAL_DIR/env"
# The unit allows action links in the e-mails of waiting tasks.
RF_TOKEN_FILE=$RF_TOKENS_DIR/admin.token "$RF_BUILD_DIR/bin/reportctl" \
  notify action-links jinkouhe-gov-office on >/dev/null || fail "could not enable action links"
# Chromium trusts exactly this console's certificate (issued by the local CA).
RF_CONSOLE_SPKI=$(openssl x509 -in "$RF_LOCAL_DIR/tls/console.crt" -pubkey -noout |
  openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
export RF_CONSOLE_SPKI RF_CONSOLE_URL RF_PASSWORDS_DIR
export RF_ARTIFACTS_DIR=$RF_BUILD_DIR/artifacts/console
export RF_SAMPLE_TEXT=$root/samples/jinkouhe-2024-final-accounts.txt
# Office files written by LibreOffice for the import (tests/import/make_fixtures.py).
export RF_OFFICE_FIXTURES=$RF_LOCAL_DIR/office
"$root/tests/import/make_fixtures.py" "$RF_OFFICE_FIXTURES" >/dev/null || fail "office fixtures"
export RF_CHROMIUM=${RF_CHROMIUM:-$(command -v chromium)}
# Node's own requests (the mail scanner's fetch) trust the local CA.
export NODE_EXTRA_CA_CERTS=$RF_TLS_CA
rm -rf "$RF_ARTIFACTS_DIR"
cd "$root/clients/console"
node tests/browser/flow.mjs || {
  tail -20 "$RF_LOCAL_DIR/log/console.log" >&2 || true
  fail "the browser flow failed (screenshots in $RF_ARTIFACTS_DIR)"
}
