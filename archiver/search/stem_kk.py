"""The Kazakh stemmer: suffixes peeled off from the right, each only where Kazakh phonology puts it.

A word is read from its end: case, possessive and plural endings of nouns (сапар-лар-ы-нда), then at most
one verb ending (a tense, a participle, a converb, the verbal noun -у, the conditional -са), then a
negation (-ма) and a passive (-ыл/-іл) before that verb ending. Each suffix comes in a back and a front form
and follows only the sounds Kazakh puts it after, so a Russian ending is rarely taken for a Kazakh one:
"президента" is not "президен" + locative "-та", since after н Kazakh writes "-да".

There is no Kazakh morphological dictionary here (none on the package index works without data it does not
ship), so the rules are written for what news text needs; benchmarks/stemming.py measures them on the
UD_Kazakh-KTB treebank. Derivation stays, as Snowball keeps "-ость":
"мемлекеттік" (state, adj.) is not "мемлекет" (state), "қорғаныс" (defence) is not "қор" (fund), nor
"басшы" (leader) "бас" (head). What the treebank reads as a form of the verb goes: the agent "-ушы"
(айтушы, қатысушы: who says, who takes part) as the verbal noun "-у" does, and the "of" of time and place,
"-ғы" (жылғы, бүгінгі, қазіргі are read as forms of жыл, бүгін, қазір).
"""

from __future__ import annotations

KAZAKH_LETTERS = frozenset("әғқңөұүһі")
VOWELS = "аәеиоөуұүыіэюя"
BACK, FRONT, NEUTRAL = "аоұыя", "әөүіеэ", "иую"
BACK_SET, FRONT_SET = frozenset(BACK), frozenset(FRONT)
HARD = "бвгдкқпстфхһцчшщ"  # voiceless consonants, and б в г д which take the same suffix forms
VOICED = "лрйумнңжз"
POSS3 = "ыі"  # third-person possessive, which "-н", "-на", "-нда", "-нан" follow
CONSONANTS = HARD + VOICED + "ғ"  # ғ ends a stem only before a vowel: жарлық -> жарлығы
MIN_ROOT = 2  # "ел" (country) in елде, елге, елдің; "де" (to say) in деп, деді

