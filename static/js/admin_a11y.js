/* MIEUX+ staff desk: what the admin's third-party widgets leave out for assistive technology,
   added as they appear (they are built by script, some only when opened):
   - modeltranslation's language switch (a <select> without a name);
   - select2's search boxes (no label): named after the field's label;
   - jQuery UI's tabs (the tab role on the <li>, a link inside it: a control inside a
     control): the link, which has the keyboard and the click, becomes the tab, the <li> a
     plain container (the state jQuery UI keeps writing on the <li> moves to the link);
   - the filter icon of Django's two-list selector (an aria-label on a plain <span>): an image.
   The texts come translated from the page (data attributes of this script's tag). */
(function () {
  "use strict";
  const script = document.currentScript;
  const text = {
    language: script.dataset.languageLabel,
    search: script.dataset.searchLabel,
  };

  function labelOf(select) {
    const label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.trim().replace(/[:：]\s*$/, "") : "";
  }

  function repair(root) {
    const switcher = root.querySelector("#modeltranslation-main-switch");
    if (switcher && !switcher.hasAttribute("aria-label")) {
      switcher.setAttribute("aria-label", text.language);
    }
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (input) {
      const container = input.closest(".select2-container");
      let select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") {
        // An open dropdown's search box: the container of the select it belongs to is open.
        const open = document.querySelector(".select2-container--open:not(.select2-container--default.select2-dropdown)");
        select = open && open.previousElementSibling;
      }
      const name = labelOf(select);
      input.setAttribute("aria-label", name ? text.search + ": " + name : text.search);
    });
    root.querySelectorAll(".ui-tabs-nav > li").forEach(function (item) {
      const link = item.querySelector(":scope > a");
      const moved = ["tabindex", "aria-controls", "aria-selected", "aria-expanded"];
      if (!link || (item.getAttribute("role") === "presentation" && !moved.some(function (name) {
        return item.hasAttribute(name);
      }))) {
        return;
      }
      ["aria-controls", "aria-selected", "aria-expanded"].forEach(function (name) {
        if (item.hasAttribute(name)) {
          link.setAttribute(name, item.getAttribute(name));
          item.removeAttribute(name);
        }
      });
      if (item.hasAttribute("tabindex")) {
        link.setAttribute("tabindex", item.getAttribute("tabindex"));
        item.removeAttribute("tabindex");
      }
      item.removeAttribute("aria-labelledby");
      item.setAttribute("role", "presentation");
      link.setAttribute("role", "tab");
    });
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  // jQuery UI finds a tab's panel, and moves the keyboard, through the <li>: through the
  // link now (its public widget extension; the tabs are built after this script has run).
  const jq = window.jQuery || (window.django && window.django.jQuery);
  if (jq && jq.ui && jq.ui.tabs) {
    jq.widget("ui.tabs", jq.ui.tabs, {
      _getPanelForTab: function (tab) {
        const id = jq(tab).attr("aria-controls") || jq(tab).children("a").attr("aria-controls");
        return this.element.find("#" + CSS.escape(id));
      },
      _focusNextTab: function (index, goingForward) {
        index = this._findNextTab(index, goingForward);
        this.tabs.eq(index).children("a").trigger("focus");
        return index;
      },
    });
  }

  function start() {
    repair(document);
    new MutationObserver(function () {
      repair(document);
    }).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-selected", "aria-expanded", "aria-controls", "tabindex"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
