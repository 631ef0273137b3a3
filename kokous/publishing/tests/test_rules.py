"""The publication rule: what of a meeting the public sees in each state (DOMAIN.md 6-7)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kokous.core.tests.samplefiles import pdf_bytes
from kokous.meetings.models import AgendaItem, Attachment, Meeting, Publicity
from kokous.meetings.services import attachment_add
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.publishing import rules

pytestmark = pytest.mark.django_db

S = Meeting.Status
P = Publicity

# status -> (agenda public, minutes public)
MEETING_STATES = {
    S.PLANNED: (False, False),
    S.INVITATION_SENT: (True, False),
    S.HELD: (True, False),
    S.MINUTES_CHECKED: (True, False),
    S.PUBLISHED: (True, True),
    S.CANCELLED: (False, False),
}


def _item(status: str, publicity: str):
    item = AgendaItemFactory(
        publicity=publicity,
        legal_basis="JulkL 24 § 1 mom. 25 k." if publicity == P.CONFIDENTIAL else "",
    )
    meeting = item.meeting
    meeting.status = status
    meeting.save()
    return item, meeting


@pytest.mark.parametrize("status", list(MEETING_STATES))
def test_meeting_agenda_and_minutes_by_status(status):
    meeting = MeetingFactory.build(status=status)
    assert (
        rules.meeting_agenda_public(meeting=meeting),
        rules.meeting_minutes_public(meeting=meeting),
    ) == MEETING_STATES[status]


@pytest.mark.parametrize("status", list(MEETING_STATES))
@pytest.mark.parametrize("publicity", list(P))
def test_item_content_and_decision(status, publicity):
    item, meeting = _item(status, publicity)
    agenda_public, minutes_public = MEETING_STATES[status]
    content = rules.item_content_public(item=item, meeting=meeting)
    decision = rules.item_decision_public(item=item, meeting=meeting)
    if publicity == P.CONFIDENTIAL:
        assert not content and not decision
    elif publicity == P.PUBLIC_AFTER_DECISION:
        assert content == minutes_public and decision == minutes_public
    else:
        assert content == agenda_public and decision == minutes_public


@pytest.mark.parametrize(
    ("item_publicity", "attachment_publicity", "status", "expected"),
    [
        (P.PUBLIC, P.PUBLIC, S.INVITATION_SENT, True),
        (P.PUBLIC, P.PUBLIC, S.PLANNED, False),
        (P.PUBLIC, P.CONFIDENTIAL, S.PUBLISHED, False),
        (P.PUBLIC, P.PUBLIC_AFTER_DECISION, S.INVITATION_SENT, False),
        (P.PUBLIC, P.PUBLIC_AFTER_DECISION, S.PUBLISHED, True),
        (P.CONFIDENTIAL, P.PUBLIC, S.PUBLISHED, False),
        (P.PUBLIC_AFTER_DECISION, P.PUBLIC, S.HELD, False),
        (P.PUBLIC_AFTER_DECISION, P.PUBLIC, S.PUBLISHED, True),
    ],
)
def test_attachment(item_publicity, attachment_publicity, status, expected):
    item, meeting = _item(status, item_publicity)
    attachment = Attachment(
        agenda_item=item,
        number=1,
        title="Liite",
        publicity=attachment_publicity,
        legal_basis="JulkL 24 § 1 mom. 17 k." if attachment_publicity == P.CONFIDENTIAL else "",
    )
    assert rules.attachment_public(attachment=attachment, item=item, meeting=meeting) is expected


# The database filters give the same answers as the per-object rules, for every combination.


def test_the_database_filters_agree_with_the_rules_for_every_state():
    attachments = []
    for status in MEETING_STATES:
        for item_publicity in P:
            item, meeting = _item(status, item_publicity)
            for number, attachment_publicity in enumerate(P, start=1):
                attachments.append(
                    Attachment.objects.create(
                        agenda_item=item,
                        number=number,
                        title="Liite",
                        publicity=attachment_publicity,
                        legal_basis="JulkL 24 § 1 mom. 17 k."
                        if attachment_publicity == P.CONFIDENTIAL
                        else "",
                    )
                )
    items = list(AgendaItem.objects.select_related("meeting"))
    assert len({i.meeting.pk for i in items}) == len(MEETING_STATES) * len(P)

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert ids(Meeting.objects.filter(rules.agenda_public_q())) == {
        i.meeting.pk for i in items if rules.meeting_agenda_public(meeting=i.meeting)
    }
    assert ids(Meeting.objects.filter(rules.minutes_public_q())) == {
        i.meeting.pk for i in items if rules.meeting_minutes_public(meeting=i.meeting)
    }
    assert ids(AgendaItem.objects.filter(rules.item_listed_q())) == {
        i.pk for i in items if rules.meeting_agenda_public(meeting=i.meeting)
    }
    assert ids(AgendaItem.objects.filter(rules.item_content_public_q())) == {
        i.pk for i in items if rules.item_content_public(item=i, meeting=i.meeting)
    }
    assert ids(AgendaItem.objects.filter(rules.item_decision_public_q())) == {
        i.pk for i in items if rules.item_decision_public(item=i, meeting=i.meeting)
    }
    by_pk = {i.pk: i for i in items}
    assert ids(Attachment.objects.filter(rules.attachment_public_q())) == {
        a.pk
        for a in attachments
        if rules.attachment_public(
            attachment=a, item=by_pk[a.agenda_item_id], meeting=by_pk[a.agenda_item_id].meeting
        )
    }
    # And through a relation: the prefix leads from another model to the item.
    assert ids(
        Meeting.objects.filter(rules.item_content_public_q(prefix="items__")).distinct()
    ) == {i.meeting.pk for i in items if rules.item_content_public(item=i, meeting=i.meeting)}


# The rule as a property: whatever else is true of an item, the public never sees what is secret.

SECRET = "Salaisuus7319"


def _public_addresses(item: AgendaItem, attachment: Attachment) -> list[str]:
    """Every public address where an item's text or decision could appear."""
    meeting = item.meeting_id
    return [
        f"/items/{item.pk}/",
        f"/meetings/{meeting}/",
        f"/meetings/{meeting}/agenda/",
        f"/meetings/{meeting}/minutes/",
        f"/items/{item.pk}/extract/",
        "/decisions/",
        "/feeds/decisions.rss",
        f"/api/v1/agenda-items/{item.pk}/",
        "/api/v1/agenda-items/",
        "/api/v1/decisions/",
        f"/api/v1/attachments/?agenda_item={item.pk}",
        "/api/paatos/v1/action/",
    ]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    status=st.sampled_from(list(S)),
    item_publicity=st.sampled_from(list(P)),
    attachment_publicity=st.sampled_from(list(P)),
    decided=st.booleans(),
    personal_data=st.booleans(),
    published_on=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_the_public_never_sees_a_secret_whatever_the_other_flags(
    settings, tmp_path, status, item_publicity, attachment_publicity, decided, personal_data,
    published_on,
):  # fmt: skip
    """DOMAIN.md 7: a confidential item is published only as a mention (no text, proposal or
    decision, no attachment), a confidential attachment never, and an item public only once
    decided shows nothing of its text before the minutes are published."""
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # the API's rate limit counts there
    with transaction.atomic():  # each example in a savepoint rolled back
        secret_item = item_publicity == P.CONFIDENTIAL
        before_decision = item_publicity == P.PUBLIC_AFTER_DECISION
        item = AgendaItemFactory(
            publicity=item_publicity,
            legal_basis="JulkL 24 § 1 mom. 25 k." if secret_item else "",
            preparation_text=f"<p>{SECRET} valmistelu</p>",
            proposal=f"{SECRET} ehdotus",
        )
        attachment = attachment_add(
            item=item,
            file=SimpleUploadedFile("liite.pdf", pdf_bytes("Liite"), "application/pdf"),
            title="Liite",
            publicity=attachment_publicity,
            legal_basis="JulkL 24 § 1 mom. 17 k." if attachment_publicity == P.CONFIDENTIAL else "",
        )
        AgendaItem.objects.filter(pk=item.pk).update(
            decision=f"{SECRET} päätös" if decided else "",
            decision_type="adopted_as_proposed" if decided else "",
            personal_data=personal_data,
            private_persons="Matti Meikäläinen" if personal_data else "",
        )
        Meeting.objects.filter(pk=item.meeting_id).update(
            status=status, minutes_published_on=published_on
        )
        item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
        attachment.refresh_from_db()
        minutes_out = status == S.PUBLISHED
        text_hidden = secret_item or (before_decision and not minutes_out)

        if text_hidden:
            assert not rules.item_content_public(item=item, meeting=item.meeting)
            assert not rules.attachment_public(
                attachment=attachment, item=item, meeting=item.meeting
            )
        if secret_item:
            assert not rules.item_decision_public(item=item, meeting=item.meeting)
        if attachment_publicity == P.CONFIDENTIAL:
            assert not rules.attachment_public(
                attachment=attachment, item=item, meeting=item.meeting
            )
        client = Client()
        if text_hidden or attachment_publicity == P.CONFIDENTIAL:
            assert client.get(f"/attachments/{attachment.pk}/").status_code in {302, 404}
        if text_hidden:
            for url in _public_addresses(item, attachment):
                response = client.get(url, HTTP_ACCEPT="application/json, text/html")
                assert response.status_code in {200, 302, 404}, (url, response.status_code)
                if response.status_code == 200 and not response.streaming:
                    assert SECRET not in response.content.decode(), url
        transaction.set_rollback(True)
