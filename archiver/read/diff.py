"""What changed between two versions of a page, word by word, and how much it matters.

`word_diff` is the reader's view (which words went, which came); `classify` is the archive's verdict,
stored with every change (issue 19):

- *typographic*: the texts are equal once whitespace, quote marks, dashes, non-breaking spaces and letter
  case are normalised: a reader of the text would not notice;
- *minor*: a few words (at most `MINOR_WORDS`, removed + added), none of them a number, a date word or a
  name (a capitalised word that does not start a sentence), and no sentence or paragraph added or removed;
- *substantive*: anything more.

The title and the date line are compared apart and flagged (`title_changed`, `date_changed`, set by any
change, typographic included: the significance says how much); a date line changed beyond typography is
substantive, since it moves the statement in time. Only extracted fields reach this module, so the
page's furniture (sidebar, counters, the footer's year) never counts. Pure: no I/O, no clock.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from archiver.page.dates import month_number

MINOR_WORDS = 3  # words removed + added; more is substantive
SIGNIFICANCE = ("typographic", "minor", "substantive")  # in rising order
PARAGRAPH = "\n"  # the word that stands for a paragraph break in `word_diff`

# Quote marks (« » “ ” „ ‟ " ' ‘ ’ ‚ ‛ ‹ › ″ ＂) become one mark; dashes and minus signs one hyphen.
_QUOTES = dict.fromkeys(map(ord, "«»“”„‟\"'‘’‚‛‹›″＂`´"), '"')
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")
_TYPOGRAPHY = _QUOTES | _DASHES
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\S\n]*\n\s*|\S+")  # a word, or a line break with the blanks around it
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*$")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Classification:
    significance: str | None  # "typographic" | "minor" | "substantive"; None when nothing changed
    title_changed: bool = False
    date_changed: bool = False
    words_removed: list[str] = field(default_factory=list)
    words_added: list[str] = field(default_factory=list)


def _tokens(text: str | None) -> list[str]:
    """Words in text order, with `PARAGRAPH` between paragraphs (blank lines do not count twice)."""
    out = [PARAGRAPH if "\n" in t else t for t in _TOKEN.findall((text or "").strip())]
    return [t for i, t in enumerate(out) if t != PARAGRAPH or out[i - 1] != PARAGRAPH]


def _typographic_key(word: str) -> str:
    """A word as a reader compares it: NFKC (NBSP and thin spaces are spaces), one quote mark, one
    dash, no case."""
    return unicodedata.normalize("NFKC", word).translate(_TYPOGRAPHY).casefold()


def _opcodes(a: list[str], b: list[str]):
    keys_a, keys_b = [_typographic_key(w) for w in a], [_typographic_key(w) for w in b]
    return difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()


def _runs(a: list[str], b: list[str], opcodes) -> list[tuple[str, list[str]]]:
    runs: list[tuple[str, list[str]]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            runs.append(("equal", a[i1:i2]))
            continue
        if i2 > i1:
            runs.append(("delete", a[i1:i2]))
        if j2 > j1:
            runs.append(("insert", b[j1:j2]))
    return runs


def word_diff(old: str, new: str) -> list[tuple[str, list[str]]]:
    """("equal" | "delete" | "insert", words) runs that turn `old` into `new`, in text order; a replaced
    run is its "delete" then its "insert". Words compare as written (a changed quote mark shows);
    `PARAGRAPH` ("\\n") stands for a paragraph break."""
    a, b = _tokens(old), _tokens(new)
    return _runs(a, b, difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())


def _flat(text: str | None) -> str:
    return _SPACE.sub("", _typographic_key(text or ""))


def _starts_sentence(tokens: list[str], i: int) -> bool:
    return i == 0 or tokens[i - 1] == PARAGRAPH or bool(_SENTENCE_END.search(tokens[i - 1]))


def _weighty(tokens: list[str], i: int) -> bool:
    """A number, a date word, or a name (a capitalised word that does not start a sentence)."""
    word = tokens[i]
    if any(c.isdigit() for c in word):
        return True
    core = word.strip("\"'«»“”„()[].,:;!?…-–—")
    if len(core) >= 4 and month_number(core) is not None:
        return True
    letter = _LETTER.search(word)
    return bool(letter and letter.group().isupper() and not _starts_sentence(tokens, i))


def _breaks(tokens: list[str]) -> tuple[int, int]:
    return (sum(t == PARAGRAPH for t in tokens),
            sum(bool(_SENTENCE_END.search(t)) for t in tokens if t != PARAGRAPH))


def _words(runs: list[tuple[str, list[str]]], tag: str) -> list[str]:
    return [w for t, words in runs if t == tag for w in words if w != PARAGRAPH]


def _field(old: str | None, new: str | None, always_substantive: bool = False):
    """(significance or None, words removed, words added) for one field."""
    old, new = (old or "").strip(), (new or "").strip()
    if unicodedata.normalize("NFC", old) == unicodedata.normalize("NFC", new):
        return None, [], []
    if _flat(old) == _flat(new):
        # Only typography differs: the words as written, so that a reader sees what moved.
        runs = word_diff(old, new)
        return "typographic", _words(runs, "delete"), _words(runs, "insert")
    a, b = _tokens(old), _tokens(new)
    opcodes = _opcodes(a, b)
    runs = _runs(a, b, opcodes)
    removed, added = _words(runs, "delete"), _words(runs, "insert")
    weighty = any(
        _breaks(a[i1:i2]) != _breaks(b[j1:j2])
        or any(_weighty(a, i) for i in range(i1, i2) if a[i] != PARAGRAPH)
        or any(_weighty(b, j) for j in range(j1, j2) if b[j] != PARAGRAPH)
        for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    if always_substantive or weighty or len(removed) + len(added) > MINOR_WORDS:
        return "substantive", removed, added
    return "minor", removed, added


def classify(old: dict, new: dict) -> Classification:
    """The change from `old` to `new` ({title, body, date_raw}): its significance (None when the fields
    are equal), whether the title or the date line changed, and the words removed and added (title's,
    then the date line's, then the body's, each in text order)."""
    title = _field(old.get("title"), new.get("title"))
    date = _field(old.get("date_raw"), new.get("date_raw"), always_substantive=True)
    body = _field(old.get("body"), new.get("body"))
    levels = [s for s, _, _ in (title, date, body) if s is not None]
    if not levels:
        return Classification(None)
    return Classification(
        significance=max(levels, key=SIGNIFICANCE.index),
        title_changed=title[0] is not None,
        date_changed=date[0] is not None,
        words_removed=title[1] + date[1] + body[1],
        words_added=title[2] + date[2] + body[2],
    )
