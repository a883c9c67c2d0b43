"""Date lines in Kazakh (Cyrillic and Latin), Russian, English and numeric forms -> ISO dates.

`normalize_date` reads a *date line*: the short string a page shows as its date, possibly with a place,
a weekday or a time of day around it ("Астана, 9 ноября 2017 г.", "29.09.2018, 14:35"). It never raises
and never guesses: it returns an ISO ``YYYY-MM-DD`` string only when the line holds a day, a month and a
four-digit year that make a real date between 1990-01-01 and tomorrow (the day after `today`, by default the
caller's local date when it calls); else None.

The line rule (no searching of running text): after runs of whitespace collapse, the line is at most
`MAX_LINE` characters, and around the one date there are at most four words or times of day on each side,
with no other digits and no word naming another month. A paragraph that mentions a date, a date range, a
bare year or two different months gives None. Numeric dates are day first ("03.04.2019" is 3 April) unless
the four-digit year comes first ("2019-04-03"); two-digit years are never read.

Month names and the Kazakh case endings are data tables; `LEXICON` (spelling -> month, language) is
derived from them once at import: every Kazakh case form of every month, in Cyrillic, in Cyrillic typed
on a Russian keyboard or with a Latin "i" for "і", and in the 2018 and 2021 Latin alphabets with their
common ASCII spellings. Spellings are checked to be unambiguous across languages, so `lang` never changes
a result: it is accepted so call sites can pass the page language without risk.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import product
from types import MappingProxyType

MAX_LINE = 80  # characters, after whitespace runs collapse: longer input is running text
_MAX_RAW = 1000  # longer raw input is rejected before any work
EARLIEST = "1990-01-01"

# ---------------------------------------------------------------- month tables (month 1..12 in order)

KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
             "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан")
KK_ABBREVIATIONS = ("қаң", "ақп", "нау", "сәу", "мам", "мау", "шіл", "там", "қыр", "қаз", "қар", "жел")
# Misspelt month names seen in print (month, stem): they get every case form and spelling the right ones get.
KK_MISSPELLINGS = ((9, "қырқүйек"),)
RU_MONTHS = (  # genitive (the date form), nominative, abbreviations
    ("января", "январь", "янв"), ("февраля", "февраль", "фев", "февр"), ("марта", "март", "мар"),
    ("апреля", "апрель", "апр"), ("мая", "май"), ("июня", "июнь", "июн"), ("июля", "июль", "июл"),
    ("августа", "август", "авг"), ("сентября", "сентябрь", "сен", "сент"), ("октября", "октябрь", "окт"),
    ("ноября", "ноябрь", "ноя", "нояб"), ("декабря", "декабрь", "дек"),
)
EN_MONTHS = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)
# Words for "year" that may stand next to the year number (Kazakh ones also get Latin spellings).
KK_YEAR_WORDS = ("жылғы", "жылы", "жылдың", "жыл", "ж")
OTHER_YEAR_WORDS = ("года", "году", "год", "г", "year")  # "году": "14 декабря в 2019 году"

# ---------------------------------------------------------------- Kazakh case endings

# The final sound of a stem picks the ending: V vowel, N nasal (м н ң), S voiceless, Z other voiced.
_KK_VOWELS = frozenset("аәеиоөұүыіэюя")
_KK_NASALS = frozenset("мнң")
_KK_VOICELESS = frozenset("пкқтсшщфхцчһ")
_KK_BACK, _KK_FRONT = frozenset("аоұы"), frozenset("әеөүі")
# Case -> {sound class: (after back vowels, after front vowels)}: loc, attributive, gen, dat, abl, acc.
_KK_STEM_CASES = (
    {"V": ("да", "де"), "N": ("да", "де"), "Z": ("да", "де"), "S": ("та", "те")},
    {"V": ("дағы", "дегі"), "N": ("дағы", "дегі"), "Z": ("дағы", "дегі"), "S": ("тағы", "тегі")},
    {"V": ("ның", "нің"), "N": ("ның", "нің"), "Z": ("дың", "дің"), "S": ("тың", "тің")},
    {"V": ("ға", "ге"), "N": ("ға", "ге"), "Z": ("ға", "ге"), "S": ("қа", "ке")},
    {"V": ("дан", "ден"), "N": ("нан", "нен"), "Z": ("дан", "ден"), "S": ("тан", "тен")},
    {"V": ("ны", "ні"), "N": ("ды", "ді"), "Z": ("ды", "ді"), "S": ("ты", "ті")},
)
_KK_POSSESSIVE = {"V": ("сы", "сі"), "C": ("ы", "і")}  # "маусымы", "шілдесі" (3rd person)
_KK_POSSESSED_CASES = (("", ""), ("нда", "нде"), ("ндағы", "ндегі"), ("ның", "нің"),
                       ("на", "не"), ("нан", "нен"), ("н", "н"))
_KK_VOICING = {"к": "г", "қ": "ғ", "п": "б"}  # before a vowel: "қыркүйек" -> "қыркүйегі"

# Kazakh typed on a Russian keyboard ("кыркуйек", "шилде").
_KK_AS_RUSSIAN = str.maketrans("әғқңөұүһі", "агкноуухи")
# Cyrillic letter -> Latin spellings: 2018 alphabet, 2021 alphabet, common ASCII renderings.
_KK_LATIN = {
    "а": ("a",), "ә": ("á", "ä", "a"), "б": ("b",), "в": ("v",), "г": ("g",), "ғ": ("ǵ", "ğ", "g", "gh"),
    "д": ("d",), "е": ("e",), "ж": ("j", "zh"), "з": ("z",), "и": ("ı", "i", "y"), "й": ("ı", "i", "y"),
    "к": ("k",), "қ": ("q", "k"), "л": ("l",), "м": ("m",), "н": ("n",), "ң": ("ń", "ñ", "n", "ng"),
    "о": ("o",), "ө": ("ó", "ö", "o"), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",),
    "у": ("ý", "u", "y"), "ұ": ("u", "ū"), "ү": ("ú", "ü", "u"), "ф": ("f",), "х": ("h", "kh"),
    "һ": ("h",), "ч": ("ch", "ç"), "ш": ("sh", "ş"), "ы": ("y",), "і": ("i", "ı"),
}
# Look-alike letters, for words typed in a mix of scripts (tried only when a spelling is not found).
_TO_CYRILLIC = str.maketrans("aceiopxykmhtbəɵ", "асеіорхукмнтвәө")
_TO_LATIN = str.maketrans("асеіорхукмнтв", "aceiopxykmhtb")
_INVISIBLE = dict.fromkeys(map(ord, "\u0307\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def _sound_class(stem: str) -> str:
    last = stem[-1]
    if last in _KK_VOWELS:
        return "V"
    return "N" if last in _KK_NASALS else "S" if last in _KK_VOICELESS else "Z"


def _is_front(stem: str) -> bool:
    return next((ch in _KK_FRONT for ch in reversed(stem) if ch in _KK_FRONT or ch in _KK_BACK), False)


def kazakh_case_forms(stem: str) -> tuple[str, ...]:
    """Every form of a Kazakh month name a date line uses: bare, six cases, possessive and its cases."""
    cls, front = _sound_class(stem), _is_front(stem)
    forms = [stem] + [stem + case[cls][front] for case in _KK_STEM_CASES]
    if cls == "V":
        possessed = stem + _KK_POSSESSIVE["V"][front]
    else:
        possessed = stem[:-1] + _KK_VOICING.get(stem[-1], stem[-1]) + _KK_POSSESSIVE["C"][front]
    forms += [possessed + case[front] for case in _KK_POSSESSED_CASES]
    return tuple(forms)


def _latin_spellings(word: str) -> set[str]:
    return {"".join(parts) for parts in product(*(_KK_LATIN.get(ch, (ch,)) for ch in word))}


def _kazakh_spellings(form: str) -> tuple[set[str], set[str]]:
    """(Cyrillic spellings, Latin spellings) of one Kazakh word."""
    cyrillic = {form, form.translate(_KK_AS_RUSSIAN), form.replace("і", "i")}
    return cyrillic, _latin_spellings(form)


def _build_lexicon() -> dict[str, tuple[int, str]]:
    entries: list[tuple[str, int, str]] = []
    for month, (stem, abbreviation) in enumerate(zip(KK_MONTHS, KK_ABBREVIATIONS), start=1):
        entries += [(w, month, "kk") for w in _kazakh_spellings(abbreviation)[0]]
    for month, stem in [*enumerate(KK_MONTHS, start=1), *KK_MISSPELLINGS]:
        for form in kazakh_case_forms(stem):
            cyrillic, latin = _kazakh_spellings(form)
            entries += [(w, month, "kk") for w in cyrillic] + [(w, month, "kk-latin") for w in latin]
    entries += [(w, m, "ru") for m, words in enumerate(RU_MONTHS, start=1) for w in words]
    entries += [(w, m, "en") for m, words in enumerate(EN_MONTHS, start=1) for w in words]
    lexicon: dict[str, tuple[int, str]] = {}
    for word, month, script in entries:
        if lexicon.setdefault(word, (month, script)) != (month, script):
            raise ValueError(f"month spelling {word!r} is ambiguous: {lexicon[word]} and {(month, script)}")
    return lexicon


LEXICON = MappingProxyType(_build_lexicon())  # spelling -> (month, script: "kk", "kk-latin", "ru", "en")
YEAR_WORDS = frozenset(
    OTHER_YEAR_WORDS + tuple(w for kk in KK_YEAR_WORDS for group in _kazakh_spellings(kk) for w in group)
)
# The hot path's view: spelling -> (month, language, form names by word order: year first, day first,
# month first, day first followed by the word "year").
_FORM_NAMES = {
    script: (f"{script}-year-first", f"{script}-dmy", f"{script}-mdy", f"{script}-dmy")
    for script in ("kk", "kk-latin", "ru")
} | {"en": ("en-year-first", "en-dmy", "en-mdy", "en-year-word")}
_WORDS = {word: (month, script[:2], _FORM_NAMES[script]) for word, (month, script) in LEXICON.items()}

# ---------------------------------------------------------------- the line grammar


def _trie_pattern(words: frozenset[str]) -> str:
    """A regex matching exactly `words`, shaped as a trie so that matching never scans a long alternation."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(trie)


