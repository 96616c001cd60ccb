#!/usr/bin/env bash
# Callgrind profiles of the can slice analysis (im075, one RANSAC seed) and the quality
# gate (8 ring slices in memory). Release build with debug info, its own build folder
# so the ordinary release build stays as it is. Writes callgrind.out.* into
# $CELLQA_PROFILE_DIR (default /tmp/cellqa-profile) and prints the top entries.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"
data="${CELLQA_SHARED_DATA:-/work/shared/data/battery_xct_workflows}"
outdir="${CELLQA_PROFILE_DIR:-/tmp/cellqa-profile}"
build="${CELLQA_PROFILE_BUILD:-.build-profile}"
mkdir -p "$outdir"
# DWARF 4: valgrind 3.19 (Debian 12) cannot read the DWARF 5 that Swift 6 emits by default.
flags=(-c release -Xswiftc -g -Xswiftc -dwarf-version=4 --build-path "$build")
swift build "${flags[@]}" --product CellQABench
bin="$(swift build "${flags[@]}" --show-bin-path)/CellQABench"
for stage in can_slice quality; do
    if ! valgrind --tool=callgrind --callgrind-out-file="$outdir/callgrind.out.$stage" \
        "$bin" --stage "profile/$stage" --data "$data"; then
        # Still unreadable debug info: profile a copy without it (symbols only, no lines).
        objcopy --strip-debug "$bin" "$outdir/CellQABench-nodebug"
        valgrind --tool=callgrind --callgrind-out-file="$outdir/callgrind.out.$stage" \
            "$outdir/CellQABench-nodebug" --stage "profile/$stage" --data "$data"
    fi
    echo "== $stage: top entries (inclusive)"
    callgrind_annotate --inclusive=yes "$outdir/callgrind.out.$stage" | head -40
    echo "== $stage: top entries (self)"
    callgrind_annotate "$outdir/callgrind.out.$stage" | head -40
done
