"""The errors dyadscope raises on purpose, each a message of one line.

    DyadscopeError
    ├── InputError      what the user gave is wrong: a value, a file (IngestError), an actor file (ActorDataError)
    │   └── NotFoundError   what was asked for is not in the store (a pair with no events)
    ├── StoreError      the store cannot be opened, read or written (dyadscope.store)
    └── ModelError      a bundled model or data file cannot be read (the installation is broken)

The command line and the web app turn these into one line (exit code 2, HTTP 4xx/5xx); anything else is a bug,
said in one line as a bug (exit code 70), with its traceback under `dyadscope --debug`. `InputError` is also a
`ValueError`, so code that caught ValueError before still does.
"""

from __future__ import annotations


class DyadscopeError(Exception):
    """An error dyadscope raises on purpose; `str()` is one line saying what and why."""


class InputError(DyadscopeError, ValueError):
    """What the user gave cannot be used: a value, an option, a file."""


class NotFoundError(InputError):
    """What was asked for is not in the store."""


class StoreError(DyadscopeError):
    """The store cannot be opened, read or written (`dyadscope.store`); the message says why in one line."""


class ModelError(DyadscopeError):
    """A bundled model or data file cannot be read: the installation is broken."""
