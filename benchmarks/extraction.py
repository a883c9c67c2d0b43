"""Extraction: `extract_article` against the HTML-parsing floor and trafilatura, on the same pages.

    python -m benchmarks.extraction [REPEATS]

Pages: one replica page of every kind in every language (news, speech, legal act, address, older
layout; kk, ru, en) and the real 2018 news page, as the replica serves them (the same bytes a crawl
receives), and the real 2026 speech page kept whole (tests/fixtures/real/, truth written by hand).
Two floors: the HTML5 parse the extractor stands on (selectolax's Lexbor), and lxml's parse (the
extractor's parser before issue 18), each of the same bytes. Each tool reads each page REPEATS times, the tools taking turns; the figure is the median
CPU time of one call (garbage collector paused while a call is timed). Accuracy against the site's
ground truth (`ReplicaSite.expected_article`): title exact, date right (the ISO date, or none when the
site shows none), body token F1. Like with like: `extract_article` and trafilatura both read the page
alone; `extract_article` given the listing card as well, as in a crawl (pages without a date line of
their own take the card's date), is a row of its own. A title exact but for the " — site name" suffix
that the page's <title> carries is counted apart. Every figure printed is measured by the run.
"""

from __future__ import annotations

import gc
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import json
from pathlib import Path

import lxml.html
from selectolax.lexbor import LexborHTMLParser

from archiver.page.extract import ListingEntry, extract_article
from archiver.replica import ReplicaSite, respond
from archiver.replica.texts import LANGS, SECTION_BY_PATH
from archiver.page.urls import CANONICAL_SITE, SITE_LANGS
from benchmarks.verdict import MIN_ROUNDS, require_work, rounds_goal

SEED = 0
SITE_ARTICLES = 400  # per language: enough for every kind, and the real page
KINDS = {  # table label -> (section, layout kind) of the page to take
    "news": ("events", "news"),
    "speech": ("speeches", "speech"),
    "legal act": ("legal_acts", "legal"),
    "address": ("addresses", "speech"),
    "older layout": (None, "older"),
}
GOAL_FLOOR_RATIO = 2.0  # extract_article at most 2x the HTML5 parse alone
ROUNDS = MIN_ROUNDS
REAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real"
WORD = re.compile(r"\w+")
SITE_SUFFIX = re.compile(r"\s+[—|–-]\s+[^—|–]+$")  # " — Official website of ..." after a page title


@dataclass
class Page:
    label: str
    url: str
    html: bytes
    entry: ListingEntry
    truth: dict


@dataclass
class Fields:
    title: str | None
    date: str | None
    body: str


def pages(site: ReplicaSite | None = None) -> list[Page]:
    """The pages to measure: every kind in every language, then the real page."""
    site = site or ReplicaSite(seed=SEED, articles=SITE_ARTICLES)
    chosen: list[tuple[str, str, int]] = []
    for lang in LANGS:
        for label, (section, kind) in KINDS.items():
            i = next(i for i in range(site.articles) if site.kind_of(lang, i) == kind
                     and (section is None or site.section_of(i).path == section)
                     and not site.is_real(lang, i))
            chosen.append((f"{label}, {SITE_LANGS[lang]}", lang, i))
    chosen.append(("real 2018 page, kk", "kz", site.real_i))
    out = []
    for label, lang, i in chosen:
        item = site.item(lang, i)
        response = respond(site, item.path)
        assert response.status == 200, (item.path, response.status)
        url = CANONICAL_SITE + item.path
        entry = ListingEntry(url=url, title=item.title, date_raw=item.card_date, section=item.section,
                             category=SECTION_BY_PATH[item.section].label(lang))
        out.append(Page(label, url, response.body, entry, site.expected_article(url)))
    for path in sorted(REAL.glob("*.json")):  # the real pages kept whole, with hand-written truth
        meta = json.loads(path.read_text("utf-8"))
        truth = meta["expected"]
        entry = ListingEntry(url=meta["url"], title=truth["title"], date_raw=truth["date_raw"], section="",
                             category=None)
        out.append(Page(f"real {path.stem}", meta["url"], path.with_suffix(".html").read_bytes(), entry, truth))
    return out


