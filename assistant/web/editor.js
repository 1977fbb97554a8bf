/*! Excel Medical Staffing: the editors' desk (/editor) and its sign-in page.
 * Queue: GET /api/editor/drafts with filters (type, status, flags, age), pages of 50.
 * Review (/editor/pages/{type}/{id}): the version rendered as it would be published, the
 * gate's flags at their sentences, the snapshot it was written from, a compare of any two
 * versions, Markdown editing (a new version), approve / schedule / request changes /
 * reject / unpublish, and the history of who did what.
 * New FAQ article (/editor/faq/new): POST /api/editor/faq-articles, then its review page.
 * Text from the server is inserted as text (textContent). The two HTML bodies the API
 * sends (the page, already sanitised server-side, and the prose diff) are rebuilt here
 * element by element from an allow-list, never assigned to innerHTML. No eval, no CDN.
 */
(function () {
  "use strict";
  var UNREACHABLE = "We can't reach the server right now. Check your connection and try again.";
  var GENERIC = "Something went wrong. Please try again.";
  var PAGE_SIZE = 50;
  var TYPE_NAMES = {
    city_guide: "City guide",
    specialty_page: "Specialty page",
    city_specialty_page: "City × specialty page",
    blog_post: "Blog post",
    job_description: "Job description",
    faq_article: "FAQ article",
  };
  var STATUS_NAMES = {
    draft: "Waiting for review",
    changes_requested: "Changes requested",
    rejected: "Rejected",
    reviewed: "Approved, scheduled",
    published: "Published",
    unpublished: "Unpublished",
    superseded: "Superseded",
  };
  var ACTION_NAMES = {
    drafted: "drafted",
    edited: "edited",
    approved: "approved",
    changes_requested: "requested changes",
    rejected: "rejected",
    scheduled: "scheduled publication",
    published: "published",
    unpublished: "unpublished",
    overridden: "overrode the gate's flags",
  };

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

  function say(text) {
    var box = document.getElementById("desk-message");
    if (box) box.textContent = text || "";
    var ok = document.getElementById("desk-notice");
    if (ok && text) ok.textContent = "";
  }

  function notice(text) {
    var box = document.getElementById("desk-notice");
    if (box) box.textContent = text || "";
    if (text) say("");
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
    if (response.status === 401 && document.querySelector("[data-desk]")) {
      location.assign("/editor/sign-in");
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

  function plain(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "number") return value.toLocaleString();
    if (typeof value === "object") {
      return Object.keys(value).map(function (k) { return k.replace(/_/g, " ") + ": " + plain(value[k]); }).join(" · ");
    }
    return String(value);
  }

  // Rebuild server HTML from an allow-list: the API sanitised it already (nh3); this keeps
  // the page safe even if it ever did not, and no string reaches innerHTML.
  var ALLOWED = {
    P: 1, H1: 1, H2: 1, H3: 1, H4: 1, UL: 1, OL: 1, LI: 1, STRONG: 1, EM: 1, B: 1, I: 1,
    A: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1, INS: 1, DEL: 1, BR: 1,
    BLOCKQUOTE: 1, CODE: 1, PRE: 1, HR: 1, SPAN: 1, DIV: 1,
  };

  function safeHref(href) {
    if (!href) return null;
    if (/^\/(?!\/)/.test(href) || /^#/.test(href)) return href;
    if (/^https?:\/\//i.test(href)) return href;
    return null;
  }

  function copyNode(node, into) {
    if (node.nodeType === 3) {
      into.append(document.createTextNode(node.nodeValue));
      return;
    }
    if (node.nodeType !== 1) return;
    var tag = node.tagName.toUpperCase();
    if (!ALLOWED[tag]) {
      // Unknown element: keep its text, drop the element (never its script's code).
      if (tag !== "SCRIPT" && tag !== "STYLE" && tag !== "TEMPLATE") {
        Array.prototype.forEach.call(node.childNodes, function (child) { copyNode(child, into); });
      }
      return;
    }
    var el = document.createElement(tag.toLowerCase());
    if (tag === "A") {
      var href = safeHref(node.getAttribute("href"));
      if (href) el.setAttribute("href", href);
      el.setAttribute("rel", "noopener");
    }
    if ((tag === "TH" || tag === "TD") && node.getAttribute("colspan")) {
      el.setAttribute("colspan", String(parseInt(node.getAttribute("colspan"), 10) || 1));
    }
    Array.prototype.forEach.call(node.childNodes, function (child) { copyNode(child, el); });
    into.append(el);
  }

  function showHtml(container, html) {
    var parsed = new DOMParser().parseFromString(String(html || ""), "text/html");
    container.replaceChildren();
    Array.prototype.forEach.call(parsed.body.childNodes, function (child) {
      copyNode(child, container);
    });
  }

  function setUpTabs(onSelect) {
    var tabs = Array.prototype.slice.call(document.querySelectorAll("[role=tab]"));
    function select(tab, focus) {
      tabs.forEach(function (other) {
        var selected = other === tab;
        other.setAttribute("aria-selected", selected ? "true" : "false");
        other.setAttribute("tabindex", selected ? "0" : "-1");
        document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
      });
      if (focus) tab.focus();
      if (onSelect) onSelect(tab.id);
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { select(tab, false); });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
        if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
        if (event.key === "Home") next = tabs[0];
        if (event.key === "End") next = tabs[tabs.length - 1];
        if (next) {
          event.preventDefault();
          select(next, true);
        }
      });
    });
    return function (id) {
      var tab = document.getElementById(id);
      if (tab) select(tab, false);
    };
  }

  // ---------------------------------------------------------------- sign in / out
  function setUpSignOut() {
    var button = document.getElementById("sign-out");
    if (!button) return;
    button.addEventListener("click", async function () {
      await call("POST", "/api/auth/logout");
      location.assign("/editor/sign-in");
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
        location.assign("/editor");
        return;
      }
      say(detailOf(result));
    });
  }

  // ---------------------------------------------------------------- the queue
  function reviewPath(item, version) {
    var path = "/editor/pages/" + encodeURIComponent(item.content_type) + "/" +
      encodeURIComponent(item.reference_id);
    return version ? path + "?version=" + encodeURIComponent(version) : path;
  }

  function setUpQueue() {
    var form = document.getElementById("queue-filters");
    var rows = document.getElementById("queue-rows");
    var count = document.getElementById("queue-count");
    var prev = document.getElementById("queue-prev");
    var next = document.getElementById("queue-next");
    var names = ["type", "status", "flagged", "older_than_days"];
    var offset = 0;

    // The filters live in the address (back and reload keep them); default: waiting drafts.
    var params = new URLSearchParams(location.search);
    if (!location.search) params.set("status", "draft");
    names.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && params.get(name) !== null) field.value = params.get(name);
    });
    offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);

    function query() {
      var q = new URLSearchParams();
      names.forEach(function (name) {
        var value = form.elements.namedItem(name).value;
        if (value) q.set(name, value);
      });
      return q;
    }

    async function load() {
      var q = query();
      var address = new URLSearchParams(q);
      if (!q.get("status")) address.set("status", "");
      if (offset) address.set("offset", String(offset));
      history.replaceState(null, "", "/editor?" + address.toString());
      q.set("limit", String(PAGE_SIZE));
      q.set("offset", String(offset));
      rows.setAttribute("aria-busy", "true");
      var result = await call("GET", "/api/editor/drafts?" + q.toString());
      rows.removeAttribute("aria-busy");
      if (result.status !== 200) {
        say(detailOf(result));
        return;
      }
      say("");
      var data = result.data;
      var items = data.items || [];
      rows.replaceChildren();
      items.forEach(function (item) {
        // flags_count counts open warnings too; only errors keep a page from approval.
        var open = item.flags_count + " open flag" + (item.flags_count === 1 ? "" : "s");
        var flags = !item.gate_passed
          ? h("span", { class: "pill error", text: "Errors · " + open })
          : item.flags_count
            ? h("span", { class: "pill warning", text: "Passed · " + open })
            : h("span", { class: "pill ok", text: "Passed" });
        rows.append(h("tr", { "data-reference-id": item.reference_id }, [
          h("td", {}, [h("a", { href: reviewPath(item, item.version), text: item.title || item.slug || "(untitled)" })]),
          h("td", { text: TYPE_NAMES[item.content_type] || item.content_type }),
          h("td", { text: "v" + item.version }),
          h("td", { text: STATUS_NAMES[item.status] || item.status }),
          h("td", {}, [flags]),
          h("td", { text: when(item.updated_at || item.created_at) }),
        ]));
      });
      var total = Number(data.total || 0);
      count.textContent = total
        ? "Showing " + (offset + 1) + "–" + (offset + items.length) + " of " + total.toLocaleString()
        : "Nothing in the queue with these filters.";
      prev.disabled = offset <= 0;
      next.disabled = offset + items.length >= total;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      offset = 0;
      load();
    });
    prev.addEventListener("click", function () {
      offset = Math.max(0, offset - PAGE_SIZE);
      load();
    });
    next.addEventListener("click", function () {
      offset += PAGE_SIZE;
      load();
    });
    load();
  }

  // ---------------------------------------------------------------- one page under review
  function setUpReview(main) {
    var base = "/api/editor/pages/" + encodeURIComponent(main.getAttribute("data-content-type")) +
      "/" + encodeURIComponent(main.getAttribute("data-reference-id"));
    var state = { detail: null, versions: [] };
    var historyLoaded = false;
    var pick = document.getElementById("version-pick");
    var showTab = setUpTabs(function (id) {
      if (id === "tab-history" && !historyLoaded) loadHistory();
    });

    function wanted() {
      var v = parseInt(new URLSearchParams(location.search).get("version") || "", 10);
      return v > 0 ? v : null;
    }

    async function loadVersions() {
      var result = await call("GET", base + "/versions");
      if (result.status !== 200) {
        say(detailOf(result));
        return false;
      }
      state.versions = result.data.versions || [];
      var options = state.versions.slice().reverse().map(function (v) {
        return h("option", {
          value: String(v.version),
          text: "v" + v.version + " · " + (STATUS_NAMES[v.status] || v.status) + " · " + v.source,
        });
      });
      pick.replaceChildren.apply(pick, options);
      ["compare-a", "compare-b"].forEach(function (id) {
        var select = document.getElementById(id);
        select.replaceChildren.apply(select, state.versions.map(function (v) {
          return h("option", { value: String(v.version), text: "v" + v.version + " (" + (STATUS_NAMES[v.status] || v.status) + ")" });
        }));
      });
      var n = state.versions.length;
      if (n >= 2) {
        document.getElementById("compare-a").value = String(state.versions[n - 2].version);
        document.getElementById("compare-b").value = String(state.versions[n - 1].version);
      }
      return true;
    }

    async function loadVersion(version) {
      var result = await call("GET", version ? base + "/versions/" + version : base);
      if (result.status !== 200) {
        document.getElementById("page-title").textContent = "Not available";
        say(detailOf(result));
        return;
      }
      show(result.data);
    }

    function show(detail) {
      state.detail = detail;
      var page = detail.page || {};
      document.getElementById("page-title").textContent = page.title || "(untitled)";
      document.title = (page.title || "Review") + " | Editors' desk";
      document.getElementById("page-meta").textContent =
        (TYPE_NAMES[detail.content_type] || detail.content_type) + " · version " + detail.version +
        " of " + detail.latest_version + " · " + (STATUS_NAMES[detail.status] || detail.status) +
        " · written by " + (detail.source === "editor" ? "an editor" : detail.model || detail.source);
      pick.value = String(detail.version);
      var url = new URL(location.href);
      url.searchParams.set("version", String(detail.version));
      history.replaceState(null, "", url.pathname + url.search);
      showPage(detail);
      showFlags(detail);
      showSnapshot(detail.snapshot || {});
      fillEdit(detail);
      showActions(detail);
    }

    function showPage(detail) {
      var page = detail.page || {};
      var seo = document.getElementById("seo-fields");
      seo.replaceChildren();
      [["SEO title", page.seo_title], ["SEO description", page.seo_description],
        ["Slug", page.slug], ["Keywords", page.seo_keywords], ["Excerpt", page.excerpt]]
        .forEach(function (pair) {
          seo.append(h("dt", { text: pair[0] }), h("dd", { text: plain(pair[1]) }));
        });
      var article = document.getElementById("rendered");
      showHtml(article, detail.html);
      markSentences(article, (detail.gate && detail.gate.flags) || []);
    }

    // Each flag at its sentence: the sentence is marked where it appears in the page.
    function markSentences(root, flags) {
      flags.forEach(function (flag, index) {
        if (!flag.sentence) return;
        var needle = String(flag.sentence).trim();
        if (!needle) return;
        var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        var node;
        while ((node = walker.nextNode())) {
          var at = node.nodeValue.indexOf(needle);
          if (at < 0) continue;
          var rest = node.splitText(at);
          rest.splitText(needle.length);
          var mark = h("mark", {
            id: "flag-at-" + index,
            class: flag.severity === "error" && !flag.overridden ? "error" : "warning",
            title: flag.message,
          });
          rest.parentNode.replaceChild(mark, rest);
          mark.append(rest);
          return;
        }
      });
    }

    function showFlags(detail) {
      var gate = detail.gate || { flags: [], scores: {} };
      var flags = gate.flags || [];
      document.getElementById("gate-summary").textContent = flags.length
        ? flags.length + " flag" + (flags.length === 1 ? "" : "s") + "; " +
          detail.unresolved_errors + " unresolved error" + (detail.unresolved_errors === 1 ? "" : "s") +
          (gate.checked_at ? " (checked " + when(gate.checked_at) + ")" : "")
        : "The gate found nothing to flag.";
      var list = document.getElementById("flag-list");
      list.replaceChildren.apply(list, flags.map(function (flag, index) {
        var cls = (flag.severity === "error" ? "error" : "warning") + (flag.overridden ? " overridden" : "");
        var parts = [
          h("span", { class: "pill " + (flag.severity === "error" ? "error" : "warning"), text: flag.severity }),
          " ",
          h("strong", { text: flag.code }),
          flag.overridden ? h("span", { class: "pill", text: "overridden" }) : null,
          h("p", { text: flag.message }),
        ];
        if (flag.sentence) {
          var quote = h("blockquote", { text: flag.sentence });
          parts.push(quote);
          if (document.getElementById("flag-at-" + index)) {
            var jump = h("button", { type: "button", class: "chip", text: "Show in the page" });
            jump.addEventListener("click", function () {
              showTab("tab-page");
              var mark = document.getElementById("flag-at-" + index);
              if (mark) {
                mark.setAttribute("tabindex", "-1");
                mark.scrollIntoView({ block: "center" });
                mark.focus();
              }
            });
            parts.push(jump);
          }
        }
        if (flag.override_note) parts.push(h("p", { class: "muted", text: "Override: " + flag.override_note }));
        return h("li", { class: cls }, parts);
      }));
      var scores = document.getElementById("gate-scores");
      scores.replaceChildren();
      Object.keys(gate.scores || {}).forEach(function (key) {
        scores.append(h("dt", { text: key.replace(/_/g, " ") }), h("dd", { text: plain(gate.scores[key]) }));
      });
    }

    function showSnapshot(snapshot) {
      var box = document.getElementById("snapshot");
      box.replaceChildren();
      var facts = h("dl", {});
      var tables = [];
      Object.keys(snapshot).forEach(function (key) {
        var value = snapshot[key];
        if (Array.isArray(value) && value.length && typeof value[0] === "object" && value[0] !== null) {
          tables.push([key, value]);
        } else if (Array.isArray(value)) {
          facts.append(h("dt", { text: key.replace(/_/g, " ") }), h("dd", { text: value.join(", ") || "—" }));
        } else if (value && typeof value === "object") {
          facts.append(h("dt", { text: key.replace(/_/g, " ") }), h("dd", {
            text: Object.keys(value).map(function (k) { return k + ": " + plain(value[k]); }).join(" · ") || "—",
          }));
        } else {
          facts.append(h("dt", { text: key.replace(/_/g, " ") }), h("dd", { text: plain(value) }));
        }
      });
      box.append(facts);
      tables.forEach(function (pair) {
        var columns = Object.keys(pair[1][0]);
        box.append(h("h3", { text: pair[0].replace(/_/g, " ") + " (" + pair[1].length + ")" }));
        box.append(h("table", {}, [
          h("thead", {}, [h("tr", {}, columns.map(function (c) { return h("th", { scope: "col", text: c.replace(/_/g, " ") }); }))]),
          h("tbody", {}, pair[1].map(function (row) {
            return h("tr", {}, columns.map(function (c) { return h("td", { text: plain(row[c]) }); }));
          })),
        ]));
      });
    }

    var EDIT_FIELDS = ["title", "slug", "seo_title", "seo_keywords", "seo_description", "excerpt"];

    function fillEdit(detail) {
      var form = document.getElementById("edit-form");
      EDIT_FIELDS.forEach(function (name) {
        form.elements.namedItem(name).value = (detail.page || {})[name] || "";
      });
      form.elements.namedItem("markdown").value = detail.markdown || "";
    }

    function showActions(detail) {
      var actions = detail.actions || [];
      function can(name) { return actions.indexOf(name) >= 0; }
      var approveForm = document.getElementById("approve-form");
      var why = document.getElementById("approve-why");
      var overrideField = document.getElementById("override-field");
      var overrideNote = document.getElementById("override-note");
      var button = document.getElementById("approve-button");
      var stateText = "Status: " + (STATUS_NAMES[detail.status] || detail.status);
      if (detail.status === "reviewed" && detail.publish_at) stateText += ", publishes " + when(detail.publish_at);
      if (detail.published_at) stateText += " (published " + when(detail.published_at) + ")";
      if (detail.review_notes) stateText += ". Note: " + detail.review_notes;
      document.getElementById("review-state").textContent = stateText;
      approveForm.hidden = !can("approve");
      document.getElementById("request-changes-button").hidden = !can("request_changes");
      document.getElementById("reject-button").hidden = !can("reject");
      document.getElementById("note-form").hidden = !can("request_changes") && !can("reject");
      document.getElementById("unpublish-form").hidden = !can("unpublish");
      overrideNote.value = "";
      if (can("approve") && detail.unresolved_errors > 0) {
        why.hidden = false;
        why.textContent = detail.approve_blocked_reason ||
          "Error flags are unresolved: edit the page, or approve with an override note.";
        overrideField.hidden = false;
      } else {
        why.hidden = true;
        why.textContent = "";
        overrideField.hidden = true;
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      }
      updateApproveLabel();
      var editForm = document.getElementById("edit-form");
      var editable = can("edit");
      Array.prototype.forEach.call(editForm.elements, function (el) { el.disabled = !editable; });
      document.getElementById("edit-hint").textContent = editable
        ? "Saving makes a new version (the gate checks it again); this one stays as it is."
        : "Only the latest version (v" + detail.latest_version + ") can be edited: choose it above.";
      var published = state.versions.some(function (v) { return v.status === "published"; });
      var link = document.getElementById("public-link");
      if (detail.public_url && published) {
        link.hidden = false;
        link.replaceChildren(h("a", { href: detail.public_url, text: "See the public page" }));
      } else {
        link.hidden = true;
        link.replaceChildren();
      }
    }

    function updateApproveLabel() {
      var detail = state.detail;
      if (!detail) return;
      var button = document.getElementById("approve-button");
      var scheduled = !!document.getElementById("publish-at").value;
      var overriding = detail.unresolved_errors > 0;
      var note = document.getElementById("override-note").value.trim();
      button.textContent = (scheduled ? "Schedule publication" : "Approve and publish") +
        (overriding ? " with override" : "");
      if (overriding) {
        button.disabled = !note;
        if (note) button.removeAttribute("aria-disabled");
        else button.setAttribute("aria-disabled", "true");
      }
    }

    async function act(path, body, done) {
      var result = await call("POST", base + path, body);
      if (result.status !== 200 && result.status !== 201) {
        say(detailOf(result));
        return null;
      }
      notice(done);
      await loadVersions();
      show(result.data);
      historyLoaded = false;
      if (!document.getElementById("panel-history").hidden) loadHistory();
      return result.data;
    }

    document.getElementById("publish-at").addEventListener("input", updateApproveLabel);
    document.getElementById("override-note").addEventListener("input", updateApproveLabel);

    document.getElementById("approve-form").addEventListener("submit", async function (event) {
      event.preventDefault();
      var detail = state.detail;
      if (!detail) return;
      var body = {};
      var note = document.getElementById("override-note").value.trim();
      if (detail.unresolved_errors > 0) {
        if (!note) {
          say("Write an override note saying why this page may go out despite its error flags.");
          document.getElementById("override-note").focus();
          return;
        }
        body.override_note = note;
      }
      var at = document.getElementById("publish-at").value;
      var path = "/versions/" + detail.version + "/approve";
      if (at) {
        var moment = new Date(at);  // the editor's local time, sent as UTC
        if (isNaN(moment.getTime())) {
          say("Choose a valid date and time.");
          return;
        }
        body.publish_at = moment.toISOString();
        path = "/versions/" + detail.version + "/schedule";
      }
      var done = await act(path, body, at ? "Approved: publication scheduled." : "Approved and published.");
      if (done) document.getElementById("publish-at").value = "";
    });

    function noteAction(path, verb, done) {
      return async function () {
        var detail = state.detail;
        var field = document.getElementById("review-note");
        var note = field.value.trim();
        if (!note) {
          say("A note is required to " + verb + ": say what should change.");
          field.setAttribute("aria-invalid", "true");
          field.focus();
          return;
        }
        field.removeAttribute("aria-invalid");
        var result = await act("/versions/" + detail.version + path, { note: note }, done);
        if (result) field.value = "";
      };
    }

    document.getElementById("request-changes-button").addEventListener(
      "click", noteAction("/request-changes", "request changes", "Changes requested."));
    document.getElementById("reject-button").addEventListener(
      "click", noteAction("/reject", "reject", "Rejected."));

    document.getElementById("unpublish-form").addEventListener("submit", async function (event) {
      event.preventDefault();
      var note = document.getElementById("unpublish-note").value.trim();
      var done = await act("/unpublish", note ? { note: note } : {}, "Unpublished: the page is no longer public.");
      if (done) document.getElementById("unpublish-note").value = "";
    });

    document.getElementById("edit-form").addEventListener("submit", async function (event) {
      event.preventDefault();
      var detail = state.detail;
      var form = event.target;
      var markdown = form.elements.namedItem("markdown").value;
      if (!markdown.trim()) {
        say("The page's text is empty.");
        return;
      }
      var page = {};
      EDIT_FIELDS.forEach(function (name) {
        var value = form.elements.namedItem(name).value;
        if (value !== ((detail.page || {})[name] || "")) page[name] = value;
      });
      var saved = await act("/versions/" + detail.version + "/edit", { markdown: markdown, page: page },
        "Saved as a new version; the gate checked it again.");
      if (saved) showTab("tab-page");
    });

    document.getElementById("compare-form").addEventListener("submit", async function (event) {
      event.preventDefault();
      var a = document.getElementById("compare-a").value;
      var b = document.getElementById("compare-b").value;
      var out = document.getElementById("compare-result");
      if (a === b) {
        out.replaceChildren(h("p", { text: "Choose two different versions." }));
        return;
      }
      var result = await call("GET", base + "/diff?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b));
      if (result.status !== 200) {
        out.replaceChildren(h("p", { text: detailOf(result) }));
        return;
      }
      var diff = result.data;
      var parts = [h("h3", { text: "v" + diff.a + " → v" + diff.b })];
      if ((diff.fields || []).length) {
        parts.push(h("h4", { text: "Fields changed" }));
        parts.push(h("ul", { class: "field-changes" }, diff.fields.map(function (change) {
          return h("li", {}, [
            h("strong", { text: change.field.replace(/_/g, " ") + ": " }),
            h("del", { text: plain(change.before) }), " → ", h("ins", { text: plain(change.after) }),
          ]);
        })));
      } else {
        parts.push(h("p", { class: "muted", text: "No page or SEO field changed." }));
      }
      var changed = (diff.body || []).some(function (c) { return c.op !== "equal"; });
      parts.push(h("h4", { text: changed ? "Text" : "The text is the same." }));
      var prose = h("div", { class: "diff-text", "aria-label": "Text changes (insertions and deletions)" });
      showHtml(prose, diff.html);
      parts.push(prose);
      out.replaceChildren.apply(out, parts);
    });

    async function loadHistory() {
      historyLoaded = true;
      var list = document.getElementById("history-list");
      var result = await call("GET", base + "/history");
      if (result.status !== 200) {
        list.replaceChildren(h("li", { text: detailOf(result) }));
        return;
      }
      var events = result.data.events || [];
      list.replaceChildren.apply(list, events.map(function (e) {
        var who = e.actor || (e.actor_id ? "user " + e.actor_id : "the drafting worker");
        return h("li", {}, [
          h("strong", { text: when(e.at) }), " · v" + e.version + " · ",
          document.createTextNode(who + " " + (ACTION_NAMES[e.action] || e.action)),
          e.note ? h("p", { class: "muted", text: "“" + e.note + "”" }) : null,
        ]);
      }));
    }

    pick.addEventListener("change", function () { loadVersion(pick.value); });

    (async function start() {
      if (await loadVersions()) await loadVersion(wanted());
    })();
  }

  // ---------------------------------------------------------------- a new FAQ article
  function setUpNewFaq() {
    var form = document.getElementById("new-faq-form");
    var PAGE_FIELDS = ["title", "slug", "seo_title", "seo_description", "seo_keywords", "excerpt"];
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var value = function (name) { return form.elements.namedItem(name).value.trim(); };
      if (!value("title") || !value("article_key") || !value("markdown")) {
        say("Give the article a title, an article key and its text.");
        return;
      }
      var page = {};
      PAGE_FIELDS.forEach(function (name) { if (value(name)) page[name] = value(name); });
      form.setAttribute("aria-busy", "true");
      var result = await call("POST", "/api/editor/faq-articles", {
        language: value("language"),
        article_key: value("article_key"),
        markdown: form.elements.namedItem("markdown").value,
        page: page,
      });
      form.removeAttribute("aria-busy");
      if (result.status === 201) {
        location.assign(reviewPath(result.data));
        return;
      }
      say(detailOf(result));
    });
  }

  setUpSignIn();
  setUpSignOut();
  var main = document.querySelector("[data-desk]");
  if (main && main.getAttribute("data-desk") === "queue") setUpQueue();
  if (main && main.getAttribute("data-desk") === "review") setUpReview(main);
  if (main && main.getAttribute("data-desk") === "new-faq") setUpNewFaq();
})();
