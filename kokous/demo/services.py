"""Loading the demo region (see data.py) through the domain services.

Loading is idempotent: a row that exists with the same values is left untouched, so a second
run changes nothing; a value that differs from data.py is updated in place.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import models, transaction

from kokous.cases.models import Case
from kokous.cases.services import case_create
from kokous.core.text import plain_text_to_html
from kokous.core.timeutil import helsinki_datetime
from kokous.demo import data
from kokous.documents.models import AppealSettings, StoredDocument
from kokous.meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Disqualification,
    Meeting,
    SpeakingTurn,
)
from kokous.meetings.services import (
    agenda_item_add,
    agenda_item_record,
    attendance_record,
    meeting_create,
    speaking_turns_set,
)
from kokous.minutes.models import Correction
from kokous.news.demo import news_demo_load
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.organisations.services import membership_create
from kokous.participation.demo import participation_demo_load
from kokous.preparation.demo import preparation_demo_load
from kokous.proceedings.models import Dissent, Proposal, Vote

TEXTS = Path(__file__).resolve().parent / "texts"


@dataclass
class DemoReport:
    """What a load created and updated, by model name."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _text(value: str) -> str:
    """A value from data.py: literal text, or "file:NAME" for a file in texts/."""
    if value.startswith("file:"):
        return (TEXTS / value.removeprefix("file:")).read_text(encoding="utf-8").strip()
    return value


def _html(value: str) -> str:
    return plain_text_to_html(_text(value)) if value else ""


def _moment(parts: tuple[int, ...] | None) -> dt.datetime | None:
    return helsinki_datetime(*parts) if parts else None


