/// Finds layers that are not one clean turn (see `LayerDefect.Kind`).
///
/// Rules, in pixels, relative to what the rays show of the mask
/// (`RadialLayerStructure`: pitch p and layer thickness t read along rays, not
/// from the labels, so a labelling that merged most of the roll into one
/// component cannot set its own yardstick), hence at any resolution:
/// - fragment: fewer than `fragmentMaxPixels` pixels;
/// - merged turns: a chunk radially thicker than one layer over the chunk's arc
///   can be, t + p·Δθ/360 (the spiral climbs p per turn; Δθ the layer's angular
///   span per chunk), by more than p/2: two layers at one angle inside one label
///   (a separate layer starts p further out, so a merged chunk is ≥ p + t − 1);
/// - radius jump: consecutive chunk mean radii differ by more than p/2;
/// - split turn: two fitted layers whose lines, evaluated at the angle midway
///   between their angular centres, are closer than p/2 (same turn, two labels).
enum LayerDefectFinder {
    static func defects(in layers: [WindingLayer], structure: RadialLayerStructure, options: WindingOptions) -> [LayerDefect] {
        var found: [LayerDefect] = []
        for layer in layers {
            if layer.pixelCount < options.fragmentMaxPixels {
                found.append(LayerDefect(
                    layer: layer.index, kind: .fragment, angle: nil,
                    detail: "\(layer.pixelCount) px < \(options.fragmentMaxPixels) px, "
                        + "angles \(format(layer.angleMin))–\(format(layer.angleMax))°, radius \(format(layer.meanRadius)) px"))
                continue
            }
            guard let pitch = structure.pitchPx, let thickness = structure.thicknessPx, layer.chunks.count >= 2 else { continue }
            let climb = pitch * (layer.angleMax - layer.angleMin) / 360 / Double(layer.chunks.count)
            let limit = thickness + climb + pitch / 2
            if let thick = layer.chunks.max(by: { $0.thickness < $1.thickness }), thick.thickness > limit {
                found.append(LayerDefect(
                    layer: layer.index, kind: .mergedTurns, angle: thick.meanAngle,
                    detail: "chunk thickness \(format(thick.thickness)) px > \(format(limit)) px "
                        + "(layer \(format(thickness)) + climb \(format(climb)) + pitch/2 \(format(pitch / 2)), along rays)"))
            }
            var biggest = (jump: 0.0, angle: 0.0)
            for (a, b) in zip(layer.chunks, layer.chunks.dropFirst()) where abs(b.meanRadius - a.meanRadius) > biggest.jump {
                biggest = (abs(b.meanRadius - a.meanRadius), (a.meanAngle + b.meanAngle) / 2)
            }
            if biggest.jump > pitch / 2 {
                found.append(LayerDefect(
                    layer: layer.index, kind: .radiusJump, angle: biggest.angle,
                    detail: "chunk radius jumps \(format(biggest.jump)) px > pitch/2 \(format(pitch / 2)) px"))
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
