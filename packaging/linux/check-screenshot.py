#!/usr/bin/env python3
"""Checks that a screenshot of Sigillo's window shows real content, not a blank or flat window.

Usage: check-screenshot.py IMAGE   (any format ImageMagick's `convert` reads)

It fails (exit 1, saying which test failed and the numbers) unless the image
  - is at least 640x400 pixels,
  - has at least 100 distinct colours (text antialiasing, badges, icons),
  - has no single colour covering more than 95% of it (the empty message pane is white),
  - is non-uniform in at least 6 of the 16 cells of a 4x4 grid (content spread over the window),
  - has saturated red, green and blue areas (the demo mailbox's badges and signature dots).
"""
import subprocess
import sys
from collections import Counter


def read_ppm(path):
    data = subprocess.run(
        ["convert", path, "-depth", "8", "ppm:-"], check=True, capture_output=True
    ).stdout
    # P6 header: magic, width, height, maxval, separated by whitespace, then one byte.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos : pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or fields[3] != b"255":
        raise SystemExit(f"unexpected image data from convert: {fields}")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1 : pos + 1 + width * height * 3]


def main():
    path = sys.argv[1]
    width, height, rgb = read_ppm(path)
    pixels = [rgb[i : i + 3] for i in range(0, len(rgb), 3)]
    counts = Counter(pixels)
    dominant_share = counts.most_common(1)[0][1] / len(pixels)

    uneven_cells = 0
    for cy in range(4):
        for cx in range(4):
            seen = set()
            for y in range(cy * height // 4, (cy + 1) * height // 4, 2):
                row = y * width
                for x in range(cx * width // 4, (cx + 1) * width // 4, 2):
                    seen.add(pixels[row + x])
                    if len(seen) > 1:
                        break
                if len(seen) > 1:
                    break
            uneven_cells += len(seen) > 1

    def saturated(channel):
        n = 0
        for colour, count in counts.items():
            c = colour[channel]
            others = [colour[i] for i in range(3) if i != channel]
            if c >= 100 and all(c - o >= 60 for o in others):
                n += count
        return n

    red, green, blue = saturated(0), saturated(1), saturated(2)
    checks = [
        ("size at least 640x400", width >= 640 and height >= 400, f"{width}x{height}"),
        ("at least 100 distinct colours", len(counts) >= 100, f"{len(counts)}"),
        ("no colour over 95%", dominant_share <= 0.95, f"{dominant_share:.1%}"),
        ("content in at least 6 of 16 cells", uneven_cells >= 6, f"{uneven_cells}"),
        ("saturated red, green and blue areas (>= 100 px each)",
         min(red, green, blue) >= 100, f"red {red}, green {green}, blue {blue}"),
    ]
    failed = False
    for name, ok, value in checks:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {value}")
        failed |= not ok
    if failed:
        print(f"!! {path} does not show the app's window with content", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
