"""archiver.read.diff: the word diff and the significance of a change, in Kazakh, Russian and English."""

from __future__ import annotations

import pytest

from archiver.read.diff import PARAGRAPH, classify, word_diff

KK = ("Мемлекет басшысы Қасым-Жомарт Тоқаев «Астана» халықаралық форумына қатысты. "
      "Президент өңірлердің дамуы туралы айтты.\n"
      "Кездесу соңында тараптар ынтымақтастықты жалғастыруға келісті.")
RU = ("Глава государства Касым-Жомарт Токаев принял участие в форуме «Астана». "
      "Президент рассказал о развитии регионов.\n"
      "В завершение встречи стороны договорились продолжить сотрудничество.")
EN = ("The Head of State Kassym-Jomart Tokayev took part in the \"Astana\" forum. "
      "The President spoke about the development of the regions.\n"
      "At the end of the meeting the parties agreed to continue cooperation.")


def page(body: str, title: str = "Title", date_raw: str = "14 December 2023") -> dict:
    return {"title": title, "body": body, "date_raw": date_raw}


def verdict(old: str, new: str, **fields):
    return classify(page(old, **fields), page(new, **fields))


def test_nothing_changed_is_none():
    for text in (KK, RU, EN):
        result = verdict(text, text)
        assert result.significance is None
        assert (result.title_changed, result.date_changed) == (False, False)
        assert result.words_removed == result.words_added == []


@pytest.mark.parametrize("old, new", [
    (KK, KK.replace("«Астана»", "\"Астана\"")),                       # «» vs ""
    (RU, RU.replace("Касым-Жомарт", "Касым–Жомарт")),                 # - vs –
    (RU, RU.replace("форуме «Астана»", "форуме\u00a0«Астана»")),       # NBSP
    (EN, EN.replace(" took part", "   took  part")),                  # whitespace runs
    (EN, EN.replace("\n", "\n\n")),                                   # a blank line between paragraphs
    (KK, KK.replace("Мемлекет басшысы", "МЕМЛЕКЕТ БАСШЫСЫ")),          # letter case
    (EN, EN.replace('"Astana"', "“Astana”").replace(" - ", " — ")),  # curly quotes
    (RU, RU.replace("«Астана»", "« Астана »")),                       # spaces inside the quote marks
])
def test_typographic(old, new):
    result = verdict(old, new)
    assert result.significance == "typographic"
    assert not result.title_changed and not result.date_changed


def test_typographic_keeps_the_words_as_written():
    result = verdict(KK, KK.replace("«Астана»", "\"Астана\""))
    assert result.words_removed == ["«Астана»"]
    assert result.words_added == ["\"Астана\""]


@pytest.mark.parametrize("old, new, removed, added", [
    (KK, KK.replace("айтты", "баяндады"), ["айтты."], ["баяндады."]),
    (RU, RU.replace("рассказал о", "говорил о"), ["рассказал"], ["говорил"]),
    (EN, EN.replace("agreed to continue", "agreed to further continue"), [], ["further"]),
    (EN, EN.replace("spoke about", "talked about"), ["spoke"], ["talked"]),
])
def test_minor(old, new, removed, added):
    result = verdict(old, new)
    assert result.significance == "minor"
    assert result.words_removed == removed
    assert result.words_added == added


@pytest.mark.parametrize("old, new, why", [
    (RU.replace("форуме", "форуме 2023 года"), RU.replace("форуме", "форуме 2024 года"), "a number"),
    (EN.replace("forum.", "forum with 300 guests."), EN.replace("forum.", "forum with 3000 guests."),
     "a number"),
    (KK, KK.replace("халықаралық", "Ресейдің"), "a name"),
    (RU, RU.replace("стороны", "Казахстан"), "a name"),
    (EN, EN.replace("the parties", "Kazakhstan"), "a name"),
    (RU.replace("форуме", "форуме 5 мая"), RU.replace("форуме", "форуме 6 мая"), "a date"),
    (EN.replace("forum.", "forum in March."), EN.replace("forum.", "forum in April."), "a month"),
    (KK.replace("форумына", "қазан айындағы форумына"), KK.replace("форумына", "қараша айындағы форумына"),
     "a Kazakh month"),
    (EN, EN.replace(" The President spoke about the development of the regions.", ""),
     "a sentence removed"),
    (RU, RU + " Он вернулся.", "a sentence added"),
    (KK, KK + "\nБәрі жақсы.", "a paragraph added"),
    (EN, EN.split("\n")[0], "a paragraph removed"),
    (EN, EN.replace("spoke about the development of", "praised the rapid and uneven growth across"),
     "more than a few words"),
])
def test_substantive(old, new, why):
    assert verdict(old, new).significance == "substantive", why


