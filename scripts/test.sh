#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the unit and actor tests (ctest)
# and the end-to-end tests (pytest against the real binary, real SMTP, real SQLite files).
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || exit 1
./scripts/build.sh || exit 1

status=0
echo "== unit and actor tests (ctest)"
(cd build && ctest --output-on-failure -j2) || status=1

echo "== end-to-end tests (pytest)"
# Debian's python (with python3-pytest and python3-aiosmtpd), not any other python on PATH.
/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e "$@" || status=1

exit $status
