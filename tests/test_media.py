"""--download-media: originals fetched once, failures reported and the original URL kept."""

import time

import pytest

from wparchive.media import MediaOptions, MediaStore, original_url, parallel_per_process

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FAST = MediaOptions(retries=2, backoff=0.01, timeout=5, max_bytes=1000)


@pytest.mark.parametrize("src, expected", [
    ("https://b.org/wp-content/uploads/2020/01/heron-300x200.jpg", "https://b.org/wp-content/uploads/2020/01/heron.jpg"),
    ("https://b.files.wordpress.com/2016/10/syria.jpg?w=640&h=427", "https://b.files.wordpress.com/2016/10/syria.jpg"),
    ("https://i0.wp.com/b.org/wp-content/uploads/x-1024x768.png?resize=800%2C600&ssl=1",
     "https://b.org/wp-content/uploads/x.png"),
    ("https://b.org/img/plain.jpg?version=2", "https://b.org/img/plain.jpg?version=2"),
    ("https://b.org/2020/1999-x-2000.pdf", "https://b.org/2020/1999-x-2000.pdf"),
])
def test_original_url(src, expected):
    assert original_url(src) == expected


def test_downloads_once_then_uses_the_cache(httpserver, tmp_path):
    httpserver.expect_request("/wp-content/uploads/2020/01/heron.jpg").respond_with_data(PNG, content_type="image/png")
    store = MediaStore(tmp_path, FAST)
    src = httpserver.url_for("/wp-content/uploads/2020/01/heron-300x200.jpg")
    local, problem = store.local(src, "posts/walk.md")
    assert problem is None and local.startswith("../media/") and local.endswith("2020/01/heron.jpg")
    assert (tmp_path / "posts" / local).resolve().read_bytes() == PNG
    assert MediaStore(tmp_path, FAST).local(src, "posts/other.md")[0] == local
    assert len(httpserver.log) == 1  # the second store found the file and fetched nothing


def test_bundle_puts_images_beside_the_post(httpserver, tmp_path):
    httpserver.expect_request("/wp-content/uploads/2019/01/a.jpg").respond_with_data(b"2019", content_type="image/jpeg")
    httpserver.expect_request("/wp-content/uploads/2020/02/a.jpg").respond_with_data(b"2020", content_type="image/jpeg")
    httpserver.expect_request("/img.php", query_string="id=1").respond_with_data(b"one", content_type="image/png")
    httpserver.expect_request("/img.php", query_string="id=2").respond_with_data(b"two", content_type="image/png")
    store, post = MediaStore(tmp_path, FAST), "posts/walk/index.md"
    old, _ = store.local(httpserver.url_for("/wp-content/uploads/2019/01/a.jpg"), post, bundle=True)
    new, _ = store.local(httpserver.url_for("/wp-content/uploads/2020/02/a-300x200.jpg"), post, bundle=True)
    assert (old, new) == ("2019-01-a.jpg", "2020-02-a.jpg")  # same name, different images: kept apart
    assert (tmp_path / "posts/walk/2020-02-a.jpg").read_bytes() == b"2020"
    one, _ = store.local(httpserver.url_for("/img.php?id=1"), post, bundle=True)
    two, _ = store.local(httpserver.url_for("/img.php?id=2"), post, bundle=True)
    assert one != two and (tmp_path / "posts/walk" / two).read_bytes() == b"two"


def test_a_bundle_never_gives_two_images_one_name(httpserver, tmp_path):
    """The host is not in a bundle's file names: a second image under a taken name gets its URL's digest."""
    port = httpserver.port
    for host, body in (("127.0.0.1", b"first host"), ("localhost", b"second host")):
        httpserver.expect_request("/wp-content/uploads/2020/01/a.jpg", headers={"Host": f"{host}:{port}"}) \
            .respond_with_data(body, content_type="image/jpeg")
    httpserver.expect_request("/wp-content/uploads/2020/01-b.jpg").respond_with_data(b"folded", content_type="image/jpeg")
    httpserver.expect_request("/wp-content/uploads/2020-01/b.jpg").respond_with_data(b"folder", content_type="image/jpeg")
    httpserver.expect_request("/index.md").respond_with_data(b"image", content_type="image/png")
    sources = [f"http://127.0.0.1:{port}/wp-content/uploads/2020/01/a.jpg",
               f"http://localhost:{port}/wp-content/uploads/2020/01/a.jpg",
               f"http://127.0.0.1:{port}/wp-content/uploads/2020/01-b.jpg",
               f"http://127.0.0.1:{port}/wp-content/uploads/2020-01/b.jpg",
               f"http://127.0.0.1:{port}/index.md"]
    post = "posts/walk/index.md"
    store = MediaStore(tmp_path, FAST)
    names = [store.local(src, post, bundle=True)[0] for src in sources]
    assert names[0] == "2020-01-a.jpg" and names[2] == "2020-01-b.jpg"
    assert len(set(names)) == 5 and "index.md" not in names
    assert [(tmp_path / "posts/walk" / name).read_bytes() for name in names[:4]] == [
        b"first host", b"second host", b"folded", b"folder"]
    again = MediaStore(tmp_path, FAST)  # the next run names them alike, and fetches nothing
    requests = len(httpserver.log)
    assert [again.local(src, post, bundle=True)[0] for src in sources] == names
    assert len(httpserver.log) == requests


