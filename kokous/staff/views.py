"""The staff workspace: preparing meetings and agendas and sending invitations.

Views are thin: they check access with `kokous.staff.access`, validate with the forms, call a
service, and render. Every view requires a signed-in user; what they may see or change is
decided by the access rule and nowhere else.
"""

import calendar as calendar_module
import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kokous.cases.selectors import case_handling_history
from kokous.core.downloads import file_download_response
from kokous.core.exceptions import EditConflict
from kokous.core.timeutil import HELSINKI, local_date
from kokous.invitations.models import Delivery, Invitation
from kokous.invitations.selectors import (
    changes_pending,
    invitation_lead_time_left,
    invitation_recipients,
    invitation_timeliness,
)
from kokous.invitations.services import invitation_preview, invitation_send, supplement_send
from kokous.meetings import services
from kokous.meetings.models import AgendaItem, Attachment, Meeting
from kokous.meetings.selectors import meetings_for_bodies, month_bounds, tabled_items_pending
from kokous.organisations.models import Body
from kokous.organisations.selectors import body_memberships_at, person_roles_at
from kokous.staff import access as rules
from kokous.staff.forms import (
    AgendaItemCreateForm,
    AgendaItemForm,
    AttachmentForm,
    MeetingForm,
    PersonalDataForm,
    case_options,
    parse_month,
)


def _today() -> dt.date:
    return local_date(timezone.now())


def _meeting_or_404(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related(
            "body", "body__organisation", "chair", "secretary", "presenter"
        ),
        pk=pk,
    )


def _item_or_404(pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related(
            "meeting", "meeting__body", "meeting__body__organisation", "case", "presenter"
        ),
        pk=pk,
    )


def _add_service_error(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _agenda_items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related("case", "presenter")
        .prefetch_related("attachments")
        .order_by("position")
    )


def _agenda_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    access = rules.access_for(request)
    items = _agenda_items(meeting)
    return {
        "meeting": meeting,
        "items": [{"item": item, "can_edit": access.edits_item(item, meeting)} for item in items],
        "can_manage": access.manages_meeting(meeting),
        "editable": meeting.status == Meeting.Status.PLANNED,
        "open_for_supplement": meeting.status == Meeting.Status.INVITATION_SENT,
        "unready": [item for item in items if not item.ready],
    }


# --- Overview: dashboard, lists, calendar, bodies ---------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    access = rules.access_for(request)
    body_ids = access.body_ids()
    person = getattr(request.user, "person", None)
    memberships = list(person_roles_at(person=person, date=_today())) if person else []
    now = timezone.now()
    upcoming = list(meetings_for_bodies(body_ids=body_ids, start=now).order_by("start")[:10])
    presenting: list[AgendaItem] = []
    if access.person_id is not None:
        presenting = list(
            AgendaItem.objects.filter(
                presenter_id=access.person_id,
                ready=False,
                meeting__status=Meeting.Status.PLANNED,
            )
            .select_related("meeting", "meeting__body")
            .order_by("meeting__start", "position")[:20]
        )
    bodies = Body.objects.all() if body_ids is None else Body.objects.filter(pk__in=body_ids)
    return render(
        request,
        "staff/home.html",
        {
            "memberships": memberships,
            "upcoming": upcoming,
            "presenting": presenting,
            "bodies": bodies.select_related("organisation").order_by("name_fi"),
            "has_access": access.superuser or bool(body_ids),
        },
    )


def _body_filter(request: HttpRequest) -> tuple[Body | None, set[int] | None]:
    """The body chosen with ?body=<slug> (which the user must read), and the body ids listed."""
    access = rules.access_for(request)
    slug = (request.GET.get("body") or "").replace("\x00", "")  # PostgreSQL refuses NUL
    if slug:
        body = get_object_or_404(Body, slug=slug)
        rules.require_read_body(request, body.pk)
        return body, {body.pk}
    return None, access.body_ids()


def _readable_bodies(request: HttpRequest) -> list[Body]:
    ids = rules.access_for(request).body_ids()
    bodies = Body.objects.all() if ids is None else Body.objects.filter(pk__in=ids)
    return list(bodies.order_by("name_fi"))


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    body, body_ids = _body_filter(request)
    when = request.GET.get("when", "upcoming")
    if when not in {"upcoming", "past", "all"}:
        when = "upcoming"
    now = timezone.now()
    meetings = meetings_for_bodies(body_ids=body_ids)
    if when == "upcoming":
        meetings = meetings.filter(start__gte=now).order_by("start")
    elif when == "past":
        meetings = meetings.filter(start__lt=now).order_by("-start")
    else:
        meetings = meetings.order_by("-start")
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/meeting_list.html",
        {"page": page, "body": body, "when": when, "bodies": _readable_bodies(request)},
    )


