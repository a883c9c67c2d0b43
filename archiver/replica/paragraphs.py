"""Body paragraph templates of the replica's generated news: (kz, ru, en) triples per text family.

The bodies carry the traps of the real site on purpose: years in running text ("2019 жылы",
"в 2015 году", "in 2012"), full dates in running text ("2019 жылдың 9 маусымында"), future years
("2030 жылға дейін"), dashes and guillemets that the markup writes as entities. Slots: as in
archiver.replica.phrases, plus {y1} {y2} past years, {yf} a future year, {n} a number and {dd} a full
date in running text.
"""

from __future__ import annotations

T = tuple[str, str, str]

LEADS: dict[str, tuple[T, ...]] = {
    "trip": (
        ("Сапар барысында Мемлекет басшысы өңірдің әлеуметтік-экономикалық дамуының негізгі "
         "көрсеткіштерімен танысты.",
         "В ходе поездки Глава государства ознакомился с основными показателями социально-экономического "
         "развития {r[ru_prep]}.",
         "During the trip, the Head of State reviewed the main indicators of the socio-economic "
         "development of {r[en]}."),
        ("Облыс әкімі өңірде {y1} жылдан бері {n} жаңа өндіріс орны іске қосылғанын баяндады.",
         "Аким области доложил, что с {y1} года в регионе введено в строй {n} новых производств.",
         "The regional governor reported that {n} new production facilities have been launched in the "
         "region since {y1}."),
    ),
    "meeting": (
        ("Кездесуде Қазақстан мен {c[kz]} арасындағы саяси, сауда-экономикалық және мәдени-гуманитарлық "
         "ынтымақтастықтың өзекті мәселелері талқыланды.",
         "В ходе встречи обсуждены актуальные вопросы политического, торгово-экономического и "
         "культурно-гуманитарного сотрудничества Казахстана и {c[ru_gen]}.",
         "The meeting discussed topical issues of political, trade, economic, cultural and humanitarian "
         "cooperation between Kazakhstan and {c[en]}."),
        ("Мемлекет басшысы {y1} жылы екі ел арасындағы тауар айналымы {n} пайызға өскенін атап өтті.",
         "Глава государства отметил, что в {y1} году товарооборот между двумя странами вырос на {n} "
         "процентов.",
         "The Head of State noted that in {y1} trade between the two countries grew by {n} percent."),
    ),
    "sitting": (
        ("Кеңесте {t[kz]} саласындағы ахуал және алдағы міндеттер қаралды.",
         "На совещании рассмотрены ситуация в сфере {t[ru_gen]} и предстоящие задачи.",
         "The meeting considered the situation in {t[en]} and the tasks ahead."),
        ("Мемлекет басшысы Үкіметке {yf} жылға дейін {t[kz]} саласын дамытудың кешенді жоспарын "
         "әзірлеуді тапсырды.",
         "Глава государства поручил Правительству разработать комплексный план развития сферы "
         "{t[ru_gen]} до {yf} года.",
         "The Head of State instructed the Government to draw up a comprehensive plan for {t[en]} "
         "until {yf}."),
    ),
    "phone": (
        ("Телефон арқылы сөйлесу барысында тараптар екіжақты ынтымақтастықтың өзекті мәселелерін "
         "талқылады.",
         "В ходе телефонного разговора стороны обсудили актуальные вопросы двустороннего сотрудничества.",
         "During the telephone conversation, the parties discussed topical issues of bilateral "
         "cooperation."),
        ("{p[kz]} {c[kz_gen]} басшысын {yf} жылы Астанаға ресми сапармен келуге шақырды.",
         "{p[ru]} пригласил лидера {c[ru_gen]} посетить Астану с официальным визитом в {yf} году.",
         "{p[en]} invited the leader of {c[en]} to pay an official visit to Astana in {yf}."),
    ),
    "condolence": (
        ("Қазақстан Президенті {d[kz]} салдарынан көптеген адамның қаза табуына байланысты "
         "{c[kz_gen]} халқына қайғыра көңіл айтты.",
         "Президент Казахстана выразил глубокие соболезнования народу {c[ru_gen]} в связи с "
         "многочисленными жертвами {d[ru_gen]}.",
         "The President of Kazakhstan expressed deep condolences to the people of {c[en]} over the "
         "numerous casualties of the {d[en]}."),
        ("Мемлекет басшысы зардап шеккендердің тезірек сауығып кетуіне тілектестік білдірді.",
         "Глава государства пожелал скорейшего выздоровления всем пострадавшим.",
         "The Head of State wished a speedy recovery to all those injured."),
    ),
    "congrats": (
        ("Құттықтау жеделхатында Мемлекет басшысы Қазақстан мен {c[kz]} арасындағы достық "
         "қарым-қатынастың жоғары деңгейін атап өтті.",
         "В поздравительной телеграмме Глава государства отметил высокий уровень дружественных "
         "отношений между Казахстаном и {c[ru_instr]}.",
         "In the congratulatory telegram, the Head of State noted the high level of friendly relations "
         "between Kazakhstan and {c[en]}."),
    ),
    "visit": (
        ("Әуежайда Қазақстан Президентін {c[kz_gen]} ресми тұлғалары қарсы алды.",
         "В аэропорту Президента Казахстана встретили официальные лица {c[ru_gen]}.",
         "At the airport, the President of Kazakhstan was met by officials of {c[en]}."),
        ("Сапар аясында {n} құжатқа қол қою жоспарланған.",
         "В рамках визита запланировано подписание {n} документов.",
         "The signing of {n} documents is planned as part of the visit."),
    ),
    "press": (
        ("Баспасөз мәслихатында Мемлекет басшысы келіссөздердің нәтижелері туралы айтып берді.",
         "На пресс-конференции Глава государства рассказал об итогах переговоров.",
         "At the press conference, the Head of State spoke about the results of the talks."),
    ),
    "law": (
        ("Мемлекет басшысы «{law[kz]}» Қазақстан Республикасының Заңына қол қойды.",
         "Глава государства подписал Закон Республики Казахстан «{law[ru]}».",
         "The Head of State signed the Law of the Republic of Kazakhstan “{law[en]}”."),
        ("Заң алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа "
         "енгізіледі.",
         "Закон вводится в действие по истечении десяти календарных дней после дня его первого "
         "официального опубликования.",
         "The Law enters into force ten calendar days after the day of its first official publication."),
    ),
    "decree": (
        ("Мемлекет басшысы «{law[kz]}» Жарлыққа қол қойды.",
         "Глава государства подписал Указ «{law[ru]}».",
         "The Head of State signed the Decree “{law[en]}”."),
        ("Жарлық қол қойылған күнінен бастап қолданысқа енгізіледі.",
         "Указ вводится в действие со дня подписания.",
         "The Decree enters into force on the day of its signing."),
    ),
}

