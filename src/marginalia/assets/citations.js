/* Citation previews work with CSS alone. This script adds two things:
   - Escape dismisses an open preview (WCAG 1.4.13) until the pointer or focus leaves it;
   - on the Bibliography, a "BibTeX" link saves just that entry (and the crossref parents it
     needs) as <key>.bib, cut from the one file that holds every entry. Without JavaScript
     the link downloads that whole file. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelectorAll(".mg-cite__item:hover, .mg-cite__item:focus-within");
    for (var i = 0; i < open.length; i++) open[i].classList.add("mg-cite--dismissed");
  });
  function reset(event) {
    var item = event.target.closest && event.target.closest(".mg-cite__item");
    if (item) item.classList.remove("mg-cite--dismissed");
  }
  document.addEventListener("mouseover", reset);
  document.addEventListener("focusin", reset);

  // Split a .bib text into blocks, each starting with "@" at the start of a line.
  function blocks(text) {
    var found = [];
    var starts = [];
    var pattern = /^@/gm;
    var match;
    while ((match = pattern.exec(text)) !== null) starts.push(match.index);
    for (var i = 0; i < starts.length; i++) {
      found.push(text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length));
    }
    return found;
  }

  function keyOf(block) {
    var head = /^@\s*(\w+)\s*[{(]\s*([^,\s]*)/.exec(block);
    return head ? { type: head[1].toLowerCase(), key: head[2] } : null;
  }

  function entryText(text, keys) {
    var strings = [];
    var byKey = {};
    blocks(text).forEach(function (block) {
      var head = keyOf(block);
      if (!head) return;
      if (head.type === "string") strings.push(block.trim());
      else byKey[head.key] = block.trim();
    });
    var parts = strings.slice();
    keys.forEach(function (key) { if (byKey[key]) parts.push(byKey[key]); });
    return parts.length > strings.length ? parts.join("\n\n") + "\n" : null;
  }

  var cache = {};
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-mg-bibtex]");
    if (!link || !window.fetch || !window.Blob || !window.URL) return;
    event.preventDefault();
    var keys = link.getAttribute("data-mg-bibtex").split(/\s+/);
    var href = link.href;
    cache[href] = cache[href] || fetch(href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    });
    cache[href].then(function (text) {
      var entry = entryText(text, keys);
      if (!entry) throw new Error("entry not found");
      var url = URL.createObjectURL(new Blob([entry], { type: "application/x-bibtex" }));
      var save = document.createElement("a");
      save.href = url;
      save.download = keys[0].replace(/[^A-Za-z0-9._-]/g, "_") + ".bib";
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }).catch(function () {
      window.location.href = href; // the whole file, as without JavaScript
    });
  });
})();
