"""Every change to surveys and comment rounds: building a survey (locked once answers exist),
extending a closing time (recorded), answering (required and conditional questions, the
closing time, one answer per person), drafts, spam checks, comments, support and moderation.

Answers are given as values by question id, already converted from the form's strings (see
`forms.py`); this module holds the rules, so that the public form, the demo loader and the
tests cannot answer in a way the rules forbid."""

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kokous.core.uploads import attachment_check, max_attachment_bytes
from kokous.participation.drafts import draft_blocks
from kokous.participation.models import (
    Answer,
    ClosingChange,
    Comment,
    CommentRound,
    CommentSupport,
    DraftParagraph,
    Option,
    Question,
    Response,
    Section,
    SignIn,
    SubmissionAttempt,
    Survey,
)

Consultation = Survey | CommentRound
User = AbstractBaseUser | AnonymousUser

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10_000
COMMENT_MAX = 5_000
# The spam checks: a form sent sooner than this after it was shown is a robot's; a form
# older than the limit is shown again (its values kept) rather than refused.
MIN_SECONDS_TO_SUBMIT = 3
FORM_MAX_AGE = 7 * 24 * 3600
# How many submissions one address may make in an hour, by kind.
RATE_LIMITS = {"answer": 10, "comment": 20, "support": 200}
RATE_WINDOW = dt.timedelta(hours=1)
_FORM_SALT = "kokous.participation.form"


# Keys ------------------------------------------------------------------------------------------


def _keyed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def person_key(*, user: User | None, browser_token: str = "") -> str:
    """Who is answering, supporting or commenting, as a keyed hash: the signed-in user, else
    the browser's participant cookie, else nobody (""). Never reversible to the user."""
    if user is not None and user.is_authenticated:
        return _keyed(f"user:{user.pk}")
    if browser_token:
        return _keyed(f"browser:{browser_token}")
    return ""


def client_key(address: str) -> str:
    return _keyed(f"address:{address}")


# Spam checks -----------------------------------------------------------------------------------


def form_token_make(*, now: dt.datetime | None = None) -> str:
    """A signed timestamp put in the form when it is shown."""
    return signing.dumps((now or timezone.now()).timestamp(), salt=_FORM_SALT)


def spam_check(
    *, token: str, honeypot: str, kind: str, client: str, now: dt.datetime | None = None
) -> None:
    """Refuse what a robot sends: the hidden field filled in, a form sent within seconds of
    being shown or with a forged timestamp, or too many submissions from one address in an
    hour. Each refusal says what a person can do about it; nothing is stored."""
    now = now or timezone.now()
    if honeypot.strip():
        raise ValidationError(
            _("The form had a field filled in that people do not see. Send it again."),
            code="honeypot",
        )
    try:
        shown = signing.loads(token, salt=_FORM_SALT)
    except signing.BadSignature:
        raise ValidationError(
            _("The form could not be checked. Reload the page and send it again."),
            code="token",
        ) from None
    age = now.timestamp() - float(shown)
    if age < MIN_SECONDS_TO_SUBMIT:
        raise ValidationError(
            _("The form was sent too quickly. Check your answers and send it again."),
            code="too_fast",
        )
    if age > FORM_MAX_AGE:
        raise ValidationError(
            _("The form was open for too long. Check your answers and send it again."),
            code="expired",
        )
    rate_check(kind=kind, client=client, now=now)


def rate_check(*, kind: str, client: str, now: dt.datetime | None = None) -> None:
    """Count this submission against its address's hourly limit, refusing it over the limit."""
    now = now or timezone.now()
    submissions_purge(now=now)
    recent = SubmissionAttempt.objects.filter(
        kind=kind, client=client, created_at__gte=now - RATE_WINDOW
    ).count()
    if recent >= RATE_LIMITS[kind]:
        raise ValidationError(
            _("Too many submissions from your address in an hour. Try again later."),
            code="rate",
        )
    SubmissionAttempt.objects.create(kind=kind, client=client, created_at=now)


