/* Link previews: a link in the page's article to another page of the site shows that page's
   title and summary on hover and on keyboard focus, in one shared role="tooltip" element the
   link points to through aria-describedby. Escape dismisses it; the pointer may move onto
   it. Titles and summaries come from previews.json, written by the build next to this
   script, and are set as text, never as HTML. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.fetch) return;
  // This script is served from <site>/assets/marginalia/, so the site root is two levels up.
  var indexUrl = new URL("previews.json", script.src);
  var siteRoot = new URL("../../", script.src);
  var TIP_ID = "marginalia-link-preview";
  var index = null;
  var loading = null;
  var tip = null;
  var host = null;
  var hideTimer = 0;

  function pathOf(url) {
    return url.pathname.replace(/index\.html$/, "").replace(/\/$/, "");
  }

  function load() {
    if (!loading) {
      loading = fetch(indexUrl.href)
        .then(function (response) { return response.ok ? response.json() : { pages: {} }; })
        .then(function (data) {
          var pages = {};
          Object.keys(data.pages || {}).forEach(function (url) {
            pages[pathOf(new URL(url, siteRoot))] = data.pages[url];
          });
          index = { pages: pages, skip: data.skip || [] };
          return index;
        })
        .catch(function () { index = { pages: {}, skip: [] }; return index; });
    }
    return loading;
  }

  function linkOf(event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a[href]") : null;
    return link && link.closest("article") ? link : null;
  }

  function previewFor(link) {
    if (!index) return null;
    for (var i = 0; i < index.skip.length; i++) {
      if (link.classList.contains(index.skip[i])) return null;
    }
    var url = new URL(link.href, document.baseURI);
    if (url.origin !== window.location.origin) return null;
    var path = pathOf(url);
    if (path === pathOf(new URL(window.location.href))) return null;
    var preview = index.pages[path];
    // A title alone that repeats the link's own text would tell the reader nothing new.
    if (!preview || (!preview.summary && preview.title.trim() === link.textContent.trim())) {
      return null;
    }
    return preview;
  }

  function tooltip() {
    if (tip && document.body.contains(tip)) return tip;
    tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "marginalia-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    var title = document.createElement("strong");
    title.className = "marginalia-preview__title";
    var summary = document.createElement("span");
    summary.className = "marginalia-preview__summary";
    tip.appendChild(title);
    tip.appendChild(summary);
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(tip);
    return tip;
  }

  function describedBy(link, add) {
    var ids = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== TIP_ID;
    });
    if (add) ids.push(TIP_ID);
    if (ids.length) link.setAttribute("aria-describedby", ids.join(" "));
    else link.removeAttribute("aria-describedby");
  }

  function place(link, node) {
    var margin = 8;
    var rect = link.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.min(Math.max(margin, rect.left), Math.max(margin, width - node.offsetWidth - margin));
    var top = rect.bottom + margin;
    // Above the link when there is no room below it.
    if (top + node.offsetHeight > window.innerHeight && rect.top - node.offsetHeight - margin > 0) {
      top = rect.top - node.offsetHeight - margin;
    }
    node.style.left = left + window.scrollX + "px";
    node.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var preview = previewFor(link);
    if (!preview) return;
    clearTimeout(hideTimer);
    var node = tooltip();
    if (host && host !== link) describedBy(host, false);
    host = link;
    node.firstChild.textContent = preview.title;
    node.lastChild.textContent = preview.summary || "";
    node.lastChild.hidden = !preview.summary;
    node.hidden = false;
    place(link, node);
    describedBy(link, true);
  }

  function showWhenLoaded(link) {
    if (index) show(link);
    else load().then(function () {
      if (link === document.activeElement || link.matches(":hover")) show(link);
    });
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (host) describedBy(host, false);
    host = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (link) showWhenLoaded(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event);
    if (link && link === host && !(event.relatedTarget && link.contains(event.relatedTarget))) {
      scheduleHide();
    }
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link) showWhenLoaded(link);
  });
  document.addEventListener("focusout", function (event) {
    if (host && linkOf(event) === host) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && host) hide();
  });
  window.addEventListener("resize", function () {
    if (host && tip && !tip.hidden) place(host, tip);
  });
  // Fetch the index once the page is idle, so the first preview needs no wait.
  if (document.readyState === "complete") load();
  else window.addEventListener("load", load);
})();
