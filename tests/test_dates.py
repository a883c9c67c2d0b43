"""archiver.page.dates: real and tricky date lines, lines that must give None, and Hypothesis round trips.

The month spellings below are written out by hand, independently of the module's derived tables, so that a
wrong ending in a table fails here rather than round-tripping through the same mistake.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.page import dates
from archiver.page.dates import LEXICON, MAX_LINE, ParsedDate, month_number, normalize_date, parse_date

# Kazakh month names in every form the module must know: bare, locative, attributive, genitive, dative,
# ablative, accusative, then the possessive ("маусымы") and its locative, attributive, genitive, dative,
# ablative and accusative.
KK_CASE_FORMS = {
    1: "қаңтар қаңтарда қаңтардағы қаңтардың қаңтарға қаңтардан қаңтарды "
       "қаңтары қаңтарында қаңтарындағы қаңтарының қаңтарына қаңтарынан қаңтарын",
    2: "ақпан ақпанда ақпандағы ақпанның ақпанға ақпаннан ақпанды "
       "ақпаны ақпанында ақпанындағы ақпанының ақпанына ақпанынан ақпанын",
    3: "наурыз наурызда наурыздағы наурыздың наурызға наурыздан наурызды "
       "наурызы наурызында наурызындағы наурызының наурызына наурызынан наурызын",
    4: "сәуір сәуірде сәуірдегі сәуірдің сәуірге сәуірден сәуірді "
       "сәуірі сәуірінде сәуіріндегі сәуірінің сәуіріне сәуірінен сәуірін",
    5: "мамыр мамырда мамырдағы мамырдың мамырға мамырдан мамырды "
       "мамыры мамырында мамырындағы мамырының мамырына мамырынан мамырын",
    6: "маусым маусымда маусымдағы маусымның маусымға маусымнан маусымды "
       "маусымы маусымында маусымындағы маусымының маусымына маусымынан маусымын",
    7: "шілде шілдеде шілдедегі шілденің шілдеге шілдеден шілдені "
       "шілдесі шілдесінде шілдесіндегі шілдесінің шілдесіне шілдесінен шілдесін",
    8: "тамыз тамызда тамыздағы тамыздың тамызға тамыздан тамызды "
       "тамызы тамызында тамызындағы тамызының тамызына тамызынан тамызын",
    9: "қыркүйек қыркүйекте қыркүйектегі қыркүйектің қыркүйекке қыркүйектен қыркүйекті "
       "қыркүйегі қыркүйегінде қыркүйегіндегі қыркүйегінің қыркүйегіне қыркүйегінен қыркүйегін",
    10: "қазан қазанда қазандағы қазанның қазанға қазаннан қазанды "
        "қазаны қазанында қазанындағы қазанының қазанына қазанынан қазанын",
    11: "қараша қарашада қарашадағы қарашаның қарашаға қарашадан қарашаны "
        "қарашасы қарашасында қарашасындағы қарашасының қарашасына қарашасынан қарашасын",
    12: "желтоқсан желтоқсанда желтоқсандағы желтоқсанның желтоқсанға желтоқсаннан желтоқсанды "
        "желтоқсаны желтоқсанында желтоқсанындағы желтоқсанының желтоқсанына желтоқсанынан желтоқсанын",
}
KK_FORMS = {m: tuple(forms.split()) for m, forms in KK_CASE_FORMS.items()}
# A misspelling seen in print ("қырқүйек" for "қыркүйек"), with its case forms as written.
KK_MISSPELT = {9: tuple("қырқүйек қырқүйекте қырқүйектегі қырқүйектің қырқүйекке қырқүйектен қырқүйекті "
                        "қырқүйегі қырқүйегінде қырқүйегіндегі қырқүйегінің қырқүйегіне қырқүйегінен "
                        "қырқүйегін".split())}
KK_ABBREVIATIONS = dict(enumerate("қаң ақп нау сәу мам мау шіл там қыр қаз қар жел".split(), start=1))
# Kazakh in Latin script: the 2018 alphabet, the 2021 alphabet, and ASCII spellings seen in the media.
KK_LATIN = {
    1: ("qańtar", "qañtar", "qantar"), 2: ("aqpan",), 3: ("naýryz", "nauryz", "nayryz"),
    4: ("sáýir", "säuır", "sáuir", "sauir"), 5: ("mamyr",), 6: ("maýsym", "mausym", "maysym"),
    7: ("shilde", "şılde"), 8: ("tamyz",), 9: ("qyrkúıek", "qyrkúiek", "qyrküiek", "qyrkuiek", "qyrkuyek"),
    10: ("qazan", "kazan"), 11: ("qarasha", "qaraşa"), 12: ("jeltoqsan", "zheltoqsan"),
}
KK_LATIN_CASE_FORMS = {3: ("naýryzda",), 4: ("sáýirdegi",), 6: ("maýsymynda", "mausymnyń"), 9: ("qyrkúiekte",)}
RU_MONTHS = dict(enumerate(
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), start=1))
RU_ABBREVIATIONS = dict(enumerate("янв фев мар апр мая июн июл авг сент окт нояб дек".split(), start=1))
EN_MONTHS = dict(enumerate(
    "January February March April May June July August September October November December".split(), start=1))

# The day the tests read dates on, injected: the clock decides nothing here (its own test excepted),
# so a run under any clock, or across midnight, reads every line the same way.
TODAY = date(2026, 11, 20)
TOMORROW = TODAY + timedelta(days=1)
ROOT = Path(__file__).resolve().parent.parent


def _later(days: int) -> date:
    return TODAY + timedelta(days=days)


# ---------------------------------------------------------------- table of real and tricky lines

LINES = [  # (line, ISO date, form)
    # Kazakh, Cyrillic: the site's own form, zero-padded days, day first, abbreviated year word
    ("2018 жылғы 29 қыркүйек", "2018-09-29", "kk-year-first"),
    ("2026 жылғы 09 маусым", "2026-06-09", "kk-year-first"),
    ("29 қыркүйек 2018 ж.", "2018-09-29", "kk-dmy"),
    ("29 қыркүйек 2018 жыл", "2018-09-29", "kk-dmy"),
    ("2018 ж. 29 қыркүйек", "2018-09-29", "kk-year-first"),
    ("2019 жылдың 9 маусымы", "2019-06-09", "kk-year-first"),
    ("2019 жылдың 9 маусымында", "2019-06-09", "kk-year-first"),
    ("2017 жылғы 22 қарашадағы", "2017-11-22", "kk-year-first"),
    ("2016 жылғы 5 сәуірдегі", "2016-04-05", "kk-year-first"),
    ("2015 жылғы 1 қыркүйектегі", "2015-09-01", "kk-year-first"),
    ("2020 жылы 16 наурызда", "2020-03-16", "kk-year-first"),
    ("2021 жылы 1 қыркүйекте", "2021-09-01", "kk-year-first"),
    ("2019 жылғы 12 маусымның", "2019-06-12", "kk-year-first"),
    ("2019 жылғы 12 қыркүйектің", "2019-09-12", "kk-year-first"),
    ("2014 жылғы 3 шілдесінде", "2014-07-03", "kk-year-first"),
    ("2018 ж. 29 қыр.", "2018-09-29", "kk-year-first"),
    ("16 жел 2011", "2011-12-16", "kk-dmy"),
    ("2018 жылғы 5 сәуiр", "2018-04-05", "kk-year-first"),  # Latin i for Kazakh і
    ("2018 жылғы 17 шiлде", "2018-07-17", "kk-year-first"),
    ("2018 ЖЫЛҒЫ 29 ҚЫРКҮЙЕК", "2018-09-29", "kk-year-first"),
    ("2018\u00a0жылғы\u00a029\u00a0қыркүйек", "2018-09-29", "kk-year-first"),
    ("  2018  жылғы\t29 Қыркүйек  ", "2018-09-29", "kk-year-first"),
    ("2018 жылғы 29 кыркуйек", "2018-09-29", "kk-year-first"),  # typed on a Russian keyboard
    ("Нұр-Сұлтан, 2019 жылғы 9 маусым", "2019-06-09", "kk-year-first"),
    ("Ақорда, 2019 жылғы 9 маусым, 10:30", "2019-06-09", "kk-year-first"),
    ("2019 жылғы 9-маусым", "2019-06-09", "kk-year-first"),
    ("2018 жылғы 29 қырқүйек", "2018-09-29", "kk-year-first"),  # misspelt: қ for к
    ("2019 жылғы 3 қырқүйегінде", "2019-09-03", "kk-year-first"),
    ("29 қырқүйек 2018 ж.", "2018-09-29", "kk-dmy"),
    # Kazakh, Latin script
    ("29 qyrkúiek 2018", "2018-09-29", "kk-latin-dmy"),
    ("29 qyrkúıek 2018", "2018-09-29", "kk-latin-dmy"),
    ("29 qyrküiek 2018", "2018-09-29", "kk-latin-dmy"),
    ("15 Qazan, 2015", "2015-10-15", "kk-latin-dmy"),
    ("19 mamyr 2019", "2019-05-19", "kk-latin-dmy"),
    ("1 naýryz 2019", "2019-03-01", "kk-latin-dmy"),
    ("1 nauryz 2019", "2019-03-01", "kk-latin-dmy"),
    ("2 sáýir 2019", "2019-04-02", "kk-latin-dmy"),
    ("2 sáuir 2019", "2019-04-02", "kk-latin-dmy"),
    ("2 säuır 2019", "2019-04-02", "kk-latin-dmy"),
    ("3 maýsym 2020", "2020-06-03", "kk-latin-dmy"),
    ("3 mausym 2020", "2020-06-03", "kk-latin-dmy"),
    ("16 jeltoqsan 2011", "2011-12-16", "kk-latin-dmy"),
    ("16 ZHELTOQSAN 2011", "2011-12-16", "kk-latin-dmy"),
    ("2018 jylǵy 29 qyrkúiek", "2018-09-29", "kk-latin-year-first"),
    ("2019 jyly 9 maýsymynda", "2019-06-09", "kk-latin-year-first"),
    ("29 QYRKÚİEK 2018", "2018-09-29", "kk-latin-dmy"),  # Turkish capital İ lower-cases to i + dot
    # Russian
    ("29 сентября 2018 года", "2018-09-29", "ru-dmy"),
    ("29 сентября 2018 г.", "2018-09-29", "ru-dmy"),
    ("29 сентября 2018", "2018-09-29", "ru-dmy"),
    ("Астана, 9 ноября 2017 г.", "2017-11-09", "ru-dmy"),
    ("г. Алматы, 9 ноября 2017 г.", "2017-11-09", "ru-dmy"),
    ("21 марта 2026 года", "2026-03-21", "ru-dmy"),
    ("1 МАЯ 2015 ГОДА", "2015-05-01", "ru-dmy"),
    ("9 нояб. 2017 г.", "2017-11-09", "ru-dmy"),
    ("29 сентября 2018 года, 14:35", "2018-09-29", "ru-dmy"),
    ("29 сентября 2018г.", "2018-09-29", "ru-dmy"),
    ("14 декабря в 2019 году", "2019-12-14", "ru-dmy"),  # "в" between month and year, "году"
    ("14 декабря 2019 году", "2019-12-14", "ru-dmy"),
    ("Астана, 9 ноября в 2017 г.", "2017-11-09", "ru-dmy"),
    ("в 2019 году 14 декабря", "2019-12-14", "ru-year-first"),
    # English
    ("15 march 2024 year", "2024-03-15", "en-year-word"),
    ("June 13, 2012", "2012-06-13", "en-mdy"),
    ("19 April 2017", "2017-04-19", "en-dmy"),
    ("12 April 2006", "2006-04-12", "en-dmy"),
    ("19 Apr 2017", "2017-04-19", "en-dmy"),
    ("19 Sept. 2017", "2017-09-19", "en-dmy"),
    ("Monday, June 13, 2012", "2012-06-13", "en-mdy"),
    ("June 13th, 2012", "2012-06-13", "en-mdy"),
    ("the 13th of June 2012", "2012-06-13", "en-dmy"),
    ("15 MARCH 2024 YEAR", "2024-03-15", "en-year-word"),
    # Numeric: always day first; ISO
    ("29.09.2018", "2018-09-29", "numeric-dmy"),
    ("3.4.2019", "2019-04-03", "numeric-dmy"),
    ("03.04.2019", "2019-04-03", "numeric-dmy"),
    ("12/11/2019", "2019-11-12", "numeric-dmy"),
    ("29.09.2018, 14:35", "2018-09-29", "numeric-dmy"),
    ("29.09.2018 14:35:10", "2018-09-29", "numeric-dmy"),
    ("29.09.2018 ж.", "2018-09-29", "numeric-dmy"),
    ("2018-09-29", "2018-09-29", "iso"),
    ("2018-09-29T14:35:00+05:00", "2018-09-29", "iso"),
    ("1990-01-01", "1990-01-01", "iso"),
    ("29 февраля 2020", "2020-02-29", "ru-dmy"),
    ("29.02.2000", "2000-02-29", "numeric-dmy"),
    (TOMORROW.strftime("%d.%m.%Y"), TOMORROW.isoformat(), "numeric-dmy"),
]

NONE_LINES = [
    "2019 жылы", "2026 ж.", "2019 жылғы маусым", "маусым 2019", "June 2012", "2019",
    "30 ақпан", "30 ақпан 2020", "29 ақпан 2019", "31 апреля", "31 апреля 2019", "31.04.2019", "29.02.1900",
    "19 mamyr", "9 ноября", "1 января 1985", "31.12.1989", "1989-12-31", "0 маусым 2019", "32 маусым 2019",
    "13.13.2019", "00.01.2019", "29.09.18", "9 маусым 12019",
    "", " ", "\u00a0", "garbage", "—", "2018-13-01", "14:35", "жаңалықтар",
    "2019 жылғы 9–10 маусым", "9 маусым 2019 – 10 маусым 2019", "1-2 June 2019", "29.09.2018 - 30.09.2018",
    "9 маусым 2019 10.06", "14:35:01.1.2000", "1thқаңтар2000", "9 foo 2019", "9 маусымбек 2019", "20001 қаңтар", "June 132012",
    "маусым, 2019 жылғы 9 қыркүйек", "29.09.2018, October", "қыркүйек 2018, 29 қазан",
    "Қазақстан Президенті 2018 жылғы 29 қыркүйекте Шымкент қаласының әлеуметтік-экономикалық даму "
    "мәселелері жөнінде кеңес өткізді. Қала активі алдында сөйлеген сөзінде Мемлекет басшысы атап өтті.",
    "President held a meeting on 9 November 2017 in Astana with the heads of the regions and ministers",
    "No. 15 of 9 November 2017",
    _later(2).strftime("%d.%m.%Y"), _later(2).isoformat(), _later(400).strftime("%Y жылғы %d маусым"),
    f"{_later(2).day} {EN_MONTHS[_later(2).month]} {_later(2).year}",
    "9 маусым 2019" + " " * 2000,
    "14 декабря в", "в 2019 году", "14 декабря в 2019 году и 15 декабря", "декабря в 2019 году",
    "14 в 2019 году", "14 декабря во 2019 году", "14 декабря в в 2019 году", "қырқүйек 2018",
]


@pytest.mark.parametrize(("line", "iso", "form"), LINES)
def test_lines_give_their_date_and_form(line: str, iso: str, form: str) -> None:
    assert normalize_date(line, today=TODAY) == iso
    parsed = parse_date(line, today=TODAY)
    assert parsed is not None and (parsed.iso, parsed.form) == (iso, form)


@pytest.mark.parametrize("line", NONE_LINES)
def test_non_dates_give_none(line: str) -> None:
    assert normalize_date(line, today=TODAY) is None
    assert parse_date(line, today=TODAY) is None


def test_an_injected_today_bounds_the_range_whatever_the_clock_says() -> None:
    early = date(2025, 6, 1)
    assert normalize_date("2 June 2025", today=early) == "2025-06-02"  # its tomorrow
    assert normalize_date("3 June 2025", today=early) is None
    assert parse_date("2026 жылғы 09 маусым", today=early) is None
    assert normalize_date("2026 жылғы 09 маусым", today=date(2026, 6, 9)) == "2026-06-09"
    assert normalize_date("31.12.2099", today=date(2099, 12, 30)) == "2099-12-31"


def test_without_an_injected_today_the_clock_decides_at_each_call() -> None:
    """The clock's tomorrow is worked out when the parser is called, not when it is imported: the line
    dated the clock's tomorrow is read, three days on is not (also when midnight passes in between)."""
    first = date.today() + timedelta(days=1)
    assert normalize_date(first.strftime("%d.%m.%Y")) == first.isoformat()
    assert normalize_date((date.today() + timedelta(days=3)).strftime("%d.%m.%Y")) is None


