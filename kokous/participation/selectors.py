"""Reads of participation: results of a survey by question, the public lists, a draft's
paragraphs with their comments, and what a case's history shows of its consultations."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kokous.participation.charts import Bar
from kokous.participation.models import (
    Answer,
    Comment,
    CommentRound,
    DraftParagraph,
    Option,
    Question,
    Response,
    Survey,
)
from kokous.participation.services import SurveyQuestions, survey_questions


@dataclass
class MatrixRow:
    option: Option
    bars: list[Bar]
    total: int
    mean: float | None

    @property
    def key(self) -> str:
        return f"{self.option.question_id}-{self.option.pk}"


@dataclass
class RankedItem:
    option: Option
    mean_rank: float | None
    first: int
    total: int


@dataclass
class QuestionResult:
    """A question's answers: `total` is how many answered it; the rest by the kind."""

    question: Question
    number: int
    total: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)
    ranking: list[RankedItem] = field(default_factory=list)
    files: list[Answer] = field(default_factory=list)

    @property
    def key(self) -> str:
        return str(self.question.pk)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    filter_option: Option | None = None


def _mean(values: Iterable[int]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 2) if items else None


def submitted_responses(
    *, survey: Survey, filter_option: Option | None = None
) -> QuerySet[Response]:
    responses = survey.responses.filter(submitted_at__isnull=False)
    if filter_option is not None:
        chosen = [
            a.response_id
            for a in Answer.objects.filter(
                question_id=filter_option.question_id, response__in=responses
            ).only("response_id", "value")
            if isinstance(a.value, list) and filter_option.pk in a.value
        ]
        responses = responses.filter(pk__in=chosen)
    return responses


def survey_results(
    *,
    survey: Survey,
    filter_option: Option | None = None,
    question_id: int | None = None,
    with_texts: bool = True,
) -> SurveyResults:
    """Counts by option, means of scales, ranks and the text answers of every question (or
    one), of the sent answers, or of those who chose `filter_option`. Answers are read in one
    query; texts only when `with_texts` (the public summary shows none)."""
    sq: SurveyQuestions = survey_questions(survey=survey)
    responses = submitted_responses(survey=survey, filter_option=filter_option)
    answers: dict[int, list[Answer]] = defaultdict(list)
    query = Answer.objects.filter(response__in=responses).order_by("response__submitted_at", "pk")
    if question_id is not None:
        query = query.filter(question_id=question_id)
    for answer in query:
        answers[answer.question_id].append(answer)
    results = []
    for number, question in enumerate(sq.questions, start=1):
        if question_id is not None and question.pk != question_id:
            continue
        options = sq.options[question.pk]
        given = answers.get(question.pk, [])
        values: list[Any] = [a.value for a in given]
        result = QuestionResult(question=question, number=number, total=len(given))
        kind = question.kind
        if kind in Question.CHOICE_KINDS:
            counts = Counter(pk for value in values for pk in (value or []))
            result.bars = [Bar(label=o.text, count=counts[o.pk]) for o in options]
        elif kind == Question.Kind.SCALE:
            counts = Counter(int(value) for value in values)
            result.bars = [
                Bar(label=label, count=counts[point])
                for point, label in enumerate(question.scale_labels(), start=1)
            ]
            result.mean = _mean(int(value) for value in values)
        elif kind == Question.Kind.MATRIX:
            labels = question.scale_labels()
            for option in options:
                key = str(option.pk)
                points = [int(value[key]) for value in values if key in value]
                counts = Counter(points)
                result.rows.append(
                    MatrixRow(
                        option=option,
                        bars=[Bar(label=lb, count=counts[p]) for p, lb in enumerate(labels, 1)],
                        total=len(points),
                        mean=_mean(points),
                    )
                )
        elif kind == Question.Kind.RANKING:
            for option in options:
                ranks = [value.index(option.pk) + 1 for value in values if option.pk in value]
                result.ranking.append(
                    RankedItem(
                        option=option,
                        mean_rank=_mean(ranks),
                        first=ranks.count(1),
                        total=len(ranks),
                    )
                )
            result.ranking.sort(key=lambda r: (r.mean_rank is None, r.mean_rank or 0))
            result.bars = [Bar(label=r.option.text, count=r.first) for r in result.ranking]
        elif kind == Question.Kind.FILE:
            result.files = given
        elif with_texts:
            result.texts = [str(value) for value in values]
        results.append(result)
    return SurveyResults(
        survey=survey,
        responses=responses.count(),
        questions=results,
        filter_option=filter_option,
    )


def public_surveys(*, now: dt.datetime | None = None) -> QuerySet[Survey]:
    now = now or timezone.now()
    return (
        Survey.objects.filter(published=True, opens_at__lte=now)
        .select_related("organisation")
        .order_by("-closes_at")
    )


def public_rounds(*, now: dt.datetime | None = None) -> QuerySet[CommentRound]:
    now = now or timezone.now()
    return (
        CommentRound.objects.filter(published=True, opens_at__lte=now)
        .select_related("organisation")
        .annotate(comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True)))
        .order_by("-closes_at")
    )


@dataclass
class ParagraphComments:
    paragraph: DraftParagraph | None
    comments: list[Comment]


def round_paragraphs(*, round: CommentRound, supporter_key: str = "") -> list[ParagraphComments]:
    """The draft's paragraphs in order, each with its comments (oldest first, with the number
    of supports and whether this supporter has supported), then the comments on the whole."""
    comments = (
        Comment.objects.filter(round=round)
        .annotate(
            support_count=Count("supports", distinct=True),
            supported=Count(
                "supports", filter=Q(supports__supporter_key=supporter_key or "-"), distinct=True
            ),
        )
        .order_by("created_at", "pk")
    )
    by_paragraph: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        by_paragraph[comment.paragraph_id].append(comment)
    sections = [
        ParagraphComments(paragraph=p, comments=by_paragraph.get(p.pk, []))
        for p in round.paragraphs.all()
    ]
    sections.append(ParagraphComments(paragraph=None, comments=by_paragraph.get(None, [])))
    return sections


def round_comments_for_staff(*, round: CommentRound) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(round=round)
        .select_related("paragraph", "hidden_by")
        .annotate(support_count=Count("supports"))
        .order_by("paragraph__position", "created_at", "pk")
    )


@dataclass
class CaseConsultation:
    kind: str  # "survey" | "round"
    item: Survey | CommentRound
    count: int


def case_consultations(*, case_id: int, public: bool = True) -> list[CaseConsultation]:
    """The surveys and comment rounds of a case, for its history: how many answered or
    commented. The public see only published ones."""
    surveys: Any = Survey.objects.filter(case_id=case_id).annotate(
        count=Count("responses", filter=Q(responses__submitted_at__isnull=False))
    )
    rounds: Any = CommentRound.objects.filter(case_id=case_id).annotate(
        count=Count("comments", filter=Q(comments__hidden_at__isnull=True))
    )
    if public:
        surveys, rounds = surveys.filter(published=True), rounds.filter(published=True)
    found = [CaseConsultation("survey", s, s.count) for s in surveys] + [
        CaseConsultation("round", r, r.count) for r in rounds
    ]
    return sorted(found, key=lambda c: c.item.opens_at)


def survey_for_answering(*, slug: str) -> Survey:
    return (
        Survey.objects.select_related("organisation")
        .prefetch_related(Prefetch("closing_changes"))
        .get(slug=slug, published=True)
    )
