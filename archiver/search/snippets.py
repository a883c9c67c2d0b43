"""Search-result snippets that mark inflected forms too: FTS5's snippet() only marks the exact
form, so a row found through its stem ("шілде" -> "шілдеде") would show nothing highlighted."""

from __future__ import annotations

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
