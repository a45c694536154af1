// The question picker. It only adds to the static page: without it, every question and number
// is still there. All text is put in with textContent, never as markup. What the family does is
// kept in localStorage under the page's content id; nothing is ever sent anywhere.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("picker-data").textContent);
  var L = data.labels;
  var KEY = "handouts-picker:" + data.id;
  var MAX_TOP = 3, MAX_OWN = 200, MAX_CHARS = 500;
  var $ = function (id) { return document.getElementById(id); };
  var list = $("picker-list"), status = $("picker-status");

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  // Own questions are kept word for word as the profile will hold them: no control characters,
  // no emoji (a phone keyboard offers them; the packet's fonts cannot print them), spaces
  // joined, at most MAX_CHARS characters.
  function clean(text) {
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
      .replace(/\p{Extended_Pictographic}|[\u{10000}-\u{10FFFF}\uFE0E\uFE0F\u20E3]/gu, "")
      .replace(/\s+/g, " ").trim().slice(0, MAX_CHARS);
  }

  function fresh() { return {picked: [], own: [], top: [], answers: {}, next: 1}; }

  function fromStart() {
    var s = fresh(), start = data.start || {};
    (start.only_questions || []).forEach(function (id) {
      if (id in data.questions && s.picked.indexOf(id) < 0) s.picked.push(id);
    });
    (start.custom_questions || []).forEach(function (text) {
      s.own.push({k: "o:" + s.next, t: text});
      s.next += 1;
    });
    (start.top_questions || []).forEach(function (mark) {
      var key = mark in data.questions ? "q:" + mark : null;
      s.own.forEach(function (o) { if (o.t === mark) key = o.k; });
      if (key && s.top.length < MAX_TOP && s.top.indexOf(key) < 0) s.top.push(key);
    });
    return s;
  }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "null");
      // Only a state this page could have written is used; anything else starts afresh.
      if (saved && Array.isArray(saved.picked) && Array.isArray(saved.own) &&
          Array.isArray(saved.top) && saved.answers && typeof saved.answers === "object" &&
          typeof saved.next === "number" && saved.own.every(function (o) {
            return o && typeof o.k === "string" && typeof o.t === "string";
          })) {
        saved.picked = saved.picked.filter(function (id) { return id in data.questions; });
        var keys = saved.own.map(function (o) { return o.k; })
          .concat(saved.picked.map(function (id) { return "q:" + id; }));
        saved.top = saved.top.filter(function (k) { return keys.indexOf(k) >= 0; })
          .slice(0, MAX_TOP);
        return saved;
      }
    } catch (e) { /* no storage here (private window): the page still works until closed */ }
    return fromStart();
  }

  var state = load();

  function store() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* see load */ }
  }

  function say(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // The family's list, own questions first: that is the order `handouts build` prints them in.
  function items() {
    return state.own.map(function (o) { return {k: o.k, texts: [o.t], own: true}; })
      .concat(state.picked.map(function (id) {
        return {k: "q:" + id, texts: data.questions[id], own: false};
      }));
  }

  function firstText(key) {
    var found = items().filter(function (it) { return it.k === key; })[0];
    return found ? found.texts[0] : "";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function questionText(tag, texts, attrs) {
    var node = el(tag, attrs, texts[0]);
    texts.slice(1).forEach(function (t) { node.appendChild(el("span", {"class": "second"}, t)); });
    return node;
  }

  function render(focus) {
    var all = items();
    list.textContent = "";
    all.forEach(function (it, n) {
      var group = it.own ? state.own.map(function (o) { return o.k; })
        : state.picked.map(function (id) { return "q:" + id; });
      var at = group.indexOf(it.k), top = state.top.indexOf(it.k) >= 0;
      var li = el("li", {"data-key": it.k, "class": top ? "top" : ""});
      var textId = "pick-text-" + n, answerId = "pick-answer-" + n;
      var text = questionText("p", it.texts, {id: textId, "class": "qtext"});
      if (top) text.insertBefore(el("strong", {"class": "badge"}, L.picker_top), text.firstChild);
      if (it.own) text.appendChild(el("span", {"class": "own"}, L.picker_own_mark));
      li.appendChild(text);
      var buttons = el("div", {"class": "moves", role: "group", "aria-labelledby": textId});
      [["up", L.picker_up, at === 0], ["down", L.picker_down, at === group.length - 1],
        ["top", L.picker_top, false], ["remove", L.picker_remove, false]].forEach(function (b) {
        var button = el("button", {type: "button", "data-do": b[0]}, b[1]);
        if (b[2]) button.disabled = true;
        if (b[0] === "top") button.setAttribute("aria-pressed", top ? "true" : "false");
        buttons.appendChild(button);
      });
      li.appendChild(buttons);
      li.appendChild(el("label", {"for": answerId}, L.picker_answer));
      var answer = el("textarea", {id: answerId, rows: "2", "aria-describedby": textId});
      answer.value = state.answers[it.k] || "";
      li.appendChild(answer);
      list.appendChild(li);
    });
    $("picker-empty").hidden = all.length > 0;
    $("picker-count").textContent = fill(L.picker_count, {n: all.length});
    document.querySelectorAll("input[data-q]").forEach(function (box) {
      box.checked = state.picked.indexOf(box.getAttribute("data-q")) >= 0;
    });
    sheet(all);
    store();
    if (focus) {
      var row = list.querySelector('li[data-key="' + focus.key + '"]');
      var target = row && row.querySelector('[data-do="' + focus.action + '"]');
      if (target && target.disabled) target = row.querySelector("button:not([disabled])");
      if (target) target.focus();
    }
  }

  // The printed sheet: the emergency and call-now boxes, then the chosen questions in order with room to write.
  function sheet(all) {
    var page = $("sheet");
    page.textContent = "";
    page.appendChild(el("h1", {}, L.picker_sheet_title));
    document.querySelectorAll("header .heading-lines p").forEach(function (p) {
      page.appendChild(el("p", {"class": "heading"}, p.textContent));
    });
    var boxes = el("div", {"class": "boxes"});
    page.appendChild(boxes);
    document.querySelectorAll("main .box.emergency, main .box.urgent").forEach(function (box) {
      var copy = box.cloneNode(true);
      copy.querySelectorAll("[id],[for],[aria-labelledby],[aria-describedby]").forEach(function (n) {
        ["id", "for", "aria-labelledby", "aria-describedby"].forEach(function (a) {
          n.removeAttribute(a);
        });
      });
      copy.removeAttribute("id");
      copy.removeAttribute("aria-labelledby");
      copy.querySelectorAll("input").forEach(function (input) {
        var source = box.querySelector("input");
        var line = el("span", {"class": "write-line"}, source ? source.value : "");
        input.parentNode.replaceChild(line, input);
      });
      boxes.appendChild(copy);
    });
    var ol = el("ol", {"class": "sheet-list"});
    all.forEach(function (it) {
      var li = el("li");
      var text = questionText("p", it.texts, {"class": "qtext"});
      if (state.top.indexOf(it.k) >= 0) {
        text.insertBefore(el("strong", {"class": "badge"}, L.picker_top), text.firstChild);
      }
      li.appendChild(text);
      if (state.answers[it.k]) li.appendChild(el("p", {"class": "answer"}, state.answers[it.k]));
      var lines = el("div", {"class": "lines"});
      lines.appendChild(el("span"));
      lines.appendChild(el("span"));
      li.appendChild(lines);
      ol.appendChild(li);
    });
    page.appendChild(ol);
  }

  function move(key, step) {
    var own = key.indexOf("o:") === 0;
    var group = own ? state.own : state.picked;
    var at = group.findIndex(function (x) { return (own ? x.k : "q:" + x) === key; });
    var to = at + step;
    if (at < 0 || to < 0 || to >= group.length) return;
    var moved = group.splice(at, 1)[0];
    group.splice(to, 0, moved);
    var all = items().map(function (it) { return it.k; });
    render({key: key, action: step < 0 ? "up" : "down"});
    say(fill(L.picker_moved, {n: all.indexOf(key) + 1, total: all.length}));
  }

  function remove(key) {
    var text = firstText(key);
    if (key.indexOf("o:") === 0) {
      state.own = state.own.filter(function (o) { return o.k !== key; });
    } else {
      state.picked = state.picked.filter(function (id) { return "q:" + id !== key; });
    }
    state.top = state.top.filter(function (k) { return k !== key; });
    delete state.answers[key];
    render();
    $("picker-heading").focus();
    say(fill(L.picker_removed, {q: text}));
  }

  function toggleTop(key) {
    var at = state.top.indexOf(key);
    if (at >= 0) {
      state.top.splice(at, 1);
      render({key: key, action: "top"});
      say(L.picker_unmarked);
    } else if (state.top.length >= MAX_TOP) {
      say(L.picker_top_full);
    } else {
      state.top.push(key);
      render({key: key, action: "top"});
      say(L.picker_marked);
    }
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-do]");
    if (!button) return;
    var key = button.closest("li").getAttribute("data-key");
    var action = button.getAttribute("data-do");
    if (action === "up") move(key, -1);
    else if (action === "down") move(key, 1);
    else if (action === "top") toggleTop(key);
    else remove(key);
  });

  list.addEventListener("input", function (event) {
    var row = event.target.closest("li");
    if (event.target.tagName !== "TEXTAREA" || !row) return;
    var key = row.getAttribute("data-key");
    if (event.target.value) state.answers[key] = event.target.value;
    else delete state.answers[key];
    sheet(items());
    store();
  });

  document.querySelectorAll("input[data-q]").forEach(function (box) {
    box.addEventListener("change", function () {
      var id = box.getAttribute("data-q");
      if (box.checked && state.picked.indexOf(id) < 0) {
        state.picked.push(id);
        render();
        say(fill(L.picker_added, {q: data.questions[id][0]}));
      } else if (!box.checked) {
        remove("q:" + id);
        box.focus();
      }
    });
  });

  $("picker-add").addEventListener("click", function () {
    var field = $("picker-own"), text = clean(field.value);
    if (!text || state.own.length >= MAX_OWN) return;
    if (state.own.some(function (o) { return o.t === text; })) return;
    state.own.push({k: "o:" + state.next, t: text});
    state.next += 1;
    field.value = "";
    render();
    field.focus();
    say(fill(L.picker_added, {q: text}));
  });

  $("picker-print").addEventListener("click", function () { window.print(); });

  // The profile file: YAML that `handouts build` and `validate` read. Every value is written
  // as a JSON string, which is also a YAML double-quoted string, so no text can change its shape.
  function profileYaml() {
    var lines = ["# " + L.picker_file_note, "language: " + JSON.stringify(data.language)];
    function field(name, values) {
      if (!values.length) return;
      lines.push(name + ":");
      values.forEach(function (v) { lines.push("  - " + JSON.stringify(v)); });
    }
    field("only_questions", state.picked);
    field("custom_questions", state.own.map(function (o) { return o.t; }));
    field("top_questions", state.top.map(function (key) {
      return key.indexOf("q:") === 0 ? key.slice(2) : firstText(key);
    }));
    return lines.join("\n") + "\n";
  }

  $("picker-save").addEventListener("click", function () {
    var link = el("a", {download: L.picker_file_name});
    link.href = URL.createObjectURL(new Blob([profileYaml()], {type: "text/yaml"}));
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say(fill(L.picker_saved, {file: L.picker_file_name}));
  });

  $("picker-clear").addEventListener("click", function () {
    if (!window.confirm(L.picker_clear_confirm)) return;
    try { window.localStorage.removeItem(KEY); } catch (e) { /* see load */ }
    state = fresh();
    render();
    try { window.localStorage.removeItem(KEY); } catch (e) { /* see load */ }
    say(L.picker_cleared);
  });

  document.documentElement.classList.add("js");
  $("picker-heading").setAttribute("tabindex", "-1");
  var topThree = document.querySelector("main ol.top-three");
  if (topThree) topThree.closest("section").hidden = true;
  $("picker").hidden = false;
  render();
}());
