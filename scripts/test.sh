#!/usr/bin/env bash
# THE test command (`npm test`, also what .ci/run and CI call). It works from a clean clone on a
# fresh Debian machine with Node 20: installs what is missing, runs vitest, and ends with exactly
# one closing line "N passed, N failed[, N skipped]". Extra arguments go to vitest, e.g.
#   npm test -- test/unit/tooling
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# Debian packages whose real servers the tests start (a test never passes by skipping them).
# Extend this list when a test needs another package.
DEBIAN_PACKAGES="nginx prometheus postgresql lcov"

log() { printf 'test.sh: %s\n' "$*"; }

# --- npm dependencies ------------------------------------------------------------------------
# `npm ci` when node_modules is missing or was installed from another lock file. The stamp holds
# a hash of package.json and package-lock.json as of the last install.
install_node_modules() {
  local stamp=node_modules/.elder-install-stamp want
  want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  if [ -d node_modules ] && [ ! -f "$stamp" ] && npm ls --all > /dev/null 2>&1; then
    # Installed before this stamp existed and npm finds the tree complete: adopt it rather than
    # reinstalling under a running editor or another test run.
    printf '%s\n' "$want" > "$stamp"
    return 0
  fi
  log "node_modules is missing or stale: running npm ci"
  # esbuild's install script is denied in package.json (allowScripts); npm may warn about it.
  npm ci --no-audit --no-fund || return 1
  printf '%s\n' "$want" > "$stamp"
}

# --- Debian packages -------------------------------------------------------------------------
package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2> /dev/null | grep -q 'install ok installed'
}

install_debian_packages() {
  if ! command -v dpkg-query > /dev/null 2>&1; then
    log "not a Debian system: cannot check for $DEBIAN_PACKAGES; tests needing them will fail"
    return 0
  fi
  local missing=() pkg
  for pkg in $DEBIAN_PACKAGES; do package_installed "$pkg" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
      sudo=(sudo) # e.g. GitHub-hosted runners: passwordless sudo
    else
      log "not root and no passwordless sudo: skipping apt-get install of ${missing[*]}; tests needing them will fail"
      return 0
    fi
  fi

  log "installing Debian packages: ${missing[*]}"
  # Keep the packages' own services from starting on install (Debian's policy-rc.d protocol):
  # they would hold the ports the tests use and outlive the run. Tests start their own servers.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" > /dev/null && "${sudo[@]}" chmod 755 "$policy" && added_policy=1
  fi
  # Wait for a dpkg lock held by another install (unattended upgrades, a parallel run).
  local status=0 wait_lock=(-o DPkg::Lock::Timeout=600)
  "${sudo[@]}" apt-get "${wait_lock[@]}" update -qq || status=$?
  if [ $status -eq 0 ]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" || status=$?
  fi
  [ $added_policy -eq 1 ] && "${sudo[@]}" rm -f "$policy"
  return $status
}

# Developers' `npm install` runs take this same lock; wait rather than install under each other.
if command -v flock > /dev/null 2>&1; then
  exec 9> "${TMPDIR:-/tmp}/npm.lock"
  flock 9
fi
install_node_modules || { log "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
exec 9>&-
install_debian_packages || log "apt-get failed (status $?); tests needing ${DEBIAN_PACKAGES} will fail"

# --- tests -----------------------------------------------------------------------------------
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

npx vitest run --reporter=default --reporter=json --outputFile.json="$work/vitest.json" "$@"
vitest_status=$?

node scripts/vitest-summary.mjs "$work/vitest.json" --vitest-exit-code "$vitest_status"
summary_status=$?

if [ $vitest_status -ne 0 ]; then exit $vitest_status; fi
exit $summary_status
