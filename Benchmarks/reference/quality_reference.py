"""Tilt precondition (METHOD.md step 1): can centre per slice of cell_vol by ellipse fit to
the outer can contour (im > 100), regressed against slice index.

Least-squares fit per slice (deterministic); the seeded RANSAC centres of every slice are in
can_volume.json. Slice spacing: axis 0 of cell_vol was down-sampled by 2, so one slice step
is 2 x 0.03397 mm while in-plane pixels are 0.03397 mm.
Output: expected/quality_tilt.json.
"""
from __future__ import annotations

import math
import sys

import numpy as np
from skimage.measure import find_contours

from can_reference import ellipse_summary, fit_ls, shoelace_area
from common import Stopwatch, provenance, read_raw, shared_data_dir, write_json

PX_MM = 0.03397
SLICE_STEP_PX = 2.0  # slice spacing in in-plane pixels


def main() -> int:
    files = sorted((shared_data_dir() / "cell_vol").glob("im*.tif"))
    rows = []
    with Stopwatch() as total:
        for i, f in enumerate(files):
            contours = find_contours((read_raw(f) > 100).astype(float), 0.5)
            # Only slices where the can mask is a clean ring (exactly an outer and an inner
            # contour): the top slices hold the cap and tabs, where "largest contour" is not
            # the can wall.
            if len(contours) != 2:
                continue
            outer = max(contours, key=shoelace_area)
            e = ellipse_summary(fit_ls(np.column_stack([outer[:, 1], outer[:, 0]])))
            rows.append({"index": i, "slice": f.name, "xc": e["xc"], "yc": e["yc"],
                         "A": e["A"], "B": e["B"], "eccentricity": e["eccentricity"]})
    fits = regress(rows)
    block = [r for r in rows if r["index"] >= 56]  # contiguous ring block im057..im100
    fits_block = regress(block)
    sx = fits["xc"]["slope_px_per_slice"] / SLICE_STEP_PX
    sy = fits["yc"]["slope_px_per_slice"] / SLICE_STEP_PX
    tilt_deg = math.degrees(math.atan(math.hypot(sx, sy)))
    bx = fits_block["xc"]["slope_px_per_slice"] / SLICE_STEP_PX
    by = fits_block["yc"]["slope_px_per_slice"] / SLICE_STEP_PX
    result = {
        "settings": {"mask_rule": "im > 100", "fit": "EllipseModel least squares on the outer "
                     "level-0.5 contour", "slice_selection": "slices whose mask has exactly two "
                     "level-0.5 contours (clean ring)", "slice_step_in_pixels": SLICE_STEP_PX,
                     "pixel_size_mm": PX_MM, "slices_used": len(rows),
                     "slice_indices_used": [r["index"] for r in rows]},
        "regression": fits,
        "tilt_deg": tilt_deg,
        "tilt_x_deg": math.degrees(math.atan(sx)),
        "tilt_y_deg": math.degrees(math.atan(sy)),
        "axis_drift_px_per_100_slices": math.hypot(fits["xc"]["slope_px_per_slice"],
                                                   fits["yc"]["slope_px_per_slice"]) * 100,
        "block_im057_im100": {"regression": fits_block, "slices": len(block),
                              "tilt_deg": math.degrees(math.atan(math.hypot(bx, by)))},
        "slices": rows,
        "timings_s": {"total": total.seconds, "total_cpu": total.cpu,
                      "per_slice_read": total.seconds / len(files), "slices_read": len(files)},
        "provenance": provenance(),
    }
    write_json("quality_tilt.json", result)
    print(f"tilt {tilt_deg:.4f} deg (x {result['tilt_x_deg']:.4f}, y {result['tilt_y_deg']:.4f}) "
          f"over {len(rows)} ring slices; block 57-100: "
          f"{result['block_im057_im100']['tilt_deg']:.4f} deg; "
          f"xc slope {fits['xc']['slope_px_per_slice']:.4f} px/slice, "
          f"yc slope {fits['yc']['slope_px_per_slice']:.4f} px/slice; {total.seconds:.1f} s")
    return 0


def regress(rows) -> dict:
    z = np.array([r["index"] for r in rows], float)
    fits = {}
    for key in ("xc", "yc"):
        v = np.array([r[key] for r in rows])
        slope, intercept = np.polyfit(z, v, 1)
        resid = v - (intercept + slope * z)
        fits[key] = {"slope_px_per_slice": float(slope), "intercept_px": float(intercept),
                     "rmse_px": float(np.sqrt(np.mean(resid ** 2))),
                     "range_px": float(v.max() - v.min())}
    return fits


if __name__ == "__main__":
    sys.exit(main())
