extension EmbeddedDefaults {
    /// The embedded tolerance tables, parsed and checked like files (errors name
    /// them `embedded:<file>`), keyed by format.
    public static func tables() throws(ConfigErrors) -> [String: ToleranceTable] {
        var tables: [String: ToleranceTable] = [:]
        for (name, text) in tolerances.sorted(by: { $0.key < $1.key }) {
            let table = try ToleranceTableLoader.load(text: text, name: "embedded:\(name)")
            tables[table.format] = table
        }
        return tables
    }
}
