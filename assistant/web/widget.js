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

  // ---------------------------------------------------------------- language
  // The widget's own words, in English and Spanish. Job data (titles, places, the
  // assistant's replies) is shown as it comes. The language is the browser's at first
  // (navigator.languages), then the conversation's: the server reports it with every reply
  // (message.done's "language"), so a visitor who writes Spanish gets Spanish buttons too.
  // Messages the buttons send are in the same language, so they keep the conversation's.
  var STRINGS = {
    en: {
      unreachable:
        "We can't reach the chat service right now. Please check your connection and try again in a moment.",
      wrong: "Something went wrong.",
      wrongRetry: "Sorry, something went wrong. Please try again.",
      dropped: "The connection dropped.",
      gone: "This conversation is no longer available.",
      "tool.search_jobs": "Searching jobs…",
      "tool.get_job_details": "Looking up the job…",
      "tool.apply_to_job": "Preparing your application…",
      "tool.register_candidate": "Setting up your profile…",
      "tool.confirm_application": "Submitting your application…",
      "tool.cancel_application": "Cancelling…",
      "tool.lookup_referrals": "Checking your referrals…",
      "tool.create_referral": "Sending the invitation…",
      "tool.request_recruiter": "Connecting you with a recruiter…",
      "tool.any": "Working on it…",
      suggestions: ["ICU travel jobs in Texas", "Per diem CNA jobs in Florida", "Talk to a recruiter"],
      suggestionsLabel: "Suggestions",
      welcome:
        "Hi! I'm the Excel Medical Staffing assistant. Tell me what kind of job you're looking for and I'll find real openings, help you apply, or connect you with a recruiter.",
      launcher: "Chat with us",
      newMessage: "New message",
      conversation: "Conversation",
      searchFilters: "Search filters",
      placeholder: "Ask about jobs…",
      message: "Message",
      send: "Send",
      attach: "Attach your resume",
      attachTitle: "Attach your resume (PDF, Word or text, up to 5 MB)",
      sections: "Chat sections",
      tabChat: "Chat",
      tabApplications: "My applications",
      tabReferrals: "My referrals",
      logIn: "Log in",
      logOut: "Log out",
      logOutAs: "Log out ({email})",
      newChat: "New chat",
      newConversation: "New conversation",
      subtitle: "Job search assistant",
      close: "Close chat",
      started: "Started a new conversation.",
      typing: "Typing…",
      reconnecting: "Reconnecting…",
      tryAgain: "Try again",
      resumeSent: "I uploaded my resume",
      yourResume: "your resume",
      resumeTooLarge: "This file is larger than 5 MB. Please upload a smaller copy (PDF, Word or text).",
      resumeUnreachable: "We couldn't upload your resume: please check your connection and try again.",
      resumeOnItsWay: "Your resume is still on its way. One moment, please.",
      uploading: "Uploading {name}…",
      reading: "Reading your resume…",
      resumeLost: "We lost track of that resume. Please attach it again.",
      resumeReceived: "Resume received: {name}.",
      resumeSlow: "Your resume is saved, but reading it is taking longer than usual. Ask me about it again in a minute.",
      resumeUnread: "We couldn't read your resume. Please try another file (PDF, Word or text).",
      uploadsWait: "That's a lot of uploads. Please wait {seconds} seconds and try again.",
      fileUnread: "We couldn't read that file. Please upload a PDF, Word (.docx) or text file.",
      chatGone: "This conversation is no longer available. Please start a new chat.",
      uploadFailed: "Something went wrong while uploading your resume. Please try again in a moment.",
      jobsFound: "{count} jobs found",
      oneJobFound: "1 job found",
      showing: " · showing {from}–{to}",
      noJobs: "No jobs found",
      jobResults: "Job results",
      openPosition: "Open position",
      start: "Start: {date}",
      hotJob: "Hot job",
      viewPosting: "View posting",
      viewPostingOf: "View posting: {title}",
      details: "Details",
      detailsOf: "Details: {title}",
      apply: "Apply",
      applyTo: "Apply: {title}",
      sayDetails: "Tell me more about {title} (job {id})",
      sayApply: "I'd like to apply to {title} (job {id})",
      yourSearch: "Your search:",
      removeFilter: "Remove filter: {label}",
      anySpecialty: "Any specialty",
      anyState: "Any state",
      anyJobType: "Any job type",
      anyShift: "Any shift",
      anyPay: "Any pay",
      anyStart: "Any start date",
      notJustHot: "Not just hot jobs",
      hotJobs: "Hot jobs",
      shiftHours: "{hours}-hr shifts",
      startsAsap: "Starts ASAP",
      startsFrom: "Starts from {date}",
      startsTo: " to {date}",
      startsBy: "Starts by {date}",
      week: "wk",
      hour: "hr",
      thisJob: "this job",
      jobIn: "{title} in {where}",
      confirmApplication: "Confirm application",
      cancel: "Cancel",
      sayYes: "Yes, submit my application",
      sayNo: "No, cancel",
      submitFor: "Submit your application for {job}?",
      alreadyApplied: "You had already applied to {job}",
      submitted: "Application submitted: {job}",
      checkInbox: "Check your inbox: we sent a confirmation link to {email}.",
      yourEmail: "your email address",
      held: "Application saved: {job}. It will be sent as soon as you confirm your email.",
      heldTo: "Application saved: {job}. It will be sent as soon as you confirm your email ({email}).",
      yes: "Yes",
      no: "No",
      resumeRight: "Is your resume read right?",
      deleteResume: "Delete your resume?",
      loginToApply: "Log in to continue with your application.",
      loginToContinue: "Log in to continue. Your conversation stays right here.",
      recruiterNamed: "{name}, a recruiter, will reply here. You can keep chatting meanwhile.",
      recruiterAny: "A recruiter will reply here. You can keep chatting meanwhile.",
      yourRecruiter: "Your recruiter",
      recruiterLeft: "The recruiter has left the chat. I'm still here if you need anything.",
      loggedIn: "You're logged in.",
      loggedInAs: "You're logged in as {name}.",
      sayLoggedInApply: "I've logged in. I'd like to apply to {title} (job {id})",
      sayLoggedIn: "I've logged in, please apply to that job",
      loggedOut: "You're logged out. This chat was cleared.",
      loginIntro: "Log in to see your applications and referrals. Your chat continues where it was.",
      firstName: "First name",
      lastName: "Last name",
      email: "Email",
      password: "Password",
      createAccount: "Create account",
      createAnAccount: "Create an account",
      newHere: "New here? Create an account",
      haveAccount: "I already have an account",
      forgot: "Forgot password?",
      checkInboxTitle: "Check your inbox",
      noMail: "Didn't get it? Check your spam folder. The link works for a limited time.",
      loggedInEmail: "Logged in as {email}.",
      loading: "Loading…",
      loginToSee: "Log in to see this.",
      noApplications: "You haven't applied to any jobs yet. Ask me to find some!",
      appliedOn: " · applied {date}",
      noReferrals: "No referrals yet. Ask me to refer a friend!",
      invitation: "Invitation {code}",
      code: " · code {code}",
      rewards: "Rewards: {list}",
      slowDown: "You're sending messages faster than we can answer. Please try again in a moment.",
      busy: "We're answering a lot of people right now. Please send that again in a few seconds.",
      withdrawQuestion: "Withdraw your application for {job}?",
      withdrawYes: "Yes, withdraw it",
      withdrawNo: "No, keep it",
      withdrawn: "Application withdrawn: {job}",
    },
    es: {
      unreachable:
        "No podemos conectar con el chat en este momento. Revisa tu conexión y vuelve a intentarlo en un momento.",
      wrong: "Algo salió mal.",
      wrongRetry: "Lo siento, algo salió mal. Vuelve a intentarlo.",
      dropped: "Se perdió la conexión.",
      gone: "Esta conversación ya no está disponible.",
      "tool.search_jobs": "Buscando trabajos…",
      "tool.get_job_details": "Consultando el trabajo…",
      "tool.apply_to_job": "Preparando tu solicitud…",
      "tool.register_candidate": "Creando tu perfil…",
      "tool.confirm_application": "Enviando tu solicitud…",
      "tool.cancel_application": "Cancelando…",
      "tool.lookup_referrals": "Revisando tus referidos…",
      "tool.create_referral": "Enviando la invitación…",
      "tool.request_recruiter": "Llamando a un reclutador…",
      "tool.any": "Un momento…",
      suggestions: ["Trabajos de UCI de viaje en Texas", "Trabajos de CNA por día en Florida", "Hablar con un reclutador"],
      suggestionsLabel: "Sugerencias",
      welcome:
        "¡Hola! Soy el asistente de Excel Medical Staffing. Dime qué tipo de trabajo buscas y te mostraré vacantes reales, te ayudaré a postularte o te pondré en contacto con un reclutador.",
      launcher: "Chatea con nosotros",
      newMessage: "Mensaje nuevo",
      conversation: "Conversación",
      searchFilters: "Filtros de búsqueda",
      placeholder: "Pregunta por trabajos…",
      message: "Mensaje",
      send: "Enviar",
      attach: "Adjuntar tu currículum",
      attachTitle: "Adjuntar tu currículum (PDF, Word o texto, hasta 5 MB)",
      sections: "Secciones del chat",
      tabChat: "Chat",
      tabApplications: "Mis solicitudes",
      tabReferrals: "Mis referidos",
      logIn: "Iniciar sesión",
      logOut: "Cerrar sesión",
      logOutAs: "Cerrar sesión ({email})",
      newChat: "Chat nuevo",
      newConversation: "Conversación nueva",
      subtitle: "Asistente de búsqueda de trabajo",
      close: "Cerrar el chat",
      started: "Empezaste una conversación nueva.",
      typing: "Escribiendo…",
      reconnecting: "Reconectando…",
      tryAgain: "Reintentar",
      resumeSent: "Ya subí mi CV",
      yourResume: "tu currículum",
      resumeTooLarge: "Este archivo pesa más de 5 MB. Sube una copia más pequeña (PDF, Word o texto).",
      resumeUnreachable: "No pudimos subir tu currículum: revisa tu conexión y vuelve a intentarlo.",
      resumeOnItsWay: "Tu currículum todavía se está subiendo. Un momento, por favor.",
      uploading: "Subiendo {name}…",
      reading: "Leyendo tu currículum…",
      resumeLost: "Perdimos ese currículum. Adjúntalo de nuevo, por favor.",
      resumeReceived: "Currículum recibido: {name}.",
      resumeSlow: "Tu currículum está guardado, pero leerlo está tardando más de lo normal. Vuelve a preguntarme en un minuto.",
      resumeUnread: "No pudimos leer tu currículum. Prueba con otro archivo (PDF, Word o texto).",
      uploadsWait: "Son muchos archivos seguidos. Espera {seconds} segundos y vuelve a intentarlo.",
      fileUnread: "No pudimos leer ese archivo. Sube un PDF, un Word (.docx) o un archivo de texto.",
      chatGone: "Esta conversación ya no está disponible. Empieza un chat nuevo, por favor.",
      uploadFailed: "Algo salió mal al subir tu currículum. Vuelve a intentarlo en un momento.",
      jobsFound: "{count} trabajos encontrados",
      oneJobFound: "1 trabajo encontrado",
      showing: " · mostrando {from}–{to}",
      noJobs: "No se encontraron trabajos",
      jobResults: "Resultados de trabajos",
      openPosition: "Vacante",
      start: "Inicio: {date}",
      hotJob: "Urgente",
      viewPosting: "Ver publicación",
      viewPostingOf: "Ver publicación: {title}",
      details: "Detalles",
      detailsOf: "Detalles: {title}",
      apply: "Aplicar",
      applyTo: "Aplicar: {title}",
      sayDetails: "Cuéntame más sobre {title} (trabajo {id})",
      sayApply: "Quiero aplicar a {title} (trabajo {id})",
      yourSearch: "Tu búsqueda:",
      removeFilter: "Quitar filtro: {label}",
      anySpecialty: "Cualquier especialidad",
      anyState: "Cualquier estado",
      anyJobType: "Cualquier tipo de trabajo",
      anyShift: "Cualquier turno",
      anyPay: "Cualquier pago",
      anyStart: "Cualquier fecha de inicio",
      notJustHot: "No solo urgentes",
      hotJobs: "Urgentes",
      shiftHours: "turnos de {hours} h",
      startsAsap: "Inicio lo antes posible",
      startsFrom: "Inicio desde el {date}",
      startsTo: " hasta el {date}",
      startsBy: "Inicio a más tardar el {date}",
      week: "sem",
      hour: "h",
      thisJob: "este trabajo",
      jobIn: "{title} en {where}",
      confirmApplication: "Confirmar solicitud",
      cancel: "Cancelar",
      sayYes: "Sí, envía mi solicitud",
      sayNo: "No, cancelar",
      submitFor: "¿Enviar tu solicitud para {job}?",
      alreadyApplied: "Ya te habías postulado a {job}",
      submitted: "Solicitud enviada: {job}",
      checkInbox: "Revisa tu correo: enviamos un enlace de confirmación a {email}.",
      yourEmail: "tu correo electrónico",
      held: "Solicitud guardada: {job}. Se enviará en cuanto confirmes tu correo.",
      heldTo: "Solicitud guardada: {job}. Se enviará en cuanto confirmes tu correo ({email}).",
      yes: "Sí",
      no: "No",
      resumeRight: "¿Leímos bien tu currículum?",
      deleteResume: "¿Borrar tu currículum?",
      loginToApply: "Inicia sesión para continuar con tu solicitud.",
      loginToContinue: "Inicia sesión para continuar. Tu conversación sigue aquí mismo.",
      recruiterNamed: "{name}, de nuestro equipo de reclutamiento, te responderá aquí. Mientras tanto, puedes seguir chateando.",
      recruiterAny: "Alguien de nuestro equipo de reclutamiento te responderá aquí. Mientras tanto, puedes seguir chateando.",
      yourRecruiter: "Tu reclutador",
      recruiterLeft: "El reclutador salió del chat. Yo sigo aquí si necesitas algo.",
      loggedIn: "Iniciaste sesión.",
      loggedInAs: "Iniciaste sesión como {name}.",
      sayLoggedInApply: "Ya inicié sesión. Quiero aplicar a {title} (trabajo {id})",
      sayLoggedIn: "Ya inicié sesión, quiero aplicar a ese trabajo",
      loggedOut: "Cerraste sesión. Borramos este chat.",
      loginIntro: "Inicia sesión para ver tus solicitudes y referidos. Tu chat sigue donde estaba.",
      firstName: "Nombre",
      lastName: "Apellido",
      email: "Correo electrónico",
      password: "Contraseña",
      createAccount: "Crear cuenta",
      createAnAccount: "Crear una cuenta",
      newHere: "¿Eres nuevo? Crea una cuenta",
      haveAccount: "Ya tengo una cuenta",
      forgot: "¿Olvidaste tu contraseña?",
      checkInboxTitle: "Revisa tu correo",
      noMail: "¿No te llegó? Revisa tu carpeta de spam. El enlace funciona por tiempo limitado.",
      loggedInEmail: "Sesión iniciada como {email}.",
      loading: "Cargando…",
      loginToSee: "Inicia sesión para ver esto.",
      noApplications: "Todavía no te has postulado a ningún trabajo. ¡Pídeme que te busque algunos!",
      appliedOn: " · enviada el {date}",
      noReferrals: "Todavía no tienes referidos. ¡Pídeme que invite a un amigo!",
      invitation: "Invitación {code}",
      code: " · código {code}",
      rewards: "Bonos: {list}",
      slowDown: "Estás enviando mensajes más rápido de lo que podemos responder. Vuelve a intentarlo en un momento.",
      busy: "Estamos atendiendo a mucha gente en este momento. Envía eso de nuevo en unos segundos.",
      withdrawQuestion: "¿Retirar tu solicitud para {job}?",
      withdrawYes: "Sí, retírala",
      withdrawNo: "No, mantenla",
      withdrawn: "Solicitud retirada: {job}",
      // The server's refusals are in English; in Spanish the widget says them itself.
      "refused.400": "No pude procesar eso. Revisa lo que escribiste y vuelve a intentarlo.",
      "refused.401": "Correo o contraseña incorrectos.",
      "refused.409": "Tu mensaje anterior todavía se está respondiendo. Envía este en un momento.",
      "refused.413": "Ese mensaje es demasiado largo. Escríbelo más corto, por favor.",
      "refused.422": "Revisa lo que escribiste y vuelve a intentarlo.",
      "refused.429": "Vas demasiado rápido. Espera un momento y vuelve a intentarlo.",
      "refused.503": "Estamos atendiendo a mucha gente en este momento. Vuelve a intentarlo en unos segundos.",
    },
  };
  var STATUSES_ES = {
    applied: "enviada",
    reviewing: "en revisión",
    interviewing: "en entrevistas",
    offered: "con oferta",
    placed: "contratada",
    rejected: "no seleccionada",
    withdrawn: "retirada",
  };
  var JOB_TYPES_ES = { Travel: "De viaje", Perm: "Permanente", "Per Diem": "Per diem", Local: "Local" };
  var SHIFTS_ES = {
    Days: "Día",
    Nights: "Noche",
    Evenings: "Tarde",
    Mids: "Intermedio",
    Rotating: "Rotativo",
    Weekends: "Fines de semana",
  };

  /** "es" for any Spanish ("es", "es-MX", "es-419"), else "en". */
  function languageOf(value) {
    return /^es(?:$|[-_])/i.test(String(value || "")) ? "es" : "en";
  }
  function browserLanguage() {
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    return languageOf(list[0]);
  }
  var LANG = "en";

  /** The widget's text for key in the current language, with {name} filled from vars. */
  function t(key, vars) {
    var table = STRINGS[LANG] || STRINGS.en;
    var text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : STRINGS.en[key];
    if (text === undefined) return key;
    if (!vars || typeof text !== "string") return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
    });
  }

  /**
   * What to show for a refusal from the server: its own words (English) in English; in
   * Spanish the widget's text for that status, else fallback (already in the language).
   */
  function refusal(error, fallback) {
    var status = (error && error.status) || 0;
    // Below 100: the widget's own errors (network, dropped stream), already in the language.
    if (LANG === "en" || status < 100) return (error && error.detail) || fallback;
    return fallback || STRINGS[LANG]["refused." + status] || t("wrongRetry");
  }

  /** Actions drawn as plain boxes and buttons: drawn again when the language changes. */
  var REDRAWN = [
    "confirm_apply",
    "applied",
    "verification_sent",
    "application_held",
    "confirm_withdraw",
    "application_withdrawn",
    "confirm_resume",
    "confirm_resume_delete",
  ];
  /** Calls render(into) and returns a function drawing the same again in place. */
  function redoable(into, render) {
    var before = into.childNodes.length;
    render(into);
    var nodes = Array.prototype.slice.call(into.childNodes, before);
    return function () {
      if (!nodes.length || !nodes[0].isConnected) return;
      var fresh = document.createDocumentFragment();
      render(fresh);
      var added = Array.prototype.slice.call(fresh.childNodes);
      nodes[0].before(fresh);
      nodes.forEach(function (node) {
        node.remove();
      });
      nodes = added;
    };
  }

  // Resumes: the server reads the file by its content and decides; these are for the picker
  // and a fast answer on size. The chat answers t("resumeSent") from the newest resume.
  var RESUME_ACCEPT =
    ".pdf,.docx,.txt,application/pdf,text/plain," +
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  var MAX_RESUME_BYTES = 5 * 1024 * 1024;
  var RESUME_POLL_MS = 1500;
  var RESUME_WAIT_MS = 120000;

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
  /** A job type or shift as a label: our categories are translated, job data is not. */
  function jobTypeLabel(value) {
    return LANG === "es" && JOB_TYPES_ES[value] ? JOB_TYPES_ES[value] : value;
  }
  function shiftLabel(value) {
    return LANG === "es" && SHIFTS_ES[value] ? SHIFTS_ES[value] : value;
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
    return d.toLocaleDateString(LANG === "es" ? "es-US" : "en-US", {
      month: "short",
      day: "numeric",
      year: "numeric",
      timeZone: "UTC",
    });
  }

  // ---------------------------------------------------------------- filters -> chips
  /** Chips of the understood filters; ``clear`` is a message the assistant reads as "drop it". */
  function filterChips(filters) {
    var f = filters || {};
    var chips = [];
    if (f.profession) chips.push({ label: f.profession });
    if (f.specialty) chips.push({ label: f.specialty, clear: t("anySpecialty") });
    if (f.city || f.state) chips.push({ label: place(f.city, f.state), clear: t("anyState") });
    if (f.job_type) chips.push({ label: jobTypeLabel(f.job_type), clear: t("anyJobType") });
    if (f.shift || f.shift_hours) {
      chips.push({
        label: [shiftLabel(f.shift), f.shift_hours ? t("shiftHours", { hours: f.shift_hours }) : null]
          .filter(Boolean)
          .join(" · "),
        clear: t("anyShift"),
      });
    }
    if (f.min_weekly_pay || f.min_hourly_pay) {
      var pay = f.min_weekly_pay ? money(f.min_weekly_pay, t("week")) : money(f.min_hourly_pay, t("hour"));
      chips.push({ label: (pay || "").replace("/", "+/"), clear: t("anyPay") });
    }
    if (f.start || f.start_from || f.start_to) {
      var from = f.start || f.start_from;
      var label = from === "asap" ? t("startsAsap") : from ? t("startsFrom", { date: prettyDate(from) }) : "";
      if (f.start_to) {
        label += t(label ? "startsTo" : "startsBy", { date: prettyDate(f.start_to) });
      }
      chips.push({ label: label, clear: t("anyStart") });
    }
    if (f.hot_only) chips.push({ label: t("hotJobs"), clear: t("notJustHot") });
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
    if (!clean) return t("yourResume");
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
      throw new ApiError(0, t("unreachable"));
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
      var detail = (data && data.detail) || (response.status >= 500 ? t("unreachable") : t("wrong"));
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
      LANG = this.store.language ? languageOf(this.store.language) : browserLanguage();
      this.labels = []; // [element, attribute or "text", key]: relabelled when the language changes
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
        [this.icon(CHAT_ICON), this.label(h("span"), "text", "launcher")]
      );
      // A recruiter's reply while the chat is closed: on the button until it is opened (and
      // only then part of it, so the button's name is otherwise just "Chat with us").
      this.unread = this.label(h("span", { class: "unread" }), "text", "newMessage");
      this.statusEl = h("div", { class: "status", role: "status", "aria-live": "polite" });
      this.log = this.label(
        h("div", { class: "log", role: "log", "aria-live": "polite", tabindex: "0" }),
        "aria-label",
        "conversation"
      );
      this.banner = h("div", { class: "banner", role: "status", hidden: true });
      this.chips = this.label(
        h("div", { class: "chips", hidden: true, role: "group" }),
        "aria-label",
        "searchFilters"
      );
      this.input = h("textarea", {
        id: "esa-input",
        rows: "1",
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
      this.label(this.input, "placeholder", "placeholder");
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
          onclick: function () {
            self.chooseResume();
          },
        },
        [this.icon(CLIP_ICON)]
      );
      this.label(this.attachButton, "aria-label", "attach");
      this.label(this.attachButton, "title", "attachTitle");
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
          this.label(h("label", { class: "sr", for: "esa-input" }), "text", "message"),
          this.input,
          this.attachButton,
          this.label(h("button", { class: "send", type: "submit" }), "text", "send"),
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
      var tabRow = this.label(h("nav", { class: "tabs" }), "aria-label", "sections");
      [
        ["chat", "tabChat"],
        ["applications", "tabApplications"],
        ["referrals", "tabReferrals"],
      ].forEach(function (pair) {
        var button = h("button", {
          class: "tab",
          type: "button",
          onclick: function () {
            self.show(pair[0]);
          },
        });
        self.label(button, "text", pair[1]);
        self.tabs[pair[0]] = button;
        tabRow.append(button);
      });
      this.accountButton = h("button", {
        class: "hbtn",
        type: "button",
        text: t("logIn"),
        onclick: function () {
          if (self.user) self.logout();
          else self.show("login");
        },
      });
      var newChat = h("button", {
        class: "tab new",
        type: "button",
        onclick: function () {
          self.newConversation();
        },
      });
      this.label(newChat, "text", "newChat");
      tabRow.append(this.label(newChat, "aria-label", "newConversation"));
      var header = h("div", { class: "hdr" }, [
        h("div", { class: "hdr-row" }, [
          h("div", { class: "title" }, [
            h("h2", { id: "esa-title", text: "Excel Medical Staffing" }),
            this.label(h("p"), "text", "subtitle"),
          ]),
          this.accountButton,
          this.label(
            h("button", {
              class: "hbtn x",
              type: "button",
              text: "×",
              onclick: function () {
                self.close();
              },
            }),
            "aria-label",
            "close"
          ),
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
      this.rootEl = h("div", { class: "root", lang: LANG }, [this.launcher, this.panel]);
      this.root.append(h("style", { text: CSS }), this.rootEl);
      this.setTab("chat");
    }

    /** Labels el (its text or an attribute) with the widget's text for key, now and whenever
     * the language changes. */
    label(el, attribute, key) {
      this.labels.push([el, attribute, key]);
      if (attribute === "text") el.textContent = t(key);
      else el.setAttribute(attribute, t(key));
      return el;
    }

    /** Speak lang from now on: the fixed labels change at once, what is shown from now on
     * follows; earlier messages and notices stay as they were said. */
    setLanguage(lang) {
      var next = languageOf(lang);
      if (this.store.language !== next) {
        this.store.language = next;
        saveStore(this.store);
      }
      if (next === LANG) return;
      LANG = next;
      this.rootEl.setAttribute("lang", LANG);
      this.labels.forEach(function (entry) {
        if (entry[1] === "text") entry[0].textContent = t(entry[2]);
        else entry[0].setAttribute(entry[1], t(entry[2]));
      });
      if (this.user !== undefined) this.setUser(this.user);
      else this.accountButton.textContent = t("logIn");
      if (this.lastFilters !== undefined) this.setChips(this.lastFilters);
      if (this.welcomeTurn && this.welcomeTurn.isConnected && this.log.children.length === 1) {
        this.welcomeTurn.remove(); // nothing said yet: greet again in the new language
        this.welcome();
      }
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
      this.announce(t("started"));
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
      this.welcomeTurn = turn.el;
      renderRich(t("welcome"), turn.bubble);
      turn.bubble.removeAttribute("aria-busy");
      var row = h("div", { class: "suggest", role: "group", "aria-label": t("suggestionsLabel") });
      t("suggestions").forEach(function (text) {
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
        } else this.notice(refusal(error, null) || t("unreachable"));
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
      var typing = h("span", { class: "typing", text: t("typing") });
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
          throw new ApiError(0, t("unreachable"));
        }
        if (response.status === 404) {
          // The conversation is gone (or no longer ours): start a new one and send again.
          this.store.current = null;
          saveStore(this.store);
          turn.el.remove();
          if (!opts.renewed) return this.send(text, { resend: true, renewed: true, internal: true });
          throw new ApiError(404, t("gone"));
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
          throw new ApiError(response.status, detail || t("unreachable"));
        }
        var self = this;
        var first = true;
        var tools = 0;
        var redo = [];
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
            var label = STRINGS.en["tool." + data.name] ? t("tool." + data.name) : t("tool.any");
            self.status(label);
            typing.textContent = label;
          } else if (name === "tool.finished") {
            tools = Math.max(0, tools - 1);
            if (!tools) self.status("");
          } else if (name === "jobs") {
            redo.push(
              redoable(turn.attach, function (into) {
                self.renderJobs(data, into);
              })
            );
          } else if (name === "action") {
            if (REDRAWN.indexOf(data.type) < 0) self.renderAction(data, turn.attach, text);
            else
              redo.push(
                redoable(turn.attach, function (into) {
                  self.renderAction(data, into, text);
                })
              );
          } else if (name === "message.done") {
            finished = true;
            var was = LANG;
            if (data.language) self.setLanguage(data.language);
            // The language comes with message.done, after the cards: draw them again in it.
            if (LANG !== was) {
              redo.forEach(function (again) {
                again();
              });
            }
            turn.text = data.text || turn.text;
            renderRich(turn.text, turn.bubble);
            turn.bubble.removeAttribute("aria-busy");
            self.userCount = expected + 1;
          } else if (name === "error") {
            finished = true;
            typing.remove();
            turn.bubble.removeAttribute("aria-busy");
            if (!turn.text) turn.bubble.remove();
            self.notice(LANG === "en" ? data.detail || t("wrongRetry") : t("wrongRetry"), turn.attach, text);
          }
        });
        this.status("");
        if (!finished) throw new ApiError(-1, t("dropped"));
      } catch (error) {
        this.status("");
        if ([400, 409, 413, 422, 429].indexOf(error.status) >= 0) {
          turn.el.remove();
          this.notice(refusal(error, error.status === 429 ? t("slowDown") : null));
        } else if (error.status === 503) {
          // The server is busy (its queue was full): say so, with the button to send it again.
          turn.el.remove();
          this.notice(refusal(error, t("busy")), null, text);
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
        this.notice(t("unreachable"), null, text);
        return;
      }
      this.status(t("reconnecting"));
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
      this.notice(t("unreachable"), null, text);
    }

    // ------------------------------------------------------------ resumes
    chooseResume() {
      if (this.uploading) {
        this.announce(t("resumeOnItsWay"));
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
      if (this.uploading) this.announce(t("resumeOnItsWay"));
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
     * says t("resumeSent") through the normal send path so the assistant answers from it.
     */
    async uploadResume(file) {
      if (!file || this.uploading) return;
      var name = fileLabel(file.name);
      if (file.size > MAX_RESUME_BYTES) {
        this.notice(t("resumeTooLarge"));
        return;
      }
      this.setUploading(true);
      var follow = null;
      try {
        if (this.restoring) await this.restoring; // the history first, then the upload notice
        var box = h("div", { class: "notice info", role: "status", "aria-live": "polite" }, [
          t("uploading", { name: name }),
        ]);
        this.log.append(box);
        this.scrollDown();
        try {
          var accepted = await this.postResume(file, false);
          box.textContent = t("reading");
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
        throw new ApiError(0, t("resumeUnreachable"));
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
          if (error.status === 404) throw new ApiError(404, t("resumeLost"));
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
        box.textContent = t("resumeReceived", { name: name }) + note;
        return t("resumeSent");
      }
      if (result.status === "timeout") {
        box.textContent = t("resumeSlow");
        return null;
      }
      box.className = "notice";
      box.setAttribute("role", "alert");
      box.removeAttribute("aria-live"); // an alert is assertive
      box.textContent = result.message || t("resumeUnread");
      return null;
    }

    uploadFailed(error, file) {
      var self = this;
      var status = error && error.status;
      var retry = false;
      var text;
      if (status === 0) {
        text = t("resumeUnreachable");
        retry = true;
      } else if (status === 429) {
        text = refusal(error, t("uploadsWait", { seconds: error.retryAfter || 60 }));
      } else if (status === 413) {
        text = refusal(error, t("resumeTooLarge"));
      } else if (status === 400 || status === 422) {
        text = refusal(error, t("fileUnread"));
      } else if (status === 404) {
        text = refusal(error, t("chatGone"));
      } else {
        text = t("uploadFailed");
        retry = true;
      }
      var box = this.notice(text);
      if (retry) {
        box.append(
          " ",
          h("button", {
            class: "btn",
            type: "button",
            text: t("tryAgain"),
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
            text: t("tryAgain"),
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
        ? (total === 1 ? t("oneJobFound") : t("jobsFound", { count: total.toLocaleString("en-US") })) +
          (jobs.length < total ? t("showing", { from: from, to: from + jobs.length - 1 }) : "")
        : t("noJobs");
      var list = h("ul", { class: "cards", "aria-label": t("jobResults") });
      jobs.forEach(function (job) {
        list.append(h("li", null, [self.card(job)]));
      });
      into.append(h("div", { class: "results", "data-total": String(total) }, [h("p", { class: "results-head", text: head }), list]));
      this.setChips(data.filters || {});
    }

    card(job) {
      var self = this;
      var title = job.title || t("openPosition");
      var pay = [money(job.weekly_pay, t("week")), money(job.hourly_pay, t("hour"))].filter(Boolean).join(" · ");
      var when = [
        job.shift,
        job.start_date ? t("start", { date: prettyDate(job.start_date) }) : null,
        job.duration,
      ].filter(Boolean);
      var heading = h("h3", null, [title]);
      if (job.hot_job) heading.append(h("span", { class: "badge", text: t("hotJob") }));
      var posting = job.url ? safeLink(job.url, t("viewPosting")) : null;
      if (posting) posting.setAttribute("aria-label", t("viewPostingOf", { title: title }));
      return h("article", { class: "card", "data-job-id": job.id }, [
        heading,
        h("p", {
          text: [place(job.city, job.state), jobTypeLabel(job.job_type), job.specialty].filter(Boolean).join(" · "),
        }),
        pay ? h("p", { class: "pay", text: pay }) : null,
        when.length ? h("p", { text: when.join(" · ") }) : null,
        h("div", { class: "actions" }, [
          h("button", {
            class: "btn",
            type: "button",
            text: t("details"),
            "aria-label": t("detailsOf", { title: title }),
            onclick: function () {
              self.send(t("sayDetails", { title: title, id: job.id }));
            },
          }),
          h("button", {
            class: "btn primary",
            type: "button",
            text: t("apply"),
            "aria-label": t("applyTo", { title: title }),
            onclick: function () {
              self.lastApply = { id: job.id, title: title };
              self.send(t("sayApply", { title: title, id: job.id }));
            },
          }),
          posting,
        ]),
      ]);
    }

    setChips(filters) {
      var self = this;
      this.lastFilters = filters;
      var chips = filters ? filterChips(filters) : [];
      this.chips.replaceChildren();
      this.chips.hidden = !chips.length;
      if (!chips.length) return;
      this.chips.append(h("span", { class: "chips-label", text: t("yourSearch") }));
      chips.forEach(function (chip) {
        var item = h("span", { class: chip.clear ? "chip" : "chip fixed" }, [chip.label]);
        if (chip.clear) {
          item.append(
            h("button", {
              type: "button",
              "aria-label": t("removeFilter", { label: chip.label }),
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
      var name = where ? t("jobIn", { title: job.title || t("thisJob"), where: where }) : job.title || t("thisJob");
      if (action.type === "confirm_apply") {
        if (job.id) this.lastApply = { id: job.id, title: job.title || t("thisJob") };
        var buttons = [
          h("button", {
            class: "btn primary",
            type: "button",
            text: t("confirmApplication"),
            "data-once": "",
            onclick: function () {
              self.send(t("sayYes"));
            },
          }),
          h("button", {
            class: "btn",
            type: "button",
            text: t("cancel"),
            "data-once": "",
            onclick: function () {
              self.send(t("sayNo"));
            },
          }),
        ];
        into.append(
          h("div", { class: "notice info", role: "group", "aria-label": t("confirmApplication") }, [
            h("p", { text: t("submitFor", { job: name }) }),
            h("div", { class: "actions" }, buttons),
          ])
        );
      } else if (action.type === "confirm_withdraw") {
        // Asked once; the answer is the person's own words, read by the assistant.
        var what = t("jobIn", { title: action.title || t("thisJob"), where: place(action.city, action.state) });
        into.append(
          h("div", { class: "notice info", role: "group", "aria-label": t("withdrawQuestion", { job: what }) }, [
            h("p", { text: t("withdrawQuestion", { job: what }) }),
            h("div", { class: "actions" }, [
              h("button", {
                class: "btn primary",
                type: "button",
                text: t("withdrawYes"),
                "data-once": "",
                onclick: function () {
                  self.send(t("yes"));
                },
              }),
              h("button", {
                class: "btn",
                type: "button",
                text: t("withdrawNo"),
                "data-once": "",
                onclick: function () {
                  self.send(t("no"));
                },
              }),
            ]),
          ])
        );
      } else if (action.type === "application_withdrawn") {
        into.append(h("div", { class: "notice ok", role: "status" }, [t("withdrawn", { job: action.title || t("thisJob") })]));
      } else if (action.type === "applied") {
        into.append(
          h("div", { class: "notice ok", role: "status" }, [
            t(action.already_applied ? "alreadyApplied" : "submitted", { job: name }),
          ])
        );
      } else if (action.type === "verification_sent") {
        this.awaitingConfirmation = true;
        into.append(
          h("div", { class: "notice info", role: "status" }, [
            t("checkInbox", { email: action.email || t("yourEmail") }),
          ])
        );
      } else if (action.type === "application_held") {
        this.awaitingConfirmation = true;
        into.append(
          h("div", { class: "notice ok", role: "status" }, [
            action.email ? t("heldTo", { job: name, email: action.email }) : t("held", { job: name }),
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
        var yes = action.confirm_text || t("yes");
        var no = action.correct_text || action.cancel_text || t("no");
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
        var label = action.type === "confirm_resume" ? t("resumeRight") : t("deleteResume");
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
          intro: action.email ? t("loginToApply") : t("loginToContinue"),
          onDone: function (user) {
            self.loggedInFollowUp(action, sentText, user);
          },
        });
      }
    }

    showHandoff(name) {
      this.banner.textContent = name ? t("recruiterNamed", { name: name }) : t("recruiterAny");
      this.banner.hidden = false;
    }

    // ------------------------------------------------------------ recruiter replies
    recruiterMessage(author, text, messageId) {
      var bubble = h("div", { class: "msg recruiter" }, [
        h("strong", { text: (author || t("yourRecruiter")) + ": " }),
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
            self.notice(t("recruiterLeft")).className = "notice info";
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
      this.notice(who ? t("loggedInAs", { name: who }) : t("loggedIn")).className = "notice ok";
      if (action.email) {
        var job = this.lastApply;
        this.send(
          job ? t("sayLoggedInApply", { title: job.title, id: job.id }) : t("sayLoggedIn")
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
      this.accountButton.textContent = this.user ? t("logOut") : t("logIn");
      this.accountButton.setAttribute(
        "aria-label",
        this.user ? t("logOutAs", { email: this.user.email || "" }) : t("logIn")
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
      this.announce(t("loggedOut"));
    }

    showLogin() {
      var self = this;
      this.pane.append(h("h3", { text: t("logIn") }));
      this.authForm(this.pane, {
        intro: t("loginIntro"),
        onDone: function () {
          self.show("chat");
          self.announce(t("loggedIn"));
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
      var first = field("first_name", t("firstName"), "text", "given-name");
      var last = field("last_name", t("lastName"), "text", "family-name");
      var email = field("email", t("email"), "email", "email", options.email);
      var password = field("password", t("password"), "password", "current-password");
      var error = h("p", { class: "err", role: "alert" });
      var submit = h("button", { class: "btn primary", type: "submit", text: t("logIn") });
      var intro = h("p", { text: options.intro || "" });
      var toggle = h("button", { class: "linkbtn", type: "button", text: t("newHere") });
      var forgot = h("a", {
        class: "linkbtn",
        href: API + "/account/password",
        target: "_blank",
        rel: "noopener",
        text: t("forgot"),
      });
      var form = h("form", { class: "auth", "aria-label": t("logIn"), novalidate: true }, [
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
        submit.textContent = signup ? t("createAccount") : t("logIn");
        forgot.hidden = signup;
        toggle.textContent = signup ? t("haveAccount") : t("newHere");
        form.setAttribute("aria-label", signup ? t("createAnAccount") : t("logIn"));
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
            form.setAttribute("aria-label", t("checkInboxTitle"));
            form.replaceChildren(
              sent,
              h("p", { text: t("noMail") })
            );
            sent.focus();
            self.scrollDown();
            return;
          }
          self.setUser(result.user);
          form.replaceChildren(h("p", { text: t("loggedInEmail", { email: result.user.email }) }));
          options.onDone(result.user);
        } catch (failure) {
          error.textContent = refusal(failure, null) || t("unreachable");
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
      this.pane.replaceChildren(h("h3", { text: title }), h("p", { text: t("loading") }));
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
            intro: t("loginToSee"),
            onDone: function () {
              self.mine(path, title, empty, render);
            },
          });
        } else this.pane.append(h("p", { class: "err", text: refusal(error, null) || t("unreachable") }));
      }
      this.pane.focus();
    }

    showApplications() {
      this.mine("/api/me/applications", t("tabApplications"), t("noApplications"), function (data) {
        return (data.applications || []).map(function (a) {
          var link = safeLink(a.job_url, a.job_title);
          return h("div", { class: "item", "data-job-id": a.job_id }, [
            h("strong", null, [link || a.job_title]),
            h("p", { text: place(a.city, a.state) }),
            h("p", null, [h("span", { class: "state", text: (LANG === "es" && STATUSES_ES[a.status]) || a.status }), t("appliedOn", { date: prettyDate(a.applied_at) })]),
          ]);
        });
      });
    }

    showReferrals() {
      this.mine("/api/me/referrals", t("tabReferrals"), t("noReferrals"), function (data) {
        return (data.referrals || []).map(function (r) {
          var rewards = (r.rewards || [])
            .map(function (w) {
              return money(w.amount, "").replace(/\/$/, "") + " " + w.status;
            })
            .join(", ");
          return h("div", { class: "item" }, [
            h("strong", { text: r.referred_email || t("invitation", { code: r.referral_code }) }),
            h("p", null, [h("span", { class: "state", text: r.status }), t("code", { code: r.referral_code })]),
            rewards ? h("p", { text: t("rewards", { list: rewards }) }) : null,
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
