/* MIEUX+ portal: small progressive enhancements, on every page (base.html); every page works
   without them. */
(function () {
  "use strict";
  // The top menu folds behind its button below the large breakpoint (Bootstrap's CSS: .collapse
  // hides it, .show shows it); the button opens and closes it and says which it is. Only this
  // of Bootstrap's JavaScript was used: its 80 KB bundle is not loaded. Without JavaScript,
  // css/nojs.css leaves the menu open and hides the button.
  document.querySelectorAll("[data-menu-button]").forEach(function (button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
      return;
    }
    button.addEventListener("click", function () {
      var open = menu.classList.toggle("show");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  // A form marked data-once disables its buttons after the first submit, so a double click
  // sends it once. The server refuses a second submission anyway; this only spares a wait.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-once")) {
      return;
    }
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    // Disabled later than the submit event, so the clicked button's name still counts.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });
  // Coming back with the browser's back button must not leave the buttons disabled.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.dataset.submitted = "";
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.disabled = false;
        b.removeAttribute("aria-disabled");
      });
    });
  });
})();
