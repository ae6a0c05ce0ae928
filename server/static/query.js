// The query editor: YASGUI on this server's /sparql, with the named queries as examples.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("dtkg-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var lang = document.documentElement.lang === "vi" ? "vi" : "en";
  var shown = document.querySelector(".endpoint code");
  if (shown) { shown.textContent = endpoint; }
  var table = Yasgui.Yasr.plugins.table.defaults.tableConfig;
  if (lang === "vi") {  // the result table's words (DataTables) in Vietnamese
    table.language = Object.assign({}, table.language, {
      emptyTable: "Không có kết quả", info: "Dòng _START_–_END_ trên _TOTAL_", infoEmpty: "Không có dòng nào",
      infoFiltered: "(lọc từ _MAX_ dòng)", lengthMenu: "_MENU_ dòng mỗi trang", search: "Lọc:",
      zeroRecords: "Không có dòng nào khớp", loadingRecords: "Đang tải…",
      thousands: ".", decimal: ",",
      aria: { orderable: ": bấm để sắp xếp", orderableReverse: ": bấm để đảo thứ tự",
              orderableRemove: ": bấm để bỏ sắp xếp",
              paginate: { first: "Trang đầu", last: "Trang cuối", next: "Trang sau", previous: "Trang trước", number: "" } }
    });
  }

  // Labels before IRIs: after DataTables draws a page (its drawCallback, which YASR passes through
  // from tableConfig), the IRIs on it not seen before are looked up in one request to /api/labels;
  // each link then shows the label, with the IRI as its title and in small text after it.
  var known = {};  // IRI → {label, path} or null (no label)
  var BATCH = 500;  // /api/labels takes at most this many
  function isWeb(iri) { return /^https?:\/\//i.test(iri); }
  function applyLabels(links) {
    links.forEach(function (a) {
      var iri = a.getAttribute("href");
      var found = known[iri];
      if (a.dataset.iri || found === undefined) { return; }
      a.dataset.iri = iri;
      if (!found) { return; }
      var small = document.createElement("small");
      small.className = "iri-text";
      small.textContent = a.textContent;
      a.textContent = found.label;
      a.title = iri;
      if (found.path) { a.setAttribute("href", found.path); a.removeAttribute("target"); }
      [a.previousSibling, a.nextSibling].forEach(function (bracket) {  // YASR's <…> around a full IRI
        if (bracket && bracket.nodeType === 3 && /^[<>]$/.test(bracket.nodeValue.trim())) { bracket.remove(); }
      });
      a.parentNode.insertBefore(small, a.nextSibling);
    });
  }
  function labelTable(tableEl) {
    var links = Array.prototype.slice.call(tableEl.querySelectorAll("tbody a.iri:not([data-iri])"));
    links.forEach(function (a) {  // only http(s) IRIs are links; others stay text
      if (!isWeb(a.getAttribute("href") || "")) { a.removeAttribute("href"); a.dataset.iri = ""; }
    });
    links = links.filter(function (a) { return a.hasAttribute("href") && !a.closest("sup"); });  // not datatypes
    var wanted = [];
    links.forEach(function (a) {
      var iri = a.getAttribute("href");
      if (known[iri] === undefined && wanted.indexOf(iri) < 0) { wanted.push(iri); }
    });
    var requests = [];
    for (var i = 0; i < wanted.length; i += BATCH) {
      var body = new URLSearchParams();
      wanted.slice(i, i + BATCH).forEach(function (iri) { body.append("iri", iri); });
      requests.push(fetch("/api/labels?lang=" + lang, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { labels: {} }; }));
    }
    Promise.all(requests).then(function (answers) {
      wanted.forEach(function (iri) { known[iri] = null; });
      answers.forEach(function (answer) { Object.assign(known, answer.labels); });
      applyLabels(links);
    }).catch(function () { /* labels are a help: without them the IRIs stay as YASR drew them */ });
  }
  table.drawCallback = function (settings) { labelTable(settings.nTable); };

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: "dtkg-yasgui",
    tabName: lang === "vi" ? "Truy vấn" : "Query",
    yasqe: {
      value: config.default_query,
      autocompleters: ["variables"],   // the others ask prefix.cc and LOV over the network
      collapsePrefixesOnLoad: true,
    },
  });
  window.dtkgYasgui = yasgui;
  if (lang === "vi") { translate(document.getElementById("yasgui")); }
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.example)];
      var tab = yasgui.addTab(true, { name: example.title });
      tab.setEndpoint(endpoint);
      tab.setQuery(example.query);
      tab.query();
    });
  });

  // YASGUI 4.6.2 writes its controls' words in English with no hook to change them (only the tab
  // name is configurable), so its chrome is translated as it is drawn: whole texts and the title,
  // placeholder and aria-label attributes, never in the query text (CodeMirror's lines) or a table's body.
  function translate(root) {
    var WORDS = {
      "Simple view": "Dạng gọn", "Ellipse": "Rút gọn ô dài", "Filter query results": "Lọc kết quả",
      "Page size:": "Số dòng mỗi trang:", "All": "Tất cả", "Table": "Bảng", "Response": "Phản hồi",
      "Download result": "Tải kết quả", "Download Results": "Tải kết quả",
      "Download not supported": "Dạng này không tải được", "Show all": "Hiện tất cả",
      "Run query": "Chạy truy vấn", "Share query": "Chia sẻ truy vấn", "Close tab": "Đóng thẻ",
      "Add tab": "Thêm thẻ", "Add a new tab": "Thêm thẻ mới", "Clear endpoint": "Xoá địa chỉ truy vấn",
      "New Tab": "Thẻ mới", "Rename Tab": "Đổi tên thẻ", "Copy Tab": "Nhân bản thẻ", "Close Tab": "Đóng thẻ",
      "Close other tabs": "Đóng các thẻ khác", "Undo close Tab": "Mở lại thẻ vừa đóng", "Shorten": "Rút gọn",
      "Unable to get response from endpoint. Possible reasons:": "Không nhận được phản hồi từ máy chủ. Có thể do:",
      "Incorrect endpoint URL": "Địa chỉ truy vấn sai", "Endpoint is down": "Máy chủ không hoạt động",
      "Try query in a new browser window": "Thử truy vấn trong cửa sổ mới", "Error": "Lỗi",
      "pagination": "Phân trang", "Open settings": "Mở thiết lập"
    };
    var PATTERNS = [
      [/^(?:(\d+) results?|Response) in ([\d.]+) seconds?$/, function (m) {
        return (m[1] !== undefined ? m[1] + " kết quả" : "Phản hồi") + " trong " + m[2].replace(".", ",") + " giây";
      }],
      [/^(\d+) results?$/, function (m) { return m[1] + " kết quả"; }],
      [/^Shows (.+) view$/, function (m) { return "Xem dạng " + (WORDS[m[1]] || m[1]); }],
      [/^View documentation of (.+)$/, function (m) { return "Hướng dẫn về " + (WORDS[m[1]] || m[1]); }]
    ];
    function say(text) {
      var key = text.trim();
      if (WORDS[key]) { return text.replace(key, WORDS[key]); }
      for (var i = 0; i < PATTERNS.length; i++) {
        var m = PATTERNS[i][0].exec(key);
        if (m) { return text.replace(key, PATTERNS[i][1](m)); }
      }
      return null;
    }
    function skipped(node) {
      var el = node.nodeType === 1 ? node : node.parentElement;
      return !el || el.closest(".CodeMirror-lines, .CodeMirror-measure, .CodeMirror-hints, tbody");
    }
    function visit(node) {
      if (skipped(node)) { return; }
      if (node.nodeType === 3) {
        var said = say(node.nodeValue);
        if (said !== null) { node.nodeValue = said; }
        return;
      }
      if (node.nodeType !== 1) { return; }
      ["title", "placeholder", "aria-label"].forEach(function (name) {
        var value = node.getAttribute(name);
        var said = value && say(value);
        if (said) { node.setAttribute(name, said); }
      });
      for (var child = node.firstChild; child; child = child.nextSibling) { visit(child); }
    }
    visit(root);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "childList") { change.addedNodes.forEach(visit); } else { visit(change.target); }
      });
    }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true,
                       attributeFilter: ["title", "placeholder", "aria-label"] });
  }
})();
