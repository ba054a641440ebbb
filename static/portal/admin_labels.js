/* The admin's autocomplete fields named to assistive technology. Django's select2 names a
   choice box by the choice itself (nothing when empty) and leaves the search box of a field
   of several choices unnamed; each part is given its field's label. */
(function () {
  "use strict";

  var PARTS = ".select2-selection, .select2-selection__rendered[role=textbox], .select2-search__field";

  function labelOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var text = label ? label.textContent : select.getAttribute("aria-label") || "";
    return text.replace(/[:\s]+$/, "").trim();
  }

  function name(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var text = labelOf(select);
      var box = select.nextElementSibling;
      if (!text || !box || !box.classList.contains("select2")) {
        return;
      }
      box.querySelectorAll(PARTS).forEach(function (part) {
        part.setAttribute("aria-label", text);
        part.removeAttribute("aria-labelledby");
      });
      // The «×» that clears every choice works by mouse only (the keyboard removes choices
      // in the search box) and sits in the list of choices: hidden from assistive technology.
      box.querySelectorAll(".select2-selection__clear").forEach(function (clear) {
        clear.setAttribute("aria-hidden", "true");
      });
    });
  }

  // select2 builds its boxes in jQuery's ready handlers, which may run after "load", and
  // again for each row added to an inline: name them whenever the page's elements change.
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        name(document);
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    name(document);
  });
})();
