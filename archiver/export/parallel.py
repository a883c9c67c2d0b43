"""The parallel format: one JSON line per article that exists in several languages, with each
language's title, date and body, and paragraph-aligned pairs where the paragraph counts agree.

    {"work_id": "1200057", "languages": ["en", "kk", "ru"],
     "kk": {"url", "title", "date_raw", "published", "category", "body"}, "ru": {...}, "en": {...},
     "alignment": {"kk-ru": {"aligned": true, "pairs": [["…", "…"], ...]},
                   "en-kk": {"aligned": false, "paragraphs": [5, 7]}, ...}}

Pairs are by position: only a pair of versions with the same number of paragraphs is marked
aligned; otherwise the counts are given and no pairs (never a guessed alignment).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

LANGS = ("kk", "ru", "en")


def paragraphs(body: str | None) -> list[str]:
    return [p for p in (body or "").split("\n\n") if p.strip()]


def alignment(work: dict) -> dict:
    present = sorted(lang for lang in LANGS if lang in work)
    result = {}
    for a, b in combinations(present, 2):
        pa, pb = paragraphs(work[a]["body"]), paragraphs(work[b]["body"])
        result[f"{a}-{b}"] = ({"aligned": True, "pairs": [list(pair) for pair in zip(pa, pb)]}
                              if len(pa) == len(pb) else
                              {"aligned": False, "paragraphs": [len(pa), len(pb)]})
    return result


def parallel_line(work: dict) -> str:
    languages = sorted(lang for lang in LANGS if lang in work)
    record = {"work_id": work["work_id"], "languages": languages,
              **{lang: work[lang] for lang in languages}, "alignment": alignment(work)}
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def write_parallel(works: Iterable[dict], columns: tuple[str, ...], path: Path, bom: bool) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for work in works:
            out.write(parallel_line(work) + "\n")
            count += 1
    return count