@login_required
@require_GET
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    body, body_ids = _body_filter(request)
    try:
        year, month = parse_month(request.GET.get("month"), today=_today())
    except ValidationError as exc:
        return render(request, "staff/error.html", {"message": exc.messages[0]}, status=400)
    first, following = month_bounds(year, month)
    by_day: dict[dt.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings_for_bodies(body_ids=body_ids, start=first, end=following).order_by(
        "start"
    ):
        by_day[local_date(meeting.start)].append(meeting)
    weeks = [
        [
            {"date": day, "in_month": day.month == month, "meetings": by_day.get(day, [])}
            for day in week
        ]
        for week in calendar_module.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = (first - dt.timedelta(days=1)).astimezone(HELSINKI)
    return render(
        request,
        "staff/calendar.html",
        {
            "weeks": weeks,
            "month_start": first.date(),
            "previous": f"{previous.year}-{previous.month:02d}",
            "next": f"{following.year}-{following.month:02d}",
            "body": body,
            "bodies": _readable_bodies(request),
            "today": _today(),
            "meetings": [m for day in sorted(by_day) for m in by_day[day]],
        },
    )


@login_required
@require_GET
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("organisation"), slug=slug)
    access = rules.require_read_body(request, body.pk)
    now = timezone.now()
    return render(
        request,
        "staff/body.html",
        {
            "body": body,
            "can_manage": access.manages_body(body.pk),
            "memberships": body_memberships_at(body=body, date=_today()),
            "upcoming": meetings_for_bodies(body_ids={body.pk}, start=now).order_by("start"),
            "past": meetings_for_bodies(body_ids={body.pk}, end=now).order_by("-start")[:20],
        },
    )


# --- Meetings ----------------------------------------------------------------------------------


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("organisation"), slug=slug)
    rules.require_manage_body(request, body.pk)
    if request.method == "POST":
        form = MeetingForm(request.POST, body=body)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    body=body,
                    start=data["start"],
                    end=data["end"],
                    place=data["place"],
                    online_url=data["online_url"],
                    chair=data["chair"],
                    secretary=data["secretary"],
                    presenter=data["presenter"],
                    changed_by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as exc:
                _add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Meeting %(number)s/%(year)s created with the standard opening items.")
                    % {"number": meeting.number, "year": meeting.year},
                )
                return redirect("staff:meeting", pk=meeting.pk)
    else:
        form = MeetingForm(body=body, initial=_meeting_defaults(body))
    return render(request, "staff/meeting_form.html", {"form": form, "body": body})


def _meeting_defaults(body: Body) -> dict[str, Any]:
    """Officers and place of the body's previous meeting, as a starting point."""
    last = body.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("-start").first()
    if last is None:
        return {"start_time": dt.time(9, 0)}
    start = last.start.astimezone(HELSINKI)
    return {
        "start_time": start.time(),
        "place": last.place,
        "online_url": last.online_url,
        "chair": last.chair_id,
        "secretary": last.secretary_id,
        "presenter": last.presenter_id,
    }


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    access = rules.require_read_meeting(request, meeting)
    context = _agenda_context(request, meeting)
    invitations = list(
        meeting.invitations.select_related("sent_by").prefetch_related(
            Prefetch("deliveries", queryset=Delivery.objects.select_related("person"))
        )
    )
    context.update(
        {
            "timeliness": invitation_timeliness(meeting=meeting),
            "invitations": invitations,
            "pending_changes": list(changes_pending(meeting=meeting)),
            "tabled": list(tabled_items_pending(meeting=meeting))
            if access.manages_meeting(meeting) and meeting.status == Meeting.Status.PLANNED
            else [],
        }
    )
    return render(request, "staff/meeting.html", context)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    conflict = None
    if request.method == "POST":
        form = MeetingForm(request.POST, body=meeting.body)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.meeting_update(
                    meeting=meeting,
                    start=data["start"],
                    end=data["end"],
                    place=data["place"],
                    online_url=data["online_url"],
                    status=meeting.status,
                    time_known=meeting.time_known,
                    chair=data["chair"],
                    secretary=data["secretary"],
                    presenter=data["presenter"],
                    version=data["version"],
                    changed_by=request.user,  # type: ignore[arg-type]
                )
            except EditConflict as exc:
                conflict = exc.current
                form = MeetingForm(_with_version(request.POST, conflict.version), body=meeting.body)
                form.is_valid()
                form.add_error(None, exc.messages[0])
            except ValidationError as exc:
                meeting.refresh_from_db()
                _add_service_error(form, exc)
            else:
                messages.success(request, _("The meeting has been saved."))
                return redirect("staff:meeting", pk=meeting.pk)
    else:
        form = MeetingForm(body=meeting.body, initial=MeetingForm.initial_from(meeting))
    return render(
        request,
        "staff/meeting_form.html",
        {"form": form, "body": meeting.body, "meeting": meeting, "conflict": conflict},
    )


