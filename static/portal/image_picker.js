// The image picker under each rich-text editor (portal.fields.RichTextWidget), where an app
// offers images (the library: media.editor_search): the editor types a few words, or none for
// the newest images, and choosing one puts it into CKEditor 5 where the cursor is, with its
// description from the library as alt text (the search box: static/portal/editor_pickers.js).
(function () {
  "use strict";

  var pickers = window.VestnikEditorPickers;
  var THUMBNAIL_WIDTH = 120;

  function insertImage(editor, image) {
    editor.execute("insertImage", { source: [{ src: image.url, alt: image.alt || "" }] });
    editor.editing.view.focus();
  }

  pickers.start(".image-picker[data-image-picker-for]", "data-image-picker-for", function (picker, editor, forId) {
    pickers.searchBox(
      picker,
      "image-picker",
      forId,
      function (image) {
        var item = pickers.element("li", "image-picker__result");
        var choose = pickers.element("button", "image-picker__choose");
        var thumbnail = pickers.element("img", "image-picker__thumbnail");
        thumbnail.src = image.thumbnail;
        thumbnail.alt = ""; // the button is named by its label
        thumbnail.width = THUMBNAIL_WIDTH;
        if (image.width && image.height) {
          thumbnail.height = Math.round((THUMBNAIL_WIDTH * image.height) / image.width);
        }
        choose.type = "button";
        choose.setAttribute("aria-label", picker.dataset.insert + ": " + image.title);
        choose.append(thumbnail, pickers.element("span", "image-picker__title", image.title));
        choose.addEventListener("click", function () {
          insertImage(editor, image);
        });
        item.appendChild(choose);
        return item;
      },
      true
    );
  });
})();
