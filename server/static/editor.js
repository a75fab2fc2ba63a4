// The SPARQL editor: YASGUI (vendored at build time), pointed at this server's /sparql only.
// Completion is limited to prefixes (dutygraph's own list, from this server's /prefixes.json)
// and variables: the class and property completers would call the LOV web service.
(function () {
  var element = document.getElementById("yasgui");
  if (!element || typeof Yasgui === "undefined") {
    return;
  }
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  var endpoint = new URL(element.dataset.endpoint, window.location.href).href;
  var yasgui = new Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return []; } },
    persistenceId: null,
    yasqe: {
      value: element.dataset.query,
      persistenceId: null,
      prefixCcApi: new URL(element.dataset.prefixes, window.location.href).href,
    },
  });
  window.dutygraphYasgui = yasgui;
})();
