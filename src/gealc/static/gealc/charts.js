/* Optional interactive chart view: loads Vega only when a reader asks for it. */
(function () {
  "use strict";
  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadVega(sources) {
    if (!loading) {
      // vega-lite needs vega, vega-embed needs both: load in order.
      loading = loadScript(sources.vega)
        .then(function () { return loadScript(sources.vegaLite); })
        .then(function () { return loadScript(sources.vegaEmbed); });
    }
    return loading;
  }

  function enable(container, sources) {
    var button = container.querySelector("[data-chart-interactive]");
    var view = container.querySelector(".chart-interactive-view");
    var spec = JSON.parse(document.getElementById(container.dataset.chartSpec).textContent);
    container.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      loadVega(sources)
        .then(function () { return window.vegaEmbed(view, spec, { actions: false }); })
        .then(function () { button.hidden = true; })
        .catch(function () { button.disabled = false; });
    });
  }

  var me = document.currentScript;
  var sources = {
    vega: me.dataset.vega, vegaLite: me.dataset.vegaLite, vegaEmbed: me.dataset.vegaEmbed
  };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart-interactive[hidden]").forEach(function (container) {
      enable(container, sources);
    });
  });
})();
