"""The store's one error: a store that cannot be opened, read or written, said in one line."""

from __future__ import annotations

from dyadscope.errors import DyadscopeError


class StoreError(DyadscopeError):
    """The store cannot be opened or used; the message says why in one line."""