_L = r"[^\W\d_]"  # a letter of any script
_TIME = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![:0-9])"  # whole: "14:35:01.1.2000" holds no date
_ITEM = rf"(?:{_L}+(?:['’\-]{_L}+)*|{_TIME})"  # a word or a time of day around the date
_YW = _trie_pattern(YEAR_WORDS) + rf"(?!{_L})\.?"
_D, _Y, _M = r"([0-9]{1,2})", r"([0-9]{4})", rf"({_L}+)"
_ORD = rf"(?:(?:st|nd|rd|th)(?!{_L}))?"  # "13th June", not "1thқаңтар"
_FORMS = (
    rf"{_Y}(?:[\W_]*+({_YW})[\W_]*+|[\W_]++){_D}[\W_]*+{_M}\.?",  # 1-4 "2018 жылғы 29 қыркүйек"
    rf"{_D}{_ORD}[\W_]*+(?:of\s+)?{_M}\.?[\W_]*+(?:в\s+)?{_Y}(?:\s*({_YW}))?",  # 5-8 "29 сентября (в) 2018 г."
    rf"{_M}\.?[\W_]*+{_D}{_ORD}[\W_]++{_Y}(?:\s*({_YW}))?",  # 9-12 "June 13, 2012"
    rf"{_D}\s*([./\-])\s*{_D}\s*\14\s*{_Y}(?:\s*({_YW}))?",  # 13-17 "29.09.2018"
    rf"{_Y}([./\-]){_D}\19{_D}(?:t[0-9:.]+(?:z|[+\-][0-9:]+)?)?",  # 18-21 "2018-09-29"
)
_LINE = re.compile(  # separators are possessive: no date part starts with one
    rf"[\W_]*+(?:{_ITEM}[\W_]++){{0,4}}?(?:{'|'.join(_FORMS)})(?:[\W_]++{_ITEM}){{0,4}}[\W_]*+"
)
# m.lastindex (the last group that matched) -> (year, month, day) groups, word order (None: numeric),
# the group that starts the date.
_GROUPS = {4: ((1, 4, 3), 0, 1), 7: ((7, 6, 5), 1, 5), 8: ((7, 6, 5), 1, 5), 11: ((11, 9, 10), 2, 9),
           12: ((11, 9, 10), 2, 9), 16: ((16, 15, 13), None, 13), 17: ((16, 15, 13), None, 13),
           21: ((18, 20, 21), None, 18)}