def submissions_purge(*, now: dt.datetime | None = None) -> int:
    """Remove the records of submissions older than a day (they serve only the rate limit)."""
    now = now or timezone.now()
    old = SubmissionAttempt.objects.filter(created_at__lt=now - dt.timedelta(days=1))
    return old.delete()[0]


# Surveys and rounds ----------------------------------------------------------------------------


def consultation_check(consultation: Consultation) -> None:
    consultation.full_clean()
    if consultation.closes_at <= consultation.opens_at:
        raise ValidationError({"closes_at": _("The closing time must be after the opening.")})


def slug_unique(model: type[Consultation], title: str) -> str:
    base = slugify(title)[:90] or "kysely"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def consultation_save(*, consultation: Consultation, changed_by: User | None = None) -> None:
    """Create or update a survey or comment round. Its closing time changes only through
    `closing_time_change`, so that every change is recorded."""
    if consultation.pk:
        stored = type(consultation).objects.select_for_update().get(pk=consultation.pk)
        if stored.closes_at != consultation.closes_at:
            raise ValidationError(
                {"closes_at": _("Change the closing time with its own form: it is recorded.")}
            )
        if isinstance(stored, Survey) and questions_locked(stored):
            for name in ("anonymity", "sign_in"):
                if getattr(stored, name) != getattr(consultation, name):
                    raise ValidationError(
                        {name: _("This cannot change once answers have been sent: they were "
                                 "given on the terms shown then.")}
                    )  # fmt: skip
    else:
        if not consultation.slug:
            consultation.slug = slug_unique(type(consultation), consultation.title)
        if changed_by is not None and changed_by.is_authenticated:
            consultation.created_by = changed_by  # type: ignore[assignment]
    consultation_check(consultation)
    consultation.save()


@transaction.atomic
def closing_time_change(
    *,
    consultation: Consultation,
    closes_at: dt.datetime,
    reason: str = "",
    changed_by: User | None = None,
) -> ClosingChange:
    """Extend (or bring forward) the closing time; the change is recorded with who made it,
    when and why. A draft kept by a resident stays answerable until the new time."""
    stored = type(consultation).objects.select_for_update().get(pk=consultation.pk)
    if closes_at == stored.closes_at:
        raise ValidationError({"closes_at": _("That is the closing time already.")})
    if closes_at <= stored.opens_at:
        raise ValidationError({"closes_at": _("The closing time must be after the opening.")})
    change = ClosingChange(
        previous=stored.closes_at,
        new=closes_at,
        reason=reason.strip(),
        changed_by=changed_by if changed_by is not None and changed_by.is_authenticated else None,  # type: ignore[misc]
    )
    if isinstance(stored, Survey):
        change.survey = stored
    else:
        change.round = stored
    change.save()
    stored.closes_at = closes_at
    stored.save(update_fields=["closes_at", "modified_at"])
    consultation.closes_at = closes_at
    return change


def questions_locked(survey: Survey) -> bool:
    return survey.responses.filter(submitted_at__isnull=False).exists()


def _lock_unlocked(survey_id: int) -> Survey:
    """Lock the survey's row (two editors cannot renumber at once) and refuse any change to
    its questions once answers exist."""
    survey = Survey.objects.select_for_update().get(pk=survey_id)
    if questions_locked(survey):
        raise ValidationError(
            _(
                "The questions can no longer be changed: answers have been sent. The answers "
                "must keep meaning what they meant when they were given."
            ),
            code="locked",
        )
    return survey


@transaction.atomic
def section_save(*, section: Section) -> Section:
    _lock_unlocked(section.survey_id)
    if section.pk is None:
        section.position = section.survey.sections.count()
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    _lock_unlocked(section.survey_id)
    section.delete()


def _options_clean(question: Question, options: Sequence[str]) -> list[str]:
    texts = [text.strip() for text in options if text.strip()]
    if question.kind in Question.OPTION_KINDS and len(texts) < 2:
        raise ValidationError({"options": _("Give at least two options, one on each line.")})
    if question.kind not in Question.OPTION_KINDS and texts:
        raise ValidationError({"options": _("This type of question has no options.")})
    if len(set(texts)) != len(texts):
        raise ValidationError({"options": _("Two options have the same text.")})
    for text in texts:
        if len(text) > 300:
            raise ValidationError({"options": _("An option is longer than 300 characters.")})
    return texts


