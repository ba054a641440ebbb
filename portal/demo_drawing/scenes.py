"""The demo's news illustrations: one drawn scene per kind of city news, each with its alt text.

Every scene is drawn from a seeded ``random.Random``, so the same name and seed give the same
picture (the demo is reproducible); the alt text says what the picture shows, not the news.
"""

import random
from collections.abc import Callable
from typing import NamedTuple

from PIL import Image, ImageDraw

from portal.demo_drawing import canvas as c
from portal.demo_drawing.canvas import Colour
from portal.demo_drawing.heraldry import shield

WIDTH, HEIGHT = 1600, 1000
HORIZON = 720


def _sky(
    rng: random.Random, top: Colour = (150, 188, 220), bottom: Colour = (228, 237, 244)
) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image, draw = c.new_picture(WIDTH, HEIGHT, top, bottom)
    c.clouds(draw, rng, WIDTH, 60, 260)
    return image, draw


def _ground(draw: ImageDraw.ImageDraw, colour: Colour = c.LAWN, top: int = HORIZON) -> None:
    draw.rectangle((0, top, WIDTH, HEIGHT), fill=colour)


def city(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng)
    c.skyline(draw, rng, WIDTH, HORIZON, (188, 200, 214))
    x = 20
    while x < WIDTH - 100:
        w = rng.randint(200, 300)
        h = rng.randint(260, 520)
        colour = rng.choice([c.STONE, (205, 198, 186), (196, 178, 160), (214, 206, 190)])
        c.building(draw, rng, (x, HORIZON - h, x + w, HORIZON), colour)
        x += w + rng.randint(30, 60)
    _ground(draw, (150, 150, 146))
    draw.rectangle((0, HORIZON + 90, WIDTH, HEIGHT), fill=c.ASPHALT)
    for x in range(40, WIDTH, 180):
        draw.rectangle((x, HORIZON + 190, x + 90, HORIZON + 200), fill=c.WHITE)
    for x in range(90, WIDTH, 260):
        c.tree(draw, x, HORIZON + 80, 150)
    return image


def winter_city(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = c.new_picture(WIDTH, HEIGHT, (176, 188, 202), (226, 230, 236))
    c.skyline(draw, rng, WIDTH, HORIZON, (196, 204, 214))
    x = 40
    while x < WIDTH - 100:
        w, h = rng.randint(220, 320), rng.randint(240, 480)
        c.building(draw, rng, (x, HORIZON - h, x + w, HORIZON), c.STONE, lit=0.5, roof=c.WHITE)
        x += w + rng.randint(40, 70)
    _ground(draw, c.WHITE)
    draw.rectangle((0, HORIZON + 110, WIDTH, HORIZON + 200), fill=(150, 154, 160))
    # A snowplough: cab, body and the blade.
    draw.rectangle((620, HORIZON + 40, 900, HORIZON + 150), fill=(230, 126, 34))
    draw.rectangle((900, HORIZON + 70, 1010, HORIZON + 150), fill=(230, 126, 34))
    draw.rectangle((920, HORIZON + 80, 990, HORIZON + 115), fill=c.WINDOW)
    draw.polygon(
        [(1010, HORIZON + 95), (1090, HORIZON + 150), (1010, HORIZON + 160)], fill=c.ASPHALT
    )
    for wheel in (680, 840, 960):
        draw.ellipse((wheel - 32, HORIZON + 130, wheel + 32, HORIZON + 194), fill=(40, 40, 44))
    draw.rectangle((760, HORIZON + 20, 800, HORIZON + 40), fill=(240, 180, 40))
    for _ in range(140):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HORIZON)
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=(255, 255, 255))
    return image