@pytest.mark.parametrize("value", [None, 20180929, 2018.0, b"29.09.2018", ["29.09.2018"], object(), date(2018, 9, 29)])
def test_anything_that_is_not_a_string_gives_none(value: object) -> None:
    assert normalize_date(value) is None  # type: ignore[arg-type]
    assert parse_date(value) is None  # type: ignore[arg-type]


def test_huge_strings_are_rejected_quickly() -> None:
    assert normalize_date("29.09.2018 " + "x" * 10_000_000) is None
    assert normalize_date(" " * 500 + "29.09.2018" + " " * 400) == "2018-09-29"  # whitespace runs collapse


def test_parsed_date_is_a_small_frozen_record() -> None:
    parsed = parse_date("2018 жылғы 29 қыркүйек")
    assert parsed == ParsedDate("2018-09-29", "kk-year-first", "kk")
    assert parse_date("29.09.2018") == ParsedDate("2018-09-29", "numeric-dmy", None)
    assert parse_date("Астана, 9 ноября 2017 г.").lang == "ru"  # type: ignore[union-attr]
    with pytest.raises(AttributeError):
        parsed.iso = "2000-01-01"  # type: ignore[misc, union-attr]


# ---------------------------------------------------------------- the tables against hand-written forms


@pytest.mark.parametrize("month", range(1, 13))
def test_kazakh_case_endings_match_the_hand_written_table(month: int) -> None:
    assert dates.kazakh_case_forms(dates.KK_MONTHS[month - 1]) == KK_FORMS[month]


