/* treatygraph: an SVG timeline of dated events. A day-precision date is a dot; a month- or
   year-precision date is a bar over that month or year. Colour = event type; a claim (not stated as
   fact by any article) has a hollow, dashed mark. Wheel to zoom, drag to pan, hover or focus a mark
   for its details, click it to open the event's page. No inline styles (strict CSP). */
(function () {
  "use strict";

  var TG = (window.TG = window.TG || {});
  var DAY = 86400000;
  var LANE = 18;
  var TOP = 14;
  var AXIS = 28;

  /** The interval a date literal covers: {start, end, precision} in ms since the epoch (UTC). */
  TG.dateSpan = function (value) {
    var m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(value || ""));
    if (!m) return null;
    var y = parseInt(m[1], 10);
    if (m[3]) {
      var d = Date.UTC(y, parseInt(m[2], 10) - 1, parseInt(m[3], 10));
      return { start: d, end: d + DAY, precision: "day" };
    }
    if (m[2]) {
      var mo = parseInt(m[2], 10) - 1;
      return { start: Date.UTC(y, mo, 1), end: Date.UTC(y, mo + 1, 1), precision: "month" };
    }
    return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1), precision: "year" };
  };

  function niceTicks(from, to, width) {
    var years = (to - from) / (365.25 * DAY);
    var perTick = years / Math.max(1, width / 80);
    var ticks = [];
    var d;
    if (perTick < 1 / 12) {
      d = new Date(from);
      var t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      while (t <= to) {
        var dt = new Date(t);
        ticks.push({ t: t, label: dt.getUTCFullYear() + "-" + String(dt.getUTCMonth() + 1).padStart(2, "0") });
        t = Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 1);
      }
      return ticks;
    }
    if (perTick < 1) {
      var months = [1, 2, 3, 6].find(function (s) { return s / 12 >= perTick; }) || 6;
      d = new Date(from);
      var y = d.getUTCFullYear();
      var mo = 0;
      for (var tt = Date.UTC(y, mo, 1); tt <= to; mo += months, tt = Date.UTC(y, mo, 1)) {
        if (tt < from) continue;
        var dd = new Date(tt);
        ticks.push({
          t: tt,
          label: dd.getUTCMonth() === 0 ? String(dd.getUTCFullYear()) :
            dd.getUTCFullYear() + "-" + String(dd.getUTCMonth() + 1).padStart(2, "0")
        });
      }
      return ticks;
    }
    var step = [1, 2, 5, 10, 20, 25, 50, 100].find(function (s) { return s >= perTick; }) || 100;
    var first = Math.ceil(new Date(from).getUTCFullYear() / step) * step;
    for (var yr = first; Date.UTC(yr, 0, 1) <= to; yr += step) {
      ticks.push({ t: Date.UTC(yr, 0, 1), label: String(yr) });
    }
    return ticks;
  }

  /**
   * Draw `events` ([{iri, href, type, date, label, status, agents, treatyLabel, treatyHref, sentence}])
   * into `container`, the type legend into `legend` and hover details into `details`.
   */
  TG.renderTimeline = function (container, legend, details, events) {
    container.textContent = "";
    legend.textContent = "";
    var items = events
      .map(function (e) {
        var span = TG.dateSpan(e.date);
        return span ? Object.assign({}, e, span) : null;
      })
      .filter(Boolean)
      .sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    if (!items.length) {
      var p = document.createElement("p");
      p.className = "help";
      p.textContent = "No dated events.";
      container.appendChild(p);
      return null;
    }
    var min = items[0].start;
    // (not Math.max.apply: the engine caps the number of arguments, and a timeline can hold 100,000 events)
    var max = items.reduce(function (m, e) { return e.end > m ? e.end : m; }, items[0].end);
    var pad = Math.max(30 * DAY, (max - min) * 0.03);
    var domain = { from: min - pad, to: max + pad };
    var full = { from: domain.from, to: domain.to };
    var width = Math.max(320, container.clientWidth || 800);
    var svg = TG.svg("svg", {
      role: "group",
      "aria-label": "Timeline of " + items.length + " dated events; each mark links to its event"
    }, container);

    var types = Array.from(new Set(items.map(function (e) { return e.type; }))).sort();
    var colour = {};
    types.forEach(function (t, i) {
      colour[t] = "c" + (i % 10); // distinct colours for up to ten types, in legend order
      var li = document.createElement("li");
      li.className = colour[t];
      li.textContent = t;
      legend.appendChild(li);
    });
    var note = document.createElement("li");
    note.className = "claim-note";
    note.textContent = "claim only (hollow)";
    legend.appendChild(note);

    function x(t) {
      return ((t - domain.from) / (domain.to - domain.from)) * width;
    }

    function showDetails(e) {
      details.textContent = "";
      var a = document.createElement("a");
      a.href = e.href;
      a.textContent = e.label || e.iri;
      details.appendChild(a);
      var meta = document.createElement("span");
      meta.textContent = " — " + e.date + " · " + e.type + " · " + (e.status || "") +
        (e.agents ? " · by " + e.agents : "");
      details.appendChild(meta);
      if (e.treatyLabel) {
        details.appendChild(document.createTextNode(" · "));
        var t = document.createElement("a");
        t.href = e.treatyHref || "#";
        t.textContent = e.treatyLabel;
        details.appendChild(t);
      }
      if (e.sentence) {
        var q = document.createElement("q");
        q.textContent = e.sentence;
        details.appendChild(q);
      }
    }

    function draw() {
      svg.textContent = "";
      var lanes = [];
      var laid = items.map(function (e) {
        var x0 = x(e.start);
        var x1 = e.precision === "day" ? x0 : Math.max(x(e.end), x0 + 3);
        var lo = x0 - 7;
        var hi = (e.precision === "day" ? x0 : x1) + 7;
        var lane = lanes.findIndex(function (end) { return end < lo; });
        if (lane < 0) {
          lane = lanes.length;
          lanes.push(hi);
        } else {
          lanes[lane] = hi;
        }
        return { e: e, x0: x0, x1: x1, lane: lane };
      });
      var height = TOP + Math.max(1, lanes.length) * LANE + AXIS;
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("height", String(height));
      var axisY = height - AXIS + 4;
      var grid = TG.svg("g", { class: "axis" }, svg);
      TG.svg("line", { x1: "0", x2: String(width), y1: String(axisY), y2: String(axisY) }, grid);
      niceTicks(domain.from, domain.to, width).forEach(function (tick) {
        var tx = x(tick.t).toFixed(1);
        TG.svg("line", { class: "grid", x1: tx, x2: tx, y1: "0", y2: String(axisY) }, grid);
        TG.svg("line", { x1: tx, x2: tx, y1: String(axisY), y2: String(axisY + 5) }, grid);
        var label = TG.svg("text", { x: tx, y: String(axisY + 17), "text-anchor": "middle" }, grid);
        label.textContent = tick.label;
      });
      var marks = TG.svg("g", { class: "marks" }, svg);
      laid.forEach(function (l) {
        var e = l.e;
        var cls = "mark " + colour[e.type] + (e.status === "claim" ? " claim" : "");
        var a = TG.svg("a", { class: cls, href: e.href, "data-iri": e.iri }, marks);
        var title = TG.svg("title", {}, a);
        title.textContent = (e.label || e.iri) + " (" + e.date + ", " + e.type + ")";
        var cy = TOP + l.lane * LANE;
        if (e.precision !== "day") {
          TG.svg("rect", {
            x: l.x0.toFixed(1), y: String(cy - 5), width: (l.x1 - l.x0).toFixed(1), height: "10", rx: "3"
          }, a);
        }
        TG.svg("circle", { cx: (e.precision === "day" ? l.x0 : l.x0).toFixed(1), cy: String(cy), r: "5" }, a);
        a.addEventListener("pointerenter", function () { showDetails(e); });
        a.addEventListener("focus", function () { showDetails(e); });
      });
    }

    var drag = null;
    svg.addEventListener("pointerdown", function (evt) {
      if (evt.button !== 0) return;
      drag = { x: evt.clientX, from: domain.from, to: domain.to, moved: false };
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag) return;
      var dx = evt.clientX - drag.x;
      if (Math.abs(dx) > 4 && !drag.moved) {
        drag.moved = true;
        svg.setPointerCapture(evt.pointerId);
      }
      if (!drag.moved) return;
      var rect = svg.getBoundingClientRect();
      var shift = (dx / rect.width) * (drag.to - drag.from);
      domain.from = drag.from - shift;
      domain.to = drag.to - shift;
      draw();
    });
    function endDrag() {
      if (drag && drag.moved) container.dataset.dragged = "1";
      drag = null;
    }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    svg.addEventListener("click", function (evt) {
      if (container.dataset.dragged === "1") {
        evt.preventDefault();
        container.dataset.dragged = "";
      }
    });
    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var rect = svg.getBoundingClientRect();
      var at = domain.from + ((evt.clientX - rect.left) / rect.width) * (domain.to - domain.from);
      var factor = evt.deltaY < 0 ? 1 / 1.25 : 1.25;
      var span = Math.min(full.to - full.from, Math.max(20 * DAY, (domain.to - domain.from) * factor));
      var ratio = (at - domain.from) / (domain.to - domain.from);
      domain.from = at - ratio * span;
      domain.to = domain.from + span;
      draw();
    }, { passive: false });

    draw();
    showDetails(items[items.length - 1]);
    return { svg: svg, redraw: draw };
  };
})();
