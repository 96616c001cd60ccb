#!/usr/bin/env bash
# Installs the Debian packages cellqa builds against, only when one is missing,
# so `make demo` and `make test` work on a fresh Debian machine with Swift.
set -euo pipefail
# libopencv-dnn-dev: only for the optional ModelRuntime trait (`make test` runs its tests).
packages=(pkg-config libtiff-dev libsqlite3-dev libsystemd-dev libpng-dev zlib1g-dev libopencv-dnn-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