def test_every_hand_written_spelling_is_in_the_lexicon_with_its_month() -> None:
    spellings = [(w, m) for m, forms in KK_FORMS.items() for w in forms]
    spellings += [(w, m) for table in (KK_LATIN, KK_LATIN_CASE_FORMS, KK_MISSPELT) for m, ws in table.items()
                  for w in ws]
    spellings += [(w, m) for table in (KK_ABBREVIATIONS, RU_MONTHS, RU_ABBREVIATIONS) for m, w in table.items()]
    spellings += [(w.lower(), m) for m, w in EN_MONTHS.items()] + [(w.lower()[:3], m) for m, w in EN_MONTHS.items()]
    wrong = [(w, m, LEXICON.get(w)) for w, m in spellings if LEXICON.get(w, (None,))[0] != m]
    assert wrong == []
    assert month_number("Маусымында") == 6 and month_number("сәуiр") == 4 and month_number("жылғы") is None


# ---------------------------------------------------------------- Hypothesis: rendered dates round-trip

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=TOMORROW)
SPACES = st.sampled_from([" ", "\u00a0", "\u202f", "  ", " \t "])
CASINGS = st.sampled_from([str, str.upper, str.lower, str.title])


def _day(draw: st.DrawFn, d: date) -> str:
    return draw(st.sampled_from([str(d.day), f"{d.day:02d}"]))


