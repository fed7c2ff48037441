#!/usr/bin/python3
"""Counts what a PDF page draws, so the cairo floor draws as much: painted paths (fill and
stroke operators), their segments (line and curve operators) and glyphs (the characters
pdftotext extracts, without whitespace). Also the page size in points.
Prints JSON: {"paths", "segments_per_path", "glyphs", "width_pt", "height_pt"}."""
import json
import re
import subprocess
import sys
import zlib

PAINT = {b"f", b"f*", b"F", b"S", b"s", b"B", b"B*", b"b", b"b*"}
SEGMENT = {b"l", b"c", b"v", b"y"}


def streams(pdf):
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            yield zlib.decompress(m.group(1))
        except zlib.error:
            yield m.group(1)


def main(path):
    pdf = open(path, "rb").read()
    paths = segments = rects = 0
    for s in streams(pdf):
        if b"BT" not in s and not re.search(rb"\s(f|S|B)\s", s):
            continue
        for tok in s.split():
            if tok in PAINT:
                paths += 1
            elif tok in SEGMENT:
                segments += 1
            elif tok == b"re":
                rects += 1
    segments += 4 * rects
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True).stdout
    glyphs = len(re.sub(rb"\s", b"", text).decode("utf-8", "replace"))
    box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", pdf)
    width, height = (float(box.group(3)), float(box.group(4))) if box else (842.0, 595.0)
    print(json.dumps({"paths": paths, "segments_per_path": max(1, round(segments / max(paths, 1))),
                      "glyphs": glyphs, "width_pt": width, "height_pt": height}))


if __name__ == "__main__":
    main(sys.argv[1])