def _with_version(data: QueryDict, version: int) -> QueryDict:
    """The submitted data with the stored version, so that saving again is a deliberate
    overwrite made after seeing the other person's changes."""
    copy = data.copy()
    copy["version"] = str(version)
    return copy


# --- The agenda --------------------------------------------------------------------------------


@login_required
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    query = (request.POST.get("case_query") or request.GET.get("case_query") or "").strip()
    searching = request.method == "POST" and "search_cases" in request.POST
    if request.method == "POST" and not searching:
        form = AgendaItemCreateForm(request.POST, meeting=meeting)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = _item_create(request, meeting, data)
            except ValidationError as exc:
                _add_service_error(form, exc)
            else:
                if item.supplementary:
                    messages.success(
                        request,
                        _(
                            "§ %(number)s added to the supplementary agenda. Send the "
                            "supplementary agenda when the changes are complete."
                        )
                        % {"number": item.section_number},
                    )
                else:
                    messages.success(
                        request,
                        _("§ %(number)s added. Write its preparation text and proposal.")
                        % {"number": item.section_number},
                    )
                return redirect("staff:item_edit", pk=item.pk)
    elif searching:
        # A search without JavaScript: show the form again as filled in, without errors.
        form = AgendaItemCreateForm(initial=request.POST.dict(), meeting=meeting)
    else:
        form = AgendaItemCreateForm(meeting=meeting)
    return render(
        request,
        "staff/item_create.html",
        {
            "form": form,
            "meeting": meeting,
            "case_query": query,
            "case_choices": case_options(organisation_id=meeting.body.organisation_id, query=query),
            "chosen_case": form["case"].value(),
        },
    )


