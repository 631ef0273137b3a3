"""Tests of the search analyser with the real Voikko and Snowball stemmers (no database).

The analyser is imported directly: it needs only libvoikko and snowballstemmer.
"""

from __future__ import annotations

import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libvoikko import Voikko

from kokous.search.analysis import (
    WORD_RE,
    analysis_cache_clear,
    analysis_cache_info,
    term_normalise,
    text_terms,
    text_tokens,
    word_base_terms,
    word_query_terms,
    word_terms,
)

TERM_RE = re.compile(r"^[^\W_]+$")

# Words whose analysis the tests below compare across threads and check the shape of.
VOCABULARY = [
    "hyvinvointialueen",
    "hyvinvointialueelle",
    "hyvinvointialue",
    "Kymenlaakson",
    "kokouksen",
    "kokouksessa",
    "päätöksen",
    "päätöksistä",
    "päätti",
    "päätettiin",
    "aluevaltuuston",
    "pöytäkirjantarkastajiksi",
    "terveydenhuollon",
    "sote-uudistus",
    "sote-uudistuksen",
    "Pohjois-Kymenlaakson",
    "VATE:n",
    "EU:ssa",
    "kvörpeli",
    "kvörpelissä",
    "kvörpeli-uudistus",
    "COVID-19",
    "2022",
    "1.1.2022",
    "valmistelu",
    "alusta",
    "KOKOUKSEN",
]
SWEDISH_VOCABULARY = ["välfärdsområdet", "beslut", "besluten", "sammanträdet", "protokoll"]


@pytest.fixture(scope="module")
def voikko():
    handle = Voikko("fi")
    yield handle
    handle.terminate()


def finnish_stem(word: str) -> str:
    return snowballstemmer.stemmer("finnish").stemWord(word.lower())


def swedish_stem(word: str) -> str:
    return snowballstemmer.stemmer("swedish").stemWord(word.lower())


# --- Base forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "primary"),
    [
        ("hyvinvointialue", "hyvinvointialue"),
        ("hyvinvointialueen", "hyvinvointialue"),
        ("hyvinvointialueelle", "hyvinvointialue"),
        ("kokouksen", "kokous"),
        ("kokouksessa", "kokous"),
        ("KOKOUKSEN", "kokous"),
        ("Kokouksen", "kokous"),
        ("päätöksen", "päätös"),
        ("päätöksistä", "päätös"),
        ("aluevaltuuston", "aluevaltuusto"),
        ("valtuustoon", "valtuusto"),
        ("Helsingin", "helsinki"),
        ("Kymenlaakson", "kymenlaakso"),
        # Verbs: finite forms and the passive come back to the infinitive.
        ("päätti", "päättää"),
        ("päätettiin", "päättää"),
        ("päättää", "päättää"),
    ],
)
def test_word_gets_its_base_form_as_primary_term(word, primary):
    assert word_terms(word)[0] == primary
    assert word_base_terms(word)[0] == primary


def test_simple_words_have_only_their_base_form():
    assert word_terms("kokouksen") == ("kokous",)
    assert word_terms("päätöksen") == ("päätös",)
    assert word_terms("päätti") == ("päättää",)
    assert word_terms("valtuustossa") == ("valtuusto",)


def test_ambiguous_word_gets_every_base_form():
    # "alusta" is a form of alku, alus, alunen, alusta (a platform) and alustaa.
    terms = word_terms("alusta")
    assert {"alku", "alus", "alusta", "alustaa"} <= set(terms)
    assert set(word_base_terms("alusta")) == set(terms)


