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
    body.console header, body.console main, body.console footer { max-width: 72rem; }
    body.console header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.2rem; }
    nav a { margin-right: 0.9rem; color: var(--ink); text-decoration: none; font-weight: normal; }
    nav a[aria-current=page] { font-weight: bold; border-bottom: 2px solid var(--ink); }
    form.signout { margin-left: auto; align-items: center; font-size: 0.9rem; color: var(--muted); }
    form.signout button { padding: 0.2rem 0.6rem; }
    form.stacked { flex-direction: column; align-items: stretch; max-width: 26rem; }
    form.stacked label, form.filters label { display: flex; flex-direction: column; font-size: 0.9rem; color: var(--muted); gap: 0.15rem; }
    form.stacked label.check { flex-direction: row; align-items: center; gap: 0.4rem; color: var(--ink); }
    form.filters { align-items: flex-end; margin: 0.5rem 0 1rem; }
    form.filters input[type=text] { flex: 0 1 12rem; }
    input[type=password], input[type=date], select { font: inherit; padding: 0.35rem; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
    button.danger { background: var(--failed); }
    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.4rem 0; display: block; overflow-x: auto; }
    th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--shade); vertical-align: top; overflow-wrap: break-word; }
    button { white-space: nowrap; }
    td .mono, td.mono { word-break: break-all; }
    code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
    p.caution { color: var(--caution); }
    th { color: var(--muted); font-weight: normal; border-bottom: 1px solid var(--rule); }
    td.passed, span.passed { color: var(--passed); } td.failed, span.failed, a.failed { color: var(--failed); font-weight: bold; }
    td.caution, span.caution { color: var(--caution); }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.8rem; }
    .tile { border: 1px solid var(--rule); border-radius: 4px; padding: 0.2rem 0.8rem 0.6rem; }
    .tile.failed { border-color: var(--failed); } .tile h2 { border: 0; margin-top: 0.4rem; }
    .big { font-size: 1.6rem; margin: 0.2rem 0; }
    ul.counts { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; }
    li.passed { color: var(--passed); } li.failed { color: var(--failed); } li.caution { color: var(--caution); }
    figure.chart { margin: 1.2rem 0; } figure.chart figcaption { font-weight: bold; margin-bottom: 0.3rem; }
    figure.chart svg { width: 100%; height: auto; max-height: 18rem; }
    svg line.grid { stroke: var(--rule); stroke-width: 1; } svg text { font-size: 11px; fill: var(--muted); }
    ul.legend { list-style: none; padding: 0; margin: 0.2rem 0; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; font-size: 0.85rem; }
    .swatch { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -0.05rem; }
    .chart-passed { fill: #1b7f3b; background: #1b7f3b; } .chart-failed { fill: #b3261e; background: #b3261e; } .chart-other { fill: #a35c00; background: #a35c00; }
    .route-reuse { fill: #1b5e20; background: #1b5e20; } .route-resale { fill: #2e7d32; background: #2e7d32; } .route-donation { fill: #66bb6a; background: #66bb6a; }
    .route-preparation-for-reuse { fill: #26a69a; background: #26a69a; } .route-recycling { fill: #1565c0; background: #1565c0; }
    .route-other-recovery { fill: #5c6bc0; background: #5c6bc0; } .route-incineration { fill: #ef6c00; background: #ef6c00; }
    .route-landfill { fill: #6d4c41; background: #6d4c41; } .route-other-disposal { fill: #757575; background: #757575; }
    ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--rule); }
    ol.timeline li { padding: 0.25rem 0 0.25rem 0.8rem; overflow-wrap: anywhere; }
    ol.timeline li.passed { border-left: 3px solid var(--passed); margin-left: -3px; } ol.timeline li.failed { border-left: 3px solid var(--failed); margin-left: -3px; }
    ol.timeline li.caution { border-left: 3px solid var(--caution); margin-left: -3px; }
    .when { color: var(--muted); font-size: 0.85rem; margin-right: 0.4rem; }
    nav.pages { margin: 0.6rem 0; }
    """
}
