"""The editors' desk HTML: the queue, a page's review view, the sign-in and "not for you" pages.

Server-rendered shells only; :file:`editor.js` fills them from ``/api/editor/`` (which
checks the login and the role on every call). Every value printed goes through
:func:`esc`; the pages keep the site's strict CSP (``script-src 'self'``, no inline
script or handler) and carry no chat widget.
"""

from __future__ import annotations

from assistant.web.format import esc
from assistant.web.templates import COMPANY, SITE_CSS

CONTENT_TYPES = (
    ("city_guide", "City guide"),
    ("specialty_page", "Specialty page"),
    ("city_specialty_page", "City × specialty page"),
    ("blog_post", "Blog post"),
    ("job_description", "Job description"),
    ("faq_article", "FAQ article"),
)
STATUSES = (
    ("draft", "Waiting for review"),
    ("changes_requested", "Changes requested"),
    ("reviewed", "Approved, scheduled"),
    ("published", "Published"),
    ("rejected", "Rejected"),
    ("unpublished", "Unpublished"),
    ("superseded", "Superseded"),
)
AGES = (("", "Any age"), ("1", "Waiting 1 day or more"), ("3", "3 days or more"),
        ("7", "A week or more"), ("30", "30 days or more"))  # fmt: skip

EDITOR_CSS = """
body.desk{background:var(--bg)}
body.desk [hidden]{display:none!important}
.desk-top{background:#0f172a;color:#e2e8f0}
.desk-top .wrap{display:flex;align-items:center;justify-content:space-between;gap:12px;
min-height:56px;flex-wrap:wrap}
.desk-top .logo{color:#fff}.desk-top .who{font-size:.92rem}
.desk-top button{background:transparent;border:1px solid #64748b;color:#e2e8f0;border-radius:6px;
padding:6px 12px;font:inherit;cursor:pointer;margin-left:10px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px;margin:18px 0}
.desk-message:not(:empty){margin:12px 0;padding:10px 12px;border-radius:8px;
background:#fef2f2;border:1px solid #fca5a5;color:#7f1d1d}
.desk-notice:not(:empty){margin:12px 0;padding:10px 12px;border-radius:8px;
background:#ecfdf5;border:1px solid #6ee7b7;color:#065f46}
.queue-filters{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-end}
.queue-filters label{display:flex;flex-direction:column;font-weight:600;font-size:.88rem;gap:4px}
select,input,textarea{padding:8px;border:1px solid #9aa5b1;border-radius:6px;font:inherit;
color:var(--ink);background:#fff}
table.queue{border-collapse:collapse;width:100%;font-size:.94rem}
table.queue th,table.queue td{border-bottom:1px solid var(--line);padding:8px;text-align:left;
vertical-align:top}
.pill{display:inline-block;font-size:.78rem;font-weight:700;border-radius:999px;padding:2px 9px;
background:#e0ecf6;color:var(--brand-dark)}
.pill.error{background:#fee2e2;color:#991b1b}.pill.ok{background:#dcfce7;color:#166534}
.pill.warning{background:#fef3c7;color:#92400e}
.pager{display:flex;gap:10px;align-items:center;margin-top:12px}
.review{display:grid;grid-template-columns:1fr 330px;gap:20px;align-items:start}
.tabs{display:flex;gap:4px;border-bottom:1px solid var(--line);flex-wrap:wrap}
.tabs [role=tab]{background:transparent;border:1px solid transparent;border-bottom:0;
padding:9px 14px;font:inherit;font-weight:600;cursor:pointer;border-radius:8px 8px 0 0;
color:var(--muted)}
.tabs [role=tab][aria-selected=true]{background:#fff;border-color:var(--line);color:var(--ink);
margin-bottom:-1px}
.panel{background:#fff;border:1px solid var(--line);border-top:0;border-radius:0 0 10px 10px;
padding:18px;min-height:360px}.panel[hidden]{display:none}
.rendered{max-width:760px}.rendered mark{background:#fde68a;padding:0 2px}
.seo dt{font-weight:700;font-size:.85rem;color:var(--muted)}.seo dd{margin:0 0 8px}
.flags{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}
.flags li{border:1px solid var(--line);border-left:5px solid #f59e0b;border-radius:6px;
padding:10px 12px}
.flags li.error{border-left-color:#dc2626}.flags li.overridden{opacity:.75}
.flags blockquote{margin:6px 0 0;padding:6px 10px;background:var(--bg);border-radius:4px}
.snapshot table{border-collapse:collapse;font-size:.88rem;width:100%}
.snapshot th,.snapshot td{border:1px solid var(--line);padding:4px 6px;text-align:left}
.snapshot dt{font-weight:700}.snapshot dd{margin:0 0 6px}
.diff-text{line-height:1.7;max-width:760px}
.diff-text ins{background:#dcfce7;text-decoration:underline}
.diff-text del{background:#fee2e2;text-decoration:line-through}
.actions .field{margin:0 0 12px}.actions textarea{width:100%;min-height:70px}
.actions .btn{margin:4px 0}.actions .btn[disabled]{opacity:.5;cursor:not-allowed}
.actions .why{font-size:.9rem;color:#92400e;background:#fef3c7;padding:8px;border-radius:6px}
.edit-form{display:flex;flex-direction:column;gap:12px}
.edit-form textarea{min-height:360px;font-family:ui-monospace,monospace;font-size:.9rem}
.edit-form .row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.edit-form label{display:flex;flex-direction:column;font-weight:600;gap:4px}
.history{list-style:none;margin:0;padding:0}
.history li{padding:8px 0;border-bottom:1px solid var(--line)}
.chip{background:#e0ecf6;color:var(--brand-dark);border:0;border-radius:999px;padding:4px 10px;
font:inherit;font-size:.85rem;cursor:pointer;margin-top:6px}
.muted{color:var(--muted)}
@media (max-width:900px){.review{grid-template-columns:1fr}}
"""


