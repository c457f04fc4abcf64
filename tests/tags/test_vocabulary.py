"""The vocabulary file: every bad entry reported at its line, all at once."""

from __future__ import annotations

import logging

import pytest

from marginalia.tags.vocabulary import build_vocabulary, read_entries
from tests.tags.conftest import PAGES, PLUGIN, VOCABULARY


def _load(text: str):
    entries, faults = read_entries(text, "data/tags.yml")
    valid = {e.id: e.data for e in entries}
    vocabulary, more = build_vocabulary(entries, valid, "data/tags.yml")
    return vocabulary, [f.format() for f in faults + more]


def test_the_seed_vocabulary_reads_without_fault():
    vocabulary, faults = _load(VOCABULARY)
    assert faults == []
    assert list(vocabulary.tags) == ["power", "coercion", "well-being", "recovery"]
    assert vocabulary.tags["recovery"].label == "Recovery"  # defaults to the id, capitalised
    assert vocabulary.tags["coercion"].line == 5
    assert vocabulary.resolve("compulsion") == "coercion"
    assert vocabulary.resolve("coercion") == "coercion"
    assert vocabulary.resolve("nothing") is None
    assert [t.id for t in vocabulary.children("power")] == ["coercion"]
    assert vocabulary.suggest("welbeing") == "well-being"
    assert vocabulary.suggest("compulsory") == "coercion"  # through its alias


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "tags:\n  a:\n    description: x\n  a:\n    description: y\n",
            [
                "data/tags.yml:4: tag 'a' is defined twice (first on line 2) — merge the two entries [tags.vocabulary-invalid]"
            ],
        ),
        (
            "tags:\n  Well Being:\n    description: x\n",
            [
                "data/tags.yml:2: tag id 'Well Being' is not lower-case words joined by hyphens — rename it, e.g. 'well-being' [tags.vocabulary-invalid]"
            ],
        ),
        (
            "tags:\n  a: just a string\n",
            [
                "data/tags.yml:2: tag 'a' must be a mapping of fields — give it at least 'label:' and 'description:' [tags.vocabulary-invalid]"
            ],
        ),
        (
            "- a\n- b\n",
            [
                "data/tags.yml:1: the vocabulary must be a mapping under 'tags:' — write 'tags:' then one 'id: {...}' per tag [tags.vocabulary-invalid]"
            ],
        ),
        (
            "tags:\n  a: [unclosed\n",
            [
                "data/tags.yml:3: not valid YAML: expected ',' or ']', but got '<stream end>' — fix the syntax [tags.vocabulary-invalid]"
            ],
        ),
        (
            "tags:\n  a:\n    label: A\n",
            [
                "data/tags.yml:2: tag 'a' has no description — add a one-paragraph 'description:' saying what the theme covers [tags.no-description]"
            ],
        ),
        (
            "tags:\n  power:\n    description: x\n  a:\n    description: x\n    parent: powr\n",
            [
                "data/tags.yml:6: tag 'a' has parent 'powr', which is not a tag — did you mean power? [tags.unknown-parent]"
            ],
        ),
        (
            "tags:\n  a:\n    description: x\n    parent: b\n  b:\n    description: x\n    parent: c\n  c:\n    description: x\n    parent: a\n  d:\n    description: x\n    parent: d\n",
            [
                "data/tags.yml:4: parents form a cycle: a → b → c → a — remove one 'parent:' so the chain ends [tags.parent-cycle]",
                "data/tags.yml:13: parents form a cycle: d → d — remove one 'parent:' so the chain ends [tags.parent-cycle]",
            ],
        ),
        (
            "tags:\n  a:\n    description: x\n    aliases: [b]\n  b:\n    description: x\n  c:\n    description: x\n    aliases: [z]\n  d:\n    description: x\n    aliases: [z]\n",
            [
                "data/tags.yml:4: alias 'b' of tag 'a' already names tag 'b' — remove one of them [tags.vocabulary-invalid]",
                "data/tags.yml:12: alias 'z' of tag 'd' already names tag 'c' — remove one of them [tags.vocabulary-invalid]",
            ],
        ),
    ],
    ids=[
        "duplicate",
        "bad-id",
        "not-a-mapping",
        "no-tags-key",
        "yaml-error",
        "no-description",
        "unknown-parent",
        "cycles",
        "alias-clash",
    ],
)
def test_bad_vocabularies_are_reported_with_their_lines(text, expected):
    _, faults = _load(text)
    assert faults == expected


def test_every_vocabulary_fault_fails_a_strict_build_at_once(build_site, caplog):
    vocabulary = VOCABULARY + (
        "  broken:\n"
        "    label: [not, a, string]\n"
        "    description: Has a bad label.\n"
        "  orphan:\n"
        "    parent: powr\n"
        "    colour: red\n"
        "  loop:\n"
        "    description: x\n"
        "    parent: loop\n"
    )
    bad_page = """\
        ---
        tags: [coercion, welbeing, broken]
        ---

        # Bad

        ## Part { #part data-tags="power powr" }
        """
    files = {"data/tags.yml": vocabulary, **PAGES, "docs/essays/bad.md": bad_page}
    site = build_site(files, plugin=PLUGIN, strict=True)
    assert site.aborted
    assert [w for w in site.warnings if "[tags." in w] == [
        "marginalia: data/tags.yml:17: tag 'broken': 'label' expected type: <class 'str'> but received: <class 'list'> — see 'Adding a tag' in the README [tags.vocabulary-invalid]",
        "marginalia: data/tags.yml:19: tag 'orphan' has no description — add a one-paragraph 'description:' saying what the theme covers [tags.no-description]",
        "marginalia: data/tags.yml:20: tag 'orphan' has parent 'powr', which is not a tag — did you mean power? [tags.unknown-parent]",
        "marginalia: data/tags.yml:21: tag 'orphan' has an unknown field 'colour' — use label, description, aliases or parent [tags.vocabulary-invalid]",
        "marginalia: data/tags.yml:24: parents form a cycle: loop → loop — remove one 'parent:' so the chain ends [tags.parent-cycle]",
        "marginalia: docs/essays/bad.md:2: tag 'welbeing' is not in data/tags.yml — did you mean well-being? [tags.unknown]",
        "marginalia: docs/essays/bad.md:7: tag 'powr' on passage #part is not in data/tags.yml — did you mean power? [tags.unknown]",
    ]


def test_an_unused_tag_is_only_an_advisory(knowledge_base, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    site = knowledge_base(strict=True)
    assert not site.aborted
    assert site.messages_with("tags.unused") == [
        "marginalia: data/tags.yml:14: tag 'recovery' is used by no page or passage — tag a page with it, or remove it [tags.unused]"
    ]
    assert site.warnings == []


def test_the_vocabulary_file_is_watched_by_serve(build_site):
    from mkdocs.config import load_config

    site = build_site({"data/tags.yml": VOCABULARY, **PAGES}, plugin=PLUGIN)
    config = load_config(str(site.root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert str(site.root / "data/tags.yml") in config.watch
