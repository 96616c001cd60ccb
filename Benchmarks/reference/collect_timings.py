"""Gathers the timing fields of expected/*.json into expected/timings.json."""
from __future__ import annotations

import json
import sys

from common import EXPECTED, provenance, write_json


def load(name):
    path = EXPECTED / name
    return json.loads(path.read_text()) if path.exists() else None


def main() -> int:
    out = {"unit": "seconds", "provenance": provenance()}
    for name in ("can_im075", "can_ellipse_dent"):
        r = load(f"{name}.json")
        if r:
            out[name] = r["timings_s"]
    vol = load("can_volume.json")
    if vol:
        out["can_volume_100_slices"] = vol["timings_s"]
    w = load("winding_im1.json")
    if w:
        out["winding_im1"] = w["timings_s"]
    o = load("overhang_sections.json")
    if o:
        out["overhang_sections"] = o["timings_s"]
    q = load("quality_tilt.json")
    if q:
        out["quality_tilt_ls_100_slices"] = q["timings_s"]
    write_json("timings.json", out)
    print(json.dumps({k: v for k, v in out.items() if k != "provenance"}, indent=1)[:3000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
