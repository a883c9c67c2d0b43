"""Kazakh / Russian / English-aware full-text search: tokens, stems and safe FTS5 MATCH expressions.

The FTS5 table (archiver.storage) has exact columns `title`, `body` and a `stems` column holding
`stem_text(title + " " + body)`. `build_match` turns each query word into "its exact form in title/body
OR its stem in stems": a query finds inflected forms, and bm25 with heavier exact columns ranks the
exact form first. Pure functions; no SQLite here.

`stem` sees one token and no language hint (a query's language is unknown), and text and query go
through it alike, so all that matters is that inflected and base forms meet:
  * Latin: a light English stemmer (plural, -ed, -ing, final -e; Porter's step 1 in spirit).
  * Cyrillic: Kazakh suffixes are peeled off repeatedly (сапар-лар-ы-нда), each only where Kazakh
    phonology puts it (after which sounds, with which vowel harmony), so Russian endings are rarely
    taken for Kazakh ones: "президента" is not "президен" + locative "-та", since after н Kazakh
    writes "-да". Then, unless a Kazakh-only letter is left, one Russian ending goes, Snowball-style.
    Base forms take the same path: "Астана" and "Астанада" both become "астан".
  * Derivation stays: "мемлекеттік" (state, adj.) is not "мемлекет" (state), as Snowball keeps
    "-ость"; "Казахстанский" is not "Казахстан". Stems keep 3 letters: "ел", "үй" lose nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from archiver.errors import UsageError

MIN_STEM = 3  # no stem is shorter: "жыл" survives, "ел" and "үй" are left alone
# bm25 column weights for (title, body, stems): an exact hit outweighs a pile of inflected ones, and a
# title hit a body hit. With equal weights a short article saying "Таразда" three times outranks a
# long one saying "Тараз" once (tests/test_textsearch.py shows both).
BM25_WEIGHTS = (10.0, 5.0, 1.0)

# -- tokens ----------------------------------------------------------------------------------------

KAZAKH_LETTERS = frozenset("әғқңөұүһі")
CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя") | KAZAKH_LETTERS
LETTER_FIXES = {"ё": "е"}  # spellings folded in stems (text and query alike)
LATIN_IN_CYRILLIC = {"i": "і"}  # Kazakh "і" typed with a Latin key inside a Cyrillic word
QUOTES = dict.fromkeys(map(ord, "“”„‟«»"), '"')  # typographic quotes delimit phrases too
# Combining marks that FTS5 unicode61 keeps inside a token (its diacritics); other marks separate.
KEPT_MARKS = "\u0300-\u0304\u0306-\u030c\u030f\u0311\u031b\u0323-\u0328\u032d\u032e\u0330\u0331"
PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
# A token: letters and numbers (\w without "_"), and private-use characters and those marks.
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(f"(?:[^\\W_]+|[{KEPT_MARKS}{PRIVATE_USE}]+)+")
UNUSUAL = re.compile(f"[{KEPT_MARKS}{PRIVATE_USE}]")


def _raw_tokens(text: str) -> list[str]:
    """Lower-cased tokens split where FTS5 unicode61 splits (hyphens, apostrophes, punctuation)."""
    text = text.lower()  # letters stay letters: the boundaries do not move
    return (TOKEN if UNUSUAL.search(text) else WORD).findall(text)  # WORD is 3x faster


def _normalize(token: str) -> str:
    """NFC, no stress marks, ё -> е, and a Latin "i" inside a Cyrillic word -> "і"."""
    token = "".join(c for c in unicodedata.normalize("NFC", token) if unicodedata.category(c) != "Mn")
    if CYRILLIC.intersection(token):
        token = "".join(LATIN_IN_CYRILLIC.get(ch, ch) for ch in token)
    return "".join(LETTER_FIXES.get(ch, ch) for ch in token)


def tokenize(text: str) -> list[str]:
    """Lower-cased, normalized word tokens of `text`, split like FTS5 unicode61."""
    return [t for t in map(_normalize, _raw_tokens(text)) if t]


# -- Kazakh ----------------------------------------------------------------------------------------

VOWELS = "аәеиоөуұүыіэюя"
BACK, FRONT, NEUTRAL = "аоұыя", "әөүіеэ", "иую"
HARD = "бвгдкқпстфхһцчшщ"  # voiceless consonants, and б в г д which take the same suffix forms
VOICED = "лрйумнңжз"
POSS3 = "ыі"  # third-person possessive, which "-н", "-на", "-нда", "-нан" follow
CONSONANTS = HARD + VOICED + "ғ"  # ғ ends a stem only before a vowel: жарлық -> жарлығы

# (back form, front form, letters the stem may end in). First- and second-person possessives (-ым,
# -ың and the dative after them) are left out: rare in news, and they would cut Қасым, маусым, кеңес.
KAZAKH_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("лар", "лер", VOWELS + "рйу"), ("дар", "дер", "лмнңжз"), ("тар", "тер", HARD),  # plural
    ("ның", "нің", VOWELS + "мнң"), ("дың", "дің", "лрйужз"), ("тың", "тің", HARD),  # genitive
    ("ны", "ні", VOWELS), ("ды", "ді", VOICED), ("ты", "ті", HARD), ("н", "н", POSS3),  # accusative
    ("ға", "ге", VOWELS + VOICED), ("қа", "ке", HARD), ("на", "не", POSS3),  # dative
    ("да", "де", VOWELS + VOICED), ("та", "те", HARD), ("нда", "нде", POSS3),  # locative
    ("дан", "ден", VOWELS + "лрйужз"), ("нан", "нен", "мнң" + POSS3), ("тан", "тен", HARD),  # ablative
    ("мен", "мен", VOWELS + VOICED), ("бен", "бен", "жзмнңл"), ("пен", "пен", HARD),  # instrumental
    ("менен", "менен", VOWELS + VOICED), ("бенен", "бенен", "жзмнңл"), ("пенен", "пенен", HARD),
    ("ы", "і", CONSONANTS), ("сы", "сі", VOWELS),  # possessive: his, her, its, their
    ("ымыз", "іміз", CONSONANTS), ("мыз", "міз", VOWELS),  # possessive: our (еліміз)
    ("ғы", "гі", VOICED), ("қы", "кі", HARD),  # "of" (жылғы, бүгінгі); not after vowels: көме-гі
    ("дағы", "дегі", VOWELS + VOICED), ("тағы", "тегі", HARD), ("ндағы", "ндегі", POSS3),  # "in"
)
POSSESSIVES = frozenset({"ы", "і", "сы", "сі"})  # what comes off after "-нда" & co: қазан-ы-нда
AMBIGUOUS_OFF = frozenset({"ны"})  # in words without a Kazakh letter "-ны" is Russian: стран-ы, Астан-ы
PROTECTED_ENDINGS = ("стан",)  # Қазақстан, Казахстан: this "-тан" is not the ablative
NO_FINAL = "оө"  # no Kazakh stem ends in о/ө: "горо-да" is Russian "город-а"
# A vowel-initial suffix drops the stem's last vowel in these (халық -> халқы): restored.
KAZAKH_ELISION = {"халқ": "халық", "орн": "орын", "ерн": "ерін", "ауз": "ауыз", "мұрн": "мұрын",
                  "құлқ": "құлық", "ерк": "ерік", "көңл": "көңіл", "қарн": "қарын", "бөрк": "бөрік"}
# ...and voices its last consonant (талап -> талабы, көмек -> көмегі): so every Cyrillic stem ends
# voiceless, which keeps Russian "диалог"/"диалога" together as well.
FINAL_DEVOICING = {"б": "п", "г": "к", "ғ": "қ"}
# "кеңесі" is кеңес + і or кеңе + сі: a Kazakh stem in vowel + с loses the с, so both meet at "кеңе".
# Without a Kazakh letter only "-ыс" (облыс, барыс) is taken as Kazakh: Russian вопрос keeps its с.
FINAL_S_ENDINGS = ("ыс", "іс")


def _harmony(stem: str, loose: bool) -> str:
    """'back', 'front' or 'any', from the last vowel of `stem`.

    A last и, у or ю is neutral, and allows both (Путинге, тарихта, кездесуде, референдумда), unless
    it follows a vowel and is a glide (Мәскеу-де). `loose`: a Kazakh-spelled stem with both kinds of
    vowel is a loan ("Тоқаев" takes "-тың") and may take either form.
    """
    if loose and BACK_SET.intersection(stem) and FRONT_SET.intersection(stem):
        return "any"
    for i in range(len(stem) - 1, -1, -1):
        if stem[i] in BACK:
            return "back"
        if stem[i] in FRONT:
            return "front"
        if stem[i] in NEUTRAL and (i == 0 or stem[i - 1] not in VOWELS):
            return "any"
    return "any"


def _kazakh_forms() -> dict[str, tuple[str, str]]:
    """suffix -> (letters it may follow, "back" / "front" / "any")."""
    forms: dict[str, tuple[str, str]] = {}
    for back, front, after in KAZAKH_SUFFIXES:
        if back == front:
            forms[back] = (after, "any")
        else:
            forms[back], forms[front] = (after, "back"), (after, "front")
    return forms


BACK_SET, FRONT_SET = frozenset(BACK), frozenset(FRONT)
_KAZAKH_FORMS = _kazakh_forms()
_KAZAKH_BY_LENGTH = sorted(_KAZAKH_FORMS, key=len, reverse=True)


def _kazakh_strip(word: str, only: frozenset[str] | None) -> tuple[str, str] | None:
    """(`word` without its last Kazakh suffix, the suffix), or None. The longest allowed one wins."""
    kazakh = bool(KAZAKH_LETTERS.intersection(word))
    for suffix in _KAZAKH_BY_LENGTH:
        if not word.endswith(suffix) or (only is not None and suffix not in only):
            continue
        stem, (after, side) = word[: -len(suffix)], _KAZAKH_FORMS[suffix]
        if (len(stem) < MIN_STEM or stem[-1] not in after or stem[-1] in NO_FINAL
                or not any(ch in VOWELS for ch in stem) or (not kazakh and suffix in AMBIGUOUS_OFF)
                or any(word.endswith(p) and len(suffix) < len(p) for p in PROTECTED_ENDINGS)):
            continue
        if side == "any" or _harmony(stem, kazakh) in ("any", side):
            return stem, suffix
    return None


def _drops_final_s(word: str) -> bool:
    kazakh = KAZAKH_LETTERS.intersection(word)
    return len(word) > MIN_STEM and word[-1] == "с" and word[-2] in VOWELS and bool(
        kazakh or word.endswith(FINAL_S_ENDINGS))


def stem_kazakh(word: str) -> str:
    """Peel Kazakh suffixes while one applies: "сапарларында" -> "сапар", "халқына" -> "халық"."""
    only = None
    while _russian_lexicon(word) is None:
        if (cut := _kazakh_strip(word, only)) is not None:
            stem, suffix = cut
            only = POSSESSIVES if suffix[0] == "н" and stem[-1] in POSS3 else None
            word = KAZAKH_ELISION.get(stem, stem)
        elif _drops_final_s(word):
            word, only = word[:-1], None
        else:
            break
    return word


# -- Russian ---------------------------------------------------------------------------------------

RU_VOWELS = "аеиоуыэюя"
RU_CONSONANTS = "бвгджзйклмнпрстфхцчшщ"
RU_NOUN_ENDINGS = frozenset("иями ями ами ией иям ием иях ах ях ам ом ем ей ой ий ие ье ии ию ью ия ья еи "
                            "а е и й о у ы ь ю я".split())
# Tried in this order, one group at most (adjective, verb, noun, as Snowball does), longest first,
# each with the letters it may follow ("" = any). Only plainly verbal endings: past tenses (заявил,
# заявила, заявили) meet at "заявил" through the noun endings, while "-ла", "-на", "-ит" would eat
# канала, Астана, визит. The noun "-у" follows a consonant: Kazakh "сайлау" keeps its "у".
RU_ENDING_GROUPS: tuple[tuple[tuple[str, str], ...], ...] = tuple(
    tuple(sorted(group, key=lambda e: -len(e[0])))
    for group in (
        [(e, "") for e in "ими ыми его ого ему ому ее ие ые ое ей ий ый ой ем им ым ом их ых ую юю ая яя "
         "ою ею".split()],
        [(e, "ая") for e in "ть ешь ете ет ют".split()] + [(e, "") for e in "ить ыть ишь ует уют".split()],
        [(e, RU_CONSONANTS if e == "у" else "") for e in RU_NOUN_ENDINGS],
    )
)
RU_REFLEXIVE = (("ся", ""), ("сь", ""))
RU_SURNAME = ("ов", "ев")  # after the case ending and a consonant: Бектенова -> бектенов -> бектен
# Frequent Russian stems whose case forms look like Kazakh suffixes (фонд-а: "-да") or whose base
# form looks inflected (Кита-я: "-ая", при-ем: "-ем"): such a word plus a noun ending gets the stem.
RUSSIAN_STEMS = frozenset("кита канад доклад фонд команд пункт мест труд взгляд парад склад вклад "
                          "оклад проект контракт минск мадрид стандарт прием объем подъем акорд рекорд".split())


def _rv(word: str) -> int:
    """Start of the region after the first vowel: endings are only looked for there."""
    return next((i + 1 for i, ch in enumerate(word) if ch in RU_VOWELS), len(word))


def _strip_ending(word: str, endings: tuple[tuple[str, str], ...]) -> str | None:
    """`word` without the first of `endings` it ends in, where that is allowed; else None."""
    for ending, after in endings:
        cut = len(word) - len(ending)
        if word.endswith(ending) and cut >= max(_rv(word), MIN_STEM):
            if not after or word[cut - 1] in after:
                return word[:cut]
    return None


def _russian_lexicon(word: str) -> str | None:
    """The RUSSIAN_STEMS entry that `word` is a case form of, if any."""
    for cut in range(MIN_STEM, len(word) + 1):
        if word[:cut] in RUSSIAN_STEMS and (cut == len(word) or word[cut:] in RU_NOUN_ENDINGS):
            return word[:cut]
    return None


def stem_russian(word: str) -> str:
    """Drop one Russian inflectional ending: "встречи", "встрече", "встреча" -> "встреч"."""
    if (known := _russian_lexicon(word)) is not None:
        return known
    word = _strip_ending(word, RU_REFLEXIVE) or word
    for group in RU_ENDING_GROUPS:
        if (shorter := _strip_ending(word, group)) is not None:
            word = shorter
            break
    word = _strip_ending(word, (("и", ""),)) or word  # Snowball's step 2: посланием -> послани -> послан
    for ending in RU_SURNAME:
        cut = len(word) - len(ending)
        if word.endswith(ending) and cut >= max(_rv(word), MIN_STEM) and word[cut - 1] in RU_CONSONANTS:
            word = word[:cut]
    return word[:-1] if word.endswith("нн") else word


# -- English ---------------------------------------------------------------------------------------

EN_VOWELS = "aeiou"
EN_INVARIANT = frozenset("news series species always perhaps during thus".split())
EN_PLURALS = (("sses", "ss"), ("ies", "y"), ("ss", "ss"), ("us", "us"), ("is", "is"), ("s", ""))
EN_VERB_ENDINGS = ("eed", "ing", "ed")  # "eed" -> "ee": agree, agreed, agreeing -> agree
EN_RESTORE_E = ("at", "bl", "iz")  # generated -> generate, enabled -> enable
EN_UNDOUBLE = "bdfgmnprt"  # planned -> plan, running -> run


def _measure(word: str) -> int:
    """Porter's m: the number of vowel-consonant sequences ("not" 1, "increas" 2)."""
    shape = "".join("v" if ch in EN_VOWELS or (ch == "y" and i and word[i - 1] not in EN_VOWELS) else "c"
                    for i, ch in enumerate(word))
    return len(re.findall("v+c+", shape))


