#!/usr/bin/env bash
# Measures the console's first screen against the running local stack
# (deploy/local/up first). Usage: bench/console_first_screen.sh [runs, default 20]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
local_dir=${RF_LOCAL_DIR:-$root/.local}
# shellcheck disable=SC1091
source "$local_dir/env"
RF_CONSOLE_SPKI=$(openssl x509 -in "$local_dir/tls/console.crt" -pubkey -noout |
  openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
export RF_CONSOLE_URL RF_CONSOLE_SPKI
export RF_CHROMIUM=${RF_CHROMIUM:-$(command -v chromium)}
cd "$root/clients/console"  # the script and playwright-core live with the app
exec node bench/first_screen.mjs "${1:-20}"
