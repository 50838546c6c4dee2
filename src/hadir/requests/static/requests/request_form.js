// The request form shows only the fields of the chosen kind. Each <fieldset data-kinds="...">
// belongs to the kinds listed (empty: every kind); the others are hidden and their inputs
// disabled, so they are not sent. Without this script every section shows under its heading.
(function () {
  "use strict";

  function update(form, kind) {
    var sections = form.querySelectorAll("fieldset[data-kinds]");
    for (var i = 0; i < sections.length; i++) {
      var section = sections[i];
      var kinds = section.getAttribute("data-kinds").split(" ").filter(Boolean);
      var shown = kinds.length === 0 || kinds.indexOf(kind) !== -1;
      section.hidden = !shown;
      section.disabled = !shown;
    }
  }

  function start() {
    var form = document.querySelector("form[data-kind-form]");
    if (!form) {
      return;
    }
    var choice = form.querySelector("select[name=kind]");
    if (!choice) {
      return;
    }
    update(form, choice.value);
    choice.addEventListener("change", function () {
      update(form, choice.value);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