def _condition_check(question: Question, show_if: Sequence[Option]) -> None:
    if not show_if:
        return
    sources = {option.question_id for option in show_if}
    if len(sources) != 1:
        raise ValidationError({"show_if": _("The options must be of one question.")})
    source = show_if[0].question
    earlier = (source.section.position, source.section_id, source.position, source.pk)
    if question.pk is not None:
        this = (question.section.position, question.section_id, question.position, question.pk)
        if earlier >= this:
            raise ValidationError({"show_if": _("The condition must be an earlier question.")})
    if source.survey_id != question.survey_id or source.kind not in Question.CHOICE_KINDS:
        raise ValidationError(
            {"show_if": _("The condition must be a choice question of the same survey.")}
        )


@transaction.atomic
def question_save(
    *,
    question: Question,
    options: Sequence[str] = (),
    show_if: Sequence[Option] = (),
) -> Question:
    """Add or change a question with its options (in order) and its display condition."""
    _lock_unlocked(question.survey_id)
    if question.section.survey_id != question.survey_id:
        raise ValidationError({"section": _("The section is of another survey.")})
    if not 2 <= question.scale_points <= 11:
        raise ValidationError({"scale_points": _("A scale has 2 to 11 points.")})
    texts = _options_clean(question, options)
    if question.pk is None:
        question.position = question.section.questions.count()
    question.full_clean()
    _condition_check(question, show_if)
    question.save()
    existing = list(question.options.all())
    if [option.text for option in existing] != texts:
        # Conditions of later questions that pointed at a removed option go with it.
        kept = {option.text: option for option in existing}
        for option in existing:
            if option.text not in texts:
                option.delete()
        for position, text in enumerate(texts):
            option = kept.get(text) or Option(question=question, text=text)
            option.position = position
            option.save()
    question.show_if.set(show_if)
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _lock_unlocked(question.survey_id)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, step: int) -> None:
    """Move a question up (-1) or down (+1) within its section."""
    _lock_unlocked(question.survey_id)
    siblings = list(question.section.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = index + step
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            Question.objects.filter(pk=sibling.pk).update(position=position)


# Answering -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyQuestions:
    """A survey's questions in order, with their options and conditions, read once."""

    survey: Survey
    questions: list[Question]
    options: dict[int, list[Option]]
    conditions: dict[int, set[int]]  # question id -> option ids that show it

    def condition_source(self, question: Question) -> int | None:
        option_ids = self.conditions.get(question.pk)
        if not option_ids:
            return None
        for source_id, options in self.options.items():
            if any(option.pk in option_ids for option in options):
                return source_id
        return None


def survey_questions(*, survey: Survey) -> SurveyQuestions:
    questions = list(
        Question.objects.filter(survey=survey).select_related("section").prefetch_related("show_if")
    )
    options: dict[int, list[Option]] = {question.pk: [] for question in questions}
    for option in Option.objects.filter(question__survey=survey).order_by("position", "pk"):
        options[option.question_id].append(option)
    conditions = {
        question.pk: {option.pk for option in question.show_if.all()}
        for question in questions
        if question.show_if.all()
    }
    return SurveyQuestions(
        survey=survey, questions=questions, options=options, conditions=conditions
    )


def visible_questions(*, sq: SurveyQuestions, values: Mapping[int, Any]) -> set[int]:
    """The ids of the questions shown for these answers: a question with a condition is shown
    when its source question is shown and one of the condition's options was chosen."""
    visible: set[int] = set()
    for question in sq.questions:
        option_ids = sq.conditions.get(question.pk)
        if not option_ids:
            visible.add(question.pk)
            continue
        source = sq.condition_source(question)
        chosen = values.get(source) if source in visible else None
        if isinstance(chosen, list) and option_ids & set(chosen):
            visible.add(question.pk)
    return visible


def _value_clean(question: Question, value: Any, options: list[Option]) -> Any:
    """Check one answer's value against its question; returns it normalised, or None when
    nothing was answered. Raises ValidationError with a message for the resident."""
    ids = [option.pk for option in options]
    kind = question.kind
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        text = str(value or "").replace("\x00", "").strip()
        limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise ValidationError(
                _("The answer is %(length)d characters; at most %(limit)d fit.")
                % {"length": len(text), "limit": limit}
            )
        return text or None
    if kind in Question.CHOICE_KINDS:
        chosen = [int(v) for v in (value or [])]
        if any(v not in ids for v in chosen) or len(set(chosen)) != len(chosen):
            raise ValidationError(_("Choose from the options shown."))
        if kind == Question.Kind.SINGLE and len(chosen) > 1:
            raise ValidationError(_("Choose only one option."))
        return sorted(chosen, key=ids.index) or None
    if kind == Question.Kind.SCALE:
        if value in (None, ""):
            return None
        point = int(value)
        if not 1 <= point <= question.scale_points:
            raise ValidationError(_("Choose a point on the scale."))
        return point
    if kind == Question.Kind.MATRIX:
        rows = {int(k): int(v) for k, v in (value or {}).items() if v not in (None, "")}
        if any(k not in ids or not 1 <= v <= question.scale_points for k, v in rows.items()):
            raise ValidationError(_("Choose a point on the scale for each statement."))
        if rows and question.required and len(rows) < len(ids):
            raise ValidationError(_("Answer every statement."))
        return {str(k): rows[k] for k in ids if k in rows} or None
    if kind == Question.Kind.RANKING:
        ranked = [int(v) for v in (value or [])]
        if any(v not in ids for v in ranked) or len(set(ranked)) != len(ranked):
            raise ValidationError(_("Give each item a different rank."))
        if ranked and question.required and len(ranked) < len(ids):
            raise ValidationError(_("Rank every item."))
        return ranked or None
    if kind == Question.Kind.FILE:
        if value in (None, "", False):
            return None
        if not isinstance(value, UploadedFile):
            raise ValidationError(_("Choose a file to attach."))
        return value
    raise ValidationError(_("Unknown type of question."))


def answers_clean(*, sq: SurveyQuestions, values: Mapping[int, Any]) -> dict[int, Any]:
    """Check every answer, then which questions are shown for them: a required question that
    is shown must be answered, and answers to questions not shown are dropped. Raises one
    ValidationError with a message by question id (`error_dict` keyed "q<id>")."""
    errors: dict[str, ValidationError] = {}
    cleaned: dict[int, Any] = {}
    for question in sq.questions:
        try:
            value = _value_clean(question, values.get(question.pk), sq.options[question.pk])
        except (ValidationError, TypeError, ValueError, AttributeError) as error:
            errors[f"q{question.pk}"] = (
                error if isinstance(error, ValidationError) else ValidationError(_("Not valid."))
            )
            continue
        if value is not None:
            cleaned[question.pk] = value
    shown = visible_questions(sq=sq, values=cleaned)
    for question in sq.questions:
        key = f"q{question.pk}"
        if question.pk not in shown:
            cleaned.pop(question.pk, None)
            errors.pop(key, None)
        elif question.required and question.pk not in cleaned and key not in errors:
            errors[key] = ValidationError(_("This question must be answered."), code="required")
    if errors:
        raise ValidationError(errors)
    return cleaned


def answer_allowed(*, survey: Survey, user: User | None, now: dt.datetime | None = None) -> None:
    """May this person answer now? Open, signed in when the survey requires it, and not
    answered before when answers are one per person."""
    now = now or timezone.now()
    if not survey.published or now < survey.opens_at:
        raise ValidationError(_("The survey is not open yet."), code="not_open")
    if now >= survey.closes_at:
        raise ValidationError(_("The survey has closed."), code="closed")
    signed_in = user is not None and user.is_authenticated
    if _sign_in_required(survey) and not signed_in:
        raise ValidationError(_("Sign in to answer this survey."), code="sign_in")
    if signed_in and _one_per_person(survey):
        key = person_key(user=user)
        if survey.responses.filter(respondent_key=key, submitted_at__isnull=False).exists():
            raise ValidationError(_("You have already answered this survey."), code="answered")


def _sign_in_required(survey: Survey) -> bool:
    return survey.sign_in == SignIn.REQUIRED or survey.anonymity == Survey.Anonymity.NAMED


def _one_per_person(survey: Survey) -> bool:
    return survey.sign_in != SignIn.NONE or survey.anonymity == Survey.Anonymity.NAMED


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    values: Mapping[int, Any],
    user: User | None = None,
    draft_key: str = "",
    language: str = "",
    now: dt.datetime | None = None,
    synthetic: bool = False,
) -> Response:
    """Send a resident's answers. The survey row is locked, so two tabs of one person cannot
    both send; a file answer is checked like an attachment and stored under a name of its
    own. The draft this came from is removed."""
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    answer_allowed(survey=survey, user=user, now=now)
    sq = survey_questions(survey=survey)
    files = {qid: v for qid, v in values.items() if isinstance(v, UploadedFile)}
    cleaned = answers_clean(sq=sq, values=values)
    for qid, upload in files.items():
        if qid in cleaned:
            try:
                checked = attachment_check(upload, size=upload.size or 0)
            except ValidationError as error:
                raise ValidationError({f"q{qid}": error}) from None
            cleaned[qid] = (upload, checked.content_type, checked.extension)
    signed_in = user is not None and user.is_authenticated
    response = Response(
        survey=survey,
        user=user if signed_in and survey.anonymity == Survey.Anonymity.NAMED else None,  # type: ignore[misc]
        respondent_key=person_key(user=user) if signed_in and _one_per_person(survey) else "",
        submitted_at=now,
        saved_at=now,
        language=language[:8],
        synthetic=synthetic,
    )
    if draft_key:
        draft = survey.responses.filter(draft_key=draft_key, submitted_at__isnull=True).first()
        if draft is not None:
            response.started_at = draft.started_at
            draft.delete()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError(
            _("You have already answered this survey."), code="answered"
        ) from None
    written: list[str] = []
    try:
        for question in sq.questions:
            if question.pk not in cleaned:
                continue
            value = cleaned[question.pk]
            answer = Answer(response=response, question=question)
            if question.kind == Question.Kind.FILE:
                upload, content_type, extension = value
                answer.file_name = (upload.name or "")[:255]
                answer.content_type = content_type
                answer.file.save(
                    f"{survey.pk}-{get_random_string(16)}.{extension}", upload, save=False
                )
                written.append(answer.file.name or "")
            else:
                answer.value = value
            answer.save()
    except Exception:
        for name in written:
            Answer.file.field.storage.delete(name)
        raise
    return response


