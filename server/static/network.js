// The actor network view (/network and the panel on entity pages), drawn with cytoscape.js.
// Everything comes from data-* attributes and a JSON fetch: no inline script (the pages' CSP).
(function () {
  "use strict";
  var root = document.getElementById("network");
  if (!root || typeof cytoscape === "undefined") return;
  var i18n = JSON.parse(root.dataset.i18n || "{}");
  var lang = root.dataset.lang || "vi";
  var base = root.dataset.base || "";
  var focus = root.dataset.focus || "";
  var form = document.getElementById("network-controls");
  var COLOURS = { person: "#c0392b", organisation: "#2471a3", place: "#7d8c8e", document: "#b9770e",
                  programme: "#7d3c98", platform: "#148f77", event: "#d35400" };

  function pagePath(iri) { return iri.indexOf(base) === 0 ? "/" + iri.slice(base.length) : null; }
  function label(n) { return (lang === "en" ? n.label_en : n.label) || n.label || n.id; }
  function short(text) { return text.length > 28 ? text.slice(0, 27) + "…" : text; }

  fetch(root.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(draw);

  function draw(data) {
    var elements = [];
    (data.nodes || []).forEach(function (n) {
      elements.push({ group: "nodes", data: { id: n.id, name: short(label(n)), full: label(n), kind: n.type,
        provinces: n.provinces || [], colour: COLOURS[n.type] || "#555", focus: n.id === focus ? 1 : 0 } });
    });
    (data.edges || []).forEach(function (e, i) {
      elements.push({ group: "edges", data: { id: "e" + i, source: e.from, target: e.to, kind: e.type,
        date: e.date || "", until: e.until || "", quote: e.quote || "", article: e.source || "" } });
    });
    var cy = cytoscape({
      container: root, elements: elements, wheelSensitivity: 0.3, maxZoom: 2.5,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", label: "data(name)", "font-size": 9,
          "min-zoomed-font-size": 7,
          width: 14, height: 14, "text-valign": "bottom", "text-margin-y": 2, color: "#222" } },
        { selector: "node[focus = 1]", style: { width: 24, height: 24, "border-width": 3, "border-color": "#000" } },
        { selector: "edge", style: { width: 1.2, "line-color": "#aab", "curve-style": "bezier",
          "target-arrow-shape": "triangle", "target-arrow-color": "#aab", "arrow-scale": 0.6 } },
        { selector: ".dim", style: { opacity: 0.12 } },
        { selector: ".on-path", style: { "line-color": "#e67e22", "target-arrow-color": "#e67e22", width: 4,
          "border-width": 3, "border-color": "#e67e22", "z-index": 9 } },
        { selector: ".hidden", style: { display: "none" } }
      ],
      layout: { name: data.nodes.length > 60 ? "cose" : "concentric", animate: false, randomize: false,
                nodeRepulsion: function () { return 40000; }, idealEdgeLength: function () { return 50; },
                componentSpacing: 60, gravity: 0.6, numIter: 1500,
                concentric: function (n) { return n.data("focus") ? 10 : 1; }, minNodeSpacing: 90 }
    });
    if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }  // a small neighbourhood is not blown up
    window.dtkgNetwork = cy;  // for tests and the console
    cy.on("tap", "node", function (ev) {
      var path = pagePath(ev.target.id());
      if (path) window.location.assign(path);
    });
    cy.edges().forEach(function (e) {  // a tooltip of the evidence, via the title of the canvas
      e.on("mouseover", function () { root.title = e.data("kind") + " · " + e.data("date") + " · " + e.data("quote"); });
    });
    if (form) controls(cy, data);
    root.dataset.ready = "true";
  }

  function controls(cy, data) {
    var box = form.closest("details");
    if (box && window.innerWidth < 640) box.open = false;  // on a phone the picture comes first
    var edgeList = form.querySelector(".edge-list");
    (root.dataset.edgeTypes || "").split(" ").forEach(function (t) {
      if (!t) return;
      var l = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox"; box.name = "edge"; box.value = t; box.checked = true;
      l.appendChild(box); l.appendChild(document.createTextNode(" " + t)); edgeList.appendChild(l);
    });
    var provinces = {}, dates = [];
    data.nodes.forEach(function (n) { (n.provinces || []).forEach(function (p) { provinces[p] = true; }); });
    data.edges.forEach(function (e) { if (e.date) dates.push(+e.date.slice(0, 4)); });
    var select = form.elements.province;
    data.nodes.filter(function (n) { return provinces[n.id]; })
      .sort(function (a, b) { return label(a).localeCompare(label(b)); })
      .forEach(function (n) { select.add(new Option(label(n), n.id)); });
    var list = document.getElementById("network-entities");
    data.nodes.forEach(function (n) { var o = document.createElement("option"); o.value = label(n); list.appendChild(o); });
    var slider = form.elements.as_of;
    if (dates.length) { slider.min = Math.min.apply(null, dates); slider.max = Math.max.apply(null, dates) + 1; slider.value = slider.max; }
    form.addEventListener("change", function () { apply(cy); });
    slider.addEventListener("input", function () { form.elements.all_dates.checked = false; apply(cy); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); showPath(cy, data); });
    form.elements.clear.addEventListener("click", function () { cy.elements().removeClass("dim on-path"); form.elements.path_message.value = ""; });
    form.elements.png.addEventListener("click", function () { download(cy.png({ full: true, bg: "#ffffff", output: "blob" }), "dtkg-network.png"); });
    form.elements.svg.addEventListener("click", function () { download(new Blob([svg(cy)], { type: "image/svg+xml" }), "dtkg-network.svg"); });
    apply(cy);
  }

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }

  // An edge shows as of a day once dated on or before it, until a later holder closes it (as the API does).
  function apply(cy) {
    var kinds = checked("node"), edges = checked("edge"), province = form.elements.province.value;
    var all = form.elements.all_dates.checked, day = form.elements.as_of.value + "-01-01";
    form.elements.as_of_value.value = all ? i18n.all_dates : form.elements.as_of.value;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var ok = kinds.indexOf(n.data("kind")) >= 0 &&
          (!province || n.id() === province || n.data("provinces").indexOf(province) >= 0);
        n.toggleClass("hidden", !ok);
      });
      cy.edges().forEach(function (e) {
        var d = e.data("date"), u = e.data("until");
        var known = all || ((!d || d <= day) && (!u || u > day));
        e.toggleClass("hidden", !known || edges.indexOf(e.data("kind")) < 0 ||
          e.source().hasClass("hidden") || e.target().hasClass("hidden"));
      });
      if (!all) cy.nodes().forEach(function (n) {  // as of a date, show what is linked then
        if (!n.hasClass("hidden") && n.connectedEdges().not(".hidden").length === 0) n.addClass("hidden");
      });
    });
    root.dataset.visibleNodes = cy.nodes().not(".hidden").length;  // style-independent counts, for tests
    root.dataset.visibleEdges = cy.edges().not(".hidden").length;
  }

  function showPath(cy) {
    var a = form.elements.from.value, b = form.elements.to.value, out = form.elements.path_message;
    if (!a || !b) return;
    fetch("/api/path?" + new URLSearchParams({ from: a, to: b }), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (res) {
        cy.elements().removeClass("dim on-path");
        if (!res.ok) { out.value = res.error; return; }
        if (!res.paths.length) { out.value = i18n.no_path; return; }
        cy.elements().addClass("dim");
        res.paths[0].edges.forEach(function (e) {
          cy.getElementById(e.from).removeClass("dim").addClass("on-path");
          cy.getElementById(e.to).removeClass("dim").addClass("on-path");
          cy.edges().filter(function (x) {
            return x.data("kind") === e.type && ((x.source().id() === e.from && x.target().id() === e.to) ||
              (x.source().id() === e.to && x.target().id() === e.from));
          }).removeClass("dim").addClass("on-path");
        });
        out.value = res.paths[0].nodes.map(function (n) { return lang === "en" ? n.label_en : n.label; }).join(" → ");
      });
  }

  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
  }

  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }

  // SVG of the visible elements at their model positions (cytoscape draws to canvas only).
  function svg(cy) {
    var bb = cy.elements(":visible").boundingBox(), pad = 20, parts = [];
    parts.push('<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + (bb.x1 - pad) + " " + (bb.y1 - pad) + " " +
      (bb.w + 2 * pad) + " " + (bb.h + 2 * pad) + '" font-family="sans-serif" font-size="9">');
    cy.edges(":visible").forEach(function (e) {
      var s = e.source().position(), t = e.target().position();
      parts.push('<line x1="' + s.x + '" y1="' + s.y + '" x2="' + t.x + '" y2="' + t.y + '" stroke="' +
        (e.hasClass("on-path") ? "#e67e22" : "#aab") + '"><title>' + esc(e.data("kind") + " " + e.data("quote")) + "</title></line>");
    });
    cy.nodes(":visible").forEach(function (n) {
      var p = n.position();
      parts.push('<circle cx="' + p.x + '" cy="' + p.y + '" r="7" fill="' + n.data("colour") + '"/><text x="' + p.x +
        '" y="' + (p.y + 16) + '" text-anchor="middle">' + esc(n.data("name")) + "</text>");
    });
    parts.push("</svg>");
    return parts.join("\n");
  }
})();
