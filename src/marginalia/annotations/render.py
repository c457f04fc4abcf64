"""The HTML of margin notes and marked passages, built as ElementTree elements.

A note renders as::

    <div class="mg-annotated">            (the block the note follows, and its notes)
      <p>... <mark class="mg-target" id="passage-x" tabindex="0"
               aria-describedby="note-x-body">passage</mark><sup class="mg-ref"
               id="ref-x"><a href="#note-x" aria-label="Note 1">1</a></sup> ...</p>
      <div class="mg-notes">
        <aside class="mg-note" id="note-x" role="note" aria-labelledby="note-x-label"
               data-tags="a b">
          <p class="mg-note__head"><span class="mg-note__label" id="note-x-label">Note 1</span>
             <a class="mg-note__back headerlink" href="#passage-x">…</a>
             <a class="mg-note__permalink headerlink" href="#note-x">¶</a></p>
          <div class="mg-note__body" id="note-x-body">the note's Markdown</div>
        </aside>
      </div>
    </div>

The two links of the head carry Material's ``headerlink`` class, like a heading's permalink:
they are navigation, so tools that take a title from the note's text skip them.

Keeping the note after its block in the document means screen readers and narrow screens
read it right after the passage; the stylesheet moves it into the margin on wide screens.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

NOTE_CLASS = "mg-note"
BODY_CLASS = "mg-note__body"
TARGET_ATTR = "data-mg-target"  # raw note id of a passage, removed once resolved

# Blocks a note may sit beside. A heading or a rule is never wrapped: a note after one has
# nothing to annotate and stays on its own.
_WRAPPABLE = {"p", "ul", "ol", "dl", "blockquote", "table", "div", "pre", "figure", "details"}


def note_shell(parent: etree.Element) -> etree.Element:
    """An empty note under ``parent``; its id and head are added once it is numbered."""
    aside = etree.SubElement(parent, "aside", {"class": NOTE_CLASS, "role": "note"})
    etree.SubElement(aside, "div", {"class": BODY_CLASS})
    return aside


def note_body(aside: etree.Element) -> etree.Element:
    """Where a note's Markdown goes."""
    for child in aside:
        if child.get("class") == BODY_CLASS:
            return child
    return aside  # not reached for notes built by note_shell


def is_note(element: etree.Element) -> bool:
    return element.tag == "aside" and element.get("class", "").split()[:1] == [NOTE_CLASS]


def finish_note(
    aside: etree.Element,
    anchor: str,
    number: int,
    tags: tuple[str, ...],
    passage: str | None,
) -> None:
    """Give a note its id, number, head (label, back-link, permalink) and tags."""
    label_id = f"{anchor}-label"
    aside.set("id", anchor)
    aside.set("aria-labelledby", label_id)
    if tags:
        aside.set("data-tags", " ".join(tags))
    note_body(aside).set("id", f"{anchor}-body")
    head = etree.Element("p", {"class": "mg-note__head"})
    label = etree.SubElement(head, "span", {"class": "mg-note__label", "id": label_id})
    label.text = f"Note {number}"
    label.tail = " "
    if passage:
        back = etree.SubElement(
            head,
            "a",
            {
                "class": "mg-note__back headerlink",
                "href": f"#{passage}",
                "aria-label": f"Back to the passage of note {number}",
                "data-search-exclude": "",
            },
        )
        back.text = "\u21a9\ufe0e"  # ↩ as text, not emoji
        back.tail = " "
    permalink = etree.SubElement(
        head,
        "a",
        {
            "class": "mg-note__permalink headerlink",
            "href": f"#{anchor}",
            "aria-label": f"Permanent link to note {number}",
            "data-search-exclude": "",  # navigation, not content: keep it out of the index
        },
    )
    permalink.text = "\u00b6"
    aside.insert(0, head)


def target_shell(text: str, raw_note_id: str) -> etree.Element:
    """A marked passage whose note is not resolved yet; its text is parsed further."""
    mark = etree.Element("mark", {"class": "mg-target", TARGET_ATTR: raw_note_id})
    mark.text = text
    return mark


def finish_target(
    mark: etree.Element,
    parent: etree.Element,
    anchor: str,
    note_anchor: str | None,
    number: int,
) -> None:
    """Link a passage to its note (or leave it plainly marked when it has none)."""
    mark.attrib.pop(TARGET_ATTR, None)
    mark.set("id", anchor)
    if note_anchor is None:
        mark.set("class", "mg-target mg-target--unresolved")
        return
    mark.set("tabindex", "0")  # focusable, so keyboard users reach the passage and its note
    mark.set("aria-describedby", f"{note_anchor}-body")
    sup = etree.Element("sup", {"class": "mg-ref"})
    link = etree.SubElement(sup, "a", {"href": f"#{note_anchor}", "aria-label": f"Note {number}"})
    link.text = str(number)
    sup.tail, mark.tail = mark.tail, None
    parent.insert(list(parent).index(mark) + 1, sup)


def place_notes(root: etree.Element) -> None:
    """Group each note (or run of notes) with the block before it in ``div.mg-annotated``.

    The stylesheet lays the group out as two columns on wide screens, so a note starts level
    with the block it annotates.
    """
    for parent in list(root.iter()):
        children = list(parent)
        if not any(is_note(child) for child in children):
            continue
        kept: list[etree.Element] = []
        for child in children:
            previous = kept[-1] if kept else None
            if is_note(child) and previous is not None:
                if previous.get("class") == "mg-annotated":
                    previous[-1].append(child)
                    continue
                if previous.tag in _WRAPPABLE and not _holds_notes(previous):
                    wrapper = etree.Element("div", {"class": "mg-annotated"})
                    wrapper.tail, previous.tail = previous.tail, "\n"
                    wrapper.append(previous)
                    notes = etree.SubElement(wrapper, "div", {"class": "mg-notes"})
                    notes.append(child)
                    kept[-1] = wrapper
                    continue
            kept.append(child)
        parent[:] = kept


def _holds_notes(element: etree.Element) -> bool:
    """Whether a block is or contains a note; two levels of margin would collide."""
    return any(is_note(e) for e in element.iter())
