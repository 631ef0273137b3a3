"""Staff pages of participation (`/staff/participation/`), for users with the permission
participation.manage_participation (the communications group "Viestintä"): build a survey,
extend closing times, see live results with charts and export them, run a comment round on a
draft, moderate comments and export them, and attach results to an agenda item of the case."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kokous.core.forms import form_errors_add
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.services import attachment_add
from kokous.participation import exports, selectors, services
from kokous.participation.forms import (
    ClosingForm,
    CommentRoundForm,
    HideForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
)
from kokous.participation.models import (
    Comment,
    CommentRound,
    Option,
    Question,
    Section,
    Survey,
)
from kokous.participation.views import results_charts

PERMISSION = "participation.manage_participation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def manager_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Users with the permission to manage participation; others get 403, anonymous users
    the sign-in page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@manager_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/staff/overview.html",
        {
            "surveys": Survey.objects.select_related("organisation").order_by("-opens_at"),
            "rounds": CommentRound.objects.select_related("organisation").order_by("-opens_at"),
        },
    )


def _edit_page(
    request: HttpRequest, form: Any, *, heading: str, back: str, subtitle: str = ""
) -> HttpResponse:
    return render(
        request,
        "participation/staff/edit_form.html",
        {"form": form, "heading": heading, "subtitle": subtitle, "back": back},
    )


def _consultation_edit(
    request: HttpRequest, item: Survey | CommentRound, form_class: type, new_heading: str
) -> HttpResponse:
    form = form_class(request.POST or None, request.FILES or None, instance=item)
    if item.pk is not None:
        form.fields["closes_at"].disabled = True
        form.fields["closes_at"].help_text = _("Change it below: every change is recorded.")
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data.pop("document", None) if "document" in form.fields else None
        try:
            with transaction.atomic():
                saved = form.save(commit=False)
                services.consultation_save(consultation=saved, changed_by=request.user)
                if isinstance(saved, Survey) and not saved.sections.exists():
                    services.section_save(section=Section(survey=saved, title=_("Questions")))
                if document is not None:
                    services.round_document_set(
                        round=saved, data=document.read(), filename=document.name or ""
                    )
        except ValidationError as exc:
            form_errors_add(form, exc)
            if document is not None and not hasattr(exc, "error_dict"):
                form.errors.pop("__all__", None)
                form.add_error("document", exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(saved))
    back = _detail_url(item) if item.pk else reverse("participation_staff:overview")
    return _edit_page(request, form, heading=item.title if item.pk else new_heading, back=back)


def _detail_url(item: Survey | CommentRound) -> str:
    name = "survey" if isinstance(item, Survey) else "round"
    return reverse(f"participation_staff:{name}", kwargs={"pk": item.pk})


@manager_required
def survey_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(Survey, pk=pk) if pk else Survey()
    return _consultation_edit(request, item, SurveyForm, _("New survey"))


@manager_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Survey.objects.select_related("organisation", "case"), pk=pk)
    sections = list(item.sections.prefetch_related("questions__options", "questions__show_if"))
    return render(
        request,
        "participation/staff/survey.html",
        {
            "item": item,
            "sections": sections,
            "locked": services.questions_locked(item),
            "closing_form": ClosingForm(initial={"closes_at": item.closes_at}),
            "changes": item.closing_changes.select_related("changed_by"),
            "section_form": SectionForm(),
            "responses": item.responses.filter(submitted_at__isnull=False).count(),
            "drafts": item.responses.filter(submitted_at__isnull=True).count(),
            "items": _case_items(item),
        },
    )


def _case_items(item: Survey | CommentRound) -> list[AgendaItem]:
    """The case's agenda items whose meeting has not been held, to attach results to."""
    if item.case_id is None:
        return []
    return list(
        AgendaItem.objects.filter(case_id=item.case_id)
        .filter(meeting__status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITATION_SENT])
        .select_related("meeting__body")
        .order_by("meeting__start")
    )


def _model(kind: str) -> type[Survey] | type[CommentRound]:
    if kind not in ("survey", "round"):
        raise Http404
    return Survey if kind == "survey" else CommentRound


@manager_required
@require_POST
def closing_change(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = get_object_or_404(_model(kind), pk=pk)
    form = ClosingForm(request.POST)
    if form.is_valid():
        try:
            services.closing_time_change(
                consultation=item,
                closes_at=form.cleaned_data["closes_at"],
                reason=form.cleaned_data["reason"],
                changed_by=request.user,
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
    if form.errors:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, _("The closing time was changed and the change recorded."))
    return redirect(_detail_url(item))


@manager_required
def section_edit(request: HttpRequest, survey_pk: int, pk: int | None = None) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_pk)
    section = get_object_or_404(Section, pk=pk, survey=survey) if pk else Section(survey=survey)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(section=form.save(commit=False))
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            return redirect(_detail_url(survey))
    heading = section.title if pk else _("New section")
    return _edit_page(
        request, form, heading=heading, subtitle=survey.title, back=_detail_url(survey)
    )


