"""The recruiter console's HTML: the console shell, its sign-in page and the "not for you" page.

Server-rendered shells only; :file:`recruiter.js` fills them by calling the API (the copilot,
the handoff inbox, share links). Every value printed goes through :func:`esc`; the pages
keep the site's strict CSP (``script-src 'self'``, no inline script or handler) and do
not embed the candidates' chat widget.
"""

from __future__ import annotations

from assistant.web.format import esc
from assistant.web.templates import COMPANY, SITE_CSS

CONSOLE_CSS = """
body.console{background:var(--bg)}
.console-top{background:#0f172a;color:#e2e8f0}
.console-top .wrap{display:flex;align-items:center;justify-content:space-between;gap:12px;
min-height:56px;flex-wrap:wrap}
.console-top .logo{color:#fff}.console-top .who{font-size:.92rem}
.console-top button{background:transparent;border:1px solid #64748b;color:#e2e8f0;border-radius:6px;
padding:6px 12px;font:inherit;cursor:pointer;margin-left:10px}
.tabs{display:flex;gap:4px;margin:18px 0 0;border-bottom:1px solid var(--line)}
.tabs [role=tab]{background:transparent;border:1px solid transparent;border-bottom:0;
padding:10px 16px;font:inherit;font-weight:600;cursor:pointer;border-radius:8px 8px 0 0;
color:var(--muted)}
.tabs [role=tab][aria-selected=true]{background:#fff;border-color:var(--line);color:var(--ink);
margin-bottom:-1px}
.panel{background:#fff;border:1px solid var(--line);border-top:0;border-radius:0 0 10px 10px;
padding:18px;min-height:420px;margin-bottom:40px}.panel[hidden]{display:none}
.ask-log{list-style:none;margin:0 0 14px;padding:0;display:flex;flex-direction:column;gap:14px;
max-height:62vh;overflow:auto}
.ask-log .q{align-self:flex-end;background:var(--brand);color:#fff;border-radius:12px 12px 2px 12px;
padding:8px 12px;max-width:80%}
.ask-log .a{align-self:stretch;border:1px solid var(--line);border-radius:10px;padding:12px 14px;
background:#fff}
.a .sentence{margin:0 0 8px;font-size:1.05rem}
.a .sentence.uncertain{color:#92400e}
.a .notice{font-size:.9rem;border-radius:6px;padding:6px 10px;margin:0 0 8px;background:#fef3c7}
.a table{border-collapse:collapse;font-size:.9rem;margin:6px 0;max-width:100%;display:block;
overflow:auto}
.a th,.a td{border:1px solid var(--line);padding:4px 8px;text-align:left;white-space:nowrap}
.a th{background:var(--bg)}
.a .chart{margin:8px 0}.a .chart svg{max-width:100%;height:auto}
.a .how{font-size:.88rem;color:var(--muted);margin:6px 0 0}
.a details{font-size:.85rem;margin-top:4px}.a pre{white-space:pre-wrap;background:var(--bg);
padding:8px;border-radius:6px;margin:4px 0 0}
.a .choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.chip{background:#e0ecf6;color:var(--brand-dark);border:0;border-radius:999px;padding:6px 12px;
font:inherit;font-size:.9rem;cursor:pointer}
.ask-form{display:flex;gap:8px}.ask-form input{flex:1;padding:10px;border:1px solid #9aa5b1;
border-radius:6px;font:inherit}
.examples{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 12px}
.console-message:not(:empty){margin:0 0 12px;padding:10px 12px;border-radius:8px;
background:#fef2f2;border:1px solid #fca5a5;color:#7f1d1d}
.split{display:grid;grid-template-columns:320px 1fr;gap:16px}
.inbox-list{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:8px;
max-height:60vh;overflow:auto}
.inbox-list li{border-bottom:1px solid var(--line)}.inbox-list li:last-child{border:0}
.inbox-list button{all:unset;display:block;width:100%;box-sizing:border-box;padding:10px 12px;
cursor:pointer}
.inbox-list button[aria-current=true]{background:#e0ecf6}
.inbox-list .meta{font-size:.85rem}
.transcript{list-style:none;margin:0 0 12px;padding:0;display:flex;flex-direction:column;gap:8px;
max-height:46vh;overflow:auto}
.transcript li{padding:8px 10px;border-radius:8px;background:var(--bg);max-width:85%}
.transcript li.user{align-self:flex-start}
.transcript li.recruiter{align-self:flex-end;background:#dcfce7}
.transcript .who{display:block;font-size:.78rem;font-weight:700;color:var(--muted)}
.inline-form{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}
.inline-form input,.inline-form select,.inline-form textarea{padding:8px;border:1px solid #9aa5b1;
border-radius:6px;font:inherit}
.inline-form textarea{flex:1;min-height:60px}
.shares{border-collapse:collapse;width:100%;font-size:.92rem;margin-top:12px}
.shares th,.shares td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left}
.muted{color:var(--muted)}
@media (max-width:760px){.split{grid-template-columns:1fr}}
"""

