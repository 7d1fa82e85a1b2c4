"""gspread against the emulator: a requests.Session that sends Google's URLs to it."""

from __future__ import annotations

import os
from typing import Any

import gspread
import requests

GOOGLE_PREFIXES = ("https://sheets.googleapis.com", "https://www.googleapis.com")
ENV_VAR = "SHEETS_EMULATOR_HOST"


def base_url(host: str) -> str:
    """`http://host:port` from `host:port` (a full http URL is kept as it is)."""
    host = host.strip().rstrip("/")
    return host if host.startswith(("http://", "https://")) else f"http://{host}"


class EmulatorSession(requests.Session):
    """A session that rewrites Google API URLs to the emulator and sends no credentials."""

    def __init__(self, host: str) -> None:
        """Point the session at `host:port`."""
        super().__init__()
        self.base = base_url(host)
        self.trust_env = False  # never send emulator traffic through a proxy

    def rewrite(self, url: str) -> str:
        """The emulator URL for a Google API URL."""
        for prefix in GOOGLE_PREFIXES:
            if url.startswith(prefix):
                return self.base + url[len(prefix) :]
        return url

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Send the request to the emulator instead of Google."""
        if isinstance(url, bytes):
            url = url.decode()
        headers = dict(kwargs.pop("headers", None) or {})
        headers.pop("Authorization", None)
        return super().request(method, self.rewrite(url), *args, headers=headers, **kwargs)


def emulator_client(
    host: str, http_client: type[gspread.HTTPClient] = gspread.HTTPClient
) -> gspread.Client:
    """A gspread.Client whose requests go to the emulator at `host:port`."""
    return gspread.Client(auth=None, session=EmulatorSession(host), http_client=http_client)  # type: ignore[arg-type]


def client_from_env() -> gspread.Client | None:
    """A client for SHEETS_EMULATOR_HOST when that variable is set, else None."""
    host = os.environ.get(ENV_VAR, "").strip()
    return emulator_client(host) if host else None
