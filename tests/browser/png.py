"""A small PNG reader for the browser check: 8-bit RGB or RGBA, non-interlaced (what Chromium
writes for a screenshot), decoded with zlib and the five scanline filters of the PNG spec.
It decodes only the rows asked for (and those before them), so a check of the top of a page
stays quick in pure Python."""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read(data: bytes, rows: int | None = None) -> tuple[int, int, list[bytes]]:
    """(width, height, [RGB(A) bytes of each row]) of the first `rows` rows (all by default)."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    pos, idat, header = len(SIGNATURE), [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    step = 3 if colour == 2 else 4
    stride = width * step
    want = height if rows is None else min(rows, height)
    raw = zlib.decompressobj().decompress(b"".join(idat), want * (stride + 1))
    out, previous = [], bytes(stride)
    for y in range(want):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        previous = _unfilter(line[0], bytearray(line[1:]), previous, step)
        out.append(previous)
    return width, height, out


def _unfilter(kind: int, line: bytearray, up: bytes, step: int) -> bytes:
    if kind == 0:
        return bytes(line)
    if kind == 2:
        return bytes((a + b) & 0xFF for a, b in zip(line, up))
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up[i]) >> 1)) & 0xFF
        else:  # 4: Paeth
            corner = up[i - step] if i >= step else 0
            p = left + up[i] - corner
            pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - corner)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner)) & 0xFF
    return bytes(line)


def vivid_pixels(rows: list[bytes], step: int, spread: int = 80) -> int:
    """Pixels of a strong colour (their channels differ by more than `spread`): chart bars,
    not black or grey text, white paper or the pale tints of table rows."""
    count = 0
    for row in rows:
        for x in range(0, len(row), step):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if max(r, g, b) - min(r, g, b) > spread:
                count += 1
    return count
