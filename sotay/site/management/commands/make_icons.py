"""Draw the app icons (PNG, for the web app manifest) from the same shapes as `sotay/icon.svg`.

Pure Python (zlib): no imaging library is needed to build or run Sổ tay. The PNGs are committed; run
this again only when the icon changes:

    .venv/bin/python manage.py make_icons
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

# The star of icon.svg, in its 32×32 box.
STAR = [
    (16, 6),
    (18.9, 12.1),
    (25.5, 12.9),
    (20.6, 17.5),
    (21.9, 24),
    (16, 20.8),
    (10.1, 24),
    (11.4, 17.5),
    (6.5, 12.9),
    (13.1, 12.1),
]
RED, GOLD = (0xA1, 0x12, 0x1B), (0xFF, 0xD5, 0x4A)
SAMPLES = 4  # per axis: 16 samples a pixel smooth the star's edges


def _inside(x: float, y: float, poly: list[tuple[float, float]]) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def draw(size: int, *, maskable: bool) -> bytes:
    """A square PNG: red background (full bleed when maskable, so the launcher's mask crops red) and the
    gold star, shrunk into the maskable safe zone (the central 80%) when maskable."""
    scale = 0.8 if maskable else 1.0
    offset = 16 * (1 - scale)
    star = [(offset + x * scale, offset + y * scale) for x, y in STAR]
    radius = 0 if maskable else 6
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            gold = red = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) * 32 / size
                    y = (py + (sy + 0.5) / SAMPLES) * 32 / size
                    dx, dy = max(radius - x, 0, x - (32 - radius)), max(radius - y, 0, y - (32 - radius))
                    if radius and dx * dx + dy * dy > radius * radius:
                        continue
                    if _inside(x, y, star):
                        gold += 1
                    else:
                        red += 1
            total = SAMPLES * SAMPLES
            alpha = (gold + red) / total
            color = [round((g * gold + r * red) / max(gold + red, 1)) for g, r in zip(GOLD, RED, strict=True)]
            row += bytes([*color, round(alpha * 255)])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


ICONS = {"icon-192.png": (192, False), "icon-512.png": (512, False), "icon-maskable-512.png": (512, True)}


class Command(BaseCommand):
    help = "Draw the app icons (PNG) into sotay/site/static/site/."

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(__file__).resolve().parents[2] / "static" / "site"
        target.mkdir(parents=True, exist_ok=True)
        for name, (size, maskable) in ICONS.items():
            (target / name).write_bytes(draw(size, maskable=maskable))
            self.stdout.write(f"{target / name}")
