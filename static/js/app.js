/* App bootstrap: no inline scripts (CSP). DKFDS components are (re)initialised for htmx swaps. */
(function () {
  "use strict";
  function initDkfds(scope) {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      try { window.DKFDS.init({ scope: scope }); } catch (e) { /* component missing on page */ }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      window.htmx.onLoad(function (el) { if (el !== document.body) { initDkfds(el); } });
    }
    initDkfds(document.body);
    // Focus the error summary after a failed submit so screen readers announce it.
    var summary = document.querySelector(".alert-error[tabindex='-1']");
    if (summary) { summary.focus(); }
  });
  document.addEventListener("htmx:afterSwap", function (evt) {
    var summary = evt.detail.target.querySelector(".alert-error[tabindex='-1']");
    if (summary) { summary.focus(); }
  });
  // Two fields that answer the same question (end time or duration on the visit form): typing in
  // one empties the other, so the form never sends a stale value next to the one just typed.
  // Delegated, so it also works on forms swapped in by htmx.
  document.addEventListener("input", function (evt) {
    var el = evt.target;
    var other = el && el.form && el.value !== "" && el.getAttribute("data-clears");
    if (other && el.form.elements[other]) { el.form.elements[other].value = ""; }
  });
  // Keep unsaved form input across a dropped connection: htmx reports the error, the form stays.
  document.addEventListener("htmx:sendError", function (evt) {
    var box = document.getElementById("messages");
    if (box) {
      box.innerHTML = '<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-text">' +
        "Forbindelsen blev afbrudt. Det, du har skrevet, er ikke gået tabt – prøv at gemme igen." + "</p></div></div>";
    }
  });
})();