@transaction.atomic
def _nul_free(value: Any) -> str:
    return str(value).replace("\x00", "")


def draft_save(
    *, survey: Survey, draft_key: str, data: Mapping[str, Any], now: dt.datetime | None = None
) -> Response:
    """Keep what a resident has typed so far (the form's fields as strings), under the key of
    their browser's draft cookie: it survives an expired session or a closed tab."""
    now = now or timezone.now()
    if not draft_key or len(draft_key) > 64:
        raise ValidationError(_("No draft key."))
    if not survey.is_open(now):
        raise ValidationError(_("The survey is not open."), code="closed")
    # NUL bytes go: PostgreSQL's JSON refuses them (\u0000), and no one types them.
    fields = {
        _nul_free(k)[:40]: [
            _nul_free(v)[:LONG_TEXT_MAX] for v in (vs if isinstance(vs, list) else [vs])
        ][:50]
        for k, vs in list(data.items())[:500]
        if str(k).startswith("q")
    }
    response, _created = Response.objects.update_or_create(
        survey=survey,
        draft_key=draft_key,
        submitted_at=None,
        defaults={"draft": fields, "saved_at": now},
    )
    return response


def draft_get(*, survey: Survey, draft_key: str) -> Response | None:
    if not draft_key:
        return None
    return survey.responses.filter(draft_key=draft_key, submitted_at__isnull=True).first()