def _short(word: str) -> bool:
    """One syllable ending consonant-vowel-consonant (hop, not, mak): it takes its "e" back."""
    return _measure(word) == 1 and bool(re.search(f"[^{EN_VOWELS}][{EN_VOWELS}][^{EN_VOWELS}wxy]$", word))


def stem_english(word: str) -> str:
    """Plural, -ed, -ing and a final -e go: notes/noted -> note, plans/planned -> plan."""
    if word in EN_INVARIANT:
        return word
    old, new = next((o, n) for o, n in EN_PLURALS + (("", ""),) if word.endswith(o))
    if len(candidate := word[: len(word) - len(old)] + new) >= MIN_STEM:
        word = candidate
    for ending in EN_VERB_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= MIN_STEM and any(ch in EN_VOWELS + "y" for ch in stem):
            if ending == "eed" or stem.endswith(EN_RESTORE_E) or _short(stem):
                stem += "e" if ending != "eed" else "ee"
            elif stem[-1] == stem[-2] and stem[-1] in EN_UNDOUBLE:
                stem = stem[:-1]
            word = stem
            break
    return word[:-1] if word.endswith("e") and not word.endswith("ee") and _measure(word[:-1]) > 1 else word


# -- one word, one text ----------------------------------------------------------------------------


@lru_cache(maxsize=1 << 17)  # news vocabulary is small next to its token count
def stem(word: str) -> str:
    """The search stem of one word: inflected forms and the base form share it."""
    word = _normalize(word.lower())
    if not word.isalpha():
        return word
    if CYRILLIC.intersection(word):
        word = stem_kazakh(word)
        if not KAZAKH_LETTERS.intersection(word):
            word = stem_russian(word)
        return word[:-1] + FINAL_DEVOICING.get(word[-1], word[-1])
    return stem_english(word) if word.isascii() else word


