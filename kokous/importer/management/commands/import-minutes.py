"""`kokous import-minutes PATH... [--body NAME] [--dry-run] [--format json|text]`: read minutes
and agendas exported from an old system (text, PDF, DOCX) and show what the parser makes of
each. With `--format json`, one JSON object a file, on a line of its own.

Writing the meetings into the database is not built yet (issue 10 is in progress): without
`--dry-run` the command refuses rather than pretend. A file that cannot be read at all is
reported on stderr and skipped; the others go on, and the exit status says one failed."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kokous.importer.parse import ImportFailed, meeting_json, parse_minutes
from kokous.importer.text import document_text


class Command(BaseCommand):
    help = "Parse minutes and agendas of an old system (text, PDF, DOCX); --dry-run shows them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument("--body", help="The body's name, when the documents do not say it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and print; write nothing."
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["dry_run"]:
            raise CommandError(
                "Importing into the database is not built yet; run with --dry-run to see what "
                "the parser reads from the files."
            )
        files = _files(options["paths"])
        failed = 0
        for path in tqdm(files, unit="file", disable=len(files) < 2, file=self.stderr._out):
            try:
                parsed = parse_minutes(
                    document_text(path.read_bytes(), filename=path.name), source=str(path)
                )
            except (ImportFailed, OSError) as error:
                failed += 1
                self.stderr.write(f"{path}: skipped: {error}")
                continue
            data = meeting_json(parsed)
            if options["body"]:
                data["body"] = options["body"]
            if options["format"] == "json":
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self.stdout.write(_summary(data))
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) could not be read.")


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
