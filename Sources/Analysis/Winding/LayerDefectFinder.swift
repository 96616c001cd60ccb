/// Finds layers that are not one clean turn (see `LayerDefect.Kind`).
///
/// Rules, in pixels, relative to what the rays show of the mask
/// (`RadialLayerStructure`: pitch p and layer thickness t read along rays, not
/// from the labels, so a labelling that merged most of the roll into one
/// component cannot set its own yardstick), hence at any resolution. Both
/// "broken" rules look for two turns at one angle, never for a steep layer, so a
/// real buckle's flank is not taken for a broken label:
/// - fragment: fewer than `fragmentMaxPixels` pixels;
/// - merged turns: a chunk whose radial extent at one angle (`WindingChunk.spread`,
///   detrended along the chunk) exceeds t + p/2: a separate layer starts p
///   further out, so a chunk holding two is ≥ p + t − 1;
/// - radius jump: consecutive chunk mean radii differ by more than p/2 *and* the
///   layer does not come back: the median radius of the chunks after the jump,
///   less the spiral's climb (median layer slope), differs by more than p/2 from
///   that of the chunks before it (a turn continuing into the next one; a bump
///   returns to where it started);
/// - split turn: two fitted layers whose lines, evaluated at the angle midway
///   between their angular centres, are closer than p/2 (same turn, two labels).
enum LayerDefectFinder {
    static func defects(in layers: [WindingLayer], structure: RadialLayerStructure, options: WindingOptions) -> [LayerDefect] {
        var found: [LayerDefect] = []
        let slopes = layers.compactMap(\.slope)
        let climb = slopes.isEmpty ? 0 : median(slopes)
        for layer in layers {
            if layer.pixelCount < options.fragmentMaxPixels {
                found.append(LayerDefect(
                    layer: layer.index, kind: .fragment, angle: nil,
                    detail: "\(layer.pixelCount) px < \(options.fragmentMaxPixels) px, "
                        + "angles \(format(layer.angleMin))–\(format(layer.angleMax))°, radius \(format(layer.meanRadius)) px"))
                continue
            }
            guard let pitch = structure.pitchPx, let thickness = structure.thicknessPx, layer.chunks.count >= 2 else { continue }
            let limit = thickness + pitch / 2
            if let thick = layer.chunks.max(by: { $0.spread < $1.spread }), thick.spread > limit {
                found.append(LayerDefect(
                    layer: layer.index, kind: .mergedTurns, angle: thick.meanAngle,
                    detail: "chunk spans \(format(thick.spread)) px at one angle > \(format(limit)) px "
                        + "(layer \(format(thickness)) + pitch/2 \(format(pitch / 2)), along rays)"))
            }
            var biggest = (jump: 0.0, angle: 0.0, at: 0)
            for (i, (a, b)) in zip(layer.chunks, layer.chunks.dropFirst()).enumerated()
            where abs(b.meanRadius - a.meanRadius) > biggest.jump {
                biggest = (abs(b.meanRadius - a.meanRadius), (a.meanAngle + b.meanAngle) / 2, i + 1)
            }
            if biggest.jump > pitch / 2 {
                let level = { (chunks: ArraySlice<WindingChunk>) in
                    median(chunks.map { $0.meanRadius - climb * $0.meanAngle })
                }
                let step = abs(level(layer.chunks[biggest.at...]) - level(layer.chunks[..<biggest.at]))
                if step > pitch / 2 {
                    found.append(LayerDefect(
                        layer: layer.index, kind: .radiusJump, angle: biggest.angle,
                        detail: "chunk radius jumps \(format(biggest.jump)) px and stays \(format(step)) px off "
                            + "> pitch/2 \(format(pitch / 2)) px"))
                }
            }
        }
        if let pitch = structure.pitchPx { found += splitTurns(in: layers, pitchPx: pitch) }
        return found
    }

    static func splitTurns(in layers: [WindingLayer], pitchPx pitch: Double) -> [LayerDefect] {
        let fitted = layers.filter(\.isFitted)
        var found: [LayerDefect] = []
        for (i, a) in fitted.enumerated() {
            for b in fitted[(i + 1)...] {
                let theta = ((a.angleMin + a.angleMax) / 2 + (b.angleMin + b.angleMax) / 2) / 2
                let gap = abs((a.intercept! + a.slope! * theta) - (b.intercept! + b.slope! * theta))
                guard gap < pitch / 2 else { continue }
                for (layer, other) in [(a, b), (b, a)] {
                    found.append(LayerDefect(
                        layer: layer.index, kind: .splitTurn, angle: theta,
                        detail: "same turn as layer \(other.index): lines \(format(gap)) px apart at \(format(theta))° "
                            + "< pitch/2 \(format(pitch / 2)) px"))
                }
            }
        }
        return found
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    static func format(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return String(r)
    }
}
