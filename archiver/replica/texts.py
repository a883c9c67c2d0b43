"""The replica's fixed strings: site chrome, section labels and month names, per site language.

Site languages are the site's own path codes ("kz", "ru", "en"). Labels are as seen on akorda.kz where
SITE.md quotes them (note the Latin "i" in "Құқықтық актiлер", copied from the site).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("kz", "ru", "en")
FOOTER_YEAR = 2026  # the year the real footer shows ("| 2026 ж.")

SITE_NAME = {  # (first line, second line): the header shows the name split in two, twice
    "kz": ("Қазақстан Республикасы Президентінің", "ресми сайты"),
    "ru": ("Официальный сайт", "Президента Республики Казахстан"),
    "en": ("Official website of the", "President of the Republic of Kazakhstan"),
}
EMBLEM_ALT = "National Emblem of Kazakhstan"  # English in every language, as on the site
LANG_NAMES = {"kz": "Қаз", "ru": "Рус", "en": "Eng"}

BUTTONS = {  # after the body: back (desktop and mobile copies), share, print
    "kz": ("Кері қайту", "Басып шығару"),
    "ru": ("Вернуться назад", "Распечатать"),
    "en": ("Go back", "Print"),
}
FOOTER_ADDRESS = {
    "kz": f"Қазақстан Республикасы, Астана қ., Президенттің «Ақорда» резиденциясы | {FOOTER_YEAR} ж.",
    "ru": f"Республика Казахстан, г. Астана, резиденция Президента «Акорда» | {FOOTER_YEAR} г.",
    "en": f"Republic of Kazakhstan, Astana, Akorda Presidential Residence | {FOOTER_YEAR}",
}
SEARCH_LABEL = {"kz": "Іздеу", "ru": "Поиск", "en": "Search"}
SITE_MAP = {"kz": "Сайт картасы", "ru": "Карта сайта", "en": "Site map"}
PRINT_VERSION = {"kz": "Басып шығаруға арналған нұсқа", "ru": "Версия для печати",
                 "en": "Printable version"}
SIDEBAR_BANNER_ALT = "Tokaev"  # an image alt the real page's text dump shows after the buttons

# Older-layout link back to all events ("All events"); the second link is "Other <section label>".
ALL_EVENTS = {"kz": "Барлық оқиғалар", "ru": "Все события", "en": "All events"}
OTHER = {"kz": "Басқа да", "ru": "Другие", "en": "Other"}
EMPTY_LISTING = {"kz": "Материалдар табылмады", "ru": "Материалы не найдены", "en": "No materials found"}
NOT_FOUND = {"kz": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"}


@dataclass(frozen=True)
class Section:
    """One listing of the site: its path below /{lang}/, its label per language and its content."""

    path: str
    labels: dict[str, str]
    slots: int  # share of articles, in slots of the 100-slot cycle (see content.CYCLE_LENGTH)
    layout: str  # "current" or "older"
    families: tuple[str, ...]  # text families (archiver.replica.phrases) its articles are drawn from

    def label(self, lang: str) -> str:
        return self.labels[lang]


def _labels(kz: str, ru: str, en: str) -> dict[str, str]:
    return {"kz": kz, "ru": ru, "en": en}


NEWS_FAMILIES = ("trip", "meeting", "sitting", "phone", "condolence", "congrats", "visit")
SECTIONS: tuple[Section, ...] = (
    Section("events", _labels("Жаңалықтар", "Новости", "News"), 60, "current", NEWS_FAMILIES),
    Section("speeches", _labels("Сөйлеген сөздер", "Выступления", "Speeches"), 8, "current", ("speech",)),
    Section("legal_acts", _labels("Құқықтық актiлер", "Правовые акты", "Legal acts"), 7, "current",
            ("law", "decree")),
    Section("addresses", _labels("Жолдаулар", "Послания", "Addresses"), 4, "current", ("address",)),
    Section("events/astana_kazakhstan/working_trips",
            _labels("Жұмыс сапарлары", "Рабочие поездки", "Working trips"), 3, "older", ("trip",)),
    Section("events/astana_kazakhstan/visits_to_objects",
            _labels("Нысандарды аралау", "Посещение объектов", "Visits to facilities"), 2, "older",
            ("trip",)),
    Section("events/akorda_news/meetings_and_receptions",
            _labels("Кездесулер мен қабылдаулар", "Встречи и приемы", "Meetings and receptions"), 3,
            "older", ("meeting",)),
    Section("events/akorda_news/meetings_and_sittings",
            _labels("Кеңестер мен отырыстар", "Совещания и заседания", "Meetings and sittings"), 2,
            "older", ("sitting",)),
    Section("events/akorda_news/press_conferences",
            _labels("Баспасөз мәслихаттары", "Пресс-конференции", "Press conferences"), 2, "older",
            ("press",)),
    Section("events/international_community/telegram_of_condolences",
            _labels("Көңіл айту жеделхаттары", "Телеграммы соболезнования", "Telegrams of condolence"),
            3, "older", ("condolence",)),
    Section("events/international_community/telegrammes_and_letters",
            _labels("Жеделхаттар мен хаттар", "Телеграммы и письма", "Telegrams and letters"), 2,
            "older", ("congrats",)),
    Section("events/international_community/telegram_of_congratulations",
            _labels("Құттықтау жеделхаттары", "Поздравительные телеграммы",
                    "Telegrams of congratulations"), 2, "older", ("congrats",)),
    Section("events/international_community/foreign_visits",
            _labels("Шетелдік сапарлар", "Зарубежные визиты", "Foreign visits"), 2, "older", ("visit",)),
)
SECTION_BY_PATH = {s.path: s for s in SECTIONS}
TABS = ("events", "legal_acts", "speeches", "addresses")  # section#category_block, in the site's order

# The page's own category label of a current-layout news or legal-act page, by text family.
FAMILY_LABELS = {
    "trip": _labels("Жұмыс сапарлары", "Рабочие поездки", "Working trips"),
    "meeting": _labels("Кездесулер мен қабылдаулар", "Встречи и приемы", "Meetings and receptions"),
    "sitting": _labels("Кеңестер мен отырыстар", "Совещания и заседания", "Meetings and sittings"),
    "phone": _labels("Телефон арқылы сөйлесулер", "Телефонные разговоры", "Telephone conversations"),
    "condolence": _labels("Көңіл айту жеделхаттары", "Телеграммы соболезнования",
                          "Telegrams of condolence"),
    "congrats": _labels("Құттықтау жеделхаттары", "Поздравительные телеграммы",
                        "Telegrams of congratulations"),
    "visit": _labels("Шетелдік сапарлар", "Зарубежные визиты", "Foreign visits"),
    "law": _labels("Заңдар", "Законы", "Laws"),
    "decree": _labels("Жарлықтар", "Указы", "Decrees"),
}

# Month names as dates show them: Kazakh nominative, Russian genitive, English.
MONTHS = {
    "kz": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
           "қазан", "қараша", "желтоқсан"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

# The long navigation menu: (label, path) groups; the first item of each group is the top entry.
NAV = {
    "kz": (
        (("Президент", "/kz/president"), ("Өмірбаяны", "/kz/president/biography"),
         ("Мемлекет басшысының жұмыс кестесі", "/kz/president/schedule")),
        (("Жаңалықтар", "/kz/events"), ("Жұмыс сапарлары", "/kz/events/astana_kazakhstan/working_trips"),
         ("Кездесулер мен қабылдаулар", "/kz/events/akorda_news/meetings_and_receptions"),
         ("Көңіл айту жеделхаттары", "/kz/events/international_community/telegram_of_condolences")),
        (("Құжаттар", "/kz/legal_acts"), ("Сөйлеген сөздер", "/kz/speeches"), ("Жолдаулар", "/kz/addresses")),
        (("Мемлекеттік хатшы", "/kz/secretary_of_state/secretary_of_state_news"),
         ("Қауіпсіздік кеңесі", "/kz/security_council/events"),
         ("Президент Әкімшілігі", "/kz/executive_office/executive_office_news")),
        (("Мұрағат", "/kz/archive"), ("Мемлекеттік рәміздер", "/kz/state_symbols"),
         ("Ақорда резиденциясы", "/kz/akorda_residence"), ("Байланыс", "/kz/contacts")),
    ),
    "ru": (
        (("Президент", "/ru/president"), ("Биография", "/ru/president/biography"),
         ("График работы Главы государства", "/ru/president/schedule")),
        (("Новости", "/ru/events"), ("Рабочие поездки", "/ru/events/astana_kazakhstan/working_trips"),
         ("Встречи и приемы", "/ru/events/akorda_news/meetings_and_receptions"),
         ("Телеграммы соболезнования", "/ru/events/international_community/telegram_of_condolences")),
        (("Документы", "/ru/legal_acts"), ("Выступления", "/ru/speeches"), ("Послания", "/ru/addresses")),
        (("Государственный советник", "/ru/secretary_of_state/secretary_of_state_news"),
         ("Совет безопасности", "/ru/security_council/events"),
         ("Администрация Президента", "/ru/executive_office/executive_office_news")),
        (("Архив", "/ru/archive"), ("Государственные символы", "/ru/state_symbols"),
         ("Резиденция Акорда", "/ru/akorda_residence"), ("Контакты", "/ru/contacts")),
    ),
    "en": (
        (("President", "/en/president"), ("Biography", "/en/president/biography"),
         ("Schedule of the Head of State", "/en/president/schedule")),
        (("News", "/en/events"), ("Working trips", "/en/events/astana_kazakhstan/working_trips"),
         ("Meetings and receptions", "/en/events/akorda_news/meetings_and_receptions"),
         ("Telegrams of condolence", "/en/events/international_community/telegram_of_condolences")),
        (("Documents", "/en/legal_acts"), ("Speeches", "/en/speeches"), ("Addresses", "/en/addresses")),
        (("State Counsellor", "/en/secretary_of_state/secretary_of_state_news"),
         ("Security Council", "/en/security_council/events"),
         ("Presidential Administration", "/en/executive_office/executive_office_news")),
        (("Archive", "/en/archive"), ("State symbols", "/en/state_symbols"),
         ("Akorda Residence", "/en/akorda_residence"), ("Contacts", "/en/contacts")),
    ),
}
