/*! Excel Medical Staffing: the recruiter console (/recruiter) and its sign-in page.
 * Ask: pipeline questions to POST /api/recruiter/ask, answers streamed as server-sent
 * events (sentence, table, chart, "how I got this"). Inbox: handed-off chats, replies and
 * closing (/api/recruiter/handoffs). Share links: create and count (/api/recruiter/shares).
 * Everything from the server is inserted as text (textContent) or drawn as SVG elements;
 * a chart is a Vega-Lite spec read as data, never code. No eval, no CDN.
 */
(function () {
  "use strict";
  var UNREACHABLE = "We can't reach the server right now. Check your connection and try again.";
  var GENERIC = "Something went wrong. Please try again.";
  var CONVERSATION_KEY = "esa-copilot:conversation";
  var SVG = "http://www.w3.org/2000/svg";

  // ---------------------------------------------------------------- helpers
  function h(tag, props, children) {
    var el = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") el.textContent = String(props[key]);
      else el.setAttribute(key, String(props[key]));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) el.append(child);
    });
    return el;
  }

  function s(tag, attrs, text) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) {
      el.setAttribute(key, String(attrs[key]));
    });
    if (text !== undefined) el.textContent = String(text);
    return el;
  }

  function say(text) {
    var box = document.getElementById("console-message");
    if (box) box.textContent = text || "";
  }

  async function call(method, path, body) {
    var response;
    try {
      response = await fetch(path, {
        method: method,
        headers: body === undefined
          ? { Accept: "application/json" }
          : { "Content-Type": "application/json", Accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (e) {
      return { status: 0, data: { detail: UNREACHABLE } };
    }
    var data = {};
    try {
      data = await response.json();
    } catch (e) {
      data = {};
    }
    if (response.status === 401 && document.querySelector("[data-console]")) {
      location.assign("/recruiter/sign-in");
    }
    return { status: response.status, data: data || {} };
  }

  function detailOf(result) {
    return (result.data && result.data.detail) || (result.status === 0 ? UNREACHABLE : GENERIC);
  }

  function when(value) {
    if (!value) return "";
    var date = new Date(value);
    if (isNaN(date.getTime())) return String(value);
    return date.toLocaleString();
  }

  function minutesText(seconds) {
    var minutes = Math.max(0, Math.round(Number(seconds) / 60));
    if (minutes < 60) return minutes + " min";
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return hours + " h " + (minutes % 60) + " min";
    return Math.floor(hours / 24) + " days";
  }

  function formatCell(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") return value.toLocaleString();
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  // ---------------------------------------------------------------- sign in / out
  function setUpSignOut() {
    var button = document.getElementById("sign-out");
    if (!button) return;
    button.addEventListener("click", async function () {
      await call("POST", "/api/auth/logout");
      try {
        sessionStorage.removeItem(CONVERSATION_KEY);
      } catch (e) {}
      location.assign("/recruiter/sign-in");
    });
  }

  function setUpSignIn() {
    var form = document.getElementById("sign-in-form");
    if (!form) return;
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var email = form.elements.namedItem("email").value.trim();
      var password = form.elements.namedItem("password").value;
      if (!email || !password) {
        say("Enter your email and password.");
        return;
      }
      form.setAttribute("aria-busy", "true");
      var result = await call("POST", "/api/auth/login", { email: email, password: password });
      form.removeAttribute("aria-busy");
      if (result.status === 200) {
        location.assign("/recruiter");
        return;
      }
      say(detailOf(result));
    });
  }

  // ---------------------------------------------------------------- tabs
  var loaders = {};

  function setUpTabs() {
    var tabs = Array.prototype.slice.call(document.querySelectorAll("[role=tab]"));
    var loaded = {};
    function select(tab, focus) {
      tabs.forEach(function (other) {
        var selected = other === tab;
        other.setAttribute("aria-selected", selected ? "true" : "false");
        other.setAttribute("tabindex", selected ? "0" : "-1");
        document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
      });
      if (focus) tab.focus();
      var id = tab.id;
      if (!loaded[id] && loaders[id]) {
        loaded[id] = true;
        loaders[id]();
      }
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () {
        select(tab, false);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
        if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
        if (next) {
          event.preventDefault();
          select(next, true);
        }
      });
    });
  }

  // ---------------------------------------------------------------- charts (Vega-Lite subset)
  var PALETTE = ["#0b4f7c", "#c2410c", "#15803d", "#7c3aed", "#b42318", "#0e7490"];

  function channel(spec, name) {
    var enc = (spec && spec.encoding) || {};
    return enc[name] && typeof enc[name] === "object" ? enc[name] : null;
  }

  function chartPlan(spec) {
    if (!spec || typeof spec !== "object") return null;
    var mark = typeof spec.mark === "string" ? spec.mark : spec.mark && spec.mark.type;
    var values = spec.data && Array.isArray(spec.data.values) ? spec.data.values : null;
    var x = channel(spec, "x");
    var y = channel(spec, "y");
    if (!values || !values.length || !x || !y || !x.field || !y.field) return null;
    var horizontal = x.type === "quantitative" && y.type !== "quantitative";
    var category = horizontal ? y : x;
    var measure = horizontal ? x : y;
    var color = channel(spec, "color");
    return {
      mark: mark === "line" || mark === "area" || mark === "point" ? "line" : "bar",
      category: String(category.field),
      categoryTitle: category.title || category.field,
      measure: String(measure.field),
      measureTitle: measure.title || measure.field,
      series: color && color.field ? String(color.field) : null,
      values: values.slice(0, 200),
      title: typeof spec.title === "string" ? spec.title : (spec.title && spec.title.text) || "",
    };
  }

  function renderChart(spec) {
    var plan = chartPlan(spec);
    if (!plan) return null;
    var width = 640;
    var height = 260;
    var left = 56;
    var right = 12;
    var top = 16;
    var bottom = 64;
    var innerW = width - left - right;
    var innerH = height - top - bottom;
    var categories = [];
    var seriesNames = [];
    plan.values.forEach(function (row) {
      var c = String(row[plan.category]);
      if (categories.indexOf(c) < 0) categories.push(c);
      var sName = plan.series ? String(row[plan.series]) : "";
      if (seriesNames.indexOf(sName) < 0) seriesNames.push(sName);
    });
    var numbers = plan.values.map(function (row) {
      return Number(row[plan.measure]) || 0;
    });
    var max = Math.max.apply(null, numbers.concat([0]));
    var min = Math.min.apply(null, numbers.concat([0]));
    var span = max - min || 1;
    function yOf(value) {
      return top + innerH - ((value - min) / span) * innerH;
    }
    var svg = s("svg", {
      viewBox: "0 0 " + width + " " + height,
      width: width,
      height: height,
      role: "img",
      "aria-label": (plan.title || plan.measureTitle + " by " + plan.categoryTitle),
      class: "copilot-chart",
      "data-mark": plan.mark,
    });
    svg.append(s("title", {}, plan.title || plan.measureTitle + " by " + plan.categoryTitle));
    svg.append(s("line", { x1: left, y1: yOf(0), x2: width - right, y2: yOf(0), stroke: "#94a3b8" }));
    [min, (min + max) / 2, max].forEach(function (tick) {
      svg.append(s("text", { x: left - 6, y: yOf(tick) + 4, "text-anchor": "end", "font-size": 11 },
        Math.round(tick * 100) / 100));
    });
    var band = innerW / Math.max(1, categories.length);
    var labelEvery = Math.ceil(categories.length / 12);
    categories.forEach(function (c, i) {
      if (i % labelEvery !== 0) return;
      var label = c.length > 14 ? c.slice(0, 13) + "…" : c;
      var x = left + band * i + band / 2;
      svg.append(s("text", {
        x: x, y: height - bottom + 14, "text-anchor": "end", "font-size": 11,
        transform: "rotate(-35 " + x + " " + (height - bottom + 14) + ")",
      }, label));
    });
    seriesNames.forEach(function (name, si) {
      var color = PALETTE[si % PALETTE.length];
      var rows = plan.values.filter(function (row) {
        return !plan.series || String(row[plan.series]) === name;
      });
      if (plan.mark === "bar") {
        var barW = (band * 0.8) / seriesNames.length;
        rows.forEach(function (row) {
          var i = categories.indexOf(String(row[plan.category]));
          var v = Number(row[plan.measure]) || 0;
          var y0 = yOf(Math.max(0, v));
          var rect = s("rect", {
            x: left + band * i + band * 0.1 + barW * si,
            y: y0,
            width: Math.max(1, barW - 1),
            height: Math.max(0, Math.abs(yOf(v) - yOf(0))),
            fill: color,
            class: "bar",
          });
          rect.append(s("title", {}, String(row[plan.category]) + (name ? " · " + name : "") + ": " + v));
          svg.append(rect);
        });
      } else {
        var points = rows.map(function (row) {
          var i = categories.indexOf(String(row[plan.category]));
          return [left + band * i + band / 2, yOf(Number(row[plan.measure]) || 0)];
        });
        svg.append(s("polyline", {
          points: points.map(function (p) { return p[0] + "," + p[1]; }).join(" "),
          fill: "none", stroke: color, "stroke-width": 2, class: "line",
        }));
        points.forEach(function (p) {
          svg.append(s("circle", { cx: p[0], cy: p[1], r: 3, fill: color }));
        });
      }
    });
    return h("div", { class: "chart" }, [svg]);
  }

  function renderTable(table) {
    if (!table || !Array.isArray(table.columns)) return null;
    var head = h("tr", {}, table.columns.map(function (c) {
      return h("th", { scope: "col", text: c });
    }));
    var body = (table.rows || []).map(function (row) {
      return h("tr", {}, row.map(function (cell) {
        return h("td", { text: formatCell(cell) });
      }));
    });
    return h("table", { class: "answer-table" }, [h("thead", {}, [head]), h("tbody", {}, body)]);
  }

  // ---------------------------------------------------------------- Ask
  function readEvents(buffer, onEvent) {
    var text = buffer.replace(/\r\n/g, "\n");
    var blocks = text.split("\n\n");
    var rest = blocks.pop();
    blocks.forEach(function (block) {
      var name = "message";
      var data = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) name = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
      });
      if (data.length) {
        var payload = null;
        try {
          payload = JSON.parse(data.join("\n"));
        } catch (e) {
          payload = null;
        }
        if (payload !== null) onEvent(name, payload);
      }
    });
    return rest;
  }

  function setUpAsk() {
    var form = document.getElementById("ask-form");
    if (!form) return;
    var input = document.getElementById("ask-input");
    var log = document.getElementById("ask-log");
    var isAdmin = document.querySelector("[data-console]").getAttribute("data-admin") === "1";
    var busy = false;
    var conversation = null;
    try {
      conversation = sessionStorage.getItem(CONVERSATION_KEY);
    } catch (e) {}

    function remember(id) {
      conversation = id;
      try {
        if (id) sessionStorage.setItem(CONVERSATION_KEY, id);
        else sessionStorage.removeItem(CONVERSATION_KEY);
      } catch (e) {}
    }

    function scroll() {
      log.scrollTop = log.scrollHeight;
    }

    function answerBlock() {
      var sentence = h("p", { class: "sentence" });
      var item = h("li", { class: "a", "aria-busy": "true" }, [sentence]);
      log.append(item);
      return { item: item, sentence: sentence };
    }

    function finish(block, reply) {
      block.item.removeAttribute("aria-busy");
      block.item.setAttribute("data-done", "1");
      if (reply.uncertain) block.sentence.classList.add("uncertain");
      if (reply.outside_scope) {
        block.item.insertBefore(
          h("p", { class: "notice", text: "Outside your scope: other recruiters' data matched, which you cannot see." }),
          block.sentence.nextSibling
        );
      }
      if (reply.clarify && reply.clarify.length) {
        var choices = h("div", { class: "choices", role: "group", "aria-label": "Did you mean" });
        reply.clarify.forEach(function (choice) {
          var chip = h("button", { type: "button", class: "chip", text: choice });
          chip.addEventListener("click", function () {
            ask(choice);
          });
          choices.append(chip);
        });
        block.item.append(choices);
      }
    }

    function showExplanation(block, text, sql) {
      if (text) block.item.append(h("p", { class: "how", text: "How I got this: " + text }));
      if (sql && isAdmin) {
        block.item.append(h("details", { class: "sql" }, [
          h("summary", { text: "SQL" }),
          h("pre", { text: sql }),
        ]));
      }
    }

    async function ask(question) {
      if (busy) return;
      question = String(question || "").trim();
      if (!question) return;
      busy = true;
      form.setAttribute("aria-busy", "true");
      say("");
      log.append(h("li", { class: "q", text: question }));
      var block = answerBlock();
      scroll();
      var response;
      try {
        response = await fetch("/api/recruiter/ask", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
          body: JSON.stringify({ question: question, conversation_id: conversation }),
          credentials: "same-origin",
          cache: "no-store",
        });
      } catch (e) {
        block.sentence.textContent = UNREACHABLE;
        done();
        return;
      }
      if (response.status === 401) {
        location.assign("/recruiter/sign-in");
        return;
      }
      if (response.status === 404 && conversation) {
        // The conversation is gone (or was never this account's): start a fresh one.
        remember(null);
        block.item.remove();
        log.lastChild && log.lastChild.remove();
        busy = false;
        form.removeAttribute("aria-busy");
        return ask(question);
      }
      if (!response.ok || !response.body) {
        var data = {};
        try {
          data = await response.json();
        } catch (e) {}
        block.sentence.textContent = (data && data.detail) || GENERIC;
        block.item.classList.add("failed");
        done();
        return;
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      var tableShown = false;
      var chartShown = false;
      var explained = false;
      var streamed = "";
      function onEvent(name, payload) {
        if (name === "answer") {
          streamed += payload.text || "";
          block.sentence.textContent = streamed;
        } else if (name === "table") {
          var table = renderTable(payload);
          if (table) block.item.append(table);
          tableShown = true;
        } else if (name === "chart") {
          var chart = renderChart(payload);
          if (chart) block.item.append(chart);
          chartShown = true;
        } else if (name === "explanation") {
          showExplanation(block, payload.text, payload.sql);
          explained = true;
        } else if (name === "done") {
          block.sentence.textContent = payload.answer || streamed;
          if (!tableShown && payload.table) block.item.append(renderTable(payload.table));
          if (!chartShown && payload.chart) {
            var late = renderChart(payload.chart);
            if (late) block.item.append(late);
          }
          if (!explained) showExplanation(block, payload.explanation, payload.sql);
          if (payload.conversation_id) remember(payload.conversation_id);
          finish(block, payload);
        } else if (name === "error") {
          block.sentence.textContent = payload.detail || GENERIC;
          block.item.classList.add("failed");
        }
        scroll();
      }
      try {
        for (;;) {
          var chunk = await reader.read();
          if (chunk.done) break;
          buffer = readEvents(buffer + decoder.decode(chunk.value, { stream: true }), onEvent);
        }
        readEvents(buffer + decoder.decode() + "\n\n", onEvent);
      } catch (e) {
        block.sentence.textContent = block.sentence.textContent || UNREACHABLE;
      }
      done();

      function done() {
        block.item.removeAttribute("aria-busy");
        busy = false;
        form.removeAttribute("aria-busy");
        input.focus();
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var question = input.value;
      input.value = "";
      ask(question);
    });
    document.getElementById("ask-new").addEventListener("click", function () {
      remember(null);
      log.replaceChildren();
      input.focus();
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-example]"), function (chip) {
      chip.addEventListener("click", function () {
        ask(chip.getAttribute("data-example"));
      });
    });

    if (conversation) {
      // After a reload: the conversation's questions and sentences (tables are not kept).
      call("GET", "/api/recruiter/conversations/" + encodeURIComponent(conversation)).then(
        function (result) {
          if (result.status !== 200) {
            if (result.status === 404) remember(null);
            return;
          }
          (result.data.messages || []).forEach(function (m) {
            log.append(h("li", { class: "q", text: m.question }));
            log.append(h("li", { class: "a earlier", "data-done": "1" }, [
              h("p", { class: "sentence", text: m.answer }),
            ]));
          });
          scroll();
        }
      );
    }
  }

  // ---------------------------------------------------------------- Inbox
  var OUTCOMES = [
    ["resolved", "Resolved"],
    ["applied", "Applied"],
    ["not_interested", "Not interested"],
    ["no_response", "No response"],
    ["other", "Other"],
  ];

  function listOf(data, key) {
    if (Array.isArray(data)) return data;
    if (data && Array.isArray(data[key])) return data[key];
    if (data && Array.isArray(data.items)) return data.items;
    return [];
  }

  function setUpInbox() {
    var list = document.getElementById("inbox-list");
    if (!list) return;
    var detail = document.getElementById("inbox-detail");
    var status = document.getElementById("inbox-status");
    var current = null;

    async function load() {
      var result = await call("GET", "/api/recruiter/handoffs?status=" + encodeURIComponent(status.value));
      if (result.status !== 200) {
        say(detailOf(result));
        return;
      }
      var handoffs = listOf(result.data, "handoffs");
      list.replaceChildren();
      if (!handoffs.length) {
        list.append(h("li", { class: "muted empty" }, [h("span", { text: "Nothing here." })]));
        return;
      }
      handoffs.forEach(function (item) {
        var name = item.candidate || "Visitor";
        var waited = item.waiting_s;
        var replied = !!item.first_response_at;
        var meta = [
          item.reason || "",
          waited === undefined ? when(item.created_at)
            : (replied ? "answered in " : "waiting ") + minutesText(waited),
          item.messages !== undefined ? item.messages + " messages" : "",
        ].filter(Boolean).join(" · ");
        var button = h("button", { type: "button", "data-handoff": item.id }, [
          h("strong", { text: name }),
          h("span", { class: "meta muted", text: meta ? " " + meta : "" }),
        ]);
        if (item.id === current) button.setAttribute("aria-current", "true");
        button.addEventListener("click", function () {
          Array.prototype.forEach.call(list.querySelectorAll("button"), function (b) {
            b.removeAttribute("aria-current");
          });
          button.setAttribute("aria-current", "true");
          open(item.id);
        });
        list.append(h("li", {}, [button]));
      });
    }

    function messageItem(m) {
      var role = m.role || "user";
      var who = role === "recruiter" ? (m.author || "You") : role === "assistant" ? "Assistant" : "Candidate";
      return h("li", { class: role }, [h("span", { class: "who", text: who }), m.text || m.content || ""]);
    }

    async function open(id) {
      current = id;
      detail.replaceChildren(h("p", { class: "muted", text: "Loading…" }));
      var result = await call("GET", "/api/recruiter/handoffs/" + encodeURIComponent(id));
      if (current !== id) return;
      if (result.status !== 200) {
        detail.replaceChildren(h("p", { text: detailOf(result) }));
        return;
      }
      var data = result.data;
      var handoff = data.handoff || data;
      var messages = listOf(data, "messages");
      var transcript = h("ol", { class: "transcript", "aria-label": "Transcript" },
        messages.map(messageItem));
      var parts = [
        h("h2", { text: handoff.candidate || "Visitor" }),
        handoff.reason ? h("p", { class: "muted", text: "Reason: " + handoff.reason }) : null,
        transcript,
      ];
      var closed = String(handoff.status || "").toLowerCase() === "closed" || handoff.closed_at;
      if (!closed) {
        var text = h("textarea", { id: "reply-text", maxlength: "2000", "aria-label": "Reply" });
        var reply = h("form", { class: "inline-form", id: "reply-form" }, [
          text, h("button", { class: "btn secondary", type: "submit", text: "Send reply" }),
        ]);
        reply.addEventListener("submit", async function (event) {
          event.preventDefault();
          var body = text.value.trim();
          if (!body) return;
          var sent = await call("POST", "/api/recruiter/handoffs/" + encodeURIComponent(id) + "/reply", { text: body });
          if (sent.status !== 200 && sent.status !== 201) {
            say(detailOf(sent));
            return;
          }
          text.value = "";
          transcript.append(messageItem({ role: "recruiter", text: body, author: "You" }));
          load();
        });
        var outcome = h("select", { id: "close-outcome", "aria-label": "Outcome" },
          OUTCOMES.map(function (o) { return h("option", { value: o[0], text: o[1] }); }));
        var close = h("form", { class: "inline-form", id: "close-form" }, [
          outcome, h("button", { class: "btn", type: "submit", text: "Close conversation" }),
        ]);
        close.addEventListener("submit", async function (event) {
          event.preventDefault();
          var done = await call("POST", "/api/recruiter/handoffs/" + encodeURIComponent(id) + "/close", { outcome: outcome.value });
          if (done.status !== 200 && done.status !== 204) {
            say(detailOf(done));
            return;
          }
          await load();
          open(id);
        });
        parts.push(reply, close);
      } else {
        parts.push(h("p", { class: "muted", text: "Closed" + (handoff.outcome ? ": " + handoff.outcome : "") }));
      }
      detail.replaceChildren.apply(detail, parts.filter(Boolean));
    }

    status.addEventListener("change", load);
    document.getElementById("inbox-refresh").addEventListener("click", load);
    loaders["tab-inbox"] = load;
  }

  // ---------------------------------------------------------------- Share links
  var UUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

  function setUpShares() {
    var form = document.getElementById("share-form");
    if (!form) return;
    var rows = document.getElementById("share-rows");
    var created = document.getElementById("share-created");

    async function load() {
      var result = await call("GET", "/api/recruiter/shares");
      if (result.status !== 200) {
        say(detailOf(result));
        return;
      }
      rows.replaceChildren();
      listOf(result.data, "shares").forEach(function (share) {
        var link = h("a", { href: share.url, text: share.url, rel: "noopener" });
        rows.append(h("tr", { "data-share": share.share_code || share.id }, [
          h("td", { text: share.job_title || "" }),
          h("td", {}, [link]),
          h("td", { text: formatCell(share.views) }),
          h("td", { text: formatCell(share.applications) }),
          h("td", { text: formatCell(share.placements) }),
          h("td", { text: when(share.created_at) }),
        ]));
      });
    }

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var raw = form.elements.namedItem("job").value;
      var match = UUID_IN.exec(raw || "");
      if (!match) {
        say("Paste a job's id or the link of its job page.");
        return;
      }
      var result = await call("POST", "/api/recruiter/shares", { job_id: match[0] });
      if (result.status !== 200 && result.status !== 201) {
        say(detailOf(result));
        return;
      }
      say("");
      created.replaceChildren("Share link: ", h("a", { href: result.data.url, text: result.data.url }));
      form.reset();
      load();
    });
    loaders["tab-shares"] = load;
  }

  setUpSignIn();
  setUpSignOut();
  if (document.querySelector("[data-console]")) {
    setUpInbox();
    setUpShares();
    setUpTabs();
    setUpAsk();
  }
})();
