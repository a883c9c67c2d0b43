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
    Section("events", _labels("Жаңалықтар", "Новости", "News"), 50, "current", NEWS_FAMILIES),
    Section("speeches", _labels("Сөйлеген сөздер", "Выступления", "Speeches"), 6, "current", ("speech",)),
    Section("legal_acts", _labels("Құқықтық актiлер", "Правовые акты", "Legal acts"), 7, "current",
            ("law", "decree")),
    Section("addresses", _labels("Жолдаулар", "Послания", "Addresses"), 3, "current", ("address",)),
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
    # The rest of the menu's news-like listings (SITE.md): their markup was not seen; the older
    # layout (date line before the title) for news, the current one without a date for the rest.
    Section("archive", _labels("Мұрағат", "Архив", "Archive"), 3, "older", NEWS_FAMILIES),
    Section("announcements", _labels("Хабарландырулар", "Объявления", "Announcements"), 2, "current",
            ("press",)),
    Section("executive_office/executive_office_news",
            _labels("Әкімшілік жаңалықтары", "Новости Администрации", "Executive Office news"), 3,
            "older", ("meeting", "sitting")),
    Section("secretary_of_state/secretary_of_state_news",
            _labels("Мемлекеттік кеңесшінің жаңалықтары", "Новости Государственного советника",
                    "State Counsellor's news"), 2, "older", ("meeting",)),
    Section("secretary_of_state/secretary_of_state_speeches",
            _labels("Мемлекеттік кеңесшінің сөйлеген сөздері", "Выступления Государственного советника",
                    "State Counsellor's speeches"), 1, "current", ("speech",)),
    Section("secretary_of_state/secretary_of_state_orders",
            _labels("Мемлекеттік кеңесшінің өкімдері", "Распоряжения Государственного советника",
                    "State Counsellor's orders"), 1, "current", ("decree",)),
    Section("security_council/events",
            _labels("Қауіпсіздік Кеңесінің жаңалықтары", "Новости Совета Безопасности",
                    "Security Council news"), 1, "older", ("sitting",)),
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

