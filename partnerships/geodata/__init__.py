"""The land outlines the partners' map is drawn on (see README.md here), decoded from TopoJSON.

Decoded by our own few lines: the PyPI ``topojson`` package builds topologies from shapes
(over shapely and pandas), it has no reader for a TopoJSON file. A topology stores each
shared line once as an *arc*, its points quantised to integers and delta-encoded
(each point is the difference from the previous one), with one ``transform`` (scale and
translate) back to degrees; a polygon's ring is a list of arc indices, ``~i`` (that is
``-i - 1``) meaning arc ``i`` reversed.
"""

import functools
import itertools
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
DETAILED = "land-50m.json"
COARSE = "land-110m.json"

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc of ``topology`` in longitude/latitude degrees."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indices: list[int], arcs: list[list[Point]]) -> Ring:
    """One closed ring from its arc indices; an arc's first point repeats the previous one's
    last, so it is dropped."""
    ring: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def geometry_rings(geometry: dict, arcs: list[list[Point]]) -> list[Ring]:
    """The rings (outer ones and holes alike) of a Polygon, a MultiPolygon or a collection of
    them; other geometry types hold no area and give none."""
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return [ring for part in geometry["geometries"] for ring in geometry_rings(part, arcs)]
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [ring_points(ring, arcs) for polygon in polygons for ring in polygon]


def topology_rings(topology: dict, name: str) -> list[Ring]:
    return geometry_rings(topology["objects"][name], decode_arcs(topology))


def unwrap_ring(ring: Ring) -> Ring:
    """The ring without jumps of 360° at the antimeridian: longitudes run on past ±180° (the
    map draws copies of the land shifted by 360°). A ring around a pole (Antarctica) cannot
    close that way; it is closed along the pole instead."""
    if not ring:
        return ring
    result = [ring[0]]
    offset = 0.0
    for (lon_a, _), (lon_b, lat_b) in itertools.pairwise(ring):
        if lon_b - lon_a > 180:
            offset -= 360
        elif lon_a - lon_b > 180:
            offset += 360
        result.append((lon_b + offset, lat_b))
    # The ring closes by itself unless it went once round the pole.
    if offset:
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        result += [(result[-1][0], pole), (ring[0][0], pole)]
    return result


@functools.cache
def land(detailed: bool = True) -> tuple[tuple[Ring, tuple[float, float, float, float]], ...]:
    """The land rings with their bounding boxes (west, south, east, north), read once per
    process."""
    path = HERE / (DETAILED if detailed else COARSE)
    topology = json.loads(path.read_text(encoding="utf-8"))
    rings = []
    for ring in map(unwrap_ring, topology_rings(topology, "land")):
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        rings.append((ring, (min(lons), min(lats), max(lons), max(lats))))
    return tuple(rings)
