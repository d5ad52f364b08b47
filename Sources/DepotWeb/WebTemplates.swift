import Mustache

/// The depot's pages as Mustache templates, compiled into the binary: one layout (a parent
/// template every page fills, the console's pages too) and one template per page. `{{name}}` is HTML-escaped
/// (`HTMLEscaping`, named by each template's CONTENT_TYPE pragma); the templates use no triple
/// mustaches, so no value is ever inserted as markup.
enum WebTemplates {
    /// The one layout every page fills: the header (the depot's name, and for a signed-in user
    /// the navigation their role may use and a sign-out form carrying the session's CSRF token),
    /// a notice or an alert, the page's body, the footer.
    static let layout = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>{{title}} · Expunge depot</title>
    <link rel="stylesheet" href="/static/expunge.css">
    </head>
    <body{{#console}} class="console"{{/console}}>
    <header>
    <a href="{{home}}">{{homeLabel}}</a>
    {{#signedIn}}
    <nav>{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
    <form class="signout" method="post" action="/signout"><input type="hidden" name="csrf" value="{{csrf}}"><span>{{user}} · {{role}}</span><button type="submit">Sign out</button></form>
    {{/signedIn}}
    </header>
    <main>
    {{#notice}}<div class="banner passed"><strong>{{.}}</strong></div>{{/notice}}
    {{#alert}}<div class="banner failed"><strong>{{message}}</strong>{{#remedy}}<p>{{.}}</p>{{/remedy}}</div>{{/alert}}
    {{$body}}{{/body}}
    </main>
    <footer>{{footer}}</footer>
    </body>
    </html>

    """

    /// What the layout shows when a page does not say otherwise: the public verification pages'.
    static let publicFrame: [String: String] = [
        "home": "/verify", "homeLabel": "Expunge depot · certificate verification",
        "footer": "Expunge depot. This page is read from the signed documents the depot holds; the signed file is the evidence.",
    ]

    static let verify = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>{{heading}}</h1>
    <div class="banner {{verdictTone}}"><strong>{{verdictHeadline}}</strong><p>{{verdictDetail}}</p></div>
    {{#hasChecks}}
    <h2>Checks</h2>
    <ul class="checks">
    {{#checks}}<li class="{{tone}}"><span class="mark">{{mark}}</span><strong>{{name}}</strong>: {{detail}}</li>
    {{/checks}}</ul>
    {{/hasChecks}}
    {{#result}}
    <h2>What the certificate says</h2>
    <div class="banner {{tone}}"><strong>{{headline}}</strong>{{#detail}}<p>{{.}}</p>{{/detail}}</div>
    {{/result}}
    {{#sections}}
    <h2>{{title}}</h2>
    <dl>
    {{#fields}}<dt>{{label}}</dt><dd class="{{tone}}{{#mono}} mono{{/mono}}">{{value}}</dd>
    {{/fields}}</dl>
    {{/sections}}
    {{#hasDisposals}}
    <h2>Disposal of the asset</h2>
    {{#disposals}}<dl>
    <dt>Record</dt><dd class="mono">{{id}}</dd>
    <dt>Route</dt><dd>{{route}} ({{wasteStatus}})</dd>
    <dt>Recipient</dt><dd>{{recipient}}</dd>
    <dt>Disposed on</dt><dd>{{disposedOn}}</dd>
    {{#destroyed}}<dt>Media destroyed</dt><dd>{{.}}</dd>{{/destroyed}}
    {{#override}}<dt>Released on override</dt><dd class="caution">{{.}}</dd>{{/override}}
    </dl>{{/disposals}}
    {{/hasDisposals}}
    {{#signed}}
    <h2>The signed record</h2>
    <dl>
    <dt>SHA-256</dt><dd class="mono">{{sha256}}</dd>
    <dt>Signed by</dt><dd>{{signer}}</dd>
    <dt>Signer certificate SHA-256</dt><dd class="mono">{{fingerprint}}</dd>
    <dt>Received by the depot</dt><dd>{{receivedAt}}</dd>
    </dl>
    {{/signed}}
    <h2>Check it yourself</h2>
    <p class="note">{{offline}}</p>
    {{/body}}{{/layout}}

    """

    static let lookup = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>Verify a certificate</h1>
    {{#problem}}<div class="banner failed"><strong>{{.}}</strong></div>{{/problem}}
    <p>Scan the QR code on the certificate or label, or type its certificate ID (for example BENCH-1-000042).</p>
    <form method="get" action="/verify">
    <input type="text" name="id" value="{{id}}" aria-label="Certificate ID" autocomplete="off" spellcheck="false">
    <input type="text" name="sha256" value="{{sha256}}" aria-label="SHA-256 of your copy (optional)" placeholder="SHA-256 of your copy (optional)" autocomplete="off" spellcheck="false">
    <button type="submit">Verify</button>
    </form>
    <h2>Or upload the signed files</h2>
    <form class="upload" method="post" action="/verify" enctype="multipart/form-data">
    <label>Certificate (.json) <input type="file" name="document" accept=".json,application/json"></label>
    <label>Signature (.p7s) <input type="file" name="signature" accept=".p7s"></label>
    <button type="submit">Check the files</button>
    </form>
    <h2>Or upload an evidence pack</h2>
    <form class="upload" method="post" action="/verify" enctype="multipart/form-data">
    <label>Evidence pack (.zip, up to {{packLimit}}) <input type="file" name="pack" accept=".zip,application/zip"></label>
    <button type="submit">Check the pack</button>
    </form>
    <p class="note">Nothing you enter or upload is stored. A certificate can also be checked without this depot: see the instructions printed at its foot.</p>
    {{/body}}{{/layout}}

    """

    static let pack = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>{{heading}}</h1>
    <div class="banner {{verdictTone}}"><strong>{{verdictHeadline}}</strong><p>{{verdictDetail}}</p></div>
    <h2>Checks</h2>
    <ul class="checks">
    {{#checks}}<li class="{{tone}}"><span class="mark">{{mark}}</span><strong>{{name}}</strong>: {{detail}}</li>
    {{/checks}}</ul>
    <h2>Documents ({{documentCount}})</h2>
    <ul class="checks">
    {{#documents}}<li class="{{tone}}"><span class="mark">{{mark}}</span><strong class="mono">{{id}}</strong> {{kind}}{{#result}} · {{.}}{{/result}} · {{station}}{{#problems}}<br>{{.}}{{/problems}}</li>
    {{/documents}}</ul>
    {{#hasFindings}}
    <h2>Audit findings</h2>
    <ul class="checks">{{#findings}}<li class="caution"><span class="mark">!</span>{{.}}</li>{{/findings}}</ul>
    {{/hasFindings}}
    <h2>Check it yourself</h2>
    <p class="note">{{offline}}</p>
    {{/body}}{{/layout}}

    """

    static let problem = """
    {{% CONTENT_TYPE: EXPUNGE_HTML}}
    {{<layout}}{{$body}}
    <h1>{{heading}}</h1>
    <div class="banner {{tone}}"><strong>{{message}}</strong><p>{{remedy}}</p></div>
    {{/body}}{{/layout}}

    """

    /// The compiled templates (a template that does not parse is a programming error caught by
    /// every test that renders a page).
    static let library: MustacheLibrary = {
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        var library = MustacheLibrary()
        for (name, text) in [("layout", layout), ("verify", verify), ("lookup", lookup), ("pack", pack), ("problem", problem)] + ConsoleTemplates.all {
            do { try library.register(text, named: name) } catch { fatalError("template \(name) does not parse: \(error)") }
        }
        return library
    }()

    static func render(_ context: [String: Any], _ template: String) -> String {
        let context = context.merging(publicFrame.mapValues { $0 as Any }) { page, _ in page }
        guard let html = library.render(context, withTemplate: template) else { fatalError("no template \(template)") }
        return html
    }
}
