"""The Article record: what the archive keeps of one news page."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Article:
    url: str  # canonical URL (see archiver.page.urls.canonical_url)
    lang: str  # ISO 639-1: "kk", "ru" or "en"
    site_id: str  # numeric id of current-layout URLs, else the slug path
    title: str | None
    date_raw: str | None  # the date line exactly as shown (page or listing card), or None
    published: str | None  # ISO YYYY-MM-DD, or None
    date_source: str | None  # "page", "listing" or None
    category: str | None  # page's own label, else the listing section's label, else None
    body: str  # paragraph texts joined by a blank line
    section: str | None = None  # listing section path the article was found under, e.g. "events"
    text_lang: str | None = None  # the language the title and body are written in (archiver.page.language)
    work_id: str | None = None  # shared by verified translations: the slug-id path's id, else None
    # How the page was read, not what it says (never stored): what its bytes said against the charset it
    # declared (archiver.page.charset), for the run's report.
    charset_note: str | None = field(default=None, compare=False, metadata={"stored": False})

    def to_dict(self) -> dict:
        # Every field is a str or None: a flat copy (dataclasses.asdict deep-copies each value, the
        # larger part of comparing a re-extracted page with its row).
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = tuple(f.name for f in fields(Article) if f.metadata.get("stored", True))
