"""The proxy a crawl request goes through, from the settings urllib reads (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).

`extract` and image downloads go through urllib, which honours them; the crawler keeps its own
keep-alive connections, so it reads the same settings here and a crawl reaches the same hosts.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit
from urllib.request import getproxies, proxy_bypass

from ..errors import WparchiveError

__all__ = ["Proxy", "proxy_for", "proxy_table"]


@dataclass(frozen=True)
class Proxy:
    host: str
    port: int
    authorization: str = ""  # the Proxy-Authorization value, when the setting names a user

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def headers(self) -> dict[str, str]:
        return {"Proxy-Authorization": self.authorization} if self.authorization else {}


def proxy_table(settings: Mapping[str, str] | None = None) -> dict[str, Proxy]:
    """The proxy of each URL scheme the crawl uses; an unusable setting stops the crawl before it starts."""
    settings = getproxies() if settings is None else settings
    return {scheme: _parsed(scheme, settings[scheme]) for scheme in ("http", "https") if settings.get(scheme)}


def _parsed(scheme: str, value: str) -> Proxy:
    """A proxy setting as urllib takes it: `host:port` or an http:// URL, with `user:password@` if the proxy asks.

    The crawler speaks plain HTTP to the proxy (CONNECT for https sites): an https:// proxy, which
    wants TLS to itself, is refused rather than sent credentials in clear.
    """
    parts = urlsplit(value if "://" in value else f"http://{value}")
    try:
        port = parts.port
    except ValueError:
        port = 0
    shown = _without_credentials(value)
    if parts.scheme == "https":
        raise WparchiveError(f"{scheme.upper()}_PROXY: {shown!r}: a proxy reached over TLS (https://) is not "
                             "supported by the crawler; give its http:// address")
    if not parts.hostname or port == 0 or parts.scheme != "http":
        raise WparchiveError(f"{scheme.upper()}_PROXY: {shown!r} is not a proxy address; "
                             "give one as http://host:port")
    authorization = ""
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return Proxy(parts.hostname, 80 if port is None else port, authorization)


def _without_credentials(value: str) -> str:
    """The setting as it may be shown: whatever comes before its last `@` (user, password) left out."""
    if "@" not in value:
        return value
    start = value.find("://") + 3 if "://" in value else 0
    return value[:start] + "…@" + value.rpartition("@")[2]


def proxy_for(parts: SplitResult, table: Mapping[str, Proxy]) -> Proxy | None:
    """The proxy for one URL, or None for a direct connection (no proxy, or the host is in NO_PROXY)."""
    proxy = table.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:  # a malformed URL fails as a direct connection, with its own reason
        return None
    if proxy is None or not parts.hostname:
        return None
    return None if proxy_bypass(f"{parts.hostname}:{port}" if port else parts.hostname) else proxy
