/* Margin notes on narrow screens: each note collapses behind a button with aria-expanded.
 *
 * Without this script every note is simply shown in full after its paragraph. On wide
 * screens (the notes sit in the margin) nothing is collapsed. Following a note number or a
 * note's permalink opens the note.
 */
(function () {
  "use strict";

  var WIDE = window.matchMedia("screen and (min-width: 60em)");

  function parts(note) {
    return {
      head: note.querySelector(".mg-note__head"),
      label: note.querySelector(".mg-note__label"),
      body: note.querySelector(".mg-note__body"),
    };
  }

  function setOpen(note, open) {
    var p = parts(note);
    var toggle = note.querySelector(".mg-note__toggle");
    if (!p.body || !toggle) return;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    p.body.hidden = !open;
  }

  function enhance(note) {
    var p = parts(note);
    if (!p.head || !p.label || !p.body || note.querySelector(".mg-note__toggle")) return;
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "mg-note__toggle";
    toggle.setAttribute("aria-controls", p.body.id);
    toggle.textContent = p.label.textContent;
    toggle.addEventListener("click", function () {
      setOpen(note, toggle.getAttribute("aria-expanded") !== "true");
    });
    // The label stays (it names the note for aria-labelledby) but is shown by the button.
    p.label.hidden = true;
    p.head.insertBefore(toggle, p.head.firstChild);
  }

  function layout() {
    var notes = document.querySelectorAll(".md-typeset .mg-note");
    notes.forEach(function (note) {
      if (WIDE.matches) {
        var toggle = note.querySelector(".mg-note__toggle");
        if (toggle) toggle.remove();
        var p = parts(note);
        if (p.label) p.label.hidden = false;
        if (p.body) p.body.hidden = false;
      } else {
        enhance(note);
        setOpen(note, location.hash === "#" + note.id);
      }
    });
  }

  function openFromHash() {
    if (WIDE.matches || !location.hash) return;
    var note = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (note && note.classList.contains("mg-note")) setOpen(note, true);
  }

  // Print everything, whatever was collapsed.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".mg-note__body[hidden]").forEach(function (body) {
      body.hidden = false;
      body.setAttribute("data-mg-collapsed", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll(".mg-note__body[data-mg-collapsed]").forEach(function (body) {
      body.removeAttribute("data-mg-collapsed");
      body.hidden = true;
    });
  });

  window.addEventListener("hashchange", openFromHash);
  if (WIDE.addEventListener) WIDE.addEventListener("change", layout);

  // Material's instant navigation swaps pages without a reload and announces it on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(layout);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", layout);
  } else {
    layout();
  }
})();
