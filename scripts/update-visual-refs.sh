#!/usr/bin/env bash
# Rewrites the visual regression references (tests/fixtures/visual/) from the current build.
# Run it when a change is meant to alter what reports look like, then LOOK at every image that
# git reports as changed before committing them with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${REPORTD_BINARY:=$PWD/build/reportd}"
export REPORTD_BINARY
REPORTD_UPDATE_VISUAL=1 /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e/test_visual.py "$@"
git status --short tests/fixtures/visual/
