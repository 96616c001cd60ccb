#!/usr/bin/env python3
"""Writes NRRD files with pynrrd (the reference Python reader/writer), for cellqa's
reader to be checked against a writer it did not write itself.

    scripts/make-nrrd-fixtures.py [OUT]    (default: .build/fixtures/pynrrd)

The voxels follow RawFixtures.value in Tests/VolumeIOTests/RawFixtures.swift, so the
Swift test knows every value; manifest.json lists each file with its type, byte
order, encoding and spacings. Without pynrrd it prints why and exits 0: the tests
that need the files skip, saying so.
"""
import json
import os
import sys

try:
    import numpy as np
    import nrrd
except ImportError as error:
    print(f"make-nrrd-fixtures: {error}; pynrrd fixture tests will skip (pip install pynrrd)")
    sys.exit(0)

W, H, D = 5, 4, 3
N = W * H * D


def value(kind, i):
    """RawFixtures.value for voxel index i = x + W*(y + H*z)."""
    last = N - 1
    if kind == "uint8":
        return 255 if i == last else (i * 37 + 3) % 251
    if kind == "uint16":
        return 0 if i == 0 else 65535 if i == last else (0x0102 + i * 1009) % 65534
    if kind == "int16":
        return -32768 if i == 0 else 32767 if i == last else (i * 613) % 60000 - 20000
    if kind == "float32":
        return -3.0e38 if i == 0 else 1.5e30 if i == last else float(np.float32(i * 12.375 - 100.0625))
    raise ValueError(kind)


def volume(kind, endian):
    """Shape (x, y, z), written with index_order='F' so x varies fastest on disk;
    pynrrd writes the array's own byte order (its `endian` header key is ignored)."""
    data = np.zeros((W, H, D), dtype=np.dtype(kind).newbyteorder(">" if endian == "big" else "<"))
    for z in range(D):
        for y in range(H):
            for x in range(W):
                data[x, y, z] = value(kind, x + W * (y + H * z))
    return data


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(".build", "fixtures", "pynrrd")
    os.makedirs(out, exist_ok=True)
    spacings = [0.034, 0.034, 0.068]
    manifest = []
    for kind in ["uint8", "uint16", "int16", "float32"]:
        for endian in ["little", "big"]:
            if kind == "uint8" and endian == "big":
                continue
            for encoding in ["raw", "gzip"]:
                for detached in [False, True]:
                    name = f"{kind}-{endian}-{encoding}{'-detached.nhdr' if detached else '.nrrd'}"
                    header = {"encoding": encoding, "spacings": spacings}
                    nrrd.write(os.path.join(out, name), volume(kind, endian), header, detached_header=detached,
                               index_order="F")
                    manifest.append({"file": name, "type": kind,
                                     "byteOrder": "bigEndian" if endian == "big" else "littleEndian",
                                     "encoding": "deflate" if encoding == "gzip" else "raw",
                                     "spacings": spacings})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"writer": f"pynrrd {nrrd.__version__}", "files": manifest}, f, indent=1)
    print(f"make-nrrd-fixtures: {len(manifest)} files in {out} (pynrrd {nrrd.__version__})")


if __name__ == "__main__":
    main()
