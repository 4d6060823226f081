"""The application factory: API and pages over one store, guarded by a write token.

Protections, each for a reason:

- request bodies above ``max_body`` bytes are refused with 413 before any handler reads them;
- static files come from a fixed table of package resources, so no request path reaches the
  file system;
- a Content-Security-Policy allows scripts only from this server, so even a missed escape
  cannot run injected script; pages may not be framed;
- with ``allowed_hosts`` (``herald serve`` sets it on loopback) other Host headers are refused,
  which stops DNS-rebinding pages from reading the store through the browser;
- writes need the token as ``Authorization: Bearer``: a header, not a cookie, so another site
  cannot forge a write (no CSRF).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from herald.errors import ExportError, HeraldError, InputError, StoreError, WebError
from herald.store import Store
from herald.web.data import Backend

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Largest request body accepted (a correction is a few hundred bytes).
MAX_BODY = 64 * 1024

#: The only files served under /static: name -> media type. Read from the package, never a path.
STATIC: dict[str, str] = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (
        b"content-security-policy",
        # Inline style attributes are allowed for the report's SVG legend; scripts never inline.
        b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        b"frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class Guard:
    """ASGI middleware: Host check, body size limit, security headers on every response."""

    def __init__(self, app: ASGIApp, *, max_body: int, allowed_hosts: frozenset[str] | None):
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        headers = dict(scope.get("headers") or [])
        if self.allowed_hosts is not None:
            host = headers.get(b"host", b"").decode("latin-1").rsplit(":", 1)[0].lower()
            if host.rstrip("]").lstrip("[") not in self.allowed_hosts:
                error = WebError("E805", detail=f"host {host!r} is not served here")
                await _error_response(error, 400)(scope, receive, send_with_headers)
                return
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            size = declared.decode("latin-1")
            error = WebError("E804", size=size, limit=self.max_body)
            await _error_response(error, 413)(scope, receive, send_with_headers)
            return
        if scope.get("method") in ("POST", "PUT", "PATCH", "DELETE"):
            # Read the (bounded) body here, so chunked uploads meet the same limit.
            body = bytearray()
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                more = bool(message.get("more_body"))
                if len(body) > self.max_body:
                    error = WebError("E804", size=f"over {self.max_body}", limit=self.max_body)
                    await _error_response(error, 413)(scope, receive, send_with_headers)
                    return
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def error_body(error: HeraldError) -> dict[str, Any]:
    """The JSON shape of every API error."""
    return {"error": {"code": error.code, "message": error.text, "fix": error.fix}}


def _error_response(error: HeraldError, status: int) -> JSONResponse:
    return JSONResponse(error_body(error), status_code=status)


def status_of(error: HeraldError) -> int:
    """The HTTP status of a Herald error met while serving a request."""
    if isinstance(error, WebError):
        return error.status
    if error.code == "E504":
        return 404
    if error.code == "E505":
        return 409
    if isinstance(error, ExportError | InputError):
        return 422
    if isinstance(error, StoreError):
        return 503
    return 400


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api")


def create_app(
    store: Store,
    *,
    token: str | None = None,
    max_body: int = MAX_BODY,
    allowed_hosts: frozenset[str] | None = None,
) -> FastAPI:
    """The web application over an open store. ``token`` (generated when None) guards writes.

    The token in force is ``app.state.token``.
    """
    from herald.web import api, pages

    app = FastAPI(
        title="Herald",
        version="1",
        summary="Evidence-linked political event data: browse, verify and correct events.",
        # The interactive docs pages load their scripts from a CDN; the schema alone is served.
        docs_url=None,
        redoc_url=None,
    )
    app.state.backend = Backend(store)
    app.state.token = token or secrets.token_urlsafe(24)

    async def herald_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HeraldError)
        status = status_of(exc)
        if _wants_html(request):
            return pages.error_page(request, exc, status)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_body(exc), status_code=status, headers=headers)

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for item in exc.errors()[:5]:
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
            problems.append(f"{where}: {item.get('msg')}")
        error = WebError("E805", detail="; ".join(problems) or "malformed request")
        return await herald_error(request, error)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            error = WebError("E801", what="page", value=request.url.path)
        else:
            error = WebError("E805", detail=str(exc.detail))
        if _wants_html(request):
            return pages.error_page(request, error, exc.status_code)
        return JSONResponse(error_body(error), status_code=exc.status_code, headers=exc.headers)

    app.add_exception_handler(HeraldError, herald_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        media = STATIC.get(name)
        if media is None:
            raise WebError("E801", what="file", value=name)
        body = resources.files("herald.web").joinpath("static", name).read_bytes()
        return Response(body, media_type=media, headers={"Cache-Control": "max-age=300"})

    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(Guard, max_body=max_body, allowed_hosts=allowed_hosts)
    return app