def stem_text(text: str) -> str:
    """Space-joined stems of `tokenize(text)`: the value of the FTS table's `stems` column."""
    return " ".join(filter(None, map(stem, _raw_tokens(text))))  # stem() normalizes, and caches


# -- queries ---------------------------------------------------------------------------------------

OR, AND, NOT = "OR", "AND", "NOT"  # written in capitals, as in FTS5 and web search engines
QUERY_LEXEME = re.compile(r'(-*)"([^"]*)"(\*?)|([^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One query term: a word (exact or stemmed) or a quoted phrase (exact only)."""

    exact: tuple[str, ...]  # lower-cased tokens as typed, for the exact columns
    stems: tuple[str, ...] | None  # None for a quoted phrase
    prefix: bool = False
    negated: bool = False


def _word_term(chunk: str, negated: bool) -> Term | None:
    """A bare chunk: "-" in front excludes, "*" behind is a prefix; "Қасым-Жомарт" is a phrase."""
    prefix = chunk.endswith("*")
    raw = [t for t in _raw_tokens(chunk) if _normalize(t)]
    if not raw:
        return None
    norm = [_normalize(t) for t in raw]
    stems = [stem(t) for t in norm[:-1]] + [norm[-1] if prefix else stem(norm[-1])]
    return Term(tuple(raw), tuple(stems), prefix, negated or chunk.startswith("-"))


def parse_query(query: str) -> list[Term | str]:
    """Terms and "OR" markers of a user query, in order. Raises UsageError on a malformed query."""
    if not query.strip():
        raise UsageError("search query is empty")
    query = query.translate(QUOTES)
    if query.count('"') % 2:
        raise UsageError("unbalanced quote in search query")
    items: list[Term | str] = []
    pending_not = False
    for dashes, phrase, star, chunk in QUERY_LEXEME.findall(query):
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
            raw = [t for t in _raw_tokens(phrase) if _normalize(t)]
            term = Term(tuple(raw), None, bool(star), pending_not or bool(dashes)) if raw else None
        if term is not None:
            items.append(term)
            pending_not = False
    if pending_not:
        raise UsageError("NOT at the end of the search query excludes nothing")
    return items


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term_match(term: Term, exact_columns: tuple[str, ...], stems_column: str) -> str:
    star = " *" if term.prefix else ""
    exact = "{" + " ".join(exact_columns) + "}: " + _quote(" ".join(term.exact)) + star
    if term.stems is None:
        return exact
    return f"({exact} OR {stems_column}: {_quote(' '.join(term.stems))}{star})"


def build_match(query: str, *, exact_columns: tuple[str, ...] = ("title", "body"),
                stems_column: str = "stems") -> str:
    """An FTS5 MATCH expression for a user query; every piece of user text is a quoted string.

    Syntax: words are AND-ed; "a quoted phrase" matches exactly (title/body only); `OR` between terms;
    a leading `-` (or `NOT`) excludes a term; a trailing `*` matches a prefix. A plain word matches its
    exact form in `exact_columns` or its stem in `stems_column`. Raises UsageError with a one-line
    explanation when the query cannot be searched.
    """
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
