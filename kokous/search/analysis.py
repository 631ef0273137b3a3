"""The text analyser of search: turns Finnish and Swedish text into the terms it is indexed
under, and a query's words into the terms they are looked up by.

A Finnish word is indexed under every base form Voikko gives it and, when it is a compound,
under the base forms of its parts and of their runs ("pöytäkirjantarkastajiksi" →
`pöytäkirjantarkastaja`, `pöytä`, `kirja`, `tarkastaja`, `pöytäkirja`, `kirjantarkastaja`).
A word Voikko does not know ("VATE:n", a new coinage) falls back to its Snowball stem. Swedish
text is stemmed with the Swedish Snowball stemmer. Each word is analysed once per process
(an LRU cache); a Voikko handle is not thread-safe, so each thread opens its own.

Terms are lower case and contain only letters and digits (hyphens and colons are dropped:
"sote-uudistus" → `soteuudistus`), so both backends' tokenisers keep a term whole.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from libvoikko import Voikko

FINNISH = "fi"
SWEDISH = "sv"
LANGUAGES = (FINNISH, SWEDISH)

# A word: letters and digits, possibly joined by hyphens, colons (VATE:n), dots between
# digits (1.1.2022) or apostrophes. The separators stay inside the surface form only.
WORD_RE = re.compile(r"\w+(?:[-:'’.]\w+)*")
_NON_TERM_RE = re.compile(r"[\W_]+")
_WORDBASE_RE = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")
# After "melu-": other such words, then "ja" (or another conjunction) and the compound.
_COORDINATION_RE = re.compile(
    r"-(?:\s*,\s*\w+-)*\s+(?:ja|tai|sekä|eli|taikka|tahi|and|och)\s+(\w+(?:-\w+)*)",
    re.IGNORECASE,
)
_EXTRA_BRACKETS_RE = re.compile(r"(\([^)]*\))(?:\([^)]*\))+")
# Runs of compound parts indexed together are built for words of at most this many parts.
_MAX_PARTS = 5
_CACHE_SIZE = 500_000
MAX_TERM = 100  # longer terms are cut (an index keeps no endless "words")

_local = threading.local()
_PROBE_WORD = "kokouksessa"


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its surface form, its place, and the terms it is indexed under.
    `terms[0]` is the word's primary term (its first base form), used for phrases."""

    surface: str
    start: int
    end: int
    terms: tuple[str, ...]


def _voikko() -> Voikko:
    handle = getattr(_local, "voikko", None)
    if handle is None:
        handle = _voikko_open()
        _local.voikko = handle
    return handle


def _voikko_open(attempts: int = 3) -> Voikko:
    """A new Voikko handle, checked to analyse a word it must know. One CI run saw a thread's
    handle analyse nothing (every word fell back to Snowball) and no cause was found, so a
    handle that fails the check is closed and opened again, and after that it is an error
    rather than an index built silently from stems."""
    for _ in range(attempts):
        handle = Voikko(FINNISH)
        if handle.analyze(_PROBE_WORD):
            return handle
        handle.terminate()
    raise RuntimeError(f"Voikko opened but analyses nothing (not even {_PROBE_WORD!r})")


def _stemmers() -> Any:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = {
            language: snowballstemmer.stemmer(name)
            for language, name in ((FINNISH, "finnish"), (SWEDISH, "swedish"))
        }
        _local.stemmers = stemmers
    return stemmers


def term_normalise(text: str) -> str:
    """A term as stored: NFC, lower case, letters and digits only."""
    return _NON_TERM_RE.sub("", unicodedata.normalize("NFC", text).lower())


def _stem(word: str, language: str) -> str:
    return term_normalise(_stemmers()[language].stemWord(word.lower()))


def _stem_fixed(word: str) -> str:
    """The Finnish Snowball stem stemmed again until it stops changing: the forms of a word
    Voikko does not know stem differently (carea → care, carean → carea), their fixed points
    less so (care)."""
    stem = _stem(word, FINNISH)
    for _ in range(4):
        again = _stem(stem, FINNISH)
        if again == stem or not again:
            break
        stem = again
    return stem


