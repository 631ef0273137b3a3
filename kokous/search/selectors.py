"""Searching: who may find what, the filters, and the page of results with snippets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kokous.organisations.models import Body
from kokous.search import analysis, backends
from kokous.search.backends import Where, backend_for
from kokous.search.models import Kind, Scope, SearchDocument
from kokous.search.query import Query, query_parse

ORDERS = ("relevance", "date")
SNIPPET_WORDS = 30
_SNIPPET_SCAN = 100_000  # characters of a long text looked through for the snippet
# Kinds whose members' document replaces the public one for those who read the body.
_BODY_KINDS = (Kind.ITEM, Kind.ATTACHMENT, Kind.MEETING)


@dataclass(frozen=True)
class Audience:
    """Who searches. The public finds public documents only; a signed-in reader of bodies
    (`body_ids`; None: every body) finds those bodies' whole material too."""

    body_ids: frozenset[int] | None = frozenset()

    @property
    def is_public(self) -> bool:
        return self.body_ids is not None and not self.body_ids


PUBLIC = Audience()


@dataclass(frozen=True)
class SearchFilter:
    body: int | None = None
    organisation: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    decision_type: str = ""


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    date: dt.date | None
    body: Body | None
    decision_type: str
    score: float
    title_html: SafeString
    snippet: SafeString

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


@dataclass
class SearchPage:
    query: Query
    total: int
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    page_size: int = 20
    total_capped: bool = False  # more than `total` (COUNT_LIMIT) match
    order: str = "relevance"

    @property
    def pages(self) -> int:
        """Pages there are to turn; in relevance order the newest MAX_RANKED matches only."""
        pageable = self.total if self.order == "date" else min(self.total, backends.MAX_RANKED)
        return max(1, -(-pageable // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _in(column: str, ids: frozenset[int]) -> tuple[str, tuple[int, ...]]:
    ordered = tuple(sorted(ids))
    return f"{column} IN ({', '.join('%s' for _ in ordered)})", ordered


def _where(audience: Audience, filters: SearchFilter, now: dt.datetime) -> Where:
    parts: list[str] = []
    params: list[object] = []
    public = "(d.scope = %s AND (d.available_at IS NULL OR d.available_at <= %s))"
    kinds_sql = ", ".join("%s" for _ in _BODY_KINDS)
    if audience.is_public:
        parts.append(public)
        params += [Scope.PUBLIC, now]
    elif audience.body_ids is None:
        parts.append(f"(d.scope = %s OR ({public} AND d.kind NOT IN ({kinds_sql})))")
        params += [Scope.MEMBERS, Scope.PUBLIC, now, *_BODY_KINDS]
    else:
        body_in, ids = _in("d.body_id", audience.body_ids)
        parts.append(
            f"((d.scope = %s AND {body_in}) OR ({public} AND NOT "
            f"(d.kind IN ({kinds_sql}) AND d.body_id IS NOT NULL AND {body_in})))"
        )
        params += [Scope.MEMBERS, *ids, Scope.PUBLIC, now, *_BODY_KINDS, *ids]
    if filters.body:
        parts.append("d.body_id = %s")
        params.append(filters.body)
    if filters.organisation:
        parts.append("d.organisation_id = %s")
        params.append(filters.organisation)
    if filters.date_from:
        parts.append("d.date >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        parts.append("d.date <= %s")
        params.append(filters.date_to)
    if filters.kinds:
        parts.append(f"d.kind IN ({', '.join('%s' for _ in filters.kinds)})")
        params += list(filters.kinds)
    if filters.decision_type:
        parts.append("d.decision_type = %s")
        params.append(filters.decision_type)
    return Where(" AND ".join(parts), tuple(params))


def _matches(token: analysis.Token, terms: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return bool(terms.intersection(token.terms)) or any(
        term.startswith(prefix) for prefix in prefixes for term in token.terms
    )


def text_highlight(text: str, query: Query, *, words: int | None = None) -> SafeString:
    """The text (or, with `words`, the passage of that many words with the most matches)
    escaped, with the words that matched the query marked in the form the text has them."""
    terms = query.highlight_terms()
    prefixes = query.highlight_prefixes()
    scanned = text[:_SNIPPET_SCAN]
    tokens = analysis.text_tokens(scanned)
    marked = [index for index, token in enumerate(tokens) if _matches(token, terms, prefixes)]
    if words is None or len(tokens) <= words:
        first, last = 0, len(tokens)
    else:
        best, best_count = 0, -1
        for index in marked or [0]:
            start = max(0, index - words // 4)
            count = sum(1 for m in marked if start <= m < start + words)
            if count > best_count:
                best, best_count = start, count
        first, last = best, min(len(tokens), best + words)
    if not tokens:
        return mark_safe(escape(scanned[:300]))
    begin = tokens[first].start if first > 0 else 0
    end = tokens[last - 1].end if last < len(tokens) else len(scanned)
    chosen = set(marked)
    out: list[str] = ["… " if begin > 0 else ""]
    cursor = begin
    for index in range(first, last):
        token = tokens[index]
        if index in chosen:
            out.append(escape(scanned[cursor : token.start]))
            out.append(f"<mark>{escape(token.surface)}</mark>")
            cursor = token.end
    out.append(escape(scanned[cursor:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308  (every piece of text is escaped)


def matching_object_ids(
    *, q: str, kind: str, audience: Audience = PUBLIC, now: dt.datetime | None = None
) -> RawSQL | None:
    """The ids of the objects of `kind` that `audience` finds with `q`, as a subquery for
    `filter(pk__in=...)` (None when `q` has nothing to search by: it matches nothing)."""
    query = query_parse(q)
    if not query:
        return None
    where = _where(audience, SearchFilter(kinds=(kind,)), now or timezone.now())
    sql, params = backend_for().matching_sql(query, where)
    return RawSQL(sql, params)


def search(
    *,
    q: str,
    audience: Audience = PUBLIC,
    filters: SearchFilter | None = None,
    order: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    languages: tuple[str, ...] = (analysis.FINNISH,),
    now: dt.datetime | None = None,
) -> SearchPage:
    """One page of what `audience` finds with `q`, best (or newest) first."""
    query = query_parse(q, languages=languages)
    page = max(1, page)
    result = SearchPage(query=query, total=0, page=page, page_size=page_size)
    if not query:
        return result
    where = _where(audience, filters or SearchFilter(), now or timezone.now())
    order = order if order in ORDERS else "relevance"
    result.order = order
    found = backend_for().search(
        query, where, order=order, offset=(page - 1) * page_size, limit=page_size
    )
    ranked = found.rows
    result.total, result.total_capped = found.total, found.capped
    documents = SearchDocument.objects.select_related("body").in_bulk([pk for pk, _ in ranked])
    for pk, score in ranked:
        document = documents.get(pk)
        if document is None:
            continue
        result.hits.append(
            Hit(
                kind=document.kind,
                object_id=document.object_id,
                title=document.title,
                url=document.url,
                date=document.date,
                body=document.body,
                decision_type=document.decision_type,
                score=score,
                title_html=text_highlight(document.title, query),
                snippet=text_highlight(document.text, query, words=SNIPPET_WORDS),
            )
        )
    return result