class _Loader:
    def __init__(self) -> None:
        self.report = DemoReport()
        self.people: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}
        self.organisations: dict[str, Organisation] = {}
        self.cases: dict[str, Case] = {}

    def ensure(self, model: type[models.Model], lookup: dict[str, Any], **values: Any) -> Any:
        """Get the row matching `lookup`, creating it or updating only what differs."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.report.created[model.__name__] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
            self.report.updated[model.__name__] += 1
        return obj

    def person(self, full_name: str) -> Person:
        return self.people[full_name]

    def load(self) -> DemoReport:
        self.load_organisations()
        self.load_people()
        self.load_memberships()
        self.load_cases()
        for spec in data.MEETINGS:
            self.load_meeting(spec)
        news_demo_load(loader=self)  # seeds' news, and the communications person for DEMO_USERS
        preparation_demo_load(loader=self)  # seed 003's plan and roadmap tasks, the annual cycle
        participation_demo_load(loader=self)  # seed 002's survey and comment round
        self.load_users()
        return self.report

    def load_organisations(self) -> None:
        for org_spec in data.ORGANISATIONS:
            values: dict[str, Any] = dict(org_spec)
            slug = values.pop("slug")
            self.organisations[slug] = self.ensure(Organisation, {"slug": slug}, **values)
        for slug, settings_values in data.APPEAL_SETTINGS.items():
            self.ensure(
                AppealSettings, {"organisation": self.organisations[slug]}, **settings_values
            )
        for body_spec in data.BODIES:
            values = dict(body_spec)
            slug = values.pop("slug")
            values["organisation"] = self.organisations[values["organisation"]]
            values["parent"] = self.bodies[values["parent"]] if "parent" in values else None
            values["mandate"] = _html(values.get("mandate", ""))
            self.bodies[slug] = self.ensure(Body, {"slug": slug}, **values)

    def load_people(self) -> None:
        for first, last, title, affiliation, email, phone in data.PEOPLE:
            person = self.ensure(
                Person,
                {"first_name": first, "last_name": last},
                title=title,
                affiliation=affiliation,
                email=email or data.demo_email(first, last),
                phone=phone,
            )
            self.people[person.full_name] = person

    def load_memberships(self) -> None:
        for slug, name, role, represents, start, end in data.MEMBERSHIPS:
            body, person = self.bodies[slug], self.person(name)
            existing = Membership.objects.filter(body=body, person=person, role=role).first()
            if existing is None:
                membership_create(
                    body=body,
                    person=person,
                    role=role,
                    start=start,
                    end=end,
                    represents=represents,
                )
                self.report.created["Membership"] += 1
            else:
                self.ensure(Membership, {"pk": existing.pk}, start=start, end=end,
                            represents=represents)  # fmt: skip

    def load_cases(self) -> None:
        for key, (org_slug, title, year) in data.CASES.items():
            organisation = self.organisations[org_slug]
            case = Case.objects.filter(organisation=organisation, title=title).first()
            if case is None:
                # The documents give no record number: keep none rather than invent one.
                case = case_create(
                    organisation=organisation, title=title, year=year, record_number=""
                )
                self.report.created["Case"] += 1
            self.cases[key] = case

    def load_meeting(self, spec: dict[str, Any]) -> None:
        body = self.bodies[spec["body"]]
        start = _moment(spec["start"])
        assert start is not None
        people = {
            "chair": self.people.get(spec.get("chair", "")),
            "secretary": self.people.get(spec.get("secretary", "")),
            "presenter": self.people.get(spec.get("presenter", "")),
        }
        meeting = Meeting.objects.filter(body=body, start=start).first()
        if meeting is not None and _replayed(meeting, spec):
            demo_meeting_reset(meeting=meeting)
            self.report.updated["Meeting replayed, restored"] += 1
        if meeting is None:
            self.report.created["Meeting"] += 1
            meeting = meeting_create(
                body=body,
                start=start,
                end=_moment(spec.get("end")),
                place=spec.get("place", ""),
                number=spec.get("number"),
                time_known=spec.get("time_known", True),
                status=Meeting.Status.PLANNED if spec.get("template") else spec["status"],
                with_standard_items=bool(spec.get("template")),
            )
            if spec.get("template"):
                # A meeting prepared in Kokous: its agenda is built through the agenda rules,
                # then marked as announced.
                for item_spec in spec["items"]:
                    agenda_item_add(meeting=meeting, title=item_spec["title"])
                meeting.status = spec["status"]
                meeting.save(update_fields=["status", "modified_at"])
        meeting = self.ensure(
            Meeting,
            {"pk": meeting.pk},
            end=_moment(spec.get("end")),
            place=spec.get("place", ""),
            time_known=spec.get("time_known", True),
            status=spec["status"],
            **people,
        )
        checkers = [self.person(name) for name in spec.get("checkers", [])]
        if set(meeting.minute_checkers.all()) != set(checkers):
            meeting.minute_checkers.set(checkers)
            self.report.updated["Meeting checkers"] += 1
        if not spec.get("template"):
            for item_spec in spec["items"]:
                self.load_item(meeting, item_spec)
        for position, (name, capacity, represents, present) in enumerate(
            spec.get("attendance", []), start=1
        ):
            self.load_attendance(meeting, self.person(name), capacity, represents, present,
                                 position)  # fmt: skip
        if spec["status"] in LOCKED_STATUSES:
            # Checked minutes are a permanent record: locked. The seeds give no time of checking;
            # the end of the meeting stands for it.
            self.ensure(Meeting, {"pk": meeting.pk}, minutes_locked_at=meeting.end or meeting.start)
        if "published_on" in spec:
            self.ensure(
                Meeting, {"pk": meeting.pk}, minutes_published_on=dt.date(*spec["published_on"])
            )

    def load_item(self, meeting: Meeting, spec: dict[str, Any]) -> None:
        values = {
            "title": spec["title"],
            "case": self.cases.get(spec.get("case", "")),
            "preparation_text": _html(spec.get("text", "")),
            "proposal": _text(spec.get("proposal", "")),
            "presenter": meeting.presenter,
            "decision": _text(spec.get("decision", "")),
            "decision_type": spec.get("decision_type", ""),
            "standard_place": spec.get("standard_place", ""),
        }
        contacts = [self.person(name) for name in spec.get("contacts", [])]
        item = meeting.items.filter(section_number=spec["section"]).first()
        if item is None:
            item = agenda_item_record(
                meeting=meeting, section_number=spec["section"], contacts=contacts, **values
            )
            self.report.created["AgendaItem"] += 1
        else:
            item = self.ensure(AgendaItem, {"pk": item.pk}, **values)
            if set(item.contacts.all()) != set(contacts):
                item.contacts.set(contacts)
                self.report.updated["AgendaItem contacts"] += 1
        speakers = [self.person(name) for name in spec.get("speakers", [])]
        if [turn.person for turn in item.speaking_turns.all()] != speakers:
            speaking_turns_set(item=item, speakers=speakers)
            self.report.updated["SpeakingTurn"] += 1
        for attachment in spec.get("attachments", []):
            self.load_attachment(item, attachment)

    def load_attachment(self, item: AgendaItem, spec: dict[str, Any]) -> None:
        content = (TEXTS / spec["file"]).read_bytes() if "file" in spec else None
        attachment = self.ensure(
            Attachment,
            {"agenda_item": item, "number": spec["number"]},
            title=spec["title"],
            content_type=(
                "text/plain; charset=utf-8" if content is not None else spec.get("content_type", "")
            ),
            size=len(content) if content is not None else spec.get("size"),
        )
        if content is not None and not attachment.file:
            attachment.file.save(f"liite-{spec['number']}.txt", ContentFile(content), save=True)

    def load_attendance(
        self,
        meeting: Meeting,
        person: Person,
        capacity: str,
        represents: str,
        present: bool,
        position: int,
    ) -> None:
        existing = Attendance.objects.filter(meeting=meeting, person=person).first()
        wanted = (capacity, represents, present, position)
        if (
            existing is not None
            and (
                existing.capacity,
                existing.represents,
                existing.present,
                existing.position,
            )
            == wanted
        ):
            return
        attendance_record(
            meeting=meeting,
            person=person,
            capacity=capacity,
            represents=represents,
            present=present,
            position=position,
        )
        self.report.created["Attendance"] += 1

    def load_users(self) -> None:
        user_model = get_user_model()
        for username, full_name, _description, staff in data.DEMO_USERS:
            person = self.person(full_name)
            self._user_create(username)
            user = self.ensure(
                user_model,
                {"username": username},
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.email,
                is_staff=staff,
            )
            self._password(user)
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user", "modified_at"])
                self.report.updated["Person user"] += 1
            if staff:
                wanted = set(
                    Permission.objects.filter(
                        content_type__app_label__in=["meetings", "cases", "organisations"]
                    )
                )
                if set(user.user_permissions.all()) != wanted:
                    user.user_permissions.set(wanted)
                    self.report.updated["User permissions"] += 1
        self._user_create("admin")
        admin = self.ensure(user_model, {"username": "admin"}, is_staff=True, is_superuser=True)
        self._password(admin)

    def _user_create(self, username: str) -> None:
        user_model = get_user_model()
        if not user_model._default_manager.filter(username=username).exists():
            user_model._default_manager.create_user(username, password=data.DEMO_PASSWORD)
            self.report.created["User"] += 1

    def _password(self, user: Any) -> None:
        if not user.check_password(data.DEMO_PASSWORD):
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            self.report.updated["User password"] += 1


LOCKED_STATUSES = {Meeting.Status.MINUTES_CHECKED, Meeting.Status.PUBLISHED}


def _replayed(meeting: Meeting, spec: dict[str, Any]) -> bool:
    """Whether a seed meeting has been run again in the workspace (`kokous demo --replay`)."""
    return (
        meeting.status != spec["status"]
        or meeting.signatures.exists()
        or Proposal.objects.filter(agenda_item__meeting=meeting).exists()
        or Vote.objects.filter(agenda_item__meeting=meeting).exists()
    )


@transaction.atomic
def demo_meeting_reset(*, meeting: Meeting) -> Meeting:
    """Empty a demo meeting's record so that it can be run again from the invitation: no
    attendance, speakers, proposals, votes, decisions, checkers or signatures, and not locked.

    For the demo only. Real minutes are never emptied: once locked they are corrected with a
    correction record (`kokous.minutes.services.correction_record`)."""
    Correction.objects.filter(meeting=meeting).delete()
    # The stored PDFs of the minutes and extracts go too (demo only: real ones never do).
    for stored in StoredDocument.objects.filter(meeting=meeting):
        stored.file.delete(save=False)
        stored.delete()
    meeting.signatures.all().delete()
    Vote.objects.filter(agenda_item__meeting=meeting).delete()
    Proposal.objects.filter(agenda_item__meeting=meeting).delete()
    Dissent.objects.filter(agenda_item__meeting=meeting).delete()
    Disqualification.objects.filter(agenda_item__meeting=meeting).delete()
    SpeakingTurn.objects.filter(agenda_item__meeting=meeting).delete()
    meeting.attendances.all().delete()
    meeting.items.update(decision="", decision_type="")
    meeting.minute_checkers.clear()
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.INVITATION_SENT,
        minutes_locked_at=None,
        minutes_published_on=None,
        end=None,
    )
    meeting.refresh_from_db()
    return meeting


def demo_replay_meeting() -> Meeting:
    """The seed 003 meeting (VATE:n poliittinen seurantaryhmä, 27.1.2022), emptied so that the
    demo secretary can run it again in the workspace."""
    meeting = Meeting.objects.get(
        body__slug=data.REPLAY_MEETING_BODY, start=helsinki_datetime(*data.REPLAY_MEETING_START)
    )
    return demo_meeting_reset(meeting=meeting)


@transaction.atomic
def demo_load() -> DemoReport:
    """Load the demo region of the seeds, idempotently; returns what was created or updated.
    The search index does not follow the load object by object: `kokous demo` rebuilds it."""
    from kokous.search.services import search_index_paused

    with search_index_paused():
        return _Loader().load()
