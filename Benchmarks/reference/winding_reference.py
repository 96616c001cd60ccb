"""Winding quality (METHOD.md step 5) with scikit-image, as the reference notebook 03 does,
on im_1.tif with mask_1.tif and with the classical segmentation of step 2.

Outputs expected/winding_im1.json. Run through run_all.sh (needs the venv of setup.sh).
"""
from __future__ import annotations

import sys

import numpy as np
from skimage.filters import threshold_otsu
from skimage.measure import find_contours, label
from skimage.morphology import dilation, erosion, remove_small_objects, star

from can_reference import ellipse_summary, fit_ls, fit_ransac, shoelace_area
from common import Stopwatch, provenance, read_raw, shared_data_dir, stats, write_json

CAN_THRESHOLD = 61000
CHUNK = 75
N_SEEDS = 20


def outer_can_points(image: np.ndarray) -> np.ndarray:
    """(x, y) points of the largest-area level-0.5 contour of image > CAN_THRESHOLD."""
    contours = find_contours((image > CAN_THRESHOLD).astype(float), 0.5)
    outer = max(contours, key=shoelace_area)
    return np.column_stack([outer[:, 1], outer[:, 0]]).astype(float)


def truncated_centre(params) -> tuple[int, int]:
    """(row, col) = (int(yc), int(xc)): Python int() truncates toward zero."""
    xc, yc = params[0], params[1]
    return int(yc), int(xc)


def unroll(seg: np.ndarray, centre: tuple[int, int]) -> dict:
    """Layers of the spiral: seam cut at 0 deg, 8-connected labels, reversed numbering,
    chunks of max(1, n // 75) angle-sorted pixels, per-layer line fit r = a + b*theta."""
    r0, c0 = centre
    rows, cols = np.indices(seg.shape)
    dy, dx = rows - r0, cols - c0
    radius = np.hypot(dy, dx)  # == EDT from the single centre pixel
    angle = (np.rad2deg(np.arctan2(dx, dy)) + 360.0) % 360.0
    seam = np.isclose(angle, 0.0)  # column c0, rows >= r0 (0 deg points down, +row)
    cut = seg & ~seam
    labels = label(cut, connectivity=2)
    n_labels = int(labels.max())
    reversed_labels = np.where(labels == 0, 0, n_labels + 1 - labels)

    layers = []
    for layer_id in range(1, n_labels + 1):
        sel = reversed_labels == layer_id
        a = angle[sel]  # raster (row-major) order, like boolean indexing in numpy
        r = radius[sel]
        order = np.argsort(a)  # numpy default quicksort (introsort), not stable
        a, r = a[order], r[order]
        n = a.size
        n_chunks = max(1, n // CHUNK)
        ca = [float(np.mean(x)) for x in np.array_split(a, n_chunks)]
        cr = [float(np.mean(x)) for x in np.array_split(r, n_chunks)]
        ct = [float(np.max(x) - np.min(x)) for x in np.array_split(r, n_chunks)]
        entry = {"layer": layer_id, "original_label": n_labels + 1 - layer_id,
                 "pixels": int(n), "chunks": n_chunks,
                 "mean_radius_px": float(r.mean()),
                 "angle_min_deg": float(a.min()), "angle_max_deg": float(a.max()),
                 "chunk_angles_deg": ca, "chunk_radii_px": cr, "chunk_thickness_px": ct}
        if n_chunks >= 2:
            slope, intercept = np.polyfit(np.asarray(ca), np.asarray(cr), 1)
            resid = np.asarray(cr) - (intercept + slope * np.asarray(ca))
            entry.update(slope_px_per_deg=float(slope), intercept_px=float(intercept),
                         rmse_px=float(np.sqrt(np.mean(resid ** 2))),
                         max_abs_error_px=float(np.max(np.abs(resid))))
        else:
            entry.update(slope_px_per_deg=None, intercept_px=None, rmse_px=None,
                         max_abs_error_px=None)
        layers.append(entry)

    by_radius = sorted(layers, key=lambda e: e["mean_radius_px"])
    fitted = [e for e in layers if e["rmse_px"] is not None]
    return {
        "centre_row_col": [r0, c0],
        "seam_pixels_removed": int((seg & seam).sum()),
        "segmented_pixels": int(seg.sum()),
        "layer_count": n_labels,
        "fitted_layer_count": len(fitted),
        "max_rmse_px": max((e["rmse_px"] for e in fitted), default=None),
        "max_max_abs_error_px": max((e["max_abs_error_px"] for e in fitted), default=None),
        "layers": layers,
        "by_radius": [{"rank": i + 1, "layer": e["layer"], "pixels": e["pixels"],
                       "mean_radius_px": e["mean_radius_px"], "rmse_px": e["rmse_px"],
                       "max_abs_error_px": e["max_abs_error_px"]}
                      for i, e in enumerate(by_radius)],
    }


def summary(u: dict) -> dict:
    """The unroll result without per-chunk arrays (for the secondary variants)."""
    out = {k: v for k, v in u.items() if k != "layers"}
    out["layers"] = [{k: v for k, v in e.items() if not k.startswith("chunk_")}
                     for e in u["layers"]]
    return out


def classical_segmentation(image: np.ndarray, electrode_threshold: float,
                           semantics: str) -> np.ndarray:
    """METHOD.md step 2: electrode = im > T; remove can (im > 61000) dilated by star(2);
    opening with star(1) (grey erosion then dilation on the 0/1 image); drop small objects."""
    casing = (image > CAN_THRESHOLD).astype(np.uint8)
    electrode = (image > electrode_threshold).astype(np.uint8)
    electrode[dilation(casing, star(2)) == 1] = 0
    cathode = dilation(erosion(electrode, star(1)), star(1)).astype(bool)
    if semantics == "pre-0.26":  # remove components of fewer than 64 px
        return remove_small_objects(cathode, min_size=64)
    return remove_small_objects(cathode, max_size=64)  # 0.26: 64 px or fewer


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / (a | b).sum())


