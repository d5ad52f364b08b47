/// The signed-in console's Mustache templates, one per page, each filling `WebTemplates.layout`
/// (which shows the navigation when `signedIn`), and the `chart` partial. As in `WebTemplates`,
/// every `{{value}}` is HTML-escaped and there are no triple mustaches; charts are SVG whose
/// coordinates are numbers computed by `BarChart`.
enum ConsoleTemplates {
    static let chart = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    <figure class="chart">
    <figcaption>{{title}} ({{unit}})</figcaption>
    {{#empty}}<p class="note">Nothing in this period.</p>{{/empty}}
    {{^empty}}
    <svg viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{summary}}">
    {{#ticks}}<line class="grid" x1="{{x1}}" x2="{{x2}}" y1="{{y}}" y2="{{y}}"></line><text class="tick" x="{{tx}}" y="{{ty}}" text-anchor="end">{{text}}</text>
    {{/ticks}}{{#bars}}<rect class="{{tone}}" x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}"><title>{{tip}}</title></rect>
    {{/bars}}{{#labels}}<text class="label" x="{{x}}" y="{{y}}" text-anchor="middle">{{text}}</text>
    {{/labels}}</svg>
    <ul class="legend">{{#legend}}<li><span class="swatch {{tone}}"></span>{{label}}</li>{{/legend}}</ul>
    {{/empty}}
    </figure>

    """

    static let signIn = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Sign in</h1>
    <form class="stacked" method="post" action="/signin">
    <input type="hidden" name="csrf" value="{{signInToken}}">
    <input type="hidden" name="next" value="{{next}}">
    <label>User name <input type="text" name="user" value="{{userName}}" autocomplete="username" autocapitalize="none" spellcheck="false" required></label>
    <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
    </form>
    <p class="note">Checking a certificate needs no account: <a href="/verify">verify a certificate</a>.</p>
    {{/body}}{{/layout}}

    """

    static let dashboard = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Dashboard</h1>
    <div class="tiles">
    {{#tiles}}<section class="tile"><h2>{{label}}</h2><p class="big">{{total}}</p>
    <ul class="counts">{{#results}}<li class="{{tone}}">{{count}} {{result}}</li>{{/results}}</ul></section>
    {{/tiles}}
    <section class="tile {{findingsTone}}"><h2>Open findings</h2><p class="big"><a href="/console/findings">{{findings}}</a></p>
    <p class="note">{{findingsDetail}}</p></section>
    </div>
    <h2>This month by station</h2>
    {{#hasByStation}}<table><thead><tr><th>Station</th><th>Passed</th><th>Not passed</th><th>Total</th></tr></thead><tbody>
    {{#byStation}}<tr><td>{{station}}</td><td>{{passed}}</td><td class="{{#anyNotPassed}}failed{{/anyNotPassed}}">{{notPassed}}</td><td>{{total}}</td></tr>
    {{/byStation}}</tbody></table>{{/hasByStation}}
    {{^hasByStation}}<p class="note">No wipes this month.</p>{{/hasByStation}}
    {{#wipesChart}}{{>chart}}{{/wipesChart}}
    {{#tonnesChart}}{{>chart}}{{/tonnesChart}}
    <h2>Stations last seen</h2>
    {{#hasStations}}<table><thead><tr><th>Station</th><th>State</th><th>Last document received</th><th>Head witnessed</th></tr></thead><tbody>
    {{#stations}}<tr><td><a href="/console/stations#{{name}}">{{name}}</a></td><td class="{{stateTone}}">{{state}}</td><td>{{lastSeen}}</td><td>{{head}}</td></tr>
    {{/stations}}</tbody></table>{{/hasStations}}
    {{^hasStations}}<p class="note">No station is enrolled yet.</p>{{/hasStations}}
    {{/body}}{{/layout}}

    """

    static let assets = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Assets</h1>
    {{#mayImport}}<p><a href="/console/assets/import">Import the asset register (CSV)</a></p>{{/mayImport}}
    <form class="filters" method="get" action="/console/assets">
    <label>Search <input type="text" name="q" value="{{q}}" placeholder="asset ID, serial, model"></label>
    <label>Status <select name="status"><option value="">any</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}</select></label>
    <label>Customer <select name="customer"><option value="">any</option>{{#customers}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/customers}}</select></label>
    <label>Category <select name="category"><option value="">any</option>{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/categories}}</select></label>
    <label>Station <select name="station"><option value="">any</option>{{#stationOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/stationOptions}}</select></label>
    <label>Active from <input type="date" name="from" value="{{from}}"></label>
    <label>to <input type="date" name="to" value="{{to}}"></label>
    <button type="submit">Filter</button>
    </form>
    <p class="note">{{countText}}</p>
    {{#hasRows}}<table><thead><tr><th>Asset</th><th>Status</th><th>Customer</th><th>Category</th><th>Model</th><th>Devices</th><th>Certificates</th><th>Disposals</th></tr></thead><tbody>
    {{#rows}}<tr><td><a href="{{href}}">{{id}}</a>{{^inRegister}} <span class="caution">not in register</span>{{/inRegister}}</td><td class="{{tone}}">{{status}}</td><td>{{customer}}</td><td>{{category}}</td><td>{{model}}</td><td>{{devices}}</td><td>{{certificates}}</td><td>{{disposals}}</td></tr>
    {{/rows}}</tbody></table>{{/hasRows}}
    <nav class="pages">{{#previous}}<a href="{{.}}">← previous</a>{{/previous}} {{#next}}<a href="{{.}}">next →</a>{{/next}}</nav>
    {{/body}}{{/layout}}

    """

    static let asset = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Asset {{id}}</h1>
    <div class="banner {{tone}}"><strong>{{status}}</strong><p>{{statusDetail}}</p></div>
    <dl>
    {{#fields}}<dt>{{label}}</dt><dd>{{value}}</dd>
    {{/fields}}</dl>
    <h2>Lifecycle</h2>
    <ol class="timeline">{{#timeline}}<li class="{{tone}}"><span class="when">{{when}}</span> {{what}}{{#document}} · <a href="{{href}}" class="mono">{{id}}</a>{{/document}}</li>
    {{/timeline}}</ol>
    <h2>Devices (latest attempt each)</h2>
    {{#hasDevices}}<table><thead><tr><th>Device</th><th>Capacity</th><th>Latest result</th><th>Technique</th><th>Certificate</th></tr></thead><tbody>
    {{#devices}}<tr><td>{{device}}</td><td>{{capacity}}</td><td class="{{tone}}">{{result}}</td><td>{{technique}}</td><td><a class="mono" href="/verify/{{certificate}}">{{certificate}}</a></td></tr>
    {{/devices}}</tbody></table>{{/hasDevices}}
    {{^hasDevices}}<p class="note">No storage device of this asset has been wiped at a station of this depot.</p>{{/hasDevices}}
    <h2>Certificates</h2>
    {{#hasCertificates}}<table><thead><tr><th>Certificate</th><th>Ended</th><th>Result</th><th>Device</th><th>Station</th><th>PDF</th></tr></thead><tbody>
    {{#certificates}}<tr><td><a class="mono" href="/verify/{{id}}">{{id}}</a></td><td>{{ended}}</td><td class="{{tone}}">{{result}}</td><td>{{device}}</td><td>{{station}}</td><td><a href="/console/certificates/{{id}}.pdf">PDF</a></td></tr>
    {{/certificates}}</tbody></table>{{/hasCertificates}}
    {{^hasCertificates}}<p class="note">None.</p>{{/hasCertificates}}
    <h2>Disposal records</h2>
    {{#hasDisposals}}<table><thead><tr><th>Record</th><th>Disposed on</th><th>Route</th><th>Recipient</th><th>Weight</th><th>Notes</th></tr></thead><tbody>
    {{#disposals}}<tr id="{{id}}"><td class="mono">{{id}}</td><td>{{disposedOn}}</td><td>{{route}}</td><td>{{recipient}}</td><td>{{weight}}</td><td class="{{noteTone}}">{{notes}}</td></tr>
    {{/disposals}}</tbody></table>{{/hasDisposals}}
    {{^hasDisposals}}<p class="note">None.</p>{{/hasDisposals}}
    {{/body}}{{/layout}}

    """

    static let importRegister = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Import the asset register</h1>
    <p>A CSV export of the register: columns found by header name (asset ID or asset tag, serial, manufacturer, model, category, customer, weight_kg), comma, semicolon or tab separated, UTF-8. Nothing is imported unless every row is valid.</p>
    <form class="stacked" method="post" action="/console/assets/import" enctype="multipart/form-data">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label>Register (.csv, up to {{limit}}) <input type="file" name="register" accept=".csv,text/csv" required></label>
    <label class="check"><input type="checkbox" name="update" value="1"> Update assets already in the register from their rows</label>
    <label class="check"><input type="checkbox" name="create_customers" value="1"> Add customers the register does not have</label>
    <button type="submit">Import</button>
    </form>
    {{#hasProblems}}<h2>Problems (nothing was imported)</h2><ul class="checks">{{#problems}}<li class="failed"><span class="mark">✗</span>{{.}}</li>{{/problems}}</ul>{{/hasProblems}}
    {{/body}}{{/layout}}

    """

    static let stations = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Stations</h1>
    {{#token}}<div class="banner passed"><strong>Station {{station}} may now join. Its one-time token is shown only here, once:</strong>
    <p class="mono">{{text}}</p><p>On the station: expunge depot join {{depotURL}} --token {{text}}</p></div>{{/token}}
    {{#confirmRevoke}}<div class="banner caution"><strong>Revoke station {{station}}?</strong>
    <p>From now on the depot refuses its pushes and its enrollment certificate; the documents it pushed before stay, shown as from a revoked station. To use it again it must be enrolled anew.</p>
    <form method="post" action="/console/stations/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="station" value="{{station}}"><input type="hidden" name="confirm" value="yes"><button class="danger" type="submit">Revoke {{station}}</button> <a href="/console/stations">Cancel</a></form></div>{{/confirmRevoke}}
    {{#hasStations}}<table><thead><tr><th>Station</th><th>State</th><th>Documents held</th><th>Head witnessed</th><th>Continuity</th><th>Findings</th>{{#mayManage}}<th></th>{{/mayManage}}</tr></thead><tbody>
    {{#stations}}<tr id="{{name}}"><td>{{name}}<br><span class="note mono">{{fingerprint}}</span></td><td class="{{stateTone}}">{{state}}<br><span class="note">{{since}}</span></td><td>{{documents}}<br><span class="note">{{lastSeen}}</span></td><td>{{head}}</td><td class="{{continuityTone}}">{{continuity}}</td><td>{{#hasFindings}}<a class="failed" href="/console/findings?station={{name}}">{{findings}}</a>{{/hasFindings}}{{^hasFindings}}none{{/hasFindings}}</td>
    {{#mayManage}}<td>{{#revocable}}<form method="post" action="/console/stations/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="station" value="{{name}}"><button class="danger" type="submit">Revoke…</button></form>{{/revocable}}</td>{{/mayManage}}</tr>
    {{/stations}}</tbody></table>{{/hasStations}}
    {{^hasStations}}<p class="note">No station is enrolled yet.</p>{{/hasStations}}
    {{#mayManage}}<h2>Enroll a station</h2>
    <form method="post" action="/console/stations/enroll"><input type="hidden" name="csrf" value="{{csrf}}">
    <input type="text" name="station" placeholder="STATION-NAME" aria-label="Station name" autocomplete="off" spellcheck="false" required><button type="submit">Make a one-time token</button></form>{{/mayManage}}
    {{/body}}{{/layout}}

    """

    static let findings = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Findings</h1>
    <form class="filters" method="get" action="/console/findings">
    <label>From <input type="date" name="from" value="{{from}}"></label>
    <label>to <input type="date" name="to" value="{{to}}"></label>
    <label>Customer <select name="customer"><option value="">any</option>{{#customers}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/customers}}</select></label>
    <label>Station <select name="station"><option value="">any</option>{{#stationOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/stationOptions}}</select></label>
    <button type="submit">Show</button>
    </form>
    <h2>Stations' chains ({{chainCount}})</h2>
    <p class="note">What the depot witnessed: forked chains, deleted tails, rewritten ledgers, broken links, and documents missing from a chain.</p>
    {{#hasChain}}<ul class="checks">{{#chain}}<li class="{{tone}}"><span class="mark">!</span><strong>{{kind}}</strong> · {{station}} · {{when}}<br>{{detail}}{{#documents}} · <a class="mono" href="{{href}}">{{id}}</a>{{/documents}}</li>
    {{/chain}}</ul>{{/hasChain}}
    {{^hasChain}}<p>None.</p>{{/hasChain}}
    <h2>Records ({{exceptionCount}})</h2>
    <p class="note">From the documents of the period: releases on an override, media destroyed without a certificate, double or corrected disposals, assets not in the register, devices whose latest attempt did not pass, register assets idle for {{idleDays}} days.</p>
    {{#hasExceptions}}<ul class="checks">{{#exceptions}}<li class="caution"><span class="mark">!</span><strong>{{kind}}</strong>{{#asset}} · <a href="{{assetHref}}">{{.}}</a>{{/asset}} · {{date}}<br>{{detail}}{{#documents}} · <a class="mono" href="{{href}}">{{id}}</a>{{/documents}}<br><span class="note">What to do: {{action}}</span></li>
    {{/exceptions}}</ul>{{/hasExceptions}}
    {{^hasExceptions}}<p>None.</p>{{/hasExceptions}}
    {{/body}}{{/layout}}

    """

    static let reports = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Reports</h1>
    <p class="note">Each download is the file <code>expunge-depot report</code> writes for the same options, and is recorded in the audit log.</p>
    {{#forms}}
    <h2>{{title}}</h2>
    <p>{{about}}</p>
    {{#unavailable}}<p class="caution">{{.}}</p>{{/unavailable}}
    <form class="filters" method="get" action="{{action}}">
    <label>From <input type="date" name="from" value="{{from}}"></label>
    <label>to <input type="date" name="to" value="{{to}}"></label>
    <label>Customer <select name="customer"><option value="">any</option>{{#customers}}<option value="{{value}}">{{label}}</option>{{/customers}}</select></label>
    {{#byStation}}<label>Station <select name="station"><option value="">any</option>{{#stationOptions}}<option value="{{value}}">{{value}}</option>{{/stationOptions}}</select></label>{{/byStation}}
    {{#formats}}<label>Format <select name="format">{{#options}}<option value="{{.}}">{{.}}</option>{{/options}}</select></label>{{/formats}}
    <button type="submit">Download</button>
    </form>
    {{/forms}}
    {{/body}}{{/layout}}

    """

    static let audit = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Audit log</h1>
    <p class="note">The newest {{limit}} entries: sign-ins (and refusals), sign-outs, downloads, register imports, enrollments and revocations.</p>
    <table><thead><tr><th>When</th><th>User</th><th>Address</th><th>Event</th><th>Detail</th></tr></thead><tbody>
    {{#entries}}<tr><td>{{at}}</td><td>{{user}}</td><td class="mono">{{address}}</td><td class="{{tone}}">{{event}}</td><td>{{detail}}</td></tr>
    {{/entries}}</tbody></table>
    {{/body}}{{/layout}}

    """

    static let message = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>{{heading}}</h1>
    {{/body}}{{/layout}}

    """

    static let all: [(String, String)] = [
        ("chart", chart), ("signin", signIn), ("dashboard", dashboard), ("assets", assets), ("asset", asset),
        ("import", importRegister), ("stations", stations), ("findings", findings), ("reports", reports), ("audit", audit), ("message", message),
    ]
}
