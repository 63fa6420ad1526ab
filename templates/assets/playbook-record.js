/* Record from the page (playbook-gen, SPEC §12).
 *
 * Every control group (.playbook-record) carries the exact `playbook-gen record`
 * command the page prints beside it; a form carries the start of its command and
 * its fields complete it, each quoted as Python's shlex.quote quotes it.
 *
 *  - data-mode="serve": the command is posted to the `playbook-gen serve` process
 *    of this computer with the token this serve run wrote into the page; the
 *    process runs it as the command line runs it and answers with its lines. The
 *    page reloads when the playbook is rebuilt (the result is kept for it).
 *  - data-mode="issue": a new issue of the playbook's repository opens, prefilled
 *    with the command and --date of today; the repository's workflow applies it.
 *
 * Controls stay hidden until this script shows them: a page without it has no
 * dead button. Nothing here reads or writes anything but this page.
 */
(function () {
  "use strict";

  var ENDPOINT = "/_playbook/record";
  var KEPT = "playbook-record:last";
  var GONE = "The playbook did not answer: is playbook-gen serve still running?";
  var DRAFTS = "playbook-record:drafts";

  /* Python's shlex.quote, exactly: a word of safe characters as it is, else in single quotes. */
  function quote(word) {
    if (word === "") return "''";
    if (!/[^\w@%+=:,./-]/.test(word)) return word;
    return "'" + word.replace(/'/g, "'\"'\"'") + "'";
  }

  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function pressId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function token() {
    var meta = document.querySelector('meta[name="playbook-record-token"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function resultBox(group) {
    return group.querySelector(".playbook-record__result");
  }

  function show(group, lines, state) {
    var box = resultBox(group);
    box.textContent = "";
    box.tabIndex = -1;
    box.className = "playbook-record__result" + (state ? " playbook-record__result--" + state : "");
    if (!lines.length) return box;
    var text = document.createElement("span");
    text.className = "playbook-record__lines";
    text.textContent = lines.join("\n");
    box.appendChild(text);
    return box;
  }

  /* The command of a control: a button's own, or a form's start and its fields. */
  function commandOf(group, control) {
    if (group.tagName === "FORM") {
      var words = [group.getAttribute("data-command")];
      Array.prototype.forEach.call(group.querySelectorAll("input, select, textarea"), function (field) {
        var option = field.getAttribute("data-option");
        if (option) words.push(option);
        words.push(quote(field.value.trim()));
      });
      return { command: words.join(" "), dated: group.hasAttribute("data-dated") };
    }
    return { command: control.getAttribute("data-command"), dated: control.hasAttribute("data-dated") };
  }

  function busy(group, on) {
    Array.prototype.forEach.call(group.querySelectorAll("button, input, select, textarea"), function (el) {
      el.disabled = on;
    });
    group.setAttribute("aria-busy", on ? "true" : "false");
  }

  /* What a press left for the page that reloads after it (the rebuild's livereload may come before the answer). */
  function keep(entry) {
    try {
      if (entry) sessionStorage.setItem(KEPT, JSON.stringify(entry));
      else sessionStorage.removeItem(KEPT);
    } catch (e) { /* private browsing: the lines stay on this page */ }
  }

  function kept() {
    try {
      return JSON.parse(sessionStorage.getItem(KEPT) || "null");
    } catch (e) {
      return null;
    }
  }

  function post(request) {
    return fetch(ENDPOINT, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ command: request.command, token: request.token, press: request.press, force: !!request.force })
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, lines: [GONE] }; });
    });
  }

  /* The lines of an answer, without the note that the press had already been recorded (a reload asks again). */
  function linesOf(answer) {
    var lines = answer.lines || [];
    return answer.again ? lines.slice(1) : lines;
  }

  /* What is typed into a form, kept until it is recorded: serve reloads the page after every rebuild (another
     press, an edit in the editor), and a half-filled form must survive that reload. */
  function fieldsOf(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input, select, textarea"));
  }

  function draftKey(form) {
    return location.pathname + " " + form.getAttribute("data-command");
  }

  function drafts() {
    try {
      return JSON.parse(sessionStorage.getItem(DRAFTS) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function keepDrafts(all) {
    try {
      sessionStorage.setItem(DRAFTS, JSON.stringify(all));
    } catch (e) { /* private browsing: nothing is kept */ }
  }

  function saveDraft(form) {
    var values = {};
    fieldsOf(form).forEach(function (field) { values[field.name] = field.value; });
    var all = drafts();
    all[draftKey(form)] = values;
    keepDrafts(all);
  }

  function dropDraft(form) {
    var all = drafts();
    delete all[draftKey(form)];
    keepDrafts(all);
  }

  function restoreDrafts() {
    var all = drafts();
    Array.prototype.forEach.call(document.querySelectorAll("form.playbook-record"), function (form) {
      var values = all[draftKey(form)];
      if (!values) return;
      fieldsOf(form).forEach(function (field) {
        if (!Object.prototype.hasOwnProperty.call(values, field.name)) return;
        var value = values[field.name];
        if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
        field.value = value;
      });
    });
  }

  function typed(event) {
    var form = event.target && event.target.closest ? event.target.closest("form.playbook-record") : null;
    if (form) saveDraft(form);
  }

  document.addEventListener("input", typed);
  document.addEventListener("change", typed);

  /* serve: post the command; show the lines, and the refusal with "Record anyway". */
  function send(group, control, force) {
    var made = commandOf(group, control);
    if (!control.playbookPress || force) control.playbookPress = pressId();
    var request = { command: made.command, token: token(), press: control.playbookPress, force: !!force };
    busy(group, true);
    show(group, ["Recording…"], "busy");
    keep({ at: Date.now(), path: location.pathname, request: request, lines: null });
    post(request).then(function (answer) {
      busy(group, false);
      var lines = linesOf(answer);
      if (answer.ok) {
        if (group.tagName === "FORM") dropDraft(group);
        show(group, lines.concat(["The page reloads with the change."]), "done").focus();
        keep({ at: Date.now(), path: location.pathname, request: request, lines: lines });
        return;
      }
      keep(null);
      var box = show(group, lines, answer.refused ? "refused" : "error");
      if (answer.refused) {
        var again = document.createElement("button");
        again.type = "button";
        again.className = "md-button playbook-record__anyway";
        again.textContent = "Record anyway";
        again.addEventListener("click", function () { send(group, control, true); });
        box.appendChild(again);
        again.focus();
      }
    }, function () {
      /* No answer: serve stopped, or the page is reloading (the entry stays for the reloaded page to ask again). */
      busy(group, false);
      show(group, [GONE], "error");
    });
  }

  /* A hosted playbook: a new issue holding the one command, --date of today. */
  function openIssue(group, control) {
    var made = commandOf(group, control);
    var command = made.command + (made.dated ? " --date " + today() : "");
    var title = group.getAttribute("data-issue-title") + command;
    var body = group.getAttribute("data-issue-body").replace("{command}", command);
    var url = group.getAttribute("data-new-issue")
      .replace("{title}", encodeURIComponent(title))
      .replace("{command}", encodeURIComponent(command))
      .replace("{body}", encodeURIComponent(body));
    if (group.tagName === "FORM") dropDraft(group); /* the issue holds it now */
    var opened = window.open(url, "_blank");
    if (opened) opened.opener = null; /* the issue page gets no handle on this one */
    var lines = ["A new issue opens with: " + command, "Submit it: the playbook records it and is rebuilt."];
    var box = show(group, lines, "done");
    if (!opened) {
      var link = document.createElement("a");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Open the issue";
      box.appendChild(link);
    }
  }

  function act(group, control) {
    if (group.getAttribute("data-mode") === "serve") send(group, control, false);
    else openIssue(group, control);
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest("button.playbook-record__button") : null;
    if (!control || control.type === "submit") return;
    var group = control.closest(".playbook-record");
    if (!group) return;
    event.preventDefault();
    act(group, control);
  });

  document.addEventListener("submit", function (event) {
    var group = event.target;
    if (!group.classList || !group.classList.contains("playbook-record")) return;
    event.preventDefault();
    act(group, group.querySelector("button[type=submit]"));
  });

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll(".playbook-record[hidden]"), function (group) {
      if (group.getAttribute("data-mode") === "serve" && !token()) return; /* not this serve run's page */
      group.hidden = false;
    });
    restoreDrafts();
    recalled();
  }

  /* The reloaded page says what the press recorded: its lines, or (the reload came first) the answer of the same
     serve run to the same press asked again, which records nothing twice. Shown on the page pressed from, within two
     minutes of the press, and again on the second reload a rebuild of two files may bring. */
  function recalled() {
    var entry = kept();
    if (!entry) return;
    var now = Date.now();
    var stale = entry.path !== location.pathname || !entry.request || entry.request.token !== token();
    if (stale || now - entry.at > 120000 || (entry.shown && now - entry.shown > 15000)) {
      keep(null);
      return;
    }
    if (entry.lines) {
      if (!entry.shown) entry.shown = now;
      keep(entry);
      note(entry.lines, true);
      return;
    }
    post(entry.request).then(function (answer) {
      var lines = linesOf(answer);
      if (answer.ok) keep({ at: entry.at, path: entry.path, request: entry.request, lines: lines, shown: Date.now() });
      else keep(null);
      note(lines, !!answer.ok);
    }, function () {
      keep(null);
      note([GONE], false);
    });
  }

  function note(lines, ok) {
    if (!lines.length) return;
    var article = document.querySelector("article") || document.body;
    var box = document.createElement("div");
    box.className = ok ? "admonition success playbook-record__recorded" : "admonition failure playbook-record__failed";
    box.setAttribute("role", "status");
    var head = document.createElement("p");
    head.className = "admonition-title";
    head.textContent = ok ? "Recorded" : "Not recorded";
    var text = document.createElement("p");
    text.className = "playbook-record__lines";
    text.textContent = lines.join("\n");
    box.appendChild(head);
    box.appendChild(text);
    article.insertBefore(box, article.firstChild);
  }

  /* Material's instant loading swaps pages without a load event: its document$ says when. */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(ready);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();

  window.playbookRecord = { quote: quote }; /* for the tests that compare it with Python's shlex.quote */
})();
