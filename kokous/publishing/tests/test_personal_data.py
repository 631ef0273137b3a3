"""Personal data in published minutes (kuntalaki 140 §): the names of private persons in an item
marked as holding them give way to a neutral mention in the public version once the appeal
period has ended; the full version keeps them. The other public surfaces (pages, APIs, feeds,
calendars, sitemap) have their own tests of the same rule; these cover the rule, the removal
job, the staff marking and the printed documents."""

import datetime as dt
import io
from collections.abc import Iterator

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kokous.documents.models import StoredDocument
from kokous.documents.render import document_build
from kokous.documents.services import document_store
from kokous.documents.tests.builders import small_meeting
from kokous.documents.tests.conftest import documents_stored_in
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.services import agenda_item_personal_data_set
from kokous.minutes.services import minutes_appeal_period
from kokous.organisations.tests.factories import UserFactory
from kokous.publishing import rules
from kokous.publishing.services import (
    personal_data_removal_schedule,
    personal_data_remove_due,
)

NAME = "Matti Kivilahtinen"
DECISION = "Myönnetään Matti Kivilahtiselle poikkeuslupa. Matti Kivilahtisen hakemus on liitteenä."
PREPARATION = "<p>Hakija Matti Kivilahtinen on hakenut lupaa.</p>"
MENTION = "[yksityishenkilö]"


@pytest.fixture(autouse=True)
def document_storage(tmp_path) -> Iterator[None]:
    # In Finnish whatever language an earlier test's request left active in this thread.
    with documents_stored_in(tmp_path / "documents"), translation.override("fi"):
        yield


# The rule itself ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Matti Kivilahtinen haki lupaa.", NAME, "[yksityishenkilö] haki lupaa."),
        ("Myönnetään Matti Kivilahtiselle lupa.", NAME, "Myönnetään [yksityishenkilö] lupa."),
        ("MATTI KIVILAHTISEN hakemus", NAME, "[yksityishenkilö] hakemus"),
        ("Kivilahtisen hakemus", f"{NAME}\nKivilahtinen", "[yksityishenkilö] hakemus"),
        ("Liisa Kuokalle ja Liisa Kuokka", "Liisa Kuokka\nLiisa Kuokalle", None),
        ("Matti Meikäläinen jäsenenä", NAME, "Matti Meikäläinen jäsenenä"),
        ("Mattila ja Kivilahtinen", NAME, "Mattila ja Kivilahtinen"),  # not the listed full name
    ],
)
def test_redaction_replaces_listed_names_with_case_endings(text, names, expected):
    result = rules.personal_data_redact(text=text, names=names)
    if expected is None:
        assert "Kuok" not in result and result.count(MENTION) == 2
    else:
        assert result == expected


def test_redaction_in_html_keeps_the_markup_and_escapes_nothing_wrongly():
    result = rules.personal_data_redact(text=PREPARATION, names=NAME, html=True)
    assert result == f"<p>Hakija {MENTION} on hakenut lupaa.</p>"


@given(
    first=st.text(alphabet="abcdefghijklmnoprstuvyäö", min_size=2, max_size=8),
    last=st.text(alphabet="abcdefghijklmnoprstuvyäö", min_size=2, max_size=8),
    before=st.text(alphabet="abc .,;:!?()\n", max_size=20),
    ending=st.sampled_from(["", "lle", "n", "sta", "ssa"]),
)
def test_a_listed_name_never_survives_whatever_surrounds_it(first, last, before, ending):
    name = f"{first.capitalize()} {last.capitalize()}"
    text = f"{before} {name}{ending} {before}"
    result = rules.personal_data_redact(text=text, names=name)
    assert f" {name.casefold()}" not in result.casefold()


@pytest.mark.django_db
def test_item_for_public_is_a_read_only_copy_only_after_removal():
    small = small_meeting("published")
    item = small.matter
    assert rules.item_for_public(item) is item  # nothing marked: the item itself
    AgendaItem.objects.filter(pk=item.pk).update(
        personal_data=True, private_persons=NAME, decision=DECISION
    )
    item.refresh_from_db()
    assert rules.item_for_public(item) is item  # marked, period not over: still the same
    item.personal_data_removed_on = dt.date(2026, 1, 2)
    public = rules.item_for_public(item)
    assert public is not item
    assert "Kivilahti" not in public.decision and MENTION in public.decision
    assert item.decision == DECISION  # the stored item keeps the names
    with pytest.raises(RuntimeError):
        public.save()


