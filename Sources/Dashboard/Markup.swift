import Foundation
import Inspection
import Reporting

/// Markup helpers for the dashboard's pages: one self-contained page per
/// response (inline style, inline SVG, no scripts, fonts or other fetches: the
/// line's PCs are often offline). Everything that comes from the database or
/// the request goes through `escape`.
enum Markup {
    static func escape(_ text: String) -> String { HTML.escape(text) }

    /// A query-string or path component, percent-encoded (then escaped where it goes into an attribute).
    static func urlComponent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `refreshSeconds`: the Now page reloads itself, the others do not.
    static func page(title: String, refreshSeconds: Int? = nil, body: [String]) -> String {
        let refresh = refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\"/>\n" } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        \(refresh)<title>\(escape(title))</title>
        <style>
        \(styleSheet)
        </style>
        </head>
        <body>
        <nav><a href="/">Now</a> · <a href="/fails">Fail list</a></nav>
        <h1>\(escape(title))</h1>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(escape(href))\">\(escape(text))</a>"
    }

    static func scanLink(_ scanID: String) -> String { link("/scan/\(urlComponent(scanID))", scanID) }

    static func metricLink(_ metric: String, format: String, text: String? = nil) -> String {
        link("/metric/\(urlComponent(metric))?format=\(urlComponent(format))", text ?? metric)
    }

    static func verdict(_ verdict: String) -> String {
        "<span class=\"pill \(escape(verdict))\">\(escape(verdict))</span>"
    }

    /// A table: headers escaped, cells already markup.
    static func table(headers: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
        var out = "<table><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, cell in numeric.contains(i) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>" }.joined() + "</tr>"
        }
        return out + "</table>"
    }

    static func number(_ x: Double?) -> String { x.map { escape(Formatting.number($0)) } ?? "—" }

    static func percent(_ x: Double?) -> String { x.map { String(format: "%.1f %%", $0 * 100) } ?? "—" }

    static func timestamp(_ date: Date) -> String { escape(InspectionRecord.timestamp(date)) }

    static let styleSheet = """
    body { font-family: system-ui, sans-serif; margin: 20px; color: #1c1c1c; max-width: 1200px; }
    nav { font-size: 14px; margin-bottom: 8px; }
    h1 { font-size: 24px; margin: 4px 0 12px 0; } h2 { font-size: 18px; margin-top: 24px; border-bottom: 1px solid #ddd; }
    table { border-collapse: collapse; font-size: 14px; margin-top: 6px; }
    th, td { border: 1px solid #ddd; padding: 3px 9px; text-align: left; } th { background: #f4f4f4; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: white; }
    .PASS { background: #1b7f3b; } .FAIL { background: #c62828; } .INVALID { background: #b26a00; } .ERROR { background: #5e35b1; }
    .counts { display: flex; gap: 14px; } .counts div { border: 1px solid #ddd; padding: 8px 16px; font-size: 14px; }
    .counts b { display: block; font-size: 28px; }
    .alarm { background: #fdecea; border: 1px solid #c62828; padding: 6px 10px; margin: 6px 0; }
    .small { font-size: 12px; color: #666; }
    svg { border: 1px solid #ddd; background: white; }
    """
}
