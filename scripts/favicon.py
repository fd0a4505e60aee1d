#!/usr/bin/env python3
"""favicon.py: draws the default theme's icon, templates/static/favicon.svg and favicon.ico.

The mark is a front page: a rounded square in the theme's accent blue (#0b5394, galley.css) with
a white headline block and three lines of text. Its shapes sit on even coordinates of a 32-unit
grid, so the 16- and 32-pixel renderings in the ICO are sharp. The ICO holds PNG images (Windows
Vista and later, every current browser), made here with the standard library only: run
`python3 scripts/favicon.py` from the repository root after changing the mark; the output is
the same on every run.
"""
import struct
import zlib
from pathlib import Path

ACCENT = (0x0B, 0x53, 0x94)
WHITE = (0xFF, 0xFF, 0xFF)
RADIUS = 6
# x, y, width, height on the 32-unit grid
BARS = [(6, 6, 20, 6), (6, 16, 20, 2), (6, 20, 20, 2), (6, 24, 12, 2)]

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" rx="{RADIUS}" fill="#{"%02x%02x%02x" % ACCENT}"/>'
    '<path fill="#fff" d="' + "".join(f"M{x} {y}h{w}v{h}H{x}z" for x, y, w, h in BARS) + '"/>'
    "</svg>\n"
)


def inside_square(x, y):
    """Whether grid point (x, y) is inside the rounded square."""
    cx = min(max(x, RADIUS), 32 - RADIUS)
    cy = min(max(y, RADIUS), 32 - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2


def colour_at(x, y):
    for bx, by, bw, bh in BARS:
        if bx <= x < bx + bw and by <= y < by + bh:
            return WHITE
    return ACCENT


def render(size, samples=8):
    """RGBA rows, each pixel averaged over samples x samples points (smooth corners)."""
    scale = 32 / size
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * scale
                    y = (py + (sy + 0.5) / samples) * scale
                    if inside_square(x, y):
                        c = colour_at(x, y)
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            n = acc[3]
            if n == 0:
                row += bytes(4)
            else:
                row += bytes([round(acc[0] / n), round(acc[1] / n), round(acc[2] / n), round(255 * n / samples ** 2)])
        rows.append(bytes(row))
    return rows


def png(size):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + row for row in render(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def ico(sizes):
    images = [png(s) for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for s, data in zip(sizes, images):
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(images)


if __name__ == "__main__":
    static = Path("templates/static")
    (static / "favicon.svg").write_text(SVG, encoding="utf-8")
    (static / "favicon.ico").write_bytes(ico([16, 32]))
    print(SVG, end="")
