#!/usr/bin/env bash
# Install what the end-to-end tests drive; idempotent, and quick when all is there already.
#
# - npm packages pinned in package.json / package-lock.json (Postman's converter, newman,
#   playwright-core): `npm ci` when node_modules is missing or was not installed from this lock file.
#   playwright-core never downloads a browser; the tests use Debian's.
# - Debian's chromium (/usr/bin/chromium) through apt-get when it is missing.
#
# Without node/npm, or without root for apt-get, it says so and goes on: the e2e tests then
# skip with that reason (under CI=true they fail instead). A failed install fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bootstrap-e2e: %s\n' "$*" >&2; }

retry() { # retry N command...: a registry hiccup should not fail a 90-minute CI run
  local tries=$1 n=1
  shift
  until "$@"; do
    if ((n >= tries)); then return 1; fi
    say "attempt $n of '$*' failed; retrying in $((n * 5))s"
    sleep $((n * 5))
    n=$((n + 1))
  done
}

lock_hash() { sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1; }

npm_packages() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "node/npm not found: skipping npm packages (the Postman and browser tests will skip)"
    return 0
  fi
  local stamp=node_modules/.bill-sandbox-lock want
  want=$(lock_hash)
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
    return 0
  fi
  say "installing npm packages (npm ci)"
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  retry 3 npm ci --include=dev --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
}

chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    return 0
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      say "/usr/bin/chromium is missing and apt-get needs root: run 'apt-get install -y chromium' as root"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "/usr/bin/chromium is missing and this is no Debian/Ubuntu (no apt-get): the browser test will skip"
    return 0
  fi
  say "installing Debian's chromium (apt-get)"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o Acquire::Retries=3 -o DPkg::Lock::Timeout=300)
  retry 3 "${apt[@]}" update >/dev/null
  retry 2 "${apt[@]}" install -y chromium >/dev/null
  [[ -x /usr/bin/chromium ]] || {
    say "apt-get installed chromium but /usr/bin/chromium is not there"
    return 1
  }
}

npm_packages
chromium
