"""Public pages of participation: the list of surveys and comment rounds, answering a survey
(with a draft kept in the browser's cookie and on the server), the public summary of a closed
survey, and a draft document to comment paragraph by paragraph.

Answering is protected against robots without third-party services (`services.spam_check`).
A form sent after the session or its CSRF token has expired is shown again with everything
the resident wrote, never answered with an error page that loses it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kokous.core.forms import form_errors_add
from kokous.participation import charts, selectors, services
from kokous.participation.forms import AnswerForm, CommentForm
from kokous.participation.models import Comment, CommentRound, Question, Survey

PARTICIPANT_COOKIE = "kokous_participant"
PARTICIPANT_MAX_AGE = 365 * 24 * 3600


def _participant_token(request: HttpRequest) -> str:
    token = request.COOKIES.get(PARTICIPANT_COOKIE, "")
    if not token or len(token) > 64 or not token.isalnum():
        token = getattr(request, "_participant_token_new", "") or get_random_string(40)
        request._participant_token_new = token  # type: ignore[attr-defined]
    return token


def _with_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    new = getattr(request, "_participant_token_new", "")
    if new:
        response.set_cookie(
            PARTICIPANT_COOKIE,
            new,
            max_age=PARTICIPANT_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _person(request: HttpRequest) -> str:
    return services.person_key(user=request.user, browser_token=_participant_token(request))


def _client(request: HttpRequest) -> str:
    return services.client_key(request.META.get("REMOTE_ADDR", ""))


def _spam_check(request: HttpRequest, form: AnswerForm | CommentForm, *, kind: str) -> None:
    services.spam_check(
        token=form.cleaned_data["form_token"],
        honeypot=form.cleaned_data["website"],
        kind=kind,
        client=_client(request),
    )


def _csrf_failed(request: HttpRequest) -> bool:
    """Check the CSRF token as the middleware would (the view is exempt so that a failure can
    keep the resident's answers instead of showing Django's 403 page)."""
    return (
        CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {}) is not None
    )  # type: ignore[arg-type]


def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    surveys = list(selectors.public_surveys(now=now))
    rounds = list(selectors.public_rounds(now=now))
    return render(
        request,
        "participation/index.html",
        {
            "open_surveys": [s for s in surveys if s.closes_at > now],
            "closed_surveys": [s for s in surveys if s.closes_at <= now],
            "open_rounds": [r for r in rounds if r.closes_at > now],
            "closed_rounds": [r for r in rounds if r.closes_at <= now],
        },
    )


def _survey(slug: str) -> Survey:
    try:
        return selectors.survey_for_answering(slug=slug)
    except Survey.DoesNotExist:
        raise Http404(_("No such survey.")) from None


def _answer_form_render(
    request: HttpRequest, survey: Survey, form: AnswerForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    blocked = None
    try:
        services.answer_allowed(survey=survey, user=request.user)
    except ValidationError as error:
        blocked = error
    context = {
        "survey": survey,
        "form": form,
        "blocked": blocked,
        "sections": _sections(survey, form),
        "block_errors": form.block_errors() if form.is_bound else {},
        "changes": list(survey.closing_changes.all()),
        "form_token": services.form_token_make(),
        **extra,
    }
    return _with_cookie(
        request, render(request, "participation/survey.html", context, status=status)
    )


def _sections(survey: Survey, form: AnswerForm) -> list[tuple[Any, list[Any]]]:
    sections: dict[int, tuple[Any, list[Any]]] = {}
    for block in form.blocks:
        section = block.question.section
        sections.setdefault(section.pk, (section, []))[1].append(block)
    return list(sections.values())


@csrf_exempt
def survey(request: HttpRequest, slug: str) -> HttpResponse:
    item = _survey(slug)
    sq = services.survey_questions(survey=item)
    draft_key = _person(request)
    if request.method != "POST":
        draft = services.draft_get(survey=item, draft_key=draft_key)
        initial: dict[str, Any] = {}
        multiple = {f"q{q.pk}" for q in sq.questions if q.kind == Question.Kind.MULTIPLE}
        for name, values in (draft.draft if draft else {}).items():
            initial[name] = values if name in multiple else (values[0] if values else "")
        form = AnswerForm(initial=initial, sq=sq)
        return _answer_form_render(request, item, form, draft=draft)
    if _csrf_failed(request):
        # The session or its token expired while the resident answered: keep every answer
        # (in the form and as a draft) and ask them to send again.
        _draft_store(request, item, request.POST)
        form = AnswerForm(request.POST, sq=sq)
        form.is_valid()
        return _answer_form_render(request, item, form, status=403, expired=True)
    form = AnswerForm(request.POST, request.FILES, sq=sq)
    if not form.is_valid():
        return _answer_form_render(request, item, form, status=400)
    try:
        _spam_check(request, form, kind="answer")
        services.response_submit(
            survey=item,
            values=form.values(),
            user=request.user,
            draft_key=draft_key,
            language=get_language() or "",
        )
    except ValidationError as error:
        _errors_add(form, error)
        return _answer_form_render(request, item, form, status=400)
    return _with_cookie(request, redirect("participation:survey_thanks", slug=item.slug))


def _errors_add(form: AnswerForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        first = {f"q{b.question.pk}": b.names[0] for b in form.blocks}
        for key, messages_ in error.message_dict.items():
            form.add_error(first.get(key), messages_)  # type: ignore[arg-type]
    else:
        form.add_error(None, error)


def _draft_store(request: HttpRequest, survey: Survey, data: Any) -> None:
    try:
        services.draft_save(
            survey=survey,
            draft_key=_person(request),
            data={k: data.getlist(k) for k in data},
        )
    except ValidationError:
        pass


@require_POST
def survey_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """Save what has been typed so far (HTMX, on every change; or the "Save draft" button)."""
    item = _survey(slug)
    try:
        services.draft_save(
            survey=item,
            draft_key=_person(request),
            data={k: request.POST.getlist(k) for k in request.POST},
        )
    except ValidationError as error:
        return _with_cookie(request, HttpResponse(" ".join(error.messages), status=400))
    saved = timezone.localtime().strftime("%H.%M")
    text = _("Draft saved at %(time)s. You can continue later in this browser.") % {"time": saved}
    if request.htmx:  # type: ignore[attr-defined]
        return _with_cookie(request, HttpResponse(text))
    messages.success(request, text)
    return _with_cookie(request, redirect(item.get_absolute_url()))


def survey_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "participation/thanks.html", {"survey": _survey(slug)})


def survey_results(request: HttpRequest, slug: str) -> HttpResponse:
    """The public summary of a closed survey whose results the staff chose to publish: the
    choice questions' counts (no texts or files: they may contain personal data)."""
    item = _survey(slug)
    if not (item.results_public and item.has_closed()):
        raise Http404(_("The results of this survey are not public."))
    results = selectors.survey_results(survey=item, with_texts=False)
    return render(
        request,
        "participation/results_public.html",
        {"survey": item, "results": results, "charts": results_charts(results)},
    )