@pytest.mark.parametrize("setup, reason", [
    (lambda s: s.expect_request("/x.jpg").respond_with_data("no", status=404), "HTTP 404"),
    (lambda s: s.expect_request("/x.jpg").respond_with_data("<html>", content_type="text/html"), "not an image"),
    (lambda s: s.expect_request("/x.jpg").respond_with_data(b"x" * 5000, content_type="image/jpeg"), "larger than"),
    (lambda s: s.expect_request("/x.jpg").respond_with_data("busy", status=503), "HTTP 503"),
])
def test_failures_are_warnings_and_keep_the_url(httpserver, tmp_path, setup, reason):
    setup(httpserver)
    store = MediaStore(tmp_path, FAST)
    local, problem = store.local(httpserver.url_for("/x.jpg"), "posts/p.md")
    assert local is None and problem.severity == "warning" and reason in problem.message
    assert not list(tmp_path.rglob("*.jpg"))
    requests = len(httpserver.log)
    again, warning = store.local(httpserver.url_for("/x.jpg"), "posts/q.md", source="export.xml:9")
    assert again is None and reason in warning.message and warning.source == "export.xml:9"  # every post told
    assert len(httpserver.log) == requests  # but not fetched again this run


def test_retries_transient_errors(httpserver, tmp_path):
    httpserver.expect_ordered_request("/r.png").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/r.png").respond_with_data(PNG, content_type="image/png")
    local, problem = MediaStore(tmp_path, FAST).local(httpserver.url_for("/r.png"), "p.md")
    assert problem is None and local


def test_a_copy_that_cannot_be_stored_is_a_warning(httpserver, tmp_path):
    """A name too long for the file system, a file where a folder must go, a folder linked elsewhere: warnings."""
    httpserver.expect_request("/wp-content/uploads/f.jpg").respond_with_data(PNG, content_type="image/jpeg")
    httpserver.expect_request("/wp-content/uploads/f.jpg/g.jpg").respond_with_data(PNG, content_type="image/jpeg")
    long_path = "/" + "/".join(["a" * 120] * 3) + "/x.jpg"  # in a bundle, one file name of 370 bytes
    httpserver.expect_request(long_path).respond_with_data(PNG, content_type="image/jpeg")
    store = MediaStore(tmp_path / "out", FAST)
    long = httpserver.url_for(long_path)
    local, problem = store.local(long, "posts/walk/index.md", bundle=True)
    assert local is None and "cannot be saved at posts/walk/" in problem.message and "too long" in problem.message
    assert store.local(httpserver.url_for("/wp-content/uploads/f.jpg"), "posts/p.md")[0]
    local, problem = store.local(httpserver.url_for("/wp-content/uploads/f.jpg/g.jpg"), "posts/p.md")
    assert local is None and problem.severity == "warning" and "cannot be saved" in problem.message
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    linked = MediaStore(tmp_path / "linked", FAST)
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked/media").symlink_to(elsewhere)
    local, problem = linked.local(httpserver.url_for("/wp-content/uploads/f.jpg"), "posts/p.md")
    assert local is None and "leads outside the archive" in problem.message
    assert not list(elsewhere.iterdir())


def test_the_next_posts_images_download_together(overlapping, tmp_path):
    store = MediaStore(tmp_path, FAST)
    wanted = [(f"{overlapping.url}/wp-content/uploads/2020/01/{name}.png", f"posts/{name}.md")
              for name in ("a", "b", "c", "gone")]
    wanted.append((f"{overlapping.url}/wp-content/uploads/2020/01/unused.png", "posts/c.md"))
    with store.prefetching(wanted):
        links = [store.local(src, post) for src, post in wanted[:4]]
    store.close()
    assert overlapping.peak >= 2  # one at a time would never have two in flight
    for (link, problem), name in zip(links, "abc", strict=False):
        assert problem is None and link.startswith("../media/") and link.endswith(f"/2020/01/{name}.png")
    assert links[3][0] is None and "HTTP 404" in links[3][1].message  # a failed download: a warning as before
    saved = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert [p.rsplit("/", 1)[1] for p in saved] == ["a.png", "b.png", "c.png"]  # nothing unused, nothing temporary
    assert sorted(overlapping.paths).count("/wp-content/uploads/2020/01/a.png") == 1


