/* Link previews: a link marked with data-preview-title shows that page's title and summary
   on hover and on keyboard focus, in one shared role="tooltip" element that the link
   points to through aria-describedby. Escape dismisses it; the pointer may move onto it.
   Text is set with textContent, never as HTML. */
(function () {
  "use strict";

  var SELECTOR = "a[data-preview-title]";
  var TIP_ID = "marginalia-link-preview";
  var tip = null;
  var host = null;
  var hideTimer = 0;

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
    clearTimeout(hideTimer);
    var node = tooltip();
    if (host && host !== link) describedBy(host, false);
    host = link;
    node.firstChild.textContent = link.getAttribute("data-preview-title");
    node.lastChild.textContent = link.getAttribute("data-preview-summary") || "";
    node.lastChild.hidden = !node.lastChild.textContent;
    node.hidden = false;
    place(link, node);
    describedBy(link, true);
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

  function linkOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest(SELECTOR) : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event);
    if (link && !(event.relatedTarget && link.contains(event.relatedTarget))) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && host) hide();
  });
  window.addEventListener("resize", function () {
    if (host && tip && !tip.hidden) place(host, tip);
  });
})();
