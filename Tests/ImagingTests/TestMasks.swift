import Imaging

/// A mask from rows of "1"/"0" (or "#"/"."), for hand-worked cases.
func mask(_ rows: [String]) -> Mask {
    let width = rows.first?.count ?? 0
    let pixels = rows.flatMap { row in row.map { $0 == "1" || $0 == "#" } }
    return Mask(width: width, height: rows.count, pixels: pixels)
}

/// The mask as rows of "1"/"0", so expectations read like the hand-worked arrays.
func rows(_ m: Mask) -> [String] {
    (0..<m.height).map { r in String((0..<m.width).map { m[r, $0] ? "1" : "0" }) }
}