# Paragraphs any news or speech may carry after its lead.
GENERAL: tuple[T, ...] = (
    ("– Біздің басты мақсатымыз – азаматтардың әл-ауқатын арттыру. Бұл бағыттағы жұмыс {yf} жылға "
     "дейін жалғасады, – деді {p[kz]}.",
     "– Наша главная цель – повышение благосостояния граждан. Эта работа продолжится до {yf} года, "
     "– сказал {p[ru]}.",
     "“Our main goal is to improve the well-being of citizens. This work will continue until {yf},” "
     "{p[en]} said."),
    ("Айта кетейік, {y1} жылы {t[kz]} саласына {n} миллиард теңге инвестиция тартылды.",
     "Напомним, в {y1} году в сферу {t[ru_gen]} было привлечено {n} миллиардов тенге инвестиций.",
     "In {y1}, {n} billion tenge of investment was attracted to {t[en]}."),
    ("Еске сала кетейік, бұған дейін {dd} Мемлекет басшысы осы мәселе бойынша арнайы кеңес өткізген "
     "болатын.",
     "Напомним, ранее, {dd}, Глава государства провел специальное совещание по этому вопросу.",
     "Earlier, on {dd}, the Head of State held a special meeting on this issue."),
    ("Іс-шараға Үкімет мүшелері, Парламент депутаттары және қоғам өкілдері қатысты.",
     "В мероприятии приняли участие члены Правительства, депутаты Парламента и представители "
     "общественности.",
     "Members of the Government, deputies of Parliament and representatives of the public took part in "
     "the event."),
    ("Мемлекет басшысы «Әділетті Қазақстан» тұжырымдамасын іске асыру барлық мемлекеттік органдардың "
     "басты міндеті екенін атап өтті.",
     "Глава государства подчеркнул, что реализация концепции «Справедливый Казахстан» – главная "
     "задача всех государственных органов.",
     "The Head of State stressed that implementing the concept of a “Just Kazakhstan” is the main "
     "task of all state bodies."),
    ("{y1} – {y2} жылдары өңірлерде {n} мыңнан астам жаңа жұмыс орны ашылды.",
     "В {y1} – {y2} годах в регионах создано более {n} тысяч новых рабочих мест.",
     "In {y1} – {y2}, more than {n} thousand new jobs were created in the regions."),
    ("Кездесу соңында тараптар өзара іс-қимылды одан әрі нығайтуға дайын екенін растады.",
     "В завершение встречи стороны подтвердили готовность к дальнейшему укреплению взаимодействия.",
     "At the end of the meeting, the parties confirmed their readiness to further strengthen "
     "cooperation."),
    ("Президенттің айтуынша, {yf} жылға қарай ел экономикасының көлемін екі есеге ұлғайту міндеті тұр.",
     "По словам Президента, к {yf} году стоит задача удвоить объем экономики страны.",
     "According to the President, the task is to double the size of the country's economy by {yf}."),
)