def _document(title: str, body: str, *, body_class: str = "desk") -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{esc(title)} | {esc(COMPANY)}</title>
<style>{SITE_CSS}{EDITOR_CSS}</style>
<script src="/editor.js" defer></script>
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
    return f"""<header class="desk-top"><div class="wrap">
<a class="logo" href="/editor">Editors' desk</a>{signed_in}
</div></header>"""


def _options(choices: tuple[tuple[str, str], ...], anything: str) -> str:
    first = f'<option value="">{esc(anything)}</option>' if anything else ""
    return first + "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in choices)


def queue(*, who: str) -> str:
    """The review queue: filters, the table of versions, pages of 50."""
    body = f"""{_top(who)}
<main id="main" class="wrap" data-desk="queue">
<h1>Review queue</h1>
<p><a class="btn secondary" href="/editor/faq/new">Write an FAQ article</a></p>
<div id="desk-message" class="desk-message" role="alert"></div>
<form id="queue-filters" class="queue-filters card" aria-label="Filter the queue">
<label for="filter-type">Type<select id="filter-type" name="type">
{_options(CONTENT_TYPES, "Any type")}</select></label>
<label for="filter-status">Status<select id="filter-status" name="status">
{_options(STATUSES, "Any status")}</select></label>
<label for="filter-flagged">Gate flags<select id="filter-flagged" name="flagged">
<option value="">Any</option><option value="true">With unresolved errors</option>
<option value="false">No unresolved errors</option></select></label>
<label for="filter-age">Age<select id="filter-age" name="older_than_days">
{_options(AGES[1:], AGES[0][1])}</select></label>
<button class="btn secondary" type="submit">Show</button>
</form>
<section class="card" aria-labelledby="queue-title">
<h2 id="queue-title" class="skip">Pages</h2>
<p id="queue-count" class="muted" aria-live="polite"></p>
<table class="queue"><thead><tr><th scope="col">Page</th><th scope="col">Type</th>
<th scope="col">Version</th><th scope="col">Status</th><th scope="col">Gate</th>
<th scope="col">Updated</th></tr></thead><tbody id="queue-rows"></tbody></table>
<div class="pager"><button type="button" class="btn secondary" id="queue-prev">Previous</button>
<button type="button" class="btn secondary" id="queue-next">Next</button></div>
</section>
</main>"""
    return _document("Review queue", body)


