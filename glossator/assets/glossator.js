/* Glossator: the notes toggle and the ¶ menu (copy link, cite). Pages work without it. */
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

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");  // file:// has no async clipboard
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject();
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  /* Citations: templates on the toolbar, with {n} for the paragraph and {url} for the page. */
  function citation(kind, number) {
    var bar = document.querySelector(".gl-toolbar[data-cite-text]");
    var url = location.href.split("#")[0];
    return bar.getAttribute("data-cite-" + kind).split("{url}").join(url).split("{n}").join(String(number));
  }

  function citeDialog(number) {
    var dialog = element("dialog", { "class": "gl-cite md-typeset", "aria-labelledby": "gl-cite-title" });
    dialog.appendChild(element("h2", { id: "gl-cite-title" }, "Cite paragraph " + number));
    [["text", "Reference"], ["bibtex", "BibTeX"]].forEach(function (pair) {
      var text = citation(pair[0], number);
      var block = element("pre", { "class": "gl-cite__" + pair[0] }, text);
      var button = element("button", { type: "button", "class": "md-button" }, "Copy " + pair[1]);
      button.addEventListener("click", function () {
        copy(text).then(function () { button.textContent = "Copied"; }, function () { block.focus(); });
      });
      dialog.appendChild(element("h3", {}, pair[1]));
      dialog.appendChild(block);
      dialog.appendChild(button);
    });
    var close = element("button", { type: "button", "class": "md-button md-button--primary gl-cite__close" }, "Close");
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(close);
    dialog.addEventListener("close", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  /* The ¶ menu: a small list of actions under the paragraph number. */
  function closeMenus() {
    document.querySelectorAll(".gl-menu").forEach(function (menu) { menu.remove(); });
    document.querySelectorAll(".gl-pilcrow[aria-expanded]").forEach(function (p) { p.setAttribute("aria-expanded", "false"); });
  }

  function openMenu(pilcrow) {
    closeMenus();
    var number = pilcrow.getAttribute("href").slice(2);
    var menu = element("div", { "class": "gl-menu", role: "menu", "aria-label": "Paragraph " + number });
    var actions = [["Copy link", function () {
      history.replaceState(null, "", "#p" + number);
      copy(location.href).then(function () { pilcrow.setAttribute("data-copied", ""); });
      window.setTimeout(function () { pilcrow.removeAttribute("data-copied"); }, 1500);
    }]];
    if (document.querySelector(".gl-toolbar[data-cite-text]")) {
      actions.push(["Cite this paragraph", function () { citeDialog(number); }]);
    }
    actions.forEach(function (action) {
      var item = element("button", { type: "button", role: "menuitem" }, action[0]);
      item.addEventListener("click", function () { closeMenus(); action[1](); });
      menu.appendChild(item);
    });
    menu.addEventListener("keydown", function (event) {
      var items = Array.prototype.slice.call(menu.querySelectorAll("button"));
      var at = items.indexOf(document.activeElement);
      if (event.key === "Escape") { closeMenus(); pilcrow.focus(); }
      if (event.key === "ArrowDown") { items[(at + 1) % items.length].focus(); event.preventDefault(); }
      if (event.key === "ArrowUp") { items[(at + items.length - 1) % items.length].focus(); event.preventDefault(); }
    });
    pilcrow.setAttribute("aria-expanded", "true");
    pilcrow.insertAdjacentElement("afterend", menu);
    menu.querySelector("button").focus();
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

    document.querySelectorAll(".gl-pilcrow").forEach(function (pilcrow) {
      pilcrow.setAttribute("aria-haspopup", "menu");
      pilcrow.setAttribute("aria-expanded", "false");
    });

    document.addEventListener("click", function (event) {
      var pilcrow = event.target.closest && event.target.closest(".gl-pilcrow");
      if (pilcrow) {
        event.preventDefault();
        if (pilcrow.getAttribute("aria-expanded") === "true") closeMenus(); else openMenu(pilcrow);
      } else if (!(event.target.closest && event.target.closest(".gl-menu"))) {
        closeMenus();
      }
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