# -- the tools ---------------------------------------------------------------------------------------
def _floor(page: Page) -> None:
    LexborHTMLParser(page.html)


def _lxml(page: Page) -> None:
    lxml.html.fromstring(page.html)


def _ours(page: Page) -> Fields:
    article = extract_article(page.html, page.url)
    return Fields(article.title, article.published, article.body)


def _ours_with_card(page: Page) -> Fields:
    article = extract_article(page.html, page.url, listing=page.entry)
    return Fields(article.title, article.published, article.body)


def _trafilatura(with_metadata: bool) -> Callable[[Page], Fields]:
    from trafilatura import bare_extraction

    def run(page: Page) -> Fields:
        doc = bare_extraction(page.html, url=page.url, with_metadata=with_metadata)
        if doc is None:
            return Fields(None, None, "")
        get = doc.get if isinstance(doc, dict) else lambda name: getattr(doc, name, None)
        return Fields(get("title"), get("date") if with_metadata else None, get("text") or "")
    return run


def tools() -> dict[str, Callable[[Page], object]]:
    return {"floor": _floor, "lxml": _lxml, "ours": _ours, "ours + card": _ours_with_card, "trafilatura": _trafilatura(True),
            "trafilatura text": _trafilatura(False)}


# -- accuracy ----------------------------------------------------------------------------------------
def token_f1(got: str, want: str) -> float:
    """F1 of the multisets of lower-cased word tokens."""
    a, b = Counter(WORD.findall(got.lower())), Counter(WORD.findall(want.lower()))
    if not a and not b:
        return 1.0
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def score(fields: Fields, truth: dict) -> tuple[bool, bool, float, bool]:
    """(title exact, date right, body token F1, title exact once a site-name suffix is cut)."""
    title = " ".join((fields.title or "").split())
    return (title == truth["title"], fields.date == truth["published"], token_f1(fields.body, truth["body"]),
            SITE_SUFFIX.sub("", title) == truth["title"])


# -- timing ------------------------------------------------------------------------------------------
def cpu_ms(call: Callable[[], object]) -> float:
    gc.disable()
    try:
        start = time.process_time_ns()
        call()
        return (time.process_time_ns() - start) / 1e6
    finally:
        gc.enable()


def _text(tree_text: str) -> str:
    return " ".join(tree_text.split())


def check_floors(measured_pages: list[Page]) -> None:
    """Each floor's parse holds every page whole (its title and the last words of its body), or the
    benchmark stops (IncompleteWork): a floor that parsed less would make the extractor look dearer."""
    def whole(text: str, page: Page) -> bool:
        return page.truth["title"] in text and " ".join(page.truth["body"].split()[-5:]) in text

    texts = {"the Lexbor parse (floor)": lambda p: _text(LexborHTMLParser(p.html).body.text()),
             "the lxml parse": lambda p: _text(lxml.html.fromstring(p.html).text_content())}
    for who, text_of in texts.items():
        held = [page.label for page in measured_pages if whole(text_of(page), page)]
        require_work(who, {"pages parsed whole": len(held)}, {"pages parsed whole": len(measured_pages)},
                     "not whole: " + ", ".join(p.label for p in measured_pages if p.label not in held))


