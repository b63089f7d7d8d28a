/* The audit checklist: each item saves on its own, and keeps working when the network drops.
 *
 * Every item is a plain form (it posts and reloads without JavaScript). With JavaScript,
 * "Save" keeps the answer in localStorage first (key: item id + the version it was typed
 * on), then sends it as JSON. A failed send (no network, server away) leaves it there; the
 * queue is sent again when the browser says it is back online, every 20 seconds, and when
 * the page is opened again. The status line says how many answers are waiting. A conflict
 * (someone else changed the item) is shown beside the item and kept until the auditor
 * chooses: send mine again over theirs, or drop mine. Nothing typed is thrown away silently.
 *
 * Keys carry the organization and the user ("qms-audit-answer:<org>:<user>:<item>@<version>"):
 * on a shared tablet only the logged-in user's answers are sent; another user's stay untouched
 * and are counted. An entry leaves the browser only when the server answers JSON with the
 * saved version: an ended session (401, or a redirect to the log-in page, or any HTML page)
 * keeps it, says to log in again (in a new tab, so this page and its queue stay) and retries.
 */
(function () {
  "use strict";

  var PREFIX = "qms-audit-answer:";
  var RETRY_MS = 20000;
  var root = document.querySelector("[data-checklist]");
  if (!root || !window.localStorage || !window.fetch) {
    return;
  }
  var statusBox = root.querySelector("[data-checklist-status]");
  var OWN = PREFIX + (root.getAttribute("data-organization") || "") + ":" +
    (root.getAttribute("data-user") || "") + ":";
  var loginUrl = root.getAttribute("data-login-url") || "/accounts/login/";
  var sending = false;
  var sessionEnded = null;

  function storageKey(itemId, version) {
    return OWN + itemId + "@" + version;
  }

  function othersWaiting() {
    var count = 0;
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf(PREFIX) === 0 && key.indexOf(OWN) !== 0) {
        count += 1;
      }
    }
    return count;
  }

  function entries() {
    var found = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf(OWN) === 0) {
        try {
          var entry = JSON.parse(localStorage.getItem(key));
          entry.key = key;
          found.push(entry);
        } catch (error) {
          /* not ours or damaged: leave it */
        }
      }
    }
    return found;
  }

  function dropItem(itemId) {
    entries().forEach(function (entry) {
      if (String(entry.item) === String(itemId)) {
        localStorage.removeItem(entry.key);
      }
    });
  }

  function formFor(itemId) {
    return root.querySelector('form[data-item="' + itemId + '"]');
  }

  function setItemState(itemId, text, tone) {
    var form = formFor(itemId);
    if (!form) {
      return;
    }
    var box = form.querySelector("[data-item-status]");
    if (box) {
      box.textContent = text;
      box.className = "item-status" + (tone ? " item-status-" + tone : "");
    }
  }

  function refreshStatus() {
    var waiting = entries().filter(function (e) { return !e.conflict; }).length;
    var conflicts = entries().filter(function (e) { return e.conflict; }).length;
    var text;
    if (waiting === 0 && conflicts === 0) {
      text = "All answers saved";
    } else {
      var parts = [];
      if (waiting) {
        parts.push(waiting + (waiting === 1 ? " answer" : " answers") + " waiting to be sent" +
          (navigator.onLine ? "" : " (offline: they are kept in this browser)"));
      }
      if (conflicts) {
        parts.push(conflicts + (conflicts === 1 ? " answer needs" : " answers need") +
          " your decision (changed by someone else)");
      }
      text = parts.join("; ");
    }
    var others = othersWaiting();
    if (others) {
      text += ". " + others + (others === 1 ? " answer" : " answers") +
        " of another user " + (others === 1 ? "is" : "are") + " waiting on this device" +
        " (sent when that user opens the checklist)";
    }
    if (statusBox) {
      statusBox.textContent = text;
      statusBox.setAttribute("data-waiting", String(waiting));
      statusBox.setAttribute("data-conflicts", String(conflicts));
      statusBox.setAttribute("data-others", String(others));
    }
    showSession(waiting ? sessionEnded : null);
  }

  /* The "log in again" notice under the status line, with a link opening a new tab. */
  function showSession(message) {
    var box = root.querySelector("[data-checklist-session]");
    if (!message) {
      if (box) {
        box.hidden = true;
      }
      return;
    }
    if (!box) {
      box = document.createElement("p");
      box.setAttribute("data-checklist-session", "");
      box.setAttribute("role", "alert");
      box.className = "checklist-session";
      if (statusBox && statusBox.parentNode) {
        statusBox.parentNode.insertBefore(box, statusBox.nextSibling);
      } else {
        root.insertBefore(box, root.firstChild);
      }
    }
    box.textContent = message + " ";
    var link = document.createElement("a");
    link.href = loginUrl + "?next=" + encodeURIComponent(window.location.pathname);
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Log in again (opens a new tab)";
    box.appendChild(link);
    box.appendChild(document.createTextNode(", then reload this page to send them."));
    box.hidden = false;
  }

  function refreshProgress() {
    var box = root.querySelector("[data-progress-answered]");
    if (!box) {
      return;
    }
    var answered = root.querySelectorAll('form[data-item]:not([data-answered=""])').length;
    box.textContent = String(answered);
    var total = Number(root.getAttribute("data-total") || "0");
    var percent = root.querySelector("[data-progress-percent]");
    if (percent && total) {
      percent.textContent = String(Math.round((100 * answered) / total));
    }
  }

  function csrfToken() {
    var input = root.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function readForm(form) {
    var checked = form.querySelector('input[name="answer"]:checked');
    return {
      answer: checked ? checked.value : "",
      notes: (form.querySelector('[name="notes"]') || {}).value || "",
      evidence_notes: (form.querySelector('[name="evidence_notes"]') || {}).value || "",
    };
  }

  function fillForm(form, values) {
    var radio = form.querySelector('input[name="answer"][value="' + values.answer + '"]');
    if (radio) {
      radio.checked = true;
    }
    var notes = form.querySelector('[name="notes"]');
    if (notes && values.notes !== undefined) {
      notes.value = values.notes;
    }
    var evidence = form.querySelector('[name="evidence_notes"]');
    if (evidence && values.evidence_notes !== undefined) {
      evidence.value = values.evidence_notes;
    }
  }

  function setVersion(form, version) {
    form.setAttribute("data-version", String(version));
    var input = form.querySelector('input[name="version"]');
    if (input) {
      input.value = String(version);
    }
  }

  function keep(form, force) {
    var itemId = form.getAttribute("data-item");
    var version = form.getAttribute("data-version");
    dropItem(itemId);
    var entry = {
      item: itemId,
      version: Number(version),
      url: form.getAttribute("data-json-url") || form.action,
      values: readForm(form),
      force: !!force,
      kept_at: new Date().toISOString(),
    };
    localStorage.setItem(storageKey(itemId, version), JSON.stringify(entry));
  }

  function showConflict(entry, body) {
    var form = formFor(entry.item);
    var message = (body && body.detail) || "Someone else changed this item.";
    var current = body && body.current ? body.current : null;
    var text = message;
    if (current) {
      text += " Stored now: " + (current.answer_display || current.answer || "no answer") +
        (current.notes ? " (" + current.notes + ")" : "") + ".";
    }
    setItemState(entry.item, text, "conflict");
    if (!form) {
      return;
    }
    var box = form.querySelector("[data-item-conflict]");
    if (!box) {
      return;
    }
    box.hidden = false;
    var keepMine = box.querySelector("[data-keep-mine]");
    var dropMine = box.querySelector("[data-drop-mine]");
    keepMine.onclick = function () {
      if (current && current.version) {
        setVersion(form, current.version);
      }
      fillForm(form, entry.values);
      box.hidden = true;
      keep(form, true);
      flush();
    };
    dropMine.onclick = function () {
      dropItem(entry.item);
      if (current) {
        fillForm(form, current);
        setVersion(form, current.version);
      }
      box.hidden = true;
      setItemState(entry.item, "Your change was dropped; the stored answer is shown.", "");
      refreshStatus();
    };
  }

  function sendOne(entry) {
    var payload = {
      answer: entry.values.answer,
      notes: entry.values.notes,
      evidence_notes: entry.values.evidence_notes,
      version: entry.version,
    };
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
        "X-Requested-With": "fetch",
        "X-Checklist-User": root.getAttribute("data-user") || "",
      },
      body: JSON.stringify(payload),
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var isJson = type.indexOf("application/json") !== -1;
      if (response.status === 401 || response.redirected || !isJson) {
        /* The session ended (or a log-in page answered): nothing was saved; keep the entry. */
        return (isJson ? response.json().catch(function () { return {}; }) : Promise.resolve({}))
          .then(function (body) {
            sessionEnded = body.detail ||
              "Your session has ended: log in again; your answers are kept in this browser.";
            setItemState(entry.item, "Kept in this browser: log in again to send it.", "waiting");
            var error = new Error("session ended");
            error.session = true;
            throw error;
          });
      }
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok && typeof body.version === "number") {
          sessionEnded = null;
          localStorage.removeItem(entry.key);
          var form = formFor(entry.item);
          if (form && body.version) {
            setVersion(form, body.version);
            form.setAttribute("data-answered", body.answer || "");
            refreshProgress();
          }
          var note = "Saved";
          if (body.finding_number) {
            note += " · finding " + body.finding_number;
            if (body.finding_status === "withdrawn") {
              note += " (withdrawn)";
            }
          }
          if (body.nonconformity_number) {
            note += " · nonconformity " + body.nonconformity_number;
          }
          setItemState(entry.item, note, "saved");
          return true;
        }
        if (response.status === 409) {
          entry.conflict = true;
          localStorage.setItem(entry.key, JSON.stringify(entry));
          showConflict(entry, body);
          return true;
        }
        if (response.status === 400) {
          entry.conflict = true;
          localStorage.setItem(entry.key, JSON.stringify(entry));
          var errors = [];
          Object.keys(body || {}).forEach(function (name) {
            var value = body[name];
            errors.push(Array.isArray(value) ? value.join(" ") : String(value));
          });
          showConflict(entry, { detail: "Not saved: " + (errors.join(" ") || "check the answer.") });
          return true;
        }
        if (response.status === 403 || response.status === 404) {
          entry.conflict = true;
          localStorage.setItem(entry.key, JSON.stringify(entry));
          showConflict(entry, { detail: "Not saved: " + (body.detail || "you may no longer answer this checklist.") });
          return true;
        }
        throw new Error("server answered " + response.status);
      });
    });
  }

  function flush() {
    if (sending) {
      return;
    }
    var queue = entries().filter(function (e) { return !e.conflict; });
    refreshStatus();
    if (!queue.length) {
      return;
    }
    sending = true;
    var chain = Promise.resolve();
    queue.forEach(function (entry) {
      chain = chain.then(function () {
        setItemState(entry.item, "Sending…", "");
        return sendOne(entry).catch(function (error) {
          if (!error || !error.session) {
            setItemState(entry.item, "Kept in this browser; will be sent when the connection is back.", "waiting");
          }
        });
      });
    });
    chain.then(function () {
      sending = false;
      refreshStatus();
    });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-item]")) {
      return;
    }
    event.preventDefault();
    keep(form, false);
    setItemState(form.getAttribute("data-item"), "Kept in this browser…", "waiting");
    refreshStatus();
    flush();
  });

  /* Put back what was typed before a reload, so the page shows the waiting answers. */
  entries().forEach(function (entry) {
    var form = formFor(entry.item);
    if (!form) {
      return;
    }
    fillForm(form, entry.values);
    if (entry.conflict) {
      showConflict(entry, { detail: "Not saved earlier: choose whether to send it again." });
    } else {
      setItemState(entry.item, "Waiting to be sent", "waiting");
    }
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", refreshStatus);
  window.setInterval(flush, RETRY_MS);
  flush();
})();
