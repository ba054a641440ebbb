// What the pickers under each rich-text editor share (static/portal/link_picker.js and
// image_picker.js): finding the CKEditor 5 instance of a textarea, and a search box that asks
// the server as the editor types (after a pause, or at once on Enter) and lists the answers.
// The texts come from the server, in the picker's data attributes.
window.VestnikEditorPickers = (function () {
  "use strict";

  var IDLE_MS = 300;

  function editorFor(id, callback) {
    // django-ckeditor-5 keeps its editors in window.editors by the textarea's id, once made.
    var tries = 0;
    var timer = setInterval(function () {
      var editor = window.editors && window.editors[id];
      tries += 1;
      if (editor || tries > 150) {
        clearInterval(timer);
        if (editor) {
          callback(editor);
        }
      }
    }, 100);
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // Builds the search box in ``picker`` (class names prefixed ``block``). ``item(result)``
  // makes the list item of one answer; ``emptySearch`` asks with no words too (on focus).
  function searchBox(picker, block, forId, item, emptySearch) {
    var id = forId + "-" + block + "-search";
    var label = element("label", block + "__label", picker.dataset.label);
    var input = element("input", "vTextField " + block + "__input");
    var help = element("p", "help " + block + "__help", picker.dataset.help);
    var status = element("p", block + "__status");
    var list = element("ul", block + "__results");
    label.htmlFor = id;
    input.id = id;
    input.type = "search";
    input.autocomplete = "off";
    help.id = id + "-help";
    input.setAttribute("aria-describedby", help.id);
    status.setAttribute("role", "status");
    list.setAttribute("aria-label", picker.dataset.resultsLabel);
    list.hidden = true;
    picker.append(label, input, help, status, list);

    var timer = null;
    var asked = 0;
    var searched = false;

    function show(results, message) {
      list.replaceChildren();
      results.forEach(function (result) {
        list.appendChild(item(result, done));
      });
      list.hidden = !results.length;
      status.textContent = message || "";
    }

    function done() {
      list.hidden = true;
      status.textContent = "";
    }

    function search() {
      var words = input.value.trim();
      var number = (asked += 1);
      timer = null;
      searched = true;
      if (!words && !emptySearch) {
        show([], "");
        return;
      }
      status.textContent = picker.dataset.searching;
      fetch(picker.dataset.searchUrl + "?q=" + encodeURIComponent(words), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          if (number === asked) {
            show(answer.results || [], answer.message);
          }
        })
        .catch(function () {
          if (number === asked) {
            show([], picker.dataset.failed);
          }
        });
    }

    if (emptySearch) {
      input.addEventListener("focus", function () {
        if (!searched) {
          search();
        }
      });
    }
    input.addEventListener("input", function () {
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(search, IDLE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // not the admin form's submit
        if (timer) {
          clearTimeout(timer);
        }
        search();
      }
    });
    picker.hidden = false;
  }

  // Every picker of ``selector`` whose editor (named by ``attribute``) exists gets ``build``.
  function start(selector, attribute, build) {
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll(selector).forEach(function (picker) {
        var forId = picker.getAttribute(attribute);
        if (forId.indexOf("__prefix__") !== -1) {
          return;
        }
        editorFor(forId, function (editor) {
          build(picker, editor, forId);
        });
      });
    });
  }

  return { element: element, searchBox: searchBox, start: start };
})();
