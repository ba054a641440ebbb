"""The partners' map: an SVG the site draws itself, inline in the page, no tiles, no script.

Land is drawn from Natural Earth's outlines (``partnerships.geodata``); **country borders are
deliberately not drawn**. Borders in this region are disputed (the city's partners include
Alchevsk and Torez), and a municipal site must not state a border by drawing one from a
foreign dataset. The points, their names and the list beside the map say where each partner is.

The view fits the partners shown plus a margin, in an equirectangular projection whose
longitudes are scaled by cos(latitude of the centre): true to shape at the scale of a region,
which is what the map shows. Partners on both sides of the antimeridian are shown together
by placing the view across it (longitudes beyond 180° are drawn from copies of the land
shifted by 360°). Land is clipped to the view and points closer than a tenth of a unit are
merged, so a region costs a few kilobytes; the land of a view is computed once per process
(``land_path``), and the page around it goes through the page cache.

Colours come from CSS classes (static/css/partnerships.css) so that the mode for visually
impaired readers recolours the map with the rest of the page.
"""

import functools
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partnerships.geodata import Ring, land

VIEW_WIDTH = 800
VIEW_HEIGHT = 500
# The smallest stretch of the Earth, in degrees of latitude, the map shows: one city or two
# neighbours still appear among their surroundings.
MIN_SPAN = 3.0
# Room around the outermost points for their labels, a fraction of the points' span each side.
MARGIN = 0.25
# Wider views than this (degrees of longitude) use the coarse outlines.
DETAILED_UP_TO = 60.0
POINT_RADIUS = 8
HOME_SIZE = 17
LABEL_SIZE = 19
# A rough width of one letter of the labels' face, in units of the font size.
LETTER_WIDTH = 0.56
LABEL_GAP = 4
TITLE_ID = "partner-map-title"
DESC_ID = "partner-map-desc"


@dataclass(frozen=True)
class MapPoint:
    name: str
    url: str
    latitude: float
    longitude: float
    is_home: bool = False


