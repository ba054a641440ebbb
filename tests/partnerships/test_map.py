"""The partners' map: TopoJSON decoding, projection, the SVG and the pages that show it."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships import geodata
from partnerships.map import (
    VIEW_HEIGHT,
    VIEW_WIDTH,
    MapPoint,
    Viewport,
    clip,
    fit,
    land_path,
    render_svg,
    unwrap,
)

SVG = "{http://www.w3.org/2000/svg}"
PARTNERS = "/partnerships/partners/"

# Two squares sharing an edge (arc 0), as topojson would write them: quantised to a 10×10
# grid over 0..9 degrees (scale 1), delta-encoded; the second square uses arc 0 reversed (~0).
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [
        [[1, 0], [0, 1]],  # (1,0) → (1,1): the shared edge
        [[1, 1], [-1, 0], [0, -1], [1, 0]],  # (1,1) → (0,1) → (0,0) → (1,0)
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # (1,0) → (2,0) → (2,1) → (1,1)
    ],
    "objects": {
        "land": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]]},
                {"type": "MultiPolygon", "arcs": [[[2, -1]]]},
                {"type": "LineString", "arcs": [0]},
            ],
        }
    },
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root: ET.Element) -> dict[str, ET.Element]:
    return {a.get("href"): a for a in root.iter(f"{SVG}a")}


def marks(root: ET.Element) -> list[tuple[float, float]]:
    found = []
    for a in root.iter(f"{SVG}a"):
        for circle in a.iter(f"{SVG}circle"):
            found.append((float(circle.get("cx")), float(circle.get("cy"))))
        for rect in a.iter(f"{SVG}rect"):
            size = float(rect.get("width"))
            found.append((float(rect.get("x")) + size / 2, float(rect.get("y")) + size / 2))
    return found


class TestTopoJSON:
    def test_arcs_are_delta_decoded_and_transformed(self):
        arcs = geodata.decode_arcs(TOPOLOGY)
        assert arcs[0] == [(11, 20), (11, 21)]
        assert arcs[1] == [(11, 21), (10, 21), (10, 20), (11, 20)]

    def test_rings_join_arcs_and_reverse_negative_indices(self):
        rings = geodata.topology_rings(TOPOLOGY, "land")
        assert rings == [
            [(11, 20), (11, 21), (10, 21), (10, 20), (11, 20)],
            [(11, 20), (12, 20), (12, 21), (11, 21), (11, 20)],
        ]

    def test_a_ring_across_the_antimeridian_runs_on_past_180(self):
        ring = [(179.0, 60.0), (-179.0, 60.0), (-179.0, 61.0), (179.0, 61.0), (179.0, 60.0)]
        assert geodata.unwrap_ring(ring) == [
            (179.0, 60.0),
            (181.0, 60.0),
            (181.0, 61.0),
            (179.0, 61.0),
            (179.0, 60.0),
        ]

    def test_a_ring_round_the_pole_is_closed_along_it(self):
        ring = [(-180.0, -80.0), (0.0, -70.0), (179.0, -80.0), (-180.0, -80.0)]
        unwrapped = geodata.unwrap_ring(ring)
        assert unwrapped[-2:] == [(180.0, -90.0), (-180.0, -90.0)]

    def test_the_shipped_land_is_read(self):
        rings = geodata.land(detailed=False)
        assert len(rings) > 50
        assert all(len(ring) >= 3 for ring, _bbox in rings)


class TestProjection:
    def test_the_centre_is_the_middle_of_the_picture(self):
        view = Viewport(longitude=38.0, latitude=48.0, scale=100.0, squeeze=0.5)
        assert view.project(38.0, 48.0) == (VIEW_WIDTH / 2, VIEW_HEIGHT / 2)

    def test_a_degree_of_longitude_is_squeezed_by_the_cosine(self):
        view = Viewport(longitude=0.0, latitude=60.0, scale=10.0, squeeze=0.5)
        assert view.project(1.0, 60.0) == (VIEW_WIDTH / 2 + 5.0, VIEW_HEIGHT / 2)
        assert view.project(0.0, 61.0) == (VIEW_WIDTH / 2, VIEW_HEIGHT / 2 - 10.0)

    def test_fit_keeps_every_point_inside_with_a_margin(self):
        points = [(38.8, 48.47), (34.36, 53.24), (39.57, 52.6)]
        view = fit(points)
        for lon, lat in points:
            x, y = view.project(lon, lat)
            assert 20 < x < VIEW_WIDTH - 20
            assert 20 < y < VIEW_HEIGHT - 20

    def test_unwrap_takes_the_short_way_across_the_antimeridian(self):
        assert unwrap([179.0, -179.0]) == [179.0, 181.0]
        assert unwrap([10.0, 20.0]) == [10.0, 20.0]

    def test_clip_cuts_a_ring_to_the_window(self):
        square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
        clipped = clip(square, 5.0, 5.0, 20.0, 20.0)
        assert sorted(clipped) == [(5.0, 5.0), (5.0, 10.0), (10.0, 5.0), (10.0, 10.0)]
        assert clip(square, 50.0, 50.0, 60.0, 60.0) == []

    def test_land_of_a_region_is_drawn(self):
        path = land_path(fit([(38.8, 48.47), (38.6, 48.03)]))
        assert path.startswith("M")
        assert path.count("Z") >= 1


class TestSVG:
    POINTS = [
        MapPoint("Алчевск", "/a/", 48.4667, 38.8, is_home=True),
        MapPoint("Торез", "/t/", 48.0333, 38.6),
        MapPoint("Липецк", "/l/", 52.6031, 39.5708),
    ]

    def test_is_a_labelled_group_with_a_title_and_description(self):
        root = parse(render_svg(self.POINTS))
        assert root.get("role") == "group"  # its links stay interactive, unlike an img's
        assert root.get("viewBox") == f"0 0 {VIEW_WIDTH} {VIEW_HEIGHT}"
        assert root.find(f"{SVG}title").text
        assert "Торез" in root.find(f"{SVG}desc").text

    def test_each_point_is_a_link_titled_with_its_name(self):
        root = parse(render_svg(self.POINTS))
        found = links(root)
        assert set(found) == {"/a/", "/t/", "/l/"}
        assert found["/t/"].find(f"{SVG}title").text == "Торез"
        assert found["/t/"].find(f"{SVG}circle") is not None
        assert found["/a/"].find(f"{SVG}rect") is not None, "our city is a square"
        assert found["/a/"].find(f"{SVG}circle") is None

    def test_every_point_is_inside_the_view_box(self):
        far = MapPoint("Кейптаун", "/y/", -33.9, 18.4)
        for points in (self.POINTS, self.POINTS[:1], [*self.POINTS, far]):
            for x, y in marks(parse(render_svg(points))):
                assert 0 <= x <= VIEW_WIDTH
                assert 0 <= y <= VIEW_HEIGHT

    def test_names_are_escaped(self):
        name = 'Город <b>&"кавычки"'
        svg = render_svg([MapPoint(name, '/x/?a=1&b="2"', 50.0, 40.0)])
        assert "<b>" not in svg
        root = parse(svg)
        link = next(iter(links(root).values()))
        assert link.get("href") == '/x/?a=1&b="2"'
        assert link.find(f"{SVG}title").text == name

    @pytest.mark.parametrize(
        "points",
        [
            [],
            [MapPoint("Один", "/1/", 48.0, 38.0)],
            [MapPoint("Один", "/1/", 48.0, 38.0), MapPoint("Два", "/2/", 48.0, 38.0)],
            [MapPoint("Восток", "/e/", 65.0, 179.9), MapPoint("Запад", "/w/", 66.0, -179.9)],
            [MapPoint("Полюс", "/p/", 90.0, 0.0), MapPoint("Юг", "/s/", -90.0, 180.0)],
        ],
        ids=["none", "one", "same-point", "antimeridian", "poles"],
    )
    def test_odd_sets_of_points_render(self, points):
        svg = render_svg(points)
        if not points:
            assert svg == ""
            return
        root = parse(svg)
        assert len(links(root)) == len(points)
        for x, y in marks(root):
            assert 0 <= x <= VIEW_WIDTH
            assert 0 <= y <= VIEW_HEIGHT

    def test_points_at_the_same_place_are_moved_apart(self):
        same = [MapPoint("Один", "/1/", 48.0, 38.0), MapPoint("Два", "/2/", 48.0, 38.0)]
        first, second = marks(parse(render_svg(same)))
        assert first != second

    def test_the_antimeridian_pair_is_shown_close_together(self):
        pair = [MapPoint("Восток", "/e/", 65.0, 179.9), MapPoint("Запад", "/w/", 66.0, -179.9)]
        (x1, _), (x2, _) = marks(parse(render_svg(pair)))
        assert abs(x1 - x2) < VIEW_WIDTH / 4


def map_of(response) -> ET.Element:
    match = re.search(r"<svg.*?</svg>", response.content.decode(), re.S)
    assert match, "the page has a map"
    return parse(match.group(0))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.django_db
class TestPages:
    def test_the_partners_list_maps_those_with_coordinates_and_lists_all(
        self, client, make_agreement, make_partner, home_city
    ):
        home_city.latitude, home_city.longitude = 48.4667, 38.8
        home_city.save()
        lipetsk = make_partner("Липецк", slug="lipetsk", latitude=52.6031, longitude=39.5708)
        nowhere = make_partner("Без <места>", slug="nowhere")
        make_agreement(partners=[home_city, lipetsk, nowhere])
        response = client.get(PARTNERS)
        found = links(map_of(response))
        assert set(found) == {home_city.get_absolute_url(), lipetsk.get_absolute_url()}
        page = response.content.decode()
        assert "Без &lt;места&gt;" in page
        assert nowhere.get_absolute_url() in page
        assert "нет на карте: не указаны координаты" in page

    def test_no_map_when_no_partner_has_coordinates(self, client, make_agreement):
        make_agreement()
        response = client.get(PARTNERS)
        assert response.status_code == 200
        assert "<svg" not in response.content.decode()
        assert "нет на карте" in response.content.decode()

    def test_no_partners_at_all(self, client, db):
        response = client.get(PARTNERS)
        assert response.status_code == 200
        assert "<svg" not in response.content.decode()

    def test_a_partner_page_shows_the_partner_and_our_city(
        self, client, make_agreement, make_partner, home_city
    ):
        home_city.latitude, home_city.longitude = 48.4667, 38.8
        home_city.save()
        torez = make_partner("Тор", slug="tor", latitude=48.0333, longitude=38.6)
        lipetsk = make_partner("Липецк", slug="lipetsk", latitude=52.6031, longitude=39.5708)
        make_agreement(partners=[home_city, torez, lipetsk])
        root = map_of(client.get(torez.get_absolute_url()))
        assert set(links(root)) == {torez.get_absolute_url(), home_city.get_absolute_url()}
        # Zoomed to the two, 0.43° of latitude apart: not a dot, a few dozen units apart.
        (_, y1), (_, y2) = marks(root)
        assert abs(y1 - y2) > 30

    def test_our_citys_own_page_shows_it_alone(self, client, make_agreement, home_city):
        home_city.latitude, home_city.longitude = 48.4667, 38.8
        home_city.save()
        make_agreement()
        root = map_of(client.get(home_city.get_absolute_url()))
        assert set(links(root)) == {home_city.get_absolute_url()}

    def test_query_counts_do_not_grow_with_partners(
        self, client, make_agreement, make_partner, home_city, django_assert_max_num_queries
    ):
        def add(n):
            partner = make_partner(
                f"Город {n}", slug=f"gorod-{n}", latitude=45 + n % 10, longitude=30 + n % 17
            )
            make_agreement(f"Соглашение {n}", partners=[home_city, partner])
            return partner

        first = [add(n) for n in range(5)]
        baseline = count_queries(client, PARTNERS)
        detail = count_queries(client, first[0].get_absolute_url())
        for n in range(5, 15):
            add(n)
        with django_assert_max_num_queries(baseline):
            assert client.get(PARTNERS).status_code == 200
        with django_assert_max_num_queries(detail):
            assert client.get(first[0].get_absolute_url()).status_code == 200