def results_charts(results: selectors.SurveyResults) -> dict[str, str]:
    """The SVG charts of results, by key: "<question id>" or "<question id>-<option id>"."""
    found = {}
    for result in results.questions:
        if result.bars:
            found[result.key] = charts.bar_chart_svg(
                title=result.question.text,
                bars=result.bars,
                total=result.total,
                key=f"chart-{result.key}",
            )
        for row in result.rows:
            found[row.key] = charts.bar_chart_svg(
                title=f"{result.question.text}: {row.option.text}",
                bars=row.bars,
                total=row.total,
                key=f"chart-{row.key}",
            )
    return found


# Comment rounds --------------------------------------------------------------------------------


def _round(slug: str) -> CommentRound:
    return get_object_or_404(
        CommentRound.objects.select_related("organisation"), slug=slug, published=True
    )


def round_page(
    request: HttpRequest, slug: str, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    item = _round(slug)
    if item.opens_at > timezone.now():
        raise Http404(_("Commenting has not started."))
    allowed = None
    try:
        services.comment_allowed(round=item, user=request.user)
    except ValidationError as error:
        allowed = error
    paragraphs = selectors.round_paragraphs(round=item, supporter_key=_person(request))
    return _with_cookie(
        request,
        render(
            request,
            "participation/round.html",
            {
                "round": item,
                "paragraphs": paragraphs,
                "blocked": allowed,
                "form": form,
                "error_paragraph": form.data.get("paragraph") if form is not None else None,
                "form_token": services.form_token_make(),
                "changes": list(item.closing_changes.all()),
            },
            status=status,
        ),
    )


@require_POST
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    item = _round(slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return round_page(request, slug, form, status=400)
    try:
        _spam_check(request, form, kind="comment")
        comment = services.comment_add(
            round=item,
            text=form.cleaned_data["text"],
            paragraph_id=form.cleaned_data["paragraph"],
            author_name=form.cleaned_data["author_name"],
            user=request.user,
            author_key=_person(request),
        )
    except ValidationError as error:
        form_errors_add(form, error)
        return round_page(request, slug, form, status=400)
    messages.success(request, _("Thank you: your comment was published."))
    anchor = f"#comment-{comment.pk}"
    return _with_cookie(request, HttpResponseRedirect(item.get_absolute_url() + anchor))


@require_POST
def comment_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _round(slug)
    comment = get_object_or_404(Comment, pk=pk, round=item, hidden_at__isnull=True)
    error_text = ""
    try:
        services.rate_check(kind="support", client=_client(request))
        services.comment_support(comment=comment, supporter_key=_person(request))
    except ValidationError as error:
        error_text = " ".join(error.messages)
    if request.htmx:  # type: ignore[attr-defined]
        count = comment.supports.count()
        return _with_cookie(
            request,
            render(
                request,
                "participation/_support.html",
                {"round": item, "comment": comment, "count": count, "supported": not error_text,
                 "error": error_text},
            ),
        )  # fmt: skip
    if error_text:
        messages.error(request, error_text)
    return _with_cookie(
        request, HttpResponseRedirect(item.get_absolute_url() + f"#comment-{comment.pk}")
    )
