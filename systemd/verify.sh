#!/bin/sh
# Checks the units offline: systemd-analyze verify (syntax, unknown keys,
# executables) and the hardening exposure score. systemd-analyze needs the
# ExecStart binary to exist, so the units are checked in a copy naming BINARY
# (default: the release build, else the debug build).
#
#   systemd/verify.sh [BINARY]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
binary=${1:-}
if [ -z "$binary" ]; then
    for candidate in "$repo/.build/release/cellqa" "$repo/.build/debug/cellqa"; do
        if [ -x "$candidate" ]; then binary=$candidate; break; fi
    done
fi
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    echo "verify.sh: no cellqa binary; build first or pass its path" >&2
    exit 1
fi
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary") # units need an absolute path
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in cellqa.service cellqa-report.service cellqa-report.timer cellqa-web.service; do
    sed "s|/usr/local/bin/cellqa|$binary|g" "$here/$unit" > "$work/$unit"
done
cd "$work"
# verify reports problems on stderr even when it exits 0 (unknown keys only warn).
if ! systemd-analyze verify --man=no ./cellqa.service ./cellqa-report.service ./cellqa-report.timer ./cellqa-web.service 2> verify.err \
   || [ -s verify.err ]; then
    cat verify.err >&2
    exit 1
fi
echo "systemd-analyze verify: no problems"
for unit in cellqa.service cellqa-report.service cellqa-web.service; do
    systemd-analyze security --offline=true "./$unit" 2>/dev/null | tail -n 1
done
