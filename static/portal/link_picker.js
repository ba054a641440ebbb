// The link picker under each rich-text editor (portal.fields.RichTextWidget): the editor types
// a few words, the site search (portal.views.editor_link_search) offers public pages of the
// site, and choosing one links the text selected in CKEditor 5 to it, or, with nothing
// selected, inserts its title as a link (the search box: static/portal/editor_pickers.js).
(function () {
  "use strict";

  var pickers = window.VestnikEditorPickers;

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

  pickers.start(".link-picker[data-link-picker-for]", "data-link-picker-for", function (picker, editor, forId) {
    pickers.searchBox(picker, "link-picker", forId, function (result, done) {
      var item = pickers.element("li", "link-picker__result");
      var choose = pickers.element("button", "link-picker__choose", result.title);
      var about = pickers.element(
        "span",
        "link-picker__about",
        [result.kind, result.date].filter(Boolean).join(" · ")
      );
      choose.type = "button";
      choose.dataset.url = result.url;
      choose.addEventListener("click", function () {
        insertLink(editor, result.title, result.url);
        done();
      });
      item.append(choose, " ", about);
      return item;
    });
  });
})();