def _analyses(word: str) -> list[dict[str, str]]:
    return list(_voikko().analyze(word))


def _part_lemmas(surface: str) -> list[str]:
    """Base forms of a compound's non-final part given by its surface ("terveyden" →
    terveys), or the surface itself when Voikko does not know it alone."""
    lemmas = [a["BASEFORM"] for a in _analyses(surface) if a.get("BASEFORM")]
    return lemmas or [surface]


def _compound_terms(baseform: str, wordbases: str) -> list[str]:
    """The terms of one analysis's compound parts and runs of parts (not the whole word)."""
    parts: list[list[str]] = []  # each part: [surface, base, derived ("1" or "")]
    # Voikko sometimes gives a derived element two bracket groups ("valmistel(valmistaa)(+la)"):
    # the first names the element's base.
    wordbases = _EXTRA_BRACKETS_RE.sub(r"\1", wordbases)
    for surface, base in _WORDBASE_RE.findall(wordbases):
        if surface == "-" and not base:
            parts.append(["", "", "-"])  # a hyphen closes the part before it
            continue
        starts_part = bool(base) and not base.startswith("+")
        if starts_part or not parts or parts[-1][2] == "-":
            parts.append([surface, base.replace("=", "") if base else surface, ""])
        else:
            parts[-1][0] += surface
            parts[-1][2] = "1"
    parts = [part for part in parts if part[2] != "-"]
    if len(parts) < 2 or len(parts) > _MAX_PARTS:
        return []
    lowered = baseform.lower()
    surfaces = [part[0].lower() for part in parts]
    lemmas: list[list[str]] = []
    for index, (surface, base, derived) in enumerate(parts):
        if index == len(parts) - 1:
            prefix_length = len("".join(surfaces[:-1]))
            # The final part's base form is what remains of the whole base form, once the
            # earlier parts (and any hyphen) are taken off.
            rest = (
                lowered.replace("-", "")[prefix_length:]
                if "-" in lowered
                else (lowered[prefix_length:])
            )
            lemmas.append([rest] if rest else [base.lower()])
        elif derived:
            lemmas.append([lemma.lower() for lemma in _part_lemmas(surface)])
        else:
            lemmas.append([base.lower()])
    terms: list[str] = []
    for first in range(len(parts)):
        for last in range(first, len(parts)):
            if first == 0 and last == len(parts) - 1:
                continue  # the whole word is its base form
            prefix = "".join(surfaces[first:last])
            terms.extend(prefix + lemma for lemma in lemmas[last])
    return terms


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _word_analysis(word: str, language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the word's base-form terms, all its terms with the primary one first)."""
    word = unicodedata.normalize("NFKC", word)  # ligatures of PDF text: "ﬁ" → "fi"
    if language == SWEDISH:
        stem = _stem(word, SWEDISH)
        return ((stem,), (stem,)) if stem else ((), ())
    bases: list[str] = []
    terms: list[str] = []
    analyses = _analyses(word)
    if not analyses and ":" in word and word.split(":", 1)[0].isalpha():
        # An abbreviation inflected with a colon: VATE:n, EU:ssa.
        return _word_analysis(word.split(":", 1)[0], language)
    if not analyses and "-" in word:
        # An unknown hyphenated word (ICT-palveluista): as a whole, its earlier pieces as
        # written and its last piece in its base form (ictpalvelu); and each piece alone.
        pieces = [piece for piece in word.split("-") if piece]
        if pieces:
            last = _word_analysis(pieces[-1], language)[0]
            head = term_normalise("".join(pieces[:-1]))
            bases.extend(head + base for base in last or (term_normalise(pieces[-1]),))
            for piece in pieces:
                terms.extend(_word_analysis(piece, language)[1])
    for analysis in analyses:
        baseform = analysis.get("BASEFORM")
        if not baseform:
            continue
        bases.append(term_normalise(baseform))
        wordbases = analysis.get("WORDBASES")
        if wordbases:
            terms.extend(term_normalise(t) for t in _compound_terms(baseform, wordbases))
    if not bases:
        bases.append(_stem(word, FINNISH) or term_normalise(word))
        bases.append(_stem_fixed(word))
    return _unique(bases), _unique(bases + terms)


def _unique(terms: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(term[:MAX_TERM] for term in terms if term))


def word_terms(word: str, language: str = FINNISH) -> tuple[str, ...]:
    """The terms one word is indexed under, the primary one (its first base form) first;
    empty for a word that has no letters or digits."""
    return _word_analysis(word, language)[1]


@functools.lru_cache(maxsize=_CACHE_SIZE)
def word_query_terms(word: str) -> tuple[str, ...]:
    """What a Finnish query word is looked up by: its base forms and, in case the indexed text
    has it in a form Voikko does not know (a name: "Korialla"), its fixed-point stem, which
    only the unknown words of the text carry."""
    word = unicodedata.normalize("NFKC", word)
    return _unique([*word_base_terms(word), _stem_fixed(word)])


def word_base_terms(word: str, language: str = FINNISH) -> tuple[str, ...]:
    """The word's base forms as terms, without its compound parts: what a query word is
    looked up by."""
    return _word_analysis(word, language)[0]


def _last_part_surface(word: str) -> str:
    """The last compound part of `word` as written ("välkeselvitykset" → "selvitykset"), or ""
    when the word is not a compound."""
    if "-" in word:
        return word.rsplit("-", 1)[1]
    for analysis in _analyses(word):
        wordbases = _EXTRA_BRACKETS_RE.sub(r"\1", analysis.get("WORDBASES") or "")
        elements = _WORDBASE_RE.findall(wordbases)
        starts = [
            index
            for index, (_surface, base) in enumerate(elements)
            if base and not base.startswith("+")
        ]
        if len(starts) >= 2:
            prefix = "".join(surface for surface, _ in elements[: starts[-1]])
            if word.lower().startswith(prefix.lower()):
                return word[len(prefix) :]
    return ""


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _coordinated_terms(first: str, last: str) -> tuple[str, ...]:
    surface = _last_part_surface(last)
    return word_terms(first + surface) if surface else ()


def _words(text: str, language: str) -> Iterator[tuple[re.Match[str], tuple[str, ...]]]:
    """Each word of the text with its terms. A word that shares the last part of a compound
    further on ("melu- ja välkeselvitykset", "sosiaali-, terveys- ja pelastuspalvelut") also
    carries the terms of the compound it stands for (meluselvitys, sosiaalipalvelu)."""
    for match in WORD_RE.finditer(text):
        terms = word_terms(match.group(), language)
        if not terms:
            continue
        end = match.end()
        if language == FINNISH and text[end : end + 1] == "-":
            coordination = _COORDINATION_RE.match(text, end)
            if coordination:
                extra = _coordinated_terms(match.group(), coordination.group(1))
                if extra:
                    terms = tuple(dict.fromkeys(terms + extra))
        yield match, terms


def text_tokens(text: str, language: str = FINNISH) -> list[Token]:
    """Every word of the text with its place and terms; words without terms are left out."""
    return [
        Token(match.group(), match.start(), match.end(), terms)
        for match, terms in _words(text, language)
    ]


def text_terms(text: str, language: str = FINNISH) -> list[tuple[str, ...]]:
    """The terms of each word of the text, in order (one tuple a position)."""
    return [terms for _match, terms in _words(text, language)]


def analysis_cache_clear() -> None:
    """Forget every cached analysis (benchmarks measure the cold speed with it)."""
    _word_analysis.cache_clear()
    word_query_terms.cache_clear()
    _coordinated_terms.cache_clear()


def analysis_cache_info() -> Any:
    """Hits and misses of the analysis cache."""
    return _word_analysis.cache_info()