# --- Compounds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "primary", "parts"),
    [
        ("aluevaltuuston", "aluevaltuusto", {"alue", "valtuusto"}),
        ("hyvinvointialueelle", "hyvinvointialue", {"hyvinvointi", "alue"}),
        (
            "pöytäkirjantarkastajiksi",
            "pöytäkirjantarkastaja",
            {"tarkastaja", "pöytäkirja", "kirja", "pöytä", "kirjantarkastaja"},
        ),
        # A part inflected inside the compound comes back to its own base form.
        ("terveydenhuollon", "terveydenhuolto", {"terveys", "huolto"}),
        ("sote-uudistus", "soteuudistus", {"sote", "uudistus"}),
        ("sote-uudistuksen", "soteuudistus", {"sote", "uudistus"}),
        (
            "Pohjois-Kymenlaakson",
            "pohjoiskymenlaakso",
            {"pohjoinen", "kymenlaakso", "laakso"},
        ),
        ("Pohjois-Kymenlaaksossa", "pohjoiskymenlaakso", {"pohjoinen", "kymenlaakso"}),
    ],
)
def test_compound_is_indexed_under_its_parts(word, primary, parts):
    terms = word_terms(word)
    assert terms[0] == primary
    assert parts <= set(terms)
    # A query word is looked up by its base forms only, not by its parts.
    assert word_base_terms(word) == (primary,)
    assert not parts & set(word_base_terms(word))


def test_hyphen_and_colon_are_dropped_from_terms():
    assert "sote-uudistus" not in word_terms("sote-uudistus")
    assert all(TERM_RE.match(term) for term in word_terms("Pohjois-Kymenlaakson"))


# --- Unknown words, abbreviations, numbers ----------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ["kvörpeli", "kvörpelin", "kvörpelissä", "kvörpeleistä"],
        ["zorblatti", "zorblatin", "zorblattia"],
    ],
)
def test_unknown_word_falls_back_to_the_snowball_stem(voikko, forms):
    for form in forms:
        assert voikko.analyze(form) == []  # really unknown to Voikko
    stem = finnish_stem(forms[0])
    for form in forms:
        assert finnish_stem(form) == stem
        # The stem first; the stem's own fixed point after it when it differs.
        assert word_terms(form)[0] == stem
        assert word_base_terms(form) == word_terms(form)
        assert set(word_terms(form)) <= {stem, finnish_stem(stem), finnish_stem(finnish_stem(stem))}


def test_unknown_names_meet_through_their_fixed_point_stem():
    # Snowball stems "Carea" and "Carean" differently; their fixed points meet.
    assert set(word_query_terms("Carea")) & set(word_terms("Carean"))
    # Voikko reads "Koria" as kori (a basket) but does not know "Korialla".
    assert set(word_query_terms("Koria")) & set(word_terms("Korialla"))


@pytest.mark.parametrize(
    ("text", "word", "compound"),
    [
        ("melu- ja välkeselvitykset", "melu", "meluselvitys"),
        ("sosiaali-, terveys- ja pelastuspalvelut", "terveys", "terveyspalvelu"),
        ("kesä- ja elokuun", "kesä", "kesäkuu"),
        ("maakunta- ja sote-uudistuksen", "maakunta", "maakuntauudistus"),
    ],
)
def test_a_word_sharing_a_later_compounds_last_part_carries_the_compound(text, word, compound):
    tokens = {token.surface: token.terms for token in text_tokens(text)}
    assert tokens[word][0] == word_terms(word)[0]  # the word itself stays primary
    assert compound in tokens[word]


def test_voikkos_double_bracket_groups_give_real_parts():
    terms = word_terms("valmistelutyöryhmän")
    assert {"valmistelu", "työryhmä", "ryhmä"} <= set(terms)
    assert "valmisteluvaihe" in word_terms("esivalmisteluvaiheen")
    assert "kuu" in word_terms("elokuun")


def test_unknown_hyphenated_word_is_indexed_whole_and_by_its_pieces(voikko):
    assert voikko.analyze("kvörpeli-uudistus") == []
    terms = word_terms("kvörpeli-uudistus")
    assert terms[0] == "kvörpeliuudistus"
    assert {finnish_stem("kvörpeli"), "uudistus"} <= set(terms)
    assert word_base_terms("kvörpeli-uudistus") == ("kvörpeliuudistus",)


@pytest.mark.parametrize(
    ("inflected", "bare"),
    [("VATE:n", "VATE"), ("EU:ssa", "EU"), ("SOTE:ssa", "SOTE"), ("HUS:n", "HUS")],
)
def test_abbreviation_inflected_with_a_colon_gets_the_bare_abbreviation_terms(inflected, bare):
    assert word_terms(inflected) == word_terms(bare)
    assert word_terms(inflected)[0] == bare.lower()
    assert word_base_terms(inflected) == word_base_terms(bare)


