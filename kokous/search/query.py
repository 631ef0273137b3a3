"""A search query: what a resident types, read into clauses that both backends compile.

The syntax is what search boxes usually take: words (all must match, in any inflected form),
`"a phrase"` (the words next to each other, each in any form), `prefix*` (any term starting
so), and `-word` (must not match). Words are analysed like the indexed text, so "valtuusto"
finds "aluevaltuuston".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kokous.search import analysis

MAX_CLAUSES = 12
MAX_PHRASE_WORDS = 8
_MIN_PREFIX = 2
_CLAUSE_RE = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


@dataclass(frozen=True)
class Clause:
    """One part of a query. `positions` are the term alternatives of each word (one word for a
    plain word, several for a phrase); `prefix` is set for `prefix*`."""

    positions: tuple[tuple[str, ...], ...] = ()
    prefix: str = ""
    negated: bool = False
    surface: str = ""

    @property
    def is_phrase(self) -> bool:
        return len(self.positions) > 1


@dataclass(frozen=True)
class Query:
    """A parsed query; empty when nothing searchable was typed."""

    text: str
    clauses: tuple[Clause, ...] = field(default_factory=tuple)

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.negated)

    def __bool__(self) -> bool:
        return bool(self.positive)

    def highlight_terms(self) -> frozenset[str]:
        """Every term of the positive clauses: a text word carrying one of them is marked."""
        return frozenset(
            term for clause in self.positive for position in clause.positions for term in position
        )

    def highlight_prefixes(self) -> tuple[str, ...]:
        return tuple(clause.prefix for clause in self.positive if clause.prefix)


def _word_alternatives(word: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The terms a query word is looked up by: its base forms, not its compound parts (a
    search for "aluevaltuusto" should not find every "alue"; the indexed text carries the
    parts), plus its Swedish stem when Swedish is searched too."""
    terms = dict.fromkeys(analysis.word_query_terms(word))
    if analysis.SWEDISH in languages:
        terms.update(dict.fromkeys(analysis.word_terms(word, analysis.SWEDISH)))
    return tuple(terms)


def query_parse(text: str, *, languages: tuple[str, ...] = ("fi",)) -> Query:
    """Read what was typed. Swedish stems are looked up too when `languages` has "sv"."""
    text = text.replace("\x00", " ")[:500]
    clauses: list[Clause] = []
    for match in _CLAUSE_RE.finditer(text):
        if len(clauses) >= MAX_CLAUSES:
            break
        negated = bool(match.group(1) or match.group(3))
        if match.group(2) is not None:
            words = analysis.WORD_RE.findall(match.group(2))[:MAX_PHRASE_WORDS]
            positions = tuple(
                alternatives
                for word in words
                if (alternatives := _word_alternatives(word, languages))
            )
            if positions:
                clauses.append(Clause(positions, negated=negated, surface=match.group(2)))
            continue
        token = match.group(4)
        if token.endswith("*"):
            prefix = analysis.term_normalise(token.rstrip("*"))
            if len(prefix) >= _MIN_PREFIX:
                clauses.append(Clause(prefix=prefix, negated=negated, surface=token))
            continue
        for word in analysis.WORD_RE.findall(token):
            alternatives = _word_alternatives(word, languages)
            if alternatives:
                clauses.append(Clause((alternatives,), negated=negated, surface=word))
    return Query(text=text.strip(), clauses=tuple(clauses[:MAX_CLAUSES]))
