/* Site search with Pagefind, in Material's search box (partials/pagefind-search.html).
 *
 * Pagefind's bundle (pagefind/pagefind.js, its WebAssembly and the index chunks) is loaded
 * from this site on the first focus of the box, never before; each search then loads only
 * the chunks holding its words and one fragment per result shown. Keyboard: "/" or "s"
 * focuses the box, arrows move through the results, Enter opens one, Escape closes.
 *
 * Filters: the page type and a tag, two plain <select>s whose choices come from
 * assets/marginalia/search-filters.json (labels set as text). The words and the filters are
 * kept in the address (?q=...&type=...&tag=...), so a filtered search can be shared and
 * comes back on a reload; the status line says how many pages match and which filters are on.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-mg-pagefind]");
  if (!form) return;
  var toggle = document.getElementById("__search");
  var input = form.querySelector("input[name=query]");
  var meta = document.querySelector("[data-mg-search] .md-search-result__meta");
  var list = document.querySelector("[data-mg-search] .md-search-result__list");
  var scrollwrap = document.querySelector("[data-mg-search] .md-search__scrollwrap");
  var bundle = new URL(form.getAttribute("data-mg-pagefind"), document.baseURI);
  var choicesUrl = form.getAttribute("data-mg-filters");
  var filterGroup = document.querySelector("[data-mg-search] .mg-search-filters");
  var selects = Array.prototype.slice.call(
    document.querySelectorAll("[data-mg-search] select[data-mg-filter]")
  );
  var PARAMS = ["q"].concat(
    selects.map(function (select) {
      return select.getAttribute("data-mg-filter");
    })
  );
  var choices = null;
  var RESULTS = 10; // pages shown; each costs one fragment request
  var SUB_RESULTS = 3; // headings shown under a page
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle.href).then(function (module) {
        // Result URLs are site-absolute ("/essays/x/"): prefix the path the site is served
        // under, which is where the bundle's folder sits.
        var base = bundle.pathname.replace(/pagefind\/pagefind\.js$/, "");
        return module.options({ baseUrl: base, excerptLength: 24 }).then(function () {
          return module;
        });
      });
      pagefind.catch(function () {
        pagefind = null;
      });
    }
    return pagefind;
  }

  // The filter choices, once: each <select> gets one option per value, its label as text.
  function loadChoices() {
    if (!choices) {
      choices = fetch(choicesUrl)
        .then(function (response) {
          if (!response.ok) throw new Error("filters: HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          var any = false;
          selects.forEach(function (select) {
            var wanted = select.getAttribute("data-mg-wanted") || select.value;
            (data[select.getAttribute("data-mg-filter")] || []).forEach(function (choice) {
              select.appendChild(new Option(choice[1], choice[0]));
              any = true;
            });
            select.value = wanted;
            if (select.value !== wanted) select.value = ""; // not a value of this site
            select.removeAttribute("data-mg-wanted");
          });
          if (filterGroup) filterGroup.hidden = !any;
        });
      choices.catch(function () {
        choices = null;
      });
    }
    return choices;
  }

  // {type: "critique", tag: "coercion"}: only the filters set.
  function activeFilters() {
    var active = {};
    selects.forEach(function (select) {
      if (select.value) active[select.getAttribute("data-mg-filter")] = select.value;
    });
    return active;
  }

  // "Type: Critiques, Tag: Coercion", as the status line reads them out.
  function describeFilters() {
    return selects
      .filter(function (select) {
        return select.value;
      })
      .map(function (select) {
        var label = select.parentNode.firstChild.textContent.trim();
        return label + ": " + select.options[select.selectedIndex].text;
      })
      .join(", ");
  }

  function filterKey() {
    var active = activeFilters();
    return Object.keys(active)
      .sort()
      .map(function (name) {
        return name + "=" + active[name];
      })
      .join("&");
  }

  // The address holds the open search: the words and the filters, nothing when closed.
  function writeAddress(open) {
    if (!window.history || !window.history.replaceState) return;
    var url = new URL(window.location.href);
    var active = open ? activeFilters() : {};
    var query = open ? input.value.trim() : "";
    PARAMS.forEach(function (name) {
      var value = name === "q" ? query : active[name];
      if (value) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    });
    if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
  }

  // Pagefind's excerpts are page text with <mark> around the words found: keep the marks,
  // escape everything else.
  function excerptHtml(text) {
    var escaped = String(text || "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
    return escaped.replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
  }

  function resultLink(url, level, title, excerpt, section) {
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (level === 1) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement(level === 1 ? "h1" : "h2");
    heading.textContent = title;
    if (section) {
      var where = document.createElement("span");
      where.className = "mg-search-result__section";
      where.textContent = section;
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(where);
    }
    article.appendChild(heading);
    if (excerpt) {
      var paragraph = document.createElement("p");
      paragraph.innerHTML = excerptHtml(excerpt);
      article.appendChild(paragraph);
    }
    link.appendChild(article);
    return link;
  }

  function summary(total) {
    if (total === 0) return form.getAttribute("data-mg-none");
    if (total === 1) return form.getAttribute("data-mg-one");
    return form.getAttribute("data-mg-other").replace("#", String(total));
  }

  function item(data) {
    var entry = document.createElement("li");
    entry.className = "md-search-result__item";
    var title = (data.meta && data.meta.title) || data.url;
    var section = data.meta && data.meta.section;
    entry.appendChild(resultLink(data.url, 1, title, data.excerpt, section));
    var subs = (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url && sub.title !== title;
    });
    subs.slice(0, SUB_RESULTS).forEach(function (sub) {
      entry.appendChild(resultLink(sub.url, 2, sub.title, sub.excerpt));
    });
    return entry;
  }

  // Shows the next batch of results (one fragment request each), then a button for more.
  function show(found, from, ticket) {
    var batch = found.results.slice(from, from + RESULTS).map(function (result) {
      return result.data();
    });
    return Promise.all(batch).then(function (data) {
      if (ticket !== latest) return;
      var more = list.querySelector(".mg-search-more");
      if (more) more.parentNode.removeChild(more);
      if (from === 0) {
        list.textContent = "";
        var filters = describeFilters();
        meta.textContent = summary(found.results.length) + (filters ? " · " + filters : "");
      }
      data.forEach(function (entry) {
        list.appendChild(item(entry));
      });
      var shown = from + data.length;
      if (shown < found.results.length) {
        var holder = document.createElement("li");
        holder.className = "md-search-result__item mg-search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-search-result__link";
        button.textContent = form.getAttribute("data-mg-more");
        button.addEventListener("click", function () {
          var next = links().length - 1; // where the button was
          show(found, shown, ticket).then(function () {
            var all = links();
            if (all[next]) all[next].focus();
          });
        });
        holder.appendChild(button);
        list.appendChild(holder);
      }
      list.setAttribute("data-mg-query", input.value);
      list.setAttribute("data-mg-filters", filterKey());
      list.setAttribute("data-mg-shown", String(shown));
    });
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    var filters = activeFilters();
    var filtered = Object.keys(filters).length > 0;
    writeAddress(true);
    if (!query && !filtered) {
      list.textContent = "";
      list.removeAttribute("data-mg-query");
      list.removeAttribute("data-mg-filters");
      meta.textContent = form.getAttribute("data-mg-placeholder");
      return;
    }
    load()
      .then(function (module) {
        // No words but a filter: every page the filters let through.
        return module.debouncedSearch(query || null, { filters: filters }, 120);
      })
      .then(function (found) {
        if (!found || ticket !== latest) return null; // a newer query replaced this one
        return show(found, 0, ticket);
      })
      .catch(function (error) {
        meta.textContent = "Search is unavailable: " + error.message;
      });
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    writeAddress(false);
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    return (
      target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)
    );
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      // The phone layout slides the box in first: focus once it is visible, unless the
      // reader closed it again meanwhile.
      setTimeout(function () {
        if (toggle.checked && document.activeElement !== input) input.focus();
      }, 0);
      load();
      loadChoices();
    } else {
      writeAddress(false);
      input.blur();
    }
  });
  input.addEventListener("focus", function () {
    open();
    load();
    loadChoices();
  });
  input.addEventListener("input", search);
  selects.forEach(function (select) {
    select.addEventListener("change", search);
  });
  form.addEventListener("reset", function () {
    selects.forEach(function (select) {
      select.value = "";
    });
    setTimeout(function () {
      search();
      input.focus();
    }, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) window.location.href = first.href;
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key;
    if (!toggle.checked) {
      if ((key === "/" || key === "s" || key === "S") && !typing(event.target)) {
        event.preventDefault();
        open();
        input.focus();
      }
      return;
    }
    if (key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (key !== "ArrowDown" && key !== "ArrowUp") return;
    // A filter's <select> takes the arrows for its own choices.
    if (event.target && event.target.tagName === "SELECT") return;
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    var next;
    if (key === "ArrowDown") {
      next = at < 0 ? 0 : Math.min(at + 1, all.length - 1);
    } else {
      next = at <= 0 ? -1 : at - 1;
    }
    event.preventDefault();
    if (next < 0) {
      input.focus();
      scrollwrap.scrollTop = 0;
    } else {
      all[next].focus();
    }
  });
  // A shared or reloaded address with a search in it: open the box and run that search.
  (function fromAddress() {
    var params = new URL(window.location.href).searchParams;
    var wanted = PARAMS.some(function (name) {
      return params.get(name);
    });
    if (!wanted) return;
    input.value = params.get("q") || "";
    selects.forEach(function (select) {
      select.setAttribute("data-mg-wanted", params.get(select.getAttribute("data-mg-filter")) || "");
    });
    open();
    loadChoices().then(search, search);
  })();
})();
