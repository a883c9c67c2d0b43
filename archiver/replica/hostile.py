"""Hostile pages (ReplicaSite(hostile=True)): linked from page 1 of the Russian news listing.

- "bomb": a gzip-encoded response that inflates to ~100 MB (a decompression bomb);
- "oversized": a 20 MB page (more than the crawler's DOWNLOAD_MAXSIZE);
- "offsite": a 302 redirect to http://offsite.invalid/...;
- "cp1251": an ordinary Russian news article served as windows-1251 with a charset header, whose
  Kazakh letters (not in cp1251) are numeric character references. It must be archived, letters intact.

The first three must be refused by the crawler and never archived. Only the cp1251 article is part of
ReplicaSite.expected(). With hostile=False every page is UTF-8.
"""

from __future__ import annotations

import gzip
import io
import threading
from datetime import date

from archiver.replica.generate import Item

HOSTILE_DATE = date(2025, 3, 21)
HOSTILE_PATHS = {
    "bomb": "/ru/glava-gosudarstva-provel-zasedanie-vysshego-soveta-po-reformam-9990001",
    "oversized": "/ru/stenogramma-rasshirennogo-zasedaniya-pravitelstva-9990002",
    "offsite": "/ru/glava-gosudarstva-dal-intervyu-zarubezhnym-smi-9990003",
    "cp1251": "/ru/glava-gosudarstva-posetil-istoriko-kulturnyy-kompleks-ulytau-9990004",
}
HOSTILE_TITLES = {
    "bomb": "Глава государства провел заседание Высшего совета по реформам",
    "oversized": "Стенограмма расширенного заседания Правительства",
    "offsite": "Глава государства дал интервью зарубежным СМИ",
}
OFFSITE_LOCATION = "http://offsite.invalid/ru/interview"
BOMB_SIZE = 100 * 1024 * 1024  # bytes once inflated
OVERSIZED_SIZE = 20 * 1024 * 1024  # bytes on the wire
CP1251 = "windows-1251"


def cp1251_item() -> Item:
    """The windows-1251 article: Russian text with Kazakh words, a current-layout news page."""
    return Item(
        lang="ru", i=-1, section="events", kind="news", path=HOSTILE_PATHS["cp1251"],
        title="Глава государства посетил историко-культурный комплекс «Ұлытау»",
        label="Рабочие поездки", section_label="Новости", day=HOSTILE_DATE,
        page_date="21 марта 2025 года", card_date="21 марта 2025 года",
        paragraphs=[
            ("p", "Глава государства ознакомился с ходом реставрации мавзолеев Жошы хана и Алаша хана "
                  "в области Ұлытау."),
            ("p", "– Ұлытау – қасиетті жер, ұлтымыздың алтын бесігі, – сказал Президент, обращаясь "
                  "к жителям региона."),
            ("empty", ""),
            ("p", "Жители области подарили Главе государства книгу «Ұлы даланың ұлағатты тарихы» о "
                  "древней истории Сарыарки."),
            ("p", "Касым-Жомарт Токаев отметил, что в 2022 году Ұлытау получил статус области, и "
                  "поручил развивать туризм в регионе."),
        ],
        cover=True,
    )


def encode_cp1251(html: str) -> bytes:
    """windows-1251 bytes; letters outside the code page become numeric character references."""
    return html.encode("cp1251", errors="xmlcharrefreplace")


_bomb_lock = threading.Lock()
_bomb: list[bytes] = []


def bomb_body() -> bytes:
    """A gzip stream of a page padded to BOMB_SIZE bytes (~100 KB compressed), built once."""
    with _bomb_lock:
        if not _bomb:
            buffer = io.BytesIO()
            with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as out:
                out.write(b"<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"></head><body><p>")
                chunk = b" " * (1024 * 1024)
                for _ in range(BOMB_SIZE // len(chunk)):
                    out.write(chunk)
                out.write(b"</p></body></html>")
            _bomb.append(buffer.getvalue())
        return _bomb[0]


def oversized_chunks(chunk_size: int = 64 * 1024):
    """The oversized page, streamed: OVERSIZED_SIZE bytes in all."""
    head = b"<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"></head><body><p>"
    tail = b"</p></body></html>"
    yield head
    remaining = OVERSIZED_SIZE - len(head) - len(tail)
    filler = b"x" * chunk_size
    while remaining > 0:
        piece = filler[:min(chunk_size, remaining)]
        yield piece
        remaining -= len(piece)
    yield tail
