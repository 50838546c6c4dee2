// Hadir: the little behaviour pages need. No framework, nothing fetched from elsewhere.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("main-nav");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    explainDays();
    // Pages waiting for the worker refresh themselves.
    var waiting = document.querySelector("[data-refresh]");
    if (waiting) {
      var seconds = parseInt(waiting.getAttribute("data-refresh"), 10) || 5;
      window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
    }
  });

  // A day's explanation opens on tap (a phone has no hover): the code of a day on the
  // calendar or the unit grid is a button; its explanation shows in a panel at the bottom
  // of the screen, with the day's fix if it has one, until closed (the close button,
  // Escape, or another day).
  function explainDays() {
    var panel = document.getElementById("day-explanation");
    if (!panel) { return; }
    var title = panel.querySelector("[data-explanation-title]");
    var text = panel.querySelector("[data-explanation-text]");
    var close = panel.querySelector("[data-explanation-close]");
    var fix = panel.querySelector("[data-explanation-fix]");
    var opener = null;
    function hide() {
      panel.hidden = true;
      if (opener) {
        opener.setAttribute("aria-expanded", "false");
        opener.focus();
        opener = null;
      }
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-explain]") : null;
      if (!button) { return; }
      if (opener) { opener.setAttribute("aria-expanded", "false"); }
      opener = button;
      title.textContent = button.getAttribute("data-explain-title") || "";
      text.textContent = button.getAttribute("data-explain") || "";
      // The day's fix (a correction, or a dispensation after the window), when it has one.
      var url = button.getAttribute("data-fix-url");
      fix.hidden = !url;
      fix.setAttribute("href", url || "");
      fix.textContent = button.getAttribute("data-fix-label") || "";
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      close.focus();
    });
    close.addEventListener("click", hide);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) { hide(); }
    });
  }
})();
