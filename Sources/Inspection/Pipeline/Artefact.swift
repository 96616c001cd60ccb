import Foundation

/// An image a stage wants kept with the record: an overlay (PNG) or a plot (SVG).
/// The results folder writes it as `<name>`; the HTML report inlines it.
public struct Artefact: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case png(Data)
        case svg(String)
    }

    /// File name, e.g. `can_overlay.png`; must end in `.png` or `.svg` to match `content`.
    public var name: String
    public var caption: String
    public var content: Content

    public init(name: String, caption: String, content: Content) {
        self.name = name
        self.caption = caption
        self.content = content
    }

    public var mediaType: String {
        switch content {
        case .png: return "image/png"
        case .svg: return "image/svg+xml"
        }
    }

    public var data: Data {
        switch content {
        case .png(let data): return data
        case .svg(let text): return Data(text.utf8)
        }
    }
}

/// The record's reference to an artefact (the bytes live in the results folder).
public struct ArtefactReference: Sendable, Codable, Equatable {
    public var name: String
    public var caption: String
    public var stage: String
    public var mediaType: String

    public init(name: String, caption: String, stage: String, mediaType: String) {
        self.name = name
        self.caption = caption
        self.stage = stage
        self.mediaType = mediaType
    }

    enum CodingKeys: String, CodingKey { case name, caption, stage, mediaType = "media_type" }
}