# The removal job ------------------------------------------------------------------------------


def _marked(small) -> AgendaItem:
    AgendaItem.objects.filter(pk=small.matter.pk).update(
        personal_data=True,
        private_persons=NAME,
        decision=DECISION,
        preparation_text=PREPARATION,
    )
    return AgendaItem.objects.get(pk=small.matter.pk)


@pytest.mark.django_db
def test_the_job_waits_for_the_appeal_period_and_then_marks_the_items():
    small = small_meeting("published")
    item = _marked(small)
    period = minutes_appeal_period(meeting=small.meeting)
    assert period is not None

    report = personal_data_remove_due(today=period.appeal_ends)  # the last day: not yet
    assert report.items == []
    item.refresh_from_db()
    assert item.personal_data_removed_on is None

    dry = personal_data_remove_due(today=period.appeal_ends + dt.timedelta(days=1), dry_run=True)
    assert [i.pk for i in dry.items] == [item.pk]
    item.refresh_from_db()
    assert item.personal_data_removed_on is None  # a dry run changes nothing

    day = period.appeal_ends + dt.timedelta(days=1)
    report = personal_data_remove_due(today=day)
    assert [i.pk for i in report.items] == [item.pk]
    item.refresh_from_db()
    assert item.personal_data_removed_on == day
    assert item.decision == DECISION  # the full version is untouched
    assert personal_data_remove_due(today=day + dt.timedelta(days=5)).items == []  # idempotent


@pytest.mark.django_db
def test_unmarked_items_and_unpublished_minutes_are_left_alone():
    held = small_meeting("held")
    AgendaItem.objects.filter(pk=held.matter.pk).update(personal_data=True, private_persons=NAME)
    published = small_meeting("published")
    assert personal_data_remove_due(today=dt.date(2030, 1, 1)).items == []
    assert not AgendaItem.objects.exclude(personal_data_removed_on=None).exists()
    assert published.meeting.status == Meeting.Status.PUBLISHED


@pytest.mark.django_db
def test_the_job_discards_the_stored_public_pdfs_printed_with_the_names(
    django_capture_on_commit_callbacks,
):
    small = small_meeting("published")
    item = _marked(small)
    stored = {}
    for kind, key in (("minutes", "meeting_pk"), ("extract", "item_pk")):
        pk = small.meeting.pk if kind == "minutes" else item.pk
        for variant in ("public", "full"):
            document = document_build(kind=kind, variant=variant, language="fi", **{key: pk})
            stored[kind, variant] = document_store(document=document)
    old_public = stored["minutes", "public"]
    assert NAME in _pdf_text(old_public)

    with django_capture_on_commit_callbacks(execute=True):
        report = personal_data_remove_due(today=dt.date(2026, 11, 23))
    assert report.documents_discarded == 2  # the public minutes and the public extract
    # The worker (immediate in tests) printed the public minutes again, without the names.
    new_public = StoredDocument.objects.get(
        meeting=small.meeting, kind="minutes", variant="public", language="fi"
    )
    assert new_public.sha256 != old_public.sha256
    text = _pdf_text(new_public)
    assert "Kivilahti" not in text and MENTION in text
    assert NAME in _pdf_text(StoredDocument.objects.get(pk=stored["minutes", "full"].pk))
    assert StoredDocument.objects.filter(pk=stored["extract", "full"].pk).exists()


def _pdf_text(document: StoredDocument) -> str:
    with document.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.django_db
def test_the_command_is_a_dry_run_unless_told_for_real():
    small = small_meeting("published")
    item = _marked(small)
    out = io.StringIO()
    call_command("personal_data_remove", stdout=out)
    assert "Would remove personal data from 1 item(s)" in out.getvalue()
    item.refresh_from_db()
    assert item.personal_data_removed_on is None
    call_command("personal_data_remove", "--for-real", stdout=io.StringIO())
    item.refresh_from_db()
    assert item.personal_data_removed_on is not None