# Noun endings: (back form, front form, letters the stem may end in). First- and second-person
# possessives (-ым, -ың) are left out: rare in news, and they would cut Қасым, маусым, кеңес.
NOMINAL: tuple[tuple[str, str, str], ...] = (
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
    ("ыңыз", "іңіз", CONSONANTS), ("ңыз", "ңіз", VOWELS),  # possessive: your (сеніміңіз, саясатыңыз)
    ("ғы", "гі", VOICED), ("қы", "кі", HARD),  # "of" (жылғы, бүгінгі); not after vowels: көме-гі
    ("дағы", "дегі", VOWELS + VOICED), ("тағы", "тегі", HARD), ("ндағы", "ндегі", POSS3),  # "in"
    ("дай", "дей", VOWELS + VOICED), ("тай", "тей", HARD),  # "like" (бұрынғыдай)
    ("ырақ", "ірек", CONSONANTS), ("рақ", "рек", VOWELS),  # "-er" (арзанырақ, кішірек)
)
# Verb endings that make a noun of the verb, and take noun endings after them: барған-да, бару-ы-на.
NOMINALIZERS: tuple[tuple[str, str, str], ...] = (
    ("ған", "ген", VOWELS + VOICED), ("қан", "кен", HARD),  # past participle: барған, келген, айтқан
    ("у", "у", CONSONANTS + VOWELS),  # verbal noun: бару, ойлау
    ("ушы", "уші", CONSONANTS + VOWELS),  # who does it: айтушы, қатысушы (not the noun's -шы: басшы)
    ("ғандық", "гендік", VOWELS + VOICED), ("қандық", "кендік", HARD),  # that he did: болғандықтан
    ("ғандығ", "гендіг", VOWELS + VOICED), ("қандығ", "кендіг", HARD),  # ...before a vowel: болғандығы
    ("йтын", "йтін", VOWELS), ("атын", "етін", CONSONANTS),  # participle: тілейтін, болатын (see SHORT_ATYN)
    ("ғалы", "гелі", VOWELS + VOICED), ("қалы", "келі", HARD),  # "since": келгелі
    ("ғанша", "генше", VOWELS + VOICED), ("қанша", "кенше", HARD),  # "until"
)
# Verb endings that end the word (a person may follow): a tense, a converb, the conditional.
FINITE: tuple[tuple[str, str, str], ...] = (
    ("ды", "ді", VOWELS + VOICED), ("ты", "ті", HARD),  # past tense: ойлады, келді, айтты
    ("дым", "дім", VOWELS + VOICED), ("тым", "тім", HARD),  # past, I: көрдім
    ("дыңыз", "діңіз", VOWELS + VOICED), ("тыңыз", "тіңіз", HARD),  # past, you: болдыңыз
    ("дық", "дік", VOWELS + "рйу"),  # past, we: бардық (after л, з, т it is the noun's -дық: ұлттық)
    ("ады", "еді", CONSONANTS), ("йды", "йді", VOWELS),  # present: барады, келеді, ойлайды
    ("амыз", "еміз", CONSONANTS), ("ймыз", "йміз", VOWELS),  # present, we: береміз, жасаймыз
    ("амын", "емін", CONSONANTS), ("ймын", "ймін", VOWELS),  # present, I: барамын, ойлаймын
    ("асыз", "есіз", CONSONANTS), ("йсыз", "йсіз", VOWELS),  # present, you: барасыз
    ("ып", "іп", CONSONANTS), ("п", "п", VOWELS),  # converb: барып, келіп, ойлап, деп
    ("ыпты", "іпті", CONSONANTS), ("пты", "пті", VOWELS),  # hearsay past: келіпті
    ("асың", "есің", CONSONANTS), ("йсың", "йсің", VOWELS),  # present, thou: білесің
    ("мын", "мін", "р"), ("мыз", "міз", "р"),  # I am, we are (doing): жатырмын, отырмыз
    ("сам", "сем", CONSONANTS + VOWELS), ("саңыз", "сеңіз", CONSONANTS + VOWELS),  # if I, if you: барсам
    ("сын", "сін", CONSONANTS.replace("р", "").replace("н", "")),  # let him: болсын (ресур-сын is a noun)
    ("май", "мей", VOWELS + "лрйу"), ("пай", "пей", HARD),  # without doing: келмей, айтпай
    ("са", "се", CONSONANTS + VOWELS),  # conditional: барса, келсе
    ("уда", "уде", CONSONANTS + VOWELS),  # present continuous: жасалуда
    ("айық", "ейік", CONSONANTS), ("йық", "йік", VOWELS),  # let us: барайық, жасайық
)
# "-атын" is a participle after a verb root of at most three letters (бол-атын, біл-етін, ал-атын) or
# one ending in a passive or causative (тартыл-атын, таны-т-атын); else the word is a noun in -ат/-ет
# with -ы-н (мемлекет-і-н, саясат-ы-н), as are these short ones.
SHORT_ATYN = 3
VERBAL_ENDINGS = ("ыл", "іл", "ыт", "іт", "ыр", "ір", "ғыз", "гіз", "қыз", "кіз")  # отыр-атын, өткіз-етін
NOUNS_IN_AT = frozenset("сағат қанат сипат сурет әдет шарат дәулет құрмет рахат қасиет құдірет".split())
# Words whose end looks like a suffix but is their own, never cut at their end (their forms are cut down
# to them): nouns in -п that is not the converb (кітап, not кіта-п), in -ын/-ін that is not a possessive
# and accusative (бүгін, орын, not бүгі-н, ор-ы-н), and the numerals (алты, жеті, not алт-ы, жет-і).
NUMERALS = frozenset("бір екі үш төрт бес алты жеті сегіз тоғыз он жиырма отыз қырық елу алпыс жетпіс сексен "
                     "тоқсан жүз мың миллион миллиард".split())
ORDINAL = ("ыншы", "інші", "ншы", "нші")  # бірінші, екінші: the numeral's index term
ROOTS = NUMERALS | frozenset(
    "кітап мектеп себеп есеп талап жауап тарап тәртіп әдеп кәсіп әріп шарап зардап аспап азап сауап ғажап "
    "принцип тип клип штаб топ көп шөп сап түп жіп тап "
    "бүгін орын ойын ақын дайын жақын сайын айқын жалын келін ерін ағын отын тұрғын қарқын жиын алтын "
    "мойын қайын топырақ жапырақ "
    # verbs and a noun whose -та/-те/-да/-де is their own, not the locative: баста-ды, сақта-у, тақта-сы
    "баста сақта ұста ізде тыңда тақта".split())
