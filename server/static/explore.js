/* treatygraph explore page: instant search, the SPARQL editor with named queries, results as a table,
   a yes/no or a graph, and the timeline. Progressive enhancement: every form works without it.
   Needs graph-view.js and timeline.js (loaded before it). No inline code or styles (strict CSP). */
(function () {
  "use strict";

  var TG = (window.TG = window.TG || {});
  var main = document.getElementById("explore");
  if (!main) return;
  var BASE = main.dataset.baseIri;
  var ONTOLOGY = main.dataset.ontologyNs;
  var URLS = { sparql: main.dataset.sparql, queries: main.dataset.queries, search: main.dataset.search };
  var ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1";
  var PREFIXES = [
    ["tg:", ONTOLOGY],
    ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
    ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
    ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
    ["skos:", "http://www.w3.org/2004/02/skos/core#"],
    ["prov:", "http://www.w3.org/ns/prov#"],
    ["oa:", "http://www.w3.org/ns/oa#"],
    ["dcterms:", "http://purl.org/dc/terms/"],
    ["wd:", "http://www.wikidata.org/entity/"]
  ];
  var TIMELINE_ACTORS = ["State", "Person", "Organization", "GovernmentBody", "InternationalOrganization",
    "MediaOrganization", "Agent"];
  var MAX_ROWS = 1000;

  function $(id) {
    return document.getElementById(id);
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** Where a resource is browsed on this server (instances under /id/, ontology terms at /ontology). */
  TG.hrefFor = function (iri) {
    if (BASE && iri.indexOf(BASE) === 0) return "/id/" + iri.slice(BASE.length);
    if (ONTOLOGY && iri.indexOf(ONTOLOGY) === 0) return "/ontology#" + iri.slice(ONTOLOGY.length);
    return iri;
  };

  function compact(iri) {
    if (BASE && iri.indexOf(BASE) === 0) return iri.slice(BASE.length);
    for (var i = 0; i < PREFIXES.length; i++) {
      if (iri.indexOf(PREFIXES[i][1]) === 0) return PREFIXES[i][0] + iri.slice(PREFIXES[i][1].length);
    }
    return iri;
  }

  /** The readable message of a failed response (text/plain or application/problem+json). */
  function errorMessage(response, text) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("json") >= 0) {
      try {
        var doc = JSON.parse(text);
        if (doc.detail) return doc.detail;
      } catch (e) { /* fall through */ }
    }
    return (text || response.statusText || "request failed").trim() + " (HTTP " + response.status + ")";
  }

  // --- search -------------------------------------------------------------------------------------
  var search = {
    input: $("q"),
    list: $("search-results"),
    status: $("search-status"),
    timer: null,
    controller: null,
    last: null
  };

  function renderHits(doc) {
    search.list.textContent = "";
    doc.results.forEach(function (hit) {
      var li = make("li");
      var a = make("a", null, hit.label);
      a.href = hit.href;
      li.appendChild(a);
      if (hit.type) li.appendChild(make("span", "kind", hit.type));
      if (hit.alias && hit.alias !== hit.label) li.appendChild(make("span", "alias", "also known as “" + hit.alias + "”"));
      if (hit.type === "Treaty" || TIMELINE_ACTORS.indexOf(hit.type) >= 0) {
        var b = make("button", "secondary", "Timeline");
        b.type = "button";
        b.setAttribute("aria-label", "Show the timeline of " + hit.label);
        b.addEventListener("click", function () {
          setTimelineFilter(hit.type === "Treaty" ? "treaty" : "actor", hit.iri, hit.label);
        });
        li.appendChild(b);
      }
      search.list.appendChild(li);
    });
    var n = doc.count;
    search.status.textContent = n + " result" + (n === 1 ? "" : "s") + " for “" + doc.q + "”";
  }

  function runSearch() {
    var q = search.input.value.trim();
    if (q === search.last) return;
    search.last = q;
    if (search.controller) search.controller.abort();
    if (!q) {
      search.list.textContent = "";
      search.status.textContent = "";
      return;
    }
    search.controller = new AbortController();
    fetch(URLS.search + "?q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      signal: search.controller.signal
    })
      .then(function (r) {
        return r.text().then(function (t) {
          if (!r.ok) throw new Error(errorMessage(r, t));
          return JSON.parse(t);
        });
      })
      .then(renderHits)
      .catch(function (err) {
        if (err.name === "AbortError") return;
        search.status.textContent = "Search failed: " + err.message;
      });
  }

  function resultLinks() {
    return Array.prototype.slice.call(search.list.querySelectorAll("li > a"));
  }

  function focusResult(index) {
    var links = resultLinks();
    if (!links.length) return;
    var i = Math.max(0, Math.min(links.length - 1, index));
    links.forEach(function (a, j) { a.parentNode.classList.toggle("active", j === i); });
    links[i].focus();
  }

  if (search.input) {
    search.input.addEventListener("input", function () {
      window.clearTimeout(search.timer);
      search.timer = window.setTimeout(runSearch, 180);
    });
    search.input.addEventListener("keydown", function (evt) {
      if (evt.key === "ArrowDown") {
        evt.preventDefault();
        focusResult(0);
      } else if (evt.key === "Escape") {
        search.input.value = "";
        runSearch();
      }
    });
    $("search-form").addEventListener("submit", function (evt) {
      evt.preventDefault();
      window.clearTimeout(search.timer);
      search.last = null;
      runSearch();
    });
    search.list.addEventListener("keydown", function (evt) {
      var links = resultLinks();
      var i = links.indexOf(document.activeElement);
      if (evt.key === "ArrowDown") {
        evt.preventDefault();
        focusResult(i + 1);
      } else if (evt.key === "ArrowUp") {
        evt.preventDefault();
        if (i <= 0) search.input.focus();
        else focusResult(i - 1);
      } else if (evt.key === "Home") {
        evt.preventDefault();
        focusResult(0);
      } else if (evt.key === "End") {
        evt.preventDefault();
        focusResult(links.length - 1);
      } else if (evt.key === "Escape") {
        search.input.focus();
      }
    });
    search.list.addEventListener("focusout", function () {
      resultLinks().forEach(function (a) { a.parentNode.classList.remove("active"); });
    });
  }

  // --- named queries and the editor --------------------------------------------------------------
  var editor = $("editor");
  var picker = $("example");
  var named = {};
  var selected = null;

  function paramInput(p) {
    var wrap = make("div", "param");
    var id = "param-" + p.name;
    var label = make("label", null, p.name + (p.optional ? " (optional)" : " (required)"));
    label.htmlFor = id;
    var input = make("input");
    input.type = "text";
    input.id = id;
    input.name = p.name;
    if (!p.optional) input.setAttribute("aria-required", "true"); // the server explains what is missing
    input.autocomplete = "off";
    input.spellcheck = false;
    var help = make("p", "help", p.description + " [" + p.kind + "]");
    help.id = id + "-help";
    input.setAttribute("aria-describedby", help.id);
    var eg = /e\.g\.\s+(\S+)/.exec(p.description);
    if (eg) input.placeholder = eg[1];
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(help);
    return wrap;
  }

  function choose(name) {
    var fields = $("param-fields");
    fields.textContent = "";
    selected = named[name] || null;
    $("example-description").textContent = selected ? selected.description : "";
    $("params").hidden = !(selected && selected.params.length);
    if (!selected) return;
    editor.value = selected.text;
    selected.params.forEach(function (p) { fields.appendChild(paramInput(p)); });
  }

  function loadNamedQueries() {
    return fetch(URLS.queries, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (doc) {
        doc.queries.forEach(function (q) {
          if (q.name.indexOf("export-") === 0) return; // internal to the graph export
          named[q.name] = q;
          var opt = make("option", null, q.title);
          opt.value = q.name;
          opt.title = q.description;
          picker.appendChild(opt);
        });
        picker.addEventListener("change", function () { choose(picker.value); });
      });
  }

  function setStatus(text) {
    $("query-status").textContent = text;
  }

  function showError(message) {
    var box = $("query-error");
    box.textContent = message;
    box.hidden = !message;
  }

  function cell(term, labelTerm) {
    var td = make("td");
    if (!term) {
      td.appendChild(make("span", "unbound", "—"));
      return td;
    }
    if (term.type === "uri") {
      var a = make("a", null, labelTerm ? labelTerm.value : compact(term.value));
      a.href = TG.hrefFor(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.appendChild(document.createTextNode(term.value));
      var hint = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? compact(term.datatype) : "";
      if (hint && hint !== "xsd:string") td.appendChild(make("span", "dt", hint));
    }
    return td;
  }

  function renderTable(doc, target) {
    var vars = doc.head.vars || [];
    var rows = doc.results.bindings;
    var labelled = {};
    vars.forEach(function (v) {
      if (/Label$/.test(v) && vars.indexOf(v.slice(0, -5)) >= 0) labelled[v] = v.slice(0, -5);
    });
    var shown = vars.filter(function (v) { return !labelled[v]; });
    var table = make("table", "results-table");
    var caption = make("caption", null, rows.length + " row" + (rows.length === 1 ? "" : "s") +
      (rows.length > MAX_ROWS ? " (the first " + MAX_ROWS + " shown)" : ""));
    table.appendChild(caption);
    var thead = make("thead");
    var tr = make("tr");
    shown.forEach(function (v) {
      var th = make("th", null, v);
      th.scope = "col";
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = make("tbody");
    rows.slice(0, MAX_ROWS).forEach(function (b) {
      var row = make("tr");
      shown.forEach(function (v) { row.appendChild(cell(b[v], b[v + "Label"])); });
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    target.appendChild(table);
    setStatus(rows.length + " row" + (rows.length === 1 ? "" : "s"));
  }

  // An answer cut at the server's result-row cap says so in two headers (never a silent truncation).
  function cutNotice(response, unit, advice) {
    if (response.headers.get("Treatygraph-Result-Truncated") !== "true") return null;
    var cap = Number(response.headers.get("Treatygraph-Row-Cap"));
    var at = cap ? cap.toLocaleString("en") + " " + unit : "the server's limit";
    return make("p", "truncated", "Cut at " + at + " (the server's result-row cap): " + advice);
  }

  function renderAnswer(response, text) {
    renderBody(response, text);
    var graph = /^(application\/n-triples|text\/plain)\b/.test(response.headers.get("Content-Type") || "");
    var advice = "narrow the query, or page through it with LIMIT and OFFSET.";
    var notice = cutNotice(response, graph ? "triples" : "rows", advice);
    if (notice) {
      $("query-results").insertBefore(notice, $("query-results").firstChild);
      setStatus($("query-status").textContent + ", cut at the row cap");
    }
  }

  function renderBody(response, text) {
    var target = $("query-results");
    target.textContent = "";
    var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (type === "application/sparql-results+json" || type === "application/json") {
      var doc = JSON.parse(text);
      if (typeof doc.boolean === "boolean") {
        target.appendChild(make("p", "answer", doc.boolean ? "Yes" : "No"));
        setStatus("ASK: " + (doc.boolean ? "yes" : "no"));
        return;
      }
      renderTable(doc, target);
      return;
    }
    if (type === "application/n-triples" || type === "text/plain") {
      var triples = TG.parseNTriples(text);
      setStatus(triples.length + " triple" + (triples.length === 1 ? "" : "s"));
      if (!triples.length) {
        target.appendChild(make("p", "help", "The graph is empty."));
        return;
      }
      TG.renderGraph(target, triples, { hrefFor: TG.hrefFor });
      return;
    }
    target.appendChild(make("pre", null, text));
  }

  function request() {
    if (selected && editor.value === selected.text) {
      var params = new URLSearchParams();
      Array.prototype.forEach.call($("param-fields").querySelectorAll("input"), function (input) {
        if (input.value.trim()) params.append(input.name, input.value.trim());
      });
      var qs = params.toString();
      return fetch(selected.url + (qs ? "?" + qs : ""), { headers: { Accept: ACCEPT } });
    }
    return fetch(URLS.sparql, {
      method: "POST",
      headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: editor.value }).toString()
    });
  }

  function runQuery() {
    showError("");
    setStatus("Running…");
    $("run").disabled = true;
    request()
      .then(function (r) {
        return r.text().then(function (t) {
          if (!r.ok) throw new Error(errorMessage(r, t));
          renderAnswer(r, t);
        });
      })
      .catch(function (err) {
        $("query-results").textContent = "";
        setStatus("");
        showError(err.message);
      })
      .then(function () {
        $("run").disabled = false;
      });
  }

  if (editor) {
    $("query-form").addEventListener("submit", function (evt) {
      evt.preventDefault();
      runQuery();
    });
    editor.addEventListener("keydown", function (evt) {
      if (evt.key === "Enter" && (evt.ctrlKey || evt.metaKey)) {
        evt.preventDefault();
        runQuery();
      }
    });
    editor.addEventListener("input", function () {
      if (selected && editor.value !== selected.text) {
        $("example-description").textContent =
          "Edited: the query now runs as written on the SPARQL endpoint; parameters apply only to the " +
          "unchanged example.";
      }
    });
    loadNamedQueries().catch(function (err) {
      $("example-description").textContent = "Could not load the example queries: " + err.message;
    });
  }

  // --- timeline -----------------------------------------------------------------------------------
  var timelineFilter = null;

  function toEvents(doc) {
    return doc.results.bindings.map(function (b) {
      var v = function (k) { return b[k] ? b[k].value : ""; };
      return {
        iri: v("event"),
        href: TG.hrefFor(v("event")),
        type: TG.localName(v("type")),
        date: v("date"),
        label: v("label"),
        status: v("status"),
        agents: v("agents"),
        treatyLabel: v("treatyLabel"),
        treatyHref: b.eventTreatyIri ? TG.hrefFor(v("eventTreatyIri")) : "",
        sentence: v("sentence")
      };
    });
  }

  // Above this many events, a timeline is not drawn unasked (at 10M quads the whole graph holds 155,000
  // dated events, a 114 MB answer that outlasts the query timeout, and one state 40,000): the page asks for
  // an actor, a treaty or a period. event-count answers in under 0.4 s there.
  var TIMELINE_MAX_EVENTS = 5000;

  // A named query's JSON results, with the parameters (URLSearchParams) in the query string.
  function fetchNamed(name, params) {
    var qs = params.toString() ? "?" + params.toString() : "";
    return fetch(URLS.queries + "/" + name + qs, { headers: { Accept: "application/sparql-results+json" } });
  }

  function countEvents(params) {
    return fetchNamed("event-count", params)
      .then(function (r) {
        if (!r.ok) return null;
        return r.json().then(function (doc) {
          var row = doc.results.bindings[0]; // no row: no such event
          return row ? parseInt(row.events.value, 10) : 0;
        });
      })
      .catch(function () { return null; });
  }

  // The period of the timeline: { from: "YYYY[-MM[-DD]]", to: ... }, either or both empty (timeline.rq's
  // from and to parameters; the server checks them).
  var timelinePeriod = { from: "", to: "" };

  function periodText() {
    var p = timelinePeriod;
    if (p.from && p.to) return " from " + p.from + " to " + p.to;
    if (p.from) return " from " + p.from;
    if (p.to) return " up to " + p.to;
    return "";
  }

  var timelineRequests = 0; // only the latest request draws: an earlier, slower answer is dropped

  function timelineParams() {
    var params = new URLSearchParams();
    if (timelineFilter) params.set(timelineFilter.param, timelineFilter.iri);
    if (timelinePeriod.from) params.set("from", timelinePeriod.from);
    if (timelinePeriod.to) params.set("to", timelinePeriod.to);
    return params;
  }

  function loadTimeline() {
    if (timelinePeriod.from || timelinePeriod.to) return drawTimeline(); // a period: drawn, cut if need be
    var mine = ++timelineRequests;
    $("timeline-filter").textContent = "Counting the dated events" +
      (timelineFilter ? " of " + timelineFilter.label : "") + "\u2026";
    return countEvents(timelineParams()).then(function (n) {
      if (mine !== timelineRequests) return null;
      if (n === null || n <= TIMELINE_MAX_EVENTS) return drawTimeline();
      $("timeline").textContent = "";
      $("timeline-legend").textContent = "";
      $("timeline-filter").textContent = (timelineFilter
        ? timelineFilter.label + " has " + n.toLocaleString("en") + " dated events: too many to draw at " +
          "once. Give a period."
        : "The graph holds " + n.toLocaleString("en") + " dated events: too many to draw at once. Search " +
          "for an actor or a treaty above and choose \u201cTimeline\u201d next to it, or give a period.");
      return null;
    });
  }

  function drawTimeline() {
    var container = $("timeline");
    var mine = ++timelineRequests;
    var who = timelineFilter ? "of " + timelineFilter.label : "and treaty milestones";
    // a big graph's timeline can take seconds: say so, instead of leaving the previous one up unexplained
    $("timeline-filter").textContent = "Loading the dated events " + who + periodText() + "\u2026";
    return fetchNamed("timeline", timelineParams())
      .then(function (r) {
        return r.text().then(function (t) {
          if (!r.ok) throw new Error(errorMessage(r, t));
          return { doc: JSON.parse(t), notice: cutNotice(r, "events", "give a shorter period.") };
        });
      })
      .then(function (answer) {
        if (mine !== timelineRequests) return;
        var events = toEvents(answer.doc);
        $("timeline-filter").textContent = events.length + " dated events " + who + periodText() + ".";
        TG.renderTimeline(container, $("timeline-legend"), $("timeline-details"), events);
        if (answer.notice) container.insertBefore(answer.notice, container.firstChild);
      })
      .catch(function (err) {
        if (mine !== timelineRequests) return;
        container.textContent = "";
        container.appendChild(make("p", "error", "Could not load the timeline: " + err.message));
      });
  }

  function setTimelineFilter(param, iri, label) {
    timelineFilter = param ? { param: param, iri: iri, label: label } : null;
    $("timeline-clear").hidden = !timelineFilter;
    loadTimeline().then(function () {
      if (timelineFilter) $("timeline-section").scrollIntoView({ block: "start" });
    });
  }

  if ($("timeline")) {
    $("timeline-clear").addEventListener("click", function () { setTimelineFilter(null); });
    $("timeline-period").addEventListener("submit", function (ev) {
      ev.preventDefault();
      timelinePeriod = { from: $("timeline-from").value.trim(), to: $("timeline-to").value.trim() };
      loadTimeline();
    });
    loadTimeline();
  }
})();
