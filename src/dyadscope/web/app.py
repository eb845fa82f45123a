"""`create_app(db_path)`: the FastAPI app behind `dyadscope serve`.

One KnowledgeBase per app, kept on `app.state.worker`: a single worker thread opens it and runs every
call on it (services.Worker says why). OpenAPI docs are served at /docs by the Swagger UI that the
`swagger-ui-bundle` package ships, from /static/swagger: no request leaves the machine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from dyadscope.errors import InputError, StoreError
from dyadscope.templating import render
from dyadscope.web import api, pages
from dyadscope.web.security import MIN_TOKEN, Guard, Throttle
from dyadscope.web.services import MAX_UPLOAD, Rejected, Worker

HERE = Path(__file__).parent
MULTIPART_SLACK = 256 * 1024  # form fields and part headers around an upload


def swagger_folder() -> Path | None:
    """The Swagger UI files inside the swagger-ui-bundle package (swagger-ui-<version>/)."""
    try:
        vendor = Path(str(resources.files("swagger_ui_bundle"))) / "vendor"
    except ModuleNotFoundError:
        return None
    found = sorted(vendor.glob("swagger-ui-*/swagger-ui-bundle.js"))
    return found[-1].parent if found else None


def plotly_js() -> Path:
    return Path(str(resources.files("plotly"))) / "package_data" / "plotly.min.js"


def create_app(
    db_path: Path | str,
    token: str | None = None,
    *,
    max_upload: int = MAX_UPLOAD,
    allowed_hosts: Sequence[str] | None = None,
    actor_files: Sequence[Path] = (),
    warm_up: bool = True,
) -> FastAPI:
    """The web app over one store.

    `token`: required on every request when set (give one whenever the app listens beyond loopback); at least
    16 characters, else ValueError.
    `allowed_hosts`: Host names answered ("*": any); by default, with no token, loopback hosts only (any
    that `is_loopback` accepts, as `serve` does) and with a token any host.
    """
    if token is not None and len(token) < MIN_TOKEN:
        raise InputError(f"an access token must be at least {MIN_TOKEN} characters (this one has {len(token)})")
    worker = Worker(Path(db_path), actor_files)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            worker.warm_up()
        yield
        worker.close()

    app = FastAPI(
        title="dyadscope",
        summary="Documents about two countries → a cited, dated account of their relationship.",
        description="The data behind every page of the [dyadscope web app](/). Events follow the stable schema "
        "of docs/schema.md. When the server has a token, send `Authorization: Bearer <token>`.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.worker = worker
    app.state.token = token
    app.state.max_upload = max_upload
    app.state.throttle = throttle = Throttle()
    app.add_middleware(
        Guard, token=token, allowed_hosts=allowed_hosts, max_body=max_upload + MULTIPART_SLACK, throttle=throttle
    )

    @app.exception_handler(Rejected)
    async def rejected(request: Request, error: Rejected) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": error.message}, status_code=error.status)
        return pages.page(request, "error.html", error.status, message=error.message)

    @app.exception_handler(StoreError)
    async def unavailable(request: Request, error: StoreError) -> Response:
        """The store or its search index cannot be used now (a foreign folder, a lock never let go)."""
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": str(error)}, status_code=503)
        return pages.page(request, "error.html", 503, message=str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in error.errors()
        )
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": problems, "errors": _plain(error.errors())}, status_code=422)
        return pages.page(request, "error.html", 422, message=problems)

    swagger = swagger_folder()
    if swagger is not None:
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")

    @app.get("/static/plotly.min.js", include_in_schema=False)
    async def plotly() -> FileResponse:
        """The plotly.js that the installed plotly package bundles (the version its figures are made for)."""
        return FileResponse(plotly_js(), media_type="text/javascript", headers={"cache-control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        if swagger is None:
            return HTMLResponse(render("web/no_swagger.html"))
        return get_swagger_ui_html(
            openapi_url="/api/openapi-3.0.json",
            title="dyadscope API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None, "defaultModelsExpandDepth": 0},
        )

    @app.get("/api/openapi-3.0.json", include_in_schema=False)
    async def openapi_30() -> dict[str, Any]:
        """The OpenAPI document as 3.0, which the bundled Swagger UI (4.x) reads; /openapi.json is 3.1."""
        return as_openapi_30(app.openapi())

    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def as_openapi_30(spec: dict[str, Any]) -> dict[str, Any]:
    """FastAPI's OpenAPI 3.1 as 3.0: `anyOf [X, null]` → X + nullable, list `examples` → `example`."""

    def fix(node: Any) -> Any:
        if isinstance(node, list):
            return [fix(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: fix(v) for k, v in node.items()}
        for key in ("anyOf", "oneOf"):
            options = node.get(key)
            if isinstance(options, list) and {"type": "null"} in options:
                rest = [o for o in options if o != {"type": "null"}]
                del node[key]
                if len(rest) == 1 and "$ref" not in rest[0]:
                    node = {**rest[0], **node}
                else:
                    node["allOf" if len(rest) == 1 else key] = rest
                node["nullable"] = True
        if isinstance(node.get("examples"), list) and node["examples"] and "type" in node:
            node["example"] = node.pop("examples")[0]
        if node.get("type") == "string" and "contentMediaType" in node:
            node["format"] = "binary"
            del node["contentMediaType"]
        if "const" in node:
            node["enum"] = [node.pop("const")]
        return node

    converted: dict[str, Any] = fix(spec)
    converted["openapi"] = "3.0.3"
    return converted


def _plain(errors: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]  # fmt: skip