def measure(repeats: int = 15, slow_repeats: int = 5, rounds: int = ROUNDS) -> dict:
    """Per page and tool: median CPU ms, its median in each round, and the accuracy of the fields it
    returned. Each round times every tool on every page, the tools taking turns, `repeats // rounds`
    calls each (trafilatura `slow_repeats // rounds`)."""
    measured_pages = pages()
    check_floors(measured_pages)
    runners = tools()
    calls, slow_calls = max(1, repeats // rounds), max(1, slow_repeats // rounds)
    samples: dict[tuple[str, str], list[float]] = {(p.label, name): [] for p in measured_pages for name in runners}
    per_round: dict[tuple[str, str], list[float]] = {key: [] for key in samples}
    accuracy: dict[tuple[str, str], tuple[bool, bool, float, bool]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for page in measured_pages:  # first calls load models and caches: outside any clock
            for name, tool in runners.items():
                result = tool(page)
                if isinstance(result, Fields):
                    accuracy[page.label, name] = score(result, page.truth)
        gc.collect()
        for _ in range(rounds):
            this_round: dict[tuple[str, str], list[float]] = {key: [] for key in samples}
            for page in measured_pages:
                for call in range(calls):
                    for name, tool in runners.items():
                        if name.startswith("trafilatura") and call >= slow_calls:
                            continue
                        this_round[page.label, name].append(cpu_ms(lambda: tool(page)))
            for key, values in this_round.items():
                samples[key] += values
                per_round[key].append(statistics.median(values))
    medians = {key: statistics.median(values) for key, values in samples.items()}
    return {"pages": measured_pages, "tools": list(runners), "ms": medians, "rounds": per_round,
            "accuracy": accuracy, "calls": calls, "slow_calls": slow_calls, "n_rounds": rounds}


def round_ratios(result: dict, page: Page, tool: str, floor: str) -> list[float]:
    """`tool` ÷ `floor` on `page`, one ratio per round (both timed in that round)."""
    return [t / f for t, f in zip(result["rounds"][page.label, tool], result["rounds"][page.label, floor])]


# -- the table ---------------------------------------------------------------------------------------
def _fields_cell(acc: tuple[bool, bool, float, bool]) -> str:
    title, date, f1, _ = acc
    marks = f"{'title' if title else '**title ✗**'}, {'date' if date else '**date ✗**'}"
    return f"{marks}, F1 {f1:.2f}" if f1 >= 0.995 else f"{marks}, **F1 {f1:.2f}**"


def _summary(result: dict, name: str) -> tuple[int, int, float, int]:
    accs = [result["accuracy"][p.label, name] for p in result["pages"]]
    return (sum(a[0] for a in accs), sum(a[1] for a in accs), statistics.mean(a[2] for a in accs),
            sum(a[3] for a in accs))


def markdown(result: dict) -> str:
    ms, pages_ = result["ms"], result["pages"]
    rows = ["| page | KB | Lexbor parse (floor) | lxml parse | `extract_article` | ÷ Lexbor floor | ÷ lxml parse "
            "| trafilatura + metadata | ÷ ours | trafilatura text only | ours: fields | trafilatura + metadata: fields |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for p in pages_:
        f, x, o, t, tt = (ms[p.label, n] for n in ("floor", "lxml", "ours", "trafilatura", "trafilatura text"))
        to_floor = statistics.median(round_ratios(result, p, "ours", "floor"))
        to_lxml = statistics.median(round_ratios(result, p, "ours", "lxml"))
        rows.append(f"| {p.label} | {len(p.html) / 1024:.0f} | {f:.2f} | {x:.2f} | {o:.2f} | {to_floor:.2f}× "
                    f"| {to_lxml:.2f}× | {t:.1f} | {t / o:.0f}× | {tt:.1f} "
                    f"| {_fields_cell(result['accuracy'][p.label, 'ours'])} "
                    f"| {_fields_cell(result['accuracy'][p.label, 'trafilatura'])} |")
    total = {n: sum(ms[p.label, n] for p in pages_) / len(pages_) for n in result["tools"]}
    rows.append(f"| **mean of {len(pages_)} pages** | | **{total['floor']:.2f}** | **{total['lxml']:.2f}** "
                f"| **{total['ours']:.2f}** | **{total['ours'] / total['floor']:.2f}×** "
                f"| **{total['ours'] / total['lxml']:.2f}×** | **{total['trafilatura']:.1f}** "
                f"| **{total['trafilatura'] / total['ours']:.0f}×** | **{total['trafilatura text']:.1f}** | | |")
    n = len(pages_)
    accuracy_rows = ["| tool | reads | titles exact | titles exact but for the site-name suffix | dates right "
                     "| body token F1 (mean) |", "|---|---|---:|---:|---:|---:|"]
    for name, label, reads in (("ours", "`extract_article`", "the page"),
                               ("trafilatura", "trafilatura + metadata", "the page"),
                               ("trafilatura text", "trafilatura text only", "the page"),
                               ("ours + card", "`extract_article`", "the page and its listing card (as in a crawl)")):
        titles, dates, f1, cut = _summary(result, name)
        text_only = name == "trafilatura text"
        accuracy_rows.append(f"| {label} | {reads} | {'–' if text_only else f'{titles}/{n}'} "
                             f"| {'–' if text_only else f'{cut}/{n}'} | {'–' if text_only else f'{dates}/{n}'} "
                             f"| {f1:.3f} |")
    ratios = {p.label: round_ratios(result, p, "ours", "floor") for p in pages_}
    worst = [max(ratios[p.label][r] for p in pages_) for r in range(result["n_rounds"])]  # per round
    worst_pages = Counter(max(pages_, key=lambda p: ratios[p.label][r]).label for r in range(result["n_rounds"]))
    titles, dates, f1, _ = _summary(result, "ours + card")
    perfect = titles == n and dates == n and f1 >= 0.9995
    measured = (f"Measured in this run, mean of the {n} pages: trafilatura with metadata takes "
                f"{total['trafilatura'] / total['ours']:.0f}× the CPU of `extract_article` and "
                f"{total['trafilatura'] / total['floor']:.0f}× the bare HTML5 parse; `extract_article` "
                f"{total['ours'] / total['floor']:.2f}× the HTML5 parse and {total['ours'] / total['lxml']:.2f}× "
                "lxml's. There is no goal against trafilatura: no "
                "extractor that parses the page can take less than the parse, which bounds any speed-up over "
                f"trafilatura by its own {total['trafilatura'] / total['floor']:.0f}× here.")
    goals = [
        rounds_goal(f"all fields at most {GOAL_FLOOR_RATIO:g}× the floor (the HTML5 parse), on every page: the "
                    "worst page of each round", worst, "<=", GOAL_FLOOR_RATIO, lambda v: f"{v:.2f}×",
                    f"over by {statistics.median(worst) / GOAL_FLOOR_RATIO - 1:.0%} at the median"),
        _goal(perfect, f"perfect fields in a crawl (page and card): titles {titles}/{n}, dates {dates}/{n}, "
              f"body F1 {f1:.3f}", "not perfect"),
    ]
    worst_of = ", ".join(f"{label} in {k}" for label, k in worst_pages.most_common())
    calls = result["n_rounds"] * result["calls"]
    return "\n".join([
        f"### Extraction ({n} pages; {result['n_rounds']} rounds, median of {calls} calls, trafilatura "
        f"{result['n_rounds'] * result['slow_calls']})",
        "",
        "CPU milliseconds per page, every tool reading the page alone. The floor is the HTML5 parse the "
        "extractor reads (selectolax's `LexborHTMLParser` of the same bytes); lxml's parse "
        "(`lxml.html.fromstring`, the floor before issue 18) stands beside it; trafilatura is "
        "`bare_extraction(with_metadata=True)` (and, for reference, without metadata). Fields: title exact, "
        "date right, body token F1 against the replica's ground truth. In each of the "
        f"{result['n_rounds']} rounds every tool reads every page {result['calls']} times, the tools taking "
        "turns; *÷ Lexbor floor* and *÷ lxml parse* are the medians of the rounds' ratios (each round's "
        "median time of `extract_article` over that round's of the parse). Both parses were checked to "
        "hold every page whole (its title and the end of its body).",
        "",
        *rows, "", *accuracy_rows, "", measured, "",
        f"`extract_article` ÷ the Lexbor floor on the worst page of each round: "
        f"{', '.join(f'{v:.2f}×' for v in worst)} (worst page: {worst_of} of {result['n_rounds']} rounds).",
        "", *goals,
    ])


def _goal(met: bool, text: str, miss: str) -> str:
    return f"- Goal {'met' if met else '**missed**'}: {text}" + ("" if met else f" — **{miss}**") + "."


def run(repeats: int = 15) -> str:
    return markdown(measure(repeats))


def main(argv: list[str]) -> None:
    from benchmarks._report import standalone

    standalone("extraction", run, argv, 15)


if __name__ == "__main__":
    main(sys.argv[1:])
