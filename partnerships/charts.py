"""Bar charts drawn on the server as SVG (templates/partnerships/includes/bar_chart.svg): no
script, a <title> and <desc> named by ``aria-labelledby``, and the page shows the same numbers
in a table beside the chart for those who cannot see it."""

from dataclasses import dataclass

LABEL_WIDTH = 220
BAR_AREA = 300
VALUE_WIDTH = 150
ROW_HEIGHT = 32
BAR_HEIGHT = 20
PADDING = 8


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    text: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar per row, from 0 to 100 per cent."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA
    bar_height: int = BAR_HEIGHT

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + VALUE_WIDTH

    @property
    def height(self) -> int:
        return PADDING * 2 + ROW_HEIGHT * len(self.bars)

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + BAR_AREA + PADDING

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - PADDING


def share_bars(
    chart_id: str, title: str, description: str, rows: list[tuple[str, float, str]]
) -> BarChart:
    """A chart of ``(label, share, text)`` rows, the share from 0 to 1; the text is written
    after the bar."""
    bars = tuple(
        Bar(
            label=label,
            percent=round(max(0.0, min(1.0, share)) * 100),
            text=text,
            y=PADDING + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
            width=round(BAR_AREA * max(0.0, min(1.0, share))),
        )
        for index, (label, share, text) in enumerate(rows)
    )
    return BarChart(chart_id, title, description, bars)
