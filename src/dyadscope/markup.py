"""Text from documents and users, made safe for the Markdown the library writes.

Markdown viewers render raw HTML, so a "<script>" in a scraped page would run when a note or report is opened.
Every Markdown output passes through `markdown_safe`, which writes "<" as "&lt;": viewers show it as "<", and
no tag can open. Nothing else changes (Markdown's own syntax in the outputs uses no "<").
"""

from __future__ import annotations


def markdown_safe(text: str) -> str:
    return text.replace("<", "&lt;")
