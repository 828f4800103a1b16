/* Glossator: the notes toggle and the ¶ menu (copy link, cite). Pages work without it. */
(function () {
  "use strict";
  var KEY = "glossator.notes-hidden";

  function setHidden(hidden, button) {
    document.documentElement.classList.toggle("gl-notes-hidden", hidden);
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

  /* ---- The reading layout -------------------------------------------------------------------
   * Wide screens: each note sits in the margin, its top on its quote's line (or its paragraph's
   * first line). A note that would collide with the one above moves down. Long notes show their
   * first lines and a "More" button; when the margin is too short for the notes at that length,
   * they are shortened further (down to a few lines), and notes that still do not fit continue
   * below the text. The text column never moves: it is laid out as if there were no notes.
   * Narrow screens: notes are summary lines under their paragraph, opened by a tap.
   * Without this script, notes are cards after their paragraph (see glossator.css).
   */
  var root = document.documentElement;
  var WIDE = window.matchMedia("screen and (min-width: 60em)");
  var NARROW = window.matchMedia("screen and (max-width: 59.99em)");
  var GAP = 10;  /* px between two notes */
  var CLIPS = [22, 14, 9, 5.5];  /* the heights (rem) a note is cut to, longest first */
  var homes = new Map();  /* note -> its aside, for notes moved below the text */

  function rem() { return parseFloat(getComputedStyle(root).fontSize); }
  function pageY(rect) { return rect.top + window.scrollY; }

  function anchorY(note) {
    var mark = document.getElementById(note.id.replace(/^note-/, "quote-"));
    var para = homes.get(note) ? homes.get(note).parentNode : note.closest(".gl-para");
    var block = document.getElementById("p" + para.getAttribute("data-p"));
    var target = mark && block && block.contains(mark) ? mark.getClientRects()[0] : block.getBoundingClientRect();
    return pageY(target);
  }

  function overflowSection() {
    var section = document.querySelector(".gl-overflow");
    if (!section) {
      var paras = document.querySelectorAll(".gl-para");
      section = element("section", { "class": "gl-overflow", "aria-labelledby": "gl-overflow-title" });
      section.appendChild(element("h2", { id: "gl-overflow-title" }, "More notes"));
      section.appendChild(element("div", { "class": "gl-overflow__notes" }));
      paras[paras.length - 1].insertAdjacentElement("afterend", section);
    }
    return section;
  }

  function bringHome(keep) {
    homes.forEach(function (aside, note) {
      if (keep && keep.has(note)) return;
      var later = Array.prototype.find.call(aside.children, function (other) {
        return Number(other.getAttribute("data-n")) > Number(note.getAttribute("data-n"));
      });
      aside.insertBefore(note, later || null);
      homes.delete(note);
    });
    var section = document.querySelector(".gl-overflow");
    if (section && !homes.size) section.remove();
  }

  /* Move `below` (in page order) under the text, touching only notes not already there in that
     order: a note that holds the keyboard focus must not leave the document. */
  function shelve(below) {
    bringHome(new Set(below));
    if (!below.length) return;
    var shelf = overflowSection().querySelector(".gl-overflow__notes"), previous = null;
    below.forEach(function (note) {
      if (!homes.has(note)) homes.set(note, note.parentNode);
      var expected = previous ? previous.nextElementSibling : shelf.firstElementChild;
      if (note !== expected) shelf.insertBefore(note, expected);
      previous = note;
    });
  }

  function moreButton(note) {
    var button = note.querySelector(":scope > .gl-note__more");
    if (!button) {
      button = element("button", { type: "button", "class": "gl-note__more", "aria-expanded": "false" }, "More");
      button.addEventListener("click", function () {
        var open = note.classList.toggle("gl-note--expanded");
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? "Less" : "More";
        layout();
        if (!open) note.scrollIntoView({ block: "nearest" });
      });
      note.appendChild(button);
    }
    return button;
  }

  function resetNote(note) {
    note.classList.remove("gl-note--clipped");
    note.style.removeProperty("top");
    note.style.removeProperty("--gl-clip");
  }

  function layout() {
    var paras = document.querySelectorAll(".gl-para");
    var last = paras[paras.length - 1];
    if (last) last.style.paddingBottom = "";
    var margin = WIDE.matches && !root.classList.contains("gl-notes-hidden");
    root.classList.toggle("gl-margin", margin);
    if (!margin) bringHome();
    var notes = Array.prototype.slice.call(document.querySelectorAll(".gl-para > .gl-notes > .gl-note, .gl-overflow__notes > .gl-note"));
    notes.sort(function (a, b) { return a.getAttribute("data-n") - b.getAttribute("data-n"); });
    notes.forEach(resetNote);
    if (!margin || !notes.length) return;
    var textBottom = pageY(last.getBoundingClientRect()) + last.offsetHeight;
    var items = notes.map(function (note) {
      var aside = homes.get(note) || note.parentNode;
      return { note: note, anchor: anchorY(note), height: note.offsetHeight, asideTop: pageY(aside.getBoundingClientRect()),
               keep: note.classList.contains("gl-note--expanded") };
    });
    /* At rest (as if no note were opened), the longest cut at which every note fits beside the
       text; else the shortest, and the notes from the first that does not fit on go below the text.
       Opening a note then pushes the notes under it down, but never sends one below. */
    function rest(limit) {
      var bottom = -Infinity, below = [];
      items.forEach(function (item) {
        var top = Math.max(item.anchor, bottom + GAP), height = Math.min(item.height, limit);
        if (below.length || top + height > textBottom) below.push(item.note); else bottom = top + height;
      });
      return below;
    }
    var limits = CLIPS.map(function (clip) { return clip * rem(); });
    var limit = limits.filter(function (each) { return rest(each).length === 0; })[0];
    var below = limit === undefined ? rest(limit = limits[limits.length - 1]) : [];
    var bottom = -Infinity;
    items.forEach(function (item) {
      var height = item.keep ? item.height : Math.min(item.height, limit);
      if (height < item.height) {
        item.note.classList.add("gl-note--clipped");
        item.note.style.setProperty("--gl-clip", limit + "px");
      }
      if (height < item.height || item.keep) moreButton(item.note);
      if (below.indexOf(item.note) >= 0) return;
      var top = Math.max(item.anchor, bottom + GAP);
      item.note.style.top = (top - item.asideTop) + "px";
      bottom = top + height;
    });
    shelve(below);
    /* What follows the text starts below the lowest note. */
    last.style.paddingBottom = bottom > textBottom ? (bottom - textBottom) + "px" : "";
  }

  var pending = 0;
  function relayout() {
    if (!pending) pending = window.requestAnimationFrame(function () { pending = 0; layout(); });
  }

  /* Narrow screens: notes start folded to their summary line; wide ones show them open. */
  function fold() {
    var folded = NARROW.matches;
    document.querySelectorAll("details.gl-note").forEach(function (note) {
      note.open = !folded || location.hash === "#" + note.id;
    });
  }

  /* Keep the paragraph at the top of the window where it is while notes appear or disappear. */
  function keepingPlace(change) {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".gl-para > [id^=p]"));
    var starts = blocks.filter(function (block) { return block.getBoundingClientRect().top >= top - 1; });
    var reading = blocks.filter(function (block) { return block.getBoundingClientRect().top < top - 1; });
    /* The first paragraph that starts in view; or the one being read, if it fills the view. */
    var anchor = starts.length && starts[0].getBoundingClientRect().top < window.innerHeight ? starts[0] : reading.pop() || starts[0];
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    layout();
    if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  function linkHighlights() {
    function pair(mark, note) {
      [[mark, note], [note, mark]].forEach(function (both) {
        ["mouseenter", "focusin"].forEach(function (type) {
          both[0].addEventListener(type, function () { mark.classList.add("gl-linked"); note.classList.add("gl-linked"); });
        });
        ["mouseleave", "focusout"].forEach(function (type) {
          both[0].addEventListener(type, function () { mark.classList.remove("gl-linked"); note.classList.remove("gl-linked"); });
        });
      });
    }
    document.querySelectorAll("mark.gl-quote[id]").forEach(function (mark) {
      var note = document.getElementById(mark.id.replace(/^quote-/, "note-"));
      if (note) pair(mark, note);
    });
  }

  function initLayout() {
    root.classList.add("gl-ready");  /* the page's head script checks for it once the page has loaded */
    var notes = document.querySelectorAll("details.gl-note");
    if (!notes.length) return;
    fold();
    layout();
    linkHighlights();
    [WIDE, NARROW].forEach(function (query) { query.addEventListener("change", function () { fold(); layout(); }); });
    var width = window.innerWidth;
    window.addEventListener("resize", function () {
      if (window.innerWidth !== width) { width = window.innerWidth; relayout(); }
    });
    window.addEventListener("load", relayout);
    /* A note opened or closed (by a tap, Enter, or "expand all") moves the notes under it. */
    notes.forEach(function (note) { note.addEventListener("toggle", relayout); });
    /* Tapping a highlighted quote opens its note, at once and even when the address already names it (a note
       closed since); so does following a link to it. */
    function reveal(hash) {
      var note = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
      if (note && note.matches("details.gl-note")) {
        note.open = true;
        if (note.classList.contains("gl-note--clipped") && !note.classList.contains("gl-note--expanded")) moreButton(note).click();
      }
    }
    window.addEventListener("hashchange", function () { reveal(location.hash); });
    document.querySelectorAll("a.gl-quote__link").forEach(function (link) {
      link.addEventListener("click", function () { reveal(link.getAttribute("href")); });
    });
    /* Focus inside the cut-off part of a note opens it, so that the focus is never hidden. */
    document.addEventListener("focusin", function (event) {
      var note = event.target.closest && event.target.closest(".gl-note--clipped");
      if (note && event.target !== note.querySelector("summary") && !event.target.matches(".gl-note__more")) {
        moreButton(note).click();
        event.target.scrollIntoView({ block: "nearest" });
      }
    });
    document.querySelectorAll(".gl-expand-notes").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var expand = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(expand));
        button.textContent = expand ? "Fold all notes" : "Expand all notes";
        keepingPlace(function () {
          document.querySelectorAll("details.gl-note").forEach(function (note) {
            note.open = expand || !NARROW.matches;
            note.classList.toggle("gl-note--expanded", expand);
            var more = note.querySelector(":scope > .gl-note__more");
            if (more) { more.setAttribute("aria-expanded", String(expand)); more.textContent = expand ? "Less" : "More"; }
          });
        });
      });
    });
    window.addEventListener("beforeprint", function () {
      bringHome();
      root.classList.remove("gl-margin");
      document.querySelectorAll("details.gl-note").forEach(function (note) { note.open = true; resetNote(note); });
    });
    window.addEventListener("afterprint", function () { fold(); layout(); });
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
        var hidden = !document.documentElement.classList.contains("gl-notes-hidden");
        keepingPlace(function () { setHidden(hidden, button); });
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

    initLayout();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