def review(*, who: str, content_type: str, reference_id: str) -> str:
    """One page under review: tabs (page, flags, snapshot, compare, edit, history) and the
    reviewer's actions beside them."""
    tabs = (
        ("page", "Page"),
        ("flags", "Gate flags"),
        ("snapshot", "Snapshot"),
        ("compare", "Compare"),
        ("edit", "Edit"),
        ("history", "History"),
    )
    # The first tab is open; the others wait (tabindex -1: arrow keys move between tabs).
    tab_buttons = "".join(
        f'<button role="tab" id="tab-{name}" aria-controls="panel-{name}"'
        f"{_OPEN_TAB if i == 0 else _CLOSED_TAB}>{esc(label)}</button>"
        for i, (name, label) in enumerate(tabs)
    )
    panels = "".join(
        f'<section class="panel" id="panel-{name}" role="tabpanel" aria-labelledby="tab-{name}"'
        f"{'' if i == 0 else ' hidden'}>{_PANELS[name]}</section>"
        for i, (name, _) in enumerate(tabs)
    )
    body = f"""{_top(who)}
<main id="main" class="wrap" data-desk="review" data-content-type="{esc(content_type)}"
data-reference-id="{esc(reference_id)}">
<p class="crumbs"><a href="/editor">Review queue</a></p>
<h1 id="page-title">Loading…</h1>
<p id="page-meta" class="muted"></p>
<div id="desk-message" class="desk-message" role="alert"></div>
<div id="desk-notice" class="desk-notice" role="status"></div>
<div class="review">
<div>
<label for="version-pick">Version shown</label>
<select id="version-pick"></select>
<div class="tabs" role="tablist" aria-label="Review">{tab_buttons}</div>
{panels}
</div>
<aside class="card actions" aria-labelledby="actions-title">{_ACTIONS}</aside>
</div>
</main>"""
    return _document("Review a page", body)


_OPEN_TAB = ' aria-selected="true"'
_CLOSED_TAB = ' aria-selected="false" tabindex="-1"'

_PANELS = {
    "page": """<dl id="seo-fields" class="seo"></dl>
<article id="rendered" class="rendered"
aria-label="The page as it would be published"></article>""",
    "flags": """<p id="gate-summary"></p><ol id="flag-list" class="flags"></ol>
<h3>Scores</h3><dl id="gate-scores" class="seo"></dl>""",
    "snapshot": """<p class="muted">The facts this version was written from.</p>
<div id="snapshot" class="snapshot"></div>""",
    "compare": """<form id="compare-form" class="queue-filters">
<label for="compare-a">From version<select id="compare-a"></select></label>
<label for="compare-b">To version<select id="compare-b"></select></label>
<button class="btn secondary" type="submit">Compare</button></form>
<div id="compare-result" aria-live="polite"></div>""",
    "edit": """<form id="edit-form" class="edit-form">
<p class="muted" id="edit-hint"></p>
<div class="row">
<label for="edit-title">Title<input id="edit-title" name="title" maxlength="400" required></label>
<label for="edit-slug">Slug<input id="edit-slug" name="slug" maxlength="400" required></label>
<label for="edit-seo-title">SEO title<input id="edit-seo-title" name="seo_title"
maxlength="400"></label>
<label for="edit-seo-keywords">SEO keywords<input id="edit-seo-keywords" name="seo_keywords"
maxlength="400"></label>
</div>
<label for="edit-seo-description">SEO description<textarea id="edit-seo-description"
name="seo_description" maxlength="400" rows="2"></textarea></label>
<label for="edit-excerpt">Excerpt<textarea id="edit-excerpt" name="excerpt" maxlength="1200"
rows="2"></textarea></label>
<label for="edit-markdown">Text (Markdown)<textarea id="edit-markdown" name="markdown"
maxlength="60000" required></textarea></label>
<button class="btn secondary" type="submit">Save as a new version</button>
</form>""",
    "history": """<ol id="history-list" class="history" aria-label="Who did what"></ol>""",
}

