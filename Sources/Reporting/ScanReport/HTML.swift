/// Escaping for text and attribute values. Every report is also well-formed XML
/// (XHTML syntax: closed tags, quoted attributes, no bare `&` or `<`), so it can
/// be checked by an XML parser.
public enum HTML {
    /// One self-contained XHTML page: inline style sheet, no external fetches;
    /// `title` is escaped here, `body` is markup already.
    static func page(title: String, body: [String]) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(escape(title))</title>
        <style>
        \(styleSheet)
        </style>
        </head>
        <body>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in element content and in quoted
    /// attributes. Public for the dashboard, which writes its pages from the same values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Shared style sheet: plain CSS, no external fonts or images.
    static let styleSheet = """
    body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 24px; color: #1c1c1c; max-width: 1180px; }
    h1 { margin: 0 0 4px 0; font-size: 26px; }
    h2 { margin-top: 28px; font-size: 19px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    .verdict { display: inline-block; padding: 10px 22px; border-radius: 6px; font-size: 30px; font-weight: 700; color: white; letter-spacing: 1px; }
    .PASS { background: #1b7f3b; } .FAIL { background: #c62828; } .INVALID { background: #b26a00; } .ERROR { background: #5e35b1; }
    .pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: white; }
    .head { display: flex; gap: 24px; align-items: center; }
    .meta { color: #555; font-size: 14px; }
    .reasons li { font-size: 16px; margin: 4px 0; }
    table { border-collapse: collapse; margin-top: 8px; font-size: 14px; }
    th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: left; }
    th { background: #f4f4f4; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.fail td { background: #fdecea; } tr.near td { background: #fff6e0; }
    .figures { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
    figure { margin: 0; border: 1px solid #ddd; padding: 8px; max-width: 560px; }
    figure img { max-width: 540px; max-height: 540px; min-width: 240px; height: auto; display: block; image-rendering: pixelated; }
    figcaption { font-size: 13px; color: #444; margin-top: 4px; }
    .small { font-size: 12px; color: #666; }
    code { font-size: 12px; }
    """
}