@manager_required
def question_edit(request: HttpRequest, survey_pk: int, pk: int | None = None) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_pk)
    question = get_object_or_404(Question, pk=pk, survey=survey) if pk else Question(survey=survey)
    initial = {"section": request.GET.get("section")} if not pk else None
    form = QuestionForm(request.POST or None, instance=question, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                question=form.save(commit=False),
                options=form.cleaned_data["options"].splitlines(),
                show_if=list(form.cleaned_data["show_if"]),
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(survey))
    heading = question.text if pk else _("New question")
    return _edit_page(
        request, form, heading=heading, subtitle=survey.title, back=_detail_url(survey)
    )


@manager_required
@require_POST
def question_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Move a question up or down, or delete it (or its section with "delete-section")."""
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    try:
        if action == "up":
            services.question_move(question=question, step=-1)
        elif action == "down":
            services.question_move(question=question, step=1)
        elif action == "delete":
            services.question_delete(question=question)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_detail_url(question.survey))


@manager_required
@require_POST
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    try:
        services.section_delete(section=section)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_detail_url(section.survey))


@manager_required
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Survey, pk=pk)
    option = None
    if request.GET.get("option", "").isdecimal():  # isdigit() takes "²", which int() refuses
        option = Option.objects.filter(
            pk=int(request.GET["option"]),
            question__survey=item,
            question__kind__in=Question.CHOICE_KINDS,
        ).first()
    question_id = (
        int(request.GET["question"]) if request.GET.get("question", "").isdecimal() else None
    )
    results = selectors.survey_results(survey=item, filter_option=option, question_id=question_id)
    filters = (
        Option.objects.filter(question__survey=item, question__kind__in=Question.CHOICE_KINDS)
        .select_related("question")
        .order_by("question__section__position", "question__position", "position")
    )
    return render(
        request,
        "participation/staff/results.html",
        {
            "item": item,
            "results": results,
            "charts": results_charts(results),
            "questions": item.questions.all(),
            "filters": filters,
            "question_id": question_id,
        },
    )


def _export(table: exports.Table, *, title: str, fmt: str) -> HttpResponse:
    """The table as a CSV or XLSX download named after the survey or round."""
    name = slugify(title)[:60] or "participation"
    if fmt == "csv":
        data, content_type = exports.csv_bytes(table), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data, content_type = exports.xlsx_bytes(table, title=title), XLSX
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@manager_required
def survey_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    item = get_object_or_404(Survey, pk=pk)
    return _export(exports.survey_table(survey=item), title=item.title, fmt=fmt)


@manager_required
def round_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(CommentRound, pk=pk) if pk else CommentRound()
    return _consultation_edit(request, item, CommentRoundForm, _("New comment round"))


@manager_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(CommentRound.objects.select_related("organisation", "case"), pk=pk)
    return render(
        request,
        "participation/staff/round.html",
        {
            "item": item,
            "comments": selectors.round_comments_for_staff(round=item),
            "paragraph_count": item.paragraphs.count(),
            "closing_form": ClosingForm(initial={"closes_at": item.closes_at}),
            "changes": item.closing_changes.select_related("changed_by"),
            "hide_form": HideForm(),
            "items": _case_items(item),
        },
    )


@manager_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("round"), pk=pk)
    if action == "hide":
        form = HideForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Give the reason for hiding."))
            services.comment_hide(
                comment=comment, reason=form.cleaned_data["hidden_reason"], hidden_by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The comment was hidden; the public see the reason."))
    elif action == "restore":
        services.comment_restore(comment=comment)
        messages.success(request, _("The comment is shown again."))
    else:
        raise Http404
    return redirect(_detail_url(comment.round) + f"#comment-{comment.pk}")


@manager_required
def round_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    item = get_object_or_404(CommentRound, pk=pk)
    return _export(exports.comments_table(round=item), title=item.title, fmt=fmt)


@manager_required
@require_POST
def results_attach(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Attach the results (a workbook of the answers or comments) to an agenda item of the
    linked case, as the item's next "Liite"."""
    item = get_object_or_404(_model(kind), pk=pk)
    agenda_item = next(
        (i for i in _case_items(item) if str(i.pk) == request.POST.get("item")), None
    )
    if agenda_item is None:
        messages.error(request, _("Choose an agenda item of the case whose meeting is ahead."))
        return redirect(_detail_url(item))
    if isinstance(item, Survey):
        table, title = exports.survey_table(survey=item), _("Survey results: %(title)s")
    else:
        table, title = exports.comments_table(round=item), _("Comments: %(title)s")
    title = title % {"title": item.title}
    upload = SimpleUploadedFile(
        f"{slugify(item.title)[:60]}.xlsx", exports.xlsx_bytes(table, title=item.title), XLSX
    )
    try:
        with transaction.atomic():
            attachment = attachment_add(
                item=agenda_item, file=upload, title=title[:200], changed_by=request.user
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Attached to § %(number)s as attachment %(attachment)s.")
            % {"number": agenda_item.section_number or "–", "attachment": attachment.number},
        )
    return redirect(_detail_url(item))
