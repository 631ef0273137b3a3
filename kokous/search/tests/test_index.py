"""The search index on the backend the tests run on (SQLite FTS5 or PostgreSQL): what is
indexed for whom, how it follows changes, and what queries find."""

import datetime as dt
import re

import hypothesis
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from hypothesis import strategies as st

from kokous.documents.tests.builders import SECRET, small_meeting
from kokous.meetings.models import AgendaItem, Meeting
from kokous.news.models import News
from kokous.news.tests.factories import make_news
from kokous.organisations.tests.factories import BodyFactory, OrganisationFactory
from kokous.publishing.services import personal_data_remove_due
from kokous.search.backends import FTS_TABLE
from kokous.search.models import Kind, Scope, SearchDocument
from kokous.search.query import query_parse
from kokous.search.selectors import PUBLIC, Audience, SearchFilter, search
from kokous.search.services import search_index_update, search_reindex

pytestmark = pytest.mark.django_db


def _titles(q: str, **kwargs) -> list[str]:
    return [hit.title for hit in search(q=q, **kwargs).hits]


def _kinds_titles(q: str, **kwargs) -> set[tuple[str, str]]:
    return {(hit.kind, hit.title) for hit in search(q=q, **kwargs).hits}


def _item(meeting: Meeting, title: str, text: str = "", **kwargs) -> AgendaItem:
    """An item added straight to a meeting at any stage (the procedure's checks are not what
    these tests are about)."""
    last = meeting.items.order_by("-position").first()
    return AgendaItem.objects.create(
        meeting=meeting,
        position=(last.position if last else 0) + 1,
        section_number=(last.section_number if last else 0) + 1,
        title=title,
        preparation_text=f"<p>{text}</p>",
        **kwargs,
    )


@pytest.fixture
def published():
    small = small_meeting("published")
    search_reindex()
    return small


def test_inflected_forms_and_compounds_are_found(published):
    item = _item(
        published.meeting,
        "Kymenlaakson hyvinvointialueen valmistelu",
        "Aluevaltuuston kokouksessa valitaan pöytäkirjantarkastajiksi kaksi jäsentä. "
        "Asia siirtyy hyvinvointialueelle.",
    )
    search_index_update(kind=Kind.ITEM, object_ids=[item.pk])
    for query in ("hyvinvointialue", "valtuusto", "tarkastaja", "kokous", "Kymenlaakso"):
        assert item.title in _titles(query), query
    # A query word in an inflected form finds the base form in the text, too.
    assert item.title in _titles("valmistelusta")


def test_public_search_never_finds_confidential_text(published):
    assert search(q=SECRET).total == 0
    # The confidential item is listed by its title, but its text is not indexed publicly.
    public = SearchDocument.objects.get(
        kind=Kind.ITEM, object_id=published.confidential.pk, scope=Scope.PUBLIC
    )
    assert SECRET not in public.text
    assert SECRET not in public.terms.replace("'", "")


def test_members_of_the_body_find_its_confidential_text(published):
    members = Audience(body_ids=frozenset({published.body.pk}))
    hits = search(q=SECRET, audience=members).hits
    assert [(hit.kind, hit.object_id) for hit in hits] == [(Kind.ITEM, published.confidential.pk)]
    assert "<mark>" in hits[0].snippet
    assert hits[0].url == f"/staff/items/{published.confidential.pk}/"


def test_members_of_another_body_do_not(published):
    other = BodyFactory(organisation=published.organisation)
    assert search(q=SECRET, audience=Audience(body_ids=frozenset({other.pk}))).total == 0
    # ... but they find the public version of the body's items, once.
    hits = search(q="palveluverkko", audience=Audience(body_ids=frozenset({other.pk}))).hits
    assert [(hit.kind, hit.url) for hit in hits] == [(Kind.ITEM, f"/items/{published.matter.pk}/")]


def test_a_superuser_finds_everything_once(published):
    everyone = Audience(body_ids=None)
    hits = search(q="palveluverkko", audience=everyone).hits
    assert [hit.url for hit in hits] == [f"/staff/items/{published.matter.pk}/"]
    assert search(q=SECRET, audience=everyone).total == 1


