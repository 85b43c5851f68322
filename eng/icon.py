#!/usr/bin/env python3
"""Writes eng/icon.png, the packages' 128x128 icon: a picture (sun over two hills) on a blue rounded square.

Pure standard library and deterministic (same bytes every run), so the committed PNG can be regenerated and compared:
    python3 eng/icon.py
"""
import os
import struct
import zlib

SIZE = 128
SAMPLES = 4  # 4x4 supersampling per pixel for smooth edges


def inside_rounded_square(x, y, inset, radius):
    lo, hi = inset, SIZE - inset
    if not (lo <= x <= hi and lo <= y <= hi):
        return False
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def colour_at(x, y):
    """RGBA of the point (x, y) in icon coordinates (0..SIZE)."""
    if not inside_rounded_square(x, y, 2, 24):
        return (0, 0, 0, 0)
    t = (x + y) / (2 * SIZE)
    background = (int(30 + 10 * t), int(64 + 90 * t), int(175 + 30 * t), 255)
    # the picture: a light frame with a sky, a sun and two hills
    if inside_rounded_square(x, y, 22, 8):
        if not inside_rounded_square(x, y, 30, 4):
            return (245, 247, 250, 255)  # frame
        if (x - 80) ** 2 + (y - 50) ** 2 <= 11 ** 2:
            return (255, 183, 3, 255)  # sun
        if y >= 98 - 0.9 * (x - 30) and y >= 98 - 0.9 * (66 - x) + 0 and x <= 66:
            return (46, 160, 67, 255)  # near hill (left)
        if y >= 98 - 0.75 * (x - 50) and y >= 98 - 0.75 * (98 - x):
            return (26, 127, 55, 255)  # far hill (right)
        return (176, 224, 255, 255)  # sky
    return background


def pixel(px, py):
    total = [0, 0, 0, 0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            r, g, b, a = colour_at(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
            total[0] += r * a
            total[1] += g * a
            total[2] += b * a
            total[3] += a
    alpha = total[3] / (SAMPLES * SAMPLES)
    if total[3] == 0:
        return bytes((0, 0, 0, 0))
    return bytes((round(total[0] / total[3]), round(total[1] / total[3]), round(total[2] / total[3]), round(alpha)))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    rows = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(SIZE)) for y in range(SIZE))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9))
           + chunk(b"IEND", b""))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(path, "wb") as file:
        file.write(png)
    print(f"wrote {path} ({len(png)} bytes)")


if __name__ == "__main__":
    main()
