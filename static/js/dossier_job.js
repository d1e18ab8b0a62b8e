/* The decision dossier's job page (admin/requests_app/capacityrequest/dossier_job.html):
   while the worker builds the dossier, fetch this page every few seconds and put its new
   status into the polite live region, without reloading the page; stop once it is ready,
   failed or gone. Without JavaScript the page's <noscript> meta refresh reloads it instead. */
(function () {
  "use strict";
  const region = document.getElementById("mx-dossier-status");
  if (!region || !region.dataset.refresh) {
    return;
  }
  const delay = Number(region.dataset.refresh) * 1000;

  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        const fresh = new DOMParser()
          .parseFromString(html, "text/html")
          .getElementById("mx-dossier-status");
        if (!fresh) {
          return;
        }
        region.innerHTML = fresh.innerHTML;
        if (fresh.dataset.refresh) {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        window.setTimeout(poll, delay * 2);
      });
  }

  window.setTimeout(poll, delay);
})();
