// The query editor: YASGUI on this server's /sparql, with the named queries as examples.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("dtkg-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var shown = document.querySelector(".endpoint code");
  if (shown) { shown.textContent = endpoint; }
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
