"""Synthetic Finnish agenda items for the search benchmark, from a bigram model of the seeds.

The seeds (`/work/shared/seeds/*`, real Finnish minutes) give the word forms, their
frequencies and which word follows which. A sentence starts where a seed line starts and
follows the bigrams (sometimes jumping to a word drawn by its frequency), so the text reads
like shuffled minutes. The seeds alone hold under 2,000 word forms, far fewer than a million
documents would: some nouns are therefore made compounds with a head noun of the seeds
("hallituksen" → "kuntahallituksen", heads drawn Zipf-like), and dates, sums and record
numbers are sprinkled in, which gives the long tail of rare forms that a real index has and
that the analyser sees for the first time.

Every document is a function of (seed, index) only: any process can make any document, and
`corpus_document(index=i)` is the same in every run.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import glob
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from kokous.search.analysis import WORD_RE

SEEDS = "/work/shared/seeds/*"
SEED = 2026
BODIES = 12  # bodies of the synthetic index; documents name them 1..BODIES
ORGANISATIONS = 3
MEMBERS_SHARE = 0.2  # documents of the members' scope; the others are public
COMPOUND_SHARE = 0.08  # nouns made compounds
NUMBER_SHARE = 0.01  # words replaced by a date, sum or record number
DECISION_TYPES = ("adopted_as_proposed", "adopted_as_proposed", "adopted_after_vote", "")
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = (dt.date(2026, 10, 31) - FIRST_DAY).days


@dataclass(frozen=True)
class SyntheticItem:
    """One generated agenda item, as the search documents of `kokous.search.documents` see it."""

    index: int
    scope: str
    organisation_id: int
    body_id: int
    title: str
    text: str
    date: dt.date
    decision_type: str


class _Sampler:
    """Draws from a fixed distribution by bisecting cumulative weights."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = list(weights)
        running = 0.0
        self.cumulative = []
        for item in self.items:
            running += weights[item]
            self.cumulative.append(running)
        self.total = running

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


