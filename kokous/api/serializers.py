"""Output serializers of the open API. Read-only: each turns a row that a selector returned into
what the public may see of it, asking `kokous.publishing.rules` for every part, and passing
every text of an agenda item through `item_for_public` / `item_public_text`.

Each object carries `id` (its own absolute API address, the stable identifier), `type`,
`web_url` (its public page), `created` and `modified`, after OParl 1.1. Hidden parts are
`null` (or an empty list), never left out, so that the schema is one shape for everyone.
Serializers hold no rule of their own: `_item_view` and friends only ask the rules.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from kokous.api.models import Tombstone
from kokous.cases.models import Case
from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting, Publicity
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.proceedings.models import Ballot, Proposal, Vote
from kokous.publishing import rules
from kokous.search.models import Kind
from kokous.search.selectors import Hit

# The API's name of each object type, and the route name of its detail endpoint.
BASENAMES = {
    "organisation": "organisation",
    "body": "body",
    "person": "person",
    "membership": "membership",
    "meeting": "meeting",
    "agenda_item": "agenda-item",
    "case": "case",
    "attachment": "attachment",
    "vote": "vote",
}

# A ballot by name, and a seat whose holder cast none ("absent").
BALLOT_CHOICES = [*Ballot.Choice.choices, ("absent", _("absent"))]


class Links:
    """Absolute addresses for one request: API objects and public pages."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def api(self, object_type: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        path = reverse(f"api:{BASENAMES[object_type]}-detail", kwargs={"pk": pk})
        return self.request.build_absolute_uri(path)

    def web(self, name: str, **kwargs: Any) -> str:
        return self.request.build_absolute_uri(reverse(name, kwargs=kwargs or None))

    def list(self, name: str, query: str = "") -> str:
        path = reverse(f"api:{name}-list")
        return self.request.build_absolute_uri(f"{path}?{query}" if query else path)


def _later(*moments: dt.datetime | None) -> dt.datetime:
    return max(moment for moment in moments if moment is not None)


class PersonRefSerializer(serializers.Serializer):
    """A person named in an object: the person's API address and name."""

    id = serializers.URLField()
    name = serializers.CharField()


class ContactSerializer(PersonRefSerializer):
    """Whom to ask for more information about an item whose text is public: work contacts, as
    printed on the agenda. The only place the API gives anyone's e-mail or phone."""

    title = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