def test_a_capitalised_word_that_starts_a_sentence_is_no_name():
    old = "The meeting ended. Talks went well."
    new = "The meeting ended. Talks went smoothly."
    assert verdict(old, new).significance == "minor"
    # but changing the word that starts the sentence is still only a word
    assert verdict(old, "The meeting ended. Discussions went well.").significance == "minor"


def test_title_only_change():
    old = page(RU, title="Глава государства провел совещание")
    new = page(RU, title="Глава государства провел расширенное совещание")
    result = classify(old, new)
    assert result.title_changed and not result.date_changed
    assert result.significance == "minor"
    assert result.words_added == ["расширенное"] and result.words_removed == []


def test_title_name_change_is_substantive():
    result = classify(page(EN, title="President meets the delegation"),
                      page(EN, title="President meets Xi Jinping"))
    assert result.title_changed and result.significance == "substantive"


def test_title_typography_only():
    result = classify(page(KK, title="«Астана» форумы"), page(KK, title="\"Астана\" форумы"))
    assert result.significance == "typographic" and result.title_changed


def test_date_line_change():
    result = classify(page(KK, date_raw="2023 жылғы 14 желтоқсан"), page(KK, date_raw="2023 жылғы 15 желтоқсан"))
    assert result.date_changed and not result.title_changed
    assert result.significance == "substantive"
    assert result.words_removed == ["14"] and result.words_added == ["15"]
    spaced = classify(page(RU, date_raw="14 декабря 2023"), page(RU, date_raw="14\u00a0декабря 2023"))
    assert spaced.significance == "typographic" and spaced.date_changed


def test_words_are_in_field_then_text_order():
    result = classify(page(EN, title="A b"), page(EN.replace("cooperation", "trade"), title="A c"))
    assert result.words_removed == ["b", "cooperation."]
    assert result.words_added == ["c", "trade."]


def test_word_diff_runs():
    runs = word_diff("one two three\nfour", "one 2 three\nfour five")
    assert runs == [("equal", ["one"]), ("delete", ["two"]), ("insert", ["2"]),
                    ("equal", ["three", PARAGRAPH, "four"]), ("insert", ["five"])]
    assert word_diff("", "") == []
    assert word_diff("a", "") == [("delete", ["a"])]
    # quote marks show in the reader's diff even though they are only typography
    assert ("delete", ["«Астана»"]) in word_diff("«Астана»", "\"Астана\"")


def test_missing_fields_are_empty():
    assert classify({"body": "x"}, {"body": "x", "title": None}).significance is None
    assert classify({}, {"body": "Жаңа мәтін."}).significance == "substantive"


from hypothesis import given, settings, strategies as st  # noqa: E402

WORDS = st.lists(st.sampled_from(["Президент", "сөз", "слово", "word", "«Астана»", "2024", "—", "жыл.",
                                  "и", "the", "Head", "State."]), min_size=1, max_size=30)


@given(WORDS)
@settings(max_examples=200, deadline=None)
def test_any_text_against_itself_is_no_change(words):
    text = " ".join(words)
    assert verdict(text, text).significance is None


@given(WORDS, st.sampled_from(["quotes", "dashes", "nbsp", "case", "spaces"]))
@settings(max_examples=200, deadline=None)
def test_typography_alone_is_typographic(words, how):
    old = " ".join(words)
    new = {"quotes": lambda t: t.replace("«", "\"").replace("»", "\""),
           "dashes": lambda t: t.replace("—", "–"),
           "nbsp": lambda t: t.replace(" ", "\u00a0", 1),
           "case": str.upper,
           "spaces": lambda t: t.replace(" ", "  ")}[how](old)
    assert verdict(old, new).significance == (None if new == old else "typographic")


@given(WORDS, WORDS)
@settings(max_examples=200, deadline=None)
def test_word_diff_rebuilds_both_sides(old_words, new_words):
    runs = word_diff(" ".join(old_words), " ".join(new_words))
    assert [w for tag, ws in runs if tag != "insert" for w in ws] == old_words
    assert [w for tag, ws in runs if tag != "delete" for w in ws] == new_words
