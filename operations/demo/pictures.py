"""Demo pictures drawn with Pillow: scenes of the events the demo articles report (a signing ceremony,
a conference, a classroom, a scholarship hand-over) and emblems for the organizations.

No photograph is copied: every picture is drawn from plain shapes, with its Vietnamese banner text set
in a TrueType font that has every Vietnamese glyph. The same seed always gives the same picture."""

import io
import math
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1200, 675
# Shapes are drawn at twice the size and scaled down: Pillow draws without anti-aliasing.
SUPERSAMPLE = 2
JPEG_QUALITY = 80

# Debian's fonts-dejavu-core (installed by .ci/run); Liberation and Noto, where present, also cover
# Vietnamese. The PyPI font packages checked (Lato, Red Hat Display) lack the stacked-diacritic glyphs.
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/noto"),
]
FONT_FILES = {
    ("sans", False): ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf"],
    ("sans", True): ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "NotoSans-Bold.ttf"],
    ("serif", False): ["DejaVuSerif.ttf", "LiberationSerif-Regular.ttf", "NotoSerif-Regular.ttf"],
    ("serif", True): ["DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf", "NotoSerif-Bold.ttf"],
}
MISSING_FONT_WARNING = (
    "Không tìm thấy phông chữ TrueType có đủ dấu tiếng Việt (gói Debian fonts-dejavu-core): "
    "ảnh trình diễn được vẽ không kèm chữ."
)

SKIN = [(241, 200, 165), (226, 180, 140), (235, 190, 150), (214, 165, 125)]
HAIR = [(30, 25, 22), (45, 35, 30), (20, 20, 20), (60, 50, 45)]
SUITS = [(28, 38, 62), (40, 40, 45), (58, 62, 70), (30, 50, 80)]
UNIFORMS = {"quan_su": (74, 92, 52), "bien_phong": (62, 88, 60), "cong_an": (96, 110, 60)}
BANNER_COLOURS = [(176, 28, 36), (12, 74, 140), (150, 20, 30), (10, 96, 120), (120, 24, 60)]
GOLD = (250, 214, 80)
WHITE = (255, 255, 255)


@cache
def font_path(style: str = "sans", bold: bool = False) -> Path | None:
    for directory in FONT_DIRS:
        for name in FONT_FILES[(style, bold)]:
            if (directory / name).is_file():
                return directory / name
    return None


def fonts_available() -> bool:
    return font_path("sans", True) is not None


@cache
def font(size: int, *, bold: bool = False, style: str = "sans"):
    path = font_path(style, bold)
    return ImageFont.truetype(str(path), size) if path else None


@dataclass(frozen=True)
class Scene:
    """What one picture shows. ``kind``: signing, conference, classroom or scholarship."""

    kind: str
    banner: tuple = ()  # lines of the stage banner (or the blackboard), first one small
    people: tuple = ("suit", "suit")  # dress of the people at the table or on the stage
    seed: int = 0
    extra: dict = field(default_factory=dict)


