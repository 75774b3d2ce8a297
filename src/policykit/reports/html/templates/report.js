(function () {
  "use strict";
  var table = document.getElementById("docs");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var fields = {
    school: document.getElementById("f-school"),
    kind: document.getElementById("f-kind"),
    status: document.getElementById("f-status"),
    sev: document.getElementById("f-severity")
  };
  var text = document.getElementById("f-text");
  var count = document.getElementById("f-count");

  function matches(row) {
    for (var key in fields) {
      var want = fields[key].value;
      if (!want) { continue; }
      var have = row.getAttribute("data-" + key) || "";
      if (key === "status") {
        if (want === "archived" ? have.indexOf("(archived)") < 0 : have !== want) { return false; }
      } else if (key === "sev") {
        if (want === "none" ? have !== "none" : (row.getAttribute("data-" + (want === "error" ? "errors" : want === "warning" ? "warnings" : "info")) || "0") === "0") { return false; }
      } else if (have !== want) { return false; }
    }
    var needle = text.value.trim().toLowerCase();
    if (needle) {
      var hay = ((row.getAttribute("data-title") || "") + " " + (row.getAttribute("data-file") || "")).toLowerCase();
      if (hay.indexOf(needle) < 0) { return false; }
    }
    return true;
  }

  function filter() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = matches(rows[i]);
      rows[i].classList.toggle("hidden", !ok);
      if (ok) { shown++; }
    }
    count.textContent = shown + " of " + rows.length + " documents";
  }

  for (var key in fields) { fields[key].addEventListener("change", filter); }
  text.addEventListener("input", filter);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });

  var buttons = table.tHead.querySelectorAll("button[data-sort]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var th = button.parentNode;
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = "data-" + button.getAttribute("data-sort");
      var numeric = button.hasAttribute("data-numeric");
      rows.sort(function (a, b) {
        var x = a.getAttribute(key) || "", y = b.getAttribute(key) || "";
        var c = numeric ? (Number(x) - Number(y)) : x.localeCompare(y, "en-GB", {sensitivity: "base", numeric: true});
        return ascending ? c : -c;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });
  filter();
}());
