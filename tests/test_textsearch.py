"""archiver.search.textsearch: stems, tokens and FTS5 MATCH expressions, checked against a real SQLite FTS5 table."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.errors import UsageError
from archiver.search.querylang import build_match
from archiver.search.textsearch import BM25_WEIGHTS, index_stems, is_own_stem, stem, stem_text, text_language, tokenize

# Every group: inflected forms and the base form share one index term, read in the group's language
# (a text is read in its own language; a query word is looked up in both, see build_match below).
# Written here, by hand, for each pattern the search has to get right; no treebank sentence is used.
KAZAKH_GROUPS = [
    # accusative -ны after a vowel, in words without a Kazakh-only letter
    "Астана Астананы Астанада Астанаға Астананың Астанадан Астанамен",
    "жоба жобаны жобасы жобалар жобаға жобаның",
    "бала баланы балалар балаға баласы",
    # the ablative after с (the "-стан" of country names is not one)
    "соғыс соғыстан соғысқа соғысы соғыстың",
    "облыс облыстан облысы облыста облысқа облысының облысына",
    "Қазақстан Қазақстанның Қазақстанда Қазақстанға Қазақстаннан Қазақстанмен Қазақстанды",
    # two-letter roots
    "ел елде елге елдің елден елмен еліміз",
    "үй үйде үйге үйдің",
    # -ыс/-іс nouns are words of their own (see KAZAKH_DISTINCT)
    "қорғаныс қорғанысы қорғанысқа қорғаныстың",
    "қолданыс қолданысқа қолданысы",
    "орын орны орнына орында орынға",
    "орыс орыстар орыстың",
    # verbs: -ып/-іп, -ған/-ген, -ды/-ді, -ады/-йды, -у, -са, and a participle with a case ending
    "бару барып барған барды барады барса барғанда",
    "келу келіп келген келді келеді келсе келгенде",
    "айту айтып айтқан айтты айтады айтса",
    "ойлау ойлап ойлаған ойлады ойлайды ойласа",
    "жасау жасап жасаған жасайды жасаса жасаймыз",
    "беру берді берген береді беріп берсе берілді берілген",  # and the passive -іл
    "болу болды болған болады болып болса болмады",  # and the negation -ма
    "қабылдау қабылдады қабылдаған қабылдайды қабылдап",
    "өту өтті өткен өтеді өтіп",
    "айту айтпай айтпады айтпаған",  # the negation before a converb, a tense, a participle
    "екі екінші екіде",  # an ordinal is its numeral's
    "қатысу қатысушы қатысушылар қатысушылардың",  # the agent -ушы is the verb's (not the noun's -шы)
    "бол болғандықтан болғандығын болғандығы",  # -ған + -дық, "that he was", with its case endings
    "отыру отыратын отырды отырып",  # the participle -атын after a root in -ыр
    "өткізу өткізетін өткізді өткізген",  # ... and after a causative in -кіз
    "бастау бастады бастап баста бастаған бастамады",  # -та is the root's, not a locative; the negation
    "істеу істеді істемеді",
    "сақтау сақтады сақтап сақтаған",
    "тақта тақтасы тақтаға тақтада",
    "тап табады тапты",
    "өз өзін өзінше өзіндей",
    "жалын жалынды жалынса",  # a root in -ын: not the passive
    # nouns: plural, possessive, cases, harmony and assimilation
    "Шымкент Шымкенттің Шымкентте Шымкентке Шымкенттен Шымкентпен",
    "шілде шілдеде шілдедегі шілдеден шілдесінде",
    "президент президентінің президентке Президенті президенттің президентпен президентін",
    "Тоқаев Тоқаевтың Тоқаевқа Тоқаевпен",
    "сапар сапары сапарлары сапарында сапарын сапарға сапарлар",
    "мемлекет мемлекеттің мемлекетке мемлекетте мемлекеттер мемлекеттерінің мемлекетін",
    "мемлекеттік мемлекеттікке мемлекеттіктің",  # derivation kept apart from мемлекет
    "жыл жылы жылғы жылдың жылдары жылдарында",
    "басшы басшысы басшысының басшысын",
    "кеңес кеңесі кеңесінің кеңеске кеңестер кеңесте",
    "қазан қазанында қазанда",  # "қазан-ы-нда" (in October), not "қаза-ны-нда"
    "халық халқы халқының халқына",  # the stem's vowel drops before a vowel
    "талап талабы талаптар талабын",  # п -> б before a vowel
    "кітап кітабы кітапқа кітаптар",  # a noun in -п is not a converb
    "көмек көмегі көмекке",  # к -> г before a vowel
    "мәселе мәселесі мәселелері мәселелерін мәселелеріне",
    "Алматы Алматыда Алматыға Алматының",
    "Мәскеу Мәскеуде Мәскеуге",
    "жарлық жарлықтар жарлыққа жарлығы",
    "ынтымақтастық ынтымақтастықты ынтымақтастыққа ынтымақтастықтың",
    "кездесу кездесуде кездесуі кездесулер",
    "Қытай Қытайдың Қытаймен Қытайға",
    "парламент Парламенті парламентте",
    "министр министрге министрі министрімен",
    "Федерация Федерациясы Федерациясының",
    # pronouns and particles
    "ол оның оған одан",
    "да де та те",
]
RUSSIAN_GROUPS = [
    "факт факта фактом фактов факте",  # the genitive -та is not a Kazakh locative
    "заявить заявил заявила заявили заявит заявлю",  # verbs meet at the infinitive
    "подписать подписал подписала подписали",
    "указ указа указом указы указов указе",
    "президент президента президентом президенту",
    "встреча встречи встрече встречу встречей",
    "Казахстан Казахстана Казахстане Казахстаном",
    "страна страны стране страну странам",
    "город города городе городом",
    "Токаев Токаева Токаеву Токаевым",
    "Бектенов Бектенова Бектеновым",
    "визит визита визиты визитом",
    "Китай Китая Китаю Китаем",
    "доклад доклада докладе",
    "фонд фонда фондом",
    "Москва Москвы Москве",
    "государственный государственного государственной государственные",
    "Астана Астаны Астане Астаной",
    "Канада Канады Канаде",
    "партнёр партнер партнёра партнёром",
    "приём прием приёма приёмы",
    "указ у\u0301каз",
]
ENGLISH_GROUPS = [
    "president presidents",
    "visit visits visited visiting",
    "meeting meetings",
    "country countries",
    "agree agreed agreeing",
    "note notes noted noting",
    "plan plans planned planning",
]
GROUPS = ([("kk", g) for g in KAZAKH_GROUPS] + [("ru", g) for g in RUSSIAN_GROUPS]
          + [("en", g) for g in ENGLISH_GROUPS])

# Distinct words that must not share an index term.
KAZAKH_DISTINCT = [
    ("қорғаныс", "қор"),  # defence / fund
    ("қолданыс", "қол"),  # use / hand
    ("орыс", "орын"),  # Russian / place
    ("қазан", "қаза"),  # October / death
    ("мемлекет", "мемлекеттік"),  # state / state (adj.): derivation is kept
    ("президент", "президенттік"),  # president / presidential
    ("кеңес", "кең"),  # council / wide
    ("бас", "басшы"),  # head / leader
    ("басқа", "бас"),  # other / head
    ("сапар", "сапа"),  # visit / quality
    ("Алматы", "алма"),  # Almaty / apple
    ("Қазақстан", "қазақ"),
    ("Қасым", "қас"),  # a name / brow: the rare "-ым" possessive is not stripped
    ("халық", "халықаралық"),  # people / international
    ("жол", "жолдау"),  # road / address to the nation
    ("қала", "қалам"),  # city / pen
    ("ақпан", "ақпарат"),  # February / information
    ("бизнесмен", "бизнес"),  # "-мен" after с is not the instrumental
    ("ұлт", "ұлттық"),  # nation / national
    ("бас", "баста"),  # head / to start
    ("тақ", "тақта"),  # throne / board
    ("ғимарат", "ғимар"),  # building: a noun in -ат before -ы-н, not a participle -атын
    ("бастама", "баста"),  # initiative / to start
]
RUSSIAN_DISTINCT = [
    ("указ", "указание"), ("Казахстан", "казахстанский"), ("мир", "мирный"), ("совет", "советник"),
    ("Иран", "Ирак"), ("Австрия", "Австралия"), ("Токаев", "ток"), ("страна", "страх"),
]
ENGLISH_DISTINCT = [("state", "statement"), ("news", "new"), ("note", "not"), ("plane", "plan"), ("mine", "min")]
DISTINCT = ([("kk", a, b) for a, b in KAZAKH_DISTINCT] + [("ru", a, b) for a, b in RUSSIAN_DISTINCT]
            + [("en", a, b) for a, b in ENGLISH_DISTINCT])


@pytest.mark.parametrize(("language", "group"), GROUPS)
def test_inflected_forms_share_the_base_form_index_term(language: str, group: str) -> None:
    words = group.split()
    assert {w: stem(w, language) for w in words} == {w: stem(words[0], language) for w in words}


def test_there_are_enough_groups_and_pairs() -> None:
    assert len(KAZAKH_GROUPS) >= 40 and len(RUSSIAN_GROUPS) >= 20 and len(DISTINCT) >= 30


@pytest.mark.parametrize(("language", "first", "second"), DISTINCT)
def test_distinct_words_keep_distinct_index_terms(language: str, first: str, second: str) -> None:
    assert stem(first, language) != stem(second, language)


def test_russian_is_read_by_its_dictionary() -> None:
    assert stem("факта", "ru") == "факт" and stem("заявил", "ru") == "заявить"
    assert stem("заявил") == "заявить"  # a lone word the Russian dictionary holds is read as Russian


def test_kazakh_words_without_kazakh_letters_are_kazakh_in_a_kazakh_text() -> None:
    # "бала" is also the Russian genitive of "бал": in a Kazakh text it is the Kazakh "child"
    assert stem("бала", "kk") == stem("баланы", "kk") == "бала"
    assert stem("баланы") == "бала"  # a lone word no dictionary holds, with a Kazakh ending
    assert stem("жобаны") == stem("жобасы") == "жоба"


@pytest.mark.parametrize(("text", "language"), [
    ("Мемлекет басшысы Шымкент қаласында болды.", "kk"),
    ("Глава государства посетил Шымкент.", "ru"),
    ("Глава государства встретился в Ақорда с акимом области и министром.", "ru"),  # a Kazakh name
    ("The President visited Shymkent.", "en"),
    ("2024 — 15.", None),
])
def test_text_language(text: str, language: str | None) -> None:
    assert text_language(tokenize(text)) == language


def test_stem_text_reads_the_text_in_its_language() -> None:
    assert stem_text("Бала мен баланы көрді.").split()[::2] == ["бала", "бала"]
    assert stem_text("Он пришёл на бала в Астане.").split()[3] == "бал"


@pytest.mark.parametrize(("word", "expected"), [
    ("ел", "ел"), ("үй", "үй"), ("ай", "ай"), ("жыл", "жыл"), ("бас", "бас"), ("Қасым", "қасым"),
    ("2024", "2024"), ("COVID19", "covid19"), ("ӘЛЕМ", "әлем"), ("is", "is"), ("was", "was"),
])
def test_short_words_and_non_words_are_not_destroyed(word: str, expected: str) -> None:
    assert stem(word, "kk") == expected


def test_stems_are_lower_case_and_normalized() -> None:
    assert stem("ШЫМКЕНТТІҢ") == stem("шымкент")
    assert stem("Партнёр") == stem("партнер")


# -- tokenize -------------------------------------------------------------------------------------


def test_tokenize_lower_cases_and_keeps_kazakh_letters() -> None:
    assert tokenize("ӘЛЕМ Ғалым ҚАЗАҚ Ңң Өө Ұұ Үү Һһ Іі") == [
        "әлем", "ғалым", "қазақ", "ңң", "өө", "ұұ", "үү", "һһ", "іі"]


def test_tokenize_splits_on_hyphens_and_punctuation_like_fts5() -> None:
    assert tokenize("Қасым-Жомарт Тоқаев, «Ақорда» (2024 ж.) — President's visit/meeting") == [
        "қасым", "жомарт", "тоқаев", "ақорда", "2024", "ж", "president", "s", "visit", "meeting"]


def test_tokenize_fixes_latin_i_in_cyrillic_words_and_yo() -> None:
    assert tokenize("Құқықтық актiлер, ёлка, Kazakh visit") == [
        "құқықтық", "актілер", "елка", "kazakh", "visit"]


def test_stem_text_gives_one_stem_per_token() -> None:
    text = "Мемлекет басшысы Шымкент қаласында, 2018 жылғы шілдеде."
    assert stem_text(text).split() == [stem(t, "kk") for t in tokenize(text)]
    assert stem_text(text) == "мемлекет басш шымкент қала 2018 жыл шіл"


def _fts5() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, stems, "
               "tokenize = 'unicode61 remove_diacritics 0')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    return db


TOKENIZER_TEXT = st.text(
    alphabet=st.sampled_from(list("абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
                                  "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІ"
                                  "abcdefghjklmnopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ0123456789"
                                  " \t\n\u00a0-–—.,;:!?\"'«»()[]/№%*_+^{}")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(TOKENIZER_TEXT)
def test_tokenize_splits_exactly_as_fts5_unicode61(text: str) -> None:
    db = _fts5()
    db.execute("INSERT INTO t(rowid, title, body, stems) VALUES (1, '', ?, '')", (text,))
    fts_tokens = [r[0] for r in db.execute("SELECT term FROM v WHERE col = 'body' ORDER BY offset")]
    assert tokenize(text) == fts_tokens
    # every stem is one FTS5 token, so the stems column lines up with the text word for word
    db.execute("INSERT INTO t(rowid, title, body, stems) VALUES (2, '', '', ?)", (stem_text(text),))
    assert db.execute("SELECT count(*) FROM v WHERE doc = 2").fetchone()[0] == len(fts_tokens)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_stem_text_never_fails_and_stems_every_token(text: str) -> None:
    tokens = tokenize(text)
    assert stem_text(text).split() == [stem(t, text_language(tokens)) for t in tokens]


# -- build_match ----------------------------------------------------------------------------------


def word(exact: str, *stems: str, star: str = "", own: tuple[str, ...] = ()) -> str:
    """The MATCH of one query word: its exact form, or one of its index terms (as Kazakh, as Russian);
    `own`: those terms that are their own stem, which the index holds in title/body only (index_stems)."""
    return "(" + " OR ".join([f'{{title body}}: "{exact}"{star}'] + [f'stems: "{s}"{star}' for s in stems]
                             + [f'{{title body}}: "{s}"{star}' for s in own]) + ")"


@pytest.mark.parametrize(("query", "expected"), [
    ("шілде", word("шілде", "шіл", own=("шіл",))),
    ("Шымкент  президент", f'{word("шымкент", "шымкент")} AND {word("президент", "президент")}'),
    ('"Мемлекет басшысы"', '{title body}: "мемлекет басшысы"'),
    ("«Мемлекет басшысы»", '{title body}: "мемлекет басшысы"'),
    ("Астана OR Алматы", f'({word("астана", "астана")} OR {word("алматы", "алмат", "алматы", own=("алмат",))})'),
    ("заявил", word("заявил", "заявил", "заявить")),  # a Kazakh reading, and the Russian lemma
    ("указ -проект", f'{word("указ", "указ")} NOT {word("проект", "проект")}'),
    ("указ NOT проект", f'{word("указ", "указ")} NOT {word("проект", "проект")}'),
    ("указ AND закон", f'{word("указ", "указ")} AND {word("закон", "закон")}'),
    ('a b -c -"d e"',
     f'({word("a", "a")} AND {word("b", "b")}) NOT ({word("c", "c")} OR {{title body}}: "d e")'),
    ("Шымкентт*", word("шымкентт", "шымкентт", star=" *")),
    ("ёлк*", word("ёлк", "елк", star=" *", own=("елк",))),  # the words the index holds as they are
    ("заявить", word("заявить", "заявит", "заявить")),  # the Kazakh reading cuts it: stems hold it
    ('"Қасым-Жомарт Тоқ"*', '{title body}: "қасым жомарт тоқ" *'),
    ("Қасым-Жомарт", word("қасым жомарт", "қасым жомарт")),
    ("ШIЛДЕ", word("шiлде", "шіл", own=("шіл",))),  # typed with a Latin I: exact as typed, stem as Kazakh
    ("a OR b c", f'({word("a", "a")} OR {word("b", "b")}) AND {word("c", "c")}'),
    # a lone dash is punctuation, not an exclusion
    ("Астана - Алматы", f'{word("астана", "астана")} AND {word("алматы", "алмат", "алматы", own=("алмат",))}'),
])
def test_build_match_syntax(query: str, expected: str) -> None:
    assert build_match(query) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("title:Астана", '{title}: "астана"'),  # as written, in the title only
    ("TITLE:Астана*", '{title}: "астана" *'),
    ('body:"Ұлттық құрылтай"', '{body}: "ұлттық құрылтай"'),
    ('указ -title:"a b"*', f'{word("указ", "указ")} NOT {{title}}: "a b" *'),
    ("title:Астана OR body:шілде", '({title}: "астана" OR {body}: "шілде")'),
    ("https://akorda.kz", word("https akorda kz", "https akorda kz")),  # not a column
    ('x"; DROP TABLE t; --"', f'{word("x", "x")} AND {{title body}}: "drop table t"'),
])
def test_column_filters_and_what_looks_like_sql(query: str, expected: str) -> None:
    assert build_match(query) == expected


@pytest.mark.parametrize(("query", "message"), [
    ("title: x", "title: needs the word or \"phrase\" right after it, as in title:Астана"),
    ("{title}: x", "{title}:: parentheses and braces are not supported"),
    ("stems:x", "stems: is not a part of an article a search can look in: use title: or body:"),
    ("lang:kk Астана", "lang: is not a part of an article a search can look in"),
    ("NEAR(Президент Астана)", "NEAR is not supported: a \"quoted phrase\" finds words side by side"),
    ("Президент NEAR Астана", "NEAR is not supported"),
    ("*зидент", "*зидент: * is supported only at the end of a word (a prefix, as in презид*)"),
    ("-*зидент Астана", "*зидент: * is supported only at the end of a word"),
    ("пре*зидент", "пре*зидент: * is supported only at the end of a word"),
    ("^x + y", "^x: ^ (a word at the start of a column) is not supported"),
    ("(указ OR закон) Астана", "(указ: parentheses and braces are not supported"),
])
def test_fts5_syntax_the_language_does_not_offer_is_refused_by_name(query: str, message: str) -> None:
    with pytest.raises(UsageError, match="^" + re.escape(message)):
        build_match(query)


def test_build_match_uses_the_column_names_it_is_given() -> None:
    assert build_match("указ", exact_columns=("t", "b"), stems_column="s") == '({t b}: "указ" OR s: "указ")'


@pytest.mark.parametrize(("query", "message"), [
    ("", "search query is empty"),
    ("  \t\n", "search query is empty"),
    ('"шілде', 'unbalanced quote in search query: a phrase needs a " at each end'),
    ('указ "a b" "c', 'unbalanced quote in search query: a phrase needs a " at each end'),
    ("«Ақорда", 'unbalanced quote in search query: a phrase needs a " at each end'),
    ("!!! ... ,,,", "search query has no words to search for"),
    ("- -- ,", "search query has no words to search for"),
    ('"" ""', "search query has no words to search for"),
    ("AND", "search query has no words to search for"),
    ("OR", "OR needs a search term on each side"),
    ("OR указ", "OR needs a search term on each side"),
    ("указ OR", "OR needs a search term on each side"),
    ("указ OR OR закон", "OR needs a search term on each side"),
    ("NOT", "NOT at the end of the search query excludes nothing"),
    ("указ NOT OR закон", "NOT must be followed by a search term, not OR"),
    ("-указ", "search query only excludes terms: add a term to search for"),
    ("-указ NOT закон", "search query only excludes terms: add a term to search for"),
    ("указ OR -закон", "an excluded term (- or NOT) cannot be part of an OR"),
])
def test_malformed_queries_get_a_one_line_explanation(query: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        build_match(query)
    assert str(caught.value) == message


QUERY_PIECES = st.sampled_from(['"', "-", "*", "OR", "AND", "NOT", "(", ")", ":", "{", "}", "^", "+", "NEAR",
                                "title", "stems", "шілде", "Шымкенттің", "указа", "visited", "«", "»", "'",
                                "\x00", "\u0301", "İ", "ǅ", " ", "", "x*y", "-\"a b\"*"])


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(), st.lists(QUERY_PIECES, max_size=12).map(" ".join),
                 st.lists(QUERY_PIECES, max_size=12).map("".join)))
def test_build_match_raises_only_usage_error_and_fts5_accepts_its_output(query: str) -> None:
    try:
        match = build_match(query)
    except UsageError as error:
        assert str(error) and "\n" not in str(error)
        return
    FTS_FOR_FUZZ.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


FTS_FOR_FUZZ = _fts5()
FTS_FOR_FUZZ.execute("INSERT INTO t VALUES ('Шымкент', 'шілдеде указа visited', ?)",
                     (stem_text("Шымкент шілдеде указа visited"),))

# -- a real FTS5 table ----------------------------------------------------------------------------

RANKING = f"bm25(articles_fts, {', '.join(map(str, BM25_WEIGHTS))})"  # title, body, stems

FILLER = "Облыс әкімі өңірдің әлеуметтік-экономикалық дамуы туралы баяндады. " * 8
ROWS = {
    1: ("Мемлекет басшысы шілдеде Шымкентте болды", "Президент Шымкенттің даму жоспарымен танысты."),
    2: ("Шілде айындағы кездесулер", "Мемлекет басшысы шілде айында бірнеше кездесу өткізді."),
    3: ("Қазақстан Президентінің жарлығы", "Қазақстан Президентінің жарлығымен министр тағайындалды."),
    4: ("Президент Шымкентке барды", "Шымкент қаласының әкімі баяндама жасады."),
    5: ("Глава государства подписал указ", "Президент подписал указ о назначении министра."),
    6: ("О выполнении указа", "Правительство доложило о выполнении указа Президента."),
    7: ("Встреча с делегацией", "В ходе встречи обсуждены вопросы сотрудничества Казахстана и Китая."),
    8: ("President visited Shymkent", "The President visited the city and met residents."),
    9: ("Meeting on the economy", "The Head of State held a meeting on economic development."),
    10: ("Астанада форум өтті", "Халықаралық форум Астанада өтті."),
    11: ("Прием послов", "Президент принял верительные грамоты послов в Астане."),
    12: ("Жаңа жыл құттықтауы", "Мемлекет басшысы халықты Жаңа жылмен құттықтады."),
    # for ranking: "Тараз" once, exact, in a long article (15); inflected, three times, in a short one (14)
    13: ("Облыстағы жиын", FILLER + "Кездесу Таразда да жалғасты."),
    14: ("Таразда форум", "Таразда өткен форумда Таразда салынған нысандар көрсетілді."),
    15: ("Жаңа мектеп", FILLER + "Тараз қаласында жаңа мектеп ашылды."),
}


@pytest.fixture
def archive(tmp_path) -> sqlite3.Connection:
    db = sqlite3.connect(tmp_path / "search.db")
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, stems, "
               "tokenize = 'unicode61 remove_diacritics 0')")
    db.executemany("INSERT INTO articles_fts(rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                   [(i, t, b, stem_text(t + " " + b)) for i, (t, b) in ROWS.items()])
    db.commit()
    return db


def search(db: sqlite3.Connection, query: str, ranking: str = RANKING) -> list[int]:
    sql = f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY {ranking}, rowid"
    return [row[0] for row in db.execute(sql, (build_match(query),))]


@pytest.mark.parametrize(("query", "inflected_row"), [
    ("шілде", 1),  # "шілдеде"
    ("Шымкент", 1),  # "Шымкенттің", "Шымкентте"
    ("президент", 3),  # "Президентінің"
    ("указ", 6),  # "указа"
    ("встреча", 7),  # "встречи"
    ("Казахстан", 7),  # "Казахстана"
    ("Астана", 11),  # Russian "в Астане"
    ("жыл", 12),  # "жылмен"
    ("visit", 8),  # "visited"
])
def test_a_query_word_finds_its_inflected_forms(archive: sqlite3.Connection, query: str,
                                               inflected_row: int) -> None:
    assert inflected_row in search(archive, query)


def test_the_exact_form_ranks_before_inflected_ones(archive: sqlite3.Connection) -> None:
    assert search(archive, "шілде") == [2, 1]  # row 2 has "Шілде", row 1 only "шілдеде"
    assert search(archive, "шілдеде") == [1, 2]
    assert search(archive, "указ") == [5, 6]  # row 5 has "указ", row 6 only "указа"
    assert search(archive, "указа") == [6, 5]
    assert search(archive, "Шымкентте")[0] == 1


def test_the_recommended_weights_are_what_ranks_the_exact_form_first(archive: sqlite3.Connection) -> None:
    assert search(archive, "Тараз") == [15, 14, 13]
    assert search(archive, "Тараз", "bm25(articles_fts, 1.0, 1.0, 1.0)") == [14, 15, 13]  # equal weights


def test_words_are_and_ed_and_or_widens(archive: sqlite3.Connection) -> None:
    assert search(archive, "Шымкент президент") == [4, 1]
    assert sorted(search(archive, "указ OR встреча")) == [5, 6, 7]


def test_exclusion_removes_every_form(archive: sqlite3.Connection) -> None:
    assert sorted(search(archive, "президент")) == [1, 3, 4, 5, 6, 11]
    assert sorted(search(archive, "президент -указ")) == [1, 3, 4, 11]
    assert sorted(search(archive, "президент -Шымкент -указ")) == [3, 11]


def test_a_quoted_phrase_is_exact(archive: sqlite3.Connection) -> None:
    assert sorted(search(archive, '"Мемлекет басшысы"')) == [1, 2, 12]
    assert search(archive, '"басшысы шілде"') == [2]
    assert search(archive, '"указ"') == [5]  # not "указа": quotes turn stemming off


def test_prefix(archive: sqlite3.Connection) -> None:
    assert sorted(search(archive, "Шымкентт*")) == [1]
    assert sorted(search(archive, "Президент*")) == [1, 3, 4, 5, 6, 11]
    assert sorted(search(archive, "President*")) == [8]


def test_a_column_filter_finds_the_word_as_written_in_that_column(archive: sqlite3.Connection) -> None:
    assert search(archive, "title:указ") == [5]  # row 6 has "указа" in its title
    assert search(archive, "title:указ*") == [6, 5]
    assert search(archive, "body:подписал") == [5]  # row 6's title and body say it otherwise
    with pytest.raises(UsageError, match="stems: is not a part of an article"):
        search(archive, "stems:указ")  # the stems column is the index's own


# -- the treebank benchmark's measures, on a hand-written CoNLL-U file -----------------------------

CONLLU = """# text = hand-written, not from a treebank
1\tБарды\tбар\tVERB\t_\t_\t0\troot\t_\t_
2\tбарып\tбар\tVERB\t_\t_\t1\tdep\t_\t_
3\tкелді\tкел\tVERB\t_\t_\t1\tdep\t_\t_
4-5\tкітаптарға\t_\t_\t_\t_\t_\t_\t_\t_
4\tкітаптар\tкітап\tNOUN\t_\t_\t1\tdep\t_\t_
5\tға\tға\tADP\t_\t_\t4\tcase\t_\t_
6\tқорғанысқа\tқорғаныс\tNOUN\t_\t_\t1\tdep\t_\t_
7\tқорда\tқор\tNOUN\t_\t_\t1\tdep\t_\t_
8\t2019\t2019\tNUM\t_\t_\t1\tdep\t_\t_
9\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_
"""


@pytest.mark.parametrize(("stemmer", "expected"), [
    (lambda w: w, (0.0, 0.0, 0.0)),  # nothing meets: no recall, no confusion
    (lambda w: w[:3], (1.0, 1.0, 1.0)),  # all meet, and қорғаныс meets қор: the one pair is confused
    (lambda w: "б" if w.startswith("бар") and w != "бар" else w, (2 / 6, 2 / 3, 0.0)),  # барды meets барып
    (lambda w: stem(w, "kk"), (1.0, 1.0, 0.0)),
])
def test_the_stemming_benchmark_measures_what_it_says(tmp_path, stemmer, expected) -> None:
    from benchmarks.stemming import read_conllu, score

    path = tmp_path / "hand.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    tokens = read_conllu(path)
    assert [t.form for t in tokens] == ["барды", "барып", "келді", "кітаптар", "ға", "қорғанысқа", "қорда"]
    s = score(tokens, stemmer)
    assert (s.forms, s.verb_forms, s.pairs) == (6, 3, 1)
    assert (s.recall, s.verbs, s.confusable) == pytest.approx(expected)


@pytest.mark.parametrize(("content", "args", "message"), [
    (None, [], "no such treebank file"),
    (b"\xff\xfe\x00", [], "cannot be read as UTF-8 text (UnicodeDecodeError)"),
    (b"hello\n", [], "no word tokens (not a CoNLL-U treebank?)"),
    (b"hello\n", ["--rate"], "no '# text =' lines to time"),
])
def test_the_stemming_benchmark_refuses_bad_files_in_one_line(tmp_path, capsys, content, args, message) -> None:
    from benchmarks.stemming import main

    path = tmp_path / "x.conllu"
    if content is not None:
        path.write_bytes(content)
    assert main([*args, str(path)]) == 2
    assert capsys.readouterr().err == f"error: {path}: {message}\n"


def test_the_stemming_benchmark_leaves_out_tokens_the_treebank_did_not_analyse(tmp_path) -> None:
    """A token tagged X repeats its form as its lemma: counted, "барып" would be a lemma of its own
    that a stemmer is wrong to meet, although the treebank also gives it as a form of "бар"."""
    from benchmarks.stemming import read_conllu, score

    path = tmp_path / "x.conllu"
    path.write_text("1\tбарды\tбар\tVERB\t_\t_\t0\troot\t_\t_\n"
                    "2\tбарып\tбар\tVERB\t_\t_\t1\tdep\t_\t_\n"
                    "3\tбарып\tбарып\tX\t_\t_\t1\tdep\t_\t_\n", encoding="utf-8")
    s = score(read_conllu(path), lambda w: w[:3])
    assert (s.forms, s.pairs, s.recall, s.confusable) == (2, 0, 1.0, 0.0)


# -- index_stems: the stems column less the words that are their own stem ---------------------------

FORMS = ["Шымкент", "Шымкентте", "шілде", "шілдеде", "шіл", "Президент", "Президентінің", "указ", "указа",
         "заявил", "заявить", "ёлка", "елка", "Ёлки", "visited", "visit", "visits", "2018", "2018-2019",
         "Қасым-Жомарт", "Қасым-Жомарттың", "Қасым", "Алматы", "алмат", "бала", "баланы", "бал", "Астане",
         "Астана", "ШIЛДЕ", "мемлекет", "басшысы", "туралы", "и", "в", "the", "state"]
SEPARATORS = [" ", " ", " ", ", ", ". ", " — ", "\n"]


def _two_indexes(texts: list[str]) -> sqlite3.Connection:
    """Table `full` holds every stem (stem_text, the previous format), `lean` what index_stems keeps."""
    db = sqlite3.connect(":memory:")
    for table, stems in (("full", stem_text), ("lean", index_stems)):
        db.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, stems, content = '', "
                   "tokenize = 'unicode61 remove_diacritics 0')")
        db.executemany(f"INSERT INTO {table}(rowid, title, body, stems) VALUES (?, '', ?, ?)",
                       [(i, text, stems(text)) for i, text in enumerate(texts, 1)])
    return db


def _found(db: sqlite3.Connection, table: str, query: str) -> list[int]:
    return [r[0] for r in db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid",
                                     (build_match(query),))]


def test_index_stems_leaves_out_only_words_that_are_their_own_stem() -> None:
    text = "Мемлекет басшысы 2018 жылы шілдеде Шымкентте болды. Қасым-Жомарт Тоқаев, 2018-2019."
    assert stem_text(text).split() == ["мемлекет", "басш", "2018", "жыл", "шіл", "шымкент", "бол",
                                       "қасым", "жомарт", "тоқаев", "2018", "2019"]
    # out: "2018" and "Тоқаев", their own stem in every language; in: "мемлекет" (read as Russian,
    # pymorphy3 gives another lemma), the inflected words, and both parts of the hyphenated ones
    assert index_stems(text).split() == ["мемлекет", "басш", "жыл", "шіл", "шымкент", "бол",
                                         "қасым", "жомарт", "2018", "2019"]
    assert is_own_stem("2018") and is_own_stem("тоқаев") and not is_own_stem("мемлекет")


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.sampled_from([w.lower() for w in FORMS] + ["балалар", "стекло", "news", "бар"]),
                 TOKENIZER_TEXT.map(lambda t: (tokenize(t) or [""])[0])))
def test_is_own_stem_means_in_every_language(word: str) -> None:
    """is_own_stem asks only the Kazakh and the Russian reading: English and no language read as one of them."""
    assert is_own_stem(word) == all(stem(word, language) == word for language in ("kk", "ru", "en", None))


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(st.tuples(st.sampled_from(FORMS), st.sampled_from(SEPARATORS)), max_size=12)
                      .map(lambda words: "".join(w + s for w, s in words)), min_size=1, max_size=6),
       words=st.lists(st.sampled_from([f for f in FORMS if "-" not in f] + ["шымкент*", "ёлк*", "елк*", "виз*",
                                                                         "вис*", "2018*", "баст*"]),
                      min_size=1, max_size=3),
       joiner=st.sampled_from([" ", " OR ", " -", " NOT "]))
def test_the_lean_index_finds_what_every_stem_found(texts: list[str], words: list[str], joiner: str) -> None:
    """Single-word terms, prefixes, AND, OR, NOT: the same articles whichever index holds the stems."""
    query = words[0] + "".join(joiner + w for w in words[1:])
    db = _two_indexes(texts)
    try:
        build_match(query)
    except UsageError:
        return
    assert _found(db, "lean", query) == _found(db, "full", query), query


def test_a_word_of_several_tokens_is_found_where_it_is_written_so() -> None:
    """Hyphenated words keep every stem (index_stems), so a query word of several tokens meets them as
    a phrase as before. The one difference from an index of every stem: the parts written as separate
    words, in another inflection than the query's ("Қасым Жомарттың" for "Қасым-Жомарт"): "қасым" is then
    in title/body only, and an FTS5 phrase stays in one column. The form as typed is still found."""
    texts = ["Қасым-Жомарттың сапары", "Қасым-Жомарт Тоқаев", "Қасым Жомарт", "Қасым Жомарттың", "Жомарт"]
    db = _two_indexes(texts)
    for query in ('"Қасым Жомарт"', "Қасым Жомарт", "Қасым-Жомарт*", "Жомарт"):
        assert _found(db, "lean", query) == _found(db, "full", query), query
    assert _found(db, "full", "Қасым-Жомарт") == _found(db, "full", "Қасым-Жомарттың") == [1, 2, 3, 4]
    assert _found(db, "lean", "Қасым-Жомарт") == [1, 2, 3]
    assert _found(db, "lean", "Қасым-Жомарттың") == [1, 2, 4]