def person_ref(links: Links, person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": links.api("person", person.pk), "name": person.full_name}


@extend_schema_serializer(component_name="Deleted")
class DeletedSerializer(serializers.Serializer):
    """A deleted object, reported in lists asked with `modified_since` (OParl's soft delete)."""

    id = serializers.URLField(help_text=_("The address the object had."))
    type = serializers.CharField()
    deleted = serializers.BooleanField()
    modified = serializers.DateTimeField(help_text=_("When it was deleted."))


def deleted_view(links: Links, tombstone: Tombstone) -> dict[str, Any]:
    return {
        "id": links.api(tombstone.object_type, tombstone.object_id),
        "type": tombstone.object_type,
        "deleted": True,
        "modified": tombstone.deleted_at,
    }


class PublicSerializer(serializers.Serializer):
    """Base of the object serializers: `view(obj)` gives the public view as a dict; a deleted
    object (a `Tombstone`) reads as `Deleted`."""

    id = serializers.URLField(help_text=_("The object's stable address in this API."))
    type = serializers.CharField()
    web_url = serializers.URLField(
        allow_null=True, help_text=_("The object's page on the public site.")
    )
    created = serializers.DateTimeField()
    modified = serializers.DateTimeField(
        help_text=_("When the object, or what of it is public, last changed.")
    )

    @property
    def links(self) -> Links:
        return Links(self.context["request"])

    def view(self, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, Tombstone):
            return DeletedSerializer(deleted_view(self.links, instance)).data
        if isinstance(instance, dict):  # a view already made (nested in another object)
            return super().to_representation(instance)
        return super().to_representation(self.view(instance))


class OrganisationSerializer(PublicSerializer):
    """An organisation (OParl Body): a wellbeing services county, municipality ..."""

    name = serializers.CharField()
    name_fi = serializers.CharField()
    name_sv = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    code = serializers.CharField()
    bodies = serializers.URLField(help_text=_("The organisation's bodies."))

    def view(self, obj: Organisation) -> dict[str, Any]:
        links = self.links
        return {
            "id": links.api("organisation", obj.pk),
            "type": "organisation",
            "web_url": links.web("publishing:home"),
            "created": obj.created_at,
            "modified": obj.modified_at,
            "name": obj.name,
            "name_fi": obj.name_fi,
            "name_sv": obj.name_sv,
            "slug": obj.slug,
            "kind": obj.kind,
            "code": obj.code,
            "bodies": links.list("body", f"organisation={obj.slug}"),
        }


class BodySerializer(PublicSerializer):
    """A body of an organisation (OParl Organization): council, board, committee, working
    group ..."""

    organisation = serializers.URLField()
    name = serializers.CharField()
    name_fi = serializers.CharField()
    name_sv = serializers.CharField()
    abbreviation = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=Body.Kind.choices)
    parent = serializers.URLField(allow_null=True, help_text=_("The body that set it up."))
    active_from = serializers.DateField(allow_null=True)
    active_until = serializers.DateField(allow_null=True)
    mandate = serializers.CharField(help_text=_("HTML."))
    report_deadline = serializers.DateField(allow_null=True)
    meetings = serializers.URLField()
    memberships = serializers.URLField()

    def view(self, obj: Body) -> dict[str, Any]:
        links = self.links
        return {
            "id": links.api("body", obj.pk),
            "type": "body",
            "web_url": links.web("publishing:body", slug=obj.slug),
            "created": obj.created_at,
            "modified": obj.modified_at,
            "organisation": links.api("organisation", obj.organisation_id),
            "name": obj.name,
            "name_fi": obj.name_fi,
            "name_sv": obj.name_sv,
            "abbreviation": obj.abbreviation,
            "slug": obj.slug,
            "kind": obj.kind,
            "parent": links.api("body", obj.parent_id),
            "active_from": obj.active_from,
            "active_until": obj.active_until,
            "mandate": obj.mandate,
            "report_deadline": obj.report_deadline,
            "meetings": links.list("meeting", f"body={obj.slug}"),
            "memberships": links.list("membership", f"body={obj.slug}"),
        }


class PersonSerializer(PublicSerializer):
    """A person who holds a role in a body or appears in a public part of a meeting. E-mail
    and phone are never given here (see the `contacts` of agenda items)."""

    name = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    title = serializers.CharField()
    affiliation = serializers.CharField()
    memberships = serializers.ListField(child=serializers.URLField())

    def view(self, obj: Person) -> dict[str, Any]:
        links = self.links
        return {
            "id": links.api("person", obj.pk),
            "type": "person",
            "web_url": links.web("publishing:person", pk=obj.pk),
            "created": obj.created_at,
            "modified": obj.modified_at,
            "name": obj.full_name,
            "first_name": obj.first_name,
            "last_name": obj.last_name,
            "title": obj.title,
            "affiliation": obj.affiliation,
            "memberships": [links.api("membership", m.pk) for m in obj.memberships.all()],
        }


class MembershipSerializer(PublicSerializer):
    """A role a person holds in a body for a term (OParl Membership, Popolo Membership)."""

    person = PersonRefSerializer()
    body = serializers.URLField()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    deputy_for = serializers.URLField(
        allow_null=True,
        help_text=_("The membership of the member a personal deputy stands in for."),
    )
    represents = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)

    def view(self, obj: Membership) -> dict[str, Any]:
        links = self.links
        return {
            "id": links.api("membership", obj.pk),
            "type": "membership",
            "web_url": links.web("publishing:body", slug=obj.body.slug),
            "created": obj.created_at,
            "modified": obj.modified_at,
            "person": person_ref(links, obj.person),
            "body": links.api("body", obj.body_id),
            "role": obj.role,
            "deputy_for": links.api("membership", obj.deputy_for_id),
            "represents": obj.represents,
            "start": obj.start,
            "end": obj.end,
        }