_NUMERIC_FORMS = {16: "numeric-dmy", 17: "numeric-dmy", 21: "iso"}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Number text ("9" or "09") -> month; and per month, day text -> the ISO tail "-MM-DD" of every real day.
_MONTH_NUMBERS = {text: n for n in range(1, 13) for text in (str(n), f"{n:02d}")}
_ISO_TAILS = (None,) + tuple(
    {text: f"-{month:02d}-{day:02d}" for day in range(1, days + 1) for text in (str(day), f"{day:02d}")}
    for month, days in enumerate(_DAYS_IN_MONTH, start=1)
)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    iso: str  # YYYY-MM-DD
    form: str  # e.g. "kk-year-first", "kk-latin-dmy", "ru-dmy", "en-year-word", "en-mdy", "numeric-dmy", "iso"
    lang: str | None  # language of the month word: "kk", "ru", "en"; None for numeric forms


_WORD = re.compile(r"[^\W\d_]+")
_LATIN_LETTER = re.compile("[a-zəɵ]")  # in a non-ASCII word: a word in two scripts, or Latin Kazakh
_latest = [""]  # tomorrow's ISO date when last computed; only ever moves forward


def _tomorrow() -> str:
    _latest[0] = (date.today() + timedelta(days=1)).isoformat()
    return _latest[0]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _lookup(word: str) -> tuple[int, str, tuple[str, ...]] | None:
    """A month spelling; a word typed in two scripts ("сәуiр" with a Latin i) is read as either script."""
    found = _WORDS.get(word)
    if found is None and not word.isascii() and _LATIN_LETTER.search(word):
        found = _WORDS.get(word.translate(_TO_CYRILLIC)) or _WORDS.get(word.translate(_TO_LATIN))
    return found