_ACTIONS = """<h2 id="actions-title">Review</h2>
<p id="review-state" class="muted"></p>
<form id="approve-form">
<p id="approve-why" class="why" hidden></p>
<div class="field" id="override-field" hidden><label for="override-note">Override note (why it may
go out despite the flags)</label><textarea id="override-note" maxlength="2000"></textarea></div>
<div class="field"><label for="publish-at">Publish at (leave empty: now)</label>
<input id="publish-at" type="datetime-local"></div>
<button class="btn" type="submit" id="approve-button"
aria-describedby="approve-why">Approve and publish</button>
</form>
<form id="note-form">
<div class="field"><label for="review-note">Note to the writer (required to request changes or
reject)</label><textarea id="review-note" maxlength="2000"></textarea></div>
<button class="btn secondary" type="button" id="request-changes-button">Request changes</button>
<button class="btn secondary" type="button" id="reject-button">Reject</button>
</form>
<form id="unpublish-form" hidden>
<div class="field"><label for="unpublish-note">Why take it down (optional)</label>
<textarea id="unpublish-note" maxlength="2000"></textarea></div>
<button class="btn secondary" type="submit" id="unpublish-button">Unpublish</button>
</form>
<p id="public-link" hidden></p>"""


def new_faq(*, who: str) -> str:
    """The form of a new FAQ article: written by an editor, never drafted by a model."""
    body = f"""{_top(who)}
<main id="main" class="wrap" data-desk="new-faq">
<p class="crumbs"><a href="/editor">Review queue</a></p>
<h1>Write an FAQ article</h1>
<p class="muted">FAQ articles state our policies, so only editors write them. Start with a
short introduction, then one <code>## Question?</code> heading per question with its
answer below it: each answer becomes a passage the chat assistant can quote and link.
Saving makes version 1, waiting for review like any page.</p>
<div id="desk-message" class="desk-message" role="alert"></div>
<form id="new-faq-form" class="edit-form card" novalidate>
<div class="row">
<label for="faq-title">Title<input id="faq-title" name="title" maxlength="400" required></label>
<label for="faq-language">Language<select id="faq-language" name="language" required>
<option value="en">English</option><option value="es">Spanish (español)</option></select></label>
<label for="faq-key">Article key (shared by its translations, e.g. pay-packages)<input
id="faq-key" name="article_key" maxlength="120" required pattern="[a-z0-9]+(-[a-z0-9]+)*"></label>
<label for="faq-slug">Slug (empty: from the title)<input id="faq-slug" name="slug"
maxlength="255"></label>
<label for="faq-seo-title">SEO title<input id="faq-seo-title" name="seo_title"
maxlength="255"></label>
<label for="faq-seo-keywords">SEO keywords<input id="faq-seo-keywords" name="seo_keywords"
maxlength="400"></label>
</div>
<label for="faq-seo-description">SEO description<textarea id="faq-seo-description"
name="seo_description" maxlength="400" rows="2"></textarea></label>
<label for="faq-excerpt">Summary<textarea id="faq-excerpt" name="excerpt" maxlength="1200"
rows="2"></textarea></label>
<label for="faq-markdown">Text (Markdown)<textarea id="faq-markdown" name="markdown"
maxlength="60000" required></textarea></label>
<button class="btn" type="submit">Save for review</button>
</form>
</main>"""
    return _document("Write an FAQ article", body)


def sign_in() -> str:
    body = f"""{_top()}
<main id="main" class="wrap">
<section class="account" data-sign-in aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Sign in to the editors' desk</h1>
<div id="desk-message" class="account-message" role="alert"></div>
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
    return _document("Sign in", body, body_class="desk sign-in")


def not_for_you() -> str:
    body = f"""{_top()}
<main id="main" class="wrap">
<section class="account" aria-labelledby="denied-title">
<h1 id="denied-title">This page is for content editors</h1>
<p>Your account cannot open the editors' desk. Sign in with a content editor or admin
account to use it.</p>
<button class="btn" type="button" id="sign-out">Sign out</button>
</section>
</main>"""
    return _document("Editors only", body, body_class="desk denied")


def not_found() -> str:
    body = f"""{_top()}
<main id="main" class="wrap">
<section class="account" aria-labelledby="missing-title">
<h1 id="missing-title">No such page on the desk</h1>
<p><a href="/editor">Back to the review queue</a></p>
</section>
</main>"""
    return _document("Not found", body)
