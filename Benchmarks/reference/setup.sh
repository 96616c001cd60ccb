#!/usr/bin/env bash
# Creates the reference-implementation venv at Benchmarks/reference/.venv
# (gitignored) and installs the pinned packages of requirements.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
if [ ! -x "$here/.venv/bin/python" ]; then
    "$python" -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -m pip install --quiet --upgrade pip
"$here/.venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$here/.venv/bin/python" - <<'PY'
import numpy, scipy, skimage, tifffile
print("numpy", numpy.__version__, "scipy", scipy.__version__,
      "scikit-image", skimage.__version__, "tifffile", tifffile.__version__)
PY
