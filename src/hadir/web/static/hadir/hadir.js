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
    // Pages waiting for the worker refresh themselves.
    var waiting = document.querySelector("[data-refresh]");
    if (waiting) {
      var seconds = parseInt(waiting.getAttribute("data-refresh"), 10) || 5;
      window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
    }
  });
})();
