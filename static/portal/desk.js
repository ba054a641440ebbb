// The editor's desk on an admin change form (portal/desk): the form is autosaved as the
// editor's private draft a few seconds after they stop typing, kept in this browser too until
// the server has it (a session that has ended answers 403: nothing typed is thrown away), and
// the draft is offered back when the form is opened again. An open change form also beats
// every few seconds, to show who else has the record open and that someone saved it.
(function () {
  "use strict";

  var IDLE = 3000; // ms without typing before an autosave
  var LONGEST = 30000; // ms of continuous typing after which it saves anyway
  var RETRY = 15000; // ms before trying again after a failed save
  var STORE = "vestnik-desk:";

  function cookie(name) {
    var found = null;
    (document.cookie || "").split(";").forEach(function (part) {
      var item = part.trim();
      if (item.substring(0, name.length + 1) === name + "=") {
        found = decodeURIComponent(item.substring(name.length + 1));
      }
    });
    return found;
  }

  function editorFor(element) {
    var editors = window.editors || {};
    return element.id && editors[element.id] ? editors[element.id] : null;
  }

  function skipped(element) {
    var type = (element.type || "").toLowerCase();
    return (
      !element.name ||
      element.disabled ||
      element.name === "csrfmiddlewaretoken" ||
      element.name.indexOf("__prefix__") !== -1 ||
      ["file", "submit", "button", "reset", "image"].indexOf(type) !== -1
    );
  }

  // The form as the browser would submit it, less files; the names of all its fields; and
  // what the chosen options read (an autocomplete's select holds only the chosen ones).
  function serialise(form) {
    var fields = [];
    var names = [];
    var labels = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (skipped(element)) {
        return;
      }
      var name = element.name;
      var type = (element.type || "").toLowerCase();
      if (names.indexOf(name) === -1) {
        names.push(name);
      }
      if (type === "checkbox" || type === "radio") {
        if (element.checked) {
          fields.push([name, element.value]);
        }
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          if (option.selected) {
            fields.push([name, option.value]);
            labels[name] = labels[name] || {};
            labels[name][option.value] = option.text.slice(0, 500);
          }
        });
      } else {
        var editor = element.tagName === "TEXTAREA" ? editorFor(element) : null;
        fields.push([name, editor ? editor.getData() : element.value]);
      }
    });
    return { fields: fields, names: names, labels: labels };
  }

  function comparable(draft) {
    return JSON.stringify(
      draft.fields.filter(function (pair) {
        return pair[0] !== "version";
      })
    );
  }

  function changed(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
    if (window.django && window.django.jQuery && element.tagName === "SELECT") {
      window.django.jQuery(element).trigger("change");
    }
  }

  // Fill the form with a draft: every field it had, filled or not, takes its value.
  function restore(form, draft) {
    var values = {};
    draft.fields.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    draft.names.forEach(function (name) {
      if (/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) {
        return; // the inlines' counts are the page's: rows the page lacks are not made up
      }
      var wanted = values[name] || [];
      var position = 0;
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name !== name || skipped(element)) {
          return;
        }
        var type = (element.type || "").toLowerCase();
        if (type === "checkbox" || type === "radio") {
          element.checked = wanted.indexOf(element.value) !== -1;
        } else if (element.tagName === "SELECT") {
          var labels = (draft.labels || {})[name] || {};
          wanted.forEach(function (value) {
            var present = Array.prototype.some.call(element.options, function (option) {
              return option.value === value;
            });
            if (!present) {
              element.appendChild(new Option(labels[value] || value, value, false, false));
            }
          });
          Array.prototype.forEach.call(element.options, function (option) {
            option.selected = wanted.indexOf(option.value) !== -1;
          });
        } else {
          var value = position < wanted.length ? wanted[position] : "";
          position += 1;
          var editor = element.tagName === "TEXTAREA" ? editorFor(element) : null;
          if (editor) {
            editor.setData(value);
          }
          element.value = value;
        }
        changed(element);
      });
    });
  }

  function start(root) {
    var form = root.closest("form");
    if (!form) {
      return;
    }
    var offset = Number(root.dataset.now) - Date.now(); // the server's clock minus ours
    var storeKey = STORE + root.dataset.key;
    var status = root.querySelector("[data-desk-status]");
    var lastSent = null; // what the server has, comparable()
    var lastActivity = 0; // 0 until the editor does anything in the page
    var dirty = false; // something was done since the last look at the form
    var pendingSince = 0;
    var retryAfter = 0;
    var inFlight = null;
    var stopped = false;
    var versionInput = form.querySelector("input[name=version]");
    var openedVersion = versionInput && versionInput.value ? Number(versionInput.value) : null;

    function serverNow() {
      return Date.now() + offset;
    }

    function say(text) {
      status.textContent = text;
    }

    function readLocal() {
      try {
        var kept = JSON.parse(window.localStorage.getItem(storeKey) || "null");
        return kept && Array.isArray(kept.fields) && Array.isArray(kept.names) ? kept : null;
      } catch (error) {
        return null;
      }
    }

    function writeLocal(draft) {
      try {
        window.localStorage.setItem(
          storeKey,
          JSON.stringify({
            fields: draft.fields,
            names: draft.names,
            labels: draft.labels,
            savedAt: serverNow(),
          })
        );
      } catch (error) {
        // a full or disabled storage: the server copy is all there is
      }
    }

    function forgetLocal(draft) {
      var kept = readLocal();
      if (kept && (!draft || comparable(kept) === comparable(draft))) {
        window.localStorage.removeItem(storeKey);
      }
    }

    function token() {
      var field = form.querySelector("input[name=csrfmiddlewaretoken]");
      return cookie(root.dataset.csrfCookie || "csrftoken") || (field ? field.value : "");
    }

    function post(url, payload, keepalive) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        keepalive: Boolean(keepalive),
        headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
        body: JSON.stringify(payload),
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        if (!response.ok || !json) {
          var error = new Error("refused");
          error.status = response.status;
          throw error;
        }
        return response.json();
      });
    }

    function send(draft) {
      writeLocal(draft);
      var sent = comparable(draft);
      inFlight = post(root.dataset.autosaveUrl, draft)
        .then(function (answer) {
          lastSent = sent;
          forgetLocal(draft);
          say(answer.status);
        })
        .catch(function (error) {
          retryAfter = Date.now() + RETRY;
          dirty = true;
          var ended = error.status === 403 || error.status === 0 || error.status === 302;
          say(ended ? root.dataset.textExpired : root.dataset.textFailed);
        })
        .then(function () {
          inFlight = null;
        });
      return inFlight;
    }

    function saveNow() {
      if (stopped || inFlight || !lastActivity) {
        return inFlight || Promise.resolve();
      }
      var draft = serialise(form);
      if (comparable(draft) === lastSent) {
        return Promise.resolve();
      }
      pendingSince = 0;
      return send(draft);
    }

    function tick() {
      if (stopped || !dirty || inFlight || Date.now() < retryAfter) {
        return;
      }
      if (!pendingSince) {
        pendingSince = lastActivity;
      }
      if (Date.now() - lastActivity >= IDLE || Date.now() - pendingSince >= LONGEST) {
        dirty = false;
        pendingSince = 0;
        saveNow();
      }
    }

    function activity() {
      if (lastSent === null) {
        // The form as it was before the first keystroke: CKEditor may write the same text
        // in its own form, which is no change to save.
        lastSent = comparable(serialise(form));
      }
      lastActivity = Date.now();
      dirty = true;
    }

    // A click too: an autocomplete's choice made with the mouse sends no native event.
    ["keydown", "input", "change", "paste", "cut", "drop", "click"].forEach(function (name) {
      document.addEventListener(name, activity, true);
    });
    form.addEventListener("submit", function () {
      // Kept here until this editor's save is seen: a session that has ended sends the
      // submit to the login page, and the text would be lost.
      stopped = true;
      if (lastActivity) {
        writeLocal(serialise(form));
      }
    });
    window.setInterval(tick, 1000);
    window.addEventListener("pagehide", function () {
      // The tab is closing with changes not yet sent: keep them here and send them on.
      if (stopped || !lastActivity) {
        return;
      }
      var draft = serialise(form);
      if (comparable(draft) !== lastSent) {
        writeLocal(draft);
        post(root.dataset.autosaveUrl, draft, true).catch(function () {});
      }
    });

    // The offer of the server's draft.
    var offer = root.querySelector("[data-desk-offer]");
    var serverDraft = null;
    var draftNode = document.getElementById("desk-draft");
    if (draftNode) {
      serverDraft = JSON.parse(draftNode.textContent);
    }
    if (offer && serverDraft) {
      offer.querySelector("[data-desk-restore]").addEventListener("click", function () {
        restore(form, serverDraft);
        offer.remove();
        activity();
        say(root.dataset.textRestored);
      });
      offer.querySelector("[data-desk-discard]").addEventListener("click", function () {
        post(root.dataset.discardUrl, {})
          .then(function (answer) {
            forgetLocal(null);
            offer.remove();
            say(answer.status);
          })
          .catch(function () {
            say(root.dataset.textExpired);
          });
      });
    }

    // A copy this browser kept that the server never got (the session had ended, the
    // network was down, the tab was closed first): handed to the server, then offered.
    var kept = readLocal();
    var savedByMe = Number(root.dataset.savedByMe || 0);
    if (kept) {
      var current = comparable(serialise(form));
      if (
        (savedByMe && savedByMe >= kept.savedAt) ||
        comparable(kept) === current ||
        (serverDraft && comparable(kept) === comparable(serverDraft))
      ) {
        forgetLocal(null);
      } else {
        say(root.dataset.textLocal);
        post(root.dataset.autosaveUrl, kept)
          .then(function () {
            forgetLocal(kept);
            window.location.reload();
          })
          .catch(function () {
            say(root.dataset.textExpired);
          });
      }
    }

    // Who else is editing, and whether someone saved since this form was opened.
    var presenceUrl = root.dataset.presenceUrl;
    if (presenceUrl) {
      var editing = root.querySelector("[data-desk-editing]");
      var notice = root.querySelector("[data-desk-notice]");
      var beat = function () {
        if (stopped) {
          return;
        }
        post(presenceUrl, { version: openedVersion })
          .then(function (answer) {
            editing.textContent = answer.editing;
            editing.hidden = !answer.editing;
            if (answer.notice) {
              notice.querySelector("[data-desk-notice-text]").textContent = answer.notice;
              notice.hidden = false;
            }
          })
          .catch(function () {
            // the next beat tries again
          });
      };
      notice.querySelector("[data-desk-reload]").addEventListener("click", function () {
        saveNow().then(function () {
          stopped = true;
          window.location.reload();
        });
      });
      window.setInterval(beat, Math.max(1, Number(root.dataset.beatSeconds) || 15) * 1000);
      window.addEventListener("pagehide", function () {
        post(presenceUrl, { leaving: true }, true).catch(function () {});
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("desk");
    if (root) {
      start(root);
    }
  });
})();
