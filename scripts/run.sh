#!/usr/bin/env bash
# Installs what is missing, builds, and starts reportd with its embedded defaults:
# data folder ./data, SQLite, mail spooled to ./data/outbox, TestData, port 3300.
# Extra arguments go to reportd (e.g. --port 8080, --config reportd.ini).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
echo "building reportd (first time: a few minutes)..."
./scripts/build.sh
exec ./build/reportd --data ./data "$@"
