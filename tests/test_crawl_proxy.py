"""A crawl behind a proxy: HTTP_PROXY, HTTPS_PROXY and NO_PROXY read as urllib reads them."""

from __future__ import annotations

import base64
import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from sitesim import SimServer, SiteConfig

from wparchive.cli import main
from wparchive.crawl.crawler import crawl
from wparchive.crawl.options import CrawlOptions
from wparchive.crawl.proxy import proxy_for, proxy_table
from wparchive.errors import WparchiveError
from wparchive.readers.warc import iter_warc_responses

FAST = CrawlOptions(user_agent="wparchive-test/proxy", rate=200, concurrency=2, timeout=2, retries=0, backoff=0.01)
CREDENTIALS = "Basic " + base64.b64encode(b"ann:p@ss").decode()


class _ProxyHandler(BaseHTTPRequestHandler):
    """A forwarding proxy: absolute-form GETs passed on to the site, CONNECT refused (407)."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.server.seen.append((self.command, self.path, self.headers.get("Proxy-Authorization")))
        parts = urlsplit(self.path)
        conn = http.client.HTTPConnection(parts.netloc, timeout=5)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-authorization", "connection")}
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self) -> None:  # noqa: N802
        self.server.seen.append((self.command, self.path, self.headers.get("Proxy-Authorization")))
        self.send_response(407, "Proxy Authentication Required")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def proxy():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ProxyHandler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    """Only the settings a test makes: none of the machine's own."""
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def _address(server) -> str:
    return f"127.0.0.1:{server.server_address[1]}"


def test_every_request_of_a_crawl_goes_through_the_proxy(tmp_path, proxy, monkeypatch):
    with SimServer(SiteConfig(posts=8, images=True)) as sim:
        direct = crawl(sim.url, tmp_path / "direct", FAST)
        direct_hits = len(sim.hits)
        monkeypatch.setenv("HTTP_PROXY", f"http://ann:p%40ss@{_address(proxy)}")
        result = CliRunner().invoke(main, ["crawl", sim.url, "-o", str(tmp_path / "proxied"), "--rate", "100",
                                           "--download-media", "-q"])
        assert result.exit_code == 0, result.output
        through = len(sim.hits) - direct_hits
    assert through > 0 and len(proxy.seen) == through  # the site saw nothing the proxy did not pass on
    assert all(method == "GET" and url.startswith(sim.url + "/") and auth == CREDENTIALS
               for method, url, auth in proxy.seen)
    assert any("/wp-content/uploads/" in url for _, url, _ in proxy.seen)  # image downloads too
    assert any("/wp-json/" in url for _, url, _ in proxy.seen)
    ok = {r.url for r in iter_warc_responses(tmp_path / "direct/crawl.warc.gz") if r.status == 200}
    assert {r.url for r in iter_warc_responses(tmp_path / "proxied/crawl.warc.gz") if r.status == 200} == ok
    assert direct.failed == 0 and len(list((tmp_path / "proxied/posts").glob("*.md"))) == 8
    assert b"ann" not in (tmp_path / "proxied/crawl.warc.gz").read_bytes()  # the WARC holds what the site saw
    manifest = json.loads((tmp_path / "proxied/manifest.json").read_text())
    assert manifest["counts"]["failed"] == 0


