"""Subset ParaType's PT Sans and PT Serif (Debian's fonts-paratype) into static/fonts/*.woff2.

Run by ``make fonts``. Keeps Latin, Cyrillic and the punctuation Russian text uses, and renames
the family: the licence forbids distributing a modified font (a subset is one) under the
original name, so the files are "Vestnik Sans" and "Vestnik Serif", derived from PT Sans and
PT Serif, with ParaType's copyright and licence kept in the name table and in LICENSE.txt.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/paratype")
TARGET = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"

# Basic Latin and Latin-1 (« » and the no-break space), Cyrillic with Ґ/ґ, the combining acute
# (stress marks), dashes, quotes, bullet, ellipsis, № and the rouble and euro signs, minus.
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+0301,U+0400-045F,U+0490-0491,U+2010-2014,U+2018-201E,"
    "U+2022,U+2026,U+2039-203A,U+20AC,U+20BD,U+2116,U+2212"
)
# Kerning, ligatures and the case/old-style forms the site's text may use.
LAYOUT_FEATURES = "kern,liga,clig,calt,locl,case,ccmp,mark,mkmk"

FACES = [
    # source file, output file, family, style name
    ("PTS55F.ttf", "vestnik-sans-regular.woff2", "Vestnik Sans", "Regular"),
    ("PTS56F.ttf", "vestnik-sans-italic.woff2", "Vestnik Sans", "Italic"),
    ("PTS75F.ttf", "vestnik-sans-bold.woff2", "Vestnik Sans", "Bold"),
    ("PTF75F.ttf", "vestnik-serif-bold.woff2", "Vestnik Serif", "Bold"),
]


def subset_options() -> subset.Options:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = LAYOUT_FEATURES.split(",")
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, licence
    options.name_languages = [0x0409]  # English names only
    options.hinting = False  # screens hint themselves; halves the size
    options.desubroutinize = True
    return options


def rename(font: TTFont, family: str, style: str) -> None:
    """Family, full and PostScript names become ours; style (ID 2) and version stay."""
    names = font["name"]
    original = names.getDebugName(4)
    full = family if style == "Regular" else f"{family} {style}"
    for name_id in (1, 3, 4, 6, 16, 17):
        names.removeNames(nameID=name_id)
    for name_id, value in (
        (1, family),
        (3, f"{full}; derived from ParaType {original}"),
        (4, full),
        (6, f"{family.replace(' ', '')}-{style}"),
    ):
        names.setName(value, name_id, 3, 1, 0x0409)


def main() -> int:
    if not SOURCE.is_dir():
        print(f"{SOURCE} is missing: apt-get install fonts-paratype", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    unicodes = subset.parse_unicodes(UNICODES)
    for source, output, family, style in FACES:
        options = subset_options()
        font = subset.load_font(str(SOURCE / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        rename(font, family, style)
        subset.save_font(font, str(TARGET / output), options)
        print(f"{output}: {(TARGET / output).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
