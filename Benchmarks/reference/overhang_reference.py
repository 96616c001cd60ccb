"""Angular reslicing for overhangs (METHOD.md step 3.1), as the reference notebook 01 does it,
and the faster central-line sampling that cellqa uses instead; timing of both.

Reference: scipy.ndimage.rotate of the whole (z, y, x) volume about axes (1, 2), angle
0, 5, ... 175 deg, bilinear (order=1), reshape=False, constant 0 outside; keep row
int(shape[1] / 2) of each rotated volume (the rotation centre itself is (shape - 1) / 2).
Line variant: the same samples taken directly with map_coordinates along that one row
(identical numbers when the axis is the array centre), and along the line through the
measured can axis. Sections go to $CELLQA_REF_TMP (default /tmp/cellqa_ref_sections) as
.npy; only the timing/summary JSON is kept in expected/.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
from scipy import ndimage

from can_reference import ellipse_summary, fit_ls, shoelace_area
from common import Stopwatch, provenance, read_raw, shared_data_dir, write_json
from skimage.measure import find_contours

ANGLES = list(range(0, 180, 5))


def load_volume(folder: Path) -> np.ndarray:
    files = sorted(f for f in folder.iterdir() if f.suffix.lower() == ".tif")
    return np.stack([read_raw(f) for f in files])


def reference_sections(vol: np.ndarray) -> np.ndarray:
    """36 sections by full-volume rotation (what the notebook does)."""
    row = int(vol.shape[1] / 2)
    out = []
    for angle in ANGLES:
        rotated = ndimage.rotate(vol, angle, axes=(1, 2), reshape=False, order=1)
        out.append(rotated[:, row, :].astype(np.uint8))
    return np.stack(out)


def line_sections(vol: np.ndarray, centre_rc=None) -> np.ndarray:
    """36 sections sampling only the needed line of each rotated slice.

    scipy's rotate maps output (r, c) to input M @ ((r, c) - oc) + ic with
    M = [[cos, sin], [-sin, cos]] and oc = ic = (shape - 1) / 2. For the central output row
    r = int(H / 2) this is a straight line; with centre_rc given, the line instead passes
    through that (row, col) point at the same offset (so it passes the axis itself when
    the offset is zero)."""
    depth, h, w = vol.shape
    ic = np.array([(h - 1) / 2.0, (w - 1) / 2.0])
    row = int(h / 2)
    centre = ic if centre_rc is None else np.asarray(centre_rc, float)
    dr = row - ic[0] if centre_rc is None else 0.0  # reference keeps the half-pixel offset
    cols = np.arange(w) - ic[1]
    out = np.empty((len(ANGLES), depth, w), dtype=vol.dtype)
    z = np.arange(depth, dtype=float)[:, None] * np.ones((1, w))
    for k, angle in enumerate(ANGLES):
        t = np.deg2rad(angle)
        c, s = np.cos(t), np.sin(t)
        rr = centre[0] + c * dr + s * cols
        cc = centre[1] - s * dr + c * cols
        coords = np.stack([z, np.broadcast_to(rr, (depth, w)), np.broadcast_to(cc, (depth, w))])
        out[k] = ndimage.map_coordinates(vol, coords, order=1, mode="constant", cval=0)
    return out


def can_axis_centre(vol: np.ndarray) -> tuple[float, float]:
    """(row, col) of the LS ellipse centre of the outer can contour (im > 100), mean over
    slices 0, 49, 99 (the can axis; the reference ignores it)."""
    centres = []
    for i in (0, vol.shape[0] // 2 - 1, vol.shape[0] - 1):
        contours = find_contours((vol[i] > 100).astype(float), 0.5)
        outer = max(contours, key=shoelace_area)
        e = ellipse_summary(fit_ls(np.column_stack([outer[:, 1], outer[:, 0]])))
        centres.append((e["yc"], e["xc"]))
    return tuple(float(v) for v in np.mean(centres, axis=0))


def main() -> int:
    data = shared_data_dir()
    tmp = Path(os.environ.get("CELLQA_REF_TMP", "/tmp/cellqa_ref_sections"))
    tmp.mkdir(parents=True, exist_ok=True)
    with Stopwatch() as sw:
        vol = load_volume(data / "cell_vol")
    t_load = sw.seconds

    with Stopwatch() as sw:
        ref = reference_sections(vol)
    t_ref = sw.seconds
    with Stopwatch() as sw:
        line = line_sections(vol)
    t_line = sw.seconds
    axis = can_axis_centre(vol)
    with Stopwatch() as sw:
        line_axis = line_sections(vol, axis)
    t_axis = sw.seconds

    np.save(tmp / "sections_reference_rotate.npy", ref)
    np.save(tmp / "sections_line_array_centre.npy", line)
    np.save(tmp / "sections_line_can_axis.npy", line_axis)

    diff = np.abs(ref.astype(int) - line.astype(int))
    h, w = vol.shape[1:]
    centre_offset = np.hypot(axis[0] - (h - 1) / 2, axis[1] - (w - 1) / 2)
    result = {
        "settings": {"volume": "cell_vol", "shape_zyx": list(vol.shape), "angles_deg": ANGLES,
                     "reference": "scipy.ndimage.rotate(vol, angle, axes=(1,2), reshape=False, "
                                  "order=1), row int(H/2), cast to uint8",
                     "line": "map_coordinates(order=1, mode='constant') along that row only",
                     "sections_dir": str(tmp)},
        "line_vs_reference": {"max_abs_diff": int(diff.max()),
                              "pixels_differing": int(np.count_nonzero(diff)),
                              "pixels_total": int(diff.size)},
        "can_axis_row_col": list(axis),
        "array_rotation_centre_row_col": [(h - 1) / 2, (w - 1) / 2],
        "can_axis_offset_from_array_centre_px": float(centre_offset),
        "section_checksums": {
            "reference_sum": int(ref.astype(np.int64).sum()),
            "reference_mean_per_angle": [float(x) for x in ref.reshape(len(ANGLES), -1).mean(1)],
            "line_can_axis_sum": int(line_axis.astype(np.int64).sum()),
        },
        "timings_s": {"load_volume": t_load, "reference_full_rotation": t_ref,
                      "line_array_centre": t_line, "line_can_axis": t_axis,
                      "speedup_line_vs_rotation": t_ref / t_line},
        "provenance": provenance(),
    }
    write_json("overhang_sections.json", result)
    print(f"rotation {t_ref:.2f} s, line {t_line:.3f} s (x{t_ref / t_line:.0f}); "
          f"line vs reference max diff {diff.max()} on {np.count_nonzero(diff)} px; "
          f"can axis {axis}, {centre_offset:.2f} px from the rotation centre")
    return 0


if __name__ == "__main__":
    sys.exit(main())
