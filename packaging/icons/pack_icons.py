#!/usr/bin/env python3
"""Packs already-rendered PNGs into the Windows .ico and the macOS .icns (PNG entries in both).

Usage: pack_icons.py OUT.ico OUT.icns SIZE=FILE.png...

Both containers are simple: a header, a table (ICO) or a list of typed chunks (ICNS), then the
PNG bytes unchanged. Windows reads PNG entries since Vista, macOS since 10.7.
"""
import struct
import sys

# ICNS chunk types that hold a PNG of the given pixel size; 16@2x and 32@2x share pixels with 32
# and 64, so one PNG may be used under several types.
ICNS_TYPES = [
    (b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"ic12", 64), (b"ic07", 128),
    (b"ic13", 256), (b"ic08", 256), (b"ic14", 512), (b"ic09", 512), (b"ic10", 1024),
]
ICO_SIZES = [16, 24, 32, 48, 64, 256]


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise SystemExit("not a PNG")
    return struct.unpack(">II", data[16:24])


def main():
    ico_out, icns_out, *pairs = sys.argv[1:]
    pngs = {}
    for pair in pairs:
        size, path = pair.split("=", 1)
        with open(path, "rb") as f:
            data = f.read()
        if png_size(data) != (int(size), int(size)):
            raise SystemExit(f"{path} is not {size}x{size}")
        pngs[int(size)] = data

    # ICO: ICONDIR, then one ICONDIRENTRY per image, then the images. 256 is written as 0.
    entries = [(s, pngs[s]) for s in ICO_SIZES]
    offset = 6 + 16 * len(entries)
    head = struct.pack("<HHH", 0, 1, len(entries))
    table = b""
    for s, data in entries:
        dim = 0 if s >= 256 else s
        table += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    with open(ico_out, "wb") as f:
        f.write(head + table + b"".join(d for _, d in entries))

    # ICNS: 'icns' + total length, then chunks of type + length (including the 8-byte header).
    chunks = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[s])) + pngs[s] for kind, s in ICNS_TYPES
    )
    with open(icns_out, "wb") as f:
        f.write(b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks)


if __name__ == "__main__":
    main()
