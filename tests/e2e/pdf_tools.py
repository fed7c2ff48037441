"""Look at a PDF the way a user would: poppler's pdfinfo, pdftotext and pdftoppm."""
import subprocess
import tempfile
from pathlib import Path


def pdfinfo(pdf_bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    info = {}
    for line in out.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


def pdftotext(pdf_bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def pages_as_gray(pdf_bytes, dpi=60):
    """Every page as (width, height, bytes) of 8-bit gray pixels."""
    with tempfile.TemporaryDirectory() as d:
        pdf = Path(d) / "in.pdf"
        pdf.write_bytes(pdf_bytes)
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(Path(d) / "page")], check=True)
        return [read_pgm(p.read_bytes()) for p in sorted(Path(d).glob("page*.pgm"))]


def read_pgm(data):
    # binary PGM: "P5\n<w> <h>\n<max>\n" then w*h bytes
    parts = []
    pos = 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    assert parts[0] == b"P5"
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def ink_ratio(page, x0, y0, x1, y1, background_threshold=235):
    """Share of pixels darker than the background in the box (fractions of the page)."""
    w, h, px = page
    xs, xe = int(x0 * w), int(x1 * w)
    ys, ye = int(y0 * h), int(y1 * h)
    total = dark = 0
    for y in range(ys, ye):
        row = px[y * w + xs:y * w + xe]
        total += len(row)
        dark += sum(1 for v in row if v < background_threshold)
    return dark / max(total, 1)


def word_boxes(pdf_bytes):
    """Every word of page 1 with its box in fractions of the page: [(word, x0, y0, x1, y1)]."""
    import html
    import re
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", f.name, "-"],
                             capture_output=True, text=True, check=True).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    w, h = float(page.group(1)), float(page.group(2))
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        words.append((html.unescape(m.group(5)), x0 / w, y0 / h, x1 / w, y1 / h))
    return words


def find_word(words, text):
    for w in words:
        if w[0] == text:
            return w
    raise AssertionError(f"{text!r} not found on the page")
