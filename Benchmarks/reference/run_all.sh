#!/usr/bin/env bash
# Runs the whole reference implementation and writes expected/*.json and
# expected/timings.json. Creates the venv first if needed (setup.sh).
#   CELLQA_SHARED_DATA  example data folder (default /work/shared/data/battery_xct_workflows)
#   CELLQA_REF_QUICK=1  skip the 100-slice can run (about 25 s per slice: RANSAC residuals
#                       and polygon filling in scikit-image are slow)
# OPENBLAS_* are left as the machine sets them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
[ -x .venv/bin/python ] || ./setup.sh
py=.venv/bin/python

if [ "${CELLQA_REF_QUICK:-0}" = "1" ]; then
    $py can_reference.py --no-volume
else
    $py can_reference.py
fi
$py winding_reference.py
$py overhang_reference.py
$py quality_reference.py
$py collect_timings.py
