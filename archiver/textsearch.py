"""`stem(word)`: the single entry point that maps a word to its index term, whatever the language.

The code lives in archiver.search (tokens, stems and lemmas, the query language, snippets); this
module keeps the name that callers and the documentation use.
"""

from __future__ import annotations

from archiver.search.textsearch import stem, stem_text

__all__ = ["stem", "stem_text"]
