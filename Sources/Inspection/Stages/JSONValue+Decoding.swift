import Foundation

extension JSONValue {
    /// Decodes the value as a typed analysis result: how a stage reads what an
    /// earlier stage measured (e.g. the overhang stage reads the can's axis).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }
}
