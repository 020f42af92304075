// The review pages' keys and the one write they make: POST /api/corrections, then the next item.
(function () {
  "use strict";

  function typing(event) {
    var tag = event.target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  // The queue: j/k move the selection, Enter opens it, / goes to the filters.
  function queueKeys() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr"));
    var at = rows.length ? 0 : -1;
    function select(index) {
      if (!rows.length) return;
      if (at >= 0) rows[at].classList.remove("selected");
      at = Math.max(0, Math.min(rows.length - 1, index));
      rows[at].classList.add("selected");
      rows[at].scrollIntoView({ block: "nearest" });
    }
    select(0);
    rows.forEach(function (row, index) {
      row.addEventListener("click", function (event) {
        if (event.target.tagName !== "A") window.location.href = row.dataset.href;
        select(index);
      });
    });
    document.addEventListener("keydown", function (event) {
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j") select(at + 1);
      else if (event.key === "k") select(at - 1);
      else if (event.key === "Enter" && at >= 0) window.location.href = rows[at].dataset.href;
      else if (event.key === "/") {
        var first = document.querySelector(".filters select");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
  }

  // An item: accept as read (a), correct (c, then Enter), skip (s), next (n), previous (p).
  function itemKeys(form) {
    var value = document.getElementById("value");
    var note = document.getElementById("note");
    var reviewer = document.getElementById("reviewer");
    var message = document.getElementById("message");
    try { reviewer.value = window.localStorage.getItem("dti-reviewer") || ""; } catch (e) { /* private mode */ }

    function say(text, bad) {
      message.textContent = text;
      message.className = bad ? "error" : "";
    }

    function send(newValue, accepted) {
      var who = reviewer.value.trim();
      if (!who) { say("Nhập tên người rà soát trước khi lưu.", true); reviewer.focus(); return; }
      try { window.localStorage.setItem("dti-reviewer", who); } catch (e) { /* private mode */ }
      var positions = form.dataset.positions.split(",").map(Number);
      var field = form.dataset.field;
      var noteText = note.value.trim() || (accepted ? "chấp nhận như đã đọc" : null);
      say("Đang lưu…", false);
      var writes = positions.map(function (position) {
        return fetch("/api/corrections", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            document_sha256: form.dataset.document, position: position, field: field,
            value: newValue, note: noteText, reviewer: who, based_on: null
          })
        }).then(function (response) {
          if (response.status === 201) return null;
          return response.json().then(function (body) {
            var detail = body && body.detail;
            if (Array.isArray(detail)) detail = detail.map(function (d) { return d.msg; }).join("; ");
            return (response.status === 401 ? "Cần đăng nhập: " : "") + (detail || response.statusText);
          });
        });
      });
      Promise.all(writes).then(function (problems) {
        var refused = problems.filter(function (p) { return p; });
        if (refused.length) { say(refused[0], true); return; }
        say("Đã lưu.", false);
        window.location.href = form.dataset.next;
      }, function () { say("Không gửi được tới máy chủ.", true); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = value.value.trim();
      send(text === "" ? null : text, false);
    });
    document.getElementById("accept").addEventListener("click", function () {
      var read = form.dataset.accept;
      send(read === "" ? null : read, true);
    });
    var suggestion = document.getElementById("use-suggestion");
    if (suggestion) {
      suggestion.addEventListener("click", function () { value.value = suggestion.dataset.value; value.focus(); });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { window.location.href = document.querySelector(".crumbs a").href; return; }
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "a") { event.preventDefault(); document.getElementById("accept").click(); }
      else if (event.key === "c") { event.preventDefault(); value.focus(); value.select(); }
      else if (event.key === "s" || event.key === "n") { window.location.href = document.getElementById("skip").href; }
      else if (event.key === "p") {
        var previous = document.getElementById("previous");
        if (previous) window.location.href = previous.href;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("correct-form");
    if (form) itemKeys(form);
    else if (document.getElementById("queue")) queueKeys();
  });
})();
