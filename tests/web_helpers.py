"""A web server on 127.0.0.1 for the `ist add URL` and feed tests, and a guard that no test reaches further.

Each test gets its own server on a free port and says what each path answers.
Nothing sleeps: a stalling route holds its connection until the test ends (an
event), so the client's read timeout, and nothing else, ends the wait.
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

LOOPBACK = ("127.0.0.1", "localhost")


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Callable[[], Iterator[bytes]] = b""
    stall: bool = False  # send the headers, then nothing until the test ends


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) of every request
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path, Route(404, {"Content-Type": "text/plain"}, b"not found"))
                self.send_response(route.status)
                body = route.body if isinstance(route.body, bytes) else None
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if body is not None and not route.stall and "Content-Length" not in route.headers:
                    self.send_header("Content-Length", str(len(body)))
                else:  # the body ends when the connection does
                    self.send_header("Connection", "close")
                self.end_headers()
                if route.stall:
                    site.release.wait()
                    return
                try:
                    for chunk in [body] if body is not None else route.body():
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should past its limit

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                # A client that hangs up early (past its size cap, on a refused content type) is what the tests
                # ask for; the default prints a traceback into the captured standard error of the command.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The address of `path`; host "localhost" (the same server) is another site, for another outlet's copy."""
        assert host in LOOPBACK
        return f"http://{host}:{self.server.server_port}{path}"

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
             host: str = "127.0.0.1") -> str:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(status, {"Content-Type": content_type}, raw)
        return self.url(path, host)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Route(status, {"Location": to}, b"")
        return self.url(path)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(monkeypatch) -> Iterator[Site]:
    """A server of the test's own; proxies from the environment are cleared so requests go straight to it, and
    any name but the loopback's fails as an unknown host would, without asking DNS."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    real = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in LOOPBACK:
            if isinstance(host, str):
                host.encode("idna")  # as the real lookup does first: a malformed name fails here
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (tests reach 127.0.0.1 only)")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    s = Site()
    yield s
    s.close()


def article(title: str, outlet: str, date: str, body: str, boilerplate: str = "") -> str:
    """A news page as trafilatura expects one: metadata in <head>, the story in <article>, around it the site's
    furniture."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.strip().split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T08:00:00+00:00"></head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>
<main><article><h1>{title}</h1>
{paragraphs}
{boilerplate}
</article></main>
<footer><p>© {outlet}. All rights reserved.</p></footer></body></html>"""
