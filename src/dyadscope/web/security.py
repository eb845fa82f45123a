"""Who may use the app, and how much they may send.

- Bound to a loopback address, the app needs no token, but it answers only requests whose Host is a
  loopback name or address (`is_loopback`, as `serve` decides it), so a web page elsewhere cannot reach it
  by DNS rebinding.
- With a token (required for any other address), every request must carry it: `Authorization: Bearer …`,
  the `dyadscope_token` cookie the login form sets, or `?token=…` (which sets the cookie).
- A POST whose Origin is another site, or "null" (a sandboxed frame, a file:// page), is refused.
- A token shorter than 16 characters is refused when the app is made; a client that sends five wrong tokens
  within a minute waits out the minute (429), whichever way it sends them (`Throttle`).
- Bodies over the upload limit are refused with 413 before they are read in full.
- Every response forbids loading anything from elsewhere (Content-Security-Policy).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import time
from collections.abc import Sequence
from urllib.parse import parse_qs, quote, unquote, urlsplit

from fastapi import HTTPException
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "dyadscope_token"
MIB = 1024 * 1024  # the "MB" of upload limits, as the corpus page and `serve --max-upload-mb` count it
OPEN_PATHS = ("/login", "/static/style.css", "/static/favicon.svg")  # what the login page itself needs
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self' about:; "
    "form-action 'self'; base-uri 'none'; object-src 'none'"
)


def is_loopback(host: str) -> bool:
    """True for localhost and loopback IP addresses (127.0.0.0/8, ::1)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def megabytes(size: int) -> str:
    """A size in MB of 1,048,576 bytes, as the corpus page shows the limit: "20", "0.1", "20.5"."""
    return f"{round(size / MIB, 1):g}"


def token_matches(supplied: str | None, token: str) -> bool:
    return supplied is not None and hmac.compare_digest(supplied.encode(), token.encode())


def _hostname(value: str) -> str:
    return (urlsplit(f"//{value}").hostname or "").lower()


MIN_TOKEN = 16


class Throttle:
    """Wrong tokens by client address: after LIMIT within WINDOW seconds, the client waits out the window."""

    LIMIT = 5
    WINDOW = 60.0
    CLIENTS = 10_000  # addresses remembered at most (the oldest are forgotten first)

    def __init__(self) -> None:
        self._failures: dict[str, list[float]] = {}

    def wait(self, client: str) -> int:
        """Seconds the client must wait before trying a token again; 0 when it may."""
        now = time.monotonic()
        recent = [t for t in self._failures.get(client, ()) if now - t < self.WINDOW]
        if not recent:
            self._failures.pop(client, None)
            return 0
        self._failures[client] = recent
        return int(self.WINDOW - (now - recent[0])) + 1 if len(recent) >= self.LIMIT else 0

    def failed(self, client: str) -> None:
        if client not in self._failures and len(self._failures) >= self.CLIENTS:
            self._failures.pop(next(iter(self._failures)))
        self._failures.setdefault(client, []).append(time.monotonic())


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "?"


class TooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request is over the {megabytes(limit)} MB upload limit")


class Guard:
    """ASGI middleware: host, origin and token checks, the body limit, and security headers.

    `allowed_hosts`: the Host names answered ("*": any). Without a list, a token-less app answers loopback
    hosts only (any name `is_loopback` accepts: localhost, 127.0.0.0/8, ::1) and an app with a token any host.
    """

    def __init__(
        self,
        app: ASGIApp,
        token: str | None,
        allowed_hosts: Sequence[str] | None,
        max_body: int,
        throttle: Throttle | None = None,
    ) -> None:
        self.app = app
        self.token = token
        self.throttle = throttle or Throttle()
        self.hosts = None if allowed_hosts is None or "*" in allowed_hosts else {h.lower() for h in allowed_hosts}
        self.loopback_only = allowed_hosts is None and token is None
        self.max_body = max_body

    def answers(self, host: str) -> bool:
        """Whether a request with this Host header is answered at all."""
        hostname = _hostname(host)
        if self.loopback_only:
            return is_loopback(hostname)
        return self.hosts is None or hostname in self.hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path: str = scope["path"]
        host = headers.get("host", "")
        if not self.answers(host):
            await _reply(scope, receive, send, 400, "unknown Host header: this app answers on its local address only")
            return
        origin = headers.get("origin")
        unsafe = scope["method"] not in ("GET", "HEAD", "OPTIONS")
        if unsafe and origin and (origin == "null" or urlsplit(origin).netloc.lower() != host.lower()):
            await _reply(scope, receive, send, 403, "cross-site request refused")
            return
        set_cookie = None
        client = client_of(scope)
        if self.token is not None and (path not in OPEN_PATHS or unsafe) and (wait := self.throttle.wait(client)):
            await _reply(scope, receive, send, 429, f"too many wrong tokens: try again in {wait} s",
                         {"retry-after": str(wait)})  # fmt: skip
            return
        if self.token is not None and path not in OPEN_PATHS:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [None])[0]
            auth = headers.get("authorization", "")
            bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
            cookie = _cookie(headers.get("cookie", ""), COOKIE)
            if token_matches(query, self.token):
                set_cookie = self.token
            elif not (token_matches(bearer, self.token) or token_matches(cookie, self.token)):
                if query is not None or bearer is not None or cookie is not None:
                    self.throttle.failed(client)  # a wrong token, not a first visit
                if path.startswith("/api") or path.endswith(".json"):
                    await _reply(scope, receive, send, 401, "a token is required: Authorization: Bearer <token>",
                                 {"www-authenticate": "Bearer"})  # fmt: skip
                else:
                    target = path + (f"?{scope['query_string'].decode('latin-1')}" if scope["query_string"] else "")
                    await _redirect(scope, receive, send, f"/login?next={quote(target, safe='')}")
                return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _reply(scope, receive, send, 413, TooLarge(self.max_body).detail)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:  # a chunked body that keeps going
                    raise TooLarge(self.max_body)
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out["content-security-policy"] = CSP
                out["x-content-type-options"] = "nosniff"
                # not "no-referrer": under it browsers send "Origin: null" with the app's own form posts
                out["referrer-policy"] = "same-origin"
                out["x-frame-options"] = "SAMEORIGIN"
                if set_cookie is not None:
                    out.append("set-cookie", cookie_header(set_cookie))
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


def cookie_header(token: str) -> str:
    return f"{COOKIE}={quote(token, safe='')}; Path=/; HttpOnly; SameSite=Strict"


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return unquote(value)
    return None


async def _reply(
    scope: Scope, receive: Receive, send: Send, status: int, detail: str, extra: dict[str, str] | None = None
) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(scope: Scope, receive: Receive, send: Send, location: str) -> None:
    headers = [(b"location", location.encode("latin-1")), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
