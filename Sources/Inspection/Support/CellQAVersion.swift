/// The cellqa release, written into every record so a result can be traced to
/// the code that produced it.
public enum CellQAVersion {
    public static let string = "0.1.0"
}
