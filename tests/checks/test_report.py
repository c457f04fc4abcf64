"""The check's output for people and for GitHub, and the merging of duplicate faults."""

from __future__ import annotations

from marginalia.checks.report import annotations, deduplicate, lines, summary
from marginalia.diagnostics import Diagnostic

FAULTS = [
    Diagnostic("docs/b.md", 7, "links.broken", "link to 'x.md' leads nowhere", "fix it"),
    Diagnostic("bib/refs.bib", 3, "bib.syntax", "unclosed brace"),
    Diagnostic(
        "docs/b.md", 2, "pages.unknown-key", "key 'sumary'", "did you mean 'summary'?", "advisory"
    ),
    Diagnostic("docs/b.md", None, "build.not-in-nav", "not in nav", "add it"),
]


def test_summary_groups_by_file_in_line_order_and_counts():
    assert summary(deduplicate(FAULTS)) == (
        "bib/refs.bib\n"
        "      3  error  unclosed brace [bib.syntax]\n"
        "\n"
        "docs/b.md\n"
        "      -  error  not in nav — add it [build.not-in-nav]\n"
        "      2  advice key 'sumary' — did you mean 'summary'? [pages.unknown-key]\n"
        "      7  error  link to 'x.md' leads nowhere — fix it [links.broken]\n"
        "\n"
        "3 errors, 1 advisory in 2 files. Errors fail the check; advisories do not."
    )
    assert summary([]) == "No faults found."


def test_annotations_are_one_workflow_command_per_fault():
    lines = annotations(deduplicate(FAULTS)).splitlines()
    assert lines[0] == "::error file=bib/refs.bib,line=3,title=bib.syntax::unclosed brace"
    assert lines[2].startswith("::warning file=docs/b.md,line=2,title=pages.unknown-key::")
    assert len(lines) == 4


def test_a_link_seen_by_mkdocs_and_by_the_html_check_is_reported_once():
    by_mkdocs = Diagnostic("docs/a.md", 4, "links.unrecognized", "contains a link '/x/'", "fix")
    by_html = Diagnostic("docs/a.md", 4, "links.broken", "link to '/x/' leads nowhere", "fix")
    other_line = Diagnostic("docs/a.md", 5, "links.broken", "link to 'y' leads nowhere", "fix")
    assert deduplicate([by_mkdocs, by_html, other_line]) == [by_mkdocs, other_line]


def test_two_faulty_links_on_one_line_stay_two_faults():
    mkdocs_a = Diagnostic("docs/a.md", 4, "links.broken", "contains a link 'x.md', but ...", "f")
    mkdocs_b = Diagnostic("docs/a.md", 4, "links.broken", "contains a link 'y.md', but ...", "f")
    html_a = Diagnostic("docs/a.md", 4, "links.broken", "link to 'x.md' leads nowhere", "f")
    anchor_mkdocs = Diagnostic(
        "docs/a.md", 4, "links.missing-anchor", "contains a link 'b.md#sec', but ...", "f"
    )
    anchor_html = Diagnostic(
        "docs/a.md", 4, "links.missing-anchor", "link to '../b/#sec': ...", "f"
    )
    other_anchor = Diagnostic("docs/a.md", 4, "links.missing-anchor", "link to '../b/#x': ...", "f")
    found = deduplicate([mkdocs_a, mkdocs_b, anchor_mkdocs, html_a, anchor_html, other_anchor])
    assert found == [mkdocs_a, mkdocs_b, anchor_mkdocs, other_anchor]


def test_lines_are_one_path_line_code_message_per_fault():
    assert lines(deduplicate(FAULTS)).splitlines() == [
        "bib/refs.bib:3: bib.syntax: unclosed brace",
        "docs/b.md: build.not-in-nav: not in nav — add it",
        "docs/b.md:2: pages.unknown-key: key 'sumary' — did you mean 'summary'? "
        "(advice: does not fail the check)",
        "docs/b.md:7: links.broken: link to 'x.md' leads nowhere — fix it",
    ]
    assert lines([]) == ""
