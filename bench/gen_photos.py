#!/usr/bin/env python3
"""Generate synthetic photos for Galley's image benchmark (bench/images.sh).

    python3 bench/gen_photos.py --count N --out DIR [--seed 1] [--width 2400 --height 1600]
                                [--quality 90] [--jobs CORES]

Writes DIR/p0001.jpg ... DIR/pNNNN.jpg and DIR/photos.tsv (one row a photo: name, stored width and
height, EXIF orientation, upright width and height, GPS yes/no, bytes), and prints the total bytes.

The pictures are not flat colours: each is a landscape-like scene (a sky gradient with soft clouds,
a wavy horizon, a textured ground, a few soft-edged shapes, a vignette) whose texture is 1/f^a
("pink") noise made with an inverse FFT, the spectrum natural photos have, plus sensor noise. Its
detail varies from photo to photo, so that at 2400x1600 and --quality 90 the files come out at
300-950 KB (median about 580 KB), and a JPEG decoder or encoder works on them about as hard as on
camera photos. Baseline 4:2:0 JPEGs with optimised Huffman tables, as cjpeg writes them.

Every photo has an EXIF APP1 segment (Make, Model, DateTime, Orientation), written here:
  - every 7th (p0007, p0014, ...) has Orientation 6 (rotate 90 degrees clockwise to view): its
    pixels are stored WIDTH x HEIGHT, sideways, and it is HEIGHT x WIDTH upright, as a camera held in
    portrait writes it; the others have Orientation 1;
  - every 5th (p0005, p0010, ...) has a GPS IFD (latitude, longitude, altitude).
Everything is a pure function of --seed, the index and the size: same arguments, same bytes.

Needs numpy and libjpeg-turbo's cjpeg (apt-get install -y libjpeg-turbo-progs). About 0.4 s of
CPU a photo: 2,000 photos take about 7 minutes on 2 idle cores.
"""
import argparse
import ctypes
import multiprocessing
import os
import shutil
import struct
import subprocess
import sys

import numpy as np

CAMERAS = [("Fujifilm", "X-T4"), ("Canon", "EOS R6"), ("Nikon", "Z 6II"), ("Sony", "ILCE-7M3")]