EXAMPLES = (
    "How many applications did I get this month?",
    "Placements by month this year",
    "Who on my desk has a license expiring in the next 30 days?",
    "Hot jobs without applicants",
    "Share link conversion",
)


def _document(title: str, body: str, *, body_class: str = "console") -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{esc(title)} | {esc(COMPANY)}</title>
<style>{SITE_CSS}{CONSOLE_CSS}</style>
<script src="/recruiter.js" defer></script>
</head>
<body class="{esc(body_class)}">
<a class="skip" href="#main">Skip to content</a>
{body}
</body>
</html>"""


def _top(who: str = "") -> str:
    signed_in = (
        f'<span class="who">{esc(who)}<button type="button" id="sign-out">Sign out</button></span>'
        if who
        else ""
    )
    return f"""<header class="console-top"><div class="wrap">
<a class="logo" href="/recruiter">Recruiter console</a>{signed_in}
</div></header>"""


def console(*, name: str, email: str, is_admin: bool) -> str:
    """The console of a signed-in recruiter or admin: tabs Ask | Inbox | Share links."""
    who = f"{name or email}{' (admin)' if is_admin else ''}"
    examples = "".join(
        f'<button type="button" class="chip" data-example="{esc(q)}">{esc(q)}</button>'
        for q in EXAMPLES
    )
    body = f"""{_top(who)}
<main id="main" class="wrap" data-console data-admin="{"1" if is_admin else "0"}">
<div id="console-message" class="console-message" role="alert"></div>
<div class="tabs" role="tablist" aria-label="Console">
<button role="tab" id="tab-ask" aria-controls="panel-ask" aria-selected="true">Ask</button>
<button role="tab" id="tab-inbox" aria-controls="panel-inbox" aria-selected="false"
tabindex="-1">Inbox</button>
<button role="tab" id="tab-shares" aria-controls="panel-shares" aria-selected="false"
tabindex="-1">Share links</button>
</div>
<section class="panel" id="panel-ask" role="tabpanel" aria-labelledby="tab-ask">
<div class="examples" aria-label="Example questions">{examples}</div>
<ol id="ask-log" class="ask-log" aria-live="polite" aria-label="Answers"></ol>
<form id="ask-form" class="ask-form" autocomplete="off">
<label class="skip" for="ask-input">Your question</label>
<input id="ask-input" name="question" maxlength="500" required
placeholder="Ask about your pipeline, e.g. applications by status this month">
<button class="btn secondary" type="submit">Ask</button>
<button class="btn" type="button" id="ask-new" title="Start a new conversation">New</button>
</form>
</section>
<section class="panel" id="panel-inbox" role="tabpanel" aria-labelledby="tab-inbox" hidden>
<div class="inline-form"><label for="inbox-status">Show</label>
<select id="inbox-status"><option value="open">Open</option><option value="closed">Closed</option>
</select><button type="button" class="btn secondary" id="inbox-refresh">Refresh</button></div>
<div class="split">
<ul id="inbox-list" class="inbox-list" aria-label="Handoffs"></ul>
<div id="inbox-detail" aria-live="polite"><p class="muted">Choose a conversation.</p></div>
</div>
</section>
<section class="panel" id="panel-shares" role="tabpanel" aria-labelledby="tab-shares" hidden>
<form id="share-form" class="inline-form">
<label for="share-job">Job (id or job page link)</label>
<input id="share-job" name="job" size="50" required>
<button class="btn secondary" type="submit">Create share link</button>
</form>
<p id="share-created" aria-live="polite"></p>
<table class="shares"><thead><tr><th>Job</th><th>Link</th><th>Views</th><th>Applications</th>
<th>Placements</th><th>Created</th></tr></thead><tbody id="share-rows"></tbody></table>
</section>
</main>"""
    return _document("Recruiter console", body)


def sign_in() -> str:
    body = f"""{_top()}
<main id="main" class="wrap">
<section class="account" data-sign-in aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Sign in to the recruiter console</h1>
<div id="console-message" class="account-message" role="alert"></div>
<noscript><p>This page needs JavaScript to work.</p></noscript>
<form id="sign-in-form" class="account-form" novalidate>
<div class="field"><label for="sign-in-email">Email</label>
<input id="sign-in-email" name="email" type="email" autocomplete="username" required
maxlength="320"></div>
<div class="field"><label for="sign-in-password">Password</label>
<input id="sign-in-password" name="password" type="password" autocomplete="current-password"
required maxlength="256"></div>
<button class="btn" type="submit">Sign in</button>
<p class="hint"><a href="/account/password">Forgot your password?</a></p>
</form>
</section>
</main>"""
    return _document("Sign in", body, body_class="console sign-in")


def not_for_you() -> str:
    body = f"""{_top()}
<main id="main" class="wrap">
<section class="account" aria-labelledby="denied-title">
<h1 id="denied-title">This page is for recruiters</h1>
<p>Your account cannot open the recruiter console. Sign in with a recruiter or admin
account to use it.</p>
<button class="btn" type="button" id="sign-out">Sign out</button>
</section>
</main>"""
    return _document("Recruiters only", body, body_class="console denied")