def drafts_purge(*, older_than: dt.timedelta = dt.timedelta(days=30)) -> int:
    """Remove drafts nobody has touched for a month, and drafts of surveys that have closed."""
    now = timezone.now()
    stale = Response.objects.filter(submitted_at__isnull=True).filter(
        Q(saved_at__lt=now - older_than) | Q(survey__closes_at__lt=now)
    )
    return stale.delete()[1].get("participation.Response", 0)


# Comment rounds --------------------------------------------------------------------------------


@transaction.atomic
def round_document_set(*, round: CommentRound, data: bytes, filename: str) -> int:
    """Split a draft (Markdown, DOCX or PDF text) into paragraphs for commenting. Refused once
    a comment exists: comments must stay on the paragraph they were written on."""
    CommentRound.objects.select_for_update().get(pk=round.pk)
    if round.comments.exists():
        raise ValidationError(
            _("The draft can no longer be replaced: it has comments."), code="locked"
        )
    if len(data) > max_attachment_bytes():
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_attachment_bytes())},
            code="too_large",
        )
    blocks = draft_blocks(data, filename=filename)
    round.paragraphs.all().delete()
    DraftParagraph.objects.bulk_create(
        DraftParagraph(round=round, position=n, kind=b.kind, level=b.level, text=b.text)
        for n, b in enumerate(blocks)
    )
    round.document_name = filename[:255]
    round.document_sha256 = hashlib.sha256(data).hexdigest()
    round.save(update_fields=["document_name", "document_sha256", "modified_at"])
    return len(blocks)