@dataclass(frozen=True)
class Viewport:
    """Centre (``longitude`` may be past 180° when the view crosses the antimeridian),
    ``scale`` in units per degree of latitude, and ``squeeze`` = cos(centre latitude)."""

    longitude: float
    latitude: float
    scale: float
    squeeze: float

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = VIEW_WIDTH / 2 + (longitude - self.longitude) * self.squeeze * self.scale
        y = VIEW_HEIGHT / 2 - (latitude - self.latitude) * self.scale
        return x, y

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east and north edges, in degrees."""
        half_lon = VIEW_WIDTH / 2 / (self.squeeze * self.scale)
        half_lat = VIEW_HEIGHT / 2 / self.scale
        return (
            self.longitude - half_lon,
            self.latitude - half_lat,
            self.longitude + half_lon,
            self.latitude + half_lat,
        )


def unwrap(longitudes: list[float]) -> list[float]:
    """The longitudes shifted by 360° where that makes their span shortest: the view then
    leaves out the widest empty gap between them, which may be elsewhere than at 180°."""
    if len(longitudes) < 2:
        return list(longitudes)
    ordered = sorted(longitudes)
    gaps = [(ordered[i + 1] - ordered[i], i) for i in range(len(ordered) - 1)]
    wrap_gap = ordered[0] + 360 - ordered[-1]
    widest, index = max(gaps)
    if widest <= wrap_gap:
        return list(longitudes)
    start = ordered[index + 1]
    return [lon + 360 if lon < start else lon for lon in longitudes]


def fit(points: Iterable[tuple[float, float]]) -> Viewport:
    """The view of the fixed viewBox that holds every (longitude, latitude) with a margin."""
    points = list(points)
    longitudes = unwrap([lon for lon, _lat in points])
    latitudes = [lat for _lon, lat in points]
    west, east = min(longitudes), max(longitudes)
    south, north = min(latitudes), max(latitudes)
    latitude = (south + north) / 2
    squeeze = max(math.cos(math.radians(latitude)), 0.1)
    width = max((east - west) * squeeze, MIN_SPAN) * (1 + 2 * MARGIN)
    height = max(north - south, MIN_SPAN) * (1 + 2 * MARGIN)
    width = max(width, height * VIEW_WIDTH / VIEW_HEIGHT)
    return Viewport(
        longitude=(west + east) / 2,
        latitude=latitude,
        scale=VIEW_WIDTH / width,
        squeeze=squeeze,
    )


def clip(ring: Ring, west: float, south: float, east: float, north: float) -> Ring:
    """The part of a closed ring inside the rectangle (Sutherland–Hodgman: exact for a
    rectangle; where land leaves the view the ring runs along its edge, outside the picture)."""
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    )
    for inside, cross in edges:
        if not ring:
            break
        result: Ring = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        ring = result
    return ring


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


@functools.lru_cache(maxsize=128)
def land_path(viewport: Viewport) -> str:
    """The SVG path data of the land in the view (a little beyond it, so no coast is drawn
    along the frame)."""
    west, south, east, north = viewport.bounds
    pad_lon, pad_lat = (east - west) * 0.02, (north - south) * 0.02
    window = (west - pad_lon, max(south - pad_lat, -90), east + pad_lon, min(north + pad_lat, 90))
    rings = land(detailed=east - west <= DETAILED_UP_TO)
    parts = []
    for shift in (-360, 0, 360):
        for ring, (r_west, r_south, r_east, r_north) in rings:
            if (
                r_east + shift < window[0]
                or r_west + shift > window[2]
                or r_north < window[1]
                or r_south > window[3]
            ):
                continue
            shifted = [(lon + shift, lat) for lon, lat in ring] if shift else ring
            part = _path_of(clip(shifted, *window), viewport)
            if part:
                parts.append(part)
    return "".join(parts)


def _path_of(ring: Ring, viewport: Viewport) -> str:
    points: list[str] = []
    for lon, lat in ring:
        x, y = viewport.project(lon, lat)
        point = f"{x:.1f} {y:.1f}"
        if not points or points[-1] != point:
            points.append(point)
    if len(points) < 3:
        return ""
    return "M" + "L".join(points) + "Z"


def _spread(positions: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points at (nearly) the same place moved apart on a small circle, each clickable."""
    placed: list[tuple[float, float]] = []
    for x, y in positions:
        turn = 0
        candidate = (x, y)
        while any(math.dist(candidate, other) < POINT_RADIUS * 1.5 for other in placed):
            turn += 1
            angle = turn * 2 * math.pi / 6
            ring = POINT_RADIUS * 2.2 * (1 + (turn - 1) // 6)
            candidate = (x + ring * math.cos(angle), y + ring * math.sin(angle))
        placed.append(candidate)
    return placed


def _boxes_overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(positions: list[tuple[float, float]], names: list[str]):
    """For each point, ``(x, y, anchor)`` of its label or None: right, left, above or below
    the point, the first place clear of the labels placed before and of every point and
    inside the picture. A label with no such place is left out (the name stays in the
    point's title and in the list beside the map)."""
    dots = [
        (x - POINT_RADIUS, y - POINT_RADIUS, x + POINT_RADIUS, y + POINT_RADIUS)
        for x, y in positions
    ]
    taken: list[tuple[float, float, float, float]] = []
    labels = []
    for index, ((x, y), name) in enumerate(zip(positions, names, strict=True)):
        width = len(name) * LABEL_SIZE * LETTER_WIDTH
        gap = POINT_RADIUS + LABEL_GAP
        choices = (
            (x + gap, y + LABEL_SIZE * 0.35, "start", (x + gap, y - LABEL_SIZE / 2)),
            (x - gap, y + LABEL_SIZE * 0.35, "end", (x - gap - width, y - LABEL_SIZE / 2)),
            (x, y - gap, "middle", (x - width / 2, y - gap - LABEL_SIZE)),
            (x, y + gap + LABEL_SIZE * 0.8, "middle", (x - width / 2, y + gap)),
        )
        chosen = None
        for text_x, text_y, anchor, (left, top) in choices:
            box = (left, top, left + width, top + LABEL_SIZE)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= VIEW_WIDTH and box[3] <= VIEW_HEIGHT
            others = (dot for n, dot in enumerate(dots) if n != index)
            if inside and not any(_boxes_overlap(box, b) for b in (*taken, *others)):
                chosen = (text_x, text_y, anchor)
                taken.append(box)
                break
        labels.append(chosen)
    return labels


def render_svg(points: list[MapPoint]) -> SafeString:
    """The map of ``points`` (the home city among them, if given) as inline SVG markup; every
    text is escaped by ElementTree."""
    if not points:
        return mark_safe("")
    viewport = fit((p.longitude, p.latitude) for p in points)
    longitudes = unwrap([p.longitude for p in points])
    positions = _spread(
        [viewport.project(lon, p.latitude) for lon, p in zip(longitudes, points, strict=True)]
    )
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {VIEW_WIDTH} {VIEW_HEIGHT}",
            # A group, not an image: an image's content is presentational, and the partners'
            # links inside must stay reachable (axe: nested-interactive).
            "role": "group",
            "aria-labelledby": f"{TITLE_ID} {DESC_ID}",
            "class": "partner-map__svg",
            "focusable": "false",
        },
    )
    ET.SubElement(svg, "title", id=TITLE_ID).text = _("Map of the partners")
    ET.SubElement(svg, "desc", id=DESC_ID).text = _describe(points)
    ET.SubElement(
        svg,
        "rect",
        {"class": "partner-map__sea", "width": str(VIEW_WIDTH), "height": str(VIEW_HEIGHT)},
    )
    ET.SubElement(
        svg,
        "path",
        {"class": "partner-map__land", "d": land_path(viewport), "fill-rule": "evenodd"},
    )
    group = ET.SubElement(svg, "g", {"class": "partner-map__points"})
    labels = place_labels(positions, [p.name for p in points])
    for point, (x, y), label in zip(points, positions, labels, strict=True):
        kind = "home" if point.is_home else "partner"
        link = ET.SubElement(
            group, "a", {"href": point.url, "class": f"partner-map__link partner-map__{kind}"}
        )
        ET.SubElement(link, "title").text = point.name
        if point.is_home:
            half = HOME_SIZE / 2
            ET.SubElement(
                link,
                "rect",
                {
                    "class": "partner-map__mark",
                    "x": f"{x - half:.1f}",
                    "y": f"{y - half:.1f}",
                    "width": str(HOME_SIZE),
                    "height": str(HOME_SIZE),
                },
            )
        else:
            ET.SubElement(
                link,
                "circle",
                {
                    "class": "partner-map__mark",
                    "cx": f"{x:.1f}",
                    "cy": f"{y:.1f}",
                    "r": str(POINT_RADIUS),
                },
            )
        if label is not None:
            text_x, text_y, anchor = label
            ET.SubElement(
                link,
                "text",
                {
                    "class": "partner-map__label",
                    "x": f"{text_x:.1f}",
                    "y": f"{text_y:.1f}",
                    "text-anchor": anchor,
                },
            ).text = point.name
    # Every name and address was escaped by ElementTree.
    return mark_safe(ET.tostring(svg, encoding="unicode"))


def _describe(points: list[MapPoint]) -> str:
    partners = ", ".join(p.name for p in points if not p.is_home)
    home = ", ".join(p.name for p in points if p.is_home)
    text = _("Land outlines without state borders.")
    if partners:
        text += " " + _("Partners, marked with circles: %(names)s.") % {"names": partners}
    if home:
        text += " " + _("Our city, marked with a square: %(name)s.") % {"name": home}
    return text


def partner_map(partners: Iterable, home=None) -> dict:
    """What the map's template shows for ``partners`` (and ``home``, our city, drawn and listed
    first): ``svg``, the partners ``listed`` (all of them) and ``unmapped`` (those without
    coordinates, listed but not drawn)."""
    listed = [p for p in ([home] if home is not None else []) if p is not None]
    listed += [p for p in partners if home is None or p.pk != home.pk]
    mapped = [p for p in listed if p.latitude is not None and p.longitude is not None]
    points = [
        MapPoint(
            name=p.name,
            url=p.get_absolute_url(),
            latitude=float(p.latitude),
            longitude=float(p.longitude),
            is_home=p.is_home,
        )
        for p in mapped
    ]
    return {
        "svg": render_svg(points),
        "listed": listed,
        "unmapped": [p for p in listed if p not in mapped],
    }
