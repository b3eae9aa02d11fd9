"""A small HTTPS client that acts like one person's browser: it checks the certificate
against the test's own CA, keeps cookies, sends the Origin a browser sends, and can come
from another loopback address (127.0.0.2, 127.0.0.3, ...) to stand for another person."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def header(self, name: str) -> str:
        return str(self.headers.get(name, ""))

    @property
    def set_cookies(self) -> list[str]:
        return list(self.headers.get_all("Set-Cookie") or [])


@dataclass
class Browser:
    host: str  # what the address bar says: notes.test
    port: int  # where it connects on 127.0.0.1
    ca: Path | None = None  # None: plain http
    source: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)

    def _connection(self) -> http.client.HTTPConnection:
        sock = socket.create_connection(("127.0.0.1", self.port), 10, (self.source, 0))
        if self.ca is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        else:
            context = ssl.create_default_context(cafile=str(self.ca))
            sock = context.wrap_socket(sock, server_hostname=self.host)
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10)
        conn.sock = sock
        return conn

    @property
    def origin(self) -> str:
        return f"{'https' if self.ca else 'http'}://{self.host}:{self.port}"

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, **headers: str
    ) -> Answer:
        sent = {"Host": f"{self.host}:{self.port}", "Origin": self.origin, **headers}
        sent = {k.replace("_", "-"): v for k, v in sent.items()}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode())
        finally:
            conn.close()
        for raw in answer.set_cookies:
            for name, morsel in SimpleCookie(raw).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        # No form, given by position: a header can then never be taken for one.
        return self.request("GET", path, None, **headers)

    def post_form(
        self, path: str, fields: dict[str, str], page: str = "", **headers: str
    ) -> Answer:
        """Open the page with the form first (``page``, or ``path`` itself) for its CSRF
        token, as a browser would, then send the form to ``path``."""
        shown = self.get(page or path)
        match = CSRF_INPUT.search(shown.body)
        assert match, f"no form on {page or path} ({shown.status})"
        return self.request("POST", path, {**fields, "csrfmiddlewaretoken": match[1]}, **headers)