def _kk_year_first(draw: st.DrawFn, d: date) -> tuple[str, str]:
    year_word = draw(st.sampled_from(["жылғы", "ж.", "жылдың", "жылы", "жыл"]))
    month = draw(st.sampled_from(KK_FORMS[d.month] + KK_MISSPELT.get(d.month, ())))
    return f"{d.year} {year_word} {_day(draw, d)} {month}", "kk-year-first"


def _kk_day_first(draw: st.DrawFn, d: date) -> tuple[str, str]:
    month = draw(st.sampled_from(KK_FORMS[d.month][:1] + (KK_ABBREVIATIONS[d.month],)))
    return f"{_day(draw, d)} {month} {d.year}{draw(st.sampled_from(['', ' ж.', ' жыл', ' жылы']))}", "kk-dmy"


def _kk_latin_i(draw: st.DrawFn, d: date) -> tuple[str, str]:
    line, form = draw(st.sampled_from([_kk_year_first, _kk_day_first]))(draw, d)
    return line.replace("і", "i"), form


def _kk_latin(draw: st.DrawFn, d: date) -> tuple[str, str]:
    month = draw(st.sampled_from(KK_LATIN[d.month] + KK_LATIN_CASE_FORMS.get(d.month, ())))
    if draw(st.booleans()):
        return f"{d.year} {draw(st.sampled_from(['jylǵy', 'jylğy', 'jyly']))} {_day(draw, d)} {month}", \
            "kk-latin-year-first"
    return f"{_day(draw, d)} {month}{draw(st.sampled_from(['', ',']))} {d.year}", "kk-latin-dmy"


