"""Writes the demo site's generated requisites: a tiny web font and three small PNGs.

    .venv/bin/python tools/make_demo_assets.py   (needs fontTools, brotli and Pillow)

The font (fonts/harbour-sans.woff2) has a few box-shaped glyphs: enough for a browser to
load and apply it, and for a crawl to archive it as a stylesheet's requisite. Files are
written only when missing, so that their digests (and the demo's expected outputs) stay.
"""

from __future__ import annotations

import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "archiver" / "demo" / "site"


def box(pen: object, width: int, height: int) -> None:
    pen.moveTo((50, 0))  # type: ignore[attr-defined]
    pen.lineTo((50, height))  # type: ignore[attr-defined]
    pen.lineTo((width - 50, height))  # type: ignore[attr-defined]
    pen.lineTo((width - 50, 0))  # type: ignore[attr-defined]
    pen.closePath()  # type: ignore[attr-defined]


def font(path: Path) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    letters = "HarbouCeit"
    names = [".notdef", "space", *letters]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({32: "space", **{ord(c): c for c in letters}})
    glyphs, metrics = {}, {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != "space":
            box(pen, 600, 700)
        glyphs[name] = pen.glyph()
        metrics[name] = (600, 50)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Harbour Sans", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    fb.font.flavor = "woff2"
    fb.save(str(path))


def png(path: Path, source: Path | None, size: tuple[int, int], color: str = "#1c4f6e") -> None:
    from PIL import Image

    image = Image.open(source).convert("RGB").resize(size) if source else Image.new(
        "RGB", size, color)
    image.save(path, optimize=True)


def main() -> int:
    jobs = {
        SITE / "fonts" / "harbour-sans.woff2": lambda p: font(p),
        SITE / "images" / "logo-2x.png": lambda p: png(p, SITE / "images" / "logo.png",
                                                        (320, 64)),
        SITE / "images" / "ferry-holm-thumb.png": lambda p: png(
            p, SITE / "images" / "ferry-holm.png", (48, 27)),
        SITE / "images" / "masthead-wave.png": lambda p: png(p, None, (8, 4)),
    }
    for path, make in jobs.items():
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            make(path)
            print(f"wrote {path.relative_to(SITE)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
