/* The manual sheet (docs/requests.md): find and tick people, keep what was typed as a draft
   in this browser until the server confirms the sheet, and send only the ticked rows as one
   JSON field (a unit of any size stays under Django's form-field limit).
   No inline script anywhere: this file is loaded with defer (a strict CSP is coming). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-sheet]");
  if (!form) { return; }
  var prefix = "hadir.sheet." + form.dataset.draftUser + "." + form.dataset.draftUnit + ".";
  var dayInput = form.querySelector("[name=day]");
  var reasonInput = form.querySelector("[name=reason]");
  var status = form.querySelector("[data-testid=sheet-draft]");
  var errorList = form.querySelector("[data-testid=sheet-errors]");
  var counter = form.querySelector("[data-ticked-count]");
  var filter = form.querySelector("#sheet-filter");
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr[data-employee]"));
  var currentKey = null;
  var pending = null;  // a draft save waiting for typing to pause
  var confirmed = false;  // the server took the sheet: nothing more to keep

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function parts(row) {
    return {
      pick: row.querySelector("[data-pick]"),
      checkIn: row.querySelector("[data-side=in]"),
      checkOut: row.querySelector("[data-side=out]")
    };
  }

  // With the script running, the per-row inputs are not sent: one "entries" field is.
  rows.forEach(function (row) {
    var p = parts(row);
    [p.pick, p.checkIn, p.checkOut].forEach(function (input) { input.removeAttribute("name"); });
  });
  var entriesField = document.createElement("input");
  entriesField.type = "hidden";
  entriesField.name = "entries";
  form.appendChild(entriesField);
  form.querySelector("[data-sheet-tools]").hidden = false;

  function say(kind) {
    status.textContent = status.dataset[kind];
    status.hidden = false;
  }

  function showErrors(messages) {
    errorList.textContent = "";
    messages.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      errorList.appendChild(item);
    });
    errorList.hidden = messages.length === 0;
    if (messages.length) { errorList.scrollIntoView({ block: "center" }); }
  }

  function keyFor(day) { return prefix + (day || "-"); }

  function snapshot() {
    var ticked = {};
    rows.forEach(function (row) {
      var p = parts(row);
      if (p.pick.checked || p.checkIn.value || p.checkOut.value) {
        ticked[row.dataset.employee] = { p: p.pick.checked, i: p.checkIn.value, o: p.checkOut.value };
      }
    });
    return { day: dayInput.value, reason: reasonInput.value, rows: ticked, savedAt: Date.now() };
  }

  function count() {
    var n = 0;
    rows.forEach(function (row) { if (parts(row).pick.checked) { n += 1; } });
    counter.textContent = String(n);
  }

  function saveDraft() {
    var storage = store();
    count();
    if (!storage || confirmed) { return; }
    var key = keyFor(dayInput.value);
    if (currentKey && currentKey !== key) { storage.removeItem(currentKey); }  // the day moved
    currentKey = key;
    try { storage.setItem(key, JSON.stringify(snapshot())); } catch (e) { return; }
  }

  function latestDraftKey() {
    var storage = store();
    if (!storage) { return null; }
    if (dayInput.value && storage.getItem(keyFor(dayInput.value))) { return keyFor(dayInput.value); }
    var best = null;
    var bestAt = -1;
    for (var i = 0; i < storage.length; i += 1) {
      var key = storage.key(i);
      if (key && key.indexOf(prefix) === 0) {
        try {
          var at = JSON.parse(storage.getItem(key)).savedAt || 0;
          if (at > bestAt) { best = key; bestAt = at; }
        } catch (e) { storage.removeItem(key); }
      }
    }
    return best;
  }

  function restoreDraft() {
    var storage = store();
    var key = latestDraftKey();
    if (!storage || !key) { return false; }
    var draft;
    try { draft = JSON.parse(storage.getItem(key)); } catch (e) { return false; }
    if (!draft || typeof draft !== "object") { return false; }
    if (draft.day) { dayInput.value = draft.day; }
    if (draft.reason) { reasonInput.value = draft.reason; }
    var saved = draft.rows || {};
    rows.forEach(function (row) {
      var entry = saved[row.dataset.employee];
      if (!entry) { return; }
      var p = parts(row);
      if (!p.pick.disabled) { p.pick.checked = Boolean(entry.p); }
      p.checkIn.value = entry.i || "";
      p.checkOut.value = entry.o || "";
    });
    currentKey = key;
    count();
    return true;
  }

  function clearDraft() {
    var storage = store();
    confirmed = true;
    if (pending) { window.clearTimeout(pending); pending = null; }
    if (storage && currentKey) { storage.removeItem(currentKey); }
    currentKey = null;
  }

  function applyFilter() {
    var words = filter.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    rows.forEach(function (row) {
      var text = row.dataset.find;
      row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
    });
  }

  function entries() {
    var ticked = [];
    rows.forEach(function (row) {
      var p = parts(row);
      if (p.pick.checked) {
        ticked.push({ employee: Number(row.dataset.employee), "in": p.checkIn.value, out: p.checkOut.value });
      }
    });
    return ticked;
  }

  function failed(messages) {
    restoreDraft();  // the form keeps what was typed, whatever happened to the request
    if (messages) { showErrors(messages); } else { showErrors([]); say("failed"); }
  }

  // Saving 700 rows on every keystroke would be slow: save shortly after typing stops, and
  // at once when the page is left or the form is sent.
  function saveSoon() {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { pending = null; saveDraft(); }, 250);
  }
  function saveNow() {
    if (pending) { window.clearTimeout(pending); pending = null; }
    saveDraft();
  }
  window.addEventListener("pagehide", saveNow);

  form.addEventListener("input", function (event) {
    if (event.target === filter) { applyFilter(); return; }
    // Typing a time ticks the row: a time without a tick would be lost.
    var row = event.target.closest("tr[data-employee]");
    if (row && event.target.dataset.side && event.target.value) {
      var pick = parts(row).pick;
      if (!pick.disabled) { pick.checked = true; }
    }
    count();
    saveSoon();
    say("saved");
  });
  form.addEventListener("change", function (event) {
    if (event.target !== filter) { saveSoon(); }
  });
  form.querySelector("[data-tick-shown]").addEventListener("click", function () {
    rows.forEach(function (row) {
      var pick = parts(row).pick;
      if (!row.hidden && !pick.disabled) { pick.checked = true; }
    });
    saveDraft();
  });
  form.querySelector("[data-untick-all]").addEventListener("click", function () {
    rows.forEach(function (row) { parts(row).pick.checked = false; });
    saveDraft();
  });
  filter.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }  // Enter filters, never sends
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    saveNow();
    entriesField.value = JSON.stringify(entries());
    var button = form.querySelector("button[type=submit].primary");
    button.disabled = true;
    say("sending");
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      var contentType = response.headers.get("Content-Type") || "";
      if (contentType.indexOf("application/json") === -1) { failed(null); return null; }
      return response.json().then(function (answer) {
        if (response.ok && answer.redirect) {
          clearDraft();  // confirmed by the server: the draft has done its job
          window.location.assign(answer.redirect);
          return;
        }
        failed(answer.errors && answer.errors.length ? answer.errors : null);
      });
    }).catch(function () {
      failed(null);
    }).then(function () {
      button.disabled = false;
    });
  });

  if (restoreDraft()) { say("restored"); } else { count(); }
  applyFilter();
}());