def _ru(draw: st.DrawFn, d: date) -> tuple[str, str]:
    month = draw(st.sampled_from([RU_MONTHS[d.month], RU_ABBREVIATIONS[d.month] + "."]))
    place = draw(st.sampled_from(["", "Астана, ", "г. Алматы, "]))
    year = draw(st.sampled_from(["", "в "])) + str(d.year)
    return f"{place}{_day(draw, d)} {month} {year}{draw(st.sampled_from(['', ' года', ' году', ' г.', 'г.']))}", \
        "ru-dmy"


def _en(draw: st.DrawFn, d: date) -> tuple[str, str]:
    name = EN_MONTHS[d.month]
    return draw(st.sampled_from([
        (f"{_day(draw, d)} {name.lower()} {d.year} year", "en-year-word"),
        (f"{name} {_day(draw, d)}, {d.year}", "en-mdy"),
        (f"{_day(draw, d)} {name} {d.year}", "en-dmy"),
        (f"{_day(draw, d)} {name[:3]} {d.year}", "en-dmy"),
    ]))


def _numeric(draw: st.DrawFn, d: date) -> tuple[str, str]:
    sep = draw(st.sampled_from([".", "/", "-"]))
    month = draw(st.sampled_from([str(d.month), f"{d.month:02d}"]))
    time = draw(st.sampled_from(["", ", 14:35", " 09:05:59"]))
    return f"{_day(draw, d)}{sep}{month}{sep}{d.year}{time}", "numeric-dmy"