NEGATION: tuple[tuple[str, str, str], ...] = (("ма", "ме", VOWELS + "лрйуғ"), ("ба", "бе", "мнңжз"),
                                              ("па", "пе", HARD))
PASSIVE: tuple[tuple[str, str, str], ...] = (  # берілді, айтылған, жасалған, талқыланды
    ("ыл", "іл", CONSONANTS), ("ын", "ін", CONSONANTS), ("л", "л", "ае"), ("н", "н", "ае"))
# After "-ды", which may be the accusative (ықпал-ды, жылан-ды): -ыл, and -л, -н of -ла/-да verbs only.
PASSIVE_AFTER_PAST: tuple[tuple[str, str, str], ...] = (
    ("ыл", "іл", CONSONANTS), ("л", "л", "ае"))
PAST = frozenset({"ды", "ді", "ты", "ті"})  # the accusative or the past tense: жолды, болды, құрылды
# Final consonant clusters a root may end in (sonorant + voiceless stop: айт, ұлт, түрк); a cut that
# leaves another pair ("баст-ады", "ойл-ады") is the wrong cut: "баста-ды", "ойла-ды".
ROOT_CLUSTERS = frozenset(a + b for a in "лрйнмуң" for b in "ктқсп")

POSSESSIVES = frozenset({"ы", "і", "сы", "сі"})  # what comes off after "-нда" & co: қазан-ы-нда
AFTER_POSSESSIVE = frozenset({"н", "на", "не", "нда", "нде", "нан", "нен", "ндағы", "ндегі"})
# A noun root of two letters starts with its vowel (ел, үй, ай, іс) or ends in у, и (су, ми), and shows
# only under a case or possessive ending (елде, елдің, іші, ішінде, суы), not "үлгі" as үл-гі nor
# "орын" as ор-ы-н (the accusative "-н" needs three letters under it).
SHORT_ROOT_SUFFIXES = frozenset(
    "ның нің дың дің ны ні ды ді ға ге қа ке да де та те дан ден тан тен мен бен пен лар лер дар дер "
    "ымыз іміз дағы дегі сы сі ы і".split())
# Words that look inflected but are words of their own (postpositions, adverbs, pronouns' forms):
# "басқа" (other) is not бас-қа, "ретінде" (as) is not рет-і-нде, "бойынша" (by) is not бой-ынша.
LEXICALISED = frozenset(
    "осы басқа бірге бірден бірдей бірақ кейін кейде ретінде бойынша арқылы туралы үшін дейін шейін сияқты "
    "қатысты байланысты бұрын қазір мұнда осында сонда қайда қайдан мұндай сондай осындай қандай барлық "
    "бәрі тағы әрі әлі енді тек жөнінде бері соң солай осылай былай олай".split())
