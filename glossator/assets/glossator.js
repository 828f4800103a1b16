/* Glossator: the notes toggle and copy-on-click paragraph links. Pages work without it. */
(function () {
  "use strict";
  var KEY = "glossator.notes-hidden";

  function setHidden(hidden, button) {
    document.body.classList.toggle("gl-notes-hidden", hidden);
    if (button) {
      button.setAttribute("aria-pressed", String(!hidden));
      button.textContent = hidden ? "Show notes" : "Hide notes";
    }
  }

  function storedHidden() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function store(hidden) {
    try { window.localStorage.setItem(KEY, hidden ? "1" : "0"); } catch (e) { /* file:// or private mode */ }
  }

  function init() {
    // Material's search is a dialog without a name; screen readers announce it as "Search".
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search");
    });

    document.querySelectorAll(".gl-toggle-notes").forEach(function (button) {
      button.hidden = false;
      setHidden(storedHidden(), button);
      button.addEventListener("click", function () {
        var hidden = !document.body.classList.contains("gl-notes-hidden");
        setHidden(hidden, button);
        store(hidden);
      });
    });

    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".gl-pilcrow");
      if (!link || !navigator.clipboard || !window.isSecureContext) return;
      navigator.clipboard.writeText(link.href).then(function () {
        link.setAttribute("data-copied", "");
        window.setTimeout(function () { link.removeAttribute("data-copied"); }, 1500);
      }, function () { /* copying is a convenience; the link still works */ });
    });

    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.gl-note").forEach(function (note) { note.open = true; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
