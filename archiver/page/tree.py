"""A page's tree as a browser builds it: HTML5 parsing (Lexbor, through selectolax) of bytes read in
the charset the evidence says (archiver.page.charset), with the checks every page passes first."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver.errors import ExtractionError
from archiver.page import selectors as S
from archiver.page.charset import UTF8, Charset, decode, read_charset


REPLACEMENT = "\ufffd"  # what bytes that are not UTF-8 become when read as UTF-8


@dataclass
class Page:
    """A parsed page: its tree and the charset it was read in."""
    tree: LexborHTMLParser
    charset: Charset


def text_of(node: LexborNode | None) -> str:
    """The node's text with whitespace runs (and &nbsp;) collapsed to single spaces."""
    return collapse(node.text(deep=True)) if node is not None else ""


def collapse(text: str) -> str:
    """" ".join(text.split()), without its cost where there is nothing to collapse: every whitespace
    character but the ASCII space is non-printable (isprintable is a quick C loop, split is not)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def depth_of(node: LexborNode) -> int:
    depth = 0
    while node is not None:
        depth, node = depth + 1, node.parent
    return depth


def parse(data: str | bytes, declared: str | None = None, trust_utf8: bool = False) -> Page:
    """The page's HTML5 tree; ExtractionError if it is cut short, unreadable or nested past reason.
    Bytes are parsed as they are when they are UTF-8 (no decode), else decoded first; `declared`:
    the charset of the response's Content-Type header, if any; `trust_utf8`: see read_charset (a
    str is UTF-8 already)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tail = raw[-S.END_WINDOW:].lower()
    if not (any(marker in tail for marker in S.END_MARKERS) and raw.rfind(S.FOOTER_MARKER) >= 0):
        raise ExtractionError("truncated", "the page is cut short: no footer or closing tags")
    if len(raw) > 3 * S.MAX_UNCLOSED and raw.count(b"<") - 2 * raw.count(b"</") > S.MAX_UNCLOSED:
        raise ExtractionError("too-deep", f"more than {S.MAX_UNCLOSED:,} unclosed tags: not parsed")
    charset = UTF8 if isinstance(data, str) else read_charset(raw, declared, trust_utf8)
    if charset.name != "utf-8":
        raw = decode(raw, charset.name).encode("utf-8")
    elif raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    tree = LexborHTMLParser(raw)
    if tree.body is None:
        raise ExtractionError("not-article", "empty page")
    return Page(tree, charset)


__all__ = ["REPLACEMENT", "Page", "collapse", "depth_of", "parse", "text_of"]