@pytest.mark.django_db
def test_publishing_schedules_the_removal_after_the_appeal_period():
    small = small_meeting("published")
    assert personal_data_removal_schedule(meeting=small.meeting) is None  # nothing marked
    _marked(small)
    when = personal_data_removal_schedule(meeting=small.meeting)
    period = minutes_appeal_period(meeting=small.meeting)
    assert when is not None and period is not None
    assert when.date() == period.appeal_ends + dt.timedelta(days=1)


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_publishing_minutes_enqueues_the_removal_task_to_run_after_the_period(
    django_capture_on_commit_callbacks,
):
    from django_tasks import default_task_backend

    small = small_meeting("locked")
    AgendaItem.objects.filter(pk=small.matter.pk).update(personal_data=True, private_persons=NAME)
    from kokous.minutes.services import minutes_publish

    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=small.meeting, published_on=dt.date(2025, 12, 3))
    results = [r for r in default_task_backend.results if r.task.name == "personal_data_remove"]
    assert len(results) == 1
    period = minutes_appeal_period(meeting=Meeting.objects.get(pk=small.meeting.pk))
    assert period is not None
    assert results[0].task.run_after.date() == period.appeal_ends + dt.timedelta(days=1)


# The printed public version -------------------------------------------------------------------


@pytest.mark.django_db
def test_public_documents_show_the_mention_and_the_full_version_the_names():
    small = small_meeting("published")
    item = _marked(small)
    AgendaItem.objects.filter(pk=item.pk).update(personal_data_removed_on=dt.date(2026, 1, 1))
    client = Client()
    for url in (
        reverse("documents:minutes", args=[small.meeting.pk]),
        reverse("documents:extract", args=[item.pk]),
        reverse("documents:agenda", args=[small.meeting.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Kivilahti" not in page, url
        assert MENTION in page, url
    user = small.users["member"]
    client.force_login(user)
    full = client.get(reverse("staff:minutes_document", args=[small.meeting.pk]))
    assert "Matti Kivilahtiselle" in full.content.decode()


# Marking in the workspace ---------------------------------------------------------------------


@pytest.mark.django_db
def test_marking_needs_names_and_cannot_be_undone_after_removal():
    small = small_meeting("published")
    item = small.matter
    with pytest.raises(ValidationError):
        agenda_item_personal_data_set(item=item, personal_data=True, private_persons="  \n ")
    item = agenda_item_personal_data_set(
        item=item, personal_data=True, private_persons=f"  {NAME} \n\n Liisa Kuokka"
    )
    assert item.private_persons == f"{NAME}\nLiisa Kuokka"
    AgendaItem.objects.filter(pk=item.pk).update(personal_data_removed_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        agenda_item_personal_data_set(item=item, personal_data=False, private_persons="")
    item = agenda_item_personal_data_set(
        item=item, personal_data=True, private_persons=f"{NAME}\nLiisa Kuokka\nPekka Puu"
    )
    assert item.private_persons.endswith("Pekka Puu")


@pytest.mark.django_db
def test_the_secretary_marks_an_item_in_the_workspace_after_the_meeting():
    small = small_meeting("published")
    secretary = UserFactory()
    secretary_person = small.meeting.secretary
    secretary_person.user = secretary
    secretary_person.save(update_fields=["user"])
    client = Client()
    client.force_login(secretary)
    url = reverse("staff:item_personal_data", args=[small.matter.pk])
    page = client.get(reverse("staff:item", args=[small.matter.pk])).content.decode()
    assert url in page
    bad = client.post(url, {"personal_data": "on", "private_persons": ""})
    assert bad.status_code == 400
    good = client.post(url, {"personal_data": "on", "private_persons": NAME})
    assert good.status_code == 302
    item = AgendaItem.objects.get(pk=small.matter.pk)
    assert item.personal_data and item.private_persons == NAME
    client.force_login(small.users["member"])  # a member reads but does not manage
    assert client.post(url, {"personal_data": ""}).status_code == 403
