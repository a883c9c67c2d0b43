"""Snapshot export: time and peak memory per format over N generated articles.

    python -m benchmarks.export --articles 100000

The exports of benchmarks.scale alone (`python -m benchmarks.scale N --export-only`): each format of
`archiver export` in a fresh process, its peak memory the process's own VmHWM, written into
BENCHMARKS.md between <!-- export:start --> and <!-- export:end --> with the goal line. `generate`
keeps the small article generator that tests use.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import date, timedelta

from archiver.page.items import Article

SEED = 6

# Word banks per language: (title words, body words, categories, date line)
KK_WORDS = ("Мемлекет басшысы Президент Қазақстан Республикасы Шымкент Астана Алматы қаласында"
            " өңірдің әлеуметтік-экономикалық дамуы туралы кеңес өткізді кездесті жұмыс сапарымен"
            " барды халық үкімет министрлер жобалар инвестиция жаңа мектеп аурухана жол құрылысы"
            " кәсіпорын индустриялық аймақ ауыл шаруашылығы білім денсаулық сақтау бағдарлама"
            " тапсырма берді атап өтті маңызды мәселелер").split()
RU_WORDS = ("Глава государства Президент Республики Казахстан провёл совещание встретился с"
            " жителями Шымкента Астаны Алматы посетил предприятие обсудили вопросы развития"
            " экономики инвестиций строительства дорог школ больниц программы поручил правительству"
            " отметил важность реформ сельского хозяйства образования здравоохранения").split()
EN_WORDS = ("The Head of State President of the Republic of Kazakhstan held a meeting with"
            " residents of Shymkent Astana Almaty visited enterprise discussed issues development"
            " economy investment construction roads schools hospitals programme instructed"
            " government noted importance reforms agriculture education healthcare").split()
LANGS = {
    "kk": (KK_WORDS, ["Жұмыс сапарлары", "Кездесулер", "Жеделхаттар", "Сөйлеген сөздер"]),
    "ru": (RU_WORDS, ["Рабочие поездки", "Встречи", "Телеграммы", "Выступления"]),
    "en": (EN_WORDS, ["Working trips", "Meetings", "Telegrams", "Speeches"]),
}
KK_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан"]


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def generate(n: int, seed: int = SEED) -> Iterator[Article]:
    """N articles, deterministic for a seed: ids, dates, categories and texts vary like the site's."""
    rng = random.Random(seed)
    start, days = date(2006, 1, 1), (date(2026, 6, 30) - date(2006, 1, 1)).days
    for i in range(n):
        lang = ("kk", "ru", "en")[i % 3]
        words, categories = LANGS[lang]
        day = start + timedelta(days=rng.randrange(days))
        undated = rng.random() < 0.03  # speeches show no date
        site_id = str(1_000_000 + i) if rng.random() < 0.9 else \
            f"events/akorda_news/meetings_and_receptions/{'-'.join(rng.sample(EN_WORDS, 5))}".lower()
        body = "\n\n".join(
            " ".join(_sentence(rng, words, 10, 22) + "." for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(3, 8)))
        date_raw = f"{day.year} жылғы {day.day} {KK_MONTHS[day.month - 1]}" if lang == "kk" \
            else day.isoformat()
        yield Article(
            url=f"https://www.akorda.kz/{'kz' if lang == 'kk' else lang}/article-{i}-{site_id[-7:]}",
            lang=lang, site_id=site_id, title=_sentence(rng, words, 6, 14),
            date_raw=None if undated else date_raw, published=None if undated else day.isoformat(),
            date_source=None if undated else "page", category=rng.choice(categories), body=body,
            section="events")


def main(argv: list[str] | None = None) -> None:
    """`python -m benchmarks.export [--articles N]`: the exports of benchmarks.scale alone, on a
    newly built archive of N articles (one way to measure them, one section, one goal line)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args(argv)
    from benchmarks import scale

    scale.main([str(args.articles), "--export-only"])


if __name__ == "__main__":
    main()
