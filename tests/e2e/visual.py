"""Visual regression: a rendered PDF page against a committed reference PNG, with a perceptual
tolerance, as a user looking at both would judge them.

Two measures, both from numpy over the page pixels:
- structure: the mean SSIM (Wang et al. 2004) of the grey pages over 7x7 windows. It falls when
  lines, text or shapes move, appear or vanish, and barely moves for anti-aliasing noise.
- colour: the share of pixels whose colour (after a 3x3 blur) differs by more than a visible
  step. SSIM on grey alone would miss a red bar turned green of the same brightness.
A page passes when its SSIM is at least MIN_SSIM and at most MAX_COLOUR_SHARE of its pixels
changed colour. scikit-image is not used because Debian's package drags in a second Boost.

The "Generated …" line (the time the PDF was made) is painted over in the page colour on both
sides before comparing.
"""
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

DPI = 50
MIN_SSIM = 0.995
COLOUR_STEP = 48          # of 255, in any channel
MAX_COLOUR_SHARE = 0.0005  # 0.05 % of the page (an 11x11 px block at 50 dpi)


def render_pages(pdf_bytes, dpi=DPI):
    """The PDF's pages as RGB images, with the generated-at line blanked."""
    with tempfile.TemporaryDirectory() as d:
        pdf = Path(d) / "in.pdf"
        pdf.write_bytes(pdf_bytes)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(Path(d) / "page")], check=True)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(d).glob("page*.png"))]
        for box in generated_line_boxes(pdf, dpi):
            page, (x0, y0, x1, y1) = box
            if page < len(pages):
                blank(pages[page], y0, y1)
        return pages


def generated_line_boxes(pdf_path, dpi):
    """(page index, pixel box) of every "Generated" word, from pdftotext's word boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    out, page = [], -1
    k = dpi / 72.0
    for line in html.splitlines():
        line = line.strip()
        if line.startswith("<page "):
            page += 1
        elif line.startswith("<word ") and line.endswith(">Generated</word>"):
            attrs = dict(part.split("=", 1) for part in line[6:line.index(">")].split())
            nums = {key: float(v.strip('"')) for key, v in attrs.items()}
            out.append((page, (nums["xMin"] * k, nums["yMin"] * k, nums["xMax"] * k, nums["yMax"] * k)))
    return out


def blank(img, y0, y1):
    """Paints the full-width band y0..y1 (pixels, widened by 2) in the page's colour (the
    pixel at the left edge of the band: the page margin)."""
    px = np.asarray(img).copy()
    top, bottom = max(0, int(y0) - 2), min(px.shape[0], int(y1) + 3)
    px[top:bottom, :, :] = px[top, 0, :]
    img.paste(Image.fromarray(px))


def box_mean(a, r):
    """Mean over (2r+1)^2 windows, same shape, edges clamped (integral image)."""
    p = np.pad(a, r + 1, mode="edge").cumsum(0).cumsum(1)
    n = 2 * r + 1
    s = p[n:, n:] - p[:-n, n:] - p[n:, :-n] + p[:-n, :-n]
    return s[: a.shape[0], : a.shape[1]] / (n * n)


def ssim(a, b, r=3):
    """Mean SSIM of two grey images (float arrays 0..255)."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    ma, mb = box_mean(a, r), box_mean(b, r)
    va = box_mean(a * a, r) - ma * ma
    vb = box_mean(b * b, r) - mb * mb
    cov = box_mean(a * b, r) - ma * mb
    s = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(s.mean())


def compare(actual, reference):
    """(ssim, colour share, mask of changed pixels) of two same-size RGB images."""
    a = np.asarray(actual, dtype=np.float64)
    b = np.asarray(reference, dtype=np.float64)
    grey = lambda x: x[..., 0] * 0.299 + x[..., 1] * 0.587 + x[..., 2] * 0.114  # noqa: E731
    s = ssim(grey(a), grey(b))
    blur_a = np.stack([box_mean(a[..., c], 1) for c in range(3)], axis=-1)
    blur_b = np.stack([box_mean(b[..., c], 1) for c in range(3)], axis=-1)
    changed = np.abs(blur_a - blur_b).max(axis=-1) > COLOUR_STEP
    return s, float(changed.mean()), changed


def diff_image(actual, reference, changed):
    """The reference faded, changed pixels in red, beside the actual page: what to look at."""
    ref = np.asarray(reference, dtype=np.float64)
    faded = 255 - (255 - ref) * 0.35
    faded[changed] = [230, 0, 0]
    left = Image.fromarray(faded.astype(np.uint8))
    out = Image.new("RGB", (left.width * 2 + 8, left.height), (128, 128, 128))
    out.paste(left, (0, 0))
    out.paste(actual, (left.width + 8, 0))
    return out
