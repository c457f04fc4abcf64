"""Front matter, fuzzed: seeded, bounded, the same cases on every run.

Whatever a contributor types between the ``---`` lines, the check returns faults (never a
traceback), each at a line of the file; and a whole build of such pages finishes, reports
each fault as ``path:line: ... [code]`` and writes no text of the front matter as markup.
"""

from __future__ import annotations

import random
import re

from marginalia.checks.frontmatter import PageSchema, check_front_matter

SEED = 16
SCHEMA = PageSchema(types_by_folder={"essays": "critique"})
PAYLOAD = "<b onmouseover=alert(1)>x</b>"
KEYS = ["title", "type", "summary", "description", "tags", "nocite", "date", "authors", "sumary"]
VALUES = [
    "A title",
    PAYLOAD,
    '"quoted: with colon"',
    "'single'",
    "[a, b]",
    "[power, [nested]]",
    "{a: 1}",
    "5",
    "-3.5e9",
    "true",
    "null",
    "~",
    "2024-13-45",
    "2024-02-29",
    "1999",
    "!!binary aGVsbG8=",
    "!!python/object:os.system echo",
    "&anchor value",
    "*anchor",
    "|\n  two\n  lines",
    ">-\n  folded",
    "critique",
    "concept",
    "' unclosed",
    "[unclosed",
    "{unclosed: 1",
    "\t tab",
    "x" * 300,
    "é ü ß 中文 🙂",
    "\\u0000",
    "'<script>alert(2)</script>'",
]
# A front matter block as MkDocs finds one (mkdocs/utils/meta.py).
BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
NOISE = [*":{}[]'\"\n\t-#&*!|>%@`,? ", "---", "...", "\n---\n", "  ", "\r\n"]


def _front_matter(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 6)):
        key = rng.choice([*KEYS, "", "- item", "tags:\n  -", "? complex"])
        lines.append(f"{key}: {rng.choice(VALUES)}" if key else rng.choice(VALUES))
    text = "---\n" + "\n".join(lines) + "\n---\n\n# Heading\n\nBody.\n"
    # A few random edits: a stray character where YAML gives it a meaning.
    for _ in range(rng.choice([0, 0, 1, 2, 4])):
        at = rng.randrange(len(text))
        edit = rng.choice(["insert", "delete", "replace"])
        piece = rng.choice(NOISE)
        if edit == "insert":
            text = text[:at] + piece + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + piece + text[at + 1 :]
    return text


def test_the_check_reports_faults_at_lines_of_the_file_for_any_front_matter():
    rng = random.Random(SEED)
    codes: set[str] = set()
    for n in range(5000):
        text = _front_matter(rng)
        src = rng.choice(["essays/x.md", "index.md", "other/y.md"])
        front = check_front_matter(src, text, SCHEMA, f"docs/{src}")
        lines = text.count("\n") + 1
        for fault in front.diagnostics:
            assert fault.path == f"docs/{src}", (n, text)
            assert fault.line is None or 1 <= fault.line <= lines, (n, text, fault)
            assert re.fullmatch(r"pages\.[a-z]+(-[a-z]+)*", fault.code), (n, fault)
            assert fault.message and "\n" not in fault.message, (n, text, fault)
            codes.add(fault.code)
    # The cases reach the faults they are meant to reach, not just one of them.
    assert {"pages.yaml-error", "pages.missing-title", "pages.unknown-key"} <= codes, codes


def test_a_build_of_fuzzed_pages_finishes_and_writes_no_front_matter_as_markup(build_site):
    rng = random.Random(SEED + 1)
    pages = {f"docs/essays/page-{n}.md": _front_matter(rng) for n in range(200)}
    pages["docs/index.md"] = "# Home\n"
    site = build_site(pages, plugin={"pages": {"types_by_folder": {"essays": "critique"}}})
    assert not site.aborted, site.warnings[-3:]
    ours = [m for m in site.warnings if m.startswith("marginalia: ")]
    assert len(ours) > 100
    for message in ours:
        assert re.match(r"marginalia: [\w./-]+(:\d+)?: .+ \[[a-z]+\.[a-z-]+\]$", message), message
    for name, text in pages.items():
        block = BLOCK.match(text)
        if not block:
            continue  # no front matter left: what the edits made is the page's Markdown
        html = site.html(name.removeprefix("docs/").removesuffix(".md") + "/")
        for markup in ("<b onmouseover", "<script>alert(2)"):
            if markup not in text[block.end() :]:  # after the block, it is the page's HTML
                assert markup not in html, (name, text)
    for path in site.site_dir.rglob("*.html"):
        if path.parent.name.startswith("page-"):
            continue
        html = path.read_text(encoding="utf-8")  # listings, Related, navigation, sitemap
        assert "<b onmouseover" not in html and "<script>alert(2)" not in html, path
