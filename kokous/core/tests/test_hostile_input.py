"""Hostile input to every form that takes a POST: very long text, NUL bytes, bytes that are not
UTF-8, direction overrides and zero-width characters, stacked combining marks, emoji, markup
and script, numbers and dates that are not, several values where one is expected, and broken
files. Whatever arrives, the answer is never a server error (a form again with its errors, a
400, or a redirect after a legitimate save), nothing stored holds a NUL byte or more than its
column takes, rich text is stored sanitised, and the pages that show what was stored show it
escaped.

Each form is posted once per field and hostile value, the other fields valid (`FORMS`); a
"baseline" post of the valid values checks that the save itself is reached. The filters of the
lists and feeds (forms sent with GET, `LISTINGS`) get the same values. The world is built once
for the module (`shared_database`), each test rolled back after it."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Length
from django.test import Client, override_settings
from django.test.client import BOUNDARY, encode_multipart
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kokous.core.fields import SanitizedHTMLField
from kokous.core.tests.samplefiles import pdf_bytes
from kokous.documents.tests.conftest import shared_database
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.services import attachment_add
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.news.models import Category
from kokous.news.tests.factories import make_news
from kokous.organisations.models import Person
from kokous.organisations.tests.factories import BodyFactory, PersonFactory, UserFactory
from kokous.participation import services as participation
from kokous.participation.models import Comment
from kokous.participation.tests.factories import question_add, round_make, survey_make
from kokous.preparation.tests.factories import PhaseFactory, RoadmapFactory, TaskFactory
from kokous.proceedings import services as proceedings
from kokous.proceedings.tests.factories import BoardMeeting, board_meeting

pytestmark = pytest.mark.django_db

PASSWORD = "kokous-test"


class Raw(bytes):
    """A value sent as these bytes, not as UTF-8 text (a browser's broken encoding)."""


SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'

# The hostile values, by name. A list is sent as several values of the one field.
VALUES: dict[str, Any] = {
    "long": "Pitkä " * 16_667,  # 100,000 characters
    "nul": "ennen\x00jälkeen",
    "surrogate": Raw(b"alku \xed\xa0\x80 \xff\xfe loppu"),  # "\ud800" as sent, and stray bytes
    # A right-to-left override, zero-width characters, stacked combining marks and emoji.
    "unicode": "\u202egnp.exe\u202c \u200b\u200c\u200d\u2066\ufeff Z"
    + "\u0351\u0346\u036b\u0313" * 30
    + " 🗳️ 👩🏽‍⚖️ 🇫🇮",
    "markup": f"{SCRIPT} {IMAGE}",
    # Control characters (a vertical tab comes with text pasted from Word; XML 1.0 refuses it).
    "control": "alku\x01\x08\x0b\x1b[31m loppu",
    "number": "-99999999999999999999999999",
    "date": "2024-02-30",
    "list": ["1", SCRIPT],
}

# Broken files for the upload fields, by name.
FILES: dict[str, Callable[[], SimpleUploadedFile]] = {
    "text_as_pdf": lambda: SimpleUploadedFile("liite.pdf", b"just text, no PDF", "application/pdf"),
    "empty": lambda: SimpleUploadedFile("tyhja.pdf", b"", "application/pdf"),
    "long_name": lambda: SimpleUploadedFile("a" * 300 + ".pdf", pdf_bytes(), "application/pdf"),
    "traversal": lambda: SimpleUploadedFile("../../etc/passwd", pdf_bytes(), "application/pdf"),
    "markup_name": lambda: SimpleUploadedFile(f"{IMAGE}.pdf", pdf_bytes(), "application/pdf"),
    "nul_name": lambda: SimpleUploadedFile("liite\x00.pdf", pdf_bytes(), "application/pdf"),
}


@dataclass
class World:
    admin: Any
    board: BoardMeeting  # invitation sent, everyone present: the meeting room's forms
    planned: Meeting  # an unsent agenda
    item: AgendaItem  # on the unsent agenda, with an attachment
    held: BoardMeeting  # closed, minutes to be checked
    locked: BoardMeeting  # minutes checked and locked
    survey: Any
    questions: dict[str, Any]
    round: Any
    comment: Comment
    news: Any
    roadmap: Any
    task: Any
    phase: Any


def _decide_all(meeting: Meeting) -> None:
    for item in meeting.items.exclude(proposal=""):
        proceedings.decision_record(
            item=item, text=item.proposal, decision_type="adopted_as_proposed"
        )


def world_build() -> World:
    admin = UserFactory(username="hallinto", is_staff=True, is_superuser=True)
    board = board_meeting(members=4)
    planned = MeetingFactory(body=board.body, with_standard_items=False)
    item = AgendaItemFactory(meeting=planned, title="Hankinta", proposal="Hankitaan.")
    attachment_add(
        item=item,
        file=SimpleUploadedFile("liite.pdf", pdf_bytes("Liite"), "application/pdf"),
        title="Liite",
    )

    held = board_meeting(members=2, body=BodyFactory())
    proceedings.minute_checkers_set(item=held.checkers_item, checkers=held.members[:2])
    _decide_all(held.meeting)
    proceedings.meeting_close(meeting=held.meeting, end=held.meeting.start + dt.timedelta(hours=1))
    Person.objects.filter(pk=held.chair.pk).update(user=admin)

    locked = board_meeting(members=2, body=BodyFactory())
    _decide_all(locked.meeting)
    proceedings.meeting_close(
        meeting=locked.meeting, end=locked.meeting.start + dt.timedelta(hours=1)
    )
    Meeting.objects.filter(pk=locked.meeting.pk).update(
        status=Meeting.Status.MINUTES_CHECKED, minutes_locked_at=timezone.now()
    )

    survey = survey_make(results_public=True, organisation=board.body.organisation)
    questions = {
        "short": question_add(survey, "short_text", "Nimimerkki"),
        "long": question_add(survey, "long_text", "Mielipiteesi"),
        "single": question_add(survey, "single", "Kotikunta", options=("Kotka", "Kouvola")),
        "multiple": question_add(survey, "multiple", "Tavat", options=("Kysely", "Raati")),
        "scale": question_add(survey, "scale", "Arvio"),
        "matrix": question_add(survey, "matrix", "Väitteet", options=("Hyvä", "Huono")),
        "ranking": question_add(survey, "ranking", "Järjestys", options=("Eka", "Toka")),
        "file": question_add(survey, "file", "Liite"),
    }
    discussion = round_make(organisation=board.body.organisation)
    comment = participation.comment_add(round=discussion, text="Hyvä luonnos.", author_key="a1")
    news = make_news("Tiedote", lead="Ingressi.", body="<p>Teksti.</p>")
    roadmap = RoadmapFactory(organisation=board.body.organisation)
    phase = PhaseFactory(roadmap=roadmap)
    task = TaskFactory(roadmap=roadmap)
    return World(
        admin=admin,
        board=board,
        planned=planned,
        item=AgendaItem.objects.get(pk=item.pk),
        held=held,
        locked=locked,
        survey=survey,
        questions=questions,
        round=discussion,
        comment=comment,
        news=news,
        roadmap=roadmap,
        task=task,
        phase=phase,
    )


@pytest.fixture(scope="module")
def world_shared(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    with (
        shared_database(django_db_blocker),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
    ):
        yield world_build()


@pytest.fixture
def world(world_shared: World, db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return world_shared


# --- The forms ---------------------------------------------------------------------------------


Data = dict[str, Any]


@dataclass(frozen=True)
class Form:
    """A form: where it posts, a valid submission (read afresh before each post: versions
    move), the fields to attack, its upload fields, the statuses of an accepted baseline post,
    and the pages that show what it stores."""

    name: str
    url: Callable[[World], str]
    data: Callable[[World], Data]
    fields: Callable[[World], tuple[str, ...]] | tuple[str, ...]
    files: tuple[str, ...] = ()
    staff: bool = True
    accepted: tuple[int, ...] = (302,)
    shown: Callable[[World], list[str]] = field(default=lambda w: [])

    def field_names(self, world: World) -> tuple[str, ...]:
        return self.fields(world) if callable(self.fields) else self.fields


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("liite.pdf", pdf_bytes("Liite"), "application/pdf")


def _meeting_data(meeting: Meeting | None = None) -> Data:
    return {
        "date": "2030-05-06",
        "start_time": "17:00",
        "end_time": "19:00",
        "place": "Kokoushuone",
        "online_url": "",
        "chair": "",
        "secretary": "",
        "presenter": "",
        "version": str(meeting.version) if meeting else "",
    }


MEETING_FIELDS = ("date", "start_time", "end_time", "place", "online_url", "chair", "version")


def _item_edit_data(w: World) -> Data:
    item = AgendaItem.objects.get(pk=w.item.pk)
    return {
        "title": "Hankinta",
        "preparation_text": "<p>Valmistelu.</p>",
        "proposal": "Hankitaan.",
        "publicity": "public",
        "legal_basis": "",
        "presenter": "",
        "appeal_kind": "",
        "version": str(item.version),
    }


def _attendance_data(w: World) -> Data:
    person = w.board.members[0]
    return {
        f"present-{person.pk}": "present",
        f"from-{person.pk}": "",
        f"until-{person.pk}": "",
        f"capacity-{person.pk}": "member",
        "guest": str(PersonFactory().pk),
        "guest_capacity": "expert",
        "guest_represents": "Asiantuntija",
    }


def _handle(action: str, data: Callable[[World], Data]) -> Callable[[World], Data]:
    return lambda w: {"action": action, **data(w)}


def _answer_data(w: World) -> Data:
    q = w.questions
    kotka = q["single"].options.first()
    kysely = q["multiple"].options.first()
    hyva, huono = q["matrix"].options.all()
    eka, toka = q["ranking"].options.all()
    return {
        "form_token": participation.form_token_make(now=timezone.now() - dt.timedelta(seconds=30)),
        "website": "",
        f"q{q['short'].pk}": "Nimimerkki",
        f"q{q['long'].pk}": "Hyvä kysely.",
        f"q{q['single'].pk}": str(kotka.pk),
        f"q{q['multiple'].pk}": str(kysely.pk),
        f"q{q['scale'].pk}": "3",
        f"q{q['matrix'].pk}_{hyva.pk}": "4",
        f"q{q['matrix'].pk}_{huono.pk}": "2",
        f"q{q['ranking'].pk}_{eka.pk}": "1",
        f"q{q['ranking'].pk}_{toka.pk}": "2",
    }


def _answer_fields(w: World) -> tuple[str, ...]:
    return tuple(name for name in _answer_data(w) if name != "form_token") + ("form_token",)


def _consultation_data(w: World) -> Data:
    now = timezone.localtime()
    return {
        "organisation": str(w.board.body.organisation_id),
        "case": "",
        "title": "Uusi kysely",
        "introduction": "Johdanto.",
        "contact": "Yhteyshenkilö",
        "opens_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "published": "on",
        "sign_in": "none",
        "privacy_notice": "Tietosuoja.",
    }


def _survey_data(w: World) -> Data:
    return {
        **_consultation_data(w),
        "anonymity": "anonymous",
        "results_public": "on",
        "thanks": "Kiitos.",
    }


CONSULTATION_FIELDS = (
    "organisation", "case", "title", "introduction", "contact", "opens_at", "closes_at",
    "sign_in", "privacy_notice",
)  # fmt: skip


def _task_data(w: World) -> Data:
    return {
        "code": "X1",
        "title": "Tehtävä",
        "description": "Kuvaus.",
        "group": "",
        "responsible": "",
        "participants_note": "Muut",
        "phase": str(w.phase.pk),
        "start": "2022-02-01",
        "due": "2022-03-01",
        "status": "in_progress",
        "progress": "50",
        "weight": "1",
    }


TASK_FIELDS = (
    "code", "title", "description", "group", "responsible", "participants", "participants_note",
    "phase", "start", "due", "status", "progress", "weight",
)  # fmt: skip


def _news_data(w: World) -> Data:
    category = Category.objects.order_by("position").first()
    return {
        "title": "Tiedote",
        "lead": "Ingressi.",
        "body": "<p>Teksti.</p>",
        "categories": str(category.pk) if category else "",
        "organisation": "",
        "contacts": "Viestintä",
        "status": "published",
        "publish_date": "2024-05-01",
        "publish_time": "09:00",
        "attachment_title": "Liite",
    }


NEWS_FIELDS = (
    "title", "lead", "body", "categories", "organisation", "contacts", "status", "publish_date",
    "publish_time", "send_newsletter", "attachment_title",
)  # fmt: skip


def _survey_pages(w: World) -> list[str]:
    return [f"/staff/participation/surveys/{w.survey.pk}/", w.survey.get_absolute_url()]


def _staff_item(w: World) -> list[str]:
    return [f"/staff/items/{w.item.pk}/", f"/staff/meetings/{w.planned.pk}/"]


def _handled(w: World) -> list[str]:
    return [
        f"/staff/items/{w.board.matter.pk}/handle/",
        f"/staff/meetings/{w.board.meeting.pk}/minutes/",
    ]


FORMS = [
    # --- Public -------------------------------------------------------------------------------
    Form(
        "login",
        lambda w: "/accounts/login/",
        lambda w: {"username": "hallinto", "password": PASSWORD},
        ("username", "password", "next"),
        staff=False,
    ),
    Form(
        "password_reset",
        lambda w: "/accounts/password_reset/",
        lambda w: {"email": "hallinto@example.fi"},
        ("email",),
        staff=False,
    ),
    Form(
        "set_language",
        lambda w: "/i18n/setlang/",
        lambda w: {"language": "sv", "next": "/"},
        ("language", "next"),
        staff=False,
    ),
    Form(
        "search_alert",
        lambda w: "/search/alerts/?q=talous",
        lambda w: {"email": "tilaaja@example.fi", "q": "talous", "language": "fi"},
        ("email", "q", "language"),
        staff=False,
        accepted=(200,),
    ),
    Form(
        "newsletter",
        lambda w: "/newsletter/",
        lambda w: {"email": "tilaaja@example.fi", "language": "fi"},
        ("email", "language", "categories"),
        staff=False,
        accepted=(200, 302),
    ),
    Form(
        "survey_answer",
        lambda w: w.survey.get_absolute_url(),
        _answer_data,
        _answer_fields,
        files=("q{file}",),
        staff=False,
        shown=lambda w: [f"/staff/participation/surveys/{w.survey.pk}/results/"],
    ),
    Form(
        "survey_draft",
        lambda w: f"{w.survey.get_absolute_url()}draft/",
        _answer_data,
        _answer_fields,
        staff=False,
        shown=lambda w: [w.survey.get_absolute_url()],
    ),
    Form(
        "draft_comment",
        lambda w: f"{w.round.get_absolute_url()}comments/",
        lambda w: {
            "text": "Kommentti.",
            "author_name": "Asukas",
            "paragraph": str(w.round.paragraphs.first().pk),
            "website": "",
            "form_token": participation.form_token_make(
                now=timezone.now() - dt.timedelta(seconds=30)
            ),
        },
        ("text", "author_name", "paragraph", "website", "form_token"),
        staff=False,
        shown=lambda w: [w.round.get_absolute_url()],
    ),
    Form(
        "comment_support",
        lambda w: f"{w.round.get_absolute_url()}comments/{w.comment.pk}/support/",
        lambda w: {},
        ("extra",),
        staff=False,
    ),
    # --- Staff: meetings and agendas -----------------------------------------------------------
    Form(
        "meeting_create",
        lambda w: f"/staff/bodies/{w.board.body.slug}/meetings/new/",
        lambda w: _meeting_data(),
        ("date", "place", "chair"),  # the form of meeting_edit, attacked in full there
        shown=lambda w: [f"/staff/bodies/{w.board.body.slug}/", "/staff/meetings/?when=all"],
    ),
    Form(
        "meeting_edit",
        lambda w: f"/staff/meetings/{w.planned.pk}/edit/",
        lambda w: _meeting_data(Meeting.objects.get(pk=w.planned.pk)),
        MEETING_FIELDS,
        shown=lambda w: [f"/staff/meetings/{w.planned.pk}/"],
    ),
    Form(
        "item_create",
        lambda w: f"/staff/meetings/{w.planned.pk}/items/new/",
        lambda w: {
            "title": "Uusi asia",
            "case_mode": "new",
            "task_class": "",
            "case": "",
            "presenter": "",
            "publicity": "public",
            "legal_basis": "",
        },
        ("title", "case_mode", "task_class", "case", "presenter", "publicity", "legal_basis"),
        shown=lambda w: [f"/staff/meetings/{w.planned.pk}/"],
    ),
    Form(
        "item_edit",
        lambda w: f"/staff/items/{w.item.pk}/edit/",
        _item_edit_data,
        (
            "title",
            "preparation_text",
            "proposal",
            "publicity",
            "legal_basis",
            "presenter",
            "appeal_kind",
            "contacts",
            "version",
        ),  # fmt: skip
        shown=_staff_item,
    ),
    Form(
        "item_personal_data",
        lambda w: f"/staff/items/{w.item.pk}/personal-data/",
        lambda w: {"personal_data": "on", "private_persons": "Matti Meikäläinen"},
        ("personal_data", "private_persons"),
        shown=_staff_item,
    ),
    Form(
        "attachment_add",
        lambda w: f"/staff/items/{w.item.pk}/attachments/",
        lambda w: {"file": _pdf(), "title": "Liite", "publicity": "public", "legal_basis": ""},
        ("title", "publicity", "legal_basis"),
        files=("file",),
        shown=_staff_item,
    ),
    Form(
        "agenda_order",
        lambda w: f"/staff/meetings/{w.planned.pk}/order/",
        lambda w: {"item": str(w.item.pk), "direction": "up"},
        ("item", "direction", "order"),
    ),
    Form(
        "item_ready",
        lambda w: f"/staff/items/{w.item.pk}/ready/",
        lambda w: {"ready": "1"},
        ("ready", "next"),
    ),
    # --- Staff: the meeting room and the minutes -----------------------------------------------
    Form(
        "attendance",
        lambda w: f"/staff/meetings/{w.board.meeting.pk}/attendance/",
        _attendance_data,
        lambda w: tuple(_attendance_data(w)),
        shown=lambda w: [f"/staff/meetings/{w.board.meeting.pk}/run/"],
    ),
    Form(
        "handle_speaker",
        lambda w: f"/staff/items/{w.board.matter.pk}/handle/",
        _handle("speaker", lambda w: {"person": str(w.board.members[0].pk)}),
        ("action", "person"),
        shown=_handled,
    ),
    Form(
        "handle_disqualification",
        lambda w: f"/staff/items/{w.board.matter.pk}/handle/",
        _handle(
            "disqualification",
            lambda w: {"person": str(w.board.members[0].pk), "reason": "Esteellinen."},
        ),
        ("person", "reason"),
        shown=_handled,
    ),
    Form(
        "handle_amend",
        lambda w: f"/staff/items/{w.board.matter.pk}/handle/",
        _handle("amend", lambda w: {"text": "Muutettu ehdotus."}),
        ("text",),
        shown=_handled,
    ),
    Form(
        "handle_propose",
        lambda w: f"/staff/items/{w.board.matter.pk}/handle/",
        _handle(
            "propose",
            lambda w: {
                "kind": "counter",
                "text": "Vastaehdotus.",
                "proposer": str(w.board.members[0].pk),
                "seconder": str(w.board.members[1].pk),
            },
        ),
        ("kind", "text", "proposer", "seconder"),
        shown=_handled,
    ),
    Form(
        "handle_vote",
        lambda w: f"/staff/items/{w.board.matter.pk}/handle/",
        _handle(
            "vote",
            lambda w: {
                "yes": str(proceedings.proposal_base(item=w.board.matter).pk),
                "no": "",
                f"ballot-{w.board.members[0].pk}": "yes",
            },
        ),
        lambda w: ("yes", "no", f"ballot-{w.board.members[0].pk}", "ballot-x"),
        shown=_handled,
    ),
    Form(
        "handle_decision",
        lambda w: f"/staff/items/{w.board.matter.pk}/handle/",
        _handle(
            "decision",
            lambda w: {
                "decision": "Hyväksyttiin.",
                "decision_type": "adopted_as_proposed",
                "checkers": [str(w.board.members[0].pk), str(w.board.members[1].pk)],
            },
        ),
        ("decision", "decision_type", "checkers"),
        shown=_handled,
    ),
    Form(
        "handle_dissent",
        lambda w: f"/staff/items/{w.board.matter.pk}/handle/",
        _handle(
            "dissent", lambda w: {"person": str(w.board.members[0].pk), "reason": "Eri mieltä."}
        ),
        ("person", "reason"),
        shown=_handled,
    ),
    Form(
        "meeting_close",
        lambda w: f"/staff/meetings/{w.board.meeting.pk}/close/",
        lambda w: {"end": "19:00"},
        ("end",),
    ),
    Form(
        "minutes_sign",
        lambda w: f"/staff/meetings/{w.held.meeting.pk}/minutes/",
        lambda w: {"action": "sign", "verdict": "commented", "comment": "Korjattava."},
        ("action", "verdict", "comment"),
        shown=lambda w: [f"/staff/meetings/{w.held.meeting.pk}/minutes/"],
    ),
    Form(
        "minutes_correct",
        lambda w: f"/staff/meetings/{w.locked.meeting.pk}/minutes/",
        lambda w: {
            "action": "correct",
            "item": str(w.locked.matter.pk),
            "reason": "Kirjoitusvirhe.",
            "text": "Korjattu.",
        },
        ("item", "reason", "text"),
        shown=lambda w: [f"/staff/meetings/{w.locked.meeting.pk}/minutes/"],
    ),
    Form(
        "minutes_publish",
        lambda w: f"/staff/meetings/{w.locked.meeting.pk}/minutes/",
        lambda w: {"action": "publish", "published_on": timezone.localdate().isoformat()},
        ("published_on",),
    ),
    # --- Staff: news ---------------------------------------------------------------------------
    Form(
        "news_create",
        lambda w: "/staff/news/new/",
        _news_data,
        ("title", "body", "categories", "publish_date"),  # see news_edit
        files=("attachment",),
        shown=lambda w: ["/news/", "/news/feed.rss", "/news/feed.atom", "/staff/news/"],
    ),
    Form(
        "news_edit",
        lambda w: f"/staff/news/{w.news.pk}/edit/",
        _news_data,
        NEWS_FIELDS,
        files=("attachment",),
        shown=lambda w: [f"/news/{w.news.slug}/", "/news/", "/news/feed.rss"],
    ),
    # --- Staff: participation ------------------------------------------------------------------
    Form(
        "survey_create",
        lambda w: "/staff/participation/surveys/new/",
        _survey_data,
        (*CONSULTATION_FIELDS, "anonymity", "thanks"),
        shown=lambda w: ["/staff/participation/", "/participation/"],
    ),
    Form(
        "round_create",
        lambda w: "/staff/participation/rounds/new/",
        lambda w: {
            **_consultation_data(w),
            "document": SimpleUploadedFile(
                "luonnos.md", b"# Luonnos\n\nKappale.\n", "text/markdown"
            ),
        },  # fmt: skip
        ("title", "introduction", "opens_at"),  # see survey_create
        files=("document",),
        shown=lambda w: ["/staff/participation/", "/participation/"],
    ),
    Form(
        "closing_change",
        lambda w: f"/staff/participation/survey/{w.survey.pk}/closing/",
        lambda w: {
            "closes_at": (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Lisäaikaa.",
        },
        ("closes_at", "reason"),
        shown=lambda w: [
            f"/staff/participation/surveys/{w.survey.pk}/",
            w.survey.get_absolute_url(),
        ],
    ),
    Form(
        "section_create",
        lambda w: f"/staff/participation/surveys/{w.survey.pk}/sections/new/",
        lambda w: {"title": "Osio", "description": "Kuvaus."},
        ("title", "description"),
        shown=lambda w: [f"/staff/participation/surveys/{w.survey.pk}/"],
    ),
    Form(
        "question_create",
        lambda w: f"/staff/participation/surveys/{w.survey.pk}/questions/new/",
        lambda w: {
            "section": str(w.survey.sections.first().pk),
            "kind": "single",
            "text": "Kysymys",
            "help_text": "Ohje",
            "scale_points": "5",
            "scale_min_label": "",
            "scale_max_label": "",
            "options": "Kyllä\nEi",
        },
        (
            "section",
            "kind",
            "text",
            "help_text",
            "required",
            "scale_points",
            "scale_min_label",
            "scale_max_label",
            "options",
            "show_if",
        ),  # fmt: skip
        shown=lambda w: [
            f"/staff/participation/surveys/{w.survey.pk}/",
            w.survey.get_absolute_url(),
        ],
    ),
    Form(
        "comment_hide",
        lambda w: f"/staff/participation/comments/{w.comment.pk}/hide/",
        lambda w: {"hidden_reason": "Asiaton."},
        ("hidden_reason",),
        shown=lambda w: [w.round.get_absolute_url()],
    ),
    Form(
        "results_attach",
        lambda w: f"/staff/participation/survey/{w.survey.pk}/attach/",
        lambda w: {"item": ""},
        ("item",),
    ),
    # --- Staff: preparation --------------------------------------------------------------------
    Form(
        "task_create",
        lambda w: f"/staff/preparation/roadmaps/{w.roadmap.slug}/tasks/new/",
        _task_data,
        ("code", "title", "participants", "start"),  # see task_edit
        shown=lambda w: [
            f"/preparation/{w.roadmap.organisation.slug}/roadmaps/{w.roadmap.slug}/",
            "/staff/preparation/",
        ],
    ),
    Form(
        "task_edit",
        lambda w: f"/staff/preparation/tasks/{w.task.pk}/",
        _task_data,
        TASK_FIELDS,
        shown=lambda w: [f"/preparation/{w.roadmap.organisation.slug}/roadmaps/{w.roadmap.slug}/"],
    ),
    Form(
        "task_report",
        lambda w: f"/staff/preparation/tasks/{w.task.pk}/",
        lambda w: {"report-note": "Raportoitu.", "report-date": "2022-02-09"},
        ("report-agenda_item", "report-case", "report-note", "report-date"),
        shown=lambda w: [f"/staff/preparation/tasks/{w.task.pk}/"],
    ),
    Form(
        "roadmap_import",
        lambda w: f"/staff/preparation/roadmaps/{w.roadmap.slug}/import/",
        lambda w: {
            "file": SimpleUploadedFile("tiekartta.csv", b"code,title\nI1,Tuotu\n", "text/csv")
        },
        (),
        files=("file",),
    ),
]


# --- Sending -----------------------------------------------------------------------------------


def _encode(value: Any) -> str:
    return quote_plus(bytes(value) if isinstance(value, Raw) else str(value).encode())


def _urlencoded(data: Data) -> str:
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append(f"{quote_plus(name)}={_encode(one)}")
    return "&".join(pairs)


def post(client: Client, form: Form, world: World, data: Data, address: int) -> Any:
    """Post `data` as a browser would: form-encoded, or multipart when the form takes files.
    Every post comes from another address, so that no rate limit stops the run."""
    cache.clear()
    url = form.url(world)
    extra = {"REMOTE_ADDR": f"10.{address // 65536 % 256}.{address // 256 % 256}.{address % 256}"}
    if form.files:
        body = encode_multipart(BOUNDARY, data)
        return client.post(
            url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra
        )
    return client.post(
        url, _urlencoded(data), content_type="application/x-www-form-urlencoded", **extra
    )


def _file_fields(form: Form, world: World) -> list[str]:
    names = []
    for name in form.files:
        if name == "q{file}":
            name = f"q{world.questions['file'].pk}"
        names.append(name)
    return names


# --- What is stored ----------------------------------------------------------------------------


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.FileField)
    ]


def _broken_rows(model: type[models.Model]) -> list[str]:
    """Rows of `model` holding what no column should: a NUL byte (PostgreSQL refuses them, so
    asked of SQLite only), text longer than its column, unsanitised rich text, or a file name
    that climbs out of its folder."""
    conditions = Q()
    aliases: dict[str, Any] = {}
    for f in _text_fields(model):
        if connection.vendor != "postgresql":
            # A regular expression: SQLite's LIKE stops at a NUL in its pattern.
            conditions |= Q(**{f"{f.attname}__regex": r"\x00"})
        if isinstance(f, models.CharField | models.FileField) and f.max_length:
            aliases[f"length_{f.attname}"] = Length(f.attname)
            conditions |= Q(**{f"length_{f.attname}__gt": f.max_length})
        if isinstance(f, SanitizedHTMLField):
            conditions |= Q(**{f"{f.attname}__icontains": "<script"})
            conditions |= Q(**{f"{f.attname}__icontains": "onerror"})
        if isinstance(f, models.FileField):
            conditions |= Q(**{f"{f.attname}__contains": ".."})
    if not conditions:
        return []
    rows = model._base_manager.alias(**aliases).filter(conditions)
    return [f"{model._meta.label} {pk}" for pk in rows.values_list("pk", flat=True)[:5]]


WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def broken_rows(queries: CaptureQueriesContext) -> list[str]:
    """`_broken_rows` of every model whose table the `queries` wrote."""
    tables = {m.group(1) for q in queries.captured_queries if (m := WRITE.match(q["sql"]))}
    found: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in tables and model._meta.app_label != "sessions":
            found.extend(_broken_rows(model))
    return found


UNESCAPED = [re.compile(r"<script>alert\(1\)"), re.compile(r"<img src=x onerror")]


# --- The tests ---------------------------------------------------------------------------------


@pytest.fixture
def user_client(client: Client, world: World) -> Callable[[Form], Client]:
    """The client as the form's user: the administrator for staff forms, else no one."""

    def signed(form: Form) -> Client:
        client.logout()
        if form.staff:
            client.force_login(world.admin)
        return client

    return signed


@pytest.fixture
def staff_client(world: World) -> Client:
    """Another client, of the administrator, who sees every page that shows a stored value."""
    client = Client()
    client.force_login(world.admin)
    return client


def _check_status(form: Form, response: Any, what: str) -> None:
    assert response.status_code < 500, f"{form.name} {what}: {response.status_code}"
    assert response.status_code in {200, 302, 400, 403, 404, 405}, (
        f"{form.name} {what}: {response.status_code}"
    )


def _check_shown(form: Form, world: World, client: Client) -> None:
    """Every page that shows what the form stored opens, with no markup of the input in it."""
    for url in form.shown(world):
        response = client.get(url)
        assert response.status_code == 200, (form.name, url, response.status_code)
        page = response.content.decode()
        for pattern in UNESCAPED:
            assert not pattern.search(page), (form.name, url, pattern.pattern)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_the_valid_submission_is_accepted(form: Form, world: World, user_client):
    """The baseline: the valid values are saved (so the hostile ones reach the save too)."""
    client = user_client(form)
    response = post(client, form, world, form.data(world), 0)
    assert response.status_code in form.accepted, (
        form.name,
        response.status_code,
        response.content[:2000],
    )


@pytest.mark.parametrize("value", list(VALUES), ids=str)
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_hostile_values_are_refused_or_stored_harmlessly(
    form: Form, value: str, world: World, user_client, staff_client
):
    client = user_client(form)
    with CaptureQueriesContext(connection) as queries:
        for index, name in enumerate(form.field_names(world), start=1):
            data = form.data(world)
            data[name] = VALUES[value]
            response = post(client, form, world, data, index)
            _check_status(form, response, f"{name}={value}")
    assert not (broken := broken_rows(queries)), (form.name, value, broken)
    _check_shown(form, world, staff_client)


@pytest.mark.parametrize("upload", list(FILES), ids=str)
@pytest.mark.parametrize("form", [f for f in FORMS if f.files], ids=lambda f: f.name)
def test_broken_files_are_refused_or_stored_harmlessly(
    form: Form, upload: str, world: World, user_client, staff_client
):
    client = user_client(form)
    with CaptureQueriesContext(connection) as queries:
        for index, name in enumerate(_file_fields(form, world), start=1):
            data = form.data(world)
            data[name] = FILES[upload]()
            response = post(client, form, world, data, index)
            _check_status(form, response, f"{name}={upload}")
    assert not (broken := broken_rows(queries)), (form.name, upload, broken)
    _check_shown(form, world, staff_client)


# --- The filters of the lists (forms that GET) -------------------------------------------------

# A digit that `str.isdigit` takes and `int` does not.
GET_VALUES = {**VALUES, "digits": "²"}


@dataclass(frozen=True)
class Listing:
    """A page whose filters are a form sent with GET, and the parameters it reads."""

    name: str
    url: Callable[[World], str]
    parameters: tuple[str, ...]
    staff: bool = False


SEARCH = ("q", "body", "from", "to", "type", "decision_type", "order", "page")
LISTINGS = [
    Listing("decisions", lambda w: "/decisions/", ("q", "body", "organisation", "type", "from",
                                                   "to", "page")),
    Listing("meetings", lambda w: "/meetings/", ("month", "body")),
    Listing("search", lambda w: "/search/", SEARCH),
    Listing("search_feed", lambda w: "/search/feed.rss", SEARCH),
    Listing("search_alert", lambda w: "/search/alerts/", SEARCH),
    Listing("decision_feed", lambda w: "/feeds/decisions.rss", ("q", "body", "organisation",
                                                                "type")),
    Listing("calendar", lambda w: "/calendar/meetings.ics", ("body",)),
    Listing("news", lambda w: "/news/", ("category", "year", "page")),
    Listing("news_feed", lambda w: "/news/feed.rss", ("category",)),
    Listing("cycle", lambda w: f"/preparation/{w.roadmap.organisation.slug}/annual-cycle/",
            ("year",)),
    Listing("staff_meetings", lambda w: "/staff/meetings/", ("body", "when", "page"), True),
    Listing("staff_calendar", lambda w: "/staff/calendar/", ("month", "body"), True),
    Listing("staff_cases", lambda w: f"/staff/meetings/{w.planned.pk}/cases/",
            ("case_query", "case"), True),
    Listing("staff_search", lambda w: "/staff/search/", SEARCH, True),
    Listing("staff_news", lambda w: "/staff/news/", ("page",), True),
    Listing("survey_results", lambda w: f"/staff/participation/surveys/{w.survey.pk}/results/",
            ("option", "question"), True),
]  # fmt: skip


@pytest.mark.parametrize("value", list(GET_VALUES), ids=str)
@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.name)
def test_hostile_filters_are_refused_or_ignored(
    listing: Listing, value: str, world: World, client: Client
):
    if listing.staff:
        client.force_login(world.admin)
    for parameter in listing.parameters:
        query = _urlencoded({parameter: GET_VALUES[value]})
        response = client.get(f"{listing.url(world)}?{query}")
        assert response.status_code in {200, 400, 404}, (parameter, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            page = response.content.decode()
            for pattern in UNESCAPED:
                assert not pattern.search(page), (parameter, pattern.pattern)
