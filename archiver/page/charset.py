"""Which charset a page's bytes are in, decided by evidence, not only by what the page declares.

The HTML standard's order is a byte-order mark, then the HTTP Content-Type charset, then <meta charset>.
A server that lies (UTF-8 bytes served as `charset=windows-1251`) would turn every Cyrillic letter
into two letters of mojibake ("Р“Р»Р°РІР°"), and nothing downstream could tell. So the bytes get the
last word where they contradict the declaration:

- bytes that are valid UTF-8 and hold multibyte sequences are UTF-8, whatever a single-byte charset
  declaration says: text in windows-1251, KOI8-R or Latin-1 practically never forms valid multibyte
  UTF-8 sequences (a Cyrillic letter in windows-1251 is a byte >= 0xC0, which in UTF-8 must be followed
  by continuation bytes 0x80-0xBF, mostly punctuation there);
- bytes that are not valid UTF-8 under a UTF-8 declaration are read in the other declared charset if
  there is one (the <meta> when HTTP said UTF-8, or the reverse), else as UTF-8 when only a few bytes
  are broken, else refused (ExtractionError "charset"): storing mojibake is worse than a recorded failure.

Every such decision is kept as `Charset.contradiction` so that a run can report it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from archiver.errors import ExtractionError

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
META_WINDOW = 4096  # bytes searched for <meta charset> (the standard says 1024; real pages put it first)
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# At most this share of a page's non-ASCII bytes may be broken UTF-8 for it still to be read as UTF-8
# (a stray byte in an otherwise UTF-8 page); above it, the page is in some undeclared charset.
BROKEN_UTF8_SHARE = 0.01
_ASCII = bytes(range(0x80))


@dataclass(frozen=True)
class Charset:
    name: str  # a Python codec name, e.g. "utf-8", "cp1251"
    contradiction: str | None = None  # what the bytes said against the declaration, if anything


UTF8 = Charset("utf-8")


def _lookup(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def meta_charset(data: bytes) -> str | None:
    match = META_CHARSET.search(data, 0, META_WINDOW)
    return match.group(1).decode("ascii") if match else None


def read_charset(data: bytes, declared: str | None = None, trust_utf8: bool = False) -> Charset:
    """The charset to read `data` in; `declared`: the HTTP Content-Type charset, if any.
    `trust_utf8`: take a UTF-8 declaration (or none) at its word without checking the bytes (a
    quarter of an HTML5 parse): for a caller that looks for U+FFFD in what it read and asks again."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return Charset(name)
    meta_label = meta_charset(data)
    http, meta = _lookup(declared), _lookup(meta_label)
    stated = http or meta
    if trust_utf8 and stated in (None, "utf-8"):
        return UTF8
    if data.isascii():
        return Charset(stated) if stated and stated != "utf-8" else UTF8
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _not_utf8(data, http, meta)
    if stated in (None, "utf-8"):
        return UTF8
    where, label = ("the HTTP header", declared.strip()) if http else ("<meta charset>", meta_label)
    return Charset("utf-8", f"{where} declares {label}, but the bytes are UTF-8: read as UTF-8")


def _not_utf8(data: bytes, http: str | None, meta: str | None) -> Charset:
    if http and http != "utf-8":
        return Charset(http)
    if not http and meta and meta != "utf-8":
        return Charset(meta)
    if http == "utf-8" and meta and meta != "utf-8":
        return Charset(meta, f"the HTTP header declares UTF-8, but the bytes are not: read as {meta} "
                             "(<meta charset>)")
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    non_ascii = len(data.translate(None, _ASCII))
    where = "declared" if http or meta else "assumed (nothing declared)"
    if broken <= max(1, BROKEN_UTF8_SHARE * non_ascii):
        return Charset("utf-8", f"UTF-8 {where}, {broken} broken byte sequence(s) replaced")
    raise ExtractionError("charset", f"UTF-8 {where}, but {broken} byte sequences are not UTF-8 and no "
                                     "other charset is declared: not stored rather than stored garbled")


def decode(data: str | bytes, declared: str | None = None) -> str:
    """HTML text of page bytes, in the charset read_charset decides (a str is returned as it is)."""
    if isinstance(data, str):
        return data
    return data.decode(read_charset(data, declared).name, "replace").lstrip("\ufeff")


__all__ = ["Charset", "decode", "meta_charset", "read_charset"]
