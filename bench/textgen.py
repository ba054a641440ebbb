"""Realistic Russian text for generated content: real sentences from the demo corpus,
recombined, so lengths, vocabulary and morphology are those of the office's news."""

import random
import re
from functools import cache

from news.demo import PRESS_RELEASE
from news.demo_data.articles import ARTICLES

PLACES = [
    "в Алчевске",
    "в Торезе",
    "в Луганске",
    "в Донецке",
    "в Стаханове",
    "в Брянке",
    "в Перевальске",
    "в Кировске",
    "в Антраците",
    "в Ровеньках",
]


@cache
def sentences() -> tuple[str, ...]:
    texts = [PRESS_RELEASE.read_text(encoding="utf-8")]
    for _rubric, _title, lead, paragraphs, _tags in ARTICLES:
        texts.extend([lead, *paragraphs])
    found = []
    for text in texts:
        found.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 30)
    return tuple(found)


@cache
def titles() -> tuple[str, ...]:
    return tuple(title for _rubric, title, *_rest in ARTICLES)


class TextGenerator:
    def __init__(self, seed: int = 2019):
        self.rng = random.Random(seed)

    def title(self) -> str:
        title = self.rng.choice(titles())
        if self.rng.random() < 0.5:
            title = f"{title} {self.rng.choice(PLACES)}"
        return title

    def lead(self, limit: int = 600) -> str:
        """Two sentences, or one if two would pass the lead's length limit."""
        first, second = self.rng.sample(sentences(), 2)
        lead = f"{first} {second}"
        return lead if len(lead) <= limit else first[:limit]

    def body(self) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(3, 7)):
            paragraphs.append(" ".join(self.rng.sample(sentences(), self.rng.randint(2, 4))))
        if self.rng.random() < 0.3:
            items = "".join(f"<li>{s}</li>" for s in self.rng.sample(sentences(), 3))
            paragraphs.insert(1, f"</p><ul>{items}</ul><p>")
        return "".join(f"<p>{p}</p>" for p in paragraphs).replace("<p></p>", "")
