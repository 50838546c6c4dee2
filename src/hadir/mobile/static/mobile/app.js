/* Hadir phone page: selfie + location, queued in IndexedDB, sent when the network allows.

   Each capture gets a client_id (crypto.randomUUID) when it is taken and keeps it for every
   resend, so the server stores it once. A capture leaves the queue only when the server has
   answered it: 2xx (recorded or waiting for approval) or a 4xx refusal, which is shown and
   kept in the "refused" list. 401/403 (logged out, CSRF) and network errors keep it queued.
   Each capture shows its fate as the server says (recorded, waiting, approved, rejected with
   the reason). A page served from the service worker's cache, or a phone gone offline, says
   so plainly (#offline-notice: the time the page's data was saved).
   All words come from the page (#mobile-texts), translated by the server. */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("mobile-config").textContent);
  const T = JSON.parse(document.getElementById("mobile-texts").textContent);
  if (!config.employee) return;
  const $ = (id) => document.getElementById(id);
  const DB_NAME = "hadir-mobile";
  const SYNC_KEY = "hadir-mobile-last-sync";
  let position = null;
  let stream = null;
  let flushing = false;

  /* ---- IndexedDB: two stores, "queue" (waiting to be sent) and "refused" ---- */
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("queue", { keyPath: "client_id" });
        request.result.createObjectStore("refused", { keyPath: "client_id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  function tx(store, mode, work) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = work(t.objectStore(store));
      t.oncomplete = () => { db.close(); resolve(result && result.result); };
      t.onerror = () => { db.close(); reject(t.error); };
    }));
  }
  const all = (store) => tx(store, "readonly", (s) => s.getAll())
    .then((rows) => (rows || []).filter((r) => r.employee === config.employee)
      .sort((a, b) => (a.captured_at < b.captured_at ? -1 : 1)));
  const put = (store, row) => tx(store, "readwrite", (s) => s.put(row));
  const remove = (store, key) => tx(store, "readwrite", (s) => s.delete(key));

  /* ---- time with the phone's offset: 2026-03-02T07:31:05+07:00 ---- */
  function isoLocal(date) {
    const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
    const offset = -date.getTimezoneOffset();
    const sign = offset >= 0 ? "+" : "-";
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      sign + pad(offset / 60) + ":" + pad(offset % 60);
  }
  const clock = (iso) => iso.substring(11, 16);
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  }
  function say(text, kind) {
    const box = $("message");
    box.textContent = text;
    box.className = "m-msg" + (kind ? " m-" + kind : "");
  }
  function csrfToken() {
    const hit = document.cookie.split("; ").find((c) => c.startsWith(config.csrfCookie + "="));
    return hit ? decodeURIComponent(hit.split("=")[1]) : "";
  }

  /* ---- camera and location ---- */
  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(T.no_camera, "refused");
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false })
      .then((media) => {
        stream = media;
        $("preview").srcObject = media;
        $("btn-in").disabled = false;
        $("btn-out").disabled = false;
      })
      .catch(() => say(T.no_camera, "refused"));
  }
  function showPosition() {
    $("position").textContent = position
      ? fill(T.accuracy, { m: Math.round(position.accuracy) }) : T.waiting_location;
  }
  function remember(found) {
    position = {
      lat: found.coords.latitude,
      lon: found.coords.longitude,
      accuracy: found.coords.accuracy,
      mocked: typeof found.mocked === "boolean" ? found.mocked : null,
    };
    showPosition();
  }
  function startLocation() {
    if (!navigator.geolocation) { $("position").textContent = T.no_location; return; }
    showPosition();
    navigator.geolocation.watchPosition(remember, () => {
      if (!position) $("position").textContent = T.no_location;
    }, { enableHighAccuracy: true, maximumAge: 10000, timeout: 20000 });
  }
  function currentPosition() {
    if (position || !navigator.geolocation) return Promise.resolve(position);
    return new Promise((resolve) => navigator.geolocation.getCurrentPosition(
      (found) => { remember(found); resolve(position); },
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10000 }
    ));
  }
  function photo() {
    const video = $("preview");
    const canvas = $("frame");
    const scale = Math.min(1, 640 / (video.videoWidth || 640));
    canvas.width = Math.round((video.videoWidth || 640) * scale);
    canvas.height = Math.round((video.videoHeight || 480) * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
  }

  /* ---- taking a capture: stored first, then sent ---- */
  function capture(direction) {
    const takenAt = isoLocal(new Date());
    $("btn-in").disabled = true;
    $("btn-out").disabled = true;
    return Promise.all([photo(), currentPosition()]).then(([blob, where]) => put("queue", {
      client_id: crypto.randomUUID(),
      employee: config.employee,
      direction: direction,
      captured_at: takenAt,
      lat: where ? where.lat : null,
      lon: where ? where.lon : null,
      accuracy: where ? where.accuracy : null,
      mocked: where ? where.mocked : null,
      photo: blob,
    })).then(() => {
      say(navigator.onLine ? T.sending : T.queued, "queued");
      return render();
    }).then(flush).finally(() => {
      chooseDirection();
      $("btn-in").disabled = !stream;
      $("btn-out").disabled = !stream;
    });
  }

  /* ---- sending the queue, oldest first, one at a time ---- */
  function send(row) {
    const form = new FormData();
    ["client_id", "direction", "captured_at"].forEach((k) => form.append(k, row[k]));
    form.append("sent_at", isoLocal(new Date()));
    ["lat", "lon", "accuracy", "mocked"].forEach((k) => {
      if (row[k] !== null && row[k] !== undefined) form.append(k, String(row[k]));
    });
    form.append("photo", row.photo, "selfie.jpg");
    return fetch(config.api, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    });
  }
  function answerText(body) {
    if (body && body.message) return body.message;
    if (body && typeof body.detail === "string") return body.detail;
    return T.error;
  }
  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      for (const row of await all("queue")) {
        let response;
        try { response = await send(row); } catch (e) { say(T.error, "queued"); break; }
        const body = await response.json().catch(() => null);
        if (response.status === 401 || response.status === 403) { say(T.login, "refused"); break; }
        if (response.ok) {
          await remove("queue", row.client_id);
          say(answerText(body), body && body.outcome);
        } else if (response.status >= 400 && response.status < 500) {
          await put("refused", {
            client_id: row.client_id, employee: row.employee, direction: row.direction,
            captured_at: row.captured_at, message: answerText(body),
          });
          await remove("queue", row.client_id);
          say(answerText(body), "refused");
        } else { say(T.error, "queued"); break; }
        localStorage.setItem(SYNC_KEY, isoLocal(new Date()));
      }
    } finally {
      flushing = false;
      await render();
    }
  }

  /* ---- what the page shows: the server's list when online, plus the queue ---- */
  function item(time, direction, label, message, kind, photoUrl, fate) {
    const li = document.createElement("li");
    li.className = "m-" + kind + (fate ? " m-fate-" + fate : "");
    if (fate) li.dataset.fate = fate;
    const strong = document.createElement("strong");
    strong.textContent = time;
    li.append(strong, " " + T[direction] + " · " + label);
    if (photoUrl) {
      const link = document.createElement("a");
      link.href = photoUrl;
      link.textContent = T.photo;
      li.append(" · ", link);
    }
    if (message) {
      const small = document.createElement("span");
      small.className = "m-small";
      small.textContent = message;
      li.append(document.createElement("br"), small);
    }
    return li;
  }
  async function serverList() {
    if (!navigator.onLine) return null;
    try {
      const response = await fetch(config.mine, { credentials: "same-origin" });
      return response.ok ? await response.json() : null;
    } catch (e) { return null; }
  }
  async function render() {
    const queued = await all("queue");
    const refused = await all("refused");
    $("queue-count").textContent = String(queued.length);
    const sync = localStorage.getItem(SYNC_KEY);
    $("last-sync").textContent = sync ? sync.substring(0, 16).replace("T", " ") : T.never;
    $("refused").replaceChildren(...refused.map(
      (r) => item(clock(r.captured_at), r.direction, T.refused, r.message, "refused")));
    const list = $("captures");
    const fromServer = await serverList();
    if (fromServer) {
      list.replaceChildren(...fromServer.map((c) => item(
        new Date(c.captured_at).toTimeString().substring(0, 5), c.direction,
        c.fate_label || T[c.outcome], c.fate ? c.fate_note : c.message, c.outcome,
        config.mine.replace(/mine$/, c.client_id + "/photo"), c.fate)));
      if (fromServer.length && fromServer[0].day) {
        const day = fromServer[0].day;
        $("today-in").textContent = day.check_in || "–";
        $("today-out").textContent = day.check_out || "–";
        $("today-waiting").textContent = String(day.waiting);
      }
    }
    list.querySelectorAll(".m-queued").forEach((li) => li.remove());
    queued.forEach((r) => list.prepend(
      item(clock(r.captured_at), r.direction, T.queued_label, "", "queued")));
  }
  function showNetwork() {
    $("net").textContent = navigator.onLine ? T.online : T.offline;
    const fromCache = document.body.dataset.source === "cache";
    $("offline-notice").hidden = navigator.onLine && !fromCache;
  }
  /* After a capture the next one may go either way: the employee chooses. */
  function chooseDirection() {
    const hint = $("direction-hint");
    if (!hint.dataset.decided) return;
    hint.dataset.decided = "";
    hint.textContent = T.choose;
    document.querySelectorAll("[data-direction]").forEach((b) => b.classList.remove("m-other"));
  }

  document.querySelectorAll("[data-direction]").forEach((button) => {
    button.addEventListener("click", () => capture(button.dataset.direction));
  });
  window.addEventListener("online", () => { showNetwork(); flush(); });
  window.addEventListener("offline", showNetwork);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.sw, { scope: config.scope }).catch(() => {});
  }
  showNetwork();
  startCamera();
  startLocation();
  render().then(flush);
  setInterval(flush, 30000);
})();
