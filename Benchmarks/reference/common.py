"""Shared helpers of the cellqa reference implementation (Python + scikit-image).

Written for cellqa from /work/shared/METHOD.md; it reproduces the semantics of the
battery_xct_workflows notebooks so that the Swift implementation can be checked
against the same library calls (find_contours, draw.polygon, EDT, EllipseModel,
ransac, label, array_split, polyfit).
"""
from __future__ import annotations

import json
import os
import platform
import time
import warnings
from pathlib import Path

import numpy as np
import scipy
import skimage
import tifffile

# scikit-image 0.26 deprecates EllipseModel() / .estimate / .params (FutureWarning);
# we call them deliberately because the reference notebooks do.
warnings.filterwarnings("ignore", category=FutureWarning)

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"


def shared_data_dir() -> Path:
    """Example data folder: $CELLQA_SHARED_DATA or /work/shared/data/battery_xct_workflows."""
    return Path(os.environ.get("CELLQA_SHARED_DATA",
                               "/work/shared/data/battery_xct_workflows"))


def read_raw(path: Path) -> np.ndarray:
    """Raw TIFF samples as tifffile gives them (no photometric interpretation)."""
    return tifffile.imread(str(path))


def provenance() -> dict:
    return {
        "generated_by": "Benchmarks/reference (cellqa reference implementation)",
        "generated_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit_image": skimage.__version__,
        "tifffile": tifffile.__version__,
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "openblas_env": {k: os.environ.get(k) for k in
                         ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                          "OMP_NUM_THREADS")},
        "data_dir": str(shared_data_dir()),
        "load_average_1_5_15": list(os.getloadavg()),
        "timing_note": "wall-clock on a 2-core machine shared with other builds; "
                       "*_cpu fields are this process's CPU seconds",
    }


def stats(values) -> dict:
    a = np.asarray(values, dtype=float)
    return {"min": float(a.min()), "max": float(a.max()),
            "mean": float(a.mean()), "std": float(a.std()), "n": int(a.size)}


def write_json(name: str, obj: dict) -> Path:
    EXPECTED.mkdir(parents=True, exist_ok=True)
    path = EXPECTED / name
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, default=_to_builtin)
        f.write("\n")
    return path


def _to_builtin(o):
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(type(o))


class Stopwatch:
    """Wall-clock seconds (time.perf_counter) and this process's CPU seconds
    (time.process_time; robust when the shared machine is busy)."""

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.c0 = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.c0
        return False
