"""The one way dyadscope writes HTML (issue 17, part 5): Jinja2 templates under `dyadscope/templates/`, rendered by
one autoescaping environment. `page/` holds the standalone pages the library writes (report, note, review: each a
self-contained file), `web/` the web app's pages, which show those same pages in frames.

    from dyadscope.templating import render
    render("page/note.html", note=note, numbers=...)

Every value a template prints is escaped; only a chart's own HTML (plotly's) is printed `|safe`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """The templates' environment (the web app's pages are rendered by it too)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))


def render(name: str, **context: Any) -> str:
    """Template `name` (relative to `dyadscope/templates/`) filled with `context`."""
    return environment().get_template(name).render(**context)
