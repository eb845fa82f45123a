"""The store's one error, defined with the others in `dyadscope.errors` and named here for the store's code."""

from __future__ import annotations

from dyadscope.errors import StoreError

__all__ = ["StoreError"]