def test_unpublished_meetings_are_not_found_publicly():
    planned = small_meeting("planned")
    _item(planned.meeting, "Suunnitteilla oleva kiinteistökauppa", "Luonnos.")
    search_reindex()
    assert search(q="kiinteistökauppa").total == 0
    members = Audience(body_ids=frozenset({planned.body.pk}))
    assert search(q="kiinteistökauppa", audience=members).total == 1


def test_decisions_are_indexed_only_once_public():
    held = small_meeting("held")
    AgendaItem.objects.filter(pk=held.matter.pk).update(decision="Rantasaunaa ei rakenneta.")
    search_reindex()
    # The agenda is public and so is the matter's text, but not yet the decision.
    assert search(q="palveluverkko").total == 1
    assert search(q="rantasauna").total == 0
    assert search(q="rantasauna", audience=Audience(body_ids=frozenset({held.body.pk}))).total == 1


def test_phrase_prefix_and_negation(published):
    first = _item(published.meeting, "Sosiaali- ja terveyspalvelujen järjestäminen")
    second = _item(published.meeting, "Terveyspalvelujen ostot", "Sosiaalihuollon kustannukset.")
    search_index_update(kind=Kind.ITEM, object_ids=[first.pk, second.pk])
    assert set(_titles("terveyspalvelu")) == {first.title, second.title}
    assert _titles('"terveyspalvelujen järjestäminen"') == [first.title]
    assert _titles('"järjestäminen terveyspalvelujen"') == []
    assert set(_titles("terveyspalv*")) == {first.title, second.title}
    assert _titles("terveyspalvelu -ostot") == [first.title]


def test_filters_and_order(published):
    older = _item(published.meeting, "Vanha lausunto hankinnasta")
    search_index_update(kind=Kind.ITEM, object_ids=[older.pk])
    news = make_news(title="Lausunto hankinnasta annettiin", publish_at=timezone.now())
    search_index_update(kind=Kind.NEWS, object_ids=[news.pk])
    assert search(q="lausunto").total == 2
    assert _titles("lausunto", filters=SearchFilter(kinds=(Kind.NEWS,))) == [news.title]
    assert _titles("lausunto", filters=SearchFilter(body=published.body.pk)) == [older.title]
    later = SearchFilter(date_from=dt.date(2026, 1, 1))
    assert _titles("lausunto", filters=later) == [news.title]
    assert _titles("lausunto", order="date")[0] == news.title
    decided = SearchFilter(decision_type=AgendaItem.DecisionType.ADOPTED_AS_PROPOSED)
    assert published.matter.title in _titles("palveluverkko", filters=decided)


def test_pagination(published):
    items = [_item(published.meeting, f"Avustushakemus numero {n}") for n in range(5)]
    search_index_update(kind=Kind.ITEM, object_ids=[item.pk for item in items])
    first = search(q="avustushakemus", page_size=2)
    assert (first.total, first.pages, len(first.hits), first.has_next) == (5, 3, 2, True)
    last = search(q="avustushakemus", page_size=2, page=3)
    assert len(last.hits) == 1 and not last.has_next
    seen = {
        hit.object_id
        for page in (1, 2, 3)
        for hit in search(q="avustushakemus", page_size=2, page=page).hits
    }
    assert seen == {item.pk for item in items}


def test_scheduled_news_is_found_from_its_publication_time():
    later = timezone.now() + dt.timedelta(days=2)
    news = make_news(title="Tuleva tiedote rantakaavasta", publish_at=later)
    assert news.status == News.Status.PUBLISHED
    search_index_update(kind=Kind.NEWS, object_ids=[news.pk])
    assert search(q="rantakaava").total == 0
    assert search(q="rantakaava", now=later + dt.timedelta(minutes=1)).total == 1


def test_personal_data_is_removed_from_the_public_index(published, settings):
    settings.KOKOUS_SEARCH_AUTO_INDEX = True
    AgendaItem.objects.filter(pk=published.matter.pk).update(
        personal_data=True,
        private_persons="Matti Kivilahtinen",
        preparation_text="<p>Hakija Matti Kivilahtinen on hakenut lupaa.</p>",
    )
    search_index_update(kind=Kind.ITEM, object_ids=[published.matter.pk])
    assert search(q="Kivilahtinen").total == 1  # within the appeal period
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        report = personal_data_remove_due(today=dt.date(2026, 6, 1))
    assert [item.pk for item in report.items] == [published.matter.pk]
    assert search(q="Kivilahtinen").total == 0
    assert search(q="Kivilahtiselle").total == 0
    members = Audience(body_ids=frozenset({published.body.pk}))
    assert search(q="Kivilahtinen", audience=members).total == 1


