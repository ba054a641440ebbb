// The live preview beside an admin form (portal.live_preview): a moment after the editor stops
// typing, the form's fields (files left out) are posted into the preview frame, which shows the
// record in the public design without saving it. The frame keeps its scroll position across
// refreshes; the checks panel of the form is replaced by the one the preview brings along.
(function () {
  "use strict";

  var IDLE_MS = 700;

  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  // A form of its own, outside the admin's, so that the admin's action and target never change.
  function post(url, fields, target) {
    var carrier = document.createElement("form");
    carrier.method = "post";
    carrier.action = url;
    carrier.target = target;
    carrier.hidden = true;
    fields.forEach(function (pair) {
      var area = document.createElement("textarea");
      area.name = pair[0];
      area.value = pair[1];
      carrier.appendChild(area);
    });
    document.body.appendChild(carrier);
    carrier.submit();
    carrier.remove();
  }

  function whenEditorsReady(callback) {
    // django-ckeditor-5 creates its editors after DOMContentLoaded, one by one.
    var tries = 0;
    var timer = setInterval(function () {
      var editables = document.querySelectorAll(".ck-editor__editable");
      var editors = Array.prototype.map.call(editables, function (node) {
        return node.ckeditorInstance;
      });
      var pending = document.querySelectorAll(".django_ckeditor_5:not([data-processed])");
      tries += 1;
      if ((editors.length && editors.every(Boolean) && !pending.length) || tries > 100) {
        clearInterval(timer);
        callback(editors.filter(Boolean));
      }
    }, 100);
  }

  function attach(panel) {
    var form = panel.closest("form");
    var frame = panel.querySelector(".live-preview__frame");
    var viewport = panel.querySelector(".live-preview__viewport");
    var status = panel.querySelector(".live-preview__status");
    var buttons = panel.querySelectorAll("[data-preview-width]");
    var width = parseInt(buttons[0].dataset.previewWidth, 10);
    var timer = null;
    var scrollY = 0;

    function fit() {
      var scale = Math.min(1, viewport.clientWidth / width);
      frame.style.width = width + "px";
      frame.style.height = viewport.clientHeight / scale + "px";
      frame.style.transform = "scale(" + scale + ")";
    }

    function refresh() {
      timer = null;
      try {
        scrollY = frame.contentWindow.scrollY || scrollY;
      } catch (error) {
        scrollY = 0;
      }
      status.textContent = status.dataset.refreshing;
      panel.setAttribute("aria-busy", "true");
      post(panel.dataset.livePreviewUrl, fieldsOf(form), frame.name);
    }

    function schedule() {
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(refresh, IDLE_MS);
    }

    frame.addEventListener("load", function () {
      var page = frame.contentDocument;
      if (!page || page.URL === "about:blank") {
        return;
      }
      panel.removeAttribute("aria-busy");
      status.textContent = status.dataset.refreshed;
      frame.contentWindow.scrollTo(0, scrollY);
      var checks = page.getElementById("live-preview-checks");
      var fresh = checks && checks.content.querySelector(".content-checks");
      if (fresh) {
        var current = document.querySelector(".content-checks");
        var copy = document.importNode(fresh, true);
        if (current) {
          current.replaceWith(copy);
        } else {
          panel.insertAdjacentElement("beforebegin", copy);
        }
      }
    });

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        width = parseInt(button.dataset.previewWidth, 10);
        buttons.forEach(function (other) {
          other.setAttribute("aria-pressed", String(other === button));
        });
        panel.dataset.previewWidth = String(width);
        fit();
      });
    });

    // Typing in the fields changes the record; the preview's own buttons and the link
    // picker's search box do not.
    function changesTheRecord(event) {
      return !panel.contains(event.target) && !event.target.closest(".link-picker");
    }
    ["input", "change"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        if (changesTheRecord(event)) {
          schedule();
        }
      });
    });
    if (window.django && window.django.jQuery) {
      // The autocomplete widgets (select2) announce a choice through jQuery only.
      window.django.jQuery(form).on("select2:select select2:unselect", schedule);
    }
    window.addEventListener("resize", fit);

    panel.hidden = false;
    panel.dataset.previewWidth = String(width);
    fit();
    whenEditorsReady(function (editors) {
      editors.forEach(function (editor) {
        editor.model.document.on("change:data", schedule);
      });
      refresh();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".live-preview[data-live-preview-url]").forEach(attach);
  });
})();
