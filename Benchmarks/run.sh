#!/usr/bin/env bash
# `make bench`: builds release, times every cellqa stage on the example data and on a
# production-size phantom (each stage in its own process: wall, CPU, peak RSS), runs the
# scikit-image reference in the same run, prints the comparison table and writes
# Benchmarks/results/<UTC date>.json.
#
#   --quick          200-slice phantom instead of 1000×1000×2000 (~4 GB), reference quick
#                    (the reference's can volume runs on every CELLQA_REF_STRIDE-th slice,
#                    default 10, and is extrapolated to 100 slices)
#   --no-reference   reuse the stored reference/expected/timings.json
#   --no-phantom     example data only
#   --reps N         repetitions per example stage (median reported; default 3)
#   CELLQA_SHARED_DATA   example data (default: ../shared/data/battery_xct_workflows
#                        beside the repo, then /work/shared/data/battery_xct_workflows)
#   CELLQA_BENCH_CACHE   phantom cache (default /tmp/cellqa-bench; generated once, reused)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

quick=0; reference=1; bench_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; bench_args+=(--quick) ;;
        --no-reference) reference=0 ;;
        --no-phantom) bench_args+=(--no-phantom) ;;
        --no-example) bench_args+=(--no-example) ;;
        --reps) bench_args+=(--reps "$2"); shift ;;
        --phantom-reps) bench_args+=(--phantom-reps "$2"); shift ;;
        -h|--help) sed -n 2,14p "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

data="${CELLQA_SHARED_DATA:-}"
if [ -z "$data" ]; then
    for d in "$repo/../shared/data/battery_xct_workflows" /work/shared/data/battery_xct_workflows; do
        [ -d "$d" ] && { data="$(cd "$d" && pwd)"; break; }
    done
fi
if [ -n "$data" ] && [ -d "$data" ]; then
    bench_args+=(--data "$data")
    export CELLQA_SHARED_DATA="$data"
else
    echo "example data not found (set CELLQA_SHARED_DATA): example stages and the reference are skipped"
    reference=0
fi

echo "== build (release)"
swift build -c release --product CellQABench
bin="$(swift build -c release --show-bin-path)/CellQABench"

timings="$here/reference/expected/timings.json"
if [ "$reference" = 1 ]; then
    echo "== scikit-image reference (Benchmarks/reference/run_all.sh)"
    if [ "$quick" = 1 ]; then
        CELLQA_REF_QUICK=1 "$here/reference/run_all.sh"
    else
        # The 100-slice can volume on every 10th slice, extrapolated (about 7 CPU-s a
        # slice in scikit-image): the whole reference then runs in minutes, in this run.
        CELLQA_REF_STRIDE="${CELLQA_REF_STRIDE:-10}" "$here/reference/run_all.sh"
    fi
else
    echo "== reference: reusing $timings"
fi

suffix=""; [ "$quick" = 1 ] && suffix="-quick"
out="$here/results/$(date -u +%Y-%m-%d)$suffix.json"
echo "== cellqa stages"
"$bin" "${bench_args[@]}" --cache "${CELLQA_BENCH_CACHE:-/tmp/cellqa-bench}" --reference "$timings" --out "$out"
