"""The `serve` command: the web app (corpus, relationship, ask, note and review pages, and a JSON API).

It listens on loopback unless told otherwise; beyond loopback an access token is required.
"""

from __future__ import annotations

from typing import Annotated

import typer

from dyadscope.cli.common import DbOption, _fail, err, shown
from dyadscope.errors import InputError, StoreError
from dyadscope.files import default_db


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond loopback, --token is required.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None, typer.Option(envvar="DYADSCOPE_TOKEN", help="Access token for every request (16+ characters).")
    ] = None,
    max_upload_mb: Annotated[float, typer.Option(help="Largest file that can be uploaded, in MB.")] = 20.0,
) -> None:
    """Serve the web app: corpus, relationship, ask, note and review pages, and a JSON API (docs at /docs)."""
    import uvicorn

    from dyadscope.web import create_app, is_loopback

    if not is_loopback(host) and not token:
        _fail(f"--host {host} is not a loopback address: give an access token with --token or DYADSCOPE_TOKEN")
    try:
        web = create_app(db or default_db(), token=token, max_upload=int(max_upload_mb * 1024 * 1024))
    except (StoreError, InputError) as error:
        _fail(str(error))
    address = f"[{host}]" if ":" in host else host
    err.print(
        f"dyadscope serving {shown(db or default_db())} at http://{shown(address)}:{port}/"
        + (" (token required)" if token else "")
    )
    uvicorn.run(web, host=host, port=port, log_level="warning")
