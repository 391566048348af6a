/* The submission form, when JavaScript is on (everything works without it).
 *
 * - After a failed save the error summary at the top takes the focus (the `autofocus`
 *   attribute does it too; this covers browsers that ignore it on a non-control), and each
 *   of its links moves the focus to the control it names, not only the view.
 * - Drafts save themselves: a section whose values changed is sent in the background a few
 *   seconds after the last change (never with a file chosen: files go with the button).
 *   The answer gives the versions now stored, so the next save does not conflict with this
 *   one; any problem is said next to the section's button, and its button shows why.
 */
(function () {
  "use strict";
  var DELAY = 3000;

  function focusSummary() {
    var summary = document.getElementById("entry-errors");
    if (summary && document.activeElement !== summary) summary.focus();
    if (!summary) return;
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var control = document.getElementById(link.getAttribute("href").slice(1));
      if (!control) return;
      event.preventDefault();
      control.focus();
      control.scrollIntoView({ block: "center" });
    });
  }

  function hasFile(form) {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }

  function setAll(name, value) {
    document.querySelectorAll("input[type=hidden][name='" + name + "']").forEach(function (input) {
      input.value = value;
    });
  }

  function remember(form) {
    // What the page now shows is what is stored: the hidden "initial-" copies follow.
    form.querySelectorAll("input[type=hidden][name^='initial-']").forEach(function (initial) {
      var name = initial.name.slice("initial-".length);
      var control = form.querySelector("[name='" + name + "']:not([type=radio]), [name='" + name + "']:checked");
      if (control && control.type !== "file") initial.value = control.value;
    });
  }

  function autosave(form, status) {
    if (hasFile(form)) return;
    status.textContent = form.dataset.saving;
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          return { ok: response.ok, answer: answer };
        });
      })
      .then(function (result) {
        var answer = result.answer;
        if (!result.ok) {
          status.textContent = answer.message || form.dataset.failed;
          return;
        }
        setAll("lock-expected_version", answer.expected_version);
        Object.keys(answer.versions).forEach(function (code) {
          setAll("lock-version_" + code, answer.versions[code]);
        });
        remember(form);
        status.textContent = answer.message;
      })
      .catch(function () {
        status.textContent = form.dataset.failed;
      });
  }

  function watch(form) {
    var status = form.querySelector(".autosave-status");
    if (!status) return;
    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        autosave(form, status);
      }, DELAY);
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary();
    document.querySelectorAll("form[data-autosave]").forEach(watch);
  });
})();