class Canvas:
    """A drawing surface in 1200×675 coordinates, drawn at SUPERSAMPLE times the size."""

    def __init__(self, background=(235, 228, 214)):
        self.image = Image.new("RGB", (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def box(*xy):
        return [round(v * SUPERSAMPLE) for v in xy]

    def rect(self, x0, y0, x1, y1, *, fill, outline=None, width=1, radius=0):
        if radius:
            self.draw.rounded_rectangle(
                self.box(x0, y0, x1, y1), radius * SUPERSAMPLE, fill=fill, outline=outline, width=width * SUPERSAMPLE
            )
        else:
            self.draw.rectangle(self.box(x0, y0, x1, y1), fill=fill, outline=outline, width=width * SUPERSAMPLE)

    def ellipse(self, x0, y0, x1, y1, *, fill, outline=None, width=1):
        self.draw.ellipse(self.box(x0, y0, x1, y1), fill=fill, outline=outline, width=width * SUPERSAMPLE)

    def polygon(self, points, fill):
        self.draw.polygon([(round(x * SUPERSAMPLE), round(y * SUPERSAMPLE)) for x, y in points], fill=fill)

    def line(self, points, fill, width=1):
        self.draw.line([(x * SUPERSAMPLE, y * SUPERSAMPLE) for x, y in points], fill=fill, width=width * SUPERSAMPLE)

    def text_centered(self, text, centre_x, top, max_width, size, *, fill, bold=True, style="sans"):
        """Set ``text`` centred, shrinking the size until it fits ``max_width``; returns the bottom edge."""
        while size > 8:
            typeface = font(size * SUPERSAMPLE, bold=bold, style=style)
            if typeface is None:
                return top + size
            left, upper, right, lower = self.draw.textbbox((0, 0), text, font=typeface)
            if right - left <= max_width * SUPERSAMPLE:
                break
            size -= 2
        x = centre_x * SUPERSAMPLE - (right - left) / 2 - left
        self.draw.text((x, top * SUPERSAMPLE - upper), text, font=typeface, fill=fill)
        return top + (lower - upper) / SUPERSAMPLE

    def finish(self) -> Image.Image:
        return self.image.reduce(SUPERSAMPLE)


def star_points(cx, cy, outer, inner=None):
    inner = inner or outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def national_flag(canvas, x, y, width):
    """A flag on its pole: red field, gold star."""
    height = width * 2 / 3
    canvas.rect(x - 4, y - 10, x, y + height * 2.6, fill=(150, 130, 90))
    canvas.rect(x, y, x + width, y + height, fill=(218, 37, 29))
    canvas.polygon(star_points(x + width / 2, y + height / 2, height * 0.32), fill=(255, 221, 0))


def flowers(canvas, rng, cx, base_y, spread):
    canvas.polygon(
        [
            (cx - spread * 0.45, base_y),
            (cx + spread * 0.45, base_y),
            (cx + spread * 0.3, base_y + 26),
            (cx - spread * 0.3, base_y + 26),
        ],
        fill=(120, 72, 40),
    )
    for _ in range(int(spread / 4)):
        fx = cx + rng.uniform(-spread / 2, spread / 2)
        fy = base_y - rng.uniform(0, spread * 0.35)
        canvas.ellipse(fx - 9, fy - 6, fx + 9, fy + 6, fill=(46, 120, 56))
    for _ in range(int(spread / 5)):
        fx = cx + rng.uniform(-spread / 2.2, spread / 2.2)
        fy = base_y - rng.uniform(4, spread * 0.4)
        colour = rng.choice([(230, 60, 70), (250, 200, 60), (245, 245, 240), (240, 120, 150), (250, 140, 40)])
        canvas.ellipse(fx - 7, fy - 7, fx + 7, fy + 7, fill=colour)


def person(canvas, rng, cx, shoulder_y, *, scale=1.0, dress="suit", seated=True, facing=True):
    """A figure from the waist up: body, collar, head and hair."""
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    if dress in UNIFORMS:
        body = UNIFORMS[dress]
    elif dress == "ao_dai":
        body = rng.choice([(200, 40, 60), (30, 90, 160), (230, 200, 90)])
    elif dress == "student":
        body = (246, 246, 246)
    else:
        body = rng.choice(SUITS)
    w = 46 * scale
    height = 120 * scale if seated else 200 * scale
    canvas.rect(cx - w, shoulder_y, cx + w, shoulder_y + height, fill=body, radius=int(18 * scale))
    if facing and dress not in ("ao_dai", "student"):
        canvas.polygon(
            [(cx - 14 * scale, shoulder_y), (cx + 14 * scale, shoulder_y), (cx, shoulder_y + 42 * scale)],
            fill=(250, 250, 250),
        )
        if dress == "suit":
            canvas.polygon(
                [
                    (cx - 4 * scale, shoulder_y + 6 * scale),
                    (cx + 4 * scale, shoulder_y + 6 * scale),
                    (cx, shoulder_y + 40 * scale),
                ],
                fill=rng.choice([(160, 30, 40), (40, 60, 120)]),
            )
    if dress == "student" and facing:
        canvas.polygon(
            [(cx - 16 * scale, shoulder_y), (cx + 16 * scale, shoulder_y), (cx, shoulder_y + 22 * scale)],
            fill=(210, 30, 40),
        )
    head = 24 * scale
    neck_y = shoulder_y - 4 * scale
    canvas.rect(cx - 8 * scale, neck_y - 8 * scale, cx + 8 * scale, neck_y + 6 * scale, fill=skin)
    canvas.ellipse(cx - head, neck_y - 2.1 * head, cx + head, neck_y - 0.1 * head, fill=skin if facing else hair)
    canvas.draw.chord(
        canvas.box(cx - head - 1, neck_y - 2.2 * head, cx + head + 1, neck_y - 0.9 * head), 180, 360, fill=hair
    )
    if dress in UNIFORMS:
        canvas.rect(cx - head * 1.15, neck_y - 2.25 * head, cx + head * 1.15, neck_y - 1.75 * head, fill=body)
        canvas.ellipse(cx - 5 * scale, neck_y - 2.2 * head, cx + 5 * scale, neck_y - 1.8 * head, fill=GOLD)


def stage_backdrop(canvas, rng, lines, *, top=36, bottom=300, left=120, right=1080):
    colour = rng.choice(BANNER_COLOURS)
    canvas.rect(left - 10, top - 10, right + 10, bottom + 10, fill=(95, 20, 24))
    canvas.rect(left, top, right, bottom, fill=colour)
    lighter = tuple(min(255, c + 40) for c in colour)
    for offset in range(0, int(right - left) - 120, 60):
        canvas.line([(left + offset, bottom), (left + offset + 120, top)], fill=lighter, width=1)
    canvas.rect(left, bottom - 18, right, bottom, fill=lighter)
    emblem_x = left + 62
    canvas.ellipse(emblem_x - 42, top + 26, emblem_x + 42, top + 110, fill=GOLD)
    canvas.ellipse(emblem_x - 32, top + 36, emblem_x + 32, top + 100, fill=(218, 37, 29))
    canvas.polygon(star_points(emblem_x, top + 68, 22), fill=GOLD)
    text_width = right - left - 180
    centre = (left + right) / 2 + 50
    y = top + 24
    sizes = [22, 40, 30, 20]
    colours = [WHITE, GOLD, WHITE, WHITE]
    for index, text in enumerate(lines[:4]):
        bottom_edge = canvas.text_centered(
            text,
            centre,
            y,
            text_width,
            sizes[index],
            fill=colours[index],
            bold=index < 3,
            style="serif" if index == 3 else "sans",
        )
        y = bottom_edge + (14 if index < 2 else 10)
    return colour


def wall_and_floor(canvas, rng, floor_y):
    wall = rng.choice([(232, 224, 208), (226, 218, 200), (236, 230, 220)])
    canvas.rect(0, 0, WIDTH, floor_y, fill=wall)
    for x in range(0, WIDTH, 150):
        canvas.rect(x, 0, x + 6, floor_y, fill=tuple(c - 12 for c in wall))
    floor = rng.choice([(150, 96, 60), (128, 84, 56), (170, 40, 46)])
    canvas.rect(0, floor_y, WIDTH, HEIGHT, fill=floor)


def audience(canvas, rng, rows, top, *, back=True, dress_choices=("suit",)):
    for row in range(rows):
        y = top + row * 70
        scale = 0.9 + row * 0.22
        step = 110 * scale
        start = rng.uniform(-step / 2, 0)
        x = start
        while x < WIDTH + step:
            person(canvas, rng, x, y, scale=scale, dress=rng.choice(dress_choices), facing=not back)
            x += step * rng.uniform(0.9, 1.1)


def signing(scene: Scene) -> Image.Image:
    rng = random.Random(scene.seed)
    canvas = Canvas()
    wall_and_floor(canvas, rng, 360)
    stage_backdrop(canvas, rng, scene.banner)
    national_flag(canvas, 40, 60, 66)
    national_flag(canvas, 1094, 60, 66)
    people = list(scene.people)
    count = len(people)
    table_left, table_right = 90, 1110
    spacing = (table_right - table_left) / count
    for index, dress in enumerate(people):
        cx = table_left + spacing * (index + 0.5)
        person(canvas, rng, cx, 390, scale=min(1.0, 3.2 / count + 0.35), dress=dress)
    tablecloth = rng.choice([(246, 246, 240), (30, 110, 70), (20, 70, 130)])
    canvas.rect(table_left - 20, 455, table_right + 20, 470, fill=(250, 250, 250))
    canvas.rect(table_left - 20, 470, table_right + 20, 575, fill=tablecloth)
    skirt = tuple(max(0, c - 30) for c in tablecloth)
    for x in range(int(table_left) - 20, int(table_right) + 20, 34):
        canvas.line([(x, 470), (x, 575)], fill=skirt, width=2)
    for index in range(count):
        cx = table_left + spacing * (index + 0.5)
        canvas.polygon([(cx - 40, 462), (cx + 30, 462), (cx + 46, 452), (cx - 24, 452)], fill=(252, 252, 252))
        canvas.rect(cx - 34, 476, cx + 34, 498, fill=(250, 250, 250), outline=(160, 160, 160))
        canvas.line([(cx + 14, 454), (cx + 40, 446)], fill=(20, 20, 60), width=2)
    flowers(canvas, rng, WIDTH / 2, 575, 180)
    audience(canvas, rng, 1, 640, back=True)
    return canvas.finish()


def conference(scene: Scene) -> Image.Image:
    rng = random.Random(scene.seed)
    canvas = Canvas()
    wall_and_floor(canvas, rng, 330)
    stage_backdrop(canvas, rng, scene.banner, top=30, bottom=250, left=140, right=1060)
    national_flag(canvas, 60, 50, 60)
    presidium = scene.extra.get("presidium", 5)
    left, right = 250, 950
    spacing = (right - left) / presidium
    for index in range(presidium):
        person(canvas, rng, left + spacing * (index + 0.5), 300, scale=0.62, dress=rng.choice(scene.people))
    canvas.rect(left - 20, 330, right + 20, 392, fill=(250, 250, 246))
    canvas.rect(left - 20, 342, right + 20, 392, fill=(28, 96, 60))
    # The lectern, at the side, with its emblem.
    canvas.rect(1000, 300, 1080, 420, fill=(120, 70, 40))
    canvas.ellipse(1024, 320, 1056, 352, fill=GOLD)
    canvas.line([(1030, 300), (1016, 270)], fill=(30, 30, 30), width=2)
    flowers(canvas, rng, 600, 392, 140)
    audience(canvas, rng, 4, 450, back=True, dress_choices=(*scene.people, "suit"))
    return canvas.finish()


def classroom(scene: Scene) -> Image.Image:
    rng = random.Random(scene.seed)
    canvas = Canvas(background=(238, 232, 200))
    canvas.rect(0, 0, WIDTH, 420, fill=(240, 234, 206))
    canvas.rect(0, 420, WIDTH, HEIGHT, fill=(176, 140, 100))
    for x in (40, 1020):
        canvas.rect(x, 60, x + 140, 260, fill=(170, 210, 235), outline=(120, 90, 60), width=6)
        canvas.line([(x + 70, 60), (x + 70, 260)], fill=(120, 90, 60), width=4)
    canvas.rect(250, 50, 950, 320, fill=(30, 80, 58), outline=(150, 110, 70), width=12)
    y = 80
    for index, text in enumerate(scene.banner[:4]):
        y = canvas.text_centered(
            text, 600, y, 620, [22, 38, 26, 20][index], fill=(240, 240, 230), bold=index == 1, style="serif"
        )
        y += 18
    person(canvas, rng, 1000, 300, scale=0.9, dress=rng.choice(["ao_dai", "suit"]), seated=False)
    for row in range(3):
        y_row = 430 + row * 85
        scale = 0.75 + row * 0.18
        count = 5 - row
        for index in range(count):
            cx = (index + 0.5) * WIDTH / count + rng.uniform(-20, 20)
            person(canvas, rng, cx, y_row, scale=scale, dress="student", facing=False)
            canvas.rect(cx - 90 * scale, y_row + 70 * scale, cx + 90 * scale, y_row + 95 * scale, fill=(140, 96, 60))
    return canvas.finish()


def scholarship(scene: Scene) -> Image.Image:
    rng = random.Random(scene.seed)
    canvas = Canvas()
    wall_and_floor(canvas, rng, 380)
    stage_backdrop(canvas, rng, scene.banner, top=30, bottom=240)
    count = scene.extra.get("students", 6)
    left, right = 80, 1120
    spacing = (right - left) / count
    amount = scene.extra.get("amount", "2.000.000 đồng")
    for index in range(count):
        cx = left + spacing * (index + 0.5)
        person(canvas, rng, cx, 350, scale=0.95, dress="student", seated=False)
        canvas.rect(cx - 62, 410, cx + 62, 492, fill=(255, 250, 236), outline=(200, 40, 40), width=3)
        canvas.text_centered("HỌC BỔNG", cx, 420, 110, 20, fill=(190, 30, 30))
        canvas.text_centered(amount, cx, 452, 112, 14, fill=(40, 40, 40), bold=False)
        flowers(canvas, rng, cx + 40, 520, 50)
    audience(canvas, rng, 1, 620, back=True)
    return canvas.finish()


SCENES = {"signing": signing, "conference": conference, "classroom": classroom, "scholarship": scholarship}


def draw_scene(scene: Scene) -> Image.Image:
    image = SCENES[scene.kind](scene)
    # A touch of softness, as a camera gives, so the flat shapes read as a photograph on the page.
    return image.filter(ImageFilter.GaussianBlur(0.4))


def scene_jpeg(scene: Scene) -> bytes:
    buffer = io.BytesIO()
    draw_scene(scene).save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


# Emblem colours by organization kind: (field, ring, symbol).
EMBLEM_COLOURS = {
    "khuyen_hoc": ((12, 90, 160), GOLD, WHITE),
    "doan_thanh_nien": ((20, 100, 200), (218, 37, 29), WHITE),
    "cong_an": ((190, 30, 40), GOLD, GOLD),
    "quan_su": ((60, 90, 50), (218, 37, 29), GOLD),
    "bien_phong": ((40, 110, 80), GOLD, GOLD),
    "giao_duc": ((0, 120, 130), WHITE, WHITE),
    "truong_hoc": ((120, 40, 110), GOLD, WHITE),
    "mat_tran": ((200, 30, 40), GOLD, GOLD),
    "lien_doan_lao_dong": ((20, 70, 150), (218, 37, 29), WHITE),
    "hoi_phu_nu": ((210, 60, 120), WHITE, WHITE),
    "hoi_nong_dan": ((30, 130, 60), GOLD, GOLD),
}


def emblem_png(initials: str, place: str, kind: str, *, size: int = 240) -> bytes:
    """A round emblem: coloured field, ring, a star or an open book, the initials and the place."""
    field_colour, ring, symbol = EMBLEM_COLOURS.get(kind, ((80, 80, 90), WHITE, WHITE))
    scale = size * SUPERSAMPLE / 240
    image = Image.new("RGBA", (size * SUPERSAMPLE, size * SUPERSAMPLE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)

    def s(*values):
        return [v * scale for v in values]

    draw.ellipse(s(6, 6, 234, 234), fill=ring)
    draw.ellipse(s(18, 18, 222, 222), fill=field_colour)
    if kind in ("khuyen_hoc", "truong_hoc", "giao_duc"):
        draw.polygon(s(60, 70, 118, 82, 118, 128, 60, 116), fill=symbol)
        draw.polygon(s(122, 82, 180, 70, 180, 116, 122, 128), fill=symbol)
    else:
        draw.polygon([(x * scale, y * scale) for x, y in star_points(120, 96, 38)], fill=symbol)
    for text, top, largest in ((initials, 138, 40), (place.upper(), 186, 17)):
        points = largest
        typeface = font(int(points * scale), bold=True)
        if typeface is None:
            continue
        while draw.textlength(text, font=typeface) > 170 * scale and points > 8:
            points -= 2
            typeface = font(int(points * scale), bold=True)
        width = draw.textlength(text, font=typeface)
        draw.text(((240 * scale - width) / 2, top * scale), text, font=typeface, fill=WHITE)
    buffer = io.BytesIO()
    image.reduce(SUPERSAMPLE).save(buffer, format="PNG")
    return buffer.getvalue()