def test_extract_fetches_a_page_through_the_same_proxy(tmp_path, proxy, monkeypatch):
    with SimServer(SiteConfig(posts=2)) as sim:
        url = sim.url + sim.site.post_path(1)
        monkeypatch.setenv("HTTP_PROXY", f"http://ann:p%40ss@{_address(proxy)}")
        result = CliRunner().invoke(main, ["extract", url, "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert proxy.seen == [("GET", url, CREDENTIALS)]
    assert len(list((tmp_path / "posts").glob("*.md"))) == 1


def test_no_proxy_hosts_are_reached_directly(tmp_path, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://{_address(proxy)}")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    with SimServer(SiteConfig(posts=3)) as sim:
        summary = crawl(sim.url, tmp_path, FAST)
    assert summary.failed == 0 and summary.posts == 5  # 3 posts, 2 pages
    assert proxy.seen == []


def test_https_goes_through_a_tunnel_and_a_refusal_names_the_proxy(tmp_path, proxy, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", f"ann:p%40ss@{_address(proxy)}")  # host:port without a scheme, as curl takes it
    summary = crawl("https://blog.invalid/", tmp_path, FAST)
    assert ("CONNECT", "blog.invalid:443", CREDENTIALS) in proxy.seen
    assert dict(summary.failures)["https://blog.invalid/robots.txt"] == (
        "network error (OSError: Tunnel connection failed: 407 Proxy Authentication Required) "
        f"through the proxy {_address(proxy)} after 1 attempt")


def test_an_unusable_proxy_setting_stops_the_crawl_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:port")
    result = CliRunner().invoke(main, ["crawl", "https://blog.example/", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: HTTPS_PROXY: 'http://proxy.example:port' is not a proxy address; give one as http://host:port")
    assert not (tmp_path / "out/crawl.warc.gz").exists()


@pytest.mark.parametrize(("value", "address", "authorization"), [
    ("http://proxy.example:3128", "proxy.example:3128", ""),
    ("proxy.example:8080", "proxy.example:8080", ""),
    ("http://proxy.example", "proxy.example:80", ""),
    ("http://ann:p%40ss@proxy.example:3128/", "proxy.example:3128", CREDENTIALS),
    ("http://ann@proxy.example:3128", "proxy.example:3128", "Basic " + base64.b64encode(b"ann:").decode()),
])
def test_proxy_settings_are_read_as_urllib_takes_them(value, address, authorization):
    proxy = proxy_table({"https": value})["https"]
    assert (proxy.address, proxy.authorization) == (address, authorization)


@pytest.mark.parametrize("value", ["http://", "http://proxy.example:99999", "ftp://proxy.example:21", "http://:3128",
                                   "http://proxy.example:0", "socks5://proxy.example:1080"])
def test_a_proxy_setting_that_is_no_address_is_refused(value):
    with pytest.raises(WparchiveError, match=r"^HTTP_PROXY: .* is not a proxy address"):
        proxy_table({"http": value})


@pytest.mark.parametrize("password", ["s3cret", "s3/cret", "s3#cret", "s3?cret", "s3@cret"])
def test_a_refused_proxy_setting_never_shows_its_password(password):
    with pytest.raises(WparchiveError) as refused:
        proxy_table({"http": f"http://ann:{password}@proxy.example:port"})
    assert "s3" not in str(refused.value) and "ann" not in str(refused.value)
    assert str(refused.value) == ("HTTP_PROXY: 'http://…@proxy.example:port' is not a proxy address; "
                                  "give one as http://host:port")


def test_a_proxy_over_tls_is_refused_not_sent_credentials_in_clear():
    with pytest.raises(WparchiveError, match=r"^HTTPS_PROXY: 'https://…@proxy.example:443': a proxy reached over TLS"):
        proxy_table({"https": "https://ann:s3cret@proxy.example:443"})


def test_no_proxy_is_matched_per_host(monkeypatch):
    monkeypatch.setenv("NO_PROXY", ".internal.example,127.0.0.1")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    table = proxy_table()
    assert proxy_for(urlsplit("http://wiki.internal.example/a"), table) is None
    assert proxy_for(urlsplit("http://127.0.0.1:8080/"), table) is None
    assert proxy_for(urlsplit("http://blog.example/"), table).address == "proxy.example:3128"
    assert proxy_for(urlsplit("https://blog.example/"), table) is None  # no HTTPS_PROXY: direct
    assert proxy_for(urlsplit("http://blog.example:bad/"), table) is None  # fails on its own, not here
