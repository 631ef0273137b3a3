"""`kokous import-minutes PATH... [--body NAME] [--organisation SLUG] [--dry-run]
[--format json|text]`: import minutes exported from an old system (text, PDF, DOCX).

With `--dry-run` nothing is written: the command shows what the parser reads from each file
(with `--format json`, one JSON object a file, on a line of its own). Without it, each file is
imported in a transaction of its own (`kokous.importer.services.minutes_import`) and a line
says what became of it. A file that cannot be read or imported is reported on stderr and
skipped; the others go on, and the exit status says that one failed."""

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kokous.importer.parse import HELSINKI, ImportFailed, meeting_json, parse_minutes
from kokous.importer.services import ImportRefused, minutes_import
from kokous.importer.text import document_text
from kokous.organisations.models import Organisation


class Command(BaseCommand):
    help = "Import minutes of an old system (text, PDF, DOCX); --dry-run only shows them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument("--body", help="The body's name, when the documents do not say it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and print; write nothing."
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="The organisation whose body held the meetings (needed when the body's name "
            "is not unique, or to create a new body while there are several organisations).",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = _organisation(options["organisation"])
        files = _files(options["paths"])
        failed = 0
        counts: Counter[str] = Counter()
        for path in tqdm(files, unit="file", disable=len(files) < 2, file=self.stderr._out):
            try:
                content = path.read_bytes()
                parsed = parse_minutes(document_text(content, filename=path.name), source=str(path))
            except (ImportFailed, OSError) as error:
                failed += 1
                self.stderr.write(f"{path}: skipped: {error}")
                continue
            if options["dry_run"]:
                data = meeting_json(parsed)
                if options["body"]:
                    data["body"] = options["body"]
                if options["format"] == "json":
                    self.stdout.write(json.dumps(data, ensure_ascii=False))
                else:
                    self.stdout.write(_summary(data))
                continue
            try:
                outcome = minutes_import(
                    parsed=parsed,
                    content=content,
                    filename=path.name,
                    organisation=organisation,
                    body_name=options["body"],
                )
            except ImportRefused as error:
                failed += 1
                self.stderr.write(f"{path}: skipped: {error.message}")
                continue
            counts[outcome.status] += 1
            meeting = outcome.meeting
            result = {
                "source": str(path),
                "status": outcome.status,
                "meeting": meeting.pk,
                "url": meeting.get_absolute_url(),
                "body": meeting.body.name_fi,
                "start": meeting.start.astimezone(HELSINKI).isoformat(),
                "items": meeting.items.count(),
                "warnings": [
                    {"line": w.line, "text": w.text, "reason": str(w.reason)}
                    for w in outcome.warnings
                ],
            }
            if options["format"] == "json":
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{path}: {outcome.status}: {meeting} ({result['items']} item(s), "
                    f"{len(outcome.warnings)} warning(s)) {result['url']}"
                )
        if not options["dry_run"] and len(files) > 1:
            summary = ", ".join(f"{counts[s]} {s}" for s in ("created", "updated", "unchanged"))
            self.stderr.write(f"{len(files)} file(s): {summary}, {failed} skipped")
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) could not be imported.")


def _organisation(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"No organisation {slug!r}; the organisations are: {known or 'none'}.")
    return organisation


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise CommandError(f"{name}: no such file or folder.")
    return found


def _summary(data: dict[str, Any]) -> str:
    lines = [
        f"{data['source']}: {data['body'] or '(body not stated)'}, {data['start'] or '(no date)'}"
        f", {len(data['attendees'])} attendee(s), {len(data['items'])} item(s)"
    ]
    for item in data["items"]:
        number = f"§ {item['number']}" if item["number"] is not None else "–"
        lines.append(f"  {number} {item['title']}")
    for warning in data["warnings"]:
        lines.append(f"  line {warning['line']}: {warning['reason']}: {warning['text']}")
    return "\n".join(lines)