class Model:
    """Unigrams, bigrams, sentence starts and compound heads of the seeds."""

    def __init__(self, paths: list[str]) -> None:
        from libvoikko import Voikko

        lines = []
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                lines += [WORD_RE.findall(line) for line in handle]
        lines = [words for words in lines if words]
        counts: Counter[str] = Counter(word for words in lines for word in words)
        followers: dict[str, Counter[str]] = defaultdict(Counter)
        for words in lines:
            for first, second in zip(words, words[1:], strict=False):
                followers[first][second] += 1
        self.counts = counts
        self.unigram = _Sampler(dict(counts))
        self.starts = _Sampler(dict(Counter(words[0] for words in lines if len(words) > 2)))
        self.bigram = {word: _Sampler(dict(after)) for word, after in followers.items()}
        self.sentence_lengths = [len(words) for words in lines if len(words) > 2]

        voikko = Voikko("fi")
        heads: list[str] = []
        tails: set[str] = set()
        for word in sorted(counts, key=lambda w: (-counts[w], w)):
            if not word.isalpha() or not word.islower() or len(word) < 4:
                continue
            analyses = voikko.analyze(word)
            nouns = [a for a in analyses if a.get("CLASS") == "nimisana"]
            if not nouns or len(nouns) != len(analyses):
                continue
            tails.add(word)
            if any(
                a.get("SIJAMUOTO") == "nimento"
                and a.get("NUMBER") == "singular"
                and a.get("BASEFORM") == word
                and a.get("WORDBASES", "").count("+") == 1
                for a in nouns
            ):
                heads.append(word)
        voikko.terminate()
        self.tails = frozenset(tails)
        # Zipf over the heads, in the order of their frequency in the seeds.
        self.heads = _Sampler({head: 1.0 / (rank + 1) for rank, head in enumerate(heads)})
        self.top = {word for word, _ in counts.most_common(40)}

    # --- generating -------------------------------------------------------------------------

    def word(self, rng: random.Random, previous: str | None) -> str:
        follow = self.bigram.get(previous) if previous is not None else None
        if follow is not None and rng.random() < 0.85:
            word = follow(rng)
        else:
            word = self.unigram(rng)
        roll = rng.random()
        if roll < NUMBER_SHARE:
            return _number(rng)
        if word in self.tails and roll < NUMBER_SHARE + COMPOUND_SHARE:
            head = self.heads(rng)
            if head != word:
                return head + word
        return word

    def words(self, rng: random.Random, count: int) -> list[str]:
        out: list[str] = []
        previous = self.starts(rng)
        out.append(previous)
        while len(out) < count:
            word = self.word(rng, previous)
            out.append(word)
            previous = word
        return out

    def sentence(self, rng: random.Random) -> str:
        length = max(4, min(25, rng.choice(self.sentence_lengths) + rng.randint(-2, 6)))
        words = self.words(rng, length)
        if length > 10 and rng.random() < 0.4:
            words[rng.randint(3, length - 4)] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def title(self, rng: random.Random) -> str:
        text = " ".join(self.words(rng, rng.randint(3, 12)))
        return text[0].upper() + text[1:]

    def text(self, rng: random.Random) -> tuple[str, int]:
        """Paragraphs of sentences: log-normal length (median 220 words), 30 to 3,000 words."""
        target = int(min(3000, max(30, rng.lognormvariate(math.log(220), 0.6))))
        paragraphs: list[str] = []
        words = 0
        while words < target:
            sentences = []
            for _ in range(rng.randint(1, 5)):
                sentence = self.sentence(rng)
                sentences.append(sentence)
                words += sentence.count(" ") + 1
                if words >= target:
                    break
            paragraphs.append(" ".join(sentences))
        return "\n".join(paragraphs), words

    def query_words(self, rng: random.Random, count: int, *, items: int) -> list[str]:
        """`count` search words: half the time words near each other in one of the first
        `items` documents (as a person quotes what they read), otherwise words drawn by their
        frequency, compounds and rare forms included. Function words are left out."""
        if rng.random() < 0.5:
            item = corpus_item(index=rng.randrange(items))
            words = [w for w in WORD_RE.findall(item.text) if self._content(w)]
            if len(words) >= count:
                start = rng.randrange(len(words) - count + 1)
                window = words[start : start + count * 3]
                return rng.sample(window, count) if len(window) > count else window
        chosen: list[str] = []
        while len(chosen) < count:
            word = self.word(rng, None)
            if self._content(word) and word not in chosen:
                chosen.append(word)
        return chosen

    def _content(self, word: str) -> bool:
        return word.isalpha() and len(word) >= 3 and word.lower() not in self.top


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2015, 2026)}"
    if roll < 0.7:
        return f"{rng.randint(1, 999) * 1000}"
    return f"KYMDno-{rng.randint(2015, 2026)}-{rng.randint(1, 2000)}"


@functools.lru_cache(maxsize=1)
def corpus_model() -> Model:
    """The model of the seeds (built once a process)."""
    return Model(sorted(glob.glob(SEEDS)))


def corpus_item(*, index: int, seed: int = SEED) -> SyntheticItem:
    """The document `index` of the synthetic corpus."""
    model = corpus_model()
    rng = random.Random(seed * 1_000_003 + index)
    body = rng.randint(1, BODIES)
    title = model.title(rng)
    text, _ = model.text(rng)
    return SyntheticItem(
        index=index,
        scope="members" if rng.random() < MEMBERS_SHARE else "public",
        organisation_id=(body - 1) % ORGANISATIONS + 1,
        body_id=body,
        title=title,
        text=text,
        date=FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
        decision_type=rng.choice(DECISION_TYPES),
    )


def corpus_query(*, number: int, words: int, items: int, seed: int = SEED) -> str:
    """The search text of query `number` of `words` words, over the first `items` documents."""
    rng = random.Random((seed + 7) * 1_000_003 + words * 100_000 + number)
    return " ".join(corpus_model().query_words(rng, words, items=items))
