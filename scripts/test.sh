#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need beyond JDK 17 and Maven, then runs
# `mvn -B verify` (extra arguments are passed to Maven). ReportBrowserTest renders the report in headless
# Chromium (Debian's package), installed with apt-get when the machine lacks it, which needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "test.sh: chromium is missing and installing it needs root or sudo" >&2; exit 2; }
    sudo=(sudo)
  fi
  ${sudo[@]+"${sudo[@]}"} apt-get update
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
mvn -B verify "$@"