def test_changes_follow_through_the_task_queue(
    published, settings, django_capture_on_commit_callbacks
):
    settings.KOKOUS_SEARCH_AUTO_INDEX = True
    with django_capture_on_commit_callbacks(execute=True):
        item = _item(published.meeting, "Uimahallin peruskorjaus", "Uimahallia korjataan.")
    assert _titles("uimahalli") == [item.title]
    with django_capture_on_commit_callbacks(execute=True):
        AgendaItem.objects.get(pk=item.pk).delete()
    assert search(q="uimahalli").total == 0
    assert not SearchDocument.objects.filter(kind=Kind.ITEM, object_id=item.pk).exists()


def test_publishing_the_minutes_makes_the_decisions_findable(
    settings, django_capture_on_commit_callbacks
):
    from kokous.documents.tests.builders import PUBLISHED_ON
    from kokous.minutes.services import minutes_publish

    locked = small_meeting("locked")
    for item in (locked.matter, locked.after_decision, locked.confidential):
        AgendaItem.objects.filter(pk=item.pk).update(decision=f"Rantasauna: {item.title}.")
    search_reindex()
    assert search(q="rantasauna").total == 0
    settings.KOKOUS_SEARCH_AUTO_INDEX = True
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=locked.refresh(), published_on=PUBLISHED_ON)
    assert published_titles(search(q="rantasauna").hits) == {"Palveluverkko", "Tilakauppa"}


def published_titles(hits) -> set[str]:
    return {hit.title for hit in hits if hit.kind == Kind.ITEM}


def test_reindex_command_rebuilds_and_is_idempotent(published, capsys):
    call_command("search-reindex", "--no-progress")
    first = sorted(SearchDocument.objects.values_list("kind", "object_id", "scope", "terms"))
    call_command("search-reindex", "--no-progress")
    second = sorted(SearchDocument.objects.values_list("kind", "object_id", "scope", "terms"))
    assert first == second
    assert "Search index rebuilt" in capsys.readouterr().out
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
            assert cursor.fetchone()[0] == len(second)


def test_bodies_and_people_are_found(published):
    assert ("body", "Aluehallitus") in _kinds_titles("aluehallitus")
    assert ("person", "Maija Meri") in _kinds_titles("Meri")


def test_swedish_names_are_found_in_swedish():
    organisation = OrganisationFactory(bilingual=True)
    body = BodyFactory(
        organisation=organisation, name_fi="Tarkastuslautakunta", name_sv="Revisionsnämnden"
    )
    search_index_update(kind=Kind.BODY, object_ids=[body.pk])
    assert ("body", body.name_fi) in _kinds_titles("revisionsnämnd", languages=("fi", "sv"))


def test_empty_and_hostile_queries_find_nothing_and_do_not_fail(published):
    for query in (
        "",
        "   ",
        "-palveluverkko",
        '"',
        "*",
        "a*",
        "\x00",
        "' OR 1=1 --",
        "NEAR(",
        "x" * 600,
    ):
        page = search(q=query)
        assert page.hits == [] or query.startswith("'"), query
    assert search(q="palveluverkko", audience=PUBLIC).total == 1


def test_counts_are_capped_and_relevance_ranks_the_newest_matches(published, monkeypatch):
    from kokous.search import backends

    items = [_item(published.meeting, f"Katuvalaistus osa {n}") for n in range(6)]
    search_index_update(kind=Kind.ITEM, object_ids=[item.pk for item in items])
    monkeypatch.setattr(backends, "COUNT_LIMIT", 4)
    monkeypatch.setattr(backends, "MAX_RANKED", 3)
    page = search(q="katuvalaistus", page_size=2)
    assert (page.total, page.total_capped) == (4, True)
    assert page.pages == 2  # the 3 newest matches are ranked, two a page
    ranked = {
        hit.object_id for n in (1, 2) for hit in search(q="katuvalaistus", page_size=2, page=n).hits
    }
    assert ranked == {item.pk for item in items[-3:]}
    # In date order every match can be paged to.
    by_date = search(q="katuvalaistus", page_size=2, order="date")
    assert by_date.pages == 2 and by_date.total_capped  # pages of the counted 4