def test_images_already_saved_are_not_downloaded_ahead(overlapping, tmp_path):
    src = f"{overlapping.url}/wp-content/uploads/2020/01/a.png"
    MediaStore(tmp_path, MediaOptions(parallel=1)).local(src, "posts/a.md")
    assert overlapping.paths == ["/wp-content/uploads/2020/01/a.png"] and overlapping.peak == 1
    store = MediaStore(tmp_path, FAST)
    with store.prefetching([(src, "posts/a.md")]):
        assert store.local(src, "posts/a.md")[0].endswith("/2020/01/a.png")
    assert len(overlapping.paths) == 1


def test_a_server_asking_to_wait_is_believed(httpserver, tmp_path):
    path = "/wp-content/uploads/2020/01/busy.png"
    httpserver.expect_oneshot_request(path).respond_with_data("slow down", status=429, headers={"Retry-After": "1"})
    httpserver.expect_request(path).respond_with_data(PNG, content_type="image/png")
    started = time.monotonic()
    local, problem = MediaStore(tmp_path, FAST).local(httpserver.url_for(path), "posts/a.md")
    assert problem is None and local.endswith("/2020/01/busy.png")
    assert time.monotonic() - started >= 0.9  # its own backoff is 0.01 s: the second try waited as asked


def test_image_downloads_at_once_stay_near_four_in_all():
    assert [parallel_per_process(n) for n in (1, 2, 3, 4, 8)] == [4, 2, 1, 1, 1]


def test_robots_rules_refuse_an_image_and_a_rate_spaces_them(httpserver, tmp_path):
    for name in ("a", "b", "c"):
        httpserver.expect_request(f"/wp-content/uploads/{name}.png").respond_with_data(PNG, content_type="image/png")
    host = httpserver.url_for("/").split("/")[2]
    rules = ((host, "User-agent: *\nDisallow: /wp-content/uploads/private/\n"),)
    store = MediaStore(tmp_path, MediaOptions(retries=0, rate=4, robots=rules))
    private = httpserver.url_for("/wp-content/uploads/private/x.png")
    wanted = [(httpserver.url_for(f"/wp-content/uploads/{n}.png"), "posts/p.md") for n in "abc"] + [(private, "posts/p.md")]
    started = time.monotonic()
    with store.prefetching(wanted):
        links = [store.local(src, post) for src, post in wanted]
    store.close()
    assert all(link for link, _ in links[:3])
    assert links[3] == (None, links[3][1]) and links[3][1].message == (
        "image not downloaded: disallowed by robots.txt; original URL kept")
    assert sorted(entry[0].path for entry in httpserver.log) == [f"/wp-content/uploads/{n}.png" for n in "abc"]
    assert time.monotonic() - started >= 0.45  # three requests to one host at 4 a second, four threads or not


def test_looking_ahead_never_changes_the_names_in_a_bundle(httpserver, tmp_path):
    """Names beside a post follow the order the post asks for its images, whatever was downloaded ahead."""
    port = httpserver.port
    for host in ("127.0.0.1", "localhost"):
        httpserver.expect_request("/wp-content/uploads/2020/01/a.jpg", headers={"Host": f"{host}:{port}"}) \
            .respond_with_data(host.encode(), content_type="image/jpeg")
    first, second = (f"http://{host}:{port}/wp-content/uploads/2020/01/a.jpg" for host in ("127.0.0.1", "localhost"))
    post = "posts/walk/index.md"
    store = MediaStore(tmp_path / "ahead", FAST)
    with store.prefetching([(second, post), (first, post)], bundle=True):  # ahead in the other order
        names = [store.local(src, post, bundle=True)[0] for src in (first, second)]
    one_by_one = MediaStore(tmp_path / "one", MediaOptions(parallel=1, retries=0))
    assert names == [one_by_one.local(src, post, bundle=True)[0] for src in (first, second)]
    assert names[0] == "2020-01-a.jpg" and (tmp_path / "ahead/posts/walk/2020-01-a.jpg").read_bytes() == b"127.0.0.1"


def test_a_stopped_run_does_not_wait_for_its_downloads_and_leaves_no_file(tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    finished, arrived = [], threading.Semaphore(0)

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            arrived.release()
            time.sleep(1.5)
            finished.append(self.path)  # before answering, so it is counted before the client can end
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads"
    store = MediaStore(tmp_path, FAST)
    try:
        with pytest.raises(KeyboardInterrupt), store.prefetching([(f"{url}/a.png", "p.md"), (f"{url}/b.png", "p.md")]):
            assert arrived.acquire(timeout=10) and arrived.acquire(timeout=10)  # both downloads under way
            raise KeyboardInterrupt
        assert finished == []  # the run ended without waiting for them
        store.close()
        for thread in [t for t in threading.enumerate() if t.name.startswith("wparchive-media")]:
            thread.join(timeout=10)  # each ends once its download has, and has deleted what it fetched
        assert len(finished) == 2 and not list(tmp_path.rglob("*"))  # no temporary file left, no image kept
    finally:
        store.close()
        server.shutdown()
        server.server_close()