def administration(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng)
    _ground(draw)
    left, right, top = 260, 1340, 300
    draw.rectangle((left, top, right, HORIZON), fill=c.STONE)
    c.building(draw, rng, (left, top, 560, HORIZON), c.STONE, lit=0.1, window=(40, 70))
    c.building(draw, rng, (1040, top, right, HORIZON), c.STONE, lit=0.1, window=(40, 70))
    # The portico: pediment, six columns and the steps.
    draw.polygon([(560, top), (1040, top), (800, top - 130)], fill=(232, 226, 212))
    draw.polygon(
        [(600, top - 12), (1000, top - 12), (800, top - 110)], outline=c.STONE_DARK, width=5
    )
    draw.rectangle((560, top, 1040, top + 40), fill=(232, 226, 212))
    for n in range(6):
        x = 590 + n * 84
        draw.rectangle((x, top + 40, x + 36, HORIZON - 40), fill=(240, 236, 226))
        draw.line((x + 18, top + 50, x + 18, HORIZON - 50), fill=c.STONE_DARK, width=2)
    draw.rectangle((560, HORIZON - 40, 1040, HORIZON), fill=c.STONE_DARK)
    draw.rectangle((520, HORIZON, 1080, HORIZON + 30), fill=(200, 194, 180))
    draw.rectangle((480, HORIZON + 30, 1120, HORIZON + 60), fill=(190, 184, 170))
    draw.rectangle((745, HORIZON - 200, 855, HORIZON - 40), fill=c.NAVY_DARK)
    c.flag(draw, 800, top - 320, 200)
    draw.polygon(
        [(700, HORIZON + 60), (900, HORIZON + 60), (1040, HEIGHT), (560, HEIGHT)],
        fill=(200, 194, 180),
    )
    for x in (120, 1480):
        c.tree(draw, x, HORIZON + 40, 260)
    return image


def factory(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng, (170, 192, 212), (232, 236, 238))
    for x, height in ((980, 460), (1100, 520), (1220, 420)):
        for puff in range(5):
            r = 40 + puff * 14
            cx, cy = x + 20 + puff * 50, HORIZON - height - 40 - puff * 36
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(236, 238, 240))
        draw.rectangle((x, HORIZON - height, x + 44, HORIZON), fill=(196, 82, 64))
        for band in range(0, height, 90):
            draw.rectangle(
                (x, HORIZON - height + band, x + 44, HORIZON - height + band + 30), fill=c.WHITE
            )
    # Workshops with sawtooth roofs.
    for n in range(5):
        x = 80 + n * 300
        draw.rectangle((x, HORIZON - 220, x + 280, HORIZON), fill=(164, 170, 176))
        draw.polygon(
            [(x, HORIZON - 220), (x + 140, HORIZON - 300), (x + 140, HORIZON - 220)],
            fill=(120, 128, 136),
        )
        draw.polygon(
            [(x + 140, HORIZON - 220), (x + 280, HORIZON - 300), (x + 280, HORIZON - 220)],
            fill=(120, 128, 136),
        )
        for w in range(4):
            draw.rectangle(
                (x + 20 + w * 66, HORIZON - 170, x + 66 + w * 66, HORIZON - 90), fill=c.WINDOW_LIT
            )
    _ground(draw, (150, 150, 146))
    draw.rectangle((0, HORIZON + 60, WIDTH, HORIZON + 66), fill=(96, 96, 96))
    for x in range(0, WIDTH, 40):
        draw.rectangle((x, HORIZON + 20, x + 6, HORIZON + 70), fill=(96, 96, 96))
    draw.rectangle((0, HORIZON + 150, WIDTH, HORIZON + 170), fill=(110, 90, 70))
    for x in range(0, WIDTH, 60):
        draw.rectangle((x, HORIZON + 140, x + 20, HORIZON + 180), fill=(90, 72, 56))
    return image


def park(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng)
    c.skyline(draw, rng, WIDTH, HORIZON - 80, (196, 206, 218))
    draw.rectangle((0, HORIZON - 80, WIDTH, HEIGHT), fill=c.LAWN)
    draw.polygon(
        [(700, HORIZON - 80), (900, HORIZON - 80), (1300, HEIGHT), (300, HEIGHT)],
        fill=(214, 200, 170),
    )
    for x, size in ((120, 300), (420, 240), (1180, 250), (1480, 320), (620, 160), (1000, 170)):
        c.tree(draw, x, HORIZON - 40 + size // 3, size, rng.choice([c.GREEN, c.GREEN_DARK]))
    for x in (360, 1130):
        draw.rectangle((x, 820, x + 160, 836), fill=(130, 90, 60))
        draw.rectangle((x, 780, x + 160, 792), fill=(130, 90, 60))
        for leg in (x + 10, x + 140):
            draw.rectangle((leg, 836, leg + 10, 880), fill=(60, 60, 64))
    for x in (250, 1340):
        draw.rectangle((x, 560, x + 10, 900), fill=(60, 60, 64))
        draw.ellipse((x - 20, 540, x + 30, 580), fill=c.WINDOW_LIT, outline=(60, 60, 64), width=4)
    for _ in range(30):
        x, y = rng.randint(0, WIDTH), rng.randint(HORIZON, HEIGHT)
        colour = rng.choice([(220, 90, 90), (240, 200, 80), (240, 240, 240)])
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=colour)
    return image


