"""What each kind of object is searched by: its search documents, built from the object as
each audience may read it. The publication rule is not decided here: public documents are
built only through `kokous.publishing.rules` (and `kokous.news.rules`), and their text is the
text the public pages show (private persons' names removed)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import strip_tags

from kokous.cases.models import Case
from kokous.meetings.models import AgendaItem, Attachment, Meeting
from kokous.news.models import News
from kokous.organisations.models import Body, Person
from kokous.publishing import rules
from kokous.search import analysis
from kokous.search.backends import terms_literal
from kokous.search.models import Kind, Scope, SearchDocument

# Words of one document beyond this many are not indexed (a long attachment's tail).
MAX_WORDS = 30_000
_BLOCK_END_RE = re.compile(r"</(p|div|li|h\d|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t\r\f\v]+")


def html_text(value: str) -> str:
    """The plain text of sanitised HTML, one line a paragraph."""
    text = html.unescape(strip_tags(_BLOCK_END_RE.sub("\n", value or "")))
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass
class Draft:
    """A search document before it is analysed: a title, text in Finnish and optionally in
    Swedish, and what it is filtered by."""

    kind: str
    object_id: int
    scope: str
    title: str
    url: str
    text: list[str] = field(default_factory=list)
    text_sv: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    body_id: int | None = None
    date: dt.date | None = None
    decision_type: str = ""
    available_at: dt.datetime | None = None

    def document(self) -> SearchDocument:
        text = "\n\n".join(part for part in self.text if part)
        text_sv = "\n\n".join(part for part in self.text_sv if part)
        title_positions = analysis.text_terms(self.title)
        positions = title_positions + analysis.text_terms(text)
        if text_sv:
            positions += analysis.text_terms(text_sv, analysis.SWEDISH)
        stored_text = "\n\n".join(part for part in (text, text_sv) if part)
        return SearchDocument(
            kind=self.kind,
            object_id=self.object_id,
            scope=self.scope,
            organisation_id=self.organisation_id,
            body_id=self.body_id,
            title=self.title[:500],
            text=stored_text,
            terms=terms_literal(positions[:MAX_WORDS], title_positions=len(title_positions)),
            date=self.date,
            decision_type=self.decision_type,
            url=self.url[:300],
            available_at=self.available_at,
        )


def _item_texts(item: AgendaItem, *, content: bool, decision: bool) -> list[str]:
    texts = []
    if item.case is not None and item.case.record_number:
        texts.append(item.case.record_number)
    if content:
        texts += [html_text(item.preparation_text), item.proposal]
    if decision:
        texts.append(item.decision)
    return texts


def _of_meeting(kind: str, pk: int, meeting: Meeting) -> dict[str, Any]:
    """What a document of something in a meeting is filtered by."""
    return {
        "kind": kind,
        "object_id": pk,
        "organisation_id": meeting.body.organisation_id,
        "body_id": meeting.body_id,
        "date": meeting.start.date(),
    }


def item_drafts(item: AgendaItem) -> list[Draft]:
    """An agenda item: for the body's readers always (everything it says), for the public
    when its meeting's agenda is public (its public text and, once public, its decision)."""
    meeting = item.meeting
    common = _of_meeting(Kind.ITEM, item.pk, meeting)
    drafts = [
        Draft(
            scope=Scope.MEMBERS,
            title=item.title,
            url=reverse("staff:item", kwargs={"pk": item.pk}),
            text=_item_texts(item, content=True, decision=True),
            decision_type=item.decision_type,
            **common,
        )
    ]
    if rules.meeting_agenda_public(meeting=meeting):
        public = rules.item_for_public(item)
        decision = rules.item_decision_public(item=public, meeting=meeting)
        drafts.append(
            Draft(
                scope=Scope.PUBLIC,
                title=public.title,
                url=public.get_absolute_url(),
                text=_item_texts(
                    public,
                    content=rules.item_content_public(item=public, meeting=meeting),
                    decision=decision,
                ),
                decision_type=public.decision_type if decision else "",
                **common,
            )
        )
    return drafts


