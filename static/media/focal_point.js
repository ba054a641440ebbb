// The focal point of a library image: a click on the picture sets the two number fields
// (fractions of the width and height) and moves the marker; without JavaScript the fields
// are typed in.
(function () {
  "use strict";
  function attach(box) {
    var image = box.querySelector("img");
    var marker = box.querySelector(".focal-point__marker");
    var form = box.closest("form");
    var fieldX = form && form.querySelector("input[name='focal_x']");
    var fieldY = form && form.querySelector("input[name='focal_y']");
    if (!image || !marker || !fieldX || !fieldY) {
      return;
    }
    function show(x, y) {
      marker.style.left = x * 100 + "%";
      marker.style.top = y * 100 + "%";
      marker.hidden = false;
    }
    function fromFields() {
      var x = parseFloat(fieldX.value);
      var y = parseFloat(fieldY.value);
      if (isNaN(x) || isNaN(y)) {
        marker.hidden = true;
      } else {
        show(x, y);
      }
    }
    image.addEventListener("click", function (event) {
      var rect = image.getBoundingClientRect();
      var x = Math.min(Math.max((event.clientX - rect.left) / rect.width, 0), 1);
      var y = Math.min(Math.max((event.clientY - rect.top) / rect.height, 0), 1);
      fieldX.value = x.toFixed(3);
      fieldY.value = y.toFixed(3);
      show(x, y);
    });
    fieldX.addEventListener("input", fromFields);
    fieldY.addEventListener("input", fromFields);
    box.classList.add("focal-point--active");
    fromFields();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-point]").forEach(attach);
  });
})();
