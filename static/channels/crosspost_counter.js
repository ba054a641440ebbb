// The length of a channel's own text as it is typed, beside the channel's limit (the
// preview below it, made by the server, shows the whole post: title, text and link).
(function () {
  "use strict";
  function attach(area) {
    if (area.dataset.counted) {
      return;
    }
    area.dataset.counted = "1";
    var row = area.closest(".inline-related");
    var limitNode = row && row.querySelector("[data-crosspost-limit]");
    var counter = document.createElement("p");
    counter.className = "help crosspost-counter";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    function update() {
      var length = area.value.length;
      var limit = limitNode ? parseInt(limitNode.dataset.crosspostLimit, 10) : 0;
      counter.textContent = limit ? length + " / " + limit : String(length);
      counter.classList.toggle("errornote", limit > 0 && length > limit);
    }
    area.addEventListener("input", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.crosspost-text").forEach(attach);
  });
})();
