#!/usr/bin/env bash
# Installs what the bench suite needs beyond scripts/install-deps.sh (Debian 12 packages only).
# Kept out of the project's install list: a reportd user never needs a browser or nginx.
set -euo pipefail
# postgresql: the three-instances scenario runs its own server (initdb + pg_ctl, bench/lib/pg_server.py).
packages=(wrk nginx-light chromium python3-matplotlib python3-aiosmtpd libbenchmark-dev sqlite3 procps postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# apt's resolver sometimes finds no solution for the whole list at once (seen on Debian 12:
# nginx-light + chromium + python3-matplotlib together pull libboost1.74-dev against the
# project's libboost1.81-dev) while every package alone installs: then one at a time.
if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  for p in "${missing[@]}"; do
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$p"
  done
fi
