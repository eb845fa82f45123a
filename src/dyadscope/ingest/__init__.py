"""Turn files on disk into `RawDocument`s: find them, read each format, normalise the text."""

from dyadscope.ingest.normalize import normalize_text
from dyadscope.ingest.readers import SUPPORTED_SUFFIXES, IngestError, iter_paths, read_document

__all__ = ["SUPPORTED_SUFFIXES", "IngestError", "iter_paths", "normalize_text", "read_document"]
