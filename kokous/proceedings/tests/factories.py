"""A meeting ready to be recorded, built through the services.

`board_meeting` makes a board with a chair and members (each a seat), a secretary and a presenter
who hold no seat, a meeting whose invitation has been sent, and two matters after the opening
items. With `attend` (the default) every seat holder is recorded present as a member, the
presenter and the secretary in their own capacity.
"""

import datetime as dt
from dataclasses import dataclass, field

from kokous.core.timeutil import helsinki_datetime
from kokous.invitations.services import invitation_send
from kokous.meetings.models import AgendaItem, Attendance, Meeting
from kokous.meetings.services import agenda_item_add, attendance_record, meeting_create
from kokous.organisations.models import Body, Membership, Person
from kokous.organisations.tests.factories import BodyFactory, MembershipFactory, PersonFactory

# A Tuesday evening; the members' terms run from 2021 without an end.
MEETING_START = helsinki_datetime(2025, 11, 25, 17)

MATTER_PROPOSAL = "Aluehallitus hyväksyy palvelustrategian liitteen 1 mukaisena."
NOTING_PROPOSAL = "Merkitään tiedoksi talousarvion toteutuminen lokakuun loppuun."


@dataclass
class BoardMeeting:
    body: Body
    chair: Person
    members: list[Person]  # the seats other than the chair's
    secretary: Person
    presenter: Person
    meeting: Meeting
    matter: AgendaItem  # a matter with the presenter's proposal
    noting: AgendaItem  # a matter whose proposal starts "Merkitään"
    memberships: dict[int, Membership] = field(default_factory=dict)  # by person id

    @property
    def seats(self) -> list[Person]:
        """Everyone who holds a seat: the chair first."""
        return [self.chair, *self.members]

    def item(self, number: int) -> AgendaItem:
        """The item at agenda position `number` (1 is the opening item)."""
        return self.meeting.items.get(position=number)

    @property
    def checkers_item(self) -> AgendaItem:
        """The template's third item, "Pöytäkirjantarkastajien valinta"."""
        return self.item(3)


def board_meeting(
    *,
    members: int = 10,
    attend: bool = True,
    body: Body | None = None,
    surnames: dict[int, str] | None = None,
) -> BoardMeeting:
    """A board of a chair and `members` members at a meeting whose invitation has been sent.

    The agenda: four opening items (§ 1–4), the matter (5), the noting item (6), "Muut asiat"
    (7). `surnames` gives chosen surnames to members by index (for the decision texts)."""
    body = body or BodyFactory(kind=Body.Kind.BOARD, name_fi="Aluehallitus")
    chair_seat = MembershipFactory(body=body, role=Membership.Role.CHAIR)
    named = surnames or {}
    seats = [
        MembershipFactory(
            body=body,
            person=PersonFactory(**({"last_name": named[index]} if index in named else {})),
        )
        for index in range(members)
    ]
    secretary = PersonFactory(last_name="Sihteeri")
    presenter = PersonFactory(last_name="Esittelijä")
    meeting = meeting_create(
        body=body,
        start=MEETING_START,
        end=MEETING_START + dt.timedelta(hours=2),
        place="Teams",
        chair=chair_seat.person,
        secretary=secretary,
        presenter=presenter,
    )
    matter = agenda_item_add(
        meeting=meeting, title="Palvelustrategia", proposal=MATTER_PROPOSAL, presenter=presenter
    )
    noting = agenda_item_add(
        meeting=meeting, title="Talousarvion toteutuma", proposal=NOTING_PROPOSAL
    )
    AgendaItem.objects.filter(meeting=meeting).update(ready=True)
    invitation_send(meeting=meeting)
    meeting.refresh_from_db()
    board = BoardMeeting(
        body=body,
        chair=chair_seat.person,
        members=[seat.person for seat in seats],
        secretary=secretary,
        presenter=presenter,
        meeting=meeting,
        matter=AgendaItem.objects.get(pk=matter.pk),
        noting=AgendaItem.objects.get(pk=noting.pk),
        memberships={seat.person_id: seat for seat in [chair_seat, *seats]},
    )
    if attend:
        for position, person in enumerate(board.seats, start=1):
            attendance_record(
                meeting=meeting,
                person=person,
                capacity=Attendance.Capacity.MEMBER,
                position=position,
            )
        attendance_record(meeting=meeting, person=presenter, capacity=Attendance.Capacity.PRESENTER)
        attendance_record(meeting=meeting, person=secretary, capacity=Attendance.Capacity.SECRETARY)
    return board
