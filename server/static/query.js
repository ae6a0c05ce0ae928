// The query editor: YASGUI on this server's /sparql, with the named queries as examples.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("dtkg-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var shown = document.querySelector(".endpoint code");
  if (shown) { shown.textContent = endpoint; }
  if (document.documentElement.lang === "vi") {  // the result table's words (DataTables) in Vietnamese
    var table = Yasgui.Yasr.plugins.table.defaults.tableConfig;
    table.language = Object.assign({}, table.language, {
      emptyTable: "Không có kết quả", info: "Dòng _START_–_END_ trên _TOTAL_", infoEmpty: "Không có dòng nào",
      infoFiltered: "(lọc từ _MAX_ dòng)", lengthMenu: "_MENU_ dòng mỗi trang", search: "Lọc:",
      zeroRecords: "Không có dòng nào khớp", loadingRecords: "Đang tải…",
      thousands: ".", decimal: ","
    });
  }
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: "dtkg-yasgui",
    yasqe: {
      value: config.default_query,
      autocompleters: ["variables"],   // the others ask prefix.cc and LOV over the network
      collapsePrefixesOnLoad: true,
    },
  });
  window.dtkgYasgui = yasgui;
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.example)];
      var tab = yasgui.addTab(true, { name: example.title });
      tab.setEndpoint(endpoint);
      tab.setQuery(example.query);
      tab.query();
    });
  });
})();