def _dated(titles_texts: list[tuple[str, str, dt.date | None]]) -> list[SearchDocument]:
    """Public news documents straight in the index, with the given titles, texts and dates."""
    from kokous.search.backends import backend_for
    from kokous.search.documents import Draft

    drafts = [
        Draft(kind=Kind.NEWS, object_id=900_000 + n, scope=Scope.PUBLIC, title=title,
              url=f"/news/{n}/", text=[text], date=date).document()
        for n, (title, text, date) in enumerate(titles_texts)
    ]  # fmt: skip
    documents = SearchDocument.objects.bulk_create(drafts)
    backend_for().documents_indexed([document.pk for document in documents])
    return documents


def _public_where():
    from kokous.search import selectors

    return selectors._where(PUBLIC, SearchFilter(), timezone.now())


def _pg_analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")


@pytest.mark.parametrize("order", ["relevance", "date"])
def test_a_large_index_pages_a_common_word_as_a_small_one_does(monkeypatch, order):
    """A common word's count is capped and its pages hold its newest matches. On PostgreSQL,
    the newest found in the last weeks' lexemes (backends.PG_MATCH) are the whole index's
    newest, and so are the count and the page."""
    from kokous.search import backends

    postgresql = connection.vendor == "postgresql"

    start = dt.date(2025, 1, 6)
    rows = [
        (f"Katuvalaistus {n}", "katuvalaistus " * (n % 4 + 1), start + dt.timedelta(days=5 * n))
        for n in range(40)
    ]
    rows += [("Puistot", "puisto", start + dt.timedelta(days=n)) for n in range(40)]
    rows += [("Katuvalaistus ilman päivää", "katuvalaistus", None)]
    documents = _dated(rows)
    if postgresql:
        _pg_analyze()
        with connection.cursor() as cursor:  # the index's lexemes are the ones looked for
            cursor.execute(
                f"SELECT {backends.PG_MATCH} FROM search_searchdocument d WHERE d.id = %s",
                (documents[0].pk,),
            )
            lexemes = set(re.findall(r"'(~[wm]\d+)'", cursor.fetchone()[0]))
        week = (start - backends.WEEK_EPOCH).days // 7
        assert lexemes == {f"~w{week}", f"~m{start.year * 12 + start.month}"}
        # A query's bound is its rarest word's estimate, not the product of their shares.
        backend = backends.backend_for()
        where = _public_where()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")  # as search does
            bounds = [
                backend._rarest(cursor, query_parse(text), where)
                for text in ("katuvalaistus puisto", "katuvalaistus", "puisto")
            ]
        assert bounds[0] == min(bounds[1:]) > 0
    monkeypatch.setattr(backends, "COUNT_LIMIT", 12)
    monkeypatch.setattr(backends, "MAX_RANKED", 6)

    def pages(**kwargs):
        return [
            (result.total, result.total_capped, [hit.title for hit in result.hits])
            for result in (search(q="katuvalaistus", page=n, page_size=4, order=order, **kwargs)
                           for n in (1, 2, 3))
        ]  # fmt: skip

    whole = pages()
    calls: list[tuple[int, list[int]] | None] = []
    windowed = backends.PostgresBackend._newest_in_window

    def spy(self, *args):
        calls.append(windowed(self, *args))
        return calls[-1]

    if postgresql:
        monkeypatch.setattr(backends.PostgresBackend, "_newest_in_window", spy)
        monkeypatch.setattr(backends, "WINDOW_FROM", 0)
        assert pages() == whole
        assert calls and all(found is not None for found in calls)  # found in the window
        # A probe of a few documents: the rest are found in older windows of weeks.
        monkeypatch.setattr(backends, "WINDOW_FIRST", 3)
        windows: list[str] = []
        matches = backends.PostgresBackend._matches

        def matches_spy(cursor, tsquery, *args):
            windows.append(tsquery)
            return matches(cursor, tsquery, *args)

        monkeypatch.setattr(backends.PostgresBackend, "_matches", staticmethod(matches_spy))
        calls.clear()
        assert pages() == whole
        assert calls and all(found is not None for found in calls)
        assert max(tsquery.count("~") for tsquery in windows) > 1
        assert len(windows) > len(calls)  # more than one window a search
    assert whole[0][:2] == (12, True)
    newest = [f"Katuvalaistus {n}" for n in range(39, 33, -1)]
    if order == "date":
        assert [title for page in whole for title in page[2]][:6] == newest
    elif postgresql:
        assert sorted(title for page in whole[:2] for title in page[2]) == sorted(newest)
    else:  # SQLite's newest are the last indexed (FTS5 reads its index in rowid order)
        last_indexed = ["Katuvalaistus ilman päivää", *newest[:5]]
        assert sorted(title for page in whole[:2] for title in page[2]) == sorted(last_indexed)
    # Filtered to fewer than the window holds: looked for everywhere.
    calls.clear()
    assert pages(filters=SearchFilter(date_to=start + dt.timedelta(days=20)))[0][0] == 5
    assert all(found is None for found in calls) and (calls or not postgresql)