# The site's menu as seen on a real 2026 page (SITE.md), the same in every language: groups of
# (labels kz/ru/en, path below /{lang}/). The header shows it twice (desktop and mobile), the footer's
# site map once more. It links every listing section and the static pages, and the asset-declarations
# page whose URL looks like an article's and is not one.
DECLARATIONS_PATH = "deklaraciya-malimetteri-31115115"
MENU: tuple[tuple[tuple[str, str, str], str, tuple[tuple[tuple[str, str, str], str], ...]], ...] = (
    (("Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan"),
     "republic_of_kazakhstan/kazakhstan", (
         (("Қазақстан", "Казахстан", "Kazakhstan"), "republic_of_kazakhstan/kazakhstan"),
         (("Астана", "Астана", "Astana"), "republic_of_kazakhstan/astana"),
         (("Ақорда", "Акорда", "Akorda"), "republic_of_kazakhstan/akorda"))),
    (("Президент", "Президент", "President"), "president/president", (
        (("Қазақстан Республикасының Президенті", "Президент Республики Казахстан",
          "President of the Republic of Kazakhstan"), "president/president"),
        (("Тұңғыш Президент – Елбасы", "Первый Президент – Елбасы", "First President – Elbasy"),
         "president/elbasy"))),
    (("Баспасөз орталығы", "Пресс-центр", "Press center"), "events", (
        (("Жаңалықтар", "Новости", "News"), "events"),
        (("Сөйлеген сөздер", "Выступления", "Speeches"), "speeches"),
        (("Жолдаулар", "Послания", "Addresses"), "addresses"),
        (("Хабарландырулар", "Объявления", "Announcements"), "announcements"),
        (("Мұрағат", "Архив", "Archive"), "archive"))),
    (("Ресми құжаттар", "Официальные документы", "Official documents"), "legal_acts", (
        (("Құқықтық актiлер", "Правовые акты", "Legal acts"), "legal_acts"),
        (("Конституция", "Конституция", "Constitution"), "official_documents/constitution"),
        (("Стратегиялар мен бағдарламалар", "Стратегии и программы", "Strategies and programs"),
         "official_documents/strategies_and_programs"),
        (("Конституциялық заңдар", "Конституционные законы", "Constitutional laws"),
         "official_documents/constitutional_laws"),
        (("Декларация мәліметтері", "Сведения декларации", "Declaration data"), DECLARATIONS_PATH))),
    (("Мемлекеттік рәміздер", "Государственные символы", "State symbols"),
     "state_symbols/about_state_symbols", (
         (("Мемлекеттік рәміздер туралы", "О государственных символах", "About state symbols"),
          "state_symbols/about_state_symbols"),
         (("Мемлекеттік Ту", "Государственный Флаг", "State Flag"), "state_symbols/kazakhstan_flag"),
         (("Мемлекеттік Елтаңба", "Государственный Герб", "State Emblem"),
          "state_symbols/kazakhstan_emblem"),
         (("Мемлекеттік Гимн", "Государственный Гимн", "State Anthem"),
          "state_symbols/kazakhstan_anthem"))),
    (("Президент Әкімшілігі", "Администрация Президента", "Executive Office of the President"),
     "executive_office/about_executive_office", (
         (("Әкімшілік туралы", "Об Администрации", "About the Executive Office"),
          "executive_office/about_executive_office"),
         (("Әкімшілік жаңалықтары", "Новости Администрации", "Executive Office news"),
          "executive_office/executive_office_news"),
         (("Әкімшіліктің құрылымы", "Структура Администрации", "Structure of the Executive Office"),
          "executive_office/executive_office_stucture"),
         (("Президент жанындағы комиссиялар", "Комиссии при Президенте", "Presidential commissions"),
          "executive_office/presidential_commissions"),
         (("Президент жанындағы кеңестер", "Советы при Президенте", "Presidential councils"),
          "executive_office/presidential_councils"),
         (("Жұмыс кестесі", "График работы", "Schedule"), "executive_office/schedule"),
         (("Әдеп жөніндегі уәкіл", "Уполномоченный по этике", "Ethics commissioner"),
          "executive_office/ethics_commissioner"),
         (("Баспасөз қызметі", "Пресс-служба", "Press office"), "executive_office/press_office"),
         (("Байланыс", "Контакты", "Contacts"), "executive_office/contacts"))),
    (("Мемлекеттік кеңесші", "Государственный советник", "State Counsellor"),
     "secretary_of_state/about_secretary_of_state", (
         (("Мемлекеттік кеңесші туралы", "О Государственном советнике", "About the State Counsellor"),
          "secretary_of_state/about_secretary_of_state"),
         (("Жаңалықтар", "Новости", "News"), "secretary_of_state/secretary_of_state_news"),
         (("Сөйлеген сөздер", "Выступления", "Speeches"), "secretary_of_state/secretary_of_state_speeches"),
         (("Өкімдер", "Распоряжения", "Orders"), "secretary_of_state/secretary_of_state_orders"))),
    (("Қауіпсіздік Кеңесі", "Совет Безопасности", "Security Council"), "security_council/about", (
        (("Кеңес туралы", "О Совете", "About the Council"), "security_council/about"),
        (("Ұлттық қауіпсіздік", "Национальная безопасность", "National security"),
         "security_council/national_security"),
        (("Кеңестің жаңалықтары", "Новости Совета", "Council news"), "security_council/events"))),
)
MENU_LANG = {"kz": 0, "ru": 1, "en": 2}
# Words of the long <meta name="keywords"> (the real page lists dozens); joined with ", ".
KEYWORDS = {
    "kz": ("Ақорда", "Қазақстан Республикасының Президенті", "Мемлекет басшысы", "Қасым-Жомарт Тоқаев",
           "Президенттің ресми сайты", "жаңалықтар", "сөйлеген сөздер", "жолдаулар", "жарлықтар",
           "заңдар", "өкімдер", "Президент Әкімшілігі", "Мемлекеттік кеңесші", "Қауіпсіздік Кеңесі",
           "мемлекеттік рәміздер", "Конституция", "Астана", "жұмыс сапарлары", "кездесулер",
           "қабылдаулар", "телефон арқылы сөйлесулер", "жеделхаттар", "шетелдік сапарлар",
           "мемлекеттік наградалар", "Қазақстан халқына Жолдау", "реформалар", "экономика",
           "әлеуметтік саясат", "сыртқы саясат", "білім", "денсаулық сақтау", "цифрландыру"),
    "ru": ("Акорда", "Президент Республики Казахстан", "Глава государства", "Касым-Жомарт Токаев",
           "официальный сайт Президента", "новости", "выступления", "послания", "указы", "законы",
           "распоряжения", "Администрация Президента", "Государственный советник",
           "Совет Безопасности", "государственные символы", "Конституция", "Астана",
           "рабочие поездки", "встречи", "приемы", "телефонные разговоры", "телеграммы",
           "зарубежные визиты", "государственные награды", "Послание народу Казахстана", "реформы",
           "экономика", "социальная политика", "внешняя политика", "образование",
           "здравоохранение", "цифровизация"),
    "en": ("Akorda", "President of the Republic of Kazakhstan", "Head of State", "Kassym-Jomart Tokayev",
           "official website of the President", "news", "speeches", "addresses", "decrees", "laws",
           "orders", "Executive Office of the President", "State Counsellor", "Security Council",
           "state symbols", "Constitution", "Astana", "working trips", "meetings", "receptions",
           "telephone conversations", "telegrams", "foreign visits", "state awards",
           "State of the Nation Address", "reforms", "economy", "social policy", "foreign policy",
           "education", "healthcare", "digitalization"),
}
