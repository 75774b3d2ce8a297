(function () {
  "use strict";
  // The documents' data (see policykit/reports/html/details.py): nothing in it becomes markup;
  // every string from a document is shown with textContent.
  var source = document.getElementById("doc-data");
  var data = source ? JSON.parse(source.textContent) : {fields: [], signs: {}, strings: [], docs: []};
  var strings = data.strings;
  var docs = data.docs.map(function (values) {
    var doc = {};
    data.fields.forEach(function (name, i) {
      var v = values[i];
      doc[name] = typeof v === "number" ? strings[v] : v;
    });
    doc.path = (doc.folder || "") + (doc.file || "");
    return doc;
  });
  function s(i) { return i === null || i === undefined ? "" : strings[i]; }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function status(tag, doc) {
    var e = el(tag, "st s-" + doc.status);
    e.appendChild(el("span", "", data.signs[doc.status] || "")).setAttribute("aria-hidden", "true");
    e.appendChild(document.createTextNode(" " + doc.word));
    return e;
  }

  function severity(tag, sev) {
    var e = el(tag, "finding sev-" + sev);
    e.appendChild(el("span", "sev", sev));
    return e;
  }

  function modelDiff(sections) {
    var box = el("section", "model-diff");
    box.setAttribute("aria-label", "Against the trust's model policy");
    box.appendChild(el("h3", "", "Against the trust's model policy"));
    var list = box.appendChild(el("ul"));
    sections.forEach(function (m) {
      var li = list.appendChild(el("li", m[3] ? "drift" : "local"));
      li.appendChild(el("strong", "", s(m[0])));
      if (m[1] !== null) { li.appendChild(document.createTextNode(" (here: " + s(m[1]) + ")")); }
      li.appendChild(document.createTextNode(s(m[2])));
      if (m[3]) {
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(el("span", "sev", "PK503 model drift"));
      }
      m[4].forEach(function (t) {
        var p = li.appendChild(el("p", "words", "a fixed paragraph changed or removed: "));
        p.appendChild(el("del", "", s(t)));
      });
      if (m[5].length) {
        var words = li.appendChild(el("p", "words"));
        m[5].forEach(function (pair) {
          var op = pair[0], text = s(pair[1]);
          if (op === "=") {
            words.appendChild(document.createTextNode(text));
          } else {
            var w = words.appendChild(el(op === "-" ? "del" : "ins", "", text));
            w.title = op === "-" ? "the model's words" : "this copy's words";
          }
          words.appendChild(document.createTextNode(" "));
        });
      }
    });
    box.appendChild(el("p", "hint-inline",
      "Struck through: the model's words this copy lacks; underlined: words only this copy has."));
    return box;
  }

  function fact(list, term, value) {
    list.appendChild(el("dt", "", term));
    return list.appendChild(typeof value === "string" ? el("dd", "", value) : value);
  }

  function detail(n) {
    var doc = docs[n - 1];
    var article = el("article", "doc");
    article.appendChild(el("h2", "", doc.title));
    var facts = article.appendChild(el("dl", "facts"));
    fact(facts, "School", doc.school || "—");
    fact(facts, "Kind", doc.kind + (doc.required ? " (required)" : ""));
    fact(facts, "Status", status("dd", doc));
    fact(facts, "Approved", doc.approved || "—");
    fact(facts, "Review due", doc.due ? doc.due + (doc.dueBy ? " (by " + doc.dueBy + ")" : "") : "—");
    if (doc.approver) { fact(facts, "Approved by", doc.approver); }
    if (doc.owner) { fact(facts, "Owner", doc.owner); }
    fact(facts, "File", doc.path).className = "path";
    if (doc.error) {
      var problem = article.appendChild(severity("p", doc.errorSeverity));
      problem.appendChild(document.createTextNode(" " + doc.error));
    }
    if (doc.findings.length) {
      var list = article.appendChild(el("ol", "findings"));
      doc.findings.forEach(function (f) {
        var li = list.appendChild(severity("li", s(f[0])));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("code", "", s(f[1])));
        li.appendChild(document.createTextNode(" " + s(f[2])));
        li.appendChild(el("span", "where", s(f[3]) + s(f[4])));
      });
    } else if (!doc.error) {
      article.appendChild(el("p", "", "No findings."));
    }
    if (doc.model.length) { article.appendChild(modelDiff(doc.model)); }
    var back = article.appendChild(el("p"));
    back.appendChild(el("a", "", "Back to every document")).href = "#register";
    back.appendChild(document.createTextNode(" · "));
    back.appendChild(el("a", "", "Back to the matrix")).href = "#matrix";
    return article;
  }

  // One document at a time: the one the address names (#doc-N), shown as soon as a link to
  // it is followed (and when the address changes otherwise: back, forward, a bookmark).
  var view = document.getElementById("doc-view");
  function show(hash) {
    var match = /^#doc-(\d+)$/.exec(hash);
    var n = match ? Number(match[1]) : 0;
    if (!view || (!n && view.getAttribute("data-all"))) { return; }
    var shown = view.firstChild;
    if (n && shown && shown.id === "doc-" + n && !view.getAttribute("data-all")) { return; }
    view.textContent = "";
    view.removeAttribute("data-all");
    if (n >= 1 && n <= docs.length) {
      var article = view.appendChild(detail(n));
      article.id = "doc-" + n;
      article.tabIndex = -1;  // the keyboard and a screen reader go on from the detail
      article.focus();
    }
  }
  window.addEventListener("hashchange", function () { show(window.location.hash); });
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[href^='#doc-']") : null;
    if (link) { show(link.getAttribute("href")); }
  });
  show(window.location.hash);

  var table = document.getElementById("docs");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  rows.forEach(function (row) {
    var link = row.querySelector("a[href^='#doc-']");
    row.n = link ? Number(link.getAttribute("href").slice(5)) : 0;
    row.doc = docs[row.n - 1] || null;
  });
  var fields = {
    school: document.getElementById("f-school"),
    kind: document.getElementById("f-kind"),
    word: document.getElementById("f-status")
  };
  var sev = document.getElementById("f-severity");
  var text = document.getElementById("f-text");
  var count = document.getElementById("f-count");
  var SEVERITY = {error: 0, warning: 1, info: 2};

  function matches(doc) {
    if (!doc) { return false; }
    for (var key in fields) {
      var want = fields[key].value;
      if (!want) { continue; }
      var have = doc[key] || "";
      if (key === "word" && want === "archived") {
        if (have.indexOf("(archived)") < 0) { return false; }
      } else if (have !== want) { return false; }
    }
    if (sev.value) {
      var none = doc.counts[0] + doc.counts[1] + doc.counts[2] === 0;
      if (sev.value === "none" ? !none : !doc.counts[SEVERITY[sev.value]]) { return false; }
    }
    var needle = text.value.trim().toLowerCase();
    if (needle && (doc.title + " " + doc.path).toLowerCase().indexOf(needle) < 0) { return false; }
    return true;
  }

  function filter() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = matches(rows[i].doc);
      rows[i].classList.toggle("hidden", !ok);
      if (ok) { shown++; }
    }
    count.textContent = shown + " of " + rows.length + " documents";
  }

  for (var key in fields) { fields[key].addEventListener("change", filter); }
  sev.addEventListener("change", filter);
  text.addEventListener("input", filter);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });

  // Sorting: by what each column shows (the review date by its last day; counts as numbers).
  var SORT = {
    school: function (d) { return d.school || ""; },
    title: function (d) { return d.title; },
    kind: function (d) { return d.kind; },
    due: function (d) { return d.dueIso || ""; },
    status: function (d) { return d.word; },
    errors: function (d) { return d.counts[0]; },
    warnings: function (d) { return d.counts[1]; }
  };
  var buttons = table.tHead.querySelectorAll("button[data-sort]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var th = button.parentNode;
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var by = SORT[button.getAttribute("data-sort")];
      rows.sort(function (a, b) {
        var x = by(a.doc), y = by(b.doc);
        var c = typeof x === "number" ? x - y : x.localeCompare(y, "en-GB", {sensitivity: "base", numeric: true});
        return ascending ? c : -c;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });

  // Every listed document's detail at once, in the table's order (to print a school's pack).
  var all = document.getElementById("show-all");
  if (all && view) {
    all.addEventListener("click", function () {
      var frag = document.createDocumentFragment();
      rows.forEach(function (row) {
        if (!row.classList.contains("hidden") && row.doc) {
          frag.appendChild(detail(row.n));
        }
      });
      view.textContent = "";
      view.setAttribute("data-all", "1");
      view.appendChild(frag);
      view.scrollIntoView();
    });
  }
  filter();
}());
