"""Draw the portal's icons (static/icons/): an "M+" in white on the portal's blue
(#00447c, as in css/portal.css).

Run once when the mark changes (`.venv/bin/python scripts/make_icons.py`); the files are
committed, and WhiteNoise serves the folder at the site's root too (/favicon.ico,
/apple-touch-icon.png, /manifest.json), where browsers look without being told.
The drawing is on a 64-unit grid, written out as SVG and painted with Pillow alike.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE, WHITE = "#00447c", "#ffffff"
M = [(10, 50), (10, 16), (23, 34), (36, 16), (36, 50)]
PLUS = [(42, 19, 58, 25), (47, 14, 53, 30)]  # the bars as x0, y0, x1, y1
STROKE = 6


def svg() -> str:
    points = " ".join(f"{x},{y}" for x, y in M)
    bars = "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{WHITE}"/>'
        for x0, y0, x1, y1 in PLUS
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{BLUE}"/>'
        f'<polyline points="{points}" fill="none" stroke="{WHITE}" stroke-width="{STROKE}" '
        'stroke-linejoin="round" stroke-linecap="square"/>'
        f"{bars}</svg>\n"
    )


def png(size: int, *, rounded: bool = True) -> Image.Image:
    scale = 8 * size / 64  # drawn large, then scaled down smoothly
    big = Image.new("RGBA", (8 * size, 8 * size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    radius = round(12 * scale) if rounded else 0
    draw.rounded_rectangle((0, 0, 8 * size - 1, 8 * size - 1), radius=radius, fill=BLUE)
    draw.line(
        [(x * scale, y * scale) for x, y in M],
        fill=WHITE,
        width=round(STROKE * scale),
        joint="curve",
    )
    for x0, y0, x1, y1 in PLUS:
        draw.rectangle((x0 * scale, y0 * scale, x1 * scale, y1 * scale), fill=WHITE)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg(), encoding="utf-8")
    png(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # iOS rounds the corners itself and shows transparency as black.
    png(180, rounded=False).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    for size in (192, 512):
        png(size).save(OUT / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
