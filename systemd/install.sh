#!/bin/sh
# Installs cellqa: the binary, the systemd units, tmpfiles and sysusers entries,
# and the example configuration (never overwriting an existing one).
#
#   swift build -c release && sudo systemd/install.sh
#   DESTDIR=/tmp/stage PREFIX=/usr systemd/install.sh      # staged (packaging)
#
# Variables: PREFIX (/usr/local), DESTDIR (empty), BINARY (.build/release/cellqa),
# UNITDIR (/etc/systemd/system), CONFDIR (/etc/cellqa).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
BINARY=${BINARY:-$repo/.build/release/cellqa}
UNITDIR=${UNITDIR:-/etc/systemd/system}
CONFDIR=${CONFDIR:-/etc/cellqa}

if [ ! -x "$BINARY" ]; then
    echo "install.sh: no cellqa binary at $BINARY: run 'swift build -c release' first (or set BINARY=)" >&2
    exit 1
fi

install -d "$DESTDIR$PREFIX/bin" "$DESTDIR$UNITDIR" "$DESTDIR/etc/tmpfiles.d" "$DESTDIR/etc/sysusers.d" "$DESTDIR$CONFDIR"
install -m 0755 "$BINARY" "$DESTDIR$PREFIX/bin/cellqa"

# Units name /usr/local/bin/cellqa and /etc/cellqa; rewrite for other places.
for unit in cellqa.service cellqa-report.service cellqa-report.timer cellqa-web.service; do
    sed -e "s|/usr/local/bin/cellqa|$PREFIX/bin/cellqa|g" -e "s|/etc/cellqa/|$CONFDIR/|g" \
        "$here/$unit" > "$DESTDIR$UNITDIR/$unit"
    chmod 0644 "$DESTDIR$UNITDIR/$unit"
done
install -m 0644 "$here/cellqa.tmpfiles.conf" "$DESTDIR/etc/tmpfiles.d/cellqa.conf"
install -m 0644 "$here/cellqa.sysusers.conf" "$DESTDIR/etc/sysusers.d/cellqa.conf"

# Configuration: the example only where none exists, so an upgrade keeps the site's.
if [ -f "$repo/config/cellqa.toml" ] && [ ! -e "$DESTDIR$CONFDIR/cellqa.toml" ]; then
    install -m 0644 "$repo/config/cellqa.toml" "$DESTDIR$CONFDIR/cellqa.toml"
    echo "installed example configuration $CONFDIR/cellqa.toml: set [folders] export before starting"
fi
if [ -d "$repo/config/tolerances" ] && [ ! -e "$DESTDIR$CONFDIR/tolerances" ]; then
    cp -R "$repo/config/tolerances" "$DESTDIR$CONFDIR/tolerances"
fi

# On the live system (no DESTDIR) with systemd running: create the user and
# folders and make systemd see the units.
if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then
    systemd-sysusers cellqa.conf
    systemd-tmpfiles --create cellqa.conf
    systemctl daemon-reload
    echo "installed; start with: systemctl enable --now cellqa.service cellqa-report.timer"
else
    echo "installed into ${DESTDIR:-/}; on the target run: systemd-sysusers cellqa.conf; systemd-tmpfiles --create cellqa.conf; systemctl daemon-reload"
fi
