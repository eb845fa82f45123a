"""The store's one error: a store that cannot be opened, read or written, said in one line."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be opened or used; the message says why in one line."""
