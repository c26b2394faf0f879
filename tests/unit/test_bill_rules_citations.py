"""Every rule citation in the repository resolves to a heading of docs/BILL-RULES.md.

The code cites BILL's rules as ``BILL-RULES §5.6`` (and, continuing a citation, a bare
``§7.2``, ``§6 #12, #13``, ``§5.9-5.13``, ``§5.18b "Cards"``). Each section is a heading of
docs/BILL-RULES.md (``### §5.6 Payments``, ``### §6 #12 …``, ``#### §5.18b Cards``). Nothing
cites the reference file outside the repository any more.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "docs" / "BILL-RULES.md"
SCANNED = ("src", "tests", "docs", "scripts", "bench", "README.md", "CHANGELOG.md")
SUFFIXES = (".py", ".md")
OLD_NAME = "FAC" + "TS"  # spelled apart so this file does not cite it

SECTION = r"\d+(?:\.\d+)?[a-z]?"
HEADING = re.compile(rf"^#{{2,4}} §({SECTION})(?: (#\d+))?(?: (.+))?$", re.MULTILINE)
CITATION = re.compile(rf"§ ?({SECTION})")
# After "§6": "#5, #6, #16" or "#25-#27" or "#7 / §5.16b".
DECISIONS = re.compile(r"§ ?6((?:\s*(?:,|/|and|-|–)?\s*#\d+)+)")
# After a section: "Cards" or "Reimbursements", "Transactions".
NAMED = re.compile(rf'§ ?({SECTION})\s+((?:"[A-Z][A-Za-z &]*"(?:,\s*)?)+)')
RANGE = re.compile(rf"§ ?({SECTION})\s*[-–]\s*({SECTION})\b")
STALE = re.compile(rf"\b{OLD_NAME}(?![\w.-])")


def _files() -> list[Path]:
    out: list[Path] = []
    for name in SCANNED:
        path = REPO / name
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.suffix in SUFFIXES and p.is_file())
    return out


def _headings() -> tuple[set[str], set[int], set[tuple[str, str]]]:
    sections: set[str] = set()
    decisions: set[int] = set()
    named: set[tuple[str, str]] = set()
    for section, decision, title in HEADING.findall(RULES.read_text(encoding="utf-8")):
        sections.add(section)
        if decision:
            decisions.add(int(decision[1:]))
        elif title and "." in section:
            named.add((section, title.split(" ")[0]))
    return sections, decisions, named


def _citations(text: str) -> tuple[set[str], set[int], set[tuple[str, str]]]:
    sections = set(CITATION.findall(text))
    for first, last in RANGE.findall(text):
        sections.update((first, last))
    decisions: set[int] = set()
    for chain in DECISIONS.findall(text):
        numbers = [int(n) for n in re.findall(r"#(\d+)", chain)]
        decisions.update(numbers)
        for a, b in re.findall(r"#(\d+)\s*[-–]\s*#(\d+)", chain):
            decisions.update(range(int(a), int(b) + 1))
    named = {
        (section, name) for section, names in NAMED.findall(text) for name in re.findall(r'"([^"]+)"', names)
    }
    return sections, decisions, named


def test_the_rules_document_has_its_sections() -> None:
    sections, decisions, named = _headings()
    assert {"1.7", "2.3", "4", "5.6", "5.18b", "6", "7.4"} <= sections
    assert {4, 12, 16, 35} <= decisions
    assert ("5.18b", "Cards") in named


def test_every_citation_resolves() -> None:
    have_sections, have_decisions, have_named = _headings()
    problems: list[str] = []
    for path in _files():
        if path == Path(__file__).resolve():
            continue  # its own examples of bad citations
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(REPO)
        if STALE.search(text):
            problems.append(f"{where}: cites the outside reference file (run facts-citations.sh)")
        if "§" not in text:
            continue
        sections, decisions, named = _citations(text)
        problems += [f"{where}: no heading for §{s}" for s in sorted(sections - have_sections)]
        problems += [f"{where}: no heading for §6 #{n}" for n in sorted(decisions - have_decisions)]
        problems += [f"{where}: no heading for §{s} {n}" for s, n in sorted(named - have_named)]
    assert not problems, "\n".join(problems)


def test_the_checks_catch_a_bad_citation() -> None:
    """The resolver is not vacuous: unknown sections, decisions and names are found."""
    have_sections, have_decisions, have_named = _headings()
    sections, decisions, named = _citations('BILL-RULES §9.9, §6 #4, #98-#99, §5.18b "Moon"')
    assert "9.9" not in have_sections and "9.9" in sections
    assert {98, 99} <= decisions and not {98, 99} <= have_decisions
    assert ("5.18b", "Moon") in named - have_named
    assert STALE.search(OLD_NAME + " §5.6") and not STALE.search("ARTI" + OLD_NAME)
