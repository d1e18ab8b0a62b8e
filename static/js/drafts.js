/* MIEUX+ request form: nothing typed is lost on a bad connection.

   A form marked data-draft="<user>:<request>:<step>" keeps a copy of what is typed in the
   browser's localStorage at every keystroke, and sends it to the server in the background
   (the step's own URL, header X-Mieux-Autosave) when typing pauses and the connection allows.
   When the page is opened again (after a dropped connection, a closed tab or logging in again)
   and the form shows something else than the copy, the copy is put back and the notice above
   the form says which fields; its button discards the copy and puts the page's values back.
   A copy the page already shows (saved) is dropped. Every text shown comes from the template
   (translated there): this script holds no words. Without JavaScript the form works as before. */
(function () {
  "use strict";
  var PREFIX = "mieux-draft:";
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000; // a copy older than a month is forgotten
  var AUTOSAVE_PAUSE_MS = 15000;

  var form = document.querySelector("form[data-draft]");
  if (!form) {
    return;
  }
  var storage;
  try {
    storage = window.localStorage;
    storage.getItem(PREFIX); // throws where storage is refused
  } catch (error) {
    return;
  }
  var key = PREFIX + form.getAttribute("data-draft");
  var notice = document.querySelector("[data-draft-notice]");
  var status = document.querySelector("[data-draft-status]");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name &&
        el.name !== "csrfmiddlewaretoken" &&
        ["submit", "button", "file", "hidden", "reset"].indexOf(el.type) === -1
      );
    });
  }

  // served: the values the page came with (the server's), not what the browser may have
  // filled back in by itself on a reload.
  function read(served) {
    var values = {};
    fields().forEach(function (el) {
      var list = values[el.name] || (values[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (served ? el.defaultChecked : el.checked) {
          list.push(el.value);
        }
      } else if (el.type === "select-multiple" || el.type === "select-one") {
        Array.prototype.forEach.call(el.options, function (option) {
          if (served ? option.defaultSelected : option.selected) {
            list.push(option.value);
          }
        });
        if (served && el.type === "select-one" && list.length === 0 && el.options.length) {
          list.push(el.options[0].value); // no option marked: the first one shows
        }
      } else {
        list.push(served ? el.defaultValue : el.value);
      }
    });
    return values;
  }

  function write(values) {
    var seen = {};
    fields().forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(values, el.name)) {
        return;
      }
      var list = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
      } else if (el.type === "select-multiple" || el.type === "select-one") {
        Array.prototype.forEach.call(el.options, function (option) {
          option.selected = list.indexOf(option.value) !== -1;
        });
      } else {
        var index = seen[el.name] || 0;
        seen[el.name] = index + 1;
        if (index < list.length) {
          el.value = list[index];
        }
      }
    });
  }

  // The server strips the spaces around a value: they alone are no difference.
  function plain(list) {
    return JSON.stringify(
      (list || []).map(function (value) {
        return String(value).replace(/\r\n/g, "\n").trim();
      })
    );
  }

  function changedNames(from, to) {
    return Object.keys(to).filter(function (name) {
      return Object.prototype.hasOwnProperty.call(from, name) && plain(from[name]) !== plain(to[name]);
    });
  }

  function labelOf(name) {
    var el = form.elements[name];
    var first = el && el.length !== undefined && !el.tagName ? el[0] : el;
    var label = first && first.id ? form.querySelector('label[for="' + first.id + '"]') : null;
    var group = first && first.closest ? first.closest("fieldset") : null;
    if ((!label || first.type === "checkbox" || first.type === "radio") && group) {
      label = group.querySelector("legend") || label;
    }
    return label ? label.textContent.replace(/\*/g, "").trim() : name;
  }

  function say(text) {
    if (status) {
      status.textContent = text || "";
    }
  }

  function load() {
    try {
      var stored = JSON.parse(storage.getItem(key) || "null");
      return stored && typeof stored.values === "object" ? stored : null;
    } catch (error) {
      return null;
    }
  }

  function store(values) {
    try {
      storage.setItem(key, JSON.stringify({ values: values, at: Date.now() }));
    } catch (error) {
      // Storage full or refused: the server copy is still sent when the connection allows.
    }
  }

  function forgetOld() {
    for (var i = storage.length - 1; i >= 0; i -= 1) {
      var name = storage.key(i);
      if (name && name.indexOf(PREFIX) === 0) {
        try {
          if (Date.now() - JSON.parse(storage.getItem(name)).at > MAX_AGE_MS) {
            storage.removeItem(name);
          }
        } catch (error) {
          storage.removeItem(name);
        }
      }
    }
  }

  // --- Coming back: put back what the page does not show ---------------------------------
  forgetOld();
  var shown = read(true);
  var copy = load();
  var restored = false;
  if (copy) {
    var names = changedNames(shown, copy.values);
    if (names.length === 0) {
      storage.removeItem(key); // the page already shows it: it was saved
    } else {
      write(copy.values);
      restored = true;
      if (notice) {
        var list = notice.querySelector("[data-draft-fields]");
        names.forEach(function (name) {
          var item = document.createElement("li");
          item.textContent = labelOf(name);
          list.appendChild(item);
        });
        notice.hidden = false;
        var discard = notice.querySelector("[data-draft-discard]");
        discard.addEventListener("click", function () {
          write(shown);
          storage.removeItem(key);
          notice.hidden = true;
          say(status && status.getAttribute("data-discarded"));
          form.querySelector("input, textarea, select").focus();
        });
      }
    }
  }

  // --- Typing: keep a copy here, and send it to the server when typing pauses -------------
  var lastSent = JSON.stringify(shown);
  if (restored) {
    lastSent = ""; // what was put back is not on the server yet
  }
  var timer = null;

  function send() {
    timer = null;
    var values = read();
    var text = JSON.stringify(values);
    if (text === lastSent || form.dataset.submitted === "true") {
      return;
    }
    if (navigator.onLine === false || !window.fetch) {
      say(status && status.getAttribute("data-offline"));
      return;
    }
    var body = new FormData(form);
    body.delete("action");
    window
      .fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual", // an expired session answers with the login page: not saved
        headers: { "X-Mieux-Autosave": "1" },
      })
      .then(function (response) {
        if (response.status === 204) {
          lastSent = text;
          say(status && status.getAttribute("data-saved"));
        } else {
          say(status && status.getAttribute("data-kept"));
        }
      })
      .catch(function () {
        say(status && status.getAttribute("data-offline"));
      });
  }

  function typed() {
    store(read());
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(send, AUTOSAVE_PAUSE_MS);
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  window.addEventListener("online", function () {
    send();
  });
  window.addEventListener("offline", function () {
    say(status && status.getAttribute("data-offline"));
  });
})();