def _item_create(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    item = {
        "presenter": data["presenter"],
        "publicity": data["publicity"],
        "legal_basis": data["legal_basis"],
        "changed_by": request.user,
    }
    if data["case_mode"] == AgendaItemCreateForm.CaseMode.NEW:
        return services.agenda_item_add_with_new_case(
            meeting=meeting, title=data["title"], task_class=data["task_class"], **item
        )
    case = data["case"] if data["case_mode"] == AgendaItemCreateForm.CaseMode.EXISTING else None
    return services.agenda_item_add(meeting=meeting, title=data["title"], case=case, **item)


@login_required
@require_GET
def case_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The options of the case list for a search (used by the add-item form as you type)."""
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    return render(
        request,
        "staff/_case_options.html",
        {
            "case_choices": case_options(
                organisation_id=meeting.body.organisation_id,
                query=request.GET.get("case_query", ""),
            ),
            "chosen_case": request.GET.get("case"),
        },
    )


def _agenda_response(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        meeting.refresh_from_db()
        return render(request, "staff/_agenda.html", _agenda_context(request, meeting))
    return redirect(reverse("staff:meeting", kwargs={"pk": meeting.pk}) + "#agenda")


@login_required
@require_POST
def agenda_order(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one item up or down (buttons), or put the whole agenda in a given order."""
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    ids = list(meeting.items.order_by("position").values_list("pk", flat=True))
    try:
        if request.POST.get("order"):
            order = [int(part) for part in request.POST["order"].split(",")]
        else:
            item_id = int(request.POST.get("item", ""))
            direction = request.POST.get("direction")
            if item_id not in ids or direction not in {"up", "down"}:
                raise ValueError
            index = ids.index(item_id)
            other = index - 1 if direction == "up" else index + 1
            if not 0 <= other < len(ids):
                raise ValueError
            ids[index], ids[other] = ids[other], ids[index]
            order = ids
    except ValueError:
        messages.error(request, _("The item cannot be moved there."))
        return _agenda_response(request, meeting)
    try:
        services.agenda_item_reorder(meeting=meeting, item_ids=order)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _agenda_response(request, meeting)


@login_required
@require_POST
def item_carry(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    tabled = _item_or_404(item_pk)
    try:
        item = services.agenda_item_carry(
            meeting=meeting,
            tabled=tabled,
            changed_by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The tabled item is now § %(number)s on this agenda.")
            % {"number": item.section_number},
        )
    return redirect("staff:meeting", pk=meeting.pk)


@login_required
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(pk)
    access = rules.require_read_meeting(request, item.meeting)
    return render(request, "staff/item.html", _item_context(request, item, access))


def _item_context(
    request: HttpRequest,
    item: AgendaItem,
    access: rules.Access,
    attachment_form: AttachmentForm | None = None,
    personal_data_form: PersonalDataForm | None = None,
) -> dict[str, Any]:
    meeting = item.meeting
    history = case_handling_history(case=item.case, before=item) if item.case else []
    can_edit = access.edits_item(item, meeting)
    open_for_changes = meeting.status in {
        Meeting.Status.PLANNED,
        Meeting.Status.INVITATION_SENT,
    }
    return {
        "item": item,
        "meeting": meeting,
        "history": history,
        "contacts": list(item.contacts.all()),
        "attachments": list(item.attachments.all()),
        "can_edit": can_edit,
        "can_manage": access.manages_meeting(meeting),
        "open_for_changes": open_for_changes,
        "attachment_form": attachment_form
        or (AttachmentForm() if can_edit and open_for_changes else None),
        "personal_data_form": personal_data_form
        or (
            PersonalDataForm(
                initial={
                    "personal_data": item.personal_data,
                    "private_persons": item.private_persons,
                }
            )
            if access.manages_meeting(meeting)
            else None
        ),
    }


@login_required
@require_POST
def item_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the private persons an item names (managers, at any stage)."""
    item = _item_or_404(pk)
    access = rules.require_manage_meeting(request, item.meeting)
    form = PersonalDataForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_personal_data_set(
                item=item,
                personal_data=form.cleaned_data["personal_data"],
                private_persons=form.cleaned_data["private_persons"],
                changed_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The personal data marking was saved."))
            return redirect("staff:item", pk=item.pk)
    context = _item_context(request, item, access, personal_data_form=form)
    return render(request, "staff/item.html", context, status=400)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(pk)
    access = rules.require_edit_item(request, item)
    can_choose_presenter = access.manages_meeting(item.meeting)
    conflict = None
    if request.method == "POST":
        form = AgendaItemForm(
            request.POST, item=item, can_choose_presenter=can_choose_presenter,
            initial=AgendaItemForm.initial_from(item),
        )  # fmt: skip
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.agenda_item_update(
                    item=item,
                    version=data["version"],
                    title=data["title"],
                    preparation_text=data["preparation_text"],
                    proposal=data["proposal"],
                    publicity=data["publicity"],
                    legal_basis=data["legal_basis"],
                    contacts=data["contacts"],
                    presenter=data["presenter"],
                    case=item.case,
                    changed_by=request.user,  # type: ignore[arg-type]
                    appeal_kind=data["appeal_kind"],
                )
            except EditConflict as exc:
                conflict = exc.current
                form = AgendaItemForm(
                    _with_version(request.POST, conflict.version),
                    item=item,
                    can_choose_presenter=can_choose_presenter,
                    initial=AgendaItemForm.initial_from(conflict),
                )
                form.is_valid()
                form.add_error(None, exc.messages[0])
            except ValidationError as exc:
                _add_service_error(form, exc)
            else:
                messages.success(request, _("The item has been saved."))
                return redirect("staff:item", pk=item.pk)
    else:
        form = AgendaItemForm(
            item=item,
            can_choose_presenter=can_choose_presenter,
            initial=AgendaItemForm.initial_from(item),
        )
    return render(
        request,
        "staff/item_edit.html",
        {"form": form, "item": item, "meeting": item.meeting, "conflict": conflict},
    )


@login_required
@require_POST
def item_ready(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(pk)
    rules.require_edit_item(request, item)
    ready = request.POST.get("ready") == "1"
    try:
        services.agenda_item_ready_set(
            item=item,
            ready=ready,
            changed_by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx or request.POST.get("next") == "meeting":  # type: ignore[attr-defined]
        return _agenda_response(request, item.meeting)
    return redirect("staff:item", pk=item.pk)


@login_required
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(pk)
    rules.require_manage_meeting(request, item.meeting)
    if request.method == "POST":
        try:
            services.agenda_item_remove(item=item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("staff:item", pk=item.pk)
        messages.success(
            request, _("The item “%(title)s” has been removed.") % {"title": item.title}
        )
        return redirect("staff:meeting", pk=item.meeting_id)
    return render(request, "staff/item_remove.html", {"item": item, "meeting": item.meeting})


# --- Attachments -------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(pk)
    access = rules.require_edit_item(request, item)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            attachment = services.attachment_add(
                item=item,
                file=data["file"],
                title=data["title"],
                publicity=data["publicity"],
                legal_basis=data["legal_basis"],
                changed_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("%(attachment)s added.") % {"attachment": attachment})
            return redirect(reverse("staff:item", kwargs={"pk": item.pk}) + "#attachments")
    return render(
        request, "staff/item.html", _item_context(request, item, access, form), status=400
    )


def _attachment_or_404(pk: int) -> Attachment:
    return get_object_or_404(Attachment.objects.select_related("agenda_item__meeting__body"), pk=pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _attachment_or_404(pk)
    rules.require_read_meeting(request, attachment.agenda_item.meeting)
    return file_download_response(
        attachment.file,
        name=f"Liite {attachment.number} {attachment.title}",
        content_type=attachment.content_type,
        public=False,
    )


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment_or_404(pk)
    item = attachment.agenda_item
    rules.require_edit_item(request, item)
    try:
        services.attachment_remove(
            attachment=attachment,
            changed_by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(attachment)s removed.") % {"attachment": attachment})
    return redirect(reverse("staff:item", kwargs={"pk": item.pk}) + "#attachments")


# --- Invitation and supplementary agenda ----------------------------------------------------------


@login_required
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    if request.method == "POST":
        try:
            sent = invitation_send(meeting=meeting, sent_by=request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            count = sent.deliveries.count()
            messages.success(
                request,
                _("The invitation is being sent to %(count)s recipients.") % {"count": count},
            )
            return redirect("staff:meeting", pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        messages.info(request, _("The invitation of this meeting has already been sent."))
        return redirect("staff:meeting", pk=meeting.pk)
    subject, body = invitation_preview(meeting=meeting)
    recipients = invitation_recipients(meeting=meeting)
    lead = invitation_lead_time_left(meeting=meeting, today=_today())
    return render(
        request,
        "staff/invitation.html",
        {
            "meeting": meeting,
            "subject": subject,
            "message_body": body,
            "recipients": recipients,
            "without_email": [r for r in recipients if not r.person.email],
            "unready": list(meeting.items.filter(ready=False).order_by("position")),
            "empty": not meeting.items.exists(),
            "lead_days": lead.required_days,
            "days_left": lead.days_left,
            "late": lead.late,
        },
    )


@login_required
def supplement(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    if request.method == "POST":
        try:
            sent = supplement_send(meeting=meeting, sent_by=request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Supplementary agenda %(number)s is being sent to %(count)s recipients.")
                % {"number": sent.sequence, "count": sent.deliveries.count()},
            )
        return redirect("staff:meeting", pk=meeting.pk)
    return render(
        request,
        "staff/supplement.html",
        {
            "meeting": meeting,
            "changes": list(changes_pending(meeting=meeting)),
            "recipients": invitation_recipients(meeting=meeting),
        },
    )


@login_required
@require_GET
def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sent = get_object_or_404(Invitation.objects.select_related("meeting__body", "sent_by"), pk=pk)
    rules.require_manage_meeting(request, sent.meeting)
    return render(
        request,
        "staff/invitation_detail.html",
        {
            "invitation": sent,
            "meeting": sent.meeting,
            "deliveries": list(sent.deliveries.select_related("person")),
        },
    )


@login_required
@require_GET
def invitation_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The calendar file of a sending, as it was attached to the e-mails."""
    sent = get_object_or_404(Invitation.objects.select_related("meeting"), pk=pk)
    rules.require_read_meeting(request, sent.meeting)
    response = HttpResponse(sent.calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kokous-{sent.meeting_id}.ics"'
    return response