# Speeches and addresses: a greeting and a closing (centred <strong> headings), numbered parts.
GREETINGS: tuple[T, ...] = (
    ("Құрметті отандастар!", "Уважаемые соотечественники!", "Dear compatriots!"),
    ("Құрметті форумға қатысушылар!", "Уважаемые участники форума!", "Dear forum participants!"),
    ("Қадірменді жиынға қатысушылар!", "Уважаемые участники собрания!", "Dear participants!"),
)
CLOSINGS: tuple[T, ...] = (
    ("Баршаңызға табыс тілеймін!", "Желаю всем успехов!", "I wish you all success!"),
    ("Бәрімізге сәттілік тілеймін!", "Всем нам желаю удачи!", "I wish us all good luck!"),
)
PART_HEADING: T = ("{t[kz]}", "Развитие {t[ru_gen]}", "{t[en]}")  # after a Roman numeral: "II. ..."
SPEECH: tuple[T, ...] = (
    ("Біз {y1} жылы бастаған ауқымды реформалар өз нәтижесін беріп келеді.",
     "Масштабные реформы, начатые нами в {y1} году, приносят свои результаты.",
     "The large-scale reforms we launched in {y1} are bearing fruit."),
    ("Өткен жылы ішкі жалпы өнім {n} пайызға өсті. Бұл – еліміздің экономикасы тұрақты дамып келе "
     "жатқанының айғағы.",
     "В прошлом году валовой внутренний продукт вырос на {n} процентов. Это – свидетельство "
     "устойчивого развития нашей экономики.",
     "Last year gross domestic product grew by {n} percent. This is evidence of the steady "
     "development of our economy."),
    ("Біз {t[kz]} саласындағы жүйелі мәселелерді шешуіміз қажет. Үкімет {yf} жылға дейін нақты "
     "шаралар қабылдауы тиіс.",
     "Нам необходимо решить системные проблемы в сфере {t[ru_gen]}. Правительство должно принять "
     "конкретные меры до {yf} года.",
     "We need to solve the systemic problems of {t[en]}. The Government must take concrete measures "
     "before {yf}."),
    ("Тәуелсіздік жылдарында біз көп нәрсеге қол жеткіздік: {y1} жылы ұлттық валюта енгізілді, ал "
     "{y2} жылы Астана еліміздің бас қаласы болды.",
     "За годы независимости мы многого достигли: в {y1} году была введена национальная валюта, а "
     "в {y2} году Астана стала столицей страны.",
     "We have achieved much in the years of independence: the national currency was introduced in "
     "{y1}, and in {y2} Astana became the capital."),
    ("Әрбір азамат мемлекеттің қамқорлығын сезінуі керек. Біздің саясатымыздың мәні осында.",
     "Каждый гражданин должен ощущать заботу государства. В этом суть нашей политики.",
     "Every citizen must feel the care of the state. That is the essence of our policy."),
)

# Centred <strong> headings inside news bodies.
NEWS_HEADINGS: tuple[T, ...] = (
    ("Негізгі міндеттер", "Основные задачи", "Key tasks"),
    ("Сапардың қорытындысы", "Итоги визита", "Results of the visit"),
    ("Ынтымақтастықтың басым бағыттары", "Приоритетные направления сотрудничества",
     "Priority areas of cooperation"),
)
# Kazakh month names in the possessive locative, for dates in running text ("9 маусымында").
KZ_MONTHS_LOC = ("қаңтарында", "ақпанында", "наурызында", "сәуірінде", "мамырында", "маусымында",
                 "шілдесінде", "тамызында", "қыркүйегінде", "қазанында", "қарашасында", "желтоқсанында")

# One paragraph of every generated article carries a number unique to it, so that no two articles of a
# language have the same title and body (the archive records identical content as a duplicate).
JOBS: T = ("Биыл елімізде {jobs} жаңа жұмыс орны ашылды.",
           "В этом году в стране создано {jobs} новых рабочих мест.",
           "This year {jobs} new jobs have been created in the country.")
ACT_NUMBER = {
    "law": ("Заң № {act}-VIII ҚРЗ болып тіркелді.", "Закону присвоен № {act}-VIII ЗРК.",
            "The Law has been registered as No. {act}-VIII."),
    "decree": ("Жарлыққа № {act} тіркеу нөмірі берілді.", "Указу присвоен № {act}.",
               "The Decree has been registered as No. {act}."),
}