# Pronouns decline irregularly: ол -> оның, оған; мен -> маған; бұл -> мұның.
PRONOUNS = {form: lemma for lemma, forms in {
    "ол": "оның оған одан онда оны онымен олар олардың оларға олардан оларда оларды олармен онан",
    "мен": "менің маған менен менде мені",
    "сен": "сенің саған сенен сенде сені",
    "бұл": "мұның бұған бұдан мұны мұнымен бұлар мұнан",
    "сол": "соның соған содан соны сонымен солар сонан соныменен",
    "не": "неге немен несі несіне неміз",
    "біз": "біздің бізге бізден бізде бізді бізбен",
    "сіз": "сіздің сізге сізден сізде сізді сізбен сіздер",
    "өз": "өзі өзінің өзіне өзінен өзінде өзін өзімен өздері өздерінің өздеріне өздерін өзіміз өзіңіз "
          "өзінше өзіндей",
    "осы": "осының осыған осыдан осыны осымен осылар",
}.items() for form in forms.split()}
# Particles written as their sound requires: да/де/та/те "also", ма/ме/ба/бе/па/пе (a question),
# мен/бен/пен "and", ғана/қана/тек "only", еді/екен/емес (forms of the old verb е-).
PARTICLES = {form: lemma for lemma, forms in {
    "да": "де та те", "ма": "ме ба бе па пе", "мен": "бен пен", "ғана": "қана гене кене", "е": "еді екен емес",
}.items() for form in forms.split()}
PROTECTED = ("стан",)  # Қазақстан, Пәкістан: this "-стан" is not the ablative, unless -ы- precedes
NO_FINAL = "оө"  # no Kazakh stem ends in о/ө: "горо-да" is Russian "город-а"
# A vowel-initial suffix drops the stem's last vowel in these (халық -> халқы): restored.
ELISION = {"халқ": "халық", "орн": "орын", "ерн": "ерін", "ауз": "ауыз", "мұрн": "мұрын",
           "құлқ": "құлық", "ерк": "ерік", "көңл": "көңіл", "қарн": "қарын", "бөрк": "бөрік",
           "ойн": "ойын", "ұрп": "ұрық", "тұрқ": "тұрық", "әріп": "әріп", "қойн": "қойын"}
ELISION_BASES = frozenset(ELISION.values())
# ...and voices its last consonant (талап -> талабы, көмек -> көмегі): every stem ends voiceless.
FINAL_DEVOICING = {"б": "п", "г": "к", "ғ": "қ"}
# "облысы" is облыс + ы or облы + сы: after ы/і, the с is the stem's (облыс, жұмыс, қорғаныс, which
# are words of their own, not облы, жұм, қор) unless the stem is an agent noun in -шы (басшы-сы).
# After another vowel the possessive is "-сы" (шілде-сі), except in these nouns: кеңес-і.
S_STEMS = frozenset({"кеңес", "үлес", "әріптес", "жалғас", "ықылас", "қатынас", "қарындас", "тегіс"})
# ...and after ы/і only agent nouns and a few others take "-сы": басшы-сы, белгі-сі, жалақы-сы.
SY_AFTER = ("шы", "ші", "гі", "қы", "кі")  # not -ғы: соғыс-ы


