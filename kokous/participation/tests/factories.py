"""Builders of surveys and comment rounds for the participation tests, through the services
(so that a test's survey obeys the same rules as one built on the staff pages)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from kokous.organisations.tests.factories import OrganisationFactory
from kokous.participation import services
from kokous.participation.models import CommentRound, Question, Section, Survey

DRAFT = b"""# Luonnos

Ensimmainen kappale luonnoksesta.

Toinen kappale, jota kommentoidaan.
"""


def _fields(title: str, values: dict[str, Any]) -> dict[str, Any]:
    """Open since yesterday for a week, published, of a new organisation, unless told."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "title": title,
        "opens_at": now - dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=7),
        "published": True,
        **values,
    }
    if "organisation" not in fields:
        fields["organisation"] = OrganisationFactory()
    return fields


def survey_make(**values: Any) -> Survey:
    survey = Survey(**_fields("Osallisuuskysely", values))
    services.consultation_save(consultation=survey)
    return survey


def question_add(
    survey: Survey,
    kind: str,
    text: str,
    *,
    options: tuple[str, ...] = (),
    section: Section | None = None,
    show_if: tuple[Any, ...] = (),
    **values: Any,
) -> Question:
    if section is None:
        section = survey.sections.first() or services.section_save(
            section=Section(survey=survey, title="Kysymykset")
        )
    return services.question_save(
        question=Question(survey=survey, section=section, kind=kind, text=text, **values),
        options=options,
        show_if=list(show_if),
    )


def round_make(**values: Any) -> CommentRound:
    item = CommentRound(**_fields("Skenaariot 2040", values))
    services.consultation_save(consultation=item)
    services.round_document_set(round=item, data=DRAFT, filename="luonnos.md")
    return item
