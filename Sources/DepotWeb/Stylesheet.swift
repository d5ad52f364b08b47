/// The depot's one stylesheet, served from the binary (`/static/expunge.css`; no CDN, no web
/// fonts). Narrow screens first: the verification page is opened from a phone camera.
public enum Stylesheet {
    public static let path = "/static/expunge.css"

    public static let css = """
    :root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --passed: #1b7f3b; --failed: #b3261e; --caution: #a35c00; --shade: #f4f4f6; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: #fff; }
    header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0.75rem 1rem; }
    header { border-bottom: 1px solid var(--rule); }
    header a { color: var(--ink); font-weight: bold; text-decoration: none; }
    footer { color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--rule); margin-top: 2rem; }
    h1 { font-size: 1.3rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
    h2 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
    .banner { color: #fff; padding: 0.7rem 0.9rem; border-radius: 4px; margin: 0.6rem 0; }
    .banner p { margin: 0.2rem 0 0; }
    .banner.passed { background: var(--passed); } .banner.failed { background: var(--failed); }
    .banner.caution { background: var(--caution); } .banner.neutral { background: var(--muted); }
    ul.checks { list-style: none; padding: 0; margin: 0; }
    ul.checks li { padding: 0.3rem 0; border-bottom: 1px solid var(--shade); overflow-wrap: anywhere; }
    .mark { display: inline-block; width: 1.4rem; font-weight: bold; }
    li.passed .mark, dd.passed { color: var(--passed); } li.failed .mark, dd.failed { color: var(--failed); }
    li.caution .mark, dd.caution { color: var(--caution); }
    dd.passed, dd.failed, dd.caution { font-weight: bold; }
    dl { display: grid; grid-template-columns: minmax(7rem, 30%) 1fr; gap: 0.25rem 0.8rem; margin: 0; }
    dt { color: var(--muted); }
    dd { margin: 0; white-space: pre-line; overflow-wrap: anywhere; }
    .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; }
    .note { color: var(--muted); font-size: 0.9rem; }
    form { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    form.upload { flex-direction: column; align-items: flex-start; }
    input[type=text] { flex: 1 1 14rem; font: inherit; padding: 0.4rem; border: 1px solid var(--rule); border-radius: 4px; }
    button { font: inherit; padding: 0.4rem 0.9rem; border: 0; border-radius: 4px; background: var(--ink); color: #fff; }
    @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dt { margin-top: 0.4rem; } }
    """
}
