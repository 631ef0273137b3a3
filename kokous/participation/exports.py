"""Exports for the preparation of an item: a survey's answers one row per response, and a
comment round's comments by paragraph, as CSV (UTF-8 with BOM and semicolons, which Excel in
Finnish opens as columns) or as an XLSX workbook (openpyxl).

A cell that begins with =, +, -, @ or a tab is written with a leading apostrophe, so that a
spreadsheet never runs a resident's text as a formula (CSV injection)."""

import csv
import io
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from kokous.core.timeutil import HELSINKI
from kokous.participation.models import Answer, CommentRound, Question, Survey
from kokous.participation.selectors import round_comments_for_staff, submitted_responses
from kokous.participation.services import survey_questions

Table = tuple[list[str], list[list[Any]]]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _when(value: Any) -> str:
    return value.astimezone(HELSINKI).strftime("%Y-%m-%d %H:%M") if value else ""


def survey_table(*, survey: Survey) -> Table:
    """One row per sent response: its number, time, language and whether it is synthetic,
    then each question's answer (a matrix's statements and a ranking's items each in a column
    of their own; several choices joined by "; ")."""
    sq = survey_questions(survey=survey)
    header = [_("Response"), _("Sent"), _("Language"), _("Synthetic")]
    columns: list[tuple[Question, int | None]] = []
    for question in sq.questions:
        if question.kind in (Question.Kind.MATRIX, Question.Kind.RANKING):
            for option in sq.options[question.pk]:
                header.append(f"{question.text}: {option.text}")
                columns.append((question, option.pk))
        else:
            header.append(question.text)
            columns.append((question, None))
    texts = {o.pk: o.text for options in sq.options.values() for o in options}
    responses = list(submitted_responses(survey=survey).order_by("submitted_at", "pk"))
    answers: dict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(response__in=responses):
        answers[answer.response_id][answer.question_id] = answer
    rows = []
    for number, response in enumerate(responses, start=1):
        row: list[Any] = [
            number,
            _when(response.submitted_at),
            response.language,
            _("yes") if response.synthetic else "",
        ]
        for question, option_id in columns:
            given = answers[response.pk].get(question.pk)
            row.append(_safe(_cell(question, option_id, given, texts)))
        rows.append(row)
    return header, rows


def _cell(question: Question, option_id: int | None, answer: Answer | None, texts: dict) -> Any:
    if answer is None:
        return ""
    value: Any = answer.value
    kind = question.kind
    if kind in Question.CHOICE_KINDS:
        return "; ".join(texts.get(pk, "") for pk in value or [])
    if kind == Question.Kind.MATRIX:
        return (value or {}).get(str(option_id), "")
    if kind == Question.Kind.RANKING:
        return value.index(option_id) + 1 if option_id in (value or []) else ""
    if kind == Question.Kind.FILE:
        return answer.file_name
    return value if value is not None else ""


def comments_table(*, round: CommentRound) -> Table:
    """Every comment, hidden ones too (marked, with the reason), by paragraph in the draft's
    order, then those on the whole draft."""
    header = [
        _("Paragraph"), _("Paragraph text"), _("Comment"), _("Name"), _("Sent"),
        _("Supports"), _("Hidden"), _("Reason for hiding"), _("Synthetic"),
    ]  # fmt: skip
    comments = sorted(
        round_comments_for_staff(round=round),
        key=lambda c: (c.paragraph is None, c.paragraph.position if c.paragraph else 0),
    )
    rows = []
    for comment in comments:
        paragraph = comment.paragraph
        rows.append(
            [
                paragraph.number if paragraph else _("The whole draft"),
                _safe(paragraph.text[:200]) if paragraph else "",
                _safe(comment.text),
                _safe(comment.author_name),
                _when(comment.created_at),
                comment.support_count,  # type: ignore[attr-defined]
                _("yes") if comment.hidden else "",
                _safe(comment.hidden_reason),
                _("yes") if comment.synthetic else "",
            ]
        )
    return header, rows


def csv_bytes(table: Table) -> bytes:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe(h) for h in header])
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table, *, title: str) -> bytes:
    header, rows = table
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append([_safe(h) for h in header])
    for row in _rows(rows):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rows(rows: Sequence[list[Any]]) -> Iterator[list[Any]]:
    # openpyxl refuses control characters that XML cannot carry; a resident's text may have them.
    for row in rows:
        yield [
            "".join(ch for ch in v if ch >= " " or ch in "\t\n") if isinstance(v, str) else v
            for v in row
        ]


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return (cleaned.strip() or "Sheet")[:31]
