/* MIEUX+ staff pages: tell the server the browser's time zone, so dates (history pages,
   timelines) read in the viewer's own time from the next page on (mieux_portal/timezones.py). */
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || document.cookie.indexOf("mx_tz=" + encodeURIComponent(zone)) !== -1) {
    return;
  }
  document.cookie =
    "mx_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax" +
    (window.location.protocol === "https:" ? "; Secure" : "");
})();
