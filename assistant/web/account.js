/*! Excel Medical Staffing: the account pages (/account/verify, /account/password).
 * The one-time token of an e-mailed link arrives in the fragment (#token=...), which no
 * server log or Referer ever sees; it is read once, removed from the address bar, and
 * posted to /api/auth. Text from the server is only ever inserted as text (textContent).
 */
(function () {
  "use strict";
  var page = document.querySelector("[data-account-page]");
  if (!page) return;
  var kind = page.getAttribute("data-account-page");
  var heading = document.getElementById("account-title");
  var message = document.getElementById("account-message");
  var UNREACHABLE = "We can't reach our server right now. Please check your connection and try again.";
  var GENERIC = "Something went wrong. Please try again.";
  var NO_TOKEN = "This link is incomplete. Copy the whole link from the email, or ask for a new one.";

  // ---------------------------------------------------------------- helpers
  function h(tag, props, children) {
    var el = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") el.textContent = String(props[key]);
      else el.setAttribute(key, String(props[key]));
    });
    (children || []).forEach(function (child) {
      if (child) el.append(child);
    });
    return el;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  /** The token of the address's fragment, then removed from the address bar and history. */
  function takeToken() {
    var fragment = location.hash.replace(/^#/, "");
    if (!fragment) return "";
    var token = (new URLSearchParams(fragment).get("token") || "").trim();
    try {
      history.replaceState(history.state, "", location.pathname + location.search);
    } catch (e) {
      location.hash = "";
    }
    return token;
  }

  function setHeading(text) {
    heading.textContent = text;
    document.title = text + " | Excel Medical Staffing";
  }

  /** Shows a message (tone: "", "ok", "error") and moves the focus to it. */
  function say(tone, nodes, keepFocus) {
    message.className = "account-message" + (tone ? " " + tone : "");
    message.replaceChildren.apply(
      message,
      nodes.map(function (node) {
        return typeof node === "string" ? h("p", { text: node }) : node;
      })
    );
    if (!keepFocus) message.focus();
  }

  async function post(path, body) {
    var response;
    try {
      response = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (e) {
      return { status: 0, data: {} };
    }
    var data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    return { status: response.status, data: data || {} };
  }

  /** What a failed answer says: {field, code, detail} (the API's one error shape). */
  function problem(result) {
    var data = result.data || {};
    var extra = data.extra || {};
    var fallback = result.status === 0 || result.status >= 500 ? UNREACHABLE : GENERIC;
    return {
      field: extra.field || null,
      code: extra.code || null,
      detail: (result.status >= 400 && result.status < 500 && data.detail) || fallback,
    };
  }

  function fieldError(input, text) {
    var error = document.getElementById(input.id + "-error");
    if (error) error.textContent = text || "";
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll("input"), function (input) {
      fieldError(input, "");
    });
  }

  /** Runs submit(values) on a valid submit; the button is disabled meanwhile. */
  function handle(form, check, submit) {
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (button.disabled) return;
      clearErrors(form);
      if (!check()) return;
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      try {
        await submit();
      } finally {
        button.disabled = false;
        form.removeAttribute("aria-busy");
      }
    });
  }

  function jobsLink() {
    return h("p", {}, [h("a", { class: "btn", href: "/jobs", text: "Browse open jobs" })]);
  }

  function signedIn() {
    // The chat widget on this page shows the signed-in state without a reload.
    window.dispatchEvent(new CustomEvent("esa-account-changed"));
  }

  /** The password form: new + confirm, checked here for a match, then passed to send(). */
  function passwordForm(send) {
    var form = document.getElementById("password-form");
    var password = document.getElementById("new-password");
    var confirm = document.getElementById("confirm-password");
    form.hidden = false;
    handle(
      form,
      function () {
        if (!password.value) {
          fieldError(password, "Enter a new password.");
          password.focus();
          return false;
        }
        if (password.value !== confirm.value) {
          fieldError(confirm, "Passwords do not match.");
          confirm.focus();
          return false;
        }
        return true;
      },
      async function () {
        var failed = await send(password.value);
        if (!failed) {
          form.hidden = true;
          return;
        }
        if (failed.field === "password" || failed.field === "new_password") {
          fieldError(password, failed.detail);
          password.focus();
        } else say("error", [failed.detail]);
      }
    );
    return form;
  }

  function unusable(detail) {
    setHeading("This link no longer works");
    document.getElementById("password-form").hidden = true;
    var again = h("a", { href: "/account/password", text: "Ask for a new link" });
    var hint =
      kind === "verify"
        ? "If you already confirmed your email, your account is ready: log in from the chat, or " +
          "ask for a link to choose a new password. Otherwise, sign up again from the chat."
        : "Password links work once, for a limited time.";
    say("error", [detail || NO_TOKEN, h("p", {}, [again]), hint]);
  }

  // ---------------------------------------------------------------- /account/verify
  function verified(data) {
    setHeading("Email confirmed");
    var lines = ["Your email is confirmed and you're signed in."];
    if (data.email) lines.push("Your account: " + data.email + ".");
    var sent = Number(data.applications_sent || 0);
    var closed = Number(data.applications_closed || 0);
    if (sent) {
      lines.push(
        plural(sent, "application", "applications") +
          " you started in the chat " +
          (sent === 1 ? "was" : "were") +
          " sent to our recruiters. A recruiter will be in touch soon."
      );
    }
    if (closed) {
      lines.push(
        plural(closed, "job", "jobs") +
          " you applied to closed before you confirmed, so " +
          (closed === 1 ? "that application was" : "those applications were") +
          " not sent. Let's find you similar ones."
      );
    }
    lines.push(jobsLink());
    say("ok", lines);
    signedIn();
  }

  /** Posts the link (with a password when one was chosen); returns a field problem or null. */
  async function confirmEmail(token, password) {
    var body = { token: token };
    if (password) body.password = password;
    var result = await post("/api/auth/verify", body);
    if (result.status === 200 && result.data.status === "verified") {
      verified(result.data);
      return null;
    }
    if (result.status === 200 && result.data.status === "password_required") {
      askPassword(token, result.data.email);
      return null;
    }
    var failed = problem(result);
    if (failed.field === "token") {
      unusable(failed.detail);
      return null;
    }
    if (password) return failed; // shown by the password form, which stays
    say("error", [failed.detail]);
    return null;
  }

  var asked = false;
  function askPassword(token, email) {
    if (asked) return;
    asked = true;
    say("", [
      "Almost done: choose a password for " + (email || "your account") + " to finish creating your account.",
    ]);
    passwordForm(function (password) {
      return confirmEmail(token, password);
    });
  }

  async function verifyPage() {
    var token = takeToken();
    if (!token) {
      unusable(NO_TOKEN);
      return;
    }
    say("", ["Confirming your email…"], true);
    await confirmEmail(token, null);
  }

  // ---------------------------------------------------------------- /account/password
  function resetPassword(token) {
    setHeading("Choose a new password");
    say("", ["Choose a new password for your account. It works right away, and you'll be signed in."], true);
    passwordForm(async function (password) {
      var result = await post("/api/auth/password/reset", { token: token, password: password });
      if (result.status === 200 && result.data.user) {
        setHeading("Password saved");
        say("ok", [
          "Your new password is saved and you're signed in as " + result.data.user.email + ".",
          jobsLink(),
        ]);
        signedIn();
        return null;
      }
      var failed = problem(result);
      if (failed.field === "token") {
        unusable(failed.detail);
        return null;
      }
      return failed;
    });
  }

  function forgotPassword() {
    setHeading("Forgot your password?");
    var form = document.getElementById("forgot-form");
    var email = document.getElementById("forgot-email");
    form.hidden = false;
    handle(
      form,
      function () {
        if (!email.value.trim()) {
          fieldError(email, "Enter your email address.");
          email.focus();
          return false;
        }
        return true;
      },
      async function () {
        var result = await post("/api/auth/password/forgot", { email: email.value.trim() });
        if (result.status === 202) {
          form.hidden = true;
          setHeading("Check your inbox");
          say("ok", [result.data.detail || "Check your inbox for a link to choose a new password."]);
          return;
        }
        var failed = problem(result);
        if (failed.field === "email") {
          fieldError(email, failed.detail);
          email.focus();
        } else say("error", [failed.detail]);
      }
    );
  }

  function passwordPage() {
    var token = takeToken();
    if (token) resetPassword(token);
    else forgotPassword();
  }

  // A link pasted into this tab changes only the fragment: start over with it.
  window.addEventListener("hashchange", function () {
    if (/(^|[#&])token=/.test(location.hash)) location.reload();
  });

  if (kind === "verify") verifyPage();
  else if (kind === "password") passwordPage();
})();