def pink(rng, h, w, alpha):
    """A field of 1/f^alpha noise, h x w, mean 0 and standard deviation 1 (float32)."""
    fy = np.fft.fftfreq(h).astype(np.float32)[:, None]
    fx = np.fft.rfftfreq(w).astype(np.float32)[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1
    amp = f ** np.float32(-alpha)
    amp[0, 0] = 0
    # Complex white noise (random phases, Rayleigh amplitudes) shaped by 1/f^alpha.
    spectrum = rng.standard_normal((h, 2 * (w // 2 + 1)), dtype=np.float32).view(np.complex64)
    spectrum *= amp
    out = np.fft.irfft2(spectrum, s=(h, w)).astype(np.float32, copy=False)
    out /= out.std() + np.float32(1e-9)
    return out


def upscale(a, h, w):
    """A low-resolution field stretched to h x w by bilinear interpolation (float32)."""
    def axis(n, size):
        pos = (np.arange(size, dtype=np.float32) + 0.5) * (n / size) - 0.5
        pos = np.clip(pos, 0, n - 1)
        lo = np.minimum(pos.astype(np.int64), n - 2) if n > 1 else np.zeros(size, np.int64)
        return lo, np.minimum(lo + 1, n - 1), (pos - lo).astype(np.float32)
    y0, y1, fy = axis(a.shape[0], h)
    x0, x1, fx = axis(a.shape[1], w)
    rows = a[y0] * (1 - fy)[:, None] + a[y1] * fy[:, None]
    return rows[:, x0] * (1 - fx)[None, :] + rows[:, x1] * fx[None, :]


def smoothstep(x):
    x = np.clip(x, 0, 1)
    return x * x * (3 - 2 * x)


def scene(rng, h, w):
    """An upright h x w x 3 picture, float32 in 0..255."""
    f32 = np.float32
    # How busy and sharp the picture is: 0.05 (soft, smooth: about 300 KB at 2400x1600) .. 0.8 (800 KB).
    detail = 0.05 + 0.75 * rng.random()
    ys = np.linspace(0, 1, h, dtype=f32)[:, None]
    xs = np.linspace(0, 1, w, dtype=f32)[None, :]
    img = np.empty((h, w, 3), f32)

    # A wavy horizon; above it the sky (a vertical gradient with soft clouds), below it the ground,
    # textured with full-resolution pink noise and tinted by lower-resolution colour noise.
    wave = upscale(pink(rng, 4, w // 32, 1.5), 4, w)[0]
    horizon = f32(rng.uniform(0.35, 0.65)) + f32(0.05) * wave  # one per column
    below = smoothstep((ys - horizon[None, :]) / f32(0.004) + f32(0.5))
    texture = pink(rng, h, w, 1.35 - 0.35 * detail)
    clouds = np.clip(upscale(pink(rng, h // 16, w // 16, 1.6), h, w), 0, None)
    clouds *= f32(0.06 + 0.1 * rng.random())
    chroma = upscale(pink(rng, h // 8, w // 8, 1.2), h, w)
    chroma *= f32(0.06)
    grain = f32(0.1 + 0.22 * detail) * texture
    grain += f32(1)
    top = rng.uniform([0.15, 0.25, 0.45], [0.45, 0.55, 0.85])
    low = np.clip(top + rng.uniform(0.15, 0.4), 0, 1)
    tone = rng.uniform([0.1, 0.15, 0.05], [0.5, 0.5, 0.35])
    for c, tint in enumerate((1.0, -0.5, -0.3)):
        sky = f32(top[c]) + f32(low[c] - top[c]) * ys + clouds
        ground = (f32(tone[c] * 0.55) + f32(tone[c] * 0.45) * ys) * grain + f32(tint) * chroma
        img[..., c] = sky + (ground - sky) * below

    # A few soft-edged shapes (buildings, boats, people at a distance), textured like the ground,
    # each drawn only within its bounding box.
    for _ in range(rng.integers(3, 9)):
        cx, cy = rng.uniform(0.05, 0.95), rng.uniform(0.3, 0.95)
        rx, ry = rng.uniform(0.02, 0.2), rng.uniform(0.02, 0.25)
        colour = rng.uniform(0.05, 0.9, 3)
        soft = rng.uniform(0.002, 0.05) / min(rx, ry)  # the blur of its edge: some in focus, some not
        y0, y1 = max(0, int((cy - ry * (1 + soft)) * h)), min(h, int((cy + ry * (1 + soft)) * h) + 1)
        x0, x1 = max(0, int((cx - rx * (1 + soft)) * w)), min(w, int((cx + rx * (1 + soft)) * w) + 1)
        if y0 >= y1 or x0 >= x1:
            continue
        dx, dy = np.abs(xs[:, x0:x1] - f32(cx)) / f32(rx), np.abs(ys[y0:y1] - f32(cy)) / f32(ry)
        d = np.maximum(dx, dy) if rng.random() < 0.5 else np.sqrt(dx * dx + dy * dy)
        inside = smoothstep((1 - d) / f32(soft) + f32(0.5))
        shade = (f32(1.1) - f32(0.3 / ry) * (ys[y0:y1] - f32(cy))) * (1 + f32(0.2) * texture[y0:y1, x0:x1])
        for c in range(3):
            part = img[y0:y1, x0:x1, c]
            part += (f32(colour[c]) * shade - part) * inside

    # Vignette, 8 bits, and sensor noise (more of it on busy pictures: a higher ISO).
    vignette = f32(255) - f32(0.35 * 2 * 255) * ((xs - f32(0.5)) ** 2 + (ys - f32(0.5)) ** 2)
    noise = rng.standard_normal((h, w), dtype=f32)
    noise *= f32(0.4 + 1.2 * detail)
    for c in range(3):
        img[..., c] *= vignette
        img[..., c] += noise
    np.clip(img, 0, 255, out=img)
    return img


def rational(value, denominator):
    return struct.pack(">II", int(round(value * denominator)), denominator)


def ifd(entries, offset, next_ifd=0):
    """A big-endian TIFF IFD at `offset` in the TIFF block: (tag, type, count, payload bytes) sorted by tag.
    Returns its bytes with the values that do not fit in 4 bytes after it."""
    entries = sorted(entries)
    size = 2 + 12 * len(entries) + 4
    head, extra = [struct.pack(">H", len(entries))], b""
    for tag, kind, count, payload in entries:
        if len(payload) <= 4:
            head.append(struct.pack(">HHI", tag, kind, count) + payload.ljust(4, b"\0"))
        else:
            head.append(struct.pack(">HHII", tag, kind, count, offset + size + len(extra)))
            extra += payload + (b"\0" if len(payload) % 2 else b"")
    head.append(struct.pack(">I", next_ifd))
    return b"".join(head) + extra


def ascii_entry(tag, text):
    data = text.encode("ascii") + b"\0"
    return (tag, 2, len(data), data)


def exif_segment(index, orientation, gps, rng):
    """An APP1 segment: Exif header, big-endian TIFF, IFD0 and, for `gps`, a GPS IFD."""
    make, model = CAMERAS[index % len(CAMERAS)]
    day, minute = 1 + index % 28, index % (24 * 60)
    when = "2025:%02d:%02d %02d:%02d:%02d" % (1 + index % 12, day, minute // 60, minute % 60, index % 60)
    entries = [ascii_entry(0x010F, make), ascii_entry(0x0110, model), ascii_entry(0x0132, when),
               (0x0112, 3, 1, struct.pack(">H", orientation))]
    if gps:
        entries.append((0x8825, 4, 1, b"\0\0\0\0"))  # patched below
    body0 = ifd(entries, 8)
    tiff = b"MM\0\x2a" + struct.pack(">I", 8) + body0
    if gps:
        lat, lon, alt = rng.uniform(-60, 70), rng.uniform(-180, 180), rng.uniform(0, 800)

        def dms(v):
            v = abs(v)
            d, m = int(v), int((v - int(v)) * 60)
            s = ((v - d) * 60 - m) * 60
            return rational(d, 1) + rational(m, 1) + rational(s, 100)

        gps_ifd = ifd([(0x0000, 1, 4, bytes([2, 3, 0, 0])),
                       ascii_entry(0x0001, "N" if lat >= 0 else "S"), (0x0002, 5, 3, dms(lat)),
                       ascii_entry(0x0003, "E" if lon >= 0 else "W"), (0x0004, 5, 3, dms(lon)),
                       (0x0005, 1, 1, b"\0"), (0x0006, 5, 1, rational(alt, 10))], len(tiff))
        # Point IFD0's GPSInfo entry at the GPS IFD, which follows IFD0's values.
        at = 8 + 2 + 12 * [e[0] for e in sorted(entries)].index(0x8825) + 8
        tiff = tiff[:at] + struct.pack(">I", len(tiff)) + tiff[at + 4:] + gps_ifd
    payload = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def encode(pixels, quality):
    h, w, _ = pixels.shape
    ppm = b"P6\n%d %d\n255\n" % (w, h) + pixels.astype(np.uint8).tobytes()
    jpeg = subprocess.run(["cjpeg", "-quality", str(quality), "-optimize"], input=ppm,
                          stdout=subprocess.PIPE, check=True).stdout
    assert jpeg[:2] == b"\xff\xd8"
    # Drop cjpeg's JFIF APP0: a camera's file starts with its Exif APP1.
    rest = jpeg[2:]
    if rest[:2] == b"\xff\xe0":
        rest = rest[2 + struct.unpack(">H", rest[2:4])[0]:]
    return rest


def make(job):
    index, out, seed, width, height, quality = job
    rng = np.random.default_rng([seed, index])
    orientation = 6 if index % 7 == 0 else 1
    gps = index % 5 == 0
    if orientation == 6:
        # Made upright (height x width: a portrait), stored turned 90 degrees anticlockwise, so that
        # a viewer turns it clockwise, as Orientation 6 asks, back to upright.
        pixels = np.rot90(scene(rng, width, height), k=1)
    else:
        pixels = scene(rng, height, width)
    stored_h, stored_w = pixels.shape[:2]
    data = b"\xff\xd8" + exif_segment(index, orientation, gps, rng) + encode(np.ascontiguousarray(pixels), quality)
    name = "p%04d.jpg" % index
    path = os.path.join(out, name)
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)
    upright = (stored_h, stored_w) if orientation == 6 else (stored_w, stored_h)
    return "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%d" % (name, stored_w, stored_h, orientation, upright[0], upright[1],
                                              "yes" if gps else "no", len(data))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 2)[2])
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--width", type=int, default=2400)
    p.add_argument("--height", type=int, default=1600)
    p.add_argument("--quality", type=int, default=90, help="cjpeg's quality (default 90, as cameras' 'fine')")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: every core)")
    a = p.parse_args()
    if shutil.which("cjpeg") is None:
        sys.exit("gen_photos.py needs cjpeg: apt-get install -y libjpeg-turbo-progs")
    os.makedirs(a.out, exist_ok=True)
    try:
        # By default glibc hands large freed arrays back to the kernel, and the next photo faults them in again:
        # a third of the CPU time went to the kernel. Keep them in the heap (up to 32 MB an array).
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD
        libc.mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD (its largest)
    except (OSError, AttributeError):
        pass
    jobs = [(i, a.out, a.seed, a.width, a.height, a.quality) for i in range(1, a.count + 1)]
    with multiprocessing.Pool(a.jobs) as pool:
        rows = pool.map(make, jobs, chunksize=4)
    with open(os.path.join(a.out, "photos.tsv"), "w") as f:
        f.write("name\twidth\theight\torientation\tupright_width\tupright_height\tgps\tbytes\n")
        f.write("".join(r + "\n" for r in rows))
    total = sum(int(r.rsplit("\t", 1)[1]) for r in rows)
    sizes = sorted(int(r.rsplit("\t", 1)[1]) for r in rows)
    print("%d photos, %d bytes (%.1f MB; smallest %d KB, median %d KB, largest %d KB)" % (
        len(rows), total, total / 1e6, sizes[0] // 1024, sizes[len(sizes) // 2] // 1024, sizes[-1] // 1024))


if __name__ == "__main__":
    main()
