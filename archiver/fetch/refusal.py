"""Whether the site lets this machine in at all.

A public scraper of akorda.kz reports HTTP 403 on every request from cloud machines: a firewall in
front of the site refusing the machine, not pages. The crawl and the probe tell it apart from pages
that fail: page 1 of every section asked for (or of ENOUGH_SECTIONS of them, for a crawl of many
sections) answered 403 or 429 (before any retry), and no request of the run answered anything else,
is a refusal of the machine. It ends the run at once with one line
(`refusal_line`), and the frontier keeps every page for a run from a machine the site lets in. Once
one response is not a refusal, a refused page is a failed page like any other; a section whose
page 1 ends refused is named in the report (`sections_line`). robots.txt does not count either way
(a firewall may let it through). A TLS handshake that fails before anything was received is the
same verdict for the host (`tls_line`): nothing can be fetched from this machine.
"""

from __future__ import annotations

from collections.abc import Iterable

REFUSAL_STATUSES = frozenset({403, 429})
# Sections whose page 1 answered a refusal, with nothing else answered, that are enough for the verdict
# without waiting for the rest: a default crawl asks 60 sections, two seconds apart at the polite pace
# (two minutes), and a firewall that refused six different first pages is refusing the machine.
ENOUGH_SECTIONS = 6
REFUSAL_REASONS = {f"http-{status}": status for status in REFUSAL_STATUSES}  # failure reasons


def _statuses(codes: Iterable[int]) -> str:
    return "HTTP " + " or ".join(str(code) for code in sorted(set(codes)))


def refusal_line(codes: Iterable[int], of: int | None = None) -> str:
    """The one line of a refusal; `of`: how many of the sections asked were refused, when the verdict
    came before every section had answered."""
    if of is None:
        return f"the site refuses this machine ({_statuses(codes)} on every section's first page)"
    return (f"the site refuses this machine ({_statuses(codes)} on the first page of each of the first "
            f"{of} sections asked, and nothing else answered)")


def tls_line(host: str, detail: str) -> str:
    return f"the TLS handshake with {host} failed ({detail}): nothing can be fetched from this machine"


def sections_line(refused: dict[tuple[str, str], int]) -> str:
    names = ", ".join(f"{lang}/{section}" for lang, section in sorted(refused))
    count = f"{len(refused)} sections" if len(refused) > 1 else "a section"
    return (f"the site refused page 1 of {count} ({_statuses(refused.values())}): {names}; "
            "not crawled by this run, asked again by the next")


class FirstContact:
    """The responses a run received, as far as they say whether the site refuses the machine.
    `sections`: the (lang, section) pairs whose page 1 the run asks for."""

    def __init__(self, sections: Iterable[tuple[str, str]]) -> None:
        self.asked = set(sections)
        self.refused: dict[tuple[str, str], int] = {}  # page 1 answered a refusal (maybe retried)
        self.lost: dict[tuple[str, str], int] = {}  # page 1 failed with a refusal, for good
        self.answered = False  # some response of the run was not a refusal

    def response(self, status: int, first_page_of: tuple[str, str] | None) -> str | None:
        """Note a response (`first_page_of`: its section, when it is that section's page 1); the
        refusal line when the site has now refused the machine."""
        if status not in REFUSAL_STATUSES:
            self.answered = True
        elif first_page_of is not None:
            self.refused[first_page_of] = status
        return self.verdict()

    def skipped(self, first_page_of: tuple[str, str]) -> str | None:
        """Page 1 of a section not asked after all (robots.txt forbids it)."""
        self.asked.discard(first_page_of)
        return self.verdict()

    def given_up(self, first_page_of: tuple[str, str], reason: str) -> None:
        """Page 1 of a section failed for good, for `reason` (archiver.fetch.reasons)."""
        status = REFUSAL_REASONS.get(reason)
        if status is not None:
            self.lost[first_page_of] = status

    def verdict(self) -> str | None:
        if self.answered or not self.asked:
            return None
        if self.asked <= self.refused.keys():
            return refusal_line(self.refused[key] for key in self.asked)
        refused = [status for key, status in self.refused.items() if key in self.asked]
        return refusal_line(refused, len(refused)) if len(refused) >= ENOUGH_SECTIONS else None

    def report(self) -> str | None:
        """The sections whose page 1 was refused, when the machine as a whole was not."""
        return sections_line(self.lost) if self.lost and not self.verdict() else None
