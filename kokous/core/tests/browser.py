"""Helpers for the browser tests (Playwright, marked `browser`). For example:

from kokous.core.tests.browser import axe_check

def test_page(live_server, page):
    page.goto(live_server.url + "/")
    axe_check(page)
"""

import re

from axe_playwright_python.sync_playwright import Axe

# The rules of WCAG 2.0 and 2.1, levels A and AA: what the public sector must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Nodes shown per violation in a failure message.
AXE_NODES_SHOWN = 3

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """The axe-core violations of WCAG 2.1 A and AA on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def axe_report(violations: list[dict]) -> str:
    """One paragraph per violation: its rule, impact, help and the first few elements."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation['help']} [{len(nodes)} element(s)] {violation.get('helpUrl', '')}"
        )
        for node in nodes[:AXE_NODES_SHOWN]:
            target = " ".join(str(part) for part in node["target"])
            summary = re.sub(r"\s*\n\s*", " ", node.get("failureSummary") or "")
            lines.append(f"    {target}: {summary}")
        if len(nodes) > AXE_NODES_SHOWN:
            lines.append(f"    … and {len(nodes) - AXE_NODES_SHOWN} more")
    return "\n".join(lines)


def axe_check(page) -> None:
    """Fail the test if axe-core finds a WCAG 2.1 A or AA violation on the page."""
    violations = axe_violations(page)
    if violations:
        raise AssertionError(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n"
            + axe_report(violations)
        )
