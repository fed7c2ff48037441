#!/usr/bin/env bash
# Installs every Debian 12 package reportd needs to build, run and test.
# Idempotent: packages already present are skipped by apt-get itself.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  libcaf-dev libboost1.81-dev libsimdjson-dev libcurl4-openssl-dev libspdlog-dev
  catch2 libsqlite3-dev libpq-dev libcairo2-dev libpango1.0-dev libgmime-3.0-dev
  libhowardhinnant-date-dev libyaml-cpp-dev libssl-dev zlib1g-dev libzip-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libmd4c-dev
  fonts-dejavu-core fonts-noto-cjk tzdata sqlite3
  python3 python3-pytest python3-aiosmtpd poppler-utils python3-pil python3-numpy
  prometheus prometheus-node-exporter openssl postgresql
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
