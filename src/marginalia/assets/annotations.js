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
    scheduleStack();
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

  // Wide screens: each note starts level with the line of its passage, or just below the
  // note above it when that one is still running; the page grows when the last notes run
  // past the end of the text.
  var NOTE_GAP = 12; // px between two notes in the margin
  var scheduled = false;

  function passageOf(note) {
    var back = note.querySelector(".mg-note__back");
    var passage = back && document.getElementById(back.getAttribute("href").slice(1));
    var block = note.closest(".mg-annotated");
    // Only a passage in the block the note sits beside: elsewhere it would pull the note away.
    return passage && block && block.firstElementChild.contains(passage) ? passage : null;
  }

  function stack() {
    scheduled = false;
    var root = document.documentElement;
    var article = document.querySelector(".md-content__inner");
    var notes = Array.prototype.slice.call(
      document.querySelectorAll(".md-typeset .mg-annotated > .mg-notes > .mg-note")
    );
    notes.forEach(function (n) { n.style.marginTop = ""; });
    if (article) article.style.paddingBottom = "";
    if (!article || !notes.length || !WIDE.matches) {
      root.classList.remove("mg-margin-js");
      return;
    }
    root.classList.add("mg-margin-js");
    var last = -Infinity;
    notes.forEach(function (note) {
      var natural = note.getBoundingClientRect().top;
      var passage = passageOf(note);
      var wanted = Math.max(
        natural,
        passage ? passage.getBoundingClientRect().top : natural,
        last + NOTE_GAP
      );
      if (wanted > natural) note.style.marginTop = wanted - natural + "px";
      last = note.getBoundingClientRect().bottom;
    });
    var end = article.getBoundingClientRect().bottom;
    if (last > end) article.style.paddingBottom = Math.ceil(last - end + NOTE_GAP) + "px";
  }

  function scheduleStack() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(stack);
  }

  function openFromHash() {
    if (WIDE.matches || !location.hash) return;
    var note = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (note && note.classList.contains("mg-note")) setOpen(note, true);
  }

  // Print everything, whatever was collapsed.
  window.addEventListener("beforeprint", function () {
    var article = document.querySelector(".md-content__inner");
    if (article) article.style.paddingBottom = "";
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
    scheduleStack();
  });

  window.addEventListener("hashchange", openFromHash);
  // A note number opens its note even when the address already points at it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".mg-ref a");
    if (!link || WIDE.matches) return;
    var note = document.getElementById(link.getAttribute("href").slice(1));
    if (note && note.classList.contains("mg-note")) setOpen(note, true);
  });
  window.addEventListener("resize", scheduleStack);
  window.addEventListener("load", scheduleStack);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(scheduleStack);
  if (window.ResizeObserver) {
    // Text reflows (images loading, details opening) move the blocks the notes sit beside.
    var observed = null;
    var observer = new ResizeObserver(scheduleStack);
    var watch = function () {
      var article = document.querySelector(".md-content__inner");
      if (article && article !== observed) {
        if (observed) observer.unobserve(observed);
        observer.observe(article);
        observed = article;
      }
    };
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(watch);
    } else {
      document.addEventListener("DOMContentLoaded", watch);
      watch();
    }
  }
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
