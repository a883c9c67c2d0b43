"""Vocabulary and title templates of the replica's generated news, in Kazakh, Russian and English.

Every entry is a translation triple, so that article i reads as the same event in all three languages
(which lets a Kazakh page carry a Russian-transliterated slug, as on the real site). Fill words carry the
grammatical forms the templates need, spelled out (no grammar engine): `kz_gen` genitive, `kz_dat` dative,
`kz_loc` locative, `ru_gen` genitive, `ru_in` "в + accusative", `ru_instr` instrumental, and so on.
Body paragraphs are in archiver.replica.paragraphs.
"""

from __future__ import annotations


def _forms(keys: str, *rows: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    names = keys.split()
    return tuple(dict(zip(names, row, strict=True)) for row in rows)


COUNTRIES = _forms(
    "kz kz_gen kz_dat ru_gen ru_in ru_instr en",
    ("Франция", "Францияның", "Францияға", "Франции", "во Францию", "Францией", "France"),
    ("Германия", "Германияның", "Германияға", "Германии", "в Германию", "Германией", "Germany"),
    ("Қытай", "Қытайдың", "Қытайға", "Китая", "в Китай", "Китаем", "China"),
    ("Өзбекстан", "Өзбекстанның", "Өзбекстанға", "Узбекистана", "в Узбекистан", "Узбекистаном",
     "Uzbekistan"),
    ("Түркия", "Түркияның", "Түркияға", "Турции", "в Турцию", "Турцией", "Türkiye"),
    ("Жапония", "Жапонияның", "Жапонияға", "Японии", "в Японию", "Японией", "Japan"),
    ("Италия", "Италияның", "Италияға", "Италии", "в Италию", "Италией", "Italy"),
    ("Қырғызстан", "Қырғызстанның", "Қырғызстанға", "Кыргызстана", "в Кыргызстан", "Кыргызстаном",
     "Kyrgyzstan"),
    ("Корея Республикасы", "Корея Республикасының", "Корея Республикасына", "Республики Корея",
     "в Республику Корея", "Республикой Корея", "the Republic of Korea"),
    ("Біріккен Араб Әмірліктері", "Біріккен Араб Әмірліктерінің", "Біріккен Араб Әмірліктеріне",
     "Объединенных Арабских Эмиратов", "в Объединенные Арабские Эмираты",
     "Объединенными Арабскими Эмиратами", "the United Arab Emirates"),
)
REGIONS = _forms(
    "kz kz_dat kz_loc ru_in ru_prep en",
    ("Ақмола облысы", "Ақмола облысына", "Ақмола облысында", "в Акмолинскую область",
     "Акмолинской области", "Akmola region"),
    ("Түркістан облысы", "Түркістан облысына", "Түркістан облысында", "в Туркестанскую область",
     "Туркестанской области", "Turkistan region"),
    ("Шығыс Қазақстан облысы", "Шығыс Қазақстан облысына", "Шығыс Қазақстан облысында",
     "в Восточно-Казахстанскую область", "Восточно-Казахстанской области", "East Kazakhstan region"),
    ("Маңғыстау облысы", "Маңғыстау облысына", "Маңғыстау облысында", "в Мангистаускую область",
     "Мангистауской области", "Mangystau region"),
    ("Қарағанды облысы", "Қарағанды облысына", "Қарағанды облысында", "в Карагандинскую область",
     "Карагандинской области", "Karaganda region"),
    ("Павлодар облысы", "Павлодар облысына", "Павлодар облысында", "в Павлодарскую область",
     "Павлодарской области", "Pavlodar region"),
    ("Жамбыл облысы", "Жамбыл облысына", "Жамбыл облысында", "в Жамбылскую область",
     "Жамбылской области", "Zhambyl region"),
    ("Атырау облысы", "Атырау облысына", "Атырау облысында", "в Атыраускую область",
     "Атырауской области", "Atyrau region"),
)
TOPICS = _forms(
    "kz ru_gen en",
    ("энергетика", "энергетики", "energy"),
    ("цифрландыру", "цифровизации", "digitalization"),
    ("көлік-логистика", "транспорта и логистики", "transport and logistics"),
    ("білім беру", "образования", "education"),
    ("денсаулық сақтау", "здравоохранения", "healthcare"),
    ("ауыл шаруашылығы", "сельского хозяйства", "agriculture"),
    ("су ресурстары", "водных ресурсов", "water resources"),
    ("индустрияландыру", "индустриализации", "industrialization"),
)
OBJECTS = _forms(
    "kz_acc ru_acc en",
    ("жаңа тау-кен байыту комбинатын", "новый горно-обогатительный комбинат",
     "a new mining and processing plant"),
    ("көпбейінді облыстық аурухананы", "многопрофильную областную больницу",
     "a multidisciplinary regional hospital"),
    ("индустриялық аймақты", "индустриальную зону", "an industrial zone"),
    ("жаңа мектеп-гимназияны", "новую школу-гимназию", "a new school"),
    ("ауыл шаруашылығы кооперативін", "сельскохозяйственный кооператив", "an agricultural cooperative"),
)
HOLIDAYS = _forms(
    "kz_instr ru_instr en",
    ("Тәуелсіздік күнімен", "Днем независимости", "Independence Day"),
    ("ұлттық мерекесімен", "национальным праздником", "the National Day"),
    ("Республика күнімен", "Днем Республики", "Republic Day"),
)
DISASTERS = _forms(
    "kz ru_gen en",
    ("жер сілкінісі", "землетрясения", "earthquake"),
    ("су тасқыны", "наводнения", "flood"),
    ("ұшақ апаты", "авиакатастрофы", "plane crash"),
    ("ірі өрт", "крупного пожара", "major fire"),
)
SPEECH_EVENTS = _forms(
    "kz_loc ru_prep en",
    ("Ұлттық құрылтайдың отырысында", "заседании Национального курултая",
     "meeting of the National Kurultai"),
    ("Шетелдік инвесторлар кеңесінің пленарлық отырысында",
     "пленарном заседании Совета иностранных инвесторов",
     "plenary session of the Foreign Investors Council"),
    ("Қазақстан халқы Ассамблеясының сессиясында", "сессии Ассамблеи народа Казахстана",
     "session of the Assembly of the People of Kazakhstan"),
    ("Астана халықаралық форумында", "Астанинском международном форуме", "Astana International Forum"),
    ("Парламент палаталарының бірлескен отырысында", "совместном заседании палат Парламента",
     "joint session of the Chambers of Parliament"),
)
ADDRESS_THEMES = _forms(
    "kz ru en",
    ("Әділетті Қазақстанның экономикалық бағдары", "Экономический курс Справедливого Казахстана",
     "Economic Course of a Just Kazakhstan"),
    ("Жаңа Қазақстан: жаңару мен жаңғыру жолы", "Новый Казахстан: путь обновления и модернизации",
     "New Kazakhstan: The Path of Renewal and Modernization"),
    ("Сындарлы қоғамдық диалог – Қазақстанның тұрақтылығы мен гүлденуінің негізі",
     "Конструктивный общественный диалог – основа стабильности и процветания Казахстана",
     "Constructive Public Dialogue – The Basis of Stability and Prosperity of Kazakhstan"),
    ("Төртінші өнеркәсіптік революция жағдайындағы дамудың жаңа мүмкіндіктері",
     "Новые возможности развития в условиях четвертой промышленной революции",
     "New Development Opportunities in the Context of the Fourth Industrial Revolution"),
)
LAWS = _forms(
    "kz ru en",
    ("Қазақстан Республикасының кейбір заңнамалық актілеріне цифрландыру мәселелері бойынша "
     "өзгерістер мен толықтырулар енгізу туралы",
     "О внесении изменений и дополнений в некоторые законодательные акты Республики Казахстан "
     "по вопросам цифровизации",
     "On amendments and additions to certain legislative acts of the Republic of Kazakhstan "
     "on digitalization"),
    ("Білім туралы", "Об образовании", "On education"),
    ("Жергілікті мемлекеттік басқару және өзін-өзі басқару туралы",
     "О местном государственном управлении и самоуправлении",
     "On local public administration and self-government"),
    ("Мемлекеттік сатып алу туралы", "О государственных закупках", "On public procurement"),
)
DECREES = _forms(
    "kz ru en",
    ("Қазақстан Республикасы Үкіметінің құрамы туралы", "О составе Правительства Республики Казахстан",
     "On the composition of the Government of the Republic of Kazakhstan"),
    ("Қазақстан Республикасының мемлекеттік наградаларымен наградтау туралы",
     "О награждении государственными наградами Республики Казахстан",
     "On conferring state awards of the Republic of Kazakhstan"),
    ("Мемлекеттік басқару жүйесін одан әрі жетілдіру жөніндегі шаралар туралы",
     "О мерах по дальнейшему совершенствованию системы государственного управления",
     "On measures to further improve the public administration system"),
)
PRESIDENTS = _forms(  # by date: the second from 20 March 2019
    "kz kz_gen ru ru_gen en",
    ("Нұрсұлтан Назарбаев", "Нұрсұлтан Назарбаевтың", "Нурсултан Назарбаев", "Нурсултана Назарбаева",
     "Nursultan Nazarbayev"),
    ("Қасым-Жомарт Тоқаев", "Қасым-Жомарт Тоқаевтың", "Касым-Жомарт Токаев", "Касым-Жомарта Токаева",
     "Kassym-Jomart Tokayev"),
)
FILLS = {"c": COUNTRIES, "r": REGIONS, "t": TOPICS, "o": OBJECTS, "h": HOLIDAYS, "d": DISASTERS,
         "e": SPEECH_EVENTS, "a": ADDRESS_THEMES}

# Title templates per text family: (kz, ru, en). Slots: {c} country, {r} region, {t} topic, {o}
# object, {h} holiday, {e} speech event, {a} address theme, {law} law or decree name, {p} president.
TITLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "trip": (
        ("Мемлекет басшысы {r[kz_dat]} жұмыс сапарымен барды",
         "Глава государства прибыл с рабочей поездкой {r[ru_in]}",
         "The Head of State paid a working trip to {r[en]}"),
        ("Мемлекет басшысы {r[kz_loc]} {o[kz_acc]} аралап, өңірдің әлеуметтік-экономикалық даму "
         "мәселелері жөнінде облыс активімен кездесті",
         "Глава государства посетил {o[ru_acc]} и встретился с активом {r[ru_prep]} по вопросам "
         "социально-экономического развития региона",
         "The Head of State visited {o[en]} and met with the leadership of {r[en]} on the region's "
         "socio-economic development"),
    ),
    "meeting": (
        ("Мемлекет басшысы {c[kz_gen]} Сыртқы істер министрін қабылдады",
         "Глава государства принял министра иностранных дел {c[ru_gen]}",
         "The Head of State received the Minister of Foreign Affairs of {c[en]}"),
        ("Президент {c[kz_gen]} Премьер-министрімен кездесіп, екіжақты сауда-экономикалық "
         "ынтымақтастықты дамыту және {t[kz]} саласындағы өзара іс-қимылды кеңейту мәселелерін талқылады",
         "Президент встретился с премьер-министром {c[ru_gen]} и обсудил вопросы развития двустороннего "
         "торгово-экономического сотрудничества и расширения взаимодействия в сфере {t[ru_gen]}",
         "The President met with the Prime Minister of {c[en]} to discuss bilateral trade and economic "
         "cooperation and closer interaction in {t[en]}"),
    ),
    "sitting": (
        ("Мемлекет басшысының төрағалығымен {t[kz]} мәселелері жөнінде кеңес өтті",
         "Под председательством Главы государства состоялось совещание по вопросам {t[ru_gen]}",
         "The Head of State chaired a meeting on {t[en]}"),
        ("Мемлекет басшысының төрағалығымен Қауіпсіздік кеңесінің отырысы өтті",
         "Под председательством Главы государства состоялось заседание Совета безопасности",
         "The Head of State chaired a meeting of the Security Council"),
    ),
    "phone": (
        ("Қазақстан Президенті {c[kz_gen]} Президентімен телефон арқылы сөйлесті",
         "Президент Казахстана провел телефонный разговор с Президентом {c[ru_gen]}",
         "The President of Kazakhstan held a telephone conversation with the President of {c[en]}"),
    ),
    "condolence": (
        ("Мемлекет басшысы {c[kz_gen]} Президентіне көңіл айтты",
         "Глава государства выразил соболезнования Президенту {c[ru_gen]}",
         "The Head of State expressed condolences to the President of {c[en]}"),
    ),
    "congrats": (
        ("Мемлекет басшысы {c[kz_gen]} Президентін {h[kz_instr]} құттықтады",
         "Глава государства поздравил Президента {c[ru_gen]} с {h[ru_instr]}",
         "The Head of State congratulated the President of {c[en]} on {h[en]}"),
    ),
    "visit": (
        ("Қазақстан Президенті {c[kz_dat]} ресми сапармен барды",
         "Президент Казахстана прибыл с официальным визитом {c[ru_in]}",
         "The President of Kazakhstan arrived in {c[en]} on an official visit"),
    ),
    "press": (
        ("Мемлекет басшысы мен {c[kz_gen]} Президентінің бірлескен баспасөз мәслихаты",
         "Совместная пресс-конференция Главы государства и Президента {c[ru_gen]}",
         "Joint press conference of the Head of State and the President of {c[en]}"),
    ),
    "speech": (
        ("Мемлекет басшысының {e[kz_loc]} сөйлеген сөзі",
         "Выступление Главы государства на {e[ru_prep]}",
         "Speech by the Head of State at the {e[en]}"),
    ),
    "address": (
        ("Мемлекет басшысы {p[kz_gen]} Қазақстан халқына Жолдауы «{a[kz]}»",
         "Послание Главы государства {p[ru_gen]} народу Казахстана «{a[ru]}»",
         "State of the Nation Address by President {p[en]} “{a[en]}”"),
    ),
    "law": (
        ("«{law[kz]}» Қазақстан Республикасының Заңына қол қойылды",
         "Подписан Закон Республики Казахстан «{law[ru]}»",
         "The Law of the Republic of Kazakhstan “{law[en]}” has been signed"),
    ),
    "decree": (
        ("«{law[kz]}» Қазақстан Республикасы Президентінің Жарлығы",
         "Указ Президента Республики Казахстан «{law[ru]}»",
         "Decree of the President of the Republic of Kazakhstan “{law[en]}”"),
    ),
}

# Content edits (ReplicaSite.edit_round): a corrected title, or a correction note added to the body.
TITLE_EDIT = {"kz": "{title} (толықтырылған нұсқа {k})", "ru": "{title} (дополненная версия {k})",
              "en": "{title} (updated version {k})"}
BODY_EDIT = {
    "kz": "Мәтінге {k}-түзету енгізілді: іс-шараға қатысушылардың саны нақтыланды.",
    "ru": "В текст внесено исправление № {k}: уточнено число участников мероприятия.",
    "en": "Correction No. {k}: the number of participants has been clarified.",
}
