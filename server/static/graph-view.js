/* treatygraph: an interactive graph view of RDF triples (CONSTRUCT / DESCRIBE results).
   A small force-directed layout drawn in SVG: drag nodes, wheel to zoom, drag the background to pan,
   hover or focus a node to see its label and links, click to open its resource page.
   No dependencies, no inline styles (the page runs under a strict Content-Security-Policy). */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
  var LABELS = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
    "http://schema.org/name"
  ];
  var MAX_NODES = 400;

  var TG = (window.TG = window.TG || {});

  /** A stable colour class (c0..c9) for a name, shared by the graph view and the timeline. */
  TG.colourClass = function (name) {
    var h = 0;
    var s = String(name || "");
    for (var i = 0; i < s.length; i++) {
      h = (h * 31 + s.charCodeAt(i)) >>> 0;
    }
    return "c" + (h % 10);
  };

  /** The last segment of an IRI (after '#' or '/'). */
  TG.localName = function (iri) {
    var s = String(iri);
    var cut = Math.max(s.lastIndexOf("#"), s.lastIndexOf("/"));
    return cut >= 0 && cut < s.length - 1 ? s.slice(cut + 1) : s;
  };

  /** Create an SVG element with attributes, appended to parent when given. */
  TG.svg = function (name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (parent) parent.appendChild(node);
    return node;
  };

  function unescapeLiteral(s) {
    return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf"'\\])/g, function (m, e) {
      if (e[0] === "u" || e[0] === "U") return String.fromCodePoint(parseInt(e.slice(1), 16));
      return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" }[e];
    });
  }

  var TERM = /\s*(?:<([^>]*)>|_:([A-Za-z0-9_.\-]+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9\-]+)|\^\^<([^>]*)>)?)/y;

  function readTerm(line, state) {
    TERM.lastIndex = state.pos;
    var m = TERM.exec(line);
    if (!m) throw new Error("cannot read N-Triples term at: " + line.slice(state.pos, state.pos + 40));
    state.pos = TERM.lastIndex;
    if (m[1] !== undefined) return { type: "uri", value: unescapeLiteral(m[1]) };
    if (m[2] !== undefined) return { type: "bnode", value: m[2] };
    return { type: "literal", value: unescapeLiteral(m[3]), lang: m[4], datatype: m[5] };
  }

  /** Parse N-Triples text into [{s, p, o}] with SPARQL-JSON-like terms ({type, value, lang, datatype}). */
  TG.parseNTriples = function (text) {
    var triples = [];
    text.split(/\r?\n/).forEach(function (raw) {
      var line = raw.trim();
      if (!line || line[0] === "#") return;
      var state = { pos: 0 };
      var s = readTerm(line, state);
      var p = readTerm(line, state);
      var o = readTerm(line, state);
      triples.push({ s: s, p: p, o: o });
    });
    return triples;
  };

  /** Nodes (IRIs and blank nodes) and edges of a list of triples; literals become node details. */
  TG.toGraph = function (triples) {
    var nodes = new Map();
    var edges = [];
    function node(term) {
      var key = (term.type === "bnode" ? "_:" : "") + term.value;
      var n = nodes.get(key);
      if (!n) {
        n = { key: key, term: term, label: null, types: [], details: [], degree: 0 };
        nodes.set(key, n);
      }
      return n;
    }
    triples.forEach(function (t) {
      var s = node(t.s);
      if (t.p.value === RDF_TYPE && t.o.type === "uri") {
        s.types.push(TG.localName(t.o.value));
        return;
      }
      if (t.o.type === "literal") {
        if (LABELS.indexOf(t.p.value) >= 0 && (!s.label || t.o.lang === "en")) s.label = t.o.value;
        s.details.push(TG.localName(t.p.value) + ": " + t.o.value);
        return;
      }
      var o = node(t.o);
      s.degree++;
      o.degree++;
      edges.push({ source: s, target: o, label: TG.localName(t.p.value) });
    });
    var list = Array.from(nodes.values());
    list.forEach(function (n) {
      if (!n.label) n.label = n.term.type === "bnode" ? "_:" + n.term.value : TG.localName(n.term.value);
    });
    return { nodes: list, edges: edges };
  };

  function typeClass(n) {
    var tgTypes = n.types.filter(function (t) {
      return /^[A-Z]/.test(t) && ["Agent", "Event", "Entity", "Thing", "Organization"].indexOf(t) < 0;
    });
    return TG.colourClass(tgTypes[0] || n.types[0] || "none");
  }

  /**
   * Draw the graph of `triples` into `container`; options.hrefFor(iri) gives the link of a resource.
   * Returns an object with stop() to end the simulation.
   */
  TG.renderGraph = function (container, triples, options) {
    var hrefFor = (options && options.hrefFor) || function (iri) { return iri; };
    var graph = TG.toGraph(triples);
    var truncated = graph.nodes.length > MAX_NODES;
    if (truncated) {
      var keep = new Set(graph.nodes.slice(0, MAX_NODES));
      graph.nodes = graph.nodes.slice(0, MAX_NODES);
      graph.edges = graph.edges.filter(function (e) {
        return keep.has(e.source) && keep.has(e.target);
      });
    }
    container.textContent = "";
    var wrap = document.createElement("div");
    wrap.className = "graph-view";
    container.appendChild(wrap);
    var caption = document.createElement("p");
    caption.className = "help";
    caption.textContent =
      graph.nodes.length + " nodes, " + graph.edges.length + " links" +
      (truncated ? " (only the first " + MAX_NODES + " nodes are drawn)" : "") +
      ". Drag nodes, scroll to zoom, drag the background to pan; select a node to open its page.";
    container.insertBefore(caption, wrap);

    var width = Math.max(320, wrap.clientWidth || 800);
    var height = 512;
    var svg = TG.svg("svg", {
      viewBox: "0 0 " + width + " " + height,
      role: "group",
      "aria-label": "Graph of the query result: " + graph.nodes.length + " nodes"
    }, wrap);
    var viewport = TG.svg("g", { class: "viewport" }, svg);
    var edgeLayer = TG.svg("g", { class: "edges" }, viewport);
    var nodeLayer = TG.svg("g", { class: "nodes" }, viewport);
    var view = { x: 0, y: 0, k: 1 };
    var autoFit = true; // keep the whole graph in view until the user zooms, pans or drags

    function fit() {
      var xs = graph.nodes.map(function (n) { return n.x; });
      var ys = graph.nodes.map(function (n) { return n.y; });
      var x0 = Math.min.apply(null, xs) - 40;
      var x1 = Math.max.apply(null, xs) + 120; // room for labels on the right
      var y0 = Math.min.apply(null, ys) - 30;
      var y1 = Math.max.apply(null, ys) + 30;
      var k = Math.min(1.5, width / (x1 - x0), height / (y1 - y0));
      view.k = k;
      view.x = (width - (x1 - x0) * k) / 2 - x0 * k;
      view.y = (height - (y1 - y0) * k) / 2 - y0 * k;
    }

    graph.nodes.forEach(function (n, i) {
      var angle = (2 * Math.PI * i) / Math.max(1, graph.nodes.length);
      var radius = 40 + 6 * Math.sqrt(graph.nodes.length) * (0.5 + ((i * 7919) % 100) / 200);
      n.x = width / 2 + radius * Math.cos(angle);
      n.y = height / 2 + radius * Math.sin(angle);
      n.vx = 0;
      n.vy = 0;
      n.edges = [];
    });
    graph.edges.forEach(function (e) {
      e.line = TG.svg("line", { class: "edge" }, edgeLayer);
      e.text = TG.svg("text", { class: "edge-label", "text-anchor": "middle" }, edgeLayer);
      e.text.textContent = e.label;
      e.source.edges.push(e);
      e.target.edges.push(e);
    });
    var showAll = graph.nodes.length <= 25;
    graph.nodes.forEach(function (n) {
      var isIri = n.term.type === "uri";
      var g = TG.svg(isIri ? "a" : "g", { class: "node " + typeClass(n) }, nodeLayer);
      if (isIri) g.setAttribute("href", hrefFor(n.term.value));
      else g.setAttribute("tabindex", "0");
      if (showAll || n.degree >= 3) g.classList.add("hub");
      var title = TG.svg("title", {}, g);
      title.textContent = [n.label, n.types.length ? "(" + n.types.join(", ") + ")" : "",
        n.term.type === "uri" ? n.term.value : ""].concat(n.details.slice(0, 8)).filter(Boolean).join("\n");
      TG.svg("circle", { r: String(Math.min(14, 5 + 1.5 * Math.sqrt(n.degree))) }, g);
      var text = TG.svg("text", { class: "node-label", dx: "10", dy: "4" }, g);
      text.textContent = n.label;
      n.el = g;
      function highlight(on) {
        g.classList.toggle("hover", on);
        n.edges.forEach(function (e) {
          e.line.classList.toggle("hover", on);
          e.text.classList.toggle("hover", on);
          (e.source === n ? e.target : e.source).el.classList.toggle("hover", on);
        });
      }
      g.addEventListener("pointerenter", function () { highlight(true); });
      g.addEventListener("pointerleave", function () { highlight(false); });
      g.addEventListener("focus", function () { highlight(true); });
      g.addEventListener("blur", function () { highlight(false); });
    });

    function draw() {
      if (autoFit && graph.nodes.length) fit();
      viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
      graph.edges.forEach(function (e) {
        e.line.setAttribute("x1", e.source.x.toFixed(1));
        e.line.setAttribute("y1", e.source.y.toFixed(1));
        e.line.setAttribute("x2", e.target.x.toFixed(1));
        e.line.setAttribute("y2", e.target.y.toFixed(1));
        e.text.setAttribute("x", ((e.source.x + e.target.x) / 2).toFixed(1));
        e.text.setAttribute("y", ((e.source.y + e.target.y) / 2).toFixed(1));
      });
      graph.nodes.forEach(function (n) {
        n.el.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")");
      });
    }

    var alpha = 1;
    var running = false;
    var stopped = false;
    function tick() {
      var nodes = graph.nodes;
      var i, j, a, b, dx, dy, d2, f;
      for (i = 0; i < nodes.length; i++) {
        a = nodes[i];
        for (j = i + 1; j < nodes.length; j++) {
          b = nodes[j];
          dx = b.x - a.x;
          dy = b.y - a.y;
          d2 = dx * dx + dy * dy || 0.01;
          if (d2 > 90000) continue;
          f = (900 * alpha) / d2;
          a.vx -= dx * f;
          a.vy -= dy * f;
          b.vx += dx * f;
          b.vy += dy * f;
        }
      }
      graph.edges.forEach(function (e) {
        dx = e.target.x - e.source.x;
        dy = e.target.y - e.source.y;
        var d = Math.sqrt(dx * dx + dy * dy) || 0.1;
        f = ((d - 70) / d) * 0.06 * alpha;
        e.source.vx += dx * f;
        e.source.vy += dy * f;
        e.target.vx -= dx * f;
        e.target.vy -= dy * f;
      });
      nodes.forEach(function (n) {
        n.vx += (width / 2 - n.x) * 0.004 * alpha;
        n.vy += (height / 2 - n.y) * 0.004 * alpha;
        if (n.fixed) {
          n.vx = n.vy = 0;
          return;
        }
        n.vx *= 0.6;
        n.vy *= 0.6;
        n.x += Math.max(-30, Math.min(30, n.vx));
        n.y += Math.max(-30, Math.min(30, n.vy));
      });
      alpha *= 0.985;
    }
    function frame() {
      if (stopped) return;
      for (var k = 0; k < 3; k++) tick();
      draw();
      if (alpha > 0.02) {
        window.requestAnimationFrame(frame);
      } else {
        running = false;
      }
    }
    function reheat(value) {
      alpha = Math.max(alpha, value);
      if (!running && !stopped) {
        running = true;
        window.requestAnimationFrame(frame);
      }
    }

    function toGraphPoint(evt) {
      var pt = svg.createSVGPoint();
      pt.x = evt.clientX;
      pt.y = evt.clientY;
      var p = pt.matrixTransform(svg.getScreenCTM().inverse());
      return { x: (p.x - view.x) / view.k, y: (p.y - view.y) / view.k, sx: p.x, sy: p.y };
    }

    var drag = null;
    svg.addEventListener("pointerdown", function (evt) {
      if (evt.button !== 0) return;
      var target = evt.target.closest(".node");
      var p = toGraphPoint(evt);
      var n = target && graph.nodes.find(function (m) { return m.el === target; });
      autoFit = false;
      drag = { node: n || null, start: p, moved: false, view: { x: view.x, y: view.y } };
      if (n) n.fixed = true;
      else svg.classList.add("panning");
      svg.setPointerCapture(evt.pointerId);
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag) return;
      var p = toGraphPoint(evt);
      if (Math.abs(p.sx - drag.start.sx) + Math.abs(p.sy - drag.start.sy) > 4) drag.moved = true;
      if (drag.node) {
        drag.node.x = p.x;
        drag.node.y = p.y;
        reheat(0.3);
        draw();
      } else {
        view.x = drag.view.x + (p.sx - drag.start.sx);
        view.y = drag.view.y + (p.sy - drag.start.sy);
        draw();
      }
    });
    function endDrag() {
      if (!drag) return;
      if (drag.node) drag.node.fixed = false;
      svg.classList.remove("panning");
      wrap.dataset.dragged = drag.moved ? "1" : "";
      drag = null;
    }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    svg.addEventListener("click", function (evt) {
      if (wrap.dataset.dragged === "1") {
        evt.preventDefault();
        wrap.dataset.dragged = "";
      }
    });
    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      autoFit = false;
      var p = toGraphPoint(evt);
      var k = Math.max(0.2, Math.min(5, view.k * (evt.deltaY < 0 ? 1.15 : 1 / 1.15)));
      view.x = p.sx - p.x * k;
      view.y = p.sy - p.y * k;
      view.k = k;
      draw();
    }, { passive: false });

    draw();
    reheat(1);
    return {
      svg: svg,
      stop: function () { stopped = true; }
    };
  };
})();