class AgendaEntrySerializer(serializers.Serializer):
    """An item on a meeting's public agenda, as a reference."""

    id = serializers.URLField()
    number = serializers.IntegerField(help_text=_("Section number (§)."))
    title = serializers.CharField()
    publicity = serializers.ChoiceField(choices=Publicity.choices)


class ParticipantSerializer(serializers.Serializer):
    """Who took part in the meeting, in which capacity, and from which § to which."""

    person = PersonRefSerializer()
    capacity = serializers.ChoiceField(choices=Attendance.Capacity.choices)
    present = serializers.BooleanField()
    deputy_for = PersonRefSerializer(allow_null=True)
    represents = serializers.CharField()
    present_from = serializers.IntegerField(allow_null=True, help_text=_("Section number (§)."))
    present_until = serializers.IntegerField(allow_null=True, help_text=_("Section number (§)."))


class MeetingDocumentsSerializer(serializers.Serializer):
    """The meeting's public documents, once public."""

    agenda = serializers.URLField(allow_null=True)
    agenda_pdf = serializers.URLField(allow_null=True)
    minutes = serializers.URLField(allow_null=True)
    minutes_pdf = serializers.URLField(allow_null=True)


class MeetingSerializer(PublicSerializer):
    """A meeting of a body (OParl Meeting). Its time, place and status are public from the
    start; its agenda once the invitation is sent; its participants, chair and secretary once
    the minutes are published."""

    body = serializers.URLField()
    body_name = serializers.CharField()
    number = serializers.IntegerField(help_text=_("Number of the meeting in its year."))
    year = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)
    place = serializers.CharField()
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    agenda_public = serializers.BooleanField()
    minutes_public = serializers.BooleanField()
    minutes_published_on = serializers.DateField(allow_null=True)
    chair = PersonRefSerializer(allow_null=True)
    secretary = PersonRefSerializer(allow_null=True)
    presenter = PersonRefSerializer(allow_null=True)
    agenda_items = AgendaEntrySerializer(many=True)
    participants = ParticipantSerializer(many=True)
    documents = MeetingDocumentsSerializer()

    def view(self, obj: Meeting) -> dict[str, Any]:
        links = self.links
        agenda = rules.meeting_agenda_public(meeting=obj)
        minutes = rules.meeting_minutes_public(meeting=obj)
        items = [rules.item_for_public(item) for item in obj.items.all()] if agenda else []
        participants = []
        if minutes:
            for attendance in obj.attendances.all():
                participants.append(
                    {
                        "person": person_ref(links, attendance.person),
                        "capacity": attendance.capacity,
                        "present": attendance.present,
                        "deputy_for": person_ref(links, attendance.deputy_for),
                        "represents": attendance.represents,
                        "present_from": attendance.present_from.section_number
                        if attendance.present_from
                        else None,
                        "present_until": attendance.present_until.section_number
                        if attendance.present_until
                        else None,
                    }
                )
        return {
            "id": links.api("meeting", obj.pk),
            "type": "meeting",
            "web_url": links.web("publishing:meeting", pk=obj.pk),
            "created": obj.created_at,
            "modified": obj.modified_at,
            "body": links.api("body", obj.body_id),
            "body_name": obj.body.name,
            "number": obj.number,
            "year": obj.year,
            "start": obj.start,
            "end": obj.end,
            "place": obj.place,
            "status": obj.status,
            "agenda_public": agenda,
            "minutes_public": minutes,
            "minutes_published_on": obj.minutes_published_on if minutes else None,
            "chair": person_ref(links, obj.chair) if minutes else None,
            "secretary": person_ref(links, obj.secretary) if minutes else None,
            "presenter": person_ref(links, obj.presenter) if agenda else None,
            "agenda_items": [
                {
                    "id": links.api("agenda_item", item.pk),
                    "number": item.section_number,
                    "title": item.title,
                    "publicity": item.publicity,
                }
                for item in items
            ],
            "participants": participants,
            "documents": {
                "agenda": links.web("documents:agenda", pk=obj.pk) if agenda else None,
                "agenda_pdf": links.web("documents:agenda_pdf", pk=obj.pk) if agenda else None,
                "minutes": links.web("documents:minutes", pk=obj.pk) if minutes else None,
                "minutes_pdf": links.web("documents:minutes_pdf", pk=obj.pk) if minutes else None,
            },
        }