def test_numbers():
    assert word_terms("2022") == ("2022",)
    assert word_terms("19") == ("19",)
    # A date is one word; its dots are dropped from the term.
    assert [token.surface for token in text_tokens("1.1.2022")] == ["1.1.2022"]
    assert word_terms("1.1.2022") == ("112022",)
    assert {"covid", "19"} <= set(word_terms("COVID-19"))
    assert text_terms("§ 12") == [("12",)]


# --- Swedish ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ["välfärdsområdet", "välfärdsområde", "välfärdsområden"],
        ["beslut", "besluten", "besluts", "beslutet"],
        ["sammanträde", "sammanträdet", "sammanträden"],
    ],
)
def test_swedish_inflected_forms_share_the_swedish_snowball_stem(forms):
    stem = swedish_stem(forms[0])
    for form in forms:
        assert word_terms(form, "sv") == (stem,)
        assert word_base_terms(form, "sv") == (stem,)


def test_swedish_uses_snowball_not_voikko():
    assert word_terms("beslut", "sv") == ("beslut",)
    assert word_terms("välfärdsområdet", "sv") == ("välfärdsområd",)
    # Swedish compounds are not split, and a Finnish word is stemmed as Swedish.
    assert len(word_terms("välfärdsområdet", "sv")) == 1
    assert word_terms("Pöytäkirja", "sv") == (swedish_stem("Pöytäkirja"),)
    assert word_terms("Pöytäkirja", "sv") != word_terms("Pöytäkirja")
    tokens = text_tokens("Välfärdsområdets beslut.", "sv")
    assert [token.terms for token in tokens] == [("välfärdsområd",), ("beslut",)]


# --- Shape of the terms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "language"),
    [(word, "fi") for word in VOCABULARY] + [(word, "sv") for word in SWEDISH_VOCABULARY],
)
def test_terms_are_lower_case_letters_and_digits_without_duplicates(word, language):
    terms = word_terms(word, language)
    assert terms
    assert len(set(terms)) == len(terms)
    for term in terms:
        assert TERM_RE.match(term), term
        assert term == term.lower()
        assert term == term_normalise(term)
    bases = word_base_terms(word, language)
    assert bases and bases[0] == terms[0]
    assert set(bases) <= set(terms)


@pytest.mark.parametrize("text", ["", " ", "...", "§", "-", "—", "!?", "___", "\x00", "❤️ 👍🏽"])
def test_punctuation_only_gives_no_terms(text):
    assert word_terms(text) == ()
    assert word_base_terms(text) == ()
    assert word_terms(text, "sv") == ()
    assert text_tokens(text) == []
    assert text_terms(text) == []


def test_term_normalise():
    assert term_normalise("Sote-Uudistus") == "soteuudistus"
    assert term_normalise("VATE:n") == "vaten"
    # Decomposed "ä" (a + combining diaeresis) is composed first, so it stays a letter.
    assert term_normalise("pa\u0308a\u0308to\u0308s") == "päätös"


# --- Tokens and offsets -----------------------------------------------------------------


def test_text_tokens_give_surface_places_and_terms():
    text = "Aluevaltuusto päätti: sote-uudistus (VATE:n) 1.1.2022 ❤ kokouksessa."
    tokens = text_tokens(text)
    assert [token.surface for token in tokens] == [
        "Aluevaltuusto",
        "päätti",
        "sote-uudistus",
        "VATE:n",
        "1.1.2022",
        "kokouksessa",
    ]
    for token in tokens:
        assert text[token.start : token.end] == token.surface
        assert token.terms == word_terms(token.surface)
    assert [token.terms[0] for token in tokens] == [
        "aluevaltuusto",
        "päättää",
        "soteuudistus",
        "vate",
        "112022",
        "kokous",
    ]
    assert text_terms(text) == [token.terms for token in tokens]


def test_null_byte_separates_words():
    tokens = text_tokens("kokous\x00päätös")
    assert [(t.surface, t.start, t.end) for t in tokens] == [("kokous", 0, 6), ("päätös", 7, 13)]