def _iso(draw: st.DrawFn, d: date) -> tuple[str, str]:
    return d.isoformat() + draw(st.sampled_from(["", "T14:35:00", "T14:35:00+05:00"])), "iso"


RENDERERS = [_kk_year_first, _kk_day_first, _kk_latin_i, _kk_latin, _ru, _en, _numeric, _iso]


@st.composite
def rendered_dates(draw: st.DrawFn) -> tuple[date, str, str]:
    d = draw(DAYS)
    line, form = draw(st.sampled_from(RENDERERS))(draw, d)
    return d, draw(CASINGS)(line).replace(" ", draw(SPACES)), form


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rendered_dates())
def test_every_date_in_every_form_normalizes_back_to_itself(case: tuple[date, str, str]) -> None:
    d, line, form = case
    parsed = parse_date(line, today=TODAY)
    assert parsed is not None and (parsed.iso, parsed.form) == (d.isoformat(), form), line
    assert all(normalize_date(line, lang, today=TODAY) == parsed.iso for lang in ("kk", "ru", "en", "xx"))


@settings(max_examples=500, deadline=None)
@given(st.dates(min_value=_later(2), max_value=date(2999, 12, 31))
       | st.dates(min_value=date(1000, 1, 1), max_value=date(1989, 12, 31)),
       st.sampled_from(RENDERERS), st.data())
