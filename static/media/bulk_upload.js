// Bulk upload: every chosen or dropped file is posted on its own (fetch) to the per-file
// endpoint, one after another (each upload is re-encoded by the server, and the embedded
// SQLite database takes one write at a time), with its own progress and its own error; the images uploaded
// are then offered to a gallery. Without JavaScript the form posts all files at once.
(function () {
  "use strict";
  var PARALLEL = 1;

  function item(list, file) {
    var row = document.createElement("li");
    row.className = "bulk-upload__item";
    var name = document.createElement("span");
    name.textContent = file.name;
    var progress = document.createElement("progress");
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute("aria-label", file.name);
    var status = document.createElement("span");
    status.textContent = list.dataset.waiting || "";
    row.append(name, progress, status);
    list.append(row);
    return { row: row, progress: progress, status: status };
  }

  function attach(form) {
    var input = form.querySelector("input[type='file']");
    var list = document.querySelector("[data-bulk-list]");
    var summary = document.querySelector("[data-bulk-summary]");
    var collect = document.querySelector("[data-bulk-collect]");
    var ids = document.querySelector("[data-bulk-ids]");
    var token = form.querySelector("input[name='csrfmiddlewaretoken']").value;
    var url = form.dataset.uploadUrl;
    var done = 0;
    var added = 0;
    var total = 0;

    function report() {
      summary.textContent = added + " / " + total;
    }

    function send(file, view) {
      var body = new FormData();
      body.append("file", file);
      view.progress.removeAttribute("value"); // indeterminate while it travels
      view.status.textContent = "…";
      return fetch(url, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().catch(function () {
            return { ok: false, error: response.status + " " + response.statusText };
          });
        })
        .catch(function () {
          return { ok: false, error: form.dataset.networkError || "Network error" };
        })
        .then(function (answer) {
          done += 1;
          view.progress.value = 1;
          if (answer.ok) {
            added += 1;
            view.status.textContent = answer.message;
            if (answer.thumbnail) {
              var thumbnail = document.createElement("img");
              thumbnail.src = answer.thumbnail;
              thumbnail.alt = "";
              thumbnail.width = 80;
              view.row.prepend(thumbnail);
            }
            if (ids) {
              var hidden = document.createElement("input");
              hidden.type = "hidden";
              hidden.name = "images";
              hidden.value = answer.id;
              ids.append(hidden);
            }
          } else {
            view.row.classList.add("bulk-upload__failed");
            view.status.className = "bulk-upload__error";
            view.status.textContent = answer.error;
          }
          report();
          if (done === total && collect && added > 0) {
            collect.hidden = false;
          }
        });
    }

    function upload(files) {
      var queue = Array.prototype.slice.call(files).map(function (file) {
        return { file: file, view: item(list, file) };
      });
      total += queue.length;
      report();
      function next() {
        var job = queue.shift();
        return job ? send(job.file, job.view).then(next) : Promise.resolve();
      }
      for (var i = 0; i < PARALLEL; i += 1) {
        next();
      }
    }

    form.addEventListener("submit", function (event) {
      if (input.files.length) {
        event.preventDefault();
        upload(input.files);
        input.value = "";
      }
    });
    input.addEventListener("change", function () {
      if (input.files.length) {
        upload(input.files);
        input.value = "";
      }
    });
    form.addEventListener("dragover", function (event) {
      event.preventDefault();
      form.classList.add("bulk-upload--over");
    });
    form.addEventListener("dragleave", function () {
      form.classList.remove("bulk-upload--over");
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      form.classList.remove("bulk-upload--over");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        upload(event.dataTransfer.files);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-bulk-upload]").forEach(attach);
  });
})();