def attachment_drafts(attachment: Attachment, *, text: str) -> list[Draft]:
    """An attachment with its extracted text: for the body's readers always, for the public
    when the rule lets anyone download it."""
    item = attachment.agenda_item
    meeting = item.meeting
    common = _of_meeting(Kind.ATTACHMENT, attachment.pk, meeting)
    drafts = [
        Draft(
            scope=Scope.MEMBERS,
            title=attachment.title,
            url=reverse("staff:attachment", kwargs={"pk": attachment.pk}),
            text=[text],
            **common,
        )
    ]
    if rules.attachment_public(attachment=attachment, item=item, meeting=meeting):
        drafts.append(
            Draft(
                scope=Scope.PUBLIC,
                title=rules.item_public_text(item=item, text=attachment.title),
                url=reverse("publishing:attachment", kwargs={"pk": attachment.pk}),
                text=[rules.item_public_text(item=item, text=text)],
                **common,
            )
        )
    return drafts


def meeting_drafts(meeting: Meeting) -> list[Draft]:
    body = meeting.body
    title = f"{body.name_fi} {meeting.number}/{meeting.year}"
    common: dict[str, Any] = {
        "kind": Kind.MEETING,
        "object_id": meeting.pk,
        "organisation_id": body.organisation_id,
        "body_id": body.pk,
        "date": meeting.start.date(),
        "text": [meeting.place],
        "text_sv": [body.name_sv],
    }
    drafts = [
        Draft(
            scope=Scope.MEMBERS,
            title=title,
            url=reverse("staff:meeting", kwargs={"pk": meeting.pk}),
            **common,
        )
    ]
    if rules.meeting_agenda_public(meeting=meeting):
        drafts.append(
            Draft(scope=Scope.PUBLIC, title=title, url=meeting.get_absolute_url(), **common)
        )
    return drafts


def case_drafts(case: Case, *, public: bool, items: Sequence[AgendaItem] = ()) -> list[Draft]:
    """A case is public once a public agenda has carried it (as its page is). Its title names
    what its listed `items` name: the names removed from them are removed from it too."""
    if not public:
        return []
    title = case.title
    for item in items:
        title = rules.item_public_text(item=item, text=title)
    return [
        Draft(
            kind=Kind.CASE,
            object_id=case.pk,
            scope=Scope.PUBLIC,
            title=title,
            url=case.get_absolute_url(),
            text=[case.record_number],
            organisation_id=case.organisation_id,
        )
    ]


def body_drafts(body: Body) -> list[Draft]:
    return [
        Draft(
            kind=Kind.BODY,
            object_id=body.pk,
            scope=Scope.PUBLIC,
            title=body.name_fi,
            url=body.get_absolute_url(),
            text=[body.abbreviation, html_text(body.mandate)],
            text_sv=[body.name_sv],
            organisation_id=body.organisation_id,
            body_id=body.pk,
        )
    ]


def person_drafts(person: Person, *, public: bool) -> list[Draft]:
    """A person is searchable as far as they have a public page (never a private person)."""
    if not public:
        return []
    return [
        Draft(
            kind=Kind.PERSON,
            object_id=person.pk,
            scope=Scope.PUBLIC,
            title=f"{person.first_name} {person.last_name}",
            url=reverse("publishing:person", kwargs={"pk": person.pk}),
            text=[person.title, person.affiliation],
        )
    ]


def news_drafts(news: News) -> list[Draft]:
    """Published news, searchable from its publication time on (`available_at`: the search
    applies `kokous.news.rules`' time condition when it runs)."""
    if news.status != News.Status.PUBLISHED or news.publish_at is None:
        return []
    return [
        Draft(
            kind=Kind.NEWS,
            object_id=news.pk,
            scope=Scope.PUBLIC,
            title=news.title,
            url=news.get_absolute_url(),
            text=[news.lead, html_text(news.body)],
            organisation_id=news.organisation_id,
            date=news.publish_at.date(),
            available_at=news.publish_at,
        )
    ]
