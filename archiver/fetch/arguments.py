"""The crawl's arguments, read and checked in one place for every layer.

`archiver crawl --since 2024`, `crawl(since="2024")`, `scrapy crawl akorda -a since=2024` and the setting
`ARCHIVE_SINCE = "2024"` take the same values and refuse the same bad ones with the same one line
(UsageError), before anything is fetched. Spider arguments win over ARCHIVE_* settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from archiver.errors import UsageError
from archiver.fetch.revisit import RevisitOptions
from archiver.page.urls import SECTIONS
from archiver.storage import normalize_lang
from archiver.storage.query import date_bound

SECTION_RE = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
TRUE = ("1", "true", "yes")


@dataclass(frozen=True)
class CrawlArguments:
    site: str  # base URL, no trailing slash
    db: str
    langs: tuple[str, ...]  # ISO codes
    sections: tuple[str, ...]  # listing paths below /{lang}/
    revisits: RevisitOptions
    max_pages: int = 0  # listing pages per section at most (0: no limit)
    since: str | None = None  # ISO day: do not go back past it
    full: bool = False  # walk every listing page, known or not
    known_pages: int = 1  # stop a walk after this many pages of archived articles
    refresh_days: int = 0  # re-fetch articles published in the last N days

    @classmethod
    def read(cls, arg: Callable[[str], object]) -> CrawlArguments:
        """From `arg(name)`: a spider argument, else the ARCHIVE_<NAME> setting, else None."""
        site = str(arg("site") or "").rstrip("/")
        parts = urlsplit(site)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"--site must be an http(s) URL such as https://www.akorda.kz, "
                             f"not {site!r}")
        names = [s.strip("/ ") for s in str(arg("section") or "").split(",") if s.strip("/ ")]
        for name in names:
            if not SECTION_RE.match(name):
                raise UsageError(f"--section {name!r} is not a listing path such as events or speeches")
        since = arg("since")
        numbers = {name: _count(arg(name), name) for name in ("max_pages", "known_pages", "refresh_days")}
        return cls(site=site, db=str(arg("db")), langs=tuple(normalize_lang(str(arg("lang")))),
                   sections=tuple(names or SECTIONS), revisits=RevisitOptions.from_arguments(arg),
                   max_pages=numbers["max_pages"], since=date_bound(str(since), "since") if since else None,
                   full=str(arg("full")).lower() in TRUE, known_pages=max(1, numbers["known_pages"]),
                   refresh_days=numbers["refresh_days"])

    @property
    def refresh_from(self) -> str | None:
        """The first publication day re-fetched by --refresh-days, or None."""
        if not self.refresh_days:
            return None
        return (self.revisits.today - timedelta(days=self.refresh_days)).isoformat()

    def recorded(self) -> dict:
        """The arguments as the run's row records them (the same names as the CLI's flags)."""
        return {"site": self.site, "lang": ",".join(self.langs), "db": self.db,
                "section": ",".join(self.sections), "max_pages": self.max_pages,
                "since": self.since, "full": self.full, "known_pages": self.known_pages,
                "refresh_days": self.refresh_days, "today": self.revisits.today.isoformat(),
                "revisit_days": self.revisits.revisit_days,
                "revisit_budget": self.revisits.revisit_budget, "documents": self.revisits.documents}


def _count(value: object, name: str) -> int:
    """A whole number at least 0 (None and "" are 0)."""
    flag = "--" + name.replace("_", "-")
    try:
        number = int(str(value)) if value not in (None, "") else 0
    except ValueError:
        raise UsageError(f"{flag} needs a whole number, not {value!r}") from None
    if number < 0:
        raise UsageError(f"{flag} cannot be negative")
    return number