def main() -> int:
    data = shared_data_dir()
    image = read_raw(data / "im_1.tif")
    mask = read_raw(data / "mask_1.tif") > 0
    timings = {}

    with Stopwatch() as sw:
        pts = outer_can_points(image)
    timings["can_contour"] = sw.seconds
    timings["can_contour_cpu"] = sw.cpu
    with Stopwatch() as sw:
        ls_params = fit_ls(pts)
    timings["ellipse_ls"] = sw.seconds
    seeds, fit_times, checks = [], [], []
    for seed in range(N_SEEDS):
        if seed == 0:  # scikit-image itself (timed), checked against the fast residuals
            with Stopwatch() as sw:
                params, n_in = fit_ransac(pts, 2000, seed)
            fit_times.append(sw.seconds)
            timings["ellipse_ransac_seed0_cpu"] = sw.cpu
            fparams, fn_in = fit_ransac(pts, 2000, seed, fast=True)
            checks.append({"seed": seed, "n_inliers_equal": fn_in == n_in,
                           "max_abs_param_diff": float(np.max(np.abs(
                               np.asarray(fparams) - np.asarray(params))))})
        else:
            params, n_in = fit_ransac(pts, 2000, seed, fast=True)
        e = ellipse_summary(params)
        e.update(seed=seed, n_inliers=n_in, centre_row_col=list(truncated_centre(params)))
        seeds.append(e)
    timings["ellipse_ransac_seed0"] = float(np.mean(fit_times))
    centres = sorted({tuple(s["centre_row_col"]) for s in seeds})
    centre_counts = {f"{r},{c}": sum(1 for s in seeds if tuple(s["centre_row_col"]) == (r, c))
                     for r, c in centres}
    ransac_centre = tuple(seeds[0]["centre_row_col"])
    ls_centre = truncated_centre(ls_params)

    with Stopwatch() as sw:
        main_result = unroll(mask, ransac_centre)
    timings["unroll_and_fit_mask1"] = sw.seconds
    timings["unroll_and_fit_mask1_cpu"] = sw.cpu
    by_centre = {f"{r},{c}": summary(unroll(mask, (r, c)))
                 for r, c in sorted(set(centres) | {ls_centre})}

    # Sensitivity to the centre: the 8 neighbouring integer centres.
    base = {e["layer"]: e for e in main_result["layers"]}
    neighbours = {}
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == 0 and dc == 0:
                continue
            c = (ransac_centre[0] + dr, ransac_centre[1] + dc)
            u = unroll(mask, c)
            same = u["layer_count"] == main_result["layer_count"]
            d_rmse = [abs(e["rmse_px"] - base[e["layer"]]["rmse_px"]) for e in u["layers"]
                      if same and e["rmse_px"] is not None
                      and base[e["layer"]]["rmse_px"] is not None]
            d_maxae = [abs(e["max_abs_error_px"] - base[e["layer"]]["max_abs_error_px"])
                       for e in u["layers"] if same and e["max_abs_error_px"] is not None
                       and base[e["layer"]]["max_abs_error_px"] is not None]
            neighbours[f"{c[0]},{c[1]}"] = {
                "layer_count": u["layer_count"], "fitted_layer_count": u["fitted_layer_count"],
                "layer_pixels": [e["pixels"] for e in u["layers"]],
                "max_rmse_px": u["max_rmse_px"], "max_max_abs_error_px": u["max_max_abs_error_px"],
                "max_abs_change_rmse_px": max(d_rmse) if d_rmse else None,
                "max_abs_change_max_abs_error_px": max(d_maxae) if d_maxae else None}

    # Classical segmentation: electrode threshold chosen by best IoU against mask_1.
    thresholds = list(range(30000, 60001, 250))
    curve = []
    for t in thresholds:
        seg = classical_segmentation(image, t, "0.26")
        curve.append(iou(seg, mask))
    best_t = thresholds[int(np.argmax(curve))]
    otsu = float(threshold_otsu(image))
    classical = {}
    for semantics in ("pre-0.26", "0.26"):
        with Stopwatch() as sw:
            seg = classical_segmentation(image, best_t, semantics)
        if semantics == "0.26":
            timings["classical_segmentation_cpu"] = sw.cpu
        u = unroll(seg, ransac_centre)
        classical[semantics] = {
            "segmentation_seconds": sw.seconds,
            "pixels": int(seg.sum()), "mask1_pixels": int(mask.sum()),
            "intersection": int((seg & mask).sum()), "iou_vs_mask1": iou(seg, mask),
            "only_classical": int((seg & ~mask).sum()), "only_mask1": int((mask & ~seg).sum()),
            "winding": summary(u) if semantics == "pre-0.26" else summary(u),
        }
    diff = classical_segmentation(image, best_t, "pre-0.26") ^ classical_segmentation(image, best_t, "0.26")

    # One slice the way the notebooks run it end to end (contour, scikit-image RANSAC
    # centre, classical segmentation, unroll + fits), timed as one block.
    with Stopwatch() as sw:
        slice_pts = outer_can_points(image)
        slice_params, _ = fit_ransac(slice_pts, 2000, 0)
        slice_seg = classical_segmentation(image, best_t, "0.26")
        unroll(slice_seg, truncated_centre(slice_params))
    timings["slice_pipeline"] = sw.seconds
    timings["slice_pipeline_cpu"] = sw.cpu

    result = {
        "settings": {"image": "im_1.tif", "mask": "mask_1.tif (raw > 0)",
                     "can_rule": f"im > {CAN_THRESHOLD}", "chunk_size": CHUNK,
                     "angle": "atan2(col - c0, row - r0) in degrees mapped to [0, 360)",
                     "seam": "np.isclose(angle, 0) removed before labelling",
                     "labelling": "skimage.measure.label connectivity=2, numbering reversed",
                     "fit": "np.polyfit(chunk mean angle deg, chunk mean radius px, 1)",
                     "centre": "RANSAC ellipse (min_samples 5, residual 1, max_trials 2000, rng=0) "
                               "of the outer can contour, (int(yc), int(xc))"},
        "can_ellipse": {"outer_contour_points": int(len(pts)),
                        "ls": ellipse_summary(ls_params), "ls_centre_row_col": list(ls_centre),
                        "ransac_seed0": seeds[0],
                        "ransac_spread": {k: stats([s[k] for s in seeds]) for k in
                                          ("xc", "yc", "A", "B", "theta", "eccentricity",
                                           "n_inliers")},
                        "truncated_centres_over_seeds": centre_counts,
                        "seeds_fitted_with_scikit_image_residuals": [0],
                        "fast_residual_check": checks,
                        "per_seed": seeds},
        "mask1": main_result,
        "mask1_by_centre": by_centre,
        "mask1_centre_neighbours": neighbours,
        "classical": {
            "electrode_threshold": best_t,
            "electrode_threshold_rule": "argmax IoU vs mask_1 over 30000..60000 step 250 "
                                        "(0.26 small-object semantics)",
            "iou_curve": {str(t): v for t, v in zip(thresholds, curve)},
            "otsu_threshold_of_image": otsu,
            "morphology_note": "skimage grey erosion/dilation with star footprints on the 0/1 "
                               "uint8 image (skimage default mode: out-of-image pixels do not "
                               "erode or dilate)",
            "small_object_semantics_pixels_differing": int(diff.sum()),
            "by_semantics": classical,
        },
        "timings_s": timings,
        "provenance": provenance(),
    }
    write_json("winding_im1.json", result)

    m = main_result
    print(f"centre (RANSAC seed 0) {ransac_centre}, LS {ls_centre}, over seeds {centre_counts}")
    print(f"mask_1: {m['layer_count']} layers, {m['fitted_layer_count']} fitted, "
          f"max rmse {m['max_rmse_px']:.3f} max maxae {m['max_max_abs_error_px']:.3f}")
    for e in m["layers"]:
        print(f"  L{e['layer']:2d} n={e['pixels']:5d} chunks={e['chunks']:3d} "
              f"r={e['mean_radius_px']:7.2f} rmse={e['rmse_px']} maxae={e['max_abs_error_px']}")
    for s, c in classical.items():
        w = c["winding"]
        print(f"classical {s}: T={best_t} px {c['pixels']} IoU {c['iou_vs_mask1']:.4f} "
              f"layers {w['layer_count']} max rmse {w['max_rmse_px']} max maxae {w['max_max_abs_error_px']}")
    print("timings", timings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
