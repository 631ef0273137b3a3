"""Appeal instructions (DOMAIN.md item 8): which kind each decision carries, the texts filled in
from the organisation's settings, the organisation's own texts and their placeholders, and the
length of the period (kuntalaki: 14 days for rectification, 30 for an appeal to the
administrative court, both counted from the deemed notification 7 days after publication)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kokous.core.deadlines import (
    APPEAL_DAYS,
    RECTIFICATION_DAYS,
    appeal_period,
    is_working_day,
    next_working_day,
)
from kokous.documents.appeals import DEFAULT_TEXTS, appeal_instruction, item_appeal_kind
from kokous.documents.models import APPEAL_PLACEHOLDERS, AppealSettings, AppealText
from kokous.documents.tests.builders import (
    COURT,
    OFFICE_HOURS,
    POSTAL_ADDRESS,
    REGISTRY,
    REGISTRY_EMAIL,
    appeal_settings,
)
from kokous.meetings.models import AgendaItem, AppealKind, StandardItem
from kokous.organisations.models import Body
from kokous.organisations.tests.factories import BodyFactory

NONE = AppealKind.NONE
RECTIFICATION = AppealKind.RECTIFICATION
MUNICIPAL_APPEAL = AppealKind.MUNICIPAL_APPEAL
Types = AgendaItem.DecisionType
Kinds = Body.Kind

DECIDING = [
    Types.ADOPTED_AS_PROPOSED,
    Types.ADOPTED_AFTER_VOTE,
    Types.ADOPTED_AMENDED,
    Types.REJECTED,
    Types.ELECTION,
]
NOT_DECIDING = [Types.NOTED, Types.TABLED, Types.RETURNED, Types.REMOVED, ""]
RECTIFICATION_BODIES = [Kinds.BOARD, Kinds.COMMITTEE, Kinds.SECTION, Kinds.PREPARATORY_BODY]
PREPARING_BODIES = [
    Kinds.STEERING_GROUP,
    Kinds.WORKING_GROUP,
    Kinds.SUB_WORKING_GROUP,
    Kinds.OTHER,
]


def kind_of(*, body_kind, decision_type=Types.ADOPTED_AS_PROPOSED, standard_place="", own=""):
    item = AgendaItem(
        title="Asia",
        decision_type=decision_type,
        standard_place=standard_place,
        appeal_kind=own,
    )
    return item_appeal_kind(item=item, body=Body(name_fi="Toimielin", kind=body_kind))


# The rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize("decision_type", DECIDING)
def test_a_councils_decisions_go_to_the_administrative_court(decision_type):
    assert kind_of(body_kind=Kinds.COUNCIL, decision_type=decision_type) == MUNICIPAL_APPEAL


@pytest.mark.parametrize("body_kind", RECTIFICATION_BODIES)
@pytest.mark.parametrize("decision_type", DECIDING)
def test_boards_committees_sections_and_preparatory_bodies_get_rectification(
    body_kind, decision_type
):
    assert kind_of(body_kind=body_kind, decision_type=decision_type) == RECTIFICATION


@pytest.mark.parametrize("body_kind", PREPARING_BODIES)
@pytest.mark.parametrize("decision_type", DECIDING)
def test_steering_and_working_groups_only_prepare(body_kind, decision_type):
    assert kind_of(body_kind=body_kind, decision_type=decision_type) == NONE


@pytest.mark.parametrize("body_kind", [Kinds.COUNCIL, *RECTIFICATION_BODIES])
@pytest.mark.parametrize("decision_type", NOT_DECIDING)
def test_noted_tabled_returned_removed_and_undecided_items_carry_no_appeal(
    body_kind, decision_type
):
    assert kind_of(body_kind=body_kind, decision_type=decision_type) == NONE


@pytest.mark.parametrize("body_kind", [Kinds.COUNCIL, Kinds.BOARD])
@pytest.mark.parametrize("place", StandardItem.Place.values)
def test_standard_opening_and_closing_items_carry_no_appeal(body_kind, place):
    for decision_type in DECIDING:
        assert (
            kind_of(body_kind=body_kind, decision_type=decision_type, standard_place=place) == NONE
        )


@pytest.mark.parametrize(
    ("body_kind", "decision_type", "place", "own"),
    [
        (Kinds.STEERING_GROUP, Types.ADOPTED_AS_PROPOSED, "", MUNICIPAL_APPEAL),
        (Kinds.COUNCIL, Types.ADOPTED_AS_PROPOSED, "", NONE),
        (Kinds.COUNCIL, Types.ADOPTED_AS_PROPOSED, "", RECTIFICATION),
        (Kinds.BOARD, Types.NOTED, "", RECTIFICATION),
        (Kinds.BOARD, Types.ELECTION, "opening", RECTIFICATION),
        (Kinds.WORKING_GROUP, "", "closing", MUNICIPAL_APPEAL),
    ],
)
def test_the_items_own_choice_wins(body_kind, decision_type, place, own):
    assert (
        kind_of(body_kind=body_kind, decision_type=decision_type, standard_place=place, own=own)
        == own
    )


# The texts -----------------------------------------------------------------------------------


@pytest.fixture
def body(db):
    return BodyFactory(kind=Kinds.BOARD, name_fi="Aluehallitus")


def instruction(body, kind, language="fi"):
    return appeal_instruction(
        kind=kind, language=language, body=body, organisation=body.organisation
    )


def whole(result) -> str:
    return "\n\n".join(result.paragraphs)


def test_rectification_instructions_are_filled_in_from_the_settings(body):
    appeal_settings(body.organisation)

    result = instruction(body, RECTIFICATION)

    assert (result.kind, result.title, result.days) == (RECTIFICATION, "Oikaisuvaatimusohje", 14)
    text = whole(result)
    assert "Oikaisuvaatimus on tehtävä 14 päivän kuluessa päätöksen tiedoksisaannista." in text
    assert "Viranomainen, jolle oikaisuvaatimus tehdään: Aluehallitus." in text
    assert (
        f"Oikaisuvaatimus toimitetaan osoitteeseen: {REGISTRY}, {POSTAL_ADDRESS}, "
        f"sähköposti {REGISTRY_EMAIL}. Kirjaamon aukioloaika: {OFFICE_HOURS}."
    ) in text
    assert "{" not in text and "}" not in text and "________" not in text
    # The paragraphs of the default text, each under its own heading line.
    headings = [p.split("\n", 1)[0] for p in result.paragraphs[1:]]
    assert headings == [
        "Oikaisuvaatimusoikeus",
        "Oikaisuvaatimusaika",
        "Oikaisuvaatimusviranomainen",
        "Oikaisuvaatimuksen sisältö",
        "Pöytäkirja",
    ]


def test_municipal_appeal_instructions_name_the_court_and_thirty_days(body):
    appeal_settings(body.organisation)

    result = instruction(body, MUNICIPAL_APPEAL)

    assert (result.title, result.days) == ("Valitusosoitus", APPEAL_DAYS)
    text = whole(result)
    assert "Valitus on tehtävä 30 päivän kuluessa päätöksen tiedoksisaannista." in text
    # The court's e-mail is not configured: a blank to fill in by hand.
    assert f"Valitusviranomainen on {COURT}, osoite Oikeustie 1, 00100 Testilä, " in text
    assert "sähköposti ________." in text


def test_no_appeal_has_no_period(body):
    result = instruction(body, NONE)
    assert (result.title, result.days) == ("Muutoksenhakukielto", None)
    assert result.paragraphs == [DEFAULT_TEXTS[(NONE, "fi")][1]]


def test_missing_settings_print_blanks_to_fill_in(body):
    """Without AppealSettings (or with a value left empty) the text is still printed, with a
    blank line where the address goes, never a raw {placeholder}."""
    text = whole(instruction(body, RECTIFICATION))
    assert (
        "Oikaisuvaatimus toimitetaan osoitteeseen: ________, ________, sähköposti ________. "
        "Kirjaamon aukioloaika: ________."
    ) in text
    assert "14 päivän" in text and "Aluehallitus" in text
    assert "{" not in text

    settings = appeal_settings(body.organisation)
    AppealSettings.objects.filter(pk=settings.pk).update(office_hours="")
    text = whole(instruction(body, RECTIFICATION))
    assert f"{REGISTRY}, {POSTAL_ADDRESS}, sähköposti {REGISTRY_EMAIL}." in text
    assert "Kirjaamon aukioloaika: ________." in text


def test_the_organisations_own_text_wins_over_the_default(body):
    appeal_settings(body.organisation)
    AppealText.objects.create(
        organisation=body.organisation,
        kind=RECTIFICATION,
        language="fi",
        title="Ohje oikaisuvaatimuksen tekemiseen ({organisation})",
        text="Oikaisuvaatimus {body}:lle {days} päivässä.\n\n"
        "Osoite\n{registry}, {visiting_address}, {email}.",
    )
    other = BodyFactory(kind=Kinds.BOARD)  # another organisation: the default still
    AppealText.objects.create(
        organisation=other.organisation,
        kind=RECTIFICATION,
        language="fi",
        title="Toisen organisaation ohje",
        text="Ei tämä.",
    )

    own = instruction(body, RECTIFICATION)
    assert own.title == f"Ohje oikaisuvaatimuksen tekemiseen ({body.organisation.name_fi})"
    assert own.paragraphs == [
        "Oikaisuvaatimus Aluehallitus:lle 14 päivässä.",
        f"Osoite\n{REGISTRY}, ________, {REGISTRY_EMAIL}.",
    ]
    assert own.days == 14
    # Other kinds and languages keep the defaults.
    assert instruction(body, MUNICIPAL_APPEAL).title == "Valitusosoitus"
    assert instruction(body, RECTIFICATION, "sv").title == "Anvisning om begäran om omprövning"
    assert instruction(other, RECTIFICATION).title == "Toisen organisaation ohje"


def test_swedish_defaults(body):
    appeal_settings(body.organisation)

    rectification = instruction(body, RECTIFICATION, "sv")
    assert rectification.title == "Anvisning om begäran om omprövning"
    assert "Omprövning ska begäras inom 14 dagar från delfåendet av beslutet." in whole(
        rectification
    )
    assert f"Begäran lämnas till: {REGISTRY}, {POSTAL_ADDRESS}" in whole(rectification)
    appeal = instruction(body, MUNICIPAL_APPEAL, "sv")
    assert appeal.title == "Besvärsanvisning"
    assert "Besvär ska anföras inom 30 dagar" in whole(appeal)
    assert f"Besvärsmyndigheten är {COURT}" in whole(appeal)
    assert instruction(body, NONE, "sv").title == "Besvärsförbud"


def test_texts_and_settings_passed_in_ask_the_database_nothing(body, django_assert_num_queries):
    settings = appeal_settings(body.organisation)
    organisation = body.organisation
    with django_assert_num_queries(0):
        result = appeal_instruction(
            kind=RECTIFICATION,
            language="fi",
            body=body,
            organisation=organisation,
            texts={},
            settings=settings,
        )
    assert REGISTRY in whole(result)


# The organisation's own texts: placeholders checked when saved --------------------------------


def own_text(body, **fields):
    values = {
        "organisation": body.organisation,
        "kind": RECTIFICATION,
        "language": "fi",
        "title": "Oikaisuvaatimusohje",
        "text": "Oikaisuvaatimus {days} päivässä.",
    }
    return AppealText(**{**values, **fields})


def test_every_known_placeholder_is_accepted(body):
    text = " ".join(f"{{{name}}}" for name in APPEAL_PLACEHOLDERS) + " {{ei paikkamerkki}}"
    own_text(body, text=text, title="Ohje {organisation}").full_clean()


def test_unknown_placeholders_are_refused_with_the_known_ones_listed(body):
    with translation.override("fi"), pytest.raises(ValidationError) as refused:
        own_text(body, text="Toimita {kirjaamo} osoitteeseen {osoite}; {days} päivää.").full_clean()
    [message] = refused.value.message_dict["text"]
    assert message.startswith("Tuntemattomat paikkamerkit: {kirjaamo}, {osoite}. Käytettävissä: ")
    assert all(f"{{{name}}}" in message for name in APPEAL_PLACEHOLDERS)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        own_text(body, title="Ohje {elin}").full_clean()
    assert refused.value.message_dict["title"][0].startswith("Unknown placeholders: {elin}.")


@pytest.mark.parametrize("text", ["Toimita {registry osoitteeseen.", "Toimita registry} tänne."])
def test_malformed_braces_are_refused(body, text):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        own_text(body, text=text).full_clean()
    [message] = refused.value.message_dict["text"]
    assert message.startswith("Braces must enclose a placeholder such as {registry}: ")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Oikaisuvaatimus tehdään {} päivässä.", id="positional-field"),
        pytest.param("Oikaisuvaatimus tehdään {days:d} päivässä.", id="format-spec"),
        pytest.param("Toimita osoitteeseen {registry!x}.", id="unknown-conversion"),
    ],
)
def test_a_text_that_printing_cannot_fill_in_is_refused(body, text):
    """Whatever `full_clean` accepts must print. These texts pass the placeholder check today
    and then make `appeal_instruction` raise ValueError, which takes down every minutes and
    extract page of the organisation, the public ones included."""
    with pytest.raises(ValidationError):
        own_text(body, text=text).full_clean()


# The period ----------------------------------------------------------------------------------

D = dt.date


@pytest.mark.parametrize(
    ("published", "ends"),
    [
        (D(2025, 12, 2), D(2026, 1, 8)),  # + 37 is a Thursday
        (D(2025, 12, 5), D(2026, 1, 12)),  # + 37 is a Sunday: Monday
        (D(2025, 11, 17), D(2025, 12, 29)),  # + 37 is Christmas Eve: Monday after Christmas
        (D(2026, 5, 25), D(2026, 7, 1)),  # + 37 is a Wednesday
        (D(2026, 4, 24), D(2026, 6, 1)),  # + 37 is Sunday 31.5.
    ],
)
def test_a_thirty_day_period_ends_37_days_after_publication_on_a_working_day(published, ends):
    period = appeal_period(published=published, days=APPEAL_DAYS)
    assert period.published == published
    assert period.notified == published + dt.timedelta(days=7)
    assert period.appeal_ends == ends


def test_the_period_of_any_length_moves_only_its_last_day():
    for offset in range(0, 400, 3):
        published = D(2025, 1, 1) + dt.timedelta(days=offset)
        for days in (1, RECTIFICATION_DAYS, APPEAL_DAYS, 60):
            period = appeal_period(published=published, days=days)
            unshifted = published + dt.timedelta(days=7 + days)
            assert period.notified == published + dt.timedelta(days=7)
            assert period.appeal_ends == next_working_day(unshifted)
            assert is_working_day(period.appeal_ends)
            assert dt.timedelta(0) <= period.appeal_ends - unshifted <= dt.timedelta(days=5)


def test_the_default_is_the_rectification_period():
    published = D(2025, 12, 3)
    assert appeal_period(published=published) == appeal_period(
        published=published, days=RECTIFICATION_DAYS
    )
    assert appeal_period(published=published).appeal_ends == D(2025, 12, 29)


@pytest.mark.parametrize("days", [0, -1, -30])
def test_a_period_lasts_at_least_a_day(days):
    with pytest.raises(ValueError, match="at least one day"):
        appeal_period(published=D(2025, 12, 3), days=days)