def stage(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = c.new_picture(WIDTH, HEIGHT, (30, 28, 40), (58, 50, 64))
    light = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    beams = ImageDraw.Draw(light)
    for x in (500, 800, 1100):
        beams.polygon(
            [(x - 20, 0), (x + 20, 0), (x + 240, 760), (x - 240, 760)], fill=(255, 236, 180, 46)
        )
    draw.polygon([(180, 600), (1420, 600), (1600, 780), (0, 780)], fill=(142, 98, 62))
    image.paste(light, (0, 0), light)
    draw = ImageDraw.Draw(image)
    for row, (base, size) in enumerate(((560, 150), (600, 170))):
        for n in range(9 - row):
            x = 430 + row * 40 + n * 90
            c.person(draw, x, base + 40, size, (40 + row * 20, 44, 70))
    # Curtains with folds, and the valance.
    for side in (0, 1):
        for fold in range(6):
            x = fold * 40 if side == 0 else WIDTH - 240 + fold * 40
            shade = (150, 26, 36) if fold % 2 else (178, 34, 44)
            draw.rectangle((x, 0, x + 40, 820), fill=shade)
    draw.rectangle((0, 0, WIDTH, 110), fill=(150, 26, 36))
    for x in range(0, WIDTH, 80):
        draw.chord((x, 60, x + 80, 160), 0, 180, fill=(150, 26, 36))
    if caption:
        c.text_centred(draw, (WIDTH // 2, 56), caption, c.font("serif-bold", 48), (246, 214, 140))
    for n in range(16):
        c.person(draw, 50 + n * 100 + rng.randint(-10, 10), HEIGHT + 40, 200, (16, 14, 22))
    return image


def school(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng)
    _ground(draw)
    draw.rectangle((0, HORIZON + 40, WIDTH, HEIGHT), fill=(180, 176, 168))
    c.building(
        draw, rng, (160, 380, 700, HORIZON), c.OCHRE, window=(60, 70), lit=0.1, roof=c.BRICK
    )
    c.building(
        draw, rng, (900, 380, 1440, HORIZON), c.OCHRE, window=(60, 70), lit=0.1, roof=c.BRICK
    )
    draw.rectangle((700, 300, 900, HORIZON), fill=(226, 192, 130))
    draw.rectangle((690, 290, 910, 300), fill=c.BRICK)
    draw.ellipse((750, 330, 850, 430), fill=c.WHITE, outline=c.NAVY_DARK, width=6)
    draw.line((800, 380, 800, 345), fill=c.NAVY_DARK, width=6)
    draw.line((800, 380, 828, 392), fill=c.NAVY_DARK, width=6)
    draw.rectangle((740, 520, 860, HORIZON), fill=c.NAVY_DARK)
    draw.line((800, 520, 800, HORIZON), fill=c.OCHRE, width=4)
    c.flag(draw, 800, 110, 180)
    if caption:
        c.text_centred(draw, (800, 475), caption, c.font("sans-bold", 34), c.NAVY_DARK)
    for x in range(0, WIDTH, 36):
        draw.rectangle((x, HORIZON + 20, x + 8, HORIZON + 90), fill=(70, 90, 80))
    draw.rectangle((0, HORIZON + 30, WIDTH, HORIZON + 38), fill=(70, 90, 80))
    for x in (70, 1530):
        c.tree(draw, x, HORIZON + 40, 280)
    return image


def stadium(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng, (140, 184, 224), (214, 230, 242))
    # Stands with rows of seats and two floodlight masts.
    draw.polygon([(0, 300), (WIDTH, 300), (WIDTH, 560), (0, 560)], fill=(170, 176, 186))
    for row in range(8):
        y = 318 + row * 30
        for x in range(10 + row % 2 * 14, WIDTH, 28):
            colour = c.NAVY if (x // 280 + row // 4) % 2 else (196, 60, 56)
            draw.rectangle((x, y, x + 18, y + 14), fill=colour)
    for x in (160, 1440):
        draw.rectangle((x - 8, 80, x + 8, 300), fill=(110, 110, 116))
        draw.rectangle((x - 70, 60, x + 70, 110), fill=(90, 90, 96))
        for n in range(4):
            draw.ellipse((x - 62 + n * 34, 68, x - 34 + n * 34, 100), fill=(255, 250, 220))
    draw.rectangle((0, 560, WIDTH, HEIGHT), fill=(196, 104, 78))
    for n in range(1, 6):
        draw.line((0, 560 + n * 14, WIDTH, 560 + n * 14), fill=c.WHITE, width=2)
    pitch = [(120, 650), (1480, 650), (1600, HEIGHT), (0, HEIGHT)]
    draw.polygon(pitch, fill=(88, 148, 80))
    for n in range(6):
        y0 = 650 + n * 60
        draw.polygon(
            [
                (120 - n * 20, y0),
                (1480 + n * 20, y0),
                (1480 + n * 20 + 10, y0 + 30),
                (110 - n * 20, y0 + 30),
            ],
            fill=(98, 160, 88),
        )
    draw.line((800, 650, 800, HEIGHT), fill=c.WHITE, width=5)
    draw.ellipse((640, 740, 960, 880), outline=c.WHITE, width=5)
    draw.line((120, 650, 1480, 650), fill=c.WHITE, width=5)
    # A goal on the left and the ball.
    draw.rectangle((170, 560, 176, 680), fill=c.WHITE)
    draw.rectangle((390, 560, 396, 680), fill=c.WHITE)
    draw.rectangle((170, 556, 396, 562), fill=c.WHITE)
    for x in range(182, 390, 16):
        draw.line((x, 562, x, 660), fill=(220, 220, 220), width=1)
    draw.ellipse((1040, 860, 1100, 920), fill=c.WHITE, outline=(40, 40, 40), width=3)
    draw.regular_polygon((1070, 890, 12), 5, fill=(40, 40, 40))
    return image


def chess(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = c.new_picture(WIDTH, HEIGHT, (232, 226, 214), (200, 190, 172))
    draw.rectangle((0, 640, WIDTH, HEIGHT), fill=(150, 110, 76))
    # The board in perspective: eight rows narrowing to the back.
    top, bottom, back, front = 360, 900, 560, 1100
    for row in range(8):
        y0 = top + (bottom - top) * row / 8
        y1 = top + (bottom - top) * (row + 1) / 8
        w0 = back + (front - back) * row / 8
        w1 = back + (front - back) * (row + 1) / 8
        for col in range(8):
            x00, x01 = 800 - w0 / 2 + w0 * col / 8, 800 - w0 / 2 + w0 * (col + 1) / 8
            x10, x11 = 800 - w1 / 2 + w1 * col / 8, 800 - w1 / 2 + w1 * (col + 1) / 8
            colour = (240, 226, 196) if (row + col) % 2 else (112, 78, 52)
            draw.polygon([(x00, y0), (x01, y0), (x11, y1), (x10, y1)], fill=colour)
    for row, col, dark in (
        (1, 2, True),
        (1, 5, True),
        (2, 3, True),
        (5, 4, False),
        (6, 1, False),
        (6, 6, False),
    ):
        y = top + (bottom - top) * (row + 0.7) / 8
        w = back + (front - back) * (row + 0.5) / 8
        x = 800 - w / 2 + w * (col + 0.5) / 8
        size = 30 + row * 4
        colour, edge = ((30, 30, 34), (90, 90, 96)) if dark else ((250, 248, 240), (150, 140, 120))
        draw.polygon(
            [
                (x - size, y),
                (x + size, y),
                (x + size * 0.4, y - size * 1.6),
                (x - size * 0.4, y - size * 1.6),
            ],
            fill=colour,
            outline=edge,
        )
        draw.ellipse(
            (x - size * 0.55, y - size * 2.5, x + size * 0.55, y - size * 1.4),
            fill=colour,
            outline=edge,
        )
    # A chess clock beside the board.
    draw.rectangle((1200, 560, 1440, 680), fill=(60, 60, 66))
    for x in (1260, 1380):
        draw.ellipse((x - 44, 576, x + 44, 664), fill=c.WHITE)
        draw.line((x, 620, x + rng.randint(-20, 20), 590), fill=(30, 30, 30), width=4)
    return image


def clinic(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng)
    _ground(draw)
    c.building(draw, rng, (220, 320, 1380, HORIZON), (236, 238, 240), window=(56, 60), lit=0.15)
    draw.rectangle((700, 520, 900, HORIZON), fill=(200, 214, 226))
    draw.rectangle((740, 560, 860, HORIZON), fill=c.WINDOW)
    draw.rectangle((660, 500, 940, 520), fill=(120, 134, 150))
    draw.ellipse((740, 350, 860, 470), fill=c.WHITE, outline=(200, 40, 44), width=6)
    draw.rectangle((785, 370, 815, 450), fill=(200, 40, 44))
    draw.rectangle((760, 395, 840, 425), fill=(200, 40, 44))
    draw.rectangle((0, HORIZON + 60, WIDTH, HEIGHT), fill=(180, 176, 168))
    for x in (110, 1490):
        c.tree(draw, x, HORIZON + 40, 260)
    return image


def market(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng)
    c.skyline(draw, rng, WIDTH, 560, (196, 206, 218))
    draw.rectangle((0, 560, WIDTH, HEIGHT), fill=(196, 190, 178))
    stripes = [
        ((255, 255, 255), (196, 60, 56)),
        ((255, 255, 255), c.NAVY),
        ((255, 255, 255), (46, 125, 50)),
    ]
    for n in range(5):
        x = 40 + n * 310
        first, second = stripes[n % 3]
        for s in range(6):
            draw.polygon(
                [
                    (x + s * 45, 420),
                    (x + (s + 1) * 45, 420),
                    (x + (s + 1) * 45 + 10, 500),
                    (x + s * 45 + 10, 500),
                ],
                fill=first if s % 2 else second,
            )
        draw.rectangle((x + 10, 500, x + 16, 760), fill=(110, 110, 116))
        draw.rectangle((x + 264, 500, x + 270, 760), fill=(110, 110, 116))
        draw.rectangle((x, 680, x + 280, 760), fill=(150, 110, 76))
        for _ in range(14):
            cx, cy = x + rng.randint(20, 260), rng.randint(650, 675)
            colour = rng.choice([(200, 50, 40), (240, 170, 40), (120, 160, 60), (226, 120, 40)])
            draw.ellipse((cx - 16, cy - 16, cx + 16, cy + 16), fill=colour)
    for n in range(8):
        c.person(
            draw,
            100 + n * 190 + rng.randint(-30, 30),
            990,
            rng.randint(220, 260),
            rng.choice([(70, 80, 100), (110, 70, 60), (60, 90, 80)]),
        )
    return image


def transport(rng: random.Random, caption: str = "") -> Image.Image:
    image, draw = _sky(rng)
    c.skyline(draw, rng, WIDTH, 600, (196, 206, 218))
    x = 0
    while x < WIDTH:
        w, h = rng.randint(200, 280), rng.randint(200, 360)
        c.building(draw, rng, (x, 600 - h, x + w, 600), c.STONE, window=(26, 34), gap=(20, 22))
        x += w + 40
    draw.rectangle((0, 600, WIDTH, 660), fill=(186, 182, 174))
    draw.rectangle((0, 660, WIDTH, HEIGHT), fill=c.ASPHALT)
    for x in range(0, WIDTH, 200):
        draw.rectangle((x, 880, x + 110, 892), fill=c.WHITE)
    # The bus: body, windows, doors, wheels and the route number.
    draw.rounded_rectangle((300, 520, 1200, 820), radius=40, fill=(232, 190, 40))
    draw.rectangle((300, 740, 1200, 760), fill=c.NAVY)
    for n in range(7):
        draw.rounded_rectangle((340 + n * 118, 560, 440 + n * 118, 680), radius=10, fill=c.WINDOW)
    for door in (470, 900):
        draw.rectangle((door, 700, door + 80, 810), fill=(70, 90, 110))
    for wheel in (440, 1060):
        draw.ellipse((wheel - 60, 760, wheel + 60, 880), fill=(34, 34, 38))
        draw.ellipse((wheel - 24, 796, wheel + 24, 844), fill=(150, 150, 156))
    draw.rectangle((1130, 560, 1190, 610), fill=(30, 30, 34))
    number = caption or str(rng.randint(2, 24))
    c.text_centred(draw, (1160, 585), number, c.font("sans-bold", 36), (250, 180, 40))
    # The stop: shelter and sign.
    draw.rectangle((1300, 440, 1560, 460), fill=c.NAVY_DARK)
    draw.rectangle((1310, 460, 1550, 640), fill=(200, 220, 232))
    draw.rectangle((1310, 460, 1318, 660), fill=c.NAVY_DARK)
    draw.rectangle((1542, 460, 1550, 660), fill=c.NAVY_DARK)
    draw.ellipse((1380, 330, 1460, 410), fill=c.WHITE, outline=c.NAVY, width=6)
    c.text_centred(draw, (1420, 370), "А", c.font("sans-bold", 44), c.NAVY)
    draw.rectangle((1417, 410, 1423, 440), fill=c.NAVY_DARK)
    return image


def signing(rng: random.Random, caption: str = "") -> Image.Image:
    """A signing ceremony: the backdrop with two coats of arms, the table, desk flags, folders."""
    image, draw = c.new_picture(WIDTH, HEIGHT, (232, 236, 242), (210, 216, 226))
    draw.rectangle((160, 60, 1440, 560), fill=c.NAVY)
    draw.rectangle((180, 80, 1420, 540), outline=(212, 178, 90), width=4)
    for x, colours, emblem in (
        (330, (c.NAVY, (250, 200, 40)), "gear"),
        (1270, ((30, 110, 50), (236, 236, 232)), "tower"),
    ):
        badge = shield(*colours, emblem=emblem, size=(170, 200))
        image.paste(badge, (x - 85, 150), badge)
    if caption:
        lines = caption.split("\n")
        for n, line in enumerate(lines):
            c.text_centred(draw, (800, 250 + n * 64), line, c.font("serif-bold", 46), c.WHITE)
    for x in (120, 1530):
        c.flag(draw, x - 60, 140, 460, size=(110, 74))
    # The table with its cloth, two folders and pens, two desk flags.
    draw.rectangle((100, 640, 1500, 700), fill=(26, 56, 98))
    draw.rectangle((0, 860, WIDTH, HEIGHT), fill=(196, 176, 150))
    for x in range(-200, WIDTH, 160):
        draw.line((x, HEIGHT, x + 200, 860), fill=(180, 160, 134), width=3)
    draw.rectangle((140, 700, 1460, 900), fill=(20, 48, 86))
    draw.line((140, 900, 1460, 900), fill=(212, 178, 90), width=6)
    draw.line((100, 700, 1500, 700), fill=(212, 178, 90), width=6)
    for centre in (520, 1080):
        draw.polygon(
            [(centre - 160, 660), (centre + 160, 660), (centre + 190, 700), (centre - 190, 700)],
            fill=(120, 30, 36),
        )
        draw.polygon(
            [(centre - 140, 664), (centre + 140, 664), (centre + 160, 694), (centre - 160, 694)],
            fill=c.WHITE,
        )
        draw.line((centre + 40, 670, centre + 150, 690), fill=(30, 30, 30), width=5)
    for x in (760, 840):
        draw.rectangle((x - 2, 560, x + 2, 660), fill=(180, 160, 100))
        draw.rectangle((x - 40, 656, x + 40, 666), fill=(60, 60, 64))
        stripes = c.RUSSIAN_FLAG
        for n, colour in enumerate(stripes):
            side = 1 if x > 800 else -1
            left, right = sorted((x, x + side * 60))
            draw.rectangle((left, 562 + n * 14, right, 576 + n * 14), fill=colour)
    for x in (400, 640, 960, 1200):
        draw.rounded_rectangle((x - 70, 540, x + 70, 640), radius=30, fill=(60, 40, 34))
    return image


class Scene(NamedTuple):
    draw: Callable[[random.Random, str], Image.Image]
    alt: str


# What each scene shows, for the alt text of the picture (what it shows, not what happened).
SCENES = {
    "city": Scene(city, "Рисунок: городская улица с многоэтажными домами и деревьями"),
    "winter_city": Scene(winter_city, "Рисунок: заснеженная улица и снегоуборочная машина"),
    "administration": Scene(
        administration, "Рисунок: здание администрации с колоннами и флагом России"
    ),
    "factory": Scene(factory, "Рисунок: заводские цеха и дымовые трубы"),
    "park": Scene(park, "Рисунок: сквер с деревьями, скамейками и фонарями"),
    "stage": Scene(stage, "Рисунок: сцена с красным занавесом, хор в лучах прожекторов"),
    "school": Scene(school, "Рисунок: здание школы с часами и флагом России"),
    "stadium": Scene(stadium, "Рисунок: стадион — трибуны, беговая дорожка, футбольное поле"),
    "chess": Scene(chess, "Рисунок: шахматная доска с фигурами и шахматные часы"),
    "clinic": Scene(clinic, "Рисунок: здание поликлиники с красным крестом"),
    "market": Scene(market, "Рисунок: ярмарочные палатки с овощами и фруктами, покупатели"),
    "transport": Scene(transport, "Рисунок: городской автобус у остановки"),
    "signing": Scene(
        signing,
        "Рисунок: стол для подписания соглашения с папками и флажками России, "
        "на заднике — два герба",
    ),
}
