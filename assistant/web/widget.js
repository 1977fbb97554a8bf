/*! Excel Medical Staffing chat widget.
 * Embed with one tag:
 *   <script src="https://HOST/widget.js" data-api="https://HOST" async></script>
 * Vanilla JS, no dependencies. Everything lives in an open Shadow DOM, so the host
 * page's CSS cannot break it and it cannot break the host page. Text from the
 * server is only ever inserted as text nodes (textContent), never parsed as markup.
 */
(function () {
  "use strict";
  var TAG = "esa-chat-widget";
  if (!window.customElements || customElements.get(TAG)) return;

  var script =
    document.currentScript ||
    document.querySelector('script[data-api][src*="widget.js"]') ||
    document.querySelector('script[src*="widget.js"]');
  var API = (
    (script && script.getAttribute("data-api")) ||
    (script && script.src ? new URL(script.src, location.href).origin : location.origin)
  ).replace(/\/+$/, "");
  var API_ORIGIN = new URL(API, location.href).origin;
  var STORE_KEY = "esa-chat:" + API_ORIGIN;
  var OPEN_KEY = "esa-chat-open:" + API_ORIGIN;
  var MAX_SESSIONS = 20;
  var RECOVERY_DELAYS = [250, 600, 1200, 2400];

  var UNREACHABLE =
    "We can't reach the chat service right now. Please check your connection and try again in a moment.";
  var TOOL_LABELS = {
    search_jobs: "Searching jobs…",
    get_job_details: "Looking up the job…",
    apply_to_job: "Preparing your application…",
    register_candidate: "Setting up your profile…",
    confirm_application: "Submitting your application…",
    cancel_application: "Cancelling…",
    lookup_referrals: "Checking your referrals…",
    create_referral: "Sending the invitation…",
    request_recruiter: "Connecting you with a recruiter…",
  };
  var SUGGESTIONS = ["ICU travel jobs in Texas", "Per diem CNA jobs in Florida", "Talk to a recruiter"];

  // Resumes: the server reads the file by its content and decides; these are for the picker
  // and a fast answer on size. The chat answers RESUME_SENT from the newest resume.
  var RESUME_ACCEPT =
    ".pdf,.docx,.txt,application/pdf,text/plain," +
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  var MAX_RESUME_BYTES = 5 * 1024 * 1024;
  var RESUME_POLL_MS = 1500;
  var RESUME_WAIT_MS = 120000;
  var RESUME_SENT = "I uploaded my resume";
  var RESUME_TOO_LARGE = "This file is larger than 5 MB. Please upload a smaller copy (PDF, Word or text).";
  var RESUME_UNREACHABLE = "We couldn't upload your resume: please check your connection and try again.";

  // ---------------------------------------------------------------- storage
  function loadStore() {
    try {
      var data = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
      return data && typeof data === "object" ? data : {};
    } catch (e) {
      return {};
    }
  }
  function saveStore(data) {
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(data));
    } catch (e) {
      /* private mode: the conversation lasts for this page only */
    }
  }
  function openFlag(value) {
    try {
      if (value === undefined) return sessionStorage.getItem(OPEN_KEY) === "1";
      sessionStorage.setItem(OPEN_KEY, value ? "1" : "0");
    } catch (e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- DOM helpers
  function h(tag, props, children) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") el.textContent = String(value);
        else if (key === "class") el.className = value;
        else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.append(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function safeLink(href, label) {
    var url;
    try {
      url = new URL(href, API);
    } catch (e) {
      return null;
    }
    if (url.origin !== API_ORIGIN || (url.protocol !== "https:" && url.protocol !== "http:")) {
      return null;
    }
    return h("a", { href: url.href, target: "_blank", rel: "noopener", text: label });
  }

  // A run of 3+ stars (a masked address: j***@example.com) is text, never a bold marker.
  var INLINE = /(\*{3,})|\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()"']*[^\s<>()"'.,;:!?])/g;

  function renderInline(text, into) {
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(text))) {
      if (match.index > last) into.append(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) into.append(document.createTextNode(match[1]));
      else if (match[2] !== undefined) into.append(h("strong", { text: match[2] }));
      else if (match[3] !== undefined) {
        into.append(safeLink(match[4], match[3]) || document.createTextNode(match[0]));
      } else into.append(safeLink(match[5], match[5]) || document.createTextNode(match[5]));
      last = INLINE.lastIndex;
    }
    if (last < text.length) into.append(document.createTextNode(text.slice(last)));
  }

  /** Plain text plus a tiny Markdown subset: **bold**, "- " and "1. " lists, own-origin links. */
  function renderRich(text, into) {
    into.replaceChildren();
    var paragraph = null;
    var list = null;
    String(text || "")
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .forEach(function (line) {
        var bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
        var numbered = bullet ? null : /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
        if (bullet || numbered) {
          var kind = bullet ? "ul" : "ol";
          if (!list || list.tagName.toLowerCase() !== kind) {
            list = h(kind, numbered ? { start: numbered[1] } : null);
            into.append(list);
          }
          var item = h("li");
          renderInline(bullet ? bullet[1] : numbered[2], item);
          list.append(item);
          paragraph = null;
        } else if (!line.trim()) {
          paragraph = null;
          list = null;
        } else {
          list = null;
          if (!paragraph) {
            paragraph = h("p");
            into.append(paragraph);
          } else paragraph.append(h("br"));
          renderInline(line, paragraph);
        }
      });
  }

  function money(amount, unit) {
    var n = Number(amount);
    if (!amount || !isFinite(n) || n <= 0) return null;
    return "$" + Math.round(n).toLocaleString("en-US") + "/" + unit;
  }
  function place(city, state) {
    return [city, state].filter(Boolean).join(", ");
  }
  function prettyDate(value) {
    if (!value) return null;
    if (value === "ASAP" || value === "asap") return "ASAP";
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
    if (!m) return String(value);
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  }

  // ---------------------------------------------------------------- filters -> chips
  /** Chips of the understood filters; ``clear`` is a message the assistant reads as "drop it". */
  function filterChips(filters) {
    var f = filters || {};
    var chips = [];
    if (f.profession) chips.push({ label: f.profession });
    if (f.specialty) chips.push({ label: f.specialty, clear: "Any specialty" });
    if (f.city || f.state) chips.push({ label: place(f.city, f.state), clear: "Any state" });
    if (f.job_type) chips.push({ label: f.job_type, clear: "Any job type" });
    if (f.shift || f.shift_hours) {
      chips.push({
        label: [f.shift, f.shift_hours ? f.shift_hours + "-hr shifts" : null].filter(Boolean).join(" · "),
        clear: "Any shift",
      });
    }
    if (f.min_weekly_pay || f.min_hourly_pay) {
      var pay = f.min_weekly_pay ? money(f.min_weekly_pay, "wk") : money(f.min_hourly_pay, "hr");
      chips.push({ label: (pay || "").replace("/", "+/"), clear: "Any pay" });
    }
    if (f.start || f.start_from || f.start_to) {
      var from = f.start || f.start_from;
      var label = from === "asap" ? "Starts ASAP" : from ? "Starts from " + prettyDate(from) : "";
      if (f.start_to) label += (label ? " to " : "Starts by ") + prettyDate(f.start_to);
      chips.push({ label: label, clear: "Any start date" });
    }
    if (f.hot_only) chips.push({ label: "Hot jobs", clear: "Not just hot jobs" });
    if (f.query) chips.push({ label: "“" + f.query + "”" });
    return chips;
  }

  // ---------------------------------------------------------------- styles
  var CSS =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".root{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1f2937}" +
    "button,input,textarea{font:inherit;color:inherit}" +
    ":focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}" +
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;" +
    "padding:12px 18px;border:0;border-radius:999px;background:#0b4f7c;color:#fff;font-weight:700;" +
    "box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer}" +
    ".launcher:hover{background:#083a5c}.launcher svg{width:20px;height:20px;fill:currentColor}" +
    ".unread{background:#facc15;color:#1f2937;border-radius:999px;padding:1px 8px;font-size:12px}" +
    ".panel{position:fixed;right:20px;bottom:84px;z-index:2147483001;width:400px;max-width:calc(100vw - 24px);" +
    "height:min(660px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:14px;" +
    "box-shadow:0 12px 40px rgba(0,0,0,.3);overflow:hidden}" +
    ".panel[hidden]{display:none}" +
    ".hdr{background:#0b4f7c;color:#fff;padding:10px 12px 8px 16px}" +
    ".hdr :focus-visible{outline-color:#fff}" +
    ".hdr-row{display:flex;align-items:center;gap:8px}" +
    ".title{flex:1;min-width:0}.hdr h2{font-size:16px;margin:0}.hdr p{margin:0;font-size:12.5px;color:#dbe8f3}" +
    ".hbtn{background:transparent;border:1px solid rgba(255,255,255,.55);color:#fff;border-radius:6px;padding:4px 9px;" +
    "cursor:pointer;font-size:13px}.hbtn:hover{background:rgba(255,255,255,.15)}" +
    ".x{border:0;font-size:22px;line-height:1;padding:2px 8px}" +
    ".tabs{display:flex;gap:4px;margin-top:8px;flex-wrap:wrap}" +
    ".tab{background:transparent;border:0;color:#dbe8f3;padding:5px 9px;border-radius:6px;cursor:pointer;font-size:13px}" +
    ".tab[aria-current=page]{background:#fff;color:#0b4f7c;font-weight:700}.tab:hover{color:#fff;text-decoration:underline}" +
    ".tab[aria-current=page]:hover{color:#0b4f7c}.tab.new{margin-left:auto;border:1px solid rgba(255,255,255,.55)}" +
    ".view{flex:1;display:flex;flex-direction:column;min-height:0}.view[hidden]{display:none}" +
    ".log{flex:1;overflow-y:auto;padding:14px 12px;display:flex;flex-direction:column;gap:10px;background:#f6f8fb}" +
    ".msg{max-width:88%;padding:9px 12px;border-radius:12px;white-space:normal;overflow-wrap:anywhere}" +
    ".msg p{margin:0 0 6px}.msg p:last-child{margin:0}.msg ul,.msg ol{margin:4px 0;padding-left:20px}" +
    ".msg a{color:#0b4f7c}" +
    ".user{align-self:flex-end;background:#0b4f7c;color:#fff;white-space:pre-wrap}" +
    ".bot{align-self:flex-start;background:#fff;border:1px solid #d8dee6}" +
    ".recruiter{align-self:flex-start;background:#fefce8;border:1px solid #eab308;white-space:pre-wrap}" +
    ".recruiter strong{color:#713f12}" +
    ".turn{display:flex;flex-direction:column;gap:8px}" +
    ".typing{color:#4b5563;font-style:italic}" +
    ".status{min-height:0;padding:0 14px;font-size:13px;color:#4b5563;background:#f6f8fb}" +
    ".status:not(:empty){padding:4px 14px}" +
    ".notice{font-size:13.5px;padding:8px 10px;border-radius:8px;background:#fff7ed;border:1px solid #fdba74;color:#7c2d12}" +
    ".notice.ok{background:#ecfdf5;border-color:#6ee7b7;color:#065f46}" +
    ".notice.info{background:#eff6ff;border-color:#93c5fd;color:#1e3a8a}" +
    ".banner{padding:8px 14px;background:#eff6ff;color:#1e3a8a;font-size:13.5px;border-bottom:1px solid #bfdbfe}" +
    ".banner[hidden]{display:none}" +
    ".results-head{font-size:13px;color:#4b5563;margin:0}" +
    ".cards{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}" +
    ".card{background:#fff;border:1px solid #d8dee6;border-radius:10px;padding:10px 12px}" +
    ".card h3{font-size:14.5px;margin:0 0 2px}.card p{margin:2px 0;font-size:13.5px;color:#4b5563}" +
    ".card .pay{color:#14532d;font-weight:700}" +
    ".badge{display:inline-block;font-size:11.5px;font-weight:700;border-radius:999px;padding:1px 8px;" +
    "background:#b42318;color:#fff;margin-left:6px;vertical-align:middle}" +
    ".actions{display:flex;gap:8px;margin-top:8px;flex-wrap:wrap;align-items:center}" +
    ".btn{border:1px solid #0b4f7c;background:#fff;color:#0b4f7c;border-radius:6px;padding:6px 12px;cursor:pointer;font-weight:600;font-size:13.5px}" +
    ".btn:hover{background:#e0ecf6}.btn.primary{background:#c2410c;border-color:#c2410c;color:#fff}" +
    ".btn.primary:hover{background:#9a3412}.btn:disabled{opacity:.55;cursor:default}" +
    ".card a{font-size:13px;color:#0b4f7c}" +
    ".chips{display:flex;flex-wrap:wrap;gap:6px;padding:8px 12px;border-top:1px solid #d8dee6;background:#fff;align-items:center}" +
    ".chips[hidden]{display:none}.chips-label{font-size:12.5px;color:#4b5563}" +
    ".chip{display:inline-flex;align-items:center;gap:2px;background:#e0ecf6;color:#083a5c;border-radius:999px;" +
    "padding:2px 4px 2px 10px;font-size:13px;font-weight:600}" +
    ".chip.fixed{padding-right:10px}" +
    ".chip button{border:0;background:transparent;color:#083a5c;cursor:pointer;border-radius:999px;width:22px;height:22px;font-size:15px;line-height:1}" +
    ".chip button:hover{background:#bfd6ea}" +
    ".composer{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #d8dee6;background:#fff}" +
    ".composer textarea{flex:1;resize:none;font-size:16px;border:1px solid #9aa5b1;border-radius:8px;padding:8px 10px;max-height:120px;min-height:40px}" +
    ".send{border:0;background:#0b4f7c;color:#fff;border-radius:8px;padding:0 16px;font-weight:700;cursor:pointer}" +
    ".send:hover{background:#083a5c}" +
    ".attach{display:inline-flex;align-items:center;justify-content:center;width:42px;padding:0;" +
    "border:1px solid #9aa5b1;background:#fff;color:#0b4f7c;border-radius:8px;cursor:pointer}" +
    ".attach:hover{background:#e0ecf6}.attach[aria-disabled=true]{opacity:.55;cursor:progress}" +
    ".attach svg{width:20px;height:20px;fill:currentColor}" +
    ".view.dropping .log{outline:3px dashed #0b4f7c;outline-offset:-6px}" +
    ".suggest{display:flex;flex-wrap:wrap;gap:6px}" +
    ".pane{flex:1;overflow-y:auto;padding:14px}" +
    ".pane h3{margin:0 0 10px;font-size:16px}" +
    ".item{border:1px solid #d8dee6;border-radius:10px;padding:10px 12px;margin-bottom:8px}" +
    ".item p{margin:2px 0;font-size:13.5px;color:#4b5563}.item strong{color:#1f2937}" +
    ".state{display:inline-block;font-size:12px;font-weight:700;border-radius:999px;padding:1px 8px;background:#e0ecf6;color:#083a5c}" +
    ".auth{display:flex;flex-direction:column;gap:8px;background:#fff;border:1px solid #d8dee6;border-radius:10px;padding:12px}" +
    ".auth label{display:flex;flex-direction:column;font-size:13px;font-weight:600;gap:3px}" +
    ".auth input{border:1px solid #9aa5b1;border-radius:6px;padding:7px 9px;font-weight:400}" +
    ".auth p{margin:0;font-size:13.5px}.err{color:#b42318;font-size:13.5px}.err:empty{display:none}" +
    ".linkbtn{background:none;border:0;color:#0b4f7c;text-decoration:underline;cursor:pointer;padding:0;font-size:13.5px;align-self:flex-start}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "@media (max-width:520px){.panel{inset:0;width:100%;max-width:none;height:100%;border-radius:0}" +
    ".launcher[aria-expanded=true]{display:none}}";

  var CHAT_ICON =
    "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6h10V8H7v2zm0 4h7v-2H7v2z";
  var CLIP_ICON =
    "M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5" +
    "a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z";

  /** A file's name for display: printable, the end kept (it holds the extension). */
  function fileLabel(name) {
    var clean = String(name || "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
    if (!clean) return "your resume";
    return clean.length > 60 ? "…" + clean.slice(-59) : clean;
  }

  // ---------------------------------------------------------------- API
  function ApiError(status, detail) {
    this.status = status;
    this.detail = detail;
  }

  async function api(path, options) {
    var opts = options || {};
    var headers = { Accept: "application/json" };
    if (opts.token) headers.Authorization = "Bearer " + opts.token;
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    var response;
    try {
      response = await fetch(API + path, {
        method: opts.method || "GET",
        headers: headers,
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        credentials: "include",
        cache: "no-store",
      });
    } catch (e) {
      throw new ApiError(0, UNREACHABLE);
    }
    var data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
    }
    if (!response.ok) {
      var detail = (data && data.detail) || (response.status >= 500 ? UNREACHABLE : "Something went wrong.");
      throw new ApiError(response.status, detail);
    }
    return data;
  }

  /**
   * Server-Sent Events over fetch (EventSource can neither POST nor send the conversation's
   * token): calls onEvent(name, data, id).
   */
  async function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var boundary = /\r\n\r\n|\n\n|\r\r/;
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      var match;
      while ((match = boundary.exec(buffer))) {
        var block = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        var name = "message";
        var data = [];
        var id = null;
        block.split(/\r\n|\n|\r/).forEach(function (line) {
          if (line.indexOf("event:") === 0) name = line.slice(6).trim();
          else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
          else if (line.indexOf("id:") === 0) id = line.slice(3).trim();
        });
        if (!data.length) continue;
        var payload;
        try {
          payload = JSON.parse(data.join("\n"));
        } catch (e) {
          continue;
        }
        onEvent(name, payload, id);
      }
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  function mark(name) {
    try {
      performance.mark(name);
    } catch (e) {
      /* old browsers */
    }
  }

  // ---------------------------------------------------------------- the element
  class ChatWidget extends HTMLElement {
    constructor() {
      super();
      this.store = loadStore();
      if (!Array.isArray(this.store.sessions)) this.store.sessions = [];
      this.busy = false;
      this.userCount = 0;
      this.initialized = false;
      this.user = undefined;
      this.lastApply = null;
      this.root = this.attachShadow({ mode: "open" });
      this.build();
      this.followAccount();
    }

    connectedCallback() {
      this.captureAttribution();
      if (openFlag()) this.open(false);
      else this.listen(); // a recruiter may reply before the chat is opened again
      this.setAttribute("data-ready", "");
      mark("esa:ready");
      this.dispatchEvent(new CustomEvent("esa-chat-ready", { bubbles: true, composed: true }));
    }

    // ------------------------------------------------------------ layout
    build() {
      var self = this;
      this.launcher = h(
        "button",
        {
          class: "launcher",
          type: "button",
          "aria-expanded": "false",
          "aria-controls": "esa-panel",
          onclick: function () {
            if (self.panel.hidden) self.open(true);
            else self.close();
          },
        },
        [this.icon(CHAT_ICON), h("span", { text: "Chat with us" })]
      );
      // A recruiter's reply while the chat is closed: on the button until it is opened (and
      // only then part of it, so the button's name is otherwise just "Chat with us").
      this.unread = h("span", { class: "unread", text: "New message" });
      this.statusEl = h("div", { class: "status", role: "status", "aria-live": "polite" });
      this.log = h("div", {
        class: "log",
        role: "log",
        "aria-live": "polite",
        "aria-label": "Conversation",
        tabindex: "0",
      });
      this.banner = h("div", { class: "banner", role: "status", hidden: true });
      this.chips = h("div", { class: "chips", hidden: true, role: "group", "aria-label": "Search filters" });
      this.input = h("textarea", {
        id: "esa-input",
        rows: "1",
        placeholder: "Ask about jobs…",
        maxlength: "4000",
        autocomplete: "off",
        oninput: function () {
          self.input.style.height = "auto";
          self.input.style.height = Math.min(self.input.scrollHeight, 120) + "px";
        },
        onkeydown: function (event) {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            self.submit();
          }
        },
      });
      // The picker itself is hidden: the button is what keyboards and screen readers use.
      this.fileInput = h("input", {
        type: "file",
        accept: RESUME_ACCEPT,
        hidden: true,
        tabindex: "-1",
        "aria-hidden": "true",
        onchange: function () {
          var file = self.fileInput.files && self.fileInput.files[0];
          if (file) self.uploadResume(file);
        },
      });
      this.attachButton = h(
        "button",
        {
          class: "attach",
          type: "button",
          "aria-label": "Attach your resume",
          title: "Attach your resume (PDF, Word or text, up to 5 MB)",
          onclick: function () {
            self.chooseResume();
          },
        },
        [this.icon(CLIP_ICON)]
      );
      var composer = h(
        "form",
        {
          class: "composer",
          onsubmit: function (event) {
            event.preventDefault();
            self.submit();
          },
        },
        [
          h("label", { class: "sr", for: "esa-input", text: "Message" }),
          this.input,
          this.attachButton,
          h("button", { class: "send", type: "submit", text: "Send" }),
        ]
      );
      this.chatView = h("div", { class: "view" }, [
        this.banner,
        this.log,
        this.statusEl,
        this.chips,
        composer,
        this.fileInput,
      ]);
      this.acceptDrops();
      this.pane = h("div", { class: "pane", tabindex: "-1" });
      this.otherView = h("div", { class: "view", hidden: true }, [this.pane]);

      this.tabs = {};
      var tabRow = h("nav", { class: "tabs", "aria-label": "Chat sections" });
      [
        ["chat", "Chat"],
        ["applications", "My applications"],
        ["referrals", "My referrals"],
      ].forEach(function (pair) {
        var button = h("button", {
          class: "tab",
          type: "button",
          text: pair[1],
          onclick: function () {
            self.show(pair[0]);
          },
        });
        self.tabs[pair[0]] = button;
        tabRow.append(button);
      });
      this.accountButton = h("button", {
        class: "hbtn",
        type: "button",
        text: "Log in",
        onclick: function () {
          if (self.user) self.logout();
          else self.show("login");
        },
      });
      tabRow.append(
        h("button", {
          class: "tab new",
          type: "button",
          text: "New chat",
          "aria-label": "New conversation",
          onclick: function () {
            self.newConversation();
          },
        })
      );
      var header = h("div", { class: "hdr" }, [
        h("div", { class: "hdr-row" }, [
          h("div", { class: "title" }, [
            h("h2", { id: "esa-title", text: "Excel Medical Staffing" }),
            h("p", { text: "Job search assistant" }),
          ]),
          this.accountButton,
          h("button", {
            class: "hbtn x",
            type: "button",
            "aria-label": "Close chat",
            text: "×",
            onclick: function () {
              self.close();
            },
          }),
        ]),
        tabRow,
      ]);
      this.panel = h(
        "section",
        {
          class: "panel",
          id: "esa-panel",
          role: "dialog",
          "aria-modal": "false",
          "aria-labelledby": "esa-title",
          hidden: true,
          onkeydown: function (event) {
            if (event.key === "Escape") {
              event.stopPropagation();
              self.close();
            }
          },
        },
        [header, this.chatView, this.otherView]
      );
      this.root.append(h("style", { text: CSS }), h("div", { class: "root" }, [this.launcher, this.panel]));
      this.setTab("chat");
    }

    icon(d) {
      var ns = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 24 24");
      svg.setAttribute("aria-hidden", "true");
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      svg.append(path);
      return svg;
    }

    setTab(name) {
      var self = this;
      Object.keys(this.tabs).forEach(function (key) {
        if (key === name) self.tabs[key].setAttribute("aria-current", "page");
        else self.tabs[key].removeAttribute("aria-current");
      });
    }

    // ------------------------------------------------------------ open / close
    open(focus) {
      this.panel.hidden = false;
      this.unread.remove();
      this.launcher.setAttribute("aria-expanded", "true");
      openFlag(true);
      if (!this.initialized) {
        this.initialized = true;
        this.restoring = this.restore();
        this.refreshUser();
      }
      if (focus) this.input.focus();
      this.scrollDown();
    }

    close() {
      this.panel.hidden = true;
      this.launcher.setAttribute("aria-expanded", "false");
      openFlag(false);
      this.launcher.focus();
    }

    show(name) {
      this.setTab(name === "login" ? null : name);
      if (name === "chat") {
        this.otherView.hidden = true;
        this.chatView.hidden = false;
        this.input.focus();
        this.scrollDown();
        return;
      }
      this.chatView.hidden = true;
      this.otherView.hidden = false;
      this.pane.replaceChildren();
      if (name === "login") this.showLogin();
      else if (name === "applications") this.showApplications();
      else if (name === "referrals") this.showReferrals();
    }

    // ------------------------------------------------------------ attribution
    captureAttribution() {
      var params = new URLSearchParams(location.search);
      var ref = (params.get("ref") || "").trim().slice(0, 64);
      var share = (params.get("share") || "").trim().slice(0, 64);
      if (!ref && !share) return;
      var current = this.store.current;
      // A new referral or share link starts a new conversation; the old one stays linkable.
      if (current && ((ref && current.ref !== ref) || (share && current.share !== share))) {
        this.store.current = null;
      }
      this.store.attribution = { ref: ref || null, share: share || null };
      saveStore(this.store);
    }

    // ------------------------------------------------------------ sessions
    async ensureSession() {
      if (this.store.current && this.store.current.id) return this.store.current;
      // A first message and a first upload at once must not open two conversations.
      if (!this.creating) {
        var self = this;
        this.creating = this.createSession().finally(function () {
          self.creating = null;
        });
      }
      return this.creating;
    }

    async createSession() {
      var attribution = this.store.attribution || {};
      var created = await api("/api/chat/sessions", {
        method: "POST",
        body: {
          referral_code: attribution.ref || null,
          share_code: attribution.share || null,
          page_url: location.href.slice(0, 2048),
          referrer: document.referrer ? document.referrer.slice(0, 2048) : null,
        },
      });
      var session = {
        id: created.session_id,
        token: created.token,
        ref: attribution.ref || null,
        share: attribution.share || null,
      };
      this.store.current = session;
      this.store.sessions = this.store.sessions
        .filter(function (s) {
          return s.id !== session.id;
        })
        .concat([{ id: session.id, token: session.token }])
        .slice(-MAX_SESSIONS);
      saveStore(this.store);
      this.userCount = 0;
      return session;
    }

    chatLinks() {
      return this.store.sessions.map(function (s) {
        return { session_id: s.id, token: s.token };
      });
    }

    newConversation() {
      this.store.current = null;
      saveStore(this.store);
      this.resetChat();
      this.show("chat");
      this.announce("Started a new conversation.");
    }

    /** An empty chat with the welcome message (the stored conversations are not touched). */
    resetChat() {
      this.stopListening();
      this.userCount = 0;
      this.lastApply = null;
      this.log.replaceChildren();
      this.setChips(null);
      this.banner.hidden = true;
      this.status("");
      this.welcome();
    }

    /**
     * Forgets every conversation of this browser (ids and bearer tokens) and shows an empty
     * chat: after a logout the next person at this computer finds nothing of the last one.
     */
    forgetConversations() {
      this.store = { sessions: [], cleared: Date.now() };
      saveStore(this.store);
      this.restoring = null;
      this.resetChat();
    }

    welcome() {
      var self = this;
      var turn = this.botTurn();
      renderRich(
        "Hi! I'm the Excel Medical Staffing assistant. Tell me what kind of job you're looking for and I'll find real openings, help you apply, or connect you with a recruiter.",
        turn.bubble
      );
      turn.bubble.removeAttribute("aria-busy");
      var row = h("div", { class: "suggest", role: "group", "aria-label": "Suggestions" });
      SUGGESTIONS.forEach(function (text) {
        row.append(
          h("button", {
            class: "btn",
            type: "button",
            text: text,
            onclick: function () {
              self.send(text);
            },
          })
        );
      });
      turn.attach.append(row);
    }

    async restore() {
      var current = this.store.current;
      if (current && current.handedOff) this.showHandoff(current.recruiter);
      if (!current || !current.id) {
        this.welcome();
        return;
      }
      try {
        var history = await api("/api/chat/sessions/" + current.id + "/messages", { token: current.token });
        if (this.store.current !== current) return; // forgotten meanwhile (logged out)
        this.renderHistory(history.messages || [], history.user_messages);
        this.listen();
      } catch (error) {
        if (this.store.current !== current) return;
        if (error.status === 404) {
          // Gone or not ours (expired, another database): forget it, start afresh.
          this.store.sessions = this.store.sessions.filter(function (s) {
            return s.id !== current.id;
          });
          this.store.current = null;
          saveStore(this.store);
          this.welcome();
        } else this.notice(error.detail || UNREACHABLE);
      }
    }

    /** The newest page of the transcript; userTotal counts the whole conversation's. */
    renderHistory(messages, userTotal) {
      // Recruiter replies that arrived live while the history was on its way stay shown.
      var live = Array.prototype.slice.call(this.log.querySelectorAll(".msg.recruiter[data-message-id]"));
      this.log.replaceChildren();
      var users = 0;
      var self = this;
      messages.forEach(function (message) {
        if (message.role === "user") {
          users += 1;
          self.log.append(h("div", { class: "msg user", text: message.content }));
        } else if (message.role === "assistant") {
          var turn = self.botTurn();
          renderRich(message.content, turn.bubble);
          turn.bubble.removeAttribute("aria-busy");
          if (message.jobs) self.renderJobs(message.jobs, turn.attach);
        } else if (message.role === "recruiter") {
          self.log.append(self.recruiterMessage(message.author, message.content, message.message_id));
        }
      });
      if (!messages.length) this.welcome();
      live.forEach(function (bubble) {
        if (!self.shown(bubble.getAttribute("data-message-id"))) self.log.append(bubble);
      });
      this.userCount = typeof userTotal === "number" ? userTotal : users;
      this.scrollDown();
    }

    // ------------------------------------------------------------ sending
    submit() {
      var text = this.input.value.trim();
      if (!text || this.busy) return;
      this.input.value = "";
      this.input.style.height = "auto";
      this.send(text);
    }

    botTurn() {
      var bubble = h("div", { class: "msg bot", "aria-busy": "true" });
      var attach = h("div", { class: "turn" });
      var wrapper = h("div", { class: "turn" }, [bubble, attach]);
      this.log.append(wrapper);
      return { el: wrapper, bubble: bubble, attach: attach, text: "" };
    }

    async send(text, options) {
      var opts = options || {};
      if (this.busy && !opts.internal) return;
      this.setBusy(true);
      this.show("chat");
      if (this.restoring) await this.restoring; // the history first, then the new message
      this.root.querySelectorAll("[data-once]").forEach(function (b) {
        b.disabled = true;
      });
      mark("esa:send");
      if (!opts.resend) this.log.append(h("div", { class: "msg user", text: text }));
      var turn = this.botTurn();
      var typing = h("span", { class: "typing", text: "Typing…" });
      turn.bubble.append(typing);
      this.scrollDown();
      var expected = this.userCount;
      var finished = false;
      try {
        var session = await this.ensureSession();
        expected = this.userCount;
        var response;
        try {
          response = await fetch(API + "/api/chat/sessions/" + session.id + "/messages", {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              Accept: "text/event-stream",
              Authorization: "Bearer " + session.token,
            },
            body: JSON.stringify({ content: text }),
            credentials: "include",
            cache: "no-store",
          });
        } catch (e) {
          throw new ApiError(0, UNREACHABLE);
        }
        if (response.status === 404) {
          // The conversation is gone (or no longer ours): start a new one and send again.
          this.store.current = null;
          saveStore(this.store);
          turn.el.remove();
          if (!opts.renewed) return this.send(text, { resend: true, renewed: true, internal: true });
          throw new ApiError(404, "This conversation is no longer available.");
        }
        if (!response.ok) {
          var detail = null;
          var code = null;
          try {
            var failure = await response.json();
            detail = failure.detail;
            code = failure.extra && failure.extra.code;
          } catch (e) {
            detail = null;
          }
          if (code === "conversation_full" && !opts.renewed) {
            // The conversation reached its length limit: carry on in a new one.
            this.store.current = null;
            saveStore(this.store);
            turn.el.remove();
            return this.send(text, { resend: true, renewed: true, internal: true });
          }
          throw new ApiError(response.status, detail || UNREACHABLE);
        }
        var self = this;
        var first = true;
        var tools = 0;
        await readEvents(response, function (name, data) {
          if (name === "message.delta") {
            if (first) {
              first = false;
              typing.remove();
            }
            turn.text += data.text || "";
            renderRich(turn.text, turn.bubble);
            mark("esa:token");
            self.scrollDown();
          } else if (name === "tool.started") {
            tools += 1;
            var label = TOOL_LABELS[data.name] || "Working on it…";
            self.status(label);
            typing.textContent = label;
          } else if (name === "tool.finished") {
            tools = Math.max(0, tools - 1);
            if (!tools) self.status("");
          } else if (name === "jobs") {
            self.renderJobs(data, turn.attach);
          } else if (name === "action") {
            self.renderAction(data, turn.attach, text);
          } else if (name === "message.done") {
            finished = true;
            turn.text = data.text || turn.text;
            renderRich(turn.text, turn.bubble);
            turn.bubble.removeAttribute("aria-busy");
            self.userCount = expected + 1;
          } else if (name === "error") {
            finished = true;
            typing.remove();
            turn.bubble.removeAttribute("aria-busy");
            if (!turn.text) turn.bubble.remove();
            self.notice(data.detail || "Sorry, something went wrong. Please try again.", turn.attach, text);
          }
        });
        this.status("");
        if (!finished) throw new ApiError(-1, "The connection dropped.");
      } catch (error) {
        this.status("");
        if ([400, 409, 413, 422, 429].indexOf(error.status) >= 0) {
          turn.el.remove();
          this.notice(error.detail);
        } else {
          await this.recover(text, expected, turn, opts);
        }
      } finally {
        this.setBusy(false);
        this.scrollDown();
      }
    }

    setBusy(value) {
      this.busy = value;
      this.toggleAttribute("data-busy", value);
    }

    /**
     * A turn whose stream dropped: if the server finished it, show the conversation as the
     * server has it (history); if not, send it again once. Never both: no duplicates.
     */
    async recover(text, expected, turn, opts) {
      var current = this.store.current;
      if (!current) {
        turn.el.remove();
        this.notice(UNREACHABLE, null, text);
        return;
      }
      this.status("Reconnecting…");
      var reachable = false;
      for (var i = 0; i < RECOVERY_DELAYS.length; i++) {
        await sleep(RECOVERY_DELAYS[i]);
        try {
          var history = await api("/api/chat/sessions/" + current.id + "/messages", { token: current.token });
          reachable = true;
          var messages = history.messages || [];
          // The page is the newest messages only: count with the server's total.
          var users =
            typeof history.user_messages === "number"
              ? history.user_messages
              : messages.filter(function (m) {
                  return m.role === "user";
                }).length;
          // A recruiter's reply may come after the answer: it is no answer itself.
          var spoken = messages.filter(function (m) {
            return m.role !== "recruiter";
          });
          var answered = spoken.length && spoken[spoken.length - 1].role === "assistant";
          if (users > expected && answered) {
            this.status("");
            this.renderHistory(messages, history.user_messages);
            return;
          }
        } catch (error) {
          if (error.status === 404) break;
        }
      }
      this.status("");
      turn.el.remove();
      if (reachable && !opts.retried) {
        return this.send(text, { resend: true, retried: true, internal: true });
      }
      this.notice(UNREACHABLE, null, text);
    }

    // ------------------------------------------------------------ resumes
    chooseResume() {
      if (this.uploading) {
        this.announce("Your resume is still on its way. One moment, please.");
        return;
      }
      this.fileInput.value = ""; // choosing the same file again still reports a change
      this.fileInput.click();
    }

    /** Files dropped on the chat are uploaded like a chosen one. */
    acceptDrops() {
      var self = this;
      var view = this.chatView;
      function carriesFiles(event) {
        var types = event.dataTransfer && event.dataTransfer.types;
        return !!types && Array.prototype.indexOf.call(types, "Files") >= 0;
      }
      view.addEventListener("dragover", function (event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        view.classList.add("dropping");
      });
      view.addEventListener("dragleave", function (event) {
        if (!event.relatedTarget || !view.contains(event.relatedTarget)) view.classList.remove("dropping");
      });
      view.addEventListener("drop", function (event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        view.classList.remove("dropping");
        var file = event.dataTransfer.files[0];
        if (file) self.chooseFile(file);
      });
    }

    chooseFile(file) {
      if (this.uploading) this.announce("Your resume is still on its way. One moment, please.");
      else this.uploadResume(file);
    }

    setUploading(value) {
      this.uploading = value;
      this.toggleAttribute("data-uploading", value);
      if (value) this.attachButton.setAttribute("aria-disabled", "true");
      else this.attachButton.removeAttribute("aria-disabled");
    }

    /**
     * Uploads a resume into this conversation, follows it until the server has read it, then
     * says RESUME_SENT through the normal send path so the assistant answers from it.
     */
    async uploadResume(file) {
      if (!file || this.uploading) return;
      var name = fileLabel(file.name);
      if (file.size > MAX_RESUME_BYTES) {
        this.notice(RESUME_TOO_LARGE);
        return;
      }
      this.setUploading(true);
      var follow = null;
      try {
        if (this.restoring) await this.restoring; // the history first, then the upload notice
        var box = h("div", { class: "notice info", role: "status", "aria-live": "polite" }, [
          "Uploading " + name + "…",
        ]);
        this.log.append(box);
        this.scrollDown();
        try {
          var accepted = await this.postResume(file, false);
          box.textContent = "Reading your resume…";
          var result = await this.waitForResume(accepted.session, accepted.resumeId);
          follow = this.resumeOutcome(result, box, name);
        } catch (error) {
          box.remove();
          this.uploadFailed(error, file);
        }
        if (follow) {
          while (this.busy) await sleep(200); // a message of the visitor's own goes first
          follow = this.send(follow); // busy from here on: no gap for tests or double sends
        }
      } finally {
        this.setUploading(false);
      }
      if (follow) await follow;
    }

    async postResume(file, renewed) {
      var session = await this.ensureSession();
      var form = new FormData();
      form.append("file", file, file.name || "resume");
      var response;
      try {
        response = await fetch(API + "/api/chat/sessions/" + session.id + "/resumes", {
          method: "POST",
          headers: { Accept: "application/json", Authorization: "Bearer " + session.token },
          body: form,
          credentials: "include",
          cache: "no-store",
        });
      } catch (e) {
        throw new ApiError(0, RESUME_UNREACHABLE);
      }
      var data = null;
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
      if (response.status === 404 && !renewed && this.store.current === session) {
        // The conversation is gone (expired, no longer ours): upload into a new one.
        this.store.current = null;
        saveStore(this.store);
        return this.postResume(file, true);
      }
      if (!response.ok || !data || !data.resume_id) {
        var error = new ApiError(response.status, (data && data.detail) || null);
        error.retryAfter = parseInt(response.headers.get("Retry-After") || "", 10) || null;
        throw error;
      }
      return { session: session, resumeId: data.resume_id };
    }

    /** The resume's status once it is no longer processing; {status: "timeout"}; null if the chat moved on. */
    async waitForResume(session, resumeId) {
      var path = "/api/chat/sessions/" + session.id + "/resumes/" + resumeId;
      var deadline = Date.now() + RESUME_WAIT_MS;
      while (Date.now() < deadline) {
        await sleep(RESUME_POLL_MS);
        if (this.store.current !== session) return null; // a new chat, or logged out
        try {
          var body = await api(path, { token: session.token });
          if (body && body.status !== "processing") return body;
        } catch (error) {
          if (error.status === 404) throw new ApiError(404, "We lost track of that resume. Please attach it again.");
          // A dropped connection or a busy server: ask again on the next round.
        }
      }
      return { status: "timeout" };
    }

    /** Shows how the reading went; returns the message to send, or null. */
    resumeOutcome(result, box, name) {
      if (!result) {
        box.remove();
        return null;
      }
      if (result.status === "parsed" || result.status === "needs_review") {
        box.className = "notice ok";
        var note = result.status === "needs_review" && result.message ? " " + result.message : "";
        box.textContent = "Resume received: " + name + "." + note;
        return RESUME_SENT;
      }
      if (result.status === "timeout") {
        box.textContent =
          "Your resume is saved, but reading it is taking longer than usual. Ask me about it again in a minute.";
        return null;
      }
      box.className = "notice";
      box.setAttribute("role", "alert");
      box.removeAttribute("aria-live"); // an alert is assertive
      box.textContent =
        result.message || "We couldn't read your resume. Please try another file (PDF, Word or text).";
      return null;
    }

    uploadFailed(error, file) {
      var self = this;
      var status = error && error.status;
      var retry = false;
      var text;
      if (status === 0) {
        text = RESUME_UNREACHABLE;
        retry = true;
      } else if (status === 429) {
        text =
          error.detail ||
          "That's a lot of uploads. Please wait " + (error.retryAfter || 60) + " seconds and try again.";
      } else if (status === 413) {
        text = error.detail || RESUME_TOO_LARGE;
      } else if (status === 400 || status === 422) {
        text = error.detail || "We couldn't read that file. Please upload a PDF, Word (.docx) or text file.";
      } else if (status === 404) {
        text = error.detail || "This conversation is no longer available. Please start a new chat.";
      } else {
        text = "Something went wrong while uploading your resume. Please try again in a moment.";
        retry = true;
      }
      var box = this.notice(text);
      if (retry) {
        box.append(
          " ",
          h("button", {
            class: "btn",
            type: "button",
            text: "Try again",
            onclick: function () {
              box.remove();
              self.chooseFile(file);
            },
          })
        );
      }
    }

    // ------------------------------------------------------------ rendering events
    status(text) {
      this.statusEl.textContent = text;
    }

    announce(text) {
      this.status(text);
      var self = this;
      setTimeout(function () {
        if (self.statusEl.textContent === text) self.status("");
      }, 2500);
    }

    notice(text, into, retryText) {
      var self = this;
      var box = h("div", { class: "notice", role: "alert" }, [text]);
      if (retryText) {
        box.append(
          " ",
          h("button", {
            class: "btn",
            type: "button",
            text: "Try again",
            onclick: function () {
              box.remove();
              self.send(retryText, { resend: true, retried: true });
            },
          })
        );
      }
      (into || this.log).append(box);
      this.scrollDown();
      return box;
    }

    scrollDown() {
      var log = this.log;
      requestAnimationFrame(function () {
        log.scrollTop = log.scrollHeight;
      });
    }

    renderJobs(data, into) {
      var self = this;
      var jobs = data.jobs || [];
      var total = Number(data.total || 0);
      var page = Number(data.page || 1);
      var from = (page - 1) * 5 + 1;
      var head = total
        ? total.toLocaleString("en-US") +
          " job" +
          (total === 1 ? "" : "s") +
          " found" +
          (jobs.length < total ? " · showing " + from + "–" + (from + jobs.length - 1) : "")
        : "No jobs found";
      var list = h("ul", { class: "cards", "aria-label": "Job results" });
      jobs.forEach(function (job) {
        list.append(h("li", null, [self.card(job)]));
      });
      into.append(h("div", { class: "results", "data-total": String(total) }, [h("p", { class: "results-head", text: head }), list]));
      this.setChips(data.filters || {});
    }

    card(job) {
      var self = this;
      var title = job.title || "Open position";
      var pay = [money(job.weekly_pay, "wk"), money(job.hourly_pay, "hr")].filter(Boolean).join(" · ");
      var when = [
        job.shift,
        job.start_date ? "Start: " + prettyDate(job.start_date) : null,
        job.duration,
      ].filter(Boolean);
      var heading = h("h3", null, [title]);
      if (job.hot_job) heading.append(h("span", { class: "badge", text: "Hot job" }));
      var posting = job.url ? safeLink(job.url, "View posting") : null;
      if (posting) posting.setAttribute("aria-label", "View posting: " + title);
      return h("article", { class: "card", "data-job-id": job.id }, [
        heading,
        h("p", { text: [place(job.city, job.state), job.job_type, job.specialty].filter(Boolean).join(" · ") }),
        pay ? h("p", { class: "pay", text: pay }) : null,
        when.length ? h("p", { text: when.join(" · ") }) : null,
        h("div", { class: "actions" }, [
          h("button", {
            class: "btn",
            type: "button",
            text: "Details",
            "aria-label": "Details: " + title,
            onclick: function () {
              self.send("Tell me more about " + title + " (job " + job.id + ")");
            },
          }),
          h("button", {
            class: "btn primary",
            type: "button",
            text: "Apply",
            "aria-label": "Apply: " + title,
            onclick: function () {
              self.lastApply = { id: job.id, title: title };
              self.send("I'd like to apply to " + title + " (job " + job.id + ")");
            },
          }),
          posting,
        ]),
      ]);
    }

    setChips(filters) {
      var self = this;
      var chips = filters ? filterChips(filters) : [];
      this.chips.replaceChildren();
      this.chips.hidden = !chips.length;
      if (!chips.length) return;
      this.chips.append(h("span", { class: "chips-label", text: "Your search:" }));
      chips.forEach(function (chip) {
        var item = h("span", { class: chip.clear ? "chip" : "chip fixed" }, [chip.label]);
        if (chip.clear) {
          item.append(
            h("button", {
              type: "button",
              "aria-label": "Remove filter: " + chip.label,
              text: "×",
              onclick: function () {
                self.send(chip.clear);
              },
            })
          );
        }
        self.chips.append(item);
      });
    }

    renderAction(action, into, sentText) {
      var self = this;
      var job = action.job || {};
      var where = place(job.city, job.state);
      var name = (job.title || "this job") + (where ? " in " + where : "");
      if (action.type === "confirm_apply") {
        if (job.id) this.lastApply = { id: job.id, title: job.title || "this job" };
        var buttons = [
          h("button", {
            class: "btn primary",
            type: "button",
            text: "Confirm application",
            "data-once": "",
            onclick: function () {
              self.send("Yes, submit my application");
            },
          }),
          h("button", {
            class: "btn",
            type: "button",
            text: "Cancel",
            "data-once": "",
            onclick: function () {
              self.send("No, cancel");
            },
          }),
        ];
        into.append(
          h("div", { class: "notice info", role: "group", "aria-label": "Confirm application" }, [
            h("p", { text: "Submit your application for " + name + "?" }),
            h("div", { class: "actions" }, buttons),
          ])
        );
      } else if (action.type === "applied") {
        into.append(
          h("div", { class: "notice ok", role: "status" }, [
            (action.already_applied ? "You had already applied to " : "Application submitted: ") + name,
          ])
        );
      } else if (action.type === "verification_sent") {
        this.awaitingConfirmation = true;
        into.append(
          h("div", { class: "notice info", role: "status" }, [
            "Check your inbox: we sent a confirmation link to " + (action.email || "your email address") + ".",
          ])
        );
      } else if (action.type === "application_held") {
        this.awaitingConfirmation = true;
        into.append(
          h("div", { class: "notice ok", role: "status" }, [
            "Application saved: " +
              name +
              ". It will be sent as soon as you confirm your email" +
              (action.email ? " (" + action.email + ")" : "") +
              ".",
          ])
        );
      } else if (action.type === "handoff") {
        var current = this.store.current;
        if (current) {
          current.handedOff = true;
          current.recruiter = action.recruiter_name || null;
          saveStore(this.store);
        }
        this.showHandoff(action.recruiter_name);
        this.listen();
      } else if (action.type === "confirm_resume" || action.type === "confirm_resume_delete") {
        // The server names the answers; a press sends them as the person's own words.
        var yes = action.confirm_text || "Yes";
        var no = action.correct_text || action.cancel_text || "No";
        var answer = function (text) {
          return h("button", {
            class: text === yes ? "btn primary" : "btn",
            type: "button",
            text: text,
            "data-once": "",
            onclick: function () {
              self.send(text);
            },
          });
        };
        var label = action.type === "confirm_resume" ? "Is your resume read right?" : "Delete your resume?";
        into.append(
          h("div", { class: "notice info", role: "group", "aria-label": label }, [
            h("div", { class: "actions" }, [answer(yes), answer(no)]),
          ])
        );
      } else if (action.type === "login_required") {
        var box = h("div", { class: "turn" });
        into.append(box);
        this.authForm(box, {
          email: action.email || "",
          intro:
            action.email
              ? "Log in to continue with your application."
              : "Log in to continue. Your conversation stays right here.",
          onDone: function (user) {
            self.loggedInFollowUp(action, sentText, user);
          },
        });
      }
    }

    showHandoff(name) {
      this.banner.textContent =
        (name ? name + ", a recruiter, " : "A recruiter ") + "will reply here. You can keep chatting meanwhile.";
      this.banner.hidden = false;
    }

    // ------------------------------------------------------------ recruiter replies
    recruiterMessage(author, text, messageId) {
      var bubble = h("div", { class: "msg recruiter" }, [
        h("strong", { text: (author || "Your recruiter") + ": " }),
        document.createTextNode(text || ""),
      ]);
      if (messageId) bubble.setAttribute("data-message-id", messageId);
      return bubble;
    }

    shown(messageId) {
      var found = false;
      this.log.querySelectorAll("[data-message-id]").forEach(function (el) {
        if (el.getAttribute("data-message-id") === messageId) found = true;
      });
      return found;
    }

    /**
     * While a recruiter has this conversation, their replies arrive live: a stream that the
     * server ends now and then, reopened with the last event seen (nothing is lost between).
     */
    async listen() {
      var current = this.store.current;
      if (!current || !current.id || !current.handedOff || this.listening === current.id) return;
      this.listening = current.id;
      var failures = 0;
      while (this.listening === current.id && this.store.current === current) {
        var ended = await this.followReplies(current);
        if (ended === "closed" || ended === "gone") break;
        failures = ended === "error" ? failures + 1 : 0;
        await sleep(failures ? Math.min(30000, 1000 * Math.pow(2, failures)) : 500);
      }
      if (this.listening === current.id) this.listening = null;
    }

    stopListening() {
      this.listening = null;
      if (this.liveAbort) this.liveAbort.abort();
      this.liveAbort = null;
    }

    async followReplies(current) {
      var self = this;
      var abort = new AbortController();
      this.liveAbort = abort;
      var ended = "again";
      try {
        var query = current.liveSeen ? "?after=" + encodeURIComponent(current.liveSeen) : "";
        var response = await fetch(API + "/api/chat/sessions/" + current.id + "/events" + query, {
          headers: { Accept: "text/event-stream", Authorization: "Bearer " + current.token },
          credentials: "include",
          cache: "no-store",
          signal: abort.signal,
        });
        // Not ours any more, or no recruiter on it: nothing will ever arrive here.
        if (response.status === 404 || response.status === 409) return "gone";
        if (!response.ok) return "error";
        await readEvents(response, function (name, data, id) {
          if (self.store.current !== current) return;
          if (id) current.liveSeen = id;
          if (name === "recruiter.message") {
            if (!data.message_id || !self.shown(data.message_id)) {
              self.log.append(self.recruiterMessage(data.author, data.text, data.message_id));
              self.scrollDown();
              if (self.panel.hidden) self.launcher.append(self.unread);
            }
          } else if (name === "handoff.closed") {
            current.handedOff = false;
            self.banner.hidden = true;
            self.notice("The recruiter has left the chat. I'm still here if you need anything.").className =
              "notice info";
            ended = "closed";
            abort.abort();
          }
          saveStore(self.store);
        });
      } catch (e) {
        if (ended !== "closed" && !abort.signal.aborted) ended = "error";
      } finally {
        if (this.liveAbort === abort) this.liveAbort = null;
      }
      return ended;
    }

    loggedInFollowUp(action, sentText, user) {
      var who = user && user.first_name ? user.first_name : "";
      this.notice("You're logged in" + (who ? " as " + who : "") + ".").className = "notice ok";
      if (action.email) {
        var job = this.lastApply;
        this.send(
          job
            ? "I've logged in. I'd like to apply to " + job.title + " (job " + job.id + ")"
            : "I've logged in, please apply to that job"
        );
      } else if (action.reason !== "requested" && sentText) {
        this.send(sentText);
      }
    }

    // ------------------------------------------------------------ accounts
    /** Keeps up with account changes made elsewhere: the account pages, other tabs. */
    followAccount() {
      var self = this;
      // Dispatched by /account.js when a mailed link signed this browser in.
      window.addEventListener("esa-account-changed", function () {
        if (self.initialized) self.refreshUser();
      });
      // Back from the tab where the confirmation link was opened.
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible" && self.initialized && self.awaitingConfirmation && !self.user) {
          self.refreshUser();
        }
      });
      // Logged out in another tab: that tab forgot the conversations; so does this one.
      window.addEventListener("storage", function (event) {
        if (event.key !== STORE_KEY) return;
        var fresh = loadStore();
        if (!fresh.cleared || fresh.cleared === self.store.cleared) return;
        self.store = fresh;
        if (!Array.isArray(self.store.sessions)) self.store.sessions = [];
        self.setUser(null);
        if (self.initialized) self.resetChat();
      });
    }

    async refreshUser() {
      try {
        var me = await api("/api/auth/me");
        this.setUser(me.user);
      } catch (error) {
        this.setUser(null);
      }
    }

    setUser(user) {
      this.user = user || null;
      if (this.user) this.awaitingConfirmation = false;
      this.accountButton.textContent = this.user ? "Log out" : "Log in";
      this.accountButton.setAttribute(
        "aria-label",
        this.user ? "Log out (" + (this.user.email || "") + ")" : "Log in"
      );
    }

    async logout() {
      try {
        await api("/api/auth/logout", { method: "POST" });
      } catch (e) {
        /* the cookie may already be gone */
      }
      this.setUser(null);
      // The server ended the tokens of this user's conversations: forget them all here too.
      this.forgetConversations();
      if (!this.otherView.hidden) this.show("chat");
      this.announce("You're logged out. This chat was cleared.");
    }

    showLogin() {
      var self = this;
      this.pane.append(h("h3", { text: "Log in" }));
      this.authForm(this.pane, {
        intro: "Log in to see your applications and referrals. Your chat continues where it was.",
        onDone: function () {
          self.show("chat");
          self.announce("You're logged in.");
        },
      });
    }

    /** An inline login (or sign-up) form; on success links this browser's conversations. */
    authForm(container, options) {
      var self = this;
      var mode = "login";
      var uid = Math.random().toString(36).slice(2, 8);
      function field(name, label, type, autocomplete, value) {
        var input = h("input", {
          id: "esa-" + name + "-" + uid,
          name: name,
          type: type,
          autocomplete: autocomplete,
          required: true,
          value: value || null,
        });
        return { input: input, label: h("label", { for: input.id }, [label, input]) };
      }
      var first = field("first_name", "First name", "text", "given-name");
      var last = field("last_name", "Last name", "text", "family-name");
      var email = field("email", "Email", "email", "email", options.email);
      var password = field("password", "Password", "password", "current-password");
      var error = h("p", { class: "err", role: "alert" });
      var submit = h("button", { class: "btn primary", type: "submit", text: "Log in" });
      var intro = h("p", { text: options.intro || "" });
      var toggle = h("button", { class: "linkbtn", type: "button", text: "New here? Create an account" });
      var forgot = h("a", {
        class: "linkbtn",
        href: API + "/account/password",
        target: "_blank",
        rel: "noopener",
        text: "Forgot password?",
      });
      var form = h("form", { class: "auth", "aria-label": "Log in", novalidate: true }, [
        intro,
        first.label,
        last.label,
        email.label,
        password.label,
        error,
        h("div", { class: "actions" }, [submit, toggle, forgot]),
      ]);
      function setMode(next) {
        mode = next;
        var signup = mode === "register";
        first.label.hidden = !signup;
        last.label.hidden = !signup;
        first.input.required = signup;
        last.input.required = signup;
        password.input.setAttribute("autocomplete", signup ? "new-password" : "current-password");
        submit.textContent = signup ? "Create account" : "Log in";
        forgot.hidden = signup;
        toggle.textContent = signup ? "I already have an account" : "New here? Create an account";
        form.setAttribute("aria-label", signup ? "Create an account" : "Log in");
        error.textContent = "";
      }
      toggle.addEventListener("click", function () {
        setMode(mode === "login" ? "register" : "login");
        (mode === "register" ? first.input : email.input).focus();
      });
      form.addEventListener("submit", async function (event) {
        event.preventDefault();
        error.textContent = "";
        submit.disabled = true;
        var body = {
          email: email.input.value,
          password: password.input.value,
          chat_sessions: self.chatLinks(),
        };
        if (mode === "register") {
          body.first_name = first.input.value;
          body.last_name = last.input.value;
          body.referral_code = (self.store.attribution || {}).ref || null;
        }
        try {
          var result = await api(mode === "register" ? "/api/auth/register" : "/api/auth/login", {
            method: "POST",
            body: body,
          });
          if (result && result.status === "verification_sent") {
            // No account yet: it is created when the mailed link is opened.
            self.awaitingConfirmation = true;
            var sent = h("p", { class: "sent", tabindex: "-1", text: result.detail });
            form.setAttribute("aria-label", "Check your inbox");
            form.replaceChildren(
              sent,
              h("p", { text: "Didn't get it? Check your spam folder. The link works for a limited time." })
            );
            sent.focus();
            self.scrollDown();
            return;
          }
          self.setUser(result.user);
          form.replaceChildren(h("p", { text: "Logged in as " + result.user.email + "." }));
          options.onDone(result.user);
        } catch (failure) {
          error.textContent = failure.detail || UNREACHABLE;
          submit.disabled = false;
          password.input.value = "";
          password.input.focus();
        }
      });
      setMode("login");
      container.append(form);
      (options.email ? password.input : email.input).focus();
      this.scrollDown();
    }

    async mine(path, title, empty, render) {
      var self = this;
      this.pane.replaceChildren(h("h3", { text: title }), h("p", { text: "Loading…" }));
      try {
        var data = await api(path);
        this.pane.replaceChildren(h("h3", { text: title }));
        var items = render(data);
        if (!items.length) this.pane.append(h("p", { text: empty }));
        items.forEach(function (item) {
          self.pane.append(item);
        });
      } catch (error) {
        this.pane.replaceChildren(h("h3", { text: title }));
        if (error.status === 401) {
          this.setUser(null);
          this.authForm(this.pane, {
            intro: "Log in to see this.",
            onDone: function () {
              self.mine(path, title, empty, render);
            },
          });
        } else this.pane.append(h("p", { class: "err", text: error.detail || UNREACHABLE }));
      }
      this.pane.focus();
    }

    showApplications() {
      this.mine("/api/me/applications", "My applications", "You haven't applied to any jobs yet. Ask me to find some!", function (data) {
        return (data.applications || []).map(function (a) {
          var link = safeLink(a.job_url, a.job_title);
          return h("div", { class: "item", "data-job-id": a.job_id }, [
            h("strong", null, [link || a.job_title]),
            h("p", { text: place(a.city, a.state) }),
            h("p", null, [h("span", { class: "state", text: a.status }), " · applied " + prettyDate(a.applied_at)]),
          ]);
        });
      });
    }

    showReferrals() {
      this.mine("/api/me/referrals", "My referrals", "No referrals yet. Ask me to refer a friend!", function (data) {
        return (data.referrals || []).map(function (r) {
          var rewards = (r.rewards || [])
            .map(function (w) {
              return money(w.amount, "").replace(/\/$/, "") + " " + w.status;
            })
            .join(", ");
          return h("div", { class: "item" }, [
            h("strong", { text: r.referred_email || "Invitation " + r.referral_code }),
            h("p", null, [h("span", { class: "state", text: r.status }), " · code " + r.referral_code]),
            rewards ? h("p", { text: "Rewards: " + rewards }) : null,
          ]);
        });
      });
    }
  }

  customElements.define(TAG, ChatWidget);

  function mount() {
    if (document.querySelector(TAG)) return;
    var widget = document.createElement(TAG);
    document.body.append(widget);
    // Host pages can open the chat with a prepared question: <button data-esa-ask="...">.
    document.addEventListener("click", function (event) {
      var target = event.target && event.target.closest ? event.target.closest("[data-esa-ask]") : null;
      if (!target) return;
      event.preventDefault();
      widget.open(false);
      widget.send(target.getAttribute("data-esa-ask").slice(0, 4000));
    });
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
