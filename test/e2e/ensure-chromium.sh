#!/usr/bin/env bash
# Runs before `npm test` (the `pretest` script): the e2e and security tests drive Debian's Chromium through
# playwright-core (never a downloaded browser). Installs it from Debian's packages when /usr/bin/chromium (or
# $LEADFORGE_CHROMIUM) is missing; uses sudo when not root. Prints the version it will use.
set -euo pipefail
CHROMIUM="${LEADFORGE_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "Installing Debian's chromium for the end-to-end tests…"
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi
"$CHROMIUM" --version