class AttachmentSerializer(PublicSerializer):
    """An attachment of an agenda item whose text is public (OParl File). A public attachment
    has a `download_url`; another is listed as a record only, with its legal basis."""

    agenda_item = serializers.URLField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    publicity = serializers.ChoiceField(choices=Publicity.choices)
    public = serializers.BooleanField()
    legal_basis = serializers.CharField(allow_null=True)
    content_type = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    download_url = serializers.URLField(allow_null=True)

    def view(self, obj: Attachment) -> dict[str, Any]:
        return attachment_view(self.links, obj, obj.agenda_item, obj.agenda_item.meeting)


def attachment_view(
    links: Links, attachment: Attachment, item: AgendaItem, meeting: Meeting
) -> dict[str, Any]:
    public = rules.attachment_public(attachment=attachment, item=item, meeting=meeting)
    return {
        "id": links.api("attachment", attachment.pk),
        "type": "attachment",
        "web_url": links.web("publishing:item", pk=item.pk),
        "created": attachment.created_at,
        "modified": _later(attachment.modified_at, item.modified_at, meeting.modified_at),
        "agenda_item": links.api("agenda_item", item.pk),
        "number": attachment.number,
        "title": rules.item_public_text(item=item, text=attachment.title),
        "publicity": attachment.publicity,
        "public": public,
        "legal_basis": None if public else attachment.legal_basis,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "download_url": links.web("publishing:attachment", pk=attachment.pk)
        if public and attachment.file
        else None,
    }


class DissentSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    reason = serializers.CharField()


class AgendaItemSerializer(PublicSerializer):
    """An agenda item (OParl AgendaItem). A listed item always shows its number, title and
    publicity; its text (preparation, proposal, presenter, contacts, attachments) once the
    publication rule makes it public; its decision, decision type, votes, speakers and dissents
    once the minutes are published. A confidential item is only a mention with its legal
    basis."""

    meeting = serializers.URLField()
    body = serializers.URLField()
    number = serializers.IntegerField(help_text=_("Section number (§)."))
    position = serializers.IntegerField(help_text=_("Order on the agenda."))
    title = serializers.CharField()
    publicity = serializers.ChoiceField(choices=Publicity.choices)
    legal_basis = serializers.CharField(
        allow_null=True, help_text=_("The legal basis for secrecy of a confidential item.")
    )
    supplementary = serializers.BooleanField()
    content_public = serializers.BooleanField()
    decision_public = serializers.BooleanField()
    case = serializers.URLField(allow_null=True)
    record_number = serializers.CharField(allow_null=True)
    preparation_text = serializers.CharField(allow_null=True, help_text=_("HTML."))
    proposal = serializers.CharField(allow_null=True, help_text=_("The presenter's proposal."))
    presenter = PersonRefSerializer(allow_null=True)
    contacts = ContactSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    decision = serializers.CharField(allow_null=True)
    decision_type = serializers.ChoiceField(
        choices=AgendaItem.DecisionType.choices,
        allow_null=True,
        help_text=_("The structured type of the decision."),
    )
    votes = serializers.ListField(child=serializers.URLField())
    speakers = PersonRefSerializer(many=True)
    dissents = DissentSerializer(many=True)
    extract_pdf = serializers.URLField(
        allow_null=True, help_text=_("The certified extract of the minutes (PDF).")
    )

    def view(self, obj: AgendaItem) -> dict[str, Any]:
        links = self.links
        meeting = obj.meeting
        content = rules.item_content_public(item=obj, meeting=meeting)
        decided = rules.item_decision_public(item=obj, meeting=meeting)
        public = rules.item_for_public(obj)
        return {
            "id": links.api("agenda_item", obj.pk),
            "type": "agenda_item",
            "web_url": links.web("publishing:item", pk=obj.pk),
            "created": obj.created_at,
            "modified": _later(obj.modified_at, meeting.modified_at),
            "meeting": links.api("meeting", meeting.pk),
            "body": links.api("body", meeting.body_id),
            "number": obj.section_number,
            "position": obj.position,
            "title": public.title,
            "publicity": obj.publicity,
            "legal_basis": obj.legal_basis if obj.publicity != Publicity.PUBLIC else None,
            "supplementary": obj.supplementary,
            "content_public": content,
            "decision_public": decided,
            "case": links.api("case", obj.case_id) if content else None,
            "record_number": obj.case.record_number if content and obj.case else None,
            "preparation_text": public.preparation_text if content else None,
            "proposal": public.proposal if content else None,
            "presenter": person_ref(links, obj.presenter) if content else None,
            "contacts": [
                {
                    "id": links.api("person", person.pk),
                    "name": person.full_name,
                    "title": person.title,
                    "email": person.email,
                    "phone": person.phone,
                }
                for person in obj.contacts.all()
            ]
            if content
            else [],
            "attachments": [
                attachment_view(links, attachment, obj, meeting)
                for attachment in obj.attachments.all()
            ]
            if content
            else [],
            "decision": (public.decision or None) if decided else None,
            "decision_type": (obj.decision_type or None) if decided else None,
            "votes": [links.api("vote", vote.pk) for vote in obj.votes.all()] if decided else [],
            "speakers": [person_ref(links, turn.person) for turn in obj.speaking_turns.all()]
            if decided
            else [],
            "dissents": [
                {
                    "person": person_ref(links, dissent.person),
                    "reason": rules.item_public_text(item=obj, text=dissent.reason),
                }
                for dissent in obj.dissents.all()
            ]
            if decided
            else [],
            "extract_pdf": links.web("documents:extract_pdf", pk=obj.pk) if decided else None,
        }