def _names_other_month(text: str, month: int) -> bool:
    """Whether words around the date name another month: the line is contradictory, so no date."""
    for word in _WORD.findall(text):
        found = _lookup(word)
        if found is not None and found[0] != month:
            return True
    return False


def _parse(text: object, cleaned: bool = False, latest: str | None = None
           ) -> tuple[str, str, str | None] | None:
    """(ISO date, form, language) of a date line, or None. One pass: regex, then table lookups.
    `latest`: the last ISO date in range (the day after an injected today); None: the clock's tomorrow."""
    if not isinstance(text, str) or str.__len__(text) > _MAX_RAW:
        return None
    line = str.lower(text)
    if len(line) > MAX_LINE:
        line = " ".join(line.split())
        if len(line) > MAX_LINE:
            return None
    m = _LINE.fullmatch(line)
    if m is None:
        return None if cleaned else _parse_cleaned(line, latest)
    index = m.lastindex
    groups, order, first = _GROUPS[index]
    year, month_text, day_text = m.group(*groups)
    if order is None:
        month, lang, form = _MONTH_NUMBERS.get(month_text), None, _NUMERIC_FORMS[index]
    else:
        found = _WORDS.get(month_text) or _lookup(month_text)
        if found is None:
            return None if cleaned else _parse_cleaned(line, latest)
        month, lang, forms = found
        form = forms[3 if index == 8 and m.group(8).startswith("year") else order]
    tail = _ISO_TAILS[month].get(day_text) if month else None
    if tail is None or (tail == "-02-29" and not _is_leap(int(year))):
        return None
    iso = year + tail
    # A date up to the last computed tomorrow is in range for good; a later one needs today's clock.
    if iso < EARLIEST or (iso > (latest or _latest[0]) and (latest is not None or iso > _tomorrow())):
        return None
    start, end = m.start(first), m.end(index)
    if (start and _names_other_month(line[:start], month)) or (
            end < len(line) and _names_other_month(line[end:], month)):
        return None
    return iso, form, lang


def _parse_cleaned(line: str, latest: str | None) -> tuple[str, str, str | None] | None:
    """Slow path, for a line the fast path cannot read: compatibility forms (NFKC), invisible characters."""
    cleaned = " ".join(unicodedata.normalize("NFKC", line).lower().translate(_INVISIBLE).split())
    return None if cleaned == line else _parse(cleaned, True, latest)


def month_number(word: str) -> int | None:
    """The month (1-12) one word names in any spelling or case form of `LEXICON`, else None."""
    if not isinstance(word, str):
        return None
    found = _lookup(str.lower(word))
    return None if found is None else found[0]


def _last_day(today: date | None) -> str | None:
    return None if today is None else (today + timedelta(days=1)).isoformat()


def parse_date(text: str, lang: str | None = None, today: date | None = None) -> ParsedDate | None:
    """The date of a date line with the form it was written in, or None (see the module docstring).

    `lang` ("kk", "ru", "en" or None) is the page language if known; it never changes the result.
    `today`: the day the line is read on (dates after the next day are refused); default: the clock's.
    """
    found = _parse(text, latest=_last_day(today))
    return None if found is None else ParsedDate(*found)


def normalize_date(text: str, lang: str | None = None, today: date | None = None) -> str | None:
    """ISO date (YYYY-MM-DD) of a date line, or None; never raises (see the module docstring).

    `lang` ("kk", "ru", "en" or None) is the page language if known; it never changes the result.
    `today`: the day the line is read on (dates after the next day are refused); default: the clock's.
    """
    found = _parse(text, latest=_last_day(today))
    return None if found is None else found[0]
