"""Search-result snippets that mark inflected forms too: FTS5's snippet() only marks the exact
form, so a row found through its stem ("шілде" -> "шілдеде") would show nothing highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archiver.search.querylang import Term, parse_query
from archiver.search.textsearch import stem, text_language, tokenize


def _matcher(query: str, language: str | None):
    """Whether a word of a text in `language` is one the query finds (exact, inflected or by prefix)."""
    terms = [t for t in parse_query(query) if isinstance(t, Term) and not t.negated]
    exact = {w for t in terms for w in t.exact}
    stems = {s for t in terms if t.stems for reading in t.stems for s in reading}
    prefixes = tuple(t.exact[-1] for t in terms if t.prefix and t.exact)

    def hit(word: str) -> bool:
        return any(tok in exact or stem(tok, language) in stems or (prefixes and tok.startswith(prefixes))
                   for tok in tokenize(word))
    return hit


def highlight(text: str, query: str, words: int = 24, mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of about `words` words around the first match, matches wrapped in `mark`."""
    hit = _matcher(query, text_language(tokenize(text)))
    tokens = text.split()
    first = next((i for i, w in enumerate(tokens) if hit(w)), 0)  # stops at the first match
    start = max(0, first - words // 5)
    end = min(len(tokens), start + words)
    shown = [f"{mark[0]}{w}{mark[1]}" if hit(w) else w for w in tokens[start:end]]
    return ("… " if start else "") + " ".join(shown) + (" …" if end < len(tokens) else "")


SNIPPET_WINDOW = (120, 480)  # characters before and after the first likely match given to highlight


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif value:
        for item in value:
            yield from _strings(item)


def likely_match(query: str) -> re.Pattern | None:
    """A word starting like one of the query's forms or stems, lower-cased: all but their last two
    letters (4 at least), as inflection changes the ending (встреча, встречи; заявить, заявил)."""
    forms = {s[:max(4, len(s) - 2)] for t in parse_query(query) if isinstance(t, Term) and not t.negated
             for s in (*t.exact, *_strings(t.stems)) if len(s) >= 3}
    if not forms:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + ")")


def body_snippet(body: str, query: str, first: re.Pattern | None = None,
                 mark: tuple[str, str] = ("[", "]")) -> str:
    """The search results' snippet of an article's body: `highlight` of the body, given only a window
    around the first likely match (`likely_match(query)`, passed in when many bodies are cut for one
    query): marking reads every word it is given, and a long body costs milliseconds. The whole body
    if the window shows no match (a stem that is not a prefix of the word, as a lemma may be). The web
    search page asks for other `mark`s, to draw them as <mark> (the same snippet as the CLI's)."""
    first = first or likely_match(query)
    hit = first.search(body.lower()) if first else None
    if hit is None or len(body) <= sum(SNIPPET_WINDOW):
        return highlight(body, query, mark=mark)
    start = body.rfind(" ", 0, max(0, hit.start() - SNIPPET_WINDOW[0])) + 1
    end = body.find(" ", hit.start() + SNIPPET_WINDOW[1])
    end = len(body) if end < 0 else end
    shown = highlight(body[start:end], query, mark=mark)
    if mark[0] not in shown:
        return highlight(body, query, mark=mark)
    before = "… " if start and not shown.startswith("… ") else ""
    after = " …" if end < len(body) and not shown.endswith(" …") else ""
    return before + shown + after
