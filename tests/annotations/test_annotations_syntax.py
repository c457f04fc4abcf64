"""The syntax rules of margin notes, as tables."""

from __future__ import annotations

import pytest

from marginalia.annotations.diagnose import locate, prose_lines
from marginalia.annotations.quotes import uncited_inline_quote
from marginalia.annotations.records import Locator
from marginalia.annotations.syntax import (
    TARGET_TAIL_RE,
    has_citation,
    is_note_id,
    note_anchor,
    parse_tags,
    passage_anchor,
)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("market", True),
        ("market-logic", True),
        ("note_2", True),
        ("2013-review", True),
        ("Market", True),
        ("", False),
        ("-market", False),
        ("my note", False),
        ("a.b", False),
        ("é", False),
        ("a/b", False),
    ],
)
def test_note_ids(text, valid):
    assert is_note_id(text) is valid


def test_anchors_are_stable_and_derived_from_the_id():
    assert note_anchor("market") == "note-market"
    assert passage_anchor("market") == "passage-market"
    assert passage_anchor("market", 2) == "passage-market-2"


@pytest.mark.parametrize(
    ("tail", "note_id"),
    [
        ("{>market}", "market"),
        ("{> market }", "market"),
        ("{>my note}", "my note"),
        ("{>}", ""),
        ("{market}", None),
        ("{: .class}", None),
        ("(>market)", None),
    ],
)
def test_target_tail(tail, note_id):
    m = TARGET_TAIL_RE.match(tail)
    assert (m.group(1) if m else None) == note_id


@pytest.mark.parametrize(
    ("value", "tags", "error"),
    [
        (None, (), None),
        (["coercion", "power"], ("coercion", "power"), None),
        ("power", ("power",), None),
        (["power", "power"], ("power",), None),
        ([" power "], ("power",), None),
        (["well being"], (), "tag 'well being' contains a space or a quote"),
        ([1], (), "'tags' must hold tag names, not 1"),
        ([""], (), "'tags' must hold tag names, not ''"),
        ({"a": 1}, (), "'tags' must be a list such as [coercion, power], not dict"),
        (3, (), "'tags' must be a list such as [coercion, power], not int"),
    ],
)
def test_tags_option(value, tags, error):
    assert parse_tags(value) == (tags, error)


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("words [@slay2013]", True),
        ("words [see @slay2013, p. 3; @ostrom1996]", True),
        ("@boyle2009 [p. 4] says", True),
        ("words [-@cahn2000]", True),
        ("write to someone@example.org", False),
        ("the code `[@key]` is not a citation", False),
        ("no citation at all", False),
        ("@", False),
    ],
)
def test_citation_detection(text, cited):
    assert has_citation(text) is cited


@pytest.mark.parametrize(
    ("text", "uncited_line"),
    [
        ("It is <q>a market</q> [@essay].", None),
        ("It is <q>a market</q> and <q>a tool</q> [@essay, p. 2].", None),
        (
            "It is <q>a market</q> [@essay] and <q>a tool</q>.",
            "It is <q>a market</q> [@essay] and <q>a tool</q>.",
        ),
        ("first line\nIt is <q>a market</q>.", "It is <q>a market</q>."),
        (
            "[@essay] comes first, <q>then the quote</q>.",
            "[@essay] comes first, <q>then the quote</q>.",
        ),
        ("No quotation here.", None),
        ("Code `<q>x</q>` is not a quote.", None),
        ("<Q cite='x'>Shouting</Q> [@essay]", None),
    ],
)
def test_inline_quotation_rule(text, uncited_line):
    assert uncited_inline_quote(text) == uncited_line


SOURCE = """\
# Title

Use `[the passage]{>x}` in text.

```markdown
/// annotation | x
///
```

~~~
[a]{>x}
~~~

A [real]{>x} and [again]{>x}.

/// annotation | x
///

- An item.

    /// annotation | in-list
    ///

> /// annotation | quoted
> ///
"""


@pytest.mark.parametrize(
    ("where", "line"),
    [
        (Locator("header", "x"), 16),
        (Locator("header", "x", 2), None),
        (Locator("target", "x"), 14),
        (Locator("target", "x", 2), 14),
        (Locator("target", "y"), None),
        (Locator("text", "A [real]"), 14),
        (Locator("header", "in-list"), 21),
        (Locator("header", "quoted"), 24),
    ],
)
def test_faults_are_located_outside_code(where, line):
    assert locate(where, prose_lines(SOURCE)) == line