@pytest.mark.parametrize("order", ["relevance", "date"])
def test_a_large_index_ranks_by_title_hits(monkeypatch, order):
    """Above BM25_DOCUMENTS documents, both backends rank the newest matches by the share of
    the query's words in their titles, then newest first; date order is newest first."""
    from kokous.search import backends

    day = dt.date(2026, 3, 2)
    _dated(
        [
            ("Katuvalaistus ja puistot", "puistot", day),
            ("Puistot", "katuvalaistus puistot", day + dt.timedelta(days=1)),
            ("Katuvalaistus", "katuvalaistus", day - dt.timedelta(days=9)),
            ("Talousarvio", "katuvalaistus", day + dt.timedelta(days=2)),
        ]
    )
    if connection.vendor == "postgresql":
        _pg_analyze()  # PostgreSQL's count of the documents is the planner's
    monkeypatch.setattr(backends, "BM25_DOCUMENTS", 0)
    if order == "date":
        assert _titles("katuvalaistus", order="date") == [
            "Talousarvio", "Puistot", "Katuvalaistus ja puistot", "Katuvalaistus",
        ]  # fmt: skip
        return
    assert _titles("katuvalaistus puistot") == [
        "Katuvalaistus ja puistot", "Puistot",
    ]  # fmt: skip
    assert _titles("katuvalaistus") == [
        "Katuvalaistus ja puistot", "Katuvalaistus", "Talousarvio", "Puistot",
    ]  # fmt: skip
    page = search(q="katuvalaistus")
    assert (page.total, page.total_capped) == (4, False)


@hypothesis.given(
    start=st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    days=st.integers(0, 800),
)
def test_period_lexemes_cover_every_day_from_the_week_of_the_start(start, days):
    from kokous.search.backends import WEEK_EPOCH, pg_period_lexemes

    last = start + dt.timedelta(days=days)
    lexemes = set(pg_period_lexemes(start, last))
    monday = start - dt.timedelta(days=start.weekday())
    for n in range((last - monday).days + 1):
        day = monday + dt.timedelta(days=n)
        week, month = f"~w{(day - WEEK_EPOCH).days // 7}", f"~m{day.year * 12 + day.month}"
        assert week in lexemes or month in lexemes, day
    # Nothing past the week of the last day: a window ending on a Sunday shares no day with
    # the next one's.
    sunday = last + dt.timedelta(days=6 - last.weekday())
    for lexeme in lexemes:
        number = int(lexeme[2:])
        if lexeme.startswith("~w"):
            assert monday <= WEEK_EPOCH + dt.timedelta(days=7 * number) <= last, lexeme
        else:
            year, month = divmod(number - 1, 12)
            first = dt.date(year, month + 1, 1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            assert monday <= first and following - dt.timedelta(days=1) <= sunday, lexeme
    assert len(lexemes) <= 10 + (last.year * 12 + last.month) - (start.year * 12 + start.month)
