"""Text and attribute values as the site writes them in its HTML."""

from __future__ import annotations

import html
from functools import lru_cache

_ENTITIES = (("«", "&laquo;"), ("»", "&raquo;"), (" – ", "&nbsp;&ndash; "), ("–", "&ndash;"),
             ("—", "&mdash;"), ("\u00a0", "&nbsp;"))


@lru_cache(maxsize=16384)
def text(value: str) -> str:
    """Element text as the site writes it: entities for guillemets and dashes, &nbsp; before a dash."""
    value = html.escape(value, quote=False)
    for char, entity in _ENTITIES:
        if char in value:
            value = value.replace(char, entity)
    return value


def esc(value: str) -> str:
    """An attribute value (or text that needs no entities)."""
    return html.escape(value, quote=True)
