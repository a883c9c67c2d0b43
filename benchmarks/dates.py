"""Date lines: archiver.page.dates against dateparser and python-dateutil, side by side, in one run.

    python -m benchmarks.dates [LINES]

One deterministic set of date lines (default 2,400) covers every form the site and its media use, each with
its expected ISO date, plus lines that must give no date at all. Every tool reads every line once for
accuracy (right / wrong / none per form: a date that differs from the expected one is *wrong*; for the tools
only the date part counts; an exception counts as none), then the whole set is timed again several times and
the median throughput is kept. The month spellings below are written out here, independently of
`archiver.page.dates`' own tables. Prints the Markdown section and writes it into BENCHMARKS.md.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date
from importlib.metadata import version

from archiver.page.dates import normalize_date

Tool = Callable[[str], "str | None"]

KK = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()
KK_ENDINGS = [  # attributive, locative, genitive, possessive, possessive locative, per month
    "қаңтардағы қаңтарда қаңтардың қаңтары қаңтарында", "ақпандағы ақпанда ақпанның ақпаны ақпанында",
    "наурыздағы наурызда наурыздың наурызы наурызында", "сәуірдегі сәуірде сәуірдің сәуірі сәуірінде",
    "мамырдағы мамырда мамырдың мамыры мамырында", "маусымдағы маусымда маусымның маусымы маусымында",
    "шілдедегі шілдеде шілденің шілдесі шілдесінде", "тамыздағы тамызда тамыздың тамызы тамызында",
    "қыркүйектегі қыркүйекте қыркүйектің қыркүйегі қыркүйегінде", "қазандағы қазанда қазанның қазаны қазанында",
    "қарашадағы қарашада қарашаның қарашасы қарашасында",
    "желтоқсандағы желтоқсанда желтоқсанның желтоқсаны желтоқсанында",
]
KK_ABBR = "қаң ақп нау сәу мам мау шіл там қыр қаз қар жел".split()
LATIN_2018 = "qańtar aqpan naýryz sáýir mamyr maýsym shilde tamyz qyrkúıek qazan qarasha jeltoqsan".split()
LATIN_2021 = "qañtar aqpan nauryz säuır mamyr mausym şılde tamyz qyrküiek qazan qaraşa jeltoqsan".split()
LATIN_ASCII = "qantar aqpan nauryz sauir mamyr mausym shilde tamyz qyrkuiek qazan qarasha jeltoqsan".split()
RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
EN = "January February March April May June July August September October November December".split()
EN_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec".split()
PLACES = ["Астана", "Алматы", "Акорда", "г. Нур-Султан", "Шымкент"]


def _pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def _dd(rng: random.Random, d: date) -> str:
    return _pick(rng, str(d.day), f"{d.day:02d}")


# Form -> renderer(rng, date) -> line. Each renders real-looking lines of one form.
FORMS: dict[str, Callable[[random.Random, date], str]] = {
    "kk: 2018 жылғы 29 қыркүйек": lambda r, d: f"{d.year} жылғы {_dd(r, d)} {KK[d.month - 1]}",
    "kk: 2018 ж. 29 қыркүйек": lambda r, d: f"{d.year} ж. {d.day} {KK[d.month - 1]}",
    "kk: case endings (қарашадағы, маусымы...)": lambda r, d: f"{d.year} "
    f"{_pick(r, 'жылғы', 'жылы', 'жылдың')} {d.day} {r.choice(KK_ENDINGS[d.month - 1].split())}",
    "kk: 29 қыркүйек 2018 ж.": lambda r, d: f"{d.day} {KK[d.month - 1]} {d.year} {_pick(r, 'ж.', 'жыл', 'жылы')}",
    "kk: abbreviations (қыр, жел)": lambda r, d: _pick(
        r, f"{d.day} {KK_ABBR[d.month - 1]}. {d.year} ж.", f"{d.year} ж. {d.day} {KK_ABBR[d.month - 1]}"),
    "kk: Latin i typed for і": lambda r, d: f"{d.year} жылғы {d.day} "
    f"{r.choice([KK[d.month - 1], *KK_ENDINGS[d.month - 1].split()])}".replace("і", "i"),
    "kk Latin 2018: 15 Qazan, 2015": lambda r, d: _pick(
        r, f"{d.day} {LATIN_2018[d.month - 1]} {d.year}", f"{d.day} {LATIN_2018[d.month - 1].title()}, {d.year}"),
    "kk Latin 2021: 29 qyrküiek 2018": lambda r, d: f"{d.day} {LATIN_2021[d.month - 1]} {d.year}",
    "kk Latin ASCII: 1 nauryz 2019": lambda r, d: f"{d.day} {LATIN_ASCII[d.month - 1]} {d.year}",
    "ru: 29 сентября 2018 года": lambda r, d: f"{d.day} {RU[d.month - 1]} {d.year} года",
    "ru: 29 сентября 2018 г.": lambda r, d: f"{d.day} {RU[d.month - 1]} {d.year} г.",
    "ru: 29 сентября 2018": lambda r, d: f"{d.day} {RU[d.month - 1]} {d.year}",
    "ru: Астана, 9 ноября 2017 г.": lambda r, d: f"{r.choice(PLACES)}, {d.day} {RU[d.month - 1]} {d.year} г.",
    "en: 15 march 2024 year": lambda r, d: f"{d.day} {EN[d.month - 1].lower()} {d.year} year",
    "en: June 13, 2012": lambda r, d: f"{EN[d.month - 1]} {d.day}, {d.year}",
    "en: 19 April 2017": lambda r, d: f"{d.day} {EN[d.month - 1]} {d.year}",
    "en: 19 Apr 2017": lambda r, d: f"{d.day} {EN_ABBR[d.month - 1]} {d.year}",
    "numeric: 29.09.2018, 3.4.2019": lambda r, d: _pick(
        r, f"{d.day:02d}.{d.month:02d}.{d.year}", f"{d.day}.{d.month}.{d.year}"),
    "numeric with time: 29.09.2018, 14:35": lambda r, d: f"{d.day:02d}.{d.month:02d}.{d.year}, "
    f"{r.randint(8, 22):02d}:{r.randint(0, 59):02d}",
    "iso: 2018-09-29": lambda r, d: d.isoformat(),
    "upper case, no-break spaces": lambda r, d: _pick(
        r, f"{d.year} ЖЫЛҒЫ {d.day} {KK[d.month - 1].upper()}", f"{d.day} {RU[d.month - 1].upper()} {d.year} Г.",
        f"{d.day} {EN[d.month - 1].upper()} {d.year} YEAR").replace(" ", "\u00a0"),
}
NOT_DATES = "not a date (must give none)"
MONTHS_OF = {"kk: Latin i typed for і": (4, 7, 9)}  # forms that need a month whose name has the letter


def _not_a_date(rng: random.Random, d: date) -> str:
    """Lines that hold no full date: a bare year, no day, an impossible or out-of-range date, running text."""
    m = d.month - 1
    return rng.choice([
        f"{d.year} жылы", f"{d.year} ж.", f"{KK[m]} {d.year}", f"{d.year} жылғы {KK[m]}", f"{RU[m]} {d.year} года",
        f"{EN[m]} {d.year}", f"{d.day} {KK[m]}", f"{d.day} {RU[m]}", f"30 ақпан {d.year}", f"31 апреля {d.year}",
        f"31.06.{d.year}", f"{d.day} {RU[m]} 1985 года", f"{d.day} {KK[m]} 2099 ж.", f"{d.day}–{d.day + 1} {RU[m]} "
        f"{d.year} г.", f"Мемлекет басшысы {d.year} жылғы {d.day} {KK[m]} Шымкент қаласының әлеуметтік-экономикалық "
        "даму мәселелері жөнінде кеңес өткізді, қала активі алдында сөйлеген сөзінде атап өтті",
        "Жаңалықтар", "Президент", f"№ {d.day} {d.year}", f"{d.day}/{d.year}",
    ])


def generate(lines: int = 2400, seed: int = 20180929) -> list[tuple[str, str, str | None]]:
    """Deterministic (form, line, expected ISO or None) triples, the same number for every form."""
    rng = random.Random(seed)
    first, last = date(1995, 1, 1).toordinal(), date(2025, 12, 31).toordinal()
    per_form = math.ceil(lines / (len(FORMS) + 1))
    out: list[tuple[str, str, str | None]] = []
    for form, render in [*FORMS.items(), (NOT_DATES, _not_a_date)]:
        for _ in range(per_form):
            d = date.fromordinal(rng.randint(first, last))
            if form in MONTHS_OF:
                d = date(d.year, rng.choice(MONTHS_OF[form]), min(d.day, 30))
            out.append((form, render(rng, d), None if form == NOT_DATES else d.isoformat()))
    return out


def _tools() -> dict[str, Tool]:
    import dateparser
    from dateutil import parser as dateutil_parser

    def with_dateparser(languages: list[str] | None) -> Tool:
        def parse(line: str) -> str | None:
            found = dateparser.parse(line, languages=languages)
            return None if found is None else found.date().isoformat()
        return parse

    def with_dateutil(line: str) -> str | None:
        try:
            return dateutil_parser.parse(line, dayfirst=True).date().isoformat()
        except (ValueError, OverflowError, TypeError, LookupError):
            return None

    return {
        "ours": normalize_date, "dateparser": with_dateparser(None), "dateparser kk": with_dateparser(["kk"]),
        "dateparser ru": with_dateparser(["ru"]), "dateparser en": with_dateparser(["en"]),
        "dateutil dayfirst": with_dateutil,
    }


def _throughput(tools: dict[str, Tool], lines: list[str], first_pass: dict[str, float],
                rounds: int = 3) -> dict[str, float]:
    """Median lines per CPU second of each tool. Rounds visit the tools in turn, so that a busy shared
    machine slows them alike; a sample passes over all lines as often as it takes to last 0.5 s; the
    garbage collector is paused while a sample runs, as `timeit` does."""
    rates: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(rounds):
        for name, tool in tools.items():
            loops = max(1, math.ceil(0.5 / max(first_pass[name], 1e-6)))
            gc.collect()
            gc.disable()
            try:
                start = time.process_time()
                for _ in range(loops):
                    for line in lines:
                        tool(line)
                rates[name].append(loops * len(lines) / (time.process_time() - start))
            finally:
                gc.enable()
    return {name: statistics.median(samples) for name, samples in rates.items()}


def _cell(right: int, wrong: int, total: int) -> str:
    return f"{100 * right / total:.1f}% ({wrong} wrong)" if wrong else f"{100 * right / total:.1f}%"


def run(lines: int = 2400) -> str:
    """Measure every tool on one generated set; return the Markdown section."""
    cases = generate(lines)
    texts = [line for _, line, _ in cases]
    forms = list(dict.fromkeys(form for form, _, _ in cases))
    tools = _tools()
    tally: dict[str, dict[str, list[int]]] = {}  # tool -> form -> [right, wrong, none]
    first_pass: dict[str, float] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, tool in tools.items():
            tool("1 января 2019 года")  # load the tool's data before any clock starts
            counts = tally[name] = {form: [0, 0, 0] for form in forms}
            start = time.process_time()
            results = [tool(text) for text in texts]
            first_pass[name] = time.process_time() - start
            for (form, _, expected), got in zip(cases, results):
                counts[form][0 if got == expected else 2 if got is None else 1] += 1
        speed = _throughput(tools, texts, first_pass)
    return _markdown(lines, cases, forms, tally, speed)


def _markdown(lines: int, cases: list, forms: list[str], tally: dict[str, dict[str, list[int]]],
              speed: dict[str, float]) -> str:
    names = list(tally)
    per_form = {form: sum(1 for f, _, _ in cases if f == form) for form in forms}
    rows = [f"| Form | lines | {' | '.join(names)} |", "|---|---:|" + "---:|" * len(names)]
    for form in forms:
        cells = [_cell(tally[n][form][0], tally[n][form][1], per_form[form]) for n in names]
        rows.append(f"| {form} | {per_form[form]} | {' | '.join(cells)} |")
    totals = {n: [sum(c[i] for c in tally[n].values()) for i in range(3)] for n in names}
    rows.append(f"| **all lines: right** | {len(cases)} | "
                + " | ".join(f"**{100 * totals[n][0] / len(cases):.1f}%**" for n in names) + " |")
    rows.append("| **wrong dates** | | " + " | ".join(f"**{totals[n][1]}**" for n in names) + " |")
    rows.append("| **lines / second** (median) | | " + " | ".join(f"{speed[n]:,.0f}" for n in names) + " |")
    rows.append("| **ours ÷ this tool** (speed) | | " + " | ".join(
        f"{speed['ours'] / speed[n]:,.0f}×" for n in names) + " |")
    dateparsers = [n for n in names if n.startswith("dateparser")]
    fastest = max(dateparsers, key=speed.__getitem__)
    most_right = max(dateparsers, key=lambda n: (totals[n][0], speed[n]))
    versions = ", ".join(f"{p} {version(p)}" for p in ("dateparser", "python-dateutil"))
    return "\n".join([
        "## Dates: `archiver.page.dates.normalize_date` vs dateparser and python-dateutil",
        "",
        f"`python -m benchmarks.dates {lines}` — {len(cases)} generated date lines, {len(forms) - 1} forms "
        f"plus lines that hold no full date; one run on {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; {versions}.",
        "",
        "Each cell: share of lines read right (the expected date, or none for the last form); a *wrong* date is "
        "one that differs from the expected date (for the tools, only the date part is compared; an exception "
        "counts as none). Speed: lines per CPU second of this process, median of 3 rounds that time the tools in "
        "turn (each sample at least 0.5 s, garbage collector paused).",
        "",
        *rows,
        "",
        f"**Ours ÷ fastest dateparser configuration ({fastest}): {speed['ours'] / speed[fastest]:,.0f}×; "
        f"÷ most accurate one ({most_right}): {speed['ours'] / speed[most_right]:,.0f}×.**",
    ])


def main(argv: list[str]) -> None:
    from benchmarks._report import standalone

    standalone("dates", run, argv, 2400)


if __name__ == "__main__":
    main(sys.argv[1:])
