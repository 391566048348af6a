/* The page's one interactive chart view: lists the page's charts (figures with
   data-spec-url), and when the reader opens one, loads Vega (once) and that chart's spec
   (only that one) and draws it below the chart. */
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

  function open(figure, sources, button) {
    var view = figure.querySelector(".chart-interactive-view");
    button.disabled = true;
    return Promise.all([
      fetch(figure.dataset.specUrl, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); }),
      loadVega(sources)
    ])
      .then(function (loaded) { return window.vegaEmbed(view, loaded[0], { actions: { export: true, source: true, compiled: false, editor: false } }); })
      .then(function () {
        view.setAttribute("tabindex", "-1");
        view.focus();
      })
      .finally(function () { button.disabled = false; });
  }

  var me = document.currentScript;
  var sources = {
    vega: me.dataset.vega, vegaLite: me.dataset.vegaLite, vegaEmbed: me.dataset.vegaEmbed
  };
  document.addEventListener("DOMContentLoaded", function () {
    var control = document.querySelector(".interactive-charts");
    var figures = document.querySelectorAll("figure.chart[data-spec-url]");
    if (!control || !figures.length) { return; }
    var select = control.querySelector("select");
    var button = control.querySelector("button");
    figures.forEach(function (figure) {
      var option = document.createElement("option");
      option.value = figure.id;
      option.textContent = figure.querySelector("figcaption").textContent;
      select.appendChild(option);
    });
    control.hidden = false;
    control.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      open(document.getElementById(select.value), sources, button);
    });
  });
})();