def _harmony(stem: str, loose: bool) -> str:
    """'back', 'front' or 'any', from the last vowel of `stem`.

    A last и, у or ю is neutral, and allows both (Путинге, тарихта, кездесуде), unless it follows a vowel
    and is a glide (Мәскеу-де). `loose`: a stem with both kinds of vowel is a loan ("Тоқаев" takes
    "-тың") and may take either form.
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


def _forms(table: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, str]]:
    """(suffix, letters it may follow, "back" / "front" / "any"), longest suffix first."""
    forms: dict[str, tuple[str, str]] = {}
    for back, front, after in table:
        if back == front:
            forms[back] = (after, "any")
        else:
            forms[back], forms[front] = (after, "back"), (after, "front")
    return sorted(((s, a, h) for s, (a, h) in forms.items()), key=lambda f: -len(f[0]))


_NOMINAL, _NOMINALIZERS, _VERBAL = _forms(NOMINAL), _forms(NOMINALIZERS), _forms(FINITE + NOMINALIZERS)
_NEGATION, _PASSIVE, _PASSIVE_AFTER_PAST = _forms(NEGATION), _forms(PASSIVE), _forms(PASSIVE_AFTER_PAST)
_PASSIVE_YL = _forms(PASSIVE[:1])  # -ыл/-іл alone, for short stems


def _root_ok(stem: str, verbal: bool, suffix: str) -> bool:
    if len(stem) < MIN_ROOT or stem[-1] in NO_FINAL or not any(ch in VOWELS for ch in stem):
        return False
    if len(stem) == 2 and not verbal and (
            (stem[0] not in VOWELS and stem[1] not in "уи") or suffix not in SHORT_ROOT_SUFFIXES):
        return False
    last2 = stem[-2:]
    return not (verbal and len(stem) > 2 and last2[0] not in VOWELS and last2[1] not in VOWELS
                and last2 not in ROOT_CLUSTERS)


def _cut(word: str, forms: list[tuple[str, str, str]], only: frozenset[str] | None = None,
         verbal: bool = False) -> tuple[str, str] | None:
    """(`word` without its longest allowed suffix from `forms`, the suffix), or None."""
    loose = bool(KAZAKH_LETTERS.intersection(word))
    for suffix, after, side in forms:
        if not word.endswith(suffix) or (only is not None and suffix not in only):
            continue
        stem = word[: -len(suffix)]
        if not _root_ok(stem, verbal, suffix) or stem[-1] not in after:
            continue
        if any(word.endswith(p) and len(suffix) < len(p) and not word.endswith("ы" + p) for p in PROTECTED):
            continue
        if suffix in ("ғы", "гі", "қы", "кі") and len(stem) < 4 and stem != "жыл":
            continue  # қайғы (grief), тұрғы are not қай-ғы, тұр-ғы; "жылғы" (of the year) is жыл-ғы
        if suffix[0] == "п" and stem + "п" in ROOTS:
            continue  # тап-ты, топ-ты: the root's п, not the converb's (та-пты)
        if suffix in ("ады", "еді") and stem[-1] == "м" and stem[-2] in VOWELS and len(stem) > 3:
            continue  # баста-ма-ды, істе-ме-ді (the negation): not бастам-ады
        if suffix in ("атын", "етін") and (
                (len(stem) > SHORT_ATYN and not stem.endswith(VERBAL_ENDINGS)) or word[:-2] in NOUNS_IN_AT):
            continue
        if suffix in AFTER_POSSESSIVE and stem[-1] in POSS3:  # қазан-ы-нда, not қаза-ны-нда
            under = _cut(stem, _NOMINAL, POSSESSIVES)
            if under is None or ((suffix == "н" or stem + "н" in ELISION_BASES) and len(under[0]) < 3):
                continue  # орын, орында are not ор-ы-н, ор-ы-нда
        if suffix in ("сы", "сі") and ((stem[-1] in "ыі" and not stem.endswith(SY_AFTER))
                                       or stem + "с" in S_STEMS):
            continue
        if side == "any" or _harmony(stem, loose) in ("any", side):
            return stem, suffix
    return None


def _finish(word: str) -> str:
    word = ELISION.get(word, word)
    if len(word) > 2 and word[-1] == "ь":  # a Russian loan drops it before a suffix: модель-і
        word = word[:-1]
    return word[:-1] + FINAL_DEVOICING.get(word[-1], word[-1]) if word else word


def stem_kazakh(word: str) -> str:
    """The root of a lower-cased Kazakh word: "сапарларында" -> "сапар", "барғанда" -> "бар"."""
    if word in LEXICALISED:
        return word
    if word in PRONOUNS or word in PARTICLES:
        return PRONOUNS.get(word) or PARTICLES[word]
    for ordinal in ORDINAL:
        if word.endswith(ordinal) and word[: -len(ordinal)] in NUMERALS:
            return word[: -len(ordinal)]
    only, last = None, ""
    while word not in ROOTS and word not in LEXICALISED:
        nominal = _cut(word, _NOMINAL, only)
        verbal = None if only else _cut(word, _NOMINALIZERS if last else _VERBAL, verbal=True)
        if verbal is not None and (nominal is None or len(verbal[1]) > len(nominal[1])):
            return _finish(_inner_verb(verbal[0], _PASSIVE))  # nothing nominal stands before a verb ending
        if nominal is None:
            break
        word, last = nominal
        only = POSSESSIVES if last in AFTER_POSSESSIVE and word[-1] in POSS3 else None
    if last in PAST:  # болды, құрылды, жасалды: the past tense, perhaps, so a passive may stand before it
        word = _inner_verb(word, _PASSIVE_AFTER_PAST if len(word) > 4 else _PASSIVE_YL)
    return _finish(word)


def _inner_verb(word: str, passives: list[tuple[str, str, str]]) -> str:
    """What stands before a verb ending: a negation (бол-ма-ды), a passive (бер-іл-ді), both or none."""
    if (negation := _cut(word, _NEGATION, verbal=True)) is not None:
        word = negation[0]
    if word.endswith(PROTECTED) or word in ROOTS:  # Қазақстан-ды, жалын-са: no passive -н, -ын
        return word
    if (passive := _cut(word, passives, verbal=True)) is not None and len(passive[0]) > 2:
        word = passive[0]
    return word
