// The link picker under each rich-text editor (portal.fields.RichTextWidget): the editor types
// a few words, the site search (portal.views.editor_link_search) offers public pages of the
// site, and choosing one links the text selected in CKEditor 5 to it, or, with nothing
// selected, inserts its title as a link. The texts come from the server, in data attributes.
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

  function insertLink(editor, title, url) {
    var model = editor.model;
    var selection = model.document.selection;
    if (!selection.isCollapsed) {
      editor.execute("link", url);
    } else {
      model.change(function (writer) {
        model.insertContent(writer.createText(title, { linkHref: url }));
        // What is typed next is not part of the link.
        writer.removeSelectionAttribute("linkHref");
      });
    }
    editor.editing.view.focus();
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

  function build(picker, editor) {
    var id = picker.dataset.linkPickerFor + "-link-search";
    var label = element("label", "link-picker__label", picker.dataset.label);
    var input = element("input", "vTextField link-picker__input");
    var help = element("p", "help link-picker__help", picker.dataset.help);
    var status = element("p", "link-picker__status");
    var list = element("ul", "link-picker__results");
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

    function show(results, message) {
      list.replaceChildren();
      results.forEach(function (result) {
        var item = element("li", "link-picker__result");
        var choose = element("button", "link-picker__choose", result.title);
        var about = element("span", "link-picker__about", [result.kind, result.date].filter(Boolean).join(" · "));
        choose.type = "button";
        choose.dataset.url = result.url;
        choose.addEventListener("click", function () {
          insertLink(editor, result.title, result.url);
          list.hidden = true;
          status.textContent = "";
        });
        item.append(choose, " ", about);
        list.appendChild(item);
      });
      list.hidden = !results.length;
      status.textContent = message || "";
    }

    function search() {
      var words = input.value.trim();
      timer = null;
      if (!words) {
        show([], "");
        return;
      }
      var number = (asked += 1);
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
    document.querySelectorAll(".link-picker[data-link-picker-for]").forEach(function (picker) {
      if (picker.dataset.linkPickerFor.indexOf("__prefix__") !== -1) {
        return;
      }
      editorFor(picker.dataset.linkPickerFor, function (editor) {
        build(picker, editor);
      });
    });
  });
})();