class CaseSerializer(PublicSerializer):
    """A case of the register (OParl Paper) that a public agenda has carried, with its
    handlings across bodies."""

    organisation = serializers.URLField()
    record_number = serializers.CharField()
    year = serializers.IntegerField()
    task_class = serializers.CharField()
    title = serializers.CharField()
    agenda_items = serializers.ListField(
        child=serializers.URLField(), help_text=_("Its handlings, oldest first.")
    )

    def view(self, obj: Case) -> dict[str, Any]:
        links = self.links
        items: list[AgendaItem] = obj.listed_items  # type: ignore[attr-defined]
        # The title names what the items name: the same names give way once removed.
        title = obj.title
        for item in items:
            title = rules.item_public_text(item=item, text=title)
        return {
            "id": links.api("case", obj.pk),
            "type": "case",
            "web_url": links.web("publishing:case", pk=obj.pk),
            "created": obj.created_at,
            "modified": _later(
                obj.modified_at,
                *(item.modified_at for item in items),
                *(item.meeting.modified_at for item in items),
            ),  # fmt: skip
            "organisation": links.api("organisation", obj.organisation_id),
            "record_number": obj.record_number,
            "year": obj.year,
            "task_class": obj.task_class,
            "title": title,
            "agenda_items": [links.api("agenda_item", item.pk) for item in items],
        }


class VoteProposalSerializer(serializers.Serializer):
    """A proposal set against another in a vote."""

    kind = serializers.ChoiceField(choices=Proposal.Kind.choices)
    text = serializers.CharField()
    proposer = PersonRefSerializer(allow_null=True)


class BallotSerializer(serializers.Serializer):
    """One seat's vote by name: yes, no, blank, or absent when the seat cast no ballot."""

    person = PersonRefSerializer()
    seat_holder = PersonRefSerializer(help_text=_("Whose seat: differs for a deputy."))
    choice = serializers.ChoiceField(choices=BALLOT_CHOICES)


