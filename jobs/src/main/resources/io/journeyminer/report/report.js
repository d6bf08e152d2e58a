// Draws the run report from the JSON embedded in the page: plain DOM and SVG, no library, no request.
(function () {
  "use strict";
  var blocked = 0;
  document.addEventListener("securitypolicyviolation", function () {
    blocked++;
    document.body.setAttribute("data-blocked", String(blocked));
  });
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var MODELS = ["first_touch", "last_touch", "linear", "position_based", "time_decay", "markov", "shapley"];

  function el(name, attrs, parent, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function html(name, attrs, parent, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function num(v, digits) {
    if (v === null || v === undefined) { return "–"; }
    return Number(v).toLocaleString("en-US", { maximumFractionDigits: digits === undefined ? 0 : digits, minimumFractionDigits: digits === undefined ? 0 : Math.min(digits, 1) });
  }
  function pct(v) { return v === null || v === undefined ? "–" : (100 * v).toFixed(1) + "%"; }
  function duration(s) {
    if (s === null || s === undefined) { return "–"; }
    if (s < 90) { return Math.round(s) + " s"; }
    if (s < 5400) { return Math.round(s / 60) + " min"; }
    if (s < 129600) { return (s / 3600).toFixed(1) + " h"; }
    return (s / 86400).toFixed(1) + " d";
  }
  function table(target, columns, rows) {
    var t = document.getElementById(target);
    t.textContent = "";
    var head = html("tr", {}, html("thead", {}, t));
    columns.forEach(function (c) { html("th", { "class": c.num ? "num" : "" }, head, c.title); });
    var body = html("tbody", {}, t);
    rows.forEach(function (row) {
      var tr = html("tr", {}, body);
      columns.forEach(function (c) {
        var td = html("td", { "class": (c.num ? "num " : "") + (c.css ? c.css(row) : "") }, tr);
        var v = c.value(row);
        if (v instanceof Node) { td.appendChild(v); } else { td.textContent = v; }
      });
    });
    if (!rows.length) { html("td", { colspan: columns.length, "class": "muted" }, html("tr", {}, body), "none"); }
  }

  // Header
  var manifest = data.manifest || {};
  var run = manifest.run || {};
  var journeys = manifest.journeys || {};
  document.getElementById("title").textContent = "journey-miner run report: " + data.pipeline;
  document.getElementById("subtitle").textContent = "run_date " + data.run_date + " · as_of " + (run.as_of || "?") + " · status " + (run.status || "?") + " · Spark " + (run.spark_version || "?");
  var cards = document.getElementById("headline");
  [["journeys", journeys.journeys], ["converted", journeys.converted], ["abandoned", journeys.abandoned], ["in progress", journeys.in_progress],
   ["customers", (manifest.identity || {}).customers], ["events", ((manifest.tables || {}).events || {}).rows]].forEach(function (c) {
    var card = html("div", { "class": "card" }, cards);
    html("div", { "class": "value" }, card, num(c[1]));
    html("div", { "class": "name" }, card, c[0]);
  });

  // Process map
  (function () {
    var map = data.map;
    var svg = document.getElementById("process-map");
    svg.setAttribute("viewBox", "0 0 " + Math.ceil(map.width) + " " + Math.ceil(map.height));
    // Fit the page's width, but never shrink the map below 60% (then the page scrolls sideways).
    svg.setAttribute("style", "width:100%;min-width:" + Math.ceil(0.6 * map.width) + "px;height:auto");
    var defs = el("defs", {}, svg);
    var colours = { "intended": "#1b7f3b", "stage-regression": "#c62828", "stage-skip": "#e07b00", "unexpected-touchpoint": "#7b3fa0" };
    Object.keys(colours).forEach(function (kind) {
      var marker = el("marker", { id: "arrow-" + kind, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "5", markerHeight: "5", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: colours[kind] }, marker);
    });
    var legend = document.getElementById("map-legend");
    [["intended", "intended journey"], ["stage-regression", "back to an earlier stage"], ["stage-skip", "skips a stage"], ["unexpected-touchpoint", "outside the journey map"]].forEach(function (l) {
      html("span", { "class": l[0] }, legend, l[1]);
    });
    var maxCount = Math.max.apply(null, map.edges.map(function (e) { return e.count; }).concat([1]));
    var stageNames = (data.journey_map || []).map(function (s) { return s.name; });
    var palette = ["#dbe9f8", "#e3f1df", "#fdf0d5", "#f8dede", "#ece3f5", "#e0f2f1", "#f3e5d8"];
    var edgeLayer = el("g", { "class": "edges" }, svg);
    var labelLayer = el("g", { "class": "edge-labels" }, svg);
    var nodeLayer = el("g", { "class": "nodes" }, svg);
    var edgeNodes = [];
    map.edges.forEach(function (e) {
      var kind = e.kind.toLowerCase().replace(/_/g, "-");
      var d = e.points.map(function (p, i) { return (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ");
      var width = 1 + 6 * Math.sqrt(e.count / maxCount);
      var path = el("path", { d: d, "class": "edge " + kind, "stroke-width": width.toFixed(2), "marker-end": "url(#arrow-" + kind + ")", "data-rank": e.rank }, edgeLayer);
      el("title", {}, path, e.from + " → " + e.to + ": " + num(e.count) + " times in " + num(e.journeys) + " journeys, median " + duration(e.medianSeconds) +
        (e.conversionRate === null ? "" : ", conversion " + pct(e.conversionRate)) + " (" + kind.replace(/-/g, " ") + ")");
      var label = el("text", { x: e.labelX.toFixed(1), y: (e.labelY + 11).toFixed(1), "class": "edge-label", "data-rank": e.rank }, labelLayer, e.label);
      edgeNodes.push({ edge: e, path: path, label: label });
    });
    var nodeGroups = {};
    map.nodes.forEach(function (n) {
      var terminal = n.id.indexOf("__") === 0;
      var g = el("g", { "class": "node" + (terminal ? " terminal" : ""), transform: "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")", "data-id": n.id }, nodeLayer);
      var stage = stageNames.indexOf(n.stage);
      el("rect", { width: n.width.toFixed(1), height: n.height.toFixed(1), rx: terminal ? n.height / 2 : 6, fill: stage >= 0 ? palette[stage % palette.length] : "#f4f4f4" }, g);
      el("text", { x: n.width / 2, y: n.height / 2 - 2, "text-anchor": "middle", "class": "name" }, g, n.id === "__start__" ? "start" : n.id === "__end__" ? "end" : n.id);
      el("text", { x: n.width / 2, y: n.height / 2 + 11, "text-anchor": "middle", "class": "freq" }, g, num(n.frequency) + (n.stage ? " · " + n.stage : ""));
      el("title", {}, g, n.id + ": " + num(n.frequency) + " steps" + (n.stage ? ", stage " + n.stage : ""));
      nodeGroups[n.id] = g;
    });
    var slider = document.getElementById("edge-slider");
    slider.max = String(map.edges.length);
    slider.value = String(Math.min(25, map.edges.length));
    document.getElementById("edge-total").textContent = "of the " + map.edges.length + " laid out (" + map.transitions + " distinct transitions in the run)";
    function show() {
      var limit = Number(slider.value);
      document.getElementById("edge-count").textContent = limit;
      var used = {};
      edgeNodes.forEach(function (x) {
        var visible = x.edge.rank <= limit;
        x.path.classList.toggle("hidden", !visible);
        x.label.classList.toggle("hidden", !visible);
        if (visible) { used[x.edge.from] = true; used[x.edge.to] = true; }
      });
      Object.keys(nodeGroups).forEach(function (id) { nodeGroups[id].classList.toggle("idle", !used[id]); });
      svg.setAttribute("data-visible-edges", String(edgeNodes.filter(function (x) { return x.edge.rank <= limit; }).length));
    }
    slider.addEventListener("input", show);
    show();
  })();

  // Stage funnel
  (function () {
    var rows = data.stages || [];
    var select = document.getElementById("segment-select");
    var segments = [];
    rows.forEach(function (r) {
      var key = r.segment_type + "=" + r.segment_value;
      if (segments.indexOf(key) < 0) { segments.push(key); }
    });
    segments.forEach(function (s) {
      var parts = s.split("=");
      html("option", { value: s }, select, parts[0] === "all" ? "all journeys" : parts[0].replace("attribute:", "") + ": " + parts.slice(1).join("="));
    });
    var svg = document.getElementById("funnel");
    function draw() {
      svg.textContent = "";
      var chosen = rows.filter(function (r) { return r.segment_type + "=" + r.segment_value === select.value; })
        .sort(function (a, b) { return a.stage_order - b.stage_order; });
      var maxEntered = Math.max.apply(null, chosen.map(function (r) { return r.entered; }).concat([1]));
      var left = 130, barWidth = 560, rowHeight = 46, top = 24;
      svg.setAttribute("viewBox", "0 0 1180 " + (top + rowHeight * chosen.length + 10));
      svg.setAttribute("width", "1180");
      svg.setAttribute("height", String(top + rowHeight * chosen.length + 10));
      el("text", { x: left, y: 14, "class": "muted" }, svg, "entered (light) · progressed to a later stage (blue) · abandoned here (red)");
      el("text", { x: left + barWidth + 20, y: 14 }, svg, "progression · drop-off · median time in stage · converted");
      chosen.forEach(function (r, i) {
        var y = top + i * rowHeight;
        var g = el("g", { "class": "stage", "data-stage": r.stage }, svg);
        el("text", { x: 0, y: y + 20, "font-weight": "600" }, g, r.stage_order + ". " + r.stage);
        var w = barWidth * r.entered / maxEntered;
        el("rect", { x: left, y: y + 6, width: w.toFixed(1), height: 22, "class": "bar-entered" }, g);
        el("rect", { x: left, y: y + 6, width: (barWidth * r.progressed / maxEntered).toFixed(1), height: 22, "class": "bar-progressed" }, g);
        var dropped = barWidth * r.abandoned_here / maxEntered;
        el("rect", { x: (left + w - dropped).toFixed(1), y: y + 6, width: dropped.toFixed(1), height: 22, "class": "bar-dropped" }, g);
        el("text", { x: left + 4, y: y + 40, "class": "muted" }, g, num(r.entered) + " entered, " + num(r.progressed) + " progressed, " + num(r.abandoned_here) + " abandoned here, " + num(r.in_progress_entered) + " still in progress");
        el("text", { x: left + barWidth + 20, y: y + 22 }, g, pct(r.progression_rate) + " · " + pct(r.drop_off_rate) + " · " + duration(r.median_seconds_in_stage) + " · " + num(r.converted) + " converted");
      });
    }
    select.addEventListener("change", draw);
    draw();
  })();

  // Touchpoint ranking with Wilson intervals
  (function () {
    var rows = (data.ranking || []).filter(function (r) { return r.conversion_rate !== null && r.conversion_rate !== undefined; })
      .sort(function (a, b) { return a.conversion_rank - b.conversion_rank; });
    var svg = document.getElementById("ranking");
    var left = 190, width = 620, rowHeight = 22, top = 30;
    var maxRate = Math.max.apply(null, rows.map(function (r) { return Math.max(r.ci_high || 0, r.baseline_rate || 0); }).concat([0.05]));
    maxRate = Math.min(1, Math.ceil(maxRate * 10) / 10);
    var height = top + rowHeight * rows.length + 10;
    svg.setAttribute("viewBox", "0 0 1180 " + height);
    svg.setAttribute("width", "1180");
    svg.setAttribute("height", String(height));
    function x(rate) { return left + width * rate / maxRate; }
    for (var t = 0; t <= 10; t++) {
      var rate = maxRate * t / 10;
      el("line", { x1: x(rate), x2: x(rate), y1: top - 6, y2: height - 8, stroke: "#eef1f4" }, svg);
      el("text", { x: x(rate), y: top - 10, "text-anchor": "middle", "class": "muted" }, svg, Math.round(rate * 100) + "%");
    }
    el("text", { x: left + width + 20, y: top - 10 }, svg, "journeys · conversion rate [interval] · lift · q-value");
    rows.forEach(function (r, i) {
      var y = top + i * rowHeight + rowHeight / 2;
      var g = el("g", { "class": "touchpoint" + (r.low_volume ? " low-volume" : ""), "data-touchpoint": r.touchpoint }, svg);
      el("text", { x: left - 8, y: y + 4, "text-anchor": "end" }, g, r.conversion_rank + ". " + r.touchpoint);
      if (r.ci_low !== null && r.ci_high !== null) {
        el("line", { x1: x(r.ci_low), x2: x(r.ci_high), y1: y, y2: y, "class": "ci" }, g);
      }
      if (r.baseline_rate !== null && r.baseline_rate !== undefined) {
        el("line", { x1: x(r.baseline_rate), x2: x(r.baseline_rate), y1: y - 6, y2: y + 6, "class": "baseline" }, g);
      }
      el("circle", { cx: x(r.conversion_rate), cy: y, r: 4.5, "class": "rate" }, g);
      el("text", { x: left + width + 20, y: y + 4 }, g, num(r.journeys) + " · " + pct(r.conversion_rate) + " [" + pct(r.ci_low) + ", " + pct(r.ci_high) + "] · " +
        (r.lift === null ? "–" : num(r.lift, 2) + "x") + " · " + (r.q_value === null ? "–" : Number(r.q_value).toExponential(1)) + (r.low_volume ? " · low volume" : ""));
    });
  })();

  // Attribution models side by side
  (function () {
    var rows = (data.ranking || []).slice().sort(function (a, b) { return (b.markov_credit || 0) - (a.markov_credit || 0); });
    var max = {};
    MODELS.forEach(function (m) { max[m] = Math.max.apply(null, rows.map(function (r) { return r[m + "_credit"] || 0; }).concat([1e-9])); });
    var columns = [{ title: "touchpoint", value: function (r) { return r.touchpoint; } }];
    MODELS.forEach(function (m) {
      columns.push({ title: m.replace(/_/g, " "), num: true, value: function (r) {
        var span = document.createElement("span");
        var bar = html("span", { "class": "bar", style: "width:" + (60 * (r[m + "_credit"] || 0) / max[m]).toFixed(1) + "px" }, span);
        bar.setAttribute("data-model", m);
        span.appendChild(document.createTextNode(num(r[m + "_credit"], 1)));
        return span;
      } });
    });
    table("attribution", columns, rows);
  })();

  // Conformance and variants
  (function () {
    var c = data.conformance || {};
    var box = document.getElementById("conformance");
    if (c.published && c.summary.length) {
      html("p", { "class": "explain" }, box, "Fitness of the observed journeys against the intended journey model, from the run's conformance tables.");
      var summary = c.summary[0];
      var cardRow = html("div", { "class": "cards", id: "fitness" }, box);
      Object.keys(summary).filter(function (k) { return k !== "run_date" && typeof summary[k] !== "object"; }).forEach(function (k) {
        var card = html("div", { "class": "card" }, cardRow);
        var v = summary[k];
        html("div", { "class": "value" }, card, typeof v === "number" ? (Math.abs(v) <= 1 && !Number.isInteger(v) ? num(v, 3) : num(v)) : String(v));
        html("div", { "class": "name" }, card, k.replace(/_/g, " "));
      });
      html("h3", {}, box, "Deviations");
      var t = html("table", { id: "deviations" }, html("div", { "class": "scroll" }, box));
      var keys = c.deviations.length ? Object.keys(c.deviations[0]).filter(function (k) { return k !== "run_date"; }) : [];
      table("deviations", keys.map(function (k) {
        return { title: k.replace(/_/g, " "), num: typeof c.deviations[0][k] === "number", value: function (r) {
          var v = r[k];
          if (v === null || v === undefined) { return "–"; }
          if (typeof v === "number") { return k.indexOf("rate") >= 0 || k === "share" || k.indexOf("ci_") === 0 ? pct(v) : num(v, Number.isInteger(v) ? 0 : 3); }
          return typeof v === "object" ? JSON.stringify(v) : String(v);
        } };
      }), c.deviations);
    } else {
      html("p", { "class": "explain", id: "conformance-missing" }, box,
        "This run published no conformance tables (conformance_summary, conformance_deviations), so fitness and alignments are not shown. " +
        "Against the journey map's stage order, " + pct(c.stage_order_conforming_share) + " of the run's " + num(c.journeys) +
        " journeys conform (journeys.conforms); the map above marks the transitions that deviate.");
    }
    var variants = data.variants || [];
    table("variants", [
      { title: "#", num: true, value: function (r) { return String(variants.indexOf(r) + 1); } },
      { title: "touchpoints", value: function (r) {
        var span = document.createElement("span");
        (r.touchpoints || []).forEach(function (t) { html("span", { "class": "chip" }, span, t); });
        return span;
      } },
      { title: "journeys", num: true, value: function (r) { return num(r.journeys); } },
      { title: "share", num: true, value: function (r) { return pct(r.share); } },
      { title: "conversion", num: true, value: function (r) { return pct(r.conversion_rate); } },
      { title: "median duration", num: true, value: function (r) { return duration(r.median_duration_seconds); } },
      { title: "conforms", value: function (r) { return r.conforms ? "yes" : "no"; }, css: function (r) { return r.conforms ? "ok" : "bad"; } }
    ], variants);
  })();

  // Data quality
  (function () {
    var sources = manifest.sources || [];
    table("sources", [
      { title: "source", value: function (s) { return s.source; } },
      { title: "format", value: function (s) { return s.format; } },
      { title: "read", num: true, value: function (s) { return num(s.read); } },
      { title: "accepted", num: true, value: function (s) { return num(s.accepted); } },
      { title: "rejected", num: true, value: function (s) { return num(s.rejected); } },
      { title: "duplicates", num: true, value: function (s) { return num(s.duplicates); } },
      { title: "reject share", num: true, value: function (s) { return pct(s.reject_share) + " (max " + pct(s.max_reject_share) + ")"; } },
      { title: "read = accepted + rejected + duplicates", value: function (s) { return s.reconciled ? "reconciled" : "NOT reconciled"; }, css: function (s) { return s.reconciled ? "ok" : "bad"; } }
    ], sources);
    var rejects = [];
    sources.forEach(function (s) {
      Object.keys(s.rejected_by_reason || {}).forEach(function (reason) { rejects.push({ source: s.source, reason: reason, records: s.rejected_by_reason[reason] }); });
    });
    var maxRejects = Math.max.apply(null, rejects.map(function (r) { return r.records; }).concat([1]));
    table("rejects", [
      { title: "source", value: function (r) { return r.source; } },
      { title: "reason", value: function (r) { return r.reason; } },
      { title: "records", num: true, value: function (r) {
        var span = document.createElement("span");
        html("span", { "class": "bar", style: "width:" + (120 * r.records / maxRejects).toFixed(1) + "px" }, span);
        span.appendChild(document.createTextNode(num(r.records)));
        return span;
      } }
    ], rejects);
    var identity = manifest.identity || {};
    table("over-merged", [
      { title: "identifier type", value: function (r) { return r.identifier_type; } },
      { title: "identifier value", value: function (r) { return r.identifier_value; } },
      { title: "linked identifiers", num: true, value: function (r) { return num(r.degree); } },
      { title: "reason", value: function (r) { return r.reason; } }
    ], identity.over_merged || []);
  })();

  // For checks from a headless browser: every resource the page fetched (none, under its CSP).
  document.body.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
  document.body.setAttribute("data-blocked", String(blocked));
  document.body.setAttribute("data-rendered", "true");
})();