_PIECES = st.one_of(
    st.sampled_from(
        list("aeiouyäöåAÄÖÅklmnprstvhjgdbfw0123456789")
        + list("-:'’._ ,.;!?()§%€/\n\t\x00")
        + ["😀", "❤️", "👍🏽", "\u0301", "\u0308", "ﬁ", "İ", "ß", "ẞ", "Σ", "½", "²"]
    ),
    st.sampled_from(VOCABULARY + SWEDISH_VOCABULARY),
    st.characters(),
)
_TEXTS = st.one_of(
    st.lists(_PIECES, max_size=40).map("".join),
    st.lists(_PIECES, max_size=15).map(" ".join),
    st.text(max_size=40),
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=_TEXTS, language=st.sampled_from(["fi", "sv"]))
def test_text_tokens_property(text, language):
    tokens = text_tokens(text, language)
    previous_end = 0
    for token in tokens:
        assert 0 <= previous_end <= token.start < token.end <= len(text)
        assert text[token.start : token.end] == token.surface
        assert WORD_RE.fullmatch(token.surface)
        assert token.terms
        assert token.terms == word_terms(token.surface, language)
        assert len(set(token.terms)) == len(token.terms)
        for term in token.terms:
            assert TERM_RE.match(term), (token.surface, term)
        previous_end = token.end
    assert text_terms(text, language) == [token.terms for token in tokens]


# --- Caching ----------------------------------------------------------------------------


def test_each_word_is_analysed_once():
    analysis_cache_clear()
    info = analysis_cache_info()
    assert (info.hits, info.misses, info.currsize) == (0, 0, 0)

    first = word_terms("kokouksen")
    assert word_terms("kokouksen") == first
    assert word_terms("kokouksen", "fi") == first
    info = analysis_cache_info()
    assert (info.hits, info.misses, info.currsize) == (2, 1, 1)

    # Base terms, tokens and text terms of a word already seen reuse its analysis.
    word_base_terms("kokouksen")
    text_tokens("kokouksen kokouksen")
    text_terms("kokouksen")
    info = analysis_cache_info()
    assert (info.hits, info.misses) == (6, 1)

    # The language is part of what is cached.
    word_terms("kokouksen", "sv")
    assert analysis_cache_info().misses == 2

    analysis_cache_clear()
    info = analysis_cache_info()
    assert (info.hits, info.misses, info.currsize) == (0, 0, 0)
    assert word_terms("kokouksen") == first
    assert analysis_cache_info().misses == 1


# --- Threads ----------------------------------------------------------------------------


def _analyse_all(words: list[tuple[str, str]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(word_terms(w, lang), word_base_terms(w, lang)) for w, lang in words]


def test_analysing_in_several_threads_gives_the_single_threaded_results():
    words = [(w, "fi") for w in VOCABULARY] + [(w, "sv") for w in SWEDISH_VOCABULARY]
    analysis_cache_clear()
    expected = dict(zip(words, _analyse_all(words), strict=True))
    text = " ".join(w for w, lang in words if lang == "fi")
    expected_tokens = text_tokens(text)

    threads = 4
    for round_ in range(3):
        # A cold cache each round, and a barrier, so that the threads' Voikko handles
        # really analyse the same and different words at the same time.
        analysis_cache_clear()
        barrier = threading.Barrier(threads)
        orders = []
        for index in range(threads):
            order = list(words) * 2
            random.Random(round_ * threads + index).shuffle(order)
            orders.append(order)

        def work(order, barrier=barrier):
            barrier.wait(timeout=10)
            return order, _analyse_all(order), text_tokens(text)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            results = list(pool.map(work, orders))
        for order, analysed, tokens in results:
            assert dict(zip(order, analysed, strict=True)) == expected
            assert tokens == expected_tokens


# --- The promise of the issue: a query word finds the document word -----------------------


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("hyvinvointialue", "hyvinvointialueen"),
        ("hyvinvointialue", "hyvinvointialueelle"),
        ("valtuusto", "aluevaltuuston"),
        ("tarkastaja", "pöytäkirjantarkastajiksi"),
        ("kokous", "kokouksessa"),
        ("päätös", "päätöksistä"),
        # Both directions, inflected queries and parts of compounds.
        ("hyvinvointialueella", "hyvinvointialue"),
        ("kokoukset", "kokouksessa"),
        ("päättää", "päätettiin"),
        ("pöytäkirja", "pöytäkirjantarkastajiksi"),
        ("terveys", "terveydenhuollon"),
        ("huolto", "terveydenhuollon"),
        ("uudistus", "sote-uudistuksen"),
        ("Kymenlaakso", "Pohjois-Kymenlaaksossa"),
        ("VATE", "VATE:n"),
        ("kvörpeli", "kvörpeleistä"),
    ],
)
def test_query_terms_meet_document_terms(query, document):
    document_terms = set(word_terms(document))
    assert set(word_terms(query)) & document_terms
    assert word_terms(query)[0] in document_terms
    assert set(word_base_terms(query)) & document_terms