class VoteSerializer(PublicSerializer):
    """A vote on an item whose decision is public, with the ballots by name."""

    agenda_item = serializers.URLField()
    position = serializers.IntegerField()
    yes = VoteProposalSerializer()
    no = VoteProposalSerializer(
        allow_null=True, help_text=_("Empty when a motion is voted against continuing.")
    )
    yes_count = serializers.IntegerField()
    no_count = serializers.IntegerField()
    blank_count = serializers.IntegerField()
    absent_count = serializers.IntegerField()
    yes_won = serializers.BooleanField()
    decided_by_chair = serializers.BooleanField()
    ballots = BallotSerializer(many=True)

    def view(self, obj: Vote) -> dict[str, Any]:
        links = self.links
        item = obj.agenda_item
        seats: dict[int, list[Membership]] = self.context.get("seats", {})
        ballots = [
            {
                "person": person_ref(links, ballot.person),
                "seat_holder": person_ref(links, ballot.seat_holder),
                "choice": ballot.choice,
            }
            for ballot in obj.ballots.all()
        ]
        voted = {ballot.seat_holder_id for ballot in obj.ballots.all()}
        absent = {
            seat.person_id: seat.person
            for seat in seats.get(item.meeting_id, [])
            if seat.person_id not in voted
        }
        ballots.extend(
            {
                "person": person_ref(links, person),
                "seat_holder": person_ref(links, person),
                "choice": "absent",
            }
            for person in absent.values()
        )

        def proposal(p: Proposal | None) -> dict[str, Any] | None:
            if p is None:
                return None
            return {
                "kind": p.kind,
                "text": rules.item_public_text(item=item, text=p.text),
                "proposer": person_ref(links, p.proposer),
            }

        return {
            "id": links.api("vote", obj.pk),
            "type": "vote",
            "web_url": links.web("publishing:item", pk=item.pk),
            "created": obj.created_at,
            "modified": _later(obj.modified_at, item.meeting.modified_at),
            "agenda_item": links.api("agenda_item", item.pk),
            "position": obj.position,
            "yes": proposal(obj.yes),
            "no": proposal(obj.no),
            "yes_count": obj.yes_count,
            "no_count": obj.no_count,
            "blank_count": obj.blank_count,
            "absent_count": len(absent),
            "yes_won": obj.yes_won,
            "decided_by_chair": obj.decided_by_chair,
            "ballots": ballots,
        }


class SearchHitSerializer(serializers.Serializer):
    """A search result: a public document found, best match first."""

    type = serializers.ChoiceField(
        choices=Kind.choices,
        help_text=_("What was found: an agenda item (with its decision), an attachment ..."),
    )
    title = serializers.CharField()
    url = serializers.URLField(help_text=_("Its page on the public site."))
    snippet = serializers.CharField(
        help_text=_("HTML: a passage of the text, escaped, the matched words in <mark>.")
    )
    date = serializers.DateField(allow_null=True)
    body = serializers.URLField(allow_null=True, help_text=_("The body, in this API."))
    decision_type = serializers.ChoiceField(
        choices=AgendaItem.DecisionType.choices,
        allow_null=True,
        help_text=_("The structured type of the decision, for a decided item."),
    )
    score = serializers.FloatField(help_text=_("Relevance: higher is better (0 by date)."))

    def to_representation(self, instance: Hit) -> dict[str, Any]:
        links = Links(self.context["request"])
        return {
            "type": instance.kind,
            "title": instance.title,
            "url": self.context["request"].build_absolute_uri(instance.url),
            "snippet": str(instance.snippet),
            "date": instance.date.isoformat() if instance.date else None,
            "body": links.api("body", instance.body.pk if instance.body else None),
            "decision_type": instance.decision_type or None,
            "score": round(instance.score, 6),
        }


@extend_schema_serializer(many=False)  # the page itself, though it answers a "list"
class SearchPageSerializer(serializers.Serializer):
    """One page of search results (for the schema: the view writes the page itself)."""

    count = serializers.IntegerField(
        help_text=_("How many documents were found (at most 300; see count_capped).")
    )
    count_capped = serializers.BooleanField(
        help_text=_(
            "More documents were found than count says. The newest 300 matches are paged: "
            "ranked in relevance order, newest first in date order."
        )
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)