def test_dates_out_of_range_give_none(d: date, render, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    line, _ = render(data.draw, d)
    assert normalize_date(line, today=TODAY) is None, line


# ---------------------------------------------------------------- Hypothesis: arbitrary text


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _spells(line: str, year: int, month: int, day: int) -> bool:
    """Whether a line spells the date with nothing else in it that is a number or names a month."""
    line = re.sub(r"(?<=[0-9])t[0-9:.]+(?:z|[+\-][0-9:]+)?", " ", line)  # ISO time of day
    line = re.sub(r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])", " ", line)  # times of day
    runs = re.findall(r"[0-9]+", line)
    months = {month_number(word) for word in re.findall(r"[^\W\d_]+", line)} - {None}
    if any(len(run) > 2 and run != str(year) for run in runs) or not months <= {month}:
        return False
    numbers = [int(run) for run in runs]
    if numbers in ([day, month, year], [year, month, day]):  # numeric: day first, or ISO year first
        return True
    return sorted(numbers) == sorted([day, year]) and months == {month}  # day, year, a month word


def assert_holds_full_date(text: str, iso: str) -> None:
    """The oracle: a returned date is spelled out in `text` (as typed, or after NFKC normalization)."""
    raw = _collapse(text.lower())
    cleaned = _collapse(unicodedata.normalize("NFKC", text).lower().replace("\u0307", "").replace("\u00ad", ""))
    year, month, day = map(int, iso.split("-"))
    assert date(1990, 1, 1) <= date(year, month, day) <= TOMORROW
    assert any(len(line) <= MAX_LINE and _spells(line, year, month, day) for line in (raw, cleaned)), text


TEXT = st.text(alphabet=st.sampled_from(
    list("0123456789 .,-/:;()\u00a0\t\n") + list("abcijkmqyzáúýı") + list("ажқмнсуыіғүйек") + ["\u0307", "\u200b"]
), max_size=120)


@settings(max_examples=10_000, deadline=None)
@given(TEXT)
def test_arbitrary_text_never_raises_and_never_invents_a_date(text: str) -> None:
    iso = normalize_date(text, today=TODAY)
    if iso is not None:
        assert_holds_full_date(text, iso)


TOKENS = st.one_of(
    st.sampled_from([w for forms in KK_FORMS.values() for w in forms[:4]] + list(RU_MONTHS.values())),
    st.sampled_from([w for ws in KK_LATIN.values() for w in ws] + list(EN_MONTHS.values())),
    st.sampled_from(["жылғы", "ж.", "жылы", "года", "г.", "year", "jylǵy", "Астана", "of", "th", "14:35"]),
    st.integers(0, 2100).map(str), st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.sampled_from([".", ",", "-", "/", "–", ":", "\u00a0"]), st.text(max_size=4),
)


@st.composite
def mangled_lines(draw: st.DrawFn) -> str:
    """A rendered date line with up to three tokens dropped, inserted, swapped or replaced."""
    tokens = draw(rendered_dates())[1].split()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(tokens)))
        edit = draw(st.sampled_from(["drop", "insert", "swap", "replace"]))
        if edit == "insert" or not tokens:
            tokens.insert(at, draw(TOKENS))
        elif edit == "drop":
            del tokens[min(at, len(tokens) - 1)]
        elif edit == "swap" and len(tokens) > 1:
            i = min(at, len(tokens) - 2)
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
        else:
            tokens[min(at, len(tokens) - 1)] = draw(TOKENS)
    return draw(st.sampled_from([" ", "", ", ", ".", "-"])).join(tokens)


@settings(max_examples=3_000, deadline=None)
@given(mangled_lines())
def test_mangled_lines_give_a_date_only_when_they_spell_one(text: str) -> None:
    parsed = parse_date(text, today=TODAY)
    if parsed is not None:
        assert_holds_full_date(text, parsed.iso)
        assert normalize_date(text, today=TODAY) == parsed.iso


def test_every_benchmark_line_gives_its_expected_date() -> None:
    # benchmarks/ is a script directory, not an installed package: load the generator from its file.
    spec = importlib.util.spec_from_file_location("benchmark_dates", ROOT / "benchmarks" / "dates.py")
    bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    cases = bench.generate(2400)
    assert len(cases) >= 2400 and {form for form, _, _ in cases} == {*bench.FORMS, bench.NOT_DATES}
    assert cases == bench.generate(2400)  # deterministic: the same lines in every run
    assert [(line, normalize_date(line, today=TODAY)) for _, line, _ in cases] == [
        (line, iso) for _, line, iso in cases]