def comment_allowed(
    *, round: CommentRound, user: User | None, now: dt.datetime | None = None
) -> None:
    now = now or timezone.now()
    if not round.published or now < round.opens_at:
        raise ValidationError(_("Commenting has not started."), code="not_open")
    if now >= round.closes_at:
        raise ValidationError(_("Commenting has closed."), code="closed")
    if round.sign_in == SignIn.REQUIRED and not (user is not None and user.is_authenticated):
        raise ValidationError(_("Sign in to comment."), code="sign_in")


@transaction.atomic
def comment_add(
    *,
    round: CommentRound,
    text: str,
    paragraph_id: int | None = None,
    author_name: str = "",
    user: User | None = None,
    author_key: str = "",
    now: dt.datetime | None = None,
    synthetic: bool = False,
) -> Comment:
    now = now or timezone.now()
    comment_allowed(round=round, user=user, now=now)
    text = text.replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"text": _("The comment is %(length)d characters; at most %(limit)d fit.")
             % {"length": len(text), "limit": COMMENT_MAX}}
        )  # fmt: skip
    paragraph = None
    if paragraph_id is not None:
        paragraph = round.paragraphs.filter(pk=paragraph_id).first()
        if paragraph is None:
            raise ValidationError({"paragraph": _("No such paragraph in this draft.")})
    signed_in = user is not None and user.is_authenticated
    comment = Comment(
        round=round,
        paragraph=paragraph,
        text=text,
        author_name=author_name.replace("\x00", "").strip()[:100],
        user=user if signed_in else None,  # type: ignore[misc]
        author_key=author_key,
        created_at=now,
        synthetic=synthetic,
    )
    comment.full_clean()
    comment.save()
    return comment


def comment_support(
    *, comment: Comment, supporter_key: str, now: dt.datetime | None = None
) -> bool:
    """Support a comment; True when it is new. One support per person and comment; a hidden
    comment or a closed round takes none."""
    now = now or timezone.now()
    if not supporter_key:
        raise ValidationError(_("Your browser must accept cookies to support comments."))
    if comment.hidden or not comment.round.is_open(now):
        raise ValidationError(_("This comment cannot be supported now."))
    try:
        with transaction.atomic():
            CommentSupport.objects.create(
                comment=comment, supporter_key=supporter_key, created_at=now
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def comment_hide(*, comment: Comment, reason: str, hidden_by: User) -> Comment:
    """Hide a comment from the public pages: it is shown as hidden, with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"hidden_reason": _("Give the reason for hiding.")})
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason[:300]
    comment.hidden_by = hidden_by  # type: ignore[assignment]
    comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.hidden_at = None
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    return comment
