// The image picker under each rich-text editor (portal.fields.RichTextWidget), where an app
// offers images (the library: media.editor_search): the editor types a few words, or none for
// the newest images, and choosing one puts it into CKEditor 5 where the cursor is, with its
// description from the library as alt text. The texts come from the server, in data attributes.
(function () {
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

  function insertImage(editor, image) {
    editor.execute("insertImage", { source: [{ src: image.url, alt: image.alt || "" }] });
    editor.editing.view.focus();
  }

  function build(picker, editor) {
    var id = picker.dataset.imagePickerFor + "-image-search";
    var label = element("label", "image-picker__label", picker.dataset.label);
    var input = element("input", "vTextField image-picker__input");
    var help = element("p", "help image-picker__help", picker.dataset.help);
    var status = element("p", "image-picker__status");
    var list = element("ul", "image-picker__results");
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
      results.forEach(function (image) {
        var item = element("li", "image-picker__result");
        var choose = element("button", "image-picker__choose");
        var thumbnail = element("img", "image-picker__thumbnail");
        var title = element("span", "image-picker__title", image.title);
        thumbnail.src = image.thumbnail;
        thumbnail.alt = ""; // the button is named by the title beside it
        thumbnail.width = 120;
        if (image.width && image.height) {
          thumbnail.height = Math.round((120 * image.height) / image.width);
        }
        choose.type = "button";
        choose.dataset.url = image.url;
        choose.setAttribute("aria-label", picker.dataset.insert + ": " + image.title);
        choose.append(thumbnail, title);
        choose.addEventListener("click", function () {
          insertImage(editor, image);
        });
        item.appendChild(choose);
        list.appendChild(item);
      });
      list.hidden = !results.length;
      status.textContent = message || "";
    }

    function search() {
      var words = input.value.trim();
      var number = (asked += 1);
      timer = null;
      searched = true;
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

    input.addEventListener("focus", function () {
      if (!searched) {
        search(); // the newest images, before a word is typed
      }
    });
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".image-picker[data-image-picker-for]").forEach(function (picker) {
      if (picker.dataset.imagePickerFor.indexOf("__prefix__") !== -1) {
        return;
      }
      editorFor(picker.dataset.imagePickerFor, function (editor) {
        build(picker, editor);
      });
    });
  });
})();
