#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the unit and actor tests (ctest)
# and the end-to-end tests (pytest against the real binary, real SMTP, real SQLite files),
# then the end-to-end tests again with every server on a real PostgreSQL (started by the
# tests from initdb in a temporary folder). REPORTD_E2E_DATABASES="sqlite3" runs one pass.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || exit 1
./scripts/build.sh || exit 1

status=0
echo "== unit and actor tests (ctest)"
(cd build && ctest --output-on-failure -j2) || status=1

for database in ${REPORTD_E2E_DATABASES:-sqlite3 postgres}; do
  echo "== end-to-end tests on $database (pytest)"
  # Debian's python (with python3-pytest and python3-aiosmtpd), not any other python on PATH.
  REPORTD_E2E_DATABASE=$database /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e "$@" || status=1
done

exit $status