def test_query_phrase_matches_inflected_text_by_primary_terms():
    positions = text_terms("Kymenlaakson hyvinvointialueen valmistelu")
    query = ["Kymenlaakso", "hyvinvointialue", "valmistelu"]
    assert [word_terms(word)[0] for word in query] == [terms[0] for terms in positions]
    assert any("hyvinvointialue" in terms for terms in positions)
    assert any("alue" in terms for terms in positions)


@pytest.mark.parametrize(
    ("query", "document"),
    [("välfärdsområde", "välfärdsområdet"), ("beslut", "besluten"), ("besluts", "beslut")],
)
def test_swedish_query_terms_meet_document_terms(query, document):
    assert word_terms(query, "sv")[0] in word_terms(document, "sv")


# --- Unknown hyphenated words and very long words ------------------------------------------


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("ICT-palvelu", "ICT-palveluista"),
        ("LAPE-hanke", "LAPE-hankkeen"),
        ("kvörpeli-uudistus", "kvörpeli-uudistuksen"),
    ],
)
def test_unknown_hyphenated_compound_query_finds_its_inflected_forms(query, document):
    assert word_base_terms(query)[0] in word_terms(document)
    assert word_terms(query)[0] == word_terms(document)[0]


def test_very_long_hyphenated_word_keeps_primary_term_as_base_term():
    word = "kvörpeli" * 13 + "-uudistus"
    assert word_terms(word)[:1] == word_base_terms(word)[:1]


class _BrokenThenWorkingVoikko:
    """Stands in for libvoikko's class: its first `broken` handles analyse nothing."""

    opened: list[_BrokenThenWorkingVoikko] = []
    broken = 0

    def __init__(self, language):
        self.works = len(self.opened) >= self.broken
        self.terminated = False
        self.opened.append(self)

    def analyze(self, word):
        return [{"BASEFORM": "kokous"}] if self.works else []

    def terminate(self):
        self.terminated = True


def test_a_voikko_handle_that_analyses_nothing_is_opened_again(monkeypatch):
    from kokous.search import analysis

    monkeypatch.setattr(_BrokenThenWorkingVoikko, "opened", [])
    monkeypatch.setattr(_BrokenThenWorkingVoikko, "broken", 1)
    monkeypatch.setattr(analysis, "Voikko", _BrokenThenWorkingVoikko)
    handle = analysis._voikko_open()
    first, second = _BrokenThenWorkingVoikko.opened
    assert handle is second and first.terminated and not second.terminated


def test_a_voikko_that_never_analyses_is_an_error_not_a_silent_fallback(monkeypatch):
    from kokous.search import analysis

    monkeypatch.setattr(_BrokenThenWorkingVoikko, "opened", [])
    monkeypatch.setattr(_BrokenThenWorkingVoikko, "broken", 99)
    monkeypatch.setattr(analysis, "Voikko", _BrokenThenWorkingVoikko)
    with pytest.raises(RuntimeError, match="analyses nothing"):
        analysis._voikko_open()
    assert all(h.terminated for h in _BrokenThenWorkingVoikko.opened)
    assert len(_BrokenThenWorkingVoikko.opened) == 3
