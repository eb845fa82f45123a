"""The web app: `dyadscope serve` (FastAPI + uvicorn): corpus, relationship, ask, note and review pages
over one store, and the JSON API behind them under /api (OpenAPI docs at /docs, served offline)."""

from dyadscope.web.app import create_app
from dyadscope.web.security import is_loopback

__all__ = ["create_app", "is_loopback"]
