// The docs site's full-text search: a box in the page header that searches every word of
// every page, in the browser, from window.COURSE_SEARCH_INDEX (course-search-index.js,
// written by docs/tools/finish_site.py after Doxygen). No server needed: it works when
// the site is opened as files. Press "/" to jump to the box, Enter to open the first result.
(function () {
  "use strict";

  function words(query) {
    return query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // A score for one section: every word must appear; titles count more than the text.
  function score(entry, terms) {
    var title = (entry.page + " " + entry.section).toLowerCase();
    var text = entry.text.toLowerCase();
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var inTitle = title.indexOf(terms[i]) >= 0;
      var inText = text.indexOf(terms[i]) >= 0;
      if (!inTitle && !inText) return 0;
      total += (inTitle ? 10 : 0) + (inText ? 1 + Math.min(text.split(terms[i]).length - 1, 9) : 0);
    }
    if (/^(lesson|lab)_/.test(entry.url)) total += 3;  // the course's own pages first
    return total;
  }

  // Some words around the first match, with every match highlighted.
  function snippet(text, terms) {
    var lower = text.toLowerCase();
    var at = lower.indexOf(terms[0]);
    if (at < 0) at = 0;
    var start = Math.max(0, at - 60);
    var piece = (start > 0 ? "\u2026" : "") + text.substr(start, 180) + (start + 180 < text.length ? "\u2026" : "");
    var html = escapeHtml(piece);
    terms.forEach(function (term) {
      var pattern = new RegExp("(" + term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gi");
      html = html.replace(pattern, "<mark>$1</mark>");
    });
    return html;
  }

  function search(query) {
    var terms = words(query);
    var index = window.COURSE_SEARCH_INDEX || [];
    if (!terms.length) return [];
    return index
      .map(function (entry) { return { entry: entry, score: score(entry, terms) }; })
      .filter(function (hit) { return hit.score > 0; })
      .sort(function (a, b) { return b.score - a.score; })
      .slice(0, 25)
      .map(function (hit) { return { entry: hit.entry, snippet: snippet(hit.entry.text, terms) }; });
  }

  function install() {
    var title = document.getElementById("titlearea");
    if (!title || document.getElementById("course-search")) return;
    var box = document.createElement("div");
    box.id = "course-search";
    box.innerHTML =
      '<input type="search" id="course-search-input" placeholder="Search every page (press /)" ' +
      'aria-label="Search every page of the course" autocomplete="off">' +
      '<div id="course-search-results" role="listbox" hidden></div>';
    title.appendChild(box);
    var input = box.querySelector("input");
    var results = box.querySelector("#course-search-results");

    function show() {
      var hits = search(input.value);
      if (!input.value.trim()) {
        results.hidden = true;
        return;
      }
      results.innerHTML = hits.length
        ? hits.map(function (hit) {
            var where = escapeHtml(hit.entry.page) + (hit.entry.section ? " \u203a " + escapeHtml(hit.entry.section) : "");
            return '<a class="course-hit" href="' + escapeHtml(hit.entry.url) + '"><span class="course-hit-where">' +
                   where + '</span><span class="course-hit-text">' + hit.snippet + "</span></a>";
          }).join("")
        : '<div class="course-hit-none">No page has all of these words.</div>';
      results.hidden = false;
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = results.querySelector("a");
        if (first) window.location.href = first.getAttribute("href");
      } else if (event.key === "Escape") {
        input.value = "";
        results.hidden = true;
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && document.activeElement !== input) {
        event.preventDefault();
        input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) results.hidden = true;
    });
    var query = new URLSearchParams(window.location.search).get("q");  // ?q=deadlock opens a search
    if (query) {
      input.value = query;
      show();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();
