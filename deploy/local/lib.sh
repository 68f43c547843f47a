# Shared by the deploy/local scripts; sourced, not run.
# Paths: the repository root is $RF_ROOT; the local state (databases, keys,
# logs, env) lives in $RF_LOCAL_DIR, `.local/` unless set otherwise.

RF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RF_LOCAL_DIR=${RF_LOCAL_DIR:-$RF_ROOT/.local}
RF_BUILD_DIR=${RF_BUILD_DIR:-$RF_ROOT/build}
RF_BIN=$RF_BUILD_DIR/bin
RF_SERVICES=(identity drafting review publication notification)

say() { printf '%s\n' "$*" >&2; }
die() { say "错误: $*"; exit 1; }

# Prints a free TCP port on 127.0.0.1 (checked by trying to connect to it).
free_port() {
  # Below the kernel's ephemeral range (32768+), so that no outgoing
  # connection takes the port between choosing it and binding it; and never
  # one another stack on this machine chose in the last 15 minutes (test
  # stacks start side by side): a registry under a lock.
  local registry=${TMPDIR:-/tmp}/reportflow-ports now port lock
  now=$(date +%s)
  exec {lock}>>"$registry.lock"
  flock "$lock"
  touch "$registry"
  awk -v now="$now" '$2 > now - 900' "$registry" >"$registry.tmp" 2>/dev/null &&
    mv "$registry.tmp" "$registry"
  for _ in $(seq 1 500); do
    port=$(( (RANDOM % 12000) + 20000 ))
    if grep -q "^$port " "$registry"; then continue; fi
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port $now" >>"$registry"
      flock -u "$lock"
      exec {lock}>&-
      echo "$port"
      return 0
    fi
  done
  flock -u "$lock"
  exec {lock}>&-
  die "no free TCP port found"
}

# Prints a unix socket path for a database folder: inside it when short
# enough (the kernel limits socket paths to 107 bytes), else under /tmp.
socket_path() {
  local dir=$1
  local candidate="$dir/mysqld.sock"
  if [ ${#candidate} -lt 100 ]; then
    echo "$candidate"
  else
    echo "/tmp/reportflow-$(id -u)-$(printf '%s' "$dir" | sha256sum | cut -c1-12).sock"
  fi
}

random_secret() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }

# Whether the process with pid $1 runs: alive and not a zombie (a killed
# server whose parent is gone may linger as one until reaped).
pid_running() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
  [ "$state" != Z ] && [ "$state" != X ] && [ "$state" != gone ]
}

# Waits until the process with pid $1 is gone, up to $2 seconds; then kills it.
stop_pid() {
  local pid=$1 wait_seconds=${2:-15}
  pid_running "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((wait_seconds * 10))); do
    pid_running "$pid" || return 0
    sleep 0.1
  done
  say "进程 $pid 未在 ${wait_seconds} 秒内退出，强制结束"
  kill -KILL "$pid" 2>/dev/null || true
}

require_binaries() {
  for bin in "$@"; do
    [ -x "$RF_BIN/$bin" ] || die "找不到 $RF_BIN/$bin：请先运行 deploy/local/build"
  done
}
