"""Image downloads (`--download-media`) from a slow image server on loopback: one at a time against ahead.

    python benchmarks/bench_media.py                      # 200 saved pages, 2 images each, 40 ms an image
    python benchmarks/bench_media.py --pages 500 --latency 0.1

Each page is the project's sample page with its image replaced by two of its own, served after
`--latency` seconds, as a distant host would. `extract --download-media` runs once with images
fetched one at a time when each post needs them (parallel=1) and once with the next posts' images
downloading in the background (the default); the archives are compared.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGE = "https://worldaffairsnotes.files.wordpress.com/2016/10/aleppo-market.jpg"

RUN = """
import sys, time
from wparchive.media import MediaOptions
from wparchive.pages import PageOptions, extract_pages
options = PageOptions(download_media=True, jobs=1, media=MediaOptions(parallel=int(sys.argv[3])))
start = time.perf_counter()
manifest = extract_pages([sys.argv[1]], sys.argv[2], options)
print(time.perf_counter() - start, manifest.counts()["written"])
"""


def _server(latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            time.sleep(latency)
            body = b"\x89PNG\r\n\x1a\n" + self.path.encode()
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.04)
    args = parser.parse_args()
    server = _server(args.latency)
    base = f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads/2016/10"
    page = (ROOT / "samples/wordpress-com-post.html").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="wparchive-bench-") as work:
        pages = Path(work) / "pages"
        pages.mkdir()
        for n in range(args.pages):
            second = f'<p><img src="{base}/extra-{n}.jpg" alt="extra {n}"></p>\n<p>This cease-fire'
            text = page.replace(IMAGE, f"{base}/market-{n}.jpg").replace("<p>This cease-fire", second, 1)
            (pages / f"page-{n:05d}.html").write_text(text, encoding="utf-8")
        print(f"{args.pages} pages, images served after {args.latency * 1000:.0f} ms each")
        digests = []
        for parallel in (1, 4):
            out = Path(work) / f"out-{parallel}"
            done = subprocess.run([sys.executable, "-c", RUN, str(pages), str(out), str(parallel)], cwd=ROOT,
                                  capture_output=True, text=True, check=True)
            seconds, written = done.stdout.split()
            images = sum(1 for p in out.rglob("*.jpg"))
            label = "one at a time" if parallel == 1 else f"{parallel} ahead"
            print(f"  {label:>14}: {float(seconds):6.2f} s, {written} posts, {images} images saved")
            digests.append(_digest(out))
        print("  archives byte-identical" if len(set(digests)) == 1 else "  ARCHIVES DIFFER")
    server.shutdown()


if __name__ == "__main__":
    main()
