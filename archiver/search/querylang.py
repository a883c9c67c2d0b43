"""The search query language: one parser for `archiver search`, `export --search`, the web search page,
the Datasette search box and the canned search query. Pure functions; no SQLite here.

    Астана шілде          both words, each in any inflected form (Астанада, шілдеде), anywhere
    "Ұлттық құрылтай"     the exact phrase, only in the form typed
    Астана OR Алматы      either (OR joins the two terms beside it)
    Астана -экспо         without экспо (`NOT экспо` too); a query cannot only exclude
    презид*               a prefix: words starting with презид
    title:Астана          the word as written in the title (`title:Астана*` for its endings);
    body:"жаңа жоба"      body: likewise; a phrase after the colon

Everything else FTS5's own syntax offers is refused by name (NEAR, a leading `*`, `^`, parentheses,
other columns), never searched as something else: `parse_query` raises UsageError with one line.

`build_match` turns each word into "its exact form in title/body OR one of its index terms in stems
(OR in title/body, for a term that is its own stem)": a query's language is unknown, so a Cyrillic word
without Kazakh letters is looked up as Kazakh and as Russian (archiver.search.textsearch.stem); bm25
with heavier exact columns ranks the exact form first. This module is not part of the index's stemmer
fingerprint (archiver.storage.fts): changing the query language never re-indexes an archive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archiver.errors import UsageError
from archiver.search.textsearch import _normalize, _raw_tokens, is_own_stem, stem

OR, AND, NOT = "OR", "AND", "NOT"  # written in capitals, as in FTS5 and web search engines
COLUMNS = ("title", "body")  # what `column:` may name
QUOTES = dict.fromkeys(map(ord, "“”„‟«»"), '"')  # typographic quotes delimit phrases too
# A quoted phrase (with its leading dashes, a column before it and a star after it), or a bare chunk.
QUERY_LEXEME = re.compile(r'(-*)(?:([A-Za-z_]+):)?"([^"]*)"(\*?)|([^\s"]+)')
COLUMN_WORD = re.compile(r"([A-Za-z_]+):(?!//)(.*)")  # title:word (not https://...)


@dataclass(frozen=True)
class Term:
    """One query term: a word (exact or by its index terms), or a quoted phrase or a word filtered
    to one column (exact only)."""

    exact: tuple[str, ...]  # lower-cased tokens as typed, for the exact columns
    stems: tuple[tuple[str, ...], ...] | None  # its index terms read as Kazakh, as Russian; None: exact only
    prefix: bool = False
    negated: bool = False
    column: str | None = None  # title or body; None: either


def _refuse_fts_syntax(chunk: str) -> None:
    """FTS5 syntax this language does not offer, refused by name rather than searched as words."""
    if chunk == "NEAR" or chunk.startswith("NEAR("):
        raise UsageError("NEAR is not supported: a \"quoted phrase\" finds words side by side, and words "
                         "without quotes are found anywhere in the article")
    if chunk.startswith("*") or "*" in chunk[:-1]:
        raise UsageError(f"{chunk}: * is supported only at the end of a word (a prefix, as in презид*); "
                         "a search cannot leave the start of a word open")
    if chunk.startswith("^"):
        raise UsageError(f"{chunk}: ^ (a word at the start of a column) is not supported")
    if chunk.startswith(("(", "{")) or chunk.endswith((")", "}")):
        raise UsageError(f"{chunk}: parentheses and braces are not supported: words are all required, OR "
                         "joins the two terms beside it, - excludes a term")


def _column(name: str) -> str:
    if name.lower() not in COLUMNS:
        raise UsageError(f"{name}: is not a part of an article a search can look in: use title: or body: "
                         "(language, category and dates are filters of their own)")
    return name.lower()


def _tokens(text: str) -> list[str]:
    return [t for t in _raw_tokens(text) if _normalize(t)]


def _word_term(chunk: str, negated: bool) -> Term | None:
    """A bare chunk: "-" in front excludes, "*" behind is a prefix; "Қасым-Жомарт" is a phrase;
    `title:word` is the word as written in the title."""
    negated = negated or chunk.startswith("-")
    chunk = chunk.lstrip("-")
    if not chunk:
        return None
    _refuse_fts_syntax(chunk)
    prefix = chunk.endswith("*")
    if column := COLUMN_WORD.fullmatch(chunk):
        name = _column(column[1])
        raw = _tokens(column[2])
        if not raw:
            raise UsageError(f"{column[1]}: needs the word or \"phrase\" right after it, as in {name}:Астана")
        return Term(tuple(raw), None, prefix, negated, name)
    raw = _tokens(chunk)
    if not raw:
        return None
    norm = [_normalize(t) for t in raw]
    readings = dict.fromkeys(
        tuple(stem(t, language) for t in norm[:-1]) + (norm[-1] if prefix else stem(norm[-1], language),)
        for language in ("kk", "ru"))
    return Term(tuple(raw), tuple(readings), prefix, negated)


def parse_query(query: str) -> list[Term | str]:
    """Terms and "OR" markers of a user query, in order. Raises UsageError on a malformed query."""
    if not query.strip():
        raise UsageError("search query is empty")
    query = query.translate(QUOTES)
    if query.count('"') % 2:
        raise UsageError('unbalanced quote in search query: a phrase needs a " at each end')
    items: list[Term | str] = []
    pending_not = False
    for dashes, column, phrase, star, chunk in QUERY_LEXEME.findall(query):
        if chunk in (OR, AND, NOT):
            if pending_not:
                raise UsageError(f"NOT must be followed by a search term, not {chunk}")
            if chunk == OR:
                items.append(OR)
            pending_not = chunk == NOT
            continue
        if chunk:
            term = _word_term(chunk, pending_not)
        else:
            raw = _tokens(phrase)
            term = Term(tuple(raw), None, bool(star), pending_not or bool(dashes),
                        _column(column) if column else None) if raw else None
        if term is not None:
            items.append(term)
            pending_not = False
    if pending_not:
        raise UsageError("NOT at the end of the search query excludes nothing")
    return items


def unquoted(query: str) -> tuple[str, list[str]] | None:
    """The query with the quotes of its wanted phrases taken off (their words then match in any form,
    anywhere) and those phrases, or None when it has no such phrase: what to suggest when a phrase
    finds nothing."""
    query = query.translate(QUOTES)
    if query.count('"') % 2:
        return None
    parts, phrases, after_not = [], [], False
    for lexeme in QUERY_LEXEME.finditer(query):
        dashes, column, phrase, star, chunk = lexeme.groups()
        text = lexeme[0]
        if chunk is None and not (dashes or column or after_not) and phrase.strip():
            text = " ".join(phrase.split())
            phrases.append(text)
            text += star
        parts.append(text)
        after_not = chunk == NOT
    return (" ".join(parts), phrases) if phrases else None


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term_match(term: Term, exact_columns: tuple[str, ...], stems_column: str) -> str:
    star = " *" if term.prefix else ""
    columns = (term.column,) if term.column else exact_columns
    exact = "{" + " ".join(columns) + "}: " + _quote(" ".join(term.exact)) + star
    if term.stems is None:
        return exact
    readings = [f"{stems_column}: {_quote(' '.join(s))}{star}" for s in term.stems]
    if len(term.exact) == 1:  # index_stems leaves out a lone word that is its own term: in title/body
        readings += list(dict.fromkeys(
            "{" + " ".join(exact_columns) + "}: " + _quote(s) + star for (s,) in term.stems
            if s != term.exact[0] and (term.prefix or is_own_stem(s))))
    return "(" + " OR ".join([exact] + readings) + ")"


def build_match(query: str, *, exact_columns: tuple[str, ...] = COLUMNS,
                stems_column: str = "stems") -> str:
    """An FTS5 MATCH expression for a user query (the syntax: this module's docstring); every piece of
    user text is a quoted string. Raises UsageError with a one-line explanation when the query cannot
    be searched."""
    groups: list[list[Term]] = []
    joining = False
    for item in parse_query(query):
        if item == OR:
            if not groups or joining:
                raise UsageError("OR needs a search term on each side")
            joining = True
        elif joining:
            groups[-1].append(item)
            joining = False
        else:
            groups.append([item])
    if joining:
        raise UsageError("OR needs a search term on each side")
    if not groups:
        raise UsageError("search query has no words to search for")
    if any(len(g) > 1 and any(t.negated for t in g) for g in groups):
        raise UsageError("an excluded term (- or NOT) cannot be part of an OR")
    wanted = [g for g in groups if not g[0].negated]
    if not wanted:
        raise UsageError("search query only excludes terms: add a term to search for")

    match = " AND ".join(_any_of([_term_match(t, exact_columns, stems_column) for t in g]) for g in wanted)
    unwanted = [_term_match(g[0], exact_columns, stems_column) for g in groups if g[0].negated]
    if not unwanted:
        return match
    # One NOT with an OR inside: a chain of NOTs would nest one level deeper per excluded term.
    return f"{_group(match, len(wanted))} NOT {_any_of(unwanted)}"


def _any_of(parts: list[str]) -> str:
    return _group(" OR ".join(parts), len(parts))


def _group(expression: str, count: int) -> str:
    return f"({expression})" if count > 1 else expression
